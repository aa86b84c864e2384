//! Calls: builtins, `math`, `numpy`, array methods and other jitted functions.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::infer::TypedFunction;
use crate::ir::{InstKind, ValueId};
use crate::types::{Callable, Type};
use cranelift_codegen::ir::{condcodes::FloatCC, types, InstBuilder, Value};
use oxjit_runtime::errors::ErrorKind as RtError;

/// What a math function's argument must satisfy (CPython raises `ValueError` otherwise).
#[derive(Clone, Copy)]
enum Domain {
    Any,
    NonNegative,
    Positive,
    GreaterThanMinusOne,
    Finite,
    UnitInterval,
}

/// `math` functions computed by a runtime helper: (name, helper, domain, can overflow).
const MATH_HELPERS: &[(&str, &str, Domain, bool)] = &[
    ("exp", "oxjit_rt_exp", Domain::Any, true),
    ("log", "oxjit_rt_log", Domain::Positive, false),
    ("log10", "oxjit_rt_log10", Domain::Positive, false),
    ("log2", "oxjit_rt_log2", Domain::Positive, false),
    (
        "log1p",
        "oxjit_rt_log1p",
        Domain::GreaterThanMinusOne,
        false,
    ),
    ("expm1", "oxjit_rt_expm1", Domain::Any, true),
    ("sin", "oxjit_rt_sin", Domain::Finite, false),
    ("cos", "oxjit_rt_cos", Domain::Finite, false),
    ("tan", "oxjit_rt_tan", Domain::Finite, false),
    ("asin", "oxjit_rt_asin", Domain::UnitInterval, false),
    ("acos", "oxjit_rt_acos", Domain::UnitInterval, false),
    ("atan", "oxjit_rt_atan", Domain::Any, false),
    ("sinh", "oxjit_rt_sinh", Domain::Any, true),
    ("cosh", "oxjit_rt_cosh", Domain::Any, true),
    ("tanh", "oxjit_rt_tanh", Domain::Any, false),
];

impl FunctionTranslator<'_, '_, '_> {
    /// Translate a call; sets the result value.
    pub fn translate_call(
        &mut self,
        r: ValueId,
        func: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        let Type::Function(callable) = self.ty(func).clone() else {
            return Err(CompileError::internal("codegen", "call of a non-function"));
        };
        let rt = self.ty(r).clone();
        match &callable {
            Callable::Builtin(name) if name == "abs" && self.is_array(args[0]) => {
                self.array_unary_op(r, "absolute", args[0])?;
            }
            Callable::Builtin(name) => {
                let v = self.builtin(name, args, &rt)?;
                self.set_owned(r, v);
            }
            Callable::Math(name) => {
                let v = self.math(name, args)?;
                self.set_owned(r, vec![v]);
            }
            Callable::Numpy(name) => self.numpy_call(r, name, args, kwargs)?,
            Callable::Method(name) => {
                let tf: &TypedFunction = self.tf;
                let Some(InstKind::Attr(recv, _)) = tf.def(func).map(|i| &i.kind) else {
                    return Err(CompileError::internal("codegen", "method without receiver"));
                };
                let recv = *recv;
                match name.as_str() {
                    "sort" => {
                        let (p, d, _) = self.array_parts(recv)?;
                        self.sort_lanes(&p, d)?;
                        self.set_plain(r, Vec::new());
                    }
                    "reshape"
                        if args.len() > 1
                            || (args.len() == 1 && *self.ty(args[0]) == Type::Int) =>
                    {
                        let shape = args
                            .iter()
                            .map(|a| self.int_value(*a))
                            .collect::<Result<Vec<_>>>()?;
                        self.reshape(r, recv, shape)?;
                    }
                    n => {
                        let mut all = vec![recv];
                        all.extend_from_slice(args);
                        let n = n.to_string();
                        self.numpy_call(r, &n, &all, kwargs)?;
                    }
                }
            }
            Callable::Jitted(_) => {
                let callee = *self.tf.callees.get(&r).ok_or_else(|| {
                    CompileError::internal("codegen", "jitted call without an instance")
                })?;
                let v = self.call_jitted(callee, args, &rt)?;
                self.set_owned(r, v);
            }
        }
        Ok(())
    }

    fn float_arg(&mut self, v: ValueId) -> Result<Value> {
        let x = self.scalar(v)?;
        let t = self.ty(v).clone();
        self.convert(x, &t, &Type::Float)
    }

    /// `int(x)` semantics for a float64: NaN and infinities raise as in CPython.
    fn float_to_int_checked(&mut self, x: Value) -> Result<Value> {
        let is_nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
        self.raise_if(
            is_nan,
            RtError::ValueError,
            "cannot convert float NaN to integer",
        )?;
        let a = self.b.ins().fabs(x);
        let inf = self.b.ins().f64const(f64::INFINITY);
        let is_inf = self.b.ins().fcmp(FloatCC::Equal, a, inf);
        self.raise_if(
            is_inf,
            RtError::OverflowError,
            "cannot convert float infinity to integer",
        )?;
        Ok(self.b.ins().fcvt_to_sint_sat(types::I64, x))
    }

    fn builtin(&mut self, name: &str, args: &[ValueId], rt: &Type) -> Result<Vec<Value>> {
        Ok(match name {
            "len" => match self.ty(args[0]).clone() {
                Type::Tuple(items) => vec![self.b.ins().iconst(types::I64, items.len() as i64)],
                _ => vec![self.val(args[0])?[2]],
            },
            "abs" => {
                let t = self.ty(args[0]).clone();
                let x = self.scalar(args[0])?;
                let x = self.convert(x, &t, rt)?;
                vec![if rt.is_float() {
                    self.b.ins().fabs(x)
                } else {
                    self.b.ins().iabs(x)
                }]
            }
            "min" | "max" => {
                // Python keeps the first extreme: `m = x if x < m else m`, left to right.
                let mut m = None;
                for a in args {
                    let t = self.ty(*a).clone();
                    let x = self.scalar(*a)?;
                    let x = self.convert(x, &t, rt)?;
                    m = Some(match m {
                        None => x,
                        Some(cur) => {
                            let better = self.compare_values(name == "min", x, cur, rt);
                            self.b.ins().select(better, x, cur)
                        }
                    });
                }
                vec![m.ok_or_else(|| CompileError::internal("codegen", "min/max of nothing"))?]
            }
            "int" => {
                let Some(a) = args.first() else {
                    return Ok(vec![self.b.ins().iconst(types::I64, 0)]);
                };
                let t = self.ty(*a).clone();
                if t.is_float() {
                    let x = self.float_arg(*a)?;
                    vec![self.float_to_int_checked(x)?]
                } else {
                    vec![self.int_value(*a)?]
                }
            }
            "float" => match args.first() {
                None => vec![self.b.ins().f64const(0.0)],
                Some(a) => vec![self.float_arg(*a)?],
            },
            "bool" => match args.first() {
                None => vec![self.b.ins().iconst(types::I8, 0)],
                Some(a) => vec![self.truth(*a)?],
            },
            "round" => {
                let t = self.ty(args[0]).clone();
                if t.is_float() {
                    let x = self.float_arg(args[0])?;
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
                    format!("builtin `{other}` passed typing"),
                ))
            }
        })
    }

    fn compare_values(&mut self, less: bool, x: Value, cur: Value, t: &Type) -> Value {
        use cranelift_codegen::ir::condcodes::IntCC;
        if t.is_float() {
            let cc = if less {
                FloatCC::LessThan
            } else {
                FloatCC::GreaterThan
            };
            self.b.ins().fcmp(cc, x, cur)
        } else if *t == Type::Bool {
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

    fn math(&mut self, name: &str, args: &[ValueId]) -> Result<Value> {
        let x = self.float_arg(args[0])?;
        if let Some((_, helper, domain, overflow)) =
            MATH_HELPERS.iter().find(|(n, ..)| *n == name).copied()
        {
            self.domain_check(x, domain)?;
            let r = self.call_rt(helper, &[types::F64], &[types::F64], &[x])?[0];
            if overflow {
                self.range_check(&[x], r)?;
            }
            return Ok(r);
        }
        Ok(match name {
            "sqrt" => {
                self.domain_check(x, Domain::NonNegative)?;
                self.b.ins().sqrt(x)
            }
            "fabs" => self.b.ins().fabs(x),
            "floor" | "ceil" | "trunc" => {
                let f = match name {
                    "floor" => self.b.ins().floor(x),
                    "ceil" => self.b.ins().ceil(x),
                    _ => self.b.ins().trunc(x),
                };
                self.float_to_int_checked(f)?
            }
            "isnan" => self.b.ins().fcmp(FloatCC::Unordered, x, x),
            "isinf" => {
                let a = self.b.ins().fabs(x);
                let inf = self.b.ins().f64const(f64::INFINITY);
                self.b.ins().fcmp(FloatCC::Equal, a, inf)
            }
            "isfinite" => {
                let a = self.b.ins().fabs(x);
                let inf = self.b.ins().f64const(f64::INFINITY);
                self.b.ins().fcmp(FloatCC::LessThan, a, inf)
            }
            "degrees" | "radians" => {
                let k = if name == "degrees" {
                    180.0 / std::f64::consts::PI
                } else {
                    std::f64::consts::PI / 180.0
                };
                let k = self.b.ins().f64const(k);
                self.b.ins().fmul(x, k)
            }
            "atan2" | "hypot" | "pow" | "copysign" => {
                let y = self.float_arg(args[1])?;
                match name {
                    "copysign" => self.b.ins().fcopysign(x, y),
                    "atan2" => {
                        self.call_rt("oxjit_rt_atan2", &[types::F64; 2], &[types::F64], &[x, y])?[0]
                    }
                    "hypot" => {
                        let r = self.call_rt(
                            "oxjit_rt_hypot",
                            &[types::F64; 2],
                            &[types::F64],
                            &[x, y],
                        )?[0];
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
                        let r =
                            self.call_rt("oxjit_rt_pow", &[types::F64; 2], &[types::F64], &[x, y])?
                                [0];
                        self.range_check(&[x, y], r)?;
                        r
                    }
                }
            }
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("math.{other} passed typing"),
                ))
            }
        })
    }
}
