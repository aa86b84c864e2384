//! Array fusion across statements.
//!
//! 1. Forwarding: an array variable that lives inside one block (stored, then read only later in
//!    the same block) keeps its element-wise expression instead of being materialised, so
//!    `y_pred = dot(X, c); err = y - y_pred; s = sum(err ** 2)` reads `X` and `y` in one loop and
//!    writes no temporary array.
//! 2. Reduction scheduling: a later reduction whose inputs can be computed earlier (pure
//!    instructions, no store to what they read in between) is moved next to an earlier
//!    reduction, so codegen computes both in one pass over the data.
//!
//! Both rely on an alias rule: an *exclusive* array variable (never a parameter, only ever
//! assigned fresh arrays, never copied or viewed into another place) shares memory with no other
//! variable, so element stores into it cannot change what other expressions read.

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::intrinsics::{Effects, Intrinsic};
use crate::ir::*;
use crate::types::{Callable, Type};
use std::collections::{HashMap, HashSet};

/// The intrinsic a call calls, and whether it is a method (receiver not in the arguments).
fn callee(f: &TypedFunction, func: ValueId) -> Option<(Intrinsic, bool)> {
    match f.ty(func) {
        Type::Function(Callable::Intrinsic(i)) => Some((*i, false)),
        Type::Function(Callable::Method(i)) => Some((*i, true)),
        _ => None,
    }
}

/// Does the instruction write memory or have other effects that forbid reordering?
fn has_effects(f: &TypedFunction, inst: &Inst) -> bool {
    match &inst.kind {
        InstKind::Store(..)
        | InstKind::SetItem { .. }
        | InstKind::SetAttr { .. }
        | InstKind::CheckRangeStep(_)
        | InstKind::ShapeSize(_) => true,
        InstKind::AugBinary(_, a, _) => matches!(f.ty(*a), Type::Array { .. }),
        InstKind::Call { func, .. } => match f.ty(*func) {
            Type::Function(Callable::Intrinsic(i) | Callable::Method(i)) => {
                matches!(i.effects(), Effects::Random | Effects::Mutates)
            }
            _ => true,
        },
        _ => false,
    }
}

/// Does this value result in a view of (some) array it reads, rather than a fresh array?
pub(crate) fn is_view(f: &TypedFunction, v: ValueId) -> bool {
    let Some(inst) = f.def(v) else { return false };
    if !matches!(f.ty(v), Type::Array { .. }) {
        return false;
    }
    match &inst.kind {
        InstKind::Load(_) | InstKind::GetItem { .. } | InstKind::UnpackItem(..) => true,
        InstKind::Unpack { .. } => true,
        InstKind::Attr(_, n) => matches!(n.as_str(), "T" | "real" | "imag"),
        InstKind::Call { func, .. } => {
            matches!(callee(f, *func), Some((i, _)) if i.effects() == Effects::View)
        }
        _ => false,
    }
}

/// Array variables that no other variable can alias (see the module doc).
fn exclusive_vars(f: &TypedFunction) -> HashSet<VarId> {
    let mut excl: HashSet<VarId> = (0..f.var_types.len() as u32)
        .map(VarId)
        .filter(|v| matches!(f.var_types[v.0 as usize], Type::Array { .. }))
        .filter(|v| !f.ir.params.contains(v))
        .collect();
    // Users of each value.
    let mut users: HashMap<ValueId, Vec<&Inst>> = HashMap::new();
    for b in &f.ir.blocks {
        for inst in &b.insts {
            for u in inst.kind.operands() {
                users.entry(u).or_default().push(inst);
            }
        }
    }
    for b in &f.ir.blocks {
        for inst in &b.insts {
            match &inst.kind {
                InstKind::Store(v, x) if excl.contains(v) && is_view(f, *x) => {
                    excl.remove(v);
                }
                InstKind::Load(v) if excl.contains(v) => {
                    // Follow views of this load; any that escape make the variable shared.
                    let mut stack = vec![inst.result];
                    let mut escapes = false;
                    while let Some(x) = stack.pop() {
                        for u in users.get(&x).map(|v| v.as_slice()).unwrap_or(&[]) {
                            match &u.kind {
                                InstKind::Store(..) | InstKind::Unpack { .. } => escapes = true,
                                // A tuple escapes unless it is only returned.
                                InstKind::Tuple(_) => {
                                    let returned_only = users
                                        .get(&u.result)
                                        .is_none_or(|us| us.is_empty())
                                        && f.ir.blocks.iter().any(|b| {
                                            matches!(b.term, Terminator::Return(r, _) if r == u.result)
                                        });
                                    if !returned_only {
                                        escapes = true;
                                    }
                                }
                                InstKind::Call { func, .. }
                                    if matches!(
                                        f.ty(*func),
                                        Type::Function(Callable::Jitted(_))
                                    ) =>
                                {
                                    escapes = true
                                }
                                _ => {
                                    if is_view(f, u.result) {
                                        stack.push(u.result);
                                    }
                                }
                            }
                        }
                        // Returned directly.
                        for b2 in &f.ir.blocks {
                            if matches!(b2.term, Terminator::Return(r, _) if r == x) {
                                escapes = true;
                            }
                        }
                    }
                    if escapes {
                        excl.remove(v);
                    }
                }
                _ => {}
            }
        }
    }
    excl
}

/// Variables (transitively) read by the computation of `v` within `block`.
fn reads(block: &Block, v: ValueId, out: &mut HashSet<VarId>) {
    let Some(inst) = block.insts.iter().find(|i| i.result == v) else {
        return;
    };
    if let InstKind::Load(x) = inst.kind {
        out.insert(x);
    }
    for u in inst.kind.operands() {
        reads(block, u, out);
    }
}

/// May the instruction write memory that a reader of `read` variables sees?
fn writes_into(
    f: &TypedFunction,
    block: &Block,
    inst: &Inst,
    read: &HashSet<VarId>,
    excl: &HashSet<VarId>,
) -> bool {
    match &inst.kind {
        InstKind::Store(v, _) => read.contains(v),
        InstKind::SetItem { value, .. } | InstKind::AugBinary(_, value, _)
            if matches!(f.ty(*value), Type::Array { .. }) =>
        {
            let mut target = HashSet::new();
            reads(block, *value, &mut target);
            // Safe only when the target is one exclusive variable that is not read.
            !(target.len() == 1 && target.iter().all(|t| excl.contains(t) && !read.contains(t)))
        }
        _ => has_effects(f, inst),
    }
}

pub fn fuse(f: &mut TypedFunction) -> Result<()> {
    let excl = exclusive_vars(f);
    // 1. Forwarding candidates: block-local array variables.
    let mut where_used: HashMap<VarId, HashSet<usize>> = HashMap::new();
    for (bi, b) in f.ir.blocks.iter().enumerate() {
        for inst in &b.insts {
            if let InstKind::Load(v) | InstKind::Store(v, _) = inst.kind {
                where_used.entry(v).or_default().insert(bi);
            }
        }
    }
    let mut forward = std::collections::BTreeSet::new();
    for (v, blocks) in &where_used {
        if blocks.len() != 1 || f.ir.params.contains(v) {
            continue;
        }
        // Complex arrays are computed by runtime calls, never forwarded into kernels.
        if !matches!(f.var_types[v.0 as usize], Type::Array { dtype, .. } if !dtype.is_complex()) {
            continue;
        }
        let bi = *blocks.iter().next().unwrap_or(&0);
        let block = &f.ir.blocks[bi];
        // Each load must follow a store in the block, with nothing in between that changes
        // what the stored expression reads.
        let mut current: Option<(usize, HashSet<VarId>)> = None;
        let mut ok = true;
        for (i, inst) in block.insts.iter().enumerate() {
            match inst.kind {
                InstKind::Store(x, val) if x == *v => {
                    let mut r = HashSet::new();
                    reads(block, val, &mut r);
                    current = Some((i, r));
                }
                InstKind::Load(x) if x == *v => match &current {
                    None => ok = false,
                    Some((s, r)) => {
                        if block.insts[*s + 1..i]
                            .iter()
                            .any(|m| writes_into(f, block, m, r, &excl))
                        {
                            ok = false;
                        }
                    }
                },
                _ => {}
            }
        }
        if ok && current.is_some() {
            forward.insert(*v);
        }
    }
    f.forward = forward;
    // 2. Reduction scheduling, block by block.
    for bi in 0..f.ir.blocks.len() {
        schedule_block(f, bi, &excl);
    }
    super::rebuild_defs(f);
    Ok(())
}

/// A whole-array reduction that may share a pass with others (the loop stage's definition).
fn is_fusible_reduction(f: &TypedFunction, inst: &Inst) -> bool {
    crate::loops::build::reduction_shape(f, inst).is_some()
}

/// Move the input computation of later reductions up to the group of reductions before them,
/// so that the whole run of reductions is adjacent (one kernel, one pass over the data).
fn schedule_block(f: &mut TypedFunction, bi: usize, excl: &HashSet<VarId>) {
    let mut start = 0;
    loop {
        let block = &f.ir.blocks[bi];
        let fusible = |i: usize| is_fusible_reduction(f, &block.insts[i]);
        let Some(g0) = (start..block.insts.len()).find(|i| fusible(*i)) else {
            return;
        };
        // The group: adjacent reductions from g0.
        let mut gend = g0;
        while gend + 1 < block.insts.len() && fusible(gend + 1) {
            gend += 1;
        }
        let Some(r2) = (gend + 1..block.insts.len()).find(|i| fusible(*i)) else {
            return;
        };
        // The cone of r2: instructions after the group it depends on.
        let mut cone: HashSet<ValueId> = HashSet::new();
        let mut needs_group = false;
        let mut stack = vec![block.insts[r2].result];
        while let Some(v) = stack.pop() {
            if let Some(pos) = block.insts.iter().position(|i| i.result == v) {
                if (g0..=gend).contains(&pos) {
                    needs_group = true;
                } else if pos > gend && cone.insert(v) {
                    stack.extend(block.insts[pos].kind.operands());
                }
            }
        }
        let mut read = HashSet::new();
        reads(block, block.insts[r2].result, &mut read);
        // A reduction that consumes one of the group's results cannot share its pass.
        let movable = !needs_group
            && block.insts[g0..=r2].iter().all(|inst| {
                if cone.contains(&inst.result) {
                    // Moved instructions must be pure.
                    inst.result == block.insts[r2].result || !has_effects(f, inst)
                } else {
                    // What they move past must not change what they read.
                    !writes_into(f, block, inst, &read, excl)
                }
            });
        if !movable {
            start = gend + 1;
            continue;
        }
        // New order: [.. g0) + cone (without r2) + group + r2 + rest.
        let insts = std::mem::take(&mut f.ir.blocks[bi].insts);
        let (head, tail) = insts.split_at(g0);
        let group = &tail[..=gend - g0];
        let r2_inst = tail[r2 - g0].clone();
        let mut moved = Vec::new();
        let mut rest = Vec::new();
        for inst in &tail[gend - g0 + 1..] {
            if inst.result == r2_inst.result {
                continue;
            }
            if cone.contains(&inst.result) {
                moved.push(inst.clone());
            } else {
                rest.push(inst.clone());
            }
        }
        let mut new = head.to_vec();
        new.extend(moved.iter().cloned());
        new.extend(group.iter().cloned());
        new.push(r2_inst);
        new.extend(rest);
        f.ir.blocks[bi].insts = new;
        super::rebuild_defs(f);
        // Look at the (now longer) group again.
        start = g0 + moved.len();
    }
}

/// Array variables that can only hold arrays compiled code allocated (never a borrowed, maybe
/// read-only, NumPy array): not parameters, and every value stored into them is a fresh array
/// (not a view or copy of another variable, per array fusion's `is_view`, and not the result
/// of a jitted call, which may return its argument). Writes into them need no read-only check.
pub(crate) fn fresh_vars(tf: &TypedFunction) -> HashSet<VarId> {
    let mut fresh: HashSet<VarId> = (0..tf.var_types.len() as u32)
        .map(VarId)
        .filter(|v| matches!(tf.var_types[v.0 as usize], Type::Array { .. }))
        .filter(|v| !tf.ir.params.contains(v))
        .collect();
    for b in &tf.ir.blocks {
        for inst in &b.insts {
            if let InstKind::Store(v, x) = &inst.kind {
                let fresh_value = match tf.def(*x).map(|i| &i.kind) {
                    Some(InstKind::Call { func, .. }) => {
                        !matches!(tf.ty(*func), Type::Function(Callable::Jitted(_)))
                            && !is_view(tf, *x)
                    }
                    Some(_) => !is_view(tf, *x),
                    None => false,
                };
                if !fresh_value {
                    fresh.remove(v);
                }
            }
        }
    }
    fresh
}
