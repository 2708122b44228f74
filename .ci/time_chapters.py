"""Execute chapters and report each one's wall time, kernel CPU time and slowest cell.

    .venv/bin/python .ci/time_chapters.py book/03_forget_gate.ipynb [more.ipynb ...] [--json out.json]

Each notebook runs in a fresh kernel from its own folder (as Jupyter, Binder and the book
build do), with the book's cell timeout. Wall time depends on what else the machine is doing;
the kernel's CPU time (user + system, read from the kernel at the end) barely does, so on a
busy machine it is the better estimate of the quiet wall time (one BLAS thread, one core).
Nothing here asserts a time: the Makefile's budget check reads the JSON and compares.
"""

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CPU_PROBE = "import os as _os\n_t = _os.times()\nprint('__cpu__', _t.user + _t.system)"


def _seconds(cell):
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00")) - parse(start.replace("Z", "+00:00"))).total_seconds()


def time_notebook(path, timeout=120):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CPU_PROBE))
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", record_timing=True,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    start = time.perf_counter()
    client.execute()
    wall = time.perf_counter() - start
    probe = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    cpu = float(probe.split("__cpu__")[1].split()[0])
    cells = [(i, _seconds(c)) for i, c in enumerate(nb.cells[:-1]) if c.cell_type == "code"]
    slowest = max(cells, key=lambda ic: ic[1])
    return {"notebook": str(path), "wall": wall, "cpu": cpu,
            "slowest_cell": slowest[0], "slowest_seconds": slowest[1],
            "cells": {str(i): round(s, 3) for i, s in cells}}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per cell (the book's)")
    args = ap.parse_args(argv)
    rows = []
    print(f"{'chapter':34s} {'wall s':>7s} {'cpu s':>7s} {'slowest cell':>13s}")
    for path in args.notebooks:
        row = time_notebook(path, args.timeout)
        rows.append(row)
        print(f"{path.name:34s} {row['wall']:7.1f} {row['cpu']:7.1f} "
              f"{row['slowest_seconds']:8.1f} (#{row['slowest_cell']})", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
