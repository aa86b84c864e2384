//! The heap-object model: which values are reference-counted runtime objects, and where their
//! references sit in a value's flattened form (see [`crate::types::flatten`]).
//!
//! Every reference-counted object is reached through a pointer to a runtime `MemInfo` header
//! (`oxjit_runtime::memory`): an atomic count, the data, and how to free it. One set of rules
//! serves every kind of object:
//! - **creation** gives an owned reference (count 1);
//! - a **variable** owns one reference to each object in it; values read from variables are
//!   borrowed; temporaries (allocations, call results) are owned and released at the end of
//!   their block unless stored, returned or put in a tuple;
//! - **incref/decref** go through the runtime's `oxjit_rt_incref`/`oxjit_rt_decref`, which skip
//!   null and borrowed (tagged) pointers;
//! - **error paths** release every object held by variables (only the header pointers are read);
//! - **boxing**: a returned object's reference passes to the Python object that wraps it.
//!
//! Codegen, the kernel environments of parallel code and the binding's boxing all find the
//! references of a type with [`heap_refs`]; a new kind of object (list, dict, string, closure
//! environment) is a new [`HeapKind`] with its flattened layout here, not new plumbing.

use crate::types::{components, Component, Type};

/// A kind of reference-counted runtime object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeapKind {
    /// A NumPy array: `{meminfo, data, shape[ndim], strides[ndim]}`.
    Array,
    /// A list (`oxjit_runtime::list`): `{meminfo}`; the list owns a reference to each object
    /// among its elements and releases them when freed.
    List,
    /// A caught exception (`oxjit_runtime::errors`): `{meminfo}`.
    Exception,
    /// A string (`oxjit_runtime::str`): `{meminfo}`; immutable.
    Str,
    /// A dict (`oxjit_runtime::table`): `{meminfo}`; the table owns a reference to each object
    /// among its values.
    Dict,
    /// A set (`oxjit_runtime::table` without values): `{meminfo}`.
    Set,
    /// A `jitclass` instance (`oxjit_runtime::instance`): `{meminfo}`; the instance owns a
    /// reference to each object among its fields ([`instance_layout`]).
    Instance,
    /// A `numpy.random.Generator` (`oxjit_runtime::random::gen_ffi`): `{meminfo}`; owns no
    /// references.
    Generator,
}

/// One reference inside a flattened value: the slot of its `MemInfo` pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeapRef {
    pub slot: usize,
    pub kind: HeapKind,
}

/// The kind of object a type is, if it is a reference-counted object itself.
pub fn heap_kind(t: &Type) -> Option<HeapKind> {
    match t {
        Type::Array { .. } => Some(HeapKind::Array),
        Type::List(_) => Some(HeapKind::List),
        Type::Exception | Type::ExceptionArgs => Some(HeapKind::Exception),
        Type::Str => Some(HeapKind::Str),
        Type::Dict(..) => Some(HeapKind::Dict),
        Type::Set(_) => Some(HeapKind::Set),
        Type::Instance(_) => Some(HeapKind::Instance),
        Type::Generator => Some(HeapKind::Generator),
        _ => None,
    }
}

/// Slots per element and the runtime's schema (`oxjit_runtime::list`: four bits per slot) of
/// a list's element type: how compiled code and the binding lay out list elements.
pub fn list_layout(e: &Type) -> (i64, u64) {
    use oxjit_runtime::list as rl;
    let comps = components(e);
    let refs = heap_refs(e);
    let mut schema = 0u64;
    for (k, c) in comps.iter().enumerate() {
        let kind = if let Some(r) = refs.iter().find(|r| r.slot == k) {
            match r.kind {
                HeapKind::Str => rl::STR,
                HeapKind::Instance => rl::OBJ,
                _ => rl::REF,
            }
        } else {
            match c {
                Component::I64 | Component::Ptr => rl::I64,
                Component::F64 => rl::F64,
                Component::F32 => rl::F32,
                Component::Bool => rl::BOOL,
            }
        };
        schema |= kind << (4 * k);
    }
    (comps.len().max(1) as i64, schema)
}

/// The runtime layout of a dict or set type (`oxjit_runtime::table`): key slots and schema,
/// value slots and schema (0 for a set; dicts and sets among the values are `TABLE_REF`), and
/// whether the key is a tuple.
pub fn table_layout(t: &Type) -> (i64, u64, i64, u64, i64) {
    let (k, v) = match t {
        Type::Dict(k, v) => (&**k, Some(&**v)),
        Type::Set(k) => (&**k, None),
        _ => (t, None),
    };
    let (kw, ks) = list_layout(k);
    let key_tuple = matches!(k, Type::Tuple(_)) as i64;
    let Some(v) = v else {
        return (kw, ks, 0, 0, key_tuple);
    };
    let (vw, mut vs) = list_layout(v);
    for r in heap_refs(v) {
        if matches!(r.kind, HeapKind::Dict | HeapKind::Set) {
            vs &= !(0xf << (4 * r.slot));
            vs |= oxjit_runtime::table::TABLE_REF << (4 * r.slot);
        }
    }
    (kw, ks, vw, vs, key_tuple)
}

/// Where the fields of a `jitclass` instance sit in its data (`oxjit_runtime::instance`):
/// each field's first slot, the number of 8-byte slots, and the mask of slots holding a
/// `MemInfo` pointer (released when the instance dies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceLayout {
    pub offsets: Vec<usize>,
    pub slots: usize,
    pub ref_mask: u64,
}

/// The most slots an instance holds (the reference mask is one 64-bit word).
pub const MAX_INSTANCE_SLOTS: usize = 64;

/// The layout of an instance with fields of types `fields`, in declaration order; `None`
/// when the fields take more than [`MAX_INSTANCE_SLOTS`] slots.
pub fn instance_layout<'a>(fields: impl IntoIterator<Item = &'a Type>) -> Option<InstanceLayout> {
    let mut offsets = Vec::new();
    let mut pos = 0usize;
    let mut ref_mask = 0u64;
    for t in fields {
        offsets.push(pos);
        for r in heap_refs(t) {
            let slot = pos + r.slot;
            if slot >= MAX_INSTANCE_SLOTS {
                return None;
            }
            ref_mask |= 1 << slot;
        }
        pos += components(t).len();
    }
    (pos <= MAX_INSTANCE_SLOTS).then_some(InstanceLayout {
        offsets,
        slots: pos,
        ref_mask,
    })
}

/// Does a value of type `t` hold references (itself or inside a tuple)?
pub fn holds_references(t: &Type) -> bool {
    match t {
        Type::Tuple(items) => items.iter().any(holds_references),
        Type::Optional(t) => holds_references(t),
        t => heap_kind(t).is_some(),
    }
}

/// The references inside a value of type `t`, in flattening order.
pub fn heap_refs(t: &Type) -> Vec<HeapRef> {
    fn walk(t: &Type, pos: &mut usize, out: &mut Vec<HeapRef>) {
        match t {
            Type::Tuple(items) => items.iter().for_each(|i| walk(i, pos, out)),
            // The presence flag, then the value (its references null when absent).
            Type::Optional(t) => {
                *pos += 1;
                walk(t, pos, out);
            }
            t => {
                if let Some(kind) = heap_kind(t) {
                    // The header pointer is the first component of every object.
                    out.push(HeapRef { slot: *pos, kind });
                }
                *pos += components(t).len();
            }
        }
    }
    let mut out = Vec::new();
    walk(t, &mut 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Dtype, Layout};

    #[test]
    fn references_of_nested_tuples() {
        let a1 = Type::array(Dtype::Float64, 1, Layout::C);
        let a2 = Type::array(Dtype::Int64, 2, Layout::A);
        let t = Type::Tuple(vec![
            Type::Int,
            a1.clone(),
            Type::Tuple(vec![Type::Float, a2]),
        ]);
        let slots: Vec<usize> = heap_refs(&t).iter().map(|r| r.slot).collect();
        // int (1) | a1: meminfo, data, shape, stride (4) | float (1) | a2: 2 + 4
        assert_eq!(slots, vec![1, 6]);
        assert!(holds_references(&t));
        assert!(!holds_references(&Type::Tuple(vec![
            Type::Int,
            Type::Float
        ])));
    }
}
