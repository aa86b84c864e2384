//! Built-in functions beyond single machine operations: `min`/`max`/`sum` of a 1-D array (the
//! loop Python runs over its elements), `any`/`all`, `round(x, ndigits)` and `divmod`.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::intrinsics::Intrinsic as I;
use crate::ir::{BinOp, ValueId};
use crate::types::Type;
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, Value,
};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    /// `min(a)`, `max(a)` (the first extreme, comparing as Python does: `x < m` replaces `m`,
    /// so a NaN is kept only when it comes first) and `sum(a, start)` (left to right) of a 1-D
    /// array.
    pub fn builtin_over_array(&mut self, f: I, args: &[ValueId], rt: &Type) -> Result<Value> {
        let (p, dtype, _) = self.array_parts(args[0])?;
        let et = dtype.scalar();
        let n = p.shape[0];
        let acc = self.b.declare_var(super::values::cl_type_of(rt));
        let from = if f == I::BuiltinSum {
            let (start, st) = match args.get(1) {
                Some(s) => (self.scalar(*s)?, self.ty(*s).clone()),
                None => (self.b.ins().iconst(types::I64, 0), Type::Int),
            };
            let start = self.convert(start, &st, rt)?;
            self.b.def_var(acc, start);
            0
        } else {
            let empty = self.b.ins().icmp_imm_s(IntCC::Equal, n, 0);
            let msg = if f == I::BuiltinMin {
                "min() arg is an empty sequence"
            } else {
                "max() arg is an empty sequence"
            };
            self.raise_if(empty, RtError::ValueError, msg)?;
            let x = self.load_element(p.data, dtype);
            self.b.def_var(acc, x);
            1
        };
        let lo = self.b.ins().iconst(types::I64, from);
        self.emit_range(lo, n, &mut |s, i| {
            let off = s.b.ins().imul(i, p.strides[0]);
            let a = s.b.ins().iadd(p.data, off);
            let x = s.load_element(a, dtype);
            let cur = s.b.use_var(acc);
            let nv = if f == I::BuiltinSum {
                let x = s.convert(x, &et, rt)?;
                s.add_in(cur, x, rt)?
            } else {
                let better = s.compare_values(f == I::BuiltinMin, x, cur, rt);
                s.b.ins().select(better, x, cur)
            };
            s.b.def_var(acc, nv);
            Ok(())
        })?;
        Ok(self.b.use_var(acc))
    }

    /// `any(x)` / `all(x)` of a 1-D array or a tuple (lists: `list_reduce`): Python's truth of
    /// each item, combined over all of them.
    pub fn any_all(&mut self, f: I, x: ValueId) -> Result<Value> {
        let any = f == I::BuiltinAny;
        let combine = |s: &mut Self, acc: Value, t: Value| {
            if any {
                s.b.ins().bor(acc, t)
            } else {
                s.b.ins().band(acc, t)
            }
        };
        let mut acc = self.b.ins().iconst(types::I8, !any as i64);
        match self.ty(x).clone() {
            Type::Tuple(items) => {
                let vals = self.val(x)?;
                let mut k = 0;
                for it in &items {
                    let t = match it {
                        Type::None => self.b.ins().iconst(types::I8, 0),
                        _ => {
                            k += 1;
                            self.truth_value(vals[k - 1], it)
                        }
                    };
                    acc = combine(self, acc, t);
                }
                Ok(acc)
            }
            _ => {
                let (p, dtype, _) = self.array_parts(x)?;
                let et = dtype.scalar();
                let var = self.b.declare_var(types::I8);
                self.b.def_var(var, acc);
                let lo = self.b.ins().iconst(types::I64, 0);
                self.emit_range(lo, p.shape[0], &mut |s, i| {
                    let off = s.b.ins().imul(i, p.strides[0]);
                    let a = s.b.ins().iadd(p.data, off);
                    let v = s.load_element(a, dtype);
                    let t = s.truth_value(v, &et);
                    let cur = s.b.use_var(var);
                    let nv = combine(s, cur, t);
                    s.b.def_var(var, nv);
                    Ok(())
                })?;
                Ok(self.b.use_var(var))
            }
        }
    }

    /// `acc + x` in `t` (wrapping for integers).
    fn add_in(&mut self, acc: Value, x: Value, t: &Type) -> Result<Value> {
        Ok(match t {
            Type::Float | Type::Float32 => self.b.ins().fadd(acc, x),
            Type::Int | Type::Uint64 => self.b.ins().iadd(acc, x),
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("`sum` accumulating `{other}`"),
                ))
            }
        })
    }

    /// `round(x, ndigits)` of a float (correctly rounded, as CPython) or an int.
    pub fn round_ndigits(&mut self, x: ValueId, nd: ValueId, rt: &Type) -> Result<Value> {
        let n = self.int_value(nd)?;
        if *rt == Type::Int {
            let v = self.int_value(x)?;
            return Ok(self.call_rt(&rt::ROUND_INT, &[v, n])?[0]);
        }
        let v = self.scalar(x)?;
        let r = self.call_rt(&rt::ROUND_NDIGITS, &[v, n])?[0];
        let inf = self.b.ins().f64const(f64::INFINITY);
        let ar = self.b.ins().fabs(r);
        let av = self.b.ins().fabs(v);
        let r_inf = self.b.ins().fcmp(FloatCC::Equal, ar, inf);
        let v_fin = self.b.ins().fcmp(FloatCC::LessThan, av, inf);
        let overflow = self.b.ins().band(r_inf, v_fin);
        self.raise_if(
            overflow,
            RtError::OverflowError,
            "rounded value too large to represent",
        )?;
        Ok(r)
    }

    /// `divmod(a, b)`: Python's floor division and modulo.
    pub fn divmod(&mut self, a: ValueId, b: ValueId, rt: &Type) -> Result<Vec<Value>> {
        let Type::Tuple(items) = rt else {
            return Err(CompileError::internal("codegen", "divmod without a tuple"));
        };
        let t = items[0].clone();
        if t.is_float() {
            let y = self.scalar(b)?;
            let ty = self.ty(b).clone();
            let y = self.convert(y, &ty, &Type::Float)?;
            let z = self.b.ins().f64const(0.0);
            let is_zero = self.b.ins().fcmp(FloatCC::Equal, y, z);
            self.raise_if(is_zero, RtError::ZeroDivisionError, "float divmod()")?;
        }
        let q = self.translate_binary(BinOp::FloorDiv, a, b, &t)?;
        let r = self.translate_binary(BinOp::Mod, a, b, &t)?;
        Ok(vec![q, r])
    }

    /// `pow(a, b, m)` on ints: `ValueError` for `m == 0` and for a negative `b` when `a` has
    /// no inverse modulo `m`, as CPython.
    pub fn powmod(&mut self, a: ValueId, b: ValueId, m: ValueId) -> Result<Value> {
        let xs = [self.int_value(a)?, self.int_value(b)?, self.int_value(m)?];
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, xs[2], 0);
        self.raise_if(zero, RtError::ValueError, "pow() 3rd argument cannot be 0")?;
        let r = self.call_rt(&rt::POWMOD, &xs)?[0];
        let none = self.b.ins().icmp_imm_s(IntCC::Equal, r, i64::MIN);
        self.raise_if(
            none,
            RtError::ValueError,
            "base is not invertible for the given modulus",
        )?;
        Ok(r)
    }
}
