"""Strings in compiled code: differential tests against CPython (see ``diff.py``).

Each function runs in CPython and compiled by oxjit; values, kinds, exception classes and
messages (``exact_exception=True``) are compared, over arbitrary Unicode text from hypothesis
(non-ASCII, empty strings). Operations that read Unicode character properties (case mapping,
``isalpha``..., ``repr``) draw from the characters CPython's Unicode database assigns
(``unicodedata``, Unicode 14 here): Rust's tables are newer, and characters unassigned in
CPython's are outside the comparison.
"""
import sys
import unicodedata

import pytest
from hypothesis import assume, given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check

text = st.text(max_size=12)
# Characters CPython's Unicode database knows (no surrogates, no unassigned).
assigned = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cn", "Co")), max_size=12
)
small = st.text(alphabet="ab é,\t", max_size=10)
ints = st.integers(-30, 30)
opt_ints = st.one_of(st.none(), ints)
SETTINGS = settings(max_examples=int(__import__("os").environ.get("OXJIT_STR_EXAMPLES", 60)), deadline=None)

GREETING = "héllo, wörld"


# --- operators, indexing, iteration ---

def concat(a, b):
    return a + b


def repeat(a, n):
    return a * n, n * a


def compare(a, b):
    return a == b, a != b, a < b, a <= b, a > b, a >= b


def length(a):
    return len(a)


def item(a, i):
    return a[i]


def slice3(a, i, j, k):
    return a[i:j:k]


def slice2(a, i, j):
    return a[i:j], a[i:], a[:j], a[::-1]


def contains(a, b):
    return b in a, b not in a


def chars_reversed(a):
    out = ""
    for ch in a:
        out = ch + out
    return out


def truth(a):
    if a:
        return 1
    return 0 if not a else 2


def in_tuple(a, b):
    t = (a, len(b), b)
    return t[2] + t[0], t


def aug(a, b):
    a += b
    a *= 2
    return a


def mixed_eq(a, n):
    return a == n, a != n


@given(text, text)
@SETTINGS
def test_operators(a, b):
    check(concat, a, b)
    check(compare, a, b)
    check(contains, a, b)
    check(in_tuple, a, b)
    check(aug, a, b)


@given(text, st.integers(-3, 5))
@SETTINGS
def test_repeat_and_length(a, n):
    check(repeat, a, n)
    check(length, a)
    check(truth, a)
    check(chars_reversed, a)
    check(mixed_eq, a, n)


@given(text, st.integers(-15, 15))
@SETTINGS
def test_index(a, i):
    check(item, a, i, exact_exception=True)


@given(text, opt_ints, opt_ints, st.one_of(st.none(), st.integers(-4, 4)))
@SETTINGS
def test_slices(a, i, j, k):
    check(slice3, a, i, j, k, exact_exception=True)
    if i is not None and j is not None:
        check(slice2, a, i, j)


def test_index_error_message():
    with pytest.raises(IndexError, match="^string index out of range$"):
        oxjit.njit(item)("ab", 2)


def greeting(n):
    return GREETING[n:] + "!"


def test_globals_are_constants():
    check(greeting, 3)


def returns_literal():
    return "naïve ☃ 𝄞"


def test_literals_round_trip():
    check(returns_literal)


# --- conversions ---

def to_str(x):
    return str(x), repr(x)


def parse_int(s):
    return int(s)


def parse_float(s):
    return float(s)


def ord_chr(s, i):
    return ord(s), chr(i)


def chr_of(i):
    return chr(i)


def ord_of(s):
    return ord(s)


@given(st.one_of(st.integers(-(2**63), 2**63 - 1), st.floats(), st.booleans(), text))
@SETTINGS
def test_str_of_values(x):
    if isinstance(x, str):
        assume(all(unicodedata.category(c) not in ("Cn", "Co") for c in x))
    check(to_str, x)


numberish = st.text(alphabet=" \t\n+-_0123456789.eEinfatyINFAY", max_size=12)


def ascii_digits_only(s):
    return all(c.isascii() or not c.isdecimal() for c in s)


@given(st.one_of(numberish, text))
@SETTINGS
def test_int_and_float_parsing(s):
    assume(ascii_digits_only(s))
    # The message shows `repr(s)`: only characters CPython's Unicode database knows.
    assume(all(unicodedata.category(c) not in ("Cn", "Co") for c in s))
    assume(sum(c.isdigit() for c in s) < 18)
    check(parse_int, s, exact_exception=True)
    check(parse_float, s, exact_exception=True)


def test_parse_examples():
    for s in ["12", " -1_000 ", "+7", "1__0", "_1", "", "0x10", "1e5", "٣"]:
        if s == "٣":
            continue
        check(parse_int, s, exact_exception=True)
    for s in ["1.5", " -inf ", "NaN", "1_0.2_5", "1e-3", ".5", "5.", ".", "1e", "x", "infinity"]:
        check(parse_float, s, exact_exception=True)


@given(st.characters(blacklist_categories=("Cs",)), st.integers(0, 0x10FFFF))
@SETTINGS
def test_ord_chr(c, i):
    assume(not 0xD800 <= i < 0xE000)
    check(ord_chr, c, i)


def test_ord_chr_errors():
    for s in ["", "ab"]:
        check(ord_of, s, exact_exception=True)
    for i in [-1, 0x110000]:
        check(chr_of, i, exact_exception=True)


# --- f-strings and format ---

def fstring_int(n):
    return f"{n}|{n:>5d}|{n:<6}|{n:^7}|{n:+d}|{n:,}|{n:_}|{n:x}|{n:#o}|{n:08d}|{n!r}"


def fstring_float(x):
    return f"{x}|{x:.3f}|{x:e}|{x:.2e}|{x:g}|{x:10.2f}|{x:,.2f}|{x:.1%}|{x!r}"


def fstring_str(s):
    return f"[{s}]({s:<10})({s:>4})({s:^9})({s:*^6})({s:.2})({s!r})"


def fstring_mixed(i, x, s):
    return f"{i}:{x:.3f} {s}"


def format_method(i, x, s):
    return "{} {:.2f} {!r} {{}} {:>4}".format(i, x, s, s), "{1}-{0}".format(s, i)


@given(st.integers(-(2**40), 2**40))
@SETTINGS
def test_fstring_ints(n):
    check(fstring_int, n)


@given(st.floats(width=64))
@SETTINGS
def test_fstring_floats(x):
    check(fstring_float, x)


@given(assigned, st.integers(-100, 100), st.floats(allow_nan=False))
@SETTINGS
def test_fstring_strings(s, i, x):
    check(fstring_str, s)
    check(fstring_mixed, i, x, s)
    check(format_method, i, x, s)


# --- methods ---

def split_ws(s):
    return s.split(), s.split(None, 1)


def split_sep(s, sep, n):
    return s.split(sep), s.split(sep, n)


def join_list(sep, s):
    parts = s.split(",")
    return sep.join(parts), sep.join((s, sep, s))


def strips(s, chars):
    return s.strip(), s.lstrip(), s.rstrip(), s.strip(chars), s.lstrip(chars), s.rstrip(chars)


def affixes(s, a, b):
    return s.startswith(a), s.endswith(a), s.startswith((a, b)), s.endswith((b, a))


def cases(s):
    return s.upper(), s.lower(), s.capitalize(), s.title()


def predicates(s):
    return s.isdigit(), s.isalpha(), s.isspace(), s.isupper(), s.islower()


def replaces(s, old, new, n):
    return s.replace(old, new), s.replace(old, new, n)


def searches(s, sub, i, j):
    return (s.find(sub), s.rfind(sub), s.count(sub), s.find(sub, i), s.rfind(sub, i, j),
            s.count(sub, i, j))


def index_of(s, sub):
    return s.index(sub)


def pads(s, w, fill):
    return s.zfill(w), s.center(w), s.ljust(w, fill), s.rjust(w, fill), s.center(w, fill)


@given(st.one_of(text, small), st.one_of(small, text), st.integers(-2, 3))
@SETTINGS
def test_split_join(s, sep, n):
    check(split_ws, s)
    check(split_sep, s, sep, n, exact_exception=True)
    check(join_list, sep, s)


@given(st.one_of(text, small), st.one_of(small, text), st.one_of(small, text))
@SETTINGS
def test_strip_affix(s, a, b):
    check(strips, s, a)
    check(affixes, s, a, b)


@given(assigned)
@SETTINGS
def test_case_and_predicates(s):
    check(cases, s)
    check(predicates, s)


def test_case_special_cases():
    for s in ["ß", "straße", "ǆemal", "ΟΔΟΣ ΟΔΟΣ.", "ﬁsh", "İstanbul", "ᾳ", "hello wORLD 3rd",
              "123", "²", "٣", " \x1c", "Ǆ", "ǅ"]:
        check(cases, s)
        check(predicates, s)


@given(small, small, small, st.integers(-1, 3))
@SETTINGS
def test_replace(s, old, new, n):
    check(replaces, s, old, new, n)


@given(st.one_of(small, text), st.one_of(small, text), ints, ints)
@SETTINGS
def test_searches(s, sub, i, j):
    check(searches, s, sub, i, j)
    check(index_of, s, sub, exact_exception=True)


@given(st.one_of(small, text), st.integers(-2, 14), st.text(min_size=0, max_size=2))
@SETTINGS
def test_padding(s, w, fill):
    check(pads, s, w, fill, exact_exception=True)


def zfill_signs(s, w):
    return s.zfill(w)


def test_zfill_signs():
    for s in ["-12", "+1", "", "-", "é"]:
        check(zfill_signs, s, 5)


# --- lists of strings, print, errors, memory ---

def words_sorted(s):
    ws = s.split()
    ws.sort()
    return ws, "x" in ws, len(ws)


def list_arg(ws):
    out = []
    for w in ws:
        out.append(w.upper())
    return out


@given(st.one_of(text, small))
@SETTINGS
def test_lists_of_strings(s):
    check(words_sorted, s)


def test_list_argument():
    check(list_arg, ["a", "é", ""])


def prints(s, n):
    print(s, (s, n), f"{s}:{n}")


def test_print(capsys):
    oxjit.njit(prints)("é x", 3)
    compiled_out = capsys.readouterr().out
    prints("é x", 3)
    assert compiled_out == capsys.readouterr().out


def bad_add(s, n):
    return s + n


def bad_contains(s, n):
    return n in s


def test_typing_errors():
    with pytest.raises(oxjit.TypingError, match="unsupported operand type"):
        oxjit.njit(bad_add)("a", 1)
    with pytest.raises(oxjit.TypingError, match="requires string as left operand"):
        oxjit.njit(bad_contains)("a", 1)


def two_params(tab, n):
    return n


def test_unsupported_argument_is_a_type_error():
    with pytest.raises(oxjit.TypingError) as info:
        oxjit.njit(two_params)(1, b"x")
    assert isinstance(info.value, TypeError)
    assert str(info.value).startswith("argument `n` of `two_params()`")
    assert "`bytes`" in str(info.value)


def build(n):
    out = []
    for i in range(n):
        s = f"{i}:{i * 0.5:.3f}"
        out.append(s + "x" * 2)
    return " ".join(out).split(" ")


def test_no_leaks():
    f = oxjit.njit(build)
    f(3)
    before = _oxjit.live_allocations()
    for _ in range(50):
        f(20)
        oxjit.njit(slice3)("héllo", 1, 4, 1)
        try:
            oxjit.njit(item)("ab", 5)
        except IndexError:
            pass
    assert _oxjit.live_allocations() == before


def enumerate_zip(s, t):
    out = 0
    for i, c in enumerate(s):
        out += i * len(c)
    same = 0
    for a, b in zip(s, t):
        same += a == b
    return out, same, sorted(t.split())


@given(text, st.one_of(text, small))
@SETTINGS
def test_enumerate_zip_sorted(s, t):
    check(enumerate_zip, s, t)

