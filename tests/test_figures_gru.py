"""Chapter 9's module: the one-unit GRU and its slider figure."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons.cells.gru import gru_step
from lstm_lessons.figures import gru as fg


def test_scalar_gru_by_hand():
    # r = 0: the candidate ignores the past; z = 0 keeps the old state, z = 1 takes the candidate
    h_tilde, h = fg.scalar_gru(0.0, 0.0, h_prev=0.9, a_x=0.0)
    assert h_tilde == 0.0 and h == pytest.approx(0.9)
    h_tilde, h = fg.scalar_gru(1.0, 1.0, h_prev=0.5, a_x=0.0, w_hh=2.0)
    assert h_tilde == pytest.approx(np.tanh(1.0)) and h == pytest.approx(h_tilde)
    h_tilde, h = fg.scalar_gru(0.5, 1.0, h_prev=0.5, a_x=0.0, w_hh=2.0)
    assert h == pytest.approx(0.5 * 0.5 + 0.5 * np.tanh(1.0))


@pytest.mark.parametrize("reset_after", [False, True])
def test_scalar_gru_matches_gru_step_for_one_unit(reset_after):
    # pick pre-activations that give the wanted gate values, then compare with the package
    z, r = 0.3, 0.6
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    params = {
        "W_z": np.zeros((1, 2)), "W_r": np.zeros((1, 2)), "W_h": np.array([[fg.W_HH, 1.0]]),
        "b_z": np.array([logit(z)]), "b_r": np.array([logit(r)]), "b_h": np.array([0.0]),
        "b_hh": np.array([0.0]),
    }  # fmt: skip
    x = np.array([[fg.A_X]])  # W_hx = 1, b_h = 0: the input's contribution is A_X
    step = gru_step(params, x, np.array([[fg.H_PREV]]), reset_after=reset_after)
    h_tilde, h = fg.scalar_gru(z, r)
    assert step.h_tilde[0, 0] == pytest.approx(h_tilde) and step.h[0, 0] == pytest.approx(h)


@pytest.mark.parametrize("z, r", [(0.0, 0.0), (0.3, 0.6), (1.0, 1.0), (0.9, 0.0)])
def test_plot_gru_gates(z, r):
    fig = fg.plot_gru_gates(z, r)
    assert isinstance(fig, Figure)
    ax, bx = fig.axes[:2]
    for a in (ax, bx):
        assert a.get_title() and a.get_xlabel() and a.get_ylabel()
    h_tilde, h = fg.scalar_gru(z, r)
    dots = [ln for ln in bx.lines if ln.get_marker() == "o"]
    assert dots[0].get_ydata()[0] == pytest.approx(h)


@pytest.mark.parametrize("bad", [{"z": -0.1}, {"z": 1.1}, {"r": "a"}, {"r": None}])
def test_bad_gates_rejected(bad):
    args = {"z": 0.5, "r": 0.5, **bad}
    with pytest.raises(ValueError, match="must be a number in"):
        fg.scalar_gru(**args)
    with pytest.raises(ValueError, match="must be a number in"):
        fg.plot_gru_gates(**args)


def test_bad_numbers_rejected():
    with pytest.raises(ValueError, match="h_prev must be a finite number"):
        fg.scalar_gru(0.5, 0.5, h_prev=float("nan"))


@pytest.mark.parametrize("z, r", [(0.3, 0.5), (0.0, 0.0), (1.0, 1.0)])
def test_describe_gru_gates_says_what_the_frame_shows(z, r):
    text = fg.describe_gru_gates(z, r)
    h_tilde, h = fg.scalar_gru(z, r)
    assert f"h~_t = {h_tilde:.2f}" in text and f"h_t = {h:.2f}" in text
    assert f"r_t = {r:.2f}" in text and f"z_t = {z:.2f}" in text
    assert f"PyTorch's update gate {1 - z:.2f}" in text
    assert f"{100 * z:.0f} % of the way" in text


def test_describe_gru_gates_rejects_bad_gates():
    with pytest.raises(ValueError, match="must be a number in"):
        fg.describe_gru_gates(1.5, 0.5)
