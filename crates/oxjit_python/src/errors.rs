//! The one place where oxjit errors become Python exceptions.
//!
//! Compile errors map to classes under `oxjit.OxjitError`; errors raised by compiled code map to
//! CPython's own classes (`IndexError`, `ZeroDivisionError`, ...).

use oxjit_compiler::error::{CompileError, ErrorKind};
use oxjit_runtime::errors::{ErrorKind as RtKind, RuntimeError};
use pyo3::exceptions::{
    PyException, PyIndexError, PyMemoryError, PyOverflowError, PyValueError, PyZeroDivisionError,
};
use pyo3::PyErr;

pyo3::create_exception!(
    oxjit,
    OxjitError,
    PyException,
    "Base class of oxjit's errors."
);
pyo3::create_exception!(
    oxjit,
    TypingError,
    OxjitError,
    "The types in a jitted function do not fit together."
);
pyo3::create_exception!(
    oxjit,
    UnsupportedError,
    OxjitError,
    "A construct or library function that oxjit does not compile."
);
pyo3::create_exception!(
    oxjit,
    InternalError,
    OxjitError,
    "A bug in oxjit; please report it."
);

/// A compile error as the matching `oxjit` exception.
pub fn compile_error(e: CompileError) -> PyErr {
    let text = e.to_string();
    match e.kind {
        ErrorKind::Typing => TypingError::new_err(text),
        ErrorKind::Unsupported | ErrorKind::Syntax => UnsupportedError::new_err(text),
        ErrorKind::Internal => InternalError::new_err(text),
    }
}

/// An error raised by compiled code as CPython's own exception class.
pub fn runtime_error(e: RuntimeError) -> PyErr {
    match e.kind {
        RtKind::IndexError => PyIndexError::new_err(e.message),
        RtKind::ZeroDivisionError => PyZeroDivisionError::new_err(e.message),
        RtKind::ValueError => PyValueError::new_err(e.message),
        RtKind::OverflowError => PyOverflowError::new_err(e.message),
        RtKind::MemoryError => PyMemoryError::new_err(e.message),
    }
}

/// A panic caught at the boundary: never let it cross into Python as a `PanicException`.
pub fn panic_error(stage: &str, payload: Box<dyn std::any::Any + Send>) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    InternalError::new_err(format!(
        "internal error while {stage}: {what} (this is a bug in oxjit, please report it)"
    ))
}
