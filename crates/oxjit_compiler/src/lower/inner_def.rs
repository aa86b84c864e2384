//! Inner `def`s with statements (locals, `if`, loops, early `return`), defined once at the top
//! level of the function and called there — also from loops — as read-only closures: each
//! call inlines the body, its parameters and locals in variables of their own (fresh per call
//! site) and every other name read from the enclosing function at the time of the call (a
//! closure cell's late binding). A `return` stores the result and jumps to the end of the
//! inlined body; falling off the end returns `None`.
//!
//! Not supported (`UnsupportedError` at the span): `nonlocal`/`global`, using the function as a
//! value (returning, storing or passing it), defaults, `*args`, keyword-only parameters,
//! keyword arguments in the call, decorators and recursion.

use super::Lowerer;
use crate::error::{CompileError, Result};
use crate::ir::{Const, InstKind, Terminator, ValueId};
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr, Stmt};
use std::collections::{HashMap, HashSet};

/// A `nonlocal` or `global` statement anywhere in `body` (outside nested definitions).
fn scope_statement(body: &[Stmt]) -> Option<&Stmt> {
    body.iter().find_map(|s| match s {
        Stmt::Nonlocal(_) | Stmt::Global(_) => Some(s),
        Stmt::If(i) => scope_statement(&i.body).or_else(|| {
            i.elif_else_clauses
                .iter()
                .find_map(|c| scope_statement(&c.body))
        }),
        Stmt::For(f) => scope_statement(&f.body).or_else(|| scope_statement(&f.orelse)),
        Stmt::While(w) => scope_statement(&w.body).or_else(|| scope_statement(&w.orelse)),
        Stmt::Try(t) => scope_statement(&t.body)
            .or_else(|| scope_statement(&t.orelse))
            .or_else(|| scope_statement(&t.finalbody))
            .or_else(|| {
                t.handlers
                    .iter()
                    .find_map(|ast::ExceptHandler::ExceptHandler(h)| scope_statement(&h.body))
            }),
        _ => None,
    })
}

impl Lowerer {
    /// An inner `def` with statements, bound once at the top level: remembered for its calls.
    pub(super) fn bind_inner_def(&mut self, d: &ast::StmtFunctionDef) -> Result<()> {
        let p = &d.parameters;
        if !d.decorator_list.is_empty() || d.is_async || d.type_params.is_some() {
            return Err(CompileError::unsupported(
                "an inner `def` with decorators, `async` or type parameters is not supported",
                span_of(d),
            ));
        }
        if p.vararg.is_some()
            || p.kwarg.is_some()
            || !p.kwonlyargs.is_empty()
            || p.posonlyargs
                .iter()
                .chain(&p.args)
                .any(|a| a.default.is_some())
        {
            return Err(CompileError::unsupported(
                "inner `def` parameters with defaults, `*args`, `**kwargs` or keyword-only \
                 parameters are not supported",
                span_of(p.as_ref()),
            ));
        }
        if let Some(s) = scope_statement(&d.body) {
            return Err(CompileError::unsupported(
                "`nonlocal` and `global` in an inner function are not supported: an inner \
                 function may read the enclosing function's variables but not assign them",
                span_of(s),
            ));
        }
        self.defs.insert(d.name.id.as_str().to_string(), d.clone());
        Ok(())
    }

    /// The inner `def` a call names, if any.
    pub(super) fn called_def(&self, c: &ast::ExprCall) -> Option<ast::StmtFunctionDef> {
        match c.func.as_ref() {
            Expr::Name(n) if self.scoped(n.id.as_str()).is_none() => {
                self.defs.get(n.id.as_str()).cloned()
            }
            _ => None,
        }
    }

    /// `f(args)` where `f` is an inner `def` with statements: its body inlined here.
    pub(super) fn inline_def(
        &mut self,
        c: &ast::ExprCall,
        d: &ast::StmtFunctionDef,
    ) -> Result<ValueId> {
        let span = span_of(c);
        let fname = d.name.id.as_str().to_string();
        if self.inlining.contains(&fname) {
            return Err(CompileError::unsupported(
                "a recursive inner function is not supported (make it a module-level jitted \
                 function)",
                span,
            ));
        }
        if !c.arguments.keywords.is_empty() {
            return Err(CompileError::unsupported(
                "keyword arguments to an inner function are not supported",
                span,
            ));
        }
        let params: Vec<String> = d
            .parameters
            .posonlyargs
            .iter()
            .chain(&d.parameters.args)
            .map(|a| a.parameter.name.id.as_str().to_string())
            .collect();
        if params.len() != c.arguments.args.len() {
            return Err(CompileError::typing(
                format!(
                    "{fname}() takes {} positional argument(s) but {} were given",
                    params.len(),
                    c.arguments.args.len()
                ),
                span,
            ));
        }
        // Arguments are evaluated in the caller's scope, before the body's scope opens.
        let mut args = Vec::with_capacity(params.len());
        for a in c.arguments.args.iter() {
            args.push((self.expr(a)?, span_of(a)));
        }
        let mut scope = HashMap::new();
        for (p, (v, s)) in params.iter().zip(args) {
            let var = self.hidden(p);
            self.store(var, v, s);
            scope.insert(p.clone(), var);
        }
        let mut locals = HashSet::new();
        super::collect_locals(&d.body, &mut locals);
        for name in locals {
            if let std::collections::hash_map::Entry::Vacant(e) = scope.entry(name) {
                let var = self.hidden(e.key());
                e.insert(var);
            }
        }
        let result = self.hidden("return");
        let exit = self.new_block();
        self.scopes.push(scope);
        self.inlining.push(fname);
        self.returns.push((result, exit));
        // `break`/`continue` in the body belong to its own loops only.
        let loops = std::mem::take(&mut self.loops);
        let lowered = self.stmts(&d.body);
        self.loops = loops;
        self.returns.pop();
        self.inlining.pop();
        self.scopes.pop();
        lowered?;
        if !self.terminated() {
            let none = self.emit(InstKind::Const(Const::None), span);
            self.store(result, none, span);
            self.terminate(Terminator::Jump(exit));
        }
        self.switch_to(exit);
        Ok(self.load(result, span))
    }
}
