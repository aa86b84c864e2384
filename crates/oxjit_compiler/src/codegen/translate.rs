//! One `FunctionTranslator` per compiled function: a `translate_*` method per IR node.
//!
//! Reference counting: every variable owns one reference to each array it holds; values read
//! from variables are borrowed; values made by allocation or by calls are owned temporaries,
//! released at the end of their block unless a store, a tuple or a return takes them.

use super::state::ModuleState;
use super::values::{cl_type, EOp, Lazy};
use crate::error::{CompileError, Result};
use crate::heap::heap_refs;
use crate::infer::TypedFunction;
use crate::intrinsics::UnaryFn;
use crate::ir::{self, BlockId, Const, InstKind, Terminator, ValueId};
use crate::types::{components, Component, Type};
use cranelift_codegen::ir::{
    condcodes::IntCC, types, Block, Function, InstBuilder, MemFlagsData, Value,
};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_module::Module;
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;
use std::collections::{HashMap, HashSet};

mod insts;

pub(crate) struct FunctionTranslator<'a, 'm, 'f> {
    pub st: &'a mut ModuleState<'m>,
    pub b: FunctionBuilder<'f>,
    pub tf: &'a TypedFunction,
    vars: Vec<Vec<Variable>>,
    values: Vec<Option<Vec<Value>>>,
    blocks: Vec<Block>,
    unwind: Block,
    ret_ptr: Value,
    /// `aligned notrap` memory flags, interned once per function.
    pub mf: MemFlagsData,
    /// Owned temporaries of the current block, in creation order.
    owned: Vec<ValueId>,
    consumed: HashSet<ValueId>,
    /// Element-wise array values not materialised (yet).
    pub lazy: HashMap<ValueId, Lazy>,
    /// Meminfos of internal temporaries of the current block (released at its end).
    scratch: Vec<Value>,
    /// Indices wrapped and checked in the current Cranelift block: (index, length) → the
    /// checked index, and the block (a later access reuses it only in that same block).
    pub checked: HashMap<(Value, Value), (Value, Block)>,
    /// Forwarded variables of the current block and the lazy value they hold.
    var_lazy: HashMap<ir::VarId, Lazy>,
    /// Translating an outlined kernel (no nested parallel loops).
    pub in_kernel: bool,
    /// Inside a chunked `prange` body (inner `prange` loops run as plain loops).
    pub prange_depth: u32,
    /// The IR block being translated (the loop stage's schedule is looked up by block).
    pub ir_block_index: usize,
    /// The source span of the instruction being translated (for diagnostics).
    pub span: crate::error::Span,
    /// Variables stored exactly once in the function.
    single_store: HashSet<ir::VarId>,
    /// For those, the components that were constants when stored (shapes, strides): loads
    /// use the constant, so loops see constant strides.
    var_consts: HashMap<ir::VarId, Vec<Option<i64>>>,
    /// "Assigned yet" flags of the variables that may be read before assignment.
    defined: HashMap<ir::VarId, Variable>,
    /// Per IR block: it ends with a loop's back edge (poll for Ctrl-C there).
    polls: Vec<bool>,
    /// Per IR block ending with a back edge: the loop's preheader (`Cfg::loop_preheaders`).
    poll_preheaders: Vec<Option<ir::BlockId>>,
    /// The Ctrl-C flag's address loaded at the end of each preheader, by preheader block
    /// (every preheader has an entry, `None` until translated).
    loop_flags: HashMap<ir::BlockId, Option<Value>>,
    /// Array variables that only ever hold arrays made by this function (never read-only).
    pub fresh: HashSet<ir::VarId>,
    /// The address of the Ctrl-C flag, loaded once in the entry block.
    pub flag_base: Value,
    /// Where profiling events stand in the current block (`profile.rs`).
    pub profile: super::line_slots::Cursor,
    /// Inside a cold path that rejoins hot code: runtime calls go through register-preserving
    /// trampolines (`preserve.rs`).
    pub preserve_calls: u32,
}

impl<'a, 'm, 'f> FunctionTranslator<'a, 'm, 'f> {
    /// A translator for an outlined kernel `fn(env, chunk) -> i32` (see `parallel.rs`): no IR
    /// of its own; its unwind block just returns the failure status.
    pub fn kernel(
        st: &'a mut ModuleState<'m>,
        func: &'f mut Function,
        fctx: &'f mut FunctionBuilderContext,
        tf: &'a TypedFunction,
    ) -> Result<Self> {
        let mut b = FunctionBuilder::new(func, fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        let unwind = b.create_block();
        b.set_cold_block(unwind);
        b.switch_to_block(entry);
        let flag_base = super::values::flag_base(st, &mut b)?;
        let env = b.block_params(entry)[0];
        Ok(FunctionTranslator {
            st,
            b,
            tf,
            vars: Vec::new(),
            values: Vec::new(),
            blocks: vec![entry],
            unwind,
            ret_ptr: env,
            mf: MemFlagsData::trusted(),
            owned: Vec::new(),
            consumed: HashSet::new(),
            lazy: HashMap::new(),
            scratch: Vec::new(),
            checked: HashMap::new(),
            var_lazy: HashMap::new(),
            in_kernel: true,
            prange_depth: 1,
            ir_block_index: 0,
            span: Default::default(),
            single_store: HashSet::new(),
            var_consts: HashMap::new(),
            defined: HashMap::new(),
            polls: Vec::new(),
            poll_preheaders: Vec::new(),
            loop_flags: HashMap::new(),
            fresh: HashSet::new(),
            flag_base,
            profile: Default::default(),
            preserve_calls: 0,
        })
    }

    /// Record the blocks that poll for Ctrl-C (loop back edges) and the loops' preheaders
    /// (`Cfg::loop_preheaders`), where the flag's address is loaded for the loop's polls.
    fn find_polls(&mut self) {
        let cfg = ir::cfg::Cfg::new(&self.tf.ir);
        self.polls = cfg.back_edge_sources();
        self.poll_preheaders = cfg.loop_preheaders();
        self.loop_flags = self
            .poll_preheaders
            .iter()
            .flatten()
            .map(|p| (*p, None))
            .collect();
    }

    /// The integer constant a machine value is, if it is one (`iconst`).
    /// A string kept alive with the compiled code, as the (pointer, length) a runtime
    /// function takes.
    pub fn message_arg(&mut self, t: &str) -> Result<(Value, Value)> {
        let (id, len) = self.st.message(t)?;
        let gv = self.st.module.declare_data_in_func(id, self.b.func);
        Ok((
            self.b.ins().symbol_value(types::I64, gv),
            self.b.ins().iconst(types::I64, len),
        ))
    }

    pub fn const_of(&self, v: Value) -> Option<i64> {
        use cranelift_codegen::ir::{InstructionData, Opcode, ValueDef};
        match self.b.func.dfg.value_def(v) {
            ValueDef::Result(inst, _) => match self.b.func.dfg.insts[inst] {
                InstructionData::UnaryImm {
                    opcode: Opcode::Iconst,
                    imm,
                } => Some(imm.bits()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The kernel's `(env, chunk)` parameters.
    pub fn kernel_params(&self) -> (Value, Value) {
        let p = self.b.block_params(self.blocks[0]);
        (p[0], p[1])
    }

    /// Return success, emit the unwind block (status 1) and finish the kernel.
    pub fn finish_kernel(mut self) {
        let zero = self.b.ins().iconst(types::I32, 0);
        self.b.ins().return_(&[zero]);
        self.b.switch_to_block(self.unwind);
        let one = self.b.ins().iconst(types::I32, 1);
        self.b.ins().return_(&[one]);
        self.b.seal_all_blocks();
        let config = self.st.module.isa().frontend_config();
        self.b.finalize(config);
    }

    pub fn translate(
        st: &'a mut ModuleState<'m>,
        func: &'f mut Function,
        fctx: &'f mut FunctionBuilderContext,
        tf: &'a TypedFunction,
    ) -> Result<()> {
        let mut b = FunctionBuilder::new(func, fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        let blocks: Vec<Block> = tf.ir.blocks.iter().map(|_| b.create_block()).collect();
        let unwind = b.create_block();
        b.set_cold_block(unwind);
        b.switch_to_block(entry);
        let flag_base = super::values::flag_base(st, &mut b)?;
        let args_ptr = b.block_params(entry)[0];
        let ret_ptr = b.block_params(entry)[1];
        let mf = MemFlagsData::trusted();
        let mut vars = Vec::new();
        for t in &tf.var_types {
            let mut vs = Vec::new();
            for c in components(t) {
                let ty = cl_type(c);
                let v = b.declare_var(ty);
                // Every variable starts defined (null meminfo for arrays), so the unwind path
                // can release whatever a variable holds wherever it is reached from.
                let zero = zero_of(&mut b, ty);
                b.def_var(v, zero);
                vs.push(v);
            }
            vars.push(vs);
        }
        let mut t = FunctionTranslator {
            st,
            b,
            tf,
            vars,
            values: vec![None; tf.ir.value_count as usize],
            blocks,
            unwind,
            ret_ptr,
            mf,
            owned: Vec::new(),
            consumed: HashSet::new(),
            lazy: HashMap::new(),
            scratch: Vec::new(),
            checked: HashMap::new(),
            var_lazy: HashMap::new(),
            in_kernel: false,
            prange_depth: 0,
            ir_block_index: 0,
            span: Default::default(),
            single_store: single_store_vars(tf),
            var_consts: HashMap::new(),
            defined: HashMap::new(),
            polls: Vec::new(),
            poll_preheaders: Vec::new(),
            loop_flags: HashMap::new(),
            fresh: crate::passes::fusion::fresh_vars(tf),
            flag_base,
            profile: Default::default(),
            preserve_calls: 0,
        };
        t.find_polls();
        if t.st.recursive[t.st.instance] {
            // A long computation may be all calls and no loop (`fib(50)`): poll here too.
            t.check_stack()?;
            t.poll_interrupt()?;
        }
        for v in &tf.maybe_unbound {
            if tf.ir.params.contains(v) {
                continue;
            }
            let flag = t.b.declare_var(types::I8);
            let zero = t.b.ins().iconst(types::I8, 0);
            t.b.def_var(flag, zero);
            t.defined.insert(*v, flag);
        }
        // Parameters: load from the argument slots; the variables take a reference each.
        let mut offset = 0i32;
        for (p, ty) in tf.ir.params.iter().zip(&tf.arg_types) {
            let comps = components(ty);
            let mut vals = Vec::new();
            for c in &comps {
                let v = t.b.ins().load(cl_type(*c), mf, args_ptr, offset);
                vals.push(v);
                offset += 8;
            }
            let vals = t.coerce(vals, ty, &tf.var_types[p.0 as usize].clone())?;
            t.incref_all(&tf.var_types[p.0 as usize].clone(), &vals)?;
            for (var, v) in t.vars[p.0 as usize].clone().into_iter().zip(vals) {
                t.b.def_var(var, v);
            }
        }
        let first = t.blocks[0];
        t.b.ins().jump(first, &[]);
        let live = tf.ir.reachable();
        // Blocks of `prange` loops run in chunks are translated by `translate_prange`.
        let mut handled = HashSet::new();
        for info in tf.pranges.values() {
            let lp = &tf.ir.range_loops[info.loop_index];
            handled.extend(lp.blocks.iter().map(|b| b.0 as usize));
        }
        // Reverse postorder, visiting a branch's else-successor first, so that each block is
        // laid out right before the block its branch most likely takes (the then-block, e.g.
        // the next test of a loop condition): one taken branch per loop iteration.
        let fn_unwind = t.unwind;
        for b in ir::cfg::Cfg::new(&tf.ir).layout_order() {
            let i = b.0 as usize;
            if live[i] && !handled.contains(&i) {
                // Errors in a `try` body continue at its landing block.
                t.unwind = tf
                    .ir
                    .landing_of(b)
                    .map_or(fn_unwind, |l| t.blocks[l.0 as usize]);
                t.translate_block(i)?;
            }
        }
        t.unwind = fn_unwind;
        // The unwind block: an error is pending; release what the variables hold.
        t.b.switch_to_block(t.unwind);
        t.release_variables()?;
        t.profile_exit()?;
        let one = t.b.ins().iconst(types::I32, 1);
        t.b.ins().return_(&[one]);
        // Sealing all at the end: blocks are translated in IR order and loops jump backwards,
        // so predecessors are only all known here.
        t.b.seal_all_blocks();
        let config = t.st.module.isa().frontend_config();
        t.b.finalize(config);
        Ok(())
    }

    /// The machine values of `v`; a lazy array is materialised here (once).
    /// Translate IR block `i` (its instructions and its terminator).
    pub fn translate_block(&mut self, bi: usize) -> Result<()> {
        let tf: &TypedFunction = self.tf;
        let block = &tf.ir.blocks[bi];
        self.b.switch_to_block(self.blocks[bi]);
        self.owned.clear();
        self.consumed.clear();
        self.scratch.clear();
        self.checked.clear();
        self.var_lazy.clear();
        self.ir_block_index = bi;
        self.profile = Default::default();
        let mut i = 0;
        while i < block.insts.len() {
            self.profile_enter(block.insts[i].span)?;
            // Reductions the loop stage grouped into one kernel are computed in one pass.
            if let Some(k) = crate::loops::reduction_group_at(tf, block.insts[i].result) {
                let j = i + k.insts.len();
                self.translate_reduction_group(&block.insts[i..j], k)?;
                i = j;
                continue;
            }
            self.translate_inst(&block.insts[i])?;
            self.profile_after(block.insts[i].result)?;
            i += 1;
        }
        // The guard of a chunked `prange` loop runs the whole loop (its kernel).
        if let Terminator::Branch { then_block, .. } = &block.term {
            if let (Some(info), Some(k)) = (
                tf.pranges.get(then_block),
                crate::loops::prange_at(tf, BlockId(bi as u32)),
            ) {
                if self.prange_depth == 0 {
                    return self.translate_prange(info, k);
                }
            }
        }
        if let Some(slot @ None) = self.loop_flags.get_mut(&BlockId(bi as u32)) {
            *slot = Some(super::values::flag_base(self.st, &mut self.b)?);
        }
        if self.polls.get(bi).copied().unwrap_or(false) {
            // The loop's own load of the flag's address if its preheader made one, else the
            // function's (a loop whose preheader is not translated here).
            let own = self.poll_preheaders.get(bi).copied().flatten();
            let flag = match own.and_then(|p| self.loop_flags.get(&p).copied().flatten()) {
                Some(v) => v,
                None => self.flag_base,
            };
            self.poll_interrupt_at(flag)?;
        }
        if let (Some(plan), Terminator::Branch { cond, .. }, false) = (
            tf.vector_loops.get(&BlockId(bi as u32)),
            &block.term,
            self.in_kernel,
        ) {
            return self.translate_vector_loop(plan, *cond);
        }
        self.translate_terminator(&block.term)
    }

    /// Per-block state reset and access for the prange translator.
    pub fn release_block_temporaries(&mut self) -> Result<()> {
        self.release_temporaries()
    }

    pub fn ir_block(&self, b: BlockId) -> Block {
        self.blocks[b.0 as usize]
    }

    pub fn set_ir_block(&mut self, b: BlockId, cl: Block) {
        self.blocks[b.0 as usize] = cl;
    }

    pub fn var_values(&mut self, v: ir::VarId) -> Vec<Value> {
        self.vars[v.0 as usize]
            .iter()
            .map(|x| self.b.use_var(*x))
            .collect()
    }

    pub fn def_var_values(&mut self, v: ir::VarId, vals: &[Value]) {
        for (x, val) in self.vars[v.0 as usize].clone().into_iter().zip(vals) {
            self.b.def_var(x, *val);
        }
    }

    /// Set up IR translation inside a kernel: variables (zero), values and blocks.
    pub fn prepare_ir(&mut self) {
        let tf: &TypedFunction = self.tf;
        self.vars = tf
            .var_types
            .iter()
            .map(|t| {
                components(t)
                    .into_iter()
                    .map(|c| {
                        let ty = cl_type(c);
                        let v = self.b.declare_var(ty);
                        let z = zero_of(&mut self.b, ty);
                        self.b.def_var(v, z);
                        v
                    })
                    .collect()
            })
            .collect();
        self.values = vec![None; tf.ir.value_count as usize];
        self.blocks = tf.ir.blocks.iter().map(|_| self.b.create_block()).collect();
        self.find_polls();
        self.fresh = crate::passes::fusion::fresh_vars(tf);
    }

    pub fn val(&mut self, v: ValueId) -> Result<Vec<Value>> {
        if self.values[v.0 as usize].is_none() {
            if let Some(l) = self.lazy.get(&v).cloned() {
                let vals = self.materialize(&l)?;
                self.set_owned(v, vals);
            }
        }
        self.values[v.0 as usize].clone().ok_or_else(|| {
            CompileError::internal("codegen", format!("value v{} used before definition", v.0))
        })
    }

    /// The single machine value of a scalar.
    pub fn scalar(&mut self, v: ValueId) -> Result<Value> {
        let vals = self.val(v)?;
        vals.first()
            .copied()
            .ok_or_else(|| CompileError::internal("codegen", format!("v{} is not a scalar", v.0)))
    }

    pub fn ty(&self, v: ValueId) -> &'a Type {
        let tf: &'a TypedFunction = self.tf;
        tf.ty(v)
    }

    /// Set a value that owns nothing (scalars, views borrowed from another value).
    pub fn set_plain(&mut self, v: ValueId, vals: Vec<Value>) {
        self.set(v, vals);
    }

    fn set(&mut self, v: ValueId, vals: Vec<Value>) {
        self.values[v.0 as usize] = Some(vals);
    }

    /// Record an owned temporary (released at the block end unless consumed).
    pub fn set_owned(&mut self, v: ValueId, vals: Vec<Value>) {
        self.set(v, vals);
        if self.ty(v).holds_references() {
            self.owned.push(v);
        }
    }

    /// A temporary array (flattened) released at the end of the current block.
    pub fn release_later(&mut self, vals: &[Value]) {
        self.scratch.push(vals[0]);
    }

    /// Take back the temporary `meminfo` given to [`Self::release_later`] (it became a result):
    /// from here on, only a raise before it was handed over would have released it.
    pub fn keep_temporary(&mut self, meminfo: Value) {
        self.scratch.retain(|m| *m != meminfo);
    }

    fn is_owned(&self, v: ValueId) -> bool {
        self.owned.contains(&v) && !self.consumed.contains(&v)
    }

    /// Take ownership of `v`: an owned temporary is consumed, a borrowed one gets a reference.
    pub(super) fn take(&mut self, v: ValueId, ty: &Type, vals: &[Value]) -> Result<()> {
        if !ty.holds_references() {
            return Ok(());
        }
        if self.is_owned(v) {
            self.consumed.insert(v);
            Ok(())
        } else {
            self.incref_all(ty, vals)
        }
    }

    /// Call a runtime function (its signature comes from its declaration in the runtime).
    pub fn call_rt(&mut self, f: &'static rt::RtFn, args: &[Value]) -> Result<Vec<Value>> {
        if self.preserve_calls > 0 {
            return self.call_rt_preserving(f, args);
        }
        let id = self.st.import(f)?;
        let fref = self.st.module.declare_func_in_func(id, self.b.func);
        let call = self.b.ins().call(fref, args);
        Ok(self.b.inst_results(call).to_vec())
    }

    /// The `MemInfo` pointer of each reference-counted object inside a flattened value.
    fn meminfos(ty: &Type, vals: &[Value], out: &mut Vec<Value>) {
        out.extend(heap_refs(ty).iter().map(|r| vals[r.slot]));
    }

    pub fn incref_all(&mut self, ty: &Type, vals: &[Value]) -> Result<()> {
        let mut ms = Vec::new();
        Self::meminfos(ty, vals, &mut ms);
        for m in ms {
            self.call_rt(&rt::INCREF, &[m])?;
        }
        Ok(())
    }

    pub fn decref_all(&mut self, ty: &Type, vals: &[Value]) -> Result<()> {
        let mut ms = Vec::new();
        Self::meminfos(ty, vals, &mut ms);
        for m in ms {
            self.call_rt(&rt::DECREF, &[m])?;
        }
        Ok(())
    }

    /// Release the owned temporaries of this block that nothing took.
    fn release_temporaries(&mut self) -> Result<()> {
        for m in self.scratch.clone() {
            self.call_rt(&rt::DECREF, &[m])?;
        }
        for v in self.owned.clone() {
            if !self.consumed.contains(&v) {
                let vals = self.val(v)?;
                self.decref_all(self.ty(v), &vals)?;
            }
        }
        Ok(())
    }

    fn release_variables(&mut self) -> Result<()> {
        for i in 0..self.tf.var_types.len() {
            for m in self.var_meminfos(i) {
                self.call_rt(&rt::DECREF, &[m])?;
            }
        }
        Ok(())
    }

    /// The current meminfo of each array inside variable `i` (only these are read, so the
    /// other components do not stay live just for the unwind path).
    fn var_meminfos(&mut self, i: usize) -> Vec<Value> {
        let t = &self.tf.var_types[i];
        if !t.holds_references() {
            return Vec::new();
        }
        heap_refs(t)
            .into_iter()
            .map(|r| self.b.use_var(self.vars[i][r.slot]))
            .collect()
    }

    /// Branch to a cold block that raises `kind` with a static message when `cond` is true.
    pub fn raise_if(&mut self, cond: Value, kind: RtError, msg: &str) -> Result<()> {
        self.fail_if(cond, |t| t.raise_now(kind, msg))
    }

    /// When `cond` holds, run `report` (which sets the pending error) in a cold block, release
    /// this block's temporaries and unwind.
    pub fn fail_if(
        &mut self,
        cond: Value,
        report: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let cold = self.b.create_block();
        let cont = self.b.create_block();
        self.b.set_cold_block(cold);
        self.b.ins().brif(cond, cold, &[], cont, &[]);
        // Both have their only predecessor now: sealing them early lets variables read after
        // a check resolve to the same value as before it (one value, not a block parameter).
        self.b.seal_block(cold);
        self.b.seal_block(cont);
        self.b.switch_to_block(cold);
        report(self)?;
        self.release_temporaries()?;
        let unwind = self.unwind;
        self.b.ins().jump(unwind, &[]);
        self.b.switch_to_block(cont);
        Ok(())
    }

    /// Like [`Self::fail_if`] with the condition inverted.
    pub fn fail_if_not(
        &mut self,
        ok: Value,
        report: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let bad = self.b.ins().bxor_imm_s(ok, 1);
        self.fail_if(bad, report)
    }

    /// Unwind when a runtime call's status is non-zero (its error is pending).
    pub fn check_status(&mut self, status: Value) -> Result<()> {
        let failed = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, 0);
        self.fail_if(failed, |_| Ok(()))
    }

    fn translate_inst(&mut self, inst: &ir::Inst) -> Result<()> {
        let r = inst.result;
        self.span = inst.span;
        if self.range_inst(inst)? {
            return Ok(());
        }
        if self.record_inst(inst)? {
            return Ok(());
        }
        if self.str_inst(inst)? {
            return Ok(());
        }
        match &inst.kind {
            InstKind::Const(c) => {
                let vals = self.translate_const(*c);
                self.set(r, vals);
            }
            InstKind::Load(var) if self.var_lazy.contains_key(var) => {
                if let Some(l) = self.var_lazy.get(var).cloned() {
                    self.lazy.insert(r, l);
                }
            }
            InstKind::Store(var, v)
                if self.tf.forward.contains(var) && self.lazy.contains_key(v) =>
            {
                if let Some(l) = self.lazy.get(v).cloned() {
                    self.var_lazy.insert(*var, l);
                }
                self.set(r, Vec::new());
            }
            InstKind::Load(var) => {
                if let Some(flag) = self.defined.get(var).copied() {
                    let d = self.b.use_var(flag);
                    let unset = self.b.ins().icmp_imm_s(IntCC::Equal, d, 0);
                    let msg = format!(
                        "cannot access local variable '{}' where it is not associated with a value",
                        self.tf.ir.var_name(*var)
                    );
                    self.raise_if(unset, RtError::UnboundLocalError, &msg)?;
                }
                let consts = self.var_consts.get(var).cloned();
                let vars = self.vars[var.0 as usize].clone();
                let var_type = &self.tf.var_types[var.0 as usize];
                let comps = components(var_type);
                // A read narrowed by a `None` test (`infer::narrow`) skips the presence flag.
                let skip =
                    usize::from(matches!(var_type, Type::Optional(_)) && self.ty(r) != var_type);
                let vals = vars
                    .iter()
                    .enumerate()
                    .skip(skip)
                    .map(|(k, v)| match consts.as_ref().and_then(|c| c[k]) {
                        Some(c) => self.b.ins().iconst(cl_type(comps[k]), c),
                        None => self.b.use_var(*v),
                    })
                    .collect();
                self.set(r, vals);
            }
            InstKind::Store(var, v) => {
                self.var_lazy.remove(var);
                self.translate_store(*var, *v)?
            }
            InstKind::Exception(_) => self.set(r, Vec::new()),
            InstKind::CaughtException => {
                let m = self.call_rt(&rt::CAUGHT_EXCEPTION, &[])?[0];
                self.set_owned(r, vec![m]);
            }
            InstKind::CatchMatch(classes) => {
                let m = self.catch_match(classes)?;
                self.set(r, vec![m]);
            }
            InstKind::Print { args, sep, end } => {
                self.translate_print(args, sep, end)?;
                self.set(r, Vec::new());
            }
            InstKind::Raise { class, message } => {
                self.translate_raise(*class, message)?;
                self.set(r, Vec::new());
            }
            InstKind::IsNone(v, negated) if matches!(self.ty(*v), Type::Optional(_)) => {
                let flag = self.val(*v)?[0];
                let is = if *negated {
                    flag
                } else {
                    self.b.ins().bxor_imm_u(flag, 1)
                };
                self.set(r, vec![is]);
            }
            InstKind::Global(_) if self.tf.frozen.contains_key(&r) => {
                let vals = self.translate_frozen(r);
                self.set(r, vals);
            }
            InstKind::Attr(v, _) if self.is_instance_attr(r) => {
                self.translate_instance_attr(r, *v)?
            }
            InstKind::SetAttr { obj, value, .. } => self.translate_setattr(r, *obj, *value)?,
            InstKind::Global(_) | InstKind::Attr(..) | InstKind::IsNone(..) => {
                let vals = match self.tf.consts.get(&r) {
                    Some(c) => self.translate_const(*c),
                    None => match &inst.kind {
                        InstKind::Attr(v, name) => self.translate_attr(*v, name)?,
                        _ => Vec::new(),
                    },
                };
                self.set(r, vals);
            }
            // Decided while typing (tuples of different lengths, empty tuples).
            InstKind::Compare(..) if matches!(self.tf.consts.get(&r), Some(Const::Bool(_))) => {
                let vals = match self.tf.consts.get(&r) {
                    Some(c) => self.translate_const(*c),
                    None => Vec::new(),
                };
                self.set(r, vals);
            }
            InstKind::Compare(op, a, b)
                if matches!(self.ty(*a), Type::Tuple(_))
                    && matches!(self.ty(*b), Type::Tuple(_)) =>
            {
                let v = self.tuple_equal(*op, *a, *b)?;
                self.set(r, vec![v]);
            }
            InstKind::Contains { item, seq, negated }
                if matches!(self.ty(*seq), Type::Tuple(_)) =>
            {
                let v = self.tuple_contains(*item, *seq, *negated)?;
                self.set(r, vec![v]);
            }
            InstKind::Binary(..)
            | InstKind::AugBinary(..)
            | InstKind::Unary(..)
            | InstKind::Compare(..)
            | InstKind::Contains { .. }
            | InstKind::Slice(..)
            | InstKind::Ellipsis
            | InstKind::Truth(..)
            | InstKind::Select(..) => self.translate_operator(inst)?,
            _ => self.translate_structural(inst)?,
        }
        Ok(())
    }

    pub fn is_list(&self, v: ValueId) -> bool {
        matches!(self.ty(v), Type::List(_))
    }

    pub fn is_array(&self, v: ValueId) -> bool {
        matches!(self.ty(v), Type::Array { .. })
    }

    fn all_ints(&self, index: &[ValueId]) -> bool {
        index
            .iter()
            .all(|v| matches!(self.ty(*v), Type::Int | Type::Bool))
    }

    pub fn translate_const(&mut self, c: Const) -> Vec<Value> {
        match c {
            Const::Int(i) => vec![self.b.ins().iconst(types::I64, i)],
            Const::Float(f) => vec![self.b.ins().f64const(f)],
            Const::Complex(re, im) => vec![self.b.ins().f64const(re), self.b.ins().f64const(im)],
            Const::Bool(v) => vec![self.b.ins().iconst(types::I8, v as i64)],
            Const::None => Vec::new(),
        }
    }

    /// A module-level value frozen as a constant: one constant per component.
    fn translate_frozen(&mut self, r: ValueId) -> Vec<Value> {
        let words = self.tf.frozen[&r].clone();
        let comps = components(self.ty(r));
        comps
            .iter()
            .zip(words)
            .map(|(c, w)| match c {
                Component::F64 => self.b.ins().f64const(f64::from_bits(w)),
                Component::F32 => self.b.ins().f32const(f32::from_bits(w as u32)),
                _ => self.b.ins().iconst(cl_type(*c), w as i64),
            })
            .collect()
    }

    fn translate_store(&mut self, var: ir::VarId, v: ValueId) -> Result<()> {
        let vt = self.tf.var_types[var.0 as usize].clone();
        let from = self.ty(v).clone();
        let vals = self.val(v)?;
        let vals = self.coerce(vals, &from, &vt)?;
        if vt.holds_references() {
            self.take(v, &vt, &vals)?;
            for m in self.var_meminfos(var.0 as usize) {
                self.call_rt(&rt::DECREF, &[m])?;
            }
        }
        if let Some(flag) = self.defined.get(&var).copied() {
            let one = self.b.ins().iconst(types::I8, 1);
            self.b.def_var(flag, one);
        }
        if self.single_store.contains(&var) {
            let consts: Vec<Option<i64>> = vals
                .iter()
                .map(|v| {
                    let ty = self.b.func.dfg.value_type(*v);
                    self.const_of(*v).filter(|_| ty.is_int())
                })
                .collect();
            if consts.iter().any(Option::is_some) {
                self.var_consts.insert(var, consts);
            }
        }
        for (x, val) in self.vars[var.0 as usize].clone().into_iter().zip(vals) {
            self.b.def_var(x, val);
        }
        Ok(())
    }

    /// Items of a tuple value: components `[start, start+len)` of its flattening.
    pub(super) fn tuple_item(&mut self, v: ValueId, k: i64) -> Result<Vec<Value>> {
        let Type::Tuple(items) = self.ty(v) else {
            return Err(CompileError::internal(
                "codegen",
                "tuple item of a non-tuple",
            ));
        };
        let n = items.len() as i64;
        let k = if k < 0 { k + n } else { k } as usize;
        let start: usize = items[..k].iter().map(|t| components(t).len()).sum();
        let len = components(&items[k]).len();
        Ok(self.val(v)?[start..start + len].to_vec())
    }

    fn translate_terminator(&mut self, term: &Terminator) -> Result<()> {
        match term {
            Terminator::Jump(b) => {
                self.release_temporaries()?;
                let target = self.block(*b);
                self.b.ins().jump(target, &[]);
            }
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            } => {
                let c = self.scalar(*cond)?;
                self.release_temporaries()?;
                let (t, e) = (self.block(*then_block), self.block(*else_block));
                self.b.ins().brif(c, t, &[], e, &[]);
            }
            Terminator::Return(v, _) => {
                let from = self.ty(*v).clone();
                let to = self.tf.ret.clone();
                let vals = self.val(*v)?;
                let vals = self.coerce(vals, &from, &to)?;
                self.take(*v, &to, &vals)?;
                for (i, val) in vals.iter().enumerate() {
                    self.b
                        .ins()
                        .store(self.mf, *val, self.ret_ptr, (i * 8) as i32);
                }
                self.release_temporaries()?;
                self.release_variables()?;
                self.profile_exit()?;
                let zero = self.b.ins().iconst(types::I32, 0);
                self.b.ins().return_(&[zero]);
            }
            Terminator::Raise(_) => {
                self.release_temporaries()?;
                let unwind = self.unwind;
                self.b.ins().jump(unwind, &[]);
            }
            Terminator::Unterminated => {
                return Err(CompileError::internal("codegen", "unterminated block"))
            }
        }
        Ok(())
    }

    fn block(&self, b: BlockId) -> Block {
        self.blocks[b.0 as usize]
    }

    /// Call another jitted function through the common ABI.
    pub fn call_jitted(
        &mut self,
        callee: usize,
        flat: Vec<Value>,
        ret: &Type,
    ) -> Result<Vec<Value>> {
        use cranelift_codegen::ir::{StackSlotData, StackSlotKind};
        let ret_len = components(ret).len();
        let args_slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (flat.len().max(1) * 8) as u32,
            3,
        ));
        let ret_slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (ret_len.max(1) * 8) as u32,
            3,
        ));
        for (i, v) in flat.iter().enumerate() {
            self.b
                .ins()
                .stack_store(types::I64, *v, args_slot, (i * 8) as i32);
        }
        let ap = self.b.ins().stack_addr(types::I64, args_slot, 0);
        let rp = self.b.ins().stack_addr(types::I64, ret_slot, 0);
        let fid = self.st.funcs[callee];
        let fref = self.st.module.declare_func_in_func(fid, self.b.func);
        let call = self.b.ins().call(fref, &[ap, rp]);
        let status = self.b.inst_results(call)[0];
        self.check_status(status)?;
        let comps = components(ret);
        Ok(comps
            .iter()
            .enumerate()
            .map(|(i, c)| {
                self.b
                    .ins()
                    .stack_load(types::I64, cl_type(*c), ret_slot, (i * 8) as i32)
            })
            .collect())
    }
}

/// Variables with exactly one store (and not parameters).
fn single_store_vars(tf: &TypedFunction) -> HashSet<ir::VarId> {
    let mut count: HashMap<ir::VarId, usize> = HashMap::new();
    for b in &tf.ir.blocks {
        for inst in &b.insts {
            if let InstKind::Store(v, _) = inst.kind {
                *count.entry(v).or_default() += 1;
            }
        }
    }
    count
        .into_iter()
        .filter(|(v, n)| *n == 1 && !tf.ir.params.contains(v))
        .map(|(v, _)| v)
        .collect()
}

pub(crate) fn zero_of(b: &mut FunctionBuilder, ty: types::Type) -> Value {
    if ty == types::F64 {
        b.ins().f64const(0.0)
    } else if ty == types::F32 {
        b.ins().f32const(0.0)
    } else {
        b.ins().iconst(ty, 0)
    }
}
