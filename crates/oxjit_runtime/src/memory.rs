//! Memory of arrays created by compiled code: a [`MemInfo`] header with an atomic reference
//! count, owning data from the C allocator. A meminfo pointer with its low bit set is not a `MemInfo`
//! but a borrowed reference to a NumPy array owned by the caller (the dispatcher keeps it
//! alive for the call); reference counting skips it, as it skips null. Bit 1 of such a tagged
//! pointer marks a read-only array: compiled code tests it before writing.

use std::sync::atomic::{AtomicI64, Ordering};

/// Large arrays are advised as transparent huge pages (as NumPy does), on their 2 MiB-aligned
/// interior: first touches then fault 2 MiB at a time. (The allocation itself keeps the small
/// alignment, so the C allocator can reuse freed blocks instead of mapping fresh pages.)
const HUGE: usize = 2 << 20;
const HUGE_FROM: usize = 4 << 20;

/// Header of a runtime-owned allocation. `data` is at offset 8 (compiled code reads it there).
#[repr(C)]
pub struct MemInfo {
    pub refcount: AtomicI64,
    pub data: *mut u8,
    /// Bytes of array memory; for objects (`new_object`: lists, tables) flag bits instead:
    /// [`crate::typed_api::TYPED`].
    pub nbytes: usize,
    /// How to free `data` when the count reaches zero: `None` for array memory from the C
    /// allocator; objects that own references (lists) release them here.
    pub free: Option<unsafe fn(*mut u8)>,
}

/// Offset of `MemInfo::data`, used by codegen.
pub const DATA_OFFSET: i32 = 8;
/// Offset of `MemInfo::nbytes` (an object's flags), used by codegen.
pub const NBYTES_OFFSET: i32 = 16;

/// Live allocations, for leak tests.
static LIVE: AtomicI64 = AtomicI64::new(0);

/// Number of runtime allocations not yet freed.
pub fn live_allocations() -> i64 {
    LIVE.load(Ordering::Relaxed)
}

fn is_managed(m: *mut MemInfo) -> bool {
    !m.is_null() && (m as usize) & 1 == 0
}

/// Allocate `nbytes` (zeroed if `zero != 0`) with reference count 1. Null on failure.
pub extern "C" fn oxjit_rt_alloc(nbytes: i64, zero: i8) -> *mut MemInfo {
    let size = nbytes.max(0) as usize;
    // The C allocator, as NumPy uses: it reuses freed large blocks (no fresh page faults on
    // every call) and `calloc` gets zero pages for free. 16-byte alignment suffices for every
    // element access compiled code makes.
    // SAFETY: plain C allocation of a non-zero size.
    let data: *mut u8 = unsafe {
        if zero != 0 {
            libc::calloc(size.max(1), 1).cast()
        } else {
            libc::malloc(size.max(1)).cast()
        }
    };
    if data.is_null() {
        return std::ptr::null_mut();
    }
    #[cfg(target_os = "linux")]
    if size >= HUGE_FROM {
        let start = (data as usize).div_ceil(HUGE) * HUGE;
        let end = (data as usize + size) / HUGE * HUGE;
        if end > start {
            // SAFETY: advice on memory we own; failure is harmless.
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
        }
    }
    LIVE.fetch_add(1, Ordering::Relaxed);
    Box::into_raw(Box::new(MemInfo {
        refcount: AtomicI64::new(1),
        data,
        nbytes: size,
        free: None,
    }))
}

/// A new meminfo with one reference owning `data`, freed by `free`.
pub fn new_object(data: *mut u8, free: unsafe fn(*mut u8)) -> *mut MemInfo {
    LIVE.fetch_add(1, Ordering::Relaxed);
    Box::into_raw(Box::new(MemInfo {
        refcount: AtomicI64::new(1),
        data,
        nbytes: 0,
        free: Some(free),
    }))
}

/// Add a reference (no-op for null and borrowed pointers).
///
/// # Safety
/// `m` is null, tagged, or a live `MemInfo` from [`oxjit_rt_alloc`].
pub unsafe extern "C" fn oxjit_rt_incref(m: *mut MemInfo) {
    if is_managed(m) {
        // SAFETY: managed pointers are live MemInfos.
        unsafe { (*m).refcount.fetch_add(1, Ordering::Relaxed) };
    }
}

/// Drop a reference, freeing the memory at zero (no-op for null and borrowed pointers).
///
/// # Safety
/// As [`oxjit_rt_incref`]; the caller owns the reference it drops.
pub unsafe extern "C" fn oxjit_rt_decref(m: *mut MemInfo) {
    if !is_managed(m) {
        return;
    }
    // SAFETY: managed pointers are live MemInfos.
    if unsafe { (*m).refcount.fetch_sub(1, Ordering::AcqRel) } == 1 {
        // SAFETY: last reference; the box and the data were allocated by `oxjit_rt_alloc`.
        unsafe {
            let b = Box::from_raw(m);
            match b.free {
                Some(free) => free(b.data),
                None => libc::free(b.data.cast()),
            }
        }
        LIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Fill `n` items of `itemsize` bytes at `data` with the low bytes of `pattern`.
///
/// # Safety
/// `data` points to at least `n * itemsize` writable bytes.
pub unsafe extern "C" fn oxjit_rt_fill(data: *mut u8, n: i64, itemsize: i64, pattern: u64) {
    let bytes = pattern.to_le_bytes();
    let k = itemsize.clamp(1, 8) as usize;
    let n = n.max(0) as usize;
    // One byte repeated (bools, int8, zeros): a memset. Otherwise a typed fill of whole items,
    // which the compiler vectorises (an element-by-element byte copy was 1.25 ns per byte).
    if bytes[..k].iter().all(|b| *b == bytes[0]) {
        // SAFETY: `n * k` writable bytes by the contract.
        unsafe { std::ptr::write_bytes(data, bytes[0], n * k) };
        return;
    }
    // SAFETY (each arm): `data` holds `n` items of `k` bytes, aligned to `k` for the typed arms.
    unsafe {
        match k {
            2 if (data as usize).is_multiple_of(2) => {
                std::slice::from_raw_parts_mut(data.cast::<u16>(), n).fill(pattern as u16)
            }
            4 if (data as usize).is_multiple_of(4) => {
                std::slice::from_raw_parts_mut(data.cast::<u32>(), n).fill(pattern as u32)
            }
            8 if (data as usize).is_multiple_of(8) => {
                std::slice::from_raw_parts_mut(data.cast::<u64>(), n).fill(pattern)
            }
            _ => {
                for i in 0..n {
                    std::ptr::copy_nonoverlapping(bytes.as_ptr(), data.add(i * k), k);
                }
            }
        }
    }
}

/// Copy a strided array of `ndim` axes into C order at `dst`.
///
/// # Safety
/// `shape`/`strides` hold `ndim` values each; `src` covers the strided extent, `dst` holds
/// the product of `shape` items.
pub unsafe extern "C" fn oxjit_rt_copy_to_c(
    src: *const u8,
    ndim: i64,
    shape: *const i64,
    strides: *const i64,
    itemsize: i64,
    dst: *mut u8,
) {
    let nd = ndim.max(0) as usize;
    // SAFETY: by the contract.
    let (shape, strides) = unsafe {
        (
            std::slice::from_raw_parts(shape, nd),
            std::slice::from_raw_parts(strides, nd),
        )
    };
    let total: i64 = shape.iter().product();
    if total <= 0 {
        return;
    }
    let k = itemsize as usize;
    // C-contiguous source (ignoring axes of length 1): one block copy.
    let mut expect = itemsize;
    let mut contiguous = true;
    for ax in (0..nd).rev() {
        if shape[ax] != 1 && strides[ax] != expect {
            contiguous = false;
            break;
        }
        expect *= shape[ax];
    }
    if contiguous {
        // SAFETY: both regions hold `total` items and do not overlap (dst is fresh).
        unsafe { std::ptr::copy_nonoverlapping(src, dst, total as usize * k) };
        return;
    }
    let mut idx = vec![0i64; nd];
    let mut out = dst;
    for _ in 0..total {
        let off: i64 = idx.iter().zip(strides).map(|(i, s)| i * s).sum();
        // SAFETY: offsets stay within the source array; dst has `total` items.
        unsafe {
            std::ptr::copy_nonoverlapping(src.offset(off as isize), out, k);
            out = out.add(k);
        }
        for ax in (0..nd).rev() {
            idx[ax] += 1;
            if idx[ax] < shape[ax] {
                break;
            }
            idx[ax] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::oxjit_rt_fill;

    #[test]
    fn fill_writes_every_item_with_its_pattern() {
        for (k, pattern) in [
            (1, 0x01),
            (1, 0xff),
            (2, 0x0102),
            (2, 0x0303),
            (4, 0x3f80_0000),
            (8, 1.0f64.to_bits()),
            (8, 0),
            (8, 0x4242_4242_4242_4242),
        ] {
            for n in [0usize, 1, 7, 33] {
                let mut buf = vec![0xaau8; n * k + 8];
                // SAFETY: the buffer holds n items of k bytes (and 8 more, left untouched).
                unsafe { oxjit_rt_fill(buf.as_mut_ptr(), n as i64, k as i64, pattern) };
                let want = &pattern.to_le_bytes()[..k];
                for i in 0..n {
                    assert_eq!(&buf[i * k..(i + 1) * k], want, "k={k} n={n} i={i}");
                }
                assert!(buf[n * k..].iter().all(|b| *b == 0xaa));
            }
        }
    }
}
