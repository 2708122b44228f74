"""The cells and their backward passes: the lowest layer of lstm_lessons.

One module per cell family (``rnn``, ``lstm``, ``peephole``, ``coupled``, ``gru``), the shared
base class (``cell``), the wrappers that are cells too (``stacked``, ``bidirectional``), the
activations, the fused backpropagation through time (``_lstm_bptt``, ``_gru_bptt``) and the
state trees (``_state``).

May import: NumPy and ``lstm_lessons._validate`` only. Every other layer may import this one.
"""

from .bidirectional import Bidirectional
from .coupled import CoupledLSTMCell
from .gru import GRUCell
from .lstm import LSTMCell
from .peephole import PeepholeLSTMCell
from .rnn import RNNCell
from .stacked import Stacked

__all__ = [
    "RNNCell",
    "LSTMCell",
    "PeepholeLSTMCell",
    "CoupledLSTMCell",
    "GRUCell",
    "Stacked",
    "Bidirectional",
]
