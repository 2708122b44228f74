"""Drawing primitives for the cell diagrams: boxes, pointwise nodes, wires.

Every part carries a set of *tags* (concepts from ``style.GATE_COLORS``, such as
``"forget"``). A :class:`Sketch` decides each part's look from its tags and the
set of highlighted concepts:

* nothing highlighted: every part in its own colour;
* a highlighted tag: the concept's colour, full opacity, thicker lines;
* otherwise: muted grey, so the highlighted path stands out.

Patches get a ``gid`` such as ``"box:forget"`` or ``"node:cell"`` so tests and
readers can find them (``[p for p in ax.patches if p.get_gid() == "box:forget"]``).
"""

from matplotlib import patheffects
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .style import GATE_COLORS, INK, MUTED

BOX_W, BOX_H = 1.1, 0.9  # gate boxes, in data units (1 unit = 0.5 inch at book width)
NODE_R = 0.28  # pointwise x / + nodes
LW = 1.6  # wire width; highlighted parts use LW * HIGHLIGHT_GAIN
HIGHLIGHT_GAIN = 1.9


class Sketch:
    """Draws tagged parts onto one Axes in data coordinates."""

    def __init__(self, ax, highlight=frozenset()):
        self.ax = ax
        self.highlight = frozenset(highlight)
        self.shown = []  # tags that appear in the drawing, in order of first use

    # -- colour logic ---------------------------------------------------------
    def look(self, tags):
        """``(colour, state)`` for a part; state is "normal", "on" or "off"."""
        tags = [t for t in tags if t in GATE_COLORS]
        for t in tags:
            if t not in self.shown:
                self.shown.append(t)
        if not self.highlight:
            return (GATE_COLORS[tags[0]] if tags else INK), "normal"
        for t in tags:
            if t in self.highlight:
                return GATE_COLORS[t], "on"
        return MUTED, "off"

    def _lw(self, state, base=LW):
        return base * HIGHLIGHT_GAIN if state == "on" else base

    def _text_color(self, state):
        return "#A0A0A0" if state == "off" else INK

    # -- parts ----------------------------------------------------------------
    def wire(self, points, tags=(), arrow=True, dashed=False, gap=False, lw=LW):
        """A polyline through ``points``; an arrowhead at the last point if ``arrow``.

        ``gap=True`` draws a white halo under the line, so wires it crosses look
        cut: the reader sees which line passes over which.
        """
        color, state = self.look(tags)
        width = self._lw(state, lw)
        style = (0, (4, 2.5)) if dashed else "-"
        z = 3 if state == "on" else 2
        effects = [patheffects.withStroke(linewidth=width + 5, foreground="white")] if gap else None
        xs, ys = zip(*points, strict=True)
        end = len(points) - 1 if arrow else len(points)
        if end >= 2:
            line = self.ax.plot(
                xs[:end],
                ys[:end],
                color=color,
                lw=width,
                ls=style,
                solid_capstyle="butt",
                solid_joinstyle="round",
                zorder=z,
            )[0]
            line.set_gid(f"wire:{tags[0]}" if tags else "wire")
            if effects:
                line.set_path_effects(effects)
        if arrow:
            head = FancyArrowPatch(
                points[-2],
                points[-1],
                arrowstyle="-|>",
                mutation_scale=9 + 2 * width,
                color=color,
                lw=width,
                linestyle=style,
                shrinkA=0,
                shrinkB=0,
                zorder=z,
                capstyle="butt",
                joinstyle="miter",
            )
            head.set_gid(f"wire:{tags[0]}" if tags else "wire")
            if effects:
                head.set_path_effects(effects)
            self.ax.add_patch(head)

    def box(self, xy, symbol, tags, gid=None, w=BOX_W, h=BOX_H, fontsize=15):
        """A gate box (an affine map then a squashing function), labelled ``symbol``."""
        color, state = self.look(tags)
        x, y = xy
        face = "#EDEDED" if state == "off" else color
        edge = "#C4C4C4" if state == "off" else "white"
        patch = FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.15",
            facecolor=face,
            edgecolor=edge,
            lw=self._lw(state, 1.2),
            zorder=4,
        )
        patch.set_gid(gid or f"box:{tags[0]}")
        self.ax.add_patch(patch)
        if state == "on":
            patch.set_edgecolor(INK)
        txt = "#A0A0A0" if state == "off" else "white"
        fontsize = fontsize if "tanh" not in symbol else min(fontsize, 12)
        self.ax.text(
            x,
            y,
            symbol,
            ha="center",
            va="center",
            fontsize=fontsize,
            color=txt,
            fontweight="bold",
            zorder=5,
        )
        return _Anchors(x, y, w / 2, h / 2)

    def node(self, xy, symbol, tags, gid=None, r=NODE_R, fontsize=13):
        """A pointwise operation (x, +, 1-) drawn as a small circle."""
        color, state = self.look(tags)
        patch = Circle(xy, r, facecolor="white", edgecolor=color, lw=self._lw(state, 1.5), zorder=4)
        patch.set_gid(gid or f"node:{tags[0]}")
        self.ax.add_patch(patch)
        self.ax.text(
            xy[0],
            xy[1],
            symbol,
            ha="center",
            va="center",
            fontsize=fontsize,
            color=self._text_color(state) if state != "on" else color,
            zorder=5,
        )
        return _Anchors(xy[0], xy[1], r, r)

    def dot(self, xy, tags=()):
        """A junction where a wire splits."""
        color, state = self.look(tags)
        self.ax.add_patch(Circle(xy, 0.07 if state != "on" else 0.1, color=color, zorder=4))

    def label(self, xy, text, tags=(), fontsize=12, **kw):
        """A mathtext label beside a part; greyed with it when something else is highlighted."""
        _, state = self.look(tags)
        kw.setdefault("ha", "left")
        kw.setdefault("va", "center")
        weight = "bold" if state == "on" else "normal"
        return self.ax.text(
            xy[0],
            xy[1],
            text,
            fontsize=fontsize,
            color=self._text_color(state),
            fontweight=weight,
            zorder=6,
            **kw,
        )

    def outline(self, x0, y0, x1, y1):
        """The cell's rounded outline, behind everything."""
        self.ax.add_patch(
            FancyBboxPatch(
                (x0, y0),
                x1 - x0,
                y1 - y0,
                boxstyle="round,pad=0,rounding_size=0.4",
                facecolor="#F7F7F7",
                edgecolor="#D0D0D0",
                lw=1.2,
                zorder=0,
            )
        )


class _Anchors:
    """Where wires meet a part: ``top``, ``bottom``, ``left``, ``right`` (x, y) points."""

    def __init__(self, x, y, half_w, half_h):
        self.x, self.y = x, y
        self.top, self.bottom = (x, y + half_h), (x, y - half_h)
        self.left, self.right = (x - half_w, y), (x + half_w, y)
