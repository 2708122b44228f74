"""Schematic diagrams of recurrent cells, drawn with matplotlib.

:func:`draw_cell` draws one step of a cell (RNN, LSTM, peephole LSTM, coupled
LSTM, GRU in both conventions) and can highlight the part a chapter teaches,
e.g. ``draw_cell("lstm", highlight="forget")``. :func:`draw_unrolled` draws the
chain of repeated modules over time, the states passed from step to step.
:func:`draw_symbols` is the legend of the symbols both use (layer box, pointwise
x and +, copy, concatenate, ...). Colours come from ``style.GATE_COLORS``.

Reading the LSTM diagram: the cell state runs along the top (the conveyor belt),
``C_{t-1} -> x f_t -> + i_t*C~_t -> C_t``; the inputs ``h_{t-1}`` and ``x_t`` enter
at the bottom left and are concatenated into ``[h_{t-1}, x_t]``, which feeds every
gate box; ``h_t = o_t * tanh(C_t)`` leaves on the right.
"""

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import _cell_layouts as layouts
from . import _symbols
from ._drawing import Sketch
from ._unrolled import draw_chain
from .style import GATE_COLORS, style_context

KINDS = ("rnn", "lstm", "peephole", "coupled", "gru", "gru_reset_after")
SYMBOLS = _symbols.SYMBOLS  # name -> what the symbol means, for draw_symbols

HIGHLIGHTS = {
    "rnn": ("hidden",),
    "lstm": ("forget", "input", "candidate", "output", "cell", "hidden"),
    "peephole": ("forget", "input", "candidate", "output", "cell", "hidden", "peephole"),
    "coupled": ("forget", "coupled", "candidate", "output", "cell", "hidden"),
    "gru": ("update", "reset", "candidate", "hidden"),
    "gru_reset_after": ("update", "reset", "candidate", "hidden"),
}

TITLES = {
    "rnn": "A simple (tanh) RNN cell",
    "lstm": "An LSTM cell",
    "peephole": "An LSTM cell with peephole connections",
    "coupled": "An LSTM cell with coupled forget and input gates",
    "gru": "A GRU cell (reset before the matmul, as Chung et al. 2014 write it)",
    "gru_reset_after": "A GRU cell (reset after the matmul, cuDNN / PyTorch)",
}

_CHAIN_NAMES = {
    "rnn": "An RNN",
    "lstm": "An LSTM",
    "peephole": "A peephole LSTM",
    "coupled": "A coupled-gate LSTM",
    "gru": "A GRU",
    "gru_reset_after": "A GRU (reset after)",
}

_LEGEND = {
    "forget": r"forget gate $f_t$",
    "input": r"input gate $i_t$",
    "candidate": r"candidate $\tilde{C}_t$",
    "output": r"output gate $o_t$",
    "cell": r"cell state $C_t$",
    "hidden": r"hidden state $h_t$",
    "input_x": r"input $x_t$",
    "peephole": r"peepholes $p_f, p_i, p_o$",
    "coupled": r"coupling $1-f_t$",
    "update": r"update gate $z_t$",
    "reset": r"reset gate $r_t$",
}
_GRU_LEGEND = {"candidate": r"candidate $\tilde{h}_t$"}


def draw_cell(kind="lstm", highlight=None, ax=None, title=None):
    """Draw one step of a recurrent cell, optionally highlighting some of its parts.

    Parameters
    ----------
    kind : {"rnn", "lstm", "peephole", "coupled", "gru", "gru_reset_after"}
    highlight : None, str or list of str
        Parts to draw in their ``GATE_COLORS`` colour with thicker lines; everything
        else is greyed out. Valid names depend on ``kind`` (see ``HIGHLIGHTS``), e.g.
        "forget", "input", "candidate", "output", "cell", "hidden", "peephole",
        "coupled" for the LSTM family and "update", "reset", "candidate", "hidden"
        for the GRU.
    ax : matplotlib Axes, optional
        Where to draw; a new 8 x 4 inch figure by default.
    title : str, optional
        Defaults to a description of ``kind`` and of the highlight.

    Returns
    -------
    fig : matplotlib Figure
    """
    kind = _check_kind(kind)
    chosen = _check_highlight(kind, highlight)
    with style_context():
        fig, ax = _canvas(ax, size=(8, 4))
        s = Sketch(ax, chosen)
        if kind == "rnn":
            layouts.rnn(s)
        elif kind.startswith("gru"):
            layouts.gru(s, reset_after=kind == "gru_reset_after")
        else:
            layouts.lstm_family(s, kind)
        _legend(ax, s, chosen, kind)
        ax.set_title(title or _title(kind, chosen))
        ax.set(xlim=(-0.9, 16.6), ylim=(-0.2, 7.5), aspect="equal")
        ax.axis("off")
    return fig


def draw_unrolled(n_steps=4, kind="rnn", ax=None, title=None):
    """Draw a recurrent network unrolled in time: the same module repeated ``n_steps`` times.

    Parameters
    ----------
    n_steps : int, 1 to 8
    kind : {"rnn", "lstm", "peephole", "coupled", "gru", "gru_reset_after"}
        LSTM-family modules pass two states (``h`` and ``C``) to the right.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    fig : matplotlib Figure
    """
    kind = _check_kind(kind)
    if isinstance(n_steps, bool) or not isinstance(n_steps, int) or not 1 <= n_steps <= 8:
        raise ValueError(f"n_steps must be an integer from 1 to 8; got {n_steps!r}")
    with style_context():
        own = ax is None
        fig, ax = _canvas(ax, size=(8, 3.2))
        draw_chain(Sketch(ax), n_steps, kind)
        if own:  # fit the figure's height to the chain, so long chains carry no empty margins
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            fig.set_size_inches(8, min(3.6, 8 * (y1 - y0) / (x1 - x0) + 0.5))
        name = _CHAIN_NAMES[kind]
        steps = f"{n_steps} time step{'s' if n_steps > 1 else ''}"
        ax.set_title(title or f"{name} unrolled over {steps}: one module, reused")
        ax.axis("off")
    return fig


def draw_symbols(symbols=None, ncols=2, ax=None, title="The symbols in the diagrams"):
    """Draw a legend of the symbols used in :func:`draw_cell` and :func:`draw_unrolled`.

    Parameters
    ----------
    symbols : None or list of str
        Which symbols, in order; all of ``SYMBOLS`` by default: "layer", "pointwise",
        "multiply", "add", "one_minus", "wire", "copy", "concatenate".
    ncols : int, 1 to 4
        Columns of the grid; the symbols fill each column top to bottom.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    fig : matplotlib Figure
    """
    names = list(SYMBOLS) if symbols is None else symbols
    if isinstance(names, str) or not names or any(n not in SYMBOLS for n in names):
        raise ValueError(
            f"symbols must be None or a non-empty list of {', '.join(map(repr, SYMBOLS))}; "
            f"got {symbols!r}"
        )
    if len(set(names)) != len(names):
        raise ValueError(f"symbols must not repeat a name; got {symbols!r}")
    if isinstance(ncols, bool) or not isinstance(ncols, int) or not 1 <= ncols <= 4:
        raise ValueError(f"ncols must be an integer from 1 to 4; got {ncols!r}")
    with style_context():
        own = ax is None
        ncols = min(ncols, len(names))
        fig, ax = _canvas(ax, size=(4 * ncols, 4))
        _symbols.draw_symbols(Sketch(ax), names, ncols)
        if own:  # 4 inches per column (8 at the book's width); the height fits the grid
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            fig.set_size_inches(4 * ncols, 4 * ncols * (y1 - y0) / (x1 - x0) + 0.5)
        ax.set_title(title)
        ax.axis("off")
    return fig


# -- validation and chrome ------------------------------------------------------
def _check_kind(kind):
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}; got {kind!r}")
    return kind


def _check_highlight(kind, highlight):
    if highlight is None:
        return ()
    items = [highlight] if isinstance(highlight, str) else list(highlight)
    valid = HIGHLIGHTS[kind]
    bad = [h for h in items if h not in valid]
    if bad or not items:
        raise ValueError(
            f"highlight for kind={kind!r} must be None or one or more of "
            f"{', '.join(map(repr, valid))}; got {highlight!r}"
        )
    return tuple(dict.fromkeys(items))


def _title(kind, chosen):
    if not chosen:
        return TITLES[kind]
    names = [_legend_name(kind, c).split(" $")[0] for c in chosen]
    short = TITLES[kind].split(" (")[0] + (" (reset after)" if kind == "gru_reset_after" else "")
    return f"{short}: the {' and '.join(names)}"


def _legend_name(kind, tag):
    return (_GRU_LEGEND.get(tag) if kind.startswith("gru") else None) or _LEGEND[tag]


def _canvas(ax, size):
    if ax is None:
        fig, ax = plt.subplots(figsize=size)
    return ax.figure, ax


def _legend(ax, s, chosen, kind):
    tags = list(chosen) or [t for t in s.shown if t not in ("input_x", "hidden")] or ["hidden"]
    handles = []
    for t in tags:
        if t in ("cell", "hidden", "peephole", "coupled", "input_x"):
            dashed = t == "peephole"
            handles.append(Line2D([], [], color=GATE_COLORS[t], lw=3, ls="--" if dashed else "-"))
        else:
            handles.append(Patch(facecolor=GATE_COLORS[t], edgecolor="none"))
    ax.legend(
        handles,
        [_legend_name(kind, t) for t in tags],
        loc="lower right",
        fontsize=9,
        bbox_to_anchor=(1.0, 0.0),
        handlelength=1.2,
        handletextpad=0.5,
        borderaxespad=0.1,
    )
