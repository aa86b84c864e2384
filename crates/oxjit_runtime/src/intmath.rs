//! Integer functions of the `math` module on int64: `factorial`, `gcd`, `lcm`, `isqrt`,
//! `comb`, `perm`. Argument errors (`ValueError`) are checked by the compiled code; a result
//! that does not fit int64 is returned as -1 where results are never negative, so the caller
//! can raise `OverflowError`.

/// `n!` for `0 <= n`; -1 when it does not fit int64 (`n > 20`).
pub extern "C" fn oxjit_rt_factorial(n: i64) -> i64 {
    if n > 20 {
        return -1;
    }
    (1..=n).product()
}

/// The greatest common divisor of `|a|` and `|b|` (wrapping: `gcd(i64::MIN, 0)` is `i64::MIN`).
pub extern "C" fn oxjit_rt_gcd(a: i64, b: i64) -> i64 {
    let (mut x, mut y) = (a.unsigned_abs(), b.unsigned_abs());
    while y != 0 {
        (x, y) = (y, x % y);
    }
    x as i64
}

/// The least common multiple of `|a|` and `|b|` (0 if either is 0; wrapping on overflow).
pub extern "C" fn oxjit_rt_lcm(a: i64, b: i64) -> i64 {
    if a == 0 || b == 0 {
        return 0;
    }
    let g = oxjit_rt_gcd(a, b) as u64;
    ((a.unsigned_abs() / g).wrapping_mul(b.unsigned_abs())) as i64
}

/// `numpy.gcd` of uint64 values.
pub extern "C" fn oxjit_rt_gcd_u64(a: u64, b: u64) -> u64 {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    x
}

/// `numpy.lcm` of uint64 values (0 if either is 0; wrapping on overflow).
pub extern "C" fn oxjit_rt_lcm_u64(a: u64, b: u64) -> u64 {
    if a == 0 || b == 0 {
        return 0;
    }
    (a / oxjit_rt_gcd_u64(a, b)).wrapping_mul(b)
}

/// `⌊√n⌋` for `n >= 0`, exact.
pub extern "C" fn oxjit_rt_isqrt(n: i64) -> i64 {
    let n = n as u64;
    let mut r = (n as f64).sqrt() as u64;
    // Correct the float estimate (it can be off by one near large squares).
    while r.checked_mul(r).is_none_or(|s| s > n) {
        r -= 1;
    }
    while (r + 1).checked_mul(r + 1).is_some_and(|s| s <= n) {
        r += 1;
    }
    r as i64
}

/// `n! / (k! (n-k)!)` for `n, k >= 0` (0 when `k > n`); -1 when it does not fit int64.
pub extern "C" fn oxjit_rt_comb(n: i64, k: i64) -> i64 {
    if k > n {
        return 0;
    }
    let k = k.min(n - k) as u128;
    let n = n as u128;
    let mut r: u128 = 1;
    for i in 0..k {
        // r * (n - i) / (i + 1) is C(n, i + 1): exact at each step.
        r = match r.checked_mul(n - i) {
            Some(p) => p / (i + 1),
            None => return -1,
        };
    }
    i64::try_from(r).unwrap_or(-1)
}

/// `n! / (n-k)!` for `n, k >= 0` (0 when `k > n`); -1 when it does not fit int64.
pub extern "C" fn oxjit_rt_perm(n: i64, k: i64) -> i64 {
    if k > n {
        return 0;
    }
    let mut r: i64 = 1;
    for i in 0..k {
        r = match r.checked_mul(n - i) {
            Some(p) => p,
            None => return -1,
        };
    }
    r
}

/// `pow(base, exp, m)` for `m != 0`, as CPython: the result has the sign of `m`; a negative
/// `exp` raises the modular inverse of `base` to `-exp`. `i64::MIN` (never a result) when the
/// inverse does not exist, so the caller can raise `ValueError`.
pub extern "C" fn oxjit_rt_powmod(base: i64, exp: i64, m: i64) -> i64 {
    let n = m.unsigned_abs() as u128;
    let mut b = (base as i128).rem_euclid(n as i128) as u128;
    if exp < 0 {
        match mod_inverse(b, n) {
            Some(inv) => b = inv,
            None => return i64::MIN,
        }
    }
    let mut e = exp.unsigned_abs();
    let mut acc: u128 = 1 % n;
    while e > 0 {
        if e & 1 == 1 {
            acc = acc * b % n;
        }
        b = b * b % n;
        e >>= 1;
    }
    let r = acc as i128;
    (if m < 0 && r != 0 { r - n as i128 } else { r }) as i64
}

/// The inverse of `a` modulo `n` (`a < n`), if `gcd(a, n) == 1`.
fn mod_inverse(a: u128, n: u128) -> Option<u128> {
    let (mut r0, mut r1) = (n as i128, a as i128);
    let (mut t0, mut t1) = (0i128, 1i128);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    (r0 == 1 || n == 1).then(|| t0.rem_euclid(n as i128) as u128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_values() {
        assert_eq!(oxjit_rt_factorial(20), 2432902008176640000);
        assert_eq!(oxjit_rt_factorial(21), -1);
        assert_eq!(oxjit_rt_gcd(-12, 18), 6);
        assert_eq!(oxjit_rt_lcm(-4, 6), 12);
        assert_eq!(oxjit_rt_isqrt(i64::MAX), 3037000499);
        assert_eq!(oxjit_rt_isqrt(15), 3);
        assert_eq!(oxjit_rt_comb(60, 30), 118264581564861424);
        assert_eq!(oxjit_rt_comb(100, 50), -1);
        assert_eq!(oxjit_rt_perm(5, 2), 20);
        assert_eq!(oxjit_rt_perm(3, 5), 0);
    }
}
