"""Per-step models on windows of one long text: training, prediction with a chosen past and future.

A per-step model (``SequenceModel(cell, K, per_step=True)``) gives one prediction ``y_hat_t`` for
every character it reads. Here it learns from random windows of ``T`` consecutive characters,

    x = ids[s : s + T],   y = targets[s : s + T],   s drawn uniformly, every window from a zero state,

and is tested on what it may see. ``predict_windows`` asks for the prediction at position ``p``
from a window holding ``past`` characters before ``p`` and ``future`` after it:

    window(p) = ids[p - past : p + future + 1],     the prediction read at the window's position ``past``

With ``future = 0`` every model is causal, however it was built: this is how a language model is
used, one character at a time, and ``sample_from_past`` generates text that way. A bidirectional
network's backward direction then starts at ``p`` itself and has read nothing of what follows.
"""

import math
import time
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from .._validate import check_number, check_seed, check_size
from ..training.losses import softmax
from ..training.optim import Adam, clip_grad_norm
from .sampling import softmax_temperature


def _check_ids(name, ids, n_classes=None):
    ids = np.asarray(ids)
    if ids.ndim != 1 or ids.dtype.kind not in "iu" or ids.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of integer ids; got {ids.dtype} of shape {ids.shape}")
    if n_classes is not None and (ids.min() < 0 or ids.max() >= n_classes):
        raise ValueError(f"{name} must lie in 0..{n_classes - 1}; got values from {ids.min()} to {ids.max()}")
    return ids


def _one_hot(model, ids):
    return np.eye(model.cell.input_size)[ids]  # (..., V)


@dataclass
class WindowHistory:
    """What ``train_on_windows`` recorded: the mean training loss (nats) and ``evaluate(model)``
    every ``eval_every`` updates."""

    step: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    evals: list = field(default_factory=list)
    seconds: float = 0.0


def train_on_windows(model, ids, targets, *, steps, batch_size=32, seq_len=32, lr=1e-2, clip=1.0, seed=0,
                     evaluate=None, eval_every=50):  # fmt: skip
    """Train a per-step model on random windows of ``ids`` with one label per character.

    Parameters
    ----------
    model : SequenceModel with ``per_step=True``, reading one-hot ids (``cell.input_size`` = V)
    ids, targets : int arrays, shape (N,)
        The text and the label of each character (for a language model: the next character).
    steps, batch_size, seq_len : int
        Adam updates, windows per batch ``B``, window length ``T``.
    lr, clip : float
        Adam's learning rate; the global gradient-norm limit (None: no clipping).
    seed : int
        Seeds the windows' positions: the same seed, the same run.
    evaluate : callable (model) -> float, optional
        Called every ``eval_every`` updates (and after the last); its values go to ``history.evals``.

    Returns
    -------
    WindowHistory
    """
    if not getattr(model, "per_step", False):
        raise ValueError("model must predict at every step: SequenceModel(cell, n_labels, per_step=True)")
    ids = _check_ids("ids", ids, model.cell.input_size)
    targets = _check_ids("targets", targets, model.output_size)
    if len(targets) != len(ids):
        raise ValueError(f"targets must have one label per character: {len(ids)}; got {len(targets)}")
    steps, B, T = check_size("steps", steps), check_size("batch_size", batch_size), check_size("seq_len", seq_len)
    eval_every = check_size("eval_every", eval_every)
    if len(ids) < T:
        raise ValueError(f"the text has {len(ids)} characters, fewer than one window of seq_len={T}")
    rng, opt = np.random.default_rng([check_seed(seed), 14]), Adam(check_number("lr", lr, lo=0.0))
    history, losses, start, params = WindowHistory(), [], time.perf_counter(), model.params
    with threadpool_limits(limits=1, user_api="blas"):
        for step in range(1, steps + 1):
            starts = rng.integers(0, len(ids) - T + 1, size=B)  # (B,)
            index = starts[None, :] + np.arange(T)[:, None]  # (T, B)
            value, grads = model.loss_and_grads(_one_hot(model, ids[index]), targets[index], "xent")
            if clip:
                clip_grad_norm(grads, clip)
            opt.step(params, grads)
            losses.append(value)
            if step % eval_every == 0 or step == steps:
                history.step.append(step)
                history.train_loss.append(float(np.mean(losses)))
                history.evals.append(evaluate(model) if evaluate else float("nan"))
                losses = []
    history.seconds = time.perf_counter() - start
    return history


def predict_chunks(model, ids, chunk=1000):
    """Probabilities for every character of ``ids``, read in chunks of ``chunk`` as one batch.

    Each chunk is a sequence of its own (zero initial states), so a model sees up to ``chunk``
    characters on either side; the last ``len(ids) % chunk`` characters are left out.

    Returns
    -------
    probs : ndarray, shape (n * chunk, K)
    """
    ids, chunk = _check_ids("ids", ids, model.cell.input_size), check_size("chunk", chunk)
    n = len(ids) // chunk
    if n == 0:
        raise ValueError(f"ids has {len(ids)} characters, fewer than one chunk of {chunk}")
    index = np.arange(n * chunk).reshape(n, chunk).T  # (T, n): column b is chunk b
    probs = softmax(model.predict(_one_hot(model, ids[index])))  # (T, n, K)
    return probs.transpose(1, 0, 2).reshape(n * chunk, -1)  # back in text order


def predict_windows(model, ids, positions, past, future):
    """Scores at each of ``positions`` from a window with ``past`` characters before it and ``future`` after.

    Returns
    -------
    logits : ndarray, shape (len(positions), K)
        Row ``j``: the model's output at ``positions[j]`` having read ``ids[p - past : p + future + 1]``.
    """
    ids = _check_ids("ids", ids, model.cell.input_size)
    positions = _check_ids("positions", positions)
    if (isinstance(past, bool) or isinstance(future, bool)
            or not (int(past) == past >= 0 and int(future) == future >= 0)):  # fmt: skip
        raise ValueError(f"past and future must be whole numbers >= 0; got past={past!r}, future={future!r}")
    past, future = int(past), int(future)
    if positions.min() < past or positions.max() + future >= len(ids):
        raise ValueError(f"every position needs {past} characters before it and {future} after it in ids "
                         f"(0..{len(ids) - 1}); got positions from {positions.min()} to {positions.max()}")  # fmt: skip
    index = positions[None, :] + np.arange(-past, future + 1)[:, None]  # (past + 1 + future, n)
    return model.predict(_one_hot(model, ids[index]))[past]  # (n, K)


def bits_per_char_from_past(model, ids, positions, past):
    """Mean ``-log2 p(ids[p + 1])`` when the model reads only ``ids[p - past : p + 1]``:
    a language model's honest test."""
    positions = _check_ids("positions", positions)
    if positions.max() + 1 >= len(ids):
        raise ValueError(f"each position needs the next character as its target; the last position is {len(ids) - 1}")
    p = softmax(predict_windows(model, ids, positions, past, 0))  # (n, V)
    return float(-np.mean(np.log(p[np.arange(len(positions)), ids[positions + 1]])) / math.log(2))


def sample_from_past(model, prime, n, *, past=32, temperature=1.0, seed=0, batch=None):
    """Generate ``n`` ids as a language model must: each drawn from a window of the last ``past + 1`` ids only.

    Each step reruns the model over the window from zero states, so a bidirectional network's backward
    direction starts at the newest character, as it would at the end of any text it is given.
    Returns shape ``(n,)``; with ``batch=k``, ``k`` samples drawn side by side, shape ``(k, n)``, each
    after the same ``prime``.
    """
    prime = _check_ids("prime", prime, model.cell.input_size)
    n, rng = check_size("n", n), np.random.default_rng(check_seed(seed))
    k = 1 if batch is None else check_size("batch", batch)
    ids = np.repeat(prime[:, None], k, axis=1)  # (P, k): one column per sample
    for _ in range(n):
        window = ids[-(past + 1) :]  # (<= past + 1, k)
        logits = model.predict(_one_hot(model, window))[-1]  # (k, V): after the newest character
        probs = softmax_temperature(logits, temperature)  # (k, V)
        cdf = np.cumsum(probs, axis=1)  # (k, V)
        drawn = (cdf < rng.random((k, 1)) * cdf[:, -1:]).sum(axis=1)  # (k,): the first entry reaching the draw
        ids = np.concatenate([ids, np.minimum(drawn, probs.shape[1] - 1)[None]])
    out = ids[-n:].T  # (k, n)
    return out[0] if batch is None else out
