//! Integer dtypes other than int64: uint64 arithmetic and comparisons (64 bits, unsigned), and
//! the wrap-around of intermediate results of narrower integer dtypes.
//!
//! Elements of int8 … uint32 arrays are computed in int64 (their values fit) and wrapped back
//! to their width where NumPy would hold them in that dtype (`Wrap`), so `(a + b) > 100` on
//! int8 arrays sees the wrapped sum as NumPy does. uint64 values are 64-bit patterns of type
//! `Type::Uint64`: add, subtract, multiply and shifts left are the int64 instructions;
//! division, remainder, comparisons, `min`/`max`, shifts right and conversions to float are
//! the unsigned ones.

use super::translate::FunctionTranslator;
use super::values::{elem_cl_type, EOp};
use crate::error::{CompileError, Result};
use crate::ir::{BinOp, CmpOp};
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

/// What division by zero does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ZeroDiv {
    /// NumPy arrays: the result is 0 (NumPy warns).
    Zero,
    /// Python scalars: `ZeroDivisionError`.
    Raise,
}

fn unsigned_cc(op: CmpOp) -> IntCC {
    match op {
        CmpOp::Eq => IntCC::Equal,
        CmpOp::Ne => IntCC::NotEqual,
        CmpOp::Lt => IntCC::UnsignedLessThan,
        CmpOp::Le => IntCC::UnsignedLessThanOrEqual,
        CmpOp::Gt => IntCC::UnsignedGreaterThan,
        CmpOp::Ge => IntCC::UnsignedGreaterThanOrEqual,
    }
}

impl FunctionTranslator<'_, '_, '_> {
    /// An int64 holding a value of the narrow integer dtype `d`, wrapped to `d`'s width (and
    /// sign- or zero-extended back to int64).
    pub fn wrap_narrow(&mut self, v: Value, d: Dtype) -> Value {
        let narrow = self.b.ins().ireduce(elem_cl_type(d), v);
        if d.is_unsigned() {
            self.b.ins().uextend(types::I64, narrow)
        } else {
            self.b.ins().sextend(types::I64, narrow)
        }
    }

    /// `a[i] = x` of an int64 `x` into an integer array: NumPy 2 raises `OverflowError` when the
    /// dtype cannot hold the value (an int64 dtype always can).
    pub fn check_int_fits(&mut self, x: Value, d: Dtype) -> Result<()> {
        let bad = match d {
            Dtype::Int64 => return Ok(()),
            Dtype::Uint64 => self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0),
            _ => {
                let w = self.wrap_narrow(x, d);
                self.b.ins().icmp(IntCC::NotEqual, w, x)
            }
        };
        self.fail_if(bad, |t| {
            let bits = t.b.ins().iconst(types::I64, 8 * d.itemsize());
            let signed = t.b.ins().iconst(types::I8, !d.is_unsigned() as i64);
            t.call_rt(&rt::INT_OUT_OF_BOUNDS, &[x, bits, signed])?;
            Ok(())
        })
    }

    /// A Python int `x` (of type `from`) converted to the integer dtype `d`: NumPy 2 treats it
    /// as a weak scalar, converts it to `d` first and raises `OverflowError` when `d` cannot
    /// hold it (`a[1:3] = -1`, `a.fill(300)`, `a + 300` on uint8 arrays). Other types: nothing.
    pub fn check_weak_int(&mut self, x: Value, from: &Type, d: Dtype) -> Result<()> {
        if *from == Type::Int && d.is_int() {
            self.check_int_fits(x, d)?;
        }
        Ok(())
    }

    /// `clip`'s bound `x` (of type `from`) on an array of integer dtype `d`: NumPy compares a
    /// Python int bound exactly, so a lower bound below `d`'s range and an upper bound above
    /// it change nothing; only a bound beyond the far end raises `OverflowError`. The bound is
    /// clamped into `d`'s range, then checked.
    pub fn clip_bound(&mut self, x: Value, from: &Type, d: Dtype, lower: bool) -> Result<Value> {
        if *from != Type::Int || !d.is_int() || d == Dtype::Int64 {
            return Ok(x);
        }
        let bits = 8 * d.itemsize() as u32;
        let (lo, hi) = match (d.is_unsigned(), bits) {
            (true, 64) => (0, i64::MAX),
            (true, b) => (0, (1i64 << b) - 1),
            (false, b) => (-(1i64 << (b - 1)), (1i64 << (b - 1)) - 1),
        };
        let v = if lower {
            let m = self.b.ins().iconst(types::I64, lo);
            self.b.ins().smax(x, m)
        } else {
            let m = self.b.ins().iconst(types::I64, hi);
            self.b.ins().smin(x, m)
        };
        self.check_int_fits(v, d)?;
        Ok(v)
    }

    /// A comparison where an operand is a uint64 and neither is a float: exact, as NumPy
    /// compares a uint64 with a (possibly negative) int64. `None` when no operand is a uint64.
    pub fn compare_uint64(
        &mut self,
        op: CmpOp,
        x: Value,
        tx: &Type,
        y: Value,
        ty: &Type,
    ) -> Result<Option<Value>> {
        let (ux, uy) = (*tx == Type::Uint64, *ty == Type::Uint64);
        if !(ux || uy) || tx.is_float() || ty.is_float() {
            return Ok(None);
        }
        // Both as 64-bit patterns; a negative int64 operand is below every uint64.
        let a = self.convert(x, tx, &Type::Uint64)?;
        let b = self.convert(y, ty, &Type::Uint64)?;
        let r = self.b.ins().icmp(unsigned_cc(op), a, b);
        let (signed, u_first) = match (ux, uy) {
            (true, true) => return Ok(Some(r)),
            (true, false) => (b, true),
            (false, _) => (a, false),
        };
        if *tx == Type::Bool || *ty == Type::Bool {
            return Ok(Some(r));
        }
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, signed, 0);
        // With a negative signed operand: uint > int, uint != int.
        let uint_greater = match op {
            CmpOp::Eq => false,
            CmpOp::Ne => true,
            CmpOp::Lt | CmpOp::Le => !u_first,
            CmpOp::Gt | CmpOp::Ge => u_first,
        };
        let k = self.b.ins().iconst(types::I8, uint_greater as i64);
        Ok(Some(self.b.ins().select(neg, k, r)))
    }

    /// A binary operator on two uint64 operands.
    pub fn uint64_binary(&mut self, op: EOp, a: Value, b: Value, zero: ZeroDiv) -> Result<Value> {
        Ok(match op {
            EOp::Arith(BinOp::Add) => self.b.ins().iadd(a, b),
            EOp::Arith(BinOp::Sub) => self.b.ins().isub(a, b),
            EOp::Arith(BinOp::Mul) => self.b.ins().imul(a, b),
            EOp::Arith(BinOp::BitAnd) => self.b.ins().band(a, b),
            EOp::Arith(BinOp::BitOr) => self.b.ins().bor(a, b),
            EOp::Arith(BinOp::BitXor) => self.b.ins().bxor(a, b),
            EOp::Arith(o @ (BinOp::LShift | BinOp::RShift)) => {
                // Shifts by 64 or more give 0.
                let big = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, b, 63);
                let s = if o == BinOp::LShift {
                    self.b.ins().ishl(a, b)
                } else {
                    self.b.ins().ushr(a, b)
                };
                let z = self.b.ins().iconst(types::I64, 0);
                self.b.ins().select(big, z, s)
            }
            EOp::Arith(o @ (BinOp::FloorDiv | BinOp::Mod)) => {
                let is_zero = self.b.ins().icmp_imm_u(IntCC::Equal, b, 0);
                if zero == ZeroDiv::Raise {
                    let msg = if o == BinOp::Mod {
                        "integer modulo by zero"
                    } else {
                        "integer division or modulo by zero"
                    };
                    self.raise_if(is_zero, RtError::ZeroDivisionError, msg)?;
                }
                let one = self.b.ins().iconst(types::I64, 1);
                let safe = self.b.ins().select(is_zero, one, b);
                let r = if o == BinOp::FloorDiv {
                    self.b.ins().udiv(a, safe)
                } else {
                    self.b.ins().urem(a, safe)
                };
                let z = self.b.ins().iconst(types::I64, 0);
                self.b.ins().select(is_zero, z, r)
            }
            // Wrapping square-and-multiply; the exponent is never negative.
            EOp::Arith(BinOp::Pow) => self.call_rt(&rt::IPOW, &[a, b])?[0],
            EOp::Fmod => {
                let is_zero = self.b.ins().icmp_imm_u(IntCC::Equal, b, 0);
                let one = self.b.ins().iconst(types::I64, 1);
                let safe = self.b.ins().select(is_zero, one, b);
                let r = self.b.ins().urem(a, safe);
                let z = self.b.ins().iconst(types::I64, 0);
                self.b.ins().select(is_zero, z, r)
            }
            EOp::Gcd => self.call_rt(&rt::GCD_U64, &[a, b])?[0],
            EOp::Lcm => self.call_rt(&rt::LCM_U64, &[a, b])?[0],
            EOp::Minimum | EOp::Fmin => self.b.ins().umin(a, b),
            EOp::Maximum | EOp::Fmax => self.b.ins().umax(a, b),
            EOp::Cmp(c) => self.b.ins().icmp(unsigned_cc(c), a, b),
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("uint64 kernel {op:?}"),
                ))
            }
        })
    }
}
