//! Compiled entries stored across processes (`jit(cache=True)`): the format of an entry and
//! how it becomes a [`Compiled`] again. File locations, key building and I/O live in the
//! binding (`oxjit_python::cache`); this module never touches the file system.
//!
//! An entry file is a header (magic, [`FORMAT_VERSION`], payload length, FNV-1a checksum of the
//! payload) and a payload: the full key text (checked against the key of the call, so a hash
//! collision in the file name cannot load the wrong code), the recorded dependencies
//! ([`deps`]), the result type and dispatcher metadata, and the relocatable [`image`] of the
//! machine code. Anything truncated, corrupt or from another format version decodes to `None`.

pub mod deps;
pub mod format;
pub mod image;

use crate::error::Result;
use crate::types::Type;
use crate::Compiled;
use format::{fnv1a64, Reader, Writer};
use std::time::Duration;

pub use deps::{verify, Fact, Recorder};

/// Bumped whenever the entry layout or the meaning of anything in it changes.
pub const FORMAT_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"OXJITC\0\x01";
const HEADER: usize = 8 + 4 + 8 + 8;

/// What a cache file holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The full key text (see the binding's `cache::key_text`).
    pub key: String,
    pub facts: Vec<Fact>,
    pub args: Vec<Type>,
    pub ret: Type,
    pub parallel_loops: u32,
    pub runtime_calls: Vec<String>,
    pub typed_ir: String,
    pub diagnostics: Vec<String>,
    pub has_loops: bool,
    pub image: image::Image,
}

impl Entry {
    /// The entry of a compilation, or `None` when it cannot be cached (no image, or a type
    /// that names something of this process).
    pub fn of(compiled: &Compiled, key: String, facts: Vec<Fact>) -> Option<Entry> {
        let image = compiled.code.image.clone()?;
        // Only value types can be written (checked here so `encode` cannot fail).
        let mut w = Writer::default();
        for t in compiled.args.iter().chain([&compiled.ret]) {
            format::encode_type(&mut w, t)?;
        }
        Some(Entry {
            key,
            facts,
            args: compiled.args.clone(),
            ret: compiled.ret.clone(),
            parallel_loops: compiled.code.parallel_loops,
            runtime_calls: compiled
                .code
                .runtime_calls
                .iter()
                .map(|s| s.to_string())
                .collect(),
            typed_ir: compiled.typed_ir.clone(),
            diagnostics: compiled.diagnostics.clone(),
            has_loops: compiled.has_loops,
            image,
        })
    }

    /// The file bytes: header then payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.key);
        deps::write_facts(&mut w, &self.facts);
        w.u32(self.args.len() as u32);
        for t in self.args.iter().chain([&self.ret]) {
            // Checked encodable by `Entry::of`.
            let _ = format::encode_type(&mut w, t);
        }
        w.u32(self.parallel_loops);
        w.strs(&self.runtime_calls);
        w.str(&self.typed_ir);
        w.strs(&self.diagnostics);
        w.u8(u8::from(self.has_loops));
        self.image.write(&mut w);
        let payload = w.buf;
        let mut out = Vec::with_capacity(HEADER + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&fnv1a64(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    /// Decode file bytes; `None` when truncated, corrupt or of another format version.
    pub fn decode(bytes: &[u8]) -> Option<Entry> {
        let mut h = Reader::new(bytes.get(..HEADER)?);
        let magic = (0..8).map(|_| h.u8()).collect::<Option<Vec<u8>>>()?;
        if magic != MAGIC || h.u32()? != FORMAT_VERSION {
            return None;
        }
        let len = usize::try_from(h.u64()?).ok()?;
        let sum = h.u64()?;
        let payload = &bytes[HEADER..];
        if payload.len() != len || fnv1a64(payload) != sum {
            return None;
        }
        let mut r = Reader::new(payload);
        let key = r.str()?;
        let facts = deps::read_facts(&mut r)?;
        let n = r.count(1)?;
        let args = (0..n)
            .map(|_| format::decode_type(&mut r))
            .collect::<Option<Vec<_>>>()?;
        let ret = format::decode_type(&mut r)?;
        let entry = Entry {
            key,
            facts,
            args,
            ret,
            parallel_loops: r.u32()?,
            runtime_calls: r.strs()?,
            typed_ir: r.str()?,
            diagnostics: r.strs()?,
            has_loops: r.u8()? != 0,
            image: image::Image::read(&mut r)?,
        };
        r.at_end().then_some(entry)
    }

    /// Link the machine code into this process: a [`Compiled`] like the one that was stored
    /// (no listings, no per-stage timings but `load`).
    pub fn load(&self) -> Result<Compiled> {
        let t0 = std::time::Instant::now();
        let (module, entry) = image::link(&self.image)?;
        let code = crate::codegen::CodeObject::linked(
            module,
            entry,
            self.parallel_loops,
            &self.runtime_calls,
        );
        let load: Duration = t0.elapsed();
        Ok(Compiled {
            args: self.args.clone(),
            ret: self.ret.clone(),
            code,
            timings: vec![("cache-load", load)],
            typed_ir: self.typed_ir.clone(),
            diagnostics: self.diagnostics.clone(),
            listings: None,
            has_loops: self.has_loops,
            profile: None,
        })
    }
}

/// The host's code-generation target: the triple and every ISA flag Cranelift detected
/// (CPU features), so code is never loaded on a machine lacking an instruction it uses.
pub fn host_fingerprint() -> Result<String> {
    static HOST: std::sync::OnceLock<std::result::Result<String, String>> =
        std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let isa = crate::codegen::host_isa().map_err(|e| e.to_string())?;
        let flags: Vec<String> = isa.isa_flags().iter().map(|v| v.to_string()).collect();
        Ok(format!(
            "{} {} {}",
            isa.triple(),
            flags.join(","),
            isa.flags()
        ))
    })
    .clone()
    .map_err(|e| crate::error::CompileError::internal("cache", e))
}
