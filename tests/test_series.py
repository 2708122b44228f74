"""The forecasting data: the vendored sunspot numbers, the synthetic series, windows and splits.

The no-leakage tests change the future and check that nothing a model is trained on moves.
"""

from pathlib import Path

import numpy as np
import pytest

from lstm_lessons.series import (
    Scaler,
    load_sunspots,
    make_splits,
    sunspot_splits,
    synthetic_series,
    synthetic_splits,
    window_indices,
)

ROOT = Path(__file__).resolve().parents[1]


def test_the_sunspot_numbers_are_the_309_yearly_values_of_1700_to_2008():
    years, values = load_sunspots()
    assert years.tolist() == list(range(1700, 2009)) and values.shape == (309,)
    assert values.dtype == np.float64 and values.min() == 0.0
    # spot checks against version 1.0 of the International sunspot number (NGDC, statsmodels)
    assert values[:6].tolist() == [5.0, 11.0, 16.0, 23.0, 36.0, 58.0]
    assert values[years == 1957][0] == 190.2 and values.max() == 190.2
    assert values[-3:].tolist() == [15.2, 7.5, 2.9]


def test_the_csv_names_its_source_and_ships_with_the_package():
    text = (ROOT / "lstm_lessons" / "data" / "sunspots_yearly.csv").read_text()
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert (
        "National Geophysical Data Center" in header
        and "statsmodels" in header
        and "version 1.0" in header
    )
    config = (ROOT / "pyproject.toml").read_text()  # an installed package carries the CSV too
    assert '[tool.setuptools.package-data]\nlstm_lessons = ["data/*.csv"' in config


def test_synthetic_series_is_seeded_and_its_regime_change_scales_everything_after_it():
    a, b = synthetic_series(seed=3), synthetic_series(seed=3)
    assert np.array_equal(a, b) and not np.array_equal(a, synthetic_series(seed=4))
    loud = synthetic_series(seed=3, change_at=100, gain=2.0)
    assert np.array_equal(loud[:100], a[:100]) and np.allclose(
        loud[100:], 2 * a[100:], rtol=0, atol=1e-15
    )
    clean = synthetic_series(noise=0.0, periods=(4.0,), amplitudes=(1.0,), n=12)
    np.testing.assert_allclose(clean[4:], clean[:-4], atol=1e-12)  # period 4 exactly, without noise


def test_windows_hold_the_latest_values_and_the_next_ones():
    values = np.arange(40.0)
    d = make_splits(values, window=5, horizon=3, val_start=20, test_start=30)
    raw = d.scaler.inverse(d.train.xs[:, :, 0]).T  # (n, L)
    np.testing.assert_allclose(raw[0], [0, 1, 2, 3, 4])  # the first window: y_0 .. y_4
    np.testing.assert_allclose(d.scaler.inverse(d.train.y[0]), [5, 6, 7])  # its targets
    np.testing.assert_allclose(d.targets("train"), d.scaler.inverse(d.train.y))
    inputs, targets = window_indices([4, 10], 5, 3)
    assert inputs.tolist() == [[0, 1, 2, 3, 4], [6, 7, 8, 9, 10]] and targets.tolist() == [
        [5, 6, 7],
        [11, 12, 13],
    ]
    assert d.train.xs.shape == (5, d.train.n, 1) and d.train.y.shape == (d.train.n, 3)


@pytest.mark.parametrize("L,K", [(5, 1), (5, 3), (8, 6)])
def test_every_target_lies_in_its_own_part_and_after_every_input(L, K):
    d = make_splits(np.sin(np.arange(60.0)), window=L, horizon=K, val_start=25, test_start=42)
    for split in d.splits.values():
        inputs, targets = window_indices(split.origin, L, K)
        assert targets.min() >= split.start and targets.max() < split.stop
        assert np.all(inputs.max(axis=1) < targets.min(axis=1)) and inputs.min() >= 0
    # every window whose targets fit in a part is used: none lost at the boundaries
    assert (
        d.train.n == 25 - L - K + 1 and d.val.n == 42 - 25 - K + 1 and d.test.n == 60 - 42 - K + 1
    )


def test_nothing_the_training_part_gives_depends_on_later_values():
    values = np.random.default_rng(0).normal(size=80)
    d = make_splits(values, window=6, horizon=4, val_start=40, test_start=60)
    changed = values.copy()
    changed[40:] = 1e3 * np.random.default_rng(1).normal(size=40)  # rewrite the whole future
    e = make_splits(changed, window=6, horizon=4, val_start=40, test_start=60)
    assert (e.scaler.mean, e.scaler.std) == (d.scaler.mean, d.scaler.std)  # fitted on the past only
    assert np.array_equal(e.train.xs, d.train.xs) and np.array_equal(e.train.y, d.train.y)
    assert (d.scaler.mean, d.scaler.std) == pytest.approx((values[:40].mean(), values[:40].std()))
    test_only = values.copy()
    test_only[60:] += 50.0  # the test part alone: validation unchanged too
    f = make_splits(test_only, window=6, horizon=4, val_start=40, test_start=60)
    assert np.array_equal(f.val.xs, d.val.xs) and np.array_equal(f.val.y, d.val.y)


def test_the_sunspot_and_synthetic_splits_share_their_cuts():
    sun, syn = sunspot_splits(), synthetic_splits()
    assert (sun.window, sun.horizon) == (22, 11) == (syn.window, syn.horizon)
    assert sun.time[sun.val.start] == 1921 and sun.time[sun.test.start] == 1965
    assert (sun.val.start, sun.test.start) == (syn.val.start, syn.test.start)
    assert (
        (sun.train.n, sun.val.n, sun.test.n)
        == (189, 34, 34)
        == (syn.train.n, syn.val.n, syn.test.n)
    )
    loud = synthetic_splits(gain=2.0)
    assert np.array_equal(loud.train.xs, syn.train.xs)  # the regime changes after training
    np.testing.assert_allclose(
        loud.values[syn.val.start :], 2 * syn.values[syn.val.start :], rtol=1e-15
    )


def test_scaler_round_trips():
    s = Scaler.fit([1.0, 2.0, 3.0, 6.0])
    np.testing.assert_allclose(s.inverse(s.transform([0.5, 7.0])), [0.5, 7.0])
    assert s.transform(3.0) == 0.0


def test_bad_input_gets_our_errors():
    with pytest.raises(ValueError, match="need window <= val_start < test_start < N"):
        make_splits(np.arange(30.0), 5, 2, val_start=20, test_start=15)
    with pytest.raises(ValueError, match="values must be one series"):
        make_splits(np.ones((30, 2)), 5, 2, 10, 20)
    with pytest.raises(ValueError, match="the test part .* is too short"):
        make_splits(np.arange(30.0), 5, 4, 10, 27)
    with pytest.raises(ValueError, match="must be finite"):
        make_splits(np.r_[np.arange(29.0), np.nan], 5, 2, 10, 20)
    with pytest.raises(TypeError, match="window must be a positive integer"):
        make_splits(np.arange(30.0), 2.5, 2, 10, 20)
    with pytest.raises(ValueError, match="time must have shape"):
        make_splits(np.arange(30.0), 5, 2, 10, 20, time=np.arange(3))
    with pytest.raises(ValueError, match="periods and amplitudes"):
        synthetic_series(periods=(3.0,), amplitudes=(1.0, 2.0))
    with pytest.raises(ValueError, match="gain > 0"):
        synthetic_series(gain=0.0)
