//! C-ABI trampolines (`oxjit.cfunc`): a native function with C parameters and result that
//! calls a compiled entry through oxjit's slot ABI.
//!
//! The trampoline stores each native argument into an 8-byte slot as the entry expects it
//! (integers of up to 32 bits sign- or zero-extended to `int64`, `uint64` as is, `float32` in
//! the low half, bools as 0/1), calls the entry, and converts the entry's result (its own
//! compiled type, which may differ from the declared one: `return 1` in a `float64` function)
//! to the declared C type as a C cast would (floats to integers saturate instead of being
//! undefined). When the entry fails (status ≠ 0) the trampoline calls `on_error(ctx)` once —
//! the binding reports the pending error — and returns zero of the result type.

use super::new_module;
use super::state::{entry_signature, internal};
use crate::error::{CompileError, ErrorKind, Result};
use crate::types::Type;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    types, AbiParam, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind, Value,
};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::JITModule;
use cranelift_module::{Linkage, Module};

/// A scalar C type of a `cfunc` signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CType {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    Bool,
}

impl CType {
    /// The type of a NumPy-style name (`"int32"`, `"float64"`, `"bool"`).
    pub fn from_name(name: &str) -> Option<CType> {
        Some(match name {
            "int8" => CType::I8,
            "int16" => CType::I16,
            "int32" => CType::I32,
            "int64" => CType::I64,
            "uint8" => CType::U8,
            "uint16" => CType::U16,
            "uint32" => CType::U32,
            "uint64" => CType::U64,
            "float32" => CType::F32,
            "float64" => CType::F64,
            "bool" => CType::Bool,
            _ => return None,
        })
    }

    /// The compiler type an argument of this C type is passed to the entry as.
    pub fn compiled(self) -> Type {
        match self {
            CType::U64 => Type::Uint64,
            CType::F32 => Type::Float32,
            CType::F64 => Type::Float,
            CType::Bool => Type::Bool,
            _ => Type::Int,
        }
    }

    fn clif(self) -> types::Type {
        match self {
            CType::I8 | CType::U8 | CType::Bool => types::I8,
            CType::I16 | CType::U16 => types::I16,
            CType::I32 | CType::U32 => types::I32,
            CType::I64 | CType::U64 => types::I64,
            CType::F32 => types::F32,
            CType::F64 => types::F64,
        }
    }

    fn signed(self) -> bool {
        matches!(self, CType::I8 | CType::I16 | CType::I32 | CType::I64)
    }
}

/// A finished trampoline: its machine code and the module that owns it.
pub struct CTrampoline {
    _module: JITModule,
    code: *const u8,
}

// SAFETY: the JIT memory is immutable once finalized; the module is only dropped.
unsafe impl Send for CTrampoline {}
unsafe impl Sync for CTrampoline {}

impl CTrampoline {
    /// The address of the native function.
    pub fn code(&self) -> *const u8 {
        self.code
    }
}

/// Build the trampoline of `entry` (compiled for the arguments `params` map to, returning
/// `compiled_ret`), with the C result `ret` (`None`: void).
pub fn c_trampoline(
    entry: *const u8,
    params: &[CType],
    ret: Option<CType>,
    compiled_ret: &Type,
    on_error: extern "C" fn(*const u8),
    ctx: *const u8,
) -> Result<CTrampoline> {
    let unsupported = |m: String| CompileError::new(ErrorKind::Unsupported, m, None);
    let compiled_ret = match (compiled_ret, ret) {
        (_, None) => None,
        (Type::Int | Type::Uint64 | Type::Float | Type::Float32 | Type::Bool, Some(_)) => {
            Some(compiled_ret.clone())
        }
        (t, Some(_)) => {
            return Err(unsupported(format!(
                "a cfunc must return a number or a bool, but the function returns `{t}`"
            )))
        }
    };
    let mut module = new_module()?;
    let ptr = module.target_config().pointer_type();
    let mut sig = module.make_signature();
    sig.params
        .extend(params.iter().map(|c| AbiParam::new(c.clif())));
    sig.returns.extend(ret.map(|c| AbiParam::new(c.clif())));
    let func = module
        .declare_function("oxjit_cfunc", Linkage::Local, &sig)
        .map_err(internal)?;
    let mut ctx_ = module.make_context();
    ctx_.func.signature = sig;
    let entry_sig = entry_signature(&module);
    let mut err_sig = module.make_signature();
    err_sig.params.push(AbiParam::new(ptr));
    let mut fctx = FunctionBuilderContext::new();
    {
        let mut b = FunctionBuilder::new(&mut ctx_.func, &mut fctx);
        let entry_sig = b.import_signature(entry_sig);
        let err_sig = b.import_signature(err_sig);
        let start = b.create_block();
        b.append_block_params_for_function_params(start);
        b.switch_to_block(start);
        let args: Vec<Value> = b.block_params(start).to_vec();
        let slot =
            |n: usize| StackSlotData::new(StackSlotKind::ExplicitSlot, (8 * n.max(1)) as u32, 3);
        let arg_slot = b.create_sized_stack_slot(slot(params.len()));
        let ret_slot = b.create_sized_stack_slot(slot(1));
        for (i, (c, v)) in params.iter().zip(args).enumerate() {
            let word = to_slot(&mut b, *c, v);
            b.ins()
                .stack_store(types::I64, word, arg_slot, (8 * i) as i32);
        }
        let args_p = b.ins().stack_addr(ptr, arg_slot, 0);
        let ret_p = b.ins().stack_addr(ptr, ret_slot, 0);
        let callee = b.ins().iconst(ptr, entry as i64);
        let call = b.ins().call_indirect(entry_sig, callee, &[args_p, ret_p]);
        let status = b.inst_results(call)[0];
        let (ok, failed) = (b.create_block(), b.create_block());
        b.ins().brif(status, failed, &[], ok, &[]);
        b.switch_to_block(ok);
        match (ret, &compiled_ret) {
            (Some(c), Some(t)) => {
                let v = from_slot(&mut b, t, ret_p, c);
                b.ins().return_(&[v]);
            }
            _ => {
                b.ins().return_(&[]);
            }
        }
        b.switch_to_block(failed);
        let handler = b.ins().iconst(ptr, on_error as usize as i64);
        let ctx_v = b.ins().iconst(ptr, ctx as i64);
        b.ins().call_indirect(err_sig, handler, &[ctx_v]);
        match ret {
            Some(c) => {
                let zero = zero_of(&mut b, c);
                b.ins().return_(&[zero]);
            }
            None => {
                b.ins().return_(&[]);
            }
        }
        b.seal_all_blocks();
        b.finalize(module.isa().frontend_config());
    }
    module
        .define_function(func, &mut ctx_)
        .map_err(|e| internal(format!("{e:?}")))?;
    module.finalize_definitions().map_err(internal)?;
    let code = module.get_finalized_function(func);
    Ok(CTrampoline {
        _module: module,
        code,
    })
}

/// The 8-byte slot word of a native argument, as the entry reads its compiled type.
fn to_slot(b: &mut FunctionBuilder, c: CType, v: Value) -> Value {
    match c {
        CType::F64 => b.ins().bitcast(types::I64, MemFlagsData::new(), v),
        CType::F32 => {
            let bits = b.ins().bitcast(types::I32, MemFlagsData::new(), v);
            b.ins().uextend(types::I64, bits)
        }
        CType::Bool => {
            let nz = b.ins().icmp_imm_u(IntCC::NotEqual, v, 0);
            b.ins().uextend(types::I64, nz)
        }
        CType::I64 | CType::U64 => v,
        c if c.signed() => b.ins().sextend(types::I64, v),
        _ => b.ins().uextend(types::I64, v),
    }
}

/// The entry's result of compiled type `t` (read at `p`) converted to the C type `c`.
fn from_slot(b: &mut FunctionBuilder, t: &Type, p: Value, c: CType) -> Value {
    let flags = MemFlagsData::trusted();
    match t {
        Type::Float | Type::Float32 => {
            let ft = if *t == Type::Float {
                types::F64
            } else {
                types::F32
            };
            let x = b.ins().load(ft, flags, p, 0);
            match c {
                CType::F64 if ft == types::F32 => b.ins().fpromote(types::F64, x),
                CType::F32 if ft == types::F64 => b.ins().fdemote(types::F32, x),
                CType::F64 | CType::F32 => x,
                CType::Bool => {
                    let zero = if ft == types::F64 {
                        b.ins().f64const(0.0)
                    } else {
                        b.ins().f32const(0.0)
                    };
                    b.ins().fcmp(FloatCC::NotEqual, x, zero)
                }
                c if c.signed() => {
                    let w = b.ins().fcvt_to_sint_sat(types::I64, x);
                    narrow(b, w, c)
                }
                c => {
                    let w = b.ins().fcvt_to_uint_sat(types::I64, x);
                    narrow(b, w, c)
                }
            }
        }
        _ => {
            let unsigned = matches!(t, Type::Uint64 | Type::Bool);
            let w = if *t == Type::Bool {
                let byte = b.ins().load(types::I8, flags, p, 0);
                b.ins().uextend(types::I64, byte)
            } else {
                b.ins().load(types::I64, flags, p, 0)
            };
            match c {
                CType::F64 | CType::F32 if unsigned => b.ins().fcvt_from_uint(c.clif(), w),
                CType::F64 | CType::F32 => b.ins().fcvt_from_sint(c.clif(), w),
                CType::Bool => b.ins().icmp_imm_u(IntCC::NotEqual, w, 0),
                c => narrow(b, w, c),
            }
        }
    }
}

fn narrow(b: &mut FunctionBuilder, w: Value, c: CType) -> Value {
    if c.clif() == types::I64 {
        w
    } else {
        b.ins().ireduce(c.clif(), w)
    }
}

fn zero_of(b: &mut FunctionBuilder, c: CType) -> Value {
    match c {
        CType::F64 => b.ins().f64const(0.0),
        CType::F32 => b.ins().f32const(0.0),
        c => b.ins().iconst(c.clif(), 0),
    }
}
