//! Binding the arguments of a call to another jitted function to its parameters: positional
//! arguments, keywords and the callee's defaults (frozen constants), as Python binds them.

use crate::error::{CompileError, Result, Span};
use crate::ir::{Const, DefaultValue, Param, ParamKind, ValueId};
use crate::types::Type;

/// A function's name and parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    pub name: String,
    pub params: Vec<Param>,
}

/// Where the value of one parameter of a call comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgSource {
    /// A value of the caller (positional or keyword argument).
    Value(ValueId),
    /// Item `i` of a tuple of the caller (`g(*t)`).
    Item(ValueId, usize),
    /// The extra positional arguments, as the tuple of a `*args` parameter.
    Packed(Vec<ArgSource>),
    /// The callee's default.
    Default(DefaultValue),
}

/// A call to another jitted function: the callee instance and one source per parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct JittedCall {
    pub instance: usize,
    pub args: Vec<ArgSource>,
}

/// One source per parameter of `sig`, or Python's `TypeError` message as a typing error.
pub fn bind(
    sig: &Signature,
    args: &[ArgSource],
    kwargs: &[(String, ValueId)],
    span: Span,
) -> Result<Vec<ArgSource>> {
    let name = &sig.name;
    let err = |msg: String| Err(CompileError::typing(format!("{name}() {msg}"), span));
    let positional = sig
        .params
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                ParamKind::PositionalOnly | ParamKind::PositionalOrKeyword
            )
        })
        .count();
    let var = sig
        .params
        .iter()
        .position(|p| p.kind == ParamKind::VarPositional);
    if args.len() > positional && var.is_none() {
        let required = sig.params[..positional]
            .iter()
            .filter(|p| p.default.is_none())
            .count();
        let takes = if required == positional {
            format!("{positional}")
        } else {
            format!("from {required} to {positional}")
        };
        let s = if positional == 1 && required == positional {
            ""
        } else {
            "s"
        };
        let were = if args.len() == 1 { "was" } else { "were" };
        return err(format!(
            "takes {takes} positional argument{s} but {} {were} given",
            args.len()
        ));
    }
    let mut bound: Vec<Option<ArgSource>> = vec![None; sig.params.len()];
    let split = args.len().min(positional);
    for (i, a) in args[..split].iter().enumerate() {
        bound[i] = Some(a.clone());
    }
    if let Some(at) = var {
        bound[at] = Some(ArgSource::Packed(args[split..].to_vec()));
    }
    for (k, v) in kwargs {
        let Some(i) = sig
            .params
            .iter()
            .position(|p| &p.name == k && p.kind != ParamKind::VarPositional)
        else {
            return err(format!("got an unexpected keyword argument '{k}'"));
        };
        if sig.params[i].kind == ParamKind::PositionalOnly {
            return err(format!(
                "got some positional-only arguments passed as keyword arguments: '{k}'"
            ));
        }
        if bound[i].is_some() {
            return err(format!("got multiple values for argument '{k}'"));
        }
        bound[i] = Some(ArgSource::Value(*v));
    }
    let mut out = Vec::with_capacity(bound.len());
    for (p, b) in sig.params.iter().zip(bound) {
        match (b, &p.default) {
            (Some(b), _) => out.push(b),
            (None, Some(d)) => out.push(ArgSource::Default(d.clone())),
            (None, None) => {
                let what = if p.kind == ParamKind::KeywordOnly {
                    "keyword-only"
                } else {
                    "positional"
                };
                return err(format!("missing 1 required {what} argument: '{}'", p.name));
            }
        }
    }
    Ok(out)
}

/// The type of a default value (an `UnsupportedError` for defaults that are not constants).
pub fn default_type(d: &DefaultValue, sig: &Signature, span: Span) -> Result<Type> {
    Ok(match d {
        DefaultValue::Const(Const::Int(_)) => Type::Int,
        DefaultValue::Const(Const::Float(_)) => Type::Float,
        DefaultValue::Const(Const::Complex(..)) => Type::Complex,
        DefaultValue::Const(Const::Bool(_)) => Type::Bool,
        DefaultValue::Const(Const::None) => Type::None,
        DefaultValue::Tuple(items) => Type::Tuple(
            items
                .iter()
                .map(|i| default_type(i, sig, span))
                .collect::<Result<Vec<_>>>()?,
        ),
        DefaultValue::Unsupported => {
            return Err(CompileError::unsupported(
                format!(
                    "a default value of `{}()` is not supported when it is called from \
                     compiled code (defaults must be int, float, bool or None literals, or \
                     tuples of those); pass the argument explicitly",
                    sig.name
                ),
                span,
            ))
        }
    })
}
