//! Passes over the typed IR, run in order, each named. `dump` prints a typed function. In debug
//! builds (and so in every Rust test) the IR verifier checks the function before the first pass
//! and after each one.

pub(crate) mod fusion;
mod ifconv;
mod list_array;
pub mod prange;
mod ranges;
mod reuse;
pub mod vectorize;

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::ir::{print, verify};

/// A named transformation of a typed function.
pub struct Pass {
    pub name: &'static str,
    pub run: fn(&mut TypedFunction) -> Result<()>,
}

/// The pipeline, in order.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "list-to-array",
        run: list_array::rewrite,
    },
    Pass {
        name: "bounds-check-elimination",
        run: ranges::lower_checks,
    },
    Pass {
        name: "element-reuse",
        run: reuse::reuse_reads,
    },
    Pass {
        name: "prange",
        run: prange::analyse,
    },
    Pass {
        name: "if-conversion",
        run: ifconv::convert,
    },
    Pass {
        name: "array-fusion",
        run: fusion::fuse,
    },
    Pass {
        name: "vectorize",
        run: vectorize::plan,
    },
    Pass {
        name: "loops",
        run: crate::loops::run,
    },
];

/// Run every pass; with `OXJIT_DUMP=after:<name>` print the IR after that pass. With `record`,
/// keep the IR as typed and after each pass (`f.inspect_ir(...)`).
pub fn run(
    f: &mut TypedFunction,
    mut record: Option<&mut Vec<(&'static str, String)>>,
) -> Result<()> {
    if let Some(r) = record.as_deref_mut() {
        r.push(("typing", self::dump(f)));
    }
    let dump = std::env::var("OXJIT_DUMP").ok();
    if cfg!(debug_assertions) {
        verify::verify_typed(f, "typing")?;
    }
    for p in PASSES {
        if skipped(p.name) {
            continue;
        }
        (p.run)(f)?;
        if cfg!(debug_assertions) {
            verify::verify_typed(f, &format!("pass `{}`", p.name))?;
        }
        if let Some(r) = record.as_deref_mut() {
            r.push((p.name, self::dump(f)));
        }
        if dump.as_deref() == Some(&format!("after:{}", p.name)) {
            eprintln!("--- {} after {} ---\n{}", f.ir.name, p.name, self::dump(f));
        }
    }
    Ok(())
}

/// Whether `OXJIT_SKIP_PASSES` (comma-separated names) turns off the pass or step `name`.
pub fn skipped(name: &str) -> bool {
    std::env::var("OXJIT_SKIP_PASSES").is_ok_and(|s| s.split(',').any(|n| n == name))
}

/// A new value of type `ty` (its instruction is the caller's to insert).
pub(crate) fn new_value(f: &mut TypedFunction, ty: crate::types::Type) -> crate::ir::ValueId {
    let id = crate::ir::ValueId(f.ir.value_count);
    f.ir.value_count += 1;
    f.value_types.push(ty);
    id
}

/// A new hidden variable of type `ty`, named `$<prefix><id>`.
pub(crate) fn new_var(
    f: &mut TypedFunction,
    prefix: &str,
    ty: crate::types::Type,
) -> crate::ir::VarId {
    let v = crate::ir::VarId(f.ir.vars.len() as u32);
    f.ir.vars.push(crate::ir::VarInfo {
        name: format!("${prefix}{}", v.0),
        synthetic: true,
    });
    f.var_types.push(ty);
    v
}

/// Index each value's defining instruction again after instructions moved.
pub(crate) fn rebuild_defs(f: &mut TypedFunction) {
    f.defs.clear();
    for (bi, block) in f.ir.blocks.iter().enumerate() {
        for (ii, inst) in block.insts.iter().enumerate() {
            f.defs
                .insert(inst.result, (crate::ir::BlockId(bi as u32), ii));
        }
    }
}

/// The typed IR as text (see `ir::print`), then the kernels once the loop stage has run.
pub fn dump(f: &TypedFunction) -> String {
    let mut s = print::typed(f);
    s.push_str(&crate::loops::print(f));
    s
}
