//! Lowering of dict and set displays and comprehensions. A display is one instruction
//! ([`InstKind::Dict`], keys and values interleaved; [`InstKind::Set`]); a comprehension is a
//! hidden variable starting from an empty display, filled by `acc[k] = v` / `acc.add(x)` inside
//! ordinary `for` loops (as list comprehensions are, see `lists.rs`).

use super::Lowerer;
use crate::error::{CompileError, Result};
use crate::ir::*;
use crate::syntax::span_of;
use ruff_python_ast as ast;

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
}
