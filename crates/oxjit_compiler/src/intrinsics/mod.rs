//! The functions oxjit compiles — NumPy (`numpy`, `numpy.random`), `math`, Python's `random`,
//! builtins and array methods — as one table (`table.rs`). Each entry gives the parameters (for binding positional
//! and keyword arguments the same way in typing and codegen), the typing rule, the effects,
//! whether it fuses and how it lowers.
//!
//! Names are matched as strings only here (`resolve`, `method`, `constant`): past the frontend a function
//! is an `Intrinsic` value and typing, passes and codegen match on the enum.

use crate::error::{CompileError, Result, Span};
use crate::ir::{BinOp, CmpOp};
use oxjit_runtime::decls::RtFn;

pub mod docs;

mod table;
mod word;
pub use table::Intrinsic;
use table::TABLE;
pub use word::Word;

/// Where a function lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Module {
    Numpy,
    Random,
    /// `numpy.linalg`.
    Linalg,
    /// `numpy.fft`.
    Fft,
    Math,
    Builtins,
    /// An array method with no `numpy` function of the same meaning (`a.fill`, `a.sort()`).
    Array,
    /// A method of `list` (`lst.append(x)`); the receiver is the first parameter.
    List,
    /// A method of `dict` (`d.get(k, 0)`); the receiver is the first parameter.
    Dict,
    /// A method of `set` (`s.add(x)`); the receiver is the first parameter.
    Set,
    /// Python's `random` module (its own state, separate from `numpy.random`'s).
    PyRandom,
    /// A method of `str` (`s.split()`); the receiver is the first parameter.
    Str,
    /// Python's `cmath` module.
    Cmath,
    /// A method of a Python `complex` (`z.conjugate()`); the receiver is the first parameter.
    Complex,
    /// `oxjit.typed` (Numba's `numba.typed`): the `List` and `Dict` constructors.
    Typed,
    /// A method of a `numpy.random.Generator` (`rng.normal(...)`); the receiver is the first
    /// parameter.
    Generator,
}

/// How a parameter may be passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// By position or by keyword.
    Either,
    /// By position only (`math` functions and builtins).
    Positional,
    /// By keyword only.
    Keyword,
    /// Any number of positional values (`rand(d0, d1, ...)`); typing and codegen take them
    /// before binding.
    Variadic,
}

/// One parameter: its name, how it is passed and its default as Python shows it (`None` when
/// the argument is required).
#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub pass: Pass,
    pub default: Option<&'static str>,
}

const fn req(name: &'static str) -> Param {
    Param {
        name,
        pass: Pass::Either,
        default: None,
    }
}
const fn opt(name: &'static str, default: &'static str) -> Param {
    Param {
        name,
        pass: Pass::Either,
        default: Some(default),
    }
}
const fn pos(name: &'static str) -> Param {
    Param {
        name,
        pass: Pass::Positional,
        default: None,
    }
}
/// A positional-only parameter with a default.
const fn popt(name: &'static str, default: &'static str) -> Param {
    Param {
        name,
        pass: Pass::Positional,
        default: Some(default),
    }
}
const fn kw(name: &'static str, default: &'static str) -> Param {
    Param {
        name,
        pass: Pass::Keyword,
        default: Some(default),
    }
}
const fn var(name: &'static str) -> Param {
    Param {
        name,
        pass: Pass::Variadic,
        default: None,
    }
}

/// The result dtype of an element-wise function of one argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryRule {
    /// Floating point by NumPy's ufunc loops: float32 for float32, int16 and uint16 (the
    /// float16 of int8, uint8 and bool becomes float64), else float64.
    Float,
    /// The argument's dtype.
    Same,
    /// The argument's dtype, bool becoming int64.
    SameIntBool,
    /// bool.
    Bool,
    /// The argument's dtype, which must be an integer or bool (`invert`; NumPy's `TypeError`
    /// for floats).
    Integer,
    /// The argument's dtype, bool becoming int8 (`reciprocal`: NumPy's first loop a bool
    /// casts to).
    SameBoolInt8,
    /// uint8 of an integer or bool (`bitwise_count`; NumPy's `TypeError` for floats).
    Count,
}

/// The result dtype of an element-wise function of two arguments (after promotion).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryRule {
    /// The promoted dtype, bool becoming int64.
    Promote,
    /// The promoted dtype, bool staying bool.
    PromoteKeepBool,
    /// Floating point by NumPy's ufunc loops (`arctan2`, `hypot`, …): float32 for float32,
    /// int16 and uint16 operands (the float16 of int8, uint8 and bool becomes float64).
    Float,
    /// Floating point, any integer giving float64 (`divide`, `true_divide`).
    TrueDivide,
    /// float64 whatever the inputs (`float_power`).
    Float64,
    /// The promoted dtype, which must be an integer (bool becoming int64: the shifts);
    /// floats are NumPy's `TypeError`.
    Integer,
    /// As `Integer`, bools refused too (`gcd`, `lcm`).
    IntegerNoBool,
    /// As `Integer`, bool staying bool (`bitwise_and`, `bitwise_or`, `bitwise_xor`, as the
    /// operators `&`, `|`, `^`).
    Bitwise,
    /// bool.
    Bool,
    /// The first argument's floating dtype; the second must be an integer or bool (`ldexp`).
    Ldexp,
}

/// The result of a reduction (`axis=` optional).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReduceRule {
    /// int64 for integers and bools, the dtype for floats (`sum`, `prod`).
    Accumulate,
    /// Floating point (`mean`, `var`, `std`).
    Float,
    /// int64 positions (`argmin`, `argmax`).
    Index,
    /// bool (`all`, `any`).
    Bool,
    /// The argument's dtype (`min`, `max`).
    Same,
    /// An array of accumulated values (`cumsum`, `cumprod`).
    Cumulative,
}

/// A `math` function's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathRule {
    Float,
    Int,
    Bool,
    /// Integer arguments (a float is CPython's `TypeError`), an int result.
    Integer,
}

/// The result of a `numpy.linalg` function (float32 when its array arguments are float32,
/// float64 otherwise; typed in `infer::linalg`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinalgRule {
    /// A matrix (`inv`, `pinv`, `cholesky`, `matrix_power`).
    Matrix,
    /// The solution of `a x = b`: shaped like `b` (`solve`).
    Solve,
    /// A number (`det`, `cond`).
    Number,
    /// `(sign, logabsdet)`.
    SignLog,
    /// `(x, residuals, rank, s)`.
    Lstsq,
    /// `(eigenvalues, eigenvectors)`.
    Eigh,
    /// A vector (`eigvalsh`).
    Values,
    /// `(eigenvalues, eigenvectors)`, complex (`eig`).
    Eig,
    /// A complex vector (`eigvals`).
    ComplexValues,
    /// `(U, S, Vh)`, or `S` when `compute_uv` is the literal `False`.
    Svd,
    /// `(Q, R)`.
    Qr,
    /// An int (`matrix_rank`).
    Rank,
    /// A number, or a vector of norms when `axis` is an int and the argument a matrix.
    Norm,
}

/// The result of a `numpy.fft` helper (typed in `infer::fft`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FftRule {
    /// Sample frequencies: a float64 vector (`fftfreq`, `rfftfreq`).
    Freq,
    /// A rolled copy of the argument (`fftshift`, `ifftshift`).
    Shift,
    /// A complex transform along one axis (`fft`, `ifft`): complex128 out.
    Transform,
    /// A complex transform over several axes (`fft2`, `fftn`, ...): complex128 out.
    TransformAll,
    /// Real in, a half spectrum over several axes out (`rfft2`, `rfftn`).
    RfftAll,
    /// A half spectrum over several axes in, real out (`irfft2`, `irfftn`).
    IrfftAll,
    /// Real in, `n // 2 + 1` complex points out (`rfft`).
    Rfft,
    /// Complex in, `n` real points out (`irfft`).
    Irfft,
}

/// The result of an array manipulation routine (typed in `infer::manipulation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManipRule {
    /// The argument's dtype and number of axes (`tile`, `diff`).
    Same,
    /// The argument's dtype; 1-D without `axis`, else its number of axes (`repeat`).
    Repeat,
    /// A vector of the argument's dtype (`unique`).
    Vector,
    /// A matrix of the argument's dtype (`triu`, `tril`).
    Matrix,
    /// A float: the (weighted) mean over the whole array (`average`).
    Average,
    /// A join of a sequence of arrays (`concatenate`, `hstack`, `vstack`, `dstack`,
    /// `column_stack`): their promoted dtype and at least `min_ndim` axes (`concatenate` with
    /// `axis=None`: one).
    Join { min_ndim: u8 },
    /// `stack`: the promoted dtype, one more axis than the arrays.
    Stack,
    /// `split`, `array_split`: a tuple of arrays like the argument, one per section (a literal
    /// number of sections, or a tuple or list of indices).
    Split,
    /// The argument's dtype and number of axes, elements moved (`flip`, `roll`, `pad`,
    /// `swapaxes`, `moveaxis`).
    Reorder,
    /// Elements added or removed along an axis (`append`, `insert`, `delete`): 1-D without
    /// `axis`, else the argument's axes; `append` promotes the two dtypes.
    Edit,
    /// One more axis (`expand_dims`).
    AddAxis,
    /// One axis less (`squeeze` of an int `axis`).
    DropAxis,
    /// The axes of the `shape` argument (`broadcast_to`).
    Broadcast,
    /// A tuple of 2 or 3 coordinate arrays (`meshgrid`).
    Meshgrid,
    /// At least this many axes (`atleast_1d`, ...).
    AtLeast(u8),
    /// A vector to a matrix, a matrix to a vector (`diag`).
    Diag,
    /// One axis less: the diagonal last (`diagonal`).
    Diagonal,
    /// A number: the sum of a matrix's diagonal in NumPy's accumulator dtype (`trace`).
    Trace,
    /// The promoted dtype, the larger number of axes (`kron`, `cross`).
    Product,
    /// A tuple of int64 index vectors, one per axis (`nonzero`; `where` of one argument).
    Nonzero,
    /// An int64 matrix of indices, one row per element (`argwhere`).
    Argwhere,
    /// An int64 vector of C-order positions (`flatnonzero`).
    Flatnonzero,
    /// The argument's dtype; the indices' axes in place of `axis` (`take`).
    Take,
    /// A Python number (`a.item()`).
    Item,
}

impl ManipRule {
    /// Whether the routine takes arrays of any number of axes (typed in `infer::rearrange`;
    /// the others take 1-D and 2-D arrays).
    pub fn any_ndim(self) -> bool {
        !matches!(
            self,
            ManipRule::Same
                | ManipRule::Repeat
                | ManipRule::Vector
                | ManipRule::Matrix
                | ManipRule::Average
        )
    }
}

/// The result of a statistics routine (typed in `infer::statistics`): one value for the
/// whole array, or one per lane when a matrix is reduced along an int `axis`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsRule {
    /// Floating point: `median`, `nanmedian` (`(a, axis)`).
    Median,
    /// Floating point, with a number or 1-D array `q` before `axis` (`quantile`, ...).
    Quantile,
    /// int64 for integers and bools, the dtype for floats (`nansum`).
    Sum,
    /// Floating point (`nanmean`, `nanvar`, `nanstd`; `ddof` keyword).
    Moment,
    /// The argument's dtype (`nanmin`, `nanmax`).
    Extreme,
    /// The argument's dtype, bools refused as NumPy's subtraction does (`ptp`).
    Range,
    /// int64 positions or counts (`nanargmin`, `nanargmax`, `count_nonzero`).
    Index,
    /// A Python float, exactly rounded, of a 1-D array, list or tuple (`math.fsum`).
    Fsum,
    /// An int, or a float when the sequence or `start` is (`math.prod`).
    Prod,
    /// A float from two sequences of one length (`math.dist`).
    Dist,
}

impl StatsRule {
    /// The result as the generated docs table shows it.
    pub fn describe(self) -> &'static str {
        match self {
            StatsRule::Median => "float; vector with `axis`",
            StatsRule::Quantile => "float, or vector for an array `q`; one more axis with `axis`",
            StatsRule::Sum => "int64 or the float dtype; vector with `axis`",
            StatsRule::Moment => "float; vector with `axis`",
            StatsRule::Extreme | StatsRule::Range => "same dtype; vector with `axis`",
            StatsRule::Index => "int64; vector with `axis`",
            StatsRule::Fsum => "float, exactly rounded; 1-D arrays, lists and tuples of numbers",
            StatsRule::Prod => {
                "int, or float if an element or `start` is; 1-D arrays, lists and tuples"
            }
            StatsRule::Dist => "float; 1-D arrays, lists and tuples of one length",
        }
    }
}

/// The result of a searching, counting or set routine (typed in `infer::search`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchRule {
    /// int64 positions shaped like the values (the parameter at `values`), in the sorted
    /// 1-D array at the other of the first two parameters (`searchsorted`, `digitize`).
    Positions { values: u8 },
    /// An int64 vector, float64 with `weights` (`bincount`).
    Counts,
    /// `(hist, bin_edges)` (`histogram`).
    Histogram,
    /// `(H, xedges, yedges)`: a float64 matrix and the edges of each axis (`histogram2d`).
    Histogram2d,
    /// bool, shaped like the first argument (`isin`).
    Membership,
    /// A sorted vector of the arguments' dtype (`intersect1d`, `union1d`, `setdiff1d`).
    Set,
    /// The sorted distinct elements, then the int64 arrays the literal `return_index`,
    /// `return_inverse`, `return_counts` ask for (`unique`).
    Unique,
    /// An int64 vector: the stable order of a sequence of 1-D keys (`lexsort`).
    Lexsort,
    /// The array partitioned along `axis`, or (`indices`) its int64 positions
    /// (`partition`, `argpartition`).
    Partition { indices: bool },
}

impl SearchRule {
    /// The result as the generated docs table shows it.
    pub fn describe(self) -> &'static str {
        match self {
            SearchRule::Positions { .. } => "int64, shaped like the values",
            SearchRule::Counts => "int64 vector (float64 with `weights`)",
            SearchRule::Histogram => "(hist, bin_edges)",
            SearchRule::Histogram2d => "(H, xedges, yedges), H float64",
            SearchRule::Membership => "bool, shaped like `element`",
            SearchRule::Set => "sorted vector of the same dtype",
            SearchRule::Unique => "sorted vector; with `return_*`, a tuple adding int64 arrays",
            SearchRule::Lexsort => "int64 vector",
            SearchRule::Partition { indices: false } => "same dtype and shape",
            SearchRule::Partition { indices: true } => "int64, same shape",
        }
    }
}

/// The result of an interpolation, convolution, integration or comparison routine (typed in
/// `infer::signal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalRule {
    /// float64, shaped like `x` (a number for a number): `interp`.
    Interp,
    /// A vector of the promoted dtype (int64 for integers): `convolve`, `correlate`.
    Convolve,
    /// A float: `trapezoid`.
    Integral,
    /// bool, of the broadcast shape: `isclose`.
    Close,
    /// A bool: `allclose`, `array_equal`.
    Test,
    /// float64: a 0-d array for one vector, else a matrix (`cov`).
    Covariance,
    /// float64: a float for one vector, else a matrix (`corrcoef`).
    Correlation,
    /// float64 shaped like `f`: one array for a literal `axis` or a vector, else a tuple of
    /// one per axis (`gradient`).
    Gradient,
}

impl SignalRule {
    /// The result as the generated docs table shows it.
    pub fn describe(self) -> &'static str {
        match self {
            SignalRule::Interp => "float64, shaped like `x`",
            SignalRule::Convolve => "vector (int64 for integers, else float)",
            SignalRule::Integral => "float",
            SignalRule::Close => "bool, broadcast shape",
            SignalRule::Test => "bool",
            SignalRule::Covariance => "float64 matrix (0-d for one vector)",
            SignalRule::Correlation => "float64 matrix (a float for one vector)",
            SignalRule::Gradient => {
                "float64 like `f` (a tuple of one per axis for `axis=None`, N-D)"
            }
        }
    }
}

/// The typing rule inference dispatches on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Unary(UnaryRule),
    Binary(BinaryRule),
    Reduce(ReduceRule),
    /// A random draw: a scalar, or an array when the parameter at `size` is given.
    Draw {
        size: usize,
        int: bool,
    },
    /// Numbers in, a number out.
    Math(MathRule),
    /// A `numpy.linalg` function.
    Linalg(LinalgRule),
    /// A `numpy.fft` helper.
    Fft(FftRule),
    /// An array manipulation routine.
    Manip(ManipRule),
    /// A statistics routine.
    Stats(StatsRule),
    /// A searching, counting or set routine.
    Search(SearchRule),
    /// An interpolation, convolution, integration or comparison routine.
    Signal(SignalRule),
    /// A rule of its own in `infer` (creation, products, views, builtins, ...).
    Special,
}

/// What a call does besides computing its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effects {
    /// Nothing: the result is a scalar or a lazy element-wise value.
    Pure,
    /// Returns a new array.
    Allocates,
    /// Returns a view of (or the same memory as) an argument.
    View,
    /// Reads and advances the random state (and may write its argument: `shuffle`).
    Random,
    /// Writes its array argument (`a.fill`, `a.sort()`).
    Mutates,
}

/// Whether (and how) a call joins the code around it instead of running on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fuse {
    No,
    /// Element-wise: stays lazy and compiles into the loop of its consumer.
    Elementwise,
    /// A whole-array reduction that can share one pass with other reductions.
    Reduction,
}

/// An element-wise function of one argument (NumPy's unary ufuncs, unary operators, and the
/// `math` functions computed the same way): inline code, or a float64 runtime function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryFn {
    /// `f(x)` by a runtime function `f64 -> f64` (the result converted back to float32 for
    /// float32 operands).
    Call(&'static RtFn),
    Sqrt,
    Deg2rad,
    Rad2deg,
    Square,
    Negative,
    Positive,
    Abs,
    Sign,
    Floor,
    Ceil,
    Trunc,
    Rint,
    Isnan,
    Isinf,
    Isfinite,
    Invert,
    LogicalNot,
    /// The sign bit (`signbit`: true for `-0.0` and negative NaNs).
    Signbit,
    /// `x == +inf` (`isposinf`).
    Isposinf,
    /// `x == -inf` (`isneginf`).
    Isneginf,
    /// The distance to the next float away from zero, in the operand's precision (`spacing`).
    Spacing,
    /// `nan_to_num`: NaN to 0, infinities to the largest finite floats of the operand's
    /// precision (integers unchanged).
    NanToNum,
    /// `round(x, decimals)` with a literal `decimals` other than 0: NumPy's
    /// `rint(x * 10**d) / 10**d` (`rint(x / 10**-d) * 10**-d` for negative `d`), in the
    /// operand's precision; integers are unchanged for `d >= 0`.
    RoundTo(i32),
    /// `1 / x` (NumPy's `reciprocal`; integers below).
    Reciprocal,
    /// NumPy's integer `reciprocal`: `1.0 / x` converted back to the integer dtype, so 1 and
    /// -1 map to themselves, other values to 0, and 0 to `zero` (what x86-64's conversion of
    /// `inf` gives for that dtype: the minimum of int32 and int64, else 0). Internal: chosen
    /// in codegen by the result dtype.
    ReciprocalInt(i64),
    /// The number of one bits of `|x|` (`bitwise_count`).
    BitCount,
    /// The mantissa of `frexp` (in `[0.5, 1)` in magnitude; 0, inf and NaN unchanged).
    FrexpMantissa,
    /// The exponent of `frexp` (0 for 0, inf and NaN).
    FrexpExponent,
    /// The fractional part of `modf` (the sign of `x`; 0 for an infinite `x`).
    ModfFraction,
    /// Wrap an int64 to the width of a narrow integer dtype (the result of NumPy arithmetic on
    /// int8 … uint32 arrays, computed in int64). Internal: no NumPy function.
    Wrap(crate::types::Dtype),
}

impl UnaryFn {
    /// The runtime function computing it on a float64, if it is not inline code.
    pub fn runtime(self) -> Option<&'static RtFn> {
        match self {
            UnaryFn::Call(f) => Some(f),
            _ => None,
        }
    }
}

/// An element-wise operator of two arguments.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum EOp {
    Arith(BinOp),
    Cmp(CmpOp),
    Minimum,
    Maximum,
    Fmin,
    Fmax,
    /// `f(x, y)` by a float64 runtime function `(f64, f64) -> f64` (float32 operands are
    /// promoted and the result demoted, as for [`UnaryFn::Call`]).
    Call(&'static RtFn),
    Copysign,
    /// C's `fmod` (the remainder takes the dividend's sign; integers: a zero divisor gives 0).
    Fmod,
    /// The next float after `x` towards `y`, in the operands' precision.
    Nextafter,
    /// `x * 2**n` (`ldexp`), `n` an integer (saturated to the `i32` range).
    Ldexp,
    /// Greatest common divisor / least common multiple of integers.
    Gcd,
    Lcm,
    And,
    Or,
    Xor,
}

pub use crate::loops::Reduction;

/// What a `math` function's argument must satisfy (CPython raises `ValueError` otherwise).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    Any,
    NonNegative,
    Positive,
    GreaterThanMinusOne,
    Finite,
    UnitInterval,
    /// `x >= 1` (`acosh`).
    AtLeastOne,
    /// `-1 < x < 1` (`atanh`).
    OpenUnitInterval,
    /// Not a pole of `lgamma`: 0, -1, -2, …
    NonPositiveInteger,
    /// Not a pole of `gamma` and not `-inf`.
    GammaPole,
}

/// How a call lowers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lower {
    /// An element-wise kernel of one argument.
    Unary(UnaryFn),
    /// An element-wise operator of two arguments.
    Binary(EOp),
    /// A reduction by one accumulator.
    Reduce(Reduction),
    /// A `math` function: the element-wise kernel after a domain check, with a range check
    /// when it can overflow (`OverflowError`).
    Math {
        f: UnaryFn,
        domain: Domain,
        overflow: bool,
    },
    /// A kernel builder in codegen of its own (products, creation, moments, scans, ...).
    Kernel,
    /// A random draw: a runtime function for a scalar, another to fill an array (the
    /// distribution's parameters follow the output pointer and length).
    Draw {
        scalar: &'static RtFn,
        fill: &'static RtFn,
    },
    /// Code of its own, matched by the intrinsic in codegen (builtins, views, ...).
    Special,
    /// Scalar arguments converted by code of its own, then this runtime function (Python's
    /// `random`, `codegen/py_random.rs`).
    Call(&'static RtFn),
    /// A runtime routine taking its arguments and giving its results in slots (every
    /// parameter in order, see `oxjit_runtime::slots`).
    Slots(&'static RtFn),
    /// A `cmath` function computed by the runtime's `oxjit_rt_cmath` (`codegen/complex.rs`).
    Cmath(oxjit_runtime::complex::Func),
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub f: Intrinsic,
    pub module: Module,
    pub name: &'static str,
    /// Also an array method (`a.sum()` is `numpy.sum(a)`).
    pub method: bool,
    pub params: &'static [Param],
    pub rule: Rule,
    pub effects: Effects,
    pub fuse: Fuse,
    pub lower: Lower,
}

impl Intrinsic {
    pub fn info(self) -> &'static Entry {
        &TABLE[self as usize]
    }
    pub fn name(self) -> &'static str {
        self.info().name
    }
    pub fn module(self) -> Module {
        self.info().module
    }
    pub fn params(self) -> &'static [Param] {
        self.info().params
    }
    pub fn rule(self) -> Rule {
        self.info().rule
    }
    pub fn effects(self) -> Effects {
        self.info().effects
    }
    pub fn fuse(self) -> Fuse {
        self.info().fuse
    }
    pub fn lower(self) -> Lower {
        self.info().lower
    }
    /// The name as written in Python, for messages: `numpy.sum`, `math.sqrt`, `len`.
    pub fn qualified(self) -> String {
        let n = self.name();
        match self.module() {
            Module::Numpy | Module::Array => format!("numpy.{n}"),
            Module::Random => format!("numpy.random.{n}"),
            Module::Linalg => format!("numpy.linalg.{n}"),
            Module::Fft => format!("numpy.fft.{n}"),
            Module::Math => format!("math.{n}"),
            Module::Builtins => n.to_string(),
            Module::List => format!("list.{n}"),
            Module::Dict => format!("dict.{n}"),
            Module::Set => format!("set.{n}"),
            Module::PyRandom => format!("random.{n}"),
            Module::Str => format!("str.{n}"),
            Module::Cmath => format!("cmath.{n}"),
            Module::Complex => format!("complex.{n}"),
            Module::Typed => format!("oxjit.typed.{n}"),
            Module::Generator => format!("numpy.random.Generator.{n}"),
        }
    }
    /// Every intrinsic, in table order.
    pub fn all() -> impl Iterator<Item = Intrinsic> {
        TABLE.iter().map(|e| e.f)
    }
}

/// The function `module.name` (`module` as Python names it: `numpy`, `numpy.random`, `math`,
/// `random`, `builtins`), if oxjit compiles it.
pub fn resolve(module: &str, name: &str) -> Option<Intrinsic> {
    let m = match module {
        "numpy" => Module::Numpy,
        "numpy.random" => Module::Random,
        "numpy.linalg" => Module::Linalg,
        "numpy.fft" => Module::Fft,
        "math" => Module::Math,
        "builtins" => Module::Builtins,
        "random" => Module::PyRandom,
        "cmath" => Module::Cmath,
        "oxjit.typed" => Module::Typed,
        _ => return None,
    };
    TABLE
        .iter()
        .find(|e| e.module == m && e.name == name)
        .map(|e| e.f)
}

const MATH_CONSTS: &[(&str, f64)] = &[
    ("pi", std::f64::consts::PI),
    ("e", std::f64::consts::E),
    ("tau", std::f64::consts::TAU),
    ("inf", f64::INFINITY),
    ("nan", f64::NAN),
];
const NUMPY_CONSTS: &[(&str, f64)] = &[
    ("pi", std::f64::consts::PI),
    ("e", std::f64::consts::E),
    ("inf", f64::INFINITY),
    ("nan", f64::NAN),
    ("NaN", f64::NAN),
    ("NAN", f64::NAN),
    ("Inf", f64::INFINITY),
];

/// The complex constants of `cmath`: `(name, real, imaginary)`.
const CMATH_COMPLEX_CONSTS: &[(&str, f64, f64)] =
    &[("infj", 0.0, f64::INFINITY), ("nanj", 0.0, f64::NAN)];

/// The complex constant `module.attr` (`cmath.infj`), as its real and imaginary parts.
pub fn complex_constant(module: &str, attr: &str) -> Option<(f64, f64)> {
    (module == "cmath")
        .then(|| CMATH_COMPLEX_CONSTS.iter().find(|(n, ..)| *n == attr))
        .flatten()
        .map(|(_, re, im)| (*re, *im))
}

/// The complex method `z.<name>`, if oxjit compiles it.
pub fn complex_method(name: &str) -> Option<Intrinsic> {
    TABLE
        .iter()
        .find(|e| e.module == Module::Complex && e.name == name)
        .map(|e| e.f)
}

/// The constant value of a math/numpy module attribute such as `math.pi`.
pub fn constant(module: &str, attr: &str) -> Option<f64> {
    let table = match module {
        "math" | "cmath" => MATH_CONSTS,
        "numpy" => NUMPY_CONSTS,
        _ => return Option::None,
    };
    table.iter().find(|(n, _)| *n == attr).map(|(_, v)| *v)
}

/// The array method `a.<name>`, if oxjit compiles it.
pub fn method(name: &str) -> Option<Intrinsic> {
    TABLE
        .iter()
        .find(|e| e.module == Module::Array && e.name == name)
        .or_else(|| {
            TABLE
                .iter()
                .find(|e| e.method && e.module == Module::Numpy && e.name == name)
        })
        .map(|e| e.f)
}

/// The list method `lst.<name>`, if oxjit compiles it.
pub fn list_method(name: &str) -> Option<Intrinsic> {
    TABLE
        .iter()
        .find(|e| e.module == Module::List && e.name == name)
        .map(|e| e.f)
}

/// The method `<name>` of `module` (`Module::Str`, `Module::Dict`, `Module::Set`), if oxjit compiles it.
pub fn container_method(module: Module, name: &str) -> Option<Intrinsic> {
    TABLE
        .iter()
        .find(|e| e.module == module && e.name == name)
        .map(|e| e.f)
}

/// A method call's number of positional arguments (the receiver, the first parameter, not
/// counted) against the method's positional parameters: `TypingError` when it does not fit.
pub fn check_method_arity(f: Intrinsic, nargs: usize, span: Span) -> Result<()> {
    let params = &f.params()[1..];
    let positional = params.iter().filter(|p| p.pass != Pass::Keyword).count();
    let required = params.iter().filter(|p| p.default.is_none()).count();
    if nargs < required || nargs > positional {
        return Err(CompileError::typing(
            format!(
                "`{}` takes {} positional argument(s), {nargs} given",
                f.qualified(),
                if required == positional {
                    required.to_string()
                } else {
                    format!("{required} to {positional}")
                }
            ),
            span,
        ));
    }
    Ok(())
}

/// Bind positional and keyword arguments to the parameters of `f`.
pub fn bind<T: Clone>(
    f: Intrinsic,
    args: &[T],
    kwargs: &[(String, T)],
    span: Span,
) -> Result<Vec<Option<T>>> {
    let ps = f.params();
    if ps.iter().any(|p| p.pass == Pass::Variadic) {
        return Err(CompileError::internal(
            "intrinsics",
            format!("`{}` takes variadic arguments, bound before", f.qualified()),
        ));
    }
    let shown = f.qualified();
    let positional = ps.iter().filter(|p| p.pass != Pass::Keyword).count();
    if args.len() > positional {
        return Err(CompileError::typing(
            format!(
                "`{shown}` takes at most {positional} positional argument(s), {} given",
                args.len()
            ),
            span,
        ));
    }
    let mut out: Vec<Option<T>> = vec![None; ps.len()];
    for (i, a) in args.iter().enumerate() {
        out[i] = Some(a.clone());
    }
    for (k, v) in kwargs {
        // NumPy 1.x called `reshape`'s shape `newshape`.
        let key = if k == "newshape" { "shape" } else { k.as_str() };
        let Some(i) = ps
            .iter()
            .position(|p| p.name == key && p.pass != Pass::Positional)
        else {
            return Err(CompileError::unsupported(
                format!("the keyword argument `{k}` of `{shown}` is not supported"),
                span,
            ));
        };
        if out[i].is_some() {
            return Err(CompileError::typing(
                format!("`{shown}` got multiple values for argument `{k}`"),
                span,
            ));
        }
        out[i] = Some(v.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_enum_order_and_names_are_unique() {
        for (i, e) in TABLE.iter().enumerate() {
            assert_eq!(e.f as usize, i, "{} out of order", e.name);
        }
        let mut seen = std::collections::HashSet::new();
        for e in TABLE {
            assert!(
                seen.insert((e.module, e.name)),
                "{:?}.{} twice",
                e.module,
                e.name
            );
        }
    }

    #[test]
    fn words_round_trip_and_codes_differ_within_a_parameter() {
        for (w, t) in Word::ALL {
            assert_eq!(Word::parse(t), Some(w));
            assert_eq!(w.text(), t);
        }
        assert_eq!(Word::parse("wrap"), None);
        let pad = [Word::Constant, Word::Edge, Word::Reflect].map(Word::code);
        assert!(pad[0] != pad[1] && pad[1] != pad[2] && pad[0] != pad[2]);
        assert_ne!(Word::Xy.code(), Word::Ij.code());
        let norm = [Word::Backward, Word::Ortho, Word::Forward].map(Word::code);
        assert!(norm[0] != norm[1] && norm[1] != norm[2] && norm[0] != norm[2]);
    }

    #[test]
    fn resolution() {
        assert_eq!(resolve("numpy", "sum"), Some(Intrinsic::Sum));
        assert_eq!(resolve("math", "sqrt"), Some(Intrinsic::MathSqrt));
        assert_eq!(resolve("numpy.random", "seed"), Some(Intrinsic::RandomSeed));
        assert_eq!(resolve("builtins", "len"), Some(Intrinsic::BuiltinLen));
        assert_eq!(resolve("random", "seed"), Some(Intrinsic::PyRandomSeed));
        assert_eq!(resolve("random", "permutation"), None);
        assert_eq!(
            resolve("numpy.linalg", "solve"),
            Some(Intrinsic::LinalgSolve)
        );
        assert_eq!(resolve("numpy", "solve"), None);
        assert_eq!(resolve("numpy", "fft"), None);
        assert_eq!(method("sort"), Some(Intrinsic::MethodSort));
        assert_eq!(method("sum"), Some(Intrinsic::Sum));
        assert_eq!(method("exp"), None);
    }
}
