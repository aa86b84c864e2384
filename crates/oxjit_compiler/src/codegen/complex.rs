//! Python `complex` scalars in code: a complex value is two float64 machine values (real,
//! imaginary). `+ - *`, negation, comparisons and truth are inline code with CPython's
//! formulas (a real operand is first made `complex(x, 0.0)`, as CPython 3.11 does); `/`, `**`,
//! `abs` and the `cmath` functions call the runtime (`oxjit_runtime::complex`), which follows
//! CPython's algorithms and reports its exceptions.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::intrinsics::{Intrinsic as I, Lower};
use crate::ir::{BinOp, CmpOp, UnaryOp, ValueId};
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{
    condcodes::FloatCC, types, InstBuilder, StackSlotData, StackSlotKind, Value,
};
use oxjit_runtime::complex::{BinaryOp, Func};
use oxjit_runtime::decls as rt;

impl FunctionTranslator<'_, '_, '_> {
    /// The real and imaginary parts of a number value (a real number gets `+0.0`).
    pub fn complex_parts(&mut self, v: ValueId) -> Result<(Value, Value)> {
        let t = self.ty(v).clone();
        if t == Type::Complex {
            let vals = self.val(v)?;
            return Ok((vals[0], vals[1]));
        }
        let re = self.float_value(v)?;
        let im = self.b.ins().f64const(0.0);
        Ok((re, im))
    }

    /// Convert a real number's machine value of type `from` to a complex pair.
    pub fn complex_of(&mut self, x: Value, from: &Type) -> Result<Vec<Value>> {
        let re = self.convert(x, from, &Type::Float)?;
        let im = self.b.ins().f64const(0.0);
        Ok(vec![re, im])
    }

    /// Read a complex element at `addr` as a complex128 pair.
    pub fn load_complex(&mut self, addr: Value, dtype: Dtype) -> Vec<Value> {
        let (t, half) = part_type(dtype);
        let re = self.b.ins().load(t, self.mf, addr, 0);
        let im = self.b.ins().load(t, self.mf, addr, half);
        if dtype == Dtype::Complex64 {
            vec![
                self.b.ins().fpromote(types::F64, re),
                self.b.ins().fpromote(types::F64, im),
            ]
        } else {
            vec![re, im]
        }
    }

    /// Store the number `item` as a complex element at `addr`.
    pub fn store_complex(&mut self, addr: Value, dtype: Dtype, item: ValueId) -> Result<()> {
        let (mut re, mut im) = self.complex_parts(item)?;
        let (_, half) = part_type(dtype);
        if dtype == Dtype::Complex64 {
            re = self.b.ins().fdemote(types::F32, re);
            im = self.b.ins().fdemote(types::F32, im);
        }
        self.b.ins().store(self.mf, re, addr, 0);
        self.b.ins().store(self.mf, im, addr, half);
        Ok(())
    }

    /// Call a runtime routine writing two doubles; unwind on a non-zero status.
    fn call_pair(
        &mut self,
        f: &'static rt::RtFn,
        code: i64,
        args: [Value; 4],
    ) -> Result<[Value; 2]> {
        let slot =
            self.b
                .create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 16, 3));
        let out = self.b.ins().stack_addr(types::I64, slot, 0);
        let code = self.b.ins().iconst(types::I64, code);
        let status = self.call_rt(f, &[code, args[0], args[1], args[2], args[3], out])?[0];
        self.check_status(status)?;
        let re = self.b.ins().stack_load(types::I64, types::F64, slot, 0);
        let im = self.b.ins().stack_load(types::I64, types::F64, slot, 8);
        Ok([re, im])
    }

    /// `a <op> b` with a complex result.
    pub fn complex_binary(&mut self, op: BinOp, a: ValueId, b: ValueId) -> Result<Vec<Value>> {
        let (ar, ai) = self.complex_parts(a)?;
        let (br, bi) = self.complex_parts(b)?;
        Ok(match op {
            BinOp::Add => vec![self.b.ins().fadd(ar, br), self.b.ins().fadd(ai, bi)],
            BinOp::Sub => vec![self.b.ins().fsub(ar, br), self.b.ins().fsub(ai, bi)],
            BinOp::Mul => {
                let rr = self.b.ins().fmul(ar, br);
                let ii = self.b.ins().fmul(ai, bi);
                let ri = self.b.ins().fmul(ar, bi);
                let ir = self.b.ins().fmul(ai, br);
                vec![self.b.ins().fsub(rr, ii), self.b.ins().fadd(ri, ir)]
            }
            BinOp::Div | BinOp::Pow => {
                let code = if op == BinOp::Div {
                    BinaryOp::Div
                } else {
                    BinaryOp::Pow
                };
                self.call_pair(&rt::COMPLEX_BINARY, code as i64, [ar, ai, br, bi])?
                    .to_vec()
            }
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("complex operator {op:?}"),
                ))
            }
        })
    }

    /// `-z`, `+z`.
    pub fn complex_unary(&mut self, op: UnaryOp, a: ValueId) -> Result<Vec<Value>> {
        let (re, im) = self.complex_parts(a)?;
        Ok(match op {
            UnaryOp::Neg => vec![self.b.ins().fneg(re), self.b.ins().fneg(im)],
            UnaryOp::Pos => vec![re, im],
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("complex unary {op:?}"),
                ))
            }
        })
    }

    /// `a == b` / `a != b` with a complex operand.
    pub fn complex_compare(&mut self, op: CmpOp, a: ValueId, b: ValueId) -> Result<Value> {
        let (ar, ai) = self.complex_parts(a)?;
        let (br, bi) = self.complex_parts(b)?;
        let re = self.b.ins().fcmp(FloatCC::Equal, ar, br);
        let im = self.b.ins().fcmp(FloatCC::Equal, ai, bi);
        let eq = self.b.ins().band(re, im);
        Ok(match op {
            CmpOp::Eq => eq,
            CmpOp::Ne => self.b.ins().bxor_imm_s(eq, 1),
            _ => return Err(CompileError::internal("codegen", "ordered complex compare")),
        })
    }

    /// Truth of a complex value: either part non-zero (NaN is true).
    pub fn complex_truth(&mut self, re: Value, im: Value) -> Value {
        let z = self.b.ins().f64const(0.0);
        let r = self.b.ins().fcmp(FloatCC::NotEqual, re, z);
        let i = self.b.ins().fcmp(FloatCC::NotEqual, im, z);
        self.b.ins().bor(r, i)
    }

    /// `z.real`, `z.imag`.
    pub fn complex_attr(&mut self, v: ValueId, name: &str) -> Result<Vec<Value>> {
        let t = self.ty(v).clone();
        if t.is_number() {
            // `x.real` is `x` (bool: int); `x.imag` is a zero of that type.
            let x = self.scalar(v)?;
            let rt = if t == Type::Bool {
                Type::Int
            } else {
                t.clone()
            };
            let x = self.convert(x, &t, &rt)?;
            return Ok(match name {
                "real" => vec![x],
                "imag" => {
                    let zero = self.b.ins().iconst(types::I64, 0);
                    vec![self.convert(zero, &Type::Int, &rt)?]
                }
                _ => Vec::new(),
            });
        }
        let (re, im) = self.complex_parts(v)?;
        Ok(match name {
            "real" => vec![re],
            "imag" => vec![im],
            // Methods are compile-time values.
            _ => Vec::new(),
        })
    }

    /// Calls of `complex(...)`, `abs(z)`, `z.conjugate()` and the `cmath` functions; `None`
    /// when `f` is none of them.
    pub fn complex_call(
        &mut self,
        f: I,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        recv: Option<ValueId>,
    ) -> Result<Option<Vec<Value>>> {
        let span = crate::error::Span::default();
        Ok(Some(match f {
            I::ComplexConjugate => {
                let Some(z) = recv else {
                    return Err(CompileError::internal(
                        "codegen",
                        "conjugate without receiver",
                    ));
                };
                let t = self.ty(z).clone();
                if t != Type::Complex {
                    return Ok(Some(self.complex_attr(z, "real")?));
                }
                let (re, im) = self.complex_parts(z)?;
                vec![re, self.b.ins().fneg(im)]
            }
            I::BuiltinAbs => {
                let (re, im) = self.complex_parts(args[0])?;
                let z = self.b.ins().f64const(0.0);
                vec![self.call_pair(&rt::CMATH, Func::Abs as i64, [re, im, z, z])?[0]]
            }
            I::BuiltinComplex => {
                let b = crate::intrinsics::bind(f, args, kwargs, span)?;
                self.complex_ctor(b[0], b[1])?
            }
            I::CmathIsnan | I::CmathIsinf | I::CmathIsfinite => {
                let (re, im) = self.complex_parts(args[0])?;
                vec![self.complex_class(f, re, im)]
            }
            I::CmathIsclose => {
                let b = crate::intrinsics::bind(f, args, kwargs, span)?;
                vec![self.complex_isclose(&b)?]
            }
            f => {
                let Lower::Cmath(func) = f.lower() else {
                    return Ok(None);
                };
                let b = crate::intrinsics::bind(f, args, kwargs, span)?;
                self.cmath_call(func, &b)?
            }
        }))
    }

    /// `complex(real, imag)`: `real + imag * 1j` by CPython's rules (a complex `imag` moves
    /// its imaginary part to the real part).
    fn complex_ctor(&mut self, re: Option<ValueId>, im: Option<ValueId>) -> Result<Vec<Value>> {
        let zero = self.b.ins().f64const(0.0);
        let (rr, ri) = match re {
            Some(v) => self.complex_parts(v)?,
            None => (zero, zero),
        };
        let Some(im) = im else {
            return Ok(vec![rr, ri]);
        };
        let (ir, ii) = self.complex_parts(im)?;
        let re_complex = self.ty_of(re) == Type::Complex;
        let im_complex = *self.ty(im) == Type::Complex;
        let real = if im_complex {
            self.b.ins().fsub(rr, ii)
        } else {
            rr
        };
        let imag = if re_complex {
            self.b.ins().fadd(ir, ri)
        } else {
            ir
        };
        Ok(vec![real, imag])
    }

    fn ty_of(&self, v: Option<ValueId>) -> Type {
        v.map_or(Type::Int, |v| self.ty(v).clone())
    }

    /// `cmath.isnan`/`isinf`/`isfinite`.
    fn complex_class(&mut self, f: I, re: Value, im: Value) -> Value {
        let inf = self.b.ins().f64const(f64::INFINITY);
        let part = |t: &mut Self, x: Value| -> Value {
            match f {
                I::CmathIsnan => t.b.ins().fcmp(FloatCC::Unordered, x, x),
                I::CmathIsinf => {
                    let a = t.b.ins().fabs(x);
                    t.b.ins().fcmp(FloatCC::Equal, a, inf)
                }
                _ => {
                    let a = t.b.ins().fabs(x);
                    t.b.ins().fcmp(FloatCC::LessThan, a, inf)
                }
            }
        };
        let (r, i) = (part(self, re), part(self, im));
        if f == I::CmathIsfinite {
            self.b.ins().band(r, i)
        } else {
            self.b.ins().bor(r, i)
        }
    }

    /// `cmath.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)` as CPython computes it.
    fn complex_isclose(&mut self, b: &[Option<ValueId>]) -> Result<Value> {
        let (ar, ai) = self.complex_parts(b[0].ok_or_else(missing)?)?;
        let (br, bi) = self.complex_parts(b[1].ok_or_else(missing)?)?;
        let tol = |t: &mut Self, v: Option<ValueId>, d: f64| match v {
            Some(v) => t.float_value(v),
            None => Ok(t.b.ins().f64const(d)),
        };
        let (rel, abs) = (tol(self, b[2], 1e-9)?, tol(self, b[3], 0.0)?);
        let z = self.b.ins().f64const(0.0);
        let rel_neg = self.b.ins().fcmp(FloatCC::LessThan, rel, z);
        let abs_neg = self.b.ins().fcmp(FloatCC::LessThan, abs, z);
        let bad = self.b.ins().bor(rel_neg, abs_neg);
        self.raise_if(
            bad,
            oxjit_runtime::errors::ErrorKind::ValueError,
            "tolerances must be non-negative",
        )?;
        let e1 = self.b.ins().fcmp(FloatCC::Equal, ar, br);
        let e2 = self.b.ins().fcmp(FloatCC::Equal, ai, bi);
        let equal = self.b.ins().band(e1, e2);
        let isinf = |t: &mut Self, re: Value, im: Value| t.complex_class(I::CmathIsinf, re, im);
        let (ia, ib) = (isinf(self, ar, ai), isinf(self, br, bi));
        let any_inf = self.b.ins().bor(ia, ib);
        let dr = self.b.ins().fsub(br, ar);
        let di = self.b.ins().fsub(bi, ai);
        let diff = self.call_rt(&rt::HYPOT, &[dr, di])?[0];
        let na = self.call_rt(&rt::HYPOT, &[ar, ai])?[0];
        let nb = self.call_rt(&rt::HYPOT, &[br, bi])?[0];
        let rb = self.b.ins().fmul(rel, nb);
        let ra = self.b.ins().fmul(rel, na);
        let c1 = self.b.ins().fcmp(FloatCC::LessThanOrEqual, diff, rb);
        let c2 = self.b.ins().fcmp(FloatCC::LessThanOrEqual, diff, ra);
        let c3 = self.b.ins().fcmp(FloatCC::LessThanOrEqual, diff, abs);
        let close = self.b.ins().bor(c1, c2);
        let close = self.b.ins().bor(close, c3);
        let finite = self.b.ins().bxor_imm_s(any_inf, 1);
        let close = self.b.ins().band(close, finite);
        Ok(self.b.ins().bor(equal, close))
    }

    /// A `cmath` function by the runtime: the result shaped by what the function returns.
    fn cmath_call(&mut self, func: Func, b: &[Option<ValueId>]) -> Result<Vec<Value>> {
        let zero = self.b.ins().f64const(0.0);
        let a = b[0].ok_or_else(missing)?;
        let (ar, ai) = self.complex_parts(a)?;
        let second = b
            .get(1)
            .copied()
            .flatten()
            .filter(|v| *self.ty(*v) != Type::None);
        let (func, br, bi) = match (func, second) {
            (Func::Log, Some(base)) => {
                let (br, bi) = self.complex_parts(base)?;
                (Func::LogBase, br, bi)
            }
            (Func::Rect, Some(phi)) => (Func::Rect, self.float_value(phi)?, zero),
            (f, _) => (f, zero, zero),
        };
        let ar = if func == Func::Rect {
            self.float_value(a)?
        } else {
            ar
        };
        let [re, im] = self.call_pair(&rt::CMATH, func as i64, [ar, ai, br, bi])?;
        Ok(match func {
            Func::Phase | Func::Abs => vec![re],
            _ => vec![re, im],
        })
    }
}

/// The machine type of a complex dtype's parts and the byte offset of the imaginary part.
fn part_type(dtype: Dtype) -> (types::Type, i32) {
    if dtype == Dtype::Complex64 {
        (types::F32, 4)
    } else {
        (types::F64, 8)
    }
}

fn missing() -> CompileError {
    CompileError::internal("codegen", "missing cmath argument")
}
