//! Jump threading of constant block arguments, on Cranelift IR after inlining.
//!
//! An inlined callee returns through one continuation block that takes its status (0 on
//! success, 1 after an exception was raised) and tests it: `block26(v180: i32): brif
//! (icmp ne v180, 0), error, go_on`. Every return site passes a constant, so the test is known
//! on each incoming edge: the pass points each such edge straight at the branch's target. This
//! matters beyond the one test saved: while the error path (which calls the runtime to raise)
//! and the normal path merge, every value live in the caller's loop is live across that call,
//! and the register allocator keeps loop-carried floats in stack slots (a store and a load on
//! the loop's critical path each iteration). Threaded, the raising call is on a path that
//! leaves the function, and the values stay in registers.
//!
//! A block `B` is threaded through when it holds only `iconst`, `icmp` and a final
//! `brif`, when no value it defines (parameters included) is used outside it, and when the
//! branch's condition is a constant given the arguments on an edge into it. Such an edge
//! `P → B(args)` becomes `P → T(args')`, with `B`'s parameters in `T`'s arguments replaced by
//! the edge's arguments (the other values `T` is passed dominate `B`, hence `P`). Blocks left
//! without predecessors are removed by Cranelift's unreachable-code elimination.
//! `OXJIT_SKIP_PASSES=jump-threading` turns the pass off.

use cranelift_codegen::ir::{
    condcodes::IntCC, BlockArg, Function, InstructionData, Opcode, Value, ValueDef,
};
use cranelift_codegen::ir::{Block, Inst};
use std::collections::{HashMap, HashSet};

/// The pass's name in `OXJIT_SKIP_PASSES`.
pub const NAME: &str = "jump-threading";

/// Thread every edge whose arguments decide the branch of the block it enters; returns the
/// number of edges redirected.
pub fn run(func: &mut Function) -> usize {
    if crate::passes::skipped(NAME) {
        return 0;
    }
    let mut total = 0;
    loop {
        let candidates = candidate_blocks(func);
        if candidates.is_empty() {
            return total;
        }
        let mut edits = Vec::new();
        for p in func.layout.blocks() {
            let Some(term) = func.layout.last_inst(p) else {
                continue;
            };
            let dests = func.dfg.insts[term]
                .branch_destination(&func.dfg.jump_tables, &func.dfg.exception_tables);
            if !matches!(func.dfg.insts[term].opcode(), Opcode::Jump | Opcode::Brif) {
                continue;
            }
            for (k, call) in dests.iter().enumerate() {
                let b = call.block(&func.dfg.value_lists);
                if b == p || !candidates.contains(&b) {
                    continue;
                }
                let args: Option<Vec<Value>> = call
                    .args(&func.dfg.value_lists)
                    .map(|a| match a {
                        BlockArg::Value(v) => Some(v),
                        _ => None,
                    })
                    .collect();
                if let Some(target) = args.and_then(|a| decide(func, b, &a)) {
                    edits.push((term, k, target));
                }
            }
        }
        if edits.is_empty() {
            return total;
        }
        total += edits.len();
        for (term, k, (target, args)) in edits {
            let dfg = &mut func.dfg;
            let dests = dfg.insts[term]
                .branch_destination_mut(&mut dfg.jump_tables, &mut dfg.exception_tables);
            let call = &mut dests[k];
            call.set_block(target, &mut dfg.value_lists);
            call.clear(&mut dfg.value_lists);
            call.extend(args, &mut dfg.value_lists);
        }
    }
}

/// Blocks made only of integer constants and comparisons ending in a `brif`, none of whose
/// values is used outside the block.
fn candidate_blocks(func: &Function) -> HashSet<Block> {
    let mut shaped: HashSet<Block> = HashSet::new();
    for b in func.layout.blocks() {
        if Some(b) == func.layout.entry_block() {
            continue;
        }
        let insts: Vec<Inst> = func.layout.block_insts(b).collect();
        let Some((last, body)) = insts.split_last() else {
            continue;
        };
        let pure = body
            .iter()
            .all(|&i| matches!(func.dfg.insts[i].opcode(), Opcode::Iconst | Opcode::Icmp));
        if pure && func.dfg.insts[*last].opcode() == Opcode::Brif {
            shaped.insert(b);
        }
    }
    // Drop blocks whose values (results or parameters) are used in another block.
    let home = |v: Value| -> Block {
        match func.dfg.value_def(func.dfg.resolve_aliases(v)) {
            ValueDef::Result(i, _) => func.layout.inst_block(i).expect("placed instruction"),
            ValueDef::Param(b, _) => b,
            ValueDef::Union(..) => unreachable!("no unions before the egraph pass"),
        }
    };
    for b in func.layout.blocks() {
        for i in func.layout.block_insts(b) {
            let mut uses: Vec<Value> = func.dfg.inst_args(i).to_vec();
            for call in func.dfg.insts[i]
                .branch_destination(&func.dfg.jump_tables, &func.dfg.exception_tables)
            {
                uses.extend(
                    call.args(&func.dfg.value_lists)
                        .filter_map(|a| a.as_value()),
                );
            }
            for v in uses {
                let h = home(v);
                if h != b {
                    shaped.remove(&h);
                }
            }
        }
    }
    shaped
}

/// The target (block and arguments) the `brif` ending `b` takes when entered with `args`, if
/// the arguments decide it and the target's arguments can be given at the edge.
fn decide(func: &Function, b: Block, args: &[Value]) -> Option<(Block, Vec<Value>)> {
    let params = func.dfg.block_params(b);
    if params.len() != args.len() {
        return None;
    }
    let param_arg: HashMap<Value, Value> =
        params.iter().copied().zip(args.iter().copied()).collect();
    let mut known: HashMap<Value, i64> = HashMap::new();
    let constant = |v: Value, known: &HashMap<Value, i64>| -> Option<i64> {
        let v = func.dfg.resolve_aliases(v);
        let v = param_arg
            .get(&v)
            .map_or(v, |a| func.dfg.resolve_aliases(*a));
        if let Some(c) = known.get(&v) {
            return Some(*c);
        }
        match func.dfg.value_def(v) {
            ValueDef::Result(i, 0) => match func.dfg.insts[i] {
                InstructionData::UnaryImm {
                    opcode: Opcode::Iconst,
                    imm,
                } => Some(normalize(imm.bits(), func.dfg.value_type(v).bits())),
                _ => None,
            },
            _ => None,
        }
    };
    let term = func.layout.last_inst(b)?;
    for i in func.layout.block_insts(b) {
        let result = func.dfg.inst_results(i).first().copied();
        let value = match func.dfg.insts[i] {
            InstructionData::UnaryImm { imm, .. } => {
                let bits = func.dfg.value_type(result?).bits();
                Some(normalize(imm.bits(), bits))
            }
            InstructionData::IntCompare {
                cond, args: [x, y], ..
            } => {
                let bits = func.dfg.value_type(x).bits();
                match (constant(x, &known), constant(y, &known)) {
                    (Some(x), Some(y)) => Some(compare(cond, x, y, bits) as i64),
                    _ => None,
                }
            }
            InstructionData::Brif { arg, blocks, .. } if i == term => {
                let taken = blocks[if constant(arg, &known)? != 0 { 0 } else { 1 }];
                let target = taken.block(&func.dfg.value_lists);
                if target == b {
                    return None;
                }
                let mut out = Vec::new();
                for a in taken.args(&func.dfg.value_lists) {
                    let v = func.dfg.resolve_aliases(a.as_value()?);
                    let defined_here = matches!(func.dfg.value_def(v),
                        ValueDef::Result(d, _) if func.layout.inst_block(d) == Some(b));
                    match param_arg.get(&v) {
                        Some(arg) => out.push(*arg),
                        None if defined_here => return None,
                        None => out.push(v),
                    }
                }
                return Some((target, out));
            }
            _ => return None,
        };
        if let (Some(r), Some(c)) = (result, value) {
            known.insert(r, c);
        }
    }
    None
}

/// `v`'s low `bits` bits, sign-extended.
fn normalize(v: i64, bits: u32) -> i64 {
    if bits >= 64 {
        v
    } else {
        let shift = 64 - bits;
        (v << shift) >> shift
    }
}

/// `x cond y` on `bits`-wide integers given sign-extended.
fn compare(cond: IntCC, x: i64, y: i64, bits: u32) -> bool {
    let mask = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let (ux, uy) = (x as u64 & mask, y as u64 & mask);
    match cond {
        IntCC::Equal => x == y,
        IntCC::NotEqual => x != y,
        IntCC::SignedLessThan => x < y,
        IntCC::SignedLessThanOrEqual => x <= y,
        IntCC::SignedGreaterThan => x > y,
        IntCC::SignedGreaterThanOrEqual => x >= y,
        IntCC::UnsignedLessThan => ux < uy,
        IntCC::UnsignedLessThanOrEqual => ux <= uy,
        IntCC::UnsignedGreaterThan => ux > uy,
        IntCC::UnsignedGreaterThanOrEqual => ux >= uy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cranelift_codegen::ir::{types, AbiParam, InstBuilder, Signature, UserFuncName};
    use cranelift_codegen::isa::CallConv;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    /// `status = x ? 0 : 1; if status != 0 { return 10 + use } else { return 20 }`, where
    /// `use_param` makes the error block read the status (so it must not be threaded).
    fn status_merge(use_param: bool) -> Function {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I64));
        sig.returns.push(AbiParam::new(types::I32));
        let mut func = Function::with_name_signature(UserFuncName::user(0, 0), sig);
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let [entry, ok, bad, merge, error, go_on] = [(); 6].map(|_| b.create_block());
        b.append_block_params_for_function_params(entry);
        let status = b.append_block_param(merge, types::I32);
        b.switch_to_block(entry);
        let x = b.block_params(entry)[0];
        b.ins().brif(x, ok, &[], bad, &[]);
        b.switch_to_block(ok);
        let zero = b.ins().iconst(types::I32, 0);
        b.ins().jump(merge, &[zero.into()]);
        b.switch_to_block(bad);
        let one = b.ins().iconst(types::I32, 1);
        b.ins().jump(merge, &[one.into()]);
        b.switch_to_block(merge);
        let z = b.ins().iconst(types::I32, 0);
        let failed = b.ins().icmp(IntCC::NotEqual, status, z);
        b.ins().brif(failed, error, &[], go_on, &[]);
        b.switch_to_block(error);
        let ten = b.ins().iconst(types::I32, 10);
        let r = if use_param {
            b.ins().iadd(ten, status)
        } else {
            ten
        };
        b.ins().return_(&[r]);
        b.switch_to_block(go_on);
        let twenty = b.ins().iconst(types::I32, 20);
        b.ins().return_(&[twenty]);
        b.seal_all_blocks();
        let flags = cranelift_codegen::settings::Flags::new(cranelift_codegen::settings::builder());
        let isa = cranelift_native::builder().unwrap().finish(flags).unwrap();
        b.finalize(isa.frontend_config());
        func
    }

    /// The block each block's terminator jumps to (single-destination jumps only).
    fn jump_targets(func: &Function) -> Vec<Block> {
        func.layout
            .blocks()
            .filter_map(|b| {
                let t = func.layout.last_inst(b)?;
                match func.dfg.insts[t] {
                    InstructionData::Jump { destination, .. } => {
                        Some(destination.block(&func.dfg.value_lists))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    #[test]
    fn constant_status_edges_go_straight_to_their_target() {
        let mut func = status_merge(false);
        let blocks: Vec<Block> = func.layout.blocks().collect();
        let (error, go_on) = (blocks[4], blocks[5]);
        assert_eq!(run(&mut func), 2);
        // `ok` (status 0) now jumps to `go_on`, `bad` (status 1) to `error`.
        assert_eq!(jump_targets(&func), vec![go_on, error]);
        cranelift_codegen::verify_function(
            &func,
            &cranelift_codegen::settings::Flags::new(cranelift_codegen::settings::builder()),
        )
        .unwrap();
    }

    #[test]
    fn blocks_whose_values_are_used_elsewhere_are_kept() {
        let mut func = status_merge(true);
        let merge = func.layout.blocks().nth(3).unwrap();
        assert_eq!(run(&mut func), 0);
        assert_eq!(jump_targets(&func), vec![merge, merge]);
    }
}
