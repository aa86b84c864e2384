//! End-to-end tests of the compiler driven from source strings (no Python): compile, call the
//! machine code through the common ABI, compare with known results.

use oxjit_compiler::types::{Dtype, Layout, Type};
use oxjit_compiler::{compile, MapEnvironment, Options};

mod common;
use common::seed_program;

type Entry = extern "C" fn(*const u64, *mut u64) -> i32;

fn run(src: &str, args: &[Type], slots: &[u64], ret_len: usize) -> (i32, Vec<u64>) {
    let env = MapEnvironment::single(src);
    let code = compile(&env, 0, args, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let f: Entry = unsafe { std::mem::transmute(code.entry()) };
    let mut ret = vec![0u64; ret_len.max(1)];
    let status = f(slots.as_ptr(), ret.as_mut_ptr());
    (status, ret)
}

fn int(src: &str, args: &[i64]) -> i64 {
    let types = vec![Type::Int; args.len()];
    let slots: Vec<u64> = args.iter().map(|a| *a as u64).collect();
    let (status, ret) = run(src, &types, &slots, 1);
    assert_eq!(
        status,
        0,
        "{}",
        oxjit_runtime::errors::take_error()
            .map(|e| e.message)
            .unwrap_or_default()
    );
    ret[0] as i64
}

fn float(src: &str, args: &[f64]) -> f64 {
    let types = vec![Type::Float; args.len()];
    let slots: Vec<u64> = args.iter().map(|a| a.to_bits()).collect();
    let (status, ret) = run(src, &types, &slots, 1);
    assert_eq!(status, 0);
    f64::from_bits(ret[0])
}

#[test]
fn integer_arithmetic_follows_python() {
    let src = "def f(a, b):\n    return a // b * 1000 + a % b\n";
    assert_eq!(int(src, &[7, 2]), 3 * 1000 + 1);
    assert_eq!(int(src, &[-7, 2]), -4 * 1000 + 1);
    assert_eq!(int(src, &[7, -2]), -4 * 1000 - 1);
    assert_eq!(
        int(src, &[i64::MIN, -1]),
        i64::MIN.wrapping_neg().wrapping_mul(1000)
    );
}

#[test]
fn loops_and_branches() {
    let src = "
def f(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        elif i > 50:
            break
        total += i
    while total > 100:
        total -= 7
    return total
";
    let py = {
        let mut total = 0i64;
        for i in 0..30 {
            if i % 3 == 0 {
                continue;
            } else if i > 50 {
                break;
            }
            total += i;
        }
        while total > 100 {
            total -= 7;
        }
        total
    };
    assert_eq!(int(src, &[30]), py);
}

#[test]
fn recursion_and_floats() {
    let src = "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n";
    let mut env = MapEnvironment::single(src);
    env.globals
        .insert("fib".into(), oxjit_compiler::GlobalValue::Jitted(0));
    let code = compile(&env, 0, &[Type::Int], &Options::default()).unwrap();
    let f: Entry = unsafe { std::mem::transmute(code.entry()) };
    let mut ret = [0u64];
    assert_eq!(f([20u64].as_ptr(), ret.as_mut_ptr()), 0);
    assert_eq!(ret[0], 6765);
    let g = "def g(x, y):\n    return math.sqrt(x * x + y * y) + x / y\n";
    assert_eq!(float(g, &[3.0, 4.0]), 5.75);
}

#[test]
fn division_by_zero_sets_the_error() {
    let (status, _) = run(
        "def f(a, b):\n    return a // b\n",
        &[Type::Int, Type::Int],
        &[1, 0],
        1,
    );
    assert_eq!(status, 1);
    let e = oxjit_runtime::errors::take_error().unwrap();
    assert_eq!(e.kind, oxjit_runtime::errors::ErrorKind::ZeroDivisionError);
}

#[test]
fn insertion_sort_on_an_array() {
    let src = seed_program("tri_insertion");
    let data: Vec<f64> = (0..100).map(|i| ((i * 37) % 101) as f64).collect();
    let arr = Type::array(Dtype::Float64, 1, Layout::C);
    let slots = [1u64, data.as_ptr() as u64, data.len() as u64, 8];
    let (status, ret) = run(&src, &[arr], &slots, 4);
    assert_eq!(status, 0);
    let out = unsafe { std::slice::from_raw_parts(ret[1] as *const f64, ret[2] as usize) };
    let mut sorted = data.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(out, &sorted[..]);
    unsafe { oxjit_runtime::memory::oxjit_rt_decref(ret[0] as *mut _) };
}

#[test]
fn type_errors_point_at_the_source() {
    let env = MapEnvironment::single(
        "def f(a):\n    if a:\n        x = 1\n    else:\n        x = (1, 2)\n    return x\n",
    );
    let err = compile(&env, 0, &[Type::Int], &Options::default())
        .err()
        .unwrap();
    let text = err.to_string();
    assert!(text.contains("<test>:5:9"), "{text}");
    assert!(text.contains("variable `x`"), "{text}");
}

#[test]
fn jitted_calls_bind_keywords_and_defaults() {
    use oxjit_compiler::GlobalValue;
    let mut env = MapEnvironment::single(
        "def f(x):\n    return g(x) + g(x, 10) * 100 + g(c=3, a=x) * 10000\n",
    );
    env.add(1, "def g(a, b=2, *, c=None):\n    if c is None:\n        return a + b\n    return a + b + c\n");
    env.globals.insert("g".into(), GlobalValue::Jitted(1));
    let code =
        compile(&env, 0, &[Type::Int], &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let f: Entry = unsafe { std::mem::transmute(code.entry()) };
    let mut ret = [0u64; 1];
    assert_eq!(f([1u64].as_ptr(), ret.as_mut_ptr()), 0);
    assert_eq!(ret[0] as i64, 3 + 11 * 100 + 6 * 10000);
    // A keyword the callee does not have is a typing error with Python's wording.
    let mut env = MapEnvironment::single("def f(x):\n    return g(x, d=1)\n");
    env.add(1, "def g(a, b=2):\n    return a + b\n");
    env.globals.insert("g".into(), GlobalValue::Jitted(1));
    let err = compile(&env, 0, &[Type::Int], &Options::default())
        .err()
        .map(|e| e.to_string());
    assert!(err
        .unwrap_or_default()
        .contains("g() got an unexpected keyword argument 'd'"));
}

#[test]
fn raise_and_assert_set_the_pending_error() {
    use oxjit_runtime::errors::ErrorKind;
    let src = "def f(x):\n    assert x != 2, f\"two: {x:+d}\"\n    if x > 5:\n        raise ValueError(f\"x={x} y={x / 4:.2f} z={x * 1e15 * 10}\")\n    return x\n";
    assert_eq!(int(src, &[1]), 1);
    let (status, _) = run(src, &[Type::Int], &[8], 1);
    assert_eq!(status, 1);
    let e = oxjit_runtime::errors::take_error().unwrap();
    assert_eq!(e.kind, ErrorKind::ValueError);
    assert_eq!(e.message, "x=8 y=2.00 z=8e+16");
    let (status, _) = run(src, &[Type::Int], &[2], 1);
    assert_eq!(status, 1);
    let e = oxjit_runtime::errors::take_error().unwrap();
    assert_eq!(
        (e.kind, e.message.as_str(), e.no_args),
        (ErrorKind::AssertionError, "two: +2", false)
    );
}

#[test]
fn try_except_catches_errors_of_the_body() {
    let src = "
def f(n):
    total = 0
    for i in range(n):
        try:
            try:
                total += 100 // (i - 2)
            except ValueError:
                total += 1
            if i == 4:
                raise KeyError
        except ZeroDivisionError:
            total += 1000
        except LookupError:
            total += 5000
        finally:
            total += 1
    return total
";
    // Python: 100 // -2 = -50, 100 // -1 = -100, 100 // 1 = 100, 100 // 2 = 50, 100 // 3 = 33.
    assert_eq!(
        int(src, &[6]),
        (-50 + 1) + (-100 + 1) + (1000 + 1) + (100 + 1) + (50 + 5000 + 1) + (33 + 1)
    );
}

#[test]
fn lists_build_change_and_release() {
    let src = "
def f(n):
    a = [i * i for i in range(n) if i % 2 == 1]
    a.append(100)
    a.insert(0, -1)
    b = a + [7] * 2
    b.sort(reverse=True)
    return len(b) * 1000 + b[0] + b[-1] + b.pop(1) + sum(a)
";
    // (Leaks are counted by tests/python/test_lists.py: tests here run in parallel threads and
    // the runtime's count of live allocations is process-wide.)
    // n = 6: a = [-1, 1, 9, 25, 100], b sorted descending = [100, 25, 9, 7, 7, 1, -1]
    assert_eq!(int(src, &[6]), 7 * 1000 + 100 - 1 + 25 + 134);
}

#[test]
fn list_index_errors_unwind() {
    let src = "
def f(i):
    a = [[1], [2, 3]]
    return a[i][0]
";
    assert_eq!(int(src, &[-1]), 2);
    let (status, _) = run(src, &[Type::Int], &[5], 1);
    assert_eq!(status, 1);
    let err = oxjit_runtime::errors::take_error().expect("an error");
    assert_eq!(err.message, "list index out of range");
}

#[test]
fn strings_from_source() {
    let src = r#"
def f(n):
    s = f"{n}:{n * 0.5:.2f}"
    words = (s + " héllo wörld").split()
    t = "-".join(words).upper()
    return len(t) * 1000 + ord(t[-1]) + int(str(n)[::-1]) + t.find("WÖR")
"#;
    // n = 12: s = "12:6.00", t = "12:6.00-HÉLLO-WÖRLD" (19 code points), ord('D') = 68,
    // int("21") = 21, "WÖR" at 14.
    assert_eq!(int(src, &[12]), 19 * 1000 + 68 + 21 + 14);
}

#[test]
fn string_index_errors_unwind() {
    let src = r#"
def f(i):
    s = "ab" + chr(233)
    return ord(s[i])
"#;
    assert_eq!(int(src, &[-1]), 233);
    let (status, _) = run(src, &[Type::Int], &[7], 1);
    assert_eq!(status, 1);
    let err = oxjit_runtime::errors::take_error().expect("an error");
    assert_eq!(err.message, "string index out of range");
}
