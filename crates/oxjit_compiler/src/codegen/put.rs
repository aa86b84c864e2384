//! `numpy.put(a, ind, v)` and `a.put(ind, v)`: write `v` (cycled when shorter) at the C-order
//! flat positions `ind` of `a`, in place, in any layout. NumPy's `mode="raise"`: negative
//! indices wrap; a bad index raises `IndexError` after the positions before it were written
//! when `a` is C-contiguous, and before any write otherwise (NumPy works on a copy there);
//! an empty `v` writes nothing.

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::Result;
use crate::ir::ValueId;
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

/// An array made for the call (a tuple of ints or numbers written out), freed after it.
struct Temp {
    parts: ArrayParts,
    dtype: Dtype,
    owned: Option<Value>,
}

impl FunctionTranslator<'_, '_, '_> {
    /// `x` as an array: an array as it is, a number or tuple of numbers written into a new
    /// 1-D array of `d` (Python ints checked to fit, as NumPy converts them).
    fn put_operand(&mut self, x: ValueId, d: Dtype) -> Result<Temp> {
        let t = self.ty(x).clone();
        if let Type::Array { .. } = t {
            let (parts, dtype, _) = self.array_parts(x)?;
            return Ok(Temp {
                parts,
                dtype,
                owned: None,
            });
        }
        let items: Vec<Type> = match &t {
            Type::Tuple(items) => items.clone(),
            t => vec![t.clone()],
        };
        let vals = self.val(x)?;
        let n = self.b.ins().iconst(types::I64, items.len() as i64);
        let out = self.alloc_array(d, vec![n], None)?;
        let mut at = 0;
        for (k, it) in items.iter().enumerate() {
            let width = crate::types::components(it).len();
            let v = vals[at];
            at += width;
            self.check_weak_int(v, it, d)?;
            let a = self.b.ins().iadd_imm_s(out[1], k as i64 * d.itemsize());
            self.store_element(a, d, v, it)?;
        }
        Ok(Temp {
            parts: ArrayParts::from_vals(&out, 1),
            dtype: d,
            owned: Some(out[0]),
        })
    }

    pub(super) fn numpy_put(&mut self, r: ValueId, b: &[Option<ValueId>]) -> Result<()> {
        let need = |i: usize| {
            b.get(i)
                .copied()
                .flatten()
                .ok_or_else(|| super::state::internal("`put` without its arguments"))
        };
        let (a, ind, v) = (need(0)?, need(1)?, need(2)?);
        let (p, d, _) = self.array_parts(a)?;
        self.check_writable(p.meminfo)?;
        let idx = self.put_operand(ind, Dtype::Int64)?;
        // The values, C-ordered in a copy (they may share `a`'s memory).
        let src = if self.ty(v).is_number() {
            let x = self.scalar(v)?;
            let t = self.ty(v).clone();
            self.check_weak_int(x, &t, d)?;
            Err((x, t))
        } else {
            let vt = self.put_operand(v, d)?;
            let n = self.product(&vt.parts.shape);
            let copy = self.alloc_array(d, vec![n], None)?;
            let l = super::values::Lazy {
                elem: self.leaf_of_layout(&vt.parts, vt.dtype, crate::types::Layout::A),
                shape: vt.parts.shape.clone(),
                dtype: vt.dtype,
            };
            let cp = ArrayParts {
                meminfo: copy[0],
                data: copy[1],
                shape: vt.parts.shape.clone(),
                strides: c_strides(self, &vt.parts.shape, d),
            };
            self.store_lazy(&cp, d, &l)?;
            if let Some(m) = vt.owned {
                self.call_rt(&rt::DECREF, &[m])?;
            }
            Ok((copy, n))
        };
        let m = match &src {
            Err(_) => self.b.ins().iconst(types::I64, 1),
            Ok((_, n)) => *n,
        };
        let size = self.product(&p.shape);
        let count = self.product(&idx.parts.shape);
        let go = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, m, 0);
        let body = self.b.create_block();
        let done = self.b.create_block();
        self.b.ins().brif(go, body, &[], done, &[]);
        self.b.switch_to_block(body);
        self.b.seal_block(body);
        let empty = self.b.ins().icmp_imm_s(IntCC::Equal, size, 0);
        let some = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, count, 0);
        let bad = self.b.ins().band(empty, some);
        self.raise_if(
            bad,
            RtError::IndexError,
            "cannot replace elements of an empty array",
        )?;
        let (ishape, istrides, idata, idt) = (
            idx.parts.shape.clone(),
            idx.parts.strides.clone(),
            idx.parts.data,
            idx.dtype,
        );
        // NumPy writes a C-contiguous `a` in place, index after index; any other layout goes
        // through a copy that an error discards: there, no index may be bad.
        let expect = c_strides(self, &p.shape, d);
        let mut contig = self.b.ins().iconst(types::I8, 1);
        for ((n, st), want) in p.shape.iter().zip(&p.strides).zip(&expect) {
            let same = self.b.ins().icmp(IntCC::Equal, *st, *want);
            let short = self.b.ins().icmp_imm_s(IntCC::SignedLessThanOrEqual, *n, 1);
            let ok = self.b.ins().bor(same, short);
            contig = self.b.ins().band(contig, ok);
        }
        let pre = self.b.create_block();
        let write = self.b.create_block();
        self.b.ins().brif(contig, write, &[], pre, &[]);
        self.b.switch_to_block(pre);
        self.b.seal_block(pre);
        self.check_all_indices(&idx.parts, idt, size, 0)?;
        self.b.ins().jump(write, &[]);
        self.b.switch_to_block(write);
        self.b.seal_block(write);
        let (dshape, dstrides, ddata) = (p.shape.clone(), p.strides.clone(), p.data);
        self.emit_nest(&ishape, &mut |s, jidx, j| {
            let ia = s.address(idata, &istrides, jidx);
            let i = s.load_element(ia, idt);
            let i = s.checked_index(i, size, 0)?;
            let at = s.unravel(i, &dshape);
            let dst = s.address(ddata, &dstrides, &at);
            match &src {
                Err((x, t)) => s.store_element(dst, d, *x, t),
                Ok((copy, _)) => {
                    let k = s.b.ins().urem(j, m);
                    let o = s.b.ins().imul_imm_s(k, d.itemsize());
                    let sa = s.b.ins().iadd(copy[1], o);
                    let x = s.load_element(sa, d);
                    s.store_element(dst, d, x, &d.scalar())
                }
            }
        })?;
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
        if let Ok((copy, _)) = src {
            self.call_rt(&rt::DECREF, &[copy[0]])?;
        }
        if let Some(mi) = idx.owned {
            self.call_rt(&rt::DECREF, &[mi])?;
        }
        self.set_plain(r, Vec::new());
        Ok(())
    }
}

/// Byte strides of a C-contiguous array of `shape` and dtype `d`.
fn c_strides(s: &mut FunctionTranslator<'_, '_, '_>, shape: &[Value], d: Dtype) -> Vec<Value> {
    let mut out = vec![s.b.ins().iconst(types::I64, d.itemsize()); shape.len()];
    for k in (0..shape.len().saturating_sub(1)).rev() {
        out[k] = s.b.ins().imul(out[k + 1], shape[k + 1]);
    }
    out
}
