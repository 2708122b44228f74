"""The forecasting comparison of chapter 13: five forecasters, the same windows, several seeds.

``run_forecasts(data, seeds)`` fits every model of ``MODELS`` on one ``series.ForecastData`` and
returns a *tidy table*: a list of dicts, one row per (model, seed). The two naive forecasters and
the linear autoregression have no randomness and get one row each (``seed`` None). ``summarize``
folds the seeds together, and ``html_table`` renders the result. Everything is seeded: the same
arguments give the same numbers, except ``seconds``, CPU time measured on the machine that runs it.
"""

import time

import numpy as np

from .._validate import check_seed, check_size
from ..cells import LSTMCell
from ..presentation import _tables
from ..series.attention import CausalSelfAttention
from ..series.data import SOLAR_CYCLE
from ..series.forecasting import _check_data, fit, fit_linear_ar, persistence, rmse, seasonal_naive
from ..training.model import SequenceModel

# key -> label, for tables and legends; the keys are also ``style.MODEL_COLORS``'s.
MODELS = {
    "persistence": "persistence",
    "seasonal_naive": "seasonal naive",
    "linear_ar": "linear AR",
    "lstm": "LSTM",
    "attention": "causal attention",
}
TRAINED = ("lstm", "attention")


def make_network(model, data, seed, hidden_size=16, d_model=16, n_heads=2):
    """A fresh LSTM forecaster (``SequenceModel``: cell and readout) or attention forecaster."""
    if model == "lstm":
        return SequenceModel(LSTMCell(1, hidden_size, seed=seed), data.horizon, seed=seed)
    if model == "attention":
        return CausalSelfAttention(
            1, d_model, data.horizon, max_len=data.window, n_heads=n_heads, seed=seed
        )
    raise ValueError(f"model must be one of {list(TRAINED)}; got {model!r}")


def _row(data, model, seed, forecast_fn, n_params, seconds, best_step=None):
    test, val = forecast_fn(data.test.xs), forecast_fn(data.val.xs)  # (n, K), normalised
    return {
        "model": model,
        "label": MODELS[model],
        "seed": seed,
        "n_params": int(n_params),
        "seconds": float(seconds),
        "best_step": best_step,
        "rmse": rmse(data, "test", test),
        "val_rmse": rmse(data, "val", val),  # (K,) each
        "forecast": data.scaler.inverse(test),  # (n_test, K), the series' units
    }


def run_forecasts(
    data,
    seeds=(0, 1, 2, 3, 4),
    *,
    period=SOLAR_CYCLE,
    epochs=100,
    lr=1e-2,
    batch_size=32,
    hidden_size=16,
    d_model=16,
    n_heads=2,
):
    """Fit every model on ``data`` and score it on the test windows; one row per (model, seed).

    The networks are trained by ``forecasting.fit`` (Adam, clipping at 1, the best validation
    epoch kept); the seed sets their initial weights and the order of the minibatches.
    """
    seeds = [check_seed(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds must name at least one seed, e.g. seeds=(0, 1, 2); got none")
    check_size("epochs", epochs)
    K = _check_data(data).horizon
    rows = [
        _row(data, "persistence", None, lambda xs: persistence(xs, K), 0, 0.0),
        _row(data, "seasonal_naive", None, lambda xs: seasonal_naive(xs, K, period), 0, 0.0),
    ]
    start = time.process_time()
    ar = fit_linear_ar(data)
    rows.append(_row(data, "linear_ar", None, ar.predict, ar.n_params, time.process_time() - start))
    rows[-1]["lam"] = ar.lam
    for model in TRAINED:
        for seed in seeds:
            net = make_network(model, data, seed, hidden_size, d_model, n_heads)
            h = fit(net, data, epochs=epochs, batch_size=batch_size, lr=lr, seed=seed)
            rows.append(_row(data, model, seed, net.predict, net.n_params, h.seconds, h.best_step))
    return rows


def pooled(rmse_by_step):
    """One error over all steps ahead: ``sqrt(mean_k rmse_k**2)``, the root of the mean square."""
    return float(np.sqrt(np.mean(np.asarray(rmse_by_step) ** 2)))


def summarize(rows, step=1):
    """``model -> dict``: the errors at ``step`` ahead and pooled over all steps, over the seeds.

    Each entry holds ``one`` and ``all`` (arrays, one value per seed), their ``*_mean``,
    ``*_min`` and ``*_max``, ``n_seeds`` (0 for a model without randomness), ``n_params``
    and ``seconds`` (the mean CPU time of one fit).
    """
    out = {}
    for model in MODELS:
        runs = [r for r in rows if r["model"] == model]
        if not runs:
            continue
        one = np.array([r["rmse"][step - 1] for r in runs])
        every = np.array([pooled(r["rmse"]) for r in runs])
        s = {
            "label": MODELS[model],
            "n_seeds": sum(r["seed"] is not None for r in runs),
            "n_params": runs[0]["n_params"],
            "seconds": float(np.mean([r["seconds"] for r in runs])),
            "one": one,
            "all": every,
        }
        for name, v in (("one", one), ("all", every)):
            s.update(
                {
                    f"{name}_mean": float(v.mean()),
                    f"{name}_min": float(v.min()),
                    f"{name}_max": float(v.max()),
                }
            )
        out[model] = s
    return out


def verdict(summary, a, b, name="one"):
    """Which of models ``a`` and ``b`` had the lower error, counting only a clear difference.

    Returns ``a`` or ``b`` when one model's *worst* seed beat the other's *best* (the ranges
    over seeds do not overlap), and ``None`` when they overlap: a difference smaller than the
    spread between seeds is not a result. ``name`` is ``"one"`` (one step ahead) or ``"all"``.
    """
    lo_a, hi_a = summary[a][f"{name}_min"], summary[a][f"{name}_max"]
    lo_b, hi_b = summary[b][f"{name}_min"], summary[b][f"{name}_max"]
    return a if hi_a < lo_b else b if hi_b < lo_a else None


def _cell(s, name, digits):
    mean = f"{s[f'{name}_mean']:.{digits}f}"
    spread = f" [{s[f'{name}_min']:.{digits}f}-{s[f'{name}_max']:.{digits}f}]"
    return mean + (spread if s["n_seeds"] > 1 else "")


def table_rows(summaries, digits=None):
    """Header and body of the results table, one row per (series, model), cells as strings.

    ``summaries`` is ``{series name: summarize(rows)}``; ``digits`` maps a series name to the
    decimals of its errors (1 by default). A model with seeds shows ``mean [min-max]``.
    """
    digits = digits or {}
    head = [
        "series",
        "model",
        "seeds",
        "parameters",
        "RMSE 1 step ahead",
        "RMSE, all steps",
        "CPU seconds per fit",
    ]
    body = []
    for series, table in summaries.items():
        for s in table.values():
            seeds = str(s["n_seeds"]) if s["n_seeds"] else "-"
            body.append(
                [
                    series,
                    s["label"],
                    seeds,
                    f"{s['n_params']:,}",
                    _cell(s, "one", digits.get(series, 1)),
                    _cell(s, "all", digits.get(series, 1)),
                    f"{s['seconds']:.2g}" if s["n_params"] else "-",
                ]
            )
    return head, body


def html_table(summaries, caption="", digits=None):
    """The results table as HTML (the book renders it)."""
    return _tables.html_table(*table_rows(summaries, digits), caption=caption)
