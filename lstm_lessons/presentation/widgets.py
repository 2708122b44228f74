"""Slider explorations that work live in Jupyter *and* in the static book.

One helper, :func:`explore`, is behind every slider in the book::

    def plot_forget(f, C_prev):          # one keyword per slider
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ...                              # labelled axes and a title
        return fig                       # a new Figure; no plt.show()

    explore(plot_forget, f=(0, 1, 0.05), C_prev=(-2, 2, 0.5, 1.0))

Contract: ``plot_fn(**values)`` gets exact grid values ``min + k*step`` (ints
for integer sliders, floats rounded to the step's decimals: ``0.3``, never
``0.30000000000000004``), builds a *new* fixed-size figure and returns it.
:func:`explore` renders it to PNG and closes it.  Returning a figure (rather
than drawing on a given ``ax``) lets one function drive multi-panel figures
and be reused outside sliders.

The returned :class:`Exploration` displays through ``_repr_mimebundle_`` as

* ``application/vnd.jupyter.widget-view+json``: a live ipywidgets box (a
  labelled slider with its value per parameter, and an ``Image``).  Releasing
  a slider re-calls ``plot_fn`` (``continuous_update=False``: a slow Binder
  kernel never queues a backlog of renders).  Frames are cached and figures
  closed, so memory stays flat.  JupyterLab, Notebook 7, VS Code and Binder
  show this.
* ``text/html``: a kernel-free player for the built book (myst-nb's
  ``nb_mime_priority_overrides`` drops the widget view there).  Every grid
  point is rendered once, as a PNG at 100 dpi quantised to 256 colours
  (3-8 kB, smaller than SVG, whose glyphs alone weigh 20-30 kB), embedded as
  ``data:`` URIs with an ``<input type=range>`` per slider and a few lines of
  inline JavaScript: no CDN, no network, no kernel.
* ``text/plain``.

**The static player is made only when the book is built.**  Rendering every
frame takes seconds (up to 40 figures) and makes a saved notebook weigh most
of a megabyte, which a student running the cell in Jupyter does not need: the
live widget is what they see.  So the ``text/html`` output is the full player
only when the environment variable ``LSTM_LESSONS_BUILDING_BOOK`` is ``1``
(``BOOK_BUILD_ENV``); otherwise it is one line saying that the static
preview is made when the book is built, and a live slider cell costs the
widget plus one figure.  ``make book`` sets the variable, and so does the
book's Sphinx extension ``book/_ext/static_players.py`` (for a plain
``jupyter-book build``), before any chapter is executed; the kernels inherit
it.  nbval and Jupyter leave it unset.  :meth:`Exploration.static_html`
always renders the player when called directly.

At most ``max_frames`` (40) frames are embedded.  A larger grid is thinned
for the static player only: each slider steps by a multiple of its live step
(longest sliders first, both ends kept) and the player's note says so.  We
prefer this to ``matplotlib.animation.Animation.to_jshtml``, whose player has
a single frame axis and play buttons but no label or value readout.
"""

import html
import io
import itertools
from base64 import b64encode
from collections import OrderedDict

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from PIL import Image

from lstm_lessons.presentation._sliders import parse_slider, static_strides
from lstm_lessons.presentation._static_player import NOTE, render_player
from lstm_lessons.training.progress import BOOK_BUILD_ENV, building_book  # noqa: F401 (re-exported)

MAX_FRAMES = 40  # frames embedded per exploration in the static book
DPI = 100  # same as the inline backend: frames look like the book's figures
_CACHE_SIZE = 256  # rendered frames kept per live exploration
_RENDERERS = OrderedDict()  # (width, height, dpi) -> an Agg renderer, reused by the frames of that size
_RENDERERS_KEPT = 4


def _shared_renderer(canvas):
    """Give ``canvas`` the renderer of the last frame of the same size, so that the frames of one
    exploration share it. Matplotlib caches the measurements of text (tick labels, mathtext) per
    renderer, and a fresh renderer per frame measured every label again: sharing one makes a
    player's frames about a quarter faster to draw, with the same pixels (``draw`` clears the
    renderer first). Canvases without the attributes this relies on keep their own renderer."""
    if not hasattr(canvas, "_lastKey"):  # matplotlib's private cache key, read by get_renderer
        return
    w, h = canvas.get_width_height(physical=True)
    key = (w, h, canvas.figure.dpi)
    renderer = _RENDERERS.pop(key, None) or RendererAgg(w, h, canvas.figure.dpi)
    _RENDERERS[key] = renderer  # the most recent last
    if len(_RENDERERS) > _RENDERERS_KEPT:
        _RENDERERS.popitem(last=False)
    canvas.renderer, canvas._lastKey = renderer, key


def render_png(fig, dpi=DPI):
    """PNG bytes of ``fig`` on white, quantised to 256 colours (small and deterministic).

    Consumes ``fig``: it is drawn on a fresh Agg canvas (with a renderer shared by the frames of
    the same size, see ``_shared_renderer``); the caller closes it.
    """
    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    _shared_renderer(canvas)
    canvas.draw()
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    rgb = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    small = rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG")
    return out.getvalue()


class Exploration:
    """What :func:`explore` returns: a live widget plus a static HTML player.

    Attributes: ``widget`` (the ipywidgets box), ``sliders`` (name ->
    ipywidgets slider), ``image`` (the ``ipywidgets.Image`` showing the current
    frame), ``specs`` (name -> :class:`Slider`).
    """

    def __init__(self, plot_fn, specs, title=None, max_frames=MAX_FRAMES, describe=None):
        self.plot_fn, self.specs, self.title, self.max_frames = plot_fn, specs, title, max_frames
        self.describe = describe
        self.strides = static_strides([len(s.values) for s in specs.values()], max_frames)
        self._cache = OrderedDict()
        self._html = None
        # One label width for all the sliders, so that their tracks line up.
        label_width = f"{max(len(s.label) for s in specs.values()) + 1}ch"
        self.sliders = {name: self._make_slider(s, label_width) for name, s in specs.items()}
        self.image = widgets.Image(value=self.frame(**self.values), format="png")
        for slider in self.sliders.values():
            slider.observe(self._update, names="value")
        heading = [widgets.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        self.widget = widgets.VBox(heading + list(self.sliders.values()) + [self.image])

    @staticmethod
    def _make_slider(s, label_width="initial"):
        kind = widgets.IntSlider if s.is_int else widgets.FloatSlider
        extra = {} if s.is_int else {"readout_format": f".{s.decimals}f"}
        return kind(
            value=s.values[s.default],
            min=s.values[0],
            max=s.values[-1],
            step=s.values[1] - s.values[0],
            description=s.label,
            continuous_update=False,
            style={"description_width": label_width},
            layout=widgets.Layout(width="420px"),
            **extra,
        )

    @property
    def values(self):
        """Current slider values, snapped to the exact grid: name -> value."""
        return {n: s.values[s.snap(self.sliders[n].value)] for n, s in self.specs.items()}

    def frame(self, **values):
        """PNG bytes of ``plot_fn(**values)``; cached, and the figure is closed."""
        key = tuple(values[n] for n in self.specs)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        fig = self.plot_fn(**values)
        if not isinstance(fig, Figure):
            raise TypeError(
                f"plot_fn must return a matplotlib Figure (end it with `return fig`); "
                f"got {type(fig).__name__}"
            )
        try:
            png = render_png(fig)
        finally:
            plt.close(fig)
        self._cache[key] = png
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return png

    def _update(self, change=None):
        self.image.value = self.frame(**self.values)

    def static_html(self):
        """The kernel-free player (computed once, then reused)."""
        if self._html is None:
            specs = list(self.specs.values())
            positions = [
                range(0, len(s.values), k) for s, k in zip(specs, self.strides, strict=True)
            ]
            frames, index, seen, alts = [], [], {}, []
            for js in itertools.product(*positions):
                values = {s.name: s.values[j] for s, j in zip(specs, js, strict=True)}
                png = self.frame(**values)
                if png not in seen:
                    seen[png] = len(frames)
                    frames.append("data:image/png;base64," + b64encode(png).decode("ascii"))
                index.append(seen[png])
                alts.append(self.alt_text(**values))
            start = [
                min(range(len(p)), key=lambda i: abs(p[i] - s.default))
                for s, p in zip(specs, positions, strict=True)
            ]
            coarse = [
                f"{s.label} by {s.fmt(s.values[k] - s.values[0])} "
                f"(live: {s.fmt(s.values[1] - s.values[0])})"
                for s, k in zip(specs, self.strides, strict=True)
                if k > 1
            ]
            note = NOTE + (" This preview steps " + ", ".join(coarse) + "." if coarse else "")
            self._html = render_player(
                self.title or "",
                [s.label for s in specs],
                [[s.text(j) for j in p] for s, p in zip(specs, positions, strict=True)],
                start,
                frames,
                index,
                note,
                alts,
            )
        return self._html

    def alt_text(self, **values):
        """What the frame at ``values`` shows, in words: ``describe(**values)``, else the values."""
        shown = ", ".join(f"{self.specs[n].label} = {self.specs[n].fmt(v)}" for n, v in values.items())
        if self.describe is None:
            return (f"{self.title}: " if self.title else "") + shown
        text = self.describe(**values)
        if not isinstance(text, str) or not text.strip():
            raise TypeError(f"describe must return a non-empty sentence (str); got {text!r} for {shown}")
        return text

    def placeholder_html(self):
        """The one-line ``text/html`` shown outside a book build (no frames rendered)."""
        title = f"<b>{html.escape(self.title)}</b>: " if self.title else ""
        return (
            f'<p class="lstm-explore-placeholder">{title}a slider exploration. It needs a '
            "running Jupyter kernel; its static preview is made when the book is built.</p>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = self.widget._repr_mimebundle_() if self.widget.comm is not None else {}
        data["text/html"] = self.static_html() if building_book() else self.placeholder_html()
        data["text/plain"] = repr(self)
        return data

    def __repr__(self):
        now = ", ".join(
            f"{n}={s.text(s.snap(self.sliders[n].value))}" for n, s in self.specs.items()
        )
        name = getattr(self.plot_fn, "__name__", type(self.plot_fn).__name__)
        return f"explore({name}, {now})  [live slider needs a running Jupyter kernel]"


def explore(plot_fn, *, title=None, describe=None, max_frames=MAX_FRAMES, **sliders):
    """Explore ``plot_fn`` with one slider per keyword argument.

    Parameters
    ----------
    plot_fn : callable
        ``plot_fn(**values) -> matplotlib.figure.Figure``; see the module docstring.
    title : str, optional
        Bold heading above the sliders (the figure keeps its own title).
    describe : callable, optional
        ``describe(**values) -> str``: one sentence saying what the frame at those values
        shows ("f = 0.9 keeps 90 % of the memory each step; after 20 steps 12 % is left").
        It is the frame's alt text in the static book and is announced (``aria-live``) when
        a slider moves. Without it, the alt text only lists the slider values.
    max_frames : int
        Most frames embedded in the static preview (default 40).
    **sliders : tuple or dict
        ``name=(min, max, step[, default])`` or ``name=dict(min=, max=, step=,
        default=, label=)``; ``name`` is the keyword passed to ``plot_fn``.

    Returns
    -------
    Exploration
        Displays as a live widget in Jupyter and as a static player in the book.

    Examples
    --------
    >>> explore(plot_forget, f=(0, 1, 0.05), C_prev=(-2, 2, 0.5, 1.0))  # doctest: +SKIP
    """
    if not callable(plot_fn):
        raise ValueError(f"plot_fn must be callable, returning a Figure; got {plot_fn!r}")
    if not sliders:
        raise ValueError(
            "explore needs at least one slider, e.g. explore(plot_fn, f=(0, 1, 0.05)); got none"
        )
    if describe is not None and not callable(describe):
        raise ValueError(f"describe must be callable, returning a sentence; got {describe!r}")
    if isinstance(max_frames, bool) or not isinstance(max_frames, int) or max_frames < 2:
        raise ValueError(f"max_frames must be an int >= 2; got {max_frames!r}")
    specs = {name: parse_slider(name, spec) for name, spec in sliders.items()}
    return Exploration(plot_fn, specs, title=title, max_frames=max_frames, describe=describe)
