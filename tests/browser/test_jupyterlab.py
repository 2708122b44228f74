"""The chapters in a real JupyterLab, driven as a student would drive it (headless Chromium).

A JupyterLab server starts on 127.0.0.1 (a free port, a random token, no browser, the
venv's ``python3`` kernel) over a temporary copy of ``book/`` (JupyterLab saves notebooks;
the repository's stay clean). For each chapter the test opens the notebook and checks:

* MyST renders (jupyterlab-myst): no literal ``{eq}``, ``{doc}``, ``{ref}``, ``{cite:t}``,
  ``{exercise}`` or ``{solution}`` text; equations typeset; every solution folded;
* Run > Run All Cells runs every cell and the kernel goes idle (read from JupyterLab's own
  notebook model, ``window.jupyterapp``); saved, the notebook holds no error output;
* every slider cell (``explore(...)``) shows a live widget: sliders and an image, no
  fallback text;
* moving each exploration's first slider with the keyboard (End, or Home) changes its figure;
* nothing is fetched from outside the machine.

Which chapters: ``LSTM_JUPYTERLAB_CHAPTERS`` (comma-separated stems, or ``all``); by default
a gate chapter with a "Your turn" checker (03) and a variant chapter (08), as ``make test``
runs them. ``make test-jupyterlab-all`` runs every chapter. Screenshots (the rendered MyST,
the exercises, each live slider before and after) go to ``$LSTM_SCREENSHOTS`` if set.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
DEFAULT_CHAPTERS = ["03_forget_gate", "08_coupled"]
RAW_MYST = ["{eq}", "{doc}", "{ref}", "{cite:", "{exercise", "{solution", "```{", ":::{", ":label:"]
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook on screen
RUN_TIMEOUT_MS = 600_000  # one chapter's Run All on a busy 2-core machine, with room to spare


def chapters():
    wanted = os.environ.get("LSTM_JUPYTERLAB_CHAPTERS", "").strip()
    if wanted == "all":
        return sorted(p.stem for p in BOOK.glob("*.ipynb"))
    return [w.strip() for w in wanted.split(",") if w.strip()] or DEFAULT_CHAPTERS


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_settings(folder):
    """JupyterLab user settings: no news or update pop-ups; every cell kept in the page."""
    settings = {
        "@jupyterlab/apputils-extension/notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        # JupyterLab 4 leaves cells far off screen out of the page; the checks read every cell.
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }  # fmt: skip
    for name, values in settings.items():
        path = folder / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server over a copy of book/; yields (base URL, token, root folder)."""
    root = tmp_path_factory.mktemp("jupyterlab")
    skip = shutil.ignore_patterns("_vendor", "_ext", ".ipynb_checkpoints")
    shutil.copytree(BOOK, root / "book", ignore=skip)
    write_settings(root / "settings")
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(root / "config"),  # no user config of the machine's
        "JUPYTER_DATA_DIR": str(root / "data"),  # no user kernelspecs: python3 = this venv's
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    }
    for var in ("LSTM_LESSONS_BUILDING_BOOK", "LSTM_LESSONS_PROGRESS"):
        env.pop(var, None)  # a student's kernel: live sliders, progress bars
    log = open(root / "jupyterlab.log", "w")  # noqa: SIM115 (closed below)
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",  # CI runs as root
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: the test reads the model
    ]  # fmt: skip
    server = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(
                    "JupyterLab did not start:\n" + (root / "jupyterlab.log").read_text()[-3000:],
                    pytrace=False,
                )
            time.sleep(0.5)
        yield base, token, root
    finally:
        server.terminate()  # the server shuts its kernels down
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def shut_down_kernels(base, token):
    """End every kernel of the server (one chapter's), through its REST API."""
    with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as r:
        kernels = json.load(r)
    for kernel in kernels:
        url = f"{base}/api/kernels/{kernel['id']}?token={token}"
        request = urllib.request.Request(url, method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def count_in_source(nb, pattern, cell_type):
    cells = [c for c in nb["cells"] if c["cell_type"] == cell_type]
    return sum(len(re.findall(pattern, "".join(c["source"]))) for c in cells)


KERNEL_STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
                 && panel.sessionContext.session.kernel;
  if (!kernel || !panel.content || !panel.content.model) return null;
  const cells = [...panel.content.model.cells].filter(c => c.type === 'code');
  return {status: kernel.status, ready: panel.sessionContext.isReady,
          unrun: cells.filter(c => c.executionCount === null).length, code: cells.length};
}"""


def wait_for_kernel(page, timeout=120_000):
    """The notebook's kernel has started and is idle (JupyterLab's own model, not the page)."""
    page.wait_for_function(
        f"() => {{ const s = ({KERNEL_STATE})(); return s && s.ready && s.status === 'idle'; }}",
        timeout=timeout,
        polling=500,
    )


def wait_until_all_ran(page, timeout=RUN_TIMEOUT_MS):
    """Every code cell has an execution count and the kernel is idle again."""
    page.wait_for_function(
        f"""() => {{ const s = ({KERNEL_STATE})();
                    return s && s.status === 'idle' && s.unrun === 0; }}""",
        timeout=timeout,
        polling=500,
    )


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_runs_in_jupyterlab(browser, lab, chapter):
    base, token, root = lab
    source = BOOK / f"{chapter}.ipynb"
    assert source.is_file(), f"no notebook book/{chapter}.ipynb"
    nb = json.loads(source.read_text(encoding="utf8"))
    n_sliders = count_in_source(nb, r"\bexplore\(", "code")
    n_solutions = count_in_source(nb, r"\{solution(?!-end)", "markdown")  # a gated one is one
    n_equations = count_in_source(nb, r"\$\$", "markdown") // 2
    shots = os.environ.get("LSTM_SCREENSHOTS")

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside = []

    def route(r):
        if r.request.url.startswith((base, "data:", "blob:")):  # (websockets are not routed)
            return r.continue_()
        outside.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        # A workspace of its own: JupyterLab reopens no other chapter next to this one.
        page.goto(f"{base}/lab/workspaces/{chapter}/tree/book/{chapter}.ipynb?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
        wait_for_kernel(page)
        page.wait_for_function(  # jupyterlab-myst renders each markdown cell, one by one
            """(PANEL) => { const md = [...document.querySelectorAll(`${PANEL} .jp-MarkdownCell`)];
                       return md.length > 0 && md.every(c => c.querySelector('.myst')); }""",
            arg=PANEL,
            timeout=60_000,
        )

        # MyST, before running anything: rendered, and every solution folded.
        myst = page.evaluate(
            """(PANEL) => {
              const md = [...document.querySelectorAll(`${PANEL} .jp-MarkdownCell`)];
              const text = md.map(c => c.innerText).join('\\n');
              const solutions = [...document.querySelectorAll(`${PANEL} .jp-MarkdownCell details`)]
                  .filter(d => /Solution/.test(d.querySelector('summary')?.innerText || ''));
              return {cells: md.length, rendered: md.filter(c => c.querySelector('.myst')).length,
                      text,
                      katex: document.querySelectorAll(`${PANEL} .jp-MarkdownCell .katex`).length,
                      solutions: solutions.length, open: solutions.filter(d => d.open).length};
            }""",
            PANEL,
        )
        raw = [m for m in RAW_MYST if m in myst["text"]]
        assert not raw, f"{chapter}: MyST left as text in JupyterLab: {raw}"
        assert myst["rendered"] == myst["cells"], f"{chapter}: markdown cells not rendered by MyST"
        assert myst["solutions"] == n_solutions, (
            f"{chapter}: {n_solutions} solutions in the notebook; "
            f"{myst['solutions']} folded blocks shown"
        )  # fmt: skip
        assert myst["open"] == 0, f"{chapter}: {myst['open']} solution(s) shown unfolded"
        assert myst["katex"] >= n_equations, f"{chapter}: equations not typeset"
        if shots:
            equations = page.locator(f"{PANEL} .jp-MarkdownCell:has(.katex-display)").first
            equations.screenshot(path=f"{shots}/{chapter}-myst-equations.png")
            if n_solutions:
                exercises = page.locator(f"{PANEL} .jp-MarkdownCell:has(details)").first
                exercises.scroll_into_view_if_needed()
                exercises.screenshot(path=f"{shots}/{chapter}-myst-exercises.png")

        # Run > Run All Cells, as a student would.
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        wait_until_all_ran(page)

        # Save, and read what the kernel produced.
        page.keyboard.press("Control+s")
        page.wait_for_function(
            "() => !window.jupyterapp.shell.currentWidget.context.model.dirty",
            timeout=60_000,
        )  # fmt: skip
        saved = root / "book" / f"{chapter}.ipynb"
        ran = json.loads(saved.read_text(encoding="utf8"))
        errors = [
            f"cell {k}: {o.get('ename')}: {o.get('evalue')}"
            for k, c in enumerate(ran["cells"])
            for o in c.get("outputs", [])
            if o.get("output_type") == "error"
        ]
        assert not errors, f"{chapter}: error output in JupyterLab:\n" + "\n".join(errors)
        unrun = [k for k, c in enumerate(ran["cells"])
                 if c["cell_type"] == "code" and c.get("execution_count") is None]  # fmt: skip
        assert not unrun, f"{chapter}: code cells {unrun} did not run"
        print(f"\n{chapter}: saved after Run All: {saved.stat().st_size / 1e3:.1f} kB "
              f"(source {source.stat().st_size / 1e3:.1f} kB)")  # fmt: skip

        # Every slider cell is a live widget, and its figure follows the keyboard.
        boxes = page.locator(
            f"{PANEL} .jp-OutputArea-output:has(.widget-slider):has(img.widget-image)"
        )
        fallback = page.locator(
            f"{PANEL} .jp-OutputArea-output",
            has_text=re.compile(r"live slider needs a running|Error displaying widget"),
        )
        assert fallback.count() == 0, f"{chapter}: a slider shows its fallback, not a widget"
        assert boxes.count() == n_sliders, (
            f"{chapter}: {n_sliders} explore() cells, {boxes.count()} live slider widgets"
        )
        for k in range(boxes.count()):
            box = boxes.nth(k)
            box.scroll_into_view_if_needed()
            handle, img = box.locator(".noUi-handle").first, box.locator("img.widget-image").first
            before = img.get_attribute("src")
            at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            if shots:
                box.screenshot(path=f"{shots}/{chapter}-live-slider-{k}-before.png")
            handle.focus()
            page.keyboard.press("Home" if at_max else "End")
            page.wait_for_function(
                "([el, src]) => el.src !== src && el.complete && el.naturalWidth > 0",
                arg=[img.element_handle(), before],
                timeout=60_000,
            )
            if shots:
                box.screenshot(path=f"{shots}/{chapter}-live-slider-{k}-after.png")
        asked = sorted(set(outside))[:5]
        assert not outside, f"{chapter}: JupyterLab asked outside the machine for {asked}"
    finally:
        context.close()
        shut_down_kernels(base, token)
