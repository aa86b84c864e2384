//! `parallel=True`: loop nests are outlined into kernels `fn(env, chunk) -> status` that the
//! runtime runs on its thread pool, one call per chunk of the outermost axis (the loop stage's chunking policy,
//! `loops::schedule`). Reductions write per-chunk partials that the caller folds in chunk order — the same
//! chunks and order as the serial code, so results are bit-identical whatever the thread count.

use super::state::ModuleState;
use super::translate::FunctionTranslator;
use super::values::{ArrayParts, Elem, Lazy, Remap, Task, TaskKind};
use crate::error::{CompileError, Result};
use crate::infer::TypedFunction;
use crate::loops::schedule::ARRAY_ROWS;
use crate::types::Dtype;
use cranelift_codegen::ir::{
    condcodes::IntCC, types, AbiParam, Function, InstBuilder, StackSlotData, StackSlotKind,
    UserFuncName, Value,
};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilderContext, Variable};
use cranelift_module::{FuncId, Linkage, Module};
use oxjit_runtime::decls as rt;

fn rv(m: &Remap, v: Value) -> Value {
    *m.get(&v).unwrap_or(&v)
}

impl ArrayParts {
    fn collect(&self, out: &mut Vec<Value>) {
        out.push(self.meminfo);
        out.push(self.data);
        out.extend(&self.shape);
        out.extend(&self.strides);
    }
    fn remap(&self, m: &Remap) -> ArrayParts {
        ArrayParts {
            meminfo: rv(m, self.meminfo),
            data: rv(m, self.data),
            shape: self.shape.iter().map(|v| rv(m, *v)).collect(),
            strides: self.strides.iter().map(|v| rv(m, *v)).collect(),
        }
    }
}

impl Elem {
    /// The inner lengths of the matrix-vector products inside (candidates for specialising).
    pub fn small_dims(&self, out: &mut Vec<Value>) {
        self.for_each(&mut |e| {
            if let Elem::MatVec { m, .. } = e {
                out.push(m.shape[1]);
            }
        });
    }

    /// Every machine value the expression uses.
    pub fn collect(&self, out: &mut Vec<Value>) {
        self.for_each(&mut |e| match e {
            Elem::Scalar(v, _) => out.push(*v),
            Elem::Leaf {
                extent,
                data,
                strides,
                raw,
                dims,
                ..
            } => {
                out.extend([extent.0, extent.1, *data]);
                out.extend(strides);
                out.extend(raw);
                out.extend(dims);
            }
            Elem::MatVec {
                m,
                v,
                mext,
                vext,
                vpre,
                ..
            } => {
                m.collect(out);
                v.collect(out);
                out.extend([mext.0, mext.1, vext.0, vext.1]);
                out.extend(vpre);
            }
            Elem::Unary(..) | Elem::Binary(..) | Elem::Where(..) | Elem::Cast(..) => {}
        });
    }

    /// The same expression over other machine values (in a kernel).
    pub fn remap(&self, m: &Remap) -> Elem {
        match self {
            Elem::Scalar(v, t) => Elem::Scalar(rv(m, *v), t.clone()),
            Elem::Leaf {
                extent,
                data,
                strides,
                dtype,
                raw,
                dims,
            } => Elem::Leaf {
                extent: (rv(m, extent.0), rv(m, extent.1)),
                data: rv(m, *data),
                strides: strides.iter().map(|v| rv(m, *v)).collect(),
                dtype: *dtype,
                // Captured too: a contiguous sum reads its arrays with their own strides.
                raw: raw.iter().map(|v| rv(m, *v)).collect(),
                dims: dims.iter().map(|v| rv(m, *v)).collect(),
            },
            Elem::Unary(f, x, t) => Elem::Unary(*f, Box::new(x.remap(m)), t.clone()),
            Elem::Cast(x, t) => Elem::Cast(Box::new(x.remap(m)), t.clone()),
            Elem::Binary(op, a, b, t) => {
                Elem::Binary(*op, Box::new(a.remap(m)), Box::new(b.remap(m)), t.clone())
            }
            Elem::Where(c, a, b, t) => Elem::Where(
                Box::new(c.remap(m)),
                Box::new(a.remap(m)),
                Box::new(b.remap(m)),
                t.clone(),
            ),
            Elem::MatVec {
                m: mm,
                v,
                mext,
                vext,
                vpre,
                mdtype,
                vdtype,
                ty,
            } => Elem::MatVec {
                m: mm.remap(m),
                v: v.remap(m),
                mext: (rv(m, mext.0), rv(m, mext.1)),
                vext: (rv(m, vext.0), rv(m, vext.1)),
                vpre: vpre.iter().map(|x| rv(m, *x)).collect(),
                mdtype: *mdtype,
                vdtype: *vdtype,
                ty: ty.clone(),
            },
        }
    }
}

impl Task {
    fn collect(&self, out: &mut Vec<Value>) {
        self.elem.collect(out);
        out.extend(&self.shape);
        if let TaskKind::ColMatVec { m, rows, .. } = &self.kind {
            m.collect(out);
            out.push(*rows);
        }
    }
    pub fn remap(&self, m: &Remap) -> Task {
        Task {
            kind: match &self.kind {
                TaskKind::Reduce(r) => TaskKind::Reduce(*r),
                TaskKind::ColMatVec {
                    m: mm,
                    mdtype,
                    rows,
                    fixed_rows,
                } => TaskKind::ColMatVec {
                    m: mm.remap(m),
                    mdtype: *mdtype,
                    rows: rv(m, *rows),
                    fixed_rows: *fixed_rows,
                },
            },
            elem: self.elem.remap(m),
            t: self.t.clone(),
            shape: self.shape.iter().map(|v| rv(m, *v)).collect(),
        }
    }
}

/// The body of a kernel: gets the kernel's translator, the map from the caller's values to the
/// kernel's, and the chunk index.
type KernelBody<'b> =
    dyn FnMut(&mut FunctionTranslator<'_, '_, '_>, &Remap, Value) -> Result<()> + 'b;

impl<'a, 'm, 'f> FunctionTranslator<'a, 'm, 'f> {
    /// Compile a kernel `fn(env, chunk) -> i32` whose env holds `captured` (in order).
    pub(crate) fn outline(
        &mut self,
        captured: &[Value],
        body: &mut KernelBody<'_>,
    ) -> Result<FuncId> {
        let tys: Vec<types::Type> = captured
            .iter()
            .map(|v| self.b.func.dfg.value_type(*v))
            .collect();
        // Constants are rebuilt in the kernel (so it can specialise on them), not loaded.
        let consts: Vec<Option<i64>> = captured.iter().map(|v| self.const_of(*v)).collect();
        let block = self.ir_block_index;
        let st: &mut ModuleState<'m> = self.st;
        let mut sig = st.module.make_signature();
        sig.params.push(AbiParam::new(types::I64));
        sig.params.push(AbiParam::new(types::I64));
        sig.returns.push(AbiParam::new(types::I32));
        st.kernels += 1;
        let name = format!("oxjit_kernel{}", st.kernels);
        let id = st
            .module
            .declare_function(&name, Linkage::Local, &sig)
            .map_err(|e| CompileError::internal("codegen", e.to_string()))?;
        let mut func = Function::with_name_signature(UserFuncName::user(1, st.kernels), sig);
        let mut fctx = FunctionBuilderContext::new();
        let tf: &TypedFunction = self.tf;
        {
            let mut k = FunctionTranslator::kernel(&mut *st, &mut func, &mut fctx, tf)?;
            // The loop stage's decisions for the block the kernel comes from.
            k.ir_block_index = block;
            let (env, chunk) = k.kernel_params();
            let mut map = Remap::new();
            for (i, ((v, ty), c)) in captured.iter().zip(&tys).zip(&consts).enumerate() {
                let x = match c {
                    Some(c) => k.b.ins().iconst(*ty, *c),
                    None => k.b.ins().load(*ty, k.mf, env, (i * 8) as i32),
                };
                map.insert(*v, x);
            }
            body(&mut k, &map, chunk)?;
            k.finish_kernel();
        }
        let mut ctx = Context::for_function(func);
        let dump = std::env::var("OXJIT_DUMP").ok();
        ctx.set_disasm(dump.as_deref() == Some("asm"));
        st.module
            .define_function(id, &mut ctx)
            .map_err(|e| CompileError::internal("codegen", format!("{e:?}")))?;
        st.image.function(id, &ctx);
        let perf_name = format!("oxjit:{}:kernel{}", tf.ir.name, st.kernels);
        st.perf.record(id, &ctx, perf_name);
        if let (Some("asm"), Some(code)) = (dump.as_deref(), ctx.compiled_code()) {
            eprintln!(
                "--- machine code of {name} ---\n{}",
                code.vcode.as_deref().unwrap_or("")
            );
        }
        Ok(id)
    }

    /// Store `captured` into a stack slot; its address is the kernel's env.
    pub(crate) fn env_of(&mut self, captured: &[Value]) -> Value {
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (captured.len().max(1) * 8) as u32,
            3,
        ));
        for (i, v) in captured.iter().enumerate() {
            self.b
                .ins()
                .stack_store(types::I64, *v, slot, (i * 8) as i32);
        }
        self.b.ins().stack_addr(types::I64, slot, 0)
    }

    /// Run kernel `id` over `nchunks` chunks on the pool; an error unwinds.
    pub(crate) fn run_kernel(&mut self, id: FuncId, env: Value, nchunks: Value) -> Result<()> {
        let fref = self.st.module.declare_func_in_func(id, self.b.func);
        let addr = self.b.ins().func_addr(types::I64, fref);
        let st = self.call_rt(&rt::PARALLEL_FOR, &[addr, env, nchunks])?[0];
        self.check_status(st)
    }

    /// Branch on whether a loop over `n0` outer rows runs in parallel (more than one chunk).
    pub fn parallel_branch(
        &mut self,
        n0: Value,
    ) -> Option<(
        cranelift_codegen::ir::Block,
        cranelift_codegen::ir::Block,
        cranelift_codegen::ir::Block,
    )> {
        // The loop stage's decision for array kernels of this block (never inside a kernel).
        let bi = crate::ir::BlockId(self.ir_block_index as u32);
        if self.in_kernel || !crate::loops::parallel_in(self.tf, bi) {
            return None;
        }
        let (par, ser, join) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let nchunks = self.chunk_count(ARRAY_ROWS, n0);
        let many = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThan, nchunks, 1);
        self.b.ins().brif(many, par, &[], ser, &[]);
        self.b.switch_to_block(par);
        Some((par, ser, join))
    }

    /// A buffer of `nchunks * width` 8-byte partial results: (meminfo, data).
    pub fn alloc_partials(&mut self, nchunks: Value, width: usize) -> Result<(Value, Value)> {
        let bytes = self.b.ins().imul_imm_s(nchunks, (width * 8) as i64);
        let zero8 = self.b.ins().iconst(types::I8, 0);
        let buf = self.call_rt(&rt::ALLOC, &[bytes, zero8])?[0];
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, buf, 0);
        self.raise_if(
            null,
            oxjit_runtime::errors::ErrorKind::MemoryError,
            "unable to allocate partial results",
        )?;
        let data = self
            .b
            .ins()
            .load(types::I64, self.mf, buf, oxjit_runtime::memory::DATA_OFFSET);
        Ok((buf, data))
    }

    /// Reduction tasks in parallel: each chunk's partials go to a buffer, folded here in
    /// chunk order into `totals`.
    pub fn run_tasks_parallel(
        &mut self,
        tasks: &[Task],
        totals: &[Vec<Variable>],
        acc_types: &[Vec<types::Type>],
    ) -> Result<()> {
        let shape = tasks[0].shape.clone();
        let n0 = shape[0];
        let nchunks = self.chunk_count(ARRAY_ROWS, n0);
        let width: usize = acc_types.iter().map(|a| a.len()).sum();
        let (buf, data) = self.alloc_partials(nchunks, width)?;
        let mut captured = vec![data];
        for t in tasks {
            t.collect(&mut captured);
        }
        captured.sort_by_key(|v| v.as_u32());
        captured.dedup();
        let tasks_c = tasks.to_vec();
        let id = self.outline(&captured, &mut |k, map, chunk| {
            let tasks: Vec<Task> = tasks_c.iter().map(|t| t.remap(map)).collect();
            let shape = &tasks[0].shape;
            let n0 = shape[0];
            let (lo, hi) = k.chunk_bounds(ARRAY_ROWS, chunk, n0);
            let vars = k.task_chunk(&tasks, lo, hi)?;
            let out = rv(map, data);
            let base = k.b.ins().imul_imm_s(chunk, (vars.len() * 8) as i64);
            let base = k.b.ins().iadd(out, base);
            for (j, var) in vars.iter().enumerate() {
                let x = k.b.use_var(*var);
                k.b.ins().store(k.mf, x, base, (j * 8) as i32);
            }
            Ok(())
        })?;
        let env = self.env_of(&captured);
        self.run_kernel(id, env, nchunks)?;
        let span = self.span;
        self.st.significant_kernels += 1;
        self.st.note(
            span,
            format!(
                "{} reduction(s) run in one parallel pass (chunks of {} rows)",
                tasks.len(),
                ARRAY_ROWS.grain
            ),
        );
        // Fold the partials in chunk order.
        let zero = self.b.ins().iconst(types::I64, 0);
        let tasks2 = tasks.to_vec();
        let totals2 = totals.to_vec();
        self.emit_range(zero, nchunks, &mut |s, c| {
            let base = s.b.ins().imul_imm_s(c, (width * 8) as i64);
            let base = s.b.ins().iadd(data, base);
            let mut off = 0;
            for ((task, tys), total) in tasks2.iter().zip(acc_types.iter()).zip(&totals2) {
                let partial: Vec<Value> = tys
                    .iter()
                    .enumerate()
                    .map(|(j, ty)| s.b.ins().load(*ty, s.mf, base, ((off + j) * 8) as i32))
                    .collect();
                s.task_combine(task, total, &partial)?;
                off += tys.len();
            }
            Ok(())
        })?;
        self.call_rt(&rt::DECREF, &[buf])?;
        Ok(())
    }

    /// Write a lazy value into `dst` in parallel (chunks of rows of the outermost axis).
    pub fn store_lazy_parallel(
        &mut self,
        dst: &ArrayParts,
        dtype: Dtype,
        src: &Lazy,
    ) -> Result<()> {
        let n0 = dst.shape[0];
        let nchunks = self.chunk_count(ARRAY_ROWS, n0);
        let mut captured = Vec::new();
        dst.collect(&mut captured);
        src.elem.collect(&mut captured);
        captured.sort_by_key(|v| v.as_u32());
        captured.dedup();
        let (dst_c, elem_c) = (dst.clone(), src.elem.clone());
        let vector = self.vector_math_here() && super::vector_math::has_vector_node(&src.elem);
        let map_lanes = !vector && self.vector_map_applies(dtype, &src.elem);
        let id = self.outline(&captured, &mut |k, map, chunk| {
            let dst = dst_c.remap(map);
            let elem = elem_c.remap(map);
            let (lo, hi) = k.chunk_bounds(ARRAY_ROWS, chunk, dst.shape[0]);
            if vector {
                return k.vector_store_rows(&dst, dtype, &elem, lo, hi);
            }
            if map_lanes {
                return k.vector_map_rows(&dst, dtype, &elem, lo, hi);
            }
            k.store_rows_scalar(&dst, dtype, &elem, lo, hi)
        })?;
        let env = self.env_of(&captured);
        let span = self.span;
        let trivial = match &src.elem {
            Elem::Scalar(..) | Elem::Leaf { .. } => true,
            Elem::Cast(x, _) => matches!(**x, Elem::Leaf { .. }),
            _ => false,
        };
        if trivial {
            self.st.note(span, "array copy/fill runs in parallel");
        } else {
            self.st.significant_kernels += 1;
            self.st.note(
                span,
                "element-wise array expression computed in a parallel loop",
            );
        }
        self.run_kernel(id, env, nchunks)
    }
}
