//! The integer functions of `math` (`factorial`, `gcd`, `lcm`, `isqrt`, `comb`, `perm`): CPython's
//! argument errors checked inline, the arithmetic in the runtime (`intmath.rs`), and
//! `OverflowError` where CPython would return an int beyond int64.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::intrinsics::Intrinsic as I;
use crate::ir::ValueId;
use cranelift_codegen::ir::{condcodes::IntCC, InstBuilder, Value};
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
}
