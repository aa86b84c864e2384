//! The `out` argument of NumPy's element-wise functions (ufuncs): `numpy.sin(a, out=o)`,
//! `numpy.add(a, b, o)` (after the inputs) and `out=(o,)`.
//!
//! Typing gives the ufunc its own result type (as without `out`), checks that `out` is an array
//! with at least as many dimensions, that the result casts to its dtype under NumPy's
//! `same_kind` rule (refused at compile time, the dtypes being known: `TypingError` with
//! NumPy's message), and types the call as `out`. After typing, [`expand`] spells the call out
//! as `out[:] = f(inputs)`, the call's value being `out` itself. The assignment broadcasts the
//! result to `out`'s shape (a run-time `ValueError` when it does not fit), converts the values
//! to `out`'s dtype, copies inputs that overlap `out` first (codegen's `assign_safely`, as NumPy
//! does), writes through any strides, and computes the element-wise expression inside the
//! store's loop (no temporary array); the passes see an ordinary write into `out`.

use super::numpy::{self, Arg};
use super::ufunc_where::{self, Masked};
use super::{Inference, TypedFunction};
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{Intrinsic as I, Module, Rule};
use crate::ir::{IndexCheck, Inst, InstKind, Terminator, ValueId};
use crate::types::{Dtype, Type};
use std::collections::HashMap;

/// Does NumPy's `f` take `out` (a ufunc oxjit compiles element-wise)? `sinc`, `round`,
/// `around`, `isposinf` and `isneginf` are not ufuncs and stay without it.
pub(super) fn takes_out(f: I) -> bool {
    f.module() == Module::Numpy
        && matches!(f.rule(), Rule::Unary(_) | Rule::Binary(_))
        && !matches!(
            f,
            I::Sinc | I::Round | I::Around | I::Isposinf | I::Isneginf
        )
}

/// The call's arguments without `out` and `where`, `out` (`None` when the call has none) and
/// the `where` mask (see `ufunc_where`).
type Split<'a> = (
    &'a [ValueId],
    Vec<(String, ValueId)>,
    Option<ValueId>,
    Option<ValueId>,
);

/// Take `out` from the arguments of a call of the ufunc `f` (the keyword, or one positional
/// argument after the inputs), and the keyword `where`.
fn split<'a>(
    f: I,
    args: &'a [ValueId],
    kwargs: &[(String, ValueId)],
    span: Span,
) -> Result<Split<'a>> {
    let nin = f.params().len();
    let (ins, positional) = if args.len() == nin + 1 {
        (&args[..nin], Some(args[nin]))
    } else {
        (args, None)
    };
    let mut rest = Vec::new();
    let (mut keyword, mut mask) = (None, None);
    for (k, v) in kwargs {
        if k == "out" {
            keyword = Some(*v);
        } else if k == "where" {
            mask = Some(*v);
        } else {
            rest.push((k.clone(), *v));
        }
    }
    if positional.is_some() && keyword.is_some() {
        return Err(CompileError::typing(
            "cannot specify 'out' as both a positional and keyword argument",
            span,
        ));
    }
    Ok((ins, rest, positional.or(keyword), mask))
}

/// Is `out` or `where` among the arguments of this call of `f`?
pub(super) fn given(f: I, args: &[ValueId], kwargs: &[(String, ValueId)]) -> bool {
    args.len() == f.params().len() + 1 || kwargs.iter().any(|(k, _)| k == "out" || k == "where")
}

/// NumPy's `same_kind` casting: within a kind, or to a later kind of bool, unsigned, signed,
/// float, complex.
fn same_kind(from: Dtype, to: Dtype) -> bool {
    let rank = |d: Dtype| {
        if d == Dtype::Bool {
            0
        } else if d.is_unsigned() {
            1
        } else if d.is_int() {
            2
        } else if d.is_float() {
            3
        } else if d.is_complex() {
            4
        } else {
            5
        }
    };
    rank(from) <= rank(to) && rank(to) < 5
}

impl Inference<'_> {
    /// The type of `f(inputs..., out=o)`: `o`'s array type (see the module doc). The ufunc's
    /// own result type is kept for [`expand`].
    pub(super) fn ufunc_out_type(
        &mut self,
        result: ValueId,
        f: I,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<Type> {
        let what = f.qualified();
        let (ins, kws, out, mask) = split(f, args, kwargs, span)?;
        let out = match (out, mask) {
            (Some(out), None) => out,
            (Some(out), Some(_)) if *self.ty(out) != Type::None => out,
            (_, Some(_)) => {
                return Err(CompileError::unsupported(
                    format!(
                        "`{what}` with `where=` but no `out=` array is not supported (NumPy \
                         leaves the unselected elements uninitialised)"
                    ),
                    span,
                )
                .with_hint("pass the array to write into as `out=`"))
            }
            (None, None) => {
                return Err(CompileError::internal("infer", "ufunc call without `out`"))
            }
        };
        let (pa, pk): (Vec<Arg>, Vec<(String, Arg)>) = self.numpy_args(ins, &kws);
        let mut inner = numpy::call(f, &pa, &pk, span)?;
        if matches!(self.def_kind(out), Some(InstKind::List(_))) {
            return Err(CompileError::typing(
                format!("`{what}`: return arrays must be of ArrayType (`out` is a list)"),
                span,
            ));
        }
        let target = match self.ty(out).clone() {
            Type::Unknown => return Ok(Type::Unknown),
            // `out=None`: no output array (the call is the plain ufunc).
            Type::None => {
                self.ufunc_outs.insert(result, inner.clone());
                return Ok(inner);
            }
            Type::Tuple(items) if items.len() == 1 => items[0].clone(),
            Type::Tuple(_) => {
                return Err(CompileError::typing(
                    format!("`{what}`: the 'out' tuple must have exactly one entry"),
                    span,
                ))
            }
            t => t,
        };
        let Type::Array {
            dtype: od,
            ndim: on,
            ..
        } = target
        else {
            return Err(CompileError::typing(
                format!("`{what}`: return arrays must be of ArrayType (`out` is `{target}`)"),
                span,
            ));
        };
        if on == 0 {
            return Err(CompileError::unsupported(
                format!("`{what}` with a 0-d `out` array is not supported"),
                span,
            )
            .with_hint("pass a 1-d array of length 1, or assign the scalar result instead"));
        }
        let (rd, rn) = match &inner {
            Type::Unknown => return Ok(Type::Unknown),
            Type::Array { dtype, ndim, .. } => (*dtype, *ndim),
            t => match Dtype::of_scalar(t) {
                Some(d) => (d, 0),
                None => {
                    return Err(CompileError::unsupported(
                        format!("`{what}` with `out=` of a `{t}` result is not supported"),
                        span,
                    ))
                }
            },
        };
        if rn > on {
            return Err(CompileError::typing(
                format!(
                    "non-broadcastable output operand: `{what}` gives a {rn}-d result, `out` is \
                     {on}-d"
                ),
                span,
            ));
        }
        if !same_kind(rd, od) {
            return Err(CompileError::typing(
                format!(
                    "Cannot cast ufunc '{}' output from dtype('{}') to dtype('{}') with casting \
                     rule 'same_kind'",
                    f.name(),
                    rd.name(),
                    od.name()
                ),
                span,
            ));
        }
        let masked = match mask {
            Some(m) if *self.ty(m) == Type::Unknown => return Ok(Type::Unknown),
            Some(m) => self.ufunc_where(f, m, &pa, (od, on), span)?,
            None => None,
        };
        if let Some(masked) = masked {
            if let Some(guarded) = super::ufunc_where::guarded_args(&masked, &pa) {
                inner = numpy::call(f, &guarded, &pk, span)?;
            }
            self.ufunc_wheres.insert(result, masked);
        } else {
            self.ufunc_wheres.remove(&result);
        }
        self.ufunc_outs.insert(result, inner);
        Ok(target)
    }
}

/// Spell out every ufunc call with `out` as `out[:] = f(inputs)` followed by uses of `out`
/// (`outs`: the ufunc's own result type by call, from typing).
pub(super) fn expand(
    tf: &mut TypedFunction,
    outs: &HashMap<ValueId, Type>,
    wheres: &HashMap<ValueId, Masked>,
) -> Result<()> {
    if outs.is_empty() {
        return Ok(());
    }
    for bi in 0..tf.ir.blocks.len() {
        let insts = std::mem::take(&mut tf.ir.blocks[bi].insts);
        let mut new = Vec::with_capacity(insts.len());
        let mut renamed: HashMap<ValueId, ValueId> = HashMap::new();
        for mut inst in insts {
            for v in inst.kind.operands_mut() {
                if let Some(r) = renamed.get(v) {
                    *v = *r;
                }
            }
            let Some(inner) = outs.get(&inst.result) else {
                new.push(inst);
                continue;
            };
            let InstKind::Call { func, args, kwargs } = &inst.kind else {
                return Err(CompileError::internal("infer", "ufunc `out` on a non-call"));
            };
            let f = match tf.ty(*func) {
                Type::Function(crate::types::Callable::Intrinsic(f)) => *f,
                _ => {
                    return Err(CompileError::internal(
                        "infer",
                        "ufunc `out` of a non-ufunc",
                    ))
                }
            };
            let (ins, kws, out, _) = split(f, args, kwargs, inst.span)?;
            let (func, mut ins) = (*func, ins.to_vec());
            let Some(out) = out else {
                return Err(CompileError::internal("infer", "ufunc call without `out`"));
            };
            let span = inst.span;
            let masked = wheres.get(&inst.result);
            if let Some(m) = masked {
                ufunc_where::guard_inputs(tf, &mut new, m, &mut ins, span);
            }
            let call = InstKind::Call {
                func,
                args: ins,
                kwargs: kws,
            };
            if *tf.ty(out) == Type::None {
                inst.kind = call;
                new.push(inst);
                continue;
            }
            let out = match tf.ty(out).clone() {
                Type::Tuple(items) => {
                    let tuple_item = new.iter().find_map(|i: &Inst| match &i.kind {
                        InstKind::Tuple(xs) if i.result == out => Some(xs[0]),
                        _ => None,
                    });
                    match tuple_item {
                        Some(x) => x,
                        None => {
                            let zero = crate::passes::new_value(tf, Type::Int);
                            new.push(Inst {
                                result: zero,
                                kind: InstKind::Const(crate::ir::Const::Int(0)),
                                span,
                            });
                            let item = crate::passes::new_value(tf, items[0].clone());
                            new.push(Inst {
                                result: item,
                                kind: InstKind::GetItem {
                                    value: out,
                                    index: vec![zero],
                                    check: vec![IndexCheck::None],
                                },
                                span,
                            });
                            item
                        }
                    }
                }
                _ => out,
            };
            let mut value = crate::passes::new_value(tf, inner.clone());
            new.push(Inst {
                result: value,
                kind: call,
                span,
            });
            if let Some(m) = masked {
                value = ufunc_where::select(tf, &mut new, m, value, out, span);
            }
            let all = crate::passes::new_value(tf, Type::Slice);
            new.push(Inst {
                result: all,
                kind: InstKind::Slice(None, None, None),
                span,
            });
            tf.value_types[inst.result.0 as usize] = Type::None;
            new.push(Inst {
                result: inst.result,
                kind: InstKind::SetItem {
                    value: out,
                    index: vec![all],
                    check: vec![IndexCheck::WrapAndCheck],
                    item: value,
                },
                span,
            });
            tf.ufunc_stores.insert(inst.result);
            renamed.insert(inst.result, out);
        }
        tf.ir.blocks[bi].insts = new;
        match &mut tf.ir.blocks[bi].term {
            Terminator::Return(v, _) | Terminator::Branch { cond: v, .. } => {
                if let Some(r) = renamed.get(v) {
                    *v = *r;
                }
            }
            _ => {}
        }
    }
    crate::passes::rebuild_defs(tf);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NumPy 2's `can_cast(from, to, "same_kind")`: in the order bool, unsigned, signed, float,
    /// complex, each dtype casts to every dtype from the first of its own kind on.
    #[test]
    fn same_kind_matches_numpy() {
        use Dtype::*;
        let order = [
            Bool, Uint8, Uint16, Uint32, Uint64, Int8, Int16, Int32, Int64, Float32, Float64,
            Complex64, Complex128,
        ];
        let first_of_kind = |d: Dtype| match d {
            Bool => 0,
            Uint8 | Uint16 | Uint32 | Uint64 => 1,
            Int8 | Int16 | Int32 | Int64 => 5,
            Float32 | Float64 => 9,
            _ => 11,
        };
        for from in order {
            for (j, to) in order.into_iter().enumerate() {
                assert_eq!(
                    same_kind(from, to),
                    j >= first_of_kind(from),
                    "{} -> {}",
                    from.name(),
                    to.name()
                );
            }
        }
    }

    #[test]
    fn ufuncs_take_out_and_other_functions_do_not() {
        assert!(takes_out(I::Sin) && takes_out(I::Add) && takes_out(I::LogicalAnd));
        assert!(takes_out(I::Arctan2) && takes_out(I::Less) && takes_out(I::Abs));
        assert!(!takes_out(I::Sinc) && !takes_out(I::Round) && !takes_out(I::Where));
        assert!(!takes_out(I::Sum) && !takes_out(I::MathSqrt) && !takes_out(I::Isposinf));
    }
}
