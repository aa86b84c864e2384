//! Snapshot tests of the typed IR (after all passes) for small programs in `tests/programs/` and
//! the seed sort (read from the one copy of the seed programs):
//! a change in lowering, typing or a pass shows up as a reviewable diff.

use oxjit_compiler::types::{Dtype, Layout, Type};
use oxjit_compiler::{compile, GlobalValue, MapEnvironment, Options};

mod common;
use common::seed_program;

fn typed_ir(file: &str, args: &[Type]) -> String {
    let path = format!("{}/tests/programs/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    typed_ir_of(&text, args)
}

fn typed_ir_of(text: &str, args: &[Type]) -> String {
    let mut env = MapEnvironment::single(text);
    env.globals
        .insert("prange".into(), GlobalValue::Builtin("range".into()));
    let code = compile(&env, 0, args, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    code.typed_ir
}

fn f64_1d() -> Type {
    Type::array(Dtype::Float64, 1, Layout::C)
}

#[test]
fn arithmetic_and_short_circuit() {
    insta::assert_snapshot!(typed_ir("arith.py", &[Type::Int, Type::Int]));
}

#[test]
fn insertion_sort_has_no_bounds_checks_left() {
    let ir = typed_ir_of(&seed_program("tri_insertion"), &[f64_1d()]);
    assert!(!ir.contains("wrap+check"), "{ir}");
    insta::assert_snapshot!(ir);
}

#[test]
fn tuples_unify_and_unpack() {
    insta::assert_snapshot!(typed_ir("tuples.py", &[Type::Int]));
}

#[test]
fn regression_step_is_fused() {
    let x = Type::array(Dtype::Float64, 2, Layout::C);
    insta::assert_snapshot!(typed_ir("regression.py", &[x, f64_1d(), f64_1d()]));
}

#[test]
fn prange_sum() {
    insta::assert_snapshot!(typed_ir("prange_sum.py", &[f64_1d()]));
}
