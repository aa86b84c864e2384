//! The `Dispatcher`: one native entry per argument-type key, compiled lazily on first call.

use crate::boxing::{box_result, flatten_arg, matches, release_result, type_of, Slots};
use crate::cache::Cache;
use crate::env::{register, PyEnvironment};
use crate::errors::{argument_error, compile_error, internal_error, panic_error, runtime_error};
use crate::signature::type_from_spec;
use oxjit_compiler::types::{components, Layout, Type};
use oxjit_compiler::{compile, Compiled, Options};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Instant;

type EntryFn = extern "C" fn(*const u64, *mut u64) -> i32;

struct Entry {
    args: Vec<Type>,
    /// Loop nests compiled to run on the thread pool.
    parallel_loops: u32,
    ret: Type,
    ret_slots: usize,
    entry: EntryFn,
    compile_seconds: f64,
    timings: Vec<(&'static str, f64)>,
    typed_ir: String,
    diagnostics: Vec<String>,
    /// Keeps the machine code alive.
    _code: Compiled,
}

/// The parameters of the Python function, read once at decoration: calls with fewer positional
/// arguments are completed with the defaults without going through `inspect`.
struct Params {
    /// Every parameter (positional and keyword-only).
    count: usize,
    /// The number of positional arguments a call needs to go straight to the compiled code:
    /// `count` without keyword-only parameters, else never (`usize::MAX`).
    direct: usize,
    /// Positional parameters.
    positional: usize,
    /// Positional arguments needed before the defaults can complete a call.
    first_default: usize,
    /// The defaults of the positional parameters from `first_default` on, then those of the
    /// keyword-only parameters; `None` when a keyword-only parameter has no default.
    fill: Option<Vec<Py<PyAny>>>,
    /// `*args` without keyword-only parameters: a call with at least `positional` arguments
    /// and no keywords packs the rest into one tuple (no `inspect`).
    pack_rest: bool,
}

impl Params {
    /// `None` for callables that are not plain functions or take `**kwargs`.
    fn of(func: &Bound<'_, PyAny>) -> Option<Params> {
        let code = func.getattr("__code__").ok()?;
        let flags: u32 = code.getattr("co_flags").ok()?.extract().ok()?;
        // CO_VARKEYWORDS
        if flags & 0x08 != 0 {
            return None;
        }
        let argcount: usize = code.getattr("co_argcount").ok()?.extract().ok()?;
        let kwonly: usize = code.getattr("co_kwonlyargcount").ok()?.extract().ok()?;
        // CO_VARARGS: every call is bound as Python binds it (`*args` becomes one tuple).
        if flags & 0x04 != 0 {
            return Some(Params {
                count: argcount + kwonly + 1,
                direct: usize::MAX,
                positional: argcount,
                first_default: 0,
                fill: None,
                pack_rest: kwonly == 0,
            });
        }
        let names: Vec<String> = code.getattr("co_varnames").ok()?.extract().ok()?;
        let defaults: Vec<Py<PyAny>> = match func.getattr("__defaults__").ok()? {
            d if d.is_none() => Vec::new(),
            d => d.extract().ok()?,
        };
        let kwdefaults = func.getattr("__kwdefaults__").ok()?;
        let n_defaults = defaults.len();
        let mut fill = Some(defaults);
        for name in names.get(argcount..argcount + kwonly)? {
            let value = if kwdefaults.is_none() {
                None
            } else {
                kwdefaults.get_item(name).ok()
            };
            match (value, fill.as_mut()) {
                (Some(v), Some(f)) => f.push(v.unbind()),
                _ => fill = None,
            }
        }
        Some(Params {
            count: argcount + kwonly,
            direct: if kwonly == 0 { argcount } else { usize::MAX },
            positional: argcount,
            first_default: argcount.checked_sub(n_defaults)?,
            fill,
            pack_rest: false,
        })
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

#[pyclass(subclass, dict, frozen, module = "oxjit._oxjit")]
pub struct Dispatcher {
    id: u64,
    py_func: Py<PyAny>,
    params: Option<Params>,
    options: Options,
    nogil: bool,
    entries: RwLock<Vec<Arc<Entry>>>,
    /// The first compiled entry, read without a lock (the common single-signature case).
    first: std::sync::OnceLock<Arc<Entry>>,
    /// Explicit signatures were given: calls never compile new specialisations (as Numba).
    frozen: AtomicBool,
    /// `cache=True`: where compiled entries are stored across processes.
    cache: Option<Cache>,
    /// Entries compiled with line counters (`oxjit.profile`), apart from the ordinary ones.
    profiled: RwLock<Vec<Arc<Entry>>>,
}

impl Dispatcher {
    /// The id compiled code knows this function by (`Callable::Jitted`).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    fn find(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> Option<Arc<Entry>> {
        let entries = self.entries.read().ok()?;
        entries
            .iter()
            .find(|e| {
                e.args.len() == args.len()
                    && e.args
                        .iter()
                        .zip(args.iter())
                        .all(|(t, a)| matches(py, &a, t))
            })
            .cloned()
    }

    fn find_types(&self, types: &[Type]) -> Option<Arc<Entry>> {
        let entries = self.entries.read().ok()?;
        entries.iter().find(|e| e.args == types).cloned()
    }

    /// Compile `types`, or load the entry from the cache (`cache=True`).
    /// Profiled entries (`options.profile`) are never cached.
    fn compile_or_load(
        &self,
        py: Python<'_>,
        types: &[Type],
        options: &Options,
    ) -> PyResult<Compiled> {
        let env = PyEnvironment { py };
        let Some(cache) = self.cache.as_ref().filter(|_| !options.profile) else {
            let result = catch_unwind(AssertUnwindSafe(|| compile(&env, self.id, types, options)))
                .map_err(|p| panic_error(py, "compiling", p))?;
            return result.map_err(|e| compile_error(py, e));
        };
        let key = cache.key_text(py, &env, self.id, types, &self.options);
        if let Some(compiled) = key
            .as_ref()
            .and_then(|(k, src)| cache.lookup(&env, self.id, k, src))
        {
            if let Ok(mut hits) = cache.hits.lock() {
                hits.push(types.to_vec());
            }
            return Ok(compiled);
        }
        let recorder = oxjit_compiler::cache::Recorder::new(&env, self.id);
        let result = catch_unwind(AssertUnwindSafe(|| {
            compile(&recorder, self.id, types, &self.options)
        }))
        .map_err(|p| panic_error(py, "compiling", p))?;
        let compiled = result.map_err(|e| compile_error(py, e))?;
        if let Ok(mut misses) = cache.misses.lock() {
            misses.push(types.to_vec());
        }
        if let Some((key, _)) = key {
            if let Err(why) = cache.store(key, recorder.facts(), &compiled) {
                let msg = format!(
                    "cannot write the cache of `{}` in {}: {why}; it is compiled in each process",
                    self.qualname(py),
                    cache.dir().display()
                );
                let category = py.import("oxjit.errors")?.getattr("OxjitWarning")?;
                py.import("warnings")?
                    .getattr("warn")?
                    .call1((msg, category, 3))?;
            }
        }
        Ok(compiled)
    }

    fn qualname(&self, py: Python<'_>) -> String {
        self.py_func
            .bind(py)
            .getattr("__qualname__")
            .and_then(|n| n.extract::<String>())
            .unwrap_or_else(|_| "<function>".to_string())
    }

    fn compile_for(&self, py: Python<'_>, types: Vec<Type>) -> PyResult<Arc<Entry>> {
        let e = Arc::new(self.build_entry(py, types, &self.options)?);
        self.entries
            .write()
            .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?
            .push(e.clone());
        let _ = self.first.set(e.clone());
        Ok(e)
    }

    /// Compile (or load from the cache) for `types` with `options` (not registered anywhere).
    fn build_entry(&self, py: Python<'_>, types: Vec<Type>, options: &Options) -> PyResult<Entry> {
        oxjit_runtime::interrupt::install_sigint_handler();
        let t0 = Instant::now();
        let compiled = self.compile_or_load(py, &types, options)?;
        let compile_seconds = t0.elapsed().as_secs_f64();
        // SAFETY: every compiled entry has this signature (see oxjit_compiler::codegen).
        let entry: EntryFn = unsafe { std::mem::transmute(compiled.entry()) };
        let parallel_loops = compiled.code.parallel_loops;
        if options.parallel && !options.profile && parallel_loops == 0 {
            let name = self
                .py_func
                .bind(py)
                .getattr("__name__")
                .and_then(|n| n.extract::<String>())
                .unwrap_or_default();
            let why = if compiled.has_loops {
                "its loops are `range`/`while` loops, which run serially (use `prange` for a loop whose iterations are independent)"
            } else {
                "it has no array expression, reduction or `prange` loop to run in parallel"
            };
            let msg = format!("`parallel=True` was given for `{name}`, but {why}");
            let category = py
                .import("oxjit.errors")?
                .getattr("OxjitPerformanceWarning")?;
            py.import("warnings")?
                .getattr("warn")?
                .call1((msg, category, 3))?;
        }
        Ok(Entry {
            parallel_loops,
            args: types,
            ret: compiled.ret.clone(),
            ret_slots: components(&compiled.ret).len(),
            entry,
            compile_seconds,
            timings: compiled
                .timings
                .iter()
                .map(|(s, d)| (*s, d.as_secs_f64()))
                .collect(),
            typed_ir: compiled.typed_ir.clone(),
            diagnostics: compiled.diagnostics.clone(),
            _code: compiled,
        })
    }

    /// A call to a dispatcher with explicit signatures whose arguments match none exactly: an
    /// array of any layout goes where the signature has the `A` layout, Python ints and bools
    /// are converted where a signature wants a float (as Numba does); else `TypeError`.
    fn call_converted(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let (e, converted) = self.converted(py, args)?;
        self.invoke(py, &e, &converted)
    }

    /// The entry [`Self::call_converted`] calls and the arguments converted for it.
    fn converted<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyTuple>,
    ) -> PyResult<(Arc<Entry>, Bound<'py, PyTuple>)> {
        let entries: Vec<Arc<Entry>> = self
            .entries
            .read()
            .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?
            .clone();
        for e in &entries {
            if e.args.len() != args.len() {
                continue;
            }
            let mut converted = Vec::with_capacity(args.len());
            for (t, a) in e.args.iter().zip(args.iter()) {
                if matches(py, &a, t) || any_layout_accepts(py, &a, t) {
                    converted.push(a);
                } else if matches!(t, Type::Float | Type::Float32)
                    && (matches(py, &a, &Type::Int) || matches(py, &a, &Type::Bool))
                {
                    converted.push(a.call_method0("__float__")?);
                } else {
                    break;
                }
            }
            if converted.len() == args.len() {
                return Ok((e.clone(), PyTuple::new(py, converted)?));
            }
        }
        let found = args
            .iter()
            .map(|a| type_of(py, &a).map(|t| t.to_string()))
            .collect::<PyResult<Vec<_>>>()?;
        Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "No matching definition for argument type(s) {}",
            found.join(", ")
        )))
    }

    /// Argument `i` has a type oxjit cannot take: a `TypingError` naming the parameter.
    fn argument_error(&self, py: Python<'_>, i: usize, e: PyErr) -> PyErr {
        let f = self.py_func.bind(py);
        let name = |obj: PyResult<Bound<'_, PyAny>>| {
            obj.and_then(|o| o.extract::<String>())
                .unwrap_or_else(|_| format!("#{}", i + 1))
        };
        let param = name(
            f.getattr("__code__")
                .and_then(|c| c.getattr("co_varnames"))
                .and_then(|v| v.get_item(i)),
        );
        let func = name(f.getattr("__qualname__"));
        let text = format!("argument `{param}` of `{func}()`: {}", e.value(py));
        if crate::errors::is_unsupported(py, &e) {
            return crate::errors::unsupported_error(py, text);
        }
        argument_error(py, text)
    }

    /// Compile if needed and call with every parameter given positionally.
    fn call_full(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        // Fast path: the first signature, checked without a lock or a reference count.
        if let Some(e) = self.first.get() {
            // Borrowed items: no reference-count traffic on the call path.
            if e.args.len() == args.len()
                && e.args
                    .iter()
                    .enumerate()
                    .all(|(i, t)| args.get_borrowed_item(i).is_ok_and(|a| matches(py, &a, t)))
            {
                return self.invoke(py, e, args);
            }
        }
        if let Some(e) = self.find(py, args) {
            return self.invoke(py, &e, args);
        }
        if self.frozen.load(Ordering::Relaxed) {
            return self.call_converted(py, args);
        }
        let types = args
            .iter()
            .enumerate()
            .map(|(i, a)| type_of(py, &a).map_err(|e| self.argument_error(py, i, e)))
            .collect::<PyResult<Vec<_>>>()?;
        let e = match self.find_types(&types) {
            Some(e) => e,
            None => self.compile_for(py, types)?,
        };
        self.invoke(py, &e, args)
    }

    /// A call with keywords (or missing arguments the defaults cannot complete), bound as
    /// Python binds it; wrong arguments raise Python's `TypeError`.
    fn call_bound(
        &self,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let bound = py
            .import("oxjit._introspect")?
            .getattr("bind_arguments")?
            .call1((self.py_func.bind(py), args, kwargs))?;
        let bound = bound.cast::<PyTuple>()?;
        self.call_full(py, bound)
    }

    /// Fewer positional arguments than parameters: complete them with the defaults.
    fn call_with_defaults(
        &self,
        py: Python<'_>,
        p: &Params,
        args: &Bound<'_, PyTuple>,
    ) -> PyResult<Py<PyAny>> {
        let n = args.len();
        match &p.fill {
            Some(fill) if n >= p.first_default && n <= p.positional => {
                let mut items: Vec<Bound<'_, PyAny>> = Vec::with_capacity(p.count);
                items.extend(args.iter());
                items.extend(
                    fill[n - p.first_default..]
                        .iter()
                        .map(|d| d.bind(py).clone()),
                );
                let full = PyTuple::new(py, items)?;
                self.call_full(py, &full)
            }
            _ => self.call_bound(py, args, None),
        }
    }

    fn invoke(&self, py: Python<'_>, e: &Entry, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        oxjit_runtime::interrupt::clear_stale();
        let mut slots = Slots::new();
        for (i, t) in e.args.iter().enumerate() {
            let a = args.get_borrowed_item(i)?;
            if let Err(err) = flatten_arg(py, &a, t, &mut slots) {
                // Release the runtime copies of the list arguments made so far.
                crate::lists::release_args(&e.args[..i], slots.as_slice());
                crate::strings::release_args(&e.args[..i], slots.as_slice());
                return Err(err);
            }
        }
        let mut ret = [0u64; 8];
        let mut ret_vec;
        let ret_buf: &mut [u64] = if e.ret_slots <= ret.len() {
            &mut ret
        } else {
            ret_vec = vec![0u64; e.ret_slots];
            &mut ret_vec
        };
        let f = e.entry;
        // `parallel=True` releases the GIL too: kernels' worker threads take it to `print`.
        let status = if self.nogil || self.options.parallel {
            let (ap, rp) = (slots.as_ptr() as usize, ret_buf.as_mut_ptr() as usize);
            // The arguments stay alive in `args` while the GIL is released.
            py.detach(move || f(ap as *const u64, rp as *mut u64))
        } else {
            f(slots.as_ptr(), ret_buf.as_mut_ptr())
        };
        if e.args.iter().any(crate::lists::has_list) {
            // Reflect list arguments (also after an error: CPython's list would be changed).
            let all = slots.as_slice();
            let mut pos = 0;
            let mut first_err = None;
            for (i, t) in e.args.iter().enumerate() {
                let a = args.get_borrowed_item(i)?;
                if let Err(err) = crate::lists::reflect_arg(py, &a, t, all, &mut pos) {
                    first_err.get_or_insert(err);
                }
            }
            if let (Some(err), 0) = (first_err, status) {
                release_result(&e.ret, ret_buf);
                return Err(err);
            }
        }
        if e.args.iter().any(crate::strings::has_str) {
            crate::strings::release_args(&e.args, slots.as_slice());
        }
        if status != 0 {
            return Err(match oxjit_runtime::errors::take_error() {
                Some(err) => runtime_error(py, err),
                None => internal_error(
                    py,
                    "compiled code failed without an error (this is a bug in oxjit, please report it)",
                ),
            });
        }
        let same = match e.ret {
            // A typed List/Dict argument returned: the same object (no copy).
            Type::List(_) | Type::Dict(..) => crate::typed::returned_arg(args, ret_buf[0]),
            // An instance argument returned: that very object (its reference is dropped).
            Type::Instance(_) => crate::classes::argument_holding(args, ret_buf[0]),
            _ => None,
        };
        if let Some(obj) = same {
            release_result(&e.ret, ret_buf);
            return Ok(obj);
        }
        let mut pos = 0;
        box_result(py, &e.ret, ret_buf, &mut pos).inspect_err(|_| release_result(&e.ret, ret_buf))
    }
}

#[pymethods]
impl Dispatcher {
    #[new]
    /// `cache`: `(directory, file name prefix)` to store compiled entries in (`cache=True`).
    #[pyo3(signature = (py_func, boundscheck = true, nogil = false, parallel = false, fastmath = false, cache = None))]
    fn new(
        py: Python<'_>,
        py_func: Py<PyAny>,
        boundscheck: bool,
        nogil: bool,
        parallel: bool,
        fastmath: bool,
        cache: Option<(String, String)>,
    ) -> Self {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        register(id, py_func.clone_ref(py));
        Dispatcher {
            id,
            params: Params::of(py_func.bind(py)),
            py_func,
            options: Options {
                boundscheck,
                parallel,
                inspect: false,
                fastmath,
                profile: false,
            },
            nogil,
            entries: RwLock::new(Vec::new()),
            first: std::sync::OnceLock::new(),
            frozen: AtomicBool::new(false),
            cache: cache.map(|(dir, prefix)| Cache::new(dir, prefix)),
            profiled: RwLock::new(Vec::new()),
        }
    }

    /// `(cache directory or None, signatures loaded from the cache, signatures compiled)`,
    /// for `Dispatcher.stats`.
    #[allow(clippy::type_complexity)]
    fn _cache_stats(&self) -> (Option<String>, Vec<Vec<String>>, Vec<Vec<String>>) {
        let Some(c) = &self.cache else {
            return (None, Vec::new(), Vec::new());
        };
        let names = |m: &std::sync::Mutex<Vec<Vec<Type>>>| -> Vec<Vec<String>> {
            m.lock()
                .map(|v| {
                    v.iter()
                        .map(|sig| sig.iter().map(|t| t.to_string()).collect())
                        .collect()
                })
                .unwrap_or_default()
        };
        (
            Some(c.dir().display().to_string()),
            names(&c.hits),
            names(&c.misses),
        )
    }

    #[pyo3(signature = (*args, **kwargs))]
    fn __call__(
        &self,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        if let Some(kw) = kwargs.filter(|k| !k.is_empty()) {
            return self.call_bound(py, args, Some(kw));
        }
        if let Some(p) = &self.params {
            if p.pack_rest && args.len() >= p.positional {
                // `f(a, b, *rest)`: the positional parameters, then the rest as one tuple.
                let mut items: Vec<Bound<'_, PyAny>> = Vec::with_capacity(p.count);
                items.extend(args.iter().take(p.positional));
                let rest = args.get_slice(p.positional, args.len());
                items.push(rest.into_any());
                let full = PyTuple::new(py, items)?;
                return self.call_full(py, &full);
            }
            if args.len() != p.direct {
                return self.call_with_defaults(py, p, args);
            }
        }
        self.call_full(py, args)
    }

    /// Compile eagerly for the argument types `specs` (from `oxjit.types`); a declared return
    /// type must be the inferred one.
    #[pyo3(signature = (specs, ret = None))]
    fn _compile_specs(
        &self,
        py: Python<'_>,
        specs: &Bound<'_, PyTuple>,
        ret: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let types = specs
            .iter()
            .map(|s| type_from_spec(&s))
            .collect::<PyResult<Vec<_>>>()?;
        let e = match self.find_types(&types) {
            Some(e) => e,
            None => self.compile_for(py, types)?,
        };
        if let Some(ret) = ret {
            let declared = type_from_spec(ret)?;
            if declared != e.ret {
                let msg = format!(
                    "the signature declares a `{declared}` result but the function returns `{}`",
                    e.ret
                );
                return Err(compile_error(
                    py,
                    oxjit_compiler::error::CompileError::new(
                        oxjit_compiler::error::ErrorKind::Typing,
                        msg,
                        None,
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Calls no longer compile: only the signatures compiled so far are used.
    fn _disable_compile(&self) {
        self.frozen.store(true, Ordering::Relaxed);
    }

    /// The Python function this dispatcher compiles.
    #[getter]
    fn py_func(&self, py: Python<'_>) -> Py<PyAny> {
        self.py_func.clone_ref(py)
    }

    #[getter]
    fn _id(&self) -> u64 {
        self.id
    }

    /// One tuple of argument type names per compiled specialisation.
    #[getter]
    fn signatures<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyTuple>>> {
        let entries = self
            .entries
            .read()
            .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?;
        entries
            .iter()
            .map(|e| PyTuple::new(py, e.args.iter().map(|t| t.to_string())))
            .collect()
    }

    /// Seconds spent compiling each specialisation (same order as `signatures`).
    #[getter]
    fn compile_times(&self) -> PyResult<Vec<f64>> {
        let entries = self
            .entries
            .read()
            .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?;
        Ok(entries.iter().map(|e| e.compile_seconds).collect())
    }

    /// Per-stage compile timings of each specialisation.
    fn stage_timings(&self) -> PyResult<Vec<Vec<(&'static str, f64)>>> {
        let entries = self
            .entries
            .read()
            .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?;
        Ok(entries.iter().map(|e| e.timings.clone()).collect())
    }

    /// Loop nests running on the thread pool, per specialisation.
    #[getter]
    fn parallel_loops(&self) -> PyResult<Vec<u32>> {
        let entries = self
            .entries
            .read()
            .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?;
        Ok(entries.iter().map(|e| e.parallel_loops).collect())
    }

    /// Print, for each compiled signature, what was fused and what runs in parallel, by
    /// source line (Numba's `parallel_diagnostics`).
    #[pyo3(signature = (level = 1))]
    fn parallel_diagnostics(&self, py: Python<'_>, level: u32) -> PyResult<()> {
        let entries = self
            .entries
            .read()
            .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?;
        let mut out = String::new();
        let name = self
            .py_func
            .bind(py)
            .getattr("__name__")
            .and_then(|n| n.extract::<String>())
            .unwrap_or_default();
        out.push_str(&format!("oxjit parallel diagnostics for `{name}`\n"));
        if entries.is_empty() {
            out.push_str("  (not compiled yet: call the function first)\n");
        }
        for e in entries.iter() {
            let sig: Vec<String> = e.args.iter().map(|t| t.to_string()).collect();
            out.push_str(&format!(
                "  signature ({}): {} parallel loop(s)\n",
                sig.join(", "),
                e.parallel_loops
            ));
            for d in &e.diagnostics {
                if level > 0 {
                    out.push_str(&format!("    {d}\n"));
                }
            }
        }
        py.import("builtins")?
            .getattr("print")?
            .call1((out.trim_end(),))?;
        Ok(())
    }

    /// The runtime functions each specialisation's code calls, by symbol (structure tests).
    fn _runtime_calls(&self) -> PyResult<Vec<Vec<&'static str>>> {
        let entries = self
            .entries
            .read()
            .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?;
        Ok(entries
            .iter()
            .map(|e| e._code.code.runtime_calls.clone())
            .collect())
    }

    /// Listings of specialisation `index` (compiled again with listings kept):
    /// `([(function, stage, typed IR)], Cranelift IR, machine code)`.
    #[allow(clippy::type_complexity)]
    fn _listings(
        &self,
        py: Python<'_>,
        index: usize,
    ) -> PyResult<(Vec<(String, &'static str, String)>, String, String)> {
        let args = {
            let entries = self
                .entries
                .read()
                .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?;
            let e = entries.get(index).ok_or_else(|| {
                pyo3::exceptions::PyIndexError::new_err(format!(
                    "no compiled signature number {index} ({} compiled)",
                    entries.len()
                ))
            })?;
            e.args.clone()
        };
        let env = PyEnvironment { py };
        let options = Options {
            inspect: true,
            ..self.options.clone()
        };
        let compiled = catch_unwind(AssertUnwindSafe(|| compile(&env, self.id, &args, &options)))
            .map_err(|p| panic_error(py, "compiling", p))?
            .map_err(|e| compile_error(py, e))?;
        let listings = compiled
            .listings
            .ok_or_else(|| internal_error(py, "compiled without listings"))?;
        Ok((listings.ir, listings.clif, listings.asm))
    }

    /// Run once with every parameter given positionally (`args`), from an entry compiled with
    /// line counters (once per argument types): `(result, error, functions, lines)`, see
    /// `profile.rs`. Ordinary calls never use these entries.
    fn _profile<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyTuple>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        // With explicit signatures, the types (and conversions) an ordinary call would use.
        let (types, args) = if self.frozen.load(Ordering::Relaxed) {
            let (e, converted) = self.converted(py, args)?;
            (e.args.clone(), converted)
        } else {
            let types = args
                .iter()
                .enumerate()
                .map(|(i, a)| type_of(py, &a).map_err(|e| self.argument_error(py, i, e)))
                .collect::<PyResult<Vec<_>>>()?;
            (types, args.clone())
        };
        let args = &args;
        let lock_err = || PyRuntimeError::new_err("dispatcher lock poisoned");
        let found = (self.profiled.read().map_err(|_| lock_err())?)
            .iter()
            .find(|e| e.args == types)
            .cloned();
        let e = match found {
            Some(e) => e,
            None => {
                let options = Options {
                    profile: true,
                    ..self.options.clone()
                };
                let e = Arc::new(self.build_entry(py, types, &options)?);
                self.profiled
                    .write()
                    .map_err(|_| lock_err())?
                    .push(e.clone());
                e
            }
        };
        crate::profile::run(py, &e._code, || self.invoke(py, &e, args))
    }

    /// The typed IR of each specialisation, as text.
    fn inspect_types(&self) -> PyResult<Vec<String>> {
        let entries = self
            .entries
            .read()
            .map_err(|_| PyRuntimeError::new_err("dispatcher lock poisoned"))?;
        Ok(entries.iter().map(|e| e.typed_ir.clone()).collect())
    }
}

/// Does an array signature of layout `A` accept `obj` (same dtype and rank, any layout)?
fn any_layout_accepts(py: Python<'_>, obj: &Bound<'_, PyAny>, t: &Type) -> bool {
    let Type::Array {
        dtype,
        ndim,
        layout: Layout::A,
    } = t
    else {
        return false;
    };
    matches!(type_of(py, obj), Ok(Type::Array { dtype: d, ndim: n, .. }) if d == *dtype && n == *ndim)
}
