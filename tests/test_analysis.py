"""analysis: gradient norms through time, spectral radius, the belt product, the lag sweep."""

import numpy as np
import pytest

from lstm_lessons import GRUCell, LSTMCell, RNNCell
from lstm_lessons.tasks import AddingProblem, FirstSymbol
from lstm_lessons.training import SequenceModel, analysis


def test_spectral_radius_of_a_diagonal_matrix():
    assert analysis.spectral_radius(np.diag([0.5, -2.0, 1.0])) == pytest.approx(2.0)


def test_spectral_norm_is_the_largest_stretch_and_at_least_the_radius():
    assert analysis.spectral_norm(np.diag([0.5, -2.0, 1.0])) == pytest.approx(2.0)
    W = np.array([[0.5, 3.0], [0.0, 0.5]])  # not symmetric: radius 0.5, norm above 3
    assert analysis.spectral_radius(W) == pytest.approx(0.5)
    assert analysis.spectral_norm(W) > 3.0
    v = np.random.default_rng(0).standard_normal((100, 2))
    stretch = np.linalg.norm(v @ W.T, axis=1) / np.linalg.norm(v, axis=1)
    assert stretch.max() <= analysis.spectral_norm(W) + 1e-12


def test_set_spectral_radius_rescales_only_w_hh():
    cell = RNNCell(2, 5, seed=0)
    x_cols = cell.params["W_h"][:, 5:].copy()
    assert analysis.set_spectral_radius(cell, 1.7) is cell
    assert analysis.spectral_radius(cell.params["W_h"][:, :5]) == pytest.approx(1.7)
    np.testing.assert_array_equal(cell.params["W_h"][:, 5:], x_cols)


def test_gradient_norms_of_a_linear_rnn_are_powers_of_w_hh():
    # Zero inputs, bias and state: h stays 0, so dL/dh_{T-1-d} = u @ W_hh^d exactly.
    H, T = 4, 12
    cell = analysis.set_spectral_radius(RNNCell(1, H, seed=3), 1.3)
    norms = analysis.gradient_norms_through_time(cell, np.zeros((T, 1, 1)), seed=5)
    u = np.random.default_rng(5).standard_normal((1, H))
    u /= np.linalg.norm(u)
    W_hh = cell.params["W_h"][:, :H]
    expected = [np.linalg.norm(u @ np.linalg.matrix_power(W_hh, d)) for d in range(T)]
    np.testing.assert_allclose(norms, expected, rtol=1e-12)
    assert norms[0] == pytest.approx(1.0)


def test_gradient_norms_of_the_cell_state_match_the_forget_product_when_paths_are_cut():
    D, H, T = 2, 3, 8
    cell = LSTMCell(D, H, seed=0)
    for g in ("f", "i", "C", "o"):
        cell.params[f"W_{g}"][:, :H] = 0.0  # gates read only x: C reaches the loss along the belt
    xs = np.random.default_rng(1).normal(size=(T, 1, D))
    norms = analysis.gradient_norms_through_time(cell, xs, which="C")
    dC_T = cell.state_grads["C"][-1]
    belt = analysis.belt_gradients(cell.gates["f"])[:T]  # (T, 1, H)
    # with the recurrent columns cut, dL/dC_k gets no contribution from h_k except at the last step
    np.testing.assert_allclose(norms, np.linalg.norm(dC_T * belt, axis=2)[:, 0], rtol=1e-12)


def test_belt_gradients_are_products_of_the_last_forget_gates():
    f = np.array([[0.5], [0.8], [0.9]])
    np.testing.assert_allclose(analysis.belt_gradients(f)[:, 0], [1.0, 0.9, 0.72, 0.36])


def test_memory_half_life():
    assert analysis.memory_half_life(0.5) == pytest.approx(1.0)
    assert analysis.memory_half_life(0.9) == pytest.approx(np.log(0.5) / np.log(0.9))
    assert np.isinf(analysis.memory_half_life(1.0))


def test_long_lag_sweep_shapes_and_short_lag_success():
    acc = analysis.long_lag_sweep(
        lambda task, seed: SequenceModel(
            RNNCell(task.input_size, 16, seed=seed), task.output_size, seed=seed
        ),
        lambda lag: FirstSymbol(T=lag),
        [2],
        [0, 1],
        steps=150,
        optimizer="sgd",
        lr=0.5,
        eval_every=150,
        val_size=64,
    )
    assert acc.shape == (1, 2) and np.all(acc == 1.0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: analysis.spectral_radius(np.ones((2, 3))), "square"),
        (lambda: analysis.spectral_norm(np.ones(3)), "matrix"),
        (lambda: analysis.set_spectral_radius(LSTMCell(1, 2), 1.0), "RNNCell"),
        (lambda: analysis.set_spectral_radius(RNNCell(1, 2), -1.0), "radius"),
        (lambda: analysis.gradient_norms_through_time(object(), np.zeros((3, 1, 1))), "cell"),
        (
            lambda: analysis.gradient_norms_through_time(
                RNNCell(1, 2), np.zeros((3, 1, 1)), which="C"
            ),
            "cell state",
        ),
        (
            lambda: analysis.gradient_norms_through_time(
                GRUCell(1, 2), np.zeros((3, 1, 1)), which="x"
            ),
            "which",
        ),
        (lambda: analysis.belt_gradients(np.array([[1.5]])), r"\[0, 1\]"),
        (
            lambda: analysis.long_lag_sweep(None, lambda lag: AddingProblem(T=lag), [5]),
            "classification",
        ),
        (lambda: analysis.long_lag_sweep(None, None, [], [0]), "at least one"),
    ],
)
def test_bad_input_raises_our_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
