"""Figures for chapter 10, the variants compared, drawn from ``experiments.run_comparison``'s table.

* ``plot_comparison_curves``: validation loss against updates, one panel per task,
  one colour per variant (``style.MODEL_COLORS``): every seed faint, the seeds' mean bold.
* ``plot_final_losses``: every run's final validation loss, one dot per seed, a bar at the mean.
* ``plot_ranking_at``: the slider figure; the curves up to one training step and,
  beside them, the variants ranked by their mean loss at that step;
  ``describe_ranking`` says in one sentence what each frame shows.

Runs trained with ``stop_at_target=True`` end early. For the seeds' mean, a run that
stopped keeps the loss it stopped at until the end of the budget (``padded_curves``).

Every function returns a new ``matplotlib.figure.Figure`` (titles, labelled axes); nothing is shown.
"""

import numpy as np
from matplotlib.figure import Figure

from ..experiments.variants import ALL_CELLS, select
from ..presentation.style import INK, MODEL_COLORS, style_context


def _check_rows(rows):
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise ValueError("rows must be the non-empty list of dicts returned by run_comparison")
    return rows


def _tasks(rows, tasks=None):
    present = list(dict.fromkeys(r["task"] for r in rows))
    tasks = present if tasks is None else list(tasks)
    missing = [t for t in tasks if t not in present]
    if missing or not tasks:
        raise ValueError(f"tasks must be a non-empty selection of {present}; got {tasks!r}")
    return tasks


def _variants(rows):
    present = {r["variant"] for r in rows}
    return [v for v in ALL_CELLS if v in present]


def _grid(runs):
    """The evaluation steps of a full-length run: every ``eval_every`` updates and the last."""
    budgets = {r.get("budget", r["step"][-1]) for r in runs}
    if len(budgets) != 1:
        raise ValueError(f"the runs of one variant must share one budget; got {sorted(budgets)}")
    budget, every = budgets.pop(), runs[0].get("eval_every")
    if every is None:  # rows without their budget: the longest run's steps
        return max((r["step"] for r in runs), key=len)
    return list(range(every, budget + 1, every)) + ([budget] if budget % every else [])


def padded_curves(rows, task, variant):
    """Steps ``(n,)`` and validation losses ``(seeds, n)`` on the full budget's grid.

    A run that stopped early (at its target) keeps its last loss from then on.
    """
    runs = select(rows, task=task, variant=variant)
    if not runs:
        raise ValueError(f"no runs of variant {variant!r} on task {task!r}")
    grid = _grid(runs)
    curves = np.empty((len(runs), len(grid)))  # (seeds, n)
    for k, r in enumerate(runs):
        n = len(r["step"])
        if r["step"] != grid[:n]:
            raise ValueError(
                f"run {variant!r} seed {r['seed']} was not evaluated on its budget's grid"
            )
        curves[k, :n], curves[k, n:] = r["val_loss_curve"], r["val_loss_curve"][-1]
    return np.array(grid), curves


_mean_curve = padded_curves


def _last_step(rows, task):
    """The last evaluated step of the task's budget (its first variant's)."""
    first = select(rows, task=task)[0]["variant"]
    return int(_grid(select(rows, task=task, variant=first))[-1])


def _task_title(rows, task):
    return select(rows, task=task)[0].get("task_name", task)


def plot_comparison_curves(rows, tasks=None, chance=None, figsize=None):
    """Validation loss against updates: one panel per task, one colour per variant.

    Parameters
    ----------
    rows : list of dict
        The table from ``run_comparison``.
    tasks : list of str, optional
        Task keys, one panel each (default: all, in table order).
    chance : dict of str -> float, optional
        A dashed reference line per task, e.g. the constant predictor's loss.
    """
    tasks = _tasks(_check_rows(rows), tasks)
    with style_context():
        fig = Figure(figsize=figsize or (4.8 * len(tasks) + 0.6, 5.0), layout="constrained")
        axes = fig.subplots(1, len(tasks), squeeze=False)[0]
        for ax, task in zip(axes, tasks, strict=True):
            for variant in _variants(rows):
                steps, curves = _mean_curve(rows, task, variant)
                color = MODEL_COLORS[variant]
                for r in select(rows, task=task, variant=variant):  # each seed, as far as it ran
                    ax.plot(r["step"], r["val_loss_curve"], color=color, lw=0.8, alpha=0.35)
                    if len(r["step"]) < len(steps):  # stopped at its target
                        ax.plot(r["step"][-1], r["val_loss_curve"][-1], "o", color=color, ms=3)
                label = ALL_CELLS[variant][0]
                ax.plot(steps, curves.mean(axis=0), color=color, lw=2.2, label=label)
            if chance and task in chance:
                ax.axhline(chance[task], color=INK, ls="--", lw=1, label="predict without looking")
            ax.set(
                yscale="log",
                xlabel="updates (training steps)",
                ylabel="validation loss",
                title=_task_title(rows, task),
            )
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(
            handles, labels, loc="outside lower center", ncol=(len(labels) + 1) // 2, fontsize=9
        )
        fig.suptitle(
            "Learning curves: mean of the seeds (bold), each seed (faint; a dot where it stopped)",
            fontweight="bold",
        )
    return fig


def plot_final_losses(rows, tasks=None, figsize=None):
    """Every run's final validation loss: one dot per seed, a bar at the seeds' mean (log scale)."""
    tasks = _tasks(_check_rows(rows), tasks)
    variants = _variants(rows)
    with style_context():
        fig = Figure(figsize=figsize or (4.6 * len(tasks), 4.4), layout="constrained")
        axes = fig.subplots(1, len(tasks), squeeze=False)[0]
        for ax, task in zip(axes, tasks, strict=True):
            for k, variant in enumerate(variants):
                losses = np.array([r["val_loss"] for r in select(rows, task=task, variant=variant)])
                color = MODEL_COLORS[variant]
                ax.hlines(losses.mean(), k - 0.32, k + 0.32, color=color, lw=3)
                ax.scatter(
                    k + np.linspace(-0.15, 0.15, len(losses)),
                    losses,
                    color=color,
                    s=28,
                    zorder=3,
                    edgecolor="white",
                    linewidth=0.6,
                )
            ax.set_xticks(
                range(len(variants)), [ALL_CELLS[v][0] for v in variants], rotation=40, ha="right"
            )
            ax.set(
                yscale="log",
                ylabel="final validation loss",
                xlabel="variant",
                title=_task_title(rows, task),
            )
        fig.suptitle("Final loss of every run: dots are seeds, bars their mean", fontweight="bold")
    return fig


def ranking_at(rows, task, step):
    """Variants sorted by the seeds' mean validation loss at ``step``: [(variant, loss)]."""
    _tasks(_check_rows(rows), [task])
    out = []
    for variant in _variants(rows):
        steps, curves = _mean_curve(rows, task, variant)
        if step not in steps:
            raise ValueError(
                f"step must be an evaluated step of the runs, one of {steps.tolist()}; got {step!r}"
            )
        out.append((variant, float(curves[:, list(steps).index(step)].mean())))
    return sorted(out, key=lambda pair: pair[1])


def plot_ranking_at(rows, task, step, figsize=(10.5, 4.2)):
    """Left: the mean curves up to ``step``; right: the variants ranked by loss there (best on top).

    A ``step`` past the end of the task's budget shows the last evaluation (the title says so).
    """
    _tasks(_check_rows(rows), [task])
    last = _last_step(rows, task)
    at_end = step >= last
    step = min(step, last)
    ranking = ranking_at(rows, task, step)
    with style_context():
        fig = Figure(figsize=figsize, layout="constrained")
        ax, bars = fig.subplots(1, 2, width_ratios=[1.25, 1])
        lo, hi = np.inf, -np.inf
        for variant, _ in ranking:
            steps, curves = _mean_curve(rows, task, variant)
            mean = curves.mean(axis=0)
            lo, hi = min(lo, mean.min()), max(hi, mean.max())
            keep = steps <= step
            ax.plot(steps[keep], mean[keep], color=MODEL_COLORS[variant], lw=2)
        ax.axvline(step, color=INK, lw=1, ls=":")
        ax.set(
            xlim=(0, steps[-1]),
            ylim=(lo / 1.5, hi * 1.5),
            yscale="log",
            xlabel="updates (training steps)",
            ylabel="validation loss (mean of seeds)",
            title=f"{_task_title(rows, task)}: curves to step {step}",
        )
        names, values = [ALL_CELLS[v][0] for v, _ in ranking][::-1], [x for _, x in ranking][::-1]
        bars.barh(range(len(ranking)), values, color=[MODEL_COLORS[v] for v, _ in ranking][::-1])
        bars.set_yticks(range(len(ranking)), names)
        bars.set(
            xscale="log",
            xlim=(lo / 1.5, hi * 1.5),
            xlabel="validation loss at this step",
            ylabel="variant (best on top)",
            title=f"Ranking at step {step}" + (" (end)" if at_end else ""),
        )
    return fig


def ranking_slider(rows, tasks=None):
    """The slider's ``plot_fn(task, step)``: ``task`` indexes ``tasks``, ``step`` counts updates.

    Use with ``widgets.explore(ranking_slider(rows), task=(0, 1, 1), step=(25, 500, 25))``.
    Every frame is drawn from the finished table: no training happens while sliding.
    """
    tasks = _tasks(_check_rows(rows), tasks)

    def plot_ranking(task, step):
        if task not in range(len(tasks)):
            raise ValueError(
                f"task must be an index 0..{len(tasks) - 1} into {tasks}; got {task!r}"
            )
        return plot_ranking_at(rows, tasks[task], step)

    return plot_ranking


def describe_ranking(rows, tasks=None):
    """The slider's ``describe(task, step)``: one sentence naming the frame's best and worst.

    E.g. "First symbol (T=30) at update 300 (the end): best LSTM, no forget gate (mean loss
    0.0015), worst GRU (1.39); tanh RNN ranks 3 of 8."
    """
    tasks = _tasks(_check_rows(rows), tasks)

    def describe(task, step):
        if task not in range(len(tasks)):
            raise ValueError(
                f"task must be an index 0..{len(tasks) - 1} into {tasks}; got {task!r}"
            )
        key = tasks[task]
        last = _last_step(rows, key)
        at = min(step, last)
        ranking = ranking_at(rows, key, at)
        (best, lo), (worst, hi) = ranking[0], ranking[-1]
        text = (
            f"{_task_title(rows, key)} at update {at}{' (the end)' if at == last else ''}: "
            f"best {ALL_CELLS[best][0]} (mean loss {lo:.2g}), "
            f"worst {ALL_CELLS[worst][0]} ({hi:.2g})"
        )
        names = [v for v, _ in ranking]
        if "rnn" in names and "rnn" not in (best, worst):
            text += f"; {ALL_CELLS['rnn'][0]} ranks {names.index('rnn') + 1} of {len(names)}"
        return text + "."

    return describe
