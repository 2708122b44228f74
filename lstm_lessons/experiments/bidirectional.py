"""The experiments of chapter 14: one direction against two, one layer against two, and a leak.

Three networks with (nearly) the same number of parameters read the characters one-hot
(``V = 45``) and label each one (``K`` outputs per step):

    "forward"        LSTMCell(V, 27)                                            one direction
    "bidirectional"  Bidirectional(LSTMCell(V, 16), LSTMCell(V, 16))            hidden 2 x 16
    "two layers"     Stacked([Bidirectional(LSTMCell(V, 11), LSTMCell(V, 11)),
                              Bidirectional(LSTMCell(22, 11), LSTMCell(22, 11))])  two layers of 2 x 11

``run_taggers`` trains each on the quote task (``quote_task.erase_quotes``) with several seeds and
returns one row per run; ``run_language_models`` trains a forward and a bidirectional network to
predict the next character, and measures them as a language model is used: from the past only.
"""

import math
import re

import numpy as np

from ..cells.bidirectional import Bidirectional
from ..cells.lstm import LSTMCell
from ..cells.stacked import Stacked
from ..presentation import _tables
from ..text.corpus import vocabulary
from ..text.quote_task import QuoteTask
from ..text.windows import (
    bits_per_char_from_past,
    predict_chunks,
    predict_windows,
    sample_from_past,
    train_on_windows,
)
from ..training.model import SequenceModel


def _bidirectional(D, H, seed):
    return Bidirectional(LSTMCell(D, H, seed=seed), LSTMCell(D, H, seed=seed + 1000))


MODELS = {
    "forward": ("forward LSTM, H = 27", lambda V, seed: LSTMCell(V, 27, seed=seed)),
    "bidirectional": ("bidirectional, 2 x 16", lambda V, seed: _bidirectional(V, 16, seed)),
    "two layers": ("two bidirectional layers, 2 x 11 each",
                   lambda V, seed: Stacked([_bidirectional(V, 11, seed), _bidirectional(22, 11, seed + 2000)])),
}  # fmt: skip


def make_model(name, V, K, seed):
    """``SequenceModel(cell, K, per_step=True)`` with the cell ``MODELS[name]`` builds, seeded."""
    if name not in MODELS:
        raise ValueError(f"name must be one of {list(MODELS)}; got {name!r}")
    return SequenceModel(MODELS[name][1](V, seed), K, seed=seed, per_step=True)


def tagging_scores(model, task, chunk=1000):
    """Accuracy on every character of ``task`` (read in chunks) and on the quotations' first characters."""
    probs = predict_chunks(model, task.ids, chunk)  # (n, 2)
    n = len(probs)
    right = probs.argmax(axis=1) == task.inside[:n]
    return {"accuracy": float(right.mean()), "opening_accuracy": float(right[task.opening[:n]].mean()),
            "n_chars": n, "n_openings": int(task.opening[:n].sum())}  # fmt: skip


def run_taggers(train, test, names, seeds, *, steps=200, batch_size=128, seq_len=32, lr=2e-2, eval_every=25,
                curve_chars=4000):  # fmt: skip
    """Train every model of ``names`` with every seed on the quote task; one row (a dict) per run.

    Each row holds the model, its parameter count, the held-out accuracy every ``eval_every``
    updates (on the first ``curve_chars`` characters of ``test``) and at the end (on all of it,
    overall and at the quotations' first characters), and the wall time.
    """
    n = curve_chars
    curve_task = QuoteTask(test.text[:n], test.ids[:n], test.inside[:n], test.opening[:n])
    rows = []
    for name in names:
        for seed in seeds:
            model = make_model(name, vocabulary().size, 2, seed)
            history = train_on_windows(model, train.ids, train.inside, steps=steps, batch_size=batch_size,
                                       seq_len=seq_len, lr=lr, seed=seed, eval_every=eval_every,
                                       evaluate=lambda m: tagging_scores(m, curve_task)["accuracy"])  # fmt: skip
            rows.append({"model": name, "seed": seed, "net": model, "n_params": model.n_params,
                         "steps": history.step, "curve": history.evals, "seconds": history.seconds,
                         **tagging_scores(model, test)})  # fmt: skip
    return rows


def lookahead_accuracy(model, task, positions, futures, past=32):
    """Accuracy at ``positions`` when the model sees ``past`` characters before each and ``future`` after,
    per ``future``."""
    truth = task.inside[positions]
    predicted = (predict_windows(model, task.ids, positions, past, k).argmax(axis=1) for k in futures)
    return np.array([np.mean(p == truth) for p in predicted])


WORD = re.compile(r"[a-z]+")


def word_share(text, words):
    """The share of the letter runs of ``text`` that are words of ``words`` (a set)."""
    found = WORD.findall(text)
    return float(np.mean([w in words for w in found])) if found else 0.0


def run_language_models(train_ids, test_ids, vocab, names, seeds, *, steps=200, batch_size=32, seq_len=32, lr=1e-2,
                        past=32, n_test=1500, n_sample=300, n_samples=10, eval_every=25, words=None):  # fmt: skip
    """Train next-character models; one row per (model, seed) with the training loss and the honest test.

    ``train_bits``: the training loss (bits per character) every ``eval_every`` updates, on windows the
    model reads whole. ``test_bits``: bits per character on ``n_test`` positions of ``test_ids``, each
    predicted from the ``past + 1`` characters up to it and nothing after. ``sample``: ``n_sample``
    characters drawn the same way after a priming window, the first of ``n_samples`` drawn side by side;
    ``word_share``: how much of all ``n_samples`` is words of ``words`` (the training text's).
    """
    V = vocab.size
    rows = []
    positions = np.arange(past, past + n_test)
    for name in names:
        for seed in seeds:
            model = make_model(name, V, V, seed)
            history = train_on_windows(model, train_ids[:-1], train_ids[1:], steps=steps, batch_size=batch_size,
                                       seq_len=seq_len, lr=lr, seed=seed, eval_every=eval_every)  # fmt: skip
            ids = sample_from_past(model, test_ids[: past + 1], n_sample, past=past, seed=seed, batch=n_samples)
            samples = [vocab.decode(row) for row in ids]
            sample = samples[0]
            rows.append({"model": name, "seed": seed, "net": model, "steps": history.step,
                         "train_bits": [v / math.log(2) for v in history.train_loss],
                         "test_bits": bits_per_char_from_past(model, test_ids, positions, past),
                         "sample": sample,
                         "word_share": word_share(" ".join(samples), words) if words else float("nan"),
                         "seconds": history.seconds})  # fmt: skip
    return rows


def spread(rows, key, **where):
    """``(mean, min, max)`` of ``key`` over the rows matching ``where`` (e.g. ``model="forward"``)."""
    values = [r[key] for r in rows if all(r[k] == v for k, v in where.items())]
    if not values:
        raise ValueError(f"no row matches {where}")
    return float(np.mean(values)), float(np.min(values)), float(np.max(values))


def _pct(rows, key, **where):
    mean, lo, hi = spread(rows, key, **where)
    return f"{100 * mean:.1f} ({100 * lo:.1f}-{100 * hi:.1f})"


def results_table(rows, caption=""):
    """The tagging runs as an HTML table: one line per model, accuracies as mean (min-max) over the seeds, in %."""
    head = ["model", "parameters", "seeds", "accuracy, %", "at first characters, %", "seconds per run"]
    body = []
    for name in dict.fromkeys(r["model"] for r in rows):
        runs = [r for r in rows if r["model"] == name]
        body.append([MODELS[name][0], f"{runs[0]['n_params']:,}", str(len(runs)),
                     _pct(rows, "accuracy", model=name), _pct(rows, "opening_accuracy", model=name),
                     f"{np.mean([r['seconds'] for r in runs]):.1f}"])  # fmt: skip
    return _tables.html_table(head, body, caption=caption)
