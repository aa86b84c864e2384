//! Typing of structured (record) arrays and records (`crate::records`): field reads and
//! writes (`r.x`, `r['x']`, `r[0]`, `a[i].x = v`), field views (`a['x']`, an ordinary strided
//! array of the field's dtype), and a guard: any other use of a record or record array that
//! the array code would otherwise accept (arithmetic, NumPy functions, methods, fancy
//! indexing, printing) is refused here, before it could read a record as a number.
//!
//! Field names are resolved to (dtype, byte offset) pairs in `records`; codegen reads that
//! table and never the names. The literal names themselves are `field_keys` (codegen makes no
//! string object for them).

use super::Inference;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::Intrinsic as I;
use crate::ir::{Inst, InstKind, ValueId};
use crate::records::{Field, RecordId};
use crate::types::{Callable, Dtype, Layout, Type};

/// The largest record `a[i] = r` copies (unrolled, 8 bytes at a time).
pub const MAX_COPY: i64 = 1024;

/// A resolved field access: the field's element dtype and byte offset in the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldRef {
    pub dtype: Dtype,
    pub offset: i64,
}

/// The record layout and rank of a record array type.
pub fn record_array(t: &Type) -> Option<(RecordId, u8)> {
    match t {
        Type::Array {
            dtype: Dtype::Record(r),
            ndim,
            ..
        } => Some((*r, *ndim)),
        _ => None,
    }
}

/// True if a record or record array sits anywhere inside `t`.
pub fn holds_record(t: &Type) -> bool {
    match t {
        Type::Record(_) => true,
        Type::Array { dtype, .. } => matches!(dtype, Dtype::Record(_)),
        Type::Tuple(items) => items.iter().any(holds_record),
        Type::Optional(t) | Type::List(t) | Type::Set(t) => holds_record(t),
        Type::Dict(k, v) => holds_record(k) || holds_record(v),
        _ => false,
    }
}

fn is_record(t: &Type) -> Option<RecordId> {
    match t {
        Type::Record(r) => Some(*r),
        _ => None,
    }
}

/// What a return of a value of type `t` needs: records are references into an array and are
/// not returned (the array is).
pub(super) fn check_return(t: &Type, span: Span) -> Result<()> {
    if contains_record_value(t) {
        return Err(CompileError::unsupported(
            "returning a record (an element of a structured array) is not supported",
            span,
        )
        .with_hint("return its fields, or the array itself"));
    }
    Ok(())
}

fn contains_record_value(t: &Type) -> bool {
    match t {
        Type::Record(_) => true,
        Type::Tuple(items) => items.iter().any(contains_record_value),
        Type::Optional(t) | Type::List(t) | Type::Set(t) => contains_record_value(t),
        Type::Dict(k, v) => contains_record_value(k) || contains_record_value(v),
        _ => false,
    }
}

fn unknown_field(rec: RecordId, name: &str, span: Span) -> CompileError {
    let names: Vec<&str> = rec
        .layout()
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    CompileError::typing(
        format!(
            "no field named `{name}` in the record dtype `{}`",
            rec.name()
        ),
        span,
    )
    .with_hint(format!("the fields are {}", names.join(", ")))
}

impl Inference<'_> {
    /// The literal text of a string index (a literal or a constant global).
    fn literal_name(&self, v: ValueId) -> Option<String> {
        if let Some(s) = self.str_consts.get(&v) {
            return Some(s.clone());
        }
        match &self.defs[v.0 as usize]?.kind {
            InstKind::Str(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// The field a record subscript names: a literal string, or a constant position.
    fn field_by_index(&mut self, rec: RecordId, index: &[ValueId], span: Span) -> Result<Field> {
        let layout = rec.layout();
        let [k] = index else {
            return Err(CompileError::typing(
                "a record takes one index (a field name)",
                span,
            ));
        };
        if *self.ty(*k) == Type::Str {
            let Some(name) = self.literal_name(*k) else {
                return Err(CompileError::unsupported(
                    "record fields can only be named by a string literal",
                    span,
                )
                .with_hint("write the name in the subscript, `r['x']`, or use `r.x`"));
            };
            self.field_keys.insert(*k);
            return layout
                .field(&name)
                .cloned()
                .ok_or_else(|| unknown_field(rec, &name, span));
        }
        match (self.ty(*k), self.const_index(*k)) {
            (Type::Int, Some(i)) => {
                let n = layout.fields.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if j < 0 || j >= n {
                    return Err(CompileError::typing(
                        format!("record field index {i} out of range for `{}`", rec.name()),
                        span,
                    ));
                }
                Ok(layout.fields[j as usize].clone())
            }
            (t, _) => Err(CompileError::unsupported(
                format!(
                    "a record can only be indexed by a field name or a constant integer, not `{t}`"
                ),
                span,
            )),
        }
    }

    fn note_field(&mut self, result: ValueId, f: &Field) {
        self.records.insert(
            result,
            FieldRef {
                dtype: f.dtype,
                offset: f.offset,
            },
        );
    }

    /// A value stored into a field must be a real number or a bool.
    fn check_field_value(&self, f: &Field, value: ValueId, span: Span) -> Result<()> {
        match self.ty(value) {
            t if t.is_number() || *t == Type::Unknown => Ok(()),
            t => Err(CompileError::typing(
                format!(
                    "cannot store `{t}` in the field `{}` of dtype `{}`",
                    f.name,
                    f.dtype.name()
                ),
                span,
            )),
        }
    }

    /// The type of an instruction on records or record arrays, or `None` when the array code
    /// types it (shapes, `len`, integer indexing and slicing) or it involves none.
    pub(super) fn record_inst_type(&mut self, inst: &Inst) -> Result<Option<Type>> {
        let span = inst.span;
        let r = inst.result;
        Ok(Some(match &inst.kind {
            InstKind::Attr(v, name) => {
                if let Some(rec) = is_record(self.ty(*v)) {
                    let f = rec
                        .layout()
                        .field(name)
                        .cloned()
                        .ok_or_else(|| unknown_field(rec, name, span))?;
                    self.note_field(r, &f);
                    f.dtype.scalar()
                } else if record_array(self.ty(*v)).is_some() {
                    if matches!(name.as_str(), "shape" | "size" | "ndim") {
                        return Ok(None);
                    }
                    return Err(CompileError::unsupported(
                        format!("`.{name}` of a record array is not supported"),
                        span,
                    )
                    .with_hint(
                        "record arrays support `len`, `.shape`, `.size`, `.ndim`, indexing, \
                         slicing, iteration and field views `a['x']`",
                    ));
                } else {
                    return Ok(None);
                }
            }
            InstKind::SetAttr { obj, name, value } => {
                let Some(rec) = is_record(self.ty(*obj)) else {
                    if record_array(self.ty(*obj)).is_some() {
                        return Err(CompileError::unsupported(
                            format!("cannot set `.{name}` of a record array"),
                            span,
                        )
                        .with_hint("assign through a field view: `a['x'][:] = value`"));
                    }
                    return Ok(None);
                };
                let f = rec
                    .layout()
                    .field(name)
                    .cloned()
                    .ok_or_else(|| unknown_field(rec, name, span))?;
                self.check_field_value(&f, *value, span)?;
                self.note_field(r, &f);
                Type::None
            }
            InstKind::GetItem { value, index, .. } => {
                if let Some(rec) = is_record(self.ty(*value)) {
                    let f = self.field_by_index(rec, index, span)?;
                    self.note_field(r, &f);
                    return Ok(Some(f.dtype.scalar()));
                }
                let Some((rec, ndim)) = record_array(self.ty(*value)) else {
                    return Ok(None);
                };
                if let [k] = index.as_slice() {
                    if *self.ty(*k) == Type::Str {
                        let f = self.field_by_index(rec, index, span)?;
                        self.note_field(r, &f);
                        return Ok(Some(Type::array(f.dtype, ndim, Layout::A)));
                    }
                }
                self.check_record_indices(index, span)?;
                return Ok(None);
            }
            InstKind::SetItem {
                value, index, item, ..
            } => {
                if let Some(rec) = is_record(self.ty(*value)) {
                    let f = self.field_by_index(rec, index, span)?;
                    self.check_field_value(&f, *item, span)?;
                    self.note_field(r, &f);
                    return Ok(Some(Type::None));
                }
                let Some((rec, ndim)) = record_array(self.ty(*value)) else {
                    return Ok(None);
                };
                // `a[i] = r`, `a[i, j] = b[k]`: the record's bytes are copied.
                let whole = index.len() == ndim as usize
                    && index
                        .iter()
                        .all(|v| matches!(self.ty(*v), Type::Int | Type::Unknown));
                match self.ty(*item) {
                    Type::Unknown if whole => return Ok(Some(Type::None)),
                    Type::Record(other) if whole && *other == rec => {
                        if rec.itemsize() > MAX_COPY {
                            return Err(CompileError::unsupported(
                                format!(
                                    "copying records of more than {MAX_COPY} bytes is not \
                                     supported"
                                ),
                                span,
                            ));
                        }
                        return Ok(Some(Type::None));
                    }
                    Type::Record(_) if whole => {
                        return Err(CompileError::typing(
                            format!(
                                "cannot assign a `{}` record to an element of `{}`",
                                self.ty(*item),
                                self.ty(*value)
                            ),
                            span,
                        ))
                    }
                    _ => {}
                }
                return Err(CompileError::unsupported(
                    "assigning to fields of a record array as a whole, or other than a record \
                     of its dtype to an element, is not supported",
                    span,
                )
                .with_hint(
                    "assign fields (`a[i].x = v`) or through a field view (`a['x'][:] = v`)",
                ));
            }
            InstKind::Call { func, args, kwargs } => {
                let any = args
                    .iter()
                    .chain(kwargs.iter().map(|(_, v)| v))
                    .any(|v| holds_record(self.ty(*v)));
                if !any {
                    return Ok(None);
                }
                match self.ty(*func) {
                    Type::Unknown
                    | Type::Function(Callable::Jitted(_))
                    | Type::Function(Callable::Intrinsic(I::BuiltinLen)) => return Ok(None),
                    t => {
                        return Err(CompileError::unsupported(
                            format!("{t} does not take records or record arrays"),
                            span,
                        )
                        .with_hint(
                            "pass a field view (`a['x']`) or a field (`r.x`) instead, or a \
                             jitted function",
                        ))
                    }
                }
            }
            // Moving values around and `len` are the array code's.
            InstKind::Load(_)
            | InstKind::Store(..)
            | InstKind::Len(_)
            | InstKind::Tuple(_)
            | InstKind::Unpack { .. }
            | InstKind::UnpackItem(..)
            | InstKind::Starred(_)
            | InstKind::Slice(..)
            | InstKind::Ellipsis
            | InstKind::Const(_)
            | InstKind::Global(_)
            | InstKind::Str(_) => return Ok(None),
            kind => {
                if let Some(v) = kind
                    .operands()
                    .into_iter()
                    .find(|v| holds_record(self.ty(*v)))
                {
                    return Err(CompileError::unsupported(
                        format!(
                            "this operation on `{}` is not supported (records support field \
                             access; record arrays indexing, slicing, iteration and field views)",
                            self.ty(v)
                        ),
                        span,
                    ));
                }
                return Ok(None);
            }
        }))
    }

    /// Record arrays are indexed by integers and slices (and `None`), not by arrays.
    fn check_record_indices(&self, index: &[ValueId], span: Span) -> Result<()> {
        for v in index {
            match self.ty(*v) {
                Type::Int | Type::Slice | Type::None | Type::Unknown => {}
                t => {
                    return Err(CompileError::unsupported(
                        format!("indexing a record array with `{t}` is not supported"),
                        span,
                    )
                    .with_hint("use integers, slices or a field name"))
                }
            }
        }
        Ok(())
    }
}
