"""Chapter 6's module: the step table, the hand-set story cell, its figures, clear errors."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons import LSTMCell
from lstm_lessons.cells.lstm import lstm_step
from lstm_lessons.figures import whole_cell as wc
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


def test_middle_change_picks_the_story_the_heat_map_and_slider_share():
    tokens, _ = Story(T=12).sample_tokens(500, np.random.default_rng(3))
    k = wc.middle_change(tokens)
    subjects = np.isin(tokens[:, k], np.arange(6))
    where = np.flatnonzero(subjects)
    assert where[0] == 0 and len(where) == 2 and 3 <= where[1] <= 8
    earlier = np.isin(tokens[3:9, :k], np.arange(6)).any(axis=0)
    assert not earlier.any(), "an earlier story also changes mid-story"
    _, _, (_, slider_tokens, _) = wc.story_scores()
    np.testing.assert_array_equal(slider_tokens, tokens)  # the slider draws the same stories


def test_middle_change_bad_input():
    no_change = np.full((12, 3), Story.vocab.index("dog"))
    no_change[0] = 0
    with pytest.raises(ValueError, match="no story"):
        wc.middle_change(no_change)
    with pytest.raises(ValueError, match="tokens"):
        wc.middle_change(np.zeros(5))


def test_describe_story_slider_says_what_the_frame_shows():
    good = wc.describe_story_slider()
    assert "boy slept bread a queen" in good and "100% are right" in good and "('she')" in good
    assert "0.00 at 'queen'" in good  # the forget gate erases at the new subject
    faded = wc.describe_story_slider(f_bias=0, erase=12)
    assert "0.50 to 0.50 at the filler words" in faded and "p(right answer) = 0.55" in faded


def _marker_cell(H=3):
    """A hand-set cell whose unit 1 opens its input gate only at the marker and writes x."""
    cell = LSTMCell(2, H, seed=0)
    for g in "fiCo":
        cell.params[f"W_{g}"][:] = 0.0
        cell.params[f"b_{g}"][:] = 0.0
    x, mark = H, H + 1  # columns of [h_{t-1}, x_t] that read the number and the marker
    cell.params["b_i"][1], cell.params["W_i"][1, mark] = -8.0, 16.0  # shut, open at the marker
    cell.params["W_C"][1, x] = 0.5  # C~ = tanh(0.5 x), close to linear in x
    cell.params["b_f"][:] = 8.0  # keep
    return cell


def test_marker_unit_finds_the_unit_that_writes_at_the_marks():
    cell = _marker_cell()
    xs, _ = AddingProblem(20).sample(64, np.random.default_rng(0))
    d = wc.marker_unit(cell, xs)
    assert d["unit"] == 1 and d["i_marked"].shape == (3,)
    assert d["i_marked"][1] > 0.99 and d["i_rest"][1] < 0.01
    assert d["jump_marked"] > 50 * d["jump_rest"] and d["r_jump"] > 0.99
    assert d["f_hold"] > 0.99 and d["kept"] > 0.99
    with pytest.raises(ValueError, match="shape"):
        wc.marker_unit(cell, np.zeros((5, 2)))
    with pytest.raises(ValueError, match="marked"):
        wc.marker_unit(cell, np.zeros((5, 2, 2)))


def test_adding_figures_mark_the_unit():
    cell = _marker_cell(4)
    xs, _ = AddingProblem(20).sample(1, np.random.default_rng(0))
    fig = wc.plot_adding_gates(cell, xs, highlight=1)
    maps = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(maps) == 3 and all(len(ax.patches) == 1 for ax in maps)  # one box per panel
    assert [t.get_text() for t in maps[0].get_yticklabels()] == ["0", "1", "2", "3"]
    assert maps[0].get_yticklabels()[1].get_fontweight() == "bold"
    with pytest.raises(ValueError, match="highlight"):
        wc.plot_adding_gates(cell, xs, units=[0, 2], highlight=1)
    fig = wc.plot_adding_unit(cell, xs, 1)
    _labelled(fig)
    top, bottom = fig.axes
    assert len(top.lines) == 2 + 2 and len(bottom.lines) == 1 + 1 + 2  # gates, C, zero, marks
    with pytest.raises(ValueError, match="unit"):
        wc.plot_adding_unit(cell, xs, 4)
    with pytest.raises(ValueError, match="one adding-problem sequence"):
        wc.plot_adding_unit(cell, np.zeros((20, 2, 2)), 0)
