"""Stacked: layers used as one cell, with the interface of a single cell."""

import numpy as np
import pytest
from cellkit import random_cell, random_state

from lstm_lessons import GRUCell, LSTMCell, RNNCell, Stacked
from lstm_lessons.training import SequenceModel
from lstm_lessons.training.gradcheck import check_cell_gradients
from lstm_lessons.training.optim import Adam


def _stack(kinds, D=3, sizes=(4, 5, 3)):
    cells, d = [], D
    for k, (kind, H) in enumerate(zip(kinds, sizes[: len(kinds)], strict=True)):
        cells.append(random_cell(kind, D=d, H=H, seed=k))
        d = H
    return Stacked(cells)


@pytest.mark.parametrize("kinds", [("lstm", "lstm"), ("gru", "rnn", "lstm"), ("peephole", "coupled"), ("rnn",)])
@pytest.mark.parametrize("T,B", [(1, 1), (5, 2)])
def test_every_gradient_matches_central_differences(kinds, T, B):
    net = _stack(kinds)
    xs = np.random.default_rng(1).normal(size=(T, B, 3))
    state = tuple(random_state(c, B, seed=k) for k, c in enumerate(net.layers))
    errors = check_cell_gradients(net, xs, state)
    assert set(errors) >= set(net.params) | {"xs", "0.h0"}
    worst = max(errors, key=errors.get)
    assert errors[worst] < 1e-6, f"{kinds}: {worst} has relative error {errors[worst]:.2e}"


def test_forward_is_the_layers_one_after_the_other():
    net = _stack(("lstm", "gru"))
    xs = np.random.default_rng(0).normal(size=(6, 2, 3))
    hs, (s0, s1) = net.forward(xs)
    lower = LSTMCell(3, 4)
    lower.params.update({k: v.copy() for k, v in net.layers[0].params.items()})
    upper = GRUCell(4, 5)
    upper.params.update({k: v.copy() for k, v in net.layers[1].params.items()})
    h_low, f_low = lower.forward(xs)
    h_up, f_up = upper.forward(h_low)
    np.testing.assert_array_equal(hs, h_up)
    np.testing.assert_array_equal(s0[1], f_low[1])
    np.testing.assert_array_equal(s1, f_up)
    assert net.gates[0]["f"].shape == (6, 2, 4) and net.gates[1]["z"].shape == (6, 2, 5)
    assert net.states[1]["h"] is net.layers[1].states["h"]


def test_the_interface_of_a_cell():
    net = Stacked([LSTMCell(3, 4, seed=0), LSTMCell(4, 6, seed=1)])
    assert (net.input_size, net.hidden_size, len(net), net.has_cell_state) == (3, 6, 2, True)
    assert list(net.params)[:2] == ["0.W_f", "0.W_i"] and "1.b_o" in net.params
    assert net.n_params == LSTMCell(3, 4).n_params + LSTMCell(4, 6).n_params == sum(p.size for p in net.params.values())
    assert net.params["1.W_f"] is net.layers[1].params["W_f"]  # live arrays
    (h0, C0), (h1, C1) = net.zero_state(2)
    assert h0.shape == (2, 4) and C1.shape == (2, 6) and not np.any(C1)
    assert not Stacked([GRUCell(3, 4), LSTMCell(4, 2)]).has_cell_state
    assert "LSTMCell(input_size=4, hidden_size=6" in repr(net)


def test_an_optimiser_step_on_params_updates_the_layers():
    net = Stacked([LSTMCell(3, 4, seed=0), RNNCell(4, 2, seed=1)])
    before = net.layers[1].params["W_h"].copy()
    net.forward(np.ones((3, 1, 3)))
    grads, _ = net.backward(np.ones((3, 1, 2)))
    Adam(0.1).step(net.params, grads)
    assert np.abs(net.layers[1].params["W_h"] - before).min() > 0


def test_it_trains_inside_a_sequence_model():
    model = SequenceModel(Stacked([LSTMCell(2, 5, seed=0), GRUCell(5, 4, seed=1)]), 3, per_step=True)
    xs = np.random.default_rng(0).normal(size=(4, 2, 2))
    y = np.array([[0, 1], [2, 0], [1, 1], [0, 2]])
    value, grads = model.loss_and_grads(xs, y, "xent")
    assert set(grads) == set(model.params) and np.isfinite(value)
    assert len(model.final_state) == 2


def test_a_failed_call_changes_nothing():
    net = Stacked([LSTMCell(3, 4, seed=0), LSTMCell(4, 5, seed=1)])
    xs = np.random.default_rng(0).normal(size=(4, 2, 3))
    net.forward(xs)
    gates = net.layers[0].gates["f"].copy()
    with pytest.raises(ValueError, match=r"state\[1\]\[C\] must have shape \(batch=3, hidden=5\)"):
        net.forward(np.zeros((2, 3, 3)), (net.layers[0].zero_state(3), (np.zeros((3, 5)), np.zeros((3, 4)))))
    np.testing.assert_array_equal(net.layers[0].gates["f"], gates)
    net.layers[1].params["W_o"][0, 0] = np.nan
    with pytest.raises(ValueError, match="params\\['W_o'\\] must be finite"):
        net.forward(np.zeros((2, 3, 3)))
    np.testing.assert_array_equal(net.layers[0].gates["f"], gates)
    net.layers[1].params["W_o"][0, 0] = 0.0
    with pytest.raises(ValueError, match=r"dhs must have shape \(T=4, batch=2, hidden=5\)"):
        net.backward(np.zeros((4, 2, 4)))
    with pytest.raises(TypeError, match="dstate of a Stacked cell with 2 layers must be a tuple of 2"):
        net.backward(np.zeros((4, 2, 5)), (np.zeros((2, 4)),))
    assert net.dstate0 == (None, None)


def test_bad_construction():
    with pytest.raises(TypeError, match="cells must be a non-empty list"):
        Stacked([])
    with pytest.raises(TypeError, match=r"cells\[1\] must be a cell"):
        Stacked([LSTMCell(3, 4), "lstm"])
    with pytest.raises(ValueError, match=r"cells\[1\] reads the hidden states of cells\[0\], "
                                         r"so its input_size must be 4; got input_size=3"):  # fmt: skip
        Stacked([LSTMCell(3, 4), LSTMCell(3, 4)])
    cell = LSTMCell(4, 4)
    with pytest.raises(ValueError, match="its own cell object"):
        Stacked([cell, cell])
    with pytest.raises(ValueError, match="needs a forward"):
        Stacked([LSTMCell(3, 4)]).backward(np.zeros((1, 1, 4)))
    with pytest.raises(TypeError, match="must be a tuple of 1 per-layer states"):
        Stacked([RNNCell(3, 4)]).forward(np.zeros((2, 1, 3)), np.zeros((1, 4)))
