//! `jit(cache=True)`: where a dispatcher's compiled entries are stored, the key of an entry,
//! and the file I/O (atomic writes). The entry format and the dependency checks are the
//! compiler's (`oxjit_compiler::cache`).
//!
//! A file is `<dir>/<module>.<qualname>.<hash>.oxjitc`, `<dir>` being the `__pycache__` next
//! to the source (or `$OXJIT_CACHE_DIR`), chosen in Python at decoration. `<hash>` is the
//! FNV-1a hash of the key text: format version, oxjit version and the build of the extension,
//! host CPU features, options, argument types and the function's source. The entry holds the
//! whole key text and the dependency facts (callees' sources, frozen globals, defaults), both
//! checked before its code is used; a file that fails any check is compiled again and
//! overwritten.

use oxjit_compiler::cache::{self as core, format::fnv1a64, Entry, Fact};
use oxjit_compiler::error::Result as CompileResult;
use oxjit_compiler::ir::DefaultValue;
use oxjit_compiler::types::Type;
use oxjit_compiler::{Compiled, Environment, FunctionSource, GlobalValue, Options};
use pyo3::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The cache of one dispatcher, and what it did (for `Dispatcher.stats`).
pub struct Cache {
    dir: PathBuf,
    prefix: String,
    /// Signatures loaded from the cache.
    pub hits: Mutex<Vec<Vec<Type>>>,
    /// Signatures compiled (nothing usable in the cache).
    pub misses: Mutex<Vec<Vec<Type>>>,
}

/// oxjit's version and the identity of the extension module file (size and modification
/// time), so a rebuilt oxjit never runs code an older build wrote.
fn build_identity(py: Python<'_>) -> String {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let file = py
            .import("oxjit._oxjit")
            .and_then(|m| m.getattr("__file__"))
            .and_then(|f| f.extract::<String>());
        let stamp = file.ok().and_then(|f| {
            let meta = std::fs::metadata(&f).ok()?;
            let mtime = meta
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some(format!("{} {}", meta.len(), mtime.as_nanos()))
        });
        format!(
            "{} build {}",
            env!("CARGO_PKG_VERSION"),
            stamp.as_deref().unwrap_or("unknown")
        )
    })
    .clone()
}

impl Cache {
    pub fn new(dir: String, prefix: String) -> Cache {
        Cache {
            dir: PathBuf::from(dir),
            prefix,
            hits: Mutex::new(Vec::new()),
            misses: Mutex::new(Vec::new()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key text of compiling function `id` for `args`; `None` when it cannot be cached
    /// (no readable source: compiling reports why; an argument type naming something of this
    /// process, such as a function).
    pub fn key_text(
        &self,
        py: Python<'_>,
        env: &dyn Environment,
        id: u64,
        args: &[Type],
        options: &Options,
    ) -> Option<(String, FunctionSource)> {
        let mut w = core::format::Writer::default();
        for t in args {
            core::format::encode_type(&mut w, t)?;
        }
        let src = env.source(id).ok()?;
        let host = core::host_fingerprint().ok()?;
        Some(format!(
            "oxjit cache format {} oxjit {}\nhost {host}\noptions boundscheck={} parallel={} fastmath={}\nargs {args:?}\nsource {}:{}:{}\n{}",
            core::FORMAT_VERSION,
            build_identity(py),
            options.boundscheck,
            options.parallel,
            options.fastmath,
            src.filename,
            src.first_line,
            src.col_offset,
            src.text,
        ))
        .map(|key| (key, src))
    }

    /// The file of an entry with key text `key`.
    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!(
            "{}.{:016x}.oxjitc",
            self.prefix,
            fnv1a64(key.as_bytes())
        ))
    }

    /// The stored entry of `key` for function `id`, linked, if it exists and every check
    /// passes (header and checksum, key text, dependencies).
    pub fn lookup(
        &self,
        env: &dyn Environment,
        id: u64,
        key: &str,
        source: &FunctionSource,
    ) -> Option<Compiled> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let entry = Entry::decode(&bytes)?;
        let env = Known {
            inner: env,
            id,
            source,
        };
        if entry.key != key || !core::verify(&env, id, &entry.facts) {
            return None;
        }
        std::panic::catch_unwind(|| entry.load()).ok()?.ok()
    }

    /// Store a compilation (atomically: a temporary file renamed over the entry, so readers
    /// see a whole file or none). Returns why it could not be written, if so.
    pub fn store(&self, key: String, facts: Vec<Fact>, compiled: &Compiled) -> Result<(), String> {
        let Some(entry) = Entry::of(compiled, key, facts) else {
            return Ok(());
        };
        let path = self.path(&entry.key);
        let bytes = entry.encode();
        std::fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        // Unique per writer: the process id and a counter of this process.
        static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = path.with_extension(format!("{}.{n}.tmp", std::process::id()));
        let written = std::fs::write(&tmp, &bytes).and_then(|_| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.to_string());
        }
        Ok(())
    }
}

/// The environment with the compiled function's source already read (for the key), so a
/// lookup reads it once.
struct Known<'a> {
    inner: &'a dyn Environment,
    id: u64,
    source: &'a FunctionSource,
}

impl Environment for Known<'_> {
    fn global(&self, func: u64, name: &str) -> GlobalValue {
        self.inner.global(func, name)
    }
    fn source(&self, func: u64) -> CompileResult<FunctionSource> {
        if func == self.id {
            return Ok(self.source.clone());
        }
        self.inner.source(func)
    }
    fn defaults(&self, func: u64) -> Option<Vec<(String, DefaultValue)>> {
        self.inner.defaults(func)
    }
    fn locals(&self, func: u64) -> CompileResult<Vec<(String, oxjit_compiler::types::Type)>> {
        self.inner.locals(func)
    }
}
