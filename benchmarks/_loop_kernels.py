"""The scalar-loop kernels of `bench_loops.py`: ordinary Python loops of the kinds people
decorate with `@numba.njit`. Each kernel takes its inputs from `INPUTS[name](scale)`.
Helpers (`lj_potential`, `inv_pow6`) are module-level functions that the benchmark compiles
with the engine under test before the kernels that call them (as users decorate them).
"""
import numpy


def collatz_steps(n):
    total = 0
    for start in range(1, n):
        x = start
        while x != 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            total += 1
    return total


def digit_sums(n):
    total = 0
    for i in range(n):
        x = i
        while x > 0:
            total += x % 10
            x //= 10
    return total


def int_powers(n):
    s = 0
    for i in range(n):
        s += (i ** 3) % 7 - (i ** 2) // 5
    return s


def sieve(n):
    flags = numpy.ones(n, dtype=numpy.bool_)
    flags[0] = False
    flags[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if flags[i]:
            for j in range(i * i, n, i):
                flags[j] = False
    count = 0
    for i in range(n):
        if flags[i]:
            count += 1
    return count


def matmul_loops(A, B):
    n, m = A.shape
    p = B.shape[1]
    C = numpy.zeros((n, p))
    for i in range(n):
        for k in range(m):
            a = A[i, k]
            for j in range(p):
                C[i, j] += a * B[k, j]
    return C


def stencil_1d(a):
    out = numpy.empty_like(a)
    out[0] = a[0]
    out[-1] = a[-1]
    for i in range(1, a.shape[0] - 1):
        out[i] = (a[i - 1] + a[i] + a[i + 1]) / 3.0
    return out


def stencil_2d(u):
    n, m = u.shape
    out = numpy.zeros_like(u)
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1]) - u[i, j]
    return out


def histogram_loop(x, bins):
    counts = numpy.zeros(bins, dtype=numpy.int64)
    for i in range(x.shape[0]):
        k = int(x[i] * bins)
        if k == bins:
            k = bins - 1
        counts[k] += 1
    return counts


def prefix_sum(a):
    out = numpy.empty_like(a)
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        out[i] = s
    return out


def strided_negative(a):
    n = a.shape[0]
    s = 0.0
    for i in range(0, n, 3):
        s += a[i] - a[-i - 1]
    for i in range(n // 2):
        s += a[(i * 7) % n] * a[n - 1 - i // 2]
    return s


def pairwise_distances(X):
    n, d = X.shape
    D = numpy.empty((n, n))
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(d):
                t = X[i, k] - X[j, k]
                s += t * t
            D[i, j] = s ** 0.5
    return D


def first_crossing(a, thresholds):
    total = 0
    for t in range(thresholds.shape[0]):
        limit = thresholds[t]
        s = 0.0
        i = 0
        while i < a.shape[0] and s < limit:
            s += a[i]
            i += 1
        total += i
    return total


def monte_carlo_pi(n):
    numpy.random.seed(1)
    inside = 0
    for _ in range(n):
        x = numpy.random.random()
        y = numpy.random.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return 4.0 * inside / n


def count_flags(a):
    flags = a > 0.5
    c = 0
    for i in range(flags.shape[0]):
        if flags[i]:
            c += 1
    return c


def inv_pow6(r2):
    inv = 1.0 / r2
    return inv * inv * inv


def lj_potential(r):
    return 4.0 * ((1.0 / r) ** 12 - (1.0 / r) ** 6)


def lennard_jones(X):
    n = X.shape[0]
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            dx = X[i, 0] - X[j, 0]
            dy = X[i, 1] - X[j, 1]
            dz = X[i, 2] - X[j, 2]
            r = (dx * dx + dy * dy + dz * dz) ** 0.5
            e += lj_potential(r)
    return e


def lj_inline_helper(X):
    n = X.shape[0]
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            dx = X[i, 0] - X[j, 0]
            dy = X[i, 1] - X[j, 1]
            dz = X[i, 2] - X[j, 2]
            p6 = inv_pow6(dx * dx + dy * dy + dz * dz)
            e += 4.0 * (p6 * p6 - p6)
    return e


HELPERS = ("inv_pow6", "lj_potential")


def _rng():
    return numpy.random.default_rng(0)


# name -> (scale -> args). Scale 1 is the default size.
INPUTS = {
    "collatz_steps": lambda s: (int(30_000 * s),),
    "digit_sums": lambda s: (int(300_000 * s),),
    "int_powers": lambda s: (int(500_000 * s),),
    "sieve": lambda s: (int(2_000_000 * s),),
    "matmul_loops": lambda s: (_rng().random((int(120 * s), 120)), _rng().random((120, 120))),
    "stencil_1d": lambda s: (_rng().random(int(1_000_000 * s)),),
    "stencil_2d": lambda s: (_rng().random((int(700 * s), 700)),),
    "histogram_loop": lambda s: (_rng().random(int(1_000_000 * s)), 64),
    "prefix_sum": lambda s: (_rng().random(int(1_000_000 * s)),),
    "strided_negative": lambda s: (_rng().random(int(1_000_000 * s)),),
    "pairwise_distances": lambda s: (_rng().random((int(400 * s), 3)),),
    "first_crossing": lambda s: (_rng().random(100_000), _rng().random(int(200 * s)) * 5e4),
    "monte_carlo_pi": lambda s: (int(1_000_000 * s),),
    "count_flags": lambda s: (_rng().random(int(1_000_000 * s)),),
    "lennard_jones": lambda s: (_rng().random((int(400 * s), 3)) * 10 + 0.5,),
    "lj_inline_helper": lambda s: (_rng().random((int(400 * s), 3)) * 10 + 0.5,),
}
