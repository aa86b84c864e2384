//! Passes over the typed IR, run in order, each named. `dump` prints a typed function.

pub(crate) mod fusion;
pub mod prange;
mod ranges;
mod reuse;

use crate::error::Result;
use crate::infer::TypedFunction;
use crate::ir::Terminator;
use std::fmt::Write;

/// A named transformation of a typed function.
pub struct Pass {
    pub name: &'static str,
    pub run: fn(&mut TypedFunction) -> Result<()>,
}

/// The pipeline, in order.
pub const PASSES: &[Pass] = &[
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
        name: "array-fusion",
        run: fusion::fuse,
    },
];

/// Run every pass; with `OXJIT_DUMP=after:<name>` print the IR after that pass.
pub fn run(f: &mut TypedFunction) -> Result<()> {
    let dump = std::env::var("OXJIT_DUMP").ok();
    let skip = std::env::var("OXJIT_SKIP_PASSES").unwrap_or_default();
    for p in PASSES {
        if skip.split(',').any(|n| n == p.name) {
            continue;
        }
        (p.run)(f)?;
        if dump.as_deref() == Some(&format!("after:{}", p.name)) {
            eprintln!("--- {} after {} ---\n{}", f.ir.name, p.name, self::dump(f));
        }
    }
    Ok(())
}

/// The typed IR as text: each value with its type.
pub fn dump(f: &TypedFunction) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "function {} -> {}", f.ir.name, f.ret);
    for (i, v) in f.ir.vars.iter().enumerate() {
        let _ = writeln!(s, "  var {}: {}", v.name, f.var_types[i]);
    }
    for (i, b) in f.ir.blocks.iter().enumerate() {
        let _ = writeln!(s, "  block{i}:");
        for inst in &b.insts {
            let _ = writeln!(
                s,
                "    v{}: {} = {:?}",
                inst.result.0,
                f.ty(inst.result),
                inst.kind
            );
        }
        let term = match &b.term {
            Terminator::Return(v, _) => format!("return v{}", v.0),
            t => format!("{t:?}"),
        };
        let _ = writeln!(s, "    {term}");
    }
    s
}
