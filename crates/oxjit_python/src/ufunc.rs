//! Ufunc builders (`oxjit.vectorize`): scalar functions compiled once per dtype signature and
//! wrapped in a real `numpy.ufunc` made with NumPy's C API (`PyUFunc_FromFuncAndData`), so
//! broadcasting, `out=`, `.reduce`, `.accumulate`, `.outer` and casting are NumPy's own.
//!
//! - `_compile_ufunc_loop(func_id, ins, out)` compiles the function registered under a
//!   dispatcher id for the scalar types of the input dtypes and returns a [`UfuncLoop`]: the
//!   machine code plus the [`LoopData`] the inner loop reads (dtypes in and out, the compiled
//!   result type, the entry).
//! - `_build_ufunc(name, doc, nin, loops, identity, parallel)` makes the ufunc through
//!   [`make_ufunc`] (shared with the generalized ufuncs of `gufunc.rs`). Ownership: the
//!   arrays NumPy keeps pointers to (loop functions, data pointers, type numbers, name, doc) and
//!   the loops themselves (so their machine code) live in a [`UfuncOwner`] Python object stored
//!   in the ufunc's own `obj` slot, which NumPy releases when the ufunc is deallocated (as
//!   `numpy.frompyfunc` does). Nothing is leaked and nothing outlives the ufunc.
//! - [`inner_loop`] is the one generic inner loop: per element it loads each input by its dtype
//!   (any stride), packs it into the 8-byte slot of the compiled ABI, calls the entry and stores
//!   the result converted to the output dtype as a C cast would. With `parallel`, loops of at
//!   least 2^16 elements run in chunks on the runtime's thread pool (element-wise, so results
//!   equal the serial ones). An error raised by the function stops the loop; the exception is
//!   set with the GIL taken (NumPy may run loops without it) and NumPy reports it.

use crate::env::PyEnvironment;
use crate::errors::{compile_error, internal_error, panic_error, runtime_error};
use numpy::npyffi::{npy_intp, PyUFuncGenericFunction, PyUFuncObject, NPY_TYPES, PY_UFUNC_API};
use oxjit_compiler::types::Type;
use oxjit_compiler::{compile, Compiled, Options};
use oxjit_runtime::errors::{take_error, ErrorKind, RuntimeError};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use std::ffi::{c_char, c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

type EntryFn = extern "C" fn(*const u64, *mut u64) -> i32;

/// The most inputs a ufunc may have (the slots live on the stack).
const MAX_INPUTS: usize = 32;

/// Loops at least this long are split into chunks on the thread pool (`target="parallel"`).
const PARALLEL_MIN: usize = 1 << 16;

/// A dtype of a ufunc operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    F64,
    F32,
    I64,
    I32,
    U8,
    Bool,
}

impl Kind {
    pub(crate) fn from_name(name: &str) -> PyResult<Kind> {
        Ok(match name {
            "float64" => Kind::F64,
            "float32" => Kind::F32,
            "int64" => Kind::I64,
            "int32" => Kind::I32,
            "uint8" => Kind::U8,
            "bool" => Kind::Bool,
            other => {
                return Err(PyTypeError::new_err(format!(
                    "oxjit.vectorize supports the dtypes float64, float32, int64, int32, uint8 \
                     and bool, not `{other}`"
                )))
            }
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::F64 => "float64",
            Kind::F32 => "float32",
            Kind::I64 => "int64",
            Kind::I32 => "int32",
            Kind::U8 => "uint8",
            Kind::Bool => "bool",
        }
    }

    /// The output dtype for a compiled result type (lazy ufuncs).
    fn of_result(t: &Type) -> Option<Kind> {
        Some(match t {
            Type::Float => Kind::F64,
            Type::Float32 => Kind::F32,
            Type::Int => Kind::I64,
            Type::Bool => Kind::Bool,
            _ => return None,
        })
    }

    /// The scalar type the function is compiled for (narrow ints widen to int64).
    pub(crate) fn scalar(self) -> Type {
        match self {
            Kind::F64 => Type::Float,
            Kind::F32 => Type::Float32,
            Kind::I64 | Kind::I32 | Kind::U8 => Type::Int,
            Kind::Bool => Type::Bool,
        }
    }

    pub(crate) fn type_num(self) -> c_char {
        let n = match self {
            Kind::F64 => NPY_TYPES::NPY_DOUBLE,
            Kind::F32 => NPY_TYPES::NPY_FLOAT,
            // int64 is `long` on LP64 Linux/macOS and `long long` on Windows.
            Kind::I64 if cfg!(windows) => NPY_TYPES::NPY_LONGLONG,
            Kind::I64 => NPY_TYPES::NPY_LONG,
            Kind::I32 => NPY_TYPES::NPY_INT,
            Kind::U8 => NPY_TYPES::NPY_UBYTE,
            Kind::Bool => NPY_TYPES::NPY_BOOL,
        };
        n as c_char
    }

    /// The element at `p` as the compiled ABI's 8-byte slot.
    ///
    /// # Safety
    /// `p` points to a readable element of this dtype (any alignment).
    #[inline(always)]
    pub(crate) unsafe fn load(self, p: *const u8) -> u64 {
        // SAFETY: guaranteed by the caller; unaligned reads because NumPy allows unaligned data.
        unsafe {
            match self {
                Kind::F64 | Kind::I64 => std::ptr::read_unaligned(p as *const u64),
                Kind::F32 => std::ptr::read_unaligned(p as *const f32).to_bits() as u64,
                Kind::I32 => std::ptr::read_unaligned(p as *const i32) as i64 as u64,
                Kind::U8 => *p as u64,
                Kind::Bool => (*p != 0) as u64,
            }
        }
    }

    /// Store a result slot of compiled type `ret` at `p`, converted as a C cast would.
    ///
    /// # Safety
    /// `p` points to a writable element of this dtype (any alignment).
    #[inline(always)]
    unsafe fn store(self, ret: Kind, slot: u64, p: *mut u8) {
        if self == ret && matches!(self, Kind::F64 | Kind::I64) {
            // SAFETY: guaranteed by the caller.
            unsafe { std::ptr::write_unaligned(p as *mut u64, slot) };
            return;
        }
        let value = match ret {
            Kind::F64 => Num::F(f64::from_bits(slot)),
            Kind::F32 => Num::F(f32::from_bits(slot as u32) as f64),
            Kind::Bool => Num::I((slot != 0) as i64),
            Kind::I64 | Kind::I32 | Kind::U8 => Num::I(slot as i64),
        };
        // SAFETY: guaranteed by the caller.
        unsafe {
            match (self, value) {
                (Kind::F64, Num::F(v)) => std::ptr::write_unaligned(p as *mut f64, v),
                (Kind::F64, Num::I(v)) => std::ptr::write_unaligned(p as *mut f64, v as f64),
                (Kind::F32, Num::F(v)) => std::ptr::write_unaligned(p as *mut f32, v as f32),
                (Kind::F32, Num::I(v)) => std::ptr::write_unaligned(p as *mut f32, v as f32),
                (Kind::I64, Num::F(v)) => std::ptr::write_unaligned(p as *mut i64, v as i64),
                (Kind::I64, Num::I(v)) => std::ptr::write_unaligned(p as *mut i64, v),
                (Kind::I32, Num::F(v)) => std::ptr::write_unaligned(p as *mut i32, v as i64 as i32),
                (Kind::I32, Num::I(v)) => std::ptr::write_unaligned(p as *mut i32, v as i32),
                (Kind::U8, Num::F(v)) => *p = v as i64 as u8,
                (Kind::U8, Num::I(v)) => *p = v as u8,
                (Kind::Bool, Num::F(v)) => *p = (v != 0.0) as u8,
                (Kind::Bool, Num::I(v)) => *p = (v != 0) as u8,
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Num {
    F(f64),
    I(i64),
}

/// What the inner loop needs to run one compiled signature.
struct LoopData {
    entry: EntryFn,
    ins: Vec<Kind>,
    out: Kind,
    /// The compiled result type, as the dtype of its slot.
    ret: Kind,
    /// Every operand is an 8-byte number stored as its slot is (no conversion): the fast path.
    raw: bool,
}

/// One compiled signature of a ufunc: the machine code and the loop's data.
#[pyclass(frozen, weakref, module = "oxjit._oxjit")]
pub struct UfuncLoop {
    data: Box<LoopData>,
    /// Keeps the machine code alive.
    _code: Compiled,
}

#[pymethods]
impl UfuncLoop {
    /// The input dtype names.
    #[getter]
    fn inputs(&self) -> Vec<&'static str> {
        self.data.ins.iter().map(|k| k.name()).collect()
    }

    /// The output dtype name.
    #[getter]
    fn output(&self) -> &'static str {
        self.data.out.name()
    }

    fn __repr__(&self) -> String {
        format!(
            "<oxjit ufunc loop ({}) -> {}>",
            self.inputs().join(", "),
            self.output()
        )
    }
}

/// Compile the function registered under dispatcher id `func_id` for `types`.
pub(crate) fn compile_function(
    py: Python<'_>,
    func_id: u64,
    types: &[Type],
    boundscheck: bool,
) -> PyResult<Compiled> {
    let options = Options {
        boundscheck,
        parallel: false,
        ..Options::default()
    };
    let env = PyEnvironment { py };
    catch_unwind(AssertUnwindSafe(|| compile(&env, func_id, types, &options)))
        .map_err(|p| panic_error(py, "compiling", p))?
        .map_err(|e| compile_error(py, e))
}

/// Compile the function registered under dispatcher id `func_id` for the scalar types of the
/// input dtypes `ins`; `out` is the output dtype (`None`: the dtype of the result type).
#[pyfunction]
#[pyo3(signature = (func_id, ins, out = None, boundscheck = true))]
fn _compile_ufunc_loop(
    py: Python<'_>,
    func_id: u64,
    ins: Vec<String>,
    out: Option<String>,
    boundscheck: bool,
) -> PyResult<UfuncLoop> {
    let ins = ins
        .iter()
        .map(|n| Kind::from_name(n))
        .collect::<PyResult<Vec<_>>>()?;
    if ins.is_empty() || ins.len() > MAX_INPUTS {
        return Err(PyValueError::new_err(format!(
            "a ufunc takes 1 to {MAX_INPUTS} inputs, not {}",
            ins.len()
        )));
    }
    let types: Vec<Type> = ins.iter().map(|k| k.scalar()).collect();
    let compiled = compile_function(py, func_id, &types, boundscheck)?;
    let Some(ret) = Kind::of_result(&compiled.ret) else {
        return Err(compile_error(
            py,
            oxjit_compiler::error::CompileError::new(
                oxjit_compiler::error::ErrorKind::Typing,
                format!(
                    "a vectorized function must return a number or a bool, not `{}`",
                    compiled.ret
                ),
                None,
            ),
        ));
    };
    let out = match out {
        Some(n) => Kind::from_name(&n)?,
        None => ret,
    };
    // SAFETY: every compiled entry has this signature (see oxjit_compiler::codegen).
    let entry: EntryFn = unsafe { std::mem::transmute(compiled.entry()) };
    let wide = |k: &Kind| matches!(k, Kind::F64 | Kind::I64);
    let raw = ins.iter().all(wide) && wide(&out) && out == ret;
    Ok(UfuncLoop {
        data: Box::new(LoopData {
            entry,
            ins,
            out,
            ret,
            raw,
        }),
        _code: compiled,
    })
}

/// What NumPy's `data` pointer of one loop points to.
struct LoopRef {
    data: *const LoopData,
    parallel: bool,
}

/// Everything a ufunc made by oxjit points into, owned by the ufunc (its `obj` slot).
#[pyclass(frozen, module = "oxjit._oxjit")]
pub struct UfuncOwner {
    /// The compiled loops (`UfuncLoop`s or `GufuncLoop`s): keep their code and data alive.
    loops: Vec<Py<PyAny>>,
    /// What the `data` pointers point to.
    _refs: Box<dyn std::any::Any>,
    _funcs: Vec<PyUFuncGenericFunction>,
    _data: Vec<*mut c_void>,
    _types: Vec<c_char>,
    _name: CString,
    _doc: CString,
    _signature: Option<CString>,
}

// SAFETY: the raw pointers point into data this object owns (or keeps alive through `loops`),
// never mutated after construction.
unsafe impl Send for UfuncOwner {}
// SAFETY: as above; all fields are read-only after construction.
unsafe impl Sync for UfuncOwner {}

#[pymethods]
impl UfuncOwner {
    /// The compiled loops, in the order NumPy tries them.
    #[getter]
    fn loops(&self, py: Python<'_>) -> Vec<Py<PyAny>> {
        self.loops.iter().map(|l| l.clone_ref(py)).collect()
    }
}

/// The arrays a new ufunc's loops are described by (one entry per loop; `types` has
/// `nin + nout` type numbers per loop).
pub(crate) struct LoopTables {
    pub loops: Vec<Py<PyAny>>,
    pub refs: Box<dyn std::any::Any>,
    pub funcs: Vec<PyUFuncGenericFunction>,
    pub data: Vec<*mut c_void>,
    pub types: Vec<c_char>,
}

/// Make a `numpy.ufunc` (a generalized one when `signature` is given, e.g. `"(n),(n)->()"`)
/// that owns `tables`. `identity` is NumPy's code: 0, 1, -1 (none), -2 (reorderable none).
#[allow(clippy::too_many_arguments)]
pub(crate) fn make_ufunc(
    py: Python<'_>,
    name: &str,
    doc: &str,
    nin: usize,
    nout: usize,
    identity: i32,
    signature: Option<&str>,
    mut t: LoopTables,
) -> PyResult<Py<PyAny>> {
    if !(-2..=1).contains(&identity) {
        return Err(PyValueError::new_err(format!(
            "unknown ufunc identity code {identity}"
        )));
    }
    let ntypes = t.funcs.len();
    if t.data.len() != ntypes || t.types.len() != ntypes * (nin + nout) {
        return Err(internal_error(py, "inconsistent ufunc loop tables"));
    }
    let cstr = |s: &str| CString::new(s).map_err(|e| PyValueError::new_err(e.to_string()));
    let name = cstr(name)?;
    let doc = cstr(doc)?;
    let signature = signature.map(cstr).transpose()?;
    // SAFETY: the arrays passed stay alive and unmoved (their heap buffers move into the owner,
    // which the ufunc owns) for the ufunc's whole life; sizes are checked above.
    let ufunc = unsafe {
        match &signature {
            None => PY_UFUNC_API.PyUFunc_FromFuncAndData(
                py,
                t.funcs.as_mut_ptr(),
                t.data.as_mut_ptr(),
                t.types.as_mut_ptr(),
                ntypes as i32,
                nin as i32,
                nout as i32,
                identity,
                name.as_ptr(),
                doc.as_ptr(),
                0,
            ),
            Some(sig) => PY_UFUNC_API.PyUFunc_FromFuncAndDataAndSignature(
                py,
                t.funcs.as_mut_ptr(),
                t.data.as_mut_ptr(),
                t.types.as_mut_ptr(),
                ntypes as i32,
                nin as i32,
                nout as i32,
                identity,
                name.as_ptr(),
                doc.as_ptr(),
                0,
                sig.as_ptr(),
            ),
        }
    };
    if ufunc.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: `ufunc` is a new reference NumPy just returned.
    let ufunc: Py<PyAny> = unsafe { Bound::from_owned_ptr(py, ufunc) }.unbind();
    let owner = Py::new(
        py,
        UfuncOwner {
            loops: t.loops,
            _refs: t.refs,
            _funcs: t.funcs,
            _data: t.data,
            _types: t.types,
            _name: name,
            _doc: doc,
            _signature: signature,
        },
    )?;
    // SAFETY: a ufunc made by `PyUFunc_FromFuncAndData*` is a `PyUFuncObject` whose `obj` slot
    // is null; NumPy drops the reference stored there when the ufunc is deallocated.
    unsafe {
        let u = ufunc.as_ptr() as *mut PyUFuncObject;
        if !(*u).fields.obj.is_null() {
            return Err(internal_error(py, "the new ufunc already owns an object"));
        }
        (*u).fields.obj = owner.into_ptr();
    }
    Ok(ufunc)
}

/// A `numpy.ufunc` named `name` over the compiled `loops` (all with `nin` inputs, one output).
/// `identity` is NumPy's code: 0, 1, -1 (none), -2 (reorderable none).
#[pyfunction]
#[pyo3(signature = (name, doc, nin, loops, identity = -1, parallel = false))]
fn _build_ufunc(
    py: Python<'_>,
    name: &str,
    doc: &str,
    nin: usize,
    loops: Vec<Py<UfuncLoop>>,
    identity: i32,
    parallel: bool,
) -> PyResult<Py<PyAny>> {
    let mut refs = Vec::with_capacity(loops.len());
    let mut types = Vec::with_capacity(loops.len() * (nin + 1));
    for l in &loops {
        let d = &l.get().data;
        if d.ins.len() != nin {
            return Err(PyValueError::new_err(format!(
                "a loop of {} inputs in a ufunc of {nin}",
                d.ins.len()
            )));
        }
        types.extend(d.ins.iter().map(|k| k.type_num()));
        types.push(d.out.type_num());
        refs.push(LoopRef {
            data: &**d as *const LoopData,
            parallel,
        });
    }
    let refs = Box::new(refs);
    let data: Vec<*mut c_void> = refs
        .iter()
        .map(|r| r as *const LoopRef as *mut c_void)
        .collect();
    let tables = LoopTables {
        funcs: vec![Some(inner_loop); loops.len()],
        loops: loops.into_iter().map(|l| l.into_any()).collect(),
        refs,
        data,
        types,
    };
    make_ufunc(py, name, doc, nin, 1, identity, None, tables)
}

/// The loops of a ufunc made by `_build_ufunc` (for tests and introspection).
#[pyfunction]
fn _ufunc_loops(py: Python<'_>, ufunc: &Bound<'_, PyAny>) -> PyResult<Vec<Py<PyAny>>> {
    let numpy_ufunc = py.import("numpy")?.getattr("ufunc")?;
    if !ufunc.is_instance(&numpy_ufunc)? {
        return Err(PyTypeError::new_err("expected a numpy.ufunc"));
    }
    // SAFETY: `ufunc` is a `PyUFuncObject` (checked above); `obj` is null or an object.
    let obj = unsafe { (*(ufunc.as_ptr() as *mut PyUFuncObject)).fields.obj };
    if obj.is_null() {
        return Err(PyTypeError::new_err("not a ufunc made by oxjit"));
    }
    // SAFETY: a non-null `obj` is a live object the ufunc owns.
    let obj = unsafe { Bound::from_borrowed_ptr(py, obj) };
    let owner = obj
        .cast::<UfuncOwner>()
        .map_err(|_| PyTypeError::new_err("not a ufunc made by oxjit"))?;
    Ok(owner.get().loops(py))
}

/// The operands of one inner-loop call.
struct Operands<'a> {
    d: &'a LoopData,
    ptrs: [*mut u8; MAX_INPUTS + 1],
    steps: [isize; MAX_INPUTS + 1],
}

impl Operands<'_> {
    /// Run elements `start..end`; the first error stops it.
    ///
    /// # Safety
    /// The pointers and steps are NumPy's for a loop of at least `end` elements.
    unsafe fn run(&self, start: usize, end: usize) -> Result<(), RuntimeError> {
        // SAFETY: forwarded from the caller.
        unsafe {
            match (self.d.raw, self.d.ins.len()) {
                (true, 1) => self.run_raw::<1>(start, end),
                (true, 2) => self.run_raw::<2>(start, end),
                (true, 3) => self.run_raw::<3>(start, end),
                (true, 4) => self.run_raw::<4>(start, end),
                _ => self.run_any(start, end),
            }
        }
    }

    /// `run` when every operand is an unconverted 8-byte number (`LoopData::raw`), for `N`
    /// inputs.
    ///
    /// # Safety
    /// As `run`.
    #[inline(always)]
    unsafe fn run_raw<const N: usize>(&self, start: usize, end: usize) -> Result<(), RuntimeError> {
        let entry = self.d.entry;
        let ptrs: [*const u8; N] = std::array::from_fn(|k| self.ptrs[k] as *const u8);
        let steps: [isize; N] = std::array::from_fn(|k| self.steps[k]);
        let (out, out_step) = (self.ptrs[N], self.steps[N]);
        let mut slots = [0u64; N];
        let mut ret = [0u64; 4];
        for i in start..end {
            let i = i as isize;
            for k in 0..N {
                // SAFETY: element `i` of operand `k` is inside NumPy's buffers.
                slots[k] =
                    unsafe { std::ptr::read_unaligned(ptrs[k].offset(i * steps[k]) as *const u64) };
            }
            if entry(slots.as_ptr(), ret.as_mut_ptr()) != 0 {
                return Err(failed());
            }
            // SAFETY: as above, for the output.
            unsafe { std::ptr::write_unaligned(out.offset(i * out_step) as *mut u64, ret[0]) };
        }
        Ok(())
    }

    /// `run` for any dtypes: loads and stores convert per element.
    ///
    /// # Safety
    /// As `run`.
    unsafe fn run_any(&self, start: usize, end: usize) -> Result<(), RuntimeError> {
        let d = self.d;
        let nin = d.ins.len();
        let mut slots = [0u64; MAX_INPUTS];
        let mut ret = [0u64; 4];
        for i in start..end {
            let i = i as isize;
            for (k, kind) in d.ins.iter().enumerate() {
                // SAFETY: element `i` of operand `k` is inside NumPy's buffers.
                slots[k] = unsafe { kind.load(self.ptrs[k].offset(i * self.steps[k])) };
            }
            if (d.entry)(slots.as_ptr(), ret.as_mut_ptr()) != 0 {
                return Err(failed());
            }
            // SAFETY: as above, for the output.
            unsafe {
                d.out
                    .store(d.ret, ret[0], self.ptrs[nin].offset(i * self.steps[nin]))
            };
        }
        Ok(())
    }
}

/// The pending error after compiled code returned a failure status.
#[cold]
pub(crate) fn failed() -> RuntimeError {
    take_error().unwrap_or_else(|| {
        RuntimeError::new(
            ErrorKind::ValueError,
            "compiled code failed without an error (this is a bug in oxjit, please report it)",
        )
    })
}

/// One chunk of a parallel loop (the runtime's kernel ABI).
struct ChunkEnv<'a> {
    ops: &'a Operands<'a>,
    n: usize,
    chunk: usize,
}

extern "C" fn run_chunk(env: *const u8, chunk: i64) -> i32 {
    // SAFETY: `env` is the `ChunkEnv` `inner_loop` passes, alive for the whole parallel call.
    let env = unsafe { &*(env as *const ChunkEnv<'_>) };
    let start = chunk as usize * env.chunk;
    let end = (start + env.chunk).min(env.n);
    // SAFETY: `start..end` is inside the loop NumPy gave.
    match unsafe { env.ops.run(start, end) } {
        Ok(()) => 0,
        Err(e) => {
            // The runtime moves the error of the lowest failing chunk to the caller.
            oxjit_runtime::errors::set_error(e.kind, e.message);
            1
        }
    }
}

/// The inner loop of every oxjit ufunc (NumPy's `PyUFuncGenericFunction`).
unsafe extern "C" fn inner_loop(
    args: *mut *mut c_char,
    dims: *mut npy_intp,
    steps: *mut npy_intp,
    data: *mut c_void,
) {
    // SAFETY: `data` is the `LoopRef` registered with this loop; NumPy passes `nin + 1`
    // operand pointers and steps and the element count in `dims[0]`.
    let result = catch_unwind(AssertUnwindSafe(|| unsafe {
        let r = &*(data as *const LoopRef);
        let d = &*r.data;
        let n = (*dims).max(0) as usize;
        let mut ops = Operands {
            d,
            ptrs: [std::ptr::null_mut(); MAX_INPUTS + 1],
            steps: [0; MAX_INPUTS + 1],
        };
        for k in 0..=d.ins.len() {
            ops.ptrs[k] = *args.add(k) as *mut u8;
            ops.steps[k] = *steps.add(k);
        }
        if r.parallel && n >= PARALLEL_MIN {
            let chunk = n.div_ceil(64).max(4096);
            let env = ChunkEnv {
                ops: &ops,
                n,
                chunk,
            };
            let nchunks = n.div_ceil(chunk) as i64;
            let status = oxjit_runtime::parallel::oxjit_rt_parallel_for(
                run_chunk,
                &env as *const ChunkEnv<'_> as *const u8,
                nchunks,
            );
            if status == 0 {
                Ok(())
            } else {
                Err(take_error().unwrap_or_else(|| {
                    RuntimeError::new(
                        ErrorKind::ValueError,
                        "a parallel ufunc loop failed without an error",
                    )
                }))
            }
        } else {
            ops.run(0, n)
        }
    }));
    let error = match result {
        Ok(Ok(())) => return,
        Ok(Err(e)) => e,
        Err(_) => loop_panic(),
    };
    report(error);
}

/// Set the Python exception of a loop's error, as the dispatcher would raise it (NumPy raises
/// it after the loop). NumPy may run loops with the GIL released: this takes it.
pub(crate) fn report(error: RuntimeError) {
    Python::attach(|py| {
        if PyErr::occurred(py) {
            return;
        }
        runtime_error(py, error).restore(py);
    });
}

/// The internal error of a panic caught inside a loop.
pub(crate) fn loop_panic() -> RuntimeError {
    RuntimeError::new(
        ErrorKind::ValueError,
        "internal error in an oxjit ufunc loop (this is a bug in oxjit, please report it)",
    )
}

/// Register the ufunc builders in the extension module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<UfuncLoop>()?;
    m.add_class::<UfuncOwner>()?;
    m.add_function(wrap_pyfunction!(_compile_ufunc_loop, m)?)?;
    m.add_function(wrap_pyfunction!(_build_ufunc, m)?)?;
    m.add_function(wrap_pyfunction!(_ufunc_loops, m)?)?;
    Ok(())
}
