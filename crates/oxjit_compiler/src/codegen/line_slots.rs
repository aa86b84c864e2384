//! The data of per-line profiling (`Options::profile`): byte offsets to source lines, the
//! (instance, line) slots of a module, the per-block cursor of the translator, and the map of
//! slots handed out with the code. The instrumentation itself is `profile.rs`.

use crate::error::Span;
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
    pub fn line(&self, instance: usize, span: Span) -> Option<u32> {
        if span.start == 0 && span.end == 0 {
            return None;
        }
        Some(self.lines.get(instance)?.line(span.start))
    }

    pub fn slot(&mut self, instance: usize, line: u32) -> usize {
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
    pub line: Option<u32>,
    /// The lines the block has entered so far.
    pub seen: Vec<u32>,
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
