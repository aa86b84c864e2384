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

    /// `cond` and `n != 0`: NumPy skips some checks when no samples are taken.
    pub(super) fn and_nonempty(&mut self, cond: Value, n: Option<Value>) -> Value {
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
            I::GenChoice => {
                return self.choice_call(r, Some(g), need(1)?, arg(2), arg(3), arg(4), &rt_ty)
            }
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
        if self.array_param_draw(r, f, &b, size)? {
            return Ok(());
        }
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
        // The functions without shared parameters fill `fargs` below.
        let mut fargs: Vec<Value> = self
            .shared_dist_params(f, &|i| arg(i + 1))?
            .unwrap_or_default();
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
            I::GenChisquare => {
                let df = self.float_value(need(1)?)?;
                self.check_positive(df, "df")?;
                fargs.push(df);
            }
            I::GenLognormal => {
                let mean = f64_or(self, 1, 0.0)?;
                let sigma = f64_or(self, 2, 1.0)?;
                self.check_non_negative(sigma, "sigma")?;
                fargs.extend([mean, sigma]);
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
}
