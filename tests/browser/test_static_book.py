"""The built HTML book, opened from disk in headless Chromium with the network cut off.

Every page's accessibility is test_accessibility.py's. The search page works from disk,
with no console error, and says how to search with passages. Slider tracks line up; print
leaves out what can only be clicked and prints solutions unfolded. Downloaded notebooks
(``_sources/*.ipynb``) start by saying how to get lstm_lessons.

For every chapter page (each .html under _build/html/book/):

* it loads without JavaScript errors (``pageerror`` or console errors other than
  the refused network requests themselves);
* it embeds no dead ipywidgets view and no CDN widget manager;
* every ``<input type=range>`` belongs to a static player of
  ``lstm_lessons.presentation.widgets.explore``, and moving it with the keyboard changes the
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
from bookpages import HTML, NO_BUILD, ROOT, chapter_pages, page_id
from playwright.sync_api import TimeoutError as PlaywrightTimeout

MAX_PAGE_BYTES = 3_000_000


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
        assert stray == 0, (
            f"{name}: {stray} slider(s) not made by lstm_lessons.presentation.widgets.explore"
        )
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
        dollars = page.evaluate(
            r"""() => { const main = document.querySelector('main') || document.body;
                        const copy = main.cloneNode(true);
                        copy.querySelectorAll('pre, code, .math, script, style').forEach(e => e.remove());
                        return (copy.textContent.match(/\$[^$\s][^$]{0,60}\$/g) || []).slice(0, 3); }"""
        )
        assert not dollars, (
            f"{name}: maths left as dollars in the text (a Markdown output parsed as CommonMark?): {dollars}"
        )
        assert not blocked, f"{name} asked the network for: {sorted(set(blocked))[:5]}"
        weight = page_weight(path, page)
        tally.weights[name] = weight
        assert weight <= MAX_PAGE_BYTES, f"{name} weighs {weight / 1e6:.2f} MB > 3 MB"
        assert not errors, f"{name}: JavaScript errors:\n" + "\n".join(errors)
    finally:
        page.context.close()


def test_sliders_were_found(tally, record_property):
    """Runs last: the book has sliders, and every one of them was moved above."""
    record_property("tally", tally.as_dict())  # for the closing summary, from whichever worker ran this file
    wanted = int(os.environ.get("LSTM_MIN_SLIDERS", "1"))
    print(
        f"\nsliders moved in the static book: {tally.sliders} "
        f"(in {tally.players} players on {len(tally.weights)} pages)"
    )
    assert tally.sliders >= wanted, (
        f"moved {tally.sliders} static sliders; expected at least {wanted} "
        "(set LSTM_MIN_SLIDERS=0 for a book without sliders)"
    )


# ---------------------------------------------------------------------------------------
# Every page: print, offline search, downloads (accessibility: test_accessibility.py).


def test_search_page_opened_from_disk_finds_pages_without_errors(browser):
    path = HTML / "search.html"
    if not path.is_file():
        pytest.fail(NO_BUILD, pytrace=False)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    errors = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"uncaught exception: {exc}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(path.as_uri() + "?q=forget", wait_until="load")
        page.wait_for_function(
            "() => /Search finished/.test(document.getElementById('search-results').textContent)"
        )
        page.wait_for_timeout(500)  # any per-result request would fail by now
        found = page.locator("#search-results li").count()
        note = page.locator(".lstm-offline-search").inner_text()
        assert found >= 1, "searching 'forget' found no page"
        assert "python -m http.server" in note, note
        assert not errors, "the search page logged errors:\n" + "\n".join(errors[:5])
    finally:
        context.close()


def test_slider_tracks_line_up_and_print_hides_what_cannot_be_clicked(browser):
    """Multi-slider players: one left edge for every track. Print: no slider, note or hint."""
    pages = [p for p in chapter_pages() if p is not None]
    if not pages:
        pytest.fail(NO_BUILD, pytrace=False)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    multi = 0
    try:
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            lefts = page.eval_on_selector_all(
                "div.lstm-explore",
                "els => els.map(e => [...e.querySelectorAll('input.lstm-explore-input')]"
                ".map(i => Math.round(i.getBoundingClientRect().left)))",
            )
            for k, xs in enumerate(lefts):
                multi += len(xs) > 1
                assert len(set(xs)) <= 1, f"{page_id(path)} player {k}: tracks start at {xs}"
            page.emulate_media(media="print")
            clickable = (
                ".lstm-explore-controls, .lstm-explore-note, button.toggle-button, "
                "details.hide > summary"
            )
            shown = page.evaluate(
                """(sel) => [...document.querySelectorAll(sel)]
                   .filter(e => e.getClientRects().length > 0).map(e => e.className)""",
                clickable,
            )
            assert not shown, f"{page_id(path)} prints things to click on: {shown[:5]}"
            hidden = page.evaluate(
                """() => [...document.querySelectorAll('.solution > section, .lstm-explore img')]
                   .filter(e => getComputedStyle(e).visibility !== 'visible'
                                || e.getBoundingClientRect().height < 1).length"""
            )
            assert hidden == 0, f"{page_id(path)}: {hidden} solutions or slider figures not printed"
            page.emulate_media(media="screen")
        assert multi >= 1, "no player with several sliders: nothing checked the alignment"
    finally:
        context.close()


def test_downloaded_notebooks_say_how_to_get_lstm_lessons():
    """The download button serves _sources/*.ipynb: each starts with how to get the package."""
    import json

    notebooks = sorted((HTML / "_sources").rglob("*.ipynb"))
    if not notebooks:
        pytest.fail(NO_BUILD, pytrace=False)
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf8"))
        first = nb["cells"][0]
        text = "".join(first["source"])
        assert first["cell_type"] == "markdown" and first.get("id") == "get-lstm-lessons", path
        assert "git clone" in text and "pip install -r requirements.txt" in text, text
        assert "lstm_lessons @ git+" in text, text
        assert len({c.get("id") for c in nb["cells"]}) == len(nb["cells"]), f"{path}: ids repeat"
        source = ROOT / path.relative_to(HTML / "_sources")
        if source.is_file():  # the repository's notebook is untouched
            assert "get-lstm-lessons" not in source.read_text(encoding="utf8")
