//! `print(...)` in codegen: each argument is handed to the runtime's print line
//! (`oxjit_runtime::print`) — text, an f-string formatted like an exception message, or a value
//! by type (numbers, `None`, arrays as borrowed parts, tuples as a count then their items) —
//! then `PRINT_END` prints the line with `sep` and `end`; a failure unwinds like any error.

use super::translate::FunctionTranslator;
use crate::error::{CompileError, Result};
use crate::ir::FmtPart;
use crate::types::{components, Type};
use cranelift_codegen::ir::{types, InstBuilder, StackSlotData, StackSlotKind, Value};
use oxjit_runtime::decls as rt;

impl FunctionTranslator<'_, '_, '_> {
    /// Queue the value of type `t` whose machine components start `vals`; returns how many
    /// components it used.
    fn print_value(&mut self, t: &Type, vals: &[Value]) -> Result<usize> {
        match t {
            Type::Int => self.call_rt(&rt::PRINT_INT, &[vals[0]])?,
            Type::Uint64 => self.call_rt(&rt::PRINT_UINT64, &[vals[0]])?,
            Type::Bool => self.call_rt(&rt::PRINT_BOOL, &[vals[0]])?,
            Type::Float => self.call_rt(&rt::PRINT_FLOAT, &[vals[0]])?,
            Type::Complex => {
                self.call_rt(&rt::PRINT_COMPLEX, &[vals[0], vals[1]])?;
                return Ok(2);
            }
            Type::Float32 => {
                let x = self.b.ins().fpromote(types::F64, vals[0]);
                self.call_rt(&rt::PRINT_FLOAT32, &[x])?
            }
            Type::Str => self.call_rt(&rt::STR_PRINT, &[vals[0]])?,
            Type::Exception | Type::ExceptionArgs => {
                // Printed as `str(e)` / `str(e.args)`.
                let text = match t {
                    Type::Exception => &rt::EXCEPTION_STR,
                    _ => &rt::EXCEPTION_ARGS_REPR,
                };
                let s = self.call_rt(text, &[vals[0]])?[0];
                self.call_rt(&rt::STR_PRINT, &[s])?;
                self.call_rt(&rt::DECREF, &[s])?
            }
            Type::None => {
                self.call_rt(&rt::PRINT_NONE, &[])?;
                return Ok(components(t).len());
            }
            Type::Tuple(items) => {
                let n = self.b.ins().iconst(types::I64, items.len() as i64);
                self.call_rt(&rt::PRINT_TUPLE, &[n])?;
                let mut used = 0;
                for it in items {
                    used += self.print_value(it, &vals[used..])?;
                }
                return Ok(used);
            }
            Type::Array { dtype, ndim, .. } => {
                let n = 2 + 2 * *ndim as usize;
                let slot = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    (8 * n) as u32,
                    3,
                ));
                for (i, x) in vals[..n].iter().enumerate() {
                    self.b
                        .ins()
                        .stack_store(types::I64, *x, slot, (i * 8) as i32);
                }
                let p = self.b.ins().stack_addr(types::I64, slot, 0);
                let nd = self.b.ins().iconst(types::I64, *ndim as i64);
                let (name, len) = self.message_arg(dtype.name())?;
                self.call_rt(&rt::PRINT_ARRAY, &[p, nd, name, len])?;
                return Ok(n);
            }
            t => return Err(CompileError::internal("codegen", format!("print() of {t}"))),
        };
        Ok(1)
    }

    pub fn translate_print(&mut self, args: &[Vec<FmtPart>], sep: &str, end: &str) -> Result<()> {
        for arg in args {
            match arg.as_slice() {
                [FmtPart::Value(v, spec)] if spec.is_empty() => {
                    let t = self.ty(*v).clone();
                    let vals = self.val(*v)?;
                    self.print_value(&t, &vals)?;
                }
                [FmtPart::Text(t)] => {
                    let (p, l) = self.message_arg(t)?;
                    self.call_rt(&rt::PRINT_TEXT, &[p, l])?;
                }
                parts => {
                    self.format_message(parts)?;
                    self.call_rt(&rt::PRINT_MESSAGE, &[])?;
                }
            }
        }
        let (sp, sl) = self.message_arg(sep)?;
        let (ep, el) = self.message_arg(end)?;
        let status = self.call_rt(&rt::PRINT_END, &[sp, sl, ep, el])?[0];
        self.check_status(status)
    }
}
