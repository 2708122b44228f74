import json

import pytest

from lstm_lessons.experiments import select
from lstm_lessons.experiments.precomputed import (
    LONG_BUDGET,
    PATH,
    load_long_budget,
    run_long_budget,
    same_runs,
)


def test_the_stored_table_is_the_long_budget_call():
    rows = load_long_budget()
    seeds, variants = LONG_BUDGET["seeds"], LONG_BUDGET["variants"]
    assert [(r["variant"], r["seed"]) for r in rows] == [(v, s) for v in variants for s in seeds]
    (task, budget), = LONG_BUDGET["tasks"].values()
    for r in rows:
        assert r["task"] == "first" and r["task_name"] == task.name
        assert r["budget"] == budget["steps"]
        solved = r["solved_at"] is not None
        assert r["step"][-1] == (r["solved_at"] if solved else budget["steps"])  # early stopping
        assert (r["val_loss"] <= budget["target"]) == solved


def test_one_stored_run_recomputed_is_the_same_run():
    """GRU, seed 1: the one run of the ten that reaches the target, at update 950."""
    rows = load_long_budget()
    assert [(r["variant"], r["seed"]) for r in rows if r["solved_at"]] == [("gru", 1)]
    stored = select(rows, variant="gru", seed=1)
    again = run_long_budget(variants=("gru",), seeds=(1,))
    assert same_runs(again, stored)


@pytest.mark.slow
def test_every_stored_run_recomputed_is_the_same_run():
    assert same_runs(run_long_budget(n_jobs=2), load_long_budget())


def test_same_runs_notices_a_difference(tmp_path):
    rows = load_long_budget()
    other = json.loads(json.dumps(rows))
    other[0]["seconds"] += 1.0  # wall time is not part of a run's result
    assert same_runs(rows, other)
    other[0]["val_loss_curve"][3] *= 1 + 1e-6
    assert not same_runs(rows, other)
    other = json.loads(json.dumps(rows))
    other[-1]["solved_at"] = 25
    assert not same_runs(rows, other) and not same_runs(rows, rows[:-1])
    with pytest.raises(FileNotFoundError, match="python -m lstm_lessons.experiments.precomputed"):
        load_long_budget(tmp_path / "missing.json")
    assert PATH.name == "long_budget.json"
