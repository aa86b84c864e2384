//! `OXJIT_PERF_MAP=1`: every compiled function (and outlined parallel kernel) is appended to
//! `/tmp/perf-<pid>.map` as `START SIZE NAME` (hex without `0x`, Linux perf's JIT map format),
//! so `perf report` and other profilers that read perf maps name compiled code.

use cranelift_codegen::Context;
use cranelift_jit::JITModule;
use cranelift_module::FuncId;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

/// Is the perf map requested (read once per process)?
pub(crate) fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("OXJIT_PERF_MAP").is_ok_and(|v| v == "1"))
}

/// Functions defined in a module, waiting for their final addresses.
#[derive(Default)]
pub(crate) struct PerfEntries(Vec<(FuncId, usize, String)>);

impl PerfEntries {
    /// Record a function just defined from `ctx` (its code size is known now).
    pub fn record(&mut self, id: FuncId, ctx: &Context, name: String) {
        if !enabled() {
            return;
        }
        if let Some(code) = ctx.compiled_code() {
            self.0.push((id, code.code_buffer().len(), name));
        }
    }

    /// After `finalize_definitions`: append the lines to the map file (errors are ignored: a
    /// profiler aid must not fail a compile).
    pub fn write(&self, module: &JITModule) {
        if self.0.is_empty() {
            return;
        }
        let mut text = String::new();
        for (id, size, name) in &self.0 {
            let addr = module.get_finalized_function(*id) as usize;
            text.push_str(&format!("{addr:x} {size:x} {name}\n"));
        }
        static LOCK: Mutex<()> = Mutex::new(());
        let _guard = LOCK.lock();
        let path = format!("/tmp/perf-{}.map", std::process::id());
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = f.write_all(text.as_bytes());
        }
    }
}
