//! The `Generator` distributions built on the normal, exponential and uniform draws:
//! `gamma` (`random_standard_gamma`: Marsaglia–Tsang for shape > 1, Johnk-style rejection below
//! 1), `beta` (`random_beta`: Johnk's algorithm for a, b <= 1, else a ratio of gammas),
//! `poisson` (`random_poisson`: multiplication below 10, Hörmann's PTRS from 10) and
//! `binomial` (`random_binomial`: inversion when `n * min(p, 1 - p) <= 30`, else BTPE), as in
//! NumPy's `distributions.c`: the same steps and the same order of floating-point operations,
//! with the C conversions spelled out (int64 to double where C converts, [`c_i64`] for C's
//! double to int64 casts).

use super::pcg64::Pcg64;

/// C's `(int64_t)x` on x86-64 (`cvttsd2si`): truncation; NaN and out-of-range give `i64::MIN`.
#[inline]
fn c_i64(x: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2**63
    if !(-LIMIT..LIMIT).contains(&x) {
        i64::MIN
    } else {
        x as i64
    }
}

/// `random_loggam`: log-gamma by Stirling's series, shifted up to 7 (NumPy's coefficients,
/// written as NumPy writes them).
#[allow(clippy::excessive_precision)]
fn loggam(x: f64) -> f64 {
    const A: [f64; 10] = [
        8.333333333333333e-02,
        -2.777777777777778e-03,
        7.936507936507937e-04,
        -5.952380952380952e-04,
        8.417508417508418e-04,
        -1.917526917526918e-03,
        6.410256410256410e-03,
        -2.955065359477124e-02,
        1.796443723688307e-01,
        -1.39243221690590e+00,
    ];
    if x == 1.0 || x == 2.0 {
        return 0.0;
    }
    let n: i64 = if x < 7.0 { c_i64(7.0 - x) } else { 0 };
    let mut x0 = x + n as f64;
    let x2 = (1.0 / x0) * (1.0 / x0);
    let lg2pi = 1.8378770664093453e+00;
    let mut gl0 = A[9];
    for k in (0..=8).rev() {
        gl0 *= x2;
        gl0 += A[k];
    }
    let mut gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * x0.ln() - x0;
    if x < 7.0 {
        for _ in 1..=n {
            gl -= (x0 - 1.0).ln();
            x0 -= 1.0;
        }
    }
    gl
}

impl Pcg64 {
    /// `random_standard_gamma`.
    pub fn standard_gamma(&mut self, shape: f64) -> f64 {
        if shape == 1.0 {
            return self.standard_exponential();
        }
        if shape == 0.0 {
            return 0.0;
        }
        if shape < 1.0 {
            loop {
                let u = self.next_double();
                let v = self.standard_exponential();
                if u <= 1.0 - shape {
                    let x = u.powf(1.0 / shape);
                    if x <= v {
                        return x;
                    }
                } else {
                    let y = -((1.0 - u) / shape).ln();
                    let x = (1.0 - shape + shape * y).powf(1.0 / shape);
                    if x <= v + y {
                        return x;
                    }
                }
            }
        }
        let b = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * b).sqrt();
        loop {
            let (mut x, mut v);
            loop {
                x = self.standard_normal();
                v = 1.0 + c * x;
                if v > 0.0 {
                    break;
                }
            }
            v = v * v * v;
            let u = self.next_double();
            if u < 1.0 - 0.0331 * (x * x) * (x * x) {
                return b * v;
            }
            if u.ln() < 0.5 * x * x + b * (1.0 - v + v.ln()) {
                return b * v;
            }
        }
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
                let x = u.powf(1.0 / a);
                let y = v.powf(1.0 / b);
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
        if lam >= 10.0 {
            return self.poisson_ptrs(lam);
        }
        if lam == 0.0 {
            return 0;
        }
        // `random_poisson_mult`.
        let enlam = (-lam).exp();
        let mut x = 0i64;
        let mut prod = 1.0;
        loop {
            prod *= self.next_double();
            if prod > enlam {
                x += 1;
            } else {
                return x;
            }
        }
    }

    /// `random_poisson_ptrs`: Hörmann's transformed rejection.
    fn poisson_ptrs(&mut self, lam: f64) -> i64 {
        let slam = lam.sqrt();
        let loglam = lam.ln();
        let b = 0.931 + 2.53 * slam;
        let a = -0.059 + 0.02483 * b;
        let invalpha = 1.1239 + 1.1328 / (b - 3.4);
        let vr = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.next_double() - 0.5;
            let v = self.next_double();
            let us = 0.5 - u.abs();
            let k = c_i64(((2.0 * a / us + b) * u + lam + 0.43).floor());
            if us >= 0.07 && v <= vr {
                return k;
            }
            if k < 0 || (us < 0.013 && v > us) {
                continue;
            }
            if (v.ln() + invalpha.ln() - (a / (us * us) + b).ln())
                <= (-lam + k as f64 * loglam - loggam(k as f64 + 1.0))
            {
                return k;
            }
        }
    }

    /// `random_binomial` (`n >= 0`, `0 <= p <= 1`, checked by the caller).
    pub fn gen_binomial(&mut self, n: i64, p: f64) -> i64 {
        if n == 0 || p == 0.0 {
            return 0;
        }
        if p <= 0.5 {
            if p * n as f64 <= 30.0 {
                self.binomial_inversion(n, p)
            } else {
                self.binomial_btpe(n, p)
            }
        } else {
            let q = 1.0 - p;
            if q * n as f64 <= 30.0 {
                n - self.binomial_inversion(n, q)
            } else {
                n - self.binomial_btpe(n, q)
            }
        }
    }

    /// `random_binomial_inversion`.
    fn binomial_inversion(&mut self, n: i64, p: f64) -> i64 {
        let q = 1.0 - p;
        let qn = (n as f64 * (-p).ln_1p()).exp();
        let np = n as f64 * p;
        // C's `MIN(n, np + ...)`: a double comparison and a double result.
        let lim = np + 10.0 * (np * q + 1.0).sqrt();
        let bound = c_i64(if (n as f64) < lim { n as f64 } else { lim });
        let mut x = 0i64;
        let mut px = qn;
        let mut u = self.next_double();
        while u > px {
            x += 1;
            if x > bound {
                x = 0;
                px = qn;
                u = self.next_double();
            } else {
                u -= px;
                px = ((n - x + 1) as f64 * p * px) / (x as f64 * q);
            }
        }
        x
    }

    /// `random_binomial_btpe`: Kachitvichyanukul and Schmeiser's BTPE.
    fn binomial_btpe(&mut self, n: i64, p: f64) -> i64 {
        let nf = n as f64;
        let r = p.min(1.0 - p);
        let q = 1.0 - r;
        let fm = nf * r + r;
        let m = c_i64(fm.floor());
        let mf = m as f64;
        let p1 = (2.195 * (nf * r * q).sqrt() - 4.6 * q).floor() + 0.5;
        let xm = mf + 0.5;
        let xl = xm - p1;
        let xr = xm + p1;
        let c = 0.134 + 20.5 / (15.3 + mf);
        let a = (fm - xl) / (fm - xl * r);
        let laml = a * (1.0 + a / 2.0);
        let a = (xr - fm) / (xr * q);
        let lamr = a * (1.0 + a / 2.0);
        let p2 = p1 * (1.0 + 2.0 * c);
        let p3 = p2 + c / laml;
        let p4 = p3 + c / lamr;
        let y = loop {
            // Step 10.
            let nrq = nf * r * q;
            let u = self.next_double() * p4;
            let mut v = self.next_double();
            if u <= p1 {
                break c_i64((xm - p1 * v + u).floor());
            }
            let y;
            if u <= p2 {
                // Step 20.
                let x = xl + (u - p1) / c;
                v = v * c + 1.0 - (mf - x + 0.5).abs() / p1;
                if v > 1.0 {
                    continue;
                }
                y = c_i64(x.floor());
            } else if u <= p3 {
                // Step 30.
                y = c_i64((xl + v.ln() / laml).floor());
                if y < 0 || v == 0.0 {
                    continue;
                }
                v = v * (u - p2) * laml;
            } else {
                // Step 40.
                y = c_i64((xr - v.ln() / lamr).floor());
                if y > n || v == 0.0 {
                    continue;
                }
                v = v * (u - p3) * lamr;
            }
            // Step 50.
            let k = (y - m).wrapping_abs();
            let kf = k as f64;
            if !(k > 20 && kf < nrq / 2.0 - 1.0) {
                let s = r / q;
                let a = s * (n + 1) as f64;
                let mut f = 1.0;
                if m < y {
                    for i in m + 1..=y {
                        f *= a / i as f64 - s;
                    }
                } else if m > y {
                    for i in y + 1..=m {
                        f /= a / i as f64 - s;
                    }
                }
                if v > f {
                    continue;
                }
                break y;
            }
            // Step 52.
            let rho = (kf / nrq) * ((kf * (kf / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
            let t = (k.wrapping_neg().wrapping_mul(k)) as f64 / (2.0 * nrq);
            let big_a = v.ln();
            if big_a < t - rho {
                break y;
            }
            if big_a > t + rho {
                continue;
            }
            let x1 = y as f64 + 1.0;
            let f1 = mf + 1.0;
            let z = nf + 1.0 - mf;
            let w = nf - y as f64 + 1.0;
            let x2 = x1 * x1;
            let f2 = f1 * f1;
            let z2 = z * z;
            let w2 = w * w;
            // NumPy 2.4's Stirling terms: `13680.` and all four added, as in the 1988 paper
            // (NumPy 2.5 changed them to `13860.` with the last two subtracted, numpy#31238).
            let term = |d: f64, d2: f64| {
                (13680. - (462. - (132. - (99. - 140. / d2) / d2) / d2) / d2) / d / 166320.
            };
            let bound = xm * (f1 / x1).ln()
                + ((n - m) as f64 + 0.5) * (z / w).ln()
                + (y - m) as f64 * (w * r / (x1 * q)).ln()
                + term(f1, f2)
                + term(z, z2)
                + term(x1, x2)
                + term(w, w2);
            if big_a > bound {
                continue;
            }
            break y;
        };
        // Step 60.
        if p > 0.5 {
            n - y
        } else {
            y
        }
    }
}
