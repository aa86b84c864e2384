//! Changes to a list's slices, and the position of its least or greatest key: `lst[a:b] = other`,
//! `lst[a:b:c] = other`, `del lst[a:b:c]` and `min`/`max` with `key=`, as CPython's
//! `Objects/listobject.c` (`list_ass_slice`, `list_ass_subscript`) does them: a slice of step 1
//! is replaced by any number of elements (the list grows or shrinks), an extended slice only by
//! as many elements as it selects. The replaced or deleted elements are released last, after
//! the list is whole again.

use crate::errors::{set_error, ErrorKind};
use crate::list::{list, List};
use crate::memory::MemInfo;

/// The slots of all elements of `l`, each object in them given one more reference (the
/// elements to store; copied first, as `src` may be the list being changed).
///
/// # Safety
/// `l` is a live list.
unsafe fn take_all(l: &List) -> Vec<u64> {
    let (n, w) = (l.len as usize, l.w());
    let mut out = vec![0u64; n * w];
    for i in 0..n {
        // SAFETY: in bounds; the copy holds new references.
        unsafe {
            let e = l.elem(i);
            std::ptr::copy_nonoverlapping(e, out.as_mut_ptr().add(i * w), w);
            l.incref_elem(e);
        }
    }
    out
}

/// Release the objects in `old` (whole elements of `l`'s layout).
///
/// # Safety
/// `old` holds elements whose references the caller owns.
unsafe fn release(l: &List, old: &[u64]) {
    let w = l.w();
    for e in old.chunks_exact(w) {
        // SAFETY: by the contract.
        unsafe { l.decref_elem(e.as_ptr()) };
    }
}

/// `lst[start:stop:step] = src` (`has`: bits for the given start, stop, step). Status 1 with
/// `ValueError` for a zero step or an extended slice whose size differs from `len(src)`.
///
/// # Safety
/// Both are live list meminfos with the same element layout (`src` may be `m`).
pub unsafe extern "C" fn oxjit_rt_list_set_slice(
    m: *mut MemInfo,
    src: *mut MemInfo,
    start: i64,
    stop: i64,
    step: i64,
    has: i64,
) -> i32 {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let Some((a, count, step)) = crate::str::slice_of(l.len, start, stop, step, has) else {
        return 1;
    };
    // SAFETY: `src` is live.
    let n = unsafe { list(src) }.len;
    if step != 1 && n != count {
        set_error(
            ErrorKind::ValueError,
            format!("attempt to assign sequence of size {n} to extended slice of size {count}"),
        );
        return 1;
    }
    // SAFETY: `src` is live; its elements now hold references for `m`.
    let new = unsafe { take_all(list(src)) };
    let w = l.w();
    let mut old = vec![0u64; count as usize * w];
    if step == 1 {
        let (a, count, n) = (a as usize, count as usize, n as usize);
        let tail = l.len as usize - a - count;
        if n > count {
            l.reserve((n - count) as i64);
        }
        // SAFETY: `a + count <= len`; the tail moves inside the reserved capacity.
        unsafe {
            std::ptr::copy_nonoverlapping(l.elem(a), old.as_mut_ptr(), count * w);
            let base = l.items.add(a * w);
            std::ptr::copy(base.add(count * w), base.add(n * w), tail * w);
            std::ptr::copy_nonoverlapping(new.as_ptr(), base, n * w);
        }
        l.len = (a + n + tail) as i64;
    } else {
        for k in 0..count as usize {
            let i = (a + k as i64 * step) as usize;
            // SAFETY: every selected position is inside the list.
            unsafe {
                let e = l.elem(i);
                std::ptr::copy_nonoverlapping(e, old.as_mut_ptr().add(k * w), w);
                std::ptr::copy_nonoverlapping(new.as_ptr().add(k * w), e, w);
            }
        }
    }
    l.dirty = 1;
    // SAFETY: the replaced elements' references are ours now.
    unsafe { release(l, &old) };
    0
}

/// `del lst[start:stop:step]`. Status 1 with `ValueError` for a zero step.
///
/// # Safety
/// `m` is a live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_del_slice(
    m: *mut MemInfo,
    start: i64,
    stop: i64,
    step: i64,
    has: i64,
) -> i32 {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let Some((a, count, step)) = crate::str::slice_of(l.len, start, stop, step, has) else {
        return 1;
    };
    let (len, w) = (l.len as usize, l.w());
    let mut gone = vec![false; len];
    for k in 0..count {
        gone[(a + k * step) as usize] = true;
    }
    let mut old = Vec::with_capacity(count as usize * w);
    let mut kept = 0usize;
    for (i, g) in gone.iter().enumerate() {
        // SAFETY: `i < len` and `kept <= i`: elements only move down.
        unsafe {
            let e = l.elem(i);
            if *g {
                old.extend_from_slice(std::slice::from_raw_parts(e, w));
            } else {
                if kept != i {
                    std::ptr::copy_nonoverlapping(e, l.elem(kept), w);
                }
                kept += 1;
            }
        }
    }
    l.len = kept as i64;
    l.dirty = 1;
    // SAFETY: the deleted elements' references are ours now.
    unsafe { release(l, &old) };
    0
}

/// The position of the first least (`op` 0) or greatest (`op` 1) element of `keys`, as
/// CPython's `min`/`max` with `key=` keep the first extreme; -1 with `ValueError` pending when
/// it is empty.
///
/// # Safety
/// `keys` is a live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_extreme_index(keys: *mut MemInfo, op: i64) -> i64 {
    // SAFETY: by the contract.
    let k = unsafe { list(keys) };
    if k.len == 0 {
        let what = if op == 0 { "min" } else { "max" };
        set_error(
            ErrorKind::ValueError,
            format!("{what}() arg is an empty sequence"),
        );
        return -1;
    }
    let mut best = 0usize;
    for i in 1..k.len as usize {
        // SAFETY: both in bounds.
        let better = unsafe {
            if op == 0 {
                k.elem_lt(k.elem(i), k.elem(best))
            } else {
                k.elem_lt(k.elem(best), k.elem(i))
            }
        };
        if better {
            best = i;
        }
    }
    best as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::{oxjit_rt_list_new, I64};

    fn make(xs: &[i64]) -> *mut MemInfo {
        let m = oxjit_rt_list_new(1, I64, xs.len() as i64);
        // SAFETY: fresh list of `xs.len()` elements.
        unsafe {
            std::ptr::copy_nonoverlapping(xs.as_ptr() as *const u64, list(m).items, xs.len())
        };
        m
    }

    fn items(m: *mut MemInfo) -> Vec<i64> {
        // SAFETY: live list.
        let l = unsafe { list(m) };
        // SAFETY: in bounds.
        (0..l.len as usize)
            .map(|i| unsafe { *l.elem(i) } as i64)
            .collect()
    }

    #[test]
    fn slices_change_as_in_cpython() {
        let m = make(&[1, 2, 3, 4, 5]);
        let s = make(&[9, 9, 9]);
        // SAFETY: live lists.
        unsafe {
            assert_eq!(oxjit_rt_list_set_slice(m, s, 1, 3, 0, 3), 0);
            assert_eq!(items(m), [1, 9, 9, 9, 4, 5]);
            assert_eq!(oxjit_rt_list_set_slice(m, m, 0, 0, 0, 3), 0);
            assert_eq!(items(m), [1, 9, 9, 9, 4, 5, 1, 9, 9, 9, 4, 5]);
            assert_eq!(oxjit_rt_list_del_slice(m, 0, 0, 2, 4), 0);
            assert_eq!(items(m), [9, 9, 5, 9, 9, 5]);
            assert_eq!(oxjit_rt_list_set_slice(m, s, 0, 0, -2, 4), 0);
            assert_eq!(items(m), [9, 9, 5, 9, 9, 9]);
            let two = make(&[7, 7]);
            assert_eq!(oxjit_rt_list_set_slice(m, two, 0, 0, 2, 4), 1);
            assert_eq!(oxjit_rt_list_extreme_index(s, 0), 0);
            let t = make(&[3, 1, 4, 1, 5, 5]);
            assert_eq!(oxjit_rt_list_extreme_index(t, 0), 1);
            assert_eq!(oxjit_rt_list_extreme_index(t, 1), 4);
        }
    }
}
