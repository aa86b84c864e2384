//! The chunking policy of the loop stage (`loops::schedule`) in machine code: how many chunks
//! `n` rows make and where chunk `c` starts and ends. Serial loops, kernels on the thread pool
//! and `prange` loops all cut their iteration space here, so they agree.

use super::translate::FunctionTranslator;
use crate::loops::Chunking;
use cranelift_codegen::ir::{types, InstBuilder, Value};

impl FunctionTranslator<'_, '_, '_> {
    /// Rows per chunk for `n` rows: `max(grain, ceil(n / max_chunks))`.
    fn chunk_len(&mut self, c: Chunking, n: Value) -> Value {
        let grain = self.b.ins().iconst(types::I64, c.grain);
        match c.max_chunks {
            None => grain,
            Some(m) => {
                let t = self.b.ins().iadd_imm_s(n, m - 1);
                let per = self.b.ins().sdiv_imm_s(t, m);
                self.b.ins().smax(per, grain)
            }
        }
    }

    /// The number of chunks of `n >= 0` rows: `ceil(n / len)` (0 for no rows).
    pub fn chunk_count(&mut self, c: Chunking, n: Value) -> Value {
        if c.max_chunks.is_none() {
            let t = self.b.ins().iadd_imm_s(n, c.grain - 1);
            return self.b.ins().sdiv_imm_s(t, c.grain);
        }
        let len = self.chunk_len(c, n);
        let t = self.b.ins().iadd(n, len);
        let t = self.b.ins().iadd_imm_s(t, -1);
        self.b.ins().sdiv(t, len)
    }

    /// Rows `[lo, hi)` of chunk `i` of `n` rows.
    pub fn chunk_bounds(&mut self, c: Chunking, i: Value, n: Value) -> (Value, Value) {
        let len = self.chunk_len(c, n);
        let lo = self.b.ins().imul(i, len);
        let hi = self.b.ins().iadd(lo, len);
        let hi = self.b.ins().smin(hi, n);
        (lo, hi)
    }
}
