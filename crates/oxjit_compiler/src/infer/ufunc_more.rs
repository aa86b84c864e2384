//! Typing of NumPy's ufuncs with two results and of the vector gufuncs: `frexp(x)`
//! (mantissa, int32 exponent), `modf(x)` (fraction, integral part), `divmod(x, y)`
//! (`floor_divide`, `remainder`) — each a tuple of two element-wise results — and `ldexp`'s
//! operand rule; `vecdot`, `matvec`, `vecmat` (a product over the last axis, the other axes
//! broadcast). Codegen: `codegen/ufunc_more.rs` and the runtime's `gufunc` routines.

use super::numpy::{elementwise, float_of, promote, Arg};
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::Intrinsic as I;
use crate::types::{Dtype, Layout, Type};

/// The dtype of `x` in NumPy's operand view (a scalar's own dtype).
fn dtype(t: &Type) -> Option<Dtype> {
    match t {
        Type::Array { dtype, .. } => Some(*dtype),
        t => Dtype::of_scalar(t),
    }
}

/// The floating dtype NumPy's float-only loops (`ldexp`, `frexp`, `modf`) pick for `d`:
/// float32 for int16/uint16, float64 for the wider integers; int8, uint8 and bool select
/// float16, which oxjit does not have (`UnsupportedError`).
fn float_loop(d: Dtype, what: &str, span: Span) -> Result<Dtype> {
    Ok(match d {
        Dtype::Float32 | Dtype::Int16 | Dtype::Uint16 => Dtype::Float32,
        Dtype::Int8 | Dtype::Uint8 | Dtype::Bool => {
            return Err(CompileError::unsupported(
                format!(
                    "`{what}` of `{}` is not supported (NumPy computes it in float16)",
                    d.name()
                ),
                span,
            )
            .with_hint("convert the argument with `.astype(numpy.float64)` first"))
        }
        d if d.is_complex() => {
            return Err(CompileError::typing(
                format!(
                    "ufunc '{what}' not supported for the input types (`{}`)",
                    d.name()
                ),
                span,
            ))
        }
        _ => float_of(d),
    })
}

fn number_or_array(a: Option<&Arg>, what: &str, span: Span) -> Result<(Type, Dtype)> {
    let a = a.ok_or_else(|| CompileError::typing(format!("`{what}` needs an argument"), span))?;
    let d = dtype(&a.ty).ok_or_else(|| {
        CompileError::typing(format!("`{what}` of `{}` is not supported", a.ty), span)
    })?;
    if matches!(a.ty, Type::Array { ndim: 0, .. }) {
        return Err(CompileError::unsupported(
            format!("`{what}` of a 0-d array is not supported yet (read its value with `a[()]`)"),
            span,
        ));
    }
    Ok((a.ty.clone(), d))
}

/// `ldexp(x1, x2)`: the floating dtype of `x1`'s loop; `x2` an integer (a bool too, as NumPy
/// casts it safely), not uint64 (NumPy's `TypeError`: no safe cast to its `long` loop).
pub(super) fn ldexp_type(x: &Type, y: &Type, what: &str, span: Span) -> Result<Type> {
    let refuse = || {
        CompileError::typing(
            format!(
                "ufunc 'ldexp' not supported for the input types (`{x}`, `{y}`): the exponent \
                 must be an integer of at most 63 bits"
            ),
            span,
        )
    };
    let (dx, dy) = (dtype(x).ok_or_else(refuse)?, dtype(y).ok_or_else(refuse)?);
    if !(dy.is_int() || dy == Dtype::Bool) || dy == Dtype::Uint64 {
        return Err(refuse());
    }
    // A Python int `x1` takes the float64 loop; an array's dtype picks its own.
    let fd = if matches!(x, Type::Array { .. }) {
        float_loop(dx, what, span)?
    } else {
        float_of(dx)
    };
    Ok(elementwise(&[x, y], fd))
}

/// `frexp`, `modf`, `divmod`, `vecdot`, `matvec`, `vecmat` (arguments bound in parameter order).
pub(super) fn call(f: I, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let get = |i: usize| b.get(i).and_then(|x| x.as_ref());
    match f {
        I::Frexp | I::Modf => {
            let (t, d) = number_or_array(get(0), what, span)?;
            let fd = float_loop(d, what, span)?;
            let second = if f == I::Frexp { Dtype::Int32 } else { fd };
            Ok(Type::Tuple(vec![
                elementwise(&[&t], fd),
                elementwise(&[&t], second),
            ]))
        }
        I::Divmod => {
            let (x, _) = number_or_array(get(0), what, span)?;
            let (y, _) = number_or_array(get(1), what, span)?;
            let d = promote(&[&x, &y]).ok_or_else(|| {
                CompileError::typing(format!("`{what}` of `{x}` and `{y}`"), span)
            })?;
            if d.is_complex() {
                return Err(CompileError::typing(
                    format!("ufunc 'divmod' not supported for the input types (`{x}`, `{y}`)"),
                    span,
                ));
            }
            // NumPy's first loop a bool casts to is int8's.
            let d = if d == Dtype::Bool { Dtype::Int8 } else { d };
            let t = elementwise(&[&x, &y], d);
            Ok(Type::Tuple(vec![t.clone(), t]))
        }
        _ => gufunc(f, get(0), get(1), what, span),
    }
}

/// The dtypes the runtime's product routines read and write.
fn product_dtype(d: Dtype) -> bool {
    matches!(
        d,
        Dtype::Float64
            | Dtype::Float32
            | Dtype::Int64
            | Dtype::Int32
            | Dtype::Uint8
            | Dtype::Bool
            | Dtype::Complex128
            | Dtype::Complex64
    )
}

/// `vecdot(x1, x2)` (`(..., n), (..., n) -> (...)`), `matvec` (`(..., m, n), (..., n) ->
/// (..., m)`), `vecmat` (`(..., n), (..., n, m) -> (..., m)`): the promoted dtype, the loop
/// axes broadcast; a number when no axis is left.
fn gufunc(f: I, x: Option<&Arg>, y: Option<&Arg>, what: &str, span: Span) -> Result<Type> {
    let (Some(x), Some(y)) = (x, y) else {
        return Err(CompileError::typing(
            format!("`{what}` needs two arguments"),
            span,
        ));
    };
    let (
        Type::Array {
            dtype: dx,
            ndim: nx,
            ..
        },
        Type::Array {
            dtype: dy,
            ndim: ny,
            ..
        },
    ) = (&x.ty, &y.ty)
    else {
        return Err(CompileError::typing(
            format!("`{what}` takes two arrays, not `{}` and `{}`", x.ty, y.ty),
            span,
        )
        .with_hint("pass `numpy.asarray(...)` of a number list, or use `*` for scalars"));
    };
    let d = promote(&[&x.ty, &y.ty]).ok_or_else(|| {
        CompileError::typing(format!("`{what}` of `{}` and `{}`", x.ty, y.ty), span)
    })?;
    if ![*dx, *dy, d].into_iter().all(product_dtype) {
        return Err(CompileError::unsupported(
            format!(
                "`{what}` of `{}` and `{}` is not supported (float64, float32, int64, int32, \
                 uint8, bool, complex128 and complex64 arrays are)",
                x.ty, y.ty
            ),
            span,
        ));
    }
    let (mx, my) = match f {
        I::Matvec => (2, 1),
        I::Vecmat => (1, 2),
        _ => (1, 1),
    };
    if *nx < mx || *ny < my {
        return Err(CompileError::typing(
            format!(
                "`{what}`: the arguments need at least {mx} and {my} axes (`{}` and `{}` \
                 given; NumPy's `ValueError`)",
                x.ty, y.ty
            ),
            span,
        ));
    }
    let loop_nd = (nx - mx).max(ny - my);
    let nd = if f == I::Vecdot { loop_nd } else { loop_nd + 1 };
    Ok(if nd == 0 {
        d.scalar()
    } else {
        Type::array(d, nd, Layout::C)
    })
}
