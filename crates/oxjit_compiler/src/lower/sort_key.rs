//! `key=` functions that are not values: `lst.sort(key=lambda x: ...)`, `sorted(xs, key=f)`
//! where `f` is a lambda, an inner `def`, a builtin (`key=abs`) or a module's function
//! (`key=math.fabs`), and `min(xs, key=...)` / `max(xs, key=...)` with any key. Lambdas are inlined where they are called (see [`super::lambda`]), so the keys are
//! computed here, before the call: the sequence goes into a hidden variable, then
//! `[key(x) for x in seq]` into another, and the call receives that hidden list as its `key=`.
//! For `sorted`, `min` and `max` the same loop also collects the elements into a hidden list,
//! which the call receives as its iterable: any iterable a `for` loop takes (a dict, a set, an
//! array, a tuple, a string) works, and the elements line up with their keys.
//! Typing recognises a `key=` read from a hidden variable as keys already computed (a user's
//! `key=some_list` is a local, never hidden, and stays an error).
//!
//! As in CPython, the key is called once per element, in order, before any comparison; the
//! other arguments are evaluated first, in source order.

use super::iter::LoopTarget;
use super::Lowerer;
use crate::error::{CompileError, Result, Span};
use crate::ir::*;
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, name::Name, Expr};
use ruff_text_size::{Ranged, TextRange};

/// Which call's `key=` is computed here.
#[derive(Clone, Copy, PartialEq)]
enum KeyCall {
    /// `seq.sort(key=...)`.
    Sort,
    /// `sorted(seq, key=...)`, `min(seq, key=...)`, `max(seq, key=...)`.
    Builtin,
}

/// Builtins that make sense as a sort key, called per element by the lowering.
const KEY_BUILTINS: [&str; 8] = ["abs", "len", "float", "int", "str", "round", "ord", "bool"];

/// The hidden name the key loop iterates over (not a Python identifier, so never a user's).
const SEQ: &str = "$keyseq";
/// The hidden name of the key's argument when the key is called rather than inlined.
const ARG: &str = "$keyarg";

/// A name expression for one of the lowering's hidden names (see [`Lowerer::scoped`]).
pub(super) fn hidden_name(id: &str, range: TextRange) -> Expr {
    name(id, range, ast::ExprContext::Load)
}

fn name(id: &str, range: TextRange, ctx: ast::ExprContext) -> Expr {
    Expr::Name(ast::ExprName {
        node_index: Default::default(),
        range,
        id: Name::new(id),
        ctx,
    })
}

impl Lowerer {
    /// The `key=` argument of `c` when this module lowers the call.
    fn key_call<'c>(&self, c: &'c ast::ExprCall) -> Option<(KeyCall, &'c Expr)> {
        let key = c
            .arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "key"))
            .map(|k| &k.value)?;
        if matches!(key, Expr::NoneLiteral(_)) {
            return None;
        }
        // A lambda or an inner `def` (not values, so only their calls can be lowered), a
        // builtin (`key=abs`) or a module's function (`key=math.fabs`). A jitted function
        // named by a global is a value: typing calls it per element itself.
        let not_a_value = match key {
            Expr::Lambda(_) => true,
            Expr::Name(n) => {
                let name = n.id.as_str();
                self.scoped(name).is_none()
                    && (self.lambdas.contains_key(name)
                        || self.defs.contains_key(name)
                        || (KEY_BUILTINS.contains(&name) && !self.locals.contains(name)))
            }
            Expr::Attribute(a) => matches!(a.value.as_ref(), Expr::Name(m)
                if !self.locals.contains(m.id.as_str()) && self.scoped(m.id.as_str()).is_none()),
            _ => false,
        };
        match c.func.as_ref() {
            Expr::Attribute(a) if a.attr.id.as_str() == "sort" && not_a_value => {
                Some((KeyCall::Sort, key))
            }
            Expr::Name(n) if !self.locals.contains(n.id.as_str()) => match n.id.as_str() {
                "sorted" if not_a_value => Some((KeyCall::Builtin, key)),
                // Any key: the runtime's `min`/`max` take keys computed beforehand.
                "min" | "max" => Some((KeyCall::Builtin, key)),
                _ => None,
            },
            _ => None,
        }
    }

    /// `c` if its `key=` is computed here (see the module doc), else `None`.
    pub(super) fn call_with_key(&mut self, c: &ast::ExprCall) -> Result<Option<ValueId>> {
        let Some((kind, key)) = self.key_call(c) else {
            return Ok(None);
        };
        let span = span_of(c);
        let seq = self.hidden("keyseq");
        if let (KeyCall::Sort, Expr::Attribute(a)) = (kind, c.func.as_ref()) {
            let recv = self.expr(&a.value)?;
            self.store(seq, recv, span);
        }
        if kind == KeyCall::Builtin {
            let what = match c.func.as_ref() {
                Expr::Name(n) => n.id.as_str().to_string(),
                _ => String::new(),
            };
            match &c.arguments.args[..] {
                [a] if !matches!(a, Expr::Starred(_)) => {
                    let v = self.expr(a)?;
                    self.store(seq, v, span_of(a));
                }
                _ => {
                    return Err(CompileError::unsupported(
                        format!("`{what}` with `key=` takes one iterable here (a list)"),
                        span,
                    ))
                }
            }
        } else if !c.arguments.args.is_empty() {
            return Err(CompileError::typing(
                "`list.sort` takes no positional arguments",
                span,
            ));
        }
        // The other keywords, in order, each held in a hidden variable across the key loop.
        let mut others = Vec::new();
        for k in c.arguments.keywords.iter() {
            let Some(arg) = &k.arg else {
                return Err(CompileError::unsupported(
                    "`**kwargs` in calls is not supported",
                    span_of(k),
                ));
            };
            if arg.id.as_str() == "key" {
                continue;
            }
            let v = self.expr(&k.value)?;
            let h = self.hidden("kwarg");
            self.store(h, v, span_of(&k.value));
            others.push((arg.id.as_str().to_string(), h));
        }
        let (keys, items) = self.key_list(seq, key, kind == KeyCall::Builtin, span)?;
        let func = match (kind, c.func.as_ref()) {
            (KeyCall::Sort, Expr::Attribute(a)) => {
                let recv = self.load(seq, span);
                self.emit(InstKind::Attr(recv, a.attr.id.as_str().to_string()), span)
            }
            _ => self.expr(&c.func)?,
        };
        let args = match items {
            None => Vec::new(),
            Some(items) => vec![self.load(items, span)],
        };
        let mut kwargs = vec![("key".to_string(), self.load(keys, span))];
        for (k, h) in others {
            let v = self.load(h, span);
            kwargs.push((k, v));
        }
        Ok(Some(self.emit(InstKind::Call { func, args, kwargs }, span)))
    }

    /// `[key(x) for x in seq]` into a hidden variable: the lambda's body inlined with its
    /// parameter bound to each element, or a call of `key` (an inner `def`, a named lambda, a
    /// jitted or builtin function); with `collect`, also `[x for x in seq]` into another.
    fn key_list(
        &mut self,
        seq: VarId,
        key: &Expr,
        collect: bool,
        span: Span,
    ) -> Result<(VarId, Option<VarId>)> {
        let keys = self.hidden("keys");
        let empty = self.emit(InstKind::List(Vec::new()), span);
        self.store(keys, empty, span);
        let items = if collect {
            let items = self.hidden("items");
            let empty = self.emit(InstKind::List(Vec::new()), span);
            self.store(items, empty, span);
            Some(items)
        } else {
            None
        };
        let range = key.range();
        let (param, elt) = match key {
            Expr::Lambda(l) => {
                let params: Vec<&ast::ParameterWithDefault> = l
                    .parameters
                    .iter()
                    .flat_map(|p| p.posonlyargs.iter().chain(&p.args))
                    .collect();
                let plain = l.parameters.as_ref().is_none_or(|p| {
                    p.vararg.is_none() && p.kwarg.is_none() && p.kwonlyargs.is_empty()
                });
                match params[..] {
                    [p] if plain && p.default.is_none() => {
                        (p.parameter.name.id.as_str().to_string(), (*l.body).clone())
                    }
                    _ => {
                        return Err(CompileError::typing(
                            "a `key=` lambda takes exactly one parameter",
                            span_of(l),
                        ))
                    }
                }
            }
            _ => {
                let call = Expr::Call(ast::ExprCall {
                    node_index: Default::default(),
                    range_start: range.start(),
                    func: Box::new(key.clone()),
                    arguments: ast::Arguments {
                        node_index: Default::default(),
                        range,
                        args: Box::new([name(ARG, range, ast::ExprContext::Load)]),
                        keywords: Default::default(),
                    },
                });
                (ARG.to_string(), call)
            }
        };
        // The lambda sees the names around the call, its parameter and the hidden sequence.
        let mut scope = self.scopes.last().cloned().unwrap_or_default();
        let p = self.hidden(&param);
        scope.insert(param, p);
        scope.insert(SEQ.to_string(), seq);
        self.scopes.push(scope);
        let iter = name(SEQ, range, ast::ExprContext::Load);
        let r = self.for_loop(span, LoopTarget::Var(p), &iter, &[], &mut |l| {
            let v = l.expr(&elt)?;
            l.call_method(keys, "append", vec![v], span);
            if let Some(items) = items {
                let x = l.load(p, span);
                l.call_method(items, "append", vec![x], span);
            }
            Ok(())
        });
        self.scopes.pop();
        r?;
        Ok((keys, items))
    }
}
