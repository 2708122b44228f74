"""Text as an image, one coloured cell per character (private, for the chapters' figures).

Drawing hundreds of characters as matplotlib ``Text`` objects costs about a second a frame; a
slider over coloured text needs many frames. Here each character is drawn once, with PIL, into a
fixed grid of ``CELL_W x CELL_H`` pixels (a monospaced font), and every frame only mixes
background colours under that glyph layer: a few milliseconds.
"""

from functools import lru_cache

import numpy as np
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont

CELL_W, CELL_H, FONT_SIZE = 9, 16, 13  # pixels per character cell, font size in pixels


@lru_cache(maxsize=1)
def _font():
    return ImageFont.truetype(font_manager.findfont("DejaVu Sans Mono"), FONT_SIZE)


def text_lines(text, width):
    """``text`` split at newlines, each line cut into pieces of at most ``width`` characters.

    Returns the lines and, for each character of ``text``, its (row, column) cell (newlines get
    the cell just after their line's end, or -1 when that falls outside the grid).
    """
    lines, cells, row, col = [""], [], 0, 0
    for c in text:
        if c == "\n":
            cells.append((row, col) if col < width else (-1, -1))
            lines.append("")
            row, col = row + 1, 0
            continue
        if col == width:
            lines.append("")
            row, col = row + 1, 0
        lines[-1] += c
        cells.append((row, col))
        col += 1
    return lines, np.array(cells, dtype=int).reshape(-1, 2)


@lru_cache(maxsize=32)
def glyphs(lines, width):
    """The glyph layer: ink coverage in [0, 1], shape ``(rows * CELL_H, width * CELL_W)``."""
    image = Image.new("L", (width * CELL_W, len(lines) * CELL_H), 0)
    draw, font = ImageDraw.Draw(image), _font()
    for r, line in enumerate(lines):
        for c, ch in enumerate(line):
            if ch != " ":
                draw.text((c * CELL_W + CELL_W / 2, r * CELL_H + CELL_H / 2), ch, fill=255, font=font, anchor="mm")
    return np.asarray(image, dtype=np.float64) / 255.0


def compose(text, rgb, width=48, ink=(0.1, 0.1, 0.1), background=(1.0, 1.0, 1.0)):
    """An RGB image of ``text`` with each character's cell filled with its colour.

    Parameters
    ----------
    text : str
    rgb : array, shape (len(text), 3), values in [0, 1], or None for no colours
    width : int
        Characters per row of the grid; longer lines wrap.

    Returns
    -------
    image : ndarray, shape (rows * CELL_H, width * CELL_W, 3)
    """
    lines, cells = text_lines(text, width)
    ink_layer = glyphs(tuple(lines), width)[..., None]  # (Hpx, Wpx, 1)
    grid = np.empty((len(lines), width, 3))
    grid[...] = background
    if rgb is not None:
        keep = cells[:, 0] >= 0
        grid[cells[keep, 0], cells[keep, 1]] = np.asarray(rgb, dtype=np.float64)[keep]
    bg = np.repeat(np.repeat(grid, CELL_H, axis=0), CELL_W, axis=1)  # (Hpx, Wpx, 3)
    return bg * (1 - ink_layer) + np.asarray(ink) * ink_layer
