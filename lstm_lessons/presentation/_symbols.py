"""The legend of the diagrams' symbols, used by ``diagrams.draw_symbols``.

Each symbol is drawn with the same ``_drawing.Sketch`` parts as the cell diagrams, so the
legend shows exactly what a reader meets in ``draw_cell`` and ``draw_unrolled``.
"""

from ._drawing import BOX_H, BOX_W, NODE_R

# name -> (what it means, in words); the order is the legend's reading order
SYMBOLS = {
    "layer": "a layer with its own weights,\n"
    r"$\sigma(W\,[h_{t-1}, x_t] + b)$ or $\tanh(\ldots)$;" + "\nits colour names the gate",
    "pointwise": r"$\tanh$ of each entry," + "\nno weights",
    "multiply": "multiply entry by entry ($\\odot$):\na gate scales a vector",
    "add": "add entry by entry",
    "one_minus": "$1 - v$ for each entry $v$\n(coupled gates, the GRU)",
    "wire": "a vector, flowing\nthe way the arrow points",
    "copy": "copy: the same vector\ngoes both ways",
    "concatenate": "concatenate: two vectors joined\n" r"into one, $[h_{t-1}, x_t]$",
}
ROW_H, COL_W, GLYPH_W = 1.55, 8.6, 2.2  # data units: one row, one column, the glyph's room


def draw_symbols(s, names, ncols):
    """Draw the symbols ``names`` in a grid of ``ncols`` columns onto the Sketch ``s``."""
    nrows = -(-len(names) // ncols)
    for k, name in enumerate(names):
        col, row = k // nrows, k % nrows  # fill columns top to bottom, like reading a list
        x, y = col * COL_W + GLYPH_W / 2, -row * ROW_H
        _GLYPHS[name](s, x, y)
        s.label((x + GLYPH_W / 2 + 0.2, y), SYMBOLS[name], fontsize=11, linespacing=1.3)
    s.ax.set(
        xlim=(-0.3, ncols * COL_W - 0.2),
        ylim=(-(nrows - 0.5) * ROW_H, 0.5 * ROW_H),
        aspect="equal",
    )


def _layer(s, x, y):
    s.box((x, y), r"$\sigma$", (), gid="symbol:layer")


def _pointwise(s, x, y):
    s.box((x, y), r"$\tanh$", (), gid="symbol:pointwise", w=1.0, h=0.55, fontsize=11)


def _node(symbol, gid, **kw):
    def draw(s, x, y):
        r = kw.get("r", NODE_R)
        s.node((x, y), symbol, (), gid=gid, **kw)
        s.wire([(x - 0.9, y), (x - r, y)])
        s.wire([(x + r, y), (x + 0.9, y)])

    return draw


def _wire(s, x, y):
    s.wire([(x - 0.9, y), (x + 0.9, y)])


def _copy(s, x, y):
    """One wire in, a dot, and the same wire out twice (as where the bus feeds each gate)."""
    s.wire([(x - 0.9, y - 0.25), (x - 0.1, y - 0.25)], arrow=False)
    s.dot((x - 0.1, y - 0.25))
    s.wire([(x - 0.1, y - 0.25), (x + 0.9, y - 0.25)])
    s.wire([(x - 0.1, y - 0.25), (x - 0.1, y + 0.55)])


def _concatenate(s, x, y):
    """h_{t-1} from the left and x_t from below join into one wire (as in the cell diagrams)."""
    s.wire([(x - 0.9, y + 0.1), (x - 0.2, y + 0.1)], ["hidden"], arrow=False)
    s.wire([(x - 0.2, y - 0.6), (x - 0.2, y + 0.1)], ["input_x"], arrow=False)
    s.wire([(x - 0.2, y + 0.1), (x + 0.9, y + 0.1)])
    s.dot((x - 0.2, y + 0.1))


_GLYPHS = {
    "layer": _layer,
    "pointwise": _pointwise,
    "multiply": _node(r"$\times$", "symbol:multiply"),
    "add": _node("+", "symbol:add"),
    "one_minus": _node(r"$1-$", "symbol:one_minus", r=0.4, fontsize=11),
    "wire": _wire,
    "copy": _copy,
    "concatenate": _concatenate,
}
assert set(_GLYPHS) == set(SYMBOLS)
assert BOX_W < GLYPH_W and BOX_H < ROW_H  # a gate box fits its cell of the grid
