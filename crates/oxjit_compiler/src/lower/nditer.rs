//! `for x in numpy.nditer(a)` yields read-only 0-d views (NumPy's default `op_flags`): a
//! write through one (`x[...] = v`, `x[()] += 1`, `x.fill(v)`) is NumPy's `ValueError`
//! ("assignment destination is read-only"). The views here are not marked read-only at run
//! time, so such writes are refused when compiling.

use crate::error::{CompileError, Result};
use ruff_python_ast::visitor::{walk_stmt, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::error::Span;

/// Whether `e` calls `nditer` (`numpy.nditer(...)`, `np.nditer(...)` or an imported name).
fn is_nditer(e: &Expr) -> bool {
    let Expr::Call(c) = e else { return false };
    match c.func.as_ref() {
        Expr::Attribute(a) => a.attr.id.as_str() == "nditer",
        Expr::Name(n) => n.id.as_str() == "nditer",
        _ => false,
    }
}

/// The methods of an array that write into it.
const WRITERS: &[&str] = &["fill", "sort", "put", "itemset", "partition"];

/// Finds the first write into the variable `name` in a loop body.
struct Writes<'n> {
    name: &'n str,
    found: Option<ruff_text_size::TextRange>,
}

impl Writes<'_> {
    fn names_it(&self, e: &Expr) -> bool {
        matches!(e, Expr::Name(n) if n.id.as_str() == self.name)
    }

    fn target(&mut self, t: &Expr) {
        match t {
            Expr::Subscript(s) if self.names_it(&s.value) => {
                self.found.get_or_insert(s.range());
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                elts.iter().for_each(|e| self.target(e))
            }
            _ => {}
        }
    }
}

impl<'a> Visitor<'a> for Writes<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(a) => a.targets.iter().for_each(|t| self.target(t)),
            Stmt::AugAssign(a) => self.target(&a.target),
            Stmt::AnnAssign(a) => self.target(&a.target),
            _ => {}
        }
        walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(c) = expr {
            if let Expr::Attribute(a) = c.func.as_ref() {
                if self.names_it(&a.value) && WRITERS.contains(&a.attr.id.as_str()) {
                    self.found.get_or_insert(c.range());
                }
            }
        }
        ruff_python_ast::visitor::walk_expr(self, expr);
    }
}

/// Refuse a write through the item of a `numpy.nditer` loop.
pub(super) fn refuse_item_writes(f: &ast::StmtFor) -> Result<()> {
    let Expr::Name(n) = f.target.as_ref() else {
        return Ok(());
    };
    if !is_nditer(&f.iter) {
        return Ok(());
    }
    let mut w = Writes {
        name: n.id.as_str(),
        found: None,
    };
    for s in &f.body {
        w.visit_stmt(s);
    }
    match w.found {
        Some(range) => Err(CompileError::unsupported(
            "the items of `numpy.nditer` are read-only (NumPy raises `ValueError: assignment destination is read-only`)",
            Span::new(range.start().into(), range.end().into()),
        )),
        None => Ok(()),
    }
}
