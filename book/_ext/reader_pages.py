"""The book's own fixes to the theme's pages: accessibility, print, offline search.

* ``reader_templates/``: copies of two pydata-sphinx-theme buttons (search field, colour
  mode) whose ``aria-label`` hid their visible text from screen readers (axe-core rule
  ``label-content-name-mismatch``); each file says what changed.
* ``reader_static/lstm-reader.css``: link contrast inside exercise boxes, and the print
  styles (what a printed page leaves out, and that solutions print unfolded).
* ``reader_static/lstm-reader.js``: the search page, opened from disk, lists titles without
  the per-result requests that browsers refuse for files, and says how to serve the book.
* Two fixes to the pages' body: the bibliography's entries become ``listitem``\\ s of their
  ``role="list"`` (docutils marks them with the deprecated ``doc-biblioentry``, which leaves
  the list with no items: axe ``aria-required-children``, critical); and myst-nb's
  "Show code cell source" toggles lose their ``aria-label="Toggle hidden content"``, which
  hid that visible text from screen readers (``label-content-name-mismatch``).

``tests/browser/test_static_book.py`` runs axe-core on every page and checks the rest.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def _paths(app, config):
    config.templates_path = [str(HERE / "reader_templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(HERE / "reader_static")]


BODY_FIXES = {
    'role="doc-biblioentry"': 'role="listitem"',
    '<summary aria-label="Toggle hidden content">': "<summary>",
}


def _fix_body(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body:
        for old, new in BODY_FIXES.items():
            body = body.replace(old, new)
        context["body"] = body


def setup(app):
    app.connect("config-inited", _paths)
    app.connect("html-page-context", _fix_body)
    app.add_css_file("lstm-reader.css")
    app.add_js_file("lstm-reader.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
