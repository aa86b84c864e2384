//! Typing of lists: displays, subscripts, operators, methods and the builtins that take or make
//! lists.
//!
//! A list display read only as an argument of an intrinsic (`numpy.array([[1, 2], [3, 4]])`,
//! `numpy.zeros([2, 3])`), directly or inside such a display, is typed as a tuple: the
//! intrinsic reads it as a fixed sequence and nothing else can see it. Any other display is a
//! new `list` object.
//!
//! Lists are homogeneous and invariant: every element has exactly the list's element type (no
//! silent int → float conversion, which would change what the caller sees). An empty display
//! `[]` takes its element type from the variable it is stored in, which the first `append`,
//! `insert` or `extend` on that variable sets.

use super::Inference;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{Intrinsic as I, Module};
use crate::ir::{BinOp, InstKind, ValueId};
use crate::types::{components, unify, Callable, Dtype, Layout, Type};
use crate::{Environment, Program};

/// Most 8-byte slots an element may take (the runtime's schema has room for 16).
const MAX_SLOTS: usize = 16;

/// Can `t` be the element type of a list?
/// Does an element type hold `jitclass` instances (compared by identity, never ordered)?
pub(crate) fn holds_instance(t: &Type) -> bool {
    match t {
        Type::Instance(_) => true,
        Type::Tuple(items) => items.iter().any(holds_instance),
        Type::Optional(t) => holds_instance(t),
        _ => false,
    }
}

/// Does an element type hold arrays (kept by reference, never compared or ordered: NumPy's
/// `==` is element-wise)?
pub(crate) fn holds_array(t: &Type) -> bool {
    match t {
        Type::Array { .. } => true,
        Type::Tuple(items) => items.iter().any(holds_array),
        Type::List(e) => holds_array(e),
        _ => false,
    }
}

/// The hint for a list element of type `b` where the list holds `a`.
fn homogeneous_hint(a: &Type, b: &Type) -> &'static str {
    match (a, b) {
        (Type::Array { .. }, Type::Array { .. }) => {
            "oxjit lists are homogeneous: the arrays need one dtype, number of dimensions and \
             layout; `.copy()` makes a C-contiguous array"
        }
        _ => "oxjit lists are homogeneous; convert with float(...) or int(...)",
    }
}

/// The error for comparing or ordering elements that hold arrays.
fn array_order_error(what: &str, t: &Type, span: Span) -> CompileError {
    CompileError::unsupported(
        format!("{what} a list of `{t}` is not supported (arrays are compared element-wise)"),
        span,
    )
    .with_hint("compare the arrays yourself, e.g. with numpy.array_equal")
}

/// Ordering and arithmetic over a list's uint64 items are refused: the list's runtime compares
/// and adds its slots as int64, which would misorder values of 2**63 and more.
fn refuse_uint64_order(e: &Type, what: &str, span: Span) -> Result<()> {
    if *e == Type::Uint64 {
        return Err(CompileError::unsupported(
            format!("{what} a list of `uint64` is not supported"),
            span,
        )
        .with_hint("convert the items with int(...), or use a uint64 array"));
    }
    Ok(())
}

pub(crate) fn check_element(t: &Type, span: Span) -> Result<()> {
    let ok = match t {
        Type::Int | Type::Float | Type::Float32 | Type::Bool | Type::Str => true,
        // Held as int64 bits (compared for equality only: see `refuse_uint64_order`).
        Type::Uint64 => true,
        // `jitclass` instances: held by reference, compared by identity.
        Type::Instance(_) => true,
        Type::Tuple(items) => {
            for i in items {
                check_element(i, span)?;
            }
            !items.is_empty()
        }
        Type::List(e) => {
            if **e != Type::Unknown {
                check_element(e, span)?;
            }
            true
        }
        Type::Unknown => true,
        // Arrays: held by reference (a list of array views or copies).
        Type::Array { .. } => true,
        _ => false,
    };
    if !ok {
        return Err(CompileError::unsupported(
            format!("a list cannot hold `{t}`"),
            span,
        ));
    }
    if components(t).len() > MAX_SLOTS {
        return Err(CompileError::unsupported(
            format!("list elements of type `{t}` are too large (at most {MAX_SLOTS} numbers)"),
            span,
        ));
    }
    Ok(())
}

fn is_list_intrinsic(t: &Type) -> bool {
    match t {
        Type::Function(Callable::Method(f)) => {
            matches!(f.module(), Module::List | Module::Dict | Module::Set)
        }
        Type::Function(Callable::Intrinsic(f)) => {
            matches!(
                f,
                I::BuiltinList
                    | I::TypedList
                    | I::BuiltinSum
                    | I::BuiltinMin
                    | I::BuiltinMax
                    | I::BuiltinAny
                    | I::BuiltinAll
                    | I::BuiltinSorted
                    | I::BuiltinSet
                    | I::BuiltinDict
            )
        }
        _ => false,
    }
}

/// Does `t` hold a list whose element type was never found?
pub(crate) fn unknown_elements(t: &Type) -> bool {
    match t {
        Type::List(e) => **e == Type::Unknown || unknown_elements(e),
        Type::Tuple(items) => items.iter().any(unknown_elements),
        _ => false,
    }
}

/// The common type of `a` and `b` where they differ only by unknown parts (an empty list's
/// element type, an empty dict's key and value types) at any depth: containers are invariant,
/// so nothing else is converted. `None` when they differ otherwise.
pub(crate) fn fill(a: &Type, b: &Type) -> Option<Type> {
    let boxed = |x: &Type, y: &Type| fill(x, y).map(Box::new);
    Some(match (a, b) {
        _ if a == b => a.clone(),
        (Type::Unknown, t) | (t, Type::Unknown) => t.clone(),
        (Type::List(x), Type::List(y)) => Type::List(boxed(x, y)?),
        (Type::Set(x), Type::Set(y)) => Type::Set(boxed(x, y)?),
        (Type::Dict(k1, v1), Type::Dict(k2, v2)) => Type::Dict(boxed(k1, k2)?, boxed(v1, v2)?),
        (Type::Tuple(xs), Type::Tuple(ys)) if xs.len() == ys.len() => Type::Tuple(
            xs.iter()
                .zip(ys)
                .map(|(x, y)| fill(x, y))
                .collect::<Option<Vec<_>>>()?,
        ),
        _ => return None,
    })
}

/// The element type of a list type.
pub(crate) fn elem(t: &Type) -> Option<&Type> {
    match t {
        Type::List(e) => Some(e),
        _ => None,
    }
}

impl Inference<'_> {
    /// Is the list display `v` only an argument of an intrinsic (so a tuple will do)? `None`
    /// while the callee's type is not known yet.
    pub(super) fn sequence_literal(&self, v: ValueId) -> Option<bool> {
        let Some(user) = self.users[v.0 as usize] else {
            return Some(false);
        };
        match &user.kind {
            InstKind::Call { func, args, kwargs } => {
                let is_arg = args.contains(&v) || kwargs.iter().any(|(_, x)| *x == v);
                match self.ty(*func) {
                    Type::Unknown => None,
                    t if is_list_intrinsic(t) => Some(false),
                    Type::Function(Callable::Intrinsic(_) | Callable::Method(_)) => Some(is_arg),
                    _ => Some(false),
                }
            }
            InstKind::List(_) => self.sequence_literal(user.result),
            _ => Some(false),
        }
    }

    /// The type of a list display that makes a new list.
    pub(super) fn list_display(
        &self,
        result: ValueId,
        items: &[ValueId],
        span: Span,
    ) -> Result<Type> {
        let ts: Vec<&Type> = items.iter().map(|v| self.ty(*v)).collect();
        if ts.contains(&&Type::Unknown) {
            return Ok(Type::Unknown);
        }
        let Some(first) = ts.first() else {
            // `[]`: the element type comes from the variable it is stored in, or the list
            // whose slice it replaces (`lst[a:b] = []`).
            match self.users[result.0 as usize].map(|i| &i.kind) {
                Some(InstKind::Store(var, _)) => {
                    if let t @ Type::List(_) = &self.var_types[var.0 as usize] {
                        return Ok(t.clone());
                    }
                }
                Some(InstKind::SetItem { value, item, .. }) if *item == result => {
                    match self.ty(*value) {
                        t @ Type::List(_) => return Ok(t.clone()),
                        // `d[k] = []`: the dict's value type.
                        Type::Dict(_, v) if matches!(**v, Type::List(_)) => {
                            return Ok((**v).clone())
                        }
                        _ => {}
                    }
                }
                // `rows.append([])`, `rows.insert(i, [])`: the rows' element type.
                Some(InstKind::Call { func, args, .. })
                    if args.last() == Some(&result)
                        && matches!(
                            self.ty(*func),
                            Type::Function(Callable::Method(I::ListAppend | I::ListInsert))
                        ) =>
                {
                    if let Some(InstKind::Attr(l, _)) = self.defs[func.0 as usize].map(|i| &i.kind)
                    {
                        if let Type::List(e) = self.ty(*l) {
                            if let t @ Type::List(_) = &**e {
                                return Ok(t.clone());
                            }
                        }
                    }
                }
                // `d.setdefault(k, [])`: the dict's value type.
                Some(InstKind::Call { func, args, .. }) if args.get(1) == Some(&result) => {
                    let setdefault = matches!(
                        self.ty(*func),
                        Type::Function(Callable::Method(I::DictSetdefault))
                    );
                    if let Some(InstKind::Attr(d, _)) = self.defs[func.0 as usize].map(|i| &i.kind)
                    {
                        if let (true, Type::Dict(_, v)) = (setdefault, self.ty(*d)) {
                            if let t @ Type::List(_) = &**v {
                                return Ok(t.clone());
                            }
                        }
                    }
                }
                _ => {}
            }
            return Ok(Type::List(Box::new(Type::Unknown)));
        };
        if let Some(t) = ts[1..].iter().find(|t| *t != first) {
            // Every distinct type, in order of appearance.
            let mut found: Vec<String> = Vec::new();
            for x in ts.iter() {
                let name = format!("`{x}`");
                if !found.contains(&name) {
                    found.push(name);
                }
            }
            let (last, rest) = found
                .split_last()
                .ok_or_else(|| CompileError::internal("infer", "a list of two types has none"))?;
            return Err(CompileError::typing(
                format!(
                    "list elements must all have one type: found {} and {last}",
                    rest.join(", ")
                ),
                span,
            )
            .with_hint(homogeneous_hint(first, t)));
        }
        check_element(first, span)?;
        Ok(Type::List(Box::new((*first).clone())))
    }

    /// Record that the list in `recv` holds `elem` (an `append` to an empty display's variable).
    fn refine(&mut self, recv: ValueId, list: &Type, item: &Type, span: Span) -> Result<Type> {
        let e = elem(list).cloned().unwrap_or(Type::Unknown);
        // (an empty list `lst.append([])` becomes the element type on the next pass)
        if e == *item || fill(&e, item).as_ref() == Some(&e) {
            return Ok(e);
        }
        if e != Type::Unknown {
            return Err(
                CompileError::typing(format!("cannot put `{item}` in `{list}`"), span)
                    .with_hint(homogeneous_hint(&e, item)),
            );
        }
        check_element(item, span)?;
        let refined = Type::List(Box::new(item.clone()));
        self.refine_source(recv, &refined);
        Ok(item.clone())
    }

    /// The empty list `v` holds what `t` says (an `append` told): record it where `v` comes
    /// from, a variable (`x.append(1)`), a dict's values (`d.setdefault(k, []).append(1)`,
    /// `d[k].append(1)`) or a list's elements (`rows[i].append(1)`), recursively.
    pub(super) fn refine_source(&mut self, v: ValueId, t: &Type) {
        let Some(kind) = self.defs[v.0 as usize].map(|i| i.kind.clone()) else {
            return;
        };
        let (outer, t) = match kind {
            InstKind::Load(var) => {
                let cur = &self.var_types[var.0 as usize];
                if let Some(u) = fill(cur, t) {
                    if u != *cur {
                        self.var_types[var.0 as usize] = u;
                        self.changed = true;
                    }
                }
                return;
            }
            InstKind::GetItem { value, .. } => match self.ty(value) {
                Type::Dict(k, _) => (value, Type::Dict(k.clone(), Box::new(t.clone()))),
                Type::List(_) => (value, Type::List(Box::new(t.clone()))),
                _ => return,
            },
            InstKind::Call { func, .. } => {
                let setdefault = matches!(
                    self.ty(func),
                    Type::Function(Callable::Method(I::DictSetdefault))
                );
                match self.defs[func.0 as usize].map(|i| &i.kind) {
                    Some(InstKind::Attr(d, _)) if setdefault => match self.ty(*d) {
                        Type::Dict(k, _) => (*d, Type::Dict(k.clone(), Box::new(t.clone()))),
                        _ => return,
                    },
                    _ => return,
                }
            }
            _ => return,
        };
        self.refine_source(outer, &t);
    }

    /// `y = x` where `x` holds an empty list, dict or set and `y`'s later stores (`append`,
    /// `d[k] = v`) told its types: `x` is the same object, so it has them too.
    pub(super) fn refine_alias(&mut self, v: ValueId, stored: &Type, var_type: &Type) {
        if stored == var_type
            || !(unknown_elements(stored) || super::dicts::unknown_entries(stored))
        {
            return;
        }
        let Some(InstKind::Load(src)) = self.defs[v.0 as usize].map(|i| &i.kind) else {
            return;
        };
        let cur = &self.var_types[src.0 as usize];
        if let Some(u) = fill(cur, var_type) {
            if u != *cur {
                self.var_types[src.0 as usize] = u;
                self.changed = true;
            }
        }
    }

    /// Is `v` a list of keys the lowering computed before the call (`key=lambda ...`, see
    /// `lower::sort_key`)? Its element type must be known (`None` while it is not).
    pub(super) fn precomputed_keys(&self, v: ValueId) -> Option<Option<Type>> {
        let Some(InstKind::Load(var)) = self.defs[v.0 as usize].map(|i| &i.kind) else {
            return None;
        };
        if !self.ir.vars[var.0 as usize].synthetic {
            return None;
        }
        match self.ty(v) {
            Type::List(k) if **k == Type::Unknown => Some(None),
            Type::List(k) => Some(Some((**k).clone())),
            Type::Unknown => Some(None),
            _ => None,
        }
    }

    /// Can keys of type `kt` be ordered by the runtime's sort (numbers, strings, flat tuples
    /// of them)?
    pub(super) fn check_key_order(kt: &Type, span: Span) -> Result<()> {
        let scalar = |t: &Type| t.is_number() || *t == Type::Str;
        let orderable = scalar(kt)
            || matches!(kt, Type::Tuple(items) if !items.is_empty() && items.iter().all(scalar));
        if !orderable || *kt == Type::Complex {
            return Err(CompileError::unsupported(
                format!(
                    "sort keys of type `{kt}` are not supported (numbers, strings or tuples of them)"
                ),
                span,
            ));
        }
        Ok(())
    }

    /// The `key=` argument `key` of a sort: `None`, keys computed by the lowering, or a jitted
    /// function of one element giving a number or a tuple of numbers (its instance is recorded
    /// for codegen). `false` while the key's result type is not known yet.
    fn sort_key(
        &mut self,
        result: ValueId,
        key: ValueId,
        elem: &Type,
        span: Span,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<bool> {
        if let Some(kt) = self.precomputed_keys(key) {
            let Some(kt) = kt else {
                return Ok(false);
            };
            Self::check_key_order(&kt, span)?;
            return Ok(true);
        }
        let key = self.ty(key).clone();
        let Type::Function(Callable::Jitted(id)) = key else {
            if key == Type::None {
                return Ok(true);
            }
            return Err(CompileError::unsupported(
                format!("`key={key}` is not supported (a lambda, an inner or a jitted function)"),
                span,
            ));
        };
        let idx = prog.instance(id, std::slice::from_ref(elem), env)?;
        let kt = prog.return_type(idx);
        if kt == Type::Unknown {
            return Ok(false);
        }
        let orderable = kt.is_number()
            || matches!(&kt, Type::Tuple(items) if !items.is_empty() && items.iter().all(Type::is_number));
        if !orderable {
            return Err(CompileError::unsupported(
                format!(
                    "sort keys of type `{kt}` are not supported (numbers or tuples of numbers)"
                ),
                span,
            ));
        }
        self.sort_keys.insert(result, (idx, kt));
        Ok(true)
    }

    /// A list method's call: not a mutation inside a `prange` body, the number of positional
    /// arguments, and only the keywords `sort` takes.
    fn check_list_call(
        &self,
        result: ValueId,
        f: I,
        nargs: usize,
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<()> {
        let name = f.name();
        if self.in_prange[result.0 as usize] && f.effects() == crate::intrinsics::Effects::Mutates {
            return Err(CompileError::unsupported(
                format!("`list.{name}` inside a `prange` loop is not supported (the iterations would race)"),
                span,
            )
            .with_hint("fill a list made before the loop by index (`lst[i] = x`), or use an array"));
        }
        crate::intrinsics::check_method_arity(f, nargs, span)?;
        for (k, _) in kwargs {
            if !(f == I::ListSort && (k == "reverse" || k == "key")) {
                return Err(CompileError::unsupported(
                    format!("keyword argument `{k}` to `list.{name}` is not supported"),
                    span,
                ));
            }
        }
        Ok(())
    }

    /// `lst.<method>(...)`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list_method(
        &mut self,
        result: ValueId,
        f: I,
        recv: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        span: Span,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        let lt = self.ty(recv).clone();
        let e = elem(&lt).cloned().unwrap_or(Type::Unknown);
        let ts: Vec<Type> = args.iter().map(|a| self.ty(*a).clone()).collect();
        let name = f.name();
        self.check_list_call(result, f, ts.len(), kwargs, span)?;
        let fills = matches!(
            f,
            I::ListAppend | I::ListInsert | I::ListExtend | I::ListReverse | I::ListClear
        );
        if e == Type::Unknown && !fills {
            // An empty list whose element type a later (or loop-carried) `append` gives: wait
            // for it (`finish` reports the list if it never comes).
            return Ok(Type::Unknown);
        }
        let int = |t: &Type, what: &str| -> Result<()> {
            match t {
                Type::Int | Type::Bool => Ok(()),
                t => Err(CompileError::typing(
                    format!("`list.{name}` {what} must be an integer, not `{t}`"),
                    span,
                )),
            }
        };
        let known = |e: &Type| -> Result<()> {
            if *e == Type::Unknown {
                Err(CompileError::typing(
                    format!("cannot call `list.{name}` on an empty list of unknown element type"),
                    span,
                )
                .with_hint("append an element first, so oxjit knows what the list holds"))
            } else {
                Ok(())
            }
        };
        let searchable = |e: &Type, x: &Type| -> Result<()> {
            known(e)?;
            if holds_array(e) {
                return Err(array_order_error(&format!("`list.{name}` in"), e, span));
            }
            if e != x {
                return Err(CompileError::typing(
                    format!("`list.{name}` of `{x}` in `{lt}`"),
                    span,
                )
                .with_hint("the value must have the list's element type"));
            }
            Ok(())
        };
        Ok(match f {
            I::ListAppend => {
                self.refine(recv, &lt, &ts[0], span)?;
                Type::None
            }
            I::ListInsert => {
                int(&ts[0], "index")?;
                self.refine(recv, &lt, &ts[1], span)?;
                Type::None
            }
            I::ListExtend => {
                match &ts[0] {
                    Type::List(x) => {
                        self.refine(recv, &lt, x, span)?;
                    }
                    t => {
                        return Err(CompileError::unsupported(
                            format!("`list.extend` of `{t}` is not supported (only another list)"),
                            span,
                        ))
                    }
                }
                Type::None
            }
            I::ListPop => {
                known(&e)?;
                if let Some(t) = ts.first() {
                    int(t, "index")?;
                }
                e
            }
            I::ListRemove => {
                searchable(&e, &ts[0])?;
                Type::None
            }
            I::ListIndex => {
                searchable(&e, &ts[0])?;
                for t in &ts[1..] {
                    int(t, "start and stop")?;
                }
                Type::Int
            }
            I::ListCount => {
                searchable(&e, &ts[0])?;
                Type::Int
            }
            I::ListSort => {
                known(&e)?;
                let keyed = kwargs.iter().any(|(k, _)| k == "key");
                if !keyed {
                    refuse_uint64_order(&e, "sorting", span)?;
                }
                if matches!(e, Type::List(_)) && !keyed {
                    return Err(CompileError::unsupported(
                        "sorting a list of lists is not supported yet",
                        span,
                    ));
                }
                if holds_array(&e) && !keyed {
                    return Err(array_order_error("sorting", &e, span)
                        .with_hint("pass `key=...` giving a number for each array"));
                }
                if holds_instance(&e) && !keyed {
                    return Err(CompileError::typing(
                        format!("cannot sort a list of `{e}`: jitclass instances have no order"),
                        span,
                    )
                    .with_hint("pass `key=f`, a jitted function of one element"));
                }
                for (k, v) in kwargs {
                    let t = self.ty(*v).clone();
                    if k == "key" {
                        if !self.sort_key(result, *v, &e, span, prog, env)? {
                            return Ok(Type::Unknown);
                        }
                        continue;
                    }
                    if !matches!(t, Type::Bool | Type::Int) {
                        return Err(CompileError::typing(
                            format!("`reverse` must be a bool, not `{t}`"),
                            span,
                        ));
                    }
                }
                Type::None
            }
            I::ListDelItem => {
                if ts[0] != Type::Slice {
                    int(&ts[0], "index")?;
                }
                Type::None
            }
            I::ListReverse | I::ListClear => Type::None,
            I::ListCopy => lt.clone(),
            other => {
                return Err(CompileError::internal(
                    "infer",
                    format!("`{}` is not a list method", other.name()),
                ))
            }
        })
    }

    /// `lst[i]` and `lst[a:b:c]`.
    pub(super) fn list_getitem(&self, list: &Type, index: &[ValueId], span: Span) -> Result<Type> {
        if index.len() != 1 {
            return Err(CompileError::typing(
                "list indices must be integers or slices, not tuple",
                span,
            ));
        }
        let e = elem(list).cloned().unwrap_or(Type::Unknown);
        match self.ty(index[0]) {
            Type::Unknown => Ok(Type::Unknown),
            Type::Int | Type::Bool => Ok(e),
            Type::Slice => Ok(list.clone()),
            t => Err(CompileError::typing(
                format!("list indices must be integers or slices, not `{t}`"),
                span,
            )),
        }
    }

    /// `lst[i] = x`.
    pub(super) fn list_setitem(
        &self,
        list: &Type,
        index: &[ValueId],
        item: &Type,
        span: Span,
    ) -> Result<()> {
        let e = elem(list).cloned().unwrap_or(Type::Unknown);
        match index.iter().map(|v| self.ty(*v)).collect::<Vec<_>>()[..] {
            [Type::Int | Type::Bool] => {}
            [Type::Slice] => {
                return match item {
                    // (an empty display takes the list's type on the next pass)
                    Type::List(x) if **x == e || **x == Type::Unknown => Ok(()),
                    Type::List(_) => Err(CompileError::typing(
                        format!("cannot assign `{item}` to a slice of `{list}`"),
                        span,
                    )
                    .with_hint("oxjit lists are homogeneous; convert with float(...) or int(...)")),
                    _ => Err(CompileError::unsupported(
                        format!("assigning `{item}` to a list slice is not supported (a list)"),
                        span,
                    )
                    .with_hint("convert it with list(...) first")),
                };
            }
            _ => return Err(CompileError::typing("list indices must be integers", span)),
        }
        if *item != e {
            return Err(CompileError::typing(
                format!("cannot assign `{item}` to an element of `{list}`"),
                span,
            )
            .with_hint("oxjit lists are homogeneous; convert with float(...) or int(...)"));
        }
        Ok(())
    }

    /// `a + b`, `a * n`, `n * a` with a list operand; `None` when no operand is a list.
    pub(super) fn list_binary(&self, op: BinOp, a: &Type, b: &Type, span: Span) -> Result<Type> {
        match (op, a, b) {
            (BinOp::Add, Type::List(_), Type::List(_)) => {
                if a == b {
                    Ok(a.clone())
                } else {
                    match unify(a, b) {
                        Some(u) => Ok(u),
                        None => Err(CompileError::typing(
                            format!("cannot concatenate `{a}` and `{b}`"),
                            span,
                        )),
                    }
                }
            }
            (BinOp::Mul, Type::List(_), Type::Int | Type::Bool) => Ok(a.clone()),
            (BinOp::Mul, Type::Int | Type::Bool, Type::List(_)) => Ok(b.clone()),
            _ => Err(CompileError::typing(
                format!("unsupported operand types for list operation: `{a}` and `{b}`"),
                span,
            )),
        }
    }

    /// `x in lst` / `lst == other`: check the operand types.
    pub(super) fn list_compare(&self, list: &Type, other: &Type, span: Span) -> Result<()> {
        let e = elem(list).cloned().unwrap_or(Type::Unknown);
        if holds_array(&e) {
            return Err(array_order_error("comparing", &e, span));
        }
        if *other != e && other != list {
            return Err(CompileError::typing(
                format!("cannot compare `{other}` with the elements of `{list}`"),
                span,
            )
            .with_hint("the value must have the list's element type"));
        }
        Ok(())
    }

    /// `sum(lst)`, `min(lst)`, `max(lst)` of a list of numbers.
    pub(super) fn list_reduce(&self, f: I, list: &Type, span: Span) -> Result<Type> {
        let e = elem(list).cloned().unwrap_or(Type::Unknown);
        refuse_uint64_order(&e, &format!("`{}` of", f.name()), span)?;
        if !e.is_number() {
            return Err(CompileError::unsupported(
                format!(
                    "`{}` of `{list}` is not supported (a list of numbers)",
                    f.name()
                ),
                span,
            ));
        }
        Ok(match (f, &e) {
            (I::BuiltinSum, Type::Int | Type::Bool) => Type::Int,
            (I::BuiltinSum, _) => Type::Float,
            _ => e,
        })
    }

    /// `sorted(lst)`, `sorted(lst, reverse=...)`: a new sorted list.
    pub(super) fn list_sorted(
        &mut self,
        result: ValueId,
        args: &[Type],
        kwargs: &[(String, ValueId)],
        span: Span,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        // A 1-D array or a tuple is sorted as the list `list(x)` would make.
        let as_list;
        let args = match args {
            [Type::Array { .. } | Type::Tuple(_)] => {
                as_list = [self.list_ctor(args, span)?];
                &as_list[..]
            }
            _ => args,
        };
        for (k, v) in kwargs {
            let t = &self.ty(*v).clone();
            if k == "key" {
                let e = match args {
                    [Type::List(e)] if **e != Type::Unknown => (**e).clone(),
                    // Not a list: the argument check below reports it.
                    _ => continue,
                };
                if !self.sort_key(result, *v, &e, span, prog, env)? {
                    return Ok(Type::Unknown);
                }
                continue;
            }
            if k != "reverse" {
                return Err(CompileError::unsupported(
                    format!("keyword argument `{k}` to `sorted` is not supported"),
                    span,
                ));
            }
            if !matches!(t, Type::Bool | Type::Int) {
                return Err(CompileError::typing(
                    format!("`reverse` must be a bool, not `{t}`"),
                    span,
                ));
            }
        }
        // With a key, the elements are only moved: any element type will do.
        let keyed = kwargs.iter().any(|(k, _)| k == "key");
        if let ([Type::List(e)], false) = (args, keyed) {
            refuse_uint64_order(e, "sorting", span)?;
        }
        match args {
            [t @ Type::List(e)]
                if **e != Type::Unknown
                    && (keyed
                        || (!matches!(**e, Type::List(_))
                            && !holds_instance(e)
                            && !holds_array(e))) =>
            {
                Ok(t.clone())
            }
            [t] => Err(CompileError::unsupported(
                format!("`sorted` of `{t}` is not supported (a list, a 1-D array or a tuple of numbers or tuples)"),
                span,
            )),
            _ => Err(CompileError::typing(
                "`sorted` takes exactly one positional argument",
                span,
            )),
        }
    }

    /// `min(lst, key=...)` / `max(lst, key=...)`: the first element with the least (greatest)
    /// key, the keys computed by the lowering. `None` while the keys' type is not known.
    pub(super) fn list_extreme_by_key(
        &self,
        f: I,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<Type> {
        let name = f.name();
        for (k, _) in kwargs {
            if k != "key" {
                return Err(CompileError::unsupported(
                    format!("keyword argument `{k}` to `{name}` with `key=` is not supported"),
                    span,
                ));
            }
        }
        let e = match args.iter().map(|a| self.ty(*a)).collect::<Vec<_>>()[..] {
            [Type::Unknown] => return Ok(Type::Unknown),
            [Type::List(e)] if **e == Type::Unknown => return Ok(Type::Unknown),
            [Type::List(e)] => (**e).clone(),
            [t] => {
                return Err(CompileError::unsupported(
                    format!("`{name}` of `{t}` with `key=` is not supported (a list)"),
                    span,
                ))
            }
            _ => {
                return Err(CompileError::unsupported(
                    format!("`{name}` with `key=` takes one list here"),
                    span,
                ))
            }
        };
        let key = kwargs
            .iter()
            .find(|(k, _)| k == "key")
            .map(|(_, v)| *v)
            .ok_or_else(|| CompileError::internal("infer", "min/max without its key"))?;
        match self.precomputed_keys(key) {
            Some(Some(kt)) => {
                Self::check_key_order(&kt, span)?;
                Ok(e)
            }
            Some(None) => Ok(Type::Unknown),
            None => Err(CompileError::internal(
                "infer",
                "min/max key not computed by the lowering",
            )),
        }
    }

    /// `list()`, `list(iterable)`.
    pub(super) fn list_ctor(&self, args: &[Type], span: Span) -> Result<Type> {
        Ok(match args {
            [] => Type::List(Box::new(Type::Unknown)),
            [t @ Type::List(_)] => t.clone(),
            [Type::Array { dtype, ndim: 1, .. }] => Type::List(Box::new(dtype.scalar())),
            [Type::Tuple(items)] if !items.is_empty() && items.iter().all(|t| *t == items[0]) => {
                check_element(&items[0], span)?;
                Type::List(Box::new(items[0].clone()))
            }
            [t] => {
                return Err(CompileError::unsupported(
                    format!("`list` of `{t}` is not supported (lists, 1-D arrays, `range(...)`)"),
                    span,
                ))
            }
            _ => {
                return Err(CompileError::typing(
                    "list expected at most 1 argument",
                    span,
                ))
            }
        })
    }

    /// `numpy.array(lst)` / `numpy.asarray(lst)` of a list of numbers.
    pub(super) fn list_to_array(
        &self,
        list: &Type,
        dtype: Option<Dtype>,
        span: Span,
    ) -> Result<Type> {
        let e = elem(list).cloned().unwrap_or(Type::Unknown);
        if e == Type::Unknown {
            // An empty list whose element type a later `append` gives: wait for it.
            return Ok(Type::Unknown);
        }
        if e == Type::Complex || dtype.is_some_and(|d| d.is_complex()) {
            return Err(CompileError::unsupported(
                "`numpy.array` of complex numbers is not supported yet",
                span,
            )
            .with_hint("fill `numpy.zeros(n, dtype=numpy.complex128)` element by element"));
        }
        let refused = || {
            CompileError::unsupported(
                format!(
                    "`numpy.array` of `{list}` is not supported yet (a list of numbers, of flat tuples of numbers or of lists of numbers)"
                ),
                span,
            )
        };
        if let Type::Tuple(items) = &e {
            // Rows of a 2-D array, NumPy's promotion across the row's types.
            let mut d: Option<Dtype> = None;
            for t in items {
                let x = Dtype::of_scalar(t).ok_or_else(refused)?;
                d = Some(d.map_or(x, |d| Dtype::promote(d, x)));
            }
            let d = d.ok_or_else(refused)?;
            return Ok(Type::array(dtype.unwrap_or(d), 2, Layout::C));
        }
        if let Type::List(inner) = &e {
            // Equal-length rows of numbers (checked when converted).
            let d = Dtype::of_scalar(inner).ok_or_else(refused)?;
            return Ok(Type::array(dtype.unwrap_or(d), 2, Layout::C));
        }
        let d = Dtype::of_scalar(&e).ok_or_else(refused)?;
        Ok(Type::array(dtype.unwrap_or(d), 1, Layout::C))
    }
}
