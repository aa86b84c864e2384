//! Relocatable images of compiled modules: the machine code of every function with its
//! relocations by symbol (captured right after Cranelift emits it), the module's declarations
//! and its data objects (message strings); and linking an image into a new `JITModule`, which
//! resolves runtime functions by name in this process.
//!
//! Nothing in an image is an address of the process that wrote it: runtime functions and the
//! Ctrl-C flag cell are imports, messages are data objects, calls between the module's
//! functions are relocations.

use super::format::{Reader, Writer};
use crate::error::{CompileError, Result};
use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::Context;
use cranelift_jit::JITModule;
use cranelift_module::{
    DataDescription, DataId, FuncId, Linkage, Module, ModuleReloc, ModuleRelocTarget,
};

/// Relocation kinds an image may hold (by index); code with another kind is not cached.
const KINDS: &[Reloc] = &[
    Reloc::Abs4,
    Reloc::Abs8,
    Reloc::X86PCRel4,
    Reloc::X86CallPCRel4,
    Reloc::X86CallPLTRel4,
    Reloc::X86GOTPCRel4,
    Reloc::Arm64Call,
    Reloc::Aarch64AdrGotPage21,
    Reloc::Aarch64Ld64GotLo12Nc,
    Reloc::Aarch64AdrPrelPgHi21,
    Reloc::Aarch64AddAbsLo12Nc,
];

const LINKAGES: &[Linkage] = &[
    Linkage::Import,
    Linkage::Local,
    Linkage::Preemptible,
    Linkage::Hidden,
    Linkage::Export,
];

/// What a relocation points at.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// A declared function, by index.
    Func(u32),
    /// A declared data object, by index.
    Data(u32),
    /// A Cranelift library call, by name.
    LibCall(String),
    /// An offset inside a declared function.
    FuncOffset(u32, u32),
}

#[derive(Clone, Debug, PartialEq)]
struct RelocRecord {
    offset: u32,
    kind: u8,
    target: Target,
    addend: i64,
}

/// The machine code of one function.
#[derive(Clone, Debug, PartialEq)]
struct Body {
    func: u32,
    align: u64,
    bytes: Vec<u8>,
    relocs: Vec<RelocRecord>,
}

/// A compiled module that can be linked again in another process.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    /// Every declared function in id order: (name, linkage index).
    funcs: Vec<(String, u8)>,
    /// Every declared data object in id order: (name, linkage index, writable).
    data: Vec<(String, u8, bool)>,
    bodies: Vec<Body>,
    /// Contents of the defined data objects: (data index, bytes).
    contents: Vec<(u32, Vec<u8>)>,
    /// The entry function's index.
    entry: u32,
}

/// Collects an image while a module is compiled.
#[derive(Default)]
pub struct ImageBuilder {
    bodies: Vec<Body>,
    contents: Vec<(u32, Vec<u8>)>,
    /// Something could not be recorded (an unknown relocation kind): no image.
    failed: bool,
}

impl ImageBuilder {
    /// Record function `id` just defined from `ctx`.
    pub fn function(&mut self, id: FuncId, ctx: &Context) {
        let Some(code) = ctx.compiled_code() else {
            self.failed = true;
            return;
        };
        let mut relocs = Vec::new();
        for r in code.buffer.relocs() {
            let m = ModuleReloc::from_mach_reloc(r, &ctx.func, id);
            let kind = KINDS.iter().position(|k| *k == m.kind);
            let target = match m.name {
                ModuleRelocTarget::User {
                    namespace: 0,
                    index,
                } => Some(Target::Func(index)),
                ModuleRelocTarget::User {
                    namespace: 1,
                    index,
                } => Some(Target::Data(index)),
                ModuleRelocTarget::LibCall(l) => Some(Target::LibCall(l.to_string())),
                ModuleRelocTarget::FunctionOffset(f, off) => {
                    Some(Target::FuncOffset(f.as_u32(), off))
                }
                _ => None,
            };
            match (kind, target) {
                (Some(kind), Some(target)) => relocs.push(RelocRecord {
                    offset: m.offset,
                    kind: kind as u8,
                    target,
                    addend: m.addend,
                }),
                _ => self.failed = true,
            }
        }
        self.bodies.push(Body {
            func: id.as_u32(),
            align: u64::from(code.buffer.alignment),
            bytes: code.code_buffer().to_vec(),
            relocs,
        });
    }

    /// Record the contents of data object `id`.
    pub fn data(&mut self, id: DataId, bytes: &[u8]) {
        self.contents.push((id.as_u32(), bytes.to_vec()));
    }

    /// The image of `module` (every function and data object defined), entry `entry`.
    pub fn finish(self, module: &JITModule, entry: FuncId) -> Option<Image> {
        if self.failed {
            return None;
        }
        let linkage = |l: Linkage| LINKAGES.iter().position(|k| *k == l).map(|i| i as u8);
        let decls = module.declarations();
        let funcs = decls
            .get_functions()
            .map(|(_, d)| Some((d.name.clone()?, linkage(d.linkage)?)))
            .collect::<Option<Vec<_>>>()?;
        let data = decls
            .get_data_objects()
            .map(|(_, d)| Some((d.name.clone()?, linkage(d.linkage)?, d.writable)))
            .collect::<Option<Vec<_>>>()?;
        Some(Image {
            funcs,
            data,
            bodies: self.bodies,
            contents: self.contents,
            entry: entry.as_u32(),
        })
    }
}

fn broken(what: &str) -> CompileError {
    CompileError::internal("cache", format!("cannot link a cached image: {what}"))
}

/// Link `image` into a new module; returns the module and the entry's address.
pub fn link(image: &Image) -> Result<(JITModule, *const u8)> {
    let mut module = crate::codegen::new_module()?;
    let linkage = |i: u8| {
        LINKAGES
            .get(i as usize)
            .copied()
            .ok_or_else(|| broken("linkage"))
    };
    let sig = module.make_signature();
    for (k, (name, l)) in image.funcs.iter().enumerate() {
        let id = module
            .declare_function(name, linkage(*l)?, &sig)
            .map_err(|e| broken(&e.to_string()))?;
        if id.as_u32() as usize != k {
            return Err(broken("function numbering"));
        }
    }
    for (k, (name, l, writable)) in image.data.iter().enumerate() {
        let id = module
            .declare_data(name, linkage(*l)?, *writable, false)
            .map_err(|e| broken(&e.to_string()))?;
        if id.as_u32() as usize != k {
            return Err(broken("data numbering"));
        }
    }
    let n_funcs = image.funcs.len() as u32;
    let n_data = image.data.len() as u32;
    for (k, bytes) in &image.contents {
        if *k >= n_data {
            return Err(broken("data index"));
        }
        let mut desc = DataDescription::new();
        desc.define(bytes.clone().into_boxed_slice());
        module
            .define_data(DataId::from_u32(*k), &desc)
            .map_err(|e| broken(&e.to_string()))?;
    }
    for body in &image.bodies {
        let relocs = body
            .relocs
            .iter()
            .map(|r| module_reloc(r, n_funcs, n_data, body.bytes.len()))
            .collect::<Result<Vec<_>>>()?;
        if body.func >= n_funcs {
            return Err(broken("function index"));
        }
        module
            .define_function_bytes(
                FuncId::from_u32(body.func),
                body.align,
                &body.bytes,
                &relocs,
            )
            .map_err(|e| broken(&e.to_string()))?;
    }
    if image.entry >= n_funcs {
        return Err(broken("entry index"));
    }
    module
        .finalize_definitions()
        .map_err(|e| broken(&e.to_string()))?;
    let entry = module.get_finalized_function(FuncId::from_u32(image.entry));
    Ok((module, entry))
}

fn module_reloc(r: &RelocRecord, n_funcs: u32, n_data: u32, len: usize) -> Result<ModuleReloc> {
    let kind = *KINDS.get(r.kind as usize).ok_or_else(|| broken("kind"))?;
    let name = match &r.target {
        Target::Func(i) if *i < n_funcs => ModuleRelocTarget::user(0, *i),
        Target::Data(i) if *i < n_data => ModuleRelocTarget::user(1, *i),
        Target::LibCall(l) => {
            ModuleRelocTarget::LibCall(l.parse().map_err(|_| broken("library call"))?)
        }
        Target::FuncOffset(f, off) if *f < n_funcs => {
            ModuleRelocTarget::FunctionOffset(FuncId::from_u32(*f), *off)
        }
        _ => return Err(broken("relocation target")),
    };
    let size = if kind == Reloc::Abs8 { 8 } else { 4 };
    if r.offset as usize + size > len {
        return Err(broken("relocation offset"));
    }
    Ok(ModuleReloc {
        offset: r.offset,
        kind,
        name,
        addend: r.addend,
    })
}

impl Image {
    pub(super) fn write(&self, w: &mut Writer) {
        w.u32(self.funcs.len() as u32);
        for (name, l) in &self.funcs {
            w.str(name);
            w.u8(*l);
        }
        w.u32(self.data.len() as u32);
        for (name, l, writable) in &self.data {
            w.str(name);
            w.u8(*l);
            w.u8(u8::from(*writable));
        }
        w.u32(self.contents.len() as u32);
        for (k, bytes) in &self.contents {
            w.u32(*k);
            w.bytes(bytes);
        }
        w.u32(self.bodies.len() as u32);
        for b in &self.bodies {
            w.u32(b.func);
            w.u64(b.align);
            w.bytes(&b.bytes);
            w.u32(b.relocs.len() as u32);
            for r in &b.relocs {
                w.u32(r.offset);
                w.u8(r.kind);
                w.i64(r.addend);
                match &r.target {
                    Target::Func(i) => {
                        w.u8(0);
                        w.u32(*i);
                    }
                    Target::Data(i) => {
                        w.u8(1);
                        w.u32(*i);
                    }
                    Target::LibCall(l) => {
                        w.u8(2);
                        w.str(l);
                    }
                    Target::FuncOffset(f, off) => {
                        w.u8(3);
                        w.u32(*f);
                        w.u32(*off);
                    }
                }
            }
        }
        w.u32(self.entry);
    }

    pub(super) fn read(r: &mut Reader<'_>) -> Option<Image> {
        let n = r.count(9)?;
        let funcs = (0..n)
            .map(|_| Some((r.str()?, r.u8()?)))
            .collect::<Option<_>>()?;
        let n = r.count(10)?;
        let data = (0..n)
            .map(|_| Some((r.str()?, r.u8()?, r.u8()? != 0)))
            .collect::<Option<_>>()?;
        let n = r.count(12)?;
        let contents = (0..n)
            .map(|_| Some((r.u32()?, r.bytes()?.to_vec())))
            .collect::<Option<_>>()?;
        let n = r.count(24)?;
        let mut bodies = Vec::with_capacity(n);
        for _ in 0..n {
            let func = r.u32()?;
            let align = r.u64()?;
            let bytes = r.bytes()?.to_vec();
            let m = r.count(18)?;
            let relocs = (0..m)
                .map(|_| {
                    let offset = r.u32()?;
                    let kind = r.u8()?;
                    let addend = r.i64()?;
                    let target = match r.u8()? {
                        0 => Target::Func(r.u32()?),
                        1 => Target::Data(r.u32()?),
                        2 => Target::LibCall(r.str()?),
                        3 => Target::FuncOffset(r.u32()?, r.u32()?),
                        _ => return None,
                    };
                    Some(RelocRecord {
                        offset,
                        kind,
                        target,
                        addend,
                    })
                })
                .collect::<Option<_>>()?;
            bodies.push(Body {
                func,
                align,
                bytes,
                relocs,
            });
        }
        Some(Image {
            funcs,
            data,
            bodies,
            contents,
            entry: r.u32()?,
        })
    }
}
