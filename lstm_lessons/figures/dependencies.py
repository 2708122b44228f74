"""Chapter 1, long-term dependencies: a tanh RNN's gradients by distance, its accuracy by lag.

* :func:`scaled_rnn_gradients` measures ``||dL/dh_k||`` for an RNN whose recurrent block has
  a chosen spectral radius (``analysis.set_spectral_radius``), on seeded random inputs.
* :func:`plot_gradients_by_radius` draws those curves on a log scale.
* :func:`plot_accuracy_vs_lag` draws the accuracy a trained RNN reaches at each lag.
* :func:`plot_gradient_reach` is the chapter's slider figure: one radius, one lag.
"""

import numbers

import matplotlib.pyplot as plt
import numpy as np

from ..analysis import gradient_norms_through_time, set_spectral_radius
from ..plots import plot_gradient_norms
from ..rnn import RNNCell
from ..style import CYCLE, MODEL_COLORS, style_context

RADII = (0.5, 0.9, 1.0, 1.5, 3.0)  # the recurrent-weight scales the chapter compares
Y_RANGE = (1e-33, 1e12)  # fixed log-scale limits of the slider figure, so frames compare


def scaled_rnn_gradients(radius, T=100, batch=16, hidden_size=32, seed=0):
    """``||dL/dh_k||`` by distance for a tanh RNN whose ``W_hh`` has spectral radius ``radius``.

    The RNN reads one input channel of standard normal noise (``batch`` sequences,
    seeded by ``seed + 1``) from a zero initial state; the loss is a unit projection
    of the last hidden state (see ``analysis.gradient_norms_through_time``).

    Returns
    -------
    norms : ndarray, shape (T,)
        ``norms[d]``: the gradient ``d`` steps before the loss, averaged over the batch.
    """
    if isinstance(T, bool) or not isinstance(T, numbers.Integral) or T < 1:
        raise ValueError(f"T must be a positive integer; got {T!r}")
    cell = set_spectral_radius(RNNCell(1, hidden_size, seed=seed), radius)
    xs = np.random.default_rng(seed + 1).standard_normal((T, batch, 1))  # (T, B, 1)
    return gradient_norms_through_time(cell, xs, seed=seed)


def plot_gradients_by_radius(
    norms_by_radius, title="Gradients of a tanh RNN, by the scale of $W_{hh}$"
):
    """One log-scale curve per spectral radius; a grey line marks 1 (nothing lost, nothing gained).

    Parameters
    ----------
    norms_by_radius : dict of float -> array, shape (T,)

    Returns
    -------
    fig : matplotlib Figure
    """
    if not isinstance(norms_by_radius, dict) or not norms_by_radius:
        raise ValueError(
            f"norms_by_radius must be a non-empty dict of radius -> norms; got {norms_by_radius!r}"
        )
    labelled = {rf"$\rho(W_{{hh}})$ = {r:g}": n for r, n in norms_by_radius.items()}
    with style_context():
        fig, ax = plt.subplots(figsize=(7.5, 4.2))
        plot_gradient_norms(labelled, ax=ax, title=title)
        ax.axhline(1.0, color="#999999", lw=1, ls=":", zorder=0)
        ax.legend(loc="lower left", ncol=2)
    return fig


def plot_accuracy_vs_lag(lags, accuracy, chance, title="A tanh RNN on the first-symbol task"):
    """Final validation accuracy against the lag: a dot per seed, the mean, chance dashed.

    Parameters
    ----------
    lags : sequence of int, length n
    accuracy : array, shape (n, n_seeds), values in [0, 1]
    chance : float
    """
    lags = np.asarray(lags, dtype=float)
    acc = np.asarray(accuracy, dtype=float)
    if acc.ndim != 2 or acc.shape[0] != lags.size or lags.size == 0:
        raise ValueError(
            f"accuracy must have shape (len(lags), n_seeds) = ({lags.size}, ...); got {acc.shape}"
        )
    if not np.all((acc >= 0) & (acc <= 1)):
        raise ValueError("accuracy values must lie in [0, 1]")
    with style_context():
        fig, ax = plt.subplots(figsize=(7, 3.8))
        color = MODEL_COLORS["rnn"]
        for k in range(acc.shape[1]):
            ax.plot(
                lags,
                acc[:, k],
                "o",
                color=color,
                alpha=0.35,
                ms=6,
                label="one seed" if k == 0 else None,
            )
        ax.plot(lags, acc.mean(axis=1), "-", color=color, lw=2, label="mean over seeds")
        ax.axhline(chance, color=CYCLE[1], ls="--", lw=1.5, label=f"chance ({chance:.2f})")
        ax.set(
            xscale="log",
            ylim=(0, 1.05),
            xlabel="lag $T$ (the symbol is $T - 1$ steps before the question)",
            ylabel="validation accuracy",
            title=title,
        )
        ax.set_xticks(lags, [f"{v:g}" for v in lags])
        ax.minorticks_off()
        ax.legend(loc="center left")
    return fig


def plot_gradient_reach(radius=1.0, lag=100):
    """The slider figure: the gradient reaching back ``lag`` steps at spectral radius ``radius``.

    Draws ``||dL/dh_k||`` for sequences of length ``lag`` (a batch of four, as measured by
    ``scaled_rnn_gradients``) on fixed axes (distance 0-100, ``Y_RANGE``) and prints the value
    at the first step.
    """
    if isinstance(lag, bool) or not isinstance(lag, numbers.Integral) or not 1 <= lag <= 100:
        raise ValueError(f"lag must be an integer from 1 to 100; got {lag!r}")
    norms = scaled_rnn_gradients(radius, T=lag, batch=4)
    first = norms[-1]
    with style_context():
        fig, ax = plt.subplots(figsize=(7, 3.8))
        d = np.arange(lag)
        ax.plot(d, np.where(norms > 0, norms, np.nan), lw=2.2, color=CYCLE[0])
        ax.plot([lag - 1], [max(first, Y_RANGE[0])], "o", color=CYCLE[1], ms=8, zorder=3)
        ax.axhline(1.0, color="#999999", lw=1, ls=":")
        ax.set(
            yscale="log",
            ylim=Y_RANGE,
            xlim=(-2, 102),
            xlabel=r"steps back from the loss, $t - k$",
            ylabel=r"$\|\partial L / \partial h_k\|$",
            title=rf"$\rho(W_{{hh}})$ = {radius:g}, lag {lag}: {first:.1e} reaches the first step",
        )
    return fig
