"""Every kind of bad input gets our own clear error, and a failed call changes nothing."""

import numpy as np
import pytest
from cellkit import CELLS, random_cell

import lstm_lessons as L
from lstm_lessons.cells.lstm import lstm_step


def snapshot(cell):
    return {k: v.copy() for k, v in cell.params.items()}, {k: v.copy() for k, v in cell.states.items()}


def assert_unchanged(cell, snap):
    params, states = snap
    assert all(np.array_equal(cell.params[k], v) for k, v in params.items())
    assert sorted(cell.states) == sorted(states) and all(np.array_equal(cell.states[k], v) for k, v in states.items())


BAD_XS = [
    (np.ones((4, 3)), ValueError,
     r"xs must have 3 axes, shape \(T, batch, 3\) for input_size=3; got 2 axes, shape \(4, 3\)"),
    (np.ones((4, 2, 7)), ValueError, r"xs must have shape \(T, batch, 3\) for input_size=3; got \(4, 2, 7\)"),
    (np.ones((0, 2, 3)), ValueError,
     r"xs is empty: need at least one time step and one sequence; got shape \(0, 2, 3\)"),
    (np.ones((4, 0, 3)), ValueError, r"xs is empty"),
    (np.full((4, 2, 3), np.nan), ValueError, r"xs must be finite; got nan at index \(0, 0, 0\)"),
    (np.where(np.arange(24).reshape(4, 2, 3) == 13, np.inf, 1.0), ValueError,
     r"xs must be finite; got inf at index \(2, 0, 1\)"),
    (np.full((4, 2, 3), "a"), TypeError, r"xs must be a numeric array of ints or floats; got dtype <U1"),
    (np.ones((4, 2, 3), dtype=object), TypeError, r"got dtype object"),
    (np.ones((4, 2, 3), dtype=bool), TypeError, r"got dtype bool"),
    ([[[1.0, 2.0, 3.0]], [[1.0]]], TypeError, r"xs must be a numeric array"),
]


@pytest.mark.parametrize("xs,error,message", BAD_XS)
def test_bad_xs(kind, xs, error, message):
    cell = random_cell(kind)
    cell.forward(np.ones((2, 2, 3)))
    snap = snapshot(cell)
    with pytest.raises(error, match=message):
        cell.forward(xs)
    assert_unchanged(cell, snap)


def test_integer_inputs_are_accepted(kind):
    hs, _ = CELLS[kind](3, 4).forward(np.ones((2, 1, 3), dtype=int))
    assert hs.dtype == np.float64


def test_state_of_the_wrong_shape(kind):
    cell = random_cell(kind)
    bad = np.zeros((2, 5))
    state = (bad, np.zeros((2, 4))) if cell.has_cell_state else bad
    name = "state\\[h\\]" if cell.has_cell_state else "state"
    with pytest.raises(ValueError, match=rf"{name} must have shape \(batch=2, hidden=4\); got \(2, 5\)"):
        cell.forward(np.ones((3, 2, 3)), state)


def test_state_of_the_wrong_batch_and_nan_state(kind):
    cell = random_cell(kind)
    h = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"\(batch=2, hidden=4\); got \(3, 4\)"):
        cell.forward(np.ones((3, 2, 3)), (h, h) if cell.has_cell_state else h)
    h = np.full((2, 4), np.nan)
    with pytest.raises(ValueError, match="must be finite"):
        cell.forward(np.ones((3, 2, 3)), (h, h) if cell.has_cell_state else h)


def test_lstm_state_must_be_a_pair():
    with pytest.raises(TypeError, match=r"state of a LSTMCell must be a tuple \(h, C\).*got ndarray"):
        L.LSTMCell(3, 4).forward(np.ones((3, 2, 3)), np.zeros((2, 4)))
    with pytest.raises(TypeError, match=r"state of a GRUCell is one array h.*got a tuple"):
        L.GRUCell(3, 4).forward(np.ones((3, 2, 3)), (np.zeros((2, 4)), np.zeros((2, 4))))


@pytest.mark.parametrize("size,error,message", [
    (0, ValueError, "must be a positive integer; got 0"),
    (-3, ValueError, "must be a positive integer; got -3"),
    (2.5, TypeError, "must be a positive integer; got 2.5 of type float"),
    (True, TypeError, "must be a positive integer; got True of type bool"),
    ("4", TypeError, "must be a positive integer; got '4' of type str"),
    (None, TypeError, "must be a positive integer; got None of type NoneType"),
])  # fmt: skip
def test_bad_sizes(kind, size, error, message):
    with pytest.raises(error, match=f"input_size {message}"):
        CELLS[kind](size, 4)
    with pytest.raises(error, match=f"hidden_size {message}"):
        CELLS[kind](3, size)


def test_numpy_integer_sizes_are_fine():
    assert L.LSTMCell(np.int64(3), np.int32(4)).hidden_size == 4


def test_bad_seed_and_flag():
    with pytest.raises(TypeError, match="seed must be a non-negative integer; got -1"):
        L.LSTMCell(3, 4, seed=-1)
    with pytest.raises(TypeError, match="reset_after must be True or False; got 'yes'"):
        L.GRUCell(3, 4, reset_after="yes")


def test_backward_before_forward(kind):
    with pytest.raises(ValueError, match=r"backward\(\) needs a forward\(\) first"):
        CELLS[kind](3, 4).backward(np.zeros((2, 1, 4)))


def test_dhs_of_the_wrong_shape(kind):
    cell = random_cell(kind)
    cell.forward(np.ones((5, 2, 3)))
    snap = snapshot(cell)
    with pytest.raises(ValueError, match=r"dhs must have shape \(T=5, batch=2, hidden=4\), "
                                         r"the shape of the last forward's hs; got \(5, 2, 3\)"):  # fmt: skip
        cell.backward(np.zeros((5, 2, 3)))
    assert_unchanged(cell, snap)
    assert cell.state_grads == {}


def test_a_broken_parameter_edit_is_reported_and_nothing_changes(kind):
    cell = random_cell(kind)
    name = next(iter(cell.params))
    cell.params[name] = np.zeros((1, 1))
    with pytest.raises(ValueError, match=rf"params\['{name}'\] must have shape"):
        cell.forward(np.ones((2, 1, 3)))
    cell.params[name] = np.full(CELLS[kind](3, 4).params[name].shape, np.nan)
    with pytest.raises(ValueError, match="must be finite"):
        cell.forward(np.ones((2, 1, 3)))
    del cell.params[name]
    with pytest.raises(ValueError, match="params must have exactly the keys"):
        cell.forward(np.ones((2, 1, 3)))


def test_step_function_checks_its_inputs():
    params = L.LSTMCell(3, 4).params
    with pytest.raises(ValueError, match=r"x_t must have shape \(batch, 3\) or \(3,\) to fit W_f \(4, 7\); "
                                         r"got \(2, 5\)"):  # fmt: skip
        lstm_step(params, np.ones((2, 5)), np.zeros((2, 4)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"C_prev must have shape \(2, 4\) to go with x_t \(2, 3\); got \(4,\)"):
        lstm_step(params, np.ones((2, 3)), np.zeros((2, 4)), np.zeros(4))


@pytest.mark.parametrize(
    "value, lo, hi, message",
    [
        ("a", -np.inf, np.inf, r"x must be a finite number; got 'a'"),
        (float("nan"), -np.inf, np.inf, r"x must be a finite number; got nan"),
        (None, 0.0, 1.0, r"x must be a number in \[0, 1\]; got None"),
        (1.5, 0.0, 1.0, r"x must be a number in \[0, 1\]; got 1.5"),
        (float("inf"), 0.0, 1.0, r"x must be a number in \[0, 1\]; got inf"),
        (-1.0, 0.0, np.inf, r"x must be a number >= 0; got -1.0"),
        (2.0, -np.inf, 1.0, r"x must be a number <= 1; got 2.0"),
    ],
)
def test_check_number(value, lo, hi, message):
    from lstm_lessons._validate import check_number

    with pytest.raises(ValueError, match=message):
        check_number("x", value, lo, hi)
    assert check_number("x", np.float32(0.5), lo, hi) == 0.5 and check_number("x", 1, 0.0, 1.0) == 1.0
