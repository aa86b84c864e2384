//! The loop stage's `vector-map` part: the innermost element loop of a plain element-wise
//! kernel (`a * 2.0 + b`, `a > 0.5`, `np.abs(a)`, `np.minimum(a, b)`, `np.where(a > 0, a, 0.0)`,
//! `a / b`, `-a`, `a ** 2`) over float64 inputs runs with Cranelift's 128-bit vectors.
//!
//! Which element expressions qualify, and how the loop is built, is decided in codegen
//! (`codegen/vector_map.rs`), where the lazy element trees live: every leaf is a float64 array,
//! every operation is one whose f64x2 instruction computes exactly the scalar instruction's
//! result in each lane (`+ - * /`, `sqrt`, negation, `abs`, `minimum`/`maximum` (with
//! the scalar sequence's NaN rebuilt), `** 2` as `x * x`, comparisons, `&`/`|`/`^` of comparisons, `where`), and the result is float64 or
//! bool. Nothing is reassociated, so results are bit-identical to the scalar loop and
//! `parallel=True` stays bit-identical to serial.
//!
//! At run time the vector loop is taken only when the output and every array read are
//! contiguous in the innermost axis (stride = item size), and every array read either does not
//! overlap the output or is exactly the output (`a += b`); otherwise the scalar loop runs, as
//! before. A float64 result is stored two lanes at a time; a bool result sixteen at a time
//! (eight f64x2 comparisons narrowed into one i8x16 store). Remainders run the scalar loop.
//!
//! `OXJIT_SKIP_PASSES=vector-map` turns the part off.

/// The part's name in `OXJIT_SKIP_PASSES`.
pub const NAME: &str = "vector-map";

/// Whether the part is turned off by `OXJIT_SKIP_PASSES`.
pub fn skipped() -> bool {
    crate::passes::skipped(NAME)
}
