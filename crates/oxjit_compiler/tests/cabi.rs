//! C-ABI trampolines (`codegen::cabi`): native arguments in, the entry's result converted to
//! the declared C type out, and the error callback with a zero result when the body raises.

use oxjit_compiler::codegen::cabi::{c_trampoline, CType};
use oxjit_compiler::{compile, MapEnvironment, Options};
use oxjit_runtime::errors::{take_error, ErrorKind};
use std::sync::atomic::{AtomicUsize, Ordering};

static ERRORS: AtomicUsize = AtomicUsize::new(0);

extern "C" fn on_error(ctx: *const u8) {
    assert_eq!(ctx as usize, 0x1234);
    let e = take_error().expect("an error is pending");
    assert_eq!(e.kind, ErrorKind::ZeroDivisionError);
    ERRORS.fetch_add(1, Ordering::SeqCst);
}

fn build(
    src: &str,
    params: &[CType],
    ret: Option<CType>,
) -> (
    oxjit_compiler::Compiled,
    oxjit_compiler::codegen::cabi::CTrampoline,
) {
    let env = MapEnvironment::single(src);
    let types: Vec<_> = params.iter().map(|c| c.compiled()).collect();
    let code = compile(&env, 0, &types, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let t = c_trampoline(
        code.entry(),
        params,
        ret,
        &code.ret,
        on_error,
        0x1234 as *const u8,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (code, t)
}

#[test]
fn floats_and_conversions() {
    let (_c, t) = build(
        "def f(x, y):\n    return x * y + 1\n",
        &[CType::F64, CType::F64],
        Some(CType::F64),
    );
    let f: extern "C" fn(f64, f64) -> f64 = unsafe { std::mem::transmute(t.code()) };
    assert_eq!(f(2.0, 3.5), 8.0);

    // An int result declared float32; int8 and uint16 arguments widened.
    let (_c, t) = build(
        "def f(x, y):\n    return x * y\n",
        &[CType::I8, CType::U16],
        Some(CType::F32),
    );
    let f: extern "C" fn(i8, u16) -> f32 = unsafe { std::mem::transmute(t.code()) };
    assert_eq!(f(-3, 60000), -180000.0);

    // A float result declared int32 truncates; a bool result.
    let (_c, t) = build(
        "def f(x):\n    return x * 2.5\n",
        &[CType::F32],
        Some(CType::I32),
    );
    let f: extern "C" fn(f32) -> i32 = unsafe { std::mem::transmute(t.code()) };
    assert_eq!(f(-3.0), -7);
    let (_c, t) = build(
        "def f(x):\n    return x > 2\n",
        &[CType::I64],
        Some(CType::Bool),
    );
    let f: extern "C" fn(i64) -> bool = unsafe { std::mem::transmute(t.code()) };
    assert!(f(3) && !f(1));
}

#[test]
fn errors_call_back_and_return_zero() {
    let (_c, t) = build(
        "def f(x):\n    return 10 // x\n",
        &[CType::I32],
        Some(CType::I64),
    );
    let f: extern "C" fn(i32) -> i64 = unsafe { std::mem::transmute(t.code()) };
    assert_eq!(f(3), 3);
    let before = ERRORS.load(Ordering::SeqCst);
    assert_eq!(f(0), 0);
    assert_eq!(ERRORS.load(Ordering::SeqCst), before + 1);
    assert_eq!(f(5), 2);
}
