//! Lowering: the AST of one function to the untyped IR (a CFG over named variables).
//!
//! Control flow (`if`, loops, `and`/`or`, conditional expressions, chained comparisons) becomes
//! blocks; values that must survive a block boundary go through hidden variables
//! ([`crossing`] repairs operands evaluated before a later operand became control flow).

mod crossing;
mod dicts;
mod inner_def;
mod iter;
mod lambda;
mod lists;
mod nditer;
mod params;
mod print;
mod raise;
mod sort_key;
mod strings;
mod try_stmt;
mod unsupported;
use unsupported::{unsupported_expr, unsupported_stmt};

use crate::error::{CompileError, Result, Span};
use crate::ir::*;
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr, Number, Stmt};
use std::collections::{HashMap, HashSet};

struct LoopCtx {
    continue_to: BlockId,
    break_to: BlockId,
}

struct Lowerer {
    f: Function,
    cur: BlockId,
    vars: HashMap<String, VarId>,
    locals: HashSet<String>,
    loops: Vec<LoopCtx>,
    /// Names bound once, at the top level, to a `lambda` (see [`lambda`]).
    lambda_names: HashSet<String>,
    lambdas: HashMap<String, ast::ExprLambda>,
    /// Parameters of the lambdas being inlined, innermost last.
    scopes: Vec<HashMap<String, VarId>>,
    inlining: Vec<String>,
    /// Inner `def`s with statements (see [`inner_def`]).
    defs: HashMap<String, ast::StmtFunctionDef>,
    /// Where a `return` of the inner function being inlined goes: its result variable and the
    /// block after its body.
    returns: Vec<(VarId, BlockId)>,
    /// The variables holding the exceptions of the `except` handlers being lowered, innermost
    /// last (what a bare `raise` raises again).
    handling: Vec<VarId>,
}

/// Lower a parsed function definition to IR.
pub fn lower(def: &ast::StmtFunctionDef) -> Result<Function> {
    let span = span_of(def);
    let signature = params::signature(&def.parameters)?;
    let mut locals: HashSet<String> = signature.iter().map(|p| p.name.clone()).collect();
    collect_locals(&def.body, &mut locals);
    let mut l = Lowerer {
        f: Function {
            name: def.name.id.as_str().to_string(),
            params: Vec::new(),
            signature: Vec::new(),
            vars: Vec::new(),
            blocks: Vec::new(),
            value_count: 0,
            range_loops: Vec::new(),
            try_regions: Vec::new(),
            span,
        },
        cur: BlockId(0),
        vars: HashMap::new(),
        locals,
        loops: Vec::new(),
        lambda_names: lambda::lambda_names(&def.body),
        lambdas: HashMap::new(),
        scopes: Vec::new(),
        inlining: Vec::new(),
        defs: HashMap::new(),
        returns: Vec::new(),
        handling: Vec::new(),
    };
    l.cur = l.new_block();
    for p in &signature {
        let v = l.var(&p.name);
        l.f.params.push(v);
    }
    l.f.signature = signature;
    l.stmts(&def.body)?;
    if !l.terminated() {
        let none = l.emit(InstKind::Const(Const::None), span);
        l.terminate(Terminator::Return(none, span));
    }
    crossing::localise(&mut l.f);
    if cfg!(debug_assertions) {
        crate::ir::verify::verify(&l.f, "lowering")?;
    }
    Ok(l.f)
}

/// Every name the function assigns is local to it (Python's scoping rule).
/// The names an assignment target binds (`x`, `(i, (a, b))`, `[x, y]`).
pub(super) fn target_names(e: &Expr, out: &mut HashSet<String>) {
    match e {
        Expr::Name(n) => {
            out.insert(n.id.as_str().to_string());
        }
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::List(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        _ => {}
    }
}

pub(super) fn collect_locals(body: &[Stmt], out: &mut HashSet<String>) {
    let target = target_names;
    for s in body {
        match s {
            Stmt::Assign(a) => a.targets.iter().for_each(|t| target(t, out)),
            Stmt::AugAssign(a) => target(&a.target, out),
            Stmt::AnnAssign(a) => target(&a.target, out),
            Stmt::For(f) => {
                target(&f.target, out);
                collect_locals(&f.body, out);
                collect_locals(&f.orelse, out);
            }
            Stmt::While(w) => {
                collect_locals(&w.body, out);
                collect_locals(&w.orelse, out);
            }
            Stmt::Try(t) => {
                collect_locals(&t.body, out);
                for ast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                    if let Some(name) = &h.name {
                        out.insert(name.id.as_str().to_string());
                    }
                    collect_locals(&h.body, out);
                }
                collect_locals(&t.orelse, out);
                collect_locals(&t.finalbody, out);
            }
            Stmt::If(i) => {
                collect_locals(&i.body, out);
                for c in &i.elif_else_clauses {
                    collect_locals(&c.body, out);
                }
            }
            _ => {}
        }
    }
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::Div,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::BitOr,
        ast::Operator::BitXor => BinOp::BitXor,
        ast::Operator::BitAnd => BinOp::BitAnd,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

impl Lowerer {
    fn new_block(&mut self) -> BlockId {
        self.f.blocks.push(Block {
            insts: Vec::new(),
            term: Terminator::Unterminated,
        });
        BlockId(self.f.blocks.len() as u32 - 1)
    }
    fn terminated(&self) -> bool {
        self.f.blocks[self.cur.0 as usize].term != Terminator::Unterminated
    }
    fn terminate(&mut self, t: Terminator) {
        let b = &mut self.f.blocks[self.cur.0 as usize];
        if b.term == Terminator::Unterminated {
            b.term = t;
        }
    }
    fn switch_to(&mut self, b: BlockId) {
        self.cur = b;
    }
    fn emit(&mut self, kind: InstKind, span: Span) -> ValueId {
        let result = ValueId(self.f.value_count);
        self.f.value_count += 1;
        self.f.blocks[self.cur.0 as usize]
            .insts
            .push(Inst { result, kind, span });
        result
    }
    fn var(&mut self, name: &str) -> VarId {
        // A parameter or local of the lambda or inner function being inlined.
        if let Some(v) = self.scoped(name) {
            return v;
        }
        if let Some(v) = self.vars.get(name) {
            return *v;
        }
        let v = VarId(self.f.vars.len() as u32);
        self.f.vars.push(VarInfo {
            name: name.to_string(),
            synthetic: false,
        });
        self.vars.insert(name.to_string(), v);
        v
    }
    fn hidden(&mut self, what: &str) -> VarId {
        let v = VarId(self.f.vars.len() as u32);
        self.f.vars.push(VarInfo {
            name: format!("${what}{}", v.0),
            synthetic: true,
        });
        v
    }
    fn store(&mut self, v: VarId, value: ValueId, span: Span) {
        self.emit(InstKind::Store(v, value), span);
    }
    fn load(&mut self, v: VarId, span: Span) -> ValueId {
        self.emit(InstKind::Load(v), span)
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<()> {
        for s in body {
            if self.terminated() {
                // Code after `return`/`break`/`continue` is unreachable: lower it into a
                // detached block so it is still checked but never runs.
                let b = self.new_block();
                self.switch_to(b);
            }
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<()> {
        let span = span_of(s);
        match s {
            Stmt::Assign(a) => {
                if let (Expr::Lambda(l), [t]) = (a.value.as_ref(), &a.targets[..]) {
                    return self.bind_lambda(t, l);
                }
                let v = self.expr(&a.value)?;
                if a.targets.len() > 1 {
                    // `a = b = value`: hold the value in a variable so each store reads it.
                    let tmp = self.hidden("chain");
                    self.store(tmp, v, span);
                    for t in &a.targets {
                        let v = self.load(tmp, span);
                        self.assign(t, v)?;
                    }
                } else {
                    self.assign(&a.targets[0], v)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(value) = &a.value {
                    let v = self.expr(value)?;
                    self.assign(&a.target, v)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::Expr(e) => {
                if !matches!(*e.value, Expr::StringLiteral(_)) {
                    self.expr(&e.value)?;
                }
            }
            Stmt::Pass(_) => {}
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(e) => self.expr(e)?,
                    None => self.emit(InstKind::Const(Const::None), span),
                };
                match self.returns.last() {
                    // The end of an inner function being inlined.
                    Some(&(result, exit)) => {
                        self.store(result, v, span);
                        self.terminate(Terminator::Jump(exit));
                    }
                    None => self.terminate(Terminator::Return(v, span)),
                }
            }
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::Raise(r) => self.raise_stmt(r)?,
            Stmt::Assert(a) => self.assert_stmt(a)?,
            Stmt::Try(t) => self.try_stmt(t)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::FunctionDef(d) => self.inner_def(d)?,
            Stmt::Break(_) => match self.loops.last() {
                Some(l) => {
                    let t = l.break_to;
                    self.terminate(Terminator::Jump(t));
                }
                None => return Err(CompileError::typing("`break` outside a loop", span)),
            },
            Stmt::Continue(_) => match self.loops.last() {
                Some(l) => {
                    let t = l.continue_to;
                    self.terminate(Terminator::Jump(t));
                }
                None => return Err(CompileError::typing("`continue` outside a loop", span)),
            },
            Stmt::Delete(d) => self.del_stmt(d)?,
            other => {
                return Err(CompileError::unsupported(
                    format!("{} not supported by oxjit", unsupported_stmt(other)),
                    span,
                ))
            }
        }
        Ok(())
    }

    fn assign(&mut self, target: &Expr, value: ValueId) -> Result<()> {
        let span = span_of(target);
        match target {
            Expr::Name(n) => {
                let v = self.var(n.id.as_str());
                self.store(v, value, span);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let tmp = self.hidden("unpack");
                let count = elts.len();
                let checked = self.emit(InstKind::Unpack { value, count }, span);
                self.store(tmp, checked, span);
                for (i, e) in elts.iter().enumerate() {
                    let t = self.load(tmp, span);
                    let item = self.emit(InstKind::UnpackItem(t, i), span_of(e));
                    self.assign(e, item)?;
                }
            }
            Expr::Subscript(sub) => {
                let (obj, index, check) = self.subscript(sub)?;
                self.emit(
                    InstKind::SetItem {
                        value: obj,
                        index,
                        check,
                        item: value,
                    },
                    span,
                );
            }
            Expr::Starred(_) => {
                return Err(CompileError::unsupported(
                    "starred assignment targets are not supported",
                    span,
                ))
            }
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value)?;
                let name = a.attr.id.as_str().to_string();
                self.emit(InstKind::SetAttr { obj, name, value }, span);
            }
            _ => {
                return Err(CompileError::unsupported(
                    "this assignment target is not supported",
                    span,
                ))
            }
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign) -> Result<()> {
        let span = span_of(a);
        let op = binop(a.op);
        match a.target.as_ref() {
            Expr::Name(n) => {
                let v = self.var(n.id.as_str());
                let cur = self.load(v, span_of(a.target.as_ref()));
                let rhs = self.expr(&a.value)?;
                let r = self.emit(InstKind::AugBinary(op, cur, rhs), span);
                self.store(v, r, span);
            }
            Expr::Subscript(sub) => {
                // Evaluate the container and the index once.
                let (obj, index, check) = self.subscript(sub)?;
                let cur = self.emit(
                    InstKind::GetItem {
                        value: obj,
                        index: index.clone(),
                        check: check.clone(),
                    },
                    span_of(a.target.as_ref()),
                );
                let rhs = self.expr(&a.value)?;
                let r = self.emit(InstKind::AugBinary(op, cur, rhs), span);
                self.emit(
                    InstKind::SetItem {
                        value: obj,
                        index,
                        check,
                        item: r,
                    },
                    span,
                );
            }
            Expr::Attribute(at) => {
                // Evaluate the object once: `obj.x op= v` reads and writes the same object.
                let obj = self.expr(&at.value)?;
                let name = at.attr.id.as_str().to_string();
                let cur = self.emit(
                    InstKind::Attr(obj, name.clone()),
                    span_of(a.target.as_ref()),
                );
                let rhs = self.expr(&a.value)?;
                let r = self.emit(InstKind::AugBinary(op, cur, rhs), span);
                self.emit(
                    InstKind::SetAttr {
                        obj,
                        name,
                        value: r,
                    },
                    span,
                );
            }
            _ => {
                return Err(CompileError::unsupported(
                    "this augmented assignment target is not supported",
                    span,
                ))
            }
        }
        Ok(())
    }

    /// Branch on the truth of `test`, short-circuiting `and`/`or`/`not` into control flow
    /// (no intermediate boolean is materialised).
    fn cond_branch(&mut self, test: &Expr, then_b: BlockId, else_b: BlockId) -> Result<()> {
        match test {
            Expr::BoolOp(b) => {
                let n = b.values.len();
                for (i, e) in b.values.iter().enumerate() {
                    if i + 1 == n {
                        return self.cond_branch(e, then_b, else_b);
                    }
                    let next = self.new_block();
                    match b.op {
                        ast::BoolOp::And => self.cond_branch(e, next, else_b)?,
                        ast::BoolOp::Or => self.cond_branch(e, then_b, next)?,
                    }
                    self.switch_to(next);
                }
                Ok(())
            }
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                self.cond_branch(&u.operand, else_b, then_b)
            }
            // `while True:` — a constant condition is a jump, so the code after the loop is
            // unreachable unless a `break` reaches it.
            Expr::BooleanLiteral(b) => {
                self.terminate(Terminator::Jump(if b.value { then_b } else { else_b }));
                Ok(())
            }
            Expr::NumberLiteral(ast::ExprNumberLiteral {
                value: Number::Int(i),
                ..
            }) if i.as_i64().is_some() => {
                let truthy = i.as_i64() != Some(0);
                self.terminate(Terminator::Jump(if truthy { then_b } else { else_b }));
                Ok(())
            }
            _ => {
                let v = self.expr(test)?;
                let t = self.emit(InstKind::Truth(v), span_of(test));
                self.terminate(Terminator::Branch {
                    cond: t,
                    then_block: then_b,
                    else_block: else_b,
                });
                Ok(())
            }
        }
    }

    fn if_stmt(&mut self, i: &ast::StmtIf) -> Result<()> {
        let end = self.new_block();
        let mut arms: Vec<(Option<&Expr>, &[Stmt])> = vec![(Some(&i.test), &i.body[..])];
        for c in &i.elif_else_clauses {
            arms.push((c.test.as_ref(), &c.body[..]));
        }
        for (test, body) in arms {
            match test {
                Some(t) => {
                    let then_b = self.new_block();
                    let else_b = self.new_block();
                    self.cond_branch(t, then_b, else_b)?;
                    self.switch_to(then_b);
                    self.stmts(body)?;
                    self.terminate(Terminator::Jump(end));
                    self.switch_to(else_b);
                }
                None => {
                    self.stmts(body)?;
                    self.terminate(Terminator::Jump(end));
                }
            }
        }
        self.terminate(Terminator::Jump(end));
        self.switch_to(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &ast::StmtWhile) -> Result<()> {
        // Rotated: guard, then a bottom-tested body (Cranelift does not rotate loops).
        let body = self.new_block();
        let latch = self.new_block();
        let exit = self.new_block();
        let orelse = if w.orelse.is_empty() {
            exit
        } else {
            self.new_block()
        };
        self.cond_branch(&w.test, body, orelse)?;
        self.loops.push(LoopCtx {
            continue_to: latch,
            break_to: exit,
        });
        self.switch_to(body);
        self.stmts(&w.body)?;
        self.terminate(Terminator::Jump(latch));
        self.loops.pop();
        self.switch_to(latch);
        // The latch leaves through a block of its own: no critical edge to split, so the test
        // that continues the loop falls through and only the back edge is a taken branch.
        let leave = self.new_block();
        self.cond_branch(&w.test, body, leave)?;
        self.switch_to(leave);
        self.terminate(Terminator::Jump(orelse));
        if orelse != exit {
            self.switch_to(orelse);
            self.stmts(&w.orelse)?;
            self.terminate(Terminator::Jump(exit));
        }
        self.switch_to(exit);
        Ok(())
    }

    /// The components of a subscript: `a[i, j]` gives `[i, j]`.
    /// The container, index parts and checks of a subscript. `a.flat[i]` indexes `a` by the
    /// C-order multi-index of position `i` (checked against `a.size`).
    fn subscript(
        &mut self,
        sub: &ast::ExprSubscript,
    ) -> Result<(ValueId, Vec<ValueId>, Vec<IndexCheck>)> {
        if let Expr::Attribute(a) = sub.value.as_ref() {
            if a.attr.id.as_str() == "flat" {
                let span = span_of(sub);
                if matches!(sub.slice.as_ref(), Expr::Slice(_) | Expr::Tuple(_)) {
                    return Err(CompileError::unsupported(
                        "`a.flat[...]` is supported with one integer index",
                        span,
                    ));
                }
                let arr = self.expr(&a.value)?;
                let i = self.expr(&sub.slice)?;
                let pos = self.emit(InstKind::FlatPosition(i, arr), span);
                let shape = self.emit(InstKind::Attr(arr, "shape".to_string()), span);
                let at = self.emit(InstKind::Unravel(pos, shape), span);
                return Ok((arr, vec![at], vec![IndexCheck::None]));
            }
        }
        let obj = self.expr(&sub.value)?;
        let index = self.index(&sub.slice)?;
        let check = vec![IndexCheck::WrapAndCheck; index.len()];
        Ok((obj, index, check))
    }

    fn index(&mut self, slice: &Expr) -> Result<Vec<ValueId>> {
        let parts = match slice {
            Expr::Tuple(t) => t.elts.iter().collect(),
            e => vec![e],
        };
        let dots = parts
            .iter()
            .filter(|e| e.is_ellipsis_literal_expr())
            .count();
        if dots > 1 {
            return Err(CompileError::typing(
                "an index can only have a single ellipsis ('...')",
                span_of(slice),
            ));
        }
        parts
            .into_iter()
            .map(|e| match e {
                Expr::EllipsisLiteral(_) => Ok(self.emit(InstKind::Ellipsis, span_of(e))),
                e => self.expr(e),
            })
            .collect()
    }

    fn expr(&mut self, e: &Expr) -> Result<ValueId> {
        let span = span_of(e);
        Ok(match e {
            Expr::Name(n) if self.scoped(n.id.as_str()).is_some() => {
                let v = self.scoped(n.id.as_str()).ok_or_else(|| {
                    CompileError::internal("lower", "lambda parameter out of scope")
                })?;
                self.load(v, span)
            }
            Expr::Name(n) if self.lambdas.contains_key(n.id.as_str()) => {
                return Err(CompileError::unsupported(
                    "a `lambda` can only be called here, not used as a value",
                    span,
                ))
            }
            Expr::Name(n) if self.defs.contains_key(n.id.as_str()) => {
                return Err(CompileError::unsupported(
                    format!(
                        "the inner function `{}` can only be called here, not used as a value                          (returned, stored or passed)",
                        n.id.as_str()
                    ),
                    span,
                ))
            }
            Expr::Name(n) => {
                let name = n.id.as_str();
                if self.locals.contains(name) {
                    let v = self.var(name);
                    self.load(v, span)
                } else {
                    self.emit(InstKind::Global(name.to_string()), span)
                }
            }
            Expr::NumberLiteral(n) => self.number(&n.value, span)?,
            Expr::BooleanLiteral(b) => self.emit(InstKind::Const(Const::Bool(b.value)), span),
            Expr::NoneLiteral(_) => self.emit(InstKind::Const(Const::None), span),
            Expr::StringLiteral(s) => self.emit(InstKind::Str(s.value.to_str().to_string()), span),
            Expr::FString(_) => {
                let parts = self.message(e)?;
                self.emit(InstKind::Format(parts), span)
            }
            Expr::Call(c) if strings::is_literal_format(c) => self.literal_format(c)?,
            Expr::BinOp(b) => {
                let l = self.expr(&b.left)?;
                let r = self.expr(&b.right)?;
                self.emit(InstKind::Binary(binop(b.op), l, r), span)
            }
            Expr::UnaryOp(u) => {
                let v = self.expr(&u.operand)?;
                let op = match u.op {
                    ast::UnaryOp::USub => UnaryOp::Neg,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                };
                self.emit(InstKind::Unary(op, v), span)
            }
            Expr::BoolOp(b) => self.bool_op(b)?,
            Expr::Compare(c) => self.compare(c)?,
            Expr::If(i) => self.if_expr(i, span)?,
            Expr::Call(c) if print::is_print(&c.func, &self.locals) => self.print_call(c)?,
            Expr::ListComp(c) => self.list_comp(c)?,
            Expr::Dict(d) => self.dict_display(d)?,
            Expr::Set(d) => self.set_display(d)?,
            Expr::DictComp(c) => self.dict_comp(c)?,
            Expr::SetComp(c) => self.set_comp(c)?,
            Expr::Call(c) if self.is_list_of_iterable(c) => self.list_of_iterable(c)?,
            Expr::Call(c) if self.is_sorted_of_iterable(c) => self.sorted_of_iterable(c)?,
            Expr::Call(c) if self.is_dict_fromkeys(c) => self.dict_fromkeys(c)?,
            Expr::Call(c) if self.called_lambda(c).is_some() => {
                let l = self
                    .called_lambda(c)
                    .ok_or_else(|| CompileError::internal("lower", "lambda disappeared"))?;
                self.inline_lambda(c, &l)?
            }
            Expr::Call(c) if self.called_def(c).is_some() => {
                let d = self
                    .called_def(c)
                    .ok_or_else(|| CompileError::internal("lower", "inner def disappeared"))?;
                self.inline_def(c, &d)?
            }
            Expr::Call(c) => self.call(c, span)?,
            Expr::Attribute(a) => {
                let v = self.expr(&a.value)?;
                self.emit(InstKind::Attr(v, a.attr.id.as_str().to_string()), span)
            }
            Expr::Subscript(s) => {
                let (v, index, check) = self.subscript(s)?;
                self.emit(
                    InstKind::GetItem {
                        value: v,
                        index,
                        check,
                    },
                    span,
                )
            }
            Expr::Slice(sl) => {
                let mut part = |e: &Option<Box<Expr>>| -> Result<Option<ValueId>> {
                    e.as_ref().map(|x| self.expr(x)).transpose()
                };
                let (a, b, c) = (part(&sl.lower)?, part(&sl.upper)?, part(&sl.step)?);
                self.emit(InstKind::Slice(a, b, c), span)
            }
            Expr::List(ast::ExprList { elts, .. }) => {
                let items = elts
                    .iter()
                    .map(|e| self.expr(e))
                    .collect::<Result<Vec<_>>>()?;
                self.emit(InstKind::List(items), span)
            }
            Expr::Tuple(t) => {
                let items = t
                    .elts
                    .iter()
                    .map(|e| self.expr(e))
                    .collect::<Result<Vec<_>>>()?;
                self.emit(InstKind::Tuple(items), span)
            }
            other => {
                return Err(CompileError::unsupported(
                    format!("{} not supported by oxjit", unsupported_expr(other)),
                    span,
                ))
            }
        })
    }

    /// A number literal (an `int` beyond 64 bits is refused).
    fn number(&mut self, n: &Number, span: Span) -> Result<ValueId> {
        Ok(match n {
            Number::Int(i) => match i.as_i64() {
                Some(v) => self.emit(InstKind::Const(Const::Int(v)), span),
                None => {
                    return Err(CompileError::unsupported(
                        "integer literal does not fit in 64 bits",
                        span,
                    ))
                }
            },
            Number::Float(f) => self.emit(InstKind::Const(Const::Float(*f)), span),
            Number::Complex { real, imag } => {
                self.emit(InstKind::Const(Const::Complex(*real, *imag)), span)
            }
        })
    }

    /// `body if test else orelse`: a diamond storing into a hidden variable.
    fn if_expr(&mut self, i: &ast::ExprIf, span: Span) -> Result<ValueId> {
        let res = self.hidden("ifexp");
        let then_b = self.new_block();
        let else_b = self.new_block();
        let end = self.new_block();
        self.cond_branch(&i.test, then_b, else_b)?;
        self.switch_to(then_b);
        let v = self.expr(&i.body)?;
        self.store(res, v, span);
        self.terminate(Terminator::Jump(end));
        self.switch_to(else_b);
        let v = self.expr(&i.orelse)?;
        self.store(res, v, span);
        self.terminate(Terminator::Jump(end));
        self.switch_to(end);
        Ok(self.load(res, span))
    }

    /// A call: the callee, positional arguments, then keyword arguments (`*args` and
    /// `**kwargs` at the call are refused).
    fn call(&mut self, c: &ast::ExprCall, span: Span) -> Result<ValueId> {
        if let Some(v) = self.call_with_key(c)? {
            return Ok(v);
        }
        let func = self.expr(&c.func)?;
        let mut args = Vec::new();
        for a in c.arguments.args.iter() {
            if let Expr::Starred(s) = a {
                // `g(*t)`: the items of the tuple `t` (calls of jitted functions).
                let t = self.expr(&s.value)?;
                args.push(self.emit(InstKind::Starred(t), span_of(a)));
                continue;
            }
            args.push(self.expr(a)?);
        }
        let mut kwargs = Vec::new();
        for k in c.arguments.keywords.iter() {
            let Some(name) = &k.arg else {
                return Err(CompileError::unsupported(
                    "`**kwargs` in calls is not supported",
                    span_of(k),
                ));
            };
            let v = self.expr(&k.value)?;
            kwargs.push((name.id.as_str().to_string(), v));
        }
        Ok(self.emit(InstKind::Call { func, args, kwargs }, span))
    }

    /// `a and b` / `a or b`: Python returns one of the operands, evaluated left to right.
    fn bool_op(&mut self, b: &ast::ExprBoolOp) -> Result<ValueId> {
        let span = span_of(b);
        let res = self.hidden("boolop");
        let end = self.new_block();
        let n = b.values.len();
        for (i, e) in b.values.iter().enumerate() {
            let v = self.expr(e)?;
            self.store(res, v, span);
            if i + 1 == n {
                self.terminate(Terminator::Jump(end));
                break;
            }
            let cur = self.load(res, span);
            let t = self.emit(InstKind::Truth(cur), span_of(e));
            let next = self.new_block();
            let (then_block, else_block) = match b.op {
                ast::BoolOp::And => (next, end),
                ast::BoolOp::Or => (end, next),
            };
            self.terminate(Terminator::Branch {
                cond: t,
                then_block,
                else_block,
            });
            self.switch_to(next);
        }
        self.switch_to(end);
        Ok(self.load(res, span))
    }

    fn compare(&mut self, c: &ast::ExprCompare) -> Result<ValueId> {
        let span = span_of(c);
        let op = |o: &ast::CmpOp, sp: Span| -> Result<CmpOp> {
            Ok(match o {
                ast::CmpOp::Eq => CmpOp::Eq,
                ast::CmpOp::NotEq => CmpOp::Ne,
                ast::CmpOp::Lt => CmpOp::Lt,
                ast::CmpOp::LtE => CmpOp::Le,
                ast::CmpOp::Gt => CmpOp::Gt,
                ast::CmpOp::GtE => CmpOp::Ge,
                ast::CmpOp::Is | ast::CmpOp::IsNot => {
                    return Err(CompileError::unsupported(
                        "`is` / `is not` comparisons are supported only with `None`",
                        sp,
                    ))
                }
                ast::CmpOp::In | ast::CmpOp::NotIn => {
                    return Err(CompileError::unsupported(
                        "chained `in` / `not in` comparisons are not supported yet",
                        sp,
                    ))
                }
            })
        };
        if let ([o @ (ast::CmpOp::Is | ast::CmpOp::IsNot)], [right]) =
            (&c.ops[..], &c.comparators[..])
        {
            let negated = *o == ast::CmpOp::IsNot;
            let other = match (c.left.as_ref(), right) {
                (x, Expr::NoneLiteral(_)) | (Expr::NoneLiteral(_), x) => x,
                _ => {
                    return Err(CompileError::unsupported(
                        "`is` / `is not` comparisons are supported only with `None`",
                        span,
                    ))
                }
            };
            let v = self.expr(other)?;
            return Ok(self.emit(InstKind::IsNone(v, negated), span));
        }
        if let ([o @ (ast::CmpOp::In | ast::CmpOp::NotIn)], [right]) =
            (&c.ops[..], &c.comparators[..])
        {
            let item = self.expr(&c.left)?;
            let seq = self.expr(right)?;
            let negated = *o == ast::CmpOp::NotIn;
            return Ok(self.emit(InstKind::Contains { item, seq, negated }, span));
        }
        let left = self.expr(&c.left)?;
        if c.ops.len() == 1 {
            let o = op(&c.ops[0], span)?;
            let r = self.expr(&c.comparators[0])?;
            return Ok(self.emit(InstKind::Compare(o, left, r), span));
        }
        // Chained: `a < b < c` is `a < b and b < c` with `b` evaluated once.
        let res = self.hidden("cmp");
        let operand = self.hidden("cmpop");
        let end = self.new_block();
        self.store(operand, left, span);
        let n = c.ops.len();
        for (i, (o, e)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            let o = op(o, span)?;
            let l = self.load(operand, span);
            let r = self.expr(e)?;
            if i + 1 < n {
                self.store(operand, r, span);
            }
            let r = if i + 1 < n {
                self.load(operand, span)
            } else {
                r
            };
            let v = self.emit(InstKind::Compare(o, l, r), span);
            self.store(res, v, span);
            if i + 1 == n {
                self.terminate(Terminator::Jump(end));
                break;
            }
            let next = self.new_block();
            self.terminate(Terminator::Branch {
                cond: v,
                then_block: next,
                else_block: end,
            });
            self.switch_to(next);
        }
        self.switch_to(end);
        Ok(self.load(res, span))
    }
}
