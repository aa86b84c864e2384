//! `a[t]` and `a[t] = x` with a tuple `t` of ints (`for idx in numpy.ndindex(a.shape): a[idx]`):
//! typing takes the tuple's items as the index, and after typing each such index is spelled
//! out as its items (`t[0], t[1], ...`), so that later passes and codegen only see the
//! component form.

use super::TypedFunction;
use crate::ir::{Const, Inst, InstKind, ValueId};
use crate::types::Type;

/// The items of a tuple that indexes an array as its components: every item an int.
pub(super) fn index_items(t: &Type) -> Option<&[Type]> {
    match t {
        Type::Tuple(items) if !items.is_empty() && items.iter().all(|t| *t == Type::Int) => {
            Some(items)
        }
        _ => None,
    }
}

/// Spell out every array index that is a tuple of ints as its items.
pub(super) fn expand(f: &mut TypedFunction) {
    // `a[t, ...]` with the multi-index `t` of a `numpy.nditer` loop (`super::ellipsis`).
    let ellipses = super::ellipsis::ellipses(f);
    let mut changed = false;
    for bi in 0..f.ir.blocks.len() {
        let insts = std::mem::take(&mut f.ir.blocks[bi].insts);
        let mut out = Vec::with_capacity(insts.len());
        for mut inst in insts {
            let (value, index, check) = match &mut inst.kind {
                InstKind::GetItem {
                    value,
                    index,
                    check,
                }
                | InstKind::SetItem {
                    value,
                    index,
                    check,
                    ..
                } => (*value, index, check),
                _ => {
                    out.push(inst);
                    continue;
                }
            };
            let is_array = matches!(f.value_types[value.0 as usize], Type::Array { .. });
            let items = match index.as_slice() {
                [t] if is_array => index_items(&f.value_types[t.0 as usize]).map(|i| i.len()),
                [t, e] if is_array && ellipses.contains(e) => {
                    index_items(&f.value_types[t.0 as usize]).map(|i| i.len())
                }
                _ => None,
            };
            let Some(n) = items else {
                out.push(inst);
                continue;
            };
            let tuple = index[0];
            let mode = check[0];
            let mut comps = Vec::with_capacity(n);
            for k in 0..n {
                let c = new_value(f, Type::Int);
                out.push(Inst {
                    result: c,
                    kind: InstKind::Const(Const::Int(k as i64)),
                    span: inst.span,
                });
                let item = new_value(f, Type::Int);
                out.push(Inst {
                    result: item,
                    kind: InstKind::GetItem {
                        value: tuple,
                        index: vec![c],
                        check: vec![crate::ir::IndexCheck::None],
                    },
                    span: inst.span,
                });
                comps.push(item);
            }
            if let InstKind::GetItem { index, check, .. } | InstKind::SetItem { index, check, .. } =
                &mut inst.kind
            {
                let rest = index[1..].to_vec();
                let rest_check = check[1..].to_vec();
                *index = comps;
                *check = vec![mode; n];
                index.extend(rest);
                check.extend(rest_check);
            }
            out.push(inst);
            changed = true;
        }
        f.ir.blocks[bi].insts = out;
    }
    if changed {
        crate::passes::rebuild_defs(f);
    }
}

fn new_value(f: &mut TypedFunction, ty: Type) -> ValueId {
    crate::passes::new_value(f, ty)
}
