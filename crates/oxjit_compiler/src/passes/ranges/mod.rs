//! Index ranges: bounds of integer variables by forward dataflow over the CFG, used to remove
//! bounds checks the program makes redundant.
//!
//! Each integer variable may have a lower bound (a constant), an upper bound relative to a
//! length (`x <= a.shape[axis] - c`, or `x <= n - c` for an integer variable `n`) and an exact
//! length it equals (`n, m = a.shape` makes `n` equal `a.shape[0]`). Array variables created by
//! `numpy.zeros((n, m))`, `empty`, `ones`, `full` and the `*_like` functions have axes of known
//! length (`facts.rs`). Facts come from constants, `len`/`shape` (also unpacked), arithmetic with
//! constants, `range` loop tests (a step that is a constant or a variable known positive) and
//! branch conditions such as `j > 0` or `i < n`; a store to a variable drops every fact that
//! mentions it. Loop headers widen: a bound still moving after a few visits is dropped.
//!
//! An index with lower bound >= 0 needs no wrap-around (`WrapAndCheck` → `Check`, which keeps
//! the index a plain SSA value that Cranelift can share); one that is also at most one less
//! than the length of the axis indexed needs no check at all (`None`). Within a block, an index
//! checked once on an array value needs no second check on the same value (`C[i, j] += x`
//! reads and writes one element: the write only wraps, as the read did, or nothing).

mod facts;

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::intrinsics::Intrinsic;
use crate::ir::cfg::{self, Cfg, Dataflow, Direction};
use crate::ir::*;
use crate::types::{Callable, Type};
use facts::{Bounds, Dim, Facts, Upper};
use std::collections::{HashMap, HashSet};

/// Where a value comes from, for recognising the same array or index read twice in a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Source {
    Var(VarId),
    Const(i64),
    Value(ValueId),
}

/// One side of a comparison: a variable read in this block, or a constant.
#[derive(Clone, Copy)]
enum Operand {
    Var(VarId),
    Const(i64),
}

struct Scan<'a> {
    f: &'a TypedFunction,
    values: HashMap<ValueId, Bounds>,
    /// Values that are an array variable's `.shape` (or its unpacking).
    shape_values: HashMap<ValueId, VarId>,
    /// Array values (new arrays) whose axes are known to be as long as other lengths.
    array_dims: HashMap<ValueId, Vec<Option<Dim>>>,
    /// (array, axis, index) already checked in this block (until a store to a variable they
    /// were read from).
    checked: HashSet<(Source, usize, Source)>,
    /// When lowering: the new checks of each indexing instruction (by position in the block).
    lowered: Option<Vec<(usize, Vec<IndexCheck>)>>,
    /// When lowering: range tests whose variable step is known positive.
    positive_steps: Vec<ValueId>,
    /// When lowering: dividends of `//` and `%` known non-negative.
    nonneg_dividends: Vec<ValueId>,
}

impl<'a> Scan<'a> {
    fn new(f: &'a TypedFunction) -> Self {
        Scan {
            f,
            values: HashMap::new(),
            shape_values: HashMap::new(),
            array_dims: HashMap::new(),
            checked: HashSet::new(),
            lowered: None,
            positive_steps: Vec::new(),
            nonneg_dividends: Vec::new(),
        }
    }

    fn get(&self, v: ValueId) -> Bounds {
        self.values.get(&v).copied().unwrap_or_default()
    }

    fn array_var(&self, v: ValueId) -> Option<VarId> {
        match self.f.def(v).map(|i| &i.kind) {
            Some(InstKind::Load(x))
                if matches!(self.f.var_types[x.0 as usize], Type::Array { .. }) =>
            {
                Some(*x)
            }
            _ => None,
        }
    }

    fn length_of(&self, arr: ValueId, axis: usize) -> Bounds {
        match self.array_var(arr) {
            Some(array) => Self::axis_length(array, axis),
            None => Bounds {
                lo: Some(0),
                ..Bounds::default()
            },
        }
    }

    fn axis_length(array: VarId, axis: usize) -> Bounds {
        let base = Dim::Shape(array, axis);
        Bounds {
            lo: Some(0),
            hi: Some(Upper { base, c: 0 }),
            eq: Some(base),
        }
    }

    /// The length an integer value is known to equal.
    fn length_value(&self, facts: &Facts, v: ValueId) -> Option<Dim> {
        self.get(v).eq.map(|d| facts.canonical(d))
    }

    /// The axis lengths of the array a creation call makes, where known.
    fn created_dims(
        &self,
        facts: &Facts,
        func: ValueId,
        args: &[ValueId],
    ) -> Option<Vec<Option<Dim>>> {
        let Type::Function(Callable::Intrinsic(which)) = self.f.ty(func) else {
            return None;
        };
        let first = *args.first()?;
        match which {
            Intrinsic::Zeros | Intrinsic::Empty | Intrinsic::Ones | Intrinsic::Full => {
                match self.f.def(first).map(|i| &i.kind) {
                    Some(InstKind::Tuple(items) | InstKind::List(items)) => {
                        Some(items.iter().map(|x| self.length_value(facts, *x)).collect())
                    }
                    _ if *self.f.ty(first) == Type::Int => {
                        Some(vec![self.length_value(facts, first)])
                    }
                    _ => None,
                }
            }
            Intrinsic::ZerosLike
            | Intrinsic::EmptyLike
            | Intrinsic::OnesLike
            | Intrinsic::FullLike => {
                let like = self.array_var(first)?;
                let Type::Array { ndim, .. } = self.f.var_types[like.0 as usize] else {
                    return None;
                };
                Some(
                    (0..ndim as usize)
                        .map(|k| Some(facts.canonical(Dim::Shape(like, k))))
                        .collect(),
                )
            }
            _ => None,
        }
    }

    /// A variable read (until the variable is stored to), a constant, or the value itself.
    fn source(&self, v: ValueId) -> Source {
        if let Some(k) = self.f.const_int(v) {
            return Source::Const(k);
        }
        match self.f.def(v).map(|i| &i.kind) {
            Some(InstKind::Load(x)) => Source::Var(*x),
            _ => Source::Value(v),
        }
    }

    /// A store to `v` is about to happen: drop value facts that mention it.
    fn forget(&mut self, v: VarId) {
        self.checked
            .retain(|(a, _, i)| *a != Source::Var(v) && *i != Source::Var(v));
        for b in self.values.values_mut() {
            *b = b.without(v);
        }
        self.shape_values.retain(|_, a| *a != v);
        for d in self.array_dims.values_mut() {
            for x in d.iter_mut() {
                if matches!(x, Some(Dim::Shape(a, _) | Dim::Var(a)) if *a == v) {
                    *x = None;
                }
            }
        }
    }

    /// The checks an indexing instruction still needs where `facts` hold.
    fn lower(
        &mut self,
        facts: &Facts,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
    ) -> Vec<IndexCheck> {
        let arr = self.array_var(value);
        let mut new = check.to_vec();
        for (axis, iv) in index.iter().enumerate() {
            if !matches!(new[axis], IndexCheck::WrapAndCheck | IndexCheck::Check) {
                continue;
            }
            let b = self.get(*iv);
            if arr.is_some_and(|a| self.counts_from_end(facts, *iv, Dim::Shape(a, axis))) {
                new[axis] = IndexCheck::FromEnd;
                continue;
            }
            if b.lo.is_some_and(|x| x >= 0) {
                let in_range = match (b.upper(), arr) {
                    (Some(h), Some(a)) => h.c >= 1 && facts.same(h.base, Dim::Shape(a, axis)),
                    _ => false,
                };
                new[axis] = if in_range {
                    IndexCheck::None
                } else {
                    IndexCheck::Check
                };
            }
            // An array's shape never changes: an index this block already checked on the same
            // array (the same value, or a read of the same variable with no store between) and
            // so already raised for, if out of range, needs no second check.
            if arr.is_some() && *self.f.ty(*iv) == Type::Int {
                let key = (self.source(value), axis, self.source(*iv));
                if self.checked.contains(&key) {
                    new[axis] = match new[axis] {
                        IndexCheck::WrapAndCheck => IndexCheck::WrapOnly,
                        IndexCheck::Check => IndexCheck::None,
                        other => other,
                    };
                } else {
                    self.checked.insert(key);
                }
            }
        }
        new
    }

    /// Whether the index `iv` is `-x - c` (also written `-x` or `k - x` for a constant
    /// `k < 0`) with `x` bounded so that the index lies in `[-len, -1]` for the axis length
    /// `len`: `x >= 1 - c` and `x <= len - c`.
    fn counts_from_end(&self, facts: &Facts, iv: ValueId, len: Dim) -> bool {
        let neg_of = |v: ValueId| match self.f.def(v).map(|i| &i.kind) {
            Some(InstKind::Unary(UnaryOp::Neg, x)) if *self.f.ty(*x) == Type::Int => Some(*x),
            _ => None,
        };
        let (x, c) = match self.f.def(iv).map(|i| &i.kind) {
            Some(InstKind::Unary(UnaryOp::Neg, x)) => (*x, 0),
            Some(InstKind::Binary(BinOp::Sub, a, b)) => {
                match (neg_of(*a), self.f.const_int(*b), self.f.const_int(*a)) {
                    (Some(x), Some(c), _) => (x, c),
                    (_, _, Some(k)) if k < 0 => match k.checked_neg() {
                        Some(c) => (*b, c),
                        None => return false,
                    },
                    _ => return false,
                }
            }
            _ => return false,
        };
        if *self.f.ty(x) != Type::Int || *self.f.ty(iv) != Type::Int {
            return false;
        }
        let b = self.get(x);
        let Some(min_x) = 1i64.checked_sub(c) else {
            return false;
        };
        let low = b.lo.is_some_and(|lo| lo >= min_x);
        let high = b
            .upper()
            .is_some_and(|h| h.c >= c && facts.same(h.base, len));
        low && high
    }

    /// Scan a block from its entry facts; record value bounds; return exit facts.
    fn block(&mut self, b: BlockId, mut facts: Facts) -> Facts {
        for (ii, inst) in self.f.ir.blocks[b.0 as usize].insts.iter().enumerate() {
            if let InstKind::GetItem {
                value,
                index,
                check,
            }
            | InstKind::SetItem {
                value,
                index,
                check,
                ..
            } = &inst.kind
            {
                if self.lowered.is_some() {
                    let new = self.lower(&facts, *value, index, check);
                    if let Some(l) = self.lowered.as_mut() {
                        l.push((ii, new));
                    }
                }
            }
            if let InstKind::Binary(BinOp::FloorDiv | BinOp::Mod, a, _)
            | InstKind::AugBinary(BinOp::FloorDiv | BinOp::Mod, a, _) = &inst.kind
            {
                if self.lowered.is_some() && self.get(*a).lo.is_some_and(|lo| lo >= 0) {
                    self.nonneg_dividends.push(*a);
                }
            }
            if let InstKind::RangeTest { step, .. } = &inst.kind {
                if self.lowered.is_some()
                    && self.f.const_int(*step).is_none()
                    && self.get(*step).lo.is_some_and(|lo| lo >= 1)
                {
                    self.positive_steps.push(inst.result);
                }
            }
            let bounds = match &inst.kind {
                InstKind::Const(Const::Int(c)) => Bounds {
                    lo: Some(*c),
                    ..Bounds::default()
                },
                InstKind::Load(v) => {
                    if let Some(a) = facts.shapes.get(v) {
                        self.shape_values.insert(inst.result, *a);
                    }
                    let mut known = facts.ints.get(v).copied().unwrap_or_default();
                    if self.f.var_types[v.0 as usize] == Type::Int && known.eq.is_none() {
                        known.eq = Some(Dim::Var(*v));
                    }
                    known
                }
                InstKind::Store(v, val) => {
                    let (nb, dims, shape) = (
                        self.get(*val).without(*v),
                        self.array_dims.get(val).cloned(),
                        self.shape_values.get(val).copied().filter(|a| a != v),
                    );
                    self.forget(*v);
                    facts.kill(*v);
                    match &self.f.var_types[v.0 as usize] {
                        Type::Int if !nb.is_empty() => {
                            facts.ints.insert(*v, nb);
                        }
                        Type::Array { .. } => {
                            if let Some(d) = dims.filter(|d| d.iter().any(Option::is_some)) {
                                facts.dims.insert(*v, d);
                            }
                        }
                        _ => {
                            if let Some(a) = shape {
                                facts.shapes.insert(*v, a);
                            }
                        }
                    }
                    Bounds::default()
                }
                InstKind::Attr(arr, n) if n == "shape" => {
                    if let Some(a) = self.array_var(*arr) {
                        self.shape_values.insert(inst.result, a);
                    }
                    Bounds::default()
                }
                InstKind::Unpack { value, .. } => {
                    if let Some(a) = self.shape_values.get(value).copied() {
                        self.shape_values.insert(inst.result, a);
                    }
                    Bounds::default()
                }
                InstKind::UnpackItem(value, k) => match self.shape_values.get(value) {
                    Some(a) => Self::axis_length(*a, *k),
                    None => Bounds::default(),
                },
                InstKind::Len(a) => self.length_of(*a, 0),
                InstKind::Call { func, args, .. } => {
                    if let Some(d) = self.created_dims(&facts, *func, args) {
                        self.array_dims.insert(inst.result, d);
                    }
                    match self.f.ty(*func) {
                        Type::Function(Callable::Intrinsic(Intrinsic::BuiltinLen))
                            if args.len() == 1 =>
                        {
                            self.length_of(args[0], 0)
                        }
                        _ => Bounds::default(),
                    }
                }
                InstKind::GetItem { value, index, .. } => match self.shape_values.get(value) {
                    Some(a) if index.len() == 1 => match self.f.const_int(index[0]) {
                        Some(k) if k >= 0 => Self::axis_length(*a, k as usize),
                        _ => Bounds {
                            lo: Some(0),
                            ..Bounds::default()
                        },
                    },
                    _ => Bounds::default(),
                },
                InstKind::Binary(op, a, c) | InstKind::AugBinary(op, a, c) => {
                    let (x, y) = (self.get(*a), self.get(*c));
                    let (ka, kc) = (self.f.const_int(*a), self.f.const_int(*c));
                    match op {
                        BinOp::Add => Bounds {
                            lo: x.lo.zip(y.lo).map(|(p, q)| p.saturating_add(q)),
                            hi: match (kc, ka) {
                                (Some(k), _) => x.upper().map(|h| Upper { c: h.c - k, ..h }),
                                (_, Some(k)) => y.upper().map(|h| Upper { c: h.c - k, ..h }),
                                _ => None,
                            },
                            eq: None,
                        },
                        BinOp::Sub => match kc {
                            Some(k) => Bounds {
                                lo: x.lo.map(|p| p.saturating_sub(k)),
                                hi: x.upper().map(|h| Upper { c: h.c + k, ..h }),
                                eq: None,
                            },
                            None => Bounds::default(),
                        },
                        BinOp::Mul | BinOp::FloorDiv => Bounds {
                            lo: x
                                .lo
                                .zip(y.lo)
                                .filter(|(p, q)| *p >= 0 && *q >= 0)
                                .map(|_| 0),
                            ..Bounds::default()
                        },
                        // Python's `x % y` for `y > 0` lies in `[0, y - 1]` (and `y == 0`
                        // raises): below a length `y` is, or is at most.
                        BinOp::Mod if y.lo.is_some_and(|l| l >= 0) => Bounds {
                            lo: Some(0),
                            hi: y.upper().map(|h| Upper { c: h.c + 1, ..h }),
                            eq: None,
                        },
                        BinOp::Mod => Bounds {
                            lo: kc.filter(|k| *k > 0).map(|_| 0),
                            ..Bounds::default()
                        },
                        // A non-negative base to a constant non-negative power (int64
                        // arithmetic wraps on overflow, as for `*`).
                        BinOp::Pow => Bounds {
                            lo: x.lo.zip(kc).filter(|(p, k)| *p >= 0 && *k >= 0).map(|_| 0),
                            ..Bounds::default()
                        },
                        _ => Bounds::default(),
                    }
                }
                _ => Bounds::default(),
            };
            if !bounds.is_empty() && *self.f.ty(inst.result) == Type::Int {
                self.values.insert(inst.result, bounds);
            }
        }
        facts
    }
}

/// The operand a value stands for at the end of block `b`: a variable loaded in `b` and not
/// stored after the load, or a constant.
fn operand(f: &TypedFunction, b: BlockId, v: ValueId) -> Option<Operand> {
    if let Some(k) = f.const_int(v) {
        return Some(Operand::Const(k));
    }
    let block = &f.ir.blocks[b.0 as usize];
    let pos = block.insts.iter().position(|i| i.result == v)?;
    let InstKind::Load(var) = block.insts[pos].kind else {
        return None;
    };
    let stored_after = block.insts[pos..]
        .iter()
        .any(|i| matches!(i.kind, InstKind::Store(x, _) if x == var));
    (!stored_after && f.var_types[var.0 as usize] == Type::Int).then_some(Operand::Var(var))
}

/// Record `x <= y - d` in `facts`.
fn apply(facts: &mut Facts, x: Operand, y: Operand, d: i64) {
    let bounds = |facts: &Facts, o: Operand| match o {
        Operand::Var(v) => {
            let mut b = facts.ints.get(&v).copied().unwrap_or_default();
            if b.eq.is_none() {
                b.eq = Some(Dim::Var(v));
            }
            b
        }
        Operand::Const(k) => Bounds {
            lo: Some(k),
            ..Bounds::default()
        },
    };
    let (bx, by) = (bounds(facts, x), bounds(facts, y));
    if let Operand::Var(v) = x {
        if let Some(h) = by.upper().filter(|h| !h.base.mentions(v)) {
            facts
                .ints
                .entry(v)
                .or_default()
                .tighten_hi(Upper { c: h.c + d, ..h });
        }
    }
    if let Operand::Var(v) = y {
        if let Some(lo) = bx.lo {
            facts
                .ints
                .entry(v)
                .or_default()
                .tighten_lo(lo.saturating_add(d));
        }
    }
}

/// Whether a range's step is positive (`Some(true)`), negative (`Some(false)`) or unknown: a
/// constant, or a variable whose lower bound is at least 1.
fn step_sign(f: &TypedFunction, b: BlockId, step: ValueId, out: &Facts) -> Option<bool> {
    match operand(f, b, step)? {
        Operand::Const(k) => (k != 0).then_some(k > 0),
        Operand::Var(v) => out
            .ints
            .get(&v)
            .and_then(|x| x.lo)
            .filter(|lo| *lo >= 1)
            .map(|_| true),
    }
}

/// Facts on the then-edge and else-edge of a branch on `cond`.
fn edge_facts(f: &TypedFunction, b: BlockId, cond: ValueId, out: &Facts) -> (Facts, Facts) {
    let (mut t, mut e) = (out.clone(), out.clone());
    let block = &f.ir.blocks[b.0 as usize];
    let def = |v: ValueId| block.insts.iter().find(|i| i.result == v).map(|i| &i.kind);
    let mut c = cond;
    if let Some(InstKind::Truth(x)) = def(c) {
        c = *x;
    }
    let (op, l, r) = match def(c) {
        Some(InstKind::Compare(op, l, r)) => (*op, *l, *r),
        Some(InstKind::RangeTest {
            counter,
            stop,
            step,
        }) => match step_sign(f, b, *step, out) {
            Some(true) => (CmpOp::Lt, *counter, *stop),
            Some(false) => (CmpOp::Gt, *counter, *stop),
            None => return (t, e),
        },
        _ => return (t, e),
    };
    let (Some(l), Some(r)) = (operand(f, b, l), operand(f, b, r)) else {
        return (t, e);
    };
    match op {
        CmpOp::Lt => {
            apply(&mut t, l, r, 1);
            apply(&mut e, r, l, 0);
        }
        CmpOp::Le => {
            apply(&mut t, l, r, 0);
            apply(&mut e, r, l, 1);
        }
        CmpOp::Gt => {
            apply(&mut t, r, l, 1);
            apply(&mut e, l, r, 0);
        }
        CmpOp::Ge => {
            apply(&mut t, r, l, 0);
            apply(&mut e, l, r, 1);
        }
        CmpOp::Eq => {
            apply(&mut t, l, r, 0);
            apply(&mut t, r, l, 0);
        }
        CmpOp::Ne => {
            apply(&mut e, l, r, 0);
            apply(&mut e, r, l, 0);
        }
    }
    (t, e)
}

/// The forward dataflow of the bounds of integer variables.
struct Ranges<'a> {
    f: &'a TypedFunction,
}

impl Dataflow for Ranges<'_> {
    type Fact = Facts;
    const DIRECTION: Direction = Direction::Forward;

    fn boundary(&self) -> Facts {
        Facts::default()
    }

    fn meet(&self, a: &Facts, b: &Facts) -> Facts {
        Facts::meet(a, b)
    }

    fn transfer(&self, b: BlockId, input: &Facts) -> Facts {
        Scan::new(self.f).block(b, input.clone())
    }

    /// A branch refines the facts on each of its edges by its condition.
    fn edge(&self, from: BlockId, to: BlockId, output: &Facts) -> Facts {
        match &self.f.ir.block(from).term {
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            } if then_block != else_block => {
                let (then_facts, else_facts) = edge_facts(self.f, from, *cond, output);
                if to == *then_block {
                    then_facts
                } else {
                    else_facts
                }
            }
            _ => output.clone(),
        }
    }

    /// Loop headers: a bound still moving after a few joins is dropped (each part of a
    /// variable's bounds on its own, so a moving upper bound does not take a fixed lower one).
    fn widen(&self, _block: BlockId, joins: u32, old: &Facts, mut met: Facts) -> Facts {
        if joins > 3 {
            met.ints = std::mem::take(&mut met.ints)
                .into_iter()
                .filter_map(|(v, x)| {
                    let o = old.ints.get(&v)?;
                    let kept = Bounds {
                        lo: x.lo.filter(|_| x.lo == o.lo),
                        hi: x.hi.filter(|_| x.hi == o.hi),
                        eq: x.eq.filter(|_| x.eq == o.eq),
                    };
                    (!kept.is_empty()).then_some((v, kept))
                })
                .collect();
        }
        met
    }
}

pub fn lower_checks(f: &mut TypedFunction) -> Result<()> {
    // An exception may leave a `try` body in the middle of a block: keep every check there.
    if !f.ir.try_regions.is_empty() {
        return Ok(());
    }
    let n = f.ir.blocks.len();
    let graph = Cfg::new(&f.ir);
    let Some(solution) = cfg::solve(&graph, &Ranges { f }, 50 * n + 100) else {
        // Give up refining rather than spin: the checked code is always correct.
        return Ok(());
    };
    // With the converged entry facts, lower each index check the facts make redundant.
    let mut updates = Vec::new();
    let mut positive = Vec::new();
    let mut nonneg = Vec::new();
    for bi in 0..n {
        let Some(facts) = solution.input(BlockId(bi as u32)).cloned() else {
            continue;
        };
        let mut scan = Scan::new(f);
        scan.lowered = Some(Vec::new());
        scan.block(BlockId(bi as u32), facts);
        positive.append(&mut scan.positive_steps);
        nonneg.append(&mut scan.nonneg_dividends);
        updates.extend(
            scan.lowered
                .into_iter()
                .flatten()
                .map(|(ii, new)| (bi, ii, new)),
        );
    }
    for (bi, ii, new) in updates {
        if let InstKind::GetItem { check, .. } | InstKind::SetItem { check, .. } =
            &mut f.ir.blocks[bi].insts[ii].kind
        {
            *check = new;
        }
    }
    f.positive_steps = positive.into_iter().collect();
    f.nonneg_dividends = nonneg.into_iter().collect();
    Ok(())
}
