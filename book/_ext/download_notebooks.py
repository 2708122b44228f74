"""The notebooks readers download from the book say, in their first cell, how to run them.

The page's download button serves Sphinx's copy of the source, ``_sources/<page>.ipynb``.
On its own that notebook fails at ``import lstm_lessons``: the package lives in the course's
repository, not on PyPI. After the build we put a Markdown cell at the top of each copy
(never in book/, whose notebooks stay as they are) saying where to get the package.
Re-running the build leaves a copy that already has the cell alone.
"""

import json
from pathlib import Path

CELL_ID = "get-lstm-lessons"


def note(repository, binder=None):
    return (
        "**Running this notebook on your own computer.** It imports `lstm_lessons`, the small "
        "NumPy package this course is built on, which is not on PyPI. Get the course, with the "
        "package and every chapter, and open the chapters in JupyterLab:\n"
        "\n"
        "```bash\n"
        f"git clone {repository}\n"
        f"cd {repository.rstrip('/').rsplit('/', 1)[-1]}\n"
        "python3 -m venv .venv\n"
        ".venv/bin/pip install -r requirements.txt jupyterlab\n"
        ".venv/bin/jupyter lab book/\n"
        "```\n"
        "\n"
        "Or install only the package into the Python that runs this notebook:\n"
        f'`pip install "lstm_lessons @ git+{repository}"`. '
        + (f"Or run it with nothing to install, on [Binder]({binder})." if binder else "")
    )


def add_note(path, text):
    """Put the note first in one downloadable notebook; return False if it was there."""
    nb = json.loads(path.read_text(encoding="utf8"))
    if nb["cells"] and nb["cells"][0].get("id") == CELL_ID:
        return False
    lines = text.splitlines(keepends=True)
    cell = {"cell_type": "markdown", "id": CELL_ID, "metadata": {}, "source": lines}
    nb["cells"].insert(0, cell)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf8")
    return True


def _write_notes(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    options = app.config.html_theme_options or {}
    repository = options.get("repository_url") or "https://github.com/lstm-lessons/lstm-lessons"
    binder_hub = (options.get("launch_buttons") or {}).get("binderhub_url")
    branch = options.get("repository_branch") or "main"
    sources = Path(app.outdir, "_sources")
    for path in sorted(sources.rglob("*.ipynb")):
        binder = None
        if binder_hub and "github.com/" in repository:  # this notebook, opened in JupyterLab
            slug = repository.rstrip("/").split("github.com/")[-1]
            page = path.relative_to(sources).as_posix()
            binder = f"{binder_hub.rstrip('/')}/v2/gh/{slug}/{branch}?urlpath=lab/tree/{page}"
        add_note(path, note(repository, binder))


def setup(app):
    app.connect("build-finished", _write_notes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
