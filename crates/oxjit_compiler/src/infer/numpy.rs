//! Typing of NumPy: array operators, indexing with slices, array methods and attributes, and
//! the functions of the `numpy` and `numpy.random` modules (by the typing rule of their entry
//! in `intrinsics`).

use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{bind, BinaryRule, Intrinsic as I, ReduceRule, Rule, UnaryRule, Word};
use crate::ir::{BinOp, CmpOp};
use crate::types::{Dtype, Layout, Type};

/// What typing knows about an argument: its type and, if it is a literal integer or bool, its
/// value.
#[derive(Clone, Debug)]
pub struct Arg {
    pub ty: Type,
    pub konst: Option<i64>,
    pub flag: Option<bool>,
    /// The keyword a literal string argument names (`mode="edge"`), if oxjit knows it.
    pub word: Option<crate::intrinsics::Word>,
    /// A literal string (whether or not it names a keyword oxjit knows).
    pub literal: bool,
}

/// The dtype of an operand (array element or scalar), and whether it is a weak Python scalar.
fn operand(t: &Type) -> Option<(Dtype, bool, u8)> {
    match t {
        Type::Array { dtype, ndim, .. } => Some((*dtype, false, *ndim)),
        t => Dtype::of_scalar(t).map(|d| (d, true, 0)),
    }
}

/// Promote the operands of an element-wise operation (NEP 50 for scalars).
pub fn promote(ts: &[&Type]) -> Option<Dtype> {
    let mut arr: Option<Dtype> = None;
    for t in ts {
        let (d, weak, _) = operand(t)?;
        if !weak {
            arr = Some(arr.map_or(d, |a| Dtype::promote(a, d)));
        }
    }
    let mut d = match arr {
        Some(a) => a,
        None => {
            // All scalars: ordinary (strong) promotion of their dtypes.
            let mut acc = Dtype::of_scalar(ts.first()?)?;
            for t in &ts[1..] {
                acc = Dtype::promote(acc, Dtype::of_scalar(t)?);
            }
            return Some(acc);
        }
    };
    for t in ts {
        if let Some((_, true, _)) = operand(t) {
            d = Dtype::promote_weak(d, t);
        }
    }
    Some(d)
}

fn max_ndim(ts: &[&Type]) -> u8 {
    ts.iter()
        .filter_map(|t| operand(t).map(|o| o.2))
        .max()
        .unwrap_or(0)
}

/// The result of an element-wise computation over operands `ts` with element dtype `d`.
pub(super) fn elementwise(ts: &[&Type], d: Dtype) -> Type {
    match max_ndim(ts) {
        0 => d.scalar(),
        n => Type::array(d, n, Layout::C),
    }
}

/// The float dtype NumPy's ufunc loops compute an element-wise function of `d` in: float32
/// for float32, int16 and uint16; float64 for the others (NumPy's float16 for int8, uint8 and
/// bool is not a dtype oxjit has: float64, documented).
pub(super) fn ufunc_float_of(d: Dtype) -> Dtype {
    if matches!(d, Dtype::Float32 | Dtype::Int16 | Dtype::Uint16) {
        Dtype::Float32
    } else {
        Dtype::Float64
    }
}

/// `spacing` and `nextafter` of int8, uint8 or bool: NumPy's float16 steps, which computing
/// in float64 would not give: refused.
fn refuse_half_precision(f: I, d: Dtype, what: &str, span: Span) -> Result<()> {
    if matches!(f, I::Spacing | I::Nextafter)
        && matches!(d, Dtype::Int8 | Dtype::Uint8 | Dtype::Bool)
    {
        return Err(CompileError::unsupported(
            format!(
                "`{what}` of `{}` is not supported (NumPy computes it in float16)",
                d.name()
            ),
            span,
        ));
    }
    Ok(())
}

pub(super) fn float_of(d: Dtype) -> Dtype {
    if d == Dtype::Float32 {
        Dtype::Float32
    } else {
        Dtype::Float64
    }
}

/// Type an arithmetic operator where at least one operand is an array.
pub fn array_binary(op: BinOp, a: &Type, b: &Type, span: Span) -> Result<Type> {
    if let Some(t) = super::complex_array::binary(op, a, b, span)? {
        return Ok(t);
    }
    let d = promote(&[a, b])
        .ok_or_else(|| CompileError::typing(format!("cannot combine `{a}` and `{b}`"), span))?;
    let both_bool = d == Dtype::Bool;
    let rd = match op {
        BinOp::Div => {
            if d.is_float() {
                d
            } else {
                Dtype::Float64
            }
        }
        BinOp::Sub if both_bool => {
            return Err(CompileError::typing(
                "numpy boolean subtract, the `-` operator, is not supported, use `^` or `logical_xor` instead",
                span,
            ))
        }
        BinOp::FloorDiv | BinOp::Mod | BinOp::Pow if both_bool => Dtype::Int64,
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::LShift | BinOp::RShift => {
            if d.is_float() {
                return Err(CompileError::typing(
                    format!("bitwise operators need integer or bool arrays, not `{a}` and `{b}`"),
                    span,
                ));
            }
            d
        }
        BinOp::MatMul => return matmul(a, b, span),
        _ => d,
    };
    Ok(elementwise(&[a, b], rd))
}

pub fn array_compare(op: CmpOp, a: &Type, b: &Type, span: Span) -> Result<Type> {
    if let Some(t) = super::complex_array::compare(op, a, b, span)? {
        return Ok(t);
    }
    promote(&[a, b])
        .ok_or_else(|| CompileError::typing(format!("cannot compare `{a}` and `{b}`"), span))?;
    Ok(elementwise(&[a, b], Dtype::Bool))
}

fn matmul(a: &Type, b: &Type, span: Span) -> Result<Type> {
    let (Some((da, _, na)), Some((db, _, nb))) = (operand(a), operand(b)) else {
        return Err(CompileError::typing(
            format!("cannot multiply `{a}` and `{b}`"),
            span,
        ));
    };
    if na == 0 || nb == 0 || na > 2 || nb > 2 {
        return Err(CompileError::unsupported(
            format!("`dot`/`@` of `{a}` and `{b}` is not supported (1-D and 2-D arrays only)"),
            span,
        ));
    }
    let d = Dtype::promote(da, db);
    let d = if d == Dtype::Bool { Dtype::Bool } else { d };
    Ok(match (na, nb) {
        (1, 1) => d.scalar(),
        (2, 2) => Type::array(d, 2, Layout::C),
        _ => Type::array(d, 1, Layout::C),
    })
}

/// The type of `a[index...]` where the index has slices, `None` or integers.
pub fn index(arr: &Type, comps: &[Type], span: Span) -> Result<Type> {
    let Type::Array {
        dtype,
        ndim,
        layout,
    } = arr
    else {
        return Err(CompileError::typing(
            format!("`{arr}` is not subscriptable"),
            span,
        ));
    };
    // A tuple of ints indexes as its items (`super::tuple_index`).
    if let [t] = comps {
        if let Some(items) = super::tuple_index::index_items(t) {
            return index(arr, items, span);
        }
    }
    // Boolean mask or integer-array indexing (one index array).
    if comps.len() == 1 {
        if let Type::Array {
            dtype: idx_d,
            ndim: idx_n,
            ..
        } = &comps[0]
        {
            return if *idx_d == Dtype::Bool {
                if idx_n != ndim {
                    Err(CompileError::unsupported(
                        "a boolean mask must have as many dimensions as the array",
                        span,
                    ))
                } else {
                    Ok(Type::array(*dtype, 1, Layout::C))
                }
            } else if idx_d.is_int() {
                Ok(Type::array(*dtype, ndim - 1 + idx_n, Layout::C))
            } else {
                Err(CompileError::unsupported(
                    format!("indexing with `{}` is not supported", comps[0]),
                    span,
                ))
            };
        }
    }
    let mut consumed = 0u8;
    let mut out = 0u8;
    let mut advanced = 0u8;
    for c in comps {
        match c {
            Type::Int | Type::Bool => consumed += 1,
            Type::Slice => {
                consumed += 1;
                out += 1;
            }
            Type::None => out += 1,
            // Integer index arrays among basic indices: broadcast together, their axes
            // replace the axes they index (see `codegen::fancy`).
            // A 1-D boolean mask among other indices stands for its true positions.
            Type::Array {
                dtype: d, ndim: n, ..
            } if d.is_int() || (*d == Dtype::Bool && *n == 1) => {
                advanced = advanced.max(*n);
                consumed += 1;
            }
            t @ Type::Array { .. } => {
                return Err(CompileError::unsupported(
                    format!(
                        "indexing with `{t}` among other indices is not supported (integer \
                         arrays with integers, slices and `None` are)"
                    ),
                    span,
                ))
            }
            t => {
                return Err(CompileError::unsupported(
                    format!("indexing with `{t}` is not supported"),
                    span,
                ))
            }
        }
    }
    if consumed > *ndim {
        return Err(CompileError::typing(
            format!(
                "too many indices for `{arr}`: {ndim}-dimensional, but {consumed} were indexed"
            ),
            span,
        ));
    }
    // `advanced` is the index arrays' broadcast rank.
    let has_arrays = comps.iter().any(|c| matches!(c, Type::Array { .. }));
    let out = out + (ndim - consumed) + if has_arrays { advanced } else { 0 };
    if has_arrays {
        return Ok(Type::array(*dtype, out, Layout::C));
    }
    if out == 0 {
        return Ok(dtype.scalar());
    }
    // C layout survives `a[i]`, `a[i, :]`, `a[lo:hi]`, `a[lo:hi, :]`: leading integers, at most
    // one leading step-less slice, then full slices (typing cannot see steps: slices lose it).
    let lead_ints = comps
        .iter()
        .take_while(|c| matches!(c, Type::Int | Type::Bool))
        .count();
    let rest = &comps[lead_ints..];
    let keeps_c = *layout == Layout::C && rest.iter().all(|c| *c != Type::None) && rest.len() <= 1;
    Ok(Type::array(
        *dtype,
        out,
        if keeps_c && rest.is_empty() {
            Layout::C
        } else {
            Layout::A
        },
    ))
}

/// An `axis` argument that is absent, `None` or a literal int within `-nd..nd`.
pub(super) fn literal_axis(a: Option<&Arg>, nd: u8, what: &str, span: Span) -> Result<Option<i64>> {
    Ok(match a {
        None => None,
        Some(a) if a.ty == Type::None => None,
        Some(a) => match a.konst {
            Some(k) if k >= -(nd as i64) && k < nd as i64 => Some(k),
            Some(k) => {
                return Err(CompileError::typing(
                    format!("axis {k} is out of bounds for array of dimension {nd}"),
                    span,
                ))
            }
            None => {
                return Err(CompileError::unsupported(
                    format!("the `axis` of `{what}` must be an integer literal"),
                    span,
                ))
            }
        },
    })
}

/// The dtype NumPy sums and multiplies `d` in: unsigned integers in uint64, other integers
/// and bools in int64.
pub(super) fn acc_dtype(d: Dtype) -> Dtype {
    if d.is_float() {
        d
    } else if d.is_unsigned() {
        Dtype::Uint64
    } else {
        Dtype::Int64
    }
}

pub(super) fn size_ndim(t: Option<&Arg>, what: &str, span: Span) -> Result<Option<u8>> {
    match t.map(|a| &a.ty) {
        None | Some(Type::None) => Ok(None),
        Some(Type::Int) => Ok(Some(1)),
        Some(Type::Tuple(items)) if !items.is_empty() && items.iter().all(|t| *t == Type::Int) => {
            Ok(Some(items.len() as u8))
        }
        Some(t) => Err(CompileError::typing(
            format!("the size/shape of `{what}` must be an int or a tuple of ints, not `{t}`"),
            span,
        )),
    }
}

fn dtype_arg(a: Option<&Arg>, default: Dtype, span: Span) -> Result<Dtype> {
    match a.map(|a| &a.ty) {
        None | Some(Type::None) => Ok(default),
        Some(t) => super::dtype_of_value(t).ok_or_else(|| {
            CompileError::unsupported(
                format!("`dtype={t}` is not supported (use a NumPy dtype such as numpy.float64)"),
                span,
            )
        }),
    }
}

fn array_arg<'a>(
    a: Option<&'a Arg>,
    what: &str,
    span: Span,
) -> Result<(Dtype, u8, Layout, &'a Type)> {
    match a.map(|a| &a.ty) {
        Some(
            t @ Type::Array {
                dtype,
                ndim,
                layout,
            },
        ) => Ok((*dtype, *ndim, *layout, t)),
        Some(t) => Err(CompileError::unsupported(
            format!("`{what}` of `{t}` is not supported (arrays only)"),
            span,
        )),
        None => Err(CompileError::typing(
            format!("`{what}` needs an array"),
            span,
        )),
    }
}

/// Element dtype and nesting of a (nested) tuple literal given to `numpy.array`.
fn literal_shape(t: &Type, span: Span) -> Result<(Dtype, Vec<usize>)> {
    match t {
        Type::Tuple(items) => {
            let mut inner: Option<(Dtype, Vec<usize>)> = None;
            for it in items {
                let (d, s) = literal_shape(it, span)?;
                inner = Some(match inner {
                    None => (d, s),
                    Some((d0, s0)) => {
                        if s0 != s {
                            return Err(CompileError::typing(
                                "`numpy.array` of a ragged nested sequence",
                                span,
                            ));
                        }
                        (Dtype::promote(d0, d), s0)
                    }
                });
            }
            // An empty sequence is float64, as in NumPy (`numpy.array(())`).
            let (d, mut s) = inner.unwrap_or((Dtype::Float64, Vec::new()));
            s.insert(0, items.len());
            Ok((d, s))
        }
        t => match Dtype::of_scalar(t) {
            Some(d) => Ok((d, Vec::new())),
            None => Err(CompileError::unsupported(
                format!("`numpy.array` of `{t}` is not supported"),
                span,
            )),
        },
    }
}

/// Type a call of a `numpy` or `numpy.random` function or an array method (receiver first).
pub fn call(f: I, args: &[Arg], kwargs: &[(String, Arg)], span: Span) -> Result<Type> {
    let what = f.qualified();
    // Variadic shapes: `rand(d0, d1, ...)`, `randn(d0, ...)`.
    if matches!(f, I::RandomRand | I::RandomRandn) {
        if !kwargs.is_empty() {
            return Err(CompileError::typing(
                format!("`{what}` takes no keyword arguments"),
                span,
            ));
        }
        if args.iter().any(|a| a.ty != Type::Int) {
            return Err(CompileError::typing(
                format!("the dimensions of `{what}` must be ints"),
                span,
            ));
        }
        return Ok(if args.is_empty() {
            Type::Float
        } else {
            Type::array(Dtype::Float64, args.len() as u8, Layout::C)
        });
    }
    let b = bind(f, args, kwargs, span)?;
    if let Some(t) = super::complex_array::call(f, &b, &what, span)? {
        return Ok(t);
    }
    super::complex::refuse_complex_call(f, &b, &what, span)?;
    let zero_d = b
        .iter()
        .flatten()
        .any(|a| matches!(a.ty, Type::Array { ndim: 0, .. }));
    if zero_d && !zero_d_call(f) {
        return Err(CompileError::unsupported(
            format!("`{what}` of a 0-d array is not supported yet (read its value with `a[()]`)"),
            span,
        ));
    }
    match f.rule() {
        Rule::Draw { size, int } => return draw_type(f, size, int, &b, &what, span),
        _ if f.module() == crate::intrinsics::Module::Random => {
            return random_type(f, &b, &what, span)
        }
        Rule::Reduce(rule) => return reduce_type(f, rule, &b, &what, span),
        Rule::Unary(rule) => return unary_type(f, rule, &b, &what, span),
        Rule::Binary(rule) => {
            if f == I::Nextafter {
                let ts: Vec<&Type> = b.iter().flatten().map(|a| &a.ty).collect();
                if let Some(d) = promote(&ts) {
                    refuse_half_precision(f, d, &what, span)?;
                }
            }
            return binary_type(rule, &b, &what, span);
        }
        Rule::Linalg(rule) => return super::linalg::call(f, rule, &b, &what, span),
        Rule::Fft(rule) => return super::fft::call(rule, &b, &what, span),
        Rule::Manip(rule) => return super::manipulation::call(f, rule, &b, &what, span),
        Rule::Stats(rule) => return super::statistics::call(f, rule, &b, &what, span),
        Rule::Search(rule) => return super::search::call(rule, &b, &what, span),
        Rule::Signal(rule) => return super::signal::call(rule, &b, &what, span),
        _ => {}
    }
    other_type(f, &b, &what, span)
}

/// The result of a random draw: a scalar, or an array of the `size` argument's shape.
fn draw_type(
    f: I,
    size: usize,
    int: bool,
    b: &[Option<Arg>],
    what: &str,
    span: Span,
) -> Result<Type> {
    let get = |i: usize| b.get(i).and_then(|x| x.as_ref());
    let float_or = |d: Dtype, nd: Option<u8>| match nd {
        None => d.scalar(),
        Some(n) => Type::array(d, n, Layout::C),
    };
    let arrays = super::generator::draw_params(f, b, 0, size, what, span)?;
    let d = if int { Dtype::Int64 } else { Dtype::Float64 };
    // Array parameters: an array of `size`'s shape, or of their broadcast shape.
    Ok(float_or(d, size_ndim(get(size), what, span)?.or(arrays)))
}

/// Other `numpy.random` functions: seeding, shuffling, permutations.
fn random_type(f: I, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let get = |i: usize| b.get(i).and_then(|x| x.as_ref());
    Ok(match f {
        I::RandomSeed => {
            if get(0).map(|a| &a.ty) != Some(&Type::Int) {
                return Err(CompileError::typing(
                    "`numpy.random.seed` takes an int",
                    span,
                ));
            }
            Type::None
        }
        I::RandomDefaultRng => return super::generator::default_rng_type(b, span),
        I::RandomChoice => return super::generator::choice_type(b, 0, what, span),
        I::RandomMultivariateNormal => {
            return super::generator::multivariate_normal_type(b, what, span)
        }
        I::RandomShuffle => {
            array_arg(get(0), what, span)?;
            Type::None
        }
        I::RandomPermutation => match get(0).map(|a| &a.ty) {
            Some(Type::Int) => Type::array(Dtype::Int64, 1, Layout::C),
            _ => {
                let (d, nd, _, _) = array_arg(get(0), what, span)?;
                Type::array(d, nd, Layout::C)
            }
        },
        _ => {
            return Err(CompileError::unsupported(
                format!("`{what}` is not supported by oxjit yet"),
                span,
            ))
        }
    })
}

/// A reduction over the whole array or one `axis` (a literal).
/// The NumPy functions that take 0-d arrays: element-wise functions (a scalar result, as
/// NumPy's), the reductions of [`zero_d_reduction`] and the copies and views below.
fn zero_d_call(f: I) -> bool {
    matches!(f.rule(), Rule::Unary(_) | Rule::Binary(_) | Rule::Reduce(_))
        || matches!(
            f,
            I::Copy
                | I::EmptyLike
                | I::ZerosLike
                | I::OnesLike
                | I::FullLike
                | I::Transpose
                | I::Reshape
                | I::Ravel
                | I::MethodAstype
                | I::MethodFill
                | I::MethodItem
        )
}

/// The reductions compiled for a 0-d array (its one element, as a scalar of the result type;
/// `codegen/numpy_calls.rs`).
pub fn zero_d_reduction(f: I) -> bool {
    matches!(
        f,
        I::Sum | I::Prod | I::Min | I::Max | I::Amin | I::Amax | I::Mean
    )
}

fn reduce_type(f: I, rule: ReduceRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let get = |i: usize| b.get(i).and_then(|x| x.as_ref());
    let (d, nd, _, _) = array_arg(get(0), what, span)?;
    if nd == 0 && !(zero_d_reduction(f) && get(1).is_none_or(|a| a.ty == Type::None)) {
        return Err(CompileError::unsupported(
            format!("`{what}` of a 0-d array is not supported (`sum`, `prod`, `min`, `max` and `mean` are; read the value with `a[()]`)"),
            span,
        ));
    }
    // `ddof` of `var`/`std`: a number.
    if let Some(t) = get(2).map(|a| &a.ty).filter(|t| !t.is_number()) {
        return Err(CompileError::typing(
            format!("`ddof` of `{what}` must be a number, not `{t}`"),
            span,
        ));
    }
    let axis = literal_axis(get(1), nd, what, span)?;
    let rd = match rule {
        ReduceRule::Accumulate | ReduceRule::Cumulative => acc_dtype(d),
        ReduceRule::Float => float_of(d),
        ReduceRule::Index => Dtype::Int64,
        ReduceRule::Bool => Dtype::Bool,
        ReduceRule::Same => d,
    };
    if rule == ReduceRule::Cumulative {
        return Ok(Type::array(
            rd,
            if axis.is_some() { nd } else { 1 },
            Layout::C,
        ));
    }
    Ok(match axis {
        Some(_) if nd > 1 => Type::array(rd, nd - 1, Layout::C),
        _ => rd.scalar(),
    })
}

/// An element-wise function of one argument.
fn unary_type(f: I, rule: UnaryRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let get = |i: usize| b.get(i).and_then(|x| x.as_ref());
    let a =
        get(0).ok_or_else(|| CompileError::typing(format!("`{what}` needs an argument"), span))?;
    let decimals = get(1).filter(|_| matches!(f, I::Round | I::Around));
    if decimals.is_some_and(|d| d.konst.is_none()) {
        return Err(CompileError::unsupported(
            format!("`decimals` of `{what}` must be a literal int"),
            span,
        ));
    }
    let (d, _, _) = operand(&a.ty).ok_or_else(|| {
        CompileError::typing(format!("`{what}` of `{}` is not supported", a.ty), span)
    })?;
    if d == Dtype::Bool && decimals.is_some_and(|d| d.konst != Some(0)) {
        return Err(CompileError::typing(
            "Cannot cast ufunc 'multiply' output from dtype('float64') to dtype('bool') with \
             casting rule 'same_kind'",
            span,
        ));
    }
    if matches!(rule, UnaryRule::Integer | UnaryRule::Count) && !(d.is_int() || d == Dtype::Bool) {
        return Err(CompileError::typing(
            format!(
                "ufunc '{what}' not supported for the input types (`{}`)",
                a.ty
            ),
            span,
        ));
    }
    if f == I::Spacing {
        refuse_half_precision(f, d, what, span)?;
    }
    let rd = match rule {
        UnaryRule::Float => ufunc_float_of(d),
        UnaryRule::Bool => Dtype::Bool,
        UnaryRule::Integer => d,
        UnaryRule::SameIntBool if d == Dtype::Bool => Dtype::Int64,
        UnaryRule::SameIntBool | UnaryRule::Same => d,
        UnaryRule::SameBoolInt8 if d == Dtype::Bool => Dtype::Int8,
        UnaryRule::SameBoolInt8 => d,
        UnaryRule::Count => Dtype::Uint8,
    };
    Ok(elementwise(&[&a.ty], rd))
}

/// An element-wise function of two arguments (NumPy's promotion).
fn binary_type(rule: BinaryRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let get = |i: usize| b.get(i).and_then(|x| x.as_ref());
    let (Some(x), Some(y)) = (get(0), get(1)) else {
        return Err(CompileError::typing(
            format!("`{what}` needs two arguments"),
            span,
        ));
    };
    if rule == BinaryRule::Ldexp {
        return super::ufunc_more::ldexp_type(&x.ty, &y.ty, what, span);
    }
    let d = promote(&[&x.ty, &y.ty]).ok_or_else(|| {
        CompileError::typing(format!("`{what}` of `{}` and `{}`", x.ty, y.ty), span)
    })?;
    let integer = matches!(
        rule,
        BinaryRule::Integer | BinaryRule::IntegerNoBool | BinaryRule::Bitwise
    );
    let bool_ok = matches!(rule, BinaryRule::Integer | BinaryRule::Bitwise);
    if integer && !(d.is_int() || (bool_ok && d == Dtype::Bool)) {
        return Err(CompileError::typing(
            format!(
                "ufunc '{what}' not supported for the input types (`{}`, `{}`)",
                x.ty, y.ty
            ),
            span,
        ));
    }
    let rd = match rule {
        BinaryRule::Integer | BinaryRule::IntegerNoBool if d == Dtype::Bool => Dtype::Int64,
        BinaryRule::Integer | BinaryRule::IntegerNoBool => d,
        BinaryRule::Bool => Dtype::Bool,
        BinaryRule::Float => ufunc_float_of(d),
        BinaryRule::TrueDivide => float_of(d),
        BinaryRule::Float64 => Dtype::Float64,
        BinaryRule::Promote if d == Dtype::Bool => Dtype::Int64,
        BinaryRule::Promote | BinaryRule::PromoteKeepBool | BinaryRule::Bitwise => d,
        BinaryRule::Ldexp => float_of(d),
    };
    Ok(elementwise(&[&x.ty, &y.ty], rd))
}

/// Creation, products, shape functions and methods.
fn other_type(f: I, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let get = |i: usize| b.get(i).and_then(|x| x.as_ref());
    Ok(match f {
        I::Empty | I::Zeros | I::Ones | I::Full => {
            let nd = size_ndim(get(0), what, span)?
                .ok_or_else(|| CompileError::typing(format!("`{what}` needs a shape"), span))?;
            let (dpos, default) = if f == I::Full {
                let fill = get(1)
                    .ok_or_else(|| CompileError::typing("`numpy.full` needs a fill_value", span))?;
                let d = Dtype::of_scalar(&fill.ty).ok_or_else(|| {
                    CompileError::typing(format!("fill_value of `{}`", fill.ty), span)
                })?;
                (2, d)
            } else {
                (1, Dtype::Float64)
            };
            Type::array(dtype_arg(get(dpos), default, span)?, nd, Layout::C)
        }
        I::EmptyLike | I::ZerosLike | I::OnesLike | I::FullLike | I::Copy | I::MethodAstype => {
            let (d, nd, _, _) = array_arg(get(0), what, span)?;
            let dpos = match f {
                I::FullLike => 2,
                I::Copy => usize::MAX,
                _ => 1,
            };
            if f == I::MethodAstype && get(1).is_none() {
                return Err(CompileError::typing("`astype` needs a dtype", span));
            }
            Type::array(dtype_arg(get(dpos), d, span)?, nd, Layout::C)
        }
        I::Array | I::Asarray => {
            let obj = get(0)
                .ok_or_else(|| CompileError::typing("`numpy.array` needs an object", span))?;
            if let Type::Array { dtype, ndim, .. } = &obj.ty {
                return Ok(Type::array(
                    dtype_arg(get(1), *dtype, span)?,
                    *ndim,
                    Layout::C,
                ));
            }
            let (d, shape) = literal_shape(&obj.ty, span)?;
            if shape.is_empty() {
                return Err(CompileError::unsupported(
                    "0-dimensional arrays (`numpy.array(scalar)`) are not supported yet",
                    span,
                ));
            }
            Type::array(dtype_arg(get(1), d, span)?, shape.len() as u8, Layout::C)
        }
        I::Arange => {
            let mut d = Dtype::Int64;
            for i in 0..3 {
                match get(i).map(|a| &a.ty) {
                    None | Some(Type::None) | Some(Type::Int) | Some(Type::Bool) => {}
                    Some(Type::Float) | Some(Type::Float32) => d = Dtype::Float64,
                    Some(t) => {
                        return Err(CompileError::typing(
                            format!("`numpy.arange` of `{t}`"),
                            span,
                        ))
                    }
                }
            }
            Type::array(dtype_arg(get(3), d, span)?, 1, Layout::C)
        }
        I::Frexp | I::Modf | I::Divmod | I::Vecdot | I::Matvec | I::Vecmat => {
            return super::ufunc_more::call(f, b, what, span)
        }
        I::Linspace => {
            let ok = |i: usize, int_only: bool| match get(i).map(|a| &a.ty) {
                None => true,
                Some(t) if int_only => matches!(t, Type::Int | Type::Bool),
                Some(t) => t.is_real_scalar(),
            };
            if !(ok(0, false) && ok(1, false) && ok(2, true) && ok(3, true)) {
                return Err(CompileError::unsupported(
                    "`numpy.linspace` takes real numbers `start` and `stop`, an int `num` and a \
                     bool `endpoint` here",
                    span,
                ));
            }
            Type::array(Dtype::Float64, 1, Layout::C)
        }
        I::Eye | I::Identity => Type::array(Dtype::Float64, 2, Layout::C),
        I::UnravelIndex => {
            let ints = |t: Option<&Type>| match t {
                Some(Type::Int) => Some(1),
                Some(Type::Tuple(items)) if items.iter().all(|t| *t == Type::Int) => {
                    Some(items.len())
                }
                _ => None,
            };
            match (get(0).map(|a| &a.ty), ints(get(1).map(|a| &a.ty))) {
                (Some(Type::Int | Type::Bool), Some(n)) => Type::Tuple(vec![Type::Int; n]),
                _ => {
                    return Err(CompileError::unsupported(
                        "`numpy.unravel_index` takes an int index and a shape (an int or a \
                         tuple of ints) here",
                        span,
                    ))
                }
            }
        }
        // `where(condition)` is `nonzero(condition)`.
        I::Where if get(1).is_none() && get(2).is_none() => {
            super::rearrange::nonzero(get(0), what, span)?
        }
        I::Where => {
            let (Some(c), Some(x), Some(y)) = (get(0), get(1), get(2)) else {
                return Err(CompileError::typing(
                    "either both or neither of x and y should be given (`numpy.where`)",
                    span,
                ));
            };
            let d = promote(&[&x.ty, &y.ty]).ok_or_else(|| {
                CompileError::typing(format!("`numpy.where` of `{}` and `{}`", x.ty, y.ty), span)
            })?;
            elementwise(&[&c.ty, &x.ty, &y.ty], d)
        }
        I::Clip => {
            let (Some(a), Some(lo), Some(hi)) = (get(0), get(1), get(2)) else {
                return Err(CompileError::typing("`clip` needs a_min and a_max", span));
            };
            let d = promote(&[&a.ty, &lo.ty, &hi.ty])
                .ok_or_else(|| CompileError::typing("`clip` of non-numbers", span))?;
            elementwise(&[&a.ty, &lo.ty, &hi.ty], d)
        }
        I::Dot | I::Matmul | I::Vdot => {
            let (Some(a), Some(b)) = (get(0), get(1)) else {
                return Err(CompileError::typing(
                    format!("`{what}` needs two arguments"),
                    span,
                ));
            };
            if a.ty.is_number() && b.ty.is_number() {
                let d = promote(&[&a.ty, &b.ty]).ok_or_else(|| {
                    CompileError::typing(format!("`{what}` of `{}` and `{}`", a.ty, b.ty), span)
                })?;
                return Ok(d.scalar());
            }
            matmul(&a.ty, &b.ty, span)?
        }
        I::Outer => {
            let (Some(a), Some(b)) = (get(0), get(1)) else {
                return Err(CompileError::typing("`numpy.outer` needs two arrays", span));
            };
            let d = promote(&[&a.ty, &b.ty]).ok_or_else(|| CompileError::typing("outer", span))?;
            Type::array(d, 2, Layout::C)
        }
        I::Transpose => {
            let (d, nd, layout, _) = array_arg(get(0), what, span)?;
            let l = match layout {
                Layout::C if nd > 1 => Layout::F,
                Layout::F if nd > 1 => Layout::C,
                l => l,
            };
            Type::array(d, nd, l)
        }
        I::Sort | I::Argsort => {
            let (d, nd, _, _) = array_arg(get(0), what, span)?;
            // `axis=None` sorts the flattened array; the default is the last axis.
            let flat = matches!(get(1), Some(a) if a.ty == Type::None);
            if get(1).is_some() && !flat {
                literal_axis(get(1), nd, what, span)?;
            }
            super::rearrange::word(
                get(2),
                "kind",
                &[
                    Word::Quicksort,
                    Word::Mergesort,
                    Word::Heapsort,
                    Word::Stable,
                ],
                what,
                span,
            )?;
            Type::array(
                if f == I::Argsort { Dtype::Int64 } else { d },
                if flat { 1 } else { nd },
                Layout::C,
            )
        }
        I::Ravel | I::MethodFlatten => {
            let (d, _, _, _) = array_arg(get(0), what, span)?;
            Type::array(d, 1, Layout::C)
        }
        I::Reshape => {
            let (d, _, _, _) = array_arg(get(0), what, span)?;
            let nd = size_ndim(get(1), what, span)?
                .ok_or_else(|| CompileError::typing("`reshape` needs a shape", span))?;
            Type::array(d, nd, Layout::C)
        }
        I::Put => {
            array_arg(get(0), what, span)?;
            match get(1).map(|a| &a.ty) {
                Some(Type::Int) => {}
                Some(Type::Tuple(items)) if items.iter().all(|t| *t == Type::Int) => {}
                Some(Type::Array { dtype, .. }) if dtype.is_int() => {}
                t => {
                    return Err(CompileError::unsupported(
                        format!(
                            "`ind` of `{what}` must be an int, a tuple or list display of ints \
                             or an integer array, not `{}`",
                            t.map_or("nothing".to_string(), |t| t.to_string())
                        ),
                        span,
                    ))
                }
            }
            match get(2).map(|a| &a.ty) {
                Some(t) if t.is_number() => {}
                Some(Type::Tuple(items)) if items.iter().all(|t| t.is_number()) => {}
                Some(Type::Array { dtype, .. }) if !dtype.is_complex() => {}
                t => {
                    return Err(CompileError::unsupported(
                        format!(
                            "`v` of `{what}` must be a number, a tuple or list display of \
                             numbers or a real array, not `{}`",
                            t.map_or("nothing".to_string(), |t| t.to_string())
                        ),
                        span,
                    ))
                }
            }
            Type::None
        }
        I::MethodFill => {
            array_arg(get(0), what, span)?;
            Type::None
        }
        I::MethodTolist => {
            let (d, nd, _, _) = array_arg(get(0), what, span)?;
            // NumPy's `tolist` gives Python scalars: a float32 item becomes a float.
            let item = match d {
                Dtype::Float32 => Type::Float,
                Dtype::Complex64 | Dtype::Complex128 | Dtype::Record(_) => {
                    return Err(CompileError::unsupported(
                        format!("`tolist` of a {} array is not supported yet", d.name()),
                        span,
                    ))
                }
                d => d.scalar(),
            };
            match nd {
                1 => Type::List(Box::new(item)),
                2 => Type::List(Box::new(Type::List(Box::new(item)))),
                _ => {
                    return Err(CompileError::unsupported(
                        format!("`tolist` of a {nd}-D array is not supported (1-D and 2-D are)"),
                        span,
                    ))
                }
            }
        }
        _ => {
            return Err(CompileError::unsupported(
                format!("`{what}` is not supported by oxjit yet"),
                span,
            ))
        }
    })
}

/// `a.reshape(d0, d1, ...)`: the variadic form has as many dimensions as arguments.
pub fn reshape_variadic(arr: &Type, dims: &[Arg], span: Span) -> Result<Type> {
    let Type::Array { dtype, .. } = arr else {
        return Err(CompileError::typing("`reshape` of a non-array", span));
    };
    if dims.iter().any(|a| a.ty != Type::Int) {
        return Err(CompileError::typing(
            "the dimensions of `reshape` must be ints",
            span,
        ));
    }
    Ok(Type::array(*dtype, dims.len() as u8, Layout::C))
}
