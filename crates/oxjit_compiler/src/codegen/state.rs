//! State shared while translating the functions of one module: the JIT module, the runtime
//! functions imported so far, static messages, options, outlined kernels and diagnostics; and
//! the small helpers every job uses (the entry signature, the dtype of an array type).

use crate::error::{CompileError, Result};
use cranelift_codegen::ir::{types, AbiParam, Signature};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Linkage, Module};
use oxjit_runtime::decls::{Abi, RtFn};
use std::collections::HashMap;

/// The dtype of an array type (its elements) or a number type; anything else is an internal
/// error (typing only lets numbers and arrays reach the code asking).
pub(crate) fn dtype_of(t: &crate::types::Type) -> Result<crate::types::Dtype> {
    match t {
        crate::types::Type::Array { dtype, .. } => Ok(*dtype),
        t => crate::types::Dtype::of_scalar(t)
            .ok_or_else(|| CompileError::internal("codegen", format!("no dtype for `{t}`"))),
    }
}

pub(crate) fn internal(e: impl std::fmt::Display) -> CompileError {
    CompileError::internal("codegen", e.to_string())
}

/// The signature every compiled function has.
pub(crate) fn entry_signature(module: &JITModule) -> Signature {
    let ptr = module.target_config().pointer_type();
    let mut sig = module.make_signature();
    sig.params.push(AbiParam::new(ptr));
    sig.params.push(AbiParam::new(ptr));
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

/// Shared state while translating the functions of one module.
pub(crate) struct ModuleState<'m> {
    pub module: &'m mut JITModule,
    pub funcs: &'m [FuncId],
    pub imports: HashMap<&'static str, FuncId>,
    pub messages: Vec<Box<str>>,
    pub boundscheck: bool,
    /// `fastmath=True`: float powers by small integer constants are multiplications and
    /// `x ** 0.5` is `sqrt` (results may differ from CPython's `pow` in the last bit).
    pub fastmath: bool,
    /// Kernels outlined so far (parallel loops).
    pub kernels: u32,
    /// Kernels doing real work (not a plain copy or fill).
    pub significant_kernels: u32,
    /// What was fused or parallelised: (instance, source span, note).
    pub notes: Vec<(usize, crate::error::Span, String)>,
    /// The instance being translated.
    pub instance: usize,
    /// Per instance: (mutually) recursive, so its prologue checks the stack.
    pub recursive: Vec<bool>,
    /// Functions to list in the perf map (`OXJIT_PERF_MAP=1`).
    pub perf: super::perfmap::PerfEntries,
    /// Line slots of an instrumented compile (`Options::profile`), else `None`.
    pub profile: Option<super::line_slots::ProfileSlots>,
}

impl ModuleState<'_> {
    /// Record a diagnostic note about the current instance.
    pub fn note(&mut self, span: crate::error::Span, text: impl Into<String>) {
        let i = self.instance;
        self.notes.push((i, span, text.into()));
    }
}

impl ModuleState<'_> {
    /// Declare (once) a runtime function, with the signature of its declaration.
    pub fn import(&mut self, f: &'static RtFn) -> Result<FuncId> {
        if let Some(id) = self.imports.get(f.name) {
            return Ok(*id);
        }
        let cl = |k: &Abi| {
            AbiParam::new(match k {
                Abi::I8 => types::I8,
                Abi::I32 => types::I32,
                Abi::I64 | Abi::Ptr => types::I64,
                Abi::F32 => types::F32,
                Abi::F64 => types::F64,
            })
        };
        let mut sig = self.module.make_signature();
        sig.params.extend(f.params.iter().map(cl));
        sig.returns.extend(f.rets.iter().map(cl));
        let id = self
            .module
            .declare_function(f.name, Linkage::Import, &sig)
            .map_err(internal)?;
        self.imports.insert(f.name, id);
        Ok(id)
    }

    /// Keep a message alive for the code's lifetime; returns its address and length.
    pub fn message(&mut self, text: &str) -> (i64, i64) {
        let b: Box<str> = text.into();
        let r = (b.as_ptr() as i64, b.len() as i64);
        self.messages.push(b);
        r
    }
}
