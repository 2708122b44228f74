"""The readable one-step backward pass: equal to the fused BPTT step by step, and to central differences."""

import numpy as np
import pytest
from cellkit import random_cell, random_state

from lstm_lessons.cells.lstm import lstm_step, lstm_step_backward
from lstm_lessons.training.gradcheck import numerical_gradient, relative_error


@pytest.mark.parametrize("T, B", [(6, 4), (7, 100)])  # (7, 100): weight gradient in chunks of 2 steps, the last of 1
def test_equals_the_fused_bptt_step_by_step(T, B):
    cell = random_cell("lstm", D=3, H=5)
    rng = np.random.default_rng(7)
    xs = rng.normal(size=(T, B, 3))
    h0, C0 = random_state(cell, B)
    hs, _ = cell.forward(xs, (h0, C0))
    dhs, dh_T, dC_T = rng.normal(size=(T, B, 5)), rng.normal(size=(B, 5)), rng.normal(size=(B, 5))
    grads, dxs = cell.backward(dhs, (dh_T, dC_T))
    h_prevs = np.concatenate([h0[None], cell.states["h"][:-1]])
    C_prevs = np.concatenate([C0[None], cell.states["C"][:-1]])

    total = {k: np.zeros_like(p) for k, p in cell.params.items()}
    dh_next, dC_next = dh_T, dC_T
    for t in range(T - 1, -1, -1):
        dh = dhs[t] + dh_next
        np.testing.assert_allclose(dh, cell.state_grads["h"][t], rtol=0, atol=1e-12)
        g, dx, dh_next, dC_next = lstm_step_backward(
            cell.params, xs[t], h_prevs[t], C_prevs[t], dh, dC_next
        )
        np.testing.assert_allclose(dx, dxs[t], rtol=0, atol=1e-12)
        for k in total:
            total[k] += g[k]
    assert list(g) == list(cell.params)  # the 8 keys, in the cell's order
    for k in total:
        np.testing.assert_allclose(total[k], grads[k], rtol=0, atol=1e-12)
    np.testing.assert_allclose(dh_next, cell.dstate0[0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(dC_next, cell.dstate0[1], rtol=0, atol=1e-12)


@pytest.mark.parametrize("B,D,H", [(1, 1, 1), (3, 2, 4), (2, 5, 3)])
def test_matches_central_differences(B, D, H):
    params = random_cell("lstm", D=D, H=H, seed=B).params
    rng = np.random.default_rng(B + 10)
    x, h, C, dh, dC = (rng.normal(size=(B, n)) for n in (D, H, H, H, H))

    def loss():  # dC reaches C_t directly; dh reaches h_t (and through it C_t)
        s = lstm_step(params, x, h, C)
        return np.sum(dh * s.h) + np.sum(dC * s.C)

    grads, dx, dh_prev, dC_prev = lstm_step_backward(params, x, h, C, dh, dC)
    pairs = [(grads[k], params[k]) for k in params] + [(dx, x), (dh_prev, h), (dC_prev, C)]
    for analytic, wrt in pairs:
        assert relative_error(analytic, numerical_gradient(loss, wrt)) < 1e-7


def test_a_single_example_gives_the_same_as_a_batch_of_one():
    params = random_cell("lstm", D=2, H=3).params
    x, h, C, dh, dC = (np.linspace(-1, 1, n) for n in (2, 3, 3, 3, 3))
    one = lstm_step_backward(params, x, h, C, dh, dC)
    batch = lstm_step_backward(params, x[None], h[None], C[None], dh[None], dC[None])
    assert one[1].shape == (2,) and one[2].shape == (3,)
    for k in params:
        np.testing.assert_allclose(one[0][k], batch[0][k], atol=1e-15)
    for a, b in zip(one[1:], batch[1:], strict=True):
        np.testing.assert_allclose(a, b[0], atol=1e-15)


def test_bad_input_names_what_was_expected():
    params = random_cell("lstm", D=2, H=3).params
    x, h = np.ones((4, 2)), np.ones((4, 3))
    with pytest.raises(
        ValueError, match=r"dC_t must have shape \(batch, hidden\) = \(4, 3\).*got \(3, 4\)"
    ):
        lstm_step_backward(params, x, h, h, h, np.ones((3, 4)))
    with pytest.raises(ValueError, match="x_t must have shape"):
        lstm_step_backward(params, np.ones((4, 5)), h, h, h, h)
