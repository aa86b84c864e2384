//! `raise` (and failed `assert`s): build the message in the runtime's buffer, piece by piece,
//! then set the pending exception; the block's `Raise` terminator unwinds.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::ir::{FmtPart, ValueId};
use crate::types::{ExcRef, Type};
use cranelift_codegen::ir::{types, InstBuilder};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    /// `except C1, C2...`: whether the pending exception is one of the classes (then it is
    /// dropped: the handler runs).
    pub fn catch_match(&mut self, classes: &[ValueId]) -> Result<cranelift_codegen::ir::Value> {
        let mut any = self.b.ins().iconst(types::I8, 0);
        for c in classes {
            let (kind, id) = match self.ty(*c) {
                Type::ExceptionClass(ExcRef::Builtin(c)) => (c.runtime_kind(), 0),
                Type::ExceptionClass(ExcRef::User(id)) => (RtError::UserClass, *id as i64),
                _ => return Err(CompileError::internal("codegen", "except of a non-class")),
            };
            let k = self.b.ins().iconst(types::I32, kind as i64);
            let i = self.b.ins().iconst(types::I64, id);
            let m = self.call_rt(&rt::ERROR_MATCHES, &[k, i])?[0];
            any = self.b.ins().bor(any, m);
        }
        self.call_rt(&rt::CLEAR_ERROR_IF, &[any])?;
        Ok(any)
    }

    pub fn translate_raise(
        &mut self,
        class: ValueId,
        message: &Option<Vec<FmtPart>>,
    ) -> Result<()> {
        let (kind, id) = match self.ty(class) {
            Type::ExceptionClass(ExcRef::Builtin(c)) => (c.runtime_kind(), 0),
            Type::ExceptionClass(ExcRef::User(id)) => (RtError::UserClass, *id as i64),
            Type::Exception => {
                // `raise e` / bare `raise`: the caught exception, as it was.
                let m = self.val(class)?[0];
                self.call_rt(&rt::RAISE_EXCEPTION, &[m])?;
                return Ok(());
            }
            _ => return Err(CompileError::internal("codegen", "raise of a non-class")),
        };
        if let Some(parts) = message {
            self.format_message(parts)?;
        }
        let k = self.b.ins().iconst(types::I32, kind as i64);
        let c = self.b.ins().iconst(types::I64, id);
        let m = self.b.ins().iconst(types::I8, i64::from(message.is_some()));
        self.call_rt(&rt::RAISE_CLASS, &[k, c, m])?;
        Ok(())
    }

    /// Format an f-string's parts into the runtime's message buffer.
    pub fn format_message(&mut self, parts: &[FmtPart]) -> Result<()> {
        self.call_rt(&rt::MSG_CLEAR, &[])?;
        for p in parts {
            match p {
                FmtPart::Text(t) => {
                    let (p, l) = self.message_arg(t)?;
                    self.call_rt(&rt::MSG_TEXT, &[p, l])?;
                }
                FmtPart::Repr(v) | FmtPart::Value(v, _) if *self.ty(*v) == Type::Str => {
                    let spec = match p {
                        FmtPart::Value(_, spec) => spec.as_str(),
                        _ => "",
                    };
                    let (sp, l) = self.message_arg(spec)?;
                    let m = self.val(*v)?[0];
                    let conv = self
                        .b
                        .ins()
                        .iconst(types::I8, matches!(p, FmtPart::Repr(_)) as i64);
                    self.call_rt(&rt::MSG_STR, &[m, sp, l, conv])?;
                }
                FmtPart::Repr(v) | FmtPart::Value(v, _)
                    if matches!(self.ty(*v), Type::Exception | Type::ExceptionArgs) =>
                {
                    // `{e}`: `str(e)`; `{e!r}`: `repr(e)`; `{e.args}` (typing allows no spec).
                    let text = match (self.ty(*v), p) {
                        (Type::ExceptionArgs, _) => &rt::EXCEPTION_ARGS_REPR,
                        (_, FmtPart::Repr(_)) => &rt::EXCEPTION_REPR,
                        _ => &rt::EXCEPTION_STR,
                    };
                    let m = self.val(*v)?[0];
                    let s = self.call_rt(text, &[m])?[0];
                    let (sp, l) = self.message_arg("")?;
                    let conv = self.b.ins().iconst(types::I8, 0);
                    self.call_rt(&rt::MSG_STR, &[s, sp, l, conv])?;
                    self.call_rt(&rt::DECREF, &[s])?;
                }
                FmtPart::Repr(v) | FmtPart::Value(v, _) => {
                    let spec = match p {
                        FmtPart::Value(_, spec) => spec.as_str(),
                        _ => "",
                    };
                    let (p, l) = self.message_arg(spec)?;
                    let t = self.ty(*v).clone();
                    let x = self.scalar(*v)?;
                    match t {
                        Type::Int => self.call_rt(&rt::MSG_INT, &[x, p, l])?,
                        Type::Bool => self.call_rt(&rt::MSG_BOOL, &[x, p, l])?,
                        Type::Float => self.call_rt(&rt::MSG_FLOAT, &[x, p, l])?,
                        Type::Float32 => {
                            let x = self.b.ins().fpromote(types::F64, x);
                            self.call_rt(&rt::MSG_FLOAT, &[x, p, l])?
                        }
                        _ => {
                            return Err(CompileError::internal(
                                "codegen",
                                "formatting a non-number",
                            ))
                        }
                    };
                }
            }
        }
        Ok(())
    }
}
