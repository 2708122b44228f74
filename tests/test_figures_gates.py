"""Chapters 3-5's hand-set cells do what the book says; their figures are labelled."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons import LSTMCell
from lstm_lessons.activations import sigmoid
from lstm_lessons.figures import gates
from lstm_lessons.lstm import lstm_step
from lstm_lessons.tasks import AddingProblem, Story


def _cell(params, input_size):
    cell = LSTMCell(input_size, 1)
    cell.params.update(params)
    return cell


def _labelled(fig):
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert any(ax.get_title() for ax in axes), "missing title"
    for ax in axes:
        assert ax.get_ylabel() or any(t.get_text() for t in ax.get_yticklabels()), "missing y label"
    assert any(ax.get_xlabel() for ax in axes), "missing x label"


def test_story_cell_tracks_the_latest_subject():
    task = Story(T=10)
    tokens, labels = task.sample_tokens(300, np.random.default_rng(1))
    _, (_, C) = _cell(gates.story_params(), task.input_size).forward(task.encode(tokens))
    np.testing.assert_array_equal(np.where(C[:, 0] > 0, 0, 1), labels)


def test_story_gates_by_hand():
    p, task = gates.story_params(gain=8.0), Story()
    zero = np.zeros((1, 1))
    for word, f, i, sign in (
        ("king", sigmoid(-8), sigmoid(8), 1),
        ("queen", sigmoid(-8), sigmoid(8), -1),
        ("bread", sigmoid(8), sigmoid(-8), 0),
    ):
        s = lstm_step(p, task.encode([task.vocab.index(word)]), zero, zero)
        np.testing.assert_allclose([s.f[0, 0], s.i[0, 0]], [f, i])
        np.testing.assert_allclose(s.C_tilde[0, 0], sign * np.tanh(4.0))


def test_without_forgetting_a_changed_subject_cancels():
    task = Story(T=8, p_change=1.0)
    tokens, _ = task.sample_tokens(50, np.random.default_rng(2))
    _, (_, C) = _cell(gates.story_params(forget=False), task.input_size).forward(
        task.encode(tokens)
    )
    assert np.all(np.abs(C) < 0.01)


def test_adding_cell_sums_the_marked_numbers():
    xs, y = AddingProblem(T=60).sample(200, np.random.default_rng(3))
    _, (_, C) = _cell(gates.adding_params(scale=0.1), 2).forward(xs)
    assert np.mean((C / 0.1 - y) ** 2) < 1e-4


def test_reveal_cell_hides_then_shows():
    xs = np.zeros((10, 1, 3))
    xs[:, 0, 0] = 0.5
    xs[2, 0, 1] = xs[7, 0, 2] = 1.0
    cell = _cell(gates.reveal_params(), 3)
    hs, _ = cell.forward(xs)
    h, C = hs[:, 0, 0], cell.states["C"][:, 0, 0]
    np.testing.assert_allclose(C[2:], np.tanh(0.5), atol=1e-3)
    assert np.all(np.abs(np.delete(h, 7)) < 1e-3)
    np.testing.assert_allclose(h[7], np.tanh(np.tanh(0.5)), atol=1e-3)


@pytest.mark.parametrize("make", [gates.story_params, gates.adding_params, gates.reveal_params])
def test_bad_gain(make):
    with pytest.raises(ValueError, match="gain must be a positive number"):
        make(gain=0)


def test_plot_traces_labels_and_shading():
    fig = gates.plot_traces(
        {"f": [0.1, 0.9, 1.0], "C": [0.0, 2.0, -1.0], "x": [1, 2, 3]},
        xticklabels=["a", "b", "c"],
        shade=np.array([1]),
        title="T",
    )
    _labelled(fig)
    axes = fig.get_axes()
    assert len(axes) == 3 and axes[0].get_title() == "T"
    assert axes[0].get_ylim() == pytest.approx((-0.1, 1.1))  # a gate is drawn on 0..1
    assert axes[1].get_ylim()[0] < -1 and axes[1].get_ylim()[1] > 2
    assert [t.get_text() for t in axes[-1].get_xticklabels()] == ["a", "b", "c"]


@pytest.mark.parametrize(
    "traces, xticklabels, message",
    [
        ({}, None, "non-empty dict"),
        ({"f": [1, 2], "C": [1]}, None, "same length"),
        ({"f": np.ones((2, 2))}, None, "1-D"),
        ({"f": [0.5, 0.5]}, ["a"], "one label per step"),
    ],
)
def test_plot_traces_bad_input(traces, xticklabels, message):
    with pytest.raises(ValueError, match=message):
        gates.plot_traces(traces, xticklabels=xticklabels)


@pytest.mark.parametrize(
    "plot, kwargs, text",
    [
        (gates.plot_forget_slider, dict(a=0, b_f=1), "73% survives"),
        (gates.plot_forget_slider, dict(a=-4, b_f=-1), "1% survives"),
        (gates.plot_write_slider, dict(i=0.5, C_tilde=-0.6), "50%"),
        (gates.plot_output_slider, dict(o=0.5, C=1.0), "h = +0.38"),
    ],
)
def test_slider_figures(plot, kwargs, text):
    fig = plot(**kwargs)
    _labelled(fig)
    assert any(text in ax.get_title() for ax in fig.get_axes())


def test_write_slider_bars_add_up():
    fig = gates.plot_write_slider(i=0.5, C_tilde=-0.6, f=0.8, C_prev=0.5)
    widths = [p.get_width() for p in fig.get_axes()[0].patches]
    np.testing.assert_allclose(widths, [0.4, -0.6, -0.3, 0.1])
