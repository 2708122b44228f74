"""The book's own Sphinx extensions (book/_ext/): the parts that work without a build.

The built pages are checked in tests/browser/test_static_book.py.
"""

import importlib.util
import json
import os
from pathlib import Path

import pytest

from lstm_lessons.training.progress import BOOK_BUILD_ENV

EXT = Path(__file__).resolve().parents[1] / "book" / "_ext"


def load(name):
    spec = importlib.util.spec_from_file_location(f"book_ext_{name}", EXT / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_sets_the_variable_lstm_lessons_reads(monkeypatch):
    ext = load("static_players")
    assert ext.BOOK_BUILD_ENV == BOOK_BUILD_ENV
    monkeypatch.setenv(BOOK_BUILD_ENV, "0")  # monkeypatch restores the real value afterwards
    ext.setup(app=None)  # Sphinx loads it before any notebook is executed
    assert os.environ[BOOK_BUILD_ENV] == "1"


def test_download_note_goes_first_once(tmp_path):
    ext = load("download_notebooks")
    nb = {"cells": [{"cell_type": "code", "id": "c1", "metadata": {}, "source": ["1"],
                     "outputs": [], "execution_count": None}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    path = tmp_path / "ch.ipynb"
    path.write_text(json.dumps(nb))
    binder = "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/ch.ipynb"
    text = ext.note("https://github.com/o/r", binder)
    assert ext.add_note(path, text) is True
    assert ext.add_note(path, text) is False  # a rebuild leaves it alone
    cells = json.loads(path.read_text())["cells"]
    assert [c["id"] for c in cells] == [ext.CELL_ID, "c1"]
    body = "".join(cells[0]["source"])
    assert "git clone https://github.com/o/r" in body and "cd r\n" in body
    assert 'pip install "lstm_lessons @ git+https://github.com/o/r"' in body
    assert "urlpath=lab/tree/ch.ipynb" in body
    nbformat = pytest.importorskip("nbformat")
    nbformat.validate(nbformat.reads(path.read_text(), as_version=4))


def test_reader_page_fixes_rewrite_only_what_they_name():
    ext = load("reader_pages")
    context = {
        "body": '<div role="list"><div class="citation" role="doc-biblioentry">x</div></div>'
        '<summary aria-label="Toggle hidden content"><p>Show code cell source</p>'
    }
    ext._fix_body(None, "p", "page.html", context, None)
    assert context["body"] == (
        '<div role="list"><div class="citation" role="listitem">x</div></div>'
        "<summary><p>Show code cell source</p>"
    )
    search = (EXT / "reader_templates" / "search-button-field.html").read_text()
    assert "aria-label" not in search.split("#}")[-1]  # the template, after its comment
