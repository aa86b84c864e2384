//! Conversions between strings and numbers as CPython does them: `str(x)` of ints, floats and
//! bools, `int(s)` and `float(s)` (CPython's accepted syntax: surrounding whitespace, a sign,
//! single underscores between digits; its error messages), `ord`, `chr`, `repr` of a string,
//! and `format(s, spec)` / `!r` in f-strings.

use crate::errors::{set_error, ErrorKind};
use crate::memory::MemInfo;
use crate::str::{new_str, new_str_from, str_of};

/// Python's `str.isspace` of one character (Unicode White_Space plus the ASCII separators
/// `\x1c`..`\x1f`, which CPython counts as whitespace).
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Whitespace `int(s)` and `float(s)` strip: CPython maps non-ASCII whitespace to spaces and
/// then skips only C's ASCII spaces, so `\x1c`..`\x1f` (whitespace to `str.isspace`) are not.
fn is_number_space(c: char) -> bool {
    c.is_whitespace()
}

/// Python's `str.isprintable` of one character: not in the categories Cc, Cf, Cs, Co, Cn, Zl,
/// Zp, Zs (except the space).
pub fn is_printable(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::LineSeparator
            | G::ParagraphSeparator
            | G::SpaceSeparator
    )
}

/// `repr(s)` as CPython writes it (quotes, escapes of non-printable characters).
pub fn repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x7f && c >= ' ' => out.push(c),
            c if (c as u32) >= 0x80 && is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// Whether `spec` applies to a string (CPython's `TypeError`/`ValueError` text otherwise).
pub fn check_str_spec(spec: &crate::format::Spec) -> Result<(), String> {
    if spec.sign != '-' {
        return Err("Sign not allowed in string format specifier".into());
    }
    if spec.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".into());
    }
    if spec.align == Some('=') {
        return Err("'=' alignment not allowed in string format specifier".into());
    }
    match spec.kind {
        None | Some('s') => Ok(()),
        Some(k) => Err(format!(
            "Unknown format code '{k}' for object of type 'str'"
        )),
    }
}

/// `format(s, spec)` of a string (the compiler checked the spec: fill, `<^>` alignment, width,
/// precision, type `s`).
pub fn format_str(s: &str, spec: &crate::format::Spec) -> String {
    let body: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    let len = body.chars().count();
    if len >= spec.width {
        return body;
    }
    let n = spec.width - len;
    let fill = |k: usize| std::iter::repeat_n(spec.fill, k).collect::<String>();
    match spec.align.unwrap_or('<') {
        '>' => format!("{}{body}", fill(n)),
        '^' => format!("{}{body}{}", fill(n / 2), fill(n - n / 2)),
        _ => format!("{body}{}", fill(n)),
    }
}

/// Compiled code: append `format(s, spec)` (or `repr(s)` when `conv` is set) to the message.
///
/// # Safety
/// A live string meminfo; `spec..spec+len` is UTF-8 the code keeps alive.
pub unsafe extern "C" fn oxjit_rt_msg_str(m: *mut MemInfo, spec: *const u8, len: usize, conv: i8) {
    // SAFETY: by the contract.
    let s = unsafe { str_of(m) };
    let spec = if len == 0 {
        ""
    } else {
        // SAFETY: by the contract.
        std::str::from_utf8(unsafe { std::slice::from_raw_parts(spec, len) }).unwrap_or("")
    };
    let text = if conv != 0 {
        repr(&s.text)
    } else {
        s.text.to_string()
    };
    let out = match crate::format::parse_spec(spec) {
        Ok(sp) if !spec.is_empty() => format_str(&text, &sp),
        _ => text,
    };
    crate::errors::push_message(&out);
}

/// `str(x)` of an int.
pub extern "C" fn oxjit_rt_str_from_int(x: i64) -> *mut MemInfo {
    use std::io::Write;
    let mut buf = [0u8; 24];
    let mut w = &mut buf[..];
    let _ = write!(w, "{x}");
    let n = 24 - w.len();
    // SAFETY: ASCII digits and a sign.
    new_str_from(unsafe { std::str::from_utf8_unchecked(&buf[..n]) })
}

/// `str(x)` of a float (CPython's shortest round-trip `repr`).
pub extern "C" fn oxjit_rt_str_from_float(x: f64) -> *mut MemInfo {
    new_str(crate::format::float_repr(x))
}

/// `str(b)` of a bool.
pub extern "C" fn oxjit_rt_str_from_bool(x: i8) -> *mut MemInfo {
    new_str_from(if x != 0 { "True" } else { "False" })
}

/// `repr(s)` of a string.
///
/// # Safety
/// A live string meminfo.
pub unsafe extern "C" fn oxjit_rt_str_repr(m: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: by the contract.
    new_str(repr(&unsafe { str_of(m) }.text))
}

/// Remove single underscores between ASCII digits; `None` if an underscore is elsewhere.
fn without_underscores(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == '_' {
            let before = i > 0 && b[i - 1].is_ascii_digit();
            let after = i + 1 < b.len() && b[i + 1].is_ascii_digit();
            if !(before && after) {
                return None;
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// `int(s)` in base 10: `None` when CPython raises `ValueError`; `Err` when the value does not
/// fit in 64 bits.
pub fn parse_int(s: &str) -> Option<Result<i64, ()>> {
    let t = s.trim_matches(is_number_space);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let clean = without_underscores(digits)?;
    if !clean.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i128 = 0;
    for b in clean.bytes() {
        v = v * 10 + i128::from(b - b'0');
        if v > i128::from(i64::MAX) + 1 {
            return Some(Err(()));
        }
    }
    let v = if neg { -v } else { v };
    Some(i64::try_from(v).map_err(|_| ()))
}

/// `float(s)`: `None` when CPython raises `ValueError`.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim_matches(is_number_space);
    let (sign, body) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity") {
        return Some(sign * f64::INFINITY);
    }
    if lower == "nan" {
        return Some(f64::NAN.copysign(sign));
    }
    let clean = without_underscores(body)?;
    // Digits, one dot, an exponent: what Rust's parser also takes; nothing else.
    let b = clean.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - s
    };
    let mut n = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    clean.parse::<f64>().ok().map(|x| sign * x)
}

/// `int(s)`: the value in `*out`, or status 1 with CPython's `ValueError`.
///
/// # Safety
/// A live string meminfo; `out` is writable.
pub unsafe extern "C" fn oxjit_rt_str_to_int(m: *mut MemInfo, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let s = unsafe { str_of(m) };
    match parse_int(&s.text) {
        Some(Ok(v)) => {
            // SAFETY: by the contract.
            unsafe { *out = v };
            0
        }
        Some(Err(())) => {
            set_error(
                ErrorKind::OverflowError,
                format!(
                    "int({}) does not fit in a 64-bit integer (oxjit integers are 64-bit)",
                    repr(&s.text)
                ),
            );
            1
        }
        None => {
            set_error(
                ErrorKind::ValueError,
                format!("invalid literal for int() with base 10: {}", repr(&s.text)),
            );
            1
        }
    }
}

/// `float(s)`: the value in `*out`, or status 1 with CPython's `ValueError`.
///
/// # Safety
/// A live string meminfo; `out` is writable.
pub unsafe extern "C" fn oxjit_rt_str_to_float(m: *mut MemInfo, out: *mut f64) -> i32 {
    // SAFETY: by the contract.
    let s = unsafe { str_of(m) };
    match parse_float(&s.text) {
        Some(v) => {
            // SAFETY: by the contract.
            unsafe { *out = v };
            0
        }
        None => {
            set_error(
                ErrorKind::ValueError,
                format!("could not convert string to float: {}", repr(&s.text)),
            );
            1
        }
    }
}

/// `ord(s)`: the code point, or -1 with CPython's `TypeError` if `s` is not one character.
///
/// # Safety
/// A live string meminfo.
pub unsafe extern "C" fn oxjit_rt_str_ord(m: *mut MemInfo) -> i64 {
    // SAFETY: by the contract.
    let s = unsafe { str_of(m) };
    let mut it = s.text.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => c as i64,
        _ => {
            set_error(
                ErrorKind::TypeError,
                format!(
                    "ord() expected a character, but string of length {} found",
                    s.nchars
                ),
            );
            -1
        }
    }
}

/// `chr(i)`: null with CPython's `ValueError` out of range. (Surrogates, which UTF-8 cannot
/// hold, raise `ValueError` too.)
pub extern "C" fn oxjit_rt_str_chr(i: i64) -> *mut MemInfo {
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => new_str(c.to_string()),
        None if (0xd800..0xe000).contains(&i) => {
            set_error(
                ErrorKind::ValueError,
                "chr() of a surrogate code point is not supported by oxjit (strings are UTF-8)"
                    .into(),
            );
            std::ptr::null_mut()
        }
        None => {
            set_error(
                ErrorKind::ValueError,
                "chr() arg not in range(0x110000)".into(),
            );
            std::ptr::null_mut()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_and_float_syntax() {
        assert_eq!(parse_int(" -1_000\n"), Some(Ok(-1000)));
        assert_eq!(parse_int("1__0"), None);
        assert_eq!(parse_int("_1"), None);
        assert_eq!(parse_int("+"), None);
        assert_eq!(parse_int("9223372036854775808"), Some(Err(())));
        assert_eq!(parse_int("-9223372036854775808"), Some(Ok(i64::MIN)));
        assert_eq!(parse_float(" 1_0.5e1_0 "), Some(10.5e10));
        assert_eq!(parse_float("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float(".5"), Some(0.5));
        assert_eq!(parse_float("5."), Some(5.0));
        assert_eq!(parse_float("."), None);
        assert_eq!(parse_float("1e"), None);
        assert_eq!(parse_float("1_.5"), None);
    }

    #[test]
    fn repr_like_cpython() {
        assert_eq!(repr("a'b"), "\"a'b\"");
        assert_eq!(repr("a'\"b"), "'a\\'\"b'");
        assert_eq!(repr("\x00\u{85}é\u{200b}"), "'\\x00\\x85é\\u200b'");
    }
}
