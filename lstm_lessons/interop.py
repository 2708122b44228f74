"""From lstm_lessons to PyTorch and back: the same weights in ``torch.nn.LSTM``, ``GRU`` or ``RNN``.

PyTorch keeps a layer's weights in two matrices per direction, one for the input and one for the
hidden state, each with the gates stacked in rows; we keep one matrix per gate acting on
``[h_{t-1}, x_t]``. So our ``W_g`` is ``[W_hh rows of g | W_ih rows of g]``:

    LSTM   torch rows i, f, g, o      ours  W_i, W_f, W_C, W_o      b_g = b_ih + b_hh
    GRU    torch rows r, z, n         ours  W_r, -W_z, W_h          see below
    RNN    torch (tanh)               ours  W_h = [W_hh | W_ih]     b_h = b_ih + b_hh

The GRU's update gate runs the other way round in PyTorch: it computes ``h = (1 - z') n + z' h_prev``
(Cho et al. 2014's direction), we compute ``h = (1 - z) h_prev + z h~`` (Chung et al. 2014's), so
``z = 1 - z'``. Since ``1 - sigmoid(a) = sigmoid(-a)``, negating the update gate's weights and biases
maps one exactly onto the other. PyTorch's GRU resets *after* the matrix product (``reset_after=True``
here): its ``b_hn`` is our ``b_hh`` and its ``b_in`` our ``b_h``; our r and z biases are the sums of
PyTorch's two. A ``GRUCell(reset_after=False)`` (the book's default) computes a different function,
for which PyTorch has no module, so it cannot be converted.

Layers and directions: a ``Stacked`` cell is ``num_layers``, a ``Bidirectional`` layer is
``bidirectional=True`` (its backward cell is PyTorch's ``*_reverse`` weights), and PyTorch's
``h_n`` of shape ``(num_layers * directions, batch, hidden)`` is our state tree flattened in order:
layer 0 forward, layer 0 backward, layer 1 forward, ...

torch is imported only when a function here is called; the package does not depend on it.
"""

import numpy as np

from .cells._state import state_leaves
from .cells.bidirectional import Bidirectional
from .cells.gru import GRUCell
from .cells.lstm import LSTMCell
from .cells.rnn import RNNCell
from .cells.stacked import Stacked

LSTM_ORDER = ("i", "f", "C", "o")  # PyTorch's row blocks of an LSTM layer: i, f, g (our C~), o


def _torch():
    try:
        import torch
    except ImportError as err:
        raise ImportError(f"lstm_lessons.interop needs PyTorch, which is not installed ({err}). "
                          "Install it with `pip install torch`; "
                          "the rest of lstm_lessons works without it.") from None  # fmt: skip
    return torch


# -- what a cell is in PyTorch's terms ------------------------------------------------------
def _family(cell, where):
    """``"lstm"``, ``"gru"`` or ``"rnn"`` for a cell with an exact PyTorch equivalent; otherwise our error."""
    if type(cell) is LSTMCell:
        return "lstm"
    if type(cell) is RNNCell:
        return "rnn"
    if type(cell) is GRUCell:
        if not cell.reset_after:
            raise ValueError(f"{where} is a GRUCell with reset_after=False (r_t multiplies h_(t-1) before W_h), which "
                             "torch.nn.GRU does not compute: it resets after the product. Train a "
                             "GRUCell(..., reset_after=True) to move it to PyTorch.")  # fmt: skip
        return "gru"
    names = {"PeepholeLSTMCell": "torch.nn.LSTM has no peephole connections",
             "CoupledLSTMCell": "torch.nn.LSTM has no coupled input and forget gates"}  # fmt: skip
    why = names.get(type(cell).__name__, "to_torch converts LSTMCell, GRUCell(reset_after=True) and RNNCell")
    raise TypeError(f"{where} is a {type(cell).__name__}, which has no torch.nn equivalent: {why}")


def _layout(net):
    """``(layers, family, hidden_size, bidirectional)``: ``layers[l]`` is the tuple of layer l's direction cells."""
    if isinstance(net, Stacked):
        parts = [(layer, f"layer {n} of the stack") for n, layer in enumerate(net.layers)]
    elif isinstance(net, (Bidirectional, LSTMCell, GRUCell, RNNCell)):
        parts = [(net, "the cell")]
    else:
        raise TypeError(f"to_torch takes an LSTMCell, GRUCell, RNNCell, Bidirectional or Stacked; "
                        f"got {type(net).__name__}")  # fmt: skip
    layers = []
    for layer, where in parts:
        if isinstance(layer, Stacked):
            raise TypeError(f"{where} is itself a Stacked cell; torch.nn modules have one flat list of layers")
        if isinstance(layer, Bidirectional):
            directions = zip(("forward", "backward"), layer.directions, strict=True)
            layers.append(tuple((c, f"{where}, {d} direction") for d, c in directions))
        else:
            layers.append(((layer, where),))
    if len({len(dirs) for dirs in layers}) > 1:
        raise ValueError("torch.nn modules are bidirectional in every layer or in none; this stack mixes the two")
    families = {(_family(c, where), c.hidden_size) for dirs in layers for c, where in dirs}
    if len(families) > 1:
        raise ValueError(f"a torch.nn module has one cell type and one hidden_size in every layer and direction; "
                         f"got {sorted(families)}")  # fmt: skip
    (family, H), = families  # fmt: skip
    return [tuple(c for c, _ in dirs) for dirs in layers], family, H, len(layers[0]) == 2


# -- our params <-> PyTorch's four arrays per layer and direction -------------------------------
def _to_torch_arrays(family, P, H):
    """``(weight_ih, weight_hh, bias_ih, bias_hh)`` as NumPy arrays from one cell's ``params``."""
    if family == "lstm":
        W = np.concatenate([P[f"W_{g}"] for g in LSTM_ORDER])  # (4H, H+D)
        return W[:, H:], W[:, :H], np.concatenate([P[f"b_{g}"] for g in LSTM_ORDER]), np.zeros(4 * H)
    if family == "gru":
        W = np.concatenate([P["W_r"], -P["W_z"], P["W_h"]])  # (3H, H+D), update gate flipped
        b_hh = np.concatenate([np.zeros(2 * H), P["b_hh"]])
        return W[:, H:], W[:, :H], np.concatenate([P["b_r"], -P["b_z"], P["b_h"]]), b_hh
    return P["W_h"][:, H:], P["W_h"][:, :H], P["b_h"], np.zeros(H)


def _from_torch_arrays(family, W_ih, W_hh, b_ih, b_hh):
    """One cell's ``params`` from PyTorch's four arrays (biases summed where we keep one)."""
    H = W_hh.shape[1]
    W = np.concatenate([W_hh, W_ih], axis=1)  # (gates*H, H+D): rows act on [h_(t-1), x_t]
    block = lambda k: slice(k * H, (k + 1) * H)  # noqa: E731
    if family == "lstm":
        b = b_ih + b_hh
        return {**{f"W_{g}": W[block(k)] for k, g in enumerate(LSTM_ORDER)},
                **{f"b_{g}": b[block(k)] for k, g in enumerate(LSTM_ORDER)}}  # fmt: skip
    if family == "gru":
        r, z, n = block(0), block(1), block(2)
        return {"W_z": -W[z], "W_r": W[r], "W_h": W[n], "b_z": -(b_ih[z] + b_hh[z]),
                "b_r": b_ih[r] + b_hh[r], "b_h": b_ih[n], "b_hh": b_hh[n]}  # fmt: skip
    return {"W_h": W, "b_h": b_ih + b_hh}


def _read(module, name):
    """A parameter of ``module`` as a float64 NumPy copy, or None if it has none (``bias=False``)."""
    p = getattr(module, name, None)
    return None if p is None else p.detach().cpu().double().numpy().copy()


def _suffix(layer, direction):
    return f"l{layer}" + ("_reverse" if direction else "")


def to_torch(net):
    """A ``torch.nn.LSTM``, ``GRU`` or ``RNN`` (float64) that computes what ``net`` computes.

    Parameters
    ----------
    net : LSTMCell, GRUCell(reset_after=True), RNNCell, Bidirectional of two of them, or Stacked of those
        Every cell of the same kind and hidden size, and every layer bidirectional or none.

    Returns
    -------
    torch.nn.LSTM, GRU or RNN
        ``num_layers = len(net)`` for a stack, ``bidirectional=True`` for bidirectional layers,
        time first (``batch_first=False``), in float64. ``module(xs)`` on ``torch.tensor(xs)`` gives
        ``net.forward(xs)``'s ``hs``; ``state_to_torch`` and ``state_from_torch`` convert states.
    """
    layers, family, H, bidirectional = _layout(net)
    torch = _torch()
    cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[family]
    module = cls(layers[0][0].input_size, H, num_layers=len(layers), bidirectional=bidirectional, dtype=torch.float64)
    with torch.no_grad():
        for n, dirs in enumerate(layers):
            for d, cell in enumerate(dirs):
                arrays = _to_torch_arrays(family, cell.params, H)
                for name, a in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), arrays, strict=True):
                    getattr(module, f"{name}_{_suffix(n, d)}").copy_(torch.from_numpy(np.ascontiguousarray(a)))
    return module


def from_torch(module):
    """Our cell with the weights of a ``torch.nn.LSTM``, ``GRU`` or ``RNN`` (copied, as float64).

    Returns an ``LSTMCell``, ``GRUCell(reset_after=True)`` or ``RNNCell`` for one layer in one direction,
    a ``Bidirectional`` for ``bidirectional=True``, and a ``Stacked`` of those for ``num_layers > 1``.
    Our cells read time-first sequences ``(T, batch, features)``, whatever the module's ``batch_first``.
    """
    torch = _torch()
    kinds = {torch.nn.LSTM: "lstm", torch.nn.GRU: "gru", torch.nn.RNN: "rnn"}
    family = kinds.get(type(module))
    if family is None:
        raise TypeError(f"from_torch takes a torch.nn.LSTM, GRU or RNN; got {type(module).__name__}")
    if family == "lstm" and module.proj_size:
        raise ValueError(f"this LSTM projects its hidden state (proj_size={module.proj_size}); "
                         "lstm_lessons has no projections")  # fmt: skip
    if family == "rnn" and module.nonlinearity != "tanh":
        raise ValueError(f"RNNCell uses tanh; this RNN uses nonlinearity={module.nonlinearity!r}")
    if module.num_layers > 1 and module.dropout:
        raise ValueError(f"this module drops out {module.dropout} of each layer's outputs while training, "
                         "which Stacked does not; set module.dropout = 0 first to convert the weights "
                         "(they do not change)")  # fmt: skip
    make = {"lstm": LSTMCell, "gru": lambda D, H: GRUCell(D, H, reset_after=True), "rnn": RNNCell}[family]
    layers = []
    for n in range(module.num_layers):
        dirs = []
        for d in range(2 if module.bidirectional else 1):
            W_ih, W_hh, b_ih, b_hh = (_read(module, f"{name}_{_suffix(n, d)}") for name in
                                      ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))  # fmt: skip
            if b_ih is None:  # bias=False
                b_ih, b_hh = np.zeros(W_ih.shape[0]), np.zeros(W_ih.shape[0])
            cell = make(W_ih.shape[1], module.hidden_size)
            cell.params.update({k: np.array(v) for k, v in _from_torch_arrays(family, W_ih, W_hh, b_ih, b_hh).items()})
            dirs.append(cell)
        layers.append(Bidirectional(*dirs) if len(dirs) == 2 else dirs[0])
    return Stacked(layers) if len(layers) > 1 else layers[0]


def _grads_from_torch_arrays(family, gW_ih, gW_hh, gb_ih, gb_hh):
    """One cell's gradients from the ``.grad`` of PyTorch's four arrays.

    The weights map as the weights do. A bias we keep once is PyTorch's ``b_ih + b_hh``, so its
    gradient equals either one's (PyTorch's two bias gradients are equal there); the GRU's ``b_hh``
    is PyTorch's ``b_hn``, and the update gate's signs flip as its weights' do.
    """
    grads = _from_torch_arrays(family, gW_ih, gW_hh, gb_ih, np.zeros_like(gb_hh))  # weights, and biases = gb_ih
    if family == "gru":
        H = gW_hh.shape[1]
        grads["b_hh"] = gb_hh[2 * H :]
    return grads


def grads_from_torch(module):
    """The gradients PyTorch stored in ``module``'s parameters (``.grad``), keyed as ``from_torch(module).params``.

    After ``loss.backward()`` in PyTorch and ``net.backward(...)`` here on the same loss, the two agree
    entry by entry (the tests hold them to 1e-9 in float64).
    """
    net = from_torch(module)
    layers = net.layers if isinstance(net, Stacked) else (net,)
    grads = {}
    for n, layer in enumerate(layers):
        for d, cell in enumerate(layer.directions if isinstance(layer, Bidirectional) else (layer,)):
            names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
            arrays = [_read_grad(module, f"{name}_{_suffix(n, d)}") for name in names]
            if arrays[2] is None:  # bias=False
                arrays[2] = arrays[3] = np.zeros(arrays[0].shape[0])
            prefix = ((f"{n}." if isinstance(net, Stacked) else "")
                      + (("fwd.", "bwd.")[d] if isinstance(layer, Bidirectional) else ""))  # fmt: skip
            family = "lstm" if type(cell) is LSTMCell else "gru" if type(cell) is GRUCell else "rnn"
            grads.update({prefix + k: np.array(v) for k, v in _grads_from_torch_arrays(family, *arrays).items()})
    return {k: grads[k] for k in net.params}


def _read_grad(module, name):
    p = getattr(module, name, None)
    if p is not None and p.grad is None:
        raise ValueError(f"{name} has no gradient: call loss.backward() in PyTorch first")
    return None if p is None else p.grad.detach().cpu().double().numpy().copy()


# -- states ------------------------------------------------------------------------------------
def _direction_cells(net):
    layers = net.layers if isinstance(net, Stacked) else (net,)
    return [c for layer in layers for c in (layer.directions if isinstance(layer, Bidirectional) else (layer,))]


def state_to_torch(net, state):
    """Our state tree for ``net`` as PyTorch's ``h_0`` (GRU, RNN) or ``(h_0, c_0)`` (LSTM),
    each ``(L * dirs, B, H)``."""
    torch = _torch()
    cells, leaves = _direction_cells(net), state_leaves(state)
    per_cell = 2 if cells[0].has_cell_state else 1
    if len(leaves) != per_cell * len(cells):
        raise ValueError(f"state must hold {per_cell * len(cells)} arrays for this net "
                         f"({len(cells)} layers x directions); got {len(leaves)}")  # fmt: skip
    parts = [torch.tensor(np.stack(leaves[k::per_cell]), dtype=torch.float64) for k in range(per_cell)]
    return tuple(parts) if per_cell == 2 else parts[0]


def state_from_torch(net, hidden):
    """PyTorch's ``h_n`` (or ``(h_n, c_n)`` for an LSTM) as our state tree for ``net``."""
    cells = _direction_cells(net)
    tensors = hidden if isinstance(hidden, (tuple, list)) else (hidden,)
    arrays = [np.asarray(t.detach().cpu().double().numpy()) for t in tensors]  # each (L * dirs, B, H)
    if len(arrays) != (2 if cells[0].has_cell_state else 1) or any(len(a) != len(cells) for a in arrays):
        raise ValueError(f"hidden must be {'(h_n, c_n)' if cells[0].has_cell_state else 'h_n'} with {len(cells)} "
                         f"entries along its first axis for this net; "
                         f"got {[tuple(a.shape) for a in arrays]}")  # fmt: skip
    per_cell = [tuple(a[k] for a in arrays) if len(arrays) == 2 else arrays[0][k] for k in range(len(cells))]
    if not isinstance(net, Stacked):
        return tuple(per_cell) if isinstance(net, Bidirectional) else per_cell[0]
    out, k = [], 0
    for layer in net.layers:
        n = 2 if isinstance(layer, Bidirectional) else 1
        out.append(tuple(per_cell[k : k + n]) if n == 2 else per_cell[k])
        k += n
    return tuple(out)
