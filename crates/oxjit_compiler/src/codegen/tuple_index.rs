//! Tuples at run time: `t[i]` with an index known only at run time, for tuples whose items
//! share one type (`for x in t`, `*args` loops): Python's wrap of a negative index,
//! `IndexError: tuple index out of range` past either end, then each component of the item
//! picked by a chain of selects over the items (tuples are short; no memory round trip); and
//! `==`/`!=` of two tuples of real numbers of one length, item by item, and `x in t` of a
//! number in a tuple of numbers.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::ir::{CmpOp, ValueId};
use crate::types::{components, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    /// Item `index` (a run-time int) of the tuple `v` of `n` items of one type.
    pub(super) fn tuple_item_at(
        &mut self,
        v: ValueId,
        index: ValueId,
        n: usize,
    ) -> Result<Vec<Value>> {
        let Type::Tuple(items) = self.ty(v).clone() else {
            return Err(CompileError::internal(
                "codegen",
                "tuple item of a non-tuple",
            ));
        };
        let Some(first) = items.first() else {
            return Err(CompileError::internal("codegen", "item of an empty tuple"));
        };
        let width = components(first).len();
        let all = self.val(v)?;
        let i = self.int_value(index)?;
        let len = self.b.ins().iconst(types::I64, n as i64);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let wrapped = self.b.ins().iadd(i, len);
        let i = self.b.ins().select(negative, wrapped, i);
        let out = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
        self.raise_if(out, RtError::IndexError, "tuple index out of range")?;
        let mut vals = Vec::with_capacity(width);
        for c in 0..width {
            let mut x = all[(n - 1) * width + c];
            for k in (0..n - 1).rev() {
                let is_k = self.b.ins().icmp_imm_s(IntCC::Equal, i, k as i64);
                x = self.b.ins().select(is_k, all[k * width + c], x);
            }
            vals.push(x);
        }
        Ok(vals)
    }

    /// `a == b` / `a != b` of two tuples of real numbers of one length (typing checked both).
    pub(super) fn tuple_equal(&mut self, op: CmpOp, a: ValueId, b: ValueId) -> Result<Value> {
        let (Type::Tuple(ta), Type::Tuple(tb)) = (self.ty(a).clone(), self.ty(b).clone()) else {
            return Err(CompileError::internal(
                "codegen",
                "tuple comparison of non-tuples",
            ));
        };
        let (xa, xb) = (self.val(a)?, self.val(b)?);
        let mut all = self.b.ins().iconst(types::I8, 1);
        for (k, (t, u)) in ta.iter().zip(&tb).enumerate() {
            let eq = self.real_equal(xa[k], t, xb[k], u)?;
            all = self.b.ins().band(all, eq);
        }
        Ok(if op == CmpOp::Eq {
            all
        } else {
            self.b.ins().bxor_imm_s(all, 1)
        })
    }

    /// `x in t` (`not in` with `negated`) of a real number in a tuple of real numbers (typing
    /// checked both): `==` item by item, as Python's (NaN is in no tuple: identity is not
    /// kept for numbers in compiled code).
    pub(super) fn tuple_contains(
        &mut self,
        item: ValueId,
        seq: ValueId,
        negated: bool,
    ) -> Result<Value> {
        let Type::Tuple(ts) = self.ty(seq).clone() else {
            return Err(CompileError::internal("codegen", "`in` a non-tuple"));
        };
        let ti = self.ty(item).clone();
        let x = self.val(item)?[0];
        let xs = self.val(seq)?;
        let mut any = self.b.ins().iconst(types::I8, 0);
        for (k, t) in ts.iter().enumerate() {
            let eq = self.real_equal(x, &ti, xs[k], t)?;
            any = self.b.ins().bor(any, eq);
        }
        Ok(if negated {
            self.b.ins().bxor_imm_s(any, 1)
        } else {
            any
        })
    }

    /// `x == y` of two real numbers of types `t` and `u`, as Python compares them (in float
    /// when either is a float, float32 when both are).
    fn real_equal(&mut self, x: Value, t: &Type, y: Value, u: &Type) -> Result<Value> {
        let work = if t.is_float() || u.is_float() {
            if *t == Type::Float32 && *u == Type::Float32 {
                Type::Float32
            } else {
                Type::Float
            }
        } else {
            Type::Int
        };
        let x = self.convert(x, t, &work)?;
        let y = self.convert(y, u, &work)?;
        Ok(self.compare_values_cc(CmpOp::Eq, x, y, &work))
    }
}
