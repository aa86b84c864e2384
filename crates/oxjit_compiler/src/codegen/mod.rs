//! Code generation: typed IR → Cranelift IR → machine code (cranelift-jit).
//!
//! Every compiled function has one ABI, `fn(args: *const u64, ret: *mut u64) -> i32`: arguments
//! and results are flattened to 8-byte slots (see [`crate::types::flatten`]); the status is 0 on
//! success and 1 when an error is pending in the runtime's error slot. Calls between jitted
//! functions use the same ABI.

mod array;
mod calls;
mod creation;
mod fused;
mod ndarray;
mod numpy_calls;
mod parallel;
mod perfmap;
mod power;
mod prange;
mod safety;
mod scalar;
mod translate;
mod unary;

use crate::error::{CompileError, Result};
use crate::infer::TypedFunction;
use cranelift_codegen::ir::{types, AbiParam, Signature};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};
use oxjit_runtime::decls::{Abi, RtFn};
use std::collections::HashMap;

pub(crate) use translate::FunctionTranslator;

/// The dtype of an array type (its elements) or a number type; anything else is an internal
/// error (typing only lets numbers and arrays reach the code asking).
pub(crate) fn dtype_of(t: &crate::types::Type) -> Result<crate::types::Dtype> {
    match t {
        crate::types::Type::Array { dtype, .. } => Ok(*dtype),
        t => crate::types::Dtype::of_scalar(t)
            .ok_or_else(|| CompileError::internal("codegen", format!("no dtype for `{t}`"))),
    }
}

/// Machine code for one compiled entry and the module that owns it.
pub struct CodeObject {
    module: JITModule,
    entry: *const u8,
    /// Number of loop nests (other than plain copies and fills) compiled to run on the pool.
    pub parallel_loops: u32,
    /// What was fused or parallelised: (instance, source span, note).
    pub notes: Vec<(usize, crate::error::Span, String)>,
    /// Static error messages referenced by the code.
    _messages: Vec<Box<str>>,
}

// SAFETY: the JIT memory is immutable once finalized and the module is only dropped, never
// mutated, after that; the code is plain functions callable from any thread.
unsafe impl Send for CodeObject {}
unsafe impl Sync for CodeObject {}

impl CodeObject {
    /// The entry point: `extern "C" fn(*const u64, *mut u64) -> i32`.
    pub fn entry(&self) -> *const u8 {
        self.entry
    }
    /// Size hint for diagnostics.
    pub fn module(&self) -> &JITModule {
        &self.module
    }
}

fn internal(e: impl std::fmt::Display) -> CompileError {
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
    /// `parallel=True`: loop nests over more than one chunk run on the thread pool.
    pub parallel: bool,
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
    pub perf: perfmap::PerfEntries,
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

/// Compile the instances of a program; instance 0 is the entry.
pub fn compile_module(
    instances: &[&TypedFunction],
    boundscheck: bool,
    parallel: bool,
) -> Result<CodeObject> {
    let mut flags = settings::builder();
    flags.set("opt_level", "speed").map_err(internal)?;
    flags.set("is_pic", "false").map_err(internal)?;
    flags
        .set("use_colocated_libcalls", "false")
        .map_err(internal)?;
    let isa_builder = cranelift_native::builder().map_err(internal)?;
    let isa = isa_builder
        .finish(settings::Flags::new(flags))
        .map_err(internal)?;
    let mut jb = JITBuilder::with_isa(isa, default_libcall_names());
    for (name, ptr) in oxjit_runtime::symbols() {
        jb.symbol(name, ptr);
    }
    let mut module = JITModule::new(jb);
    let sig = entry_signature(&module);
    let mut funcs = Vec::new();
    for (i, _) in instances.iter().enumerate() {
        let id = module
            .declare_function(&format!("oxjit_fn{i}"), Linkage::Local, &sig)
            .map_err(internal)?;
        funcs.push(id);
    }
    let mut ctx: Context = module.make_context();
    let mut fctx = FunctionBuilderContext::new();
    let mut state = ModuleState {
        module: &mut module,
        funcs: &funcs,
        imports: HashMap::new(),
        messages: Vec::new(),
        boundscheck,
        parallel,
        kernels: 0,
        significant_kernels: 0,
        notes: Vec::new(),
        instance: 0,
        recursive: recursive_instances(instances),
        perf: Default::default(),
    };
    for (i, tf) in instances.iter().enumerate() {
        ctx.func.signature = sig.clone();
        state.instance = i;
        FunctionTranslator::translate(&mut state, &mut ctx.func, &mut fctx, tf)?;
        let dump = std::env::var("OXJIT_DUMP").ok();
        if dump.as_deref() == Some("clif") {
            eprintln!(
                "--- cranelift IR of {} ---\n{}",
                tf.ir.name,
                ctx.func.display()
            );
        }
        ctx.set_disasm(dump.as_deref() == Some("asm"));
        state
            .module
            .define_function(funcs[i], &mut ctx)
            .map_err(|e| internal(format!("{e:?}")))?;
        let sig_text: Vec<String> = tf.arg_types.iter().map(|t| t.to_string()).collect();
        let perf_name = format!("oxjit:{}({})", tf.ir.name, sig_text.join(", "));
        state.perf.record(funcs[i], &ctx, perf_name);
        if dump.as_deref() == Some("asm") {
            if let Some(code) = ctx.compiled_code() {
                eprintln!(
                    "--- machine code of {} ---\n{}",
                    tf.ir.name,
                    code.vcode.as_deref().unwrap_or("")
                );
                let path = std::env::temp_dir().join(format!("oxjit_{}.bin", tf.ir.name));
                let _ = std::fs::write(path, code.code_buffer());
            }
        }
        state.module.clear_context(&mut ctx);
    }
    let messages = std::mem::take(&mut state.messages);
    let parallel_loops = state.significant_kernels;
    let notes = std::mem::take(&mut state.notes);
    let perf = std::mem::take(&mut state.perf);
    module.finalize_definitions().map_err(internal)?;
    perf.write(&module);
    let entry = module.get_finalized_function(funcs[0]);
    Ok(CodeObject {
        module,
        entry,
        parallel_loops,
        notes,
        _messages: messages,
    })
}

/// Per instance: can it call itself (directly or through other instances)?
fn recursive_instances(instances: &[&TypedFunction]) -> Vec<bool> {
    let callees: Vec<Vec<usize>> = instances
        .iter()
        .map(|tf| tf.callees.values().copied().collect())
        .collect();
    (0..instances.len())
        .map(|start| {
            let mut seen = vec![false; instances.len()];
            let mut stack = callees[start].clone();
            while let Some(i) = stack.pop() {
                if i == start {
                    return true;
                }
                if i < seen.len() && !seen[i] {
                    seen[i] = true;
                    stack.extend(callees[i].iter().copied());
                }
            }
            false
        })
        .collect()
}
