//! Typing of `numpy.random.default_rng(seed)` and of the methods of the
//! `numpy.random.Generator` it makes (`Module::Generator` rows of the intrinsics table; the
//! receiver is the first parameter). Distribution parameters are numbers or arrays (see
//! [`draw_params`]); `size` is `None` (a scalar result, unless a parameter is an array), an
//! int or a tuple of ints (a C-contiguous array).

use super::numpy::{size_ndim, Arg};
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{bind, Intrinsic as I, Pass, Rule};
use crate::types::{Dtype, Layout, Type};

/// `numpy.random.default_rng(seed)`: an int seed (no seed, OS entropy, is refused).
pub(super) fn default_rng_type(b: &[Option<Arg>], span: Span) -> Result<Type> {
    match b.first().and_then(|a| a.as_ref()).map(|a| &a.ty) {
        Some(Type::Int) => Ok(Type::Generator),
        None | Some(Type::None) => Err(CompileError::unsupported(
            "`numpy.random.default_rng()` without a seed is not supported in compiled code",
            span,
        )
        .with_hint("pass an int seed, e.g. `numpy.random.default_rng(42)`")),
        Some(t) => Err(CompileError::unsupported(
            format!("`numpy.random.default_rng` takes an int seed in compiled code, not `{t}`"),
            span,
        )),
    }
}

/// The type of `rng.<f>(...)`; `args` starts with the receiver.
pub(super) fn method_type(
    f: I,
    args: &[Arg],
    kwargs: &[(String, Arg)],
    span: Span,
) -> Result<Type> {
    let what = f.qualified();
    // Counts without the receiver.
    let params = &f.params()[1..];
    let positional = params.iter().filter(|p| p.pass != Pass::Keyword).count();
    if args.len() > positional + 1 {
        return Err(CompileError::typing(
            format!(
                "`{what}` takes at most {positional} positional argument(s), {} given",
                args.len() - 1
            ),
            span,
        ));
    }
    let b = bind(f, args, kwargs, span)?;
    if let Some(p) = f
        .params()
        .iter()
        .zip(&b)
        .find(|(p, a)| p.default.is_none() && a.is_none())
        .map(|(p, _)| p)
    {
        return Err(CompileError::typing(
            format!("`{what}` is missing the argument `{}`", p.name),
            span,
        ));
    }
    let get = |i: usize| {
        b.get(i)
            .and_then(|x| x.as_ref())
            .filter(|a| a.ty != Type::None)
    };
    let of = |d: Dtype, nd: Option<u8>| match nd {
        None => d.scalar(),
        Some(n) => Type::array(d, n, Layout::C),
    };
    if let Rule::Draw { size, int } = f.rule() {
        let arrays = draw_params(f, &b, 1, size, &what, span)?;
        // `dtype=`: the default only (numpy.float64, or numpy.int64 for `integers`).
        let d = if int { Dtype::Int64 } else { Dtype::Float64 };
        let dtype_at = match f {
            I::GenRandom | I::GenStandardNormal | I::GenStandardExponential => Some(2),
            I::GenStandardGamma => Some(3),
            I::GenIntegers => Some(4),
            _ => None,
        };
        if let Some(t) = dtype_at.and_then(get).map(|a| &a.ty) {
            let given = super::dtype_of_value(t);
            if given != Some(d) {
                let shown = given.map_or_else(|| t.to_string(), |g| g.name().to_string());
                return Err(CompileError::unsupported(
                    format!(
                        "`{what}` with `dtype={shown}` is not supported in compiled code (only `numpy.{}`)",
                        d.name()
                    ),
                    span,
                ));
            }
        }
        if f == I::GenIntegers {
            if let Some(e) = get(5) {
                if e.ty != Type::Bool {
                    return Err(CompileError::typing(
                        format!("`endpoint` of `{what}` must be a bool, not `{}`", e.ty),
                        span,
                    ));
                }
            }
        }
        // Array parameters: an array of `size`'s shape, or of their broadcast shape.
        let nd = size_ndim(get(size), &what, span)?;
        return Ok(of(d, nd.or(arrays)));
    }
    match f {
        I::GenChoice => choice_type(&b, 1, &what, span),
        I::GenShuffle => match get(1).map(|a| &a.ty) {
            Some(Type::Array { ndim: 1, .. }) => Ok(Type::None),
            Some(t) => Err(CompileError::unsupported(
                format!("`{what}` takes a 1-d array in compiled code, not `{t}`"),
                span,
            )),
            None => Err(CompileError::typing(format!("`{what}` needs `x`"), span)),
        },
        I::GenPermutation => match get(1).map(|a| &a.ty) {
            Some(Type::Int) => Ok(Type::array(Dtype::Int64, 1, Layout::C)),
            Some(Type::Array { dtype, ndim: 1, .. }) => Ok(Type::array(*dtype, 1, Layout::C)),
            Some(t) => Err(CompileError::unsupported(
                format!("`{what}` takes an int or a 1-d array in compiled code, not `{t}`"),
                span,
            )),
            None => Err(CompileError::typing(format!("`{what}` needs `x`"), span)),
        },
        _ => Err(CompileError::internal(
            "infer",
            format!("`{what}` is not a Generator method"),
        )),
    }
}

/// The type of `choice(a, size, replace, p)` (`numpy.random.choice`, or a `Generator`'s with
/// `first` = 1): `a` an int (int64 indices) or a 1-d array (its dtype), `replace` a bool, `p` a
/// 1-d float64 array; a scalar without `size`.
pub(super) fn choice_type(b: &[Option<Arg>], first: usize, what: &str, span: Span) -> Result<Type> {
    let get = |i: usize| {
        b.get(first + i)
            .and_then(|x| x.as_ref())
            .filter(|a| a.ty != Type::None)
    };
    let of = |d: Dtype, nd: Option<u8>| match nd {
        None => d.scalar(),
        Some(n) => Type::array(d, n, Layout::C),
    };
    let nd = size_ndim(get(1), what, span)?;
    if let Some(r) = get(2) {
        if r.ty != Type::Bool {
            return Err(CompileError::typing(
                format!("`replace` of `{what}` must be a bool, not `{}`", r.ty),
                span,
            ));
        }
    }
    match get(3).map(|a| &a.ty) {
        None
        | Some(Type::Array {
            dtype: Dtype::Float64,
            ndim: 1,
            ..
        }) => {}
        Some(t) => {
            return Err(CompileError::unsupported(
                format!("`p` of `{what}` must be a 1-d float64 array in compiled code, not `{t}`"),
                span,
            ))
        }
    }
    match get(0).map(|a| &a.ty) {
        Some(Type::Int) => Ok(of(Dtype::Int64, nd)),
        Some(Type::Array { dtype, ndim: 1, .. }) => Ok(of(*dtype, nd)),
        Some(t) => Err(CompileError::unsupported(
            format!("`{what}` takes an int or a 1-d array in compiled code, not `{t}`"),
            span,
        )),
        None => Err(CompileError::typing(format!("`{what}` needs `a`"), span)),
    }
}

/// The type of `numpy.random.multivariate_normal(mean, cov, size)`: a float64 array of shape
/// `size + (len(mean),)`, `mean` a 1-d and `cov` a 2-d array of a dtype the slot routines read;
/// `check_valid` only at its default (`'warn'`), `tol` a number.
pub(super) fn multivariate_normal_type(b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let get = |i: usize| {
        b.get(i)
            .and_then(|x| x.as_ref())
            .filter(|a| a.ty != Type::None)
    };
    for (i, name, want) in [(0, "mean", 1), (1, "cov", 2)] {
        match get(i).map(|a| &a.ty) {
            Some(Type::Array { dtype, ndim, .. }) if *ndim == want && param_dtype(*dtype) => {}
            t => {
                let shown = t.map_or_else(|| "nothing".to_string(), |t| format!("`{t}`"));
                return Err(CompileError::unsupported(
                    format!(
                        "`{what}` takes a {want}-d real array `{name}` in compiled code, not {shown}"
                    ),
                    span,
                ));
            }
        }
    }
    if get(3).is_some() {
        return Err(CompileError::unsupported(
            format!("`{what}` with `check_valid=` is not supported in compiled code (only the default 'warn', without its warning)"),
            span,
        ));
    }
    if let Some(t) = get(4).map(|a| &a.ty) {
        if !matches!(t, Type::Int | Type::Float) {
            return Err(CompileError::typing(
                format!("`tol` of `{what}` must be a number, not `{t}`"),
                span,
            ));
        }
    }
    let nd = size_ndim(get(2), what, span)?.unwrap_or(0);
    Ok(Type::array(Dtype::Float64, nd + 1, Layout::C))
}

/// Checks the parameters of a distribution draw (`Rule::Draw`), those before `size` from
/// `first` on (1 for a `Generator` method, after the receiver): numbers (`binomial`'s `n`: an
/// int, or a float NumPy truncates), or, for the distributions of [`takes_arrays`], arrays
/// of the real dtypes the slot routines read (broadcast as NumPy does, `random::broadcast` in
/// the runtime). Returns the most axes of an array parameter (`None` when all are numbers).
pub(super) fn draw_params(
    f: I,
    b: &[Option<Arg>],
    first: usize,
    size: usize,
    what: &str,
    span: Span,
) -> Result<Option<u8>> {
    let mut most: Option<u8> = None;
    if matches!(f, I::RandomRandint | I::GenIntegers) {
        return int_bounds(f, b, first, what, span);
    }
    for (i, p) in f.params().iter().enumerate().take(size).skip(first) {
        let Some(a) = b
            .get(i)
            .and_then(|x| x.as_ref())
            .filter(|a| a.ty != Type::None)
        else {
            continue;
        };
        if let Type::Array { dtype, ndim, .. } = &a.ty {
            let real = param_dtype(*dtype);
            if takes_arrays(f) && real && (1..=8).contains(ndim) {
                most = Some(most.map_or(*ndim, |m| m.max(*ndim)));
                continue;
            }
        }
        let int_only = f == I::GenIntegers;
        let ok = if int_only {
            a.ty == Type::Int
        } else {
            a.ty.is_real_scalar()
        };
        if !ok {
            let kind = if int_only {
                "an int".to_string()
            } else if takes_arrays(f) {
                "a number or a real array of 1 to 8 dimensions".to_string()
            } else {
                "a number".to_string()
            };
            return Err(CompileError::unsupported(
                format!(
                    "`{what}` takes {kind} as `{}` in compiled code, not `{}`",
                    p.name, a.ty
                ),
                span,
            ));
        }
    }
    Ok(most)
}

/// The bounds of `randint`/`integers` (`low`, `high` from `first` on): numbers, or integer
/// arrays of 1 to 8 axes (`random::int_bounds` in the runtime, NumPy's
/// `_rand_int64_broadcast`) next to ints. Float bounds next to an array are refused: NumPy
/// converts those element by element with Python's `int()`. Returns the most axes of an
/// array bound (`None` when both are numbers; the scalar draw converts legacy `randint`'s
/// numbers itself).
fn int_bounds(f: I, b: &[Option<Arg>], first: usize, what: &str, span: Span) -> Result<Option<u8>> {
    let bounds: Vec<(&str, &Arg)> = ["low", "high"]
        .into_iter()
        .enumerate()
        .filter_map(|(k, name)| {
            b.get(first + k)
                .and_then(|x| x.as_ref())
                .filter(|a| a.ty != Type::None)
                .map(|a| (name, a))
        })
        .collect();
    let mut most: Option<u8> = None;
    for (_, a) in &bounds {
        if let Type::Array { ndim, .. } = &a.ty {
            most = Some(most.map_or(*ndim, |m| m.max(*ndim)));
        }
    }
    for (name, a) in &bounds {
        let ok = match &a.ty {
            Type::Array { dtype, ndim, .. } => {
                matches!(
                    dtype,
                    Dtype::Int64 | Dtype::Int32 | Dtype::Uint8 | Dtype::Bool
                ) && (1..=8).contains(ndim)
            }
            Type::Int => true,
            // The legacy scalar draw converts its numbers itself.
            _ => f == I::RandomRandint && most.is_none(),
        };
        if !ok {
            let err = CompileError::unsupported(
                format!(
                    "`{what}` takes an int or an integer array of 1 to 8 dimensions as `{name}` in compiled code, not `{}`",
                    a.ty
                ),
                span,
            );
            return Err(if most.is_some() {
                err.with_hint(
                    "convert float bounds with `.astype(numpy.int64)` or `int(...)` first",
                )
            } else {
                err
            });
        }
    }
    Ok(most)
}

/// The distributions whose parameters may be arrays.
pub(super) fn takes_arrays(f: I) -> bool {
    matches!(
        f,
        I::RandomNormal
            | I::RandomUniform
            | I::RandomExponential
            | I::RandomGamma
            | I::RandomStandardGamma
            | I::RandomBeta
            | I::RandomPoisson
            | I::RandomBinomial
            | I::GenNormal
            | I::GenUniform
            | I::GenExponential
            | I::GenGamma
            | I::GenStandardGamma
            | I::GenChisquare
            | I::GenLognormal
            | I::GenBeta
            | I::GenPoisson
            | I::GenBinomial
    )
}

/// Does a value of type `t` hold a generator (itself, or in a tuple or an optional)? Such
/// values cannot be returned: the binding has no Python object for them.
pub(super) fn holds_generator(t: &Type) -> bool {
    match t {
        Type::Generator => true,
        Type::Tuple(items) => items.iter().any(holds_generator),
        Type::Optional(t) => holds_generator(t),
        _ => false,
    }
}

/// The dtypes a distribution's array parameter may have (converted to float64 by the runtime).
fn param_dtype(d: Dtype) -> bool {
    matches!(
        d,
        Dtype::Float64 | Dtype::Float32 | Dtype::Int64 | Dtype::Int32 | Dtype::Uint8 | Dtype::Bool
    )
}
