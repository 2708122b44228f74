"""Figures and small experiments for the chapter on coupled forget and input gates.

The coupled cell writes exactly what it forgets, ``C_t = f_t * C_{t-1} + (1 - f_t) * C~_t``,
so the new cell state is a convex mix of the old one and the candidate.

* :func:`convex_mix` and :func:`plot_convex_mix` (the chapter's slider) show that mix, and
  :func:`describe_convex_mix` says in one sentence what a frame of the slider shows;
* :func:`draw_convex_mix` draws such a mix on given axes (the GRU's update gate mixes the same way);
* :func:`plot_gate_square` shows which ``(f, i)`` pairs an LSTM can use and the coupled cell's line.

The training comparison lives in :mod:`lstm_lessons.figures.runs`.
"""

import matplotlib.pyplot as plt

from .._validate import check_number
from ..presentation.style import GATE_COLORS, INK, style_context


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
    f = check_number("f", f, 0.0, 1.0)
    C_prev, C_tilde = check_number("C_prev", C_prev), check_number("C_tilde", C_tilde)
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
    convex_mix(f, C_prev, C_tilde)  # checks all three numbers before anything is drawn
    f = float(f)
    with style_context():
        # fixed margins, not constrained layout: sliders render dozens of these, twice as fast
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(9, 3.6), width_ratios=(2, 1.1), layout="none")
        fig.subplots_adjust(left=0.075, right=0.975, bottom=0.14, top=0.9, wspace=0.25)
        at_0 = (C_tilde, r"$\tilde C_t$", GATE_COLORS["candidate"])  # f = 0: all candidate
        at_1 = (C_prev, r"$C_{t-1}$", GATE_COLORS["cell"])  # f = 1: all old state
        draw_convex_mix(ax, f, at_0, at_1, "$C_t$", GATE_COLORS["cell"])
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


def describe_convex_mix(f, C_tilde, C_prev=1.5):
    """One sentence for the slider frame ``plot_convex_mix(f, C_tilde, C_prev)`` (its alt text).

    Returns
    -------
    str
        E.g. "f_t = 0.70 keeps 70 % of the old state 1.50 and writes 30 % of the candidate
        -0.80: the new cell state C_t = 0.81 lies between them; the two shares add up to 1."
    """
    C_t = convex_mix(f, C_prev, C_tilde)
    f = float(f)
    return (
        f"f_t = {f:.2f} keeps {100 * f:.0f} % of the old state {C_prev:.2f} and writes "
        f"{100 * (1 - f):.0f} % of the candidate {C_tilde:.2f}: the new cell state "
        f"C_t = {C_t:.2f} lies between them; the two shares add up to 1."
    )


def draw_convex_mix(ax, w, at_0, at_1, name, color, band_alpha=0.12):
    """Draw ``(1 - w) * y_0 + w * y_1`` against the gate ``w`` on ``ax``, the current ``w`` marked.

    ``at_0`` and ``at_1`` are ``(y, label, colour)``: what the mix gives at ``w = 0`` and at
    ``w = 1``, drawn as dashed lines labelled at the right edge. The mix stays in the shaded
    band between them. ``name`` labels the marked value; ``color`` is the band's and marker's.

    Returns
    -------
    float
        The mixed value at ``w``.
    """
    (y_0, _, _), (y_1, _, _) = at_0, at_1
    y = (1.0 - w) * y_0 + w * y_1
    ax.axhspan(min(y_0, y_1), max(y_0, y_1), color=color, alpha=band_alpha, lw=0)
    for value, label, c in (at_0, at_1):
        ax.axhline(value, color=c, ls="--", lw=1)
        box = dict(fc="white", ec="none", pad=1)
        ax.text(1.03, value, label, color=c, va="center", ha="left", bbox=box)
    ax.plot([0, 1], [y_0, y_1], color=INK, lw=1.5)
    ax.plot([w], [y], "o", ms=10, color=color, mec=INK, zorder=3)
    ha = "center" if 0.15 < w < 0.85 else ("left" if w <= 0.15 else "right")
    box = dict(fc="white", ec="none", alpha=0.8, pad=1)
    ax.annotate(
        f"{name} = {y:.2f}", (w, y), xytext=(0, 12), textcoords="offset points", ha=ha, bbox=box
    )
    return y


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
