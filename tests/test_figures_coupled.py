"""Chapter 8's module: the convex mix, its figures, the seed runner and the timer."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons import CoupledLSTMCell, LSTMCell
from lstm_lessons.figures import coupled as fc
from lstm_lessons.tasks import AddingProblem
from lstm_lessons.training import History


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
    from lstm_lessons.coupled import coupled_step

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


def test_plot_gate_square():
    fig = fc.plot_gate_square()
    _labelled(fig)
    line = fig.axes[0].lines[0]
    np.testing.assert_allclose(np.asarray(line.get_xdata()) + np.asarray(line.get_ydata()), 1.0)


def test_train_seeds_and_plot_runs():
    task = AddingProblem(T=5)
    kw = dict(steps=4, eval_every=2, val_size=16, batch_size=4)
    runs = {
        "lstm": fc.train_seeds(lambda s: LSTMCell(2, 3, seed=s), task, [0, 1], **kw),
        "coupled": fc.train_seeds(lambda s: CoupledLSTMCell(2, 3, seed=s), task, [0], **kw),
    }
    assert [len(v) for v in runs.values()] == [2, 1]
    assert all(isinstance(h, History) and h.step == [2, 4] for v in runs.values() for h in v)
    again = fc.train_seeds(lambda s: LSTMCell(2, 3, seed=s), task, [0], **kw)
    assert again[0].val_loss == runs["lstm"][0].val_loss, "the same seed must give the same run"
    fig = fc.plot_runs(runs, target=0.01, chance=task.chance)
    _labelled(fig)
    assert fig.axes[0].get_yscale() == "log"
    assert len(fig.axes[0].lines) == 3 + 2  # one per run, plus two reference lines


@pytest.mark.parametrize("bad", [{}, {"lstm": []}, {"lstm": [1.0]}, [1, 2]])
def test_plot_runs_rejects_bad_input(bad):
    with pytest.raises(ValueError, match="runs must be"):
        fc.plot_runs(bad)


def test_train_seeds_rejects_bad_input():
    with pytest.raises(ValueError, match="seeds"):
        fc.train_seeds(lambda s: LSTMCell(2, 3, seed=s), AddingProblem(T=5), [])
    with pytest.raises(ValueError, match="make_cell"):
        fc.train_seeds("lstm", AddingProblem(T=5), [0])


def test_time_forward_backward():
    xs = np.random.default_rng(0).normal(size=(3, 2, 2))
    t = fc.time_forward_backward(LSTMCell(2, 3), xs, repeats=2)
    assert isinstance(t, float) and 0 < t < 5
    with pytest.raises(ValueError, match="repeats"):
        fc.time_forward_backward(LSTMCell(2, 3), xs, repeats=0)
