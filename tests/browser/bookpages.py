"""Where the built book is and which of its pages the browser tests open (shared by their files)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("LSTM_BOOK_HTML", ROOT / "_build" / "html")).resolve()
NOT_CHAPTERS = {"genindex.html", "search.html", "py-modindex.html"}
NO_BUILD = f"""
==========================================================================
NO BUILT BOOK: found no chapter pages under {HTML / "book"}.
Fix: build the book first:  make book
     (or: jupyter-book build . -W -n --keep-going)
or point LSTM_BOOK_HTML at a built _build/html directory.
==========================================================================
"""


def chapter_pages():
    pages = sorted(p for p in (HTML / "book").rglob("*.html") if p.name not in NOT_CHAPTERS)
    return pages or [None]  # None: one test that fails loudly, never an empty skip


def all_pages():
    """Every HTML page a reader can open (chapters, index, search), without redirect stubs."""
    pages = sorted(
        p
        for p in HTML.rglob("*.html")
        if not {"_static", "_sources", "reports"}.intersection(p.relative_to(HTML).parts)
        and 'http-equiv="Refresh"' not in p.read_text(encoding="utf8")[:2000]
    )
    return pages or [None]


def page_id(p):
    return p.relative_to(HTML).as_posix() if p else "NO-BUILD"
