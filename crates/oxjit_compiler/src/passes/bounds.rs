//! Bounds-check elimination. Indexing starts fully checked (`WrapAndCheck`); this pass lowers
//! the check where the loop structure proves it redundant:
//! inside `for i in range(start, stop)` with a literal positive step and `start >= 0` a literal,
//! an index that is exactly `i` is non-negative (`Check`); if moreover `stop` is `len(a)` or
//! `a.shape[0]` of the very array indexed, and neither that array variable nor `i` is assigned in
//! the loop body, the index is in range (`None`).

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::ir::*;
use crate::types::Callable;
use crate::types::Type;

pub fn eliminate(f: &mut TypedFunction) -> Result<()> {
    let loops = f.ir.range_loops.clone();
    for lp in &loops {
        let Some(target) = lp.target else { continue };
        if lp.const_step.is_none_or(|s| s <= 0) {
            continue;
        }
        let start_nonneg = stored_const(f, lp.start).is_some_and(|s| s >= 0);
        if !start_nonneg {
            continue;
        }
        let bound_array = stop_array(f, lp.stop);
        // Variables assigned inside the loop body (other than by the loop header itself).
        let mut assigned = Vec::new();
        for b in &lp.blocks {
            for inst in &f.ir.blocks[b.0 as usize].insts {
                if let InstKind::Store(v, _) = inst.kind {
                    if v != lp.counter && !(v == target && is_counter_copy(f, inst, lp.counter)) {
                        assigned.push(v);
                    }
                }
            }
        }
        if assigned.contains(&target) {
            continue;
        }
        for b in lp.blocks.clone() {
            let block = &f.ir.blocks[b.0 as usize];
            let mut updates = Vec::new();
            for (ii, inst) in block.insts.iter().enumerate() {
                let (value, index) = match &inst.kind {
                    InstKind::GetItem { value, index, .. } => (*value, index),
                    InstKind::SetItem { value, index, .. } => (*value, index),
                    _ => continue,
                };
                if index.is_empty() || !loads_var(f, index[0], target) {
                    continue;
                }
                let in_range = match (bound_array, load_of(f, value)) {
                    (Some(arr), Some(v)) => v == arr && !assigned.contains(&arr),
                    _ => false,
                };
                updates.push((ii, if in_range { IndexCheck::None } else { IndexCheck::Check }));
            }
            for (ii, mode) in updates {
                match &mut f.ir.blocks[b.0 as usize].insts[ii].kind {
                    InstKind::GetItem { check, .. } | InstKind::SetItem { check, .. } => {
                        check[0] = mode;
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

fn def_kind(f: &TypedFunction, v: ValueId) -> Option<&InstKind> {
    f.def(v).map(|i| &i.kind)
}

fn loads_var(f: &TypedFunction, v: ValueId, var: VarId) -> bool {
    matches!(def_kind(f, v), Some(InstKind::Load(x)) if *x == var)
}

fn load_of(f: &TypedFunction, v: ValueId) -> Option<VarId> {
    match def_kind(f, v) {
        Some(InstKind::Load(x)) => Some(*x),
        _ => None,
    }
}

fn is_counter_copy(f: &TypedFunction, inst: &Inst, counter: VarId) -> bool {
    matches!(&inst.kind, InstKind::Store(_, v) if loads_var(f, *v, counter))
}

/// The single value ever stored into a hidden variable, if it is a constant.
fn stored_const(f: &TypedFunction, var: VarId) -> Option<i64> {
    let mut found = None;
    for b in &f.ir.blocks {
        for inst in &b.insts {
            if let InstKind::Store(v, val) = inst.kind {
                if v == var {
                    if found.is_some() {
                        return None;
                    }
                    found = Some(f.const_int(val));
                }
            }
        }
    }
    found.flatten()
}

/// If the loop's stop is `len(a)` or `a.shape[0]` of a variable `a`, that variable.
fn stop_array(f: &TypedFunction, stop: VarId) -> Option<VarId> {
    let mut stored = None;
    for b in &f.ir.blocks {
        for inst in &b.insts {
            if let InstKind::Store(v, val) = inst.kind {
                if v == stop {
                    stored = Some(val);
                }
            }
        }
    }
    let val = stored?;
    match def_kind(f, val)? {
        InstKind::Call { func, args, .. } if args.len() == 1 => {
            let is_len = matches!(f.ty(*func), Type::Function(Callable::Builtin(n)) if n == "len");
            if is_len && matches!(f.ty(args[0]), Type::Array { .. }) {
                load_of(f, args[0])
            } else {
                None
            }
        }
        InstKind::GetItem { value, index, .. } if index.len() == 1 => {
            if f.const_int(index[0]) != Some(0) {
                return None;
            }
            match def_kind(f, *value)? {
                InstKind::Attr(arr, name) if name == "shape" => load_of(f, *arr),
                _ => None,
            }
        }
        _ => None,
    }
}
