"""Chapter 1, long-term dependencies: a tanh RNN's gradients by distance, its accuracy by lag.

* :func:`scaled_rnn` is an RNN whose recurrent block ``W_hh`` has a chosen spectral radius;
  :func:`scaled_rnn_gradients` measures its ``||dL/dh_k||`` on seeded random inputs.
* :func:`plot_gradients_by_radius` draws those curves on a log scale.
* :func:`plot_accuracy_vs_lag` draws the accuracy a trained RNN reaches at each lag, and
  :func:`accuracy_table` lists it per seed, one column per training setup.
* :func:`plot_gradient_reach` is the chapter's slider figure (one radius, one lag);
  :func:`gradient_reach` holds its numbers and :func:`describe_gradient_reach` says in one
  sentence what a frame shows.
"""

import numbers
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from ..cells.rnn import RNNCell
from ..presentation import _tables
from ..presentation.plots import plot_gradient_norms
from ..presentation.style import CYCLE, MODEL_COLORS, style_context
from ..training.analysis import gradient_norms_through_time, set_spectral_radius, spectral_norm

RADII = (0.5, 0.9, 1.0, 1.5, 3.0)  # the recurrent-weight scales the chapter compares
Y_RANGE = (1e-33, 1e12)  # fixed log-scale limits of the slider figure, so frames compare
EDGE = 10  # steps next to the zero initial state, where the state is still small
WARMUP = 50  # earlier steps that give the slider's second curve a typical starting state


def log_ticks_through_one(ax, lo, hi, most=9):
    """Set log-scale y limits ``(lo, hi)`` with ticks at ``10**(k*s)``, labelled "1" at ``10**0``.

    ``s`` is the smallest of 1, 2, 3, 5, 10, 20 decades that gives at most ``most`` ticks;
    the ticks are multiples of ``s``, so 1 is one of them whenever it lies in ``(lo, hi)``.
    """
    if not 0 < lo < hi or not np.isfinite(hi):
        raise ValueError(f"log-scale limits need 0 < lo < hi < inf; got lo={lo!r}, hi={hi!r}")
    a, b = np.log10(lo), np.log10(hi)
    step = next((s for s in (1, 2, 3, 5, 10, 20) if (b - a) / s <= most - 1), 50)
    ks = np.arange(np.ceil(a / step) * step, b + 1e-9, step).astype(int)
    ax.set_yscale("log")
    ax.set_yticks(10.0**ks, ["1" if k == 0 else f"$10^{{{k}}}$" for k in ks])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylim(lo, hi)
    return ks


def scaled_rnn(radius, hidden_size=32, seed=0):
    """An ``RNNCell(1, hidden_size, seed=seed)`` whose ``W_hh`` has spectral radius ``radius``."""
    return set_spectral_radius(RNNCell(1, hidden_size, seed=seed), radius)


def scaled_rnn_gradients(radius, T=100, batch=16, hidden_size=32, seed=0, warmup=0):
    """``||dL/dh_k||`` by distance for a tanh RNN whose ``W_hh`` has spectral radius ``radius``.

    The RNN (:func:`scaled_rnn`) reads one input channel of standard normal noise (``batch``
    sequences, seeded by ``seed + 1``); the loss is a unit projection of the last hidden state
    (see ``analysis.gradient_norms_through_time``). The state starts at zero, or, with
    ``warmup > 0``, where ``warmup`` earlier steps of other noise (seeded by ``seed + 2``) left it.

    Returns
    -------
    norms : ndarray, shape (T,)
        ``norms[d]``: the gradient ``d`` steps before the loss, averaged over the batch.
    """
    if isinstance(T, bool) or not isinstance(T, numbers.Integral) or T < 1:
        raise ValueError(f"T must be a positive integer; got {T!r}")
    if isinstance(warmup, bool) or not isinstance(warmup, numbers.Integral) or warmup < 0:
        raise ValueError(f"warmup must be an integer >= 0; got {warmup!r}")
    cell = scaled_rnn(radius, hidden_size, seed)
    xs = np.random.default_rng(seed + 1).standard_normal((T, batch, 1))  # (T, B, 1)
    state = None
    if warmup:
        before = np.random.default_rng(seed + 2).standard_normal((warmup, batch, 1))
        state = cell.forward(before)[1]  # (B, H): where the earlier steps left h
    return gradient_norms_through_time(cell, xs, state, seed=seed)


def plot_gradients_by_radius(
    norms_by_radius, weight_norms=None, title="Gradients of a tanh RNN, by the scale of $W_{hh}$"
):
    """One log-scale curve per spectral radius; a grey line marks 1 (nothing lost, nothing gained).

    Parameters
    ----------
    norms_by_radius : dict of float -> array, shape (T,)
    weight_norms : dict of float -> float, optional
        ``||W_hh||`` for each radius, shown in the legend beside it.

    Returns
    -------
    fig : matplotlib Figure
    """
    if not isinstance(norms_by_radius, dict) or not norms_by_radius:
        raise ValueError(
            f"norms_by_radius must be a non-empty dict of radius -> norms; got {norms_by_radius!r}"
        )
    if weight_norms is not None and set(weight_norms) != set(norms_by_radius):
        raise ValueError(
            "weight_norms must give ||W_hh|| for the same radii as norms_by_radius: "
            f"{sorted(norms_by_radius)}; got {sorted(weight_norms)}"
        )
    labelled = {}
    for r, n in norms_by_radius.items():
        norm = "" if weight_norms is None else rf", $\|W_{{hh}}\|$ = {weight_norms[r]:.2f}"
        labelled[rf"$\rho(W_{{hh}})$ = {r:g}{norm}"] = n
    positive = np.concatenate([np.asarray(n, float)[np.asarray(n) > 0] for n in labelled.values()])
    with style_context():
        fig, ax = plt.subplots(figsize=(7.5, 4.4))
        plot_gradient_norms(labelled, ax=ax, title=title)
        ax.axhline(1.0, color="#999999", lw=1, ls=":", zorder=0)
        lo, hi = positive.min(), positive.max()
        log_ticks_through_one(ax, 10 ** np.floor(np.log10(lo)), 10 ** np.ceil(np.log10(hi) + 0.5))
        ax.legend(loc="lower left", ncol=2 if weight_norms is None else 1, fontsize="small")
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


def gradient_reach(radius=1.0, lag=100, edge=EDGE):
    """The numbers behind one slider frame: how much gradient reaches back ``lag`` steps.

    Measured by ``scaled_rnn_gradients(radius, T=lag, batch=4)``, from a zero initial state
    and from a warmed-up one.

    Returns
    -------
    dict with
        ``norms`` (``(lag,)``, distance 0 first), ``first`` (the norm at the first step),
        ``lo``, ``hi`` (smallest and largest norm over the whole curve), ``inner_lo``,
        ``inner_hi`` (the same, leaving out the ``edge`` steps next to the zero initial state),
        ``weight_norm`` (``||W_hh||``), and ``warm`` and ``warm_first``: the same curve when
        the state starts where ``WARMUP`` earlier steps left it, not at zero.
    """
    if isinstance(lag, bool) or not isinstance(lag, numbers.Integral) or not 1 <= lag <= 100:
        raise ValueError(f"lag must be an integer from 1 to 100; got {lag!r}")
    if isinstance(edge, bool) or not isinstance(edge, numbers.Integral) or edge < 0:
        raise ValueError(f"edge must be an integer >= 0; got {edge!r}")
    if isinstance(radius, bool) or not isinstance(radius, numbers.Real):
        raise ValueError(f"radius must be a number >= 0; got {radius!r}")
    return dict(_reach(float(radius), int(lag), int(edge)))


@lru_cache(maxsize=256)
def _reach(radius, lag, edge):
    """:func:`gradient_reach`, computed once per frame (the slider and its text ask again)."""
    norms = scaled_rnn_gradients(radius, T=lag, batch=4)
    warm = scaled_rnn_gradients(radius, T=lag, batch=4, warmup=WARMUP)
    norms.flags.writeable = warm.flags.writeable = False  # shared by every caller
    inner = norms[: max(lag - edge, 1)]
    H = 32
    return {
        "norms": norms,
        "warm": warm,
        "warm_first": float(warm[-1]),
        "first": float(norms[-1]),
        "lo": float(norms.min()),
        "hi": float(norms.max()),
        "inner_lo": float(inner.min()),
        "inner_hi": float(inner.max()),
        "weight_norm": spectral_norm(scaled_rnn(radius).params["W_h"][:, :H]),
    }


def describe_gradient_reach(radius=1.0, lag=100):
    """One sentence saying what the slider frame at ``radius``, ``lag`` shows, from its numbers.

    Three cases: the gradient only shrinks; it stays within 0.1-10 away from the first
    ``EDGE`` steps (saturation bounds it), perhaps rising near the first step (put down to
    the zero initial state only when a warmed-up start gives less than a third as much);
    or else its range and the value at the first step.
    """
    r = gradient_reach(radius, lag)
    head = f"Spectral radius {radius:g} (norm of W_hh {r['weight_norm']:.2f}), lag {lag}: "
    if r["hi"] <= 1 + 1e-9:
        return head + (
            f"the gradient only shrinks on its way back; {r['first']:.1e} of it reaches the "
            "first step."
        )
    if 0.1 <= r["inner_lo"] and r["inner_hi"] <= 10:
        bounded = head + (
            f"saturation keeps the gradient between {r['inner_lo']:.2g} and {r['inner_hi']:.2g} "
            f"until the last {EDGE} steps"
        )
        if r["first"] <= r["inner_hi"]:
            return bounded + f", and {r['first']:.2g} reaches the first step."
        rise = f"rises to {r['first']:.2g} at the first step (from a warmed-up state, "
        rise += f"{r['warm_first']:.2g})."
        if r["warm_first"] < r["first"] / 3:
            return bounded + "; there the state, started at zero, is still small, and it " + rise
        return bounded + "; then it " + rise
    return head + (
        f"the gradient ranges from {r['lo']:.1e} to {r['hi']:.1e} on its way back; "
        f"{r['first']:.1e} reaches the first step."
    )


def plot_gradient_reach(radius=1.0, lag=100):
    """The slider figure: the gradient reaching back ``lag`` steps at spectral radius ``radius``.

    Draws ``||dL/dh_k||`` (:func:`gradient_reach`) on fixed axes (distance 0-100, ``Y_RANGE``),
    from a zero initial state (the chapter's measurements) and, dashed, from a warmed-up one;
    the title gives the value at the first step.
    """
    r = gradient_reach(radius, lag)
    norms, first = r["norms"], r["first"]
    with style_context():
        fig, ax = plt.subplots(figsize=(7, 3.8))
        d = np.arange(lag)
        warm = r["warm"]
        ax.plot(d, np.where(norms > 0, norms, np.nan), lw=2.2, color=CYCLE[0],
                label="state starts at $h_0 = 0$")  # fmt: skip
        ax.plot(d, np.where(warm > 0, warm, np.nan), lw=1.3, ls="--", color="#777777",
                label=f"state starts where {WARMUP} earlier steps left it")  # fmt: skip
        ax.plot([lag - 1], [max(first, Y_RANGE[0])], "o", color=CYCLE[1], ms=8, zorder=3)
        ax.axhline(1.0, color="#999999", lw=1, ls=":")
        ax.legend(loc="lower left", fontsize="small")
        log_ticks_through_one(ax, *Y_RANGE)
        ax.set(
            xlim=(-2, 102),
            xlabel=r"steps back from the loss, $t - k$",
            ylabel=r"$\|\partial L / \partial h_k\|$",
        )
        ax.set_title(
            rf"$\rho(W_{{hh}})$ = {radius:g} ($\|W_{{hh}}\|$ = {r['weight_norm']:.2f}), "
            f"lag {lag}: {first:.1e} reaches the first step",
            fontsize="medium",
        )
    return fig


def accuracy_table(lags, runs, seeds):
    """A Markdown table of final accuracies: one row per lag, one column per training setup.

    Parameters
    ----------
    lags : sequence of int, length n
    runs : dict of str -> array, shape (n, len(seeds)), values in [0, 1]
        Column title -> accuracies, e.g. ``{"SGD": acc_sgd, "Adam": acc_adam}``.
    seeds : sequence of int

    Returns
    -------
    str
        Each cell lists the seeds' accuracies in %, e.g. ``26 / 27 / 28``.
    """
    lags, seeds = list(lags), list(seeds)
    if not isinstance(runs, dict) or not runs:
        raise ValueError(f"runs must be a non-empty dict of name -> accuracies; got {runs!r}")
    for name, acc in runs.items():
        acc = np.asarray(acc, dtype=float)
        if acc.shape != (len(lags), len(seeds)) or not np.all((acc >= 0) & (acc <= 1)):
            raise ValueError(
                f"runs[{name!r}] must hold accuracies in [0, 1] with shape (len(lags), "
                f"len(seeds)) = ({len(lags)}, {len(seeds)}); got shape {acc.shape}"
            )
    head = ["lag"] + [f"{name}, seeds {' / '.join(map(str, seeds))} (%)" for name in runs]
    body = [
        [str(lag)]
        + [" / ".join(f"{100 * a:.0f}" for a in np.asarray(acc)[i]) for acc in runs.values()]
        for i, lag in enumerate(lags)
    ]
    return _tables.markdown(head, body)
