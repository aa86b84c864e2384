//! Building kernels from the typed IR (after the passes): which instructions one loop computes,
//! their element expressions, outputs and schedule. The decisions codegen follows are made
//! here, once:
//!
//! * which whole-array reductions run as one pass over the data (a run of adjacent fusible
//!   reductions in a block — array fusion's reduction scheduling makes them adjacent);
//! * which array expressions are computed inside their consumer's loop (element-wise operations,
//!   forwarded variables, products of a C-contiguous matrix and a vector) and which are
//!   materialised by a store kernel;
//! * which loops may run on the thread pool (array kernels and `prange` loops outside a `prange`
//!   body, with `parallel=True`) and how they are chunked (one policy, `schedule.rs`).

use super::kernel::{shape_root, Expr, Kernel, Output, Space};
use super::reduction::Reduction;
use super::schedule::{Schedule, ARRAY_ROWS, PRANGE};
use crate::infer::TypedFunction;
use crate::intrinsics::{Fuse, Intrinsic, Lower};
use crate::ir::{BinOp, BlockId, Inst, InstKind, Terminator, ValueId};
use crate::types::{Callable, Layout, Type};
use std::collections::{HashMap, HashSet};

/// Interleaved accumulators per reduction in a 1-D chunk.
pub const LANES: usize = 2;

/// The intrinsic a call calls, and the array-like operands in Python order (the receiver of a
/// method first); `None` for other instructions.
pub(crate) fn call_operands(f: &TypedFunction, inst: &Inst) -> Option<(Intrinsic, Vec<ValueId>)> {
    let InstKind::Call { func, args, kwargs } = &inst.kind else {
        return None;
    };
    let (i, recv) = match f.ty(*func) {
        Type::Function(Callable::Intrinsic(i)) => (*i, None),
        Type::Function(Callable::Method(i)) => match f.def(*func).map(|d| &d.kind) {
            Some(InstKind::Attr(r, _)) => (*i, Some(*r)),
            _ => return None,
        },
        _ => return None,
    };
    let mut all: Vec<ValueId> = recv.into_iter().collect();
    all.extend(args);
    all.extend(kwargs.iter().map(|(_, v)| *v));
    Some((i, all))
}

/// What one fusible whole-array reduction contributes to a kernel: its reduction (or a
/// product by rows), its operands. This is the one definition of "fusible reduction" (array
/// fusion schedules by it, codegen groups by the kernels built from it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ReductionShape {
    /// `red(a)` of a 1-D array expression (`sum`, `prod`, `min`, `max`; `mean` as a sum
    /// divided by the length: the flag).
    Whole(Reduction, ValueId, bool),
    /// `dot(a, b)` of two vectors.
    Dot(ValueId, ValueId),
    /// `dot(m, v)` of a non-C-contiguous matrix (or `dot(v, m)`: `transposed`) and a vector.
    Rows {
        m: ValueId,
        v: ValueId,
        transposed: bool,
    },
}

/// The reduction an instruction performs, if it can share a pass with others.
pub(crate) fn reduction_shape(f: &TypedFunction, inst: &Inst) -> Option<ReductionShape> {
    if complex_operands(f, inst) {
        return None;
    }
    let (name, ops) = call_operands(f, inst)?;
    if name.fuse() != Fuse::Reduction {
        return None;
    }
    let InstKind::Call { args, kwargs, func } = &inst.kind else {
        return None;
    };
    let method = matches!(f.ty(*func), Type::Function(Callable::Method(_)));
    let positional = args.len() + usize::from(method);
    let vec1 = |v: &ValueId| matches!(f.ty(*v), Type::Array { ndim: 1, .. });
    if name == Intrinsic::Dot {
        if positional != 2 || !kwargs.is_empty() {
            return None;
        }
        let (a, b) = (ops[0], ops[1]);
        return match (f.ty(a), f.ty(b)) {
            (Type::Array { ndim: 1, .. }, Type::Array { ndim: 1, .. }) => {
                Some(ReductionShape::Dot(a, b))
            }
            (Type::Array { ndim: 1, .. }, Type::Array { ndim: 2, .. }) => {
                Some(ReductionShape::Rows {
                    m: b,
                    v: a,
                    transposed: true,
                })
            }
            // A C-contiguous matrix times a vector stays lazy (fused into its consumer).
            (
                Type::Array {
                    ndim: 2, layout, ..
                },
                Type::Array { ndim: 1, .. },
            ) if *layout != Layout::C => Some(ReductionShape::Rows {
                m: a,
                v: b,
                transposed: false,
            }),
            _ => None,
        };
    }
    // Whole-array reductions of one 1-D operand (the `axis=` form is not fused).
    if positional != 1 || !kwargs.is_empty() || !vec1(&ops[0]) {
        return None;
    }
    let red = match (name, name.lower()) {
        (Intrinsic::Mean, _) => Reduction::Sum,
        (
            _,
            Lower::Reduce(r @ (Reduction::Sum | Reduction::Prod | Reduction::Min | Reduction::Max)),
        ) => r,
        _ => return None,
    };
    Some(ReductionShape::Whole(red, ops[0], name == Intrinsic::Mean))
}

/// Whether an instruction reads or makes complex arrays or complex numbers with arrays: those
/// are computed by `codegen/complex_array.rs`, never inside a kernel.
fn complex_operands(f: &TypedFunction, inst: &Inst) -> bool {
    let mut ts: Vec<&Type> = inst.kind.operands().into_iter().map(|v| f.ty(v)).collect();
    ts.push(f.ty(inst.result));
    crate::infer::complex_array::involved(&ts)
}

/// The IR instructions whose array results are element-wise (computed inside a consumer's
/// loop): operators and comparisons on arrays, element-wise intrinsics.
fn elementwise(f: &TypedFunction, inst: &Inst) -> Option<Vec<ValueId>> {
    if !matches!(f.ty(inst.result), Type::Array { .. }) || complex_operands(f, inst) {
        return None;
    }
    match &inst.kind {
        InstKind::Binary(op, a, b) if *op != BinOp::MatMul => Some(vec![*a, *b]),
        InstKind::Compare(_, a, b) => Some(vec![*a, *b]),
        InstKind::Unary(_, a) => Some(vec![*a]),
        InstKind::Call { .. } => {
            let (i, ops) = call_operands(f, inst)?;
            (i.fuse() == Fuse::Elementwise).then_some(ops)
        }
        _ => None,
    }
}

/// `dot(m, v)` of a C-contiguous matrix and a vector: a lazy product, one row per element.
fn lazy_matvec(f: &TypedFunction, inst: &Inst) -> Option<(ValueId, ValueId)> {
    let (i, ops) = call_operands(f, inst)?;
    if i != Intrinsic::Dot || ops.len() != 2 {
        return None;
    }
    match (f.ty(ops[0]), f.ty(ops[1])) {
        (
            Type::Array {
                ndim: 2,
                layout: Layout::C,
                ..
            },
            Type::Array { ndim: 1, .. },
        ) => Some((ops[0], ops[1])),
        _ => None,
    }
}

/// Builds one function's kernels.
struct Builder<'f> {
    f: &'f TypedFunction,
    /// Blocks inside a chunked `prange` body (a `prange` there runs as a plain loop).
    in_prange: HashSet<BlockId>,
    kernels: Vec<Kernel>,
}

impl Builder<'_> {
    fn schedule(&self, block: BlockId, lanes: usize, small: bool, exprs: &[Expr]) -> Schedule {
        Schedule {
            chunking: ARRAY_ROWS,
            parallel: super::parallel_in(self.f, block),
            lanes,
            specialise_small_dims: small,
            vector_math: super::vector_math::applies(self.f, exprs),
            vector_reduce: false,
        }
    }

    /// The element expression of `v` appended to `exprs` (returns its node).
    fn expr(&self, block: BlockId, v: ValueId, exprs: &mut Vec<Expr>) -> usize {
        let node = match self.f.def(v) {
            Some(inst) => {
                if let Some(ops) = elementwise(self.f, inst) {
                    let args = ops.iter().map(|o| self.expr(block, *o, exprs)).collect();
                    Expr::Apply { inst: v, args }
                } else if let Some((m, x)) = lazy_matvec(self.f, inst) {
                    Expr::MatVecRow { inst: v, m, v: x }
                } else if let Some(stored) = self.forwarded(block, inst) {
                    return self.expr(block, stored, exprs);
                } else {
                    self.leaf(v)
                }
            }
            None => self.leaf(v),
        };
        if let Some(i) = exprs.iter().position(|e| *e == node) {
            return i;
        }
        exprs.push(node);
        exprs.len() - 1
    }

    fn leaf(&self, v: ValueId) -> Expr {
        if matches!(self.f.ty(v), Type::Array { .. }) {
            Expr::Read(self.first_load(v))
        } else {
            Expr::Scalar(v)
        }
    }

    /// A load of a variable stands for the earliest load of it in its block with no store to
    /// it in between (the same array: read once per element).
    fn first_load(&self, v: ValueId) -> ValueId {
        let Some((block, pos)) = self.f.defs.get(&v).copied() else {
            return v;
        };
        let insts = &self.f.ir.blocks[block.0 as usize].insts;
        let InstKind::Load(var) = insts[pos].kind else {
            return v;
        };
        let mut first = v;
        for inst in insts[..pos].iter().rev() {
            match inst.kind {
                InstKind::Store(x, _) if x == var => break,
                InstKind::Load(x) if x == var => first = inst.result,
                _ => {}
            }
        }
        first
    }

    /// For a load of a forwarded variable: the value last stored into it before the load.
    fn forwarded(&self, block: BlockId, load: &Inst) -> Option<ValueId> {
        let InstKind::Load(var) = load.kind else {
            return None;
        };
        if !self.f.forward.contains(&var) {
            return None;
        }
        let insts = &self.f.ir.blocks[block.0 as usize].insts;
        let pos = insts.iter().position(|i| i.result == load.result)?;
        insts[..pos].iter().rev().find_map(|i| match i.kind {
            InstKind::Store(x, val) if x == var => Some(val),
            _ => None,
        })
    }

    /// A run of fusible reductions starting at `insts[0]`: one kernel.
    fn reductions(&mut self, block: BlockId, insts: &[&Inst]) {
        let mut exprs = Vec::new();
        let mut outputs = Vec::new();
        let mut space = None;
        let mut arg = false;
        for inst in insts {
            let Some(shape) = reduction_shape(self.f, inst) else {
                return;
            };
            let out = match shape {
                ReductionShape::Whole(red, a, mean) => {
                    arg |= red.is_arg();
                    let of = self.expr(block, a, &mut exprs);
                    Output::Reduce {
                        red,
                        of,
                        result: inst.result,
                        mean,
                    }
                }
                ReductionShape::Dot(a, b) => {
                    let (ea, eb) = (
                        self.expr(block, a, &mut exprs),
                        self.expr(block, b, &mut exprs),
                    );
                    exprs.push(Expr::Apply {
                        inst: inst.result,
                        args: vec![ea, eb],
                    });
                    Output::Reduce {
                        red: Reduction::Sum,
                        of: exprs.len() - 1,
                        result: inst.result,
                        mean: false,
                    }
                }
                ReductionShape::Rows { m, v, transposed } => Output::ProductRows {
                    m,
                    transposed,
                    of: self.expr(block, v, &mut exprs),
                    result: inst.result,
                },
            };
            space.get_or_insert(match out {
                Output::Reduce { of, .. } | Output::ProductRows { of, .. } => of,
                _ => 0,
            });
            outputs.push(out);
        }
        let lanes = if arg { 1 } else { LANES };
        let roots: Vec<Option<usize>> = outputs
            .iter()
            .map(|o| match o {
                Output::Reduce { of, .. } | Output::ProductRows { of, .. } => {
                    shape_root(&exprs, *of)
                }
                _ => None,
            })
            .collect();
        let same_space = roots[0].is_some() && roots.iter().all(|r| *r == roots[0]);
        let mut schedule = self.schedule(block, lanes, true, &exprs);
        if super::vector_math::contiguous_sum(self.f, &exprs, &outputs) {
            schedule.vector_reduce = true;
            schedule.lanes = super::vector_math::REDUCE_LANES;
        }
        self.kernels.push(Kernel {
            block,
            insts: insts.iter().map(|i| i.result).collect(),
            span: insts[0].span,
            space: Space::Elements {
                of: space.unwrap_or(0),
                ndim: 1,
            },
            exprs,
            outputs,
            same_space,
            schedule,
        });
    }

    /// A kernel materialising array expression `v` (into a new array, or into `into`).
    fn store(&mut self, block: BlockId, at: &Inst, v: ValueId, into: Option<ValueId>) {
        let mut exprs = Vec::new();
        let of = self.expr(block, v, &mut exprs);
        if matches!(exprs[of], Expr::Read(_) | Expr::Scalar(_)) && into.is_none() {
            return;
        }
        let ndim = match self.f.ty(v) {
            Type::Array { ndim, .. } => *ndim,
            _ => 0,
        };
        let output = match into {
            Some(into) => Output::StoreInto { of, into },
            None => Output::Store { of, result: v },
        };
        let schedule = self.schedule(block, 1, false, &exprs);
        self.kernels.push(Kernel {
            block,
            insts: vec![at.result],
            span: at.span,
            space: Space::Elements { of, ndim },
            exprs,
            outputs: vec![output],
            same_space: true,
            schedule,
        });
    }
}

/// Every kernel of a function, in block order.
pub fn kernels(f: &TypedFunction) -> Vec<Kernel> {
    let mut b = Builder {
        f,
        in_prange: HashSet::new(),
        kernels: Vec::new(),
    };
    for p in f.pranges.values() {
        b.in_prange
            .extend(f.ir.range_loops[p.loop_index].blocks.iter().copied());
    }
    let live = f.ir.reachable();
    // Users of each value that may materialise it.
    let mut users: HashMap<ValueId, Vec<&Inst>> = HashMap::new();
    for block in &f.ir.blocks {
        for inst in &block.insts {
            for o in inst.kind.operands() {
                users.entry(o).or_default().push(inst);
            }
        }
    }
    let fuses = |user: &Inst, v: ValueId| -> bool {
        if elementwise(f, user).is_some() {
            return true;
        }
        if let InstKind::Store(var, _) = user.kind {
            return f.forward.contains(&var);
        }
        if reduction_shape(f, user).is_some() {
            return true;
        }
        // Other reductions and element-wise writes read their operand lazily.
        match call_operands(f, user) {
            Some((i, ops)) => matches!(i.lower(), Lower::Reduce(_)) && ops.first() == Some(&v),
            None => matches!(&user.kind, InstKind::SetItem { item, .. } if *item == v),
        }
    };
    for (bi, block) in f.ir.blocks.iter().enumerate() {
        if !live[bi] {
            continue;
        }
        let bid = BlockId(bi as u32);
        let mut i = 0;
        while i < block.insts.len() {
            let inst = &block.insts[i];
            if reduction_shape(f, inst).is_some() {
                let mut j = i + 1;
                while j < block.insts.len() && reduction_shape(f, &block.insts[j]).is_some() {
                    j += 1;
                }
                let run: Vec<&Inst> = block.insts[i..j].iter().collect();
                b.reductions(bid, &run);
                i = j;
                continue;
            }
            let lazy = elementwise(f, inst).is_some()
                || lazy_matvec(f, inst).is_some()
                || b.forwarded(bid, inst).is_some();
            if lazy {
                let returned =
                    f.ir.blocks
                        .iter()
                        .any(|bl| matches!(bl.term, Terminator::Return(r, _) if r == inst.result));
                let materialised = returned
                    || users
                        .get(&inst.result)
                        .is_some_and(|us| us.iter().any(|u| !fuses(u, inst.result)));
                if materialised {
                    b.store(bid, inst, inst.result, None);
                }
            }
            if let InstKind::SetItem { value, item, .. } = &inst.kind {
                if matches!(f.ty(*item), Type::Array { .. }) && !complex_operands(f, inst) {
                    b.store(bid, inst, *item, Some(*value));
                }
            }
            i += 1;
        }
        // A chunked `prange` loop, from its guard block.
        if let Terminator::Branch { then_block, .. } = &block.term {
            if let Some(p) = f.pranges.get(then_block) {
                let lp = &f.ir.range_loops[p.loop_index];
                if !lp.blocks.contains(&bid) && !b.in_prange.contains(&bid) {
                    b.kernels.push(Kernel {
                        block: bid,
                        insts: Vec::new(),
                        span: lp.span,
                        space: Space::Iterations {
                            loop_index: p.loop_index,
                            body: lp.blocks.clone(),
                        },
                        exprs: Vec::new(),
                        outputs: p
                            .reductions
                            .iter()
                            .map(|(var, red)| Output::Variable {
                                var: *var,
                                red: *red,
                            })
                            .collect(),
                        same_space: true,
                        schedule: Schedule {
                            chunking: PRANGE,
                            parallel: f.parallel,
                            lanes: 1,
                            specialise_small_dims: false,
                            vector_math: false,
                            vector_reduce: false,
                        },
                    });
                }
            }
        }
    }
    b.kernels
}
