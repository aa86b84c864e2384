//! `translate_inst` by kind of instruction (a child of `translate`, so it shares its private
//! helpers): operators on scalars, arrays and lists; and the structural instructions — tuples,
//! lists, unpacking, indexing, calls, range tests, `len`.

use super::*;

impl FunctionTranslator<'_, '_, '_> {
    /// Binary and unary operators, comparisons, `in`, truth values and selects.
    pub(super) fn translate_operator(&mut self, inst: &ir::Inst) -> Result<()> {
        let r = inst.result;
        if self.complex_array_operator(inst)? {
            return Ok(());
        }
        match &inst.kind {
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b) if self.is_table(*a) => {
                let in_place = matches!(inst.kind, InstKind::AugBinary(..));
                self.set_binary(r, *op, *a, *b, in_place)?;
            }
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b)
                if *self.ty(r) == Type::Complex =>
            {
                let v = self.complex_binary(*op, *a, *b)?;
                self.set(r, v);
            }
            InstKind::Unary(op, a) if *self.ty(r) == Type::Complex => {
                let v = self.complex_unary(*op, *a)?;
                self.set(r, v);
            }
            InstKind::Compare(op, a, b)
                if *self.ty(*a) == Type::Complex || *self.ty(*b) == Type::Complex =>
            {
                let v = self.complex_compare(*op, *a, *b)?;
                self.set(r, vec![v]);
            }
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b)
                if self.is_list(*a) || self.is_list(*b) =>
            {
                let in_place = matches!(inst.kind, InstKind::AugBinary(..));
                self.list_binary(r, *op, *a, *b, in_place)?;
            }
            InstKind::Binary(_, a, b) | InstKind::AugBinary(_, a, b)
                if matches!(self.ty(r), Type::Tuple(_)) =>
            {
                let vals = self.tuple_concat(r, *a, *b)?;
                self.set(r, vals);
            }
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b)
                if self.is_array(*a) || self.is_array(*b) =>
            {
                if matches!(inst.kind, InstKind::AugBinary(..)) && self.is_array(*a) {
                    self.check_writable_value(*a)?;
                    self.array_inplace(r, EOp::Arith(*op), *a, *b)?;
                } else {
                    self.array_binary(r, EOp::Arith(*op), *a, *b)?;
                }
            }
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b) => {
                let v = self.translate_binary(*op, *a, *b, self.ty(r))?;
                self.set(r, vec![v]);
            }
            InstKind::Unary(op, a) if self.is_array(*a) => {
                let f = match op {
                    ir::UnaryOp::Neg => UnaryFn::Negative,
                    ir::UnaryOp::Pos => UnaryFn::Positive,
                    _ => UnaryFn::Invert,
                };
                self.array_unary_op(r, f, *a)?;
            }
            InstKind::Unary(op, a) => {
                let v = self.translate_unary(*op, *a, self.ty(r))?;
                self.set(r, vec![v]);
            }
            InstKind::Compare(op, a, b) if self.is_array(*a) || self.is_array(*b) => {
                self.array_compare(r, *op, *a, *b)?;
            }
            InstKind::Compare(op, a, b) if self.is_table(*a) => {
                let v = self.table_compare(*op, *a, *b)?;
                self.set(r, vec![v]);
            }
            InstKind::Contains { item, seq, negated } if self.is_table(*seq) => {
                let v = self.table_contains(*item, *seq, *negated)?;
                self.set(r, vec![v]);
            }
            InstKind::Compare(op, a, b) if self.is_list(*a) => {
                let v = self.list_equal(*a, *b, *op == ir::CmpOp::Ne)?;
                self.set(r, vec![v]);
            }
            InstKind::Contains { item, seq, negated } => {
                let v = self.list_contains(*item, *seq, *negated)?;
                self.set(r, vec![v]);
            }
            InstKind::Compare(op, a, b) => {
                let v = self.translate_compare(*op, *a, *b)?;
                self.set(r, vec![v]);
            }
            InstKind::Slice(..) | InstKind::Ellipsis => self.set(r, Vec::new()),
            InstKind::Truth(a) => {
                let v = self.truth(*a)?;
                self.set(r, vec![v]);
            }
            InstKind::Select(c, a, b) => {
                let c = self.scalar(*c)?;
                let (xs, ys) = (self.val(*a)?, self.val(*b)?);
                let v = xs
                    .iter()
                    .zip(&ys)
                    .map(|(x, y)| self.b.ins().select(c, *x, *y))
                    .collect();
                self.set(r, v);
            }
            _ => return Err(CompileError::internal("codegen", "not an operator")),
        }
        Ok(())
    }

    /// Tuples, lists, unpacking, indexing, calls, range tests and `len`.
    pub(super) fn translate_structural(&mut self, inst: &ir::Inst) -> Result<()> {
        let r = inst.result;
        match &inst.kind {
            InstKind::Dict(items) | InstKind::Set(items) => self.table_display(r, items)?,
            InstKind::List(items) if !matches!(self.ty(r), Type::Tuple(_)) => {
                self.list_display(r, items)?;
            }
            // A list display typed as a tuple is a sequence literal (see `infer::lists`).
            InstKind::Tuple(items) | InstKind::List(items) => {
                // The tuple owns a reference to each array inside it.
                let mut vals = Vec::new();
                for it in items {
                    let iv = self.val(*it)?;
                    self.take(*it, self.ty(*it), &iv)?;
                    vals.extend(iv);
                }
                self.set_owned(r, vals);
            }
            InstKind::Unpack { value, .. } => {
                let vals = self.val(*value)?;
                if self.is_owned(*value) {
                    self.consumed.insert(*value);
                    self.set_owned(r, vals);
                } else {
                    self.set(r, vals);
                }
            }
            InstKind::UnpackItem(v, i) => {
                let vals = self.tuple_item(*v, *i as i64)?;
                self.set(r, vals);
            }
            InstKind::Starred(v) => {
                let vals = self.val(*v)?;
                self.set(r, vals);
            }
            InstKind::GetItem {
                value,
                index,
                check,
            } => {
                if self.is_list(*value) {
                    self.list_getitem(r, *value, index[0])?;
                } else if self.is_table(*value) {
                    self.table_getitem(r, *value, index)?;
                } else if let (Type::Tuple(items), Some(InstKind::Slice(a, b, c))) = (
                    self.ty(*value),
                    index.first().and_then(|i| self.tf.def(*i)).map(|i| &i.kind),
                ) {
                    let n = items.len();
                    let vals = self.tuple_slice(*value, n, [*a, *b, *c])?;
                    self.set(r, vals);
                } else if let Type::Tuple(items) = self.ty(*value) {
                    let vals = match self.tf.const_int(index[0]) {
                        Some(k) => self.tuple_item(*value, k)?,
                        None => {
                            let n = items.len();
                            self.tuple_item_at(*value, index[0], n)?
                        }
                    };
                    self.set(r, vals);
                } else if index.iter().any(|i| self.is_array(*i)) {
                    let vals = self.fancy_get(*value, index, check)?;
                    self.set_owned(r, vals);
                } else if self.all_ints(index) && matches!(self.ty(r), Type::Array { ndim: 0, .. })
                {
                    let view = self.element_view(*value, index, check)?;
                    self.set(r, view.into_vals());
                } else if self.all_ints(index) {
                    let vals = self.translate_getitem(*value, index, check, inst.span)?;
                    self.set(r, vals);
                } else {
                    let view = self.view(*value, index, check)?;
                    self.set(r, view.into_vals());
                }
            }
            InstKind::SetItem {
                value,
                index,
                check,
                item,
            } => {
                if self.is_list(*value) {
                    self.list_setitem(*value, index[0], *item)?;
                    self.set(r, Vec::new());
                    return Ok(());
                }
                if self.is_table(*value) {
                    self.table_setitem(*value, index, *item)?;
                    self.set(r, Vec::new());
                    return Ok(());
                }
                let full = match self.ty(*value) {
                    Type::Array { ndim, .. } => {
                        index.len() == *ndim as usize
                            && self.all_ints(index)
                            && !self.is_array(*item)
                    }
                    _ => false,
                };
                let ufunc_out = self.tf.ufunc_stores.contains(&r);
                if ufunc_out {
                    self.check_writable_value_as(*value, "output array is read-only")?;
                } else {
                    self.check_writable_value(*value)?;
                }
                let complex = match self.ty(*value) {
                    Type::Array { dtype, .. } if dtype.is_complex() => Some(*dtype),
                    _ => None,
                };
                if let (Some(dtype), false) = (complex, full) {
                    let dst = self.view(*value, index, check)?;
                    self.complex_assign(dst, dtype, *item)?;
                } else if full {
                    self.translate_setitem(*value, index, check, *item)?;
                } else {
                    self.assign_subarray(*value, index, check, *item, ufunc_out)?;
                }
                self.set(r, Vec::new());
            }
            InstKind::Call { func, args, kwargs } => {
                self.translate_call(r, *func, args, kwargs)?;
            }
            InstKind::CheckRangeStep(step) => {
                let s = self.int_value(*step)?;
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, s, 0);
                self.raise_if(zero, RtError::ValueError, "range() arg 3 must not be zero")?;
                self.set(r, Vec::new());
            }
            InstKind::ShapeSize(s) => {
                let dims = self.val(*s)?;
                let mut n = self.b.ins().iconst(types::I64, 1);
                for d in dims {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, d, 0);
                    self.raise_if(
                        neg,
                        RtError::ValueError,
                        "negative dimensions are not allowed",
                    )?;
                    let (p, over) = self.b.ins().smul_overflow(n, d);
                    self.raise_if(
                        over,
                        RtError::OverflowError,
                        "the number of items of this shape does not fit in an int64",
                    )?;
                    n = p;
                }
                self.set(r, vec![n]);
            }
            InstKind::FlatPosition(i, a) => {
                let (parts, _, _) = self.array_parts(*a)?;
                let size = self.product(&parts.shape);
                let i = self.int_value(*i)?;
                let pos = self.flat_position(i, size)?;
                self.set(r, vec![pos]);
            }
            InstKind::MemoryOrder(a) => {
                let view = self.memory_order(*a)?;
                self.set(r, view.into_vals());
            }
            InstKind::Unravel(i, s) => {
                // Inside the loop over `0..size`: every axis is at least 1 long.
                let dims = self.val(*s)?;
                let flat = self.int_value(*i)?;
                let out = self.unravel(flat, &dims);
                self.set(r, out);
            }
            InstKind::RangeTest {
                counter,
                stop,
                step,
            } => {
                let c = self.int_value(*counter)?;
                let e = self.int_value(*stop)?;
                let v = match self.tf.const_int(*step) {
                    Some(k) if k > 0 => self.b.ins().icmp(IntCC::SignedLessThan, c, e),
                    Some(_) => self.b.ins().icmp(IntCC::SignedGreaterThan, c, e),
                    None if self.tf.positive_steps.contains(&r) => {
                        self.b.ins().icmp(IntCC::SignedLessThan, c, e)
                    }
                    None => {
                        let s = self.int_value(*step)?;
                        let pos = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, s, 0);
                        let lt = self.b.ins().icmp(IntCC::SignedLessThan, c, e);
                        let gt = self.b.ins().icmp(IntCC::SignedGreaterThan, c, e);
                        self.b.ins().select(pos, lt, gt)
                    }
                };
                self.set(r, vec![v]);
            }
            InstKind::Len(v) if matches!(self.ty(*v), Type::Tuple(_)) => {
                let n = match self.ty(*v) {
                    Type::Tuple(items) => items.len() as i64,
                    _ => 0,
                };
                let n = self.b.ins().iconst(types::I64, n);
                self.set(r, vec![n]);
            }
            InstKind::Len(v) => {
                let vals = self.val(*v)?;
                let n = if self.is_list(*v) || self.is_table(*v) {
                    self.list_len(vals[0])
                } else {
                    vals[2]
                };
                self.set(r, vec![n]);
            }
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("instruction {other:?} reached the structural translator"),
                ))
            }
        }
        Ok(())
    }

    /// `t1 + t2` or `t * k`: the operands' components, concatenated or repeated (the result
    /// type, fixed by typing, gives the count).
    fn tuple_concat(&mut self, r: ValueId, a: ValueId, b: ValueId) -> Result<Vec<Value>> {
        let (ta, tb) = (self.ty(a), self.ty(b));
        Ok(match (ta, tb) {
            (Type::Tuple(_), Type::Tuple(_)) => {
                let mut vals = self.val(a)?;
                vals.extend(self.val(b)?);
                vals
            }
            _ => {
                let t = if matches!(ta, Type::Tuple(_)) { a } else { b };
                let one = self.val(t)?;
                let n = components(self.ty(r)).len();
                one.iter().copied().cycle().take(n).collect()
            }
        })
    }

    /// `t[start:stop:step]` with constant bounds: the components of the selected items.
    fn tuple_slice(
        &mut self,
        v: ValueId,
        n: usize,
        parts: [Option<ValueId>; 3],
    ) -> Result<Vec<Value>> {
        let mut bounds = [None; 3];
        for (b, p) in bounds.iter_mut().zip(parts) {
            *b = match p {
                Some(x) if *self.ty(x) != Type::None => {
                    Some(self.tf.const_int(x).ok_or_else(|| {
                        CompileError::internal("codegen", "non-constant tuple slice")
                    })?)
                }
                _ => None,
            };
        }
        let picked = crate::types::slice_positions(n as i64, bounds[0], bounds[1], bounds[2])
            .ok_or_else(|| CompileError::internal("codegen", "zero tuple slice step"))?;
        let mut vals = Vec::new();
        for i in picked {
            vals.extend(self.tuple_item(v, i as i64)?);
        }
        Ok(vals)
    }
}
