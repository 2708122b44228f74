"""The built HTML book, opened from disk in headless Chromium with the network cut off.

For every chapter page (each .html under _build/html/book/):

* it loads without JavaScript errors (``pageerror`` or console errors other than
  the refused network requests themselves);
* it embeds no dead ipywidgets view and no CDN widget manager;
* every ``<input type=range>`` belongs to a static player of
  ``lstm_lessons.widgets.explore``, and moving it with the keyboard changes the
  value shown and the image it drives (and the new image decodes);
* it weighs at most 3 MB: the .html file (which holds the inlined frames) plus
  the page's own images in _images/.  Theme files in _static/ are shared by
  every page and cached, so they are not counted.

Run after building the book: ``make book && pytest tests/browser``.  Set
LSTM_SCREENSHOTS=<dir> to save a screenshot of every player before and after.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("LSTM_BOOK_HTML", ROOT / "_build" / "html")).resolve()
MAX_PAGE_BYTES = 3_000_000
NOT_CHAPTERS = {"genindex.html", "search.html", "py-modindex.html"}
NO_BUILD = f"""
==========================================================================
NO BUILT BOOK: found no chapter pages under {HTML / "book"}.
Fix: build the book first:  make book
     (or: jupyter-book build . -W -n --keep-going)
or point LSTM_BOOK_HTML at a built _build/html directory.
==========================================================================
"""


def chapter_pages():
    pages = sorted(p for p in (HTML / "book").rglob("*.html") if p.name not in NOT_CHAPTERS)
    return pages or [None]  # None: one test that fails loudly, never an empty skip


def page_weight(path, page):
    """Bytes of the html file plus the distinct local images it shows from _images/."""
    srcs = page.eval_on_selector_all("img", "els => els.map(e => e.src)")
    files = {Path(unquote(urlparse(s).path)) for s in srcs if s.startswith("file:")}
    images = sum(f.stat().st_size for f in files if "_images" in f.parts and f.is_file())
    return path.stat().st_size + images


def open_offline(browser, path):
    """Open ``path`` with every non-file request refused; return page, errors, blocked."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    errors, blocked = [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    def console(msg):  # a refused request logs an error too; the test names it as blocked
        if msg.type == "error":
            errors.append(f"console error: {msg.text} ({msg.location.get('url')})")

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"uncaught exception: {exc}"))
    page.on("console", console)
    page.goto(path.as_uri(), wait_until="load")
    return page, errors, blocked


def image_state(player):
    return player.evaluate(
        """root => { const img = root.querySelector('img.lstm-explore-frame');
                     return {src: img.src, ok: img.complete && img.naturalWidth > 0}; }"""
    )


@pytest.mark.parametrize(
    "path", chapter_pages(), ids=lambda p: p.relative_to(HTML).as_posix() if p else "NO-BUILD"
)
def test_chapter_page_works_offline(browser, tally, path):
    if path is None:
        pytest.fail(NO_BUILD, pytrace=False)
    page, errors, blocked = open_offline(browser, path)
    name = path.relative_to(HTML).as_posix()
    shots = os.environ.get("LSTM_SCREENSHOTS")
    try:
        dead = page.locator(
            'script[type="application/vnd.jupyter.widget-view+json"], '
            'script[src*="jupyter-widgets"], script[src*="require.js"]'
        )
        assert dead.count() == 0, (
            f"{name} embeds ipywidgets views or the CDN widget manager, which are dead "
            "offline; set nb_mime_priority_overrides and nb_ipywidgets_js: {} in _config.yml"
        )
        players = page.locator("div.lstm-explore")
        stray = (
            page.locator("input[type=range]").count()
            - page.locator("div.lstm-explore input[type=range]").count()
        )
        assert stray == 0, f"{name}: {stray} slider(s) not made by lstm_lessons.widgets.explore"
        for p in range(players.count()):
            player = players.nth(p)
            assert "Static preview" in player.locator("p.lstm-explore-note").inner_text()
            sliders = player.locator("input.lstm-explore-input")
            for s in range(sliders.count()):
                slider = sliders.nth(s)
                label = player.locator("span.lstm-explore-label").nth(s).inner_text()
                shown = player.locator("output.lstm-explore-value").nth(s)
                assert label.strip() and shown.inner_text().strip(), f"{name}: unlabelled slider"
                start, text0, img0 = slider.input_value(), shown.inner_text(), image_state(player)
                assert img0["ok"], f"{name}: player {p} shows no image before moving"
                if shots:
                    player.screenshot(path=f"{shots}/{path.stem}-p{p}-s{s}-before.png")
                slider.focus()
                page.keyboard.press("End" if start != slider.get_attribute("max") else "Home")
                page.wait_for_function(
                    "img => img.complete && img.naturalWidth > 0",
                    arg=player.locator("img").element_handle(),
                )
                img1 = image_state(player)
                if shots:
                    player.screenshot(path=f"{shots}/{path.stem}-p{p}-s{s}-after.png")
                assert slider.input_value() != start, f"{name}: slider {label!r} did not move"
                assert shown.inner_text() != text0, f"{name}: {label!r} value shown did not change"
                assert img1["src"] != img0["src"], (
                    f"{name}: moving {label!r} left the figure as it was"
                )
                assert img1["ok"], f"{name}: moving {label!r} showed an image that does not decode"
                slider.evaluate(
                    "(el, v) => { el.value = v; "
                    "el.dispatchEvent(new Event('input', {bubbles: true})); }",
                    start,
                )
                assert image_state(player)["src"] == img0["src"], f"{name}: {label!r} not undone"
                tally.sliders += 1
            tally.players += 1
        if path.stem[:2].isdigit():  # a numbered chapter: each has its slider exploration
            assert players.count() >= 1, f"{name}: a chapter page without a slider exploration"
        if page.locator(".math").count():
            try:
                page.wait_for_function("() => document.querySelectorAll('mjx-container').length", timeout=10000)
            except PlaywrightTimeout:
                pytest.fail(f"{name}: MathJax rendered no equation within 10 s (is book/_vendor/mathjax there? "
                            "`make book` vendors it)", pytrace=False)  # fmt: skip
            raw = page.locator(".math:not(:has(mjx-container))").count()
            assert raw == 0, f"{name}: {raw} equation(s) left unrendered by MathJax"
        assert not blocked, f"{name} asked the network for: {sorted(set(blocked))[:5]}"
        weight = page_weight(path, page)
        tally.weights[name] = weight
        assert weight <= MAX_PAGE_BYTES, f"{name} weighs {weight / 1e6:.2f} MB > 3 MB"
        assert not errors, f"{name}: JavaScript errors:\n" + "\n".join(errors)
    finally:
        page.context.close()


def test_sliders_were_found(tally):
    """Runs last: the book has sliders, and every one of them was moved above."""
    wanted = int(os.environ.get("LSTM_MIN_SLIDERS", "1"))
    print(
        f"\nsliders moved in the static book: {tally.sliders} "
        f"(in {tally.players} players on {len(tally.weights)} pages)"
    )
    assert tally.sliders >= wanted, (
        f"moved {tally.sliders} static sliders; expected at least {wanted} "
        "(set LSTM_MIN_SLIDERS=0 for a book without sliders)"
    )
