//! State shared while translating the functions of one module: the JIT module, the runtime
//! functions imported so far, static messages, options, outlined kernels and diagnostics; and
//! the small helpers every job uses (the entry signature, the dtype of an array type).

use crate::error::{CompileError, Result};
use cranelift_codegen::ir::{types, AbiParam, Signature};
use cranelift_jit::JITModule;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};
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
    /// Register-preserving trampolines of runtime functions (`preserve.rs`), by name.
    pub trampolines: HashMap<&'static str, FuncId>,
    /// Message strings, one read-only data object each.
    pub messages: HashMap<Box<str>, DataId>,
    /// The imported cell holding the Ctrl-C flag's address, once declared.
    pub flag_cell: Option<DataId>,
    /// The relocatable form of the code (`cache=True`).
    pub image: crate::cache::image::ImageBuilder,
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

    /// A message as a read-only data object of the module (relocated, so cached code finds
    /// it); returns the object and the text's length.
    pub fn message(&mut self, text: &str) -> Result<(DataId, i64)> {
        if let Some(id) = self.messages.get(text) {
            return Ok((*id, text.len() as i64));
        }
        let name = format!("oxjit_msg{}", self.messages.len());
        let id = self
            .module
            .declare_data(&name, Linkage::Local, false, false)
            .map_err(internal)?;
        let mut desc = DataDescription::new();
        // Never empty: a zero-sized object would have no address to point at.
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(0);
        desc.define(bytes.clone().into_boxed_slice());
        self.module.define_data(id, &desc).map_err(internal)?;
        self.image.data(id, &bytes);
        self.messages.insert(text.into(), id);
        Ok((id, text.len() as i64))
    }

    /// The imported cell holding the Ctrl-C flag's address.
    pub fn flag_cell(&mut self) -> Result<DataId> {
        if let Some(id) = self.flag_cell {
            return Ok(id);
        }
        let id = self
            .module
            .declare_data(super::FLAG_CELL_SYMBOL, Linkage::Import, false, false)
            .map_err(internal)?;
        self.flag_cell = Some(id);
        Ok(id)
    }
}
