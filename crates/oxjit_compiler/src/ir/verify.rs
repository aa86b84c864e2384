//! The IR verifier: the structural invariants lowering establishes and every pass keeps.
//!
//! - every block is terminated (`Unterminated` never survives lowering);
//! - jump and branch targets exist;
//! - every value is defined once, with an id below `value_count`;
//! - every value an instruction or terminator uses is defined earlier in the same block (values
//!   never cross blocks; variables do);
//! - variables (loads, stores, parameters, `RangeLoop` facts) and the blocks of `RangeLoop`
//!   facts exist.
//!
//! For a typed function also: every value and variable has a type slot, and the `defs` index
//! points at each value's defining instruction.
//!
//! Lowering runs it on its result and `passes::run` after each pass, in debug builds (so in
//! every Rust test); a violation is an internal error naming the stage.

use super::print;
use super::*;
use crate::error::{CompileError, Result};
use crate::infer::TypedFunction;
use std::collections::HashSet;

/// How many violations a report lists before it only counts the rest.
const SHOWN: usize = 5;

/// Check `f`; the violations found, each as one line of text.
pub fn violations(f: &Function) -> Vec<String> {
    let mut errs = Vec::new();
    let n = f.blocks.len();
    let block_ok = |b: BlockId| (b.0 as usize) < n;
    let var_ok = |v: VarId| (v.0 as usize) < f.vars.len();
    if n == 0 {
        errs.push("the function has no blocks".to_string());
    }
    let mut defined_anywhere = HashSet::new();
    for (bi, b) in f.blocks.iter().enumerate() {
        let name = print::block(BlockId(bi as u32));
        let mut defined = HashSet::new();
        for i in &b.insts {
            let text = || format!("`{}`", print::inst(f, &i.kind));
            for u in i.kind.operands() {
                if !defined.contains(&u) {
                    errs.push(format!(
                        "{name}: {} used by {} is not defined earlier in the block",
                        print::value(u),
                        text()
                    ));
                }
            }
            if let InstKind::Load(x) | InstKind::Store(x, _) = i.kind {
                if !var_ok(x) {
                    errs.push(format!("{name}: {} names no variable", text()));
                }
            }
            if i.result.0 >= f.value_count {
                errs.push(format!(
                    "{name}: {} is not below the value count {}",
                    print::value(i.result),
                    f.value_count
                ));
            }
            if !defined_anywhere.insert(i.result) {
                errs.push(format!(
                    "{name}: {} is defined more than once",
                    print::value(i.result)
                ));
            }
            defined.insert(i.result);
        }
        let term = print::terminator(&b.term);
        match &b.term {
            Terminator::Unterminated => errs.push(format!("{name} is not terminated")),
            Terminator::Branch { cond: v, .. } | Terminator::Return(v, _) => {
                if !defined.contains(v) {
                    errs.push(format!(
                        "{name}: {} used by `{term}` is not defined in the block",
                        print::value(*v)
                    ));
                }
            }
            Terminator::Jump(_) | Terminator::Raise(_) => {}
        }
        for s in cfg::successors(&b.term) {
            if !block_ok(s) {
                errs.push(format!(
                    "{name}: `{term}` targets a block that does not exist"
                ));
            }
        }
    }
    for p in &f.params {
        if !var_ok(*p) {
            errs.push(format!("parameter {} names no variable", p.0));
        }
    }
    for (li, lp) in f.range_loops.iter().enumerate() {
        let vars = [lp.counter, lp.start, lp.stop, lp.step]
            .into_iter()
            .chain(lp.target);
        if !vars.into_iter().all(var_ok) {
            errs.push(format!(
                "range loop {li} names a variable that does not exist"
            ));
        }
        let blocks = [lp.body, lp.latch, lp.exit, lp.break_to]
            .into_iter()
            .chain(lp.blocks.iter().copied());
        if !blocks.into_iter().all(block_ok) {
            errs.push(format!("range loop {li} names a block that does not exist"));
        }
    }
    errs
}

/// The violations of a typed function: those of its IR, then of its type tables and index.
pub fn typed_violations(f: &TypedFunction) -> Vec<String> {
    let mut errs = violations(&f.ir);
    if f.value_types.len() != f.ir.value_count as usize {
        errs.push(format!(
            "{} value types for {} values",
            f.value_types.len(),
            f.ir.value_count
        ));
    }
    if f.var_types.len() != f.ir.vars.len() {
        errs.push(format!(
            "{} variable types for {} variables",
            f.var_types.len(),
            f.ir.vars.len()
        ));
    }
    let mut count = 0;
    for (bi, b) in f.ir.blocks.iter().enumerate() {
        for (ii, i) in b.insts.iter().enumerate() {
            count += 1;
            if f.defs.get(&i.result) != Some(&(BlockId(bi as u32), ii)) {
                errs.push(format!(
                    "the definition index does not point at {} (block{bi}, instruction {ii})",
                    print::value(i.result)
                ));
            }
        }
    }
    if f.defs.len() != count {
        errs.push(format!(
            "the definition index has {} entries for {count} instructions",
            f.defs.len()
        ));
    }
    errs
}

/// One internal error for the violations found after `stage`, or `Ok`.
fn report(name: &str, stage: &str, errs: Vec<String>) -> Result<()> {
    if errs.is_empty() {
        return Ok(());
    }
    let mut msg = format!("the IR of `{name}` is broken after {stage}: ");
    msg.push_str(&errs[..errs.len().min(SHOWN)].join("; "));
    if errs.len() > SHOWN {
        msg.push_str(&format!(" (and {} more)", errs.len() - SHOWN));
    }
    Err(CompileError::internal("verify", msg))
}

/// Verify an untyped function after `stage` (e.g. "lowering").
pub fn verify(f: &Function, stage: &str) -> Result<()> {
    report(&f.name, stage, violations(f))
}

/// Verify a typed function after `stage` (e.g. "pass `element-reuse`").
pub fn verify_typed(f: &TypedFunction, stage: &str) -> Result<()> {
    report(&f.ir.name, stage, typed_violations(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Span;

    fn inst(result: u32, kind: InstKind) -> Inst {
        Inst {
            result: ValueId(result),
            kind,
            span: Span::new(0, 0),
        }
    }

    fn function(blocks: Vec<Block>, value_count: u32) -> Function {
        Function {
            name: "f".into(),
            params: vec![VarId(0)],
            signature: vec![],
            vars: vec![VarInfo {
                name: "x".into(),
                synthetic: false,
            }],
            blocks,
            value_count,
            range_loops: vec![],
            try_regions: vec![],
            span: Span::new(0, 0),
        }
    }

    #[test]
    fn sound_function_passes() {
        let f = function(
            vec![
                Block {
                    insts: vec![
                        inst(0, InstKind::Load(VarId(0))),
                        inst(1, InstKind::Truth(ValueId(0))),
                    ],
                    term: Terminator::Branch {
                        cond: ValueId(1),
                        then_block: BlockId(1),
                        else_block: BlockId(1),
                    },
                },
                Block {
                    insts: vec![inst(2, InstKind::Load(VarId(0)))],
                    term: Terminator::Return(ValueId(2), Span::new(0, 0)),
                },
            ],
            3,
        );
        assert_eq!(violations(&f), Vec::<String>::new());
        assert!(verify(&f, "lowering").is_ok());
    }

    #[test]
    fn violations_are_named() {
        let f = function(
            vec![
                Block {
                    insts: vec![
                        inst(0, InstKind::Load(VarId(3))),
                        inst(1, InstKind::Unary(UnaryOp::Neg, ValueId(7))),
                    ],
                    term: Terminator::Jump(BlockId(1)),
                },
                Block {
                    insts: vec![inst(1, InstKind::Truth(ValueId(0)))],
                    term: Terminator::Branch {
                        cond: ValueId(0),
                        then_block: BlockId(5),
                        else_block: BlockId(0),
                    },
                },
                Block {
                    insts: vec![],
                    term: Terminator::Unterminated,
                },
            ],
            1,
        );
        let errs = violations(&f);
        let expected = [
            "block0: `load <invalid var 3>` names no variable",
            "block0: v7 used by `unary neg v7` is not defined earlier in the block",
            "block0: v1 is not below the value count 1",
            // Values never cross blocks.
            "block1: v0 used by `truth v0` is not defined earlier in the block",
            "block1: v1 is defined more than once",
            "block1: v0 used by `branch v0, block5, block0` is not defined in the block",
            "block1: `branch v0, block5, block0` targets a block that does not exist",
            "block2 is not terminated",
        ];
        for e in expected {
            assert!(errs.iter().any(|x| x == e), "missing {e:?} in {errs:#?}");
        }
        let msg = verify(&f, "pass `x`").expect_err("broken").message;
        assert!(msg.contains("broken after pass `x`"), "{msg}");
        assert!(msg.contains("more"), "{msg}");
    }
}
