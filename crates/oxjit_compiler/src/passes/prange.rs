//! `prange` loops: classify the variables of each loop body so iterations can run in chunks,
//! serially or on the thread pool, with the same results.
//!
//! - *reductions*: a scalar only updated as `x += e`, `x -= e`, `x *= e` (or `x = x + e`, …) or
//!   `x = min(x, e)` / `max(x, e)`, and read nowhere else in the body;
//! - *private*: assigned before any read in every iteration and not used after the loop;
//! - *live-in*: only read.
//!
//! Anything else is a race the compiler can see (two iterations writing one scalar) and is a
//! `TypingError`. Bodies that `break`, `return`, assign arrays or draw random numbers run as
//! an ordinary (serial, unchunked) loop: their result would otherwise depend on the schedule.

use crate::error::{CompileError, Result};
use crate::infer::TypedFunction;
use crate::intrinsics::{Effects, Intrinsic};
use crate::ir::cfg::Cfg;
use crate::ir::*;
use crate::loops::Reduction;
use crate::types::{Callable, Type};
use std::collections::{HashMap, HashSet};

/// How a statement updates a reduction variable (its accumulator is a [`Reduction`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum RedOp {
    Add,
    Sub,
    Mul,
    Min,
    Max,
}

/// What the loop needs to run in chunks.
#[derive(Clone, Debug, PartialEq)]
pub struct Prange {
    /// Index into `ir.range_loops`.
    pub loop_index: usize,
    pub reductions: Vec<(VarId, Reduction)>,
    pub private: Vec<VarId>,
    pub live_in: Vec<VarId>,
}

fn var_of(f: &TypedFunction, v: ValueId) -> Option<VarId> {
    match f.def(v).map(|i| &i.kind) {
        Some(InstKind::Load(x)) => Some(*x),
        _ => None,
    }
}

/// The reduction a store performs, if it has the shape of one.
fn reduction_of(f: &TypedFunction, var: VarId, val: ValueId) -> Option<(RedOp, ValueId)> {
    match f.def(val).map(|i| &i.kind)? {
        InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b) => {
            let rop = match op {
                BinOp::Add => RedOp::Add,
                BinOp::Sub => RedOp::Sub,
                BinOp::Mul => RedOp::Mul,
                _ => return None,
            };
            if var_of(f, *a) == Some(var) {
                Some((rop, *a))
            } else if var_of(f, *b) == Some(var) && rop != RedOp::Sub {
                Some((rop, *b))
            } else {
                None
            }
        }
        InstKind::Call { func, args, kwargs } if kwargs.is_empty() && args.len() == 2 => {
            let rop = match f.ty(*func) {
                Type::Function(Callable::Intrinsic(Intrinsic::BuiltinMin)) => RedOp::Min,
                Type::Function(Callable::Intrinsic(Intrinsic::BuiltinMax)) => RedOp::Max,
                _ => return None,
            };
            args.iter()
                .find(|a| var_of(f, **a) == Some(var))
                .map(|a| (rop, *a))
        }
        _ => None,
    }
}

pub fn analyse(f: &mut TypedFunction) -> Result<()> {
    let mut found = HashMap::new();
    let graph = Cfg::new(&f.ir);
    for (li, lp) in f.ir.range_loops.iter().enumerate() {
        if !lp.parallel || !graph.is_reachable(lp.body) {
            continue;
        }
        let inside: HashSet<BlockId> = lp.blocks.iter().copied().collect();
        let mut serial_only = lp.exit != lp.break_to;
        let mut stores: HashMap<VarId, Vec<(BlockId, usize, ValueId)>> = HashMap::new();
        let mut loads: HashMap<VarId, Vec<(BlockId, usize, ValueId)>> = HashMap::new();
        for b in &lp.blocks {
            if *b == lp.latch {
                continue;
            }
            let block = f.ir.block(*b);
            // Leaving the loop other than through the latch (`return`, `break`).
            if matches!(block.term, Terminator::Return(..) | Terminator::Raise(_))
                || f.ir.landing_of(*b).is_some()
                || graph.succs(*b).iter().any(|s| !inside.contains(s))
            {
                serial_only = true;
            }
            for (i, inst) in block.insts.iter().enumerate() {
                match &inst.kind {
                    InstKind::Store(v, val) => stores.entry(*v).or_default().push((*b, i, *val)),
                    InstKind::Load(v) => loads.entry(*v).or_default().push((*b, i, inst.result)),
                    InstKind::Call { func, .. } => {
                        if matches!(f.ty(*func), Type::Function(Callable::Intrinsic(i) | Callable::Method(i)) if i.effects() == Effects::Random)
                        {
                            serial_only = true;
                        }
                    }
                    _ => {}
                }
            }
        }
        if serial_only {
            continue;
        }
        // Variables read after the loop (anywhere outside it).
        let mut read_outside = HashSet::new();
        for (bi, block) in f.ir.blocks.iter().enumerate() {
            if inside.contains(&BlockId(bi as u32)) {
                continue;
            }
            for inst in &block.insts {
                if let InstKind::Load(v) = inst.kind {
                    read_outside.insert(v);
                }
            }
        }
        let mut info = Prange {
            loop_index: li,
            reductions: Vec::new(),
            private: Vec::new(),
            live_in: Vec::new(),
        };
        for v in loads.keys() {
            if !stores.contains_key(v) {
                info.live_in.push(*v);
            }
        }
        let mut ok_serial = true;
        for (v, sts) in &stores {
            if *v == lp.counter || Some(*v) == lp.target {
                if Some(*v) == lp.target && sts.len() > 1 {
                    ok_serial = false;
                }
                continue;
            }
            if matches!(
                f.var_types[v.0 as usize],
                Type::Array { .. } | Type::Tuple(_)
            ) {
                ok_serial = false;
                break;
            }
            // A reduction: every store has the reduction shape and the only loads are the
            // operands of those stores.
            let shapes: Vec<Option<(RedOp, ValueId)>> = sts
                .iter()
                .map(|(_, _, val)| reduction_of(f, *v, *val))
                .collect();
            let ops: HashSet<RedOp> = shapes.iter().flatten().map(|(o, _)| *o).collect();
            let operands: HashSet<ValueId> = shapes.iter().flatten().map(|(_, l)| *l).collect();
            let all_loads: HashSet<ValueId> = loads
                .get(v)
                .map(|l| l.iter().map(|(_, _, r)| *r).collect())
                .unwrap_or_default();
            if shapes.iter().all(Option::is_some)
                && (ops.len() == 1 || ops.iter().all(|o| matches!(o, RedOp::Add | RedOp::Sub)))
                && all_loads == operands
            {
                // `x -= e` accumulates its decrements from 0 in each chunk: a sum, too.
                let red = match ops.iter().next() {
                    Some(RedOp::Add | RedOp::Sub) => Reduction::Sum,
                    Some(RedOp::Mul) => Reduction::Prod,
                    Some(RedOp::Min) => Reduction::PyMin,
                    Some(RedOp::Max) => Reduction::PyMax,
                    None => continue,
                };
                info.reductions.push((*v, red));
                continue;
            }
            // Private: no read can see a value from before the iteration (every path from the
            // body entry writes it before reading it), and it is not read after the loop.
            let defined_first = !live_at_entry(f, &graph, lp, *v);
            if defined_first && !read_outside.contains(v) {
                info.private.push(*v);
                continue;
            }
            let span = f.ir.block(sts[0].0).insts[sts[0].1].span;
            return Err(CompileError::typing(
                format!(
                    "variable `{}` is written by several iterations of this `prange` loop (a race)",
                    f.ir.var_name(*v)
                ),
                span,
            )
            .with_hint(
                "update it only as `x += ...`, `x *= ...` or `x = min(x, ...)`, or use `range`",
            ));
        }
        if ok_serial {
            info.reductions.sort_by_key(|(v, _)| *v);
            info.private.sort();
            info.live_in.sort();
            found.insert(lp.body, info);
        }
    }
    f.pranges = found;
    Ok(())
}

/// Is `v` read on some path from the body entry (within one iteration) before being written?
fn live_at_entry(f: &TypedFunction, graph: &Cfg, lp: &RangeLoop, v: VarId) -> bool {
    let inside: HashSet<BlockId> = lp.blocks.iter().copied().collect();
    let mut seen = HashSet::new();
    let mut work = vec![lp.body];
    while let Some(b) = work.pop() {
        if b == lp.latch || !inside.contains(&b) || !seen.insert(b) {
            continue;
        }
        let block = f.ir.block(b);
        let mut killed = false;
        for inst in &block.insts {
            match inst.kind {
                InstKind::Load(x) if x == v => return true,
                InstKind::Store(x, _) if x == v => {
                    killed = true;
                    break;
                }
                _ => {}
            }
        }
        if !killed {
            work.extend(graph.succs(b));
        }
    }
    false
}
