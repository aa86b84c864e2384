//! Typing of dicts and sets: displays, comprehensions, subscripts, `in`, operators, methods and
//! the builtins `dict`/`set`.
//!
//! Both are homogeneous and invariant, as lists are: keys of one type (a number or a flat
//! tuple of numbers), values of one type (what a list element may be, or a dict or set). An
//! empty `{}`, `dict()` or `set()` takes its types from the variable it is stored in, which the
//! first `d[k] = v`, `setdefault`, `update` or `s.add(x)` sets. Lookups (`d[k]`, `in`, `get`,
//! `pop`, `discard`, ...) also accept a bool or int key for float keys (and a bool for int
//! keys), converted as Python's equal numbers hash alike; stores need the exact key type.
//!
//! `for k in d` / `for x in s`: the loop lowering reads `len` and then `seq[i]` of its hidden
//! iteration variable; on a dict or set that read is the `i`-th entry in insertion order
//! ([`loop_read`]).

use super::Inference;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{Effects, Intrinsic as I, Module};
use crate::ir::{BinOp, CmpOp, Function, Inst, InstKind, ValueId};
use crate::types::{components, unify, Type};

/// Most 8-byte slots a key may take.
const MAX_KEY_SLOTS: usize = 16;

/// The common type of two dict or set types (only unknown parts are filled in).
pub(crate) fn unify_tables(a: &Type, b: &Type) -> Option<Type> {
    fn part(x: &Type, y: &Type) -> Option<Type> {
        match (x, y) {
            _ if x == y => Some(x.clone()),
            (Type::Unknown, t) | (t, Type::Unknown) => Some(t.clone()),
            // Lists are invariant too: only an empty list's element type is filled in.
            (Type::List(_), Type::List(_))
            | (Type::Dict(..), Type::Dict(..))
            | (Type::Set(_), Type::Set(_)) => super::lists::fill(x, y),
            _ => None,
        }
    }
    match (a, b) {
        (Type::Dict(k1, v1), Type::Dict(k2, v2)) => {
            Some(Type::Dict(Box::new(part(k1, k2)?), Box::new(part(v1, v2)?)))
        }
        (Type::Set(x), Type::Set(y)) => Some(Type::Set(Box::new(part(x, y)?))),
        _ => None,
    }
}

/// Does `t` hold a dict or set whose key or value type was never found?
pub(crate) fn unknown_entries(t: &Type) -> bool {
    match t {
        Type::Dict(k, v) => **k == Type::Unknown || **v == Type::Unknown || unknown_entries(v),
        Type::Set(k) => **k == Type::Unknown,
        Type::Tuple(items) => items.iter().any(unknown_entries),
        Type::List(e) => unknown_entries(e),
        _ => false,
    }
}

/// Is the `GetItem` of `value` the `for` loop's read of entry `i` (the value is a load of a
/// hidden iteration variable, never a user subscript)?
pub(crate) fn loop_read(ir: &Function, def: Option<&Inst>) -> bool {
    match def.map(|i| &i.kind) {
        Some(InstKind::Load(var)) => ir.vars[var.0 as usize].synthetic,
        _ => false,
    }
}

/// Can `t` be a key?
pub(crate) fn check_key(t: &Type, span: Span) -> Result<()> {
    let ok = match t {
        Type::Int | Type::Float | Type::Float32 | Type::Bool | Type::Str | Type::Unknown => true,
        Type::Tuple(items) => {
            !items.is_empty() && items.iter().all(|t| t.is_number() || *t == Type::Str)
        }
        _ => false,
    };
    if !ok {
        let hint = "keys may be numbers, strings or flat tuples of numbers and strings";
        return Err(
            CompileError::unsupported(format!("a dict or set key cannot be `{t}`"), span)
                .with_hint(hint),
        );
    }
    if components(t).len() > MAX_KEY_SLOTS {
        return Err(CompileError::unsupported(
            format!("keys of type `{t}` are too large (at most {MAX_KEY_SLOTS} numbers)"),
            span,
        ));
    }
    Ok(())
}

/// Can `t` be a dict value?
pub(crate) fn check_value(t: &Type, span: Span) -> Result<()> {
    match t {
        Type::Dict(k, v) => {
            check_key(k, span)?;
            if **v != Type::Unknown {
                check_value(v, span)?;
            }
            Ok(())
        }
        Type::Set(k) => check_key(k, span),
        t => super::lists::check_element(t, span),
    }
}

/// Can a lookup key of type `x` find keys of type `k` (equal numbers: bool → int → float)?
fn lookup_ok(k: &Type, x: &Type) -> bool {
    x == k
        || matches!(
            (k, x),
            (Type::Float, Type::Int | Type::Bool) | (Type::Int, Type::Bool)
        )
}

fn mismatch(what: &str, x: &Type, t: &Type, span: Span) -> CompileError {
    CompileError::typing(format!("cannot {what} `{x}` in `{t}`"), span)
        .with_hint("oxjit dicts and sets are homogeneous; convert with float(...) or int(...)")
}

impl Inference<'_> {
    /// `{k: v, ...}` (keys and values interleaved) or `{a, b, ...}`.
    pub(super) fn table_display(
        &self,
        result: ValueId,
        items: &[ValueId],
        is_dict: bool,
        span: Span,
    ) -> Result<Type> {
        let ts: Vec<&Type> = items.iter().map(|v| self.ty(*v)).collect();
        if ts.contains(&&Type::Unknown) {
            return Ok(Type::Unknown);
        }
        if ts.is_empty() {
            // `{}`: the types come from the variable it is stored in.
            if let Some(InstKind::Store(var, _)) = self.users[result.0 as usize].map(|i| &i.kind) {
                let t = &self.var_types[var.0 as usize];
                if matches!(t, Type::Dict(..) | Type::Set(_)) {
                    return Ok(t.clone());
                }
            }
            let u = Box::new(Type::Unknown);
            return Ok(if is_dict {
                Type::Dict(u.clone(), u)
            } else {
                Type::Set(u)
            });
        }
        let step = if is_dict { 2 } else { 1 };
        let same = |off: usize, what: &str| -> Result<Type> {
            let first = ts[off];
            for t in ts.iter().skip(off).step_by(step) {
                if *t != first {
                    return Err(CompileError::typing(
                        format!("{what} must all have one type: found `{first}` and `{t}`"),
                        span,
                    )
                    .with_hint(
                        "oxjit dicts and sets are homogeneous; convert with float(...) or int(...)",
                    ));
                }
            }
            Ok(first.clone())
        };
        let k = same(0, if is_dict { "dict keys" } else { "set elements" })?;
        check_key(&k, span)?;
        if !is_dict {
            return Ok(Type::Set(Box::new(k)));
        }
        let v = same(1, "dict values")?;
        check_value(&v, span)?;
        Ok(Type::Dict(Box::new(k), Box::new(v)))
    }

    /// Record that the dict or set in `recv` holds `key`s (and `value`s): the first store into
    /// an empty one fixes its types; later stores must match them.
    fn refine_table(
        &mut self,
        recv: ValueId,
        t: &Type,
        key: &Type,
        value: Option<&Type>,
        span: Span,
    ) -> Result<()> {
        let (k, v) = match t {
            Type::Dict(k, v) => (&**k, Some(&**v)),
            Type::Set(k) => (&**k, None),
            _ => return Err(CompileError::internal("infer", "refining a non-table")),
        };
        if *k != Type::Unknown && k != key {
            return Err(mismatch("store the key", key, t, span));
        }
        if let (Some(v), Some(x)) = (v, value) {
            // An empty list default (`setdefault(k, [])`) fits the values it will become.
            let fits = super::lists::fill(v, x).as_ref() == Some(v);
            if *v != Type::Unknown && v != x && !fits {
                return Err(mismatch("store the value", x, t, span));
            }
        }
        check_key(key, span)?;
        let refined = match value {
            Some(x) => {
                check_value(x, span)?;
                Type::Dict(Box::new(key.clone()), Box::new(x.clone()))
            }
            None => Type::Set(Box::new(key.clone())),
        };
        if let Some(InstKind::Load(var)) = self.defs[recv.0 as usize].map(|i| &i.kind) {
            let cur = &self.var_types[var.0 as usize];
            if let Some(u) = unify(cur, &refined) {
                if u != *cur {
                    self.var_types[var.0 as usize] = u;
                    self.changed = true;
                }
            }
        }
        Ok(())
    }

    /// The key type of a dict or set type (`Unknown` until a store gives it: a lookup may
    /// come before the first store in the source, as in a loop).
    fn key_of(&self, t: &Type) -> Result<Type> {
        match t {
            Type::Dict(k, _) | Type::Set(k) => Ok((**k).clone()),
            _ => Err(CompileError::internal("infer", "key of a non-table")),
        }
    }

    /// A lookup of a key of type `x` in `t` (not checked while the key type is unknown).
    fn check_lookup(&self, t: &Type, x: &Type, span: Span) -> Result<()> {
        let k = self.key_of(t)?;
        if k != Type::Unknown && !lookup_ok(&k, x) {
            return Err(mismatch("look for", x, t, span));
        }
        Ok(())
    }

    /// `d[k]`, or the loop's read of an entry.
    pub(super) fn table_getitem(
        &self,
        value: ValueId,
        index: &[ValueId],
        span: Span,
    ) -> Result<Type> {
        let t = self.ty(value).clone();
        let is_loop = loop_read(self.ir, self.defs[value.0 as usize]);
        if is_loop {
            return self.key_of(&t);
        }
        let Type::Dict(_, v) = &t else {
            return Err(CompileError::typing(
                "'set' object is not subscriptable",
                span,
            ));
        };
        let x = self.subscript_key(index);
        if x == Type::Unknown {
            return Ok(Type::Unknown);
        }
        self.check_lookup(&t, &x, span)?;
        Ok((**v).clone())
    }

    /// `d[k] = v`.
    pub(super) fn table_setitem(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        item: ValueId,
        span: Span,
    ) -> Result<Type> {
        let t = self.ty(value).clone();
        if !matches!(t, Type::Dict(..)) {
            return Err(CompileError::typing(
                "'set' object does not support item assignment",
                span,
            ));
        }
        let (k, x) = (self.subscript_key(index), self.ty(item).clone());
        if unknown_entries(&Type::Set(Box::new(k.clone()))) || x == Type::Unknown {
            return Ok(Type::Unknown);
        }
        self.check_mutation(value, "__setitem__", span)?;
        self.refine_table(value, &t, &k, Some(&x), span)?;
        Ok(Type::None)
    }

    /// The key of a subscript: one value, or a tuple of the components of `d[a, b]` (the
    /// lowering splits a tuple subscript into components, as array indexing wants).
    fn subscript_key(&self, index: &[ValueId]) -> Type {
        match index {
            [i] => self.ty(*i).clone(),
            items => {
                let ts: Vec<Type> = items.iter().map(|v| self.ty(*v).clone()).collect();
                if ts.contains(&Type::Unknown) {
                    Type::Unknown
                } else {
                    Type::Tuple(ts)
                }
            }
        }
    }

    /// Refuse changing the size of a dict or set inside a `prange` body.
    fn check_mutation(&self, at: ValueId, what: &str, span: Span) -> Result<()> {
        if self.in_prange[at.0 as usize] {
            return Err(CompileError::unsupported(
                format!("`{what}` of a dict or set inside a `prange` loop is not supported (the iterations would race)"),
                span,
            ));
        }
        Ok(())
    }

    /// `x in t`.
    pub(super) fn table_contains(&self, t: &Type, x: &Type, span: Span) -> Result<Type> {
        self.check_lookup(t, x, span)?;
        Ok(Type::Bool)
    }

    /// `a == b`, `a != b` (dicts and sets), `<=`, `<`, `>=`, `>` (sets).
    pub(super) fn table_compare(&self, op: CmpOp, a: &Type, b: &Type, span: Span) -> Result<Type> {
        if unify_tables(a, b).is_none() {
            return Err(CompileError::typing(
                format!("cannot compare `{a}` and `{b}`"),
                span,
            ));
        }
        if matches!(a, Type::Dict(..)) && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Err(CompileError::typing(
                format!("'<' not supported between instances of `{a}` and `{b}`"),
                span,
            ));
        }
        if let Type::Dict(_, v) = a {
            if super::lists::holds_array(v) {
                return Err(CompileError::unsupported("comparing dicts of arrays", span));
            }
        }
        Ok(Type::Bool)
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` (and in place) on sets.
    pub(super) fn set_binary(&self, op: BinOp, a: &Type, b: &Type, span: Span) -> Result<Type> {
        let ok = matches!(
            op,
            BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor
        );
        match (ok, unify_tables(a, b)) {
            (true, Some(t @ Type::Set(_))) => Ok(t),
            _ => Err(CompileError::typing(
                format!("unsupported operand types: `{a}` and `{b}`"),
                span,
            )),
        }
    }

    /// `dict()`, `dict(d)`, `set()`, `set(s)`, `set(lst)`.
    pub(super) fn table_ctor(
        &self,
        result: ValueId,
        f: I,
        args: &[Type],
        span: Span,
    ) -> Result<Type> {
        Ok(match (f, args) {
            (I::BuiltinDict, []) => self.table_display(result, &[], true, span)?,
            (I::BuiltinSet, []) => self.table_display(result, &[], false, span)?,
            (I::BuiltinDict, [t @ Type::Dict(..)]) | (I::BuiltinSet, [t @ Type::Set(_)]) => {
                t.clone()
            }
            (I::BuiltinSet, [Type::List(e)]) => {
                check_key(e, span)?;
                Type::Set(e.clone())
            }
            (I::BuiltinSet, [Type::Array { dtype, ndim: 1, .. }]) => {
                let e = dtype.scalar();
                check_key(&e, span)?;
                Type::Set(Box::new(e))
            }
            (_, [t]) => {
                return Err(CompileError::unsupported(
                    format!(
                        "`{}` of `{t}` is not supported (a dict, set or list of the same items)",
                        f.name()
                    ),
                    span,
                ))
            }
            _ => {
                return Err(CompileError::typing(
                    format!("{} expected at most 1 argument", f.name()),
                    span,
                ))
            }
        })
    }

    /// The number of positional arguments and the keywords of a method call.
    fn check_table_call(
        &self,
        result: ValueId,
        f: I,
        nargs: usize,
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<()> {
        let q = f.qualified();
        if f.effects() == Effects::Mutates {
            self.check_mutation(result, &q, span)?;
        }
        crate::intrinsics::check_method_arity(f, nargs, span)?;
        if let Some((k, _)) = kwargs.first() {
            return Err(CompileError::typing(
                format!("`{q}` takes no keyword arguments (`{k}`)"),
                span,
            ));
        }
        Ok(())
    }

    /// `d.<method>(...)` / `s.<method>(...)`.
    pub(super) fn table_method(
        &mut self,
        result: ValueId,
        f: I,
        recv: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<Type> {
        let t = self.ty(recv).clone();
        let ts: Vec<Type> = args.iter().map(|a| self.ty(*a).clone()).collect();
        self.check_table_call(result, f, ts.len(), kwargs, span)?;
        let refines = matches!(
            f,
            I::SetAdd | I::SetUpdate | I::DictSetdefault | I::DictUpdate | I::DictGet
        );
        if !refines && unknown_entries(&t) {
            // Wait for a store to give the types.
            return Ok(Type::Unknown);
        }
        if f.module() == Module::Set {
            return self.set_method(f, recv, &t, &ts, span);
        }
        let Type::Dict(k, v) = &t else {
            return Err(CompileError::internal("infer", "dict method on a non-dict"));
        };
        let (k, v) = ((**k).clone(), (**v).clone());
        Ok(match f {
            I::DictGet => {
                let Some(d) = ts.get(1) else {
                    return Err(CompileError::unsupported(
                        "`dict.get(key)` without a default is not supported (it may return None)",
                        span,
                    )
                    .with_hint("pass a default: `d.get(key, 0)`"));
                };
                if k != Type::Unknown {
                    self.check_lookup(&t, &ts[0], span)?;
                }
                if v == Type::Unknown {
                    return Ok(d.clone());
                }
                if !lookup_ok(&v, d) {
                    return Err(CompileError::typing(
                        format!("the default `{d}` of `dict.get` does not fit the values of `{t}`"),
                        span,
                    ));
                }
                v
            }
            I::DictSetdefault => {
                let Some(d) = ts.get(1) else {
                    return Err(CompileError::unsupported(
                        "`dict.setdefault(key)` without a default is not supported (it would store None)",
                        span,
                    ));
                };
                self.refine_table(recv, &t, &ts[0], Some(d), span)?;
                d.clone()
            }
            I::DictPop => {
                self.check_lookup(&t, &ts[0], span)?;
                if let Some(d) = ts.get(1) {
                    if !lookup_ok(&v, d) {
                        return Err(CompileError::typing(
                            format!(
                                "the default `{d}` of `dict.pop` does not fit the values of `{t}`"
                            ),
                            span,
                        ));
                    }
                    if v.holds_references() {
                        return Err(CompileError::unsupported(
                            "`dict.pop(key, default)` of a dict of objects (strings, lists, dicts, sets) is not supported yet",
                            span,
                        ));
                    }
                }
                v
            }
            I::DictPopitem => Type::Tuple(vec![k, v]),
            I::DictUpdate => {
                let Type::Dict(k2, v2) = &ts[0] else {
                    return Err(CompileError::unsupported(
                        format!(
                            "`dict.update` of `{}` is not supported (another dict)",
                            ts[0]
                        ),
                        span,
                    ));
                };
                self.refine_table(recv, &t, k2, Some(v2), span)?;
                Type::None
            }
            I::DictKeys | I::DictValues | I::DictItems => {
                let e = match f {
                    I::DictKeys => k,
                    I::DictValues => v,
                    _ => Type::Tuple(vec![k, v]),
                };
                super::lists::check_element(&e, span)?;
                Type::List(Box::new(e))
            }
            I::DictDelItem => {
                self.check_lookup(&t, &ts[0], span)?;
                Type::None
            }
            I::DictClear => Type::None,
            I::DictCopy => t.clone(),
            other => {
                return Err(CompileError::internal(
                    "infer",
                    format!("`{}` is not a dict method", other.name()),
                ))
            }
        })
    }

    fn set_method(
        &mut self,
        f: I,
        recv: ValueId,
        t: &Type,
        ts: &[Type],
        span: Span,
    ) -> Result<Type> {
        let other = |what: &str| -> Result<()> {
            match unify_tables(t, &ts[0]) {
                Some(Type::Set(_)) => Ok(()),
                _ => Err(CompileError::unsupported(
                    format!(
                        "`set.{what}` of `{}` is not supported (a set of the same elements)",
                        ts[0]
                    ),
                    span,
                )),
            }
        };
        Ok(match f {
            I::SetAdd => {
                self.refine_table(recv, t, &ts[0], None, span)?;
                Type::None
            }
            I::SetDiscard | I::SetRemove => {
                self.check_lookup(t, &ts[0], span)?;
                Type::None
            }
            I::SetPop => self.key_of(t)?,
            I::SetUpdate => {
                if let Type::Set(x) = &ts[0] {
                    self.refine_table(recv, t, x, None, span)?;
                }
                other("update")?;
                Type::None
            }
            I::SetIntersectionUpdate | I::SetDifferenceUpdate | I::SetSymmetricDifferenceUpdate => {
                other(f.name())?;
                Type::None
            }
            I::SetUnion | I::SetIntersection | I::SetDifference | I::SetSymmetricDifference => {
                other(f.name())?;
                unify_tables(t, &ts[0]).unwrap_or_else(|| t.clone())
            }
            I::SetIssubset | I::SetIssuperset | I::SetIsdisjoint => {
                other(f.name())?;
                Type::Bool
            }
            I::SetCopy => t.clone(),
            I::SetClear => Type::None,
            other => {
                return Err(CompileError::internal(
                    "infer",
                    format!("`{}` is not a set method", other.name()),
                ))
            }
        })
    }
}
