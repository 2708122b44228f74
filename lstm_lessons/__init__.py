"""lstm_lessons: a small, readable NumPy implementation of the LSTM and its variants.

The course's chapters import it; every equation in the book is computed here once.
"""

from .bidirectional import Bidirectional
from .coupled import CoupledLSTMCell
from .gru import GRUCell
from .lstm import LSTMCell
from .peephole import PeepholeLSTMCell
from .rnn import RNNCell
from .stacked import Stacked

__all__ = ["RNNCell", "LSTMCell", "PeepholeLSTMCell", "CoupledLSTMCell", "GRUCell", "Stacked", "Bidirectional"]
__version__ = "0.1.0"
