"""The generated corpus: deterministic, wrapped, balanced, and with exact labels."""

import re

import numpy as np
import pytest

from lstm_lessons.text import corpus as C


@pytest.fixture(scope="module")
def story():
    return C.generate_corpus(30_000, seed=3)


def test_the_same_seed_gives_the_same_text():
    assert C.generate_corpus(5_000, seed=1).text == C.generate_corpus(5_000, seed=1).text
    assert C.generate_corpus(5_000, seed=1).text != C.generate_corpus(5_000, seed=2).text


def test_length_alphabet_and_lines(story):
    assert len(story) >= 30_000 and story.text[-1] == "\n" and story.text[-2] in '.!?"'
    assert set(story.text) == set(C.ALPHABET) and len(C.vocabulary()) == len(C.ALPHABET) == 46
    lines = story.text.split("\n")
    assert max(len(line) for line in lines) <= story.width == 48
    assert min(len(line) for line in lines if line) < 30  # lines of varied length
    assert "\n\n\n" not in story.text


def _labels_by_hand(text):
    q, d, col, out = False, 0, 0, []
    for c in text:
        q = (q or c == "“") and c != "”"
        d += (c == "(") - (c == ")")
        out.append((q, d, col))
        col = 0 if c == "\n" else col + 1
    return np.array(out)


def test_labels_are_exact(story):
    want = _labels_by_hand(story.text)
    np.testing.assert_array_equal(story.in_quote, want[:, 0].astype(bool))
    np.testing.assert_array_equal(story.depth, want[:, 1])
    np.testing.assert_array_equal(story.column, want[:, 2])
    labels = C.labels('a “b” (c\n(d))')
    assert list(labels["in_quote"].astype(int)) == [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert list(labels["depth"]) == [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 0]
    assert list(labels["column"]) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3]


def test_every_paragraph_closes_its_quotes_and_brackets(story):
    for paragraph in story.text.split("\n\n"):
        marks = [c for c in paragraph if c in "“”"]
        assert marks == ["“", "”"] * (len(marks) // 2)
        depth = np.cumsum([(c == "(") - (c == ")") for c in paragraph])
        assert depth.min() >= 0 and depth[-1] == 0
    assert story.depth.max() == 3 and story.in_quote.mean() > 0.2


def test_speech_has_words_of_its_own_and_also_quotes_narration(story):
    """Speech words tell that a quote is open; quoted narration does not, so memory must."""
    words = re.findall(r"[a-z]+", story.text)
    inside = np.array([story.in_quote[m.start()] for m in re.finditer(r"[a-z]+", story.text)])
    speech, narration = set(np.array(words)[inside]), set(np.array(words)[~inside])
    assert {"must", "hurry", "ship", "storm", "please"} <= speech - narration
    assert {"walked", "river", "door", "captain", "the", "to"} <= speech & narration
    assert "walked" not in speech - narration and narration - speech <= {
        "said", "asked", "shouted", "whispered", "replied", "cried", "it", "was", "late", "or", "so", "say",
        "on", "day", "see", "page", "about", "miles", "she", "after", "days", "as", "usual", "nobody", "knew", "why",
    }  # fmt: skip
    assert not np.any(story.in_quote & (story.depth > 0))  # no brackets inside quotes, no quotes in brackets


def test_bad_arguments():
    with pytest.raises(ValueError, match="width must be at least 30"):
        C.generate_corpus(100, width=20)
    with pytest.raises(TypeError, match="n_chars must be a positive integer"):
        C.generate_corpus(1e4)
    with pytest.raises(TypeError, match="seed must be a non-negative integer"):
        C.generate_corpus(100, seed=-1)
    with pytest.raises(TypeError, match="text must be a str"):
        C.labels(b"abc")


def test_paragraph_checks():
    text = 'start “x\n\nfine “a” (b).\n\nopen “a (b.\n\nclosed twice (a)).\n\nplain.\n\nwrong order ”a“\n\nend “'
    checks = C.paragraph_checks(text)
    assert list(checks["quotes"]) == [True, False, False]  # the first and last paragraphs are incomplete
    assert list(checks["brackets"]) == [True, False, False]
    story = C.generate_corpus(20_000, seed=4)
    checks = C.paragraph_checks(story.text)
    assert checks["quotes"].all() and checks["brackets"].all() and len(checks["quotes"]) > 30
