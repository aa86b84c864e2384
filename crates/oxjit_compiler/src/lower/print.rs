//! Lowering `print(...)`: each positional argument becomes literal text (a string literal),
//! an f-string's parts, or one value printed as Python's `str` would print it; `sep=` and `end=`
//! must be string literals (or `None`), `flush=` a literal bool. `file=` and `*args` are not
//! supported.

use super::Lowerer;
use crate::error::{CompileError, Result};
use crate::ir::*;
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr};
use std::collections::HashSet;

/// Is `func` the built-in `print` (not shadowed by a local)?
pub(super) fn is_print(func: &Expr, locals: &HashSet<String>) -> bool {
    matches!(func, Expr::Name(n) if n.id.as_str() == "print" && !locals.contains("print"))
}

fn literal_text(e: &Expr, what: &str) -> Result<Option<String>> {
    match e {
        Expr::StringLiteral(s) => Ok(Some(s.value.to_str().to_string())),
        Expr::NoneLiteral(_) => Ok(None),
        _ => Err(CompileError::unsupported(
            format!("print(): `{what}=` must be a string literal or None"),
            span_of(e),
        )),
    }
}

impl Lowerer {
    pub(super) fn print_call(&mut self, c: &ast::ExprCall) -> Result<ValueId> {
        let span = span_of(c);
        let mut args = Vec::new();
        for a in c.arguments.args.iter() {
            args.push(match a {
                Expr::Starred(_) => {
                    return Err(CompileError::unsupported(
                        "`*args` in print() is not supported",
                        span_of(a),
                    ))
                }
                Expr::StringLiteral(_) | Expr::FString(_) => self.message(a)?,
                _ => vec![FmtPart::Value(self.expr(a)?, String::new())],
            });
        }
        let (mut sep, mut end) = (" ".to_string(), "\n".to_string());
        for k in c.arguments.keywords.iter() {
            let name = k.arg.as_ref().map(|n| n.id.as_str()).unwrap_or("**");
            match name {
                "sep" => sep = literal_text(&k.value, "sep")?.unwrap_or_else(|| " ".into()),
                "end" => end = literal_text(&k.value, "end")?.unwrap_or_else(|| "\n".into()),
                // Output goes through Python's print, which flushes as sys.stdout does.
                "flush" if matches!(k.value, Expr::BooleanLiteral(_)) => {}
                _ => {
                    return Err(CompileError::unsupported(
                        format!("print(): the keyword `{name}` is not supported"),
                        span_of(k),
                    ))
                }
            }
        }
        Ok(self.emit(InstKind::Print { args, sep, end }, span))
    }
}
