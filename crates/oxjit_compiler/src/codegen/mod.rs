//! Code generation: typed IR → Cranelift IR → machine code (cranelift-jit).
//!
//! Every compiled function has one ABI, `fn(args: *const u64, ret: *mut u64) -> i32`: arguments
//! and results are flattened to 8-byte slots (see [`crate::types::flatten`]); the status is 0 on
//! success and 1 when an error is pending in the runtime's error slot. Calls between jitted
//! functions use the same ABI.

mod array;
mod builtins;
pub mod cabi;
mod calls;
mod chunks;
mod classes;
mod complex;
mod complex_array;
mod creation;
mod dicts;
mod fancy;
mod fused;
mod generator;
mod inline;
mod int_math;
mod line_slots;
mod lists;
mod ndarray;
mod nditer;
mod numpy_calls;
mod parallel;
mod perfmap;
mod power;
mod power_exact;
mod prange;
mod preserve;
mod print;
mod profile;
mod put;
mod py_random;
mod raise;
mod random_choice;
mod random_params;
mod range;
mod records;
mod reduce;
mod safety;
mod scalar;
mod slots;
mod sorting;
mod state;
mod strings;
mod thread;
mod tolist;
mod translate;
mod tuple_index;
mod ufunc_more;
mod unary;
mod unsigned;
mod values;
mod vector_map;
mod vector_math;
mod vectorize;

use crate::error::Result;
use crate::infer::TypedFunction;
use cranelift_codegen::ir::Function;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module};
use std::collections::HashMap;

pub use line_slots::{LineIndex, ProfileMap, ProfiledFunction};
use state::{entry_signature, internal, ModuleState};
pub(crate) use translate::FunctionTranslator;

/// Machine code for one compiled entry and the module that owns it.
pub struct CodeObject {
    module: JITModule,
    entry: *const u8,
    /// Number of loop nests (other than plain copies and fills) compiled to run on the pool.
    pub parallel_loops: u32,
    /// What was fused or parallelised: (instance, source span, note).
    pub notes: Vec<(usize, crate::error::Span, String)>,
    /// The runtime functions the code calls, by symbol, sorted (structure tests assert, e.g.,
    /// that a fused reduction allocates nothing: no `oxjit_rt_alloc`).
    pub runtime_calls: Vec<&'static str>,
    /// `(Cranelift IR, machine code)` of every function, when asked for.
    pub listings: Option<(String, String)>,
    /// The relocatable form of the code, for `cache=True` (`None` when it cannot be written).
    pub image: Option<crate::cache::image::Image>,
    /// `(instance, source line)` of each line slot, when compiled with `Options::profile`.
    pub profile_slots: Option<Vec<(usize, u32)>>,
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

    /// Code linked from a cached image (`crate::cache`).
    pub(crate) fn linked(
        module: JITModule,
        entry: *const u8,
        parallel_loops: u32,
        runtime_calls: &[String],
    ) -> CodeObject {
        let symbols = oxjit_runtime::symbols();
        let runtime_calls = runtime_calls
            .iter()
            .filter_map(|c| symbols.iter().find(|(n, _)| n == c).map(|(n, _)| *n))
            .collect();
        CodeObject {
            module,
            entry,
            parallel_loops,
            notes: Vec::new(),
            runtime_calls,
            listings: None,
            image: None,
            profile_slots: None,
        }
    }
}

/// The symbol of the cell holding the address of the Ctrl-C flag (an import, so code never
/// holds an address of the process that compiled it).
pub(crate) const FLAG_CELL_SYMBOL: &str = "oxjit_rt_interrupt_flag_cell";

/// The code-generation target of this machine (its CPU features detected once per process).
pub(crate) fn host_isa() -> Result<cranelift_codegen::isa::OwnedTargetIsa> {
    static ISA: std::sync::OnceLock<
        std::result::Result<cranelift_codegen::isa::OwnedTargetIsa, String>,
    > = std::sync::OnceLock::new();
    ISA.get_or_init(|| detect_isa().map_err(|e| e.to_string()))
        .clone()
        .map_err(internal)
}

fn detect_isa() -> Result<cranelift_codegen::isa::OwnedTargetIsa> {
    let mut flags = settings::builder();
    flags.set("opt_level", "speed").map_err(internal)?;
    flags.set("is_pic", "false").map_err(internal)?;
    // Every function starts on a 64-byte boundary: where a hot loop falls relative to cache
    // lines and decoder windows then depends only on the function's own code, not on where the
    // JIT's allocator happened to put it (steady times were bimodal per process without it).
    flags
        .set("log2_min_function_alignment", "6")
        .map_err(internal)?;
    flags
        .set("use_colocated_libcalls", "false")
        .map_err(internal)?;
    let isa_builder = cranelift_native::builder().map_err(internal)?;
    isa_builder
        .finish(settings::Flags::new(flags))
        .map_err(internal)
}

/// A new JIT module for the host, with the runtime's symbols.
pub(crate) fn new_module() -> Result<JITModule> {
    let mut jb = JITBuilder::with_isa(host_isa()?, default_libcall_names());
    for (name, ptr) in oxjit_runtime::symbols() {
        jb.symbol(name, ptr);
    }
    jb.symbol(
        FLAG_CELL_SYMBOL,
        oxjit_runtime::interrupt::flag_cell() as *const u8,
    );
    Ok(JITModule::new(jb))
}

/// Compile the instances of a program; instance 0 is the entry. `lines` (one per instance)
/// instruments the code for per-line profiling.
pub fn compile_module(
    instances: &[&TypedFunction],
    options: &crate::Options,
    lines: Option<Vec<LineIndex>>,
) -> Result<CodeObject> {
    let (boundscheck, listing) = (options.boundscheck, options.inspect);
    let mut module = new_module()?;
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
        trampolines: HashMap::new(),
        messages: HashMap::new(),
        flag_cell: None,
        image: Default::default(),
        boundscheck,
        fastmath: options.fastmath,
        kernels: 0,
        significant_kernels: 0,
        notes: Vec::new(),
        instance: 0,
        recursive: recursive_instances(instances),
        perf: Default::default(),
        profile: lines.map(line_slots::ProfileSlots::new),
    };
    // Translate every instance first, so that callers can take their callees' bodies.
    let mut bodies = Vec::with_capacity(instances.len());
    for (i, tf) in instances.iter().enumerate() {
        ctx.func.signature = sig.clone();
        state.instance = i;
        FunctionTranslator::translate(&mut state, &mut ctx.func, &mut fctx, tf)?;
        bodies.push(std::mem::replace(&mut ctx.func, Function::new()));
    }
    let inliner = inline::Inliner::new(&funcs, &bodies, &state.recursive);
    let (mut clif_all, mut asm_all) = (String::new(), String::new());
    for (i, tf) in instances.iter().enumerate() {
        ctx.func = bodies[i].clone();
        inliner.declare_symbols(&mut ctx.func);
        ctx.inline(&inliner)
            .map_err(|e| internal(format!("{e:?}")))?;
        thread::run(&mut ctx.func);
        let dump = std::env::var("OXJIT_DUMP").ok();
        let clif_text = (listing || dump.as_deref() == Some("clif")).then(|| {
            format!(
                "--- cranelift IR of {} ---\n{}",
                tf.ir.name,
                ctx.func.display()
            )
        });
        if let (Some(text), Some("clif")) = (&clif_text, dump.as_deref()) {
            eprintln!("{text}");
        }
        ctx.set_disasm(listing || dump.as_deref() == Some("asm"));
        state
            .module
            .define_function(funcs[i], &mut ctx)
            .map_err(|e| internal(format!("{e:?}")))?;
        state.image.function(funcs[i], &ctx);
        let sig_text: Vec<String> = tf.arg_types.iter().map(|t| t.to_string()).collect();
        let perf_name = format!("oxjit:{}({})", tf.ir.name, sig_text.join(", "));
        state.perf.record(funcs[i], &ctx, perf_name);
        let asm_text = ctx.compiled_code().and_then(|code| {
            code.vcode
                .as_deref()
                .map(|v| format!("--- machine code of {} ---\n{v}", tf.ir.name))
        });
        if dump.as_deref() == Some("asm") {
            if let Some(text) = &asm_text {
                eprintln!("{text}");
            }
            if let Some(code) = ctx.compiled_code() {
                let path = std::env::temp_dir().join(format!("oxjit_{}.bin", tf.ir.name));
                let _ = std::fs::write(path, code.code_buffer());
            }
        }
        if listing {
            clif_all.push_str(&clif_text.unwrap_or_default());
            asm_all.push_str(&asm_text.unwrap_or_default());
        }
        state.module.clear_context(&mut ctx);
    }
    let image = std::mem::take(&mut state.image);
    let parallel_loops = state.significant_kernels;
    let notes = std::mem::take(&mut state.notes);
    let mut runtime_calls: Vec<&'static str> = state.imports.keys().copied().collect();
    runtime_calls.sort_unstable();
    let perf = std::mem::take(&mut state.perf);
    let profile_slots = state.profile.take().map(|p| p.slots);
    let image = image.finish(&module, funcs[0]);
    module.finalize_definitions().map_err(internal)?;
    perf.write(&module);
    let entry = module.get_finalized_function(funcs[0]);
    Ok(CodeObject {
        module,
        entry,
        parallel_loops,
        notes,
        runtime_calls,
        listings: listing.then_some((clif_all, asm_all)),
        image,
        profile_slots,
    })
}

/// Per instance: can it call itself (directly or through other instances)?
fn recursive_instances(instances: &[&TypedFunction]) -> Vec<bool> {
    let callees: Vec<Vec<usize>> = instances
        .iter()
        .map(|tf| tf.callees.values().map(|c| c.instance).collect())
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
