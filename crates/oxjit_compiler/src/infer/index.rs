//! Typing of subscripts: integer index checks, element and view types of `a[...]`.

use super::*;

impl Inference<'_> {
    pub(super) fn expect_int(&self, v: ValueId, what: &str, span: Span) -> Result<()> {
        match self.ty(v) {
            Type::Int | Type::Bool | Type::Unknown => Ok(()),
            t => Err(CompileError::typing(
                format!("{what} must be integers, not `{t}`"),
                span,
            )),
        }
    }

    pub(super) fn check_indices(&self, index: &[ValueId], span: Span) -> Result<()> {
        for v in index {
            match self.ty(*v) {
                Type::Int | Type::Unknown => {}
                t => {
                    return Err(CompileError::unsupported(
                        format!("indexing with `{t}` is not supported yet (only integers)"),
                        span,
                    ))
                }
            }
        }
        Ok(())
    }

    pub(super) fn getitem(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        span: Span,
    ) -> Result<Type> {
        let t = self.ty(value).clone();
        Ok(match &t {
            Type::Unknown => Type::Unknown,
            Type::Array {
                dtype,
                ndim,
                layout,
            } if index
                .iter()
                .all(|v| matches!(self.ty(*v), Type::Int | Type::Unknown)) =>
            {
                self.check_indices(index, span)?;
                let k = index.len();
                if k > *ndim as usize {
                    return Err(CompileError::typing(
                        format!(
                            "too many indices for `{t}`: {ndim}-dimensional, but {k} were indexed"
                        ),
                        span,
                    ));
                }
                if k == *ndim as usize {
                    dtype.scalar()
                } else {
                    let layout = if *layout == Layout::C {
                        Layout::C
                    } else {
                        Layout::A
                    };
                    Type::array(*dtype, ndim - k as u8, layout)
                }
            }
            Type::Array { dtype, .. } => {
                let comps = self.index_parts(&t, index, span)?;
                let r = numpy::index(&t, &comps, span)?;
                self.ellipsis_result(index, *dtype, r)
            }
            Type::Tuple(items) if index.len() == 1 && self.is_slice(index[0]) => {
                let picked = self.tuple_slice(items.len(), index[0], span)?;
                Type::Tuple(picked.iter().map(|&i| items[i].clone()).collect())
            }
            Type::Tuple(items) => {
                if index.len() != 1 {
                    return Err(CompileError::typing("tuple indices must be integers", span));
                }
                let Some(i) = self.const_index(index[0]) else {
                    // A variable index (`for x in t`, `t[i]`): the items must share one type.
                    return match (items.first(), self.ty(index[0])) {
                        (_, Type::Unknown) => Ok(Type::Unknown),
                        (Some(first), Type::Int | Type::Bool)
                            if items.iter().all(|t| t == first) =>
                        {
                            Ok(first.clone())
                        }
                        (None, _) => Err(CompileError::unsupported(
                            "indexing or iterating over an empty tuple is not supported",
                            span,
                        )),
                        _ => Err(CompileError::unsupported(
                            format!("a tuple of different types (`{t}`) can only be indexed by an integer constant"),
                            span,
                        )),
                    };
                };
                let n = items.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if j < 0 || j >= n {
                    return Err(CompileError::typing("tuple index out of range", span));
                }
                items[j as usize].clone()
            }
            t => {
                return Err(CompileError::typing(
                    format!("`{t}` is not subscriptable"),
                    span,
                ))
            }
        })
    }

    fn is_slice(&self, v: ValueId) -> bool {
        matches!(
            self.defs[v.0 as usize].map(|i| &i.kind),
            Some(InstKind::Slice(..))
        )
    }

    /// The positions a slice with constant bounds (`t[1:]`, `a.shape[:2]`, `t[::-1]`) selects
    /// from a tuple of `n` items.
    fn tuple_slice(&self, n: usize, slice: ValueId, span: Span) -> Result<Vec<usize>> {
        let Some(InstKind::Slice(a, b, c)) = self.defs[slice.0 as usize].map(|i| &i.kind) else {
            return Err(CompileError::internal("infer", "not a slice"));
        };
        let part = |p: &Option<ValueId>| -> Result<Option<i64>> {
            match p {
                None => Ok(None),
                Some(v) if *self.ty(*v) == Type::None => Ok(None),
                Some(v) => self.const_index(*v).map(Some).ok_or_else(|| {
                    CompileError::unsupported(
                        "a tuple can only be sliced with integer constants",
                        span,
                    )
                }),
            }
        };
        let (start, stop, step) = (part(a)?, part(b)?, part(c)?);
        crate::types::slice_positions(n as i64, start, stop, step)
            .ok_or_else(|| CompileError::typing("slice step cannot be zero", span))
    }

    /// A literal integer index (possibly negated).
    pub(super) fn const_index(&self, v: ValueId) -> Option<i64> {
        if let Some(Const::Int(i)) = self.consts.get(&v) {
            return Some(*i);
        }
        match &self.defs[v.0 as usize]?.kind {
            InstKind::Const(Const::Int(i)) => Some(*i),
            InstKind::Unary(UnaryOp::Neg, x) => self.const_index(*x).map(|i| -i),
            _ => None,
        }
    }
}
