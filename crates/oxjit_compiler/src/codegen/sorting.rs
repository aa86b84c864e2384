//! Sorting arrays: `numpy.sort`, `numpy.argsort` and `a.sort()` along any axis (`axis=`, a
//! literal; `None` sorts the flattened array), each lane by a runtime routine of its dtype.
//! Every `kind=` sorts the same way: the routines are stable, so `"stable"`/`"mergesort"`
//! give NumPy's exact `argsort`, and values never differ.

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::{CompileError, Result};
use crate::ir::ValueId;
use crate::types::{Dtype, Layout, Type};
use cranelift_codegen::ir::{types, InstBuilder, Value};
use oxjit_runtime::decls as rt;

/// What runs on one lane: `(translator, ptr, n, stride, lane number)`.
type LaneFn<'a, T> = dyn FnMut(&mut T, Value, Value, Value, Value) -> Result<()> + 'a;

/// Which axis a sort runs along.
#[derive(Clone, Copy)]
pub enum SortAxis {
    /// The flattened array (`axis=None`).
    Flat,
    /// This axis (non-negative).
    Axis(usize),
}

/// `p` with axis `k` moved last (the lanes a sort runs along).
fn axis_last(p: &ArrayParts, k: usize) -> ArrayParts {
    let (mut shape, mut strides) = (p.shape.clone(), p.strides.clone());
    let (n, st) = (shape.remove(k), strides.remove(k));
    shape.push(n);
    strides.push(st);
    ArrayParts {
        meminfo: p.meminfo,
        data: p.data,
        shape,
        strides,
    }
}

/// `p` (axis `k` last) with that axis back in place `k`.
fn axis_back(p: &ArrayParts, k: usize) -> ArrayParts {
    let (mut shape, mut strides) = (p.shape.clone(), p.strides.clone());
    let (n, st) = (shape.pop(), strides.pop());
    if let (Some(n), Some(st)) = (n, st) {
        shape.insert(k, n);
        strides.insert(k, st);
    }
    ArrayParts {
        meminfo: p.meminfo,
        data: p.data,
        shape,
        strides,
    }
}

impl FunctionTranslator<'_, '_, '_> {
    /// The axis of a sort of array `a` from its `axis` argument (absent: the last axis).
    pub fn sort_axis(&mut self, a: ValueId, axis: Option<ValueId>) -> Result<SortAxis> {
        let nd = match self.ty(a) {
            Type::Array { ndim, .. } => *ndim as i64,
            _ => return Err(super::state::internal("a sort of a non-array")),
        };
        Ok(match axis {
            None => SortAxis::Axis(nd as usize - 1),
            Some(v) if *self.ty(v) == Type::None => SortAxis::Flat,
            Some(v) => {
                let k = self
                    .tf
                    .const_int(v)
                    .ok_or_else(|| super::state::internal("a sort axis that is not a literal"))?;
                SortAxis::Axis(if k < 0 { k + nd } else { k } as usize)
            }
        })
    }

    /// A sorted copy of array `a` (or, with `arg`, the int64 indices that sort it).
    pub fn sorted(&mut self, a: ValueId, axis: SortAxis, arg: bool) -> Result<Vec<Value>> {
        let d = super::state::dtype_of(self.ty(a))?;
        let mut out = self.copy_as(a, d)?;
        let nd = (out.len() - 2) / 2;
        let mut p = ArrayParts::from_vals(&out, nd);
        let k = match axis {
            SortAxis::Flat => {
                let n = self.product(&p.shape);
                let item = self.b.ins().iconst(types::I64, d.itemsize());
                out = vec![p.meminfo, p.data, n, item];
                p = ArrayParts::from_vals(&out, 1);
                0
            }
            SortAxis::Axis(k) => k,
        };
        let lanes = axis_last(&p, k);
        if !arg {
            self.sort_lanes(&lanes, d)?;
            return Ok(out);
        }
        // The indices, lane after lane (C order of `lanes`), then put back in place.
        let tmp = self.alloc_array(Dtype::Int64, lanes.shape.clone(), None)?;
        self.argsort_lanes(&lanes, d, tmp[1])?;
        self.call_rt(&rt::DECREF, &[out[0]])?;
        if k + 1 == p.shape.len() {
            return Ok(tmp);
        }
        let res = self.alloc_array(Dtype::Int64, p.shape.clone(), None)?;
        let tp = axis_back(&ArrayParts::from_vals(&tmp, lanes.shape.len()), k);
        let l = super::values::Lazy {
            elem: self.leaf_of_layout(&tp, Dtype::Int64, Layout::A),
            shape: tp.shape.clone(),
            dtype: Dtype::Int64,
        };
        let rp = ArrayParts::from_vals(&res, p.shape.len());
        self.store_lazy(&rp, Dtype::Int64, &l)?;
        self.call_rt(&rt::DECREF, &[tmp[0]])?;
        Ok(res)
    }

    /// `a.sort(axis=-1, kind=None)`: in place.
    pub fn sort_array_in_place(&mut self, a: ValueId, axis: SortAxis) -> Result<()> {
        let (p, d, _) = self.array_parts(a)?;
        self.check_writable(p.meminfo)?;
        match axis {
            SortAxis::Axis(k) => self.sort_lanes(&axis_last(&p, k), d),
            SortAxis::Flat => Err(CompileError::internal(
                "codegen",
                "`a.sort(axis=None)` (refused by typing)",
            )),
        }
    }

    /// Sort each lane along the last axis of `p`, in place.
    fn sort_lanes(&mut self, p: &ArrayParts, d: Dtype) -> Result<()> {
        let helper = sort_helper(d, false)?;
        self.for_each_lane(p, &mut |s, ptr, n, stride, _| {
            s.call_rt(helper, &[ptr, n, stride])?;
            Ok(())
        })
    }

    /// The indices sorting each lane along the last axis of `p`, lane after lane into `out`.
    fn argsort_lanes(&mut self, p: &ArrayParts, d: Dtype, out: Value) -> Result<()> {
        let helper = sort_helper(d, true)?;
        let n = p.shape[p.shape.len() - 1];
        let lane_bytes = self.b.ins().imul_imm_s(n, 8);
        self.for_each_lane(p, &mut |s, ptr, n, stride, lane| {
            let ooff = s.b.ins().imul(lane, lane_bytes);
            let optr = s.b.ins().iadd(out, ooff);
            s.call_rt(helper, &[ptr, n, stride, optr])?;
            Ok(())
        })
    }

    /// Run `f(ptr, n, stride, lane)` on each lane along the last axis of `p` (lanes numbered
    /// in C order).
    fn for_each_lane(&mut self, p: &ArrayParts, f: &mut LaneFn<'_, Self>) -> Result<()> {
        let last = p.shape.len() - 1;
        let n = p.shape[last];
        let stride = p.strides[last];
        let outer: Vec<Value> = p.shape[..last].to_vec();
        if outer.is_empty() {
            let zero = self.b.ins().iconst(types::I64, 0);
            return f(self, p.data, n, stride, zero);
        }
        let (data, ostrides) = (p.data, p.strides[..last].to_vec());
        self.emit_nest(&outer, &mut |s, idx, lane| {
            let ptr = s.address(data, &ostrides, idx);
            f(s, ptr, n, stride, lane)
        })
    }
}

/// The runtime function sorting (or argsorting) lanes of dtype `d`.
fn sort_helper(d: Dtype, arg: bool) -> Result<&'static rt::RtFn> {
    Ok(match (d, arg) {
        (Dtype::Float64, false) => &rt::SORT_F64,
        (Dtype::Float32, false) => &rt::SORT_F32,
        (Dtype::Int64, false) => &rt::SORT_I64,
        (Dtype::Int32, false) => &rt::SORT_I32,
        (Dtype::Uint8 | Dtype::Bool, false) => &rt::SORT_U8,
        (Dtype::Int8, false) => &rt::SORT_I8,
        (Dtype::Int16, false) => &rt::SORT_I16,
        (Dtype::Uint16, false) => &rt::SORT_U16,
        (Dtype::Uint32, false) => &rt::SORT_U32,
        (Dtype::Uint64, false) => &rt::SORT_U64,
        (Dtype::Float64, true) => &rt::ARGSORT_F64,
        (Dtype::Float32, true) => &rt::ARGSORT_F32,
        (Dtype::Int64, true) => &rt::ARGSORT_I64,
        (Dtype::Int32, true) => &rt::ARGSORT_I32,
        (Dtype::Uint8 | Dtype::Bool, true) => &rt::ARGSORT_U8,
        (Dtype::Int8, true) => &rt::ARGSORT_I8,
        (Dtype::Int16, true) => &rt::ARGSORT_I16,
        (Dtype::Uint16, true) => &rt::ARGSORT_U16,
        (Dtype::Uint32, true) => &rt::ARGSORT_U32,
        (Dtype::Uint64, true) => &rt::ARGSORT_U64,
        (Dtype::Complex64 | Dtype::Complex128 | Dtype::Record(_), _) => {
            return Err(crate::error::CompileError::internal(
                "codegen",
                "sorting complex or record arrays (refused by typing)",
            ))
        }
    })
}
