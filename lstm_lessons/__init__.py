"""lstm_lessons: a small, readable NumPy implementation of the LSTM and its variants.

The course's chapters import it; every equation in the book is computed here once.
The cells are importable from here: ``from lstm_lessons import LSTMCell, Stacked``.

The package is built in layers; a module imports only from its own layer and the ones above
it in this list (``tests/test_layout.py`` checks):

* ``_validate``, ``threads``, ``tasks``: input checks, one BLAS thread, the long-lag tasks;
* ``cells``: the cells and their backward passes;
* ``training``: losses, optimisers, the training loop, streams, gradient checks;
* ``text`` and ``series``: the data of chapters 11-12 and 13, and their models;
  ``presentation``: colours, diagrams, plots, sliders, tables (these three never import
  one another);
* ``experiments``: the runs the book compares;
* ``figures``: one module per chapter topic.

``exercises`` (the checkers) and ``interop`` (to PyTorch and back) sit beside them and are
imported by no other module.
"""

from .cells import (
    Bidirectional,
    CoupledLSTMCell,
    GRUCell,
    LSTMCell,
    PeepholeLSTMCell,
    RNNCell,
    Stacked,
)

__all__ = ["RNNCell", "LSTMCell", "PeepholeLSTMCell", "CoupledLSTMCell", "GRUCell", "Stacked", "Bidirectional"]
__version__ = "0.1.0"
