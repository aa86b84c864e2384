//! List-to-array: a list that a `range` loop fills with exactly one `append` per iteration and
//! that is afterwards only converted by `numpy.array`/`numpy.asarray` becomes an array of the
//! loop's trip count, written in place (what Numba calls inlining the array call):
//!
//! ```python
//! out = []                      # →  out = numpy.empty(len(range(a, b, s)), dtype)
//! for i in range(a, b, s):      #    k = 0
//!     out.append(f(i))          # →  out[k] = f(i); k += 1
//! return numpy.array(out)       # →  return out
//! ```
//!
//! No list grows or is copied, and the store loop is an ordinary array loop for the later
//! passes. The pattern is recognised only where the result cannot differ:
//! - the list's variable is assigned once, from an empty display `[]`, in the block that starts
//!   the loop (so every run of the loop starts a new list), and is read exactly twice: by the
//!   `append` and by the conversion, in the block the exhausted loop continues in;
//! - the loop has a literal step, is not `prange`, and leaves only through its test (no
//!   `break`); the `append` runs once in every iteration (its block lies on every path through
//!   the body and on no inner cycle); the function has no `try`;
//! - the elements are numbers of the array's dtype (int64, float64, float32, bool).
//!
//! The array's length is `len(range(a, b, s))`, CPython's exact formula (a range of 2**63 items
//! or more raises `OverflowError` there; CPython would run out of memory appending). With a step
//! of 1 or -1 the loop runs exactly that many times, so the store needs no bounds check. With a
//! larger step the loop counter can wrap past the int64 limit near the end of the range, so the
//! store keeps its check (`IndexError` rather than a write out of bounds).

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::intrinsics::Intrinsic as I;
use crate::ir::cfg::{successors, Cfg};
use crate::ir::*;
use crate::types::{Callable, Dtype, Layout, Type};
use std::collections::HashMap;

/// What one rewrite needs: values by id (their positions are found again when editing).
struct Plan {
    var: VarId,
    display: ValueId,
    store: ValueId,
    /// The loop's counter initialisation in the starting block (the new code goes after it).
    counter_init: ValueId,
    start_block: usize,
    /// The `append`: the list read, the bound method and the call.
    read: ValueId,
    method: ValueId,
    call: ValueId,
    item: ValueId,
    /// The conversion: the list read and the call.
    convert_read: ValueId,
    convert: ValueId,
    loop_index: usize,
    array: Type,
}

/// The pass: rewrite every list that matches, one at a time.
pub fn rewrite(f: &mut TypedFunction) -> Result<()> {
    if !f.ir.try_regions.is_empty() {
        return Ok(());
    }
    loop {
        super::rebuild_defs(f);
        let Some(plan) = find(f) else {
            return Ok(());
        };
        apply(f, plan);
    }
}

fn elem_fits(elem: &Type, array: &Type) -> bool {
    let Type::Array {
        dtype,
        ndim: 1,
        layout: Layout::C,
    } = array
    else {
        return false;
    };
    matches!(
        (elem, dtype),
        (Type::Int, Dtype::Int64)
            | (Type::Float, Dtype::Float64)
            | (Type::Float32, Dtype::Float32)
            | (Type::Bool, Dtype::Bool)
    )
}

/// Who reads each value (instructions by result; `None` for a terminator).
fn users(f: &TypedFunction) -> HashMap<ValueId, Vec<Option<ValueId>>> {
    let mut out: HashMap<ValueId, Vec<Option<ValueId>>> = HashMap::new();
    for block in &f.ir.blocks {
        for inst in &block.insts {
            for v in inst.kind.operands() {
                out.entry(v).or_default().push(Some(inst.result));
            }
        }
        match &block.term {
            Terminator::Branch { cond, .. } => out.entry(*cond).or_default().push(None),
            Terminator::Return(v, _) => out.entry(*v).or_default().push(None),
            _ => {}
        }
    }
    out
}

fn inst(f: &TypedFunction, v: ValueId) -> Option<(usize, &Inst)> {
    let (b, i) = *f.defs.get(&v)?;
    Some((b.0 as usize, &f.ir.blocks[b.0 as usize].insts[i]))
}

/// The one instruction reading `v`, if exactly one does.
fn only_user(uses: &HashMap<ValueId, Vec<Option<ValueId>>>, v: ValueId) -> Option<ValueId> {
    match uses.get(&v).map(Vec::as_slice) {
        Some([Some(u)]) => Some(*u),
        _ => None,
    }
}

fn find(f: &TypedFunction) -> Option<Plan> {
    let uses = users(f);
    let cfg = Cfg::new(&f.ir);
    (0..f.ir.vars.len()).find_map(|v| candidate(f, &uses, &cfg, VarId(v as u32)))
}

fn candidate(
    f: &TypedFunction,
    uses: &HashMap<ValueId, Vec<Option<ValueId>>>,
    cfg: &Cfg,
    var: VarId,
) -> Option<Plan> {
    let Type::List(elem) = &f.var_types[var.0 as usize] else {
        return None;
    };
    if f.ir.params.contains(&var) {
        return None;
    }
    let (mut stores, mut loads) = (Vec::new(), Vec::new());
    for (bi, block) in f.ir.blocks.iter().enumerate() {
        for inst in &block.insts {
            match inst.kind {
                InstKind::Store(x, value) if x == var => stores.push((bi, inst.result, value)),
                InstKind::Load(x) if x == var => loads.push((bi, inst.result)),
                _ => {}
            }
        }
    }
    let ([(start_block, store, display)], [first, second]) = (&stores[..], &loads[..]) else {
        return None;
    };
    let (db, d) = inst(f, *display)?;
    if db != *start_block
        || !matches!(&d.kind, InstKind::List(items) if items.is_empty())
        || only_user(uses, *display) != Some(*store)
    {
        return None;
    }
    // The loop the starting block begins.
    let (loop_index, l) = f.ir.range_loops.iter().enumerate().find(|(_, l)| {
        !l.parallel && l.const_step.is_some_and(|s| s != 0) && {
            let succ: Vec<BlockId> = successors(&f.ir.blocks[*start_block].term).collect();
            succ.len() == 2 && succ.contains(&l.body) && succ.contains(&l.exit)
        }
    })?;
    let counter_init = f.ir.blocks[*start_block]
        .insts
        .iter()
        .position(|i| matches!(i.kind, InstKind::Store(x, _) if x == l.counter))?;
    let store_at = f.ir.blocks[*start_block]
        .insts
        .iter()
        .position(|i| i.result == *store)?;
    if store_at > counter_init {
        return None;
    }
    let counter_init = f.ir.blocks[*start_block].insts[counter_init].result;
    // Which read appends and which converts.
    let (append_read, convert_read) = if l.blocks.contains(&BlockId(first.0 as u32)) {
        (*first, *second)
    } else {
        (*second, *first)
    };
    let append_block = BlockId(append_read.0 as u32);
    if !l.blocks.contains(&append_block)
        || convert_read.0 != l.exit.0 as usize
        || !once_per_iteration(f, cfg, l, append_block)
        || !cfg
            .preds(l.exit)
            .iter()
            .all(|p| p.0 as usize == *start_block || *p == l.latch)
    {
        return None;
    }
    // The append: `read.append(item)` as a statement.
    let read = append_read.1;
    let method = only_user(uses, read)?;
    let (mb, m) = inst(f, method)?;
    if mb != append_block.0 as usize
        || !matches!(
            f.ty(method),
            Type::Function(Callable::Method(I::ListAppend))
        )
        || !matches!(&m.kind, InstKind::Attr(x, _) if *x == read)
    {
        return None;
    }
    let call = only_user(uses, method)?;
    let (cb, c) = inst(f, call)?;
    let InstKind::Call { args, kwargs, .. } = &c.kind else {
        return None;
    };
    if cb != mb || args.len() != 1 || !kwargs.is_empty() || uses.contains_key(&call) {
        return None;
    }
    let item = args[0];
    // The conversion: `numpy.array(read)` / `numpy.asarray(read)`.
    let convert = only_user(uses, convert_read.1)?;
    let (vb, conv) = inst(f, convert)?;
    let InstKind::Call {
        func,
        args: cargs,
        kwargs: ckw,
    } = &conv.kind
    else {
        return None;
    };
    if vb != convert_read.0
        || cargs.len() != 1
        || !ckw.is_empty()
        || !matches!(
            f.ty(*func),
            Type::Function(Callable::Intrinsic(I::Array | I::Asarray))
        )
        || !elem_fits(elem, f.ty(convert))
    {
        return None;
    }
    Some(Plan {
        var,
        display: *display,
        store: *store,
        counter_init,
        start_block: *start_block,
        read,
        method,
        call,
        item,
        convert_read: convert_read.1,
        convert,
        loop_index,
        array: f.ty(convert).clone(),
    })
}

/// Whether block `b` of loop `l` runs exactly once per iteration: the loop is left only by its
/// test, `b` is on every path from the body's first block to the latch, and on no inner cycle.
fn once_per_iteration(f: &TypedFunction, cfg: &Cfg, l: &RangeLoop, b: BlockId) -> bool {
    let inside = |x: BlockId| l.blocks.contains(&x);
    for &x in &l.blocks {
        let term = &f.ir.blocks[x.0 as usize].term;
        if matches!(term, Terminator::Raise(_)) {
            continue;
        }
        if !cfg
            .succs(x)
            .iter()
            .all(|s| inside(*s) || (x == l.latch && *s == l.exit))
        {
            return false;
        }
    }
    // Edges inside one iteration: not back to the body's first block, not out of the latch.
    let step = |x: BlockId| -> Vec<BlockId> {
        if x == l.latch {
            return Vec::new();
        }
        cfg.succs(x)
            .iter()
            .copied()
            .filter(|s| inside(*s) && *s != l.body)
            .collect()
    };
    let reaches = |from: Vec<BlockId>, to: BlockId, avoid: Option<BlockId>| {
        let mut seen = vec![false; f.ir.blocks.len()];
        let mut stack = from;
        while let Some(x) = stack.pop() {
            if x == to {
                return true;
            }
            if Some(x) == avoid || std::mem::replace(&mut seen[x.0 as usize], true) {
                continue;
            }
            stack.extend(step(x));
        }
        false
    };
    let on_every_path = b == l.body || b == l.latch || !reaches(vec![l.body], l.latch, Some(b));
    on_every_path && !reaches(step(b), b, None)
}

/// Instructions made for the rewrite, each with its result type.
struct Emit<'a> {
    f: &'a mut TypedFunction,
    span: crate::error::Span,
    out: Vec<Inst>,
}

impl Emit<'_> {
    fn push(&mut self, kind: InstKind, ty: Type) -> ValueId {
        let result = super::new_value(self.f, ty);
        self.out.push(Inst {
            result,
            kind,
            span: self.span,
        });
        result
    }
    fn int(&mut self, x: i64) -> ValueId {
        self.push(InstKind::Const(Const::Int(x)), Type::Int)
    }
    fn store(&mut self, var: VarId, v: ValueId) {
        self.push(InstKind::Store(var, v), Type::None);
    }
}

fn apply(f: &mut TypedFunction, p: Plan) {
    let l = f.ir.range_loops[p.loop_index].clone();
    let step = l.const_step.expect("a literal step");
    let fill = super::new_var(f, "fill", Type::Int);
    f.var_types[p.var.0 as usize] = p.array.clone();
    f.value_types[p.read.0 as usize] = p.array.clone();
    f.value_types[p.convert_read.0 as usize] = p.array.clone();
    let span = f.ir.blocks[p.start_block].insts[0].span;

    // The start: `out = numpy.empty(trip count)` and `k = 0`, after the counter's first store.
    let mut e = Emit {
        f,
        span,
        out: Vec::new(),
    };
    // The trip count is `len(range(start, stop, step))`: exact (CPython's unsigned formula).
    let (start, stop) = (
        e.push(InstKind::Load(l.start), Type::Int),
        e.push(InstKind::Load(l.stop), Type::Int),
    );
    let by = e.int(step);
    let range = e.push(
        InstKind::Global("range".to_string()),
        Type::Function(Callable::Intrinsic(I::BuiltinRange)),
    );
    let r = e.push(
        InstKind::Call {
            func: range,
            args: vec![start, stop, by],
            kwargs: Vec::new(),
        },
        Type::Range,
    );
    let n = e.push(InstKind::Len(r), Type::Int);
    let empty = e.push(
        InstKind::Global("numpy.empty".to_string()),
        Type::Function(Callable::Intrinsic(I::Empty)),
    );
    let array = e.push(
        InstKind::Call {
            func: empty,
            args: vec![n],
            kwargs: Vec::new(),
        },
        p.array.clone(),
    );
    e.store(p.var, array);
    let k0 = e.int(0);
    e.store(fill, k0);
    let start_code = std::mem::take(&mut e.out);

    // The append: `out[k] = item; k += 1`.
    let k = e.push(InstKind::Load(fill), Type::Int);
    let set_at = e.out.len();
    e.out.push(Inst {
        result: p.call,
        kind: InstKind::SetItem {
            value: p.read,
            index: vec![k],
            check: vec![if step.abs() == 1 {
                IndexCheck::None
            } else {
                IndexCheck::Check
            }],
            item: p.item,
        },
        span,
    });
    let one = e.int(1);
    let k1 = e.push(InstKind::Binary(BinOp::Add, k, one), Type::Int);
    e.store(fill, k1);
    let mut append_code = std::mem::take(&mut e.out);
    let f = e.f;
    f.value_types[p.call.0 as usize] = Type::None;

    let block = &mut f.ir.blocks[p.start_block].insts;
    block.retain(|i| i.result != p.display && i.result != p.store);
    let at = block
        .iter()
        .position(|i| i.result == p.counter_init)
        .expect("the counter's store");
    block.splice(at + 1..at + 1, start_code);

    let (ab, _) = f.defs[&p.call];
    let block = &mut f.ir.blocks[ab.0 as usize].insts;
    append_code[set_at].span = block
        .iter()
        .find(|i| i.result == p.call)
        .expect("the append")
        .span;
    block.retain(|i| i.result != p.method);
    let at = block
        .iter()
        .position(|i| i.result == p.call)
        .expect("the append");
    block.splice(at..at + 1, append_code);

    // The conversion is the array itself.
    let (cb, _) = f.defs[&p.convert];
    let conv = f.ir.blocks[cb.0 as usize]
        .insts
        .iter_mut()
        .find(|i| i.result == p.convert)
        .expect("the conversion");
    conv.kind = InstKind::Load(p.var);
}
