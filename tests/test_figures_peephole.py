"""Chapter 7's module: full-matrix peepholes, the timer cell, its figure, clear errors."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons import PeepholeLSTMCell
from lstm_lessons.cells.lstm import lstm_step
from lstm_lessons.cells.peephole import peephole_step
from lstm_lessons.figures import peephole as pp


def _random_peephole_params(H=3, D=2, seed=0):
    rng = np.random.default_rng(seed)
    cell = PeepholeLSTMCell(D, H, seed=seed)
    return {k: rng.normal(size=v.shape) for k, v in cell.params.items()}


@pytest.mark.parametrize("H,D", [(1, 1), (3, 2), (4, 5)])
def test_diagonal_form_is_the_full_form_with_diagonal_matrices(H, D):
    p = _random_peephole_params(H, D)
    rng = np.random.default_rng(1)
    x, h, C = rng.normal(size=(2, D)), rng.normal(size=(2, H)), rng.normal(size=(2, H))
    full = pp.diagonal_to_full(p)
    assert full["V_f"].shape == (H, 2 * H + D)
    for a, b in zip(peephole_step(p, x, h, C), pp.full_peephole_step(full, x, h, C), strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-14)


def test_full_form_with_zero_cell_columns_is_the_plain_lstm():
    p = _random_peephole_params(3, 2)
    for g in "fio":
        p[f"p_{g}"] = np.zeros(3)
    x, h, C = np.ones((1, 2)), np.ones((1, 3)), np.ones((1, 3))
    for a, b in zip(
        lstm_step(p, x, h, C), pp.full_peephole_step(pp.diagonal_to_full(p), x, h, C), strict=True
    ):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-14)


def test_full_form_off_diagonal_entries_matter():
    p = pp.diagonal_to_full(_random_peephole_params(3, 2))
    x, h, C = np.zeros((1, 2)), np.zeros((1, 3)), np.array([[1.0, 0.0, 0.0]])
    before = pp.full_peephole_step(p, x, h, C).f
    p["V_f"] = p["V_f"].copy()
    p["V_f"][1, 0] += 1.0  # unit 1's forget gate now reads cell 0
    after = pp.full_peephole_step(p, x, h, C).f
    assert after[0, 1] != before[0, 1] and after[0, 0] == before[0, 0]


def test_full_and_diagonal_bad_input():
    p = pp.diagonal_to_full(_random_peephole_params(3, 2))
    with pytest.raises(ValueError, match="V_f"):
        pp.full_peephole_step({**p, "V_f": np.zeros((3, 5))}, np.zeros(2), np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match="missing"):
        pp.diagonal_to_full({"W_f": np.zeros((3, 5))})
    with pytest.raises(ValueError, match="h_prev must"):  # batch of 2 inputs, batch of 1 state
        pp.full_peephole_step(p, np.zeros((2, 2)), np.zeros((1, 3)), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="C_prev must be finite"):
        pp.full_peephole_step(p, np.zeros(2), np.zeros(3), np.full(3, np.nan))


def test_timer_counts_to_ten_then_holds():
    trace = pp.run_timer(pp.timer_params(p_i=-100, threshold=0.95, step=0.1), T=30)
    np.testing.assert_allclose(
        trace["C"][:9], 0.1 * np.arange(1, 10), atol=1e-6
    )  # ten writes of 0.1 ...
    assert pp.stop_step(trace) == 11  # ... then the input gate shuts
    assert np.all(np.abs(trace["C"][9:] - 1.0) < 0.01)
    assert trace["o"][8] < 0.01 and np.all(trace["o"][9:] > 0.99)  # the alarm goes off at step 10


def test_timer_without_peephole_never_stops():
    params = pp.timer_params(p_i=0.0, threshold=0.95)
    trace = pp.run_timer(params, T=20)
    assert pp.stop_step(trace) is None
    np.testing.assert_allclose(trace["C"], 0.05 * np.arange(1, 21))  # i = sigmoid(0) = 0.5


def test_timer_bad_input():
    with pytest.raises(ValueError, match="step"):
        pp.timer_params(step=1.5)
    with pytest.raises(ValueError, match="T"):
        pp.run_timer(pp.timer_params(), T=0)


@pytest.mark.parametrize("compare", [True, False])
def test_timer_figure(compare):
    fig = pp.plot_timer(p_i=-60, threshold=0.55, compare=compare)
    assert isinstance(fig, Figure)
    top, bottom = fig.axes
    assert "step 7" in top.get_title()
    assert top.get_ylabel() and bottom.get_ylabel() and bottom.get_xlabel()


def test_full_form_keeps_one_example_one_dimensional():
    p = _random_peephole_params(3, 2)
    out = pp.full_peephole_step(pp.diagonal_to_full(p), np.ones(2), np.zeros(3), np.zeros(3))
    assert out.h.shape == (3,)
    np.testing.assert_allclose(out.h, peephole_step(p, np.ones(2), np.zeros(3), np.zeros(3)).h)


def test_dashed_comparison_is_one_cell_in_every_frame():
    blind = pp.blind_timer_params()
    assert blind["p_i"] == 0 and blind["p_o"] == 0
    for k, v in pp.timer_params().items():  # everything else is the default timer's
        if k not in ("p_i", "p_o"):
            np.testing.assert_array_equal(blind[k], v)
    values = [(p, th) for p in (-120.0, -20.0, 0.0) for th in (0.15, 1.75)]
    frames = [pp.plot_timer(p_i=p, threshold=th) for p, th in values]
    dashed = [f.axes[0].lines[0] for f in frames]
    assert all(line.get_linestyle() == "--" for line in dashed)
    for line in dashed[1:]:
        np.testing.assert_array_equal(line.get_ydata(), dashed[0].get_ydata())
    trace = pp.run_timer(blind, T=30)  # gates that cannot see the cell: it fills, no alarm
    np.testing.assert_allclose(trace["C"], 0.1 * np.arange(1, 31), atol=1e-6)
    assert np.all(trace["o"] < 1e-6) and pp.stop_step(trace) is None


@pytest.mark.parametrize(
    "p_i,threshold,says",
    [
        (-100.0, 0.95, ["output gate opens at step 10", "input gate shuts at step 11", "1.01"]),
        (-60.0, 0.55, ["output gate opens at step 6", "input gate shuts at step 7"]),
        (0.0, 0.95, ["input gate never shuts", "1.50"]),
    ],
)
def test_describe_timer_says_what_the_frame_shows(p_i, threshold, says):
    text = pp.describe_timer(p_i=p_i, threshold=threshold)
    assert f"p_i = {p_i:g}" in text and f"threshold {threshold:g}" in text
    assert "fills to 3.00" in text  # the dashed cell
    for phrase in says:
        assert phrase in text, (phrase, text)
