"""Chapter 7, peephole connections: the full-matrix form, and a cell that times and counts.

* :func:`full_peephole_step` is the form of diagrams that feed ``C`` into each gate's weight
  matrix: ``f_t = sigmoid(V_f @ [C_{t-1}, h_{t-1}, x_t] + b_f)``, with ``V_f`` of shape
  ``(H, 2H + D)``. :func:`diagonal_to_full` writes the papers' diagonal peepholes in that form
  (``diag(p_f)`` in the first ``H`` columns), so the two can be compared number for number.
* :func:`timer_params` hand-sets a one-unit peephole cell that writes ``+step`` into its cell
  per time step and shuts its input gate once ``C`` passes a threshold (Gers & Schmidhuber 2000);
  :func:`run_timer` runs it and :func:`plot_timer` draws it, also as the chapter's slider, with
  :func:`describe_timer` saying in words what each frame shows. :func:`blind_timer_params` is
  the one cell without peepholes that every frame draws for comparison.
"""

import matplotlib.pyplot as plt
import numpy as np

from .. import PeepholeLSTMCell
from .._validate import check_step_inputs
from ..cells.activations import sigmoid
from ..cells.lstm import LSTMStep, candidate, cell_state, concat, hidden_state
from ..presentation.style import GATE_COLORS, INK, style_context


def full_peephole_step(params, x_t, h_prev, C_prev):
    """One peephole-LSTM step in which every gate reads the whole cell state through a full matrix.

    f_t  = sigmoid(V_f @ [C_{t-1}, h_{t-1}, x_t] + b_f)
    i_t  = sigmoid(V_i @ [C_{t-1}, h_{t-1}, x_t] + b_i)
    C~_t = tanh(W_C @ [h_{t-1}, x_t] + b_C)
    C_t  = f_t * C_{t-1} + i_t * C~_t
    o_t  = sigmoid(V_o @ [C_t, h_{t-1}, x_t] + b_o)
    h_t  = o_t * tanh(C_t)

    Parameters
    ----------
    params : dict
        ``V_f, V_i, V_o`` of shape (hidden, 2*hidden + input); ``W_C`` of shape
        (hidden, hidden + input); ``b_f, b_i, b_C, b_o`` of shape (hidden,).
    x_t : array, shape (batch, input) or (input,)
    h_prev, C_prev : array, shape (batch, hidden) or (hidden,)

    Returns
    -------
    LSTMStep
        ``(f, i, C_tilde, o, C, h)``, each of shape (batch, hidden), or (hidden,) for one example.
    """
    x_t, h_prev, C_prev = check_step_inputs(params, "W_C", x_t, h_prev, C_prev)
    H = h_prev.shape[-1]
    for name in ("V_f", "V_i", "V_o"):
        want = (H, 2 * H + x_t.shape[-1])
        if name not in params or np.shape(params[name]) != want:
            got = np.shape(params[name]) if name in params else "missing"
            raise ValueError(
                f"params[{name!r}] must have shape (hidden, 2*hidden + input) = {want}; got {got}"
            )
    z_t = concat(h_prev, x_t)  # (B, H+D)
    cz = concat(C_prev, z_t)  # (B, 2H+D): the forget and input gates see C_{t-1}
    f_t = sigmoid(cz @ params["V_f"].T + params["b_f"])  # (B, H)
    i_t = sigmoid(cz @ params["V_i"].T + params["b_i"])  # (B, H)
    C_tilde = candidate(params, z_t)  # (B, H)
    C_t = cell_state(f_t, C_prev, i_t, C_tilde)  # (B, H)
    o_t = sigmoid(concat(C_t, z_t) @ params["V_o"].T + params["b_o"])  # (B, H), o sees C_t
    return LSTMStep(f_t, i_t, C_tilde, o_t, C_t, hidden_state(o_t, C_t))


def diagonal_to_full(params):
    """The diagonal peephole parameters (``PeepholeLSTMCell.params``) written as full matrices.

    ``V_g = [diag(p_g) | W_g]`` for ``g`` in f, i, o: unit j's gate reads only cell j.
    """
    missing = [k for k in ("W_f", "W_i", "W_o", "W_C", "p_f", "p_i", "p_o") if k not in params]
    if missing:
        raise ValueError(
            f"params needs the peephole cell's W_f, W_i, W_o, W_C, p_f, p_i, p_o; missing {missing}"
        )
    full = {k: params[k] for k in ("W_C", "b_f", "b_i", "b_C", "b_o")}
    for g in "fio":
        full[f"V_{g}"] = np.concatenate(
            [np.diag(params[f"p_{g}"]), params[f"W_{g}"]], axis=1
        )  # (H, 2H+D)
    return full


def timer_params(p_i=-100.0, threshold=0.95, step=0.1, p_o=100.0, keep=20.0):
    """A one-unit peephole cell, input fixed at ``x_t = 1``, that counts to a threshold and stops.

    * forget gate: ``sigmoid(keep)``, practically 1: nothing is forgotten;
    * candidate: ``tanh(arctanh(step)) = step``, the amount written per time step;
    * input gate: ``sigmoid(p_i * (C_{t-1} - threshold))``: open below the threshold, shut above
      it (for ``p_i < 0``), through the peephole ``p_i`` and the bias ``-p_i * threshold``;
    * output gate: ``sigmoid(p_o * (C_t - threshold))``: the cell shows its content (the alarm
      goes off) once the threshold is crossed.

    Returns
    -------
    params : dict for ``PeepholeLSTMCell(1, 1)``
    """
    if not 0 < step < 1:
        raise ValueError(f"step must lie in (0, 1), a value tanh can write; got {step!r}")
    row = lambda *v: np.array([v], dtype=np.float64)  # noqa: E731  (1, H + D) = (1, 2): [h_{t-1}, x_t]
    return {
        "W_f": row(0, 0), "W_i": row(0, 0), "W_C": row(0, np.arctanh(step)), "W_o": row(0, 0),
        "b_f": np.array([keep]), "b_i": np.array([-p_i * threshold]), "b_C": np.zeros(1),
        "b_o": np.array([-p_o * threshold]),
        "p_f": np.zeros(1), "p_i": np.array([float(p_i)]), "p_o": np.array([float(p_o)]),
    }  # fmt: skip


def blind_timer_params():
    """The timer of :func:`timer_params` (default arguments) with its peepholes removed.

    ``p_i = p_o = 0``, everything else as in the default timer: the input gate's bias
    ``-p_i * threshold = 95`` keeps it open at every step, the output gate's bias ``-95`` keeps
    it shut. The gates cannot see the cell, so nothing about the threshold reaches them: this
    one cell is the comparison drawn in every frame of the slider.
    """
    params = timer_params()
    params.update(p_i=np.zeros(1), p_o=np.zeros(1))
    return params


def run_timer(params, T=30):
    """Run a one-unit peephole cell for ``T`` steps on the constant input 1.

    Returns
    -------
    dict of str -> array, shape (T,)
        ``"f", "i", "C_tilde", "o"`` and ``"C", "h"`` at steps 1..T.
    """
    if isinstance(T, bool) or not isinstance(T, (int, np.integer)) or T < 1:
        raise ValueError(f"T must be a positive integer; got {T!r}")
    cell = PeepholeLSTMCell(1, 1)
    cell.params.update(params)
    cell.forward(np.ones((T, 1, 1)))
    return {k: v[:, 0, 0].copy() for k, v in {**cell.gates, **cell.states}.items()}


def stop_step(trace):
    """The first time step (counting from 1) at which the input gate is below 0.5, or ``None``."""
    shut = np.flatnonzero(np.asarray(trace["i"]) < 0.5)
    return int(shut[0]) + 1 if shut.size else None


def plot_timer(p_i=-100.0, threshold=0.95, T=30, compare=True):
    """The timer cell: ``C_t`` against the threshold, and its input and output gates.

    Parameters
    ----------
    p_i : float
        The input gate's peephole weight.
    threshold : float
        Where the input gate shuts and the output gate opens.
    compare : bool
        Also draw, dashed, the default timer with its peepholes removed
        (:func:`blind_timer_params`): one fixed cell, whatever ``p_i`` and ``threshold`` are.

    Returns
    -------
    matplotlib.figure.Figure
    """
    trace = run_timer(timer_params(p_i=p_i, threshold=threshold), T)
    t = np.arange(1, T + 1)
    stop = stop_step(trace)
    with style_context():
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7.5, 5), sharex=True, height_ratios=(3, 2))
        if compare:
            ax1.plot(
                t,
                run_timer(blind_timer_params(), T)["C"],
                "--",
                color=GATE_COLORS["cell"],
                lw=1.5,
                alpha=0.7,
                label="no peepholes (the same cell in every frame)",
            )
        ax1.plot(
            t, trace["C"], "o-", color=GATE_COLORS["cell"], lw=2, ms=4, label="cell state $C_t$"
        )
        ax1.axhline(threshold, color=INK, ls=":", lw=1.2, label=f"threshold {threshold:g}")
        ax1.set(
            ylim=(0, 0.1 * T * 1.07),
            ylabel="cell state",
            title=f"Peephole $p_i$ = {p_i:g}: "
            + (f"input gate shuts at step {stop}" if stop else "input gate never shuts"),
        )
        ax1.legend(loc="upper left")
        ax2.plot(
            t, trace["i"], "o-", color=GATE_COLORS["input"], ms=3, lw=1.8, label="input gate $i_t$"
        )
        ax2.plot(
            t,
            trace["o"],
            "s-",
            color=GATE_COLORS["output"],
            ms=3,
            lw=1.8,
            label="output gate $o_t$",
        )
        ax2.set(ylim=(-0.05, 1.05), xlabel="time step $t$", ylabel="gate value")
        ax2.legend(loc="center right")
    return fig


def describe_timer(p_i=-100.0, threshold=0.95, T=30):
    """One sentence saying what the slider frame of :func:`plot_timer` at these values shows."""
    trace = run_timer(timer_params(p_i=p_i, threshold=threshold), T)
    blind = run_timer(blind_timer_params(), T)
    opens = np.flatnonzero(trace["o"] > 0.5)
    stop = stop_step(trace)
    alarm = "the output gate never opens"
    if opens.size:
        alarm = f"the output gate opens at step {opens[0] + 1}"
    shut = f"the input gate shuts at step {stop}" if stop else "the input gate never shuts"
    return (
        f"Peephole p_i = {p_i:g}, threshold {threshold:g}: the cell state rises to "
        f"{trace['C'][-1]:.2f} by step {T}; {alarm} and {shut}. The dashed cell without "
        f"peepholes fills to {blind['C'][-1]:.2f} and never opens its output gate."
    )
