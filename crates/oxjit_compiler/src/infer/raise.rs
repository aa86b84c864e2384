//! Typing of `raise` (and failed `assert`s): the class must be an exception class, formatted
//! values ints, floats or bools with a format spec Python accepts for their type.

use crate::error::{CompileError, Result, Span};
use crate::ir::ValueId;
use crate::types::Type;

impl super::Inference<'_> {
    /// A `raise`: the class must be an exception class; formatted values ints, floats or bools
    /// with a spec Python accepts for them.
    pub(super) fn raise(
        &mut self,
        class: ValueId,
        message: &Option<Vec<crate::ir::FmtPart>>,
        span: Span,
    ) -> Result<Type> {
        match self.ty(class) {
            Type::ExceptionClass(_) | Type::Unknown => {}
            t => {
                return Err(CompileError::typing(
                    format!("exceptions must be exception classes, not {t}"),
                    span,
                ))
            }
        }
        for p in message.iter().flatten() {
            let crate::ir::FmtPart::Value(v, spec) = p else {
                continue;
            };
            let t = self.ty(*v).clone();
            let parsed = oxjit_runtime::format::parse_spec(spec)
                .map_err(|e| CompileError::unsupported(e, span))?;
            match t {
                Type::Unknown => {}
                Type::Int | Type::Bool => {
                    if parsed.precision.is_some()
                        && !matches!(parsed.kind, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%'))
                        && !(t == Type::Bool && spec.is_empty())
                    {
                        return Err(CompileError::typing(
                            "Precision not allowed in integer format specifier",
                            span,
                        ));
                    }
                }
                Type::Float | Type::Float32 => {
                    if let Some(k @ ('d' | 'x' | 'X' | 'o' | 'b')) = parsed.kind {
                        return Err(CompileError::typing(
                            format!("Unknown format code '{k}' for object of type 'float'"),
                            span,
                        ));
                    }
                }
                t => {
                    return Err(CompileError::unsupported(
                        format!("formatting {t} in an exception message is not supported"),
                        span,
                    ))
                }
            }
        }
        Ok(Type::None)
    }
}
