//! Arrays in machine code: `{meminfo, data, shape[ndim], strides[ndim]}` (strides in bytes).
//! Element access with bounds checks, views, allocation and copies.

use super::translate::FunctionTranslator;
use super::values::{elem_cl_type, ArrayParts};
use crate::error::{CompileError, Result, Span};
use crate::ir::{IndexCheck, InstKind, ValueId};
use crate::types::{Dtype, Layout, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;
use oxjit_runtime::memory::DATA_OFFSET;

fn array_type(t: &Type) -> Result<(Dtype, usize, Layout)> {
    match t {
        Type::Array {
            dtype,
            ndim,
            layout,
        } => Ok((*dtype, *ndim as usize, *layout)),
        t => Err(CompileError::internal(
            "codegen",
            format!("expected an array, got `{t}`"),
        )),
    }
}

impl FunctionTranslator<'_, '_, '_> {
    pub fn array_parts(&mut self, v: ValueId) -> Result<(ArrayParts, Dtype, Layout)> {
        let (dtype, ndim, layout) = array_type(self.ty(v))?;
        Ok((ArrayParts::from_vals(&self.val(v)?, ndim), dtype, layout))
    }

    /// `a.shape`, `a.size`, `a.ndim` (methods and module attributes are compile time).
    pub fn translate_attr(&mut self, v: ValueId, name: &str) -> Result<Vec<Value>> {
        if *self.ty(v) == Type::Complex || self.ty(v).is_number() {
            return self.complex_attr(v, name);
        }
        if *self.ty(v) == Type::Exception && name == "args" {
            // The same object: `e.args` is read from the exception when used.
            return self.val(v);
        }
        let Type::Array { ndim, .. } = self.ty(v) else {
            return Ok(Vec::new());
        };
        // Methods are compile-time: do not materialise a lazy receiver for them.
        if !matches!(
            name,
            "T" | "shape" | "size" | "ndim" | "real" | "imag" | "itemsize" | "nbytes" | "strides"
        ) {
            return Ok(Vec::new());
        }
        let (parts, dtype, _) = self.array_parts(v)?;
        Ok(match name {
            "real" | "imag" => self.part_view(parts, dtype, name == "imag"),
            "T" => ArrayParts {
                meminfo: parts.meminfo,
                data: parts.data,
                shape: parts.shape.into_iter().rev().collect(),
                strides: parts.strides.into_iter().rev().collect(),
            }
            .into_vals(),
            "shape" => parts.shape,
            "size" => vec![self.product(&parts.shape)],
            "ndim" => vec![self.b.ins().iconst(types::I64, *ndim as i64)],
            "itemsize" => vec![self.b.ins().iconst(types::I64, dtype.itemsize())],
            "nbytes" => {
                let n = self.product(&parts.shape);
                vec![self.b.ins().imul_imm_s(n, dtype.itemsize())]
            }
            // In bytes, as NumPy's.
            "strides" => parts.strides,
            _ => Vec::new(),
        })
    }

    pub fn product(&mut self, xs: &[Value]) -> Value {
        let mut p = self.b.ins().iconst(types::I64, 1);
        for x in xs {
            p = self.mul_folded(p, *x);
        }
        p
    }

    /// `a * b`, folded to a constant when both are constants (so kernels, which rebuild
    /// constants, see constant strides and shapes).
    pub fn mul_folded(&mut self, a: Value, b: Value) -> Value {
        match (self.const_of(a), self.const_of(b)) {
            (Some(x), Some(y)) => self.b.ins().iconst(types::I64, x.wrapping_mul(y)),
            (Some(1), None) => b,
            (None, Some(1)) => a,
            _ => self.b.ins().imul(a, b),
        }
    }

    /// The byte offset of `index` (one value per leading axis), checking bounds as asked.
    pub fn element_offset(
        &mut self,
        parts: &ArrayParts,
        dtype: Dtype,
        layout: Layout,
        index: &[ValueId],
        check: &[IndexCheck],
    ) -> Result<Value> {
        let ndim = parts.shape.len();
        let mut offset: Option<Value> = None;
        for (axis, iv) in index.iter().enumerate() {
            let mut i = self.int_value(*iv)?;
            let len = parts.shape[axis];
            let mode = self.effective_check(check[axis]);
            match mode {
                IndexCheck::WrapAndCheck => {
                    let raw = i;
                    i = self.checked_index(i, len, axis)?;
                    if let Some(b) = self.b.current_block() {
                        self.checked.insert((raw, len), (i, b));
                    }
                }
                IndexCheck::Check => {
                    let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
                    let original = i;
                    self.fail_if(oob, |t| t.index_error(original, len, axis))?;
                }
                IndexCheck::FromEnd => i = self.b.ins().iadd(i, len),
                IndexCheck::WrapOnly => {
                    let here = self.b.current_block();
                    match self.checked.get(&(i, len)) {
                        // Checked already in this block (`c[k] += 1`): the same in-range index.
                        Some((c, b)) if here == Some(*b) => i = *c,
                        _ => {
                            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                            let wrapped = self.b.ins().iadd(i, len);
                            i = self.b.ins().select(neg, wrapped, i);
                        }
                    }
                }
                IndexCheck::None => {}
            }
            // The contiguous axis has a known stride: the item size.
            let contiguous = (layout == Layout::C && axis + 1 == ndim)
                || (layout == Layout::F && axis == 0 && ndim > 0);
            // `a[j - c]` on the contiguous axis addresses `j * size - c * size`, so the
            // constant folds into the load's displacement (no subtraction in the loop).
            let split = match (mode, self.tf.def(*iv).map(|d| d.kind.clone())) {
                (IndexCheck::None | IndexCheck::Check, Some(InstKind::Binary(op, a, b)))
                    if contiguous
                        && matches!(op, crate::ir::BinOp::Add | crate::ir::BinOp::Sub)
                        && *self.ty(a) == Type::Int
                        && *self.ty(b) == Type::Int =>
                {
                    self.tf.const_int(b).and_then(|c| {
                        let c = if op == crate::ir::BinOp::Sub {
                            c.checked_neg()?
                        } else {
                            c
                        };
                        Some((a, c))
                    })
                }
                _ => None,
            };
            let term = if let Some((a, c)) = split {
                let base = self.int_value(a)?;
                let scaled = self.b.ins().imul_imm_s(base, dtype.itemsize());
                self.b
                    .ins()
                    .iadd_imm_s(scaled, c.wrapping_mul(dtype.itemsize()))
            } else if contiguous {
                self.b.ins().imul_imm_s(i, dtype.itemsize())
            } else {
                self.b.ins().imul(i, parts.strides[axis])
            };
            offset = Some(match offset {
                None => term,
                Some(o) => self.b.ins().iadd(o, term),
            });
        }
        Ok(offset.unwrap_or_else(|| self.b.ins().iconst(types::I64, 0)))
    }

    /// The check an index needs with this function's `boundscheck` setting (without it,
    /// negative indices still wrap and nothing is checked).
    pub(super) fn effective_check(&self, c: IndexCheck) -> IndexCheck {
        if self.st.boundscheck {
            c
        } else {
            match c {
                IndexCheck::WrapAndCheck | IndexCheck::WrapOnly => IndexCheck::WrapOnly,
                IndexCheck::FromEnd => IndexCheck::FromEnd,
                _ => IndexCheck::None,
            }
        }
    }

    fn index_error(&mut self, index: Value, len: Value, axis: usize) -> Result<()> {
        let ax = self.b.ins().iconst(types::I64, axis as i64);
        self.call_rt_preserving(&rt::INDEX_ERROR, &[index, ax, len])?;
        Ok(())
    }

    /// Python indexing with one compare on the hot path: an index in `[0, len)` goes straight
    /// on; anything else (negative, or out of range) takes a cold block that wraps a negative
    /// index or raises `IndexError`.
    pub fn checked_index(&mut self, i: Value, len: Value, axis: usize) -> Result<Value> {
        self.wrapped_index(i, len, |t| t.index_error(i, len, axis))
    }

    /// `a.flat[i]`'s position: `i` wrapped and checked against the array's size, with
    /// NumPy's `IndexError` ("index 10 is out of bounds for size 6").
    pub fn flat_position(&mut self, i: Value, size: Value) -> Result<Value> {
        self.wrapped_index(i, size, |t| {
            t.call_rt_preserving(&rt::FLAT_INDEX_ERROR, &[i, size])?;
            Ok(())
        })
    }

    /// [`Self::checked_index`] with `report` raising the error.
    fn wrapped_index(
        &mut self,
        i: Value,
        len: Value,
        report: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<Value> {
        let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
        let cold = self.b.create_block();
        let cont = self.b.create_block();
        let idx = self.b.append_block_param(cont, types::I64);
        self.b.set_cold_block(cold);
        self.b.ins().brif(oob, cold, &[], cont, &[i.into()]);
        self.b.switch_to_block(cold);
        let wrapped = self.b.ins().iadd(i, len);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let nonneg = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, wrapped, 0);
        let ok = self.b.ins().band(neg, nonneg);
        self.fail_if_not(ok, report)?;
        self.b.ins().jump(cont, &[wrapped.into()]);
        self.b.switch_to_block(cont);
        Ok(idx)
    }

    pub fn translate_getitem(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
        _span: Span,
    ) -> Result<Vec<Value>> {
        let (parts, dtype, layout) = self.array_parts(value)?;
        let ndim = parts.shape.len();
        let off = self.element_offset(&parts, dtype, layout, index, check)?;
        let addr = self.b.ins().iadd(parts.data, off);
        if index.len() == ndim && dtype.is_complex() {
            return Ok(self.load_complex(addr, dtype));
        }
        if index.len() == ndim {
            return Ok(vec![self.load_element(addr, dtype)]);
        }
        // A view of the remaining axes, sharing the meminfo (borrowed from `value`).
        let k = index.len();
        Ok(ArrayParts {
            meminfo: parts.meminfo,
            data: addr,
            shape: parts.shape[k..].to_vec(),
            strides: parts.strides[k..].to_vec(),
        }
        .into_vals())
    }

    pub fn translate_setitem(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
        item: ValueId,
    ) -> Result<()> {
        let (parts, dtype, layout) = self.array_parts(value)?;
        let off = self.element_offset(&parts, dtype, layout, index, check)?;
        let addr = self.b.ins().iadd(parts.data, off);
        if dtype.is_complex() {
            return self.store_complex(addr, dtype, item);
        }
        let x = self.scalar(item)?;
        let from = self.ty(item).clone();
        self.check_weak_int(x, &from, dtype)?;
        self.store_element(addr, dtype, x, &from)
    }

    /// Load one element, widened to its scalar type.
    pub fn load_element(&mut self, addr: Value, dtype: Dtype) -> Value {
        let raw = self.b.ins().load(elem_cl_type(dtype), self.mf, addr, 0);
        match dtype {
            Dtype::Int32 | Dtype::Int16 | Dtype::Int8 => self.b.ins().sextend(types::I64, raw),
            Dtype::Uint32 | Dtype::Uint16 | Dtype::Uint8 => self.b.ins().uextend(types::I64, raw),
            Dtype::Int64 | Dtype::Uint64 | Dtype::Float64 | Dtype::Float32 | Dtype::Bool => raw,
            // Typing refuses real kernels over complex elements (see `infer::complex`);
            // complex elements are read by `codegen/complex.rs` as pairs.
            Dtype::Complex64 | Dtype::Complex128 | Dtype::Record(_) => {
                panic!("bug in oxjit: a complex or record element read as one scalar")
            }
        }
    }

    /// Store a scalar of type `from` as an element of `dtype` (NumPy's casting on assignment).
    pub fn store_element(
        &mut self,
        addr: Value,
        dtype: Dtype,
        x: Value,
        from: &Type,
    ) -> Result<()> {
        if dtype.is_complex() {
            return Err(CompileError::internal(
                "codegen",
                "a complex element stored as one scalar",
            ));
        }
        let target = dtype.scalar();
        let v = if dtype == Dtype::Bool {
            self.convert(x, from, &Type::Bool)?
        } else {
            let v = self.convert(x, from, &target)?;
            if dtype.is_narrow_int() {
                self.b.ins().ireduce(elem_cl_type(dtype), v)
            } else {
                v
            }
        };
        self.b.ins().store(self.mf, v, addr, 0);
        Ok(())
    }

    /// Allocate a C-contiguous array of `shape`; `fill` as raw bits (None: uninitialised).
    pub fn alloc_array(
        &mut self,
        dtype: Dtype,
        shape: Vec<Value>,
        fill: Option<u64>,
    ) -> Result<Vec<Value>> {
        for s in &shape {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *s, 0);
            self.raise_if(
                neg,
                RtError::ValueError,
                "negative dimensions are not allowed",
            )?;
        }
        let n = self.product(&shape);
        let nbytes = self.checked_nbytes(&shape, dtype.itemsize())?;
        let zero = self.b.ins().iconst(types::I8, (fill == Some(0)) as i64);
        let m = self.call_rt(&rt::ALLOC, &[nbytes, zero])?[0];
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, m, 0);
        self.raise_if(
            null,
            RtError::MemoryError,
            "unable to allocate array memory",
        )?;
        let data = self.b.ins().load(types::I64, self.mf, m, DATA_OFFSET);
        if let Some(bits) = fill.filter(|b| *b != 0) {
            let item = self.b.ins().iconst(types::I64, dtype.itemsize());
            let pat = self.b.ins().iconst(types::I64, bits as i64);
            self.call_rt(&rt::FILL, &[data, n, item, pat])?;
        }
        let strides = self.c_strides(&shape, dtype.itemsize());
        Ok(ArrayParts {
            meminfo: m,
            data,
            shape,
            strides,
        }
        .into_vals())
    }

    /// The bytes of a new array of `shape` (non-negative), or NumPy's `ValueError` when they
    /// exceed int64 (a wrapped count would allocate too little and be written out of bounds).
    fn checked_nbytes(&mut self, shape: &[Value], itemsize: i64) -> Result<Value> {
        if let Some(total) = shape.iter().try_fold(itemsize, |b, s| {
            self.const_of(*s).and_then(|k| b.checked_mul(k))
        }) {
            return Ok(self.b.ins().iconst(types::I64, total));
        }
        let mut bytes = self.b.ins().iconst(types::I64, itemsize);
        let mut over = self.b.ins().iconst(types::I8, 0);
        for s in shape {
            let (b, o) = self.b.ins().smul_overflow(bytes, *s);
            bytes = b;
            over = self.b.ins().bor(over, o);
        }
        self.raise_if(
            over,
            RtError::ValueError,
            "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum \
             possible size.",
        )?;
        Ok(bytes)
    }

    fn c_strides(&mut self, shape: &[Value], itemsize: i64) -> Vec<Value> {
        let mut strides = vec![self.b.ins().iconst(types::I64, itemsize); shape.len()];
        for k in (0..shape.len().saturating_sub(1)).rev() {
            strides[k] = self.mul_folded(strides[k + 1], shape[k + 1]);
        }
        strides
    }
}

impl FunctionTranslator<'_, '_, '_> {
    /// Python's slice normalisation for an axis of length `len`: (start, length, step).
    fn slice_bounds(
        &mut self,
        len: Value,
        parts: [Option<ValueId>; 3],
    ) -> Result<(Value, Value, Value)> {
        let present = |t: &Self, v: Option<ValueId>| v.filter(|x| *t.ty(*x) != Type::None);
        let step = match present(self, parts[2]) {
            Some(v) => self.int_value(v)?,
            None => self.b.ins().iconst(types::I64, 1),
        };
        let zero_step = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
        self.raise_if(zero_step, RtError::ValueError, "slice step cannot be zero")?;
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, step, 0);
        let zero = self.b.ins().iconst(types::I64, 0);
        let m1 = self.b.ins().iconst(types::I64, -1);
        let len_m1 = self.b.ins().iadd_imm_s(len, -1);
        // Bounds to clamp to: [0, len] for a positive step, [-1, len-1] for a negative one.
        let lo = self.b.ins().select(neg, m1, zero);
        let hi = self.b.ins().select(neg, len_m1, len);
        let norm = |s: &mut Self, v: Option<ValueId>, default: Value| -> Result<Value> {
            Ok(match v {
                None => default,
                Some(v) => {
                    let x = s.int_value(v)?;
                    let is_neg = s.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                    let wrapped = s.b.ins().iadd(x, len);
                    let x = s.b.ins().select(is_neg, wrapped, x);
                    let x = s.b.ins().smax(x, lo);
                    s.b.ins().smin(x, hi)
                }
            })
        };
        let start_default = self.b.ins().select(neg, len_m1, zero);
        let stop_default = self.b.ins().select(neg, m1, len);
        let p0 = present(self, parts[0]);
        let p1 = present(self, parts[1]);
        let start = norm(self, p0, start_default)?;
        let stop = norm(self, p1, stop_default)?;
        // length = max(0, ceil((stop - start) / step))
        let span = self.b.ins().isub(stop, start);
        let one = self.b.ins().iconst(types::I64, 1);
        let adj = self.b.ins().select(neg, one, m1);
        let t = self.b.ins().iadd(span, step);
        let t = self.b.ins().iadd(t, adj);
        let n = self.b.ins().sdiv(t, step);
        let n = self.b.ins().smax(n, zero);
        Ok((start, n, step))
    }

    /// The view `a[index...]` with integers, slices and `None` (basic indexing).
    pub fn view(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
    ) -> Result<ArrayParts> {
        let (parts, dtype, layout) = self.array_parts(value)?;
        let mut data = parts.data;
        let mut shape = Vec::new();
        let mut strides = Vec::new();
        let mut axis = 0usize;
        for (k, iv) in index.iter().enumerate() {
            let def = self.tf.def(*iv).map(|i| i.kind.clone());
            match (self.ty(*iv).clone(), def) {
                (Type::None, _) => {
                    shape.push(self.b.ins().iconst(types::I64, 1));
                    strides.push(self.b.ins().iconst(types::I64, 0));
                }
                // An integer index array: its axis kept whole here (`codegen::fancy` gathers
                // along it).
                (Type::Array { .. }, _) => {
                    shape.push(parts.shape[axis]);
                    strides.push(parts.strides[axis]);
                    axis += 1;
                }
                (Type::Slice, Some(InstKind::Slice(a, b, c))) => {
                    let (start, n, step) = self.slice_bounds(parts.shape[axis], [a, b, c])?;
                    let off = self.b.ins().imul(start, parts.strides[axis]);
                    data = self.b.ins().iadd(data, off);
                    shape.push(n);
                    strides.push(self.b.ins().imul(parts.strides[axis], step));
                    axis += 1;
                }
                _ => {
                    // An integer: select along this axis (checked like element indexing).
                    let single = ArrayParts {
                        meminfo: parts.meminfo,
                        data,
                        shape: vec![parts.shape[axis]],
                        strides: vec![parts.strides[axis]],
                    };
                    let mode = check.get(k).copied().unwrap_or(IndexCheck::WrapAndCheck);
                    let off = self.element_offset(&single, dtype, Layout::A, &[*iv], &[mode])?;
                    data = self.b.ins().iadd(data, off);
                    axis += 1;
                }
            }
        }
        let _ = layout;
        shape.extend_from_slice(&parts.shape[axis..]);
        strides.extend_from_slice(&parts.strides[axis..]);
        Ok(ArrayParts {
            meminfo: parts.meminfo,
            data,
            shape,
            strides,
        })
    }

    pub(super) fn check_same_shape(&mut self, a: &[Value], b: &[Value]) -> Result<()> {
        for (x, y) in a.iter().zip(b) {
            let ok = self.b.ins().icmp(IntCC::Equal, *x, *y);
            self.fail_if_not(ok, |t| {
                t.raise_now(
                    RtError::IndexError,
                    "boolean index did not match indexed array",
                )
            })?;
        }
        Ok(())
    }

    pub(super) fn count_true(&mut self, mask: &ArrayParts) -> Result<Value> {
        let count = self.b.declare_var(types::I64);
        let z = self.b.ins().iconst(types::I64, 0);
        self.b.def_var(count, z);
        let (shape, ms, md) = (mask.shape.clone(), mask.strides.clone(), mask.data);
        self.emit_nest(&shape, &mut |s, i, _| {
            let a = s.address(md, &ms, i);
            let m = s.load_element(a, Dtype::Bool);
            let m = s.b.ins().uextend(types::I64, m);
            let c = s.b.use_var(count);
            let c1 = s.b.ins().iadd(c, m);
            s.b.def_var(count, c1);
            Ok(())
        })?;
        Ok(self.b.use_var(count))
    }

    /// `a[index...] = item` where the index selects a sub-array (slices, `None`, fewer integers)
    /// or is a boolean mask. `ufunc_out`: the write of a ufunc's result into its `out`
    /// (`infer::ufunc_out`), whose shape errors are NumPy's for an output operand.
    pub fn assign_subarray(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
        item: ValueId,
        ufunc_out: bool,
    ) -> Result<()> {
        let dtype = match self.ty(value) {
            Type::Array { dtype, .. } => *dtype,
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    "assignment into a non-array",
                ))
            }
        };
        // A Python int must fit the dtype (NumPy's `OverflowError`); a ufunc's int result is
        // converted like NumPy's cast instead.
        if *self.ty(item) == Type::Int && !ufunc_out {
            let x = self.scalar(item)?;
            self.check_weak_int(x, &Type::Int, dtype)?;
        }
        if index.len() == 1 {
            if let Type::Array {
                dtype: Dtype::Bool, ..
            } = self.ty(index[0])
            {
                return self.mask_assign(value, index[0], item);
            }
        }
        if index.iter().any(|i| self.is_array(*i)) {
            return self.fancy_set(value, index, check, item);
        }
        let dst = self.view(value, index, check)?;
        let src = self.lazy_of(item)?;
        if ufunc_out {
            self.check_ufunc_out_shape(&src.shape, &dst.shape)?;
        } else {
            self.check_broadcast_to(&src.shape, &dst.shape)?;
        }
        let mut ms = Vec::new();
        src.elem.extents(&mut ms);
        self.assign_safely(&dst, dtype, &src, ms)
    }

    /// A ufunc's result (of shape `src`) must broadcast to its `out` (of shape `shape`, with
    /// at least as many axes: typing checks): NumPy's `ValueError`s, for an `out` of length 1
    /// where the result is longer (the output operand cannot be broadcast) or for lengths that
    /// differ otherwise (the operands do not broadcast together). NumPy also prints the shapes.
    fn check_ufunc_out_shape(&mut self, src: &[Value], shape: &[Value]) -> Result<()> {
        let Some(off) = shape.len().checked_sub(src.len()) else {
            return Err(CompileError::internal(
                "codegen",
                "a ufunc result with more axes than its `out`",
            ));
        };
        for (k, d) in src.iter().enumerate() {
            let o = shape[off + k];
            let eq = self.b.ins().icmp(IntCC::Equal, *d, o);
            let one = self.b.ins().icmp_imm_s(IntCC::Equal, *d, 1);
            let ok = self.b.ins().bor(eq, one);
            let out_longer = self.b.ins().icmp_imm_s(IntCC::NotEqual, o, 1);
            let ok_or_other = self.b.ins().bor(ok, out_longer);
            self.fail_if_not(ok_or_other, |t| {
                t.raise_now(
                    RtError::ValueError,
                    "non-broadcastable output operand: its shape doesn't match the broadcast \
                     shape of the inputs",
                )
            })?;
            self.fail_if_not(ok, |t| {
                t.raise_now(
                    RtError::ValueError,
                    "operands could not be broadcast together with the shape of the output \
                     operand",
                )
            })?;
        }
        Ok(())
    }

    fn mask_assign(&mut self, value: ValueId, mask: ValueId, item: ValueId) -> Result<()> {
        let (parts, dtype, _) = self.array_parts(value)?;
        let (mp, _, _) = self.array_parts(mask)?;
        self.check_same_shape(&parts.shape, &mp.shape)?;
        let src = self.lazy_of(item)?;
        // A scalar, or a 1-D array with one value per selected element.
        if !src.shape.is_empty() {
            let count = self.count_true(&mp)?;
            let n = src.shape[0];
            let one = self.b.ins().icmp_imm_s(IntCC::Equal, n, 1);
            let eq = self.b.ins().icmp(IntCC::Equal, n, count);
            let ok = self.b.ins().bor(one, eq);
            self.fail_if_not(ok, |t| {
                t.raise_now(RtError::ValueError, "NumPy boolean array indexing assignment cannot assign input values to the output values where the mask is true")
            })?;
        }
        let (ds, dd) = (parts.strides.clone(), parts.data);
        let elem = src.elem.clone();
        let from = elem.ty();
        let scalar = src.shape.is_empty();
        self.for_each_true(&mp, &mut |s, i, p| {
            let x = if scalar {
                s.eval(&elem, &[])?
            } else {
                s.eval(&elem, &[p])?
            };
            let a = s.address(dd, &ds, i);
            s.store_element(a, dtype, x, &from)
        })
    }
}
