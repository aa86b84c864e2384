//! Kernels as data: what one loop over an iteration space computes, and how it is scheduled.
//!
//! A kernel is built from the typed IR by [`super::build`] and printed by `OXJIT_DUMP=after:loops`
//! (and `f.inspect_ir("loops")`):
//!
//! ```text
//! kernel k0 at block3 (2 outputs): elements of v31 (1-D)
//!   e0 = read v20                      ; y
//!   e1 = matvec-row v18, v27           ; X · coef
//!   e2 = binary sub e0, e1
//!   e3 = call square e2
//!   out v35 = reduce sum e3
//!   out v44 = product-rows v40 · e2
//!   schedule: chunks of 4096 rows, serial, 2 lanes, small axes specialised
//! ```
//!
//! Element expressions are a small SSA list: each node reads an array element (`read`), a
//! loop-invariant scalar, or applies an element-wise IR instruction (`binary`, `compare`,
//! `unary`, an element-wise intrinsic call) to earlier nodes. Arrays that are `read` are
//! materialised (arguments, or results of other kernels); everything else is computed inside the
//! loop, with no temporary array.

use super::reduction::Reduction;
use super::schedule::Schedule;
use crate::error::Span;
use crate::ir::{BlockId, ValueId, VarId};

/// A node of a kernel's element expression (operands are earlier node indices).
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// The current element of an array value (broadcast to the iteration space).
    Read(ValueId),
    /// A loop-invariant scalar.
    Scalar(ValueId),
    /// The element-wise operation of IR instruction `inst` (a binary or unary operator, a
    /// comparison, an element-wise intrinsic) applied to operand nodes; for the `dot` of two
    /// vectors, the product of their elements (which the kernel sums).
    Apply { inst: ValueId, args: Vec<usize> },
    /// Row `i` of the product of a C-contiguous matrix and a vector: `sum_k m[i, k] * v[k]`
    /// (`inst` is the `dot` that made it).
    MatVecRow {
        inst: ValueId,
        m: ValueId,
        v: ValueId,
    },
}

/// What a kernel produces.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// Reduce node `of` over the whole space into scalar IR value `result` (divided by the
    /// number of elements when `mean`: `numpy.mean`).
    Reduce {
        red: Reduction,
        of: usize,
        result: ValueId,
        mean: bool,
    },
    /// `result[r] = sum_i m[r, i] * of[i]`: the product of a matrix (`transposed` when the
    /// kernel iterates its rows) and the kernel's vector, every row accumulated in one pass.
    ProductRows {
        m: ValueId,
        transposed: bool,
        of: usize,
        result: ValueId,
    },
    /// Node `of` written into a new array, IR value `result`.
    Store { of: usize, result: ValueId },
    /// Node `of` written into the existing array (or view) `into`.
    StoreInto { of: usize, into: ValueId },
    /// A `prange` reduction variable: each chunk accumulates from the identity, the partials
    /// fold in chunk order.
    Variable { var: VarId, red: Reduction },
}

/// The iteration space.
#[derive(Clone, Debug, PartialEq)]
pub enum Space {
    /// Every element of the (broadcast) shape of node `of`; the outermost axis is chunked.
    Elements { of: usize, ndim: u8 },
    /// The iterations of `prange` loop `loop_index` (its body blocks run once per iteration).
    Iterations {
        loop_index: usize,
        body: Vec<BlockId>,
    },
}

/// One loop.
#[derive(Clone, Debug, PartialEq)]
pub struct Kernel {
    /// The block the kernel runs in (for a `prange` loop: its guard block).
    pub block: BlockId,
    /// The IR instructions the kernel computes (in order); codegen translates them together.
    pub insts: Vec<ValueId>,
    pub span: Span,
    pub space: Space,
    pub exprs: Vec<Expr>,
    pub outputs: Vec<Output>,
    /// Every output iterates the same space, proven at compile time (their nodes derive from
    /// one broadcast by shape-preserving operations), so no run-time shape comparison is
    /// needed to run them in one pass.
    pub same_space: bool,
    pub schedule: Schedule,
}

/// The node whose shape a node has: itself for reads, products and broadcasts of different
/// shapes; its operand's for shape-preserving operations; `None` for scalars.
pub fn shape_root(exprs: &[Expr], node: usize) -> Option<usize> {
    match &exprs[node] {
        Expr::Scalar(_) => None,
        Expr::Read(_) | Expr::MatVecRow { .. } => Some(node),
        Expr::Apply { args, .. } => {
            let mut roots = args.iter().filter_map(|a| shape_root(exprs, *a));
            let first = roots.next()?;
            if roots.all(|r| r == first) {
                Some(first)
            } else {
                Some(node)
            }
        }
    }
}

impl Kernel {
    /// The arrays the kernel reads element by element.
    pub fn reads(&self) -> Vec<ValueId> {
        let mut out = Vec::new();
        for e in &self.exprs {
            match e {
                Expr::Read(v) => out.push(*v),
                Expr::MatVecRow { m, v, .. } => {
                    out.push(*m);
                    out.push(*v);
                }
                _ => {}
            }
        }
        for o in &self.outputs {
            if let Output::ProductRows { m, .. } = o {
                out.push(*m);
            }
        }
        out.sort_by_key(|v| v.0);
        out.dedup();
        out
    }

    /// Whether the kernel allocates an array as large as its iteration space.
    pub fn allocates_per_element(&self) -> bool {
        self.outputs
            .iter()
            .any(|o| matches!(o, Output::Store { .. }))
    }
}
