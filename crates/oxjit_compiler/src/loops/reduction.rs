//! The one reduction type of the loop stage: what an accumulator does, for whole-array
//! reductions (`np.sum`, `a.max()`, products of a matrix and a vector) and for the reduction
//! variables of `prange` loops alike. Codegen has one identity and one combine rule per variant
//! (`codegen/reduce.rs`), used inside chunks and to fold chunk partials.

/// How an accumulator starts and combines.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Reduction {
    /// `+` (identity 0). A `prange` variable updated by `x -= v` accumulates its decrements
    /// from 0 in each chunk, so its partials also fold with `+`.
    Sum,
    /// `*` (identity 1).
    Prod,
    /// NumPy's `minimum`: a NaN anywhere makes the result NaN.
    Min,
    /// NumPy's `maximum`.
    Max,
    /// Python's `min(acc, x)`: `x` replaces the accumulator only when strictly smaller (a NaN
    /// is kept only if it came first), as a `prange` loop body computes it.
    PyMin,
    /// Python's `max(acc, x)`.
    PyMax,
    /// Logical and (identity true).
    All,
    /// Logical or (identity false).
    Any,
    /// Position of the first minimum (the first NaN wins): two accumulators, value and index.
    ArgMin,
    /// Position of the first maximum.
    ArgMax,
}

impl Reduction {
    /// Accumulators per element: arg-reductions keep the value and its position.
    pub fn accumulators(self) -> usize {
        match self {
            Reduction::ArgMin | Reduction::ArgMax => 2,
            _ => 1,
        }
    }

    /// Whether the result is a position (the accumulator's second slot).
    pub fn is_arg(self) -> bool {
        matches!(self, Reduction::ArgMin | Reduction::ArgMax)
    }

    /// The name in dumps.
    pub fn name(self) -> &'static str {
        match self {
            Reduction::Sum => "sum",
            Reduction::Prod => "prod",
            Reduction::Min => "min",
            Reduction::Max => "max",
            Reduction::PyMin => "py-min",
            Reduction::PyMax => "py-max",
            Reduction::All => "all",
            Reduction::Any => "any",
            Reduction::ArgMin => "argmin",
            Reduction::ArgMax => "argmax",
        }
    }
}
