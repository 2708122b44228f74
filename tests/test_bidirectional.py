"""Bidirectional: a forward and a backward cell over one sequence, with the interface of a single cell."""

import numpy as np
import pytest
from cellkit import random_cell, random_state

from lstm_lessons import Bidirectional, GRUCell, LSTMCell, RNNCell, Stacked
from lstm_lessons.training import SequenceModel
from lstm_lessons.training.gradcheck import check_cell_gradients, state_names
from lstm_lessons.training.optim import Adam


def _bidi(fwd, bwd, D=3, H_fwd=4, H_bwd=5):
    return Bidirectional(random_cell(fwd, D=D, H=H_fwd, seed=0), random_cell(bwd, D=D, H=H_bwd, seed=1))


@pytest.mark.parametrize(
    "kinds", [("lstm", "lstm"), ("gru", "gru_reset_after"), ("rnn", "peephole"), ("coupled", "gru")]
)
@pytest.mark.parametrize("T,B", [(1, 1), (5, 2)])
def test_every_gradient_matches_central_differences(kinds, T, B):
    net = _bidi(*kinds)
    xs = np.random.default_rng(1).normal(size=(T, B, 3))
    state = tuple(random_state(c, B, seed=k) for k, c in enumerate(net.directions))
    errors = check_cell_gradients(net, xs, state)
    assert set(errors) == set(net.params) | {"xs"} | set(state_names(net))
    assert {"fwd.h0", "bwd.h0"} <= set(state_names(net))
    worst = max(errors, key=errors.get)
    assert errors[worst] < 1e-6, f"{kinds}: {worst} has relative error {errors[worst]:.2e}"


def test_stacked_bidirectional_layers_are_gradient_checked():
    net = Stacked([_bidi("lstm", "lstm", D=3, H_fwd=3, H_bwd=3),
                   _bidi("gru_reset_after", "gru_reset_after", D=6, H_fwd=2, H_bwd=2)])  # fmt: skip
    xs = np.random.default_rng(2).normal(size=(4, 2, 3))
    errors = check_cell_gradients(net, xs)
    assert {"0.fwd.W_f", "1.bwd.b_hh", "0.bwd.C0", "1.fwd.h0", "xs"} <= set(errors)
    worst = max(errors, key=errors.get)
    assert errors[worst] < 1e-6, f"{worst} has relative error {errors[worst]:.2e}"


def test_forward_is_one_cell_forwards_and_one_over_the_reversed_sequence():
    net = _bidi("lstm", "gru")
    xs = np.random.default_rng(0).normal(size=(6, 2, 3))
    hs, (s_fwd, s_bwd) = net.forward(xs)
    fwd, bwd = LSTMCell(3, 4), GRUCell(3, 5)
    fwd.params.update({k: v.copy() for k, v in net.forward_cell.params.items()})
    bwd.params.update({k: v.copy() for k, v in net.backward_cell.params.items()})
    h_fwd, f_fwd = fwd.forward(xs)
    h_bwd, f_bwd = bwd.forward(xs[::-1])
    np.testing.assert_array_equal(hs[:, :, :4], h_fwd)
    np.testing.assert_array_equal(hs[:, :, 4:], h_bwd[::-1])  # h<-_t sits at the step that read x_t
    np.testing.assert_array_equal(s_fwd[1], f_fwd[1])
    np.testing.assert_array_equal(s_bwd, f_bwd)  # the backward cell ends at x_1
    np.testing.assert_array_equal(s_bwd, hs[0, :, 4:])
    np.testing.assert_array_equal(net.gates["bwd"]["z"], bwd.gates["z"][::-1])  # in the sequence's time order
    np.testing.assert_array_equal(net.states["fwd"]["C"], fwd.states["C"])


def test_the_backward_half_of_step_t_depends_only_on_the_future():
    net = _bidi("lstm", "lstm")
    xs = np.random.default_rng(3).normal(size=(7, 1, 3))
    hs, _ = net.forward(xs)
    changed = xs.copy()
    changed[4] += 1.0  # change x_4 only
    hs2, _ = net.forward(changed)
    same = np.isclose(hs, hs2).all(axis=(1, 2))  # (T,): steps where nothing changed
    H = 4  # the forward cell's half comes first
    assert np.allclose(hs[:4, :, :H], hs2[:4, :, :H]) and not np.allclose(hs[4:, :, :H], hs2[4:, :, :H])
    assert np.allclose(hs[5:, :, H:], hs2[5:, :, H:]) and not np.allclose(hs[:5, :, H:], hs2[:5, :, H:])
    assert not same.any()  # every step sees x_4 through one direction or the other


def test_the_interface_of_a_cell():
    net = Bidirectional(LSTMCell(3, 4, seed=0), LSTMCell(3, 4, seed=1))
    assert (net.input_size, net.hidden_size, net.has_cell_state) == (3, 8, True)
    assert list(net.params)[:2] == ["fwd.W_f", "fwd.W_i"] and "bwd.b_o" in net.params
    assert net.n_params == 2 * LSTMCell(3, 4).n_params == sum(p.size for p in net.params.values())
    assert net.params["bwd.W_f"] is net.backward_cell.params["W_f"]  # live arrays
    (h_f, C_f), (h_b, C_b) = net.zero_state(2)
    assert h_f.shape == C_b.shape == (2, 4) and not np.any(C_b)
    assert not Bidirectional(GRUCell(3, 4), LSTMCell(3, 2)).has_cell_state
    assert repr(net).startswith("Bidirectional(LSTMCell(input_size=3, hidden_size=4")
    net.forward(np.ones((3, 2, 3)))
    net.backward(np.ones((3, 2, 8)))
    assert net.dstate0[1][1].shape == (2, 4) and net.state_grads["bwd"]["C"].shape == (3, 2, 4)


def test_an_optimiser_step_on_params_updates_both_cells():
    net = Bidirectional(LSTMCell(3, 4, seed=0), RNNCell(3, 2, seed=1))
    before = net.backward_cell.params["W_h"].copy()
    net.forward(np.ones((3, 1, 3)))
    grads, _ = net.backward(np.ones((3, 1, 6)))
    assert set(grads) == set(net.params)
    Adam(0.1).step(net.params, grads)
    assert np.abs(net.backward_cell.params["W_h"] - before).min() > 0


def test_it_trains_inside_a_sequence_model():
    model = SequenceModel(Bidirectional(LSTMCell(2, 5, seed=0), LSTMCell(2, 5, seed=1)), 3, per_step=True)
    xs = np.random.default_rng(0).normal(size=(4, 2, 2))
    y = np.array([[0, 1], [2, 0], [1, 1], [0, 2]])
    value, grads = model.loss_and_grads(xs, y, "xent")
    assert set(grads) == set(model.params) and np.isfinite(value)
    assert grads["readout.W"].shape == (3, 10)


def test_a_failed_call_changes_nothing():
    net = Bidirectional(LSTMCell(3, 4, seed=0), LSTMCell(3, 4, seed=1))
    xs = np.random.default_rng(0).normal(size=(4, 2, 3))
    net.forward(xs)
    gates = net.forward_cell.gates["f"].copy()
    with pytest.raises(ValueError, match=r"state\[1\]\[C\] must have shape \(batch=3, hidden=4\)"):
        net.forward(np.zeros((2, 3, 3)), (net.forward_cell.zero_state(3), (np.zeros((3, 4)), np.zeros((3, 5)))))
    np.testing.assert_array_equal(net.forward_cell.gates["f"], gates)
    net.backward_cell.params["W_o"][0, 0] = np.nan
    with pytest.raises(ValueError, match="params\\['W_o'\\] must be finite"):
        net.forward(np.zeros((2, 3, 3)))
    np.testing.assert_array_equal(net.forward_cell.gates["f"], gates)
    net.backward_cell.params["W_o"][0, 0] = 0.0
    with pytest.raises(ValueError, match=r"dhs must have shape \(T=4, batch=2, hidden=8\)"):
        net.backward(np.zeros((4, 2, 4)))
    with pytest.raises(TypeError, match=r"dstate of a Bidirectional cell must be a pair "
                                        r"\(forward state, backward state\); got a tuple of 1"):  # fmt: skip
        net.backward(np.zeros((4, 2, 8)), (np.zeros((2, 4)),))
    with pytest.raises(ValueError, match=r"xs must have shape \(T, batch, 3\)"):
        net.forward(np.zeros((2, 3, 4)))
    assert net.dstate0 == (None, None)


def test_bad_construction():
    with pytest.raises(TypeError, match="forward_cell must be a cell"):
        Bidirectional("lstm", LSTMCell(3, 4))
    with pytest.raises(TypeError, match="backward_cell must be a cell"):
        Bidirectional(LSTMCell(3, 4), np.zeros(3))
    with pytest.raises(ValueError, match="input sizes must agree; "
                                         "got forward_cell.input_size=3, backward_cell.input_size=2"):  # fmt: skip
        Bidirectional(LSTMCell(3, 4), LSTMCell(2, 4))
    cell = LSTMCell(3, 4)
    with pytest.raises(ValueError, match="its own cell object"):
        Bidirectional(cell, cell)
    with pytest.raises(ValueError, match="needs a forward"):
        Bidirectional(LSTMCell(3, 4), LSTMCell(3, 4)).backward(np.zeros((1, 1, 8)))
    with pytest.raises(ValueError, match=r"cells\[1\] reads the hidden states of cells\[0\], "
                                         r"so its input_size must be 8"):  # fmt: skip
        Stacked([Bidirectional(LSTMCell(3, 4), LSTMCell(3, 4)), LSTMCell(4, 4)])
