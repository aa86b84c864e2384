"""Python float `x ** 0.5` and `x ** n` (integral 3 <= n <= 16) without `pow` where the fast
form provably equals `pow` (codegen/power_exact.rs): results stay bit-equal to CPython's on
random doubles over the whole range, on inputs whose root lies next to a midpoint between two
doubles (where glibc's `pow(x, 0.5)` and `sqrt(x)` differ), and on special values; the
compiled code has the fast form (a fused multiply-add) and keeps `pow` for the rest.
"""
import math

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit


def root(x):
    return x ** 0.5


def p3(x):
    return x ** 3


def p6f(x):
    return x ** 6.0


def p12(x):
    return x ** 12


def p16(x):
    return x ** 16


def root_all(a):
    out = numpy.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[i] ** 0.5
    return out


def p12_all(a):
    out = numpy.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[i] ** 12
    return out


# Inputs where glibc's pow(x, 0.5) is not sqrt(x) (its result is the other neighbour).
NEAR_MIDPOINT = [float.fromhex(h) for h in (
    "0x1.5928e6e8447d4p+361", "0x1.f4c29bf4f040dp+875", "0x1.a9d2481df801p+811",
    "0x1.06300ebc82edap-792", "0x1.4e5f3e6ea81eep+937", "0x1.ce020f264f897p-440",
    "0x1.0cff82f70a4cp-741", "0x1.c8081e1cccc45p+609", "0x1.32aa9a5ae67b6p+778",
    "0x1.e3065c32a0b2bp+767", "0x1.b53e1e868a8fdp+285", "0x1.ed6b75da74f34p-80",
    "0x1.7729a1e9179c4p+887", "0x1.dd483520289b9p-23", "0x1.0fd0c95b97a38p+59")]

SPECIAL = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 2.0, 4.0, 0.25, 3.0, -3.0,
           5e-324, 1e-310, 2.0 ** -900, 2.0 ** 900, 1e300, 1e-300, 1e30, 1e-30, 10.0 ** 25.5]


def _outcome(fn, x):
    try:
        return fn(x)
    except OverflowError as e:
        return ("OverflowError", str(e))


def _same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a.hex() == b.hex() or (math.isnan(a) and math.isnan(b))
    return a == b


@pytest.mark.parametrize("fn", [root, p3, p6f, p12, p16])
def test_special_values(fn):
    jf = oxjit.njit(fn)
    for x in SPECIAL:
        if fn is root and x < 0:
            continue  # CPython gives a complex number here (docs/supported.md)
        assert _same(_outcome(fn, x), _outcome(jf, x)), (fn.__name__, x)


def test_root_next_to_midpoints_equals_pow():
    jf = oxjit.njit(root)
    for x in NEAR_MIDPOINT:
        assert math.sqrt(x) != x ** 0.5  # the hard cases really are hard
        assert jf(x).hex() == (x ** 0.5).hex()


def test_many_random_doubles_bit_equal():
    rng = numpy.random.default_rng(11)
    bits = rng.integers(0, 2 ** 63, 400_000, dtype=numpy.uint64)
    xs = bits.view(numpy.float64)
    xs = xs[numpy.isfinite(xs)]
    want_root = numpy.array([math.pow(x, 0.5) for x in xs.tolist()])
    assert numpy.array_equal(oxjit.njit(root_all)(xs).view(numpy.uint64),
                             want_root.view(numpy.uint64))
    ys = rng.uniform(0.01, 300.0, 400_000) * rng.choice([-1.0, 1.0], 400_000)
    want = numpy.array([math.pow(y, 12) for y in ys.tolist()])
    assert numpy.array_equal(oxjit.njit(p12_all)(ys).view(numpy.uint64), want.view(numpy.uint64))


@settings(max_examples=400, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_hypothesis_bit_equal(x):
    for fn in (p3, p6f, p12, p16):
        assert _same(_outcome(fn, x), _outcome(oxjit.njit(fn), x)), (fn.__name__, x)
    if not x < 0:
        assert _same(root(x), oxjit.njit(root)(x))


def test_structure_fast_form_with_pow_kept():
    for fn in (root, p12):
        f = oxjit.njit(fn)
        f(2.5)
        clif = "\n".join(f.inspect_clif().values())
        assert " fma " in clif, fn.__name__
        assert "call" in clif  # pow stays for the uncertified inputs


def root_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] ** 0.5
    return s


def test_pow_fallback_in_a_loop_preserves_registers():
    """The `pow` fallback rejoins the loop, so it is called through a `preserve_all`
    trampoline (codegen/preserve.rs) and clobbers no register of the loop."""
    f = oxjit.njit(root_sum)
    a = numpy.array(NEAR_MIDPOINT + [2.5, 7.0, 1e-3])
    assert f(a) == root_sum(a)
    clif = "\n".join(f.inspect_clif().values())
    assert "preserve_all" in clif


def test_trampoline_is_cached_and_relinked(tmp_path):
    """A cached entry holding a trampoline runs in a new process with CPython's values."""
    import json
    import os
    import subprocess
    import sys
    import textwrap
    (tmp_path / "mod.py").write_text(textwrap.dedent("""
        import oxjit
        @oxjit.njit(cache=True)
        def root_sum(a):
            s = 0.0
            for i in range(a.shape[0]):
                s += a[i] ** 0.5
            return s
    """))
    script = textwrap.dedent(f"""
        import json, numpy, mod
        a = numpy.array({[x.hex() for x in NEAR_MIDPOINT]!r})
        a = numpy.array([float.fromhex(h) for h in a])
        print("RESULT " + json.dumps([mod.root_sum(a).hex(),
                                      sum(mod.root_sum.stats.cache_hits.values())]))
    """)
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(root, "python"), str(tmp_path)])
    env.pop("OXJIT_CACHE_DIR", None)
    results = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")][-1]
        results.append(json.loads(line[len("RESULT "):]))
    expected = root_sum(numpy.array(NEAR_MIDPOINT))
    assert [r[0] for r in results] == [expected.hex()] * 2
    assert [r[1] for r in results] == [0, 1]
