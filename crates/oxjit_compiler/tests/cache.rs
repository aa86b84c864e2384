//! The cache entry format end to end, without Python: compile through a recording environment,
//! encode, decode, link the image into a new module and call it; damaged bytes decode to
//! nothing; changed dependencies fail verification.

use oxjit_compiler::cache::{verify, Entry, Recorder};
use oxjit_compiler::types::Type;
use oxjit_compiler::{compile, GlobalValue, MapEnvironment, Options};

type EntryFn = extern "C" fn(*const u64, *mut u64) -> i32;

const SRC: &str = "def f(n):\n    s = 0\n    for i in range(n):\n        if i > 1000:\n            raise ValueError(\"too far\")\n        s += g(i) * K\n    return s\n";
const CALLEE: &str = "def g(x):\n    return x * x + 1\n";

fn env(callee: &str, k: i64) -> MapEnvironment {
    let mut env = MapEnvironment::single(SRC);
    env.add(1, callee);
    env.globals.insert("g".into(), GlobalValue::Jitted(1));
    env.globals.insert("K".into(), GlobalValue::Int(k));
    env
}

fn call(entry: *const u8, n: i64) -> (i32, i64) {
    let f: EntryFn = unsafe { std::mem::transmute(entry) };
    let args = [n as u64];
    let mut ret = [0u64; 1];
    let status = f(args.as_ptr(), ret.as_mut_ptr());
    (status, ret[0] as i64)
}

fn stored() -> Vec<u8> {
    let e = env(CALLEE, 3);
    let rec = Recorder::new(&e, 0);
    let compiled = compile(&rec, 0, &[Type::Int], &Options::default()).unwrap();
    let entry = Entry::of(&compiled, "key".into(), rec.facts()).expect("cacheable");
    entry.encode()
}

#[test]
fn an_entry_round_trips_and_runs() {
    let bytes = stored();
    let entry = Entry::decode(&bytes).expect("decodes");
    assert_eq!(entry.key, "key");
    assert_eq!(entry.ret, Type::Int);
    let loaded = entry.load().unwrap();
    let expect: i64 = (0..10).map(|i| (i * i + 1) * 3).sum();
    assert_eq!(call(loaded.entry(), 10), (0, expect));
    // The error path reads its message from a relocated data object.
    assert_eq!(call(loaded.entry(), 2000).0, 1);
    let err = oxjit_runtime::errors::take_error().unwrap();
    assert_eq!(err.message, "too far");
}

#[test]
fn damaged_bytes_decode_to_nothing() {
    let bytes = stored();
    for cut in [0, 10, 27, bytes.len() / 2, bytes.len() - 1] {
        assert!(Entry::decode(&bytes[..cut]).is_none(), "cut at {cut}");
    }
    for at in [0, 9, 30, bytes.len() / 2, bytes.len() - 1] {
        let mut b = bytes.clone();
        b[at] ^= 0x5a;
        assert!(Entry::decode(&b).is_none(), "flipped byte {at}");
    }
}

#[test]
fn dependencies_are_verified() {
    let entry = Entry::decode(&stored()).unwrap();
    assert!(verify(&env(CALLEE, 3), 0, &entry.facts));
    // A frozen global changed, a callee edited, a global now naming another function.
    assert!(!verify(&env(CALLEE, 4), 0, &entry.facts));
    assert!(!verify(
        &env("def g(x):\n    return x * x + 2\n", 3),
        0,
        &entry.facts
    ));
    let mut other = env(CALLEE, 3);
    other.globals.insert("g".into(), GlobalValue::Jitted(0));
    assert!(!verify(&other, 0, &entry.facts));
}
