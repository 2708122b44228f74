import matplotlib
import pytest
from matplotlib.figure import Figure

from lstm_lessons.experiments import run_comparison
from lstm_lessons.figures.comparison import (
    describe_ranking,
    padded_curves,
    plot_comparison_curves,
    plot_final_losses,
    plot_ranking_at,
    ranking_at,
)
from lstm_lessons.presentation.style import MODEL_COLORS
from lstm_lessons.tasks import AddingProblem, FirstSymbol

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def rows():
    tasks = {"add": (AddingProblem(T=5), dict(steps=6)), "first": (FirstSymbol(T=4), dict(steps=4))}
    return run_comparison(
        tasks, variants=("rnn", "lstm", "gru"), seeds=(0, 1), hidden_size=3, eval_every=2
    )


def _labelled(fig):
    assert (
        isinstance(fig, Figure)
        and fig._suptitle is not None
        or all(ax.get_title() for ax in fig.axes)
    )
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_curves_and_final_losses_are_labelled_and_coloured(rows):
    fig = plot_comparison_curves(rows, chance={"add": 1 / 6})
    _labelled(fig)
    assert len(fig.axes) == 2
    colours = {line.get_color() for line in fig.axes[0].lines}
    assert {MODEL_COLORS["rnn"], MODEL_COLORS["lstm"], MODEL_COLORS["gru"]} <= colours
    fig = plot_final_losses(rows, tasks=["first"])
    _labelled(fig)
    assert len(fig.axes[0].collections) == 2 * 3  # per variant: a mean bar and a scatter of seeds


def test_ranking_is_sorted_by_mean_loss(rows):
    ranking = ranking_at(rows, "add", 4)
    losses = [x for _, x in ranking]
    assert losses == sorted(losses) and {v for v, _ in ranking} == {"rnn", "lstm", "gru"}
    by_hand = (
        sum(r["val_loss_curve"][1] for r in rows if r["task"] == "add" and r["variant"] == "gru")
        / 2
    )
    assert dict(ranking)["gru"] == pytest.approx(by_hand)


def test_ranking_figure_clamps_steps_past_the_budget(rows):
    fig = plot_ranking_at(rows, "first", 100)
    _labelled(fig)
    assert "(end)" in fig.axes[1].get_title() and "step 4" in fig.axes[1].get_title()


def test_bad_input(rows):
    with pytest.raises(ValueError, match="rows must be"):
        plot_comparison_curves([])
    with pytest.raises(ValueError, match="tasks must be"):
        plot_final_losses(rows, tasks=["nope"])
    with pytest.raises(ValueError, match="evaluated step"):
        ranking_at(rows, "add", 3)


def test_ranking_slider_indexes_tasks(rows):
    from lstm_lessons.figures.comparison import ranking_slider

    fig = ranking_slider(rows)(task=1, step=2)
    _labelled(fig)
    assert fig.axes[0].get_title().startswith("first symbol")
    with pytest.raises(ValueError, match="task must be an index"):
        ranking_slider(rows)(task=2, step=2)


def test_a_run_that_stopped_keeps_its_last_loss_in_the_mean():
    task = {"first": (FirstSymbol(T=4), dict(steps=200, target=0.2, stop_at_target=True))}
    stopped = run_comparison(task, variants=("gru",), seeds=(0, 1), hidden_size=8, lr=0.05,
                             eval_every=10)  # fmt: skip
    assert all(r["solved_at"] and len(r["step"]) < 20 for r in stopped)
    steps, curves = padded_curves(stopped, "first", "gru")
    assert steps.tolist() == list(range(10, 201, 10)) and curves.shape == (2, 20)
    for r, curve in zip(stopped, curves, strict=True):
        n = len(r["step"])
        assert curve[:n].tolist() == r["val_loss_curve"] and set(curve[n:]) == {r["val_loss"]}
    ranking = ranking_at(stopped, "first", 200)
    assert ranking == [("gru", pytest.approx(curves[:, -1].mean()))]
    fig = plot_comparison_curves(stopped)
    dots = [ln for ln in fig.axes[0].lines if ln.get_marker() == "o"]
    assert len(dots) == 2  # one dot where each seed stopped
    with pytest.raises(ValueError, match="no runs of variant"):
        padded_curves(stopped, "first", "rnn")


def test_describe_names_the_best_and_worst_and_the_rnn(rows):
    describe = describe_ranking(rows)
    text = describe(task=0, step=4)
    ranking = ranking_at(rows, "add", 4)
    names = {"rnn": "tanh RNN", "lstm": "LSTM", "gru": "GRU"}
    assert text.startswith("adding (T=5) at update 4:") and text.endswith(".")
    assert f"best {names[ranking[0][0]]} " in text and f"worst {names[ranking[-1][0]]} " in text
    assert ("tanh RNN ranks 2 of 3" in text) == (ranking[1][0] == "rnn")
    assert describe(task=1, step=100).startswith("first symbol (T=4) at update 4 (the end)")
    with pytest.raises(ValueError, match="task must be an index"):
        describe(task=5, step=4)
