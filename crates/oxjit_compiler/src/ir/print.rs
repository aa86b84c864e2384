//! The readable text form of the IR, for dumps (`OXJIT_DUMP=after:<pass>`), snapshot tests and
//! verifier messages.
//!
//! Values are `v6`, blocks `block3`, variables their source name (hidden ones start with `$`):
//!
//! ```text
//! function f(x, n) -> float64
//!   var x: float64
//!   ...
//!   block1:  ; preds block0, block2
//!     v6: float64 = binary add v3, v4
//!     store x <- v6
//!     v9: float64 = getitem v7[v8 check]
//!     branch v5, block1, block2
//! ```
//!
//! The untyped form (`Display` of [`Function`]) is the same without types. Index checks are
//! written after each index: `wrap+check`, `check`, `wrap`, `from-end`, nothing when none is needed.

use super::cfg::Cfg;
use super::*;
use crate::infer::TypedFunction;
use std::fmt::{self, Write};

pub(crate) fn binop(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "sub",
        BinOp::Mul => "mul",
        BinOp::Div => "div",
        BinOp::FloorDiv => "floordiv",
        BinOp::Mod => "mod",
        BinOp::Pow => "pow",
        BinOp::MatMul => "matmul",
        BinOp::BitAnd => "bitand",
        BinOp::BitOr => "bitor",
        BinOp::BitXor => "bitxor",
        BinOp::LShift => "lshift",
        BinOp::RShift => "rshift",
    }
}

pub(crate) fn unop(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Neg => "neg",
        UnaryOp::Pos => "pos",
        UnaryOp::Not => "not",
        UnaryOp::Invert => "invert",
    }
}

pub(crate) fn cmpop(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "eq",
        CmpOp::Ne => "ne",
        CmpOp::Lt => "lt",
        CmpOp::Le => "le",
        CmpOp::Gt => "gt",
        CmpOp::Ge => "ge",
    }
}

fn constant(c: &Const) -> String {
    match c {
        Const::Int(i) => i.to_string(),
        // `{:?}` keeps the `.0` of whole floats and spells `inf` and `NaN`.
        Const::Float(x) => format!("{x:?}"),
        Const::Complex(re, im) => format!("complex({re:?}, {im:?})"),
        Const::Bool(true) => "True".into(),
        Const::Bool(false) => "False".into(),
        Const::None => "None".into(),
    }
}

fn check(c: IndexCheck) -> &'static str {
    match c {
        IndexCheck::WrapAndCheck => " wrap+check",
        IndexCheck::Check => " check",
        IndexCheck::WrapOnly => " wrap",
        IndexCheck::FromEnd => " from-end",
        IndexCheck::None => "",
    }
}

/// `v6`.
pub fn value(v: ValueId) -> String {
    format!("v{}", v.0)
}

/// `block3`.
pub fn block(b: BlockId) -> String {
    format!("block{}", b.0)
}

/// A variable by its name (an id out of range is printed as such, for the verifier).
pub fn var(f: &Function, v: VarId) -> String {
    match f.vars.get(v.0 as usize) {
        Some(info) => info.name.clone(),
        None => format!("<invalid var {}>", v.0),
    }
}

fn values(vs: &[ValueId]) -> String {
    vs.iter().map(|v| value(*v)).collect::<Vec<_>>().join(", ")
}

fn index(index: &[ValueId], checks: &[IndexCheck]) -> String {
    index
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let c = checks.get(k).map_or("", |c| check(*c));
            format!("{}{c}", value(*v))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The right-hand side of an instruction: `binary add v3, v4`, `store x <- v6`, ...
pub fn inst(f: &Function, kind: &InstKind) -> String {
    match kind {
        InstKind::Const(c) => format!("const {}", constant(c)),
        InstKind::Load(x) => format!("load {}", var(f, *x)),
        InstKind::Store(x, v) => format!("store {} <- {}", var(f, *x), value(*v)),
        InstKind::Global(name) => format!("global {name}"),
        InstKind::CaughtException => "caught_exception".to_string(),
        InstKind::Attr(v, name) => format!("attr {}.{name}", value(*v)),
        InstKind::SetAttr {
            obj,
            name,
            value: x,
        } => {
            format!("setattr {}.{name} <- {}", value(*obj), value(*x))
        }
        InstKind::Binary(op, a, b) => format!("binary {} {}, {}", binop(*op), value(*a), value(*b)),
        InstKind::AugBinary(op, a, b) => {
            format!("inplace {} {}, {}", binop(*op), value(*a), value(*b))
        }
        InstKind::Unary(op, a) => format!("unary {} {}", unop(*op), value(*a)),
        InstKind::Compare(op, a, b) => {
            format!("compare {} {}, {}", cmpop(*op), value(*a), value(*b))
        }
        InstKind::Truth(v) => format!("truth {}", value(*v)),
        InstKind::Call { func, args, kwargs } => {
            let mut all: Vec<String> = args.iter().map(|a| value(*a)).collect();
            all.extend(kwargs.iter().map(|(k, v)| format!("{k}={}", value(*v))));
            format!("call {}({})", value(*func), all.join(", "))
        }
        InstKind::Tuple(items) => format!("tuple ({})", values(items)),
        InstKind::List(items) => format!("list ({})", values(items)),
        InstKind::Dict(items) => format!("dict ({})", values(items)),
        InstKind::Set(items) => format!("set ({})", values(items)),
        InstKind::Contains { item, seq, negated } => format!(
            "{} {}, {}",
            if *negated { "not_in" } else { "in" },
            value(*item),
            value(*seq)
        ),
        InstKind::Ellipsis => "ellipsis".to_string(),
        InstKind::Slice(a, b, c) => {
            // An absent part is written as nothing, as in Python (`slice v1::`).
            let part = |p: &Option<ValueId>| match p {
                Some(v) => value(*v),
                None => String::new(),
            };
            format!("slice {}:{}:{}", part(a), part(b), part(c))
        }
        InstKind::GetItem {
            value: arr,
            index: idx,
            check,
        } => format!("getitem {}[{}]", value(*arr), index(idx, check)),
        InstKind::SetItem {
            value: arr,
            index: idx,
            check,
            item,
        } => format!(
            "setitem {}[{}] <- {}",
            value(*arr),
            index(idx, check),
            value(*item)
        ),
        InstKind::Unpack { value: v, count } => format!("unpack {} into {count}", value(*v)),
        InstKind::UnpackItem(v, i) => format!("unpackitem {}, {i}", value(*v)),
        InstKind::Starred(v) => format!("starred {}", value(*v)),
        InstKind::CheckRangeStep(v) => format!("checkrangestep {}", value(*v)),
        InstKind::ShapeSize(v) => format!("shapesize {}", value(*v)),
        InstKind::Unravel(i, s) => format!("unravel {} in {}", value(*i), value(*s)),
        InstKind::MemoryOrder(a) => format!("memory_order {}", value(*a)),
        InstKind::FlatPosition(i, a) => format!("flat_position {} in {}", value(*i), value(*a)),
        InstKind::RangeTest {
            counter,
            stop,
            step,
        } => format!(
            "rangetest {} to {} step {}",
            value(*counter),
            value(*stop),
            value(*step)
        ),
        InstKind::Len(v) => format!("len {}", value(*v)),
        InstKind::CatchMatch(items) => format!(
            "catch_match {}",
            items
                .iter()
                .map(|v| value(*v))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        InstKind::Exception(c) => format!("exception {}", c.name()),
        InstKind::Raise { class, message } => {
            let mut s = format!("raise {}", value(*class));
            for p in message.iter().flatten() {
                match p {
                    FmtPart::Value(v, spec) => s.push_str(&format!(" {{{}:{spec}}}", value(*v))),
                    p => s.push_str(&format!(" {}", p.listing(value))),
                }
            }
            s
        }
        InstKind::Str(t) => format!("str {t:?}"),
        InstKind::Format(parts) => format!(
            "format {}",
            parts
                .iter()
                .map(|p| p.listing(value))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        InstKind::Print { args, sep, end } => {
            let parts: Vec<String> = args
                .iter()
                .map(|a| {
                    a.iter()
                        .map(|p| p.listing(value))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            format!("print {} sep={sep:?} end={end:?}", parts.join(", "))
        }
        InstKind::Select(c, a, b) => {
            format!("select {}, {}, {}", value(*c), value(*a), value(*b))
        }
        InstKind::IsNone(v, false) => format!("is_none {}", value(*v)),
        InstKind::IsNone(v, true) => format!("is_not_none {}", value(*v)),
    }
}

/// `jump block2`, `branch v5, block1, block2`, `return v7`.
pub fn terminator(t: &Terminator) -> String {
    match t {
        Terminator::Jump(b) => format!("jump {}", block(*b)),
        Terminator::Branch {
            cond,
            then_block,
            else_block,
        } => format!(
            "branch {}, {}, {}",
            value(*cond),
            block(*then_block),
            block(*else_block)
        ),
        Terminator::Return(v, _) => format!("return {}", value(*v)),
        Terminator::Raise(_) => "raise".into(),
        Terminator::Unterminated => "unterminated".into(),
    }
}

/// `block3:` with its predecessors (or `unreachable`) as a comment.
fn block_header(out: &mut String, cfg: Option<&Cfg>, b: BlockId) {
    let _ = write!(out, "  {}:", block(b));
    if let Some(cfg) = cfg {
        if !cfg.is_reachable(b) {
            out.push_str("  ; unreachable");
        } else if !cfg.preds(b).is_empty() {
            let preds: Vec<String> = cfg.preds(b).iter().map(|p| block(*p)).collect();
            let _ = write!(out, "  ; preds {}", preds.join(", "));
        }
    }
    out.push('\n');
}

/// Blocks, one instruction per line; `ty` gives the type shown after each value, if any.
fn blocks(out: &mut String, f: &Function, ty: &dyn Fn(ValueId) -> Option<String>) {
    // Predecessors only when the terminators are sound (the verifier prints broken IR too).
    let targets_exist = f
        .blocks
        .iter()
        .flat_map(|b| cfg::successors(&b.term))
        .all(|s| (s.0 as usize) < f.blocks.len());
    let cfg = targets_exist.then(|| Cfg::new(f));
    for (bi, b) in f.blocks.iter().enumerate() {
        block_header(out, cfg.as_ref(), BlockId(bi as u32));
        for i in &b.insts {
            let rhs = inst(f, &i.kind);
            let _ = match (&i.kind, ty(i.result)) {
                (InstKind::Store(..), _) => writeln!(out, "    {rhs}"),
                (_, Some(t)) => writeln!(out, "    {}: {t} = {rhs}", value(i.result)),
                (_, None) => writeln!(out, "    {} = {rhs}", value(i.result)),
            };
        }
        let _ = writeln!(out, "    {}", terminator(&b.term));
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<String> = self.params.iter().map(|p| var(self, *p)).collect();
        let mut out = format!("function {}({})\n", self.name, params.join(", "));
        blocks(&mut out, self, &|_| None);
        f.write_str(&out)
    }
}

/// The typed IR: the signature, each variable's type, then the blocks with each value's type.
pub fn typed(f: &TypedFunction) -> String {
    let ir = &f.ir;
    let params: Vec<String> = ir.params.iter().map(|p| var(ir, *p)).collect();
    let mut out = format!("function {}({}) -> {}\n", ir.name, params.join(", "), f.ret);
    for (i, v) in ir.vars.iter().enumerate() {
        match f.var_types.get(i) {
            Some(t) => writeln!(out, "  var {}: {t}", v.name),
            None => writeln!(out, "  var {}: <no type>", v.name),
        }
        .ok();
    }
    blocks(&mut out, ir, &|v| {
        let t = match f.value_types.get(v.0 as usize) {
            Some(t) => t.to_string(),
            None => "<no type>".into(),
        };
        Some(match f.consts.get(&v) {
            Some(c) => format!("{t} (const {})", constant(c)),
            None => t,
        })
    });
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn untyped_text() {
        let src = "def f(x, n):\n    while x < n:\n        x = x + 1.5\n    return x\n";
        let def = crate::syntax::parse_function(src).expect("parses");
        let f = crate::lower::lower(&def).expect("lowers");
        let expected = "\
function f(x, n)
  block0:
    v0 = load x
    v1 = load n
    v2 = compare lt v0, v1
    v3 = truth v2
    branch v3, block1, block3
  block1:  ; preds block0, block2
    v4 = load x
    v5 = const 1.5
    v6 = binary add v4, v5
    store x <- v6
    jump block2
  block2:  ; preds block1
    v8 = load x
    v9 = load n
    v10 = compare lt v8, v9
    v11 = truth v10
    branch v11, block1, block4
  block3:  ; preds block0, block4
    v12 = load x
    return v12
  block4:  ; preds block2
    jump block3
";
        assert_eq!(f.to_string(), expected);
    }
}
