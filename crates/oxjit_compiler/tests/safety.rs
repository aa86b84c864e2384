//! Safety checks in compiled code, driven from Rust: the Ctrl-C poll at loop back edges (the
//! process-wide flag is set by hand; this file is its own test process and its tests run one
//! at a time), the stack check of recursive functions, the read-only tag of borrowed arrays.

use oxjit_compiler::types::{Dtype, Layout, Type};
use oxjit_compiler::{compile, GlobalValue, MapEnvironment, Options};
use oxjit_runtime::errors::{take_error, ErrorKind};

type Entry = extern "C" fn(*const u64, *mut u64) -> i32;

/// The interrupt flag is process-wide: the tests of this file run one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn call(src: &str, args: &[Type], slots: &[u64]) -> (i32, u64) {
    let mut env = MapEnvironment::single(src);
    // The function can call itself by its name.
    env.globals.insert("f".to_string(), GlobalValue::Jitted(0));
    let code = compile(&env, 0, args, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let f: Entry = unsafe { std::mem::transmute(code.entry()) };
    let mut ret = [0u64; 4];
    let status = f(slots.as_ptr(), ret.as_mut_ptr());
    (status, ret[0])
}

#[test]
fn loops_poll_the_interrupt_flag() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let endless = "def f(n):\n    i = 0\n    while i != n:\n        i += 1\n    return i\n";
    let nested = "
def f(n):
    t = 0
    for i in range(n):
        for j in range(n):
            t += i ^ j
    return t
";
    assert_eq!(call(endless, &[Type::Int], &[10]), (0, 10));
    oxjit_runtime::interrupt::request();
    for (src, n) in [(endless, u64::MAX), (nested, 1 << 40)] {
        let (status, _) = call(src, &[Type::Int], &[n]);
        assert_eq!(status, 1);
        assert_eq!(take_error().unwrap().kind, ErrorKind::KeyboardInterrupt);
    }
    // Reductions poll between chunks of 4096 rows.
    let data = vec![1.0f64; 10_000];
    let array = Type::Array {
        dtype: Dtype::Float64,
        ndim: 1,
        layout: Layout::C,
    };
    let slots = [1, data.as_ptr() as u64, data.len() as u64, 8];
    let sum = "def f(a):\n    return a.sum()\n";
    let (status, _) = call(sum, std::slice::from_ref(&array), &slots);
    assert_eq!(status, 1);
    assert_eq!(take_error().unwrap().kind, ErrorKind::KeyboardInterrupt);
    // Straight-line code does not poll.
    assert_eq!(
        call("def f(n):\n    return n + 1\n", &[Type::Int], &[1]),
        (0, 2)
    );
    oxjit_runtime::interrupt::clear_stale();
    assert_eq!(call(nested, &[Type::Int], &[3]).0, 0);
    let (status, total) = call(sum, &[array], &slots);
    assert_eq!((status, f64::from_bits(total)), (0, 10_000.0));
}

#[test]
fn endless_recursion_raises_recursion_error() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let src = "def f(n):\n    if n < 0:\n        return 0\n    return f(n + 1) + 1\n";
    // A thread of its own with a small stack: the check uses the thread's real bounds.
    let (status, err) = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let (s, _) = call(src, &[Type::Int], &[0]);
            (s, take_error())
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(status, 1);
    let err = err.unwrap();
    assert_eq!(err.kind, ErrorKind::RecursionError);
    assert_eq!(err.message, "maximum recursion depth exceeded");
    let finite = "def f(n):\n    if n == 0:\n        return 0\n    return f(n - 1) + 1\n";
    assert_eq!(call(finite, &[Type::Int], &[5000]), (0, 5000));
}

#[test]
fn writes_into_tagged_read_only_arrays_raise() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let src = "def f(a):\n    x = a[1]\n    a[0] = 2.0\n    return x\n";
    let t = Type::Array {
        dtype: Dtype::Float64,
        ndim: 1,
        layout: Layout::C,
    };
    let mut data = [1.0f64, 5.0];
    let slots = |tag: u64, d: &mut [f64; 2]| [0x1000 | tag, d.as_mut_ptr() as u64, 2, 8];
    // A borrowed array (tag 1) is written; a read-only one (tag 3) raises before the write.
    let (s, _) = call(src, std::slice::from_ref(&t), &slots(1, &mut data));
    assert_eq!(s, 0);
    assert_eq!(data[0], 2.0);
    data[0] = 1.0;
    let (s, _) = call(src, &[t], &slots(3, &mut data));
    assert_eq!(s, 1);
    let err = take_error().unwrap();
    assert_eq!(err.kind, ErrorKind::ValueError);
    assert_eq!(err.message, "assignment destination is read-only");
    assert_eq!(data[0], 1.0);
}
