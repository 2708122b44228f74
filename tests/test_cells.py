"""Shapes, state handling, determinism, and the fused path held equal to the step functions."""

import weakref

import numpy as np
import pytest
from cellkit import CELLS, random_cell, random_state

import lstm_lessons as L
from lstm_lessons.cells import _lstm_bptt
from lstm_lessons.cells.coupled import coupled_step
from lstm_lessons.cells.gru import gru_step
from lstm_lessons.cells.lstm import lstm_step
from lstm_lessons.cells.peephole import peephole_step
from lstm_lessons.cells.rnn import rnn_step

GATES = {
    "rnn": (), "lstm": ("f", "i", "C_tilde", "o"), "peephole": ("f", "i", "C_tilde", "o"),
    "coupled": ("f", "C_tilde", "o"), "gru": ("z", "r", "h_tilde"), "gru_reset_after": ("z", "r", "h_tilde"),
}  # fmt: skip


@pytest.mark.parametrize("T,B,D,H", [(1, 1, 1, 1), (5, 2, 3, 4), (7, 3, 2, 5)])
def test_forward_shapes(kind, T, B, D, H):
    cell = CELLS[kind](D, H)
    hs, state = cell.forward(np.ones((T, B, D)))
    assert hs.shape == (T, B, H)
    if cell.has_cell_state:
        assert [s.shape for s in state] == [(B, H), (B, H)]
        assert cell.states["C"].shape == (T, B, H)
    else:
        assert state.shape == (B, H)
    assert sorted(cell.gates) == sorted(GATES[kind])
    assert all(g.shape == (T, B, H) for g in cell.gates.values())
    np.testing.assert_array_equal(cell.states["h"], hs)


def test_lstm_parameter_names_and_shapes():
    cell = L.LSTMCell(3, 4)
    assert {k: v.shape for k, v in cell.params.items()} == {
        **{f"W_{g}": (4, 7) for g in "fiCo"}, **{f"b_{g}": (4,) for g in "fiCo"}}  # fmt: skip
    assert all(v.dtype == np.float64 for v in cell.params.values())
    np.testing.assert_array_equal(cell.params["b_f"], 1.0)  # forget bias starts at 1
    np.testing.assert_array_equal(L.LSTMCell(3, 4, forget_bias=0.0).params["b_f"], 0.0)


def test_parameter_counts():
    D, H = 3, 4
    assert L.LSTMCell(D, H).n_params == 4 * (H * (H + D) + H)
    assert L.CoupledLSTMCell(D, H).n_params == 3 * (H * (H + D) + H)  # a quarter fewer
    assert L.PeepholeLSTMCell(D, H).n_params == 4 * (H * (H + D) + H) + 3 * H
    assert L.GRUCell(D, H).n_params == 3 * (H * (H + D) + H)
    assert L.GRUCell(D, H, reset_after=True).n_params == 3 * (H * (H + D) + H) + H
    assert L.RNNCell(D, H).n_params == H * (H + D) + H


def test_same_seed_same_weights_other_seed_other_weights(kind):
    a, b, c = CELLS[kind](3, 4, seed=7), CELLS[kind](3, 4, seed=7), CELLS[kind](3, 4, seed=8)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert not np.array_equal(a.params[next(iter(a.params))], c.params[next(iter(c.params))])


def test_in_place_edits_take_effect(kind):
    cell = random_cell(kind)
    xs = np.random.default_rng(0).normal(size=(4, 2, 3))
    before, _ = cell.forward(xs)
    first = next(iter(cell.params))
    cell.params[first] *= 2.0
    after, _ = cell.forward(xs)
    assert not np.allclose(before, after)


def test_state_is_carried_across_calls(kind):
    """Running a sequence in two halves, passing the state on, equals running it whole."""
    cell = random_cell(kind)
    xs = np.random.default_rng(1).normal(size=(6, 2, 3))
    whole, final = cell.forward(xs)
    first, mid = cell.forward(xs[:3])
    second, final2 = cell.forward(xs[3:], mid)
    np.testing.assert_allclose(np.concatenate([first, second]), whole, atol=1e-14)
    for a, b in zip(_as_tuple(final2), _as_tuple(final), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-14)


def _as_tuple(state):
    return state if isinstance(state, tuple) else (state,)


def _run_steps(kind, params, xs, state):
    """The sequence run one step at a time with the readable single-step functions."""
    hs, gates = [], []
    for x_t in xs:
        if kind == "rnn":
            state = rnn_step(params, x_t, state)
            hs.append(state)
            continue
        if kind.startswith("gru"):
            step = gru_step(params, x_t, state, reset_after=kind == "gru_reset_after")
            state = step.h
        else:
            step = {"lstm": lstm_step, "peephole": peephole_step, "coupled": coupled_step}[kind](params, x_t, *state)
            state = (step.h, step.C)
        hs.append(step.h)
        gates.append(step._asdict())
    return np.stack(hs), state, gates


def test_fused_path_equals_step_functions(kind):
    cell = random_cell(kind, D=3, H=5)
    xs = np.random.default_rng(2).normal(size=(9, 4, 3))
    state = random_state(cell, 4)
    hs, final = cell.forward(xs, state)
    ref_hs, ref_final, ref_gates = _run_steps(kind, cell.params, xs, state)
    np.testing.assert_allclose(hs, ref_hs, rtol=0, atol=1e-12)
    for a, b in zip(_as_tuple(final), _as_tuple(ref_final), strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    for name in cell.gates:
        np.testing.assert_allclose(cell.gates[name], np.stack([g[name] for g in ref_gates]), rtol=0, atol=1e-12)


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_arrays_a_caller_holds_survive_the_next_calls(kind):
    """The fused LSTM pass reuses its output buffers only when nobody holds them (or a view of them)."""
    cell, rng = random_cell(kind, D=3, H=5), np.random.default_rng(3)
    hs, _ = cell.forward(rng.normal(size=(6, 4, 3)))
    gates, states = dict(cell.gates), dict(cell.states)
    grads, _ = cell.backward(rng.normal(size=hs.shape))
    state_grads = dict(cell.state_grads)
    held = {"hs": hs, **gates, **{f"state {k}": v for k, v in {**states, **state_grads}.items()}}
    saved = {k: v.copy() for k, v in held.items()}
    for _ in range(2):  # the same shapes, other numbers
        cell.forward(rng.normal(size=(6, 4, 3)))
        cell.backward(rng.normal(size=hs.shape))
    for k, v in held.items():
        np.testing.assert_array_equal(v, saved[k], err_msg=k)


def test_unheld_buffers_are_reused_and_give_the_same_numbers():
    cell, rng = random_cell("lstm", D=3, H=5), np.random.default_rng(4)
    xs, dhs = rng.normal(size=(6, 4, 3)), rng.normal(size=(6, 4, 5))
    first = cell.forward(xs)[0].copy(), cell.backward(dhs)[0]
    address = cell.forward(xs)[0].__array_interface__["data"][0]  # dropped at once
    hs, _ = cell.forward(xs)
    assert _lstm_bptt._COUNTS_TELL  # CPython: a held array counts one more than a free one
    assert hs.__array_interface__["data"][0] == address  # the same memory, reused
    np.testing.assert_array_equal(hs, first[0])
    grads = cell.backward(dhs)[0]
    for k in grads:
        np.testing.assert_array_equal(grads[k], first[1][k], err_msg=k)


def test_step_functions_accept_a_single_example():
    cell = random_cell("lstm")
    x, h, C = np.ones(3), np.zeros(4), np.zeros(4)
    one = lstm_step(cell.params, x, h, C)
    batch = lstm_step(cell.params, x[None], h[None], C[None])
    assert one.h.shape == (4,)
    np.testing.assert_allclose(one.h, batch.h[0], atol=1e-15)


def test_backward_exposes_per_step_state_gradients(kind):
    cell = random_cell(kind)
    hs, _ = cell.forward(np.random.default_rng(3).normal(size=(6, 2, 3)))
    dhs = np.zeros_like(hs)
    dhs[-1] = 1.0  # a loss on the last step only
    cell.backward(dhs)
    dh = cell.state_grads["h"]
    assert dh.shape == hs.shape
    np.testing.assert_array_equal(dh[-1], 1.0)
    assert np.all(np.abs(dh[:-1]).sum(axis=(1, 2)) > 0)  # the gradient reaches back
    if cell.has_cell_state:
        assert cell.state_grads["C"].shape == hs.shape and len(cell.dstate0) == 2


def test_where_counts_cannot_tell_every_call_gets_new_arrays(monkeypatch):
    """An interpreter whose reference counts miss a holder must never reuse: reuse is switched off."""
    work = {}
    _lstm_bptt.reusable(work, "x", (3, 4))
    old = weakref.ref(work["x"])
    assert _lstm_bptt.reusable(work, "x", (3, 4)) is old()  # counts tell here: nobody holds it, reused
    monkeypatch.setattr(_lstm_bptt, "_COUNTS_TELL", False)
    new = _lstm_bptt.reusable(work, "x", (3, 4))
    assert old() is None and work["x"] is new  # a new array; the old one is gone


@pytest.mark.parametrize("kind", sorted(CELLS))
@pytest.mark.parametrize("wrap", ["cell", "stacked", "bidirectional"])
def test_backward_reads_dhs_and_never_writes_into_it(kind, wrap):
    """``backward`` validates ``dhs`` without copying it, so it must only read it."""
    make = lambda seed, D: random_cell(kind, D=D, H=4, seed=seed)  # noqa: E731
    cell = {"cell": lambda: make(0, 3), "stacked": lambda: L.Stacked([make(0, 3), make(1, 4)]),
            "bidirectional": lambda: L.Bidirectional(make(0, 3), make(1, 3))}[wrap]()  # fmt: skip
    rng = np.random.default_rng(5)
    hs, _ = cell.forward(rng.normal(size=(5, 2, 3)))
    dhs = rng.normal(size=hs.shape)
    kept = dhs.copy()
    grads, _ = cell.backward(dhs)
    np.testing.assert_array_equal(dhs, kept)
    ints = cell.backward(np.ones(hs.shape, dtype=int))[0]  # integers are converted, not refused
    floats = cell.backward(np.ones(hs.shape))[0]
    assert all(np.array_equal(ints[k], floats[k]) for k in floats)
