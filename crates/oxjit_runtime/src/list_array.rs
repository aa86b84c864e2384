//! `numpy.array(lst)` / `numpy.asarray(lst)` of a list made by compiled code: a list of
//! numbers (1-D), of flat tuples of numbers or of equal-length lists of numbers (2-D rows),
//! copied into a new C-contiguous array with NumPy's conversions.

use crate::errors::{set_error, ErrorKind};
use crate::list::{list, List, BOOL, F32, F64, I64};
use crate::memory::MemInfo;

/// Converts `count` slots starting at `src` (slot `i` of kind `l.kind(i % width)`) into
/// `itemsize`-byte items at `dst`.
///
/// # Safety
/// `src` holds `count` slots; `dst` has room for `count` items.
unsafe fn convert(
    l: &List,
    src: *const u64,
    count: usize,
    dst: *mut u8,
    itemsize: i64,
    as_float: i8,
) {
    let w = l.w();
    let same = (0..w).all(|k| match l.kind(k) {
        I64 => as_float == 0 && itemsize == 8,
        F64 => as_float != 0 && itemsize == 8,
        _ => false,
    });
    if same {
        // The slots are the items: one copy.
        // SAFETY: `count` 8-byte items on both sides.
        unsafe { std::ptr::copy_nonoverlapping(src as *const u8, dst, count * 8) };
        return;
    }
    for i in 0..count {
        // SAFETY: in bounds (the slots are contiguous, element after element).
        let x = unsafe { *src.add(i) };
        let kind = l.kind(i % w);
        let (f, k) = match kind {
            F64 => (f64::from_bits(x), 0i64),
            F32 => (f32::from_bits(x as u32) as f64, 0),
            BOOL => ((x & 0xff != 0) as i64 as f64, (x & 0xff != 0) as i64),
            _ => (x as i64 as f64, x as i64),
        };
        let float_src = matches!(kind, F64 | F32);
        // SAFETY: item `i` of the destination.
        unsafe {
            let p = dst.add(i * itemsize as usize);
            match (as_float != 0, itemsize) {
                (true, 8) => *(p as *mut f64) = f,
                (true, _) => *(p as *mut f32) = f as f32,
                (false, 8) => *(p as *mut i64) = if float_src { f as i64 } else { k },
                (false, 4) => *(p as *mut i32) = k as i32,
                (false, _) => *p = (k != 0) as u8,
            }
        }
    }
}

/// A new C-contiguous array with the list's numbers (`numpy.array(lst)`): `n` items for
/// one-number elements, `n × width` (row-major) for tuples of numbers, converted to
/// `itemsize`-byte items: `as_float` says float64 (8) or float32 (4), else int64 (8), int32
/// (4) or bool/uint8 (1). Returns the array's meminfo.
///
/// # Safety
/// `m` is a live list meminfo of numeric slots.
pub unsafe extern "C" fn oxjit_rt_list_to_array(
    m: *mut MemInfo,
    itemsize: i64,
    as_float: i8,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let l = unsafe { list(m) };
    let total = l.len as usize * l.w();
    let out = crate::memory::oxjit_rt_alloc(total as i64 * itemsize, 0);
    // SAFETY: `out` is a fresh allocation of `total` items; the list holds `total` slots.
    unsafe { convert(l, l.items, total, (*out).data, itemsize, as_float) };
    out
}

/// `numpy.array(rows)` of a list of lists of numbers: a new C-contiguous `(n, k)` array, `k`
/// (written to `*width`) the rows' common length (0 for no rows). Rows of different lengths
/// raise NumPy's `ValueError` (a null result).
///
/// # Safety
/// `m` is a live list meminfo whose one slot per element is a list meminfo of number slots;
/// `width` is writable.
pub unsafe extern "C" fn oxjit_rt_rows_to_array(
    m: *mut MemInfo,
    itemsize: i64,
    as_float: i8,
    width: *mut i64,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let outer = unsafe { list(m) };
    let n = outer.len as usize;
    // SAFETY: each slot of the outer list is a live list meminfo.
    let row = |i: usize| unsafe { list(*outer.items.add(i) as *mut MemInfo) };
    let k = if n == 0 { 0 } else { row(0).len };
    if (0..n).any(|i| row(i).len != k) {
        set_error(
            ErrorKind::ValueError,
            format!(
                "setting an array element with a sequence. The requested array has an \
                 inhomogeneous shape after 1 dimensions. The detected shape was ({n},) + \
                 inhomogeneous part."
            ),
        );
        return std::ptr::null_mut();
    }
    let k = k as usize;
    let out = crate::memory::oxjit_rt_alloc((n * k) as i64 * itemsize, 0);
    for i in 0..n {
        let r = row(i);
        // SAFETY: row `i` of the fresh `(n, k)` allocation; the row holds `k` slots.
        unsafe {
            let dst = (*out).data.add(i * k * itemsize as usize);
            convert(r, r.items, k, dst, itemsize, as_float);
        }
    }
    // SAFETY: by the contract.
    unsafe { *width = k as i64 };
    out
}
