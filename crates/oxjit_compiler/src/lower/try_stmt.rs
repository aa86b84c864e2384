//! `try` / `except` / `else` / `finally`: the body is a [`TryRegion`] whose exceptions continue
//! at a landing block that tests the `except` clauses in order; no match runs the `finally`
//! code and raises the exception on. `finally` code is lowered once per way out.

use super::Lowerer;
use crate::error::{CompileError, Result};
use crate::ir::{BlockId, ExcClass, InstKind, Terminator, TryRegion, ValueId};
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr, Stmt};

/// Whether `body` leaves other than by falling through (`return`, `break`, `continue`).
fn jumps_out(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Return(_) | Stmt::Break(_) | Stmt::Continue(_) => true,
        Stmt::If(i) => jumps_out(&i.body) || i.elif_else_clauses.iter().any(|c| jumps_out(&c.body)),
        Stmt::Try(t) => {
            jumps_out(&t.body)
                || jumps_out(&t.orelse)
                || jumps_out(&t.finalbody)
                || t.handlers
                    .iter()
                    .any(|ast::ExceptHandler::ExceptHandler(h)| jumps_out(&h.body))
        }
        // `break`/`continue` inside a nested loop stay inside it; `return` does not.
        Stmt::For(f) => returns(&f.body) || returns(&f.orelse),
        Stmt::While(w) => returns(&w.body) || returns(&w.orelse),
        _ => false,
    })
}

/// Whether `body` has a bare `raise` (outside nested handlers, which hold their own exception).
fn reraises(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Raise(r) => r.exc.is_none(),
        Stmt::If(i) => reraises(&i.body) || i.elif_else_clauses.iter().any(|c| reraises(&c.body)),
        Stmt::For(f) => reraises(&f.body) || reraises(&f.orelse),
        Stmt::While(w) => reraises(&w.body) || reraises(&w.orelse),
        Stmt::Try(t) => reraises(&t.body) || reraises(&t.orelse) || reraises(&t.finalbody),
        Stmt::With(w) => reraises(&w.body),
        _ => false,
    })
}

fn returns(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Return(_) => true,
        Stmt::If(i) => returns(&i.body) || i.elif_else_clauses.iter().any(|c| returns(&c.body)),
        Stmt::For(f) => returns(&f.body) || returns(&f.orelse),
        Stmt::While(w) => returns(&w.body) || returns(&w.orelse),
        Stmt::Try(t) => {
            returns(&t.body)
                || returns(&t.orelse)
                || returns(&t.finalbody)
                || t.handlers
                    .iter()
                    .any(|ast::ExceptHandler::ExceptHandler(h)| returns(&h.body))
        }
        _ => false,
    })
}

impl Lowerer {
    pub(super) fn try_stmt(&mut self, t: &ast::StmtTry) -> Result<()> {
        let span = span_of(t);
        if t.is_star {
            return Err(CompileError::unsupported(
                "`except*` is not supported",
                span,
            ));
        }
        if !t.finalbody.is_empty()
            && (jumps_out(&t.body)
                || jumps_out(&t.orelse)
                || t.handlers
                    .iter()
                    .any(|ast::ExceptHandler::ExceptHandler(h)| jumps_out(&h.body)))
        {
            return Err(CompileError::unsupported(
                "`return`, `break` or `continue` inside a `try` with `finally` is not supported",
                span,
            ));
        }
        let entry = self.cur;
        let body = self.new_block();
        self.terminate(Terminator::Jump(body));
        self.switch_to(body);
        let first = body.0;
        self.stmts(&t.body)?;
        let region: Vec<_> = (first..self.f.blocks.len() as u32)
            .map(crate::ir::BlockId)
            .collect();
        let end = self.new_block();
        // The `else` and handler code: with a `finally`, what they raise runs it too.
        let mut guarded = Vec::new();
        // No exception: `else`, then `finally` (outside the region: not caught here).
        if !self.terminated() {
            let after = self.new_block();
            self.terminate(Terminator::Jump(after));
            self.switch_to(after);
            self.stmts(&t.orelse)?;
            self.close_guarded(t, after.0, &mut guarded);
        }
        if !self.terminated() {
            self.stmts(&t.finalbody)?;
            self.terminate(Terminator::Jump(end));
        }
        let landing = self.new_block();
        self.f.try_regions.push(TryRegion {
            blocks: region,
            entry,
            landing,
        });
        self.switch_to(landing);
        for ast::ExceptHandler::ExceptHandler(h) in &t.handlers {
            let hspan = span_of(h);
            let classes: Vec<ValueId> = match h.type_.as_deref() {
                None => vec![self.emit(InstKind::Exception(ExcClass::Exception), hspan)],
                Some(Expr::Tuple(tu)) => tu
                    .elts
                    .iter()
                    .map(|e| self.expr(e))
                    .collect::<Result<_>>()?,
                Some(e) => vec![self.expr(e)?],
            };
            let m = self.emit(InstKind::CatchMatch(classes), hspan);
            let handler = self.new_block();
            let next = self.new_block();
            self.terminate(Terminator::Branch {
                cond: m,
                then_block: handler,
                else_block: next,
            });
            self.switch_to(handler);
            // The exception object, for `as name` and bare `raise`s in the handler.
            let held = match &h.name {
                Some(name) => Some(self.var(name.id.as_str())),
                None if reraises(&h.body) => Some(self.hidden("caught")),
                None => None,
            };
            if let Some(var) = held {
                let e = self.emit(InstKind::CaughtException, hspan);
                self.emit(InstKind::Store(var, e), hspan);
                self.handling.push(var);
            }
            let first = self.f.blocks.len() as u32;
            let lowered = self.stmts(&h.body);
            if held.is_some() {
                self.handling.pop();
            }
            lowered?;
            if !t.finalbody.is_empty() {
                guarded.push(handler);
            }
            self.close_guarded(t, first, &mut guarded);
            if !self.terminated() {
                self.stmts(&t.finalbody)?;
                self.terminate(Terminator::Jump(end));
            }
            self.switch_to(next);
        }
        // No clause matched: `finally`, then the exception goes on.
        self.stmts(&t.finalbody)?;
        self.terminate(Terminator::Raise(span));
        if !guarded.is_empty() {
            // Raised in `else` or a handler: `finally`, then the exception goes on.
            let again = self.new_block();
            self.switch_to(again);
            self.stmts(&t.finalbody)?;
            self.terminate(Terminator::Raise(span));
            self.f.try_regions.push(TryRegion {
                blocks: guarded,
                entry: landing,
                landing: again,
            });
        }
        self.switch_to(end);
        Ok(())
    }

    /// With a `finally`: the blocks of `else` or handler code lowered since block `first` are
    /// guarded (their exceptions run the `finally`), and the `finally` code that follows them
    /// starts a block of its own, outside the guard.
    fn close_guarded(&mut self, t: &ast::StmtTry, first: u32, guarded: &mut Vec<BlockId>) {
        if t.finalbody.is_empty() {
            return;
        }
        guarded.extend((first..self.f.blocks.len() as u32).map(BlockId));
        if !self.terminated() {
            let next = self.new_block();
            self.terminate(Terminator::Jump(next));
            self.switch_to(next);
        }
    }
}
