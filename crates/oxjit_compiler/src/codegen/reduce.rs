//! Reduction arithmetic: the identity each accumulator starts from and the step that folds a
//! value (an element, or a chunk's partial result) into it — one rule per [`Reduction`], for
//! array reductions and `prange` reduction variables alike.

use super::translate::FunctionTranslator;
use super::values::EOp;
use crate::error::{CompileError, Result};
use crate::ir::BinOp;
use crate::loops::Reduction;
use crate::types::Type;
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, Value,
};

impl FunctionTranslator<'_, '_, '_> {
    /// The initial accumulator of a reduction.
    pub fn red_init(&mut self, red: Reduction, t: &Type) -> Value {
        match (red, t) {
            (Reduction::Sum, _) | (Reduction::Any, _) => self.zero_value(t),
            (Reduction::Prod, _) | (Reduction::All, _) => self.const_value(t, 1.0),
            (Reduction::Min | Reduction::PyMin | Reduction::ArgMin, Type::Uint64) => {
                self.b.ins().iconst(types::I64, -1)
            }
            (Reduction::Max | Reduction::PyMax | Reduction::ArgMax, Type::Uint64) => {
                self.b.ins().iconst(types::I64, 0)
            }
            (Reduction::Min | Reduction::PyMin | Reduction::ArgMin, Type::Int) => {
                self.b.ins().iconst(types::I64, i64::MAX)
            }
            (Reduction::Max | Reduction::PyMax | Reduction::ArgMax, Type::Int) => {
                self.b.ins().iconst(types::I64, i64::MIN)
            }
            (Reduction::Min | Reduction::PyMin | Reduction::ArgMin, Type::Bool) => {
                self.b.ins().iconst(types::I8, 1)
            }
            (Reduction::Max | Reduction::PyMax | Reduction::ArgMax, Type::Bool) => {
                self.b.ins().iconst(types::I8, 0)
            }
            (Reduction::Min | Reduction::PyMin | Reduction::ArgMin, t) => {
                self.const_value(t, f64::INFINITY)
            }
            (Reduction::Max | Reduction::PyMax | Reduction::ArgMax, t) => {
                self.const_value(t, f64::NEG_INFINITY)
            }
        }
    }

    /// Combine an accumulator with a value.
    pub fn red_step(&mut self, red: Reduction, acc: Value, x: Value, t: &Type) -> Result<Value> {
        Ok(match red {
            Reduction::Sum => self.np_binary(EOp::Arith(BinOp::Add), acc, t, x, t, t)?,
            Reduction::Prod => self.np_binary(EOp::Arith(BinOp::Mul), acc, t, x, t, t)?,
            Reduction::Min => self.np_binary(EOp::Minimum, acc, t, x, t, t)?,
            Reduction::Max => self.np_binary(EOp::Maximum, acc, t, x, t, t)?,
            Reduction::PyMin | Reduction::PyMax => {
                // Python's min/max: `x` wins only when strictly better.
                let better = if t.is_float() {
                    let cc = if red == Reduction::PyMin {
                        FloatCC::LessThan
                    } else {
                        FloatCC::GreaterThan
                    };
                    self.b.ins().fcmp(cc, x, acc)
                } else {
                    let unsigned = *t == Type::Uint64;
                    let cc = match (red == Reduction::PyMin, unsigned) {
                        (true, false) => IntCC::SignedLessThan,
                        (false, false) => IntCC::SignedGreaterThan,
                        (true, true) => IntCC::UnsignedLessThan,
                        (false, true) => IntCC::UnsignedGreaterThan,
                    };
                    self.b.ins().icmp(cc, x, acc)
                };
                self.b.ins().select(better, x, acc)
            }
            Reduction::All => self.b.ins().band(acc, x),
            Reduction::Any => self.b.ins().bor(acc, x),
            Reduction::ArgMin | Reduction::ArgMax => {
                return Err(CompileError::internal(
                    "codegen",
                    "arg reductions step elsewhere",
                ))
            }
        })
    }

    /// For argmin/argmax: does `x` replace the current best? (first NaN wins, ties keep the
    /// earlier position).
    pub fn arg_better(&mut self, red: Reduction, x: Value, best: Value, t: &Type) -> Value {
        if t.is_float() {
            let cc = if red == Reduction::ArgMin {
                FloatCC::LessThan
            } else {
                FloatCC::GreaterThan
            };
            let better = self.b.ins().fcmp(cc, x, best);
            let xn = self.b.ins().fcmp(FloatCC::Unordered, x, x);
            let bn = self.b.ins().fcmp(FloatCC::Unordered, best, best);
            let bnn = self.b.ins().bxor_imm_s(bn, 1);
            let nan_first = self.b.ins().band(xn, bnn);
            let b2 = self.b.ins().band(better, bnn);
            self.b.ins().bor(b2, nan_first)
        } else {
            let cc = match (
                red == Reduction::ArgMin,
                matches!(t, Type::Bool | Type::Uint64),
            ) {
                (true, true) => IntCC::UnsignedLessThan,
                (false, true) => IntCC::UnsignedGreaterThan,
                (true, false) => IntCC::SignedLessThan,
                (false, false) => IntCC::SignedGreaterThan,
            };
            self.b.ins().icmp(cc, x, best)
        }
    }
}
