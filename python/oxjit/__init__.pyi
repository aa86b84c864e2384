"""Type stubs of oxjit's public API (for editors and mypy)."""
from typing import (
    Any, Callable, Dict, Generic, List, NamedTuple, Optional, Sequence, TextIO, Tuple, TypeVar,
    Union, overload,
)

import numpy as np

from . import types as types
from .errors import (
    InternalError as InternalError,
    OxjitError as OxjitError,
    OxjitPerformanceWarning as OxjitPerformanceWarning,
    OxjitWarning as OxjitWarning,
    TypingError as TypingError,
    UnsupportedError as UnsupportedError,
)
from .types import (
    boolean as boolean,
    float32 as float32,
    float64 as float64,
    int32 as int32,
    int64 as int64,
    uint8 as uint8,
    void as void,
)

__version__: str

_F = TypeVar("_F", bound=Callable[..., Any])
_Signature = Union[str, types.Signature, Tuple[types.Type, ...]]

# Per-line profiling (oxjit/_profile.py).
class LineRecord(NamedTuple):
    function: str
    filename: str
    lineno: int
    hits: int
    seconds: float
    source: str

class FunctionProfile:
    name: str
    filename: str
    first_line: int
    source: List[str]
    lines: List[LineRecord]
    @property
    def total_seconds(self) -> float: ...
    @property
    def hits(self) -> int: ...
    def render(self, unit: float = ...) -> str: ...

class Profile:
    """The result of `oxjit.profile(f, ...)`: `result`, and the time per source line."""

    result: Any
    functions: List[FunctionProfile]
    @property
    def lines(self) -> List[LineRecord]: ...
    @property
    def total_seconds(self) -> float: ...
    def function(self, name: str) -> FunctionProfile: ...
    def line(self, lineno: int, function: Optional[str] = ...) -> LineRecord: ...
    def print(self, file: Optional[TextIO] = ...) -> None: ...

class Dispatcher(Generic[_F]):
    """A jitted function: compiles one native entry per argument-type key on first call."""

    py_func: _F
    __call__: _F
    @property
    def signatures(self) -> List[Tuple[str, ...]]: ...
    @property
    def compile_times(self) -> List[float]: ...
    @property
    def parallel_loops(self) -> List[int]: ...
    @property
    def stats(self) -> Any:
        """``cache_path``, ``cache_hits``, ``cache_misses`` (``cache=True``; see docs/cache.md)."""
    def compile(self, sig: _Signature) -> None: ...
    def inspect_types(self) -> List[str]: ...
    @overload
    def inspect_asm(self, signature: None = ...) -> Dict[Tuple[str, ...], str]: ...
    @overload
    def inspect_asm(self, signature: Union[int, str, Tuple[str, ...]]) -> str: ...
    @overload
    def inspect_clif(self, signature: None = ...) -> Dict[Tuple[str, ...], str]: ...
    @overload
    def inspect_clif(self, signature: Union[int, str, Tuple[str, ...]]) -> str: ...
    @overload
    def inspect_ir(self, pass_name: str = ..., signature: None = ...) -> Dict[Tuple[str, ...], str]: ...
    @overload
    def inspect_ir(self, pass_name: str, signature: Union[int, str, Tuple[str, ...]]) -> str: ...
    def stage_timings(self) -> List[List[Tuple[str, float]]]: ...
    def parallel_diagnostics(self, level: int = ...) -> None: ...
    def profile(self, *args: Any, **kwargs: Any) -> Profile: ...

@overload
def jit(signature_or_function: _F) -> Dispatcher[_F]: ...
@overload
def jit(
    signature_or_function: Optional[Union[_Signature, List[_Signature]]] = ...,
    *,
    nopython: bool = ...,
    parallel: bool = ...,
    cache: bool = ...,
    fastmath: bool = ...,
    nogil: bool = ...,
    boundscheck: Optional[bool] = ...,
    error_model: str = ...,
    inline: str = ...,
    forceobj: bool = ...,
    looplift: bool = ...,
    locals: Optional[Dict[str, Any]] = ...,
) -> Callable[[_F], Dispatcher[_F]]: ...
@overload
def njit(signature_or_function: _F) -> Dispatcher[_F]: ...
@overload
def njit(
    signature_or_function: Optional[Union[_Signature, List[_Signature]]] = ...,
    *,
    parallel: bool = ...,
    cache: bool = ...,
    fastmath: bool = ...,
    nogil: bool = ...,
    boundscheck: Optional[bool] = ...,
    error_model: str = ...,
    inline: str = ...,
    locals: Optional[Dict[str, Any]] = ...,
) -> Callable[[_F], Dispatcher[_F]]: ...
@overload
def prange(stop: int, /) -> range: ...
@overload
def prange(start: int, stop: int, step: int = ..., /) -> range: ...
def passes() -> List[str]: ...
def profile(f: Dispatcher[Any], *args: Any, **kwargs: Any) -> Profile: ...
def set_num_threads(n: int) -> None: ...
def get_num_threads() -> int: ...

# Ufunc builders (oxjit/_vectorize.py).
_Identity = Union[int, str, None]

class DUFunc:
    """A lazily compiled ufunc: compiles a loop per new combination of input dtypes."""

    ufunc: np.ufunc
    py_func: Callable[..., Any]
    __name__: str
    __doc__: Optional[str]
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...
    def reduce(self, array: Any, *args: Any, **kwargs: Any) -> Any: ...
    def accumulate(self, array: Any, *args: Any, **kwargs: Any) -> Any: ...
    def reduceat(self, array: Any, indices: Any, *args: Any, **kwargs: Any) -> Any: ...
    def outer(self, a: Any, b: Any, **kwargs: Any) -> Any: ...
    def at(self, a: Any, indices: Any, *args: Any) -> None: ...
    @property
    def nin(self) -> int: ...
    @property
    def nout(self) -> int: ...
    @property
    def nargs(self) -> int: ...
    @property
    def ntypes(self) -> int: ...
    @property
    def types(self) -> List[str]: ...
    @property
    def identity(self) -> Any: ...

@overload
def vectorize(ftylist_or_function: Callable[..., Any]) -> DUFunc: ...
@overload
def vectorize(
    ftylist_or_function: Union[_Signature, List[_Signature]],
    *,
    identity: _Identity = ...,
    nopython: bool = ...,
    target: str = ...,
    cache: bool = ...,
) -> Callable[[Callable[..., Any]], np.ufunc]: ...
@overload
def vectorize(
    *,
    identity: _Identity = ...,
    nopython: bool = ...,
    target: str = ...,
    cache: bool = ...,
) -> Callable[[Callable[..., Any]], DUFunc]: ...
def guvectorize(
    ftylist: Union[_Signature, List[_Signature]],
    signature: str,
    *,
    identity: None = ...,
    nopython: bool = ...,
    target: str = ...,
    cache: bool = ...,
) -> Callable[[Callable[..., Any]], np.ufunc]: ...

# Stencils (oxjit/_stencil.py).
_Neighborhood = Tuple[Tuple[int, int], ...]

class StencilFunc:
    """A stencil kernel: calling it runs the kernel over every interior point of its arrays."""

    kernel_func: Callable[..., Any]
    neighborhood: Optional[_Neighborhood]
    cval: Optional[Union[int, float]]
    standard_indexing: Tuple[str, ...]
    __name__: str
    def __call__(self, *args: Any, out: Optional[np.ndarray] = ...) -> np.ndarray: ...

@overload
def stencil(func_or_mode: Callable[..., Any]) -> StencilFunc: ...
@overload
def stencil(
    func_or_mode: str = ...,
    *,
    neighborhood: Optional[_Neighborhood] = ...,
    cval: Optional[Union[int, float]] = ...,
    standard_indexing: Sequence[str] = ...,
) -> Callable[[Callable[..., Any]], StencilFunc]: ...

# C callbacks (oxjit/_cfunc.py).
class CFunc(Generic[_F]):
    """A function compiled for one C signature: ``address``, ``ctypes``, ``native_name``."""

    py_func: _F
    __call__: _F
    address: int
    native_name: str
    ctypes: Any

def cfunc(
    sig: Union[str, types.Signature],
    *,
    nopython: bool = ...,
    cache: bool = ...,
    boundscheck: Optional[bool] = ...,
) -> Callable[[_F], CFunc[_F]]: ...
