"""One colour per concept, the same in every figure of the book.

The palette is Okabe & Ito's (2008) colour-blind-safe set, topped up with three
colours from Paul Tol's "muted" scheme where a diagram needs more hues than
Okabe-Ito has, and with one violet for the eighth model (see ``MODEL_COLORS``).
Gates keep their colour across cells: the forget gate is the same vermillion in
the LSTM diagram, the gate heat map and the slider figures.

Importing this module changes nothing; :func:`style_context` applies the
book's matplotlib settings only inside a ``with`` block.
"""

from contextlib import contextmanager

import matplotlib as mpl

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

INK = "#333333"  # text and neutral wiring
MUTED = "#B8B8B8"  # parts of a diagram that are not being discussed

GATE_COLORS = {
    "forget": OKABE_ITO["vermillion"],  # f_t
    "input": OKABE_ITO["blue"],  # i_t
    "candidate": OKABE_ITO["bluish_green"],  # C~_t (and the GRU's h~_t)
    "output": OKABE_ITO["reddish_purple"],  # o_t
    "cell": OKABE_ITO["orange"],  # C_t, the conveyor belt
    "hidden": "#332288",  # h_t (Tol indigo)
    "input_x": "#555555",  # x_t
    "update": "#882255",  # GRU z_t (Tol wine)
    "reset": "#999933",  # GRU r_t (Tol olive)
    "peephole": OKABE_ITO["sky_blue"],  # p_f, p_i, p_o
}
# In the coupled cell, 1 - f_t plays the input gate's part, so it wears the input gate's colour.
GATE_COLORS["coupled"] = GATE_COLORS["input"]

# One colour per model, and one rule: no two models share a hue family, so that any two curves
# can be told apart with normal colour vision and with protan-, deutan- or tritanopia.
# Seven models take Okabe & Ito's colours (their yellow is too pale for a line on white).
# The eighth, the GRU with the reset after the product, takes a violet used nowhere else: in
# CIELAB it stays more than 40 from every other model's colour and 30 from every gate's, for
# normal vision and for the three deficiencies simulated after Machado et al. (2009)
# (tests/test_style.py checks this). Tol's wine, used before, was a darker shade of the GRU's
# pink, and readers could not tell the two GRUs apart.
MODEL_COLORS = {
    "rnn": OKABE_ITO["black"],
    "lstm": OKABE_ITO["blue"],
    "lstm_no_forget": OKABE_ITO["vermillion"],
    "lstm_bias0": OKABE_ITO["orange"],
    "peephole": OKABE_ITO["sky_blue"],
    "coupled": OKABE_ITO["bluish_green"],
    "gru": OKABE_ITO["reddish_purple"],
    "gru_reset_after": "#8800FF",  # violet
    # the forecasters of chapter 13 (the LSTM keeps its blue); picked so that every pair of
    # models stays apart for colour-blind readers (tests/test_style.py) with >= 3:1 contrast on white
    "persistence": "#991188",  # magenta
    "seasonal_naive": "#EE0055",  # crimson
    "linear_ar": "#003355",  # navy
    "attention": "#663311",  # brown
    "gru_bz_neg1": "#771133",  # wine: a control of chapter 10, the GRU started with b_z = -1
}

# Colours for curves whose labels are not models (e.g. weight scales), in order.
CYCLE = [
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    "#882255",
    OKABE_ITO["black"],
]

RC_PARAMS = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "mathtext.fontset": "dejavusans",
    "figure.constrained_layout.use": True,
}


def style_context():
    """The book's matplotlib settings, for one ``with`` block only.

    Readable font sizes, no top/right spines, the colour-blind-safe cycle.
    Every plotting function in the package draws inside this context, so a
    reader's own rcParams are left exactly as they were.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with style_context():
    ...     fig, ax = plt.subplots()

    Notes
    -----
    Only the keys of ``RC_PARAMS`` are restored on exit. ``matplotlib.rc_context``
    would restore *every* setting, including ``interactive``, which the inline
    backend switches on when the first figure is drawn: every later figure in the
    notebook would then silently fail to display.
    """
    return _only_these(RC_PARAMS)


@contextmanager
def _only_these(params):
    saved = {key: mpl.rcParams[key] for key in params}
    try:
        mpl.rcParams.update(params)
        yield
    finally:
        mpl.rcParams.update(saved)


def model_key(label):
    """The ``MODEL_COLORS`` key a label names ("GRU, reset after" -> "gru_reset_after"), or None."""
    key = str(label).lower().replace(",", "").replace("-", "_").replace(" ", "_")
    return key if key in MODEL_COLORS else None


def model_color(label, index=0):
    """A curve's colour: the model's own if ``label`` names a model, else ``CYCLE[index]``."""
    key = model_key(label)
    return MODEL_COLORS[key] if key else CYCLE[index % len(CYCLE)]
