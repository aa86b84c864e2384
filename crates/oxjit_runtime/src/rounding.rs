//! Python's `round(x, ndigits)`: the float case correctly rounded (half to even on the exact
//! binary value, as CPython's `dtoa`-based `float.__round__`), the int case exact.

/// CPython's bounds: beyond them `round` returns `x` (or a zero of its sign).
const NDIGITS_MAX: i64 = 323;
const NDIGITS_MIN: i64 = -308;

/// `round(x, ndigits)` for a float; an infinite result of a finite `x` is the caller's
/// `OverflowError` ("rounded value too large to represent").
pub extern "C" fn oxjit_rt_round_ndigits(x: f64, ndigits: i64) -> f64 {
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return x;
    }
    if ndigits < NDIGITS_MIN {
        return 0.0 * x;
    }
    let r = if ndigits >= 0 {
        // Rust's fixed-precision formatting is exact and rounds ties to even.
        format!("{:.*}", ndigits as usize, x)
    } else {
        round_integer_digits(x, (-ndigits) as usize)
    };
    let v: f64 = r.parse().unwrap_or(f64::NAN);
    // Keep the sign of a zero result (CPython: `round(-0.4) == -0.0`).
    if v == 0.0 {
        0.0f64.copysign(x)
    } else {
        v
    }
}

/// `x` rounded to a multiple of `10**k` (`k >= 1`), ties to even, as a decimal string.
fn round_integer_digits(x: f64, k: usize) -> String {
    // The exact decimal expansion: a double has at most 1074 fractional digits.
    let exact = format!("{:.1074}", x.abs());
    let (int_part, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let frac_nonzero = frac.bytes().any(|b| b != b'0');
    let digits: Vec<u8> = if int_part.len() < k + 1 {
        let mut d = vec![b'0'; k + 1 - int_part.len()];
        d.extend_from_slice(int_part.as_bytes());
        d
    } else {
        int_part.as_bytes().to_vec()
    };
    let split = digits.len() - k;
    let (head, tail) = digits.split_at(split);
    // Compare the dropped part with half of 10**k.
    let first = tail[0];
    let rest_nonzero = tail[1..].iter().any(|b| *b != b'0') || frac_nonzero;
    let last_odd = head.last().is_some_and(|d| (d - b'0') % 2 == 1);
    let up = first > b'5' || (first == b'5' && (rest_nonzero || last_odd));
    let mut head = head.to_vec();
    if up {
        let mut i = head.len();
        loop {
            if i == 0 {
                head.insert(0, b'1');
                break;
            }
            i -= 1;
            if head[i] == b'9' {
                head[i] = b'0';
            } else {
                head[i] += 1;
                break;
            }
        }
    }
    let mut s = String::with_capacity(head.len() + k + 1);
    if x < 0.0 {
        s.push('-');
    }
    s.push_str(std::str::from_utf8(&head).unwrap_or("0"));
    s.extend(std::iter::repeat_n('0', k));
    s
}

/// `round(n, ndigits)` for an int: exact, ties to even (wrapping if the result leaves int64).
pub extern "C" fn oxjit_rt_round_int(n: i64, ndigits: i64) -> i64 {
    if ndigits >= 0 {
        return n;
    }
    let k = ndigits.unsigned_abs();
    if k > 19 {
        return 0;
    }
    let p = 10i128.pow(k as u32);
    let x = n as i128;
    let q = x.div_euclid(p);
    let r = x.rem_euclid(p);
    let q = if 2 * r > p || (2 * r == p && q % 2 != 0) {
        q + 1
    } else {
        q
    };
    (q * p) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_round_as_cpython() {
        assert_eq!(oxjit_rt_round_ndigits(2.675, 2), 2.67);
        assert_eq!(oxjit_rt_round_ndigits(0.125, 2), 0.12);
        assert_eq!(oxjit_rt_round_ndigits(0.375, 2), 0.38);
        assert_eq!(oxjit_rt_round_ndigits(1234.5, -1), 1230.0);
        assert_eq!(oxjit_rt_round_ndigits(1250.0, -2), 1200.0);
        assert_eq!(oxjit_rt_round_ndigits(1350.0, -2), 1400.0);
        assert_eq!(oxjit_rt_round_ndigits(-1250.0001, -2), -1300.0);
        assert_eq!(oxjit_rt_round_ndigits(9999.0, -4), 10000.0);
        assert!(oxjit_rt_round_ndigits(-0.4, 0).is_sign_negative());
    }

    #[test]
    fn ints_round_half_even() {
        assert_eq!(oxjit_rt_round_int(1250, -2), 1200);
        assert_eq!(oxjit_rt_round_int(1350, -2), 1400);
        assert_eq!(oxjit_rt_round_int(-1250, -2), -1200);
        assert_eq!(oxjit_rt_round_int(-1251, -2), -1300);
        assert_eq!(oxjit_rt_round_int(7, 3), 7);
    }
}
