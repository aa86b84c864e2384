//! Arrays of any number of axes for the slot routines that rearrange elements (joining,
//! splitting, reordering, shape helpers): [`NdArray`] reads an argument slot with every axis
//! (see [`crate::slots`]), gives its elements in C order as bytes (converted to another dtype
//! when a result promotes its inputs), and [`axis`] normalises an axis as NumPy does, raising
//! NumPy's `AxisError`.

use crate::errors::{set_error, ErrorKind};
use crate::slots::{
    Failed, Res, ARG_WORDS, DT_BOOL, DT_C128, DT_C64, DT_F32, DT_F64, DT_I32, DT_I64, MAX_NDIM,
};
use crate::stats::{is_float, read_f64, read_i64, write_val, Val};

/// A borrowed strided array of any number of axes.
#[derive(Clone, Debug)]
pub struct NdArray {
    data: *const u8,
    pub shape: Vec<usize>,
    pub strides: Vec<isize>,
    pub dtype: i64,
}

/// The size in bytes of an element of dtype `dt`.
pub fn itemsize(dt: i64) -> usize {
    match dt {
        DT_C128 => 16,
        DT_F64 | DT_I64 | DT_C64 => 8,
        DT_F32 | DT_I32 => 4,
        _ => 1,
    }
}

/// Raise NumPy's `AxisError`.
pub fn axis_error<T>(axis: i64, ndim: usize) -> Res<T> {
    set_error(
        ErrorKind::AxisError,
        format!("axis {axis} is out of bounds for array of dimension {ndim}"),
    );
    Err(Failed)
}

/// `axis` normalised against `ndim` axes (negative counts from the end).
pub fn axis(axis: i64, ndim: usize) -> Res<usize> {
    let nd = ndim as i64;
    if axis < -nd || axis >= nd {
        return axis_error(axis, ndim);
    }
    Ok(if axis < 0 { axis + nd } else { axis } as usize)
}

/// Copy one element of dtype `from` at `src` to `dst` as dtype `to` (NumPy's casts between the
/// dtypes of the slot routines: a promotion never narrows).
///
/// # Safety
/// `src` addresses an element of `from`, `dst` writable memory for one of `to`.
pub unsafe fn convert(from: i64, src: *const u8, to: i64, dst: *mut u8) {
    // SAFETY: by the contract.
    unsafe {
        if from == to {
            std::ptr::copy_nonoverlapping(src, dst, itemsize(to));
        } else if to == DT_BOOL {
            let nonzero = if is_float(from) {
                read_f64(from, src) != 0.0
            } else {
                read_i64(from, src) != 0
            };
            *dst = nonzero as u8;
        } else if is_float(from) {
            write_val(to, dst, Val::F(read_f64(from, src)));
        } else {
            write_val(to, dst, Val::I(read_i64(from, src)));
        }
    }
}

impl NdArray {
    /// # Safety
    /// `words` is an array argument slot (see [`crate::slots`]).
    pub unsafe fn from_slot(words: *const i64) -> NdArray {
        // SAFETY: by the contract.
        let w = |k: usize| unsafe { *words.add(k) };
        let ndim = (w(1).max(0) as usize).min(MAX_NDIM);
        const { assert!(8 + 2 * MAX_NDIM <= ARG_WORDS) };
        NdArray {
            data: w(0) as *const u8,
            shape: (0..ndim).map(|i| w(8 + i) as usize).collect(),
            strides: (0..ndim).map(|i| w(8 + MAX_NDIM + i) as isize).collect(),
            dtype: w(6),
        }
    }

    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// The number of elements.
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }

    pub fn itemsize(&self) -> usize {
        itemsize(self.dtype)
    }

    /// The address of the element at `index` (one entry per axis).
    pub fn ptr(&self, index: &[usize]) -> *const u8 {
        let off: isize = index
            .iter()
            .zip(&self.strides)
            .map(|(i, s)| *i as isize * s)
            .sum();
        self.data.wrapping_offset(off)
    }

    /// Whether the elements lie in C order with no gaps.
    fn c_contiguous(&self) -> bool {
        let mut expect = self.itemsize() as isize;
        for (n, s) in self.shape.iter().zip(&self.strides).rev() {
            if *n > 1 && *s != expect {
                return false;
            }
            expect *= *n as isize;
        }
        true
    }

    /// Call `f` with the address of every element, in C order.
    pub fn for_each(&self, mut f: impl FnMut(*const u8)) {
        if self.size() == 0 {
            return;
        }
        let nd = self.ndim();
        if nd == 0 {
            f(self.data);
            return;
        }
        let mut index = vec![0usize; nd];
        let mut p = self.data;
        let (inner_n, inner_s) = (self.shape[nd - 1], self.strides[nd - 1]);
        loop {
            let mut q = p;
            for _ in 0..inner_n {
                f(q);
                q = q.wrapping_offset(inner_s);
            }
            // Advance the outer axes like an odometer.
            let mut k = nd - 1;
            loop {
                if k == 0 {
                    return;
                }
                k -= 1;
                index[k] += 1;
                p = p.wrapping_offset(self.strides[k]);
                if index[k] < self.shape[k] {
                    break;
                }
                p = p.wrapping_offset(-(self.strides[k] * self.shape[k] as isize));
                index[k] = 0;
            }
        }
    }

    /// The elements in C order as dtype `dt`, contiguous.
    pub fn c_bytes(&self, dt: i64) -> Vec<u8> {
        let size = itemsize(dt);
        let n = self.size();
        if dt == self.dtype && self.c_contiguous() {
            // SAFETY: a live array of `n` contiguous elements.
            return unsafe { std::slice::from_raw_parts(self.data, n * size) }.to_vec();
        }
        let mut out = vec![0u8; n * size];
        let mut k = 0;
        let from = self.dtype;
        self.for_each(|p| {
            // SAFETY: `p` is a live element; `out` has room for `n` elements.
            unsafe { convert(from, p, dt, out.as_mut_ptr().add(k * size)) };
            k += 1;
        });
        out
    }
}

impl NdArray {
    /// A view of the same memory starting at `data` (an element of this array) with `shape`
    /// and `strides`.
    pub fn view(&self, data: *const u8, shape: Vec<usize>, strides: Vec<isize>) -> NdArray {
        NdArray {
            data,
            shape,
            strides,
            dtype: self.dtype,
        }
    }

    /// The same elements with the axes in the order `perm` (a view, like `transpose`).
    pub fn permuted(&self, perm: &[usize]) -> NdArray {
        NdArray {
            data: self.data,
            shape: perm.iter().map(|k| self.shape[*k]).collect(),
            strides: perm.iter().map(|k| self.strides[*k]).collect(),
            dtype: self.dtype,
        }
    }

    /// The same elements with axis `ax` reversed (a view).
    pub fn flipped(&self, ax: usize) -> NdArray {
        let mut v = self.clone();
        let n = self.shape[ax];
        if n > 0 {
            v.data = self
                .data
                .wrapping_offset((n as isize - 1) * self.strides[ax]);
        }
        v.strides[ax] = -self.strides[ax];
        v
    }
}

/// A shape as Python prints a tuple: `(3,)`, `(2, 4)`.
pub fn shape_text(shape: &[usize]) -> String {
    tuple_text(shape, ", ")
}

/// A shape as NumPy's broadcasting errors print it, without spaces: `(3,)`, `(2,4)`.
pub fn packed_shape_text(shape: &[usize]) -> String {
    tuple_text(shape, ",")
}

fn tuple_text(shape: &[usize], sep: &str) -> String {
    match shape {
        [n] => format!("({n},)"),
        s => format!(
            "({})",
            s.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(sep)
        ),
    }
}

/// A scalar or array argument of a routine (`append`'s or `insert`'s `values`): a number is
/// an array of no axes of its Python type's dtype (int64, float64 or bool), as `numpy.asarray`
/// makes it.
pub struct Values {
    array: Option<NdArray>,
    dtype: i64,
    bits: [u8; 8],
}

impl Values {
    /// The argument at `slot` (an array or a number).
    pub fn new(args: &crate::slots::Args, slot: usize) -> Values {
        if let Some(x) = args.float(slot).filter(|_| args.is_float(slot)) {
            return Values {
                array: None,
                dtype: DT_F64,
                bits: x.to_le_bytes(),
            };
        }
        if let Some(i) = args.int(slot) {
            let dtype = if args.is_bool(slot) { DT_BOOL } else { DT_I64 };
            let bits = if dtype == DT_BOOL {
                [(i != 0) as u8, 0, 0, 0, 0, 0, 0, 0]
            } else {
                i.to_le_bytes()
            };
            return Values {
                array: None,
                dtype,
                bits,
            };
        }
        Values {
            array: Some(args.nd(slot)),
            dtype: 0,
            bits: [0; 8],
        }
    }

    /// A view of the values (valid while `self` lives).
    pub fn view(&self) -> NdArray {
        match &self.array {
            Some(a) => a.clone(),
            None => NdArray {
                data: self.bits.as_ptr(),
                shape: Vec::new(),
                strides: Vec::new(),
                dtype: self.dtype,
            },
        }
    }
}

/// The elements of `x` broadcast to `shape` (NumPy's rules: axes aligned from the end, an axis
/// of length 1 repeats, leading axes of length 1 beyond `shape`'s may be dropped), in C order
/// as dtype `dt`; `None` when they do not fit.
pub fn broadcast(x: &NdArray, shape: &[usize], dt: i64) -> Option<Vec<u8>> {
    let extra = x.ndim().saturating_sub(shape.len());
    if x.shape[..extra].iter().any(|n| *n != 1) {
        return None;
    }
    let lead = shape.len() - (x.ndim() - extra);
    let mut strides = vec![0isize; shape.len()];
    for (k, n) in shape.iter().enumerate().skip(lead) {
        let (m, s) = (x.shape[extra + k - lead], x.strides[extra + k - lead]);
        if m == *n {
            strides[k] = s;
        } else if m != 1 {
            return None;
        }
    }
    let v = NdArray {
        data: x.data,
        shape: shape.to_vec(),
        strides,
        dtype: x.dtype,
    };
    Some(v.c_bytes(dt))
}

/// The C-ordered elements `bytes` of an array of `shape` with axis `ax` rebuilt: item `i` of
/// the new axis (of length `n`) is item `src(i)` of the old one, or `fill` (one element) when
/// `src` gives `None`.
pub fn gather_axis(
    bytes: &[u8],
    shape: &[usize],
    ax: usize,
    size: usize,
    n: usize,
    fill: &[u8],
    src: impl Fn(usize) -> Option<usize>,
) -> Vec<u8> {
    let outer: usize = shape[..ax].iter().product();
    let inner: usize = shape[ax + 1..].iter().product::<usize>() * size;
    let old = shape[ax];
    let mut out = Vec::with_capacity(outer * n * inner);
    for r in 0..outer {
        for i in 0..n {
            match src(i) {
                Some(j) => {
                    let at = (r * old + j) * inner;
                    out.extend_from_slice(&bytes[at..at + inner]);
                }
                None => {
                    for _ in 0..inner / size.max(1) {
                        out.extend_from_slice(fill);
                    }
                }
            }
        }
    }
    out
}
