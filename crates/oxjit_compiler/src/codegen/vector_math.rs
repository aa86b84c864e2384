//! The loop stage's `vector-math` step in machine code (`loops::vector_math`): the innermost
//! loop of an array kernel is cut into blocks of `BLOCK` elements; for each element function
//! with a chunk routine (innermost first), the block's arguments are evaluated into a stack
//! buffer and the routine is called once on it; the rest of the expression then reads the
//! buffer like an array.

use super::translate::FunctionTranslator;
use super::values::{ArrayParts, Elem};
use crate::error::Result;
use crate::loops::vector_math::{chunk_routine, BLOCK};
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{types, InstBuilder, StackSlotData, StackSlotKind, Value};
use oxjit_runtime::decls::RtFn;

/// A body over one block `[b0, b1)` of the innermost axis, given the rewritten expressions.
pub type BlockBody<'a, S> = dyn FnMut(&mut S, &[Elem], Value, Value) -> Result<()> + 'a;

/// Whether `e` applies an element function evaluated by blocks.
pub fn has_vector_node(e: &Elem) -> bool {
    let mut found = false;
    e.for_each(&mut |n| found |= vector_routine(n).is_some());
    found
}

/// The chunk routine of node `e` (a float64 or float32 result of a function with a chunk
/// routine; float32 elements are computed in float64, as the per-element call does).
fn vector_routine(e: &Elem) -> Option<&'static RtFn> {
    match e {
        Elem::Unary(f, _, Type::Float | Type::Float32) => chunk_routine(*f),
        _ => None,
    }
}

/// One buffer fill: the argument expression, the routine, the buffer's address.
struct Stage {
    arg: Elem,
    routine: &'static RtFn,
    buf: Value,
}

/// A contiguous float64 array (its data and strides; the last stride is the constant 8), which
/// a chunk routine can read or write in place of a buffer.
type Contiguous = (Value, Vec<Value>);

impl FunctionTranslator<'_, '_, '_> {
    /// Whether the loop stage asked for block evaluation in the block being translated.
    pub fn vector_math_here(&self) -> bool {
        crate::loops::vector_math_in(self.tf, crate::ir::BlockId(self.ir_block_index as u32))
    }

    /// `e` with its vector nodes replaced by reads of their buffers for the block starting at
    /// `b0` (children first, so an inner node's buffer feeds an outer node's argument).
    fn split(
        &mut self,
        e: &Elem,
        b0: Value,
        bufs: &[Value],
        stages: &mut Vec<Stage>,
    ) -> Result<Elem> {
        let go = |s: &mut Self, x: &Elem, st: &mut Vec<Stage>| -> Result<Box<Elem>> {
            Ok(Box::new(s.split(x, b0, bufs, st)?))
        };
        Ok(match e {
            Elem::Scalar(..) | Elem::Leaf { .. } | Elem::MatVec { .. } => e.clone(),
            Elem::Unary(f, x, t) => {
                let x = go(self, x, stages)?;
                match vector_routine(e) {
                    Some(routine) => {
                        let buf = bufs[stages.len()];
                        stages.push(Stage {
                            arg: *x,
                            routine,
                            buf,
                        });
                        // Element j of the block sits at buf + (j - b0) * 8.
                        let off = self.b.ins().imul_imm_s(b0, 8);
                        let data = self.b.ins().isub(buf, off);
                        let end = self.b.ins().iadd_imm_s(buf, BLOCK * 8);
                        let eight = self.b.ins().iconst(types::I64, 8);
                        let leaf = Elem::Leaf {
                            extent: (buf, end),
                            data,
                            strides: vec![eight],
                            dtype: Dtype::Float64,
                            raw: vec![eight],
                            dims: Vec::new(),
                        };
                        // float32 elements: computed in float64 and rounded once, as the
                        // per-element call does.
                        match t {
                            Type::Float32 => Elem::Cast(Box::new(leaf), Type::Float32),
                            _ => leaf,
                        }
                    }
                    None => Elem::Unary(*f, x, t.clone()),
                }
            }
            Elem::Cast(x, t) => Elem::Cast(go(self, x, stages)?, t.clone()),
            Elem::Binary(op, a, b, t) => {
                Elem::Binary(*op, go(self, a, stages)?, go(self, b, stages)?, t.clone())
            }
            Elem::Where(c, a, b, t) => Elem::Where(
                go(self, c, stages)?,
                go(self, a, stages)?,
                go(self, b, stages)?,
                t.clone(),
            ),
        })
    }

    /// Loop over `[lo, hi)` of the innermost axis (outer indices `prefix`) in blocks of
    /// `BLOCK`: fill and transform the buffers of `elems`' vector nodes, then run `body` on the
    /// block with the rewritten expressions.
    pub fn vector_blocks(
        &mut self,
        prefix: &[Value],
        lo: Value,
        hi: Value,
        elems: &[Elem],
        body: &mut BlockBody<'_, Self>,
    ) -> Result<()> {
        self.vector_blocks_into(prefix, lo, hi, elems, None, body)
    }

    /// The data and strides of `e` if it is a contiguous float64 array read.
    fn contiguous_f64(&self, e: &Elem) -> Option<Contiguous> {
        match e {
            Elem::Leaf {
                data,
                strides,
                dtype: Dtype::Float64,
                ..
            } if strides.last().and_then(|s| self.const_of(*s)) == Some(8) => {
                Some((*data, strides.clone()))
            }
            _ => None,
        }
    }

    /// [`Self::vector_blocks`]; when `sink` is given and the single expression is itself a
    /// vector node, its routine writes the block straight into `sink` (and `body` is not run).
    /// A contiguous float64 argument is passed to its routine directly (no buffer fill).
    pub fn vector_blocks_into(
        &mut self,
        prefix: &[Value],
        lo: Value,
        hi: Value,
        elems: &[Elem],
        sink: Option<Contiguous>,
        body: &mut BlockBody<'_, Self>,
    ) -> Result<()> {
        let sink = sink.filter(|_| {
            elems.len() == 1
                && matches!(elems[0], Elem::Unary(_, _, Type::Float))
                && vector_routine(&elems[0]).is_some()
        });
        let mut count = 0;
        for e in elems {
            e.for_each(&mut |n| count += usize::from(vector_routine(n).is_some()));
        }
        let bufs: Vec<Value> = (0..count)
            .map(|_| {
                let slot = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    (BLOCK * 8) as u32,
                    4,
                ));
                self.b.ins().stack_addr(types::I64, slot, 0)
            })
            .collect();
        let len = self.b.ins().isub(hi, lo);
        let t = self.b.ins().iadd_imm_s(len, BLOCK - 1);
        let nblocks = self.b.ins().sdiv_imm_s(t, BLOCK);
        let zero = self.b.ins().iconst(types::I64, 0);
        let prefix = prefix.to_vec();
        self.emit_range(zero, nblocks, &mut |s, k| {
            let off = s.b.ins().imul_imm_s(k, BLOCK);
            let b0 = s.b.ins().iadd(lo, off);
            let end = s.b.ins().iadd_imm_s(b0, BLOCK);
            let b1 = s.b.ins().smin(end, hi);
            let mut stages = Vec::new();
            let mut rewritten = Vec::new();
            for e in elems {
                rewritten.push(s.split(e, b0, &bufs, &mut stages)?);
            }
            let mut at_b0 = prefix.clone();
            at_b0.push(b0);
            let n = s.b.ins().isub(b1, b0);
            let last = stages.len().saturating_sub(1);
            for (k, st) in stages.iter().enumerate() {
                let (arg, buf) = (st.arg.clone(), st.buf);
                let out = match &sink {
                    Some((data, strides)) if k == last => s.address(*data, strides, &at_b0),
                    _ => buf,
                };
                if let Some((data, strides)) = s.contiguous_f64(&arg) {
                    let src = s.address(data, &strides, &at_b0);
                    s.call_rt(st.routine, &[src, out, n])?;
                    continue;
                }
                let from = arg.ty();
                s.emit_range(b0, b1, &mut |s, j| {
                    let mut idx = prefix.clone();
                    idx.push(j);
                    let v = s.eval(&arg, &idx)?;
                    let v = s.convert(v, &from, &Type::Float)?;
                    let rel = s.b.ins().isub(j, b0);
                    let o = s.b.ins().imul_imm_s(rel, 8);
                    let a = s.b.ins().iadd(buf, o);
                    s.store_element(a, Dtype::Float64, v, &Type::Float)
                })?;
                s.call_rt(st.routine, &[buf, out, n])?;
            }
            if sink.is_some() {
                return Ok(());
            }
            body(s, &rewritten, b0, b1)
        })
    }

    /// Rows `[lo, hi)` of the outermost axis of `dst = elem`, the innermost axis by blocks.
    pub fn vector_store_rows(
        &mut self,
        dst: &ArrayParts,
        dtype: Dtype,
        elem: &Elem,
        lo: Value,
        hi: Value,
    ) -> Result<()> {
        let shape = dst.shape.clone();
        let (data, strides) = (dst.data, dst.strides.clone());
        let from = elem.ty();
        let elems = [elem.clone()];
        let sink = (dtype == Dtype::Float64
            && strides.last().and_then(|s| self.const_of(*s)) == Some(8))
        .then(|| (data, strides.clone()));
        let store_block = |s: &mut Self, prefix: &[Value], lo: Value, hi: Value| {
            let pre = prefix.to_vec();
            s.vector_blocks_into(
                prefix,
                lo,
                hi,
                &elems,
                sink.clone(),
                &mut |s, es, b0, b1| {
                    s.emit_range(b0, b1, &mut |s, j| {
                        let mut idx = pre.clone();
                        idx.push(j);
                        s.store_elem_at(data, &strides, &idx, dtype, &es[0], &from)
                    })
                },
            )
        };
        let nd = shape.len();
        if nd == 1 {
            return store_block(self, &[], lo, hi);
        }
        let (mid, last) = (shape[1..nd - 1].to_vec(), shape[nd - 1]);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.emit_range(lo, hi, &mut |s, i0| {
            s.emit_nest(&mid, &mut |s, idx, _| {
                let mut prefix = vec![i0];
                prefix.extend_from_slice(idx);
                store_block(s, &prefix, zero, last)
            })
        })
    }
}
