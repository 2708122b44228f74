"""Recurrent states as small trees of arrays.

A cell's state is one array ``h`` (RNN, GRU), a tuple ``(h, C)`` (the LSTM family), or, for a
``Stacked`` cell, a tuple with one such state per layer. Code that carries a state from one batch
to the next, nudges it for a gradient check or picks some of its rows works on every form with
these two functions, so no caller needs a special case per cell type.
"""

import numpy as np


def state_leaves(state):
    """The arrays of ``state``, depth first: ``[h]``, ``[h, C]``, ``[h0, C0, h1, C1]``, ..."""
    if isinstance(state, (tuple, list)):
        return [leaf for part in state for leaf in state_leaves(part)]
    return [state]


def map_state(fn, state):
    """``state`` with ``fn`` applied to every array, the tree's shape kept (lists become tuples)."""
    if isinstance(state, (tuple, list)):
        return tuple(map_state(fn, part) for part in state)
    return fn(state)


def detach(state):
    """A copy of ``state`` in fresh float64 arrays: a constant that later updates cannot reach."""
    return map_state(lambda a: np.array(a, dtype=np.float64), state)
