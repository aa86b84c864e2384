def arith(a, b):
    q = a // b
    r = a % b
    x = float(q) / 2.0 + r
    if x > 1.5 and not (b < 0):
        return x * 2
    return -x
