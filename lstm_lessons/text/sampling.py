"""Generating text from a character model, one character at a time.

The model reads a priming text, then repeats: turn the scores ``a`` (logits) for the next
character into probabilities, draw one character, feed it back in. The temperature ``tau``
sharpens or flattens the distribution:

    p_j = exp(a_j / tau) / sum_k exp(a_k / tau)

``tau = 1`` samples from the model as trained; ``tau < 1`` favours likely characters, ``tau > 1``
unlikely ones; as ``tau -> 0`` all the probability goes to the largest score, so ``tau = 0`` is
greedy decoding (the argmax at every step). The recurrent state is carried from step to step.

``clamp=(unit, value)`` is an intervention: after every generated step, one unit's memory is
overwritten with ``value`` (the cell state ``C`` for the LSTM family, with ``h = o * tanh(C)``
recomputed for that unit; the hidden state ``h`` otherwise), so we can ask what the model writes
when that unit is stuck.
"""

import numpy as np

from .._validate import check_number, check_seed, check_size
from ..cells.activations import tanh
from ..cells.bidirectional import Bidirectional


def softmax_temperature(logits, temperature):
    """Probabilities ``softmax(logits / temperature)`` row by row; ``temperature = 0`` gives the argmax as one-hot.

    Parameters
    ----------
    logits : array, shape (batch, V)
    temperature : float >= 0

    Returns
    -------
    probs : ndarray, shape (batch, V), rows summing to 1
    """
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 2 or not np.all(np.isfinite(logits)):
        raise ValueError(f"logits must be finite scores of shape (batch, V); got shape {logits.shape}")
    temperature = check_number("temperature", temperature, lo=0.0)
    if temperature == 0:
        return np.eye(logits.shape[1])[logits.argmax(axis=1)]
    a = logits / temperature  # (B, V)
    e = np.exp(a - a.max(axis=1, keepdims=True))  # shifted: no overflow however small tau is
    return e / e.sum(axis=1, keepdims=True)


def _draw(probs, rng):
    """One index per row of ``probs`` (batch, V), by inverting the cumulative distribution."""
    cum = np.cumsum(probs, axis=1)
    return np.minimum((cum < rng.random((len(probs), 1)) * cum[:, -1:]).sum(axis=1), probs.shape[1] - 1)


def _clamp(cell, state, h, unit, value):
    """Overwrite ``unit``'s memory in the (top) layer's final state and in ``h`` (batch, H)."""
    layer = cell.layers[-1] if hasattr(cell, "layers") else cell
    top = state[-1] if hasattr(cell, "layers") else state
    if layer.has_cell_state:
        h_top, C_top = top
        C_top[:, unit] = value
        h_top[:, unit] = layer.gates["o"][-1][:, unit] * tanh(np.asarray(value, dtype=float))
    else:
        h_top = top
        h_top[:, unit] = value
    h[:, unit] = h_top[:, unit]


def sample(model, n, *, prime, batch=1, temperature=1.0, seed=0, clamp=None):
    """Generate ``n`` character ids after ``prime`` from a per-step character model.

    Parameters
    ----------
    model : SequenceModel with ``per_step=True`` whose cell reads one-hot ids (``input_size == V``)
    n : int
        Characters to generate.
    prime : int array, shape (P,), P >= 1
        The priming text's ids; the model reads it all before the first draw.
    batch : int
        Independent samples drawn side by side (one generator, so the batch is reproducible).
    temperature : float >= 0
        0 is greedy decoding.
    seed : int
    clamp : (int, float), optional
        ``(unit, value)``: hold that unit of the (top) layer at ``value`` at every generated step.

    Returns
    -------
    ids : ndarray, shape (batch, n)
    """
    if not getattr(model, "per_step", False):
        raise ValueError(f"model must be a SequenceModel with per_step=True (a prediction after every character); "
                         f"got {type(model).__name__}{' with per_step=False' if hasattr(model, 'per_step') else ''}")
    if any(isinstance(layer, Bidirectional) for layer in getattr(model.cell, "layers", [model.cell])):
        raise ValueError("sample writes one character at a time, but this model has a Bidirectional layer, whose "
                         "backward direction reads text that has not been written yet (chapter 14). To see what such "
                         "a model writes from the past only, use lstm_lessons.text.windows.sample_from_past")
    V = model.cell.input_size
    n, batch, rng = check_size("n", n), check_size("batch", batch), np.random.default_rng(check_seed(seed))
    temperature = check_number("temperature", temperature, lo=0.0)
    prime = np.asarray(prime)
    if prime.ndim != 1 or prime.size == 0 or prime.dtype.kind not in "iu" or prime.min() < 0 or prime.max() >= V:
        raise ValueError(f"prime must be a non-empty 1-D array of ids in 0..{V - 1} (the model predicts the next "
                         f"character from those it has read); got {prime!r}")  # fmt: skip
    if clamp is not None:
        top = model.cell.layers[-1] if hasattr(model.cell, "layers") else model.cell
        if not (isinstance(clamp, tuple) and len(clamp) == 2 and isinstance(clamp[0], (int, np.integer))
                and 0 <= clamp[0] < top.hidden_size):  # fmt: skip
            raise ValueError(f"clamp must be (unit, value) with unit in 0..{top.hidden_size - 1}; got {clamp!r}")
        unit, value = int(clamp[0]), check_number("clamp value", clamp[1])
    eye = np.eye(V)
    xs = np.repeat(eye[prime][:, None], batch, axis=1)  # (P, batch, V)
    logits = model.predict(xs)[-1]  # (batch, V): the prediction after the whole prime
    state, out = model.final_state, np.empty((batch, n), dtype=np.int64)
    for t in range(n):
        out[:, t] = _draw(softmax_temperature(logits, temperature), rng) if temperature else logits.argmax(axis=1)
        if t + 1 == n:
            break
        hs, state = model.cell.forward(eye[out[:, t]][None], state)  # one step: (1, batch, H)
        h = hs[0].copy()
        if clamp is not None:
            _clamp(model.cell, state, h, unit, value)
        logits = model.readout.forward(h)  # (batch, V)
    return out


def sample_text(model, vocab, n, *, prime="\n", batch=None, **options):
    """``sample`` with text in and out: ``prime`` a str, the result a str (or a list of ``batch`` str).

    ``vocab`` is anything with ``encode(str) -> ids`` and ``decode(ids) -> str`` (a ``Vocabulary``).
    """
    ids = sample(model, n, prime=vocab.encode(prime), batch=batch or 1, **options)
    texts = [vocab.decode(row) for row in ids]
    return texts if batch else texts[0]
