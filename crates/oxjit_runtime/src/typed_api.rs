//! Element-level access to runtime lists and tables for the binding's typed containers
//! (`oxjit.typed.List` / `oxjit.typed.Dict`): Python code reads and writes one element at a
//! time, so these helpers work on one element's slots. They build on the public layout of
//! [`crate::list::List`] and [`crate::table::Table`] and their public functions; compiled
//! code never calls them (they are not in `decls.rs`).
//!
//! Ownership follows the containers' rules: a container owns one reference to each object
//! among its slots (schema kinds [`REF`], [`STR`] and [`TABLE_REF`]); a function that stores
//! slots takes the caller's references, one that hands slots out adds references for the
//! caller.

use crate::list::{List, REF, STR};
use crate::memory::{oxjit_rt_decref, oxjit_rt_incref, MemInfo};
use crate::table::{table, TABLE_REF};

/// Flag of an object's `MemInfo::nbytes`: the list or table was made as an `oxjit.typed`
/// container (`List()`/`Dict.empty(...)` in compiled code, or any object an `oxjit.typed`
/// object has wrapped), so the binding returns it as one, without a copy.
pub const TYPED: usize = 1;

/// Mark `m` as a typed container (see [`TYPED`]).
///
/// # Safety
/// `m` is a live list or table meminfo.
pub unsafe fn mark_typed(m: *mut MemInfo) {
    // SAFETY: by the contract; objects keep flags in `nbytes`.
    unsafe { (*m).nbytes |= TYPED };
}

/// Was `m` made as a typed container?
///
/// # Safety
/// As [`mark_typed`].
pub unsafe fn is_typed(m: *mut MemInfo) -> bool {
    // SAFETY: by the contract.
    unsafe { (*m).nbytes & TYPED != 0 }
}

fn is_ref(schema: u64, k: usize) -> bool {
    matches!((schema >> (4 * k)) & 0xf, REF | STR | TABLE_REF)
}

/// Add a reference to every object among the `width` slots at `p` (described by `schema`).
///
/// # Safety
/// `p` holds `width` slots whose object slots are live.
pub unsafe fn retain_slots(schema: u64, width: usize, p: *const u64) {
    for k in (0..width).filter(|&k| is_ref(schema, k)) {
        // SAFETY: by the contract.
        unsafe { oxjit_rt_incref(*p.add(k) as *mut MemInfo) };
    }
}

/// Release the reference to every object among the `width` slots at `p`.
///
/// # Safety
/// As [`retain_slots`]; the caller owns the references it releases.
pub unsafe fn release_slots(schema: u64, width: usize, p: *const u64) {
    for k in (0..width).filter(|&k| is_ref(schema, k)) {
        // SAFETY: by the contract.
        unsafe { oxjit_rt_decref(*p.add(k) as *mut MemInfo) };
    }
}

/// The list object of a live list meminfo.
///
/// # Safety
/// `m` is a live list meminfo.
pub unsafe fn list_of<'a>(m: *mut MemInfo) -> &'a List {
    // SAFETY: by the contract.
    unsafe { &*((*m).data as *const List) }
}

/// The slots of element `i` (borrowed).
///
/// # Safety
/// `m` is a live list meminfo and `i < len`.
pub unsafe fn list_elem(m: *mut MemInfo, i: usize) -> *const u64 {
    // SAFETY: by the contract.
    let l = unsafe { list_of(m) };
    // SAFETY: in bounds.
    unsafe { l.items.add(i * l.width as usize) }
}

/// `lst[i] = x`: store the element at `src` (taking its references) in place of element `i`
/// (whose references are released).
///
/// # Safety
/// `m` is a live list meminfo, `i < len`, `src` holds one element.
pub unsafe fn list_set(m: *mut MemInfo, i: usize, src: *const u64) {
    // SAFETY: by the contract.
    let l = unsafe { &mut *((*m).data as *mut List) };
    let w = l.width as usize;
    // SAFETY: element `i` is in bounds; the old slots are released before being overwritten.
    unsafe {
        let dst = l.items.add(i * w);
        release_slots(l.schema, w, dst);
        std::ptr::copy_nonoverlapping(src, dst, w);
    }
    l.dirty = 1;
}

/// Append the element at `src` (taking its references).
///
/// # Safety
/// `m` is a live list meminfo, `src` holds one element.
pub unsafe fn list_append(m: *mut MemInfo, src: *const u64) {
    // SAFETY: by the contract; `push` returns the new element's zeroed slots.
    unsafe {
        let w = list_of(m).width as usize;
        let dst = crate::list::oxjit_rt_list_push(m);
        std::ptr::copy_nonoverlapping(src, dst, w);
    }
}

/// Insert the element at `src` (taking its references) before position `i` (clamped as
/// Python's `insert`).
///
/// # Safety
/// As [`list_append`].
pub unsafe fn list_insert(m: *mut MemInfo, i: i64, src: *const u64) {
    // SAFETY: by the contract; `insert` opens a zeroed element.
    unsafe {
        let w = list_of(m).width as usize;
        let dst = crate::list::oxjit_rt_list_insert(m, i);
        std::ptr::copy_nonoverlapping(src, dst, w);
    }
}

/// `d[k] = v`: store the value at `value` (taking its references) under the key at `key`
/// (borrowed: the table takes its own reference to a new key); an old value is released.
///
/// # Safety
/// `m` is a live table meminfo; `key` and `value` hold its key and value slots.
pub unsafe fn table_set(m: *mut MemInfo, key: *const u64, value: *const u64) {
    // SAFETY: by the contract.
    let t = unsafe { table(m) };
    let (vw, vs) = (t.vw as usize, t.vschema);
    // SAFETY: `put` returns the entry's value slots (zeroed when new: nothing to release).
    unsafe {
        let (dst, _) = t.put(key);
        release_slots(vs, vw, dst);
        std::ptr::copy_nonoverlapping(value, dst, vw);
    }
    t.dirty = 1;
}

/// The key and value slots of each live entry of a table, in insertion order (borrowed).
///
/// # Safety
/// `m` is a live table meminfo, not changed while the pointers are used.
pub unsafe fn table_entries(m: *mut MemInfo) -> Vec<*const u64> {
    // SAFETY: by the contract.
    unsafe { table(m) }
        .live()
        .map(|p| p as *const u64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::{oxjit_rt_list_new, I64};
    use crate::str::new_str;
    use crate::table::oxjit_rt_table_new;

    #[test]
    fn set_releases_the_old_element_and_takes_the_new() {
        let m = oxjit_rt_list_new(1, STR, 0);
        unsafe {
            let a = new_str("a".into()) as u64;
            list_append(m, &a);
            let b = new_str("b".into()) as u64;
            list_set(m, 0, &b);
            assert_eq!(*list_elem(m, 0), b);
            let c = new_str("c".into()) as u64;
            list_insert(m, 0, &c);
            assert_eq!(list_of(m).len, 2);
            oxjit_rt_decref(m);
        }
    }

    #[test]
    fn table_set_replaces_values() {
        let m = oxjit_rt_table_new(1, I64, 1, I64, 0);
        unsafe {
            table_set(m, &7, &1);
            table_set(m, &7, &2);
            table_set(m, &8, &3);
            let e = table_entries(m);
            assert_eq!(e.len(), 2);
            assert_eq!((*e[0], *e[0].add(1)), (7, 2));
            oxjit_rt_decref(m);
        }
    }
}
