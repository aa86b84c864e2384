//! Typing of Python's `random` module functions (`Module::PyRandom` rows of the intrinsics
//! table): which arguments each takes in compiled code and what it returns.

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{self, Intrinsic as I};
use crate::types::Type;

/// An int argument (bools are ints, as in Python).
fn is_int(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Bool)
}

/// A number `uniform`, `gauss` and friends compute with in float64.
fn is_real(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Bool | Type::Float | Type::Float32)
}

/// The type of a call of `random.<f>`.
pub fn call(f: I, args: &[Arg], kwargs: &[(String, Arg)], span: Span) -> Result<Type> {
    let what = f.qualified();
    let b = intrinsics::bind(f, args, kwargs, span)?;
    let get = |i: usize| {
        b.get(i)
            .and_then(|x| x.as_ref())
            .filter(|a| a.ty != Type::None)
    };
    let required = |i: usize| {
        get(i).ok_or_else(|| {
            CompileError::typing(
                format!("`{what}` is missing its argument `{}`", f.params()[i].name),
                span,
            )
        })
    };
    let want = |i: usize, ok: fn(&Type) -> bool, kind: &str| -> Result<()> {
        match get(i) {
            Some(a) if !ok(&a.ty) => Err(CompileError::typing(
                format!(
                    "`{}` of `{what}` must be {kind} in compiled code, not `{}`",
                    f.params()[i].name,
                    a.ty
                ),
                span,
            )),
            _ => Ok(()),
        }
    };
    Ok(match f {
        I::PyRandomSeed => {
            want(0, is_int, "an int or None")?;
            Type::None
        }
        I::PyRandomRandom => Type::Float,
        I::PyRandomUniform => {
            required(0)?;
            required(1)?;
            want(0, is_real, "a number")?;
            want(1, is_real, "a number")?;
            Type::Float
        }
        I::PyRandomRandint | I::PyRandomRandrange => {
            required(0)?;
            if f == I::PyRandomRandint {
                required(1)?;
            }
            for i in 0..f.params().len() {
                want(i, is_int, "an int")?;
            }
            Type::Int
        }
        I::PyRandomGetrandbits => {
            let k = required(0)?;
            want(0, is_int, "an int")?;
            // 64 random bits do not fit in an int64: a literal 64 gives a uint64.
            if k.konst == Some(64) {
                Type::Uint64
            } else {
                Type::Int
            }
        }
        I::PyRandomGauss | I::PyRandomNormalvariate => {
            want(0, is_real, "a number")?;
            want(1, is_real, "a number")?;
            Type::Float
        }
        I::PyRandomExpovariate => {
            required(0)?;
            want(0, is_real, "a number")?;
            Type::Float
        }
        I::PyRandomChoice => element(&required(0)?.ty, &what, span)?,
        I::PyRandomShuffle => {
            match &required(0)?.ty {
                Type::Array { ndim: 1, .. } | Type::List(_) => {}
                Type::Array { ndim, .. } => {
                    return Err(CompileError::unsupported(
                        format!(
                        "`{what}` of a {ndim}-D array is not supported (1-D arrays and lists only)"
                    ),
                        span,
                    ))
                }
                t => {
                    return Err(CompileError::typing(
                        format!("`{what}` takes a 1-D array or a list in compiled code, not `{t}`"),
                        span,
                    ))
                }
            }
            Type::None
        }
        _ => {
            return Err(CompileError::internal(
                "infer",
                format!("`{what}` is not a function of `random`"),
            ))
        }
    })
}

/// The element `random.choice` returns from a sequence of type `t`.
fn element(t: &Type, what: &str, span: Span) -> Result<Type> {
    Ok(match t {
        Type::Array { dtype, ndim: 1, .. } => dtype.scalar(),
        Type::Array { ndim, .. } => {
            return Err(CompileError::unsupported(
                format!("`{what}` of a {ndim}-D array is not supported (1-D arrays only)"),
                span,
            ))
        }
        Type::List(e) => (**e).clone(),
        Type::Tuple(items) => match items.split_first() {
            Some((first, rest)) if rest.iter().all(|x| x == first) => first.clone(),
            Some(_) => {
                return Err(CompileError::unsupported(
                    format!("`{what}` of a tuple of mixed types (`{t}`) is not supported"),
                    span,
                ))
            }
            None => {
                return Err(CompileError::unsupported(
                    format!("`{what}` of an empty tuple is not supported"),
                    span,
                ))
            }
        },
        t => {
            return Err(CompileError::typing(
                format!(
                    "`{what}` takes a 1-D array, a list or a tuple in compiled code, not `{t}`"
                ),
                span,
            ))
        }
    })
}
