"""How fast is lstm_lessons? ``LSTMCell`` forward + backward through time against ``torch.nn.LSTM``.

Both run on the CPU with one thread; they are interleaved, repeat by repeat, so that a
slow patch of the machine hurts both alike. ``measure`` reports medians and the ratio
ours / PyTorch at float64 (equal precision) and, for honesty, against PyTorch at float32.

PyTorch is optional (``pip install torch==2.13.0``); it is imported only when measuring.
The command line is ``python benchmarks/bench_lstm.py``.
"""

import platform
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits

from . import _tables
from .lstm import LSTMCell

WORKLOADS = [(100, 32, 2, 16), (100, 32, 8, 64), (200, 64, 8, 128)]  # (T, B, D, H)


def ours(T, B, D, H):
    cell = LSTMCell(D, H, seed=0)
    rng = np.random.default_rng(0)
    xs, dhs = rng.standard_normal((T, B, D)), rng.standard_normal((T, B, H))

    def run():
        cell.forward(xs)
        cell.backward(dhs)

    return run


def theirs(T, B, D, H, dtype):
    import torch

    torch.manual_seed(0)
    lstm = torch.nn.LSTM(D, H).to(dtype)
    xs = torch.randn(T, B, D, dtype=dtype, requires_grad=True)
    dhs = torch.randn(T, B, H, dtype=dtype)

    def run():
        lstm.zero_grad(set_to_none=True)
        xs.grad = None
        hs, _ = lstm(xs)
        hs.backward(dhs)

    return run


def seconds(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(repeats=15, warmup=3, workloads=WORKLOADS):
    """Median seconds per forward+backward for every workload: ours, torch f64, torch f32."""
    import torch

    torch.set_num_threads(1)
    rows = []
    with threadpool_limits(limits=1):
        for T, B, D, H in workloads:
            runs = {
                "ours": ours(T, B, D, H),
                "torch64": theirs(T, B, D, H, torch.float64),
                "torch32": theirs(T, B, D, H, torch.float32),
            }
            times = {k: [] for k in runs}
            for i in range(warmup + repeats):
                for k, fn in runs.items():  # interleaved
                    t = seconds(fn)
                    if i >= warmup:
                        times[k].append(t)
            med = {k: statistics.median(v) for k, v in times.items()}
            row = {"T": T, "B": B, "D": D, "H": H, **{f"{k}_ms": 1e3 * v for k, v in med.items()}}
            row["ratio64"] = med["ours"] / med["torch64"]
            row["ratio32"] = med["ours"] / med["torch32"]
            rows.append(row)
    machine = {
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
    }
    versions = {"numpy": np.__version__, "torch": torch.__version__}
    return {"rows": rows, "repeats": repeats, **versions, **machine}


_HEAD = ["T", "B", "D", "H", "ours (ms)", "PyTorch f64 (ms)", "ours / f64"]
_HEAD += ["PyTorch f32 (ms)", "ours / f32"]
_KEYS = ["T", "B", "D", "H", "ours_ms", "torch64_ms", "ratio64", "torch32_ms", "ratio32"]


def _rows(result):
    fmt = lambda x: f"{x:.2f}" if isinstance(x, float) else str(x)  # noqa: E731
    return [[fmt(r[k]) for k in _KEYS] for r in result["rows"]]


def html_table(result):
    """The results as an HTML table (the book renders HTML output, not Markdown tables)."""
    return _tables.html_table(_HEAD, _rows(result))


def table(result):
    """The results as a Markdown table."""
    return _tables.markdown(_HEAD, _rows(result))
