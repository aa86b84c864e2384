//! Strength reduction of `x ** c` for a constant exponent `c` (scalars and array elements).
//!
//! Only rewrites that give the same bits as the operation they replace:
//! - integers: any exponent `0 ≤ c ≤ 64` by square-and-multiply (integers wrap, so the product is
//!   exactly what `pow` computes);
//! - floats: `c ∈ {0, 1, 2}` (`pow(x, 2)` is the correctly rounded `x * x`);
//! - NumPy array elements additionally: `c = 0.5` → `sqrt` and `c = -1` → `1 / x`, the fast paths
//!   NumPy itself takes for `a ** 0.5` and `a ** -1` (so NaN and signed-zero results agree with
//!   NumPy, not with C's `pow`). Python floats keep `pow` there (`(-inf) ** 0.5` is `inf`).
//!
//! Larger float exponents (`x ** 3` differs from `x * x * x` in about a quarter of the inputs)
//! and a Python float's `x ** 0.5` take a certified fast form that falls back to `pow`
//! (`power_exact.rs`) — unless the function is compiled with `fastmath=True` (as Numba's LLVM
//! does for any integer exponent): then `x ** n` for integral `3 ≤ n ≤ 16` is square-and-multiply,
//! NumPy array elements also take `x ** -n` as `1 / x ** n`, and `x ** 0.5` is `sqrt` (for a
//! Python float only when `x >= 0`; a negative base still goes through `pow`, which raises as
//! CPython does). These may differ from `pow` in the last bit, and `(-0.0) ** 0.5` is `-0.0`.

use super::translate::FunctionTranslator;
use crate::error::Result;
use crate::types::Type;
use cranelift_codegen::ir::{
    condcodes::FloatCC, types, InstBuilder, InstructionData, Opcode, Value, ValueDef,
};

/// Whose rules a power follows: they differ only in NumPy's array fast paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PowerRules {
    Python,
    NumpyArray,
}

/// Largest integer exponent expanded into multiplications.
const MAX_INT_EXPONENT: i64 = 64;

impl FunctionTranslator<'_, '_, '_> {
    /// The constant a machine value is, as a float, looking through integer/float conversions
    /// (`2`, `2.0`, `float(2)`).
    pub(super) fn numeric_const_of(&self, v: Value) -> Option<f64> {
        let dfg = &self.b.func.dfg;
        let ValueDef::Result(inst, _) = dfg.value_def(v) else {
            return None;
        };
        match dfg.insts[inst] {
            InstructionData::UnaryImm {
                opcode: Opcode::Iconst,
                imm,
            } => Some(imm.bits() as f64),
            InstructionData::UnaryIeee64 {
                opcode: Opcode::F64const,
                imm,
            } => Some(f64::from_bits(imm.bits())),
            InstructionData::UnaryIeee32 {
                opcode: Opcode::F32const,
                imm,
            } => Some(f32::from_bits(imm.bits()) as f64),
            InstructionData::Unary {
                opcode: Opcode::FcvtFromSint | Opcode::Fpromote | Opcode::Fdemote,
                arg,
            } => self.numeric_const_of(arg),
            InstructionData::Unary {
                opcode: Opcode::Fneg | Opcode::Ineg,
                arg,
            } => self.numeric_const_of(arg).map(|c| -c),
            _ => None,
        }
    }

    /// `x ** y` in `ty` (both operands already converted to it) when `y` is a constant with an
    /// exact cheaper form; `None` when `pow` must be called.
    pub fn power_by_constant(
        &mut self,
        x: Value,
        y: Value,
        ty: &Type,
        rules: PowerRules,
    ) -> Option<Value> {
        let c = self.numeric_const_of(y)?;
        match ty {
            Type::Int => {
                if c.fract() != 0.0 || !(0.0..=MAX_INT_EXPONENT as f64).contains(&c) {
                    return None;
                }
                Some(self.int_power(x, c as i64))
            }
            Type::Float | Type::Float32 => {
                let one = |t: &mut Self| {
                    if *ty == Type::Float32 {
                        t.b.ins().f32const(1.0)
                    } else {
                        t.b.ins().f64const(1.0)
                    }
                };
                Some(match (c, rules) {
                    (0.0, _) => one(self),
                    (1.0, _) => x,
                    (2.0, _) => self.b.ins().fmul(x, x),
                    (0.5, PowerRules::NumpyArray) => self.b.ins().sqrt(x),
                    (-1.0, PowerRules::NumpyArray) => {
                        let o = one(self);
                        self.b.ins().fdiv(o, x)
                    }
                    (c, _) if self.st.fastmath && c.fract() == 0.0 && (3.0..=16.0).contains(&c) => {
                        self.float_power(x, c as i64)
                    }
                    (c, PowerRules::NumpyArray)
                        if self.st.fastmath && c.fract() == 0.0 && (-16.0..=-2.0).contains(&c) =>
                    {
                        let p = self.float_power(x, -c as i64);
                        let o = one(self);
                        self.b.ins().fdiv(o, p)
                    }
                    _ => return None,
                })
            }
            _ => None,
        }
    }

    /// With `fastmath=True`, a Python float `x ** 0.5`: `sqrt(x)` when `x >= 0` (or NaN), else
    /// `pow` as without fastmath (a negative base raises there, as in CPython).
    pub fn fast_python_sqrt(&mut self, x: Value, y: Value) -> Result<Option<Value>> {
        if !self.st.fastmath || self.numeric_const_of(y) != Some(0.5) {
            return Ok(None);
        }
        let zero = self.b.ins().f64const(0.0);
        let nonneg = self
            .b
            .ins()
            .fcmp(FloatCC::UnorderedOrGreaterThanOrEqual, x, zero);
        self.fast_or_pow(nonneg, |t| Ok(t.b.ins().sqrt(x)), x, y)
            .map(Some)
    }

    /// `x ** n` for `n ≥ 1` by square-and-multiply in floating point (`fastmath=True`).
    fn float_power(&mut self, x: Value, n: i64) -> Value {
        self.square_and_multiply(x, n, |b, p, q| b.ins().fmul(p, q))
            .unwrap_or(x)
    }

    /// `x ** n` for `0 ≤ n ≤ 64` by square-and-multiply (wrapping, as integer `pow` does).
    fn int_power(&mut self, x: Value, n: i64) -> Value {
        self.square_and_multiply(x, n, |b, p, q| b.ins().imul(p, q))
            .unwrap_or_else(|| self.b.ins().iconst(types::I64, 1))
    }

    /// `x ** n` by binary powering with `mul`; `None` for `n == 0`.
    fn square_and_multiply(
        &mut self,
        x: Value,
        mut n: i64,
        mul: impl Fn(&mut cranelift_frontend::FunctionBuilder<'_>, Value, Value) -> Value,
    ) -> Option<Value> {
        let mut result: Option<Value> = None;
        let mut base = x;
        while n > 0 {
            if n & 1 == 1 {
                result = Some(match result {
                    Some(r) => mul(&mut self.b, r, base),
                    None => base,
                });
            }
            n >>= 1;
            if n > 0 {
                base = mul(&mut self.b, base, base);
            }
        }
        result
    }
}
