"""Tests for lstm_lessons.presentation.widgets.explore: live widget, static player, bad specs."""

import base64
import json
import re
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lstm_lessons.presentation.widgets import BOOK_BUILD_ENV, MAX_FRAMES, explore  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class Recorder:
    """A plot_fn that records its calls and draws a figure depending on every value."""

    def __init__(self):
        self.calls = []

    def __call__(self, **values):
        self.calls.append(values)
        fig, ax = plt.subplots(figsize=(3, 2))
        t = np.arange(10)
        a, b = values.get("f", 0.5), values.get("C_prev", 1.0)
        ax.plot(t, b * a**t, color="C0")
        ax.set_ylim(-2.1, 2.1)
        ax.set(xlabel="time step t", ylabel="C_t", title=f"f={a}, C_prev={b}")
        return fig


def player_data(html):
    blob = re.search(
        r'<script type="application/json" class="lstm-explore-data">(.*?)</script>', html, re.S
    ).group(1)
    return json.loads(blob)


def test_moving_a_live_slider_redraws_with_the_exact_grid_value():
    plot = Recorder()
    e = explore(plot, f=(0, 1, 0.05))
    assert plot.calls == [{"f": 0.5}]  # default: the middle
    before = e.image.value
    e.sliders["f"].value = 0.30000000000000004  # float noise from a front end
    assert plot.calls[-1] == {"f": 0.3}  # snapped to the grid
    assert e.image.value != before
    e.sliders["f"].value = 0.5  # cached: no new call
    assert len(plot.calls) == 2 and e.image.value == before
    assert plt.get_fignums() == []  # every figure closed


def test_live_sliders_show_label_value_and_format():
    e = explore(
        Recorder(),
        f={"min": 0, "max": 1, "step": 0.05, "label": "forget gate f"},
        C_prev=(-2, 2, 0.5, 1.0),
        T=(1, 9, 2),
    )
    f, c, t = e.sliders["f"], e.sliders["C_prev"], e.sliders["T"]
    assert (f.description, f.min, f.max, f.step, f.readout_format) == (
        "forget gate f",
        0,
        1,
        0.05,
        ".2f",
    )
    assert (c.value, c.readout_format) == (1.0, ".1f")
    assert type(t).__name__ == "IntSlider" and t.value == 5 and t.readout
    assert e.values == {"f": 0.5, "C_prev": 1.0, "T": 5}
    widths = {sl.style.description_width for sl in e.sliders.values()}
    assert widths == {f"{len('forget gate f') + 1}ch"}  # one label column: the tracks line up


def test_mimebundle_has_live_widget_static_html_and_text(monkeypatch):
    monkeypatch.setenv(BOOK_BUILD_ENV, "1")  # as during the book build
    e = explore(Recorder(), title="Forgetting", f=(0, 1, 0.25))
    bundle = e._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == e.widget.model_id
    assert 'class="lstm-explore"' in bundle["text/html"]
    assert "Static preview" in bundle["text/html"] and "Binder" in bundle["text/html"]
    assert bundle["text/plain"].startswith("explore(Recorder")


def test_a_live_cell_renders_one_frame_and_the_book_build_renders_them_all(monkeypatch):
    """Outside a book build, displaying an exploration draws only the current frame."""
    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)
    plot = Recorder()
    e = explore(plot, title="Forgetting", f=(0, 1, 0.05))
    bundle = e._repr_mimebundle_()
    assert len(plot.calls) == 1  # the live widget's first frame, nothing else
    assert bundle[WIDGET_VIEW]["model_id"] == e.widget.model_id
    assert "lstm-explore-placeholder" in bundle["text/html"]
    assert "made when the book is built" in bundle["text/html"]
    assert "data:image" not in bundle["text/html"] and "Forgetting" in bundle["text/html"]
    for other in ("0", "yes", ""):  # only "1" turns the players on
        monkeypatch.setenv(BOOK_BUILD_ENV, other)
        e._repr_mimebundle_()
        assert len(plot.calls) == 1, f"{BOOK_BUILD_ENV}={other!r} rendered frames"
    monkeypatch.setenv(BOOK_BUILD_ENV, "1")
    bundle = e._repr_mimebundle_()
    assert len(plot.calls) == 21  # every grid point once (the default frame was cached)
    assert 'class="lstm-explore"' in bundle["text/html"]
    assert len(player_data(bundle["text/html"])["index"]) == 21


def test_static_player_one_slider_has_every_frame_and_no_urls():
    e = explore(Recorder(), f=(0, 1, 0.05))
    html = e.static_html()
    data = player_data(html)
    assert data["values"] == [[f"{0.05 * k:.2f}" for k in range(21)]]
    assert len(data["index"]) == 21 and len(set(data["index"])) == 21
    assert all(f.startswith("data:image/png;base64,") for f in data["frames"])
    assert re.findall(r'type="range" min="0" max="(\d+)" step="1" value="(\d+)"', html) == [
        ("20", "10")
    ]
    assert '<span class="lstm-explore-label">f</span>' in html
    assert "http" not in html and 'src="//' not in html  # nothing from the network
    assert e.static_html() is html  # computed once


def test_static_player_two_sliders_coarsened_to_the_frame_cap():
    e = explore(Recorder(), f=(0, 1, 0.05), C_prev=(-2, 2, 0.5))
    html = e.static_html()
    data = player_data(html)
    shape = [len(v) for v in data["values"]]
    assert np.prod(shape) == len(data["index"]) <= MAX_FRAMES
    assert data["values"][0][0] == "0.00" and data["values"][0][-1] == "1.00"  # ends kept
    assert data["values"][1][0] == "-2.0" and data["values"][1][-1] == "2.0"
    assert "This preview steps" in html
    # row-major: frame for (f=1.0, C_prev=-2.0) is the one plot_fn drew for those values
    k = (shape[0] - 1) * shape[1] + 0
    png = e.frame(f=1.0, C_prev=-2.0)
    assert data["frames"][data["index"][k]].endswith(base64.b64encode(png).decode())


def test_static_player_is_deterministic():
    a = explore(Recorder(), f=(0, 1, 0.25), C_prev=(-2, 2, 2)).static_html()
    b = explore(Recorder(), f=(0, 1, 0.25), C_prev=(-2, 2, 2)).static_html()
    assert a == b


@pytest.mark.parametrize(
    "spec, message",
    [
        ((1, 0, 0.1), "min must be < max; got min=1, max=0"),
        ((0, 1, 0), "step must be > 0; got step=0"),
        ((0, 1, -0.1), "step must be > 0"),
        ((0, 1, 0.3), "(max - min) / step must be a whole number"),
        (("0", 1, 0.1), "min must be a finite number; got '0'"),
        ((0, float("nan"), 0.1), "max must be a finite number"),
        ((0, 1, 0.1, 0.33), "default must be a grid value"),
        ((0, 1), "must be (min, max, step)"),
        (0.5, "must be (min, max, step)"),
        ({"min": 0, "max": 1}, "got a dict with keys ['max', 'min']"),
        ({"min": 0, "max": 1, "step": 0.1, "colour": "red"}, "got a dict with keys"),
        ((0, 1, 1e-4), "at most 1001 values per slider; got 10001"),
    ],
)
def test_bad_slider_specs_raise_precise_errors(spec, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        explore(Recorder(), f=spec)


def test_bad_calls_raise():
    with pytest.raises(ValueError, match="at least one slider"):
        explore(Recorder())
    with pytest.raises(ValueError, match="plot_fn must be callable"):
        explore(None, f=(0, 1, 0.1))
    with pytest.raises(ValueError, match="too many sliders for a static preview"):
        explore(Recorder(), **{n: (0, 1, 0.5) for n in "abcdef"})  # 2**6 > 40
    with pytest.raises(TypeError, match="plot_fn must return a matplotlib Figure"):
        explore(lambda f: None, f=(0, 1, 0.5))


def test_widget_in_a_real_kernel(tmp_path):
    """Execute a notebook with nbclient: the widget is created, displayed and updated."""
    import nbformat
    from nbclient import NotebookClient

    code = textwrap.dedent("""
        import matplotlib.pyplot as plt
        from lstm_lessons.presentation.widgets import explore
        def plot(f):
            fig, ax = plt.subplots(figsize=(3, 2)); ax.plot([0, 1], [0, f]); ax.set_title(f"f={f}")
            return fig
        e = explore(plot, f=(0, 1, 0.25))
        e
    """)
    check = textwrap.dedent("""
        before = e.image.value
        e.sliders["f"].value = 1.0
        print(e.values, e.image.value != before, plt.get_fignums())
    """)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(code), nbformat.v4.new_code_cell(check)]
    )
    root = Path(__file__).resolve().parents[1]
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(root)}}).execute()
    shown = nb.cells[0].outputs[0]["data"]
    assert set(shown) >= {WIDGET_VIEW, "text/html", "text/plain"}
    assert nb.cells[1].outputs[0]["text"].strip() == "{'f': 1.0} True []"
    assert nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]


def test_describe_gives_each_static_frame_its_own_alt_text():
    def plot(a):
        fig = plt.figure(figsize=(2, 1.5))
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, a])
        ax.set(title=f"a={a}", xlabel="x", ylabel="y")
        return fig

    ex = explore(plot, title="Line", describe=lambda a: f"a line rising to {a}", a=(0, 2, 1))
    page = ex.static_html()
    assert 'alt="a line rising to 1"' in page  # the default frame
    assert 'aria-live="polite"' in page
    data = json.loads(re.search(r'class="lstm-explore-data">(.*?)</script>', page).group(1))
    assert data["alts"] == ["a line rising to 0", "a line rising to 1", "a line rising to 2"]


def test_describe_must_return_a_sentence():
    def plot(a):
        fig = plt.figure(figsize=(2, 1.5))
        fig.add_subplot().plot([0, a])
        return fig

    with pytest.raises(TypeError, match="describe must return"):
        explore(plot, describe=lambda a: None, a=(0, 1, 1)).static_html()
    with pytest.raises(ValueError, match="describe must be callable"):
        explore(plot, describe="text", a=(0, 1, 1))


def test_grid_values_have_no_negative_zero():
    """-0.9 + 3 * 0.3 rounds to -0.0; the grid, the labels and plot_fn all get 0.0 (chapter 4)."""
    e = explore(Recorder(), C_prev=dict(min=-0.9, max=0.9, step=0.3, default=0.6))
    spec = e.specs["C_prev"]
    zero = spec.values[3]
    assert zero == 0.0 and np.copysign(1.0, zero) == 1.0
    assert [spec.text(j) for j in range(len(spec.values))] == [
        "-0.9", "-0.6", "-0.3", "0.0", "0.3", "0.6", "0.9"
    ]
    assert "-0.0" not in e.static_html()


def test_frames_drawn_on_a_shared_renderer_are_the_frames_drawn_alone():
    """render_png reuses one Agg renderer per frame size (for matplotlib's text-size cache): the
    pixels must be exactly those of a fresh renderer, whatever was drawn on it before."""
    from matplotlib.figure import Figure

    from lstm_lessons.presentation import widgets as w

    def figure(v, size=(3.0, 2.0)):
        fig = Figure(figsize=size)
        ax = fig.add_subplot()
        ax.semilogy([1, 2, 3], [1, 10**v, 100])
        ax.set_title(f"$v = {v}$")
        return fig

    alone = []
    for v in (1, 2, 3):
        w._RENDERERS.clear()
        alone.append(w.render_png(figure(v)))
    w._RENDERERS.clear()
    shared = [w.render_png(figure(v)) for v in (1, 2, 3)]
    assert shared == alone and len(set(shared)) == 3 and len(w._RENDERERS) == 1
    w.render_png(figure(1, size=(4.0, 2.0)))  # another size, another renderer
    assert len(w._RENDERERS) == 2
