"""`jit(cache=True)` on the Python side: where a function's cache files go, and the
``Dispatcher.stats`` record (as Numba's ``dispatcher.stats``).

The files themselves (keys, checks, atomic writes) are handled by the binding
(``crates/oxjit_python/src/cache.rs``); see ``docs/cache.md``.
"""
import collections
import os
import re
import types
import warnings

from .errors import OxjitWarning


def cache_site(fn, stacklevel):
    """``(directory, file name prefix)`` for the cache files of `fn`, or None (with a warning)
    when `fn` has no source file to cache next to."""
    filename = fn.__code__.co_filename
    if not os.path.isfile(filename):
        warnings.warn(
            f"cannot cache `{fn.__qualname__}`: it has no source file ({filename}); it is "
            "compiled in each process",
            OxjitWarning, stacklevel=stacklevel + 1)
        return None
    directory = os.environ.get("OXJIT_CACHE_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(filename)), "__pycache__")
    stem = os.path.splitext(os.path.basename(filename))[0]
    prefix = re.sub(r"[^A-Za-z0-9_.]", "_", f"{stem}.{fn.__qualname__}")
    return (directory, prefix)


def stats(dispatcher):
    """``cache_path`` (None without ``cache=True``), ``cache_hits`` and ``cache_misses``
    (``collections.Counter`` by signature: loaded from the cache, compiled)."""
    path, hits, misses = dispatcher._cache_stats()
    return types.SimpleNamespace(
        cache_path=path,
        cache_hits=collections.Counter(tuple(s) for s in hits),
        cache_misses=collections.Counter(tuple(s) for s in misses),
    )
