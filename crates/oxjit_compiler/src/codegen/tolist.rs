//! `a.tolist()`: a 1-D array as a new list of Python scalars, a 2-D array as a list of row
//! lists (NumPy's nesting), in any layout; and the list of a 1-D array's items that `list(a)`
//! and `set(a)` build. Items are widened as list items are (small ints to
//! int64); float32 items become floats, as NumPy's `tolist` gives Python floats.

use super::lists::elem_of;
use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::heap::list_layout as layout;
use crate::ir::ValueId;
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{types, InstBuilder, Value};

impl FunctionTranslator<'_, '_, '_> {
    /// `a.tolist()` into `r` (typed `list[T]` or `list[list[T]]` by inference).
    pub(super) fn array_tolist(&mut self, r: ValueId, a: ValueId) -> Result<()> {
        let Type::Array { dtype, ndim, .. } = self.ty(a).clone() else {
            return Err(CompileError::internal("codegen", "`tolist` of a non-array"));
        };
        let out = self.ty(r).clone();
        let (p, _, _) = self.array_parts(a)?;
        let m = if ndim == 1 {
            let item = elem_of(&out)?.clone();
            self.list_of_items(p.data, p.shape[0], p.strides[0], dtype, &item)?
        } else {
            let row = elem_of(&out)?.clone();
            let item = elem_of(&row)?.clone();
            let (w, schema) = layout(&row);
            let outer = self.new_list(w, schema, p.shape[0])?;
            let base = self.list_items(outer);
            let (cols, col_stride) = (p.shape[1], p.strides[1]);
            self.counted_loop(p.shape[0], |s, i| {
                let off = s.b.ins().imul(i, p.strides[0]);
                let row_data = s.b.ins().iadd(p.data, off);
                let inner = s.list_of_items(row_data, cols, col_stride, dtype, &item)?;
                let at = s.b.ins().imul_imm_s(i, 8);
                let dst = s.b.ins().iadd(base, at);
                s.b.ins().store(s.mf, inner, dst, 0);
                Ok(())
            })?;
            outer
        };
        self.set_owned(r, vec![m]);
        Ok(())
    }

    /// A new list of the `n` items at `data`, `stride` bytes apart, as list items of type
    /// `item` (also `list(a)` and `set(a)` of a 1-D array).
    pub(super) fn list_of_items(
        &mut self,
        data: Value,
        n: Value,
        stride: Value,
        dtype: Dtype,
        item: &Type,
    ) -> Result<Value> {
        let (w, schema) = layout(item);
        let m = self.new_list(w, schema, n)?;
        let base = self.list_items(m);
        self.counted_loop(n, |s, k| {
            let off = s.b.ins().imul(k, stride);
            let src = s.b.ins().iadd(data, off);
            let mut x = s.load_element(src, dtype);
            if dtype == Dtype::Float32 && *item == Type::Float {
                x = s.b.ins().fpromote(types::F64, x);
            }
            let at = s.b.ins().imul_imm_s(k, 8);
            let dst = s.b.ins().iadd(base, at);
            s.b.ins().store(s.mf, x, dst, 0);
            Ok(())
        })?;
        Ok(m)
    }
}
