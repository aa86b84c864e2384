//! `for` loops. Every loop is a counter loop (a [`RangeLoop`] fact beside the CFG, emitted
//! rotated: guard, then a bottom-tested body); the iterable decides the counter's range and how
//! the target is bound from the counter at the top of each iteration:
//! - `range`/`prange(start, stop, step)` and `reversed(range(...))` (literal step): the counter
//!   is the value;
//! - anything else is zero-based, the counter running over `0..n`: an array gives `a[i]`
//!   (`n = len(a)`), `enumerate(x, start)` gives `(i + start, item)`, `zip(x, y, ...)` gives a
//!   tuple of items (`n` the shortest length), a `range` inside them gives `start + i * step`.
//!
//! Tuple targets matching a tuple of items (`for i, (x, y) in enumerate(zip(a, b))`) bind each
//! name directly, with no tuple built.

use super::{LoopCtx, Lowerer};
use crate::error::{CompileError, Result, Span};
use crate::ir::*;
use crate::syntax::span_of;
use ruff_python_ast::{self as ast, Expr, Number, Stmt};
use std::collections::HashSet;

/// How a loop's item is computed from the counter.
enum Item {
    /// The counter itself (a `range` loop).
    Counter,
    /// `seq[counter]` (no check: the counter is below `len(seq)`).
    Elem(VarId),
    /// `start + counter * step` (a range inside `zip`/`enumerate`).
    Affine {
        start: VarId,
        step: i64,
    },
    /// `counter + start` (the index of `enumerate`).
    Offset(VarId),
    /// The multi-index of the counter in a shape (`numpy.ndindex`).
    Unravel(VarId),
    /// `a[multi-index of the counter in a.shape]` (`a.flat`, `numpy.ndenumerate`).
    FlatElem {
        arr: VarId,
        shape: VarId,
    },
    /// `a[multi-index of the counter in a.shape, ...]`: a read-only 0-d view of the element
    /// (`numpy.nditer`, over the memory-order view of the array).
    ElemView {
        arr: VarId,
        shape: VarId,
    },
    /// `seq[n - 1 - counter]` (`reversed(seq)` of a sequence of length `n`).
    RevElem {
        seq: VarId,
        n: VarId,
    },
    Tuple(Vec<Item>),
}

/// The counter's range.
struct Driver {
    start: ValueId,
    stop: ValueId,
    step: ValueId,
    const_step: Option<i64>,
    parallel: bool,
}

/// The builtin a call names (`range`, `zip`, …) unless the user shadowed it with a local.
/// What a `for` loop assigns: a target of the source (a name or tuple of names), or a hidden
/// variable (comprehensions and `list(range(...))` made by the lowering).
#[derive(Clone, Copy)]
pub(super) enum LoopTarget<'e> {
    Expr(&'e Expr),
    Var(VarId),
}

/// `reversed(range(...))` (else `reversed` of a sequence).
fn reverses_range(c: &ast::ExprCall, locals: &HashSet<String>) -> bool {
    matches!(&c.arguments.args[..], [arg] if builtin_call(arg, "range", locals).is_some())
}

fn builtin_call<'e>(
    e: &'e Expr,
    name: &str,
    locals: &HashSet<String>,
) -> Option<&'e ast::ExprCall> {
    match e {
        Expr::Call(c) => match c.func.as_ref() {
            Expr::Name(n) if n.id.as_str() == name && !locals.contains(name) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// The range parts of `range(...)`: `(start, stop, step)` expressions (absent start is 0,
/// absent step is 1).
type RangeArgs<'e> = (Option<&'e Expr>, &'e Expr, Option<&'e Expr>);

fn range_args<'e>(c: &'e ast::ExprCall, span: Span) -> Result<RangeArgs<'e>> {
    if !c.arguments.keywords.is_empty() || c.arguments.args.is_empty() {
        return Err(CompileError::typing(
            "`range` takes 1 to 3 positional arguments",
            span,
        ));
    }
    let args = &c.arguments.args;
    Ok(match args.len() {
        1 => (None, &args[0], None),
        2 => (Some(&args[0]), &args[1], None),
        3 => (Some(&args[0]), &args[1], Some(&args[2])),
        n => {
            return Err(CompileError::typing(
                format!("`range` expected at most 3 arguments, got {n}"),
                span,
            ))
        }
    })
}

impl Lowerer {
    pub(super) fn for_stmt(&mut self, f: &ast::StmtFor) -> Result<()> {
        let span = span_of(f);
        if f.is_async {
            return Err(CompileError::unsupported(
                "`async for` is not supported",
                span,
            ));
        }
        super::nditer::refuse_item_writes(f)?;
        self.for_loop(
            span,
            LoopTarget::Expr(&f.target),
            &f.iter,
            &f.orelse,
            &mut |l| l.stmts(&f.body),
        )
    }

    /// A `for` loop over `iter` assigning `target` each iteration, `body` lowering the body
    /// (statements, or a comprehension's element); `orelse` is the `else` clause.
    pub(super) fn for_loop(
        &mut self,
        span: Span,
        target: LoopTarget<'_>,
        iter: &Expr,
        orelse_stmts: &[Stmt],
        body_fn: &mut dyn FnMut(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let iter_span = span_of(iter);
        // The target's variable first (variable numbering as in the listings).
        if let LoopTarget::Expr(Expr::Name(n)) = target {
            self.var(n.id.as_str());
        }
        let (d, item) = self.driver(iter, iter_span)?;
        if d.const_step == Some(0) {
            return Err(CompileError::new(
                crate::error::ErrorKind::Typing,
                "`range()` arg 3 must not be zero",
                Some(iter_span),
            ));
        }
        if d.const_step.is_none() {
            self.emit(InstKind::CheckRangeStep(d.step), iter_span);
        }
        let start_v = self.hidden("start");
        let stop_v = self.hidden("stop");
        let step_v = self.hidden("step");
        let counter = self.hidden("i");
        self.store(start_v, d.start, iter_span);
        self.store(stop_v, d.stop, iter_span);
        self.store(step_v, d.step, iter_span);
        let c0 = self.load(start_v, iter_span);
        self.store(counter, c0, iter_span);

        let body = self.new_block();
        let latch = self.new_block();
        let exit = self.new_block();
        let orelse = if orelse_stmts.is_empty() {
            exit
        } else {
            self.new_block()
        };
        let first_block = body.0;
        let const_step = d.const_step;
        self.range_test(counter, stop_v, step_v, const_step, body, orelse, iter_span);

        self.loops.push(LoopCtx {
            continue_to: latch,
            break_to: exit,
        });
        self.switch_to(body);
        // The user's variable is the counter's copy for a plain `for name in range(...)`.
        let loop_var = match (target, &item) {
            (LoopTarget::Expr(Expr::Name(n)), Item::Counter) => Some(self.var(n.id.as_str())),
            (LoopTarget::Var(v), Item::Counter) => Some(v),
            _ => None,
        };
        match target {
            LoopTarget::Expr(t) => self.bind(t, &item, counter, iter_span)?,
            LoopTarget::Var(v) => {
                let x = self.item_value(&item, counter, iter_span);
                self.store(v, x, iter_span);
            }
        }
        body_fn(self)?;
        self.terminate(Terminator::Jump(latch));
        self.loops.pop();

        self.switch_to(latch);
        let c = self.load(counter, iter_span);
        let s = self.step_value(step_v, const_step, iter_span);
        let next = self.emit(InstKind::Binary(BinOp::Add, c, s), iter_span);
        self.store(counter, next, iter_span);
        self.range_test(counter, stop_v, step_v, const_step, body, orelse, iter_span);
        let blocks: Vec<BlockId> = (first_block..self.f.blocks.len() as u32)
            .map(BlockId)
            .filter(|b| *b != exit && *b != orelse)
            .collect();
        self.f.range_loops.push(RangeLoop {
            target: loop_var,
            counter,
            start: start_v,
            stop: stop_v,
            step: step_v,
            const_step,
            body,
            latch,
            exit: orelse,
            break_to: exit,
            blocks,
            parallel: d.parallel,
            span,
        });

        if orelse != exit {
            self.switch_to(orelse);
            self.stmts(orelse_stmts)?;
            self.terminate(Terminator::Jump(exit));
        }
        self.switch_to(exit);
        Ok(())
    }

    /// The counter's range and the item for the iterable `e`.
    fn driver(&mut self, e: &Expr, span: Span) -> Result<(Driver, Item)> {
        if let Some((c, parallel)) = self.range_call(e) {
            let (start, stop, step) = range_args(c, span)?;
            let const_step = match step {
                None => Some(1),
                Some(e) => literal_int(e),
            };
            let start = match start {
                Some(e) => self.expr(e)?,
                None => self.int_const(0, span),
            };
            let stop = self.expr(stop)?;
            let step = match step {
                Some(e) => self.expr(e)?,
                None => self.int_const(1, span),
            };
            let d = Driver {
                start,
                stop,
                step,
                const_step,
                parallel,
            };
            return Ok((d, Item::Counter));
        }
        if let Some(c) =
            builtin_call(e, "reversed", &self.locals).filter(|c| reverses_range(c, &self.locals))
        {
            let (first, _, k) = self.reversed_range(c, span)?;
            let stop = self.emit(InstKind::Binary(BinOp::Sub, first.1, first.2), span);
            let step = self.int_const(-k, span);
            let d = Driver {
                start: first.0,
                stop,
                step,
                const_step: Some(-k),
                parallel: false,
            };
            return Ok((d, Item::Counter));
        }
        let (n, item) = self.zero_based(e)?;
        let start = self.int_const(0, span);
        let stop = self.load(n, span);
        let step = self.int_const(1, span);
        let d = Driver {
            start,
            stop,
            step,
            const_step: Some(1),
            parallel: false,
        };
        Ok((d, item))
    }

    /// `range(...)`, `prange(...)` or `<module>.prange(...)` (and whether it is parallel).
    fn range_call<'e>(&self, e: &'e Expr) -> Option<(&'e ast::ExprCall, bool)> {
        let Expr::Call(c) = e else { return None };
        match c.func.as_ref() {
            Expr::Name(n) => {
                let name = n.id.as_str();
                ((name == "range" || name == "prange") && !self.locals.contains(name))
                    .then_some((c, name == "prange"))
            }
            Expr::Attribute(a) => (a.attr.id.as_str() == "prange").then_some((c, true)),
            _ => None,
        }
    }

    /// `reversed(seq)` of an array, list, string or tuple: an index loop from the end.
    fn reversed_sequence(&mut self, c: &ast::ExprCall, span: Span) -> Result<(VarId, Item)> {
        let [arg] = &c.arguments.args[..] else {
            return Err(CompileError::typing("reversed expected 1 argument", span));
        };
        if !c.arguments.keywords.is_empty() {
            return Err(CompileError::typing(
                "reversed() takes no keyword arguments",
                span,
            ));
        }
        let seq = self.expr(arg)?;
        let seq_var = self.hidden("rev");
        self.store(seq_var, seq, span);
        let s = self.load(seq_var, span);
        let len = self.emit(InstKind::Len(s), span);
        // The sequence's own length (the loop's count may become shorter: `zip` takes the
        // shortest, in the variable returned).
        let own = self.hidden("revlen");
        self.store(own, len, span);
        let n = self.hidden("len");
        self.store(n, len, span);
        Ok((
            n,
            Item::RevElem {
                seq: seq_var,
                n: own,
            },
        ))
    }

    /// `reversed(range(start, stop, k))` with a literal step `k`: `((first, start, k value),
    /// length, k)` where the reversed range is `first, first - k, …` down to `start`.
    #[allow(clippy::type_complexity)]
    fn reversed_range(
        &mut self,
        c: &ast::ExprCall,
        span: Span,
    ) -> Result<((ValueId, ValueId, ValueId), VarId, i64)> {
        let inner = match (&c.arguments.args[..], c.arguments.keywords.is_empty()) {
            ([arg], true) => builtin_call(arg, "range", &self.locals),
            _ => None,
        };
        let Some(inner) = inner else {
            return Err(CompileError::unsupported(
                "`reversed` is supported on a `range` only (iterate an array backwards with `a[::-1]`)",
                span,
            ));
        };
        let (start, stop, step) = range_args(inner, span)?;
        let k = match step {
            None => 1,
            Some(e) => literal_int(e).ok_or_else(|| {
                CompileError::unsupported("`reversed(range(...))` needs a literal step", span_of(e))
            })?,
        };
        if k == 0 {
            return Err(CompileError::typing(
                "`range()` arg 3 must not be zero",
                span,
            ));
        }
        let start = match start {
            Some(e) => self.expr(e)?,
            None => self.int_const(0, span),
        };
        let start_v = self.hidden("rstart");
        self.store(start_v, start, span);
        let stop = self.expr(stop)?;
        let n = self.range_len(start_v, stop, k, span);
        // first = start + (n - 1) * k
        let nv = self.load(n, span);
        let one = self.int_const(1, span);
        let nm1 = self.emit(InstKind::Binary(BinOp::Sub, nv, one), span);
        let kv = self.int_const(k, span);
        let off = self.emit(InstKind::Binary(BinOp::Mul, nm1, kv), span);
        let s = self.load(start_v, span);
        let first = self.emit(InstKind::Binary(BinOp::Add, s, off), span);
        let s = self.load(start_v, span);
        let kv = self.int_const(k, span);
        Ok(((first, s, kv), n, k))
    }

    /// A hidden variable holding the length of `range(start, stop, k)` (literal `k != 0`).
    fn range_len(&mut self, start: VarId, stop: ValueId, k: i64, span: Span) -> VarId {
        // n = max(0, (stop - start + k - sign(k)) // k)
        let s = self.load(start, span);
        let diff = self.emit(InstKind::Binary(BinOp::Sub, stop, s), span);
        let adj = self.int_const(k - k.signum(), span);
        let num = self.emit(InstKind::Binary(BinOp::Add, diff, adj), span);
        let kv = self.int_const(k, span);
        let n = self.emit(InstKind::Binary(BinOp::FloorDiv, num, kv), span);
        let n_v = self.hidden("len");
        self.store(n_v, n, span);
        let zero = self.int_const(0, span);
        let zero_v = self.hidden("zero");
        self.store(zero_v, zero, span);
        self.keep_into(n_v, zero_v, CmpOp::Lt, span);
        n_v
    }

    /// `var = other` when `var <op> other`: with `Gt`, `var = min(var, other)`; with `Lt`,
    /// `var = max(var, other)`.
    fn keep_into(&mut self, var: VarId, other: VarId, op: CmpOp, span: Span) {
        let cur = self.load(var, span);
        let o = self.load(other, span);
        let c = self.emit(InstKind::Compare(op, cur, o), span);
        let set = self.new_block();
        let join = self.new_block();
        self.terminate(Terminator::Branch {
            cond: c,
            then_block: set,
            else_block: join,
        });
        self.switch_to(set);
        let v = self.load(other, span);
        self.store(var, v, span);
        self.terminate(Terminator::Jump(join));
        self.switch_to(join);
    }

    /// A zero-based iterable: the hidden variable holding its length, and its item.
    fn zero_based(&mut self, e: &Expr) -> Result<(VarId, Item)> {
        let espan = span_of(e);
        if let Some((c, parallel)) = self.range_call(e) {
            if parallel {
                return Err(CompileError::unsupported(
                    "`prange` must be the iterable of its own `for` loop",
                    espan,
                ));
            }
            let (start, stop, step) = range_args(c, espan)?;
            let k = match step {
                None => 1,
                Some(e) => literal_int(e).ok_or_else(|| {
                    CompileError::unsupported(
                        "a `range` inside `zip`/`enumerate` needs a literal step",
                        span_of(e),
                    )
                })?,
            };
            if k == 0 {
                return Err(CompileError::typing(
                    "`range()` arg 3 must not be zero",
                    espan,
                ));
            }
            let start = match start {
                Some(e) => self.expr(e)?,
                None => self.int_const(0, espan),
            };
            let start_v = self.hidden("rstart");
            self.store(start_v, start, espan);
            let stop = self.expr(stop)?;
            let n = self.range_len(start_v, stop, k, espan);
            return Ok((
                n,
                Item::Affine {
                    start: start_v,
                    step: k,
                },
            ));
        }
        if let Some(c) = builtin_call(e, "reversed", &self.locals) {
            if !reverses_range(c, &self.locals) {
                return self.reversed_sequence(c, espan);
            }
            let ((first, _, _), n, k) = self.reversed_range(c, espan)?;
            let first_v = self.hidden("rstart");
            self.store(first_v, first, espan);
            return Ok((
                n,
                Item::Affine {
                    start: first_v,
                    step: -k,
                },
            ));
        }
        if let Some(c) = builtin_call(e, "enumerate", &self.locals) {
            let (inner, start) = match (&c.arguments.args[..], &c.arguments.keywords[..]) {
                ([x], []) => (x, None),
                ([x], [kw]) if kw.arg.as_ref().is_some_and(|a| a.as_str() == "start") => {
                    (x, Some(&kw.value))
                }
                ([x, s], []) => (x, Some(s)),
                _ => {
                    return Err(CompileError::typing(
                        "`enumerate` takes an iterable and an optional `start`",
                        espan,
                    ))
                }
            };
            let (n, item) = self.zero_based(inner)?;
            let s = match start {
                Some(e) => self.expr(e)?,
                None => self.int_const(0, espan),
            };
            let s_v = self.hidden("enum_start");
            self.store(s_v, s, espan);
            return Ok((n, Item::Tuple(vec![Item::Offset(s_v), item])));
        }
        if let Some(c) = builtin_call(e, "zip", &self.locals) {
            if !c.arguments.keywords.is_empty() {
                return Err(CompileError::unsupported(
                    "`zip` keyword arguments (`strict=`) are not supported",
                    espan,
                ));
            }
            let mut items = Vec::new();
            let mut n: Option<VarId> = None;
            for a in c.arguments.args.iter() {
                let (len, item) = self.zero_based(a)?;
                items.push(item);
                match n {
                    None => n = Some(len),
                    Some(n) => self.keep_into(n, len, CmpOp::Gt, espan),
                }
            }
            let n = match n {
                Some(n) => n,
                None => {
                    let n = self.hidden("len");
                    let z = self.int_const(0, espan);
                    self.store(n, z, espan);
                    n
                }
            };
            return Ok((n, Item::Tuple(items)));
        }
        if let Some(it) = self.nd_iterable(e, espan)? {
            return Ok(it);
        }
        // An array: an index loop over its first axis.
        let seq = self.expr(e)?;
        let seq_var = self.hidden("iter");
        self.store(seq_var, seq, espan);
        let s = self.load(seq_var, espan);
        let len = self.emit(InstKind::Len(s), espan);
        let n = self.hidden("len");
        self.store(n, len, espan);
        Ok((n, Item::Elem(seq_var)))
    }

    /// Bind the loop target from the counter.
    fn bind(&mut self, target: &Expr, item: &Item, counter: VarId, span: Span) -> Result<()> {
        if let (
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }),
            Item::Tuple(items),
        ) = (target, item)
        {
            if elts.len() == items.len() {
                for (t, it) in elts.iter().zip(items) {
                    self.bind(t, it, counter, span)?;
                }
                return Ok(());
            }
        }
        let v = self.item_value(item, counter, span);
        match target {
            Expr::Name(_) | Expr::Tuple(_) | Expr::List(_) => self.assign(target, v),
            other => Err(CompileError::unsupported(
                "only names and tuples of names are supported as `for` loop targets",
                span_of(other),
            )),
        }
    }

    fn item_value(&mut self, item: &Item, counter: VarId, span: Span) -> ValueId {
        match item {
            Item::Counter => self.load(counter, span),
            Item::Elem(seq) => {
                let s = self.load(*seq, span);
                let c = self.load(counter, span);
                self.emit(
                    InstKind::GetItem {
                        value: s,
                        index: vec![c],
                        check: vec![IndexCheck::None],
                    },
                    span,
                )
            }
            Item::Affine { start, step } => {
                let c = self.load(counter, span);
                let off = if *step == 1 {
                    c
                } else {
                    let k = self.int_const(*step, span);
                    self.emit(InstKind::Binary(BinOp::Mul, c, k), span)
                };
                let s = self.load(*start, span);
                self.emit(InstKind::Binary(BinOp::Add, s, off), span)
            }
            Item::Unravel(shape) => {
                let c = self.load(counter, span);
                let s = self.load(*shape, span);
                self.emit(InstKind::Unravel(c, s), span)
            }
            Item::FlatElem { arr, shape } => {
                let c = self.load(counter, span);
                let s = self.load(*shape, span);
                let t = self.emit(InstKind::Unravel(c, s), span);
                let a = self.load(*arr, span);
                self.emit(
                    InstKind::GetItem {
                        value: a,
                        index: vec![t],
                        check: vec![IndexCheck::None],
                    },
                    span,
                )
            }
            Item::ElemView { arr, shape } => {
                let c = self.load(counter, span);
                let s = self.load(*shape, span);
                let t = self.emit(InstKind::Unravel(c, s), span);
                let dots = self.emit(InstKind::Ellipsis, span);
                let a = self.load(*arr, span);
                self.emit(
                    InstKind::GetItem {
                        value: a,
                        index: vec![t, dots],
                        check: vec![IndexCheck::None; 2],
                    },
                    span,
                )
            }
            Item::Offset(start) => {
                let c = self.load(counter, span);
                let s = self.load(*start, span);
                self.emit(InstKind::Binary(BinOp::Add, c, s), span)
            }
            Item::RevElem { seq, n } => {
                // n - 1 - counter: in 0..n while the counter is.
                let nv = self.load(*n, span);
                let c = self.load(counter, span);
                let one = self.int_const(1, span);
                let last = self.emit(InstKind::Binary(BinOp::Sub, nv, one), span);
                let i = self.emit(InstKind::Binary(BinOp::Sub, last, c), span);
                let s = self.load(*seq, span);
                self.emit(
                    InstKind::GetItem {
                        value: s,
                        index: vec![i],
                        check: vec![IndexCheck::None],
                    },
                    span,
                )
            }
            Item::Tuple(items) => {
                let vals = items
                    .iter()
                    .map(|i| self.item_value(i, counter, span))
                    .collect();
                self.emit(InstKind::Tuple(vals), span)
            }
        }
    }

    /// `numpy.ndindex(*shape)`, `numpy.ndenumerate(a)` and `a.flat`: a counter over the
    /// number of items, unravelled into a C-order multi-index.
    fn nd_iterable(&mut self, e: &Expr, span: Span) -> Result<Option<(VarId, Item)>> {
        let called = |name: &str| match e {
            Expr::Call(c) => match c.func.as_ref() {
                Expr::Attribute(a) if a.attr.id.as_str() == name => Some(c),
                Expr::Name(n) if n.id.as_str() == name && !self.locals.contains(name) => Some(c),
                _ => None,
            },
            _ => None,
        };
        let nditer = called("nditer").is_some();
        let (arr, shape_e) = if let Some(c) = called("ndindex") {
            if !c.arguments.keywords.is_empty() || c.arguments.args.is_empty() {
                return Err(CompileError::unsupported(
                    "`ndindex` takes the shape: ints or one tuple of ints",
                    span,
                ));
            }
            let shape = match &c.arguments.args[..] {
                [one] => self.expr(one)?,
                many => {
                    let items = many.iter().map(|a| self.expr(a)).collect::<Result<_>>()?;
                    self.emit(InstKind::Tuple(items), span)
                }
            };
            (None, shape)
        } else {
            let nditer = called("nditer");
            let source = match (called("ndenumerate"), e) {
                (Some(c), _) => match (&c.arguments.args[..], c.arguments.keywords.is_empty()) {
                    ([a], true) => a,
                    _ => return Err(CompileError::typing("`ndenumerate` takes one array", span)),
                },
                (None, Expr::Attribute(a)) if a.attr.id.as_str() == "flat" => a.value.as_ref(),
                _ => match nditer {
                    Some(c) => match (&c.arguments.args[..], c.arguments.keywords.is_empty()) {
                        ([a], true) => a,
                        _ => {
                            return Err(CompileError::unsupported(
                                "`numpy.nditer` is supported with one array and no other arguments (its read-only form)",
                                span,
                            ))
                        }
                    },
                    None => return Ok(None),
                },
            };
            let mut a = self.expr(source)?;
            if nditer.is_some() {
                a = self.emit(InstKind::MemoryOrder(a), span);
            }
            let arr = self.hidden("nditer");
            self.store(arr, a, span);
            let a = self.load(arr, span);
            let shape = self.emit(InstKind::Attr(a, "shape".to_string()), span);
            (Some(arr), shape)
        };
        let shape = self.hidden("ndshape");
        self.store(shape, shape_e, span);
        let s = self.load(shape, span);
        let size = self.emit(InstKind::ShapeSize(s), span);
        let n = self.hidden("len");
        self.store(n, size, span);
        let item = match (arr, e) {
            (None, _) => Item::Unravel(shape),
            (Some(arr), _) if nditer => Item::ElemView { arr, shape },
            (Some(arr), Expr::Attribute(_)) => Item::FlatElem { arr, shape },
            (Some(arr), _) => {
                Item::Tuple(vec![Item::Unravel(shape), Item::FlatElem { arr, shape }])
            }
        };
        Ok(Some((n, item)))
    }

    fn int_const(&mut self, k: i64, span: Span) -> ValueId {
        self.emit(InstKind::Const(Const::Int(k)), span)
    }

    /// The step of a range loop: the literal itself when known (so the direction test folds).
    fn step_value(&mut self, step: VarId, const_step: Option<i64>, span: Span) -> ValueId {
        match const_step {
            Some(k) => self.int_const(k, span),
            None => self.load(step, span),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn range_test(
        &mut self,
        counter: VarId,
        stop: VarId,
        step: VarId,
        const_step: Option<i64>,
        body: BlockId,
        exit: BlockId,
        span: Span,
    ) {
        let c = self.load(counter, span);
        let e = self.load(stop, span);
        let s = self.step_value(step, const_step, span);
        let t = self.emit(
            InstKind::RangeTest {
                counter: c,
                stop: e,
                step: s,
            },
            span,
        );
        self.terminate(Terminator::Branch {
            cond: t,
            then_block: body,
            else_block: exit,
        });
    }
}

fn literal_int(e: &Expr) -> Option<i64> {
    match e {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.as_i64(),
            _ => None,
        },
        Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => literal_int(&u.operand).map(|v| -v),
        _ => None,
    }
}
