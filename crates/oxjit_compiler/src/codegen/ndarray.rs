//! Array expressions in codegen: element-wise operations stay lazy ([`Elem`] trees over a
//! broadcast shape) until something needs the array itself, so chains of element-wise
//! operations and the reductions or products that consume them compile to one loop nest with no
//! temporary array. Loop nests, broadcasting checks, materialisation and reductions live here.
//!
//! Reductions of floating-point sums are split into fixed chunks of the outermost axis
//! (`loops::schedule::ARRAY_ROWS`), each chunk summed in order and the partial sums combined in chunk order —
//! the scheme parallel code uses too, so results do not depend on `parallel=`.

use super::power::PowerRules;
use super::translate::FunctionTranslator;
use super::values::{ArrayParts, EOp, Elem, Lazy, NestBody};
use crate::error::{CompileError, Result};
use crate::ir::{BinOp, CmpOp, ValueId};
use crate::types::{Dtype, Layout, Type};
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, Value,
};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;
use std::collections::HashMap;

impl FunctionTranslator<'_, '_, '_> {
    /// A read of array `v` (materialised) as a broadcastable leaf.
    pub fn leaf(&mut self, parts: &ArrayParts, dtype: Dtype) -> Elem {
        let zero = self.b.ins().iconst(types::I64, 0);
        let strides = parts
            .shape
            .iter()
            .zip(&parts.strides)
            .map(|(d, s)| match self.const_of(*d) {
                // Folded now so that kernels (which rebuild constants) see constant strides.
                Some(1) => zero,
                Some(_) => *s,
                None => {
                    let one = self.b.ins().icmp_imm_s(IntCC::Equal, *d, 1);
                    self.b.ins().select(one, zero, *s)
                }
            })
            .collect();
        let extent = self.extent(parts, dtype.itemsize());
        Elem::Leaf {
            extent,
            data: parts.data,
            strides,
            dtype,
            raw: parts.strides.clone(),
            dims: parts.shape.clone(),
        }
    }

    /// [`Self::leaf`] for an array of known layout: the contiguous axis of its own strides is
    /// the item size (a constant).
    pub fn leaf_of_layout(&mut self, parts: &ArrayParts, dtype: Dtype, layout: Layout) -> Elem {
        let mut e = self.leaf(parts, dtype);
        if let Elem::Leaf { raw, .. } = &mut e {
            let n = raw.len();
            let axis = match layout {
                Layout::C if n > 0 => Some(n - 1),
                Layout::F if n > 0 => Some(0),
                _ => None,
            };
            if let Some(k) = axis {
                raw[k] = self.b.ins().iconst(types::I64, dtype.itemsize());
            }
        }
        e
    }

    /// The byte range `[lo, hi)` a strided array covers.
    pub fn extent(&mut self, p: &ArrayParts, itemsize: i64) -> (Value, Value) {
        let mut lo = p.data;
        let mut hi = self.b.ins().iadd_imm_s(p.data, itemsize);
        let zero = self.b.ins().iconst(types::I64, 0);
        for (d, s) in p.shape.iter().zip(&p.strides) {
            let d1 = self.b.ins().iadd_imm_s(*d, -1);
            let span = self.b.ins().imul(d1, *s);
            let neg = self.b.ins().smin(span, zero);
            let pos = self.b.ins().smax(span, zero);
            lo = self.b.ins().iadd(lo, neg);
            hi = self.b.ins().iadd(hi, pos);
        }
        (lo, hi)
    }

    /// The element-wise view of an IR value: lazy, an array, or a scalar.
    pub fn lazy_of(&mut self, v: ValueId) -> Result<Lazy> {
        if let Some(l) = self.lazy.get(&v) {
            return Ok(l.clone());
        }
        match self.ty(v).clone() {
            Type::Array {
                dtype,
                ndim,
                layout,
            } => {
                let vals = self.val(v)?;
                let parts = ArrayParts::from_vals(&vals, ndim as usize);
                let shape = parts.shape.clone();
                let elem = self.leaf_of_layout(&parts, dtype, layout);
                Ok(Lazy { elem, shape, dtype })
            }
            t if t.is_number() => {
                let x = self.scalar(v)?;
                Ok(Lazy {
                    elem: Elem::Scalar(x, t.clone()),
                    shape: Vec::new(),
                    dtype: super::state::dtype_of(&t)?,
                })
            }
            Type::Tuple(items) if !items.is_empty() && items.iter().all(Type::is_real_scalar) => {
                // A tuple of numbers as a 1-D array (`r[i] = (x, y)`): its items in a stack
                // buffer, as int64 or (with a float among them) float64.
                let d = if items.iter().any(|t| t.is_float()) {
                    Dtype::Float64
                } else {
                    Dtype::Int64
                };
                let vals = self.val(v)?;
                let buf = self.slots(items.len());
                for (k, t) in items.iter().enumerate() {
                    let a = self.b.ins().iadd_imm_s(buf, 8 * k as i64);
                    self.store_element(a, d, vals[k], t)?;
                }
                let zero = self.b.ins().iconst(types::I64, 0);
                let n = self.b.ins().iconst(types::I64, items.len() as i64);
                let step = self.b.ins().iconst(types::I64, 8);
                let parts = ArrayParts {
                    meminfo: zero,
                    data: buf,
                    shape: vec![n],
                    strides: vec![step],
                };
                let elem = self.leaf_of_layout(&parts, d, Layout::C);
                Ok(Lazy {
                    elem,
                    shape: vec![n],
                    dtype: d,
                })
            }
            t => Err(CompileError::internal(
                "codegen",
                format!("element-wise operand of type `{t}`"),
            )),
        }
    }

    /// The broadcast shape of several shapes; raises `ValueError` when they do not fit.
    pub fn broadcast(&mut self, shapes: &[Vec<Value>]) -> Result<Vec<Value>> {
        self.broadcast_or(
            shapes,
            RtError::ValueError,
            "operands could not be broadcast together",
        )
    }

    /// [`Self::broadcast`], raising `kind` with `msg` when the shapes do not fit.
    pub fn broadcast_or(
        &mut self,
        shapes: &[Vec<Value>],
        kind: RtError,
        msg: &str,
    ) -> Result<Vec<Value>> {
        let nd = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
        let mut out = Vec::with_capacity(nd);
        for k in 0..nd {
            let dims: Vec<Value> = shapes
                .iter()
                .filter(|s| s.len() + k >= nd)
                .map(|s| s[s.len() + k - nd])
                .collect();
            let mut d = dims[0];
            for x in &dims[1..] {
                let one = self.b.ins().icmp_imm_s(IntCC::Equal, d, 1);
                d = self.b.ins().select(one, *x, d);
            }
            for x in &dims {
                let eq = self.b.ins().icmp(IntCC::Equal, *x, d);
                let one = self.b.ins().icmp_imm_s(IntCC::Equal, *x, 1);
                let ok = self.b.ins().bor(eq, one);
                self.fail_if_not(ok, |t| t.raise_now(kind, msg))?;
            }
            out.push(d);
        }
        Ok(out)
    }

    /// Set the pending error (inside a cold block being built).
    pub fn raise_now(&mut self, kind: RtError, msg: &str) -> Result<()> {
        let (p, l) = self.message_arg(msg)?;
        let k = self.b.ins().iconst(types::I32, kind as i64);
        // Preserving every register: values of the hot code stay in caller-saved registers.
        self.call_rt_preserving(&rt::RAISE, &[k, p, l])?;
        Ok(())
    }

    /// The C-order multi-index of the non-negative flat position `flat` in `dims` (every
    /// axis at least 1 long: the position is in range).
    pub fn unravel(&mut self, flat: Value, dims: &[Value]) -> Vec<Value> {
        let mut rest = flat;
        let mut out = vec![flat; dims.len()];
        for k in (1..dims.len()).rev() {
            let q = self.b.ins().udiv(rest, dims[k]);
            let qd = self.b.ins().imul(q, dims[k]);
            out[k] = self.b.ins().isub(rest, qd);
            rest = q;
        }
        if let Some(first) = out.first_mut() {
            *first = rest;
        }
        out
    }

    /// Emit a C-order loop nest over `shape`; `body` gets the indices and the linear position.
    pub fn emit_nest(&mut self, shape: &[Value], body: &mut NestBody<'_, Self>) -> Result<()> {
        let total = self.product(shape);
        let exit = self.b.create_block();
        let enter = self.b.create_block();
        let empty = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedLessThanOrEqual, total, 0);
        self.b.ins().brif(empty, exit, &[], enter, &[]);
        self.b.switch_to_block(enter);
        let linear = self.b.declare_var(types::I64);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.def_var(linear, zero);
        let mut idx = Vec::new();
        self.nest_level(shape, 0, &mut idx, linear, body)?;
        self.b.ins().jump(exit, &[]);
        self.b.switch_to_block(exit);
        Ok(())
    }

    fn nest_level(
        &mut self,
        shape: &[Value],
        k: usize,
        idx: &mut Vec<Value>,
        linear: cranelift_frontend::Variable,
        body: &mut NestBody<'_, Self>,
    ) -> Result<()> {
        if k == shape.len() {
            let lin = self.b.use_var(linear);
            body(self, idx, lin)?;
            let next = self.b.ins().iadd_imm_s(lin, 1);
            self.b.def_var(linear, next);
            return Ok(());
        }
        // A bottom-tested loop: the nest is only entered when every axis is non-empty.
        let header = self.b.create_block();
        let i = self.b.append_block_param(header, types::I64);
        let exit = self.b.create_block();
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.ins().jump(header, &[zero.into()]);
        self.b.switch_to_block(header);
        idx.push(i);
        self.nest_level(shape, k + 1, idx, linear, body)?;
        idx.pop();
        let i1 = self.b.ins().iadd_imm_s(i, 1);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, i1, shape[k]);
        self.b.ins().brif(more, header, &[i1.into()], exit, &[]);
        self.b.seal_block(header);
        self.b.seal_block(exit);
        self.b.switch_to_block(exit);
        Ok(())
    }

    /// A simple counted loop `for i in lo..hi` (possibly empty).
    pub fn emit_range(
        &mut self,
        lo: Value,
        hi: Value,
        body: &mut dyn FnMut(&mut Self, Value) -> Result<()>,
    ) -> Result<()> {
        let header = self.b.create_block();
        let i = self.b.append_block_param(header, types::I64);
        let exit = self.b.create_block();
        let enter = self.b.ins().icmp(IntCC::SignedLessThan, lo, hi);
        self.b.ins().brif(enter, header, &[lo.into()], exit, &[]);
        self.b.switch_to_block(header);
        body(self, i)?;
        let i1 = self.b.ins().iadd_imm_s(i, 1);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, i1, hi);
        self.b.ins().brif(more, header, &[i1.into()], exit, &[]);
        self.b.seal_block(header);
        self.b.seal_block(exit);
        self.b.switch_to_block(exit);
        Ok(())
    }

    /// The address of element `idx` (trailing indices of the nest) of a strided array.
    pub fn address(&mut self, data: Value, strides: &[Value], idx: &[Value]) -> Value {
        let off = idx.len() - strides.len();
        // Canonical order: terms with a variable index first, constant ones last, so that the
        // same element reached through a transposed view computes the same expression (and
        // Cranelift shares the address and the load).
        let mut terms: Vec<(bool, Value, Value)> = strides
            .iter()
            .enumerate()
            .map(|(k, s)| (self.const_of(idx[off + k]).is_some(), idx[off + k], *s))
            .collect();
        terms.sort_by_key(|(c, _, _)| *c);
        let mut addr = data;
        for (_, i, s) in terms {
            let t = self.b.ins().imul(i, s);
            addr = self.b.ins().iadd(addr, t);
        }
        addr
    }

    /// Emit the computation of one element of `e` at `idx`.
    pub fn eval(&mut self, e: &Elem, idx: &[Value]) -> Result<Value> {
        Ok(match e {
            Elem::Scalar(v, _) => *v,
            Elem::Leaf {
                data,
                strides,
                dtype,
                ..
            } => {
                let addr = self.address(*data, strides, idx);
                self.load_element(addr, *dtype)
            }
            Elem::Cast(x, to) => {
                let v = self.eval(x, idx)?;
                let from = x.ty();
                self.convert(v, &from, to)?
            }
            Elem::Unary(f, x, to) => {
                let v = self.eval(x, idx)?;
                self.np_unary(*f, v, &x.ty(), to)?
            }
            Elem::Binary(op, a, b, to) => {
                let x = self.eval(a, idx)?;
                let y = self.eval(b, idx)?;
                self.np_binary(*op, x, &a.ty(), y, &b.ty(), to)?
            }
            Elem::Where(c, a, b, to) => {
                let cv = self.eval(c, idx)?;
                let ct = c.ty();
                let cb = self.convert(cv, &ct, &Type::Bool)?;
                let x = self.eval(a, idx)?;
                let x = self.convert(x, &a.ty(), to)?;
                let y = self.eval(b, idx)?;
                let y = self.convert(y, &b.ty(), to)?;
                self.b.ins().select(cb, x, y)
            }
            Elem::MatVec {
                m,
                v,
                mdtype,
                vdtype,
                ty,
                vpre,
                ..
            } => {
                let i = idx[idx.len() - 1];
                let row = {
                    let t = self.b.ins().imul(i, m.strides[0]);
                    self.b.ins().iadd(m.data, t)
                };
                if let Some(kn) = self.const_of(m.shape[1]).filter(|k| (0..=8).contains(k)) {
                    // Unrolled for a constant inner length (same order of additions).
                    let mut acc: Option<Value> = None;
                    for k in 0..kn {
                        let kv = self.b.ins().iconst(types::I64, k);
                        let a = self.address(m.data, &m.strides, &[i, kv]);
                        let x = self.load_element(a, *mdtype);
                        let x = self.convert(x, &mdtype.scalar(), ty)?;
                        let y = match vpre.get(k as usize) {
                            Some(y) => *y,
                            None => {
                                let b = self.address(v.data, &v.strides, &[kv]);
                                let y = self.load_element(b, *vdtype);
                                self.convert(y, &vdtype.scalar(), ty)?
                            }
                        };
                        let p = self.np_binary(EOp::Arith(BinOp::Mul), x, ty, y, ty, ty)?;
                        acc = Some(match acc {
                            None => p,
                            Some(a) => self.np_binary(EOp::Arith(BinOp::Add), a, ty, p, ty, ty)?,
                        });
                    }
                    return Ok(match acc {
                        Some(a) => a,
                        None => self.zero_value(ty),
                    });
                }
                let acc = self.b.declare_var(super::values::cl_type_of(ty));
                let z = self.zero_value(ty);
                self.b.def_var(acc, z);
                let zero = self.b.ins().iconst(types::I64, 0);
                let (ms, vs, vd, md, t2) =
                    (m.strides[1], v.strides[0], v.data, *mdtype, ty.clone());
                let vdt = *vdtype;
                self.emit_range(zero, m.shape[1], &mut |t, k| {
                    let a = {
                        let o = t.b.ins().imul(k, ms);
                        t.b.ins().iadd(row, o)
                    };
                    let b = {
                        let o = t.b.ins().imul(k, vs);
                        t.b.ins().iadd(vd, o)
                    };
                    let x = t.load_element(a, md);
                    let x = t.convert(x, &md.scalar(), &t2)?;
                    let y = t.load_element(b, vdt);
                    let y = t.convert(y, &vdt.scalar(), &t2)?;
                    let p = t.np_binary(EOp::Arith(BinOp::Mul), x, &t2, y, &t2, &t2)?;
                    let cur = t.b.use_var(acc);
                    let s = t.np_binary(EOp::Arith(BinOp::Add), cur, &t2, p, &t2, &t2)?;
                    t.b.def_var(acc, s);
                    Ok(())
                })?;
                self.b.use_var(acc)
            }
        })
    }

    pub fn zero_value(&mut self, t: &Type) -> Value {
        match t {
            Type::Float => self.b.ins().f64const(0.0),
            Type::Float32 => self.b.ins().f32const(0.0),
            Type::Bool => self.b.ins().iconst(types::I8, 0),
            _ => self.b.ins().iconst(types::I64, 0),
        }
    }

    pub fn const_value(&mut self, t: &Type, x: f64) -> Value {
        match t {
            Type::Float => self.b.ins().f64const(x),
            Type::Float32 => self.b.ins().f32const(x as f32),
            Type::Bool => self.b.ins().iconst(types::I8, (x != 0.0) as i64),
            _ => self.b.ins().iconst(types::I64, x as i64),
        }
    }

    /// `e` with the vectors of its small constant-length matrix-vector products loaded now
    /// (before a loop), instead of once per element.
    pub fn preload(&mut self, e: &Elem, cache: &mut HashMap<Value, Vec<Value>>) -> Result<Elem> {
        Ok(match e {
            Elem::Scalar(..) | Elem::Leaf { .. } => e.clone(),
            Elem::Unary(f, x, t) => Elem::Unary(*f, Box::new(self.preload(x, cache)?), t.clone()),
            Elem::Cast(x, t) => Elem::Cast(Box::new(self.preload(x, cache)?), t.clone()),
            Elem::Binary(op, a, b, t) => Elem::Binary(
                *op,
                Box::new(self.preload(a, cache)?),
                Box::new(self.preload(b, cache)?),
                t.clone(),
            ),
            Elem::Where(c, a, b, t) => Elem::Where(
                Box::new(self.preload(c, cache)?),
                Box::new(self.preload(a, cache)?),
                Box::new(self.preload(b, cache)?),
                t.clone(),
            ),
            Elem::MatVec {
                m,
                v,
                mext,
                vext,
                vpre,
                mdtype,
                vdtype,
                ty,
            } => {
                let mut pre = vpre.clone();
                if let Some(kn) = self.const_of(m.shape[1]).filter(|k| (1..=8).contains(k)) {
                    // One load per vector for the whole group of tasks (so the products
                    // computed from it are recognised as the same).
                    if let Some(p) = cache
                        .get(&v.data)
                        .filter(|p| pre.is_empty() && p.len() == kn as usize)
                    {
                        pre = p.clone();
                    }
                    if pre.is_empty() {
                        for k in 0..kn {
                            let kv = self.b.ins().iconst(types::I64, k);
                            let a = self.address(v.data, &v.strides, &[kv]);
                            let y = self.load_element(a, *vdtype);
                            pre.push(self.convert(y, &vdtype.scalar(), ty)?);
                        }
                        cache.insert(v.data, pre.clone());
                    }
                }
                Elem::MatVec {
                    m: m.clone(),
                    v: v.clone(),
                    mext: *mext,
                    vext: *vext,
                    vpre: pre,
                    mdtype: *mdtype,
                    vdtype: *vdtype,
                    ty: ty.clone(),
                }
            }
        })
    }

    /// Materialise a lazy value into a new C-contiguous array; returns its flattened parts.
    pub fn materialize(&mut self, l: &Lazy) -> Result<Vec<Value>> {
        let out = self.alloc_array(l.dtype, l.shape.clone(), None)?;
        let nd = l.shape.len();
        let parts = ArrayParts::from_vals(&out, nd);
        self.store_lazy(&parts, l.dtype, l)?;
        Ok(out)
    }

    /// Write `src` (broadcast to the shape of `dst`) into the strided array `dst`.
    pub fn store_lazy(&mut self, dst: &ArrayParts, dtype: Dtype, src: &Lazy) -> Result<()> {
        // When no operand is broadcast (checked at run time), a copy of the loop reads every
        // array with its own strides: constant for contiguous axes, no per-element select.
        if let Some(fast) = src.elem.unbroadcast() {
            let mut shapes = Vec::new();
            src.elem.leaf_dims(&mut shapes);
            let mut cond: Option<Value> = None;
            for sh in &shapes {
                let off = dst.shape.len().saturating_sub(sh.len());
                if sh.len() > dst.shape.len() {
                    return self.store_lazy_spec(dst, dtype, src);
                }
                for (k, d) in sh.iter().enumerate() {
                    let o = dst.shape[off + k];
                    if *d == o {
                        continue;
                    }
                    let eq = self.b.ins().icmp(IntCC::Equal, *d, o);
                    cond = Some(match cond {
                        None => eq,
                        Some(c) => self.b.ins().band(c, eq),
                    });
                }
            }
            let fast = Lazy {
                elem: fast,
                shape: src.shape.clone(),
                dtype: src.dtype,
            };
            return match cond {
                None if !shapes.is_empty() => self.store_lazy_spec(dst, dtype, &fast),
                None => self.store_lazy_spec(dst, dtype, src),
                Some(c) => {
                    let (fb, gb, join) = (
                        self.b.create_block(),
                        self.b.create_block(),
                        self.b.create_block(),
                    );
                    self.b.ins().brif(c, fb, &[], gb, &[]);
                    self.b.switch_to_block(fb);
                    self.store_lazy_spec(dst, dtype, &fast)?;
                    self.b.ins().jump(join, &[]);
                    self.b.switch_to_block(gb);
                    self.store_lazy_spec(dst, dtype, src)?;
                    self.b.ins().jump(join, &[]);
                    self.b.switch_to_block(join);
                    Ok(())
                }
            };
        }
        self.store_lazy_spec(dst, dtype, src)
    }

    /// [`Self::store_lazy`] after the broadcasting decision: specialise small matrix
    /// dimensions, then parallel or serial.
    fn store_lazy_spec(&mut self, dst: &ArrayParts, dtype: Dtype, src: &Lazy) -> Result<()> {
        // Matrix-vector products over a small runtime dimension equal to 2 get an unrolled copy
        // (as in fused reductions).
        let mut dims = Vec::new();
        src.elem.small_dims(&mut dims);
        dims.retain(|d| self.const_of(*d).is_none());
        dims.sort_by_key(|v| v.as_u32());
        dims.dedup();
        if !dims.is_empty() {
            let (spec, generic, join) = (
                self.b.create_block(),
                self.b.create_block(),
                self.b.create_block(),
            );
            let mut all_two = self.b.ins().iconst(types::I8, 1);
            for d in &dims {
                let two = self.b.ins().icmp_imm_s(IntCC::Equal, *d, 2);
                all_two = self.b.ins().band(all_two, two);
            }
            self.b.ins().brif(all_two, spec, &[], generic, &[]);
            self.b.switch_to_block(spec);
            let c2 = self.b.ins().iconst(types::I64, 2);
            let map: super::values::Remap = dims.iter().map(|d| (*d, c2)).collect();
            let remapped = src.elem.remap(&map);
            let special = Lazy {
                elem: self.preload(&remapped, &mut HashMap::new())?,
                shape: src.shape.clone(),
                dtype: src.dtype,
            };
            self.store_lazy_any(dst, dtype, &special)?;
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(generic);
            self.store_lazy_any(dst, dtype, src)?;
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(join);
            return Ok(());
        }
        self.store_lazy_any(dst, dtype, src)
    }

    /// [`Self::store_lazy`] without specialisation: parallel when enabled, else serial.
    fn store_lazy_any(&mut self, dst: &ArrayParts, dtype: Dtype, src: &Lazy) -> Result<()> {
        if let Some((_, ser, join)) = dst
            .shape
            .first()
            .copied()
            .and_then(|n0| self.parallel_branch(n0))
        {
            self.store_lazy_parallel(dst, dtype, src)?;
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(ser);
            self.store_lazy_serial(dst, dtype, src)?;
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(join);
            return Ok(());
        }
        self.store_lazy_serial(dst, dtype, src)
    }

    fn store_lazy_serial(&mut self, dst: &ArrayParts, dtype: Dtype, src: &Lazy) -> Result<()> {
        let elem = src.elem.clone();
        let (data, strides) = (dst.data, dst.strides.clone());
        let shape = dst.shape.clone();
        if !shape.is_empty()
            && self.vector_math_here()
            && super::vector_math::has_vector_node(&elem)
        {
            let zero = self.b.ins().iconst(types::I64, 0);
            return self.vector_store_rows(dst, dtype, &elem, zero, shape[0]);
        }
        if !shape.is_empty() && self.vector_map_applies(dtype, &elem) {
            let zero = self.b.ins().iconst(types::I64, 0);
            return self.vector_map_rows(dst, dtype, &elem, zero, shape[0]);
        }
        let from = elem.ty();
        self.emit_nest(&shape, &mut |t, idx, _| {
            t.store_elem_at(data, &strides, idx, dtype, &elem, &from)
        })
    }

    /// `dst[idx] = elem[idx]`, converting the element from type `from`.
    pub fn store_elem_at(
        &mut self,
        data: Value,
        strides: &[Value],
        idx: &[Value],
        dtype: Dtype,
        elem: &Elem,
        from: &Type,
    ) -> Result<()> {
        let v = self.eval(elem, idx)?;
        let addr = self.address(data, strides, idx);
        self.store_element(addr, dtype, v, from)
    }

    /// Rows `[lo, hi)` of the outermost axis of `dst = elem`, one element at a time.
    pub fn store_rows_scalar(
        &mut self,
        dst: &ArrayParts,
        dtype: Dtype,
        elem: &Elem,
        lo: Value,
        hi: Value,
    ) -> Result<()> {
        let (data, strides, from) = (dst.data, dst.strides.clone(), elem.ty());
        self.chunk_rows(&dst.shape, lo, hi, &[], &mut |s, idx, _, _| {
            s.store_elem_at(data, &strides, idx, dtype, elem, &from)
        })
    }

    /// Check that `src` broadcasts to `shape` (raises `ValueError` otherwise).
    pub fn check_broadcast_to(&mut self, src: &[Value], shape: &[Value]) -> Result<()> {
        if src.len() > shape.len() {
            return Err(CompileError::internal(
                "codegen",
                "broadcast to fewer dimensions",
            ));
        }
        let off = shape.len() - src.len();
        for (k, d) in src.iter().enumerate() {
            let eq = self.b.ins().icmp(IntCC::Equal, *d, shape[off + k]);
            let one = self.b.ins().icmp_imm_s(IntCC::Equal, *d, 1);
            let ok = self.b.ins().bor(eq, one);
            self.fail_if_not(ok, |t| {
                t.raise_now(
                    RtError::ValueError,
                    "could not broadcast input array into the target shape",
                )
            })?;
        }
        Ok(())
    }

    /// NumPy's element-wise binary kernels, computed in `to` (comparisons compute in the
    /// promoted operand type and give bool).
    pub fn np_binary(
        &mut self,
        op: EOp,
        x: Value,
        tx: &Type,
        y: Value,
        ty: &Type,
        to: &Type,
    ) -> Result<Value> {
        use crate::types::Type as T;
        if let EOp::Cmp(c) = op {
            if let Some(r) = self.compare_uint64(c, x, tx, y, ty)? {
                return Ok(r);
            }
            let work = if tx.is_float() || ty.is_float() {
                if *tx == T::Float32 && (*ty == T::Float32 || !ty.is_float()) {
                    T::Float32
                } else {
                    T::Float
                }
            } else {
                T::Int
            };
            let a = self.convert(x, tx, &work)?;
            let b = self.convert(y, ty, &work)?;
            return Ok(self.compare_values_cc(c, a, b, &work));
        }
        if matches!(op, EOp::And | EOp::Or | EOp::Xor) {
            let a = self.convert(x, tx, &T::Bool)?;
            let b = self.convert(y, ty, &T::Bool)?;
            return Ok(match op {
                EOp::And => self.b.ins().band(a, b),
                EOp::Or => self.b.ins().bor(a, b),
                _ => self.b.ins().bxor(a, b),
            });
        }
        if op == EOp::Ldexp {
            // `x * 2**n` in float64 (exact unless the result is subnormal, then one rounding as
            // the C library's `ldexpf`/`ldexp`), converted to the result's precision.
            let a = self.convert(x, tx, &T::Float)?;
            let n = self.convert(y, ty, &T::Int)?;
            let r = self.call_rt(&rt::LDEXP, &[a, n])?[0];
            return self.convert(r, &T::Float, to);
        }
        let a = self.convert(x, tx, to)?;
        let b = self.convert(y, ty, to)?;
        if op == EOp::Arith(BinOp::Pow) {
            if let Some(r) = self.power_by_constant(a, b, to, PowerRules::NumpyArray) {
                return Ok(r);
            }
        }
        if *to == T::Uint64 {
            return self.uint64_binary(op, a, b, super::unsigned::ZeroDiv::Zero);
        }
        Ok(match (op, to) {
            (EOp::Arith(BinOp::Add), T::Bool) | (EOp::Maximum | EOp::Fmax, T::Bool) => {
                self.b.ins().bor(a, b)
            }
            (EOp::Arith(BinOp::Mul), T::Bool) | (EOp::Minimum | EOp::Fmin, T::Bool) => {
                self.b.ins().band(a, b)
            }
            (EOp::Arith(BinOp::BitAnd), _) => self.b.ins().band(a, b),
            (EOp::Arith(BinOp::BitOr), _) => self.b.ins().bor(a, b),
            (EOp::Arith(BinOp::BitXor), _) => self.b.ins().bxor(a, b),
            (EOp::Arith(o @ (BinOp::LShift | BinOp::RShift)), _) => {
                // NumPy: a shift by 64 or more (or a negative one) gives 0, or -1 for a right
                // shift of a negative number; Cranelift's shifts take the count modulo 64.
                let big = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, b, 63);
                let (s, out) = if o == BinOp::LShift {
                    (self.b.ins().ishl(a, b), self.b.ins().iconst(types::I64, 0))
                } else {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, a, 0);
                    let m1 = self.b.ins().iconst(types::I64, -1);
                    let z = self.b.ins().iconst(types::I64, 0);
                    (self.b.ins().sshr(a, b), self.b.ins().select(neg, m1, z))
                };
                self.b.ins().select(big, out, s)
            }
            (EOp::Fmod, T::Int) => {
                // C's `%`; a zero divisor gives 0 (NumPy warns), and so does -1 (whose `srem`
                // of i64::MIN would trap).
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
                let m1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
                let trivial = self.b.ins().bor(zero, m1);
                let one = self.b.ins().iconst(types::I64, 1);
                let safe = self.b.ins().select(trivial, one, b);
                let r = self.b.ins().srem(a, safe);
                let z = self.b.ins().iconst(types::I64, 0);
                self.b.ins().select(trivial, z, r)
            }
            (EOp::Gcd, T::Int) => self.call_rt(&rt::GCD, &[a, b])?[0],
            (EOp::Lcm, T::Int) => self.call_rt(&rt::LCM, &[a, b])?[0],
            (EOp::Nextafter, T::Float32) => self.call_rt(&rt::NEXTAFTERF, &[a, b])?[0],
            (EOp::Arith(o), T::Int) => match o {
                BinOp::Add => self.b.ins().iadd(a, b),
                BinOp::Sub => self.b.ins().isub(a, b),
                BinOp::Mul => self.b.ins().imul(a, b),
                BinOp::FloorDiv | BinOp::Mod => {
                    // NumPy: integer division by zero gives 0 (with a warning), no exception.
                    let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
                    let one = self.b.ins().iconst(types::I64, 1);
                    let safe = self.b.ins().select(zero, one, b);
                    let (q, r) = self.py_divmod(a, safe);
                    let z = self.b.ins().iconst(types::I64, 0);
                    let v = if o == BinOp::FloorDiv { q } else { r };
                    self.b.ins().select(zero, z, v)
                }
                BinOp::Pow => {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, b, 0);
                    self.raise_if(
                        neg,
                        RtError::ValueError,
                        "Integers to negative integer powers are not allowed.",
                    )?;
                    self.call_rt(&rt::IPOW, &[a, b])?[0]
                }
                _ => {
                    return Err(CompileError::internal(
                        "codegen",
                        format!("integer kernel {o:?}"),
                    ))
                }
            },
            (EOp::Minimum | EOp::Fmin, T::Int) => self.b.ins().smin(a, b),
            (EOp::Maximum | EOp::Fmax, T::Int) => self.b.ins().smax(a, b),
            (_, T::Float32) => match op {
                EOp::Arith(BinOp::Add) => self.b.ins().fadd(a, b),
                EOp::Arith(BinOp::Sub) => self.b.ins().fsub(a, b),
                EOp::Arith(BinOp::Mul) => self.b.ins().fmul(a, b),
                EOp::Arith(BinOp::Div) => self.b.ins().fdiv(a, b),
                EOp::Minimum => self.b.ins().fmin(a, b),
                EOp::Maximum => self.b.ins().fmax(a, b),
                _ => {
                    let a64 = self.b.ins().fpromote(types::F64, a);
                    let b64 = self.b.ins().fpromote(types::F64, b);
                    let r = self.np_binary(op, a64, &T::Float, b64, &T::Float, &T::Float)?;
                    self.b.ins().fdemote(types::F32, r)
                }
            },
            (_, T::Float) => {
                let helper2 = |t: &mut Self, h: &'static rt::RtFn| -> Result<Value> {
                    Ok(t.call_rt(h, &[a, b])?[0])
                };
                match op {
                    EOp::Arith(BinOp::Add) => self.b.ins().fadd(a, b),
                    EOp::Arith(BinOp::Sub) => self.b.ins().fsub(a, b),
                    EOp::Arith(BinOp::Mul) => self.b.ins().fmul(a, b),
                    EOp::Arith(BinOp::Div) => self.b.ins().fdiv(a, b),
                    EOp::Arith(BinOp::FloorDiv) => helper2(self, &rt::NP_FLOORDIV)?,
                    EOp::Arith(BinOp::Mod) => helper2(self, &rt::PY_FMOD)?,
                    EOp::Arith(BinOp::Pow) => helper2(self, &rt::POW)?,
                    EOp::Fmod => helper2(self, &rt::FMOD)?,
                    EOp::Nextafter => helper2(self, &rt::NEXTAFTER)?,
                    EOp::Call(f) => helper2(self, f)?,
                    EOp::Copysign => self.b.ins().fcopysign(a, b),
                    // `fmin`/`fmax` in Cranelift propagate NaN (IEEE 754-2019), as NumPy's
                    // minimum/maximum do.
                    EOp::Minimum => self.b.ins().fmin(a, b),
                    EOp::Maximum => self.b.ins().fmax(a, b),
                    EOp::Fmin | EOp::Fmax => {
                        // NumPy fmin/fmax ignore a NaN operand.
                        let r = if op == EOp::Fmin {
                            self.b.ins().fmin(a, b)
                        } else {
                            self.b.ins().fmax(a, b)
                        };
                        let an = self.b.ins().fcmp(FloatCC::Unordered, a, a);
                        let bn = self.b.ins().fcmp(FloatCC::Unordered, b, b);
                        let r = self.b.ins().select(an, b, r);
                        self.b.ins().select(bn, a, r)
                    }
                    _ => {
                        return Err(CompileError::internal(
                            "codegen",
                            format!("float kernel {op:?}"),
                        ))
                    }
                }
            }
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("kernel {op:?} on `{to}`"),
                ))
            }
        })
    }

    pub fn compare_values_cc(&mut self, op: CmpOp, x: Value, y: Value, t: &Type) -> Value {
        if t.is_float() {
            let cc = match op {
                CmpOp::Eq => FloatCC::Equal,
                CmpOp::Ne => FloatCC::NotEqual,
                CmpOp::Lt => FloatCC::LessThan,
                CmpOp::Le => FloatCC::LessThanOrEqual,
                CmpOp::Gt => FloatCC::GreaterThan,
                CmpOp::Ge => FloatCC::GreaterThanOrEqual,
            };
            self.b.ins().fcmp(cc, x, y)
        } else {
            let cc = match op {
                CmpOp::Eq => IntCC::Equal,
                CmpOp::Ne => IntCC::NotEqual,
                CmpOp::Lt => IntCC::SignedLessThan,
                CmpOp::Le => IntCC::SignedLessThanOrEqual,
                CmpOp::Gt => IntCC::SignedGreaterThan,
                CmpOp::Ge => IntCC::SignedGreaterThanOrEqual,
            };
            self.b.ins().icmp(cc, x, y)
        }
    }
}
