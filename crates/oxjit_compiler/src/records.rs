//! Structured (record) dtypes: the layout of a NumPy structured dtype with numeric scalar
//! fields (name, element dtype, byte offset) and its item size, interned once per process.
//!
//! A record array is an ordinary `Type::Array` whose dtype is `Dtype::Record(id)`: the same
//! `{meminfo, data, shape, strides}` value (strides in bytes), so shapes, `len`, slices and
//! iteration are the array code's. A record (`a[i]`, or a `numpy.void` argument) is
//! `Type::Record(id)`: one pointer to its first byte inside the array, so writes to its fields
//! reach the caller's array (as in Numba). Records point into memory the caller owns (record
//! arrays are only passed in, never created in compiled code), which outlives the call.
//!
//! Layouts are compared by value (names, dtypes, offsets, item size, alignment flag), so two
//! different dtypes never share an id — nor a compiled specialisation. Ids are process-local:
//! the on-disk cache does not encode them (functions taking records are compiled again in
//! each process). `infer::records` resolves field names to offsets; past typing no name is
//! matched.

use crate::types::Dtype;
use std::sync::{Mutex, OnceLock};

/// An interned record layout, by its index in the process-wide table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordId(pub u32);

/// One field of a record: a numeric scalar at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    pub name: String,
    pub dtype: Dtype,
    pub offset: i64,
}

/// The layout of a structured dtype.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordLayout {
    pub fields: Vec<Field>,
    pub itemsize: i64,
    /// Made with `numpy.dtype(..., align=True)` (kept so the printed type tells aligned
    /// dtypes apart).
    pub aligned: bool,
}

impl RecordLayout {
    /// The field called `name`, with its index.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
    /// NumPy-like text: `{x: float64 @0, y: int32 @8; itemsize 16, aligned}`.
    fn describe(&self) -> String {
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{}: {} @{}", f.name, f.dtype.name(), f.offset))
            .collect();
        format!(
            "record{{{}; itemsize {}{}}}",
            fields.join(", "),
            self.itemsize,
            if self.aligned { ", aligned" } else { "" }
        )
    }
}

struct Entry {
    layout: &'static RecordLayout,
    name: &'static str,
}

fn table() -> &'static Mutex<Vec<Entry>> {
    static TABLE: OnceLock<Mutex<Vec<Entry>>> = OnceLock::new();
    TABLE.get_or_init(|| Mutex::new(Vec::new()))
}

/// The id of `layout`, interning it on first sight (the layout and its printed name live for
/// the process, as compiled code referring to them does).
pub fn intern(layout: RecordLayout) -> RecordId {
    let mut t = table().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(k) = t.iter().position(|e| *e.layout == layout) {
        return RecordId(k as u32);
    }
    let name: &'static str = Box::leak(layout.describe().into_boxed_str());
    let layout: &'static RecordLayout = Box::leak(Box::new(layout));
    t.push(Entry { layout, name });
    RecordId((t.len() - 1) as u32)
}

impl RecordId {
    pub fn layout(self) -> &'static RecordLayout {
        let t = table().lock().unwrap_or_else(|e| e.into_inner());
        t[self.0 as usize].layout
    }
    pub fn name(self) -> &'static str {
        let t = table().lock().unwrap_or_else(|e| e.into_inner());
        t[self.0 as usize].name
    }
    pub fn itemsize(self) -> i64 {
        self.layout().itemsize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(off: i64) -> RecordLayout {
        RecordLayout {
            fields: vec![
                Field {
                    name: "x".into(),
                    dtype: Dtype::Float64,
                    offset: 0,
                },
                Field {
                    name: "y".into(),
                    dtype: Dtype::Int32,
                    offset: off,
                },
            ],
            itemsize: off + 4,
            aligned: false,
        }
    }

    #[test]
    fn interning_is_by_value() {
        let a = intern(layout(8));
        let b = intern(layout(8));
        let c = intern(layout(12));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(c.itemsize(), 16);
        assert_eq!(a.layout().field("y").map(|f| f.offset), Some(8));
        assert!(a.name().contains("y: int32 @8"));
    }
}
