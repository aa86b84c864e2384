//! `prange` loops: iterations split into at most [`MAX_CHUNKS`] chunks of consecutive
//! iterations (a function of the trip count only). Each chunk starts its reduction variables at
//! the identity; the partials are folded in chunk order. With `parallel=True` the chunks run as
//! a kernel on the thread pool, otherwise one after the other in place — the same arithmetic,
//! so the results are bit-identical.

use super::translate::FunctionTranslator;
use super::values::cl_type;
use crate::error::Result;
use crate::ir::VarId;
use crate::passes::prange::{Prange, RedOp};
use crate::types::{components, Type};
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, Value,
};
use oxjit_runtime::decls as rt;

/// At most this many chunks per loop.
pub const MAX_CHUNKS: i64 = 64;

impl FunctionTranslator<'_, '_, '_> {
    fn red_identity(&mut self, op: RedOp, t: &Type) -> Value {
        match (op, t) {
            (RedOp::Add | RedOp::Sub, t) => self.zero_value(t),
            (RedOp::Mul, t) => self.const_value(t, 1.0),
            (RedOp::Min, Type::Int) => self.b.ins().iconst(types::I64, i64::MAX),
            (RedOp::Max, Type::Int) => self.b.ins().iconst(types::I64, i64::MIN),
            (RedOp::Min, t) => self.const_value(t, f64::INFINITY),
            (RedOp::Max, t) => self.const_value(t, f64::NEG_INFINITY),
        }
    }

    /// `total ⊕ partial` as the loop body would have combined them.
    fn red_combine(&mut self, op: RedOp, total: Value, partial: Value, t: &Type) -> Value {
        let float = t.is_float();
        match op {
            RedOp::Add | RedOp::Sub => {
                if float {
                    self.b.ins().fadd(total, partial)
                } else {
                    self.b.ins().iadd(total, partial)
                }
            }
            RedOp::Mul => {
                if float {
                    self.b.ins().fmul(total, partial)
                } else {
                    self.b.ins().imul(total, partial)
                }
            }
            RedOp::Min | RedOp::Max => {
                // Python's min/max: the later value wins only when strictly better.
                let better = if float {
                    let cc = if op == RedOp::Min {
                        FloatCC::LessThan
                    } else {
                        FloatCC::GreaterThan
                    };
                    self.b.ins().fcmp(cc, partial, total)
                } else {
                    let cc = if op == RedOp::Min {
                        IntCC::SignedLessThan
                    } else {
                        IntCC::SignedGreaterThan
                    };
                    self.b.ins().icmp(cc, partial, total)
                };
                self.b.ins().select(better, partial, total)
            }
        }
    }

    /// Iterations `lo..hi` of the loop: set the target, run the body blocks.
    fn prange_iterations(
        &mut self,
        info: &Prange,
        start: Value,
        step: Value,
        lo: Value,
        hi: Value,
    ) -> Result<()> {
        let lp = self.tf.ir.range_loops[info.loop_index].clone();
        self.emit_range(lo, hi, &mut |s, t| {
            let off = s.b.ins().imul(t, step);
            let i = s.b.ins().iadd(start, off);
            if let Some(target) = lp.target {
                s.def_var_values(target, &[i]);
            }
            s.def_var_values(lp.counter, &[i]);
            let cont = s.b.create_block();
            let saved = s.ir_block(lp.latch);
            s.set_ir_block(lp.latch, cont);
            let body = s.ir_block(lp.body);
            s.b.ins().jump(body, &[]);
            s.prange_depth += 1;
            let live = s.tf.ir.reachable();
            for b in &lp.blocks {
                if *b != lp.latch && live[b.0 as usize] {
                    s.translate_block(b.0 as usize)?;
                }
            }
            s.prange_depth -= 1;
            s.set_ir_block(lp.latch, saved);
            s.b.switch_to_block(cont);
            Ok(())
        })
    }

    /// Run a chunked `prange` loop from its guard block, then continue at its exit.
    pub fn translate_prange(&mut self, info: &Prange) -> Result<()> {
        self.release_block_temporaries()?;
        let lp = self.tf.ir.range_loops[info.loop_index].clone();
        let start = self.var_values(lp.start)[0];
        let stop = self.var_values(lp.stop)[0];
        let step = match lp.const_step {
            Some(k) => self.b.ins().iconst(types::I64, k),
            None => self.var_values(lp.step)[0],
        };
        // Trip count: ceil((stop - start) / step), at least 0.
        let span = self.b.ins().isub(stop, start);
        let pos = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
        let one = self.b.ins().iconst(types::I64, 1);
        let m1 = self.b.ins().iconst(types::I64, -1);
        let adj = self.b.ins().select(pos, m1, one);
        let t = self.b.ins().iadd(span, step);
        let t = self.b.ins().iadd(t, adj);
        let n = self.b.ins().sdiv(t, step);
        let zero = self.b.ins().iconst(types::I64, 0);
        let n = self.b.ins().smax(n, zero);
        let maxc = self.b.ins().iconst(types::I64, MAX_CHUNKS);
        let nchunks = self.b.ins().smin(n, maxc);
        let one_c = self.b.ins().smax(nchunks, one);
        let t2 = self.b.ins().iadd(n, one_c);
        let t2 = self.b.ins().iadd_imm_s(t2, -1);
        let csize = self.b.ins().sdiv(t2, one_c);
        let reds: Vec<(VarId, RedOp, Type)> = info
            .reductions
            .iter()
            .map(|(v, op)| (*v, *op, self.tf.var_types[v.0 as usize].clone()))
            .collect();
        // Totals start from the values before the loop.
        let totals: Vec<cranelift_frontend::Variable> = reds
            .iter()
            .map(|(v, _, t)| {
                let var = self.b.declare_var(cl_type_of_scalar(t));
                let x = self.var_values(*v)[0];
                self.b.def_var(var, x);
                var
            })
            .collect();
        let span = lp.span;
        self.st.note(
            span,
            format!(
                "`prange` loop in chunks{}{}",
                if self.st.parallel {
                    " on the thread pool"
                } else {
                    " (serially: parallel=False)"
                },
                if reds.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; reductions: {}",
                        reds.iter()
                            .map(|(v, op, _)| format!("`{}` ({op:?})", self.tf.ir.var_name(*v)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ),
        );
        if self.st.parallel && !self.in_kernel {
            self.st.significant_kernels += 1;
            self.prange_parallel(info, &reds, &totals, start, step, n, nchunks, csize)?;
        } else {
            let info2 = info.clone();
            let reds2 = reds.clone();
            let totals2 = totals.clone();
            self.emit_range(zero, nchunks, &mut |s, c| {
                for (v, op, t) in &reds2 {
                    let id = s.red_identity(*op, t);
                    s.def_var_values(*v, &[id]);
                }
                let lo = s.b.ins().imul(c, csize);
                let hi0 = s.b.ins().iadd(lo, csize);
                let hi = s.b.ins().smin(hi0, n);
                s.prange_iterations(&info2, start, step, lo, hi)?;
                for ((v, op, t), total) in reds2.iter().zip(&totals2) {
                    let p = s.var_values(*v)[0];
                    let cur = s.b.use_var(*total);
                    let nv = s.red_combine(*op, cur, p, t);
                    s.b.def_var(*total, nv);
                }
                Ok(())
            })?;
        }
        for ((v, _, _), total) in reds.iter().zip(&totals) {
            let x = self.b.use_var(*total);
            self.def_var_values(*v, &[x]);
        }
        // The loop variable keeps its last value, as after a Python loop.
        if let Some(target) = lp.target {
            let has = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, n, 0);
            let last_t = self.b.ins().iadd_imm_s(n, -1);
            let off = self.b.ins().imul(last_t, step);
            let last = self.b.ins().iadd(start, off);
            let cur = self.var_values(target)[0];
            let v = self.b.ins().select(has, last, cur);
            self.def_var_values(target, &[v]);
        }
        let exit = self.ir_block(lp.exit);
        self.b.ins().jump(exit, &[]);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn prange_parallel(
        &mut self,
        info: &Prange,
        reds: &[(VarId, RedOp, Type)],
        totals: &[cranelift_frontend::Variable],
        start: Value,
        step: Value,
        n: Value,
        nchunks: Value,
        csize: Value,
    ) -> Result<()> {
        let r = reds.len().max(1);
        let (buf, data) = self.alloc_partials(nchunks, r)?;
        // Captured: the live-in variables' values and the loop parameters.
        let mut captured = vec![data, start, step, n, csize];
        let mut live_vals: Vec<(VarId, Vec<Value>)> = Vec::new();
        for v in &info.live_in {
            let vals = self.var_values(*v);
            captured.extend(&vals);
            live_vals.push((*v, vals));
        }
        let mut uniq = captured.clone();
        uniq.sort_by_key(|v| v.as_u32());
        uniq.dedup();
        let info2 = info.clone();
        let reds2 = reds.to_vec();
        let id = self.outline(&uniq, &mut |k, map, chunk| {
            let g = |v: &Value| *map.get(v).unwrap_or(v);
            k.prepare_ir();
            for (v, vals) in &live_vals {
                let kv: Vec<Value> = vals.iter().map(g).collect();
                k.def_var_values(*v, &kv);
            }
            for (v, op, t) in &reds2 {
                let id = k.red_identity(*op, t);
                k.def_var_values(*v, &[id]);
            }
            let (kstart, kstep, kn, kcsize) = (g(&start), g(&step), g(&n), g(&csize));
            let lo = k.b.ins().imul(chunk, kcsize);
            let hi0 = k.b.ins().iadd(lo, kcsize);
            let hi = k.b.ins().smin(hi0, kn);
            k.prange_iterations(&info2, kstart, kstep, lo, hi)?;
            let out = g(&data);
            let base = k.b.ins().imul_imm_s(chunk, (r * 8) as i64);
            let base = k.b.ins().iadd(out, base);
            for (j, (v, _, _)) in reds2.iter().enumerate() {
                let x = k.var_values(*v)[0];
                k.b.ins().store(k.mf, x, base, (j * 8) as i32);
            }
            Ok(())
        })?;
        let env = self.env_of(&uniq);
        self.run_kernel(id, env, nchunks)?;
        let zero = self.b.ins().iconst(types::I64, 0);
        let reds3 = reds.to_vec();
        let totals3 = totals.to_vec();
        self.emit_range(zero, nchunks, &mut |s, c| {
            let base = s.b.ins().imul_imm_s(c, (r * 8) as i64);
            let base = s.b.ins().iadd(data, base);
            for (j, ((_, op, t), total)) in reds3.iter().zip(&totals3).enumerate() {
                let p =
                    s.b.ins()
                        .load(cl_type_of_scalar(t), s.mf, base, (j * 8) as i32);
                let cur = s.b.use_var(*total);
                let nv = s.red_combine(*op, cur, p, t);
                s.b.def_var(*total, nv);
            }
            Ok(())
        })?;
        self.call_rt(&rt::DECREF, &[buf])?;
        Ok(())
    }
}

fn cl_type_of_scalar(t: &Type) -> types::Type {
    match components(t).first() {
        Some(c) => cl_type(*c),
        None => types::I64,
    }
}
