//! Strings in compiled code: runtime string objects (`oxjit_runtime::str`) made and read.
//!
//! A string value is one machine word, its `MemInfo` pointer; strings are immutable, so every
//! operation that makes text returns a new owned object (released at the end of its block unless
//! stored, returned or put in a container, like any heap object). The length is an inline load
//! (`meminfo.data` → the `Str`, `nchars` at offset 0); everything else calls the runtime.
//! Literals and frozen `str` globals make a new object where they are evaluated.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::Intrinsic as I;
use crate::ir::{BinOp, CmpOp, InstKind, UnaryOp, ValueId};
use crate::types::Type;
use cranelift_codegen::ir::{
    condcodes::IntCC, types, InstBuilder, StackSlotData, StackSlotKind, Value,
};
use oxjit_runtime::decls as rt;
use oxjit_runtime::str_methods::StrOp;

impl FunctionTranslator<'_, '_, '_> {
    fn is_str(&self, v: ValueId) -> bool {
        *self.ty(v) == Type::Str
    }

    fn str_ptr(&mut self, v: ValueId) -> Result<Value> {
        Ok(self.val(v)?[0])
    }

    /// The length in code points of the string `m` (inline).
    pub(super) fn str_len(&mut self, m: Value) -> Value {
        let s = self.b.ins().load(types::I64, self.mf, m, 8);
        self.b
            .ins()
            .load(types::I64, self.mf, s, oxjit_runtime::str::NCHARS_OFFSET)
    }

    /// A new string holding `text`.
    pub(super) fn str_literal(&mut self, text: &str) -> Result<Value> {
        let (p, l) = self.message_arg(text)?;
        Ok(self.call_rt(&rt::STR_NEW, &[p, l])?[0])
    }

    /// Unwind if a runtime call returned a null object (its error is pending).
    pub(super) fn check_null(&mut self, m: Value) -> Result<()> {
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, m, 0);
        self.fail_if(null, |_| Ok(()))
    }

    /// An owned string result, checked for a pending error.
    fn set_str(&mut self, r: ValueId, m: Value, may_fail: bool) -> Result<()> {
        if may_fail {
            self.check_null(m)?;
        }
        self.set_owned(r, vec![m]);
        Ok(())
    }

    /// Translate an instruction about strings; `false` when it is not one.
    pub(super) fn str_inst(&mut self, inst: &crate::ir::Inst) -> Result<bool> {
        let r = inst.result;
        match &inst.kind {
            InstKind::Str(t) => {
                let m = self.str_literal(t)?;
                self.set_str(r, m, false)?;
            }
            InstKind::Global(_) if self.tf.str_consts.contains_key(&r) => {
                let t = self.tf.str_consts[&r].clone();
                let m = self.str_literal(&t)?;
                self.set_str(r, m, false)?;
            }
            InstKind::Format(parts) => {
                self.format_message(parts)?;
                let m = self.call_rt(&rt::STR_FROM_MESSAGE, &[])?[0];
                self.set_str(r, m, false)?;
            }
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b)
                if self.is_str(*a) || self.is_str(*b) =>
            {
                if *op == BinOp::Add {
                    let (x, y) = (self.str_ptr(*a)?, self.str_ptr(*b)?);
                    let m = self.call_rt(&rt::STR_CONCAT, &[x, y])?[0];
                    self.set_str(r, m, false)?;
                } else {
                    let (s, n) = if self.is_str(*a) { (*a, *b) } else { (*b, *a) };
                    let x = self.str_ptr(s)?;
                    let k = self.int_value(n)?;
                    let m = self.call_rt(&rt::STR_REPEAT, &[x, k])?[0];
                    self.set_str(r, m, true)?;
                }
            }
            InstKind::Compare(op, a, b) if self.is_str(*a) || self.is_str(*b) => {
                let v = match self.tf.consts.get(&r) {
                    Some(crate::ir::Const::Bool(c)) => self.b.ins().iconst(types::I8, *c as i64),
                    _ => {
                        let (x, y) = (self.str_ptr(*a)?, self.str_ptr(*b)?);
                        let c = self.call_rt(&rt::STR_CMP, &[x, y])?[0];
                        let cc = match op {
                            CmpOp::Eq => IntCC::Equal,
                            CmpOp::Ne => IntCC::NotEqual,
                            CmpOp::Lt => IntCC::SignedLessThan,
                            CmpOp::Le => IntCC::SignedLessThanOrEqual,
                            CmpOp::Gt => IntCC::SignedGreaterThan,
                            CmpOp::Ge => IntCC::SignedGreaterThanOrEqual,
                        };
                        self.b.ins().icmp_imm_s(cc, c, 0)
                    }
                };
                self.set_plain(r, vec![v]);
            }
            InstKind::Truth(v) | InstKind::Unary(UnaryOp::Not, v) if self.is_str(*v) => {
                let m = self.str_ptr(*v)?;
                let n = self.str_len(m);
                let cc = if matches!(inst.kind, InstKind::Truth(_)) {
                    IntCC::NotEqual
                } else {
                    IntCC::Equal
                };
                let t = self.b.ins().icmp_imm_s(cc, n, 0);
                self.set_plain(r, vec![t]);
            }
            InstKind::Len(v) if self.is_str(*v) => {
                let m = self.str_ptr(*v)?;
                let n = self.str_len(m);
                self.set_plain(r, vec![n]);
            }
            InstKind::GetItem { value, index, .. } if *self.ty(*value) == Type::ExceptionArgs => {
                let m = self.val(*value)?[0];
                let i = self.int_value(index[0])?;
                let out = self.call_rt(&rt::EXCEPTION_ARG, &[m, i])?[0];
                self.set_str(r, out, true)?;
            }
            InstKind::GetItem { value, index, .. } if self.is_str(*value) => {
                self.str_getitem(r, *value, index[0])?;
            }
            InstKind::Contains { item, seq, negated } if self.is_str(*seq) => {
                let (s, x) = (self.str_ptr(*seq)?, self.str_ptr(*item)?);
                let c = self.call_rt(&rt::STR_CONTAINS, &[s, x])?[0];
                let c = if *negated {
                    self.b.ins().bxor_imm_s(c, 1)
                } else {
                    c
                };
                self.set_plain(r, vec![c]);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `s[i]` or `s[a:b:c]`.
    fn str_getitem(&mut self, r: ValueId, s: ValueId, index: ValueId) -> Result<()> {
        let m = self.str_ptr(s)?;
        if *self.ty(index) == Type::Slice {
            let args = self.slice_args(m, index)?;
            let out = self.call_rt(&rt::STR_SLICE, &args)?[0];
            return self.set_str(r, out, true);
        }
        let i = self.int_value(index)?;
        let out = self.call_rt(&rt::STR_GETITEM, &[m, i])?[0];
        self.set_str(r, out, true)
    }

    /// Whether a builtin call is about strings (typed by `infer::strings`).
    pub(super) fn is_str_builtin(&self, f: I, args: &[ValueId]) -> bool {
        matches!(
            f,
            I::BuiltinStr | I::BuiltinRepr | I::BuiltinOrd | I::BuiltinChr
        ) || (matches!(
            f,
            I::BuiltinInt | I::BuiltinFloat | I::BuiltinLen | I::BuiltinBool
        ) && args.first().is_some_and(|a| self.is_str(*a)))
    }

    /// `str(x)`, `repr(x)`, `int(s)`, `float(s)`, `len(s)`, `bool(s)`, `ord(s)`, `chr(i)`.
    pub(super) fn str_builtin(&mut self, r: ValueId, f: I, args: &[ValueId]) -> Result<()> {
        let Some(&a) = args.first() else {
            let m = self.str_literal("")?;
            return self.set_str(r, m, false);
        };
        let t = self.ty(a).clone();
        match f {
            I::BuiltinStr | I::BuiltinRepr => {
                let m = match t {
                    Type::Str if f == I::BuiltinStr => {
                        let m = self.str_ptr(a)?;
                        self.call_rt(&rt::INCREF, &[m])?;
                        m
                    }
                    Type::Str => {
                        let m = self.str_ptr(a)?;
                        self.call_rt(&rt::STR_REPR, &[m])?[0]
                    }
                    Type::Exception if f == I::BuiltinStr => {
                        let m = self.val(a)?[0];
                        self.call_rt(&rt::EXCEPTION_STR, &[m])?[0]
                    }
                    Type::Exception => {
                        let m = self.val(a)?[0];
                        self.call_rt(&rt::EXCEPTION_REPR, &[m])?[0]
                    }
                    Type::ExceptionArgs => {
                        let m = self.val(a)?[0];
                        self.call_rt(&rt::EXCEPTION_ARGS_REPR, &[m])?[0]
                    }
                    Type::Bool => {
                        let x = self.scalar(a)?;
                        self.call_rt(&rt::STR_FROM_BOOL, &[x])?[0]
                    }
                    Type::Float => {
                        let x = self.scalar(a)?;
                        self.call_rt(&rt::STR_FROM_FLOAT, &[x])?[0]
                    }
                    _ => {
                        let x = self.int_value(a)?;
                        self.call_rt(&rt::STR_FROM_INT, &[x])?[0]
                    }
                };
                self.set_str(r, m, false)?;
            }
            I::BuiltinChr => {
                let x = self.int_value(a)?;
                let m = self.call_rt(&rt::STR_CHR, &[x])?[0];
                self.set_str(r, m, true)?;
            }
            I::BuiltinOrd => {
                let m = self.str_ptr(a)?;
                let c = self.call_rt(&rt::STR_ORD, &[m])?[0];
                let bad = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, c, 0);
                self.fail_if(bad, |_| Ok(()))?;
                self.set_plain(r, vec![c]);
            }
            I::BuiltinLen | I::BuiltinBool => {
                let m = self.str_ptr(a)?;
                let n = self.str_len(m);
                let v = if f == I::BuiltinLen {
                    n
                } else {
                    self.b.ins().icmp_imm_s(IntCC::NotEqual, n, 0)
                };
                self.set_plain(r, vec![v]);
            }
            _ => {
                let m = self.str_ptr(a)?;
                let ss = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    8,
                    3,
                ));
                let p = self.b.ins().stack_addr(types::I64, ss, 0);
                let (func, ty) = if f == I::BuiltinInt {
                    (&rt::STR_TO_INT, types::I64)
                } else {
                    (&rt::STR_TO_FLOAT, types::F64)
                };
                let status = self.call_rt(func, &[m, p])?[0];
                self.check_status(status)?;
                let v = self.b.ins().stack_load(types::I64, ty, ss, 0);
                self.set_plain(r, vec![v]);
            }
        }
        Ok(())
    }

    /// An optional argument: its value, or `None` when absent or `None`.
    fn given(&self, v: Option<ValueId>) -> Option<ValueId> {
        v.filter(|v| *self.ty(*v) != Type::None)
    }

    /// `recv.f(args...)` for a `str` method.
    pub(super) fn str_method(
        &mut self,
        r: ValueId,
        f: I,
        recv: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> Result<()> {
        let mut all = vec![recv];
        all.extend_from_slice(args);
        let bound = crate::intrinsics::bind(f, &all, kwargs, Span::default())?;
        let arg = |k: usize| bound.get(k).copied().flatten();
        let s = self.str_ptr(recv)?;
        let op = |o: StrOp, t: &mut Self| t.b.ins().iconst(types::I64, o as i64);
        match f {
            I::StrUpper | I::StrLower | I::StrCapitalize | I::StrTitle => {
                let o = match f {
                    I::StrUpper => StrOp::Upper,
                    I::StrLower => StrOp::Lower,
                    I::StrCapitalize => StrOp::Capitalize,
                    _ => StrOp::Title,
                };
                let o = op(o, self);
                let m = self.call_rt(&rt::STR_MAP, &[o, s])?[0];
                self.set_str(r, m, false)?;
            }
            I::StrStrip | I::StrLstrip | I::StrRstrip => {
                let o = match f {
                    I::StrStrip => StrOp::Strip,
                    I::StrLstrip => StrOp::Lstrip,
                    _ => StrOp::Rstrip,
                };
                let o = op(o, self);
                let m = match self.given(arg(1)) {
                    Some(c) => {
                        let c = self.str_ptr(c)?;
                        self.call_rt(&rt::STR_STRIP_CHARS, &[o, s, c])?[0]
                    }
                    None => self.call_rt(&rt::STR_MAP, &[o, s])?[0],
                };
                self.set_str(r, m, false)?;
            }
            I::StrIsdigit | I::StrIsalpha | I::StrIsspace | I::StrIsupper | I::StrIslower => {
                let o = match f {
                    I::StrIsdigit => StrOp::Isdigit,
                    I::StrIsalpha => StrOp::Isalpha,
                    I::StrIsspace => StrOp::Isspace,
                    I::StrIsupper => StrOp::Isupper,
                    _ => StrOp::Islower,
                };
                let o = op(o, self);
                let v = self.call_rt(&rt::STR_PRED, &[o, s])?[0];
                self.set_plain(r, vec![v]);
            }
            I::StrStartswith | I::StrEndswith => {
                let o = op(
                    if f == I::StrStartswith {
                        StrOp::Startswith
                    } else {
                        StrOp::Endswith
                    },
                    self,
                );
                let x = arg(1).ok_or_else(|| CompileError::internal("codegen", "no affix"))?;
                let vals = self.val(x)?;
                let mut any = self.b.ins().iconst(types::I8, 0);
                for m in vals {
                    let v = self.call_rt(&rt::STR_AFFIX, &[o, s, m])?[0];
                    any = self.b.ins().bor(any, v);
                }
                self.set_plain(r, vec![any]);
            }
            I::StrFind | I::StrRfind | I::StrIndex | I::StrCount => {
                let o = match f {
                    I::StrFind => StrOp::Find,
                    I::StrRfind => StrOp::Rfind,
                    I::StrIndex => StrOp::Index,
                    _ => StrOp::Count,
                };
                let o = op(o, self);
                let sub = arg(1).ok_or_else(|| CompileError::internal("codegen", "no sub"))?;
                let sub = self.str_ptr(sub)?;
                let mut has = 0;
                let mut bounds = Vec::new();
                for k in 0..2 {
                    match self.given(arg(2 + k)) {
                        Some(v) => {
                            bounds.push(self.int_value(v)?);
                            has |= 1 << k;
                        }
                        None => bounds.push(self.b.ins().iconst(types::I64, 0)),
                    }
                }
                let h = self.b.ins().iconst(types::I64, has);
                let v = self.call_rt(&rt::STR_SEARCH, &[o, s, sub, bounds[0], bounds[1], h])?[0];
                if f == I::StrIndex {
                    let bad = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
                    self.fail_if(bad, |_| Ok(()))?;
                }
                self.set_plain(r, vec![v]);
            }
            _ => return self.str_method_more(r, f, s, &bound),
        }
        Ok(())
    }

    /// The methods that make new strings from other arguments: `replace`, padding, `split`,
    /// `join`.
    fn str_method_more(
        &mut self,
        r: ValueId,
        f: I,
        s: Value,
        bound: &[Option<ValueId>],
    ) -> Result<()> {
        let arg = |k: usize| bound.get(k).copied().flatten();
        let need = |k: usize| arg(k).ok_or_else(|| CompileError::internal("codegen", "argument"));
        match f {
            I::StrReplace => {
                let (old, new) = (self.str_ptr(need(1)?)?, self.str_ptr(need(2)?)?);
                let count = match arg(3) {
                    Some(c) => self.int_value(c)?,
                    None => self.b.ins().iconst(types::I64, -1),
                };
                let m = self.call_rt(&rt::STR_REPLACE, &[s, old, new, count])?[0];
                self.set_str(r, m, false)
            }
            I::StrZfill => {
                let w = self.int_value(need(1)?)?;
                let m = self.call_rt(&rt::STR_ZFILL, &[s, w])?[0];
                self.set_str(r, m, false)
            }
            I::StrCenter | I::StrLjust | I::StrRjust => {
                let o = match f {
                    I::StrCenter => StrOp::Center,
                    I::StrLjust => StrOp::Ljust,
                    _ => StrOp::Rjust,
                };
                let o = self.b.ins().iconst(types::I64, o as i64);
                let w = self.int_value(need(1)?)?;
                let (fill, temp) = match arg(2) {
                    Some(v) => (self.str_ptr(v)?, false),
                    None => (self.str_literal(" ")?, true),
                };
                let m = self.call_rt(&rt::STR_PAD, &[o, s, w, fill])?[0];
                if temp {
                    self.call_rt(&rt::DECREF, &[fill])?;
                }
                self.set_str(r, m, true)
            }
            I::StrSplit => {
                let sep = match self.given(arg(1)) {
                    Some(v) => self.str_ptr(v)?,
                    None => self.b.ins().iconst(types::I64, 0),
                };
                let max = match arg(2) {
                    Some(v) => self.int_value(v)?,
                    None => self.b.ins().iconst(types::I64, -1),
                };
                let m = self.call_rt(&rt::STR_SPLIT, &[s, sep, max])?[0];
                self.set_str(r, m, true)
            }
            I::StrJoin => {
                let it = need(1)?;
                let (items, n) = if let Type::Tuple(ts) = self.ty(it).clone() {
                    let vals = self.val(it)?;
                    let ss = self.b.create_sized_stack_slot(StackSlotData::new(
                        StackSlotKind::ExplicitSlot,
                        (8 * ts.len().max(1)) as u32,
                        3,
                    ));
                    for (k, v) in vals.iter().enumerate() {
                        self.b.ins().stack_store(types::I64, *v, ss, (8 * k) as i32);
                    }
                    let p = self.b.ins().stack_addr(types::I64, ss, 0);
                    (p, self.b.ins().iconst(types::I64, ts.len() as i64))
                } else {
                    let l = self.val(it)?[0];
                    let ss = self.b.create_sized_stack_slot(StackSlotData::new(
                        StackSlotKind::ExplicitSlot,
                        8,
                        3,
                    ));
                    let np = self.b.ins().stack_addr(types::I64, ss, 0);
                    let p = self.call_rt(&rt::LIST_ITEMS, &[l, np])?[0];
                    (p, self.b.ins().stack_load(types::I64, types::I64, ss, 0))
                };
                let m = self.call_rt(&rt::STR_JOIN, &[s, items, n])?[0];
                self.set_str(r, m, false)
            }
            _ => Err(CompileError::internal(
                "codegen",
                format!("the str method `{}`", f.name()),
            )),
        }
    }
}
