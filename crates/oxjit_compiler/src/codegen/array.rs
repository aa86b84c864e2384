//! Arrays in machine code: `{meminfo, data, shape[ndim], strides[ndim]}` (strides in bytes).
//! Element access with bounds checks, views, allocation and copies.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result, Span};
use crate::ir::{IndexCheck, ValueId};
use crate::types::{Dtype, Layout, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::errors::ErrorKind as RtError;
use oxjit_runtime::memory::DATA_OFFSET;

/// The machine parts of an array value.
pub(crate) struct ArrayParts {
    pub meminfo: Value,
    pub data: Value,
    pub shape: Vec<Value>,
    pub strides: Vec<Value>,
}

impl ArrayParts {
    pub fn from_vals(vals: &[Value], ndim: usize) -> ArrayParts {
        ArrayParts {
            meminfo: vals[0],
            data: vals[1],
            shape: vals[2..2 + ndim].to_vec(),
            strides: vals[2 + ndim..2 + 2 * ndim].to_vec(),
        }
    }
    pub fn into_vals(self) -> Vec<Value> {
        let mut v = vec![self.meminfo, self.data];
        v.extend(self.shape);
        v.extend(self.strides);
        v
    }
}

pub(crate) fn elem_cl_type(d: Dtype) -> types::Type {
    match d {
        Dtype::Float64 => types::F64,
        Dtype::Float32 => types::F32,
        Dtype::Int64 => types::I64,
        Dtype::Int32 => types::I32,
        Dtype::Uint8 | Dtype::Bool => types::I8,
    }
}

fn array_type(t: &Type) -> Result<(Dtype, usize, Layout)> {
    match t {
        Type::Array {
            dtype,
            ndim,
            layout,
        } => Ok((*dtype, *ndim as usize, *layout)),
        t => Err(CompileError::internal(
            "codegen",
            format!("expected an array, got `{t}`"),
        )),
    }
}

impl FunctionTranslator<'_, '_, '_> {
    pub fn array_parts(&self, v: ValueId) -> Result<(ArrayParts, Dtype, Layout)> {
        let (dtype, ndim, layout) = array_type(self.ty(v))?;
        Ok((ArrayParts::from_vals(&self.val(v)?, ndim), dtype, layout))
    }

    /// `a.shape`, `a.size`, `a.ndim` (methods and module attributes are compile time).
    pub fn translate_attr(&mut self, v: ValueId, name: &str) -> Result<Vec<Value>> {
        let Type::Array { ndim, .. } = self.ty(v) else {
            return Ok(Vec::new());
        };
        let (parts, _, _) = self.array_parts(v)?;
        Ok(match name {
            "shape" => parts.shape,
            "size" => vec![self.product(&parts.shape)],
            "ndim" => vec![self.b.ins().iconst(types::I64, *ndim as i64)],
            _ => Vec::new(),
        })
    }

    pub fn product(&mut self, xs: &[Value]) -> Value {
        let mut p = self.b.ins().iconst(types::I64, 1);
        for x in xs {
            p = self.b.ins().imul(p, *x);
        }
        p
    }

    /// The byte offset of `index` (one value per leading axis), checking bounds as asked.
    fn element_offset(
        &mut self,
        parts: &ArrayParts,
        dtype: Dtype,
        layout: Layout,
        index: &[ValueId],
        check: &[IndexCheck],
    ) -> Result<Value> {
        let ndim = parts.shape.len();
        let mut offset: Option<Value> = None;
        for (axis, iv) in index.iter().enumerate() {
            let mut i = self.int_value(*iv)?;
            let len = parts.shape[axis];
            let mode = if self.st.boundscheck {
                check[axis]
            } else {
                match check[axis] {
                    IndexCheck::WrapAndCheck | IndexCheck::WrapOnly => IndexCheck::WrapOnly,
                    _ => IndexCheck::None,
                }
            };
            match mode {
                IndexCheck::WrapAndCheck => i = self.checked_index(i, len, axis)?,
                IndexCheck::Check => {
                    let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
                    let original = i;
                    self.fail_if(oob, |t| t.index_error(original, len, axis))?;
                }
                IndexCheck::WrapOnly => {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                    let wrapped = self.b.ins().iadd(i, len);
                    i = self.b.ins().select(neg, wrapped, i);
                }
                IndexCheck::None => {}
            }
            // The contiguous axis has a known stride: the item size.
            let contiguous = (layout == Layout::C && axis + 1 == ndim)
                || (layout == Layout::F && axis == 0 && ndim > 0);
            let term = if contiguous {
                self.b.ins().imul_imm_s(i, dtype.itemsize())
            } else {
                self.b.ins().imul(i, parts.strides[axis])
            };
            offset = Some(match offset {
                None => term,
                Some(o) => self.b.ins().iadd(o, term),
            });
        }
        Ok(offset.unwrap_or_else(|| self.b.ins().iconst(types::I64, 0)))
    }

    fn index_error(&mut self, index: Value, len: Value, axis: usize) -> Result<()> {
        let ax = self.b.ins().iconst(types::I64, axis as i64);
        self.call_rt(
            "oxjit_rt_index_error",
            &[types::I64, types::I64, types::I64],
            &[],
            &[index, ax, len],
        )?;
        Ok(())
    }

    /// Python indexing with one compare on the hot path: an index in `[0, len)` goes straight
    /// on; anything else (negative, or out of range) takes a cold block that wraps a negative
    /// index or raises `IndexError`.
    fn checked_index(&mut self, i: Value, len: Value, axis: usize) -> Result<Value> {
        let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
        let cold = self.b.create_block();
        let cont = self.b.create_block();
        let idx = self.b.append_block_param(cont, types::I64);
        self.b.set_cold_block(cold);
        self.b.ins().brif(oob, cold, &[], cont, &[i.into()]);
        self.b.switch_to_block(cold);
        let wrapped = self.b.ins().iadd(i, len);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let nonneg = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, wrapped, 0);
        let ok = self.b.ins().band(neg, nonneg);
        self.fail_if_not(ok, |t| t.index_error(i, len, axis))?;
        self.b.ins().jump(cont, &[wrapped.into()]);
        self.b.switch_to_block(cont);
        Ok(idx)
    }

    pub fn translate_getitem(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
        _span: Span,
    ) -> Result<Vec<Value>> {
        let (parts, dtype, layout) = self.array_parts(value)?;
        let ndim = parts.shape.len();
        let off = self.element_offset(&parts, dtype, layout, index, check)?;
        let addr = self.b.ins().iadd(parts.data, off);
        if index.len() == ndim {
            return Ok(vec![self.load_element(addr, dtype)]);
        }
        // A view of the remaining axes, sharing the meminfo (borrowed from `value`).
        let k = index.len();
        Ok(ArrayParts {
            meminfo: parts.meminfo,
            data: addr,
            shape: parts.shape[k..].to_vec(),
            strides: parts.strides[k..].to_vec(),
        }
        .into_vals())
    }

    pub fn translate_setitem(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        check: &[IndexCheck],
        item: ValueId,
    ) -> Result<()> {
        let (parts, dtype, layout) = self.array_parts(value)?;
        let x = self.scalar(item)?;
        let from = self.ty(item).clone();
        let off = self.element_offset(&parts, dtype, layout, index, check)?;
        let addr = self.b.ins().iadd(parts.data, off);
        self.store_element(addr, dtype, x, &from)
    }

    /// Load one element, widened to its scalar type.
    pub fn load_element(&mut self, addr: Value, dtype: Dtype) -> Value {
        let raw = self.b.ins().load(elem_cl_type(dtype), self.mf, addr, 0);
        match dtype {
            Dtype::Int32 => self.b.ins().sextend(types::I64, raw),
            Dtype::Uint8 => self.b.ins().uextend(types::I64, raw),
            _ => raw,
        }
    }

    /// Store a scalar of type `from` as an element of `dtype` (NumPy's casting on assignment).
    pub fn store_element(
        &mut self,
        addr: Value,
        dtype: Dtype,
        x: Value,
        from: &Type,
    ) -> Result<()> {
        let target = dtype.scalar();
        let v = if dtype == Dtype::Bool {
            self.convert(x, from, &Type::Bool)?
        } else {
            let v = self.convert(x, from, &target)?;
            match dtype {
                Dtype::Int32 | Dtype::Uint8 => self.b.ins().ireduce(elem_cl_type(dtype), v),
                _ => v,
            }
        };
        self.b.ins().store(self.mf, v, addr, 0);
        Ok(())
    }

    /// Allocate a C-contiguous array of `shape`; `fill` as raw bits (None: uninitialised).
    pub fn alloc_array(
        &mut self,
        dtype: Dtype,
        shape: Vec<Value>,
        fill: Option<u64>,
    ) -> Result<Vec<Value>> {
        for s in &shape {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *s, 0);
            self.raise_if(
                neg,
                RtError::ValueError,
                "negative dimensions are not allowed",
            )?;
        }
        let n = self.product(&shape);
        let nbytes = self.b.ins().imul_imm_s(n, dtype.itemsize());
        let zero = self.b.ins().iconst(types::I8, (fill == Some(0)) as i64);
        let m = self.call_rt(
            "oxjit_rt_alloc",
            &[types::I64, types::I8],
            &[types::I64],
            &[nbytes, zero],
        )?[0];
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, m, 0);
        self.raise_if(
            null,
            RtError::MemoryError,
            "unable to allocate array memory",
        )?;
        let data = self.b.ins().load(types::I64, self.mf, m, DATA_OFFSET);
        if let Some(bits) = fill.filter(|b| *b != 0) {
            let item = self.b.ins().iconst(types::I64, dtype.itemsize());
            let pat = self.b.ins().iconst(types::I64, bits as i64);
            self.call_rt(
                "oxjit_rt_fill",
                &[types::I64, types::I64, types::I64, types::I64],
                &[],
                &[data, n, item, pat],
            )?;
        }
        let strides = self.c_strides(&shape, dtype.itemsize());
        Ok(ArrayParts {
            meminfo: m,
            data,
            shape,
            strides,
        }
        .into_vals())
    }

    fn c_strides(&mut self, shape: &[Value], itemsize: i64) -> Vec<Value> {
        let mut strides = vec![self.b.ins().iconst(types::I64, itemsize); shape.len()];
        for k in (0..shape.len().saturating_sub(1)).rev() {
            strides[k] = self.b.ins().imul(strides[k + 1], shape[k + 1]);
        }
        strides
    }

    /// A C-contiguous copy of the array `v`.
    pub fn copy_array(&mut self, v: ValueId) -> Result<Vec<Value>> {
        use cranelift_codegen::ir::{StackSlotData, StackSlotKind};
        let (parts, dtype, _) = self.array_parts(v)?;
        let nd = parts.shape.len();
        let out = self.alloc_array(dtype, parts.shape.clone(), None)?;
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (16 * nd.max(1)) as u32,
            3,
        ));
        for (i, s) in parts.shape.iter().chain(parts.strides.iter()).enumerate() {
            self.b
                .ins()
                .stack_store(types::I64, *s, slot, (i * 8) as i32);
        }
        let shape_p = self.b.ins().stack_addr(types::I64, slot, 0);
        let strides_p = self.b.ins().stack_addr(types::I64, slot, (nd * 8) as i32);
        let ndim = self.b.ins().iconst(types::I64, nd as i64);
        let item = self.b.ins().iconst(types::I64, dtype.itemsize());
        self.call_rt(
            "oxjit_rt_copy_to_c",
            &[types::I64; 6],
            &[],
            &[parts.data, ndim, shape_p, strides_p, item, out[1]],
        )?;
        Ok(out)
    }
}

/// The bit pattern of `1` in a dtype, for `ones`.
pub(crate) fn one_bits(d: Dtype) -> u64 {
    match d {
        Dtype::Float64 => 1.0f64.to_bits(),
        Dtype::Float32 => 1.0f32.to_bits() as u64,
        _ => 1,
    }
}
