"""Bidirectional recurrent layers: one cell reads the sequence forwards, another reads it backwards.

With two cells of the same input size, run over ``x_1 .. x_T`` (Schuster & Paliwal 1997):

    h->_t = cell_fwd(h->_{t-1}, x_t)        t = 1, ..., T      (the past:   x_1 .. x_t)
    h<-_t = cell_bwd(h<-_{t+1}, x_t)        t = T, ..., 1      (the future: x_t .. x_T)
    h_t   = [h->_t, h<-_t]                                     (hidden = H_fwd + H_bwd)

The backward cell is an ordinary cell run over the reversed sequence ``x_T, ..., x_1``; its
outputs are reversed back, so that ``h<-_t`` sits next to ``h->_t`` at the step that read ``x_t``.
Backpropagation splits ``dL/dh_t`` into its two halves, sends each through its own cell (the
backward cell's half reversed in time, as its forward pass was), and adds what the two cells send
to the inputs: ``dL/dx_t = dL/dx_t (through h->) + dL/dx_t (through h<-)``.

``Bidirectional`` has the interface of a single cell (``forward``, ``backward``, ``params``,
``zero_state``, ``n_params``, ...), so training, gradient checks, ``Stacked`` and ``interop``
take it unchanged. Its state is the pair ``(forward state, backward state)``. The backward cell's
*initial* state belongs to the end of the sequence (it starts there) and its *final* state to the
start, as in PyTorch's ``h_0`` and ``h_n`` for ``bidirectional=True`` (directions 0 and 1).
Its parameters appear in ``params`` as ``"fwd.W_f"``, ``"bwd.W_f"``, ...

This is ``torch.nn.LSTM(input_size, hidden_size, bidirectional=True)``; with ``Stacked`` around
bidirectional layers it is ``num_layers=L, bidirectional=True``, where each layer reads both
directions of the layer below.

References
----------
Schuster, M. and Paliwal, K. K. (1997). Bidirectional recurrent neural networks.
IEEE Transactions on Signal Processing 45(11), 2673-2681.
"""

import numpy as np

from .._validate import check_array, check_inputs
from .cell import RecurrentCell

_CELL_API = ("forward", "backward", "params", "zero_state", "input_size", "hidden_size", "has_cell_state",
             "_check_state", "_checked_params")  # fmt: skip
DIRECTIONS = ("fwd", "bwd")


def reverse_time(tree):
    """Every array of ``tree`` (a dict, tuple or array of shape ``(T, ...)``) with its time axis reversed."""
    if isinstance(tree, dict):
        return {k: reverse_time(v) for k, v in tree.items()}
    if isinstance(tree, (tuple, list)):
        return tuple(reverse_time(v) for v in tree)
    return tree[::-1]


class Bidirectional:
    """Two cells over the same sequence, one forwards and one backwards, used as one cell.

    Parameters
    ----------
    forward_cell, backward_cell : cells
        Any cells with the same ``input_size`` (``LSTMCell``, ``GRUCell``, ...), used as they are,
        not copied. ``hs[t]`` is ``[h->_t, h<-_t]``: the forward cell's hidden state first.

    Attributes
    ----------
    forward_cell, backward_cell : cells
    directions : tuple
        ``(forward_cell, backward_cell)``.
    input_size : int
    hidden_size : int
        ``forward_cell.hidden_size + backward_cell.hidden_size``: the width of ``hs``.
    has_cell_state : bool
        True when both cells are of the LSTM family.
    gates, states, state_grads : dict ``{"fwd": ..., "bwd": ...}``
        Each cell's own record of the last forward/backward, with the backward cell's in the
        sequence's time order: ``gates["bwd"]["f"][t]`` is its forget gate at the step that read ``x_t``.
    dstate0 : tuple
        From the last ``backward``: dL/d(initial state) of each direction.

    Examples
    --------
    >>> from lstm_lessons import Bidirectional, LSTMCell
    >>> net = Bidirectional(LSTMCell(3, 8, seed=0), LSTMCell(3, 8, seed=1))
    >>> hs, ((h_f, C_f), (h_b, C_b)) = net.forward(np.zeros((5, 2, 3)))   # hs: (5, 2, 16)
    """

    def __init__(self, forward_cell, backward_cell):
        for name, c in (("forward_cell", forward_cell), ("backward_cell", backward_cell)):
            if not isinstance(c, RecurrentCell) and not all(hasattr(c, a) for a in _CELL_API):
                raise TypeError(f"{name} must be a cell (LSTMCell, GRUCell, ...); got {type(c).__name__}")
        if forward_cell is backward_cell:
            raise ValueError("each direction needs its own cell object (with its own weights); "
                             "the same cell was given twice")  # fmt: skip
        if forward_cell.input_size != backward_cell.input_size:
            raise ValueError(f"both directions read the same inputs, so their input sizes must agree; got "
                             f"forward_cell.input_size={forward_cell.input_size}, "
                             f"backward_cell.input_size={backward_cell.input_size}")  # fmt: skip
        self.forward_cell, self.backward_cell = forward_cell, backward_cell
        self.directions = (forward_cell, backward_cell)
        self.input_size = forward_cell.input_size
        self.hidden_size = forward_cell.hidden_size + backward_cell.hidden_size
        self.has_cell_state = forward_cell.has_cell_state and backward_cell.has_cell_state
        self._shape = None  # (T, batch) of the last forward

    def __repr__(self):
        return f"Bidirectional({self.forward_cell!r}, {self.backward_cell!r})"

    # -- parameters ----------------------------------------------------------------
    @property
    def params(self):
        """Both cells' parameters, keyed ``"fwd.W_f"``, ``"bwd.W_f"``, ...; the values are the cells' live arrays."""
        return {f"{d}.{k}": v
                for d, c in zip(DIRECTIONS, self.directions, strict=True) for k, v in c.params.items()}  # fmt: skip

    @property
    def n_params(self):
        return int(sum(c.n_params for c in self.directions))

    # -- what the cells recorded, in the sequence's time order ------------------------
    gates = property(lambda self: self._in_time_order("gates"), doc="Each direction's gates, in time order.")
    states = property(lambda self: self._in_time_order("states"), doc="Each direction's states, in time order.")
    state_grads = property(lambda self: self._in_time_order("state_grads"), doc="Each direction's state_grads.")
    dstate0 = property(lambda self: tuple(c.dstate0 for c in self.directions), doc="dL/d(initial state) per direction.")

    def _in_time_order(self, what):
        return {"fwd": getattr(self.forward_cell, what), "bwd": reverse_time(getattr(self.backward_cell, what))}

    def zero_state(self, batch):
        """The pair of all-zeros states ``(forward, backward)``."""
        return tuple(c.zero_state(batch) for c in self.directions)

    # -- forward and backward ----------------------------------------------------------
    def forward(self, xs, state=None):
        """Run the forward cell over ``xs`` and the backward cell over ``xs`` reversed.

        Parameters
        ----------
        xs : array_like, shape (T, batch, input_size), or integer ids (T, batch) of one-hot inputs
        state : pair ``(forward state, backward state)``, optional
            The forward cell's state before ``x_1``, the backward cell's before ``x_T``; zeros when ``None``.

        Returns
        -------
        hs : ndarray, shape (T, batch, hidden_size)
            ``hs[t] = [h->_t, h<-_t]``.
        state : pair
            The forward cell's state after ``x_T``, the backward cell's after ``x_1``.
        """
        xs = check_inputs("xs", xs, self.input_size)  # floats, or (T, B) integer ids
        s_fwd, s_bwd = self._check_state(state, xs.shape[1])
        self._checked_params()  # every check before either cell runs: a failed call changes nothing
        hs_fwd, final_fwd = self.forward_cell.forward(xs, s_fwd)  # (T, B, H_fwd)
        hs_bwd, final_bwd = self.backward_cell.forward(xs[::-1], s_bwd)  # (T, B, H_bwd), from x_T back to x_1
        self._shape = xs.shape[:2]
        return np.concatenate([hs_fwd, hs_bwd[::-1]], axis=2), (final_fwd, final_bwd)  # (T, B, H_fwd + H_bwd)

    def backward(self, dhs, dstate=None):
        """Backpropagation through time in both directions.

        Parameters
        ----------
        dhs : array_like, shape (T, batch, hidden_size)
            dL/dh_t for every step: the first ``forward_cell.hidden_size`` columns reach the forward cell.
        dstate : pair, optional
            dL/d(final state) of each direction; zeros when ``None``.

        Returns
        -------
        grads : dict
            Same keys and shapes as ``params``.
        dxs : ndarray, shape (T, batch, input_size), or None after integer ids
            The sum of what the two directions send to the inputs.
        """
        if self._shape is None:
            raise ValueError("Bidirectional.backward() needs a forward() first: there is nothing to backpropagate")
        (T, B), H, H_fwd = self._shape, self.hidden_size, self.forward_cell.hidden_size
        want = f"(T={T}, batch={B}, hidden={H}), the shape of the last forward's hs"
        dhs = check_array("dhs", dhs, (T, B, H), want, copy=False)  # only read: backward never writes into it
        ds_fwd, ds_bwd = self._check_state(dstate, B, name="dstate")
        g_fwd, dxs_fwd = self.forward_cell.backward(dhs[:, :, :H_fwd], ds_fwd)  # (T, B, D)
        g_bwd, dxs_bwd = self.backward_cell.backward(dhs[::-1, :, H_fwd:], ds_bwd)  # (T, B, D), reversed time
        grads = {**{f"fwd.{k}": v for k, v in g_fwd.items()}, **{f"bwd.{k}": v for k, v in g_bwd.items()}}
        return grads, None if dxs_fwd is None else dxs_fwd + dxs_bwd[::-1]  # None: ids have no gradient

    # -- checks ------------------------------------------------------------------------
    def _check_state(self, state, batch, name="state"):
        if state is None:
            return self.zero_state(batch)
        if not isinstance(state, (tuple, list)) or len(state) != 2:
            got = type(state).__name__
            if isinstance(state, (tuple, list)):
                got = f"a {got} of {len(state)}"
            raise TypeError(f"{name} of a Bidirectional cell must be a pair (forward state, backward state); got {got}")
        pairs = enumerate(zip(self.directions, state, strict=True))
        return tuple(c._check_state(s, batch, name=f"{name}[{k}]") for k, (c, s) in pairs)

    def _checked_params(self):
        """Both cells' parameters, checked (names, shapes, finite values) as each cell checks its own."""
        return {f"{d}.{k}": v
                for d, c in zip(DIRECTIONS, self.directions, strict=True)
                for k, v in c._checked_params().items()}  # fmt: skip
