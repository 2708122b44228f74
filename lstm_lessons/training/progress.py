"""Progress bars for long runs, shown only to a person watching a live Jupyter kernel.

Training a few models takes tens of seconds; a student who runs the cell in Jupyter (or
Binder) sees a tqdm bar (``tqdm.auto``: the notebook widget in Jupyter) instead of a silent
cell. Nobody watches the same cell when the book is built or when nbval runs it, and there
a bar would only add noise to the page or the test log, so it stays off:

``progress=None`` (the default of every function that takes it) means *show a bar only if*

* this code runs in a live IPython kernel (Jupyter, JupyterLab, Binder, VS Code), and
* the book is not being built: ``LSTM_LESSONS_BUILDING_BOOK`` is not ``1``
  (``BOOK_BUILD_ENV``; ``make book`` and ``book/_ext/static_players.py`` set it), and
* bars are not switched off: ``LSTM_LESSONS_PROGRESS`` is not ``0`` (``PROGRESS_ENV``;
  ``make test-notebooks`` sets it for nbval).

``progress=True`` or ``False`` decides outright.
"""

import os
import sys

BOOK_BUILD_ENV = "LSTM_LESSONS_BUILDING_BOOK"  # "1": building the book (static players, no bars)
PROGRESS_ENV = "LSTM_LESSONS_PROGRESS"  # "0": never show progress bars (nbval)


def building_book():
    """True while the book is being built (``LSTM_LESSONS_BUILDING_BOOK=1``)."""
    return os.environ.get(BOOK_BUILD_ENV) == "1"


def in_live_kernel():
    """True inside a running IPython kernel (a Jupyter front end may be watching)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def show_progress(progress=None):
    """Whether to show a bar: ``progress`` if given, else the rule in the module docstring."""
    if progress is not None and not isinstance(progress, bool):
        raise ValueError(f"progress must be True, False or None (automatic); got {progress!r}")
    if progress is not None:
        return progress
    return in_live_kernel() and not building_book() and os.environ.get(PROGRESS_ENV) != "0"


class _NoBar:
    """What ``progress_bar`` returns when no bar is shown: same methods, does nothing."""

    def update(self, n=1):
        pass

    def set_postfix_str(self, text):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def progress_bar(total, desc, progress=None, unit="it"):
    """A tqdm bar of ``total`` steps if :func:`show_progress` says so, else a silent stand-in.

    Use it as a context manager and call ``update()`` after each step.
    """
    if not show_progress(progress):
        return _NoBar()
    from tqdm.auto import tqdm  # the notebook widget in Jupyter, text on stderr elsewhere

    return tqdm(total=total, desc=desc, unit=unit, leave=False)
