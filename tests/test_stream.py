"""Truncated BPTT over one long text: windows, carried states, determinism."""

import math

import numpy as np
import pytest

from lstm_lessons import GRUCell, LSTMCell, Stacked
from lstm_lessons.training import SequenceModel
from lstm_lessons.training.stream import StreamTrainer, bits_per_char, stream_windows


def _model(V=5, H=8, cell=None, seed=0):
    return SequenceModel(cell or LSTMCell(V, H, seed=seed), V, seed=seed, per_step=True)


def test_windows_are_consecutive_pieces_of_parallel_streams():
    ids = np.arange(103)
    x, y = stream_windows(ids, batch_size=4, seq_len=6, offset=2)
    L = (103 - 2) // 4  # 25 characters per stream
    assert x.shape == y.shape == ((L - 1) // 6, 6, 4)
    for k in range(len(x)):
        for b in range(4):
            start = 2 + b * L + k * 6
            np.testing.assert_array_equal(x[k, :, b], ids[start : start + 6])
            np.testing.assert_array_equal(y[k, :, b], ids[start + 1 : start + 7])  # the next character
    with pytest.raises(ValueError, match="too short for one window"):
        stream_windows(np.arange(20), batch_size=4, seq_len=6)


def test_the_final_state_of_one_window_starts_the_next_as_a_constant():
    ids = np.random.default_rng(0).integers(0, 5, size=400)
    model = _model()
    trainer = StreamTrainer(model, ids, batch_size=2, seq_len=10, seed=0)
    trainer.train(1, log_every=1)
    carried = trainer._state
    assert carried[0] is not model.final_state[0]  # a copy: later updates cannot reach it
    np.testing.assert_array_equal(carried[0], model.final_state[0])
    calls = []
    original = model.loss_and_grads
    model.loss_and_grads = lambda xs, y, loss, state=None: calls.append(state) or original(xs, y, loss, state)
    trainer.train(1, log_every=1)
    np.testing.assert_array_equal(calls[0][1], carried[1])


def test_training_is_deterministic_given_the_seed():
    ids = np.random.default_rng(1).integers(0, 5, size=600)

    def run(seed):
        model = _model(seed=0)
        StreamTrainer(model, ids, batch_size=3, seq_len=8, seed=seed).train(40, log_every=10)
        return model.params["cell.W_f"].copy()

    np.testing.assert_array_equal(run(2), run(2))
    assert not np.array_equal(run(2), run(3))  # the seed moves the windows' boundaries


@pytest.mark.parametrize("make", [lambda V: LSTMCell(V, 12, seed=0), lambda V: GRUCell(V, 12, seed=0),
                                  lambda V: Stacked([LSTMCell(V, 8, seed=0), LSTMCell(8, 8, seed=1)])])  # fmt: skip
def test_a_periodic_text_is_learned(make):
    ids = np.array([0, 1, 2, 3, 4, 3, 2, 1] * 60)
    model = SequenceModel(make(5), 5, per_step=True)
    before = bits_per_char(model, ids)
    history = StreamTrainer(model, ids, batch_size=4, seq_len=16, lr=0.02, seed=0).train(150, log_every=50)
    assert history.step == [50, 100, 150] and history.chars_seen[-1] == 150 * 4 * 16
    assert before > 2.0 and bits_per_char(model, ids) < 0.2 < history.train_bpc[0]


def test_bits_per_char_does_not_depend_on_the_chunk():
    ids = np.random.default_rng(2).integers(0, 5, size=97)
    model = _model()
    whole = bits_per_char(model, ids, chunk=1000)
    assert bits_per_char(model, ids, chunk=7) == pytest.approx(whole, rel=1e-12)
    logits = model.predict(np.eye(5)[ids[:-1]][:, None])[:, 0]
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    assert whole == pytest.approx(-log_p[np.arange(96), ids[1:]].mean() / math.log(2), rel=1e-12)


def test_bad_arguments():
    ids = np.zeros(500, dtype=int)
    with pytest.raises(ValueError, match="per_step=True"):
        StreamTrainer(SequenceModel(LSTMCell(5, 4), 5), ids)
    with pytest.raises(ValueError, match="input_size 5 != output_size 3"):
        StreamTrainer(SequenceModel(LSTMCell(5, 4), 3, per_step=True), ids)
    with pytest.raises(ValueError, match=r"ids must lie in 0..4 for a model with 5 inputs; got values from 0 to 9"):
        StreamTrainer(_model(), np.array([0, 9] * 100))
    with pytest.raises(ValueError, match="lr must be a positive number"):
        StreamTrainer(_model(), ids, lr=0)
    with pytest.raises(ValueError, match="clip must be a positive number or None"):
        StreamTrainer(_model(), ids, clip=0)
    with pytest.raises(ValueError, match="needs at least 2 characters"):
        bits_per_char(_model(), np.array([1]))
