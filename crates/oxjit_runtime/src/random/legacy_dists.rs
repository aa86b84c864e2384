//! The legacy `RandomState` distributions built on the gamma, Poisson and binomial algorithms
//! (NumPy 2.4's `legacy/legacy-distributions.c`, which `mtrand.pyx` calls):
//!
//! * `standard_gamma` / `gamma` ← `legacy_standard_gamma` / `legacy_gamma` (the shared
//!   algorithm of `dists` over `legacy_gauss` and `legacy_standard_exponential`);
//! * `beta` ← `legacy_beta`: Johnk's algorithm for a, b <= 1 — without `Generator`'s tiny-shape
//!   shortcut and with its own log-space fallback — else a ratio of legacy gammas;
//! * `poisson` ← `legacy_random_poisson` (`random_poisson`, as `Generator`);
//! * `binomial` ← `legacy_random_binomial`: no `n == 0 || p == 0` shortcut (one double is drawn
//!   then), and `legacy_random_binomial_inversion` computes `(1 - p)**n` as
//!   `exp(n * log(1 - p))`.

use super::dists::{self, Draws};
use super::state::RandomState;

impl Draws for RandomState {
    fn next_double(&mut self) -> f64 {
        self.random_sample()
    }
    fn standard_normal(&mut self) -> f64 {
        RandomState::standard_normal(self)
    }
    fn standard_exponential(&mut self) -> f64 {
        RandomState::standard_exponential(self)
    }
}

impl RandomState {
    /// `RandomState.standard_gamma(shape)` (`legacy_standard_gamma`; `shape >= 0` or NaN).
    pub fn standard_gamma(&mut self, shape: f64) -> f64 {
        dists::standard_gamma(self, shape)
    }

    /// `RandomState.gamma(shape, scale)` (`legacy_gamma`).
    pub fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        scale * self.standard_gamma(shape)
    }

    /// `RandomState.beta(a, b)` (`legacy_beta`; `a`, `b` > 0 or NaN, checked by the caller).
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        if a <= 1.0 && b <= 1.0 {
            loop {
                let u = self.random_sample();
                let v = self.random_sample();
                let x = dists::c_pow(u, 1.0 / a);
                let y = dists::c_pow(v, 1.0 / b);
                if x + y <= 1.0 {
                    if x + y > 0.0 {
                        return x / (x + y);
                    }
                    let log_x = u.ln() / a;
                    let log_y = v.ln() / b;
                    let log_m = if log_x > log_y { log_x } else { log_y };
                    let (log_x, log_y) = (log_x - log_m, log_y - log_m);
                    return (log_x - (log_x.exp() + log_y.exp()).ln()).exp();
                }
            }
        }
        let ga = self.standard_gamma(a);
        let gb = self.standard_gamma(b);
        ga / (ga + gb)
    }

    /// `RandomState.poisson(lam)` (`0 <= lam <= LEGACY_POISSON_LAM_MAX`, checked by the caller).
    pub fn poisson(&mut self, lam: f64) -> i64 {
        dists::poisson(self, lam)
    }

    /// `RandomState.binomial(n, p)` (`legacy_random_binomial`; `n >= 0`, `0 <= p <= 1`, checked by the caller).
    pub fn binomial(&mut self, n: i64, p: f64) -> i64 {
        dists::binomial(self, n, p, |n, q| (n as f64 * (1.0 - q).ln()).exp())
    }
}
