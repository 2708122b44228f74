"""Heat maps of gate activations over time; ``plots.plot_gate_heatmap`` re-exports it.

Each gate gets its own row, coloured from white (0) to the gate's colour in
``style.GATE_COLORS`` (1); signed quantities (candidates, states) run from dark
grey (negative) through white to the colour.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import MaxNLocator

from .style import GATE_COLORS, style_context

# Gate keys as ``cell.gates`` names them -> (concept in GATE_COLORS, label, value range).
GATE_NAMES = {
    "f": ("forget", r"forget gate $f_t$", (0, 1)),
    "i": ("input", r"input gate $i_t$", (0, 1)),
    "o": ("output", r"output gate $o_t$", (0, 1)),
    "C_tilde": ("candidate", r"candidate $\tilde{C}_t$", (-1, 1)),
    "z": ("update", r"update gate $z_t$", (0, 1)),
    "r": ("reset", r"reset gate $r_t$", (0, 1)),
    "h_tilde": ("candidate", r"candidate $\tilde{h}_t$", (-1, 1)),
    "C": ("cell", r"cell state $C_t$", None),
    "h": ("hidden", r"hidden state $h_t$", (-1, 1)),
}


def plot_gate_heatmap(gates, tokens=None, ax=None, title="Gate activations over time"):
    """One heat map per gate: hidden units (rows) against time (columns).

    Parameters
    ----------
    gates : dict of str -> array, shape (T, hidden) or (T,)
        Keys as in ``cell.gates`` ("f", "i", "C_tilde", "o", "z", "r", "h_tilde")
        or ``cell.states`` ("C", "h"); pick one sequence of a batch first, e.g.
        ``{k: v[:, 0] for k, v in cell.gates.items()}``.
    tokens : sequence of str, length T, optional
        Labels for the time axis (e.g. the words of the story).
    ax : sequence of Axes, one per gate, optional

    Returns
    -------
    fig : matplotlib Figure
    """
    if not isinstance(gates, dict) or not gates:
        raise ValueError(
            f"gates must be a non-empty dict of name -> (T, hidden) array; got {gates!r}"
        )
    arrays = {k: _as_2d(k, v) for k, v in gates.items()}
    steps = {a.shape[0] for a in arrays.values()}
    if len(steps) != 1:
        raise ValueError(
            f"every gate must cover the same number of time steps; got {sorted(steps)}"
        )
    (T,) = steps
    if tokens is not None and len(tokens) != T:
        raise ValueError(f"tokens must have one label per time step ({T}); got {len(tokens)}")
    with style_context():
        if ax is None:
            fig, axes = plt.subplots(
                len(arrays), 1, figsize=(8, 1.1 + 1.3 * len(arrays)), sharex=True, squeeze=False
            )
            axes = axes[:, 0]
        else:
            axes = np.atleast_1d(ax)
            if len(axes) != len(arrays):
                raise ValueError(f"ax must hold one Axes per gate ({len(arrays)}); got {len(axes)}")
            fig = axes[0].figure
        for a, (key, values) in zip(axes, arrays.items(), strict=True):
            _one_heatmap(a, key, values)
        axes[-1].set_xlabel("time step $t$" if tokens is None else "input token")
        if tokens is not None:
            axes[-1].set_xticks(
                range(T),
                [str(t) for t in tokens],
                rotation=45 if T > 12 else 0,
                ha="right" if T > 12 else "center",
            )
        fig.suptitle(title, fontweight="bold")
    return fig


def _as_2d(name, values):
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.size == 0:
        hint = (
            "; pick one sequence of the batch first, e.g. gates['f'][:, 0]" if arr.ndim == 3 else ""
        )
        raise ValueError(f"gates[{name!r}] must have shape (T, hidden); got {arr.shape}{hint}")
    return arr


def _one_heatmap(ax, key, values):
    concept, label, vrange = GATE_NAMES.get(key, ("hidden", key, None))
    if vrange is None:
        top = float(np.max(np.abs(values))) or 1.0
        vrange = (-top, top)
    if vrange[0] == 0:
        cmap = LinearSegmentedColormap.from_list(concept, ["white", GATE_COLORS[concept]])
    else:
        cmap = LinearSegmentedColormap.from_list(
            concept, ["#404040", "white", GATE_COLORS[concept]]
        )
    im = ax.imshow(
        values.T, aspect="auto", cmap=cmap, vmin=vrange[0], vmax=vrange[1], interpolation="nearest"
    )
    ax.figure.colorbar(im, ax=ax, pad=0.01, fraction=0.04)
    ax.set_ylabel("unit", fontsize=10)
    ax.set_title(label, loc="left", fontsize=11)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=min(values.shape[1], 5), integer=True))
