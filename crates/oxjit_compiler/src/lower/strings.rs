//! `"literal {}".format(a, b)`: the literal is parsed at compile time into the parts of an
//! f-string (`{}`, `{0}`, `{:spec}`, `{!r}`, `{{`, `}}`), so the call becomes a `Format`
//! instruction over the positional arguments. Field names with attributes or keys, keyword
//! arguments and nested replacement fields are refused.

use super::Lowerer;
use crate::error::{CompileError, Result, Span};
use crate::ir::{FmtPart, InstKind, ValueId};
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr};

/// Is `c` a call of `.format` on a string literal?
pub(super) fn is_literal_format(c: &ast::ExprCall) -> bool {
    matches!(&*c.func, Expr::Attribute(a)
        if a.attr.id.as_str() == "format" && matches!(*a.value, Expr::StringLiteral(_)))
}

/// One replacement field of a format string: argument index, `!r`, spec.
struct Field {
    index: usize,
    repr: bool,
    spec: String,
}

/// Split a format string into text and fields, as `str.format` reads it.
fn parse(text: &str, span: Span) -> Result<Vec<std::result::Result<String, Field>>> {
    let err = |m: &str| CompileError::typing(m.to_string(), span);
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut auto = 0usize;
    let (mut used_auto, mut used_manual) = (false, false);
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '{' if it.peek() == Some(&'{') => {
                it.next();
                lit.push('{');
            }
            '}' if it.peek() == Some(&'}') => {
                it.next();
                lit.push('}');
            }
            '}' => return Err(err("Single '}' encountered in format string")),
            '{' => {
                let mut body = String::new();
                loop {
                    match it.next() {
                        Some('}') => break,
                        Some('{') => {
                            return Err(CompileError::unsupported(
                                "nested replacement fields in format specs are not supported",
                                span,
                            ))
                        }
                        Some(c) => body.push(c),
                        None => return Err(err("expected '}' before end of string")),
                    }
                }
                let (head, spec) = match body.split_once(':') {
                    Some((h, s)) => (h.to_string(), s.to_string()),
                    None => (body.clone(), String::new()),
                };
                let (name, conv) = match head.split_once('!') {
                    Some((n, c)) => (n.to_string(), Some(c.to_string())),
                    None => (head, None),
                };
                let repr = match conv.as_deref() {
                    None | Some("s") => false,
                    Some("r") => true,
                    Some(c) => {
                        return Err(CompileError::unsupported(
                            format!("the conversion `!{c}` is not supported"),
                            span,
                        ))
                    }
                };
                let index = if name.is_empty() {
                    used_auto = true;
                    auto += 1;
                    auto - 1
                } else {
                    used_manual = true;
                    name.parse::<usize>().map_err(|_| {
                        CompileError::unsupported(
                            format!("the format field `{{{name}}}` is not supported (positional fields only)"),
                            span,
                        )
                    })?
                };
                if used_auto && used_manual {
                    return Err(err(
                        "cannot switch from automatic field numbering to manual field specification",
                    ));
                }
                if repr && !spec.is_empty() {
                    return Err(CompileError::unsupported(
                        "a conversion (`!r`) with a format spec is not supported",
                        span,
                    ));
                }
                if let Err(e) = oxjit_runtime::format::parse_spec(&spec) {
                    return Err(CompileError::unsupported(e, span));
                }
                out.push(Ok(std::mem::take(&mut lit)));
                out.push(Err(Field { index, repr, spec }));
            }
            c => lit.push(c),
        }
    }
    out.push(Ok(lit));
    Ok(out)
}

impl Lowerer {
    /// `"...".format(a, b, ...)` as a `Format` instruction.
    pub(super) fn literal_format(&mut self, c: &ast::ExprCall) -> Result<ValueId> {
        let span = span_of(c);
        let Expr::Attribute(a) = &*c.func else {
            return Err(CompileError::internal("lower", "not a literal format"));
        };
        let Expr::StringLiteral(s) = &*a.value else {
            return Err(CompileError::internal("lower", "not a literal format"));
        };
        if !c.arguments.keywords.is_empty() {
            return Err(CompileError::unsupported(
                "`str.format` with keyword arguments is not supported (positional fields only)",
                span,
            ));
        }
        let pieces = parse(s.value.to_str(), span)?;
        let mut args = Vec::new();
        for a in c.arguments.args.iter() {
            if let Expr::Starred(_) = a {
                return Err(CompileError::unsupported(
                    "`*args` in `str.format` is not supported",
                    span_of(a),
                ));
            }
            args.push(self.expr(a)?);
        }
        let mut parts = Vec::new();
        for p in pieces {
            match p {
                Ok(t) if t.is_empty() => {}
                Ok(t) => parts.push(FmtPart::Text(t)),
                Err(f) => {
                    let Some(v) = args.get(f.index) else {
                        return Err(CompileError::typing(
                            format!(
                                "Replacement index {} out of range for positional args tuple",
                                f.index
                            ),
                            span,
                        ));
                    };
                    parts.push(if f.repr {
                        FmtPart::Repr(*v)
                    } else {
                        FmtPart::Value(*v, f.spec)
                    });
                }
            }
        }
        Ok(self.emit(InstKind::Format(parts), span))
    }
}
