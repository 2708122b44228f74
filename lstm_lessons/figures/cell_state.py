"""Chapter 2, the cell state: how far gradients reach in RNNs and LSTMs; a constant forget gate.

* :func:`gradient_comparison` measures, on the same first-symbol inputs and for several seeds,
  the same quantities in tanh RNNs and LSTMs: ``||dL/dh_k||`` and ``||dL/dx_k||`` at every
  distance back, plus, for the LSTM, ``||dL/dC_k||`` and the belt alone (a product of forget
  gates, ``analysis.belt_gradients``).
* :func:`reach_at` reads the seeds' spread at one distance; :func:`model_label` names a model.
* :func:`plot_gradient_reach` draws the like-for-like comparison, :func:`plot_belt_vs_full`
  the LSTM's cell-state gradient against its belt alone.
* :func:`plot_constant_forget` is the chapter's slider figure; the slider moves
  ``s = log10(1 - f)`` (:func:`forget_from_log`), so f = 0.9, 0.99, 0.999 are equally far apart.
"""

import math

import matplotlib.pyplot as plt
import numpy as np

from .._validate import check_number, check_seed, check_size
from ..cells.lstm import LSTMCell
from ..cells.rnn import RNNCell
from ..presentation.style import GATE_COLORS, INK, MODEL_COLORS, style_context
from ..tasks import FirstSymbol
from ..training.analysis import (
    belt_gradients,
    memory_half_life,
    set_spectral_radius,
    spectral_radius,
)

LEGEND_PT = 11  # legend text: about 12 px at the book's 688 px column
_LOOKS = {  # (kind, position among its kind) -> colour, line style
    ("rnn", 0): (MODEL_COLORS["rnn"], ":"),
    ("rnn", 1): (MODEL_COLORS["rnn"], "-"),
    ("lstm", 0): (MODEL_COLORS["lstm"], "-"),
    ("lstm", 1): (GATE_COLORS["cell"], "-"),
}


def _norms(cell, xs, seed):
    """One forward and backward pass, a unit gradient on h_T: norms per distance (0 first)."""
    hs, _ = cell.forward(xs)  # (T, B, H)
    u = np.random.default_rng(seed).standard_normal(hs.shape[1:])  # (B, H)
    dhs = np.zeros_like(hs)
    dhs[-1] = u / np.linalg.norm(u, axis=1, keepdims=True)  # dL/dh_T, unit length
    _, dxs = cell.backward(dhs)  # (T, B, D)

    def per_distance(g):  # (T, B, n) -> (T,): batch-mean norm, distance 0 first
        return np.linalg.norm(g, axis=2).mean(axis=1)[::-1]

    out = {"h": per_distance(cell.state_grads["h"]), "x": per_distance(dxs)}
    if cell.has_cell_state:
        f, dC = cell.gates["f"], cell.state_grads["C"]  # (T, B, H) each
        out["C"] = per_distance(dC)
        belt = dC[-1] * belt_gradients(f)[: len(f)]  # (T, B, H), already distance 0 first
        out["belt"] = np.linalg.norm(belt, axis=2).mean(axis=1)  # dL/dC_T along the belt alone
        out["f_mean"] = float(f.mean())
    return out


def gradient_comparison(
    T=150,
    seeds=(0, 1, 2, 3, 4, 5, 6, 7),
    radii=(None, 1.0),
    forget_biases=(1.0, 3.0),
    hidden_size=32,
    batch=16,
):
    """Gradients over ``T`` steps of first-symbol inputs, tanh RNNs against LSTMs, per seed.

    Every model reads the same inputs (seed ``s`` draws them with ``default_rng(s + 1)`` and
    initialises the weights with ``s``) and gets the same loss, a unit projection of ``h_T``.

    Parameters
    ----------
    seeds : iterable of int
    radii : iterable of None or float
        RNN spectral radii ``rho(W_hh)``; None keeps the default initialisation (and records rho).
    forget_biases : iterable of float, the LSTMs' ``b_f``

    Returns
    -------
    result : dict
        ``"seeds"``: tuple. ``"rnn"``: radius -> {"h", "x": (S, T), "rho": (S,)}.
        ``"lstm"``: b_f -> {"h", "x", "C", "belt": (S, T), "f_mean": (S,)}.
        Entry ``[s, d]`` is the batch-mean norm ``d`` steps back from the loss for seed ``s``;
        ``"belt"`` is ``dL/dC_T`` carried back along the belt alone, every other path cut.
    """
    seeds = tuple(check_seed(s) for s in seeds)
    radii, forget_biases = tuple(radii), tuple(forget_biases)
    if not seeds or not (radii or forget_biases):
        raise ValueError("gradient_comparison needs at least one seed and one model; got none")
    for r in radii:
        if r is not None:
            check_number("each radius", r, 0.0)
    T, batch, H = (
        check_size("T", T),
        check_size("batch", batch),
        check_size("hidden_size", hidden_size),
    )
    task = FirstSymbol(T=T)
    runs = {("rnn", r): [] for r in radii} | {("lstm", b): [] for b in forget_biases}
    for s in seeds:
        xs, _ = task.sample(batch, np.random.default_rng(s + 1))  # (T, B, D)
        for r in radii:
            rnn = RNNCell(task.input_size, H, seed=s)
            rho = spectral_radius(rnn.params["W_h"][:, :H]) if r is None else float(r)
            runs["rnn", r].append(_norms(rnn if r is None else set_spectral_radius(rnn, r), xs, s))
            runs["rnn", r][-1]["rho"] = rho
        for b in forget_biases:
            lstm = LSTMCell(task.input_size, H, seed=s, forget_bias=check_number("b_f", b))
            runs["lstm", b].append(_norms(lstm, xs, s))
    result = {"seeds": seeds, "rnn": {}, "lstm": {}}
    for (kind, key), per_seed in runs.items():
        result[kind][key] = {q: np.array([run[q] for run in per_seed]) for q in per_seed[0]}
    return result


def _check_result(result):
    if not isinstance(result, dict) or not {"seeds", "rnn", "lstm"} <= set(result):
        raise ValueError("result must be the dict returned by gradient_comparison()")
    return result


def model_label(kind, key, result=None, math=True):
    """ "tanh RNN, default init (rho 0.56-0.66)", "tanh RNN, rho = 1", "LSTM, b_f = 3".

    ``math=True`` writes rho and b_f as matplotlib mathtext; ``False`` as plain text (tables).
    """
    rho_, b_f = (r"$\rho$", "$b_f$") if math else ("\u03c1", "b_f")
    if kind == "lstm":
        return f"LSTM, {b_f} = {key:g}"
    if key is not None:
        return f"tanh RNN, {rho_} = {key:g}"
    if result is None:
        return "tanh RNN, default init"
    rho = _check_result(result)["rnn"][None]["rho"]
    return f"tanh RNN, default init ({rho_} {rho.min():.2f}-{rho.max():.2f})"


def reach_at(result, d, quantity="x"):
    """``{(kind, key): per-seed norms d steps back}`` for every model measuring ``quantity``."""
    _check_result(result)
    return {
        (kind, key): runs[quantity][:, d]
        for kind in ("rnn", "lstm")
        for key, runs in result[kind].items()
        if quantity in runs
    }


def power_text(x, digits=2):
    """``x`` for MyST prose: ``$1.1 \\times 10^{-8}$`` (or ``$0.35$`` between 0.01 and 100)."""
    x = check_number("x", x)
    if x == 0 or 0.01 <= abs(x) < 100:
        return f"${x:.{digits}g}$"
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return rf"${mantissa} \times 10^{{{int(exponent)}}}$"


def reach_table(result, d):
    """Header and rows of a table: each model's norms ``d`` steps back, median (range) of seeds."""
    head = ["network", f"||dL/dx_k||, {d} steps back", f"||dL/dh_k||, {d} steps back"]
    x, h = reach_at(result, d, "x"), reach_at(result, d, "h")

    def cell(v):
        return f"{np.median(v):.1e} ({v.min():.1e} to {v.max():.1e})"

    body = [[model_label(*m, result, math=False), cell(x[m]), cell(h[m])] for m in x]
    return head, body


def _band(ax, norms, color, ls, label):
    """Median over seeds as a line, the seeds' full range as a shaded band."""
    d = np.arange(norms.shape[1])
    tiny = np.finfo(float).tiny  # log axes cannot show 0
    ax.fill_between(d, norms.min(0) + tiny, norms.max(0) + tiny, color=color, alpha=0.15, lw=0)
    ax.plot(d, np.median(norms, axis=0) + tiny, color=color, ls=ls, lw=2.2, label=label)


def plot_gradient_reach(result, title="How far back does the gradient reach? Like with like"):
    """Two log panels, ``||dL/dx_k||`` and ``||dL/dh_k||``, for every RNN and LSTM in ``result``."""
    _check_result(result)
    n = len(result["seeds"])
    with style_context():
        fig, axes = plt.subplots(1, 2, figsize=(8.6, 5.2), sharey=True)
        for ax, q, name in zip(axes, "xh", ("input", "hidden state"), strict=True):
            for kind in ("rnn", "lstm"):
                for k, (key, runs) in enumerate(result[kind].items()):
                    color, ls = _LOOKS.get((kind, k), (INK, "--"))
                    _band(ax, runs[q], color, ls, model_label(kind, key, result))
            ax.axhline(1.0, color="#999999", lw=1, ls=":", zorder=0)
            ax.set(yscale="log", xlabel=r"steps back from the loss, $t - k$")
            ax.set_title(rf"the {name}, $\|\partial L/\partial {q}_k\|$")
        axes[0].set_ylabel("gradient norm (log scale)")
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=2,
            fontsize=LEGEND_PT,
            title=f"line: median of {n} seeds; band: their range",
            title_fontsize=LEGEND_PT,
        )
        fig.suptitle(title, fontweight="bold", fontsize=13, color=INK)
    return fig


def plot_belt_vs_full(result, title="Inside the LSTM: the cell-state gradient and the belt alone"):
    """``||dL/dC_k||`` (solid) against the belt alone (dashed) for each LSTM in ``result``."""
    if not _check_result(result)["lstm"]:
        raise ValueError("result holds no LSTM: call gradient_comparison with forget_biases")
    with style_context():
        fig, ax = plt.subplots(figsize=(8.0, 4.6))
        for k, (b_f, runs) in enumerate(result["lstm"].items()):
            color = _LOOKS.get(("lstm", k), (INK, "-"))[0]
            mean_f = float(np.mean(runs["f_mean"]))
            _band(
                ax,
                runs["C"],
                color,
                "-",
                rf"$b_f$ = {b_f:g}: full cell, $\|\partial L/\partial C_k\|$",
            )
            _band(
                ax,
                runs["belt"],
                color,
                "--",
                rf"$b_f$ = {b_f:g}: belt alone (mean $f$ = {mean_f:.2f})",
            )
        ax.axhline(1.0, color="#999999", lw=1, ls=":", zorder=0)
        ax.set(
            yscale="log",
            xlabel=r"steps back from the loss, $t - k$",
            ylabel="gradient norm (log scale)",
        )
        n = len(result["seeds"])
        ax.legend(
            loc="lower left",
            fontsize=LEGEND_PT,
            title_fontsize=LEGEND_PT,
            title=f"line: median of {n} seeds; band: their range",
        )
        ax.set_title(title)
    return fig


# -- the slider: a constant forget gate -------------------------------------------------
def forget_from_log(log10_one_minus_f):
    """``f = 1 - 10**s`` for the slider position ``s = log10(1 - f)`` (a number <= 0)."""
    s = check_number("log10_one_minus_f", log10_one_minus_f, hi=0.0)
    return 1.0 - 10.0**s


def forget_text(f):
    """``f`` with as many digits as its nines need: 0.9, 0.99, 0.999, 0.9438."""
    f = check_number("f", f, 0.0, 1.0)
    digits = 2 if f >= 1 else max(2, math.ceil(-math.log10(1 - f) - 1e-9) + 2)
    return f"{f:.{digits}g}"


def _steps_text(half):
    """A half-life in words: "1.8", "6.6", "69", "693" (one decimal below 10 steps)."""
    return f"{half:.1f}" if half < 10 else f"{half:.0f}"


def describe_constant_forget(log10_one_minus_f, at=100):
    """One sentence for a slider frame: the half-life and the gradient ``at`` steps back."""
    f = forget_from_log(log10_one_minus_f)
    half = float(memory_half_life(f))
    return (
        f"A constant forget gate f = {forget_text(f)} (1 - f = 10^{log10_one_minus_f:g}): "
        f"the memory halves after {_steps_text(half)} steps, and {at} steps back the gradient "
        f"is f^{at} = {f**at:.2g}."
    )


def plot_constant_forget(f=0.9, max_steps=100_000, at=100):
    """A constant forget gate ``f`` and no writing, on a log time axis from 1 to ``max_steps``.

    Left: the memory ``C_t = f**t C_0`` with its half-life ``ln(1/2)/ln(f)`` marked.
    Right: the same numbers read backwards, the gradient ``dC_t/dC_{t-d} = f**d`` (log scale),
    with the value ``at`` steps back marked.
    """
    f = check_number("f", f, 0.0, 1.0)
    max_steps = check_size("max_steps", max_steps)
    half = float(memory_half_life(f))
    t = np.geomspace(1, max_steps, 400)  # (n,): time as a continuous log axis
    with style_context():
        fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 3.9))
        left.plot(t, f**t, lw=2.2, color=GATE_COLORS["cell"])
        left.axhline(0.5, color="#999999", ls=":", lw=1)
        if np.isfinite(half) and 1 <= half <= max_steps:
            left.axvline(half, color=GATE_COLORS["forget"], ls="--", lw=1.4)
            left.annotate(
                f"half-life\n{_steps_text(half)} steps",
                (half, 0.75),
                xytext=(6, 0),
                textcoords="offset points",
                color=GATE_COLORS["forget"],
                fontsize=11,
            )
        left.set(
            xscale="log",
            ylim=(0, 1.1),
            xlabel="time step $t$ (log scale)",
            ylabel=r"memory $C_t / C_0 = f^{\,t}$",
            title="The memory, forwards",
        )
        right.plot(t, np.maximum(f**t, 1e-300), lw=2.2, color=GATE_COLORS["cell"])
        right.plot([at], [max(f**at, 1e-17)], "o", color=GATE_COLORS["forget"], ms=8)
        below = f**at > 1e-12  # the label goes under a high point, over a low one
        right.annotate(
            rf"$f^{{{at}}}$ = {f**at:.2g}",
            (at, max(f**at, 1e-17)),
            xytext=(8, -20 if below else 8),
            textcoords="offset points",
            fontsize=11,
            bbox=dict(fc="white", ec="none", alpha=0.85, pad=1),
        )
        right.set(
            xscale="log",
            yscale="log",
            ylim=(1e-17, 3),
            xlabel=r"steps back, $d$ (log scale)",
            ylabel=r"$\partial C_t / \partial C_{t-d} = f^{\,d}$",
            title="The gradient, backwards",
        )
        readout = "never halves" if np.isinf(half) else f"half-life {_steps_text(half)} steps"
        fig.suptitle(
            f"A constant forget gate f = {forget_text(f)}: {readout}",
            fontweight="bold",
            fontsize=13,
            color=INK,
        )
    return fig


def plot_constant_forget_slider(log10_one_minus_f=-1.0):
    """The slider's figure: :func:`plot_constant_forget` at ``f = 1 - 10**log10_one_minus_f``."""
    return plot_constant_forget(forget_from_log(log10_one_minus_f))
