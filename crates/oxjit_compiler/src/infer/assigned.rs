//! Definite assignment: which local reads may happen before any assignment (those get a
//! runtime flag and raise `UnboundLocalError`, as CPython does).

use crate::error::{CompileError, Result};
use crate::ir::*;

/// Definite assignment: the variables read somewhere they may not have been assigned yet.
pub(super) fn maybe_unbound(f: &Function) -> Result<std::collections::HashSet<VarId>> {
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
