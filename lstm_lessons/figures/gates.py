"""Hand-set cells, traces and slider figures for the three gate chapters (3, 4 and 5).

* :func:`story_params` sets an LSTM by hand for ``tasks.Story``: the forget gate
  closes on a subject word, so the cell state tracks the *latest* subject.
* :func:`adding_params` sets a cell that writes the marked numbers of
  ``tasks.AddingProblem`` into memory and holds them; :func:`reveal_params`
  adds an output gate that keeps the memory hidden until a "show" flag arrives.
* :func:`plot_traces` draws one panel per gate or state over time.
* :func:`plot_error_flow` draws, step by step, how much error signal passes a gate
  on its way back (the backward view of chapters 4 and 5).

The slider figures of the three chapters are in :mod:`lstm_lessons.figures.gate_sliders`.

Every hand-set cell has one hidden unit and zero recurrent weights, so each gate
reads only the current input: ``gate = sigmoid(w * x_t + b)``.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..presentation.plots import GATE_NAMES
from ..presentation.style import GATE_COLORS, INK, MUTED, style_context
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


def plot_error_flow(series, gate, shade=None, title="How much error passes the gate",
                    ylabel="size of the error signal", floor=1e-8):
    """The size of an error signal at every step, one panel per series, on a shared log scale.

    Chapters 4 and 5 use it to set a cell whose gate opens only on a few steps beside the
    same cell with that gate pinned open.

    Parameters
    ----------
    series : dict of str -> array, shape (T,)
        Panel title -> the signal at every step (its absolute value is drawn).
    gate : {"input", "output", "forget"}
        The gate whose colour the bars wear.
    shade : sequence of int, optional
        Steps to shade in every panel (where the gate opens).
    floor : float > 0
        The bottom of the log axis; smaller values (and zeros) draw no bar.

    Returns
    -------
    fig : matplotlib Figure
    """
    if gate not in ("input", "output", "forget"):
        raise ValueError(f"gate must be 'input', 'output' or 'forget'; got {gate!r}")
    if not isinstance(series, dict) or not series:
        raise ValueError(f"series must be a non-empty dict of name -> (T,) array; got {series!r}")
    arrays = {k: np.abs(np.asarray(v, dtype=np.float64)) for k, v in series.items()}
    shapes = {a.shape for a in arrays.values()}
    if len(shapes) != 1 or len(next(iter(shapes))) != 1:
        raise ValueError(f"every series must be 1-D and of the same length; got shapes {sorted(shapes)}")
    floor = _check_positive("floor", floor)
    (T,) = shapes.pop()
    top = max(float(a.max()) for a in arrays.values())
    t = np.arange(T)
    with style_context():
        fig, axes = plt.subplots(len(arrays), 1, figsize=(8, 0.9 + 1.7 * len(arrays)),
                                 sharex=True, sharey=True)
        for ax, (name, v) in zip(np.atleast_1d(axes), arrays.items(), strict=True):
            for s in [] if shade is None else list(shade):
                ax.axvspan(s - 0.5, s + 0.5, color="#EEEEEE", zorder=0)
            shown = np.where(v > floor, v, floor)
            ax.bar(t, shown - floor, bottom=floor, width=0.7, color=GATE_COLORS[gate], zorder=2)
            ax.set_yscale("log")
            ax.set_ylim(floor, 10 ** np.ceil(np.log10(max(3 * top, floor * 10))))  # headroom above
            ax.set_title(name, fontsize=11, loc="left")
        axes = np.atleast_1d(axes)
        axes[-1].set_xlabel("time step $t$")
        axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.supylabel(ylabel, fontsize=11)
        fig.suptitle(title, fontweight="bold")
    return fig
