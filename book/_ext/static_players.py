"""Tell lstm_lessons that the book is being built, before any chapter is executed.

``lstm_lessons.presentation.widgets.explore`` renders its kernel-free slider player (every frame) only
when ``LSTM_LESSONS_BUILDING_BOOK=1``, and ``lstm_lessons.training.progress`` shows no progress bars
then. ``make book`` sets the variable; this extension sets it too, so that a plain
``jupyter-book build .`` makes the same pages. The kernels that execute the chapters are
started by this process and inherit its environment.
"""

import os

BOOK_BUILD_ENV = "LSTM_LESSONS_BUILDING_BOOK"  # the same name as lstm_lessons.training.progress.BOOK_BUILD_ENV


def setup(app):
    os.environ[BOOK_BUILD_ENV] = "1"  # now, at load time: before myst-nb executes anything
    return {"parallel_read_safe": True, "parallel_write_safe": True}
