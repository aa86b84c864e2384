//! The `math` functions computed in the runtime with argument checks around them: the integer
//! functions (`factorial`, `gcd`, `lcm`, `isqrt`, `comb`, `perm`: CPython's argument errors
//! checked inline, the arithmetic in `intmath.rs`, `OverflowError` where CPython would return an
//! int beyond int64) and the float ones of the C library (`fmod`, `remainder`, `nextafter`,
//! `ulp`, `ldexp`), the two-result `frexp` and `modf`, and `isclose`.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::intrinsics::Intrinsic as I;
use crate::ir::ValueId;
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    InstBuilder, Value,
};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    pub fn int_math(&mut self, f: I, args: &[ValueId]) -> Result<Value> {
        let xs = args
            .iter()
            .map(|a| self.int_value(*a))
            .collect::<Result<Vec<_>>>()?;
        let negative = |t: &mut Self, v: Value, msg: &str| -> Result<()> {
            let neg = t.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
            t.raise_if(neg, RtError::ValueError, msg)
        };
        let (helper, overflow_msg) = match f {
            I::MathFactorial => {
                negative(self, xs[0], "factorial() not defined for negative values")?;
                (
                    &rt::FACTORIAL,
                    Some("factorial() result does not fit in int64"),
                )
            }
            I::MathIsqrt => {
                negative(self, xs[0], "isqrt() argument must be nonnegative")?;
                (&rt::ISQRT, None)
            }
            I::MathComb | I::MathPerm => {
                negative(self, xs[0], "n must be a non-negative integer")?;
                negative(self, xs[1], "k must be a non-negative integer")?;
                if f == I::MathComb {
                    (&rt::COMB, Some("comb() result does not fit in int64"))
                } else {
                    (&rt::PERM, Some("perm() result does not fit in int64"))
                }
            }
            I::MathGcd => (&rt::GCD, None),
            I::MathLcm => (&rt::LCM, None),
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("`{}` is not an integer function", other.qualified()),
                ))
            }
        };
        let r = self.call_rt(helper, &xs)?[0];
        if let Some(msg) = overflow_msg {
            let bad = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
            self.raise_if(bad, RtError::OverflowError, msg)?;
        }
        Ok(r)
    }

    /// `fmod`, `remainder`, `nextafter`, `ulp`, `ldexp` of the float `x` (and `args[1]`).
    pub fn float_math2(&mut self, f: I, x: Value, args: &[ValueId]) -> Result<Value> {
        let inf = self.b.ins().f64const(f64::INFINITY);
        match f {
            I::MathUlp => return Ok(self.call_rt(&rt::ULP, &[x])?[0]),
            I::MathLdexp => {
                let i = self.int_value(args[1])?;
                let r = self.call_rt(&rt::LDEXP, &[x, i])?[0];
                // Overflow: a finite x giving an infinity.
                let ra = self.b.ins().fabs(r);
                let xa = self.b.ins().fabs(x);
                let r_inf = self.b.ins().fcmp(FloatCC::Equal, ra, inf);
                let x_fin = self.b.ins().fcmp(FloatCC::LessThan, xa, inf);
                let bad = self.b.ins().band(r_inf, x_fin);
                self.raise_if(bad, RtError::OverflowError, "math range error")?;
                return Ok(r);
            }
            _ => {}
        }
        let yv = self.scalar(args[1])?;
        let yt = self.ty(args[1]).clone();
        let y = self.convert(yv, &yt, &crate::types::Type::Float)?;
        if f == I::MathNextafter {
            return Ok(self.call_rt(&rt::NEXTAFTER, &[x, y])?[0]);
        }
        // fmod/remainder: a domain error when x is infinite or y is zero (and neither is NaN).
        let z = self.b.ins().f64const(0.0);
        let xa = self.b.ins().fabs(x);
        let x_inf = self.b.ins().fcmp(FloatCC::Equal, xa, inf);
        let y_zero = self.b.ins().fcmp(FloatCC::Equal, y, z);
        let either = self.b.ins().bor(x_inf, y_zero);
        let x_ok = self.b.ins().fcmp(FloatCC::Ordered, x, x);
        let y_ok = self.b.ins().fcmp(FloatCC::Ordered, y, y);
        let both = self.b.ins().band(x_ok, y_ok);
        let bad = self.b.ins().band(either, both);
        self.raise_if(bad, RtError::ValueError, "math domain error")?;
        let helper = if f == I::MathFmod {
            &rt::FMOD
        } else {
            &rt::REMAINDER
        };
        Ok(self.call_rt(helper, &[x, y])?[0])
    }

    /// `math.frexp(x)` (mantissa, exponent) and `math.modf(x)` (fraction, integer part), both
    /// with the sign of `x`.
    pub fn math_pair(&mut self, f: I, a: ValueId) -> Result<Vec<Value>> {
        let xv = self.scalar(a)?;
        let t = self.ty(a).clone();
        let x = self.convert(xv, &t, &crate::types::Type::Float)?;
        if f == I::MathFrexp {
            let m = self.call_rt(&rt::FREXP_MANTISSA, &[x])?[0];
            let e = self.call_rt(&rt::FREXP_EXPONENT, &[x])?[0];
            return Ok(vec![m, e]);
        }
        // modf: the integer part truncates; the fraction of an infinity is a zero of its sign.
        let i = self.b.ins().trunc(x);
        let frac = self.b.ins().fsub(x, i);
        let inf = self.b.ins().f64const(f64::INFINITY);
        let xa = self.b.ins().fabs(x);
        let is_inf = self.b.ins().fcmp(FloatCC::Equal, xa, inf);
        let z = self.b.ins().f64const(0.0);
        let frac = self.b.ins().select(is_inf, z, frac);
        let frac = self.b.ins().fcopysign(frac, x);
        Ok(vec![frac, i])
    }

    /// `math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)` as CPython decides it.
    pub fn isclose(&mut self, b: &[Option<ValueId>]) -> Result<Value> {
        let f = |t: &mut Self, i: usize, default: f64| -> Result<Value> {
            match b.get(i).copied().flatten() {
                Some(v) => {
                    let x = t.scalar(v)?;
                    let ty = t.ty(v).clone();
                    t.convert(x, &ty, &crate::types::Type::Float)
                }
                None => Ok(t.b.ins().f64const(default)),
            }
        };
        let (x, y) = (f(self, 0, 0.0)?, f(self, 1, 0.0)?);
        let (rel, abs) = (f(self, 2, 1e-9)?, f(self, 3, 0.0)?);
        let z = self.b.ins().f64const(0.0);
        let rel_neg = self.b.ins().fcmp(FloatCC::LessThan, rel, z);
        let abs_neg = self.b.ins().fcmp(FloatCC::LessThan, abs, z);
        let bad = self.b.ins().bor(rel_neg, abs_neg);
        self.raise_if(bad, RtError::ValueError, "tolerances must be non-negative")?;
        let equal = self.b.ins().fcmp(FloatCC::Equal, x, y);
        let inf = self.b.ins().f64const(f64::INFINITY);
        let xa = self.b.ins().fabs(x);
        let ya = self.b.ins().fabs(y);
        let x_inf = self.b.ins().fcmp(FloatCC::Equal, xa, inf);
        let y_inf = self.b.ins().fcmp(FloatCC::Equal, ya, inf);
        let any_inf = self.b.ins().bor(x_inf, y_inf);
        let diff = self.b.ins().fsub(y, x);
        let diff = self.b.ins().fabs(diff);
        let ry = self.b.ins().fmul(rel, y);
        let ry = self.b.ins().fabs(ry);
        let rx = self.b.ins().fmul(rel, x);
        let rx = self.b.ins().fabs(rx);
        let c1 = self.b.ins().fcmp(FloatCC::LessThanOrEqual, diff, ry);
        let c2 = self.b.ins().fcmp(FloatCC::LessThanOrEqual, diff, rx);
        let c3 = self.b.ins().fcmp(FloatCC::LessThanOrEqual, diff, abs);
        let close = self.b.ins().bor(c1, c2);
        let close = self.b.ins().bor(close, c3);
        let not_inf = self.b.ins().bxor_imm_s(any_inf, 1);
        let close = self.b.ins().band(close, not_inf);
        Ok(self.b.ins().bor(equal, close))
    }
}
