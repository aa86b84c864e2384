//! oxjit's compiler: Python source of a function + argument types → machine code.
//!
//! The pipeline runs in one direction: [`syntax`] parses the source, [`lower`] builds the
//! untyped IR ([`ir`]), [`infer`] types it, [`passes`] transform the typed IR, and [`codegen`]
//! emits machine code with Cranelift. It never touches a Python object: what it needs from the
//! function's world (source text, globals) comes through the [`Environment`] trait, so it can be
//! driven from Rust tests with a source string:
//!
//! ```
//! use oxjit_compiler::{compile, MapEnvironment, Options, types::Type};
//! let env = MapEnvironment::single("def add(a, b):\n    return a + b\n");
//! let code = compile(&env, 0, &[Type::Int, Type::Int], &Options::default()).unwrap();
//! assert_eq!(code.ret, Type::Int);
//! let args = [2u64, 40u64];
//! let mut ret = [0u64; 1];
//! let f: extern "C" fn(*const u64, *mut u64) -> i32 =
//!     unsafe { std::mem::transmute(code.entry()) };
//! assert_eq!(f(args.as_ptr(), ret.as_mut_ptr()), 0);
//! assert_eq!(ret[0], 42);
//! ```

pub mod cache;
pub mod codegen;
pub mod error;
pub mod heap;
pub mod infer;
pub mod intrinsics;
pub mod ir;
pub mod loops;
pub mod lower;
pub mod passes;
pub mod records;
pub mod syntax;
pub mod types;

use error::{CompileError, Result};
use infer::{Inference, TypedFunction};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use types::{Dtype, Type};

/// The source of one function, as found by `inspect.getsource`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionSource {
    /// The text, dedented so that `def` starts at column 0.
    pub text: String,
    pub filename: String,
    /// Line number of the first line of `text` in the file (1-based).
    pub first_line: u32,
    /// Columns removed by dedenting.
    pub col_offset: u32,
}

/// What a global name refers to, frozen at compile time.
#[derive(Clone, Debug, PartialEq)]
pub enum GlobalValue {
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A `str` (frozen as a constant).
    Str(String),
    /// `numpy`, `math`, `numpy.random`, `random`.
    Module(String),
    Builtin(String),
    MathFunc(String),
    NumpyFunc(String),
    /// A function of Python's `random` module (`from random import randint`), by name.
    RandomFunc(String),
    Dtype(Dtype),
    /// A class of `oxjit.typed` (`List`, `Dict`), by name: constructors compiled as `list()`
    /// and `dict()`, with Numba's `List.empty_list(T)` and `Dict.empty(K, V)`.
    Typed(String),
    /// An `oxjit.types` type object (`types.float64`, `types.ListType(types.int64)`).
    TypeObject(Type),
    /// Another jitted function, by its id.
    Jitted(u64),
    /// An exception class (built-in, or the user's by registry id).
    ExceptionClass(types::ExcRef),
    /// A module-level value frozen as a constant (NumPy arrays, float32 and uint64 scalars,
    /// tuples): its type and its flattened form, one 64-bit word per component of the type
    /// (`types::components`) as the binding flattens arguments; a float32 component holds its
    /// `f32` bits. An array's words hold a borrowed (tagged) pointer to the NumPy array, which
    /// the binding keeps alive.
    Frozen {
        ty: Type,
        words: Vec<u64>,
    },
    /// A `jitclass`, by its id ([`Environment::class`]).
    Class(types::ClassRef),
    /// Something oxjit cannot use, with its Python type name.
    Other(String),
    Missing,
}

/// A `jitclass` as the environment describes it: fields in declaration order (their types),
/// and the jitted functions of its methods, properties and `__init__`, by dispatcher id.
/// Names are matched here, while typing; past typing a field is a slot and a method a callee.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef {
    pub name: String,
    pub fields: Vec<(String, Type)>,
    pub methods: Vec<(String, u64)>,
    /// Properties: name, getter, setter.
    pub properties: Vec<(String, u64, Option<u64>)>,
    pub init: Option<u64>,
}

/// The world of the functions being compiled.
pub trait Environment {
    /// Resolve a global name used by function `func`.
    fn global(&self, func: u64, name: &str) -> GlobalValue;
    /// The source of function `func`.
    fn source(&self, func: u64) -> Result<FunctionSource>;
    /// The current default values of `func`'s parameters, by name, when the environment knows
    /// them (else the literals of the source are used).
    fn defaults(&self, _func: u64) -> Option<Vec<(String, ir::DefaultValue)>> {
        None
    }
    /// The types `locals=` fixes for variables of `func` (Numba's option), by name.
    fn locals(&self, _func: u64) -> Result<Vec<(String, Type)>> {
        Ok(Vec::new())
    }
    /// The `jitclass` of id `id` (a [`GlobalValue::Class`]).
    fn class(&self, id: u64) -> Result<ClassDef> {
        Err(CompileError::internal(
            "environment",
            format!("no jitclass {id}"),
        ))
    }
}

/// A test environment: sources by id, globals shared, builtins and modules by name.
pub struct MapEnvironment {
    pub sources: HashMap<u64, FunctionSource>,
    pub globals: HashMap<String, GlobalValue>,
    pub classes: HashMap<u64, ClassDef>,
}

impl MapEnvironment {
    /// One function (id 0) with `numpy` and `math` importable as `np`, `numpy`, `math`.
    pub fn single(text: &str) -> Self {
        let mut env = MapEnvironment {
            sources: HashMap::new(),
            globals: HashMap::new(),
            classes: HashMap::new(),
        };
        env.add(0, text);
        for (k, m) in [("np", "numpy"), ("numpy", "numpy"), ("math", "math")] {
            env.globals
                .insert(k.to_string(), GlobalValue::Module(m.to_string()));
        }
        env
    }
    pub fn add(&mut self, id: u64, text: &str) {
        self.sources.insert(
            id,
            FunctionSource {
                text: text.to_string(),
                filename: "<test>".to_string(),
                first_line: 1,
                col_offset: 0,
            },
        );
    }
}

const BUILTINS: &[&str] = &[
    "len", "range", "abs", "min", "max", "int", "float", "bool", "round", "print", "list", "sum",
    "sorted", "str", "ord", "chr", "repr",
];

impl Environment for MapEnvironment {
    fn global(&self, _func: u64, name: &str) -> GlobalValue {
        if let Some(g) = self.globals.get(name) {
            return g.clone();
        }
        if let Some(c) = ir::ExcClass::from_name(name) {
            return GlobalValue::ExceptionClass(types::ExcRef::Builtin(c));
        }
        if BUILTINS.contains(&name) {
            return GlobalValue::Builtin(name.to_string());
        }
        GlobalValue::Missing
    }
    fn source(&self, func: u64) -> Result<FunctionSource> {
        self.sources.get(&func).cloned().ok_or_else(|| {
            CompileError::internal("environment", format!("no source for function {func}"))
        })
    }
    fn class(&self, id: u64) -> Result<ClassDef> {
        self.classes
            .get(&id)
            .cloned()
            .ok_or_else(|| CompileError::internal("environment", format!("no jitclass {id}")))
    }
}

/// Compile options (the decorator's keywords that affect code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub boundscheck: bool,
    /// Run array loop nests on the thread pool (`parallel=True`).
    pub parallel: bool,
    /// Keep listings of the compiled code (IR after each pass, Cranelift IR, machine code).
    pub inspect: bool,
    /// `fastmath=True`: cheaper floating-point forms that may differ in the last bit.
    pub fastmath: bool,
    /// Instrument the code for per-line profiling (`oxjit.profile`, see `docs/profiling.md`).
    pub profile: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            boundscheck: true,
            parallel: false,
            inspect: false,
            fastmath: false,
            profile: false,
        }
    }
}

/// Text forms of one compilation, for `inspect_ir`, `inspect_clif` and `inspect_asm`.
#[derive(Clone, Debug, Default)]
pub struct Listings {
    /// `(function, stage, typed IR)`: after typing and after each pass, every instance.
    pub ir: Vec<(String, &'static str, String)>,
    /// Cranelift IR of every function of the module.
    pub clif: String,
    /// Machine code (Cranelift's disassembly) of every function of the module.
    pub asm: String,
}

struct Instance {
    source: FunctionSource,
    ret_estimate: Type,
    typed: Option<TypedFunction>,
}

/// All function instances (function × argument types) reachable from one entry.
pub struct Program {
    instances: Vec<Instance>,
    index: HashMap<(u64, Vec<Type>), usize>,
    /// Instances whose typing waited for a caller still being typed (mutual recursion): their
    /// slot, typed again when the caller asks once more.
    retry: HashMap<(u64, Vec<Type>), usize>,
    lowered: HashMap<u64, (ir::Function, FunctionSource)>,
    /// The `jitclass`es met so far, by id, with their instance layouts.
    classes: HashMap<u64, std::sync::Arc<infer::classes::ClassInfo>>,
    pub timings: Vec<(&'static str, Duration)>,
    /// The IR of each instance after each stage, when inspecting.
    ir_listings: Option<Vec<(String, &'static str, String)>>,
    /// `parallel=True` (the loop stage schedules by it).
    parallel: bool,
    /// Compiled with line counters (`Options::profile`).
    profile: bool,
}

impl Program {
    fn new() -> Self {
        Program {
            instances: Vec::new(),
            index: HashMap::new(),
            retry: HashMap::new(),
            lowered: HashMap::new(),
            classes: HashMap::new(),
            timings: Vec::new(),
            ir_listings: None,
            parallel: false,
            profile: false,
        }
    }

    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce(&mut Self) -> T) -> T {
        let t0 = Instant::now();
        let r = f(self);
        let dt = t0.elapsed();
        match self.timings.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, d)) => *d += dt,
            None => self.timings.push((stage, dt)),
        }
        r
    }

    /// The instance of function `id` for `args`, inferring it if new.
    pub fn instance(&mut self, id: u64, args: &[Type], env: &dyn Environment) -> Result<usize> {
        if let Some(i) = self.index.get(&(id, args.to_vec())) {
            return Ok(*i);
        }
        self.ensure_lowered(id, env)?;
        let (ir, src) = self
            .lowered
            .get(&id)
            .cloned()
            .ok_or_else(|| CompileError::internal("infer", "lost lowered function"))?;
        if ir.params.len() != args.len() {
            return Err(CompileError::typing(
                format!(
                    "`{}()` takes {} positional argument(s) but {} were given",
                    ir.name,
                    ir.params.len(),
                    args.len()
                ),
                ir.span,
            )
            .locate(&src));
        }
        let ir = infer::prune_type_tests(ir, args, env, id);
        let idx = match self.retry.remove(&(id, args.to_vec())) {
            Some(idx) => idx,
            None => {
                self.instances.push(Instance {
                    source: src.clone(),
                    ret_estimate: Type::Unknown,
                    typed: None,
                });
                self.instances.len() - 1
            }
        };
        self.index.insert((id, args.to_vec()), idx);
        let t0 = Instant::now();
        let mut inf = Inference::new(id, &ir, args);
        env.locals(id)
            .and_then(|l| inf.pin_locals(&l))
            .map_err(|e| e.locate(&src))?;
        let mut rounds = 0;
        loop {
            let changed = inf.round(self, env).map_err(|e| e.locate(&src))?;
            self.instances[idx].ret_estimate = inf.ret.clone();
            rounds += 1;
            if !changed {
                break;
            }
            if rounds > 100 {
                return Err(CompileError::internal("infer", "types did not converge"));
            }
        }
        let ret_so_far = inf.ret.clone();
        let mut typed = match inf.finish(args) {
            Ok(t) => t,
            // Mutual recursion: a call back into a caller still being typed has no type yet.
            // Keep the return type found so far; the caller's next round types this again.
            Err(_) if self.waits_for_caller(idx) => {
                self.instances[idx].ret_estimate = ret_so_far;
                self.index.remove(&(id, args.to_vec()));
                self.retry.insert((id, args.to_vec()), idx);
                return Ok(idx);
            }
            Err(e) => return Err(e.locate(&src)),
        };
        self.time("infer", |_| ());
        if let Some((_, d)) = self.timings.iter_mut().find(|(s, _)| *s == "infer") {
            *d += t0.elapsed();
        }
        typed.parallel = self.parallel;
        typed.profiled = self.profile;
        let mut record = self.ir_listings.as_ref().map(|_| Vec::new());
        passes::run(&mut typed, record.as_mut()).map_err(|e| e.locate(&src))?;
        if let (Some(all), Some(stages)) = (self.ir_listings.as_mut(), record) {
            all.extend(
                stages
                    .into_iter()
                    .map(|(p, t)| (typed.ir.name.clone(), p, t)),
            );
        }
        self.instances[idx].typed = Some(typed);
        // The outermost instance is typed: type what waited for it (and report its errors).
        if !self.waits_for_caller(idx) {
            let mut rounds = 0;
            while let Some((id, args)) = self.retry.keys().next().cloned() {
                rounds += 1;
                if rounds > 1000 {
                    return Err(CompileError::internal(
                        "infer",
                        "mutual recursion did not settle",
                    ));
                }
                self.instance(id, &args, env)?;
            }
        }
        Ok(idx)
    }

    /// Is an instance other than `idx` still being typed (so `idx` may call back into it)?
    fn waits_for_caller(&self, idx: usize) -> bool {
        self.instances.iter().enumerate().any(|(i, inst)| {
            i != idx && inst.typed.is_none() && !self.retry.values().any(|r| *r == i)
        })
    }

    fn ensure_lowered(&mut self, id: u64, env: &dyn Environment) -> Result<()> {
        if !self.lowered.contains_key(&id) {
            let src = env.source(id)?;
            let f = self.time("lower", |_| infer::lower_source(&src))?;
            self.lowered.insert(id, (f, src));
        }
        Ok(())
    }

    /// The name and parameters of function `id` (lowering it if needed).
    pub fn signature(&mut self, id: u64, env: &dyn Environment) -> Result<infer::Signature> {
        self.ensure_lowered(id, env)?;
        let (f, _) = self
            .lowered
            .get(&id)
            .ok_or_else(|| CompileError::internal("infer", "lost lowered function"))?;
        let mut params = f.signature.clone();
        if let Some(values) = env.defaults(id) {
            for p in &mut params {
                p.default = values
                    .iter()
                    .find(|(n, _)| *n == p.name)
                    .map(|(_, v)| v.clone());
            }
        }
        Ok(infer::Signature {
            name: f.name.clone(),
            params,
        })
    }

    /// The `jitclass` of id `id`, with its layout (asked of the environment once).
    pub fn class(
        &mut self,
        id: u64,
        env: &dyn Environment,
    ) -> Result<std::sync::Arc<infer::classes::ClassInfo>> {
        if let Some(c) = self.classes.get(&id) {
            return Ok(c.clone());
        }
        let info = std::sync::Arc::new(infer::classes::ClassInfo::new(id, env.class(id)?)?);
        self.classes.insert(id, info.clone());
        Ok(info)
    }

    /// The (possibly provisional, during recursion) return type of an instance.
    pub fn return_type(&self, idx: usize) -> Type {
        let inst = &self.instances[idx];
        match &inst.typed {
            Some(t) => t.ret.clone(),
            None => inst.ret_estimate.clone(),
        }
    }

    /// The typed instances, entry first.
    pub fn typed(&self) -> Result<Vec<&TypedFunction>> {
        self.instances
            .iter()
            .map(|i| {
                i.typed.as_ref().ok_or_else(|| {
                    CompileError::internal(
                        "infer",
                        format!("instance of `{}` left untyped", i.source.filename),
                    )
                })
            })
            .collect()
    }
}

/// A compiled entry: machine code plus its argument and return types.
pub struct Compiled {
    pub args: Vec<Type>,
    pub ret: Type,
    pub code: codegen::CodeObject,
    /// Time per stage, for `OXJIT_TIMINGS` and benchmarks.
    pub timings: Vec<(&'static str, Duration)>,
    /// The typed IR of the entry, printable for debugging.
    pub typed_ir: String,
    /// What was fused and what runs in parallel, as `file:line: note` lines.
    pub diagnostics: Vec<String>,
    /// Listings of the code, when compiled with `Options::inspect`.
    pub listings: Option<Listings>,
    /// The entry function has a loop (a back edge in its control-flow graph).
    pub has_loops: bool,
    /// The meaning of the line counters, when compiled with `Options::profile`.
    pub profile: Option<codegen::ProfileMap>,
}

impl Compiled {
    pub fn entry(&self) -> *const u8 {
        self.code.entry()
    }
}

/// Compile function `func` of `env` for argument types `args`.
pub fn compile(
    env: &dyn Environment,
    func: u64,
    args: &[Type],
    options: &Options,
) -> Result<Compiled> {
    let mut prog = Program::new();
    prog.parallel = options.parallel;
    prog.profile = options.profile;
    if options.inspect {
        prog.ir_listings = Some(Vec::new());
    }
    let entry = prog.instance(func, args, env)?;
    debug_assert_eq!(entry, 0);
    let typed = prog.typed()?;
    let ret = typed[0].ret.clone();
    let typed_ir = passes::dump(typed[0]);
    let has_loops = ir::cfg::Cfg::new(&typed[0].ir)
        .back_edge_sources()
        .contains(&true);
    let t0 = Instant::now();
    let sources: Vec<&FunctionSource> = prog.instances.iter().map(|i| &i.source).collect();
    let lines = options.profile.then(|| {
        sources
            .iter()
            .map(|s| codegen::LineIndex::new(&s.text, s.first_line))
            .collect()
    });
    let mut code = codegen::compile_module(&typed, options, lines)?;
    let profile = code.profile_slots.take().map(|slots| codegen::ProfileMap {
        slots,
        functions: typed
            .iter()
            .zip(&sources)
            .map(|(tf, s)| codegen::ProfiledFunction {
                name: tf.ir.name.clone(),
                filename: s.filename.clone(),
                first_line: s.first_line,
                source: s.text.lines().map(str::to_string).collect(),
            })
            .collect(),
    });
    let listings = code.listings.take().map(|(clif, asm)| Listings {
        ir: prog.ir_listings.clone().unwrap_or_default(),
        clif,
        asm,
    });
    let mut timings = prog.timings.clone();
    timings.push(("codegen", t0.elapsed()));
    let line_of = |i: usize, span: error::Span| {
        let src = &prog.instances[i].source;
        let before = &src.text[..(span.start as usize).min(src.text.len())];
        (
            &src.filename,
            src.first_line as usize + before.matches('\n').count(),
        )
    };
    let mut diagnostics = Vec::new();
    for (i, tf) in typed.iter().enumerate() {
        for v in &tf.forward {
            // Named at the line of its (only) assignment.
            let store = tf
                .ir
                .blocks
                .iter()
                .flat_map(|b| &b.insts)
                .find(|inst| matches!(inst.kind, ir::InstKind::Store(var, _) if var == *v));
            let Some(store) = store else { continue };
            let (file, line) = line_of(i, store.span);
            diagnostics.push(format!(
                "{file}:{line}: array `{}` is fused into its uses (no temporary array)",
                tf.ir.var_name(*v)
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, span, note) in &code.notes {
        if !seen.insert((*i, span.start, note.clone())) {
            continue;
        }
        let (file, line) = line_of(*i, *span);
        diagnostics.push(format!("{file}:{line}: {note}"));
    }
    Ok(Compiled {
        args: args.to_vec(),
        ret,
        code,
        timings,
        typed_ir,
        diagnostics,
        listings,
        has_loops,
        profile,
    })
}
