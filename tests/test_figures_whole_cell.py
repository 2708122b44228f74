"""Chapter 6's module: the step table, the hand-set story cell, its figures, clear errors."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons import LSTMCell
from lstm_lessons.figures import whole_cell as wc
from lstm_lessons.lstm import lstm_step
from lstm_lessons.tasks import AddingProblem, Story


def _labelled(fig):
    maps = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert fig.get_suptitle() or maps[0].get_title(), "missing title"
    assert maps[-1].get_xlabel(), "missing x label"
    assert all(ax.get_ylabel() for ax in maps), "missing y label"


def test_format_step_has_one_row_per_unit_and_the_values():
    p = LSTMCell(2, 3, seed=0).params
    C_prev = np.array([0.5, -1.0, 2.0])
    step = lstm_step(p, np.array([1.0, -0.5]), np.zeros(3), C_prev)
    lines = wc.format_step(step, C_prev).splitlines()
    assert len(lines) == 4 and "C~_t" in lines[0] and "h_t" in lines[0]
    assert f"{step.h[2]:9.3f}" in lines[3] and f"{2.0:9.3f}" in lines[3]


def test_format_step_rejects_a_batch_and_a_non_step():
    p = LSTMCell(2, 3, seed=0).params
    step = lstm_step(p, np.ones((2, 2)), np.zeros((2, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="one example"):
        wc.format_step(step, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="LSTMStep"):
        wc.format_step(object(), np.zeros(3))


def test_story_cell_answers_every_story_and_counts_subjects():
    task = Story(T=12)
    tokens, labels = task.sample_tokens(300, np.random.default_rng(0))
    answers, p_she, cell = wc.story_answers(wc.story_params(), tokens)
    np.testing.assert_array_equal(answers, labels)
    assert np.all(np.where(labels == 1, p_she, 1 - p_she) > 0.99)
    n_subjects = np.isin(tokens, np.arange(6)).sum(axis=0)  # 1 or 2 subjects per story
    np.testing.assert_allclose(cell.states["C"][-1, :, 1], 0.5 * n_subjects, atol=0.02)


def test_story_cell_without_forget_bias_loses_confidence():
    tokens, labels = Story(T=12).sample_tokens(200, np.random.default_rng(1))
    _, p_she, _ = wc.story_answers(wc.story_params(f_bias=-2.0), tokens)
    assert abs(np.mean(np.where(labels == 1, p_she, 1 - p_she)) - 0.5) < 0.01  # faded: guessing


def test_story_params_bad_input():
    with pytest.raises(ValueError, match="gate"):
        wc.story_params(gate=0)
    with pytest.raises(ValueError, match="tokens"):
        wc.story_answers(wc.story_params(), np.zeros(5))


def test_story_slider_figure():
    fig = wc.plot_story_slider(f_bias=6.0, erase=12.0, n_stories=100)
    assert isinstance(fig, Figure)
    _labelled(fig)
    assert "100% right" in fig.axes[0].get_title()


def test_adding_gates_figure_and_bad_input():
    cell = LSTMCell(2, 4, seed=0)
    xs, _ = AddingProblem(20).sample(1, np.random.default_rng(0))
    fig = wc.plot_adding_gates(cell, xs, units=[0, 2])
    _labelled(fig)
    with pytest.raises(ValueError, match="one adding-problem sequence"):
        wc.plot_adding_gates(cell, np.zeros((20, 2, 2)))


def test_story_scores_fade_without_the_forget_bias():
    accuracy, confidence, (task, tokens, cell) = wc.story_scores(n_stories=100)
    assert accuracy == 1.0 and confidence > 0.99 and tokens.shape == (12, 100)
    faded = wc.story_scores(f_bias=-2.0, n_stories=100)[1]
    assert abs(faded - 0.5) < 0.02  # the memory is gone: a guess
