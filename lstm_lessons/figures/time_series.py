"""Figures for chapter 13, forecasting a time series.

* ``plot_splits``: the sunspot numbers and the synthetic series, the train / validation / test
  parts shaded;
* ``plot_error_by_step``: test error against the steps ahead, one colour per model
  (``style.MODEL_COLORS``), the seeds' range shaded for the trained models;
* ``plot_forecasts``: the test period, the truth and every model's forecast ``k`` steps ahead;
* ``forecast_slider``: the slider's ``plot_fn(series, step)`` and ``describe(series, step)``.

Every function returns a new ``matplotlib.figure.Figure`` (titles, labelled axes); nothing is shown.
"""

import numpy as np
from matplotlib.figure import Figure

from ..experiments.forecast import MODELS, TRAINED
from ..presentation.style import INK, MODEL_COLORS, style_context
from ..series.data import ForecastData

PART_SHADES = {"train": "#FFFFFF", "val": "#F0F0F0", "test": "#E2E2E2"}
PART_NAMES = {"train": "training", "val": "validation", "test": "test"}


def _check(data, rows=None):
    if not isinstance(data, ForecastData):
        raise TypeError(
            f"data must be a ForecastData from series.make_splits; got {type(data).__name__}"
        )
    if rows is not None and not (
        isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows)
    ):
        raise ValueError("rows must be the non-empty list of dicts returned by run_forecasts")


def _shade_parts(ax, data, label=True):
    t = data.time
    for name, split in data.splits.items():
        lo, hi = t[split.start], t[split.stop - 1]
        ax.axvspan(lo - 0.5, hi + 0.5, color=PART_SHADES[name], zorder=0)
        if label:
            ax.text(
                (lo + hi) / 2,
                0.97,
                PART_NAMES[name],
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="top",
                fontsize=9,
                color=INK,
            )


def plot_splits(sunspots, synthetic, louder=None, figsize=(9.0, 6.4)):
    """The two series, each part shaded; ``louder``: the synthetic series after a regime change."""
    for d in (sunspots, synthetic) + ((louder,) if louder is not None else ()):
        _check(d)
    with style_context():
        fig = Figure(figsize=figsize, layout="constrained")
        top, bottom = fig.subplots(2, 1)
        _shade_parts(top, sunspots)
        top.plot(sunspots.time, sunspots.values, color=INK, lw=1.2)
        top.set(
            xlabel=sunspots.time_label,
            ylabel=f"{sunspots.value_label} (yearly mean)",
            xlim=(sunspots.time[0] - 1, sunspots.time[-1] + 1),
            title="Yearly sunspot numbers, 1700-2008",
        )
        _shade_parts(bottom, synthetic)
        if louder is not None:
            after = np.arange(len(louder.values)) >= louder.val.start
            bottom.plot(
                louder.time[after],
                louder.values[after],
                color=MODEL_COLORS["attention"],
                lw=1,
                label="after a regime change: twice as loud",
            )
        bottom.plot(
            synthetic.time,
            synthetic.values,
            color=INK,
            lw=1,
            label="sum of two sinusoids plus noise",
        )
        bottom.set(
            xlabel=synthetic.time_label,
            ylabel=synthetic.value_label,
            xlim=(synthetic.time[0] - 1, synthetic.time[-1] + 1),
            title="Synthetic series: periods 11 and 4, noise 0.3",
        )
        bottom.legend(loc="lower left", fontsize=9)
    return fig


def _runs(rows, model):
    return [r for r in rows if r["model"] == model]


def plot_error_by_step(results, figsize=None):
    """Test RMSE against the steps ahead; ``results`` maps a panel's title to ``(data, rows)``."""
    with style_context():
        fig = Figure(figsize=figsize or (4.0 * len(results) + 0.5, 4.4), layout="constrained")
        axes = fig.subplots(1, len(results), squeeze=False)[0]
        for ax, (title, (data, rows)) in zip(axes, results.items(), strict=True):
            _check(data, rows)
            steps = np.arange(1, data.horizon + 1)
            for model in MODELS:
                errs = np.array([r["rmse"] for r in _runs(rows, model)])  # (seeds, K)
                if errs.size == 0:
                    continue
                ax.plot(
                    steps,
                    errs.mean(axis=0),
                    color=MODEL_COLORS[model],
                    lw=2,
                    label=MODELS[model],
                    ls="--" if model in ("persistence", "seasonal_naive") else "-",
                )
                if len(errs) > 1:
                    ax.fill_between(
                        steps,
                        errs.min(axis=0),
                        errs.max(axis=0),
                        color=MODEL_COLORS[model],
                        alpha=0.2,
                        lw=0,
                    )
            ax.set(
                xlabel="steps ahead, k",
                ylabel="test RMSE (the series' units)",
                title=title,
                ylim=(0, None),
            )
            ax.set_xticks(steps[::2])
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), fontsize=9)
        fig.suptitle(
            "Test error by steps ahead: line the mean over seeds, band their range",
            fontweight="bold",
        )
    return fig


def step_errors(rows, model, step):
    """The test RMSE ``step`` ahead of each run of ``model``: an array, one entry per seed."""
    return np.array([r["rmse"][step - 1] for r in _runs(rows, model)])


def plot_forecasts(data, rows, step=1, title=None, figsize=(9.0, 4.6)):
    """The test period: the truth, and each model's forecast ``step`` ahead at the time it targets.

    Trained models show the mean of their seeds' forecasts, their range shaded. The legend gives
    each model's test RMSE at this step (the mean over seeds).
    """
    _check(data, rows)
    if not (isinstance(step, int | np.integer) and 1 <= step <= data.horizon):
        raise ValueError(f"step must be an integer in 1..{data.horizon}; got {step!r}")
    at = data.time[data.test.origin + step]  # (n,) the time each forecast targets
    with style_context():
        fig = Figure(figsize=figsize, layout="constrained")
        ax = fig.subplots()
        t0 = data.test.start
        ax.axvspan(data.time[t0] - 0.5, data.time[-1] + 0.5, color=PART_SHADES["test"], zorder=0)
        ax.text(
            data.time[t0],
            0.97,
            " test period",
            transform=ax.get_xaxis_transform(),
            va="top",
            fontsize=9,
            color=INK,
        )
        seen = np.arange(data.test.origin[0] - data.window + 1, len(data.values))
        ax.plot(
            data.time[seen],
            data.values[seen],
            color=INK,
            lw=2.2,
            marker="o",
            ms=3,
            label="truth",
            zorder=4,
        )
        for model in MODELS:
            runs = _runs(rows, model)
            f = np.array([r["forecast"][:, step - 1] for r in runs])  # (seeds, n)
            err = step_errors(rows, model, step).mean()
            ls = "--" if model in ("persistence", "seasonal_naive") else "-"
            ax.plot(
                at,
                f.mean(axis=0),
                color=MODEL_COLORS[model],
                lw=1.6,
                ls=ls,
                label=f"{MODELS[model]} ({err:.3g})",
                zorder=3,
            )
            if len(runs) > 1:
                ax.fill_between(
                    at, f.min(axis=0), f.max(axis=0), color=MODEL_COLORS[model], alpha=0.2, lw=0
                )
        ax.set(
            xlabel=f"{data.time_label} being forecast",
            ylabel=data.value_label,
            xlim=(data.time[seen[0]] - 0.5, data.time[-1] + 0.5),
            title=title
            or f"Forecasts {step} step{'s' if step > 1 else ''} ahead over the test period",
        )
        ax.legend(
            title="model (test RMSE)", loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9
        )
    return fig


def forecast_slider(results):
    """``plot_fn(series, step)`` and ``describe(series, step)`` for ``widgets.explore``.

    ``results`` maps a series name to ``(data, rows)``; ``series`` indexes it (0, 1, ...), ``step``
    is the number of steps ahead. Every frame is drawn from the finished runs.
    """
    names = list(results)

    def _pick(series):
        if series not in range(len(names)):
            raise ValueError(
                f"series must be an index 0..{len(names) - 1} into {names}; got {series!r}"
            )
        return names[series], results[names[series]]

    def plot_fn(series, step):
        name, (data, rows) = _pick(series)
        return plot_forecasts(
            data, rows, step, title=f"{name}: forecasts {step} step{'s' if step > 1 else ''} ahead"
        )

    def describe(series, step):
        name, (data, rows) = _pick(series)
        errs = {m: step_errors(rows, m, step) for m in MODELS}
        best = min(errs, key=lambda m: errs[m].mean())
        nets = ", ".join(
            f"{MODELS[m]} {errs[m].mean():.3g} "
            f"({errs[m].min():.3g} to {errs[m].max():.3g} over seeds)"
            for m in TRAINED
        )
        return (
            f"{name}, {step} step{'s' if step > 1 else ''} ahead: "
            "the test period's truth and each model's forecast. "
            f"Lowest mean test RMSE: {MODELS[best]}, {errs[best].mean():.3g}; {nets}."
        )

    return plot_fn, describe
