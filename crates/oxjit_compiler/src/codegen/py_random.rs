//! Calls of Python's `random` module (`Module::PyRandom`): arguments converted as Python
//! would (ints exact, numbers to float64), then the runtime function of the table row
//! (`oxjit_runtime::random::python`, one state per thread, separate from `numpy.random`'s).
//! `choice` and `shuffle` reach into the sequence here: the runtime draws the index
//! (`_randbelow`) or swaps the items in place.

use super::translate::FunctionTranslator;
use super::values::cl_type;
use crate::error::{CompileError, Result, Span};
use crate::heap::list_layout;
use crate::intrinsics::{self, Intrinsic as I};
use crate::ir::ValueId;
use crate::types::{components, Type};
use cranelift_codegen::ir::{
    condcodes::IntCC, types, InstBuilder, StackSlotData, StackSlotKind, Value,
};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;
use oxjit_runtime::list as rl;

const EMPTY: &str = "Cannot choose from an empty sequence";

impl FunctionTranslator<'_, '_, '_> {
    /// `random.<f>(...)`; sets the result value.
    pub(super) fn py_random_call(
        &mut self,
        r: ValueId,
        f: I,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        let b = intrinsics::bind(f, args, kwargs, Span::default())?;
        let present = self.without_nones(&b);
        let arg = |i: usize| present.get(i).copied().flatten();
        let need = |i: usize| {
            arg(i).ok_or_else(|| {
                CompileError::internal("codegen", format!("{}: argument {i}", f.qualified()))
            })
        };
        let vals = match f {
            I::PyRandomSeed => {
                match arg(0) {
                    Some(v) => {
                        let n = self.int_value(v)?;
                        self.call_rt(&rt::PY_SEED, &[n])?;
                    }
                    None => {
                        self.call_rt(&rt::PY_SEED_ENTROPY, &[])?;
                    }
                }
                Vec::new()
            }
            I::PyRandomRandom => self.call_rt(&rt::PY_RANDOM, &[])?,
            I::PyRandomUniform => {
                let (a, bb) = (need(0)?, need(1)?);
                let ints = [a, bb]
                    .iter()
                    .all(|v| matches!(self.ty(*v), Type::Int | Type::Bool));
                if ints {
                    let (x, y) = (self.int_value(a)?, self.int_value(bb)?);
                    self.call_rt(&rt::PY_UNIFORM_INT, &[x, y])?
                } else {
                    let (x, y) = (self.float_value(a)?, self.float_value(bb)?);
                    self.call_rt(&rt::PY_UNIFORM, &[x, y])?
                }
            }
            I::PyRandomRandint => {
                let (a, bb) = (self.int_value(need(0)?)?, self.int_value(need(1)?)?);
                vec![self.checked_call(&rt::PY_RANDINT, vec![a, bb], types::I64)?]
            }
            I::PyRandomRandrange => self.randrange(need(0)?, arg(1), arg(2))?,
            I::PyRandomGetrandbits => {
                let k = self.int_value(need(0)?)?;
                let max = if *self.ty(r) == Type::Uint64 { 64 } else { 63 };
                let max = self.b.ins().iconst(types::I64, max);
                vec![self.checked_call(&rt::PY_GETRANDBITS, vec![k, max], types::I64)?]
            }
            I::PyRandomGauss | I::PyRandomNormalvariate => {
                let mu = self.float_or(arg(0), 0.0)?;
                let sigma = self.float_or(arg(1), 1.0)?;
                let func = if f == I::PyRandomGauss {
                    &rt::PY_GAUSS
                } else {
                    &rt::PY_NORMALVARIATE
                };
                self.call_rt(func, &[mu, sigma])?
            }
            I::PyRandomExpovariate => {
                let l = self.float_value(need(0)?)?;
                vec![self.checked_call(&rt::PY_EXPOVARIATE, vec![l], types::F64)?]
            }
            I::PyRandomChoice => {
                // The element is borrowed from the sequence, as a subscript would be.
                let v = self.py_choice(need(0)?)?;
                self.set_plain(r, v);
                return Ok(());
            }
            I::PyRandomShuffle => {
                self.py_shuffle(need(0)?)?;
                Vec::new()
            }
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("{} is not a function of `random`", f.qualified()),
                ))
            }
        };
        self.set_owned(r, vals);
        Ok(())
    }

    fn float_or(&mut self, v: Option<ValueId>, default: f64) -> Result<Value> {
        match v {
            Some(v) => self.float_value(v),
            None => Ok(self.b.ins().f64const(default)),
        }
    }

    /// Call a runtime function that writes its result through a final pointer argument and
    /// returns a status (non-zero: the error is pending); unwinds on failure.
    fn checked_call(
        &mut self,
        func: &'static rt::RtFn,
        mut args: Vec<Value>,
        ty: types::Type,
    ) -> Result<Value> {
        let slot =
            self.b
                .create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 3));
        args.push(self.b.ins().stack_addr(types::I64, slot, 0));
        let st = self.call_rt(func, &args)?[0];
        self.check_status(st)?;
        Ok(self.b.ins().stack_load(types::I64, ty, slot, 0))
    }

    /// `randrange(start)`, `randrange(start, stop)`, `randrange(start, stop, step)`.
    fn randrange(
        &mut self,
        start: ValueId,
        stop: Option<ValueId>,
        step: Option<ValueId>,
    ) -> Result<Vec<Value>> {
        let a = self.int_value(start)?;
        let s = match step {
            Some(v) => self.int_value(v)?,
            None => self.b.ins().iconst(types::I64, 1),
        };
        let (e, nargs) = match stop {
            Some(v) => (self.int_value(v)?, 2),
            None => {
                // CPython tests `step is not 1` before looking at anything else.
                if step.is_some() {
                    let not_one = self.b.ins().icmp_imm_s(IntCC::NotEqual, s, 1);
                    self.raise_if(
                        not_one,
                        RtError::TypeError,
                        "Missing a non-None stop argument",
                    )?;
                }
                (self.b.ins().iconst(types::I64, 0), 1)
            }
        };
        let n = self.b.ins().iconst(types::I64, nargs);
        Ok(vec![self.checked_call(
            &rt::PY_RANDRANGE,
            vec![a, e, s, n],
            types::I64,
        )?])
    }

    /// `choice(seq)`: the flattened element at `_randbelow(len(seq))`.
    fn py_choice(&mut self, seq: ValueId) -> Result<Vec<Value>> {
        match self.ty(seq).clone() {
            Type::Array { .. } => {
                let (p, d, _) = self.array_parts(seq)?;
                let n = p.shape[0];
                let j = self.draw_index(n)?;
                let off = self.b.ins().imul(j, p.strides[0]);
                let addr = self.b.ins().iadd(p.data, off);
                Ok(vec![self.load_element(addr, d)])
            }
            Type::List(e) => {
                let m = self.val(seq)?[0];
                let n = self.list_len(m);
                let j = self.draw_index(n)?;
                let (w, _) = list_layout(&e);
                let l = self.b.ins().load(types::I64, self.mf, m, 8);
                let items = self.b.ins().load(types::I64, self.mf, l, 8);
                let off = self.b.ins().imul_imm_s(j, w * 8);
                let p = self.b.ins().iadd(items, off);
                Ok(components(&e)
                    .iter()
                    .enumerate()
                    .map(|(k, c)| self.b.ins().load(cl_type(*c), self.mf, p, (k * 8) as i32))
                    .collect())
            }
            Type::Tuple(items) => {
                let vals = self.val(seq)?;
                let n = self.b.ins().iconst(types::I64, items.len() as i64);
                let j = self.draw_index(n)?;
                let width = vals.len() / items.len().max(1);
                let mut out: Vec<Value> = vals[..width].to_vec();
                for k in 1..items.len() {
                    let hit = self.b.ins().icmp_imm_s(IntCC::Equal, j, k as i64);
                    for (c, o) in out.iter_mut().enumerate() {
                        *o = self.b.ins().select(hit, vals[k * width + c], *o);
                    }
                }
                Ok(out)
            }
            t => Err(CompileError::internal(
                "codegen",
                format!("random.choice of `{t}` passed typing"),
            )),
        }
    }

    /// `_randbelow(n)` after CPython's empty-sequence check.
    fn draw_index(&mut self, n: Value) -> Result<Value> {
        let empty = self.b.ins().icmp_imm_s(IntCC::SignedLessThanOrEqual, n, 0);
        self.raise_if(empty, RtError::IndexError, EMPTY)?;
        Ok(self.call_rt(&rt::PY_RANDBELOW, &[n])?[0])
    }

    /// `shuffle(x)` of a 1-D array (if writable) or a list, in place.
    fn py_shuffle(&mut self, x: ValueId) -> Result<()> {
        match self.ty(x).clone() {
            Type::Array { dtype, .. } => {
                let (p, _, _) = self.array_parts(x)?;
                self.check_writable(p.meminfo)?;
                let size = self.b.ins().iconst(types::I64, dtype.itemsize());
                self.call_rt(&rt::PY_SHUFFLE, &[p.data, p.shape[0], p.strides[0], size])?;
            }
            Type::List(e) => {
                let m = self.val(x)?[0];
                let (w, _) = list_layout(&e);
                let l = self.b.ins().load(types::I64, self.mf, m, 8);
                let n = self.b.ins().load(types::I64, self.mf, l, 0);
                let items = self.b.ins().load(types::I64, self.mf, l, 8);
                let size = self.b.ins().iconst(types::I64, w * 8);
                self.call_rt(&rt::PY_SHUFFLE, &[items, n, size, size])?;
                let one = self.b.ins().iconst(types::I64, 1);
                self.b.ins().store(self.mf, one, l, rl::DIRTY_OFFSET);
            }
            t => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("random.shuffle of `{t}` passed typing"),
                ))
            }
        }
        Ok(())
    }
}
