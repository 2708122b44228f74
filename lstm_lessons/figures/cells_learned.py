"""Figures and measurements for chapter 12, what the cells of a character model learned.

* :func:`unit_correlations` correlates every unit's activity with a ground-truth label;
* :func:`cell_html` and :func:`plot_cell_text` colour a text by one unit's value, as
  Karpathy, Johnson & Fei-Fei (2015) did (HTML for the page, a figure for the slider);
* :func:`probe_correlation` asks the same of all units together, through a linear read-out;
* :func:`input_gradients` computes, with the package's BPTT, how strongly the prediction at one
  position depends on each earlier character (Madsen 2019); :func:`plot_gradient_text` colours
  the text by it and :func:`plot_gradient_decay` draws its average against the distance.
"""

import html

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colormaps

from ..presentation._text_image import compose
from ..presentation.style import INK, MODEL_COLORS, style_context
from .language_model import _text_axes

DIVERGING, SEQUENTIAL = colormaps["RdBu_r"], colormaps["Greens"]


def unit_correlations(states, label):
    """Pearson correlation of each unit's value with ``label`` over time.

    Parameters
    ----------
    states : array, shape (N, H)
        One row per character (e.g. ``tanh(C_t)``).
    label : array, shape (N,)
        The ground truth after each character (0/1 for "inside quotes", the bracket depth, ...).

    Returns
    -------
    r : ndarray, shape (H,)
        0 for a unit that never changes.
    """
    X, y = np.asarray(states, dtype=float), np.asarray(label, dtype=float)
    if X.ndim != 2 or y.shape != X.shape[:1]:
        raise ValueError(f"states must be (N, H) and label (N,); got {X.shape} and {y.shape}")
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    denom = np.sqrt((Xc**2).sum(axis=0) * (yc**2).sum())
    return np.divide(Xc.T @ yc, denom, out=np.zeros(X.shape[1]), where=denom > 0)


def probe_correlation(states, label):
    """How well *all* units together, read linearly, track ``label``: fit on the first half, score the second.

    A least-squares read-out ``label ~ states @ w + c`` is fitted on the first half of the rows and
    its predictions on the second half are correlated with the truth there.
    """
    X, y = np.asarray(states, dtype=float), np.asarray(label, dtype=float)
    half = len(X) // 2
    A = np.column_stack([X, np.ones(len(X))])
    w = np.linalg.lstsq(A[:half], y[:half], rcond=None)[0]
    return float(np.corrcoef(A[half:] @ w, y[half:])[0, 1])


def colors(values, limit=1.0, center=0.0, strength=0.6):
    """RGB colours, shape (N, 3): blue below ``center``, white at it, red above; full at ``center +- limit``.

    The palette is Karpathy's blue-white-red, mixed with white (``strength`` < 1) so that black
    text stays readable on every colour: at least 4.5:1 (WCAG AA) at the default strength, which
    ``tests/test_figures_cells_learned.py`` checks.
    """
    t = np.clip((np.asarray(values, dtype=float) - center) / limit, -1, 1)
    return 1.0 - strength * (1.0 - DIVERGING(0.5 + 0.5 * t)[:, :3])


def _hex(rgb):
    r, g, b = (np.asarray(rgb) * 255).round().astype(int)
    return f"#{r:02x}{g:02x}{b:02x}"


def cell_html(text, values, title, limit=1.0, center=0.0):
    """``text`` with each character's background coloured by its value: kernel-free HTML.

    Blue below ``center``, white at it, red above, full colour at ``center +- limit``; newlines are
    line breaks. The title and a colour key come first.
    """
    if len(values) != len(text):
        raise ValueError(f"values must have one entry per character: {len(text)}; got {len(values)}")
    rgb = colors(values, limit, center)
    spans = []
    for c, col in zip(text, rgb, strict=True):
        shown = "<br>" if c == "\n" else ("&nbsp;" if c == " " else html.escape(c))
        spans.append(f'<span style="background:{_hex(col)}">{shown}</span>')
    lo, mid, hi = (_hex(c) for c in colors([center - limit, center, center + limit], limit, center))
    key = (f'<span style="background:{mid}">&nbsp;white&nbsp;</span> {center:+.2f}, '
           f'<span style="background:{hi}">&nbsp;red&nbsp;</span> {limit:.2f} or more above it, '
           f'<span style="background:{lo}">&nbsp;blue&nbsp;</span> {limit:.2f} or more below')  # fmt: skip
    return (f'<div style="font-family:monospace;font-size:13px;line-height:1.45;color:#000;background:#fff;'
            f'padding:0.3em 0.5em">'
            f"<p><b>{html.escape(title)}</b> (colour key: {key})</p><p>{''.join(spans)}</p></div>")  # fmt: skip


def plot_cell_text(text, values, title, footer=None, limit=1.0, center=0.0, width=48):
    """The slider's frame: ``text`` as an image, each character's cell coloured as in ``colors``."""
    with style_context():
        return _text_axes(compose(text, colors(values, limit, center), width=width), title, footer)


def input_gradients(model, ids, position):
    """How much the prediction after ``position`` depends on each character up to it.

    With ``L = log p(c_{t+1} | c_0 .. c_t)`` at ``t = position`` (the log-probability the model
    gives the character that really comes next), returns ``||dL/dx_s||`` for ``s = 0 .. t``: the
    norm of the gradient with respect to the one-hot input at step ``s``, computed by backpropagation
    through time from a zero initial state.

    Returns
    -------
    norms : ndarray, shape (position + 1,)
    """
    ids = np.asarray(ids)
    if not 0 <= position < len(ids) - 1:
        raise ValueError(f"position must lie in 0..{len(ids) - 2} (a next character is needed); got {position}")
    V = model.cell.input_size
    logits = model.predict(np.eye(V)[ids[: position + 1]][:, None])  # (t+1, 1, V)
    z = logits[-1, 0] - logits[-1, 0].max()
    p = np.exp(z) / np.exp(z).sum()
    dlogits = -p
    dlogits[ids[position + 1]] += 1.0  # d log p(next) / d logits
    dhs = np.zeros((position + 1, 1, model.cell.hidden_size))
    dhs[-1, 0] = dlogits @ model.readout.params["W"]  # through the readout, at step t only
    _, dxs = model.cell.backward(dhs)  # (t+1, 1, V): back through time
    return np.linalg.norm(dxs[:, 0], axis=1)


def gradient_by_distance(model, ids, positions, max_distance, context=300):
    """Mean of ``input_gradients`` at distance ``d = t - s`` (``d = 0 .. max_distance``), over ``positions``.

    Each prediction is read from a zero state ``context`` characters before it (the gradient from
    further back is negligible when ``context`` is well beyond ``max_distance``), so the cost does
    not grow with the position.
    """
    if context <= max_distance:
        raise ValueError(f"context must exceed max_distance={max_distance}; got {context}")
    rows = []
    for t in positions:
        if not context <= t < len(ids) - 1:
            raise ValueError(f"every position must lie in {context}..{len(ids) - 2} (context={context}); got {t}")
        window = ids[t - context + 1 : t + 2]  # the context, ending with the character to predict
        rows.append(input_gradients(model, window, context - 1)[::-1][: max_distance + 1])
    return np.mean(rows, axis=0)


def gradient_colors(text, norms, position):
    """Colours for ``plot_gradient_text``: green by gradient norm up to ``position``, the predicted character yellow."""
    shade = np.zeros(len(text))
    shade[: position + 1] = np.asarray(norms) / max(float(np.max(norms)), 1e-12)
    rgb = SEQUENTIAL(0.05 + 0.85 * shade)[:, :3]
    rgb[position + 1 :] = 1.0
    rgb[position + 1] = (1.0, 0.85, 0.3)  # the character being predicted
    return rgb


def plot_gradient_text(text, panels, position, title, width=48):
    """``text`` coloured by how much the prediction after ``position`` depends on each character.

    Parameters
    ----------
    text : str
    panels : dict of str -> array, shape (position + 1,)
        One panel per model: label -> ``input_gradients`` at ``position``. Each panel is scaled to
        its own largest gradient (darker green: a larger share of it); later characters stay white.
    position : int
        The prediction is of the character at ``position + 1`` (shown in yellow).
    """
    nxt = text[position + 1].replace("\n", "newline").replace(" ", "space")
    images = [(label, compose(text, gradient_colors(text, norms, position), width=width))
              for label, norms in panels.items()]  # fmt: skip
    h, w = images[0][1].shape[:2]
    dpi, label_h, top, bottom = 100, 0.26, 0.42, 0.36
    height = top + bottom + len(images) * (h / dpi + label_h)
    W = max(w / dpi + 0.2, 6.2)  # inches: room for the title and the footer
    with style_context():
        fig = plt.figure(figsize=(W, height), dpi=dpi, layout="none")
        y = height - top
        for label, image in images:
            y -= label_h
            fig.text(0.1 / W, (y + 0.05) / height, label, fontsize=11, fontweight="bold", color=INK)
            y -= h / dpi
            ax = fig.add_axes((0.1 / W, y / height, (w / dpi) / W, (h / dpi) / height))
            ax.imshow(image, interpolation="nearest")
            ax.set_axis_off()
        fig.suptitle(title, x=0.1 / W, y=1 - 0.06 / height, ha="left", va="top",
                     fontsize=12, fontweight="bold", color=INK)  # fmt: skip
        fig.text(0.1 / W, 0.04 / height, f"predicting the yellow character ({nxt!r}); darker green: a larger gradient",
                 ha="left", va="bottom", fontsize=10, color=INK)  # fmt: skip
    return fig


def plot_gradient_decay(curves, title="How far back the prediction looks"):
    """Mean gradient norm against distance, one curve per model, log scale.

    ``curves``: label -> mean norms at distances 0, 1, 2, ... (``gradient_by_distance``).
    """
    with style_context():
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        for label, norms in curves.items():
            key = label.split(",")[0].strip().lower()
            ax.semilogy(np.arange(len(norms)), norms, color=MODEL_COLORS.get(key, INK), lw=2, label=label)
        ax.set(xlabel="distance back from the predicted character (characters)",
               ylabel="mean gradient norm", title=title)  # fmt: skip
        ax.legend()
    return fig
