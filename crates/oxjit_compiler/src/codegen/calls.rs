//! Calls: builtins, `math`, `numpy`, Python's `random`, array methods and other jitted functions.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::infer::{ArgSource, TypedFunction};
use crate::intrinsics::{Domain, Intrinsic as I, Lower, Module, UnaryFn};
use crate::ir::{DefaultValue, InstKind, ValueId};
use crate::types::{Callable, Type};
use cranelift_codegen::ir::{condcodes::FloatCC, condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    /// The bound arguments with explicit `None`s dropped (`None` means "not given" to the
    /// runtime routines that take optional parameters).
    pub(super) fn without_nones(&self, bound: &[Option<ValueId>]) -> Vec<Option<ValueId>> {
        bound
            .iter()
            .map(|x| x.filter(|v| *self.ty(*v) != Type::None))
            .collect()
    }

    /// Translate a call; sets the result value.
    pub fn translate_call(
        &mut self,
        r: ValueId,
        func: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        let rt = self.ty(r).clone();
        if let Some(c) = self.tf.consts.get(&r).copied() {
            // Decided at compile time (`isinstance`).
            let v = self.translate_const(c);
            self.set_plain(r, v);
            return Ok(());
        }
        if let Type::DtypeValue(_) = self.ty(func) {
            let v = self.numpy_scalar_cast(args.first().copied(), &rt)?;
            self.set_owned(r, vec![v]);
            return Ok(());
        }
        let Type::Function(callable) = self.ty(func).clone() else {
            return Err(CompileError::internal("codegen", "call of a non-function"));
        };
        let rt = self.ty(r).clone();
        if let Some(v) = self.complex_call_of(&callable, func, args, kwargs)? {
            self.set_owned(r, v);
            return Ok(());
        }
        match &callable {
            Callable::Intrinsic(I::BuiltinAbs) if self.is_array(args[0]) => {
                if !self.complex_array_call(r, I::BuiltinAbs, args)? {
                    self.array_unary_op(r, UnaryFn::Abs, args[0])?;
                }
            }
            Callable::Intrinsic(I::BuiltinList) => self.list_ctor(r, args)?,
            Callable::Intrinsic(I::BuiltinDict | I::BuiltinSet) => self.table_ctor(r, args)?,
            Callable::Intrinsic(
                f @ (I::TypedList | I::TypedDict | I::TypedEmptyList | I::TypedEmptyDict),
            ) => {
                // `Dict.empty`/`List.empty_list` take type objects (compile time only): empty
                // containers of the result's type.
                match f {
                    I::TypedList => self.list_ctor(r, args)?,
                    I::TypedEmptyList => self.list_ctor(r, &[])?,
                    I::TypedDict => self.table_ctor(r, args)?,
                    _ => self.table_ctor(r, &[])?,
                }
                self.mark_typed(r)?;
            }
            Callable::Intrinsic(I::BuiltinSorted) => self.list_sorted(r, args[0], kwargs)?,
            Callable::Intrinsic(f @ (I::BuiltinMin | I::BuiltinMax))
                if self.key_list(kwargs).is_some() =>
            {
                self.list_extreme_by_key(r, *f, args[0], kwargs)?
            }
            Callable::Intrinsic(
                f @ (I::BuiltinSum | I::BuiltinMin | I::BuiltinMax | I::BuiltinAny | I::BuiltinAll),
            ) if args.len() == 1 && self.is_list(args[0]) => self.list_reduce(r, *f, args[0])?,
            Callable::Intrinsic(I::Array | I::Asarray) if self.is_list(args[0]) => {
                self.list_to_array(r, args[0])?
            }
            Callable::Intrinsic(f) if self.is_str_builtin(*f, args) => {
                self.str_builtin(r, *f, args)?
            }
            Callable::Intrinsic(f) if f.module() == Module::Builtins => {
                let v = self.builtin(*f, args, &rt)?;
                self.set_owned(r, v);
            }
            Callable::Intrinsic(I::MathIsclose) => {
                let b = crate::intrinsics::bind(
                    I::MathIsclose,
                    args,
                    kwargs,
                    crate::error::Span::default(),
                )?;
                let v = self.isclose(&b)?;
                self.set_owned(r, vec![v]);
            }
            Callable::Intrinsic(f @ (I::MathFrexp | I::MathModf)) => {
                let v = self.math_pair(*f, args[0])?;
                self.set_owned(r, v);
            }
            Callable::Intrinsic(f)
                if f.module() == Module::Math
                    && !matches!(f.rule(), crate::intrinsics::Rule::Stats(_)) =>
            {
                let v = self.math(*f, args)?;
                self.set_owned(r, vec![v]);
            }
            Callable::Intrinsic(f) if f.module() == Module::PyRandom => {
                self.py_random_call(r, *f, args, kwargs)?
            }
            Callable::Intrinsic(f) => self.numpy_call(r, *f, args, kwargs)?,
            Callable::Method(f) => {
                let tf: &TypedFunction = self.tf;
                let Some(InstKind::Attr(recv, _)) = tf.def(func).map(|i| &i.kind) else {
                    return Err(CompileError::internal("codegen", "method without receiver"));
                };
                let recv = *recv;
                match f {
                    f if f.module() == Module::Str => {
                        self.str_method(r, *f, recv, args, kwargs)?;
                    }
                    f if matches!(f.module(), Module::Dict | Module::Set) => {
                        self.table_method(r, *f, recv, args)?;
                    }
                    f if f.module() == Module::List => {
                        self.list_method(r, *f, recv, args, kwargs)?;
                    }
                    f if f.module() == Module::Generator => {
                        self.generator_method(r, *f, recv, args, kwargs)?;
                    }
                    I::MethodSort => {
                        let mut all = vec![recv];
                        all.extend_from_slice(args);
                        let span = crate::error::Span::default();
                        let b = crate::intrinsics::bind(*f, &all, kwargs, span)?;
                        let axis = self.sort_axis(recv, b.get(1).copied().flatten())?;
                        self.sort_array_in_place(recv, axis)?;
                        self.set_plain(r, Vec::new());
                    }
                    I::Reshape
                        if args.len() > 1
                            || (args.len() == 1 && *self.ty(args[0]) == Type::Int) =>
                    {
                        let shape = args
                            .iter()
                            .map(|a| self.int_value(*a))
                            .collect::<Result<Vec<_>>>()?;
                        self.reshape(r, recv, shape)?;
                    }
                    f => {
                        let mut all = vec![recv];
                        all.extend_from_slice(args);
                        self.numpy_call(r, *f, &all, kwargs)?;
                    }
                }
            }
            Callable::Class(_) => self.translate_construct(r)?,
            Callable::BoundMethod(_) => {
                let tf: &TypedFunction = self.tf;
                let Some(InstKind::Attr(recv, _)) = tf.def(func).map(|i| &i.kind) else {
                    return Err(CompileError::internal("codegen", "method without receiver"));
                };
                self.translate_method_call(r, *recv)?;
            }
            Callable::Jitted(_) => {
                let tf: &TypedFunction = self.tf;
                let call = tf.callees.get(&r).ok_or_else(|| {
                    CompileError::internal("codegen", "jitted call without an instance")
                })?;
                let mut flat = Vec::new();
                for a in &call.args {
                    self.source_vals(a, &mut flat)?;
                }
                let v = self.call_jitted(call.instance, flat, &rt)?;
                self.set_owned(r, v);
            }
        }
        Ok(())
    }

    /// A call `codegen/complex.rs` translates (`complex(...)`, `abs(z)`, `z.conjugate()`,
    /// `cmath`), with its result; `None` for any other call.
    fn complex_call_of(
        &mut self,
        callable: &Callable,
        func: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> Result<Option<Vec<Value>>> {
        match callable {
            Callable::Intrinsic(I::BuiltinAbs) if *self.ty(args[0]) == Type::Complex => {
                self.complex_call(I::BuiltinAbs, args, kwargs, None)
            }
            Callable::Intrinsic(f @ I::BuiltinComplex) => self.complex_call(*f, args, kwargs, None),
            Callable::Intrinsic(f) if f.module() == Module::Cmath => {
                self.complex_call(*f, args, kwargs, None)
            }
            Callable::Method(f @ I::ComplexConjugate) => {
                let tf: &TypedFunction = self.tf;
                let recv = match tf.def(func).map(|i| &i.kind) {
                    Some(InstKind::Attr(recv, _)) => Some(*recv),
                    _ => None,
                };
                self.complex_call(*f, args, kwargs, recv)
            }
            _ => Ok(None),
        }
    }

    /// The flattened components of a callee's default value.
    /// The machine values of one bound argument of a jitted call, appended to `out`.
    pub(super) fn source_vals(&mut self, a: &ArgSource, out: &mut Vec<Value>) -> Result<()> {
        match a {
            ArgSource::Value(v) => out.extend(self.val(*v)?),
            ArgSource::Item(v, i) => out.extend(self.tuple_item(*v, *i as i64)?),
            ArgSource::Packed(items) => {
                for i in items {
                    self.source_vals(i, out)?;
                }
            }
            ArgSource::Default(d) => self.default_value(d, out),
        }
        Ok(())
    }

    fn default_value(&mut self, d: &DefaultValue, out: &mut Vec<Value>) {
        match d {
            DefaultValue::Const(c) => out.extend(self.translate_const(*c)),
            DefaultValue::Tuple(items) => items.iter().for_each(|i| self.default_value(i, out)),
            // Rejected by typing.
            DefaultValue::Unsupported => {}
        }
    }

    /// `int(x)` semantics for a float64: NaN and infinities raise as in CPython, and so does a
    /// value outside int64 (CPython would make a larger int; oxjit's int is int64). One range
    /// test on the hot path (`-2**63 <= x < 2**63`, false for NaN), the causes sorted out in
    /// the cold path.
    fn float_to_int_checked(&mut self, x: Value) -> Result<Value> {
        let lo = self.b.ins().f64const(-(2f64.powi(63)));
        let hi = self.b.ins().f64const(2f64.powi(63));
        let above = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, lo);
        let below = self.b.ins().fcmp(FloatCC::LessThan, x, hi);
        let fits = self.b.ins().band(above, below);
        let out = self.b.ins().icmp_imm_s(IntCC::Equal, fits, 0);
        self.fail_if(out, |t| {
            let is_nan = t.b.ins().fcmp(FloatCC::Unordered, x, x);
            t.raise_if(
                is_nan,
                RtError::ValueError,
                "cannot convert float NaN to integer",
            )?;
            let a = t.b.ins().fabs(x);
            let inf = t.b.ins().f64const(f64::INFINITY);
            let is_inf = t.b.ins().fcmp(FloatCC::Equal, a, inf);
            t.raise_if(
                is_inf,
                RtError::OverflowError,
                "cannot convert float infinity to integer",
            )?;
            t.raise_now(
                RtError::OverflowError,
                "Python int too large to convert to C long",
            )
        })?;
        Ok(self.b.ins().fcvt_to_sint_sat(types::I64, x))
    }

    fn builtin(&mut self, f: I, args: &[ValueId], rt: &Type) -> Result<Vec<Value>> {
        if matches!(f, I::BuiltinMin | I::BuiltinMax | I::BuiltinSum) && self.is_array(args[0]) {
            return Ok(vec![self.builtin_over_array(f, args, rt)?]);
        }
        Ok(match f {
            I::BuiltinAny | I::BuiltinAll => vec![self.any_all(f, args[0])?],
            I::BuiltinDivmod => self.divmod(args[0], args[1], rt)?,
            I::BuiltinRange => self.range_new(args)?,
            I::BuiltinPow if args.len() == 3 && *self.ty(args[2]) != Type::None => {
                vec![self.powmod(args[0], args[1], args[2])?]
            }
            I::BuiltinPow => {
                vec![self.translate_binary(crate::ir::BinOp::Pow, args[0], args[1], rt)?]
            }
            I::BuiltinRound if args.len() == 2 && *self.ty(args[1]) != Type::None => {
                vec![self.round_ndigits(args[0], args[1], rt)?]
            }
            I::BuiltinLen => match self.ty(args[0]).clone() {
                Type::Tuple(items) => vec![self.b.ins().iconst(types::I64, items.len() as i64)],
                Type::List(_) | Type::Dict(..) | Type::Set(_) => {
                    let m = self.val(args[0])?[0];
                    vec![self.list_len(m)]
                }
                Type::Range => {
                    let vals = self.val(args[0])?;
                    vec![self.range_len_checked(&vals)?]
                }
                Type::Array { .. } => vec![self.val(args[0])?[2]],
                Type::ExceptionArgs => {
                    let m = self.val(args[0])?[0];
                    self.call_rt(&rt::EXCEPTION_ARGS_LEN, &[m])?
                }
                t => {
                    return Err(crate::error::CompileError::internal(
                        "codegen",
                        format!("len() of `{t}`"),
                    ))
                }
            },
            I::BuiltinAbs => {
                let t = self.ty(args[0]).clone();
                let x = self.scalar(args[0])?;
                let x = self.convert(x, &t, rt)?;
                vec![if rt.is_float() {
                    self.b.ins().fabs(x)
                } else if *rt == Type::Uint64 {
                    x
                } else {
                    self.b.ins().iabs(x)
                }]
            }
            I::BuiltinMin | I::BuiltinMax => {
                // Python keeps the first extreme: `m = x if x < m else m`, left to right.
                let mut m = None;
                for a in args {
                    let t = self.ty(*a).clone();
                    let x = self.scalar(*a)?;
                    let x = self.convert(x, &t, rt)?;
                    m = Some(match m {
                        None => x,
                        Some(cur) => {
                            let better = self.compare_values(f == I::BuiltinMin, x, cur, rt);
                            self.b.ins().select(better, x, cur)
                        }
                    });
                }
                vec![m.ok_or_else(|| CompileError::internal("codegen", "min/max of nothing"))?]
            }
            I::BuiltinInt => {
                let Some(a) = args.first() else {
                    return Ok(vec![self.b.ins().iconst(types::I64, 0)]);
                };
                let t = self.ty(*a).clone();
                if t.is_float() {
                    let x = self.float_value(*a)?;
                    vec![self.float_to_int_checked(x)?]
                } else {
                    vec![self.int_value(*a)?]
                }
            }
            I::BuiltinFloat => match args.first() {
                None => vec![self.b.ins().f64const(0.0)],
                Some(a) => vec![self.float_value(*a)?],
            },
            I::BuiltinBool => match args.first() {
                None => vec![self.b.ins().iconst(types::I8, 0)],
                Some(a) => vec![self.truth(*a)?],
            },
            I::BuiltinRound => {
                let t = self.ty(args[0]).clone();
                if t.is_float() {
                    let x = self.float_value(args[0])?;
                    // `nearest` rounds half to even, as Python's `round`.
                    let n = self.b.ins().nearest(x);
                    vec![self.float_to_int_checked(n)?]
                } else {
                    vec![self.int_value(args[0])?]
                }
            }
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("builtin `{}` passed typing", other.name()),
                ))
            }
        })
    }

    /// `numpy.float32(x)` and friends (typed by `infer::calls::dtype_call`): no argument gives
    /// zero; floats truncate into integers, raising as `int(x)` does for NaN and infinities;
    /// integers reach float32 through float64, as NumPy converts a Python int.
    fn numpy_scalar_cast(&mut self, arg: Option<ValueId>, to: &Type) -> Result<Value> {
        let Some(a) = arg else {
            return Ok(match to {
                Type::Float => self.b.ins().f64const(0.0),
                Type::Float32 => self.b.ins().f32const(0.0),
                Type::Bool => self.b.ins().iconst(types::I8, 0),
                _ => self.b.ins().iconst(types::I64, 0),
            });
        };
        let from = self.ty(a).clone();
        Ok(match to {
            Type::Bool => self.truth(a)?,
            Type::Int | Type::Uint64 if from.is_float() => {
                let x = self.float_value(a)?;
                let i = self.float_to_int_checked(x)?;
                self.convert(i, &Type::Int, to)?
            }
            Type::Float32 if !from.is_float() => {
                let x = self.float_value(a)?;
                self.convert(x, &Type::Float, to)?
            }
            _ => {
                let x = self.scalar(a)?;
                self.convert(x, &from, to)?
            }
        })
    }

    pub fn compare_values(&mut self, less: bool, x: Value, cur: Value, t: &Type) -> Value {
        use cranelift_codegen::ir::condcodes::IntCC;
        if t.is_float() {
            let cc = if less {
                FloatCC::LessThan
            } else {
                FloatCC::GreaterThan
            };
            self.b.ins().fcmp(cc, x, cur)
        } else if matches!(t, Type::Bool | Type::Uint64) {
            let cc = if less {
                IntCC::UnsignedLessThan
            } else {
                IntCC::UnsignedGreaterThan
            };
            self.b.ins().icmp(cc, x, cur)
        } else {
            let cc = if less {
                IntCC::SignedLessThan
            } else {
                IntCC::SignedGreaterThan
            };
            self.b.ins().icmp(cc, x, cur)
        }
    }

    fn domain_check(&mut self, x: Value, domain: Domain) -> Result<()> {
        let bad = match domain {
            Domain::Any => return Ok(()),
            Domain::NonNegative => {
                let z = self.b.ins().f64const(0.0);
                self.b.ins().fcmp(FloatCC::LessThan, x, z)
            }
            Domain::Positive => {
                let z = self.b.ins().f64const(0.0);
                self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, z)
            }
            Domain::GreaterThanMinusOne => {
                let z = self.b.ins().f64const(-1.0);
                self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, z)
            }
            Domain::Finite => {
                let a = self.b.ins().fabs(x);
                let inf = self.b.ins().f64const(f64::INFINITY);
                self.b.ins().fcmp(FloatCC::Equal, a, inf)
            }
            Domain::UnitInterval => {
                let a = self.b.ins().fabs(x);
                let one = self.b.ins().f64const(1.0);
                self.b.ins().fcmp(FloatCC::GreaterThan, a, one)
            }
            Domain::AtLeastOne => {
                let one = self.b.ins().f64const(1.0);
                self.b.ins().fcmp(FloatCC::LessThan, x, one)
            }
            Domain::OpenUnitInterval => {
                let a = self.b.ins().fabs(x);
                let one = self.b.ins().f64const(1.0);
                self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, a, one)
            }
            Domain::NonPositiveInteger | Domain::GammaPole => {
                // x <= 0 and x == floor(x) (false for NaN; true for -inf, which only `gamma`
                // rejects: `lgamma(-inf)` is inf).
                let z = self.b.ins().f64const(0.0);
                let le0 = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, z);
                let fl = self.b.ins().floor(x);
                let int = self.b.ins().fcmp(FloatCC::Equal, fl, x);
                let pole = self.b.ins().band(le0, int);
                if domain == Domain::GammaPole {
                    pole
                } else {
                    let ninf = self.b.ins().f64const(f64::NEG_INFINITY);
                    let not_ninf = self.b.ins().fcmp(FloatCC::NotEqual, x, ninf);
                    self.b.ins().band(pole, not_ninf)
                }
            }
        };
        self.raise_if(bad, RtError::ValueError, "math domain error")
    }

    /// OverflowError when a finite input gave an infinite result.
    fn range_check(&mut self, inputs: &[Value], result: Value) -> Result<()> {
        let inf = self.b.ins().f64const(f64::INFINITY);
        let ra = self.b.ins().fabs(result);
        let mut bad = self.b.ins().fcmp(FloatCC::Equal, ra, inf);
        for x in inputs {
            let xa = self.b.ins().fabs(*x);
            let finite = self.b.ins().fcmp(FloatCC::LessThan, xa, inf);
            bad = self.b.ins().band(bad, finite);
        }
        self.raise_if(bad, RtError::OverflowError, "math range error")
    }

    fn math(&mut self, f: I, args: &[ValueId]) -> Result<Value> {
        if f.rule() == crate::intrinsics::Rule::Math(crate::intrinsics::MathRule::Integer) {
            return self.int_math(f, args);
        }
        let x = self.float_value(args[0])?;
        if f == I::MathLog && args.len() == 2 {
            // CPython: log(x) / log(base), each with its domain check.
            self.domain_check(x, Domain::Positive)?;
            let base = self.float_value(args[1])?;
            self.domain_check(base, Domain::Positive)?;
            let num = self.call_rt(&rt::LOG, &[x])?[0];
            let den = self.call_rt(&rt::LOG, &[base])?[0];
            let z = self.b.ins().f64const(0.0);
            let zero = self.b.ins().fcmp(FloatCC::Equal, den, z);
            self.raise_if(zero, RtError::ZeroDivisionError, "float division by zero")?;
            return Ok(self.b.ins().fdiv(num, den));
        }
        if let Lower::Math {
            f: op,
            domain,
            overflow,
        } = f.lower()
        {
            self.domain_check(x, domain)?;
            if let Some(helper) = op.runtime() {
                let r = self.call_rt(helper, &[x])?[0];
                if overflow {
                    self.range_check(&[x], r)?;
                }
                return Ok(r);
            }
            return Ok(match op {
                UnaryFn::Sqrt => self.b.ins().sqrt(x),
                UnaryFn::Abs => self.b.ins().fabs(x),
                UnaryFn::Floor | UnaryFn::Ceil | UnaryFn::Trunc => {
                    let r = match op {
                        UnaryFn::Floor => self.b.ins().floor(x),
                        UnaryFn::Ceil => self.b.ins().ceil(x),
                        _ => self.b.ins().trunc(x),
                    };
                    self.float_to_int_checked(r)?
                }
                UnaryFn::Isnan => self.b.ins().fcmp(FloatCC::Unordered, x, x),
                UnaryFn::Isinf => {
                    let a = self.b.ins().fabs(x);
                    let inf = self.b.ins().f64const(f64::INFINITY);
                    self.b.ins().fcmp(FloatCC::Equal, a, inf)
                }
                UnaryFn::Isfinite => {
                    let a = self.b.ins().fabs(x);
                    let inf = self.b.ins().f64const(f64::INFINITY);
                    self.b.ins().fcmp(FloatCC::LessThan, a, inf)
                }
                UnaryFn::Rad2deg | UnaryFn::Deg2rad => {
                    let k = if op == UnaryFn::Rad2deg {
                        180.0 / std::f64::consts::PI
                    } else {
                        std::f64::consts::PI / 180.0
                    };
                    let k = self.b.ins().f64const(k);
                    self.b.ins().fmul(x, k)
                }
                other => {
                    return Err(CompileError::internal(
                        "codegen",
                        format!("no scalar kernel for `{other:?}` ({})", f.qualified()),
                    ))
                }
            });
        }
        Ok(match f {
            I::MathFmod | I::MathRemainder | I::MathNextafter | I::MathUlp | I::MathLdexp => {
                self.float_math2(f, x, args)?
            }
            I::MathAtan2 | I::MathHypot | I::MathPow | I::MathCopysign => {
                let y = self.float_value(args[1])?;
                match f {
                    I::MathCopysign => self.b.ins().fcopysign(x, y),
                    I::MathAtan2 => self.call_rt(&rt::ATAN2, &[x, y])?[0],
                    I::MathHypot => {
                        let r = self.call_rt(&rt::HYPOT, &[x, y])?[0];
                        self.range_check(&[x, y], r)?;
                        r
                    }
                    _ => {
                        // math.pow: 0 ** negative and negative ** non-integer are domain errors.
                        let z = self.b.ins().f64const(0.0);
                        let x_zero = self.b.ins().fcmp(FloatCC::Equal, x, z);
                        let y_neg = self.b.ins().fcmp(FloatCC::LessThan, y, z);
                        let a = self.b.ins().band(x_zero, y_neg);
                        let x_neg = self.b.ins().fcmp(FloatCC::LessThan, x, z);
                        let yt = self.b.ins().trunc(y);
                        let y_frac = self.b.ins().fcmp(FloatCC::NotEqual, yt, y);
                        let ya = self.b.ins().fabs(y);
                        let inf = self.b.ins().f64const(f64::INFINITY);
                        let y_fin = self.b.ins().fcmp(FloatCC::LessThan, ya, inf);
                        let frac_fin = self.b.ins().band(y_frac, y_fin);
                        let b2 = self.b.ins().band(x_neg, frac_fin);
                        let bad = self.b.ins().bor(a, b2);
                        self.raise_if(bad, RtError::ValueError, "math domain error")?;
                        let r = self.call_rt(&rt::POW, &[x, y])?[0];
                        self.range_check(&[x, y], r)?;
                        r
                    }
                }
            }
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("{} passed typing", other.qualified()),
                ))
            }
        })
    }

    /// Flag the new list or table `r` as made by an `oxjit.typed` constructor
    /// (`oxjit_runtime::typed_api::TYPED`): returned to Python, it stays a typed container.
    fn mark_typed(&mut self, r: ValueId) -> Result<()> {
        let m = self.val(r)?[0];
        let flags = self
            .b
            .ins()
            .iconst(types::I64, oxjit_runtime::typed_api::TYPED as i64);
        self.b
            .ins()
            .store(self.mf, flags, m, oxjit_runtime::memory::NBYTES_OFFSET);
        Ok(())
    }
}
