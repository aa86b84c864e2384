//! NumPy in codegen: array operators, ufuncs, reductions, products, creation and random
//! functions. Element-wise results are lazy (see `ndarray.rs`); the rest materialise.

use super::translate::FunctionTranslator;
use super::values::{
    cl_type_of, compute_type, ArrayParts, EOp, Elem, Lazy, Reduction, Task, TaskKind, TaskOut,
};
use crate::error::{CompileError, Result};
use crate::intrinsics::{bind, Intrinsic as I, Lower, Module, Rule, UnaryFn};
use crate::ir::{BinOp, CmpOp, ValueId};
use crate::types::{Dtype, Layout, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use cranelift_frontend::Variable;
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

use super::state::dtype_of as result_dtype;

impl FunctionTranslator<'_, '_, '_> {
    /// Record an element-wise result: lazy for arrays, computed now for scalars.
    fn set_elementwise(&mut self, r: ValueId, elem: Elem, shape: Vec<Value>) -> Result<()> {
        let rt = self.ty(r).clone();
        match &rt {
            Type::Array { dtype, .. } => {
                self.lazy.insert(
                    r,
                    Lazy {
                        elem,
                        shape,
                        dtype: *dtype,
                    },
                );
                Ok(())
            }
            t => {
                let v = self.eval(&elem, &[])?;
                let from = elem.ty();
                let v = self.convert(v, &from, t)?;
                self.set_plain(r, vec![v]);
                Ok(())
            }
        }
    }

    /// `a op b` where an operand is an array (NumPy semantics, broadcasting).
    pub fn array_binary(&mut self, r: ValueId, op: EOp, a: ValueId, b: ValueId) -> Result<()> {
        if op == EOp::Arith(BinOp::MatMul) {
            return self.dot(r, a, b);
        }
        let la = self.lazy_of(a)?;
        let lb = self.lazy_of(b)?;
        let shape = self.broadcast(&[la.shape.clone(), lb.shape.clone()])?;
        let rd = result_dtype(self.ty(r))?;
        for l in [&la, &lb] {
            if let Elem::Scalar(x, t) = &l.elem {
                self.check_weak_int(*x, t, rd)?;
            }
        }
        let elem = Elem::Binary(op, Box::new(la.elem), Box::new(lb.elem), compute_type(rd));
        self.set_elementwise(r, wrapped(elem, rd), shape)
    }

    /// `a op= b` on an array: computed into `a` itself.
    pub fn array_inplace(&mut self, r: ValueId, op: EOp, a: ValueId, b: ValueId) -> Result<()> {
        let (dtype, ndim) = match self.ty(a) {
            Type::Array { dtype, ndim, .. } => (*dtype, *ndim as usize),
            _ => return Err(CompileError::internal("codegen", "in-place on a non-array")),
        };
        let target_vals = self.val(a)?;
        let target = ArrayParts::from_vals(&target_vals, ndim);
        let la = self.lazy_of(a)?;
        let lb = self.lazy_of(b)?;
        self.check_broadcast_to(&lb.shape, &target.shape)?;
        let work = crate::infer::numpy::promote(&[self.ty(a), self.ty(b)]).ok_or_else(|| {
            CompileError::internal("codegen", "in-place operands without a dtype")
        })?;
        let work = compute_type(work);
        let work = if op == EOp::Arith(BinOp::Div) && !work.is_float() {
            Type::Float
        } else {
            work
        };
        if let Elem::Scalar(x, t) = &lb.elem {
            if !work.is_float() {
                self.check_weak_int(*x, t, dtype)?;
            }
        }
        let lb_elem = lb.elem.clone();
        let elem = Elem::Binary(op, Box::new(la.elem), Box::new(lb.elem), work);
        let src = Lazy {
            elem,
            shape: target.shape.clone(),
            dtype,
        };
        // Element-wise in place: each element of the target is read before it is written, so
        // only another operand sharing the target's memory needs a copy first.
        let mut ms = Vec::new();
        lb_elem.extents(&mut ms);
        self.assign_safely(&target, dtype, &src, ms)?;
        self.set_plain(r, target_vals);
        Ok(())
    }

    /// Store `src` into `dst`; when one of the byte ranges `readers` overlaps `dst`, the source
    /// is materialised first (NumPy computes as if inputs were copied).
    pub fn assign_safely(
        &mut self,
        dst: &ArrayParts,
        dtype: Dtype,
        src: &Lazy,
        readers: Vec<(Value, Value)>,
    ) -> Result<()> {
        let (dlo, dhi) = self.extent(dst, dtype.itemsize());
        let mut overlap: Option<Value> = None;
        for (lo, hi) in readers {
            let a = self.b.ins().icmp(IntCC::UnsignedLessThan, lo, dhi);
            let b = self.b.ins().icmp(IntCC::UnsignedLessThan, dlo, hi);
            let same = self.b.ins().band(a, b);
            overlap = Some(match overlap {
                None => same,
                Some(o) => self.b.ins().bor(o, same),
            });
        }
        let Some(overlap) = overlap else {
            return self.store_lazy(dst, dtype, src);
        };
        let copy_b = self.b.create_block();
        let direct_b = self.b.create_block();
        let join = self.b.create_block();
        self.b.ins().brif(overlap, copy_b, &[], direct_b, &[]);
        self.b.switch_to_block(copy_b);
        let tmp = self.materialize(src)?;
        let tparts = ArrayParts::from_vals(&tmp, src.shape.len());
        let leaf = self.leaf(&tparts, src.dtype);
        let tl = Lazy {
            elem: leaf,
            shape: src.shape.clone(),
            dtype: src.dtype,
        };
        self.store_lazy(dst, dtype, &tl)?;
        self.call_rt(&rt::DECREF, &[tmp[0]])?;
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(direct_b);
        self.store_lazy(dst, dtype, src)?;
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        Ok(())
    }

    pub fn array_unary_op(&mut self, r: ValueId, f: UnaryFn, a: ValueId) -> Result<()> {
        let l = self.lazy_of(a)?;
        let rd = result_dtype(self.ty(r))?;
        let f = match f {
            // What x86-64 gives converting `1.0 / 0` to the integer dtype (NumPy's loop).
            // (A bool scalar's result is a Python int here, NumPy's int8 0 for `False`.)
            UnaryFn::Reciprocal if rd.is_int() => UnaryFn::ReciprocalInt(match rd {
                _ if *self.ty(a) == Type::Bool => 0,
                Dtype::Int64 => i64::MIN,
                Dtype::Int32 => i32::MIN as i64,
                _ => 0,
            }),
            f => f,
        };
        let elem = Elem::Unary(f, Box::new(l.elem), compute_type(rd));
        self.set_elementwise(r, wrapped(elem, rd), l.shape)
    }

    pub fn array_compare(&mut self, r: ValueId, op: CmpOp, a: ValueId, b: ValueId) -> Result<()> {
        self.array_binary(r, EOp::Cmp(op), a, b)
    }

    /// A call of a `numpy` or `numpy.random` function (or an array method, receiver first).
    pub fn numpy_call(
        &mut self,
        r: ValueId,
        f: I,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        if matches!(f, I::RandomRand | I::RandomRandn) {
            return self.random_variadic(r, f, args);
        }
        let span = crate::error::Span::default();
        let b = bind(f, args, kwargs, span)?;
        let arg = |i: usize| b.get(i).copied().flatten();
        let bound: Vec<ValueId> = b.iter().flatten().copied().collect();
        if self.complex_array_call(r, f, &bound)? {
            return Ok(());
        }
        let need = |i: usize| {
            arg(i).ok_or_else(|| CompileError::internal("codegen", format!("argument {i} missing")))
        };
        if f.module() == Module::Random {
            return self.random_call(r, f, &b);
        }
        let rt = self.ty(r).clone();
        if let Rule::Reduce(rule) = f.rule() {
            let a = need(0)?;
            let nd = match self.ty(a) {
                Type::Array { ndim, .. } => *ndim as i64,
                _ => 0,
            };
            let axis = arg(1)
                .and_then(|v| self.tf.const_int(v))
                .map(|k| if k < 0 { k + nd } else { k } as usize);
            let axis = if nd == 1 && rule != crate::intrinsics::ReduceRule::Cumulative {
                None
            } else {
                axis
            };
            return self.reduction(r, f, a, axis, arg(2));
        }
        if matches!(f, I::Round | I::Around) {
            if let Some(d) = arg(1)
                .and_then(|v| self.tf.const_int(v))
                .filter(|d| *d != 0)
            {
                let d = i32::try_from(d)
                    .map_err(|_| CompileError::unsupported("`decimals` out of range", self.span))?;
                return self.array_unary_op(r, UnaryFn::RoundTo(d), need(0)?);
            }
        }
        match f.lower() {
            Lower::Unary(op) => return self.array_unary_op(r, op, need(0)?),
            Lower::Binary(op) => return self.array_binary(r, op, need(0)?, need(1)?),
            Lower::Slots(routine) => return self.slots_call(r, routine, &b),
            _ => {}
        }
        match f {
            // `where(condition)` is `nonzero(condition)`.
            I::Where if arg(1).is_none() && arg(2).is_none() => {
                self.slots_call(r, &oxjit_runtime::decls::NP_NONZERO, &b[..1])
            }
            I::Where => {
                let (c, x, y) = (need(0)?, need(1)?, need(2)?);
                let (lc, lx, ly) = (self.lazy_of(c)?, self.lazy_of(x)?, self.lazy_of(y)?);
                let shape =
                    self.broadcast(&[lc.shape.clone(), lx.shape.clone(), ly.shape.clone()])?;
                let to = compute_type(result_dtype(&rt)?);
                let e = Elem::Where(Box::new(lc.elem), Box::new(lx.elem), Box::new(ly.elem), to);
                self.set_elementwise(r, e, shape)
            }
            I::Clip => {
                let (a, lo, hi) = (need(0)?, need(1)?, need(2)?);
                let (la, mut llo, mut lhi) =
                    (self.lazy_of(a)?, self.lazy_of(lo)?, self.lazy_of(hi)?);
                let shape =
                    self.broadcast(&[la.shape.clone(), llo.shape.clone(), lhi.shape.clone()])?;
                let rd = result_dtype(&rt)?;
                for (l, lower) in [(&mut llo, true), (&mut lhi, false)] {
                    if let Elem::Scalar(x, t) = &l.elem {
                        let v = self.clip_bound(*x, t, rd, lower)?;
                        l.elem = Elem::Scalar(v, t.clone());
                    }
                }
                let to = compute_type(rd);
                let lower = Elem::Binary(
                    EOp::Maximum,
                    Box::new(la.elem),
                    Box::new(llo.elem),
                    to.clone(),
                );
                let e = Elem::Binary(EOp::Minimum, Box::new(lower), Box::new(lhi.elem), to);
                self.set_elementwise(r, e, shape)
            }
            I::Frexp | I::Modf | I::Divmod => self.ufunc_pair(r, f, &bound),
            I::UnravelIndex => {
                let flat = self.int_value(need(0)?)?;
                let dims = self.val(need(1)?)?;
                // A negative dimension, or an index outside `[0, size)`: NumPy's ValueError.
                let size = self.product(&dims);
                let mut any_neg = self.b.ins().iconst(types::I8, 0);
                for d in &dims {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *d, 0);
                    any_neg = self.b.ins().bor(any_neg, neg);
                }
                let outside = self
                    .b
                    .ins()
                    .icmp(IntCC::UnsignedGreaterThanOrEqual, flat, size);
                let bad = self.b.ins().bor(outside, any_neg);
                self.fail_if(bad, |t| {
                    let m1 = t.b.ins().iconst(types::I64, -1);
                    let reported = t.b.ins().select(any_neg, m1, size);
                    t.call_rt(
                        &oxjit_runtime::decls::UNRAVEL_INDEX_ERROR,
                        &[flat, reported],
                    )?;
                    Ok(())
                })?;
                let out = self.unravel(flat, &dims);
                self.set_plain(r, out);
                Ok(())
            }
            I::Dot | I::Matmul | I::Vdot => self.dot(r, need(0)?, need(1)?),
            I::Outer => {
                let (a, b2) = (need(0)?, need(1)?);
                let pa = self.flat_parts(a)?;
                let pb = self.flat_parts(b2)?;
                let (da, db) = (result_dtype(self.ty(a))?, result_dtype(self.ty(b2))?);
                let zero = self.b.ins().iconst(types::I64, 0);
                let col = ArrayParts {
                    meminfo: pa.meminfo,
                    data: pa.data,
                    shape: vec![pa.shape[0]],
                    strides: vec![pa.strides[0], zero],
                };
                let ext_a = self.extent(&pa, da.itemsize());
                let ext_b = self.extent(&pb, db.itemsize());
                let ea = Elem::Leaf {
                    extent: ext_a,
                    data: col.data,
                    strides: col.strides.clone(),
                    dtype: da,
                    raw: Vec::new(),
                    dims: Vec::new(),
                };
                let eb = Elem::Leaf {
                    extent: ext_b,
                    data: pb.data,
                    strides: vec![pb.strides[0]],
                    dtype: db,
                    raw: Vec::new(),
                    dims: Vec::new(),
                };
                let to = compute_type(result_dtype(&rt)?);
                let e = Elem::Binary(EOp::Arith(BinOp::Mul), Box::new(ea), Box::new(eb), to);
                self.set_elementwise(r, e, vec![pa.shape[0], pb.shape[0]])
            }
            _ => self.numpy_other(r, f, &b),
        }
    }

    /// A 1-D view of an array's elements in C order (a copy unless it is already 1-D).
    fn flat_parts(&mut self, v: ValueId) -> Result<ArrayParts> {
        let (p, d, _) = self.array_parts(v)?;
        if p.shape.len() == 1 {
            return Ok(p);
        }
        let c = self.copy_as(v, d)?;
        self.release_later(&c);
        let cp = ArrayParts::from_vals(&c, p.shape.len());
        let n = self.product(&cp.shape);
        let item = self.b.ins().iconst(types::I64, d.itemsize());
        Ok(ArrayParts {
            meminfo: cp.meminfo,
            data: cp.data,
            shape: vec![n],
            strides: vec![item],
        })
    }

    /// Reductions: whole array (scalar result) or along one axis.
    fn reduction(
        &mut self,
        r: ValueId,
        f: I,
        a: ValueId,
        axis: Option<usize>,
        ddof: Option<ValueId>,
    ) -> Result<()> {
        let rt = self.ty(r).clone();
        if let Type::Array { ndim: 0, dtype, .. } = self.ty(a).clone() {
            // `sum`/`prod`/`min`/`max`/`mean` of a 0-d array: its element (typing allows no
            // other reduction and no axis).
            let x = self.translate_getitem(a, &[], &[], self.span)?[0];
            let mut v = self.convert(x, &dtype.scalar(), &rt)?;
            if matches!(f, I::Sum | I::Mean) && rt.is_float() {
                // NumPy adds to a +0.0 start: the sum of -0.0 is 0.0.
                let zero = if rt == Type::Float32 {
                    self.b.ins().f32const(0.0)
                } else {
                    self.b.ins().f64const(0.0)
                };
                v = self.b.ins().fadd(v, zero);
            }
            self.set_plain(r, vec![v]);
            return Ok(());
        }
        let l = self.lazy_of(a)?;
        let acc_t = compute_type(result_dtype(&rt)?);
        match f {
            I::Cumsum | I::Cumprod => {
                let red = if f == I::Cumsum {
                    Reduction::Sum
                } else {
                    Reduction::Prod
                };
                let out = self.cumulative(&l, red, axis, result_dtype(&rt)?)?;
                self.set_owned(r, out);
                return Ok(());
            }
            I::Mean | I::Var | I::Std => {
                let v = self.moments(&l, f, axis, &acc_t, ddof)?;
                return self.set_reduced(r, v, &acc_t);
            }
            _ => {}
        }
        let Lower::Reduce(red) = f.lower() else {
            return Err(CompileError::internal(
                "codegen",
                format!("`{}` has no reduction", f.qualified()),
            ));
        };
        if matches!(
            red,
            Reduction::Min | Reduction::Max | Reduction::ArgMin | Reduction::ArgMax
        ) {
            // No identity: an empty reduction raises, unless (along an axis) the result is
            // itself empty.
            let empty = match axis {
                None => {
                    let total = self.product(&l.shape);
                    self.b.ins().icmp_imm_s(IntCC::Equal, total, 0)
                }
                Some(ax) => {
                    let mut rest = l.shape.clone();
                    let n = rest.remove(ax);
                    let out = self.product(&rest);
                    let a = self.b.ins().icmp_imm_s(IntCC::Equal, n, 0);
                    let b = self.b.ins().icmp_imm_s(IntCC::NotEqual, out, 0);
                    self.b.ins().band(a, b)
                }
            };
            self.raise_if(
                empty,
                RtError::ValueError,
                "zero-size array to reduction operation which has no identity",
            )?;
        }
        let elem_t = if matches!(red, Reduction::ArgMin | Reduction::ArgMax) {
            compute_type(l.dtype)
        } else {
            acc_t.clone()
        };
        let v = self.reduce(&l, red, axis, &elem_t)?;
        let out_t = if matches!(red, Reduction::ArgMin | Reduction::ArgMax) {
            Type::Int
        } else if matches!(red, Reduction::All | Reduction::Any) {
            Type::Bool
        } else {
            elem_t
        };
        self.set_reduced(r, v, &out_t)
    }

    /// Set a reduction result: a scalar, or (with an axis) a materialised array.
    fn set_reduced(&mut self, r: ValueId, v: Reduced, acc_t: &Type) -> Result<()> {
        match v {
            Reduced::Scalar(x) => {
                let rt = self.ty(r).clone();
                let x = self.convert(x, acc_t, &rt)?;
                self.set_plain(r, vec![x]);
            }
            Reduced::Array(vals) => self.set_owned(r, vals),
        }
        Ok(())
    }

    /// Reduce a lazy value over all elements (chunked), or along `axis` into a new array.
    fn reduce(
        &mut self,
        l: &Lazy,
        red: Reduction,
        axis: Option<usize>,
        t: &Type,
    ) -> Result<Reduced> {
        let elem = l.elem.clone();
        let from = elem.ty();
        let arg = matches!(red, Reduction::ArgMin | Reduction::ArgMax);
        let to_bool = matches!(red, Reduction::All | Reduction::Any);
        let t = if to_bool { Type::Bool } else { t.clone() };
        match axis {
            None => {
                let task = Task {
                    kind: TaskKind::Reduce(red),
                    elem: elem.clone(),
                    t: t.clone(),
                    shape: l.shape.clone(),
                };
                match self.run_tasks(&[task])?.pop() {
                    Some(TaskOut::Scalar(v)) => Ok(Reduced::Scalar(v)),
                    _ => Err(CompileError::internal(
                        "codegen",
                        "reduction without a scalar",
                    )),
                }
            }
            Some(ax) => {
                let out_t = if arg { Type::Int } else { t.clone() };
                let out_d = super::state::dtype_of(&out_t)?;
                let mut out_shape = l.shape.clone();
                let n_ax = out_shape.remove(ax);
                let out = self.alloc_array(out_d, out_shape.clone(), None)?;
                let op = ArrayParts::from_vals(&out, out_shape.len());
                let (odata, ostrides) = (op.data, op.strides.clone());
                let t2 = t.clone();
                self.emit_nest(&out_shape, &mut |s, oidx, _| {
                    let acc = s.b.declare_var(cl_type_of(&t2));
                    let pos = s.b.declare_var(types::I64);
                    let init = s.red_init(red, &t2);
                    s.b.def_var(acc, init);
                    let z = s.b.ins().iconst(types::I64, 0);
                    s.b.def_var(pos, z);
                    let oidx = oidx.to_vec();
                    s.emit_range(z, n_ax, &mut |s, k| {
                        let mut idx = oidx.clone();
                        idx.insert(ax, k);
                        let x = s.eval(&elem, &idx)?;
                        let x = s.convert(x, &from, &t2)?;
                        let cur = s.b.use_var(acc);
                        if arg {
                            let better = s.arg_better(red, x, cur, &t2);
                            let nv = s.b.ins().select(better, x, cur);
                            let cp = s.b.use_var(pos);
                            let np = s.b.ins().select(better, k, cp);
                            s.b.def_var(acc, nv);
                            s.b.def_var(pos, np);
                        } else {
                            let nv = s.red_step(red, cur, x, &t2)?;
                            s.b.def_var(acc, nv);
                        }
                        Ok(())
                    })?;
                    let v = if arg {
                        s.b.use_var(pos)
                    } else {
                        s.b.use_var(acc)
                    };
                    let addr = s.address(odata, &ostrides, &oidx);
                    s.store_element(addr, out_d, v, &out_t)
                })?;
                Ok(Reduced::Array(out))
            }
        }
    }

    /// Rows `lo..hi` of the outermost axis of `shape` (the inner axes nested inside), calling
    /// `body` with the indices, the global C-order position and the partial accumulators.
    #[allow(clippy::type_complexity)]
    pub fn chunk_rows(
        &mut self,
        shape: &[Value],
        lo: Value,
        hi: Value,
        vars: &[Variable],
        body: &mut dyn FnMut(&mut Self, &[Value], Value, &[Variable]) -> Result<()>,
    ) -> Result<()> {
        let inner: Vec<Value> = shape[1..].to_vec();
        let inner_size = self.product(&inner);
        let vars = vars.to_vec();
        self.emit_range(lo, hi, &mut |s, i0| {
            if inner.is_empty() {
                return body(s, &[i0], i0, &vars);
            }
            let base = s.b.ins().imul(i0, inner_size);
            let vars3 = vars.clone();
            s.emit_nest(&inner, &mut |s, idx, lin| {
                let mut full = vec![i0];
                full.extend_from_slice(idx);
                let linear = s.b.ins().iadd(base, lin);
                body(s, &full, linear, &vars3)
            })
        })
    }

    /// mean, var, std (two passes for var/std, as NumPy; the squared deviations are divided
    /// by `max(n - ddof, 0)`).
    fn moments(
        &mut self,
        l: &Lazy,
        f: I,
        axis: Option<usize>,
        t: &Type,
        ddof: Option<ValueId>,
    ) -> Result<Reduced> {
        let n = match axis {
            None => self.product(&l.shape),
            Some(a) => l.shape[a],
        };
        let nf = self.convert(n, &Type::Int, t)?;
        let sum = self.reduce(l, Reduction::Sum, axis, t)?;
        let div = |s: &mut Self, x: Value| -> Value { s.b.ins().fdiv(x, nf) };
        let mean = match sum {
            Reduced::Scalar(x) => Reduced::Scalar(div(self, x)),
            Reduced::Array(vals) => {
                let nd = l.shape.len() - 1;
                let p = ArrayParts::from_vals(&vals, nd);
                let d = super::state::dtype_of(t)?;
                let (data, strides, shape) = (p.data, p.strides.clone(), p.shape.clone());
                self.emit_nest(&shape, &mut |s, idx, _| {
                    let a = s.address(data, &strides, idx);
                    let x = s.load_element(a, d);
                    let y = s.b.ins().fdiv(x, nf);
                    s.store_element(a, d, y, &d.scalar())
                })?;
                Reduced::Array(vals)
            }
        };
        if f == I::Mean {
            return Ok(mean);
        }
        // Second pass: mean of squared deviations.
        let centered = match &mean {
            Reduced::Scalar(m) => {
                let c = Elem::Binary(
                    EOp::Arith(BinOp::Sub),
                    Box::new(Elem::Cast(Box::new(l.elem.clone()), t.clone())),
                    Box::new(Elem::Scalar(*m, t.clone())),
                    t.clone(),
                );
                Elem::Binary(
                    EOp::Arith(BinOp::Mul),
                    Box::new(c.clone()),
                    Box::new(c),
                    t.clone(),
                )
            }
            Reduced::Array(vals) => {
                let nd = l.shape.len() - 1;
                let p = ArrayParts::from_vals(vals, nd);
                let ax = axis.unwrap_or(0);
                // Broadcast the means back along the reduced axis (stride 0).
                let zero = self.b.ins().iconst(types::I64, 0);
                let mut strides = p.strides.clone();
                strides.insert(ax, zero);
                let d = super::state::dtype_of(t)?;
                let d0 = super::state::dtype_of(t)?;
                let ext = self.extent(&p, d0.itemsize());
                let m = Elem::Leaf {
                    extent: ext,
                    data: p.data,
                    strides,
                    dtype: d,
                    raw: Vec::new(),
                    dims: Vec::new(),
                };
                let c = Elem::Binary(
                    EOp::Arith(BinOp::Sub),
                    Box::new(Elem::Cast(Box::new(l.elem.clone()), t.clone())),
                    Box::new(m),
                    t.clone(),
                );
                Elem::Binary(
                    EOp::Arith(BinOp::Mul),
                    Box::new(c.clone()),
                    Box::new(c),
                    t.clone(),
                )
            }
        };
        let sq = Lazy {
            elem: centered,
            shape: l.shape.clone(),
            dtype: super::state::dtype_of(t)?,
        };
        let ss = self.reduce(&sq, Reduction::Sum, axis, t)?;
        if let Reduced::Array(vals) = &mean {
            self.call_rt(&rt::DECREF, &[vals[0]])?;
        }
        let dof = match ddof {
            Some(v) => {
                let d = self.scalar(v)?;
                let d = self.convert(d, self.ty(v), t)?;
                let left = self.b.ins().fsub(nf, d);
                let zero = if *t == Type::Float32 {
                    self.b.ins().f32const(0.0)
                } else {
                    self.b.ins().f64const(0.0)
                };
                self.b.ins().fmax(left, zero)
            }
            None => nf,
        };
        let finish = |s: &mut Self, x: Value| -> Value {
            let v = s.b.ins().fdiv(x, dof);
            if f == I::Std {
                s.b.ins().sqrt(v)
            } else {
                v
            }
        };
        Ok(match ss {
            Reduced::Scalar(x) => Reduced::Scalar(finish(self, x)),
            Reduced::Array(vals) => {
                let nd = l.shape.len() - 1;
                let p = ArrayParts::from_vals(&vals, nd);
                let d = super::state::dtype_of(t)?;
                let (data, strides, shape) = (p.data, p.strides.clone(), p.shape.clone());
                self.emit_nest(&shape, &mut |s, idx, _| {
                    let a = s.address(data, &strides, idx);
                    let x = s.load_element(a, d);
                    let y = finish(s, x);
                    s.store_element(a, d, y, &d.scalar())
                })?;
                Reduced::Array(vals)
            }
        })
    }

    /// cumsum / cumprod: flattened (no axis) or along an axis.
    fn cumulative(
        &mut self,
        l: &Lazy,
        red: Reduction,
        axis: Option<usize>,
        d: Dtype,
    ) -> Result<Vec<Value>> {
        let t = compute_type(d);
        let elem = l.elem.clone();
        let from = elem.ty();
        match axis {
            None => {
                let total = self.product(&l.shape);
                let out = self.alloc_array(d, vec![total], None)?;
                let data = out[1];
                let acc = self.b.declare_var(cl_type_of(&t));
                let init = self.red_init(red, &t);
                self.b.def_var(acc, init);
                let item = d.itemsize();
                self.emit_nest(&l.shape, &mut |s, idx, lin| {
                    let x = s.eval(&elem, idx)?;
                    let x = s.convert(x, &from, &t)?;
                    let cur = s.b.use_var(acc);
                    let nv = s.red_step(red, cur, x, &t)?;
                    s.b.def_var(acc, nv);
                    let off = s.b.ins().imul_imm_s(lin, item);
                    let a = s.b.ins().iadd(data, off);
                    s.store_element(a, d, nv, &t)
                })?;
                Ok(out)
            }
            Some(ax) => {
                let out = self.alloc_array(d, l.shape.clone(), None)?;
                let p = ArrayParts::from_vals(&out, l.shape.len());
                let mut outer = l.shape.clone();
                let n_ax = outer.remove(ax);
                let (data, strides) = (p.data, p.strides.clone());
                self.emit_nest(&outer, &mut |s, oidx, _| {
                    let acc = s.b.declare_var(cl_type_of(&t));
                    let init = s.red_init(red, &t);
                    s.b.def_var(acc, init);
                    let z = s.b.ins().iconst(types::I64, 0);
                    let oidx = oidx.to_vec();
                    s.emit_range(z, n_ax, &mut |s, k| {
                        let mut idx = oidx.clone();
                        idx.insert(ax, k);
                        let x = s.eval(&elem, &idx)?;
                        let x = s.convert(x, &from, &t)?;
                        let cur = s.b.use_var(acc);
                        let nv = s.red_step(red, cur, x, &t)?;
                        s.b.def_var(acc, nv);
                        let a = s.address(data, &strides, &idx);
                        s.store_element(a, d, nv, &t)
                    })
                })?;
                Ok(out)
            }
        }
    }

    /// `numpy.dot` / `@`.
    fn dot(&mut self, r: ValueId, a: ValueId, b: ValueId) -> Result<()> {
        let rt = self.ty(r).clone();
        let (ta, tb) = (self.ty(a).clone(), self.ty(b).clone());
        if ta.is_number() || tb.is_number() {
            return self.array_binary(r, EOp::Arith(BinOp::Mul), a, b);
        }
        let (pa, da, la) = self.array_parts(a)?;
        let (pb, db, lb) = self.array_parts(b)?;
        let t = compute_type(result_dtype(&rt)?);
        let not_aligned = |s: &mut Self, x: Value, y: Value| -> Result<()> {
            let ok = s.b.ins().icmp(IntCC::Equal, x, y);
            s.fail_if_not(ok, |s| {
                s.raise_now(RtError::ValueError, "shapes not aligned")
            })
        };
        match (pa.shape.len(), pb.shape.len()) {
            (1, 1) => {
                not_aligned(self, pa.shape[0], pb.shape[0])?;
                let ea = self.leaf_of_layout(&pa, da, la);
                let eb = self.leaf_of_layout(&pb, db, lb);
                let prod = Lazy {
                    elem: Elem::Binary(
                        EOp::Arith(BinOp::Mul),
                        Box::new(ea),
                        Box::new(eb),
                        t.clone(),
                    ),
                    shape: pa.shape.clone(),
                    dtype: result_dtype(&rt)?,
                };
                let v = self.reduce(&prod, Reduction::Sum, None, &t)?;
                // NumPy sums narrow integers in their dtype, so the result wraps to it.
                let d = Dtype::promote(da, db);
                let v = match v {
                    Reduced::Scalar(x) if d.is_int() && d.itemsize() < 8 => {
                        Reduced::Scalar(self.wrap_narrow(x, d))
                    }
                    v => v,
                };
                self.set_reduced(r, v, &t)
            }
            (2, 1) => {
                not_aligned(self, pa.shape[1], pb.shape[0])?;
                self.matvec(r, pa, da, la == Layout::C, pb, db, &t)
            }
            (1, 2) => {
                not_aligned(self, pa.shape[0], pb.shape[0])?;
                // v · M = Mᵀ · v
                let mt = ArrayParts {
                    meminfo: pb.meminfo,
                    data: pb.data,
                    shape: vec![pb.shape[1], pb.shape[0]],
                    strides: vec![pb.strides[1], pb.strides[0]],
                };
                self.matvec(r, mt, db, false, pa, da, &t)
            }
            _ => {
                not_aligned(self, pa.shape[1], pb.shape[0])?;
                let d = result_dtype(&rt)?;
                let out = self.alloc_array(d, vec![pa.shape[0], pb.shape[1]], Some(0))?;
                if (da, db, d) == (Dtype::Float64, Dtype::Float64, Dtype::Float64) {
                    // faer's blocked, vectorised product (`linalg/product.rs`).
                    let args = [
                        pa.shape[0],
                        pa.shape[1],
                        pb.shape[1],
                        pa.data,
                        pa.strides[0],
                        pa.strides[1],
                        pb.data,
                        pb.strides[0],
                        pb.strides[1],
                        out[1],
                    ];
                    self.call_rt(&rt::MATMUL_F64, &args)?;
                    self.set_owned(r, out);
                    return Ok(());
                }
                let op = ArrayParts::from_vals(&out, 2);
                let zero = self.b.ins().iconst(types::I64, 0);
                let (n, kk, m) = (pa.shape[0], pa.shape[1], pb.shape[1]);
                self.emit_range(zero, n, &mut |s, i| {
                    s.emit_range(zero, kk, &mut |s, k| {
                        let aa = s.address(pa.data, &pa.strides, &[i, k]);
                        let x = s.load_element(aa, da);
                        let x = s.convert(x, &da.scalar(), &t)?;
                        s.emit_range(zero, m, &mut |s, j| {
                            let ba = s.address(pb.data, &pb.strides, &[k, j]);
                            let y = s.load_element(ba, db);
                            let y = s.convert(y, &db.scalar(), &t)?;
                            let oa = s.address(op.data, &op.strides, &[i, j]);
                            let cur = s.load_element(oa, d);
                            let p = s.np_binary(EOp::Arith(BinOp::Mul), x, &t, y, &t, &t)?;
                            let nv = s.np_binary(EOp::Arith(BinOp::Add), cur, &t, p, &t, &t)?;
                            s.store_element(oa, d, nv, &t)
                        })
                    })
                })?;
                self.set_owned(r, out);
                Ok(())
            }
        }
    }

    /// Matrix × vector. A C-contiguous matrix stays lazy (each row's product is computed where
    /// it is consumed, fusing with what follows); otherwise, for a few long rows (e.g.
    /// `Xᵀ · err` with X of shape (n, 2)), one pass accumulates every row at once.
    #[allow(clippy::too_many_arguments)]
    fn matvec(
        &mut self,
        r: ValueId,
        m: ArrayParts,
        md: Dtype,
        lazy_ok: bool,
        v: ArrayParts,
        vd: Dtype,
        t: &Type,
    ) -> Result<()> {
        let rows = m.shape[0];
        let d = result_dtype(self.ty(r))?;
        let mext = self.extent(&m, md.itemsize());
        let vext = self.extent(&v, vd.itemsize());
        let e = Elem::MatVec {
            vpre: Vec::new(),
            m: m.clone(),
            v: v.clone(),
            mext,
            vext,
            mdtype: md,
            vdtype: vd,
            ty: t.clone(),
        };
        if lazy_ok {
            self.lazy.insert(
                r,
                Lazy {
                    elem: e,
                    shape: vec![rows],
                    dtype: d,
                },
            );
            return Ok(());
        }
        // Computed as the column task (one pass for a few rows, else row by row).
        let task = Task {
            kind: TaskKind::ColMatVec {
                m: m.clone(),
                mdtype: md,
                rows,
                fixed_rows: None,
            },
            elem: self.leaf(&v, vd),
            t: t.clone(),
            shape: vec![m.shape[1]],
        };
        let res = self.colmatvec_any(&task)?;
        let rd = super::state::dtype_of(t)?;
        let out = if rd == d {
            res
        } else {
            // Accumulated in int64: cast to the result dtype (e.g. int32).
            let p = ArrayParts::from_vals(&res, 1);
            let leaf = self.leaf(&p, rd);
            let cast = Lazy {
                elem: Elem::Cast(Box::new(leaf), compute_type(d)),
                shape: vec![rows],
                dtype: d,
            };
            let out = self.materialize(&cast)?;
            self.call_rt(&rt::DECREF, &[res[0]])?;
            out
        };
        self.set_owned(r, out);
        Ok(())
    }
}

/// A reduction result.
pub enum Reduced {
    Scalar(Value),
    Array(Vec<Value>),
}

/// An element expression whose result dtype is a narrow integer, wrapped to its width (NumPy
/// holds the intermediate in that dtype; oxjit computes it in int64).
pub(super) fn wrapped(e: Elem, d: crate::types::Dtype) -> Elem {
    if d.is_narrow_int() {
        Elem::Unary(crate::intrinsics::UnaryFn::Wrap(d), Box::new(e), Type::Int)
    } else {
        e
    }
}
