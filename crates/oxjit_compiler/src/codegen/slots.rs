//! Calls of runtime routines that take their arguments and give their results in slots
//! (`Lower::Slots`: the `numpy.linalg` functions). Every parameter of the NumPy function gets
//! an argument slot on the stack (an array's data pointer, shape, strides and dtype code, or a
//! number, or "absent"), every result a result slot; the routine returns a status. The slot
//! layout is defined once, in `oxjit_runtime::slots`.

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::{CompileError, Result};
use crate::ir::ValueId;
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{
    types, InstBuilder, MemFlagsData, StackSlot, StackSlotData, StackSlotKind, Value,
};
use oxjit_runtime::decls::RtFn;
use oxjit_runtime::slots as abi;

/// The runtime's code for an array dtype; `None` for dtypes the slot routines do not read.
pub(super) fn dtype_code(d: Dtype) -> Option<i64> {
    Some(match d {
        Dtype::Float64 => abi::DT_F64,
        Dtype::Float32 => abi::DT_F32,
        Dtype::Int64 => abi::DT_I64,
        Dtype::Int32 => abi::DT_I32,
        Dtype::Uint8 => abi::DT_U8,
        Dtype::Bool => abi::DT_BOOL,
        Dtype::Complex128 => abi::DT_C128,
        Dtype::Complex64 => abi::DT_C64,
        Dtype::Int8
        | Dtype::Int16
        | Dtype::Uint16
        | Dtype::Uint32
        | Dtype::Uint64
        | Dtype::Record(_) => return None,
    })
}

/// The scalar items of a (nested) tuple type, in order.
fn leaves(t: &Type, out: &mut Vec<Type>) {
    match t {
        Type::Tuple(items) => items.iter().for_each(|i| leaves(i, out)),
        t => out.push(t.clone()),
    }
}

/// Bytes per word of the argument and result slots.
const W: usize = 8;

impl FunctionTranslator<'_, '_, '_> {
    /// `r = f(bound...)` through argument and result slots.
    pub fn slots_call(
        &mut self,
        r: ValueId,
        f: &'static RtFn,
        bound: &[Option<ValueId>],
    ) -> Result<()> {
        let arg_bytes = (bound.len().max(1) * abi::ARG_WORDS * W) as u32;
        let args = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            arg_bytes,
            3,
        ));
        for (k, a) in bound.iter().enumerate() {
            self.slot_arg(args, k, *a, f)?;
        }
        let rt = self.ty(r).clone();
        let outs: Vec<Type> = match &rt {
            Type::Tuple(items) => items.clone(),
            t => vec![t.clone()],
        };
        let out = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (outs.len().max(1) * abi::OUT_WORDS * W) as u32,
            3,
        ));
        // Word 0 of an array result's slot: the dtype typing gave it.
        for (k, t) in outs.iter().enumerate() {
            if let Type::Array { dtype, ndim, .. } = t {
                if *ndim as usize > abi::MAX_NDIM {
                    return Err(CompileError::unsupported(
                        format!(
                            "results of more than {} dimensions are not supported here",
                            abi::MAX_NDIM
                        ),
                        self.span,
                    ));
                }
                let code = self
                    .b
                    .ins()
                    .iconst(types::I64, dtype_code(*dtype).unwrap_or(-1));
                self.b
                    .ins()
                    .stack_store(types::I64, code, out, (k * abi::OUT_WORDS * W) as i32);
            }
        }
        let ap = self.b.ins().stack_addr(types::I64, args, 0);
        let op = self.b.ins().stack_addr(types::I64, out, 0);
        let status = self.call_rt(f, &[ap, op])?[0];
        self.check_status(status)?;
        let mut vals = Vec::new();
        for (k, t) in outs.iter().enumerate() {
            self.slot_result(out, k, t, f, &mut vals)?;
        }
        self.set_owned(r, vals);
        Ok(())
    }

    /// Argument `k` of a slots call: an array's data, shape, strides and dtype code, or a
    /// scalar's bits, then its tag.
    fn slot_arg(
        &mut self,
        args: StackSlot,
        k: usize,
        a: Option<ValueId>,
        f: &'static RtFn,
    ) -> Result<()> {
        let a = a.as_ref();
        let base = (k * abi::ARG_WORDS * W) as i32;
        let word = |i: usize| base + (i * W) as i32;
        let ty = a.map(|v| self.ty(*v).clone());
        let tag = match (a, ty) {
            (None, _) | (_, None) => abi::TAG_ABSENT,
            (_, Some(Type::None)) => abi::TAG_NONE,
            (Some(v), Some(Type::Array { .. })) => {
                self.array_slot(args, base, *v)?;
                abi::TAG_ARRAY
            }
            // A tuple of arrays (or of arrays and ints: `bins=(10, edges)`): one slot per item
            // in a stack buffer, each with its tag.
            (Some(v), Some(Type::Tuple(items)))
                if items.iter().any(|t| matches!(t, Type::Array { .. }))
                    && items
                        .iter()
                        .all(|t| matches!(t, Type::Array { .. } | Type::Int | Type::Bool)) =>
            {
                let buf = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    (items.len() * abi::ARG_WORDS * W) as u32,
                    3,
                ));
                let flat = self.val(*v)?;
                let mut at = 0;
                for (i, t) in items.iter().enumerate() {
                    let n = crate::types::components(t).len();
                    let item = flat[at..at + n].to_vec();
                    at += n;
                    let at_item = (i * abi::ARG_WORDS * W) as i32;
                    let tag = match t {
                        Type::Array { .. } => {
                            self.array_slot_of(buf, at_item, item, t)?;
                            abi::TAG_ARRAY
                        }
                        _ => {
                            let x = match t {
                                Type::Bool => self.b.ins().uextend(types::I64, item[0]),
                                _ => item[0],
                            };
                            self.b.ins().stack_store(types::I64, x, buf, at_item);
                            if *t == Type::Bool {
                                abi::TAG_BOOL
                            } else {
                                abi::TAG_INT
                            }
                        }
                    };
                    let tag = self.b.ins().iconst(types::I64, tag);
                    self.b
                        .ins()
                        .stack_store(types::I64, tag, buf, at_item + (7 * W) as i32);
                }
                let data = self.b.ins().stack_addr(types::I64, buf, 0);
                let n = self.b.ins().iconst(types::I64, items.len() as i64);
                self.b.ins().stack_store(types::I64, data, args, word(0));
                self.b.ins().stack_store(types::I64, n, args, word(1));
                abi::TAG_SEQ
            }
            // A literal keyword (`mode="edge"`): its code, resolved by typing.
            (Some(v), Some(Type::Str)) if self.tf.words.contains_key(v) => {
                let code = self.tf.words[v].code();
                let x = self.b.ins().iconst(types::I64, code);
                self.b.ins().stack_store(types::I64, x, args, word(0));
                abi::TAG_INT
            }
            // Another literal string (typing admits one only where the routine quotes it in
            // NumPy's error: `fft(norm="bad")`): the string itself, borrowed for the call.
            (Some(v), Some(Type::Str)) => {
                let m = self.val(*v)?[0];
                self.b.ins().stack_store(types::I64, m, args, word(0));
                abi::TAG_STR
            }
            // A tuple of numbers (nested tuples flattened: `((1, 2), (3, 4))`): its items in a
            // stack buffer, as a 1-D array (int64 when they are all ints or bools, else
            // float64).
            (Some(v), Some(Type::Tuple(_))) => {
                let mut items = Vec::new();
                let t = self.ty(*v).clone();
                leaves(&t, &mut items);
                let xs = self.val(*v)?;
                let ints = items.iter().all(|t| matches!(t, Type::Int | Type::Bool));
                let buf = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    (items.len().max(1) * W) as u32,
                    3,
                ));
                for (i, (x, t)) in xs.into_iter().zip(&items).enumerate() {
                    let word = match (t, ints) {
                        (Type::Int, true) => x,
                        (Type::Bool, true) => self.b.ins().uextend(types::I64, x),
                        (Type::Float, _) => x,
                        (Type::Float32, _) => self.b.ins().fpromote(types::F64, x),
                        (Type::Int, _) => self.b.ins().fcvt_from_sint(types::F64, x),
                        (Type::Bool, _) => {
                            let w = self.b.ins().uextend(types::I64, x);
                            self.b.ins().fcvt_from_sint(types::F64, w)
                        }
                        (t, _) => {
                            return Err(CompileError::internal(
                                "codegen",
                                format!("a tuple holding `{t}` passed to runtime `{}`", f.name),
                            ))
                        }
                    };
                    let word = if ints {
                        word
                    } else {
                        self.b.ins().bitcast(types::I64, MemFlagsData::new(), word)
                    };
                    self.b
                        .ins()
                        .stack_store(types::I64, word, buf, (i * W) as i32);
                }
                let data = self.b.ins().stack_addr(types::I64, buf, 0);
                let n = self.b.ins().iconst(types::I64, items.len() as i64);
                let code = if ints { abi::DT_I64 } else { abi::DT_F64 };
                self.store_vector(args, base, data, n, code);
                abi::TAG_ARRAY
            }
            // A list of one-slot numbers: its item words, as a 1-D array of stride 8.
            (Some(v), Some(Type::List(e))) => {
                let code = match *e {
                    Type::Int => abi::DT_I64,
                    Type::Float => abi::DT_F64,
                    Type::Float32 => abi::DT_F32,
                    Type::Bool => abi::DT_BOOL,
                    t => {
                        return Err(CompileError::internal(
                            "codegen",
                            format!("a list of `{t}` passed to runtime `{}`", f.name),
                        ))
                    }
                };
                let m = self.val(*v)?[0];
                let len = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    W as u32,
                    3,
                ));
                let lp = self.b.ins().stack_addr(types::I64, len, 0);
                let data = self.call_rt(&oxjit_runtime::decls::LIST_ITEMS, &[m, lp])?[0];
                let n = self.b.ins().stack_load(types::I64, types::I64, len, 0);
                self.store_vector(args, base, data, n, code);
                abi::TAG_ARRAY
            }
            // A `Generator` (the receiver of a method): its object pointer, as an int.
            (Some(v), Some(Type::Generator)) => {
                let g = self.val(*v)?[0];
                self.b.ins().stack_store(types::I64, g, args, word(0));
                abi::TAG_INT
            }
            (Some(v), Some(t)) => {
                let x = self.scalar(*v)?;
                let (bits, tag) = match t {
                    Type::Int => (x, abi::TAG_INT),
                    Type::Float => (
                        self.b.ins().bitcast(types::I64, MemFlagsData::new(), x),
                        abi::TAG_FLOAT,
                    ),
                    Type::Float32 => {
                        let d = self.b.ins().fpromote(types::F64, x);
                        (
                            self.b.ins().bitcast(types::I64, MemFlagsData::new(), d),
                            abi::TAG_FLOAT,
                        )
                    }
                    Type::Bool => (self.b.ins().uextend(types::I64, x), abi::TAG_BOOL),
                    t => {
                        return Err(CompileError::internal(
                            "codegen",
                            format!("`{t}` passed to runtime `{}`", f.name),
                        ))
                    }
                };
                self.b.ins().stack_store(types::I64, bits, args, word(0));
                tag
            }
        };
        let tag = self.b.ins().iconst(types::I64, tag);
        self.b.ins().stack_store(types::I64, tag, args, word(7));
        Ok(())
    }

    /// An argument slot at byte `base` describing a 1-D array of `n` 8-byte items at `data`.
    fn store_vector(&mut self, args: StackSlot, base: i32, data: Value, n: Value, code: i64) {
        let word = |i: usize| base + (i * W) as i32;
        let one = self.b.ins().iconst(types::I64, 1);
        let zero = self.b.ins().iconst(types::I64, 0);
        let stride = self.b.ins().iconst(types::I64, W as i64);
        let code = self.b.ins().iconst(types::I64, code);
        for (i, x) in [data, one, n, zero, stride, zero, code]
            .into_iter()
            .enumerate()
        {
            self.b.ins().stack_store(types::I64, x, args, word(i));
        }
        self.b.ins().stack_store(types::I64, n, args, word(8));
        self.b
            .ins()
            .stack_store(types::I64, stride, args, word(8 + abi::MAX_NDIM));
    }

    /// The argument slot at byte `base` of `args` describing the array value `v`.
    pub(super) fn array_slot(&mut self, args: StackSlot, base: i32, v: ValueId) -> Result<()> {
        let t = self.ty(v).clone();
        let (p, _, _) = self.array_parts(v)?;
        self.write_array_slot(args, base, p, &t)
    }

    /// The same for an array given as its flattened machine values.
    fn array_slot_of(
        &mut self,
        args: StackSlot,
        base: i32,
        vals: Vec<Value>,
        t: &Type,
    ) -> Result<()> {
        let Type::Array { ndim, .. } = t else {
            return Err(CompileError::internal(
                "codegen",
                format!("`{t}` is not an array"),
            ));
        };
        let p = ArrayParts::from_vals(&vals, *ndim as usize);
        self.write_array_slot(args, base, p, t)
    }

    /// Write an array's data pointer, axes (the first two twice, see `oxjit_runtime::slots`)
    /// and dtype code.
    pub(super) fn write_array_slot(
        &mut self,
        args: StackSlot,
        base: i32,
        p: ArrayParts,
        t: &Type,
    ) -> Result<()> {
        let word = |i: usize| base + (i * W) as i32;
        let Type::Array { dtype, ndim, .. } = *t else {
            return Err(CompileError::internal(
                "codegen",
                format!("`{t}` is not an array"),
            ));
        };
        let nd = ndim as usize;
        if nd > abi::MAX_NDIM {
            return Err(CompileError::unsupported(
                format!(
                    "arrays of more than {} dimensions are not supported here",
                    abi::MAX_NDIM
                ),
                self.span,
            ));
        }
        let code = dtype_code(dtype).ok_or_else(|| {
            CompileError::unsupported(
                format!("this function does not take {} arrays yet", dtype.name()),
                self.span,
            )
        })?;
        let zero = self.b.ins().iconst(types::I64, 0);
        let ndv = self.b.ins().iconst(types::I64, nd as i64);
        let code = self.b.ins().iconst(types::I64, code);
        let put = |s: &mut Self, i: usize, x: Value| {
            s.b.ins().stack_store(types::I64, x, args, word(i));
        };
        put(self, 0, p.data);
        put(self, 1, ndv);
        for axis in 0..2 {
            let (n, st) = if axis < nd {
                (p.shape[axis], p.strides[axis])
            } else {
                (zero, zero)
            };
            put(self, 2 + axis, n);
            put(self, 4 + axis, st);
        }
        put(self, 6, code);
        for axis in 0..nd {
            put(self, 8 + axis, p.shape[axis]);
            put(self, 8 + abi::MAX_NDIM + axis, p.strides[axis]);
        }
        Ok(())
    }

    /// Result `k` of a slots call, appended to `vals` (an array's `MemInfo`, data and shape,
    /// C-contiguous strides computed here; or a scalar).
    pub(super) fn slot_result(
        &mut self,
        out: StackSlot,
        k: usize,
        t: &Type,
        f: &'static RtFn,
        vals: &mut Vec<Value>,
    ) -> Result<()> {
        let word = |i: usize| ((k * abi::OUT_WORDS + i) * W) as i32;
        match t {
            Type::Array { dtype, ndim, .. } => {
                let nd = *ndim as usize;
                let meminfo = self
                    .b
                    .ins()
                    .stack_load(types::I64, types::I64, out, word(0));
                let data = self
                    .b
                    .ins()
                    .stack_load(types::I64, types::I64, out, word(1));
                let shape: Vec<Value> = (0..nd)
                    .map(|i| {
                        self.b
                            .ins()
                            .stack_load(types::I64, types::I64, out, word(2 + i))
                    })
                    .collect();
                let item = self.b.ins().iconst(types::I64, dtype.itemsize());
                let mut strides = vec![item; nd];
                for i in (0..nd.saturating_sub(1)).rev() {
                    strides[i] = self.b.ins().imul(strides[i + 1], shape[i + 1]);
                }
                vals.extend(
                    ArrayParts {
                        meminfo,
                        data,
                        shape,
                        strides,
                    }
                    .into_vals(),
                );
            }
            Type::Int | Type::Uint64 => vals.push(self.b.ins().stack_load(
                types::I64,
                types::I64,
                out,
                word(0),
            )),
            Type::Bool => {
                let x = self
                    .b
                    .ins()
                    .stack_load(types::I64, types::I64, out, word(0));
                vals.push(self.b.ins().ireduce(types::I8, x));
            }
            Type::Float => vals.push(
                self.b
                    .ins()
                    .stack_load(types::I64, types::F64, out, word(0)),
            ),
            Type::Float32 => {
                let x = self
                    .b
                    .ins()
                    .stack_load(types::I64, types::F64, out, word(0));
                vals.push(self.b.ins().fdemote(types::F32, x));
            }
            // Words 0 and 1: the real and imaginary parts.
            Type::Complex => {
                for i in 0..2 {
                    vals.push(
                        self.b
                            .ins()
                            .stack_load(types::I64, types::F64, out, word(i)),
                    );
                }
            }
            t => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("runtime `{}` gives `{t}`", f.name),
                ))
            }
        }
        Ok(())
    }
}
