"""The loop stage, asserted on its dump (`f.inspect_ir("loops")`, the text
`OXJIT_DUMP=after:loops` prints): which kernels a function has, what each reads and produces,
and how it is scheduled — as Numba's parfors tests count parfors.

* the seed regression's loop body is one kernel over the rows that reads `X` and `y` once
  per element, computes both reductions, and stores no array as large as the data;
* `np.sum((a - b) ** 2)` is one reduction kernel with no store;
* a materialised expression is one store kernel with every operation fused in it;
* `prange` loops and array kernels share one reduction type and chunking policy, and are
  parallel exactly when `parallel=True` (array kernels inside a `prange` body run serially).
"""
import re

import numpy
import pytest

import oxjit
from oxjit.seed_programs import gradient_regression


def _kernels(text):
    """`{name: lines}` of each kernel in a dump."""
    out, name = {}, None
    for line in text.splitlines():
        m = re.match(r"kernel (k\d+) ", line)
        if m:
            name = m.group(1)
            out[name] = [line]
        elif name and line.startswith("  "):
            out[name].append(line)
        else:
            name = None
    return out


def _loops(fn, *args, **options):
    f = oxjit.jit(nopython=True, **options)(fn)
    f(*args)
    return _kernels(f.inspect_ir("loops", signature=0))


def test_loops_is_the_last_pass():
    assert oxjit.passes()[-1] == "loops"


@pytest.mark.parametrize("parallel", [False, True])
def test_seed_regression_loop_body_is_one_kernel(parallel):
    kernels = _loops(gradient_regression, 5000, 2, parallel=parallel)
    body = [k for k in kernels.values() if any("product-rows" in line for line in k)]
    assert len(body) == 1, kernels
    k = body[0]
    text = "\n".join(k)
    # Both reductions iterate err's space: proven at compile time, no run-time comparison.
    assert "(2 outputs): elements of" in k[0] and "one space (proven)" in k[0]
    # y is read once per element; X once, through the row products of X · coef.
    assert len(re.findall(r"= read v\d+  ; y$", text, re.M)) == 1, text
    assert len(re.findall(r"= matvec-row v\d+, v\d+  ; X$", text, re.M)) == 1, text
    reads = re.findall(r"= read (v\d+)", text)
    assert len(reads) == 1, text
    # Both reductions are outputs of this kernel; nothing of the data's size is stored.
    assert re.search(r"out v\d+ = reduce sum e\d+", text)
    assert re.search(r"out v\d+ = product-rows v\d+ · e\d+", text)
    assert " = store " not in text
    sched = k[-1]
    assert "chunks of 4096 rows" in sched and "2 lanes" in sched
    assert ("parallel" if parallel else "serial") in sched


def two_sums(a, b):
    return numpy.sum(a * 2.0), numpy.max(a + 1.0), numpy.sum(a), numpy.sum(b)


def test_reduction_group_space_is_proven_only_when_it_is():
    a, b = numpy.random.random(5000), numpy.random.random(7)
    kernels = _loops(two_sums, a, b)
    heads = [k[0] for k in kernels.values()]
    assert len(heads) == 1 and "(4 outputs)" in heads[0], heads
    # `b` may differ in length from `a`: the group checks at run time (and falls back).
    assert "one space (proven)" not in heads[0]
    f = oxjit.njit(two_sums)
    assert f(a, b) == two_sums(a, b) or numpy.allclose(f(a, b), two_sums(a, b), rtol=1e-12)


def sq_diff(a, b):
    return numpy.sum((a - b) ** 2)


def test_fused_reduction_is_one_kernel_without_store():
    a = numpy.random.random(100)
    kernels = _loops(sq_diff, a, a[::-1].copy())
    assert len(kernels) == 1, kernels
    text = "\n".join(next(iter(kernels.values())))
    assert re.search(r"e\d+ = binary sub e\d+, e\d+", text)
    assert re.search(r"e\d+ = binary pow e\d+, e\d+", text)
    assert re.search(r"out v\d+ = reduce sum", text)
    assert "store" not in text


def materialised(a, b):
    c = numpy.sqrt(a * a + b * b) - 1.0
    return c


def test_materialised_expression_is_one_store_kernel():
    a = numpy.random.random(10)
    kernels = _loops(materialised, a, a)
    assert len(kernels) == 1, kernels
    text = "\n".join(next(iter(kernels.values())))
    assert len(re.findall(r"= read v\d+  ; a$", text, re.M)) == 1, text
    assert "call sqrt" in text
    assert re.search(r"out v\d+ = store e\d+", text)


def prange_sum(a):
    s = 0.0
    m = numpy.inf
    for i in oxjit.prange(a.shape[0]):
        s += numpy.sum(a[i] * 2.0)
        m = min(m, a[i, 0])
    return s, m


@pytest.mark.parametrize("parallel", [False, True])
def test_prange_and_array_kernels_share_policy(parallel):
    a = numpy.random.random((50, 3))
    kernels = _loops(prange_sum, a, parallel=parallel)
    outer = [k for k in kernels.values() if "iterations of prange loop" in k[0]]
    assert len(outer) == 1, kernels
    text = "\n".join(outer[0])
    assert "out variable s (sum)" in text
    assert "out variable m (py-min)" in text
    assert "at most 64 chunks" in outer[0][-1]
    assert ("parallel" if parallel else "serial") in outer[0][-1]
    # The row sum inside the body is an array kernel: serial inside the prange chunk.
    inner = [k for k in kernels.values() if "reduce sum" in "\n".join(k)]
    assert inner and all("serial" in k[-1] for k in inner), kernels
    # And the results do not depend on parallel=.
    f = oxjit.jit(nopython=True, parallel=parallel)(prange_sum)
    g = oxjit.jit(nopython=True)(prange_sum)
    assert f(a) == g(a)
