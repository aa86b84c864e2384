//! What compiled code reads of a caught exception object besides `str(e)`: `repr(e)` and
//! `e.args` (its length, its items, its text), as CPython gives them.

use crate::errors::{exception_of, user_class_name, ErrorKind, RuntimeError};
use crate::memory::MemInfo;
use crate::str_convert::repr;

/// One argument of an exception, as CPython holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExcArg {
    /// A `str` argument.
    Str(String),
    /// An argument the runtime only knows as its Python literal (a `KeyError`'s key, the errno
    /// of a range `OverflowError`).
    Literal(String),
}

impl ExcArg {
    /// The argument's `repr`.
    pub fn repr(&self) -> String {
        match self {
            ExcArg::Str(s) => repr(s),
            ExcArg::Literal(l) => l.clone(),
        }
    }
}

/// The class name CPython prints for an error (`__name__`).
pub fn class_name(e: &RuntimeError) -> String {
    use ErrorKind::*;
    let name = match e.kind {
        IndexError => "IndexError",
        ZeroDivisionError => "ZeroDivisionError",
        ValueError => "ValueError",
        OverflowError | RangeOverflowError => "OverflowError",
        MemoryError => "MemoryError",
        UnboundLocalError => "UnboundLocalError",
        TypeError => "TypeError",
        KeyError => "KeyError",
        RuntimeError => "RuntimeError",
        NotImplementedError => "NotImplementedError",
        AssertionError => "AssertionError",
        ArithmeticError => "ArithmeticError",
        Exception => "Exception",
        LookupError => "LookupError",
        LinAlgError => "LinAlgError",
        AxisError => "AxisError",
        AttributeError => "AttributeError",
        KeyboardInterrupt => "KeyboardInterrupt",
        RecursionError => "RecursionError",
        UserClass => return user_class_name(e.class_id).unwrap_or_else(|| "Exception".into()),
    };
    name.to_string()
}

/// `e.args`: none for a bare class raise, else the message (a `KeyError`'s key as a literal
/// when the runtime wrote it so; a range `OverflowError` is `(34, message)`).
pub fn args(e: &RuntimeError) -> Vec<ExcArg> {
    if e.no_args {
        return Vec::new();
    }
    match e.kind {
        ErrorKind::KeyError if e.literal_arg => vec![ExcArg::Literal(e.message.clone())],
        ErrorKind::RangeOverflowError => {
            vec![ExcArg::Literal("34".into()), ExcArg::Str(e.message.clone())]
        }
        _ => vec![ExcArg::Str(e.message.clone())],
    }
}

/// `repr(e)`: `ValueError('msg')`, `ValueError()`, `KeyError(3)`.
pub fn exception_repr(e: &RuntimeError) -> String {
    let items: Vec<String> = args(e).iter().map(ExcArg::repr).collect();
    format!("{}({})", class_name(e), items.join(", "))
}

/// `repr(e.args)` (also its `str`): `()`, `('msg',)`, `(34, 'msg')`.
pub fn args_repr(e: &RuntimeError) -> String {
    let items: Vec<String> = args(e).iter().map(ExcArg::repr).collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

/// A string literal `'...'`/`"..."` without escapes, as its text (a `KeyError`'s `str` key).
fn plain_str_literal(l: &str) -> Option<String> {
    let q = l.chars().next()?;
    if !matches!(q, '\'' | '"') || l.len() < 2 || !l.ends_with(q) || l.contains('\\') {
        return None;
    }
    Some(l[1..l.len() - 1].to_string())
}

/// Compiled code: `repr(e)` of a caught exception object, as a new string.
///
/// # Safety
/// `m` is a live exception object.
pub unsafe extern "C" fn oxjit_rt_exception_repr(m: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: forwarded contract.
    let e = unsafe { exception_of(m) };
    crate::str::new_str(exception_repr(e))
}

/// Compiled code: `str(e.args)` / `repr(e.args)`, as a new string.
///
/// # Safety
/// `m` is a live exception object.
pub unsafe extern "C" fn oxjit_rt_exception_args_repr(m: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: forwarded contract.
    let e = unsafe { exception_of(m) };
    crate::str::new_str(args_repr(e))
}

/// Compiled code: `len(e.args)`.
///
/// # Safety
/// `m` is a live exception object.
pub unsafe extern "C" fn oxjit_rt_exception_args_len(m: *mut MemInfo) -> i64 {
    // SAFETY: forwarded contract.
    let e = unsafe { exception_of(m) };
    args(e).len() as i64
}

/// Compiled code: `e.args[i]` as a new string; null with an error pending when `i` is out of
/// range (`IndexError`, CPython's text) or the argument is not a `str` (oxjit reads only
/// string arguments in compiled code).
///
/// # Safety
/// `m` is a live exception object.
pub unsafe extern "C" fn oxjit_rt_exception_arg(m: *mut MemInfo, i: i64) -> *mut MemInfo {
    // SAFETY: forwarded contract.
    let e = unsafe { exception_of(m) };
    let all = args(e);
    let k = if i < 0 { i + all.len() as i64 } else { i };
    let Some(arg) = usize::try_from(k).ok().and_then(|k| all.get(k)) else {
        crate::errors::set_error(ErrorKind::IndexError, "tuple index out of range".into());
        return std::ptr::null_mut();
    };
    match arg {
        ExcArg::Str(s) => crate::str::new_str(s.clone()),
        ExcArg::Literal(l) => match plain_str_literal(l) {
            Some(s) => crate::str::new_str(s),
            None => {
                crate::errors::set_error(
                    ErrorKind::TypeError,
                    format!(
                        "oxjit: `e.args[{i}]` is `{l}`, not a str; compiled code reads only \
                         string arguments of an exception (return `e.args` to Python instead)"
                    ),
                );
                std::ptr::null_mut()
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_follow_cpython() {
        let mut e = RuntimeError::new(ErrorKind::ValueError, "it's");
        assert_eq!(exception_repr(&e), "ValueError(\"it's\")");
        assert_eq!(args_repr(&e), "(\"it's\",)");
        e.no_args = true;
        assert_eq!(exception_repr(&e), "ValueError()");
        assert_eq!(args_repr(&e), "()");
        let mut k = RuntimeError::new(ErrorKind::KeyError, "3");
        k.literal_arg = true;
        assert_eq!(exception_repr(&k), "KeyError(3)");
        let o = RuntimeError::new(
            ErrorKind::RangeOverflowError,
            "Numerical result out of range",
        );
        assert_eq!(
            exception_repr(&o),
            "OverflowError(34, 'Numerical result out of range')"
        );
        assert_eq!(plain_str_literal("'ab'"), Some("ab".into()));
        assert_eq!(plain_str_literal("3"), None);
    }
}
