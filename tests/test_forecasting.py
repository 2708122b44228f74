"""The forecasters, their training, the comparison table, and chapter 13's figures."""

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons import LSTMCell
from lstm_lessons.experiments.forecast import (
    MODELS,
    html_table,
    pooled,
    run_forecasts,
    summarize,
    table_rows,
    verdict,
)
from lstm_lessons.figures.time_series import (
    forecast_slider,
    plot_error_by_step,
    plot_forecasts,
    plot_splits,
)
from lstm_lessons.presentation.style import MODEL_COLORS
from lstm_lessons.series import make_splits, sunspot_splits, synthetic_series, synthetic_splits
from lstm_lessons.series.attention import CausalSelfAttention
from lstm_lessons.series.forecasting import (
    LinearAR,
    fit,
    fit_linear_ar,
    persistence,
    rmse,
    seasonal_naive,
)
from lstm_lessons.training import SequenceModel

matplotlib.use("Agg")


def small(values=None, L=6, K=3):
    values = synthetic_series(n=90, seed=1) if values is None else values
    return make_splits(values, window=L, horizon=K, val_start=50, test_start=70)


def test_naive_forecasts_read_the_right_values():
    d = small(np.arange(90.0), L=6, K=3)
    raw = d.scaler.inverse(persistence(d.test.xs, 3))
    np.testing.assert_allclose(raw, np.repeat(d.test.origin[:, None], 3, axis=1))  # y_t
    raw = d.scaler.inverse(seasonal_naive(d.test.xs, 3, period=4))
    np.testing.assert_allclose(raw, d.test.origin[:, None] + np.arange(1, 4) - 4)  # y_{t+k-4}
    with pytest.raises(ValueError, match="horizon <= period <= window"):
        seasonal_naive(d.test.xs, 3, period=8)


def test_a_period_p_series_is_forecast_exactly_by_the_seasonal_naive_and_the_ar():
    d = small(synthetic_series(n=90, periods=(5.0,), amplitudes=(1.0,), noise=0.0), L=10, K=5)
    assert np.max(rmse(d, "test", seasonal_naive(d.test.xs, 5, 5))) < 1e-12
    assert (
        np.max(rmse(d, "test", LinearAR(0.0).fit(d.train.xs, d.train.y).predict(d.test.xs))) < 1e-8
    )


def test_linear_ar_is_least_squares_on_the_window_with_an_unpenalised_bias():
    d = small()
    X = np.column_stack([d.train.xs[:, :, 0].T, np.ones(d.train.n)])
    Wb, *_ = np.linalg.lstsq(X, d.train.y, rcond=None)  # (L+1, K)
    ar = LinearAR(0.0).fit(d.train.xs, d.train.y)
    np.testing.assert_allclose(ar.W, Wb[:-1].T, atol=1e-10)
    np.testing.assert_allclose(ar.b, Wb[-1], atol=1e-10)
    shifted = d.train.y + 100.0  # a huge offset costs the ridge nothing: only the bias moves
    big = LinearAR(1e3).fit(d.train.xs, shifted)
    np.testing.assert_allclose(big.W, LinearAR(1e3).fit(d.train.xs, d.train.y).W, atol=1e-9)
    assert ar.n_params == (6 + 1) * 3
    best = fit_linear_ar(d, lams=(0.0, 1.0, 1e6))
    val = {
        lam: np.mean((LinearAR(lam).fit(d.train.xs, d.train.y).predict(d.val.xs) - d.val.y) ** 2)
        for lam in (0.0, 1.0, 1e6)
    }
    assert best.lam == min(val, key=val.get)
    with pytest.raises(ValueError, match="needs fit"):
        LinearAR().predict(d.val.xs)
    with pytest.raises(ValueError, match="ridge penalty >= 0"):
        LinearAR(-1.0)


def test_rmse_is_in_the_series_units():
    d = small(np.arange(90.0) * 10.0)
    perfect = d.scaler.transform(d.targets("val"))
    assert np.all(rmse(d, "val", perfect) < 1e-12)
    np.testing.assert_allclose(rmse(d, "val", d.scaler.transform(d.targets("val") + 3.0)), 3.0)
    assert pooled([3.0, 4.0]) == pytest.approx(np.sqrt(12.5))


@pytest.mark.parametrize("kind", ["lstm", "attention"])
def test_fit_trains_keeps_the_best_validation_epoch_and_is_seeded(kind):
    d = small()

    def make():
        if kind == "lstm":
            return SequenceModel(LSTMCell(1, 4, seed=0), 3, seed=0)
        return CausalSelfAttention(1, 4, 3, max_len=6, n_heads=2, seed=0)

    m = make()
    before = np.mean((m.predict(d.val.xs) - d.val.y) ** 2)
    h = fit(m, d, epochs=8, lr=1e-2, seed=3)
    after = np.mean((m.predict(d.val.xs) - d.val.y) ** 2)
    assert after == pytest.approx(min(h.val_loss)) and after < before
    assert (
        h.best_step == h.step[int(np.argmin(h.val_loss))] and h.step[-1] == 8 * 2
    )  # 44 windows, batches of 32
    again = make()
    fit(again, d, epochs=8, lr=1e-2, seed=3)
    assert all(np.array_equal(m.params[k], again.params[k]) for k in m.params)
    with pytest.raises(TypeError, match="ForecastData"):
        fit(m, {"train": None})


@pytest.fixture(scope="module")
def runs():
    d = small()
    return d, run_forecasts(
        d, seeds=(0, 1), period=5, epochs=2, hidden_size=3, d_model=4, n_heads=2
    )


def test_run_forecasts_gives_one_row_per_model_and_seed(runs):
    d, rows = runs
    assert [r["model"] for r in rows] == [
        "persistence",
        "seasonal_naive",
        "linear_ar",
        "lstm",
        "lstm",
        "attention",
        "attention",
    ]
    assert [r["seed"] for r in rows] == [None, None, None, 0, 1, 0, 1]
    for r in rows:
        assert r["rmse"].shape == (3,) and r["forecast"].shape == (d.test.n, 3)
        np.testing.assert_allclose(
            r["rmse"], np.sqrt(np.mean((r["forecast"] - d.targets("test")) ** 2, axis=0))
        )
    assert rows[3]["n_params"] == 4 * 3 * (3 + 1 + 1) + 3 * (3 + 1)
    assert rows[5]["n_params"] == 4 + 4 + 6 * 4 + 4 * 16 + 4 + 3 * 4 + 3
    again = run_forecasts(d, seeds=(0, 1), period=5, epochs=2, hidden_size=3, d_model=4, n_heads=2)
    assert all(np.array_equal(a["rmse"], b["rmse"]) for a, b in zip(rows, again, strict=False))


def test_summary_table_and_verdicts(runs):
    d, rows = runs
    s = summarize(rows)
    assert list(s) == list(MODELS) and s["lstm"]["n_seeds"] == 2 and s["linear_ar"]["n_seeds"] == 0
    assert s["lstm"]["one_min"] <= s["lstm"]["one_mean"] <= s["lstm"]["one_max"]
    head, body = table_rows({"toy": s}, digits={"toy": 3})
    assert (
        len(head) == len(body[0]) == 7
        and len(body) == 5
        and "[" in body[3][4]
        and "[" not in body[2][4]
    )
    assert body[0][-1] == "-" and "<table" in html_table({"toy": s}, caption="toy")
    fake = {
        "a": {"one_min": 1.0, "one_max": 2.0},
        "b": {"one_min": 2.5, "one_max": 3.0},
        "c": {"one_min": 1.5, "one_max": 2.6},
    }
    assert (
        verdict(fake, "a", "b") == "a"
        and verdict(fake, "b", "a") == "a"
        and verdict(fake, "a", "c") is None
    )


def _labelled(fig):
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_figures_are_labelled_and_use_the_model_colours(runs):
    d, rows = runs
    _labelled(plot_splits(sunspot_splits(), synthetic_splits(), synthetic_splits(gain=2.0)))
    fig = plot_error_by_step({"toy": (d, rows), "again": (d, rows)})
    _labelled(fig)
    assert {line.get_color() for line in fig.axes[0].lines} == {MODEL_COLORS[m] for m in MODELS}
    fig = plot_forecasts(d, rows, step=2)
    _labelled(fig)
    assert len(fig.axes[0].lines) == 1 + len(MODELS)
    with pytest.raises(ValueError, match="step must be an integer in 1..3"):
        plot_forecasts(d, rows, step=4)
    with pytest.raises(ValueError, match="rows must be the non-empty list"):
        plot_forecasts(d, [], step=1)


def test_slider_frames_and_their_descriptions(runs):
    d, rows = runs
    plot_fn, describe = forecast_slider({"toy": (d, rows), "twin": (d, rows)})
    _labelled(plot_fn(1, 3))
    text = describe(0, 2)
    best = min(MODELS, key=lambda m: np.mean([r["rmse"][1] for r in rows if r["model"] == m]))
    assert (
        text.startswith("toy, 2 steps ahead") and f"Lowest mean test RMSE: {MODELS[best]}" in text
    )
    with pytest.raises(ValueError, match="series must be an index 0..1"):
        plot_fn(2, 1)
