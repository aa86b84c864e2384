//! Safety checks the translator emits: the Ctrl-C poll at loop back edges, the stack check in
//! the prologue of recursive functions, and the read-only check before writes into arrays that
//! may be borrowed NumPy arrays.

use super::FunctionTranslator;
use crate::error::Result;
use crate::infer::TypedFunction;
use crate::ir::{InstKind, ValueId, VarId};
use crate::types::{Callable, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, MemFlagsData, Value};
use cranelift_frontend::FunctionBuilder;
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;
use std::collections::HashSet;

/// Array variables that can only hold arrays compiled code allocated (never a borrowed, maybe
/// read-only, NumPy array): not parameters, and every value stored into them is a fresh array
/// (not a view or copy of another variable, per array fusion's `is_view`, and not the result
/// of a jitted call, which may return its argument). Writes into them need no read-only check.
pub(crate) fn fresh_vars(tf: &TypedFunction) -> HashSet<VarId> {
    let mut fresh: HashSet<VarId> = (0..tf.var_types.len() as u32)
        .map(VarId)
        .filter(|v| matches!(tf.var_types[v.0 as usize], Type::Array { .. }))
        .filter(|v| !tf.ir.params.contains(v))
        .collect();
    for b in &tf.ir.blocks {
        for inst in &b.insts {
            if let InstKind::Store(v, x) = &inst.kind {
                let fresh_value = match tf.def(*x).map(|i| &i.kind) {
                    Some(InstKind::Call { func, .. }) => {
                        !matches!(tf.ty(*func), Type::Function(Callable::Jitted(_)))
                            && !crate::passes::fusion::is_view(tf, *x)
                    }
                    Some(_) => !crate::passes::fusion::is_view(tf, *x),
                    None => false,
                };
                if !fresh_value {
                    fresh.remove(v);
                }
            }
        }
    }
    fresh
}

/// In the entry block: the address of the Ctrl-C flag, read from a static cell (a load, not a
/// constant, so that it stays in a register instead of being rematerialised in every loop;
/// unused, it is removed).
pub(crate) fn flag_base(b: &mut FunctionBuilder<'_>) -> Value {
    let cell = oxjit_runtime::interrupt::flag_cell() as i64;
    let cell = b.ins().iconst(types::I64, cell);
    let flags = MemFlagsData::trusted().with_readonly().with_can_move();
    b.ins().load(types::I64, flags, cell, 0)
}

impl FunctionTranslator<'_, '_, '_> {
    /// Poll the interrupt flag (before a loop's back edge): one byte load and a branch to a
    /// cold block that raises `KeyboardInterrupt` and unwinds. The load is atomic so that
    /// Cranelift never merges it with an earlier poll (it must happen on every iteration); on
    /// x86-64 and AArch64 it is a plain byte load from the address held in a register.
    pub fn poll_interrupt(&mut self) -> Result<()> {
        let set = self
            .b
            .ins()
            .atomic_load(types::I8, MemFlagsData::trusted(), self.flag_base);
        self.fail_if(set, |t| {
            t.call_rt(&rt::INTERRUPT, &[])?;
            Ok(())
        })
    }

    /// Prologue of a recursive function: `RecursionError` when the thread's stack is nearly
    /// exhausted. The runtime compares the stack pointer with the thread's limit; it is asked
    /// only when the stack pointer is in the lowest 4 KiB of a 64 KiB window (a frame is
    /// smaller than 4 KiB, so a descent of 64 KiB is checked at least once; the runtime keeps
    /// 256 KiB free): three instructions on most calls.
    pub fn check_stack(&mut self) -> Result<()> {
        let sp = self.b.ins().get_stack_pointer(types::I64);
        // (sp & 0xffff) < 4096, as one `test` with an immediate.
        let bits = self.b.ins().band_imm_u(sp, 0xf000);
        let near = self.b.ins().icmp_imm_s(IntCC::Equal, bits, 0);
        let ask = self.b.create_block();
        let cont = self.b.create_block();
        self.b.set_cold_block(ask);
        self.b.ins().brif(near, ask, &[], cont, &[]);
        self.b.seal_block(ask);
        self.b.switch_to_block(ask);
        let status = self.call_rt(&rt::CHECK_STACK, &[])?[0];
        self.fail_if(status, |_| Ok(()))?;
        self.b.ins().jump(cont, &[]);
        self.b.seal_block(cont);
        self.b.switch_to_block(cont);
        Ok(())
    }

    /// [`Self::check_writable`] for a write into array value `v`, unless `v` is read from a
    /// variable that only holds arrays this function made.
    pub fn check_writable_value(&mut self, v: ValueId) -> Result<()> {
        if !matches!(self.ty(v), Type::Array { .. }) {
            return Ok(());
        }
        if let Some(InstKind::Load(var)) = self.tf.def(v).map(|i| &i.kind) {
            if self.fresh.contains(var) {
                return Ok(());
            }
        }
        let m = self.val(v)?[0];
        self.check_writable(m)
    }

    /// Before writing into the array whose meminfo is `meminfo`: a borrowed read-only NumPy
    /// array (tag bit 1, set by the dispatcher) raises NumPy's `ValueError`.
    pub fn check_writable(&mut self, meminfo: Value) -> Result<()> {
        let ro = self.b.ins().band_imm_u(meminfo, 2);
        let ro = self.b.ins().icmp_imm_s(IntCC::NotEqual, ro, 0);
        self.raise_if(
            ro,
            RtError::ValueError,
            "assignment destination is read-only",
        )
    }
}
