//! `raise` and `assert`: the exception class, and its message as literal text and formatted
//! values (a string literal or an f-string).

use super::Lowerer;
use crate::error::{CompileError, Result};
use crate::ir::{ExcClass, FmtPart, InstKind, Terminator};
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr, FStringPart, InterpolatedStringElement};

impl Lowerer {
    /// `raise E`, `raise E()`, `raise E("text")`, `raise E(f"... {x:.3f} ...")`, each optionally
    /// `from None`.
    pub(super) fn raise_stmt(&mut self, r: &ast::StmtRaise) -> Result<()> {
        let span = span_of(r);
        // `from None` only suppresses the context, and compiled code never chains one: the
        // exception Python sees is the same. Another cause would be lost, so it is refused.
        if let Some(cause) = r.cause.as_deref() {
            if !matches!(cause, Expr::NoneLiteral(_)) {
                return Err(CompileError::unsupported(
                    "`raise ... from <cause>` is not supported (`raise ... from None` is)",
                    span_of(cause),
                ));
            }
        }
        let Some(exc) = r.exc.as_deref() else {
            // A bare `raise`: the exception of the innermost handler, again.
            let Some(var) = self.handling.last().copied() else {
                return Err(CompileError::unsupported(
                    "a bare `raise` outside an `except` handler is not supported (CPython: \
                     RuntimeError: No active exception to reraise)",
                    span,
                ));
            };
            let class = self.emit(InstKind::Load(var), span);
            self.emit(
                InstKind::Raise {
                    class,
                    message: None,
                },
                span,
            );
            self.terminate(Terminator::Raise(span));
            return Ok(());
        };
        let (class, message) = match exc {
            Expr::Call(c) => {
                if !c.arguments.keywords.is_empty() || c.arguments.args.len() > 1 {
                    return Err(CompileError::unsupported(
                        "an exception raised by compiled code takes at most one argument, a \
                         string or an f-string",
                        span_of(c),
                    ));
                }
                let class = self.expr(&c.func)?;
                let message = match c.arguments.args.first() {
                    Some(m) => Some(self.message(m)?),
                    None => None,
                };
                (class, message)
            }
            e => (self.expr(e)?, None),
        };
        self.emit(InstKind::Raise { class, message }, span);
        self.terminate(Terminator::Raise(span));
        Ok(())
    }

    /// `assert test[, message]`: `AssertionError` (the message evaluated only on failure).
    pub(super) fn assert_stmt(&mut self, a: &ast::StmtAssert) -> Result<()> {
        let span = span_of(a);
        let fail = self.new_block();
        let ok = self.new_block();
        self.cond_branch(&a.test, ok, fail)?;
        self.switch_to(fail);
        let message = match &a.msg {
            Some(m) => Some(self.message(m)?),
            None => None,
        };
        let class = self.emit(InstKind::Exception(ExcClass::AssertionError), span);
        self.emit(InstKind::Raise { class, message }, span);
        self.terminate(Terminator::Raise(span));
        self.switch_to(ok);
        Ok(())
    }

    /// The parts of a message: a string literal or an f-string of values with literal specs.
    pub(super) fn message(&mut self, e: &Expr) -> Result<Vec<FmtPart>> {
        let span = span_of(e);
        match e {
            Expr::StringLiteral(s) => Ok(vec![FmtPart::Text(s.value.to_str().to_string())]),
            Expr::FString(f) => {
                let mut parts = Vec::new();
                for p in f.value.iter() {
                    match p {
                        FStringPart::Literal(s) => parts.push(FmtPart::Text(s.value.to_string())),
                        FStringPart::FString(fs) => {
                            for el in fs.elements.iter() {
                                parts.push(self.element(el)?);
                            }
                        }
                    }
                }
                Ok(parts)
            }
            _ => Err(CompileError::unsupported(
                "the message of an exception raised by compiled code must be a string literal \
                 or an f-string",
                span,
            )),
        }
    }

    fn element(&mut self, el: &InterpolatedStringElement) -> Result<FmtPart> {
        match el {
            InterpolatedStringElement::Literal(l) => Ok(FmtPart::Text(l.value.to_string())),
            InterpolatedStringElement::Interpolation(i) => {
                let span = span_of(i);
                if i.debug_text.is_some() {
                    return Err(CompileError::unsupported(
                        "`{x=}` in f-strings is not supported",
                        span,
                    ));
                }
                let mut spec = String::new();
                if let Some(s) = &i.format_spec {
                    for e in s.elements.iter() {
                        match e {
                            InterpolatedStringElement::Literal(l) => spec.push_str(&l.value),
                            InterpolatedStringElement::Interpolation(_) => {
                                return Err(CompileError::unsupported(
                                    "nested replacement fields in format specs are not supported",
                                    span,
                                ))
                            }
                        }
                    }
                }
                // `!r`, `!s` give the same text as `str` for ints, floats and bools (`!r` quotes
                // strings); then the spec applies to a string: only allowed without a spec.
                if i.conversion != ast::ConversionFlag::None && !spec.is_empty() {
                    return Err(CompileError::unsupported(
                        "a conversion (`!r`) with a format spec is not supported",
                        span,
                    ));
                }
                if i.conversion == ast::ConversionFlag::Ascii {
                    return Err(CompileError::unsupported(
                        "the `!a` conversion is not supported (use `!r`)",
                        span,
                    ));
                }
                if let Err(e) = oxjit_runtime::format::parse_spec(&spec) {
                    return Err(CompileError::unsupported(e, span));
                }
                let v = self.expr(&i.expression)?;
                if i.conversion == ast::ConversionFlag::Repr {
                    return Ok(FmtPart::Repr(v));
                }
                Ok(FmtPart::Value(v, spec))
            }
        }
    }
}
