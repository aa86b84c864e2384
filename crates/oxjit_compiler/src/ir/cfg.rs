//! The control-flow graph of a function: successors, predecessors, reachability, block orders,
//! and a small worklist dataflow solver that passes use instead of their own fixed-point loops.
//!
//! Successors come from the terminator alone: a jump has one, a branch two (its then-block
//! first, its else-block second), a return none. [`Cfg`] computes the rest once; build it again
//! after a change to terminators (no pass changes them today).
//!
//! [`solve`] runs a [`Dataflow`] analysis (forward or backward) over the reachable blocks. Facts
//! start at the boundary blocks and only flow along edges, so a block no path reaches has no
//! fact (`None`), which stands for the top of the lattice; joins take the analysis's `meet`.

use super::{BlockId, Function, Terminator};
use std::collections::BTreeSet;

/// The blocks `term` continues at: a jump's target; a branch's then-block, then its
/// else-block; none for a return.
pub fn successors(term: &Terminator) -> impl Iterator<Item = BlockId> {
    let (first, second) = match term {
        Terminator::Jump(t) => (Some(*t), None),
        Terminator::Branch {
            then_block,
            else_block,
            ..
        } => (Some(*then_block), Some(*else_block)),
        Terminator::Return(..) | Terminator::Raise(_) | Terminator::Unterminated => (None, None),
    };
    first.into_iter().chain(second)
}

/// Successors, predecessors, reachability and reverse postorder of one function.
#[derive(Clone, Debug)]
pub struct Cfg {
    succs: Vec<Vec<BlockId>>,
    preds: Vec<Vec<BlockId>>,
    reachable: Vec<bool>,
    rpo: Vec<BlockId>,
}

impl Cfg {
    /// The graph of `f`. Branch targets must exist (the verifier checks it).
    pub fn new(f: &Function) -> Cfg {
        let n = f.blocks.len();
        let mut succs: Vec<Vec<BlockId>> = f
            .blocks
            .iter()
            .map(|b| successors(&b.term).collect())
            .collect();
        // Exceptional edges: into a `try`'s landing from the block before it and its body.
        for r in &f.try_regions {
            for b in r.blocks.iter().chain([&r.entry]) {
                let s = &mut succs[b.0 as usize];
                if !s.contains(&r.landing) {
                    s.push(r.landing);
                }
            }
        }
        let mut preds = vec![Vec::new(); n];
        for (b, ss) in succs.iter().enumerate() {
            for s in ss {
                preds[s.0 as usize].push(BlockId(b as u32));
            }
        }
        let mut cfg = Cfg {
            succs,
            preds,
            reachable: vec![false; n],
            rpo: Vec::new(),
        };
        cfg.rpo = cfg.dfs_reverse_postorder(false);
        for b in &cfg.rpo {
            cfg.reachable[b.0 as usize] = true;
        }
        cfg
    }

    /// How many blocks the function has (reachable or not).
    pub fn block_count(&self) -> usize {
        self.succs.len()
    }

    /// The successors of `b`, as [`successors`] gives them.
    pub fn succs(&self, b: BlockId) -> &[BlockId] {
        &self.succs[b.0 as usize]
    }

    /// The predecessors of `b` in block order, unreachable ones included; a branch whose two
    /// targets are `b` appears twice.
    pub fn preds(&self, b: BlockId) -> &[BlockId] {
        &self.preds[b.0 as usize]
    }

    /// Whether `b` can run (is reachable from the entry block).
    pub fn is_reachable(&self, b: BlockId) -> bool {
        self.reachable[b.0 as usize]
    }

    /// Reachability of every block, by block index.
    pub fn reachable(&self) -> &[bool] {
        &self.reachable
    }

    /// The reachable blocks in reverse postorder of a depth-first search from the entry block
    /// (then-successors first): every block comes before its successors except along back
    /// edges.
    pub fn reverse_postorder(&self) -> &[BlockId] {
        &self.rpo
    }

    /// Per block index: does the block end with a back edge (a jump to a block not after it in
    /// reverse postorder, i.e. a loop's latch)? Codegen polls for Ctrl-C there.
    pub fn back_edge_sources(&self) -> Vec<bool> {
        let pos = self.rpo_positions();
        (0..self.block_count())
            .map(|b| self.reachable[b] && self.succs[b].iter().any(|s| pos[s.0 as usize] <= pos[b]))
            .collect()
    }

    /// Per block index, for a block ending with a back edge: the loop's preheader, the one block
    /// outside the loop that enters its header (the header's only predecessor placed before it
    /// in reverse postorder), when there is exactly one. It dominates the loop, so a value it
    /// computes can serve every iteration (codegen loads the Ctrl-C flag's address there, a
    /// short live range that stays in a register instead of one from the entry block that is
    /// spilled across the function's calls).
    pub fn loop_preheaders(&self) -> Vec<Option<BlockId>> {
        let pos = self.rpo_positions();
        (0..self.block_count())
            .map(|b| {
                if !self.reachable[b] {
                    return None;
                }
                let header = self.succs[b].iter().find(|s| pos[s.0 as usize] <= pos[b])?;
                let h = header.0 as usize;
                let mut entries = self.preds[h]
                    .iter()
                    .filter(|p| self.reachable[p.0 as usize] && pos[p.0 as usize] < pos[h]);
                let first = *entries.next()?;
                entries.next().is_none().then_some(first)
            })
            .collect()
    }

    /// Per block index, its position in reverse postorder (`usize::MAX` when unreachable).
    fn rpo_positions(&self) -> Vec<usize> {
        let mut pos = vec![usize::MAX; self.block_count()];
        for (i, b) in self.rpo.iter().enumerate() {
            pos[b.0 as usize] = i;
        }
        pos
    }

    /// The order codegen lays blocks out in: reverse postorder of a depth-first search that
    /// visits a branch's else-successor first, so each then-successor (the likely one, e.g. the
    /// next test of a loop condition) is placed right after its branch; unreachable blocks
    /// follow in index order.
    pub fn layout_order(&self) -> Vec<BlockId> {
        let mut order = self.dfs_reverse_postorder(true);
        order.extend(
            (0..self.block_count())
                .filter(|b| !self.reachable[*b])
                .map(|b| BlockId(b as u32)),
        );
        order
    }

    /// Reverse postorder of the blocks reachable from the entry block; `else_first` visits a
    /// branch's successors in reverse.
    fn dfs_reverse_postorder(&self, else_first: bool) -> Vec<BlockId> {
        let n = self.block_count();
        if n == 0 {
            return Vec::new();
        }
        let mut seen = vec![false; n];
        let mut post = Vec::with_capacity(n);
        // Iterative DFS: (block, index of the next successor to visit).
        let mut stack = vec![(0usize, 0usize)];
        seen[0] = true;
        while let Some((b, k)) = stack.pop() {
            let ss = &self.succs[b];
            if k < ss.len() {
                stack.push((b, k + 1));
                let s = if else_first {
                    ss[ss.len() - 1 - k]
                } else {
                    ss[k]
                }
                .0 as usize;
                if !seen[s] {
                    seen[s] = true;
                    stack.push((s, 0));
                }
            } else {
                post.push(BlockId(b as u32));
            }
        }
        post.reverse();
        post
    }
}

/// The direction facts flow in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Along edges from the entry block: a block's input is the fact at its start.
    Forward,
    /// Against edges from the blocks without successors: a block's input is the fact at its
    /// end.
    Backward,
}

/// A dataflow problem over blocks: a meet semi-lattice of facts and a transfer per block.
pub trait Dataflow {
    type Fact: Clone + PartialEq;
    const DIRECTION: Direction;

    /// The input of the boundary blocks: the entry block (forward) or the blocks without
    /// successors (backward).
    fn boundary(&self) -> Self::Fact;

    /// The fact where paths join.
    fn meet(&self, a: &Self::Fact, b: &Self::Fact) -> Self::Fact;

    /// The output of `block` (its end going forward, its start going backward) for `input`.
    fn transfer(&self, block: BlockId, input: &Self::Fact) -> Self::Fact;

    /// The fact carried from `from` to its neighbour `to` (in the direction of the analysis)
    /// given `from`'s output, e.g. refined by a branch condition. Default: unchanged.
    fn edge(&self, _from: BlockId, _to: BlockId, output: &Self::Fact) -> Self::Fact {
        output.clone()
    }

    /// The new input of `block` once a meet changed it from `old` to `met`, `joins` being the
    /// number of meets at `block` so far. Override to widen (so lattices of unbounded height
    /// terminate). Default: `met`.
    fn widen(
        &self,
        _block: BlockId,
        _joins: u32,
        _old: &Self::Fact,
        met: Self::Fact,
    ) -> Self::Fact {
        met
    }
}

/// The inputs of the blocks at the fixed point.
#[derive(Clone, Debug)]
pub struct Solution<F> {
    inputs: Vec<Option<F>>,
}

impl<F> Solution<F> {
    /// The fact at the start (forward) or end (backward) of `b`; `None` when no fact reaches
    /// it (unreachable code; going backward also a loop that never leaves).
    pub fn input(&self, b: BlockId) -> Option<&F> {
        self.inputs[b.0 as usize].as_ref()
    }
}

/// Solve `a` over the reachable blocks of `cfg` with a worklist taken in reverse postorder
/// (postorder going backward). `None` when it did not converge within `max_visits` block
/// visits.
pub fn solve<A: Dataflow>(cfg: &Cfg, a: &A, max_visits: usize) -> Option<Solution<A::Fact>> {
    let n = cfg.block_count();
    let mut order = cfg.reverse_postorder().to_vec();
    if A::DIRECTION == Direction::Backward {
        order.reverse();
    }
    let mut rank = vec![usize::MAX; n];
    for (r, b) in order.iter().enumerate() {
        rank[b.0 as usize] = r;
    }
    let mut inputs: Vec<Option<A::Fact>> = vec![None; n];
    let mut joins = vec![0u32; n];
    let mut work = BTreeSet::new();
    for b in &order {
        let boundary = match A::DIRECTION {
            Direction::Forward => b.0 == 0,
            Direction::Backward => cfg.succs(*b).is_empty(),
        };
        if boundary {
            inputs[b.0 as usize] = Some(a.boundary());
            work.insert(rank[b.0 as usize]);
        }
    }
    let mut visits = 0;
    while let Some(r) = work.pop_first() {
        visits += 1;
        if visits > max_visits {
            return None;
        }
        let b = order[r];
        let Some(input) = &inputs[b.0 as usize] else {
            continue;
        };
        let output = a.transfer(b, input);
        let next = match A::DIRECTION {
            Direction::Forward => cfg.succs(b),
            Direction::Backward => cfg.preds(b),
        };
        for &s in next {
            let i = s.0 as usize;
            if !cfg.reachable[i] {
                continue;
            }
            let incoming = a.edge(b, s, &output);
            let new = match &inputs[i] {
                None => incoming,
                Some(old) => {
                    joins[i] += 1;
                    let met = a.meet(old, &incoming);
                    let new = a.widen(s, joins[i], old, met);
                    if &new == old {
                        continue;
                    }
                    new
                }
            };
            inputs[i] = Some(new);
            work.insert(rank[i]);
        }
    }
    Some(Solution { inputs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Span;
    use crate::ir::{Block, Const, Inst, InstKind, ValueId, VarId, VarInfo};
    use std::collections::BTreeSet;

    /// Blocks given as (variables stored, terminator); the branch condition is a constant.
    fn function(blocks: Vec<(Vec<u32>, Terminator)>) -> Function {
        let mut value_count = 0;
        let mut next = || {
            value_count += 1;
            ValueId(value_count - 1)
        };
        let span = Span::new(0, 0);
        let blocks = blocks
            .into_iter()
            .map(|(stores, term)| {
                let mut insts = Vec::new();
                for v in stores {
                    let c = next();
                    insts.push(Inst {
                        result: c,
                        kind: InstKind::Const(Const::Int(1)),
                        span,
                    });
                    insts.push(Inst {
                        result: next(),
                        kind: InstKind::Store(VarId(v), c),
                        span,
                    });
                }
                let c = next();
                insts.push(Inst {
                    result: c,
                    kind: InstKind::Const(Const::Bool(true)),
                    span,
                });
                let term = match term {
                    Terminator::Branch {
                        then_block,
                        else_block,
                        ..
                    } => Terminator::Branch {
                        cond: c,
                        then_block,
                        else_block,
                    },
                    Terminator::Return(..) => Terminator::Return(c, span),
                    t => t,
                };
                Block { insts, term }
            })
            .collect();
        let mut f = Function {
            name: "f".into(),
            params: vec![],
            signature: vec![],
            try_regions: vec![],
            vars: (0..3)
                .map(|i| VarInfo {
                    name: format!("x{i}"),
                    synthetic: false,
                })
                .collect(),
            blocks,
            value_count: 0,
            range_loops: vec![],
            span,
        };
        f.value_count = f.blocks.iter().map(|b| b.insts.len() as u32).sum();
        f
    }

    fn br(t: u32, e: u32) -> Terminator {
        Terminator::Branch {
            cond: ValueId(0),
            then_block: BlockId(t),
            else_block: BlockId(e),
        }
    }

    fn ret() -> Terminator {
        Terminator::Return(ValueId(0), Span::new(0, 0))
    }

    fn ids(v: &[BlockId]) -> Vec<u32> {
        v.iter().map(|b| b.0).collect()
    }

    /// block0 → loop header block1 ⇄ body block2; block1 → exit block3; block4 is dead.
    fn looping() -> Function {
        function(vec![
            (vec![0], Terminator::Jump(BlockId(1))),
            (vec![], br(2, 3)),
            (vec![1], Terminator::Jump(BlockId(1))),
            (vec![], ret()),
            (vec![2], Terminator::Jump(BlockId(3))),
        ])
    }

    #[test]
    fn graph_and_orders() {
        let f = looping();
        let cfg = Cfg::new(&f);
        assert_eq!(ids(cfg.succs(BlockId(1))), vec![2, 3]);
        assert_eq!(ids(cfg.preds(BlockId(1))), vec![0, 2]);
        assert_eq!(ids(cfg.preds(BlockId(3))), vec![1, 4]);
        assert_eq!(cfg.reachable(), &[true, true, true, true, false]);
        assert_eq!(f.reachable(), cfg.reachable().to_vec());
        assert_eq!(ids(cfg.reverse_postorder()), vec![0, 1, 3, 2]);
        // The then-successor (the loop body) right after the branch; dead blocks last.
        assert_eq!(ids(&cfg.layout_order()), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn layout_places_then_blocks_after_their_branch() {
        // Diamond: block0 → then block2 / else block1 → block3.
        let f = function(vec![
            (vec![], br(2, 1)),
            (vec![], Terminator::Jump(BlockId(3))),
            (vec![], Terminator::Jump(BlockId(3))),
            (vec![], ret()),
        ]);
        let cfg = Cfg::new(&f);
        assert_eq!(ids(&cfg.layout_order()), vec![0, 2, 1, 3]);
        assert_eq!(ids(cfg.reverse_postorder()), vec![0, 1, 2, 3]);
    }

    type Vars = BTreeSet<u32>;

    fn stores(f: &Function, b: BlockId) -> Vars {
        f.block(b)
            .insts
            .iter()
            .filter_map(|i| match i.kind {
                InstKind::Store(v, _) => Some(v.0),
                _ => None,
            })
            .collect()
    }

    /// Variables assigned on every path (forward, must).
    struct Assigned<'a>(&'a Function);
    impl Dataflow for Assigned<'_> {
        type Fact = Vars;
        const DIRECTION: Direction = Direction::Forward;
        fn boundary(&self) -> Vars {
            Vars::new()
        }
        fn meet(&self, a: &Vars, b: &Vars) -> Vars {
            a.intersection(b).copied().collect()
        }
        fn transfer(&self, b: BlockId, input: &Vars) -> Vars {
            input.union(&stores(self.0, b)).copied().collect()
        }
    }

    /// Variables stored on some path to a return (backward, may).
    struct StoredLater<'a>(&'a Function);
    impl Dataflow for StoredLater<'_> {
        type Fact = Vars;
        const DIRECTION: Direction = Direction::Backward;
        fn boundary(&self) -> Vars {
            Vars::new()
        }
        fn meet(&self, a: &Vars, b: &Vars) -> Vars {
            a.union(b).copied().collect()
        }
        fn transfer(&self, b: BlockId, input: &Vars) -> Vars {
            input.union(&stores(self.0, b)).copied().collect()
        }
    }

    #[test]
    fn forward_and_backward_dataflow() {
        let f = looping();
        let cfg = Cfg::new(&f);
        let fwd = solve(&cfg, &Assigned(&f), 100).expect("converges");
        let set = |v: &[u32]| v.iter().copied().collect::<Vars>();
        assert_eq!(fwd.input(BlockId(1)), Some(&set(&[0])));
        assert_eq!(fwd.input(BlockId(2)), Some(&set(&[0])));
        assert_eq!(fwd.input(BlockId(3)), Some(&set(&[0])));
        assert_eq!(fwd.input(BlockId(4)), None);
        let bwd = solve(&cfg, &StoredLater(&f), 100).expect("converges");
        assert_eq!(bwd.input(BlockId(3)), Some(&set(&[])));
        assert_eq!(bwd.input(BlockId(1)), Some(&set(&[1])));
        assert_eq!(bwd.input(BlockId(0)), Some(&set(&[1])));
        assert_eq!(bwd.input(BlockId(4)), None);
        assert!(solve(&cfg, &Assigned(&f), 2).is_none());
    }
}
