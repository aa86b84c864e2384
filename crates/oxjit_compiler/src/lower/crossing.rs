//! Keeps values inside their block (the IR's rule, see [`crate::ir`]).
//!
//! Lowering evaluates an expression's operands left to right in the current block; when a later
//! operand becomes control flow (`x if c else y`, `a and b`, `a < b < c`), the earlier operands
//! were defined in a block that has been left. This step gives each such use a definition in
//! the using block:
//! - names, attributes of names and constants (compile-time values such as `numpy.sqrt` among
//!   them) are evaluated again there (they have no effects and read nothing an operand can change);
//! - anything else is stored into a hidden variable right after its definition and loaded just
//!   before its use. The defining block dominates the use, so the variable is always assigned,
//!   and the variable owns a reference to an array value for as long as it is needed.

use crate::ir::{Function, Inst, InstKind, Terminator, ValueId, VarId, VarInfo};
use std::collections::HashMap;

/// Rewrite every use of a value outside its defining block (see the module doc).
pub fn localise(f: &mut Function) {
    let mut def: HashMap<ValueId, (usize, Inst)> = HashMap::new();
    for (bi, b) in f.blocks.iter().enumerate() {
        for inst in &b.insts {
            def.insert(inst.result, (bi, inst.clone()));
        }
    }
    let mut spilled: HashMap<ValueId, VarId> = HashMap::new();
    for bi in 0..f.blocks.len() {
        let mut out: Vec<Inst> = Vec::with_capacity(f.blocks[bi].insts.len());
        let insts = std::mem::take(&mut f.blocks[bi].insts);
        for mut inst in insts {
            let span = inst.span;
            for operand in inst.kind.operands_mut() {
                if def.get(operand).is_some_and(|(b, _)| *b != bi) {
                    *operand = localised(f, &def, &mut spilled, *operand, &mut out, span);
                }
            }
            out.push(inst);
        }
        let mut term = std::mem::replace(&mut f.blocks[bi].term, Terminator::Unterminated);
        let span = out.last().map(|i| i.span);
        match &mut term {
            Terminator::Branch { cond: v, .. } | Terminator::Return(v, _) => {
                if def.get(v).is_some_and(|(b, _)| *b != bi) {
                    let span = span.unwrap_or(def[v].1.span);
                    *v = localised(f, &def, &mut spilled, *v, &mut out, span);
                }
            }
            Terminator::Jump(_) | Terminator::Raise(_) | Terminator::Unterminated => {}
        }
        f.blocks[bi].insts = out;
        f.blocks[bi].term = term;
    }
    // The stores of spilled values, right after their definitions (in value order, so that
    // lowering stays deterministic).
    let mut spilled: Vec<(ValueId, VarId)> = spilled.into_iter().collect();
    spilled.sort();
    for (value, var) in spilled {
        let (bi, inst) = &def[&value];
        let block = &mut f.blocks[*bi];
        let pos = block
            .insts
            .iter()
            .position(|i| i.result == value)
            .map_or(block.insts.len(), |p| p + 1);
        let result = fresh(f);
        f.blocks[*bi].insts.insert(
            pos,
            Inst {
                result,
                kind: InstKind::Store(var, value),
                span: inst.span,
            },
        );
    }
}

fn fresh(f: &mut Function) -> ValueId {
    let v = ValueId(f.value_count);
    f.value_count += 1;
    v
}

/// Can the definition be evaluated again in another block with the same result?
fn rematerialisable(f: &Function, def: &HashMap<ValueId, (usize, Inst)>, v: ValueId) -> bool {
    match &def[&v].1.kind {
        InstKind::Const(_) | InstKind::Global(_) => true,
        InstKind::Load(var) => !f.vars[var.0 as usize].synthetic,
        InstKind::Attr(base, _) => rematerialisable(f, def, *base),
        _ => false,
    }
}

/// A value equal to `v`, defined in the block being rebuilt (`out`).
fn localised(
    f: &mut Function,
    def: &HashMap<ValueId, (usize, Inst)>,
    spilled: &mut HashMap<ValueId, VarId>,
    v: ValueId,
    out: &mut Vec<Inst>,
    span: crate::error::Span,
) -> ValueId {
    if rematerialisable(f, def, v) {
        let mut kind = def[&v].1.kind.clone();
        if let InstKind::Attr(base, _) = &mut kind {
            *base = localised(f, def, spilled, *base, out, span);
        }
        let result = fresh(f);
        out.push(Inst { result, kind, span });
        return result;
    }
    let var = *spilled.entry(v).or_insert_with(|| {
        f.vars.push(VarInfo {
            name: format!("$operand{}", f.vars.len()),
            synthetic: true,
        });
        VarId(f.vars.len() as u32 - 1)
    });
    let result = fresh(f);
    out.push(Inst {
        result,
        kind: InstKind::Load(var),
        span,
    });
    result
}

/// Blocks, for tests: the block each value is defined in.
#[cfg(test)]
fn def_blocks(f: &Function) -> HashMap<ValueId, crate::ir::BlockId> {
    let mut m = HashMap::new();
    for (bi, b) in f.blocks.iter().enumerate() {
        for i in &b.insts {
            m.insert(i.result, crate::ir::BlockId(bi as u32));
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::lower_source;
    use crate::FunctionSource;

    fn lowered(text: &str) -> Function {
        lower_source(&FunctionSource {
            text: text.to_string(),
            filename: "<test>".into(),
            first_line: 1,
            col_offset: 0,
        })
        .unwrap()
    }

    fn uses_stay_in_their_block(f: &Function) {
        let defs = def_blocks(f);
        for (bi, b) in f.blocks.iter().enumerate() {
            for inst in &b.insts {
                for v in inst.kind.operands() {
                    assert_eq!(
                        defs[&v],
                        crate::ir::BlockId(bi as u32),
                        "v{} in block{bi}:\n{f}",
                        v.0
                    );
                }
            }
        }
    }

    #[test]
    fn operands_before_conditional_expressions_are_localised() {
        for src in [
            "def f(a, b, c):\n    return a + (b if c > 0 else 2)\n",
            "def f(a, b, c):\n    return a < b < c, a <= b >= c\n",
            "def f(a, b, c):\n    return max(a, b and c)\n",
            "def f(a, b, c):\n    x = a * (b or c)\n    return x\n",
        ] {
            uses_stay_in_their_block(&lowered(src));
        }
    }
}
