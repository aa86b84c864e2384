//! Dicts and sets in compiled code: runtime hash tables (`oxjit_runtime::table`) made, read and
//! changed.
//!
//! A dict or set value is one machine word, its `MemInfo` pointer; `len` is an inline load (at
//! offset 0 of the table, as a list's). Lookups pass the key in a stack buffer of 8-byte slots
//! (converted to the key type first: `d[1]` finds the key `1.0`) and get a pointer to the
//! entry's value slots, or null. Storing a value hands the table one reference to each object
//! in it and releases the value it replaces; reading one gives a borrowed value (as reading a
//! list item does); `pop`/`popitem` give owned ones.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::heap::{list_layout, table_layout};
use crate::infer::dicts::loop_read;
use crate::intrinsics::Intrinsic as I;
use crate::ir::{BinOp, CmpOp, ValueId};
use crate::types::{components, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value};
use oxjit_runtime::decls as rt;
use oxjit_runtime::table_ops as ops;

/// The key and value types of a dict or set type (`None` as the value of a set).
fn parts(t: &Type) -> Result<(Type, Option<Type>)> {
    match t {
        Type::Dict(k, v) => Ok(((**k).clone(), Some((**v).clone()))),
        Type::Set(k) => Ok(((**k).clone(), None)),
        t => Err(CompileError::internal(
            "codegen",
            format!("`{t}` is not a dict or set"),
        )),
    }
}

fn value_of(t: &Type) -> Result<Type> {
    parts(t)?
        .1
        .ok_or_else(|| CompileError::internal("codegen", "a set has no values"))
}

impl FunctionTranslator<'_, '_, '_> {
    pub fn is_table(&self, v: ValueId) -> bool {
        matches!(self.ty(v), Type::Dict(..) | Type::Set(_))
    }

    fn table_ptr(&mut self, v: ValueId) -> Result<Value> {
        Ok(self.val(v)?[0])
    }

    /// The number of entries of the dict or set `m`.
    pub(super) fn table_len(&mut self, m: Value) -> Value {
        // `len` sits at offset 0 of the table, as it does in a list.
        self.list_len(m)
    }

    /// A new empty table of type `t`.
    fn table_new(&mut self, t: &Type) -> Result<Value> {
        let (kw, ks, vw, vs, kt) = table_layout(t);
        let args: Vec<Value> = [kw, ks as i64, vw, vs as i64, kt]
            .iter()
            .map(|x| self.b.ins().iconst(types::I64, *x))
            .collect();
        Ok(self.call_rt(&rt::TABLE_NEW, &args)?[0])
    }

    /// `v` converted to `to` (equal numbers: bool → int → float), flattened.
    fn converted(&mut self, v: ValueId, to: &Type) -> Result<Vec<Value>> {
        let t = self.ty(v).clone();
        let vals = self.val(v)?;
        if t == *to {
            return Ok(vals);
        }
        Ok(vec![self.convert(vals[0], &t, to)?])
    }

    /// `v` as a key of type `k` in a stack buffer.
    fn spill_key(&mut self, v: ValueId, k: &Type) -> Result<Value> {
        let vals = self.converted(v, k)?;
        let p = self.slots(components(k).len());
        self.store_elem(p, &vals);
        Ok(p)
    }

    /// The key of a subscript (one value, or the components of `d[a, b]`) in a stack buffer.
    fn spill_index(&mut self, index: &[ValueId], k: &Type) -> Result<Value> {
        if let [i] = index {
            return self.spill_key(*i, k);
        }
        let mut vals = Vec::new();
        for i in index {
            vals.extend(self.val(*i)?);
        }
        let p = self.slots(vals.len());
        self.store_elem(p, &vals);
        Ok(p)
    }

    /// Store `item` (of the value type `v`) in the value slots at `p`, releasing the old value.
    fn store_value(&mut self, p: Value, item: ValueId, v: &Type) -> Result<()> {
        let vals = self.converted(item, v)?;
        self.take_value(item, &vals)?;
        if v.holds_references() {
            let old = self.load_elem(p, v);
            self.decref_all(v, &old)?;
        }
        self.store_elem(p, &vals);
        Ok(())
    }

    /// The value slots of the key at `kp`, or `KeyError(key)`.
    fn find_or_raise(&mut self, m: Value, kp: Value) -> Result<Value> {
        let p = self.call_rt(&rt::TABLE_FIND, &[m, kp])?[0];
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, p, 0);
        self.fail_if(null, |s| {
            s.call_rt(&rt::TABLE_KEY_ERROR, &[m, kp])?;
            Ok(())
        })?;
        Ok(p)
    }

    /// `{k: v, ...}` / `{a, b, ...}` (keys and values interleaved for a dict).
    pub(super) fn table_display(&mut self, r: ValueId, items: &[ValueId]) -> Result<()> {
        let t = self.ty(r).clone();
        let (k, v) = parts(&t)?;
        let m = self.table_new(&t)?;
        let step = if v.is_some() { 2 } else { 1 };
        for chunk in items.chunks(step) {
            let kp = self.spill_key(chunk[0], &k)?;
            let p = self.call_rt(&rt::TABLE_PUT, &[m, kp])?[0];
            if let Some(v) = &v {
                self.store_value(p, chunk[1], v)?;
            }
        }
        self.set_owned(r, vec![m]);
        Ok(())
    }

    /// `d[k]` (borrowed), or the `for` loop's read of entry `i` (its key).
    pub(super) fn table_getitem(
        &mut self,
        r: ValueId,
        value: ValueId,
        index: &[ValueId],
    ) -> Result<()> {
        let t = self.ty(value).clone();
        let (k, _) = parts(&t)?;
        let m = self.table_ptr(value)?;
        if loop_read(&self.tf.ir, self.tf.def(value)) {
            let i = self.int_value(index[0])?;
            let p = self.call_rt(&rt::TABLE_ENTRY, &[m, i])?[0];
            let null = self.b.ins().icmp_imm_s(IntCC::Equal, p, 0);
            self.fail_if(null, |_| Ok(()))?;
            let vals = self.load_elem(p, &k);
            self.set_plain(r, vals);
            return Ok(());
        }
        let v = value_of(&t)?;
        let kp = self.spill_index(index, &k)?;
        let p = self.find_or_raise(m, kp)?;
        let vals = self.load_elem(p, &v);
        self.set_plain(r, vals);
        Ok(())
    }

    /// `d[k] = v`.
    pub(super) fn table_setitem(
        &mut self,
        value: ValueId,
        index: &[ValueId],
        item: ValueId,
    ) -> Result<()> {
        let t = self.ty(value).clone();
        let (k, v) = (parts(&t)?.0, value_of(&t)?);
        let m = self.table_ptr(value)?;
        let kp = self.spill_index(index, &k)?;
        let p = self.call_rt(&rt::TABLE_PUT, &[m, kp])?[0];
        self.store_value(p, item, &v)
    }

    /// `x in t` / `x not in t`.
    pub(super) fn table_contains(
        &mut self,
        item: ValueId,
        seq: ValueId,
        negated: bool,
    ) -> Result<Value> {
        let (k, _) = parts(self.ty(seq))?;
        let m = self.table_ptr(seq)?;
        if k == Type::Int {
            let key = self.converted(item, &k)?[0];
            let has = self.call_rt(&rt::TABLE_HAS_INT, &[m, key])?[0];
            let cc = if negated {
                IntCC::Equal
            } else {
                IntCC::NotEqual
            };
            return Ok(self.b.ins().icmp_imm_s(cc, has, 0));
        }
        let kp = self.spill_key(item, &k)?;
        let p = self.call_rt(&rt::TABLE_FIND, &[m, kp])?[0];
        let cc = if negated {
            IntCC::Equal
        } else {
            IntCC::NotEqual
        };
        Ok(self.b.ins().icmp_imm_s(cc, p, 0))
    }

    /// `==`, `!=` (dicts, sets) and the subset comparisons of sets.
    pub(super) fn table_compare(&mut self, op: CmpOp, a: ValueId, b: ValueId) -> Result<Value> {
        let (x, y) = (self.table_ptr(a)?, self.table_ptr(b)?);
        let cmp = |s: &mut Self, code: i64| -> Result<Value> {
            let c = s.b.ins().iconst(types::I64, code);
            Ok(s.call_rt(&rt::SET_COMPARE, &[x, y, c])?[0])
        };
        Ok(match op {
            CmpOp::Eq | CmpOp::Ne => {
                let eq = self.call_rt(&rt::TABLE_EQ, &[x, y])?[0];
                if op == CmpOp::Ne {
                    self.b.ins().bxor_imm_s(eq, 1)
                } else {
                    eq
                }
            }
            CmpOp::Le => cmp(self, ops::SUBSET)?,
            CmpOp::Ge => cmp(self, ops::SUPERSET)?,
            CmpOp::Lt | CmpOp::Gt => {
                let (code, cc) = if op == CmpOp::Lt {
                    (ops::SUBSET, IntCC::SignedLessThan)
                } else {
                    (ops::SUPERSET, IntCC::SignedGreaterThan)
                };
                let sub = cmp(self, code)?;
                let (na, nb) = (self.table_len(x), self.table_len(y));
                let strict = self.b.ins().icmp(cc, na, nb);
                self.b.ins().band(sub, strict)
            }
        })
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` on sets (in place for `|=` ...).
    pub(super) fn set_binary(
        &mut self,
        r: ValueId,
        op: BinOp,
        a: ValueId,
        b: ValueId,
        in_place: bool,
    ) -> Result<()> {
        let code = match op {
            BinOp::BitOr => ops::UNION,
            BinOp::BitAnd => ops::INTERSECTION,
            BinOp::Sub => ops::DIFFERENCE,
            _ => ops::SYMMETRIC_DIFFERENCE,
        };
        self.set_op(r, code, a, b, in_place)
    }

    fn set_op(
        &mut self,
        r: ValueId,
        code: i64,
        a: ValueId,
        b: ValueId,
        in_place: bool,
    ) -> Result<()> {
        let (x, y) = (self.table_ptr(a)?, self.table_ptr(b)?);
        let c = self.b.ins().iconst(types::I64, code);
        if in_place {
            self.call_rt(&rt::SET_INPLACE, &[x, y, c])?;
            self.set_plain(r, vec![x]);
        } else {
            let out = self.call_rt(&rt::SET_BINOP, &[x, y, c])?[0];
            self.set_owned(r, vec![out]);
        }
        Ok(())
    }

    /// `dict()`, `dict(d)`, `set()`, `set(s)`, `set(lst)`.
    pub(super) fn table_ctor(&mut self, r: ValueId, args: &[ValueId]) -> Result<()> {
        let t = self.ty(r).clone();
        let m = match args.first() {
            None => self.table_new(&t)?,
            Some(a) if self.is_table(*a) => {
                let src = self.table_ptr(*a)?;
                self.call_rt(&rt::TABLE_COPY, &[src])?[0]
            }
            Some(a) if self.is_array(*a) => {
                // `set(a)` of a 1-D array: through a temporary list of its items.
                let (Type::Set(e), Type::Array { dtype, .. }) = (&t, self.ty(*a).clone()) else {
                    return Err(CompileError::internal("codegen", "`set` of an array"));
                };
                let (p, _, _) = self.array_parts(*a)?;
                let items = self.list_of_items(p.data, p.shape[0], p.strides[0], dtype, e)?;
                let m = self.set_from_list(&t, items)?;
                self.decref_all(&Type::List(e.clone()), &[items])?;
                m
            }
            Some(a) => {
                let l = self.val(*a)?[0];
                self.set_from_list(&t, l)?
            }
        };
        self.set_owned(r, vec![m]);
        Ok(())
    }

    /// A new set of type `t` holding the items of the list `l` (borrowed).
    fn set_from_list(&mut self, t: &Type, l: Value) -> Result<Value> {
        let (kw, ks, _, _, kt) = table_layout(t);
        let args: Vec<Value> = [kw, ks as i64, kt]
            .iter()
            .map(|x| self.b.ins().iconst(types::I64, *x))
            .collect();
        Ok(self.call_rt(&rt::SET_FROM_LIST, &[l, args[0], args[1], args[2]])?[0])
    }

    /// `d.<method>(...)` / `s.<method>(...)`.
    pub(super) fn table_method(
        &mut self,
        r: ValueId,
        f: I,
        recv: ValueId,
        args: &[ValueId],
    ) -> Result<()> {
        let t = self.ty(recv).clone();
        let (k, v) = parts(&t)?;
        let m = self.table_ptr(recv)?;
        let set_code = match f {
            I::SetUpdate | I::SetUnion => Some(ops::UNION),
            I::SetIntersectionUpdate | I::SetIntersection => Some(ops::INTERSECTION),
            I::SetDifferenceUpdate | I::SetDifference => Some(ops::DIFFERENCE),
            I::SetSymmetricDifferenceUpdate | I::SetSymmetricDifference => {
                Some(ops::SYMMETRIC_DIFFERENCE)
            }
            _ => None,
        };
        if let Some(code) = set_code {
            let in_place = f.effects() == crate::intrinsics::Effects::Mutates;
            return self.set_op(r, code, recv, args[0], in_place);
        }
        let mut out = Vec::new();
        match f {
            I::DictGet => {
                let v = value_of(&t)?;
                let kp = self.spill_key(args[0], &k)?;
                let dv = self.converted(args[1], &v)?;
                let dp = self.slots(dv.len());
                self.store_elem(dp, &dv);
                let p = self.call_rt(&rt::TABLE_FIND, &[m, kp])?[0];
                let null = self.b.ins().icmp_imm_s(IntCC::Equal, p, 0);
                let q = self.b.ins().select(null, dp, p);
                out = self.load_elem(q, &v);
            }
            I::DictSetdefault => out = self.setdefault(m, &k, &value_of(&t)?, args)?,
            I::DictPop => return self.dict_pop(r, m, &k, &value_of(&t)?, args),
            I::DictPopitem | I::SetPop => {
                let e = match &v {
                    Some(v) => Type::Tuple(vec![k.clone(), v.clone()]),
                    None => k.clone(),
                };
                let buf = self.slots(components(&e).len());
                let status = self.call_rt(&rt::TABLE_POPITEM, &[m, buf])?[0];
                self.check_status(status)?;
                let vals = self.load_elem(buf, &e);
                self.set_owned(r, vals);
                return Ok(());
            }
            I::DictUpdate => {
                let o = self.table_ptr(args[0])?;
                self.call_rt(&rt::TABLE_UPDATE, &[m, o])?;
            }
            I::DictKeys | I::DictValues | I::DictItems => {
                let Type::List(e) = self.ty(r).clone() else {
                    return Err(CompileError::internal("codegen", "keys() is a list"));
                };
                let (_, schema) = list_layout(&e);
                let which = match f {
                    I::DictKeys => 0,
                    I::DictValues => 1,
                    _ => 2,
                };
                let w = self.b.ins().iconst(types::I64, which);
                let s = self.b.ins().iconst(types::I64, schema as i64);
                let l = self.call_rt(&rt::TABLE_TO_LIST, &[m, w, s])?[0];
                self.set_owned(r, vec![l]);
                return Ok(());
            }
            I::DictDelItem | I::SetRemove | I::SetDiscard => {
                let kp = self.spill_key(args[0], &k)?;
                let vt = v.clone().unwrap_or(Type::Tuple(Vec::new()));
                let buf = self.slots(components(&vt).len());
                let found = self.call_rt(&rt::TABLE_REMOVE, &[m, kp, buf])?[0];
                if f != I::SetDiscard {
                    let missing = self.b.ins().icmp_imm_s(IntCC::Equal, found, 0);
                    self.fail_if(missing, |s| {
                        s.call_rt(&rt::TABLE_KEY_ERROR, &[m, kp])?;
                        Ok(())
                    })?;
                }
                if vt.holds_references() {
                    let old = self.load_elem(buf, &vt);
                    self.decref_all(&vt, &old)?;
                }
            }
            I::SetAdd => {
                let kp = self.spill_key(args[0], &k)?;
                self.call_rt(&rt::TABLE_PUT, &[m, kp])?;
            }
            I::SetIssubset | I::SetIssuperset | I::SetIsdisjoint => {
                let o = self.table_ptr(args[0])?;
                let code = match f {
                    I::SetIssubset => ops::SUBSET,
                    I::SetIssuperset => ops::SUPERSET,
                    _ => ops::DISJOINT,
                };
                let c = self.b.ins().iconst(types::I64, code);
                out.push(self.call_rt(&rt::SET_COMPARE, &[m, o, c])?[0]);
            }
            I::DictClear | I::SetClear => {
                self.call_rt(&rt::TABLE_CLEAR, &[m])?;
            }
            I::DictCopy | I::SetCopy => {
                let c = self.call_rt(&rt::TABLE_COPY, &[m])?[0];
                self.set_owned(r, vec![c]);
                return Ok(());
            }
            other => {
                return Err(CompileError::internal(
                    "codegen",
                    format!("`{}` is not a dict or set method", other.qualified()),
                ))
            }
        }
        self.set_plain(r, out);
        Ok(())
    }

    /// `d.setdefault(k, default)`: the value of `k`, stored first when missing (the table
    /// takes its own reference to the default, whichever way the branch goes).
    fn setdefault(&mut self, m: Value, k: &Type, v: &Type, args: &[ValueId]) -> Result<Vec<Value>> {
        let kp = self.spill_key(args[0], k)?;
        let dv = self.converted(args[1], v)?;
        let p = self.call_rt(&rt::TABLE_FIND, &[m, kp])?[0];
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, p, 0);
        let miss = self.b.create_block();
        let join = self.b.create_block();
        self.b.append_block_param(join, types::I64);
        self.b.ins().brif(null, miss, &[], join, &[p.into()]);
        self.b.seal_block(miss);
        self.b.switch_to_block(miss);
        let q = self.call_rt(&rt::TABLE_PUT, &[m, kp])?[0];
        self.incref_all(v, &dv)?;
        self.store_elem(q, &dv);
        self.b.ins().jump(join, &[q.into()]);
        self.b.seal_block(join);
        self.b.switch_to_block(join);
        let p = self.b.block_params(join)[0];
        Ok(self.load_elem(p, v))
    }

    /// `d.pop(k[, default])`: the value moved out (owned), `KeyError` without a default.
    fn dict_pop(
        &mut self,
        r: ValueId,
        m: Value,
        k: &Type,
        v: &Type,
        args: &[ValueId],
    ) -> Result<()> {
        let kp = self.spill_key(args[0], k)?;
        let buf = self.slots(components(v).len());
        if let Some(d) = args.get(1) {
            // Numbers only (typing refuses defaults holding objects): prefilled, kept when
            // the key is missing.
            let dv = self.converted(*d, v)?;
            self.store_elem(buf, &dv);
        }
        let found = self.call_rt(&rt::TABLE_REMOVE, &[m, kp, buf])?[0];
        if args.len() == 1 {
            let missing = self.b.ins().icmp_imm_s(IntCC::Equal, found, 0);
            self.fail_if(missing, |s| {
                s.call_rt(&rt::TABLE_KEY_ERROR, &[m, kp])?;
                Ok(())
            })?;
        }
        let vals = self.load_elem(buf, v);
        self.set_owned(r, vals);
        Ok(())
    }
}
