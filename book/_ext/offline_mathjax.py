"""Serve MathJax from the book itself when a copy has been vendored (``make book`` does it).

With ``book/_vendor/mathjax/tex-chtml-full.js`` present, the equations render with no
network at all (the book opened from disk, a reader offline, our browser tests). Without
it, Sphinx's default (MathJax from a CDN) stays in place.
"""

from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "_vendor"
SCRIPT = "mathjax/tex-chtml-full.js"


def _use_vendored(app, config):
    if (VENDOR / SCRIPT).is_file():
        config.html_static_path = [*config.html_static_path, str(VENDOR)]
        config.mathjax_path = SCRIPT


def setup(app):
    app.connect("config-inited", _use_vendored)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
