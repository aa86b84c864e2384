//! Reuse of array elements already read: an element read `a[expr]` that is available on every
//! path to a later identical read (same array variable, same index expression, no store to
//! the variables involved and no element store or jitted call in between) is replaced by a read
//! of a hidden variable holding the first result.
//!
//! This is what lets `while j > 0 and v[j - 1] > x: v[j] = v[j - 1]` load `v[j - 1]` once per
//! iteration: the condition's read is available in the body.

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::ir::cfg::{self, Cfg, Dataflow, Direction};
use crate::ir::*;
use crate::types::{Callable, Type};
use std::collections::{HashMap, HashSet};

/// An index expression built from variables, constants and `+ - *`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Var(VarId),
    Const(i64),
    Bin(BinOp, Box<Key>, Box<Key>),
}

impl Key {
    fn mentions(&self, v: VarId) -> bool {
        match self {
            Key::Var(x) => *x == v,
            Key::Const(_) => false,
            Key::Bin(_, a, b) => a.mentions(v) || b.mentions(v),
        }
    }
}

/// `array[index...]` read in full (a scalar element).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Read {
    array: VarId,
    index: Vec<Key>,
}

impl Read {
    fn mentions(&self, v: VarId) -> bool {
        self.array == v || self.index.iter().any(|k| k.mentions(v))
    }
}

fn key_of(block: &Block, v: ValueId, f: &TypedFunction) -> Option<Key> {
    let inst = block.insts.iter().find(|i| i.result == v)?;
    match &inst.kind {
        InstKind::Load(x) if f.var_types[x.0 as usize] == Type::Int => Some(Key::Var(*x)),
        InstKind::Const(Const::Int(k)) => Some(Key::Const(*k)),
        InstKind::Binary(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul), a, b)
            if *f.ty(v) == Type::Int =>
        {
            Some(Key::Bin(
                *op,
                Box::new(key_of(block, *a, f)?),
                Box::new(key_of(block, *b, f)?),
            ))
        }
        _ => None,
    }
}

/// The element read an instruction performs, if it is a full read of an array variable.
fn read_of(block: &Block, inst: &Inst, f: &TypedFunction) -> Option<Read> {
    let InstKind::GetItem { value, index, .. } = &inst.kind else {
        return None;
    };
    let Type::Array { ndim, .. } = f.ty(*value) else {
        return None;
    };
    if index.len() != *ndim as usize {
        return None;
    }
    let array = match block.insts.iter().find(|i| i.result == *value)?.kind {
        InstKind::Load(x) => x,
        _ => return None,
    };
    let index = index
        .iter()
        .map(|v| key_of(block, *v, f))
        .collect::<Option<Vec<_>>>()?;
    Some(Read { array, index })
}

/// Apply one instruction's effect on the set of available reads.
fn transfer(avail: &mut HashSet<Read>, block: &Block, inst: &Inst, f: &TypedFunction) {
    match &inst.kind {
        InstKind::Store(v, _) => avail.retain(|r| !r.mentions(*v)),
        InstKind::SetItem { .. } | InstKind::SetAttr { .. } => avail.clear(),
        InstKind::Call { func, .. } => {
            if matches!(
                f.ty(*func),
                Type::Function(Callable::Jitted(_) | Callable::BoundMethod(_) | Callable::Class(_))
            ) {
                avail.clear();
            }
        }
        _ => {
            if let Some(r) = read_of(block, inst, f) {
                avail.insert(r);
            }
        }
    }
}

/// Forward must-analysis of the reads available at each block entry.
struct Available<'a> {
    f: &'a TypedFunction,
}

impl Dataflow for Available<'_> {
    type Fact = HashSet<Read>;
    const DIRECTION: Direction = Direction::Forward;

    fn boundary(&self) -> HashSet<Read> {
        HashSet::new()
    }

    fn meet(&self, a: &HashSet<Read>, b: &HashSet<Read>) -> HashSet<Read> {
        a.intersection(b).cloned().collect()
    }

    fn transfer(&self, b: BlockId, input: &HashSet<Read>) -> HashSet<Read> {
        let mut avail = input.clone();
        let block = self.f.ir.block(b);
        for inst in &block.insts {
            transfer(&mut avail, block, inst, self.f);
        }
        avail
    }
}

// Blocks are indexed in several parallel tables at once.
#[allow(clippy::needless_range_loop)]
pub fn reuse_reads(f: &mut TypedFunction) -> Result<()> {
    if !f.ir.try_regions.is_empty() {
        return Ok(());
    }
    let n = f.ir.blocks.len();
    let graph = Cfg::new(&f.ir);
    let live = graph.reachable().to_vec();
    let Some(solution) = cfg::solve(&graph, &Available { f }, 50 * n + 100) else {
        return Ok(()); // did not converge: leave the code as it is
    };
    // Rewrite reads that are available into loads of a hidden variable per read.
    let mut holders: HashMap<Read, VarId> = HashMap::new();
    let mut replace: Vec<(usize, usize, Read)> = Vec::new();
    for b in 0..n {
        let Some(entry) = solution.input(BlockId(b as u32)) else {
            continue;
        };
        let mut avail = entry.clone();
        let block = &f.ir.blocks[b];
        for (i, inst) in block.insts.iter().enumerate() {
            if let Some(r) = read_of(block, inst, f) {
                if avail.contains(&r) {
                    replace.push((b, i, r.clone()));
                }
            }
            transfer(&mut avail, block, inst, f);
        }
    }
    if replace.is_empty() {
        return Ok(());
    }
    for (b, i, r) in &replace {
        let ty = f.ty(f.ir.blocks[*b].insts[*i].result).clone();
        let var = *holders
            .entry(r.clone())
            .or_insert_with(|| super::new_var(f, "elem", ty));
        f.ir.blocks[*b].insts[*i].kind = InstKind::Load(var);
    }
    // Every remaining read of a held element stores its value for later reuse.
    for b in 0..n {
        if !live[b] {
            continue;
        }
        let mut k = 0;
        while k < f.ir.blocks[b].insts.len() {
            let block = &f.ir.blocks[b];
            let inst = &block.insts[k];
            if let Some(var) = read_of(block, inst, f).and_then(|r| holders.get(&r).copied()) {
                let (result, span) = (inst.result, inst.span);
                let id = super::new_value(f, Type::None);
                f.ir.blocks[b].insts.insert(
                    k + 1,
                    Inst {
                        result: id,
                        kind: InstKind::Store(var, result),
                        span,
                    },
                );
                k += 1;
            }
            k += 1;
        }
    }
    // Definitions moved: rebuild the index.
    f.defs.clear();
    for (bi, block) in f.ir.blocks.iter().enumerate() {
        for (ii, inst) in block.insts.iter().enumerate() {
            f.defs.insert(inst.result, (BlockId(bi as u32), ii));
        }
    }
    Ok(())
}
