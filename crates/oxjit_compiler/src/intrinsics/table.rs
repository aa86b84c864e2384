//! The table of intrinsics: one line per function oxjit compiles. A line reads
//! `Variant: Module "python_name" function|method [parameters] typing rule, effects, fusion,
//! lowering;` (`method`: also an array method, `a.name(...)` being `numpy.name(a, ...)`).
//! The macro turns it into `enum Intrinsic` and `TABLE` (indexed by the enum).

use super::{
    kw, opt, pos, req, var, BinaryRule, Domain, EOp, Effects, Entry, FftRule, Fuse,
    LinalgRule as LA, Lower, ManipRule as MR, MathRule, Module, Param, Pass, ReduceRule, Reduction,
    Rule, SearchRule as SE, StatsRule as SR, UnaryFn as F, UnaryRule,
};
use crate::ir::{BinOp, CmpOp};
use oxjit_runtime::decls as rt;

macro_rules! is_method {
    (method) => {
        true
    };
    (function) => {
        false
    };
}

macro_rules! intrinsics {
    ($($v:ident: $m:ident $name:literal $kind:ident [$($p:expr),*] $rule:expr, $eff:ident, $fuse:ident, $lower:expr;)*) => {
        /// A function oxjit compiles (see the table in `intrinsics/table.rs`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Intrinsic {
            $($v),*
        }
        /// The entries, in the order of `Intrinsic`.
        pub(super) const TABLE: &[Entry] = &[$(Entry {
            f: Intrinsic::$v,
            module: Module::$m,
            name: $name,
            method: is_method!($kind),
            params: &[$($p),*],
            rule: $rule,
            effects: Effects::$eff,
            fuse: Fuse::$fuse,
            lower: $lower,
        }),*];
    };
}

#[rustfmt::skip]
intrinsics! {
    Sqrt: Numpy "sqrt" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Sqrt);
    Exp: Numpy "exp" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::EXP));
    Log: Numpy "log" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::LOG));
    Log10: Numpy "log10" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::LOG10));
    Log2: Numpy "log2" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::LOG2));
    Log1p: Numpy "log1p" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::LOG1P));
    Expm1: Numpy "expm1" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::EXPM1));
    Exp2: Numpy "exp2" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::EXP2));
    Sin: Numpy "sin" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::SIN));
    Cos: Numpy "cos" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::COS));
    Tan: Numpy "tan" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::TAN));
    Arcsin: Numpy "arcsin" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::ASIN));
    Arccos: Numpy "arccos" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::ACOS));
    Arctan: Numpy "arctan" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::ATAN));
    Sinh: Numpy "sinh" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::SINH));
    Cosh: Numpy "cosh" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::COSH));
    Tanh: Numpy "tanh" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::TANH));
    Arccosh: Numpy "arccosh" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::ACOSH));
    Cbrt: Numpy "cbrt" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Call(&rt::CBRT));
    Deg2rad: Numpy "deg2rad" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Deg2rad);
    Rad2deg: Numpy "rad2deg" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Rad2deg);
    Degrees: Numpy "degrees" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Rad2deg);
    Radians: Numpy "radians" function [req("x")] Rule::Unary(UnaryRule::Float), Pure, Elementwise, Lower::Unary(F::Deg2rad);
    Square: Numpy "square" function [req("x")] Rule::Unary(UnaryRule::SameIntBool), Pure, Elementwise, Lower::Unary(F::Square);
    Negative: Numpy "negative" function [req("x")] Rule::Unary(UnaryRule::SameIntBool), Pure, Elementwise, Lower::Unary(F::Negative);
    Positive: Numpy "positive" function [req("x")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Positive);
    Absolute: Numpy "absolute" function [req("x")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Abs);
    Abs: Numpy "abs" function [req("x")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Abs);
    Fabs: Numpy "fabs" function [req("x")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Abs);
    Sign: Numpy "sign" function [req("x")] Rule::Unary(UnaryRule::SameIntBool), Pure, Elementwise, Lower::Unary(F::Sign);
    Floor: Numpy "floor" function [req("x")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Floor);
    Ceil: Numpy "ceil" function [req("x")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Ceil);
    Trunc: Numpy "trunc" function [req("x")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Trunc);
    Rint: Numpy "rint" function [req("x")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Rint);
    Round: Numpy "round" method [req("a"), opt("decimals", "0")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Rint);
    Around: Numpy "around" function [req("a"), opt("decimals", "0")] Rule::Unary(UnaryRule::Same), Pure, Elementwise, Lower::Unary(F::Rint);
    Isnan: Numpy "isnan" function [req("x")] Rule::Unary(UnaryRule::Bool), Pure, Elementwise, Lower::Unary(F::Isnan);
    Isinf: Numpy "isinf" function [req("x")] Rule::Unary(UnaryRule::Bool), Pure, Elementwise, Lower::Unary(F::Isinf);
    Isfinite: Numpy "isfinite" function [req("x")] Rule::Unary(UnaryRule::Bool), Pure, Elementwise, Lower::Unary(F::Isfinite);
    LogicalNot: Numpy "logical_not" function [req("x")] Rule::Unary(UnaryRule::Bool), Pure, Elementwise, Lower::Unary(F::LogicalNot);
    Add: Numpy "add" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::PromoteKeepBool), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::Add));
    Subtract: Numpy "subtract" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::Sub));
    Multiply: Numpy "multiply" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::PromoteKeepBool), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::Mul));
    Divide: Numpy "divide" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Float), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::Div));
    TrueDivide: Numpy "true_divide" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Float), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::Div));
    FloorDivide: Numpy "floor_divide" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::FloorDiv));
    Mod: Numpy "mod" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::Mod));
    Remainder: Numpy "remainder" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::Mod));
    Power: Numpy "power" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::Pow));
    Minimum: Numpy "minimum" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::PromoteKeepBool), Pure, Elementwise, Lower::Binary(EOp::Minimum);
    Maximum: Numpy "maximum" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::PromoteKeepBool), Pure, Elementwise, Lower::Binary(EOp::Maximum);
    Fmin: Numpy "fmin" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Fmin);
    Fmax: Numpy "fmax" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Fmax);
    Arctan2: Numpy "arctan2" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Float), Pure, Elementwise, Lower::Binary(EOp::Call(&rt::ATAN2));
    Hypot: Numpy "hypot" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Float), Pure, Elementwise, Lower::Binary(EOp::Call(&rt::HYPOT));
    Logaddexp: Numpy "logaddexp" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Float), Pure, Elementwise, Lower::Binary(EOp::Call(&rt::LOGADDEXP));
    Logaddexp2: Numpy "logaddexp2" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Float), Pure, Elementwise, Lower::Binary(EOp::Call(&rt::LOGADDEXP2));
    Less: Numpy "less" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Bool), Pure, Elementwise, Lower::Binary(EOp::Cmp(CmpOp::Lt));
    LessEqual: Numpy "less_equal" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Bool), Pure, Elementwise, Lower::Binary(EOp::Cmp(CmpOp::Le));
    Greater: Numpy "greater" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Bool), Pure, Elementwise, Lower::Binary(EOp::Cmp(CmpOp::Gt));
    GreaterEqual: Numpy "greater_equal" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Bool), Pure, Elementwise, Lower::Binary(EOp::Cmp(CmpOp::Ge));
    Equal: Numpy "equal" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Bool), Pure, Elementwise, Lower::Binary(EOp::Cmp(CmpOp::Eq));
    NotEqual: Numpy "not_equal" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Bool), Pure, Elementwise, Lower::Binary(EOp::Cmp(CmpOp::Ne));
    LogicalAnd: Numpy "logical_and" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Bool), Pure, Elementwise, Lower::Binary(EOp::And);
    LogicalOr: Numpy "logical_or" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Bool), Pure, Elementwise, Lower::Binary(EOp::Or);
    LogicalXor: Numpy "logical_xor" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Bool), Pure, Elementwise, Lower::Binary(EOp::Xor);
    BitwiseAnd: Numpy "bitwise_and" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::BitAnd));
    BitwiseOr: Numpy "bitwise_or" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::BitOr));
    BitwiseXor: Numpy "bitwise_xor" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Promote), Pure, Elementwise, Lower::Binary(EOp::Arith(BinOp::BitXor));
    Copysign: Numpy "copysign" function [req("x1"), req("x2")] Rule::Binary(BinaryRule::Float), Pure, Elementwise, Lower::Binary(EOp::Copysign);
    Sum: Numpy "sum" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Accumulate), Pure, Reduction, Lower::Reduce(Reduction::Sum);
    Prod: Numpy "prod" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Accumulate), Pure, Reduction, Lower::Reduce(Reduction::Prod);
    Mean: Numpy "mean" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Float), Pure, Reduction, Lower::Kernel;
    Var: Numpy "var" method [req("a"), opt("axis", "None"), kw("ddof", "0")] Rule::Reduce(ReduceRule::Float), Pure, No, Lower::Kernel;
    Std: Numpy "std" method [req("a"), opt("axis", "None"), kw("ddof", "0")] Rule::Reduce(ReduceRule::Float), Pure, No, Lower::Kernel;
    Min: Numpy "min" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Same), Pure, Reduction, Lower::Reduce(Reduction::Min);
    Max: Numpy "max" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Same), Pure, Reduction, Lower::Reduce(Reduction::Max);
    Amin: Numpy "amin" function [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Same), Pure, Reduction, Lower::Reduce(Reduction::Min);
    Amax: Numpy "amax" function [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Same), Pure, Reduction, Lower::Reduce(Reduction::Max);
    Argmin: Numpy "argmin" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Index), Pure, No, Lower::Reduce(Reduction::ArgMin);
    Argmax: Numpy "argmax" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Index), Pure, No, Lower::Reduce(Reduction::ArgMax);
    All: Numpy "all" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Bool), Pure, No, Lower::Reduce(Reduction::All);
    Any: Numpy "any" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Bool), Pure, No, Lower::Reduce(Reduction::Any);
    Cumsum: Numpy "cumsum" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Cumulative), Allocates, No, Lower::Kernel;
    Cumprod: Numpy "cumprod" method [req("a"), opt("axis", "None")] Rule::Reduce(ReduceRule::Cumulative), Allocates, No, Lower::Kernel;
    Copy: Numpy "copy" method [req("a")] Rule::Special, Allocates, No, Lower::Kernel;
    Empty: Numpy "empty" function [req("shape"), opt("dtype", "float")] Rule::Special, Allocates, No, Lower::Kernel;
    Zeros: Numpy "zeros" function [req("shape"), opt("dtype", "float")] Rule::Special, Allocates, No, Lower::Kernel;
    Ones: Numpy "ones" function [req("shape"), opt("dtype", "float")] Rule::Special, Allocates, No, Lower::Kernel;
    Full: Numpy "full" function [req("shape"), req("fill_value"), opt("dtype", "None")] Rule::Special, Allocates, No, Lower::Kernel;
    EmptyLike: Numpy "empty_like" function [req("a"), opt("dtype", "None")] Rule::Special, Allocates, No, Lower::Kernel;
    ZerosLike: Numpy "zeros_like" function [req("a"), opt("dtype", "None")] Rule::Special, Allocates, No, Lower::Kernel;
    OnesLike: Numpy "ones_like" function [req("a"), opt("dtype", "None")] Rule::Special, Allocates, No, Lower::Kernel;
    FullLike: Numpy "full_like" function [req("a"), req("fill_value"), opt("dtype", "None")] Rule::Special, Allocates, No, Lower::Kernel;
    Array: Numpy "array" function [req("object"), opt("dtype", "None")] Rule::Special, Allocates, No, Lower::Kernel;
    Asarray: Numpy "asarray" function [req("object"), opt("dtype", "None")] Rule::Special, View, No, Lower::Kernel;
    Arange: Numpy "arange" function [req("start"), opt("stop", "None"), opt("step", "None"), opt("dtype", "None")] Rule::Special, Allocates, No, Lower::Kernel;
    Linspace: Numpy "linspace" function [req("start"), req("stop"), opt("num", "50")] Rule::Special, Allocates, No, Lower::Kernel;
    Eye: Numpy "eye" function [req("N"), opt("M", "None")] Rule::Special, Allocates, No, Lower::Kernel;
    Identity: Numpy "identity" function [req("n")] Rule::Special, Allocates, No, Lower::Kernel;
    Where: Numpy "where" function [req("condition"), req("x"), req("y")] Rule::Special, Pure, Elementwise, Lower::Kernel;
    Clip: Numpy "clip" method [req("a"), req("a_min"), req("a_max")] Rule::Special, Pure, Elementwise, Lower::Kernel;
    Dot: Numpy "dot" method [req("a"), req("b")] Rule::Special, Allocates, Reduction, Lower::Kernel;
    Matmul: Numpy "matmul" function [req("a"), req("b")] Rule::Special, Allocates, No, Lower::Kernel;
    Vdot: Numpy "vdot" function [req("a"), req("b")] Rule::Special, Allocates, No, Lower::Kernel;
    Outer: Numpy "outer" function [req("a"), req("b")] Rule::Special, Allocates, No, Lower::Kernel;
    Transpose: Numpy "transpose" method [req("a")] Rule::Special, View, No, Lower::Kernel;
    Sort: Numpy "sort" function [req("a")] Rule::Special, Allocates, No, Lower::Kernel;
    Argsort: Numpy "argsort" method [req("a")] Rule::Special, Allocates, No, Lower::Kernel;
    Reshape: Numpy "reshape" method [req("a"), req("shape")] Rule::Special, View, No, Lower::Kernel;
    Ravel: Numpy "ravel" method [req("a")] Rule::Special, View, No, Lower::Kernel;
    Tile: Numpy "tile" function [req("A"), req("reps")] Rule::Manip(MR::Same), Allocates, No, Lower::Slots(&rt::NP_TILE);
    Repeat: Numpy "repeat" method [req("a"), req("repeats"), opt("axis", "None")] Rule::Manip(MR::Repeat), Allocates, No, Lower::Slots(&rt::NP_REPEAT);
    Diff: Numpy "diff" function [req("a"), opt("n", "1"), opt("axis", "-1")] Rule::Manip(MR::Same), Allocates, No, Lower::Slots(&rt::NP_DIFF);
    Unique: Numpy "unique" function [req("ar")] Rule::Manip(MR::Vector), Allocates, No, Lower::Slots(&rt::NP_UNIQUE);
    Triu: Numpy "triu" function [req("m"), opt("k", "0")] Rule::Manip(MR::Matrix), Allocates, No, Lower::Slots(&rt::NP_TRIU);
    Tril: Numpy "tril" function [req("m"), opt("k", "0")] Rule::Manip(MR::Matrix), Allocates, No, Lower::Slots(&rt::NP_TRIL);
    Average: Numpy "average" function [req("a"), opt("axis", "None"), opt("weights", "None")] Rule::Manip(MR::Average), Pure, No, Lower::Slots(&rt::NP_AVERAGE);
    Median: Numpy "median" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Median), Allocates, No, Lower::Slots(&rt::NP_MEDIAN);
    Nanmedian: Numpy "nanmedian" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Median), Allocates, No, Lower::Slots(&rt::NP_NANMEDIAN);
    Quantile: Numpy "quantile" function [req("a"), req("q"), opt("axis", "None")] Rule::Stats(SR::Quantile), Allocates, No, Lower::Slots(&rt::NP_QUANTILE);
    Percentile: Numpy "percentile" function [req("a"), req("q"), opt("axis", "None")] Rule::Stats(SR::Quantile), Allocates, No, Lower::Slots(&rt::NP_PERCENTILE);
    Nanquantile: Numpy "nanquantile" function [req("a"), req("q"), opt("axis", "None")] Rule::Stats(SR::Quantile), Allocates, No, Lower::Slots(&rt::NP_NANQUANTILE);
    Nanpercentile: Numpy "nanpercentile" function [req("a"), req("q"), opt("axis", "None")] Rule::Stats(SR::Quantile), Allocates, No, Lower::Slots(&rt::NP_NANPERCENTILE);
    Nansum: Numpy "nansum" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Sum), Allocates, No, Lower::Slots(&rt::NP_NANSUM);
    Nanmean: Numpy "nanmean" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Moment), Allocates, No, Lower::Slots(&rt::NP_NANMEAN);
    Nanvar: Numpy "nanvar" function [req("a"), opt("axis", "None"), kw("ddof", "0")] Rule::Stats(SR::Moment), Allocates, No, Lower::Slots(&rt::NP_NANVAR);
    Nanstd: Numpy "nanstd" function [req("a"), opt("axis", "None"), kw("ddof", "0")] Rule::Stats(SR::Moment), Allocates, No, Lower::Slots(&rt::NP_NANSTD);
    Nanmin: Numpy "nanmin" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Extreme), Allocates, No, Lower::Slots(&rt::NP_NANMIN);
    Nanmax: Numpy "nanmax" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Extreme), Allocates, No, Lower::Slots(&rt::NP_NANMAX);
    Ptp: Numpy "ptp" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Range), Allocates, No, Lower::Slots(&rt::NP_PTP);
    Nanargmin: Numpy "nanargmin" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Index), Allocates, No, Lower::Slots(&rt::NP_NANARGMIN);
    Nanargmax: Numpy "nanargmax" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Index), Allocates, No, Lower::Slots(&rt::NP_NANARGMAX);
    CountNonzero: Numpy "count_nonzero" function [req("a"), opt("axis", "None")] Rule::Stats(SR::Index), Allocates, No, Lower::Slots(&rt::NP_COUNT_NONZERO);
    Searchsorted: Numpy "searchsorted" function [req("a"), req("v")] Rule::Search(SE::Positions { values: 1 }), Allocates, No, Lower::Slots(&rt::NP_SEARCHSORTED);
    Digitize: Numpy "digitize" function [req("x"), req("bins"), opt("right", "False")] Rule::Search(SE::Positions { values: 0 }), Allocates, No, Lower::Slots(&rt::NP_DIGITIZE);
    Bincount: Numpy "bincount" function [req("x"), opt("weights", "None"), opt("minlength", "0")] Rule::Search(SE::Counts), Allocates, No, Lower::Slots(&rt::NP_BINCOUNT);
    Histogram: Numpy "histogram" function [req("a"), opt("bins", "10"), opt("range", "None"), opt("density", "None")] Rule::Search(SE::Histogram), Allocates, No, Lower::Slots(&rt::NP_HISTOGRAM);
    Isin: Numpy "isin" function [req("element"), req("test_elements"), opt("assume_unique", "False"), opt("invert", "False")] Rule::Search(SE::Membership), Allocates, No, Lower::Slots(&rt::NP_ISIN);
    Intersect1d: Numpy "intersect1d" function [req("ar1"), req("ar2")] Rule::Search(SE::Set), Allocates, No, Lower::Slots(&rt::NP_INTERSECT1D);
    Union1d: Numpy "union1d" function [req("ar1"), req("ar2")] Rule::Search(SE::Set), Allocates, No, Lower::Slots(&rt::NP_UNION1D);
    Setdiff1d: Numpy "setdiff1d" function [req("ar1"), req("ar2")] Rule::Search(SE::Set), Allocates, No, Lower::Slots(&rt::NP_SETDIFF1D);
    RandomSeed: Random "seed" function [req("seed")] Rule::Special, Random, No, Lower::Special;
    RandomRandom: Random "random" function [opt("size", "None")] Rule::Draw { size: 0, int: false }, Random, No, Lower::Draw { scalar: &rt::RANDOM_SAMPLE, fill: &rt::FILL_RANDOM_SAMPLE };
    RandomRandomSample: Random "random_sample" function [opt("size", "None")] Rule::Draw { size: 0, int: false }, Random, No, Lower::Draw { scalar: &rt::RANDOM_SAMPLE, fill: &rt::FILL_RANDOM_SAMPLE };
    RandomSample: Random "sample" function [opt("size", "None")] Rule::Draw { size: 0, int: false }, Random, No, Lower::Draw { scalar: &rt::RANDOM_SAMPLE, fill: &rt::FILL_RANDOM_SAMPLE };
    RandomRanf: Random "ranf" function [opt("size", "None")] Rule::Draw { size: 0, int: false }, Random, No, Lower::Draw { scalar: &rt::RANDOM_SAMPLE, fill: &rt::FILL_RANDOM_SAMPLE };
    RandomRand: Random "rand" function [var("d")] Rule::Special, Random, No, Lower::Draw { scalar: &rt::RANDOM_SAMPLE, fill: &rt::FILL_RANDOM_SAMPLE };
    RandomRandn: Random "randn" function [var("d")] Rule::Special, Random, No, Lower::Draw { scalar: &rt::STANDARD_NORMAL, fill: &rt::FILL_STANDARD_NORMAL };
    RandomStandardNormal: Random "standard_normal" function [opt("size", "None")] Rule::Draw { size: 0, int: false }, Random, No, Lower::Draw { scalar: &rt::STANDARD_NORMAL, fill: &rt::FILL_STANDARD_NORMAL };
    RandomNormal: Random "normal" function [opt("loc", "0.0"), opt("scale", "1.0"), opt("size", "None")] Rule::Draw { size: 2, int: false }, Random, No, Lower::Draw { scalar: &rt::NORMAL, fill: &rt::FILL_NORMAL };
    RandomUniform: Random "uniform" function [opt("low", "0.0"), opt("high", "1.0"), opt("size", "None")] Rule::Draw { size: 2, int: false }, Random, No, Lower::Draw { scalar: &rt::UNIFORM, fill: &rt::FILL_UNIFORM };
    RandomRandint: Random "randint" function [req("low"), opt("high", "None"), opt("size", "None")] Rule::Draw { size: 2, int: true }, Random, No, Lower::Draw { scalar: &rt::RANDINT, fill: &rt::FILL_RANDINT };
    RandomExponential: Random "exponential" function [opt("scale", "1.0"), opt("size", "None")] Rule::Draw { size: 1, int: false }, Random, No, Lower::Draw { scalar: &rt::EXPONENTIAL, fill: &rt::FILL_EXPONENTIAL };
    RandomStandardExponential: Random "standard_exponential" function [opt("size", "None")] Rule::Draw { size: 0, int: false }, Random, No, Lower::Draw { scalar: &rt::EXPONENTIAL, fill: &rt::FILL_EXPONENTIAL };
    RandomShuffle: Random "shuffle" function [req("x")] Rule::Special, Random, No, Lower::Special;
    RandomPermutation: Random "permutation" function [req("x")] Rule::Special, Random, No, Lower::Special;
    RandomChoice: Random "choice" function [req("a"), opt("size", "None")] Rule::Draw { size: 1, int: true }, Random, No, Lower::Draw { scalar: &rt::RANDINT, fill: &rt::FILL_RANDINT };
    PyRandomSeed: PyRandom "seed" function [opt("a", "None")] Rule::Special, Random, No, Lower::Call(&rt::PY_SEED);
    PyRandomRandom: PyRandom "random" function [] Rule::Special, Random, No, Lower::Call(&rt::PY_RANDOM);
    PyRandomUniform: PyRandom "uniform" function [req("a"), req("b")] Rule::Special, Random, No, Lower::Call(&rt::PY_UNIFORM);
    PyRandomRandint: PyRandom "randint" function [req("a"), req("b")] Rule::Special, Random, No, Lower::Call(&rt::PY_RANDINT);
    PyRandomRandrange: PyRandom "randrange" function [req("start"), opt("stop", "None"), opt("step", "1")] Rule::Special, Random, No, Lower::Call(&rt::PY_RANDRANGE);
    PyRandomGetrandbits: PyRandom "getrandbits" function [pos("k")] Rule::Special, Random, No, Lower::Call(&rt::PY_GETRANDBITS);
    PyRandomGauss: PyRandom "gauss" function [opt("mu", "0.0"), opt("sigma", "1.0")] Rule::Special, Random, No, Lower::Call(&rt::PY_GAUSS);
    PyRandomNormalvariate: PyRandom "normalvariate" function [opt("mu", "0.0"), opt("sigma", "1.0")] Rule::Special, Random, No, Lower::Call(&rt::PY_NORMALVARIATE);
    PyRandomExpovariate: PyRandom "expovariate" function [req("lambd")] Rule::Special, Random, No, Lower::Call(&rt::PY_EXPOVARIATE);
    PyRandomChoice: PyRandom "choice" function [req("seq")] Rule::Special, Random, No, Lower::Call(&rt::PY_RANDBELOW);
    PyRandomShuffle: PyRandom "shuffle" function [req("x")] Rule::Special, Random, No, Lower::Call(&rt::PY_SHUFFLE);
    LinalgSolve: Linalg "solve" function [req("a"), req("b")] Rule::Linalg(LA::Solve), Allocates, No, Lower::Slots(&rt::LINALG_SOLVE);
    LinalgInv: Linalg "inv" function [req("a")] Rule::Linalg(LA::Matrix), Allocates, No, Lower::Slots(&rt::LINALG_INV);
    LinalgDet: Linalg "det" function [req("a")] Rule::Linalg(LA::Number), Pure, No, Lower::Slots(&rt::LINALG_DET);
    LinalgSlogdet: Linalg "slogdet" function [req("a")] Rule::Linalg(LA::SignLog), Pure, No, Lower::Slots(&rt::LINALG_SLOGDET);
    LinalgLstsq: Linalg "lstsq" function [req("a"), req("b"), opt("rcond", "None")] Rule::Linalg(LA::Lstsq), Allocates, No, Lower::Slots(&rt::LINALG_LSTSQ);
    LinalgEigh: Linalg "eigh" function [req("a")] Rule::Linalg(LA::Eigh), Allocates, No, Lower::Slots(&rt::LINALG_EIGH);
    LinalgEigvalsh: Linalg "eigvalsh" function [req("a")] Rule::Linalg(LA::Values), Allocates, No, Lower::Slots(&rt::LINALG_EIGVALSH);
    LinalgSvd: Linalg "svd" function [req("a"), opt("full_matrices", "True"), opt("compute_uv", "True"), opt("hermitian", "False")] Rule::Linalg(LA::Svd), Allocates, No, Lower::Slots(&rt::LINALG_SVD);
    LinalgQr: Linalg "qr" function [req("a")] Rule::Linalg(LA::Qr), Allocates, No, Lower::Slots(&rt::LINALG_QR);
    LinalgCholesky: Linalg "cholesky" function [req("a"), kw("upper", "False")] Rule::Linalg(LA::Matrix), Allocates, No, Lower::Slots(&rt::LINALG_CHOLESKY);
    LinalgPinv: Linalg "pinv" function [req("a"), opt("rcond", "None"), opt("hermitian", "False")] Rule::Linalg(LA::Matrix), Allocates, No, Lower::Slots(&rt::LINALG_PINV);
    LinalgMatrixRank: Linalg "matrix_rank" function [req("A"), opt("tol", "None"), opt("hermitian", "False")] Rule::Linalg(LA::Rank), Pure, No, Lower::Slots(&rt::LINALG_MATRIX_RANK);
    LinalgNorm: Linalg "norm" function [req("x"), opt("ord", "None"), opt("axis", "None"), opt("keepdims", "False")] Rule::Linalg(LA::Norm), Allocates, No, Lower::Slots(&rt::LINALG_NORM);
    LinalgMatrixPower: Linalg "matrix_power" function [req("a"), req("n")] Rule::Linalg(LA::Matrix), Allocates, No, Lower::Slots(&rt::LINALG_MATRIX_POWER);
    LinalgCond: Linalg "cond" function [req("x"), opt("p", "None")] Rule::Linalg(LA::Number), Pure, No, Lower::Slots(&rt::LINALG_COND);
    FftFftfreq: Fft "fftfreq" function [req("n"), opt("d", "1.0")] Rule::Fft(FftRule::Freq), Allocates, No, Lower::Slots(&rt::FFT_FFTFREQ);
    FftRfftfreq: Fft "rfftfreq" function [req("n"), opt("d", "1.0")] Rule::Fft(FftRule::Freq), Allocates, No, Lower::Slots(&rt::FFT_RFFTFREQ);
    FftFftshift: Fft "fftshift" function [req("x"), opt("axes", "None")] Rule::Fft(FftRule::Shift), Allocates, No, Lower::Slots(&rt::FFT_FFTSHIFT);
    FftIfftshift: Fft "ifftshift" function [req("x"), opt("axes", "None")] Rule::Fft(FftRule::Shift), Allocates, No, Lower::Slots(&rt::FFT_IFFTSHIFT);
    MathSqrt: Math "sqrt" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Sqrt, domain: Domain::NonNegative, overflow: false };
    MathExp: Math "exp" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::EXP), domain: Domain::Any, overflow: true };
    MathLog: Math "log" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::LOG), domain: Domain::Positive, overflow: false };
    MathLog10: Math "log10" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::LOG10), domain: Domain::Positive, overflow: false };
    MathLog2: Math "log2" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::LOG2), domain: Domain::Positive, overflow: false };
    MathLog1p: Math "log1p" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::LOG1P), domain: Domain::GreaterThanMinusOne, overflow: false };
    MathExpm1: Math "expm1" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::EXPM1), domain: Domain::Any, overflow: true };
    MathSin: Math "sin" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::SIN), domain: Domain::Finite, overflow: false };
    MathCos: Math "cos" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::COS), domain: Domain::Finite, overflow: false };
    MathTan: Math "tan" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::TAN), domain: Domain::Finite, overflow: false };
    MathAsin: Math "asin" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::ASIN), domain: Domain::UnitInterval, overflow: false };
    MathAcos: Math "acos" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::ACOS), domain: Domain::UnitInterval, overflow: false };
    MathAtan: Math "atan" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::ATAN), domain: Domain::Any, overflow: false };
    MathAtan2: Math "atan2" function [pos("x"), pos("y")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathSinh: Math "sinh" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::SINH), domain: Domain::Any, overflow: true };
    MathCosh: Math "cosh" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::COSH), domain: Domain::Any, overflow: true };
    MathTanh: Math "tanh" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::TANH), domain: Domain::Any, overflow: false };
    MathHypot: Math "hypot" function [pos("x"), pos("y")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathFloor: Math "floor" function [pos("x")] Rule::Math(MathRule::Int), Pure, No, Lower::Math { f: F::Floor, domain: Domain::Any, overflow: false };
    MathCeil: Math "ceil" function [pos("x")] Rule::Math(MathRule::Int), Pure, No, Lower::Math { f: F::Ceil, domain: Domain::Any, overflow: false };
    MathTrunc: Math "trunc" function [pos("x")] Rule::Math(MathRule::Int), Pure, No, Lower::Math { f: F::Trunc, domain: Domain::Any, overflow: false };
    MathFabs: Math "fabs" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Abs, domain: Domain::Any, overflow: false };
    MathPow: Math "pow" function [pos("x"), pos("y")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathIsnan: Math "isnan" function [pos("x")] Rule::Math(MathRule::Bool), Pure, No, Lower::Math { f: F::Isnan, domain: Domain::Any, overflow: false };
    MathIsinf: Math "isinf" function [pos("x")] Rule::Math(MathRule::Bool), Pure, No, Lower::Math { f: F::Isinf, domain: Domain::Any, overflow: false };
    MathIsfinite: Math "isfinite" function [pos("x")] Rule::Math(MathRule::Bool), Pure, No, Lower::Math { f: F::Isfinite, domain: Domain::Any, overflow: false };
    MathCopysign: Math "copysign" function [pos("x"), pos("y")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathDegrees: Math "degrees" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Rad2deg, domain: Domain::Any, overflow: false };
    MathRadians: Math "radians" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Deg2rad, domain: Domain::Any, overflow: false };
    MathGamma: Math "gamma" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::GAMMA), domain: Domain::GammaPole, overflow: true };
    MathLgamma: Math "lgamma" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::LGAMMA), domain: Domain::NonPositiveInteger, overflow: true };
    MathErf: Math "erf" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::ERF), domain: Domain::Any, overflow: false };
    MathErfc: Math "erfc" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::ERFC), domain: Domain::Any, overflow: false };
    MathCbrt: Math "cbrt" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::CBRT), domain: Domain::Any, overflow: false };
    MathExp2: Math "exp2" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Math { f: F::Call(&rt::EXP2), domain: Domain::Any, overflow: true };
    MathFactorial: Math "factorial" function [pos("n")] Rule::Math(MathRule::Integer), Pure, No, Lower::Special;
    MathGcd: Math "gcd" function [pos("a"), pos("b")] Rule::Math(MathRule::Integer), Pure, No, Lower::Special;
    MathLcm: Math "lcm" function [pos("a"), pos("b")] Rule::Math(MathRule::Integer), Pure, No, Lower::Special;
    MathIsqrt: Math "isqrt" function [pos("n")] Rule::Math(MathRule::Integer), Pure, No, Lower::Special;
    MathComb: Math "comb" function [pos("n"), pos("k")] Rule::Math(MathRule::Integer), Pure, No, Lower::Special;
    MathPerm: Math "perm" function [pos("n"), pos("k")] Rule::Math(MathRule::Integer), Pure, No, Lower::Special;
    MathFmod: Math "fmod" function [pos("x"), pos("y")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathRemainder: Math "remainder" function [pos("x"), pos("y")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathNextafter: Math "nextafter" function [pos("x"), pos("y")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathUlp: Math "ulp" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathLdexp: Math "ldexp" function [pos("x"), pos("i")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathFrexp: Math "frexp" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathModf: Math "modf" function [pos("x")] Rule::Math(MathRule::Float), Pure, No, Lower::Special;
    MathIsclose: Math "isclose" function [pos("a"), pos("b"), Param { name: "rel_tol", pass: Pass::Keyword, default: Some("1e-09") }, Param { name: "abs_tol", pass: Pass::Keyword, default: Some("0.0") }] Rule::Math(MathRule::Bool), Pure, No, Lower::Special;
    BuiltinLen: Builtins "len" function [pos("obj")] Rule::Special, Pure, No, Lower::Special;
    BuiltinRange: Builtins "range" function [var("args")] Rule::Special, Pure, No, Lower::Special;
    BuiltinAbs: Builtins "abs" function [pos("x")] Rule::Special, Pure, No, Lower::Special;
    BuiltinMin: Builtins "min" function [var("args")] Rule::Special, Pure, No, Lower::Special;
    BuiltinMax: Builtins "max" function [var("args")] Rule::Special, Pure, No, Lower::Special;
    BuiltinInt: Builtins "int" function [Param { name: "x", pass: Pass::Positional, default: Some("0") }] Rule::Special, Pure, No, Lower::Special;
    BuiltinFloat: Builtins "float" function [Param { name: "x", pass: Pass::Positional, default: Some("0") }] Rule::Special, Pure, No, Lower::Special;
    BuiltinBool: Builtins "bool" function [Param { name: "x", pass: Pass::Positional, default: Some("0") }] Rule::Special, Pure, No, Lower::Special;
    BuiltinRound: Builtins "round" function [pos("number"), Param { name: "ndigits", pass: Pass::Positional, default: Some("None") }] Rule::Special, Pure, No, Lower::Special;
    BuiltinSum: Builtins "sum" function [pos("iterable"), Param { name: "start", pass: Pass::Positional, default: Some("0") }] Rule::Special, Pure, No, Lower::Special;
    BuiltinDivmod: Builtins "divmod" function [pos("a"), pos("b")] Rule::Special, Pure, No, Lower::Special;
    BuiltinPow: Builtins "pow" function [pos("base"), pos("exp"), Param { name: "mod", pass: Pass::Positional, default: Some("None") }] Rule::Special, Pure, No, Lower::Special;
    BuiltinList: Builtins "list" function [Param { name: "iterable", pass: Pass::Positional, default: Some("()") }] Rule::Special, Allocates, No, Lower::Special;
    BuiltinSorted: Builtins "sorted" function [pos("iterable"), Param { name: "key", pass: Pass::Keyword, default: Some("None") }, Param { name: "reverse", pass: Pass::Keyword, default: Some("False") }] Rule::Special, Allocates, No, Lower::Special;
    ListAppend: List "append" function [pos("self"), pos("object")] Rule::Special, Mutates, No, Lower::Special;
    ListExtend: List "extend" function [pos("self"), pos("iterable")] Rule::Special, Mutates, No, Lower::Special;
    ListInsert: List "insert" function [pos("self"), pos("index"), pos("object")] Rule::Special, Mutates, No, Lower::Special;
    ListPop: List "pop" function [pos("self"), Param { name: "index", pass: Pass::Positional, default: Some("-1") }] Rule::Special, Mutates, No, Lower::Special;
    ListRemove: List "remove" function [pos("self"), pos("value")] Rule::Special, Mutates, No, Lower::Special;
    ListIndex: List "index" function [pos("self"), pos("value"), Param { name: "start", pass: Pass::Positional, default: Some("0") }, Param { name: "stop", pass: Pass::Positional, default: Some("sys.maxsize") }] Rule::Special, Pure, No, Lower::Special;
    ListCount: List "count" function [pos("self"), pos("value")] Rule::Special, Pure, No, Lower::Special;
    ListSort: List "sort" function [pos("self"), Param { name: "key", pass: Pass::Keyword, default: Some("None") }, Param { name: "reverse", pass: Pass::Keyword, default: Some("False") }] Rule::Special, Mutates, No, Lower::Special;
    ListReverse: List "reverse" function [pos("self")] Rule::Special, Mutates, No, Lower::Special;
    ListCopy: List "copy" function [pos("self")] Rule::Special, Allocates, No, Lower::Special;
    ListClear: List "clear" function [pos("self")] Rule::Special, Mutates, No, Lower::Special;
    ListDelItem: List "__delitem__" function [pos("self"), pos("index")] Rule::Special, Mutates, No, Lower::Special;
    MethodFlatten: Array "flatten" method [req("a")] Rule::Special, Allocates, No, Lower::Kernel;
    MethodAstype: Array "astype" method [req("a"), req("dtype")] Rule::Special, Allocates, No, Lower::Kernel;
    MethodFill: Array "fill" method [req("a"), req("value")] Rule::Special, Mutates, No, Lower::Kernel;
    MethodSort: Array "sort" method [req("a")] Rule::Special, Mutates, No, Lower::Kernel;
}
