//! Typing of Python `complex` scalars: arithmetic and comparisons with ints, floats and
//! complex numbers, the builtin `complex(...)`, `abs`, the attributes `.real`/`.imag`, the
//! method `.conjugate()` and the `cmath` module. CPython's `TypeError`s (ordering, `//`, `%`,
//! `float(z)`) are `TypingError`s here.

use super::*;
use crate::intrinsics::Lower;
use oxjit_runtime::complex::Func;

/// The result of a binary operator with a complex operand (`None`: not defined).
pub(super) fn arith_result(op: BinOp, a: &Type, b: &Type) -> Option<Type> {
    let numeric = |t: &Type| t.is_numeric();
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow
            if numeric(a) && numeric(b) =>
        {
            Some(Type::Complex)
        }
        _ => None,
    }
}

/// The type of `a <op> b` where one side is complex: `==`/`!=` only, as CPython.
pub(super) fn compare_type(op: CmpOp, a: &Type, b: &Type, span: Span) -> Result<Type> {
    if !(a.is_numeric() && b.is_numeric()) {
        return Err(CompileError::typing(
            format!("cannot compare `{a}` and `{b}`"),
            span,
        ));
    }
    match op {
        CmpOp::Eq | CmpOp::Ne => Ok(Type::Bool),
        _ => Err(CompileError::typing(
            format!(
                "`{}` is not supported between `{a}` and `{b}` (complex numbers are not ordered)",
                cmp_symbol(op)
            ),
            span,
        )),
    }
}

fn cmp_symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
        CmpOp::Eq => "==",
        CmpOp::Ne => "!=",
    }
}

/// `z.real`, `z.imag` (floats) and `z.conjugate` (a method).
pub(super) fn attr(attr: &str, span: Span) -> Result<Type> {
    match attr {
        "real" | "imag" => Ok(Type::Float),
        _ => match intrinsics::complex_method(attr) {
            Some(f) => Ok(Type::Function(Callable::Method(f))),
            None => Err(CompileError::typing(
                format!("`complex128` has no attribute `{attr}`"),
                span,
            )),
        },
    }
}

/// `x.real`, `x.imag` and `x.conjugate` of a real number (bool gives int, as in Python);
/// `real` of a complex is the type `z.conjugate()` returns.
pub(super) fn real_attr(t: &Type, attr: &str) -> Type {
    match (t, attr) {
        (_, "conjugate") => Type::Function(Callable::Method(I::ComplexConjugate)),
        (Type::Complex, _) => Type::Complex,
        (Type::Bool, _) => Type::Int,
        (t, _) => t.clone(),
    }
}

/// A number argument of a `cmath` function or of `complex(...)`.
fn number_arg(what: &str, t: &Type, span: Span) -> Result<()> {
    if t.is_numeric() {
        Ok(())
    } else {
        Err(CompileError::typing(
            format!("`{what}` expects a number, not `{t}`"),
            span,
        ))
    }
}

/// A real argument (`cmath.rect`, `math` functions): CPython raises `TypeError` for complex.
fn real_arg(what: &str, t: &Type, span: Span) -> Result<()> {
    if t.is_number() {
        Ok(())
    } else {
        Err(CompileError::typing(
            format!("`{what}` expects a real number, not `{t}`"),
            span,
        ))
    }
}

impl Inference<'_> {
    /// The type of a call of a `cmath` function.
    pub(super) fn cmath_type(
        &mut self,
        f: I,
        arg_types: &[Type],
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<Type> {
        let what = f.qualified();
        let kws: Vec<(String, Type)> = kwargs
            .iter()
            .map(|(k, v)| (k.clone(), self.ty(*v).clone()))
            .collect();
        let bound = intrinsics::bind(f, arg_types, &kws, span)?;
        for (i, (p, t)) in f.params().iter().zip(&bound).enumerate() {
            match t {
                None if p.default.is_none() => {
                    return Err(CompileError::typing(
                        format!(
                            "`{what}` missing required argument `{}` (pos {})",
                            p.name,
                            i + 1
                        ),
                        span,
                    ))
                }
                None | Some(Type::None) if p.name == "base" => {}
                None => {}
                Some(t) if matches!(f, I::CmathRect) || i >= 2 => real_arg(&what, t, span)?,
                Some(t) => number_arg(&what, t, span)?,
            }
        }
        Ok(match f.lower() {
            Lower::Cmath(Func::Phase) => Type::Float,
            Lower::Cmath(Func::Polar) => Type::Tuple(vec![Type::Float, Type::Float]),
            Lower::Cmath(_) => Type::Complex,
            _ => Type::Bool,
        })
    }

    /// `complex(real=0, imag=0)`.
    pub(super) fn complex_ctor_type(
        &mut self,
        arg_types: &[Type],
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<Type> {
        let kws: Vec<(String, Type)> = kwargs
            .iter()
            .map(|(k, v)| (k.clone(), self.ty(*v).clone()))
            .collect();
        let bound = intrinsics::bind(I::BuiltinComplex, arg_types, &kws, span)?;
        for t in bound.iter().flatten() {
            number_arg("complex", t, span)?;
        }
        Ok(Type::Complex)
    }
}

/// Complex arrays (and complex scalars or dtypes) in a NumPy call: the functions that handle
/// them, and an `UnsupportedError` for the others (never a real kernel over complex data).
pub(super) fn refuse_complex_call(
    f: I,
    b: &[Option<super::numpy::Arg>],
    what: &str,
    span: Span,
) -> Result<()> {
    fn complex(t: &Type) -> bool {
        match t {
            Type::Array { dtype, .. } | Type::DtypeValue(dtype) => dtype.is_complex(),
            Type::Function(Callable::Intrinsic(I::BuiltinComplex)) | Type::Complex => true,
            Type::Tuple(items) => items.iter().any(complex),
            Type::List(e) => complex(e),
            _ => false,
        }
    }
    if !b.iter().flatten().any(|a| complex(&a.ty)) || handles_complex(f) {
        return Ok(());
    }
    Err(CompileError::unsupported(
        format!("`{what}` of complex arrays or numbers is not supported yet"),
        span,
    )
    .with_hint("see docs/complex.md for what compiles with complex numbers"))
}

/// The NumPy functions that take complex arrays.
fn handles_complex(f: I) -> bool {
    matches!(
        f,
        I::Zeros
            | I::Vecdot
            | I::Matvec
            | I::Vecmat
            | I::Empty
            | I::Ones
            | I::Full
            | I::EmptyLike
            | I::ZerosLike
            | I::OnesLike
            | I::FullLike
            | I::Transpose
            | I::Ravel
            | I::FftFftshift
            | I::FftIfftshift
            | I::FftFft
            | I::FftIfft
            | I::FftRfft
            | I::FftIrfft
            | I::FftFft2
            | I::FftIfft2
            | I::FftFftn
            | I::FftIfftn
            | I::FftRfft2
            | I::FftIrfft2
            | I::FftRfftn
            | I::FftIrfftn
            | I::LinalgEig
            | I::LinalgEigvals
            | I::LinalgEigh
            | I::LinalgEigvalsh
            | I::LinalgSolve
            | I::LinalgInv
            | I::LinalgDet
            | I::LinalgSlogdet
            | I::LinalgSvd
            | I::LinalgQr
            | I::LinalgCholesky
            | I::LinalgPinv
            | I::LinalgLstsq
            | I::LinalgMatrixRank
            | I::LinalgNorm
            | I::LinalgCond
            | I::LinalgMatrixPower
    )
}

/// `a[index] = item` with complex values: one element of a complex array takes any number,
/// several elements take numbers or arrays (`complex_array::check_assign`); a real array takes
/// no complex number (NumPy's `TypeError`).
pub(super) fn check_setitem(
    target: &Type,
    view: &Type,
    item: &Type,
    index: &[Type],
    span: Span,
) -> Result<()> {
    let complex_target = matches!(target, Type::Array { dtype, .. } if dtype.is_complex());
    let complex_item =
        *item == Type::Complex || matches!(item, Type::Array { dtype, .. } if dtype.is_complex());
    if complex_target && matches!(view, Type::Array { .. }) {
        return super::complex_array::check_assign(view, item, index, span);
    }
    if complex_target && !(*view == Type::Complex && item.is_numeric()) {
        return Err(CompileError::typing(
            format!("cannot assign `{item}` to `{view}`"),
            span,
        ));
    }
    if complex_item && !complex_target {
        return Err(CompileError::typing(
            format!("cannot assign `{item}` to `{view}` (a complex number into a real array)"),
            span,
        ));
    }
    Ok(())
}
