"""The fused forward pass and backpropagation through time for the LSTM family.

The same arithmetic as ``lstm_step`` (and ``peephole_step``, ``coupled_step``),
arranged for speed over a whole sequence:

* the gate weights are stacked into one matrix ``W`` of shape ``(G*H, H+D)``
  (``G`` gates, blocks in ``_BLOCKS[variant]`` order), so each step makes one matmul;
* every step's ``z_t = [h_{t-1}, x_t]`` lives in one buffer ``Zs`` of shape ``(T, B, H+D)``:
  the inputs are copied in once, before the loop, and each new ``h_t`` is written straight
  into the next row, so nothing is concatenated inside the loop;
* the backward pass reads derivatives off stored outputs (``s*(1-s)``, ``1-t**2``);
  one matmul per step, ``da @ W``, gives both dL/dh_{t-1} and dL/dx_t; and every weight
  gradient is one matmul over all steps, ``dA.T @ Zs``, after the loop.

(For tiny input sizes ``D``, a separate projection ``xs @ W_x.T`` of all steps before the
loop was measured slower than folding ``x_t`` into the per-step matmul as done here.)

Variants: ``"lstm"``; ``"peephole"`` adds ``p_f*C_{t-1}``, ``p_i*C_{t-1}`` to the f and i
pre-activations and ``p_o*C_t`` to o's; ``"coupled"`` has no input gate and writes
``(1 - f_t)`` in its place.
"""

from typing import NamedTuple

import numpy as np

from .activations import sigmoid, tanh

# Gate blocks of the fused matrix, sigmoid gates first, the tanh candidate last.
_BLOCKS = {
    "lstm": ("f", "i", "o", "C"),
    "peephole": ("f", "i", "o", "C"),
    "coupled": ("f", "o", "C"),
}
_GATE_KEY = {"f": "f", "i": "i", "o": "o", "C": "C_tilde"}


class LSTMCache(NamedTuple):
    """What the backward pass needs from the forward pass, by name."""

    variant: str
    params: dict  # the parameters the forward pass used
    W: np.ndarray  # (G*H, H+D) fused weights
    Zs: np.ndarray  # (T, B, H+D): z_t = [h_{t-1}, x_t] of every step
    C0: np.ndarray  # (B, H)
    gates: np.ndarray  # (T, B, G*H) gate outputs, blocks as _BLOCKS[variant]
    Cs: np.ndarray  # (T, B, H)
    tanh_Cs: np.ndarray  # (T, B, H)
    hs: np.ndarray  # (T, B, H)


def scratch(work, name, shape):
    """A buffer from ``work`` (a dict the cell owns), reused while the shape stays the same.

    Only for arrays that never leave the package: fresh arrays of tens of megabytes cost
    more in page faults than the arithmetic done in them.
    """
    buf = work.get(name)
    if buf is None or buf.shape != shape:
        buf = work[name] = np.empty(shape)
    return buf


def _block(name, variant, H):
    k = _BLOCKS[variant].index(name)
    return slice(k * H, (k + 1) * H)


def lstm_family_forward(variant, params, xs, state, work):
    """Run a whole sequence. Returns ``hs, (h_T, C_T), cache, gates, states``."""
    blocks = _BLOCKS[variant]
    T, B, D = xs.shape
    H = params["b_f"].shape[0]
    W = np.concatenate([params[f"W_{g}"] for g in blocks])  # (G*H, H+D)
    b = np.concatenate([params[f"b_{g}"] for g in blocks])  # (G*H,)
    WT = np.ascontiguousarray(W.T)  # (H+D, G*H), contiguous for the matmul in the loop
    F, I, O, Cb = (_block(g, variant, H) if g in blocks else None for g in ("f", "i", "o", "C"))
    n_sig = (len(blocks) - 1) * H  # sigmoid gates come first, contiguous
    peephole = variant == "peephole"

    Zs = scratch(work, "Zs", (T, B, H + D))  # only the next backward reads it
    Zs[:, :, H:] = xs
    Zs[0, :, :H] = state[0]
    A = np.empty((T, B, len(b)))  # pre-activations, then (in place) the gates
    Cs, hs = np.empty((2, T, B, H))
    tanh_Cs = scratch(work, "tanh_Cs", (T, B, H))
    iC = np.empty((B, H))  # i*C~
    C = state[1]
    for t in range(T):
        a = np.matmul(Zs[t], WT, out=A[t])  # (B, G*H) = z_t @ W.T
        a += b
        if peephole:
            a[:, F] += params["p_f"] * C
            a[:, I] += params["p_i"] * C
            sigmoid(a[:, : 2 * H], out=a[:, : 2 * H])  # f, i
        else:
            sigmoid(a[:, :n_sig], out=a[:, :n_sig])  # f, (i,) o
        tanh(a[:, Cb], out=a[:, Cb])  # C~
        f, g = a[:, F], a[:, Cb]
        i = a[:, I] if I is not None else 1.0 - f  # coupled: i_t = 1 - f_t
        np.multiply(f, C, out=Cs[t])
        Cs[t] += np.multiply(i, g, out=iC)  # C_t = f*C_{t-1} + i*C~
        if peephole:
            a[:, O] += params["p_o"] * Cs[t]
            sigmoid(a[:, O], out=a[:, O])
        tanh(Cs[t], out=tanh_Cs[t])
        np.multiply(a[:, O], tanh_Cs[t], out=hs[t])  # h_t = o*tanh(C_t)
        if t + 1 < T:
            Zs[t + 1, :, :H] = hs[t]
        C = Cs[t]

    cache = LSTMCache(variant, params, W, Zs, state[1], A, Cs, tanh_Cs, hs)
    gates = {_GATE_KEY[g]: A[:, :, _block(g, variant, H)] for g in ("f", "i", "C", "o") if g in blocks}
    return hs, (hs[-1].copy(), Cs[-1].copy()), cache, gates, {"h": hs, "C": Cs}


def lstm_family_backward(cache, dhs, dstate, work):
    """BPTT. Returns ``grads, dxs, (dh_0, dC_0), state_grads``."""
    variant, params, W, Zs, C0, G, Cs, tanh_Cs, hs = cache
    blocks = _BLOCKS[variant]
    T, B, H = hs.shape
    F, I, O, Cb = (_block(g, variant, H) if g in blocks else None for g in ("f", "i", "o", "C"))
    n_sig = (len(blocks) - 1) * H
    peephole, coupled = variant == "peephole", variant == "coupled"
    D = Zs.shape[2] - H
    dA = scratch(work, "dA", G.shape)  # dLoss/d(pre-activations), (T, B, G*H)
    dH, dC_all = np.empty((2, T, B, H))
    dact, tmp, dz = np.empty((B, G.shape[2])), np.empty((B, H)), np.empty((B, H + D))
    dxs = np.empty((T, B, D))
    dh_next, dC_next = dstate
    for t in range(T - 1, -1, -1):
        g_t, da = G[t], dA[t]
        # derivatives of the activations, read off the stored outputs: s*(1-s) and 1 - C~**2
        np.subtract(1.0, g_t[:, :n_sig], out=dact[:, :n_sig])
        dact[:, :n_sig] *= g_t[:, :n_sig]
        np.multiply(g_t[:, Cb], g_t[:, Cb], out=dact[:, Cb])
        np.subtract(1.0, dact[:, Cb], out=dact[:, Cb])
        dh = np.add(dhs[t], dh_next, out=dH[t])
        np.multiply(dh, tanh_Cs[t], out=da[:, O])  # dL/do_t
        dC = np.multiply(tanh_Cs[t], tanh_Cs[t], out=dC_all[t])
        np.subtract(1.0, dC, out=dC)
        dC *= g_t[:, O]
        dC *= dh
        dC += dC_next  # dL/dC_t = dh * o * (1 - tanh(C)**2) + dL/dC_t from step t+1
        if peephole:
            dC += da[:, O] * dact[:, O] * params["p_o"]  # o_t also saw C_t
        f, g = g_t[:, F], g_t[:, Cb]
        C_prev = Cs[t - 1] if t else C0
        if coupled:
            np.subtract(C_prev, g, out=tmp)
            np.multiply(dC, tmp, out=da[:, F])  # C_t = g + f*(C_{t-1} - g)
            np.subtract(1.0, f, out=tmp)
            np.multiply(dC, tmp, out=da[:, Cb])
        else:
            np.multiply(dC, C_prev, out=da[:, F])
            np.multiply(dC, g_t[:, I], out=da[:, Cb])
            np.multiply(dC, g, out=da[:, I])
        da *= dact  # through the activations
        dC_next = dC * f
        if peephole:
            dC_next += da[:, F] * params["p_f"] + da[:, I] * params["p_i"]
        np.matmul(da, W, out=dz)  # (B, H+D): dL/dz_t = [dL/dh_{t-1}, dL/dx_t]
        dh_next, dxs[t] = dz[:, :H].copy(), dz[:, H:]

    # Weight gradients: one matmul over all steps.
    dA2 = dA.reshape(T * B, -1)  # (T*B, G*H)
    dW = dA2.T @ Zs.reshape(T * B, H + D)  # (G*H, H+D)
    db = dA2.sum(axis=0)  # (G*H,)

    grads = {}
    for g in blocks:
        grads[f"W_{g}"], grads[f"b_{g}"] = dW[_block(g, variant, H)], db[_block(g, variant, H)]
    if peephole:
        C_prevs = np.concatenate([C0[None], Cs[:-1]])  # (T, B, H)
        grads["p_f"] = np.einsum("tbh,tbh->h", dA[..., F], C_prevs)
        grads["p_i"] = np.einsum("tbh,tbh->h", dA[..., I], C_prevs)
        grads["p_o"] = np.einsum("tbh,tbh->h", dA[..., O], Cs)
    grads = {k: grads[k].copy() for k in params}  # own memory, in the order of params
    return grads, dxs, (dh_next, dC_next), {"h": dH, "C": dC_all}
