"""The variants are related by exact identities; each is checked numerically."""

import numpy as np
from cellkit import random_cell, random_state

from lstm_lessons import CoupledLSTMCell, GRUCell, LSTMCell, PeepholeLSTMCell
from lstm_lessons.cells.activations import sigmoid

XS = np.random.default_rng(11).normal(size=(8, 3, 3))


def test_coupled_equals_lstm_with_input_gate_forced_to_one_minus_f():
    coupled = random_cell("coupled")
    lstm = LSTMCell(3, 4)
    for k in ("W_f", "b_f", "W_C", "b_C", "W_o", "b_o"):
        lstm.params[k][...] = coupled.params[k]
    lstm.params["W_i"][...] = -coupled.params["W_f"]  # sigmoid(-a) = 1 - sigmoid(a)
    lstm.params["b_i"][...] = -coupled.params["b_f"]
    state = random_state(lstm, 3)
    hs_c, (h_c, C_c) = coupled.forward(XS, state)
    hs_l, (h_l, C_l) = lstm.forward(XS, state)
    np.testing.assert_allclose(lstm.gates["i"], 1 - lstm.gates["f"], atol=1e-15)
    np.testing.assert_allclose(hs_c, hs_l, atol=1e-12)
    np.testing.assert_allclose(C_c, C_l, atol=1e-12)


def test_peephole_with_zero_peepholes_equals_lstm():
    peep = random_cell("peephole")
    for k in ("p_f", "p_i", "p_o"):
        peep.params[k][...] = 0.0
    lstm = LSTMCell(3, 4)
    for k in lstm.params:
        lstm.params[k][...] = peep.params[k]
    state = random_state(lstm, 3)
    np.testing.assert_allclose(peep.forward(XS, state)[0], lstm.forward(XS, state)[0], atol=1e-14)
    g_peep, dx_peep = peep.backward(np.ones((8, 3, 4)))
    g_lstm, dx_lstm = lstm.backward(np.ones((8, 3, 4)))
    np.testing.assert_allclose(dx_peep, dx_lstm, atol=1e-13)
    for k in g_lstm:
        np.testing.assert_allclose(g_peep[k], g_lstm[k], atol=1e-13)


def test_peepholes_change_the_output():
    peep = random_cell("peephole")
    before = peep.forward(XS)[0]
    peep.params["p_o"] += 1.0
    assert not np.allclose(before, peep.forward(XS)[0])


def test_forget_one_input_zero_keeps_the_cell_state_constant():
    for cls in (LSTMCell, PeepholeLSTMCell):
        cell = random_cell("lstm" if cls is LSTMCell else "peephole")
        cell.params["W_f"][...], cell.params["b_f"][...] = 0.0, 1000.0  # f = 1 exactly
        cell.params["W_i"][...], cell.params["b_i"][...] = 0.0, -1000.0  # i = 0 exactly
        if cls is PeepholeLSTMCell:
            cell.params["p_f"][...] = cell.params["p_i"][...] = 0.0
        h0, C0 = random_state(cell, 3)
        cell.forward(XS, (h0, C0))
        assert np.all(cell.gates["f"] == 1.0) and np.all(cell.gates["i"] == 0.0)
        np.testing.assert_array_equal(cell.states["C"], np.broadcast_to(C0, (8, 3, 4)))


def test_gru_reset_after_follows_its_own_equations():
    cell = random_cell("gru_reset_after")
    p, H = cell.params, 4
    h = random_state(cell, 3)
    hs, _ = cell.forward(XS, h)
    W_hh, W_hx = p["W_h"][:, :H], p["W_h"][:, H:]
    for t, x in enumerate(XS):  # written out here, independently of the package's step function
        zr_in = np.concatenate([h, x], axis=1)
        z = 1 / (1 + np.exp(-(zr_in @ p["W_z"].T + p["b_z"])))
        r = 1 / (1 + np.exp(-(zr_in @ p["W_r"].T + p["b_r"])))
        n = np.tanh(x @ W_hx.T + p["b_h"] + r * (h @ W_hh.T + p["b_hh"]))
        h = (1 - z) * h + z * n
        np.testing.assert_allclose(hs[t], h, atol=1e-12)


def test_gru_conventions_differ_unless_the_hidden_weights_vanish():
    a, b = GRUCell(3, 4, seed=2), GRUCell(3, 4, seed=2, reset_after=True)
    b.params["b_hh"][...] = 0.5
    assert not np.allclose(a.forward(XS)[0], b.forward(XS)[0])
    for cell in (a, b):  # with W_hh = 0 and b_hh = 0, where r acts cannot matter
        cell.params["W_h"][:, :4] = 0.0
    b.params["b_hh"][...] = 0.0
    np.testing.assert_allclose(a.forward(XS)[0], b.forward(XS)[0], atol=1e-14)


def test_flipping_the_update_gate_maps_our_gru_onto_pytorchs_convention():
    """PyTorch's h = (1-z')*n + z'*h_prev with z' = sigmoid(-a_z) = 1 - z equals ours."""
    cell = random_cell("gru_reset_after")
    hs, _ = cell.forward(XS)
    p, H, h = cell.params, 4, np.zeros((3, 4))
    for t, x in enumerate(XS):
        zr_in = np.concatenate([h, x], axis=1)
        z_torch = sigmoid(-(zr_in @ p["W_z"].T + p["b_z"]))  # flipped weights and bias
        r = sigmoid(zr_in @ p["W_r"].T + p["b_r"])
        n = np.tanh(x @ p["W_h"][:, H:].T + p["b_h"] + r * (h @ p["W_h"][:, :H].T + p["b_hh"]))
        h = (1 - z_torch) * n + z_torch * h
        np.testing.assert_allclose(hs[t], h, atol=1e-12)


def test_coupled_cell_has_no_input_gate_parameters():
    assert not any(k.endswith("_i") for k in CoupledLSTMCell(3, 4).params)
