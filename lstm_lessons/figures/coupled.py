"""Figures and small experiments for the chapter on coupled forget and input gates.

The coupled cell writes exactly what it forgets, ``C_t = f_t * C_{t-1} + (1 - f_t) * C~_t``,
so the new cell state is a convex mix of the old one and the candidate.

* :func:`convex_mix` and :func:`plot_convex_mix` (the chapter's slider) show that mix;
* :func:`plot_gate_square` shows which ``(f, i)`` pairs an LSTM can use and the coupled cell's line;
* :func:`train_seeds`, :func:`plot_runs` and :func:`time_forward_backward` run and plot the
  training comparison (also used by the GRU chapter).
"""

import time

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

from ..style import GATE_COLORS, INK, model_color, style_context
from ..training import History, SequenceModel, train


def _check_unit(name, value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [0, 1]; got {value!r}") from None
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"{name} must be a number in [0, 1]; got {value!r}")
    return v


def _check_number(name, value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a finite number; got {value!r}") from None
    if not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    return v


def convex_mix(f, C_prev, C_tilde):
    """The coupled cell's update for one unit: ``C_t = f * C_prev + (1 - f) * C_tilde``.

    Parameters
    ----------
    f : float in [0, 1]
        The forget gate; ``1 - f`` is the share of the candidate that is written.
    C_prev, C_tilde : float
        The old cell state and the candidate value.

    Returns
    -------
    float
        Always between ``C_prev`` and ``C_tilde`` (inclusive).
    """
    f = _check_unit("f", f)
    C_prev, C_tilde = _check_number("C_prev", C_prev), _check_number("C_tilde", C_tilde)
    return f * C_prev + (1.0 - f) * C_tilde


def plot_convex_mix(f, C_tilde, C_prev=1.5):
    """The slider figure: where ``C_t`` lands between ``C_{t-1}`` and ``C~_t`` for a given ``f``.

    Left: ``C_t`` against ``f`` (a straight line from ``C~_t`` at ``f = 0`` to ``C_{t-1}`` at
    ``f = 1``), the current ``f`` marked. Right: the two shares, ``f`` kept and ``1 - f`` written,
    which always add up to one.

    Returns
    -------
    matplotlib.figure.Figure
    """
    f = _check_unit("f", f)
    C_new = convex_mix(f, C_prev, C_tilde)
    lo, hi = min(C_prev, C_tilde), max(C_prev, C_tilde)
    with style_context():
        # fixed margins, not constrained layout: sliders render dozens of these, twice as fast
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(9, 3.6), width_ratios=(2, 1.1), layout="none")
        fig.subplots_adjust(left=0.075, right=0.975, bottom=0.14, top=0.9, wspace=0.25)
        ax.axhspan(lo, hi, color=GATE_COLORS["cell"], alpha=0.12, lw=0)
        ax.axhline(C_prev, color=GATE_COLORS["cell"], ls="--", lw=1)
        ax.axhline(C_tilde, color=GATE_COLORS["candidate"], ls="--", lw=1)
        ax.plot([0, 1], [C_tilde, C_prev], color=INK, lw=1.5)
        ax.plot([f], [C_new], "o", ms=10, color=GATE_COLORS["cell"], mec=INK, zorder=3)
        ax.annotate(
            f"$C_t$ = {C_new:.2f}",
            (f, C_new),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center" if 0.15 < f < 0.85 else ("left" if f <= 0.15 else "right"),
            bbox=dict(fc="white", ec="none", alpha=0.8, pad=1),
        )
        box = dict(fc="white", ec="none", pad=1)
        ax.text(
            1.03, C_prev, r"$C_{t-1}$", color=GATE_COLORS["cell"], va="center", ha="left", bbox=box
        )
        ax.text(
            1.03,
            C_tilde,
            r"$\tilde C_t$",
            color=GATE_COLORS["candidate"],
            va="center",
            ha="left",
            bbox=box,
        )
        ax.set(
            xlim=(-0.03, 1.15),
            ylim=(-1.9, 2.1),
            xlabel="forget gate $f_t$",
            ylabel="new cell state $C_t$",
            title=r"$C_t = f_t\,C_{t-1} + (1-f_t)\,\tilde C_t$",
        )
        bx.bar([0], [f], color=GATE_COLORS["forget"], width=0.6, label=r"kept: $f_t$")
        bx.bar(
            [0],
            [1 - f],
            bottom=[f],
            color=GATE_COLORS["coupled"],
            width=0.6,
            label=r"written: $1-f_t$",
        )
        for y, share in ((f / 2, f), (f + (1 - f) / 2, 1 - f)):
            if share >= 0.1:  # too thin a bar has no room for its number
                bx.text(0, y, f"{share:.2f}", ha="center", va="center", color="white", fontsize=10)
        bx.set(
            xlim=(-0.45, 2.3),
            ylim=(0, 1),
            xticks=[],
            ylabel="share of $C_t$",
            title="The shares add to 1",
        )
        bx.legend(loc="center right", fontsize=9)
    return fig


def plot_gate_square(ax=None, title="What the coupled cell gives up"):
    """The ``(f_t, i_t)`` square: the LSTM may use any point, the coupled cell only ``i = 1 - f``.

    The corners are named by what they do to the cell state.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with style_context():
        if ax is None:
            fig, ax = plt.subplots(figsize=(5, 5))
        fig = ax.figure
        ax.fill(
            [0, 1, 1, 0],
            [0, 0, 1, 1],
            color=GATE_COLORS["input"],
            alpha=0.08,
            lw=0,
            label="LSTM: any $(f_t, i_t)$",
        )
        ax.plot(
            [0, 1], [1, 0], color=GATE_COLORS["coupled"], lw=4, label=r"coupled: $i_t = 1 - f_t$"
        )
        corners = {
            (0, 0): "erase\n$C_t = 0$",
            (1, 0): "hold\n$C_t = C_{t-1}$",
            (0, 1): "overwrite\n$C_t = \\tilde C_t$",
            (1, 1): "accumulate\n$C_t = C_{t-1} + \\tilde C_t$",
        }
        for (x, y), text in corners.items():
            ax.plot([x], [y], "o", color=INK, ms=6, clip_on=False, zorder=3)
            ax.annotate(
                text,
                (x, y),
                xytext=(0, 9 if y else -9),
                textcoords="offset points",
                ha="left" if x == 0 else "right",
                va="bottom" if y else "top",
                fontsize=10,
            )
        ax.set(
            xlim=(-0.04, 1.04),
            ylim=(-0.27, 1.27),
            aspect="equal",
            xlabel="forget gate $f_t$",
            ylabel="input gate $i_t$",
            title=title,
            xticks=[0, 0.5, 1],
            yticks=[0, 0.5, 1],
        )
        ax.legend(loc="center", bbox_to_anchor=(0.68, 0.66), fontsize=9)
    return fig


def train_seeds(make_cell, task, seeds, **train_kwargs):
    """Train one ``SequenceModel`` per seed and return their ``History`` objects.

    Parameters
    ----------
    make_cell : callable
        ``make_cell(seed) -> cell``, e.g. ``lambda s: LSTMCell(2, 16, seed=s)``.
    task : a task from ``lstm_lessons.tasks``
    seeds : sequence of int
        Each seed sets the cell's and readout's initial weights and the training batches.
    **train_kwargs
        Passed on to :func:`lstm_lessons.training.train` (``steps``, ``lr``, ``target``, ...).

    Returns
    -------
    list of History, one per seed, in order
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed, e.g. seeds=[0, 1, 2]; got none")
    if not callable(make_cell):
        raise ValueError(f"make_cell must be callable, seed -> cell; got {make_cell!r}")
    runs = []
    for seed in seeds:
        model = SequenceModel(make_cell(seed), task.output_size, seed=seed)
        runs.append(train(model, task, seed=seed, **train_kwargs))
    return runs


def plot_runs(
    runs,
    target=None,
    chance=None,
    ax=None,
    title="Validation loss, one line per seed",
    ylabel="validation MSE",
):
    """Validation-loss curves for several models and seeds: one colour per model, one line per seed.

    Parameters
    ----------
    runs : dict of str -> list of History
        Labels naming a model ("lstm", "coupled", "gru", ...) get the model's book colour.
    target, chance : float, optional
        Dashed reference lines: the loss that counts as solved and the constant predictor's loss.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if (
        not isinstance(runs, dict)
        or not runs
        or not all(
            isinstance(v, (list, tuple)) and v and all(isinstance(h, History) for h in v)
            for v in runs.values()
        )
    ):
        raise ValueError("runs must be a non-empty dict of label -> non-empty list of History")
    with style_context():
        if ax is None:
            fig, ax = plt.subplots(figsize=(8, 4))
        fig = ax.figure
        for k, (label, histories) in enumerate(runs.items()):
            color = model_color(label, k)
            for j, h in enumerate(histories):
                ax.plot(
                    h.step,
                    h.val_loss,
                    color=color,
                    lw=1.6,
                    alpha=0.85,
                    label=f"{label} ({len(histories)} seeds)" if j == 0 else None,
                )
        if chance is not None:
            ax.axhline(chance, color=INK, ls=":", lw=1, label=f"constant predictor ({chance:.3f})")
        if target is not None:
            ax.axhline(target, color=INK, ls="--", lw=1, label=f"solved ({target:g})")
        ax.set(yscale="log", xlabel="training step", ylabel=ylabel, title=title)
        ax.legend(loc="best")
    return fig


def time_forward_backward(cell, xs, repeats=5):
    """CPU seconds for one forward and backward pass of ``cell`` over ``xs``, best of ``repeats``.

    The clock is this process's CPU time (``time.process_time``), not wall time, and BLAS runs on
    one thread, so other programs busy on the same machine barely move the result; taking the minimum
    removes most of what is left.
    """
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a positive integer; got {repeats!r}")
    best = np.inf
    with threadpool_limits(limits=1, user_api="blas"):  # as in training: one thread per product
        for _ in range(repeats):
            start = time.process_time()
            hs, _ = cell.forward(xs)
            cell.backward(np.ones_like(hs))
            best = min(best, time.process_time() - start)
    return float(best)
