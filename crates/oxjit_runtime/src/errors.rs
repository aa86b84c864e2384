//! The pending error of the current thread. Compiled code sets it and returns status 1; the
//! dispatcher takes it and raises the matching Python exception.

use std::cell::RefCell;

/// The exception class a runtime error maps to (CPython's own classes).
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    IndexError = 1,
    ZeroDivisionError = 2,
    ValueError = 3,
    OverflowError = 4,
    MemoryError = 5,
    UnboundLocalError = 6,
    // Safety (numbered apart from the other kinds)
    KeyboardInterrupt = 20,
    RecursionError = 21,
}

impl ErrorKind {
    pub fn from_code(code: i32) -> ErrorKind {
        match code {
            1 => ErrorKind::IndexError,
            2 => ErrorKind::ZeroDivisionError,
            4 => ErrorKind::OverflowError,
            5 => ErrorKind::MemoryError,
            6 => ErrorKind::UnboundLocalError,
            20 => ErrorKind::KeyboardInterrupt,
            21 => ErrorKind::RecursionError,
            _ => ErrorKind::ValueError,
        }
    }
}

/// An error raised by compiled code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeError {
    pub kind: ErrorKind,
    pub message: String,
}

thread_local! {
    static PENDING: RefCell<Option<RuntimeError>> = const { RefCell::new(None) };
}

/// Record an error for the dispatcher (the first one wins until taken).
pub fn set_error(kind: ErrorKind, message: String) {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(RuntimeError { kind, message });
        }
    });
}

/// Take the pending error of this thread, if any.
pub fn take_error() -> Option<RuntimeError> {
    PENDING.with(|p| p.borrow_mut().take())
}

/// Compiled code: raise `kind` with a static message of `len` bytes at `msg`.
///
/// # Safety
/// `msg..msg+len` must be valid UTF-8 that lives as long as the compiled code.
pub unsafe extern "C" fn oxjit_rt_raise(kind: i32, msg: *const u8, len: usize) {
    let text = if msg.is_null() {
        String::new()
    } else {
        // SAFETY: the compiler passes a pointer to a message it keeps alive.
        let bytes = unsafe { std::slice::from_raw_parts(msg, len) };
        String::from_utf8_lossy(bytes).into_owned()
    };
    set_error(ErrorKind::from_code(kind), text);
}

/// Compiled code: an index out of bounds, with NumPy's message.
pub extern "C" fn oxjit_rt_index_error(index: i64, axis: i64, size: i64) {
    set_error(
        ErrorKind::IndexError,
        format!("index {index} is out of bounds for axis {axis} with size {size}"),
    );
}
