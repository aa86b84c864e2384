//! Literal string arguments of NumPy functions (`mode="edge"`, `norm="ortho"`): the one place
//! their text is matched.

/// A literal string argument oxjit understands (`mode="edge"`, `indexing="ij"`). Typing
/// resolves the text here (the only place such words are matched as strings) and checks it is
/// one of the choices of its parameter; past typing the argument is this enum, and a slot
/// routine receives its [`code`](Word::code) as an int.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Word {
    /// `pad(mode="constant")`.
    Constant,
    /// `pad(mode="edge")`.
    Edge,
    /// `pad(mode="reflect")`.
    Reflect,
    /// `meshgrid(indexing="xy")`.
    Xy,
    /// `meshgrid(indexing="ij")`.
    Ij,
    /// `searchsorted(side="left")`.
    Left,
    /// `searchsorted(side="right")`.
    Right,
    /// `convolve(mode="full")`.
    Full,
    /// `convolve(mode="same")`.
    Same,
    /// `convolve(mode="valid")`.
    Valid,
    /// `sort(kind="quicksort")` (every kind sorts the same: oxjit's sorts are stable).
    Quicksort,
    /// `sort(kind="mergesort")`.
    Mergesort,
    /// `sort(kind="heapsort")`.
    Heapsort,
    /// `sort(kind="stable")`.
    Stable,
    /// `numpy.fft` transforms' `norm="backward"`.
    Backward,
    /// `norm="ortho"`.
    Ortho,
    /// `norm="forward"`.
    Forward,
}

impl Word {
    pub(super) const ALL: [(Word, &'static str); 17] = [
        (Word::Constant, "constant"),
        (Word::Edge, "edge"),
        (Word::Reflect, "reflect"),
        (Word::Xy, "xy"),
        (Word::Ij, "ij"),
        (Word::Left, "left"),
        (Word::Right, "right"),
        (Word::Full, "full"),
        (Word::Same, "same"),
        (Word::Valid, "valid"),
        (Word::Quicksort, "quicksort"),
        (Word::Mergesort, "mergesort"),
        (Word::Heapsort, "heapsort"),
        (Word::Stable, "stable"),
        (Word::Backward, "backward"),
        (Word::Ortho, "ortho"),
        (Word::Forward, "forward"),
    ];

    /// The word a literal string names, if oxjit knows it.
    pub fn parse(text: &str) -> Option<Word> {
        Self::ALL.iter().find(|(_, t)| *t == text).map(|(w, _)| *w)
    }

    /// The text, for messages.
    pub fn text(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(w, _)| *w == self)
            .map_or("", |(_, t)| t)
    }

    /// The int a slot routine receives for it (the runtime defines the codes).
    pub fn code(self) -> i64 {
        use oxjit_runtime::{fft_grid, pad, search, shape_ops, signal};
        match self {
            Word::Constant => pad::PAD_CONSTANT,
            Word::Edge => pad::PAD_EDGE,
            Word::Reflect => pad::PAD_REFLECT,
            Word::Xy => shape_ops::INDEXING_XY,
            Word::Ij => shape_ops::INDEXING_IJ,
            Word::Left => search::SIDE_LEFT,
            Word::Right => search::SIDE_RIGHT,
            Word::Full => signal::MODE_FULL,
            Word::Same => signal::MODE_SAME,
            Word::Valid => signal::MODE_VALID,
            // No routine receives a sort kind: codegen sorts every kind the same way.
            Word::Quicksort | Word::Mergesort | Word::Heapsort | Word::Stable => 0,
            Word::Backward => fft_grid::NORM_BACKWARD,
            Word::Ortho => fft_grid::NORM_ORTHO,
            Word::Forward => fft_grid::NORM_FORWARD,
        }
    }
}
