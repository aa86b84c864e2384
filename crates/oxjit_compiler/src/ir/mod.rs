//! The untyped IR: a control-flow graph of basic blocks over named variables.
//!
//! Values (`ValueId`) are defined once and used only inside the block that defines them;
//! everything that crosses a block boundary goes through a variable (`VarId`). Codegen relies on
//! this to release temporaries at block ends.
//!
//! Submodules: [`cfg`] (successors, predecessors, block orders and a dataflow solver),
//! [`print`] (the readable text form) and [`verify`] (the structural invariants).

use crate::error::Span;

pub mod cfg;
pub mod print;
pub mod verify;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Const {
    Int(i64),
    Float(f64),
    /// A complex literal (`3j`) or constant (`cmath.infj`): real and imaginary parts.
    Complex(f64, f64),
    Bool(bool),
    None,
}

/// A parameter's default value, frozen when the function is lowered (only literals of the
/// types oxjit passes between functions).
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Const(Const),
    Tuple(Vec<DefaultValue>),
    /// A default oxjit cannot freeze (an expression that is not such a literal).
    Unsupported,
}

/// How a parameter may be passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Before `/`.
    PositionalOnly,
    PositionalOrKeyword,
    /// `*args`: the extra positional arguments, as a tuple (after the positional parameters,
    /// before the keyword-only ones).
    VarPositional,
    /// After `*`.
    KeywordOnly,
}

/// One parameter of a function, in order (the compiled function takes every parameter
/// positionally, in this order).
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    pub default: Option<DefaultValue>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    MatMul,
    BitAnd,
    BitOr,
    BitXor,
    LShift,
    RShift,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Not,
    Invert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// How much checking an index needs; a pass lowers it where it proves the index in range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexCheck {
    /// Negative indices wrap, then the index is checked against the axis length.
    WrapAndCheck,
    /// Known non-negative: only the upper bound is checked.
    Check,
    /// Proven in range (or `boundscheck=False` with a non-negative index).
    None,
    /// `boundscheck=False`: negative indices still wrap, nothing is checked.
    WrapOnly,
    /// Proven in `[-len, -1]` (`a[-i - 1]` with `0 <= i < len`): the element `len + i`,
    /// nothing checked.
    FromEnd,
}

/// A built-in exception class oxjit can raise (CPython's class of the same name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExcClass {
    Exception,
    ArithmeticError,
    LookupError,
    ValueError,
    TypeError,
    IndexError,
    KeyError,
    ZeroDivisionError,
    OverflowError,
    RuntimeError,
    NotImplementedError,
    AssertionError,
}

impl ExcClass {
    pub const ALL: [ExcClass; 12] = [
        ExcClass::Exception,
        ExcClass::ArithmeticError,
        ExcClass::LookupError,
        ExcClass::ValueError,
        ExcClass::TypeError,
        ExcClass::IndexError,
        ExcClass::KeyError,
        ExcClass::ZeroDivisionError,
        ExcClass::OverflowError,
        ExcClass::RuntimeError,
        ExcClass::NotImplementedError,
        ExcClass::AssertionError,
    ];
    /// The Python name (matched only when resolving globals).
    pub fn name(self) -> &'static str {
        match self {
            ExcClass::Exception => "Exception",
            ExcClass::ArithmeticError => "ArithmeticError",
            ExcClass::LookupError => "LookupError",
            ExcClass::ValueError => "ValueError",
            ExcClass::TypeError => "TypeError",
            ExcClass::IndexError => "IndexError",
            ExcClass::KeyError => "KeyError",
            ExcClass::ZeroDivisionError => "ZeroDivisionError",
            ExcClass::OverflowError => "OverflowError",
            ExcClass::RuntimeError => "RuntimeError",
            ExcClass::NotImplementedError => "NotImplementedError",
            ExcClass::AssertionError => "AssertionError",
        }
    }
    /// The runtime's code for the class (what compiled code passes when it raises).
    pub fn runtime_kind(self) -> oxjit_runtime::errors::ErrorKind {
        use oxjit_runtime::errors::ErrorKind as RtError;
        match self {
            ExcClass::Exception => RtError::Exception,
            ExcClass::ArithmeticError => RtError::ArithmeticError,
            ExcClass::LookupError => RtError::LookupError,
            ExcClass::ValueError => RtError::ValueError,
            ExcClass::TypeError => RtError::TypeError,
            ExcClass::IndexError => RtError::IndexError,
            ExcClass::KeyError => RtError::KeyError,
            ExcClass::ZeroDivisionError => RtError::ZeroDivisionError,
            ExcClass::OverflowError => RtError::OverflowError,
            ExcClass::RuntimeError => RtError::RuntimeError,
            ExcClass::NotImplementedError => RtError::NotImplementedError,
            ExcClass::AssertionError => RtError::AssertionError,
        }
    }
    pub fn from_name(name: &str) -> Option<ExcClass> {
        ExcClass::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One piece of an exception message: literal text or a value formatted with a spec (Python's
/// format-spec mini-language, checked when typed).
#[derive(Clone, Debug, PartialEq)]
pub enum FmtPart {
    Text(String),
    Value(ValueId, String),
    /// `{x!r}`: `repr` of the value.
    Repr(ValueId),
}

impl FmtPart {
    /// The formatted value, if the part is one.
    pub fn value_mut(&mut self) -> Option<&mut ValueId> {
        match self {
            FmtPart::Value(x, _) | FmtPart::Repr(x) => Some(x),
            FmtPart::Text(_) => None,
        }
    }
    /// The text form of the part (for listings).
    pub fn listing(&self, value: impl Fn(ValueId) -> String) -> String {
        match self {
            FmtPart::Text(t) => format!("{t:?}"),
            FmtPart::Value(v, spec) if spec.is_empty() => value(*v),
            FmtPart::Value(v, spec) => format!("{{{}:{spec}}}", value(*v)),
            FmtPart::Repr(v) => format!("{{{}!r}}", value(*v)),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum InstKind {
    Const(Const),
    /// Read a local variable.
    Load(VarId),
    /// Write a local variable.
    Store(VarId, ValueId),
    /// A name that is not a local: resolved against the function's globals and builtins.
    Global(String),
    Attr(ValueId, String),
    /// `obj.name = value` (fields and property setters of `jitclass` instances).
    SetAttr {
        obj: ValueId,
        name: String,
        value: ValueId,
    },
    Binary(BinOp, ValueId, ValueId),
    /// `target op= value`: in place for arrays, the same as `Binary` for scalars.
    AugBinary(BinOp, ValueId, ValueId),
    Unary(UnaryOp, ValueId),
    Compare(CmpOp, ValueId, ValueId),
    /// Python truthiness, as a `bool`.
    Truth(ValueId),
    Call {
        func: ValueId,
        args: Vec<ValueId>,
        kwargs: Vec<(String, ValueId)>,
    },
    Tuple(Vec<ValueId>),
    /// A string literal (a new `str`).
    Str(String),
    /// An f-string used as a value: its parts formatted into a new `str`.
    Format(Vec<FmtPart>),
    /// A list display `[a, b, ...]`. Typed as a tuple when it is only a sequence argument of
    /// an intrinsic (`numpy.array([[1, 2], [3, 4]])`, shapes); otherwise a new `list`.
    List(Vec<ValueId>),
    /// A dict display `{k0: v0, k1: v1, ...}`: keys and values interleaved (`{}` is empty).
    Dict(Vec<ValueId>),
    /// A set display `{a, b, ...}` (empty only as the start of a set comprehension).
    Set(Vec<ValueId>),
    /// `item in seq` (`not in` when the flag is set), as a `bool`.
    Contains {
        item: ValueId,
        seq: ValueId,
        negated: bool,
    },
    /// `start:stop:step` inside a subscript (compile-time structure; parts may be absent).
    Slice(Option<ValueId>, Option<ValueId>, Option<ValueId>),
    /// `...` inside an array subscript: typed as a slice, and after typing replaced by as
    /// many whole-axis slices as the array has axes left (`crate::infer::ellipsis`).
    Ellipsis,
    /// `value[index...]` where each index is one subscript component (int or tuple items).
    GetItem {
        value: ValueId,
        index: Vec<ValueId>,
        check: Vec<IndexCheck>,
    },
    SetItem {
        value: ValueId,
        index: Vec<ValueId>,
        check: Vec<IndexCheck>,
        item: ValueId,
    },
    /// Unpack a tuple (or fixed-size value) of exactly `count` items.
    Unpack {
        value: ValueId,
        count: usize,
    },
    /// Item `index` of the value `Unpack` produced.
    UnpackItem(ValueId, usize),
    /// `*t` among the positional arguments of a call: the tuple `t`, whose items the call
    /// passes one by one (its length is known once `t` is typed).
    Starred(ValueId),
    /// Raise `ValueError` if the step of a range is zero.
    CheckRangeStep(ValueId),
    /// The number of items of a shape (an int or a tuple of ints; `ValueError` for a negative
    /// one): the length of `numpy.ndindex(shape)` loops.
    ShapeSize(ValueId),
    /// The C-order multi-index (a tuple of ints) of flat position `.0` in shape `.1`.
    Unravel(ValueId, ValueId),
    /// `a.flat[i]`'s position `i` (`.0`) in array `.1`: wrapped when negative, `IndexError`
    /// unless within the array's size (the index of a C-order walk, unravelled by `Unravel`).
    FlatPosition(ValueId, ValueId),
    /// A view of an array with its axes in memory order (NumPy's `order='K'`: negative
    /// strides flipped, then the axes by decreasing stride), so that a C-order walk over it
    /// visits memory in order: the iteration order of `numpy.nditer`.
    MemoryOrder(ValueId),
    /// Whether a range loop goes on: `counter < stop` for a positive step, `>` for a negative one.
    RangeTest {
        counter: ValueId,
        stop: ValueId,
        step: ValueId,
    },
    /// `len(value)` for loops the lowering made (not shadowable by user names).
    Len(ValueId),
    /// `print(*args, sep=sep, end=end)`: each argument is literal text, an f-string, or one
    /// value (`[Value(v, "")]`, printed as Python's `str` would).
    Print {
        args: Vec<Vec<FmtPart>>,
        sep: String,
        end: String,
    },
    /// `cond ? a : b` on scalars of one type (made by if-conversion, never by lowering).
    Select(ValueId, ValueId, ValueId),
    /// `value is None` (`value is not None` when the flag is set): known from the type.
    IsNone(ValueId, bool),
    /// A built-in exception class (what `assert` raises, whatever the user's globals).
    Exception(ExcClass),
    /// In the landing block of a `try`: does the pending exception match one of these classes?
    /// If so it is taken (the handler runs); the value is a `bool`.
    CatchMatch(Vec<ValueId>),
    /// First in a handler that needs it (`except E as e`, a bare `raise`): the exception the
    /// `CatchMatch` took, as an object (`Type::Exception`).
    CaughtException,
    /// Set the pending exception: an instance of `class` with the message (or no arguments).
    /// The block ends with [`Terminator::Raise`].
    Raise {
        class: ValueId,
        message: Option<Vec<FmtPart>>,
    },
}

impl InstKind {
    /// The values the instruction reads, in operand order.
    /// The values the instruction reads, for rewriting (same order as [`InstKind::operands`]).
    pub fn operands_mut(&mut self) -> Vec<&mut ValueId> {
        match self {
            InstKind::Const(_)
            | InstKind::Ellipsis
            | InstKind::Str(_)
            | InstKind::Load(_)
            | InstKind::Global(_)
            | InstKind::CaughtException
            | InstKind::Exception(_) => vec![],
            InstKind::Store(_, v)
            | InstKind::Attr(v, _)
            | InstKind::Unary(_, v)
            | InstKind::Truth(v)
            | InstKind::UnpackItem(v, _)
            | InstKind::Starred(v)
            | InstKind::CheckRangeStep(v)
            | InstKind::ShapeSize(v)
            | InstKind::MemoryOrder(v)
            | InstKind::Len(v)
            | InstKind::IsNone(v, _)
            | InstKind::Unpack { value: v, .. } => vec![v],
            InstKind::Binary(_, a, b)
            | InstKind::AugBinary(_, a, b)
            | InstKind::Unravel(a, b)
            | InstKind::FlatPosition(a, b)
            | InstKind::Compare(_, a, b)
            | InstKind::SetAttr {
                obj: a, value: b, ..
            }
            | InstKind::Contains {
                item: a, seq: b, ..
            } => vec![a, b],
            InstKind::Call { func, args, kwargs } => {
                let mut v = vec![func];
                v.extend(args.iter_mut());
                v.extend(kwargs.iter_mut().map(|(_, x)| x));
                v
            }
            InstKind::Tuple(items)
            | InstKind::List(items)
            | InstKind::Dict(items)
            | InstKind::Set(items)
            | InstKind::CatchMatch(items) => items.iter_mut().collect(),
            InstKind::Raise { class, message } => {
                let mut v = vec![class];
                v.extend(message.iter_mut().flatten().filter_map(FmtPart::value_mut));
                v
            }
            InstKind::Format(parts) => parts.iter_mut().filter_map(FmtPart::value_mut).collect(),
            InstKind::Slice(a, b, c) => [a, b, c].into_iter().flatten().collect(),
            InstKind::Select(c, a, b) => vec![c, a, b],
            InstKind::Print { args, .. } => args
                .iter_mut()
                .flatten()
                .filter_map(FmtPart::value_mut)
                .collect(),
            InstKind::GetItem { value, index, .. } => {
                let mut v = vec![value];
                v.extend(index.iter_mut());
                v
            }
            InstKind::SetItem {
                value, index, item, ..
            } => {
                let mut v = vec![value, item];
                v.extend(index.iter_mut());
                v
            }
            InstKind::RangeTest {
                counter,
                stop,
                step,
            } => vec![counter, stop, step],
        }
    }

    /// The values the instruction reads.
    pub fn operands(&self) -> Vec<ValueId> {
        let mut copy = self.clone();
        copy.operands_mut().into_iter().map(|v| *v).collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Inst {
    /// The value this instruction defines (every instruction defines one; stores define a
    /// `None`-typed value that nothing reads).
    pub result: ValueId,
    pub kind: InstKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Terminator {
    Jump(BlockId),
    Branch {
        cond: ValueId,
        then_block: BlockId,
        else_block: BlockId,
    },
    Return(ValueId, Span),
    /// Leave with the exception the block's `Raise` set.
    Raise(Span),
    /// Placeholder while building; never present after lowering.
    Unterminated,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub insts: Vec<Inst>,
    pub term: Terminator,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VarInfo {
    pub name: String,
    /// Hidden variables made by lowering (loop counters, `and`/`or` results).
    pub synthetic: bool,
}

/// A `for i in range(...)` loop the lowering recognised: kept as a fact beside the CFG so passes
/// (bounds-check elimination, parallel outlining) know the loop variable's range.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeLoop {
    /// The user's loop variable (assigned from `counter` at the top of each iteration).
    pub target: Option<VarId>,
    /// The hidden counter.
    pub counter: VarId,
    pub start: VarId,
    pub stop: VarId,
    pub step: VarId,
    /// `Some(step)` when the step is a literal.
    pub const_step: Option<i64>,
    /// First block of the body.
    pub body: BlockId,
    /// The block that advances the counter and tests it again.
    pub latch: BlockId,
    /// Where the loop goes when the range is exhausted (the `else` clause, if any).
    pub exit: BlockId,
    /// Where `break` goes.
    pub break_to: BlockId,
    /// Blocks belonging to the loop (body and latch).
    pub blocks: Vec<BlockId>,
    /// `prange` rather than `range`.
    pub parallel: bool,
    pub span: Span,
}

/// The body of a `try`: an exception raised in one of `blocks` continues at `landing` (which
/// tests the `except` clauses). For dataflow, `entry` (the block before the body) and every
/// body block are predecessors of `landing`.
#[derive(Clone, Debug, PartialEq)]
pub struct TryRegion {
    pub blocks: Vec<BlockId>,
    pub entry: BlockId,
    pub landing: BlockId,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub name: String,
    pub params: Vec<VarId>,
    /// Names, kinds and defaults of `params` (same order).
    pub signature: Vec<Param>,
    pub vars: Vec<VarInfo>,
    pub blocks: Vec<Block>,
    pub value_count: u32,
    pub range_loops: Vec<RangeLoop>,
    /// `try` bodies, innermost first.
    pub try_regions: Vec<TryRegion>,
    pub span: Span,
}

impl Function {
    pub fn block(&self, b: BlockId) -> &Block {
        &self.blocks[b.0 as usize]
    }
    /// Which blocks can run (reachable from the entry block).
    pub fn reachable(&self) -> Vec<bool> {
        cfg::Cfg::new(self).reachable().to_vec()
    }
    /// Where an exception raised in block `b` goes: the innermost `try` landing, if any.
    pub fn landing_of(&self, b: BlockId) -> Option<BlockId> {
        self.try_regions
            .iter()
            .find(|r| r.blocks.contains(&b))
            .map(|r| r.landing)
    }
    pub fn var_name(&self, v: VarId) -> &str {
        &self.vars[v.0 as usize].name
    }
}
