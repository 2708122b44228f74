"""The cell diagrams: every kind and highlight draws, highlights recolour, bad input is refused."""

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import same_color

from lstm_lessons.presentation import diagrams
from lstm_lessons.presentation.style import GATE_COLORS, MODEL_COLORS, MUTED

CASES = [(k, h) for k in diagrams.KINDS for h in (None, *diagrams.HIGHLIGHTS[k])]


def _patch(fig, gid):
    found = [p for p in fig.axes[0].patches if p.get_gid() == gid]
    assert found, f"no patch with gid {gid!r}"
    return found[0]


@pytest.mark.parametrize("kind, highlight", CASES)
def test_every_kind_and_highlight_draws_with_a_title_and_legend(kind, highlight):
    fig = diagrams.draw_cell(kind, highlight=highlight)
    ax = fig.axes[0]
    assert ax.get_title()
    assert ax.get_legend() is not None and ax.get_legend().get_texts()
    assert fig.get_size_inches()[0] == pytest.approx(8)


@pytest.mark.parametrize("gate", ["forget", "input", "candidate", "output"])
def test_highlighted_gate_wears_its_colour_and_the_others_are_muted(gate):
    fig = diagrams.draw_cell("lstm", highlight=gate)
    assert same_color(_patch(fig, f"box:{gate}").get_facecolor(), GATE_COLORS[gate])
    for other in {"forget", "input", "candidate", "output"} - {gate}:
        assert not same_color(_patch(fig, f"box:{other}").get_facecolor(), GATE_COLORS[other])


def test_no_highlight_colours_every_gate():
    fig = diagrams.draw_cell("lstm")
    for gate in ("forget", "input", "candidate", "output"):
        assert same_color(_patch(fig, f"box:{gate}").get_facecolor(), GATE_COLORS[gate])


def test_highlight_list_and_gru_gates():
    fig = diagrams.draw_cell("gru", highlight=["update", "reset"])
    assert same_color(_patch(fig, "box:update").get_facecolor(), GATE_COLORS["update"])
    assert same_color(_patch(fig, "box:reset").get_facecolor(), GATE_COLORS["reset"])
    assert not same_color(_patch(fig, "box:candidate").get_facecolor(), GATE_COLORS["candidate"])


def _wires(ax, gid):
    return [a for a in [*ax.lines, *ax.patches] if a.get_gid() == gid]


def _color(artist):
    return artist.get_color() if hasattr(artist, "get_xdata") else artist.get_edgecolor()


def test_highlighting_the_cell_state_colours_the_belt_thicker():
    plain = _wires(diagrams.draw_cell("lstm").axes[0], "wire:cell")
    lit = _wires(diagrams.draw_cell("lstm", highlight="cell").axes[0], "wire:cell")
    muted = _wires(diagrams.draw_cell("lstm", highlight="forget").axes[0], "wire:cell")
    assert lit and all(same_color(_color(w), GATE_COLORS["cell"]) for w in lit)
    assert min(w.get_linewidth() for w in lit) > max(w.get_linewidth() for w in plain)
    assert all(same_color(_color(w), MUTED) for w in muted)


def test_peephole_lines_are_dashed_and_coupled_has_one_minus_node():
    ax = diagrams.draw_cell("peephole", highlight="peephole").axes[0]
    dashed = [ln for ln in ax.lines if ln.get_linestyle() != "-"]
    assert dashed and all(same_color(ln.get_color(), GATE_COLORS["peephole"]) for ln in dashed)
    fig = diagrams.draw_cell("coupled", highlight="coupled")
    assert same_color(_patch(fig, "node:coupled").get_edgecolor(), GATE_COLORS["coupled"])
    assert not [p for p in fig.axes[0].patches if p.get_gid() == "box:input"]


def test_reset_after_gru_shows_the_recurrent_matmul_before_the_reset():
    gids = {p.get_gid() for p in diagrams.draw_cell("gru_reset_after").axes[0].patches}
    assert "box:W_hh" in gids
    assert "box:W_hh" not in {p.get_gid() for p in diagrams.draw_cell("gru").axes[0].patches}


def test_draws_into_a_given_axes():
    fig, ax = plt.subplots()
    assert diagrams.draw_cell("rnn", ax=ax, title="mine") is fig
    assert ax.get_title() == "mine"


def test_bad_kind_names_the_choices():
    with pytest.raises(ValueError, match=r"kind must be one of .*'lstm'.*got 'lsmt'"):
        diagrams.draw_cell("lsmt")


@pytest.mark.parametrize(
    "kind, bad",
    [
        ("lstm", "reset"),
        ("gru", "forget"),
        ("lstm", ["forget", "x"]),
        ("lstm", []),
        ("coupled", "input"),
    ],
)
def test_bad_highlight_names_the_choices_for_that_kind(kind, bad):
    with pytest.raises(ValueError, match=rf"highlight for kind='{kind}' must be .*got"):
        diagrams.draw_cell(kind, highlight=bad)


@pytest.mark.parametrize("kind", diagrams.KINDS)
@pytest.mark.parametrize("n", [1, 4, 8])
def test_unrolled_chain_has_one_module_per_step(kind, n):
    fig = diagrams.draw_unrolled(n, kind=kind)
    ax = fig.axes[0]
    modules = [p for p in ax.patches if str(p.get_gid()).startswith("module:")]
    assert len(modules) == n
    assert f"{n} time step" in ax.get_title()


@pytest.mark.parametrize("n", [0, 9, 2.5, True, "4"])
def test_unrolled_refuses_bad_lengths(n):
    with pytest.raises(ValueError, match="n_steps must be an integer from 1 to 8"):
        diagrams.draw_unrolled(n)


def test_palettes_cover_every_concept_and_model():
    assert set(GATE_COLORS) >= {
        "forget",
        "input",
        "candidate",
        "output",
        "cell",
        "hidden",
        "input_x",
        "update",
        "reset",
        "peephole",
    }
    assert set(MODEL_COLORS) >= {
        "rnn",
        "lstm",
        "lstm_no_forget",
        "lstm_bias0",
        "peephole",
        "coupled",
        "gru",
        "gru_reset_after",
    }
    assert len(set(MODEL_COLORS.values())) == len(MODEL_COLORS)


def test_style_context_leaves_global_rcparams_alone():
    before = dict(matplotlib.rcParams)
    from lstm_lessons.presentation.style import style_context

    with style_context():
        assert matplotlib.rcParams["axes.spines.top"] is False
    assert dict(matplotlib.rcParams) == before


# -- the unrolled chain passes its states on; the legend of symbols ---------------------------
def _text_boxes(fig):
    """Window extents of every non-empty text in the figure's first Axes (drawn first)."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(r)) for t in fig.axes[0].texts if t.get_text()]


def _overlapping(boxes, pad=1.0):
    """Pairs of named boxes that overlap by more than ``pad`` pixels each way."""
    out = []
    for k, (a, ba) in enumerate(boxes):
        for b, bb in boxes[k + 1 :]:
            if (
                ba.x0 + pad < bb.x1
                and bb.x0 + pad < ba.x1
                and ba.y0 + pad < bb.y1
                and bb.y0 + pad < ba.y1
            ):
                out.append((a, b))
    return out


@pytest.mark.parametrize("kind, n", [("lstm", 3), ("rnn", 4), ("gru", 2), ("coupled", 8)])
def test_unrolled_chain_labels_every_state_it_passes_on(kind, n):
    fig = diagrams.draw_unrolled(n, kind=kind)
    texts = [t for t, _ in _text_boxes(fig)]
    states = ["h", "C"] if kind in ("lstm", "coupled") else ["h"]
    for s in states:
        assert f"${s}_0$" in texts and f"${s}_{{{n}}}$" in texts
        for k in range(1, n):  # the wire from step k to step k+1 is labelled with its state
            assert f"${s}_{{{k}}}$" in texts
    for k in range(1, n + 1):  # every step's input and its output h_k
        assert f"$x_{{{k}}}$" in texts
        assert texts.count(f"$h_{{{k}}}$") == 2  # on the wire (or the end) and as the output
    if "C" not in states:
        assert not any("C_" in t for t in texts)


@pytest.mark.parametrize("kind, n", [("lstm", 3), ("rnn", 4), ("peephole", 8)])
def test_unrolled_chain_labels_do_not_overlap(kind, n):
    fig = diagrams.draw_unrolled(n, kind=kind)
    boxes = _text_boxes(fig)
    assert not _overlapping(boxes)
    r = fig.canvas.get_renderer()
    modules = [p.get_window_extent(r) for p in fig.axes[0].patches if "module:" in str(p.get_gid())]
    labels = [(t, b) for t, b in boxes if t[:3] in ("$x_", "$h_", "$C_")]  # state and input labels
    for t, b in labels:
        assert not _overlapping([(t, b)] + [("module", m) for m in modules]), t
    fig_box = fig.bbox
    assert all(fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 for _, b in boxes)


def test_unrolled_copies_h_upwards_at_a_dot_per_step():
    ax = diagrams.draw_unrolled(3, kind="lstm").axes[0]
    dots = [p for p in ax.patches if type(p).__name__ == "Circle"]
    assert len(dots) == 3 and all(
        same_color(d.get_facecolor(), GATE_COLORS["hidden"]) for d in dots
    )


def test_symbols_legend_draws_every_symbol_with_its_words():
    fig = diagrams.draw_symbols()
    ax = fig.axes[0]
    assert ax.get_title() == "The symbols in the diagrams"
    texts = [t.get_text() for t in ax.texts]
    for name, words in diagrams.SYMBOLS.items():
        assert words in texts, name
    gids = {p.get_gid() for p in ax.patches}
    for name in ("layer", "pointwise", "multiply", "add", "one_minus"):
        assert f"symbol:{name}" in gids
    assert {"$\\sigma$", "$\\tanh$", "$\\times$", "+", "$1-$"} <= set(texts)  # as in draw_cell
    words = ("multiply", "add", "copy", "concatenate")  # the review's list, spelled out
    assert all(any(w in t for t in texts) for w in words)


@pytest.mark.parametrize("ncols", [1, 2, 3, 4])
def test_symbols_legend_has_no_overlaps(ncols):
    fig = diagrams.draw_symbols(ncols=ncols)
    boxes = _text_boxes(fig)
    assert not _overlapping(boxes)
    r = fig.canvas.get_renderer()
    glyphs = [("glyph", p.get_window_extent(r)) for p in fig.axes[0].patches]
    for words in diagrams.SYMBOLS.values():  # a description never runs into a glyph
        matches = [b for t, b in boxes if t == words]
        assert len(matches) == 1
        box = matches[0]
        assert not any(_overlapping([(words, box), glyph]) for glyph in glyphs)
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and box.y0 >= fig.bbox.y0


def test_symbols_subset_in_order_and_into_a_given_axes():
    fig, ax = plt.subplots()
    assert diagrams.draw_symbols(["add", "multiply"], ax=ax, title="mine") is fig
    words = [t.get_text() for t in ax.texts if t.get_text() in diagrams.SYMBOLS.values()]
    assert words == [diagrams.SYMBOLS["add"], diagrams.SYMBOLS["multiply"]]
    assert ax.get_title() == "mine"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(symbols=["add", "divide"]), "symbols must be None or a non-empty list of"),
        (dict(symbols=[]), "symbols must be None or a non-empty list of"),
        (dict(symbols="add"), "symbols must be None or a non-empty list of"),
        (dict(symbols=["add", "add"]), "must not repeat"),
        (dict(ncols=0), "ncols must be an integer from 1 to 4"),
        (dict(ncols=2.0), "ncols must be an integer from 1 to 4"),
        (dict(ncols=True), "ncols must be an integer from 1 to 4"),
    ],
)
def test_symbols_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        diagrams.draw_symbols(**kwargs)


@pytest.mark.parametrize("kind", diagrams.KINDS)
def test_cell_diagram_labels_do_not_overlap(kind):
    assert not _overlapping(_text_boxes(diagrams.draw_cell(kind)))
