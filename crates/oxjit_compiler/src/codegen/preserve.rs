//! Runtime calls on cold paths that return into hot code, through trampolines that preserve
//! every register.
//!
//! A call clobbers every caller-saved register (all vector registers on x86-64). When a rare
//! path inside a loop calls the runtime and then rejoins the loop — the `pow` fallback of a
//! certified power (`power_exact.rs`) — every value live in the loop is live across that call,
//! and the register allocator keeps them in callee-saved registers (five on x86-64) or in
//! stack slots, reloading them on the hot path each iteration. Calling a trampoline with
//! Cranelift's `preserve_all` convention instead clobbers nothing at the call site: the
//! trampoline saves what its own call clobbers, calls the runtime function and stores the
//! results into a stack slot of the caller (the convention has no return values). The
//! saving costs only when the cold path runs.
//!
//! One trampoline per runtime function and module, named `oxjit_keep_<name>`, defined the
//! first time it is asked for; it is part of the module's image like the instances.

use super::state::{internal, ModuleState};
use super::translate::FunctionTranslator;
use crate::error::Result;
use cranelift_codegen::ir::{
    types, AbiParam, Function, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind,
    UserFuncName, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{FuncId, Linkage, Module};
use oxjit_runtime::decls::RtFn;

/// Bytes per result in the caller's slot.
const RESULT_BYTES: u32 = 8;

impl ModuleState<'_> {
    /// The register-preserving trampoline of `f`: `(f's parameters, results pointer) -> ()`.
    fn preserving(&mut self, f: &'static RtFn) -> Result<FuncId> {
        if let Some(id) = self.trampolines.get(f.name) {
            return Ok(*id);
        }
        let target = self.import(f)?;
        let ptr = self.module.target_config().pointer_type();
        let mut target_sig = self.module.make_signature();
        self.module
            .declarations()
            .get_function_decl(target)
            .signature
            .clone_into(&mut target_sig);
        let mut sig = self.module.make_signature();
        sig.call_conv = CallConv::PreserveAll;
        sig.params = target_sig.params.clone();
        if !target_sig.returns.is_empty() {
            sig.params.push(AbiParam::new(ptr));
        }
        let id = self
            .module
            .declare_function(&format!("oxjit_keep_{}", f.name), Linkage::Local, &sig)
            .map_err(internal)?;
        let mut func = Function::with_name_signature(UserFuncName::user(0, id.as_u32()), sig);
        let mut fctx = FunctionBuilderContext::new();
        {
            let mut b = FunctionBuilder::new(&mut func, &mut fctx);
            let entry = b.create_block();
            b.append_block_params_for_function_params(entry);
            b.switch_to_block(entry);
            let params = b.block_params(entry).to_vec();
            let n = target_sig.params.len();
            let fref = self.module.declare_func_in_func(target, b.func);
            let call = b.ins().call(fref, &params[..n]);
            let results = b.inst_results(call).to_vec();
            for (k, r) in results.into_iter().enumerate() {
                let offset = (k as u32 * RESULT_BYTES) as i32;
                b.ins().store(MemFlagsData::trusted(), r, params[n], offset);
            }
            b.ins().return_(&[]);
            b.seal_all_blocks();
            b.finalize(self.module.isa().frontend_config());
        }
        let mut ctx = Context::for_function(func);
        self.module
            .define_function(id, &mut ctx)
            .map_err(|e| internal(format!("{e:?}")))?;
        self.image.function(id, &ctx);
        self.trampolines.insert(f.name, id);
        Ok(id)
    }
}

impl FunctionTranslator<'_, '_, '_> {
    /// Call runtime function `f` through its register-preserving trampoline (for calls on a
    /// cold path that rejoins hot code); returns its results.
    pub fn call_rt_preserving(&mut self, f: &'static RtFn, args: &[Value]) -> Result<Vec<Value>> {
        let id = self.st.preserving(f)?;
        let fref = self.st.module.declare_func_in_func(id, self.b.func);
        if f.rets.is_empty() {
            self.b.ins().call(fref, args);
            return Ok(Vec::new());
        }
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            RESULT_BYTES * f.rets.len() as u32,
            3,
        ));
        let addr = self.b.ins().stack_addr(types::I64, slot, 0);
        let mut all = args.to_vec();
        all.push(addr);
        self.b.ins().call(fref, &all);
        let rets = self.st.import(f)?;
        let ret_types: Vec<_> = self
            .st
            .module
            .declarations()
            .get_function_decl(rets)
            .signature
            .returns
            .iter()
            .map(|p| p.value_type)
            .collect();
        Ok(ret_types
            .into_iter()
            .enumerate()
            .map(|(k, ty)| {
                self.b.ins().load(
                    ty,
                    MemFlagsData::trusted(),
                    addr,
                    (k as u32 * RESULT_BYTES) as i32,
                )
            })
            .collect())
    }
}
