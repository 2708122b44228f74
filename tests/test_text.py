"""The character vocabulary: encoding, decoding, one-hot vectors, and clear errors."""

import numpy as np
import pytest

from lstm_lessons.text import Vocabulary


def test_encode_and_decode_are_inverses():
    vocab = Vocabulary('ab "\n')
    ids = vocab.encode('a "b"\nba')
    assert ids.dtype == np.int64 and list(ids) == [0, 2, 3, 1, 3, 4, 1, 0]
    assert vocab.decode(ids) == 'a "b"\nba'
    assert vocab.decode(np.array([[0, 1], [2, 0]])) == "ab a"  # any shape, flattened in order
    assert vocab.encode("").shape == (0,) and vocab.decode([]) == ""
    assert len(vocab) == vocab.size == 5 and "b" in vocab and "z" not in vocab


def test_from_text_sorts_the_characters():
    assert Vocabulary.from_text("hello world").chars == " dehlorw"


def test_one_hot():
    vocab = Vocabulary("abc")
    x = vocab.one_hot(np.array([[2, 0], [1, 1]]))
    assert x.shape == (2, 2, 3) and x.dtype == np.float64
    np.testing.assert_array_equal(x.sum(axis=-1), 1)
    np.testing.assert_array_equal(x.argmax(axis=-1), [[2, 0], [1, 1]])


def test_unknown_characters_are_named():
    vocab = Vocabulary("ab ")
    with pytest.raises(ValueError, match=r"character 'C' \(U\+0043\) at position 3 "
                                         r"is not in the vocabulary of 3 characters"):  # fmt: skip
        vocab.encode("ab C")
    with pytest.raises(ValueError, match=r"ids must lie in 0..2 for a vocabulary of 3; got 7"):
        vocab.decode([0, 7])
    with pytest.raises(ValueError, match="ids must lie in 0..2"):
        vocab.one_hot([3])
    with pytest.raises(TypeError, match="ids must be integers; got dtype float64"):
        vocab.decode([0.0, 1.0])
    with pytest.raises(TypeError, match="text must be a str; got list"):
        vocab.encode(["a"])


def test_bad_vocabularies():
    with pytest.raises(ValueError, match="'a' appears 2 times"):
        Vocabulary("aba")
    with pytest.raises(TypeError, match="non-empty str"):
        Vocabulary("")
    with pytest.raises(TypeError, match="non-empty str"):
        Vocabulary(["a", "b"])
