//! The `where` argument of NumPy's element-wise functions (ufuncs), with `out`:
//! `numpy.sqrt(x, out=o, where=m)` writes `sqrt(x)` where the mask `m`, broadcast to `o`'s
//! shape, is True, and leaves `o`'s other elements as they were.
//!
//! Typing ([`Inference::ufunc_where`]) checks the mask: a bool array with no more dimensions
//! than `out`, or a bool scalar (the constant `True` is the plain `out=` call). A mask of
//! another dtype is NumPy's `TypeError`, at compile time. Without `out` NumPy leaves the
//! unselected elements uninitialised: refused. A complex `out` is refused too (the element
//! selection has no complex kernel yet).
//!
//! After typing, `ufunc_out::expand` spells the call as
//! `out[:] = numpy.where(m, f(inputs), out)` ([`select`]). The selection is typed with `out`'s
//! dtype, so the ufunc's values convert straight to it (NumPy's cast, with no detour through a
//! promoted dtype) and the kept elements of `out` are copied unchanged. Computing `f` on the
//! unselected elements and discarding the values is invisible for every element kernel but
//! one: integer `power` raises `ValueError` on a negative exponent. There the exponent array
//! is first replaced by `numpy.where(m, exponent, 0)` ([`guard_inputs`]), so only selected
//! elements can raise, as in NumPy. (Integer division and modulo by zero give 0 in array
//! kernels, as in NumPy, and raise nothing.)

use super::numpy::Arg;
use super::{Inference, TypedFunction};
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::Intrinsic as I;
use crate::ir::{Const, Inst, InstKind, ValueId};
use crate::types::{Callable, Dtype, Layout, Type};

/// A ufunc call's `where` mask, as typing found it.
#[derive(Clone, Debug)]
pub(super) struct Masked {
    /// The mask (a bool array or a bool scalar).
    pub mask: ValueId,
    /// The type of `numpy.where(mask, f(inputs), out)`: `out`'s dtype and dimensions.
    pub select: Type,
    /// Integer `power` with an exponent array: the type of `numpy.where(mask, exponent, 0)`,
    /// which replaces the exponent.
    pub exponent: Option<Type>,
}

impl Inference<'_> {
    /// Check the mask `where=mask` of a call of `f` on `ins` into an `out` of dtype `od` with
    /// `on` dimensions. `None`: the mask is the constant `True` (the plain `out=` call).
    pub(super) fn ufunc_where(
        &self,
        f: I,
        mask: ValueId,
        ins: &[Arg],
        (od, on): (Dtype, u8),
        span: Span,
    ) -> Result<Option<Masked>> {
        let what = f.qualified();
        if od.is_complex() {
            return Err(CompileError::unsupported(
                format!("`{what}` with `where=` into a complex `out` is not supported yet"),
                span,
            )
            .with_hint("write `out[m] = ...` with a boolean index instead"));
        }
        match self.ty(mask) {
            Type::Bool if self.const_bool(mask) == Some(true) => return Ok(None),
            Type::Bool => {}
            Type::Array {
                dtype: Dtype::Bool,
                ndim,
                ..
            } if *ndim > on => {
                return Err(CompileError::typing(
                    format!(
                        "non-broadcastable output operand: the `where` mask of `{what}` is \
                         {ndim}-d, `out` is {on}-d"
                    ),
                    span,
                ))
            }
            Type::Array {
                dtype: Dtype::Bool, ..
            } => {}
            Type::Array { dtype, .. } => {
                return Err(CompileError::typing(
                    format!(
                        "Cannot cast array data from dtype('{}') to dtype('bool') according to \
                         the rule 'safe'",
                        dtype.name()
                    ),
                    span,
                )
                .with_hint("pass a bool array, e.g. `where=m != 0`"))
            }
            t => {
                return Err(CompileError::unsupported(
                    format!("`{what}` with a `where` of type `{t}` is not supported"),
                    span,
                )
                .with_hint("pass a bool array or `True`/`False`"))
            }
        }
        Ok(Some(Masked {
            mask,
            select: Type::array(od, on, Layout::C),
            exponent: guarded_exponent(f, ins, self.ty(mask)),
        }))
    }
}

/// Integer `power` with a signed exponent array: the type of `numpy.where(mask, exponent, 0)`.
/// (A scalar exponent is left alone: the call's dtype would change.)
fn guarded_exponent(f: I, ins: &[Arg], mask: &Type) -> Option<Type> {
    if f != I::Power {
        return None;
    }
    let (Some(base), Some(exponent)) = (ins.first(), ins.get(1)) else {
        return None;
    };
    let base_int = match &base.ty {
        Type::Array { dtype, .. } => Some(*dtype),
        t => Dtype::of_scalar(t),
    }
    .is_some_and(|d| d.is_int() || d == Dtype::Bool);
    match (&exponent.ty, mask) {
        (Type::Array { dtype, ndim, .. }, m) if base_int && dtype.is_int() => {
            if dtype.is_unsigned() {
                return None;
            }
            let mn = match m {
                Type::Array { ndim, .. } => *ndim,
                _ => 0,
            };
            Some(Type::array(*dtype, (*ndim).max(mn), Layout::C))
        }
        _ => None,
    }
}

/// The argument types of the ufunc call once [`guard_inputs`] has replaced the exponent.
pub(super) fn guarded_args(masked: &Masked, ins: &[Arg]) -> Option<Vec<Arg>> {
    let e = masked.exponent.as_ref()?;
    let mut args = ins.to_vec();
    args[1] = Arg {
        ty: e.clone(),
        konst: None,
        flag: None,
        word: None,
        literal: false,
    };
    Some(args)
}

/// Push one instruction typed `ty`; its result.
fn push(
    tf: &mut TypedFunction,
    new: &mut Vec<Inst>,
    kind: InstKind,
    ty: Type,
    span: Span,
) -> ValueId {
    let result = crate::passes::new_value(tf, ty);
    new.push(Inst { result, kind, span });
    result
}

/// `numpy.where(c, x, y)` typed `ty`.
fn where_call(
    tf: &mut TypedFunction,
    new: &mut Vec<Inst>,
    (c, x, y): (ValueId, ValueId, ValueId),
    ty: Type,
    span: Span,
) -> ValueId {
    let func = push(
        tf,
        new,
        InstKind::Global("numpy.where".to_string()),
        Type::Function(Callable::Intrinsic(I::Where)),
        span,
    );
    let call = InstKind::Call {
        func,
        args: vec![c, x, y],
        kwargs: Vec::new(),
    };
    push(tf, new, call, ty, span)
}

/// Before the ufunc's call: replace an integer exponent by `numpy.where(mask, exponent, 0)`.
pub(super) fn guard_inputs(
    tf: &mut TypedFunction,
    new: &mut Vec<Inst>,
    masked: &Masked,
    ins: &mut [ValueId],
    span: Span,
) {
    if let Some(ty) = &masked.exponent {
        let zero = push(tf, new, InstKind::Const(Const::Int(0)), Type::Int, span);
        ins[1] = where_call(tf, new, (masked.mask, ins[1], zero), ty.clone(), span);
    }
}

/// After the ufunc's call: the values to store into `out`, `numpy.where(mask, value, out)`.
pub(super) fn select(
    tf: &mut TypedFunction,
    new: &mut Vec<Inst>,
    masked: &Masked,
    value: ValueId,
    out: ValueId,
    span: Span,
) -> ValueId {
    where_call(
        tf,
        new,
        (masked.mask, value, out),
        masked.select.clone(),
        span,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(ty: Type) -> Arg {
        Arg {
            ty,
            konst: None,
            flag: None,
            word: None,
            literal: false,
        }
    }

    #[test]
    fn only_integer_power_with_a_signed_exponent_array_is_guarded() {
        let ints = |d: Dtype, n: u8| Type::array(d, n, Layout::C);
        let i64s = ints(Dtype::Int64, 1);
        let mask2 = ints(Dtype::Bool, 2);
        // The guard takes the exponent's dtype and the mask's dimensions.
        assert_eq!(
            guarded_exponent(I::Power, &[arg(i64s.clone()), arg(i64s.clone())], &mask2),
            Some(ints(Dtype::Int64, 2))
        );
        assert_eq!(
            guarded_exponent(
                I::Power,
                &[arg(Type::Int), arg(ints(Dtype::Int8, 3))],
                &mask2
            ),
            Some(ints(Dtype::Int8, 3))
        );
        // Float bases never raise; unsigned exponents are never negative; a scalar exponent
        // keeps its weak dtype; other ufuncs raise nothing.
        let none = [
            (I::Power, Type::Float, i64s.clone()),
            (I::Power, ints(Dtype::Float32, 1), i64s.clone()),
            (I::Power, i64s.clone(), ints(Dtype::Uint8, 1)),
            (I::Power, i64s.clone(), Type::Int),
            (I::FloorDivide, i64s.clone(), i64s.clone()),
            (I::Remainder, i64s.clone(), i64s.clone()),
        ];
        for (f, a, b) in none {
            assert_eq!(guarded_exponent(f, &[arg(a), arg(b)], &Type::Bool), None);
        }
    }
}
