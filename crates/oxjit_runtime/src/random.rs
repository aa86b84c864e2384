//! Bit-exact reimplementation of NumPy's legacy `numpy.random.RandomState`.
//!
//! Every generator here reproduces, draw for draw, what NumPy (checked against
//! NumPy 2.4 on x86-64) returns for the same seed:
//!
//! * [`Mt19937`]: the Mersenne Twister of `numpy/random/src/mt19937/mt19937.c`
//!   — `mt19937_seed` (reference `init_genrand`), `mt19937_init_by_array`,
//!   `mt19937_gen`, `mt19937_next32`, `mt19937_next64` (high word drawn first)
//!   and `mt19937_next_double` (53-bit double from two 32-bit draws), seeded
//!   as `MT19937._legacy_seeding` does for `numpy.random.seed(int)` and
//!   `numpy.random.seed(array)`.
//! * [`RandomState`]: the generator plus the legacy gauss cache
//!   (`aug_bitgen_t.has_gauss` / `gauss`), with
//!   - `random_sample`      ← `random_standard_uniform` / `next_double`,
//!   - `standard_normal`    ← `legacy_gauss` (polar Box–Muller, caches the
//!     second variate),
//!   - `normal`             ← `legacy_normal` (`loc + scale * legacy_gauss`),
//!   - `uniform`            ← `random_uniform` (`low + (high - low) * u`),
//!   - `standard_exponential` / `exponential` ← `legacy_standard_exponential` /
//!     `legacy_exponential` (`-log(1 - u)`, times `scale`),
//!   - `randint`            ← `RandomState.randint` with the default `int64`
//!     dtype, i.e. `_rand_int64` → `random_bounded_uint64_fill` with
//!     `use_masked=True` (masked rejection; 32-bit draws when the range fits
//!     in 32 bits, the scalar and array forms consume the stream identically),
//!   - `shuffle` / `permutation` ← `RandomState.shuffle` (`_shuffle_raw`, a
//!     Fisher–Yates pass driven by `random_interval`) and
//!     `RandomState.permutation(int)` (`arange` then `shuffle`),
//!   - `choice`             ← `RandomState.choice(a, size, replace, p)` (`choice`, which
//!     shares the handling of `p` with `Generator.choice`),
//!   - `gamma`, `standard_gamma`, `beta`, `poisson`, `binomial` ← `legacy_gamma`,
//!     `legacy_standard_gamma`, `legacy_beta`, `legacy_random_poisson`,
//!     `legacy_random_binomial` (`legacy_dists`, on the algorithms shared with `Generator` in
//!     `dists`),
//!   - `multivariate_normal` ← `RandomState.multivariate_normal` (`multivariate`: the same
//!     normal draws, faer's SVD instead of LAPACK's).
//! * A per-thread stream ([`with_thread_rng`]) and `extern "C"` entry points
//!   (`oxjit_rt_*`) for compiled code.
//!
//! * NumPy's `Generator` (`numpy.random.default_rng(seed)`): [`Pcg64`] seeded through
//!   `SeedSequence` (`pcg64`), the `Generator` distributions (`generator`: ziggurat normal
//!   and exponential with NumPy's tables in `ziggurat`, Lemire-bounded integers, shuffles;
//!   `gen_dists`: gamma, beta, poisson, binomial; `gen_choice`: `choice`)
//!   and the object entry points (`gen_ffi`).
//!
//! * Draws with array parameters, legacy and `Generator` (`broadcast`): NumPy's broadcasting
//!   paths, one slot routine per function; `randint`/`integers` with array bounds
//!   (`int_bounds`): NumPy's `_rand_int64_broadcast`.
//!
//! * Python's `random` module (`python`): a separate per-thread state with CPython's
//!   algorithms.
//!
//! Floating-point steps are written in the same order as NumPy's C code, and
//! `f64::ln` / `f64::sqrt` go to the same libm as NumPy, so results are
//! bit-identical rather than merely close.

mod broadcast;
mod choice;
mod dists;
mod ffi;
mod gen_choice;
mod gen_dists;
mod gen_ffi;
mod generator;
mod int_bounds;
mod legacy_dists;
mod mt19937;
mod multivariate;
mod pcg64;
pub mod python;
mod state;

pub use broadcast::*;
pub use choice::oxjit_rt_legacy_choice;
pub use ffi::*;
pub use gen_choice::*;
pub use gen_ffi::*;
pub use int_bounds::*;
pub use mt19937::*;
pub use multivariate::oxjit_rt_random_multivariate_normal;
pub use pcg64::{seed_sequence_state, Pcg64};
pub use state::*;

#[cfg(test)]
#[rustfmt::skip]
mod numpy_expected;
#[rustfmt::skip]
mod ziggurat;
#[cfg(test)]
mod gen_tests;
#[cfg(test)]
mod tests;
