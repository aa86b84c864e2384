//! `numpy.pad` for compiled code (a slot routine, see [`crate::slots`]): modes `constant`
//! (`constant_values` a number), `edge` and `reflect`, `pad_width` an int, a `(before, after)`
//! pair or one pair per axis. Axes are padded one after another, as NumPy does, so corners
//! take the values NumPy gives them. The mode arrives as one of the codes below (typing
//! resolves the literal string: `intrinsics::Word`).

use crate::nd::{convert, gather_axis, Values};
use crate::slots::{value_error, Args, Res};

/// `mode="constant"`.
pub const PAD_CONSTANT: i64 = 0;
/// `mode="edge"`.
pub const PAD_EDGE: i64 = 1;
/// `mode="reflect"`.
pub const PAD_REFLECT: i64 = 2;

/// The `(before, after)` widths of each of `nd` axes from the argument at `slot`.
fn widths(args: &Args, slot: usize, nd: usize) -> Res<Vec<(usize, usize)>> {
    let flat: Vec<i64> = match args.int(slot) {
        Some(w) => vec![w],
        None => {
            let v = args.array(slot);
            (0..v.shape[0]).map(|k| v.get_int(k)).collect()
        }
    };
    if flat.iter().any(|w| *w < 0) {
        return value_error("index can't contain negative values");
    }
    let u = |k: usize| flat[k] as usize;
    Ok(match flat.len() {
        1 => vec![(u(0), u(0)); nd],
        2 => vec![(u(0), u(1)); nd],
        l if l == 2 * nd => (0..nd).map(|k| (u(2 * k), u(2 * k + 1))).collect(),
        _ => return value_error("unable to broadcast pad_width to the array's axes"),
    })
}

/// Position `j` (relative to the first old item, any integer) reflected into `0..n` without
/// repeating the edge (`n >= 2`): period `2 (n - 1)`.
fn reflect(j: i64, n: usize) -> usize {
    let p = 2 * (n as i64 - 1);
    let m = j.rem_euclid(p);
    (if m < n as i64 { m } else { p - m }) as usize
}

/// `numpy.pad(array, pad_width, mode="constant", constant_values=0)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_pad(args: *const i64, out: *mut i64) -> i32 {
    crate::slots::run_routine(args, out, |args, o| {
        let x = args.nd(0);
        let (dt, size) = (x.dtype, x.itemsize());
        let ws = widths(args, 1, x.ndim())?;
        // NumPy's `ValueError` when the padded array's bytes overflow.
        let bytes = x.shape.iter().zip(&ws).try_fold(size, |t, (n, (b, a))| {
            n.checked_add(*b)
                .and_then(|m| m.checked_add(*a))
                .and_then(|m| t.checked_mul(m))
        });
        if bytes.is_none_or(|b| b > isize::MAX as usize) {
            return value_error(
                "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum \
                 possible size.",
            );
        }
        let mode = args.int(2).unwrap_or(PAD_CONSTANT);
        if !args.is_absent(3) && mode != PAD_CONSTANT {
            let name = if mode == PAD_EDGE { "edge" } else { "reflect" };
            return value_error(format!(
                "unsupported keyword arguments for mode '{name}': {{'constant_values'}}"
            ));
        }
        // The fill value in the array's dtype (NumPy casts it as an assignment does).
        let mut fill = vec![0u8; size];
        if !args.is_absent(3) {
            let v = Values::new(args, 3);
            let v = v.view();
            // SAFETY: `v` is one element; `fill` holds one of `dt`.
            unsafe { convert(v.dtype, v.ptr(&[]), dt, fill.as_mut_ptr()) };
        }
        let mut shape = x.shape.clone();
        let mut bytes = x.c_bytes(dt);
        for (ax, (b, a)) in ws.into_iter().enumerate() {
            let n = shape[ax];
            if b == 0 && a == 0 {
                continue;
            }
            if mode != PAD_CONSTANT && n == 0 {
                return value_error(format!(
                    "can't extend empty axis {ax} using modes other than 'constant' or 'empty'"
                ));
            }
            let m = b + n + a;
            let rel = |i: usize| i as i64 - b as i64;
            bytes = match mode {
                PAD_EDGE => gather_axis(&bytes, &shape, ax, size, m, &fill, |i| {
                    Some(rel(i).clamp(0, n as i64 - 1) as usize)
                }),
                PAD_REFLECT if n == 1 => {
                    gather_axis(&bytes, &shape, ax, size, m, &fill, |_| Some(0))
                }
                PAD_REFLECT => gather_axis(&bytes, &shape, ax, size, m, &fill, |i| {
                    Some(reflect(rel(i), n))
                }),
                _ => gather_axis(&bytes, &shape, ax, size, m, &fill, |i| {
                    (b..b + n).contains(&i).then(|| i - b)
                }),
            };
            shape[ax] = m;
        }
        o.bytes(&shape, size, &bytes)
    })
}
