"""Repository hygiene for the book: notebooks are committed clean, and _toc.yml lists every page.

Outputs belong to the build (Jupyter Book executes every chapter), not to the repository:
stored outputs go stale, bloat diffs and hide whether a chapter still runs.
Strip them with `nbstripout book/*.ipynb` (or the pre-commit hook).
"""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
SKIP_DIRS = {"_build", ".venv", ".git", ".ipynb_checkpoints", ".jupyter_cache", "node_modules"}


def repo_notebooks():
    return sorted(
        p
        for p in ROOT.rglob("*.ipynb")
        if not SKIP_DIRS.intersection(p.relative_to(ROOT).parts)
        and not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
    )


def book_pages():
    """Chapter files in book/: notebooks and MyST pages, without private (_name) files."""
    return sorted(
        p.relative_to(ROOT).with_suffix("").as_posix()
        for p in BOOK.iterdir()
        if p.suffix in {".ipynb", ".md"} and not p.name.startswith(("_", "."))
    )


def toc_entries(node):
    """Every `file:`/`root:` entry in a jb-book table of contents, in order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"root", "file"} and isinstance(value, str):
                yield value
            else:
                yield from toc_entries(value)
    elif isinstance(node, list):
        for item in node:
            yield from toc_entries(item)


def read_toc():
    return yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf8"))


def test_there_are_notebooks():
    assert repo_notebooks(), "found no notebook in the repository; is ROOT right?"


@pytest.mark.parametrize("path", repo_notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_is_stripped(path):
    nb = nbformat.read(path, as_version=4)
    name = path.relative_to(ROOT).as_posix()
    dirty = [
        k
        for k, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{name}: code cells {dirty} have outputs or execution counts; "
        f"run `nbstripout {name}` before committing"
    )
    assert "widgets" not in nb.metadata, f"{name}: saved widget state in metadata; run nbstripout"


@pytest.mark.parametrize("path", repo_notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_uses_the_python3_kernel(path):
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    assert kernel == "python3", (
        f"{path.relative_to(ROOT)}: kernelspec is {kernel!r}; the build and Binder expect 'python3'"
    )


def test_toc_has_the_book_format():
    toc = read_toc()
    assert toc["format"] == "jb-book"
    assert all("caption" in part for part in toc["parts"]), "every part needs a caption"


def test_every_page_in_book_is_in_the_toc():
    listed = set(toc_entries(read_toc()))
    missing = [page for page in book_pages() if page not in listed]
    assert not missing, (
        f"{missing} are in book/ but not in _toc.yml; with only_build_toc_files they would be "
        "silently left out of the book"
    )


def test_every_toc_entry_exists():
    entries = list(toc_entries(read_toc()))
    assert len(entries) == len(set(entries)), f"_toc.yml lists a page twice: {entries}"
    absent = [
        e for e in entries if not any((ROOT / f"{e}{ext}").is_file() for ext in (".ipynb", ".md"))
    ]
    assert not absent, f"_toc.yml lists {absent}, which have no .ipynb or .md file"


@pytest.mark.parametrize("path", sorted(BOOK.glob("*.ipynb")), ids=lambda p: p.name)
def test_chapter_limits_blas_to_one_thread_before_computing(path):
    """OpenBLAS sizes its pool to the host's cores; on a shared machine that oversubscribes it."""
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "one_blas_thread()" in first.source, (
        f"{path.name}: the first code cell must call lstm_lessons.threads.one_blas_thread(); "
        f"it is:\n{first.source}"
    )


HIDDEN_TAGS = {"remove-cell", "hide-input", "remove-input"}


@pytest.mark.parametrize("path", sorted(BOOK.glob("*.ipynb")), ids=lambda p: p.name)
def test_cells_the_book_hides_are_collapsed_in_jupyter(path):
    """A student in Jupyter sees the chapter, not its checks: hidden cells start collapsed."""
    nb = nbformat.read(path, as_version=4)
    still_open = [
        cell.get("id", k)
        for k, cell in enumerate(nb.cells)
        if HIDDEN_TAGS.intersection(cell.metadata.get("tags", []))
        and cell.metadata.get("jupyter", {}).get("source_hidden") is not True
    ]
    assert not still_open, (
        f"{path.name}: cells {still_open} are tagged {sorted(HIDDEN_TAGS)} but open in Jupyter; "
        "run `.venv/bin/python .ci/collapse_hidden_cells.py` (sets metadata.jupyter.source_hidden)"
    )


MATH_IN_MARKDOWN = re.compile(r"Markdown\((?s:.)*\$[^$\n\"]{1,80}\$")


@pytest.mark.parametrize("path", sorted(BOOK.glob("*.ipynb")), ids=lambda p: p.name)
def test_generated_sentences_with_maths_are_parsed_as_myst(path):
    """myst-nb renders a Markdown output as CommonMark unless the cell asks for MyST, and then
    `$k = 0$` reaches the reader as dollars. A cell that generates maths must say
    ``"mystnb": {"markdown_format": "myst"}`` in its metadata."""
    nb = nbformat.read(path, as_version=4)
    plain = [
        cell.get("id", k)
        for k, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and MATH_IN_MARKDOWN.search(cell.source)
        and cell.metadata.get("mystnb", {}).get("markdown_format") != "myst"
    ]
    assert not plain, (
        f"{path.name}: cells {plain} display Markdown with $...$ maths but are rendered as CommonMark; "
        'add "mystnb": {"markdown_format": "myst"} to their metadata'
    )
