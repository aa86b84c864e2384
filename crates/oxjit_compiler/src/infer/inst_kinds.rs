//! `inst_type` by kind of instruction (a child of `infer`, sharing its private helpers): the
//! types of operators (arithmetic, comparisons, truth values, selects) and of structural
//! instructions (tuples, lists, unpacking, slices, indexing, `in`, item assignment).

use super::*;

impl Inference<'_> {
    /// Binary and unary operators, comparisons, truth values and selects.
    pub(super) fn operator_type(&mut self, inst: &Inst) -> Result<Type> {
        let span = inst.span;
        Ok(match &inst.kind {
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b) => {
                let (mut ta, mut tb) = (self.ty(*a).clone(), self.ty(*b).clone());
                // A non-negative integer literal with a uint64 is a weak Python int (NEP 50).
                let literal = |v: ValueId| {
                    matches!(self.defs[v.0 as usize].map(|i| &i.kind),
                        Some(InstKind::Const(Const::Int(k))) if *k >= 0)
                };
                if ta == Type::Uint64 && tb == Type::Int && literal(*b) {
                    tb = Type::Uint64;
                } else if tb == Type::Uint64 && ta == Type::Int && literal(*a) {
                    ta = Type::Uint64;
                }
                if ta == Type::Unknown || tb == Type::Unknown {
                    return Ok(Type::Unknown);
                }
                if matches!(ta, Type::Set(_)) || matches!(tb, Type::Set(_)) {
                    return self.set_binary(*op, &ta, &tb, span);
                }
                if matches!(ta, Type::List(_)) || matches!(tb, Type::List(_)) {
                    if let (InstKind::AugBinary(op2, ..), Type::List(_)) = (&inst.kind, &ta) {
                        // `lst += other` extends in place; `*=` is not in place here.
                        if *op2 != BinOp::Add
                            || !matches!(tb, Type::List(_))
                            || self.in_prange[inst.result.0 as usize]
                        {
                            return Err(CompileError::unsupported(
                                "only `lst += other_list` is supported as an in-place list operator",
                                span,
                            ));
                        }
                    }
                    return self.list_binary(*op, &ta, &tb, span);
                }
                if let Some(t) = self.tuple_binary(*op, &ta, &tb, inst, span)? {
                    return Ok(t);
                }
                let arrays = matches!(ta, Type::Array { .. }) || matches!(tb, Type::Array { .. });
                if arrays {
                    let r = numpy::array_binary(*op, &ta, &tb, span)?;
                    if let InstKind::AugBinary(..) = inst.kind {
                        return inplace_array(*op, &ta, &tb, r, span);
                    }
                    return Ok(r);
                }
                match arith_result(*op, &ta, &tb) {
                    Some(t) => t,
                    None => {
                        let e = CompileError::typing(
                            format!("cannot {} `{}` and `{}`", op_symbol(*op), ta, tb),
                            span,
                        );
                        return Err(maybe_none_hint(e, &[&ta, &tb]));
                    }
                }
            }
            InstKind::Unary(op, v) => {
                let t = self.ty(*v).clone();
                match (op, &t) {
                    (_, Type::Unknown) => Type::Unknown,
                    (UnaryOp::Not, t) if t.is_numeric() || *t == Type::None => Type::Bool,
                    (UnaryOp::Neg | UnaryOp::Pos, Type::Complex) => Type::Complex,
                    (UnaryOp::Neg | UnaryOp::Pos, Type::Bool) => Type::Int,
                    (UnaryOp::Neg | UnaryOp::Pos, t) if t.is_number() => t.clone(),
                    (UnaryOp::Invert, Type::Int | Type::Bool) => Type::Int,
                    // Of a 0-d array: a scalar, as NumPy's.
                    (UnaryOp::Neg | UnaryOp::Pos, Type::Array { dtype, ndim, .. })
                        if *dtype != Dtype::Bool && !dtype.is_complex() =>
                    {
                        if *ndim == 0 {
                            dtype.scalar()
                        } else {
                            t.clone()
                        }
                    }
                    (UnaryOp::Invert, Type::Array { dtype, ndim, .. })
                        if !dtype.is_float() && !dtype.is_complex() =>
                    {
                        if *ndim == 0 {
                            dtype.scalar()
                        } else {
                            t.clone()
                        }
                    }
                    (_, Type::Array { dtype, .. }) if dtype.is_complex() => {
                        complex_array::unary(*op, &t, span)?
                    }
                    _ => {
                        return Err(CompileError::typing(
                            format!("bad operand type for unary operator: `{t}`"),
                            span,
                        ))
                    }
                }
            }
            InstKind::Compare(_, a, b) => {
                let (ta, tb) = (self.ty(*a), self.ty(*b));
                if *ta == Type::Unknown || *tb == Type::Unknown {
                    return Ok(Type::Unknown);
                }
                if ta.is_number() && tb.is_number() {
                    Type::Bool
                } else if let (Type::Dict(..) | Type::Set(_), InstKind::Compare(op, ..)) =
                    (ta, &inst.kind)
                {
                    self.table_compare(*op, ta, tb, span)?
                } else if (*ta == Type::Complex || *tb == Type::Complex)
                    && !complex_array::involved(&[ta, tb])
                {
                    let InstKind::Compare(op, ..) = inst.kind else {
                        return Ok(Type::Unknown);
                    };
                    complex::compare_type(op, ta, tb, span)?
                } else if let (Type::List(_), InstKind::Compare(CmpOp::Eq | CmpOp::Ne, ..)) =
                    (ta, &inst.kind)
                {
                    let (ta, tb) = (ta.clone(), tb.clone());
                    if ta != tb {
                        return Err(CompileError::typing(
                            format!("cannot compare `{ta}` and `{tb}`"),
                            span,
                        ));
                    }
                    self.list_compare(&ta, &tb, span)?;
                    Type::Bool
                } else if let (
                    Type::Tuple(xa),
                    Type::Tuple(xb),
                    InstKind::Compare(op @ (CmpOp::Eq | CmpOp::Ne), ..),
                ) = (ta, tb, &inst.kind)
                {
                    // Decided by the lengths (`a.shape == ()` of a 0-d array): different
                    // lengths never compare equal, two empty tuples always do.
                    if xa.len() == xb.len() && !xa.is_empty() {
                        // Item by item (`codegen/tuple_index.rs`).
                        if xa.iter().chain(xb.iter()).all(Type::is_real_scalar) {
                            self.consts.remove(&inst.result);
                            return Ok(Type::Bool);
                        }
                        return Err(CompileError::unsupported(
                            format!("comparing `{ta}` and `{tb}` is not supported yet (tuples of ints, floats and bools are)"),
                            span,
                        ));
                    }
                    let equal = xa.len() == xb.len();
                    self.consts
                        .insert(inst.result, Const::Bool(equal == (*op == CmpOp::Eq)));
                    Type::Bool
                } else if let (
                    Type::DtypeValue(x),
                    Type::DtypeValue(y),
                    InstKind::Compare(op @ (CmpOp::Eq | CmpOp::Ne), ..),
                ) = (ta, tb, &inst.kind)
                {
                    // `a.dtype == numpy.float32`: known when compiling.
                    let equal = x == y;
                    self.consts
                        .insert(inst.result, Const::Bool(equal == (*op == CmpOp::Eq)));
                    Type::Bool
                } else if matches!(ta, Type::Array { .. }) || matches!(tb, Type::Array { .. }) {
                    let (ta, tb) = (ta.clone(), tb.clone());
                    let InstKind::Compare(op, ..) = inst.kind else {
                        return Ok(Type::Unknown);
                    };
                    numpy::array_compare(op, &ta, &tb, span)?
                } else {
                    return Err(CompileError::typing(
                        format!("cannot compare `{ta}` and `{tb}`"),
                        span,
                    ));
                }
            }
            InstKind::Select(_, a, _) => self.ty(*a).clone(),
            InstKind::Truth(v) => {
                let t = self.ty(*v);
                match t {
                    Type::Unknown => Type::Unknown,
                    t if t.is_numeric() => Type::Bool,
                    Type::None | Type::Tuple(_) | Type::List(_) | Type::Dict(..) | Type::Set(_) => {
                        Type::Bool
                    }
                    t => {
                        return Err(CompileError::typing(
                            format!("the truth value of `{t}` is ambiguous"),
                            span,
                        )
                        .with_hint("use `a.any()` or `a.all()` for arrays"))
                    }
                }
            }
            _ => return Err(CompileError::internal("infer", "not an operator")),
        })
    }

    /// `t1 + t2` (concatenation) and `t * k` / `k * t` with an integer constant `k`; `None`
    /// when neither operand is a tuple.
    fn tuple_binary(
        &self,
        op: BinOp,
        ta: &Type,
        tb: &Type,
        inst: &Inst,
        span: Span,
    ) -> Result<Option<Type>> {
        let (InstKind::Binary(_, a, b) | InstKind::AugBinary(_, a, b)) = &inst.kind else {
            return Ok(None);
        };
        Ok(Some(match (op, ta, tb) {
            (BinOp::Add, Type::Tuple(x), Type::Tuple(y)) => {
                Type::Tuple(x.iter().chain(y).cloned().collect())
            }
            (BinOp::Mul, Type::Tuple(x), Type::Int | Type::Bool)
            | (BinOp::Mul, Type::Int | Type::Bool, Type::Tuple(x)) => {
                let k = if matches!(ta, Type::Tuple(_)) { *b } else { *a };
                let Some(k) = self.const_index(k) else {
                    return Err(CompileError::unsupported(
                        "a tuple can only be repeated by an integer constant",
                        span,
                    ));
                };
                Type::Tuple(
                    x.iter()
                        .cycle()
                        .take(x.len() * k.max(0) as usize)
                        .cloned()
                        .collect(),
                )
            }
            (_, Type::Tuple(_), _) | (_, _, Type::Tuple(_)) => {
                return Err(CompileError::typing(
                    format!("cannot {} `{ta}` and `{tb}`", op_symbol(op)),
                    span,
                ))
            }
            _ => return Ok(None),
        }))
    }

    /// Tuples, lists, unpacking, slices, indexing, `in` and item assignment.
    pub(super) fn structure_type(&mut self, inst: &Inst) -> Result<Type> {
        let span = inst.span;
        Ok(match &inst.kind {
            InstKind::List(items) if self.sequence_literal(inst.result) != Some(true) => {
                if self.sequence_literal(inst.result).is_none() {
                    return Ok(Type::Unknown);
                }
                self.list_display(inst.result, items, span)?
            }
            InstKind::Dict(items) => self.table_display(inst.result, items, true, span)?,
            InstKind::Set(items) => self.table_display(inst.result, items, false, span)?,
            InstKind::Tuple(items) | InstKind::List(items) => {
                let ts: Vec<Type> = items.iter().map(|v| self.ty(*v).clone()).collect();
                if ts.contains(&Type::Unknown) {
                    return Ok(Type::Unknown);
                }
                let classinfo = matches!(
                    self.users[inst.result.0 as usize].map(|u| &u.kind),
                    Some(InstKind::Call { func, .. })
                        if *self.ty(*func) == Type::Function(Callable::Intrinsic(I::BuiltinIsinstance))
                );
                if let Some(t) = ts.iter().find(|t| t.is_compile_time() && !classinfo) {
                    return Err(CompileError::unsupported(
                        format!("a tuple cannot hold {t}"),
                        span,
                    ));
                }
                Type::Tuple(ts)
            }
            InstKind::Unpack { value, count } => match self.ty(*value) {
                Type::Unknown => Type::Unknown,
                Type::Tuple(items) if items.len() == *count => Type::Tuple(items.clone()),
                Type::Tuple(items) => {
                    let n = items.len();
                    return Err(CompileError::typing(
                        if n > *count {
                            format!("too many values to unpack (expected {count}, got {n})")
                        } else {
                            format!("not enough values to unpack (expected {count}, got {n})")
                        },
                        span,
                    ));
                }
                t => {
                    return Err(CompileError::unsupported(
                        format!("cannot unpack `{t}` (only tuples can be unpacked)"),
                        span,
                    ))
                }
            },
            InstKind::UnpackItem(v, i) => match self.ty(*v) {
                Type::Tuple(items) => items[*i].clone(),
                _ => Type::Unknown,
            },
            InstKind::Starred(v) => match self.ty(*v) {
                t @ (Type::Tuple(_) | Type::Unknown) => t.clone(),
                t => {
                    return Err(CompileError::unsupported(
                        format!("`*` unpacking of `{t}` in a call is not supported (only tuples, whose length is known when compiling)"),
                        span,
                    ))
                }
            },
            InstKind::Slice(a, b, c) => {
                for v in [a, b, c].into_iter().flatten() {
                    match self.ty(*v) {
                        Type::Int | Type::Bool | Type::None | Type::Unknown => {}
                        t => {
                            return Err(CompileError::typing(
                                format!("slice indices must be integers or None, not `{t}`"),
                                span,
                            ))
                        }
                    }
                }
                Type::Slice
            }
            InstKind::Ellipsis => Type::Slice,
            InstKind::GetItem { value, index, .. } | InstKind::SetItem { value, index, .. }
                if !matches!(self.ty(*value), Type::Array { .. } | Type::Unknown)
                    && self.has_ellipsis(index) =>
            {
                return Err(ellipsis::not_an_array(self.ty(*value), span));
            }
            InstKind::GetItem { value, index, .. } if matches!(self.ty(*value), Type::List(_)) => {
                let lt = self.ty(*value).clone();
                self.list_getitem(&lt, index, span)?
            }
            InstKind::GetItem { value, index, .. }
                if matches!(self.ty(*value), Type::Dict(..) | Type::Set(_)) =>
            {
                self.table_getitem(*value, index, span)?
            }
            InstKind::GetItem { value, index, .. } => self.getitem(*value, index, span)?,
            InstKind::Contains { item, seq, .. } => {
                let (ti, ts) = (self.ty(*item).clone(), self.ty(*seq).clone());
                match (&ti, &ts) {
                    (Type::Unknown, _) | (_, Type::Unknown) => return Ok(Type::Unknown),
                    (_, Type::Dict(..) | Type::Set(_)) => {
                        return self.table_contains(&ts, &ti, span);
                    }
                    (_, Type::List(e)) => {
                        if **e == Type::Unknown {
                            return Ok(Type::Unknown);
                        }
                        if ti == ts {
                            return Err(CompileError::typing(
                                format!("cannot look for `{ti}` in `{ts}`"),
                                span,
                            ));
                        }
                        self.list_compare(&ts, &ti, span)?;
                    }
                    (_, Type::Tuple(items)) => {
                        // Numbers in a tuple of numbers (`j in (0, i)`): item by item.
                        if !ti.is_real_scalar() || !items.iter().all(Type::is_real_scalar) {
                            return Err(CompileError::unsupported(
                                format!("`in` a tuple is supported for numbers in a tuple of numbers, not `{ti}` in `{ts}`"),
                                span,
                            ));
                        }
                    }
                    _ => {
                        return Err(CompileError::unsupported(
                            format!("`in` is only supported with a list, set, dict, string, range or tuple of numbers on the right, not `{ts}`"),
                            span,
                        ))
                    }
                }
                Type::Bool
            }
            InstKind::SetItem {
                value, index, item, ..
            } => {
                let target = self.ty(*value).clone();
                let it = self.ty(*item).clone();
                match &target {
                    Type::Unknown => return Ok(Type::Unknown),
                    Type::Dict(..) | Type::Set(_) => {
                        return self.table_setitem(*value, index, *item, span);
                    }
                    Type::List(e) => {
                        if it == Type::Unknown {
                            return Ok(Type::Unknown);
                        }
                        let slice = index.iter().any(|i| *self.ty(*i) == Type::Slice);
                        if **e == Type::Unknown && slice && matches!(it, Type::List(_)) {
                            // `x = []; x[a:b] = other`: `other` tells the element type.
                            self.refine_source(*value, &it);
                            return Ok(Type::Unknown);
                        }
                        self.list_setitem(&target, index, &it, span)?;
                    }
                    Type::Array { .. } => {
                        let comps = self.index_parts(&target, index, span)?;
                        if comps.contains(&Type::Unknown) || it == Type::Unknown {
                            return Ok(Type::Unknown);
                        }
                        let view = numpy::index(&target, &comps, span)?;
                        complex::check_setitem(&target, &view, &it, &comps, span)?;
                        let ok = match (&view, &it) {
                            (Type::Complex, i) => i.is_numeric(),
                            (Type::Array { dtype, .. }, Type::Complex) => dtype.is_complex(),
                            (_, i) if i.is_number() => true,
                            (Type::Array { ndim, .. }, Type::Array { ndim: n2, .. }) => n2 <= ndim,
                            // A tuple of real numbers as a 1-D array (`r[i] = (x, y)`).
                            (Type::Array { dtype, .. }, Type::Tuple(items)) => {
                                !dtype.is_complex()
                                    && !items.is_empty()
                                    && items.iter().all(Type::is_real_scalar)
                            }
                            _ => false,
                        };
                        if !ok {
                            return Err(CompileError::typing(
                                format!("cannot assign `{it}` to `{view}`"),
                                span,
                            ));
                        }
                    }
                    Type::Tuple(_) => {
                        return Err(CompileError::typing(
                            "'tuple' object does not support item assignment",
                            span,
                        ))
                    }
                    t => {
                        return Err(CompileError::typing(
                            format!("`{t}` does not support item assignment"),
                            span,
                        ))
                    }
                }
                Type::None
            }
            _ => {
                return Err(CompileError::internal(
                    "infer",
                    "not a structural instruction",
                ))
            }
        })
    }
}

/// The type of `a op= b` with an array operand, whose result `r` NumPy writes back into `a`:
/// `a`'s type, if `r` fits it (no new axes, NumPy's same-kind casting); `r` when `a` is a scalar.
fn inplace_array(op: BinOp, ta: &Type, tb: &Type, r: Type, span: Span) -> Result<Type> {
    let (
        Type::Array { dtype, ndim, .. },
        Type::Array {
            dtype: rd,
            ndim: rn,
            ..
        },
    ) = (ta, &r)
    else {
        return Ok(r);
    };
    complex_array::check_inplace(ta, &r, span)?;
    if rn > ndim {
        return Err(CompileError::typing(
            format!("non-broadcastable output: `{ta} {}= {tb}`", op_text(op)),
            span,
        ));
    }
    if (rd.is_float() && !dtype.is_float()) || (*dtype == Dtype::Bool && *rd != Dtype::Bool) {
        return Err(CompileError::typing(
            format!(
                "cannot cast the result of `{}` from `{}` to `{}` in place (NumPy's same_kind rule)",
                op_text(op),
                rd.name(),
                dtype.name()
            ),
            span,
        ));
    }
    Ok(ta.clone())
}

/// An operator error on a value that is (or may be) `None`: say how to narrow it.
pub(super) fn maybe_none_hint(e: CompileError, operands: &[&Type]) -> CompileError {
    if operands
        .iter()
        .any(|t| matches!(t, Type::None | Type::Optional(_)))
    {
        e.with_hint("a variable that may be `None` must be tested first (`if x is not None:` or `if x is None: return ...`); the test narrows it in the code it guards")
    } else {
        e
    }
}
