"""Every page of the built book (chapters, index, search) through axe-core in headless Chromium:
no critical or serious accessibility violation in light mode, and no contrast failure in dark mode.

Run after building the book: ``make book && pytest tests/browser``. A file of its own, so that
``make test`` runs it beside the other browser tests, one file per core.
"""

import os
from pathlib import Path

import pytest
from bookpages import NO_BUILD, ROOT, all_pages, page_id

AXE = os.environ.get("LSTM_AXE") or str(
    next(iter(sorted((ROOT / "tests" / "browser" / "_vendor").glob("axe-core-*.min.js"))), "")
)
NO_AXE = """
==========================================================================
NO AXE-CORE: the accessibility test needs axe-core's axe.min.js and found none
(looked at $LSTM_AXE and tests/browser/_vendor/axe-core-*.min.js).
Fix: make tests/browser/_vendor/axe-core-4.14.1.min.js   (npm pack, as `make test` does)
==========================================================================
"""


def axe_violations(page, options):
    """axe-core's critical and serious violations on the page as it is now, one line each."""
    violations = page.evaluate(
        "async (o) => (await axe.run(document, o)).violations",
        {"resultTypes": ["violations"], **options},
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}; {len(v['nodes'])} element(s), e.g. "
        f"{v['nodes'][0]['target']}: {v['nodes'][0]['html'][:120]}"
        for v in violations
        if v["impact"] in ("critical", "serious")
    ]


@pytest.mark.parametrize("path", all_pages(), ids=page_id)
def test_page_has_no_serious_accessibility_violations(browser, path):
    """axe-core finds no critical or serious violation; in dark mode, no contrast failure either."""
    if path is None:
        pytest.fail(NO_BUILD, pytrace=False)
    if not AXE or not Path(AXE).is_file():
        pytest.fail(NO_AXE, pytrace=False)
    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme="light")
    local = ("file:", "data:", "blob:")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(local) else r.abort())
    page = context.new_page()
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.add_script_tag(path=AXE)
        light = axe_violations(page, {})
        assert not light, f"{page_id(path)} (light mode):\n" + "\n".join(light)
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")  # no fade
        dark = axe_violations(page, {"runOnly": {"type": "rule", "values": ["color-contrast"]}})
        assert not dark, f"{page_id(path)} (dark mode):\n" + "\n".join(dark)
    finally:
        context.close()
