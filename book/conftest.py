"""How `make test` runs the chapters under nbval, and lets the book build reuse those runs.

nbval (``pytest --nbval-lax book/``) executes every chapter, cell by cell, in a fresh kernel started
in this folder. With ``--save-executed DIR``, each chapter whose cells all passed is also written to
``DIR/<chapter>.ipynb`` with the outputs nbval collected; ``.ci/cache_executed.py`` then files those
notebooks in the book's execution cache, so ``make book`` renders them instead of executing every
chapter a second time. A chapter with a failed cell is not saved, so the build executes it itself
and fails on it too.
"""

import io
import tokenize
from pathlib import Path

import nbformat
import pytest

try:
    from nbval.plugin import IPyNbCell
except ImportError:  # nbval is the test extra's; without it there is nothing to save
    IPyNbCell = None


def pytest_addoption(parser):
    parser.addoption(
        "--save-executed", metavar="DIR", default=None,
        help="write each chapter whose cells all passed, with its outputs, to DIR/<name>.ipynb",
    )


def ends_with_semicolon(source):
    """IPython's rule for a quiet cell: the last token, past comments and newlines, is ``;``.

    nbval executes cells with ``store_history=False``, and IPython then cannot see the cell's text,
    so it shows the cell's value even after a ``;``. Jupyter, Binder and the book build do not, so a
    saved run drops that value, as they would. (The same test as IPython's DisplayHook.quiet.)
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    skip = {tokenize.ENDMARKER, tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT}
    for token in reversed(tokens):
        if token.type in skip:
            continue
        return token.type == tokenize.OP and token.string == ";"
    return False


def _is_cell(item):
    return IPyNbCell is not None and isinstance(item, IPyNbCell)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not _is_cell(item) or not item.config.getoption("save_executed"):
        return
    notebook = item.parent
    if report.failed or report.skipped:
        notebook._lstm_failed = True
    elif report.when == "call":
        outputs = list(item.test_outputs or [])
        if ends_with_semicolon(item.cell.source):
            outputs = [o for o in outputs if o.get("output_type") != "execute_result"]
        item.cell.outputs = outputs


def pytest_runtest_teardown(item, nextitem):
    out = item.config.getoption("save_executed")
    if not out or not _is_cell(item):
        return
    notebook = item.parent
    if nextitem is not None and nextitem.parent is notebook:
        return  # not the notebook's last cell yet
    if getattr(notebook, "_lstm_failed", False):
        return
    path = Path(out) / Path(str(notebook.fspath)).name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook.nb, str(path))
