//! The thread pool compiled code runs parallel loops on (rayon), and its size.
//!
//! A parallel loop is a kernel `fn(env, chunk) -> status` run once per chunk index; chunks are
//! fixed slices of the iteration space, so results do not depend on the number of threads or on
//! scheduling. An error in a kernel (set in the worker thread's error slot) is moved to the
//! calling thread, the one of the lowest failing chunk.

use crate::errors::{set_pending, take_error, RuntimeError};
use rayon::prelude::*;
use std::sync::{Arc, RwLock};

static POOL: RwLock<Option<Arc<rayon::ThreadPool>>> = RwLock::new(None);

fn default_threads() -> usize {
    for var in ["OXJIT_NUM_THREADS", "NUMBA_NUM_THREADS"] {
        if let Some(n) = std::env::var(var)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
        {
            if n > 0 {
                return n;
            }
        }
    }
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn build(n: usize) -> Option<Arc<rayon::ThreadPool>> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("oxjit-worker-{i}"))
        .build()
        .ok()
        .map(Arc::new)
}

fn pool() -> Option<Arc<rayon::ThreadPool>> {
    if let Ok(p) = POOL.read() {
        if let Some(p) = p.as_ref() {
            return Some(p.clone());
        }
    }
    let mut w = POOL.write().ok()?;
    if w.is_none() {
        *w = build(default_threads());
    }
    w.clone()
}

/// Set the number of threads parallel loops use (at least 1).
pub fn set_num_threads(n: usize) -> Result<(), String> {
    let n = n.max(1);
    let p = build(n).ok_or_else(|| format!("cannot start a pool of {n} threads"))?;
    let mut w = POOL
        .write()
        .map_err(|_| "thread pool lock poisoned".to_string())?;
    *w = Some(p);
    Ok(())
}

/// The number of threads parallel loops use.
pub fn get_num_threads() -> usize {
    pool().map_or(1, |p| p.current_num_threads())
}

/// A compiled kernel: `env` is the captured state, `chunk` the chunk index.
pub type Kernel = extern "C" fn(env: *const u8, chunk: i64) -> i32;

/// Run `kernel(env, c)` for every chunk `c` in `0..nchunks` on the pool; 0 on success, 1 if a
/// kernel failed (its error is then pending in this thread).
///
/// # Safety
/// `kernel` is a compiled kernel and `env` the state it expects, valid for the whole call.
pub unsafe extern "C" fn oxjit_rt_parallel_for(
    kernel: Kernel,
    env: *const u8,
    nchunks: i64,
) -> i32 {
    let env_addr = env as usize;
    let run = move || -> Option<(i64, Option<RuntimeError>)> {
        (0..nchunks.max(0))
            .into_par_iter()
            .filter_map(|c| {
                // Ctrl-C is polled between chunks (a chunk is short).
                if crate::interrupt::check() {
                    return Some((c, take_error()));
                }
                if kernel(env_addr as *const u8, c) == 0 {
                    None
                } else {
                    Some((c, take_error()))
                }
            })
            .min_by_key(|(c, _)| *c)
    };
    let failed = match pool() {
        Some(p) => p.install(run),
        None => run(),
    };
    match failed {
        None => 0,
        Some((_, err)) => {
            if let Some(e) = err {
                set_pending(e);
            }
            1
        }
    }
}

/// `f(c)` for every chunk `c` in `0..nchunks`, in chunk order: on the pool when there are at
/// least `min_parallel` chunks and the pool has several threads, else in this thread. `f` must
/// not fail (runtime routines such as the SIMD sums).
pub fn map_chunks<F>(nchunks: usize, min_parallel: usize, f: F) -> Vec<f64>
where
    F: Fn(usize) -> f64 + Sync + Send,
{
    match pool() {
        Some(p) if nchunks >= min_parallel && p.current_num_threads() > 1 => {
            p.install(|| (0..nchunks).into_par_iter().map(&f).collect())
        }
        _ => (0..nchunks).map(f).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" fn add_chunk(env: *const u8, chunk: i64) -> i32 {
        // SAFETY: the test passes an array of 8 atomics.
        let cells = unsafe { &*(env as *const [std::sync::atomic::AtomicI64; 8]) };
        cells[chunk as usize].fetch_add(chunk + 1, std::sync::atomic::Ordering::Relaxed);
        0
    }

    #[test]
    fn every_chunk_runs_once() {
        let cells: [std::sync::atomic::AtomicI64; 8] = Default::default();
        let st = unsafe { oxjit_rt_parallel_for(add_chunk, cells.as_ptr() as *const u8, 8) };
        assert_eq!(st, 0);
        for (i, c) in cells.iter().enumerate() {
            assert_eq!(c.load(std::sync::atomic::Ordering::Relaxed), i as i64 + 1);
        }
    }
}
