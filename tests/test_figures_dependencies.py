"""Chapter 1 figures: titles, labelled axes, the measured curves, clear errors."""

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
    ],
)
def test_bad_input(call):
    with pytest.raises(ValueError):
        call()
