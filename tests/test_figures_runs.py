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
    fig = fr.plot_runs(runs, linestyles={"coupled": "--"})
    assert [line.get_linestyle() for line in fig.axes[0].lines] == ["-", "-", "--"]


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


def test_train_models_returns_the_trained_models_and_stops_at_the_target():
    task = AddingProblem(T=5)
    kw = dict(steps=6, eval_every=2, val_size=16, batch_size=4)
    models, histories = fr.train_models(lambda s: LSTMCell(2, 3, seed=s), task, [0, 1], **kw)
    assert len(models) == len(histories) == 2
    xs, _ = task.sample(3, np.random.default_rng(0))
    assert models[0].predict(xs).shape == (3, 1)
    again = fr.train_seeds(lambda s: LSTMCell(2, 3, seed=s), task, [0, 1], **kw)
    assert [h.val_loss for h in again] == [h.val_loss for h in histories]
    # a target every run reaches at once: each run stops at its first evaluation
    stopped = fr.train_seeds(
        lambda s: LSTMCell(2, 3, seed=s), task, [0, 1], target=10.0, stop_at_target=True, **kw
    )
    assert [h.step for h in stopped] == [[2], [2]] and [h.solved_at for h in stopped] == [2, 2]


def _history(val_loss, solved_at=None, every=50):
    h = History()
    for k, v in enumerate(val_loss, start=1):
        h.record(k * every, v, v, float("nan"), 1.0)
    h.solved_at = solved_at
    return h


def test_seed_summary_and_table():
    runs = [_history([0.2, 0.005], 100), _history([0.2, 0.1, 0.15]), _history([0.009], 50)]
    s = fr.seed_summary(runs)
    assert s["n_runs"] == 3 and s["n_solved"] == 2
    assert s["solved_at"] == [100, None, 50] and s["solved_steps"] == [50, 100]
    assert s["final"] == [0.005, 0.15, 0.009] and s["best"] == [0.005, 0.1, 0.009]
    assert s["updates"] == [100, 150, 50]
    html = fr.seeds_table({"LSTM": runs, "RNN": runs}, [0, 1, 2], caption="c", loss="MSE")
    assert html.count("<tr>") == 1 + 3 and "<caption>c</caption>" in html
    assert "LSTM: solved at update" in html and "RNN: final MSE" in html
    assert "<td>100</td>" in html and "<td>not in 150</td>" in html and "<td>0.150</td>" in html


def test_seed_summary_and_table_reject_bad_input():
    with pytest.raises(ValueError, match="histories must be"):
        fr.seed_summary([])
    with pytest.raises(ValueError, match="histories must be"):
        fr.seed_summary([History()])  # never evaluated
    with pytest.raises(ValueError, match="one History per seed"):
        fr.seeds_table({"LSTM": [_history([0.1])]}, [0, 1])
    with pytest.raises(ValueError, match="runs must be"):
        fr.seeds_table({}, [0])


@pytest.mark.parametrize(
    "counts,p",
    [
        ((8, 8, 0, 8), 2 / 12870),  # [[8, 0], [0, 8]]: only the two extreme splits
        ((5, 5, 0, 5), 2 / 252),
        ((6, 8, 5, 8), 1.0),
        ((3, 3, 3, 3), 1.0),
        ((3, 10, 9, 10), 0.019766),  # scipy.stats.fisher_exact([[3, 7], [9, 1]])
    ],
)
def test_solved_count_p_value_is_fishers_exact_test(counts, p):
    assert fr.solved_count_p_value(*counts) == pytest.approx(p, rel=1e-4)
    a, n, b, m = counts
    assert fr.solved_count_p_value(b, m, a, n) == pytest.approx(fr.solved_count_p_value(*counts))


@pytest.mark.parametrize("counts", [(3, 2, 1, 2), (1, 0, 0, 0), (-1, 3, 1, 3), (1.5, 3, 1, 3)])
def test_solved_count_p_value_rejects_bad_counts(counts):
    with pytest.raises(ValueError, match="solved|run"):
        fr.solved_count_p_value(*counts)
