"""The fused forward pass and backpropagation through time for the LSTM family.

The same arithmetic as ``lstm_step`` (and ``peephole_step``, ``coupled_step``),
arranged for speed over a whole sequence:

* the gate weights and biases are stacked into one matrix ``W = [W_g | b_g]`` of shape
  ``(G*H, H+D+1)`` (``G`` gates, blocks in ``_BLOCKS[variant]`` order), and every step's
  ``z_t = [h_{t-1}; x_t; 1]`` lives in one buffer ``Z``, so one matmul ``W @ z_t`` gives
  every pre-activation, bias included. The inputs and the ones are copied in before the
  loop and each new ``h_t`` is written straight into the next column, so nothing is
  concatenated inside the loop;
* one-hot inputs may come as integer ids, ``xs`` of shape ``(T, B)``. Then ``W_x @ x_t + b`` is
  column ``x_t`` of ``W_x`` plus ``b``, looked up rather than multiplied, and the product of each
  step is the recurrent one, ``W_h @ h_{t-1}``, alone. Nobody asks for the gradient of an id, so
  the backward pass skips ``dxs`` and its product is ``W_h.T @ da`` alone. The one-hot rows are
  still written into ``Z`` for the weight gradient. The numbers equal the one-hot floats' to
  rounding: the same sums, added in another order;
* inside this module a step's arrays are *columns*: features down, the batch across,
  shape ``(features, B)``. Each gate is then a contiguous block of rows, and every
  elementwise operation runs over contiguous memory. (With the batch down and the gates
  across, each gate was a strided slice, and NumPy's elementwise loops ran up to five
  times slower on it.) What leaves the module is a transposed view, ``(T, B, features)``;
* the sigmoid gates' rows of the fused matrix are negated for the forward pass, so the product
  gives ``-a`` and the sigmoid, ``1 / (1 + exp(-a))``, needs no negation of its own
  (``sigmoid_of_negated``); negating is exact, so the gates are the same numbers to the bit. The
  backward pass uses the matrix as it is;
* the backward pass reads derivatives off stored outputs (``s*(1-s)``, ``1-t**2``);
  one matmul per step, ``W.T @ da``, gives both dL/dh_{t-1} and dL/dx_t;
* the weight gradient ``sum_t da_t @ z_t.T`` is summed over chunks of ``k`` steps (``k*B``
  about ``_CHUNK_COLS`` columns) while the chunk is still in the cache: each step's ``da``
  goes into its slot of a chunk buffer ``(G*H, k, B)``, and the ``z_t`` of a chunk's steps sit
  side by side in ``Z`` (shape ``(chunks, H+D+1, k, B)``), so one matmul over ``k*B`` columns
  replaces ``k`` thin ones and their ``k`` additions. The sums are the same, added in another
  order;
* the arrays that leave the module (the gates, the states and their gradients) are written
  into last call's arrays when nothing outside the cell holds them any more (``reusable``):
  fresh arrays of tens of megabytes cost page faults on every call.

Variants: ``"lstm"``; ``"peephole"`` adds ``p_f*C_{t-1}``, ``p_i*C_{t-1}`` to the f and i
pre-activations and ``p_o*C_t`` to o's; ``"coupled"`` has no input gate and writes
``(1 - f_t)`` in its place.
"""

import sys
from typing import NamedTuple

import numpy as np

from .activations import sigmoid_of_negated, tanh

# Gate blocks of the fused matrix, sigmoid gates first, the tanh candidate last.
_BLOCKS = {
    "lstm": ("f", "i", "o", "C"),
    "peephole": ("f", "i", "o", "C"),
    "coupled": ("f", "o", "C"),
}
_GATE_KEY = {"f": "f", "i": "i", "o": "o", "C": "C_tilde"}
_CHUNK_COLS = 256  # columns (steps x batch) per matmul of the weight gradient


class LSTMCache(NamedTuple):
    """What the backward pass needs from the forward pass, by name. Arrays are columns."""

    variant: str
    params: dict  # the parameters the forward pass used
    W: np.ndarray  # (G*H, H+D+1) fused weights, biases in the last column
    Z: np.ndarray  # (chunks, H+D+1, k, B): z_t = [h_{t-1}; x_t; 1] of step t = k*c + j at [c, :, j]
    ids: bool  # the inputs came as integer ids (one-hot): no dxs
    C0: np.ndarray  # (H, B)
    gates: np.ndarray  # (T, G*H, B) gate outputs, blocks as _BLOCKS[variant]
    Cs: np.ndarray  # (T, H, B)
    tanh_Cs: np.ndarray  # (T, H, B)
    hs: np.ndarray  # (T, B, H), as returned


def scratch(work, name, shape):
    """A buffer from ``work`` (a dict the cell owns), reused while the shape stays the same.

    Only for arrays that never leave the package: fresh arrays of tens of megabytes cost
    more in page faults than the arithmetic done in them.
    """
    buf = work.get(name)
    if buf is None or buf.shape != shape:
        buf = work[name] = np.empty(shape)
    return buf


def _count(work, name):
    """``work.get(name)`` and its reference count as ``reusable`` sees it (None when absent)."""
    buf = work.get(name)
    return buf, (None if buf is None else sys.getrefcount(buf))


def _calibrate():
    """The count ``_count`` reports for an array that only ``work`` holds, and whether a holder
    outside raises it. CPython counts every reference; an interpreter that borrows some (3.14
    may, for locals) could report a held array as free, so reuse is only switched on where this
    probe tells the two apart."""
    work = {"x": np.empty(1)}
    free = _count(work, "x")[1]
    holder = work["x"]  # noqa: F841 (held, to be counted)
    held = _count(work, "x")[1]
    return free, held > free


_FREE_COUNT, _COUNTS_TELL = _calibrate()


def reusable(work, name, shape):
    """An array for results that leave the package: last call's ``work[name]`` when nothing outside
    ``work`` holds it or a view of it any more, else a new one (kept for the next call).

    A view keeps its base array alive (``view.base``), so the base's reference count says whether
    anyone can still see the old numbers: an array a caller holds is never overwritten. Reusing
    the memory spares the page faults of a fresh array of tens of megabytes on every call. Where
    reference counts cannot tell a held array from a free one (``_calibrate``), every call gets
    a new array.
    """
    buf, count = _count(work, name)
    if buf is None or buf.shape != shape or not _COUNTS_TELL or count > _FREE_COUNT:
        buf = work[name] = np.empty(shape)
    return buf


def _rows(variant, H):
    """Gate name -> its block of rows in the fused matrix, for the gates the variant has."""
    return {g: slice(k * H, (k + 1) * H) for k, g in enumerate(_BLOCKS[variant])}


def _chunks(T, B):
    """Steps per chunk of the weight gradient, and the number of chunks."""
    k = max(1, min(T, _CHUNK_COLS // B))
    return k, -(-T // k)


def _batch_first(a):
    """(T, features, B) columns -> a (T, B, features) view, the package's public layout."""
    return a.transpose(0, 2, 1)


def lstm_family_forward(variant, params, xs, state, work):
    """Run a whole sequence of ``xs``, ``(T, B, D)`` floats or ``(T, B)`` integer ids (one-hot).

    Returns ``hs, (h_T, C_T), cache, gates, states``.
    """
    blocks = _BLOCKS[variant]
    ids = xs.ndim == 2
    T, B = xs.shape[:2]
    H = params["b_f"].shape[0]
    D = params["W_f"].shape[1] - H
    W = np.concatenate([np.column_stack([params[f"W_{g}"], params[f"b_{g}"]]) for g in blocks])
    rows = _rows(variant, H)
    F, I, O, Cb = (rows.get(g) for g in "fioC")  # noqa: E741 (I is None for "coupled")
    n_sig = (len(blocks) - 1) * H  # sigmoid gates come first, contiguous
    peephole = variant == "peephole"
    if peephole:
        p_f, p_i, p_o = (params[p][:, None] for p in ("p_f", "p_i", "p_o"))

    # The sigmoid rows negated: W_n @ z_t is -a for them, and sigmoid(a) = 1 / (1 + exp(-a)) needs
    # no negation inside the loop. Negating is exact, so the gates are the same numbers.
    W_n = W.copy()
    W_n[:n_sig] *= -1.0

    k, n_chunks = _chunks(T, B)
    Zc = scratch(work, "Z", (n_chunks, H + D + 1, k, B))  # only the next backward reads it
    Z = [Zc[c, :, j] for c in range(n_chunks) for j in range(k)][:T]  # z_t, (H+D+1, B) views
    if ids:
        Zc[:, H:-1] = 0.0
        t_, b_ = np.indices((T, B))
        Zc[t_ // k, H + xs, t_ % k, b_] = 1.0  # the one-hot x_t, for the weight gradient
        W_h = np.ascontiguousarray(W_n[:, :H])  # (G*H, H)
        W_xb = W_n[:, H:-1] + W_n[:, -1:]  # (G*H, D): W_x with b added to each column
        Wh_h = np.empty((len(W), B))
    else:
        for c in range(n_chunks):
            x_c = xs[c * k : (c + 1) * k]  # (m, B, D), m <= k steps
            Zc[c, H:-1, : len(x_c)] = x_c.transpose(2, 0, 1)
    Zc[:, -1] = 1.0
    Z[0][:H] = state[0].T
    A = reusable(work, "A", (T, len(W), B))  # pre-activations, then (in place) the gates
    Cs, hs = reusable(work, "Cs, hs", (2, T, H, B))
    tanh_Cs = scratch(work, "tanh_Cs", (T, H, B))
    iC = np.empty((H, B))  # i*C~
    C = C0 = state[1].T
    with np.errstate(over="ignore", under="ignore"):  # exp(-a) may overflow to inf: sigmoid 0, exactly
        for t in range(T):
            if ids:  # W_x @ x_t + b looked up, then + W_h @ h_{t-1}
                a = np.take(W_xb, xs[t], axis=1, out=A[t], mode="clip")  # (G*H, B); ids are checked
                np.add(a, np.matmul(W_h, Z[t][:H], out=Wh_h), out=a)
            else:
                a = np.matmul(W_n, Z[t], out=A[t])  # (G*H, B) = W @ z_t, bias included (-a in sigmoid rows)
            if peephole:
                a[F] -= p_f * C
                a[I] -= p_i * C
                sigmoid_of_negated(a[: 2 * H])  # f, i
            else:
                sigmoid_of_negated(a[:n_sig])  # f, (i,) o
            tanh(a[Cb], out=a[Cb])  # C~
            f, g = a[F], a[Cb]
            i = a[I] if I is not None else 1.0 - f  # coupled: i_t = 1 - f_t
            np.multiply(f, C, out=Cs[t])
            Cs[t] += np.multiply(i, g, out=iC)  # C_t = f*C_{t-1} + i*C~
            if peephole:
                a[O] -= p_o * Cs[t]
                sigmoid_of_negated(a[O])
            tanh(Cs[t], out=tanh_Cs[t])
            np.multiply(a[O], tanh_Cs[t], out=hs[t])  # h_t = o*tanh(C_t)
            if t + 1 < T:
                Z[t + 1][:H] = hs[t]
            C = Cs[t]

    hs_out, Cs_out = _batch_first(hs), _batch_first(Cs)
    cache = LSTMCache(variant, params, W, Zc, ids, C0, A, Cs, tanh_Cs, hs_out)
    gates = {_GATE_KEY[g]: _batch_first(A[:, rows[g]]) for g in "fiCo" if g in rows}
    return hs_out, (hs_out[-1].copy(), Cs_out[-1].copy()), cache, gates, {"h": hs_out, "C": Cs_out}


def lstm_family_backward(cache, dhs, dstate, work):
    """BPTT. Returns ``grads, dxs, (dh_0, dC_0), state_grads``; ``dxs`` is None for integer ids."""
    variant, params, W, Z, ids, C0, G, Cs, tanh_Cs, hs = cache
    blocks = _BLOCKS[variant]
    T, B, H = hs.shape
    D = Z.shape[1] - H - 1
    k, _ = _chunks(T, B)
    rows = _rows(variant, H)
    F, I, O, Cb = (rows.get(g) for g in "fioC")  # noqa: E741 (I is None for "coupled")
    n_sig = (len(blocks) - 1) * H
    peephole, coupled = variant == "peephole", variant == "coupled"
    if peephole:
        p_f, p_i, p_o = (params[p][:, None] for p in ("p_f", "p_i", "p_o"))
        dp = {p: np.zeros(H) for p in ("p_f", "p_i", "p_o")}

    # (H+D, G*H) or, for ids, (H, G*H); the bias column passes nothing back
    WT = np.ascontiguousarray(W[:, :H].T if ids else W[:, :-1].T)
    dW, dW_t = np.zeros_like(W), np.empty_like(W)
    dH, dC_all = reusable(work, "dH, dC", (2, T, H, B))
    da, dz = np.empty((len(W), B)), np.empty((len(WT), B))
    dA = np.empty((len(W), k, B))  # the chunk's da, step by step
    dsig, tmp, dC_prev = np.empty((n_sig, B)), np.empty((H, B)), np.empty((H, B))
    dxs = None if ids else np.empty((T, D, B))
    dh_next, dC_next = (s.T for s in dstate)
    dhs_cols = scratch(work, "dhs", (T, H, B))
    dhs_cols[...] = dhs.transpose(0, 2, 1)  # one transposing copy, not one per step
    for t in range(T - 1, -1, -1):
        g_t, (chunk, j) = G[t], divmod(t, k)
        dh = np.add(dhs_cols[t], dh_next, out=dH[t])
        np.multiply(dh, tanh_Cs[t], out=da[O])  # dL/do_t
        dC = np.multiply(tanh_Cs[t], tanh_Cs[t], out=dC_all[t])
        np.subtract(1.0, dC, out=dC)
        dC *= g_t[O]
        dC *= dh
        dC += dC_next  # dL/dC_t = dh * o * (1 - tanh(C)**2) + dL/dC_t from step t+1
        if peephole:
            dC += da[O] * (g_t[O] * (1.0 - g_t[O])) * p_o  # o_t also saw C_t
        f, g = g_t[F], g_t[Cb]
        C_prev = Cs[t - 1] if t else C0
        if coupled:
            np.subtract(C_prev, g, out=tmp)
            np.multiply(dC, tmp, out=da[F])  # C_t = g + f*(C_{t-1} - g)
            np.subtract(1.0, f, out=tmp)
            np.multiply(dC, tmp, out=da[Cb])
        else:
            np.multiply(dC, C_prev, out=da[F])
            np.multiply(dC, g_t[I], out=da[Cb])
            np.multiply(dC, g, out=da[I])
        # through the activations, with derivatives read off the outputs: s*(1-s), 1 - C~**2
        np.subtract(1.0, g_t[:n_sig], out=dsig)
        dsig *= g_t[:n_sig]
        da[:n_sig] *= dsig
        np.multiply(g, g, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        da[Cb] *= tmp
        dC_next = np.multiply(dC, f, out=dC_prev)  # dL/dC_{t-1}
        if peephole:
            dC_next += da[F] * p_f + da[I] * p_i
            for p, r, c in (("p_f", F, C_prev), ("p_i", I, C_prev), ("p_o", O, Cs[t])):
                dp[p] += np.einsum("hb,hb->h", da[r], c)
        np.matmul(WT, da, out=dz)  # (H+D, B): dL/dz_t = [dL/dh_{t-1}; dL/dx_t] (ids: dL/dh_{t-1})
        dh_next = dz[:H]  # read before the next matmul
        if not ids:
            dxs[t] = dz[H:]
        dA[:, j] = da  # its slot in the chunk
        if j == 0:  # the chunk's first step, the last one back: its share of dL/dW and (last column) dL/db
            m = min(k, T - t)  # steps in this chunk
            dW += np.matmul(dA[:, :m].reshape(len(W), m * B), Z[chunk, :, :m].reshape(len(Z[chunk]), m * B).T, out=dW_t)

    grads = {}
    for g, r in rows.items():
        grads[f"W_{g}"], grads[f"b_{g}"] = dW[r, :-1], dW[r, -1]
    if peephole:
        grads.update(dp)
    grads = {k: grads[k].copy() for k in params}  # own memory, in the order of params
    dstate0 = (dh_next.T.copy(), dC_next.T.copy())
    return grads, None if ids else _batch_first(dxs), dstate0, {"h": _batch_first(dH), "C": _batch_first(dC_all)}
