"""The package's layers: a module never imports a layer above its own.

STYLE.md, "As the package grows".

Lowest first; a module may import its own layer and the layers before it:

    base          lstm_lessons._validate, threads, tasks (top-level modules)
    cells         the cells and their backward passes
    training      losses, optimisers, the loop, streams, gradient checks, measurements
    text | series | presentation    siblings: none of the three imports another
    experiments   the runs the book compares
    figures       one module per chapter topic

Beside them, and imported by no module of the package: ``exercises`` (the checkers: base to
text and series), ``interop`` (base and cells). ``lstm_lessons/__init__.py`` imports the cells
only, so ``from lstm_lessons import LSTMCell`` counts as an import of ``cells``.

Imports are read from the source (``ast``), including those inside functions.
"""

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lstm_lessons"

BASE = {"base"}
ALLOWED = {  # layer -> the layers its modules may import (its own included)
    "base": BASE,
    "cells": BASE | {"cells"},
    "training": BASE | {"cells", "training"},
    "text": BASE | {"cells", "training", "text"},
    "series": BASE | {"cells", "training", "series"},
    "presentation": BASE | {"cells", "training", "presentation"},
    "experiments": BASE | {"cells", "training", "text", "series", "presentation", "experiments"},
    "figures": BASE
    | {"cells", "training", "text", "series", "presentation", "experiments", "figures"},
    "exercises": BASE | {"cells", "training", "text", "series", "exercises"},
    "interop": BASE | {"cells"},
    "package": {"cells"},
}
SUBPACKAGES = {
    "cells",
    "training",
    "text",
    "series",
    "presentation",
    "experiments",
    "figures",
    "exercises",
}
TOP_LEVEL = {"_validate": "base", "threads": "base", "tasks": "base", "interop": "interop"}
DATA_DIRS = {"data"}  # shipped files, no modules


def module_name(path):
    """``lstm_lessons/cells/lstm.py`` -> ``lstm_lessons.cells.lstm``; ``__init__``: the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module):
    """The layer of a module name inside lstm_lessons, or None when the layout does not know it."""
    parts = module.split(".")
    if parts == ["lstm_lessons"]:
        return "package"
    if parts[1] in SUBPACKAGES:
        return parts[1]
    return TOP_LEVEL.get(parts[1]) if len(parts) == 2 else None


def is_module(name):
    """Whether ``name`` (dotted, inside lstm_lessons) is a module or package on disk."""
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(source, module, is_package=False):
    """The lstm_lessons modules that ``source`` (the text of ``module``) imports, with lines."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
            found += [(n, node.lineno) for n in names if n.split(".")[0] == "lstm_lessons"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "lstm_lessons":
                continue
            for alias in node.names:  # `from . import _tables` imports the module _tables
                sub = f"{target}.{alias.name}"
                found.append((sub if is_module(sub) else target, node.lineno))
    return found


def violations(source, module, is_package=False):
    """Each import of ``source`` that its layer may not make, as readable lines."""
    layer = layer_of(module)
    if layer is None:
        return [f"{module}: not in any layer of the layout"]
    bad = []
    for target, line in imported_modules(source, module, is_package):
        used = layer_of(target)
        used = "cells" if used == "package" else used  # lstm_lessons re-exports the cells only
        if used is None or used not in ALLOWED[layer]:
            bad.append(f"{module}:{line} ({layer}) imports {target} ({used})")
    return bad


def package_modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_respects_the_layers():
    bad = []
    for path in package_modules():
        bad += violations(path.read_text(), module_name(path), path.name == "__init__.py")
    assert not bad, "imports that go up (or sideways) a layer:\n" + "\n".join(bad)


def test_the_check_catches_an_import_that_goes_up():
    """The checker must be able to fail: fabricated sources that break each kind of rule."""
    assert violations("from ..training.model import train\n", "lstm_lessons.cells.lstm")
    # siblings
    assert violations("from ..series.data import SOLAR_CYCLE\n", "lstm_lessons.text.corpus")
    assert violations("from ..presentation import _tables\n", "lstm_lessons.training.model")
    assert violations("import lstm_lessons.figures.gru\n", "lstm_lessons.experiments.variants")
    lazy = "def f():\n    from ..experiments import select\n"
    assert violations(lazy, "lstm_lessons.presentation.plots")
    assert violations("from .cells import LSTMCell\n", "lstm_lessons.newmodule")  # not in any layer
    assert violations("from .training import train\n", "lstm_lessons", is_package=True)
    # ... and accepts what the layout allows
    fine = "from .. import LSTMCell\nfrom ..presentation import _tables\n"
    assert not violations(fine, "lstm_lessons.figures.x")
    fine = "from .._validate import check_size\nfrom .lstm import LSTMCell\n"
    assert not violations(fine, "lstm_lessons.cells.gru")


def test_nothing_is_left_flat_at_the_top():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == set(TOP_LEVEL), f"top-level: {sorted(modules)}; allowed: {sorted(TOP_LEVEL)}"
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == SUBPACKAGES | DATA_DIRS, f"folders: {sorted(folders)}"
    assert not list((PACKAGE / "data").glob("*.py"))


@pytest.mark.parametrize("name", sorted(SUBPACKAGES))
def test_each_subpackage_says_what_it_is_and_only_imports(name):
    tree = ast.parse((PACKAGE / name / "__init__.py").read_text())
    doc = ast.get_docstring(tree)
    where = f"lstm_lessons/{name}/__init__.py"
    assert doc and "import" in doc, f"{where}: a docstring saying what it may import"
    for node in tree.body[1:]:
        is_all = isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__all__"]
        assert isinstance(node, (ast.Import, ast.ImportFrom)) or is_all, (
            f"{where}:{node.lineno} runs something on import"
        )


def test_no_star_imports():
    stars = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path in package_modules()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
    ]
    assert not stars


@pytest.mark.parametrize(
    "module, names",
    [
        (
            "lstm_lessons",
            [
                "RNNCell",
                "LSTMCell",
                "PeepholeLSTMCell",
                "CoupledLSTMCell",
                "GRUCell",
                "Stacked",
                "Bidirectional",
            ],
        ),
        ("lstm_lessons.training", ["SequenceModel", "train", "History", "Readout", "evaluate"]),
        ("lstm_lessons.text", ["Vocabulary"]),
        (
            "lstm_lessons.series",
            ["load_sunspots", "sunspot_splits", "synthetic_splits", "SOLAR_CYCLE"],
        ),
        (
            "lstm_lessons.experiments",
            ["run_comparison", "select", "summarize", "html_table", "VARIANTS"],
        ),
    ],
)
def test_reader_facing_imports_stay_short(module, names):
    """The names the chapters import from a package, as they did from the flat modules."""
    imported = importlib.import_module(module)
    assert set(names) <= set(imported.__all__)
    for name in names:
        obj = getattr(imported, name)
        if callable(obj):  # defined in the package's own modules, not imported from elsewhere
            assert obj.__module__.startswith(module + "."), (name, obj.__module__)
