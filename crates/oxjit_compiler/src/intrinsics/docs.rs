//! The table of intrinsics rendered as Markdown, for `docs/supported.md` (between
//! `<!-- intrinsics:begin -->` and `<!-- intrinsics:end -->`). A test checks that the file
//! is up to date; `OXJIT_BLESS=1` rewrites the block.

use super::{
    BinaryRule, Effects, FftRule, Fuse, Intrinsic, LinalgRule, Lower, ManipRule, MathRule, Module,
    Pass, ReduceRule, Rule, UnaryFn, UnaryRule,
};

fn params(f: Intrinsic) -> String {
    let mut out = Vec::new();
    let mut kw_marked = false;
    for p in f.params() {
        let mut s = String::new();
        if p.pass == Pass::Keyword && !kw_marked {
            out.push("*".to_string());
            kw_marked = true;
        }
        if p.pass == Pass::Variadic {
            s.push('*');
        }
        s.push_str(p.name);
        if let Some(d) = p.default {
            s.push('=');
            s.push_str(d);
        }
        out.push(s);
    }
    if f.params().iter().any(|p| p.pass == Pass::Positional) {
        out.push("/".to_string());
    }
    out.join(", ")
}

fn rule(r: Rule) -> String {
    match r {
        Rule::Unary(u) => match u {
            UnaryRule::Float => "element-wise, float",
            UnaryRule::Same => "element-wise, same dtype",
            UnaryRule::SameIntBool => "element-wise, same dtype (bool → int64)",
            UnaryRule::Bool => "element-wise, bool",
            UnaryRule::Integer => "element-wise, same dtype (integers and bool only)",
            UnaryRule::SameBoolInt8 => "element-wise, same dtype (bool → int8)",
            UnaryRule::Count => "element-wise, uint8 (integers and bool only)",
        }
        .into(),
        Rule::Binary(b) => match b {
            BinaryRule::Promote => "element-wise, promoted (bool → int64)",
            BinaryRule::PromoteKeepBool => "element-wise, promoted",
            BinaryRule::Float => "element-wise, float (int16 → float32)",
            BinaryRule::TrueDivide => "element-wise, float",
            BinaryRule::Float64 => "element-wise, float64",
            BinaryRule::Bool => "element-wise, bool",
            BinaryRule::Integer => "element-wise, promoted integers (bool → int64)",
            BinaryRule::IntegerNoBool => "element-wise, promoted integers (no bool)",
            BinaryRule::Bitwise => "element-wise, promoted integers or bool",
            BinaryRule::Ldexp => "element-wise, float of `x1` (`x2` an integer)",
        }
        .into(),
        Rule::Reduce(r) => match r {
            ReduceRule::Accumulate => "reduction, int64 or float",
            ReduceRule::Float => "reduction, float",
            ReduceRule::Index => "reduction, int64 index",
            ReduceRule::Bool => "reduction, bool",
            ReduceRule::Same => "reduction, same dtype",
            ReduceRule::Cumulative => "scan, array",
        }
        .into(),
        Rule::Draw { int, .. } => {
            if int {
                "random int64: scalar, `size` array or parameters' broadcast".into()
            } else {
                "random float64: scalar, `size` array or parameters' broadcast".into()
            }
        }
        Rule::Math(m) => match m {
            MathRule::Float => "float",
            MathRule::Int => "int",
            MathRule::Bool => "bool",
            MathRule::Integer => "int of ints",
        }
        .into(),
        Rule::Linalg(l) => match l {
            LinalgRule::Matrix => "matrix",
            LinalgRule::Solve => "shaped like `b`",
            LinalgRule::Number => "float (complex: `det` of a complex matrix)",
            LinalgRule::SignLog => "(sign, logabsdet)",
            LinalgRule::Lstsq => "(x, residuals, rank, s)",
            LinalgRule::Eigh => "(eigenvalues, eigenvectors)",
            LinalgRule::Values => "vector",
            LinalgRule::Eig => "(eigenvalues, eigenvectors), complex",
            LinalgRule::ComplexValues => "complex vector",
            LinalgRule::Svd => "(U, S, Vh), or S",
            LinalgRule::Qr => "(Q, R)",
            LinalgRule::Rank => "int",
            LinalgRule::Norm => "float, or vector with `axis`",
        }
        .into(),
        Rule::Fft(FftRule::Freq) => "float64 vector".into(),
        Rule::Fft(FftRule::Shift) => "same as `x`".into(),
        Rule::Fft(
            FftRule::Transform | FftRule::TransformAll | FftRule::Rfft | FftRule::RfftAll,
        ) => "complex128 array".into(),
        Rule::Fft(FftRule::Irfft | FftRule::IrfftAll) => "float64 array".into(),
        Rule::Manip(ManipRule::Same) => "same dtype and axes".into(),
        Rule::Manip(ManipRule::Repeat) => "same dtype; 1-D without `axis`".into(),
        Rule::Manip(ManipRule::Vector) => "vector of the same dtype".into(),
        Rule::Manip(ManipRule::Matrix) => "matrix of the same dtype".into(),
        Rule::Manip(ManipRule::Average) => "float".into(),
        Rule::Manip(ManipRule::Join { min_ndim }) => {
            format!("promoted dtype; at least {min_ndim}-D")
        }
        Rule::Manip(ManipRule::Stack) => "promoted dtype; one more axis".into(),
        Rule::Manip(ManipRule::Split) => "tuple of arrays of the same dtype".into(),
        Rule::Manip(ManipRule::Reorder) => "same dtype and number of axes".into(),
        Rule::Manip(ManipRule::Edit) => "1-D without `axis`, else the same axes".into(),
        Rule::Manip(ManipRule::AddAxis) => "same dtype; one more axis".into(),
        Rule::Manip(ManipRule::DropAxis) => "same dtype; one axis less".into(),
        Rule::Manip(ManipRule::Broadcast) => "same dtype; the axes of `shape`".into(),
        Rule::Manip(ManipRule::Meshgrid) => "tuple of 2 or 3 arrays".into(),
        Rule::Manip(ManipRule::AtLeast(n)) => format!("same dtype; at least {n}-D"),
        Rule::Manip(ManipRule::Diag) => "same dtype; vector ↔ matrix".into(),
        Rule::Manip(ManipRule::Diagonal) => "same dtype; one axis less".into(),
        Rule::Manip(ManipRule::Trace) => "int64/uint64 or the float dtype".into(),
        Rule::Manip(ManipRule::Product) => "promoted dtype; the larger number of axes".into(),
        Rule::Manip(ManipRule::Nonzero) => "tuple of int64 vectors, one per axis".into(),
        Rule::Manip(ManipRule::Argwhere) => "int64 matrix".into(),
        Rule::Manip(ManipRule::Flatnonzero) => "int64 vector".into(),
        Rule::Manip(ManipRule::Take) => "same dtype; the indices' axes at `axis`".into(),
        Rule::Manip(ManipRule::Item) => "int, float or bool".into(),
        Rule::Stats(r) => super::StatsRule::describe(r).into(),
        Rule::Search(r) => super::SearchRule::describe(r).into(),
        Rule::Signal(r) => super::SignalRule::describe(r).into(),
        Rule::Special => "own rule".into(),
    }
}

fn effects(e: Effects) -> &'static str {
    match e {
        Effects::Pure => "pure",
        Effects::Allocates => "allocates",
        Effects::View => "view",
        Effects::Random => "random state",
        Effects::Mutates => "writes its argument",
    }
}

fn fuse(x: Fuse) -> &'static str {
    match x {
        Fuse::No => "",
        Fuse::Elementwise => "element-wise",
        Fuse::Reduction => "reduction group",
    }
}

fn lower(l: Lower) -> String {
    let snake = |s: String| {
        let mut o = String::new();
        for (i, c) in s.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                o.push('_');
            }
            o.extend(c.to_lowercase());
        }
        o
    };
    let unary = |f: UnaryFn| match f.runtime() {
        Some(rt) => rt.name.to_string(),
        None => snake(format!("{f:?}")),
    };
    match l {
        Lower::Unary(f) => format!("kernel `{}`", unary(f)),
        Lower::Binary(super::EOp::Call(rt)) => format!("kernel `{}`", rt.name),
        Lower::Binary(op) => format!("operator `{op:?}`"),
        Lower::Reduce(r) => format!("reduction `{r:?}`"),
        Lower::Math {
            f,
            domain,
            overflow,
        } => format!(
            "kernel `{}`, domain {domain:?}{}",
            unary(f),
            if overflow { ", range check" } else { "" }
        ),
        Lower::Kernel => "kernel builder".into(),
        Lower::Draw { scalar, fill } => format!("runtime `{}` / `{}`", scalar.name, fill.name),
        Lower::Special => "own code".into(),
        Lower::Slots(f) => format!("runtime `{}`", f.name),
        Lower::Call(f) => format!("runtime `{}`", f.name),
        Lower::Cmath(f) => format!("runtime `oxjit_rt_cmath` ({f:?})"),
    }
}

/// The Markdown block: one table per module.
pub fn render() -> String {
    let mut out = String::new();
    for (m, title) in [
        (Module::Numpy, "`numpy`"),
        (Module::Random, "`numpy.random`"),
        (Module::Linalg, "`numpy.linalg`"),
        (Module::Fft, "`numpy.fft`"),
        (
            Module::Array,
            "array methods (besides the `numpy` functions marked “method”)",
        ),
        (Module::Math, "`math`"),
        (Module::Builtins, "builtins"),
        (Module::List, "list methods (see `docs/containers.md`)"),
        (Module::Str, "str methods (see “Strings” below)"),
        (Module::Dict, "dict methods (see `docs/containers.md`)"),
        (Module::Set, "set methods (see `docs/containers.md`)"),
        (
            Module::PyRandom,
            "Python's `random` (state semantics: “Python's `random`” below)",
        ),
        (Module::Cmath, "`cmath` (see `docs/complex.md`)"),
        (Module::Complex, "complex methods"),
        (
            Module::Generator,
            "`numpy.random.Generator` methods (see `docs/random.md`)",
        ),
        (
            Module::Typed,
            "`oxjit.typed` (Numba's typed containers, see `docs/containers.md`)",
        ),
    ] {
        out.push_str(&format!("\n#### {title}\n\n"));
        out.push_str("| function | parameters | typing | effects | fuses | lowering |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for f in Intrinsic::all().filter(|f| f.module() == m) {
            let e = f.info();
            let name = if e.method && m == Module::Numpy {
                format!("`{}` (method)", f.qualified())
            } else if m == Module::Array {
                format!("`a.{}`", e.name)
            } else if m == Module::List {
                format!("`lst.{}`", e.name)
            } else if m == Module::Dict {
                format!("`d.{}`", e.name)
            } else if m == Module::Str || m == Module::Set {
                format!("`s.{}`", e.name)
            } else if m == Module::Complex {
                format!("`z.{}`", e.name)
            } else if m == Module::Generator {
                format!("`rng.{}`", e.name)
            } else {
                format!("`{}`", f.qualified())
            };
            out.push_str(&format!(
                "| {name} | `{}` | {} | {} | {} | {} |\n",
                params(f),
                rule(e.rule),
                effects(e.effects),
                fuse(e.fuse),
                lower(e.lower)
            ));
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    const BEGIN: &str = "<!-- intrinsics:begin -->";
    const END: &str = "<!-- intrinsics:end -->";

    #[test]
    fn supported_md_lists_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/supported.md");
        let text = std::fs::read_to_string(path).expect("docs/supported.md");
        let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
            panic!("docs/supported.md has no {BEGIN} ... {END} block");
        };
        let start = b + BEGIN.len();
        let want = super::render();
        if text[start..e] == want {
            return;
        }
        if std::env::var("OXJIT_BLESS").is_ok_and(|v| v == "1") {
            let new = format!("{}{}{}", &text[..start], want, &text[e..]);
            std::fs::write(path, new).expect("write docs/supported.md");
            return;
        }
        panic!(
            "docs/supported.md is out of date with the table of intrinsics; rerun with \
             OXJIT_BLESS=1 (`OXJIT_BLESS=1 cargo test -p oxjit_compiler intrinsics`) to rewrite it"
        );
    }
}
