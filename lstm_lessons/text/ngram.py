"""A counting model of characters: the n-gram baseline a language model has to beat.

An order-``n`` model predicts a character from the ``n - 1`` before it, by counting. With
``N(h, c)`` the number of times context ``h`` was followed by ``c`` in the training text,
``N(h) = sum_c N(h, c)``, and ``h'`` the context ``h`` without its oldest character, the
probability is smoothed towards the next shorter context (interpolation, MacKay & Peto 1995):

    P_m(c | h) = (N(h, c) + alpha * P_{m-1}(c | h')) / (N(h) + alpha)      context length m
    P_{-1}(c)  = 1 / V

so a context seen often trusts its own counts, and an unseen one (``N(h) = 0``) falls back
entirely on the shorter one. ``alpha = 0`` with every context seen would be the raw frequencies.
The first characters of a text are predicted from contexts padded with a start symbol.
"""

import numpy as np

from .._validate import check_number, check_seed, check_size


def _check_ids(name, ids, V):
    ids = np.asarray(ids)
    if ids.ndim != 1 or ids.dtype.kind not in "iu":
        raise ValueError(f"{name} must be a 1-D array of integer character ids; got {ids.dtype} of shape {ids.shape}")
    if ids.size and (ids.min() < 0 or ids.max() >= V):
        raise ValueError(f"{name} must lie in 0..{V - 1} (vocab_size={V}); got values from {ids.min()} to {ids.max()}")
    return ids.astype(np.int64)


class NGramModel:
    """A character n-gram model with interpolated smoothing.

    Parameters
    ----------
    order : int
        ``n``: the model looks at the ``n - 1`` previous characters (1 = character frequencies only).
    vocab_size : int
        ``V``; character ids are ``0 .. V-1`` (id ``V`` is the start-of-text padding).
    alpha : float
        The smoothing strength, > 0.

    Examples
    --------
    >>> model = NGramModel(3, vocab_size=4).fit(np.array([0, 1, 2, 3] * 50))
    >>> model.probs(np.array([[0, 1]])).round(2)     # after 0, 1 comes 2
    array([[0.01, 0.01, 0.98, 0.01]])
    """

    def __init__(self, order, vocab_size, alpha=1.0):
        self.order = check_size("order", order)
        self.vocab_size = check_size("vocab_size", vocab_size)
        self.alpha = check_number("alpha", alpha, lo=0.0)
        if self.alpha == 0:
            raise ValueError("alpha must be positive: with alpha = 0 an unseen context has no probabilities at all")
        if (vocab_size + 1) ** order > 2**62:
            raise ValueError(f"order={order} is too long for vocab_size={vocab_size}: the context codes overflow int64")
        self._tables = None

    def __repr__(self):
        return f"NGramModel(order={self.order}, vocab_size={self.vocab_size}, alpha={self.alpha:g})"

    def _contexts(self, ids):
        """Padded ids ``(P + N,)`` and, for each context length m, the code of every position's context."""
        V, P = self.vocab_size, self.order - 1
        padded = np.concatenate([np.full(P, V, dtype=np.int64), ids])  # (P + N,)
        codes, code = [np.zeros(len(ids), dtype=np.int64)], np.zeros(len(ids), dtype=np.int64)
        for m in range(1, self.order):  # context length m: the m characters before t
            code = code * (V + 1) + padded[P - m : P - m + len(ids)]
            codes.append(code.copy())  # oldest character first: h' of h drops the leading digit
        return codes

    def fit(self, ids):
        """Count every context and every (context, next character) pair of ``ids``. Returns ``self``."""
        ids = _check_ids("ids", ids, self.vocab_size)
        if ids.size == 0:
            raise ValueError("ids is empty: there is nothing to count")
        tables = []
        for code in self._contexts(ids):
            h, row = np.unique(code, return_inverse=True)  # every context seen, sorted; each position's row
            counts = np.zeros((len(h), self.vocab_size), dtype=np.int64)  # N(h, c)
            np.add.at(counts, (row.ravel(), ids), 1)
            tables.append((h, counts, counts.sum(axis=1)))  # ..., N(h)
        self._tables = tables
        return self

    def _require_fit(self):
        if self._tables is None:
            raise ValueError("this NGramModel has not been fitted: call fit(ids) first")

    @staticmethod
    def _rows(h, code):
        """Row of each context code in the sorted table ``h``, and whether it was seen at all."""
        i = np.minimum(np.searchsorted(h, code), len(h) - 1)
        return i, h[i] == code

    def _prob(self, codes, next_ids):
        """P(next | context) per position: context codes per length, each shape (S,), ``next_ids`` (S,)."""
        p = np.full(next_ids.shape, 1.0 / self.vocab_size)
        for (h, counts, N_h), code in zip(self._tables, codes, strict=True):
            i, seen = self._rows(h, code)
            p = (np.where(seen, counts[i, next_ids], 0) + self.alpha * p) / (np.where(seen, N_h[i], 0) + self.alpha)
        return p

    def bits_per_char(self, ids, start=1):
        """Mean ``-log2 P(c_t | context)`` over ``t = start .. len(ids) - 1``.

        ``start=1`` scores every character but the first, the ones a recurrent model predicts.
        """
        self._require_fit()
        ids = _check_ids("ids", ids, self.vocab_size)
        if not 0 <= start < len(ids):
            raise ValueError(f"start must lie in 0..{len(ids) - 1} for {len(ids)} ids; got {start}")
        codes = [c[start:] for c in self._contexts(ids)]
        return float(-np.mean(np.log2(self._prob(codes, ids[start:]))))

    def probs(self, contexts):
        """The next character's distribution after each context.

        Parameters
        ----------
        contexts : int array, shape (batch, k)
            The last ``k`` characters of each sequence, oldest first; ``k >= order - 1`` (only the
            last ``order - 1`` are used), or shorter, padded at the start like the beginning of a text.

        Returns
        -------
        probs : ndarray, shape (batch, V), rows summing to 1
        """
        self._require_fit()
        contexts = np.asarray(contexts)
        if contexts.ndim != 2:
            raise ValueError(f"contexts must have shape (batch, k); got {contexts.shape}")
        V, m_max = self.vocab_size, self.order - 1
        ctx = np.full((len(contexts), m_max), V, dtype=np.int64)  # start padding
        k = min(m_max, contexts.shape[1])
        if k:
            ctx[:, m_max - k :] = _check_ids("contexts", contexts[:, -k:].ravel(), V).reshape(-1, k)
        codes, code = [np.zeros(len(ctx), dtype=np.int64)], np.zeros(len(ctx), dtype=np.int64)
        for m in range(1, self.order):
            code = code * (V + 1) + ctx[:, m_max - m]
            codes.append(code.copy())
        p = np.full((len(ctx), V), 1.0 / V)  # (batch, V): every candidate at once
        for (h, counts, N_h), code in zip(self._tables, codes, strict=True):
            i, seen = self._rows(h, code)
            p = ((np.where(seen[:, None], counts[i], 0) + self.alpha * p)
                 / (np.where(seen, N_h[i], 0) + self.alpha)[:, None])  # fmt: skip
        return p

    def sample(self, n, *, prime=(), batch=1, seed=0, temperature=1.0):
        """Generate ``n`` characters after ``prime`` for ``batch`` sequences at once.

        ``temperature`` reshapes the counted distribution as ``p**(1/temperature)``, renormalised
        (0 picks the most likely character). Returns an int array of shape ``(batch, n)``.
        """
        self._require_fit()
        n, batch, rng = check_size("n", n), check_size("batch", batch), np.random.default_rng(check_seed(seed))
        temperature = check_number("temperature", temperature, lo=0.0)
        prime = _check_ids("prime", np.asarray(prime, dtype=np.int64), self.vocab_size)
        m_max = self.order - 1
        history = np.repeat(prime[None, len(prime) - min(m_max, len(prime)) :], batch, axis=0)  # (batch, <= m_max)
        out = np.empty((batch, n), dtype=np.int64)
        for t in range(n):
            p = self.probs(history)  # (batch, V)
            if temperature == 0:
                out[:, t] = p.argmax(axis=1)
            else:
                logp = np.log(p) / temperature
                p = np.exp(logp - logp.max(axis=1, keepdims=True))
                cum = np.cumsum(p, axis=1)  # (batch, V): inverse-CDF sampling
                out[:, t] = (cum < rng.random((batch, 1)) * cum[:, -1:]).sum(axis=1)
            if m_max:
                history = np.concatenate([history, out[:, t : t + 1]], axis=1)[:, -m_max:]
        return out
