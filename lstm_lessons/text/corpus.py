"""A generated corpus of stories, with the truth about its structure at every character.

The text is made here, by a small grammar of our own, from a seed: no text is downloaded or
copied. Its paragraphs mix narration and dialogue::

    tom opened two coins (on day 49 (see page 47) at noon). the captain
    shouted “well, go to the storm, try tonight and run!” “we can come
    to the truth,” the miller replied. the doctor painted two coins.

Three kinds of structure are built in, each one needed to predict some characters:

* **quotes**: speech has words of its own (``must``, ``hurry``, ``ship``...) that narration never
  uses, so which words can come next depends on whether a quote is open; a few words (``the``,
  ``to``, ``and``) are shared, and one spoken clause in ten is plain narration, quoted
  (``“tom opened the door,” ana said``), where only the memory of the opening quote tells. Quotes
  are printed as books print them, “ and ”, so that opening and closing are different characters,
  as brackets are;
* **brackets**: narration has asides in brackets, nested up to three deep. A sentence ends only
  when every bracket is closed, so ``)`` and ``.`` depend on the depth;
* **lines**: paragraphs are wrapped to ``width`` characters, so a newline depends on the position
  in the line.

``labels(text)`` gives the ground truth for every character ``c_t``, as it stands *after* reading it:

    in_quote[t] = #'“' - #'”' in c_0..c_t, as a bool                     (a quote is open)
    depth[t]    = #'(' - #')' in c_0..c_t                                (bracket depth)
    column[t]   = t - (position of the last newline before t) - 1       (0 at a line's first character)
"""

from dataclasses import dataclass

import numpy as np

from .._validate import check_seed, check_size
from .vocabulary import Vocabulary

OPEN, CLOSE = "\u201c", "\u201d"  # “ and ”, as books print them: opening and closing are different characters
ALPHABET = "\n !(),.0123456789?abcdefghijklmnopqrstuvwxyz" + OPEN + CLOSE  # 46, every one the grammar uses

SUBJECTS = ("ana", "tom", "the cook", "the old man", "my aunt", "the captain", "a small boy",
            "the doctor", "her brother", "the miller")  # fmt: skip
N_VERBS = ("walked to", "looked at", "sat by", "waited near", "painted", "carried", "cleaned",
           "counted", "found", "opened", "closed", "mended", "sold", "followed")  # fmt: skip
N_OBJECTS = ("the river", "the door", "the fire", "the road", "the window", "the garden",
             "the bridge", "the market", "an apple", "the letters", "two coins", "the boat",
             "the box", "a jug")  # fmt: skip
N_EXTRAS = ("and then", "slowly", "in the morning", "at noon", "after dinner", "quietly")
SAY = ("said", "asked", "shouted", "whispered", "replied", "cried")
ASIDES = ("it was late", "or so they say", "on day {n}", "see page {n}", "about {n} miles",
          "she was {n}", "after {n} days", "as usual", "nobody knew why")  # fmt: skip
S_PRONOUNS = ("i", "we", "you", "they")
S_MODALS = ("must", "can", "will", "should", "never")
S_VERBS = ("go", "stay", "run", "hide", "wait", "listen", "come", "try", "hurry")
S_ADVERBS = ("now", "here", "home", "soon", "again", "today", "tonight")
S_NOUNS = ("the storm", "the ship", "the king", "the end", "the truth", "the money", "the prize")
S_INTERJECTIONS = ("yes", "no", "please", "oh", "hey", "well")


QUOTED_NARRATION = 0.1  # share of spoken clauses that are plain narration, quoted


def vocabulary():
    """The corpus's ``Vocabulary``: the 46 characters of ``ALPHABET``."""
    return Vocabulary(ALPHABET)


@dataclass(frozen=True)
class Corpus:
    """Generated text with its ground-truth labels (see ``labels``), each of shape ``(len(text),)``."""

    text: str
    in_quote: np.ndarray  # bool
    depth: np.ndarray  # int
    column: np.ndarray  # int
    seed: int
    width: int

    def __len__(self):
        return len(self.text)


class _Grammar:
    """The productions, each drawing its choices from one seeded generator."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, options):
        return options[self.rng.integers(len(options))]

    def chance(self, p):
        return self.rng.random() < p

    def aside(self, depth=1):
        """``(phrase[ (inner)[ phrase]])``: nested up to depth 3."""
        text = self.pick(ASIDES).format(n=int(self.rng.integers(2, 60)))
        if depth < 3 and self.chance(0.45):
            text += " " + self.aside(depth + 1)
            if self.chance(0.5):
                text += " " + self.pick(N_EXTRAS)
        return "(" + text + ")"

    def narration(self):
        """``subject [aside] verb object [extra] [aside].``"""
        words = [self.pick(SUBJECTS)]
        if self.chance(0.15):
            words.append(self.aside())
        words += [self.pick(N_VERBS), self.pick(N_OBJECTS)]
        if self.chance(0.3):
            words.append(self.pick(N_EXTRAS))
        if self.chance(0.45):
            words.append(self.aside())
        return " ".join(words) + "."

    def clause(self):
        """One spoken clause: mostly speech's own words, sometimes plain narration, quoted."""
        if self.chance(QUOTED_NARRATION):
            words = [self.pick(SUBJECTS), self.pick(N_VERBS), self.pick(N_OBJECTS)]
            return " ".join(words + ([self.pick(N_EXTRAS)] if self.chance(0.3) else []))
        kind = self.rng.integers(4)
        if kind == 0:
            words = [self.pick(S_PRONOUNS), self.pick(S_MODALS), self.pick(S_VERBS)]
            return " ".join(words + ([self.pick(S_ADVERBS)] if self.chance(0.6) else []))
        if kind == 1:
            return f"{self.pick(S_VERBS)} to {self.pick(S_NOUNS)}"
        if kind == 2:
            return f"{self.pick(S_PRONOUNS)} {self.pick(S_MODALS)} {self.pick(S_VERBS)} to {self.pick(S_NOUNS)}"
        return f"{self.pick(S_VERBS)} {self.pick(S_ADVERBS)} and {self.pick(S_VERBS)}"

    def speech(self, end):
        """What is said, without the quote marks, ending in ``end`` (",", ".", "!" or "?")."""
        parts = [self.pick(S_INTERJECTIONS)] if self.chance(0.3) else []
        parts.append(self.clause())
        if self.chance(0.35):
            parts.append(self.clause())
        return ", ".join(parts) + end

    def dialogue(self):
        who, say = self.pick(SUBJECTS), self.pick(SAY)
        kind = self.rng.integers(3)
        if kind == 0:  # ana said “...!”
            return f"{who} {say} {OPEN}{self.speech(self.pick('.!?'))}{CLOSE}"
        if kind == 1:  # “...,” ana said.
            return f"{OPEN}{self.speech(',')}{CLOSE} {who} {say}."
        return f"{OPEN}{self.speech(',')}{CLOSE} {who} {say}, {OPEN}{self.speech(self.pick('.!?'))}{CLOSE}"

    def paragraph(self):
        n = int(self.rng.integers(2, 6))
        return " ".join(self.dialogue() if self.chance(0.5) else self.narration() for _ in range(n))


def wrap(paragraph, width):
    """Greedy line breaking at spaces: each line as long as possible, at most ``width`` characters."""
    lines, line = [], ""
    for word in paragraph.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def labels(text):
    """Ground truth after each character: ``in_quote`` (bool), bracket ``depth``, ``column``.

    Returns
    -------
    dict of str -> ndarray, each of shape ``(len(text),)``
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)  # (N,) code points
    in_quote = np.cumsum((chars == ord(OPEN)).astype(np.int64) - (chars == ord(CLOSE))) > 0
    depth = np.cumsum((chars == ord("(")).astype(np.int64) - (chars == ord(")")))
    t = np.arange(len(chars))
    last_newline = np.maximum.accumulate(np.where(chars == ord("\n"), t, -1))  # at or before t
    prev_newline = np.concatenate([[-1], last_newline[:-1]])  # strictly before t
    return {"in_quote": in_quote, "depth": depth, "column": t - prev_newline - 1}


def paragraph_checks(text):
    """Is each complete paragraph of ``text`` well formed, as every paragraph of the corpus is?

    A paragraph is complete when a blank line precedes and follows it, so the text before the
    first blank line and after the last are left out (a sample may start or stop mid-paragraph).
    The corpus is generated so that each paragraph closes its quotes and its brackets.

    Returns
    -------
    dict with one entry per complete paragraph that has any quote or bracket at all:
        ``"quotes"``: bool array, quotes alternate “ ” “ ” and end closed (none nested, none stray);
        ``"brackets"``: bool array, the depth never drops below 0 and ends at 0.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    quotes, brackets = [], []
    for paragraph in text.split("\n\n")[1:-1]:
        marks = [c for c in paragraph if c in (OPEN, CLOSE)]
        if marks:
            quotes.append(len(marks) % 2 == 0 and all(m == (OPEN, CLOSE)[k % 2] for k, m in enumerate(marks)))
        if "(" in paragraph or ")" in paragraph:
            depth = labels(paragraph)["depth"]
            brackets.append(bool(depth.min() >= 0 and depth[-1] == 0))
    return {"quotes": np.array(quotes, dtype=bool), "brackets": np.array(brackets, dtype=bool)}


def mark_counts(text):
    """Quote and bracket marks in the complete paragraphs of ``text``, and how many were matched.

    Paragraphs are read as ``paragraph_checks`` reads them. A quote is *closed* when a ``”``
    follows its ``“`` before the paragraph ends and before another ``“`` opens; a bracket when its
    ``)`` comes before the paragraph ends. A closing mark with nothing open is *stray*.

    Returns
    -------
    dict with keys ``"quotes"`` and ``"brackets"``, each a dict of ints ``opened``, ``closed``, ``stray``
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    counts = {kind: {"opened": 0, "closed": 0, "stray": 0} for kind in ("quotes", "brackets")}
    q, b = counts["quotes"], counts["brackets"]
    for paragraph in text.split("\n\n")[1:-1]:
        quote_open, depth = False, 0
        for c in paragraph:
            if c == OPEN:
                q["opened"] += 1
                quote_open = True  # a quote still open is now left unclosed
            elif c == CLOSE:
                q["closed" if quote_open else "stray"] += 1
                quote_open = False
            elif c == "(":
                b["opened"] += 1
                depth += 1
            elif c == ")":
                b["closed" if depth else "stray"] += 1
                depth = max(depth - 1, 0)
    return counts


def generate_corpus(n_chars=200_000, seed=0, width=48):
    """Paragraphs from the grammar, wrapped to ``width``, separated by blank lines.

    Parameters
    ----------
    n_chars : int
        At least this many characters; the text ends with a whole paragraph and a newline.
    seed : int
        The same seed, the same text.
    width : int
        The longest line, in characters (at least 30, so that every word fits).

    Returns
    -------
    Corpus
    """
    n_chars, seed, width = check_size("n_chars", n_chars), check_seed(seed), check_size("width", width)
    if width < 30:
        raise ValueError(f"width must be at least 30 characters, so that every word fits on a line; got {width}")
    grammar, parts, total = _Grammar(np.random.default_rng([seed, 12])), [], 0
    while total < n_chars:
        parts.append(wrap(grammar.paragraph(), width) + "\n\n")
        total += len(parts[-1])
    text = "".join(parts)[:-1]  # one newline after the last paragraph
    return Corpus(text=text, seed=seed, width=width, **labels(text))
