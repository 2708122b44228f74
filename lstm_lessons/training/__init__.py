"""Training: losses, optimisers, the training loop, streams of text, gradient checks, measurements.

* ``model``: ``SequenceModel`` (a cell with a linear readout) and the ``train`` loop on a task;
  its public names are re-exported here, so ``from lstm_lessons.training import SequenceModel``.
* ``losses``, ``optim``: the losses and their gradients; SGD, Adam and gradient clipping.
* ``stream``: truncated BPTT over one long sequence of ids, cut into parallel streams.
* ``gradcheck``: finite-difference checks of every gradient.
* ``analysis``: measurements the book makes more than once (gradient norms through time,
  spectral radius, memory half-life, long-lag sweeps).
* ``progress``: progress bars, shown only to a person watching a live kernel.

May import: ``lstm_lessons.cells`` and the top-level helpers (``_validate``, ``tasks``).
Never the data layers (``text``, ``series``), ``presentation``, ``experiments`` or ``figures``.
"""

from .model import LOSSES, History, Readout, SequenceModel, evaluate, train

__all__ = ["LOSSES", "Readout", "SequenceModel", "History", "evaluate", "train"]
