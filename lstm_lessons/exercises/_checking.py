"""What every check shares: run the reader's function safely, compare, diagnose, report.

A check is a ``Check``: the test cases, the package's reference, and a list of
hypotheses, each a known mistake written as a variant of the reference (``knobs``)
with the sentence that names it. When the reader's answer is wrong, every
hypothesis (and every pair of them) is computed on the same inputs; one that
reproduces the reader's output on every test names the mistake.

Nothing here raises: a function that raises, returns the wrong thing, or trips a
bug of ours ends in a printed sentence and ``False``.
"""

import copy
import itertools
import warnings
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

RTOL, ATOL = 1e-6, 1e-8  # generous for float64: a right answer differs by ~1e-15


class Case(NamedTuple):
    label: str  # "batch=2, input=3, hidden=4", for the messages
    args: tuple  # the reader's arguments, in order
    dims: dict  # {"batch": 2, "input": 3, "hidden": 4}


class Hypothesis(NamedTuple):
    knobs: dict  # keyword arguments of the check's variant function
    message: str  # the mistake, in the book's notation


class Wrong(Exception):
    """A result that cannot be compared: wrong type, length or shape. The message says why."""


class Check(NamedTuple):
    name: str  # "check_lstm_step"
    signature: str  # "fn(params, x_t, h_prev, C_prev) -> (h_t, C_t)"
    arg_names: tuple  # ("params", "x_t", "h_prev", "C_prev")
    outputs: dict  # output name -> its dimension names, e.g. {"h_t": ("batch", "hidden")}
    cases: list
    reference: Callable  # (*args) -> tuple of arrays, in the order of ``outputs``
    read: Callable  # (returned value, args after the call, args before) -> tuple of outputs; may raise Wrong
    variant: Callable = None  # (*args, **knobs) -> tuple of arrays
    hypotheses: tuple = ()
    retries: tuple = ()  # (transform of args, message): tried when the reader's function raises
    hint: Callable = None  # (exception, case) -> list of lines
    shape_hint: Callable = None  # (output name, got shape, expected shape) -> str or None
    localize: Callable = None  # (wrong output names) -> str or None
    extra: Callable = (
        None  # (reader's outputs, reference's, case, first wrong output or None) -> line
    )


def run(check, fn):
    """Check ``fn``; print one short verdict; return True or False. Never raises."""
    try:
        ok, lines = _verdict(check, fn)
    except Exception as err:  # a bug of ours: still no traceback for the reader
        ok, lines = (
            False,
            [
                f"the checker itself failed ({type(err).__name__}: {err}). "
                "This is a bug in lstm_lessons, not in your code; please report it."
            ],
        )
    print(f"{check.name}: " + "\n    ".join(line for line in lines if line))
    return ok


def call(fn, args):
    """Call the reader's function on copies of ``args``: ('ok', result, args) or ('todo'|'raised', error, args)."""
    args = copy.deepcopy(args)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return "ok", fn(*args), args
        except NotImplementedError as err:
            return "todo", err, args
        except Exception as err:  # the reader's bug, reported in words
            return "raised", err, args


def _verdict(check, fn):
    if not callable(fn):
        return False, [
            f"give the check your function itself, {check.name}(my_function); "
            f"got {type(fn).__name__} {_short(repr(fn))}"
        ]
    n = len(check.cases)
    refs = [check.reference(*case.args) for case in check.cases]
    gots = []
    for k, (case, ref) in enumerate(zip(check.cases, refs, strict=True)):
        where = f"test {k + 1} of {n} ({case.label})"
        status, value, after = call(fn, case.args)
        if status == "todo":
            return False, ["not implemented yet (your function raises NotImplementedError)."]
        if status == "raised":
            return False, _raised(check, fn, value, case, where)
        try:
            gots.append(outputs(check, value, after, ref, case.args))
        except Wrong as w:
            return False, ["not right yet.", f"On {where}: {w}"]
    for k in range(n):
        bad = [name for name, g, r in zip(check.outputs, gots[k], refs[k], strict=True) if not close(g, r)]
        if bad:
            return False, _wrong(check, gots, refs, k, bad)
    lines = [f"correct on {n} tests."]
    if check.extra:
        lines.append(check.extra(gots[0], refs[0], check.cases[0], None))
    return True, lines


def outputs(check, value, after, ref, args):
    """The reader's outputs as float arrays of the reference's shapes, or ``Wrong`` saying what came."""
    got = tuple(check.read(value, after, args))
    if len(got) != len(check.outputs):  # a reader's answer of the wrong length gets a verdict, not a traceback
        raise Wrong(f"expected {len(check.outputs)} outputs ({', '.join(check.outputs)}); got {len(got)}.")
    arrays = []
    for (name, dims), g, r in zip(check.outputs.items(), got, ref, strict=True):
        if g is None:
            raise Wrong(f"{name} is None. Did you forget a `return`?")
        try:
            a = np.asarray(g, dtype=np.float64)
        except Exception:  # text, ragged lists, objects that refuse to become arrays
            raise Wrong(
                f"{name} should be an array of numbers; got {type(g).__name__} {_short(repr(g))}"
            ) from None
        if a.shape != r.shape:
            raise Wrong(_shape_message(check, name, dims, a.shape, r.shape))
        arrays.append(a)
    return arrays


def _shape_message(check, name, dims, got, want):
    words = (
        f" = ({', '.join(dims)}{',' if len(dims) == 1 else ''})" if len(dims) == len(want) else ""
    )
    msg = f"{name} should have shape {want}{words}; got " + (
        f"{got}." if got else "a single number."
    )
    hint = check.shape_hint(name, got, want) if check.shape_hint and got else None
    if hint:
        msg += " " + hint
    elif len(got) == 2 and got == want[::-1]:
        msg += " It looks transposed: the book's batched code computes z_t @ W.T + b, one row per example."
    return msg


def close(got, ref):
    return got.shape == ref.shape and bool(np.allclose(got, ref, rtol=RTOL, atol=ATOL))


def _wrong(check, gots, refs, k, bad):
    case = check.cases[k]
    name = bad[0]
    i = list(check.outputs).index(name)
    g, r = gots[k][i], refs[k][i]
    off = ~np.isclose(g, r, rtol=RTOL, atol=ATOL)
    idx = tuple(int(j) for j in np.argwhere(off)[0]) if g.ndim else ()
    entry = f"{name}[{', '.join(map(str, idx))}]" if idx else name
    count = f" ({int(off.sum())} of {off.size} entries differ)" if off.size > 1 else ""
    lines = [
        "not right yet.",
        f"On test {k + 1} of {len(check.cases)} ({case.label}), "
        f"{entry}: expected {r[idx]:.6g}, got {g[idx]:.6g}{count}.",
    ]
    if len(check.outputs) > 1:
        right = [name for name in check.outputs if name not in bad]
        others = f" (the other {len(right)} outputs are right)." if len(right) > 1 else ""
        others = f" ({right[0]} is right)." if len(right) == 1 else others or "."
        lines.append(f"Wrong: {', '.join(bad)}{others}")
    if check.extra:
        lines.append(check.extra(gots[k], refs[k], case, name))
    diagnosis = diagnose(check, gots)
    if diagnosis:
        lines.append(f"Likely mistake: {diagnosis}")
    elif check.localize and check.localize(bad):
        lines.append(check.localize(bad))
    return lines


def diagnose(check, gots):
    """The message of the first hypothesis (or pair of them) that reproduces the reader's outputs."""
    if check.variant is None:
        return None
    for h in check.hypotheses:
        if _reproduces(check, h.knobs, gots):
            return h.message
    for a, b in itertools.combinations(check.hypotheses, 2):
        if not set(a.knobs) & set(b.knobs) and _reproduces(check, {**a.knobs, **b.knobs}, gots):
            return f"{a.message} And: {b.message}"
    return None


def _reproduces(check, knobs, gots):
    for case, got in zip(check.cases, gots, strict=True):
        try:
            with np.errstate(all="ignore"):
                want = check.variant(*copy.deepcopy(case.args), **knobs)
        except Exception:  # a combination of knobs that cannot be computed: not this mistake
            return False
        if not all(close(g, np.asarray(w, dtype=float)) for g, w in zip(got, want, strict=True)):
            return False
    return True


def _raised(check, fn, err, case, where):
    lines = [f"your function raised {type(err).__name__}: {_short(str(err), 200)}", f"On {where}."]
    if isinstance(err, TypeError) and "argument" in str(err):
        lines.append(f"The function must be {check.signature}.")
    if isinstance(err, KeyError) and isinstance(case.args[0], dict):
        lines.append(f"params has the keys {', '.join(case.args[0])}.")
    if isinstance(err, (ValueError, IndexError)) and is_shape_error(err):
        lines.append(f"The inputs were: {describe_args(check.arg_names, case.args)}.")
    for transform, message in check.retries:
        if _works_after(check, fn, transform):
            lines.append(f"Likely mistake: {message}")
            return lines
    if check.hint:
        lines.extend(check.hint(err, case) or [])
    return lines


def is_shape_error(err):
    text = str(err)
    return any(w in text for w in ("shape", "matmul", "broadcast", "dimension", "size", "index"))


def _works_after(check, fn, transform):
    """Does ``fn`` give the reference's outputs once its inputs are transformed?"""
    for case in check.cases:
        args = transform(copy.deepcopy(case.args))
        status, value, after = call(fn, args)
        if status != "ok":
            return False
        ref = check.reference(*case.args)
        try:
            got = outputs(check, value, after, ref, args)
        except Wrong:
            return False
        if not all(close(g, r) for g, r in zip(got, ref, strict=True)):
            return False
    return True


def describe_args(names, args):
    """``x_t (3, 2), h_prev (3, 4), params: W_* (4, 6), b_* (4,)`` -- the shapes of the inputs."""
    parts = []
    for name, a in zip(names, args, strict=True):
        if isinstance(a, dict):
            groups = {}
            for k, v in a.items():
                groups.setdefault((k.split("_")[0], np.shape(v)), []).append(k)
            parts.append(
                f"{name}: "
                + ", ".join(f"{'/'.join(ks)} {shape}" for (_, shape), ks in groups.items())
            )
        else:
            parts.append(f"{name} {np.shape(a)}")
    return "; ".join(parts)


def transpose_weights(args):
    """The same arguments with every 2-D array in ``params`` transposed (to catch ``z @ W`` for ``z @ W.T``)."""
    params = {k: (v.T.copy() if np.ndim(v) == 2 else v) for k, v in args[0].items()}
    return (params,) + tuple(args[1:])


def fields(value, names, what):
    """A tuple/list of ``len(names)`` items, or an object with those attributes (the package's named tuples)."""
    if hasattr(value, "_fields") and all(n in value._fields for n in names):
        return tuple(getattr(value, n) for n in names)
    if isinstance(value, (tuple, list)):
        if len(value) != len(names):
            raise Wrong(
                f"expected {what}, {len(names)} items; got a {type(value).__name__} of {len(value)}."
            )
        return tuple(value)
    if value is None:
        raise Wrong(
            f"your function returned None; it should return {what}. Did you forget a `return`?"
        )
    shape = f" of shape {np.shape(value)}" if isinstance(value, np.ndarray) else ""
    raise Wrong(f"expected {what}; got one {type(value).__name__}{shape}.")


def one_array(name):
    """A reader for functions that return a single array (or the package's named tuple with field ``h``)."""

    def read(value, after, args):
        if hasattr(value, "_fields") and "h" in value._fields:
            return (value.h,)
        if isinstance(value, tuple):
            raise Wrong(f"expected one array {name}; got a tuple of {len(value)}.")
        return (value,)

    return read


def _short(text, n=80):
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."
