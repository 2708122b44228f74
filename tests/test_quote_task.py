"""quote_task: the corpus with its quotation marks erased, each character labelled inside or outside."""

import numpy as np
import pytest

from lstm_lessons.text import quote_task
from lstm_lessons.text.corpus import CLOSE, OPEN, generate_corpus, vocabulary
from lstm_lessons.text.quote_task import erase_quotes


def test_the_labels_are_the_corpus_labels_of_the_kept_characters():
    corpus = generate_corpus(3000, seed=2)
    task = erase_quotes(corpus)
    marks = corpus.text.count(OPEN) + corpus.text.count(CLOSE)
    assert OPEN not in task.text and CLOSE not in task.text and len(task) == len(corpus.text) - marks
    assert vocabulary().decode(task.ids) == task.text
    kept = [t for t, ch in enumerate(corpus.text) if ch not in (OPEN, CLOSE)]
    np.testing.assert_array_equal(task.inside, corpus.in_quote[kept].astype(int))
    spans = corpus.text.count(OPEN)
    assert spans > 10 and spans == corpus.text.count(CLOSE)
    assert task.opening.sum() == spans  # one first character per quotation
    assert np.all(task.inside[task.opening] == 1) and np.all(task.inside[np.flatnonzero(task.opening) - 1] == 0)


def test_the_docstring_example():
    lines = [line.strip() for line in quote_task.__doc__.splitlines() if "  the corpus" in line or "  what" in line]
    (corpus, _), (read, _), (labels, _) = (line.split("  ", 1) for line in lines)
    inside = np.cumsum([(c == OPEN) - (c == CLOSE) for c in corpus]) > 0
    assert read == corpus.replace(OPEN, "").replace(CLOSE, "")
    assert labels == "".join(str(int(q)) for c, q in zip(corpus, inside, strict=True) if c not in (OPEN, CLOSE))


def test_bad_input():
    with pytest.raises(TypeError, match="corpus must be a Corpus"):
        erase_quotes("some text")
