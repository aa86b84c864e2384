//! What to call a statement or expression oxjit does not compile, for `UnsupportedError`.

use ruff_python_ast::{Expr, Stmt};

pub(super) fn unsupported_stmt(s: &Stmt) -> &'static str {
    match s {
        Stmt::FunctionDef(_) => "nested function definitions are",
        Stmt::ClassDef(_) => "class definitions are",
        Stmt::TypeAlias(_) => "type aliases are",
        Stmt::With(_) => "the `with` statement is",
        Stmt::Match(_) => "the `match` statement is",
        Stmt::Try(_) => "`try` statements are",
        Stmt::Import(_) | Stmt::ImportFrom(_) => {
            "imports inside a jitted function are (import at module level)"
        }
        Stmt::Global(_) => "the `global` statement is",
        Stmt::Nonlocal(_) => "the `nonlocal` statement is",
        _ => "this statement is",
    }
}

pub(super) fn unsupported_expr(e: &Expr) -> &'static str {
    match e {
        Expr::Named(_) => "assignment expressions (`:=`) are",
        Expr::Lambda(_) => "`lambda` is",
        Expr::Dict(_) => "dictionaries are",
        Expr::Set(_) => "sets are",
        Expr::ListComp(_) => "list comprehensions are",
        Expr::SetComp(_) => "set comprehensions are",
        Expr::DictComp(_) => "dict comprehensions are",
        Expr::Generator(_) => "generator expressions are",
        Expr::Await(_) => "`await` is",
        Expr::Yield(_) | Expr::YieldFrom(_) => "generators (`yield`) are",
        Expr::FString(_) | Expr::TString(_) => "f-strings are",
        Expr::StringLiteral(_) => "strings are",
        Expr::BytesLiteral(_) => "bytes are",
        Expr::EllipsisLiteral(_) => "`...` is",
        Expr::Starred(_) => "starred expressions are",
        Expr::List(_) => "lists are",
        Expr::Slice(_) => "slices are",
        _ => "this expression is",
    }
}
