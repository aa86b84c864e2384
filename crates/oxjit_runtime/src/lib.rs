//! oxjit's runtime: what compiled code calls. Memory for arrays created by compiled code
//! (reference-counted [`memory::MemInfo`]), the pending-error slot, math helpers with Python
//! semantics, and NumPy's legacy random streams. Every entry point is a plain `extern "C"`
//! function registered with the JIT by [`symbols`]; none of them unwinds.

pub mod errors;
pub mod math;
pub mod memory;
pub mod parallel;
pub mod random;
pub mod sort;

/// Every runtime function compiled code may call, by symbol name.
pub fn symbols() -> Vec<(&'static str, *const u8)> {
    let mut v = Vec::new();
    v.extend(memory::symbols());
    v.extend(errors::symbols());
    v.extend(math::symbols());
    v.extend(sort::symbols());
    v.extend(random::symbols());
    v.extend(parallel::symbols());
    v
}

/// `(name, fn as *const u8)` pairs, for the symbol tables of each module.
#[macro_export]
macro_rules! symbol_table {
    ($($f:ident),* $(,)?) => {
        vec![$((stringify!($f), $f as *const u8)),*]
    };
}
