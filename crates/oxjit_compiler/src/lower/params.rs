//! Parameters: names, kinds (positional-only, positional-or-keyword, keyword-only) and default
//! values frozen as literals.

use crate::error::{CompileError, Result};
use crate::ir::{Const, DefaultValue, Param, ParamKind};
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr, Number};

/// The parameters of `def`, in the order the compiled function takes them.
pub(super) fn signature(params: &ast::Parameters) -> Result<Vec<Param>> {
    if params.kwarg.is_some() {
        return Err(CompileError::unsupported(
            "`**kwargs` parameters are not supported",
            span_of(params),
        ));
    }
    let kinds = params
        .posonlyargs
        .iter()
        .map(|p| (p, ParamKind::PositionalOnly))
        .chain(
            params
                .args
                .iter()
                .map(|p| (p, ParamKind::PositionalOrKeyword)),
        )
        .chain(
            params
                .kwonlyargs
                .iter()
                .map(|p| (p, ParamKind::KeywordOnly)),
        );
    let mut out: Vec<Param> = kinds
        .map(|(p, kind)| Param {
            name: p.parameter.name.id.as_str().to_string(),
            kind,
            default: p.default.as_deref().map(default_value),
        })
        .collect();
    if let Some(v) = &params.vararg {
        // After the positional parameters, before the keyword-only ones.
        let at = out
            .iter()
            .position(|p| p.kind == ParamKind::KeywordOnly)
            .unwrap_or(out.len());
        out.insert(
            at,
            Param {
                name: v.name.id.as_str().to_string(),
                kind: ParamKind::VarPositional,
                default: None,
            },
        );
    }
    Ok(out)
}

/// A default value as a constant: int, float, bool, `None` literals (with a sign) and tuples of
/// those.
fn default_value(e: &Expr) -> DefaultValue {
    match e {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => match i.as_i64() {
                Some(v) => DefaultValue::Const(Const::Int(v)),
                None => DefaultValue::Unsupported,
            },
            Number::Float(f) => DefaultValue::Const(Const::Float(*f)),
            Number::Complex { real, imag } => DefaultValue::Const(Const::Complex(*real, *imag)),
        },
        Expr::BooleanLiteral(b) => DefaultValue::Const(Const::Bool(b.value)),
        Expr::NoneLiteral(_) => DefaultValue::Const(Const::None),
        Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub | ast::UnaryOp::UAdd) => {
            let neg = u.op == ast::UnaryOp::USub;
            match default_value(&u.operand) {
                DefaultValue::Const(Const::Int(v)) if neg => match v.checked_neg() {
                    Some(v) => DefaultValue::Const(Const::Int(v)),
                    None => DefaultValue::Unsupported,
                },
                DefaultValue::Const(Const::Float(v)) if neg => {
                    DefaultValue::Const(Const::Float(-v))
                }
                DefaultValue::Const(c @ (Const::Int(_) | Const::Float(_))) => {
                    DefaultValue::Const(c)
                }
                _ => DefaultValue::Unsupported,
            }
        }
        Expr::Tuple(t) => DefaultValue::Tuple(t.elts.iter().map(default_value).collect()),
        _ => DefaultValue::Unsupported,
    }
}
