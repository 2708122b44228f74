"""Where every part of each cell diagram goes; used by ``diagrams.draw_cell``.

Coordinates are data units on a 17.5 x 7.7 canvas (1 unit is about 0.46 inch at
book width). Each function draws one kind of cell onto a ``_drawing.Sketch``,
tagging every part with the concept it belongs to, so that highlighting works.
"""

from ._drawing import NODE_R

Y_TOP, Y_NODE, Y_GATE, Y_BUS = 6.8, 5.0, 3.3, 1.3  # rows of the layout (data units)


def _inputs(s, x_concat=2.2, bus_end=10.0):
    """``h_{t-1}`` from the left and ``x_t`` from below, joined into the bus ``[h_{t-1}, x_t]``."""
    s.wire([(-0.3, Y_BUS), (x_concat, Y_BUS)], ["hidden"], arrow=False)
    s.label((-0.35, Y_BUS), r"$h_{t-1}$", ["hidden"], ha="right")
    s.wire([(x_concat, -0.1), (x_concat, Y_BUS)], ["input_x"], arrow=False)
    s.label((x_concat + 0.15, 0.05), r"$x_t$", ["input_x"])
    s.wire([(x_concat, Y_BUS), (bus_end, Y_BUS)], arrow=False)
    s.dot((x_concat, Y_BUS))
    s.label((x_concat + 0.2, Y_BUS - 0.38), r"$[h_{t-1}, x_t]$", fontsize=10)


def _gate(s, x, symbol, tag, name, label_dx=0.15):
    """A gate box fed from the bus below; returns its anchors."""
    s.dot((x, Y_BUS))
    g = s.box((x, Y_GATE), symbol, [tag])
    s.wire([(x, Y_BUS), g.bottom], [tag])
    s.label((x + label_dx, Y_GATE + 0.85), name, [tag])
    return g


def rnn(s):
    s.outline(0.9, 0.6, 12.8, 6.2)
    _inputs(s, bus_end=6.0)
    g = s.box((6.0, Y_GATE), r"$\tanh$", ["hidden"], fontsize=13, w=1.4)
    s.wire([(6.0, Y_BUS), g.bottom], ["hidden"])
    s.wire([g.top, (6.0, Y_NODE), (15.4, Y_NODE)], ["hidden"])
    s.label((15.5, Y_NODE), r"$h_t$", ["hidden"])
    s.label((6.9, Y_GATE), r"$h_t = \tanh(W_h\,[h_{t-1}, x_t] + b_h)$", ["hidden"], fontsize=11)


def lstm_family(s, kind):
    r = NODE_R
    xf, xi, xc, xo, xt = (
        4.0,
        6.0,
        7.6,
        10.0,
        12.0,
    )  # columns: forget, input, candidate, output, tanh
    s.outline(0.9, 0.6, 12.8, 7.3)
    # the conveyor belt: C_{t-1} -> x f_t -> + -> C_t
    s.wire([(-0.3, Y_TOP), (xf - r, Y_TOP)], ["cell"], lw=2.6)
    s.label((-0.35, Y_TOP), r"$C_{t-1}$", ["cell"], ha="right")
    s.node((xf, Y_TOP), r"$\times$", ["forget", "cell"], gid="node:forget")
    s.wire([(xf + r, Y_TOP), (xc - r, Y_TOP)], ["cell"], lw=2.6)
    write = ["input", "candidate"] if kind != "coupled" else ["coupled", "candidate"]
    s.node((xc, Y_TOP), "+", ["cell", *write], gid="node:cell")
    s.wire([(xc + r, Y_TOP), (15.4, Y_TOP)], ["cell"], lw=2.6)
    s.label((15.5, Y_TOP), r"$C_t$", ["cell"])
    _inputs(s)
    # forget gate
    f = _gate(s, xf, r"$\sigma$", "forget", r"$f_t$")
    s.wire([f.top, (xf, Y_TOP - r)], ["forget"])
    # input gate (or the coupling 1 - f_t) times the candidate
    mul = s.node((xc, Y_NODE), r"$\times$", write, gid="node:write")
    if kind == "coupled":
        s.dot((xf, Y_NODE), ["forget"])
        one = s.node((xi, Y_NODE), r"$1-$", ["coupled"], gid="node:coupled", r=0.4, fontsize=11)
        s.wire([(xf, Y_NODE), one.left], ["coupled"])
        s.wire([one.right, mul.left], ["coupled"])
        s.label((xi - 0.45, Y_NODE + 0.55), r"$1-f_t$", ["coupled"], fontsize=11)
    else:
        i = _gate(s, xi, r"$\sigma$", "input", r"$i_t$")
        s.wire([i.top, (xi, Y_NODE), mul.left], ["input"])
    c = _gate(s, xc, r"$\tanh$", "candidate", r"$\tilde{C}_t$")
    s.wire([c.top, mul.bottom], ["candidate"])
    s.wire([mul.top, (xc, Y_TOP - r)], write)
    # output gate: h_t = o_t * tanh(C_t)
    o = _gate(s, xo, r"$\sigma$", "output", r"$o_t$")
    s.ax.texts[-1].set_position((xo + 0.65, Y_GATE + 0.3))
    s.dot((xt, Y_TOP), ["cell"])
    th = s.box((xt, Y_NODE), r"$\tanh$", ["output"], gid="box:tanh_C", w=1.0, h=0.55, fontsize=11)
    s.wire([(xt, Y_TOP), th.top], ["output"])
    hmul = s.node((xt, Y_GATE), r"$\times$", ["output"], gid="node:output")
    s.wire([th.bottom, hmul.top], ["output"])
    s.wire([o.right, hmul.left], ["output"])
    s.wire([hmul.right, (15.4, Y_GATE)], ["hidden"])
    s.label((15.5, Y_GATE), r"$h_t$", ["hidden"])
    if kind == "peephole":
        _peepholes(s, xf, xi, xo, f)


def _peepholes(s, xf, xi, xo, f):
    """Dashed peepholes: f_t and i_t look at C_{t-1}, o_t looks at C_t (Gers & Schmidhuber 2000)."""
    tap, y_split = 2.9, 5.75
    s.dot((tap, Y_TOP), ["peephole"])
    s.wire([(tap, Y_TOP), (tap, Y_GATE), f.left], ["peephole"], dashed=True)
    s.wire(
        [(tap, y_split), (xi - 0.3, y_split), (xi - 0.3, Y_GATE + 0.45)],
        ["peephole"],
        dashed=True,
        gap=True,
    )
    s.dot((xo, Y_TOP), ["peephole"])
    s.wire([(xo, Y_TOP), (xo, Y_GATE + 0.45)], ["peephole"], dashed=True)
    s.label((tap - 0.1, 4.3), r"$p_f$", ["peephole"], ha="right", fontsize=11)
    s.label((xi - 1.25, y_split + 0.3), r"$p_i$", ["peephole"], fontsize=11)
    s.label((xo + 0.15, Y_NODE + 0.5), r"$p_o$", ["peephole"], fontsize=11)


def gru(s, reset_after):
    """h_t = (1 - z_t) * h_{t-1} + z_t * h~_t, with r_t acting on h_{t-1} (before or after W_hh)."""
    r = NODE_R
    xz, xr, xm, xc, y_h, y_x = 5.0, 8.0, 10.2, 12.5, 1.9, 1.2
    s.outline(0.6, 0.6, 13.6, 7.3)
    # the state line: h_{t-1} -> x (1 - z_t) -> + z_t * h~_t -> h_t
    s.wire([(-0.3, Y_TOP), (xz - r, Y_TOP)], ["hidden"], lw=2.6)
    s.label((-0.35, Y_TOP), r"$h_{t-1}$", ["hidden"], ha="right")
    keep = s.node((xz, Y_TOP), r"$\times$", ["update"], gid="node:keep")
    s.wire([keep.right, (xc - r, Y_TOP)], ["hidden"], lw=2.6)
    s.node((xc, Y_TOP), "+", ["update", "hidden"], gid="node:hidden")
    s.wire([(xc + r, Y_TOP), (15.4, Y_TOP)], ["hidden"], lw=2.6)
    s.label((15.5, Y_TOP), r"$h_t$", ["hidden"])
    # h_{t-1} and x_t run along two buses at the bottom
    s.dot((1.2, Y_TOP), ["hidden"])
    s.wire([(1.2, Y_TOP), (1.2, y_h), (xm, y_h)], ["hidden"], arrow=False)
    s.wire([(2.2, -0.1), (2.2, y_x), (xc, y_x)], ["input_x"], arrow=False)
    s.label((2.35, 0.05), r"$x_t$", ["input_x"])
    for x, tag, sym, name in ((xz, "update", r"$z_t$", "z"), (xr, "reset", r"$r_t$", "r")):
        s.dot((x, y_x), ["input_x"])
        s.dot((x, y_h), ["hidden"])
        g = s.box((x, Y_GATE), r"$\sigma$", [tag])
        s.wire([(x, y_x), g.bottom], [tag])
        if name == "z":
            z_out = g
        else:
            s.wire([g.right, (xm - r, Y_GATE)], ["reset"])
            s.label((xr + 0.7, Y_GATE + 0.3), sym, ["reset"])
    # update gate: 1 - z_t keeps the old state, z_t lets the candidate in
    s.label((xz + 0.15, Y_GATE + 0.85), r"$z_t$", ["update"])
    s.dot((xz, Y_NODE), ["update"])
    s.wire([z_out.top, (xz, Y_NODE)], ["update"], arrow=False)
    one = s.node((xz, 5.9), r"$1-$", ["update"], gid="node:update", r=0.4, fontsize=11)
    s.wire([(xz, Y_NODE), one.bottom], ["update"])
    s.wire([one.top, keep.bottom], ["update"])
    mix = s.node((xc, Y_NODE), r"$\times$", ["update", "candidate"], gid="node:mix")
    s.wire([(xz, Y_NODE), mix.left], ["update"])
    # reset gate on h_{t-1}, then the candidate
    rm = s.node((xm, Y_GATE), r"$\times$", ["reset"], gid="node:reset")
    if reset_after:
        lin = s.box((xm, 2.55), r"$W_{hh}$", ["hidden"], gid="box:W_hh", w=0.95, h=0.5, fontsize=10)
        s.wire([(xm, y_h), lin.bottom], ["hidden"], arrow=False)
        s.wire([lin.top, rm.bottom], ["hidden"])
        note = r"$\tilde{h}_t = \tanh(W_{hx}x_t + b_h + r_t \odot (W_{hh}h_{t-1} + b_{hh}))$"
    else:
        s.wire([(xm, y_h), rm.bottom], ["hidden"])
        note = r"$\tilde{h}_t = \tanh(W_h\,[r_t \odot h_{t-1},\, x_t] + b_h)$"
    cand = s.box((xc, Y_GATE), r"$\tanh$", ["candidate"], fontsize=13)
    s.wire([rm.right, cand.left], ["reset"])
    s.wire([(xc, y_x), cand.bottom], ["candidate"])
    s.wire([cand.top, mix.bottom], ["candidate"])
    s.label((xc + 0.15, Y_GATE + 0.9), r"$\tilde{h}_t$", ["candidate"])
    s.wire([mix.top, (xc, Y_TOP - r)], ["update", "candidate"])
    s.label((3.5, 0.2), note, ["candidate", "reset"], fontsize=10)
