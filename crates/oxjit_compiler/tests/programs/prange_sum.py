def psum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        t = a[i] * 2.0
        s += t
    return s
