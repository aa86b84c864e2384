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
        self.formatted_parts(message.iter().flatten(), span, "an exception message")?;
        Ok(Type::None)
    }

    /// `print(...)`: an f-string's values as in messages; a value of its own printable
    /// (numbers, `None`, arrays, tuples of those).
    pub(super) fn print(&mut self, args: &[Vec<crate::ir::FmtPart>], span: Span) -> Result<Type> {
        fn printable(t: &Type) -> bool {
            match t {
                Type::Tuple(items) => items.iter().all(printable),
                t => t.is_numeric() || matches!(t, Type::None | Type::Array { .. } | Type::Unknown),
            }
        }
        for arg in args {
            match arg.as_slice() {
                [crate::ir::FmtPart::Value(v, spec)] if spec.is_empty() => {
                    let t = self.ty(*v);
                    if !printable(t) {
                        return Err(CompileError::unsupported(
                            format!("print() of {t} is not supported"),
                            span,
                        ));
                    }
                }
                parts => self.formatted_parts(parts.iter(), span, "an f-string")?,
            }
        }
        Ok(Type::None)
    }

    /// The values of a message or f-string: ints, floats or bools with specs Python accepts.
    fn formatted_parts<'p>(
        &self,
        parts: impl Iterator<Item = &'p crate::ir::FmtPart>,
        span: Span,
        what: &str,
    ) -> Result<()> {
        for p in parts {
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
                        format!("formatting {t} in {what} is not supported"),
                        span,
                    ))
                }
            }
        }
        Ok(())
    }
}
