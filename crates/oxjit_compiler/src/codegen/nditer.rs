//! The views behind `numpy.nditer`: the 0-d view of one element (`a[i, j, ...]`, also
//! written by users), and the memory-order view (`InstKind::MemoryOrder`): NumPy iterates in
//! `order='K'`, the order of the elements in memory. The view flips axes with negative
//! strides and then sorts the axes by decreasing stride, so that the C-order walk of the
//! loop (`lower::iter`) over it visits memory in order.
//!
//! Axes of length 1 and axes of stride 0 (broadcast views) do not order the walk here: they
//! sort outermost. NumPy leaves a stride-0 axis where it is, so a broadcast view may be walked
//! in a different order than NumPy's (documented in `docs/supported.md`).

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::Result;
use crate::ir::{IndexCheck, ValueId};
use crate::types::Layout;
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    /// The 0-d view `a[i, j, ..., ...]` of one element (an int for every axis).
    pub fn element_view(
        &mut self,
        a: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
    ) -> Result<ArrayParts> {
        let (parts, dtype, layout) = self.array_parts(a)?;
        let off = self.element_offset(&parts, dtype, layout, index, check)?;
        Ok(ArrayParts {
            meminfo: parts.meminfo,
            data: self.b.ins().iadd(parts.data, off),
            shape: Vec::new(),
            strides: Vec::new(),
        })
    }

    /// The view of array `a` with its axes in memory order.
    pub fn memory_order(&mut self, a: ValueId) -> Result<ArrayParts> {
        let (mut p, _, layout) = self.array_parts(a)?;
        // NumPy refuses to iterate over an empty array unless asked (`flags=["zerosize_ok"]`).
        for k in 0..p.shape.len() {
            let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, p.shape[k], 0);
            self.fail_if_not(ok, |t| {
                t.raise_now(
                    RtError::ValueError,
                    "Iteration of zero-sized operands is not enabled",
                )
            })?;
        }
        match layout {
            Layout::C => return Ok(p),
            Layout::F => {
                p.shape.reverse();
                p.strides.reverse();
                return Ok(p);
            }
            _ => {}
        }
        let zero = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().iconst(types::I64, 1);
        // Flip negative strides: start at the axis's last element and walk forwards.
        for k in 0..p.shape.len() {
            let s = p.strides[k];
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, s, 0);
            let last = self.b.ins().isub(p.shape[k], one);
            let off = self.b.ins().imul(last, s);
            let off = self.b.ins().select(neg, off, zero);
            p.data = self.b.ins().iadd(p.data, off);
            let flipped = self.b.ins().ineg(s);
            p.strides[k] = self.b.ins().select(neg, flipped, s);
        }
        // The sort key: the stride, or the largest int for an axis that does not order the
        // walk (length 1 or stride 0).
        let top = self.b.ins().iconst(types::I64, i64::MAX);
        let mut keys: Vec<Value> = (0..p.shape.len())
            .map(|k| {
                let short = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::SignedLessThanOrEqual, p.shape[k], 1);
                let flat = self.b.ins().icmp_imm_s(IntCC::Equal, p.strides[k], 0);
                let free = self.b.ins().bor(short, flat);
                self.b.ins().select(free, top, p.strides[k])
            })
            .collect();
        // A stable sort by decreasing key (a bubble-sort network: ties keep C order).
        let n = keys.len();
        for pass in 0..n.saturating_sub(1) {
            for j in 0..n - 1 - pass {
                let swap = self
                    .b
                    .ins()
                    .icmp(IntCC::SignedGreaterThan, keys[j + 1], keys[j]);
                for v in [&mut keys, &mut p.shape, &mut p.strides] {
                    let (x, y) = (v[j], v[j + 1]);
                    v[j] = self.b.ins().select(swap, y, x);
                    v[j + 1] = self.b.ins().select(swap, x, y);
                }
            }
        }
        Ok(p)
    }
}
