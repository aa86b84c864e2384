//! Type inference: argument types + untyped IR → a typed function (every value has a concrete
//! type). Variables take the unification of everything stored into them, iterated to a fixed
//! point; calls to other jitted functions infer those functions' instances on demand.

use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{self, Intrinsic as I, MathRule, Rule};
use crate::ir::*;
use crate::types::{unify, Callable, Dtype, Layout, Type};
use crate::{Environment, FunctionSource, GlobalValue, Program};

mod assigned;
mod bind;
mod builtins;
mod calls;
pub mod classes;
pub(crate) mod complex;
pub(crate) mod complex_array;
pub(crate) mod dicts;
mod ellipsis;
pub use bind::{ArgSource, JittedCall, Signature};
mod fft;
mod generator;
mod index;
mod inst_kinds;
mod isinstance;
mod linalg;
mod lists;
mod manipulation;
mod math_seq;
mod narrow;
mod prune;
mod py_random;
mod raise;
pub use prune::prune_type_tests;
mod histogram;
pub mod numpy;
mod range;
mod rearrange;
pub mod records;
mod search;
mod signal;
mod statistics;
mod strings;
mod tuple_index;
mod typed;
mod ufunc_more;
mod ufunc_out;
mod ufunc_where;
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
    /// Module-level values frozen as constants (`GlobalValue::Frozen`): one word per component.
    pub frozen: HashMap<ValueId, Vec<u64>>,
    /// Values that are `str` constants taken from globals.
    pub str_consts: HashMap<ValueId, String>,
    /// Call instructions to other jitted functions → the callee instance and its arguments.
    pub callees: HashMap<ValueId, JittedCall>,
    /// The instruction defining each value, as (block, index in block).
    pub defs: HashMap<ValueId, (BlockId, usize)>,
    /// Block-local array variables whose element-wise values are forwarded, not materialised
    /// (set by the fusion pass).
    pub forward: std::collections::BTreeSet<VarId>,
    /// Variables some read of which may happen before any assignment (checked at run time:
    /// `UnboundLocalError`, as in Python).
    pub maybe_unbound: std::collections::HashSet<VarId>,
    /// `jitclass` field reads (`Attr`) and writes (`SetAttr`): slot and type (`infer::classes`).
    pub fields: HashMap<ValueId, classes::FieldAccess>,
    /// Fields of records read or written (`infer::records`): dtype and byte offset.
    pub records: HashMap<ValueId, records::FieldRef>,
    /// String literals that only name record fields (codegen makes no string for them).
    pub field_keys: std::collections::HashSet<ValueId>,
    /// `jitclass` constructor calls.
    pub constructors: HashMap<ValueId, classes::Construct>,
    /// Field accesses and method calls whose receiver may be `None`: checked at run time, with
    /// the `AttributeError` message.
    pub receiver_checks: HashMap<ValueId, String>,
    /// The key function of each `sort(key=f)` / `sorted(..., key=f)` call: the instance of `f`
    /// and its result type.
    pub sort_keys: HashMap<ValueId, (usize, Type)>,
    /// Literal string arguments of intrinsics, as the keyword they name (`mode="edge"`):
    /// codegen passes the keyword's code, not the text.
    pub words: HashMap<ValueId, crate::intrinsics::Word>,
    /// `prange` loops that run in chunks, by their first body block (set by the prange pass).
    pub pranges: HashMap<BlockId, crate::passes::prange::Prange>,
    /// Compiled with `parallel=True` (set before the passes; the loop stage schedules by it).
    pub parallel: bool,
    /// The loops codegen emits, as data (set by the loop stage, `crate::loops`).
    pub kernels: Vec<crate::loops::Kernel>,
    /// Innermost `range` loops codegen runs two iterations at a time, by the block that enters
    /// them (set by the `vectorize` pass).
    pub vector_loops: HashMap<BlockId, crate::passes::vectorize::VectorLoop>,
    /// `range` tests whose step, a variable, is known positive (set by the range analysis).
    pub positive_steps: std::collections::HashSet<ValueId>,
    /// Dividends of `//` and `%` known non-negative (set by the range analysis).
    pub nonneg_dividends: std::collections::HashSet<ValueId>,
    /// Writes into the `out` of a ufunc (`infer::ufunc_out`): their shape check raises NumPy's
    /// messages for an output operand.
    pub ufunc_stores: std::collections::HashSet<ValueId>,
    /// Compiled with line counters (`Options::profile`): if-conversion is off, so the arms of
    /// a short `if` keep their own lines and exact hits.
    pub profiled: bool,
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
    pub(crate) str_consts: HashMap<ValueId, String>,
    pub(crate) callees: HashMap<ValueId, JittedCall>,
    changed: bool,
    /// The instruction defining each value, by value id (built once: the IR does not change
    /// during inference).
    defs: Vec<Option<&'a Inst>>,
    /// The first instruction reading each value, by value id (a list display is typed by
    /// what reads it: see [`lists`]).
    users: Vec<Option<&'a Inst>>,
    /// Values defined inside the body of a `prange` loop, by value id (lists may not change
    /// length there: the threads would race).
    in_prange: Vec<bool>,
    sort_keys: HashMap<ValueId, (usize, Type)>,
    words: HashMap<ValueId, crate::intrinsics::Word>,
    /// Variables whose type `locals=` fixes: stores convert to it instead of widening it.
    pinned: HashMap<VarId, Type>,
    frozen: HashMap<ValueId, Vec<u64>>,
    /// Reads of variables where a test showed they are not `None` ([`narrow`]).
    narrowed: std::collections::HashSet<ValueId>,
    fields: HashMap<ValueId, classes::FieldAccess>,
    constructors: HashMap<ValueId, classes::Construct>,
    receiver_checks: HashMap<ValueId, String>,
    records: HashMap<ValueId, records::FieldRef>,
    field_keys: std::collections::HashSet<ValueId>,
    /// Ufunc calls with `out` (`ufunc_out`): the ufunc's own result type, by call.
    ufunc_outs: HashMap<ValueId, Type>,
    /// Those of them with a `where` mask (`ufunc_where`).
    ufunc_wheres: HashMap<ValueId, ufunc_where::Masked>,
}

/// The result type of an arithmetic operator on two scalar types (NumPy/Numba promotion).
pub fn arith_result(op: BinOp, a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    if matches!(a, Complex) || matches!(b, Complex) {
        return complex::arith_result(op, a, b);
    }
    if matches!(a, Uint64) || matches!(b, Uint64) {
        return uint64_arith_result(op, a, b);
    }
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

/// Arithmetic with a uint64 scalar: with bool or uint64 it stays uint64; with int64 (any Python
/// int, as in Numba) NumPy's `uint64 + int64 -> float64`; bitwise operators and shifts need
/// both operands unsigned.
fn uint64_arith_result(op: BinOp, a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    let unsigned = |t: &Type| matches!(t, Uint64 | Bool);
    Some(match op {
        BinOp::MatMul => return Option::None,
        BinOp::Div if a.is_number() && b.is_number() => Float,
        _ if unsigned(a) && unsigned(b) => Uint64,
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::LShift | BinOp::RShift => {
            return Option::None
        }
        _ if a.is_number() && b.is_number() => Float,
        _ => return Option::None,
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
            I::BuiltinComplex => Some(Dtype::Complex128),
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
        let mut users = vec![None; ir.value_count as usize];
        for inst in ir.blocks.iter().flat_map(|b| &b.insts) {
            defs[inst.result.0 as usize] = Some(inst);
            for v in inst.kind.operands() {
                users[v.0 as usize].get_or_insert(inst);
            }
        }
        let mut in_prange = vec![false; ir.value_count as usize];
        for l in ir.range_loops.iter().filter(|l| l.parallel) {
            for b in &l.blocks {
                for inst in &ir.block(*b).insts {
                    in_prange[inst.result.0 as usize] = true;
                }
            }
        }
        Inference {
            func_id,
            ir,
            value_types: vec![Type::Unknown; ir.value_count as usize],
            var_types,
            ret: Type::Unknown,
            consts: HashMap::new(),
            str_consts: HashMap::new(),
            callees: HashMap::new(),
            changed: false,
            defs,
            users,
            in_prange,
            sort_keys: HashMap::new(),
            words: HashMap::new(),
            pinned: HashMap::new(),
            frozen: HashMap::new(),
            narrowed: narrow::narrowed_loads(ir),
            fields: HashMap::new(),
            constructors: HashMap::new(),
            receiver_checks: HashMap::new(),
            records: HashMap::new(),
            field_keys: Default::default(),
            ufunc_outs: HashMap::new(),
            ufunc_wheres: HashMap::new(),
        }
    }

    /// Fix the types of the variables `locals=` names (Numba's option): a store converts its
    /// value to the declared type. Numbers convert to any number type; other types must widen
    /// to the declared one (an array of layout `A` takes C and Fortran arrays).
    pub(crate) fn pin_locals(&mut self, locals: &[(String, Type)]) -> Result<()> {
        for (name, t) in locals {
            let found = (0..self.ir.vars.len())
                .map(|k| VarId(k as u32))
                .find(|v| self.ir.var_name(*v) == name.as_str());
            let Some(var) = found else {
                return Err(CompileError::typing(
                    format!(
                        "`locals=` names `{name}`, which is not a local variable of `{}`",
                        self.ir.name
                    ),
                    self.ir.span,
                ));
            };
            if self.ir.params.contains(&var) {
                return Err(CompileError::unsupported(
                    format!("`locals=` cannot fix the type of the parameter `{name}`"),
                    self.ir.span,
                )
                .with_hint("the argument's type comes from the call; convert it in the body"));
            }
            self.var_types[var.0 as usize] = t.clone();
            self.pinned.insert(var, t.clone());
        }
        Ok(())
    }

    /// A store of a `t` into a variable `locals=` declared `declared`: allowed?
    fn fits_pinned(declared: &Type, t: &Type) -> bool {
        (declared.is_number() && t.is_number()) || unify(declared, t).as_ref() == Some(declared)
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
                if matches!(t, Type::Function(_)) {
                    return Err(CompileError::unsupported(
                        "returning a function from a jitted function is not supported (pass \
                         it on as an argument, or call it)",
                        *span,
                    ));
                }
                records::check_return(&t, *span)?;
                if generator::holds_generator(&t) {
                    return Err(CompileError::unsupported(
                        "returning a `numpy.random.Generator` from a jitted function is not \
                         supported",
                        *span,
                    )
                    .with_hint("create the generator where it is used and return what it draws"));
                }
                match unify(&self.ret, &t).or_else(|| lists::fill(&self.ret, &t)) {
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
    pub(crate) fn finish(mut self, args: &[Type]) -> Result<TypedFunction> {
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
                if lists::unknown_elements(&self.value_types[inst.result.0 as usize]) {
                    return Err(CompileError::typing(
                        "cannot infer the element type of this empty list",
                        inst.span,
                    )
                    .with_hint("append to it in this function, or start from a non-empty list"));
                }
                if dicts::unknown_entries(&self.value_types[inst.result.0 as usize]) {
                    return Err(CompileError::typing(
                        "cannot infer the key or value type of this empty dict or set",
                        inst.span,
                    )
                    .with_hint(
                        "store an item in it in this function, or start from a non-empty one",
                    ));
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
        let ufunc_outs = std::mem::take(&mut self.ufunc_outs);
        let ufunc_wheres = std::mem::take(&mut self.ufunc_wheres);
        let mut tf = TypedFunction {
            ir: self.ir.clone(),
            arg_types: args.to_vec(),
            value_types: self.value_types,
            var_types: self.var_types,
            ret,
            consts: self.consts,
            frozen: self.frozen,
            str_consts: self.str_consts,
            callees: self.callees,
            fields: self.fields,
            constructors: self.constructors,
            receiver_checks: self.receiver_checks,
            records: self.records,
            field_keys: self.field_keys,
            defs,
            forward: Default::default(),
            sort_keys: self.sort_keys,
            words: self.words,
            pranges: Default::default(),
            parallel: false,
            profiled: false,
            kernels: Vec::new(),
            vector_loops: HashMap::new(),
            positive_steps: Default::default(),
            nonneg_dividends: Default::default(),
            ufunc_stores: Default::default(),
            maybe_unbound: assigned::maybe_unbound(self.ir)?,
        };
        tuple_index::expand(&mut tf);
        ellipsis::expand(&mut tf);
        ufunc_out::expand(&mut tf, &ufunc_outs, &ufunc_wheres)?;
        Ok(tf)
    }

    fn inst_type(
        &mut self,
        inst: &Inst,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        let span = inst.span;
        if let Some(t) = self.str_inst_type(inst)? {
            return Ok(t);
        }
        if let Some(t) = self.range_inst_type(inst)? {
            return Ok(t);
        }
        if let Some(t) = self.record_inst_type(inst)? {
            return Ok(t);
        }
        Ok(match &inst.kind {
            InstKind::Const(c) => match c {
                Const::Int(_) => Type::Int,
                Const::Float(_) => Type::Float,
                Const::Complex(..) => Type::Complex,
                Const::Bool(_) => Type::Bool,
                Const::None => Type::None,
            },
            InstKind::Load(v) => match &self.var_types[v.0 as usize] {
                Type::Optional(t) if self.narrowed.contains(&inst.result) => (**t).clone(),
                t => t.clone(),
            },
            InstKind::Store(var, v) => {
                let t = self.ty(*v).clone();
                if t.is_compile_time() {
                    return Err(CompileError::unsupported(
                        format!("cannot store {t} in a variable"),
                        span,
                    )
                    .with_hint("call it directly where it is needed"));
                }
                if let Some(declared) = self.pinned.get(var) {
                    if !Self::fits_pinned(declared, &t) {
                        return Err(CompileError::typing(
                            format!(
                                "variable `{}` is declared `{declared}` by `locals=` but is \
                                 assigned `{t}` here",
                                self.ir.var_name(*var),
                            ),
                            span,
                        ));
                    }
                    return Ok(Type::None);
                }
                let cur = &self.var_types[var.0 as usize];
                // (an empty list's or dict's unknown parts, at any depth, take the others')
                match unify(cur, &t).or_else(|| lists::fill(cur, &t)) {
                    Some(u) => {
                        if u != *cur {
                            self.var_types[var.0 as usize] = u.clone();
                            self.changed = true;
                        }
                        self.refine_alias(*v, &t, &u);
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
            InstKind::Attr(v, attr) if classes::is_receiver(self.ty(*v)) => {
                self.instance_attr(inst.result, *v, attr, span, prog, env)?
            }
            InstKind::Attr(v, attr) => match self.typed_attr(*v, attr, span, env)? {
                Some(t) => t,
                None => self.attr(inst.result, *v, attr, span)?,
            },
            InstKind::SetAttr { obj, name, value } => {
                if *self.ty(*obj) == Type::Unknown {
                    return Ok(Type::Unknown);
                }
                self.instance_setattr(inst.result, *obj, name, *value, span, prog, env)?
            }
            InstKind::Binary(..)
            | InstKind::AugBinary(..)
            | InstKind::Unary(..)
            | InstKind::Compare(..)
            | InstKind::Select(..)
            | InstKind::Truth(..) => self.operator_type(inst)?,
            InstKind::List(..)
            | InstKind::Dict(..)
            | InstKind::Set(..)
            | InstKind::Tuple(..)
            | InstKind::Unpack { .. }
            | InstKind::UnpackItem(..)
            | InstKind::Starred(..)
            | InstKind::Slice(..)
            | InstKind::Ellipsis
            | InstKind::GetItem { .. }
            | InstKind::Contains { .. }
            | InstKind::SetItem { .. } => self.structure_type(inst)?,
            InstKind::Call { func, args, kwargs } => {
                self.call(inst.result, *func, args, kwargs, span, prog, env)?
            }
            InstKind::CheckRangeStep(v) => {
                self.expect_int(*v, "range() arguments", span)?;
                Type::None
            }
            InstKind::ShapeSize(s) => match shape_items(self.ty(*s), span)? {
                None => Type::Unknown,
                Some(_) => Type::Int,
            },
            InstKind::FlatPosition(i, a) => {
                self.expect_int(*i, "`.flat` indices", span)?;
                match self.ty(*a) {
                    Type::Unknown => Type::Unknown,
                    Type::Array { .. } => Type::Int,
                    t => {
                        return Err(CompileError::unsupported(
                            format!("`.flat[...]` of `{t}` is not supported (only of arrays)"),
                            span,
                        ))
                    }
                }
            }
            InstKind::MemoryOrder(a) => match self.ty(*a) {
                Type::Unknown => Type::Unknown,
                Type::Array { dtype, ndim, layout } => {
                    // A C or Fortran array in memory order is C-contiguous.
                    let layout = match layout {
                        Layout::C | Layout::F => Layout::C,
                        _ => Layout::A,
                    };
                    Type::array(*dtype, *ndim, layout)
                }
                t => {
                    return Err(CompileError::unsupported(
                        format!("`numpy.nditer` of `{t}` is not supported (only of one array)"),
                        span,
                    ))
                }
            },
            InstKind::Unravel(i, s) => {
                self.expect_int(*i, "an index", span)?;
                match shape_items(self.ty(*s), span)? {
                    None => Type::Unknown,
                    Some(n) => Type::Tuple(vec![Type::Int; n]),
                }
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
            InstKind::Exception(c) => Type::ExceptionClass(crate::types::ExcRef::Builtin(*c)),
            // Typed by `str_inst_type` above.
            InstKind::Str(_) | InstKind::Format(_) => Type::Str,
            InstKind::Raise { class, message } => self.raise(*class, message, span)?,
            InstKind::Print { args, .. } => self.print(args, span)?,
            InstKind::CaughtException => Type::Exception,
            InstKind::CatchMatch(classes) => {
                for c in classes {
                    match self.ty(*c) {
                        Type::ExceptionClass(_) | Type::Unknown => {}
                        t => {
                            return Err(CompileError::typing(
                                format!("`except` needs exception classes, not {t}"),
                                span,
                            ))
                        }
                    }
                }
                Type::Bool
            }
            InstKind::IsNone(v, negated) => match self.ty(*v) {
                Type::Unknown => Type::Unknown,
                Type::Optional(_) => {
                    // Known only at run time (a constant found in an earlier round is stale).
                    self.consts.remove(&inst.result);
                    Type::Bool
                }
                t => {
                    let none = *t == Type::None;
                    self.consts
                        .insert(inst.result, Const::Bool(none != *negated));
                    Type::Bool
                }
            },
            InstKind::Len(v) => match self.ty(*v) {
                Type::Unknown => Type::Unknown,
                Type::Array { .. } | Type::List(_) | Type::Dict(..) | Type::Set(_) => Type::Int,
                // A tuple of items of one type (typed again at each item).
                Type::Tuple(_) => Type::Int,
                t => {
                    return Err(CompileError::unsupported(
                        format!(
                        "cannot iterate over `{t}` (iterate over `range(...)`, an array, a list or a tuple)"
                    ),
                        span,
                    ))
                }
            },
        })
    }
}

/// Parse, lower and type one instance; used by [`Program::instance`].
pub(crate) fn lower_source(src: &FunctionSource) -> Result<Function> {
    let def = crate::syntax::parse_function(&src.text).map_err(|e| e.locate(src))?;
    crate::lower::lower(&def).map_err(|e| e.locate(src))
}

/// The number of axes of a shape: an int (one axis) or a tuple of ints; `None` while unknown.
fn shape_items(t: &Type, span: Span) -> Result<Option<usize>> {
    match t {
        Type::Unknown => Ok(None),
        Type::Int => Ok(Some(1)),
        Type::Tuple(items) if items.iter().all(|t| *t == Type::Int) => Ok(Some(items.len())),
        t => Err(CompileError::typing(
            format!("a shape must be an int or a tuple of ints, not `{t}`"),
            span,
        )),
    }
}
