"""Integer ids as one-hot inputs: the same numbers as the one-hot floats, for every cell and wrapper.

The LSTM family reads ids as a lookup in W_x (``_lstm_bptt``); the other cells turn them into
one-hot floats. Either way the forward pass, the state, every weight gradient and the state
gradients equal those of ``np.eye(D)[ids]`` (to rounding: the same sums in another order), and
``backward`` returns ``dxs = None``, since an id has no gradient.
"""

import numpy as np
import pytest
import torch
from cellkit import CELLS, random_cell, random_state

from lstm_lessons import Bidirectional, LSTMCell, Stacked
from lstm_lessons.training import SequenceModel

T, B, V, H = 5, 3, 7, 4
TOL = dict(rtol=0, atol=1e-12)


def _ids(seed=0, batch=B):
    return np.random.default_rng(seed).integers(V, size=(T, batch))


def _run(cell, xs, state, dhs, dstate):
    """Forward and backward; every array that comes out, by name (``dxs`` apart)."""
    hs, final = cell.forward(xs, state)
    gates = {f"gate {k}": v.copy() for k, v in cell.gates.items()}
    grads, dxs = cell.backward(dhs, dstate)
    out = {"hs": hs, **gates, **grads, **{f"d{k}": v for k, v in cell.state_grads.items()}}
    for name, value in (("final", final), ("dstate0", cell.dstate0)):
        out.update({f"{name}{k}": v for k, v in enumerate(value if isinstance(value, tuple) else (value,))})
    return out, dxs


@pytest.mark.parametrize("batch", [B, 100])  # 100: the LSTM's weight gradient in chunks of 2 steps, the last of 1
@pytest.mark.parametrize("kind", sorted(CELLS))
def test_ids_give_the_numbers_of_one_hot_floats(kind, batch):
    cell, ids = random_cell(kind, D=V, H=H), _ids(batch=batch)
    rng = np.random.default_rng(1)
    state, dstate = random_state(cell, batch, seed=1), random_state(cell, batch, seed=2)
    dhs = rng.normal(size=(T, batch, H))
    out, dxs = _run(cell, np.eye(V)[ids], state, dhs, dstate)
    out_i, dxs_i = _run(cell, ids, state, dhs, dstate)
    assert dxs.shape == (T, batch, V) and dxs_i is None
    assert list(out_i) == list(out)
    for k in out:
        np.testing.assert_allclose(out_i[k], out[k], **TOL, err_msg=k)


@pytest.mark.parametrize("make", [lambda: Stacked([LSTMCell(V, H, seed=1), LSTMCell(H, 3, seed=2)]),
                                  lambda: Bidirectional(LSTMCell(V, H, seed=1), LSTMCell(V, 2, seed=2))])  # fmt: skip
def test_wrappers_pass_ids_to_their_cells(make):
    cell, ids = make(), _ids(3)
    dhs = np.random.default_rng(4).normal(size=(T, B, cell.hidden_size))
    hs, _ = cell.forward(np.eye(V)[ids])
    grads, dxs = cell.backward(dhs)
    hs_i, _ = cell.forward(ids)
    grads_i, dxs_i = cell.backward(dhs)
    assert dxs.shape == (T, B, V) and dxs_i is None
    np.testing.assert_allclose(hs_i, hs, **TOL)
    for k in grads:
        np.testing.assert_allclose(grads_i[k], grads[k], **TOL, err_msg=k)


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
def test_a_language_model_step_on_ids_equals_one_on_one_hot_floats(kind):
    model = SequenceModel(CELLS[kind](V, H, seed=0), V, seed=0, per_step=True)
    ids, y = _ids(5), _ids(6)
    loss, grads = model.loss_and_grads(np.eye(V)[ids], y, "xent")
    logits = model.predict(np.eye(V)[ids])
    loss_i, grads_i = model.loss_and_grads(ids, y, "xent")
    np.testing.assert_allclose(loss_i, loss, **TOL)
    np.testing.assert_allclose(model.predict(ids), logits, **TOL)
    for k in grads:
        np.testing.assert_allclose(grads_i[k], grads[k], **TOL, err_msg=k)


def test_the_lstm_on_ids_agrees_with_torch():
    """The lookup path against ``torch.nn.LSTM`` on one-hot floats: outputs and weight gradients."""
    cell, ids = random_cell("lstm", D=V, H=H), _ids(7)
    dhs = np.random.default_rng(8).normal(size=(T, B, H))
    hs, _ = cell.forward(ids)
    grads, _ = cell.backward(dhs)
    P, order = cell.params, ("i", "f", "C", "o")  # PyTorch's gate order: i, f, g, o
    lstm = torch.nn.LSTM(V, H).double()
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.tensor(np.concatenate([P[f"W_{g}"][:, H:] for g in order])))
        lstm.weight_hh_l0.copy_(torch.tensor(np.concatenate([P[f"W_{g}"][:, :H] for g in order])))
        lstm.bias_ih_l0.copy_(torch.tensor(np.concatenate([P[f"b_{g}"] for g in order])))
        lstm.bias_hh_l0.zero_()
    their_hs, _ = lstm(torch.nn.functional.one_hot(torch.tensor(ids), V).double())
    their_hs.backward(torch.tensor(dhs))
    np.testing.assert_allclose(hs, their_hs.detach().numpy(), rtol=0, atol=1e-9)
    g_hh, g_ih = lstm.weight_hh_l0.grad.numpy(), lstm.weight_ih_l0.grad.numpy()
    for k, g in enumerate(order):
        rows = slice(k * H, (k + 1) * H)
        their = np.concatenate([g_hh[rows], g_ih[rows]], axis=1)
        np.testing.assert_allclose(grads[f"W_{g}"], their, rtol=0, atol=1e-9, err_msg=g)
        np.testing.assert_allclose(grads[f"b_{g}"], lstm.bias_ih_l0.grad.numpy()[rows], rtol=0, atol=1e-9)


@pytest.mark.parametrize("bad, match", [
    (np.full((T, B), V),
     r"xs as integer ids \(one-hot inputs\) must lie in 0..6 for input_size=7; got values from 7 to 7"),
    (-np.ones((T, B), dtype=int), r"must lie in 0..6 .*got values from -1 to -1"),
    (np.zeros((0, B), dtype=int), r"xs is empty"),
    (np.zeros((T, B)), r"xs must have 3 axes.*integer ids of shape \(T, batch\) also work"),
])  # fmt: skip
@pytest.mark.parametrize("make", [lambda: LSTMCell(V, H), lambda: CELLS["gru"](V, H),
                                  lambda: Stacked([LSTMCell(V, H), LSTMCell(H, H)])])  # fmt: skip
def test_bad_ids_are_refused_with_our_message(make, bad, match):
    with pytest.raises(ValueError, match=match):
        make().forward(bad)


def test_a_model_refuses_ids_of_the_wrong_shape_before_anything_runs():
    model = SequenceModel(LSTMCell(V, H), V, per_step=True)
    with pytest.raises(ValueError, match=r"or be integer ids of shape \(T, batch\)"):
        model.loss_and_grads(np.zeros(T, dtype=int), np.zeros((T, B), dtype=int), "xent")
    with pytest.raises(ValueError, match=r"y must be integer classes of shape \(T=5, batch=3\)"):
        model.loss_and_grads(_ids(), np.zeros((T, 2), dtype=int), "xent")
