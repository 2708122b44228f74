import matplotlib as mpl

from lstm_lessons.style import CYCLE, GATE_COLORS, MODEL_COLORS, RC_PARAMS, model_color, style_context


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
