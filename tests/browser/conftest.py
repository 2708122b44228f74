"""Fixtures for the browser tests: the built book, a headless Chromium, a tally.

These tests never skip.  A missing build or a missing browser is a failure whose
message says how to fix it.
"""

import os
import shutil

import pytest


def find_chromium():
    """Path of a Chromium executable: $LSTM_CHROMIUM if set, else /usr/bin/chromium or PATH's."""
    if os.environ.get("LSTM_CHROMIUM"):
        candidates = [os.environ["LSTM_CHROMIUM"]]
    else:
        candidates = [
            "/usr/bin/chromium",
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
        ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


NO_BROWSER = """
==========================================================================
NO CHROMIUM: the browser tests need a headless Chromium and found none
(looked at $LSTM_CHROMIUM, /usr/bin/chromium, chromium on PATH).
Fix: run  .ci/ensure_chromium.sh   (as root: apt-get install chromium)
or point LSTM_CHROMIUM at a Chromium/Chrome executable.
==========================================================================
"""


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    executable = find_chromium()
    if executable is None:
        pytest.fail(NO_BROWSER, pytrace=False)
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=executable, headless=True)
        except Error as exc:
            pytest.fail(
                f"{NO_BROWSER}\nChromium at {executable} did not start:\n{exc}", pytrace=False
            )
        yield b
        b.close()


class Tally:
    """What the suite saw, for the closing summary."""

    def __init__(self):
        self.sliders = 0
        self.players = 0
        self.weights = {}  # page -> bytes

    def as_dict(self):
        return {"sliders": self.sliders, "players": self.players, "weights": dict(self.weights)}


TALLY = Tally()


@pytest.fixture(scope="session")
def tally():
    return TALLY


def pytest_terminal_summary(terminalreporter):
    """The static book's numbers, as test_sliders_were_found recorded them (with pytest-xdist,
    in a worker: its report's user properties carry them here)."""
    seen = [dict(r.user_properties).get("tally") for key in ("passed", "failed")
            for r in terminalreporter.stats.get(key, []) if getattr(r, "when", "") == "call"]  # fmt: skip
    seen = [t for t in seen if t and t["weights"]]
    if not seen:
        return
    t, tr = seen[0], terminalreporter
    tr.section("static book in headless Chromium")
    heaviest = max(t["weights"], key=t["weights"].get)
    tr.write_line(f"pages checked: {len(t['weights'])}; static players: {t['players']}; sliders moved: {t['sliders']}")
    tr.write_line(
        f"heaviest page: {heaviest} = {t['weights'][heaviest] / 1e6:.2f} MB "
        "(html file incl. inlined frames + its images in _images/)"
    )
