//! Branches on `param is None` and `isinstance(param, C)` decided by the argument types before
//! typing, so the branch not taken is never typed (what lets `def f(a, c=None): if c is None:
//! ... else: a + c` compile for both a `None` and a number `c`, as in Numba).

use super::isinstance::{is_instance, PyClass};
use crate::ir::{Function, InstKind, Terminator, ValueId, VarId};
use crate::types::Type;
use crate::{Environment, GlobalValue};
use std::collections::{HashMap, HashSet};

/// The classes an `isinstance` call's second argument names (a builtin class or a tuple of
/// them), from the instructions of its block.
fn classes_of(
    v: ValueId,
    defs: &HashMap<ValueId, &InstKind>,
    global: &dyn Fn(&str) -> GlobalValue,
) -> Option<Vec<PyClass>> {
    match defs.get(&v)? {
        InstKind::Global(name) => match global(name) {
            GlobalValue::Builtin(b) => Some(vec![PyClass::from_builtin(&b)?]),
            _ => None,
        },
        InstKind::Tuple(items) => {
            let mut out = Vec::new();
            for i in items {
                out.extend(classes_of(*i, defs, global)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// A test on a parameter that its type decides.
enum Test {
    /// `p is None` (`is not None` when set).
    IsNone(bool),
    Isinstance(Vec<PyClass>),
}

impl Test {
    fn decide(&self, t: &Type) -> Option<bool> {
        match self {
            Test::IsNone(negated) => Some((*t == Type::None) != *negated),
            Test::Isinstance(classes) => is_instance(t, classes),
        }
    }
}

/// `f` with each branch on `p is None` / `p is not None` / `isinstance(p, C)` (a parameter
/// never reassigned) turned into a jump to the side the type of `p` selects.
pub fn prune_type_tests(
    mut f: Function,
    args: &[Type],
    env: &dyn Environment,
    func_id: u64,
) -> Function {
    let global = |name: &str| env.global(func_id, name);
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
        // The tested parameter's read, and the test.
        let (x, test) = match defs.get(&v) {
            Some(InstKind::IsNone(x, negated)) => (*x, Test::IsNone(*negated)),
            Some(InstKind::Call { func, args, kwargs })
                if args.len() == 2
                    && kwargs.is_empty()
                    && matches!(defs.get(func), Some(InstKind::Global(n))
                        if global(n) == GlobalValue::Builtin("isinstance".into())) =>
            {
                let Some(classes) = classes_of(args[1], &defs, &global) else {
                    continue;
                };
                (args[0], Test::Isinstance(classes))
            }
            _ => continue,
        };
        let Some(InstKind::Load(var)) = defs.get(&x) else {
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
        let Some(taken) = test.decide(t) else {
            continue;
        };
        b.term = Terminator::Jump(if taken { then_block } else { else_block });
    }
    f
}
