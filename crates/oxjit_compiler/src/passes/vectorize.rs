//! Which `for j in range(start, stop)` loops codegen runs two iterations at a time with 128-bit
//! vectors (`f64x2`, `codegen/vectorize.rs`).
//!
//! A loop qualifies when it is innermost and its body is one straight-line block of float64
//! element maps: element reads and writes `a[..., j + c]` of float64 arrays whose last axis is
//! contiguous (known from the type, or checked at run time; the other indices loop-invariant), `+ - *`, `/` by a non-zero constant, unary `-`, loop-invariant
//! scalars and constants, and float temporaries written before they are read. Every lane does
//! exactly what the scalar iteration does (no reassociation), so results are bit-identical to
//! the scalar loop. What the vector loop may not do is decided at run time, before it starts
//! (codegen falls back to the scalar loop, which raises where Python would):
//! - an index check that could fail anywhere in `[start, stop)`;
//! - a write into a read-only array;
//! - overlap between the memory an array written in the loop touches and any other array's
//!   (a view of the same buffer). Within one array written in the loop, every access must be
//!   the very element written (`C[i, j] += x`), which the plan checks statically.
//!
//! A second form counts flags: a body that is only `if flags[..., j + c]: count += k` over a
//! bool array (after if-conversion: `count = select(flags[j], count + k, count)`) runs sixteen
//! flags at a time; integer addition is exact and associative, so the count is the same.

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::ir::*;
use crate::types::{Dtype, Layout, Type};
use std::collections::{HashMap, HashSet};

/// A loop-invariant integer used as an index: `var + offset` for a variable not stored in the
/// loop, or the constant `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub var: Option<VarId>,
    pub offset: i64,
}

/// One element access `array[inv..., j + offset]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Access {
    pub array: VarId,
    pub ndim: usize,
    pub invariant: Vec<Key>,
    pub offset: i64,
    pub check: Vec<IndexCheck>,
    pub store: bool,
    /// The last axis is known contiguous (C layout, or a 1-D F array); otherwise the guard
    /// checks its stride.
    pub contiguous: bool,
}

/// What a body instruction is in the vector loop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Role {
    /// `j + offset` (the loop variable or the counter, plus a constant).
    J(i64),
    /// A loop-invariant integer.
    Int,
    /// A float64: a vector of two lanes, or a scalar that is the same in both.
    Float,
    /// An array variable read (its parts are taken before the loop).
    Array,
    /// `j = counter`: set after the vector loop.
    Target,
    /// A float temporary's store.
    Temp,
    /// Element access number `k` of [`VectorLoop::accesses`].
    Access(usize),
    /// A bool element (or its truth) of the counted array.
    Flag,
    /// The counter's value at the top of the iteration.
    Count,
    /// The counter plus its constant step.
    CountPlus,
    /// `select(flag, count + k, count)` and its store back to the counter.
    CountNext,
    CountStore,
}

/// What the vector loop computes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Form {
    /// Float64 element maps, two lanes per vector (`f64x2`).
    Map,
    /// `if flags[j]: count += step` over a bool array, sixteen flags per vector (`i8x16`,
    /// counted with a mask and a population count): the integer counter's final value is the
    /// same whatever the order.
    CountFlags { count: VarId, step: Key },
}

#[derive(Clone, Debug, PartialEq)]
pub struct VectorLoop {
    /// Index into `ir.range_loops`.
    pub loop_index: usize,
    pub form: Form,
    /// One role per body instruction, in order.
    pub roles: Vec<Role>,
    pub accesses: Vec<Access>,
    /// Float temporaries the body writes (their last lane is stored after the vector loop).
    pub temps: Vec<VarId>,
}

/// Record the loops codegen vectorises, by the block that enters them.
pub fn plan(f: &mut TypedFunction) -> Result<()> {
    f.vector_loops.clear();
    if f.profiled || !f.ir.try_regions.is_empty() {
        return Ok(());
    }
    let in_prange: HashSet<BlockId> =
        f.ir.range_loops
            .iter()
            .filter(|l| l.parallel)
            .flat_map(|l| l.blocks.iter().copied())
            .collect();
    let live = f.ir.reachable();
    let mut found = HashMap::new();
    for (li, lp) in f.ir.range_loops.iter().enumerate() {
        if lp.parallel
            || lp.const_step != Some(1)
            || lp.body == lp.latch
            || in_prange.contains(&lp.body)
            || !single_body(f, lp, &live)
        {
            continue;
        }
        let Some(pre) = preheader(f, lp) else {
            continue;
        };
        if let Some(v) = classify(f, li, lp) {
            found.insert(pre, v);
        }
    }
    f.vector_loops = found;
    Ok(())
}

/// Whether the loop body is one block, possibly followed by empty blocks that only jump on to
/// the latch (the join of a converted `if`); unreachable blocks of the loop do not count.
fn single_body(f: &TypedFunction, lp: &RangeLoop, live: &[bool]) -> bool {
    let mut chain: HashSet<BlockId> = [lp.body, lp.latch].into_iter().collect();
    let mut b = lp.body;
    loop {
        let Terminator::Jump(next) = f.ir.block(b).term else {
            return false;
        };
        if next == lp.latch {
            break;
        }
        if !f.ir.block(next).insts.is_empty() || !chain.insert(next) {
            return false;
        }
        b = next;
    }
    lp.blocks
        .iter()
        .all(|x| chain.contains(x) || !live[x.0 as usize])
}

/// The block outside the loop whose branch enters it (the first range test).
fn preheader(f: &TypedFunction, lp: &RangeLoop) -> Option<BlockId> {
    let mut found = None;
    for (bi, b) in f.ir.blocks.iter().enumerate() {
        let id = BlockId(bi as u32);
        if id == lp.latch {
            continue;
        }
        let enters = match &b.term {
            Terminator::Branch {
                then_block,
                else_block,
                ..
            } => *then_block == lp.body && *else_block == lp.exit,
            Terminator::Jump(t) => *t == lp.body,
            _ => false,
        };
        let targets_body = matches!(&b.term, Terminator::Branch { then_block, .. } if *then_block == lp.body)
            || matches!(&b.term, Terminator::Jump(t) if *t == lp.body);
        if targets_body && !enters {
            return None;
        }
        if enters {
            if found.is_some() || matches!(b.term, Terminator::Jump(_)) {
                return None;
            }
            found = Some(id);
        }
    }
    found
}

fn dtype_of(f: &TypedFunction, array: VarId) -> Option<Dtype> {
    match f.var_types[array.0 as usize] {
        Type::Array { dtype, .. } => Some(dtype),
        _ => None,
    }
}

fn is_f64(t: &Type) -> bool {
    *t == Type::Float
}

/// The roles of the body's instructions, or `None` if the body is not a vectorisable map.
fn classify(f: &TypedFunction, li: usize, lp: &RangeLoop) -> Option<VectorLoop> {
    let body = f.ir.block(lp.body);
    let stored: HashSet<VarId> = body
        .insts
        .iter()
        .filter_map(|i| match i.kind {
            InstKind::Store(v, _) => Some(v),
            _ => None,
        })
        .collect();
    let mut roles: HashMap<ValueId, Role> = HashMap::new();
    let mut keys: HashMap<ValueId, Key> = HashMap::new();
    let mut arrays: HashMap<ValueId, VarId> = HashMap::new();
    let mut written: HashSet<VarId> = HashSet::new();
    let mut counted: Option<VarId> = None;
    let mut count_step: Option<Key> = None;
    let mut out = VectorLoop {
        loop_index: li,
        form: Form::Map,
        roles: Vec::new(),
        accesses: Vec::new(),
        temps: Vec::new(),
    };
    let is_loop_var = |v: VarId| v == lp.counter || Some(v) == lp.target;
    for inst in &body.insts {
        let rt = f.ty(inst.result);
        let role = match &inst.kind {
            InstKind::Load(v) if is_loop_var(*v) => Role::J(0),
            InstKind::Load(v) => {
                if f.maybe_unbound.contains(v) || f.forward.contains(v) {
                    return None;
                }
                let vt = &f.var_types[v.0 as usize];
                if stored.contains(v) {
                    if *vt == Type::Int && !written.contains(v) && counted.is_none_or(|c| c == *v) {
                        // Carried: only as the counter of a count of flags.
                        counted = Some(*v);
                        Role::Count
                    } else if written.contains(v) && is_f64(vt) {
                        Role::Float
                    } else {
                        return None;
                    }
                } else {
                    match vt {
                        Type::Int => {
                            keys.insert(
                                inst.result,
                                Key {
                                    var: Some(*v),
                                    offset: 0,
                                },
                            );
                            Role::Int
                        }
                        Type::Float => Role::Float,
                        Type::Array {
                            dtype: Dtype::Float64 | Dtype::Bool,
                            ..
                        } => {
                            arrays.insert(inst.result, *v);
                            Role::Array
                        }
                        _ => return None,
                    }
                }
            }
            InstKind::Store(v, x) => {
                if Some(*v) == lp.target && roles.get(x) == Some(&Role::J(0)) {
                    Role::Target
                } else if Some(*v) == counted && roles.get(x) == Some(&Role::CountNext) {
                    written.insert(*v);
                    Role::CountStore
                } else if *v != lp.counter
                    && is_f64(&f.var_types[v.0 as usize])
                    && roles.get(x) == Some(&Role::Float)
                {
                    if written.insert(*v) {
                        out.temps.push(*v);
                    }
                    Role::Temp
                } else {
                    return None;
                }
            }
            InstKind::Const(Const::Int(k)) => {
                keys.insert(
                    inst.result,
                    Key {
                        var: None,
                        offset: *k,
                    },
                );
                Role::Int
            }
            InstKind::Const(Const::Float(_)) => Role::Float,
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b) => {
                let (ra, rb) = (*roles.get(a)?, *roles.get(b)?);
                let (ka, kb) = (f.const_int(*a), f.const_int(*b));
                match (ra, rb) {
                    (Role::Count, Role::Int) | (Role::Int, Role::Count)
                        if *rt == Type::Int && *op == BinOp::Add =>
                    {
                        // The step: a constant or a loop-invariant variable.
                        let k = *keys.get(if ra == Role::Count { b } else { a })?;
                        if count_step.is_some_and(|s| s != k) {
                            return None;
                        }
                        count_step = Some(k);
                        Role::CountPlus
                    }
                    (Role::J(c), Role::Int) if *rt == Type::Int => match (op, kb) {
                        (BinOp::Add, Some(k)) => Role::J(c.checked_add(k)?),
                        (BinOp::Sub, Some(k)) => Role::J(c.checked_sub(k)?),
                        _ => return None,
                    },
                    (Role::Int, Role::J(c)) if *rt == Type::Int && *op == BinOp::Add => {
                        Role::J(c.checked_add(ka?)?)
                    }
                    (Role::Int, Role::Int) if *rt == Type::Int => {
                        // `i + 1`, `i - 1` of an invariant index: another invariant index.
                        let (x, k) = match (op, keys.get(a), keys.get(b)) {
                            (BinOp::Add, Some(x), Some(y)) if y.var.is_none() => (*x, y.offset),
                            (BinOp::Add, Some(y), Some(x)) if y.var.is_none() => (*x, y.offset),
                            (BinOp::Sub, Some(x), Some(y)) if y.var.is_none() => {
                                (*x, y.offset.checked_neg()?)
                            }
                            _ => return None,
                        };
                        keys.insert(
                            inst.result,
                            Key {
                                var: x.var,
                                offset: x.offset.checked_add(k)?,
                            },
                        );
                        Role::Int
                    }
                    _ if is_f64(rt) => {
                        let float_operand = |r: Role, k: Option<i64>, v: ValueId| match r {
                            Role::Float => is_f64(f.ty(v)),
                            Role::Int => k.is_some(),
                            _ => false,
                        };
                        if !float_operand(ra, ka, *a) || !float_operand(rb, kb, *b) {
                            return None;
                        }
                        match op {
                            BinOp::Add | BinOp::Sub | BinOp::Mul => Role::Float,
                            BinOp::Div => {
                                let nonzero = match kb {
                                    Some(k) => k != 0,
                                    None => matches!(
                                        f.def(*b).map(|i| &i.kind),
                                        Some(InstKind::Const(Const::Float(x))) if *x != 0.0
                                    ),
                                };
                                if !nonzero {
                                    return None;
                                }
                                Role::Float
                            }
                            _ => return None,
                        }
                    }
                    _ => return None,
                }
            }
            InstKind::Unary(UnaryOp::Neg, a)
                if is_f64(rt) && roles.get(a) == Some(&Role::Float) =>
            {
                Role::Float
            }
            InstKind::Truth(x) if roles.get(x) == Some(&Role::Flag) => Role::Flag,
            InstKind::Select(c, a, b)
                if roles.get(c) == Some(&Role::Flag)
                    && roles.get(a) == Some(&Role::CountPlus)
                    && roles.get(b) == Some(&Role::Count) =>
            {
                Role::CountNext
            }
            InstKind::GetItem {
                value,
                index,
                check,
            } if *rt == Type::Bool => {
                let k = access(f, &arrays, &roles, &keys, *value, index, check, false)?;
                if dtype_of(f, k.array) != Some(Dtype::Bool) {
                    return None;
                }
                out.accesses.push(k);
                Role::Access(out.accesses.len() - 1)
            }
            InstKind::GetItem {
                value,
                index,
                check,
            } if is_f64(rt) => {
                let k = access(f, &arrays, &roles, &keys, *value, index, check, false)?;
                if dtype_of(f, k.array) != Some(Dtype::Float64) {
                    return None;
                }
                out.accesses.push(k);
                Role::Access(out.accesses.len() - 1)
            }
            InstKind::SetItem {
                value,
                index,
                check,
                item,
            } => {
                if roles.get(item) != Some(&Role::Float) || !is_f64(f.ty(*item)) {
                    return None;
                }
                let k = access(f, &arrays, &roles, &keys, *value, index, check, true)?;
                if dtype_of(f, k.array) != Some(Dtype::Float64) {
                    return None;
                }
                out.accesses.push(k);
                Role::Access(out.accesses.len() - 1)
            }
            _ => return None,
        };
        out.roles.push(role);
        // An element read is a float to the instructions that use it.
        let value_role = match (role, &inst.kind) {
            (Role::Access(_), InstKind::GetItem { .. }) if *rt == Type::Bool => Role::Flag,
            (Role::Access(_), InstKind::GetItem { .. }) => Role::Float,
            _ => role,
        };
        roles.insert(inst.result, value_role);
    }
    if let Some(count) = counted {
        // A count of flags: one bool element read, the counter updated once, nothing else.
        let only = out.roles.iter().all(|r| {
            matches!(
                r,
                Role::J(_)
                    | Role::Int
                    | Role::Array
                    | Role::Target
                    | Role::Access(_)
                    | Role::Flag
                    | Role::Count
                    | Role::CountPlus
                    | Role::CountNext
                    | Role::CountStore
            )
        });
        let stores = out.roles.iter().filter(|r| **r == Role::CountStore).count();
        if !only || stores != 1 || out.accesses.len() != 1 || !written.contains(&count) {
            return None;
        }
        out.form = Form::CountFlags {
            count,
            step: count_step?,
        };
        return Some(out);
    }
    if out.roles.contains(&Role::Flag) {
        return None;
    }
    // Within an array written in the loop, every access is the element written.
    let written_arrays: HashSet<VarId> = out
        .accesses
        .iter()
        .filter(|a| a.store)
        .map(|a| a.array)
        .collect();
    if written_arrays.is_empty() {
        return None;
    }
    for w in &written_arrays {
        let mut same = out.accesses.iter().filter(|a| a.array == *w);
        let first = same.next()?;
        if same.any(|a| a.invariant != first.invariant || a.offset != first.offset) {
            return None;
        }
    }
    Some(out)
}

/// An element access `array[inv..., j + c]`, if it has that shape.
#[allow(clippy::too_many_arguments)]
fn access(
    f: &TypedFunction,
    arrays: &HashMap<ValueId, VarId>,
    roles: &HashMap<ValueId, Role>,
    keys: &HashMap<ValueId, Key>,
    value: ValueId,
    index: &[ValueId],
    check: &[IndexCheck],
    store: bool,
) -> Option<Access> {
    let array = *arrays.get(&value)?;
    let Type::Array { ndim, layout, .. } = f.var_types[array.0 as usize] else {
        return None;
    };
    let ndim = ndim as usize;
    if index.len() != ndim || ndim == 0 {
        return None;
    }
    let mut invariant = Vec::new();
    for iv in &index[..ndim - 1] {
        invariant.push(*keys.get(iv)?);
    }
    let Role::J(offset) = *roles.get(&index[ndim - 1])? else {
        return None;
    };
    Some(Access {
        array,
        ndim,
        invariant,
        offset,
        check: check.to_vec(),
        store,
        contiguous: layout == Layout::C || (layout == Layout::F && ndim == 1),
    })
}
