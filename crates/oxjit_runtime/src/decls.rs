//! Every runtime function compiled code may call, declared once: its symbol, the Rust
//! function and its signature. The declaration gives both the JIT's symbol table
//! ([`symbols`]) and a descriptor constant per function ([`RtFn`]: name, parameter and return
//! ABI kinds) that codegen calls through (`call_rt(&rt::EXP, &[x])`). Each function is coerced
//! to its declared `extern "C" fn` type, so a signature that disagrees with the function does
//! not compile.

use crate::parallel::Kernel;

/// The machine kind of a parameter or result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Abi {
    I8,
    I32,
    I64,
    F32,
    F64,
    /// A pointer (or a function pointer): a machine word.
    Ptr,
}

/// The ABI kind of a Rust parameter or result type.
pub trait AbiType {
    const KIND: Abi;
}
macro_rules! abi_types {
    ($($t:ty => $k:ident),* $(,)?) => {
        $(impl AbiType for $t {
            const KIND: Abi = Abi::$k;
        })*
    };
}
abi_types! {
    i8 => I8, i32 => I32, i64 => I64, u64 => I64, usize => I64, f32 => F32, f64 => F64,
    Kernel => Ptr,
}
impl<T> AbiType for *const T {
    const KIND: Abi = Abi::Ptr;
}
impl<T> AbiType for *mut T {
    const KIND: Abi = Abi::Ptr;
}

/// A runtime function as codegen sees it.
#[derive(Debug, PartialEq, Eq)]
pub struct RtFn {
    pub name: &'static str,
    pub params: &'static [Abi],
    pub rets: &'static [Abi],
}

macro_rules! runtime_functions {
    ($($(#[$doc:meta])* $c:ident = $($m:ident)::+ ($($p:ty),*) $(-> $r:ty)?;)*) => {
        $(
            $(#[$doc])*
            pub const $c: RtFn = RtFn {
                name: last_ident!($($m)::+),
                params: &[$(<$p as AbiType>::KIND),*],
                rets: &[$(<$r as AbiType>::KIND)?],
            };
        )*
        /// Every descriptor.
        pub const ALL: &[&RtFn] = &[$(&$c),*];
        /// `(symbol, address)` of every runtime function, for the JIT.
        pub fn symbols() -> Vec<(&'static str, *const u8)> {
            vec![$({
                let f: unsafe extern "C" fn($($p),*) $(-> $r)? = $($m)::+;
                ($c.name, f as *const u8)
            }),*]
        }
    };
}

macro_rules! last_ident {
    ($first:ident) => {
        stringify!($first)
    };
    ($first:ident :: $($rest:ident)::+) => {
        last_ident!($($rest)::+)
    };
}

runtime_functions! {
    // memory
    /// Allocate `nbytes` (zeroed if `zero != 0`): a new meminfo with one reference.
    ALLOC = crate::memory::oxjit_rt_alloc(i64, i8) -> *mut crate::memory::MemInfo;
    INCREF = crate::memory::oxjit_rt_incref(*mut crate::memory::MemInfo);
    DECREF = crate::memory::oxjit_rt_decref(*mut crate::memory::MemInfo);
    /// Fill `n` items of `itemsize` bytes with a bit pattern.
    FILL = crate::memory::oxjit_rt_fill(*mut u8, i64, i64, u64);
    COPY_TO_C = crate::memory::oxjit_rt_copy_to_c(*const u8, i64, *const i64, *const i64, i64, *mut u8);
    // jitclass instances
    /// A new instance of `slots` zeroed 8-byte fields; the mask marks the slots holding
    /// references (released when the instance dies).
    INSTANCE_NEW = crate::instance::oxjit_rt_instance_new(i64, u64) -> *mut crate::memory::MemInfo;
    /// An owned reference to an array's memory for storing it in an object: a borrowed NumPy
    /// array is adopted (its owner kept alive), a runtime one gets a reference. 0 on success.
    OWN_ARRAY = crate::instance::oxjit_rt_own_array(*mut crate::memory::MemInfo, *mut *mut crate::memory::MemInfo) -> i32;
    // lists
    LIST_NEW = crate::list::oxjit_rt_list_new(i64, u64, i64) -> *mut crate::memory::MemInfo;
    LIST_PUSH = crate::list::oxjit_rt_list_push(*mut crate::memory::MemInfo) -> *mut u64;
    LIST_INSERT = crate::list::oxjit_rt_list_insert(*mut crate::memory::MemInfo, i64) -> *mut u64;
    LIST_POP = crate::list::oxjit_rt_list_pop(*mut crate::memory::MemInfo, i64, *mut u64) -> i32;
    LIST_CLEAR = crate::list::oxjit_rt_list_clear(*mut crate::memory::MemInfo);
    LIST_SLICE = crate::list::oxjit_rt_list_slice(*mut crate::memory::MemInfo, i64, i64, i64, i64) -> *mut crate::memory::MemInfo;
    LIST_COPY = crate::list::oxjit_rt_list_copy(*mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    LIST_EXTEND = crate::list::oxjit_rt_list_extend(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo);
    LIST_CONCAT = crate::list::oxjit_rt_list_concat(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    LIST_REPEAT = crate::list::oxjit_rt_list_repeat(*mut crate::memory::MemInfo, i64) -> *mut crate::memory::MemInfo;
    LIST_FIND = crate::list::oxjit_rt_list_find(*mut crate::memory::MemInfo, *const u64, i64, i64) -> i64;
    LIST_INDEX = crate::list::oxjit_rt_list_index(*mut crate::memory::MemInfo, *const u64, i64, i64) -> i64;
    LIST_COUNT = crate::list::oxjit_rt_list_count(*mut crate::memory::MemInfo, *const u64) -> i64;
    LIST_DELETE = crate::list::oxjit_rt_list_delete(*mut crate::memory::MemInfo, i64);
    LIST_EQ = crate::list::oxjit_rt_list_eq(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo) -> i8;
    LIST_SORT_BY_KEYS = crate::list::oxjit_rt_list_sort_by_keys(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo, i8);
    LIST_REVERSE = crate::list::oxjit_rt_list_reverse(*mut crate::memory::MemInfo);
    LIST_SORT = crate::list::oxjit_rt_list_sort(*mut crate::memory::MemInfo, i8);
    LIST_REDUCE = crate::list::oxjit_rt_list_reduce(*mut crate::memory::MemInfo, i64, *mut u64) -> i32;
    LIST_SET_SLICE = crate::list_edit::oxjit_rt_list_set_slice(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo, i64, i64, i64, i64) -> i32;
    LIST_DEL_SLICE = crate::list_edit::oxjit_rt_list_del_slice(*mut crate::memory::MemInfo, i64, i64, i64, i64) -> i32;
    LIST_EXTREME_INDEX = crate::list_edit::oxjit_rt_list_extreme_index(*mut crate::memory::MemInfo, i64) -> i64;
    LIST_TO_ARRAY = crate::list_array::oxjit_rt_list_to_array(*mut crate::memory::MemInfo, i64, i8) -> *mut crate::memory::MemInfo;
    ROWS_TO_ARRAY = crate::list_array::oxjit_rt_rows_to_array(*mut crate::memory::MemInfo, i64, i8, *mut i64) -> *mut crate::memory::MemInfo;
    // strings (`crate::str`, `crate::str_convert`)
    STR_NEW = crate::str::oxjit_rt_str_new(*const u8, usize) -> *mut crate::memory::MemInfo;
    STR_CONCAT = crate::str::oxjit_rt_str_concat(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    STR_REPEAT = crate::str::oxjit_rt_str_repeat(*mut crate::memory::MemInfo, i64) -> *mut crate::memory::MemInfo;
    STR_CMP = crate::str::oxjit_rt_str_cmp(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo) -> i64;
    STR_GETITEM = crate::str::oxjit_rt_str_getitem(*mut crate::memory::MemInfo, i64) -> *mut crate::memory::MemInfo;
    STR_SLICE = crate::str::oxjit_rt_str_slice(*mut crate::memory::MemInfo, i64, i64, i64, i64) -> *mut crate::memory::MemInfo;
    STR_CONTAINS = crate::str::oxjit_rt_str_contains(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo) -> i8;
    STR_FROM_MESSAGE = crate::str::oxjit_rt_str_from_message() -> *mut crate::memory::MemInfo;
    STR_PRINT = crate::str::oxjit_rt_str_print(*mut crate::memory::MemInfo);
    MSG_STR = crate::str_convert::oxjit_rt_msg_str(*mut crate::memory::MemInfo, *const u8, usize, i8);
    STR_FROM_INT = crate::str_convert::oxjit_rt_str_from_int(i64) -> *mut crate::memory::MemInfo;
    STR_FROM_FLOAT = crate::str_convert::oxjit_rt_str_from_float(f64) -> *mut crate::memory::MemInfo;
    STR_FROM_BOOL = crate::str_convert::oxjit_rt_str_from_bool(i8) -> *mut crate::memory::MemInfo;
    STR_REPR = crate::str_convert::oxjit_rt_str_repr(*mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    STR_TO_INT = crate::str_convert::oxjit_rt_str_to_int(*mut crate::memory::MemInfo, *mut i64) -> i32;
    STR_TO_FLOAT = crate::str_convert::oxjit_rt_str_to_float(*mut crate::memory::MemInfo, *mut f64) -> i32;
    STR_ORD = crate::str_convert::oxjit_rt_str_ord(*mut crate::memory::MemInfo) -> i64;
    STR_CHR = crate::str_convert::oxjit_rt_str_chr(i64) -> *mut crate::memory::MemInfo;
    STR_MAP = crate::str_methods::oxjit_rt_str_map(i64, *mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    STR_STRIP_CHARS = crate::str_methods::oxjit_rt_str_strip_chars(i64, *mut crate::memory::MemInfo, *mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    STR_PRED = crate::str_methods::oxjit_rt_str_pred(i64, *mut crate::memory::MemInfo) -> i8;
    STR_AFFIX = crate::str_methods::oxjit_rt_str_affix(i64, *mut crate::memory::MemInfo, *mut crate::memory::MemInfo) -> i8;
    STR_SEARCH = crate::str_methods::oxjit_rt_str_search(i64, *mut crate::memory::MemInfo, *mut crate::memory::MemInfo, i64, i64, i64) -> i64;
    STR_REPLACE = crate::str_methods::oxjit_rt_str_replace(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo, *mut crate::memory::MemInfo, i64) -> *mut crate::memory::MemInfo;
    STR_PAD = crate::str_methods::oxjit_rt_str_pad(i64, *mut crate::memory::MemInfo, i64, *mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    STR_ZFILL = crate::str_methods::oxjit_rt_str_zfill(*mut crate::memory::MemInfo, i64) -> *mut crate::memory::MemInfo;
    STR_SPLIT = crate::str_methods::oxjit_rt_str_split(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo, i64) -> *mut crate::memory::MemInfo;
    STR_JOIN = crate::str_methods::oxjit_rt_str_join(*mut crate::memory::MemInfo, *const u64, i64) -> *mut crate::memory::MemInfo;
    LIST_ITEMS = crate::str_methods::oxjit_rt_list_items(*mut crate::memory::MemInfo, *mut i64) -> *const u64;
    // dicts and sets
    TABLE_NEW = crate::table::oxjit_rt_table_new(i64, u64, i64, u64, i64) -> *mut crate::memory::MemInfo;
    TABLE_FIND = crate::table::oxjit_rt_table_find(*mut crate::memory::MemInfo, *const u64) -> *mut u64;
    TABLE_HAS_INT = crate::table::oxjit_rt_table_has_int(*mut crate::memory::MemInfo, i64) -> i8;
    TABLE_PUT = crate::table::oxjit_rt_table_put(*mut crate::memory::MemInfo, *const u64) -> *mut u64;
    TABLE_KEY_ERROR = crate::table::oxjit_rt_table_key_error(*mut crate::memory::MemInfo, *const u64) -> i32;
    TABLE_REMOVE = crate::table::oxjit_rt_table_remove(*mut crate::memory::MemInfo, *const u64, *mut u64) -> i8;
    TABLE_POPITEM = crate::table::oxjit_rt_table_popitem(*mut crate::memory::MemInfo, *mut u64) -> i32;
    TABLE_ENTRY = crate::table::oxjit_rt_table_entry(*mut crate::memory::MemInfo, i64) -> *mut u64;
    TABLE_CLEAR = crate::table::oxjit_rt_table_clear(*mut crate::memory::MemInfo);
    TABLE_UPDATE = crate::table::oxjit_rt_table_update(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo);
    TABLE_COPY = crate::table::oxjit_rt_table_copy(*mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    TABLE_EQ = crate::table::oxjit_rt_table_eq(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo) -> i8;
    TABLE_TO_LIST = crate::table::oxjit_rt_table_to_list(*mut crate::memory::MemInfo, i64, u64) -> *mut crate::memory::MemInfo;
    SET_BINOP = crate::table_ops::oxjit_rt_set_binop(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo, i64) -> *mut crate::memory::MemInfo;
    SET_INPLACE = crate::table_ops::oxjit_rt_set_inplace(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo, i64);
    SET_COMPARE = crate::table_ops::oxjit_rt_set_compare(*mut crate::memory::MemInfo, *mut crate::memory::MemInfo, i64) -> i8;
    SET_FROM_LIST = crate::table_ops::oxjit_rt_set_from_list(*mut crate::memory::MemInfo, i64, u64, i64) -> *mut crate::memory::MemInfo;
    // errors
    RAISE = crate::errors::oxjit_rt_raise(i32, *const u8, usize);
    INDEX_ERROR = crate::errors::oxjit_rt_index_error(i64, i64, i64);
    FLAT_INDEX_ERROR = crate::errors::oxjit_rt_flat_index_error(i64, i64);
    UNRAVEL_INDEX_ERROR = crate::errors::oxjit_rt_unravel_index_error(i64, i64);
    INT_OUT_OF_BOUNDS = crate::errors::oxjit_rt_int_out_of_bounds(i64, i64, i8);
    MSG_CLEAR = crate::errors::oxjit_rt_msg_clear();
    MSG_TEXT = crate::errors::oxjit_rt_msg_text(*const u8, usize);
    MSG_INT = crate::errors::oxjit_rt_msg_int(i64, *const u8, usize);
    MSG_FLOAT = crate::errors::oxjit_rt_msg_float(f64, *const u8, usize);
    MSG_BOOL = crate::errors::oxjit_rt_msg_bool(i8, *const u8, usize);
    RAISE_CLASS = crate::errors::oxjit_rt_raise_class(i32, i64, i8);
    // print()
    PRINT_TEXT = crate::print::oxjit_rt_print_text(*const u8, usize);
    PRINT_MESSAGE = crate::print::oxjit_rt_print_message();
    PRINT_INT = crate::print::oxjit_rt_print_int(i64);
    PRINT_UINT64 = crate::print::oxjit_rt_print_uint64(i64);
    PRINT_FLOAT = crate::print::oxjit_rt_print_float(f64);
    PRINT_FLOAT32 = crate::print::oxjit_rt_print_float32(f64);
    PRINT_BOOL = crate::print::oxjit_rt_print_bool(i8);
    PRINT_COMPLEX = crate::print::oxjit_rt_print_complex(f64, f64);
    PRINT_NONE = crate::print::oxjit_rt_print_none();
    PRINT_TUPLE = crate::print::oxjit_rt_print_tuple(i64);
    PRINT_ARRAY = crate::print::oxjit_rt_print_array(*const u64, i64, *const u8, usize);
    PRINT_END = crate::print::oxjit_rt_print_end(*const u8, usize, *const u8, usize) -> i32;
    ERROR_MATCHES = crate::errors::oxjit_rt_error_matches(i32, i64) -> i8;
    CLEAR_ERROR_IF = crate::errors::oxjit_rt_clear_error_if(i8);
    CAUGHT_EXCEPTION = crate::errors::oxjit_rt_caught_exception() -> *mut crate::memory::MemInfo;
    RAISE_EXCEPTION = crate::errors::oxjit_rt_raise_exception(*mut crate::memory::MemInfo);
    EXCEPTION_STR = crate::errors::oxjit_rt_exception_str(*mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    EXCEPTION_REPR = crate::exc_args::oxjit_rt_exception_repr(*mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    EXCEPTION_ARGS_REPR = crate::exc_args::oxjit_rt_exception_args_repr(*mut crate::memory::MemInfo) -> *mut crate::memory::MemInfo;
    EXCEPTION_ARGS_LEN = crate::exc_args::oxjit_rt_exception_args_len(*mut crate::memory::MemInfo) -> i64;
    /// `e.args[i]` as a string; null with an error pending.
    EXCEPTION_ARG = crate::exc_args::oxjit_rt_exception_arg(*mut crate::memory::MemInfo, i64) -> *mut crate::memory::MemInfo;
    // safety
    /// A loop back edge saw the interrupt flag: raise `KeyboardInterrupt`.
    INTERRUPT = crate::interrupt::oxjit_rt_interrupt();
    /// Prologue of a recursive function: `RecursionError` (1) when the stack is nearly full.
    CHECK_STACK = crate::stack::oxjit_rt_check_stack() -> i32;
    // profiling (`Options::profile`)
    /// Execution enters line slot `slot` (hit 1) or returns to it from a callee (hit 0).
    PROFILE_LINE = crate::profile::oxjit_rt_profile_line(i64, i64);
    // math
    PY_FLOORDIV = crate::math::oxjit_rt_py_floordiv(f64, f64) -> f64;
    PY_FMOD = crate::math::oxjit_rt_py_fmod(f64, f64) -> f64;
    NP_FLOORDIV = crate::math::oxjit_rt_np_floordiv(f64, f64) -> f64;
    IPOW = crate::math::oxjit_rt_ipow(i64, i64) -> i64;
    GAMMA = crate::math::oxjit_rt_gamma(f64) -> f64;
    FREXP_MANTISSA = crate::math::oxjit_rt_frexp_mantissa(f64) -> f64;
    FREXP_EXPONENT = crate::math::oxjit_rt_frexp_exponent(f64) -> i64;
    FMOD = crate::math::oxjit_rt_fmod(f64, f64) -> f64;
    REMAINDER = crate::math::oxjit_rt_remainder(f64, f64) -> f64;
    NEXTAFTER = crate::math::oxjit_rt_nextafter(f64, f64) -> f64;
    NEXTAFTERF = crate::math::oxjit_rt_nextafterf(f32, f32) -> f32;
    SPACING = crate::math::oxjit_rt_spacing(f64) -> f64;
    SPACINGF = crate::math::oxjit_rt_spacingf(f32) -> f32;
    ULP = crate::math::oxjit_rt_ulp(f64) -> f64;
    LDEXP = crate::math::oxjit_rt_ldexp(f64, i64) -> f64;
    FACTORIAL = crate::intmath::oxjit_rt_factorial(i64) -> i64;
    GCD = crate::intmath::oxjit_rt_gcd(i64, i64) -> i64;
    LCM = crate::intmath::oxjit_rt_lcm(i64, i64) -> i64;
    GCD_U64 = crate::intmath::oxjit_rt_gcd_u64(u64, u64) -> u64;
    LCM_U64 = crate::intmath::oxjit_rt_lcm_u64(u64, u64) -> u64;
    ISQRT = crate::intmath::oxjit_rt_isqrt(i64) -> i64;
    COMB = crate::intmath::oxjit_rt_comb(i64, i64) -> i64;
    PERM = crate::intmath::oxjit_rt_perm(i64, i64) -> i64;
    POWMOD = crate::intmath::oxjit_rt_powmod(i64, i64, i64) -> i64;
    LGAMMA = crate::math::oxjit_rt_lgamma(f64) -> f64;
    ERF = crate::math::oxjit_rt_erf(f64) -> f64;
    ERFC = crate::math::oxjit_rt_erfc(f64) -> f64;
    ROUND_NDIGITS = crate::rounding::oxjit_rt_round_ndigits(f64, i64) -> f64;
    ROUND_INT = crate::rounding::oxjit_rt_round_int(i64, i64) -> i64;
    EXP2 = crate::math::oxjit_rt_exp2(f64) -> f64;
    CBRT = crate::math::oxjit_rt_cbrt(f64) -> f64;
    EXP = crate::math::oxjit_rt_exp(f64) -> f64;
    LOG = crate::math::oxjit_rt_log(f64) -> f64;
    LOG10 = crate::math::oxjit_rt_log10(f64) -> f64;
    LOG2 = crate::math::oxjit_rt_log2(f64) -> f64;
    LOG1P = crate::math::oxjit_rt_log1p(f64) -> f64;
    EXPM1 = crate::math::oxjit_rt_expm1(f64) -> f64;
    SIN = crate::math::oxjit_rt_sin(f64) -> f64;
    COS = crate::math::oxjit_rt_cos(f64) -> f64;
    TAN = crate::math::oxjit_rt_tan(f64) -> f64;
    ASIN = crate::math::oxjit_rt_asin(f64) -> f64;
    ACOS = crate::math::oxjit_rt_acos(f64) -> f64;
    ATAN = crate::math::oxjit_rt_atan(f64) -> f64;
    SINH = crate::math::oxjit_rt_sinh(f64) -> f64;
    COSH = crate::math::oxjit_rt_cosh(f64) -> f64;
    TANH = crate::math::oxjit_rt_tanh(f64) -> f64;
    ACOSH = crate::math::oxjit_rt_acosh(f64) -> f64;
    ASINH = crate::math::oxjit_rt_asinh(f64) -> f64;
    ATANH = crate::math::oxjit_rt_atanh(f64) -> f64;
    SINC = crate::math::oxjit_rt_sinc(f64) -> f64;
    HEAVISIDE = crate::math::oxjit_rt_heaviside(f64, f64) -> f64;
    ATAN2 = crate::math::oxjit_rt_atan2(f64, f64) -> f64;
    HYPOT = crate::math::oxjit_rt_hypot(f64, f64) -> f64;
    LOGADDEXP = crate::math::oxjit_rt_logaddexp(f64, f64) -> f64;
    LOGADDEXP2 = crate::math::oxjit_rt_logaddexp2(f64, f64) -> f64;
    // vectorised element functions over a chunk (`vmath/`): `out[i] = f(x[i])`, `i < n`
    VEXP = crate::vmath::oxjit_rt_vexp(*const f64, *mut f64, i64);
    VLOG = crate::vmath::oxjit_rt_vlog(*const f64, *mut f64, i64);
    VSQRT = crate::vmath::oxjit_rt_vsqrt(*const f64, *mut f64, i64);
    VEXPM1 = crate::vmath::oxjit_rt_vexpm1(*const f64, *mut f64, i64);
    VLOG1P = crate::vmath::oxjit_rt_vlog1p(*const f64, *mut f64, i64);
    VTAN = crate::vmath::oxjit_rt_vtan(*const f64, *mut f64, i64);
    VATAN = crate::vmath::oxjit_rt_vatan(*const f64, *mut f64, i64);

    VSIN = crate::vmath::oxjit_rt_vsin(*const f64, *mut f64, i64);
    VCOS = crate::vmath::oxjit_rt_vcos(*const f64, *mut f64, i64);
    // sums of contiguous float64 runs in a fixed order of 32 lanes (`vmath/reduce.rs`)
    VSUM = crate::vmath::oxjit_rt_vsum(*const f64, i64) -> f64;
    VDOT = crate::vmath::oxjit_rt_vdot(*const f64, *const f64, i64) -> f64;
    VSUM_CHUNKED = crate::vmath::oxjit_rt_vsum_chunked(*const f64, i64, i64, f64) -> f64;
    VDOT_CHUNKED = crate::vmath::oxjit_rt_vdot_chunked(*const f64, *const f64, i64, i64, f64) -> f64;
    POW = crate::math::oxjit_rt_pow(f64, f64) -> f64;
    // complex numbers (`complex.rs`): an operation code, two operands, two result doubles
    COMPLEX_BINARY = crate::complex::oxjit_rt_complex_binary(i64, f64, f64, f64, f64, *mut f64) -> i32;
    CMATH = crate::complex::oxjit_rt_cmath(i64, f64, f64, f64, f64, *mut f64) -> i32;
    // sorting (one per dtype)
    SORT_F64 = crate::sort::oxjit_rt_sort_f64(*mut u8, i64, i64);
    SORT_F32 = crate::sort::oxjit_rt_sort_f32(*mut u8, i64, i64);
    SORT_I64 = crate::sort::oxjit_rt_sort_i64(*mut u8, i64, i64);
    SORT_I32 = crate::sort::oxjit_rt_sort_i32(*mut u8, i64, i64);
    SORT_U8 = crate::sort::oxjit_rt_sort_u8(*mut u8, i64, i64);
    SORT_I8 = crate::sort::oxjit_rt_sort_i8(*mut u8, i64, i64);
    SORT_I16 = crate::sort::oxjit_rt_sort_i16(*mut u8, i64, i64);
    SORT_U16 = crate::sort::oxjit_rt_sort_u16(*mut u8, i64, i64);
    SORT_U32 = crate::sort::oxjit_rt_sort_u32(*mut u8, i64, i64);
    SORT_U64 = crate::sort::oxjit_rt_sort_u64(*mut u8, i64, i64);
    ARGSORT_F64 = crate::sort::oxjit_rt_argsort_f64(*const u8, i64, i64, *mut i64);
    ARGSORT_F32 = crate::sort::oxjit_rt_argsort_f32(*const u8, i64, i64, *mut i64);
    ARGSORT_I64 = crate::sort::oxjit_rt_argsort_i64(*const u8, i64, i64, *mut i64);
    ARGSORT_I32 = crate::sort::oxjit_rt_argsort_i32(*const u8, i64, i64, *mut i64);
    ARGSORT_U8 = crate::sort::oxjit_rt_argsort_u8(*const u8, i64, i64, *mut i64);
    ARGSORT_I8 = crate::sort::oxjit_rt_argsort_i8(*const u8, i64, i64, *mut i64);
    ARGSORT_I16 = crate::sort::oxjit_rt_argsort_i16(*const u8, i64, i64, *mut i64);
    ARGSORT_U16 = crate::sort::oxjit_rt_argsort_u16(*const u8, i64, i64, *mut i64);
    ARGSORT_U32 = crate::sort::oxjit_rt_argsort_u32(*const u8, i64, i64, *mut i64);
    ARGSORT_U64 = crate::sort::oxjit_rt_argsort_u64(*const u8, i64, i64, *mut i64);
    // random
    RANDOM_SEED = crate::random::oxjit_rt_random_seed(i64) -> i32;
    RANDOM_SAMPLE = crate::random::oxjit_rt_random_sample() -> f64;
    STANDARD_NORMAL = crate::random::oxjit_rt_standard_normal() -> f64;
    NORMAL = crate::random::oxjit_rt_normal(f64, f64) -> f64;
    UNIFORM = crate::random::oxjit_rt_uniform(f64, f64) -> f64;
    EXPONENTIAL = crate::random::oxjit_rt_exponential(f64) -> f64;
    RANDINT = crate::random::oxjit_rt_randint(i64, i64) -> i64;
    FILL_RANDOM_SAMPLE = crate::random::oxjit_rt_fill_random_sample(*mut f64, i64);
    FILL_STANDARD_NORMAL = crate::random::oxjit_rt_fill_standard_normal(*mut f64, i64);
    FILL_NORMAL = crate::random::oxjit_rt_fill_normal(*mut f64, i64, f64, f64);
    FILL_UNIFORM = crate::random::oxjit_rt_fill_uniform(*mut f64, i64, f64, f64);
    FILL_EXPONENTIAL = crate::random::oxjit_rt_fill_exponential(*mut f64, i64, f64);
    FILL_RANDINT = crate::random::oxjit_rt_fill_randint(*mut i64, i64, i64, i64);
    SHUFFLE_F64 = crate::random::oxjit_rt_shuffle_f64(*mut f64, i64, i64);
    SHUFFLE_I64 = crate::random::oxjit_rt_shuffle_i64(*mut i64, i64, i64);
    SHUFFLE_ND = crate::random::oxjit_rt_shuffle_nd(*mut u8, i64, *const i64, *const i64, i64);
    PERMUTATION = crate::random::oxjit_rt_permutation(*mut i64, i64);
    RANDOM_MULTIVARIATE_NORMAL = crate::random::oxjit_rt_random_multivariate_normal(*const i64, *mut i64) -> i32;
    LEGACY_CHOICE = crate::random::oxjit_rt_legacy_choice(*mut u8, i64, *const u8, i64, i64, i64, i64, *const u8, i64, i64) -> i32;
    LEGACY_GAMMA = crate::random::oxjit_rt_legacy_gamma(f64, f64) -> f64;
    LEGACY_FILL_GAMMA = crate::random::oxjit_rt_legacy_fill_gamma(*mut f64, i64, f64, f64);
    LEGACY_STANDARD_GAMMA = crate::random::oxjit_rt_legacy_standard_gamma(f64) -> f64;
    LEGACY_FILL_STANDARD_GAMMA = crate::random::oxjit_rt_legacy_fill_standard_gamma(*mut f64, i64, f64);
    LEGACY_BETA = crate::random::oxjit_rt_legacy_beta(f64, f64) -> f64;
    LEGACY_FILL_BETA = crate::random::oxjit_rt_legacy_fill_beta(*mut f64, i64, f64, f64);
    LEGACY_POISSON = crate::random::oxjit_rt_legacy_poisson(f64) -> i64;
    LEGACY_FILL_POISSON = crate::random::oxjit_rt_legacy_fill_poisson(*mut i64, i64, f64);
    LEGACY_BINOMIAL = crate::random::oxjit_rt_legacy_binomial(i64, f64) -> i64;
    LEGACY_FILL_BINOMIAL = crate::random::oxjit_rt_legacy_fill_binomial(*mut i64, i64, i64, f64);
    // Draws with array parameters, slot routines (`random::broadcast`)
    LEGACY_NORMAL_B = crate::random::oxjit_rt_legacy_normal_b(*const i64, *mut i64) -> i32;
    LEGACY_UNIFORM_B = crate::random::oxjit_rt_legacy_uniform_b(*const i64, *mut i64) -> i32;
    LEGACY_EXPONENTIAL_B = crate::random::oxjit_rt_legacy_exponential_b(*const i64, *mut i64) -> i32;
    LEGACY_GAMMA_B = crate::random::oxjit_rt_legacy_gamma_b(*const i64, *mut i64) -> i32;
    LEGACY_STANDARD_GAMMA_B = crate::random::oxjit_rt_legacy_standard_gamma_b(*const i64, *mut i64) -> i32;
    LEGACY_BETA_B = crate::random::oxjit_rt_legacy_beta_b(*const i64, *mut i64) -> i32;
    LEGACY_POISSON_B = crate::random::oxjit_rt_legacy_poisson_b(*const i64, *mut i64) -> i32;
    LEGACY_BINOMIAL_B = crate::random::oxjit_rt_legacy_binomial_b(*const i64, *mut i64) -> i32;
    GEN_NORMAL_B = crate::random::oxjit_rt_gen_normal_b(*const i64, *mut i64) -> i32;
    GEN_UNIFORM_B = crate::random::oxjit_rt_gen_uniform_b(*const i64, *mut i64) -> i32;
    GEN_EXPONENTIAL_B = crate::random::oxjit_rt_gen_exponential_b(*const i64, *mut i64) -> i32;
    GEN_GAMMA_B = crate::random::oxjit_rt_gen_gamma_b(*const i64, *mut i64) -> i32;
    GEN_STANDARD_GAMMA_B = crate::random::oxjit_rt_gen_standard_gamma_b(*const i64, *mut i64) -> i32;
    GEN_CHISQUARE_B = crate::random::oxjit_rt_gen_chisquare_b(*const i64, *mut i64) -> i32;
    GEN_LOGNORMAL_B = crate::random::oxjit_rt_gen_lognormal_b(*const i64, *mut i64) -> i32;
    GEN_BETA_B = crate::random::oxjit_rt_gen_beta_b(*const i64, *mut i64) -> i32;
    GEN_POISSON_B = crate::random::oxjit_rt_gen_poisson_b(*const i64, *mut i64) -> i32;
    GEN_BINOMIAL_B = crate::random::oxjit_rt_gen_binomial_b(*const i64, *mut i64) -> i32;
    // Integers with array bounds, slot routines (`random::int_bounds`)
    LEGACY_RANDINT_B = crate::random::oxjit_rt_legacy_randint_b(*const i64, *mut i64) -> i32;
    GEN_INTEGERS_B = crate::random::oxjit_rt_gen_integers_b(*const i64, *mut i64) -> i32;
    // `numpy.random.Generator` objects (`random::gen_ffi`)
    GEN_NEW = crate::random::oxjit_rt_gen_new(i64) -> *mut crate::memory::MemInfo;
    GEN_RANDOM = crate::random::oxjit_rt_gen_random(*mut crate::memory::MemInfo) -> f64;
    GEN_FILL_RANDOM = crate::random::oxjit_rt_gen_fill_random(*mut crate::memory::MemInfo, *mut f64, i64);
    GEN_STANDARD_NORMAL = crate::random::oxjit_rt_gen_standard_normal(*mut crate::memory::MemInfo) -> f64;
    GEN_FILL_STANDARD_NORMAL = crate::random::oxjit_rt_gen_fill_standard_normal(*mut crate::memory::MemInfo, *mut f64, i64);
    GEN_NORMAL = crate::random::oxjit_rt_gen_normal(*mut crate::memory::MemInfo, f64, f64) -> f64;
    GEN_FILL_NORMAL = crate::random::oxjit_rt_gen_fill_normal(*mut crate::memory::MemInfo, *mut f64, i64, f64, f64);
    GEN_UNIFORM = crate::random::oxjit_rt_gen_uniform(*mut crate::memory::MemInfo, f64, f64) -> f64;
    GEN_FILL_UNIFORM = crate::random::oxjit_rt_gen_fill_uniform(*mut crate::memory::MemInfo, *mut f64, i64, f64, f64);
    GEN_EXPONENTIAL = crate::random::oxjit_rt_gen_exponential(*mut crate::memory::MemInfo, f64) -> f64;
    GEN_FILL_EXPONENTIAL = crate::random::oxjit_rt_gen_fill_exponential(*mut crate::memory::MemInfo, *mut f64, i64, f64);
    GEN_GAMMA = crate::random::oxjit_rt_gen_gamma(*mut crate::memory::MemInfo, f64, f64) -> f64;
    GEN_FILL_GAMMA = crate::random::oxjit_rt_gen_fill_gamma(*mut crate::memory::MemInfo, *mut f64, i64, f64, f64);
    GEN_STANDARD_GAMMA = crate::random::oxjit_rt_gen_standard_gamma(*mut crate::memory::MemInfo, f64) -> f64;
    GEN_FILL_STANDARD_GAMMA = crate::random::oxjit_rt_gen_fill_standard_gamma(*mut crate::memory::MemInfo, *mut f64, i64, f64);
    GEN_CHISQUARE = crate::random::oxjit_rt_gen_chisquare(*mut crate::memory::MemInfo, f64) -> f64;
    GEN_FILL_CHISQUARE = crate::random::oxjit_rt_gen_fill_chisquare(*mut crate::memory::MemInfo, *mut f64, i64, f64);
    GEN_LOGNORMAL = crate::random::oxjit_rt_gen_lognormal(*mut crate::memory::MemInfo, f64, f64) -> f64;
    GEN_FILL_LOGNORMAL = crate::random::oxjit_rt_gen_fill_lognormal(*mut crate::memory::MemInfo, *mut f64, i64, f64, f64);
    GEN_BETA = crate::random::oxjit_rt_gen_beta(*mut crate::memory::MemInfo, f64, f64) -> f64;
    GEN_FILL_BETA = crate::random::oxjit_rt_gen_fill_beta(*mut crate::memory::MemInfo, *mut f64, i64, f64, f64);
    GEN_POISSON = crate::random::oxjit_rt_gen_poisson(*mut crate::memory::MemInfo, f64) -> i64;
    GEN_FILL_POISSON = crate::random::oxjit_rt_gen_fill_poisson(*mut crate::memory::MemInfo, *mut i64, i64, f64);
    GEN_BINOMIAL = crate::random::oxjit_rt_gen_binomial(*mut crate::memory::MemInfo, i64, f64) -> i64;
    GEN_FILL_BINOMIAL = crate::random::oxjit_rt_gen_fill_binomial(*mut crate::memory::MemInfo, *mut i64, i64, i64, f64);
    GEN_INTEGERS = crate::random::oxjit_rt_gen_integers(*mut crate::memory::MemInfo, i64, i64) -> i64;
    GEN_FILL_INTEGERS = crate::random::oxjit_rt_gen_fill_integers(*mut crate::memory::MemInfo, *mut i64, i64, i64, i64);
    GEN_SHUFFLE = crate::random::oxjit_rt_gen_shuffle(*mut crate::memory::MemInfo, *mut u8, i64, i64, i64);
    GEN_PERMUTATION = crate::random::oxjit_rt_gen_permutation(*mut crate::memory::MemInfo, *mut i64, i64);
    GEN_CHOICE = crate::random::oxjit_rt_gen_choice(*mut crate::memory::MemInfo, *mut u8, i64, *const u8, i64, i64, i64, i64, *const u8, i64, i64) -> i32;
    // Python's `random` module (its own per-thread state, `random::python`)
    PY_SEED = crate::random::python::oxjit_rt_py_seed(i64);
    PY_SEED_ENTROPY = crate::random::python::oxjit_rt_py_seed_entropy();
    PY_RANDOM = crate::random::python::oxjit_rt_py_random() -> f64;
    PY_UNIFORM = crate::random::python::oxjit_rt_py_uniform(f64, f64) -> f64;
    PY_UNIFORM_INT = crate::random::python::oxjit_rt_py_uniform_int(i64, i64) -> f64;
    PY_GETRANDBITS = crate::random::python::oxjit_rt_py_getrandbits(i64, i64, *mut u64) -> i32;
    PY_RANDRANGE = crate::random::python::oxjit_rt_py_randrange(i64, i64, i64, i64, *mut i64) -> i32;
    PY_RANDINT = crate::random::python::oxjit_rt_py_randint(i64, i64, *mut i64) -> i32;
    PY_RANDBELOW = crate::random::python::oxjit_rt_py_randbelow(i64) -> i64;
    PY_GAUSS = crate::random::python::oxjit_rt_py_gauss(f64, f64) -> f64;
    PY_NORMALVARIATE = crate::random::python::oxjit_rt_py_normalvariate(f64, f64) -> f64;
    PY_EXPOVARIATE = crate::random::python::oxjit_rt_py_expovariate(f64, *mut f64) -> i32;
    PY_SHUFFLE = crate::random::python::oxjit_rt_py_shuffle(*mut u8, i64, i64, i64);
    // numpy.linalg (arguments and results in slots, see `slots`)
    LINALG_SOLVE = crate::linalg::oxjit_rt_linalg_solve(*const i64, *mut i64) -> i32;
    LINALG_INV = crate::linalg::oxjit_rt_linalg_inv(*const i64, *mut i64) -> i32;
    LINALG_DET = crate::linalg::oxjit_rt_linalg_det(*const i64, *mut i64) -> i32;
    LINALG_SLOGDET = crate::linalg::oxjit_rt_linalg_slogdet(*const i64, *mut i64) -> i32;
    LINALG_LSTSQ = crate::linalg::oxjit_rt_linalg_lstsq(*const i64, *mut i64) -> i32;
    LINALG_EIGH = crate::linalg::oxjit_rt_linalg_eigh(*const i64, *mut i64) -> i32;
    LINALG_EIGVALSH = crate::linalg::oxjit_rt_linalg_eigvalsh(*const i64, *mut i64) -> i32;
    LINALG_EIG = crate::linalg::oxjit_rt_linalg_eig(*const i64, *mut i64) -> i32;
    LINALG_EIGVALS = crate::linalg::oxjit_rt_linalg_eigvals(*const i64, *mut i64) -> i32;
    LINALG_SVD = crate::linalg::oxjit_rt_linalg_svd(*const i64, *mut i64) -> i32;
    LINALG_QR = crate::linalg::oxjit_rt_linalg_qr(*const i64, *mut i64) -> i32;
    LINALG_CHOLESKY = crate::linalg::oxjit_rt_linalg_cholesky(*const i64, *mut i64) -> i32;
    LINALG_PINV = crate::linalg::oxjit_rt_linalg_pinv(*const i64, *mut i64) -> i32;
    MATMUL_F64 = crate::linalg::product::oxjit_rt_matmul_f64(i64, i64, i64, *const f64, i64, i64, *const f64, i64, i64, *mut f64);
    LINALG_MATRIX_RANK = crate::linalg::oxjit_rt_linalg_matrix_rank(*const i64, *mut i64) -> i32;
    LINALG_NORM = crate::linalg::oxjit_rt_linalg_norm(*const i64, *mut i64) -> i32;
    LINALG_MATRIX_POWER = crate::linalg::oxjit_rt_linalg_matrix_power(*const i64, *mut i64) -> i32;
    LINALG_COND = crate::linalg::oxjit_rt_linalg_cond(*const i64, *mut i64) -> i32;
    // numpy.fft (real-valued helpers; slots as numpy.linalg)
    FFT_FFTFREQ = crate::fft::oxjit_rt_fft_fftfreq(*const i64, *mut i64) -> i32;
    FFT_RFFTFREQ = crate::fft::oxjit_rt_fft_rfftfreq(*const i64, *mut i64) -> i32;
    FFT_FFTSHIFT = crate::fft::oxjit_rt_fft_fftshift(*const i64, *mut i64) -> i32;
    COMPLEX_MAP = crate::complex_array::oxjit_rt_complex_map(*const i64, *mut i64) -> i32;
    COMPLEX_REDUCE = crate::complex_array::oxjit_rt_complex_reduce(*const i64, *mut i64) -> i32;
    COMPLEX_MATMUL = crate::linalg::product::oxjit_rt_complex_matmul(*const i64, *mut i64) -> i32;
    FFT_FFT = crate::fft_transforms::oxjit_rt_fft_fft(*const i64, *mut i64) -> i32;
    FFT_IFFT = crate::fft_transforms::oxjit_rt_fft_ifft(*const i64, *mut i64) -> i32;
    FFT_FFT2 = crate::fft_transforms::oxjit_rt_fft_fft2(*const i64, *mut i64) -> i32;
    FFT_IFFT2 = crate::fft_transforms::oxjit_rt_fft_ifft2(*const i64, *mut i64) -> i32;
    FFT_FFTN = crate::fft_transforms::oxjit_rt_fft_fftn(*const i64, *mut i64) -> i32;
    FFT_IFFTN = crate::fft_transforms::oxjit_rt_fft_ifftn(*const i64, *mut i64) -> i32;
    FFT_RFFT = crate::fft_transforms::oxjit_rt_fft_rfft(*const i64, *mut i64) -> i32;
    FFT_IRFFT = crate::fft_transforms::oxjit_rt_fft_irfft(*const i64, *mut i64) -> i32;
    FFT_RFFT2 = crate::fft_transforms::oxjit_rt_fft_rfft2(*const i64, *mut i64) -> i32;
    FFT_IRFFT2 = crate::fft_transforms::oxjit_rt_fft_irfft2(*const i64, *mut i64) -> i32;
    FFT_RFFTN = crate::fft_transforms::oxjit_rt_fft_rfftn(*const i64, *mut i64) -> i32;
    FFT_IRFFTN = crate::fft_transforms::oxjit_rt_fft_irfftn(*const i64, *mut i64) -> i32;
    FFT_IFFTSHIFT = crate::fft::oxjit_rt_fft_ifftshift(*const i64, *mut i64) -> i32;
    // array manipulation (slots as numpy.linalg)
    NP_TILE = crate::manipulation::oxjit_rt_np_tile(*const i64, *mut i64) -> i32;
    NP_REPEAT = crate::manipulation::oxjit_rt_np_repeat(*const i64, *mut i64) -> i32;
    NP_DIFF = crate::manipulation::oxjit_rt_np_diff(*const i64, *mut i64) -> i32;
    NP_UNIQUE = crate::manipulation::oxjit_rt_np_unique(*const i64, *mut i64) -> i32;
    NP_TRIU = crate::manipulation::oxjit_rt_np_triu(*const i64, *mut i64) -> i32;
    NP_TRIL = crate::manipulation::oxjit_rt_np_tril(*const i64, *mut i64) -> i32;
    // joining and splitting (slots)
    NP_CONCATENATE = crate::join::oxjit_rt_np_concatenate(*const i64, *mut i64) -> i32;
    NP_STACK = crate::join::oxjit_rt_np_stack(*const i64, *mut i64) -> i32;
    NP_HSTACK = crate::join::oxjit_rt_np_hstack(*const i64, *mut i64) -> i32;
    NP_VSTACK = crate::join::oxjit_rt_np_vstack(*const i64, *mut i64) -> i32;
    NP_DSTACK = crate::join::oxjit_rt_np_dstack(*const i64, *mut i64) -> i32;
    NP_COLUMN_STACK = crate::join::oxjit_rt_np_column_stack(*const i64, *mut i64) -> i32;
    NP_SPLIT = crate::join::oxjit_rt_np_split(*const i64, *mut i64) -> i32;
    NP_ARRAY_SPLIT = crate::join::oxjit_rt_np_array_split(*const i64, *mut i64) -> i32;
    // reordering and editing (slots)
    NP_FLIP = crate::reorder::oxjit_rt_np_flip(*const i64, *mut i64) -> i32;
    NP_FLIPLR = crate::reorder::oxjit_rt_np_fliplr(*const i64, *mut i64) -> i32;
    NP_ROT90 = crate::reorder::oxjit_rt_np_rot90(*const i64, *mut i64) -> i32;
    NP_FLIPUD = crate::reorder::oxjit_rt_np_flipud(*const i64, *mut i64) -> i32;
    NP_ROLL = crate::reorder::oxjit_rt_np_roll(*const i64, *mut i64) -> i32;
    NP_APPEND = crate::reorder::oxjit_rt_np_append(*const i64, *mut i64) -> i32;
    NP_INSERT = crate::reorder::oxjit_rt_np_insert(*const i64, *mut i64) -> i32;
    NP_DELETE = crate::reorder::oxjit_rt_np_delete(*const i64, *mut i64) -> i32;
    NP_PAD = crate::pad::oxjit_rt_np_pad(*const i64, *mut i64) -> i32;
    // shape helpers (slots)
    NP_EXPAND_DIMS = crate::shape_ops::oxjit_rt_np_expand_dims(*const i64, *mut i64) -> i32;
    NP_SQUEEZE = crate::shape_ops::oxjit_rt_np_squeeze(*const i64, *mut i64) -> i32;
    NP_SWAPAXES = crate::shape_ops::oxjit_rt_np_swapaxes(*const i64, *mut i64) -> i32;
    NP_MOVEAXIS = crate::shape_ops::oxjit_rt_np_moveaxis(*const i64, *mut i64) -> i32;
    NP_BROADCAST_TO = crate::shape_ops::oxjit_rt_np_broadcast_to(*const i64, *mut i64) -> i32;
    NP_MESHGRID = crate::shape_ops::oxjit_rt_np_meshgrid(*const i64, *mut i64) -> i32;
    NP_ATLEAST_1D = crate::shape_ops::oxjit_rt_np_atleast_1d(*const i64, *mut i64) -> i32;
    NP_ATLEAST_2D = crate::shape_ops::oxjit_rt_np_atleast_2d(*const i64, *mut i64) -> i32;
    NP_ATLEAST_3D = crate::shape_ops::oxjit_rt_np_atleast_3d(*const i64, *mut i64) -> i32;
    // matrix helpers (slots)
    NP_DIAG = crate::matrix_ops::oxjit_rt_np_diag(*const i64, *mut i64) -> i32;
    NP_DIAGONAL = crate::matrix_ops::oxjit_rt_np_diagonal(*const i64, *mut i64) -> i32;
    NP_TRACE = crate::matrix_ops::oxjit_rt_np_trace(*const i64, *mut i64) -> i32;
    NP_KRON = crate::matrix_ops::oxjit_rt_np_kron(*const i64, *mut i64) -> i32;
    NP_CROSS = crate::matrix_ops::oxjit_rt_np_cross(*const i64, *mut i64) -> i32;
    NP_VECDOT = crate::gufunc::oxjit_rt_np_vecdot(*const i64, *mut i64) -> i32;
    NP_MATVEC = crate::gufunc::oxjit_rt_np_matvec(*const i64, *mut i64) -> i32;
    NP_VECMAT = crate::gufunc::oxjit_rt_np_vecmat(*const i64, *mut i64) -> i32;
    // selecting (slots)
    NP_NONZERO = crate::select::oxjit_rt_np_nonzero(*const i64, *mut i64) -> i32;
    NP_ARGWHERE = crate::select::oxjit_rt_np_argwhere(*const i64, *mut i64) -> i32;
    NP_FLATNONZERO = crate::select::oxjit_rt_np_flatnonzero(*const i64, *mut i64) -> i32;
    NP_TAKE = crate::select::oxjit_rt_np_take(*const i64, *mut i64) -> i32;
    NP_ITEM = crate::select::oxjit_rt_np_item(*const i64, *mut i64) -> i32;
    NP_AVERAGE = crate::manipulation::oxjit_rt_np_average(*const i64, *mut i64) -> i32;
    // statistics (slots as numpy.linalg)
    NP_MEDIAN = crate::stats::oxjit_rt_np_median(*const i64, *mut i64) -> i32;
    NP_NANMEDIAN = crate::stats::oxjit_rt_np_nanmedian(*const i64, *mut i64) -> i32;
    NP_QUANTILE = crate::stats::oxjit_rt_np_quantile(*const i64, *mut i64) -> i32;
    NP_PERCENTILE = crate::stats::oxjit_rt_np_percentile(*const i64, *mut i64) -> i32;
    NP_NANQUANTILE = crate::stats::oxjit_rt_np_nanquantile(*const i64, *mut i64) -> i32;
    NP_NANPERCENTILE = crate::stats::oxjit_rt_np_nanpercentile(*const i64, *mut i64) -> i32;
    NP_NANSUM = crate::stats::oxjit_rt_np_nansum(*const i64, *mut i64) -> i32;
    MATH_FSUM = crate::stats::oxjit_rt_math_fsum(*const i64, *mut i64) -> i32;
    MATH_PROD = crate::math_seq::oxjit_rt_math_prod(*const i64, *mut i64) -> i32;
    MATH_DIST = crate::math_seq::oxjit_rt_math_dist(*const i64, *mut i64) -> i32;
    NP_NANMEAN = crate::stats::oxjit_rt_np_nanmean(*const i64, *mut i64) -> i32;
    NP_NANVAR = crate::stats::oxjit_rt_np_nanvar(*const i64, *mut i64) -> i32;
    NP_NANSTD = crate::stats::oxjit_rt_np_nanstd(*const i64, *mut i64) -> i32;
    NP_NANMIN = crate::stats::oxjit_rt_np_nanmin(*const i64, *mut i64) -> i32;
    NP_NANMAX = crate::stats::oxjit_rt_np_nanmax(*const i64, *mut i64) -> i32;
    NP_PTP = crate::stats::oxjit_rt_np_ptp(*const i64, *mut i64) -> i32;
    NP_NANARGMIN = crate::stats::oxjit_rt_np_nanargmin(*const i64, *mut i64) -> i32;
    NP_NANARGMAX = crate::stats::oxjit_rt_np_nanargmax(*const i64, *mut i64) -> i32;
    NP_COUNT_NONZERO = crate::stats::oxjit_rt_np_count_nonzero(*const i64, *mut i64) -> i32;
    // searching, counting, sets (slots as numpy.linalg)
    NP_SEARCHSORTED = crate::search::oxjit_rt_np_searchsorted(*const i64, *mut i64) -> i32;
    NP_LEXSORT = crate::ordering::oxjit_rt_np_lexsort(*const i64, *mut i64) -> i32;
    NP_PARTITION = crate::ordering::oxjit_rt_np_partition(*const i64, *mut i64) -> i32;
    NP_ARGPARTITION = crate::ordering::oxjit_rt_np_argpartition(*const i64, *mut i64) -> i32;
    NP_GRADIENT = crate::ordering::oxjit_rt_np_gradient(*const i64, *mut i64) -> i32;
    NP_ISCLOSE = crate::signal::oxjit_rt_np_isclose(*const i64, *mut i64) -> i32;
    NP_ALLCLOSE = crate::signal::oxjit_rt_np_allclose(*const i64, *mut i64) -> i32;
    NP_ARRAY_EQUAL = crate::signal::oxjit_rt_np_array_equal(*const i64, *mut i64) -> i32;
    NP_INTERP = crate::signal::oxjit_rt_np_interp(*const i64, *mut i64) -> i32;
    NP_CONVOLVE = crate::signal::oxjit_rt_np_convolve(*const i64, *mut i64) -> i32;
    NP_CORRELATE = crate::signal::oxjit_rt_np_correlate(*const i64, *mut i64) -> i32;
    NP_TRAPEZOID = crate::signal::oxjit_rt_np_trapezoid(*const i64, *mut i64) -> i32;
    NP_COV = crate::signal::oxjit_rt_np_cov(*const i64, *mut i64) -> i32;
    NP_CORRCOEF = crate::signal::oxjit_rt_np_corrcoef(*const i64, *mut i64) -> i32;
    NP_DIGITIZE = crate::search::oxjit_rt_np_digitize(*const i64, *mut i64) -> i32;
    NP_BINCOUNT = crate::search::oxjit_rt_np_bincount(*const i64, *mut i64) -> i32;
    NP_HISTOGRAM = crate::histogram::oxjit_rt_np_histogram(*const i64, *mut i64) -> i32;
    NP_HISTOGRAM2D = crate::histogram::oxjit_rt_np_histogram2d(*const i64, *mut i64) -> i32;
    NP_ISIN = crate::search::oxjit_rt_np_isin(*const i64, *mut i64) -> i32;
    NP_INTERSECT1D = crate::search::oxjit_rt_np_intersect1d(*const i64, *mut i64) -> i32;
    NP_UNION1D = crate::search::oxjit_rt_np_union1d(*const i64, *mut i64) -> i32;
    NP_SETDIFF1D = crate::search::oxjit_rt_np_setdiff1d(*const i64, *mut i64) -> i32;
    // parallel
    PARALLEL_FOR = crate::parallel::oxjit_rt_parallel_for(Kernel, *const u8, i64) -> i32;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn descriptors_and_symbols_agree() {
        let syms = symbols();
        let names: HashSet<&str> = syms.iter().map(|(n, _)| *n).collect();
        assert_eq!(names.len(), syms.len(), "a symbol is declared twice");
        let descs: HashSet<&str> = ALL.iter().map(|d| d.name).collect();
        assert_eq!(descs.len(), ALL.len(), "two descriptors share a name");
        assert_eq!(names, descs);
        assert!(syms.iter().all(|(_, p)| !p.is_null()));
    }

    /// Every `extern "C"` function of the runtime's sources is declared here.
    #[test]
    fn every_exported_function_is_declared() {
        let sources = [
            include_str!("memory.rs"),
            include_str!("list.rs"),
            include_str!("table.rs"),
            include_str!("table_ops.rs"),
            include_str!("errors.rs"),
            include_str!("interrupt.rs"),
            include_str!("stack.rs"),
            include_str!("math.rs"),
            include_str!("sort.rs"),
            include_str!("random/ffi.rs"),
            include_str!("random/choice.rs"),
            include_str!("random/multivariate.rs"),
            include_str!("parallel.rs"),
            include_str!("linalg/mod.rs"),
            include_str!("linalg/eig.rs"),
            include_str!("fft.rs"),
            include_str!("fft_transforms.rs"),
            include_str!("manipulation.rs"),
            include_str!("stats.rs"),
            include_str!("search.rs"),
        ];
        let declared: HashSet<&str> = ALL.iter().map(|d| d.name).collect();
        let mut found = HashSet::new();
        for src in sources {
            for (i, _) in src.match_indices("oxjit_rt_") {
                let name: String = src[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let before = &src[..i];
                if before.ends_with("extern \"C\" fn ") {
                    found.insert(name);
                }
            }
        }
        assert!(found.len() > 20, "scanned too few functions: {found:?}");
        for name in &found {
            assert!(declared.contains(name.as_str()), "`{name}` is not declared");
        }
    }
}
