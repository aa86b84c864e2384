//! Whole-table operations on sets (`|`, `&`, `-`, `^`, their in-place and method forms, the
//! subset tests) and sets made from lists. Tables are [`crate::table::Table`]s of one layout;
//! results keep the left operand's order, then the right one's new keys (CPython's order
//! differs: it follows hashes).

use crate::list::List;
use crate::memory::MemInfo;
use crate::table::{oxjit_rt_table_copy, oxjit_rt_table_new, oxjit_rt_table_update, table};

/// Set operators, by code.
pub const UNION: i64 = 0;
pub const INTERSECTION: i64 = 1;
pub const DIFFERENCE: i64 = 2;
pub const SYMMETRIC_DIFFERENCE: i64 = 3;

/// Comparisons, by code.
pub const SUBSET: i64 = 0;
pub const SUPERSET: i64 = 1;
pub const DISJOINT: i64 = 2;

/// The keys of `a` kept (`keep_found`) or dropped according to membership in `b`, as a new
/// set.
unsafe fn filter(a: *mut MemInfo, b: *mut MemInfo, keep_found: bool) -> *mut MemInfo {
    // SAFETY: by the callers' contract.
    let (ta, tb) = unsafe { (table(a), table(b)) };
    let out = oxjit_rt_table_new(ta.kw, ta.kschema, 0, 0, ta.key_tuple);
    // SAFETY: fresh.
    let to = unsafe { table(out) };
    for e in ta.live() {
        // SAFETY: a live key of `a`, of `b`'s layout.
        if unsafe { !tb.find(e).is_null() } == keep_found {
            // SAFETY: as above.
            unsafe { to.put(e) };
        }
    }
    to.dirty = 0;
    out
}

/// `a op b`: a new set.
///
/// # Safety
/// Both are live set meminfos of one layout.
pub unsafe extern "C" fn oxjit_rt_set_binop(
    a: *mut MemInfo,
    b: *mut MemInfo,
    op: i64,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    unsafe {
        match op {
            UNION => {
                let out = oxjit_rt_table_copy(a);
                oxjit_rt_table_update(out, b);
                table(out).dirty = 0;
                out
            }
            INTERSECTION => filter(a, b, true),
            DIFFERENCE => filter(a, b, false),
            _ => {
                let out = filter(a, b, false);
                let rest = filter(b, a, false);
                oxjit_rt_table_update(out, rest);
                crate::memory::oxjit_rt_decref(rest);
                table(out).dirty = 0;
                out
            }
        }
    }
}

/// `a op= b` (also `update`, `intersection_update`, ...): `a` changed in place.
///
/// # Safety
/// Both are live set meminfos of one layout.
pub unsafe extern "C" fn oxjit_rt_set_inplace(a: *mut MemInfo, b: *mut MemInfo, op: i64) {
    if op == UNION {
        // SAFETY: by the contract.
        unsafe { oxjit_rt_table_update(a, b) };
        return;
    }
    // SAFETY: by the contract.
    unsafe {
        let fresh = oxjit_rt_set_binop(a, b, op);
        let ta = table(a);
        let keys: Vec<*mut u64> = ta.live().collect();
        let tf = table(fresh);
        let mut none = 0u64;
        // Remove what the result lacks, then add what it has beyond `a` (order kept).
        for e in keys {
            if tf.find(e).is_null() {
                ta.remove(e, &mut none);
            }
        }
        for e in tf.live() {
            ta.put(e);
        }
        ta.dirty = 1;
        crate::memory::oxjit_rt_decref(fresh);
    }
}

/// `a <= b` (`SUBSET`), `a >= b` (`SUPERSET`), `a.isdisjoint(b)` (`DISJOINT`).
///
/// # Safety
/// Both are live set meminfos of one layout.
pub unsafe extern "C" fn oxjit_rt_set_compare(a: *mut MemInfo, b: *mut MemInfo, op: i64) -> i8 {
    // SAFETY: by the contract.
    let (ta, tb) = unsafe { (table(a), table(b)) };
    let (x, y, want) = match op {
        SUBSET => (ta, tb, true),
        SUPERSET => (tb, ta, true),
        _ => (ta, tb, false),
    };
    // SAFETY: live keys of one layout.
    x.live().all(|e| unsafe { !y.find(e).is_null() } == want) as i8
}

/// A new set of the elements of the list `l` (`set(lst)`); the key layout is given.
///
/// # Safety
/// `l` is a live list whose elements are keys of this layout.
pub unsafe extern "C" fn oxjit_rt_set_from_list(
    l: *mut MemInfo,
    kw: i64,
    kschema: u64,
    key_tuple: i64,
) -> *mut MemInfo {
    let out = oxjit_rt_table_new(kw, kschema, 0, 0, key_tuple);
    // SAFETY: by the contract.
    let (src, to) = unsafe { (&*((*l).data as *const List), table(out)) };
    for i in 0..src.len as usize {
        // SAFETY: element `i` has `kw` slots.
        unsafe { to.put(src.items.add(i * kw as usize)) };
    }
    to.dirty = 0;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::I64;
    use crate::memory::oxjit_rt_decref;

    unsafe fn set_of(xs: &[u64]) -> *mut MemInfo {
        let m = oxjit_rt_table_new(1, I64, 0, 0, 0);
        for x in xs {
            unsafe { crate::table::oxjit_rt_table_put(m, x) };
        }
        m
    }

    unsafe fn keys(m: *mut MemInfo) -> Vec<u64> {
        unsafe { table(m).live().map(|e| *e).collect() }
    }

    #[test]
    fn algebra() {
        unsafe {
            let a = set_of(&[1, 2, 3]);
            let b = set_of(&[3, 4]);
            let u = oxjit_rt_set_binop(a, b, UNION);
            assert_eq!(keys(u), vec![1, 2, 3, 4]);
            let i = oxjit_rt_set_binop(a, b, INTERSECTION);
            assert_eq!(keys(i), vec![3]);
            let s = oxjit_rt_set_binop(a, b, SYMMETRIC_DIFFERENCE);
            assert_eq!(keys(s), vec![1, 2, 4]);
            assert_eq!(oxjit_rt_set_compare(i, a, SUBSET), 1);
            assert_eq!(oxjit_rt_set_compare(a, b, DISJOINT), 0);
            oxjit_rt_set_inplace(a, b, DIFFERENCE);
            assert_eq!(keys(a), vec![1, 2]);
            for m in [a, b, u, i, s] {
                oxjit_rt_decref(m);
            }
        }
    }
}
