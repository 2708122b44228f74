"""File chapters executed under nbval in the book's execution cache, so the build reuses them.

    .venv/bin/python .ci/cache_executed.py _build/executed _build/.jupyter_cache

Each ``_build/executed/<name>.ipynb`` (written by book/conftest.py's ``--save-executed``) is stored
under the hash of ``book/<name>.ipynb`` exactly as myst-nb does after executing a notebook itself.
myst-nb matches a notebook by its code cells and their metadata, so an edited chapter never picks up
stale outputs: it no longer matches and the build executes it.
"""

import sys
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

BOOK = Path(__file__).resolve().parents[1] / "book"


def main(executed_dir, cache_dir):
    cache = get_cache(cache_dir)
    n = 0
    for executed in sorted(Path(executed_dir).glob("*.ipynb")):
        source = BOOK / executed.name
        nb = nbformat.read(executed, as_version=4)
        if nbformat.read(source, as_version=4).cells != [
            {**c, "outputs": [], "execution_count": None} if c.cell_type == "code" else c for c in nb.cells
        ]:
            print(f"skipped {executed.name}: the chapter changed after nbval ran it")
            continue
        cache.cache_notebook_bundle(CacheBundleIn(nb, str(source)), check_validity=False, overwrite=True)
        n += 1
    print(f"{n} executed chapters filed in {cache_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
