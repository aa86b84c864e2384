"""`nogil=True` functions called from many Python threads at once give the results of serial
calls (compiled code keeps no shared mutable state; each call has its own error slot)."""
import concurrent.futures

import numpy

import oxjit


@oxjit.njit(nogil=True)
def smooth(a, passes):
    out = a.copy()
    for _ in range(passes):
        for i in range(1, out.shape[0] - 1):
            out[i] = (out[i - 1] + out[i] + out[i + 1]) / 3.0
    return out, numpy.sum(out * out)


@oxjit.njit(nogil=True)
def checked_index(a, i):
    return a[i]


def test_nogil_from_eight_threads_matches_serial():
    inputs = [numpy.random.default_rng(k).random(20_000) for k in range(16)]
    serial = [smooth(a, 20) for a in inputs]
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        threaded = list(ex.map(lambda a: smooth(a, 20), inputs))
    for (o1, s1), (o2, s2) in zip(serial, threaded):
        numpy.testing.assert_array_equal(o1, o2)
        assert s1 == s2


def test_errors_stay_with_their_thread():
    a = numpy.arange(10.0)

    def call(i):
        try:
            return checked_index(a, i)
        except IndexError as e:
            return str(e)

    indices = [i % 10 if i % 3 else 100 + i for i in range(400)]
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        got = list(ex.map(call, indices))
    assert got == [call(i) for i in indices]
    assert sum(isinstance(g, str) for g in got) == len([i for i in indices if i >= 100])
