import matplotlib as mpl
import matplotlib.colors as mcolors
import numpy as np

from lstm_lessons.presentation.style import (
    CYCLE,
    GATE_COLORS,
    MODEL_COLORS,
    RC_PARAMS,
    model_color,
    style_context,
)


def test_style_context_restores_only_its_own_settings():
    """The inline backend turns `interactive` on inside our first plot; that must survive the block."""
    before_interactive = mpl.is_interactive()
    key = next(iter(RC_PARAMS))
    outside = mpl.rcParams[key]
    try:
        mpl.interactive(False)
        with style_context():
            assert mpl.rcParams[key] == RC_PARAMS[key]
            mpl.interactive(True)
        assert mpl.is_interactive(), "style_context undid a change it did not make"
        assert mpl.rcParams[key] == outside
    finally:
        mpl.interactive(before_interactive)


def test_one_distinct_colour_per_gate_and_per_model():
    for palette in (GATE_COLORS, MODEL_COLORS):
        assert len(set(palette.values())) >= len(palette) - 1  # "coupled" shares the input gate's blue
    assert GATE_COLORS["coupled"] == GATE_COLORS["input"]
    assert len(set(MODEL_COLORS.values())) == len(MODEL_COLORS)


def test_model_color_reads_labels_as_readers_write_them():
    assert model_color("GRU, reset after") == model_color("gru_reset_after") == MODEL_COLORS["gru_reset_after"]
    assert model_color("LSTM") == MODEL_COLORS["lstm"] and model_color("coupled-LSTM", 3) == CYCLE[3]


# Colour-vision deficiencies simulated after Machado, Oliveira & Fernandes (2009), severity 1,
# applied to linear RGB; distances are CIE76 Delta E in CIELAB (D65).
_CVD = {
    "normal": np.eye(3),
    "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritan": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}  # fmt: skip


def _lab(color, vision):
    srgb = np.array(mcolors.to_rgb(color))
    rgb = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    rgb = np.clip(np.asarray(_CVD[vision]) @ rgb, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _delta_e(a, b):
    """The smallest Delta E between two colours over normal vision and the three deficiencies."""
    return min(float(np.linalg.norm(_lab(a, v) - _lab(b, v))) for v in _CVD)


def test_colour_distance_by_hand():
    assert _delta_e("#FFFFFF", "#FFFFFF") == 0
    assert np.linalg.norm(_lab("#FFFFFF", "normal") - [100, 0, 0]) < 0.1
    assert np.linalg.norm(_lab("#000000", "normal")) < 1e-9
    assert _delta_e("#000000", "#FFFFFF") > 99  # black and white differ for everyone


def test_model_colours_stay_apart_for_colour_blind_readers():
    """The rule in style.py: every pair of models apart for all readers; the two GRUs clearly so."""
    names = list(MODEL_COLORS)
    for k, a in enumerate(names):
        for b in names[k + 1 :]:
            d = _delta_e(MODEL_COLORS[a], MODEL_COLORS[b])
            assert d > 15, f"{a} and {b} are only Delta E {d:.0f} apart for some readers"
    d = _delta_e(MODEL_COLORS["gru"], MODEL_COLORS["gru_reset_after"])
    assert d > 40, f"the two GRU colours are only Delta E {d:.0f} apart (review: hard to tell apart)"
    for name in names:
        if name != "gru_reset_after":
            assert _delta_e(MODEL_COLORS["gru_reset_after"], MODEL_COLORS[name]) > 40, name
    for gate, color in GATE_COLORS.items():
        assert _delta_e(MODEL_COLORS["gru_reset_after"], color) > 30, f"too close to the {gate} gate"
