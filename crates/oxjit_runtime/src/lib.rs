//! oxjit's runtime: what compiled code calls. Memory for arrays created by compiled code
//! (reference-counted [`memory::MemInfo`]), the pending-error slot, math helpers with Python
//! semantics, and NumPy's legacy random streams. Every entry point is a plain `extern "C"`
//! function declared once in [`decls`] (the JIT's symbol table and the descriptors codegen
//! calls through); none of them unwinds.

pub mod complex;
pub mod complex_array;
pub mod complex_libm;
mod complex_special;
pub mod complex_ufunc;
pub mod decls;
pub mod errors;
pub mod exc_args;
pub mod fft;
pub mod fft_grid;
pub mod fft_transforms;
pub mod format;
pub mod fsum;
pub mod gamma;
pub mod gufunc;
pub mod histogram;
pub mod instance;
pub mod interrupt;
pub mod intmath;
pub mod join;
pub mod linalg;
pub mod list;
pub mod list_array;
pub mod list_edit;
pub mod manipulation;
pub mod math;
pub mod math_seq;
pub mod matrix_ops;
pub mod memory;
pub mod nd;
pub mod ordering;
pub mod pad;
pub mod parallel;
pub mod print;
pub mod profile;
pub mod radix;
pub mod random;
pub mod reorder;
pub mod rounding;
pub mod search;
pub mod select;
pub mod shape_ops;
pub mod signal;
pub mod slots;
pub mod sort;
pub mod stack;
pub mod stats;
pub mod str;
pub mod str_convert;
pub mod str_methods;
mod str_tables;
pub mod table;
pub mod table_ops;
pub mod typed_api;
pub mod vmath;

pub use decls::symbols;
