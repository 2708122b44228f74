"""The LSTM cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000).

One step, in the order the book teaches it, with ``z_t = [h_{t-1}, x_t]``:

    f_t  = sigmoid(W_f @ z_t + b_f)          forget gate
    i_t  = sigmoid(W_i @ z_t + b_i)          input gate
    C~_t = tanh(W_C @ z_t + b_C)             candidate values
    C_t  = f_t * C_{t-1} + i_t * C~_t        cell state
    o_t  = sigmoid(W_o @ z_t + b_o)          output gate
    h_t  = o_t * tanh(C_t)                   hidden state

Each ``W`` has shape ``(hidden, hidden + input)``; batched code computes
``z_t @ W.T + b``, the layout of ``torch.nn.Linear``. The single-step functions
below are the definition; ``LSTMCell`` runs a fused version of the same
arithmetic over a whole sequence (see ``_lstm_bptt``), and the tests hold the two equal.
"""

from collections import namedtuple

import numpy as np

from .._validate import check_array, check_step_inputs
from ._lstm_bptt import lstm_family_backward, lstm_family_forward
from .activations import sigmoid, sigmoid_grad_from_output, tanh, tanh_grad_from_output
from .cell import RecurrentCell

LSTMStep = namedtuple("LSTMStep", ["f", "i", "C_tilde", "o", "C", "h"])


def concat(h_prev, x_t):
    """``z_t = [h_{t-1}, x_t]``, hidden state first. Shape ``(..., hidden + input)``."""
    return np.concatenate([h_prev, x_t], axis=-1)


def forget_gate(params, z_t):
    """How much of each cell-state entry survives: ``f_t = sigmoid(W_f @ z_t + b_f)``, in (0, 1)."""
    return sigmoid(z_t @ params["W_f"].T + params["b_f"])  # (B, H)


def input_gate(params, z_t):
    """How much of each candidate is written: ``i_t = sigmoid(W_i @ z_t + b_i)``, in (0, 1)."""
    return sigmoid(z_t @ params["W_i"].T + params["b_i"])  # (B, H)


def candidate(params, z_t):
    """The values that could be written: ``C~_t = tanh(W_C @ z_t + b_C)``, in (-1, 1)."""
    return tanh(z_t @ params["W_C"].T + params["b_C"])  # (B, H)


def output_gate(params, z_t):
    """How much of the squashed cell state is shown: ``o_t = sigmoid(W_o @ z_t + b_o)``."""
    return sigmoid(z_t @ params["W_o"].T + params["b_o"])  # (B, H)


def cell_state(f_t, C_prev, i_t, C_tilde):
    """The conveyor belt: ``C_t = f_t * C_{t-1} + i_t * C~_t``. No squashing on this path."""
    return f_t * C_prev + i_t * C_tilde


def hidden_state(o_t, C_t):
    """What the cell shows: ``h_t = o_t * tanh(C_t)``."""
    return o_t * tanh(C_t)


def lstm_step(params, x_t, h_prev, C_prev):
    """One LSTM step, every intermediate returned.

    Parameters
    ----------
    params : dict
        ``W_f, W_i, W_C, W_o`` of shape (hidden, hidden + input) and ``b_f, b_i, b_C, b_o`` of shape (hidden,).
    x_t : array, shape (batch, input) or (input,)
    h_prev, C_prev : array, shape (batch, hidden) or (hidden,)

    Returns
    -------
    LSTMStep
        Named tuple ``(f, i, C_tilde, o, C, h)``, each of shape (batch, hidden).
    """
    x_t, h_prev, C_prev = check_step_inputs(params, "W_f", x_t, h_prev, C_prev)
    z_t = concat(h_prev, x_t)  # (B, H+D)
    f_t = forget_gate(params, z_t)  # (B, H)
    i_t = input_gate(params, z_t)  # (B, H)
    C_tilde = candidate(params, z_t)  # (B, H)
    C_t = cell_state(f_t, C_prev, i_t, C_tilde)  # (B, H)
    o_t = output_gate(params, z_t)  # (B, H)
    h_t = hidden_state(o_t, C_t)  # (B, H)
    return LSTMStep(f_t, i_t, C_tilde, o_t, C_t, h_t)


def lstm_step_backward(params, x_t, h_prev, C_prev, dh_t, dC_t):
    """Backpropagation through one LSTM step: from dL/dh_t and dL/dC_t to everything the step used.

    The step's forward pass is recomputed with ``lstm_step``, and every derivative is read
    off its outputs: ``f_t * (1 - f_t)`` for a sigmoid gate, ``1 - C~_t**2`` and
    ``1 - tanh(C_t)**2`` for a tanh.

    Parameters
    ----------
    params : dict
        As for ``lstm_step``.
    x_t : array, shape (batch, input) or (input,)
    h_prev, C_prev : array, shape (batch, hidden) or (hidden,)
    dh_t : array, shape (batch, hidden)
        dL/dh_t: from this step's output and from step t+1.
    dC_t : array, shape (batch, hidden)
        dL/dC_t from step t+1 only (through ``C_t`` itself), *not* the path through ``h_t``:
        this function adds that path.

    Returns
    -------
    grads : dict
        dL/dparam for the 8 keys of ``params``, summed over the batch: ``W_f, W_i, W_C, W_o``
        of shape (hidden, hidden + input), ``b_f, b_i, b_C, b_o`` of shape (hidden,).
    dx_t : array, shape (batch, input)
    dh_prev, dC_prev : array, shape (batch, hidden)

    Notes
    -----
    With ``a_g`` the pre-activation of gate ``g`` and ``z_t = [h_{t-1}, x_t]``::

        dC       = dC_t + dh_t * o_t * (1 - tanh(C_t)**2)    both paths into C_t
        do       = dh_t * tanh(C_t)
        df       = dC * C_{t-1}
        di       = dC * C~_t
        dC~      = dC * i_t
        da_f     = df * f_t * (1 - f_t)                      (the same for i and o)
        da_C     = dC~ * (1 - C~_t**2)
        dW_g     = da_g.T @ z_t,   db_g = da_g summed over the batch
        dz_t     = sum over g of da_g @ W_g  =  [dh_{t-1}, dx_t]
        dC_{t-1} = dC * f_t
    """
    if np.ndim(x_t) == 1:  # one example: run it as a batch of one
        grads, dx, dh, dC = lstm_step_backward(
            params, *(np.asarray(a, dtype=float)[None] for a in (x_t, h_prev, C_prev, dh_t, dC_t))
        )
        return grads, dx[0], dh[0], dC[0]
    x_t, h_prev, C_prev = check_step_inputs(params, "W_f", x_t, h_prev, C_prev)
    want = f"(batch, hidden) = {h_prev.shape}, the shape of h_prev"
    dh_t = check_array("dh_t", dh_t, h_prev.shape, want)
    dC_t = check_array("dC_t", dC_t, h_prev.shape, want)
    H = h_prev.shape[1]
    s = lstm_step(params, x_t, h_prev, C_prev)  # the forward pass: f, i, C_tilde, o, C, h
    z_t = concat(h_prev, x_t)  # (B, H+D)
    tanh_C = tanh(s.C)  # (B, H)

    dC = dC_t + dh_t * s.o * tanh_grad_from_output(tanh_C)  # (B, H): both paths into C_t
    do = dh_t * tanh_C  # (B, H)
    df = dC * C_prev
    di = dC * s.C_tilde
    dC_tilde = dC * s.i
    da = {  # dL/d(pre-activation) of each gate, (B, H)
        "f": df * sigmoid_grad_from_output(s.f),
        "i": di * sigmoid_grad_from_output(s.i),
        "C": dC_tilde * tanh_grad_from_output(s.C_tilde),
        "o": do * sigmoid_grad_from_output(s.o),
    }
    grads = {f"W_{g}": da[g].T @ z_t for g in da}  # (H, H+D), summed over the batch
    grads.update({f"b_{g}": da[g].sum(axis=0) for g in da})  # (H,)
    dz = sum(da[g] @ params[f"W_{g}"] for g in ("f", "i", "C", "o"))  # (B, H+D)
    dh_prev, dx_t = dz[:, :H], dz[:, H:]  # z_t = [h_{t-1}, x_t]
    dC_prev = dC * s.f  # (B, H)
    return grads, dx_t, dh_prev, dC_prev


class LSTMCell(RecurrentCell):
    """The LSTM cell over whole sequences, with backpropagation through time.

    Parameters
    ----------
    input_size, hidden_size : int
    seed : int
    forget_bias : float
        Initial value of every entry of ``b_f``. 1 by default, so the untrained cell
        starts by remembering (Gers et al. 2000; Jozefowicz et al. 2015).

    Notes
    -----
    ``cell.gates`` holds ``"f", "i", "C_tilde", "o"``; ``cell.states`` holds ``"h"`` and ``"C"``.
    """

    has_cell_state = True
    reads_ids = True  # integer ids (one-hot inputs): a lookup in W_x, no dxs (see _lstm_bptt)
    gate_names = ("f", "i", "C_tilde", "o")
    variant = "lstm"

    def __init__(self, input_size, hidden_size, seed=0, forget_bias=1.0):
        super().__init__(input_size, hidden_size, seed)
        self.params["b_f"][:] = float(forget_bias)
        self._work = {}  # buffers of the fused pass, reused between calls while nobody else sees them (_lstm_bptt)

    def _param_shapes(self):
        H, D = self.hidden_size, self.input_size
        shapes = {f"W_{g}": (H, H + D) for g in ("f", "i", "C", "o")}
        shapes.update({f"b_{g}": (H,) for g in ("f", "i", "C", "o")})
        return shapes

    def _forward(self, params, xs, state):
        self._cache, self.gates, self.states, self.state_grads = None, {}, {}, {}  # unseen arrays may be reused
        return lstm_family_forward(self.variant, params, xs, state, self._work)

    def _backward(self, cache, dhs, dstate):
        self.state_grads = {}  # unseen arrays may be reused
        return lstm_family_backward(cache, dhs, dstate, self._work)
