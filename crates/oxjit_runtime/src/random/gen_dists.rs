//! The `Generator` distributions built on the normal, exponential and uniform draws:
//! `gamma` and `poisson` (the algorithms shared with the legacy `RandomState`, in `dists`),
//! `beta` (`random_beta`: Johnk's algorithm for a, b <= 1, else a ratio of gammas) and
//! `binomial` (`random_binomial`: inversion when `n * min(p, 1 - p) <= 30`, else BTPE), as in
//! NumPy's `distributions.c`.

use super::dists::{self, Draws};
use super::pcg64::Pcg64;

impl Draws for Pcg64 {
    fn next_double(&mut self) -> f64 {
        Pcg64::next_double(self)
    }
    fn standard_normal(&mut self) -> f64 {
        Pcg64::standard_normal(self)
    }
    fn standard_exponential(&mut self) -> f64 {
        Pcg64::standard_exponential(self)
    }
}

impl Pcg64 {
    /// `random_standard_gamma`.
    pub fn standard_gamma(&mut self, shape: f64) -> f64 {
        dists::standard_gamma(self, shape)
    }

    /// `random_gamma`.
    pub fn gen_gamma(&mut self, shape: f64, scale: f64) -> f64 {
        scale * self.standard_gamma(shape)
    }

    /// `random_beta` (`a`, `b` > 0, checked by the caller).
    pub fn gen_beta(&mut self, a: f64, b: f64) -> f64 {
        if a <= 1.0 && b <= 1.0 {
            const TINY: f64 = 3e-103;
            if a < TINY && b < TINY {
                let u = self.next_double();
                return if (a + b) * u < a { 1.0 } else { 0.0 };
            }
            loop {
                let u = self.next_double();
                let v = self.next_double();
                let x = dists::c_pow(u, 1.0 / a);
                let y = dists::c_pow(v, 1.0 / b);
                let xpy = x + y;
                if xpy <= 1.0 && u + v > 0.0 {
                    if x > 0.0 && y > 0.0 {
                        return x / xpy;
                    }
                    let log_x = u.ln() / a;
                    let log_y = v.ln() / b;
                    let delta = log_x - log_y;
                    return if delta > 0.0 {
                        (-(-delta).exp().ln_1p()).exp()
                    } else {
                        (delta - delta.exp().ln_1p()).exp()
                    };
                }
            }
        }
        let ga = self.standard_gamma(a);
        let gb = self.standard_gamma(b);
        ga / (ga + gb)
    }

    /// `random_poisson` (`0 <= lam <= POISSON_LAM_MAX`, checked by the caller).
    pub fn gen_poisson(&mut self, lam: f64) -> i64 {
        dists::poisson(self, lam)
    }

    /// `random_binomial` (`n >= 0`, `0 <= p <= 1`, checked by the caller).
    pub fn gen_binomial(&mut self, n: i64, p: f64) -> i64 {
        if n == 0 || p == 0.0 {
            return 0;
        }
        dists::binomial(self, n, p, |n, p| (n as f64 * (-p).ln_1p()).exp())
    }
}
