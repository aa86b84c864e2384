"""A generator of random functions over the subset oxjit compiles (numbers, arrays, loops,
branches, exceptions), for differential testing with CPython as the oracle.

``generate(seed)`` returns ``(source, overflow_source)``: the program, and the same program with
every integer operation passed through ``_chk``, which raises ``_Overflow`` when a value leaves
int64. CPython runs the second form first; programs that overflow are discarded (oxjit's integers
wrap, CPython's do not). Everything is deterministic in the seed, so a mismatch is reproduced by
its seed alone.
"""
import random

INT_OPS = ["+", "-", "*", "//", "%"]
FLOAT_OPS = ["+", "-", "*", "/"]
CMP_OPS = ["<", "<=", ">", ">=", "==", "!="]
PARAMS = ["a", "b", "x", "arr", "ia"]
ARRAY_LEN = 8


class _Gen:
    def __init__(self, seed, checked, features):
        self.r = random.Random(seed)
        self.checked = checked
        self.features = features
        self.vars = {"a": "int", "b": "int", "x": "float"}
        self.lines = []
        self.depth = 0
        self.loops = 0
        self.fresh = 0

    # -- expressions -------------------------------------------------------------------------
    def chk(self, text):
        return f"_chk({text})" if self.checked else text

    def names(self, kind):
        return [v for v, k in self.vars.items() if k == kind]

    def index(self):
        i = self.int_expr(1)
        if self.r.random() < 0.9:
            return f"({i}) % {ARRAY_LEN}"
        return i  # may be out of range: IndexError on both sides

    def int_expr(self, depth=0):
        r = self.r.random()
        if depth >= 3 or r < 0.3:
            if self.r.random() < 0.5 and self.names("int"):
                return self.r.choice(self.names("int"))
            return str(self.r.randint(-9, 9))
        if r < 0.75:
            op = self.r.choice(INT_OPS)
            return self.chk(f"({self.int_expr(depth + 1)} {op} {self.int_expr(depth + 1)})")
        choice = self.r.randrange(6)
        if choice == 0:
            return self.chk(f"abs({self.int_expr(depth + 1)})")
        if choice == 1:
            f = self.r.choice(["min", "max"])
            return f"{f}({self.int_expr(depth + 1)}, {self.int_expr(depth + 1)})"
        if choice == 2:
            return f"int(ia[{self.index()}])"
        if choice == 3:
            return "len(arr)"
        if choice == 4:
            if self.r.random() < 0.5:
                return self.chk(f"math.floor({self.float_expr(depth + 1)} * 0.5)")
            return self.chk(f"(-{self.int_expr(depth + 1)})")
        return f"({self.int_expr(depth + 1)} if {self.bool_expr(depth + 1)} else {self.int_expr(depth + 1)})"

    def float_expr(self, depth=0):
        r = self.r.random()
        if depth >= 3 or r < 0.3:
            pick = self.r.random()
            if pick < 0.5 and self.names("float"):
                return self.r.choice(self.names("float"))
            if pick < 0.7:
                return f"float(arr[{self.index()}])"
            return repr(self.r.choice([0.5, -1.25, 2.0, 3.75, -0.0, 10.0, 1e-3]))
        if r < 0.75:
            op = self.r.choice(FLOAT_OPS)
            left = self.float_expr(depth + 1)
            right = self.float_expr(depth + 1) if self.r.random() < 0.7 else self.int_expr(depth + 1)
            return f"({left} {op} {right})"
        choice = self.r.randrange(5)
        if choice == 0:
            return f"math.sqrt(abs({self.float_expr(depth + 1)}))"
        if choice == 1:
            return f"float({self.int_expr(depth + 1)})"
        if choice == 2:
            f = self.r.choice(["min", "max"])
            return f"{f}({self.float_expr(depth + 1)}, {self.float_expr(depth + 1)})"
        if choice == 3:
            return f"abs({self.float_expr(depth + 1)})"
        return f"float({self.int_expr(depth + 1)})"

    def bool_expr(self, depth=0):
        r = self.r.random()
        if depth >= 2 or r < 0.6:
            if self.r.random() < 0.5:
                return f"({self.int_expr(depth + 1)} {self.r.choice(CMP_OPS)} {self.int_expr(depth + 1)})"
            return f"({self.float_expr(depth + 1)} {self.r.choice(CMP_OPS)} {self.float_expr(depth + 1)})"
        if r < 0.85:
            op = self.r.choice(["and", "or"])
            return f"({self.bool_expr(depth + 1)} {op} {self.bool_expr(depth + 1)})"
        return f"(not {self.bool_expr(depth + 1)})"

    # -- statements --------------------------------------------------------------------------
    def emit(self, text):
        self.lines.append("    " * (self.depth + 1) + text)

    def assign(self):
        kind = self.r.choice(["int", "float"])
        # Loop counters of `while` loops are never assigned (the loops must end).
        existing = [n for n in self.names(kind) if not n.startswith("w")]
        if existing and self.r.random() < 0.6:
            name = self.r.choice([n for n in existing if n not in ("a", "b", "x")] or existing)
        else:
            name = f"v{self.fresh}"
            self.fresh += 1
        expr = self.int_expr() if kind == "int" else self.float_expr()
        if name in self.vars and self.r.random() < 0.3:
            op = self.r.choice(INT_OPS[:3] if kind == "int" else FLOAT_OPS[:3])
            if kind == "int":
                self.emit(f"{name} = {self.chk(f'({name} {op} {expr})')}")
            else:
                self.emit(f"{name} {op}= {expr}")
        else:
            self.emit(f"{name} = {expr}")
        self.vars[name] = kind

    def statement(self, budget):
        r = self.r.random()
        if self.depth >= 3 or r < 0.45:
            self.assign()
            return 1
        if r < 0.6:
            target = self.r.choice(["arr", "ia"])
            value = self.float_expr() if target == "arr" else self.int_expr()
            self.emit(f"{target}[{self.index()}] = {value}")
            return 1
        if r < 0.75:
            self.emit(f"if {self.bool_expr()}:")
            used = self.block(budget // 2)
            if self.r.random() < 0.5:
                self.emit("else:")
                used += self.block(budget // 2)
            return used + 1
        if r < 0.88:
            var = f"i{self.loops}"
            self.loops += 1
            stop = self.r.choice(["len(arr)", str(self.r.randint(0, 6)), "abs(a) % 7"])
            self.emit(f"for {var} in range({stop}):")
            self.vars[var] = "int"
            used = self.block(budget // 2)
            return used + 1
        if r < 0.95 or "raise" not in self.features:
            var = f"w{self.loops}"
            self.loops += 1
            self.emit(f"{var} = 0")
            self.vars[var] = "int"
            self.emit(f"while {var} < {self.r.randint(1, 5)} and {self.bool_expr()}:")
            self.depth += 1
            self.emit(f"{var} += 1")
            self.depth -= 1
            return self.block(budget // 2) + 2
        self.emit(f"if {self.bool_expr()}:")
        self.depth += 1
        message = self.r.choice(["bad value", "negative", "out of range"])
        self.emit(f"raise ValueError({message!r})")
        self.depth -= 1
        return 1

    def block(self, budget):
        self.depth += 1
        saved = dict(self.vars)
        used = 0
        for _ in range(max(1, self.r.randint(1, max(1, budget)))):
            used += self.statement(max(1, budget - used))
            if used >= budget:
                break
        # Names first assigned inside a block are not read after it (a variable keeps one type
        # and is always assigned before use).
        self.vars = {k: v for k, v in self.vars.items() if k in saved}
        self.depth -= 1
        return used

    def program(self):
        self.lines.append("def fuzzed(a, b, x, arr, ia):")
        for _ in range(self.r.randint(2, 6)):
            self.statement(6)
        results = ", ".join(sorted(n for n in self.vars if not n.startswith(("i", "w"))))
        self.emit(f"return ({results},)")
        return "\n".join(self.lines) + "\n"


FEATURES = frozenset({"raise"})


def generate(seed, features=FEATURES):
    """(source, overflow-checking source) of program number `seed`, using the optional
    statement kinds in `features`."""
    return _Gen(seed, False, features).program(), _Gen(seed, True, features).program()


def arguments(seed):
    """The arguments program `seed` is called with (fresh arrays each call)."""
    import numpy

    r = random.Random(seed * 7919 + 1)
    arr = numpy.array([r.choice([0.0, 1.5, -2.25, 3.0, 0.1, -7.0, 100.0, 1e-9])
                       for _ in range(ARRAY_LEN)])
    ia = numpy.array([r.randint(-20, 20) for _ in range(ARRAY_LEN)], dtype=numpy.int64)
    return (r.randint(-50, 50), r.randint(-50, 50), r.choice([0.0, 2.5, -1.75, 1e10, 0.3]),
            arr, ia)
