//! Typing of `raise` (and failed `assert`s): the class must be an exception class, formatted
//! values ints, floats or bools with a format spec Python accepts for their type.

use crate::error::{CompileError, Result, Span};
use crate::ir::{FmtPart, ValueId};
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
            // `raise e` of a caught exception (also a bare `raise`): as it was.
            Type::Exception if message.is_none() => {}
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
                t => {
                    t.is_numeric()
                        || matches!(
                            t,
                            Type::None
                                | Type::Array { .. }
                                | Type::Unknown
                                | Type::Str
                                | Type::Exception
                                | Type::ExceptionArgs
                        )
                }
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
    pub(super) fn formatted_parts<'p>(
        &self,
        parts: impl Iterator<Item = &'p FmtPart>,
        span: Span,
        what: &str,
    ) -> Result<()> {
        for p in parts {
            let (v, spec) = match p {
                FmtPart::Value(v, spec) => (v, spec.as_str()),
                FmtPart::Repr(v) => (v, ""),
                FmtPart::Text(_) => continue,
            };
            let t = self.ty(*v).clone();
            let parsed = oxjit_runtime::format::parse_spec(spec)
                .map_err(|e| CompileError::unsupported(e, span))?;
            if parsed.kind == Some('s') && t != Type::Str {
                return Err(CompileError::typing(
                    format!(
                        "Unknown format code 's' for object of type '{}'",
                        if t.is_float() { "float" } else { "int" }
                    ),
                    span,
                ));
            }
            match t {
                Type::Unknown => {}
                // `{e}`, `{e!r}`, `{e.args}`: `str`/`repr` (`object.__format__` takes no spec).
                Type::Exception | Type::ExceptionArgs if spec.is_empty() => {}
                Type::Str => oxjit_runtime::str_convert::check_str_spec(&parsed)
                    .map_err(|e| CompileError::typing(e, span))?,
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
