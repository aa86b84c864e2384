//! Instrumentation for per-line profiling (`Options::profile`): where execution enters a new
//! source line, the code calls the runtime's `profile_line(slot, hit)` (see
//! `oxjit_runtime::profile`).
//!
//! A *slot* is one (instance, source line) of the module, numbered as first met; the table of
//! slots goes out with the code ([`super::CodeObject::profile_slots`]). Events are emitted at
//! the first instruction of each block and wherever the line changes inside a block (so the
//! test at the bottom of a rotated loop charges the loop header line once per iteration);
//! the runtime counts a hit only when the slot changes. After a call into a jitted function
//! (or a sort whose key is one) an event with `hit = 0` makes the caller's line current again.
//! Outlined parallel kernels emit nothing: their time is charged to the line that runs them.

use super::translate::FunctionTranslator;
use crate::error::{Result, Span};
use crate::ir::ValueId;
use cranelift_codegen::ir::{types, InstBuilder};
use oxjit_runtime::decls as rt;

impl FunctionTranslator<'_, '_, '_> {
    /// An instruction with span `span` is about to be translated: an event when it starts a
    /// new line (or is the first of its block).
    pub fn profile_enter(&mut self, span: Span) -> Result<()> {
        if self.in_kernel {
            return Ok(());
        }
        let instance = self.st.instance;
        let Some(p) = self.st.profile.as_mut() else {
            return Ok(());
        };
        let Some(line) = p.line(instance, span) else {
            return Ok(());
        };
        if self.profile.line == Some(line) {
            return Ok(());
        }
        let slot = p.slot(instance, line);
        let hit = !self.profile.seen.contains(&line);
        self.profile.seen.push(line);
        self.profile.line = Some(line);
        self.profile_event(slot as i64, hit as i64)
    }

    /// Before a return: the function's last line ends here.
    pub fn profile_exit(&mut self) -> Result<()> {
        if self.in_kernel || self.st.profile.is_none() {
            return Ok(());
        }
        self.profile_event(-1, 0)
    }

    /// After instruction `result`: if it called a jitted function, make the current line
    /// current again (no hit).
    pub fn profile_after(&mut self, result: ValueId) -> Result<()> {
        if self.in_kernel
            || !(self.tf.callees.contains_key(&result) || self.tf.sort_keys.contains_key(&result))
        {
            return Ok(());
        }
        let instance = self.st.instance;
        let (Some(p), Some(line)) = (self.st.profile.as_mut(), self.profile.line) else {
            return Ok(());
        };
        let slot = p.slot(instance, line);
        self.profile_event(slot as i64, 0)
    }

    fn profile_event(&mut self, slot: i64, hit: i64) -> Result<()> {
        let s = self.b.ins().iconst(types::I64, slot);
        let h = self.b.ins().iconst(types::I64, hit);
        self.call_rt(&rt::PROFILE_LINE, &[s, h])?;
        Ok(())
    }
}
