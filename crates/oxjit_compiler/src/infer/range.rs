//! Typing of `range` objects used as values (`r = range(a, b, c)`): `len(r)`, `r[i]`
//! (`IndexError` past the end), `x in r` for ints, truth, `.start`/`.stop`/`.step`, and `for x
//! in r` (a loop over `len` and indexing, see `lower::iter`). A range is three int64 slots.

use super::strings::py_name;
use super::Inference;
use crate::error::{CompileError, Result, Span};
use crate::ir::{Inst, InstKind, UnaryOp, ValueId};
use crate::types::Type;

impl Inference<'_> {
    /// The type of an instruction on a range, or `None` when no operand is one.
    pub(super) fn range_inst_type(&mut self, inst: &Inst) -> Result<Option<Type>> {
        let span = inst.span;
        let is_range = |s: &Self, v: &ValueId| *s.ty(*v) == Type::Range;
        Ok(Some(match &inst.kind {
            InstKind::Len(v) if is_range(self, v) => Type::Int,
            InstKind::Truth(v) | InstKind::Unary(UnaryOp::Not, v) if is_range(self, v) => {
                Type::Bool
            }
            InstKind::GetItem { value, index, .. } if is_range(self, value) => {
                let t = match index.as_slice() {
                    [i] => self.ty(*i).clone(),
                    _ => Type::Tuple(Vec::new()),
                };
                match t {
                    Type::Unknown => Type::Unknown,
                    Type::Int | Type::Bool => Type::Int,
                    Type::Slice => {
                        return Err(CompileError::unsupported(
                            "slicing a `range` is not supported yet",
                            span,
                        ))
                    }
                    t => {
                        return Err(CompileError::typing(
                            format!(
                                "range indices must be integers or slices, not {}",
                                py_name(&t)
                            ),
                            span,
                        ))
                    }
                }
            }
            InstKind::SetItem { value, .. } if is_range(self, value) => {
                return Err(CompileError::typing(
                    "'range' object does not support item assignment",
                    span,
                ))
            }
            InstKind::Contains { item, seq, .. } if is_range(self, seq) => match self.ty(*item) {
                Type::Unknown => Type::Unknown,
                Type::Int | Type::Bool => Type::Bool,
                t => {
                    return Err(CompileError::unsupported(
                        format!("`in` of a `{t}` in a `range` is not supported (ints are)"),
                        span,
                    ))
                }
            },
            InstKind::Compare(_, a, b)
            | InstKind::Binary(_, a, b)
            | InstKind::AugBinary(_, a, b)
                if is_range(self, a) || is_range(self, b) =>
            {
                return Err(CompileError::unsupported(
                    "comparing or combining `range` objects is not supported yet",
                    span,
                ))
            }
            _ => return Ok(None),
        }))
    }
}

/// `r.start`, `r.stop`, `r.step`.
pub(super) fn attr(attr: &str, span: Span) -> Result<Type> {
    match attr {
        "start" | "stop" | "step" => Ok(Type::Int),
        _ => Err(CompileError::typing(
            format!("'range' object has no attribute '{attr}'"),
            span,
        )),
    }
}

/// `range(stop)`, `range(start, stop[, step])`: ints (CPython's `TypeError` otherwise).
pub(super) fn call(arg_types: &[Type], has_kwargs: bool, span: Span) -> Result<Type> {
    if has_kwargs {
        return Err(CompileError::typing(
            "range() takes no keyword arguments",
            span,
        ));
    }
    if arg_types.is_empty() || arg_types.len() > 3 {
        return Err(CompileError::typing(
            format!(
                "range expected at most 3 arguments, got {}",
                arg_types.len()
            ),
            span,
        )
        .with_hint("range(stop) or range(start, stop[, step])"));
    }
    for t in arg_types {
        if !matches!(t, Type::Int | Type::Bool | Type::Unknown) {
            return Err(CompileError::typing(
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    py_name(t)
                ),
                span,
            ));
        }
    }
    Ok(Type::Range)
}
