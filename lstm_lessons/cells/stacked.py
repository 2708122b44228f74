"""Stacked recurrent layers: a cell made of cells, each reading the hidden states of the one below.

With ``L`` layers and ``h^(0)_t = x_t``, layer ``l`` runs its own recurrence on the layer below:

    h^(l)_t = cell_l(h^(l)_{t-1}, h^(l-1)_t)        l = 1, ..., L

and the stack shows the top layer, ``h_t = h^(L)_t``. Backpropagation runs the layers top down:
the gradient a layer sends to its inputs, dL/dh^(l-1)_t for every t, is the ``dhs`` of the layer
below (added to nothing else: only the top layer's states reach the loss directly).

``Stacked`` has the interface of a single cell (``forward``, ``backward``, ``params``,
``zero_state``, ``n_params``, ...), so training, gradient checks and sampling take it unchanged.
Its state is a tuple with one state per layer, bottom first: ``((h0, C0), (h1, C1))`` for two
LSTM layers. Layer ``n``'s parameters (the bottom one is 0) appear in ``params`` as ``"n.W_f"``, ``"n.b_f"``, ...

This is ``torch.nn.LSTM(input_size, hidden_size, num_layers=L)`` (without dropout between layers),
whose ``h_0`` of shape ``(L, batch, hidden)`` is our tuple stacked along a first axis.
"""

from .._validate import check_array, check_inputs
from .cell import RecurrentCell

# What a layer needs besides RecurrentCell's public interface: the two checks Stacked runs on every
# layer before any of them changes, so that a failed call leaves the whole stack as it was.
_LAYER_API = ("forward", "backward", "params", "zero_state", "input_size", "hidden_size", "has_cell_state",
              "_check_state", "_checked_params")  # fmt: skip


class Stacked:
    """Recurrent layers on top of each other, used as one cell.

    Parameters
    ----------
    cells : sequence of cells
        Bottom first. Layer ``l``'s ``input_size`` must equal layer ``l-1``'s ``hidden_size``.
        The cells are used as they are (not copied): ``stacked.layers[l] is cells[l]``.

    Attributes
    ----------
    layers : tuple of cells
    input_size : int
        The bottom layer's.
    hidden_size : int
        The top layer's: the width of ``hs``.
    has_cell_state : bool
        True when every layer is of the LSTM family (each layer's state is ``(h, C)``).
    gates, states, state_grads : tuple of dicts, one per layer
        Each layer's own ``gates``, ``states`` and ``state_grads`` from the last forward/backward.
    dstate0 : tuple
        From the last ``backward``: dL/d(initial state), one entry per layer.

    Examples
    --------
    >>> from lstm_lessons import LSTMCell, Stacked
    >>> net = Stacked([LSTMCell(3, 8, seed=0), LSTMCell(8, 8, seed=1)])
    >>> hs, ((h0, C0), (h1, C1)) = net.forward(np.zeros((5, 2, 3)))   # hs: (5, 2, 8)
    """

    def __init__(self, cells):
        if not isinstance(cells, (list, tuple)) or not cells:
            raise TypeError(f"cells must be a non-empty list of cells, bottom layer first; got {cells!r}")
        for n, c in enumerate(cells):
            if not isinstance(c, RecurrentCell) and not all(hasattr(c, a) for a in _LAYER_API):
                raise TypeError(f"cells[{n}] must be a cell (LSTMCell, GRUCell, ...); got {type(c).__name__}")
        for n in range(1, len(cells)):
            below, above = cells[n - 1], cells[n]
            if above.input_size != below.hidden_size:
                raise ValueError(f"cells[{n}] reads the hidden states of cells[{n - 1}], so its input_size must be "
                                 f"{below.hidden_size}; got input_size={above.input_size}")  # fmt: skip
        if len({id(c) for c in cells}) != len(cells):
            raise ValueError("each layer must be its own cell object; the same cell appears twice in cells")
        self.layers = tuple(cells)
        self.input_size = self.layers[0].input_size
        self.hidden_size = self.layers[-1].hidden_size
        self.has_cell_state = all(c.has_cell_state for c in self.layers)
        self._shape = None  # (T, batch) of the last forward

    def __repr__(self):
        return "Stacked([" + ", ".join(repr(c) for c in self.layers) + "])"

    def __len__(self):
        return len(self.layers)

    # -- parameters ----------------------------------------------------------------
    @property
    def params(self):
        """Every layer's parameters, keyed ``"0.W_f"``, ``"1.W_f"``, ...; the values are the layers' live arrays."""
        return {f"{n}.{k}": v for n, c in enumerate(self.layers) for k, v in c.params.items()}

    @property
    def n_params(self):
        return int(sum(c.n_params for c in self.layers))

    # -- what the layers recorded ------------------------------------------------------
    gates = property(lambda self: tuple(c.gates for c in self.layers), doc="Each layer's gates.")
    states = property(lambda self: tuple(c.states for c in self.layers), doc="Each layer's states.")
    state_grads = property(lambda self: tuple(c.state_grads for c in self.layers), doc="Each layer's state_grads.")
    dstate0 = property(lambda self: tuple(c.dstate0 for c in self.layers), doc="dL/d(initial state) per layer.")

    def zero_state(self, batch):
        """One all-zeros state per layer."""
        return tuple(c.zero_state(batch) for c in self.layers)

    # -- forward and backward ----------------------------------------------------------
    def forward(self, xs, state=None):
        """Run every layer over the sequence, bottom first.

        Parameters
        ----------
        xs : array_like, shape (T, batch, input_size), or integer ids (T, batch) of one-hot inputs
        state : tuple of per-layer states, optional
            ``state[l]`` is layer ``l``'s initial state (an array ``h``, or ``(h, C)``); zeros when ``None``.

        Returns
        -------
        hs : ndarray, shape (T, batch, hidden_size)
            The top layer's hidden states.
        state : tuple
            Every layer's final state, bottom first.
        """
        xs = check_inputs("xs", xs, self.input_size)  # floats, or (T, B) integer ids
        states = self._check_state(state, xs.shape[1])
        self._checked_params()  # every check before the first layer runs: a failed call changes nothing
        finals, hs = [], xs
        for c, s in zip(self.layers, states, strict=True):
            hs, final = c.forward(hs, s)  # (T, B, H_l)
            finals.append(final)
        self._shape = xs.shape[:2]
        return hs, tuple(finals)

    def backward(self, dhs, dstate=None):
        """Backpropagation through time and through the layers, top down.

        Parameters
        ----------
        dhs : array_like, shape (T, batch, hidden_size)
            dL/dh_t of the top layer.
        dstate : tuple of per-layer states, optional
            dL/d(final state) of each layer; zeros when ``None``.

        Returns
        -------
        grads : dict
            Same keys and shapes as ``params``.
        dxs : ndarray, shape (T, batch, input_size), or None after integer ids
        """
        if self._shape is None:
            raise ValueError("Stacked.backward() needs a forward() first: there is nothing to backpropagate")
        (T, B), H = self._shape, self.hidden_size
        want = f"(T={T}, batch={B}, hidden={H}), the shape of the last forward's hs"
        dhs = check_array("dhs", dhs, (T, B, H), want, copy=False)  # only read: backward never writes into it
        dstates = self._check_state(dstate, B, name="dstate")
        grads = {}
        for n in range(len(self.layers) - 1, -1, -1):
            g, dhs = self.layers[n].backward(dhs, dstates[n])  # dxs of layer n = dhs of layer n-1
            grads.update({f"{n}.{k}": v for k, v in g.items()})
        return {k: grads[k] for k in self.params}, dhs

    # -- checks ------------------------------------------------------------------------
    def _check_state(self, state, batch, name="state"):
        if state is None:
            return self.zero_state(batch)
        n = len(self.layers)
        if not isinstance(state, (tuple, list)) or len(state) != n:
            got = type(state).__name__
            if isinstance(state, (tuple, list)):
                got = f"a {got} of {len(state)}"
            raise TypeError(f"{name} of a Stacked cell with {n} layers must be a tuple of {n} per-layer states, "
                            f"bottom first; got {got}")  # fmt: skip
        pairs = enumerate(zip(self.layers, state, strict=True))
        return tuple(c._check_state(s, batch, name=f"{name}[{k}]") for k, (c, s) in pairs)

    def _checked_params(self):
        """Every layer's parameters, checked (names, shapes, finite values) as each cell checks its own."""
        return {f"{n}.{k}": v for n, c in enumerate(self.layers) for k, v in c._checked_params().items()}
