"""Figures and small measurements for chapter 11, a character-level language model.

* :func:`plot_streams` shows how one text becomes parallel streams and consecutive windows;
* :func:`plot_learning` draws the training loss against the n-gram baselines' held-out bits;
* :func:`plot_sample` shows a generated text (the temperature slider's frames);
* :func:`structure_rates` measures how often generated text closes its quotes and brackets.
"""

import matplotlib.pyplot as plt
import numpy as np

from ..presentation._text_image import CELL_H, CELL_W, compose
from ..presentation.style import CYCLE, INK, MODEL_COLORS, style_context
from ..text.corpus import mark_counts

WINDOW_COLORS = ("#DCEAF7", "#F7E3CF")  # alternate windows: pale blue, pale orange


def _text_axes(image, title, footer=None, dpi=100, min_width=6.2):
    """A figure that shows ``image`` pixel for pixel, with a title (and an optional line below)."""
    h, w = image.shape[:2]
    top, bottom = 0.42, (0.36 if footer else 0.08)
    W, Hgt = max(w / dpi + 0.2, min_width), h / dpi + top + bottom  # inches
    fig = plt.figure(figsize=(W, Hgt), dpi=dpi, layout="none")
    ax = fig.add_axes((0.1 / W, bottom / Hgt, w / dpi / W, h / dpi / Hgt))
    ax.imshow(image, interpolation="nearest")
    ax.set_axis_off()
    fig.suptitle(title, x=0.1 / W, y=1 - 0.06 / Hgt, ha="left", va="top", fontsize=12, fontweight="bold", color=INK)
    if footer:
        fig.text(0.1 / W, 0.04 / Hgt, footer, ha="left", va="bottom", fontsize=10, color=INK)
    return fig


def plot_sample(text, title, footer=None, width=64, rows=12):
    """A generated text as a picture (at most ``rows`` lines of ``width`` characters), titled."""
    lines = text.split("\n")
    shown = "\n".join(lines[:rows])
    while len(shown.split("\n")) < rows:  # the same height for every frame of a slider
        shown += "\n"
    with style_context():
        return _text_axes(compose(shown, None, width=width), title, footer)


def plot_streams(text, batch_size, seq_len, windows=3):
    """The first ``windows`` windows of ``batch_size`` streams of ``text``: one row per stream.

    Row ``b`` is stream ``b`` (a stretch of the text); the colours alternate between windows, so
    each column block is one batch. Newlines are drawn as a ``~`` so every character has a cell.
    """
    L = len(text) // batch_size
    width = windows * seq_len
    rows = [text[b * L : b * L + width].replace("\n", "~") for b in range(batch_size)]
    if L < width:
        raise ValueError(f"text of {len(text)} characters is too short for {batch_size} streams of {width}")
    hexes = [WINDOW_COLORS[(k // seq_len) % 2] for k in range(width)] + ["#FFFFFF"]  # the row's newline last
    row_rgb = np.array([[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in hexes])  # (width + 1, 3)
    rgb = np.tile(row_rgb, (batch_size, 1))[:-1]  # every character of the rows joined by newlines
    image = compose("\n".join(rows), rgb, width=width)
    with style_context():
        fig = _text_axes(image, f"{batch_size} streams, windows of {seq_len} characters",
                         footer=f"row b: stream b; colour blocks: batches 1 to {windows}; ~: a newline")  # fmt: skip
    return fig


def plot_learning(history, baselines, title="Training loss and the n-gram baselines"):
    """Training bits per character against characters seen, with held-out baselines as lines.

    Parameters
    ----------
    history : StreamHistory
    baselines : dict of str -> float
        Label -> held-out bits per character (e.g. ``{"5-gram": 0.85}``).
    """
    with style_context():
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        ax.plot(np.array(history.chars_seen) / 1e6, history.train_bpc, color=MODEL_COLORS["lstm"], lw=2,
                label="LSTM, training loss")  # fmt: skip
        for k, (label, bpc) in enumerate(baselines.items()):
            ax.axhline(bpc, color=CYCLE[(k + 1) % len(CYCLE)], ls="--", lw=1.2, label=f"{label}, held out: {bpc:.2f}")
        ax.set(xlabel="characters read in training (millions)", ylabel="bits per character", title=title)
        ax.set_ylim(0, max(max(history.train_bpc[:3]), *baselines.values()) * 1.05)
        ax.legend(loc="upper right", fontsize=9)
    return fig


def structure_rates(texts):
    """How well generated texts close what they open, over their complete paragraphs.

    Returns a dict: ``quotes_closed`` and ``brackets_closed``, the share of opened quotes and
    brackets that were closed (``lstm_lessons.text.corpus.mark_counts``); ``quotes_stray`` and
    ``brackets_stray``, closing marks with nothing open, per opened mark; and ``quotes`` and
    ``brackets``, how many were opened.
    """
    totals = {kind: {"opened": 0, "closed": 0, "stray": 0} for kind in ("quotes", "brackets")}
    for text in texts:
        for kind, c in mark_counts(text).items():
            for k, v in c.items():
                totals[kind][k] += v
    out = {}
    for kind, c in totals.items():
        n = max(c["opened"], 1)
        out[f"{kind}_closed"], out[f"{kind}_stray"], out[kind] = c["closed"] / n, c["stray"] / n, c["opened"]
    return out


__all__ = ["plot_streams", "plot_learning", "plot_sample", "structure_rates", "CELL_W", "CELL_H"]
