"""Sampling: temperature, priming, seeds, greedy decoding, clamping one unit."""

import numpy as np
import pytest

from lstm_lessons import Bidirectional, GRUCell, LSTMCell, Stacked
from lstm_lessons.text import Vocabulary
from lstm_lessons.text.sampling import sample, sample_text, softmax_temperature
from lstm_lessons.training import SequenceModel
from lstm_lessons.training.losses import softmax
from lstm_lessons.training.stream import StreamTrainer


def test_temperature_reshapes_the_softmax():
    logits = np.array([[2.0, 1.0, -1.0, 0.5], [0.0, 3.0, 3.1, -2.0]])
    np.testing.assert_allclose(softmax_temperature(logits, 1.0), softmax(logits), rtol=1e-14)
    np.testing.assert_allclose(softmax_temperature(logits, 0.5), softmax(2 * logits), rtol=1e-14)
    np.testing.assert_array_equal(softmax_temperature(logits, 0), [[1, 0, 0, 0], [0, 0, 1, 0]])
    np.testing.assert_allclose(softmax_temperature(logits, 1e-3), softmax_temperature(logits, 0), atol=1e-40)
    np.testing.assert_allclose(softmax_temperature(logits, 1e6), 0.25, atol=1e-5)  # hot: uniform
    p = softmax_temperature(1e3 * logits, 1e-4)  # no overflow
    assert np.all(np.isfinite(p)) and np.allclose(p.sum(axis=1), 1)
    with pytest.raises(ValueError, match="temperature must be a number >= 0; got -1"):
        softmax_temperature(logits, -1)
    with pytest.raises(ValueError, match=r"logits must be finite scores of shape \(batch, V\)"):
        softmax_temperature(logits[0], 1.0)


def _trained(V=4, cell=None):
    ids = np.array([0, 1, 2, 3, 2, 1] * 50)
    model = SequenceModel(cell or LSTMCell(V, 10, seed=0), V, per_step=True)
    StreamTrainer(model, ids, batch_size=4, seq_len=12, lr=0.03, seed=0).train(150)
    return model


def test_greedy_decoding_continues_the_pattern():
    model = _trained()
    out = sample(model, 12, prime=np.array([0, 1]), temperature=0)
    assert list(out[0]) == [2, 3, 2, 1, 0, 1] * 2
    vocab = Vocabulary("abcd")
    assert sample_text(model, vocab, 6, prime="ab", temperature=0) == "cdcbab"
    assert sample_text(model, vocab, 3, prime="ab", temperature=0, batch=2) == ["cdc", "cdc"]


def test_greedy_decoding_equals_a_loop_of_argmaxes():
    model = SequenceModel(GRUCell(4, 6, seed=1), 4, per_step=True)
    prime, eye = [3, 0, 2], np.eye(4)
    ids = list(prime)
    for _ in range(8):
        ids.append(int(model.predict(eye[ids][:, None])[-1, 0].argmax()))
    assert list(sample(model, 8, prime=np.array(prime), temperature=0)[0]) == ids[3:]


def test_sampling_is_seeded_and_the_state_is_carried():
    model = SequenceModel(LSTMCell(4, 6, seed=2), 4, per_step=True)
    a = sample(model, 30, prime=np.array([1]), batch=5, seed=3)
    assert a.shape == (5, 30)
    np.testing.assert_array_equal(a, sample(model, 30, prime=np.array([1]), batch=5, seed=3))
    assert not np.array_equal(a, sample(model, 30, prime=np.array([1]), batch=5, seed=4))
    # the probabilities of each draw come from the model having read everything before it
    eye, row = np.eye(4), np.concatenate([[1], a[0]])
    full = softmax(model.predict(eye[row][:, None])[:, 0])  # (31, V)
    assert np.all(full[np.arange(30), a[0]] > 0)


@pytest.mark.parametrize("stacked", [False, True])
def test_clamp_holds_one_unit(stacked):
    cell = Stacked([LSTMCell(4, 5, seed=0), LSTMCell(5, 6, seed=1)]) if stacked else LSTMCell(4, 6, seed=0)
    model = SequenceModel(cell, 4, per_step=True)
    seen = []
    forward = model.cell.forward
    model.cell.forward = lambda xs, state=None: seen.append(state) or forward(xs, state)
    sample(model, 6, prime=np.array([0, 1]), clamp=(2, 0.7), batch=3)
    top = [s[-1] if stacked else s for s in seen[2:]]  # the states fed into generated steps
    assert len(top) == 4 and all(np.all(C[:, 2] == 0.7) for _, C in top)
    assert not np.all(top[0][0][:, 3] == 0.7)


def test_bad_arguments():
    model = SequenceModel(LSTMCell(4, 6), 4, per_step=True)
    with pytest.raises(ValueError, match=r"prime must be a non-empty 1-D array of ids in 0..3"):
        sample(model, 5, prime=np.array([], dtype=int))
    with pytest.raises(ValueError, match="prime must be"):
        sample(model, 5, prime=np.array([4]))
    with pytest.raises(ValueError, match=r"clamp must be \(unit, value\) with unit in 0..5"):
        sample(model, 5, prime=np.array([1]), clamp=(6, 1.0))
    with pytest.raises(TypeError, match="n must be a positive integer"):
        sample(model, 0.5, prime=np.array([1]))


@pytest.mark.parametrize("cell", [Bidirectional(LSTMCell(4, 3), LSTMCell(4, 3, seed=1)),
                                  Stacked([LSTMCell(4, 6),
                                           Bidirectional(LSTMCell(6, 3), LSTMCell(6, 3, seed=1))])])  # fmt: skip
def test_a_bidirectional_model_cannot_write_one_character_at_a_time(cell):
    model = SequenceModel(cell, 4, per_step=True)
    before = {k: v.copy() for k, v in model.params.items()}
    with pytest.raises(ValueError, match="Bidirectional layer.*sample_from_past"):
        sample(model, 5, prime=np.array([1, 2]))
    assert all(np.array_equal(v, before[k]) for k, v in model.params.items())


def test_a_model_that_answers_once_cannot_write():
    with pytest.raises(ValueError, match="per_step=True.*got SequenceModel with per_step=False"):
        sample(SequenceModel(LSTMCell(4, 6), 4), 5, prime=np.array([1]))
