//! Deep recursion in compiled code raises `RecursionError` instead of overflowing the stack:
//! the prologue of every (mutually) recursive function calls [`oxjit_rt_check_stack`] when its
//! stack pointer is in the lowest 4 KiB of a 64 KiB window (so at least once per 64 KiB of
//! descent), which compares the stack pointer with a limit near the end of the thread's stack
//! (computed once per thread). Non-recursive functions never check.

use crate::errors::{set_error, ErrorKind};
use std::cell::Cell;

/// Room kept free below the limit: the 64 KiB compiled code may descend between two checks,
/// plus what the deepest frame still calls (runtime helpers, the unwind path). A quarter of the
/// stack, at most 256 KiB.
const MARGIN: usize = 256 << 10;

thread_local! {
    /// The lowest stack address compiled code may reach (0: not computed yet).
    static LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// The bounds `(low, size)` of this thread's stack.
#[cfg(target_os = "linux")]
fn stack_bounds() -> Option<(usize, usize)> {
    // SAFETY: pthread_getattr_np fills `attr` for the calling thread; destroyed after use.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(&mut attr);
        ok.then_some((addr as usize, size))
    }
}

#[cfg(not(target_os = "linux"))]
fn stack_bounds() -> Option<(usize, usize)> {
    None
}

fn limit(here: usize) -> usize {
    LIMIT.with(|l| {
        if l.get() == 0 {
            let v = match stack_bounds() {
                Some((low, size)) if here > low && here - low <= size => low + MARGIN.min(size / 4),
                // Unknown bounds: allow 1 MiB below the first check, as a safe default.
                _ => here.saturating_sub(1 << 20),
            };
            l.set(v.max(1));
        }
        l.get()
    })
}

/// Compiled code, prologue of a recursive function: 1 (with `RecursionError` pending) when the
/// stack is nearly exhausted, else 0.
pub extern "C" fn oxjit_rt_check_stack() -> i32 {
    let marker = 0u8;
    let here = std::hint::black_box(&marker) as *const u8 as usize;
    if here < limit(here) {
        set_error(
            ErrorKind::RecursionError,
            "maximum recursion depth exceeded".to_string(),
        );
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_stack_passes() {
        assert_eq!(oxjit_rt_check_stack(), 0);
        assert!(crate::errors::take_error().is_none());
    }

    fn recurse(n: u64) -> u64 {
        let pad = std::hint::black_box([n; 64]);
        if oxjit_rt_check_stack() != 0 {
            return n;
        }
        recurse(n + 1) + pad[3] - pad[5]
    }

    #[test]
    fn deep_recursion_is_stopped() {
        let depth = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(|| {
                let d = recurse(0);
                (d, crate::errors::take_error())
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(depth.0 > 100, "stopped too early: {}", depth.0);
        let err = depth.1.unwrap();
        assert_eq!(err.kind, ErrorKind::RecursionError);
    }
}
