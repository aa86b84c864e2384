//! Python `str` values made by compiled code: an immutable [`Str`] behind a [`MemInfo`] header,
//! reference counted like arrays and lists (`oxjit_rt_incref`/`oxjit_rt_decref`).
//!
//! A string is its UTF-8 text, its length in code points and whether it is ASCII. Indexing an
//! ASCII string is a byte access; a non-ASCII string builds the byte offset of every code point
//! the first time it is indexed (kept with the string), so `s[i]` and `for ch in s` stay O(1)
//! per character. Compiled code reads the length inline: `meminfo.data` (offset 8) points to
//! the [`Str`], whose `nchars` is at offset 0.
//!
//! Comparisons are by code point (UTF-8 byte order is code-point order), as CPython's. Methods
//! are in [`crate::str_methods`], conversions and `repr` in [`crate::str_convert`].

use crate::errors::{set_error, ErrorKind};
use crate::memory::{new_object, MemInfo};
use std::sync::OnceLock;

/// Bytes of text kept inside the string object itself (no separate allocation).
const INLINE: usize = 22;

/// UTF-8 text: short text inline, longer text in its own allocation.
pub enum Text {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(String),
}

impl Text {
    fn from_str(t: &str) -> Text {
        if t.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..t.len()].copy_from_slice(t.as_bytes());
            Text::Inline {
                len: t.len() as u8,
                bytes,
            }
        } else {
            Text::Heap(t.to_string())
        }
    }
    fn from_string(t: String) -> Text {
        if t.len() <= INLINE {
            Text::from_str(&t)
        } else {
            Text::Heap(t)
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            // SAFETY: the inline bytes are a copy of UTF-8 text.
            Text::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(&bytes[..*len as usize])
            },
            Text::Heap(s) => s,
        }
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// The string object (`MemInfo::data` points to it).
#[repr(C)]
pub struct Str {
    /// Length in code points (read inline by compiled code).
    pub nchars: i64,
    pub ascii: bool,
    pub text: Text,
    /// Byte offset of each code point (non-ASCII strings, built on first indexing).
    offsets: OnceLock<Box<[u32]>>,
}

/// Offset of `Str::nchars` in the object.
pub const NCHARS_OFFSET: i32 = 0;

impl Str {
    pub fn new(text: String) -> Str {
        Str::with_text(Text::from_string(text))
    }
    fn with_text(text: Text) -> Str {
        let ascii = text.is_ascii();
        let nchars = if ascii {
            text.len()
        } else {
            text.chars().count()
        } as i64;
        Str {
            nchars,
            ascii,
            text,
            offsets: OnceLock::new(),
        }
    }
    fn offsets(&self) -> &[u32] {
        self.offsets.get_or_init(|| {
            self.text
                .char_indices()
                .map(|(i, _)| i as u32)
                .chain(std::iter::once(self.text.len() as u32))
                .collect()
        })
    }
    /// The byte offset of code point `i` (`0 <= i <= nchars`).
    pub fn byte_at(&self, i: i64) -> usize {
        if self.ascii {
            i as usize
        } else {
            self.offsets()[i as usize] as usize
        }
    }
    /// Code point `i` (`0 <= i < nchars`) as text.
    pub fn char_text(&self, i: i64) -> &str {
        &self.text[self.byte_at(i)..self.byte_at(i + 1)]
    }
    /// The code points from `a` to `b` (`0 <= a <= b <= nchars`).
    pub fn range(&self, a: i64, b: i64) -> &str {
        &self.text[self.byte_at(a)..self.byte_at(b)]
    }
    /// Code-point index of a byte offset.
    pub fn char_index(&self, byte: usize) -> i64 {
        if self.ascii {
            byte as i64
        } else {
            match self.offsets().binary_search(&(byte as u32)) {
                Ok(i) | Err(i) => i as i64,
            }
        }
    }
}

unsafe fn free_str(data: *mut u8) {
    // SAFETY: `data` is the box made by `new_str`.
    drop(unsafe { Box::from_raw(data.cast::<Str>()) });
}

/// A new string object with one reference.
pub fn new_str(text: String) -> *mut MemInfo {
    new_object(Box::into_raw(Box::new(Str::new(text))).cast(), free_str)
}

/// A new string object with a copy of `text` (no intermediate `String` for short text).
pub fn new_str_from(text: &str) -> *mut MemInfo {
    let s = Str::with_text(Text::from_str(text));
    new_object(Box::into_raw(Box::new(s)).cast(), free_str)
}

/// The string behind a meminfo.
///
/// # Safety
/// `m` is a live string meminfo; the reference lives as long as the caller's use.
pub unsafe fn str_of<'a>(m: *mut MemInfo) -> &'a Str {
    // SAFETY: by the contract.
    unsafe { &*((*m).data.cast::<Str>()) }
}

/// Compiled code: a string from UTF-8 text it keeps alive (a literal).
///
/// # Safety
/// `ptr..ptr+len` is valid UTF-8.
pub unsafe extern "C" fn oxjit_rt_str_new(ptr: *const u8, len: usize) -> *mut MemInfo {
    let bytes = if len == 0 {
        &[][..]
    } else {
        // SAFETY: by the contract.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    };
    new_str_from(&String::from_utf8_lossy(bytes))
}

/// `a + b`.
///
/// # Safety
/// Live string meminfos.
pub unsafe extern "C" fn oxjit_rt_str_concat(a: *mut MemInfo, b: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: by the contract.
    let (a, b) = unsafe { (str_of(a), str_of(b)) };
    let n = a.text.len() + b.text.len();
    if n <= INLINE {
        let mut buf = [0u8; INLINE];
        buf[..a.text.len()].copy_from_slice(a.text.as_bytes());
        buf[a.text.len()..n].copy_from_slice(b.text.as_bytes());
        // SAFETY: two UTF-8 texts one after the other.
        return new_str_from(unsafe { std::str::from_utf8_unchecked(&buf[..n]) });
    }
    let mut t = String::with_capacity(n);
    t.push_str(&a.text);
    t.push_str(&b.text);
    new_str(t)
}

/// `s * n` (empty for `n <= 0`).
///
/// # Safety
/// A live string meminfo.
pub unsafe extern "C" fn oxjit_rt_str_repeat(a: *mut MemInfo, n: i64) -> *mut MemInfo {
    // SAFETY: by the contract.
    let a = unsafe { str_of(a) };
    let n = n.max(0) as usize;
    // CPython: a length beyond `PY_SSIZE_T_MAX` is `OverflowError`; a size beyond memory
    // `MemoryError`.
    match a.text.len().checked_mul(n) {
        Some(t) if t <= isize::MAX as usize / 2 => {}
        Some(t) if t <= isize::MAX as usize => {
            set_error(ErrorKind::MemoryError, String::new());
            return std::ptr::null_mut();
        }
        _ => {
            set_error(
                ErrorKind::OverflowError,
                "repeated string is too long".into(),
            );
            return std::ptr::null_mut();
        }
    }
    new_str(a.text.repeat(n))
}

/// Three-way comparison by code point: -1, 0 or 1.
///
/// # Safety
/// Live string meminfos.
pub unsafe extern "C" fn oxjit_rt_str_cmp(a: *mut MemInfo, b: *mut MemInfo) -> i64 {
    if a == b {
        return 0;
    }
    // SAFETY: by the contract.
    let (a, b) = unsafe { (str_of(a), str_of(b)) };
    a.text.as_bytes().cmp(b.text.as_bytes()) as i64
}

/// `s[i]` (negative indices wrap); null with `IndexError` out of range.
///
/// # Safety
/// A live string meminfo.
pub unsafe extern "C" fn oxjit_rt_str_getitem(m: *mut MemInfo, i: i64) -> *mut MemInfo {
    // SAFETY: by the contract.
    let s = unsafe { str_of(m) };
    let i = if i < 0 { i + s.nchars } else { i };
    if i < 0 || i >= s.nchars {
        set_error(ErrorKind::IndexError, "string index out of range".into());
        return std::ptr::null_mut();
    }
    new_str_from(s.char_text(i))
}

/// `s[start:stop:step]`; `has` says which parts were given (bits 0, 1, 2). Null with
/// `ValueError` for a zero step.
///
/// # Safety
/// A live string meminfo.
pub unsafe extern "C" fn oxjit_rt_str_slice(
    m: *mut MemInfo,
    start: i64,
    stop: i64,
    step: i64,
    has: i64,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let s = unsafe { str_of(m) };
    let Some((a, count, step)) = slice_of(s.nchars, start, stop, step, has) else {
        return std::ptr::null_mut();
    };
    if step == 1 {
        return new_str_from(s.range(a, a + count));
    }
    let mut t = String::new();
    let mut i = a;
    for _ in 0..count {
        t.push_str(s.char_text(i));
        i += step;
    }
    new_str(t)
}

/// A slice of a sequence of `n` items from compiled code's arguments (`has`: bits for the
/// given start, stop, step): the first index, the number of items and the step, or `None`
/// with `ValueError: slice step cannot be zero` pending.
pub fn slice_of(n: i64, start: i64, stop: i64, step: i64, has: i64) -> Option<(i64, i64, i64)> {
    let step = if has & 4 != 0 { step } else { 1 };
    if step == 0 {
        set_error(ErrorKind::ValueError, "slice step cannot be zero".into());
        return None;
    }
    let (a, count) = slice_indices(n, start, stop, step, has);
    Some((a, count, step))
}

/// CPython's `PySlice_AdjustIndices`: the first index and the number of items selected.
pub fn slice_indices(n: i64, start: i64, stop: i64, step: i64, has: i64) -> (i64, i64) {
    let adjust = |v: i64, given: bool, dflt: i64| -> i64 {
        if !given {
            dflt
        } else if v < 0 {
            let v = v.saturating_add(n);
            if v < 0 {
                if step < 0 {
                    -1
                } else {
                    0
                }
            } else {
                v
            }
        } else if v >= n {
            if step < 0 {
                n - 1
            } else {
                n
            }
        } else {
            v
        }
    };
    let (lo, hi) = if step < 0 { (n - 1, -1) } else { (0, n) };
    let a = adjust(start, has & 1 != 0, lo);
    let b = adjust(stop, has & 2 != 0, hi);
    let count = if step < 0 {
        if b < a {
            (a - b - 1) / (-step) + 1
        } else {
            0
        }
    } else if a < b {
        (b - a - 1) / step + 1
    } else {
        0
    };
    (a, count)
}

/// `sub in s`.
///
/// # Safety
/// Live string meminfos.
pub unsafe extern "C" fn oxjit_rt_str_contains(s: *mut MemInfo, sub: *mut MemInfo) -> i8 {
    // SAFETY: by the contract.
    let (s, sub) = unsafe { (str_of(s), str_of(sub)) };
    s.text.contains(sub.text.as_str()) as i8
}

/// The message buffer (an f-string built piece by piece) as a new string.
pub extern "C" fn oxjit_rt_str_from_message() -> *mut MemInfo {
    crate::errors::with_message(new_str_from)
}

/// `print` of a string (its text).
///
/// # Safety
/// A live string meminfo.
pub unsafe extern "C" fn oxjit_rt_str_print(m: *mut MemInfo) {
    // SAFETY: by the contract.
    let s = unsafe { str_of(m) };
    // SAFETY: the text is UTF-8 and alive for the call.
    unsafe { crate::print::oxjit_rt_print_text(s.text.as_ptr(), s.text.len()) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::oxjit_rt_decref;

    fn text(m: *mut MemInfo) -> String {
        let t = unsafe { str_of(m) }.text.to_string();
        unsafe { oxjit_rt_decref(m) };
        t
    }

    #[test]
    fn slices_and_indexing_by_code_point() {
        let s = new_str("héllo wörld".into());
        assert_eq!(unsafe { str_of(s) }.nchars, 11);
        assert_eq!(text(unsafe { oxjit_rt_str_getitem(s, 1) }), "é");
        assert_eq!(text(unsafe { oxjit_rt_str_getitem(s, -4) }), "ö");
        assert_eq!(text(unsafe { oxjit_rt_str_slice(s, 1, 5, 0, 3) }), "éllo");
        assert_eq!(
            text(unsafe { oxjit_rt_str_slice(s, 0, 0, -2, 4) }),
            "drwolh"
        );
        assert!(unsafe { oxjit_rt_str_getitem(s, 11) }.is_null());
        crate::errors::take_error();
        unsafe { oxjit_rt_decref(s) };
    }
}
