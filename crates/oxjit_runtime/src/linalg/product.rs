//! The product of two float64 matrices (`a @ b`, `numpy.dot`, `numpy.matmul` of 2-D arrays)
//! through faer's blocked, vectorised matrix multiply, single-threaded (compiled code decides
//! parallelism itself), and the same of complex matrices (a slot routine: a complex matrix
//! times a matrix or vector, or a vector times a complex matrix). Any strides; the result is a
//! fresh C-contiguous array.

use super::field::{columns, put, put_matrix};
use crate::nd::packed_shape_text;
use crate::slots::{slot_routines, value_error, DT_C64};
use faer::{c64, Accum, Mat, MatMut, MatRef, Par};

slot_routines! {
    /// `a @ b` and `numpy.dot(a, b)` where one operand is complex and one is a matrix (the
    /// other a matrix or a vector; 1-D times 1-D is a complex reduction). Computed in
    /// complex128 (real operands widened), rounded to complex64 when typing gave complex64.
    oxjit_rt_complex_matmul => |args, o| {
        let (a, b) = (args.array(0), args.array(1));
        o.single = o.dtype(0) == DT_C64;
        let (ka, kb) = (a.shape[a.ndim - 1], b.shape[0]);
        if ka != kb {
            let (sa, sb) = (&a.shape[..a.ndim], &b.shape[..b.ndim]);
            return value_error(format!(
                "shapes {} and {} not aligned: {ka} (dim {}) != {kb} (dim 0)",
                packed_shape_text(sa),
                packed_shape_text(sb),
                a.ndim - 1
            ));
        }
        // A 1-D left operand is one row.
        let x: Mat<c64> = if a.ndim == 1 {
            columns::<c64>(&a).transpose().to_owned()
        } else {
            columns(&a)
        };
        let p = &x * &columns::<c64>(&b);
        match (a.ndim, b.ndim) {
            (1, _) => put(o, &[p.ncols()], |j, _| p[(0, j)]),
            (_, 1) => put(o, &[p.nrows()], |i, _| p[(i, 0)]),
            _ => put_matrix(o, p.as_ref()),
        }
    };
}

/// `c = a @ b` for `a` of `m × k`, `b` of `k × n` (strides in bytes, any sign) and the
/// C-contiguous, zeroed `m × n` output `c`. An operand whose strides are not whole elements (an
/// unaligned view) is copied first.
///
/// # Safety
/// The pointers address matrices of those shapes and strides; `c` does not overlap them.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_matmul_f64(
    m: i64,
    k: i64,
    n: i64,
    a: *const f64,
    a_rs: i64,
    a_cs: i64,
    b: *const f64,
    b_rs: i64,
    b_cs: i64,
    c: *mut f64,
) {
    let (m, k, n) = (m.max(0) as usize, k.max(0) as usize, n.max(0) as usize);
    if m == 0 || n == 0 || k == 0 {
        // Nothing to write, or an empty sum: `c` is allocated zeroed.
        return;
    }
    // SAFETY (both): by the contract.
    let (a_buf, a) = unsafe { operand(a, m, k, a_rs, a_cs) };
    let (b_buf, b) = unsafe { operand(b, k, n, b_rs, b_cs) };
    // SAFETY: `c` is C-contiguous `m × n`; the operands are live (or copied).
    let c = unsafe { MatMut::from_raw_parts_mut(c, m, n, n as isize, 1) };
    faer::linalg::matmul::matmul(c, Accum::Replace, a, b, 1.0, Par::Seq);
    drop((a_buf, b_buf));
}

/// A view of the `rows × cols` matrix at `p` with byte strides `rs`, `cs`: in place when they
/// are whole elements, else through a C-contiguous copy (returned with the view).
///
/// # Safety
/// `p` addresses such a matrix.
unsafe fn operand<'a>(
    p: *const f64,
    rows: usize,
    cols: usize,
    rs: i64,
    cs: i64,
) -> (Option<Vec<f64>>, MatRef<'a, f64>) {
    const ITEM: i64 = 8;
    if rs % ITEM == 0 && cs % ITEM == 0 {
        // SAFETY: by the contract.
        let v = unsafe {
            MatRef::from_raw_parts(p, rows, cols, (rs / ITEM) as isize, (cs / ITEM) as isize)
        };
        return (None, v);
    }
    let mut buf = Vec::with_capacity(rows * cols);
    for i in 0..rows {
        for j in 0..cols {
            let at = (p as *const u8).wrapping_offset((i as i64 * rs + j as i64 * cs) as isize);
            // SAFETY: an element of the matrix, possibly unaligned.
            buf.push(unsafe { (at as *const f64).read_unaligned() });
        }
    }
    // SAFETY: `buf` holds the C-contiguous copy; its heap block does not move when the Vec
    // is returned beside the view.
    let v = unsafe { MatRef::from_raw_parts(buf.as_ptr(), rows, cols, cols as isize, 1) };
    (Some(buf), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_of_strided_matrices() {
        let (m, k, n) = (5usize, 7usize, 3usize);
        let a: Vec<f64> = (0..m * k).map(|x| x as f64 - 9.0).collect();
        // b stored transposed (column-major): strides (1, k).
        let b: Vec<f64> = (0..k * n).map(|x| (x % 5) as f64).collect();
        let mut c = vec![0.0; m * n];
        // SAFETY: the buffers have the shapes given.
        unsafe {
            oxjit_rt_matmul_f64(
                m as i64,
                k as i64,
                n as i64,
                a.as_ptr(),
                8 * k as i64,
                8,
                b.as_ptr(),
                8,
                8 * k as i64,
                c.as_mut_ptr(),
            )
        };
        for i in 0..m {
            for j in 0..n {
                let want: f64 = (0..k).map(|p| a[i * k + p] * b[j * k + p]).sum();
                assert_eq!(c[i * n + j], want);
            }
        }
    }
}
