"""Chapter 8's module: the convex mix and its figures."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons import CoupledLSTMCell
from lstm_lessons.figures import coupled as fc


def _labelled(fig):
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        assert ax.get_title(), "missing title"
        assert ax.get_ylabel(), "missing y label"
    assert any(ax.get_xlabel() for ax in fig.axes), "missing x label"


@pytest.mark.parametrize(
    "f, C_prev, C_tilde, expected",
    [(1.0, 1.5, -0.5, 1.5), (0.0, 1.5, -0.5, -0.5), (0.5, 1.0, 0.0, 0.5), (0.75, -2.0, 2.0, -1.0)],
)
def test_convex_mix_by_hand(f, C_prev, C_tilde, expected):
    assert fc.convex_mix(f, C_prev, C_tilde) == pytest.approx(expected)


def test_convex_mix_stays_between_and_matches_coupled_step():
    rng = np.random.default_rng(0)
    for f, a, b in rng.uniform(-2, 2, size=(200, 3)):
        f = abs(f) / 2
        c = fc.convex_mix(f, a, b)
        assert min(a, b) - 1e-12 <= c <= max(a, b) + 1e-12
    from lstm_lessons.cells.coupled import coupled_step

    cell = CoupledLSTMCell(2, 3, seed=1)
    x, h, C = rng.normal(size=(1, 2)), rng.normal(size=(1, 3)), rng.normal(size=(1, 3))
    s = coupled_step(cell.params, x, h, C)
    ours = [fc.convex_mix(s.f[0, j], C[0, j], s.C_tilde[0, j]) for j in range(3)]
    np.testing.assert_allclose(ours, s.C[0])


@pytest.mark.parametrize("bad", [-0.1, 1.5, "x", None, float("nan")])
def test_convex_mix_rejects_bad_f(bad):
    with pytest.raises(ValueError, match="f must be"):
        fc.convex_mix(bad, 0.0, 1.0)


def test_convex_mix_rejects_bad_state():
    with pytest.raises(ValueError, match="C_prev must be"):
        fc.convex_mix(0.5, float("inf"), 1.0)


@pytest.mark.parametrize("f", [0.0, 0.05, 0.5, 1.0])
def test_plot_convex_mix(f):
    fig = fc.plot_convex_mix(f, -0.5)
    _labelled(fig)
    marker = [ln for ln in fig.axes[0].lines if ln.get_marker() == "o"][0]
    assert marker.get_ydata()[0] == pytest.approx(fc.convex_mix(f, 1.5, -0.5))


def test_plot_convex_mix_rejects_bad_f():
    with pytest.raises(ValueError, match="f must be"):
        fc.plot_convex_mix(2.0, 0.0)
    with pytest.raises(ValueError, match="C_tilde must be a finite number"):
        fc.plot_convex_mix(0.5, float("nan"))


def test_plot_gate_square():
    fig = fc.plot_gate_square()
    _labelled(fig)
    line = fig.axes[0].lines[0]
    np.testing.assert_allclose(np.asarray(line.get_xdata()) + np.asarray(line.get_ydata()), 1.0)


@pytest.mark.parametrize("f, C_tilde", [(0.7, -0.8), (0.0, 0.8), (1.0, 0.0)])
def test_describe_convex_mix_says_what_the_frame_shows(f, C_tilde):
    text = fc.describe_convex_mix(f, C_tilde)
    C_t = fc.convex_mix(f, 1.5, C_tilde)
    assert f"C_t = {C_t:.2f}" in text
    assert f"keeps {100 * f:.0f} %" in text and f"writes {100 * (1 - f):.0f} %" in text
    assert f"candidate {C_tilde:.2f}" in text and "old state 1.50" in text


def test_describe_convex_mix_rejects_bad_f():
    with pytest.raises(ValueError, match="f must be"):
        fc.describe_convex_mix(1.5, 0.0)
