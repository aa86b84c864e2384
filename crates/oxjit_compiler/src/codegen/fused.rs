//! Reductions as tasks over one iteration space, so that several of them (e.g. `sum(err**2)`
//! and `dot(X.T, err)`) run in a single pass over the data, chunked the same way serially and
//! in parallel.

use super::array::ArrayParts;
use super::ndarray::{EOp, Elem};
use super::numpy_calls::Red;
use super::translate::{cl_type_of, FunctionTranslator};
use crate::error::Result;
use crate::ir::BinOp;
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use cranelift_frontend::Variable;

/// At most this many rows are accumulated in registers by a column matrix-vector task.
pub const MAX_ROWS: i64 = 8;

#[derive(Clone)]
pub enum TaskKind {
    /// A whole-array reduction of `elem`.
    Reduce(Red),
    /// `out[r] = sum_k m[r, k] * elem[k]` for a few rows (`rows <= MAX_ROWS` at run time).
    ColMatVec {
        m: ArrayParts,
        mdtype: Dtype,
        rows: Value,
    },
}

#[derive(Clone)]
pub struct Task {
    pub kind: TaskKind,
    pub elem: Elem,
    /// The type accumulated in.
    pub t: Type,
    /// The iteration space.
    pub shape: Vec<Value>,
}

/// What a task produced.
pub enum TaskOut {
    Scalar(Value),
    /// A new 1-D array (flattened parts).
    Array(Vec<Value>),
}

impl Task {
    fn accs(&self) -> usize {
        match &self.kind {
            TaskKind::Reduce(Red::ArgMin | Red::ArgMax) => 2,
            TaskKind::Reduce(_) => 1,
            TaskKind::ColMatVec { .. } => MAX_ROWS as usize,
        }
    }
}

impl FunctionTranslator<'_, '_, '_> {
    /// The initial partial accumulators of a task.
    fn task_init(&mut self, task: &Task) -> Vec<(types::Type, Value)> {
        let ct = cl_type_of(&task.t);
        match &task.kind {
            TaskKind::Reduce(red) => {
                let mut v = vec![(ct, self.red_init(*red, &task.t))];
                if matches!(red, Red::ArgMin | Red::ArgMax) {
                    v.push((types::I64, self.b.ins().iconst(types::I64, 0)));
                }
                v
            }
            TaskKind::ColMatVec { .. } => (0..MAX_ROWS)
                .map(|_| (ct, self.zero_value(&task.t)))
                .collect(),
        }
    }

    /// One element of the iteration space: update the task's partial accumulators.
    fn task_step(&mut self, task: &Task, idx: &[Value], linear: Value, accs: &[Variable]) -> Result<()> {
        let t = task.t.clone();
        match &task.kind {
            TaskKind::Reduce(red) => {
                let x = self.eval(&task.elem, idx)?;
                let x = self.convert(x, &task.elem.ty(), &t)?;
                let cur = self.b.use_var(accs[0]);
                if matches!(red, Red::ArgMin | Red::ArgMax) {
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
            TaskKind::ColMatVec { m, mdtype, rows } => {
                let k = idx[idx.len() - 1];
                let y = self.eval(&task.elem, idx)?;
                let y = self.convert(y, &task.elem.ty(), &t)?;
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
                    let d = Dtype::of_scalar(&task.t).unwrap_or(Dtype::Float64);
                    Some(self.alloc_array(d, vec![*rows], Some(0))?)
                }
                _ => None,
            });
        }
        let shape = tasks[0].shape.clone();
        let counts: Vec<usize> = tasks.iter().map(Task::accs).collect();
        let tasks2 = tasks.to_vec();
        let totals2 = totals.clone();
        self.chunked_nest(
            &shape,
            &mut |s, idx, linear, partial: &[Variable]| {
                let mut off = 0;
                for (task, n) in tasks2.iter().zip(&counts) {
                    s.task_step(task, idx, linear, &partial[off..off + n])?;
                    off += n;
                }
                Ok(())
            },
            &mut |s| {
                let mut all = Vec::new();
                for task in &tasks2 {
                    all.extend(s.task_init(task));
                }
                Ok(all)
            },
            &mut |s, partial: &[Value]| {
                let mut off = 0;
                for ((task, n), total) in tasks2.iter().zip(&counts).zip(&totals2) {
                    s.task_combine(task, total, &partial[off..off + n])?;
                    off += n;
                }
                Ok(())
            },
        )?;
        let mut results = Vec::new();
        for ((task, total), out) in tasks.iter().zip(&totals).zip(outs) {
            results.push(match (&task.kind, out) {
                (TaskKind::ColMatVec { rows, .. }, Some(out)) => {
                    // Write the row sums into the output array.
                    let d = Dtype::of_scalar(&task.t).unwrap_or(Dtype::Float64);
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
                (TaskKind::Reduce(Red::ArgMin | Red::ArgMax), _) => {
                    TaskOut::Scalar(self.b.use_var(total[1]))
                }
                _ => TaskOut::Scalar(self.b.use_var(total[0])),
            });
        }
        Ok(results)
    }

    /// Fold one chunk's partials into a task's totals (chunks are folded in order).
    fn task_combine(&mut self, task: &Task, total: &[Variable], partial: &[Value]) -> Result<()> {
        let t = task.t.clone();
        match &task.kind {
            TaskKind::Reduce(red @ (Red::ArgMin | Red::ArgMax)) => {
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
