//! Complex arrays in codegen: every element-wise operation on complex arrays (operators,
//! in-place operators, slice assignment, `abs`, `angle`, `conj`, `copy`, `exp`, `log`,
//! `sqrt`) is one call of the runtime routine
//! `oxjit_runtime::complex_array::oxjit_rt_complex_map` through argument and result slots
//! (`slots.rs`), which computes NumPy's formulas in the operation's precision; the result is a
//! fresh C-contiguous array (or the target, in place). Whole-array `sum`/`prod`/`mean` and
//! `dot`/`vdot`/`@` of vectors call `oxjit_rt_complex_reduce` (two float results: a complex
//! number). These operations are never
//! part of a kernel (`loops::build` leaves them out), so codegen meets complex elements only
//! here and in `complex.rs`. `a.real`/`a.imag` are views of the parts (same strides in bytes).

use super::translate::FunctionTranslator;
use super::values::ArrayParts;
use crate::error::{CompileError, Result};
use crate::intrinsics::Intrinsic as I;
use crate::ir::{BinOp, CmpOp, Inst, InstKind, UnaryOp, ValueId};
use crate::types::{Dtype, Layout, Type};
use cranelift_codegen::ir::{
    types, InstBuilder, MemFlagsData, StackSlot, StackSlotData, StackSlotKind, Value,
};
use oxjit_runtime::complex::Func;
use oxjit_runtime::complex_array::Op;
use oxjit_runtime::complex_ufunc::Ufunc;
use oxjit_runtime::decls as rt;
use oxjit_runtime::slots as abi;

/// Bytes per slot word.
const W: usize = 8;

/// Where a complex map writes: a new array (the instruction's result) or a target in place.
enum Dest {
    New(ValueId),
    Into(ArrayParts, Type),
}

/// An operand of a complex map: a value, or a constant number.
#[derive(Clone, Copy)]
enum Src {
    Value(ValueId),
    Number(f64, f64),
}

impl FunctionTranslator<'_, '_, '_> {
    fn is_complex_array(&self, v: ValueId) -> bool {
        matches!(self.ty(v), Type::Array { dtype, .. } if dtype.is_complex())
    }

    /// `r = a @ b` (`dot`, reduction `code` 3, or `vdot`, 4): a complex number of two
    /// vectors, or the complex matrix product's array (typing decides which).
    fn complex_product(&mut self, r: ValueId, a: ValueId, b: ValueId, code: i64) -> Result<()> {
        if matches!(self.ty(r), Type::Array { .. }) {
            return self.slots_call(r, &rt::COMPLEX_MATMUL, &[Some(a), Some(b)]);
        }
        let v = self.complex_reduce(code, a, Some(b), None, &Type::Complex)?;
        self.set_plain(r, v);
        Ok(())
    }

    /// An operator instruction over complex arrays (typing sent only those here), or `false`.
    pub fn complex_array_operator(&mut self, inst: &Inst) -> Result<bool> {
        let r = inst.result;
        match &inst.kind {
            InstKind::Binary(BinOp::MatMul, a, b) | InstKind::AugBinary(BinOp::MatMul, a, b)
                if crate::infer::complex_array::involved(&[self.ty(*a), self.ty(*b)]) =>
            {
                self.complex_product(r, *a, *b, 3)?;
            }
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b)
                if crate::infer::complex_array::involved(&[self.ty(*a), self.ty(*b)]) =>
            {
                // The operator with a real number exponent takes NumPy's fast paths.
                let code = match (arith_op(*op)?, self.ty(*b)) {
                    (Op::Pow, Type::Int) => Op::PowInt,
                    (Op::Pow, Type::Float) => Op::PowFloat,
                    (code, _) => code,
                };
                let compute = self.compute_dtype(&[*a, *b])?;
                if matches!(inst.kind, InstKind::AugBinary(..)) && self.is_array(*a) {
                    self.check_writable_value(*a)?;
                    let target = self.val(*a)?;
                    let (parts, _, _) = self.array_parts(*a)?;
                    let t = self.ty(*a).clone();
                    self.complex_map(
                        code,
                        Src::Value(*a),
                        Some(*b),
                        compute,
                        Dest::Into(parts, t),
                    )?;
                    self.set_plain(r, target);
                } else {
                    self.complex_map(code, Src::Value(*a), Some(*b), compute, Dest::New(r))?;
                }
            }
            InstKind::Compare(op, a, b)
                if crate::infer::complex_array::involved(&[self.ty(*a), self.ty(*b)]) =>
            {
                let code = compare_op(*op)?;
                let compute = self.compute_dtype(&[*a, *b])?;
                self.complex_map(code, Src::Value(*a), Some(*b), compute, Dest::New(r))?;
            }
            InstKind::Unary(op, a) if self.is_complex_array(*a) => {
                let code = match op {
                    UnaryOp::Neg => Op::Neg,
                    UnaryOp::Pos => Op::Copy,
                    _ => return Err(CompileError::internal("codegen", "complex array unary")),
                };
                let compute = self.compute_dtype(&[*a])?;
                self.complex_map(code, Src::Value(*a), None, compute, Dest::New(r))?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// A NumPy function or method of a complex array (receiver first), or `false`.
    pub fn complex_array_call(&mut self, r: ValueId, f: I, args: &[ValueId]) -> Result<bool> {
        let Some(&a) = args.first() else {
            return Ok(false);
        };
        if let (crate::intrinsics::Lower::Binary(crate::intrinsics::EOp::Arith(op)), [x, y]) =
            (f.lower(), args)
        {
            if crate::infer::complex_array::involved(&[self.ty(*x), self.ty(*y)]) {
                if op == BinOp::MatMul {
                    self.complex_product(r, *x, *y, 3)?;
                    return Ok(true);
                }
                let compute = self.compute_dtype(&[*x, *y])?;
                self.complex_map(
                    arith_op(op)?,
                    Src::Value(*x),
                    Some(*y),
                    compute,
                    Dest::New(r),
                )?;
                return Ok(true);
            }
        }
        if let (Some(kind), [x, y]) = (crate::infer::complex_array::binary_ufunc(f), args) {
            if crate::infer::complex_array::involved(&[self.ty(*x), self.ty(*y)]) {
                let compute = match kind {
                    crate::infer::complex_array::BinaryUfunc::FloatPower => Dtype::Complex128,
                    _ => self.compute_dtype(&[*x, *y])?,
                };
                let code = binary_ufunc_op(f)?;
                self.complex_map(code, Src::Value(*x), Some(*y), compute, Dest::New(r))?;
                return Ok(true);
            }
        }
        if matches!(f, I::Dot | I::Vdot | I::Matmul) && args.len() == 2 {
            if !(self.is_complex_array(a) || self.is_complex_array(args[1])) {
                return Ok(false);
            }
            let code = if f == I::Vdot { 4 } else { 3 };
            self.complex_product(r, a, args[1], code)?;
            return Ok(true);
        }
        if !self.is_complex_array(a) {
            return Ok(false);
        }
        let code = match f {
            I::Abs | I::Absolute | I::BuiltinAbs => Op::Abs,
            I::Angle => Op::Angle,
            I::Conj | I::Conjugate => Op::Conj,
            I::Copy => Op::Copy,
            I::Exp => Op::Exp,
            I::Log => Op::Log,
            I::Sqrt => Op::Sqrt,
            I::Sin => Op::Cmath(Func::Sin),
            I::Cos => Op::Cmath(Func::Cos),
            I::Tan => Op::Cmath(Func::Tan),
            I::Arcsin | I::Asin => Op::Cmath(Func::Asin),
            I::Arccos | I::Acos => Op::Cmath(Func::Acos),
            I::Arctan | I::Atan => Op::Cmath(Func::Atan),
            I::Sinh => Op::Cmath(Func::Sinh),
            I::Cosh => Op::Cmath(Func::Cosh),
            I::Tanh => Op::Cmath(Func::Tanh),
            I::Arcsinh | I::Asinh => Op::Cmath(Func::Asinh),
            I::Arccosh | I::Acosh => Op::Cmath(Func::Acosh),
            I::Arctanh | I::Atanh => Op::Cmath(Func::Atanh),
            I::Log10 => Op::Cmath(Func::Log10),
            I::Log2 => Op::Ufunc(Ufunc::Log2),
            I::Exp2 => Op::Ufunc(Ufunc::Exp2),
            I::Expm1 => Op::Ufunc(Ufunc::Expm1),
            I::Log1p => Op::Ufunc(Ufunc::Log1p),
            I::Sign => Op::Ufunc(Ufunc::Sign),
            I::Rint => Op::Ufunc(Ufunc::Rint),
            I::Isnan => Op::Ufunc(Ufunc::Isnan),
            I::Isinf => Op::Ufunc(Ufunc::Isinf),
            I::Isfinite => Op::Ufunc(Ufunc::Isfinite),
            I::LogicalNot => Op::Ufunc(Ufunc::LogicalNot),
            I::Square => Op::Square,
            I::Reciprocal => Op::Reciprocal,
            I::Negative => Op::Neg,
            I::Positive => Op::Copy,
            I::Sum | I::Prod | I::Mean => {
                let code = match f {
                    I::Sum => 0,
                    I::Prod => 1,
                    _ => 2,
                };
                let axis = args.get(1).copied().filter(|v| *self.ty(*v) == Type::Int);
                let rt = self.ty(r).clone();
                let v = self.complex_reduce(code, a, None, axis, &rt)?;
                if matches!(rt, Type::Array { .. }) {
                    self.set_owned(r, v);
                } else {
                    self.set_plain(r, v);
                }
                return Ok(true);
            }
            I::Real | I::Imag => {
                let (parts, dtype, _) = self.array_parts(a)?;
                let view = self.part_view(parts, dtype, f == I::Imag);
                self.set_plain(r, view);
                return Ok(true);
            }
            _ => return Ok(false),
        };
        let compute = self.compute_dtype(&[a])?;
        self.complex_map(code, Src::Value(a), None, compute, Dest::New(r))?;
        Ok(true)
    }

    /// `numpy.ones`, `full`, `ones_like`, `full_like` with a complex dtype (arguments bound
    /// in parameter order): a new array filled by one complex map.
    pub fn complex_fill(&mut self, r: ValueId, f: I, b: &[Option<ValueId>]) -> Result<()> {
        let Type::Array { dtype, ndim, .. } = *self.ty(r) else {
            return Err(CompileError::internal(
                "codegen",
                "complex fill of a non-array",
            ));
        };
        let first = b.first().copied().flatten();
        let first = first.ok_or_else(|| CompileError::internal("codegen", "no shape"))?;
        let shape = if matches!(f, I::OnesLike | I::FullLike) {
            self.array_parts(first)?.0.shape
        } else {
            self.shape_values(first)?
        };
        let out = self.alloc_array(dtype, shape, None)?;
        let parts = ArrayParts::from_vals(&out, ndim as usize);
        let t = Type::array(dtype, ndim, Layout::C);
        let src = match f {
            I::Full | I::FullLike => Src::Value(
                b.get(1)
                    .copied()
                    .flatten()
                    .ok_or_else(|| CompileError::internal("codegen", "no fill value"))?,
            ),
            _ => Src::Number(1.0, 0.0),
        };
        self.complex_map(Op::Copy, src, None, dtype, Dest::Into(parts, t))?;
        self.set_owned(r, out);
        Ok(())
    }

    /// `sum` (0), `prod` (1) or `mean` (2) of a whole complex array (or `dot`/`vdot`, 3/4, of
    /// `a` and `b`): a complex number; along `axis`, an array when the result type `rt` is one.
    fn complex_reduce(
        &mut self,
        code: i64,
        a: ValueId,
        b: Option<ValueId>,
        axis: Option<ValueId>,
        rt: &Type,
    ) -> Result<Vec<Value>> {
        let args = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (5 * abi::ARG_WORDS * W) as u32,
            3,
        ));
        let axis_base = (4 * abi::ARG_WORDS * W) as i32;
        match axis {
            Some(v) => {
                let k = self.scalar(v)?;
                self.b.ins().stack_store(types::I64, k, args, axis_base);
                put_int_tag(self, args, axis_base + (7 * W) as i32, abi::TAG_INT);
            }
            None => put_int_tag(self, args, axis_base + (7 * W) as i32, abi::TAG_ABSENT),
        }
        let compute = match b {
            Some(b) => self.compute_dtype(&[a, b])?,
            None => self.compute_dtype(&[a])?,
        };
        let compute = super::slots::dtype_code(compute)
            .ok_or_else(|| CompileError::internal("codegen", "complex dtype without a code"))?;
        for (slot, x) in [(0, code), (3, compute)] {
            let base = (slot * abi::ARG_WORDS * W) as i32;
            let x = self.b.ins().iconst(types::I64, x);
            self.b.ins().stack_store(types::I64, x, args, base);
            put_int_tag(self, args, base + (7 * W) as i32, abi::TAG_INT);
        }
        for (slot, v) in [(1, Some(a)), (2, b)] {
            let base = (slot * abi::ARG_WORDS * W) as i32;
            match v {
                Some(v) => {
                    self.array_slot(args, base, v)?;
                    put_int_tag(self, args, base + (7 * W) as i32, abi::TAG_ARRAY);
                }
                None => put_int_tag(self, args, base + (7 * W) as i32, abi::TAG_ABSENT),
            }
        }
        let out = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (2 * abi::OUT_WORDS * W) as u32,
            3,
        ));
        let ap = self.b.ins().stack_addr(types::I64, args, 0);
        let op = self.b.ins().stack_addr(types::I64, out, 0);
        if let Type::Array { dtype, .. } = rt {
            // Word 0 of an array result's slot: its dtype (see `oxjit_runtime::slots`).
            let code = super::slots::dtype_code(*dtype)
                .ok_or_else(|| CompileError::internal("codegen", "complex dtype without a code"))?;
            let code = self.b.ins().iconst(types::I64, code);
            self.b.ins().stack_store(types::I64, code, out, 0);
        }
        let status = self.call_rt(&rt::COMPLEX_REDUCE, &[ap, op])?[0];
        self.check_status(status)?;
        let mut vals = Vec::new();
        if matches!(rt, Type::Array { .. }) {
            self.slot_result(out, 0, rt, &rt::COMPLEX_REDUCE, &mut vals)?;
            return Ok(vals);
        }
        for k in 0..2 {
            self.slot_result(out, k, &Type::Float, &rt::COMPLEX_REDUCE, &mut vals)?;
        }
        Ok(vals)
    }

    /// `a[index] = item` for several elements of a complex array.
    pub fn complex_assign(&mut self, dst: ArrayParts, dtype: Dtype, item: ValueId) -> Result<()> {
        let t = Type::array(dtype, dst.shape.len() as u8, Layout::A);
        self.complex_map(Op::Copy, Src::Value(item), None, dtype, Dest::Into(dst, t))
    }

    /// The real (or imaginary) parts of a complex array's elements, as a view.
    pub fn part_view(&mut self, parts: ArrayParts, dtype: Dtype, imag: bool) -> Vec<Value> {
        let half = dtype.itemsize() / 2;
        let data = if imag {
            self.b.ins().iadd_imm_s(parts.data, half)
        } else {
            parts.data
        };
        ArrayParts { data, ..parts }.into_vals()
    }

    /// The complex dtype an operation over `vs` computes in (NumPy's promotion).
    fn compute_dtype(&self, vs: &[ValueId]) -> Result<Dtype> {
        let ts: Vec<&Type> = vs.iter().map(|v| self.ty(*v)).collect();
        match crate::infer::numpy::promote(&ts) {
            Some(d) if d.is_complex() => Ok(d),
            _ => Err(CompileError::internal(
                "codegen",
                "a complex array operation without a complex dtype",
            )),
        }
    }

    /// One call of the runtime's complex map (slot layout in `oxjit_runtime::complex_array`).
    fn complex_map(
        &mut self,
        op: Op,
        a: Src,
        b: Option<ValueId>,
        compute: Dtype,
        dest: Dest,
    ) -> Result<()> {
        let args = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (5 * abi::ARG_WORDS * W) as u32,
            3,
        ));
        let word = |slot: usize, i: usize| ((slot * abi::ARG_WORDS + i) * W) as i32;
        let put_int = |s: &mut Self, slot: usize, x: i64, tag: i64| {
            let x = s.b.ins().iconst(types::I64, x);
            s.b.ins().stack_store(types::I64, x, args, word(slot, 0));
            let tag = s.b.ins().iconst(types::I64, tag);
            s.b.ins().stack_store(types::I64, tag, args, word(slot, 7));
        };
        put_int(self, 0, op.code(), abi::TAG_INT);
        for (slot, v) in [(1, Some(a)), (2, b.map(Src::Value))] {
            let v = match v {
                None => {
                    put_int(self, slot, 0, abi::TAG_ABSENT);
                    continue;
                }
                Some(Src::Number(re, im)) => {
                    for (i, x) in [re, im].into_iter().enumerate() {
                        let x = self.b.ins().iconst(types::I64, x.to_bits() as i64);
                        self.b.ins().stack_store(types::I64, x, args, word(slot, i));
                    }
                    put_int_tag(self, args, word(slot, 7), abi::TAG_PAIR);
                    continue;
                }
                Some(Src::Value(v)) => v,
            };
            if self.is_array(v) {
                self.array_slot(args, word(slot, 0), v)?;
                put_int_tag(self, args, word(slot, 7), abi::TAG_ARRAY);
            } else {
                let (re, im) = self.complex_parts(v)?;
                for (i, x) in [re, im].into_iter().enumerate() {
                    let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), x);
                    self.b
                        .ins()
                        .stack_store(types::I64, bits, args, word(slot, i));
                }
                put_int_tag(self, args, word(slot, 7), abi::TAG_PAIR);
            }
        }
        let code = super::slots::dtype_code(compute)
            .ok_or_else(|| CompileError::internal("codegen", "complex dtype without a code"))?;
        put_int(self, 3, code, abi::TAG_INT);
        let out = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (abi::OUT_WORDS * W) as u32,
            3,
        ));
        match &dest {
            Dest::Into(parts, t) => {
                self.write_array_slot(args, word(4, 0), parts.clone(), t)?;
                put_int_tag(self, args, word(4, 7), abi::TAG_ARRAY);
            }
            Dest::New(r) => {
                put_int(self, 4, 0, abi::TAG_ABSENT);
                let Type::Array { dtype, .. } = self.ty(*r) else {
                    return Err(CompileError::internal("codegen", "complex map to a scalar"));
                };
                let code = super::slots::dtype_code(*dtype).ok_or_else(|| {
                    CompileError::internal("codegen", "complex map result without a code")
                })?;
                let code = self.b.ins().iconst(types::I64, code);
                self.b.ins().stack_store(types::I64, code, out, 0);
            }
        }
        let ap = self.b.ins().stack_addr(types::I64, args, 0);
        let op_ = self.b.ins().stack_addr(types::I64, out, 0);
        let status = self.call_rt(&rt::COMPLEX_MAP, &[ap, op_])?[0];
        self.check_status(status)?;
        if let Dest::New(r) = dest {
            let t = self.ty(r).clone();
            let mut vals = Vec::new();
            self.slot_result(out, 0, &t, &rt::COMPLEX_MAP, &mut vals)?;
            self.set_owned(r, vals);
        }
        Ok(())
    }
}

/// Store the tag word of an argument slot.
fn put_int_tag(t: &mut FunctionTranslator<'_, '_, '_>, args: StackSlot, at: i32, tag: i64) {
    let tag = t.b.ins().iconst(types::I64, tag);
    t.b.ins().stack_store(types::I64, tag, args, at);
}

/// The complex map of an arithmetic operator (typing admits these only).
fn arith_op(op: BinOp) -> Result<Op> {
    Ok(match op {
        BinOp::Add => Op::Add,
        BinOp::Sub => Op::Sub,
        BinOp::Mul => Op::Mul,
        BinOp::Div => Op::Div,
        BinOp::Pow => Op::Pow,
        _ => return Err(CompileError::internal("codegen", "complex array operator")),
    })
}

fn compare_op(op: CmpOp) -> Result<Op> {
    Ok(match op {
        CmpOp::Eq => Op::Eq,
        CmpOp::Ne => Op::Ne,
        CmpOp::Lt => Op::Lt,
        CmpOp::Le => Op::Le,
        CmpOp::Gt => Op::Gt,
        CmpOp::Ge => Op::Ge,
    })
}

/// The runtime operation of a binary ufunc of `infer::complex_array::binary_ufunc`.
fn binary_ufunc_op(f: I) -> Result<Op> {
    Ok(match f {
        I::Equal => Op::Eq,
        I::NotEqual => Op::Ne,
        I::Less => Op::Lt,
        I::LessEqual => Op::Le,
        I::Greater => Op::Gt,
        I::GreaterEqual => Op::Ge,
        I::LogicalAnd => Op::LogicalAnd,
        I::LogicalOr => Op::LogicalOr,
        I::LogicalXor => Op::LogicalXor,
        I::Maximum => Op::Maximum,
        I::Minimum => Op::Minimum,
        I::Fmax => Op::Fmax,
        I::Fmin => Op::Fmin,
        I::FloatPower => Op::Pow,
        _ => return Err(CompileError::internal("codegen", "complex binary ufunc")),
    })
}
