"""The counting baseline: probabilities that sum to one, exact smoothing, sampling."""

import numpy as np
import pytest

from lstm_lessons.text.ngram import NGramModel


def _by_hand(train, order, alpha, V, context, c):
    """P_m(c | h) = (N(h, c) + alpha P_{m-1}(c | h')) / (N(h) + alpha), from raw counts."""
    padded = [V] * (order - 1) + list(train)
    p = 1.0 / V
    for m in range(order):
        h = tuple(context[len(context) - m :]) if m else ()
        N_h = N_hc = 0
        for t in range(len(train)):
            ctx = tuple(padded[t + order - 1 - m : t + order - 1])
            if ctx == h:
                N_h += 1
                N_hc += train[t] == c
        p = (N_hc + alpha * p) / (N_h + alpha)
    return p


@pytest.mark.parametrize("order", [1, 2, 3])
def test_probabilities_match_the_formula_and_sum_to_one(order):
    rng = np.random.default_rng(order)
    train = rng.integers(0, 4, size=60)
    model = NGramModel(order, 4, alpha=0.7).fit(train)
    contexts = np.array([[1, 2], [3, 3], [0, 1]])
    p = model.probs(contexts)
    assert p.shape == (3, 4)
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-12)
    for k, ctx in enumerate(contexts):
        for c in range(4):
            assert p[k, c] == pytest.approx(_by_hand(train, order, 0.7, 4, ctx, c), rel=1e-12)


def test_bits_per_char_is_the_mean_surprise():
    rng = np.random.default_rng(0)
    train, test = rng.integers(0, 5, size=200), rng.integers(0, 5, size=30)
    model = NGramModel(3, 5).fit(train)
    contexts = [test[max(0, t - 2) : t] for t in range(1, 30)]
    by_hand = [model.probs(np.array([c]))[0, test[t + 1]] if len(c) else None for t, c in enumerate(contexts)]
    assert model.bits_per_char(test) == pytest.approx(-np.mean(np.log2(by_hand)), rel=1e-12)


def test_a_periodic_text_is_learned_and_sampled_back():
    text = np.array([0, 1, 2, 3, 2, 1] * 40)
    model = NGramModel(3, 4, alpha=0.01).fit(text)
    assert model.bits_per_char(text) < 0.05
    assert NGramModel(1, 4).fit(text).bits_per_char(text) > 1.8  # frequencies alone: ~1.92 bits
    out = model.sample(12, prime=np.array([0, 1]), temperature=0)
    assert list(out[0]) == [2, 3, 2, 1, 0, 1] * 2


def test_sampling_is_seeded():
    text = np.random.default_rng(1).integers(0, 6, size=500)
    model = NGramModel(2, 6).fit(text)
    a = model.sample(40, batch=3, seed=5, prime=[1])
    assert a.shape == (3, 40) and a.min() >= 0 and a.max() < 6
    np.testing.assert_array_equal(a, model.sample(40, batch=3, seed=5, prime=[1]))
    assert not np.array_equal(a, model.sample(40, batch=3, seed=6, prime=[1]))


def test_bad_input():
    with pytest.raises(ValueError, match="has not been fitted"):
        NGramModel(2, 3).probs(np.zeros((1, 1), dtype=int))
    with pytest.raises(ValueError, match=r"ids must lie in 0..2 \(vocab_size=3\); got values from 0 to 3"):
        NGramModel(2, 3).fit(np.array([0, 3]))
    with pytest.raises(ValueError, match="ids must be a 1-D array of integer character ids"):
        NGramModel(2, 3).fit(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="alpha must be positive"):
        NGramModel(2, 3, alpha=0)
    with pytest.raises(ValueError, match="alpha must be a number >= 0"):
        NGramModel(2, 3, alpha=-1)
    with pytest.raises(TypeError, match="order must be a positive integer"):
        NGramModel(0.5, 3)
    model = NGramModel(2, 3).fit(np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="start must lie in 0..1 for 2 ids"):
        model.bits_per_char(np.array([0, 1]), start=2)
    with pytest.raises(ValueError, match="temperature must be a number >= 0"):
        model.sample(3, temperature=-1)
