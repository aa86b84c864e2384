//! Records and record arrays in codegen (`crate::records`, typed by `infer::records`).
//! A record is `{meminfo, address}`: the array's `MemInfo` word, borrowed for its read-only
//! tag, and the address of the record's first byte. `a[i, j]` on a record array computes that
//! address with the array code's bounds checks; `r.x` / `r['x']` load the field at its byte
//! offset (widened as array elements are), writes store it with NumPy's casting (and the
//! read-only check); `a['x']` is a view sharing the meminfo: data + offset, same shape and
//! strides. Field-name literals make no string object.

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::{CompileError, Result};
use crate::infer::records::{record_array, FieldRef};
use crate::ir::{Inst, InstKind, ValueId};
use crate::types::Type;
use cranelift_codegen::ir::{types, InstBuilder, Value};

impl FunctionTranslator<'_, '_, '_> {
    fn field_ref(&self, r: ValueId) -> Result<FieldRef> {
        self.tf
            .records
            .get(&r)
            .copied()
            .ok_or_else(|| CompileError::internal("codegen", "a record field was not resolved"))
    }

    /// The meminfo and address of a record value.
    fn record_parts(&mut self, v: ValueId) -> Result<(Value, Value)> {
        let vals = self.val(v)?;
        match vals.as_slice() {
            [m, p] => Ok((*m, *p)),
            _ => Err(CompileError::internal("codegen", "a record is two words")),
        }
    }

    fn field_load(&mut self, rec: ValueId, f: FieldRef) -> Result<Value> {
        let (_, p) = self.record_parts(rec)?;
        let addr = self.b.ins().iadd_imm_s(p, f.offset);
        Ok(self.load_element(addr, f.dtype))
    }

    fn field_store(&mut self, rec: ValueId, f: FieldRef, item: ValueId) -> Result<()> {
        let (m, p) = self.record_parts(rec)?;
        self.check_writable(m)?;
        let addr = self.b.ins().iadd_imm_s(p, f.offset);
        let x = self.scalar(item)?;
        let from = self.ty(item).clone();
        self.check_weak_int(x, &from, f.dtype)?;
        self.store_element(addr, f.dtype, x, &from)
    }

    /// Copy `n` bytes from `src` to `dst` (records: `n` is at most `infer::records::MAX_COPY`):
    /// every load before any store, so a record copied onto itself (or any overlap) is exact.
    fn copy_bytes(&mut self, dst: Value, src: Value, n: i64) {
        let mut chunks = Vec::new();
        let mut at = 0i64;
        for (size, ty) in [
            (8, types::I64),
            (4, types::I32),
            (2, types::I16),
            (1, types::I8),
        ] {
            while n - at >= size {
                let v = self.b.ins().load(ty, self.mf, src, at as i32);
                chunks.push((v, at));
                at += size;
            }
        }
        for (v, at) in chunks {
            self.b.ins().store(self.mf, v, dst, at as i32);
        }
    }

    /// Instructions on records and record arrays; false when `inst` is not one.
    pub(super) fn record_inst(&mut self, inst: &Inst) -> Result<bool> {
        let r = inst.result;
        match &inst.kind {
            // A field name: nothing at run time (its only readers are the accesses below).
            InstKind::Str(_) | InstKind::Global(_) if self.tf.field_keys.contains(&r) => {
                let null = self.b.ins().iconst(types::I64, 0);
                self.set_plain(r, vec![null]);
            }
            InstKind::Attr(v, _) | InstKind::GetItem { value: v, .. }
                if matches!(self.ty(*v), Type::Record(_)) =>
            {
                let f = self.field_ref(r)?;
                let x = self.field_load(*v, f)?;
                self.set_plain(r, vec![x]);
            }
            InstKind::SetAttr { obj: v, value, .. }
            | InstKind::SetItem {
                value: v,
                item: value,
                ..
            } if matches!(self.ty(*v), Type::Record(_)) => {
                let f = self.field_ref(r)?;
                self.field_store(*v, f, *value)?;
                self.set_plain(r, Vec::new());
            }
            InstKind::SetItem {
                value,
                index,
                check,
                item,
            } if matches!(self.ty(*item), Type::Record(_))
                && record_array(self.ty(*value)).is_some() =>
            {
                self.check_writable_value(*value)?;
                let (_, src) = self.record_parts(*item)?;
                let (parts, dtype, layout) = self.array_parts(*value)?;
                let off = self.element_offset(&parts, dtype, layout, index, check)?;
                let dst = self.b.ins().iadd(parts.data, off);
                self.copy_bytes(dst, src, dtype.itemsize());
                self.set_plain(r, Vec::new());
            }
            InstKind::GetItem {
                value,
                index,
                check,
            } if record_array(self.ty(*value)).is_some() => {
                if let Some(f) = self.tf.records.get(&r).copied() {
                    // `a['x']`: a view of one field (borrowed, as other views are).
                    let (parts, _, _) = self.array_parts(*value)?;
                    let data = self.b.ins().iadd_imm_s(parts.data, f.offset);
                    let view = ArrayParts { data, ..parts };
                    self.set_plain(r, view.into_vals());
                } else if matches!(self.ty(r), Type::Record(_)) {
                    let (parts, dtype, layout) = self.array_parts(*value)?;
                    let off = self.element_offset(&parts, dtype, layout, index, check)?;
                    let addr = self.b.ins().iadd(parts.data, off);
                    self.set_plain(r, vec![parts.meminfo, addr]);
                } else {
                    // Sub-arrays and slices: the array code's views.
                    return Ok(false);
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
