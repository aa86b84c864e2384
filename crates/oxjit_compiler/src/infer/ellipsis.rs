//! `...` in array subscripts (`a[..., 0]`, `a[i, ...]`, `out[...] = x`): typing reads the
//! index with the ellipsis spelled out as whole-axis slices for the axes the other parts
//! leave, and after typing [`expand`] rewrites each such index into that form, so that later
//! passes and codegen only see ordinary slices.

use super::{Inference, TypedFunction};
use crate::error::{CompileError, Result, Span};
use crate::ir::{IndexCheck, Inst, InstKind, ValueId};
use crate::types::{Dtype, Type};
use std::collections::HashSet;

/// How many axes of the indexed array one index part uses (`None` adds one, a boolean mask
/// uses its own number of axes, the ellipsis none).
fn axes_used(t: &Type) -> usize {
    match t {
        Type::None => 0,
        Type::Array {
            dtype: Dtype::Bool,
            ndim,
            ..
        } => *ndim as usize,
        _ => 1,
    }
}

/// The number of whole-axis slices `...` stands for in `index` of an `ndim`-axis array
/// (0 when the other parts already use every axis or more: the "too many indices" error is
/// the ordinary one).
fn width(ndim: u8, parts: &[Type], dots: usize) -> usize {
    let used: usize = parts
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != dots)
        .map(|(_, t)| axes_used(t))
        .sum();
    (ndim as usize).saturating_sub(used)
}

/// The error for `...` in the subscript of something other than an array.
pub(super) fn not_an_array(target: &Type, span: Span) -> CompileError {
    CompileError::typing(format!("`...` can only index arrays, not `{target}`"), span)
}

impl Inference<'_> {
    fn is_ellipsis(&self, v: ValueId) -> bool {
        matches!(
            self.defs[v.0 as usize].map(|i| &i.kind),
            Some(InstKind::Ellipsis)
        )
    }

    /// The types of an array subscript's parts, `...` spelled out as whole-axis slices.
    pub(super) fn index_parts(
        &self,
        arr: &Type,
        index: &[ValueId],
        span: Span,
    ) -> Result<Vec<Type>> {
        let parts: Vec<Type> = index.iter().map(|v| self.ty(*v).clone()).collect();
        let Some(dots) = index.iter().position(|v| self.is_ellipsis(*v)) else {
            return Ok(parts);
        };
        let Type::Array { ndim, .. } = arr else {
            return Err(not_an_array(arr, span));
        };
        // A multi-index the lowering made (`numpy.nditer`) stands for its items.
        let mut spread = Vec::with_capacity(parts.len());
        let mut dots = dots;
        for (k, (v, t)) in index.iter().zip(parts).enumerate() {
            match t {
                Type::Tuple(items) if self.is_unravel(*v) => {
                    if k < dots {
                        dots += items.len() - 1;
                    }
                    spread.extend(items);
                }
                Type::Tuple(_) => {
                    return Err(CompileError::unsupported(
                        "a tuple inside an index with `...` is not supported (NumPy reads it as an index array)",
                        span,
                    ))
                }
                t => spread.push(t),
            }
        }
        let parts = spread;
        let n = width(*ndim, &parts, dots);
        let mut out = parts[..dots].to_vec();
        out.extend(std::iter::repeat_n(Type::Slice, n));
        out.extend_from_slice(&parts[dots + 1..]);
        Ok(out)
    }

    fn is_unravel(&self, v: ValueId) -> bool {
        matches!(
            self.defs[v.0 as usize].map(|i| &i.kind),
            Some(InstKind::Unravel(..))
        )
    }

    /// The type of `a[index]` (an array of `dtype`) when the index has `...`: indexing every
    /// axis with an int gives a 0-d view, not a scalar (`a[1, 2, ...]`).
    pub(super) fn ellipsis_result(&self, index: &[ValueId], dtype: Dtype, t: Type) -> Type {
        match t {
            Type::Array { .. } => t,
            _ if self.has_ellipsis(index) => Type::array(dtype, 0, crate::types::Layout::C),
            t => t,
        }
    }

    /// Whether a subscript has `...` among its parts.
    pub(super) fn has_ellipsis(&self, index: &[ValueId]) -> bool {
        index.iter().any(|v| self.is_ellipsis(*v))
    }
}

/// The values that are `...` in the function.
pub(super) fn ellipses(f: &TypedFunction) -> HashSet<ValueId> {
    f.ir.blocks
        .iter()
        .flat_map(|b| &b.insts)
        .filter(|i| matches!(i.kind, InstKind::Ellipsis))
        .map(|i| i.result)
        .collect()
}

/// Replace every `...` of an array subscript by the whole-axis slices it stands for.
pub(super) fn expand(f: &mut TypedFunction) {
    let ellipses = ellipses(f);
    if ellipses.is_empty() {
        return;
    }
    let mut changed = false;
    for bi in 0..f.ir.blocks.len() {
        let insts = std::mem::take(&mut f.ir.blocks[bi].insts);
        let mut out = Vec::with_capacity(insts.len());
        for mut inst in insts {
            let (value, index) = match &inst.kind {
                InstKind::GetItem { value, index, .. } | InstKind::SetItem { value, index, .. } => {
                    (*value, index)
                }
                _ => {
                    out.push(inst);
                    continue;
                }
            };
            let dots = index.iter().position(|v| ellipses.contains(v));
            let (Some(dots), Type::Array { ndim, .. }) = (dots, &f.value_types[value.0 as usize])
            else {
                out.push(inst);
                continue;
            };
            let parts: Vec<Type> = index
                .iter()
                .map(|v| f.value_types[v.0 as usize].clone())
                .collect();
            let n = width(*ndim, &parts, dots);
            let mut slices = Vec::with_capacity(n);
            for _ in 0..n {
                let s = crate::passes::new_value(f, Type::Slice);
                out.push(Inst {
                    result: s,
                    kind: InstKind::Slice(None, None, None),
                    span: inst.span,
                });
                slices.push(s);
            }
            if let InstKind::GetItem { index, check, .. } | InstKind::SetItem { index, check, .. } =
                &mut inst.kind
            {
                index.splice(dots..=dots, slices);
                check.splice(dots..=dots, std::iter::repeat_n(IndexCheck::None, n));
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
