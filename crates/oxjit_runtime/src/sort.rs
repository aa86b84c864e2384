//! Sorting for compiled code: `sort` (in place) and stable `argsort` on strided lanes, NaN
//! last as NumPy orders them.

use std::cmp::Ordering;

trait Key: Copy {
    fn order(a: &Self, b: &Self) -> Ordering;
}

macro_rules! float_key {
    ($t:ty) => {
        impl Key for $t {
            fn order(a: &Self, b: &Self) -> Ordering {
                match (a.is_nan(), b.is_nan()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    _ => a.partial_cmp(b).unwrap_or(Ordering::Equal),
                }
            }
        }
    };
}
float_key!(f64);
float_key!(f32);
macro_rules! int_key {
    ($t:ty) => {
        impl Key for $t {
            fn order(a: &Self, b: &Self) -> Ordering {
                a.cmp(b)
            }
        }
    };
}
int_key!(i64);
int_key!(i32);
int_key!(u8);
int_key!(i8);
int_key!(i16);
int_key!(u16);
int_key!(u32);
int_key!(u64);

/// # Safety
/// `data` holds `n` items `stride` bytes apart.
unsafe fn gather<T: Key>(data: *const u8, n: i64, stride: i64) -> Vec<T> {
    (0..n.max(0))
        // SAFETY: by the contract.
        .map(|i| unsafe { (data.offset((i * stride) as isize) as *const T).read_unaligned() })
        .collect()
}

unsafe fn sort_lane<T: Key>(data: *mut u8, n: i64, stride: i64) {
    // SAFETY: by the caller's contract.
    let mut v: Vec<T> = unsafe { gather(data, n, stride) };
    v.sort_by(T::order);
    for (i, x) in v.into_iter().enumerate() {
        // SAFETY: by the contract.
        unsafe { (data.offset(i as isize * stride as isize) as *mut T).write_unaligned(x) };
    }
}

unsafe fn argsort_lane<T: Key>(data: *const u8, n: i64, stride: i64, out: *mut i64) {
    // SAFETY: by the caller's contract.
    let v: Vec<T> = unsafe { gather(data, n, stride) };
    let mut idx: Vec<i64> = (0..n.max(0)).collect();
    idx.sort_by(|a, b| T::order(&v[*a as usize], &v[*b as usize]));
    for (i, x) in idx.into_iter().enumerate() {
        // SAFETY: `out` holds `n` int64.
        unsafe { *out.add(i) = x };
    }
}

macro_rules! exports {
    ($($sort:ident, $arg:ident: $t:ty);* $(;)?) => {
        $(
            /// Sort a strided lane in place (NaN last).
            ///
            /// # Safety
            /// `data` holds `n` items `stride` bytes apart.
            pub unsafe extern "C" fn $sort(data: *mut u8, n: i64, stride: i64) {
                unsafe { sort_lane::<$t>(data, n, stride) }
            }
            /// Stable argsort of a strided lane into `out` (`n` int64).
            ///
            /// # Safety
            /// As the sort; `out` holds `n` int64.
            pub unsafe extern "C" fn $arg(data: *const u8, n: i64, stride: i64, out: *mut i64) {
                unsafe { argsort_lane::<$t>(data, n, stride, out) }
            }
        )*
    };
}

exports! {
    oxjit_rt_sort_f64, oxjit_rt_argsort_f64: f64;
    oxjit_rt_sort_f32, oxjit_rt_argsort_f32: f32;
    oxjit_rt_sort_i64, oxjit_rt_argsort_i64: i64;
    oxjit_rt_sort_i32, oxjit_rt_argsort_i32: i32;
    oxjit_rt_sort_u8, oxjit_rt_argsort_u8: u8;
    oxjit_rt_sort_i8, oxjit_rt_argsort_i8: i8;
    oxjit_rt_sort_i16, oxjit_rt_argsort_i16: i16;
    oxjit_rt_sort_u16, oxjit_rt_argsort_u16: u16;
    oxjit_rt_sort_u32, oxjit_rt_argsort_u32: u32;
    oxjit_rt_sort_u64, oxjit_rt_argsort_u64: u64;
}
