"""Experiments: the runs the book compares, their stored results and the benchmark.

* ``variants``: the cell variants compared on the long-lag tasks (chapter 10); its public
  names are re-exported here (``from lstm_lessons.experiments import run_comparison``).
* ``bidirectional``: causal against bidirectional models on the quote task (chapter 14).
* ``forecast``: the LSTM, the Transformer and the baselines on the sunspots (chapter 13).
* ``precomputed``: runs too long for a page build, stored in ``lstm_lessons/data``.
* ``benchmark`` (with ``_benchmark_report``): lstm_lessons timed against PyTorch.

May import: every layer below it (``cells``, ``training``, ``text``, ``series``,
``presentation``) and the top-level helpers. Never ``figures``.
"""

from .variants import (
    ALL_CELLS,
    CONTROLS,
    PINNED_FORGET_BIAS,
    VARIANTS,
    html_table,
    make_cell,
    markdown_table,
    n_trainable,
    pin_forget_gate_open,
    run_comparison,
    run_one,
    select,
    set_update_bias,
    split_probability,
    summarize,
)

__all__ = [
    "PINNED_FORGET_BIAS",
    "VARIANTS",
    "CONTROLS",
    "ALL_CELLS",
    "set_update_bias",
    "pin_forget_gate_open",
    "make_cell",
    "n_trainable",
    "run_one",
    "run_comparison",
    "select",
    "summarize",
    "split_probability",
    "markdown_table",
    "html_table",
]
