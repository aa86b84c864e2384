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
    TypeError = 7,
    KeyError = 8,
    RuntimeError = 9,
    NotImplementedError = 10,
    AssertionError = 11,
    ArithmeticError = 12,
    Exception = 13,
    LookupError = 14,
    /// A class of the user's module, by the registry id in [`RuntimeError::class_id`].
    UserClass = 15,
    /// `OverflowError(errno.ERANGE, message)` (two arguments, as CPython's float `**`).
    RangeOverflowError = 16,
    /// `numpy.linalg.LinAlgError` (a `ValueError`).
    LinAlgError = 17,
    /// `numpy.exceptions.AxisError` (a `ValueError` and an `IndexError`): an axis out of range.
    AxisError = 18,
    /// `AttributeError` (an attribute of `None`, a `jitclass` field of an optional value).
    AttributeError = 19,
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
            7 => ErrorKind::TypeError,
            8 => ErrorKind::KeyError,
            9 => ErrorKind::RuntimeError,
            10 => ErrorKind::NotImplementedError,
            11 => ErrorKind::AssertionError,
            12 => ErrorKind::ArithmeticError,
            13 => ErrorKind::Exception,
            14 => ErrorKind::LookupError,
            15 => ErrorKind::UserClass,
            16 => ErrorKind::RangeOverflowError,
            17 => ErrorKind::LinAlgError,
            18 => ErrorKind::AxisError,
            19 => ErrorKind::AttributeError,
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
    /// `raise E` / `raise E()`: the exception has no arguments (`e.args == ()`).
    pub no_args: bool,
    /// For [`ErrorKind::UserClass`]: the class's id in the binding's registry.
    pub class_id: u64,
    /// The message is the Python literal of the exception's one argument (`KeyError: 3` is
    /// `KeyError(3)`, not `KeyError('3')`).
    pub literal_arg: bool,
}

impl RuntimeError {
    /// An error of a built-in kind with a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        RuntimeError {
            kind,
            message: message.into(),
            no_args: false,
            class_id: 0,
            literal_arg: false,
        }
    }
}

thread_local! {
    static PENDING: RefCell<Option<RuntimeError>> = const { RefCell::new(None) };
}

/// Record an error for the dispatcher (the first one wins until taken).
pub fn set_error(kind: ErrorKind, message: String) {
    set_pending(RuntimeError {
        kind,
        message,
        no_args: false,
        class_id: 0,
        literal_arg: false,
    });
}

/// Record `KeyError(key)` where `key_repr` is the key's Python literal (`3`, `(1, 2)`,
/// `'popitem(): dictionary is empty'`).
pub fn set_key_error(key_repr: String) {
    set_pending(RuntimeError {
        kind: ErrorKind::KeyError,
        message: key_repr,
        no_args: false,
        class_id: 0,
        literal_arg: true,
    });
}

/// Record `e` as the pending error unless one is pending already.
pub fn set_pending(e: RuntimeError) {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(e);
        }
    });
}

thread_local! {
    /// The message a `raise` with an f-string is building.
    static MESSAGE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// # Safety
/// `ptr..ptr+len` must be valid UTF-8 kept alive by the compiled code.
unsafe fn text<'a>(ptr: *const u8, len: usize) -> &'a str {
    if ptr.is_null() {
        return "";
    }
    // SAFETY: the compiler passes a pointer to a string it keeps alive.
    std::str::from_utf8(unsafe { std::slice::from_raw_parts(ptr, len) }).unwrap_or("")
}

/// The message built so far (emptied): `print` of an f-string formats it here too.
pub fn take_message() -> String {
    MESSAGE.with(|m| std::mem::take(&mut *m.borrow_mut()))
}

/// `f` of the message built so far (the buffer keeps its capacity for the next one).
pub fn with_message<R>(f: impl FnOnce(&str) -> R) -> R {
    MESSAGE.with(|m| f(m.borrow().as_str()))
}

/// Append text to the message being built.
pub fn push_message(t: &str) {
    MESSAGE.with(|m| m.borrow_mut().push_str(t));
}

/// Compiled code: start building a message.
pub extern "C" fn oxjit_rt_msg_clear() {
    MESSAGE.with(|m| m.borrow_mut().clear());
}

/// Compiled code: append literal text to the message.
///
/// # Safety
/// As [`oxjit_rt_raise`].
pub unsafe extern "C" fn oxjit_rt_msg_text(ptr: *const u8, len: usize) {
    // SAFETY: forwarded contract.
    let t = unsafe { text(ptr, len) };
    MESSAGE.with(|m| m.borrow_mut().push_str(t));
}

/// Append `formatted` (or an error, which the compiler rules out by checking specs first).
fn push_formatted(formatted: Result<String, String>) {
    let s = formatted.unwrap_or_else(|e| e);
    MESSAGE.with(|m| m.borrow_mut().push_str(&s));
}

/// Compiled code: append `format(x, spec)` of an int.
///
/// # Safety
/// As [`oxjit_rt_raise`] for the spec.
pub unsafe extern "C" fn oxjit_rt_msg_int(x: i64, spec: *const u8, len: usize) {
    // SAFETY: forwarded contract.
    let spec = unsafe { text(spec, len) };
    if spec.is_empty() {
        use std::fmt::Write;
        MESSAGE.with(|m| {
            let _ = write!(m.borrow_mut(), "{x}");
        });
        return;
    }
    push_formatted(crate::format::parse_spec(spec).and_then(|s| crate::format::format_int(x, &s)));
}

/// Compiled code: append `format(x, spec)` of a float.
///
/// # Safety
/// As [`oxjit_rt_raise`] for the spec.
pub unsafe extern "C" fn oxjit_rt_msg_float(x: f64, spec: *const u8, len: usize) {
    // SAFETY: forwarded contract.
    let spec = unsafe { text(spec, len) };
    if spec.is_empty() {
        MESSAGE.with(|m| m.borrow_mut().push_str(&crate::format::float_repr(x)));
        return;
    }
    push_formatted(crate::format::parse_spec(spec).map(|s| crate::format::format_float(x, &s)));
}

/// Compiled code: append `format(b, spec)` of a bool (`True`/`False` without a spec, else as
/// the int 0/1, as Python).
///
/// # Safety
/// As [`oxjit_rt_raise`] for the spec.
pub unsafe extern "C" fn oxjit_rt_msg_bool(x: i8, spec: *const u8, len: usize) {
    // SAFETY: forwarded contract.
    let spec = unsafe { text(spec, len) };
    if spec.is_empty() {
        push_formatted(Ok(if x != 0 { "True" } else { "False" }.into()));
    } else {
        push_formatted(
            crate::format::parse_spec(spec)
                .and_then(|s| crate::format::format_int(i64::from(x != 0), &s)),
        );
    }
}

/// Whether an exception of `raised` is an instance of the built-in class `catch` (CPython's
/// hierarchy among the classes oxjit raises).
fn is_subclass(raised: ErrorKind, catch: ErrorKind) -> bool {
    use ErrorKind::*;
    let raised = if raised == RangeOverflowError {
        OverflowError
    } else {
        raised
    };
    // Listed rather than assumed: a kind added later (e.g. `KeyboardInterrupt`, a
    // `BaseException`) must not be caught by `except Exception`.
    let is_exception = matches!(
        raised,
        IndexError
            | ZeroDivisionError
            | ValueError
            | OverflowError
            | MemoryError
            | UnboundLocalError
            | TypeError
            | KeyError
            | RuntimeError
            | NotImplementedError
            | AssertionError
            | ArithmeticError
            | Exception
            | LookupError
            | RecursionError
            | LinAlgError
            | AxisError
            | AttributeError
    );
    raised == catch
        || (catch == Exception && is_exception)
        || (catch == ArithmeticError && matches!(raised, ZeroDivisionError | OverflowError))
        || (catch == LookupError && matches!(raised, IndexError | KeyError))
        || (catch == ValueError && matches!(raised, LinAlgError | AxisError))
        || (matches!(catch, IndexError | LookupError) && raised == AxisError)
        || (catch == RuntimeError && matches!(raised, NotImplementedError | RecursionError))
}

/// What `except` needs to know of a user exception class: the registered user classes it
/// derives from (itself included) and its nearest built-in base among oxjit's classes.
#[derive(Clone, Debug, Default)]
struct UserClass {
    ancestors: std::collections::HashSet<u64>,
    base: Option<ErrorKind>,
    /// The class's `__name__` (for `repr(e)`).
    name: String,
}

fn user_classes() -> &'static std::sync::Mutex<std::collections::HashMap<u64, UserClass>> {
    static REG: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<u64, UserClass>>> =
        std::sync::OnceLock::new();
    REG.get_or_init(Default::default)
}

/// The binding registers user class `id`: its built-in base (`None`: `Exception` only) and
/// which registered classes it derives from / derive from it.
pub fn register_user_class(
    id: u64,
    name: &str,
    base: Option<ErrorKind>,
    ancestors: &[u64],
    descendants: &[u64],
) {
    if let Ok(mut reg) = user_classes().lock() {
        let entry = reg.entry(id).or_default();
        entry.base = base;
        entry.name = name.to_string();
        entry.ancestors.insert(id);
        entry.ancestors.extend(ancestors);
        for d in descendants {
            reg.entry(*d).or_default().ancestors.insert(id);
        }
    }
}

/// The `__name__` of registered user class `id`.
pub fn user_class_name(id: u64) -> Option<String> {
    let reg = user_classes().lock().ok()?;
    reg.get(&id).map(|c| c.name.clone())
}

/// Compiled code (a `try`'s landing): does the pending exception match class `kind`
/// (`class_id` for a user class)?
pub extern "C" fn oxjit_rt_error_matches(kind: i32, class_id: i64) -> i8 {
    let catch = ErrorKind::from_code(kind);
    PENDING.with(|p| match &*p.borrow() {
        Some(e) if e.kind == ErrorKind::UserClass => {
            let reg = user_classes().lock();
            let info = reg.as_ref().ok().and_then(|r| r.get(&e.class_id).cloned());
            let matched = match (catch, info) {
                (ErrorKind::Exception, _) => true,
                (ErrorKind::UserClass, Some(i)) => i.ancestors.contains(&(class_id as u64)),
                (ErrorKind::UserClass, None) => e.class_id == class_id as u64,
                (c, Some(UserClass { base: Some(b), .. })) => is_subclass(b, c),
                _ => false,
            };
            matched as i8
        }
        Some(e) => (catch != ErrorKind::UserClass && is_subclass(e.kind, catch)) as i8,
        None => 0,
    })
}

thread_local! {
    /// The exception the last `except` clause of this thread took (for `as e` / bare `raise`).
    static CAUGHT: RefCell<Option<RuntimeError>> = const { RefCell::new(None) };
}

/// Compiled code: the exception was caught (`caught != 0`): taken off the pending slot (kept
/// for [`oxjit_rt_caught_exception`]).
pub extern "C" fn oxjit_rt_clear_error_if(caught: i8) {
    if caught != 0 {
        let e = take_error();
        CAUGHT.with(|c| *c.borrow_mut() = e);
    }
}

unsafe fn free_exception(data: *mut u8) {
    // SAFETY: `data` is the boxed error of an exception object being freed.
    drop(unsafe { Box::from_raw(data.cast::<RuntimeError>()) });
}

/// Compiled code, first in a handler that needs it: the exception just caught, as an object
/// with one reference (`Type::Exception` in the compiler).
pub extern "C" fn oxjit_rt_caught_exception() -> *mut crate::memory::MemInfo {
    let e = CAUGHT.with(|c| c.borrow_mut().take()).unwrap_or_else(|| {
        RuntimeError::new(ErrorKind::RuntimeError, "internal: no exception was caught")
    });
    crate::memory::new_object(Box::into_raw(Box::new(e)).cast(), free_exception)
}

/// Compiled code: `raise e` / a bare `raise` of a caught exception object: pending again, as it
/// was.
///
/// # Safety
/// `m` is a live exception object from [`oxjit_rt_caught_exception`].
pub unsafe extern "C" fn oxjit_rt_raise_exception(m: *mut crate::memory::MemInfo) {
    // SAFETY: by the contract, `data` is a boxed `RuntimeError`.
    let e = unsafe { &*((*m).data as *const RuntimeError) };
    set_pending(e.clone());
}

/// The error inside an exception object.
///
/// # Safety
/// `m` is a live exception object from [`oxjit_rt_caught_exception`].
pub unsafe fn exception_of<'a>(m: *mut crate::memory::MemInfo) -> &'a RuntimeError {
    // SAFETY: by the contract, `data` is a boxed `RuntimeError`.
    unsafe { &*((*m).data as *const RuntimeError) }
}

/// `str(e)` of an exception as CPython gives it: the message, `''` without arguments, the
/// `repr` of a `KeyError`'s argument, `[Errno 34] ...` for a range `OverflowError`.
pub fn exception_text(e: &RuntimeError) -> String {
    if e.no_args {
        return String::new();
    }
    match e.kind {
        // A key the runtime wrote as its Python literal is its own `repr`.
        ErrorKind::KeyError if e.literal_arg => e.message.clone(),
        ErrorKind::KeyError => crate::str_convert::repr(&e.message),
        ErrorKind::RangeOverflowError => format!("[Errno 34] {}", e.message),
        _ => e.message.clone(),
    }
}

/// Compiled code: `str(e)` of a caught exception object, as a new string.
///
/// # Safety
/// `m` is a live exception object from [`oxjit_rt_caught_exception`].
pub unsafe extern "C" fn oxjit_rt_exception_str(
    m: *mut crate::memory::MemInfo,
) -> *mut crate::memory::MemInfo {
    // SAFETY: by the contract, `data` is a boxed `RuntimeError`.
    let e = unsafe { &*((*m).data as *const RuntimeError) };
    crate::str::new_str(exception_text(e))
}

/// Compiled code: `raise` of exception class `kind` (`class_id` for a user class) with the
/// message built since [`oxjit_rt_msg_clear`], or with no arguments.
pub extern "C" fn oxjit_rt_raise_class(kind: i32, class_id: i64, with_message: i8) {
    let message = if with_message != 0 {
        MESSAGE.with(|m| std::mem::take(&mut *m.borrow_mut()))
    } else {
        String::new()
    };
    set_pending(RuntimeError {
        kind: ErrorKind::from_code(kind),
        message,
        no_args: with_message == 0,
        class_id: class_id as u64,
        literal_arg: false,
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

/// Compiled code: `a.flat[index]` out of bounds, with NumPy's message.
pub extern "C" fn oxjit_rt_flat_index_error(index: i64, size: i64) {
    set_error(
        ErrorKind::IndexError,
        format!("index {index} is out of bounds for size {size}"),
    );
}

/// Compiled code: `numpy.unravel_index(index, shape)` of an index outside `[0, size)` (a
/// negative dimension: `size` -1), with NumPy's message.
pub extern "C" fn oxjit_rt_unravel_index_error(index: i64, size: i64) {
    let message = if size < 0 {
        "negative dimensions are not allowed".to_string()
    } else {
        format!("index {index} is out of bounds for array with size {size}")
    };
    set_error(ErrorKind::ValueError, message);
}

/// Compiled code: an int64 stored into an integer array whose dtype cannot hold it, with
/// NumPy 2's message (`a[i] = 300` on an int8 array).
pub extern "C" fn oxjit_rt_int_out_of_bounds(value: i64, bits: i64, signed: i8) {
    let u = if signed != 0 { "" } else { "u" };
    set_error(
        ErrorKind::OverflowError,
        format!("Python integer {value} out of bounds for {u}int{bits}"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn except_follows_cpython_hierarchy() {
        use ErrorKind::*;
        assert!(is_subclass(ZeroDivisionError, ArithmeticError));
        assert!(is_subclass(RangeOverflowError, OverflowError));
        assert!(is_subclass(KeyError, LookupError));
        assert!(is_subclass(NotImplementedError, RuntimeError));
        assert!(is_subclass(UnboundLocalError, Exception));
        assert!(!is_subclass(IndexError, ValueError));
        assert!(!is_subclass(ValueError, ArithmeticError));
        set_error(IndexError, "i".into());
        assert_eq!(oxjit_rt_error_matches(LookupError as i32, 0), 1);
        assert_eq!(oxjit_rt_error_matches(KeyError as i32, 0), 0);
        oxjit_rt_clear_error_if(1);
        assert!(take_error().is_none());
    }
}
