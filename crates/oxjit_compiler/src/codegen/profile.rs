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
use std::collections::HashMap;

/// Byte offset → source line, for one instance's source text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offsets of the `\n` characters of the text.
    newlines: Vec<u32>,
    /// The file line of the text's first line.
    first_line: u32,
}

impl LineIndex {
    pub fn new(text: &str, first_line: u32) -> Self {
        let newlines = text
            .bytes()
            .enumerate()
            .filter(|(_, c)| *c == b'\n')
            .map(|(i, _)| i as u32)
            .collect();
        LineIndex {
            newlines,
            first_line,
        }
    }

    /// The file line of byte offset `at`.
    pub fn line(&self, at: u32) -> u32 {
        self.first_line + self.newlines.partition_point(|&n| n < at) as u32
    }
}

/// The slots of a module being instrumented.
#[derive(Debug, Default)]
pub struct ProfileSlots {
    /// Per instance.
    lines: Vec<LineIndex>,
    /// (instance, line) of each slot.
    pub slots: Vec<(usize, u32)>,
    index: HashMap<(usize, u32), usize>,
}

impl ProfileSlots {
    pub fn new(lines: Vec<LineIndex>) -> Self {
        ProfileSlots {
            lines,
            ..Default::default()
        }
    }

    /// The line of `span` in `instance` (`None` for instructions made up by the compiler,
    /// which carry an empty span at offset 0).
    fn line(&self, instance: usize, span: Span) -> Option<u32> {
        if span.start == 0 && span.end == 0 {
            return None;
        }
        Some(self.lines.get(instance)?.line(span.start))
    }

    fn slot(&mut self, instance: usize, line: u32) -> usize {
        *self.index.entry((instance, line)).or_insert_with(|| {
            self.slots.push((instance, line));
            self.slots.len() - 1
        })
    }
}

/// The profiling state of the block being translated.
#[derive(Clone, Debug, Default)]
pub struct Cursor {
    /// The line current at this point of the block.
    line: Option<u32>,
    /// The lines the block has entered so far.
    seen: Vec<u32>,
}

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

/// One function instance of an instrumented compile, for the report.
#[derive(Clone, Debug)]
pub struct ProfiledFunction {
    pub name: String,
    pub filename: String,
    /// The file line of `source`'s first line.
    pub first_line: u32,
    /// The source text (dedented), one entry per line.
    pub source: Vec<String>,
}

/// What the counters of an instrumented compile mean: the (instance, line) of each slot and
/// the instances.
#[derive(Clone, Debug)]
pub struct ProfileMap {
    pub slots: Vec<(usize, u32)>,
    pub functions: Vec<ProfiledFunction>,
}
