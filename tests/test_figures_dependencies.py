"""Chapter 1 figures: titles, labelled axes, the measured curves, clear errors."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons.figures import dependencies as dep


def _labelled(fig):
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_small_radius_vanishes_and_large_radius_explodes():
    small, large = dep.scaled_rnn_gradients(0.5, T=40), dep.scaled_rnn_gradients(3.0, T=40)
    assert small.shape == (40,) and small[0] == pytest.approx(1.0)
    assert small[-1] < 1e-8 < 1e2 < large[-1]


def test_plot_gradients_by_radius_one_log_curve_per_radius():
    fig = dep.plot_gradients_by_radius({r: dep.scaled_rnn_gradients(r, T=20) for r in (0.5, 1.0)})
    _labelled(fig)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and len(ax.get_legend().get_texts()) == 2


def test_plot_gradients_by_radius_shows_the_norm_beside_the_radius_and_a_tick_at_one():
    norms = {r: dep.scaled_rnn_gradients(r, T=100) for r in (0.5, 3.0)}
    weight = {r: float(np.linalg.norm(dep.scaled_rnn(r).params["W_h"][:, :32], 2)) for r in norms}
    ax = dep.plot_gradients_by_radius(norms, weight).axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert all(f"{weight[r]:.2f}" in label for r, label in zip(norms, labels, strict=True))
    ticks = ax.get_yticks()
    assert (
        1.0 in ticks and [t.get_text() for t in ax.get_yticklabels()][list(ticks).index(1.0)] == "1"
    )
    lo, hi = ax.get_ylim()
    assert lo <= norms[0.5].min() and hi >= norms[3.0].max()  # every point is on the plot


@pytest.mark.parametrize("lo, hi", [(1e-33, 1e12), (1e-31, 1e7), (1e-3, 1e2), (0.5, 20)])
def test_log_ticks_through_one_include_one_and_are_few(lo, hi):
    fig, ax = plt.subplots()
    ks = dep.log_ticks_through_one(ax, lo, hi)
    plt.close(fig)
    assert 0 in ks and 2 <= len(ks) <= 9
    assert len(set(np.diff(ks))) == 1  # evenly spaced decades


def test_scaled_rnn_has_the_radius_and_a_larger_norm():
    W_hh = dep.scaled_rnn(0.9).params["W_h"][:, :32]
    assert np.max(np.abs(np.linalg.eigvals(W_hh))) == pytest.approx(0.9)
    assert np.linalg.norm(W_hh, 2) > 0.9


def test_warmup_removes_the_rise_from_the_zero_start():
    cold = dep.scaled_rnn_gradients(1.5, T=100, batch=4)
    warm = dep.scaled_rnn_gradients(1.5, T=100, batch=4, warmup=50)
    np.testing.assert_allclose(cold[0], warm[0])  # both start from a unit gradient
    assert cold[-1] > 3 * warm[-1]


def test_gradient_reach_and_its_description_agree():
    r = dep.gradient_reach(1.5, 100)
    np.testing.assert_allclose(r["norms"], dep.scaled_rnn_gradients(1.5, T=100, batch=4))
    assert r["first"] == r["norms"][-1] and r["lo"] <= r["inner_lo"] <= r["inner_hi"] <= r["hi"]
    text = dep.describe_gradient_reach(1.5, 100)
    assert "saturation keeps" in text and f"{r['first']:.2g}" in text and "zero" in text
    r["first"] = -1.0  # a caller's copy: the cache is not touched
    assert dep.gradient_reach(1.5, 100)["first"] > 0


@pytest.mark.parametrize(
    "radius, lag, words",
    [(0.5, 60, "only shrinks"), (1.5, 100, "saturation keeps"), (3.0, 100, "ranges from")],
)
def test_describe_gradient_reach_has_three_cases(radius, lag, words):
    text = dep.describe_gradient_reach(radius, lag)
    first = dep.gradient_reach(radius, lag)["first"]
    assert words in text and (f"{first:.1e}" in text or f"{first:.2g}" in text)


def test_accuracy_table_lists_every_seed():
    table = dep.accuracy_table(
        [5, 40], {"SGD": [[1.0, 1.0], [0.25, 0.3]], "Adam": np.ones((2, 2))}, [0, 1]
    )
    lines = table.splitlines()
    assert len(lines) == 4 and "SGD, seeds 0 / 1 (%)" in lines[0]
    assert lines[3] == "| 40 | 25 / 30 | 100 / 100 |"


def test_plot_accuracy_vs_lag():
    fig = dep.plot_accuracy_vs_lag([2, 10], np.array([[1.0, 1.0], [0.25, 0.3]]), chance=0.25)
    _labelled(fig)


def test_plot_gradient_reach_reports_the_first_step():
    fig = dep.plot_gradient_reach(0.5, 20)
    _labelled(fig)
    first = dep.scaled_rnn_gradients(0.5, T=20, batch=4)[-1]
    assert f"{first:.1e}" in fig.axes[0].get_title()


@pytest.mark.parametrize(
    "call",
    [
        lambda: dep.plot_gradients_by_radius({}),
        lambda: dep.plot_accuracy_vs_lag([2, 10], np.ones((3, 1)), 0.25),
        lambda: dep.plot_accuracy_vs_lag([2], np.array([[1.5]]), 0.25),
        lambda: dep.plot_gradient_reach(1.0, 0),
        lambda: dep.plot_gradient_reach(1.0, 101),
        lambda: dep.scaled_rnn_gradients(1.0, T=0),
        lambda: dep.scaled_rnn_gradients(1.0, T=5, warmup=-1),
        lambda: dep.plot_gradients_by_radius({0.5: np.ones(3)}, weight_norms={0.9: 1.0}),
        lambda: dep.gradient_reach("big", 20),
        lambda: dep.gradient_reach(1.0, 20, edge=-1),
        lambda: dep.accuracy_table([5], {}, [0]),
        lambda: dep.accuracy_table([5], {"SGD": np.ones((2, 1))}, [0]),
        lambda: dep.accuracy_table([5], {"SGD": [[1.5]]}, [0]),
        lambda: dep.log_ticks_through_one(plt.gca(), 0.0, 1.0),
    ],
)
def test_bad_input(call):
    with pytest.raises(ValueError):
        call()
