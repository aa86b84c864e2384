//! The one place where oxjit errors become Python exceptions.
//!
//! Compile errors map to the classes of `oxjit.errors` (all under `oxjit.OxjitError`; they are
//! defined in Python so that `TypingError` can also be a `TypeError`); errors raised by compiled
//! code map to CPython's own classes (`IndexError`, `ZeroDivisionError`, ...).

use oxjit_compiler::error::{CompileError, ErrorKind};
use oxjit_runtime::errors::{ErrorKind as RtKind, RuntimeError};
use pyo3::exceptions::{
    PyArithmeticError, PyAssertionError, PyException, PyIndexError, PyKeyError,
    PyKeyboardInterrupt, PyLookupError, PyMemoryError, PyNotImplementedError, PyOverflowError,
    PyRecursionError, PyRuntimeError, PyTypeError, PyUnboundLocalError, PyValueError,
    PyZeroDivisionError,
};
use pyo3::prelude::*;
use pyo3::types::PyType;

/// An instance of the `oxjit.errors` class `name`.
fn oxjit_error(py: Python<'_>, name: &str, text: String) -> PyErr {
    let class = py
        .import("oxjit.errors")
        .and_then(|m| m.getattr(name))
        .and_then(|c| Ok(c.cast_into::<PyType>()?));
    match class {
        Ok(c) => PyErr::from_type(c, text),
        Err(e) => e,
    }
}

/// `oxjit.InternalError`.
pub fn internal_error(py: Python<'_>, text: impl Into<String>) -> PyErr {
    oxjit_error(py, "InternalError", text.into())
}

/// An argument oxjit cannot take: `oxjit.TypingError` (also a `TypeError`).
pub fn argument_error(py: Python<'_>, text: String) -> PyErr {
    oxjit_error(py, "TypingError", text)
}

/// A construct or argument oxjit does not compile: `oxjit.UnsupportedError`.
pub fn unsupported_error(py: Python<'_>, text: String) -> PyErr {
    oxjit_error(py, "UnsupportedError", text)
}

/// Is `e` an `oxjit.UnsupportedError`?
pub fn is_unsupported(py: Python<'_>, e: &PyErr) -> bool {
    e.get_type(py).name().is_ok_and(|n| n == "UnsupportedError")
}

/// A compile error as the matching `oxjit` exception.
pub fn compile_error(py: Python<'_>, e: CompileError) -> PyErr {
    let text = e.to_string();
    let class = match e.kind {
        ErrorKind::Typing => "TypingError",
        ErrorKind::Unsupported | ErrorKind::Syntax => "UnsupportedError",
        ErrorKind::Internal => "InternalError",
    };
    oxjit_error(py, class, text)
}

/// An error raised by compiled code as CPython's own exception class (or the user's class
/// a `raise` named), with the message as its only argument or no arguments.
pub fn runtime_error(py: Python<'_>, e: RuntimeError) -> PyErr {
    fn make<T: pyo3::PyTypeInfo>(e: RuntimeError) -> PyErr {
        if e.no_args {
            PyErr::new::<T, _>(())
        } else {
            PyErr::new::<T, _>(e.message)
        }
    }
    match e.kind {
        RtKind::IndexError => make::<PyIndexError>(e),
        RtKind::ZeroDivisionError => make::<PyZeroDivisionError>(e),
        RtKind::ValueError => make::<PyValueError>(e),
        RtKind::OverflowError => make::<PyOverflowError>(e),
        // ERANGE (34 on Linux and macOS).
        RtKind::RangeOverflowError => PyOverflowError::new_err((34, e.message)),
        RtKind::MemoryError => make::<PyMemoryError>(e),
        RtKind::UnboundLocalError => make::<PyUnboundLocalError>(e),
        RtKind::TypeError => make::<PyTypeError>(e),
        RtKind::KeyError if e.literal_arg => key_error(py, e.message),
        RtKind::KeyError => make::<PyKeyError>(e),
        RtKind::RuntimeError => make::<PyRuntimeError>(e),
        RtKind::NotImplementedError => make::<PyNotImplementedError>(e),
        RtKind::AssertionError => make::<PyAssertionError>(e),
        RtKind::ArithmeticError => make::<PyArithmeticError>(e),
        RtKind::Exception => make::<PyException>(e),
        RtKind::LookupError => make::<PyLookupError>(e),
        RtKind::UserClass => match crate::env::exception_class(py, e.class_id) {
            Some(class) if e.no_args => PyErr::from_type(class, ()),
            Some(class) => PyErr::from_type(class, (e.message,)),
            None => internal_error(py, "compiled code raised an unknown exception class"),
        },
        RtKind::RecursionError => make::<PyRecursionError>(e),
        RtKind::LinAlgError => numpy_error(py, "numpy.linalg", "LinAlgError", e.message),
        RtKind::AxisError => numpy_error(py, "numpy.exceptions", "AxisError", e.message),
        RtKind::AttributeError => make::<pyo3::exceptions::PyAttributeError>(e),
        RtKind::KeyboardInterrupt => interrupted(),
    }
}

/// `KeyError(key)` with the key rebuilt from its Python literal, which the runtime wrote (a
/// number, `nan`/`inf`, a tuple of those, or a quoted message).
fn key_error(py: Python<'_>, literal: String) -> PyErr {
    let key = (|| -> PyResult<Bound<'_, PyAny>> {
        let names = pyo3::types::PyDict::new(py);
        names.set_item("nan", f64::NAN)?;
        names.set_item("inf", f64::INFINITY)?;
        names.set_item("__builtins__", pyo3::types::PyDict::new(py))?;
        let code = std::ffi::CString::new(literal.as_str())?;
        py.eval(&code, Some(&names), None)
    })();
    match key {
        Ok(k) => PyKeyError::new_err((k.unbind(),)),
        Err(e) => e,
    }
}

/// NumPy's exception class `module.name` (`numpy.linalg.LinAlgError`,
/// `numpy.exceptions.AxisError`) with `message` (NumPy before 1.25 has the class in `numpy`).
fn numpy_error(py: Python<'_>, module: &str, name: &str, message: String) -> PyErr {
    let class = py
        .import(module)
        .and_then(|m| m.getattr(name))
        .or_else(|_| py.import("numpy").and_then(|m| m.getattr(name)))
        .and_then(|c| Ok(c.cast_into::<PyType>()?));
    match class {
        Ok(c) => PyErr::from_type(c, (message,)),
        Err(e) => e,
    }
}

/// Compiled code stopped on Ctrl-C: Python's own SIGINT handler runs now (in the main thread;
/// it raises the one `KeyboardInterrupt`, or whatever a user handler raises). If it raises
/// nothing (another thread, or a handler that returns), the call still ends with
/// `KeyboardInterrupt`: it cannot resume.
fn interrupted() -> PyErr {
    Python::attach(|py| match py.check_signals() {
        Err(e) => e,
        Ok(()) => PyKeyboardInterrupt::new_err(()),
    })
}

/// A panic caught at the boundary: never let it cross into Python as a `PanicException`.
pub fn panic_error(py: Python<'_>, stage: &str, payload: Box<dyn std::any::Any + Send>) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    internal_error(
        py,
        format!("internal error while {stage}: {what} (this is a bug in oxjit, please report it)"),
    )
}

/// `e.args` returned by compiled code: the `args` of the Python exception the error maps to
/// (so the tuple is CPython's own); takes the compiled code's reference to the object.
pub fn box_exception_args(
    py: Python<'_>,
    m: *mut oxjit_runtime::memory::MemInfo,
) -> PyResult<Py<PyAny>> {
    // SAFETY: a value of type `e.args` is a live exception object of the runtime.
    let e = unsafe { oxjit_runtime::errors::exception_of(m) }.clone();
    // SAFETY: the reference is ours (a returned object), released once.
    unsafe { oxjit_runtime::memory::oxjit_rt_decref(m) };
    let args = runtime_error(py, e).value(py).getattr("args")?;
    Ok(args.unbind())
}
