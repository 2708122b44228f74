"""One layer of causal self-attention: the small Transformer of the forecasting chapter.

For a sequence ``x_1 .. x_T`` (time first, ``(T, batch, D)``), with model width ``d``,
``n_heads`` heads of width ``d_h = d / n_heads`` and learned position embeddings ``P``:

    e_t   = W_e x_t + b_e + P_t                           embedding, (d,)
    q_t   = W_q e_t,  k_t = W_k e_t,  v_t = W_v e_t       per head: a block of d_h rows
    s_ts  = q_t . k_s / sqrt(d_h)        if s <= t        scores; the causal mask sets
          = -inf                         if s > t         the future to -inf
    a_ts  = exp(s_ts) / sum_r exp(s_tr)                   attention weights, each row sums to 1
    o_t   = sum_s a_ts v_s                                heads side by side, (d,)
    z_t   = e_t + W_o o_t + b_o                           the residual
    yhat_t = W_y z_t + b_y                                the readout, (K,)

Every position ``t`` gives a forecast from ``x_1 .. x_t`` only; a forecaster reads the last.
Weights act on columns as in the book's equations; batched code computes ``e @ W.T + b``.
The backward pass reads every derivative off stored forward values (the softmax's
``a * (da - sum(a * da))``). No feed-forward block and no layer normalisation: this is the
smallest model that still has what defines a Transformer layer (Vaswani et al. 2017).
"""

from typing import NamedTuple

import numpy as np

from .._validate import (
    as_float_array,
    check_array,
    check_finite,
    check_seed,
    check_sequence,
    check_size,
)
from ..training.losses import mse


def causal_mask(T):
    """``mask[t, s]``: may position ``t`` look at ``s``? True where ``s <= t``. Shape (T, T)."""
    return np.tril(np.ones((check_size("T", T), check_size("T", T)), dtype=bool))


def softmax_rows(scores):
    """Softmax over the last axis, shifted by the row maximum (``-inf`` entries get weight 0)."""
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def causal_attention(Q, K, V, causal=True):
    """One head of scaled dot-product attention, position ``t`` looking only at ``s <= t``.

    Parameters
    ----------
    Q, K : array, shape (T, batch, d_k)
        Queries and keys, time first.
    V : array, shape (T, batch, d_v)
        Values.
    causal : bool
        ``False`` lets every position look at every other (no mask).

    Returns
    -------
    out : ndarray, shape (T, batch, d_v)
        ``out_t = sum_s a_ts v_s`` with ``a_t = softmax_s(q_t . k_s / sqrt(d_k) over s <= t)``.
    """
    Q, K, V = (as_float_array(n, a) for n, a in (("Q", Q), ("K", K), ("V", V)))
    if Q.ndim != 3 or K.shape != Q.shape or V.shape[:2] != Q.shape[:2]:
        raise ValueError(
            "Q and K must have one shape (T, batch, d_k) and V (T, batch, d_v); "
            f"got {Q.shape}, {K.shape}, {V.shape}"
        )
    T, _, d_k = Q.shape
    scores = np.einsum("tbd,sbd->bts", Q, K) / np.sqrt(d_k)  # (B, T, T)
    if causal:
        scores = np.where(causal_mask(T), scores, -np.inf)  # the future is out of reach
    a = softmax_rows(scores)  # (B, T, T), rows sum to 1
    return np.einsum("bts,sbd->tbd", a, V)  # (T, B, d_v)


class AttentionCache(NamedTuple):
    """What the backward pass needs from the forward pass, by name."""

    xs: np.ndarray  # (T, B, D)
    E: np.ndarray  # (T, B, d) embeddings e_t
    Q: np.ndarray  # (B, h, T, d_h)
    K: np.ndarray  # (B, h, T, d_h)
    V: np.ndarray  # (B, h, T, d_h)
    A: np.ndarray  # (B, h, T, T) attention weights
    O: np.ndarray  # (T, B, d) heads side by side  # noqa: E741
    Z: np.ndarray  # (T, B, d) after the residual


class CausalSelfAttention:
    """A one-layer causal self-attention forecaster: embedding, attention, residual, readout.

    Parameters
    ----------
    input_size : int
        ``D``, features per time step.
    d_model : int
        ``d``, the width of the embeddings.
    output_size : int
        ``K``, outputs at each position (the forecast horizon).
    max_len : int
        The longest sequence (rows of the position embedding ``P``).
    n_heads : int
        Heads; must divide ``d_model``.
    seed : int
    causal : bool
        ``False`` removes the mask (every position sees the whole sequence).

    Attributes
    ----------
    params : dict of str -> ndarray (float64)
        ``W_e (d, D), b_e (d,), P (max_len, d), W_q, W_k, W_v, W_o (d, d), b_o (d,),
        W_y (K, d), b_y (K,)``.
    attention : ndarray, shape (batch, n_heads, T, T)
        The weights ``a_ts`` of the last ``forward``.
    """

    def __init__(self, input_size, d_model, output_size, max_len, n_heads=1, seed=0, causal=True):
        D, d, K = (
            check_size(n, v)
            for n, v in (
                ("input_size", input_size),
                ("d_model", d_model),
                ("output_size", output_size),
            )
        )
        self.max_len, self.n_heads = check_size("max_len", max_len), check_size("n_heads", n_heads)
        if d % self.n_heads:
            raise ValueError(f"n_heads must divide d_model; got d_model={d}, n_heads={n_heads}")
        self.input_size, self.d_model, self.output_size, self.causal = D, d, K, bool(causal)
        self.seed = check_seed(seed)
        rng = np.random.default_rng(self.seed)
        u = lambda fan_in, shape: rng.uniform(-1, 1, size=shape) / np.sqrt(fan_in)  # noqa: E731
        self.params = {
            "W_e": u(D, (d, D)),
            "b_e": np.zeros(d),
            "P": 0.1 * rng.standard_normal((self.max_len, d)),
        }
        self.params.update({f"W_{n}": u(d, (d, d)) for n in "qkvo"})
        self.params.update({"b_o": np.zeros(d), "W_y": u(d, (K, d)), "b_y": np.zeros(K)})
        self._cache, self.attention = None, None

    def __repr__(self):
        return (
            f"CausalSelfAttention(input_size={self.input_size}, d_model={self.d_model}, "
            f"output_size="
            f"{self.output_size}, max_len={self.max_len}, n_heads={self.n_heads}, seed={self.seed})"
        )

    @property
    def n_params(self):
        return int(sum(p.size for p in self.params.values()))

    def _heads(self, X):
        """(T, B, d) -> (B, h, T, d_h)."""
        T, B, _ = X.shape
        return X.reshape(T, B, self.n_heads, -1).transpose(1, 2, 0, 3)

    def forward(self, xs):
        """Outputs at every position, ``(T, batch, K)``, for inputs ``(T, batch, D)``."""
        xs = check_sequence("xs", xs, self.input_size)
        T, B, _ = xs.shape
        if T > self.max_len:
            raise ValueError(
                f"xs has T={T} steps, more than max_len={self.max_len} position embeddings"
            )
        p = {k: check_finite(f"params[{k!r}]", v) for k, v in self.params.items()}
        d_h = self.d_model // self.n_heads
        E = xs @ p["W_e"].T + p["b_e"] + p["P"][:T, None]  # (T, B, d)
        Q, K, V = (self._heads(E @ p[f"W_{n}"].T) for n in "qkv")  # (B, h, T, d_h)
        S = Q @ K.transpose(0, 1, 3, 2) / np.sqrt(d_h)  # (B, h, T, T)
        if self.causal:
            S = np.where(causal_mask(T), S, -np.inf)
        A = softmax_rows(S)  # (B, h, T, T)
        O = (A @ V).transpose(2, 0, 1, 3).reshape(T, B, self.d_model)  # noqa: E741 (T, B, d)
        Z = E + O @ p["W_o"].T + p["b_o"]  # (T, B, d): the residual
        self._cache, self.attention = AttentionCache(xs, E, Q, K, V, A, O, Z), A
        return Z @ p["W_y"].T + p["b_y"]  # (T, B, K)

    def backward(self, dys):
        """Gradients for the last ``forward``: ``dys`` (T, batch, K) -> ``grads, dxs``."""
        if self._cache is None:
            raise ValueError(
                "CausalSelfAttention.backward() needs a forward() first: "
                "there is nothing to backpropagate"
            )
        xs, E, Q, K, V, A, O, Z = self._cache  # noqa: E741
        T, B, _ = Z.shape
        dys = check_array(
            "dys",
            dys,
            (T, B, self.output_size),
            f"(T={T}, batch={B}, K={self.output_size}), the shape of the last forward's output",
        )
        p, d_h = self.params, self.d_model // self.n_heads
        g = {"W_y": np.einsum("tbk,tbd->kd", dys, Z), "b_y": dys.sum(axis=(0, 1))}
        dZ = dys @ p["W_y"]  # (T, B, d)
        g["W_o"], g["b_o"] = np.einsum("tbd,tbe->de", dZ, O), dZ.sum(axis=(0, 1))
        dO = self._heads(dZ @ p["W_o"])  # (B, h, T, d_h)
        dA = dO @ V.transpose(0, 1, 3, 2)  # (B, h, T, T)
        dV = A.transpose(0, 1, 3, 2) @ dO  # (B, h, T, d_h)
        dS = (
            A * (dA - np.sum(A * dA, axis=-1, keepdims=True)) / np.sqrt(d_h)
        )  # softmax; masked a = 0
        dQ, dK = dS @ K, dS.transpose(0, 1, 3, 2) @ Q  # (B, h, T, d_h)
        dE = dZ.copy()  # the residual passes dZ straight through
        for n, dX in (("q", dQ), ("k", dK), ("v", dV)):
            dX = dX.transpose(2, 0, 1, 3).reshape(T, B, self.d_model)  # (T, B, d)
            g[f"W_{n}"] = np.einsum("tbd,tbe->de", dX, E)
            dE += dX @ p[f"W_{n}"]
        g["W_e"], g["b_e"] = np.einsum("tbd,tbi->di", dE, xs), dE.sum(axis=(0, 1))
        g["P"] = np.zeros_like(p["P"])
        g["P"][:T] = dE.sum(axis=1)
        return {k: g[k] for k in p}, dE @ p["W_e"]

    def predict(self, xs):
        """The forecast read at the last position: ``(batch, K)``."""
        return self.forward(xs)[-1]

    def loss_and_grads(self, xs, y, loss="mse"):
        """MSE of the last position's forecast against ``y`` (batch, K), and every gradient."""
        if loss != "mse":
            raise ValueError(
                f"CausalSelfAttention forecasts numbers; loss must be 'mse'; got {loss!r}"
            )
        ys = self.forward(xs)
        value, dy = mse(ys[-1], y)
        dys = np.zeros_like(ys)
        dys[-1] = dy  # the loss looks only at the last position
        grads, _ = self.backward(dys)
        return value, grads
