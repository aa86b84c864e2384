//! The compiler's view of Python: function sources and frozen globals, through the helpers in
//! `oxjit._introspect`.

use oxjit_compiler::error::{CompileError, ErrorKind, Result};
use oxjit_compiler::ir::{Const, DefaultValue, ExcClass};
use oxjit_compiler::types::{Dtype, ExcRef, Type};
use oxjit_compiler::{ClassDef, Environment, FunctionSource, GlobalValue};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyTuple, PyType};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Python functions of every dispatcher, by dispatcher id.
fn registry() -> &'static Mutex<HashMap<u64, Py<PyAny>>> {
    static REG: OnceLock<Mutex<HashMap<u64, Py<PyAny>>>> = OnceLock::new();
    REG.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Exception classes of the user's modules that compiled code raises, by id (kept alive).
fn exceptions() -> &'static Mutex<Vec<Py<PyType>>> {
    static REG: OnceLock<Mutex<Vec<Py<PyType>>>> = OnceLock::new();
    REG.get_or_init(|| Mutex::new(Vec::new()))
}

/// The id of an exception class (the same class always gets the same id); a new class is also
/// described to the runtime (its built-in base, its relation to the classes registered before)
/// so `except` can test subclasses without Python.
fn register_exception(class: Bound<'_, PyType>) -> Option<u64> {
    let mut reg = exceptions().lock().ok()?;
    if let Some(i) = reg.iter().position(|c| c.as_ptr() == class.as_ptr()) {
        return Some(i as u64);
    }
    let py = class.py();
    let id = reg.len() as u64;
    let mut ancestors = Vec::new();
    let mut descendants = Vec::new();
    for (i, other) in reg.iter().enumerate() {
        let other = other.bind(py);
        if class.is_subclass(other).unwrap_or(false) {
            ancestors.push(i as u64);
        }
        if other.is_subclass(&class).unwrap_or(false) {
            descendants.push(i as u64);
        }
    }
    // The first built-in class oxjit knows in the method resolution order.
    let builtins = py.import("builtins").ok()?;
    let mut base = None;
    for c in class.mro().iter() {
        let Ok(name) = c.getattr("__name__").and_then(|n| n.extract::<String>()) else {
            continue;
        };
        let is_builtin = builtins
            .getattr(name.as_str())
            .is_ok_and(|b| b.as_ptr() == c.as_ptr());
        if let (true, Some(k)) = (is_builtin, ExcClass::from_name(&name)) {
            base = Some(k.runtime_kind());
            break;
        }
    }
    let class_name = class.name().ok()?.to_string();
    oxjit_runtime::errors::register_user_class(id, &class_name, base, &ancestors, &descendants);
    reg.push(class.unbind());
    Some(id)
}

/// The exception class of id `id`.
pub fn exception_class(py: Python<'_>, id: u64) -> Option<Bound<'_, PyType>> {
    let reg = exceptions().lock().ok()?;
    reg.get(id as usize).map(|c| c.bind(py).clone())
}

pub fn register(id: u64, func: Py<PyAny>) {
    if let Ok(mut r) = registry().lock() {
        r.insert(id, func);
    }
}

pub struct PyEnvironment<'py> {
    pub py: Python<'py>,
}

impl PyEnvironment<'_> {
    fn func(&self, id: u64) -> Option<Py<PyAny>> {
        registry()
            .lock()
            .ok()
            .and_then(|r| r.get(&id).map(|f| f.clone_ref(self.py)))
    }

    fn helper(&self, name: &str) -> PyResult<Bound<'_, PyAny>> {
        self.py.import("oxjit._introspect")?.getattr(name)
    }

    fn resolve(&self, id: u64, name: &str) -> PyResult<GlobalValue> {
        let Some(f) = self.func(id) else {
            return Ok(GlobalValue::Missing);
        };
        let (kind, value): (String, Bound<'_, PyAny>) =
            self.helper("resolve_global")?.call1((f, name))?.extract()?;
        Ok(match kind.as_str() {
            "int" => GlobalValue::Int(value.extract()?),
            "float" => GlobalValue::Float(value.extract()?),
            "bool" => GlobalValue::Bool(value.extract()?),
            "str" => GlobalValue::Str(value.extract()?),
            "module" => GlobalValue::Module(value.extract()?),
            "builtin" => GlobalValue::Builtin(value.extract()?),
            "math" => GlobalValue::MathFunc(value.extract()?),
            "random" => GlobalValue::RandomFunc(value.extract()?),
            "numpy" => GlobalValue::NumpyFunc(value.extract()?),
            "dtype" => {
                let n: String = value.extract()?;
                match Dtype::from_name(&n) {
                    Some(d) => GlobalValue::Dtype(d),
                    None => GlobalValue::Other(format!("numpy.{n}")),
                }
            }
            "jitted" => GlobalValue::Jitted(value.extract()?),
            "jitclass" => GlobalValue::Class(crate::classes::class_ref(value.extract()?)?),
            "exception" => {
                let n: String = value.extract()?;
                match ExcClass::from_name(&n) {
                    Some(c) => GlobalValue::ExceptionClass(ExcRef::Builtin(c)),
                    None => {
                        GlobalValue::Other(format!("class {n} (an exception oxjit cannot raise)"))
                    }
                }
            }
            "user_exception" => match register_exception(value.cast_into::<PyType>()?) {
                Some(id) => GlobalValue::ExceptionClass(ExcRef::User(id)),
                None => GlobalValue::Other("exception class".into()),
            },
            "frozen" => frozen(self.py, &value)?,
            "typed" => GlobalValue::Typed(value.extract()?),
            "type" => GlobalValue::TypeObject(crate::signature::type_from_spec(&value)?),
            "missing" => GlobalValue::Missing,
            _ => GlobalValue::Other(value.extract()?),
        })
    }
}

/// A module-level value frozen as a constant (`GlobalValue::Frozen`): typed and flattened as an
/// argument would be, except that NumPy float32 scalars stay float32 (as Numba types them).
/// `oxjit._introspect` keeps frozen arrays alive.
fn frozen(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<GlobalValue> {
    let ty = match frozen_type(py, obj) {
        Ok(t) => t,
        Err(e) => return Ok(GlobalValue::Other(e.value(py).to_string())),
    };
    let mut words = Vec::new();
    frozen_words(py, obj, &ty, &mut words)?;
    Ok(GlobalValue::Frozen { ty, words })
}

fn is_float32(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let f32_type = py.import("numpy")?.getattr("float32")?;
    obj.is_instance(&f32_type)
}

fn frozen_type(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    if is_float32(py, obj)? {
        return Ok(Type::Float32);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let items = t.iter().map(|i| frozen_type(py, &i));
        return Ok(Type::Tuple(items.collect::<PyResult<Vec<_>>>()?));
    }
    match crate::boxing::type_of(py, obj)? {
        t @ (Type::Int | Type::Uint64 | Type::Float | Type::Bool | Type::Array { .. }) => Ok(t),
        t => Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{t} (only numbers, NumPy scalars, arrays and tuples of those are frozen)"
        ))),
    }
}

fn frozen_words(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    ty: &Type,
    out: &mut Vec<u64>,
) -> PyResult<()> {
    match ty {
        Type::Float32 => out.push(obj.extract::<f32>()?.to_bits() as u64),
        Type::Tuple(items) => {
            let t = obj.cast::<PyTuple>()?;
            for (i, it) in items.iter().enumerate() {
                frozen_words(py, &t.get_item(i)?, it, out)?;
            }
        }
        _ => {
            let mut slots = crate::boxing::Slots::new();
            crate::boxing::flatten_arg(py, obj, ty, &mut slots)?;
            out.extend_from_slice(slots.as_slice());
        }
    }
    Ok(())
}

/// A Python default value as a constant oxjit can pass (int, float, bool, None, tuples).
fn default_value(v: &Bound<'_, PyAny>) -> DefaultValue {
    if v.is_none() {
        return DefaultValue::Const(Const::None);
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return DefaultValue::Const(Const::Bool(b.is_true()));
    }
    if let Ok(i) = v.cast::<PyInt>() {
        return match i.extract::<i64>() {
            Ok(i) => DefaultValue::Const(Const::Int(i)),
            Err(_) => DefaultValue::Unsupported,
        };
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return DefaultValue::Const(Const::Float(f.value()));
    }
    if let Ok(t) = v.cast::<PyTuple>() {
        return DefaultValue::Tuple(t.iter().map(|x| default_value(&x)).collect());
    }
    DefaultValue::Unsupported
}

impl PyEnvironment<'_> {
    fn read_defaults(&self, id: u64) -> PyResult<Option<Vec<(String, DefaultValue)>>> {
        let Some(f) = self.func(id) else {
            return Ok(None);
        };
        let f = f.bind(self.py);
        let code = f.getattr("__code__")?;
        let argcount: usize = code.getattr("co_argcount")?.extract()?;
        let kwonly: usize = code.getattr("co_kwonlyargcount")?.extract()?;
        let names: Vec<String> = code.getattr("co_varnames")?.extract()?;
        let mut out = Vec::new();
        let defaults = f.getattr("__defaults__")?;
        if !defaults.is_none() {
            let d = defaults.cast::<PyTuple>()?;
            let first = argcount.saturating_sub(d.len());
            for (name, v) in names[first..argcount].iter().zip(d.iter()) {
                out.push((name.clone(), default_value(&v)));
            }
        }
        let kw = f.getattr("__kwdefaults__")?;
        if !kw.is_none() {
            for name in names.get(argcount..argcount + kwonly).unwrap_or(&[]) {
                if let Ok(v) = kw.get_item(name) {
                    out.push((name.clone(), default_value(&v)));
                }
            }
        }
        Ok(Some(out))
    }
}

impl PyEnvironment<'_> {
    fn read_locals(&self, id: u64) -> PyResult<Vec<(String, Type)>> {
        let Some(f) = self.func(id) else {
            return Ok(Vec::new());
        };
        let specs: Vec<(String, Bound<'_, PyAny>)> =
            self.helper("function_locals")?.call1((f,))?.extract()?;
        specs
            .into_iter()
            .map(|(name, spec)| Ok((name, crate::signature::type_from_spec(&spec)?)))
            .collect()
    }
}

impl PyEnvironment<'_> {
    /// A `jitclass` as `oxjit.experimental` describes it (field specs become types here).
    fn read_class(&self, id: u64) -> PyResult<ClassDef> {
        type Info = (
            String,
            Vec<(String, Py<PyAny>)>,
            Vec<(String, u64)>,
            Vec<(String, u64, Option<u64>)>,
            Option<u64>,
        );
        let info: Info = self
            .py
            .import("oxjit.experimental")?
            .getattr("_class_info")?
            .call1((id,))?
            .extract()?;
        let (name, specs, methods, properties, init) = info;
        let mut fields = Vec::with_capacity(specs.len());
        for (field, spec) in specs {
            let t = crate::signature::type_from_spec(spec.bind(self.py)).map_err(|e| {
                pyo3::exceptions::PyTypeError::new_err(format!(
                    "field `{field}` of jitclass `{name}`: {}",
                    e.value(self.py)
                ))
            })?;
            fields.push((field, t));
        }
        Ok(ClassDef {
            name,
            fields,
            methods,
            properties,
            init,
        })
    }
}

impl Environment for PyEnvironment<'_> {
    fn class(&self, id: u64) -> Result<ClassDef> {
        self.read_class(id).map_err(|e| {
            CompileError::new(
                ErrorKind::Unsupported,
                format!("jitclass: {}", e.value(self.py)),
                None,
            )
        })
    }

    fn defaults(&self, func: u64) -> Option<Vec<(String, DefaultValue)>> {
        // A function oxjit cannot inspect keeps the literal defaults of its source.
        self.read_defaults(func).ok().flatten()
    }

    fn locals(&self, func: u64) -> Result<Vec<(String, Type)>> {
        self.read_locals(func)
            .map_err(|e| CompileError::new(ErrorKind::Typing, format!("bad `locals=`: {e}"), None))
    }

    fn global(&self, func: u64, name: &str) -> GlobalValue {
        self.resolve(func, name)
            .unwrap_or_else(|e| GlobalValue::Other(format!("<lookup failed: {e}>")))
    }

    fn source(&self, func: u64) -> Result<FunctionSource> {
        let fail = |msg: String| CompileError::new(ErrorKind::Unsupported, msg, None);
        let f = self
            .func(func)
            .ok_or_else(|| CompileError::internal("environment", "unknown function id"))?;
        let got: PyResult<(String, String, u32, u32)> = self
            .helper("function_source")
            .and_then(|h| h.call1((f,)))
            .and_then(|r| r.extract());
        let (text, filename, first_line, col_offset) =
            got.map_err(|e| fail(format!("cannot read the source of the function: {e}")))?;
        Ok(FunctionSource {
            text,
            filename,
            first_line,
            col_offset,
        })
    }
}
