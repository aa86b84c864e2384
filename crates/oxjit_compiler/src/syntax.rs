//! Parse a function's source text with `ruff_python_parser` and find its definition.

use crate::error::{CompileError, ErrorKind, Result, Span};
use ruff_python_ast::{Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

/// Parse `text` (one function definition, decorators allowed) and return the definition.
pub fn parse_function(text: &str) -> Result<StmtFunctionDef> {
    let parsed = ruff_python_parser::parse_module(text).map_err(|e| {
        let r = e.location;
        CompileError::new(
            ErrorKind::Syntax,
            format!("cannot parse the function source: {}", e.error),
            Some(Span::new(r.start().into(), r.end().into())),
        )
    })?;
    let module = parsed.into_syntax();
    for stmt in module.body {
        if let Stmt::FunctionDef(def) = stmt {
            if def.is_async {
                return Err(CompileError::unsupported(
                    "`async def` functions are not supported",
                    span_of(&def),
                ));
            }
            return Ok(def);
        }
    }
    Err(CompileError::new(
        ErrorKind::Unsupported,
        "the source text holds no function definition (only `def` functions can be jitted)",
        None,
    ))
}

/// The span of any AST node.
pub fn span_of(node: &impl Ranged) -> Span {
    let r = node.range();
    Span::new(r.start().into(), r.end().into())
}
