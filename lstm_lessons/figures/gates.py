"""Hand-set cells, traces and slider figures for the three gate chapters (3, 4 and 5).

* :func:`story_params` sets an LSTM by hand for ``tasks.Story``: the forget gate
  closes on a subject word, so the cell state tracks the *latest* subject.
* :func:`adding_params` sets a cell that writes the marked numbers of
  ``tasks.AddingProblem`` into memory and holds them; :func:`reveal_params`
  adds an output gate that keeps the memory hidden until a "show" flag arrives.
* :func:`plot_traces` draws one panel per gate or state over time.
* ``plot_forget_slider``, ``plot_write_slider``, ``plot_output_slider`` are the
  slider figures, one per chapter, for :func:`lstm_lessons.widgets.explore`.

Every hand-set cell has one hidden unit and zero recurrent weights, so each gate
reads only the current input: ``gate = sigmoid(w * x_t + b)``.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..activations import sigmoid, tanh
from ..analysis import memory_half_life
from ..plots import GATE_NAMES, half_life_text
from ..style import GATE_COLORS, INK, MUTED, style_context
from ..tasks import Story


def _blank(input_size):
    """Parameters of a 1-unit LSTM, all zero: ``W_*`` (1, 1 + input), ``b_*`` (1,)."""
    p = {f"W_{g}": np.zeros((1, 1 + input_size)) for g in "fiCo"}
    p.update({f"b_{g}": np.zeros(1) for g in "fiCo"})
    return p


def _check_positive(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"{name} must be a positive number; got {value!r}")
    return float(value)


def story_params(gain=8.0, forget=True):
    """A hand-set 1-unit LSTM whose cell state holds +1 for "he" and -1 for "she".

    On a subject word: ``f = sigmoid(-gain)`` (forget), ``i = sigmoid(gain)`` (write),
    ``C~ = tanh(+-gain/2)``. On any other word: ``f = sigmoid(gain)`` (keep),
    ``i = sigmoid(-gain)`` (write nothing). The output gate is always open.

    Parameters
    ----------
    gain : float > 0
        How hard the gates open and close.
    forget : bool
        If False, the forget gate never closes (stays at ``sigmoid(gain)``).

    Returns
    -------
    params : dict, as ``lstm_step`` expects; input size ``len(Story.vocab)``.
    """
    gain = _check_positive("gain", gain)
    p = _blank(Story.input_size)
    subject = np.array([w in Story.he + Story.she for w in Story.vocab], dtype=float)
    sign = np.array([(w in Story.he) - (w in Story.she) for w in Story.vocab], dtype=float)
    p["W_f"][0, 1:] = -2 * gain * subject if forget else 0.0
    p["b_f"][:] = gain
    p["W_i"][0, 1:], p["b_i"][:] = 2 * gain * subject, -gain
    p["W_C"][0, 1:] = gain / 2 * sign
    p["b_o"][:] = gain
    return p


def adding_params(scale=0.1, gain=10.0):
    """A hand-set 1-unit LSTM that adds the marked numbers of the adding problem.

    Inputs ``x_t = [value, marker]``. The input gate opens only on a marker
    (``i = sigmoid(2*gain*marker - gain)``), the candidate is ``tanh(scale * value)``,
    close to ``scale * value`` for a small scale, and the forget gate stays open
    (``f = sigmoid(gain)``). So ``C_T / scale`` is about the sum of the marked values.
    """
    scale, gain = _check_positive("scale", scale), _check_positive("gain", gain)
    p = _blank(2)
    p["W_i"][0, 2], p["b_i"][:] = 2 * gain, -gain
    p["W_C"][0, 1] = scale
    p["b_f"][:] = gain
    p["b_o"][:] = gain
    return p


def reveal_params(gain=10.0):
    """Like :func:`adding_params` with ``scale=1``, plus a third input, a "show" flag.

    Inputs ``x_t = [value, write, show]``. The output gate is shut
    (``o = sigmoid(-gain)``) except on a show step (``o = sigmoid(gain)``).
    """
    gain = _check_positive("gain", gain)
    p = _blank(3)  # columns of every W: [h_prev, value, write, show]
    p["W_i"][0, 2], p["b_i"][:] = 2 * gain, -gain
    p["W_C"][0, 1] = 1.0
    p["b_f"][:] = gain
    p["W_o"][0, 3], p["b_o"][:] = 2 * gain, -gain
    return p


def plot_traces(traces, xticklabels=None, title="Gates and states over time", shade=None):
    """One panel per series, stacked over a shared time axis.

    Parameters
    ----------
    traces : dict of str -> array, shape (T,)
        Keys as in ``cell.gates`` / ``cell.states`` ("f", "i", "C_tilde", "o", "C",
        "h") get that gate's colour and label; any other key is drawn in grey
        with the key as its label. Gates are drawn on 0..1.
    xticklabels : sequence of str, length T, optional
        E.g. the words of a story.
    shade : sequence of int, optional
        Time steps to shade in every panel (e.g. where a marker arrives).

    Returns
    -------
    fig : matplotlib Figure
    """
    if not isinstance(traces, dict) or not traces:
        raise ValueError(f"traces must be a non-empty dict of name -> (T,) array; got {traces!r}")
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in traces.items()}
    lengths = {a.shape for a in arrays.values()}
    if len(lengths) != 1 or len(next(iter(lengths))) != 1:
        raise ValueError(
            f"every trace must be 1-D and of the same length; got shapes {sorted(lengths)}"
        )
    (T,) = lengths.pop()
    if xticklabels is not None and len(xticklabels) != T:
        raise ValueError(f"xticklabels must have one label per step ({T}); got {len(xticklabels)}")
    t = np.arange(T)
    with style_context():
        fig, axes = plt.subplots(len(arrays), 1, figsize=(8, 0.6 + 1.35 * len(arrays)), sharex=True)
        for ax, (key, y) in zip(np.atleast_1d(axes), arrays.items(), strict=True):
            concept, label, vrange = GATE_NAMES.get(key, (None, key, None))
            color = GATE_COLORS[concept] if concept else INK
            for s in [] if shade is None else list(shade):
                ax.axvspan(s - 0.5, s + 0.5, color="#EEEEEE", zorder=0)
            ax.axhline(0, color=MUTED, lw=0.8, zorder=1)
            ax.plot(t, y, "-o", color=color, lw=2, ms=4, zorder=2)
            lo, hi = (0.0, 1.0) if vrange == (0, 1) else (min(0.0, y.min()), max(0.0, y.max()))
            pad = 0.1 * ((hi - lo) or 1.0)
            ax.set_ylim(lo - pad, hi + pad)
            ax.set_ylabel(label, rotation=0, ha="right", va="center")
        axes = np.atleast_1d(axes)
        axes[-1].set_xlabel("time step $t$" if xticklabels is None else "input token $x_t$")
        axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
        if xticklabels is not None:
            axes[-1].set_xticks(
                t, list(xticklabels), rotation=35 if T > 8 else 0, ha="right" if T > 8 else "center"
            )
        axes[0].set_title(title)
    return fig


def plot_forget_slider(a=0.0, b_f=1.0, C_prev=1.0, steps=10):
    """Chapter 3's slider: pre-activation plus bias give ``f``; ``f`` decides what survives.

    Left: ``f = sigmoid(a + b_f)`` on the sigmoid curve. Right: the memory
    ``C_prev * f**k`` if the gate held this value for ``steps`` steps.
    """
    f = float(sigmoid(a + b_f))
    with style_context():
        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), width_ratios=[1, 1.2])
        z = np.linspace(-7, 7, 281)
        left.plot(z, sigmoid(z), color=GATE_COLORS["forget"], lw=2)
        left.axvline(b_f, color=MUTED, ls=":", lw=1)
        left.plot([a + b_f], [f], "o", color=INK, ms=8, zorder=3)
        left.annotate(
            f"f = {f:.2f}",
            (a + b_f, f),
            xytext=(-58 if a + b_f > 2 else 8, -16),
            textcoords="offset points",
        )
        left.set(
            xlim=(-7, 7),
            ylim=(-0.05, 1.05),
            xlabel=r"$W_f\,[h_{t-1}, x_t] + b_f$",
            ylabel=r"forget gate $f_t$",
            title=f"a = {a:+.0f}, bias = {b_f:+.0f}",
        )
        k = np.arange(steps + 1)
        right.bar(k, C_prev * f**k, color=GATE_COLORS["cell"], width=0.7)
        half = memory_half_life(f)
        right.set(
            ylim=(0, 1.1 * C_prev),
            xlabel="steps the gate stays at this value",
            ylabel=r"memory left, $f^{\,k}\,C$",
            title=f"{100 * f:.0f}% survives each step; half-life {half_life_text(half)}",
        )
    return fig


def plot_write_slider(i=0.75, C_tilde=0.6, f=0.8, C_prev=0.5):
    """Chapter 4's slider: ``C_t = f * C_prev + i * C_tilde`` as a small bar budget."""
    kept, written = f * C_prev, i * C_tilde
    rows = [
        (r"kept, $f_t C_{t-1}$", kept, "cell"),
        (r"offered, $\tilde{C}_t$", C_tilde, "candidate"),
        (r"written, $i_t \tilde{C}_t$", written, "input"),
        (r"new memory, $C_t$", kept + written, "cell"),
    ]
    with style_context():
        fig, ax = plt.subplots(figsize=(8, 3.3))
        y = np.arange(len(rows))[::-1]
        for yk, (label, value, concept) in zip(y, rows, strict=True):
            ax.barh(
                yk,
                value,
                color=GATE_COLORS[concept],
                height=0.6,
                alpha=0.45 if "offered" in label else 1,
            )
            ax.annotate(
                f"{value:+.2f}",
                (value, yk),
                xytext=(6 if value >= 0 else -6, 0),
                textcoords="offset points",
                ha="left" if value >= 0 else "right",
                va="center",
            )
        ax.axvline(0, color=INK, lw=1)
        ax.set_yticks(y, [r[0] for r in rows])
        ax.set(
            xlim=(-1.6, 1.6),
            xlabel="value",
            title=f"i = {i:.2f} lets {100 * i:.0f}% of the candidate in"
            f"  (f = {f}, C$_{{t-1}}$ = {C_prev})",
        )
    return fig


def plot_output_slider(o=0.5, C=1.0):
    """Chapter 5's slider: ``h = o * tanh(C)``, the squashed memory scaled by the output gate."""
    h = o * float(tanh(C))
    with style_context():
        fig, ax = plt.subplots(figsize=(8, 3.4))
        c = np.linspace(-3.2, 3.2, 257)
        ax.plot(
            c, tanh(c), color=GATE_COLORS["cell"], lw=1.5, ls="--", label=r"$\tanh(C_t)$, all of it"
        )
        ax.plot(
            c,
            o * tanh(c),
            color=GATE_COLORS["hidden"],
            lw=2.2,
            label=rf"$h_t = {o:.2f}\,\tanh(C_t)$",
        )
        ax.vlines(C, 0, h, color=GATE_COLORS["output"], lw=3, zorder=3)
        ax.plot([C], [h], "o", color=GATE_COLORS["hidden"], ms=8, zorder=4)
        ax.axhline(0, color=MUTED, lw=0.8)
        ax.set(
            xlim=(-3.2, 3.2),
            ylim=(-1.1, 1.1),
            xlabel=r"cell state $C_t$",
            ylabel="value shown",
            title=f"o = {o:.2f}, C = {C:+.1f}  \u2192  h = {h:+.2f}",
        )
        ax.legend(loc="upper left")
    return fig
