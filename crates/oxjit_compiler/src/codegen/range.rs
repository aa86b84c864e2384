//! `range` objects as values in codegen: three int64 slots (start, stop, step). `range(...)`
//! checks the step (`ValueError: range() arg 3 must not be zero`); `len` is CPython's
//! formula, computed without overflow (unsigned distance over the unsigned step); `r[i]`
//! wraps negative indices and raises `IndexError: range object index out of range`; `x in r`
//! is a bounds test and a remainder, never a loop.

use super::translate::FunctionTranslator;
use crate::error::Result;
use crate::ir::{IndexCheck, InstKind, UnaryOp, ValueId};
use crate::types::Type;
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    fn is_range(&self, v: ValueId) -> bool {
        *self.ty(v) == Type::Range
    }

    /// `range(stop)`, `range(start, stop)`, `range(start, stop, step)`.
    pub(super) fn range_new(&mut self, args: &[ValueId]) -> Result<Vec<Value>> {
        let xs = args
            .iter()
            .map(|a| self.int_value(*a))
            .collect::<Result<Vec<_>>>()?;
        let zero = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().iconst(types::I64, 1);
        Ok(match xs.as_slice() {
            [stop] => vec![zero, *stop, one],
            [start, stop] => vec![*start, *stop, one],
            _ => {
                let bad = self.b.ins().icmp_imm_s(IntCC::Equal, xs[2], 0);
                self.raise_if(bad, RtError::ValueError, "range() arg 3 must not be zero")?;
                xs
            }
        })
    }

    /// `len(r)`: CPython's `OverflowError` when the length does not fit an int64.
    pub(super) fn range_len_checked(&mut self, r: &[Value]) -> Result<Value> {
        let n = self.range_len(r);
        let big = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
        self.raise_if(
            big,
            RtError::OverflowError,
            "Python int too large to convert to C ssize_t",
        )?;
        Ok(n)
    }

    /// The number of items of a range (CPython's `compute_range_length`), as an unsigned
    /// number (all of a range's items are below 2**64).
    fn range_len(&mut self, r: &[Value]) -> Value {
        let (start, stop, step) = (r[0], r[1], r[2]);
        let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
        let up_nonempty = self.b.ins().icmp(IntCC::SignedLessThan, start, stop);
        let down_nonempty = self.b.ins().icmp(IntCC::SignedGreaterThan, start, stop);
        let nonempty = self.b.ins().select(up, up_nonempty, down_nonempty);
        // The distance and the step's magnitude, as unsigned numbers (no overflow).
        let d_up = self.b.ins().isub(stop, start);
        let d_down = self.b.ins().isub(start, stop);
        let dist = self.b.ins().select(up, d_up, d_down);
        let neg = self.b.ins().ineg(step);
        let mag = self.b.ins().select(up, step, neg);
        let dist1 = self.b.ins().iadd_imm_s(dist, -1);
        let q = self.b.ins().udiv(dist1, mag);
        let n = self.b.ins().iadd_imm_s(q, 1);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.ins().select(nonempty, n, zero)
    }

    /// Instructions on ranges; false when `inst` is not one.
    pub(super) fn range_inst(&mut self, inst: &crate::ir::Inst) -> Result<bool> {
        let r = inst.result;
        match &inst.kind {
            InstKind::Len(v) if self.is_range(*v) => {
                let vals = self.val(*v)?;
                let n = self.range_len_checked(&vals)?;
                self.set_plain(r, vec![n]);
            }
            InstKind::Truth(v) | InstKind::Unary(UnaryOp::Not, v) if self.is_range(*v) => {
                let vals = self.val(*v)?;
                let n = self.range_len(&vals);
                let cc = if matches!(inst.kind, InstKind::Truth(_)) {
                    IntCC::NotEqual
                } else {
                    IntCC::Equal
                };
                let t = self.b.ins().icmp_imm_s(cc, n, 0);
                self.set_plain(r, vec![t]);
            }
            InstKind::GetItem {
                value,
                index,
                check,
            } if self.is_range(*value) => {
                let vals = self.val(*value)?;
                let mut i = self.int_value(index[0])?;
                if check.first() != Some(&IndexCheck::None) {
                    let n = self.range_len(&vals);
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                    let wrapped = self.b.ins().iadd(i, n);
                    i = self.b.ins().select(neg, wrapped, i);
                    if check.first() != Some(&IndexCheck::WrapOnly) {
                        // Unsigned: a still-negative index is out of range too.
                        let out = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, n);
                        self.raise_if(out, RtError::IndexError, "range object index out of range")?;
                    }
                }
                let off = self.b.ins().imul(i, vals[2]);
                let x = self.b.ins().iadd(vals[0], off);
                self.set_plain(r, vec![x]);
            }
            InstKind::Contains { item, seq, negated } if self.is_range(*seq) => {
                let vals = self.val(*seq)?;
                let (start, stop, step) = (vals[0], vals[1], vals[2]);
                let x = self.int_value(*item)?;
                let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
                // Up: start <= x < stop; down: stop < x <= start.
                let a = self.b.ins().icmp(IntCC::SignedLessThanOrEqual, start, x);
                let b = self.b.ins().icmp(IntCC::SignedLessThan, x, stop);
                let in_up = self.b.ins().band(a, b);
                let c = self.b.ins().icmp(IntCC::SignedLessThan, stop, x);
                let d = self.b.ins().icmp(IntCC::SignedLessThanOrEqual, x, start);
                let in_down = self.b.ins().band(c, d);
                let inside = self.b.ins().select(up, in_up, in_down);
                // On the grid: the unsigned distance from start is a multiple of |step|.
                let d_up = self.b.ins().isub(x, start);
                let d_down = self.b.ins().isub(start, x);
                let dist = self.b.ins().select(up, d_up, d_down);
                let neg = self.b.ins().ineg(step);
                let mag = self.b.ins().select(up, step, neg);
                let rem = self.b.ins().urem(dist, mag);
                let on_grid = self.b.ins().icmp_imm_s(IntCC::Equal, rem, 0);
                let t = self.b.ins().band(inside, on_grid);
                let t = if *negated {
                    self.b.ins().bxor_imm_s(t, 1)
                } else {
                    t
                };
                self.set_plain(r, vec![t]);
            }
            InstKind::Attr(v, name) if self.is_range(*v) => {
                let vals = self.val(*v)?;
                let k = match name.as_str() {
                    "start" => 0,
                    "stop" => 1,
                    _ => 2,
                };
                self.set_plain(r, vec![vals[k]]);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
