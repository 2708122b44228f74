"""Where were the quotes? A tagging task on the generated corpus in which the future matters.

Every quotation mark (“ and ”) is erased from the text, and each remaining character gets the label it had:

    inside[t] = 1 if character t was inside a quotation, else 0      (``corpus.in_quote``, kept characters only)

    ana said “we must go now!” the cook opened the door.       the corpus
    ana said we must go now! the cook opened the door.         what the model reads
    00000000011111111111111100000000000000000000000000         what it must output

Speech has words of its own (``must``, ``hurry``...), but it also reports plain narration
(``the cook opened the door, ana said.``), and nothing before such a quotation says that it
is one: the evidence (``, ana said``) comes after it. At the first character of a quotation,
``opening[t]``, a model that reads only the past must guess.
"""

from dataclasses import dataclass

import numpy as np

from .corpus import CLOSE, OPEN, Corpus, vocabulary


@dataclass(frozen=True)
class QuoteTask:
    """A corpus with its quotation marks erased. Every array has shape ``(len(text),)``."""

    text: str  # the corpus text without “ and ”
    ids: np.ndarray  # int: the characters' ids in ``corpus.vocabulary()`` (“ and ” never occur)
    inside: np.ndarray  # int 0/1: the label
    opening: np.ndarray  # bool: the first character of each quotation

    def __len__(self):
        return len(self.text)


def erase_quotes(corpus):
    """The ``QuoteTask`` of a ``Corpus`` (from ``lstm_lessons.text.corpus.generate_corpus``)."""
    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be a Corpus from generate_corpus(...); got {type(corpus).__name__}")
    chars = np.array(list(corpus.text))
    keep = (chars != OPEN) & (chars != CLOSE)  # (N,)
    text = "".join(chars[keep])
    inside = corpus.in_quote[keep].astype(np.int64)
    opening = np.concatenate([inside[:1] == 1, (inside[1:] == 1) & (inside[:-1] == 0)])
    return QuoteTask(text=text, ids=vocabulary().encode(text), inside=inside, opening=opening)
