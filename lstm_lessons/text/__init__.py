"""Text, the data of chapters 11 and 12: characters, a generated corpus and models of it.

* ``vocabulary``: ``Vocabulary``, characters to ids and back (re-exported here:
  ``from lstm_lessons.text import Vocabulary``).
* ``corpus``, ``quote_task``: the generated corpus with ground-truth labels, and the quote task.
* ``ngram``: the n-gram baseline. ``sampling``: generating text with a temperature.
* ``windows``: per-step models on windows of one long text (a chosen past and future).
* ``char_models``: the trained character models the chapters load.

May import: ``lstm_lessons.cells``, ``lstm_lessons.training`` and the top-level helpers.
Never ``series`` (a sibling data layer), ``presentation``, ``experiments`` or ``figures``.
"""

from .vocabulary import Vocabulary

__all__ = ["Vocabulary"]
