//! Safety checks the translator emits: the Ctrl-C poll at loop back edges, the stack check in
//! the prologue of recursive functions, and the read-only check before writes into arrays that
//! may be borrowed NumPy arrays.

use super::translate::FunctionTranslator;
use crate::error::Result;
use crate::ir::{InstKind, ValueId};
use crate::types::Type;
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, MemFlagsData, Value};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    /// Poll the interrupt flag (before a loop's back edge): one byte load and a branch to a
    /// cold block that raises `KeyboardInterrupt` and unwinds. The load is atomic so that
    /// Cranelift never merges it with an earlier poll (it must happen on every iteration); on
    /// x86-64 and AArch64 it is a plain byte load from the address held in a register.
    ///
    /// `OXJIT_NO_INTERRUPT_POLL=1` (read once per process; for benchmarking the poll's cost
    /// only, `benchmarks/bench_interrupt.py`) compiles no polls: Ctrl-C then waits for the loop.
    pub fn poll_interrupt(&mut self) -> Result<()> {
        self.poll_interrupt_at(self.flag_base)
    }

    /// [`Self::poll_interrupt`] reading the flag through `flag_base`, its address (the
    /// function's, or one loaded in the loop's preheader).
    pub fn poll_interrupt_at(&mut self, flag_base: Value) -> Result<()> {
        static NO_POLL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if *NO_POLL.get_or_init(|| std::env::var("OXJIT_NO_INTERRUPT_POLL").is_ok_and(|v| v == "1"))
        {
            return Ok(());
        }
        let set = self
            .b
            .ins()
            .atomic_load(types::I8, MemFlagsData::trusted(), flag_base);
        self.fail_if(set, |t| {
            t.call_rt_preserving(&rt::INTERRUPT, &[])?;
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
        self.check_writable_value_as(v, "assignment destination is read-only")
    }

    /// [`Self::check_writable_value`] with the message NumPy gives for this write (a ufunc's
    /// `out`: `output array is read-only`).
    pub fn check_writable_value_as(&mut self, v: ValueId, msg: &str) -> Result<()> {
        if !matches!(self.ty(v), Type::Array { .. }) {
            return Ok(());
        }
        if let Some(InstKind::Load(var)) = self.tf.def(v).map(|i| &i.kind) {
            if self.fresh.contains(var) {
                return Ok(());
            }
        }
        let m = self.val(v)?[0];
        let ro = self.b.ins().band_imm_u(m, 2);
        let ro = self.b.ins().icmp_imm_s(IntCC::NotEqual, ro, 0);
        self.raise_if(ro, RtError::ValueError, msg)
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
