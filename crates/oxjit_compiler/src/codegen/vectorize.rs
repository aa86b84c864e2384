//! Loops the `vectorize` pass planned (`passes/vectorize.rs`) run two iterations at a time in
//! `f64x2` vectors (two vectors per step: four iterations), then the scalar loop finishes the
//! rest.
//!
//! The branch that enters the loop goes to a guard block instead of the loop body. The guard
//! takes the arrays' parts and the loop-invariant indices once, and checks at run time what the
//! vector loop does not: at least four iterations, a last axis with unit stride (views), every index check that could fail anywhere
//! in `[start, stop)`, no write into a read-only array, and no overlap between the bytes an
//! array written in the loop covers and those of every other array accessed. If any guard
//! fails, the scalar loop runs as compiled without this pass (and raises where Python would).
//! The vector loop polls for Ctrl-C once per four iterations; on leaving it the counter, the
//! loop variable and the float temporaries get the values of the last iteration it ran, and
//! the scalar loop runs the iteration left over, if any.

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::{CompileError, Result};
use crate::ir::{BinOp, IndexCheck, InstKind, UnaryOp, ValueId, VarId};
use crate::passes::vectorize::{Form, Key, Role, VectorLoop};
use crate::types::Type;
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, MemFlagsData, Value};
use std::collections::HashMap;

/// Lanes per vector (`f64x2`).
const LANES: i64 = 2;
/// Copies of the body per vector iteration (independent vectors keep the pipelines busy).
const UNROLL: i64 = 2;
const ITEM: i64 = 8;
/// Flags per step of a count of flags (`i8x16`).
const FLAGS: i64 = 16;

/// A float in the vector loop: the same scalar in every lane, or a vector.
#[derive(Clone, Copy)]
enum Lanes {
    Same(Value),
    Vector(Value),
}

fn internal(msg: &str) -> CompileError {
    CompileError::internal("codegen", format!("vectorised loop: {msg}"))
}

impl FunctionTranslator<'_, '_, '_> {
    /// The branch on `cond` at the end of the block that enters a planned loop, and the guard,
    /// vector loop and hand-over back to the scalar loop.
    pub fn translate_vector_loop(&mut self, plan: &VectorLoop, cond: ValueId) -> Result<()> {
        let tf = self.tf;
        let lp = &tf.ir.range_loops[plan.loop_index];
        let c = self.scalar(cond)?;
        self.release_block_temporaries()?;
        let (guard, vloop, vexit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let (body, exit) = (self.ir_block(lp.body), self.ir_block(lp.exit));
        self.b.ins().brif(c, guard, &[], exit, &[]);
        self.b.switch_to_block(guard);
        if let Form::CountFlags { count, step } = plan.form {
            return self.count_flags_loop(plan, count, step, [vloop, vexit, body, exit]);
        }
        let (ok, bases, start, stop) = self.vector_guard(plan, ITEM, LANES * UNROLL)?;
        self.b.ins().brif(ok, vloop, &[start.into()], body, &[]);

        // The vector loop: `UNROLL` copies of the body, each on its own pair of lanes.
        let j = self.b.append_block_param(vloop, types::I64);
        self.b.switch_to_block(vloop);
        let mut temps: HashMap<VarId, Lanes> = HashMap::new();
        for u in 0..UNROLL {
            let ju = self.b.ins().iadd_imm_s(j, u * LANES);
            self.vector_body(plan, &bases, ju, &mut temps)?;
        }
        self.poll_interrupt()?;
        let next = self.b.ins().iadd_imm_s(j, LANES * UNROLL);
        let next_end = self.b.ins().iadd_imm_s(next, LANES * UNROLL);
        let more = self
            .b
            .ins()
            .icmp(IntCC::SignedLessThanOrEqual, next_end, stop);
        self.b
            .ins()
            .brif(more, vloop, &[next.into()], vexit, &[next.into()]);

        // Back to the scalar loop.
        let j = self.b.append_block_param(vexit, types::I64);
        self.b.switch_to_block(vexit);
        for v in &plan.temps {
            let last = match temps.get(v).ok_or_else(|| internal("temporary"))? {
                Lanes::Same(s) => *s,
                Lanes::Vector(x) => self.b.ins().extractlane(*x, (LANES - 1) as u8),
            };
            self.def_var_values(*v, &[last]);
        }
        self.hand_back(plan, j, stop, body, exit);
        Ok(())
    }

    /// After a vector loop that stopped before iteration `j`: the counter is `j`, the loop
    /// variable `j - 1`, and the scalar loop runs the iterations left, if any.
    fn hand_back(
        &mut self,
        plan: &VectorLoop,
        j: Value,
        stop: Value,
        body: cranelift_codegen::ir::Block,
        exit: cranelift_codegen::ir::Block,
    ) {
        let lp = &self.tf.ir.range_loops[plan.loop_index];
        self.def_var_values(lp.counter, &[j]);
        if let Some(t) = lp.target {
            let last = self.b.ins().iadd_imm_s(j, -1);
            self.def_var_values(t, &[last]);
        }
        let left = self.b.ins().icmp(IntCC::SignedLessThan, j, stop);
        self.b.ins().brif(left, body, &[], exit, &[]);
    }

    /// The guard of a vector loop: whether it may run (at least `min_iterations`, indices in
    /// range over the whole loop, unit last strides, writable destinations, no overlap with an
    /// array written), the row address of each access, and the loop's start and stop.
    fn vector_guard(
        &mut self,
        plan: &VectorLoop,
        item: i64,
        min_iterations: i64,
    ) -> Result<(Value, Vec<Value>, Value, Value)> {
        let lp = &self.tf.ir.range_loops[plan.loop_index];
        let start = self.var_values(lp.counter)[0];
        let stop = self.var_values(lp.stop)[0];
        let n = self.b.ins().isub(stop, start);
        let mut ok = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, n, min_iterations);
        let mut parts: HashMap<VarId, ArrayParts> = HashMap::new();
        let mut bases = Vec::new();
        let mut spans: Vec<(VarId, bool, Value, Value)> = Vec::new();
        for a in &plan.accesses {
            let p = match parts.get(&a.array) {
                Some(p) => p.clone(),
                None => {
                    let vals = self.var_values(a.array);
                    let p = ArrayParts::from_vals(&vals, a.ndim);
                    parts.insert(a.array, p.clone());
                    p
                }
            };
            let mut base = p.data;
            for (axis, key) in a.invariant.iter().enumerate() {
                let mut idx = match key.var {
                    Some(v) => {
                        let x = self.var_values(v)[0];
                        self.b.ins().iadd_imm_s(x, key.offset)
                    }
                    None => self.b.ins().iconst(types::I64, key.offset),
                };
                match self.effective_check(a.check[axis]) {
                    IndexCheck::None => {}
                    IndexCheck::WrapOnly | IndexCheck::FromEnd => {
                        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, idx, 0);
                        let wrapped = self.b.ins().iadd(idx, p.shape[axis]);
                        idx = self.b.ins().select(neg, wrapped, idx);
                    }
                    IndexCheck::Check | IndexCheck::WrapAndCheck => {
                        let inside = self
                            .b
                            .ins()
                            .icmp(IntCC::UnsignedLessThan, idx, p.shape[axis]);
                        ok = self.b.ins().band(ok, inside);
                    }
                }
                let step = self.b.ins().imul(idx, p.strides[axis]);
                base = self.b.ins().iadd(base, step);
            }
            let last = a.ndim - 1;
            if !a.contiguous {
                let unit = self.b.ins().icmp_imm_s(IntCC::Equal, p.strides[last], item);
                ok = self.b.ins().band(ok, unit);
            }
            let first_idx = self.b.ins().iadd_imm_s(start, a.offset);
            let last_idx = self.b.ins().iadd_imm_s(stop, a.offset - 1);
            let mode = self.effective_check(a.check[last]);
            if mode != IndexCheck::None {
                let nonneg = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, first_idx, 0);
                ok = self.b.ins().band(ok, nonneg);
            }
            if matches!(mode, IndexCheck::Check | IndexCheck::WrapAndCheck) {
                let inside = self
                    .b
                    .ins()
                    .icmp(IntCC::UnsignedLessThan, last_idx, p.shape[last]);
                ok = self.b.ins().band(ok, inside);
            }
            if a.store && !self.fresh.contains(&a.array) {
                let ro = self.b.ins().band_imm_u(p.meminfo, 2);
                let writable = self.b.ins().icmp_imm_s(IntCC::Equal, ro, 0);
                ok = self.b.ins().band(ok, writable);
            }
            let lo_off = self.b.ins().imul_imm_s(first_idx, item);
            let lo = self.b.ins().iadd(base, lo_off);
            let hi_off = self.b.ins().imul_imm_s(last_idx, item);
            let hi_last = self.b.ins().iadd(base, hi_off);
            let hi = self.b.ins().iadd_imm_s(hi_last, item);
            spans.push((a.array, a.store, lo, hi));
            bases.push(base);
        }
        // Bytes covered by each array over the loop, and no overlap with an array written.
        let mut hull: Vec<(VarId, bool, Value, Value)> = Vec::new();
        for (arr, store, lo, hi) in spans {
            match hull.iter_mut().find(|h| h.0 == arr) {
                Some(h) => {
                    h.1 |= store;
                    h.2 = self.b.ins().umin(h.2, lo);
                    h.3 = self.b.ins().umax(h.3, hi);
                }
                None => hull.push((arr, store, lo, hi)),
            }
        }
        for (i, w) in hull.iter().enumerate() {
            for (k, o) in hull.iter().enumerate() {
                if i == k || !w.1 || (o.1 && k < i) {
                    continue;
                }
                let before = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, w.3, o.2);
                let after = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, o.3, w.2);
                let apart = self.b.ins().bor(before, after);
                ok = self.b.ins().band(ok, apart);
            }
        }
        Ok((ok, bases, start, stop))
    }

    /// `if flags[j]: count += step` sixteen flags at a time: a mask of the non-zero bytes and
    /// its population count.
    fn count_flags_loop(
        &mut self,
        plan: &VectorLoop,
        count: VarId,
        step: Key,
        [vloop, vexit, body, exit]: [cranelift_codegen::ir::Block; 4],
    ) -> Result<()> {
        let (ok, bases, start, stop) = self.vector_guard(plan, 1, FLAGS)?;
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b
            .ins()
            .brif(ok, vloop, &[start.into(), zero.into()], body, &[]);

        let j = self.b.append_block_param(vloop, types::I64);
        let acc = self.b.append_block_param(vloop, types::I64);
        self.b.switch_to_block(vloop);
        let at = self.b.ins().iadd(bases[0], j);
        let flags = self.b.ins().load(
            types::I8X16,
            vector_flags(),
            at,
            plan.accesses[0].offset as i32,
        );
        let z8 = self.b.ins().iconst(types::I8, 0);
        let zeros = self.b.ins().splat(types::I8X16, z8);
        let set = self.b.ins().icmp(IntCC::NotEqual, flags, zeros);
        let mask = self.b.ins().vhigh_bits(types::I64, set);
        let n = self.b.ins().popcnt(mask);
        let acc2 = self.b.ins().iadd(acc, n);
        self.poll_interrupt()?;
        let next = self.b.ins().iadd_imm_s(j, FLAGS);
        let next_end = self.b.ins().iadd_imm_s(next, FLAGS);
        let more = self
            .b
            .ins()
            .icmp(IntCC::SignedLessThanOrEqual, next_end, stop);
        self.b.ins().brif(
            more,
            vloop,
            &[next.into(), acc2.into()],
            vexit,
            &[next.into(), acc2.into()],
        );

        let j = self.b.append_block_param(vexit, types::I64);
        let total = self.b.append_block_param(vexit, types::I64);
        self.b.switch_to_block(vexit);
        let before = self.var_values(count)[0];
        let step = match step.var {
            Some(v) => {
                let x = self.var_values(v)[0];
                self.b.ins().iadd_imm_s(x, step.offset)
            }
            None => self.b.ins().iconst(types::I64, step.offset),
        };
        let added = self.b.ins().imul(total, step);
        let after = self.b.ins().iadd(before, added);
        self.def_var_values(count, &[after]);
        self.hand_back(plan, j, stop, body, exit);
        Ok(())
    }

    /// One copy of the loop body on lanes `j, j + 1`; float temporaries in `temps`.
    fn vector_body(
        &mut self,
        plan: &VectorLoop,
        bases: &[Value],
        j: Value,
        temps: &mut HashMap<VarId, Lanes>,
    ) -> Result<()> {
        let tf = self.tf;
        let lp = &tf.ir.range_loops[plan.loop_index];
        let mut floats: HashMap<ValueId, Lanes> = HashMap::new();
        let insts = &tf.ir.block(lp.body).insts;
        for (inst, role) in insts.iter().zip(&plan.roles) {
            match (role, &inst.kind) {
                (Role::J(_) | Role::Int | Role::Array | Role::Target, _) => {}
                (Role::Temp, InstKind::Store(v, x)) => {
                    let l = *floats.get(x).ok_or_else(|| internal("temporary"))?;
                    temps.insert(*v, l);
                }
                (Role::Float, InstKind::Load(v)) => {
                    let l = match temps.get(v) {
                        Some(l) => *l,
                        None => Lanes::Same(self.var_values(*v)[0]),
                    };
                    floats.insert(inst.result, l);
                }
                (Role::Float, InstKind::Const(crate::ir::Const::Float(x))) => {
                    let c = self.b.ins().f64const(*x);
                    floats.insert(inst.result, Lanes::Same(c));
                }
                (Role::Float, InstKind::Binary(op, x, y) | InstKind::AugBinary(op, x, y)) => {
                    let (a, b) = (self.lanes_of(&floats, *x)?, self.lanes_of(&floats, *y)?);
                    let r = self.lanes_binary(*op, a, b)?;
                    floats.insert(inst.result, r);
                }
                (Role::Float, InstKind::Unary(UnaryOp::Neg, x)) => {
                    let r = match self.lanes_of(&floats, *x)? {
                        Lanes::Same(v) => Lanes::Same(self.b.ins().fneg(v)),
                        Lanes::Vector(v) => Lanes::Vector(self.b.ins().fneg(v)),
                    };
                    floats.insert(inst.result, r);
                }
                (Role::Access(k), InstKind::GetItem { .. }) => {
                    let addr = self.lane_address(bases[*k], j, plan.accesses[*k].offset);
                    let v = self.b.ins().load(types::F64X2, vector_flags(), addr, 0);
                    floats.insert(inst.result, Lanes::Vector(v));
                }
                (Role::Access(k), InstKind::SetItem { item, .. }) => {
                    let v = match self.lanes_of(&floats, *item)? {
                        Lanes::Same(s) => self.b.ins().splat(types::F64X2, s),
                        Lanes::Vector(v) => v,
                    };
                    let addr = self.lane_address(bases[*k], j, plan.accesses[*k].offset);
                    self.b.ins().store(vector_flags(), v, addr, 0);
                }
                _ => return Err(internal("instruction outside the plan")),
            }
        }
        Ok(())
    }

    /// `base + (j + offset) * 8`.
    fn lane_address(&mut self, base: Value, j: Value, offset: i64) -> Value {
        let scaled = self.b.ins().imul_imm_s(j, ITEM);
        let at = self.b.ins().iadd(base, scaled);
        self.b.ins().iadd_imm_s(at, offset * ITEM)
    }

    /// A float operand: a float value of the loop, or an integer constant as a float.
    fn lanes_of(&mut self, floats: &HashMap<ValueId, Lanes>, v: ValueId) -> Result<Lanes> {
        if let Some(l) = floats.get(&v) {
            return Ok(*l);
        }
        match (self.tf.const_int(v), self.ty(v)) {
            (Some(k), Type::Int) => Ok(Lanes::Same(self.b.ins().f64const(k as f64))),
            _ => Err(internal("operand")),
        }
    }

    fn lanes_binary(&mut self, op: BinOp, a: Lanes, b: Lanes) -> Result<Lanes> {
        let apply = |t: &mut Self, x: Value, y: Value| -> Result<Value> {
            Ok(match op {
                BinOp::Add => t.b.ins().fadd(x, y),
                BinOp::Sub => t.b.ins().fsub(x, y),
                BinOp::Mul => t.b.ins().fmul(x, y),
                BinOp::Div => t.b.ins().fdiv(x, y),
                _ => return Err(internal("operator")),
            })
        };
        Ok(match (a, b) {
            (Lanes::Same(x), Lanes::Same(y)) => Lanes::Same(apply(self, x, y)?),
            _ => {
                let x = self.vector_of(a);
                let y = self.vector_of(b);
                Lanes::Vector(apply(self, x, y)?)
            }
        })
    }

    fn vector_of(&mut self, l: Lanes) -> Value {
        match l {
            Lanes::Same(s) => self.b.ins().splat(types::F64X2, s),
            Lanes::Vector(v) => v,
        }
    }
}

/// Element vectors are 8-byte aligned, not 16: plain (unaligned) loads and stores that cannot
/// trap (the guard checked the indices).
fn vector_flags() -> MemFlagsData {
    MemFlagsData::new().with_notrap()
}
