"""The slider figures of the three gate chapters (3, 4 and 5), each with its ``describe``.

* :func:`plot_forget_slider` (chapter 3): ``f = sigmoid(a + b_f)`` on the sigmoid, and what
  ``f**k`` leaves of a memory after ``k`` steps.
* :func:`plot_write_slider` (chapter 4): ``C_t = f * C_prev + i * C_tilde`` as a bar budget.
* :func:`plot_output_slider` (chapter 5): ``h = o * tanh(C)``.

Each ``describe_*`` takes the same keywords as its plot and returns one sentence saying what
that frame shows, computed from the same numbers;
:func:`lstm_lessons.presentation.widgets.explore` uses it as the frame's alt text. Numbers are
printed so that they never read as something they are not: no "-0.00", and no "100 %" for a
gate that is 0.9975.
"""

import matplotlib.pyplot as plt
import numpy as np

from .._validate import check_number
from ..cells.activations import sigmoid, tanh
from ..presentation.plots import half_life_text
from ..presentation.style import GATE_COLORS, INK, MUTED, style_context
from ..training.analysis import memory_half_life

_NOTE = "#555555"  # small annotations: dark enough to read, lighter than the ink


def signed(x, decimals=2):
    """``x`` with its sign, rounded: "+0.40", "-0.30", and "0.00" (never "-0.00") for a zero."""
    r = round(float(x), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{r:.{decimals}f}" if r == 0 else f"{r:+.{decimals}f}"


def percent(share):
    """A share in [0, 1] as a percentage, with as many decimals (up to 2) as it takes not to
    round a share strictly inside (0, 1) to "0 %" or "100 %": 0.73 -> "73 %", 0.9975 -> "99.8 %",
    1e-9 -> "less than 0.01 %"."""
    share = check_number("share", share, 0.0, 1.0)
    p = 100 * share
    for d in range(3):
        if share in (0.0, 1.0) or 0 < round(p, d) < 100:
            return f"{round(p, d):.{d}f} %"
    return "less than 0.01 %" if p < 50 else "more than 99.99 %"


def _forget_numbers(a, b_f, steps):
    f = float(sigmoid(check_number("a", a) + check_number("b_f", b_f)))
    return f, float(memory_half_life(f)), f**steps


def plot_forget_slider(a=0.0, b_f=1.0, C_prev=1.0, steps=10):
    """Chapter 3's slider: pre-activation plus bias give ``f``; ``f`` decides what survives.

    Left: ``f = sigmoid(a + b_f)`` on the sigmoid curve; the dotted line is where ``a = 0``
    lands. Right: the memory ``C_prev * f**k`` if the gate held this value for ``steps`` steps.
    """
    f, half, _ = _forget_numbers(a, b_f, steps)
    C_prev = check_number("C_prev", C_prev, 0.0)
    with style_context():
        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), width_ratios=[1, 1.2])
        z = np.linspace(-7, 7, 281)
        left.plot(z, sigmoid(z), color=GATE_COLORS["forget"], lw=2)
        left.axvline(b_f, color=MUTED, ls=":", lw=1)
        left.annotate("a = 0", (b_f, 0.0), xytext=(3, 2), textcoords="offset points",
                      color=_NOTE, fontsize=9)
        left.plot([a + b_f], [f], "o", color=INK, ms=8, zorder=3)
        # the readout sits in the top-left corner, which the rising curve never reaches
        left.text(0.03, 0.97, f"f = {f:.3f}", transform=left.transAxes, va="top", ha="left")
        left.set(xlim=(-7, 7), ylim=(-0.05, 1.05), xlabel=r"$a + b_f$",
                 ylabel=r"forget gate $f_t$", title=f"a = {signed(a, 0)}, $b_f$ = {signed(b_f, 0)}")
        k = np.arange(steps + 1)
        right.bar(k, C_prev * f**k, color=GATE_COLORS["cell"], width=0.7)
        right.axhline(C_prev / 2, color=_NOTE, ls=":", lw=1)
        right.set(ylim=(0, 1.1 * C_prev) if C_prev > 0 else (0, 1),
                  xlabel="steps the gate stays at this value", ylabel=r"memory left, $f^{\,k}\,C$",
                  title=f"{percent(f)} kept per step\nhalf-life {half_life_text(half)}")
    return fig


def describe_forget_slider(a=0.0, b_f=1.0, steps=10):
    """One sentence for the frame of :func:`plot_forget_slider` at ``a, b_f``."""
    f, half, left = _forget_numbers(a, b_f, steps)
    return (f"Weighted input a = {signed(a, 0)} with forget bias b_f = {signed(b_f, 0)} gives "
            f"f = {f:.3f}: {percent(f)} of the memory survives each step, its half-life is "
            f"{half_life_text(half)}, and after {steps} steps {percent(left)} is left.")


def _write_numbers(i, C_tilde, f, C_prev):
    i, f = check_number("i", i, 0.0, 1.0), check_number("f", f, 0.0, 1.0)
    C_tilde, C_prev = check_number("C_tilde", C_tilde, -1.0, 1.0), check_number("C_prev", C_prev)
    kept, written = f * C_prev, i * C_tilde
    return kept, written, kept + written


def plot_write_slider(i=0.75, C_tilde=0.6, f=0.8, C_prev=0.5):
    """Chapter 4's slider: ``C_t = f * C_prev + i * C_tilde`` as a small bar budget."""
    kept, written, new = _write_numbers(i, C_tilde, f, C_prev)
    rows = [
        (r"kept, $f_t C_{t-1}$", kept, "cell", 1.0),
        (r"offered, $\tilde{C}_t$", C_tilde, "candidate", 0.45),
        (r"written, $i_t \tilde{C}_t$", written, "input", 1.0),
        (r"new memory, $C_t$", new, "cell", 1.0),
    ]
    with style_context():
        fig, ax = plt.subplots(figsize=(8, 3.5))
        y = np.arange(len(rows))[::-1]
        for yk, (_, value, concept, alpha) in zip(y, rows, strict=True):
            ax.barh(yk, value, color=GATE_COLORS[concept], height=0.6, alpha=alpha)
            right = value >= 0
            ax.annotate(signed(value), (value, yk), xytext=(6 if right else -6, 0),
                        textcoords="offset points", ha="left" if right else "right", va="center")
        ax.axvline(0, color=INK, lw=1)
        ax.set_yticks(y, [r[0] for r in rows])
        ax.set(xlim=(-1.6, 1.6), xlabel="value",
               title=f"i = {i:.2f} lets {percent(i)} of the candidate in\n"
               f"(f = {f:g}, $C_{{t-1}}$ = {C_prev:g}, so {kept:.2f} is kept)")
    return fig


def describe_write_slider(i=0.75, C_tilde=0.6, f=0.8, C_prev=0.5):
    """One sentence for the frame of :func:`plot_write_slider` at ``i, C_tilde``."""
    kept, written, new = _write_numbers(i, C_tilde, f, C_prev)
    return (f"Input gate i = {i:.2f} and candidate {signed(C_tilde)} write {signed(written)}; "
            f"with {signed(kept)} kept (f = {f:g} times C_prev = {C_prev:g}) the new memory is "
            f"{signed(new)}.")


def _output_numbers(o, C):
    o, C = check_number("o", o, 0.0, 1.0), check_number("C", C)
    return float(tanh(C)), o * float(tanh(C))


def plot_output_slider(o=0.5, C=1.0):
    """Chapter 5's slider: ``h = o * tanh(C)``, the squashed memory scaled by the output gate."""
    full, h = _output_numbers(o, C)
    with style_context():
        fig, ax = plt.subplots(figsize=(8, 3.5))
        c = np.linspace(-3.2, 3.2, 257)
        ax.plot(c, tanh(c), color=GATE_COLORS["cell"], lw=1.5, ls="--",
                label=r"$\tanh(C_t)$, all of it")
        ax.plot(c, o * tanh(c), color=GATE_COLORS["hidden"], lw=2.2,
                label=rf"$h_t = {o:.2f}\,\tanh(C_t)$")
        ax.vlines(C, 0, h, color=GATE_COLORS["output"], lw=3, zorder=3)
        ax.plot([C], [h], "o", color=GATE_COLORS["hidden"], ms=8, zorder=4)
        ax.axhline(0, color=MUTED, lw=0.8)
        ax.set(xlim=(-3.2, 3.2), ylim=(-1.1, 1.1), xlabel=r"cell state $C_t$",
               ylabel="value shown",
               title=f"o = {o:.2f}, C = {signed(C, 1)}  \u2192  h = {signed(h)}")
        ax.legend(loc="upper left")
    return fig


def describe_output_slider(o=0.5, C=1.0):
    """One sentence for the frame of :func:`plot_output_slider` at ``o, C``."""
    full, h = _output_numbers(o, C)
    return (f"Output gate o = {o:.2f} and memory C = {signed(C, 1)}: the cell shows "
            f"h = {o:.2f} × tanh(C) = {signed(h)} of the {signed(full)} it could show.")
