"""Training on one long text: parallel streams, consecutive windows, truncated BPTT.

A text of ``N`` character ids is cut into ``B`` streams of equal length ``L = N // B``, one per
row of a batch. Each batch is the next window of ``T`` characters of every stream:

    inputs   x[t, b] = stream_b[k T + t]          t = 0 .. T-1
    targets  y[t, b] = stream_b[k T + t + 1]      (the next character)

The per-step loss is the mean over every step and stream of ``-log p(y[t, b])``. Truncated
backpropagation through time: the final state of window ``k`` is the initial state of window
``k + 1`` (so the memory runs on across windows), but as a constant. The gradient stops at the
window's start, so one update costs ``T`` steps of BPTT however long the text is.

Each pass over the text (an epoch) starts from zero states and shifts the windows' boundaries by
a random offset in ``0 .. T-1``, drawn from the trainer's seeded generator: the same seed, the
same run.
"""

import math
import time
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from .._validate import check_number, check_seed, check_size
from ..cells._state import detach
from .optim import Adam, clip_grad_norm


def _check_ids(ids, V):
    ids = np.asarray(ids)
    if ids.ndim != 1 or ids.dtype.kind not in "iu":
        raise ValueError(f"ids must be a 1-D array of integer character ids; got {ids.dtype} of shape {ids.shape}")
    if ids.size and (ids.min() < 0 or ids.max() >= V):
        raise ValueError(f"ids must lie in 0..{V - 1} for a model with {V} inputs; "
                         f"got values from {ids.min()} to {ids.max()}")  # fmt: skip
    return ids


def stream_windows(ids, batch_size, seq_len, offset=0):
    """Every window of one pass over ``ids``, in order.

    Returns
    -------
    x, y : int ndarrays, shape (n_windows, T, B)
        ``x[k]`` is window ``k``'s inputs, ``y[k]`` its targets (each input's next character).
    """
    B, T = check_size("batch_size", batch_size), check_size("seq_len", seq_len)
    ids = np.asarray(ids)
    L = (len(ids) - offset) // B  # characters per stream
    n = (L - 1) // T  # whole windows per stream (a target needs one character more)
    if n < 1:
        raise ValueError(f"{len(ids)} characters (offset {offset}) make streams of {L}, too short for one window of "
                         f"seq_len={T} in batch_size={B} streams; need at least {B * (T + 1) + offset}")  # fmt: skip
    streams = ids[offset : offset + B * L].reshape(B, L)  # (B, L): row b is stream b
    x = streams[:, : n * T].reshape(B, n, T).transpose(1, 2, 0)  # (n, T, B)
    y = streams[:, 1 : n * T + 1].reshape(B, n, T).transpose(1, 2, 0)  # (n, T, B)
    return x, y


@dataclass
class StreamHistory:
    """One entry per ``log_every`` updates: the mean training loss since the last entry, in bits per character."""

    step: list = field(default_factory=list)
    train_bpc: list = field(default_factory=list)
    chars_seen: list = field(default_factory=list)
    seconds: float = 0.0


class StreamTrainer:
    """Trains a per-step model (``SequenceModel(cell, V, per_step=True)``) on one long text, in stages.

    Parameters
    ----------
    model : SequenceModel with ``per_step=True``; its cell reads one-hot characters (``input_size == V``)
    ids : int array, shape (N,)
        The training text as character ids.
    batch_size, seq_len : int
        ``B`` streams, windows of ``T`` characters.
    lr : float
        Adam's learning rate.
    clip : float or None
        Global gradient-norm limit.
    seed : int
        Seeds the windows' offsets.

    Examples
    --------
    >>> trainer = StreamTrainer(model, ids, batch_size=32, seq_len=64, seed=0)
    >>> trainer.train(500)      # 500 updates
    >>> trainer.train(500)      # 500 more, carrying on where it stopped
    """

    def __init__(self, model, ids, *, batch_size=32, seq_len=64, lr=3e-3, clip=1.0, seed=0):
        if not getattr(model, "per_step", False):
            raise ValueError("model must predict at every step: SequenceModel(cell, vocab_size, per_step=True)")
        self.V = model.cell.input_size
        if model.output_size != self.V:
            raise ValueError(f"a character model reads and predicts the same characters: input_size "
                             f"{self.V} != output_size {model.output_size}")  # fmt: skip
        self.ids = _check_ids(ids, self.V)
        self.model = model
        self.batch_size, self.seq_len = check_size("batch_size", batch_size), check_size("seq_len", seq_len)
        if clip is not None:
            check_number("clip", clip, lo=0.0)
            if not clip > 0:
                raise ValueError(f"clip must be a positive number or None; got {clip!r}")
        self.clip, self.opt = clip, Adam(lr)
        self.rng = np.random.default_rng([check_seed(seed), 7])
        stream_windows(self.ids, self.batch_size, self.seq_len)  # refuse a text too short, now
        self.eye = np.eye(self.V)
        self.history, self.step = StreamHistory(), 0
        self._windows, self._k, self._state = None, 0, None

    def _next_batch(self):
        if self._windows is None or self._k == len(self._windows[0]):  # a new pass: new offset, zero state
            offset = int(self.rng.integers(self.seq_len))
            self._windows = stream_windows(self.ids, self.batch_size, self.seq_len, offset)
            self._k, self._state = 0, None
        x, y = self._windows[0][self._k], self._windows[1][self._k]
        self._k += 1
        return self.eye[x], y  # (T, B, V) one-hot, (T, B) targets

    def train(self, steps, log_every=100, log=None):
        """Take ``steps`` more updates; record the mean training loss every ``log_every`` updates.

        ``log`` (e.g. ``print``) receives one line per record. Returns ``self.history``.
        """
        steps, log_every = check_size("steps", steps), check_size("log_every", log_every)
        params, losses, start = self.model.params, [], time.perf_counter()
        with threadpool_limits(limits=1, user_api="blas"):
            for _ in range(steps):
                xs, y = self._next_batch()
                value, grads = self.model.loss_and_grads(xs, y, "xent", state=self._state)
                self._state = detach(self.model.final_state)  # carried on, as a constant
                if self.clip:
                    clip_grad_norm(grads, self.clip)
                self.opt.step(params, grads)
                self.step += 1
                losses.append(value / math.log(2))  # nats -> bits
                if self.step % log_every == 0:
                    h = self.history
                    h.step.append(self.step)
                    h.train_bpc.append(float(np.mean(losses)))
                    h.chars_seen.append(self.step * self.batch_size * self.seq_len)
                    losses = []
                    if log:
                        log(f"update {self.step:5d}  training loss {h.train_bpc[-1]:.3f} bits/char")
        self.history.seconds += time.perf_counter() - start
        return self.history


def bits_per_char(model, ids, chunk=2000):
    """Mean ``-log2 p(c_t | c_0 .. c_{t-1})`` over ``t = 1 .. N-1``: one stream from a zero state.

    The text is read in chunks of ``chunk`` characters, the state carried across them, so memory
    stays bounded; the result is the same as reading it in one go.
    """
    V = model.cell.input_size
    ids = _check_ids(ids, V)
    if len(ids) < 2:
        raise ValueError(f"ids needs at least 2 characters (one to read, one to predict); got {len(ids)}")
    chunk = check_size("chunk", chunk)
    eye, state, total = np.eye(V), None, 0.0
    for s in range(0, len(ids) - 1, chunk):
        x, y = ids[s : s + chunk][:, None], ids[s + 1 : s + chunk + 1][:, None]  # (T, 1)
        x = x[: len(y)]
        logits = model.predict(eye[x], state)[:, 0]  # (T, V)
        state = model.final_state
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # log-softmax
        total -= log_p[np.arange(len(y)), y[:, 0]].sum()
    return float(total / (len(ids) - 1) / math.log(2))
