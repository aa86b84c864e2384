//! `t[i]` with an index known only at run time, for tuples whose items share one type
//! (`for x in t`, `*args` loops): Python's wrap of a negative index, `IndexError: tuple index
//! out of range` past either end, then each component of the item picked by a chain of
//! selects over the items (tuples are short; no memory round trip).

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::ir::ValueId;
use crate::types::{components, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    /// Item `index` (a run-time int) of the tuple `v` of `n` items of one type.
    pub(super) fn tuple_item_at(
        &mut self,
        v: ValueId,
        index: ValueId,
        n: usize,
    ) -> Result<Vec<Value>> {
        let Type::Tuple(items) = self.ty(v).clone() else {
            return Err(CompileError::internal(
                "codegen",
                "tuple item of a non-tuple",
            ));
        };
        let Some(first) = items.first() else {
            return Err(CompileError::internal("codegen", "item of an empty tuple"));
        };
        let width = components(first).len();
        let all = self.val(v)?;
        let i = self.int_value(index)?;
        let len = self.b.ins().iconst(types::I64, n as i64);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let wrapped = self.b.ins().iadd(i, len);
        let i = self.b.ins().select(negative, wrapped, i);
        let out = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
        self.raise_if(out, RtError::IndexError, "tuple index out of range")?;
        let mut vals = Vec::with_capacity(width);
        for c in 0..width {
            let mut x = all[(n - 1) * width + c];
            for k in (0..n - 1).rev() {
                let is_k = self.b.ins().icmp_imm_s(IntCC::Equal, i, k as i64);
                x = self.b.ins().select(is_k, all[k * width + c], x);
            }
            vals.push(x);
        }
        Ok(vals)
    }
}
