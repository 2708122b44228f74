"""windows: training per-step models on random windows; predictions with a chosen past and future."""

import numpy as np
import pytest

from lstm_lessons import Bidirectional, LSTMCell
from lstm_lessons.text.windows import (
    bits_per_char_from_past,
    predict_chunks,
    predict_windows,
    sample_from_past,
    train_on_windows,
)
from lstm_lessons.training import SequenceModel
from lstm_lessons.training.losses import softmax

V = 5


def _model(bidirectional=False, K=V, seed=0):
    if bidirectional:
        cell = Bidirectional(LSTMCell(V, 4, seed=seed), LSTMCell(V, 4, seed=seed + 1))
    else:
        cell = LSTMCell(V, 6, seed=seed)
    return SequenceModel(cell, K, seed=seed, per_step=True)


def _ids(n=400, seed=0):
    return np.random.default_rng(seed).integers(0, V, size=n)


def test_training_is_seeded_and_learns_a_label_that_depends_on_the_future():
    ids = _ids(2000)
    targets = np.r_[ids[1:], 0] % 2  # the parity of the NEXT character: only the future tells
    runs = [train_on_windows(_model(True, K=2), ids, targets, steps=60, batch_size=16, seq_len=12, lr=2e-2, seed=3,
                             eval_every=20) for _ in range(2)]  # fmt: skip
    assert runs[0].train_loss == runs[1].train_loss and runs[0].step == [20, 40, 60]
    assert runs[0].train_loss[-1] < 0.5 * np.log(2)  # well below chance (ln 2): the backward direction reads it
    forward = train_on_windows(_model(False, K=2), ids, targets, steps=60, batch_size=16, seq_len=12, lr=2e-2, seed=3)
    assert forward.train_loss[-1] > 0.9 * np.log(2)  # a forward model cannot


def test_evaluate_is_called_every_eval_every_updates_and_after_the_last():
    calls = []
    h = train_on_windows(_model(), _ids(), _ids(seed=1), steps=7, seq_len=5, batch_size=3,
                         eval_every=3, evaluate=lambda m: calls.append(1) or len(calls))  # fmt: skip
    assert h.step == [3, 6, 7] and h.evals == [1, 2, 3] and len(h.train_loss) == 3


def test_predict_chunks_is_each_chunk_run_alone():
    model, ids = _model(True), _ids(250)
    probs = predict_chunks(model, ids, chunk=100)
    assert probs.shape == (200, V)
    second = softmax(model.predict(np.eye(V)[ids[100:200]][:, None])[:, 0])
    np.testing.assert_allclose(probs[100:200], second, rtol=1e-12)


def test_predict_windows_sees_exactly_past_and_future():
    model, ids = _model(True), _ids(100)
    positions = np.array([10, 50, 80])
    logits = predict_windows(model, ids, positions, past=5, future=3)
    one = model.predict(np.eye(V)[ids[45:54]][:, None])[5, 0]  # ids[p - 5 : p + 4], read at p
    np.testing.assert_allclose(logits[1], one, rtol=1e-12)
    changed = ids.copy()
    changed[54] = (changed[54] + 1) % V  # just outside the window of position 50
    np.testing.assert_array_equal(predict_windows(model, changed, positions, 5, 3)[1], logits[1])
    changed[53] = (changed[53] + 1) % V  # inside it, in the future
    assert not np.allclose(predict_windows(model, changed, positions, 5, 3)[1], logits[1])


def test_bits_from_the_past_and_sampling():
    model, ids = _model(True), _ids(200)
    positions = np.arange(10, 60)
    p = softmax(predict_windows(model, ids, positions, 10, 0))
    want = -np.mean(np.log2(p[np.arange(50), ids[positions + 1]]))
    assert bits_per_char_from_past(model, ids, positions, 10) == pytest.approx(want, rel=1e-12)
    a = sample_from_past(model, ids[:11], 20, past=10, seed=4)
    b = sample_from_past(model, ids[:11], 20, past=10, seed=4)
    assert a.shape == (20,) and np.array_equal(a, b) and a.min() >= 0 and a.max() < V
    greedy = sample_from_past(model, ids[:11], 1, past=10, temperature=0)
    assert greedy[0] == model.predict(np.eye(V)[ids[:11]][:, None])[-1, 0].argmax()
    many = sample_from_past(model, ids[:11], 20, past=10, seed=4, batch=3)
    assert many.shape == (3, 20)
    assert np.array_equal(many, sample_from_past(model, ids[:11], 20, past=10, seed=4, batch=3))
    assert len({tuple(row) for row in many}) == 3  # three different samples, side by side
    rng = np.random.default_rng(4)  # row 1 again, step by step: drawn after the same prime from its own window
    row, draws = list(ids[:11]), rng.random((20, 3))
    for t in range(20):
        probs = softmax(model.predict(np.eye(V)[np.array(row[-11:])][:, None])[-1, 0])
        row.append(int(np.searchsorted(np.cumsum(probs), draws[t, 1] * probs.sum())))
    np.testing.assert_array_equal(many[1], row[11:])


def test_bad_input():
    model, ids = _model(), _ids(50)
    with pytest.raises(ValueError, match="model must predict at every step"):
        train_on_windows(SequenceModel(LSTMCell(V, 3), 2), ids, ids % 2, steps=1)
    with pytest.raises(ValueError, match="targets must lie in 0..4"):
        train_on_windows(model, ids, ids + 1, steps=1)
    with pytest.raises(ValueError, match="one label per character: 50; got 49"):
        train_on_windows(model, ids, ids[1:], steps=1)
    with pytest.raises(ValueError, match="fewer than one window of seq_len=64"):
        train_on_windows(model, ids, ids, steps=1, seq_len=64)
    with pytest.raises(ValueError, match="ids must lie in 0..4"):
        predict_chunks(model, ids + 5, chunk=10)
    with pytest.raises(ValueError, match="fewer than one chunk of 100"):
        predict_chunks(model, ids, chunk=100)
    with pytest.raises(ValueError, match="needs 5 characters before it and 3 after it"):
        predict_windows(model, ids, np.array([2, 10]), 5, 3)
    with pytest.raises(ValueError, match="past and future must be whole numbers >= 0"):
        predict_windows(model, ids, np.array([10]), -1, 3)
    with pytest.raises(ValueError, match="prime must be a non-empty 1-D array"):
        sample_from_past(model, np.array([]), 5)
    with pytest.raises(ValueError, match="batch"):
        sample_from_past(model, ids[:5], 5, batch=0)
