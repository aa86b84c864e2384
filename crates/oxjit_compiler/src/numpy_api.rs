//! The NumPy functions oxjit compiles: parameter lists (for binding positional and keyword
//! arguments the same way in typing and codegen) and the classification of ufuncs.

use crate::error::{CompileError, Result, Span};

/// Element-wise functions of one argument whose result is floating point.
pub const FLOAT_UFUNCS: &[&str] = &[
    "sqrt", "exp", "log", "log10", "log2", "log1p", "expm1", "exp2", "sin", "cos", "tan", "arcsin",
    "arccos", "arctan", "sinh", "cosh", "tanh", "cbrt", "deg2rad", "rad2deg", "degrees", "radians",
];
/// Element-wise functions of one argument that keep the dtype.
pub const SAME_UFUNCS: &[&str] = &[
    "square", "negative", "positive", "absolute", "abs", "fabs", "sign", "floor", "ceil", "trunc",
    "rint", "round", "around",
];
/// Element-wise predicates of one argument.
pub const PREDICATE_UFUNCS: &[&str] = &["isnan", "isinf", "isfinite", "logical_not"];
/// Element-wise functions of two arguments, mapped to an operator or a named kernel.
pub const BINARY_UFUNCS: &[&str] = &[
    "add",
    "subtract",
    "multiply",
    "divide",
    "true_divide",
    "floor_divide",
    "mod",
    "remainder",
    "power",
    "minimum",
    "maximum",
    "fmin",
    "fmax",
    "arctan2",
    "hypot",
    "less",
    "less_equal",
    "greater",
    "greater_equal",
    "equal",
    "not_equal",
    "logical_and",
    "logical_or",
    "logical_xor",
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
    "copysign",
];
/// Reductions (`axis=` optional).
pub const REDUCTIONS: &[&str] = &[
    "sum", "prod", "mean", "var", "std", "min", "max", "amin", "amax", "argmin", "argmax", "all",
    "any", "cumsum", "cumprod",
];
/// Random functions (under `numpy.random`).
pub const RANDOM: &[&str] = &[
    "seed",
    "random",
    "random_sample",
    "sample",
    "ranf",
    "rand",
    "randn",
    "standard_normal",
    "normal",
    "uniform",
    "randint",
    "exponential",
    "standard_exponential",
    "shuffle",
    "permutation",
    "choice",
];
/// Other functions of the `numpy` module.
pub const OTHER: &[&str] = &[
    "copy",
    "empty",
    "zeros",
    "ones",
    "full",
    "empty_like",
    "zeros_like",
    "ones_like",
    "full_like",
    "array",
    "asarray",
    "arange",
    "linspace",
    "eye",
    "identity",
    "where",
    "clip",
    "dot",
    "matmul",
    "vdot",
    "outer",
    "transpose",
    "sort",
    "argsort",
    "reshape",
    "ravel",
];
/// Array methods that are the function of the same name applied to the array.
pub const METHODS: &[&str] = &[
    "sum",
    "prod",
    "mean",
    "var",
    "std",
    "min",
    "max",
    "argmin",
    "argmax",
    "all",
    "any",
    "cumsum",
    "cumprod",
    "copy",
    "transpose",
    "reshape",
    "ravel",
    "flatten",
    "astype",
    "dot",
    "clip",
    "round",
    "sort",
    "argsort",
    "fill",
];

/// Is `numpy.<name>` (or `numpy.random.<name>` with the `random.` prefix) supported?
pub fn is_supported(name: &str) -> bool {
    if let Some(r) = name.strip_prefix("random.") {
        return RANDOM.contains(&r);
    }
    [
        FLOAT_UFUNCS,
        SAME_UFUNCS,
        PREDICATE_UFUNCS,
        BINARY_UFUNCS,
        REDUCTIONS,
        OTHER,
    ]
    .iter()
    .any(|t| t.contains(&name))
}

/// The parameter names of a function, in positional order; `None` for variadic shapes
/// (`rand(d0, d1, ...)`, `a.reshape(d0, d1, ...)`).
pub fn params(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        n if REDUCTIONS.contains(&n) => &["a", "axis"],
        n if FLOAT_UFUNCS.contains(&n) || PREDICATE_UFUNCS.contains(&n) => &["x"],
        "round" | "around" => &["a", "decimals"],
        n if SAME_UFUNCS.contains(&n) => &["x"],
        n if BINARY_UFUNCS.contains(&n) => &["x1", "x2"],
        "where" => &["condition", "x", "y"],
        "clip" => &["a", "a_min", "a_max"],
        "dot" | "matmul" | "vdot" | "outer" => &["a", "b"],
        "transpose" | "sort" | "argsort" | "ravel" | "copy" | "flatten" => &["a"],
        "reshape" => &["a", "shape"],
        "array" | "asarray" => &["object", "dtype"],
        "full" => &["shape", "fill_value", "dtype"],
        "zeros" | "ones" | "empty" => &["shape", "dtype"],
        "zeros_like" | "ones_like" | "empty_like" => &["a", "dtype"],
        "full_like" => &["a", "fill_value", "dtype"],
        "astype" => &["a", "dtype"],
        "fill" => &["a", "value"],
        "arange" => &["start", "stop", "step", "dtype"],
        "linspace" => &["start", "stop", "num"],
        "eye" => &["N", "M"],
        "identity" => &["n"],
        "random.seed" => &["seed"],
        "random.random"
        | "random.random_sample"
        | "random.sample"
        | "random.ranf"
        | "random.standard_normal"
        | "random.standard_exponential" => &["size"],
        "random.normal" => &["loc", "scale", "size"],
        "random.uniform" => &["low", "high", "size"],
        "random.exponential" => &["scale", "size"],
        "random.randint" => &["low", "high", "size"],
        "random.shuffle" | "random.permutation" => &["x"],
        "random.choice" => &["a", "size"],
        _ => return None,
    })
}

/// Bind positional and keyword arguments to the parameters of `name`.
pub fn bind<T: Clone>(
    name: &str,
    args: &[T],
    kwargs: &[(String, T)],
    span: Span,
) -> Result<Vec<Option<T>>> {
    let Some(ps) = params(name) else {
        return Err(CompileError::internal(
            "numpy",
            format!("no parameter list for `{name}`"),
        ));
    };
    let shown = name
        .strip_prefix("random.")
        .map_or_else(|| format!("numpy.{name}"), |r| format!("numpy.random.{r}"));
    if args.len() > ps.len() {
        return Err(CompileError::typing(
            format!(
                "`{shown}` takes at most {} positional argument(s), {} given",
                ps.len(),
                args.len()
            ),
            span,
        ));
    }
    let mut out: Vec<Option<T>> = vec![None; ps.len()];
    for (i, a) in args.iter().enumerate() {
        out[i] = Some(a.clone());
    }
    for (k, v) in kwargs {
        // NumPy 1.x called `reshape`'s shape `newshape`.
        let key = if k == "newshape" { "shape" } else { k.as_str() };
        let Some(i) = ps.iter().position(|p| *p == key) else {
            return Err(CompileError::unsupported(
                format!("the keyword argument `{k}` of `{shown}` is not supported"),
                span,
            ));
        };
        if out[i].is_some() {
            return Err(CompileError::typing(
                format!("`{shown}` got multiple values for argument `{k}`"),
                span,
            ));
        }
        out[i] = Some(v.clone());
    }
    Ok(out)
}
