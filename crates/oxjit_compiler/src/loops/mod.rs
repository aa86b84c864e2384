//! The loop stage, between the passes over the typed IR and codegen: array code as kernels.
//!
//! Every loop oxjit makes for the user — element-wise array expressions, whole-array
//! reductions (several sharing one pass), products of a matrix and a vector, copies into views,
//! and `prange` loops — is a [`Kernel`]: its iteration space, its element expressions over IR
//! values, its outputs (store, reduce, product rows, reduction variables) and its [`Schedule`]
//! (chunking, parallel or not, accumulator lanes, specialised copies). The kernels are built
//! once from the IR after the passes ([`build`]); codegen follows them: it translates a group of
//! reductions as one pass where a kernel says so, runs chunks on the thread pool where a
//! kernel's schedule says so, and cuts every loop into chunks by the one policy of
//! [`schedule`]. `OXJIT_DUMP=after:loops` (and `f.inspect_ir("loops")`) prints them.
//!
//! Array loops and `prange` loops share the reduction type ([`Reduction`]), the chunking policy
//! and the fixed combination order (partials folded in chunk order), which keeps
//! `parallel=True` bit-identical to serial.

pub mod build;
pub mod kernel;
pub mod reduction;
pub mod schedule;
pub mod vector_map;
pub mod vector_math;

pub use kernel::{Expr, Kernel, Output, Space};
pub use reduction::Reduction;
pub use schedule::{Chunking, Schedule};

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::ir::print::{binop, cmpop, unop, value};
use crate::ir::{BlockId, InstKind, ValueId};
use std::fmt::Write;

/// The pass: build the function's kernels.
pub fn run(f: &mut TypedFunction) -> Result<()> {
    f.kernels = build::kernels(f);
    Ok(())
}

/// The kernel grouping several reductions that starts at instruction `v`, if any.
pub fn reduction_group_at(f: &TypedFunction, v: ValueId) -> Option<&Kernel> {
    f.kernels.iter().find(|k| {
        k.insts.first() == Some(&v)
            && k.outputs.len() > 1
            && k.outputs
                .iter()
                .all(|o| matches!(o, Output::Reduce { .. } | Output::ProductRows { .. }))
    })
}

/// The `prange` kernel run from guard block `b`, if any.
pub fn prange_at(f: &TypedFunction, b: BlockId) -> Option<&Kernel> {
    f.kernels
        .iter()
        .find(|k| k.block == b && matches!(k.space, Space::Iterations { .. }))
}

/// Whether array kernels in block `b` may run on the thread pool.
pub fn parallel_in(f: &TypedFunction, b: BlockId) -> bool {
    f.parallel
        && !f
            .pranges
            .values()
            .any(|p| f.ir.range_loops[p.loop_index].blocks.contains(&b))
}

/// Whether array kernels in block `b` evaluate vectorised element functions by blocks.
pub fn vector_math_in(f: &TypedFunction, b: BlockId) -> bool {
    f.kernels
        .iter()
        .any(|k| k.block == b && k.schedule.vector_math)
}

/// Whether a contiguous float64 sum in block `b` runs by the runtime's SIMD sum.
pub fn vector_reduce_in(f: &TypedFunction, b: BlockId) -> bool {
    f.kernels
        .iter()
        .any(|k| k.block == b && k.schedule.vector_reduce)
}

/// A value's name in comments: the variable it was loaded from, if any.
fn note(f: &TypedFunction, v: ValueId) -> String {
    match f.def(v).map(|i| &i.kind) {
        Some(InstKind::Load(x)) => format!("  ; {}", f.ir.var_name(*x)),
        _ => String::new(),
    }
}

fn apply_name(f: &TypedFunction, inst: ValueId) -> String {
    match f.def(inst).map(|i| &i.kind) {
        Some(InstKind::Binary(op, ..)) => format!("binary {}", binop(*op)),
        Some(InstKind::Compare(op, ..)) => format!("compare {}", cmpop(*op)),
        Some(InstKind::Unary(op, ..)) => format!("unary {}", unop(*op)),
        Some(InstKind::Call { .. }) => match f.def(inst).and_then(|d| build::call_operands(f, d)) {
            Some((i, _)) => format!("call {}", i.name()),
            None => "call".into(),
        },
        _ => "apply".into(),
    }
}

/// The kernels as text (appended to the typed IR in dumps).
pub fn print(f: &TypedFunction) -> String {
    let mut out = String::new();
    for (i, k) in f.kernels.iter().enumerate() {
        let space = match &k.space {
            Space::Elements { of, ndim } => format!("elements of e{of} ({ndim}-D)"),
            Space::Iterations { loop_index, body } => format!(
                "iterations of prange loop {loop_index} (body {})",
                body.iter()
                    .map(|b| format!("block{}", b.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        writeln!(
            out,
            "kernel k{i} at block{} ({} output{}): {space}{}",
            k.block.0,
            k.outputs.len(),
            if k.outputs.len() == 1 { "" } else { "s" },
            if k.outputs.len() > 1 && k.same_space {
                ", one space (proven)"
            } else {
                ""
            }
        )
        .ok();
        for (j, e) in k.exprs.iter().enumerate() {
            let text = match e {
                Expr::Read(v) => format!("read {}{}", value(*v), note(f, *v)),
                Expr::Scalar(v) => format!("scalar {}{}", value(*v), note(f, *v)),
                Expr::Apply { inst, args } => format!(
                    "{} {}",
                    apply_name(f, *inst),
                    args.iter()
                        .map(|a| format!("e{a}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Expr::MatVecRow { m, v, .. } => {
                    format!("matvec-row {}, {}{}", value(*m), value(*v), note(f, *m))
                }
            };
            writeln!(out, "  e{j} = {text}").ok();
        }
        for o in &k.outputs {
            let text = match o {
                Output::Reduce {
                    red,
                    of,
                    result,
                    mean,
                } => format!(
                    "{} = reduce {} e{of}{}",
                    value(*result),
                    red.name(),
                    if *mean { " / n" } else { "" }
                ),
                Output::ProductRows {
                    m,
                    transposed,
                    of,
                    result,
                } => format!(
                    "{} = product-rows {}{} · e{of}{}",
                    value(*result),
                    value(*m),
                    if *transposed { "ᵀ" } else { "" },
                    note(f, *m)
                ),
                Output::Store { of, result } => format!("{} = store e{of}", value(*result)),
                Output::StoreInto { of, into } => {
                    format!(
                        "store e{of} into a subscript of {}{}",
                        value(*into),
                        note(f, *into)
                    )
                }
                Output::Variable { var, red } => {
                    format!("variable {} ({})", f.ir.var_name(*var), red.name())
                }
            };
            writeln!(out, "  out {text}").ok();
        }
        let s = &k.schedule;
        writeln!(
            out,
            "  schedule: {}, {}, {} lane{}{}{}{}",
            s.chunking,
            if s.parallel { "parallel" } else { "serial" },
            s.lanes,
            if s.lanes == 1 { "" } else { "s" },
            if s.specialise_small_dims {
                ", axes of length 2 specialised"
            } else {
                ""
            },
            if s.vector_math {
                format!(", vector math in blocks of {}", vector_math::BLOCK)
            } else {
                String::new()
            },
            if s.vector_reduce {
                ", SIMD sum by the runtime"
            } else {
                ""
            }
        )
        .ok();
    }
    out
}
