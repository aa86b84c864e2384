//! Index ranges: bounds of integer variables by forward dataflow over the CFG, used to remove
//! bounds checks the program makes redundant.
//!
//! Each integer variable may have a lower bound (a constant) and an upper bound relative to an
//! array's length (`x <= a.shape[axis] - c`). Facts come from constants, `len`/`shape`,
//! arithmetic with constants, `range` loop tests and branch conditions such as `j > 0` or
//! `i < n`; a store to a variable replaces its facts, a store to an array variable kills the
//! facts relative to it. Loop headers widen: a bound still moving after a few visits is dropped.
//!
//! An index with lower bound >= 0 needs no wrap-around (`WrapAndCheck` → `Check`, which keeps
//! the index a plain SSA value that Cranelift can share); one that is also at most
//! `a.shape[axis] - 1` of the very array indexed needs no check at all (`None`).

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::intrinsics::Intrinsic;
use crate::ir::cfg::{self, Cfg, Dataflow, Direction};
use crate::ir::*;
use crate::types::{Callable, Type};
use std::collections::HashMap;

/// `x <= shape(array, axis) - c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Upper {
    array: VarId,
    axis: usize,
    c: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
struct Bounds {
    lo: Option<i64>,
    hi: Option<Upper>,
}

impl Bounds {
    fn is_empty(&self) -> bool {
        self.lo.is_none() && self.hi.is_none()
    }
    fn meet(a: Bounds, b: Bounds) -> Bounds {
        Bounds {
            lo: a.lo.zip(b.lo).map(|(x, y)| x.min(y)),
            hi: match (a.hi, b.hi) {
                (Some(x), Some(y)) if x.array == y.array && x.axis == y.axis => Some(Upper {
                    c: x.c.min(y.c),
                    ..x
                }),
                _ => None,
            },
        }
    }
    fn tighten_lo(&mut self, k: i64) {
        self.lo = Some(self.lo.map_or(k, |x| x.max(k)));
    }
    fn tighten_hi(&mut self, u: Upper) {
        match &mut self.hi {
            Some(h) if h.array == u.array && h.axis == u.axis => h.c = h.c.max(u.c),
            Some(_) => {}
            None => self.hi = Some(u),
        }
    }
}

type Facts = HashMap<VarId, Bounds>;

fn meet(a: &Facts, b: &Facts) -> Facts {
    a.iter()
        .filter_map(|(v, x)| {
            let m = Bounds::meet(*x, *b.get(v)?);
            (!m.is_empty()).then_some((*v, m))
        })
        .collect()
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
}

impl Scan<'_> {
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
        Bounds {
            lo: Some(0),
            hi: self.array_var(arr).map(|array| Upper { array, axis, c: 0 }),
        }
    }

    /// Scan a block from its entry facts; record value bounds; return exit facts.
    fn block(&mut self, b: BlockId, mut facts: Facts) -> Facts {
        for inst in &self.f.ir.blocks[b.0 as usize].insts {
            let bounds = match &inst.kind {
                InstKind::Const(Const::Int(c)) => Bounds {
                    lo: Some(*c),
                    hi: None,
                },
                InstKind::Load(v) => facts.get(v).copied().unwrap_or_default(),
                InstKind::Store(v, val) => {
                    // Facts relative to this variable (as an array) no longer hold.
                    for b in facts.values_mut() {
                        if b.hi.is_some_and(|h| h.array == *v) {
                            b.hi = None;
                        }
                    }
                    let nb = self.get(*val);
                    if self.f.var_types[v.0 as usize] == Type::Int && !nb.is_empty() {
                        facts.insert(*v, nb);
                    } else {
                        facts.remove(v);
                    }
                    Bounds::default()
                }
                InstKind::Len(a) => self.length_of(*a, 0),
                InstKind::Call { func, args, .. } => match self.f.ty(*func) {
                    Type::Function(Callable::Intrinsic(Intrinsic::BuiltinLen))
                        if args.len() == 1 =>
                    {
                        self.length_of(args[0], 0)
                    }
                    _ => Bounds::default(),
                },
                InstKind::GetItem { value, index, .. } => {
                    match self.f.def(*value).map(|i| &i.kind) {
                        Some(InstKind::Attr(arr, n)) if n == "shape" && index.len() == 1 => {
                            match self.f.const_int(index[0]) {
                                Some(k) if k >= 0 => self.length_of(*arr, k as usize),
                                _ => Bounds {
                                    lo: Some(0),
                                    hi: None,
                                },
                            }
                        }
                        _ => Bounds::default(),
                    }
                }
                InstKind::Binary(op, a, c) | InstKind::AugBinary(op, a, c) => {
                    let (x, y) = (self.get(*a), self.get(*c));
                    let (ka, kc) = (self.f.const_int(*a), self.f.const_int(*c));
                    match op {
                        BinOp::Add => Bounds {
                            lo: x.lo.zip(y.lo).map(|(p, q)| p.saturating_add(q)),
                            hi: match (kc, ka) {
                                (Some(k), _) => x.hi.map(|h| Upper { c: h.c - k, ..h }),
                                (_, Some(k)) => y.hi.map(|h| Upper { c: h.c - k, ..h }),
                                _ => None,
                            },
                        },
                        BinOp::Sub => match kc {
                            Some(k) => Bounds {
                                lo: x.lo.map(|p| p.saturating_sub(k)),
                                hi: x.hi.map(|h| Upper { c: h.c + k, ..h }),
                            },
                            None => Bounds::default(),
                        },
                        BinOp::Mul | BinOp::FloorDiv => Bounds {
                            lo: x
                                .lo
                                .zip(y.lo)
                                .filter(|(p, q)| *p >= 0 && *q >= 0)
                                .map(|_| 0),
                            hi: None,
                        },
                        BinOp::Mod => Bounds {
                            lo: kc.filter(|k| *k > 0).map(|_| 0),
                            hi: None,
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
        Operand::Var(v) => facts.get(&v).copied().unwrap_or_default(),
        Operand::Const(k) => Bounds {
            lo: Some(k),
            hi: None,
        },
    };
    let (bx, by) = (bounds(facts, x), bounds(facts, y));
    if let Operand::Var(v) = x {
        if let Some(h) = by.hi {
            facts
                .entry(v)
                .or_default()
                .tighten_hi(Upper { c: h.c + d, ..h });
        }
    }
    if let Operand::Var(v) = y {
        if let Some(lo) = bx.lo {
            facts.entry(v).or_default().tighten_lo(lo.saturating_add(d));
        }
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
        }) => match f.const_int(*step) {
            Some(k) if k > 0 => (CmpOp::Lt, *counter, *stop),
            Some(k) if k < 0 => (CmpOp::Gt, *counter, *stop),
            _ => return (t, e),
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
        Facts::new()
    }

    fn meet(&self, a: &Facts, b: &Facts) -> Facts {
        meet(a, b)
    }

    fn transfer(&self, b: BlockId, input: &Facts) -> Facts {
        let mut scan = Scan {
            f: self.f,
            values: HashMap::new(),
        };
        scan.block(b, input.clone())
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

    /// Loop headers: a bound still moving after a few joins is dropped.
    fn widen(&self, _block: BlockId, joins: u32, old: &Facts, mut met: Facts) -> Facts {
        if joins > 3 {
            met.retain(|v, x| old.get(v) == Some(x));
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
    for bi in 0..n {
        let Some(facts) = solution.input(BlockId(bi as u32)).cloned() else {
            continue;
        };
        let mut scan = Scan {
            f,
            values: HashMap::new(),
        };
        scan.block(BlockId(bi as u32), facts);
        let mut updates = Vec::new();
        for (ii, inst) in f.ir.blocks[bi].insts.iter().enumerate() {
            let (InstKind::GetItem {
                value,
                index,
                check,
            }
            | InstKind::SetItem {
                value,
                index,
                check,
                ..
            }) = &inst.kind
            else {
                continue;
            };
            let arr = scan.array_var(*value);
            let mut new = check.clone();
            for (axis, iv) in index.iter().enumerate() {
                let b = scan.get(*iv);
                if b.lo.is_some_and(|x| x >= 0) {
                    let in_range =
                        b.hi.is_some_and(|h| Some(h.array) == arr && h.axis == axis && h.c >= 1);
                    if new[axis] == IndexCheck::WrapAndCheck || new[axis] == IndexCheck::Check {
                        new[axis] = if in_range {
                            IndexCheck::None
                        } else {
                            IndexCheck::Check
                        };
                    }
                }
            }
            updates.push((ii, new));
        }
        for (ii, new) in updates {
            if let InstKind::GetItem { check, .. } | InstKind::SetItem { check, .. } =
                &mut f.ir.blocks[bi].insts[ii].kind
            {
                *check = new;
            }
        }
    }
    Ok(())
}
