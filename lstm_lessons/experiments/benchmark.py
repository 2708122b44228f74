"""How fast is lstm_lessons? Our cells against PyTorch's, and against their matrix products alone.

Every measurement is a forward pass and backpropagation through time, on the CPU:

* ``LSTMCell`` against ``torch.nn.LSTM``;
* ``GRUCell`` in both conventions against ``torch.nn.GRU`` (which resets after);
* one training step of a character-level language model: one-hot inputs, an LSTM, a linear
  readout and softmax cross-entropy at every step, forward and backward;
* ``LSTMCell`` against its *floor*: only the matrix products the same computation cannot
  avoid (per step, the recurrent product forward and backward; once over all steps, the
  input projection, the input gradient and the weight gradient);
* the same floor run by PyTorch's matrix products (``torch.mm``). The two libraries call
  different BLAS libraries (NumPy's wheels ship OpenBLAS; PyTorch's x86 wheels, Intel's MKL), so
  the ratio ours / PyTorch splits into three measured factors:

      ours / torch.nn.LSTM = (ours / our floor) * (our floor / PyTorch's floor)
                             * (PyTorch's floor / torch.nn.LSTM)

  the first and last are what each library spends besides the products, and the middle one is
  the BLAS libraries alone, on this CPU.

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
import re
import time
from collections import defaultdict

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from ..cells import _lstm_bptt
from ..cells.gru import GRUCell
from ..cells.lstm import LSTMCell
from ..training.model import SequenceModel
from ._benchmark_report import describe, describe_profile, html_table, table  # noqa: F401 (the public names)

WORKLOADS = [(100, 32, 2, 16), (100, 32, 8, 64), (200, 64, 8, 128)]  # (T, B, D, H)
LM_STEP = (64, 32, 60, 128)  # (T, B, vocabulary, H) of the language-model step
MODELS = ("LSTM", "GRU", "GRU, reset after")
FLOORS = {"floor": "numpy", "torch floor": "torch"}  # run name -> the library that multiplies
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


def floor(T, B, D, H, gates=4, lm=False, library="numpy"):
    """Only the matrix products of a gated cell's forward pass and BPTT, in float64.

    Per step ``W_hh @ h_{t-1}`` (the B x H by H x 4H product, in columns) and ``W_hh.T @ da_t``;
    once over all steps the input projection ``W_x @ X``, the input gradient ``W_x.T @ dA``
    and the weight gradient ``dA @ [h_{t-1}; x_t].T``. Every product writes into an array
    made beforehand, so nothing but the products is timed.

    ``lm=True`` gives the floor of the language-model step (``D`` is the vocabulary): its inputs
    are one-hot, so the input projection is a lookup and no input gradient is needed, and the
    readout adds three products over all steps, ``Y = H W_o.T`` forward, ``dY.T H`` and ``dY W_o``
    backward. ``library="torch"`` runs the same products, on the same memory, with ``torch.mm``:
    the two floors differ only in the BLAS library that multiplies.
    """
    if library not in ("numpy", "torch"):
        raise ValueError(f"library must be 'numpy' or 'torch'; got {library!r}")
    rng = np.random.default_rng(0)
    G, N = gates * H, T * B
    arrays = {
        "W_h": rng.standard_normal((G, H)), "W_x": rng.standard_normal((G, D)),
        "X": rng.standard_normal((D, N)), "HX": rng.standard_normal((H + D, N)),
        "hs": rng.standard_normal((T, H, B)), "dA": rng.standard_normal((G, N)),
        "A": np.empty((T, G, B)), "dh": np.empty((H, B)),
        "XW": np.empty((G, N)), "dX": np.empty((D, N)), "dW": np.empty((G, H + D)),
        "H_o": rng.standard_normal((N, H)), "W_o": rng.standard_normal((D, H)), "dY": rng.standard_normal((N, D)),
        "Y": np.empty((N, D)), "dW_o": np.empty((D, H)), "dH_o": np.empty((N, H)),
    }  # fmt: skip
    for name in ("W_h", "W_x", "W_o"):
        arrays[name + "T"] = np.ascontiguousarray(arrays[name].T)
    if library == "torch":
        import torch

        arrays, mm = {k: torch.from_numpy(v) for k, v in arrays.items()}, torch.mm
    else:
        mm = np.matmul
    a = arrays
    HX_T, dY_T = a["HX"].T, a["dY"].T

    def run():
        if not lm:
            mm(a["W_x"], a["X"], out=a["XW"])  # (4H, T*B): every step's input projection
        for t in range(T):
            mm(a["W_h"], a["hs"][t], out=a["A"][t])  # (4H, B)
        for t in range(T):
            mm(a["W_hT"], a["A"][t], out=a["dh"])  # (H, B)
        if not lm:
            mm(a["W_xT"], a["dA"], out=a["dX"])  # (D, T*B): the input gradient
        mm(a["dA"], HX_T, out=a["dW"])  # (4H, H+D): the weight gradient
        if lm:  # the readout, over all steps at once
            mm(a["H_o"], a["W_oT"], out=a["Y"])  # (T*B, V)
            mm(dY_T, a["H_o"], out=a["dW_o"])  # (V, H)
            mm(a["dY"], a["W_o"], out=a["dH_o"])  # (T*B, H)

    run.arrays = arrays  # operands and results by name, for a test to compare the two libraries
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


_KINDS = {"matmul": "matrix products", "sigmoid_of_negated": "activations", "tanh": "activations"}


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

    saved = _lstm_bptt.np, _lstm_bptt.sigmoid_of_negated, _lstm_bptt.tanh
    _lstm_bptt.np = TimedNumPy()
    _lstm_bptt.sigmoid_of_negated, _lstm_bptt.tanh = (timed("activations", f) for f in saved[1:])
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
        _lstm_bptt.np, _lstm_bptt.sigmoid_of_negated, _lstm_bptt.tanh = saved
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
    """Run every comparison. Returns a dict: ``rows`` (one per model and workload); ``floor``, one
    per workload: ``LSTMCell`` against its floor, with ``"blas"`` (our floor against PyTorch's) and
    ``"theirs"`` (``torch.nn.LSTM`` against PyTorch's floor); ``lm_floor``, the same for the
    language-model step (None without one); ``profile``, where ``LSTMCell``'s time goes on the
    largest workload (see ``profile``); and the machine: ``cpu``, ``blas``, the versions."""
    import torch

    torch.set_num_threads(1)
    f64, f32 = torch.float64, torch.float32
    rows, floors, lm_floor = [], [], None
    with threadpool_limits(limits=1):
        for T, B, D, H in workloads:
            runs = {name: floor(T, B, D, H, library=lib) for name, lib in FLOORS.items()}
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
            floors.append({"model": "LSTM", **shape, **compare(times, "LSTM", "floor"),
                           "blas": compare(times, "floor", "torch floor"),  # our products / PyTorch's
                           "theirs": compare(times, "LSTM f64", "torch floor")})  # fmt: skip
        if lm_step is not None:
            T, B, V, H = lm_step
            runs = {"ours": lm_ours(T, B, V, H)}
            runs.update({k: lm_theirs(T, B, V, H, t) for k, t in (("f64", f64), ("f32", f32))})
            runs.update({name: floor(T, B, V, H, lm=True, library=lib) for name, lib in FLOORS.items()})
            times = interleaved(runs, repeats, warmup, clock)
            row = {"model": "LM step", "T": T, "B": B, "D": V, "H": H}
            rows.append({**row, **{p: compare(times, "ours", p) for p in ("f64", "f32")}})
            lm_floor = {**row, **compare(times, "ours", "floor"), "blas": compare(times, "floor", "torch floor"),
                        "theirs": compare(times, "f64", "torch floor")}  # fmt: skip
    profiled = profile(*workloads[-1])
    machine = {"cpu": cpu_model(), "python": platform.python_version(), "blas": blas_libraries(torch)}
    return {"rows": rows, "floor": floors, "lm_floor": lm_floor,
            "profile": {"workload": list(workloads[-1]), **profiled}, "repeats": repeats, "clock": clock,
            "numpy": np.__version__, "torch": torch.__version__, **machine}  # fmt: skip


def cpu_model():
    """The processor's name as Linux reports it (``/proc/cpuinfo``), else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as f:
            names = re.findall(r"^model name\s*:\s*(.+)$", f.read(), flags=re.M)
    except OSError:
        names = []
    return names[0].strip() if names else platform.processor() or platform.machine()


def blas_libraries(torch):
    """Which BLAS library each side multiplies with: ``{"numpy": ..., "torch": ...}``.

    NumPy's from ``threadpoolctl`` (the library loaded and its version), PyTorch's from its build
    configuration (``BLAS_INFO``). ``"unknown"`` where neither says.
    """
    libs = [f"{i['internal_api']} {i['version'] or ''}".strip() for i in threadpool_info() if i["user_api"] == "blas"]
    found = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    names = {"mkl": "MKL", "open": "OpenBLAS", "openblas": "OpenBLAS", "accelerate": "Accelerate"}
    theirs = names.get(found.group(1).lower(), found.group(1)) if found else "unknown"
    return {"numpy": libs[0].replace("openblas", "OpenBLAS") if libs else "unknown", "torch": theirs}
