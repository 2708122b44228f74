"""Training runs over several seeds, their plot, and a timer: the comparisons of chapters 8 and 9.

* :func:`train_seeds` trains one small model per seed on a task;
* :func:`plot_runs` draws their validation curves, one colour per model, one line per seed;
* :func:`time_forward_backward` times one forward and backward pass, in CPU seconds.
"""

import time

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

from .._validate import check_size
from ..progress import progress_bar
from ..style import INK, model_color, style_context
from ..training import History, SequenceModel, train


def train_seeds(make_cell, task, seeds, progress=None, **train_kwargs):
    """Train one ``SequenceModel`` per seed and return their ``History`` objects.

    Parameters
    ----------
    make_cell : callable
        ``make_cell(seed) -> cell``, e.g. ``lambda s: LSTMCell(2, 16, seed=s)``.
    task : a task from ``lstm_lessons.tasks``
    seeds : sequence of int
        Each seed sets the cell's and readout's initial weights and the training batches.
    progress : bool or None
        A progress bar over the steps of all the runs: ``None`` shows one only in a live
        Jupyter kernel, not while the book is built or nbval runs (``lstm_lessons.progress``).
    **train_kwargs
        Passed on to :func:`lstm_lessons.training.train` (``steps``, ``lr``, ``target``, ...).

    Returns
    -------
    list of History, one per seed, in order
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed, e.g. seeds=[0, 1, 2]; got none")
    if not callable(make_cell):
        raise ValueError(f"make_cell must be callable, seed -> cell; got {make_cell!r}")
    runs = []
    with progress_bar(len(seeds), "seeds", progress, unit="run") as bar:
        for seed in seeds:
            model = SequenceModel(make_cell(seed), task.output_size, seed=seed)
            runs.append(train(model, task, seed=seed, progress=False, **train_kwargs))
            bar.update()
    return runs


def plot_runs(
    runs,
    target=None,
    chance=None,
    ax=None,
    title="Validation loss, one line per seed",
    ylabel="validation MSE",
):
    """Validation-loss curves for several models and seeds: one colour per model, one line per seed.

    Parameters
    ----------
    runs : dict of str -> list of History
        Labels naming a model ("lstm", "coupled", "gru", ...) get the model's book colour.
    target, chance : float, optional
        Dashed reference lines: the loss that counts as solved and the constant predictor's loss.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if (
        not isinstance(runs, dict)
        or not runs
        or not all(
            isinstance(v, (list, tuple)) and v and all(isinstance(h, History) for h in v)
            for v in runs.values()
        )
    ):
        raise ValueError("runs must be a non-empty dict of label -> non-empty list of History")
    with style_context():
        if ax is None:
            fig, ax = plt.subplots(figsize=(8, 4))
        fig = ax.figure
        for k, (label, histories) in enumerate(runs.items()):
            color = model_color(label, k)
            for j, h in enumerate(histories):
                ax.plot(
                    h.step,
                    h.val_loss,
                    color=color,
                    lw=1.6,
                    alpha=0.85,
                    label=f"{label} ({len(histories)} seeds)" if j == 0 else None,
                )
        if chance is not None:
            ax.axhline(chance, color=INK, ls=":", lw=1, label=f"constant predictor ({chance:.3f})")
        if target is not None:
            ax.axhline(target, color=INK, ls="--", lw=1, label=f"solved ({target:g})")
        ax.set(yscale="log", xlabel="training step", ylabel=ylabel, title=title)
        ax.legend(loc="best")
    return fig


def time_forward_backward(cell, xs, repeats=5):
    """CPU seconds for one forward and backward pass of ``cell`` over ``xs``, best of ``repeats``.

    The clock is this process's CPU time (``time.process_time``), not wall time, and BLAS runs
    on one thread, so other programs busy on the same machine barely move the result; taking
    the minimum removes most of what is left.
    """
    repeats = check_size("repeats", repeats)
    best = np.inf
    with threadpool_limits(limits=1, user_api="blas"):  # as in training: one thread per product
        for _ in range(repeats):
            start = time.process_time()
            hs, _ = cell.forward(xs)
            cell.backward(np.ones_like(hs))
            best = min(best, time.process_time() - start)
    return float(best)
