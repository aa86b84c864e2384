//! Lower bounds of integer variables, by forward dataflow over the CFG. An index whose value is
//! provably non-negative needs no wrap-around for negative indices: its check is lowered from
//! `WrapAndCheck` to `Check`, which keeps the index a plain SSA value (so Cranelift can share
//! the address computation and eliminate repeated loads of the same element).
//!
//! Facts come from constants, lengths, arithmetic on known bounds, and branch conditions such as
//! `j > 0` (true on the then-edge). Loop headers widen: a bound that keeps decreasing is dropped.

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::ir::*;
use crate::types::{Callable, Type};
use std::collections::HashMap;

type Facts = HashMap<VarId, i64>;

/// Meet at a join: keep a var's bound only if every predecessor knows one (the minimum).
fn meet(a: &Facts, b: &Facts) -> Facts {
    a.iter()
        .filter_map(|(v, x)| b.get(v).map(|y| (*v, (*x).min(*y))))
        .collect()
}

struct Analysis<'a> {
    f: &'a TypedFunction,
    /// Lower bounds of values in the block being scanned.
    values: HashMap<ValueId, i64>,
}

impl Analysis<'_> {
    fn lb(&self, v: ValueId) -> Option<i64> {
        self.values.get(&v).copied()
    }

    /// Scan a block from its entry facts; record value bounds; return exit facts.
    fn scan(&mut self, b: BlockId, mut facts: Facts) -> Facts {
        for inst in &self.f.ir.blocks[b.0 as usize].insts {
            let bound = match &inst.kind {
                InstKind::Const(Const::Int(c)) => Some(*c),
                InstKind::Const(Const::Bool(_)) => Some(0),
                InstKind::Load(v) => facts.get(v).copied(),
                InstKind::Store(v, val) => {
                    match self.lb(*val).filter(|_| self.f.var_types[v.0 as usize] == Type::Int) {
                        Some(x) => facts.insert(*v, x),
                        None => facts.remove(v),
                    };
                    None
                }
                InstKind::Len(_) => Some(0),
                InstKind::Binary(op, a, c) | InstKind::AugBinary(op, a, c) => {
                    let (x, y) = (self.lb(*a), self.lb(*c));
                    let rhs_const = self.f.const_int(*c);
                    match op {
                        BinOp::Add => x.zip(y).map(|(x, y)| x.saturating_add(y)),
                        BinOp::Sub => x.zip(rhs_const).map(|(x, k)| x.saturating_sub(k)),
                        BinOp::Mul | BinOp::FloorDiv => {
                            x.zip(y).filter(|(x, y)| *x >= 0 && *y >= 0).map(|_| 0)
                        }
                        BinOp::Mod => rhs_const.filter(|k| *k > 0).map(|_| 0),
                        _ => None,
                    }
                }
                InstKind::Call { func, .. } => match self.f.ty(*func) {
                    Type::Function(Callable::Builtin(n)) if n == "len" => Some(0),
                    _ => None,
                },
                InstKind::GetItem { value, .. } => match self.f.ty(*value) {
                    // Items of `a.shape` are lengths.
                    Type::Tuple(_) => matches!(
                        self.f.def(*value).map(|i| &i.kind),
                        Some(InstKind::Attr(_, n)) if n == "shape"
                    )
                    .then_some(0),
                    _ => None,
                },
                _ => None,
            };
            if let Some(x) = bound.filter(|_| *self.f.ty(inst.result) == Type::Int) {
                self.values.insert(inst.result, x);
            }
        }
        facts
    }

    /// Facts a branch adds on its then-edge and else-edge.
    fn edge_facts(&self, b: BlockId, cond: ValueId) -> (Option<(VarId, i64)>, Option<(VarId, i64)>) {
        let block = &self.f.ir.blocks[b.0 as usize];
        let def = |v: ValueId| block.insts.iter().find(|i| i.result == v);
        let mut c = cond;
        if let Some(Inst {
            kind: InstKind::Truth(x),
            ..
        }) = def(c)
        {
            c = *x;
        }
        let Some(Inst {
            kind: InstKind::Compare(op, l, r),
            ..
        }) = def(c)
        else {
            return (None, None);
        };
        // Normalise to `var OP const`.
        let var_of = |v: ValueId| match def(v).map(|i| &i.kind) {
            Some(InstKind::Load(x)) => Some(*x),
            _ => None,
        };
        let (var, k, op) = match (var_of(*l), self.f.const_int(*r), var_of(*r), self.f.const_int(*l)) {
            (Some(v), Some(k), _, _) => (v, k, *op),
            (_, _, Some(v), Some(k)) => (
                v,
                k,
                match op {
                    CmpOp::Lt => CmpOp::Gt,
                    CmpOp::Le => CmpOp::Ge,
                    CmpOp::Gt => CmpOp::Lt,
                    CmpOp::Ge => CmpOp::Le,
                    o => *o,
                },
            ),
            _ => return (None, None),
        };
        // The variable must not be stored after it was read for the comparison.
        let load_pos = block.insts.iter().position(|i| matches!(i.kind, InstKind::Load(x) if x == var));
        let stored_after = load_pos.is_some_and(|p| {
            block.insts[p..]
                .iter()
                .any(|i| matches!(i.kind, InstKind::Store(x, _) if x == var))
        });
        if stored_after || self.f.var_types[var.0 as usize] != Type::Int {
            return (None, None);
        }
        let k1 = k.saturating_add(1);
        match op {
            CmpOp::Gt => (Some((var, k1)), None),
            CmpOp::Ge => (Some((var, k)), None),
            CmpOp::Lt => (None, Some((var, k))),
            CmpOp::Le => (None, Some((var, k1))),
            CmpOp::Eq => (Some((var, k)), None),
            CmpOp::Ne => (None, Some((var, k))),
        }
    }
}

pub fn lower_checks(f: &mut TypedFunction) -> Result<()> {
    let n = f.ir.blocks.len();
    let mut entry_facts: Vec<Option<Facts>> = vec![None; n];
    let mut visits = vec![0u32; n];
    entry_facts[0] = Some(Facts::new());
    let mut values = HashMap::new();
    let mut work = vec![BlockId(0)];
    let mut guard = 0;
    while let Some(b) = work.pop() {
        guard += 1;
        if guard > 20 * n + 100 {
            // Give up on refinement rather than spin; keep the safe (checked) code.
            return Ok(());
        }
        let Some(facts) = entry_facts[b.0 as usize].clone() else {
            continue;
        };
        let mut an = Analysis {
            f,
            values: HashMap::new(),
        };
        let out = an.scan(b, facts);
        values.extend(an.values.iter().map(|(k, v)| (*k, *v)));
        let mut succs: Vec<(BlockId, Facts)> = Vec::new();
        match &f.ir.blocks[b.0 as usize].term {
            Terminator::Jump(t) => succs.push((*t, out)),
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            } => {
                let (tf, ef) = an.edge_facts(b, *cond);
                let mut t_out = out.clone();
                if let Some((v, k)) = tf {
                    let e = t_out.entry(v).or_insert(k);
                    *e = (*e).max(k);
                }
                let mut e_out = out;
                if let Some((v, k)) = ef {
                    let e = e_out.entry(v).or_insert(k);
                    *e = (*e).max(k);
                }
                succs.push((*then_block, t_out));
                succs.push((*else_block, e_out));
            }
            Terminator::Return(..) | Terminator::Unterminated => {}
        }
        for (s, facts) in succs {
            let i = s.0 as usize;
            let new = match &entry_facts[i] {
                None => facts,
                Some(old) => {
                    let mut m = meet(old, &facts);
                    visits[i] += 1;
                    if visits[i] > 3 {
                        // Widen: drop bounds that are still moving.
                        m.retain(|v, x| old.get(v) == Some(x));
                    }
                    if &m == old {
                        continue;
                    }
                    m
                }
            };
            entry_facts[i] = Some(new);
            work.push(s);
        }
    }
    // Final pass with the converged entry facts: lower the checks of non-negative indices.
    for bi in 0..n {
        let Some(facts) = entry_facts[bi].clone() else {
            continue;
        };
        let mut an = Analysis {
            f,
            values: HashMap::new(),
        };
        an.scan(BlockId(bi as u32), facts);
        let vals = an.values;
        for inst in &mut f.ir.blocks[bi].insts {
            if let InstKind::GetItem { index, check, .. } | InstKind::SetItem { index, check, .. } =
                &mut inst.kind
            {
                for (k, iv) in index.iter().enumerate() {
                    if check[k] == IndexCheck::WrapAndCheck && vals.get(iv).is_some_and(|x| *x >= 0) {
                        check[k] = IndexCheck::Check;
                    }
                }
            }
        }
    }
    Ok(())
}
