//! Typing of element-wise operations on complex arrays: `+ - * /` with arrays and numbers
//! (NumPy's promotion, NEP 50 for Python scalars), `==`/`!=`, `-a`/`+a`, in-place operators,
//! slice assignment, and the functions `abs`/`absolute`, `real`/`imag` (views), `angle`,
//! `conj`/`conjugate`, `copy`, `exp`/`log`/`sqrt`, the whole-array reductions `sum`,
//! `prod`, `mean`, and `dot`/`vdot`/`@` of two vectors. Each is one runtime routine call (`codegen/complex_array.rs`,
//! `oxjit_runtime::complex_array`) giving a fresh C-contiguous array or a complex number; the
//! other NumPy functions of complex arrays stay refused (`infer/complex.rs`).

use super::numpy::{promote, Arg};
use super::op_text;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::Intrinsic as I;
use crate::ir::{BinOp, CmpOp, UnaryOp};
use crate::types::{Dtype, Layout, Type};

fn complex_array(t: &Type) -> bool {
    matches!(t, Type::Array { dtype, .. } if dtype.is_complex())
}

/// Whether an operator over `ts` involves complex arrays (a complex array, or a complex
/// number with an array).
pub(crate) fn involved(ts: &[&Type]) -> bool {
    let any_array = ts.iter().any(|t| matches!(t, Type::Array { .. }));
    ts.iter().any(|t| complex_array(t)) || (any_array && ts.contains(&&Type::Complex))
}

/// The real dtype of a complex dtype's parts.
pub(crate) fn part_dtype(d: Dtype) -> Dtype {
    if d == Dtype::Complex64 {
        Dtype::Float32
    } else {
        Dtype::Float64
    }
}

fn hint(e: CompileError) -> CompileError {
    e.with_hint("see docs/complex.md for what compiles with complex numbers")
}

/// The element dtypes the runtime routine reads (the others are refused).
fn readable(d: Dtype) -> bool {
    matches!(
        d,
        Dtype::Complex128
            | Dtype::Complex64
            | Dtype::Float64
            | Dtype::Float32
            | Dtype::Int64
            | Dtype::Int32
            | Dtype::Uint8
            | Dtype::Bool
    )
}

/// Check the operands of a complex array operation; the number of axes of the result.
fn operands(ts: &[&Type], what: &str, span: Span) -> Result<u8> {
    let mut nd = 0;
    for t in ts {
        match t {
            Type::Array { dtype, ndim, .. } => {
                if !readable(*dtype) {
                    return Err(hint(CompileError::unsupported(
                        format!("{what} with `{t}` is not supported yet"),
                        span,
                    )));
                }
                if *ndim == 0 {
                    return Err(hint(CompileError::unsupported(
                        format!("{what} with a 0-d array is not supported yet"),
                        span,
                    )));
                }
                nd = nd.max(*ndim);
            }
            Type::Int | Type::Float | Type::Float32 | Type::Bool | Type::Complex => {}
            t => {
                return Err(CompileError::typing(
                    format!("{what} with `{t}` is not defined"),
                    span,
                ))
            }
        }
    }
    Ok(nd)
}

/// `a <op> b` where complex arrays are involved; `None` when they are not.
pub fn binary(op: BinOp, a: &Type, b: &Type, span: Span) -> Result<Option<Type>> {
    if !involved(&[a, b]) {
        return Ok(None);
    }
    let what = "arithmetic on complex arrays";
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow => {}
        BinOp::MatMul => return dot(a, b, true, "`@`", span).map(Some),
        _ => {
            return Err(CompileError::typing(
                format!(
                    "`{}` is not defined for complex arrays (NumPy raises `TypeError`)",
                    op_text(op)
                ),
                span,
            ))
        }
    }
    let nd = operands(&[a, b], what, span)?;
    let d = promote(&[a, b])
        .ok_or_else(|| CompileError::typing(format!("cannot combine `{a}` and `{b}`"), span))?;
    Ok(Some(Type::array(d, nd, Layout::C)))
}

/// `a == b`, `a != b`, `a < b`, … with complex arrays (the orderings NumPy's lexicographic
/// one): a bool array; `None` when none is involved.
pub fn compare(_op: CmpOp, a: &Type, b: &Type, span: Span) -> Result<Option<Type>> {
    if !involved(&[a, b]) {
        return Ok(None);
    }
    let nd = operands(&[a, b], "comparisons of complex arrays", span)?;
    promote(&[a, b])
        .ok_or_else(|| CompileError::typing(format!("cannot compare `{a}` and `{b}`"), span))?;
    Ok(Some(Type::array(Dtype::Bool, nd, Layout::C)))
}

/// `-a`, `+a` of a complex array (a new array); `~a` is NumPy's `TypeError`.
pub fn unary(op: UnaryOp, t: &Type, span: Span) -> Result<Type> {
    let Type::Array { dtype, ndim, .. } = t else {
        return Err(CompileError::internal(
            "typing",
            "complex unary of a non-array",
        ));
    };
    match op {
        UnaryOp::Neg | UnaryOp::Pos => {
            operands(&[t], "unary operators on complex arrays", span)?;
            Ok(Type::array(*dtype, *ndim, Layout::C))
        }
        _ => Err(CompileError::typing(
            format!("bad operand type for unary operator: `{t}`"),
            span,
        )),
    }
}

/// `target op= item` where the target is complex or the result would be: the result must
/// cast to the target's dtype (NumPy's same_kind rule).
pub fn check_inplace(target: &Type, result: &Type, span: Span) -> Result<()> {
    if let (Type::Array { dtype, .. }, Type::Array { dtype: rd, .. }) = (target, result) {
        if rd.is_complex() && !dtype.is_complex() {
            return Err(CompileError::typing(
                format!(
                    "cannot cast a `{}` result to `{}` in place (NumPy's same_kind rule)",
                    rd.name(),
                    dtype.name()
                ),
                span,
            ));
        }
    }
    Ok(())
}

/// `a[index] = item` for several elements of a complex array.
pub fn check_assign(view: &Type, item: &Type, index: &[Type], span: Span) -> Result<()> {
    let what = "assignment into complex arrays";
    if index.iter().any(|t| matches!(t, Type::Array { .. })) {
        return Err(hint(CompileError::unsupported(
            "assigning to complex arrays through index or mask arrays is not supported yet",
            span,
        )));
    }
    let nd = operands(&[item], what, span)?;
    let Type::Array { ndim, .. } = view else {
        return Err(CompileError::internal(
            "typing",
            "complex view not an array",
        ));
    };
    if nd > *ndim {
        return Err(CompileError::typing(
            format!("cannot assign `{item}` to `{view}` (more dimensions)"),
            span,
        ));
    }
    Ok(())
}

/// A NumPy function or method of complex arrays this module types; `None` for the others
/// (which `infer/complex.rs` refuses when they see complex values).
pub fn call(f: I, b: &[Option<Arg>], what: &str, span: Span) -> Result<Option<Type>> {
    check_fill(f, b, span)?;
    // `add`, `subtract`, `multiply`, `divide`, `power` as functions: their operators' rules.
    if let crate::intrinsics::Lower::Binary(crate::intrinsics::EOp::Arith(op)) = f.lower() {
        let ts: Vec<&Type> = b.iter().flatten().map(|a| &a.ty).collect();
        if let ([x, y], true) = (ts.as_slice(), involved(&ts)) {
            return binary(op, x, y, span);
        }
    }
    if let Some(kind) = binary_ufunc(f) {
        let ts: Vec<&Type> = b.iter().flatten().map(|a| &a.ty).collect();
        if let ([x, y], true) = (ts.as_slice(), involved(&ts)) {
            return binary_ufunc_type(kind, x, y, &format!("`{what}`"), span).map(Some);
        }
    }
    if matches!(f, I::Dot | I::Vdot | I::Matmul) {
        let ts: Vec<&Type> = b.iter().flatten().map(|a| &a.ty).collect();
        if let ([x, y], true) = (ts.as_slice(), involved(&ts)) {
            return dot(x, y, f != I::Vdot, &format!("`{what}`"), span).map(Some);
        }
    }
    let first = b.first().and_then(|a| a.as_ref()).map(|a| a.ty.clone());
    let Some(t @ Type::Array { dtype, ndim, .. }) = first else {
        return refuse_real(f, what, span);
    };
    if !dtype.is_complex() {
        return refuse_real(f, what, span);
    }
    if !matches!(
        f,
        I::Abs
            | I::Absolute
            | I::Real
            | I::Imag
            | I::Angle
            | I::Conj
            | I::Conjugate
            | I::Copy
            | I::Exp
            | I::Log
            | I::Sqrt
            | I::Sin
            | I::Cos
            | I::Tan
            | I::Arcsin
            | I::Arccos
            | I::Arctan
            | I::Sinh
            | I::Cosh
            | I::Tanh
            | I::Arcsinh
            | I::Arccosh
            | I::Arctanh
            | I::Asin
            | I::Acos
            | I::Atan
            | I::Asinh
            | I::Acosh
            | I::Atanh
            | I::Log10
            | I::Log2
            | I::Log1p
            | I::Expm1
            | I::Exp2
            | I::Square
            | I::Reciprocal
            | I::Sign
            | I::Rint
            | I::Negative
            | I::Positive
            | I::Isnan
            | I::Isinf
            | I::Isfinite
            | I::LogicalNot
            | I::Sum
            | I::Prod
            | I::Mean
    ) {
        return Ok(None);
    }
    operands(&[&t], &format!("`{what}`"), span)?;
    let part = part_dtype(dtype);
    Ok(Some(match f {
        I::Real | I::Imag => Type::array(part, ndim, Layout::A),
        I::Abs | I::Absolute => Type::array(part, ndim, Layout::C),
        I::Isnan | I::Isinf | I::Isfinite | I::LogicalNot => {
            Type::array(Dtype::Bool, ndim, Layout::C)
        }
        // With an int `axis`: an array of the same dtype without that axis (a number for a
        // vector; NumPy's `AxisError` at run time for an axis out of range).
        I::Sum | I::Prod | I::Mean => match b.get(1).and_then(|a| a.as_ref()).map(|a| &a.ty) {
            None | Some(Type::None) => Type::Complex,
            Some(Type::Int) if ndim > 1 => Type::array(dtype, ndim - 1, Layout::C),
            Some(Type::Int) => Type::Complex,
            Some(t) => {
                return Err(hint(CompileError::unsupported(
                    format!(
                        "`{what}` of a complex array with `axis` of type `{t}` is not \
                         supported (an int axis is)"
                    ),
                    span,
                )))
            }
        },
        I::Angle => {
            if let Some(deg) = b.get(1).and_then(|a| a.as_ref()) {
                if deg.flag != Some(false) {
                    return Err(hint(CompileError::unsupported(
                        "`numpy.angle(z, deg=...)` is supported with `deg=False` only",
                        span,
                    )));
                }
            }
            Type::array(part, ndim, Layout::C)
        }
        _ => Type::array(dtype, ndim, Layout::C),
    }))
}

/// `numpy.full(shape, z, dtype)` / `full_like(a, z, dtype)`: a complex fill value needs a
/// complex result (NumPy would drop the imaginary part with a warning).
fn check_fill(f: I, b: &[Option<Arg>], span: Span) -> Result<()> {
    if !matches!(f, I::Full | I::FullLike) {
        return Ok(());
    }
    let get = |i: usize| b.get(i).and_then(|a| a.as_ref()).map(|a| &a.ty);
    let real = |t: Option<&Type>| match t {
        Some(Type::Array { dtype, .. }) => !dtype.is_complex(),
        Some(t) => super::dtype_of_value(t).is_some_and(|d| !d.is_complex()),
        None => false,
    };
    let explicit = get(2).filter(|t| **t != Type::None);
    let result_real = match (f, explicit) {
        (_, Some(t)) => real(Some(t)),
        (I::FullLike, None) => real(get(0)),
        _ => false,
    };
    if get(1) == Some(&Type::Complex) && result_real {
        return Err(CompileError::typing(
            "cannot fill a real array with a complex number (NumPy discards the imaginary part)",
            span,
        ));
    }
    Ok(())
}

/// `dot(a, b)`, `vdot(a, b)`, `a @ b` with a complex operand: a complex number for two 1-D
/// vectors; for a matrix and a matrix or vector (not `vdot`) an array of the promoted complex
/// dtype (`linalg/product.rs`'s complex product).
fn dot(a: &Type, b: &Type, matrices: bool, what: &str, span: Span) -> Result<Type> {
    match (a, b) {
        (Type::Array { ndim: 1, .. }, Type::Array { ndim: 1, .. }) => {
            operands(&[a, b], what, span)?;
            Ok(Type::Complex)
        }
        (
            Type::Array {
                dtype: da,
                ndim: na @ 1..=2,
                ..
            },
            Type::Array {
                dtype: db,
                ndim: nb @ 1..=2,
                ..
            },
        ) if matrices && readable(*da) && readable(*db) => {
            let nd = if *na == 2 && *nb == 2 { 2 } else { 1 };
            Ok(Type::array(Dtype::promote(*da, *db), nd, Layout::C))
        }
        _ => {
            let only = if matrices {
                "1-D and 2-D arrays"
            } else {
                "two 1-D vectors"
            };
            Err(hint(CompileError::unsupported(
                format!("{what} of `{a}` and `{b}` is supported for {only} only"),
                span,
            )))
        }
    }
}

/// `real`, `imag`, `angle`, `conj` of real values are not compiled (they are of complex ones).
fn refuse_real(f: I, what: &str, span: Span) -> Result<Option<Type>> {
    if matches!(f, I::Real | I::Imag | I::Angle | I::Conj | I::Conjugate) {
        return Err(hint(CompileError::unsupported(
            format!("`{what}` is supported for complex arrays only"),
            span,
        )));
    }
    Ok(None)
}

/// What a binary ufunc of complex arrays beyond the arithmetic operators gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryUfunc {
    /// `equal`, `less`, … and `logical_and`/`or`/`xor`: a bool array.
    Flag,
    /// `maximum`, `minimum`, `fmax`, `fmin`: the promoted dtype.
    Extremum,
    /// `float_power`: complex128 whatever the operands.
    FloatPower,
}

/// The binary ufuncs `complex_array` types beyond `add` … `power`.
pub fn binary_ufunc(f: I) -> Option<BinaryUfunc> {
    Some(match f {
        I::Equal
        | I::NotEqual
        | I::Less
        | I::LessEqual
        | I::Greater
        | I::GreaterEqual
        | I::LogicalAnd
        | I::LogicalOr
        | I::LogicalXor => BinaryUfunc::Flag,
        I::Maximum | I::Minimum | I::Fmax | I::Fmin => BinaryUfunc::Extremum,
        I::FloatPower => BinaryUfunc::FloatPower,
        _ => return None,
    })
}

fn binary_ufunc_type(
    kind: BinaryUfunc,
    a: &Type,
    b: &Type,
    what: &str,
    span: Span,
) -> Result<Type> {
    let nd = operands(&[a, b], what, span)?;
    let d = promote(&[a, b])
        .ok_or_else(|| CompileError::typing(format!("cannot combine `{a}` and `{b}`"), span))?;
    Ok(Type::array(
        match kind {
            BinaryUfunc::Flag => Dtype::Bool,
            BinaryUfunc::Extremum => d,
            BinaryUfunc::FloatPower => Dtype::Complex128,
        },
        nd,
        Layout::C,
    ))
}
