"""Jitted functions cross process boundaries: pickle (by reference or by source),
multiprocessing, concurrent.futures and Dask workers give the results CPython gives."""
import concurrent.futures
import multiprocessing
import pickle

import numpy
import pytest

import oxjit
from oxjit import njit, prange

SCALE = 3.0


@njit
def scaled(x):
    return x * SCALE


@njit
def kernel(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += scaled(a[i]) + b
    return s


@njit(parallel=True, boundscheck=False)
def block_kernel(block):
    out = numpy.empty_like(block)
    for i in prange(block.shape[0]):
        out[i] = numpy.sqrt(block[i]) * SCALE + 1.0
    return out


def test_module_level_dispatcher_pickles_by_reference():
    data = pickle.dumps(kernel)
    assert b"kernel" in data and b"def kernel" not in data
    assert pickle.loads(data) is kernel


def _make_local(offset):
    @njit(boundscheck=False)
    def local_kernel(a):
        total = 0.0
        for i in range(a.shape[0]):
            total += scaled(a[i]) + offset + numpy.sqrt(SCALE)
        return total

    return local_kernel


def test_local_dispatcher_pickles_by_source():
    fn = _make_local(0.25)
    data = pickle.dumps(fn)
    assert b"def local_kernel" in data
    copy = pickle.loads(data)
    assert copy is not fn and isinstance(copy, oxjit.Dispatcher)
    a = numpy.arange(17.0)
    assert copy(a) == fn(a) == fn.py_func(a)
    assert copy._options == {"boundscheck": False, "nogil": False, "parallel": False,
                             "fastmath": False}


def test_pickled_by_source_keeps_error_locations():
    @njit
    def bad(a):
        return a + "text"

    copy = pickle.loads(pickle.dumps(bad))
    with pytest.raises(oxjit.OxjitError) as info:
        copy(1.0)
    message = str(info.value)
    assert "test_pickle.py>" in message
    assert f":{bad.py_func.__code__.co_firstlineno + 2}:12" in message, message


def _args(n):
    rng = numpy.random.default_rng(n)
    return rng.random(n), float(n)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_multiprocessing_pool_map(method):
    jobs = [_args(n) for n in (1, 10, 1000)]
    expected = [kernel.py_func(*j) for j in jobs]
    with multiprocessing.get_context(method).Pool(2) as pool:
        assert pool.starmap(kernel, jobs) == expected
        assert pool.starmap(_make_local(1.5), [(j[0],) for j in jobs]) == [
            _make_local(1.5).py_func(j[0]) for j in jobs
        ]


def test_process_pool_executor():
    jobs = [_args(n) for n in (3, 30)]
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=ctx) as ex:
        got = list(ex.map(kernel, *zip(*jobs)))
    assert got == [kernel.py_func(*j) for j in jobs]


def test_dask_map_blocks_on_local_cluster():
    da = pytest.importorskip("dask.array")
    distributed = pytest.importorskip("distributed")
    x = numpy.random.default_rng(0).random(100_000)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        arr = da.from_array(x, chunks=25_000)
        got = arr.map_blocks(block_kernel, dtype=x.dtype).compute()
        # The blocks ran in the worker processes, not here.
        workers = client.run(lambda: __import__("os").getpid())
        assert len(workers) == 2
    numpy.testing.assert_array_equal(got, numpy.sqrt(x) * SCALE + 1.0)
