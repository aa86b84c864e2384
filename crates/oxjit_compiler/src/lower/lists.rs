//! Lowering of list comprehensions and `list(range(...))`: a hidden list variable starting
//! from an empty display, filled by `append` inside ordinary `for` loops (one per `for`
//! clause, the `if` clauses as nested branches). The typing of `append` gives the empty
//! display its element type.

use super::iter::LoopTarget;
use super::Lowerer;
use crate::error::{CompileError, Result, Span};
use crate::ir::*;
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr};

impl Lowerer {
    /// `[elt for target in iter if cond ...]`.
    pub(super) fn list_comp(&mut self, c: &ast::ExprListComp) -> Result<ValueId> {
        let span = span_of(c);
        // The targets are names of the comprehension's own scope.
        self.comp_targets(&c.generators);
        let acc = self.hidden("listcomp");
        let empty = self.emit(InstKind::List(Vec::new()), span);
        self.store(acc, empty, span);
        self.comp_level(&c.generators, span, &mut |l| {
            // The element first: it may be control flow (a nested comprehension), and the
            // bound method must not cross blocks.
            let v = l.expr(&c.elt)?;
            l.call_method(acc, "append", vec![v], span);
            Ok(())
        })?;
        self.scopes.pop();
        Ok(self.load(acc, span))
    }

    /// Open the scope of a comprehension (closed by the caller after its loops): the names its
    /// targets bind (`for i, (a, b) in ...`) in hidden variables of their own, as Python's
    /// comprehension scope (the enclosing `i` is not changed); other names are those of the
    /// code around it (the innermost scope being inlined, or the function).
    pub(super) fn comp_targets(&mut self, gens: &[ast::Comprehension]) {
        let mut names = std::collections::HashSet::new();
        for g in gens {
            super::target_names(&g.target, &mut names);
        }
        let mut scope = match self.scopes.last() {
            Some(s) => s.clone(),
            None => std::collections::HashMap::new(),
        };
        for n in names {
            let v = self.hidden(&n);
            scope.insert(n, v);
        }
        self.scopes.push(scope);
    }

    /// `var.<name>(args)` (the result unused).
    pub(super) fn call_method(&mut self, var: VarId, name: &str, args: Vec<ValueId>, span: Span) {
        let l = self.load(var, span);
        let m = self.emit(InstKind::Attr(l, name.into()), span);
        self.emit(
            InstKind::Call {
                func: m,
                args,
                kwargs: Vec::new(),
            },
            span,
        );
    }

    /// The loops of a comprehension's `for`/`if` clauses around `leaf` (which stores one
    /// element into the comprehension's hidden result).
    pub(super) fn comp_level(
        &mut self,
        gens: &[ast::Comprehension],
        span: Span,
        leaf: &mut dyn FnMut(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let Some((g, rest)) = gens.split_first() else {
            return leaf(self);
        };
        if g.is_async {
            return Err(CompileError::unsupported(
                "`async for` is not supported",
                span_of(g),
            ));
        }
        self.for_loop(span, LoopTarget::Expr(&g.target), &g.iter, &[], &mut |l| {
            let mut joins = Vec::new();
            for cond in &g.ifs {
                let then_b = l.new_block();
                let skip = l.new_block();
                l.cond_branch(cond, then_b, skip)?;
                l.switch_to(then_b);
                joins.push(skip);
            }
            l.comp_level(rest, span, leaf)?;
            for skip in joins.into_iter().rev() {
                l.terminate(Terminator::Jump(skip));
                l.switch_to(skip);
            }
            Ok(())
        })
    }

    /// `del x[i]` (and several targets): a call of the receiver's `__delitem__` (lists only).
    pub(super) fn del_stmt(&mut self, d: &ast::StmtDelete) -> Result<()> {
        for t in &d.targets {
            let Expr::Subscript(sub) = t else {
                return Err(CompileError::unsupported(
                    "`del` is only supported for list items and dict keys (`del lst[i]`, `del d[k]`)",
                    span_of(t),
                ));
            };
            let span = span_of(t);
            let obj = self.expr(&sub.value)?;
            let index = self.expr(&sub.slice)?;
            let m = self.emit(InstKind::Attr(obj, "__delitem__".into()), span);
            self.emit(
                InstKind::Call {
                    func: m,
                    args: vec![index],
                    kwargs: Vec::new(),
                },
                span,
            );
        }
        Ok(())
    }

    /// Is this call `list(x)` of one iterable (with `list` not shadowed)?
    pub(super) fn is_list_of_iterable(&self, c: &ast::ExprCall) -> bool {
        let list_callee = matches!(c.func.as_ref(), Expr::Name(n) if n.id.as_str() == "list" && !self.locals.contains("list"));
        let one = matches!(&c.arguments.args[..], [a] if !matches!(a, Expr::Starred(_)));
        list_callee && one && c.arguments.keywords.is_empty()
    }

    /// `list(x)`: `[i for i in x]`, so that whatever a `for` loop iterates (a range, an array,
    /// a list, a tuple, a string, a set, a dict's keys or views, `zip`, `enumerate`,
    /// `reversed`) makes a list of the items the loop would bind.
    pub(super) fn list_of_iterable(&mut self, c: &ast::ExprCall) -> Result<ValueId> {
        let span = span_of(c);
        self.collect_list(&c.arguments.args[0], span)
    }

    /// Is this call `sorted(x)` or `sorted(x, reverse=r)` (no `key=`, `sorted` not shadowed)?
    pub(super) fn is_sorted_of_iterable(&self, c: &ast::ExprCall) -> bool {
        let callee = matches!(c.func.as_ref(), Expr::Name(n) if n.id.as_str() == "sorted" && !self.locals.contains("sorted"));
        let one = matches!(&c.arguments.args[..], [a] if !matches!(a, Expr::Starred(_)));
        let keywords = c
            .arguments
            .keywords
            .iter()
            .all(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "reverse"));
        callee && one && keywords
    }

    /// `sorted(x, reverse=r)`: `sorted([i for i in x], reverse=r)`, so that any iterable a `for`
    /// loop takes is sorted as the list of its items.
    pub(super) fn sorted_of_iterable(&mut self, c: &ast::ExprCall) -> Result<ValueId> {
        let span = span_of(c);
        let items = self.collect_list(&c.arguments.args[0], span)?;
        let held = self.hidden("items");
        self.store(held, items, span);
        let mut kwargs = Vec::new();
        for k in c.arguments.keywords.iter() {
            let v = self.expr(&k.value)?;
            kwargs.push(("reverse".to_string(), v));
        }
        let func = self.expr(&c.func)?;
        let args = vec![self.load(held, span)];
        Ok(self.emit(InstKind::Call { func, args, kwargs }, span))
    }

    /// `[i for i in e]` in a hidden variable, loaded.
    pub(super) fn collect_list(&mut self, e: &Expr, span: Span) -> Result<ValueId> {
        let acc = self.hidden("list");
        let empty = self.emit(InstKind::List(Vec::new()), span);
        self.store(acc, empty, span);
        let i = self.hidden("i");
        self.for_loop(span, LoopTarget::Var(i), e, &[], &mut |l| {
            let a = l.load(acc, span);
            let m = l.emit(InstKind::Attr(a, "append".into()), span);
            let v = l.load(i, span);
            l.emit(
                InstKind::Call {
                    func: m,
                    args: vec![v],
                    kwargs: Vec::new(),
                },
                span,
            );
            Ok(())
        })?;
        Ok(self.load(acc, span))
    }
}
