"""Seeded sequence tasks with long time lags.

Every task has ``sample(batch, rng) -> (xs, y)`` with ``xs`` of shape
``(T, batch, input_size)``, a ``loss`` (``"mse"`` or ``"xent"``), ``input_size``,
``output_size`` and a ``chance`` score (what a predictor that ignores the input gets).

* ``AddingProblem`` (Hochreiter & Schmidhuber 1997): add the two marked numbers.
* ``FirstSymbol``: name the symbol shown at the first step, after ``T - 1`` distractors.
* ``Story``: a tiny symbolic story; say whether the *latest* subject is "he" or "she".
* ``SpikeInterval``: two spikes on one input line; say whether they are at least ``k`` steps
  apart (a timing task in the spirit of Gers, Schraudolph & Schmidhuber 2002).
"""

import numpy as np

from ._validate import check_size


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)); got {type(rng).__name__}")
    return rng


class AddingProblem:
    """Two channels: a random number in [0, 1) and a 0/1 marker. Target: the sum of the two marked numbers.

    One marker sits in the first half of the sequence, the other in the second half,
    so the network must carry a number across about ``T/2`` steps. Predicting the
    mean, 1, scores an MSE of Var(U1 + U2) = 2/12, about 0.167.
    """

    loss, input_size, output_size = "mse", 2, 1
    chance = 2.0 / 12.0

    def __init__(self, T=100):
        self.T = check_size("T", T)
        if self.T < 2:
            raise ValueError(f"the adding problem needs T >= 2 to place two markers; got T={T}")
        self.name = f"adding (T={self.T})"

    def sample(self, batch, rng):
        batch, rng, T = check_size("batch", batch), _check_rng(rng), self.T
        xs = np.zeros((T, batch, 2))
        xs[:, :, 0] = rng.uniform(0.0, 1.0, size=(T, batch))
        first = rng.integers(0, T // 2, size=batch)
        second = rng.integers(T // 2, T, size=batch)
        cols = np.arange(batch)
        xs[first, cols, 1] = xs[second, cols, 1] = 1.0
        y = (xs[first, cols, 0] + xs[second, cols, 0])[:, None]  # (batch, 1)
        return xs, y


class FirstSymbol:
    """Recall the first symbol after ``T - 1`` distracting ones: a pure long-lag memory task.

    Inputs are one-hot over ``n_symbols`` symbols, ``n_distractors`` distractors and one
    query flag set at the last step. The label is the first symbol; chance is ``1/n_symbols``.
    """

    loss = "xent"

    def __init__(self, T=20, n_symbols=4, n_distractors=4):
        self.T, self.n_symbols = check_size("T", T), check_size("n_symbols", n_symbols)
        self.n_distractors = check_size("n_distractors", n_distractors)
        self.input_size = self.n_symbols + self.n_distractors + 1
        self.output_size = self.n_symbols
        self.chance = 1.0 / self.n_symbols
        self.name = f"first symbol (T={self.T})"

    def sample(self, batch, rng):
        batch, rng, T = check_size("batch", batch), _check_rng(rng), self.T
        labels = rng.integers(0, self.n_symbols, size=batch)
        channel = self.n_symbols + rng.integers(0, self.n_distractors, size=(T, batch))
        channel[0] = labels
        xs = np.zeros((T, batch, self.input_size))
        np.put_along_axis(xs, channel[..., None], 1.0, axis=2)
        xs[-1, :, -1] = 1.0  # the query flag
        return xs, labels


class Story:
    """A tiny symbolic story in which the subject may change; the label is the latest subject's pronoun.

    A story opens with a subject (``boy``, ``man``, ``king`` are "he"; ``girl``, ``woman``,
    ``queen`` are "she") and continues with filler words. The last token is ``?``.
    Label 0 means "he", 1 means "she". A model must forget the old subject when a new one comes.

    * ``changes=1`` (the default): with probability ``p_change`` one new subject, always of
      the other gender, enters somewhere in the middle.
    * ``changes=k > 1``: ``k`` mid-story positions are drawn (distinct), and at each one a
      new subject enters with probability ``p_change``; each new subject's gender is drawn
      at random, so it may repeat the current one. The label is the gender of the last
      subject, so neither "the first subject" nor "the opposite of the first" answers it.
    """

    loss, output_size, chance = "xent", 2, 0.5
    he, she = ("boy", "man", "king"), ("girl", "woman", "queen")
    filler = ("walked", "home", "ate", "bread", "and", "then", "slept", "saw", "a", "dog")
    vocab = he + she + filler + ("?",)
    input_size = len(vocab)

    def __init__(self, T=12, p_change=0.5, changes=1):
        self.T = check_size("T", T)
        if self.T < 4:
            raise ValueError(f"a story needs T >= 4 tokens (subject, filler, new subject, '?'); got T={T}")
        if not 0.0 <= p_change <= 1.0:
            raise ValueError(f"p_change must be a probability in [0, 1]; got {p_change!r}")
        self.changes = check_size("changes", changes)
        if self.changes > self.T - 3:
            raise ValueError(
                f"a story of T={self.T} tokens has {self.T - 3} mid-story positions, "
                f"so at most {self.T - 3} changes; got changes={changes}"
            )
        self.p_change = float(p_change)
        self.name = f"story (T={self.T})" if self.changes == 1 else f"story (T={self.T}, {self.changes} changes)"

    def sample_tokens(self, batch, rng):
        """Token ids ``(T, batch)`` and labels ``(batch,)``."""
        batch, rng, T = check_size("batch", batch), _check_rng(rng), self.T
        n_he, n_subj = len(self.he), len(self.he) + len(self.she)
        tokens = n_subj + rng.integers(0, len(self.filler), size=(T, batch))
        tokens[-1] = self.vocab.index("?")
        gender = rng.integers(0, 2, size=batch)  # 0: he, 1: she
        tokens[0] = gender * n_he + rng.integers(0, n_he, size=batch)
        if self.changes > 1:
            return self._several_changes(tokens, gender, rng)
        change = rng.random(batch) < self.p_change
        where = rng.integers(1, T - 2, size=batch)  # the new subject enters mid-story
        gender = np.where(change, 1 - gender, gender)
        new_subject = gender * n_he + rng.integers(0, n_he, size=batch)
        cols = np.flatnonzero(change)
        tokens[where[cols], cols] = new_subject[cols]
        return tokens, gender

    def _several_changes(self, tokens, gender, rng):
        """Up to ``changes`` new subjects of random gender at distinct mid-story positions."""
        T, batch = tokens.shape
        n_he = len(self.he)
        # distinct positions in 1 .. T-3 per story, in time order
        where = np.sort(rng.random((T - 3, batch)).argsort(axis=0)[: self.changes] + 1, axis=0)
        enters = rng.random((self.changes, batch)) < self.p_change
        new_gender = rng.integers(0, 2, size=(self.changes, batch))
        new_subject = new_gender * n_he + rng.integers(0, n_he, size=(self.changes, batch))
        gender = gender.copy()
        for k in range(self.changes):  # in time order, so the last entrant sets the label
            cols = np.flatnonzero(enters[k])
            tokens[where[k, cols], cols] = new_subject[k, cols]
            gender[cols] = new_gender[k, cols]
        return tokens, gender

    def encode(self, tokens):
        """One-hot inputs ``(T, batch, len(vocab))`` from token ids."""
        return np.eye(self.input_size)[np.asarray(tokens)]

    def decode(self, tokens):
        """The words of one story, from a ``(T,)`` array of token ids."""
        return " ".join(self.vocab[int(k)] for k in tokens)

    def sample(self, batch, rng):
        tokens, labels = self.sample_tokens(batch, rng)
        return self.encode(tokens), labels


class SpikeInterval:
    """Two spikes on one input line; the label says whether they are at least ``k`` steps apart.

    The gap between the spikes is drawn uniformly from ``k - spread, ..., k + spread - 1``:
    half the sequences are "short" (label 0, gap below ``k``) and half "long" (label 1), and
    the hardest pairs differ by one step, ``k - 1`` against ``k``. The first spike falls at a
    random step, so the time since the sequence began does not give the answer: the network
    must measure the interval itself, and hold its verdict until the last step. Chance is 1/2.

    A small version of the spike-timing tasks of Gers, Schraudolph & Schmidhuber (2002), who
    trained LSTMs to tell spikes 49 steps apart from spikes 50 steps apart.
    """

    loss, input_size, output_size, chance = "xent", 1, 2, 0.5

    def __init__(self, T=30, k=10, spread=3):
        self.T, self.k = check_size("T", T), check_size("k", k)
        self.spread = check_size("spread", spread)
        if self.spread >= self.k:
            raise ValueError(
                f"spread must be below k, so the shortest gap k - spread is at least 1; "
                f"got k={k}, spread={spread}"
            )
        if self.k + self.spread - 1 >= self.T:
            raise ValueError(
                f"the longest gap, k + spread - 1 = {self.k + self.spread - 1}, must fit in "
                f"T={T} steps (T > k + spread - 1)"
            )
        self.name = f"spike interval (T={self.T}, k={self.k})"

    def sample(self, batch, rng):
        batch, rng, T = check_size("batch", batch), _check_rng(rng), self.T
        gap = rng.integers(self.k - self.spread, self.k + self.spread, size=batch)
        first = rng.integers(0, T - gap)  # (batch,): the second spike still fits
        cols = np.arange(batch)
        xs = np.zeros((T, batch, 1))
        xs[first, cols, 0] = xs[first + gap, cols, 0] = 1.0
        return xs, (gap >= self.k).astype(int)
