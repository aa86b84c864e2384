//! Lowering of dict and set displays and comprehensions. A display is one instruction
//! ([`InstKind::Dict`], keys and values interleaved; [`InstKind::Set`]); a comprehension is a
//! hidden variable starting from an empty display, filled by `acc[k] = v` / `acc.add(x)` inside
//! ordinary `for` loops (as list comprehensions are, see `lists.rs`). `dict.fromkeys(it, v)` is
//! such a loop too, storing the one value `v` (evaluated once, as CPython: a list value is
//! shared by every key) under each key of `it`.

use super::iter::LoopTarget;
use super::Lowerer;
use crate::error::{CompileError, Result};
use crate::ir::*;
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

/// The hidden name the `dict.fromkeys` loop iterates over (never a Python identifier).
const KEYS: &str = "$fromkeys";

impl Lowerer {
    /// `{k: v, ...}`.
    pub(super) fn dict_display(&mut self, d: &ast::ExprDict) -> Result<ValueId> {
        let mut items = Vec::new();
        for it in &d.items {
            let Some(k) = &it.key else {
                return Err(CompileError::unsupported(
                    "`**` unpacking in a dict display is not supported",
                    span_of(&it.value),
                ));
            };
            items.push(self.expr(k)?);
            items.push(self.expr(&it.value)?);
        }
        Ok(self.emit(InstKind::Dict(items), span_of(d)))
    }

    /// `{a, b, ...}`.
    pub(super) fn set_display(&mut self, s: &ast::ExprSet) -> Result<ValueId> {
        let items = s
            .elts
            .iter()
            .map(|e| self.expr(e))
            .collect::<Result<Vec<_>>>()?;
        Ok(self.emit(InstKind::Set(items), span_of(s)))
    }

    /// `{k: v for ...}`.
    pub(super) fn dict_comp(&mut self, c: &ast::ExprDictComp) -> Result<ValueId> {
        let span = span_of(c);
        let Some(key) = c.key.as_deref() else {
            return Err(CompileError::unsupported(
                "`**` in a dict comprehension is not supported",
                span,
            ));
        };
        self.comp_targets(&c.generators);
        let acc = self.hidden("dictcomp");
        let empty = self.emit(InstKind::Dict(Vec::new()), span);
        self.store(acc, empty, span);
        self.comp_level(&c.generators, span, &mut |l| {
            let k = l.expr(key)?;
            let v = l.expr(&c.value)?;
            let d = l.load(acc, span);
            l.emit(
                InstKind::SetItem {
                    value: d,
                    index: vec![k],
                    check: vec![IndexCheck::WrapAndCheck],
                    item: v,
                },
                span,
            );
            Ok(())
        })?;
        self.scopes.pop();
        Ok(self.load(acc, span))
    }

    /// `{x for ...}`.
    pub(super) fn set_comp(&mut self, c: &ast::ExprSetComp) -> Result<ValueId> {
        let span = span_of(c);
        self.comp_targets(&c.generators);
        let acc = self.hidden("setcomp");
        let empty = self.emit(InstKind::Set(Vec::new()), span);
        self.store(acc, empty, span);
        self.comp_level(&c.generators, span, &mut |l| {
            let v = l.expr(&c.elt)?;
            l.call_method(acc, "add", vec![v], span);
            Ok(())
        })?;
        self.scopes.pop();
        Ok(self.load(acc, span))
    }

    /// Is `c` a call of `dict.fromkeys` (`dict` not a local)?
    pub(super) fn is_dict_fromkeys(&self, c: &ast::ExprCall) -> bool {
        matches!(c.func.as_ref(), Expr::Attribute(a)
            if a.attr.id.as_str() == "fromkeys"
                && matches!(a.value.as_ref(), Expr::Name(n)
                    if n.id.as_str() == "dict" && !self.locals.contains("dict")))
    }

    /// `dict.fromkeys(iterable, value)`: `{k: value for k in iterable}` with `value` evaluated
    /// once, after the iterable.
    pub(super) fn dict_fromkeys(&mut self, c: &ast::ExprCall) -> Result<ValueId> {
        let span = span_of(c);
        let (it, value) = match (&c.arguments.args[..], c.arguments.keywords.is_empty()) {
            ([it, value], true)
                if !matches!(it, Expr::Starred(_)) && !matches!(value, Expr::Starred(_)) =>
            {
                (it, value)
            }
            ([_], true) => {
                return Err(CompileError::unsupported(
                    "`dict.fromkeys(iterable)` without a value is not supported (its values would be None)",
                    span,
                )
                .with_hint("pass the value: `dict.fromkeys(keys, 0.0)`"))
            }
            _ => {
                return Err(CompileError::typing(
                    "`dict.fromkeys` takes an iterable and a value",
                    span,
                ))
            }
        };
        let acc = self.hidden("fromkeys");
        let seq = self.hidden("fromkeys_iter");
        let val = self.hidden("fromkeys_value");
        let v = self.expr(it)?;
        self.store(seq, v, span_of(it));
        let v = self.expr(value)?;
        self.store(val, v, span_of(value));
        let empty = self.emit(InstKind::Dict(Vec::new()), span);
        self.store(acc, empty, span);
        let key = self.hidden("fromkeys_key");
        let mut scope = self.scopes.last().cloned().unwrap_or_default();
        scope.insert(KEYS.to_string(), seq);
        self.scopes.push(scope);
        let iter = super::sort_key::hidden_name(KEYS, it.range());
        let r = self.for_loop(span, LoopTarget::Var(key), &iter, &[], &mut |l| {
            let k = l.load(key, span);
            let v = l.load(val, span);
            let d = l.load(acc, span);
            l.emit(
                InstKind::SetItem {
                    value: d,
                    index: vec![k],
                    check: vec![IndexCheck::WrapAndCheck],
                    item: v,
                },
                span,
            );
            Ok(())
        });
        self.scopes.pop();
        r?;
        Ok(self.load(acc, span))
    }
}
