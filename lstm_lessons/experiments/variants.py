"""The variants compared: one experiment, the same tasks, the same budget, several seeds.

``run_comparison`` trains every variant on every task for a fixed number of updates,
once per seed, and returns a *tidy table*: a list of plain dicts, one row per
``(task, variant, seed)`` run, holding the run's numbers and its learning curve.
``summarize`` folds the seeds together (mean, min and max), and ``markdown_table``
and ``html_table`` render it. Everything is seeded: the same arguments give the same numbers
(only ``seconds``, a wall-clock time, changes from machine to machine).

The variants (keys of ``VARIANTS``; the same keys as ``style.MODEL_COLORS``):

====================  =============================================================
``rnn``               ``RNNCell``, the tanh RNN
``lstm``              ``LSTMCell(forget_bias=1)``
``lstm_no_forget``    the LSTM without a forget gate: ``f_t = 1`` always
``lstm_bias0``        ``LSTMCell(forget_bias=0)``
``peephole``          ``PeepholeLSTMCell``
``coupled``           ``CoupledLSTMCell``
``gru``               ``GRUCell(reset_after=False)``: reset before the product, update gate
                      as Chung et al. (2014) write it (PyTorch's is ``1 - z_t``)
``gru_reset_after``   ``GRUCell(reset_after=True)`` (cuDNN / PyTorch)
====================  =============================================================

The LSTM without a forget gate is an ``LSTMCell`` whose forget gate is pinned open:
``W_f = 0`` and ``b_f = 50``, so ``f_t = sigmoid(50) = 1`` exactly in float64, and the
gradient reaching ``W_f`` and ``b_f`` carries the factor ``f (1 - f) = 0``: Adam never
moves them. Its parameter count leaves ``W_f`` and ``b_f`` out. This is not the 1997
design of Hochreiter & Schmidhuber, which also truncated the gradient and used other
squashing functions: it is today's LSTM with the forget gate taken out (the gate came with
Gers et al. 2000).

``CONTROLS`` holds cells that test one explanation rather than enter the race:
``gru_bz_neg1``, a GRU started with ``b_z = -1``, keeps ``sigmoid(1) = 0.73`` of its state
per step at initialisation, as the LSTM with forget bias 1 does.

``run_one(..., stop_at_target=True)`` stops a run at the first evaluation that reaches
the target (early stopping): who solved, and when, is the same as without stopping.
"""

from concurrent.futures import ProcessPoolExecutor
from math import comb
from multiprocessing import get_context

import numpy as np

from .._validate import check_seed, check_size
from ..cells import CoupledLSTMCell, GRUCell, LSTMCell, PeepholeLSTMCell, RNNCell
from ..presentation import _tables
from ..training.model import SequenceModel, train
from ..training.progress import progress_bar

PINNED_FORGET_BIAS = 50.0  # sigmoid(50) == 1.0 in float64

# key -> (label for tables and legends, constructor (input_size, hidden_size, seed) -> cell)
VARIANTS = {
    "rnn": ("tanh RNN", lambda D, H, s: RNNCell(D, H, seed=s)),
    "lstm": ("LSTM", lambda D, H, s: LSTMCell(D, H, seed=s, forget_bias=1.0)),
    "lstm_no_forget": (
        "LSTM, no forget gate",
        lambda D, H, s: pin_forget_gate_open(LSTMCell(D, H, seed=s)),
    ),
    "lstm_bias0": ("LSTM, forget bias 0", lambda D, H, s: LSTMCell(D, H, seed=s, forget_bias=0.0)),
    "peephole": ("peephole LSTM", lambda D, H, s: PeepholeLSTMCell(D, H, seed=s)),
    "coupled": ("coupled LSTM", lambda D, H, s: CoupledLSTMCell(D, H, seed=s)),
    "gru": ("GRU", lambda D, H, s: GRUCell(D, H, seed=s, reset_after=False)),
    "gru_reset_after": (
        "GRU, reset after",
        lambda D, H, s: GRUCell(D, H, seed=s, reset_after=True),
    ),
}


# Controls: cells built to test one explanation, not contestants of the race.
# key -> (label, constructor), as in VARIANTS
CONTROLS = {
    "gru_bz_neg1": ("GRU, b_z = -1", lambda D, H, s: set_update_bias(GRUCell(D, H, seed=s), -1.0)),
}


def set_update_bias(cell, b_z):
    """Start a GRU with the update-gate bias ``b_z`` (all entries); returns the same cell.

    In the book's convention ``h_t = (1 - z_t) * h_{t-1} + z_t * h~_t``, so a GRU keeps
    ``1 - sigmoid(b_z) = sigmoid(-b_z)`` of its state per step at zero weights:
    ``b_z = -1`` keeps ``sigmoid(1) = 0.73``, the same as an LSTM with forget bias 1.
    """
    if not isinstance(cell, GRUCell):
        raise TypeError(f"only a GRUCell has an update gate b_z; got {type(cell).__name__}")
    cell.params["b_z"][:] = float(b_z)
    return cell


def pin_forget_gate_open(cell, bias=PINNED_FORGET_BIAS):
    """Remove an ``LSTMCell``'s forget gate: ``W_f = 0``, ``b_f = bias``, so ``f_t = 1``.

    Returns the same cell, changed in place.
    """
    if type(cell) is not LSTMCell:  # the coupled cell's f_t = 1 would also shut its input
        raise TypeError(
            f"only a plain LSTMCell has a forget gate to pin; got {type(cell).__name__}"
        )
    cell.params["W_f"][:] = 0.0
    cell.params["b_f"][:] = float(bias)
    return cell


ALL_CELLS = {**VARIANTS, **CONTROLS}


def make_cell(variant, input_size, hidden_size, seed=0):
    """A fresh cell of one variant, e.g. ``make_cell("gru", 2, 16, seed=0)``."""
    if variant not in ALL_CELLS:
        raise ValueError(f"variant must be one of {list(ALL_CELLS)}; got {variant!r}")
    return ALL_CELLS[variant][1](input_size, hidden_size, seed)


def n_trainable(variant, model):
    """Trainable parameters: all of ``model``'s, minus ``W_f, b_f`` if the gate is pinned."""
    n = model.n_params
    if variant == "lstm_no_forget":
        n -= model.cell.params["W_f"].size + model.cell.params["b_f"].size
    return n


def run_one(
    variant,
    task,
    seed,
    *,
    hidden_size=16,
    steps=500,
    batch_size=32,
    lr=1e-2,
    eval_every=25,
    target=None,
    stop_at_target=False,
):
    """Train one variant on one task with one seed; return one row of the table (a dict).

    The seed fixes the weights (cell and readout), the training batches and the
    validation set. The row holds ``task, variant, label, seed, n_params``, the final
    ``val_loss`` and ``val_accuracy`` (NaN for regression), ``solved_at`` (``None`` if
    the target was never reached), ``seconds``, the curve ``step, val_loss_curve,
    val_accuracy_curve, train_loss_curve`` (lists, one entry per evaluation), and the
    ``budget`` and ``eval_every`` it was given. With ``stop_at_target`` the curve ends at
    ``solved_at``; the final loss is then the loss at which the run stopped.
    """
    cell = make_cell(variant, task.input_size, hidden_size, check_seed(seed))
    model = SequenceModel(cell, task.output_size, seed=seed)
    pinned = (
        {k: cell.params[k].copy() for k in ("W_f", "b_f")} if variant == "lstm_no_forget" else {}
    )
    h = train(
        model,
        task,
        steps=steps,
        batch_size=batch_size,
        lr=lr,
        seed=seed,
        eval_every=eval_every,
        target=target,
        progress=False,  # run_comparison shows one bar over the runs
        stop_at_target=stop_at_target,
    )
    for k, before in pinned.items():  # the pinned gate must not have moved, not by one bit
        if not np.array_equal(cell.params[k], before):
            raise RuntimeError(
                f"the pinned forget gate moved during training ({k}); f is no longer 1"
            )
    return {
        "task": task.name,
        "variant": variant,
        "label": ALL_CELLS[variant][0],
        "seed": seed,
        "n_params": n_trainable(variant, model),
        "val_loss": h.val_loss[-1],
        "val_accuracy": h.val_accuracy[-1],
        "solved_at": h.solved_at,
        "seconds": h.seconds,
        "step": list(h.step),
        "val_loss_curve": list(h.val_loss),
        "val_accuracy_curve": list(h.val_accuracy),
        "train_loss_curve": list(h.train_loss),
        "budget": steps,
        "eval_every": eval_every,
    }


def _run_job(job):
    variant, task, seed, options = job
    return run_one(variant, task, seed, **options)


def run_comparison(tasks, variants=tuple(VARIANTS), seeds=(0, 1, 2), n_jobs=1, progress=None,
                   **options):  # fmt: skip
    """Train every variant on every task with every seed; return the tidy table (list of dicts).

    Parameters
    ----------
    tasks : dict of str -> (task, dict)
        A short task key (``"adding"``) -> the task object and its budget: keyword
        arguments of ``run_one`` (``steps``, ``target``, ``lr``, ...), overriding ``options``.
    variants : sequence of str
        Keys of ``VARIANTS``.
    seeds : sequence of int
    n_jobs : int
        Worker processes. The runs are independent and seeded, so the table is the
        same for any ``n_jobs``; only the wall time changes.
    progress : bool or None
        A progress bar over the runs: ``None`` shows one only in a live Jupyter kernel, not
        while the book is built or nbval runs (see ``lstm_lessons.training.progress``).
    **options
        Defaults for ``run_one`` shared by every task.

    Returns
    -------
    rows : list of dict
        One row per ``(task, variant, seed)``, in that order; ``row["task"]`` is the task key.
    """
    if not isinstance(tasks, dict) or not tasks:
        raise ValueError(
            f"tasks must be a non-empty dict of key -> (task, budget dict); got {tasks!r}"
        )
    unknown = [v for v in variants if v not in ALL_CELLS]
    if unknown or not variants:
        raise ValueError(
            f"variants must be a non-empty selection of {list(ALL_CELLS)}; got {list(variants)!r}"
        )
    if len(seeds) == 0:
        raise ValueError("seeds must hold at least one seed")
    n_jobs = check_size("n_jobs", n_jobs)
    jobs, keys = [], []
    for key, (task, budget) in tasks.items():
        for variant in variants:
            for seed in seeds:
                jobs.append((variant, task, check_seed(seed), {**options, **budget}))
                keys.append(key)
    rows = []
    with progress_bar(len(jobs), "training runs", progress, unit="run") as bar:
        if n_jobs == 1:
            results = map(_run_job, jobs)
        else:  # "spawn": fresh interpreters, no fork of a threaded Jupyter kernel
            pool = ProcessPoolExecutor(n_jobs, mp_context=get_context("spawn"))
            results = pool.map(_run_job, jobs)
        try:
            for row in results:  # in job order, whatever order the workers finish in
                rows.append(row)
                bar.update()
        finally:
            if n_jobs > 1:
                pool.shutdown()
    for row, key in zip(rows, keys, strict=True):
        row["task_name"], row["task"] = row["task"], key
    return rows


def select(rows, **where):
    """The rows whose fields equal the values given, e.g. ``select(rows, variant="gru")``."""
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def summarize(rows):
    """Fold the seeds together: ``(task, variant) -> dict`` of summary numbers.

    Each summary has ``label, n_params, n_seeds``; ``loss_mean, loss_min, loss_max``
    (final validation loss); ``acc_mean, acc_min, acc_max`` (NaN for regression);
    ``n_solved`` and ``solved_at`` (sorted list of the seeds' ``solved_at``, solved
    runs only); ``seconds`` (mean wall time per run), ``ms_per_update`` (wall time per
    update, over all its runs); ``losses`` (per seed, in seed order).
    """
    out = {}
    for r in rows:
        out.setdefault((r["task"], r["variant"]), []).append(r)
    summary = {}
    for key, group in out.items():
        loss = np.array([r["val_loss"] for r in group])
        acc = np.array([r["val_accuracy"] for r in group])
        solved = sorted(r["solved_at"] for r in group if r["solved_at"] is not None)
        summary[key] = {
            "label": group[0]["label"],
            "n_params": group[0]["n_params"],
            "n_seeds": len(group),
            "loss_mean": float(loss.mean()),
            "loss_min": float(loss.min()),
            "loss_max": float(loss.max()),
            "acc_mean": float(acc.mean()),
            "acc_min": float(acc.min()),
            "acc_max": float(acc.max()),
            "n_solved": len(solved),
            "solved_at": solved,
            "seconds": float(np.mean([r["seconds"] for r in group])),
            "ms_per_update": 1e3
            * sum(r["seconds"] for r in group)
            / sum(r["step"][-1] for r in group),
            "losses": [float(x) for x in loss],
        }
    return summary


def split_probability(solved_a, solved_b, n_seeds):
    """How often two equally good variants split their solved runs at least this unevenly.

    Variant A solved ``solved_a`` of ``n_seeds`` runs and B ``solved_b`` of ``n_seeds``.
    If both were equally good, every way of placing the ``k = solved_a + solved_b``
    successes among the ``2 n`` runs would be equally likely (Fisher's exact test,
    two-sided). Returns the probability of a split at least as lopsided as the one seen:
    5 against 0 of 5 gives 2/252 = 0.008; 3 against 2 gives 1.
    """
    n = check_size("n_seeds", n_seeds)
    for name, x in (("solved_a", solved_a), ("solved_b", solved_b)):
        if isinstance(x, bool) or not isinstance(x, (int, np.integer)) or not 0 <= x <= n:
            raise ValueError(f"{name} must be a whole number of runs between 0 and {n}; got {x!r}")
    k, gap = solved_a + solved_b, abs(solved_a - solved_b)
    ways = [(j, comb(n, j) * comb(n, k - j)) for j in range(max(0, k - n), min(n, k) + 1)]
    return sum(w for j, w in ways if abs(2 * j - k) >= gap) / comb(2 * n, k)


def _table_cells(summary, task):
    keys = [k for k in summary if k[0] == task]
    if not keys:
        raise ValueError(
            f"no results for task {task!r}; tasks in the summary: {sorted({k[0] for k in summary})}"
        )
    has_acc = not np.isnan(summary[keys[0]]["acc_mean"])
    head = ["variant", "parameters", "final val. loss: mean [min, max]"] + (
        ["accuracy: mean [min, max]"] if has_acc else []
    )
    head += ["solved (updates to solve)"]
    body = []
    for key in keys:
        s = summary[key]
        cells = [
            s["label"],
            f"{s['n_params']:,}",
            f"{s['loss_mean']:.3g} [{s['loss_min']:.3g}, {s['loss_max']:.3g}]",
        ]
        if has_acc:
            cells.append(f"{s['acc_mean']:.1%} [{s['acc_min']:.0%}, {s['acc_max']:.0%}]")
        solved = ", ".join(str(n) for n in s["solved_at"])
        cells += [
            f"{s['n_solved']}/{s['n_seeds']}"
            + (f" ({solved})" if s["n_solved"] else ", not solved"),
        ]
        body.append(cells)
    return head, body


def markdown_table(summary, task):
    """One task's summary as a Markdown table (for a terminal or a Markdown cell)."""
    return _tables.markdown(*_table_cells(summary, task))


def html_table(summary, task, caption=""):
    """One task's summary as an HTML table (display it with ``IPython.display.HTML``)."""
    return _tables.html_table(*_table_cells(summary, task), caption=caption)
