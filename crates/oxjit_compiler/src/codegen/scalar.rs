//! Scalar arithmetic with Python semantics: conversions, operators, comparisons, truth.

use super::power::PowerRules;
use super::translate::FunctionTranslator;
use super::unsigned::ZeroDiv;
use super::values::EOp;
use crate::error::{CompileError, Result};
use crate::ir::{BinOp, CmpOp, UnaryOp, ValueId};
use crate::types::{components, Component, Type};
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, Value,
};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    /// Convert flattened `vals` of type `from` to type `to` (a unification result).
    pub fn coerce(&mut self, vals: Vec<Value>, from: &Type, to: &Type) -> Result<Vec<Value>> {
        if from == to {
            return Ok(vals);
        }
        Ok(match (from, to) {
            (Type::Optional(f), Type::Optional(t)) => {
                let mut out = vec![vals[0]];
                out.extend(self.coerce(vals[1..].to_vec(), f, t)?);
                out
            }
            (Type::None, Type::Optional(t)) => {
                // Absent: a false flag and zeros (null references, which reference counting
                // skips).
                let mut out = vec![self.b.ins().iconst(types::I8, 0)];
                for c in components(t) {
                    out.push(match c {
                        Component::F64 => self.b.ins().f64const(0.0),
                        Component::F32 => self.b.ins().f32const(0.0),
                        c => self.b.ins().iconst(super::values::cl_type(c), 0),
                    });
                }
                out
            }
            (f, Type::Optional(t)) => {
                let mut out = vec![self.b.ins().iconst(types::I8, 1)];
                out.extend(self.coerce(vals, f, t)?);
                out
            }
            (Type::Tuple(fs), Type::Tuple(ts)) => {
                let mut out = Vec::new();
                let mut i = 0;
                for (f, t) in fs.iter().zip(ts) {
                    let n = components(f).len();
                    out.extend(self.coerce(vals[i..i + n].to_vec(), f, t)?);
                    i += n;
                }
                out
            }
            (Type::Array { .. }, Type::Array { .. })
            | (Type::List(_), Type::List(_))
            | (Type::Str, Type::Str) => vals,
            (f, Type::Complex) if f.is_number() => self.complex_of(vals[0], f)?,
            (f, t) if f.is_number() && t.is_number() => vec![self.convert(vals[0], f, t)?],
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("cannot convert `{from}` to `{to}`"),
                ))
            }
        })
    }

    /// Convert one scalar between number types.
    pub fn convert(&mut self, v: Value, from: &Type, to: &Type) -> Result<Value> {
        use Type::*;
        let ins = self.b.ins();
        Ok(match (from, to) {
            (a, b) if a == b => v,
            (Bool, Int) => ins.uextend(types::I64, v),
            (Bool, Float) => {
                let i = ins.uextend(types::I64, v);
                self.b.ins().fcvt_from_sint(types::F64, i)
            }
            (Bool, Float32) => {
                let i = ins.uextend(types::I64, v);
                self.b.ins().fcvt_from_sint(types::F32, i)
            }
            (Int, Float) => ins.fcvt_from_sint(types::F64, v),
            (Int, Float32) => ins.fcvt_from_sint(types::F32, v),
            (Float32, Float) => ins.fpromote(types::F64, v),
            (Float, Float32) => ins.fdemote(types::F32, v),
            (Int, Bool) | (Uint64, Bool) => ins.icmp_imm_s(IntCC::NotEqual, v, 0),
            // The same 64 bits (NumPy's wrap-around casts between int64 and uint64).
            (Int, Uint64) | (Uint64, Int) => v,
            (Bool, Uint64) => ins.uextend(types::I64, v),
            (Uint64, Float) => ins.fcvt_from_uint(types::F64, v),
            (Uint64, Float32) => ins.fcvt_from_uint(types::F32, v),
            (Float, Uint64) => ins.fcvt_to_uint_sat(types::I64, v),
            (Float32, Uint64) => {
                let f = ins.fpromote(types::F64, v);
                self.b.ins().fcvt_to_uint_sat(types::I64, f)
            }
            (Float, Bool) | (Float32, Bool) => self.truth_value(v, from),
            (Float, Int) | (Float32, Int) => {
                let f = if *from == Float32 {
                    ins.fpromote(types::F64, v)
                } else {
                    v
                };
                self.b.ins().fcvt_to_sint_sat(types::I64, f)
            }
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("cannot convert `{from}` to `{to}`"),
                ))
            }
        })
    }

    /// A value as int64 (bools widen).
    pub fn int_value(&mut self, v: ValueId) -> Result<Value> {
        let x = self.scalar(v)?;
        let t = self.ty(v).clone();
        self.convert(x, &t, &Type::Int)
    }

    /// A number as float64 (ints converted as Python's `float(int)`).
    pub fn float_value(&mut self, v: ValueId) -> Result<Value> {
        let x = self.scalar(v)?;
        let t = self.ty(v).clone();
        self.convert(x, &t, &Type::Float)
    }

    /// Python truthiness of a value.
    pub fn truth(&mut self, v: ValueId) -> Result<Value> {
        let t = self.ty(v).clone();
        Ok(match &t {
            Type::None => self.b.ins().iconst(types::I8, 0),
            Type::Tuple(items) => self.b.ins().iconst(types::I8, !items.is_empty() as i64),
            Type::Complex => {
                let vals = self.val(v)?;
                self.complex_truth(vals[0], vals[1])
            }
            Type::List(_) | Type::Dict(..) | Type::Set(_) => {
                let m = self.val(v)?[0];
                let n = self.list_len(m);
                self.b.ins().icmp_imm_s(IntCC::NotEqual, n, 0)
            }
            _ => {
                let x = self.scalar(v)?;
                self.truth_value(x, &t)
            }
        })
    }

    pub(super) fn truth_value(&mut self, x: Value, t: &Type) -> Value {
        match t {
            Type::Bool => x,
            Type::Float => {
                let z = self.b.ins().f64const(0.0);
                // `NotEqual` is true for NaN, which is truthy in Python.
                self.b.ins().fcmp(FloatCC::NotEqual, x, z)
            }
            Type::Float32 => {
                let z = self.b.ins().f32const(0.0);
                self.b.ins().fcmp(FloatCC::NotEqual, x, z)
            }
            _ => self.b.ins().icmp_imm_s(IntCC::NotEqual, x, 0),
        }
    }

    pub fn translate_binary(
        &mut self,
        op: BinOp,
        a: ValueId,
        b: ValueId,
        rt: &Type,
    ) -> Result<Value> {
        let (ta, tb) = (self.ty(a).clone(), self.ty(b).clone());
        let (xa, xb) = (self.scalar(a)?, self.scalar(b)?);
        // Bitwise operators on two bools stay bool.
        if *rt == Type::Bool {
            return Ok(match op {
                BinOp::BitAnd => self.b.ins().band(xa, xb),
                BinOp::BitOr => self.b.ins().bor(xa, xb),
                _ => self.b.ins().bxor(xa, xb),
            });
        }
        // Division always computes in floating point.
        let work = if op == BinOp::Div && *rt == Type::Float {
            Type::Float
        } else {
            rt.clone()
        };
        let x = self.convert(xa, &ta, &work)?;
        let y = self.convert(xb, &tb, &work)?;
        // `int / int` says "division by zero" (floats: "float division by zero").
        if op == BinOp::Div && !ta.is_float() && !tb.is_float() && work == Type::Float {
            let zero = self.b.ins().icmp_imm_s(IntCC::Equal, xb, 0);
            self.raise_if(zero, RtError::ZeroDivisionError, "division by zero")?;
            return Ok(self.b.ins().fdiv(x, y));
        }
        if op == BinOp::Pow && work == Type::Float {
            if let Some(r) = self.fast_python_sqrt(x, y)? {
                return Ok(r);
            }
        }
        if matches!(op, BinOp::FloorDiv | BinOp::Mod)
            && work == Type::Int
            && self.tf.nonneg_dividends.contains(&a)
        {
            if let Some(c) = self.const_of(y).filter(|c| *c > 0) {
                let (q, r) = self.unsigned_divmod_by_positive(x, c);
                return Ok(if op == BinOp::FloorDiv { q } else { r });
            }
        }
        if op == BinOp::Pow {
            let r = match self.power_by_constant(x, y, &work, PowerRules::Python) {
                Some(r) => r,
                None if work == Type::Float => match self.certified_python_power(x, y)? {
                    // Checked for overflow on its `pow` path (the fast path is finite).
                    Some(r) => return Ok(r),
                    None => self.float_binary(op, x, y)?,
                },
                None => return self.binary_in(op, x, y, &work, rt),
            };
            if work == Type::Float {
                self.raise_on_float_overflow(r, x, y)?;
            }
            return Ok(r);
        }
        self.binary_in(op, x, y, &work, rt)
    }

    /// CPython raises `OverflowError` where `pow` of finite operands gives an infinity.
    pub(super) fn raise_on_float_overflow(&mut self, r: Value, x: Value, y: Value) -> Result<()> {
        let inf = self.b.ins().f64const(f64::INFINITY);
        let is_inf = |t: &mut Self, v: Value| {
            let a = t.b.ins().fabs(v);
            t.b.ins().fcmp(FloatCC::Equal, a, inf)
        };
        let ri = is_inf(self, r);
        // A finite constant operand needs no test.
        let mut overflow = ri;
        for v in [x, y] {
            if self.numeric_const_of(v).is_none_or(|c| c.is_infinite()) {
                let vi = is_inf(self, v);
                overflow = self.b.ins().band_not(overflow, vi);
            }
        }
        // CPython: `OverflowError(errno.ERANGE, strerror)`.
        self.raise_if(
            overflow,
            RtError::RangeOverflowError,
            "Numerical result out of range",
        )
    }

    /// A binary operator on two operands already converted to `work`.
    fn binary_in(
        &mut self,
        op: BinOp,
        x: Value,
        y: Value,
        work: &Type,
        rt: &Type,
    ) -> Result<Value> {
        match work {
            Type::Int => self.int_binary(op, x, y),
            Type::Uint64 => self.uint64_binary(EOp::Arith(op), x, y, ZeroDiv::Raise),
            Type::Float => self.float_binary(op, x, y),
            Type::Float32 => {
                // float32 arithmetic: the cheap operators directly, the rest through float64.
                match op {
                    BinOp::Add => Ok(self.b.ins().fadd(x, y)),
                    BinOp::Sub => Ok(self.b.ins().fsub(x, y)),
                    BinOp::Mul => Ok(self.b.ins().fmul(x, y)),
                    _ => {
                        let x64 = self.b.ins().fpromote(types::F64, x);
                        let y64 = self.b.ins().fpromote(types::F64, y);
                        let r = self.float_binary(op, x64, y64)?;
                        Ok(self.b.ins().fdemote(types::F32, r))
                    }
                }
            }
            _ => Err(CompileError::internal(
                "codegen",
                format!("binary operator on `{rt}`"),
            )),
        }
    }

    /// `x * c` (wrapping, as `imul`) for the constant `c` held in `cv`: a shift for a power of
    /// two, and `x + (x << k)` for 3, 5 and 9 (one `lea`, one cycle, where `imul` takes three:
    /// `3 * x + 1` in a loop-carried chain); otherwise `imul`.
    fn mul_by_const(&mut self, x: Value, c: i64, cv: Value) -> Value {
        match c {
            2 | 4 | 8 | 16 => self.b.ins().ishl_imm_u(x, c.trailing_zeros() as i64),
            3 | 5 | 9 => {
                let s = self.b.ins().ishl_imm_u(x, (c - 1).trailing_zeros() as i64);
                self.b.ins().iadd(x, s)
            }
            _ => self.b.ins().imul(x, cv),
        }
    }

    fn int_binary(&mut self, op: BinOp, x: Value, y: Value) -> Result<Value> {
        Ok(match op {
            BinOp::Add => self.b.ins().iadd(x, y),
            BinOp::Sub => self.b.ins().isub(x, y),
            BinOp::Mul => match (self.const_of(x), self.const_of(y)) {
                (_, Some(c)) => self.mul_by_const(x, c, y),
                (Some(c), None) => self.mul_by_const(y, c, x),
                _ => self.b.ins().imul(x, y),
            },
            BinOp::FloorDiv | BinOp::Mod if self.const_of(y).is_some_and(|c| c > 0) => {
                let Some(c) = self.const_of(y) else {
                    return Err(CompileError::internal("codegen", "constant divisor"));
                };
                let (q, r) = self.py_divmod_by_positive(x, c);
                if op == BinOp::FloorDiv {
                    q
                } else {
                    r
                }
            }
            BinOp::FloorDiv | BinOp::Mod => {
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
                // CPython 3.11's messages.
                let msg = if op == BinOp::Mod {
                    "integer modulo by zero"
                } else {
                    "integer division or modulo by zero"
                };
                self.raise_if(zero, RtError::ZeroDivisionError, msg)?;
                let (q, r) = self.py_divmod(x, y);
                if op == BinOp::FloorDiv {
                    q
                } else {
                    r
                }
            }
            BinOp::Pow => {
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, y, 0);
                self.raise_if(
                    neg,
                    RtError::ValueError,
                    "integers to negative integer powers are not allowed (use a float base)",
                )?;
                self.call_rt(&rt::IPOW, &[x, y])?[0]
            }
            BinOp::BitAnd => self.b.ins().band(x, y),
            BinOp::BitOr => self.b.ins().bor(x, y),
            BinOp::BitXor => self.b.ins().bxor(x, y),
            BinOp::LShift | BinOp::RShift => {
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, y, 0);
                self.raise_if(neg, RtError::ValueError, "negative shift count")?;
                // Shifts by 64 or more: Python keeps all bits; in 64 bits `<<` gives 0 and
                // `>>` gives the sign.
                let big = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, y, 63);
                let sixty_three = self.b.ins().iconst(types::I64, 63);
                let amt = self.b.ins().select(big, sixty_three, y);
                if op == BinOp::LShift {
                    let s = self.b.ins().ishl(x, amt);
                    let z = self.b.ins().iconst(types::I64, 0);
                    self.b.ins().select(big, z, s)
                } else {
                    self.b.ins().sshr(x, amt)
                }
            }
            BinOp::Div | BinOp::MatMul => {
                return Err(CompileError::internal("codegen", "integer `/` or `@`"))
            }
        })
    }

    /// Python's floor division and modulo of int64 `x` by a constant `c > 0`: no zero or `-1`
    /// checks; a power of two is an arithmetic shift and a mask (exactly Python's floor
    /// semantics in two's complement); other constants divide by an immediate (Cranelift
    /// multiplies by its reciprocal) and adjust the truncated result toward minus infinity.
    fn py_divmod_by_positive(&mut self, x: Value, c: i64) -> (Value, Value) {
        if let Some(qr) = self.divmod_by_power_of_two(x, c, true) {
            return qr;
        }
        let q = self.b.ins().sdiv_imm_s(x, c);
        let qc = self.b.ins().imul_imm_s(q, c);
        let r = self.b.ins().isub(x, qc);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
        let q1 = self.b.ins().iadd_imm_s(q, -1);
        let q = self.b.ins().select(neg, q1, q);
        let rc = self.b.ins().iadd_imm_s(r, c);
        let r = self.b.ins().select(neg, rc, r);
        (q, r)
    }

    /// Floor division and modulo by a power of two `c`: a shift (arithmetic for a signed `x`:
    /// Python's floor) and a mask; `None` for other `c`.
    fn divmod_by_power_of_two(&mut self, x: Value, c: i64, signed: bool) -> Option<(Value, Value)> {
        if c & (c - 1) != 0 {
            return None;
        }
        let k = c.trailing_zeros() as i64;
        let q = if signed {
            self.b.ins().sshr_imm_s(x, k)
        } else {
            self.b.ins().ushr_imm_s(x, k)
        };
        let r = self.b.ins().band_imm_s(x, c - 1);
        Some((q, r))
    }

    /// Floor division and modulo of an int64 `x` known non-negative by a constant `c > 0`:
    /// unsigned, so a power of two is a logical shift and a mask and other constants one
    /// multiply-high (no adjustment toward minus infinity).
    fn unsigned_divmod_by_positive(&mut self, x: Value, c: i64) -> (Value, Value) {
        if let Some(qr) = self.divmod_by_power_of_two(x, c, false) {
            return qr;
        }
        let q = self.b.ins().udiv_imm_u(x, c);
        let qc = self.b.ins().imul_imm_s(q, c);
        let r = self.b.ins().isub(x, qc);
        (q, r)
    }

    /// Python's floor division and modulo of int64 `x` by a non-zero `y` (`i64::MIN // -1`
    /// wraps instead of trapping).
    pub fn py_divmod(&mut self, x: Value, y: Value) -> (Value, Value) {
        let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
        let one = self.b.ins().iconst(types::I64, 1);
        let safe = self.b.ins().select(minus_one, one, y);
        // One division: the remainder from the quotient (a separate `srem` would divide again,
        // and the `sdiv` stays even when only the remainder is used: it may trap).
        let q = self.b.ins().sdiv(x, safe);
        let qy = self.b.ins().imul(q, safe);
        let r = self.b.ins().isub(x, qy);
        // Round toward negative infinity: adjust when the remainder's sign differs from y's.
        let r_nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
        let xor = self.b.ins().bxor(r, y);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, xor, 0);
        let adjust = self.b.ins().band(r_nz, neg);
        let nx = self.b.ins().ineg(x);
        let q = self.b.ins().select(minus_one, nx, q);
        let q1 = self.b.ins().iadd_imm_s(q, -1);
        let q = self.b.ins().select(adjust, q1, q);
        let ry = self.b.ins().iadd(r, y);
        let r = self.b.ins().select(adjust, ry, r);
        (q, r)
    }

    pub(super) fn float_binary(&mut self, op: BinOp, x: Value, y: Value) -> Result<Value> {
        let zero_check = |t: &mut Self, msg: &str| -> Result<()> {
            let z = t.b.ins().f64const(0.0);
            let is_zero = t.b.ins().fcmp(FloatCC::Equal, y, z);
            t.raise_if(is_zero, RtError::ZeroDivisionError, msg)
        };
        Ok(match op {
            BinOp::Add => self.b.ins().fadd(x, y),
            BinOp::Sub => self.b.ins().fsub(x, y),
            BinOp::Mul => self.b.ins().fmul(x, y),
            BinOp::Div => {
                zero_check(self, "float division by zero")?;
                self.b.ins().fdiv(x, y)
            }
            BinOp::FloorDiv => {
                zero_check(self, "float floor division by zero")?;
                self.call_rt(&rt::PY_FLOORDIV, &[x, y])?[0]
            }
            BinOp::Mod => {
                zero_check(self, "float modulo")?;
                self.call_rt(&rt::PY_FMOD, &[x, y])?[0]
            }
            BinOp::Pow => {
                let z = self.b.ins().f64const(0.0);
                let base_zero = self.b.ins().fcmp(FloatCC::Equal, x, z);
                let exp_neg = self.b.ins().fcmp(FloatCC::LessThan, y, z);
                let bad = self.b.ins().band(base_zero, exp_neg);
                self.raise_if(
                    bad,
                    RtError::ZeroDivisionError,
                    "0.0 cannot be raised to a negative power",
                )?;
                self.call_rt(&rt::POW, &[x, y])?[0]
            }
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("float operator {op:?}"),
                ))
            }
        })
    }

    pub fn translate_unary(&mut self, op: UnaryOp, a: ValueId, rt: &Type) -> Result<Value> {
        let t = self.ty(a).clone();
        if op == UnaryOp::Not {
            let v = self.truth(a)?;
            return Ok(self.b.ins().bxor_imm_s(v, 1));
        }
        let x = self.scalar(a)?;
        let x = self.convert(x, &t, rt)?;
        Ok(match (op, rt) {
            (UnaryOp::Pos, _) => x,
            (UnaryOp::Neg, Type::Int | Type::Uint64) => self.b.ins().ineg(x),
            (UnaryOp::Neg, _) => self.b.ins().fneg(x),
            (UnaryOp::Invert, _) => self.b.ins().bnot(x),
            (UnaryOp::Not, _) => {
                return Err(CompileError::internal("codegen", "`not` handled above"))
            }
        })
    }

    pub fn translate_compare(&mut self, op: CmpOp, a: ValueId, b: ValueId) -> Result<Value> {
        let (ta, tb) = (self.ty(a).clone(), self.ty(b).clone());
        let (xa, xb) = (self.scalar(a)?, self.scalar(b)?);
        if let Some(r) = self.compare_uint64(op, xa, &ta, xb, &tb)? {
            return Ok(r);
        }
        let work = if ta.is_float() || tb.is_float() {
            if ta == Type::Float32 && tb == Type::Float32 {
                Type::Float32
            } else {
                Type::Float
            }
        } else {
            Type::Int
        };
        let x = self.convert(xa, &ta, &work)?;
        let y = self.convert(xb, &tb, &work)?;
        Ok(self.compare_values_cc(op, x, y, &work))
    }
}
