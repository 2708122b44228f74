"""How fast is lstm_lessons? Our cells against PyTorch's, and against their matrix products alone.

Every measurement is a forward pass and backpropagation through time, on the CPU:

* ``LSTMCell`` against ``torch.nn.LSTM``;
* ``GRUCell`` in both conventions against ``torch.nn.GRU`` (which resets after);
* one training step of a character-level language model: one-hot inputs, an LSTM, a linear
  readout and softmax cross-entropy at every step, forward and backward;
* ``LSTMCell`` against its *floor*: only the matrix products the same computation cannot
  avoid (per step, the recurrent product forward and backward; once over all steps, the
  input projection, the input gradient and the weight gradient).

One thread each, float64 (equal precision); PyTorch also at float32, its usual precision.
The runs of one workload are interleaved repeat by repeat, so that a slow patch of a shared
machine hurts all of them alike, and every ratio is taken within one repeat: a result gives
the median of the per-repeat ratios and their interquartile range. The clock is the
process's CPU time (user + system), which equals wall time on a quiet machine and is far
less disturbed by other programs on a busy one; ``clock="wall"`` uses wall time.

PyTorch is optional (``pip install torch==2.13.0``); it is imported only when measuring.
The command line is ``python benchmarks/bench_lstm.py``.
"""

import platform
import time
from collections import defaultdict

import numpy as np
from threadpoolctl import threadpool_limits

from ..cells import _lstm_bptt
from ..cells.gru import GRUCell
from ..cells.lstm import LSTMCell
from ..training.model import SequenceModel
from ._benchmark_report import describe, describe_profile, html_table, table  # noqa: F401 (the public names)

WORKLOADS = [(100, 32, 2, 16), (100, 32, 8, 64), (200, 64, 8, 128)]  # (T, B, D, H)
LM_STEP = (64, 32, 60, 128)  # (T, B, vocabulary, H) of the language-model step
MODELS = ("LSTM", "GRU", "GRU, reset after")
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def ours(model, T, B, D, H):
    """Our cell's forward + backward on fixed random data, as a function of no arguments."""
    cell = LSTMCell(D, H) if model == "LSTM" else GRUCell(D, H, reset_after=model != "GRU")
    rng = np.random.default_rng(0)
    xs, dhs = rng.standard_normal((T, B, D)), rng.standard_normal((T, B, H))

    def run():
        cell.forward(xs)
        cell.backward(dhs)

    return run


def theirs(model, T, B, D, H, dtype):
    """The same with ``torch.nn.LSTM`` or ``torch.nn.GRU`` at ``dtype``."""
    import torch

    torch.manual_seed(0)
    net = (torch.nn.LSTM if model == "LSTM" else torch.nn.GRU)(D, H).to(dtype)
    xs = torch.randn(T, B, D, dtype=dtype, requires_grad=True)
    dhs = torch.randn(T, B, H, dtype=dtype)

    def run():
        net.zero_grad(set_to_none=True)
        xs.grad = None
        hs, _ = net(xs)
        hs.backward(dhs)

    return run


def floor(T, B, D, H, gates=4):
    """Only the matrix products of a gated cell's forward pass and BPTT, in float64.

    Per step ``W_hh @ h_{t-1}`` (the B x H by H x 4H product, in columns) and ``W_hh.T @ da_t``;
    once over all steps the input projection ``W_x @ X``, the input gradient ``W_x.T @ dA``
    and the weight gradient ``dA @ [h_{t-1}; x_t].T``. Every product writes into an array
    made beforehand, so nothing but the products is timed.
    """
    rng = np.random.default_rng(0)
    G = gates * H
    W_h, W_x = rng.standard_normal((G, H)), rng.standard_normal((G, D))
    W_hT, W_xT = np.ascontiguousarray(W_h.T), np.ascontiguousarray(W_x.T)
    X, HX = rng.standard_normal((D, T * B)), rng.standard_normal((H + D, T * B))
    hs, dA = rng.standard_normal((T, H, B)), rng.standard_normal((G, T * B))
    A, dh = np.empty((T, G, B)), np.empty((H, B))
    XW, dX, dW = np.empty((G, T * B)), np.empty((D, T * B)), np.empty((G, H + D))

    def run():
        np.matmul(W_x, X, out=XW)  # (4H, T*B): every step's input projection
        for t in range(T):
            np.matmul(W_h, hs[t], out=A[t])  # (4H, B)
        for t in range(T):
            np.matmul(W_hT, A[t], out=dh)  # (H, B)
        np.matmul(W_xT, dA, out=dX)  # (D, T*B): the input gradient
        np.matmul(dA, HX.T, out=dW)  # (4H, H+D): the weight gradient

    return run


def lm_model(T, B, V, H):
    """A character-level language model and one batch: ``model, ids, targets``.

    ``model`` is ``SequenceModel(LSTMCell(V, H), V, per_step=True)``: a readout on every step's
    hidden state. ``ids`` (T, B) are the characters read, the integer form of one-hot inputs
    (``np.eye(V)[ids]`` is the same input as floats); ``targets`` (T, B) are the next ones.
    """
    model, rng = SequenceModel(LSTMCell(V, H), V, per_step=True), np.random.default_rng(0)
    tokens = rng.integers(V, size=(T + 1, B))
    return model, tokens[:-1], tokens[1:]


def lm_ours(T, B, V, H):
    """One training step of the language model: the loss at every step and every gradient."""
    model, ids, targets = lm_model(T, B, V, H)
    return lambda: model.loss_and_grads(ids, targets, "xent")


def lm_theirs(T, B, V, H, dtype):
    """The same step in PyTorch: ``nn.LSTM``, ``nn.Linear``, ``cross_entropy``."""
    import torch

    torch.manual_seed(0)
    lstm, readout = torch.nn.LSTM(V, H).to(dtype), torch.nn.Linear(H, V).to(dtype)
    tokens = torch.randint(V, (T + 1, B))
    xs = torch.nn.functional.one_hot(tokens[:-1], V).to(dtype)
    targets = tokens[1:].reshape(T * B)

    def run():
        lstm.zero_grad(set_to_none=True)
        readout.zero_grad(set_to_none=True)
        hs, _ = lstm(xs)
        logits = readout(hs).reshape(T * B, V)
        torch.nn.functional.cross_entropy(logits, targets).backward()

    return run


_KINDS = {"matmul": "matrix products", "sigmoid": "activations", "tanh": "activations"}


def profile(T, B, D, H, repeats=5):
    """Where ``LSTMCell``'s forward + BPTT spends its time: milliseconds per kind of work.

    The fused pass runs with every NumPy function it calls (and ``sigmoid``, ``tanh``) wrapped in a
    timer: ``"matrix products"``, ``"activations"``, ``"elementwise"`` (products, sums, copies by
    function) and ``"the rest"``, the total minus those (Python, indexing, in-place operators). The
    wrappers add a fraction of a microsecond per call, so the total is a little above an unwrapped
    run's. Wall time (``perf_counter``: the CPU clock costs a system call per reading). Returns
    ``{kind: ms}`` with ``"total"``, per forward + backward (median of ``repeats``).
    """
    spent, now = defaultdict(float), time.perf_counter

    def timed(kind, fn):
        def run(*args, **kwargs):
            start = now()
            out = fn(*args, **kwargs)
            spent[kind] += now() - start
            return out

        return run

    class TimedNumPy:
        def __getattr__(self, name):
            fn = getattr(np, name)
            return timed(_KINDS.get(name, "elementwise"), fn) if callable(fn) and not isinstance(fn, type) else fn

    saved = _lstm_bptt.np, _lstm_bptt.sigmoid, _lstm_bptt.tanh
    _lstm_bptt.np = TimedNumPy()
    _lstm_bptt.sigmoid, _lstm_bptt.tanh = (timed("activations", f) for f in saved[1:])
    run, rows = ours("LSTM", T, B, D, H), []
    try:
        with threadpool_limits(limits=1):
            run()
            for _ in range(repeats):
                spent.clear()
                start = now()
                run()
                total = now() - start
                rows.append({**spent, "the rest": total - sum(spent.values()), "total": total})
    finally:
        _lstm_bptt.np, _lstm_bptt.sigmoid, _lstm_bptt.tanh = saved
    kinds = ("matrix products", "activations", "elementwise", "the rest", "total")
    return {k: 1e3 * float(np.median([r.get(k, 0.0) for r in rows])) for k in kinds}


def interleaved(runs, repeats, warmup, clock="cpu"):
    """Seconds of every run, repeat by repeat, the runs taking turns. ``runs``: name -> fn."""
    now = CLOCKS[clock]
    times = {k: [] for k in runs}
    for i in range(warmup + repeats):
        for k, fn in runs.items():
            start = now()
            fn()
            if i >= warmup:
                times[k].append(now() - start)
    return times


def compare(times, ours_key, their_key):
    """Median times and the per-repeat ratio ours / theirs: median and interquartile range."""
    ratios = np.divide(times[ours_key], times[their_key])
    q1, med, q3 = np.percentile(ratios, [25, 50, 75])
    return {"ours_ms": 1e3 * np.median(times[ours_key]),
            "theirs_ms": 1e3 * np.median(times[their_key]),
            "ratio": float(med), "q1": float(q1), "q3": float(q3)}  # fmt: skip


def measure(repeats=15, warmup=3, workloads=WORKLOADS, lm_step=LM_STEP, clock="cpu"):
    """Run every comparison. Returns a dict: ``rows`` (one per model and workload), ``floor``, and
    ``profile``, where ``LSTMCell``'s time goes on the largest workload (see ``profile``)."""
    import torch

    torch.set_num_threads(1)
    f64, f32 = torch.float64, torch.float32
    rows, floors = [], []
    with threadpool_limits(limits=1):
        for T, B, D, H in workloads:
            runs = {"floor": floor(T, B, D, H)}
            for m in MODELS:
                runs[m] = ours(m, T, B, D, H)
            for m in ("LSTM", "GRU"):
                runs[f"{m} f64"], runs[f"{m} f32"] = (theirs(m, T, B, D, H, t) for t in (f64, f32))
            times = interleaved(runs, repeats, warmup, clock)
            shape = {"T": T, "B": B, "D": D, "H": H}
            for m in MODELS:
                torch_m = "LSTM" if m == "LSTM" else "GRU"
                row = {"model": m, **shape}
                row["f64"] = compare(times, m, f"{torch_m} f64")
                row["f32"] = compare(times, m, f"{torch_m} f32")
                rows.append(row)
            floors.append({**shape, **compare(times, "LSTM", "floor")})
        if lm_step is not None:
            T, B, V, H = lm_step
            runs = {"ours": lm_ours(T, B, V, H)}
            runs.update({k: lm_theirs(T, B, V, H, t) for k, t in (("f64", f64), ("f32", f32))})
            times = interleaved(runs, repeats, warmup, clock)
            row = {"model": "LM step", "T": T, "B": B, "D": V, "H": H}
            rows.append({**row, **{p: compare(times, "ours", p) for p in ("f64", "f32")}})
    profiled = profile(*workloads[-1])
    machine = {
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
    }
    return {"rows": rows, "floor": floors, "profile": {"workload": list(workloads[-1]), **profiled},
            "repeats": repeats, "clock": clock,
            "numpy": np.__version__, "torch": torch.__version__, **machine}  # fmt: skip
