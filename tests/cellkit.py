"""Cells for the tests: every cell type, with weights large enough that no gate sits idle.

A plain module, not ``conftest.py``: ``from conftest import ...`` picks whichever conftest
pytest loaded first (``tests/browser`` has its own), so a plain ``pytest`` failed to collect.
"""

import numpy as np

import lstm_lessons as L

CELLS = {
    "rnn": lambda D, H, seed=0: L.RNNCell(D, H, seed=seed),
    "lstm": lambda D, H, seed=0: L.LSTMCell(D, H, seed=seed),
    "peephole": lambda D, H, seed=0: L.PeepholeLSTMCell(D, H, seed=seed),
    "coupled": lambda D, H, seed=0: L.CoupledLSTMCell(D, H, seed=seed),
    "gru": lambda D, H, seed=0: L.GRUCell(D, H, seed=seed),
    "gru_reset_after": lambda D, H, seed=0: L.GRUCell(D, H, seed=seed, reset_after=True),
}


def random_cell(kind, D=3, H=4, seed=0):
    """A cell whose every parameter (peepholes and biases too) is random and non-zero."""
    cell = CELLS[kind](D, H, seed)
    rng = np.random.default_rng(seed + 100)
    for p in cell.params.values():
        p[...] = rng.normal(scale=0.6, size=p.shape)
    return cell


def random_state(cell, batch, seed=0):
    rng = np.random.default_rng(seed + 200)
    state = cell.zero_state(batch)
    if cell.has_cell_state:
        return tuple(rng.normal(size=s.shape) for s in state)
    return rng.normal(size=state.shape)
