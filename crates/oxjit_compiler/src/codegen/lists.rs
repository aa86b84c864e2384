//! Lists in compiled code: runtime list objects (`oxjit_runtime::list`) made, read and changed.
//!
//! A list value is one machine word, its `MemInfo` pointer. Length and element reads are inline
//! loads (`meminfo.data` → the list; `len` at offset 0, `items` at offset 8); everything that
//! changes the length calls the runtime. An element is stored as its flattened components, one
//! 8-byte slot each. Storing an element hands the list one reference to each object in it
//! (`take`); reading one gives a borrowed value, as reading a variable does; `pop` gives an
//! owned one. Every index is checked (lists can shrink, so no pass removes these checks).

use super::translate::FunctionTranslator;
use super::values::cl_type;
use crate::error::{CompileError, Result};
use crate::heap::list_layout as layout;
use crate::intrinsics::Intrinsic as I;
use crate::ir::{BinOp, ValueId};
use crate::types::{components, Type};
use cranelift_codegen::ir::{
    condcodes::IntCC, types, InstBuilder, StackSlotData, StackSlotKind, Value,
};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;
use oxjit_runtime::list as rl;

/// The element type of a list type.
pub(super) fn elem_of(t: &Type) -> Result<&Type> {
    match t {
        Type::List(e) if **e != Type::Unknown => Ok(e),
        t => Err(CompileError::internal(
            "codegen",
            format!("`{t}` is not a list of known elements"),
        )),
    }
}

impl FunctionTranslator<'_, '_, '_> {
    /// The parts of the slice value `v` (`start`, `stop`, `step`; absent ones `None`).
    pub(super) fn slice_parts(&self, v: ValueId) -> Result<[Option<ValueId>; 3]> {
        match self.tf.def(v).map(|i| &i.kind) {
            Some(crate::ir::InstKind::Slice(a, b, c)) => Ok([*a, *b, *c]),
            _ => Err(CompileError::internal(
                "codegen",
                "slice value without its parts",
            )),
        }
    }

    /// The runtime's slice arguments of the slice value `v` after `first`: start, stop, step
    /// (0 where absent or `None`) and the bit set of the given ones (CPython's
    /// `PySlice_AdjustIndices` in `oxjit_runtime::str::slice_indices` reads them).
    pub(super) fn slice_args(&mut self, first: Value, v: ValueId) -> Result<Vec<Value>> {
        let parts = self.slice_parts(v)?;
        let mut args = vec![first];
        let mut has = 0;
        for (k, p) in parts.iter().enumerate() {
            match p {
                Some(v) if *self.ty(*v) != Type::None => {
                    args.push(self.int_value(*v)?);
                    has |= 1 << k;
                }
                _ => args.push(self.b.ins().iconst(types::I64, 0)),
            }
        }
        args.push(self.b.ins().iconst(types::I64, has));
        Ok(args)
    }

    /// Take ownership of `v` for a place (a list element, a variable).
    pub(super) fn take_value(&mut self, v: ValueId, vals: &[Value]) -> Result<()> {
        let t = self.ty(v).clone();
        self.take(v, &t, vals)
    }

    fn list_ptr(&mut self, v: ValueId) -> Result<Value> {
        Ok(self.val(v)?[0])
    }

    /// The `List` behind a list's meminfo.
    pub(super) fn list_obj(&mut self, m: Value) -> Value {
        self.b.ins().load(types::I64, self.mf, m, 8)
    }

    pub(super) fn list_len(&mut self, m: Value) -> Value {
        let l = self.list_obj(m);
        self.b.ins().load(types::I64, self.mf, l, 0)
    }

    /// Store a flattened element at `p` (8 bytes per component).
    pub(super) fn store_elem(&mut self, p: Value, vals: &[Value]) {
        for (k, v) in vals.iter().enumerate() {
            self.b.ins().store(self.mf, *v, p, (k * 8) as i32);
        }
    }

    pub(super) fn load_elem(&mut self, p: Value, e: &Type) -> Vec<Value> {
        components(e)
            .iter()
            .enumerate()
            .map(|(k, c)| self.b.ins().load(cl_type(*c), self.mf, p, (k * 8) as i32))
            .collect()
    }

    /// A stack buffer of `n` slots.
    pub(super) fn slots(&mut self, n: usize) -> Value {
        let ss = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (n.max(1) * 8) as u32,
            3,
        ));
        self.b.ins().stack_addr(types::I64, ss, 0)
    }

    /// An element value in a stack buffer (for search and equality in the runtime).
    fn spill(&mut self, v: ValueId) -> Result<Value> {
        let vals = self.val(v)?;
        let p = self.slots(vals.len());
        self.store_elem(p, &vals);
        Ok(p)
    }

    /// Store `v` (of the element type) at `p`, the list taking its references.
    fn put(&mut self, p: Value, v: ValueId) -> Result<()> {
        let vals = self.val(v)?;
        self.take_value(v, &vals)?;
        self.store_elem(p, &vals);
        Ok(())
    }

    /// Grow the list `m` by one element and give its slots: inline while there is capacity
    /// (length + 1, `dirty` set), else the runtime's `push` (which reallocates).
    fn push_slot(&mut self, m: Value, e: &Type) -> Result<Value> {
        let (w, _) = layout(e);
        let l = self.list_obj(m);
        let len = self.b.ins().load(types::I64, self.mf, l, 0);
        let cap = self.b.ins().load(types::I64, self.mf, l, 16);
        let room = self.b.ins().icmp(IntCC::SignedLessThan, len, cap);
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let join = self.b.create_block();
        self.b.append_block_param(join, types::I64);
        self.b.set_cold_block(slow);
        self.b.ins().brif(room, fast, &[], slow, &[]);
        // Each has its only predecessor now.
        self.b.seal_block(fast);
        self.b.seal_block(slow);
        self.b.switch_to_block(fast);
        let items = self.b.ins().load(types::I64, self.mf, l, 8);
        let off = self.b.ins().imul_imm_s(len, w * 8);
        let p = self.b.ins().iadd(items, off);
        let len1 = self.b.ins().iadd_imm_s(len, 1);
        self.b.ins().store(self.mf, len1, l, 0);
        let one = self.b.ins().iconst(types::I64, 1);
        self.b.ins().store(self.mf, one, l, rl::DIRTY_OFFSET);
        self.b.ins().jump(join, &[p.into()]);
        self.b.switch_to_block(slow);
        let q = self.call_rt(&rt::LIST_PUSH, &[m])?[0];
        self.b.ins().jump(join, &[q.into()]);
        self.b.seal_block(join);
        self.b.switch_to_block(join);
        Ok(self.b.block_params(join)[0])
    }

    /// `[a, b, ...]`: a new list holding the items.
    pub(super) fn list_display(&mut self, r: ValueId, items: &[ValueId]) -> Result<()> {
        let e = elem_of(self.ty(r))?.clone();
        let (w, schema) = layout(&e);
        let n = self.b.ins().iconst(types::I64, items.len() as i64);
        let m = self.new_list(w, schema, n)?;
        let base = self.list_items(m);
        for (i, it) in items.iter().enumerate() {
            let p = self.b.ins().iadd_imm_s(base, i as i64 * w * 8);
            self.put(p, *it)?;
        }
        self.set_owned(r, vec![m]);
        Ok(())
    }

    /// The address of element `i` of the list `m`, after wrapping a negative index and checking
    /// it (`IndexError` with `msg`).
    fn elem_addr(&mut self, m: Value, i: Value, w: i64, msg: &str) -> Result<Value> {
        let n = self.list_len(m);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let wrapped = self.b.ins().iadd(i, n);
        let i = self.b.ins().select(neg, wrapped, i);
        let bad = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, n);
        self.raise_if(bad, RtError::IndexError, msg)?;
        let l = self.list_obj(m);
        let items = self.b.ins().load(types::I64, self.mf, l, 8);
        let off = self.b.ins().imul_imm_s(i, w * 8);
        Ok(self.b.ins().iadd(items, off))
    }

    /// `lst[i]` (borrowed) or `lst[a:b:c]` (a new list).
    pub(super) fn list_getitem(&mut self, r: ValueId, list: ValueId, index: ValueId) -> Result<()> {
        let m = self.list_ptr(list)?;
        if *self.ty(index) == Type::Slice {
            let args = self.slice_args(m, index)?;
            let out = self.call_rt(&rt::LIST_SLICE, &args)?[0];
            let null = self.b.ins().icmp_imm_s(IntCC::Equal, out, 0);
            self.fail_if(null, |_| Ok(()))?;
            self.set_owned(r, vec![out]);
            return Ok(());
        }
        let e = elem_of(self.ty(list))?.clone();
        let (w, _) = layout(&e);
        let i = self.int_value(index)?;
        let p = self.elem_addr(m, i, w, "list index out of range")?;
        let vals = self.load_elem(p, &e);
        self.set_plain(r, vals);
        Ok(())
    }

    /// `lst[i] = x`.
    pub(super) fn list_setitem(
        &mut self,
        list: ValueId,
        index: ValueId,
        item: ValueId,
    ) -> Result<()> {
        let m = self.list_ptr(list)?;
        if *self.ty(index) == Type::Slice {
            // `lst[a:b:c] = other`: the runtime copies `other` first (it may be `lst`).
            let src = self.list_ptr(item)?;
            let mut args = self.slice_args(m, index)?;
            args.insert(1, src);
            let status = self.call_rt(&rt::LIST_SET_SLICE, &args)?[0];
            return self.check_status(status);
        }
        let e = elem_of(self.ty(list))?.clone();
        let (w, _) = layout(&e);
        let i = self.int_value(index)?;
        let p = self.elem_addr(m, i, w, "list assignment index out of range")?;
        if e.holds_references() {
            let old = self.load_elem(p, &e);
            let vals = self.val(item)?;
            self.take_value(item, &vals)?;
            self.decref_all(&e, &old)?;
            self.store_elem(p, &vals);
        } else {
            self.put(p, item)?;
        }
        let l = self.list_obj(m);
        let one = self.b.ins().iconst(types::I64, 1);
        self.b.ins().store(self.mf, one, l, rl::DIRTY_OFFSET);
        Ok(())
    }

    /// `a + b`, `a * n`, `n * a`, `a += b` on lists.
    pub(super) fn list_binary(
        &mut self,
        r: ValueId,
        op: BinOp,
        a: ValueId,
        b: ValueId,
        in_place: bool,
    ) -> Result<()> {
        let (la, lb) = (
            matches!(self.ty(a), Type::List(_)),
            matches!(self.ty(b), Type::List(_)),
        );
        match op {
            BinOp::Add if in_place => {
                let (x, y) = (self.list_ptr(a)?, self.list_ptr(b)?);
                self.call_rt(&rt::LIST_EXTEND, &[x, y])?;
                self.set_plain(r, vec![x]);
            }
            BinOp::Add => {
                let (x, y) = (self.list_ptr(a)?, self.list_ptr(b)?);
                let out = self.call_rt(&rt::LIST_CONCAT, &[x, y])?[0];
                self.set_owned(r, vec![out]);
            }
            BinOp::Mul if la || lb => {
                let (l, n) = if la { (a, b) } else { (b, a) };
                let x = self.list_ptr(l)?;
                let n = self.int_value(n)?;
                let out = self.call_rt(&rt::LIST_REPEAT, &[x, n])?[0];
                // Null: `MemoryError` pending (a size beyond memory).
                let null = self.b.ins().icmp_imm_s(IntCC::Equal, out, 0);
                self.fail_if(null, |_| Ok(()))?;
                self.set_owned(r, vec![out]);
            }
            _ => return Err(CompileError::internal("codegen", "list operator")),
        }
        Ok(())
    }

    /// `a == b` / `a != b` on lists.
    pub(super) fn list_equal(&mut self, a: ValueId, b: ValueId, negated: bool) -> Result<Value> {
        let (x, y) = (self.list_ptr(a)?, self.list_ptr(b)?);
        let eq = self.call_rt(&rt::LIST_EQ, &[x, y])?[0];
        Ok(if negated {
            self.b.ins().bxor_imm_s(eq, 1)
        } else {
            eq
        })
    }

    /// `x in lst` / `x not in lst`.
    pub(super) fn list_contains(
        &mut self,
        item: ValueId,
        list: ValueId,
        negated: bool,
    ) -> Result<Value> {
        let m = self.list_ptr(list)?;
        let p = self.spill(item)?;
        let zero = self.b.ins().iconst(types::I64, 0);
        let all = self.b.ins().iconst(types::I64, i64::MAX);
        let i = self.call_rt(&rt::LIST_FIND, &[m, p, zero, all])?[0];
        let cc = if negated {
            IntCC::SignedLessThan
        } else {
            IntCC::SignedGreaterThanOrEqual
        };
        Ok(self.b.ins().icmp_imm_s(cc, i, 0))
    }

    /// `lst.<method>(...)`.
    pub(super) fn list_method(
        &mut self,
        r: ValueId,
        f: I,
        recv: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        let m = self.list_ptr(recv)?;
        let e = match self.ty(recv) {
            Type::List(e) => (**e).clone(),
            _ => {
                return Err(CompileError::internal(
                    "codegen",
                    "list method on a non-list",
                ))
            }
        };
        let int_or = |t: &mut Self, k: usize, d: i64| -> Result<Value> {
            match args.get(k) {
                Some(v) => t.int_value(*v),
                None => Ok(t.b.ins().iconst(types::I64, d)),
            }
        };
        let mut out = Vec::new();
        match f {
            I::ListAppend => {
                let p = self.push_slot(m, &e)?;
                self.put(p, args[0])?;
            }
            I::ListInsert => {
                let i = self.int_value(args[0])?;
                let p = self.call_rt(&rt::LIST_INSERT, &[m, i])?[0];
                self.put(p, args[1])?;
            }
            I::ListExtend => {
                let y = self.list_ptr(args[0])?;
                self.call_rt(&rt::LIST_EXTEND, &[m, y])?;
            }
            I::ListPop => {
                let i = int_or(self, 0, -1)?;
                let buf = self.slots(components(&e).len());
                let status = self.call_rt(&rt::LIST_POP, &[m, i, buf])?[0];
                self.check_status(status)?;
                let vals = self.load_elem(buf, &e);
                self.set_owned(r, vals);
                return Ok(());
            }
            I::ListRemove => {
                let p = self.spill(args[0])?;
                let zero = self.b.ins().iconst(types::I64, 0);
                let all = self.b.ins().iconst(types::I64, i64::MAX);
                let i = self.call_rt(&rt::LIST_FIND, &[m, p, zero, all])?[0];
                let missing = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                self.raise_if(
                    missing,
                    RtError::ValueError,
                    "list.remove(x): x not in list",
                )?;
                self.call_rt(&rt::LIST_DELETE, &[m, i])?;
            }
            I::ListIndex => {
                let p = self.spill(args[0])?;
                let start = int_or(self, 1, 0)?;
                let stop = int_or(self, 2, i64::MAX)?;
                let i = self.call_rt(&rt::LIST_INDEX, &[m, p, start, stop])?[0];
                let missing = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                self.fail_if(missing, |_| Ok(()))?;
                out.push(i);
            }
            I::ListCount => {
                let p = self.spill(args[0])?;
                out.push(self.call_rt(&rt::LIST_COUNT, &[m, p])?[0]);
            }
            I::ListSort => {
                let rev = self.reverse_flag(kwargs)?;
                self.sort_in_place(r, m, &e, rev, kwargs)?;
            }
            I::ListDelItem if *self.ty(args[0]) == Type::Slice => {
                let a = self.slice_args(m, args[0])?;
                let status = self.call_rt(&rt::LIST_DEL_SLICE, &a)?[0];
                self.check_status(status)?;
            }
            I::ListDelItem => {
                let (w, _) = layout(&e);
                let i = self.int_value(args[0])?;
                // Checked (and wrapped) as an item assignment is.
                self.elem_addr(m, i, w, "list assignment index out of range")?;
                let n = self.list_len(m);
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                let wrapped = self.b.ins().iadd(i, n);
                let i = self.b.ins().select(neg, wrapped, i);
                self.call_rt(&rt::LIST_DELETE, &[m, i])?;
            }
            I::ListReverse => {
                self.call_rt(&rt::LIST_REVERSE, &[m])?;
            }
            I::ListClear => {
                self.call_rt(&rt::LIST_CLEAR, &[m])?;
            }
            I::ListCopy => {
                let c = self.call_rt(&rt::LIST_COPY, &[m])?[0];
                self.set_owned(r, vec![c]);
                return Ok(());
            }
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("`{}` is not a list method", other.name()),
                ))
            }
        }
        self.set_plain(r, out);
        Ok(())
    }

    /// `list()`, `list(lst)`, `list(tuple)`, `list(array)` (a 1-D array's elements).
    pub(super) fn list_ctor(&mut self, r: ValueId, args: &[ValueId]) -> Result<()> {
        let e = elem_of(self.ty(r))?.clone();
        let (w, schema) = layout(&e);
        let Some(src) = args.first() else {
            let zero = self.b.ins().iconst(types::I64, 0);
            let m = self.new_list(w, schema, zero)?;
            self.set_owned(r, vec![m]);
            return Ok(());
        };
        match self.ty(*src).clone() {
            Type::List(_) => {
                let m = self.list_ptr(*src)?;
                let c = self.call_rt(&rt::LIST_COPY, &[m])?[0];
                self.set_owned(r, vec![c]);
            }
            Type::Tuple(items) => {
                let vals = self.val(*src)?;
                let n = self.b.ins().iconst(types::I64, items.len() as i64);
                let m = self.new_list(w, schema, n)?;
                let base = self.list_items(m);
                if e.holds_references() {
                    self.incref_all(self.ty(*src), &vals)?;
                }
                self.store_elem(base, &vals);
                self.set_owned(r, vec![m]);
            }
            Type::Array { dtype, .. } => {
                let (p, _, _) = self.array_parts(*src)?;
                let m = self.list_of_items(p.data, p.shape[0], p.strides[0], dtype, &e)?;
                self.set_owned(r, vec![m]);
            }
            t => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("`list` of `{t}`"),
                ))
            }
        }
        Ok(())
    }

    /// `sorted(lst, reverse=...)`: a sorted copy.
    pub(super) fn list_sorted(
        &mut self,
        r: ValueId,
        list: ValueId,
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        let rev = self.reverse_flag(kwargs)?;
        let e = elem_of(self.ty(r))?.clone();
        // A new list (a copy, or `list(x)` of an array or tuple), owned from here: an error in
        // a key function releases it.
        self.list_ctor(r, &[list])?;
        let c = self.val(r)?[0];
        self.sort_in_place(r, c, &e, rev, kwargs)?;
        Ok(())
    }

    /// The `key=` list of keys the lowering computed before the call (`key=lambda ...`).
    pub(super) fn key_list(&self, kwargs: &[(String, ValueId)]) -> Option<ValueId> {
        kwargs
            .iter()
            .find(|(k, v)| k == "key" && matches!(self.ty(*v), Type::List(_)))
            .map(|(_, v)| *v)
    }

    /// `min(lst, key=...)` / `max(lst, key=...)` with the keys computed: the element at the
    /// runtime's index of the first least (greatest) key, borrowed; `ValueError` when empty.
    pub(super) fn list_extreme_by_key(
        &mut self,
        r: ValueId,
        f: I,
        list: ValueId,
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        let keys = self
            .key_list(kwargs)
            .ok_or_else(|| CompileError::internal("codegen", "min/max without its keys"))?;
        let k = self.list_ptr(keys)?;
        let m = self.list_ptr(list)?;
        let op = self.b.ins().iconst(types::I64, (f == I::BuiltinMax) as i64);
        let i = self.call_rt(&rt::LIST_EXTREME_INDEX, &[k, op])?[0];
        let empty = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        self.fail_if(empty, |_| Ok(()))?;
        let e = elem_of(self.ty(list))?.clone();
        let (w, _) = layout(&e);
        let p = self.elem_addr(m, i, w, "list index out of range")?;
        let vals = self.load_elem(p, &e);
        self.set_plain(r, vals);
        Ok(())
    }

    /// The `reverse=` flag of a sort (false when absent).
    fn reverse_flag(&mut self, kwargs: &[(String, ValueId)]) -> Result<Value> {
        match kwargs.iter().find(|(k, _)| k == "reverse") {
            Some((_, v)) => self.truth(*v),
            None => Ok(self.b.ins().iconst(types::I8, 0)),
        }
    }

    /// Sort the list `m` (elements of type `e`) in place; with the key function infer recorded
    /// for the call `r`, the keys are computed first (a call per element, in order, into a
    /// temporary list) and the runtime sorts by them.
    fn sort_in_place(
        &mut self,
        r: ValueId,
        m: Value,
        e: &Type,
        rev: Value,
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        if let Some(keys) = self.key_list(kwargs) {
            // Keys computed before the call (`key=lambda ...`), one per element, in order.
            let k = self.list_ptr(keys)?;
            self.call_rt(&rt::LIST_SORT_BY_KEYS, &[m, k, rev])?;
            return Ok(());
        }
        let Some((inst, kt)) = self.tf.sort_keys.get(&r).cloned() else {
            self.call_rt(&rt::LIST_SORT, &[m, rev])?;
            return Ok(());
        };
        let (w, _) = layout(e);
        let (kw, ks) = layout(&kt);
        let n = self.list_len(m);
        let keys = self.new_list(kw, ks, n)?;
        self.release_later(&[keys]);
        self.counted_loop(n, |s, k| {
            let l = s.list_obj(m);
            let items = s.b.ins().load(types::I64, s.mf, l, 8);
            let off = s.b.ins().imul_imm_s(k, w * 8);
            let p = s.b.ins().iadd(items, off);
            let x = s.load_elem(p, e);
            let key = s.call_jitted(inst, x, &kt)?;
            let kl = s.list_obj(keys);
            let kitems = s.b.ins().load(types::I64, s.mf, kl, 8);
            let koff = s.b.ins().imul_imm_s(k, kw * 8);
            let q = s.b.ins().iadd(kitems, koff);
            s.store_elem(q, &key);
            Ok(())
        })?;
        self.call_rt(&rt::LIST_SORT_BY_KEYS, &[m, keys, rev])?;
        Ok(())
    }

    /// `sum(lst)`, `min(lst)`, `max(lst)`, `any(lst)`, `all(lst)` (runtime `oxjit_rt_list_reduce`).
    pub(super) fn list_reduce(&mut self, r: ValueId, f: I, list: ValueId) -> Result<()> {
        let m = self.list_ptr(list)?;
        let op = match f {
            I::BuiltinSum => 0,
            I::BuiltinMin => 1,
            I::BuiltinMax => 2,
            I::BuiltinAny => 3,
            _ => 4,
        };
        let opv = self.b.ins().iconst(types::I64, op);
        let buf = self.slots(1);
        let status = self.call_rt(&rt::LIST_REDUCE, &[m, opv, buf])?[0];
        self.check_status(status)?;
        let t = self.ty(r).clone();
        let vals = self.load_elem(buf, &t);
        self.set_plain(r, vals);
        Ok(())
    }

    /// `numpy.array(lst)`: a new 1-D array of the result's dtype.
    pub(super) fn list_to_array(&mut self, r: ValueId, list: ValueId) -> Result<()> {
        let Type::Array { dtype, ndim, .. } = self.ty(r).clone() else {
            return Err(CompileError::internal("codegen", "array of a list"));
        };
        let m = self.list_ptr(list)?;
        let size = self.b.ins().iconst(types::I64, dtype.itemsize());
        let fl = self.b.ins().iconst(types::I8, dtype.is_float() as i64);
        if matches!(elem_of(self.ty(list))?, Type::List(_)) {
            // Rows of lists: shape (n, k), k checked equal by the runtime.
            let slot = self.slots(1);
            let a = self.call_rt(&rt::ROWS_TO_ARRAY, &[m, size, fl, slot])?[0];
            self.check_null(a)?;
            let data = self.b.ins().load(types::I64, self.mf, a, 8);
            let n = self.list_len(m);
            let k = self.b.ins().load(types::I64, self.mf, slot, 0);
            let row = self.b.ins().imul_imm_s(k, dtype.itemsize());
            self.set_owned(r, vec![a, data, n, k, row, size]);
            return Ok(());
        }
        let a = self.call_rt(&rt::LIST_TO_ARRAY, &[m, size, fl])?[0];
        let data = self.b.ins().load(types::I64, self.mf, a, 8);
        let n = self.list_len(m);
        if ndim == 2 {
            // Rows of tuples: shape (n, width), C order.
            let (w, _) = layout(elem_of(self.ty(list))?);
            let wv = self.b.ins().iconst(types::I64, w);
            let row = self.b.ins().iconst(types::I64, w * dtype.itemsize());
            self.set_owned(r, vec![a, data, n, wv, row, size]);
        } else {
            self.set_owned(r, vec![a, data, n, size]);
        }
        Ok(())
    }

    /// A new list of `n` (zeroed) items of `w` slots described by `schema`.
    pub(super) fn new_list(&mut self, w: i64, schema: u64, n: Value) -> Result<Value> {
        let wv = self.b.ins().iconst(types::I64, w);
        let sv = self.b.ins().iconst(types::I64, schema as i64);
        Ok(self.call_rt(&rt::LIST_NEW, &[wv, sv, n])?[0])
    }

    /// The address of a list's first item.
    pub(super) fn list_items(&mut self, m: Value) -> Value {
        let l = self.list_obj(m);
        self.b.ins().load(types::I64, self.mf, l, 8)
    }

    /// `for k in 0..n: body(k)`, a plain counted loop (no chunks, no polling: used for loops
    /// over a list's items that run at most once per element).
    pub(super) fn counted_loop(
        &mut self,
        n: Value,
        mut body: impl FnMut(&mut Self, Value) -> Result<()>,
    ) -> Result<()> {
        let head = self.b.create_block();
        let body_b = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(head, types::I64);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.ins().jump(head, &[zero.into()]);
        self.b.switch_to_block(head);
        let k = self.b.block_params(head)[0];
        let more = self.b.ins().icmp(IntCC::SignedLessThan, k, n);
        self.b.ins().brif(more, body_b, &[], done, &[]);
        self.b.switch_to_block(body_b);
        self.b.seal_block(body_b);
        body(self, k)?;
        let k1 = self.b.ins().iadd_imm_s(k, 1);
        self.b.ins().jump(head, &[k1.into()]);
        self.b.seal_block(head);
        self.b.switch_to_block(done);
        self.b.seal_block(done);
        Ok(())
    }
}
