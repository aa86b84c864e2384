//! Integer-array ("fancy") indexing with one integer index array among basic indices
//! (integers, slices, `None`): `a[idx]`, `a[:, idx]`, `a[0, :, idx]` read into a new
//! C-contiguous array, `a[...] = x` writes in place; and `a[mask]` with a boolean mask of the
//! array's shape.
//!
//! The basic indices are applied first, as a view that keeps the indexed axis whole
//! (`FunctionTranslator::view`); the index array then picks positions along that axis. NumPy
//! counts the integers as advanced indices too: when they and the array are adjacent, the
//! array's axes replace the indexed axis in place, otherwise they come first.

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::Result;
use crate::ir::{IndexCheck, ValueId};
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{types, InstBuilder, Value};
use oxjit_runtime::decls as rt;

/// Where an index array reads or writes.
struct Plan {
    /// The view of the basic indices, the indexed axis kept whole.
    view: ArrayParts,
    dtype: Dtype,
    /// The view's axis the index array picks along.
    axis: usize,
    /// The axis of the array itself (for `IndexError` messages).
    msg_axis: usize,
    /// Where the index array's axes go among the result's axes.
    at: usize,
    idx: ArrayParts,
    idt: Dtype,
}

impl Plan {
    /// The result's shape: the view's other axes with the index array's axes at `at`.
    fn shape(&self) -> Vec<Value> {
        let mut rest = self.view.shape.clone();
        rest.remove(self.axis);
        let mut out = rest[..self.at].to_vec();
        out.extend_from_slice(&self.idx.shape);
        out.extend_from_slice(&rest[self.at..]);
        out
    }
}

impl FunctionTranslator<'_, '_, '_> {
    fn fancy_plan(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
    ) -> Result<Plan> {
        let (_, dtype, _) = self.array_parts(value)?;
        let pos = index
            .iter()
            .position(|i| self.is_array(*i))
            .ok_or_else(|| super::state::internal("an index array"))?;
        let (idx, idt, _) = self.array_parts(index[pos])?;
        let view = self.view(value, index, check)?;
        let kind = |t: &Type| match t {
            Type::None | Type::Slice => 0, // basic
            Type::Array { .. } | Type::Int | Type::Bool => 1,
            _ => 2,
        };
        let kinds: Vec<u8> = index.iter().map(|i| kind(self.ty(*i))).collect();
        // The view's axes before the indexed one: one per slice and `None` before it.
        let axis = kinds[..pos].iter().filter(|k| **k == 0).count();
        let msg_axis = index[..pos]
            .iter()
            .filter(|i| *self.ty(**i) != Type::None)
            .count();
        let first = kinds.iter().position(|k| *k == 1).unwrap_or(pos);
        let last = kinds.iter().rposition(|k| *k == 1).unwrap_or(pos);
        let adjacent = kinds[first..=last].iter().all(|k| *k == 1);
        Ok(Plan {
            view,
            dtype,
            axis,
            msg_axis,
            at: if adjacent { axis } else { 0 },
            idx,
            idt,
        })
    }

    /// The address in `p.view` of the result element at `ix` (checking the index it reads).
    fn fancy_address(&mut self, p: &Plan, ix: &[Value]) -> Result<Value> {
        let m = p.idx.shape.len();
        let ia = self.address(p.idx.data, &p.idx.strides, &ix[p.at..p.at + m]);
        let i = self.load_element(ia, p.idt);
        let i = self.checked_index(i, p.view.shape[p.axis], p.msg_axis)?;
        let mut rest: Vec<Value> = ix[..p.at].to_vec();
        rest.extend_from_slice(&ix[p.at + m..]);
        rest.insert(p.axis, i);
        Ok(self.address(p.view.data, &p.view.strides, &rest))
    }

    /// Check every index of the integer array `idx` against an axis of length `len` (number
    /// `axis` in messages), before anything is written.
    pub(super) fn check_all_indices(
        &mut self,
        idx: &ArrayParts,
        idt: Dtype,
        len: Value,
        axis: usize,
    ) -> Result<()> {
        let (istrides, idata) = (idx.strides.clone(), idx.data);
        self.emit_nest(&idx.shape, &mut |s, jidx, _| {
            let ia = s.address(idata, &istrides, jidx);
            let i = s.load_element(ia, idt);
            s.checked_index(i, len, axis)?;
            Ok(())
        })
    }

    /// `a[index...]` with an index array (integer, or a boolean mask as the only index).
    pub fn fancy_get(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
    ) -> Result<Vec<Value>> {
        if let [mask] = index {
            if let Type::Array {
                dtype: Dtype::Bool, ..
            } = self.ty(*mask)
            {
                return self.mask_get(value, *mask);
            }
        }
        let p = self.fancy_plan(value, index, check)?;
        let shape = p.shape();
        let out = self.alloc_array(p.dtype, shape.clone(), None)?;
        let (odata, size, d) = (out[1], p.dtype.itemsize(), p.dtype);
        self.emit_nest(&shape, &mut |s, ix, k| {
            let a = s.fancy_address(&p, ix)?;
            let x = s.load_element(a, d);
            let o = s.b.ins().imul_imm_s(k, size);
            let oa = s.b.ins().iadd(odata, o);
            s.store_element(oa, d, x, &d.scalar())
        })?;
        Ok(out)
    }

    /// `a[index...] = x` with an integer index array: `x` is broadcast to the shape `a[index]`
    /// has and read in full (into a temporary, as NumPy does, since it may share `a`'s memory)
    /// before any element is written. Every index is checked before the first write; a
    /// repeated index keeps the last value, as NumPy's sequential order gives.
    pub fn fancy_set(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
        item: ValueId,
    ) -> Result<()> {
        let p = self.fancy_plan(value, index, check)?;
        let shape = p.shape();
        let (d, size) = (p.dtype, p.dtype.itemsize());
        let item_t = self.ty(item).clone();
        // The source: one scalar, or a C-contiguous temporary of the target's shape.
        let src = if item_t.is_number() {
            Err(self.scalar(item)?)
        } else {
            let l = self.lazy_of(item)?;
            self.check_broadcast_to(&l.shape, &shape)?;
            let tmp = self.alloc_array(d, shape.clone(), None)?;
            let tp = ArrayParts::from_vals(&tmp, shape.len());
            self.store_lazy(&tp, d, &l)?;
            Ok(tmp)
        };
        self.check_all_indices(&p.idx, p.idt, p.view.shape[p.axis], p.msg_axis)?;
        self.emit_nest(&shape, &mut |s, ix, k| {
            let dst = s.fancy_address(&p, ix)?;
            match &src {
                Err(x) => s.store_element(dst, d, *x, &item_t),
                Ok(tmp) => {
                    let o = s.b.ins().imul_imm_s(k, size);
                    let a = s.b.ins().iadd(tmp[1], o);
                    let x = s.load_element(a, d);
                    s.store_element(dst, d, x, &d.scalar())
                }
            }
        })?;
        if let Ok(tmp) = src {
            self.call_rt(&rt::DECREF, &[tmp[0]])?;
        }
        Ok(())
    }

    /// `a[mask]` (boolean, same shape): a 1-D copy of the selected elements in C order.
    fn mask_get(&mut self, value: ValueId, mask: ValueId) -> Result<Vec<Value>> {
        let (parts, dtype, _) = self.array_parts(value)?;
        let (ip, _, _) = self.array_parts(mask)?;
        self.check_same_shape(&parts.shape, &ip.shape)?;
        let count = self.count_true(&ip)?;
        let out = self.alloc_array(dtype, vec![count], None)?;
        let (odata, item) = (out[1], dtype.itemsize());
        let (ds, dd) = (parts.strides.clone(), parts.data);
        self.for_each_true(&ip, &mut |s, i, p| {
            let a = s.address(dd, &ds, i);
            let x = s.load_element(a, dtype);
            let off = s.b.ins().imul_imm_s(p, item);
            let oa = s.b.ins().iadd(odata, off);
            s.store_element(oa, dtype, x, &dtype.scalar())
        })?;
        Ok(out)
    }

    /// Run `body(index, k)` on each true element of the boolean array `mask`, in C order, `k`
    /// counting them from 0.
    pub(super) fn for_each_true(
        &mut self,
        mask: &ArrayParts,
        body: &mut super::values::NestBody<'_, Self>,
    ) -> Result<()> {
        let pos = self.b.declare_var(types::I64);
        let z = self.b.ins().iconst(types::I64, 0);
        self.b.def_var(pos, z);
        let (ms, md) = (mask.strides.clone(), mask.data);
        self.emit_nest(&mask.shape, &mut |s, i, _| {
            let ma = s.address(md, &ms, i);
            let m = s.load_element(ma, Dtype::Bool);
            let take = s.b.create_block();
            let next = s.b.create_block();
            s.b.ins().brif(m, take, &[], next, &[]);
            s.b.switch_to_block(take);
            let p = s.b.use_var(pos);
            body(s, i, p)?;
            let p1 = s.b.ins().iadd_imm_s(p, 1);
            s.b.def_var(pos, p1);
            s.b.ins().jump(next, &[]);
            s.b.switch_to_block(next);
            Ok(())
        })
    }
}
