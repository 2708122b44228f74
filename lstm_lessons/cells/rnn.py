"""The plain (Elman) recurrent cell: one tanh layer, repeated.

    h_t = tanh(W_h @ [h_{t-1}, x_t] + b_h)

``W_h`` has shape ``(hidden, hidden + input)``. Its left block ``W_hh`` multiplies the
previous state; it is the matrix whose repeated product makes gradients vanish or explode.
"""

from typing import NamedTuple

import numpy as np

from .._validate import check_step_inputs
from .activations import tanh
from .cell import RecurrentCell


def rnn_step(params, x_t, h_prev):
    """One step: ``h_t = tanh(W_h @ [h_{t-1}, x_t] + b_h)``, shape (batch, hidden)."""
    x_t, h_prev = check_step_inputs(params, "W_h", x_t, h_prev)
    z_t = np.concatenate([h_prev, x_t], axis=-1)  # (B, H+D)
    return tanh(z_t @ params["W_h"].T + params["b_h"])  # (B, H)


class RNNCache(NamedTuple):
    params: dict
    xs: np.ndarray  # (T, B, D)
    h0: np.ndarray  # (B, H)
    hs: np.ndarray  # (T, B, H)


class RNNCell(RecurrentCell):
    """The tanh RNN over whole sequences. State: ``h``. ``cell.gates`` is empty: there are none."""

    gate_names = ()

    def _param_shapes(self):
        H, D = self.hidden_size, self.input_size
        return {"W_h": (H, H + D), "b_h": (H,)}

    def _forward(self, params, xs, h0):
        T, B, _ = xs.shape
        H = self.hidden_size
        W_hh, W_hx = params["W_h"][:, :H], params["W_h"][:, H:]
        hs = xs @ W_hx.T + params["b_h"]  # (T, B, H): input projection for all steps
        h = h0
        for t in range(T):
            hs[t] += h @ W_hh.T
            h = tanh(hs[t], out=hs[t])  # (B, H)
        return hs, h.copy(), RNNCache(params, xs, h0, hs), {}, {"h": hs}

    def _backward(self, cache, dhs, dh_next):
        params, xs, h0, hs = cache
        T, B, H = hs.shape
        W_hh = params["W_h"][:, :H]
        dact = 1.0 - hs**2  # tanh' from the stored outputs, all steps
        dA, dH = np.empty((2, T, B, H))
        for t in range(T - 1, -1, -1):
            dh = np.add(dhs[t], dh_next, out=dH[t])
            np.multiply(dh, dact[t], out=dA[t])
            dh_next = dA[t] @ W_hh  # (B, H)
        h_prevs = np.concatenate([h0[None], hs[:-1]])  # (T, B, H)
        Z = np.concatenate([h_prevs, xs], axis=2).reshape(T * B, -1)  # (T*B, H+D)
        dA2 = dA.reshape(T * B, H)
        grads = {"W_h": dA2.T @ Z, "b_h": dA2.sum(axis=0)}
        dxs = dA @ params["W_h"][:, H:]  # (T, B, D)
        return grads, dxs, dh_next, {"h": dH}
