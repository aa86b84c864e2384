//! How compiled code passes arguments to slot routines (`numpy.linalg`, `numpy.fft` helpers)
//! and gets their results.
//!
//! Every routine has the signature `fn(args: *const i64, out: *mut i64) -> i32` (status 0 =
//! ok, 1 = error pending). `args` holds one slot of [`ARG_WORDS`] words per parameter of the
//! NumPy function, in parameter order:
//!
//! | word | array (tag 1) | int (tag 2) | float (tag 3) | bool (tag 4) | absent/None (tag 0) |
//! |---|---|---|---|---|---|
//! | 0 | data pointer | value | `f64` bits | 0 or 1 | – |
//! | 1 | ndim (0, 1 or 2) | | | | |
//! | 2, 3 | shape | | | | |
//! | 4, 5 | strides in bytes | | | | |
//! | 6 | dtype code ([`DT_F64`], ...) | | | | |
//! | 7 | tag | tag | tag | tag | tag |
//! | 8 .. 8+[`MAX_NDIM`] | every axis's length | | | | |
//! | 8+[`MAX_NDIM`] .. | every axis's stride in bytes | | | | |
//!
//! Words 2 to 5 repeat the first two axes for the routines that read at most two
//! ([`Args::array`]); [`Args::nd`] reads every axis. A parameter that was not given has tag
//! [`TAG_ABSENT`] (the routine applies NumPy's default), an explicit `None` [`TAG_NONE`]. A
//! sequence of arrays (`concatenate((a, b))`) has tag [`TAG_SEQ`]: word 0 points to one array
//! slot per item, word 1 is their number ([`Args::seq`]); each item slot has its tag, and a
//! sequence may also hold ints among its arrays ([`Args::items`]). A string has tag [`TAG_STR`] (only
//! for error messages: typing turns the literal strings routines act on into int codes).
//!
//! `out` holds one slot of [`OUT_WORDS`] words per result (the items of a returned tuple in
//! order): an array is `[meminfo, data, shape...]` (a new C-contiguous runtime array
//! with one reference; compiled code computes its strides), a float is its `f64` bits, an int
//! its value. Results are written only on success. Before the call, word 0 of an array
//! result's slot holds the dtype code typing gave it ([`Out::dtype`]), so a routine whose
//! result dtype is a promotion of its inputs' never disagrees with the compiler.

use crate::errors::{set_error, ErrorKind};
use crate::memory::{oxjit_rt_alloc, MemInfo};
use faer::Mat;

/// The most axes an array passed to or returned from a slot routine may have.
pub const MAX_NDIM: usize = 8;
/// Words per argument slot.
pub const ARG_WORDS: usize = 8 + 2 * MAX_NDIM;
/// Words per result slot.
pub const OUT_WORDS: usize = 2 + MAX_NDIM;

/// Argument tags (word 7 of a slot).
pub const TAG_NONE: i64 = 0;
pub const TAG_ARRAY: i64 = 1;
pub const TAG_INT: i64 = 2;
pub const TAG_FLOAT: i64 = 3;
pub const TAG_BOOL: i64 = 4;
/// A pair of numbers (`range=(lo, hi)`): words 0 and 1 hold their `f64` bits.
pub const TAG_PAIR: i64 = 5;
/// A sequence of arrays: word 0 points to their slots, word 1 is their number.
pub const TAG_SEQ: i64 = 6;
/// A string (only a literal string naming no keyword typing knows, so that the routine can
/// quote it in NumPy's error message: `fft(norm="bad")`): word 0 is the runtime string.
pub const TAG_STR: i64 = 7;
/// A parameter not given in the call (NumPy's default applies).
pub const TAG_ABSENT: i64 = 8;

/// Dtype codes of array arguments (word 6).
pub const DT_F64: i64 = 0;
pub const DT_F32: i64 = 1;
pub const DT_I64: i64 = 2;
pub const DT_I32: i64 = 3;
pub const DT_U8: i64 = 4;
pub const DT_BOOL: i64 = 5;
/// complex128 (two `f64` per element): read with [`ArrayArg::get_complex`].
pub const DT_C128: i64 = 6;
/// complex64 (two `f32` per element).
pub const DT_C64: i64 = 7;

/// A routine's failure: the error is pending in the thread's slot already.
pub struct Failed;

pub type Res<T> = Result<T, Failed>;

/// Raise `numpy.linalg.LinAlgError(msg)`.
pub fn linalg_error<T>(msg: &str) -> Res<T> {
    set_error(ErrorKind::LinAlgError, msg.to_string());
    Err(Failed)
}

/// Raise `ValueError(msg)`.
pub fn value_error<T>(msg: impl Into<String>) -> Res<T> {
    set_error(ErrorKind::ValueError, msg.into());
    Err(Failed)
}

/// An array argument: a borrowed strided view of at most two axes.
#[derive(Clone, Copy, Debug)]
pub struct ArrayArg {
    data: *const u8,
    pub ndim: usize,
    pub shape: [usize; 2],
    strides: [isize; 2],
    pub dtype: i64,
}

impl ArrayArg {
    /// Element `(i, j)` (`j` ignored for 1-D) as a float64.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        let mut off = i as isize * self.strides[0];
        if self.ndim == 2 {
            off += j as isize * self.strides[1];
        }
        // SAFETY: compiled code passes a live array and indices are within its shape.
        unsafe {
            let p = self.data.offset(off);
            match self.dtype {
                DT_F64 => (p as *const f64).read_unaligned(),
                DT_F32 => (p as *const f32).read_unaligned() as f64,
                DT_I64 => (p as *const i64).read_unaligned() as f64,
                DT_I32 => (p as *const i32).read_unaligned() as f64,
                DT_U8 | DT_BOOL => *p as f64,
                _ => f64::NAN,
            }
        }
    }

    /// Element `i` of a 1-D integer or bool array as an int64 (exactly).
    pub fn get_int(&self, i: usize) -> i64 {
        // SAFETY: compiled code passes a live array and `i` is within its shape.
        unsafe {
            let p = self.data.offset(i as isize * self.strides[0]);
            match self.dtype {
                DT_I64 => (p as *const i64).read_unaligned(),
                DT_I32 => (p as *const i32).read_unaligned() as i64,
                DT_U8 => *p as i64,
                DT_BOOL => (*p != 0) as i64,
                _ => self.get(i, 0) as i64,
            }
        }
    }

    /// Whether the elements are floating point.
    pub fn is_float(&self) -> bool {
        matches!(self.dtype, DT_F64 | DT_F32)
    }

    /// Element `(i, j)` as a complex number (real dtypes have a zero imaginary part).
    pub fn get_complex(&self, i: usize, j: usize) -> (f64, f64) {
        match self.dtype {
            DT_C128 => {
                let p = self.ptr(i, j) as *const f64;
                // SAFETY: as `get`: a live complex128 element (two doubles).
                unsafe { (p.read_unaligned(), p.add(1).read_unaligned()) }
            }
            DT_C64 => {
                let p = self.ptr(i, j) as *const f32;
                // SAFETY: as `get`: a live complex64 element (two floats).
                unsafe { (p.read_unaligned() as f64, p.add(1).read_unaligned() as f64) }
            }
            _ => (self.get(i, j), 0.0),
        }
    }

    /// The elements as a slice when the array is C-contiguous float64.
    pub fn contiguous_f64(&self) -> Option<&[f64]> {
        let n = if self.ndim == 2 {
            self.shape[0] * self.shape[1]
        } else {
            self.shape[0]
        };
        let c = match self.ndim {
            1 => self.strides[0] == 8 || n <= 1,
            2 => {
                (self.strides[1] == 8 || self.shape[1] <= 1)
                    && (self.strides[0] == 8 * self.shape[1] as isize || self.shape[0] <= 1)
            }
            _ => false,
        };
        let aligned = (self.data as usize).is_multiple_of(std::mem::align_of::<f64>());
        // SAFETY: compiled code passes a live array of `n` contiguous float64 elements.
        (self.dtype == DT_F64 && c && aligned && n > 0)
            .then(|| unsafe { std::slice::from_raw_parts(self.data as *const f64, n) })
    }

    /// The size of an element in bytes.
    pub fn itemsize(&self) -> usize {
        match self.dtype {
            DT_C128 => 16,
            DT_F64 | DT_I64 | DT_C64 => 8,
            DT_F32 | DT_I32 => 4,
            _ => 1,
        }
    }

    /// The address of element `(i, j)` (`j` ignored for 1-D).
    pub fn ptr(&self, i: usize, j: usize) -> *const u8 {
        let mut off = i as isize * self.strides[0];
        if self.ndim == 2 {
            off += j as isize * self.strides[1];
        }
        self.data.wrapping_offset(off)
    }

    /// Whether results computed from this array are float32 (NumPy keeps float32).
    pub fn single(&self) -> bool {
        self.dtype == DT_F32
    }

    /// The elements of a 2-D array as a faer matrix (any layout is copied).
    pub fn matrix(&self) -> Mat<f64> {
        let [m, n] = self.shape;
        Mat::from_fn(m, n, |i, j| self.get(i, j))
    }

    /// A 1-D array as an (n, 1) matrix, a 2-D one as itself.
    pub fn columns(&self) -> Mat<f64> {
        if self.ndim == 1 {
            Mat::from_fn(self.shape[0], 1, |i, _| self.get(i, 0))
        } else {
            self.matrix()
        }
    }
}

/// The decoded argument slots of one call.
pub struct Args {
    words: *const i64,
}

impl Args {
    /// # Safety
    /// `words` holds the slots of every parameter of the routine's NumPy function.
    pub unsafe fn new(words: *const i64) -> Args {
        Args { words }
    }

    fn word(&self, slot: usize, k: usize) -> i64 {
        // SAFETY: by the contract of `new`.
        unsafe { *self.words.add(slot * ARG_WORDS + k) }
    }

    fn tag(&self, slot: usize) -> i64 {
        self.word(slot, 7)
    }

    /// The array at `slot` (typing guarantees it is one).
    pub fn array(&self, slot: usize) -> ArrayArg {
        let ndim = self.word(slot, 1).clamp(0, 2) as usize;
        ArrayArg {
            data: self.word(slot, 0) as *const u8,
            ndim,
            shape: [self.word(slot, 2) as usize, self.word(slot, 3) as usize],
            strides: [self.word(slot, 4) as isize, self.word(slot, 5) as isize],
            dtype: self.word(slot, 6),
        }
    }

    /// Whether the parameter at `slot` is absent or `None`.
    pub fn is_none(&self, slot: usize) -> bool {
        matches!(self.tag(slot), TAG_NONE | TAG_ABSENT)
    }

    /// Whether the parameter at `slot` was not given (an explicit `None` was).
    pub fn is_absent(&self, slot: usize) -> bool {
        self.tag(slot) == TAG_ABSENT
    }

    /// The array at `slot` with every axis.
    pub fn nd(&self, slot: usize) -> crate::nd::NdArray {
        // SAFETY: by the contract of `new`: the slot is an array's.
        unsafe { crate::nd::NdArray::from_slot(self.words.add(slot * ARG_WORDS)) }
    }

    /// The arrays of the sequence at `slot` (an array alone is a sequence of one).
    pub fn seq(&self, slot: usize) -> Vec<crate::nd::NdArray> {
        if self.tag(slot) == TAG_ARRAY {
            return vec![self.nd(slot)];
        }
        let items = self.word(slot, 0) as *const i64;
        let n = self.word(slot, 1).max(0) as usize;
        (0..n)
            // SAFETY: compiled code wrote `n` array slots at `items`.
            .map(|k| unsafe { crate::nd::NdArray::from_slot(items.add(k * ARG_WORDS)) })
            .collect()
    }

    /// The items of the sequence at `slot` (tag [`TAG_SEQ`]) as slots of their own, each with
    /// its tag (arrays, ints or bools: `bins=(10, edges)`), and their number.
    pub fn items(&self, slot: usize) -> (Args, usize) {
        let items = self.word(slot, 0) as *const i64;
        let n = self.word(slot, 1).max(0) as usize;
        (Args { words: items }, n)
    }

    /// Whether the parameter at `slot` is one array.
    pub fn is_array(&self, slot: usize) -> bool {
        self.tag(slot) == TAG_ARRAY
    }

    /// Whether the parameter at `slot` is a sequence of arrays (not one array).
    pub fn is_seq(&self, slot: usize) -> bool {
        self.tag(slot) == TAG_SEQ
    }

    /// Whether the number at `slot` is a bool.
    pub fn is_bool(&self, slot: usize) -> bool {
        self.tag(slot) == TAG_BOOL
    }

    /// Whether the number at `slot` is a float.
    pub fn is_float(&self, slot: usize) -> bool {
        self.tag(slot) == TAG_FLOAT
    }

    /// A number at `slot` as a float64 (`None` when absent).
    pub fn float(&self, slot: usize) -> Option<f64> {
        let w = self.word(slot, 0);
        match self.tag(slot) {
            TAG_FLOAT => Some(f64::from_bits(w as u64)),
            TAG_INT | TAG_BOOL => Some(w as f64),
            _ => None,
        }
    }

    /// A pair of numbers at `slot` (`None` when absent).
    pub fn pair(&self, slot: usize) -> Option<(f64, f64)> {
        // A tuple of numbers arrives as a 1-D array (compiled code writes its items).
        if self.tag(slot) == TAG_ARRAY {
            let a = self.array(slot);
            return (a.ndim == 1 && a.shape[0] == 2).then(|| (a.get(0, 0), a.get(1, 0)));
        }
        (self.tag(slot) == TAG_PAIR).then(|| {
            (
                f64::from_bits(self.word(slot, 0) as u64),
                f64::from_bits(self.word(slot, 1) as u64),
            )
        })
    }

    /// An int (or bool) at `slot` (`None` when absent).
    pub fn int(&self, slot: usize) -> Option<i64> {
        match self.tag(slot) {
            TAG_INT | TAG_BOOL => Some(self.word(slot, 0)),
            _ => None,
        }
    }

    /// The text of the string at `slot` (tag [`TAG_STR`]), for error messages.
    pub fn text(&self, slot: usize) -> Option<String> {
        (self.tag(slot) == TAG_STR).then(|| {
            let m = self.word(slot, 0) as *mut crate::memory::MemInfo;
            // SAFETY: compiled code passes a live runtime string.
            unsafe { crate::str::str_of(m) }.text.as_str().to_string()
        })
    }

    /// A bool at `slot`, `default` when absent.
    pub fn flag(&self, slot: usize, default: bool) -> bool {
        match self.tag(slot) {
            TAG_NONE | TAG_ABSENT => default,
            _ => self.word(slot, 0) != 0,
        }
    }
}

/// Run a slot routine body: read the argument slots, stage the results, write them on success
/// (the status compiled code tests: 0 = ok, 1 = error pending).
pub(crate) fn run_routine(
    args: *const i64,
    out: *mut i64,
    f: impl FnOnce(&Args, &mut Out) -> Res<()>,
) -> i32 {
    // SAFETY: compiled code passes a slot per parameter and per result.
    let (args, mut o) = unsafe { (Args::new(args), Out::new(out, false)) };
    // A panic (a size too large for a vector: "capacity overflow") must not unwind into
    // compiled code, which would abort the interpreter: it becomes a `MemoryError`.
    let r = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&args, &mut o))) {
        Ok(r) => r,
        Err(e) => {
            let what = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a runtime routine failed".to_string());
            set_error(ErrorKind::MemoryError, format!("oxjit: {what}"));
            Err(Failed)
        }
    };
    o.finish(r)
}

/// Define `extern "C"` slot routines (`fn(args, out) -> i32`) from bodies
/// `fn(&Args, &mut Out) -> Res<()>`.
macro_rules! slot_routines {
    ($($(#[$doc:meta])* $name:ident => $body:expr;)*) => {
        $(
            $(#[$doc])*
            ///
            /// # Safety
            /// `args` and `out` follow [`crate::slots`].
            pub unsafe extern "C" fn $name(args: *const i64, out: *mut i64) -> i32 {
                let f: fn(&$crate::slots::Args, &mut $crate::slots::Out) -> $crate::slots::Res<()> =
                    $body;
                $crate::slots::run_routine(args, out, f)
            }
        )*
    };
}
pub(crate) use slot_routines;

/// Where results go.
pub struct Out {
    words: *mut i64,
    /// Results are float32 arrays.
    pub single: bool,
    staged: Vec<[i64; OUT_WORDS]>,
    /// The staged results that are numbers of two words (not arrays to release on failure).
    numbers: Vec<usize>,
}

impl Out {
    /// # Safety
    /// `words` holds a slot for every result of the routine.
    pub unsafe fn new(words: *mut i64, single: bool) -> Out {
        Out {
            words,
            single,
            staged: Vec::new(),
            numbers: Vec::new(),
        }
    }

    /// Append a new C-contiguous array of `shape` (one or two axes) filled by `f(i, j)`.
    pub fn array(&mut self, shape: &[usize], f: impl Fn(usize, usize) -> f64) -> Res<()> {
        let (m, n) = match shape {
            [m] => (*m, 1),
            [m, n] => (*m, *n),
            _ => (1, 1),
        };
        let item = if self.single { 4 } else { 8 };
        let meminfo: *mut MemInfo = oxjit_rt_alloc((m * n * item) as i64, 0);
        if meminfo.is_null() {
            set_error(ErrorKind::MemoryError, "out of memory".into());
            return Err(Failed);
        }
        // SAFETY: a fresh allocation of `m * n` items.
        let data = unsafe { (*meminfo).data };
        for i in 0..m {
            for j in 0..n {
                let x = f(i, j);
                // SAFETY: in bounds of the allocation.
                unsafe {
                    if self.single {
                        (data as *mut f32).add(i * n + j).write(x as f32);
                    } else {
                        (data as *mut f64).add(i * n + j).write(x);
                    }
                }
            }
        }
        let mut slot = [0i64; OUT_WORDS];
        slot[0] = meminfo as i64;
        slot[1] = data as i64;
        for (w, n) in slot[2..].iter_mut().zip(shape) {
            *w = *n as i64;
        }
        self.staged.push(slot);
        Ok(())
    }

    /// Append a new C-contiguous array of `shape` (one or two axes) with elements of
    /// `itemsize` bytes, element `(i, j)` copied from `src(i, j)`.
    pub fn copied(
        &mut self,
        shape: &[usize],
        itemsize: usize,
        src: impl Fn(usize, usize) -> *const u8,
    ) -> Res<()> {
        let (m, n) = match shape {
            [m] => (*m, 1),
            [m, n] => (*m, *n),
            _ => (1, 1),
        };
        self.raw(shape, itemsize, |data| {
            for i in 0..m {
                for j in 0..n {
                    // SAFETY: `src` points at a live element of `itemsize` bytes; the
                    // destination is in bounds of the fresh allocation of `m * n` items.
                    unsafe {
                        std::ptr::copy_nonoverlapping(
                            src(i, j),
                            data.add((i * n + j) * itemsize),
                            itemsize,
                        )
                    };
                }
            }
        })
    }

    /// Append a new C-contiguous array of `shape` (at most [`MAX_NDIM`] axes) with elements
    /// of `itemsize` bytes, written by `fill` (given the data pointer).
    pub fn raw(&mut self, shape: &[usize], itemsize: usize, fill: impl FnOnce(*mut u8)) -> Res<()> {
        // A size beyond what can be allocated (or whose byte count overflows) is NumPy's
        // `MemoryError`, like a failed allocation.
        let bytes = shape
            .iter()
            .try_fold(itemsize, |b, n| b.checked_mul(*n))
            .filter(|b| *b <= isize::MAX as usize);
        let meminfo: *mut MemInfo = match bytes {
            Some(b) => oxjit_rt_alloc(b as i64, 0),
            None => std::ptr::null_mut(),
        };
        if meminfo.is_null() {
            let dims: Vec<String> = shape.iter().map(|n| n.to_string()).collect();
            let tuple = match dims.as_slice() {
                [one] => format!("({one},)"),
                _ => format!("({})", dims.join(", ")),
            };
            set_error(
                ErrorKind::MemoryError,
                format!("Unable to allocate an array with shape {tuple}"),
            );
            return Err(Failed);
        }
        // SAFETY: a fresh allocation.
        let data = unsafe { (*meminfo).data };
        fill(data);
        let mut slot = [0i64; OUT_WORDS];
        slot[0] = meminfo as i64;
        slot[1] = data as i64;
        for (w, n) in slot[2..].iter_mut().zip(shape) {
            *w = *n as i64;
        }
        self.staged.push(slot);
        Ok(())
    }

    /// Append a new C-contiguous array of `shape` holding `bytes` (its elements in C order).
    pub fn bytes(&mut self, shape: &[usize], itemsize: usize, bytes: &[u8]) -> Res<()> {
        self.raw(shape, itemsize, |data| {
            // SAFETY: the new array holds `bytes.len()` bytes.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), data, bytes.len()) }
        })
    }

    /// The dtype code typing gave the array result `k` (written by compiled code before the
    /// call).
    pub fn dtype(&self, k: usize) -> i64 {
        // SAFETY: by the contract of `new`; nothing is written before `finish`.
        unsafe { *self.words.add(k * OUT_WORDS) }
    }

    /// Append a faer matrix as a 2-D array.
    pub fn matrix(&mut self, a: faer::MatRef<'_, f64>) -> Res<()> {
        self.array(&[a.nrows(), a.ncols()], |i, j| a[(i, j)])
    }

    /// Append a 1-D array.
    pub fn vector(&mut self, v: &[f64]) -> Res<()> {
        self.array(&[v.len()], |i, _| v[i])
    }

    /// Append a float result (rounded to float32 when results are float32).
    pub fn float(&mut self, x: f64) {
        let x = if self.single { x as f32 as f64 } else { x };
        self.push_word(x.to_bits() as i64);
    }

    /// Append an int result.
    pub fn int(&mut self, x: i64) {
        self.push_word(x);
    }

    /// Append a complex number result: words 0 and 1 hold the `f64` bits of its real and
    /// imaginary parts (rounded to single precision when results are).
    pub fn complex(&mut self, re: f64, im: f64) {
        let round = |x: f64| if self.single { x as f32 as f64 } else { x };
        let mut slot = [0i64; OUT_WORDS];
        slot[0] = round(re).to_bits() as i64;
        slot[1] = round(im).to_bits() as i64;
        self.staged.push(slot);
        self.numbers.push(self.staged.len() - 1);
    }

    fn push_word(&mut self, x: i64) {
        let mut slot = [0i64; OUT_WORDS];
        slot[0] = x;
        self.staged.push(slot);
    }

    /// Write the staged results (only on success; on failure they are released).
    pub fn finish(self, r: Res<()>) -> i32 {
        match r {
            Ok(()) => {
                for (k, slot) in self.staged.iter().enumerate() {
                    for (w, x) in slot.iter().enumerate() {
                        // SAFETY: by the contract of `new`.
                        unsafe { *self.words.add(k * OUT_WORDS + w) = *x };
                    }
                }
                0
            }
            Err(Failed) => {
                self.release();
                1
            }
        }
    }

    fn release(&self) {
        for (k, slot) in self.staged.iter().enumerate() {
            if slot[0] != 0 && slot[1] != 0 && !self.numbers.contains(&k) {
                // SAFETY: arrays staged by `array` own one reference each.
                unsafe { crate::memory::oxjit_rt_decref(slot[0] as *mut MemInfo) };
            }
        }
    }
}
