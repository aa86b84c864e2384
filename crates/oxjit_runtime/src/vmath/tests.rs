//! Accuracy of the chunk routines against libm: the largest error in ulps over random inputs
//! (10⁶ per function in every `cargo test`; 10⁷ in the ignored `ulp_table_10m`, whose figures
//! are in `docs/vmath.md`), and special values equal to libm's.

use super::*;

/// The distance in ulps between `got` and the libm value `want` (0 when both are NaN or equal).
fn ulps(got: f64, want: f64) -> f64 {
    if got == want || (got.is_nan() && want.is_nan()) {
        return 0.0;
    }
    if !got.is_finite() || !want.is_finite() {
        return f64::INFINITY;
    }
    let ulp = {
        let a = want.abs();
        let next = f64::from_bits(a.to_bits() + 1);
        next - a
    };
    ((got - want) / ulp).abs()
}

/// A small deterministic generator (SplitMix64) of doubles in `[lo, hi)`.
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
    /// Magnitudes spread over many binades: `sign · 10^u`, `u` uniform in `[lo, hi)`.
    fn log_uniform(&mut self, lo: f64, hi: f64, signed: bool) -> f64 {
        let m = 10f64.powf(self.uniform(lo, hi));
        if signed && self.next() < 0.5 {
            -m
        } else {
            m
        }
    }
}

type Routine = unsafe extern "C" fn(*const f64, *mut f64, i64);
/// A function under test: name, routine, libm reference, input generator.
type Case = (&'static str, Routine, fn(f64) -> f64, fn(&mut Gen) -> f64);

/// The functions under test: name, routine, libm reference, input generator.
fn cases() -> Vec<Case> {
    vec![
        ("exp", oxjit_rt_vexp, f64::exp, |g| g.uniform(-745.0, 710.0)),
        ("log", oxjit_rt_vlog, f64::ln, |g| {
            g.log_uniform(-310.0, 308.0, false)
        }),
        ("expm1", oxjit_rt_vexpm1, f64::exp_m1, |g| {
            g.uniform(-40.0, 710.0)
        }),
        ("expm1 small", oxjit_rt_vexpm1, f64::exp_m1, |g| {
            g.log_uniform(-20.0, 0.5, true)
        }),
        ("log1p", oxjit_rt_vlog1p, f64::ln_1p, |g| {
            g.log_uniform(-20.0, 300.0, false)
        }),
        ("log1p near -1", oxjit_rt_vlog1p, f64::ln_1p, |g| {
            -g.uniform(0.0, 1.0)
        }),
        ("tan", oxjit_rt_vtan, f64::tan, |g| {
            g.log_uniform(-10.0, 7.0, true)
        }),
        ("arctan", oxjit_rt_vatan, f64::atan, |g| {
            g.log_uniform(-20.0, 300.0, true)
        }),
        ("arctan near 1", oxjit_rt_vatan, f64::atan, |g| {
            g.uniform(-3.0, 3.0)
        }),
        ("sqrt", oxjit_rt_vsqrt, f64::sqrt, |g| {
            g.log_uniform(-310.0, 308.0, false)
        }),
        ("sin", oxjit_rt_vsin, f64::sin, |g| {
            g.log_uniform(-10.0, 7.0, true)
        }),
        ("cos", oxjit_rt_vcos, f64::cos, |g| {
            g.log_uniform(-10.0, 7.0, true)
        }),
    ]
}

/// The largest error in ulps of each routine over `n` inputs per function (in blocks, so the
/// chunk loop and its tail are exercised), plus `[-8, 8]` uniform inputs for every function.
fn max_ulps(n: usize) -> Vec<(&'static str, f64, f64)> {
    let mut out = Vec::new();
    for (name, f, libm, gen) in cases() {
        let mut g = Gen(0x1234_5678 ^ name.len() as u64);
        let mut worst = 0.0f64;
        let mut differ = 0usize;
        let mut xs = vec![0.0; 1000];
        let mut ys = vec![0.0; 1000];
        let mut done = 0;
        while done < n {
            let m = (n - done).min(997);
            for (j, x) in xs.iter_mut().take(m).enumerate() {
                *x = if j % 4 == 0 {
                    let v = g.uniform(-8.0, 8.0);
                    if name == "log" || name == "sqrt" {
                        v.abs()
                    } else {
                        v
                    }
                } else {
                    gen(&mut g)
                };
            }
            // SAFETY: both buffers hold at least `m` doubles.
            unsafe { f(xs.as_ptr(), ys.as_mut_ptr(), m as i64) };
            for j in 0..m {
                let e = ulps(ys[j], libm(xs[j]));
                assert!(
                    e <= 1.0,
                    "{name}({:e}) = {:e}, libm {:e}",
                    xs[j],
                    ys[j],
                    libm(xs[j])
                );
                worst = worst.max(e);
                differ += usize::from(e > 0.0);
            }
            done += m;
        }
        out.push((name, worst, differ as f64 / n as f64));
    }
    out
}

#[test]
fn within_one_ulp_1m() {
    for (name, worst, differ) in max_ulps(1_000_000) {
        println!(
            "{name}: max {worst:.3} ulp, {:.4} % differ ({})",
            differ * 100.0,
            variant()
        );
    }
}

#[test]
#[ignore]
fn ulp_table_10m() {
    for (name, worst, differ) in max_ulps(10_000_000) {
        println!(
            "| `{name}` | {worst:.0} | {:.4} % | {} |",
            differ * 100.0,
            variant()
        );
    }
}

#[test]
fn special_values_as_libm() {
    let specials = [
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        1.0,
        -1.0,
        f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        1e-310,
        f64::MAX,
        -f64::MAX,
        708.0,
        708.5,
        709.78,
        709.8,
        710.0,
        -708.5,
        -745.0,
        -745.2,
        -746.0,
        1e6,
        1.0000001e6,
        1e22,
        -1e300,
        3.7e-9,
        -1e-20,
    ];
    for (name, f, libm, _) in cases() {
        let mut ys = [0.0; 29];
        // SAFETY: both arrays hold `specials.len()` doubles.
        unsafe { f(specials.as_ptr(), ys.as_mut_ptr(), specials.len() as i64) };
        for (x, y) in specials.iter().zip(ys) {
            let want = libm(*x);
            let same = (want.is_nan() && y.is_nan()) || want.to_bits() == y.to_bits();
            assert!(
                same || (want.is_finite() && ulps(y, want) <= 1.0 && want != 0.0),
                "{name}({x:e}) = {y:e}, libm {want:e}"
            );
        }
    }
}

#[test]
fn in_place() {
    let xs: Vec<f64> = (0..300).map(|i| i as f64 * 0.37 - 50.0).collect();
    for (name, f, libm, _) in cases() {
        let mut buf: Vec<f64> = xs
            .iter()
            .map(|x| {
                if name == "log" || name == "sqrt" {
                    x.abs()
                } else {
                    *x
                }
            })
            .collect();
        let orig = buf.clone();
        // SAFETY: in place over `buf`.
        unsafe { f(buf.as_ptr(), buf.as_mut_ptr(), buf.len() as i64) };
        for (x, y) in orig.iter().zip(&buf) {
            assert!(ulps(*y, libm(*x)) <= 1.0, "{name}({x})");
        }
    }
}

#[test]
#[ignore]
fn timing() {
    let all: Vec<f64> = (0..1_000_000).map(|i| (i as f64) * 2e-5 - 10.0).collect();
    let mut ys = vec![0.0; all.len()];
    for (name, f, libm, _) in cases() {
        let positive = name.starts_with("log") || name == "sqrt";
        let xs: Vec<f64> = all
            .iter()
            .map(|x| if positive { x.abs() } else { *x })
            .collect();
        let t = std::time::Instant::now();
        for _ in 0..10 {
            unsafe { f(xs.as_ptr(), ys.as_mut_ptr(), xs.len() as i64) };
        }
        let v = t.elapsed().as_secs_f64() / 10.0;
        let t = std::time::Instant::now();
        for _ in 0..10 {
            for (x, y) in xs.iter().zip(ys.iter_mut()) {
                *y = libm(*x);
            }
        }
        let l = t.elapsed().as_secs_f64() / 10.0;
        println!("{name}: {:.3} ms vector, {:.3} ms libm", v * 1e3, l * 1e3);
    }
}

/// Every compiled variant this CPU can run gives the same bits as the baseline.
#[test]
fn variants_bit_identical() {
    let routines: [(&str, Vec<(usize, Variant)>); 9] = [
        ("exp", vexp::all()),
        ("log", vlog::all()),
        ("expm1", vexpm1::all()),
        ("log1p", vlog1p::all()),
        ("tan", vtan::all()),
        ("arctan", vatan::all()),
        ("sqrt", vsqrt::all()),
        ("sin", vsin::all()),
        ("cos", vcos::all()),
    ];
    let mut g = Gen(7);
    let xs: Vec<f64> = (0..20_000)
        .map(|i| match i % 3 {
            0 => g.uniform(-20.0, 20.0),
            1 => g.log_uniform(-300.0, 300.0, true),
            _ => g.uniform(-1.0, 1.0),
        })
        .collect();
    for (name, variants) in routines {
        let mut want = vec![0.0; xs.len()];
        // SAFETY: both buffers hold `xs.len()` doubles.
        unsafe { (variants[0].1)(xs.as_ptr(), want.as_mut_ptr(), xs.len()) };
        for (level, f) in &variants[1..] {
            let mut got = vec![0.0; xs.len()];
            // SAFETY: as above; `all` lists only variants the CPU supports.
            unsafe { f(xs.as_ptr(), got.as_mut_ptr(), xs.len()) };
            for (i, (w, g)) in want.iter().zip(&got).enumerate() {
                assert!(
                    w.to_bits() == g.to_bits() || (w.is_nan() && g.is_nan()),
                    "{name} level {level} differs at {:e}: {g:e} vs {w:e}",
                    xs[i]
                );
            }
        }
    }
}
