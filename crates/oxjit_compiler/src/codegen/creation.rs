//! Array creation, reshaping, sorting and `numpy.random` in codegen.

use super::translate::FunctionTranslator;
use super::values::{compute_type, one_bits, ArrayParts, Elem, Lazy};
use crate::error::{CompileError, Result};
use crate::intrinsics::{Intrinsic as I, Lower, Rule};
use crate::ir::ValueId;
use crate::types::{components, Dtype, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

use super::state::dtype_of;

impl FunctionTranslator<'_, '_, '_> {
    /// A shape argument (int or tuple of ints) as values.
    pub(super) fn shape_values(&mut self, v: ValueId) -> Result<Vec<Value>> {
        match self.ty(v).clone() {
            Type::Tuple(_) => self.val(v),
            _ => Ok(vec![self.int_value(v)?]),
        }
    }

    /// `a.fill(x)`: every element of `a` set to `x` (a write: read-only arrays raise); `None`.
    fn fill_method(&mut self, r: ValueId, b: &[Option<ValueId>]) -> Result<()> {
        let (Some(Some(a)), Some(Some(fv))) = (b.first(), b.get(1)) else {
            return Err(CompileError::internal(
                "codegen",
                "`fill` without its arguments",
            ));
        };
        let (p, pd, _) = self.array_parts(*a)?;
        self.check_writable(p.meminfo)?;
        let x = self.scalar(*fv)?;
        let ft = self.ty(*fv).clone();
        self.fill_scalar(&p, pd, x, &ft)?;
        self.set_plain(r, Vec::new());
        Ok(())
    }

    /// Fill the whole array `parts` with a scalar.
    pub fn fill_scalar(
        &mut self,
        parts: &ArrayParts,
        d: Dtype,
        x: Value,
        from: &Type,
    ) -> Result<()> {
        self.check_weak_int(x, from, d)?;
        let l = Lazy {
            elem: Elem::Scalar(x, from.clone()),
            shape: parts.shape.clone(),
            dtype: d,
        };
        self.store_lazy(parts, d, &l)
    }

    /// A C-contiguous copy of array `v` converted to dtype `d`.
    pub fn copy_as(&mut self, v: ValueId, d: Dtype) -> Result<Vec<Value>> {
        if !self.lazy.contains_key(&v) && dtype_of(self.ty(v))? == d {
            return self.copy_same_dtype(v, d);
        }
        let l = self.lazy_of(v)?;
        let l = Lazy {
            elem: Elem::Cast(Box::new(l.elem), compute_type(d)),
            shape: l.shape,
            dtype: d,
        };
        self.materialize(&l)
    }

    /// A C-contiguous copy of a materialised array of the same dtype, by the runtime (a block
    /// copy when the source is contiguous): no loop in the compiled function.
    fn copy_same_dtype(&mut self, v: ValueId, d: Dtype) -> Result<Vec<Value>> {
        use cranelift_codegen::ir::{StackSlotData, StackSlotKind};
        let (parts, _, _) = self.array_parts(v)?;
        let nd = parts.shape.len();
        let out = self.alloc_array(d, parts.shape.clone(), None)?;
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (16 * nd.max(1)) as u32,
            3,
        ));
        for (i, x) in parts.shape.iter().chain(parts.strides.iter()).enumerate() {
            self.b
                .ins()
                .stack_store(types::I64, *x, slot, (i * 8) as i32);
        }
        let shape_p = self.b.ins().stack_addr(types::I64, slot, 0);
        let strides_p = self.b.ins().stack_addr(types::I64, slot, (nd * 8) as i32);
        let ndim = self.b.ins().iconst(types::I64, nd as i64);
        let item = self.b.ins().iconst(types::I64, d.itemsize());
        self.call_rt(
            &rt::COPY_TO_C,
            &[parts.data, ndim, shape_p, strides_p, item, out[1]],
        )?;
        Ok(out)
    }

    pub fn numpy_other(&mut self, r: ValueId, f: I, b: &[Option<ValueId>]) -> Result<()> {
        if f == I::MethodFill {
            return self.fill_method(r, b);
        }
        if f == I::Put {
            return self.numpy_put(r, b);
        }
        if f == I::MethodTolist {
            let a = b
                .first()
                .copied()
                .flatten()
                .ok_or_else(|| super::state::internal("`tolist` receiver"))?;
            return self.array_tolist(r, a);
        }
        let rt = self.ty(r).clone();
        let d = dtype_of(&rt)?;
        let arg = |i: usize| b.get(i).copied().flatten();
        let need = |i: usize| {
            arg(i).ok_or_else(|| CompileError::internal("codegen", format!("argument {i} missing")))
        };
        if d.is_complex() && matches!(f, I::Ones | I::Full | I::OnesLike | I::FullLike) {
            return self.complex_fill(r, f, b);
        }
        let out = match f {
            I::Empty | I::Zeros | I::Ones => {
                let shape = self.shape_values(need(0)?)?;
                let fill = match f {
                    I::Zeros => Some(0),
                    I::Ones => Some(one_bits(d)),
                    _ => None,
                };
                self.alloc_array(d, shape, fill)?
            }
            I::Full => {
                let shape = self.shape_values(need(0)?)?;
                let out = self.alloc_array(d, shape, None)?;
                let fv = need(1)?;
                let x = self.scalar(fv)?;
                let ft = self.ty(fv).clone();
                let p = ArrayParts::from_vals(&out, components(&rt).len() / 2 - 1);
                self.fill_scalar(&p, d, x, &ft)?;
                out
            }
            I::EmptyLike | I::ZerosLike | I::OnesLike | I::FullLike => {
                let (p, _, _) = self.array_parts(need(0)?)?;
                let fill = match f {
                    I::ZerosLike => Some(0),
                    I::OnesLike => Some(one_bits(d)),
                    _ => None,
                };
                let out = self.alloc_array(d, p.shape.clone(), fill)?;
                if f == I::FullLike {
                    let fv = need(1)?;
                    let x = self.scalar(fv)?;
                    let ft = self.ty(fv).clone();
                    let op = ArrayParts::from_vals(&out, p.shape.len());
                    self.fill_scalar(&op, d, x, &ft)?;
                }
                out
            }
            I::Copy | I::MethodAstype | I::MethodFlatten => {
                let a = need(0)?;
                let mut out = self.copy_as(a, d)?;
                if f == I::MethodFlatten {
                    let nd = match self.ty(a) {
                        Type::Array { ndim, .. } => *ndim as usize,
                        _ => 1,
                    };
                    let p = ArrayParts::from_vals(&out, nd);
                    let n = self.product(&p.shape);
                    let item = self.b.ins().iconst(types::I64, d.itemsize());
                    out = vec![p.meminfo, p.data, n, item];
                }
                out
            }
            I::Array | I::Asarray => {
                let obj = need(0)?;
                if let Type::Array { .. } = self.ty(obj) {
                    if f == I::Asarray && dtype_of(self.ty(obj))? == d {
                        let vals = self.val(obj)?;
                        self.set_plain(r, vals);
                        return Ok(());
                    }
                    self.copy_as(obj, d)?
                } else {
                    self.array_literal(obj, d)?
                }
            }
            I::Arange => self.arange(b, d)?,
            I::Linspace => self.linspace(need(0)?, need(1)?, arg(2), arg(3))?,
            I::Eye | I::Identity => self.eye(need(0)?, arg(1))?,
            I::Transpose => {
                let vals = self.val(need(0)?)?;
                let nd = (vals.len() - 2) / 2;
                let p = ArrayParts::from_vals(&vals, nd);
                let t = ArrayParts {
                    meminfo: p.meminfo,
                    data: p.data,
                    shape: p.shape.into_iter().rev().collect(),
                    strides: p.strides.into_iter().rev().collect(),
                };
                self.set_plain(r, t.into_vals());
                return Ok(());
            }
            I::Reshape | I::Ravel => {
                let a = need(0)?;
                let shape = if f == I::Ravel {
                    vec![self.b.ins().iconst(types::I64, -1)]
                } else {
                    self.shape_values(need(1)?)?
                };
                return self.reshape(r, a, shape);
            }
            I::Sort | I::Argsort => {
                let axis = self.sort_axis(need(0)?, arg(1))?;
                self.sorted(need(0)?, axis, f == I::Argsort)?
            }
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("{} passed typing", other.qualified()),
                ))
            }
        };
        self.set_owned(r, out);
        Ok(())
    }

    /// `numpy.linspace(start, stop, num=50)` (float64; the endpoint is exactly `stop`).
    fn linspace(
        &mut self,
        start: ValueId,
        stop: ValueId,
        num: Option<ValueId>,
        endpoint: Option<ValueId>,
    ) -> Result<Vec<Value>> {
        let start = self.float_value(start)?;
        let stop = self.float_value(stop)?;
        let num = match num {
            Some(n) => self.int_value(n)?,
            None => self.b.ins().iconst(types::I64, 50),
        };
        // `endpoint` (default True): the samples divide `[start, stop]` into `num - 1` steps
        // and the last is `stop`; without it, `[start, stop)` into `num` steps.
        let closed = match endpoint {
            Some(e) => {
                let e = self.int_value(e)?;
                self.b.ins().icmp_imm_s(IntCC::NotEqual, e, 0)
            }
            None => self.b.ins().iconst(types::I8, 1),
        };
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, num, 0);
        self.raise_if(
            neg,
            RtError::ValueError,
            "Number of samples must be non-negative.",
        )?;
        let out = self.alloc_array(Dtype::Float64, vec![num], None)?;
        let data = out[1];
        let less = self.b.ins().iadd_imm_s(num, -1);
        let div = self.b.ins().select(closed, less, num);
        let divf = self.b.ins().fcvt_from_sint(types::F64, div);
        let delta = self.b.ins().fsub(stop, start);
        let step = self.b.ins().fdiv(delta, divf);
        // num == 1: the only sample is `start` (NumPy multiplies by delta, not a step).
        let single = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedLessThanOrEqual, div, 0);
        let zf = self.b.ins().f64const(0.0);
        let step = self.b.ins().select(single, zf, step);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.emit_range(zero, num, &mut |s, i| {
            let fi = s.b.ins().fcvt_from_sint(types::F64, i);
            let y = s.b.ins().fmul(fi, step);
            let y = s.b.ins().fadd(y, start);
            // The endpoint is exactly `stop`, as in NumPy.
            let last = s.b.ins().icmp(IntCC::Equal, i, div);
            let one_more = s.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, num, 1);
            let both = s.b.ins().band(last, one_more);
            let both = s.b.ins().band(both, closed);
            let y = s.b.ins().select(both, stop, y);
            let off = s.b.ins().imul_imm_s(i, 8);
            let a = s.b.ins().iadd(data, off);
            s.store_element(a, Dtype::Float64, y, &Type::Float)
        })?;
        Ok(out)
    }

    /// `numpy.eye(n, m=None)` / `numpy.identity(n)` (float64).
    fn eye(&mut self, n: ValueId, m: Option<ValueId>) -> Result<Vec<Value>> {
        let n = self.int_value(n)?;
        let m = match m {
            Some(v) if *self.ty(v) != Type::None => self.int_value(v)?,
            _ => n,
        };
        let out = self.alloc_array(Dtype::Float64, vec![n, m], Some(0))?;
        let data = out[1];
        let k = self.b.ins().smin(n, m);
        let zero = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().f64const(1.0);
        self.emit_range(zero, k, &mut |s, i| {
            let row = s.b.ins().imul(i, m);
            let pos = s.b.ins().iadd(row, i);
            let off = s.b.ins().imul_imm_s(pos, 8);
            let a = s.b.ins().iadd(data, off);
            s.store_element(a, Dtype::Float64, one, &Type::Float)
        })?;
        Ok(out)
    }

    /// `numpy.array` of a (nested) tuple literal.
    fn array_literal(&mut self, obj: ValueId, d: Dtype) -> Result<Vec<Value>> {
        fn dims(t: &Type, out: &mut Vec<i64>) {
            if let Type::Tuple(items) = t {
                out.push(items.len() as i64);
                if let Some(first) = items.first() {
                    dims(first, out);
                }
            }
        }
        fn leaves(t: &Type, out: &mut Vec<Type>) {
            match t {
                Type::Tuple(items) => items.iter().for_each(|i| leaves(i, out)),
                t => out.push(t.clone()),
            }
        }
        let t = self.ty(obj).clone();
        let mut ds = Vec::new();
        dims(&t, &mut ds);
        let mut lts = Vec::new();
        leaves(&t, &mut lts);
        let vals = self.val(obj)?;
        let shape: Vec<Value> = ds
            .iter()
            .map(|n| self.b.ins().iconst(types::I64, *n))
            .collect();
        let out = self.alloc_array(d, shape, None)?;
        let data = out[1];
        for (i, (v, lt)) in vals.iter().zip(&lts).enumerate() {
            let off = self.b.ins().iconst(types::I64, i as i64 * d.itemsize());
            let a = self.b.ins().iadd(data, off);
            self.check_weak_int(*v, lt, d)?;
            self.store_element(a, d, *v, lt)?;
        }
        Ok(out)
    }

    fn arange(&mut self, b: &[Option<ValueId>], d: Dtype) -> Result<Vec<Value>> {
        let present: Vec<ValueId> = b[..3].iter().flatten().copied().collect();
        let float = d.is_float() || present.iter().any(|v| self.ty(*v).is_float());
        let work = if float { Type::Float } else { Type::Int };
        let get = |s: &mut Self, v: ValueId| -> Result<Value> {
            let x = s.scalar(v)?;
            let t = s.ty(v).clone();
            s.convert(x, &t, &work)
        };
        let (start, stop, step) = match present.len() {
            1 => (
                s_zero(self, &work),
                get(self, present[0])?,
                s_one(self, &work),
            ),
            2 => (
                get(self, present[0])?,
                get(self, present[1])?,
                s_one(self, &work),
            ),
            _ => (
                get(self, present[0])?,
                get(self, present[1])?,
                get(self, present[2])?,
            ),
        };
        let n = if float {
            let zero = self.b.ins().f64const(0.0);
            let z = self
                .b
                .ins()
                .fcmp(cranelift_codegen::ir::condcodes::FloatCC::Equal, step, zero);
            self.raise_if(z, RtError::ZeroDivisionError, "float division by zero")?;
            let span = self.b.ins().fsub(stop, start);
            let q = self.b.ins().fdiv(span, step);
            let c = self.b.ins().ceil(q);
            let n = self.b.ins().fcvt_to_sint_sat(types::I64, c);
            let zero_i = self.b.ins().iconst(types::I64, 0);
            self.b.ins().smax(n, zero_i)
        } else {
            let z = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
            self.raise_if(z, RtError::ZeroDivisionError, "division by zero")?;
            // ceil((stop - start) / step) for either sign of step.
            let span = self.b.ins().isub(stop, start);
            let pos = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
            let one = self.b.ins().iconst(types::I64, 1);
            let m1 = self.b.ins().iconst(types::I64, -1);
            let adj = self.b.ins().select(pos, m1, one);
            let t = self.b.ins().iadd(span, step);
            let t = self.b.ins().iadd(t, adj);
            let n = self.b.ins().sdiv(t, step);
            let zero_i = self.b.ins().iconst(types::I64, 0);
            self.b.ins().smax(n, zero_i)
        };
        let out = self.alloc_array(d, vec![n], None)?;
        let data = out[1];
        let zero = self.b.ins().iconst(types::I64, 0);
        let item = d.itemsize();
        self.emit_range(zero, n, &mut |s, i| {
            let v = if float {
                // NumPy's fill: x[1] = start + step, then x[i] = start + i * (x[1] - x[0]).
                let second = s.b.ins().fadd(start, step);
                let delta = s.b.ins().fsub(second, start);
                let fi = s.b.ins().fcvt_from_sint(types::F64, i);
                let p = s.b.ins().fmul(fi, delta);
                s.b.ins().fadd(start, p)
            } else {
                let p = s.b.ins().imul(i, step);
                s.b.ins().iadd(p, start)
            };
            let off = s.b.ins().imul_imm_s(i, item);
            let a = s.b.ins().iadd(data, off);
            s.store_element(a, d, v, &work)
        })?;
        Ok(out)
    }

    /// `a.reshape(shape)`: a view when the array is C-contiguous by type, else a copy first.
    pub fn reshape(&mut self, r: ValueId, a: ValueId, shape: Vec<Value>) -> Result<()> {
        let (src, d, layout) = self.array_parts(a)?;
        let owned_copy = layout != crate::types::Layout::C;
        let base = if owned_copy {
            let c = self.copy_as(a, d)?;
            ArrayParts::from_vals(&c, src.shape.len())
        } else {
            src
        };
        let total = self.product(&base.shape);
        // One -1 dimension is inferred.
        let mut known = self.b.ins().iconst(types::I64, 1);
        for s in &shape {
            let is_neg = self.b.ins().icmp_imm_s(IntCC::Equal, *s, -1);
            let one = self.b.ins().iconst(types::I64, 1);
            let f = self.b.ins().select(is_neg, one, *s);
            known = self.b.ins().imul(known, f);
        }
        let one = self.b.ins().iconst(types::I64, 1);
        let safe = self.b.ins().smax(known, one);
        let inferred = self.b.ins().sdiv(total, safe);
        let new_shape: Vec<Value> = shape
            .iter()
            .map(|s| {
                let is_neg = self.b.ins().icmp_imm_s(IntCC::Equal, *s, -1);
                self.b.ins().select(is_neg, inferred, *s)
            })
            .collect();
        let new_total = self.product(&new_shape);
        let ok = self.b.ins().icmp(IntCC::Equal, new_total, total);
        self.fail_if_not(ok, |t| {
            t.raise_now(
                RtError::ValueError,
                "cannot reshape array into the requested shape",
            )
        })?;
        let mut strides = vec![self.b.ins().iconst(types::I64, d.itemsize()); new_shape.len()];
        for k in (0..new_shape.len().saturating_sub(1)).rev() {
            strides[k] = self.b.ins().imul(strides[k + 1], new_shape[k + 1]);
        }
        let view = ArrayParts {
            meminfo: base.meminfo,
            data: base.data,
            shape: new_shape,
            strides,
        };
        if owned_copy {
            self.set_owned(r, view.into_vals());
        } else {
            self.set_plain(r, view.into_vals());
        }
        Ok(())
    }

    /// `numpy.random.shuffle` of any array: sub-arrays along the first axis.
    fn shuffle_rows(&mut self, p: &ArrayParts, d: Dtype) -> Result<()> {
        use cranelift_codegen::ir::{StackSlotData, StackSlotKind};
        let nd = p.shape.len();
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (16 * nd) as u32,
            3,
        ));
        for (i, s) in p.shape.iter().chain(p.strides.iter()).enumerate() {
            self.b
                .ins()
                .stack_store(types::I64, *s, slot, (i * 8) as i32);
        }
        let sp = self.b.ins().stack_addr(types::I64, slot, 0);
        let tp = self.b.ins().stack_addr(types::I64, slot, (nd * 8) as i32);
        let ndv = self.b.ins().iconst(types::I64, nd as i64);
        let item = self.b.ins().iconst(types::I64, d.itemsize());
        self.call_rt(&rt::SHUFFLE_ND, &[p.data, ndv, sp, tp, item])?;
        Ok(())
    }

    /// `numpy.random.rand(d0, ...)` / `randn(d0, ...)`.
    pub fn random_variadic(&mut self, r: ValueId, f: I, args: &[ValueId]) -> Result<()> {
        let Lower::Draw { scalar, fill } = f.lower() else {
            return Err(CompileError::internal(
                "codegen",
                format!("{} is not a draw", f.qualified()),
            ));
        };
        if args.is_empty() {
            let v = self.call_rt(scalar, &[])?[0];
            self.set_plain(r, vec![v]);
            return Ok(());
        }
        let shape = args
            .iter()
            .map(|a| self.int_value(*a))
            .collect::<Result<Vec<_>>>()?;
        let out = self.alloc_array(Dtype::Float64, shape.clone(), None)?;
        let n = self.product(&shape);
        self.call_rt(fill, &[out[1], n])?;
        self.set_owned(r, out);
        Ok(())
    }

    /// `seed`, `shuffle` and `permutation`: calls on the random state rather than draws of a
    /// distribution; false for the others.
    fn random_state_call(&mut self, r: ValueId, f: I, present: &[Option<ValueId>]) -> Result<bool> {
        let arg = |i: usize| present.get(i).copied().flatten();
        match f {
            I::RandomSeed => {
                let s = self
                    .int_value(arg(0).ok_or_else(|| CompileError::internal("codegen", "seed"))?)?;
                let st = self.call_rt(&rt::RANDOM_SEED, &[s])?[0];
                let bad = self.b.ins().icmp_imm_s(IntCC::NotEqual, st, 0);
                self.raise_if(
                    bad,
                    RtError::ValueError,
                    "Seed must be between 0 and 2**32 - 1",
                )?;
                self.set_plain(r, Vec::new());
                Ok(true)
            }
            I::RandomDefaultRng => {
                let s = arg(0).ok_or_else(|| CompileError::internal("codegen", "default_rng"))?;
                self.default_rng(r, s)?;
                Ok(true)
            }
            I::RandomChoice => {
                let a = arg(0).ok_or_else(|| CompileError::internal("codegen", "choice"))?;
                let rt_ty = self.ty(r).clone();
                self.choice_call(r, None, a, arg(1), arg(2), arg(3), &rt_ty)?;
                Ok(true)
            }
            I::RandomMultivariateNormal => {
                self.slots_call(r, &rt::RANDOM_MULTIVARIATE_NORMAL, present)?;
                Ok(true)
            }
            I::RandomShuffle => {
                let x = arg(0).ok_or_else(|| CompileError::internal("codegen", "shuffle"))?;
                let (p, d, _) = self.array_parts(x)?;
                self.check_writable(p.meminfo)?;
                self.shuffle_rows(&p, d)?;
                self.set_plain(r, Vec::new());
                Ok(true)
            }
            I::RandomPermutation => {
                let x = arg(0).ok_or_else(|| CompileError::internal("codegen", "permutation"))?;
                let out = if *self.ty(x) == Type::Int {
                    let n = self.int_value(x)?;
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
                    self.raise_if(
                        neg,
                        RtError::ValueError,
                        "negative dimensions are not allowed",
                    )?;
                    let out = self.alloc_array(Dtype::Int64, vec![n], None)?;
                    self.call_rt(&rt::PERMUTATION, &[out[1], n])?;
                    out
                } else {
                    let d = dtype_of(self.ty(x))?;
                    let out = self.copy_as(x, d)?;
                    let p = ArrayParts::from_vals(&out, (out.len() - 2) / 2);
                    self.shuffle_rows(&p, d)?;
                    out
                };
                self.set_owned(r, out);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    pub fn random_call(&mut self, r: ValueId, f: I, b: &[Option<ValueId>]) -> Result<()> {
        let present = self.without_nones(b);
        let arg = |i: usize| present.get(i).copied().flatten();
        let f64_arg = |s: &mut Self, i: usize, default: f64| -> Result<Value> {
            match b.get(i).copied().flatten() {
                Some(v) if *s.ty(v) != Type::None => s.float_value(v),
                _ => Ok(s.b.ins().f64const(default)),
            }
        };
        let rt = self.ty(r).clone();
        if self.random_state_call(r, f, &present)? {
            return Ok(());
        }
        // Distribution draws: scalar, or an array of `size` filled in order.
        let Rule::Draw {
            size: size_pos,
            int: int_draw,
        } = f.rule()
        else {
            return Err(CompileError::internal(
                "codegen",
                format!("{} passed typing", f.qualified()),
            ));
        };
        let Lower::Draw {
            scalar: scalar_fn,
            fill: fill_fn,
        } = f.lower()
        else {
            return Err(CompileError::internal(
                "codegen",
                format!("{} is not a draw", f.qualified()),
            ));
        };
        if self.array_param_draw(r, f, b, size_pos)? {
            return Ok(());
        }
        // The functions without shared parameters fill `fargs` below.
        let mut fargs: Vec<Value> = self.shared_dist_params(f, &arg)?.unwrap_or_default();
        match f {
            I::RandomNormal => {
                fargs.push(f64_arg(self, 0, 0.0)?);
                fargs.push(f64_arg(self, 1, 1.0)?);
                let z = self.b.ins().f64const(0.0);
                let neg = self.b.ins().fcmp(
                    cranelift_codegen::ir::condcodes::FloatCC::LessThan,
                    fargs[1],
                    z,
                );
                self.raise_if(neg, RtError::ValueError, "scale < 0")?;
            }
            I::RandomUniform => {
                let low = f64_arg(self, 0, 0.0)?;
                let high = f64_arg(self, 1, 1.0)?;
                // `range = high - low` must be finite (NumPy's `OverflowError`).
                let range = self.b.ins().fsub(high, low);
                let zero = self.b.ins().fsub(range, range);
                let bad = self.b.ins().fcmp(
                    cranelift_codegen::ir::condcodes::FloatCC::NotEqual,
                    zero,
                    zero,
                );
                self.raise_if(bad, RtError::OverflowError, "Range exceeds valid bounds")?;
                fargs.push(low);
                fargs.push(high);
            }
            I::RandomExponential => {
                fargs.push(f64_arg(self, 0, 1.0)?);
                let z = self.b.ins().f64const(0.0);
                let neg = self.b.ins().fcmp(
                    cranelift_codegen::ir::condcodes::FloatCC::LessThan,
                    fargs[0],
                    z,
                );
                self.raise_if(neg, RtError::ValueError, "scale < 0")?;
            }
            I::RandomStandardExponential => {
                fargs.push(self.b.ins().f64const(1.0));
            }
            I::RandomRandint => {
                let a = self.int_value(
                    arg(0).ok_or_else(|| CompileError::internal("codegen", "randint"))?,
                )?;
                let (lo, hi) = match arg(1) {
                    Some(h) => (a, self.int_value(h)?),
                    None => (self.b.ins().iconst(types::I64, 0), a),
                };
                let bad = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, lo, hi);
                // NumPy checks nothing when `size` holds no elements.
                let n = match (&rt, arg(size_pos)) {
                    (Type::Array { .. }, Some(size)) => {
                        let shape = self.shape_values(size)?;
                        Some(self.product(&shape))
                    }
                    _ => None,
                };
                let bad = self.and_nonempty(bad, n);
                // NumPy's `format_bounds_error`: `high <= 0` when `low` is 0.
                let low_zero = self.b.ins().icmp_imm_s(IntCC::Equal, lo, 0);
                let low_nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, lo, 0);
                for (when, msg) in [(low_zero, "high <= 0"), (low_nonzero, "low >= high")] {
                    let c = self.b.ins().band(bad, when);
                    self.raise_if(c, RtError::ValueError, msg)?;
                }
                fargs.push(lo);
                fargs.push(hi);
            }
            _ => {}
        }
        match (&rt, arg(size_pos)) {
            (Type::Array { .. }, Some(size)) => {
                let shape = self.shape_values(size)?;
                let d = if int_draw {
                    Dtype::Int64
                } else {
                    Dtype::Float64
                };
                let out = self.alloc_array(d, shape.clone(), None)?;
                let n = self.product(&shape);
                let mut all = vec![out[1], n];
                all.extend(fargs);
                self.call_rt(fill_fn, &all)?;
                self.set_owned(r, out);
            }
            _ => {
                let v = self.call_rt(scalar_fn, &fargs)?[0];
                self.set_plain(r, vec![v]);
            }
        }
        Ok(())
    }
}

fn s_zero(s: &mut FunctionTranslator<'_, '_, '_>, t: &Type) -> Value {
    s.zero_value(t)
}
fn s_one(s: &mut FunctionTranslator<'_, '_, '_>, t: &Type) -> Value {
    s.const_value(t, 1.0)
}
