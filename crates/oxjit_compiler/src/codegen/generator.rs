//! `numpy.random.default_rng(seed)` and the methods of the `numpy.random.Generator` object it
//! makes (`Type::Generator`, one `MemInfo` word; runtime `oxjit_runtime::random::gen_ffi`).
//! Arguments are checked here, before any draw, with NumPy's exception classes and messages
//! (`scale < 0`, `low >= high`, ...), so a failed call consumes nothing from the stream, as in
//! NumPy.

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{bind, Intrinsic as I, Lower, Rule};
use crate::ir::ValueId;
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, Value,
};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

/// NumPy's `POISSON_LAM_MAX`: the largest `lam` whose draws stay well inside int64.
const POISSON_LAM_MAX: f64 = i64::MAX as f64 - 3037000499.97605 * 10.0; // sqrt(2**63 - 1) * 10

impl FunctionTranslator<'_, '_, '_> {
    /// `numpy.random.default_rng(seed)`: a new generator (typing made sure `seed` is an int).
    pub(super) fn default_rng(&mut self, r: ValueId, seed: ValueId) -> Result<()> {
        let s = self.int_value(seed)?;
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, s, 0);
        self.raise_if(neg, RtError::ValueError, "expected non-negative integer")?;
        let g = self.call_rt(&rt::GEN_NEW, &[s])?[0];
        self.set_owned(r, vec![g]);
        Ok(())
    }

    /// NumPy's `CONS_NON_NEGATIVE` check of a float parameter: a set sign bit (`-0.0` too)
    /// raises `ValueError("<name> < 0")`; NaN passes.
    fn check_non_negative(&mut self, x: Value, name: &str) -> Result<()> {
        let bits = self
            .b
            .ins()
            .bitcast(types::I64, cranelift_codegen::ir::MemFlagsData::new(), x);
        let sign = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, bits, 0);
        let num = self.b.ins().fcmp(FloatCC::Ordered, x, x);
        let bad = self.b.ins().band(sign, num);
        self.raise_if(bad, RtError::ValueError, &format!("{name} < 0"))
    }

    /// `cond` and `n != 0`: NumPy skips some checks when no samples are taken.
    fn and_nonempty(&mut self, cond: Value, n: Option<Value>) -> Value {
        match n {
            Some(n) => {
                let some = self.b.ins().icmp_imm_s(IntCC::NotEqual, n, 0);
                self.b.ins().band(cond, some)
            }
            None => cond,
        }
    }

    /// `rng.<f>(...)` with receiver `recv`.
    pub(super) fn generator_method(
        &mut self,
        r: ValueId,
        f: I,
        recv: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        let mut all = vec![recv];
        all.extend_from_slice(args);
        let b = bind(f, &all, kwargs, Span::default())?;
        let present = self.without_nones(&b);
        let arg = |i: usize| present.get(i).copied().flatten();
        let need = |i: usize| {
            arg(i).ok_or_else(|| CompileError::internal("codegen", format!("argument {i} missing")))
        };
        let g = self.val(recv)?[0];
        let rt_ty = self.ty(r).clone();
        match f {
            I::GenChoice => return self.gen_choice(r, g, need(1)?, arg(2), arg(3), arg(4), &rt_ty),
            I::GenShuffle => {
                let (p, d, _) = self.array_parts(need(1)?)?;
                let ro = self.b.ins().band_imm_u(p.meminfo, 2);
                let ro = self.b.ins().icmp_imm_s(IntCC::NotEqual, ro, 0);
                self.raise_if(ro, RtError::ValueError, "array is read-only")?;
                let item = self.b.ins().iconst(types::I64, d.itemsize());
                self.call_rt(
                    &rt::GEN_SHUFFLE,
                    &[g, p.data, p.shape[0], p.strides[0], item],
                )?;
                self.set_plain(r, Vec::new());
                return Ok(());
            }
            I::GenPermutation => {
                let x = need(1)?;
                let out = if *self.ty(x) == Type::Int {
                    // `arange(n)`: empty for a negative `n`.
                    let n = self.int_value(x)?;
                    let zero = self.b.ins().iconst(types::I64, 0);
                    let n = self.b.ins().smax(n, zero);
                    let out = self.alloc_array(Dtype::Int64, vec![n], None)?;
                    self.call_rt(&rt::GEN_PERMUTATION, &[g, out[1], n])?;
                    out
                } else {
                    let (_, d, _) = self.array_parts(x)?;
                    let out = self.copy_as(x, d)?;
                    let p = ArrayParts::from_vals(&out, 1);
                    let item = self.b.ins().iconst(types::I64, d.itemsize());
                    self.call_rt(
                        &rt::GEN_SHUFFLE,
                        &[g, p.data, p.shape[0], p.strides[0], item],
                    )?;
                    out
                };
                self.set_owned(r, out);
                return Ok(());
            }
            _ => {}
        }
        let (Rule::Draw { size, int }, Lower::Draw { scalar, fill }) = (f.rule(), f.lower()) else {
            return Err(CompileError::internal(
                "codegen",
                format!("{} is not a draw", f.qualified()),
            ));
        };
        // The shape first: NumPy skips the `integers` bounds check when no samples are taken.
        let shape = match (&rt_ty, arg(size)) {
            (Type::Array { .. }, Some(s)) => Some(self.shape_values(s)?),
            _ => None,
        };
        let n = shape.as_ref().map(|s| self.product(s));
        let f64_or = |s: &mut Self, i: usize, default: f64| -> Result<Value> {
            match arg(i) {
                Some(v) => s.float_value(v),
                None => Ok(s.b.ins().f64const(default)),
            }
        };
        let mut fargs: Vec<Value> = Vec::new();
        match f {
            I::GenNormal => {
                let loc = f64_or(self, 1, 0.0)?;
                let scale = f64_or(self, 2, 1.0)?;
                self.check_non_negative(scale, "scale")?;
                fargs.extend([loc, scale]);
            }
            I::GenUniform => {
                let low = f64_or(self, 1, 0.0)?;
                let high = f64_or(self, 2, 1.0)?;
                let range = self.b.ins().fsub(high, low);
                let zero = self.b.ins().fsub(range, range);
                let inf = self.b.ins().fcmp(FloatCC::NotEqual, zero, zero);
                self.raise_if(
                    inf,
                    RtError::OverflowError,
                    "high - low range exceeds valid bounds",
                )?;
                self.check_non_negative(range, "high - low")?;
                fargs.extend([low, range]);
            }
            I::GenExponential => {
                let scale = f64_or(self, 1, 1.0)?;
                self.check_non_negative(scale, "scale")?;
                fargs.push(scale);
            }
            I::GenStandardExponential => fargs.push(self.b.ins().f64const(1.0)),
            I::GenGamma => {
                let shape = self.float_value(need(1)?)?;
                let scale = f64_or(self, 2, 1.0)?;
                self.check_non_negative(shape, "shape")?;
                self.check_non_negative(scale, "scale")?;
                fargs.extend([shape, scale]);
            }
            I::GenStandardGamma => {
                let shape = self.float_value(need(1)?)?;
                self.check_non_negative(shape, "shape")?;
                fargs.push(shape);
            }
            I::GenChisquare => {
                let df = self.float_value(need(1)?)?;
                // `CONS_POSITIVE`: `df <= 0` raises (NaN passes).
                let zero = self.b.ins().f64const(0.0);
                let bad = self.b.ins().fcmp(FloatCC::LessThanOrEqual, df, zero);
                self.raise_if(bad, RtError::ValueError, "df <= 0")?;
                fargs.push(df);
            }
            I::GenLognormal => {
                let mean = f64_or(self, 1, 0.0)?;
                let sigma = f64_or(self, 2, 1.0)?;
                self.check_non_negative(sigma, "sigma")?;
                fargs.extend([mean, sigma]);
            }
            I::GenBeta => {
                let a = self.float_value(need(1)?)?;
                let b = self.float_value(need(2)?)?;
                for (x, name) in [(a, "a"), (b, "b")] {
                    // `CONS_POSITIVE`: `x <= 0` raises (NaN passes).
                    let zero = self.b.ins().f64const(0.0);
                    let bad = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, zero);
                    self.raise_if(bad, RtError::ValueError, &format!("{name} <= 0"))?;
                }
                fargs.extend([a, b]);
            }
            I::GenPoisson => {
                let lam = f64_or(self, 1, 1.0)?;
                // `CONS_POISSON`.
                let zero = self.b.ins().f64const(0.0);
                let ok = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, lam, zero);
                let bad = self.b.ins().bxor_imm_u(ok, 1);
                self.raise_if(bad, RtError::ValueError, "lam < 0 or lam is NaN")?;
                let max = self.b.ins().f64const(POISSON_LAM_MAX);
                let big = self.b.ins().fcmp(FloatCC::GreaterThan, lam, max);
                self.raise_if(big, RtError::ValueError, "lam value too large")?;
                fargs.push(lam);
            }
            I::GenBinomial => {
                let n_trials = self.int_value(need(1)?)?;
                let p = self.float_value(need(2)?)?;
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
                fargs.extend([n_trials, p]);
            }
            I::GenIntegers => {
                let a = self.int_value(need(1)?)?;
                let (low, high) = match arg(2) {
                    Some(h) => (a, self.int_value(h)?),
                    None => (self.b.ins().iconst(types::I64, 0), a),
                };
                // `endpoint` (a bool, false when absent) as 0 or 1.
                let closed = match arg(5) {
                    Some(e) => self.int_value(e)?,
                    None => self.b.ins().iconst(types::I64, 0),
                };
                let is_closed = self.b.ins().icmp_imm_s(IntCC::NotEqual, closed, 0);
                let open_bad = self
                    .b
                    .ins()
                    .icmp(IntCC::SignedGreaterThanOrEqual, low, high);
                let closed_bad = self.b.ins().icmp(IntCC::SignedGreaterThan, low, high);
                let bad = self.b.ins().select(is_closed, closed_bad, open_bad);
                let bad = self.and_nonempty(bad, n);
                // Exclusive upper bound (wrapping: the runtime works modulo 2**64).
                let high_excl = self.b.ins().iadd(high, closed);
                // NumPy's `format_bounds_error`: `high <= 0` when `low` is 0.
                let low_zero = self.b.ins().icmp_imm_s(IntCC::Equal, low, 0);
                let low_nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, low, 0);
                let is_open = self.b.ins().icmp_imm_s(IntCC::Equal, closed, 0);
                for (when_low, when_closed, msg) in [
                    (low_zero, is_open, "high <= 0"),
                    (low_zero, is_closed, "high < 0"),
                    (low_nonzero, is_open, "low >= high"),
                    (low_nonzero, is_closed, "low > high"),
                ] {
                    let c = self.b.ins().band(bad, when_low);
                    let c = self.b.ins().band(c, when_closed);
                    self.raise_if(c, RtError::ValueError, msg)?;
                }
                fargs.extend([low, high_excl]);
            }
            _ => {}
        }
        match shape {
            Some(shape) => {
                let d = if int { Dtype::Int64 } else { Dtype::Float64 };
                let out = self.alloc_array(d, shape, None)?;
                let mut all = vec![g, out[1], n.expect("count of a shape")];
                all.extend(fargs);
                self.call_rt(fill, &all)?;
                self.set_owned(r, out);
            }
            None => {
                let mut all = vec![g];
                all.extend(fargs);
                let v = self.call_rt(scalar, &all)?[0];
                self.set_plain(r, vec![v]);
            }
        }
        Ok(())
    }

    /// `rng.choice(a, size, replace, p)` of an int `a` (the indices) or a 1-d array (its items
    /// at those indices): the population checks here, the draws and NumPy's checks of `p` and
    /// `replace` in the runtime.
    #[allow(clippy::too_many_arguments)]
    fn gen_choice(
        &mut self,
        r: ValueId,
        g: Value,
        a: ValueId,
        size: Option<ValueId>,
        replace: Option<ValueId>,
        p: Option<ValueId>,
        rt_ty: &Type,
    ) -> Result<()> {
        use cranelift_codegen::ir::{StackSlotData, StackSlotKind};
        let shape = match (rt_ty, size) {
            (Type::Array { .. }, Some(s)) => Some(self.shape_values(s)?),
            _ => None,
        };
        let n = shape.as_ref().map(|s| self.product(s));
        let zero = self.b.ins().iconst(types::I64, 0);
        let (pop, src, stride, d) = if *self.ty(a) == Type::Int {
            let pop = self.int_value(a)?;
            let bad = self
                .b
                .ins()
                .icmp_imm_s(IntCC::SignedLessThanOrEqual, pop, 0);
            let bad = self.and_nonempty(bad, n);
            self.raise_if(
                bad,
                RtError::ValueError,
                "a must be a positive integer unless no samples are taken",
            )?;
            (pop, zero, zero, Dtype::Int64)
        } else {
            let (ap, d, _) = self.array_parts(a)?;
            let pop = ap.shape[0];
            let bad = self.b.ins().icmp_imm_s(IntCC::Equal, pop, 0);
            let bad = self.and_nonempty(bad, n);
            self.raise_if(
                bad,
                RtError::ValueError,
                "a cannot be empty unless no samples are taken",
            )?;
            (pop, ap.data, ap.strides[0], d)
        };
        let replace = match replace {
            Some(v) => self.int_value(v)?,
            None => self.b.ins().iconst(types::I64, 1),
        };
        let (pp, plen, pstride) = match p {
            Some(v) => {
                let (pa, _, _) = self.array_parts(v)?;
                (pa.data, pa.shape[0], pa.strides[0])
            }
            None => (zero, zero, zero),
        };
        let item = self.b.ins().iconst(types::I64, d.itemsize());
        match shape {
            Some(shape) => {
                let out = self.alloc_array(d, shape, None)?;
                let n = n.expect("count of a shape");
                let st = self.call_rt(
                    &rt::GEN_CHOICE,
                    &[
                        g, out[1], n, src, pop, stride, item, replace, pp, plen, pstride,
                    ],
                )?[0];
                // The new array is released with the other temporaries if this raises.
                self.set_owned(r, out);
                self.check_status(st)?;
            }
            None => {
                let slot = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    16,
                    3,
                ));
                let buf = self.b.ins().stack_addr(types::I64, slot, 0);
                let one = self.b.ins().iconst(types::I64, 1);
                let st = self.call_rt(
                    &rt::GEN_CHOICE,
                    &[
                        g, buf, one, src, pop, stride, item, replace, pp, plen, pstride,
                    ],
                )?[0];
                self.check_status(st)?;
                let v = self.load_element(buf, d);
                self.set_plain(r, vec![v]);
            }
        }
        Ok(())
    }
}
