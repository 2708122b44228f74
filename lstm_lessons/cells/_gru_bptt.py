"""The fused forward pass and backpropagation through time for the GRU, in both conventions.

The same arithmetic as ``gru_step`` (and ``gru_step_backward``), arranged for speed over a
whole sequence with the ideas of ``_lstm_bptt``: a step's arrays are *columns*
``(features, B)``, so each gate is a contiguous block of rows; the weights of several gates
and their biases are stacked into one matrix acting on ``u_t = [h_{t-1}; x_t; 1]``, whose
columns for every step live in one buffer ``U``; derivatives are read off stored outputs;
the loop writes into buffers made before it; and each step adds its share of the weight
gradients while its ``da`` is still in the cache.

``reset_after=False`` (the book's GRU) makes two products per step, because h~_t needs r_t::

    [a_z; a_r] = W_zr @ u_t          W_zr = [W_z | b_z; W_r | b_r],  (2H, H+D+1)
    a_h        = W_hb @ v_t          W_hb = [W_h | b_h],             (H, H+D+1)
                                     v_t  = [r_t * h_{t-1}; x_t; 1], kept in ``V``

``reset_after=True`` (PyTorch's) makes one, with a third block of rows for the recurrent
part of h~_t; the input's part, ``W_hx @ x_t + b_h``, is one product for all steps before
the loop::

    [a_z; a_r; n_t] = W @ u_t        W = [W_z | b_z; W_r | b_r; W_hh | 0 | b_hh], (3H, H+D+1)
    h~_t = tanh(W_hx @ x_t + b_h + r_t * n_t),   n_t kept in ``N``
"""

from typing import NamedTuple

import numpy as np

from ._lstm_bptt import _batch_first, scratch
from .activations import sigmoid_of_negated, tanh


class GRUCache(NamedTuple):
    """What the backward pass needs from the forward pass, by name. Arrays are columns."""

    reset_after: bool
    params: dict  # the parameters the forward pass used
    W: np.ndarray  # (2H or 3H, H+D+1): the rows acting on u_t, biases in the last column
    W_h: np.ndarray  # (H, H+D+1) [W_h | b_h] on v_t; reset_after: (H, D+1) [W_hx | b_h] on [x_t; 1]
    U: np.ndarray  # (T, H+D+1, B): u_t = [h_{t-1}; x_t; 1] of every step
    V: np.ndarray  # (T, H+D+1, B): v_t = [r_t*h_{t-1}; x_t; 1]; reset_after: (T, H, B) n_t
    gates: np.ndarray  # (T, 3H, B): z, r, h~
    hs: np.ndarray  # (T, B, H), as returned


def _with_bias(W, b):
    return np.column_stack([W, b])


def gru_forward(params, xs, h0, reset_after, work):
    """Run a whole sequence. Returns ``hs, h_T, cache, gates, states``."""
    T, B, D = xs.shape
    H = h0.shape[1]
    Zr, Rr, Nr = slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)  # rows of z, r, h~
    W_zr = [_with_bias(params[f"W_{g}"], params[f"b_{g}"]) for g in "zr"]
    W = np.concatenate(W_zr)  # (2H, H+D+1)
    U = scratch(work, "U", (T, H + D + 1, B))  # only the next backward reads it
    U[:, H:-1] = xs.transpose(0, 2, 1)
    U[:, -1] = 1.0
    U[0, :H] = h0.T
    G = np.empty((T, 3 * H, B))  # gates z, r, h~
    hs = np.empty((T, H, B))
    tmp = np.empty((H, B))
    if reset_after:
        W_hh = np.column_stack([params["W_h"][:, :H], np.zeros((H, D)), params["b_hh"]])
        W = np.concatenate([W, W_hh])  # (3H, H+D+1)
        W_h = _with_bias(params["W_h"][:, H:], params["b_h"])  # (H, D+1)
        np.matmul(W_h, U[:, H:], out=G[:, Nr])  # W_hx @ x_t + b_h, every step at once
        V = scratch(work, "N", (T, H, B))  # n_t = W_hh @ h_{t-1} + b_hh
        a = np.empty((3 * H, B))
    else:
        W_h = _with_bias(params["W_h"], params["b_h"])  # (H, H+D+1)
        V = scratch(work, "V", (T, H + D + 1, B))
        V[:, H:] = U[:, H:]  # x_t and 1; r_t*h_{t-1} is written in the loop
    # z's and r's rows negated: the product gives -a_z, -a_r, and the sigmoid needs no negation
    # inside the loop (negating is exact: the same gates). The backward pass reads W.
    W_n = W.copy()
    W_n[: 2 * H] *= -1.0
    with np.errstate(over="ignore", under="ignore"):  # exp(-a) may overflow to inf: sigmoid 0, exactly
        for t in range(T):
            g, h = G[t], U[t, :H]  # h = h_{t-1}
            if reset_after:
                np.matmul(W_n, U[t], out=a)  # (3H, B): -a_z, -a_r, n_t
                g[: 2 * H] = sigmoid_of_negated(a[: 2 * H])  # z, r
                V[t] = a[Nr]
                np.multiply(g[Rr], V[t], out=tmp)  # r * n_t
                g[Nr] += tmp
            else:
                sigmoid_of_negated(np.matmul(W_n, U[t], out=g[: 2 * H]))  # (2H, B): z, r
                np.multiply(g[Rr], h, out=V[t, :H])  # r * h_{t-1}
                np.matmul(W_h, V[t], out=g[Nr])  # (H, B): a_h
            tanh(g[Nr], out=g[Nr])  # h~
            np.subtract(g[Nr], h, out=tmp)
            tmp *= g[Zr]
            np.add(h, tmp, out=hs[t])  # h_t = h_{t-1} + z*(h~ - h_{t-1}) = (1-z)*h_{t-1} + z*h~
            if t + 1 < T:
                U[t + 1, :H] = hs[t]

    hs_out = _batch_first(hs)
    cache = GRUCache(reset_after, params, W, W_h, U, V, G, hs_out)
    gates = {g: _batch_first(G[:, rows]) for g, rows in (("z", Zr), ("r", Rr), ("h_tilde", Nr))}
    return hs_out, hs_out[-1].copy(), cache, gates, {"h": hs_out}


def gru_backward(cache, dhs, dh_T, work):
    """BPTT. Returns ``grads, dxs, dh_0, state_grads``."""
    reset_after, params, W, W_h, U, V, G, hs = cache
    T, B, H = hs.shape
    D = U.shape[1] - H - 1
    Zr, Rr, Nr = slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)
    n_W = len(W)  # 2H, or 3H with the n_t rows
    WT = np.ascontiguousarray(W[:, :-1].T)  # (H+D, n_W); the bias column passes nothing back
    dW, dW_t = np.zeros_like(W), np.empty_like(W)
    dH = np.empty((T, H, B))
    da = np.empty((3 * H, B))  # dL/d a_z, a_r, then a_h (or n_t for reset_after)
    dsig, tmp, dz = np.empty((2 * H, B)), np.empty((H, B)), np.empty((H + D, B))
    dxs = np.empty((T, D, B))
    dh_next = dh_T.T.copy()
    dhs_cols = scratch(work, "dhs", (T, H, B))
    dhs_cols[...] = dhs.transpose(0, 2, 1)  # one transposing copy, not one per step
    if reset_after:
        dA_h = scratch(work, "dA_h", (T, H, B))  # every step's dL/da_h, for W_hx, b_h, dxs
    else:
        W_hT = np.ascontiguousarray(W_h[:, :-1].T)  # (H+D, H)
        dW_h, dW_h_t, dv = np.zeros_like(W_h), np.empty_like(W_h), np.empty((H + D, B))
    for t in range(T - 1, -1, -1):
        g, h = G[t], U[t, :H]  # h = h_{t-1}
        z, r, h_tilde = g[Zr], g[Rr], g[Nr]
        dh = np.add(dhs_cols[t], dh_next, out=dH[t])
        np.subtract(h_tilde, h, out=da[Zr])
        da[Zr] *= dh  # dL/dz = dh * (h~ - h_{t-1})
        da_h = dA_h[t] if reset_after else da[Nr]
        np.multiply(h_tilde, h_tilde, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        tmp *= z
        np.multiply(dh, tmp, out=da_h)  # dL/da_h = dh * z * (1 - h~**2)
        np.subtract(1.0, z, out=dh_next)
        dh_next *= dh  # the direct path: dh * (1 - z)
        if reset_after:
            np.multiply(da_h, V[t], out=da[Rr])  # dL/dr = da_h * n_t
            np.multiply(da_h, r, out=da[Nr])  # dL/dn_t = da_h * r
        else:
            np.matmul(W_hT, da_h, out=dv)  # (H+D, B): dL/dv_t = [dL/d(r*h_{t-1}); dL/dx_t via h~]
            np.multiply(dv[:H], h, out=da[Rr])  # dL/dr = dL/d(r*h_{t-1}) * h_{t-1}
            np.multiply(dv[:H], r, out=tmp)
            dh_next += tmp  # the path through r*h_{t-1}
            dW_h += np.matmul(da_h, V[t].T, out=dW_h_t)
        # through the sigmoids, with derivatives read off the outputs: s*(1-s)
        np.subtract(1.0, g[: 2 * H], out=dsig)
        dsig *= g[: 2 * H]
        da[: 2 * H] *= dsig
        np.matmul(WT, da[:n_W], out=dz)  # (H+D, B): dL/du_t = [dL/dh_{t-1}; dL/dx_t]
        dh_next += dz[:H]
        if reset_after:
            dxs[t] = dz[H:]
        else:
            np.add(dz[H:], dv[H:], out=dxs[t])
        dW += np.matmul(da[:n_W], U[t].T, out=dW_t)  # this step's share of dL/dW, dL/db

    grads = {"W_z": dW[Zr, :-1], "b_z": dW[Zr, -1], "W_r": dW[Rr, :-1], "b_r": dW[Rr, -1]}
    if reset_after:
        dxs += np.matmul(W_h[:, :-1].T, dA_h)  # the inputs' share through W_hx
        dW_x = np.matmul(dA_h, U[:, H:].transpose(0, 2, 1)).sum(axis=0)  # dL/d[W_hx | b_h]
        grads.update(W_h=np.hstack([dW[Nr, :H], dW_x[:, :-1]]), b_h=dW_x[:, -1], b_hh=dW[Nr, -1])
    else:
        grads.update(W_h=dW_h[:, :-1], b_h=dW_h[:, -1])
    grads = {k: np.array(grads[k]) for k in params}  # own memory, in the order of params
    return grads, _batch_first(dxs), dh_next.T.copy(), {"h": _batch_first(dH)}
