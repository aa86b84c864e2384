//! The loop stage's `vector-math` step: which element functions of an array kernel are
//! evaluated a block at a time by a vectorised runtime routine (`oxjit_runtime::vmath`)
//! instead of one libm call per element.
//!
//! A kernel whose element expression applies `exp`, `expm1`, `log`, `log1p`, `sin`, `cos`,
//! `tan`, `arctan` or `sqrt` to float64 or float32 elements gets `vector_math` in its schedule
//! (float32 elements are computed in float64 and rounded once, as the per-element call does). Codegen then cuts the innermost loop into blocks of
//! [`BLOCK`] elements: for each such node (innermost first) it evaluates the argument of the
//! block into a stack buffer, calls the chunk routine once on the buffer, and evaluates the
//! rest of the expression reading the buffer. Each element's value is the same whatever the
//! blocking, so serial and parallel runs stay bit-identical; a block size that is a multiple
//! of the reduction lanes keeps every element in the same accumulator lane.
//!
//! `OXJIT_SKIP_PASSES=vector-math` turns the step off (one libm call per element, as before).
//!
//! The second part, `vector-reduce` ([`contiguous_sum`]), sums contiguous float64 runs with
//! the runtime's SIMD routines in a fixed order of 32 lanes.
//! Scalar calls (`math.exp(x)` in a user loop) never take this path: they stay libm's.

use super::kernel::{Expr, Output};
use super::reduction::Reduction;
use crate::infer::TypedFunction;
use crate::intrinsics::{Intrinsic, Lower, UnaryFn};
use crate::ir::{BinOp, InstKind, ValueId};
use crate::types::{Dtype, Layout, Type};
use oxjit_runtime::decls::{self as rt, RtFn};

/// The step's name in `OXJIT_SKIP_PASSES`.
pub const NAME: &str = "vector-math";

/// Elements per block (a multiple of the reduction lanes).
pub const BLOCK: i64 = 256;

/// The chunk routine computing element function `f` on float64, if there is one.
pub fn chunk_routine(f: UnaryFn) -> Option<&'static RtFn> {
    let r = match f {
        UnaryFn::Sqrt => return Some(&rt::VSQRT),
        UnaryFn::Call(r) => r,
        _ => return None,
    };
    [
        (&rt::EXP, &rt::VEXP),
        (&rt::LOG, &rt::VLOG),
        (&rt::SIN, &rt::VSIN),
        (&rt::COS, &rt::VCOS),
        (&rt::TAN, &rt::VTAN),
        (&rt::ATAN, &rt::VATAN),
        (&rt::EXPM1, &rt::VEXPM1),
        (&rt::LOG1P, &rt::VLOG1P),
    ]
    .into_iter()
    .find(|(scalar, _)| *scalar == r)
    .map(|(_, chunk)| chunk)
}

/// Whether the step is turned off by `OXJIT_SKIP_PASSES`.
pub fn skipped() -> bool {
    crate::passes::skipped(NAME)
}

/// The element function node `e` applies, with a chunk routine, on float64 or float32
/// elements (float32 ones are computed in float64 and rounded, as one call per element does).
pub fn vector_node(f: &TypedFunction, e: &Expr) -> Option<UnaryFn> {
    let Expr::Apply { inst, .. } = e else {
        return None;
    };
    let def = f.def(*inst)?;
    let (i, _) = super::build::call_operands(f, def)?;
    let Lower::Unary(u) = i.lower() else {
        return None;
    };
    let float = matches!(
        f.ty(*inst),
        Type::Array {
            dtype: Dtype::Float64 | Dtype::Float32,
            ..
        }
    );
    (float && chunk_routine(u).is_some()).then_some(u)
}

/// Whether a kernel over `exprs` evaluates some node by blocks.
pub fn applies(f: &TypedFunction, exprs: &[Expr]) -> bool {
    !skipped() && exprs.iter().any(|e| vector_node(f, e).is_some())
}

/// The name of the vectorised-reduction part in `OXJIT_SKIP_PASSES`.
pub const REDUCE_NAME: &str = "vector-reduce";

/// Accumulator lanes of the runtime's contiguous sums (`oxjit_runtime::vmath::reduce`).
pub const REDUCE_LANES: usize = oxjit_runtime::vmath::reduce::LANES;

/// Whether a reduction kernel is one float64 sum of a contiguous 1-D float64 array, or of the
/// product of two (`np.sum(a)`, `np.mean(a)`, `np.sum(a * b)`, `np.dot(a, b)`): each chunk is
/// then summed by the runtime's SIMD routine (`oxjit_rt_vsum`/`oxjit_rt_vdot`, 32 lanes in a
/// fixed order) instead of the compiled 2-lane loop. `OXJIT_SKIP_PASSES=vector-reduce` turns
/// it off.
pub fn contiguous_sum(f: &TypedFunction, exprs: &[Expr], outputs: &[Output]) -> bool {
    if crate::passes::skipped(REDUCE_NAME) {
        return false;
    }
    let [Output::Reduce {
        red: Reduction::Sum,
        of,
        result,
        ..
    }] = outputs
    else {
        return false;
    };
    let contiguous = |n: usize| match &exprs[n] {
        Expr::Read(v) => matches!(
            f.ty(*v),
            Type::Array {
                dtype: Dtype::Float64,
                ndim: 1,
                layout: Layout::C,
            }
        ),
        _ => false,
    };
    let product = |inst: ValueId| match f.def(inst).map(|d| &d.kind) {
        Some(InstKind::Binary(BinOp::Mul, ..)) => true,
        Some(_) => f
            .def(inst)
            .and_then(|d| super::build::call_operands(f, d))
            .is_some_and(|(i, _)| i == Intrinsic::Dot),
        None => false,
    };
    *f.ty(*result) == Type::Float
        && match &exprs[*of] {
            Expr::Read(_) => contiguous(*of),
            Expr::Apply { inst, args } => {
                args.len() == 2 && product(*inst) && args.iter().all(|a| contiguous(*a))
            }
            _ => false,
        }
}
