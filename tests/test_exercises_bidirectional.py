"""check_bidirectional: right answers pass, a stub is "not implemented yet", the usual mistakes are named.

The answers here are written by hand, as a reader would write them, independently of the check's
own variant function.
"""

import functools

import numpy as np
import pytest

from lstm_lessons import Bidirectional
from lstm_lessons.exercises import check_bidirectional


def verdict(fn, capsys):
    ok = check_bidirectional(fn)
    out = capsys.readouterr().out
    assert ok is True or ok is False
    assert out.startswith("check_bidirectional: ")
    assert "Traceback" not in out and "checker itself failed" not in out, out
    return ok, out


def my_bidirectional(forward_cell, backward_cell, xs, flip_in=True, flip_out=True, swap=False, join="concat"):
    hs_f, _ = forward_cell.forward(xs)
    hs_b, _ = backward_cell.forward(xs[::-1] if flip_in else xs)
    if flip_out:
        hs_b = hs_b[::-1]
    a, b = (hs_b, hs_f) if swap else (hs_f, hs_b)
    if join == "add":
        return a + b
    if join == "stack":
        return np.stack([a, b])
    if join == "time":
        return np.concatenate([a, b], axis=0)
    return np.concatenate([a, b], axis=2)


def my_loop(forward_cell, backward_cell, xs):
    """The same with an explicit reversed index, as a reader may write it."""
    T = xs.shape[0]
    hs_f, _ = forward_cell.forward(xs)
    rev, _ = backward_cell.forward(np.stack([xs[T - 1 - t] for t in range(T)]))
    hs_b = np.stack([rev[T - 1 - t] for t in range(T)])
    return np.concatenate([hs_f, hs_b], axis=-1)


P = functools.partial


@pytest.mark.parametrize("fn", [lambda f, b, xs: Bidirectional(f, b).forward(xs)[0], my_bidirectional, my_loop])
def test_right_answers_pass(fn, capsys):
    ok, out = verdict(fn, capsys)
    assert ok, out
    assert "correct on 4 tests" in out


def test_a_stub_is_not_implemented_yet(capsys):
    def stub(forward_cell, backward_cell, xs):
        raise NotImplementedError  # your code here

    ok, out = verdict(stub, capsys)
    assert not ok and "not implemented yet" in out


@pytest.mark.parametrize("fn,fragment", [
    (P(my_bidirectional, flip_in=False, flip_out=False), "is a second forward cell"),
    (P(my_bidirectional, flip_in=False), "must read it from the end, xs[::-1]"),
    (P(my_bidirectional, flip_out=False), "Reverse them back, hs_bwd[::-1]"),
    (P(my_bidirectional, swap=True), "the two halves are swapped"),
    (P(my_bidirectional, join="add"), "did you add the two directions"),
    (P(my_bidirectional, join="stack"), "That is np.stack"),
    (P(my_bidirectional, join="time"), "joined along time or batch"),
    (lambda f, b, xs: Bidirectional(f, b).forward(xs), "expected one array hs; got a tuple of 2"),
    (lambda f, b, xs: Bidirectional(f, b).forward(xs)[0] * 1.01, "Compare the two halves"),
])  # fmt: skip
def test_wrong_answers_are_named(fn, fragment, capsys):
    ok, out = verdict(fn, capsys)
    assert not ok
    assert fragment in out, out


def test_the_wrong_entry_is_named_with_expected_and_got(capsys):
    ok, out = verdict(P(my_bidirectional, flip_out=False), capsys)
    assert "On test 1 of 4 (two LSTMCells, T=4, batch=2, input=3, hidden=5 per direction), hs[" in out
    assert "expected" in out and ", got " in out


def test_generic_failures_are_reported_not_raised(capsys):
    ok, out = verdict(lambda f, b, xs: None, capsys)
    assert not ok and "None" in out and "return" in out
    ok, out = verdict(42, capsys)
    assert not ok and "your function itself" in out
    ok, out = verdict(lambda: 0, capsys)
    assert not ok and "The function must be fn(forward_cell, backward_cell, xs) -> hs" in out

    def keyerror(f, b, xs):
        return f.params["W_x"]

    ok, out = verdict(keyerror, capsys)
    assert not ok and "raised KeyError" in out
