//! Typing of calls to Python's builtins (`len`, `abs`, `min`/`max`/`sum`, `int`/`float`/`bool`,
//! `round`, `divmod`, `list`, ...) and to the `math` module, and the argument checks every call
//! rule shares.

use super::numpy::Arg;
use super::*;

/// The argument checks every builtin and `math` rule shares, for one call.
pub(super) struct CallChecks<'k> {
    nargs: usize,
    kwargs: &'k [(String, ValueId)],
    span: Span,
}

impl<'k> CallChecks<'k> {
    pub(super) fn new(nargs: usize, kwargs: &'k [(String, ValueId)], span: Span) -> Self {
        CallChecks {
            nargs,
            kwargs,
            span,
        }
    }

    /// Keyword arguments are refused where a builtin takes none.
    pub(super) fn no_kwargs(&self, what: &str) -> Result<()> {
        if self.kwargs.is_empty() {
            Ok(())
        } else {
            Err(CompileError::unsupported(
                format!("keyword arguments to `{what}` are not supported"),
                self.span,
            ))
        }
    }

    /// `lo..=hi` positional arguments.
    pub(super) fn arity(&self, what: &str, lo: usize, hi: usize) -> Result<()> {
        let n = self.nargs;
        if n < lo || n > hi {
            let expect = if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo} to {hi}")
            };
            Err(CompileError::typing(
                format!("`{what}` takes {expect} argument(s), {n} given"),
                self.span,
            ))
        } else {
            Ok(())
        }
    }

    /// A number (int, float, bool) argument.
    pub(super) fn numeric(&self, what: &str, t: &Type) -> Result<()> {
        if t.is_number() {
            Ok(())
        } else {
            Err(CompileError::typing(
                format!("`{what}` expects a number, not `{t}`"),
                self.span,
            ))
        }
    }
}

impl Inference<'_> {
    /// The result type of `math` function `f`.
    pub(super) fn math_type(
        &mut self,
        f: I,
        args: &[ValueId],
        arg_types: &[Type],
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<Type> {
        let c = CallChecks::new(args.len(), kwargs, span);
        let f = &f;
        Ok(match f {
            I::MathIsclose => {
                let kws: Vec<(String, Type)> = kwargs
                    .iter()
                    .map(|(k, v)| (k.clone(), self.ty(*v).clone()))
                    .collect();
                let bound = intrinsics::bind(I::MathIsclose, arg_types, &kws, span)?;
                for (i, t) in bound.iter().enumerate() {
                    match t {
                        Some(t) if !t.is_number() || *t == Type::Uint64 => {
                            return Err(CompileError::typing(
                                format!("`math.isclose` expects numbers, not `{t}`"),
                                span,
                            ))
                        }
                        None if i < 2 => {
                            return Err(CompileError::typing(
                                "`math.isclose` takes two numbers",
                                span,
                            ))
                        }
                        _ => {}
                    }
                }
                Type::Bool
            }
            _ => {
                let what = f.qualified();
                c.no_kwargs(&what)?;
                let n = f.params().len();
                let required = f.params().iter().filter(|p| p.default.is_none()).count();
                c.arity(&what, required, n)?;
                for a in arg_types {
                    c.numeric(&what, a)?;
                    if f.rule() == Rule::Math(MathRule::Integer)
                        && !matches!(a, Type::Int | Type::Bool)
                    {
                        return Err(CompileError::typing(
                            format!("`{what}` takes integers, not `{a}` (CPython: 'float' object cannot be interpreted as an integer)"),
                            span,
                        ));
                    }
                }
                if *f == I::MathLdexp && !matches!(arg_types[1], Type::Int | Type::Bool) {
                    return Err(CompileError::typing(
                        format!(
                            "`math.ldexp` expects an int as second argument, not `{}`",
                            arg_types[1]
                        ),
                        span,
                    ));
                }
                match f.rule() {
                    _ if *f == I::MathFrexp => Type::Tuple(vec![Type::Float, Type::Int]),
                    _ if *f == I::MathModf => Type::Tuple(vec![Type::Float, Type::Float]),
                    Rule::Math(MathRule::Int | MathRule::Integer) => Type::Int,
                    Rule::Math(MathRule::Bool) => Type::Bool,
                    Rule::Math(MathRule::Float) => Type::Float,
                    r => {
                        return Err(CompileError::internal(
                            "infer",
                            format!("`{what}` has typing rule {r:?}"),
                        ))
                    }
                }
            }
        })
    }

    /// The result type of builtin `f` called with `args`.
    pub(super) fn builtin_type(
        &mut self,
        f: I,
        args: &[ValueId],
        arg_types: &[Type],
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<Type> {
        let c = CallChecks::new(args.len(), kwargs, span);
        // Builtins of complex arrays (`min`, `sum`, ...) are not compiled yet; `len` and `abs`
        // are.
        let complex_array = |t: &Type| matches!(t, Type::Array { dtype, .. } if dtype.is_complex());
        if f == I::BuiltinAbs && kwargs.is_empty() && arg_types.len() == 1 {
            let arg = super::numpy::Arg {
                ty: arg_types[0].clone(),
                konst: None,
                flag: None,
                word: None,
                literal: false,
            };
            if let Some(t) = super::complex_array::call(I::Abs, &[Some(arg)], "abs", span)? {
                return Ok(t);
            }
        }
        if f != I::BuiltinLen && arg_types.iter().any(complex_array) {
            return Err(CompileError::unsupported(
                format!("`{}` of a complex array is not supported yet", f.name()),
                span,
            )
            .with_hint("see docs/complex.md for what compiles with complex numbers"));
        }
        let f = &f;
        Ok({
            let name = f.name();
            c.no_kwargs(name)?;
            match f {
                I::BuiltinLen => {
                    c.arity(name, 1, 1)?;
                    match &arg_types[0] {
                        Type::Array { ndim: 0, .. } => {
                            return Err(CompileError::typing("len() of unsized object", span))
                        }
                        Type::Array { .. }
                        | Type::Tuple(_)
                        | Type::List(_)
                        | Type::Dict(..)
                        | Type::Set(_)
                        | Type::ExceptionArgs
                        | Type::Range => Type::Int,
                        t => {
                            return Err(CompileError::typing(
                                format!("object of type `{t}` has no len()"),
                                span,
                            ))
                        }
                    }
                }
                I::BuiltinAbs if matches!(arg_types.first(), Some(Type::Array { .. })) => {
                    c.arity(name, 1, 1)?;
                    let a = Arg {
                        ty: arg_types[0].clone(),
                        konst: None,
                        flag: None,
                        word: None,
                        literal: false,
                    };
                    numpy::call(I::Absolute, &[a], &[], span)?
                }
                I::BuiltinAbs if arg_types.first() == Some(&Type::Complex) => {
                    c.arity(name, 1, 1)?;
                    Type::Float
                }
                I::BuiltinAbs => {
                    c.arity(name, 1, 1)?;
                    c.numeric(name, &arg_types[0])?;
                    match &arg_types[0] {
                        Type::Bool => Type::Int,
                        t => t.clone(),
                    }
                }
                I::BuiltinSum | I::BuiltinMin | I::BuiltinMax
                    if matches!(arg_types[..], [Type::List(_)]) =>
                {
                    self.list_reduce(*f, &arg_types[0], span)?
                }
                I::BuiltinMin | I::BuiltinMax | I::BuiltinSum
                    if args.len() <= 2 && matches!(arg_types.first(), Some(Type::Array { .. })) =>
                {
                    builtin_over_array(*f, arg_types, span)?
                }
                I::BuiltinMin | I::BuiltinMax | I::BuiltinSum if args.len() == 1 => {
                    return Err(CompileError::unsupported(
                    format!("`{name}` of a `{}` is not supported (1-D arrays, or 2 or more numbers)", arg_types[0]),
                    span,
                ));
                }
                I::BuiltinSum => {
                    return Err(CompileError::unsupported(
                    "`sum` is supported over a 1-D array (and an optional start) or a list of numbers",
                    span,
                ));
                }
                I::BuiltinAny | I::BuiltinAll => {
                    c.arity(name, 1, 1)?;
                    any_all_arg(*f, &arg_types[0], span)?;
                    Type::Bool
                }
                I::BuiltinPow => pow_type(arg_types, &c, span)?,
                I::BuiltinDivmod => {
                    c.arity(name, 2, 2)?;
                    c.numeric(name, &arg_types[0])?;
                    c.numeric(name, &arg_types[1])?;
                    let t = crate::infer::arith_result(
                        crate::ir::BinOp::FloorDiv,
                        &arg_types[0],
                        &arg_types[1],
                    )
                    .ok_or_else(|| {
                        CompileError::typing(
                            format!("`divmod` of `{}` and `{}`", arg_types[0], arg_types[1]),
                            span,
                        )
                    })?;
                    Type::Tuple(vec![t.clone(), t])
                }
                I::BuiltinMin | I::BuiltinMax => {
                    let mut t = Type::Unknown;
                    for a in arg_types {
                        c.numeric(name, a)?;
                        t = unify(&t, a).ok_or_else(|| {
                            CompileError::typing(format!("`{name}` of `{t}` and `{a}`"), span)
                        })?;
                    }
                    t
                }
                I::BuiltinBool if arg_types.first() == Some(&Type::Complex) => {
                    c.arity(name, 0, 1)?;
                    Type::Bool
                }
                I::BuiltinInt | I::BuiltinFloat if arg_types.first() == Some(&Type::Complex) => {
                    return Err(CompileError::typing(
                        format!("`{name}` of a complex number is not defined"),
                        span,
                    )
                    .with_hint("use `abs(z)`, `z.real` or `z.imag`"))
                }
                I::BuiltinInt | I::BuiltinFloat | I::BuiltinBool => {
                    c.arity(name, 0, 1)?;
                    if let Some(a) = arg_types.first() {
                        c.numeric(name, a)?;
                    }
                    match f {
                        I::BuiltinInt => Type::Int,
                        I::BuiltinFloat => Type::Float,
                        _ => Type::Bool,
                    }
                }
                I::BuiltinRound => {
                    c.arity(name, 1, 2)?;
                    c.numeric(name, &arg_types[0])?;
                    match (arg_types.get(1), &arg_types[0]) {
                    (None | Some(Type::None), _) => Type::Int,
                    (Some(Type::Int | Type::Bool), Type::Float) => Type::Float,
                    (Some(Type::Int | Type::Bool), Type::Int | Type::Bool) => Type::Int,
                    (Some(n), x) => {
                        return Err(CompileError::unsupported(
                            format!("`round` of `{x}` with `ndigits` of `{n}` is not supported (float or int, and an int)"),
                            span,
                        ))
                    }
                }
                }
                I::BuiltinList => self.list_ctor(arg_types, span)?,
                I::BuiltinRange => super::range::call(arg_types, !kwargs.is_empty(), span)?,
                other => {
                    return Err(CompileError::internal(
                        "infer",
                        format!("builtin `{}` has no typing", other.name()),
                    ))
                }
            }
        })
    }
}

/// `min(a)`, `max(a)`, `sum(a[, start])` of a 1-D array: Python's loop over its elements (as
/// NumPy scalars: a Python `start` is weak, NEP 50).
fn builtin_over_array(f: I, args: &[Type], span: crate::error::Span) -> Result<Type> {
    let Type::Array { dtype, ndim: 1, .. } = &args[0] else {
        return Err(CompileError::unsupported(
            format!(
                "`{}` of a `{}`: only 1-D arrays are supported",
                f.name(),
                args[0]
            ),
            span,
        ));
    };
    if f != I::BuiltinSum {
        if args.len() > 1 {
            return Err(CompileError::unsupported(
                format!("`{}` of an array and more arguments", f.name()),
                span,
            ));
        }
        return Ok(dtype.scalar());
    }
    let start = args.get(1).cloned().unwrap_or(Type::Int);
    if !matches!(start, Type::Int | Type::Float | Type::Bool) {
        return Err(CompileError::unsupported(
            format!("`sum` with a start of type `{start}`"),
            span,
        ));
    }
    Ok(
        match crate::types::Dtype::promote_weak(*dtype, &start).scalar() {
            Type::Bool => Type::Int,
            t => t,
        },
    )
}

/// `pow(a, b)` as `a ** b`; `pow(a, b, m)` on ints only.
fn pow_type(arg_types: &[Type], c: &CallChecks<'_>, span: Span) -> Result<Type> {
    c.arity("pow", 2, 3)?;
    if arg_types.len() == 3 && arg_types[2] != Type::None {
        if arg_types
            .iter()
            .any(|t| !matches!(t, Type::Int | Type::Bool))
        {
            return Err(CompileError::typing(
                "pow() 3rd argument not allowed unless all arguments are integers",
                span,
            ));
        }
        return Ok(Type::Int);
    }
    c.numeric("pow", &arg_types[0])?;
    c.numeric("pow", &arg_types[1])?;
    crate::infer::arith_result(crate::ir::BinOp::Pow, &arg_types[0], &arg_types[1]).ok_or_else(
        || {
            CompileError::typing(
                format!("`pow` of `{}` and `{}`", arg_types[0], arg_types[1]),
                span,
            )
        },
    )
}

/// `any(x)` / `all(x)`: of a 1-D array, a list of numbers or a tuple (Python's truth of each
/// item; the items have no side effects, so scanning them all gives Python's answer).
fn any_all_arg(f: I, t: &Type, span: crate::error::Span) -> Result<()> {
    let ok = match t {
        Type::Array { ndim: 1, .. } => true,
        Type::List(e) => e.is_number(),
        Type::Tuple(items) => items.iter().all(|i| i.is_number() || *i == Type::None),
        _ => false,
    };
    if ok {
        return Ok(());
    }
    Err(CompileError::unsupported(
        format!(
            "`{}` of `{t}` is not supported (a 1-D array, a list of numbers or a tuple of numbers)",
            f.name()
        ),
        span,
    ))
}
