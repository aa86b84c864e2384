//! Compile errors: `{ kind, span }` with a short CPython-style message, rendered with the
//! offending source line and a caret, as in DESIGN.md. Nothing here knows about Python objects;
//! the binding maps each [`ErrorKind`] to one exception class.

use std::fmt;

/// A byte range in the function's source text (as given to [`crate::FunctionSource`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }
}

/// What went wrong, which decides the Python exception class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The program is valid Python but its types do not fit together (`oxjit.TypingError`).
    Typing,
    /// A construct or library function oxjit does not compile (`oxjit.UnsupportedError`).
    Unsupported,
    /// The source does not parse (`oxjit.UnsupportedError` too: CPython parsed it, we could not).
    Syntax,
    /// A bug in oxjit: an invariant did not hold (`oxjit.InternalError`).
    Internal,
}

/// A compile error with the location it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct CompileError {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Option<Span>,
    pub hint: Option<String>,
    /// Rendered location and source excerpt, filled in by [`CompileError::locate`].
    pub rendered: Option<String>,
}

pub type Result<T> = std::result::Result<T, CompileError>;

impl CompileError {
    pub fn new(kind: ErrorKind, message: impl Into<String>, span: Option<Span>) -> Self {
        CompileError {
            kind,
            message: message.into(),
            span,
            hint: None,
            rendered: None,
        }
    }
    pub fn typing(message: impl Into<String>, span: Span) -> Self {
        Self::new(ErrorKind::Typing, message, Some(span))
    }
    pub fn unsupported(message: impl Into<String>, span: Span) -> Self {
        Self::new(ErrorKind::Unsupported, message, Some(span))
    }
    /// A compiler bug; `pass` names the stage where the invariant broke.
    pub fn internal(pass: &str, message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::Internal,
            format!(
                "internal error in the `{pass}` stage: {} (this is a bug in oxjit, please report it)",
                message.into()
            ),
            None,
        )
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attach file:line:col and the source excerpt, once (the innermost function wins).
    pub fn locate(mut self, src: &crate::FunctionSource) -> Self {
        if self.rendered.is_some() {
            return self;
        }
        let Some(span) = self.span else {
            return self;
        };
        self.rendered = Some(render_location(src, span));
        self
    }
}

/// `  --> file:line:col`, the source line and a caret line under the span.
fn render_location(src: &crate::FunctionSource, span: Span) -> String {
    let text = &src.text;
    let start = (span.start as usize).min(text.len());
    let end = (span.end as usize).clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |p| start + p);
    let line_index = text[..start].matches('\n').count();
    let line_no = src.first_line as usize + line_index;
    let col_in_text = text[line_start..start].chars().count();
    let col = col_in_text + src.col_offset as usize + 1;
    let indent = " ".repeat(src.col_offset as usize);
    let line_text = format!("{indent}{}", &text[line_start..line_end]);
    let width = text[start..end.min(line_end)].chars().count().max(1);
    let gutter = " ".repeat(line_no.to_string().len());
    format!(
        "{gutter}--> {}:{}:{}\n{gutter} |\n{line_no} | {}\n{gutter} | {}{}",
        src.filename,
        line_no,
        col,
        line_text,
        " ".repeat(col - 1),
        "^".repeat(width)
    )
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(r) = &self.rendered {
            write!(f, "\n{r}")?;
        }
        if let Some(h) = &self.hint {
            let pad = if self.rendered.is_some() { "   " } else { "" };
            write!(f, "\n{pad}= hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CompileError {}
