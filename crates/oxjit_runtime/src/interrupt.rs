//! Ctrl-C in compiled code: a process-wide flag that compiled loops poll at their back edges
//! (one load and a never-taken branch), set by a SIGINT handler that chains to the handler it
//! replaced (Python's), so Python still sees every signal exactly as before.
//!
//! The flag only means "a SIGINT arrived since the last call from Python started"
//! ([`clear_stale`] runs at each call): compiled code that sees it raises a pending
//! `KeyboardInterrupt` and unwinds normally (releasing its arrays); the dispatcher then lets
//! Python run its own handler (which raises the one `KeyboardInterrupt`).

use crate::errors::{set_error, ErrorKind};
use std::sync::atomic::{AtomicU8, Ordering};

/// Set by the SIGINT handler; read by compiled code at loop back edges.
pub static INTERRUPTED: AtomicU8 = AtomicU8::new(0);

/// The address compiled code loads the flag from (a byte, non-zero when set).
pub fn flag_address() -> *const u8 {
    INTERRUPTED.as_ptr() as *const u8
}

/// A cell holding [`flag_address`], so compiled code can load the address once per function
/// (a value the code generator cannot treat as a constant).
static FLAG_CELL: &AtomicU8 = &INTERRUPTED;

/// The address of a word holding the flag's address.
pub fn flag_cell() -> *const *const u8 {
    &FLAG_CELL as *const &AtomicU8 as *const *const u8
}

/// Is an interrupt pending?
pub fn pending() -> bool {
    INTERRUPTED.load(Ordering::Relaxed) != 0
}

/// Request an interrupt (what the signal handler does; also for tests).
pub fn request() {
    INTERRUPTED.store(1, Ordering::Relaxed);
}

/// Forget a SIGINT that arrived while no compiled code ran (Python handled it). Called when a
/// call from Python starts: one load, a store only when the flag is set.
#[inline]
pub fn clear_stale() {
    if pending() {
        INTERRUPTED.store(0, Ordering::Relaxed);
    }
}

/// Compiled code (cold path of a loop back edge that saw the flag): raise `KeyboardInterrupt`.
pub extern "C" fn oxjit_rt_interrupt() {
    set_error(ErrorKind::KeyboardInterrupt, String::new());
}

/// Raise `KeyboardInterrupt` in the current thread if an interrupt is pending (between chunks
/// of parallel loops). True if it did.
pub fn check() -> bool {
    let p = pending();
    if p {
        oxjit_rt_interrupt();
    }
    p
}

#[cfg(unix)]
mod handler {
    use super::request;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    /// The handler ours replaced (`sa_sigaction` or `sa_handler`) and its flags.
    static PREVIOUS: AtomicUsize = AtomicUsize::new(0);
    static PREVIOUS_FLAGS: AtomicUsize = AtomicUsize::new(0);
    static LOCK: Mutex<()> = Mutex::new(());

    extern "C" fn on_sigint(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
        request();
        let prev = PREVIOUS.load(Ordering::Acquire);
        if prev == 0 {
            return;
        }
        let flags = PREVIOUS_FLAGS.load(Ordering::Acquire) as libc::c_int;
        // SAFETY: `prev` is the function the previous `sigaction` installed, called as it
        // expects to be (with `SA_SIGINFO` it takes three arguments).
        unsafe {
            if flags & libc::SA_SIGINFO != 0 {
                let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                    std::mem::transmute(prev);
                f(sig, info, ctx);
            } else {
                let f: extern "C" fn(libc::c_int) = std::mem::transmute(prev);
                f(sig);
            }
        }
    }

    /// Install the chaining handler unless it is installed already, or SIGINT is ignored or
    /// has its default action (then nothing would interrupt anything: leave it alone). One
    /// `sigaction` query when nothing changed.
    pub fn install() {
        let Ok(_guard) = LOCK.lock() else { return };
        // SAFETY: plain sigaction calls with initialised structures.
        unsafe {
            let mut cur: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(libc::SIGINT, std::ptr::null(), &mut cur) != 0 {
                return;
            }
            let ours = on_sigint as *const () as usize;
            if cur.sa_sigaction == ours
                || cur.sa_sigaction == libc::SIG_IGN
                || cur.sa_sigaction == libc::SIG_DFL
            {
                return;
            }
            PREVIOUS_FLAGS.store(cur.sa_flags as usize, Ordering::Release);
            PREVIOUS.store(cur.sa_sigaction, Ordering::Release);
            let mut new: libc::sigaction = std::mem::zeroed();
            new.sa_sigaction = ours;
            // Python's flags (no SA_RESTART: its blocking calls rely on EINTR to notice
            // signals), with three-argument calls.
            new.sa_flags = (cur.sa_flags | libc::SA_SIGINFO) & !libc::SA_RESETHAND;
            new.sa_mask = cur.sa_mask;
            libc::sigaction(libc::SIGINT, &new, std::ptr::null_mut());
        }
    }
}

/// Install the SIGINT handler that sets the flag (and chains to the current one). The first
/// call also starts a watchdog thread that puts the handler back in front every 50 ms when
/// something replaced it: Python's `signal.signal` installs its own C handler (IPython kernels
/// do so before every cell), which would leave compiled code deaf to Ctrl-C.
pub fn install_sigint_handler() {
    #[cfg(unix)]
    {
        handler::install();
        static WATCHDOG: std::sync::Once = std::sync::Once::new();
        WATCHDOG.call_once(|| {
            let _ = std::thread::Builder::new()
                .name("oxjit-sigint".to_string())
                .spawn(|| loop {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    handler::install();
                });
        });
    }
}
