//! `print()` from compiled code. The items of one call are collected per thread
//! (`oxjit_rt_print_*`), then `oxjit_rt_print_end` hands them to the hook the Python binding
//! installs: it calls Python's own `print`, so numbers, tuples and arrays are formatted by
//! CPython and NumPy and the text goes through `sys.stdout`, in order with the program's other
//! output. Without a hook (the Rust tests) a plain formatter writes to stdout.
//!
//! Arrays are passed as borrowed flattened parts (meminfo, data, shape, strides); a hook that
//! keeps the array beyond the call takes its own reference.

use crate::errors::{set_error, take_message, ErrorKind};
use std::cell::RefCell;
use std::io::Write;
use std::sync::OnceLock;

/// One printed value (tuples are `Tuple(n)` followed by their `n` items).
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(String),
    Int(i64),
    Uint(u64),
    Float(f64),
    Float32(f32),
    /// A Python `complex`: real and imaginary parts.
    Complex(f64, f64),
    Bool(bool),
    None,
    /// `parts` = meminfo, data, shape…, strides… (borrowed); `dtype` its NumPy name.
    Array {
        parts: Vec<u64>,
        ndim: usize,
        dtype: String,
    },
    Tuple(usize),
}

/// Prints one call's items with `sep` and `end`; an `Err` becomes a `RuntimeError`.
pub type Hook = fn(&[Item], &str, &str) -> Result<(), String>;

static HOOK: OnceLock<Hook> = OnceLock::new();

thread_local! {
    static LINE: RefCell<Vec<Item>> = const { RefCell::new(Vec::new()) };
}

/// Install the printer (once per process; later calls are ignored).
pub fn set_hook(h: Hook) {
    let _ = HOOK.set(h);
}

fn push(item: Item) {
    LINE.with(|l| l.borrow_mut().push(item));
}

/// # Safety
/// `ptr..ptr+len` is UTF-8 the compiled code keeps alive.
unsafe fn text(ptr: *const u8, len: usize) -> String {
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: forwarded contract.
    String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(ptr, len) }).into_owned()
}

/// # Safety
/// As [`text`].
pub unsafe extern "C" fn oxjit_rt_print_text(ptr: *const u8, len: usize) {
    // SAFETY: forwarded contract.
    push(Item::Text(unsafe { text(ptr, len) }));
}

/// The f-string just formatted into the message buffer, as one item.
pub extern "C" fn oxjit_rt_print_message() {
    push(Item::Text(take_message()));
}

pub extern "C" fn oxjit_rt_print_int(x: i64) {
    push(Item::Int(x));
}

pub extern "C" fn oxjit_rt_print_uint64(x: i64) {
    push(Item::Uint(x as u64));
}

pub extern "C" fn oxjit_rt_print_float(x: f64) {
    push(Item::Float(x));
}

pub extern "C" fn oxjit_rt_print_float32(x: f64) {
    push(Item::Float32(x as f32));
}

pub extern "C" fn oxjit_rt_print_complex(re: f64, im: f64) {
    push(Item::Complex(re, im));
}

pub extern "C" fn oxjit_rt_print_bool(x: i8) {
    push(Item::Bool(x != 0));
}

pub extern "C" fn oxjit_rt_print_none() {
    push(Item::None);
}

pub extern "C" fn oxjit_rt_print_tuple(n: i64) {
    push(Item::Tuple(n.max(0) as usize));
}

/// # Safety
/// `parts` points to `2 + 2 * ndim` words describing a live array; `name` as [`text`].
pub unsafe extern "C" fn oxjit_rt_print_array(
    parts: *const u64,
    ndim: i64,
    name: *const u8,
    name_len: usize,
) {
    let ndim = ndim.max(0) as usize;
    // SAFETY: forwarded contract.
    let parts = unsafe { std::slice::from_raw_parts(parts, 2 + 2 * ndim) }.to_vec();
    push(Item::Array {
        parts,
        ndim,
        // SAFETY: forwarded contract.
        dtype: unsafe { text(name, name_len) },
    });
}

fn plain(items: &[Item], out: &mut String, sep: &str) {
    let mut i = 0;
    let mut first = true;
    while i < items.len() {
        if !first {
            out.push_str(sep);
        }
        first = false;
        i += plain_one(&items[i..], out);
    }
}

/// Formats the item at the head of `items` (the Rust-only fallback); returns how many it used.
fn plain_one(items: &[Item], out: &mut String) -> usize {
    match &items[0] {
        Item::Text(t) => out.push_str(t),
        Item::Int(x) => out.push_str(&x.to_string()),
        Item::Uint(x) => out.push_str(&x.to_string()),
        Item::Float(x) => out.push_str(&crate::format::float_repr(*x)),
        Item::Float32(x) => out.push_str(&crate::format::float_repr(*x as f64)),
        Item::Complex(re, im) => out.push_str(&format!("({re}+{im}j)")),
        Item::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Item::None => out.push_str("None"),
        Item::Array { .. } => out.push_str("<array>"),
        Item::Tuple(n) => {
            out.push('(');
            let mut used = 1;
            for k in 0..*n {
                if k > 0 {
                    out.push_str(", ");
                }
                used += plain_one(&items[used..], out);
            }
            if *n == 1 {
                out.push(',');
            }
            out.push(')');
            return used;
        }
    }
    1
}

/// # Safety
/// `sep` and `end` as [`text`].
pub unsafe extern "C" fn oxjit_rt_print_end(
    sep: *const u8,
    sep_len: usize,
    end: *const u8,
    end_len: usize,
) -> i32 {
    // SAFETY: forwarded contract.
    let (sep, end) = unsafe { (text(sep, sep_len), text(end, end_len)) };
    let items = LINE.with(|l| std::mem::take(&mut *l.borrow_mut()));
    let result = match HOOK.get() {
        Some(hook) => hook(&items, &sep, &end),
        None => {
            let mut s = String::new();
            plain(&items, &mut s, &sep);
            s.push_str(&end);
            std::io::stdout()
                .write_all(s.as_bytes())
                .map_err(|e| e.to_string())
        }
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            set_error(
                ErrorKind::RuntimeError,
                format!("print() failed: {message}"),
            );
            1
        }
    }
}
