"""Small plotting functions shared by the chapters.

Each function draws one figure the book uses more than once, with labelled axes,
a title and the colours of ``style.py``. Each takes ``ax=None`` (a new figure
by default), keeps no state, and returns what it drew on.

Figures are made with ``matplotlib.pyplot``, so in a notebook they show when
the cell ends; end the calling line with ``;`` (or assign the result) so the
returned object is not shown a second time.
"""

import numbers

import matplotlib.pyplot as plt
import numpy as np

from .._validate import check_unit_interval
from ..cells.activations import sigmoid, tanh
from ..training.analysis import memory_half_life  # re-exported: the plots show it
from ._heatmap import GATE_NAMES, plot_gate_heatmap
from .style import CYCLE, GATE_COLORS, INK, model_color, model_key, style_context

__all__ = [
    "GATE_NAMES",
    "memory_half_life",
    "plot_gate_heatmap",
    "plot_gradient_norms",
    "plot_learning_curves",
    "plot_memory_decay",
    "plot_sigmoid_tanh",
]


def plot_gradient_norms(norms_by_label, ax=None, title="How far back does the gradient reach?"):
    """``||dL/dh_k||`` against the distance back from the loss, on a log scale.

    Parameters
    ----------
    norms_by_label : dict of str -> array, shape (n_steps,)
        ``norms[d]`` is the gradient norm ``d`` steps before the loss. Zeros
        (gradients that underflowed) are left out of the log-scale plot.
    """
    if not isinstance(norms_by_label, dict) or not norms_by_label:
        raise ValueError(
            f"norms_by_label must be a non-empty dict of label -> 1-D array; got {norms_by_label!r}"
        )
    with style_context():
        ax = _axes(ax, (7, 4))
        colors = _colors(norms_by_label)
        for label, norms in norms_by_label.items():
            y = _as_1d(f"norms_by_label[{label!r}]", norms)
            if np.any(y < 0):
                raise ValueError(f"norms_by_label[{label!r}] holds norms, which cannot be negative")
            ax.plot(
                np.arange(len(y)),
                np.where(y > 0, y, np.nan),
                lw=2,
                label=str(label),
                color=colors[label],
            )
        ax.set(
            yscale="log",
            xlabel=r"steps back from the loss, $t - k$",
            ylabel=r"$\|\partial L / \partial h_k\|$",
            title=title,
        )
        ax.legend()
    return ax


def plot_learning_curves(
    histories,
    ylabel="loss",
    logy=True,
    hline=None,
    hline_label=None,
    xlabel="training step",
    ax=None,
    title="Learning curves",
):
    """Loss (or accuracy) against training steps, one curve per model.

    Parameters
    ----------
    histories : dict of str -> array
        Either values, shape (n,), plotted against 0..n-1, or (step, value)
        pairs, shape (n, 2). Labels that name a model ("lstm", "rnn", "gru", ...)
        get the model's colour from ``style.MODEL_COLORS``.
    hline : float, optional
        A reference level, e.g. the constant predictor's loss 0.167 or the target 0.01.
    """
    if not isinstance(histories, dict) or not histories:
        raise ValueError(f"histories must be a non-empty dict of label -> array; got {histories!r}")
    with style_context():
        ax = _axes(ax, (7, 4))
        colors = _colors(histories)
        for label, hist in histories.items():
            steps, values = _steps_values(label, hist)
            ax.plot(steps, values, lw=1.8, label=str(label), color=colors[label])
        if hline is not None:
            ax.axhline(hline, color=INK, ls="--", lw=1, label=hline_label)
        ax.set(xlabel=xlabel, ylabel=ylabel, title=title, yscale="log" if logy else "linear")
        ax.legend()
    return ax


def plot_sigmoid_tanh(mark=None, x_range=(-6, 6), ax=None, title="The two squashing functions"):
    """``sigmoid`` (gates, 0..1) and ``tanh`` (values, -1..1); ``mark`` dots one input."""
    with style_context():
        ax = _axes(ax, (7, 3.5))
        x = np.linspace(*x_range, 401)
        ax.plot(x, sigmoid(x), lw=2.2, color=GATE_COLORS["forget"], label=r"$\sigma(a)$, gates")
        ax.plot(x, tanh(x), lw=2.2, color=GATE_COLORS["candidate"], label=r"$\tanh(a)$, values")
        for level in (-1, 0, 1):
            ax.axhline(level, color="#BBBBBB", lw=0.8, zorder=0)
        if mark is not None:
            m = float(mark)
            sm, tm = (float(fn(np.array([m]))[0]) for fn in (sigmoid, tanh))
            ax.plot([m, m], [sm, tm], "o", color=INK, ms=6, zorder=3)
            # Both curves rise, so the region up and to the left of a point on one of them,
            # and the region down and to the right, stay clear of it: the upper value's label
            # goes up-left, the lower value's down-right.
            for text, y, up in (
                (rf"$\sigma$ = {sm:.2f}", sm, sm >= tm),
                (f"tanh = {tm:.2f}", tm, tm > sm),
            ):
                ax.annotate(
                    text,
                    (m, y),
                    xytext=(-8, 6) if up else (8, -16),
                    textcoords="offset points",
                    ha="right" if up else "left",
                    bbox=dict(fc="white", ec="none", alpha=0.8, pad=1),
                )
        ax.set(xlabel="pre-activation $a$", ylabel="output", title=title, ylim=(-1.15, 1.15))
        ax.legend(loc="upper left")
    return ax


def plot_memory_decay(f, steps=100, C0=1.0, ax=None, title=None):
    """``C_t = f**t * C_0`` for a constant forget gate, with the half-life marked.

    Parameters
    ----------
    f : float in [0, 1], or a sequence of them (one curve each)
    steps : int, number of time steps shown
    """
    fs = np.atleast_1d(check_unit_interval("f", f))
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1:
        raise ValueError(f"steps must be a positive integer; got {steps!r}")
    t = np.arange(steps + 1)
    with style_context():
        ax = _axes(ax, (7, 3.5))
        for k, fk in enumerate(fs):
            color = GATE_COLORS["cell"] if len(fs) == 1 else CYCLE[k % len(CYCLE)]
            half = memory_half_life(fk)
            ax.plot(
                t,
                C0 * fk**t,
                lw=2.2,
                color=color,
                label=rf"$f$ = {fk:.3g}, half-life {half_life_text(half)}",
            )
            if np.isfinite(half) and half <= steps:
                ax.axvline(half, color=color, ls="--", lw=1.2)
        ax.axhline(C0 / 2, color="#999999", ls=":", lw=1)
        ax.set(
            xlabel="time step $t$",
            ylabel=r"memory $C_t = f^{\,t}\,C_0$",
            ylim=(0, 1.3 * C0) if C0 > 0 else (None, None),
            title=title
            or (
                f"A constant forget gate: half-life {half_life_text(memory_half_life(fs[0]))}"
                if len(fs) == 1
                else "Memory decay under a constant forget gate"
            ),
        )
        if len(fs) == 1:
            ax.legend(loc="upper right")
        else:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return ax


# -- small helpers ------------------------------------------------------------------
def _axes(ax, size):
    return plt.subplots(figsize=size)[1] if ax is None else ax


def _colors(labeled):
    """Each label's colour: a model's own colour, else the next cycle colour no model here uses."""
    taken = {model_color(k) for k in labeled if model_key(k)}
    free = [c for c in CYCLE if c not in taken] or CYCLE
    out, n = {}, 0
    for k in labeled:
        if model_key(k):
            out[k] = model_color(k)
        else:
            out[k], n = free[n % len(free)], n + 1
    return out


def half_life_text(half):
    """A half-life for a label: "2.2 steps", or "infinite" when nothing is forgotten."""
    return "infinite" if np.isinf(half) else f"{half:.1f} steps"


def _as_1d(name, values):
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array; got shape {arr.shape}")
    return arr


def _steps_values(label, hist):
    arr = np.asarray(hist, dtype=np.float64)
    if arr.ndim == 1 and arr.size:
        return np.arange(arr.size), arr
    if arr.ndim == 2 and arr.shape[1] == 2 and arr.shape[0]:
        return arr[:, 0], arr[:, 1]
    raise ValueError(
        f"histories[{label!r}] must be values (n,) or (step, value) pairs (n, 2); got {arr.shape}"
    )
