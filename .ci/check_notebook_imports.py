"""Check, without running a chapter, that the lstm_lessons paths the notebooks name all exist.

    .venv/bin/python .ci/check_notebook_imports.py [book/03_forget_gate.ipynb ...]

For every notebook (default: all of ``book/``) it executes each ``import`` statement of a code
cell that names ``lstm_lessons`` (the statement alone, not the cell), and checks that every
``lstm_lessons.<module>.<name>`` written anywhere (code or prose) and every
``lstm_lessons/<path>.py`` exists. A few seconds in all; run it after moving or renaming a
module, before the much slower nbval run of the chapters. Exits 1 and lists what is missing.
"""

import ast
import importlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOTTED = re.compile(r"lstm_lessons((?:\.[A-Za-z_]\w*)+)")
FILE = re.compile(r"lstm_lessons/[\w/]+\.py")


def resolves(dotted):
    """Whether ``lstm_lessons.a.b.c`` is a module, or an attribute of its longest module prefix."""
    parts = dotted.split(".")
    for k in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:k]))
        except ImportError:
            continue
        for name in parts[k:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


def code_imports(source):
    """A code cell's import statements that name lstm_lessons (magics and shell lines skipped)."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            modules = [node.module or ""]
        else:
            continue
        if any(m.split(".")[0] == "lstm_lessons" for m in modules):
            yield node


def problems(notebook):
    found = []
    for cell in json.loads(notebook.read_text())["cells"]:
        where = f"{notebook.name} cell {cell.get('id')}"
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            for node in code_imports(source):
                try:
                    exec(compile(ast.Module([node], []), where, "exec"), {})
                except Exception as err:  # an ImportError, or whatever the import raised
                    found.append(f"{where}: {ast.unparse(node)}: {type(err).__name__}: {err}")
        found += [
            f"{where}: {m.group(0)} does not exist"
            for m in DOTTED.finditer(source)
            if not resolves(m.group(0))
        ]
        found += [
            f"{where}: no file {m.group(0)}"
            for m in FILE.finditer(source)
            if not (ROOT / m.group(0)).is_file()
        ]
    return found


def main(argv):
    notebooks = [Path(p).resolve() for p in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    found = [line for nb in notebooks for line in problems(nb)]
    print("\n".join(found) or f"every lstm_lessons path in {len(notebooks)} notebooks exists")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
