"""The GitHub workflows are valid and pass zizmor's security audit (both tools from PyPI, offline).

* ``check-jsonschema --builtin-schema vendor.github-workflows``: every workflow matches
  GitHub's schema (a typo in a key fails here, not on GitHub);
* ``zizmor --offline``: no findings at its default persona: minimal ``permissions``,
  ``persist-credentials: false`` on checkout, actions pinned to a commit, no template injection.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def tool(name):
    here = Path(sys.executable).parent / name
    exe = str(here) if here.exists() else shutil.which(name)
    if exe is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'", pytrace=False)
    return exe


def test_there_are_workflows():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "pages.yml"]


def test_workflows_match_githubs_schema():
    run = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         *map(str, WORKFLOWS)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr


def test_zizmor_finds_nothing():
    run = subprocess.run(
        [tool("zizmor"), "--offline", "--format=json", str(ROOT / ".github" / "workflows")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    findings = json.loads(run.stdout or "[]")
    summary = [  # "artipacked (Medium): credential persistence ... | uses: actions/checkout@v4"
        f"{f.get('ident')} ({f.get('determinations', {}).get('severity')}): {f.get('desc')} | "
        + "; ".join(
            str(loc.get("concrete", {}).get("feature", "?")).splitlines()[0]
            for loc in f.get("locations", [])
        )
        for f in findings
    ]
    report = "zizmor:\n" + "\n".join(summary) + run.stderr[-2000:]
    assert not findings and run.returncode == 0, report
