"""The shared plotting functions: titles, labelled axes, book colours, clear errors."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import same_color

from lstm_lessons.presentation import plots
from lstm_lessons.presentation.style import GATE_COLORS, MODEL_COLORS


def _labelled(ax):
    assert ax.get_title(), "missing title"
    assert ax.get_xlabel() and ax.get_ylabel(), "missing axis label"


def test_gradient_norms_log_scale_with_model_colours():
    d = np.arange(50)
    ax = plots.plot_gradient_norms(
        {"rnn": 0.5**d, "lstm": 0.99**d, "w=2": np.r_[1.1 ** d[:-3], 0, 0, 0]}
    )
    _labelled(ax)
    assert ax.get_yscale() == "log"
    colors = [ln.get_color() for ln in ax.lines]
    assert same_color(colors[0], MODEL_COLORS["rnn"]) and same_color(
        colors[1], MODEL_COLORS["lstm"]
    )
    assert not same_color(colors[2], MODEL_COLORS["lstm"]), (
        "a non-model curve took a model's colour"
    )
    assert np.isnan(ax.lines[2].get_ydata()[-1]), "zeros are dropped from a log plot"


@pytest.mark.parametrize(
    "bad, message",
    [
        ({}, "non-empty dict"),
        ({"a": np.ones((2, 2))}, "1-D"),
        ({"a": [1.0, -1.0]}, "cannot be negative"),
    ],
)
def test_gradient_norms_refuses_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_gradient_norms(bad)


def test_gate_heatmap_one_row_per_gate_with_colourbars_and_tokens():
    rng = np.random.default_rng(0)
    gates = {"f": rng.random((5, 3)), "C_tilde": rng.uniform(-1, 1, (5, 3)), "z": rng.random(5)}
    fig = plots.plot_gate_heatmap(gates, tokens=list("abcde"))
    images = [ax for ax in fig.axes if ax.images]
    assert len(images) == 3
    assert len(fig.axes) == 6, "each gate has its colour bar"
    assert fig.get_suptitle()
    assert images[0].images[0].get_clim() == (0, 1)
    assert images[1].images[0].get_clim() == (-1, 1)
    top = images[0].images[0].cmap(1.0)
    assert same_color(top, GATE_COLORS["forget"])
    assert [t.get_text() for t in images[-1].get_xticklabels()] == list("abcde")
    assert all(ax.get_ylabel() for ax in images) and images[-1].get_xlabel()


@pytest.mark.parametrize(
    "gates, tokens, message",
    [
        ({"f": np.ones((4, 2, 3))}, None, r"shape \(T, hidden\).*pick one sequence"),
        ({"f": np.ones((4, 2)), "i": np.ones((5, 2))}, None, "same number of time steps"),
        ({"f": np.ones((4, 2))}, ["a"], "one label per time step"),
        ({}, None, "non-empty dict"),
    ],
)
def test_gate_heatmap_refuses_bad_input(gates, tokens, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_gate_heatmap(gates, tokens=tokens)


def test_learning_curves_accept_values_and_step_value_pairs():
    steps = np.arange(0, 100, 10)
    ax = plots.plot_learning_curves(
        {"lstm": np.c_[steps, 1 / (1 + steps)], "gru": np.linspace(1, 0.1, 7)},
        ylabel="validation MSE",
        hline=0.01,
        hline_label="target",
    )
    _labelled(ax)
    assert ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), steps)
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), np.arange(7))
    assert same_color(ax.lines[1].get_color(), MODEL_COLORS["gru"])
    assert ax.lines[2].get_ydata()[0] == 0.01
    with pytest.raises(ValueError, match=r"\(step, value\) pairs"):
        plots.plot_learning_curves({"x": np.ones((3, 3))})


def test_sigmoid_tanh_and_marked_point():
    ax = plots.plot_sigmoid_tanh(mark=0.0)
    _labelled(ax)
    assert ax.get_legend() is not None
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "0.50" in texts and "0.00" in texts


def test_memory_half_life_values():
    assert plots.memory_half_life(0.5) == pytest.approx(1.0)
    assert plots.memory_half_life(0.9) == pytest.approx(np.log(0.5) / np.log(0.9))
    assert plots.memory_half_life(1.0) == np.inf
    assert plots.memory_half_life(0.0) == 0.0
    with pytest.raises(ValueError, match=r"f must lie in \[0, 1\]"):
        plots.memory_half_life(1.5)


@pytest.mark.parametrize("f", [0.0, 0.5, 0.9, 1.0, [0.5, 0.99]])
def test_memory_decay_marks_the_half_life(f):
    ax = plots.plot_memory_decay(f, steps=50)
    _labelled(ax)
    curve = ax.lines[0]
    f0 = np.atleast_1d(f)[0]
    np.testing.assert_allclose(curve.get_ydata(), f0 ** np.arange(51))
    half = plots.memory_half_life(f0)
    marks = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert bool(marks) == (np.isfinite(half) and half <= 50)


@pytest.mark.parametrize(
    "f, steps, message", [(-0.1, 10, r"\[0, 1\]"), ("a", 10, "number"), (0.5, 0, "steps")]
)
def test_memory_decay_refuses_bad_input(f, steps, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_memory_decay(f, steps=steps)


def test_plots_draw_into_given_axes():
    fig, ax = plt.subplots()
    assert plots.plot_memory_decay(0.9, ax=ax) is ax
    assert plots.plot_sigmoid_tanh(ax=ax) is ax


def test_labels_naming_models_get_the_models_colours_however_written():
    from lstm_lessons.presentation.plots import _colors
    from lstm_lessons.presentation.style import MODEL_COLORS

    colors = _colors({"GRU, reset after": 0, "LSTM": 0, "weights x2": 0})
    assert colors["GRU, reset after"] == MODEL_COLORS["gru_reset_after"]
    assert colors["LSTM"] == MODEL_COLORS["lstm"]
    assert colors["weights x2"] not in (MODEL_COLORS["gru_reset_after"], MODEL_COLORS["lstm"])
