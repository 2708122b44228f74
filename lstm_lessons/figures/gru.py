"""Figures for the GRU chapter: what the update gate ``z`` and the reset gate ``r`` do.

One GRU unit with hand-set numbers (hidden and input size 1), so that each gate's effect
can be read off a plot:

    h~_t = tanh(a_x + w_hh * (r_t * h_{t-1}))       the candidate, reset before the product
    h_t  = (1 - z_t) * h_{t-1} + z_t * h~_t         the new state

``a_x`` stands for the input's contribution ``W_hx @ x_t + b_h``. With a single unit and no
``b_hh`` the two conventions (reset before or after the product) give the same candidate,
since ``w_hh * (r * h) = r * (w_hh * h)``; the chapter shows where they differ.
The update mixes like the coupled cell's, and is drawn by the same
:func:`lstm_lessons.figures.coupled.draw_convex_mix`; the training comparison uses
:mod:`lstm_lessons.figures.runs`.
"""

import matplotlib.pyplot as plt
import numpy as np

from .._validate import check_number
from ..cells.activations import tanh
from ..presentation.style import GATE_COLORS, INK, style_context
from .coupled import draw_convex_mix

H_PREV, A_X, W_HH = 0.9, -0.6, 1.5  # the slider's fixed numbers


def scalar_gru(z, r, h_prev=H_PREV, a_x=A_X, w_hh=W_HH):
    """One step of a one-unit GRU from given gate values: returns ``(h_tilde, h)``.

    Parameters
    ----------
    z, r : float in [0, 1]
        Update and reset gate values (in the book's convention: ``z = 1`` takes the candidate).
    h_prev : float
        The previous state ``h_{t-1}``.
    a_x : float
        The input's contribution to the candidate, ``W_hx x_t + b_h``.
    w_hh : float
        The candidate's recurrent weight.
    """
    z, r = check_number("z", z, 0.0, 1.0), check_number("r", r, 0.0, 1.0)
    h_prev, a_x, w_hh = (
        check_number(n, v) for n, v in (("h_prev", h_prev), ("a_x", a_x), ("w_hh", w_hh))
    )
    h_tilde = float(tanh(np.array(a_x + w_hh * r * h_prev)))
    return h_tilde, (1.0 - z) * h_prev + z * h_tilde


def plot_gru_gates(z, r, h_prev=H_PREV, a_x=A_X, w_hh=W_HH):
    """The slider figure: the reset gate shapes the candidate, the update gate mixes old and new.

    Left: the candidate ``h~_t`` against ``r`` (``r = 0``: the candidate ignores the past).
    Right: ``h_t`` against ``z``, a straight line from ``h_{t-1}`` (``z = 0``) to ``h~_t``
    (``z = 1``), the direction of Chung et al. (2014); the top axis gives the update gate of
    Cho et al. (2014) and PyTorch, which points the other way: ``1 - z``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    h_tilde, h = scalar_gru(z, r, h_prev, a_x, w_hh)
    rs = np.linspace(0, 1, 101)
    curve = tanh(a_x + w_hh * rs * h_prev)
    box = dict(fc="white", ec="none", alpha=0.8, pad=1)
    with style_context():
        # fixed margins, not constrained layout: sliders render dozens of these, twice as fast
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(9.5, 3.9), layout="none")
        fig.subplots_adjust(left=0.085, right=0.97, bottom=0.13, top=0.8, wspace=0.3)
        ax.plot(rs, curve, color=GATE_COLORS["candidate"], lw=2)
        ax.plot([r], [h_tilde], "o", ms=10, color=GATE_COLORS["candidate"], mec=INK, zorder=3)
        ax.annotate(
            rf"$\tilde h_t$ = {h_tilde:.2f}",
            (r, h_tilde),
            xytext=(0, -20),
            textcoords="offset points",
            ha="center" if 0.15 < r < 0.85 else ("left" if r <= 0.15 else "right"),
            bbox=box,
        )
        ax.axhline(0, color="#BBBBBB", lw=0.8, zorder=0)
        ax.set(
            xlim=(-0.03, 1.03),
            ylim=(-1.05, 1.05),
            xlabel="reset gate $r_t$",
            ylabel=r"candidate $\tilde h_t$",
        )
        ax.set_title("Reset: how much past it sees", pad=36)  # level with the right panel's title
        at_0 = (h_prev, r"$h_{t-1}$", GATE_COLORS["hidden"])  # z = 0: keep the old state
        at_1 = (h_tilde, r"$\tilde h_t$", GATE_COLORS["candidate"])  # z = 1: take the candidate
        draw_convex_mix(bx, z, at_0, at_1, "$h_t$", GATE_COLORS["update"], band_alpha=0.10)
        bx.set(
            xlim=(-0.03, 1.16),
            ylim=(-1.05, 1.25),
            xlabel="update gate $z_t$ (this book, Chung et al.)",
            ylabel="new state $h_t$",
        )
        top = bx.secondary_xaxis("top", functions=(lambda x: 1 - x, lambda x: 1 - x))
        top.set_xlabel("PyTorch's (and Cho et al.'s) update gate $= 1 - z_t$", fontsize=9)
        top.set_xticks([0, 0.5, 1])
        bx.set_title("Update: old state or candidate", pad=8)
    return fig


def describe_gru_gates(z, r, h_prev=H_PREV, a_x=A_X, w_hh=W_HH):
    """One sentence for the slider frame ``plot_gru_gates(z, r, ...)`` (its alt text).

    Returns
    -------
    str
        What the reset gate lets the candidate see, and where the update gate puts ``h_t``.
    """
    h_tilde, h = scalar_gru(z, r, h_prev, a_x, w_hh)
    z, r = float(z), float(r)
    return (
        f"Reset r_t = {r:.2f}: the candidate sees {100 * r:.0f} % of the old state, "
        f"so h~_t = {h_tilde:.2f}. Update z_t = {z:.2f} (PyTorch's update gate {1 - z:.2f}) "
        f"moves the state {100 * z:.0f} % of the way from h_(t-1) = {h_prev:.2f} to the "
        f"candidate: h_t = {h:.2f}."
    )
