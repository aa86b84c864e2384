//! `name = lambda params: body` (or an inner `def name(params): return body`) at the top level
//! of a function, then `name(args)`: each call is
//! the body inlined, the parameters bound to hidden variables holding the arguments and every
//! other name read from the enclosing function at the time of the call (Python's late
//! binding). The lambda is not a value: using the name otherwise, binding it again, defining
//! it inside a branch or loop, or a lambda calling itself is an `UnsupportedError`.

use super::Lowerer;
use crate::error::{CompileError, Result};
use crate::ir::ValueId;
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr, Stmt};
use std::collections::{HashMap, HashSet};

/// The names bound to a `lambda` by a top-level `name = lambda ...` of `body`, and how many
/// times each name is assigned anywhere in `body`.
pub(super) fn lambda_names(body: &[Stmt]) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    count_assignments(body, &mut counts);
    body.iter()
        .filter_map(|s| match s {
            Stmt::Assign(a) if a.targets.len() == 1 && matches!(*a.value, Expr::Lambda(_)) => {
                match &a.targets[0] {
                    Expr::Name(n) if counts.get(n.id.as_str()) == Some(&1) => {
                        Some(n.id.as_str().to_string())
                    }
                    _ => None,
                }
            }
            Stmt::FunctionDef(d) if !counts.contains_key(d.name.id.as_str()) => {
                Some(d.name.id.as_str().to_string())
            }
            _ => None,
        })
        .collect()
}

/// An inner `def name(params): return expr` (a docstring allowed) as the lambda it is.
pub(super) fn def_as_lambda(d: &ast::StmtFunctionDef) -> Option<ast::ExprLambda> {
    let body: Vec<&Stmt> = d
        .body
        .iter()
        .filter(|s| !matches!(s, Stmt::Expr(e) if matches!(*e.value, Expr::StringLiteral(_))))
        .collect();
    let [Stmt::Return(r)] = body[..] else {
        return None;
    };
    if !d.decorator_list.is_empty() || d.is_async || d.type_params.is_some() {
        return None;
    }
    Some(ast::ExprLambda {
        node_index: Default::default(),
        range: d.range,
        parameters: Some(d.parameters.clone()),
        body: Box::new(r.value.as_deref()?.clone()),
    })
}

fn count_assignments(body: &[Stmt], out: &mut HashMap<String, usize>) {
    for s in body {
        // Each statement's own targets (`collect_locals` recurses into nested bodies).
        let mut one = HashSet::new();
        super::collect_locals(std::slice::from_ref(s), &mut one);
        for n in one {
            *out.entry(n).or_default() += 1;
        }
    }
}

impl Lowerer {
    /// `name = lambda ...`: remember the lambda (nothing is stored).
    pub(super) fn bind_lambda(&mut self, target: &Expr, l: &ast::ExprLambda) -> Result<()> {
        let span = span_of(l);
        let name = match target {
            Expr::Name(n) if self.lambda_names.contains(n.id.as_str()) => n.id.as_str(),
            _ => {
                return Err(CompileError::unsupported(
                    "a `lambda` must be bound once to a name at the top level of the function \
                     (`f = lambda x: ...`), then called",
                    span,
                ))
            }
        };
        if let Some(p) = &l.parameters {
            if p.vararg.is_some()
                || p.kwarg.is_some()
                || !p.kwonlyargs.is_empty()
                || p.posonlyargs
                    .iter()
                    .chain(&p.args)
                    .any(|a| a.default.is_some())
            {
                return Err(CompileError::unsupported(
                    "`lambda` parameters with defaults, `*args`, `**kwargs` or keyword-only \
                     parameters are not supported",
                    span_of(p.as_ref()),
                ));
            }
        }
        self.lambdas.insert(name.to_string(), l.clone());
        Ok(())
    }

    /// An inner `def`: a single-`return` function at the top level becomes a lambda.
    pub(super) fn inner_def(&mut self, d: &ast::StmtFunctionDef) -> Result<()> {
        let name = d.name.id.as_str();
        match def_as_lambda(d) {
            None if self.lambda_names.contains(name) => self.bind_inner_def(d),
            Some(l) if self.lambda_names.contains(name) => {
                let target = Expr::Name(ast::ExprName {
                    node_index: Default::default(),
                    range: d.range,
                    id: d.name.id.clone(),
                    ctx: ast::ExprContext::Store,
                });
                self.bind_lambda(&target, &l)
            }
            _ => Err(CompileError::unsupported(
                "an inner `def` is supported when it is defined once at the top level of the \
                 function and only called there",
                span_of(d),
            )),
        }
    }

    /// The lambda a call names, if any (a name of the enclosing scope, not a lambda parameter).
    pub(super) fn called_lambda(&self, c: &ast::ExprCall) -> Option<ast::ExprLambda> {
        match c.func.as_ref() {
            Expr::Name(n) if self.scoped(n.id.as_str()).is_none() => {
                self.lambdas.get(n.id.as_str()).cloned()
            }
            _ => None,
        }
    }

    /// A parameter or local of the lambda or inner function being inlined. Only the innermost
    /// scope: lambdas and inner functions are defined at the top level, so their other names
    /// are the enclosing function's, not those of the function that calls them.
    pub(super) fn scoped(&self, name: &str) -> Option<crate::ir::VarId> {
        self.scopes.last().and_then(|s| s.get(name).copied())
    }

    /// `f(args)` where `f` is a lambda: its body inlined.
    pub(super) fn inline_lambda(
        &mut self,
        c: &ast::ExprCall,
        l: &ast::ExprLambda,
    ) -> Result<ValueId> {
        let span = span_of(c);
        let Expr::Name(fname) = c.func.as_ref() else {
            return Err(CompileError::internal(
                "lower",
                "lambda call without a name",
            ));
        };
        let fname = fname.id.as_str().to_string();
        if self.inlining.contains(&fname) {
            return Err(CompileError::unsupported(
                "a recursive `lambda` is not supported",
                span,
            ));
        }
        if !c.arguments.keywords.is_empty() {
            return Err(CompileError::unsupported(
                "keyword arguments to a `lambda` are not supported",
                span,
            ));
        }
        let params: Vec<String> = l
            .parameters
            .iter()
            .flat_map(|p| p.posonlyargs.iter().chain(&p.args))
            .map(|a| a.parameter.name.id.as_str().to_string())
            .collect();
        if params.len() != c.arguments.args.len() {
            return Err(CompileError::typing(
                format!(
                    "`{fname}` (a lambda) takes {} positional argument(s) but {} were given",
                    params.len(),
                    c.arguments.args.len()
                ),
                span,
            ));
        }
        let mut scope = HashMap::new();
        for (p, a) in params.iter().zip(c.arguments.args.iter()) {
            let v = self.expr(a)?;
            let var = self.hidden(p);
            self.store(var, v, span_of(a));
            scope.insert(p.clone(), var);
        }
        self.scopes.push(scope);
        self.inlining.push(fname);
        let r = self.expr(&l.body);
        self.inlining.pop();
        self.scopes.pop();
        r
    }
}
