//! Python's `random` module (CPython 3.11's `Lib/random.py` over `Modules/_randommodule.c`)
//! for compiled code: its own Mersenne Twister state per thread, separate from the
//! `numpy.random` stream, with the algorithms CPython uses so a seeded stream gives the same
//! values draw for draw:
//!
//! * `seed(n)`: `init_by_array` of the 32-bit words of `abs(n)`, least significant first
//!   (`[0]` for 0); clears the cached gauss value;
//! * `random()`: `(a * 67108864 + b) / 2**53` with `a = genrand >> 5`, `b = genrand >> 6`;
//! * `getrandbits(k)`: 0 for `k == 0`; one word `>> (32 - k)` for `k <= 32`; else words least
//!   significant first, the last one shifted right to keep its `k mod 32` top bits;
//! * `_randbelow(n)`: `getrandbits(n.bit_length())` until below `n`;
//! * `randrange`, `randint`, `uniform`, `gauss` (Box–Muller keeping the second value),
//!   `normalvariate` (Kinderman–Monahan), `expovariate`, and the Fisher–Yates `shuffle`.
//!
//! A thread's state is seeded from entropy on first use, until compiled code calls `seed`.
//! The `extern "C"` entry points are declared in `crate::decls`; the ones that can fail set the
//! pending error (CPython's class and message) and return 1.

use super::mt19937::Mt19937;
use super::state::entropy_words;
use crate::errors::{set_error, ErrorKind};
use std::cell::RefCell;

/// The state of one `random.Random`: the generator and the cached second gauss value.
pub struct PyRandom {
    mt: Mt19937,
    gauss_next: Option<f64>,
}

impl PyRandom {
    /// A state seeded like `random.seed(n)`.
    pub fn from_seed(n: i64) -> Self {
        let mut r = PyRandom {
            mt: Mt19937::new(0),
            gauss_next: None,
        };
        r.seed(n);
        r
    }

    /// A state seeded from entropy (not reproducible), like `random.seed()`.
    pub fn from_entropy() -> Self {
        let mut mt = Mt19937::new(0);
        mt.init_by_array(&entropy_words());
        PyRandom {
            mt,
            gauss_next: None,
        }
    }

    /// `random.seed(n)`: the words of `abs(n)`, least significant first.
    pub fn seed(&mut self, n: i64) {
        let mut a = n.unsigned_abs();
        let mut key = Vec::with_capacity(2);
        while a != 0 {
            key.push(a as u32);
            a >>= 32;
        }
        if key.is_empty() {
            key.push(0);
        }
        self.mt.init_by_array(&key);
        self.gauss_next = None;
    }

    /// `random.seed()` / `random.seed(None)`.
    pub fn reseed_from_entropy(&mut self) {
        self.mt.init_by_array(&entropy_words());
        self.gauss_next = None;
    }

    /// `random.random()`.
    pub fn random(&mut self) -> f64 {
        self.mt.next_f64()
    }

    /// `random.getrandbits(k)` for `0 <= k <= 64`.
    pub fn getrandbits(&mut self, k: u32) -> u64 {
        debug_assert!(k <= 64);
        if k == 0 {
            return 0;
        }
        if k <= 32 {
            return u64::from(self.mt.next_u32() >> (32 - k));
        }
        let lo = u64::from(self.mt.next_u32());
        let hi = u64::from(self.mt.next_u32() >> (64 - k));
        (hi << 32) | lo
    }

    /// `_randbelow(n)` for `n >= 1` (rejection on `getrandbits(n.bit_length())`).
    pub fn randbelow(&mut self, n: u64) -> u64 {
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }

    /// `random.randrange(start, stop, step)` (`stop` absent: `randrange(start)`), with
    /// CPython's `ValueError` messages.
    pub fn randrange(
        &mut self,
        start: i128,
        stop: Option<i128>,
        step: i128,
    ) -> Result<i128, String> {
        let Some(stop) = stop else {
            if start > 0 {
                return Ok(self.randbelow(start as u64) as i128);
            }
            return Err("empty range for randrange()".into());
        };
        let width = stop - start;
        if step == 1 {
            if width > 0 {
                return Ok(start + self.randbelow(width as u64) as i128);
            }
            return Err(format!(
                "empty range for randrange() ({start}, {stop}, {width})"
            ));
        }
        let n = match step.signum() {
            1 => floor_div(width + step - 1, step),
            -1 => floor_div(width + step + 1, step),
            _ => return Err("zero step for randrange()".into()),
        };
        if n <= 0 {
            return Err("empty range for randrange()".into());
        }
        Ok(start + step * self.randbelow(n as u64) as i128)
    }

    /// `random.uniform(a, b)` given `a` and `b - a` as Python computes them.
    pub fn uniform(&mut self, a: f64, width: f64) -> f64 {
        a + width * self.random()
    }

    /// `random.gauss(mu, sigma)`: Box–Muller, the second value kept for the next call.
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }

    /// `random.normalvariate(mu, sigma)`: Kinderman–Monahan ratio of uniforms.
    pub fn normalvariate(&mut self, mu: f64, sigma: f64) -> f64 {
        // NV_MAGICCONST = 4 * exp(-0.5) / sqrt(2.0), in the same order as random.py.
        let magic = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
        loop {
            let u1 = self.random();
            let u2 = 1.0 - self.random();
            let z = magic * (u1 - 0.5) / u2;
            let zz = z * z / 4.0;
            if zz <= -u2.ln() {
                return mu + z * sigma;
            }
        }
    }

    /// `random.expovariate(lambd)`: the draw happens before the division, as in CPython.
    pub fn expovariate(&mut self, lambd: f64) -> Result<f64, String> {
        let u = self.random();
        if lambd == 0.0 {
            return Err("float division by zero".into());
        }
        Ok(-(1.0 - u).ln() / lambd)
    }

    /// `random.shuffle(x)` of `n` items of `itemsize` bytes, `stride` bytes apart.
    ///
    /// # Safety
    /// `data + i * stride` must be valid for reads and writes of `itemsize` bytes for every
    /// `i < n`, the items not overlapping.
    pub unsafe fn shuffle(&mut self, data: *mut u8, n: usize, stride: isize, itemsize: usize) {
        for i in (1..n).rev() {
            let j = self.randbelow(i as u64 + 1) as usize;
            if i != j {
                // SAFETY: both items are in bounds and distinct (caller's contract).
                unsafe {
                    std::ptr::swap_nonoverlapping(
                        data.offset(i as isize * stride),
                        data.offset(j as isize * stride),
                        itemsize,
                    );
                }
            }
        }
    }
}

/// Python's `//` on integers.
fn floor_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

thread_local! {
    static PY_RANDOM: RefCell<Option<PyRandom>> = const { RefCell::new(None) };
}

/// Runs `f` on this thread's Python `random` state, seeding it from entropy on first use.
pub fn with_py_random<R>(f: impl FnOnce(&mut PyRandom) -> R) -> R {
    PY_RANDOM.with(|cell| {
        let mut slot = cell.borrow_mut();
        f(slot.get_or_insert_with(PyRandom::from_entropy))
    })
}

/// Writes `r` to `out` and returns 0, or sets `kind` with the message and returns 1.
///
/// # Safety
/// `out` must be valid for a write of `T`.
unsafe fn report<T>(r: Result<T, String>, out: *mut T, kind: ErrorKind) -> i32 {
    match r {
        Ok(v) => {
            // SAFETY: the caller's contract.
            unsafe { out.write(v) };
            0
        }
        Err(m) => {
            set_error(kind, m);
            1
        }
    }
}

/// `random.seed(n)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_py_seed(n: i64) {
    with_py_random(|r| r.seed(n));
}

/// `random.seed()` / `random.seed(None)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_py_seed_entropy() {
    with_py_random(PyRandom::reseed_from_entropy);
}

/// `random.random()`.
#[no_mangle]
pub extern "C" fn oxjit_rt_py_random() -> f64 {
    with_py_random(PyRandom::random)
}

/// `random.uniform(a, b)` for float arguments.
#[no_mangle]
pub extern "C" fn oxjit_rt_py_uniform(a: f64, b: f64) -> f64 {
    with_py_random(|r| r.uniform(a, b - a))
}

/// `random.uniform(a, b)` for int arguments: `b - a` is exact, then rounded once (Python's
/// `int * float`).
#[no_mangle]
pub extern "C" fn oxjit_rt_py_uniform_int(a: i64, b: i64) -> f64 {
    let width = (i128::from(b) - i128::from(a)) as f64;
    with_py_random(|r| r.uniform(a as f64, width))
}

/// `random.getrandbits(k)`: `ValueError` for `k < 0`, `OverflowError` for `k > max_bits`
/// (63 for an int64 result, 64 for a uint64 one).
///
/// # Safety
/// `out` must be valid for a write of a `u64`.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_py_getrandbits(k: i64, max_bits: i64, out: *mut u64) -> i32 {
    if k < 0 {
        // SAFETY: forwarded contract.
        return unsafe {
            report(
                Err("number of bits must be non-negative".into()),
                out,
                ErrorKind::ValueError,
            )
        };
    }
    if k > max_bits {
        let msg = format!(
            "random.getrandbits({k}) does not fit in a 64-bit integer in compiled code \
             (at most {max_bits} bits)"
        );
        // SAFETY: forwarded contract.
        return unsafe { report(Err(msg), out, ErrorKind::OverflowError) };
    }
    let v = with_py_random(|r| r.getrandbits(k as u32));
    // SAFETY: forwarded contract.
    unsafe { report(Ok(v), out, ErrorKind::ValueError) }
}

/// `random.randrange(start)` (`nargs == 1`), `randrange(start, stop)` and
/// `randrange(start, stop, step)`.
///
/// # Safety
/// `out` must be valid for a write of an `i64`.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_py_randrange(
    start: i64,
    stop: i64,
    step: i64,
    nargs: i64,
    out: *mut i64,
) -> i32 {
    let stop = (nargs > 1).then_some(i128::from(stop));
    let r = with_py_random(|r| r.randrange(i128::from(start), stop, i128::from(step)));
    // In range by construction: between start and stop, both int64.
    // SAFETY: forwarded contract.
    unsafe { report(r.map(|v| v as i64), out, ErrorKind::ValueError) }
}

/// `random.randint(a, b)`: `randrange(a, b + 1)` (`b + 1` computed without overflow).
///
/// # Safety
/// `out` must be valid for a write of an `i64`.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_py_randint(a: i64, b: i64, out: *mut i64) -> i32 {
    let r = with_py_random(|r| r.randrange(i128::from(a), Some(i128::from(b) + 1), 1));
    // SAFETY: forwarded contract.
    unsafe { report(r.map(|v| v as i64), out, ErrorKind::ValueError) }
}

/// `_randbelow(n)` for `n >= 1` (the caller checks): `choice`'s index.
#[no_mangle]
pub extern "C" fn oxjit_rt_py_randbelow(n: i64) -> i64 {
    with_py_random(|r| r.randbelow(n.max(1) as u64) as i64)
}

/// `random.gauss(mu, sigma)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_py_gauss(mu: f64, sigma: f64) -> f64 {
    with_py_random(|r| r.gauss(mu, sigma))
}

/// `random.normalvariate(mu, sigma)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_py_normalvariate(mu: f64, sigma: f64) -> f64 {
    with_py_random(|r| r.normalvariate(mu, sigma))
}

/// `random.expovariate(lambd)`: `ZeroDivisionError` for `lambd == 0`.
///
/// # Safety
/// `out` must be valid for a write of an `f64`.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_py_expovariate(lambd: f64, out: *mut f64) -> i32 {
    let r = with_py_random(|r| r.expovariate(lambd));
    // SAFETY: forwarded contract.
    unsafe { report(r, out, ErrorKind::ZeroDivisionError) }
}

/// `random.shuffle(x)` of `n` items of `itemsize` bytes, `stride` bytes apart.
///
/// # Safety
/// `data + i * stride` must be valid for reads and writes of `itemsize` bytes for every
/// `i < n`, the items not overlapping.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_py_shuffle(data: *mut u8, n: i64, stride: i64, itemsize: i64) {
    let (Ok(n), Ok(stride), Ok(size)) = (
        usize::try_from(n),
        isize::try_from(stride),
        usize::try_from(itemsize),
    ) else {
        return;
    };
    if data.is_null() || n < 2 {
        return;
    }
    // SAFETY: forwarded contract.
    with_py_random(|r| unsafe { r.shuffle(data, n, stride, size) });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `random.seed(12345); [random.random() for _ in range(3)]` in CPython 3.11.
    #[test]
    fn seeded_stream_matches_cpython() {
        let mut r = PyRandom::from_seed(12345);
        let got: Vec<f64> = (0..3).map(|_| r.random()).collect();
        assert_eq!(got, CPY_12345);
    }

    #[test]
    fn randrange_errors_are_cpythons() {
        let mut r = PyRandom::from_seed(0);
        assert_eq!(
            r.randrange(3, Some(1), 1).unwrap_err(),
            "empty range for randrange() (3, 1, -2)"
        );
        assert_eq!(
            r.randrange(0, None, 1).unwrap_err(),
            "empty range for randrange()"
        );
        assert_eq!(
            r.randrange(0, Some(5), 0).unwrap_err(),
            "zero step for randrange()"
        );
        assert_eq!(floor_div(-7, 2), -4);
        assert_eq!(floor_div(7, -2), -4);
        assert_eq!(floor_div(-7, -2), 3);
    }

    #[test]
    fn seed_ignores_sign_and_clears_gauss() {
        let mut a = PyRandom::from_seed(-77);
        let mut b = PyRandom::from_seed(77);
        assert_eq!(a.random(), b.random());
        a.gauss(0.0, 1.0);
        assert!(a.gauss_next.is_some());
        a.seed(1);
        assert!(a.gauss_next.is_none());
    }

    const CPY_12345: [f64; 3] = [
        0.41661987254534116,
        0.010169169457068361,
        0.8252065092537432,
    ];
}
