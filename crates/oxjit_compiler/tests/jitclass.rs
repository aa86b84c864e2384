//! `jitclass` instances compiled from source strings (no Python): a class described by the
//! test environment, its `__init__` and methods as functions of the environment, construction,
//! fields, methods, optional fields and the reclamation of instances.

use oxjit_compiler::types::{ClassRef, Type};
use oxjit_compiler::{compile, ClassDef, GlobalValue, MapEnvironment, Options};
use std::sync::Arc;

type Entry = extern "C" fn(*const u64, *mut u64) -> i32;

const INIT: u64 = 10;
const NORM2: u64 = 11;
const PUSH: u64 = 12;

/// `Point(x, y)` with a `norm2` method and `Node(value, next)` (a linked list).
fn env(main: &str) -> MapEnvironment {
    let mut env = MapEnvironment::single(main);
    env.add(
        INIT,
        "def __init__(self, x, y=1.0):\n    self.x = x\n    self.y = y\n",
    );
    env.add(
        NORM2,
        "def norm2(self, k=1.0):\n    return k * (self.x * self.x + self.y * self.y)\n",
    );
    env.add(
        PUSH,
        "def __init__(self, value, next):\n    self.value = value\n    self.next = next\n",
    );
    let point = ClassRef {
        id: 1,
        name: Arc::from("Point"),
    };
    let node = ClassRef {
        id: 2,
        name: Arc::from("Node"),
    };
    env.classes.insert(
        1,
        ClassDef {
            name: "Point".into(),
            fields: vec![("x".into(), Type::Float), ("y".into(), Type::Float)],
            methods: vec![("norm2".into(), NORM2)],
            properties: vec![],
            init: Some(INIT),
        },
    );
    env.classes.insert(
        2,
        ClassDef {
            name: "Node".into(),
            fields: vec![
                ("value".into(), Type::Int),
                (
                    "next".into(),
                    Type::Optional(Box::new(Type::Instance(node.clone()))),
                ),
            ],
            methods: vec![],
            properties: vec![],
            init: Some(PUSH),
        },
    );
    env.globals
        .insert("Point".into(), GlobalValue::Class(point));
    env.globals.insert("Node".into(), GlobalValue::Class(node));
    env
}

fn call(env: &MapEnvironment, args: &[Type], slots: &[u64]) -> Result<u64, String> {
    let code = compile(env, 0, args, &Options::default()).map_err(|e| e.to_string())?;
    let f: Entry = unsafe { std::mem::transmute(code.entry()) };
    let mut ret = [0u64; 2];
    match f(slots.as_ptr(), ret.as_mut_ptr()) {
        0 => Ok(ret[0]),
        _ => Err(oxjit_runtime::errors::take_error()
            .map(|e| e.message)
            .unwrap_or_default()),
    }
}

#[test]
fn construct_read_write_and_call_methods() {
    let src = "
def f(a):
    p = Point(a)
    p.y += 2.0
    q = Point(p.x, y=p.y)
    return q.norm2(k=2.0) + p.norm2()
";
    let before = oxjit_runtime::memory::live_allocations();
    let got = call(&env(src), &[Type::Float], &[3.0f64.to_bits()]).unwrap();
    // p = (3, 3): q = (3, 3): 2 * 18 + 18
    assert_eq!(f64::from_bits(got), 54.0);
    assert_eq!(oxjit_runtime::memory::live_allocations(), before);
}

#[test]
fn linked_list_of_optional_instances() {
    let src = "
def f(n):
    head = None
    for i in range(n):
        head = Node(i, head)
    total = 0
    while head is not None:
        total += head.value
        head = head.next
    return total
";
    let before = oxjit_runtime::memory::live_allocations();
    let got = call(&env(src), &[Type::Int], &[100]).unwrap();
    assert_eq!(got as i64, 4950);
    assert_eq!(oxjit_runtime::memory::live_allocations(), before);
}

#[test]
fn attribute_of_none_raises_attribute_error() {
    let src = "
def f(n):
    head = Node(n, None)
    return head.next.value
";
    let err = call(&env(src), &[Type::Int], &[1]).unwrap_err();
    assert_eq!(err, "'NoneType' object has no attribute 'value'");
}

#[test]
fn typing_errors_name_the_field_and_types() {
    let src = "
def f(a):
    p = Point(a)
    p.x = (1, 2)
    return p.x
";
    let err = call(&env(src), &[Type::Float], &[0]).unwrap_err();
    assert!(
        err.contains("cannot assign `tuple(int64, int64)` to field `x` of jitclass `Point`, declared `float64`"),
        "{err}"
    );
    let src = "def f(a):\n    return Point(a).z\n";
    let err = call(&env(src), &[Type::Float], &[0]).unwrap_err();
    assert!(
        err.contains("jitclass `Point` has no attribute `z`"),
        "{err}"
    );
    assert!(err.contains("<test>:2:12"), "{err}");
}
