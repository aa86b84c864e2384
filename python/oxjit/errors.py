"""oxjit's exception and warning classes (raised from the Rust binding by name)."""


class OxjitError(Exception):
    """Base class of oxjit's compile errors."""


class TypingError(OxjitError, TypeError):
    """The types in a jitted function do not fit together (also a `TypeError`, as NumPy's
    type errors are)."""


class UnsupportedError(OxjitError):
    """A construct or library function that oxjit does not compile."""


class InternalError(OxjitError):
    """A bug in oxjit; please report it."""


class OxjitWarning(Warning):
    """A decorator option or construct that oxjit accepts but does not act on (yet)."""


class OxjitPerformanceWarning(OxjitWarning):
    """Code that runs, but not as fast as the options ask for."""
