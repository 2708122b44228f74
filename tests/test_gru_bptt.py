"""GRUCell's fused path (``_gru_bptt``) held equal to the readable step functions.

``gru_step`` is the definition of the forward pass, ``gru_step_backward`` of one step's
backward pass (the book's convention). PyTorch's autograd checks both conventions in
``test_torch_agreement.py``.
"""

import numpy as np
import pytest
from cellkit import random_cell, random_state

from lstm_lessons.cells.gru import gru_step, gru_step_backward

SHAPES = [(1, 1, 1, 1), (1, 3, 2, 4), (5, 1, 3, 2), (9, 4, 3, 5), (4, 2, 7, 3)]  # (T, B, D, H)
TOL = dict(rtol=0, atol=1e-12)


def _cell_and_inputs(reset_after, T, B, D, H, seed=0):
    cell = random_cell("gru_reset_after" if reset_after else "gru", D=D, H=H, seed=seed)
    rng = np.random.default_rng(seed + 50)
    return cell, rng.normal(size=(T, B, D)), random_state(cell, B, seed)


@pytest.mark.parametrize("reset_after", [False, True])
@pytest.mark.parametrize("T,B,D,H", SHAPES)
def test_forward_equals_gru_step(reset_after, T, B, D, H):
    cell, xs, h = _cell_and_inputs(reset_after, T, B, D, H)
    hs, h_T = cell.forward(xs, h)
    for t in range(T):
        step = gru_step(cell.params, xs[t], h, reset_after=reset_after)
        np.testing.assert_allclose(hs[t], step.h, **TOL)
        for name in ("z", "r", "h_tilde"):
            np.testing.assert_allclose(cell.gates[name][t], getattr(step, name), **TOL)
        h = step.h
    np.testing.assert_allclose(h_T, h, **TOL)
    np.testing.assert_array_equal(cell.states["h"], hs)


@pytest.mark.parametrize("T,B,D,H", SHAPES)
def test_backward_equals_gru_step_backward(T, B, D, H):
    cell, xs, h0 = _cell_and_inputs(False, T, B, D, H, seed=1)
    rng = np.random.default_rng(7)
    hs, _ = cell.forward(xs, h0)
    dhs, dh_T = rng.normal(size=(T, B, H)), rng.normal(size=(B, H))
    grads, dxs = cell.backward(dhs, dh_T)
    h_prevs = np.concatenate([h0[None], hs[:-1]])
    total = {k: np.zeros_like(p) for k, p in cell.params.items()}
    dh_next = dh_T
    for t in range(T - 1, -1, -1):
        dh = dhs[t] + dh_next
        np.testing.assert_allclose(cell.state_grads["h"][t], dh, **TOL)
        g, dx, dh_next = gru_step_backward(cell.params, xs[t], h_prevs[t], dh)
        np.testing.assert_allclose(dxs[t], dx, **TOL)
        for k in total:
            total[k] += g[k]
    for k in total:
        np.testing.assert_allclose(grads[k], total[k], **TOL)
    np.testing.assert_allclose(cell.dstate0, dh_next, **TOL)


@pytest.mark.parametrize("reset_after", [False, True])
def test_outputs_own_their_memory(reset_after):
    """Internal buffers are reused between calls; what a call handed out must not change."""
    cell, xs, h0 = _cell_and_inputs(reset_after, 6, 3, 2, 4)
    hs, h_T = cell.forward(xs, h0)
    grads, dxs = cell.backward(np.ones_like(hs))
    handed_out = {"hs": hs, "h_T": h_T, "dxs": dxs, "dh_0": cell.dstate0}
    handed_out.update({f"state grad {k}": v for k, v in cell.state_grads.items()})
    handed_out.update({f"gate {k}": v for k, v in cell.gates.items()})
    handed_out.update({f"grad {k}": v for k, v in grads.items()})
    kept = {k: v.copy() for k, v in handed_out.items()}
    cell.forward(xs[::-1].copy(), -h0)  # same shapes: the same buffers are reused
    cell.backward(-np.ones_like(hs))
    for k, v in handed_out.items():
        np.testing.assert_array_equal(v, kept[k], err_msg=k)


@pytest.mark.parametrize("reset_after", [False, True])
def test_a_second_shape_after_a_first(reset_after):
    cell, xs, h0 = _cell_and_inputs(reset_after, 5, 2, 3, 4)
    cell.forward(xs, h0)
    short = xs[:2, :1]
    hs, _ = cell.forward(short, h0[:1])
    ref = gru_step(cell.params, short[0], h0[:1], reset_after=reset_after).h
    np.testing.assert_allclose(hs[0], ref, **TOL)
