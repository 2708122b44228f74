"""Characters as numbers: a vocabulary, encoding, decoding and one-hot vectors.

A character-level model sees text as a sequence of integer ids, one per character, and reads
each id as a one-hot vector ``x_t`` of length ``V`` (the vocabulary size):

    x_t[j] = 1 if j == id(c_t) else 0

so that ``W @ [h_{t-1}, x_t]`` simply picks the column of ``W`` that belongs to the character.
"""

import numpy as np


class Vocabulary:
    """A fixed, ordered set of characters; a character's id is its position.

    Parameters
    ----------
    chars : str
        Every character the vocabulary knows, each once, in id order.

    Examples
    --------
    >>> vocab = Vocabulary("ab ")
    >>> vocab.encode("ba a")
    array([1, 0, 2, 0])
    >>> vocab.decode([0, 2, 1])
    'a b'
    """

    def __init__(self, chars):
        if not isinstance(chars, str) or not chars:
            raise TypeError(f"chars must be a non-empty str of distinct characters; got {chars!r}")
        seen = set()
        for c in chars:
            if c in seen:
                raise ValueError(f"chars must hold each character once; {c!r} appears {chars.count(c)} times")
            seen.add(c)
        self.chars = chars
        self._index = {c: i for i, c in enumerate(chars)}

    @classmethod
    def from_text(cls, text):
        """The characters of ``text``, sorted by code point."""
        if not isinstance(text, str) or not text:
            raise TypeError(f"text must be a non-empty str; got {type(text).__name__}")
        return cls("".join(sorted(set(text))))

    def __len__(self):
        return len(self.chars)

    @property
    def size(self):
        """``V``, the number of characters."""
        return len(self.chars)

    def __contains__(self, c):
        return c in self._index

    def __repr__(self):
        return f"Vocabulary({self.chars!r})"

    def encode(self, text):
        """The ids of ``text``: an int array of shape ``(len(text),)``.

        Raises a ``ValueError`` naming the first character that is not in the vocabulary.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str; got {type(text).__name__}")
        try:
            return np.fromiter((self._index[c] for c in text), dtype=np.int64, count=len(text))
        except KeyError as err:
            c = err.args[0]
            where = text.index(c)
            raise ValueError(f"character {c!r} (U+{ord(c):04X}) at position {where} is not in the vocabulary "
                             f"of {self.size} characters {self.chars!r}") from None  # fmt: skip

    def decode(self, ids):
        """The text of a sequence of ids (any shape flattened in order)."""
        ids = np.asarray(ids)
        if ids.size and ids.dtype.kind not in "iu":
            raise TypeError(f"ids must be integers; got dtype {ids.dtype}")
        bad = (ids < 0) | (ids >= self.size)
        if np.any(bad):
            first = ids[bad].flat[0]
            raise ValueError(f"ids must lie in 0..{self.size - 1} for a vocabulary of {self.size}; got {first}")
        return "".join(self.chars[i] for i in ids.ravel())

    def one_hot(self, ids):
        """One-hot float64 vectors: ids of shape ``(...)`` -> array of shape ``(..., V)``."""
        ids = np.asarray(ids)
        if ids.size and ids.dtype.kind not in "iu":
            raise TypeError(f"ids must be integers; got dtype {ids.dtype}")
        if ids.size and (ids.min() < 0 or ids.max() >= self.size):
            raise ValueError(f"ids must lie in 0..{self.size - 1}; got values from {ids.min()} to {ids.max()}")
        return np.eye(self.size)[ids]  # (..., V)
