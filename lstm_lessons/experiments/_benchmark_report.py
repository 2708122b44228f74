"""The benchmark's results as tables and as sentences (``lstm_lessons.experiments.benchmark`` measures).

Every number written here is read from a result of ``benchmark.measure``: the appendix
shows them as measured when the page was built, and asserts nothing about speed.
"""

from ..presentation import _tables


def _ratio(c):
    """A median ratio and its interquartile range: ``0.52 (0.50-0.55)``."""
    return f"{c['ratio']:.2f} ({c['q1']:.2f}-{c['q3']:.2f})"


_HEAD = ["model", "T", "B", "D", "H", "ours (ms)", "PyTorch f64 (ms)", "ours / f64"]
_HEAD += ["PyTorch f32 (ms)", "ours / f32"]
_FLOOR_HEAD = ["model (T, B, D, H)", "ours (ms)", "floor (ms)", "ours / floor", "PyTorch's floor (ms)",
               "floor / PyTorch's", "PyTorch / its floor"]  # fmt: skip


_CAPTION = "Forward pass and BPTT: lstm_lessons against PyTorch, float64 and float32"
_FLOOR_CAPTION = "Each computation against its floor, the matrix products alone, in NumPy and in PyTorch"


def _rows(result):
    return [[r["model"], *(str(r[k]) for k in "TBDH"), f"{r['f64']['ours_ms']:.1f}",
             f"{r['f64']['theirs_ms']:.1f}", _ratio(r["f64"]),
             f"{r['f32']['theirs_ms']:.1f}", _ratio(r["f32"])] for r in result["rows"]]  # fmt: skip


def _floor_rows(result):
    floors = result["floor"] + ([result["lm_floor"]] if result.get("lm_floor") else [])
    return [[f"{r['model']} ({r['T']}, {r['B']}, {r['D']}, {r['H']})", f"{r['ours_ms']:.1f}",
             f"{r['theirs_ms']:.1f}", _ratio(r), f"{r['blas']['theirs_ms']:.1f}", _ratio(r["blas"]),
             _ratio(r["theirs"])] for r in floors]  # fmt: skip


def html_table(result, which="models"):
    """A result as an HTML table (the book renders HTML output): ``"models"`` or ``"floor"``."""
    if which == "floor":
        return _tables.html_table(_FLOOR_HEAD, _floor_rows(result), caption=_FLOOR_CAPTION)
    return _tables.html_table(_HEAD, _rows(result), caption=_CAPTION)


def table(result):
    """Both tables as Markdown, for a terminal."""
    models = _tables.markdown(_HEAD, _rows(result))
    return models + "\n\n" + _tables.markdown(_FLOOR_HEAD, _floor_rows(result))


def _span(rows, precision):
    ratios = [r[precision]["ratio"] for r in rows]
    lo, hi = min(ratios), max(ratios)
    return f"{lo:.2f}" if f"{lo:.2f}" == f"{hi:.2f}" else f"{lo:.2f} to {hi:.2f}"


def _listed(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe_profile(result):
    """Where ``LSTMCell``'s time went on the profiled workload, in one sentence (Markdown)."""
    p = result["profile"]
    T, B, D, H = p["workload"]
    parts = [f"{k} {p[k] / p['total']:.0%}" for k in ("matrix products", "activations", "elementwise", "the rest")]
    return (f"On the workload (T, B, D, H) = ({T}, {B}, {D}, {H}), one forward pass and BPTT of `LSTMCell` "
            f"({p['total']:.0f} ms with the timers) split into {_listed(parts)} (Python, indexing and "
            f"in-place operators), that is {1e3 * (p['total'] - p['matrix products']) / T:.0f} µs per step "
            f"besides the matrix products.")  # fmt: skip


def describe(result):
    """What one measurement found, in sentences (Markdown), every number read off ``result``."""
    rows = {}
    for r in result["rows"]:
        rows.setdefault(r["model"], []).append(r)
    lstm, gru, gru_after = rows["LSTM"], rows["GRU"], rows["GRU, reset after"]
    n = len(lstm)
    text = (
        f"At float64, `LSTMCell` needed {_span(lstm, 'f64')} times the time of `torch.nn.LSTM` "
        f"on the {n} workloads, and `GRUCell` {_span(gru, 'f64')} (the book's convention) and "
        f"{_span(gru_after, 'f64')} (reset after) times the time of `torch.nn.GRU`"
    )
    if "LM step" in rows:
        text += f"; the language-model step needed {_span(rows['LM step'], 'f64')} times PyTorch's"
    f32 = [r["f32"]["ratio"] for r in result["rows"]]
    slower = sum(x > 1 for x in f32)
    text += (
        f". Against PyTorch at float32 the ratios ran from {min(f32):.2f} to {max(f32):.2f}: "
        + (
            f"PyTorch was faster on {slower} of the {len(f32)} rows."
            if slower
            else "below 1 on every row."
        )  # fmt: skip
    )
    floor = _listed([f"{r['ratio']:.1f}" for r in result["floor"]])
    share = _listed([f"{1 / r['ratio']:.0%}" for r in result["floor"]])
    text += (
        f"\n\nOn the workloads in the order of the table, `LSTMCell` needed {floor} times the "
        f"time of its matrix products alone: the products were {share} of its time."
    )
    first, last = result["floor"][0]["ratio"], result["floor"][-1]["ratio"]
    if len(result["floor"]) > 1 and first > last:
        text += " The first workload, the smallest, was the furthest from its floor."
    elif len(result["floor"]) > 1:
        text += " This time the smallest workload was not the furthest from its floor."
    return text + " " + _describe_blas(result)


def _describe_blas(result):
    """The two BLAS libraries on the same products, and each library's distance from its own floor."""
    floors, blas = result["floor"], result.get("blas", {})
    ours, theirs = blas.get("numpy", "unknown"), blas.get("torch", "unknown")
    blas_ratios = _listed([f"{r['blas']['ratio']:.2f}" for r in floors])
    their_floor = _listed([f"{r['theirs']['ratio']:.1f}" for r in floors])
    text = (f"The same products took {blas_ratios} times as long with NumPy's BLAS library ({ours}) as with "
            f"PyTorch's ({theirs}) on this machine's processor ({result.get('cpu', 'unknown')}), and "
            f"`torch.nn.LSTM` needed {their_floor} times the time of its products. ")  # fmt: skip
    closer = sum(r["ratio"] < r["theirs"]["ratio"] for r in floors)
    if closer == len(floors):
        text += "`LSTMCell` was closer to its floor than `torch.nn.LSTM` to its own on every workload."
    else:
        text += (f"`LSTMCell` was closer to its floor than `torch.nn.LSTM` to its own on {closer} of the "
                 f"{len(floors)} workloads.")  # fmt: skip
    lm = result.get("lm_floor")
    if lm:
        text += (f" The language-model step needed {lm['ratio']:.1f} times the time of its products (the "
                 f"recurrent ones, the weight gradient and the readout's three), PyTorch's "
                 f"{lm['theirs']['ratio']:.1f} times the time of its own, and our products took "
                 f"{lm['blas']['ratio']:.2f} times as long as PyTorch's.")  # fmt: skip
    return text
