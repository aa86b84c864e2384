//! Type inference: argument types + untyped IR → a typed function (every value has a concrete
//! type). Variables take the unification of everything stored into them, iterated to a fixed
//! point; calls to other jitted functions infer those functions' instances on demand.

use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{self, Intrinsic as I, MathRule, Rule};
use crate::ir::*;
use crate::types::{unify, Callable, Dtype, Layout, Type};
use crate::{Environment, FunctionSource, GlobalValue, Program};

pub mod numpy;
use numpy::Arg;
use std::collections::HashMap;

/// A function whose every value has a concrete type.
#[derive(Clone, Debug)]
pub struct TypedFunction {
    pub ir: Function,
    pub arg_types: Vec<Type>,
    pub value_types: Vec<Type>,
    pub var_types: Vec<Type>,
    pub ret: Type,
    /// Values that are compile-time constants taken from globals (or folded attributes).
    pub consts: HashMap<ValueId, Const>,
    /// Call instructions to other jitted functions → index of the callee instance.
    pub callees: HashMap<ValueId, usize>,
    /// The instruction defining each value, as (block, index in block).
    pub defs: HashMap<ValueId, (BlockId, usize)>,
    /// Block-local array variables whose element-wise values are forwarded, not materialised
    /// (set by the fusion pass).
    pub forward: std::collections::HashSet<VarId>,
    /// Variables some read of which may happen before any assignment (checked at run time:
    /// `UnboundLocalError`, as in Python).
    pub maybe_unbound: std::collections::HashSet<VarId>,
    /// `prange` loops that run in chunks, by their first body block (set by the prange pass).
    pub pranges: HashMap<BlockId, crate::passes::prange::Prange>,
}

impl TypedFunction {
    pub fn ty(&self, v: ValueId) -> &Type {
        &self.value_types[v.0 as usize]
    }
    pub fn def(&self, v: ValueId) -> Option<&Inst> {
        self.defs
            .get(&v)
            .map(|(b, i)| &self.ir.blocks[b.0 as usize].insts[*i])
    }
    /// The integer constant a value holds, if it is a literal (or a constant global).
    pub fn const_int(&self, v: ValueId) -> Option<i64> {
        if let Some(Const::Int(i)) = self.consts.get(&v) {
            return Some(*i);
        }
        match self.def(v).map(|i| &i.kind) {
            Some(InstKind::Const(Const::Int(i))) => Some(*i),
            Some(InstKind::Unary(UnaryOp::Neg, x)) => self.const_int(*x).map(i64::wrapping_neg),
            _ => None,
        }
    }
}

/// Per-instance inference state.
pub(crate) struct Inference<'a> {
    pub(crate) func_id: u64,
    pub(crate) ir: &'a Function,
    pub(crate) value_types: Vec<Type>,
    pub(crate) var_types: Vec<Type>,
    pub(crate) ret: Type,
    pub(crate) consts: HashMap<ValueId, Const>,
    pub(crate) callees: HashMap<ValueId, usize>,
    changed: bool,
    /// The instruction defining each value, by value id (built once: the IR does not change
    /// during inference).
    defs: Vec<Option<&'a Inst>>,
}

/// The result type of an arithmetic operator on two scalar types (NumPy/Numba promotion).
pub fn arith_result(op: BinOp, a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    let both_intlike = matches!(a, Int | Bool) && matches!(b, Int | Bool);
    Some(match op {
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => match (a, b) {
            (Bool, Bool) => Bool,
            _ if both_intlike => Int,
            _ => return Option::None,
        },
        BinOp::LShift | BinOp::RShift => {
            if both_intlike {
                Int
            } else {
                return Option::None;
            }
        }
        BinOp::MatMul => return Option::None,
        BinOp::Div => match (a, b) {
            (Float32, Float32) => Float32,
            _ if a.is_number() && b.is_number() => Float,
            _ => return Option::None,
        },
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::FloorDiv | BinOp::Mod | BinOp::Pow => {
            if both_intlike {
                Int
            } else {
                match (a, b) {
                    (Float32, Float32) | (Float32, Bool) | (Bool, Float32) => Float32,
                    _ if a.is_number() && b.is_number() => Float,
                    _ => return Option::None,
                }
            }
        }
    })
}

fn op_text(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Pow => "**",
        BinOp::MatMul => "@",
        BinOp::BitAnd => "&",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::LShift => "<<",
        BinOp::RShift => ">>",
    }
}

fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div => "divide",
        BinOp::FloorDiv => "floor-divide",
        BinOp::Mod => "take the modulo of",
        BinOp::Pow => "raise to a power",
        BinOp::MatMul => "matrix-multiply",
        BinOp::BitAnd => "`&`",
        BinOp::BitOr => "`|`",
        BinOp::BitXor => "`^`",
        BinOp::LShift => "left-shift",
        BinOp::RShift => "right-shift",
    }
}

/// A dtype given as a value: `numpy.float64`, `float`, `int`, `bool`.
pub(crate) fn dtype_of_value(t: &Type) -> Option<Dtype> {
    match t {
        Type::DtypeValue(d) => Some(*d),
        Type::Function(Callable::Intrinsic(f)) => match f {
            I::BuiltinFloat => Some(Dtype::Float64),
            I::BuiltinInt => Some(Dtype::Int64),
            I::BuiltinBool => Some(Dtype::Bool),
            _ => None,
        },
        _ => None,
    }
}

impl<'a> Inference<'a> {
    pub(crate) fn new(func_id: u64, ir: &'a Function, args: &[Type]) -> Self {
        let mut var_types = vec![Type::Unknown; ir.vars.len()];
        for (p, t) in ir.params.iter().zip(args) {
            var_types[p.0 as usize] = t.clone();
        }
        let mut defs = vec![None; ir.value_count as usize];
        for inst in ir.blocks.iter().flat_map(|b| &b.insts) {
            defs[inst.result.0 as usize] = Some(inst);
        }
        Inference {
            func_id,
            ir,
            value_types: vec![Type::Unknown; ir.value_count as usize],
            var_types,
            ret: Type::Unknown,
            consts: HashMap::new(),
            callees: HashMap::new(),
            changed: false,
            defs,
        }
    }

    fn set_value(&mut self, v: ValueId, t: Type) {
        let slot = &mut self.value_types[v.0 as usize];
        if *slot != t {
            *slot = t;
            self.changed = true;
        }
    }

    fn ty(&self, v: ValueId) -> &Type {
        &self.value_types[v.0 as usize]
    }

    /// One pass over every block; returns whether any type changed.
    pub(crate) fn round(&mut self, prog: &mut Program, env: &dyn Environment) -> Result<bool> {
        self.changed = false;
        let ir = self.ir;
        let live = ir.reachable();
        for (bi, block) in ir.blocks.iter().enumerate() {
            // Unreachable code (after a `return` on every path) is not typed, as in Numba.
            if !live[bi] {
                continue;
            }
            for inst in &block.insts {
                let t = self.inst_type(inst, prog, env)?;
                self.set_value(inst.result, t);
            }
            if let Terminator::Return(v, span) = &block.term {
                let t = self.ty(*v).clone();
                match unify(&self.ret, &t) {
                    Some(u) => {
                        if u != self.ret {
                            self.ret = u;
                            self.changed = true;
                        }
                    }
                    None => {
                        return Err(CompileError::typing(
                            format!(
                                "this function returns `{}` here but `{}` elsewhere",
                                t, self.ret
                            ),
                            *span,
                        )
                        .with_hint(
                            "every `return` must give values that unify (e.g. int and float)",
                        ))
                    }
                }
            }
        }
        Ok(self.changed)
    }

    /// After the fixed point: every value read must have a type.
    pub(crate) fn finish(self, args: &[Type]) -> Result<TypedFunction> {
        let mut defs = HashMap::new();
        let live = self.ir.reachable();
        for (bi, block) in self.ir.blocks.iter().enumerate() {
            for (ii, inst) in block.insts.iter().enumerate() {
                defs.insert(inst.result, (BlockId(bi as u32), ii));
                if !live[bi] {
                    continue;
                }
                if let InstKind::Load(var) = inst.kind {
                    if self.var_types[var.0 as usize] == Type::Unknown {
                        return Err(CompileError::typing(
                            format!(
                                "local variable `{}` is read before it is assigned",
                                self.ir.var_name(var)
                            ),
                            inst.span,
                        ));
                    }
                }
                if self.value_types[inst.result.0 as usize] == Type::Unknown
                    && !matches!(inst.kind, InstKind::Store(..))
                {
                    return Err(CompileError::typing(
                        "cannot infer the type of this expression (a recursive call without a base case?)",
                        inst.span,
                    ));
                }
            }
        }
        let ret = if self.ret == Type::Unknown {
            Type::None
        } else {
            self.ret
        };
        Ok(TypedFunction {
            ir: self.ir.clone(),
            arg_types: args.to_vec(),
            value_types: self.value_types,
            var_types: self.var_types,
            ret,
            consts: self.consts,
            callees: self.callees,
            defs,
            forward: Default::default(),
            pranges: Default::default(),
            maybe_unbound: maybe_unbound(self.ir)?,
        })
    }

    fn inst_type(
        &mut self,
        inst: &Inst,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        let span = inst.span;
        Ok(match &inst.kind {
            InstKind::Const(c) => match c {
                Const::Int(_) => Type::Int,
                Const::Float(_) => Type::Float,
                Const::Bool(_) => Type::Bool,
                Const::None => Type::None,
            },
            InstKind::Load(v) => self.var_types[v.0 as usize].clone(),
            InstKind::Store(var, v) => {
                let t = self.ty(*v).clone();
                if t.is_compile_time() {
                    return Err(CompileError::unsupported(
                        format!("cannot store {t} in a variable"),
                        span,
                    )
                    .with_hint("call it directly where it is needed"));
                }
                let cur = &self.var_types[var.0 as usize];
                match unify(cur, &t) {
                    Some(u) => {
                        if u != *cur {
                            self.var_types[var.0 as usize] = u;
                            self.changed = true;
                        }
                    }
                    None => {
                        return Err(CompileError::typing(
                            format!(
                                "variable `{}` holds `{}` here but `{}` elsewhere",
                                self.ir.var_name(*var),
                                t,
                                cur
                            ),
                            span,
                        )
                        .with_hint("a variable keeps one type for the whole function"))
                    }
                }
                Type::None
            }
            InstKind::Global(name) => self.global(inst.result, name, span, env)?,
            InstKind::Attr(v, attr) => self.attr(inst.result, *v, attr, span)?,
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b) => {
                let (ta, tb) = (self.ty(*a).clone(), self.ty(*b).clone());
                if ta == Type::Unknown || tb == Type::Unknown {
                    return Ok(Type::Unknown);
                }
                let arrays = matches!(ta, Type::Array { .. }) || matches!(tb, Type::Array { .. });
                if arrays {
                    let r = numpy::array_binary(*op, &ta, &tb, span)?;
                    if let (InstKind::AugBinary(..), Type::Array { dtype, ndim, .. }) =
                        (&inst.kind, &ta)
                    {
                        // In place: the result is written back into the left array.
                        let Type::Array {
                            dtype: rd,
                            ndim: rn,
                            ..
                        } = &r
                        else {
                            return Ok(r);
                        };
                        if rn > ndim {
                            return Err(CompileError::typing(
                                format!("non-broadcastable output: `{ta} {}= {tb}`", op_text(*op)),
                                span,
                            ));
                        }
                        if (rd.is_float() && !dtype.is_float())
                            || (*dtype == Dtype::Bool && *rd != Dtype::Bool)
                        {
                            return Err(CompileError::typing(
                                format!(
                                    "cannot cast the result of `{}` from `{}` to `{}` in place (NumPy's same_kind rule)",
                                    op_text(*op), rd.name(), dtype.name()
                                ),
                                span,
                            ));
                        }
                        return Ok(ta.clone());
                    }
                    return Ok(r);
                }
                match arith_result(*op, &ta, &tb) {
                    Some(t) => t,
                    None => {
                        return Err(CompileError::typing(
                            format!("cannot {} `{}` and `{}`", op_symbol(*op), ta, tb),
                            span,
                        ))
                    }
                }
            }
            InstKind::Unary(op, v) => {
                let t = self.ty(*v).clone();
                match (op, &t) {
                    (_, Type::Unknown) => Type::Unknown,
                    (UnaryOp::Not, t) if t.is_number() || *t == Type::None => Type::Bool,
                    (UnaryOp::Neg | UnaryOp::Pos, Type::Bool) => Type::Int,
                    (UnaryOp::Neg | UnaryOp::Pos, t) if t.is_number() => t.clone(),
                    (UnaryOp::Invert, Type::Int | Type::Bool) => Type::Int,
                    (UnaryOp::Neg | UnaryOp::Pos, Type::Array { dtype, .. })
                        if *dtype != Dtype::Bool =>
                    {
                        t.clone()
                    }
                    (UnaryOp::Invert, Type::Array { dtype, .. }) if !dtype.is_float() => t.clone(),
                    _ => {
                        return Err(CompileError::typing(
                            format!("bad operand type for unary operator: `{t}`"),
                            span,
                        ))
                    }
                }
            }
            InstKind::Compare(_, a, b) => {
                let (ta, tb) = (self.ty(*a), self.ty(*b));
                if *ta == Type::Unknown || *tb == Type::Unknown {
                    return Ok(Type::Unknown);
                }
                if ta.is_number() && tb.is_number() {
                    Type::Bool
                } else if matches!(ta, Type::Array { .. }) || matches!(tb, Type::Array { .. }) {
                    let (ta, tb) = (ta.clone(), tb.clone());
                    let InstKind::Compare(op, ..) = inst.kind else {
                        return Ok(Type::Unknown);
                    };
                    numpy::array_compare(op, &ta, &tb, span)?
                } else {
                    return Err(CompileError::typing(
                        format!("cannot compare `{ta}` and `{tb}`"),
                        span,
                    ));
                }
            }
            InstKind::Truth(v) => {
                let t = self.ty(*v);
                match t {
                    Type::Unknown => Type::Unknown,
                    t if t.is_number() => Type::Bool,
                    Type::None | Type::Tuple(_) => Type::Bool,
                    t => {
                        return Err(CompileError::typing(
                            format!("the truth value of `{t}` is ambiguous"),
                            span,
                        )
                        .with_hint("use `a.any()` or `a.all()` for arrays"))
                    }
                }
            }
            InstKind::Tuple(items) => {
                let ts: Vec<Type> = items.iter().map(|v| self.ty(*v).clone()).collect();
                if ts.contains(&Type::Unknown) {
                    return Ok(Type::Unknown);
                }
                if let Some(t) = ts.iter().find(|t| t.is_compile_time()) {
                    return Err(CompileError::unsupported(
                        format!("a tuple cannot hold {t}"),
                        span,
                    ));
                }
                Type::Tuple(ts)
            }
            InstKind::Unpack { value, count } => match self.ty(*value) {
                Type::Unknown => Type::Unknown,
                Type::Tuple(items) if items.len() == *count => Type::Tuple(items.clone()),
                Type::Tuple(items) => {
                    let n = items.len();
                    return Err(CompileError::typing(
                        if n > *count {
                            format!("too many values to unpack (expected {count}, got {n})")
                        } else {
                            format!("not enough values to unpack (expected {count}, got {n})")
                        },
                        span,
                    ));
                }
                t => {
                    return Err(CompileError::unsupported(
                        format!("cannot unpack `{t}` (only tuples can be unpacked)"),
                        span,
                    ))
                }
            },
            InstKind::UnpackItem(v, i) => match self.ty(*v) {
                Type::Tuple(items) => items[*i].clone(),
                _ => Type::Unknown,
            },
            InstKind::Slice(a, b, c) => {
                for v in [a, b, c].into_iter().flatten() {
                    match self.ty(*v) {
                        Type::Int | Type::Bool | Type::None | Type::Unknown => {}
                        t => {
                            return Err(CompileError::typing(
                                format!("slice indices must be integers or None, not `{t}`"),
                                span,
                            ))
                        }
                    }
                }
                Type::Slice
            }
            InstKind::GetItem { value, index, .. } => self.getitem(*value, index, span)?,
            InstKind::SetItem {
                value, index, item, ..
            } => {
                let target = self.ty(*value).clone();
                let it = self.ty(*item).clone();
                match &target {
                    Type::Unknown => return Ok(Type::Unknown),
                    Type::Array { .. } => {
                        let comps: Vec<Type> = index.iter().map(|v| self.ty(*v).clone()).collect();
                        if comps.contains(&Type::Unknown) || it == Type::Unknown {
                            return Ok(Type::Unknown);
                        }
                        let view = numpy::index(&target, &comps, span)?;
                        let ok = match (&view, &it) {
                            (_, i) if i.is_number() => true,
                            (Type::Array { ndim, .. }, Type::Array { ndim: n2, .. }) => n2 <= ndim,
                            _ => false,
                        };
                        if !ok {
                            return Err(CompileError::typing(
                                format!("cannot assign `{it}` to `{view}`"),
                                span,
                            ));
                        }
                    }
                    Type::Tuple(_) => {
                        return Err(CompileError::typing(
                            "'tuple' object does not support item assignment",
                            span,
                        ))
                    }
                    t => {
                        return Err(CompileError::typing(
                            format!("`{t}` does not support item assignment"),
                            span,
                        ))
                    }
                }
                Type::None
            }
            InstKind::Call { func, args, kwargs } => {
                self.call(inst.result, *func, args, kwargs, span, prog, env)?
            }
            InstKind::CheckRangeStep(v) => {
                self.expect_int(*v, "range() arguments", span)?;
                Type::None
            }
            InstKind::RangeTest {
                counter,
                stop,
                step,
            } => {
                for v in [counter, stop, step] {
                    self.expect_int(*v, "range() arguments", span)?;
                }
                Type::Bool
            }
            InstKind::Len(v) => match self.ty(*v) {
                Type::Unknown => Type::Unknown,
                Type::Array { .. } => Type::Int,
                t => {
                    return Err(CompileError::unsupported(
                        format!(
                            "cannot iterate over `{t}` (iterate over `range(...)` or an array)"
                        ),
                        span,
                    ))
                }
            },
        })
    }

    fn expect_int(&self, v: ValueId, what: &str, span: Span) -> Result<()> {
        match self.ty(v) {
            Type::Int | Type::Bool | Type::Unknown => Ok(()),
            t => Err(CompileError::typing(
                format!("{what} must be integers, not `{t}`"),
                span,
            )),
        }
    }

    fn check_indices(&self, index: &[ValueId], span: Span) -> Result<()> {
        for v in index {
            match self.ty(*v) {
                Type::Int | Type::Unknown => {}
                t => {
                    return Err(CompileError::unsupported(
                        format!("indexing with `{t}` is not supported yet (only integers)"),
                        span,
                    ))
                }
            }
        }
        Ok(())
    }

    fn getitem(&mut self, value: ValueId, index: &[ValueId], span: Span) -> Result<Type> {
        let t = self.ty(value).clone();
        Ok(match &t {
            Type::Unknown => Type::Unknown,
            Type::Array {
                dtype,
                ndim,
                layout,
            } if index
                .iter()
                .all(|v| matches!(self.ty(*v), Type::Int | Type::Unknown)) =>
            {
                self.check_indices(index, span)?;
                let k = index.len();
                if k > *ndim as usize {
                    return Err(CompileError::typing(
                        format!(
                            "too many indices for `{t}`: {ndim}-dimensional, but {k} were indexed"
                        ),
                        span,
                    ));
                }
                if k == *ndim as usize {
                    dtype.scalar()
                } else {
                    let layout = if *layout == Layout::C {
                        Layout::C
                    } else {
                        Layout::A
                    };
                    Type::array(*dtype, ndim - k as u8, layout)
                }
            }
            Type::Array { .. } => {
                let comps: Vec<Type> = index.iter().map(|v| self.ty(*v).clone()).collect();
                numpy::index(&t, &comps, span)?
            }
            Type::Tuple(items) => {
                if index.len() != 1 {
                    return Err(CompileError::typing("tuple indices must be integers", span));
                }
                let Some(i) = self.const_index(index[0]) else {
                    return Err(CompileError::unsupported(
                        "a tuple can only be indexed by an integer constant",
                        span,
                    ));
                };
                let n = items.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if j < 0 || j >= n {
                    return Err(CompileError::typing("tuple index out of range", span));
                }
                items[j as usize].clone()
            }
            t => {
                return Err(CompileError::typing(
                    format!("`{t}` is not subscriptable"),
                    span,
                ))
            }
        })
    }

    /// A literal integer index (possibly negated).
    fn const_index(&self, v: ValueId) -> Option<i64> {
        if let Some(Const::Int(i)) = self.consts.get(&v) {
            return Some(*i);
        }
        match &self.defs[v.0 as usize]?.kind {
            InstKind::Const(Const::Int(i)) => Some(*i),
            InstKind::Unary(UnaryOp::Neg, x) => self.const_index(*x).map(|i| -i),
            _ => None,
        }
    }

    fn global(
        &mut self,
        result: ValueId,
        name: &str,
        span: Span,
        env: &dyn Environment,
    ) -> Result<Type> {
        Ok(match env.global(self.func_id, name) {
            GlobalValue::Int(i) => {
                self.consts.insert(result, Const::Int(i));
                Type::Int
            }
            GlobalValue::Float(f) => {
                self.consts.insert(result, Const::Float(f));
                Type::Float
            }
            GlobalValue::Bool(b) => {
                self.consts.insert(result, Const::Bool(b));
                Type::Bool
            }
            GlobalValue::Module(m) => Type::Module(m),
            GlobalValue::Builtin(b) => match intrinsics::resolve("builtins", &b) {
                Some(f) => Type::Function(Callable::Intrinsic(f)),
                None => {
                    return Err(CompileError::unsupported(
                        format!("the builtin `{b}` is not supported by oxjit yet"),
                        span,
                    ))
                }
            },
            GlobalValue::MathFunc(f) => match intrinsics::resolve("math", &f) {
                Some(f) => Type::Function(Callable::Intrinsic(f)),
                None => {
                    return Err(CompileError::unsupported(
                        format!("`math.{f}` is not supported by oxjit"),
                        span,
                    ))
                }
            },
            GlobalValue::NumpyFunc(f) => {
                let found = match f.strip_prefix("random.") {
                    Some(r) => intrinsics::resolve("numpy.random", r),
                    None => intrinsics::resolve("numpy", &f),
                };
                match found {
                    Some(f) => Type::Function(Callable::Intrinsic(f)),
                    None => {
                        return Err(CompileError::unsupported(
                            format!("`numpy.{f}` is not supported by oxjit yet"),
                            span,
                        )
                        .with_hint("see docs/supported.md for the NumPy functions oxjit compiles"))
                    }
                }
            }
            GlobalValue::Dtype(d) => Type::DtypeValue(d),
            GlobalValue::Jitted(id) => Type::Function(Callable::Jitted(id)),
            GlobalValue::Other(type_name) => {
                return Err(CompileError::unsupported(
                    format!("global `{name}` of type `{type_name}` is not supported"),
                    span,
                )
                .with_hint(
                    "globals may be ints, floats, bools, the numpy and math modules, or jitted functions",
                ))
            }
            GlobalValue::Missing => {
                return Err(CompileError::typing(
                    format!("name `{name}` is not defined"),
                    span,
                ))
            }
        })
    }

    fn attr(&mut self, result: ValueId, v: ValueId, attr: &str, span: Span) -> Result<Type> {
        let t = self.ty(v).clone();
        Ok(match &t {
            Type::Unknown => Type::Unknown,
            Type::Module(m) => {
                if let Some(c) = intrinsics::constant(m, attr) {
                    self.consts.insert(result, Const::Float(c));
                    return Ok(Type::Float);
                }
                if let Some(f) = intrinsics::resolve(m, attr) {
                    return Ok(Type::Function(Callable::Intrinsic(f)));
                }
                match m.as_str() {
                    "numpy" if attr == "random" => Type::Module("numpy.random".into()),
                    "numpy" if attr == "newaxis" => {
                        self.consts.insert(result, Const::None);
                        Type::None
                    }
                    "numpy" => {
                        if let Some(d) = Dtype::from_name(attr) {
                            Type::DtypeValue(d)
                        } else {
                            return Err(CompileError::unsupported(
                                format!("`numpy.{attr}` is not supported by oxjit yet"),
                                span,
                            )
                            .with_hint(
                                "see docs/supported.md for the NumPy functions oxjit compiles",
                            ));
                        }
                    }
                    _ => {
                        return Err(CompileError::unsupported(
                            format!("`{m}.{attr}` is not supported by oxjit"),
                            span,
                        ))
                    }
                }
            }
            Type::Array {
                dtype,
                ndim,
                layout,
            } => match attr {
                "shape" => Type::Tuple(vec![Type::Int; *ndim as usize]),
                "size" | "ndim" => Type::Int,
                "T" => numpy::call(
                    I::Transpose,
                    &[Arg {
                        ty: t.clone(),
                        konst: None,
                    }],
                    &[],
                    span,
                )?,
                _ => {
                    let _ = (dtype, layout);
                    if let Some(f) = intrinsics::method(attr) {
                        return Ok(Type::Function(Callable::Method(f)));
                    }
                    return Err(CompileError::unsupported(
                        format!("the array attribute `.{attr}` is not supported yet"),
                        span,
                    ));
                }
            },
            t => {
                return Err(CompileError::typing(
                    format!("`{t}` has no attribute `{attr}`"),
                    span,
                ))
            }
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        result: ValueId,
        func: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        span: Span,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        let ft = self.ty(func).clone();
        let arg_types: Vec<Type> = args.iter().map(|a| self.ty(*a).clone()).collect();
        let kw_types: Vec<(String, Type)> = kwargs
            .iter()
            .map(|(k, v)| (k.clone(), self.ty(*v).clone()))
            .collect();
        if ft == Type::Unknown
            || arg_types.contains(&Type::Unknown)
            || kw_types.iter().any(|(_, t)| *t == Type::Unknown)
        {
            return Ok(Type::Unknown);
        }
        let Type::Function(callable) = ft else {
            return Err(CompileError::typing(
                format!("`{ft}` is not callable"),
                span,
            ));
        };
        let no_kwargs = |what: &str| -> Result<()> {
            if kwargs.is_empty() {
                Ok(())
            } else {
                Err(CompileError::unsupported(
                    format!("keyword arguments to `{what}` are not supported"),
                    span,
                ))
            }
        };
        let arity = |what: &str, lo: usize, hi: usize| -> Result<()> {
            let n = args.len();
            if n < lo || n > hi {
                let expect = if lo == hi {
                    format!("{lo}")
                } else {
                    format!("{lo} to {hi}")
                };
                Err(CompileError::typing(
                    format!("`{what}` takes {expect} argument(s), {n} given"),
                    span,
                ))
            } else {
                Ok(())
            }
        };
        let numeric = |what: &str, t: &Type| -> Result<()> {
            if t.is_number() {
                Ok(())
            } else {
                Err(CompileError::typing(
                    format!("`{what}` expects a number, not `{t}`"),
                    span,
                ))
            }
        };
        Ok(match &callable {
            Callable::Intrinsic(f) if f.module() == intrinsics::Module::Builtins => {
                let name = f.name();
                no_kwargs(name)?;
                match f {
                    I::BuiltinLen => {
                        arity(name, 1, 1)?;
                        match &arg_types[0] {
                            Type::Array { .. } | Type::Tuple(_) => Type::Int,
                            t => {
                                return Err(CompileError::typing(
                                    format!("object of type `{t}` has no len()"),
                                    span,
                                ))
                            }
                        }
                    }
                    I::BuiltinAbs if matches!(arg_types.first(), Some(Type::Array { .. })) => {
                        arity(name, 1, 1)?;
                        let a = Arg {
                            ty: arg_types[0].clone(),
                            konst: None,
                        };
                        numpy::call(I::Absolute, &[a], &[], span)?
                    }
                    I::BuiltinAbs => {
                        arity(name, 1, 1)?;
                        numeric(name, &arg_types[0])?;
                        match &arg_types[0] {
                            Type::Bool => Type::Int,
                            t => t.clone(),
                        }
                    }
                    I::BuiltinMin | I::BuiltinMax => {
                        if args.len() < 2 {
                            return Err(CompileError::unsupported(
                                format!("`{name}` of a single iterable is not supported yet (pass 2 or more numbers)"),
                                span,
                            ));
                        }
                        let mut t = Type::Unknown;
                        for a in &arg_types {
                            numeric(name, a)?;
                            t = unify(&t, a).ok_or_else(|| {
                                CompileError::typing(format!("`{name}` of `{t}` and `{a}`"), span)
                            })?;
                        }
                        t
                    }
                    I::BuiltinInt | I::BuiltinFloat | I::BuiltinBool => {
                        arity(name, 0, 1)?;
                        if let Some(a) = arg_types.first() {
                            numeric(name, a)?;
                        }
                        match f {
                            I::BuiltinInt => Type::Int,
                            I::BuiltinFloat => Type::Float,
                            _ => Type::Bool,
                        }
                    }
                    I::BuiltinRound => {
                        if args.len() == 2 {
                            return Err(CompileError::unsupported(
                                "`round(x, ndigits)` is not supported yet",
                                span,
                            ));
                        }
                        arity(name, 1, 1)?;
                        numeric(name, &arg_types[0])?;
                        Type::Int
                    }
                    I::BuiltinRange => {
                        return Err(CompileError::unsupported(
                            "`range(...)` is only supported as the iterable of a `for` loop",
                            span,
                        ))
                    }
                    other => {
                        return Err(CompileError::internal(
                            "infer",
                            format!("builtin `{}` has no typing", other.name()),
                        ))
                    }
                }
            }
            Callable::Intrinsic(f) if f.module() == intrinsics::Module::Math => {
                let what = f.qualified();
                no_kwargs(&what)?;
                let n = f.params().len();
                arity(&what, n, n)?;
                for a in &arg_types {
                    numeric(&what, a)?;
                }
                match f.rule() {
                    Rule::Math(MathRule::Int) => Type::Int,
                    Rule::Math(MathRule::Bool) => Type::Bool,
                    Rule::Math(MathRule::Float) => Type::Float,
                    r => {
                        return Err(CompileError::internal(
                            "infer",
                            format!("`{what}` has typing rule {r:?}"),
                        ))
                    }
                }
            }
            Callable::Intrinsic(f) => {
                let (pa, pk) = self.numpy_args(args, kwargs);
                numpy::call(*f, &pa, &pk, span)?
            }
            Callable::Method(f) => {
                let Some(InstKind::Attr(recv, _)) = self.def_kind(func) else {
                    return Err(CompileError::internal("infer", "method without receiver"));
                };
                let (mut pa, pk) = self.numpy_args(args, kwargs);
                let recv_t = self.ty(recv).clone();
                pa.insert(
                    0,
                    Arg {
                        ty: recv_t.clone(),
                        konst: None,
                    },
                );
                match f {
                    // `a.sort()` sorts in place and returns None.
                    I::MethodSort => {
                        numpy::call(I::Sort, &pa, &pk, span)?;
                        Type::None
                    }
                    I::Reshape if pa.len() > 2 || (pa.len() == 2 && pa[1].ty == Type::Int) => {
                        numpy::reshape_variadic(&recv_t, &pa[1..], span)?
                    }
                    I::Transpose if pa.len() > 1 => {
                        return Err(CompileError::unsupported(
                            "`transpose` with an axes argument is not supported yet",
                            span,
                        ))
                    }
                    f => numpy::call(*f, &pa, &pk, span)?,
                }
            }
            Callable::Jitted(id) => {
                no_kwargs("a jitted function")?;
                for t in &arg_types {
                    if t.is_compile_time() {
                        return Err(CompileError::unsupported(
                            format!("cannot pass {t} to a jitted function"),
                            span,
                        ));
                    }
                }
                let idx = prog.instance(*id, &arg_types, env).map_err(|e| {
                    // Errors inside the callee are located in the callee's source already.
                    if e.rendered.is_some() {
                        e
                    } else {
                        e.with_hint("raised while compiling a called jitted function")
                    }
                })?;
                self.callees.insert(result, idx);
                prog.return_type(idx)
            }
        })
    }

    fn def_kind(&self, v: ValueId) -> Option<InstKind> {
        self.defs[v.0 as usize].map(|inst| inst.kind.clone())
    }

    fn numpy_args(
        &self,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> (Vec<Arg>, Vec<(String, Arg)>) {
        let arg = |v: &ValueId| Arg {
            ty: self.ty(*v).clone(),
            konst: self.const_index(*v),
        };
        (
            args.iter().map(arg).collect(),
            kwargs.iter().map(|(k, v)| (k.clone(), arg(v))).collect(),
        )
    }
}

/// Definite assignment: the variables read somewhere they may not have been assigned yet.
fn maybe_unbound(f: &Function) -> Result<std::collections::HashSet<VarId>> {
    use crate::ir::cfg::{self, Cfg, Dataflow, Direction};
    use std::collections::HashSet;

    /// Must-analysis: the variables assigned on every path to a block's entry.
    struct Assigned<'f>(&'f Function);
    impl Dataflow for Assigned<'_> {
        type Fact = HashSet<VarId>;
        const DIRECTION: Direction = Direction::Forward;
        fn boundary(&self) -> HashSet<VarId> {
            self.0.params.iter().copied().collect()
        }
        fn meet(&self, a: &HashSet<VarId>, b: &HashSet<VarId>) -> HashSet<VarId> {
            a.intersection(b).copied().collect()
        }
        fn transfer(&self, b: BlockId, input: &HashSet<VarId>) -> HashSet<VarId> {
            let mut s = input.clone();
            for inst in &self.0.block(b).insts {
                if let InstKind::Store(v, _) = inst.kind {
                    s.insert(v);
                }
            }
            s
        }
    }

    let graph = Cfg::new(f);
    // Each block's entry set only shrinks, and every change costs one visit.
    let budget = f.blocks.len() * (f.vars.len() + 2);
    let solution = cfg::solve(&graph, &Assigned(f), budget)
        .ok_or_else(|| CompileError::internal("infer", "definite assignment did not converge"))?;
    let mut result = HashSet::new();
    for (b, block) in f.blocks.iter().enumerate() {
        // Unreachable blocks have no entry set and are not compiled.
        let Some(entry) = solution.input(BlockId(b as u32)) else {
            continue;
        };
        let mut s = entry.clone();
        for inst in &block.insts {
            match inst.kind {
                InstKind::Store(v, _) => {
                    s.insert(v);
                }
                InstKind::Load(v) if !s.contains(&v) => {
                    result.insert(v);
                }
                _ => {}
            }
        }
    }
    Ok(result)
}

/// Parse, lower and type one instance; used by [`Program::instance`].
pub(crate) fn lower_source(src: &FunctionSource) -> Result<Function> {
    let def = crate::syntax::parse_function(&src.text).map_err(|e| e.locate(src))?;
    crate::lower::lower(&def).map_err(|e| e.locate(src))
}
