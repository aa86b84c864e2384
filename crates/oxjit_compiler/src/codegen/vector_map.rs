//! The loop stage's `vector-map` part in machine code (`loops::vector_map`): stores of plain
//! float64 element-wise expressions run their innermost axis in f64x2 lanes, behind a run-time
//! guard (innermost strides equal to the item size, no partial overlap of an input with the
//! output) that otherwise takes the scalar loop. Lanes compute exactly the scalar
//! instructions, so results are bit-identical to the scalar loop.

use super::translate::FunctionTranslator;
use super::values::{ArrayParts, EOp, Elem};
use crate::error::Result;
use crate::intrinsics::UnaryFn;
use crate::ir::BinOp;
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, Endianness, InstBuilder, MemFlagsData, Value,
};

/// What a node evaluates to in the vector loop.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lanes {
    /// Two float64 lanes (f64x2).
    F64,
    /// Two comparison lanes (i64x2, all ones or zero).
    Mask,
}

/// Bool results per vector step: eight f64x2 comparisons narrowed into one i8x16 store.
const BOOL_STEP: i64 = 16;

/// Float64 results per vector step: two f64x2 stores (fewer loop branches per element).
const F64_STEP: i64 = 4;

fn flags() -> MemFlagsData {
    MemFlagsData::new().with_notrap()
}

impl FunctionTranslator<'_, '_, '_> {
    /// How `e` evaluates in lanes, if every node of it has an exact f64x2 form.
    fn map_lanes_of(&self, e: &Elem) -> Option<Lanes> {
        let f64_of = |x: &Elem| self.map_lanes_of(x) == Some(Lanes::F64);
        match e {
            Elem::Leaf {
                dtype: Dtype::Float64,
                strides,
                ..
            } if !strides.is_empty() => Some(Lanes::F64),
            Elem::Scalar(_, Type::Float | Type::Int) => Some(Lanes::F64),
            Elem::Unary(
                UnaryFn::Negative
                | UnaryFn::Positive
                | UnaryFn::Abs
                | UnaryFn::Square
                | UnaryFn::Sqrt,
                x,
                Type::Float,
            ) if f64_of(x) => Some(Lanes::F64),
            Elem::Binary(op, a, b, to) => {
                let float_operand = a.ty() == Type::Float || b.ty() == Type::Float;
                match (op, to) {
                    (
                        EOp::Arith(BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div)
                        | EOp::Minimum
                        | EOp::Maximum,
                        Type::Float,
                    ) if f64_of(a) && f64_of(b) => Some(Lanes::F64),
                    (EOp::Arith(BinOp::Pow), Type::Float) if f64_of(a) => match **b {
                        Elem::Scalar(y, _) if self.numeric_const_of(y) == Some(2.0) => {
                            Some(Lanes::F64)
                        }
                        _ => None,
                    },
                    (EOp::Cmp(_), Type::Bool) if float_operand && f64_of(a) && f64_of(b) => {
                        Some(Lanes::Mask)
                    }
                    (EOp::And | EOp::Or | EOp::Xor, Type::Bool)
                        if self.map_lanes_of(a) == Some(Lanes::Mask)
                            && self.map_lanes_of(b) == Some(Lanes::Mask) =>
                    {
                        Some(Lanes::Mask)
                    }
                    _ => None,
                }
            }
            Elem::Where(c, a, b, Type::Float)
                if self.map_lanes_of(c) == Some(Lanes::Mask) && f64_of(a) && f64_of(b) =>
            {
                Some(Lanes::F64)
            }
            _ => None,
        }
    }

    /// Whether a store of `elem` into a `dtype` array takes the `vector-map` loop (a float64
    /// result into float64, a comparison into bool, reading at least one array).
    pub fn vector_map_applies(&self, dtype: Dtype, elem: &Elem) -> bool {
        if crate::loops::vector_map::skipped() {
            return false;
        }
        let mut leaves = Vec::new();
        leaves_of(elem, &mut leaves);
        !leaves.is_empty()
            && matches!(
                (dtype, self.map_lanes_of(elem)),
                (Dtype::Float64, Some(Lanes::F64)) | (Dtype::Bool, Some(Lanes::Mask))
            )
    }

    /// The run-time condition for the vector loop: the output and every array read are
    /// contiguous in the innermost axis, and every array read is disjoint from the output or
    /// is exactly the output.
    fn vector_map_guard(&mut self, dst: &ArrayParts, dtype: Dtype, elem: &Elem) -> Value {
        let mut ok = self.b.ins().iconst(types::I8, 1);
        let mut and = |s: &mut Self, c: Value| ok = s.b.ins().band(ok, c);
        if let Some(s) = dst.strides.last().copied() {
            if self.const_of(s) != Some(dtype.itemsize()) {
                let c = self.b.ins().icmp_imm_s(IntCC::Equal, s, dtype.itemsize());
                and(self, c);
            }
        }
        let (dlo, dhi) = self.extent(dst, dtype.itemsize());
        let mut leaves = Vec::new();
        leaves_of(elem, &mut leaves);
        for (data, strides, (lo, hi)) in leaves {
            if let Some(s) = strides.last().copied() {
                if self.const_of(s) != Some(8) {
                    let c = self.b.ins().icmp_imm_s(IntCC::Equal, s, 8);
                    and(self, c);
                }
            }
            let below = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, hi, dlo);
            let above = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, dhi, lo);
            let mut fine = self.b.ins().bor(below, above);
            if strides.len() == dst.strides.len() {
                let mut same = self.b.ins().icmp(IntCC::Equal, data, dst.data);
                for (a, b) in strides.iter().zip(&dst.strides) {
                    let eq = self.b.ins().icmp(IntCC::Equal, *a, *b);
                    same = self.b.ins().band(same, eq);
                }
                fine = self.b.ins().bor(fine, same);
            }
            and(self, fine);
        }
        ok
    }

    /// Rows `[lo, hi)` of the outermost axis of `dst = elem` (see [`Self::vector_map_applies`]):
    /// the vector loop when the run-time guard holds, else the scalar loop.
    pub fn vector_map_rows(
        &mut self,
        dst: &ArrayParts,
        dtype: Dtype,
        elem: &Elem,
        lo: Value,
        hi: Value,
    ) -> Result<()> {
        let ok = self.vector_map_guard(dst, dtype, elem);
        let (vb, sb, join) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().brif(ok, vb, &[], sb, &[]);
        self.b.switch_to_block(vb);
        // The guard proved every innermost stride equal to the item size: constants from here
        // on (a value proven equal to 8 may be replaced wherever it occurs).
        let c8 = self.b.ins().iconst(types::I64, 8);
        let mut leaves = Vec::new();
        leaves_of(elem, &mut leaves);
        let map: super::values::Remap = leaves
            .iter()
            .filter_map(|(_, strides, _)| strides.last().map(|s| (*s, c8)))
            .collect();
        let velem = elem.remap(&map);
        let mut vdst = dst.clone();
        if let Some(s) = vdst.strides.last_mut() {
            *s = self.b.ins().iconst(types::I64, dtype.itemsize());
        }
        self.vector_map_loops(&vdst, dtype, &velem, lo, hi)?;
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(sb);
        self.store_rows_scalar(dst, dtype, elem, lo, hi)?;
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        Ok(())
    }

    /// The vector loop nest: outer axes as usual, the innermost axis in vector steps and a
    /// scalar remainder.
    fn vector_map_loops(
        &mut self,
        dst: &ArrayParts,
        dtype: Dtype,
        elem: &Elem,
        lo: Value,
        hi: Value,
    ) -> Result<()> {
        let nd = dst.shape.len();
        if nd == 1 {
            return self.vector_map_row(dst, dtype, elem, &[], lo, hi);
        }
        let (mid, last) = (dst.shape[1..nd - 1].to_vec(), dst.shape[nd - 1]);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.emit_range(lo, hi, &mut |s, i0| {
            s.emit_nest(&mid, &mut |s, idx, _| {
                let mut prefix = vec![i0];
                prefix.extend_from_slice(idx);
                s.vector_map_row(dst, dtype, elem, &prefix, zero, last)
            })
        })
    }

    /// Elements `[lo, hi)` of the innermost axis at outer indices `prefix`.
    fn vector_map_row(
        &mut self,
        dst: &ArrayParts,
        dtype: Dtype,
        elem: &Elem,
        prefix: &[Value],
        lo: Value,
        hi: Value,
    ) -> Result<()> {
        let step = if dtype == Dtype::Bool {
            BOOL_STEP
        } else {
            F64_STEP
        };
        let len = self.b.ins().isub(hi, lo);
        let groups = self.b.ins().sdiv_imm_s(len, step);
        let zero = self.b.ins().iconst(types::I64, 0);
        let (data, strides) = (dst.data, dst.strides.clone());
        let at = |j: Value| {
            let mut idx = prefix.to_vec();
            idx.push(j);
            idx
        };
        self.emit_range(zero, groups, &mut |s, g| {
            let off = s.b.ins().imul_imm_s(g, step);
            let j = s.b.ins().iadd(lo, off);
            if dtype == Dtype::Bool {
                let addr = s.address(data, &strides, &at(j));
                let mut masks = Vec::new();
                for k in 0..BOOL_STEP / 2 {
                    let jk = s.b.ins().iadd_imm_s(j, 2 * k);
                    let idx = at(jk);
                    masks.push(s.vector_eval(elem, &idx)?);
                }
                // Saturating narrows keep -1 and 0. x86 has no i64x2 narrow: a mask's i64
                // lanes read as i32x4 duplicate each lane, narrowed pairwise to i16x8, which
                // read as i32x4 again hold one lane each; then i32x4 -> i16x8 -> i8x16.
                let little = MemFlagsData::new().with_endianness(Endianness::Little);
                let mut halves = Vec::new();
                for p in masks.chunks(2) {
                    let a = s.b.ins().bitcast(types::I32X4, little, p[0]);
                    let b = s.b.ins().bitcast(types::I32X4, little, p[1]);
                    let n = s.b.ins().snarrow(a, b);
                    halves.push(s.b.ins().bitcast(types::I32X4, little, n));
                }
                let mut masks: Vec<Value> = halves
                    .chunks(2)
                    .map(|p| s.b.ins().snarrow(p[0], p[1]))
                    .collect();
                while masks.len() > 1 {
                    masks = masks
                        .chunks(2)
                        .map(|p| s.b.ins().snarrow(p[0], p[1]))
                        .collect();
                }
                let one = s.b.ins().iconst(types::I8, 1);
                let ones = s.b.ins().splat(types::I8X16, one);
                let bytes = s.b.ins().band(masks[0], ones);
                s.b.ins().store(flags(), bytes, addr, 0);
            } else {
                for k in 0..F64_STEP / 2 {
                    let jk = s.b.ins().iadd_imm_s(j, 2 * k);
                    let idx = at(jk);
                    let v = s.vector_eval(elem, &idx)?;
                    let addr = s.address(data, &strides, &idx);
                    s.b.ins().store(flags(), v, addr, 0);
                }
            }
            Ok(())
        })?;
        let done = self.b.ins().imul_imm_s(groups, step);
        let tail = self.b.ins().iadd(lo, done);
        let from = elem.ty();
        self.emit_range(tail, hi, &mut |s, j| {
            s.store_elem_at(data, &strides, &at(j), dtype, elem, &from)
        })
    }

    /// Lanes `idx` and the next element of the innermost axis of `e` (f64x2, or an i64x2
    /// mask for comparisons); `e` is one [`Self::map_lanes_of`] accepts.
    fn vector_eval(&mut self, e: &Elem, idx: &[Value]) -> Result<Value> {
        Ok(match e {
            Elem::Leaf { data, strides, .. } => {
                let addr = self.address(*data, strides, idx);
                self.b.ins().load(types::F64X2, flags(), addr, 0)
            }
            Elem::Scalar(v, t) => {
                let x = self.convert(*v, t, &Type::Float)?;
                self.b.ins().splat(types::F64X2, x)
            }
            Elem::Unary(f, x, _) => {
                let v = self.vector_eval(x, idx)?;
                match f {
                    UnaryFn::Negative => self.b.ins().fneg(v),
                    UnaryFn::Abs => self.b.ins().fabs(v),
                    UnaryFn::Square => self.b.ins().fmul(v, v),
                    UnaryFn::Sqrt => self.b.ins().sqrt(v),
                    _ => v,
                }
            }
            Elem::Binary(EOp::Arith(BinOp::Pow), a, _, _) => {
                let v = self.vector_eval(a, idx)?;
                self.b.ins().fmul(v, v)
            }
            Elem::Binary(op, a, b, _) => {
                let x = self.vector_eval(a, idx)?;
                let y = self.vector_eval(b, idx)?;
                match op {
                    EOp::Arith(BinOp::Add) => self.b.ins().fadd(x, y),
                    EOp::Arith(BinOp::Sub) => self.b.ins().fsub(x, y),
                    EOp::Arith(BinOp::Mul) => self.b.ins().fmul(x, y),
                    EOp::Arith(BinOp::Div) => self.b.ins().fdiv(x, y),
                    EOp::Minimum | EOp::Maximum => self.vector_min_max(*op, x, y),
                    EOp::Cmp(c) => self.compare_values_cc(*c, x, y, &Type::Float),
                    EOp::And => self.b.ins().band(x, y),
                    EOp::Or => self.b.ins().bor(x, y),
                    _ => self.b.ins().bxor(x, y),
                }
            }
            Elem::Where(c, a, b, _) => {
                let m = self.vector_eval(c, idx)?;
                let m = self.b.ins().bitcast(types::F64X2, MemFlagsData::new(), m);
                let x = self.vector_eval(a, idx)?;
                let y = self.vector_eval(b, idx)?;
                self.b.ins().bitselect(m, x, y)
            }
            _ => {
                return Err(crate::error::CompileError::internal(
                    "codegen",
                    "vector-map node without lanes",
                ))
            }
        })
    }
}

impl FunctionTranslator<'_, '_, '_> {
    /// `minimum`/`maximum` in lanes, bit-equal to Cranelift's scalar sequence on x86: ordered
    /// unequal lanes give the smaller (larger) operand, equal ones the OR (AND) of their bits
    /// (`-0.0` below `+0.0`), and a NaN lane `y + x` (`y`'s NaN, quieted, when `y` is NaN, else
    /// `x`'s), rebuilt here from the bits.
    fn vector_min_max(&mut self, op: EOp, x: Value, y: Value) -> Value {
        let as_f = |s: &mut Self, m: Value| s.b.ins().bitcast(types::F64X2, MemFlagsData::new(), m);
        let (cc, equal) = if op == EOp::Minimum {
            (FloatCC::LessThan, self.b.ins().bor(x, y))
        } else {
            (FloatCC::GreaterThan, self.b.ins().band(x, y))
        };
        let pick_x = self.b.ins().fcmp(cc, x, y);
        let pick_x = as_f(self, pick_x);
        let r = self.b.ins().bitselect(pick_x, x, y);
        let eq = self.b.ins().fcmp(FloatCC::Equal, x, y);
        let eq = as_f(self, eq);
        let r = self.b.ins().bitselect(eq, equal, r);
        let quiet = self.b.ins().iconst(types::I64, 0x0008_0000_0000_0000);
        let quiet = self.b.ins().splat(types::I64X2, quiet);
        let quiet = as_f(self, quiet);
        let qx = self.b.ins().bor(x, quiet);
        let qy = self.b.ins().bor(y, quiet);
        let y_nan = self.b.ins().fcmp(FloatCC::Unordered, y, y);
        let y_nan = as_f(self, y_nan);
        let nan = self.b.ins().bitselect(y_nan, qy, qx);
        let any_nan = self.b.ins().fcmp(FloatCC::Unordered, x, y);
        let any_nan = as_f(self, any_nan);
        self.b.ins().bitselect(any_nan, nan, r)
    }
}

/// The arrays `e` reads: data pointer, (broadcast) strides and byte extent.
fn leaves_of(e: &Elem, out: &mut Vec<(Value, Vec<Value>, (Value, Value))>) {
    match e {
        Elem::Leaf {
            data,
            strides,
            extent,
            ..
        } => out.push((*data, strides.clone(), *extent)),
        Elem::Scalar(..) | Elem::MatVec { .. } => {}
        Elem::Unary(_, x, _) | Elem::Cast(x, _) => leaves_of(x, out),
        Elem::Binary(_, a, b, _) => {
            leaves_of(a, out);
            leaves_of(b, out);
        }
        Elem::Where(c, a, b, _) => {
            leaves_of(c, out);
            leaves_of(a, out);
            leaves_of(b, out);
        }
    }
}
