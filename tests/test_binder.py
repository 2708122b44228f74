"""Binder builds what the README promises: one editable install of lstm_lessons, on a pinned Python.

``repo2docker --no-build --debug .`` prints the Dockerfile that Binder (mybinder.org) would
build, without Docker. We read that plan:

* the Python comes from ``binder/runtime.txt``, not repo2docker's changing default;
* pip runs once, on ``binder/requirements.txt``; there is no second ``pip install .``
  (repo2docker adds one for a ``pyproject.toml`` with ``[project]`` unless a ``binder/``
  folder exists), which would shadow the editable package with a site-packages copy;
* that requirements file installs ``lstm_lessons`` editable from the repository root, once.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def repo2docker_plan():
    exe = BIN / "repo2docker" if (BIN / "repo2docker").exists() else shutil.which("repo2docker")
    if exe is None:
        pytest.fail("repo2docker is not installed: pip install -e '.[test]'", pytrace=False)
    run = subprocess.run(
        [str(exe), "--no-build", "--debug", str(ROOT)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, f"repo2docker failed:\n{run.stderr[-3000:]}"
    return run.stdout, run.stderr


@pytest.fixture(scope="module")
def plan():
    return repo2docker_plan()


def test_binder_python_is_pinned(plan):
    dockerfile, log = plan
    pinned = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", pinned), f"binder/runtime.txt says {pinned!r}"
    version = pinned.removeprefix("python-")
    assert "Python version unspecified" not in log, log
    assert f"Building conda environment for python={version}" in log, log
    assert re.search(rf"environment-2epy-2d{version.replace('.', '-2e')}-2dlinux", dockerfile), (
        f"the plan does not use repo2docker's Python {version} environment"
    )


def test_binder_runs_pip_once_on_binder_requirements(plan):
    dockerfile, _ = plan
    pips = [line for line in dockerfile.splitlines() if re.search(r"\bpip install\b", line)]
    want = 'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"'
    assert pips == [want], (
        "Binder should run exactly one pip install, on binder/requirements.txt; the plan has:\n"
        + "\n".join(pips)
    )


def requirement_lines(path, seen=()):
    """The lines of a requirements file with its ``-r`` includes expanded (comments dropped)."""
    lines = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith(("-r ", "--requirement ")):
            included = (path.parent / line.split(None, 1)[1]).resolve()
            assert included not in seen, f"{path} includes {included} twice"
            lines += requirement_lines(included, (*seen, included))
        elif line:
            lines.append(line)
    return lines


def test_binder_requirements_install_lstm_lessons_editable_from_the_root():
    lines = requirement_lines(ROOT / "binder" / "requirements.txt")
    local = [line for line in lines if line.startswith(("-e", "--editable", ".", "/"))]
    assert local == ["-e ."], f"expected one editable install of the repository; got {local}"
    assert any(line.startswith("jupyterlab-myst") for line in lines), "Binder needs jupyterlab-myst"
    assert "ipykernel" in " ".join(lines)


def test_pip_resolves_binder_requirements_to_one_editable_lstm_lessons(tmp_path):
    """pip itself (a dry run from the repository root, as in Binder): one editable lstm_lessons."""
    report = tmp_path / "report.json"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--report", str(report),
         "-r", "binder/requirements.txt"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    ours = [i for i in json.loads(report.read_text())["install"]
            if i["metadata"]["name"].replace("-", "_") == "lstm_lessons"]  # fmt: skip
    assert len(ours) == 1, ours
    info = ours[0]["download_info"]
    assert info.get("dir_info", {}).get("editable") is True, info
    assert Path(unquote(urlparse(info["url"]).path)).resolve() == ROOT
