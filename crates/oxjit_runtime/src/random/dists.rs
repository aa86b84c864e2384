//! The distribution algorithms NumPy's `Generator` and legacy `RandomState` share
//! (`numpy/random/src/distributions/distributions.c` and `legacy/legacy-distributions.c` of
//! NumPy 2.4), written once over a source of draws ([`Draws`]): the same steps and the same order
//! of floating-point operations as the C code, with the C conversions spelled out (int64 to
//! double where C converts, [`c_i64`] for C's double to int64 casts).
//!
//! * `standard_gamma` ← `random_standard_gamma` / `legacy_standard_gamma`: Marsaglia–Tsang for
//!   shape > 1, Johnk-style rejection below 1 (the two differ only in their normal and
//!   exponential draws);
//! * `poisson` ← `random_poisson` (multiplication below 10, Hörmann's PTRS from 10), which the
//!   legacy `RandomState.poisson` calls too;
//! * `binomial_inversion` (its `qn` given by the caller: the two versions compute it
//!   differently) and `binomial_btpe` ← `random_binomial_inversion` / `random_binomial_btpe`.
//!   NumPy caches the per-`(n, p)` constants in a `binomial_t`; they are a function of `(n, p)`,
//!   so recomputing them gives the same draws.

/// C's `pow(x, y)`, as NumPy calls it. The exponent is hidden from the optimiser: with a known
/// exponent (`1.0 / 0.5` once a caller's constant is inlined) LLVM rewrites `powf` (`x * x`
/// for 2.0), which is correctly rounded where glibc's `pow` may be off by one in the last bit,
/// and the draws would no longer be NumPy's.
pub(crate) fn c_pow(x: f64, y: f64) -> f64 {
    x.powf(std::hint::black_box(y))
}

/// The draws the distributions are built on.
pub(super) trait Draws {
    /// A double in `[0, 1)` (`next_double`).
    fn next_double(&mut self) -> f64;
    /// A standard normal (`random_standard_normal` or `legacy_gauss`).
    fn standard_normal(&mut self) -> f64;
    /// A standard exponential (`random_standard_exponential` or `legacy_standard_exponential`).
    fn standard_exponential(&mut self) -> f64;
}

/// C's `(int64_t)x` on x86-64 (`cvttsd2si`): truncation; NaN and out-of-range give `i64::MIN`.
#[inline]
pub(super) fn c_i64(x: f64) -> i64 {
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

/// `random_standard_gamma` / `legacy_standard_gamma` (one algorithm over different draws).
pub(super) fn standard_gamma<S: Draws>(s: &mut S, shape: f64) -> f64 {
    if shape == 1.0 {
        return s.standard_exponential();
    }
    if shape == 0.0 {
        return 0.0;
    }
    if shape < 1.0 {
        loop {
            let u = s.next_double();
            let v = s.standard_exponential();
            if u <= 1.0 - shape {
                let x = c_pow(u, 1.0 / shape);
                if x <= v {
                    return x;
                }
            } else {
                let y = -((1.0 - u) / shape).ln();
                let x = c_pow(1.0 - shape + shape * y, 1.0 / shape);
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
            x = s.standard_normal();
            v = 1.0 + c * x;
            // C's `do ... while (V <= 0.0)`: a NaN `V` (NaN shape) leaves the loop.
            #[allow(clippy::neg_cmp_op_on_partial_ord)]
            if !(v <= 0.0) {
                break;
            }
        }
        v = v * v * v;
        let u = s.next_double();
        if u < 1.0 - 0.0331 * (x * x) * (x * x) {
            return b * v;
        }
        if u.ln() < 0.5 * x * x + b * (1.0 - v + v.ln()) {
            return b * v;
        }
    }
}

/// `random_poisson` (also `legacy_random_poisson`) (`0 <= lam <= POISSON_LAM_MAX`, checked by the caller).
pub(super) fn poisson<S: Draws>(s: &mut S, lam: f64) -> i64 {
    if lam >= 10.0 {
        return poisson_ptrs(s, lam);
    }
    if lam == 0.0 {
        return 0;
    }
    // `random_poisson_mult`.
    let enlam = (-lam).exp();
    let mut x = 0i64;
    let mut prod = 1.0;
    loop {
        prod *= s.next_double();
        if prod > enlam {
            x += 1;
        } else {
            return x;
        }
    }
}

/// `random_poisson_ptrs`: Hörmann's transformed rejection.
fn poisson_ptrs<S: Draws>(s: &mut S, lam: f64) -> i64 {
    let slam = lam.sqrt();
    let loglam = lam.ln();
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let invalpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = s.next_double() - 0.5;
        let v = s.next_double();
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

/// `random_binomial_inversion` with `qn = (1 - p)**n` as the caller computes it: `Generator`
/// as `exp(n * log1p(-p))`, the legacy `RandomState` as `exp(n * log(1 - p))`.
fn binomial_inversion<S: Draws>(s: &mut S, n: i64, p: f64, qn: f64) -> i64 {
    let q = 1.0 - p;
    let np = n as f64 * p;
    // C's `MIN(n, np + ...)`: a double comparison and a double result.
    let lim = np + 10.0 * (np * q + 1.0).sqrt();
    let bound = c_i64(if (n as f64) < lim { n as f64 } else { lim });
    let mut x = 0i64;
    let mut px = qn;
    let mut u = s.next_double();
    while u > px {
        x += 1;
        if x > bound {
            x = 0;
            px = qn;
            u = s.next_double();
        } else {
            u -= px;
            px = ((n - x + 1) as f64 * p * px) / (x as f64 * q);
        }
    }
    x
}

/// `random_binomial_btpe`: Kachitvichyanukul and Schmeiser's BTPE.
fn binomial_btpe<S: Draws>(s: &mut S, n: i64, p: f64) -> i64 {
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
        let u = s.next_double() * p4;
        let mut v = s.next_double();
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

/// `random_binomial` past its `n == 0 || p == 0` shortcut (which `legacy_random_binomial`
/// lacks): inversion when `n * min(p, 1 - p) <= 30`, else BTPE, on `1 - p` when `p > 0.5`;
/// `qn(n, p)` is the inversion's `(1 - p)**n` (see [`binomial_inversion`]).
pub(super) fn binomial<S: Draws>(s: &mut S, n: i64, p: f64, qn: fn(i64, f64) -> f64) -> i64 {
    if p <= 0.5 {
        if p * n as f64 <= 30.0 {
            binomial_inversion(s, n, p, qn(n, p))
        } else {
            binomial_btpe(s, n, p)
        }
    } else {
        let q = 1.0 - p;
        if q * n as f64 <= 30.0 {
            n - binomial_inversion(s, n, q, qn(n, q))
        } else {
            n - binomial_btpe(s, n, q)
        }
    }
}
