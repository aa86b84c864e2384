//! `prange` loops, as their kernel (`loops`) says: iterations split into chunks of
//! consecutive iterations by the `PRANGE` chunking policy (a function of the trip count only).
//! Each chunk starts its reduction variables at the identity; the partials are folded in chunk
//! order. When the kernel's schedule is parallel the chunks run on the thread pool, otherwise
//! one after the other in place — the same arithmetic, so the results are bit-identical.

use super::translate::FunctionTranslator;
use super::values::cl_type;
use crate::error::Result;
use crate::ir::VarId;
use crate::loops::{schedule::PRANGE, Kernel, Reduction};
use crate::passes::prange::Prange;
use crate::types::{components, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::decls as rt;

impl FunctionTranslator<'_, '_, '_> {
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
    pub fn translate_prange(&mut self, info: &Prange, kernel: &Kernel) -> Result<()> {
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
        let nchunks = self.chunk_count(PRANGE, n);
        let reds: Vec<(VarId, Reduction, Type)> = info
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
                if kernel.schedule.parallel {
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
                            .map(|(v, op, _)| format!(
                                "`{}` ({})",
                                self.tf.ir.var_name(*v),
                                op.name()
                            ))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ),
        );
        if kernel.schedule.parallel {
            self.st.significant_kernels += 1;
            self.prange_parallel(info, &reds, &totals, start, step, n, nchunks)?;
        } else {
            let info2 = info.clone();
            let reds2 = reds.clone();
            let totals2 = totals.clone();
            self.emit_range(zero, nchunks, &mut |s, c| {
                for (v, op, t) in &reds2 {
                    let id = s.red_init(*op, t);
                    s.def_var_values(*v, &[id]);
                }
                let (lo, hi) = s.chunk_bounds(PRANGE, c, n);
                s.prange_iterations(&info2, start, step, lo, hi)?;
                for ((v, op, t), total) in reds2.iter().zip(&totals2) {
                    let p = s.var_values(*v)[0];
                    let cur = s.b.use_var(*total);
                    let nv = s.red_step(*op, cur, p, t)?;
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
        reds: &[(VarId, Reduction, Type)],
        totals: &[cranelift_frontend::Variable],
        start: Value,
        step: Value,
        n: Value,
        nchunks: Value,
    ) -> Result<()> {
        let r = reds.len().max(1);
        let (buf, data) = self.alloc_partials(nchunks, r)?;
        // Captured: the live-in variables' values and the loop parameters.
        let mut captured = vec![data, start, step, n];
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
                let id = k.red_init(*op, t);
                k.def_var_values(*v, &[id]);
            }
            let (kstart, kstep, kn) = (g(&start), g(&step), g(&n));
            let (lo, hi) = k.chunk_bounds(PRANGE, chunk, kn);
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
                let nv = s.red_step(*op, cur, p, t)?;
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
