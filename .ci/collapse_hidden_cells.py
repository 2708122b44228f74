"""Collapse, in Jupyter, the cells that the book hides: set ``metadata.jupyter.source_hidden``.

The book drops ``remove-cell`` and ``remove-input`` cells and folds ``hide-input`` ones, but
JupyterLab and Notebook 7 ignore those tags and show every line. This marks each such cell's
source as hidden (the "..." placeholder; a click opens it), so a student sees the chapter and
not its checks. Idempotent: a notebook already marked is not rewritten.

    .venv/bin/python .ci/collapse_hidden_cells.py            # every book/*.ipynb
    .venv/bin/python .ci/collapse_hidden_cells.py --check    # list cells still open; exit 1 if any
    .venv/bin/python .ci/collapse_hidden_cells.py book/03_forget_gate.ipynb

tests/test_notebooks_clean.py checks that every such cell is marked.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HIDDEN_TAGS = {"remove-cell", "hide-input", "remove-input"}


def read(path):
    return json.loads(Path(path).read_text(encoding="utf8"))


def in_gated_solutions(nb):
    """Indices of the code cells between a ``{solution-start}`` and its ``{solution-end}``.

    jupyterlab-myst folds the solution's text, but the code cells of a gated solution are
    cells of their own, which it cannot fold: collapsing them keeps the answer out of sight.
    """
    inside, found = False, set()
    for k, cell in enumerate(nb["cells"]):
        text = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        if "{solution-start}" in text:
            inside = True
        if "{solution-end}" in text:
            inside = False
        if inside and cell["cell_type"] == "code":
            found.add(k)
    return found


def open_cells(nb):
    """Indices and ids of cells to be hidden (tagged, or a gated solution's code) still shown."""
    gated = in_gated_solutions(nb)
    return [
        (k, cell.get("id"))
        for k, cell in enumerate(nb["cells"])
        if (HIDDEN_TAGS.intersection(cell.get("metadata", {}).get("tags", [])) or k in gated)
        and cell["metadata"].get("jupyter", {}).get("source_hidden") is not True
    ]


def collapse(path):
    """Mark the cells of one notebook; return how many were changed (0: file untouched).

    Plain JSON in the repository's layout (indent 1, keys in their order), so the diff
    holds only the added lines.
    """
    nb = read(path)
    todo = open_cells(nb)
    for k, _ in todo:
        nb["cells"][k]["metadata"].setdefault("jupyter", {})["source_hidden"] = True
    if todo:
        text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
        Path(path).write_text(text, encoding="utf8")
    return len(todo)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a cell is open")
    args = ap.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "book").glob("*.ipynb"))
    still_open = 0
    for path in paths:
        if args.check:
            cells = open_cells(read(path))
            still_open += len(cells)
            for k, cid in cells:
                print(f"{path}: cell {k} ({cid}) is tagged hidden but open in Jupyter")
        else:
            n = collapse(path)
            print(f"{path}: {n} cell(s) collapsed" if n else f"{path}: nothing to do")
    return 1 if still_open else 0


if __name__ == "__main__":
    sys.exit(main())
