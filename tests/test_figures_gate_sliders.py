"""The slider figures of chapters 3-5 and their one-sentence descriptions."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons.cells.activations import sigmoid
from lstm_lessons.figures import gate_sliders as gs


def _titles(fig):
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert all(ax.get_xlabel() for ax in axes) and all(ax.get_ylabel() or ax.get_yticklabels() for ax in axes)
    return " | ".join(ax.get_title() for ax in axes)


@pytest.mark.parametrize(
    "x, decimals, text",
    [(0.4, 2, "+0.40"), (-0.3, 2, "-0.30"), (-0.0, 2, "0.00"), (-1e-17, 1, "0.0"), (-0.004, 2, "0.00"), (3, 0, "+3")],
)
def test_signed_never_prints_a_negative_zero(x, decimals, text):
    assert gs.signed(x, decimals) == text


@pytest.mark.parametrize(
    "share, text",
    [(0.73, "73 %"), (float(sigmoid(6.0)), "99.8 %"), (0.0067, "1 %"), (0.004, "0.4 %"),
     (1.0, "100 %"), (0.0, "0 %"), (1e-9, "less than 0.01 %"), (1 - 1e-9, "more than 99.99 %")],
)
def test_percent_never_rounds_a_gate_to_all_or_nothing(share, text):
    assert gs.percent(share) == text


def test_percent_bad_input():
    with pytest.raises(ValueError, match=r"share must be a number in \[0, 1\]"):
        gs.percent(1.5)


def test_forget_slider_titles_agree_with_the_gate():
    title = _titles(gs.plot_forget_slider(a=4, b_f=2))
    assert "99.8 % kept per step" in title and "half-life 280.0 steps" in title
    assert "100 %" not in title
    assert "73 % kept per step" in _titles(gs.plot_forget_slider(a=0, b_f=1))


def test_forget_slider_titles_fit_their_panels():
    """No title line is wider than its axes (the review found 'half-life 14.3 step' clipped)."""
    fig = gs.plot_forget_slider(a=2, b_f=1)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.get_axes():
        title = ax.title.get_window_extent(renderer)
        assert title.x0 >= 0 and title.x1 <= fig.bbox.x1


def test_forget_description():
    text = gs.describe_forget_slider(a=2, b_f=1)
    f = float(sigmoid(3.0))
    assert f"f = {f:.3f}" in text and "95 %" in text and "14.3 steps" in text
    assert f"after 10 steps {round(100 * f**10)} % is left" in text


def test_write_slider_bars_add_up_and_zero_is_unsigned():
    fig = gs.plot_write_slider(i=0.5, C_tilde=-0.6, f=0.8, C_prev=0.5)
    widths = [p.get_width() for p in fig.get_axes()[0].patches]
    np.testing.assert_allclose(widths, [0.4, -0.6, -0.3, 0.1])
    assert "50 %" in _titles(fig)
    fig = gs.plot_write_slider(i=0.0, C_tilde=-0.3)
    labels = [t.get_text() for t in fig.get_axes()[0].texts]
    assert "0.00" in labels and "-0.00" not in labels


def test_write_description():
    assert gs.describe_write_slider(i=0.75, C_tilde=0.6) == (
        "Input gate i = 0.75 and candidate +0.60 write +0.45; with +0.40 kept "
        "(f = 0.8 times C_prev = 0.5) the new memory is +0.85."
    )
    assert "-0.00" not in gs.describe_write_slider(i=0.0, C_tilde=-0.9)


def test_output_slider_and_description():
    assert "h = +0.38" in _titles(gs.plot_output_slider(o=0.5, C=1.0))
    assert "h = 0.00" in _titles(gs.plot_output_slider(o=0.0, C=-3.0))
    text = gs.describe_output_slider(o=0.5, C=1.0)
    assert "h = 0.50 × tanh(C) = +0.38" in text and "+0.76" in text
    assert "-0.00" not in gs.describe_output_slider(o=0.0, C=-3.0)


@pytest.mark.parametrize(
    "fn, kwargs, message",
    [
        (gs.plot_forget_slider, dict(a="x"), "a must be a finite number"),
        (gs.describe_write_slider, dict(i=1.5), r"i must be a number in \[0, 1\]"),
        (gs.plot_write_slider, dict(C_tilde=2.0), r"C_tilde must be a number in \[-1, 1\]"),
        (gs.describe_output_slider, dict(o=-0.1), r"o must be a number in \[0, 1\]"),
    ],
)
def test_bad_input(fn, kwargs, message):
    with pytest.raises(ValueError, match=message):
        fn(**kwargs)
