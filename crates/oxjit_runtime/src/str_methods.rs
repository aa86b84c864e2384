//! `str` methods for compiled code, as CPython computes them: splitting and joining, stripping,
//! case mapping (Unicode full case mapping: `'ß'.upper() == 'SS'`, final sigma in `lower`),
//! search, replacement, padding and the character-class predicates. Methods of one shape share
//! an entry point selected by a [`StrOp`] code (an enum, never a name).

use crate::errors::{set_error, ErrorKind};
use crate::list::{oxjit_rt_list_new, oxjit_rt_list_push, List, STR};
use crate::memory::MemInfo;
use crate::str::{new_str, new_str_from, str_of};
use crate::str_convert::is_py_space;
use crate::str_tables::{is_other_digit, titlecase};
use unicode_general_category::{get_general_category, GeneralCategory as G};

/// Which method an entry point computes.
#[repr(i64)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrOp {
    Upper = 0,
    Lower = 1,
    Capitalize = 2,
    Title = 3,
    Strip = 4,
    Lstrip = 5,
    Rstrip = 6,
    Isdigit = 7,
    Isalpha = 8,
    Isspace = 9,
    Isupper = 10,
    Islower = 11,
    Startswith = 12,
    Endswith = 13,
    Find = 14,
    Rfind = 15,
    Index = 16,
    Count = 17,
    Center = 18,
    Ljust = 19,
    Rjust = 20,
}

impl StrOp {
    const ALL: [StrOp; 21] = [
        StrOp::Upper,
        StrOp::Lower,
        StrOp::Capitalize,
        StrOp::Title,
        StrOp::Strip,
        StrOp::Lstrip,
        StrOp::Rstrip,
        StrOp::Isdigit,
        StrOp::Isalpha,
        StrOp::Isspace,
        StrOp::Isupper,
        StrOp::Islower,
        StrOp::Startswith,
        StrOp::Endswith,
        StrOp::Find,
        StrOp::Rfind,
        StrOp::Index,
        StrOp::Count,
        StrOp::Center,
        StrOp::Ljust,
        StrOp::Rjust,
    ];
    fn from_code(op: i64) -> StrOp {
        StrOp::ALL[op as usize]
    }
}

fn push_title(out: &mut String, c: char) {
    match titlecase(c) {
        Some(t) => out.push_str(t),
        None => out.extend(c.to_uppercase()),
    }
}

/// CPython's "cased" characters (Lowercase, Uppercase or titlecase letters).
fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || get_general_category(c) == G::TitlecaseLetter
}

/// Case-ignorable characters (for the final-sigma rule): marks, format characters, modifier
/// letters and symbols, and the word-internal punctuation of Unicode's Word_Break property.
fn is_case_ignorable(c: char) -> bool {
    matches!(
        get_general_category(c),
        G::NonspacingMark | G::EnclosingMark | G::Format | G::ModifierLetter | G::ModifierSymbol
    ) || matches!(
        c,
        '\'' | '.'
            | ':'
            | '^'
            | '`'
            | '\u{b7}'
            | '\u{387}'
            | '\u{55f}'
            | '\u{5f4}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{2024}'
            | '\u{2027}'
            | '\u{fe13}'
            | '\u{fe52}'
            | '\u{fe55}'
            | '\u{ff07}'
            | '\u{ff0e}'
            | '\u{ff1a}'
    )
}

/// Lowercase `chars[i]` (a capital sigma becomes final `ς` at the end of a word).
fn push_lower(out: &mut String, chars: &[char], i: usize) {
    let c = chars[i];
    if c == 'Σ' {
        let before = chars[..i]
            .iter()
            .rev()
            .find(|c| !is_case_ignorable(**c))
            .is_some_and(|c| is_cased(*c));
        let after = chars[i + 1..]
            .iter()
            .find(|c| !is_case_ignorable(**c))
            .is_some_and(|c| is_cased(*c));
        out.push(if before && !after { 'ς' } else { 'σ' });
    } else {
        out.extend(c.to_lowercase());
    }
}

fn capitalize(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for i in 0..chars.len() {
        if i == 0 {
            push_title(&mut out, chars[0]);
        } else {
            push_lower(&mut out, &chars, i);
        }
    }
    out
}

fn title(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for i in 0..chars.len() {
        if prev_cased {
            push_lower(&mut out, &chars, i);
        } else {
            push_title(&mut out, chars[i]);
        }
        prev_cased = is_cased(chars[i]);
    }
    out
}

fn pred(op: StrOp, s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    match op {
        StrOp::Isdigit => s
            .chars()
            .all(|c| get_general_category(c) == G::DecimalNumber || is_other_digit(c)),
        StrOp::Isalpha => s.chars().all(|c| {
            matches!(
                get_general_category(c),
                G::UppercaseLetter
                    | G::LowercaseLetter
                    | G::TitlecaseLetter
                    | G::ModifierLetter
                    | G::OtherLetter
            )
        }),
        StrOp::Isspace => s.chars().all(is_py_space),
        StrOp::Isupper | StrOp::Islower => {
            let mut cased = false;
            for c in s.chars() {
                let title = get_general_category(c) == G::TitlecaseLetter;
                let (wrong, right) = if op == StrOp::Isupper {
                    (c.is_lowercase(), c.is_uppercase())
                } else {
                    (c.is_uppercase(), c.is_lowercase())
                };
                if wrong || title {
                    return false;
                }
                cased |= right;
            }
            cased
        }
        _ => false,
    }
}

/// Compiled code: `s.upper()`, `lower`, `capitalize`, `title`, `strip()`, `lstrip()`,
/// `rstrip()` (whitespace).
///
/// # Safety
/// A live string meminfo.
pub unsafe extern "C" fn oxjit_rt_str_map(op: i64, m: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: by the contract.
    let s = &unsafe { str_of(m) }.text;
    new_str(match StrOp::from_code(op) {
        StrOp::Upper => s.to_uppercase(),
        StrOp::Lower => s.to_lowercase(),
        StrOp::Capitalize => capitalize(s),
        StrOp::Title => title(s),
        StrOp::Strip => s.trim_matches(is_py_space).to_string(),
        StrOp::Lstrip => s.trim_start_matches(is_py_space).to_string(),
        _ => s.trim_end_matches(is_py_space).to_string(),
    })
}

/// Compiled code: `s.strip(chars)`, `lstrip(chars)`, `rstrip(chars)`.
///
/// # Safety
/// Live string meminfos.
pub unsafe extern "C" fn oxjit_rt_str_strip_chars(
    op: i64,
    m: *mut MemInfo,
    chars: *mut MemInfo,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let (s, set) = unsafe { (&str_of(m).text, &str_of(chars).text) };
    let strip = |c: char| set.contains(c);
    new_str(
        match StrOp::from_code(op) {
            StrOp::Strip => s.trim_matches(strip),
            StrOp::Lstrip => s.trim_start_matches(strip),
            _ => s.trim_end_matches(strip),
        }
        .to_string(),
    )
}

/// Compiled code: `s.isdigit()`, `isalpha`, `isspace`, `isupper`, `islower`.
///
/// # Safety
/// A live string meminfo.
pub unsafe extern "C" fn oxjit_rt_str_pred(op: i64, m: *mut MemInfo) -> i8 {
    // SAFETY: by the contract.
    pred(StrOp::from_code(op), &unsafe { str_of(m) }.text) as i8
}

/// Compiled code: `s.startswith(x)` / `endswith(x)` for one string `x`.
///
/// # Safety
/// Live string meminfos.
pub unsafe extern "C" fn oxjit_rt_str_affix(op: i64, m: *mut MemInfo, x: *mut MemInfo) -> i8 {
    // SAFETY: by the contract.
    let (s, x) = unsafe { (&str_of(m).text, &str_of(x).text) };
    match StrOp::from_code(op) {
        StrOp::Startswith => s.starts_with(x.as_str()) as i8,
        _ => s.ends_with(x.as_str()) as i8,
    }
}

/// Compiled code: `s.find(sub, start, end)`, `rfind`, `count`, and `index` (which sets
/// `ValueError: substring not found` and returns -1 when absent).
///
/// # Safety
/// Live string meminfos.
pub unsafe extern "C" fn oxjit_rt_str_search(
    op: i64,
    m: *mut MemInfo,
    sub: *mut MemInfo,
    start: i64,
    end: i64,
    has: i64,
) -> i64 {
    // SAFETY: by the contract.
    let (s, sub) = unsafe { (str_of(m), &str_of(sub).text) };
    let op = StrOp::from_code(op);
    let n = s.nchars;
    // CPython's ADJUST_INDICES: negative bounds count from the end; the end is clamped.
    let adjust = |v: i64| if v < 0 { (v + n).max(0) } else { v };
    let a = if has & 1 != 0 { adjust(start) } else { 0 };
    let b = if has & 2 != 0 { adjust(end).min(n) } else { n };
    let found = if a > n || a > b {
        if op == StrOp::Count {
            return 0;
        }
        None
    } else {
        let hay = s.range(a, b);
        let base = s.byte_at(a);
        match op {
            StrOp::Count => {
                return if sub.is_empty() {
                    b - a + 1
                } else {
                    hay.matches(sub.as_str()).count() as i64
                }
            }
            StrOp::Rfind => hay.rfind(sub.as_str()),
            _ => hay.find(sub.as_str()),
        }
        .map(|k| s.char_index(base + k))
    };
    match (found, op) {
        (Some(i), _) => i,
        (None, StrOp::Count) => 0,
        (None, StrOp::Index) => {
            set_error(ErrorKind::ValueError, "substring not found".into());
            -1
        }
        (None, _) => -1,
    }
}

/// Compiled code: `s.replace(old, new, count)` (`count < 0`: all).
///
/// # Safety
/// Live string meminfos.
pub unsafe extern "C" fn oxjit_rt_str_replace(
    m: *mut MemInfo,
    old: *mut MemInfo,
    new: *mut MemInfo,
    count: i64,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let (s, old, new) = unsafe { (&str_of(m).text, &str_of(old).text, &str_of(new).text) };
    let n = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    if old.is_empty() {
        // CPython inserts `new` before every character and at the end.
        let mut out = String::new();
        let mut k = 0;
        for c in s.chars() {
            if k < n {
                out.push_str(new);
                k += 1;
            }
            out.push(c);
        }
        if k < n {
            out.push_str(new);
        }
        return new_str(out);
    }
    new_str(s.replacen(old.as_str(), new, n))
}

/// Compiled code: `s.center(width, fill)`, `ljust`, `rjust`; null with CPython's `TypeError`
/// if `fill` is not one character.
///
/// # Safety
/// Live string meminfos.
pub unsafe extern "C" fn oxjit_rt_str_pad(
    op: i64,
    m: *mut MemInfo,
    width: i64,
    fill: *mut MemInfo,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let (s, f) = unsafe { (str_of(m), str_of(fill)) };
    if f.nchars != 1 {
        set_error(
            ErrorKind::TypeError,
            "The fill character must be exactly one character long".into(),
        );
        return std::ptr::null_mut();
    }
    let fill = &f.text;
    let n = s.nchars;
    if width <= n {
        return new_str(s.text.to_string());
    }
    let pad = width - n;
    let (left, right) = match StrOp::from_code(op) {
        StrOp::Ljust => (0, pad),
        StrOp::Rjust => (pad, 0),
        // CPython's centering puts the odd pad on the left when the width is odd.
        _ => {
            let left = pad / 2 + (pad & width & 1);
            (left, pad - left)
        }
    };
    new_str(format!(
        "{}{}{}",
        fill.repeat(left as usize),
        s.text,
        fill.repeat(right as usize)
    ))
}

/// Compiled code: `s.zfill(width)`.
///
/// # Safety
/// A live string meminfo.
pub unsafe extern "C" fn oxjit_rt_str_zfill(m: *mut MemInfo, width: i64) -> *mut MemInfo {
    // SAFETY: by the contract.
    let s = unsafe { str_of(m) };
    if width <= s.nchars {
        return new_str(s.text.to_string());
    }
    let zeros = "0".repeat((width - s.nchars) as usize);
    let t = &s.text;
    new_str(match t.as_bytes().first() {
        Some(b'+' | b'-') => format!("{}{zeros}{}", &t[..1], &t[1..]),
        _ => format!("{zeros}{t}"),
    })
}

/// A new list of strings.
fn str_list(parts: Vec<String>) -> *mut MemInfo {
    let l = oxjit_rt_list_new(1, STR, 0);
    for p in parts {
        // SAFETY: a live list of one-slot string elements.
        unsafe { *oxjit_rt_list_push(l) = new_str(p) as u64 };
    }
    l
}

/// Compiled code: `s.split(sep, maxsplit)` (`sep` null: runs of whitespace). Null with
/// `ValueError: empty separator`.
///
/// # Safety
/// `m` a live string meminfo, `sep` null or one.
pub unsafe extern "C" fn oxjit_rt_str_split(
    m: *mut MemInfo,
    sep: *mut MemInfo,
    maxsplit: i64,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let s = &unsafe { str_of(m) }.text;
    let max = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    if sep.is_null() {
        let mut parts = Vec::new();
        let mut rest = s.trim_start_matches(is_py_space);
        while !rest.is_empty() {
            if parts.len() == max {
                parts.push(rest.to_string());
                break;
            }
            let end = rest.find(is_py_space).unwrap_or(rest.len());
            parts.push(rest[..end].to_string());
            rest = rest[end..].trim_start_matches(is_py_space);
        }
        return str_list(parts);
    }
    // SAFETY: by the contract.
    let sep = &unsafe { str_of(sep) }.text;
    if sep.is_empty() {
        set_error(ErrorKind::ValueError, "empty separator".into());
        return std::ptr::null_mut();
    }
    let l = oxjit_rt_list_new(1, STR, 0);
    for p in s.splitn(max.saturating_add(1), sep.as_str()) {
        // SAFETY: a live list of one-slot string elements.
        unsafe { *oxjit_rt_list_push(l) = new_str_from(p) as u64 };
    }
    l
}

/// Compiled code: `sep.join(items)` of `n` string meminfos at `items`.
///
/// # Safety
/// `sep` and the `n` items are live string meminfos.
pub unsafe extern "C" fn oxjit_rt_str_join(
    sep: *mut MemInfo,
    items: *const u64,
    n: i64,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let sep = &unsafe { str_of(sep) }.text;
    let mut out = String::new();
    for i in 0..n.max(0) as usize {
        if i > 0 {
            out.push_str(sep);
        }
        // SAFETY: by the contract.
        out.push_str(&unsafe { str_of(*items.add(i) as *mut MemInfo) }.text);
    }
    new_str(out)
}

/// Compiled code: the items pointer and length of a list (for `join`).
///
/// # Safety
/// A live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_items(m: *mut MemInfo, len: *mut i64) -> *const u64 {
    // SAFETY: by the contract.
    let l = unsafe { &*((*m).data as *const List) };
    // SAFETY: by the contract.
    unsafe { *len = l.len };
    l.items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_mapping_like_cpython() {
        assert_eq!(title("hello wORLD ǆx ßa"), "Hello World ǅx Ssa");
        assert_eq!(capitalize("ßAB"), "Ssab");
        assert_eq!(capitalize("ΑΣ"), "Ας");
        assert!(pred(StrOp::Isdigit, "12²"));
        assert!(!pred(StrOp::Isupper, "ǅ"));
        assert!(pred(StrOp::Islower, "a1"));
        assert!(pred(StrOp::Isspace, "\x1c "));
    }
}
