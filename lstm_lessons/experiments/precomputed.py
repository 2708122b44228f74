"""Runs too long to repeat whenever a chapter executes: stored, with the exact call that made them.

Chapter 10 asks whether the two cells that stayed at chance on first symbol within 300
updates (the LSTM with forget bias 0 and the GRU) learn it when given four times as long.
Those ten runs take about half a minute of CPU, more than the chapter's time budget leaves
beside its live race, so they were computed once and stored in ``data/long_budget.json``.

* ``LONG_BUDGET``: the arguments of ``experiments.run_comparison`` that made them;
* ``run_long_budget(n_jobs=1)``: the same call, run now. Everything is seeded, so the same
  table comes back (only the wall-clock ``seconds`` differ);
* ``load_long_budget()``: the stored table, a list of row dicts as ``run_comparison`` returns;
* ``same_runs(a, b)``: whether two tables hold the same runs (``seconds`` aside);
* ``python -m lstm_lessons.experiments.precomputed``: recompute the runs and rewrite the stored
  file.

``tests/test_precomputed.py`` recomputes one stored run (all ten when run with ``-m slow``)
and compares; chapter 10 checks that the first 300 updates of every stored run equal the
runs it trains live.
"""

import json
import sys
from pathlib import Path

import numpy as np

from ..tasks import FirstSymbol
from .variants import run_comparison

PATH = Path(__file__).parent.parent / "data" / "long_budget.json"

LONG_BUDGET = dict(
    tasks={"first": (FirstSymbol(T=30), dict(steps=1200, target=0.05, stop_at_target=True))},
    variants=("lstm_bias0", "gru"),
    seeds=(0, 1, 2, 3, 4),
    hidden_size=16,
    batch_size=32,
    lr=1e-2,
    eval_every=25,
)


def run_long_budget(n_jobs=1, **changes):
    """Run ``LONG_BUDGET`` now (``changes`` override its arguments, e.g. ``seeds=(1,)``)."""
    return run_comparison(**{**LONG_BUDGET, **changes}, n_jobs=n_jobs)


def load_long_budget(path=PATH):
    """The stored table: a list of row dicts, as ``run_comparison`` returns them."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"no stored runs at {path}; recompute them with "
            "`python -m lstm_lessons.experiments.precomputed`"
        )
    return json.loads(path.read_text())


def same_runs(a, b, rtol=1e-9):
    """True if tables ``a`` and ``b`` hold the same runs: equal fields, curves to ``rtol``.

    ``seconds`` (wall-clock time) is left out. Integers and strings must match exactly
    (``solved_at`` included); floats and lists of floats to a relative ``rtol``.
    """
    if len(a) != len(b):
        return False
    for ra, rb in zip(a, b, strict=True):
        if set(ra) != set(rb):
            return False
        for key in ra:
            x, y = ra[key], rb[key]
            if key == "seconds":
                continue
            if isinstance(x, (float, list)) and not isinstance(x, bool):
                if np.shape(x) != np.shape(y):
                    return False
                if not np.allclose(x, y, rtol=rtol, atol=0, equal_nan=True):
                    return False
            elif x != y:
                return False
    return True


def main(argv=None):
    """Recompute the stored runs (``python -m lstm_lessons.experiments.precomputed [n_jobs]``)."""
    argv = sys.argv[1:] if argv is None else argv
    n_jobs = int(argv[0]) if argv else 2
    rows = run_long_budget(n_jobs=n_jobs)
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_text("[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n")
    print(f"wrote {len(rows)} runs to {PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
