//! If-conversion: a short `if` (or `if`/`else`) whose arms only compute scalars and assign
//! scalar variables becomes straight-line code with `select`s, so a data-dependent condition
//! costs no branch (`if flags[i]: count += 1` → `count = select(flag, count + 1, count)`, a
//! conditional move instead of a mispredicted jump half of the time on random data).
//!
//! An arm qualifies when it is only reached from the branch, jumps straight to the join (the
//! other arm or the common successor), holds at most [`MAX_ARM`] instructions, and every
//! instruction can run when the arm would not have: constants, loads and stores of scalar
//! variables (that are always bound), and arithmetic and comparisons on scalars that cannot
//! raise — no division or modulo except by a non-zero constant, no power, no shifts, no array
//! access (an index check proven by the branch condition would no longer hold). A variable is
//! stored at most once per arm and not read after its store there. Each assigned variable gets
//! `x = select(cond, x_then, x_else)`, an arm that does not assign it keeping the old value.
//! The arms' blocks are left empty and unreachable. Not done in code compiled for per-line
//! profiling (`TypedFunction::profiled`), where each arm's line must keep its own hits.

use super::new_value;
use crate::error::Result;
use crate::infer::TypedFunction;
use crate::ir::cfg::Cfg;
use crate::ir::*;
use crate::types::Type;
use std::collections::{HashMap, HashSet};

/// Most instructions an arm may have.
const MAX_ARM: usize = 16;

fn scalar(t: &Type) -> bool {
    t.is_number()
}

/// A divisor that cannot be zero: a non-zero literal.
fn nonzero_const(f: &TypedFunction, v: ValueId) -> bool {
    if f.const_int(v).is_some_and(|c| c != 0) {
        return true;
    }
    matches!(f.def(v).map(|i| &i.kind), Some(InstKind::Const(Const::Float(x))) if *x != 0.0)
}

/// Can this instruction run speculatively (see the module doc)?
fn speculable(f: &TypedFunction, inst: &Inst) -> bool {
    let all_scalar = |vs: &[ValueId]| vs.iter().all(|v| scalar(f.ty(*v)));
    match &inst.kind {
        InstKind::Const(Const::Int(_) | Const::Float(_) | Const::Bool(_)) => true,
        InstKind::Load(var) => {
            scalar(&f.var_types[var.0 as usize]) && !f.maybe_unbound.contains(var)
        }
        // A variable that may be unbound keeps its branch: its assignment is what binds it.
        InstKind::Store(var, v) => {
            let vt = &f.var_types[var.0 as usize];
            scalar(vt) && f.ty(*v) == vt && !f.maybe_unbound.contains(var)
        }
        InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b) => {
            all_scalar(&[*a, *b, inst.result])
                && match op {
                    BinOp::Add | BinOp::Sub | BinOp::Mul => true,
                    BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => true,
                    BinOp::Div | BinOp::FloorDiv | BinOp::Mod => nonzero_const(f, *b),
                    BinOp::Pow | BinOp::MatMul | BinOp::LShift | BinOp::RShift => false,
                }
        }
        InstKind::Unary(_, a) | InstKind::Truth(a) => all_scalar(&[*a, inst.result]),
        InstKind::Compare(_, a, b) => all_scalar(&[*a, *b]),
        InstKind::Select(c, a, b) => all_scalar(&[*c, *a, *b]),
        _ => false,
    }
}

/// The stores of an arm if it qualifies: `var -> stored value`, in order.
fn arm_stores(
    f: &TypedFunction,
    b: BlockId,
    used_elsewhere: &HashSet<ValueId>,
) -> Option<Vec<(VarId, ValueId)>> {
    let block = &f.ir.blocks[b.0 as usize];
    if block.insts.len() > MAX_ARM {
        return None;
    }
    let mut stores: Vec<(VarId, ValueId)> = Vec::new();
    for inst in &block.insts {
        if !speculable(f, inst) || used_elsewhere.contains(&inst.result) {
            return None;
        }
        match inst.kind {
            InstKind::Store(var, v) => {
                if stores.iter().any(|(x, _)| *x == var) {
                    return None;
                }
                stores.push((var, v));
            }
            InstKind::Load(var) if stores.iter().any(|(x, _)| *x == var) => return None,
            _ => {}
        }
    }
    Some(stores)
}

/// Values used outside the block that defines them.
fn crossing_values(f: &TypedFunction) -> HashSet<ValueId> {
    let mut out = HashSet::new();
    for (bi, block) in f.ir.blocks.iter().enumerate() {
        let mut uses: Vec<ValueId> = block.insts.iter().flat_map(|i| i.kind.operands()).collect();
        match &block.term {
            Terminator::Branch { cond, .. } => uses.push(*cond),
            Terminator::Return(v, _) => uses.push(*v),
            _ => {}
        }
        for u in uses {
            if f.defs.get(&u).is_some_and(|(db, _)| db.0 as usize != bi) {
                out.insert(u);
            }
        }
    }
    out
}

pub fn convert(f: &mut TypedFunction) -> Result<()> {
    if f.profiled {
        return Ok(());
    }
    let mut changed = true;
    while changed {
        changed = false;
        let cfg = Cfg::new(&f.ir);
        let live = cfg.reachable().to_vec();
        let crossing = crossing_values(f);
        for (bi, _) in live.iter().enumerate().filter(|(_, l)| **l) {
            let Terminator::Branch {
                cond,
                then_block: t,
                else_block: e,
            } = f.ir.blocks[bi].term.clone()
            else {
                continue;
            };
            let b = BlockId(bi as u32);
            let only_from_b = |x: BlockId| x != b && cfg.preds(x) == [b];
            let jumps_to = |x: BlockId| match f.ir.blocks[x.0 as usize].term {
                Terminator::Jump(j) => Some(j),
                _ => None,
            };
            // (then arm, else arm, join)
            let shape = if t == e {
                None
            } else if only_from_b(t) && jumps_to(t) == Some(e) {
                Some((Some(t), None, e))
            } else if only_from_b(e) && jumps_to(e) == Some(t) {
                Some((None, Some(e), t))
            } else if only_from_b(t)
                && only_from_b(e)
                && jumps_to(t).is_some()
                && jumps_to(t) == jumps_to(e)
                && jumps_to(t) != Some(b)
            {
                jumps_to(t).map(|j| (Some(t), Some(e), j))
            } else {
                None
            };
            let Some((ta, ea, join)) = shape else {
                continue;
            };
            let ts = match ta {
                Some(x) => arm_stores(f, x, &crossing),
                None => Some(Vec::new()),
            };
            let es = match ea {
                Some(x) => arm_stores(f, x, &crossing),
                None => Some(Vec::new()),
            };
            let (Some(ts), Some(es)) = (ts, es) else {
                continue;
            };
            // Move the arms' computations into b, then one select per assigned variable.
            let span = f.ir.blocks[bi]
                .insts
                .last()
                .map(|i| i.span)
                .unwrap_or_default();
            let mut moved: Vec<Inst> = Vec::new();
            for arm in [ta, ea].into_iter().flatten() {
                let insts = std::mem::take(&mut f.ir.blocks[arm.0 as usize].insts);
                moved.extend(
                    insts
                        .into_iter()
                        .filter(|i| !matches!(i.kind, InstKind::Store(..))),
                );
                f.ir.blocks[arm.0 as usize].term = Terminator::Jump(join);
            }
            let mut vars: Vec<VarId> = ts.iter().chain(&es).map(|(v, _)| *v).collect();
            let mut seen = HashSet::new();
            vars.retain(|v| seen.insert(*v));
            let then_of: HashMap<VarId, ValueId> = ts.into_iter().collect();
            let else_of: HashMap<VarId, ValueId> = es.into_iter().collect();
            for var in vars {
                let vt = f.var_types[var.0 as usize].clone();
                let old = new_value(f, vt.clone());
                moved.push(Inst {
                    result: old,
                    kind: InstKind::Load(var),
                    span,
                });
                let (x, y) = (
                    then_of.get(&var).copied().unwrap_or(old),
                    else_of.get(&var).copied().unwrap_or(old),
                );
                let sel = new_value(f, vt);
                moved.push(Inst {
                    result: sel,
                    kind: InstKind::Select(cond, x, y),
                    span,
                });
                let st = new_value(f, Type::None);
                moved.push(Inst {
                    result: st,
                    kind: InstKind::Store(var, sel),
                    span,
                });
            }
            f.ir.blocks[bi].insts.extend(moved);
            f.ir.blocks[bi].term = Terminator::Jump(join);
            super::rebuild_defs(f);
            changed = true;
            break;
        }
    }
    Ok(())
}
