"""The unrolled chain of repeated modules, used by ``diagrams.draw_unrolled``.

Each module's new state leaves on its right and goes to the next module; the hidden state
``h_k`` is also copied upwards, as the step's output (a dot marks the copy, as in the cell
diagrams). Every wire between two modules is labelled with the state it carries.
"""

from matplotlib.patches import FancyBboxPatch

from .style import INK

_MODULE_TEXT = {
    "rnn": r"$\tanh$",
    "lstm": "LSTM",
    "peephole": "LSTM\n+peep",
    "coupled": "CIFG",
    "gru": "GRU",
    "gru_reset_after": "GRU",
}
STEP, BOX_W, BOX_H, Y = 3.6, 1.9, 1.5, 2.4
FORK = 0.4  # how far right of a module its h_k is copied upwards
Y_OUT = 4.5  # where the outputs h_k end


def draw_chain(s, n_steps, kind):
    """Draw ``n_steps`` copies of one module, the state passed left to right.

    ``s`` is a ``_drawing.Sketch``. LSTM-family modules pass two wires, ``C`` (top)
    and ``h`` (bottom); the RNN and the GRU pass ``h`` only.
    """
    two_states = kind in ("lstm", "peephole", "coupled")
    rows = (
        [("cell", "C", Y + 0.4), ("hidden", "h", Y - 0.4)] if two_states else [("hidden", "h", Y)]
    )
    xs = [1.8 + k * STEP for k in range(n_steps)]
    for k, x in enumerate(xs, start=1):
        _module(s, x, k, _MODULE_TEXT[kind])
    right = xs[-1] + BOX_W / 2 + 1.3  # where the last states end
    for tag, sym, y in rows:
        s.wire([(xs[0] - BOX_W / 2 - 1.0, y), (xs[0] - BOX_W / 2, y)], [tag])
        s.label((xs[0] - BOX_W / 2 - 1.05, y), rf"${sym}_0$", [tag], ha="right", fontsize=12)
        for k, x in enumerate(xs, start=1):
            end = xs[k] - BOX_W / 2 if k < n_steps else right
            s.wire([(x + BOX_W / 2, y), (end, y)], [tag])
            above = tag == "cell" or not two_states  # C labels above its wire, h below its own
            at = (x + BOX_W / 2 + FORK + 0.75, y + (0.28 if above else -0.28))
            if k < n_steps:
                s.label(
                    at,
                    rf"${sym}_{{{k}}}$",
                    [tag],
                    ha="center",
                    fontsize=11,
                    va="bottom" if above else "top",
                )
        s.label((right + 0.05, y), rf"${sym}_{{{n_steps}}}$", [tag], fontsize=12)
    y_h = rows[-1][2]
    for k, x in enumerate(xs, start=1):  # h_k is copied upwards: the step's output
        fork = x + BOX_W / 2 + FORK
        s.dot((fork, y_h), ["hidden"])
        s.wire([(fork, y_h), (fork, Y_OUT)], ["hidden"], gap=two_states)
        s.label((fork, Y_OUT + 0.3), rf"$h_{{{k}}}$", ["hidden"], ha="center", fontsize=12)
    s.wire([(xs[0] - 0.6, -0.45), (xs[-1] + 0.6, -0.45)], lw=1.0)
    s.label(
        ((xs[0] + xs[-1]) / 2, -0.75),
        "time: the same module and the same weights at every step",
        ha="center",
        va="top",
        fontsize=10,
    )
    left = xs[0] - BOX_W / 2 - 1.6
    s.ax.set(xlim=(left - 0.6, right + 1.2), ylim=(-1.4, Y_OUT + 0.8), aspect="equal")


def _module(s, x, k, text):
    """One copy of the module at ``x``, with its input ``x_k`` entering from below."""
    s.ax.add_patch(
        FancyBboxPatch(
            (x - BOX_W / 2, Y - BOX_H / 2),
            BOX_W,
            BOX_H,
            boxstyle="round,pad=0,rounding_size=0.25",
            facecolor="#F2F2F2",
            edgecolor=INK,
            lw=1.4,
            zorder=3,
            gid=f"module:{k}",
        )
    )
    s.ax.text(x, Y, text, ha="center", va="center", fontsize=12, zorder=4, linespacing=1.0)
    s.wire([(x, 0.25), (x, Y - BOX_H / 2)], ["input_x"])
    s.label((x + 0.12, 0.35), rf"$x_{{{k}}}$", ["input_x"], fontsize=12)
