//! Narrowing of optional variables: which reads of a variable happen where a test has shown it
//! is not `None`, so that inference types them with the inner type (`Type::Optional(T)` → `T`).
//!
//! A forward "must" analysis over the CFG: the fact at a point is the set of variables known
//! not to be `None` there. A branch on `x is None` / `x is not None` (a read of `x`, possibly
//! under `bool(...)`) adds `x` along its not-`None` edge; any store to `x` removes it (even one
//! of a number: kept simple and safe); paths join by intersection. This is what makes
//! `if best is None or d < best:` and `if x is None: return 0` followed by uses of `x` compile.

use crate::ir::cfg::{self, Cfg, Dataflow, Direction};
use crate::ir::{BlockId, Function, InstKind, Terminator, ValueId, VarId};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The reads (`Load` results) of variables that are known not to be `None` where they happen.
pub(crate) fn narrowed_loads(f: &Function) -> HashSet<ValueId> {
    let mut out = HashSet::new();
    let tests = none_tests(f);
    if tests.is_empty() {
        return out;
    }
    let cfg = Cfg::new(f);
    let a = NotNone { f, tests: &tests };
    let Some(sol) = cfg::solve(&cfg, &a, 50 * f.blocks.len().max(1)) else {
        return out;
    };
    for (bi, b) in f.blocks.iter().enumerate() {
        let Some(input) = sol.input(BlockId(bi as u32)) else {
            continue;
        };
        let mut known = input.clone();
        for inst in &b.insts {
            match inst.kind {
                InstKind::Store(v, _) => {
                    known.remove(&v);
                }
                InstKind::Load(v) if known.contains(&v) => {
                    out.insert(inst.result);
                }
                _ => {}
            }
        }
    }
    out
}

/// Per block ending in a branch on a `None` test of a variable: the variable and the successor
/// where it is not `None`.
fn none_tests(f: &Function) -> HashMap<BlockId, (VarId, BlockId)> {
    let mut out = HashMap::new();
    for (bi, b) in f.blocks.iter().enumerate() {
        let Terminator::Branch {
            cond,
            then_block,
            else_block,
        } = b.term
        else {
            continue;
        };
        if then_block == else_block {
            continue;
        }
        let defs: HashMap<ValueId, &InstKind> =
            b.insts.iter().map(|i| (i.result, &i.kind)).collect();
        let mut v = cond;
        if let Some(InstKind::Truth(x)) = defs.get(&v) {
            v = *x;
        }
        let Some(InstKind::IsNone(x, negated)) = defs.get(&v) else {
            continue;
        };
        let Some(InstKind::Load(var)) = defs.get(x) else {
            continue;
        };
        // The test reads the variable in this block: a store after that read (before the
        // branch) would make the test stale.
        let read_at = b.insts.iter().position(|i| i.result == *x);
        let stored_after = b.insts[read_at.map_or(0, |k| k + 1)..]
            .iter()
            .any(|i| matches!(i.kind, InstKind::Store(s, _) if s == *var));
        if stored_after {
            continue;
        }
        let not_none = if *negated { then_block } else { else_block };
        out.insert(BlockId(bi as u32), (*var, not_none));
    }
    out
}

struct NotNone<'a> {
    f: &'a Function,
    tests: &'a HashMap<BlockId, (VarId, BlockId)>,
}

impl Dataflow for NotNone<'_> {
    type Fact = BTreeSet<VarId>;
    const DIRECTION: Direction = Direction::Forward;

    fn boundary(&self) -> Self::Fact {
        BTreeSet::new()
    }

    fn meet(&self, a: &Self::Fact, b: &Self::Fact) -> Self::Fact {
        a.intersection(b).copied().collect()
    }

    fn transfer(&self, block: BlockId, input: &Self::Fact) -> Self::Fact {
        let mut out = input.clone();
        for inst in &self.f.blocks[block.0 as usize].insts {
            if let InstKind::Store(v, _) = inst.kind {
                out.remove(&v);
            }
        }
        out
    }

    fn edge(&self, from: BlockId, to: BlockId, output: &Self::Fact) -> Self::Fact {
        let mut out = output.clone();
        if let Some((var, not_none)) = self.tests.get(&from) {
            if *not_none == to {
                out.insert(*var);
            }
        }
        out
    }
}
