"""Every hand-derived gradient against central differences, and the checker itself checked."""

import numpy as np
import pytest
from cellkit import random_cell, random_state

from lstm_lessons import LSTMCell
from lstm_lessons.training.gradcheck import check_cell_gradients, numerical_gradient, relative_error


@pytest.mark.parametrize("T,B", [(1, 1), (6, 2)])
def test_every_gradient_matches_central_differences(kind, T, B):
    cell = random_cell(kind, D=3, H=4)
    xs = np.random.default_rng(5).normal(size=(T, B, 3))
    errors = check_cell_gradients(cell, xs, random_state(cell, B))
    expected = set(cell.params) | {"xs", "h0"} | ({"C0"} if cell.has_cell_state else set())
    assert set(errors) == expected
    worst = max(errors, key=errors.get)
    assert errors[worst] < 1e-6, f"{kind}: {worst} has relative error {errors[worst]:.2e}"


def test_the_checker_catches_a_wrong_gradient():
    """Break the backward pass on purpose: the check must notice."""
    cell = random_cell("lstm")
    original = cell._backward

    def broken(cache, dhs, dstate):
        grads, dxs, d0, sg = original(cache, dhs, dstate)
        grads["W_o"] = grads["W_o"] * 1.01
        return grads, dxs, d0, sg

    cell._backward = broken
    errors = check_cell_gradients(cell, np.ones((3, 2, 3)))
    assert errors["W_o"] > 1e-3 and errors["W_f"] < 1e-6


def test_numerical_gradient_of_a_known_function():
    x = np.array([1.0, -2.0, 0.5])
    g = numerical_gradient(lambda: np.sum(x**3), x)
    np.testing.assert_allclose(g, 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5])  # restored


def test_numerical_gradient_restores_x_when_the_loss_fails():
    x = np.array([1.0, 2.0])

    def boom():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(boom, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_refuses_arrays_it_cannot_nudge():
    with pytest.raises(TypeError, match="float64 ndarray"):
        numerical_gradient(lambda: 0.0, np.array([1, 2]))
    with pytest.raises(TypeError, match="float64 ndarray"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.ones(2), -np.ones(2)) == 1.0
    with pytest.raises(ValueError, match="same shape"):
        relative_error(np.ones(2), np.ones(3))


def test_gradcheck_runs_at_the_default_forget_bias():
    cell = LSTMCell(2, 3, seed=1)
    assert max(check_cell_gradients(cell, np.random.default_rng(0).normal(size=(4, 1, 2))).values()) < 1e-6
