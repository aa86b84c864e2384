//! How a kernel's iteration space is cut into chunks and run: one chunking policy for array
//! loops and `prange` loops.
//!
//! A kernel over `n` rows of its outermost axis (or `n` iterations of a `prange` loop) runs in
//! chunks of `len = max(grain, ceil(n / max_chunks))` consecutive rows, `ceil(n / len)` of them
//! — a function of `n` only, never of the number of threads. Each chunk starts its
//! accumulators at the identity; the partials are folded into the totals **in chunk order**,
//! after the kernel (serially the chunks simply run one after the other, with the same fold).
//! So `parallel=True` computes exactly the same floating-point operations in the same order as
//! `parallel=False`: results are bit-identical.
//!
//! Array kernels use [`ARRAY_ROWS`] (4096-row chunks, as many as needed: enough parallelism for
//! memory-bound loops, small partial buffers); `prange` loops use [`PRANGE`] (at most 64
//! chunks: a loop body is usually heavy and its reduction variables few).

/// A chunking policy (see the module doc).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Chunking {
    /// Fewest rows per chunk.
    pub grain: i64,
    /// Most chunks (`None`: as many as `grain` gives).
    pub max_chunks: Option<i64>,
}

/// Array expressions, reductions, copies and fills.
pub const ARRAY_ROWS: Chunking = Chunking {
    grain: 4096,
    max_chunks: None,
};

/// `prange` loops.
pub const PRANGE: Chunking = Chunking {
    grain: 1,
    max_chunks: Some(64),
};

impl Chunking {
    /// `(chunk length, chunk count)` for `n` rows, as codegen computes it at run time.
    pub fn plan(self, n: i64) -> (i64, i64) {
        if n <= 0 {
            return (self.grain, 0);
        }
        let len = match self.max_chunks {
            Some(m) => self.grain.max((n + m - 1) / m),
            None => self.grain,
        };
        (len, (n + len - 1) / len)
    }
}

impl std::fmt::Display for Chunking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.max_chunks {
            None => write!(f, "chunks of {} rows", self.grain),
            Some(m) => write!(f, "at most {m} chunks of at least {} rows", self.grain),
        }
    }
}

/// How a kernel runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub chunking: Chunking,
    /// Chunks go to the thread pool (`parallel=True`, outside another kernel) when there is
    /// more than one.
    pub parallel: bool,
    /// Interleaved accumulators per reduction in a 1-D chunk (folded in lane order).
    pub lanes: usize,
    /// Axes of length 2 (e.g. the columns of an `(n, 2)` design matrix) get a specialised copy
    /// of the loop where the length is a constant and the inner products unroll.
    pub specialise_small_dims: bool,
    /// Element functions with a vectorised runtime routine (`exp`, `log`, `sin`, `tan`, … of
    /// float64) are evaluated a block at a time (`super::vector_math`).
    pub vector_math: bool,
    /// A float64 sum of a contiguous array (or of the product of two) runs each chunk through
    /// the runtime's SIMD sum, 32 lanes in a fixed order (`super::vector_math::contiguous_sum`).
    pub vector_reduce: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans() {
        assert_eq!(ARRAY_ROWS.plan(10_000), (4096, 3));
        assert_eq!(ARRAY_ROWS.plan(4096), (4096, 1));
        assert_eq!(ARRAY_ROWS.plan(0).1, 0);
        assert_eq!(PRANGE.plan(10), (1, 10));
        assert_eq!(PRANGE.plan(1000), (16, 63));
        assert_eq!(PRANGE.plan(6400), (100, 64));
    }
}
