//! Machine-level data the code-generation jobs share: element trees of array expressions
//! ([`Elem`], [`Lazy`]), array parts, reduction tasks, value remapping for outlined kernels and
//! the Cranelift types of values. A leaf module: it imports no other codegen module, so the job
//! modules (scalar code, arrays, fused loops, parallel kernels, ...) depend on it and on
//! [`super::translate`] only, never on each other.

use crate::error::Result;
use crate::types::{Component, Dtype, Type};
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use std::collections::HashMap;

use crate::intrinsics::UnaryFn;
pub use crate::intrinsics::{EOp, Reduction};

/// The body of a loop nest: gets the indices and the linear C-order position.
pub type NestBody<'a, S> = dyn FnMut(&mut S, &[Value], Value) -> Result<()> + 'a;

/// A lazily evaluated element-wise expression. `Type` fields are the scalar type of the result.
#[derive(Clone)]
pub enum Elem {
    Scalar(Value, Type),
    /// An array read with broadcasting: strides are 0 on axes of length 1.
    Leaf {
        /// The byte range `[lo, hi)` the array covers (for overlap checks).
        extent: (Value, Value),
        data: Value,
        strides: Vec<Value>,
        dtype: Dtype,
        /// The array's own strides (no broadcasting; a contiguous axis as a constant) and
        /// shape, for the copy of a loop that runs when no operand is broadcast. Empty when
        /// the leaf is only valid broadcast.
        raw: Vec<Value>,
        dims: Vec<Value>,
    },
    Unary(UnaryFn, Box<Elem>, Type),
    Binary(EOp, Box<Elem>, Box<Elem>, Type),
    Where(Box<Elem>, Box<Elem>, Box<Elem>, Type),
    Cast(Box<Elem>, Type),
    /// Row `i` (the last index) of a matrix times a vector: `sum_k m[i, k] * v[k]`.
    MatVec {
        m: ArrayParts,
        v: ArrayParts,
        mext: (Value, Value),
        vext: (Value, Value),
        /// The vector's elements loaded before the loop (when its length is a small constant),
        /// converted to `ty`.
        vpre: Vec<Value>,
        mdtype: Dtype,
        vdtype: Dtype,
        ty: Type,
    },
}

impl Elem {
    /// The same expression reading every array with its own strides, valid when no leaf is
    /// broadcast (see [`Elem::leaf_dims`]); `None` if some leaf has no such form.
    pub fn unbroadcast(&self) -> Option<Elem> {
        Some(match self {
            Elem::Scalar(..) | Elem::MatVec { .. } => self.clone(),
            Elem::Leaf {
                extent,
                data,
                dtype,
                raw,
                dims,
                ..
            } => {
                if dims.is_empty() {
                    return None;
                }
                Elem::Leaf {
                    extent: *extent,
                    data: *data,
                    strides: raw.clone(),
                    dtype: *dtype,
                    raw: raw.clone(),
                    dims: dims.clone(),
                }
            }
            Elem::Unary(f, x, t) => Elem::Unary(*f, Box::new(x.unbroadcast()?), t.clone()),
            Elem::Cast(x, t) => Elem::Cast(Box::new(x.unbroadcast()?), t.clone()),
            Elem::Binary(op, a, b, t) => Elem::Binary(
                *op,
                Box::new(a.unbroadcast()?),
                Box::new(b.unbroadcast()?),
                t.clone(),
            ),
            Elem::Where(c, a, b, t) => Elem::Where(
                Box::new(c.unbroadcast()?),
                Box::new(a.unbroadcast()?),
                Box::new(b.unbroadcast()?),
                t.clone(),
            ),
        })
    }

    /// Visit every node of the tree, parents before children, operands left to right.
    pub fn for_each<'e>(&'e self, f: &mut impl FnMut(&'e Elem)) {
        f(self);
        match self {
            Elem::Scalar(..) | Elem::Leaf { .. } | Elem::MatVec { .. } => {}
            Elem::Unary(_, x, _) | Elem::Cast(x, _) => x.for_each(f),
            Elem::Binary(_, a, b, _) => {
                a.for_each(f);
                b.for_each(f);
            }
            Elem::Where(c, a, b, _) => {
                c.for_each(f);
                a.for_each(f);
                b.for_each(f);
            }
        }
    }

    /// The shapes of the arrays read element-wise (not through a matrix product).
    pub fn leaf_dims(&self, out: &mut Vec<Vec<Value>>) {
        self.for_each(&mut |e| {
            if let Elem::Leaf { dims, .. } = e {
                out.push(dims.clone());
            }
        });
    }

    /// The byte ranges of every array this expression reads.
    pub fn extents(&self, out: &mut Vec<(Value, Value)>) {
        self.for_each(&mut |e| match e {
            Elem::Leaf { extent, .. } => out.push(*extent),
            Elem::MatVec { mext, vext, .. } => {
                out.push(*mext);
                out.push(*vext);
            }
            _ => {}
        });
    }

    pub fn ty(&self) -> Type {
        match self {
            Elem::Scalar(_, t) | Elem::Unary(_, _, t) | Elem::Binary(_, _, _, t) => t.clone(),
            Elem::Where(_, _, _, t) | Elem::Cast(_, t) | Elem::MatVec { ty: t, .. } => t.clone(),
            Elem::Leaf { dtype, .. } => dtype.scalar(),
        }
    }
}

/// A lazy array value: an expression, its shape, and the dtype it materialises to.
#[derive(Clone)]
pub struct Lazy {
    pub elem: Elem,
    pub shape: Vec<Value>,
    pub dtype: Dtype,
}

/// The scalar type used to compute elements of `d`.
pub fn compute_type(d: Dtype) -> Type {
    d.scalar()
}

/// The machine parts of an array value.
#[derive(Clone)]
pub(crate) struct ArrayParts {
    pub meminfo: Value,
    pub data: Value,
    pub shape: Vec<Value>,
    pub strides: Vec<Value>,
}

impl ArrayParts {
    pub fn from_vals(vals: &[Value], ndim: usize) -> ArrayParts {
        ArrayParts {
            meminfo: vals[0],
            data: vals[1],
            shape: vals[2..2 + ndim].to_vec(),
            strides: vals[2 + ndim..2 + 2 * ndim].to_vec(),
        }
    }
    pub fn into_vals(self) -> Vec<Value> {
        let mut v = vec![self.meminfo, self.data];
        v.extend(self.shape);
        v.extend(self.strides);
        v
    }
}

pub(crate) fn elem_cl_type(d: Dtype) -> types::Type {
    match d {
        // A complex element's parts.
        Dtype::Float64 | Dtype::Complex128 => types::F64,
        Dtype::Float32 | Dtype::Complex64 => types::F32,
        Dtype::Int64 | Dtype::Uint64 => types::I64,
        Dtype::Int32 | Dtype::Uint32 => types::I32,
        Dtype::Int16 | Dtype::Uint16 => types::I16,
        Dtype::Int8 | Dtype::Uint8 | Dtype::Bool => types::I8,
        // Typing lets no record element reach a load or store (`infer::records`).
        Dtype::Record(_) => panic!("bug in oxjit: a record element read as one scalar"),
    }
}

/// The bit pattern of `1` in a dtype, for `ones`.
pub(crate) fn one_bits(d: Dtype) -> u64 {
    match d {
        Dtype::Float64 => 1.0f64.to_bits(),
        Dtype::Float32 => 1.0f32.to_bits() as u64,
        _ => 1,
    }
}

/// At most this many rows are accumulated in registers by a column matrix-vector task.
pub const MAX_ROWS: i64 = 8;

#[derive(Clone)]
pub enum TaskKind {
    /// A whole-array reduction of `elem`.
    Reduce(Reduction),
    /// `out[r] = sum_k m[r, k] * elem[k]` for a few rows (`rows <= MAX_ROWS` at run time).
    ColMatVec {
        m: ArrayParts,
        mdtype: Dtype,
        rows: Value,
        /// The row count when the loop is specialised on it (accumulators for those rows only).
        fixed_rows: Option<usize>,
    },
}

#[derive(Clone)]
pub struct Task {
    pub kind: TaskKind,
    pub elem: Elem,
    /// The type accumulated in.
    pub t: Type,
    /// The iteration space.
    pub shape: Vec<Value>,
}

/// What a task produced.
pub enum TaskOut {
    Scalar(Value),
    /// A new 1-D array (flattened parts).
    Array(Vec<Value>),
}

impl Task {
    pub fn accs(&self) -> usize {
        match &self.kind {
            TaskKind::Reduce(Reduction::ArgMin | Reduction::ArgMax) => 2,
            TaskKind::Reduce(_) => 1,
            TaskKind::ColMatVec { fixed_rows, .. } => fixed_rows.unwrap_or(MAX_ROWS as usize),
        }
    }
}

pub type Remap = HashMap<Value, Value>;

/// The machine type of a scalar type.
pub(crate) fn cl_type_of(t: &Type) -> types::Type {
    match t {
        Type::Float => types::F64,
        Type::Float32 => types::F32,
        Type::Bool => types::I8,
        _ => types::I64,
    }
}

pub(crate) fn cl_type(c: Component) -> types::Type {
    match c {
        Component::I64 | Component::Ptr => types::I64,
        Component::F64 => types::F64,
        Component::F32 => types::F32,
        Component::Bool => types::I8,
    }
}

/// In the entry block: the address of the Ctrl-C flag, read from a static cell (a load, not a
/// constant, so that it stays in a register instead of being rematerialised in every loop;
/// unused, it is removed). The load is an ordinary one, kept where it is written: a readonly,
/// movable load was placed by Cranelift at each use, so every poll reloaded the address (three
/// instructions and two dependent loads per iteration, +13% on a triple-loop matrix product).
///
/// Also loaded again at the end of each loop's preheader (`Cfg::loop_preheaders`), for that
/// loop's polls: a short live range, kept in a register across the loop.
pub(crate) fn flag_base(
    st: &mut super::state::ModuleState<'_>,
    b: &mut cranelift_frontend::FunctionBuilder<'_>,
) -> crate::error::Result<Value> {
    let id = st.flag_cell()?;
    let gv = cranelift_module::Module::declare_data_in_func(&*st.module, id, b.func);
    let cell = b.ins().symbol_value(types::I64, gv);
    Ok(b.ins().load(types::I64, MemFlagsData::trusted(), cell, 0))
}
