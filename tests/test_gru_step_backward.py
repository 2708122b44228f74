"""The readable one-step GRU backward pass: equal to GRUCell.backward step by step, and to central differences."""

import numpy as np
import pytest
from cellkit import random_cell, random_state

from lstm_lessons.cells.gru import gru_step, gru_step_backward
from lstm_lessons.training.gradcheck import numerical_gradient, relative_error


def test_equals_the_cells_bptt_step_by_step():
    cell = random_cell("gru", D=3, H=5)
    rng = np.random.default_rng(8)
    T, B = 6, 4
    xs = rng.normal(size=(T, B, 3))
    h0 = random_state(cell, B)
    cell.forward(xs, h0)
    dhs, dh_T = rng.normal(size=(T, B, 5)), rng.normal(size=(B, 5))
    grads, dxs = cell.backward(dhs, dh_T)
    h_prevs = np.concatenate([h0[None], cell.states["h"][:-1]])

    total = {k: np.zeros_like(p) for k, p in cell.params.items()}
    dh_next = dh_T
    for t in range(T - 1, -1, -1):
        dh = dhs[t] + dh_next
        np.testing.assert_allclose(dh, cell.state_grads["h"][t], rtol=0, atol=1e-12)
        g, dx, dh_next = gru_step_backward(cell.params, xs[t], h_prevs[t], dh)
        np.testing.assert_allclose(dx, dxs[t], rtol=0, atol=1e-12)
        for k in total:
            total[k] += g[k]
    assert set(g) == set(cell.params)
    for k in total:
        np.testing.assert_allclose(total[k], grads[k], rtol=0, atol=1e-12)
    np.testing.assert_allclose(dh_next, cell.dstate0, rtol=0, atol=1e-12)


@pytest.mark.parametrize("B,D,H", [(1, 1, 1), (3, 2, 4), (2, 5, 3)])
def test_matches_central_differences(B, D, H):
    params = random_cell("gru", D=D, H=H, seed=B).params
    rng = np.random.default_rng(B + 20)
    x, h, dh = (rng.normal(size=(B, n)) for n in (D, H, H))

    def loss():
        return np.sum(dh * gru_step(params, x, h).h)

    grads, dx, dh_prev = gru_step_backward(params, x, h, dh)
    for analytic, wrt in [(grads[k], params[k]) for k in params] + [(dx, x), (dh_prev, h)]:
        assert relative_error(analytic, numerical_gradient(loss, wrt)) < 1e-7


def test_a_single_example_gives_the_same_as_a_batch_of_one():
    params = random_cell("gru", D=2, H=3).params
    x, h, dh = (np.linspace(-1, 1, n) for n in (2, 3, 3))
    one = gru_step_backward(params, x, h, dh)
    batch = gru_step_backward(params, x[None], h[None], dh[None])
    assert one[1].shape == (2,) and one[2].shape == (3,)
    for k in params:
        np.testing.assert_allclose(one[0][k], batch[0][k], atol=1e-15)
    np.testing.assert_allclose(one[1], batch[1][0], atol=1e-15)
    np.testing.assert_allclose(one[2], batch[2][0], atol=1e-15)


def test_bad_input_names_what_was_expected():
    params = random_cell("gru", D=2, H=3).params
    with pytest.raises(
        ValueError, match=r"dh_t must have shape \(batch, hidden\) = \(4, 3\).*got \(4, 2\)"
    ):
        gru_step_backward(params, np.ones((4, 2)), np.ones((4, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError, match="reset_after=False"):
        gru_step_backward(
            random_cell("gru_reset_after", D=2, H=3).params,
            np.ones((4, 2)),
            np.ones((4, 3)),
            np.ones((4, 3)),
        )
