//! The parameters of the `numpy.random` distributions that the legacy functions
//! (`numpy.random.gamma`, ...) and the `Generator` methods (`rng.gamma`, ...) share, read and
//! checked with NumPy's constraints, classes and messages before any draw (so a failed call
//! consumes nothing from the stream, as in NumPy): `CONS_NON_NEGATIVE` (`shape < 0`: a set
//! sign bit, `-0.0` too; NaN passes), `CONS_POSITIVE` (`a <= 0`; NaN passes), the Poisson
//! bounds and `CONS_BOUNDED_0_1` with `n < 0` for the binomial (a float `n` truncated as
//! Python's `int()`, with its errors). Draws with an array parameter go to one slot routine
//! per distribution (runtime `random::broadcast`), which checks and broadcasts as NumPy.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::intrinsics::Intrinsic as I;
use crate::ir::ValueId;
use crate::types::Type;
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, Value,
};
use oxjit_runtime::decls::{self as rt, RtFn};
use oxjit_runtime::errors::ErrorKind as RtError;

/// NumPy's `POISSON_LAM_MAX` (and `LEGACY_POISSON_LAM_MAX`, the same with a 64-bit `long`):
/// the largest `lam` whose draws stay well inside int64.
const POISSON_LAM_MAX: f64 = i64::MAX as f64 - 3037000499.97605 * 10.0; // sqrt(2**63 - 1) * 10

/// The slot routine drawing `f` with array parameters (`None` for the draws that take only
/// numbers).
fn broadcast_routine(f: I) -> Option<&'static RtFn> {
    Some(match f {
        I::RandomNormal => &rt::LEGACY_NORMAL_B,
        I::RandomUniform => &rt::LEGACY_UNIFORM_B,
        I::RandomExponential => &rt::LEGACY_EXPONENTIAL_B,
        I::RandomGamma => &rt::LEGACY_GAMMA_B,
        I::RandomStandardGamma => &rt::LEGACY_STANDARD_GAMMA_B,
        I::RandomBeta => &rt::LEGACY_BETA_B,
        I::RandomPoisson => &rt::LEGACY_POISSON_B,
        I::RandomBinomial => &rt::LEGACY_BINOMIAL_B,
        I::GenNormal => &rt::GEN_NORMAL_B,
        I::GenUniform => &rt::GEN_UNIFORM_B,
        I::GenExponential => &rt::GEN_EXPONENTIAL_B,
        I::GenGamma => &rt::GEN_GAMMA_B,
        I::GenStandardGamma => &rt::GEN_STANDARD_GAMMA_B,
        I::GenChisquare => &rt::GEN_CHISQUARE_B,
        I::GenLognormal => &rt::GEN_LOGNORMAL_B,
        I::GenBeta => &rt::GEN_BETA_B,
        I::GenPoisson => &rt::GEN_POISSON_B,
        I::GenBinomial => &rt::GEN_BINOMIAL_B,
        I::RandomRandint => &rt::LEGACY_RANDINT_B,
        I::GenIntegers => &rt::GEN_INTEGERS_B,
        _ => return None,
    })
}

impl FunctionTranslator<'_, '_, '_> {
    /// `r = f(bound...)` when a parameter of the draw `f` (those before `size`, the receiver
    /// of a `Generator` method included in `bound`) is an array: the slot routine of the
    /// distribution checks, broadcasts and draws. False (nothing emitted) when all are
    /// numbers.
    pub(super) fn array_param_draw(
        &mut self,
        r: ValueId,
        f: I,
        bound: &[Option<ValueId>],
        size: usize,
    ) -> Result<bool> {
        let any_array = bound
            .iter()
            .take(size)
            .flatten()
            .any(|v| matches!(self.ty(*v), Type::Array { .. }));
        if !any_array {
            return Ok(false);
        }
        let routine = broadcast_routine(f).ok_or_else(|| {
            CompileError::internal(
                "codegen",
                format!("{} has no array-parameter routine", f.qualified()),
            )
        })?;
        let mut slots: Vec<Option<ValueId>> = bound.iter().take(size + 1).copied().collect();
        slots.resize(size + 1, None);
        if f == I::GenIntegers {
            // `endpoint` (after `dtype`, which typing allows only at its default).
            slots.push(bound.get(size + 2).copied().flatten());
        }
        self.slots_call(r, routine, &slots)?;
        Ok(true)
    }

    /// The binomial's `n` as an int64: an int or bool as it is, a float as Python's `int()`
    /// converts it (NumPy's `<int64_t>n`): NaN and infinities raise, as do values outside
    /// int64 (`Python int too large to convert to C long`).
    fn count_value(&mut self, v: ValueId) -> Result<Value> {
        if !matches!(self.ty(v), Type::Float | Type::Float32) {
            return self.int_value(v);
        }
        let x = self.float_value(v)?;
        let nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
        self.raise_if(
            nan,
            RtError::ValueError,
            "cannot convert float NaN to integer",
        )?;
        let ax = self.b.ins().fabs(x);
        let inf = self.b.ins().f64const(f64::INFINITY);
        let is_inf = self.b.ins().fcmp(FloatCC::Equal, ax, inf);
        self.raise_if(
            is_inf,
            RtError::OverflowError,
            "cannot convert float infinity to integer",
        )?;
        // -2**63 converts; 2**63 does not (no double lies strictly between -2**63 - 2048 and
        // -2**63, so `x < -2**63` means its truncation is out of range too).
        let hi = self.b.ins().f64const(-(i64::MIN as f64));
        let lo = self.b.ins().f64const(i64::MIN as f64);
        let big = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, hi);
        let small = self.b.ins().fcmp(FloatCC::LessThan, x, lo);
        let out = self.b.ins().bor(big, small);
        self.raise_if(
            out,
            RtError::OverflowError,
            "Python int too large to convert to C long",
        )?;
        Ok(self.b.ins().fcvt_to_sint_sat(types::I64, x))
    }

    /// NumPy's `CONS_NON_NEGATIVE` check of a float parameter: a set sign bit (`-0.0` too)
    /// raises `ValueError("<name> < 0")`; NaN passes.
    pub(super) fn check_non_negative(&mut self, x: Value, name: &str) -> Result<()> {
        let bits = self
            .b
            .ins()
            .bitcast(types::I64, cranelift_codegen::ir::MemFlagsData::new(), x);
        let sign = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, bits, 0);
        let num = self.b.ins().fcmp(FloatCC::Ordered, x, x);
        let bad = self.b.ins().band(sign, num);
        self.raise_if(bad, RtError::ValueError, &format!("{name} < 0"))
    }

    /// NumPy's `CONS_POSITIVE`: `x <= 0` raises `ValueError("<name> <= 0")`; NaN passes.
    pub(super) fn check_positive(&mut self, x: Value, name: &str) -> Result<()> {
        let zero = self.b.ins().f64const(0.0);
        let bad = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, zero);
        self.raise_if(bad, RtError::ValueError, &format!("{name} <= 0"))
    }

    /// The checked parameters of a gamma, standard gamma, beta, Poisson or binomial draw, in
    /// the runtime's order; `arg(i)` is the `i`-th parameter (after the receiver of a
    /// `Generator` method), `None` when absent. `None` for the other functions.
    pub(super) fn shared_dist_params(
        &mut self,
        f: I,
        arg: &dyn Fn(usize) -> Option<ValueId>,
    ) -> Result<Option<Vec<Value>>> {
        let f64_or = |s: &mut Self, i: usize, default: f64| -> Result<Value> {
            match arg(i) {
                Some(v) => s.float_value(v),
                None => Ok(s.b.ins().f64const(default)),
            }
        };
        let need = |i: usize| {
            arg(i).ok_or_else(|| {
                crate::error::CompileError::internal("codegen", format!("argument {i} missing"))
            })
        };
        Ok(Some(match f {
            I::GenGamma | I::RandomGamma => {
                let shape = self.float_value(need(0)?)?;
                let scale = f64_or(self, 1, 1.0)?;
                self.check_non_negative(shape, "shape")?;
                self.check_non_negative(scale, "scale")?;
                vec![shape, scale]
            }
            I::GenStandardGamma | I::RandomStandardGamma => {
                let shape = self.float_value(need(0)?)?;
                self.check_non_negative(shape, "shape")?;
                vec![shape]
            }
            I::GenBeta | I::RandomBeta => {
                let a = self.float_value(need(0)?)?;
                let b = self.float_value(need(1)?)?;
                self.check_positive(a, "a")?;
                self.check_positive(b, "b")?;
                vec![a, b]
            }
            I::GenPoisson | I::RandomPoisson => {
                let lam = f64_or(self, 0, 1.0)?;
                // `CONS_POISSON` / `LEGACY_CONS_POISSON`.
                let zero = self.b.ins().f64const(0.0);
                let ok = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, lam, zero);
                let bad = self.b.ins().bxor_imm_u(ok, 1);
                self.raise_if(bad, RtError::ValueError, "lam < 0 or lam is NaN")?;
                let max = self.b.ins().f64const(POISSON_LAM_MAX);
                let big = self.b.ins().fcmp(FloatCC::GreaterThan, lam, max);
                self.raise_if(big, RtError::ValueError, "lam value too large")?;
                vec![lam]
            }
            I::GenBinomial | I::RandomBinomial => {
                let n_trials = self.count_value(need(0)?)?;
                let p = self.float_value(need(1)?)?;
                // `CONS_BOUNDED_0_1` on `p`, then `CONS_NON_NEGATIVE` on `n`.
                let zero = self.b.ins().f64const(0.0);
                let ge0 = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, p, zero);
                let one = self.b.ins().f64const(1.0);
                let le1 = self.b.ins().fcmp(FloatCC::LessThanOrEqual, p, one);
                let ok = self.b.ins().band(ge0, le1);
                let bad = self.b.ins().bxor_imm_u(ok, 1);
                self.raise_if(bad, RtError::ValueError, "p < 0, p > 1 or p is NaN")?;
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n_trials, 0);
                self.raise_if(neg, RtError::ValueError, "n < 0")?;
                vec![n_trials, p]
            }
            _ => return Ok(None),
        }))
    }
}
