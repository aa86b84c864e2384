//! NumPy's element-wise functions of one argument, one element at a time: the kernels the
//! `Elem::Unary` nodes of lazy array expressions (and unary operators on arrays) evaluate.

use super::translate::FunctionTranslator;
use super::values::EOp;
use crate::error::{CompileError, Result};
use crate::intrinsics::UnaryFn;
use crate::ir::BinOp;
use crate::types::Type;
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, MemFlagsData, Value,
};
use oxjit_runtime::decls as rt;

impl FunctionTranslator<'_, '_, '_> {
    /// NumPy's element-wise unary functions (no Python exceptions: NaN/inf as NumPy gives).
    pub fn np_unary(&mut self, f: UnaryFn, v: Value, from: &Type, to: &Type) -> Result<Value> {
        use crate::types::Type as T;
        let float_fn = |t: &mut Self, helper: &'static rt::RtFn, v: Value| -> Result<Value> {
            let x = t.convert(v, from, &T::Float)?;
            let r = t.call_rt(helper, &[x])?[0];
            t.convert(r, &T::Float, to)
        };
        if let Some(helper) = f.runtime() {
            return float_fn(self, helper, v);
        }
        Ok(match f {
            UnaryFn::Sqrt => {
                let x = self.convert(v, from, to)?;
                self.b.ins().sqrt(x)
            }
            UnaryFn::Deg2rad | UnaryFn::Rad2deg => {
                let x = self.convert(v, from, to)?;
                let k = if f == UnaryFn::Deg2rad {
                    std::f64::consts::PI / 180.0
                } else {
                    180.0 / std::f64::consts::PI
                };
                let k = self.const_value(to, k);
                self.b.ins().fmul(x, k)
            }
            UnaryFn::Square => {
                let x = self.convert(v, from, to)?;
                self.np_binary(EOp::Arith(BinOp::Mul), x, to, x, to, to)?
            }
            UnaryFn::Negative => {
                let x = self.convert(v, from, to)?;
                if to.is_float() {
                    self.b.ins().fneg(x)
                } else {
                    self.b.ins().ineg(x)
                }
            }
            UnaryFn::Positive => self.convert(v, from, to)?,
            UnaryFn::Abs => {
                let x = self.convert(v, from, to)?;
                match to {
                    T::Float | T::Float32 => self.b.ins().fabs(x),
                    T::Bool | T::Uint64 => x,
                    _ => self.b.ins().iabs(x),
                }
            }
            UnaryFn::Sign => {
                let x = self.convert(v, from, to)?;
                if to.is_float() {
                    let z = self.zero_value(to);
                    let one = self.const_value(to, 1.0);
                    let m1 = self.const_value(to, -1.0);
                    let gt = self.b.ins().fcmp(FloatCC::GreaterThan, x, z);
                    let lt = self.b.ins().fcmp(FloatCC::LessThan, x, z);
                    let r = self.b.ins().select(lt, m1, z);
                    let r = self.b.ins().select(gt, one, r);
                    // NaN stays NaN.
                    let nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
                    self.b.ins().select(nan, x, r)
                } else if *to == T::Uint64 {
                    let nz = self.b.ins().icmp_imm_u(IntCC::NotEqual, x, 0);
                    self.b.ins().uextend(types::I64, nz)
                } else {
                    let z = self.b.ins().iconst(types::I64, 0);
                    let gt = self.b.ins().icmp(IntCC::SignedGreaterThan, x, z);
                    let lt = self.b.ins().icmp(IntCC::SignedLessThan, x, z);
                    let g = self.b.ins().uextend(types::I64, gt);
                    let l = self.b.ins().uextend(types::I64, lt);
                    self.b.ins().isub(g, l)
                }
            }
            UnaryFn::Floor | UnaryFn::Ceil | UnaryFn::Trunc | UnaryFn::Rint => {
                let x = self.convert(v, from, to)?;
                if to.is_float() {
                    match f {
                        UnaryFn::Floor => self.b.ins().floor(x),
                        UnaryFn::Ceil => self.b.ins().ceil(x),
                        UnaryFn::Trunc => self.b.ins().trunc(x),
                        _ => self.b.ins().nearest(x),
                    }
                } else {
                    x
                }
            }
            UnaryFn::Isnan | UnaryFn::Isinf | UnaryFn::Isfinite => {
                if !from.is_float() {
                    self.b
                        .ins()
                        .iconst(types::I8, (f == UnaryFn::Isfinite) as i64)
                } else {
                    let inf = self.const_value(from, f64::INFINITY);
                    let a = self.b.ins().fabs(v);
                    match f {
                        UnaryFn::Isnan => self.b.ins().fcmp(FloatCC::Unordered, v, v),
                        UnaryFn::Isinf => self.b.ins().fcmp(FloatCC::Equal, a, inf),
                        _ => self.b.ins().fcmp(FloatCC::LessThan, a, inf),
                    }
                }
            }
            UnaryFn::Signbit | UnaryFn::Isposinf | UnaryFn::Isneginf => {
                if from.is_float() {
                    if f == UnaryFn::Signbit {
                        let it = if *from == T::Float32 {
                            types::I32
                        } else {
                            types::I64
                        };
                        let bits = self.b.ins().bitcast(it, MemFlagsData::new(), v);
                        self.b.ins().icmp_imm_s(IntCC::SignedLessThan, bits, 0)
                    } else {
                        let inf = if f == UnaryFn::Isposinf {
                            f64::INFINITY
                        } else {
                            f64::NEG_INFINITY
                        };
                        let inf = self.const_value(from, inf);
                        self.b.ins().fcmp(FloatCC::Equal, v, inf)
                    }
                } else if f == UnaryFn::Signbit && *from == T::Int {
                    let x = self.convert(v, from, &T::Int)?;
                    self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0)
                } else {
                    self.b.ins().iconst(types::I8, 0)
                }
            }
            UnaryFn::NanToNum => {
                let x = self.convert(v, from, to)?;
                if to.is_float() {
                    let (max, min) = if *to == T::Float32 {
                        (f64::from(f32::MAX), f64::from(f32::MIN))
                    } else {
                        (f64::MAX, f64::MIN)
                    };
                    let zero = self.zero_value(to);
                    let pinf = self.const_value(to, f64::INFINITY);
                    let ninf = self.const_value(to, f64::NEG_INFINITY);
                    let hi = self.const_value(to, max);
                    let lo = self.const_value(to, min);
                    let nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
                    let r = self.b.ins().select(nan, zero, x);
                    let up = self.b.ins().fcmp(FloatCC::Equal, x, pinf);
                    let r = self.b.ins().select(up, hi, r);
                    let down = self.b.ins().fcmp(FloatCC::Equal, x, ninf);
                    self.b.ins().select(down, lo, r)
                } else {
                    x
                }
            }
            UnaryFn::Spacing => {
                let x = self.convert(v, from, to)?;
                let helper = if *to == T::Float32 {
                    &rt::SPACINGF
                } else {
                    &rt::SPACING
                };
                self.call_rt(helper, &[x])?[0]
            }
            UnaryFn::RoundTo(d) => {
                let work = if to.is_float() { to.clone() } else { T::Float };
                if !to.is_float() && d >= 0 {
                    return self.convert(v, from, to);
                }
                let x = self.convert(v, from, &work)?;
                let f = self.const_value(&work, power_of_ten(d.unsigned_abs()));
                let r = if d >= 0 {
                    let y = self.b.ins().fmul(x, f);
                    let y = self.b.ins().nearest(y);
                    self.b.ins().fdiv(y, f)
                } else {
                    let y = self.b.ins().fdiv(x, f);
                    let y = self.b.ins().nearest(y);
                    self.b.ins().fmul(y, f)
                };
                self.convert(r, &work, to)?
            }
            UnaryFn::Invert => {
                let x = self.convert(v, from, to)?;
                if *to == T::Bool {
                    self.b.ins().bxor_imm_s(x, 1)
                } else {
                    self.b.ins().bnot(x)
                }
            }
            UnaryFn::Reciprocal if to.is_float() => {
                let x = self.convert(v, from, to)?;
                let one = self.const_value(to, 1.0);
                self.b.ins().fdiv(one, x)
            }
            UnaryFn::Reciprocal | UnaryFn::ReciprocalInt(_) => {
                // NumPy's integer loop converts `1.0 / x` back: 1 and -1 stay, 0 becomes
                // what x86-64 makes of `inf` (see `ReciprocalInt`), the rest 0.
                let zero = match f {
                    UnaryFn::ReciprocalInt(z) => z,
                    _ if *to == T::Int => i64::MIN,
                    _ => 0,
                };
                let x = self.convert(v, from, to)?;
                let one = self.b.ins().iconst(types::I64, 1);
                let z = self.b.ins().iconst(types::I64, 0);
                let is1 = self.b.ins().icmp_imm_s(IntCC::Equal, x, 1);
                let mut r = self.b.ins().select(is1, one, z);
                if *to != T::Uint64 {
                    let m1 = self.b.ins().iconst(types::I64, -1);
                    let is_m1 = self.b.ins().icmp_imm_s(IntCC::Equal, x, -1);
                    r = self.b.ins().select(is_m1, m1, r);
                }
                let is0 = self.b.ins().icmp_imm_s(IntCC::Equal, x, 0);
                let zv = self.b.ins().iconst(types::I64, zero);
                self.b.ins().select(is0, zv, r)
            }
            UnaryFn::BitCount => {
                let x = if *from == T::Uint64 {
                    v
                } else {
                    let x = self.convert(v, from, &T::Int)?;
                    self.b.ins().iabs(x)
                };
                let n = self.b.ins().popcnt(x);
                self.convert(n, &T::Int, to)?
            }
            UnaryFn::FrexpMantissa => float_fn(self, &rt::FREXP_MANTISSA, v)?,
            UnaryFn::FrexpExponent => {
                let x = self.convert(v, from, &T::Float)?;
                let e = self.call_rt(&rt::FREXP_EXPONENT, &[x])?[0];
                self.convert(e, &T::Int, to)?
            }
            UnaryFn::ModfFraction => {
                // `x - trunc(x)` is exact; an infinite `x` has fraction 0, and the fraction
                // takes `x`'s sign (`modf(-2.0)` is `-0.0`).
                let x = self.convert(v, from, to)?;
                let t = self.b.ins().trunc(x);
                let d = self.b.ins().fsub(x, t);
                let inf = self.const_value(to, f64::INFINITY);
                let a = self.b.ins().fabs(x);
                let is_inf = self.b.ins().fcmp(FloatCC::Equal, a, inf);
                let z = self.zero_value(to);
                let d = self.b.ins().select(is_inf, z, d);
                self.b.ins().fcopysign(d, x)
            }
            UnaryFn::Wrap(d) => {
                let x = self.convert(v, from, &T::Int)?;
                self.wrap_narrow(x, d)
            }
            UnaryFn::LogicalNot => {
                let b = self.convert(v, from, &T::Bool)?;
                self.b.ins().bxor_imm_s(b, 1)
            }
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("unary kernel `{other:?}`"),
                ))
            }
        })
    }
}

/// `10**n` as NumPy's `round` computes it (a table up to 1e8, then repeated products).
fn power_of_ten(n: u32) -> f64 {
    const P10: [f64; 9] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    if (n as usize) < P10.len() {
        return P10[n as usize];
    }
    (9..n).fold(1e9, |r, _| r * 10.0)
}
