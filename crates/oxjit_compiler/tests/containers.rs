//! Container typing and lowering driven from source strings (no Python): empty lists, dicts and
//! sets typed by later stores, `key=` lambdas computed before the call, and the errors for
//! what cannot be typed. The differential tests against CPython are in
//! `tests/python/test_lists_edit.py` and `tests/python/test_containers_more.py`.

use oxjit_compiler::error::ErrorKind;
use oxjit_compiler::types::Type;
use oxjit_compiler::{compile, MapEnvironment, Options};

fn ret(src: &str, args: &[Type]) -> Type {
    let env = MapEnvironment::single(src);
    compile(&env, 0, args, &Options::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .ret
}

fn list(e: Type) -> Type {
    Type::List(Box::new(e))
}

#[test]
fn empty_containers_take_types_from_later_stores() {
    let f = "def f(n):\n    x = list()\n    x.append(1.5)\n    return x\n";
    assert_eq!(ret(f, &[Type::Int]), list(Type::Float));
    let f = "def f(n):\n    rows = []\n    for i in range(n):\n        rows.append([])\n        \
             rows[i].append(i)\n    return rows\n";
    assert_eq!(ret(f, &[Type::Int]), list(list(Type::Int)));
    let f = "def f(n):\n    d = {}\n    d.setdefault(n, []).append(0.5)\n    return d\n";
    assert_eq!(
        ret(f, &[Type::Int]),
        Type::Dict(Box::new(Type::Int), Box::new(list(Type::Float)))
    );
    let f = "def f(n):\n    x = []\n    y = x\n    y.append(n)\n    return x\n";
    assert_eq!(ret(f, &[Type::Int]), list(Type::Int));
}

#[test]
fn never_known_element_type_is_a_typing_error_at_the_list() {
    let f = "def f(n):\n    x = []\n    return len(x)\n";
    let env = MapEnvironment::single(f);
    let e = match compile(&env, 0, &[Type::Int], &Options::default()) {
        Ok(_) => panic!("an empty list of unknown elements compiled"),
        Err(e) => e,
    };
    assert_eq!(e.kind, ErrorKind::Typing);
    assert!(e.message.contains("element type of this empty list"), "{e}");
    assert!(e.span.is_some(), "{e}");
}

#[test]
fn key_lambdas_are_computed_before_the_call() {
    let f = "def f(xs):\n    return sorted(xs, key=lambda v: -v), min(xs, key=lambda v: v * v)\n";
    assert_eq!(
        ret(f, &[list(Type::Float)]),
        Type::Tuple(vec![list(Type::Float), Type::Float])
    );
    let env = MapEnvironment::single(f);
    let ir = compile(&env, 0, &[list(Type::Float)], &Options::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .typed_ir;
    // The keys go into hidden lists, one per call.
    assert!(ir.matches("$keys").count() >= 2, "{ir}");
}

#[test]
fn list_filled_once_per_iteration_becomes_an_array() {
    // The debug build verifies the IR after the `list-to-array` pass (new values, variables
    // and the retyped list variable).
    let src =
        "def f(n):\n    out = []\n    for i in range(n, 0, -3):\n        if i > 5:\n            \
               n += 1\n        out.append(i * 0.5)\n    return np.array(out)\n";
    let env = MapEnvironment::single(src);
    let opts = Options {
        inspect: true,
        ..Options::default()
    };
    let c = compile(&env, 0, &[Type::Int], &opts).unwrap_or_else(|e| panic!("{e}"));
    let listings = c.listings.expect("listings");
    let ir = &listings
        .ir
        .iter()
        .find(|(_, stage, _)| *stage == "list-to-array")
        .expect("the pass's listing")
        .2;
    assert!(!ir.contains("list("), "{ir}");
    assert!(ir.contains("numpy.empty"), "{ir}");
}
