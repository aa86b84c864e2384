"""Every NumPy ufunc on every real dtype oxjit compiles, called as a function on 3x3 arrays:
the result dtypes are NumPy's and the values agree (to 1e-12: the transcendental functions are
the C library's), or the call is refused with an oxjit error. The documented exceptions
(docs/differences.md): NumPy's float16 results (small ints and bools into float functions)
come out as float64, its int8 results of bool arithmetic as int64; `conj` of a real array is
refused."""
import itertools
import linecache
import warnings

import numpy as np
import pytest

import oxjit

UFUNCS = sorted(n for n in dir(np) if isinstance(getattr(np, n), np.ufunc) and n != "isnat")
DTYPES = [np.float64, np.float32, np.int64, np.int32, np.int16, np.uint8, np.bool_]
_COUNT = itertools.count()


def _compiled(name, nin):
    params = ", ".join(f"a{i}" for i in range(nin))
    src = f"import numpy as np\n\n\ndef g({params}):\n    return np.{name}({params})\n"
    filename = f"<ufunc_matrix_{next(_COUNT)}>"
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    ns = {}
    exec(compile(src, filename, "exec"), ns)  # noqa: S102
    return oxjit.njit(ns["g"])


def _data(dtype):
    vals = np.array([[0.5, 1.5, 2.0], [3.0, 0.25, 5.0], [1.0, 2.5, 4.0]])
    if np.dtype(dtype).kind == "b":
        return (vals > 1.2)
    return vals.astype(dtype) if np.dtype(dtype).kind == "f" else (vals * 2).astype(dtype)


@pytest.mark.parametrize("name", UFUNCS)
def test_ufunc_on_real_dtypes(name):
    f = getattr(np, name)
    for dtype in DTYPES:
        args = (_data(dtype),) * f.nin
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ref = f(*args)
        except TypeError:
            continue                       # NumPy refuses these dtypes
        refs = ref if isinstance(ref, tuple) else (ref,)
        if name in ("conj", "conjugate"):
            with pytest.raises(oxjit.OxjitError):
                _compiled(name, f.nin)(*args)
            continue
        try:
            with np.errstate(all="ignore"):
                got = _compiled(name, f.nin)(*args)
        except oxjit.OxjitError:
            # Refused with an oxjit error: where NumPy computes in float16, and the
            # gufuncs' narrow integer dtypes (docs/differences.md).
            narrow_gufunc = name in ("vecdot", "matvec", "vecmat") and np.dtype(dtype) in (
                np.int16, np.uint16, np.int8)
            assert narrow_gufunc or any(r.dtype == np.float16 for r in refs), (name, dtype)
            continue
        gots = got if isinstance(got, tuple) else (got,)
        assert len(gots) == len(refs), (name, dtype)
        for g, r in zip(gots, refs):
            g, r = np.asarray(g), np.asarray(r)
            if r.dtype == np.float16:
                expected = np.float64
            elif r.dtype == np.int8 and np.dtype(dtype) == np.bool_:
                expected = np.int64
            else:
                expected = r.dtype
            assert g.dtype in (expected, r.dtype), (name, np.dtype(dtype).name, g.dtype, r.dtype)
            assert g.shape == r.shape, (name, np.dtype(dtype).name)
            if r.dtype == np.float16 or g.dtype == np.float32:
                rtol = 1e-3 if r.dtype == np.float16 else 1e-6
            else:
                rtol = 1e-12
            assert np.allclose(g.astype(np.float64), r.astype(np.float64), rtol=rtol,
                               atol=0, equal_nan=True), (name, np.dtype(dtype).name, g, r)
