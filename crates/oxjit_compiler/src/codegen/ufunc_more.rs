//! NumPy's ufuncs with two results: `frexp(x)` (mantissa, exponent), `modf(x)` (fraction,
//! integral part) and `divmod(x, y)` (`floor_divide`, `remainder`). Each result is the element
//! expression of a one-result ufunc, materialised into its own array (or computed at once for
//! numbers); the call's value is the tuple of the two.

use super::numpy_calls::wrapped;
use super::state::dtype_of;
use super::translate::FunctionTranslator;
use super::values::{compute_type, EOp, Elem, Lazy};
use crate::error::{CompileError, Result};
use crate::intrinsics::{Intrinsic as I, UnaryFn};
use crate::ir::{BinOp, ValueId};
use crate::types::Type;

impl FunctionTranslator<'_, '_, '_> {
    /// `r = f(args...)` for `frexp`, `modf`, `divmod` (typed as a pair in `infer/ufunc_more.rs`).
    pub fn ufunc_pair(&mut self, r: ValueId, f: I, args: &[ValueId]) -> Result<()> {
        let Type::Tuple(items) = self.ty(r).clone() else {
            return Err(CompileError::internal(
                "codegen",
                "a two-result ufunc not typed as a pair",
            ));
        };
        let (Some(&a), [t0, t1]) = (args.first(), items.as_slice()) else {
            return Err(CompileError::internal(
                "codegen",
                "a two-result ufunc's arguments",
            ));
        };
        let (d0, d1) = (dtype_of(t0)?, dtype_of(t1)?);
        let la = self.lazy_of(a)?;
        let (elems, shape) = match f {
            I::Divmod => {
                let b = *args
                    .get(1)
                    .ok_or_else(|| CompileError::internal("codegen", "divmod without a divisor"))?;
                let lb = self.lazy_of(b)?;
                let shape = self.broadcast(&[la.shape.clone(), lb.shape.clone()])?;
                for l in [&la, &lb] {
                    if let Elem::Scalar(x, t) = &l.elem {
                        self.check_weak_int(*x, t, d0)?;
                    }
                }
                let to = compute_type(d0);
                let part = |op: BinOp| {
                    Elem::Binary(
                        EOp::Arith(op),
                        Box::new(la.elem.clone()),
                        Box::new(lb.elem.clone()),
                        to.clone(),
                    )
                };
                ([part(BinOp::FloorDiv), part(BinOp::Mod)], shape)
            }
            I::Frexp | I::Modf => {
                let (u0, u1) = if f == I::Frexp {
                    (UnaryFn::FrexpMantissa, UnaryFn::FrexpExponent)
                } else {
                    (UnaryFn::ModfFraction, UnaryFn::Trunc)
                };
                let x = |u: UnaryFn, d| Elem::Unary(u, Box::new(la.elem.clone()), compute_type(d));
                ([x(u0, d0), x(u1, d1)], la.shape.clone())
            }
            _ => return Err(CompileError::internal("codegen", "not a two-result ufunc")),
        };
        let mut vals = Vec::new();
        for (e, t) in elems.into_iter().zip([t0, t1]) {
            match t {
                Type::Array { dtype, .. } => {
                    let l = Lazy {
                        elem: wrapped(e, *dtype),
                        shape: shape.clone(),
                        dtype: *dtype,
                    };
                    vals.extend(self.materialize(&l)?);
                }
                t => {
                    let e = wrapped(e, dtype_of(t)?);
                    let v = self.eval(&e, &[])?;
                    let v = self.convert(v, &e.ty(), t)?;
                    vals.push(v);
                }
            }
        }
        self.set_owned(r, vals);
        Ok(())
    }
}
