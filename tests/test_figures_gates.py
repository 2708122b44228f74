"""Chapters 3-5's hand-set cells do what the book says; their figures are labelled."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons import LSTMCell
from lstm_lessons.cells.activations import sigmoid
from lstm_lessons.cells.lstm import lstm_step
from lstm_lessons.figures import gates
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


@pytest.mark.parametrize("task", [Story(T=10), Story(T=12, changes=3)], ids=["one change", "three"])
def test_story_cell_tracks_the_latest_subject(task):
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


def test_without_forgetting_several_subjects_add_up():
    """Chapter 3: the cell that cannot forget ends with (he - she) subjects, times about 1."""
    task = Story(T=12, changes=3)
    tokens, labels = task.sample_tokens(400, np.random.default_rng(4))
    _, (_, C) = _cell(gates.story_params(forget=False), task.input_size).forward(task.encode(tokens))
    n_he = np.isin(tokens, [task.vocab.index(w) for w in task.he]).sum(0)
    n_she = np.isin(tokens, [task.vocab.index(w) for w in task.she]).sum(0)
    np.testing.assert_allclose(C[:, 0], n_he - n_she, atol=0.02)
    tied = n_he == n_she
    assert tied.any() and np.any((np.where(C[:, 0] > 0, 0, 1) != labels) & ~tied)


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


def test_plot_error_flow_panels_share_a_log_scale():
    fig = gates.plot_error_flow(
        {"as set": [1e-6, 0.1, 0.0], "pinned open": [-0.1, 0.1, 0.1]}, gate="input", shade=[1]
    )
    axes = fig.get_axes()
    assert len(axes) == 2 and [ax.get_title(loc="left") for ax in axes] == ["as set", "pinned open"]
    assert all(ax.get_yscale() == "log" for ax in axes)
    assert axes[0].get_ylim() == axes[1].get_ylim() and axes[0].get_ylim()[0] == pytest.approx(1e-8)
    heights = [p.get_height() + p.get_y() for p in axes[1].patches if p.get_width() == 0.7]
    np.testing.assert_allclose(heights, [0.1, 0.1, 0.1])  # the absolute value is drawn
    assert axes[-1].get_xlabel() and fig.get_suptitle()


@pytest.mark.parametrize(
    "series, gate, message",
    [
        ({}, "input", "non-empty dict"),
        ({"a": [1, 2], "b": [1]}, "input", "same length"),
        ({"a": [1, 2]}, "candidate", "gate must be"),
    ],
)
def test_plot_error_flow_bad_input(series, gate, message):
    with pytest.raises(ValueError, match=message):
        gates.plot_error_flow(series, gate=gate)
