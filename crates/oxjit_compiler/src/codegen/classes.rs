//! `jitclass` instances in compiled code: construction, field reads and writes, method and
//! property calls, from the tables typing made (`infer::classes`).
//!
//! An instance value is its `MemInfo` pointer; its data is the reference mask and then the
//! field slots (`oxjit_runtime::instance`). A field read is borrowed from the instance (as a
//! variable's read is borrowed from the variable). A field write converts the value to the
//! field's type, takes a reference to each object in it (a borrowed NumPy array is adopted by
//! the runtime, so the instance may outlive the call), stores the slots, then releases the
//! objects the field held before.

use super::translate::FunctionTranslator;
use super::values::cl_type;
use crate::error::{CompileError, Result};
use crate::heap::{heap_refs, HeapKind};
use crate::infer::{ArgSource, TypedFunction};
use crate::ir::ValueId;
use crate::types::{components, Type};
use cranelift_codegen::ir::Value;
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, StackSlotData, StackSlotKind};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;
use oxjit_runtime::instance::FIELDS_OFFSET;
use oxjit_runtime::memory::DATA_OFFSET;

impl FunctionTranslator<'_, '_, '_> {
    /// Is `r` (an `Attr`) a field read or a property getter of an instance?
    pub fn is_instance_attr(&self, r: ValueId) -> bool {
        self.tf.fields.contains_key(&r) || self.tf.callees.contains_key(&r)
    }

    /// The `MemInfo` pointer of the receiver `obj` of `r`; a receiver that may be `None` is
    /// checked first (`AttributeError`, as CPython).
    fn receiver_ptr(&mut self, r: ValueId, obj: ValueId) -> Result<Value> {
        let vals = self.val(obj)?;
        let tf: &TypedFunction = self.tf;
        match tf.receiver_checks.get(&r) {
            Some(msg) => {
                let present = vals[0];
                self.fail_if_not(present, |t| t.raise_now(RtError::AttributeError, msg))?;
                Ok(vals[1])
            }
            None if matches!(self.ty(obj), Type::Instance(_)) => Ok(vals[0]),
            None => Err(CompileError::internal(
                "codegen",
                "optional receiver without a check",
            )),
        }
    }

    /// The address of slot `slot` of the instance `ptr`.
    fn field_base(&mut self, ptr: Value) -> Value {
        self.b.ins().load(types::I64, self.mf, ptr, DATA_OFFSET)
    }

    fn slot_offset(slot: usize) -> i32 {
        FIELDS_OFFSET + 8 * slot as i32
    }

    /// `obj.attr` where `attr` is a field (a borrowed read) or a property (its getter called).
    pub fn translate_instance_attr(&mut self, r: ValueId, obj: ValueId) -> Result<()> {
        let ptr = self.receiver_ptr(r, obj)?;
        let tf: &TypedFunction = self.tf;
        if let Some(fa) = tf.fields.get(&r) {
            let data = self.field_base(ptr);
            let vals = components(&fa.ty)
                .into_iter()
                .enumerate()
                .map(|(k, c)| {
                    self.b
                        .ins()
                        .load(cl_type(c), self.mf, data, Self::slot_offset(fa.slot + k))
                })
                .collect();
            self.set_plain(r, vals);
            return Ok(());
        }
        let call = tf
            .callees
            .get(&r)
            .ok_or_else(|| CompileError::internal("codegen", "attribute without a field"))?;
        let ret = self.ty(r).clone();
        let v = self.call_jitted(call.instance, vec![ptr], &ret)?;
        self.set_owned(r, v);
        Ok(())
    }

    /// `obj.attr = value`: a field store or a property setter call.
    pub fn translate_setattr(&mut self, r: ValueId, obj: ValueId, value: ValueId) -> Result<()> {
        let ptr = self.receiver_ptr(r, obj)?;
        let tf: &TypedFunction = self.tf;
        let Some(fa) = tf.fields.get(&r) else {
            let call = tf
                .callees
                .get(&r)
                .ok_or_else(|| CompileError::internal("codegen", "setattr without a field"))?;
            let mut flat = vec![ptr];
            self.source_vals(&ArgSource::Value(value), &mut flat)?;
            self.call_jitted(call.instance, flat, &Type::None)?;
            self.set_plain(r, Vec::new());
            return Ok(());
        };
        let from = self.ty(value).clone();
        let vals = self.val(value)?;
        let mut vals = self.coerce(vals, &from, &fa.ty)?;
        let refs = heap_refs(&fa.ty);
        for h in &refs {
            let m = vals[h.slot];
            vals[h.slot] = match h.kind {
                HeapKind::Array => self.own_array(m)?,
                _ => {
                    self.call_rt(&rt::INCREF, &[m])?;
                    m
                }
            };
        }
        let data = self.field_base(ptr);
        let old: Vec<Value> = refs
            .iter()
            .map(|h| {
                self.b.ins().load(
                    types::I64,
                    self.mf,
                    data,
                    Self::slot_offset(fa.slot + h.slot),
                )
            })
            .collect();
        for (k, v) in vals.iter().enumerate() {
            self.b
                .ins()
                .store(self.mf, *v, data, Self::slot_offset(fa.slot + k));
        }
        for m in old {
            self.call_rt(&rt::DECREF, &[m])?;
        }
        self.set_plain(r, Vec::new());
        Ok(())
    }

    /// An owned reference to array meminfo `m` (a borrowed NumPy array is adopted).
    fn own_array(&mut self, m: Value) -> Result<Value> {
        let slot =
            self.b
                .create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 3));
        let out = self.b.ins().stack_addr(types::I64, slot, 0);
        let status = self.call_rt(&rt::OWN_ARRAY, &[m, out])?[0];
        self.check_status(status)?;
        Ok(self.b.ins().stack_load(types::I64, types::I64, slot, 0))
    }

    /// `C(args...)`: allocate the instance, then run `__init__` on it.
    pub fn translate_construct(&mut self, r: ValueId) -> Result<()> {
        let tf: &TypedFunction = self.tf;
        let c = tf
            .constructors
            .get(&r)
            .ok_or_else(|| CompileError::internal("codegen", "constructor without a class"))?;
        let n = self.b.ins().iconst(types::I64, c.slots as i64);
        let mask = self.b.ins().iconst(types::I64, c.ref_mask as i64);
        let m = self.call_rt(&rt::INSTANCE_NEW, &[n, mask])?[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, m, 0);
        self.fail_if(failed, |_| Ok(()))?;
        // Owned from here: released if `__init__` raises.
        self.set_owned(r, vec![m]);
        if let Some(init) = &c.init {
            let mut flat = vec![m];
            for a in &init.args {
                self.source_vals(a, &mut flat)?;
            }
            self.call_jitted(init.instance, flat, &Type::None)?;
        }
        Ok(())
    }

    /// `obj.m(args...)`: the method's instance with the receiver first.
    pub fn translate_method_call(&mut self, r: ValueId, recv: ValueId) -> Result<()> {
        let tf: &TypedFunction = self.tf;
        let call = tf
            .callees
            .get(&r)
            .ok_or_else(|| CompileError::internal("codegen", "method call without an instance"))?;
        let mut flat = vec![self.receiver_ptr(r, recv)?];
        for a in &call.args[1..] {
            self.source_vals(a, &mut flat)?;
        }
        let ret = self.ty(r).clone();
        let v = self.call_jitted(call.instance, flat, &ret)?;
        self.set_owned(r, v);
        Ok(())
    }
}
