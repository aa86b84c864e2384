//! Reductions as tasks over one iteration space, so that several of them (e.g. `sum(err**2)`
//! and `dot(X.T, err)`) run in a single pass over the data, chunked the same way serially and
//! in parallel.

use super::translate::FunctionTranslator;
use super::values::{
    cl_type, cl_type_of, compute_type, ArrayParts, EOp, Elem, Lazy, Reduction, Remap, Task,
    TaskKind, TaskOut, MAX_ROWS,
};
use crate::error::{CompileError, Result};
use crate::intrinsics::Intrinsic as I;
use crate::ir::{BinOp, Inst, ValueId};
use crate::loops::schedule::ARRAY_ROWS;
use crate::loops::{Expr, Kernel, Output};
use crate::types::{components, Dtype, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use cranelift_frontend::Variable;
use oxjit_runtime::decls as rt;

/// Interleaved accumulators per task in a 1-D chunk.
pub const LANES: usize = 2;

impl FunctionTranslator<'_, '_, '_> {
    /// The initial partial accumulators of a task.
    pub fn task_init(&mut self, task: &Task) -> Vec<(types::Type, Value)> {
        let ct = cl_type_of(&task.t);
        match &task.kind {
            TaskKind::Reduce(red) => {
                let mut v = vec![(ct, self.red_init(*red, &task.t))];
                if matches!(red, Reduction::ArgMin | Reduction::ArgMax) {
                    v.push((types::I64, self.b.ins().iconst(types::I64, 0)));
                }
                v
            }
            TaskKind::ColMatVec { .. } => (0..task.accs())
                .map(|_| (ct, self.zero_value(&task.t)))
                .collect(),
        }
    }

    /// One element of the iteration space: update the task's partial accumulators.
    pub fn task_step(
        &mut self,
        task: &Task,
        idx: &[Value],
        linear: Value,
        accs: &[Variable],
    ) -> Result<()> {
        let t = task.t.clone();
        match &task.kind {
            TaskKind::Reduce(red) => {
                let x = self.eval(&task.elem, idx)?;
                let x = self.convert(x, &task.elem.ty(), &t)?;
                let cur = self.b.use_var(accs[0]);
                if matches!(red, Reduction::ArgMin | Reduction::ArgMax) {
                    let better = self.arg_better(*red, x, cur, &t);
                    let nv = self.b.ins().select(better, x, cur);
                    let cp = self.b.use_var(accs[1]);
                    let np = self.b.ins().select(better, linear, cp);
                    self.b.def_var(accs[0], nv);
                    self.b.def_var(accs[1], np);
                } else {
                    let nv = self.red_step(*red, cur, x, &t)?;
                    self.b.def_var(accs[0], nv);
                }
            }
            TaskKind::ColMatVec {
                m, mdtype, rows, ..
            } => {
                let k = idx[idx.len() - 1];
                let y = self.eval(&task.elem, idx)?;
                let y = self.convert(y, &task.elem.ty(), &t)?;
                if let Some(r) = self.const_of(*rows).filter(|r| (0..=MAX_ROWS).contains(r)) {
                    for (ri, acc) in accs.iter().enumerate().take(r as usize) {
                        let rv = self.b.ins().iconst(types::I64, ri as i64);
                        let ma = self.address(m.data, &m.strides, &[rv, k]);
                        let x = self.load_element(ma, *mdtype);
                        let x = self.convert(x, &mdtype.scalar(), &t)?;
                        let p = self.np_binary(EOp::Arith(BinOp::Mul), x, &t, y, &t, &t)?;
                        let cur = self.b.use_var(*acc);
                        let nv = self.np_binary(EOp::Arith(BinOp::Add), cur, &t, p, &t, &t)?;
                        self.b.def_var(*acc, nv);
                    }
                    return Ok(());
                }
                for (ri, acc) in accs.iter().enumerate() {
                    let rv = self.b.ins().iconst(types::I64, ri as i64);
                    let in_rows = self.b.ins().icmp(IntCC::SignedLessThan, rv, *rows);
                    let do_b = self.b.create_block();
                    let next = self.b.create_block();
                    self.b.ins().brif(in_rows, do_b, &[], next, &[]);
                    self.b.switch_to_block(do_b);
                    let ma = self.address(m.data, &m.strides, &[rv, k]);
                    let x = self.load_element(ma, *mdtype);
                    let x = self.convert(x, &mdtype.scalar(), &t)?;
                    let p = self.np_binary(EOp::Arith(BinOp::Mul), x, &t, y, &t, &t)?;
                    let cur = self.b.use_var(*acc);
                    let nv = self.np_binary(EOp::Arith(BinOp::Add), cur, &t, p, &t, &t)?;
                    self.b.def_var(*acc, nv);
                    self.b.ins().jump(next, &[]);
                    self.b.switch_to_block(next);
                }
            }
        }
        Ok(())
    }

    /// Run tasks over their common iteration space in one chunked pass. The caller guarantees
    /// equal shapes (and `rows <= MAX_ROWS` for matrix-vector tasks).
    pub fn run_tasks(&mut self, tasks: &[Task]) -> Result<Vec<TaskOut>> {
        // Totals (and the output arrays of matrix-vector tasks).
        let mut totals: Vec<Vec<Variable>> = Vec::new();
        let mut outs: Vec<Option<Vec<Value>>> = Vec::new();
        for task in tasks {
            let init = self.task_init(task);
            let vars: Vec<Variable> = init
                .iter()
                .map(|(ty, v)| {
                    let var = self.b.declare_var(*ty);
                    self.b.def_var(var, *v);
                    var
                })
                .collect();
            totals.push(vars);
            outs.push(match &task.kind {
                TaskKind::ColMatVec { rows, .. } => {
                    let d = super::state::dtype_of(&task.t)?;
                    Some(self.alloc_array(d, vec![*rows], Some(0))?)
                }
                _ => None,
            });
        }
        // Small matrix dimensions (e.g. the 2 columns of an (n, 2) design matrix) are
        // specialised: with the length a constant, the products unroll with no loop or guard.
        let mut dims: Vec<Value> = Vec::new();
        for t in tasks {
            t.elem.small_dims(&mut dims);
            if let TaskKind::ColMatVec { rows, .. } = &t.kind {
                dims.push(*rows);
            }
        }
        dims.retain(|d| self.const_of(*d).is_none());
        dims.sort_by_key(|v| v.as_u32());
        dims.dedup();
        if dims.is_empty() {
            let mut tasks = tasks.to_vec();
            let mut cache = std::collections::HashMap::new();
            for t in &mut tasks {
                t.elem = self.preload(&t.elem, &mut cache)?;
            }
            self.run_tasks_loops(&tasks, &totals)?;
        } else {
            let (spec, generic, join) = (
                self.b.create_block(),
                self.b.create_block(),
                self.b.create_block(),
            );
            let mut all_two = self.b.ins().iconst(types::I8, 1);
            for d in &dims {
                let two = self.b.ins().icmp_imm_s(IntCC::Equal, *d, 2);
                all_two = self.b.ins().band(all_two, two);
            }
            self.b.ins().brif(all_two, spec, &[], generic, &[]);
            self.b.switch_to_block(spec);
            let c2 = self.b.ins().iconst(types::I64, 2);
            let map: Remap = dims.iter().map(|d| (*d, c2)).collect();
            let mut special: Vec<Task> = tasks.iter().map(|t| t.remap(&map)).collect();
            let mut cache = std::collections::HashMap::new();
            for t in &mut special {
                if let TaskKind::ColMatVec {
                    rows, fixed_rows, ..
                } = &mut t.kind
                {
                    if *rows == c2 {
                        *fixed_rows = Some(2);
                    }
                }
                t.elem = self.preload(&t.elem, &mut cache)?;
            }
            self.run_tasks_loops(&special, &totals)?;
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(generic);
            self.run_tasks_loops(tasks, &totals)?;
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(join);
        }
        self.task_results(tasks, &totals, outs)
    }

    /// The chunked loops of [`Self::run_tasks`] (parallel when enabled), into `totals`.
    fn run_tasks_loops(&mut self, tasks: &[Task], totals: &[Vec<Variable>]) -> Result<()> {
        let shape = tasks[0].shape.clone();
        let counts: Vec<usize> = tasks.iter().map(Task::accs).collect();
        let tasks2 = tasks.to_vec();
        let totals2 = totals.to_vec();
        let par = self.parallel_branch(shape[0]);
        if let Some((_, ser, _)) = par {
            let acc_types: Vec<Vec<types::Type>> = tasks
                .iter()
                .map(|t| self.task_init(t).into_iter().map(|(ty, _)| ty).collect())
                .collect();
            self.run_tasks_parallel(tasks, totals, &acc_types)?;
            let join = par.map(|p| p.2).unwrap_or(ser);
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(ser);
        }
        // Serially: the same chunks as the kernels, one after the other.
        let n0 = shape[0];
        let total = self.product(&shape);
        let zero = self.b.ins().iconst(types::I64, 0);
        let empty = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedLessThanOrEqual, total, 0);
        let (go, done) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(empty, done, &[], go, &[]);
        self.b.switch_to_block(go);
        self.whole_sum_on_pool(tasks, totals, n0, done)?;
        let nch = self.chunk_count(ARRAY_ROWS, n0);
        self.emit_range(zero, nch, &mut |s, c| {
            let (lo, hi) = s.chunk_bounds(ARRAY_ROWS, c, n0);
            let partial = s.task_chunk(&tasks2, lo, hi)?;
            let mut off = 0;
            for ((task, n), total) in tasks2.iter().zip(&counts).zip(&totals2) {
                let vals: Vec<Value> = partial[off..off + n]
                    .iter()
                    .map(|v| s.b.use_var(*v))
                    .collect();
                s.task_combine(task, total, &vals)?;
                off += n;
            }
            // Ctrl-C between chunks (the parallel runtime checks between its chunks too).
            s.poll_interrupt()
        })?;
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        if let Some((_, _, join)) = par {
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(join);
        }
        Ok(())
    }

    /// A single contiguous float64 sum (`vector-reduce`) in serial code: when every operand
    /// has the loop's length, one runtime call computes the same chunks' partials (on the pool
    /// for large arrays) and folds them into the total in chunk order, then jumps to `done`;
    /// otherwise (broadcast operands) execution falls through to the chunk loop.
    fn whole_sum_on_pool(
        &mut self,
        tasks: &[Task],
        totals: &[Vec<Variable>],
        n0: Value,
        done: cranelift_codegen::ir::Block,
    ) -> Result<()> {
        if self.in_kernel || self.prange_depth > 0 {
            return Ok(());
        }
        let Some((routine, leaves)) = self.contiguous_sum_task(tasks) else {
            return Ok(());
        };
        let chunked = if std::ptr::eq(routine, &rt::VDOT) {
            &rt::VDOT_CHUNKED
        } else {
            &rt::VSUM_CHUNKED
        };
        let mut ok = self.b.ins().iconst(types::I8, 1);
        for (_, dim) in &leaves {
            let eq = self.b.ins().icmp(IntCC::Equal, *dim, n0);
            ok = self.b.ins().band(ok, eq);
        }
        let (fast, rest) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(ok, fast, &[], rest, &[]);
        self.b.switch_to_block(fast);
        let mut args: Vec<Value> = leaves.iter().map(|(data, _)| *data).collect();
        args.push(n0);
        args.push(self.b.ins().iconst(types::I64, ARRAY_ROWS.grain));
        args.push(self.b.use_var(totals[0][0]));
        let total = self.call_rt(chunked, &args)?[0];
        self.b.def_var(totals[0][0], total);
        // Ctrl-C once the sum is done (the chunk loop polls between chunks).
        self.poll_interrupt()?;
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(rest);
        Ok(())
    }

    fn task_results(
        &mut self,
        tasks: &[Task],
        totals: &[Vec<Variable>],
        outs: Vec<Option<Vec<Value>>>,
    ) -> Result<Vec<TaskOut>> {
        let mut results = Vec::new();
        for ((task, total), out) in tasks.iter().zip(totals).zip(outs) {
            results.push(match (&task.kind, out) {
                (TaskKind::ColMatVec { rows, .. }, Some(out)) => {
                    // Write the row sums into the output array.
                    let d = super::state::dtype_of(&task.t)?;
                    for (ri, acc) in total.iter().enumerate() {
                        let rv = self.b.ins().iconst(types::I64, ri as i64);
                        let in_rows = self.b.ins().icmp(IntCC::SignedLessThan, rv, *rows);
                        let do_b = self.b.create_block();
                        let next = self.b.create_block();
                        self.b.ins().brif(in_rows, do_b, &[], next, &[]);
                        self.b.switch_to_block(do_b);
                        let off = self.b.ins().imul_imm_s(rv, d.itemsize());
                        let a = self.b.ins().iadd(out[1], off);
                        let v = self.b.use_var(*acc);
                        self.store_element(a, d, v, &task.t)?;
                        self.b.ins().jump(next, &[]);
                        self.b.switch_to_block(next);
                    }
                    TaskOut::Array(out)
                }
                (TaskKind::Reduce(Reduction::ArgMin | Reduction::ArgMax), _) => {
                    TaskOut::Scalar(self.b.use_var(total[1]))
                }
                _ => TaskOut::Scalar(self.b.use_var(total[0])),
            });
        }
        Ok(results)
    }

    /// One chunk (rows `lo..hi` of the outermost axis) of every task: returns the partial
    /// accumulators. A 1-D space is unrolled over [`LANES`] interleaved lanes (element `i` goes
    /// to lane `(i - lo) % LANES` in the main loop, the tail to lane 0), folded in lane order —
    /// a fixed order, so it is the same serially and in a kernel; it breaks the latency chain
    /// of one accumulator. Arg-reductions keep one lane (first-occurrence ties).
    pub fn task_chunk(&mut self, tasks: &[Task], lo: Value, hi: Value) -> Result<Vec<Variable>> {
        let counts: Vec<usize> = tasks.iter().map(Task::accs).collect();
        let make_lane = |s: &mut Self| -> Vec<Variable> {
            let mut vars = Vec::new();
            for t in tasks {
                for (ty, v) in s.task_init(t) {
                    let var = s.b.declare_var(ty);
                    s.b.def_var(var, v);
                    vars.push(var);
                }
            }
            vars
        };
        let lane0 = make_lane(self);
        let shape = tasks[0].shape.clone();
        let one_d = shape.len() == 1
            && tasks.iter().all(|t| {
                !matches!(
                    t.kind,
                    TaskKind::Reduce(Reduction::ArgMin | Reduction::ArgMax)
                )
            });
        let step_all =
            |s: &mut Self, idx: &[Value], linear: Value, vars: &[Variable]| -> Result<()> {
                let mut off = 0;
                for (task, n) in tasks.iter().zip(&counts) {
                    s.task_step(task, idx, linear, &vars[off..off + n])?;
                    off += n;
                }
                Ok(())
            };
        if !one_d {
            self.chunk_rows(&shape, lo, hi, &lane0, &mut |s, idx, linear, vars| {
                step_all(s, idx, linear, vars)
            })?;
            return Ok(lane0);
        }
        if let Some((routine, leaves)) = self.contiguous_sum_task(tasks) {
            // The loop stage's `vector-reduce`: the runtime's SIMD sum of the chunk (its fixed
            // order of 32 lanes), unless an operand is broadcast (then the lanes below).
            let mut ok: Option<Value> = None;
            for (_, dim) in &leaves {
                if *dim != shape[0] {
                    let eq = self.b.ins().icmp(IntCC::Equal, *dim, shape[0]);
                    ok = Some(match ok {
                        None => eq,
                        Some(o) => self.b.ins().band(o, eq),
                    });
                }
            }
            let (fast, join) = (self.b.create_block(), self.b.create_block());
            let slow = ok.map(|ok| {
                let slow = self.b.create_block();
                self.b.ins().brif(ok, fast, &[], slow, &[]);
                slow
            });
            if slow.is_none() {
                self.b.ins().jump(fast, &[]);
            }
            self.b.switch_to_block(fast);
            let off = self.b.ins().imul_imm_s(lo, 8);
            let mut args: Vec<Value> = leaves
                .iter()
                .map(|(data, _)| self.b.ins().iadd(*data, off))
                .collect();
            args.push(self.b.ins().isub(hi, lo));
            let p = self.call_rt(routine, &args)?[0];
            self.b.def_var(lane0[0], p);
            self.b.ins().jump(join, &[]);
            if let Some(slow) = slow {
                self.b.switch_to_block(slow);
                self.lanes_chunk(tasks, lo, hi, &lane0)?;
                self.b.ins().jump(join, &[]);
            }
            self.b.switch_to_block(join);
            return Ok(lane0);
        }
        self.lanes_chunk(tasks, lo, hi, &lane0)?;
        Ok(lane0)
    }

    /// A single float64 sum task of a contiguous array or of the product of two, as the loop
    /// stage's `vector-reduce` decided for this block: the routine and each array's (data,
    /// length), read with its own (unit) stride.
    fn contiguous_sum_task(
        &self,
        tasks: &[Task],
    ) -> Option<(&'static rt::RtFn, Vec<(Value, Value)>)> {
        let [task] = tasks else {
            return None;
        };
        if !matches!(task.kind, TaskKind::Reduce(Reduction::Sum))
            || task.t != Type::Float
            || !crate::loops::vector_reduce_in(
                self.tf,
                crate::ir::BlockId(self.ir_block_index as u32),
            )
        {
            return None;
        }
        let leaf = |e: &Elem| match e {
            Elem::Leaf {
                data,
                dtype: Dtype::Float64,
                raw,
                dims,
                ..
            } if raw.len() == 1 && dims.len() == 1 && self.const_of(raw[0]) == Some(8) => {
                Some((*data, dims[0]))
            }
            _ => None,
        };
        match &task.elem {
            Elem::Binary(EOp::Arith(BinOp::Mul), a, b, Type::Float) => {
                Some((&rt::VDOT, vec![leaf(a)?, leaf(b)?]))
            }
            e => Some((&rt::VSUM, vec![leaf(e)?])),
        }
    }

    /// The interleaved-lanes loop of [`Self::task_chunk`] over a 1-D chunk, folded into `lane0`.
    fn lanes_chunk(
        &mut self,
        tasks: &[Task],
        lo: Value,
        hi: Value,
        lane0: &[Variable],
    ) -> Result<()> {
        let counts: Vec<usize> = tasks.iter().map(Task::accs).collect();
        let make_lane = |s: &mut Self| -> Vec<Variable> {
            let mut vars = Vec::new();
            for t in tasks {
                for (ty, v) in s.task_init(t) {
                    let var = s.b.declare_var(ty);
                    s.b.def_var(var, v);
                    vars.push(var);
                }
            }
            vars
        };
        let mut lanes = vec![lane0.to_vec()];
        for _ in 1..LANES {
            lanes.push(make_lane(self));
        }
        let elems: Vec<Elem> = tasks.iter().map(|t| t.elem.clone()).collect();
        if self.vector_math_here() && elems.iter().any(super::vector_math::has_vector_node) {
            // Blocks of the vector-math step: a multiple of LANES long, so every element
            // keeps its lane (and only the last block has a tail).
            let lanes2 = lanes.clone();
            self.vector_blocks(&[], lo, hi, &elems, &mut |s, es, b0, b1| {
                let tasks2: Vec<Task> = tasks
                    .iter()
                    .zip(es)
                    .map(|(t, e)| Task {
                        elem: e.clone(),
                        ..t.clone()
                    })
                    .collect();
                s.lanes_loop(&tasks2, b0, b1, &lanes2)
            })?;
        } else {
            self.lanes_loop(tasks, lo, hi, &lanes)?;
        }
        for vars in &lanes[1..] {
            let mut off = 0;
            for (task, n) in tasks.iter().zip(&counts) {
                let vals: Vec<Value> = vars[off..off + n]
                    .iter()
                    .map(|v| self.b.use_var(*v))
                    .collect();
                self.task_combine(task, &lane0[off..off + n], &vals)?;
                off += n;
            }
        }
        Ok(())
    }

    /// Rows `[lo, hi)` of a 1-D space over interleaved lanes: groups of LANES rows (row
    /// `lo + g·LANES + l` to lane `l`), then the tail in lane 0.
    fn lanes_loop(
        &mut self,
        tasks: &[Task],
        lo: Value,
        hi: Value,
        lanes: &[Vec<Variable>],
    ) -> Result<()> {
        let counts: Vec<usize> = tasks.iter().map(Task::accs).collect();
        let step_all =
            |s: &mut Self, idx: &[Value], linear: Value, vars: &[Variable]| -> Result<()> {
                let mut off = 0;
                for (task, n) in tasks.iter().zip(&counts) {
                    s.task_step(task, idx, linear, &vars[off..off + n])?;
                    off += n;
                }
                Ok(())
            };
        let len = self.b.ins().isub(hi, lo);
        let groups = self.b.ins().sdiv_imm_s(len, LANES as i64);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.emit_range(zero, groups, &mut |s, g| {
            let base = s.b.ins().imul_imm_s(g, LANES as i64);
            let base = s.b.ins().iadd(lo, base);
            for (l, vars) in lanes.iter().enumerate() {
                let i = s.b.ins().iadd_imm_s(base, l as i64);
                step_all(s, &[i], i, vars)?;
            }
            Ok(())
        })?;
        let done = self.b.ins().imul_imm_s(groups, LANES as i64);
        let tail = self.b.ins().iadd(lo, done);
        self.emit_range(tail, hi, &mut |s, i| step_all(s, &[i], i, &lanes[0]))
    }

    /// Fold one chunk's partials into a task's totals (chunks are folded in order).
    pub fn task_combine(
        &mut self,
        task: &Task,
        total: &[Variable],
        partial: &[Value],
    ) -> Result<()> {
        let t = task.t.clone();
        match &task.kind {
            TaskKind::Reduce(red @ (Reduction::ArgMin | Reduction::ArgMax)) => {
                let cur = self.b.use_var(total[0]);
                let better = self.arg_better(*red, partial[0], cur, &t);
                let nv = self.b.ins().select(better, partial[0], cur);
                let cp = self.b.use_var(total[1]);
                let np = self.b.ins().select(better, partial[1], cp);
                self.b.def_var(total[0], nv);
                self.b.def_var(total[1], np);
            }
            TaskKind::Reduce(red) => {
                let cur = self.b.use_var(total[0]);
                let nv = self.red_step(*red, cur, partial[0], &t)?;
                self.b.def_var(total[0], nv);
            }
            TaskKind::ColMatVec { .. } => {
                for (tv, p) in total.iter().zip(partial) {
                    let cur = self.b.use_var(*tv);
                    let nv = self.np_binary(EOp::Arith(BinOp::Add), cur, &t, *p, &t, &t)?;
                    self.b.def_var(*tv, nv);
                }
            }
        }
        Ok(())
    }
}

/// The task of `m · v` computed column by column (`m`: rows × len, `v`: a lazy vector).
fn col_matvec_task(m: ArrayParts, mdtype: Dtype, v: Lazy, acc: Type) -> (Task, Finish) {
    let rows = m.shape[0];
    (
        Task {
            kind: TaskKind::ColMatVec {
                m,
                mdtype,
                rows,
                fixed_rows: None,
            },
            elem: v.elem,
            t: acc,
            shape: v.shape,
        },
        Finish::Array,
    )
}

/// How a reduction instruction's result comes from its task's output.
pub enum Finish {
    /// A scalar accumulated in `acc`.
    Scalar(Type),
    /// `sum / n` (for `mean`).
    Mean(Value, Type),
    /// A new array.
    Array,
}

impl FunctionTranslator<'_, '_, '_> {
    /// The lazy value of kernel node `n` for a reduction output: the IR value it stands for
    /// (reads, scalars and element-wise instructions were translated lazily, one element node
    /// per instruction), or, for the `dot` of two vectors, the product of its operands after
    /// checking their lengths agree.
    fn node_lazy(&mut self, k: &Kernel, n: usize, acc: &Type) -> Result<Lazy> {
        match &k.exprs[n] {
            Expr::Read(v) | Expr::Scalar(v) | Expr::MatVecRow { inst: v, .. } => self.lazy_of(*v),
            Expr::Apply { inst, args } if self.is_dot(*inst) => {
                let [a, b] = args[..] else {
                    return Err(CompileError::internal("codegen", "dot node arity"));
                };
                let la = self.node_lazy(k, a, acc)?;
                let lb = self.node_lazy(k, b, acc)?;
                self.shapes_aligned(la.shape[0], lb.shape[0])?;
                let elem = Elem::Binary(
                    EOp::Arith(BinOp::Mul),
                    Box::new(la.elem),
                    Box::new(lb.elem),
                    acc.clone(),
                );
                Ok(Lazy {
                    elem,
                    shape: la.shape,
                    dtype: super::state::dtype_of(acc)?,
                })
            }
            Expr::Apply { inst, .. } => self.lazy_of(*inst),
        }
    }

    fn is_dot(&self, v: ValueId) -> bool {
        self.tf
            .def(v)
            .and_then(|d| crate::loops::build::call_operands(self.tf, d))
            .is_some_and(|(i, _)| i == I::Dot)
    }

    /// `ValueError("shapes not aligned")` unless `x == y`.
    fn shapes_aligned(&mut self, x: Value, y: Value) -> Result<()> {
        let ok = self.b.ins().icmp(IntCC::Equal, x, y);
        self.fail_if_not(ok, |s| {
            s.raise_now(
                oxjit_runtime::errors::ErrorKind::ValueError,
                "shapes not aligned",
            )
        })
    }

    /// The task computing kernel output `o` (a reduction or a product by rows), as the loop
    /// stage decided it: its reduction, its element expression, and how its result is finished.
    pub fn task_of(&mut self, k: &Kernel, o: &Output) -> Result<(Task, Finish)> {
        match *o {
            Output::Reduce {
                red,
                of,
                result,
                mean,
            } => {
                let acc = compute_type(super::state::dtype_of(self.ty(result))?);
                let l = self.node_lazy(k, of, &acc)?;
                if matches!(red, Reduction::Min | Reduction::Max) {
                    let empty = self.b.ins().icmp_imm_s(IntCC::Equal, l.shape[0], 0);
                    self.raise_if(
                        empty,
                        oxjit_runtime::errors::ErrorKind::ValueError,
                        "zero-size array to reduction operation which has no identity",
                    )?;
                }
                let finish = if mean {
                    Finish::Mean(l.shape[0], acc.clone())
                } else {
                    Finish::Scalar(acc.clone())
                };
                let task = Task {
                    kind: TaskKind::Reduce(red),
                    elem: l.elem,
                    t: acc,
                    shape: l.shape,
                };
                Ok((task, finish))
            }
            Output::ProductRows {
                m,
                transposed,
                of,
                result,
            } => {
                let acc = compute_type(super::state::dtype_of(self.ty(result))?);
                let Type::Array { dtype: md, .. } = *self.ty(m) else {
                    return Err(CompileError::internal(
                        "codegen",
                        "product rows of a non-array",
                    ));
                };
                let (p, _, _) = self.array_parts(m)?;
                let lv = self.node_lazy(k, of, &acc)?;
                // `dot(v, m)` iterates the matrix's rows: the transposed view of its parts.
                let m = if transposed {
                    ArrayParts {
                        meminfo: p.meminfo,
                        data: p.data,
                        shape: vec![p.shape[1], p.shape[0]],
                        strides: vec![p.strides[1], p.strides[0]],
                    }
                } else {
                    p
                };
                self.shapes_aligned(m.shape[1], lv.shape[0])?;
                Ok(col_matvec_task(m, md, lv, acc))
            }
            _ => Err(CompileError::internal(
                "codegen",
                "a reduction group output that is not a reduction",
            )),
        }
    }

    /// A matrix-vector task for any number of rows: registers for a few rows, otherwise the
    /// row-by-row product.
    pub fn colmatvec_any(&mut self, task: &Task) -> Result<Vec<Value>> {
        let TaskKind::ColMatVec {
            m, mdtype, rows, ..
        } = &task.kind
        else {
            return Err(CompileError::internal(
                "codegen",
                "not a matrix-vector task",
            ));
        };
        let d = super::state::dtype_of(&task.t)?;
        let vars: Vec<Variable> = (0..4).map(|_| self.b.declare_var(types::I64)).collect();
        let few = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedLessThanOrEqual, *rows, MAX_ROWS);
        let (a, b, join) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().brif(few, a, &[], b, &[]);
        self.b.switch_to_block(a);
        if let Some(TaskOut::Array(out)) = self.run_tasks(std::slice::from_ref(task))?.pop() {
            for (v, x) in vars.iter().zip(&out) {
                self.b.def_var(*v, *x);
            }
        }
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(b);
        // Many rows: materialise the vector, then one dot product per row.
        let vd = super::state::dtype_of(&task.elem.ty())?;
        let lv = Lazy {
            elem: task.elem.clone(),
            shape: task.shape.clone(),
            dtype: vd,
        };
        let vtmp = self.materialize(&lv)?;
        let vp = ArrayParts::from_vals(&vtmp, 1);
        let mext = self.extent(m, mdtype.itemsize());
        let vext = self.extent(&vp, vd.itemsize());
        let e = Elem::MatVec {
            vpre: Vec::new(),
            m: m.clone(),
            v: vp,
            mext,
            vext,
            mdtype: *mdtype,
            vdtype: vd,
            ty: task.t.clone(),
        };
        let out = self.materialize(&Lazy {
            elem: e,
            shape: vec![*rows],
            dtype: d,
        })?;
        self.call_rt(&rt::DECREF, &[vtmp[0]])?;
        for (v, x) in vars.iter().zip(&out) {
            self.b.def_var(*v, *x);
        }
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        Ok(vars.iter().map(|v| self.b.use_var(*v)).collect())
    }

    fn finish(&mut self, out: TaskOut, finish: &Finish, rt: &Type) -> Result<Vec<Value>> {
        Ok(match (out, finish) {
            (TaskOut::Scalar(x), Finish::Scalar(acc)) => vec![self.convert(x, acc, rt)?],
            (TaskOut::Scalar(x), Finish::Mean(n, acc)) => {
                let nf = self.convert(*n, &Type::Int, acc)?;
                let m = self.b.ins().fdiv(x, nf);
                vec![self.convert(m, acc, rt)?]
            }
            (TaskOut::Array(vals), _) => vals,
            _ => return Err(CompileError::internal("codegen", "task output mismatch")),
        })
    }

    /// Translate the reductions kernel `k` groups (IR instructions `insts`, its outputs in
    /// order): one pass when their iteration spaces agree (proven by the loop stage, or
    /// checked at run time) and matrix-vector rows fit in registers, else one pass each.
    pub fn translate_reduction_group(&mut self, insts: &[Inst], k: &Kernel) -> Result<()> {
        let mut tasks = Vec::new();
        let mut finishes = Vec::new();
        for o in &k.outputs {
            let (t, f) = self.task_of(k, o)?;
            tasks.push(t);
            finishes.push(f);
        }
        if let Some(first) = insts.first() {
            self.span = first.span;
            self.st.note(
                first.span,
                format!(
                    "{} reductions fused into one pass over the data",
                    insts.len()
                ),
            );
        }
        // The condition for one fused pass (equal spaces: proven by the loop stage, or checked).
        let n0 = tasks[0].shape[0];
        let mut ok = self.b.ins().iconst(types::I8, 1);
        let mut checked = false;
        for t in tasks[1..].iter().filter(|_| !k.same_space) {
            checked = true;
            let eq = self.b.ins().icmp(IntCC::Equal, t.shape[0], n0);
            ok = self.b.ins().band(ok, eq);
        }
        for t in &tasks {
            if let TaskKind::ColMatVec { rows, .. } = &t.kind {
                let few = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::SignedLessThanOrEqual, *rows, MAX_ROWS);
                ok = self.b.ins().band(ok, few);
                checked = true;
            }
        }
        // One variable per component of each result, merged at the join.
        let rts: Vec<Type> = insts.iter().map(|i| self.ty(i.result).clone()).collect();
        let vars: Vec<Vec<Variable>> = rts
            .iter()
            .map(|t| {
                components(t)
                    .into_iter()
                    .map(|c| self.b.declare_var(cl_type(c)))
                    .collect()
            })
            .collect();
        let (fused_b, join) = (self.b.create_block(), self.b.create_block());
        // Nothing to check: only the fused pass is emitted.
        let sep_b = checked.then(|| self.b.create_block());
        match sep_b {
            Some(sep_b) => self.b.ins().brif(ok, fused_b, &[], sep_b, &[]),
            None => self.b.ins().jump(fused_b, &[]),
        };
        self.b.switch_to_block(fused_b);
        let outs = self.run_tasks(&tasks)?;
        for (((out, f), rt), vs) in outs.into_iter().zip(&finishes).zip(&rts).zip(&vars) {
            let vals = self.finish(out, f, rt)?;
            for (v, x) in vs.iter().zip(vals) {
                self.b.def_var(*v, x);
            }
        }
        self.b.ins().jump(join, &[]);
        if let Some(sep_b) = sep_b {
            self.b.switch_to_block(sep_b);
            self.separate_passes(&tasks, &finishes, &rts, &vars)?;
            self.b.ins().jump(join, &[]);
        }
        self.b.switch_to_block(join);
        for ((inst, rt), vs) in insts.iter().zip(&rts).zip(&vars) {
            let vals: Vec<Value> = vs.iter().map(|v| self.b.use_var(*v)).collect();
            if rt.holds_references() {
                self.set_owned(inst.result, vals);
            } else {
                self.set_plain(inst.result, vals);
            }
        }
        Ok(())
    }

    /// The fallback of a reduction group: one pass per reduction, into the result variables.
    fn separate_passes(
        &mut self,
        tasks: &[Task],
        finishes: &[Finish],
        rts: &[Type],
        vars: &[Vec<Variable>],
    ) -> Result<()> {
        for (((task, f), rt), vs) in tasks.iter().zip(finishes).zip(rts).zip(vars) {
            let out = match task.kind {
                TaskKind::ColMatVec { .. } => TaskOut::Array(self.colmatvec_any(task)?),
                _ => self
                    .run_tasks(std::slice::from_ref(task))?
                    .pop()
                    .ok_or_else(|| CompileError::internal("codegen", "task without output"))?,
            };
            let vals = self.finish(out, f, rt)?;
            for (v, x) in vs.iter().zip(vals) {
                self.b.def_var(*v, x);
            }
        }
        Ok(())
    }
}
