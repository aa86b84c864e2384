//! Integer-array ("fancy") indexing with integer index arrays among basic indices (integers,
//! slices, `None`): `a[idx]`, `a[:, idx]`, `a[0, :, idx]`, `a[rows, cols]` read into a new
//! C-contiguous array, `a[...] = x` writes in place; and `a[mask]` with a boolean mask of the
//! array's shape.
//!
//! The basic indices are applied first, as a view that keeps each indexed axis whole
//! (`FunctionTranslator::view`); the index arrays, broadcast together, then pick positions
//! along those axes. NumPy counts the integers as advanced indices too: when they and the
//! arrays are adjacent, the arrays' broadcast axes replace the indexed axes in place,
//! otherwise they come first.

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::Result;
use crate::ir::{IndexCheck, ValueId};
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::errors::ErrorKind as RtError;

/// One index array and the view axis it picks along.
struct Picker {
    /// The view's axis the index array picks along.
    axis: usize,
    /// The axis of the array itself (for `IndexError` messages).
    msg_axis: usize,
    idx: ArrayParts,
    idt: Dtype,
    /// The index array's strides over the broadcast shape (0 along broadcast axes).
    bstrides: Vec<Value>,
}

/// Where index arrays read or write.
struct Plan {
    /// The view of the basic indices, the indexed axes kept whole.
    view: ArrayParts,
    dtype: Dtype,
    /// In increasing view axis order.
    pickers: Vec<Picker>,
    /// The index arrays' broadcast shape.
    bshape: Vec<Value>,
    /// Where the broadcast axes go among the result's axes.
    at: usize,
}

impl Plan {
    /// The result's shape: the view's other axes with the broadcast axes at `at`.
    fn shape(&self) -> Vec<Value> {
        let mut rest = self.view.shape.clone();
        for p in self.pickers.iter().rev() {
            rest.remove(p.axis);
        }
        let mut out = rest[..self.at].to_vec();
        out.extend_from_slice(&self.bshape);
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
        let view = self.view(value, index, check)?;
        let kind = |t: &Type| match t {
            Type::None | Type::Slice => 0, // basic
            Type::Array { .. } => 1,
            Type::Int | Type::Bool => 2, // advanced, but consumed by the view
            _ => 3,
        };
        let kinds: Vec<u8> = index.iter().map(|i| kind(self.ty(*i))).collect();
        let mut pickers = Vec::new();
        for (pos, iv) in index.iter().enumerate() {
            if kinds[pos] != 1 {
                continue;
            }
            let (mut idx, mut idt, _) = self.array_parts(*iv)?;
            // The view's axes before this one: a slice, `None` or index array each.
            let axis = kinds[..pos].iter().filter(|k| **k <= 1).count();
            let msg_axis = index[..pos]
                .iter()
                .filter(|i| *self.ty(**i) != Type::None)
                .count();
            if idt == Dtype::Bool {
                // A 1-D mask among other indices picks its true positions (`nonzero`).
                idx = self.mask_positions(&idx, view.shape[axis], msg_axis)?;
                idt = Dtype::Int64;
            }
            pickers.push(Picker {
                axis,
                msg_axis,
                idx,
                idt,
                bstrides: Vec::new(),
            });
        }
        let shapes: Vec<Vec<Value>> = pickers.iter().map(|p| p.idx.shape.clone()).collect();
        let bshape = if pickers.len() == 1 {
            shapes[0].clone()
        } else {
            self.broadcast_or(
                &shapes,
                RtError::IndexError,
                "shape mismatch: indexing arrays could not be broadcast together",
            )?
        };
        let m = bshape.len();
        for p in &mut pickers {
            let lead = m - p.idx.shape.len();
            let zero = self.b.ins().iconst(types::I64, 0);
            let mut bs = vec![zero; lead];
            for (d, st) in p.idx.strides.iter().enumerate() {
                // An axis of length 1 broadcast to a longer one repeats its element.
                let one = self.b.ins().icmp_imm_s(IntCC::Equal, p.idx.shape[d], 1);
                bs.push(self.b.ins().select(one, zero, *st));
            }
            p.bstrides = bs;
        }
        let first = kinds.iter().position(|k| *k == 1 || *k == 2);
        let last = kinds.iter().rposition(|k| *k == 1 || *k == 2);
        let adjacent = match (first, last) {
            (Some(f), Some(l)) => kinds[f..=l].iter().all(|k| *k == 1 || *k == 2),
            _ => true,
        };
        // In the view without the picked axes, the broadcast axes go where the first
        // advanced index was: after the slices and `None`s before it.
        let at = match first {
            Some(f) if adjacent => kinds[..f].iter().filter(|k| **k == 0).count(),
            _ => 0,
        };
        Ok(Plan {
            view,
            dtype,
            pickers,
            bshape,
            at,
        })
    }

    /// The positions of the true elements of the 1-D boolean `mask` indexing an axis of length
    /// `len` (number `axis` in messages), as a new int64 array.
    fn mask_positions(&mut self, mask: &ArrayParts, len: Value, axis: usize) -> Result<ArrayParts> {
        let same = self.b.ins().icmp(IntCC::Equal, mask.shape[0], len);
        let msg = format!("boolean index did not match indexed array along axis {axis}");
        self.fail_if_not(same, |t| t.raise_now(RtError::IndexError, &msg))?;
        let count = self.count_true(mask)?;
        let out = self.alloc_array(Dtype::Int64, vec![count], None)?;
        let data = out[1];
        self.for_each_true(mask, &mut |s, i, k| {
            let a = s.b.ins().imul_imm_s(k, 8);
            let a = s.b.ins().iadd(data, a);
            s.store_element(a, Dtype::Int64, i[0], &Type::Int)
        })?;
        self.release_later(&out);
        Ok(ArrayParts::from_vals(&out, 1))
    }

    /// The address in `p.view` of the result element at `ix` (checking the indices it reads).
    fn fancy_address(&mut self, p: &Plan, ix: &[Value]) -> Result<Value> {
        let m = p.bshape.len();
        let bix = &ix[p.at..p.at + m];
        let mut full: Vec<Value> = ix[..p.at].to_vec();
        full.extend_from_slice(&ix[p.at + m..]);
        for q in &p.pickers {
            let ia = self.address(q.idx.data, &q.bstrides, bix);
            let i = self.load_element(ia, q.idt);
            let i = self.checked_index(i, p.view.shape[q.axis], q.msg_axis)?;
            full.insert(q.axis, i);
        }
        Ok(self.address(p.view.data, &p.view.strides, &full))
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
        // Released if an index raises before the result is complete.
        self.release_later(&out);
        let (odata, size, d) = (out[1], p.dtype.itemsize(), p.dtype);
        self.emit_nest(&shape, &mut |s, ix, k| {
            let a = s.fancy_address(&p, ix)?;
            let x = s.load_element(a, d);
            let o = s.b.ins().imul_imm_s(k, size);
            let oa = s.b.ins().iadd(odata, o);
            s.store_element(oa, d, x, &d.scalar())
        })?;
        self.keep_temporary(out[0]);
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
            self.release_later(&tmp);
            let tp = ArrayParts::from_vals(&tmp, shape.len());
            self.store_lazy(&tp, d, &l)?;
            Ok(tmp)
        };
        for q in &p.pickers {
            self.check_all_indices(&q.idx, q.idt, p.view.shape[q.axis], q.msg_axis)?;
        }
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
