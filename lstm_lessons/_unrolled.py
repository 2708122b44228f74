"""The unrolled chain of repeated modules, used by ``diagrams.draw_unrolled``."""

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
STEP, BOX_W, BOX_H, Y = 3.2, 1.9, 1.5, 2.4


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
        s.ax.text(
            x,
            Y,
            _MODULE_TEXT[kind],
            ha="center",
            va="center",
            fontsize=12,
            zorder=4,
            linespacing=1.0,
        )
        s.wire([(x, 0.25), (x, Y - BOX_H / 2)], ["input_x"])
        s.label((x + 0.12, 0.35), rf"$x_{k}$", ["input_x"], fontsize=12)
        s.wire([(x, Y + BOX_H / 2), (x, 4.35)], ["hidden"])
        s.label((x, 4.65), rf"$h_{k}$", ["hidden"], ha="center", fontsize=12)
    for tag, sym, y in rows:
        s.wire([(xs[0] - BOX_W / 2 - 1.0, y), (xs[0] - BOX_W / 2, y)], [tag])
        s.label((xs[0] - BOX_W / 2 - 1.05, y), rf"${sym}_0$", [tag], ha="right", fontsize=12)
        for a, b in zip(xs[:-1], xs[1:], strict=True):
            s.wire([(a + BOX_W / 2, y), (b - BOX_W / 2, y)], [tag])
        s.wire([(xs[-1] + BOX_W / 2, y), (xs[-1] + BOX_W / 2 + 1.0, y)], [tag])
        s.label((xs[-1] + BOX_W / 2 + 1.05, y), rf"${sym}_{{{n_steps}}}$", [tag], fontsize=12)
    left, right = xs[0] - BOX_W / 2 - 1.6, xs[-1] + BOX_W / 2 + 1.7
    s.wire([(xs[0] - 0.6, -0.45), (xs[-1] + 0.6, -0.45)], lw=1.0)
    s.label(
        ((xs[0] + xs[-1]) / 2, -0.75),
        "time: the same module and the same weights at every step",
        ha="center",
        va="top",
        fontsize=10,
    )
    s.ax.set(xlim=(left - 0.6, right + 0.6), ylim=(-1.4, 5.1), aspect="equal")
