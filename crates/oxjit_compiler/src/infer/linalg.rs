//! Typing of `numpy.linalg` (the `Rule::Linalg` entries of the intrinsics table). Arguments
//! are 1-D or 2-D arrays (stacks of matrices are not supported); a 1-D array where NumPy needs
//! a matrix types as a matrix call and raises NumPy's `LinAlgError` at run time. Results are
//! float32 when the array arguments are float32, float64 otherwise (`eig`, `eigvals`: complex64
//! and complex128). Complex matrices (complex128, complex64) give NumPy's dtypes: complex
//! matrices and determinants, complex64 for complex64 input (a determinant is a complex128
//! number: compiled code has no complex64 scalar), real singular values, norms, condition
//! numbers and `logabsdet`.

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{Intrinsic as I, LinalgRule};
use crate::types::{Dtype, Layout, Type};

/// The dtype and ndim of an array argument.
fn matrix(a: Option<&Arg>, what: &str, span: Span) -> Result<(Dtype, u8)> {
    match a.map(|a| &a.ty) {
        Some(Type::Array { dtype, ndim, .. }) if (1..=2).contains(ndim) => Ok((*dtype, *ndim)),
        Some(Type::Array { ndim, .. }) if *ndim > 2 => Err(CompileError::unsupported(
            format!("`{what}` of a stack of matrices ({ndim}-D array) is not supported yet"),
            span,
        )),
        Some(t) => Err(CompileError::typing(
            format!("`{what}` expects a 1-D or 2-D array, not `{t}`"),
            span,
        )),
        None => Err(CompileError::typing(
            format!("`{what}` needs an array"),
            span,
        )),
    }
}

/// An optional number (`rcond`, `tol`, `ord`, `p`): int, float or None.
fn number(a: Option<&Arg>, name: &str, what: &str, span: Span) -> Result<()> {
    match a.map(|a| &a.ty) {
        None | Some(Type::None | Type::Int | Type::Float | Type::Float32) => Ok(()),
        Some(t) => Err(CompileError::unsupported(
            format!("`{name}` of `{what}` must be a number or None, not `{t}`"),
            span,
        )
        .with_hint("string orders ('fro', 'nuc') are not supported: use ord=None for Frobenius")),
    }
}

/// An optional bool flag.
fn flag(a: Option<&Arg>, name: &str, what: &str, span: Span) -> Result<()> {
    match a.map(|a| &a.ty) {
        None | Some(Type::Bool) => Ok(()),
        Some(t) => Err(CompileError::typing(
            format!("`{name}` of `{what}` must be a bool, not `{t}`"),
            span,
        )),
    }
}

fn float_of(d: Dtype) -> Dtype {
    if matches!(d, Dtype::Float32 | Dtype::Complex64) {
        Dtype::Float32
    } else {
        Dtype::Float64
    }
}

/// The complex dtype of results computed in `f` (complex64 for float32).
fn complex_of(f: Dtype) -> Dtype {
    if f == Dtype::Float32 {
        Dtype::Complex64
    } else {
        Dtype::Complex128
    }
}

fn arr(d: Dtype, ndim: u8) -> Type {
    Type::array(d, ndim, Layout::C)
}

/// Type a call of a `numpy.linalg` function (arguments bound to its parameters).
pub fn call(func: I, rule: LinalgRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let (d0, nd0) = matrix(b[0].as_ref(), what, span)?;
    let f = float_of(d0);
    // The dtype of matrix results: complex for complex input.
    let m = if d0.is_complex() { complex_of(f) } else { f };
    // Results of two-array functions are single precision only if both are (float32 or
    // complex64), complex if either is (NumPy's `_commonType`): `(x's dtype, real dtype, ndim
    // of b)`.
    let pair = |span| -> Result<(Dtype, Dtype, u8)> {
        let (d1, nd1) = matrix(b[1].as_ref(), what, span)?;
        let single = |d| matches!(d, Dtype::Float32 | Dtype::Complex64);
        let real = if single(d0) && single(d1) {
            Dtype::Float32
        } else {
            Dtype::Float64
        };
        let x = if d0.is_complex() || d1.is_complex() {
            complex_of(real)
        } else {
            real
        };
        Ok((x, real, nd1))
    };
    Ok(match rule {
        LinalgRule::Matrix => {
            match func {
                I::LinalgMatrixPower => {
                    if b[1].as_ref().map(|a| &a.ty) != Some(&Type::Int) {
                        return Err(CompileError::typing(
                            format!("the exponent of `{what}` must be an int"),
                            span,
                        ));
                    }
                    if !d0.is_float() && !d0.is_complex() {
                        return Err(CompileError::unsupported(
                            format!("`{what}` of an integer or bool matrix is not supported yet"),
                            span,
                        )
                        .with_hint("convert the matrix to float first: a.astype(numpy.float64)"));
                    }
                }
                I::LinalgCholesky => flag(b[1].as_ref(), "upper", what, span)?,
                I::LinalgPinv => {
                    number(b[1].as_ref(), "rcond", what, span)?;
                    flag(b[2].as_ref(), "hermitian", what, span)?;
                }
                _ => {}
            }
            arr(m, 2)
        }
        LinalgRule::Solve => {
            let (x, _, nd1) = pair(span)?;
            arr(x, nd1)
        }
        // `det`'s value is complex for complex input, `cond`'s real.
        LinalgRule::Number if func == I::LinalgDet => m.scalar(),
        LinalgRule::Number => {
            number(b.get(1).and_then(|a| a.as_ref()), "p", what, span)?;
            f.scalar()
        }
        LinalgRule::SignLog => Type::Tuple(vec![m.scalar(), f.scalar()]),
        LinalgRule::Lstsq => {
            let (x, real, nd1) = pair(span)?;
            number(b[2].as_ref(), "rcond", what, span)?;
            let _ = nd0;
            Type::Tuple(vec![arr(x, nd1), arr(real, 1), Type::Int, arr(real, 1)])
        }
        // Complex Hermitian input: real eigenvalues, complex eigenvectors.
        LinalgRule::Eigh if d0.is_complex() => Type::Tuple(vec![arr(f, 1), arr(complex_of(f), 2)]),
        LinalgRule::Eigh => Type::Tuple(vec![arr(f, 1), arr(f, 2)]),
        LinalgRule::Values => arr(f, 1),
        // Always complex: NumPy's real result when every eigenvalue is real is known only at
        // run time (`docs/linalg.md`).
        LinalgRule::Eig => Type::Tuple(vec![arr(complex_of(f), 1), arr(complex_of(f), 2)]),
        LinalgRule::ComplexValues => arr(complex_of(f), 1),
        LinalgRule::Svd => {
            flag(b[1].as_ref(), "full_matrices", what, span)?;
            flag(b[3].as_ref(), "hermitian", what, span)?;
            match b[2].as_ref() {
                None => Type::Tuple(vec![arr(m, 2), arr(f, 1), arr(m, 2)]),
                Some(a) => match (&a.ty, a.flag) {
                    (Type::Bool, Some(true)) => Type::Tuple(vec![arr(m, 2), arr(f, 1), arr(m, 2)]),
                    (Type::Bool, Some(false)) => arr(f, 1),
                    _ => {
                        return Err(CompileError::unsupported(
                            format!("`compute_uv` of `{what}` must be the literal True or False"),
                            span,
                        ))
                    }
                },
            }
        }
        LinalgRule::Qr => Type::Tuple(vec![arr(m, 2), arr(m, 2)]),
        LinalgRule::Rank => {
            number(b[1].as_ref(), "tol", what, span)?;
            flag(b[2].as_ref(), "hermitian", what, span)?;
            Type::Int
        }
        LinalgRule::Norm => {
            number(b[1].as_ref(), "ord", what, span)?;
            if let Some(k) = b[3].as_ref() {
                if !(k.ty == Type::Bool && k.flag == Some(false)) {
                    return Err(CompileError::unsupported(
                        format!("`keepdims` of `{what}` is not supported (only False)"),
                        span,
                    ));
                }
            }
            match b[2].as_ref().map(|a| &a.ty) {
                None | Some(Type::None) => f.scalar(),
                Some(Type::Int) if nd0 == 2 => arr(f, 1),
                Some(Type::Int) => f.scalar(),
                Some(t) => {
                    return Err(CompileError::unsupported(
                        format!("`axis` of `{what}` must be an int or None, not `{t}`"),
                        span,
                    ))
                }
            }
        }
    })
}
