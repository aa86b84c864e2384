//! Branches on `param is None` decided by the argument types before typing, so the branch not
//! taken is never typed (what lets `def f(a, c=None): if c is None: ... else: a + c` compile
//! for both a `None` and a number `c`, as in Numba).

use crate::ir::{Function, InstKind, Terminator, ValueId, VarId};
use crate::types::Type;
use std::collections::{HashMap, HashSet};

/// `f` with each branch on `p is None` / `p is not None` (a parameter never reassigned) turned
/// into a jump to the side the type of `p` selects.
pub fn prune_none_tests(mut f: Function, args: &[Type]) -> Function {
    let mut reassigned = HashSet::new();
    for b in &f.blocks {
        for i in &b.insts {
            if let InstKind::Store(v, _) = i.kind {
                reassigned.insert(v);
            }
        }
    }
    let param_types: HashMap<VarId, &Type> = f.params.iter().copied().zip(args).collect();
    for b in &mut f.blocks {
        let Terminator::Branch {
            cond,
            then_block,
            else_block,
        } = b.term
        else {
            continue;
        };
        let defs: HashMap<ValueId, &InstKind> =
            b.insts.iter().map(|i| (i.result, &i.kind)).collect();
        let mut v = cond;
        if let Some(InstKind::Truth(x)) = defs.get(&v) {
            v = *x;
        }
        let Some(InstKind::IsNone(x, negated)) = defs.get(&v) else {
            continue;
        };
        let Some(InstKind::Load(var)) = defs.get(x) else {
            continue;
        };
        if reassigned.contains(var) {
            continue;
        }
        let Some(t) = param_types.get(var) else {
            continue;
        };
        if matches!(t, Type::Optional(_)) {
            // Known only at run time.
            continue;
        }
        let taken = (**t == Type::None) != *negated;
        b.term = Terminator::Jump(if taken { then_block } else { else_block });
    }
    f
}
