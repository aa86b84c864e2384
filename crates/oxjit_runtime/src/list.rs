//! Lists made and changed by compiled code: a [`List`] behind a [`MemInfo`] header, so lists are
//! reference counted like arrays (`oxjit_rt_incref`/`oxjit_rt_decref`).
//!
//! Elements are homogeneous and stored inline, each as `width` 8-byte slots (the flattened
//! form compiled code passes values in). The element's *schema* says what each slot holds, four
//! bits per slot: [`I64`], [`F64`], [`BOOL`] (low byte), [`F32`] (low four bytes) or [`REF`] (a
//! `MemInfo` pointer the list owns a reference to). Equality, search and sorting read the
//! schema; freeing releases the `REF` slots.
//!
//! Compiled code reads a list directly: `meminfo.data` (offset 8) points to the [`List`], whose
//! `len` is at offset 0 and `items` at offset 8. Everything that changes the length goes through
//! the functions here (growth follows CPython's over-allocation).

use crate::errors::{set_error, ErrorKind};
use crate::memory::{new_object, oxjit_rt_decref, oxjit_rt_incref, MemInfo};
use std::cmp::Ordering;

pub const I64: u64 = 0;
pub const F64: u64 = 1;
pub const BOOL: u64 = 2;
pub const F32: u64 = 3;
pub const REF: u64 = 4;
/// A string (`crate::str`): a `MemInfo` pointer the list owns, compared as text.
pub const STR: u64 = 5;
/// A `jitclass` instance (`crate::instance`): a `MemInfo` pointer the list owns, compared by
/// identity (Python's default `==`; 6 is `table::TABLE_REF`).
pub const OBJ: u64 = 7;

/// The list object (`MemInfo::data` points to it).
#[repr(C)]
pub struct List {
    pub len: i64,
    pub items: *mut u64,
    pub cap: i64,
    /// Slots per element (1 to 16).
    pub width: i64,
    /// Four bits per slot, slot 0 in the low bits.
    pub schema: u64,
    /// Set by every change (the binding writes a reflected argument back only then).
    pub dirty: i64,
}

/// Offset of `List::dirty` (compiled item assignment sets it).
pub const DIRTY_OFFSET: i32 = 40;

impl List {
    pub(crate) fn kind(&self, slot: usize) -> u64 {
        (self.schema >> (4 * slot)) & 0xf
    }
    pub(crate) fn w(&self) -> usize {
        self.width as usize
    }
    /// The slots of element `i`.
    ///
    /// # Safety
    /// `i < len`.
    pub(crate) unsafe fn elem(&self, i: usize) -> *mut u64 {
        // SAFETY: by the contract.
        unsafe { self.items.add(i * self.w()) }
    }
    pub(crate) fn reserve(&mut self, extra: i64) {
        assert!(
            self.try_reserve(extra),
            "oxjit: out of memory growing a list"
        );
    }

    /// [`List::reserve`] that reports failure (a size beyond memory or beyond int64 bytes)
    /// instead of aborting.
    pub(crate) fn try_reserve(&mut self, extra: i64) -> bool {
        let Some(need) = self.len.checked_add(extra) else {
            return false;
        };
        if need <= self.cap {
            return true;
        }
        // Small lists grow as CPython's (about 1/8 more, rounded up to a multiple of 4); past
        // 4096 elements the capacity doubles, so appending n items copies O(n) bytes in all
        // (1/8 growth copies about 8n: the reallocations dominated an append loop).
        let cap = if need < 4096 {
            ((need + (need >> 3) + 6) & !3).max(4)
        } else {
            need.max(self.cap * 2)
        };
        let Some(bytes) = (cap as usize)
            .checked_mul(self.w() * 8)
            .filter(|b| *b <= isize::MAX as usize)
        else {
            return false;
        };
        // SAFETY: `items` is null or from this allocator.
        let p = unsafe { libc::realloc(self.items.cast(), bytes.max(8)) } as *mut u64;
        if p.is_null() {
            return false;
        }
        self.items = p;
        self.cap = cap;
        true
    }
    /// Add a reference to every object inside element `i`.
    pub(crate) unsafe fn incref_elem(&self, e: *const u64) {
        for k in 0..self.w() {
            if matches!(self.kind(k), REF | STR | OBJ) {
                // SAFETY: REF slots hold meminfos the list owns.
                unsafe { oxjit_rt_incref(*e.add(k) as *mut MemInfo) };
            }
        }
    }
    pub(crate) unsafe fn decref_elem(&self, e: *const u64) {
        for k in 0..self.w() {
            if matches!(self.kind(k), REF | STR | OBJ) {
                // SAFETY: as above.
                unsafe { oxjit_rt_decref(*e.add(k) as *mut MemInfo) };
            }
        }
    }
    fn has_refs(&self) -> bool {
        (0..self.w()).any(|k| matches!(self.kind(k), REF | STR | OBJ))
    }
    /// Python's `==` of two elements (numbers compare by value; `REF` slots are lists,
    /// compared item by item).
    unsafe fn elem_eq(&self, a: *const u64, b: *const u64) -> bool {
        (0..self.w()).all(|k| {
            // SAFETY: both point to `width` slots.
            let (x, y) = unsafe { (*a.add(k), *b.add(k)) };
            match self.kind(k) {
                F64 => f64::from_bits(x) == f64::from_bits(y),
                F32 => f32::from_bits(x as u32) == f32::from_bits(y as u32),
                BOOL => (x & 0xff != 0) == (y & 0xff != 0),
                // SAFETY: REF slots hold live lists of one element type.
                REF => {
                    x == y || unsafe { oxjit_rt_list_eq(x as *mut MemInfo, y as *mut MemInfo) } != 0
                }
                // SAFETY: STR slots hold live strings.
                STR => unsafe {
                    crate::str::oxjit_rt_str_cmp(x as *mut MemInfo, y as *mut MemInfo) == 0
                },
                _ => x == y,
            }
        })
    }

    /// `repr` of an element, as CPython writes it (`(1, 2.5)`, `[1, 2]`).
    unsafe fn elem_repr(&self, x: *const u64) -> String {
        let parts: Vec<String> = (0..self.w())
            .map(|k| {
                // SAFETY: `x` holds `width` slots.
                let v = unsafe { *x.add(k) };
                match self.kind(k) {
                    F64 => crate::format::float_repr(f64::from_bits(v)),
                    F32 => crate::format::float_repr(f32::from_bits(v as u32) as f64),
                    BOOL => if v & 0xff != 0 { "True" } else { "False" }.to_string(),
                    REF => {
                        // SAFETY: a live list.
                        let inner = unsafe { list(v as *mut MemInfo) };
                        let items: Vec<String> = (0..inner.len as usize)
                            // SAFETY: in bounds.
                            .map(|i| unsafe { inner.elem_repr(inner.elem(i)) })
                            .collect();
                        format!("[{}]", items.join(", "))
                    }
                    OBJ => format!("<jitclass instance at {v:#x}>"),
                    // SAFETY: a live string.
                    STR => crate::str_convert::repr(
                        &unsafe { crate::str::str_of(v as *mut MemInfo) }.text,
                    ),
                    _ => (v as i64).to_string(),
                }
            })
            .collect();
        if self.width == 1 {
            parts.join("")
        } else {
            format!("({})", parts.join(", "))
        }
    }
    /// Python's `<` of two elements (tuples lexicographically).
    pub(crate) unsafe fn elem_lt(&self, a: *const u64, b: *const u64) -> bool {
        for k in 0..self.w() {
            // SAFETY: both point to `width` slots.
            let (x, y) = unsafe { (*a.add(k), *b.add(k)) };
            let ord = match self.kind(k) {
                F64 => f64::from_bits(x).partial_cmp(&f64::from_bits(y)),
                F32 => f32::from_bits(x as u32).partial_cmp(&f32::from_bits(y as u32)),
                BOOL => Some((x & 0xff != 0).cmp(&(y & 0xff != 0))),
                // SAFETY: STR slots hold live strings.
                STR => Some(
                    unsafe { crate::str::oxjit_rt_str_cmp(x as *mut MemInfo, y as *mut MemInfo) }
                        .cmp(&0),
                ),
                _ => Some((x as i64).cmp(&(y as i64))),
            };
            match ord {
                Some(Ordering::Equal) => continue,
                Some(o) => return o == Ordering::Less,
                // NaN: neither is less, and the tuple comparison stops here (as in CPython).
                None => return false,
            }
        }
        false
    }
}

/// # Safety
/// `m` is a live list meminfo.
pub(crate) unsafe fn list<'a>(m: *mut MemInfo) -> &'a mut List {
    // SAFETY: by the contract.
    unsafe { &mut *((*m).data as *mut List) }
}

unsafe fn free_list(data: *mut u8) {
    // SAFETY: `data` is the boxed list of a meminfo being freed.
    let l = unsafe { Box::from_raw(data as *mut List) };
    if l.has_refs() {
        for i in 0..l.len as usize {
            // SAFETY: in bounds.
            unsafe { l.decref_elem(l.elem(i)) };
        }
    }
    // SAFETY: from `realloc`.
    unsafe { libc::free(l.items.cast()) };
}

/// A new list of `len` zeroed elements of `width` slots (the caller fills them, handing the
/// list one reference to each object it stores).
pub extern "C" fn oxjit_rt_list_new(width: i64, schema: u64, len: i64) -> *mut MemInfo {
    let mut l = Box::new(List {
        len: 0,
        items: std::ptr::null_mut(),
        cap: 0,
        width: width.max(1),
        schema,
        dirty: 0,
    });
    l.reserve(len.max(0));
    // SAFETY: `len` elements were reserved.
    unsafe { std::ptr::write_bytes(l.items, 0, len.max(0) as usize * l.w()) };
    l.len = len.max(0);
    new_object(Box::into_raw(l).cast(), free_list)
}

/// Grow by one element and return its (zeroed) slots, for the caller to fill (`append`).
///
/// # Safety
/// `m` is a live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_push(m: *mut MemInfo) -> *mut u64 {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    l.reserve(1);
    l.len += 1;
    l.dirty = 1;
    // SAFETY: the new last element.
    unsafe {
        let e = l.elem(l.len as usize - 1);
        std::ptr::write_bytes(e, 0, l.w());
        e
    }
}

/// `insert(i, x)`: open a zeroed element at `i` (clamped as Python does) and return it.
///
/// # Safety
/// `m` is a live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_insert(m: *mut MemInfo, i: i64) -> *mut u64 {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let n = l.len;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    l.reserve(1);
    let w = l.w();
    // SAFETY: moving the tail one element up inside the reserved capacity.
    unsafe {
        let e = l.elem(i);
        std::ptr::copy(e, e.add(w), (n as usize - i) * w);
        std::ptr::write_bytes(e, 0, w);
        l.len += 1;
        l.dirty = 1;
        e
    }
}

/// `pop(i)`: move element `i` into `out` (the caller takes its references). Status 1 with
/// `IndexError` on an empty list or an index out of range.
///
/// # Safety
/// `m` is a live list meminfo; `out` holds `width` slots.
pub unsafe extern "C" fn oxjit_rt_list_pop(m: *mut MemInfo, i: i64, out: *mut u64) -> i32 {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let n = l.len;
    if n == 0 {
        set_error(ErrorKind::IndexError, "pop from empty list".into());
        return 1;
    }
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        set_error(ErrorKind::IndexError, "pop index out of range".into());
        return 1;
    }
    let (w, j) = (l.w(), j as usize);
    // SAFETY: `j < n`; the tail moves down one element.
    unsafe {
        let e = l.elem(j);
        std::ptr::copy_nonoverlapping(e, out, w);
        std::ptr::copy(e.add(w), e, (n as usize - j - 1) * w);
    }
    l.len -= 1;
    l.dirty = 1;
    0
}

/// `clear()`.
///
/// # Safety
/// `m` is a live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_clear(m: *mut MemInfo) {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let n = l.len as usize;
    l.len = 0;
    l.dirty = 1;
    if l.has_refs() {
        for i in 0..n {
            // SAFETY: the old elements are still in place.
            unsafe { l.decref_elem(l.elem(i)) };
        }
    }
}

/// A new list of elements `start, start+step, ...` (`count` of them) of `m`, sharing its
/// objects (each gets a reference). Used by slicing, `copy()`, `list(lst)`.
///
/// # Safety
/// `m` is a live list meminfo and the range lies inside it.
unsafe fn gather(m: *mut MemInfo, start: i64, step: i64, count: i64) -> *mut MemInfo {
    // SAFETY: by the contract.
    let src = unsafe { list(m) };
    let out = oxjit_rt_list_new(src.width, src.schema, count);
    // SAFETY: `out` is fresh with `count` elements.
    let dst = unsafe { list(out) };
    for k in 0..count {
        // SAFETY: in bounds by the contract.
        unsafe {
            let e = src.elem((start + k * step) as usize);
            std::ptr::copy_nonoverlapping(e, dst.elem(k as usize), src.w());
            src.incref_elem(e);
        }
    }
    out
}

/// `lst[start:stop:step]` (a new list); `has` bit 0/1/2 says whether start/stop/step were
/// given. Status through a null result: `ValueError` for a zero step.
///
/// # Safety
/// `m` is a live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_slice(
    m: *mut MemInfo,
    start: i64,
    stop: i64,
    step: i64,
    has: i64,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let n = unsafe { list(m) }.len;
    let Some((a, count, step)) = crate::str::slice_of(n, start, stop, step, has) else {
        return std::ptr::null_mut();
    };
    // SAFETY: the elements lie inside the list.
    unsafe { gather(m, a, step, count) }
}

/// `lst.copy()`.
///
/// # Safety
/// `m` is a live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_copy(m: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: the whole list.
    unsafe { gather(m, 0, 1, list(m).len) }
}

/// `a.extend(b)` (also `a += b`); `b` may be `a`.
///
/// # Safety
/// Both are live list meminfos with the same element layout.
pub unsafe extern "C" fn oxjit_rt_list_extend(a: *mut MemInfo, b: *mut MemInfo) {
    // SAFETY: by the contract (read `b`'s length before `a` grows: they may be one list).
    let n = unsafe { list(b) }.len;
    let la = unsafe { list(a) };
    la.reserve(n);
    let w = la.w();
    for k in 0..n as usize {
        // SAFETY: `b`'s items are re-read after the reservation (it may be `a`).
        unsafe {
            let lb = list(b);
            let src = lb.elem(k);
            let dst = la.items.add((la.len as usize + k) * w);
            std::ptr::copy_nonoverlapping(src, dst, w);
            la.incref_elem(src);
        }
    }
    la.len += n;
    la.dirty = 1;
}

/// `a + b`: a new list.
///
/// # Safety
/// As [`oxjit_rt_list_extend`].
pub unsafe extern "C" fn oxjit_rt_list_concat(a: *mut MemInfo, b: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: by the contract.
    unsafe {
        let out = oxjit_rt_list_copy(a);
        oxjit_rt_list_extend(out, b);
        out
    }
}

/// `a * n`: a new list (empty for `n <= 0`).
///
/// # Safety
/// `a` is a live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_repeat(a: *mut MemInfo, n: i64) -> *mut MemInfo {
    // SAFETY: by the contract.
    let src = unsafe { list(a) };
    let out = oxjit_rt_list_new(src.width, src.schema, 0);
    // The whole result is reserved first: a size beyond memory is CPython's `MemoryError`
    // (null, error pending), not an abort halfway.
    let total = src.len.checked_mul(n.max(0));
    // SAFETY: a fresh list.
    if !total.is_some_and(|t| unsafe { list(out) }.try_reserve(t)) {
        oxjit_rt_decref(out);
        set_error(ErrorKind::MemoryError, String::new());
        return std::ptr::null_mut();
    }
    for _ in 0..n.max(0) {
        // SAFETY: both live; `out` is not `a`.
        unsafe { oxjit_rt_list_extend(out, a) };
    }
    out
}

/// Position of the first element equal to `x` in `[start, stop)` (clamped as `list.index`
/// does), or -1.
///
/// # Safety
/// `m` is a live list meminfo; `x` holds `width` slots.
pub unsafe extern "C" fn oxjit_rt_list_find(
    m: *mut MemInfo,
    x: *const u64,
    start: i64,
    stop: i64,
) -> i64 {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let n = l.len;
    let clamp = |v: i64| if v < 0 { (v + n).max(0) } else { v.min(n) };
    for i in clamp(start)..clamp(stop) {
        // SAFETY: in bounds.
        if unsafe { l.elem_eq(l.elem(i as usize), x) } {
            return i;
        }
    }
    -1
}

/// `lst.index(x, start, stop)`: the position, or -1 with `ValueError` ("x is not in list",
/// with `repr(x)` as CPython writes it) pending.
///
/// # Safety
/// As [`oxjit_rt_list_find`].
pub unsafe extern "C" fn oxjit_rt_list_index(
    m: *mut MemInfo,
    x: *const u64,
    start: i64,
    stop: i64,
) -> i64 {
    // SAFETY: by the contract.
    let i = unsafe { oxjit_rt_list_find(m, x, start, stop) };
    if i < 0 {
        // SAFETY: as above; `x` holds one element.
        let text = unsafe { list(m).elem_repr(x) };
        set_error(ErrorKind::ValueError, format!("{text} is not in list"));
    }
    i
}

/// `lst.count(x)`.
///
/// # Safety
/// As [`oxjit_rt_list_find`].
pub unsafe extern "C" fn oxjit_rt_list_count(m: *mut MemInfo, x: *const u64) -> i64 {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    (0..l.len as usize)
        // SAFETY: in bounds.
        .filter(|&i| unsafe { l.elem_eq(l.elem(i), x) })
        .count() as i64
}

/// Remove element `i` (in range), releasing its references (`remove`, `del lst[i]`).
///
/// # Safety
/// `m` is a live list meminfo, `0 <= i < len`.
pub unsafe extern "C" fn oxjit_rt_list_delete(m: *mut MemInfo, i: i64) {
    // SAFETY: by the contract; `i` is in range, so the pop cannot fail.
    unsafe {
        let mut tmp = vec![0u64; list(m).w()];
        oxjit_rt_list_pop(m, i, tmp.as_mut_ptr());
        list(m).decref_elem(tmp.as_ptr());
    }
}

/// `a == b` for lists of the same element type.
///
/// # Safety
/// Both are live list meminfos with the same element layout.
pub unsafe extern "C" fn oxjit_rt_list_eq(a: *mut MemInfo, b: *mut MemInfo) -> i8 {
    // SAFETY: by the contract.
    let (la, lb) = unsafe { (list(a), list(b)) };
    if la.len != lb.len {
        return 0;
    }
    // SAFETY: in bounds.
    (0..la.len as usize).all(|i| unsafe { la.elem_eq(la.elem(i), lb.elem(i)) }) as i8
}

/// `reverse()`.
///
/// # Safety
/// `m` is a live list meminfo.
pub unsafe extern "C" fn oxjit_rt_list_reverse(m: *mut MemInfo) {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let (n, w) = (l.len as usize, l.w());
    for i in 0..n / 2 {
        // SAFETY: two distinct elements in bounds.
        unsafe { std::ptr::swap_nonoverlapping(l.elem(i), l.elem(n - 1 - i), w) };
    }
    l.dirty = 1;
}

/// `sort(reverse=...)`: a stable merge sort that only asks "less than", as CPython's sort
/// does, so equal elements keep their order. With `reverse`, as CPython: reverse, sort
/// ascending, reverse again (equal elements still keep their order).
///
/// # Safety
/// `m` is a live list meminfo whose schema has no `REF` slots.
pub unsafe extern "C" fn oxjit_rt_list_sort(m: *mut MemInfo, reverse: i8) {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let (n, w) = (l.len as usize, l.w());
    if reverse != 0 {
        // SAFETY: live list.
        unsafe { oxjit_rt_list_reverse(m) };
    }
    if w == 1 && matches!(l.kind(0), I64 | F64) {
        // One number per element: Rust's stable sort on the values (for floats only when no
        // NaN is present: then "less than" is a total preorder and both sorts agree).
        // SAFETY: `n` one-slot elements.
        let items = unsafe { std::slice::from_raw_parts_mut(l.items, n) };
        let done = if l.kind(0) == I64 {
            items.sort_by_key(|x| *x as i64);
            true
        } else if items.iter().all(|x| !f64::from_bits(*x).is_nan()) {
            // -0.0 equals 0.0 and keeps its place, as in CPython.
            items.sort_by(|a, b| {
                f64::from_bits(*a)
                    .partial_cmp(&f64::from_bits(*b))
                    .unwrap_or(Ordering::Equal)
            });
            true
        } else {
            false
        };
        if done {
            if reverse != 0 {
                // SAFETY: live list.
                unsafe { oxjit_rt_list_reverse(m) };
            }
            l.dirty = 1;
            return;
        }
    }
    // SAFETY: positions are in bounds.
    let order = merge_order(n, |a, b| unsafe { l.elem_lt(l.elem(a), l.elem(b)) });
    // SAFETY: `order` is a permutation of the list's positions.
    unsafe { permute(l, &order) };
    if reverse != 0 {
        // SAFETY: live list.
        unsafe { oxjit_rt_list_reverse(m) };
    }
    l.dirty = 1;
}

/// The stable order of positions `0..n` under `lt` (a bottom-up merge sort that only asks "less
/// than", as CPython's sort does: equal elements keep their order).
fn merge_order(n: usize, lt: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut buf = vec![0usize; n];
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                // Take from the right run only when strictly less (stability).
                if lt(order[j], order[i]) {
                    buf[k] = order[j];
                    j += 1;
                } else {
                    buf[k] = order[i];
                    i += 1;
                }
                k += 1;
            }
            buf[k..k + mid - i].copy_from_slice(&order[i..mid]);
            let k2 = k + mid - i;
            buf[k2..k2 + hi - j].copy_from_slice(&order[j..hi]);
            lo = hi;
        }
        std::mem::swap(&mut order, &mut buf);
        width *= 2;
    }
    order
}

/// Rearrange the elements of `l`: element `k` becomes the old element `order[k]`.
///
/// # Safety
/// `order` is a permutation of `0..l.len`.
unsafe fn permute(l: &mut List, order: &[usize]) {
    let (n, w) = (order.len(), l.w());
    let mut sorted = vec![0u64; n * w];
    for (k, &p) in order.iter().enumerate() {
        // SAFETY: `p < n`.
        unsafe { std::ptr::copy_nonoverlapping(l.elem(p), sorted.as_mut_ptr().add(k * w), w) };
    }
    // SAFETY: the same number of slots.
    unsafe { std::ptr::copy_nonoverlapping(sorted.as_ptr(), l.items, n * w) };
}

/// `sort(key=f, reverse=...)` once the keys are computed: `keys` holds `f(x)` of each element
/// of `m`, in order. As CPython: reverse both, sort stably by key, reverse again.
///
/// # Safety
/// Both are live list meminfos of the same length; `keys` has no `REF` slots.
pub unsafe extern "C" fn oxjit_rt_list_sort_by_keys(
    m: *mut MemInfo,
    keys: *mut MemInfo,
    reverse: i8,
) {
    // SAFETY: by the contract.
    let (l, k) = unsafe { (list(m), list(keys)) };
    let n = l.len.min(k.len) as usize;
    if reverse != 0 {
        // SAFETY: live lists.
        unsafe {
            oxjit_rt_list_reverse(m);
            oxjit_rt_list_reverse(keys);
        }
    }
    // SAFETY: positions are in bounds.
    let order = merge_order(n, |a, b| unsafe { k.elem_lt(k.elem(a), k.elem(b)) });
    // SAFETY: a permutation of the positions.
    unsafe { permute(l, &order) };
    if reverse != 0 {
        // SAFETY: live list.
        unsafe { oxjit_rt_list_reverse(m) };
    }
    l.dirty = 1;
}

/// `sum(lst)` (`op` 0), `min(lst)` (1), `max(lst)` (2), `any(lst)` (3), `all(lst)` (4) of a
/// list of one-slot numbers, written to `out`: sums of ints and bools wrap at 64 bits (as oxjit's ints), sums of floats add left
/// to right in float64 (as CPython before 3.12); `min`/`max` keep the first extreme (as
/// CPython: a later element replaces it only when strictly smaller/greater). Status 1 with
/// `ValueError` for `min`/`max` of an empty list.
///
/// # Safety
/// `m` is a live list meminfo of one-slot numeric elements; `out` holds one slot.
pub unsafe extern "C" fn oxjit_rt_list_reduce(m: *mut MemInfo, op: i64, out: *mut u64) -> i32 {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let n = l.len as usize;
    let kind = l.kind(0);
    // SAFETY: in bounds.
    let at = |i: usize| unsafe { *l.elem(i) };
    if op == 0 {
        let bits = match kind {
            F64 => (0..n)
                .fold(0.0f64, |s, i| s + f64::from_bits(at(i)))
                .to_bits(),
            F32 => (0..n)
                .fold(0.0f64, |s, i| s + f32::from_bits(at(i) as u32) as f64)
                .to_bits(),
            BOOL => (0..n).filter(|&i| at(i) & 0xff != 0).count() as u64,
            _ => (0..n).fold(0i64, |s, i| s.wrapping_add(at(i) as i64)) as u64,
        };
        // SAFETY: one slot.
        unsafe { *out = bits };
        return 0;
    }
    if op == 3 || op == 4 {
        // Python's truth of each number (NaN is true); `any` of nothing is false, `all` true.
        let truth = |i: usize| match kind {
            F64 => f64::from_bits(at(i)) != 0.0,
            F32 => f32::from_bits(at(i) as u32) != 0.0,
            BOOL => at(i) & 0xff != 0,
            _ => at(i) != 0,
        };
        let r = if op == 3 {
            (0..n).any(truth)
        } else {
            (0..n).all(truth)
        };
        // SAFETY: one slot.
        unsafe { *out = r as u64 };
        return 0;
    }
    if n == 0 {
        let what = if op == 1 { "min" } else { "max" };
        set_error(
            ErrorKind::ValueError,
            format!("{what}() arg is an empty sequence"),
        );
        return 1;
    }
    let mut best = 0;
    for i in 1..n {
        // SAFETY: both in bounds.
        let better = unsafe {
            let (x, b) = (l.elem(i) as *const u64, l.elem(best) as *const u64);
            if op == 1 {
                l.elem_lt(x, b)
            } else {
                l.elem_lt(b, x)
            }
        };
        if better {
            best = i;
        }
    }
    // SAFETY: one slot.
    unsafe { *out = at(best) };
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe fn ints(m: *mut MemInfo) -> Vec<i64> {
        let l = unsafe { list(m) };
        (0..l.len as usize)
            .map(|i| unsafe { *l.elem(i) } as i64)
            .collect()
    }

    #[test]
    fn push_insert_pop_slice_sort() {
        let m = oxjit_rt_list_new(1, I64, 0);
        unsafe {
            for x in [5i64, 3, 9, 1] {
                *oxjit_rt_list_push(m) = x as u64;
            }
            *oxjit_rt_list_insert(m, -1) = 7;
            assert_eq!(ints(m), vec![5, 3, 9, 7, 1]);
            let mut out = 0u64;
            assert_eq!(oxjit_rt_list_pop(m, 0, &mut out), 0);
            assert_eq!(out, 5);
            let s = oxjit_rt_list_slice(m, 0, 0, -1, 4);
            assert_eq!(ints(s), vec![1, 7, 9, 3]);
            oxjit_rt_list_sort(s, 0);
            assert_eq!(ints(s), vec![1, 3, 7, 9]);
            assert_eq!(oxjit_rt_list_find(s, &7, 0, i64::MAX), 2);
            release_both(m, s);
        }
    }

    unsafe fn release_both(a: *mut MemInfo, b: *mut MemInfo) {
        unsafe {
            oxjit_rt_decref(a);
            oxjit_rt_decref(b);
        }
    }
}
