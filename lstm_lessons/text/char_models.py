"""The character models of the "LSTMs at work" chapters: one recipe, and weights made with it.

Chapter 11 trains an LSTM on the generated corpus with this recipe in the page itself. Its
comparison with a GRU and a plain RNN, and chapter 12's look inside, need nine trained models
(three cells, three seeds each), more than a page can train in its time budget. They were made by
:func:`make_all` and ship with the package in ``lstm_lessons/data/char_models.npz`` (as float32,
to keep the file small); :func:`load` reads them back. ``tests/test_char_models.py`` retrains
one of them (a slow test) and compares. To remake the file::

    python -c "from lstm_lessons.text.char_models import make_all; make_all()"

The recipe: the corpus of ``lstm_lessons.text.corpus`` (``TRAIN`` characters from seed 0;
``HELD_OUT`` characters from seed 1 for evaluation), a cell with ``HIDDEN`` units reading one-hot
characters, a linear readout at every step, and ``UPDATES`` Adam updates on windows of
``SEQ_LEN`` characters of ``BATCH`` parallel streams (truncated BPTT,
``lstm_lessons.training.stream``).
"""

from functools import lru_cache
from pathlib import Path

import numpy as np

from .._validate import check_seed, check_size
from ..cells.gru import GRUCell
from ..cells.lstm import LSTMCell
from ..cells.rnn import RNNCell
from ..training.model import SequenceModel
from ..training.stream import StreamTrainer
from .corpus import generate_corpus, vocabulary

TRAIN, HELD_OUT = 300_000, 20_000  # characters of the training text (seed 0) and the held-out text (seed 1)
HIDDEN = 64
BATCH, SEQ_LEN, LR, CLIP = 32, 64, 0.01, 1.0
UPDATES = 4000
KINDS = {"lstm": LSTMCell, "gru": GRUCell, "rnn": RNNCell}
SEEDS = (0, 1, 2)
DATA = Path(__file__).parent.parent / "data" / "char_models.npz"


@lru_cache(maxsize=1)
def texts():
    """``(train, held_out)``: the two ``Corpus`` objects of the recipe (made once, then cached)."""
    return generate_corpus(TRAIN, seed=0), generate_corpus(HELD_OUT, seed=1)


def new_model(kind, seed):
    """An untrained ``SequenceModel(cell(V, HIDDEN, seed), V, seed, per_step=True)``, ``kind`` in ``KINDS``."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}; got {kind!r}")
    V = vocabulary().size
    return SequenceModel(KINDS[kind](V, HIDDEN, seed=check_seed(seed)), V, seed=seed, per_step=True)


def trainer(model, seed):
    """The recipe's ``StreamTrainer`` for ``model`` on the training text."""
    ids = vocabulary().encode(texts()[0].text)
    return StreamTrainer(model, ids, batch_size=BATCH, seq_len=SEQ_LEN, lr=LR, clip=CLIP, seed=seed)


def train(kind, seed, updates=UPDATES, log=None):
    """A model of ``kind`` trained from ``seed`` with the recipe. Returns ``(model, trainer)``."""
    model = new_model(kind, seed)
    t = trainer(model, seed)
    t.train(check_size("updates", updates), log_every=500, log=log)
    return model, t


def make_all(path=DATA, kinds=tuple(KINDS), seeds=SEEDS, log=print):
    """Train every model of the recipe and save their weights (float32) to ``path``."""
    arrays = {}
    for kind in kinds:
        for seed in seeds:
            model, t = train(kind, seed)
            if log:
                log(f"{kind} seed {seed}: {t.history.seconds:.0f} s, "
                    f"last training loss {t.history.train_bpc[-1]:.3f} bits/char")  # fmt: skip
            arrays.update({f"{kind}/{seed}/{k}": v.astype(np.float32) for k, v in model.params.items()})
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, updates=UPDATES, **arrays)


@lru_cache(maxsize=1)
def _stored(path):
    with np.load(path) as data:
        return {k: data[k] for k in data.files}


def load(kind, seed, path=DATA):
    """The shipped model of ``kind`` trained from ``seed`` (a fresh ``SequenceModel``, float64 weights)."""
    model = new_model(kind, seed)
    stored = _stored(str(path))
    missing = [k for k in model.params if f"{kind}/{seed}/{k}" not in stored]
    if missing:
        raise ValueError(f"{path} has no {kind} model for seed {seed}; it holds seeds {SEEDS} of {sorted(KINDS)}")
    for k, p in model.params.items():
        p[...] = stored[f"{kind}/{seed}/{k}"]
    return model
