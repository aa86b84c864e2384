//! `jitclass` instances: a reference-counted object whose data is one word of reference mask
//! followed by the fields as flat 8-byte slots (numbers inline; arrays, lists, strings and
//! other instances as their `MemInfo` pointers, owned by the instance). The mask has bit `k`
//! set when slot `k` holds a reference; freeing the instance releases those.
//!
//! Compiled code reads and writes fields at `data + 8 * (1 + slot)` ([`FIELDS_OFFSET`]).
//!
//! Arrays stored in fields must be owned: a NumPy array passed in from Python is only borrowed
//! for the call (its meminfo is tagged), so [`oxjit_rt_own_array`] adopts it through a hook
//! the binding installs ([`set_adopt_hook`]), which keeps the NumPy array alive from a new
//! `MemInfo`.

use crate::errors::{set_error, ErrorKind};
use crate::memory::{new_object, oxjit_rt_decref, oxjit_rt_incref, MemInfo};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Byte offset of slot 0 in an instance's data (after the reference mask).
pub const FIELDS_OFFSET: i32 = 8;

unsafe fn free_instance(data: *mut u8) {
    // SAFETY: `data` was allocated by `oxjit_rt_instance_new`: the mask, then the slots.
    unsafe {
        let words = data.cast::<u64>();
        let mut mask = *words;
        while mask != 0 {
            let k = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            oxjit_rt_decref(*words.add(1 + k) as *mut MemInfo);
        }
        libc::free(data.cast());
    }
}

/// A new instance with `slots` zeroed fields and reference mask `ref_mask` (one reference).
/// Null when memory runs out (a `MemoryError` is pending).
pub extern "C" fn oxjit_rt_instance_new(slots: i64, ref_mask: u64) -> *mut MemInfo {
    let n = 1 + slots.max(0) as usize;
    // SAFETY: plain C allocation of `n` words.
    let data: *mut u64 = unsafe { libc::calloc(n, 8).cast() };
    if data.is_null() {
        set_error(
            ErrorKind::MemoryError,
            "cannot allocate a jitclass instance".into(),
        );
        return std::ptr::null_mut();
    }
    // SAFETY: `data` holds `n >= 1` words.
    unsafe { *data = ref_mask };
    new_object(data.cast(), free_instance)
}

/// The data of a live instance: the slots (for the binding and tests).
///
/// # Safety
/// `m` is a live instance made by [`oxjit_rt_instance_new`].
pub unsafe fn fields(m: *mut MemInfo) -> *mut u64 {
    // SAFETY: by the contract.
    unsafe { (*m).data.cast::<u64>().add(1) }
}

/// Turns a borrowed (tagged) array meminfo into an owned `MemInfo` keeping the array alive;
/// null on failure (with an error pending).
pub type AdoptHook = unsafe fn(*mut MemInfo) -> *mut MemInfo;

static ADOPT: AtomicUsize = AtomicUsize::new(0);

/// Install the hook that adopts borrowed arrays (the binding does this once).
pub fn set_adopt_hook(hook: AdoptHook) {
    ADOPT.store(hook as usize, Ordering::Release);
}

/// An owned reference for storing array meminfo `m` in an object, written to `out`: a runtime
/// meminfo (or null) gets a reference, a borrowed NumPy array is adopted. Non-zero when the
/// array cannot be adopted (read-only, or no hook installed); the error is pending.
///
/// # Safety
/// `m` is null, tagged by the binding, or a live `MemInfo`; `out` is writable.
pub unsafe extern "C" fn oxjit_rt_own_array(m: *mut MemInfo, out: *mut *mut MemInfo) -> i32 {
    let tagged = (m as usize) & 1 != 0;
    if !tagged {
        // SAFETY: null or live, by the contract.
        unsafe {
            oxjit_rt_incref(m);
            *out = m;
        }
        return 0;
    }
    if (m as usize) & 2 != 0 {
        set_error(
            ErrorKind::ValueError,
            "cannot store a read-only array in a jitclass field (pass a writable copy)".into(),
        );
        return 1;
    }
    let hook = ADOPT.load(Ordering::Acquire);
    if hook == 0 {
        set_error(
            ErrorKind::RuntimeError,
            "no owner for borrowed arrays is installed".into(),
        );
        return 1;
    }
    // SAFETY: only `set_adopt_hook` stores here, from an `AdoptHook`.
    let hook: AdoptHook = unsafe { std::mem::transmute::<usize, AdoptHook>(hook) };
    // SAFETY: a tagged pointer from the binding, which the hook understands.
    let owned = unsafe { hook(m) };
    if owned.is_null() {
        return 1;
    }
    // SAFETY: writable by the contract.
    unsafe { *out = owned };
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{live_allocations, oxjit_rt_alloc};

    #[test]
    fn an_instance_releases_the_objects_in_its_fields() {
        let before = live_allocations();
        let inst = oxjit_rt_instance_new(3, 0b100);
        let arr = oxjit_rt_alloc(16, 1);
        // SAFETY: live objects made above; slot 2 is the reference slot.
        unsafe {
            *fields(inst).add(0) = 7;
            *fields(inst).add(2) = arr as u64;
            oxjit_rt_decref(inst);
        }
        assert_eq!(live_allocations(), before);
    }
}
