"""Chapter 2, the cell state: gradients along the belt against a tanh RNN's; a constant forget gate.

* :func:`gradient_comparison` measures, on the same first-symbol inputs, ``||dL/dh_k||`` for a
  tanh RNN and ``||dL/dC_k||`` for LSTMs with chosen forget biases, and the belt alone
  (the product of forget gates, ``analysis.belt_gradients``).
* :func:`plot_belt_vs_rnn` draws them side by side on one log scale.
* :func:`plot_constant_forget` is the chapter's slider figure: a constant forget gate ``f``,
  the memory it keeps and the gradient it passes back, with the half-life.
"""

import matplotlib.pyplot as plt
import numpy as np

from .._validate import check_number
from ..analysis import belt_gradients, gradient_norms_through_time, memory_half_life
from ..lstm import LSTMCell
from ..plots import plot_memory_decay
from ..rnn import RNNCell
from ..style import CYCLE, GATE_COLORS, INK, MODEL_COLORS, style_context
from ..tasks import FirstSymbol

LSTM_COLORS = (MODEL_COLORS["lstm"], GATE_COLORS["cell"], CYCLE[2], CYCLE[4])


def gradient_comparison(T=150, forget_biases=(1.0, 3.0), hidden_size=32, batch=16, seed=0):
    """Gradients over ``T`` steps of first-symbol inputs: a tanh RNN against LSTMs.

    Both cells have the package's default initialisation (the LSTM with each forget bias in
    ``forget_biases``). The loss is a unit projection of the last hidden state.

    Returns
    -------
    result : dict
        ``"rnn"``: ``||dL/dh_k||``, shape (T,).
        ``"lstm"``: dict forget bias -> ``||dL/dC_k||``, shape (T,).
        ``"belt"``: dict forget bias -> ``||dL/dC_T * f_T * ... * f_{T-d+1}||``, shape (T,):
        the gradient carried back along the belt alone, every other path cut.
        ``"f_mean"``: dict forget bias -> the mean forget-gate value.
    """
    if not forget_biases:
        raise ValueError("forget_biases must name at least one forget bias")
    task = FirstSymbol(T=T)
    xs, _ = task.sample(batch, np.random.default_rng(seed + 1))  # (T, B, D)
    rnn = RNNCell(task.input_size, hidden_size, seed=seed)
    result = {
        "rnn": gradient_norms_through_time(rnn, xs, seed=seed),
        "lstm": {},
        "belt": {},
        "f_mean": {},
    }
    for b_f in forget_biases:
        lstm = LSTMCell(task.input_size, hidden_size, seed=seed, forget_bias=b_f)
        result["lstm"][b_f] = gradient_norms_through_time(lstm, xs, which="C", seed=seed)
        f, dC_T = lstm.gates["f"], lstm.state_grads["C"][-1]  # (T, B, H), (B, H)
        belt = dC_T * belt_gradients(f)[:T]  # (T, B, H): dL/dC_T carried back along the belt only
        result["belt"][b_f] = np.linalg.norm(belt, axis=2).mean(axis=1)  # (T,)
        result["f_mean"][b_f] = float(f.mean())
    return result


def plot_belt_vs_rnn(result, title="How far back does the gradient reach?"):
    """Two panels on one log scale: the RNN's ``||dL/dh_k||`` and the LSTM's ``||dL/dC_k||``.

    Dashed lines in the LSTM panel are the belt alone, the product of forget gates.
    """
    if not isinstance(result, dict) or not {"rnn", "lstm", "belt", "f_mean"} <= set(result):
        raise ValueError("result must be the dict returned by gradient_comparison()")
    with style_context():
        fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 4.8), sharey=True)
        rnn = result["rnn"]
        left.plot(
            np.arange(rnn.size),
            np.where(rnn > 0, rnn, np.nan),
            lw=2.2,
            color=MODEL_COLORS["rnn"],
            label=r"tanh RNN, $\|\partial L/\partial h_k\|$",
        )
        left.set(title="tanh RNN", ylabel="gradient norm (log scale)")
        for k, (b_f, norms) in enumerate(result["lstm"].items()):
            color, fm = LSTM_COLORS[k % len(LSTM_COLORS)], result["f_mean"][b_f]
            d = np.arange(norms.size)
            right.plot(
                d,
                norms,
                lw=2.2,
                color=color,
                label=rf"$b_f$ = {b_f:g} (mean $f$ = {fm:.2f}), $\|\partial L/\partial C_k\|$",
            )
            right.plot(
                d,
                result["belt"][b_f],
                lw=1.5,
                ls="--",
                color=color,
                label=rf"$b_f$ = {b_f:g}, belt alone",
            )
        right.set(title="LSTM, along the cell state")
        for ax in (left, right):
            ax.axhline(1.0, color="#999999", lw=1, ls=":", zorder=0)
            ax.set(yscale="log", xlabel=r"steps back from the loss, $t - k$")
            ax.legend(loc="lower left", fontsize=8.5)
        fig.suptitle(title, fontweight="bold", fontsize=13, color=INK)
    return fig


def plot_constant_forget(f=0.9, steps=100):
    """The slider figure for a constant forget gate ``f`` (and no writing).

    Left: the memory ``C_t = f**t C_0`` with its half-life ``ln(1/2)/ln(f)`` marked.
    Right: the same numbers read backwards, the gradient ``dC_t/dC_{t-d} = f**d``, on a log scale.
    """
    f = check_number("f", f, 0.0, 1.0)
    half = float(memory_half_life(f))
    with style_context():
        fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 3.8))
        plot_memory_decay(f, steps=steps, ax=left, title="The memory, forwards")
        d = np.arange(steps + 1)
        right.plot(d, np.where(f**d > 0, f**d, np.nan), lw=2.2, color=GATE_COLORS["cell"])
        at_end = f**steps
        right.plot([steps], [max(at_end, 1e-17)], "o", color=GATE_COLORS["forget"], ms=8)
        right.annotate(
            rf"$f^{{{steps}}}$ = {at_end:.2g}",
            (steps, max(at_end, 1e-17)),
            xytext=(-10, -22 if at_end > 1e-12 else 10),
            textcoords="offset points",
            ha="right",
            bbox=dict(fc="white", ec="none", alpha=0.85, pad=1),
        )
        right.set(
            yscale="log",
            ylim=(1e-17, 3),
            title="The gradient, backwards",
            xlabel=r"steps back, $d$",
            ylabel=r"$\partial C_t / \partial C_{t-d} = f^{\,d}$",
        )
        readout = "never halves" if np.isinf(half) else f"half-life {half:.1f} steps"
        fig.suptitle(
            f"A constant forget gate f = {f:g}: {readout}",
            fontweight="bold",
            fontsize=13,
            color=INK,
        )
    return fig
