"""The seed runner, its plot and the timer shared by chapters 8 and 9."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons import CoupledLSTMCell, LSTMCell
from lstm_lessons.figures import runs as fr
from lstm_lessons.tasks import AddingProblem
from lstm_lessons.training import History


def test_train_seeds_and_plot_runs():
    task = AddingProblem(T=5)
    kw = dict(steps=4, eval_every=2, val_size=16, batch_size=4)
    runs = {
        "lstm": fr.train_seeds(lambda s: LSTMCell(2, 3, seed=s), task, [0, 1], **kw),
        "coupled": fr.train_seeds(lambda s: CoupledLSTMCell(2, 3, seed=s), task, [0], **kw),
    }
    assert [len(v) for v in runs.values()] == [2, 1]
    assert all(isinstance(h, History) and h.step == [2, 4] for v in runs.values() for h in v)
    again = fr.train_seeds(lambda s: LSTMCell(2, 3, seed=s), task, [0], **kw)
    assert again[0].val_loss == runs["lstm"][0].val_loss, "the same seed must give the same run"
    fig = fr.plot_runs(runs, target=0.01, chance=task.chance)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert fig.axes[0].get_yscale() == "log"
    assert len(fig.axes[0].lines) == 3 + 2  # one per run, plus two reference lines


@pytest.mark.parametrize("bad", [{}, {"lstm": []}, {"lstm": [1.0]}, [1, 2]])
def test_plot_runs_rejects_bad_input(bad):
    with pytest.raises(ValueError, match="runs must be"):
        fr.plot_runs(bad)


def test_train_seeds_rejects_bad_input():
    with pytest.raises(ValueError, match="seeds"):
        fr.train_seeds(lambda s: LSTMCell(2, 3, seed=s), AddingProblem(T=5), [])
    with pytest.raises(ValueError, match="make_cell"):
        fr.train_seeds("lstm", AddingProblem(T=5), [0])


def test_time_forward_backward():
    xs = np.random.default_rng(0).normal(size=(3, 2, 2))
    t = fr.time_forward_backward(LSTMCell(2, 3), xs, repeats=2)
    assert isinstance(t, float) and 0 < t < 5
    with pytest.raises(ValueError, match="repeats"):
        fr.time_forward_backward(LSTMCell(2, 3), xs, repeats=0)
