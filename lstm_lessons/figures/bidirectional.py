"""Figures for chapter 14, stacked and bidirectional networks.

* ``plot_tagged_text``: a passage with each character shaded by a model's P(inside a quotation),
  one panel per model, the true quotations marked by a bar under the characters.
* ``plot_tagging_curves``: held-out accuracy against updates, the seeds' mean and their range.
* ``plot_lookahead``: accuracy at the quotations' first characters against how far ahead a model may read.
* ``lookahead_slider``: the slider version, one passage shaded for each amount of future.
* ``plot_leak``: a language model's training loss against its honest test loss, forward and bidirectional.

Every function returns a new pyplot figure with a title and labelled axes; the caller shows it (``plt.show()``).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.patches import Rectangle

from ..presentation.style import CYCLE, INK, OKABE_ITO, style_context
from ..text.windows import predict_windows
from ..training.losses import softmax

INSIDE = LinearSegmentedColormap.from_list("inside", ["#FFFFFF", OKABE_ITO["sky_blue"], OKABE_ITO["blue"]])
COLORS = {
    "forward": OKABE_ITO["vermillion"],
    "bidirectional": OKABE_ITO["blue"],
    "two layers": OKABE_ITO["bluish_green"],
}


def _lines(text, width):
    """The passage's lines (split at newlines, then at ``width``), each with its first character's index."""
    out, start = [], 0
    for line in text.split("\n"):
        for k in range(0, max(len(line), 1), width):
            out.append((start + k, line[k : k + width]))
        start += len(line) + 1
    return out


def _draw_passage(ax, text, truth, probs, width=48):
    """Characters on a grid, shaded by ``probs`` (P(inside)), with a bar under the truly inside ones."""
    rows = _lines(text, width)
    for r, (start, line) in enumerate(rows):
        for c, ch in enumerate(line):
            t = start + c
            ax.add_patch(Rectangle((c, r), 1, 0.8, facecolor=INSIDE(float(probs[t])), edgecolor="none"))
            ax.text(c + 0.5, r + 0.42, ch, ha="center", va="center",
                    family="monospace", fontsize=10, color="white" if probs[t] > 0.7 else INK)  # fmt: skip
            if truth[t]:
                ax.plot([c + 0.05, c + 0.95], [r + 0.92, r + 0.92], color=INK, lw=2, solid_capstyle="butt")
    ax.set_xlim(0, width)
    ax.set_ylim(len(rows), 0)
    ax.set_aspect("equal")
    ax.axis("off")


def plot_tagged_text(text, truth, probs, title="Where were the quotes?", width=48):
    """One panel per model: the passage, each character shaded by that model's P(inside a quotation).

    Parameters
    ----------
    text : str
        The passage (quotation marks erased).
    truth : array of 0/1, shape (len(text),)
    probs : dict of str -> array, shape (len(text),)
        Panel title (e.g. "forward LSTM: 80% right") -> P(inside) per character.
    """
    n_lines, k = len(_lines(text, width)), len(probs)
    cell = 8.0 / width  # inches per character
    with style_context():
        fig = plt.figure(figsize=(8.4, 0.75 + k * (n_lines * cell + 0.45) + 0.55))
        axes = fig.subplots(k + 1, 1, height_ratios=[n_lines] * k + [0.45])
        for ax, (label, p) in zip(axes[:-1], probs.items(), strict=True):
            _draw_passage(ax, text, truth, p, width)
            ax.set_title(label, fontsize=11, loc="left")
        fig.suptitle(title, fontweight="bold")
        cbar = fig.colorbar(ScalarMappable(norm=Normalize(0, 1), cmap=INSIDE), cax=axes[-1], orientation="horizontal")
        cbar.set_label("P(inside a quotation); black bar: really inside")
    return fig


def plot_tagging_curves(rows, labels, title="Held-out accuracy while training"):
    """Held-out accuracy against updates: for each model of ``labels`` (name -> legend), the seeds' mean and range."""
    with style_context():
        fig = plt.figure(figsize=(7.5, 4.2))
        ax = fig.subplots()
        for k, (name, label) in enumerate(labels.items()):
            runs = [r for r in rows if r["model"] == name]
            steps, curves = np.array(runs[0]["steps"]), np.array([r["curve"] for r in runs])  # (n,), (seeds, n)
            color = COLORS.get(name, CYCLE[k])
            ax.fill_between(steps, curves.min(axis=0), curves.max(axis=0), color=color, alpha=0.2, lw=0)
            ax.plot(steps, curves.mean(axis=0), color=color, lw=2, label=f"{label} ({len(runs)} seeds)")
        ax.set_xlabel("update")
        ax.set_ylabel("accuracy per character")
        ax.set_title(title)
        ax.legend(loc="lower right")
    return fig


def plot_lookahead(futures, accuracy, title="How far ahead is the answer?"):
    """Accuracy at the quotations' first characters against the characters a model may read ahead.

    ``accuracy``: dict of legend label -> array over ``futures`` (one curve per model, e.g. seeds' mean).
    """
    with style_context():
        fig = plt.figure(figsize=(7.5, 4.0))
        ax = fig.subplots()
        for k, (label, acc) in enumerate(accuracy.items()):
            name = next((n for n in COLORS if label.startswith(n)), None)
            ax.plot(futures, acc, "o-", color=COLORS.get(name, CYCLE[k]), lw=2, label=label)
        ax.set_xlabel("characters the model may read after the one it labels")
        ax.set_ylabel("accuracy at first characters")
        ax.set_title(title)
        ax.set_ylim(0.5, 1.0)
        ax.legend(loc="lower right")
    return fig


def lookahead_frames(model, task, start, length, futures, past=32):
    """P(inside) for ``task.text[start : start + length]`` when ``model`` reads ``past`` characters back
    and ``k`` ahead, one frame per ``k`` in ``futures``."""
    positions = np.arange(start, start + length)
    return {k: softmax(predict_windows(model, task.ids, positions, past, k))[:, 1] for k in futures}


def lookahead_slider(model, task, start, length, futures, past=32):
    """``(plot_fn, describe)`` for ``explore``: the passage shaded by the model reading ``future`` characters ahead."""
    frames = lookahead_frames(model, task, start, length, futures, past)
    text, truth = task.text[start : start + length], task.inside[start : start + length]
    opening = task.opening[start : start + length]

    def counts(future):
        right = (frames[future] > 0.5) == (truth == 1)
        return int(right.sum()), int(right[opening].sum()), int(opening.sum())

    def plot(future):
        n_right, n_open, n_openings = counts(future)
        label = (f"reading {future} characters ahead: {n_right} of {length} characters right, "
                 f"{n_open} of {n_openings} first characters")  # fmt: skip
        title = "The bidirectional network, with a limited future"
        return plot_tagged_text(text, truth, {label: frames[future]}, title=title)

    def describe(future):
        n_right, n_open, n_openings = counts(future)
        return (f"Reading {future} characters ahead (and {past} back), the bidirectional network labels "
                f"{n_right} of the {length} characters of the passage right, and {n_open} of its {n_openings} "
                f"quotations' first characters.")  # fmt: skip

    return plot, describe


def plot_leak(rows, labels, title="A bidirectional language model sees the answer"):
    """Training loss (bits per character) against updates, and each model's honest test loss as a dashed line."""
    with style_context():
        fig = plt.figure(figsize=(7.5, 4.2))
        ax = fig.subplots()
        for k, (name, label) in enumerate(labels.items()):
            runs = [r for r in rows if r["model"] == name]
            steps, curves = np.array(runs[0]["steps"]), np.array([r["train_bits"] for r in runs])
            color = COLORS.get(name, CYCLE[k])
            ax.fill_between(steps, curves.min(axis=0), curves.max(axis=0), color=color, alpha=0.2, lw=0)
            ax.plot(steps, curves.mean(axis=0), color=color, lw=2, label=f"{label}: training loss")
            ax.axhline(np.mean([r["test_bits"] for r in runs]), color=color, ls="--", lw=1.5,
                       label=f"{label}: test, past only")  # fmt: skip
        ax.set_xlabel("update")
        ax.set_ylabel("bits per character")
        ax.set_ylim(0, None)
        ax.set_title(title)
        ax.legend(loc="upper right", fontsize=9)
    return fig
