"""Progress bars: shown in a live kernel, quiet in the book build, under nbval and in scripts."""

import textwrap
from pathlib import Path

import numpy as np
import pytest

from lstm_lessons import LSTMCell
from lstm_lessons.experiments import run_comparison
from lstm_lessons.figures.runs import train_seeds
from lstm_lessons.tasks import AddingProblem, FirstSymbol
from lstm_lessons.training import SequenceModel, progress, train
from lstm_lessons.training.analysis import long_lag_sweep
from lstm_lessons.training.progress import BOOK_BUILD_ENV, PROGRESS_ENV, show_progress

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def clean_env(monkeypatch):
    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    return monkeypatch


@pytest.fixture
def in_kernel(clean_env):
    """Pretend this test runs in a live IPython kernel."""
    clean_env.setattr(progress, "in_live_kernel", lambda: True)
    return clean_env


def tiny_model(seed=0):
    return SequenceModel(LSTMCell(2, 4, seed=seed), 1, seed=seed)


def test_automatic_bars_only_in_a_live_kernel_outside_the_book_and_nbval(clean_env):
    assert not progress.in_live_kernel()  # pytest is not a kernel
    assert show_progress() is False
    clean_env.setattr(progress, "in_live_kernel", lambda: True)
    assert show_progress() is True
    clean_env.setenv(BOOK_BUILD_ENV, "1")
    assert show_progress() is False  # the book build
    clean_env.delenv(BOOK_BUILD_ENV)
    clean_env.setenv(PROGRESS_ENV, "0")
    assert show_progress() is False  # make test-notebooks (nbval)
    assert show_progress(True) is True and show_progress(False) is False


@pytest.mark.parametrize("bad", ["yes", 1, 0.0])
def test_progress_must_be_a_bool_or_none(bad):
    with pytest.raises(ValueError, match="progress must be True, False or None"):
        show_progress(bad)
    with pytest.raises(ValueError, match="progress must be True, False or None"):
        train(tiny_model(), AddingProblem(T=5), steps=2, progress=bad)


def test_train_is_silent_by_default_outside_a_kernel(clean_env, capsys):
    train(tiny_model(), AddingProblem(T=5), steps=20, eval_every=10)
    assert capsys.readouterr().err == ""


def test_train_shows_a_bar_over_its_steps_in_a_kernel(in_kernel, capsys):
    h = train(tiny_model(), AddingProblem(T=5), steps=20, eval_every=10)
    err = capsys.readouterr().err
    assert "training" in err and "/20" in err and "val. loss" in err
    quiet = train(tiny_model(), AddingProblem(T=5), steps=20, eval_every=10, progress=False)
    assert capsys.readouterr().err == ""
    assert quiet.val_loss == h.val_loss  # the bar changes nothing about the run


def test_train_is_silent_in_a_kernel_during_the_book_build(in_kernel, capsys):
    in_kernel.setenv(BOOK_BUILD_ENV, "1")
    train(tiny_model(), AddingProblem(T=5), steps=20, eval_every=10)
    assert capsys.readouterr().err == ""


def test_runs_over_seeds_show_one_bar_over_the_runs(in_kernel, capsys):
    task = AddingProblem(T=5)
    runs = train_seeds(lambda s: LSTMCell(2, 4, seed=s), task, [0, 1, 2], steps=10, eval_every=5)
    err = capsys.readouterr().err
    assert len(runs) == 3 and "seeds" in err and "/3" in err
    assert "training:" not in err  # no bar per run inside the bar over runs

    rows = run_comparison({"add": (task, {})}, variants=["rnn", "gru"], seeds=[0], steps=10,
                          eval_every=5, hidden_size=4)  # fmt: skip
    err = capsys.readouterr().err
    assert len(rows) == 2 and "training runs" in err and "/2" in err and "training:" not in err

    acc = long_lag_sweep(lambda t, s: SequenceModel(LSTMCell(t.input_size, 4, seed=s),
                                                    t.output_size, seed=s),
                         lambda lag: FirstSymbol(T=lag), lags=[3, 4], seeds=[0],
                         steps=5, eval_every=5)  # fmt: skip
    err = capsys.readouterr().err
    assert acc.shape == (2, 1) and np.isfinite(acc).all() and "training runs" in err and "/2" in err


def test_a_real_kernel_shows_the_notebook_bar_unless_told_not_to():
    """A live kernel shows tqdm.auto's notebook widget; the build's and nbval's settings hide it."""
    import nbformat
    from nbclient import NotebookClient

    run = textwrap.dedent("""
        import os
        {env}
        from lstm_lessons import LSTMCell
        from lstm_lessons.tasks import AddingProblem
        from lstm_lessons.training import SequenceModel, train
        h = train(SequenceModel(LSTMCell(2, 4, seed=0), 1, seed=0), AddingProblem(T=5), steps=30)
    """)
    cells = [
        f"os.environ.pop({BOOK_BUILD_ENV!r}, None); os.environ.pop({PROGRESS_ENV!r}, None)",
        f"os.environ[{BOOK_BUILD_ENV!r}] = '1'",
        f"os.environ.pop({BOOK_BUILD_ENV!r}); os.environ[{PROGRESS_ENV!r}] = '0'",
    ]
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(run.format(env=env)) for env in cells]
    )
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(ROOT)}}).execute()
    shown = [[o for o in c.outputs if WIDGET_VIEW in o.get("data", {})] for c in nb.cells]
    errors = [o for c in nb.cells for o in c.outputs if o.get("name") == "stderr"]
    assert len(shown[0]) == 1, f"no notebook progress bar in a live kernel: {nb.cells[0].outputs}"
    assert shown[1] == [] and shown[2] == [], "a bar was shown during the book build or nbval"
    assert errors == [], errors
