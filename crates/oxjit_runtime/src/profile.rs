//! Per-line profiling (`oxjit.profile`): the counters an instrumented compile charges.
//!
//! Code compiled with `Options::profile` calls [`oxjit_rt_profile_line`] whenever execution
//! enters a source line (a statement start, the first instruction of a block, the loop test at
//! the bottom of a loop) with the line's slot number in the module. The call reads a cheap
//! clock (the time-stamp counter on x86-64, calibrated against `Instant` over the session;
//! `Instant` elsewhere), charges the time since the previous call to the previous line and
//! counts a hit for the new line. After a call into a jitted callee returns, the code calls it
//! again with `hit = 0`: the callee's last line is charged up to here and the caller's line
//! becomes current again without a new hit (so a call line's time excludes its callee's lines).
//! A return calls it with slot -1: the returning line is charged and no line is current until
//! the caller's next event (the dispatcher's boxing of the result is not charged).
//!
//! A session lives in a thread-local: [`start`] before the call, [`finish`] after it (also
//! after an error). Worker threads of parallel kernels have no session and record nothing
//! (instrumented code emits no calls in outlined kernels anyway).

use std::cell::RefCell;
use std::time::Instant;

/// The counters of one profiled call, indexed by line slot.
struct Session {
    hits: Vec<u64>,
    ticks: Vec<u64>,
    /// The slot time is charged to now (`usize::MAX` before the first line).
    current: usize,
    /// Clock reading at the last event.
    last: u64,
    /// Calibration: the clock and `Instant` at the start.
    start_ticks: u64,
    start_time: Instant,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// The per-line result of a session: hits and seconds per slot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineCounts {
    pub hits: Vec<u64>,
    pub seconds: Vec<f64>,
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn now() -> u64 {
    // SAFETY: `rdtsc` has no preconditions on x86-64.
    unsafe { core::arch::x86_64::_rdtsc() }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn now() -> u64 {
    use std::sync::OnceLock;
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

/// Start counting on this thread for code with `slots` line slots (replaces a session left
/// over by a call that never finished).
pub fn start(slots: usize) {
    let t = now();
    SESSION.with(|s| {
        *s.borrow_mut() = Some(Session {
            hits: vec![0; slots],
            ticks: vec![0; slots],
            current: usize::MAX,
            last: t,
            start_ticks: t,
            start_time: Instant::now(),
        })
    });
}

/// Stop counting: the time since the last event goes to the current line; the clock's ticks
/// are converted to seconds with the rate measured over the session. `None` without a session.
pub fn finish() -> Option<LineCounts> {
    let t = now();
    let elapsed = Instant::now();
    let mut session = SESSION.with(|s| s.borrow_mut().take())?;
    if let Some(slot) = session.ticks.get_mut(session.current) {
        *slot += t.wrapping_sub(session.last);
    }
    let wall = elapsed.duration_since(session.start_time).as_secs_f64();
    let ticks = t.wrapping_sub(session.start_ticks);
    let per_tick = if ticks > 0 { wall / ticks as f64 } else { 0.0 };
    Some(LineCounts {
        seconds: session.ticks.iter().map(|&k| k as f64 * per_tick).collect(),
        hits: session.hits,
    })
}

/// Compiled code entering line slot `slot` (`hit` 1), coming back to it from a jitted callee
/// (`hit` 0), or returning (`slot` -1): charge the time since the last event to the line that
/// was current.
pub extern "C" fn oxjit_rt_profile_line(slot: i64, hit: i64) {
    let t = now();
    SESSION.with(|s| {
        let Ok(mut guard) = s.try_borrow_mut() else {
            return;
        };
        let Some(session) = guard.as_mut() else {
            return;
        };
        if let Some(ticks) = session.ticks.get_mut(session.current) {
            *ticks += t.wrapping_sub(session.last);
        }
        let slot = usize::try_from(slot).unwrap_or(usize::MAX);
        if slot >= session.hits.len() {
            session.current = usize::MAX;
            session.last = now();
            return;
        }
        if hit != 0 && slot != session.current {
            session.hits[slot] += 1;
        }
        session.current = slot;
        session.last = now();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_hits_and_charges_the_previous_line() {
        start(3);
        oxjit_rt_profile_line(0, 1);
        for _ in 0..5 {
            oxjit_rt_profile_line(1, 1);
            oxjit_rt_profile_line(2, 1);
        }
        // Coming back from a callee: no new hit.
        oxjit_rt_profile_line(2, 0);
        // The same line again (a second statement on it): no new hit.
        oxjit_rt_profile_line(2, 1);
        // A return: nothing is current until the next event.
        oxjit_rt_profile_line(-1, 0);
        oxjit_rt_profile_line(0, 0);
        let c = finish().expect("a session");
        assert_eq!(c.hits, vec![1, 5, 5]);
        assert!(c.seconds.iter().all(|s| *s >= 0.0));
        assert!(finish().is_none());
    }

    #[test]
    fn no_session_records_nothing() {
        oxjit_rt_profile_line(0, 1);
        assert!(finish().is_none());
    }
}
