"""The cell diagrams: every kind and highlight draws, highlights recolour, bad input is refused."""

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import same_color

from lstm_lessons import diagrams
from lstm_lessons.style import GATE_COLORS, MODEL_COLORS, MUTED

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
    assert set(MODEL_COLORS) == {
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
    from lstm_lessons.style import style_context

    with style_context():
        assert matplotlib.rcParams["axes.spines.top"] is False
    assert dict(matplotlib.rcParams) == before
