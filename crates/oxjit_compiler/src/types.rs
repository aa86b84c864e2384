//! The types oxjit specialises on, in Python/NumPy notation when printed.

use crate::intrinsics::{Intrinsic, Module};
use std::fmt;

/// Element type of an array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dtype {
    Float64,
    Float32,
    Int64,
    Int32,
    Int16,
    Int8,
    Uint64,
    Uint32,
    Uint16,
    Uint8,
    Bool,
    /// Pairs of float32 (real, imaginary).
    Complex64,
    /// Pairs of float64 (real, imaginary).
    Complex128,
    /// A structured dtype with numeric fields (`crate::records`); elements are records.
    Record(crate::records::RecordId),
}

/// The kind of a dtype, for promotion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bool,
    Signed,
    Unsigned,
    Float,
    Complex,
    Record,
}

impl Dtype {
    /// Every dtype, in the order of NumPy's type numbers.
    pub const ALL: [Dtype; 13] = [
        Dtype::Bool,
        Dtype::Int8,
        Dtype::Uint8,
        Dtype::Int16,
        Dtype::Uint16,
        Dtype::Int32,
        Dtype::Uint32,
        Dtype::Int64,
        Dtype::Uint64,
        Dtype::Float32,
        Dtype::Float64,
        Dtype::Complex64,
        Dtype::Complex128,
    ];
    pub fn itemsize(self) -> i64 {
        match self {
            Dtype::Complex128 => 16,
            Dtype::Float64 | Dtype::Int64 | Dtype::Uint64 | Dtype::Complex64 => 8,
            Dtype::Float32 | Dtype::Int32 | Dtype::Uint32 => 4,
            Dtype::Int16 | Dtype::Uint16 => 2,
            Dtype::Int8 | Dtype::Uint8 | Dtype::Bool => 1,
            Dtype::Record(r) => r.itemsize(),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Dtype::Float64 => "float64",
            Dtype::Float32 => "float32",
            Dtype::Int64 => "int64",
            Dtype::Int32 => "int32",
            Dtype::Int16 => "int16",
            Dtype::Int8 => "int8",
            Dtype::Uint64 => "uint64",
            Dtype::Uint32 => "uint32",
            Dtype::Uint16 => "uint16",
            Dtype::Uint8 => "uint8",
            Dtype::Bool => "bool",
            Dtype::Complex64 => "complex64",
            Dtype::Complex128 => "complex128",
            Dtype::Record(r) => r.name(),
        }
    }
    pub fn from_name(name: &str) -> Option<Dtype> {
        Some(match name {
            "float64" | "double" | "float_" => Dtype::Float64,
            "float32" | "single" => Dtype::Float32,
            "int64" | "int_" | "intp" => Dtype::Int64,
            "int32" | "intc" => Dtype::Int32,
            "int16" | "short" => Dtype::Int16,
            "int8" | "byte" => Dtype::Int8,
            "uint64" | "uint" | "uintp" => Dtype::Uint64,
            "uint32" | "uintc" => Dtype::Uint32,
            "uint16" | "ushort" => Dtype::Uint16,
            "uint8" | "ubyte" => Dtype::Uint8,
            "bool" | "bool_" => Dtype::Bool,
            "complex128" | "complex_" | "cdouble" | "complex" => Dtype::Complex128,
            "complex64" | "csingle" => Dtype::Complex64,
            _ => return Option::None,
        })
    }
    /// The dtype of a scalar type.
    pub fn of_scalar(t: &Type) -> Option<Dtype> {
        Some(match t {
            Type::Int => Dtype::Int64,
            Type::Uint64 => Dtype::Uint64,
            Type::Float => Dtype::Float64,
            Type::Float32 => Dtype::Float32,
            Type::Bool => Dtype::Bool,
            Type::Complex => Dtype::Complex128,
            _ => return None,
        })
    }
    fn kind(self) -> Kind {
        match self {
            Dtype::Bool => Kind::Bool,
            Dtype::Float64 | Dtype::Float32 => Kind::Float,
            Dtype::Int64 | Dtype::Int32 | Dtype::Int16 | Dtype::Int8 => Kind::Signed,
            Dtype::Uint64 | Dtype::Uint32 | Dtype::Uint16 | Dtype::Uint8 => Kind::Unsigned,
            Dtype::Complex64 | Dtype::Complex128 => Kind::Complex,
            Dtype::Record(_) => Kind::Record,
        }
    }
    pub fn is_float(self) -> bool {
        self.kind() == Kind::Float
    }
    pub fn is_int(self) -> bool {
        matches!(self.kind(), Kind::Signed | Kind::Unsigned)
    }
    pub fn is_complex(self) -> bool {
        self.kind() == Kind::Complex
    }
    pub fn is_unsigned(self) -> bool {
        self.kind() == Kind::Unsigned
    }
    /// An integer dtype narrower than 64 bits: computed in int64 and wrapped to its width.
    pub fn is_narrow_int(self) -> bool {
        self.is_int() && self.itemsize() < 8
    }
    fn signed_of_bits(bytes: i64) -> Dtype {
        match bytes {
            1 => Dtype::Int8,
            2 => Dtype::Int16,
            4 => Dtype::Int32,
            _ => Dtype::Int64,
        }
    }
    /// NumPy 2's promotion of two array dtypes (`numpy.result_type`).
    pub fn promote(a: Dtype, b: Dtype) -> Dtype {
        use Kind as K;
        if a == b {
            return a;
        }
        let (sa, sb) = (a.itemsize(), b.itemsize());
        match (a.kind(), b.kind()) {
            // Never reached from user code: typing refuses arithmetic on records
            // (`infer::records`).
            (K::Record, _) | (_, K::Record) => a,
            (K::Bool, _) => b,
            (_, K::Bool) => a,
            (K::Complex, _) | (_, K::Complex) => {
                // complex64 holds what float32 holds (int8/uint8/int16/uint16, float32).
                let other = if a.is_complex() { b } else { a };
                let small = |d: Dtype| {
                    d == Dtype::Complex64
                        || (!d.is_complex() && Dtype::promote(d, Dtype::Float32) == Dtype::Float32)
                };
                if a.is_complex() && b.is_complex() {
                    if a == Dtype::Complex64 && b == Dtype::Complex64 {
                        Dtype::Complex64
                    } else {
                        Dtype::Complex128
                    }
                } else if (a == Dtype::Complex64 || b == Dtype::Complex64) && small(other) {
                    Dtype::Complex64
                } else {
                    Dtype::Complex128
                }
            }
            (K::Float, K::Float) => {
                if sa >= sb {
                    a
                } else {
                    b
                }
            }
            // float32 holds int8/uint8/int16/uint16 exactly; wider integers need float64.
            (K::Float, _) | (_, K::Float) => {
                let (f, i) = if a.is_float() { (a, b) } else { (b, a) };
                if f == Dtype::Float32 && i.itemsize() <= 2 {
                    Dtype::Float32
                } else {
                    Dtype::Float64
                }
            }
            (K::Signed, K::Signed) | (K::Unsigned, K::Unsigned) => {
                if sa >= sb {
                    a
                } else {
                    b
                }
            }
            _ => {
                let (s, u) = if a.kind() == K::Signed {
                    (a, b)
                } else {
                    (b, a)
                };
                if s.itemsize() > u.itemsize() {
                    s
                } else if u.itemsize() < 8 {
                    Dtype::signed_of_bits(2 * u.itemsize())
                } else {
                    // uint64 with any signed integer: no integer type holds both.
                    Dtype::Float64
                }
            }
        }
    }
    /// Promotion of an array dtype with a Python scalar (NEP 50: the scalar is "weak").
    pub fn promote_weak(arr: Dtype, scalar: &Type) -> Dtype {
        match scalar {
            Type::Bool => arr,
            Type::Int => {
                if arr == Dtype::Bool {
                    Dtype::Int64
                } else {
                    arr
                }
            }
            // A float32 or uint64 scalar is a NumPy scalar (strong).
            Type::Float32 => Dtype::promote(arr, Dtype::Float32),
            Type::Uint64 => Dtype::promote(arr, Dtype::Uint64),
            // A Python complex is weak: complex arrays keep their dtype (NEP 50).
            Type::Complex => {
                if arr.is_complex() {
                    arr
                } else if arr == Dtype::Float32 {
                    Dtype::Complex64
                } else {
                    Dtype::Complex128
                }
            }
            _ => {
                if arr.is_float() || arr.is_complex() {
                    arr
                } else {
                    Dtype::Float64
                }
            }
        }
    }
    /// The scalar type an element reads as: integers narrower than 64 bits widen to int64 (as
    /// in Numba's arithmetic), uint64 stays uint64, float32 stays float32.
    pub fn scalar(self) -> Type {
        match self {
            Dtype::Float64 => Type::Float,
            Dtype::Float32 => Type::Float32,
            Dtype::Uint64 => Type::Uint64,
            Dtype::Int64
            | Dtype::Int32
            | Dtype::Int16
            | Dtype::Int8
            | Dtype::Uint32
            | Dtype::Uint16
            | Dtype::Uint8 => Type::Int,
            Dtype::Bool => Type::Bool,
            Dtype::Complex64 | Dtype::Complex128 => Type::Complex,
            Dtype::Record(r) => Type::Record(r),
        }
    }
}

/// Memory layout of an array, as far as the type knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// C-contiguous: the last axis has stride `itemsize`.
    C,
    /// Fortran-contiguous: the first axis has stride `itemsize`.
    F,
    /// Any strides.
    A,
}

/// A compile-time-only value: modules and functions named in the source.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Callable {
    /// A function of the table of intrinsics (`numpy`, `numpy.random`, `math`, builtins).
    Intrinsic(Intrinsic),
    /// An array method bound to its receiver (`a.sum`): the intrinsic with the receiver as
    /// first argument.
    Method(Intrinsic),
    /// Another jitted function, by its dispatcher id.
    Jitted(u64),
    /// A `jitclass`: calling it makes an instance (`crate::infer::classes`).
    Class(ClassRef),
    /// A method of a `jitclass` instance bound to its receiver (the receiver is the `Attr`
    /// instruction's object): the jitted function of the method, by dispatcher id.
    BoundMethod(u64),
}

/// A `jitclass`, by its id in the environment (`Environment::class`); the name is for messages.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClassRef {
    pub id: u64,
    pub name: std::sync::Arc<str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// Not known yet (only during inference).
    Unknown,
    Int,
    /// A `numpy.uint64` scalar (an element of a uint64 array, or a uint64 reduction): 64 bits
    /// compared and divided unsigned.
    Uint64,
    Float,
    Float32,
    /// A Python `complex` (complex128): two float64 slots, real then imaginary.
    Complex,
    /// A Python `range` used as a value: three int64 slots, start, stop and step (not 0).
    Range,
    Bool,
    None,
    Tuple(Vec<Type>),
    Array {
        dtype: Dtype,
        ndim: u8,
        layout: Layout,
    },
    /// A value that may be `None` (a variable or a return assigned `None` on some paths):
    /// flattened as a presence flag (bool) and then the value's components (zeros when
    /// absent). Reads narrowed by `x is not None` tests have the inner type (`infer::narrow`).
    Optional(Box<Type>),
    /// An exception object caught by `except ... as e` (`crate::heap`): raised again by
    /// `raise e` or a bare `raise`.
    Exception,
    /// `e.args` of a caught exception: a tuple whose length is known only at run time (`()`
    /// for a bare class raise). The same object as the exception (one `MemInfo` word);
    /// boxed as a Python tuple, with `len`, indexing (string arguments) and `str`/`print`.
    ExceptionArgs,
    /// A list object (`crate::heap`): homogeneous elements of the given type (`Unknown`
    /// while only an empty display `[]` has been seen).
    List(Box<Type>),
    /// A Python `str` object (`crate::heap`, runtime `oxjit_runtime::str`): one word, its
    /// `MemInfo` pointer.
    Str,
    /// A dict object (`crate::heap`): keys and values of one type each (`Unknown` while only
    /// an empty `{}`/`dict()` has been seen).
    Dict(Box<Type>, Box<Type>),
    /// A set object (`crate::heap`): elements of one type.
    Set(Box<Type>),
    /// An instance of a `jitclass` (`crate::heap`, runtime `oxjit_runtime::instance`): one
    /// word, its `MemInfo` pointer; its fields are flat slots (`heap::instance_layout`).
    Instance(ClassRef),
    /// One record of a structured array (`crate::records`): two words, the array's `MemInfo`
    /// (borrowed, not counted: for its read-only tag) and the address of the record's bytes
    /// inside the array (a reference, not a copy).
    Record(crate::records::RecordId),
    /// A `numpy.random.Generator` made by `numpy.random.default_rng(seed)` in compiled code
    /// (`crate::heap`, runtime `oxjit_runtime::random::gen_ffi`): one word, its `MemInfo`
    /// pointer; the PCG64 state lives in the object.
    Generator,
    /// A module: `numpy`, `math`, `numpy.random`.
    Module(String),
    /// A function value (compile time only).
    Function(Callable),
    /// A NumPy dtype used as a value, e.g. `numpy.float64` in `dtype=`.
    DtypeValue(Dtype),
    /// An `oxjit.types` type object used as a value (`types.float64` in
    /// `Dict.empty(key_type=..., value_type=...)`), compile time only: the type it names.
    TypeRef(Box<Type>),
    /// A slice `start:stop:step` in a subscript (compile time only).
    Slice,
    /// An exception class (compile time only; only raised).
    ExceptionClass(ExcRef),
}

/// An exception class compiled code can raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExcRef {
    Builtin(crate::ir::ExcClass),
    /// A subclass of `Exception` defined by the user, by its id in the binding's registry.
    User(u64),
}

impl Type {
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Type::Int | Type::Uint64 | Type::Float | Type::Float32 | Type::Bool
        )
    }
    pub fn is_float(&self) -> bool {
        matches!(self, Type::Float | Type::Float32)
    }
    /// An int, float, float32 or bool: a real number of one component (not uint64).
    pub fn is_real_scalar(&self) -> bool {
        matches!(self, Type::Int | Type::Float | Type::Float32 | Type::Bool)
    }
    /// A real number or a complex one (`is_number` is real numbers only).
    pub fn is_numeric(&self) -> bool {
        self.is_number() || *self == Type::Complex
    }
    pub fn array(dtype: Dtype, ndim: u8, layout: Layout) -> Type {
        Type::Array {
            dtype,
            ndim,
            layout,
        }
    }
    /// True if values of this type exist only at compile time (no machine representation).
    pub fn is_compile_time(&self) -> bool {
        matches!(
            self,
            Type::Module(_)
                | Type::Function(_)
                | Type::DtypeValue(_)
                | Type::TypeRef(_)
                | Type::Slice
                | Type::ExceptionClass(_)
        )
    }
    /// Can a variable hold this type or `None` (`Optional`)? Values with a machine
    /// representation, except lists (their elements' layout has no flag).
    pub fn can_be_optional(&self) -> bool {
        !self.is_compile_time()
            && !matches!(
                self,
                Type::Unknown | Type::None | Type::Optional(_) | Type::List(_)
            )
    }
    /// True if the type holds a reference-counted object somewhere inside (see [`crate::heap`]).
    pub fn holds_references(&self) -> bool {
        crate::heap::holds_references(self)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Unknown => write!(f, "<unknown>"),
            Type::Int => write!(f, "int64"),
            Type::Uint64 => write!(f, "uint64"),
            Type::Float => write!(f, "float64"),
            Type::Float32 => write!(f, "float32"),
            Type::Complex => write!(f, "complex128"),
            Type::Range => write!(f, "range"),
            Type::Bool => write!(f, "bool"),
            Type::None => write!(f, "none"),
            Type::Tuple(items) => {
                write!(f, "tuple(")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{t}")?;
                }
                if items.len() == 1 {
                    write!(f, ",")?;
                }
                write!(f, ")")
            }
            Type::Array {
                dtype,
                ndim,
                layout,
            } => {
                let n = *ndim as usize;
                let axes: Vec<&str> = (0..n)
                    .map(|k| match layout {
                        Layout::C if k + 1 == n => "::1",
                        Layout::F if k == 0 => "::1",
                        _ => ":",
                    })
                    .collect();
                write!(f, "{}[{}]", dtype.name(), axes.join(", "))
            }
            Type::List(t) => write!(f, "list({t})"),
            Type::Optional(t) => write!(f, "optional({t})"),
            Type::Exception => write!(f, "exception"),
            Type::ExceptionArgs => write!(f, "tuple (exception args)"),
            Type::Str => write!(f, "str"),
            Type::Dict(k, v) => write!(f, "dict({k}, {v})"),
            Type::Set(t) => write!(f, "set({t})"),
            Type::Instance(c) => write!(f, "instance({})", c.name),
            Type::Generator => write!(f, "numpy.random.Generator"),
            Type::Record(r) => write!(f, "{}", r.name()),
            Type::Module(m) => write!(f, "module `{m}`"),
            Type::Function(c) => match c {
                Callable::Intrinsic(i) if i.module() == Module::Builtins => {
                    write!(f, "builtin function `{}`", i.name())
                }
                Callable::Intrinsic(i) => write!(f, "function `{}`", i.qualified()),
                Callable::Jitted(_) => write!(f, "jitted function"),
                Callable::Method(i) => write!(f, "method `{}`", i.name()),
                Callable::Class(c) => write!(f, "class `{}`", c.name),
                Callable::BoundMethod(_) => write!(f, "jitclass method"),
            },
            Type::DtypeValue(d) => write!(f, "dtype `{}`", d.name()),
            Type::TypeRef(t) => write!(f, "class({t})"),
            Type::Slice => write!(f, "slice"),
            Type::ExceptionClass(ExcRef::Builtin(c)) => write!(f, "class `{}`", c.name()),
            Type::ExceptionClass(ExcRef::User(_)) => write!(f, "exception class"),
        }
    }
}

/// The common type of two types where a variable or a return takes both (Numba's unification):
/// `int` and `float` give `float`, arrays differing only in layout give layout `A`.
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    if a == b {
        return Some(a.clone());
    }
    Some(match (a, b) {
        (Unknown, t) | (t, Unknown) => t.clone(),
        // Lists are invariant: only an empty display's unknown element type is filled in.
        (List(x), List(y)) if **x == Unknown || **y == Unknown => {
            List(Box::new(if **x == Unknown {
                (**y).clone()
            } else {
                (**x).clone()
            }))
        }
        (Optional(x), Optional(y)) => Optional(Box::new(unify(x, y)?)),
        (Optional(x), None) | (None, Optional(x)) => Optional(x.clone()),
        (Optional(x), t) | (t, Optional(x)) => Optional(Box::new(unify(x, t)?)),
        (None, t) | (t, None) if t.can_be_optional() => Optional(Box::new(t.clone())),
        (Dict(..), Dict(..)) | (Set(_), Set(_)) => crate::infer::dicts::unify_tables(a, b)?,
        (Bool, Int) | (Int, Bool) => Int,
        (Bool, Uint64) | (Uint64, Bool) => Uint64,
        // NumPy: no integer type holds both int64 and uint64.
        (Uint64, Int) | (Int, Uint64) => Float,
        (Uint64, Float | Float32) | (Float | Float32, Uint64) => Float,
        (Float, Int | Bool | Float32) | (Int | Bool | Float32, Float) => Float,
        (Float32, Bool) | (Bool, Float32) => Float32,
        (Float32, Int) | (Int, Float32) => Float,
        (Complex, Int | Bool | Float | Float32) | (Int | Bool | Float | Float32, Complex) => {
            Complex
        }
        (Tuple(x), Tuple(y)) if x.len() == y.len() => Tuple(
            x.iter()
                .zip(y)
                .map(|(p, q)| unify(p, q))
                .collect::<Option<Vec<_>>>()?,
        ),
        (
            Array {
                dtype: d1,
                ndim: n1,
                ..
            },
            Array {
                dtype: d2,
                ndim: n2,
                ..
            },
        ) if d1 == d2 && n1 == n2 => Array {
            dtype: *d1,
            ndim: *n1,
            layout: Layout::A,
        },
        _ => return Option::None,
    })
}

/// The machine components a value of type `t` flattens to, in order. Arrays are
/// `meminfo, data, shape[ndim], strides[ndim]`; tuples concatenate their items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    I64,
    F64,
    F32,
    Bool,
    Ptr,
}

pub fn flatten(t: &Type, out: &mut Vec<Component>) {
    match t {
        Type::Int | Type::Uint64 => out.push(Component::I64),
        Type::Float => out.push(Component::F64),
        Type::Float32 => out.push(Component::F32),
        Type::Complex => {
            out.push(Component::F64);
            out.push(Component::F64);
        }
        Type::Range => out.extend([Component::I64; 3]),
        Type::Bool => out.push(Component::Bool),
        Type::Tuple(items) => items.iter().for_each(|i| flatten(i, out)),
        Type::Optional(t) => {
            out.push(Component::Bool);
            flatten(t, out);
        }
        // The object's `MemInfo` pointer.
        Type::List(_)
        | Type::Exception
        | Type::ExceptionArgs
        | Type::Str
        | Type::Dict(..)
        | Type::Set(_)
        | Type::Instance(_)
        | Type::Generator => out.push(Component::Ptr),
        // The array's `MemInfo` (borrowed: its read-only tag) and the record's address.
        Type::Record(_) => out.extend([Component::Ptr; 2]),
        Type::Array { ndim, .. } => {
            out.push(Component::Ptr);
            out.push(Component::Ptr);
            for _ in 0..2 * *ndim {
                out.push(Component::I64);
            }
        }
        Type::Unknown
        | Type::None
        | Type::Module(_)
        | Type::Function(_)
        | Type::DtypeValue(_)
        | Type::TypeRef(_)
        | Type::ExceptionClass(_)
        | Type::Slice => {}
    }
}

pub fn components(t: &Type) -> Vec<Component> {
    let mut v = Vec::new();
    flatten(t, &mut v);
    v
}

/// The positions `items[start:stop:step]` selects from a sequence of `n` items, by Python's
/// rules for omitted (`None`) and negative bounds; `None` for a zero step.
pub fn slice_positions(
    n: i64,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Option<Vec<usize>> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let (lo, hi) = if step > 0 { (0, n) } else { (-1, n - 1) };
    let clamp = |k: i64| {
        let k = if k < 0 { k + n } else { k };
        k.clamp(lo, hi)
    };
    let start = start.map_or(if step > 0 { 0 } else { n - 1 }, clamp);
    let stop = stop.map_or(if step > 0 { n } else { -1 }, clamp);
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Some(out)
}
