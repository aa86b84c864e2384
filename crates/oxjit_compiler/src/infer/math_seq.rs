//! Typing of `math.fsum`, `math.prod` and `math.dist` (the sequence rules of `Rule::Stats`):
//! their sequences are 1-D arrays, lists or tuples of real numbers, which codegen hands to the
//! runtime routines as 1-D array slots (`codegen/slots.rs`).

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::StatsRule;
use crate::types::{Dtype, Type};

/// Whether the sequence holds floats; an error for what is not a sequence of real numbers.
fn float_sequence(t: &Type, what: &str, span: Span) -> Result<bool> {
    let scalar = |t: &Type| match t {
        Type::Int | Type::Bool => Some(false),
        Type::Float | Type::Float32 => Some(true),
        _ => None,
    };
    let found = match t {
        Type::Array { ndim: 1, dtype, .. } => match dtype {
            Dtype::Float64 | Dtype::Float32 => Some(true),
            Dtype::Int64 | Dtype::Int32 | Dtype::Uint8 | Dtype::Bool => Some(false),
            _ => None,
        },
        Type::Array { ndim, .. } => {
            return Err(CompileError::unsupported(
                format!(
                    "`{what}` of a {ndim}-D array is not supported (CPython iterates its rows)"
                ),
                span,
            ))
        }
        Type::List(e) => scalar(e),
        Type::Tuple(items) => items
            .iter()
            .map(scalar)
            .try_fold(false, |acc, s| s.map(|f| acc || f)),
        _ => None,
    };
    found.ok_or_else(|| {
        CompileError::unsupported(
            format!(
                "`{what}` of `{t}` is not supported (1-D arrays of int64, int32, uint8, bool, \
                 float64 or float32, and lists and tuples of numbers are)"
            ),
            span,
        )
    })
}

/// The result type of `math.fsum(seq)`, `math.prod(seq, start=...)` or `math.dist(p, q)`.
pub fn call(rule: StatsRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let ty = |i: usize| b.get(i).and_then(|a| a.as_ref()).map(|a| &a.ty);
    let Some(seq) = ty(0) else {
        return Err(CompileError::typing(
            format!("`{what}` needs a sequence"),
            span,
        ));
    };
    let float = float_sequence(seq, what, span)?;
    Ok(match rule {
        StatsRule::Prod => {
            let start_float = match ty(1) {
                None | Some(Type::Int | Type::Bool) => false,
                Some(Type::Float) => true,
                Some(t) => {
                    return Err(CompileError::unsupported(
                        format!("`start` of `{what}` must be an int or a float, not `{t}`"),
                        span,
                    ))
                }
            };
            if float || start_float {
                Type::Float
            } else if ty(1) == Some(&Type::Bool) && *seq == Type::Tuple(Vec::new()) {
                // Nothing to multiply: `start` itself.
                Type::Bool
            } else {
                Type::Int
            }
        }
        StatsRule::Dist => {
            let Some(q) = ty(1) else {
                return Err(CompileError::typing(
                    format!("`{what}` needs two points"),
                    span,
                ));
            };
            float_sequence(q, what, span)?;
            Type::Float
        }
        _ => Type::Float,
    })
}
