"""Training runs over several seeds, their plot, and a timer: the comparisons of chapters 6 to 9.

* :func:`train_seeds` trains one small model per seed on a task; :func:`train_models` also
  returns the trained models, for looking inside them;
* :func:`seed_summary` and :func:`seeds_table` report the spread over seeds: how many were
  solved, when, and the final losses; :func:`solved_count_p_value` says how often luck alone
  would split the solved counts of two models at least that unevenly;
* :func:`plot_runs` draws their validation curves, one colour per model, one line per seed;
* :func:`time_forward_backward` times one forward and backward pass, in CPU seconds.
"""

import math
import time

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

from .._validate import check_size
from ..presentation._tables import html_table
from ..presentation.style import INK, model_color, style_context
from ..training.model import History, SequenceModel, train
from ..training.progress import progress_bar


def train_models(make_cell, task, seeds, progress=None, **train_kwargs):
    """Train one ``SequenceModel`` per seed; return the trained models and their histories.

    Parameters
    ----------
    make_cell : callable
        ``make_cell(seed) -> cell``, e.g. ``lambda s: LSTMCell(2, 16, seed=s)``.
    task : a task from ``lstm_lessons.tasks``
    seeds : sequence of int
        Each seed sets the cell's and readout's initial weights and the training batches.
    progress : bool or None
        A progress bar over the runs: ``None`` shows one only in a live
        Jupyter kernel, not while the book is built or nbval runs
        (``lstm_lessons.training.progress``).
    **train_kwargs
        Passed on to :func:`lstm_lessons.training.train` (``steps``, ``lr``, ``target``,
        ``stop_at_target``, ...).

    Returns
    -------
    models : list of SequenceModel, one per seed, in order
    histories : list of History, one per seed, in order
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed, e.g. seeds=[0, 1, 2]; got none")
    if not callable(make_cell):
        raise ValueError(f"make_cell must be callable, seed -> cell; got {make_cell!r}")
    models, histories = [], []
    with progress_bar(len(seeds), "seeds", progress, unit="run") as bar:
        for seed in seeds:
            model = SequenceModel(make_cell(seed), task.output_size, seed=seed)
            histories.append(train(model, task, seed=seed, progress=False, **train_kwargs))
            models.append(model)
            bar.update()
    return models, histories


def train_seeds(make_cell, task, seeds, progress=None, **train_kwargs):
    """Train one ``SequenceModel`` per seed and return their ``History`` objects.

    The same as :func:`train_models`, keeping only the histories.

    Returns
    -------
    list of History, one per seed, in order
    """
    return train_models(make_cell, task, seeds, progress=progress, **train_kwargs)[1]


def _check_histories(name, histories):
    if not isinstance(histories, (list, tuple)) or not histories or not all(
        isinstance(h, History) and h.val_loss for h in histories
    ):
        raise ValueError(
            f"{name} must be a non-empty list of History from train; got {histories!r}"
        )


def seed_summary(histories):
    """The spread over seeds of one model: how many solved, when, and the losses.

    Parameters
    ----------
    histories : list of History
        One per seed, from :func:`train_seeds` or :func:`train_models` (with a ``target``).

    Returns
    -------
    dict
        ``n_runs``; ``n_solved``; ``solved_at`` (the update at which each seed was solved, or
        ``None``); ``solved_steps`` (those of the solved seeds, sorted); ``final`` (each seed's
        last validation loss); ``best`` (each seed's lowest validation loss); ``updates`` (how
        many updates each seed ran, fewer than the budget when it stopped at its target).
    """
    _check_histories("histories", histories)
    solved_at = [h.solved_at for h in histories]
    return {
        "n_runs": len(histories),
        "n_solved": sum(s is not None for s in solved_at),
        "solved_at": solved_at,
        "solved_steps": sorted(s for s in solved_at if s is not None),
        "final": [h.final_val_loss for h in histories],
        "best": [min(h.val_loss) for h in histories],
        "updates": [h.step[-1] for h in histories],
    }


def seeds_table(runs, seeds, caption="", loss="validation loss", digits=3):
    """An HTML table with one row per seed: for each model, when it was solved and its final loss.

    Parameters
    ----------
    runs : dict of str -> list of History
        Model label -> one History per seed, in the order of ``seeds``.
    seeds : sequence of int
    caption : str
    loss : str
        What the loss column is called ("validation MSE", ...).
    digits : int
        Decimals of the losses.

    Returns
    -------
    str
        The table as HTML (display it with ``IPython.display.HTML``).
    """
    seeds = list(seeds)
    if not isinstance(runs, dict) or not runs:
        raise ValueError(
            f"runs must be a non-empty dict of label -> list of History; got {runs!r}"
        )
    for label, histories in runs.items():
        _check_histories(f"runs[{label!r}]", histories)
        if len(histories) != len(seeds):
            raise ValueError(
                f"runs[{label!r}] must hold one History per seed ({len(seeds)}); "
                f"got {len(histories)}"
            )
    head = ["seed"]
    for label in runs:
        head += [f"{label}: solved at update", f"{label}: final {loss}"]
    body = []
    for k, seed in enumerate(seeds):
        row = [str(seed)]
        for histories in runs.values():
            h = histories[k]
            row += [
                str(h.solved_at) if h.solved_at is not None else f"not in {h.step[-1]}",
                f"{h.final_val_loss:.{digits}f}",
            ]
        body.append(row)
    return html_table(head, body, caption)


def solved_count_p_value(solved_a, runs_a, solved_b, runs_b):
    """Two-sided Fisher exact test: could luck alone give solved counts this far apart?

    Suppose both models solve with the same chance per seed. Given that
    ``solved_a + solved_b`` of the ``runs_a + runs_b`` runs were solved, which runs they were
    is then a random draw. The p-value is the probability of a split at most as likely as
    the one observed (the hypergeometric distribution). A large p-value (say above 0.05)
    means the difference is within noise: these seeds cannot tell the models apart.

    Parameters
    ----------
    solved_a, runs_a : int
        Seeds solved, and seeds run, for the first model.
    solved_b, runs_b : int
        The same for the second model.

    Returns
    -------
    float in (0, 1]
    """
    counts = {"solved_a": solved_a, "runs_a": runs_a, "solved_b": solved_b, "runs_b": runs_b}
    for name, v in counts.items():
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
            raise ValueError(f"{name} must be a non-negative integer; got {v!r}")
    if solved_a > runs_a or solved_b > runs_b or runs_a == 0 or runs_b == 0:
        raise ValueError(
            f"each model needs at least one run and at most as many solved as run; got "
            f"{solved_a}/{runs_a} and {solved_b}/{runs_b}"
        )
    total, n = solved_a + solved_b, runs_a + runs_b

    def prob(k):  # P(first model solves k of the total) under "same chance"
        return math.comb(runs_a, k) * math.comb(runs_b, total - k) / math.comb(n, total)

    observed = prob(solved_a)
    ks = range(max(0, total - runs_b), min(runs_a, total) + 1)
    return float(min(1.0, sum(prob(k) for k in ks if prob(k) <= observed * (1 + 1e-9))))


def plot_runs(
    runs,
    target=None,
    chance=None,
    ax=None,
    title="Validation loss, one line per seed",
    ylabel="validation MSE",
    linestyles=None,
):
    """Validation-loss curves for several models and seeds: one colour per model, one line per seed.

    Parameters
    ----------
    runs : dict of str -> list of History
        Labels naming a model ("lstm", "coupled", "gru", ...) get the model's book colour.
    target, chance : float, optional
        Dashed reference lines: the loss that counts as solved and the constant predictor's loss.
    linestyles : dict of str -> str, optional
        A line style per label (solid by default), e.g. ``{"peephole": "--"}`` to tell apart
        two models whose colours are close.

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
            style = (linestyles or {}).get(label, "-")
            for j, h in enumerate(histories):
                ax.plot(
                    h.step,
                    h.val_loss,
                    style,
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
