"""Chapter 2 figures: the LSTM-RNN gradient comparison and the constant forget gate."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons.figures import cell_state as cs


def _labelled(fig):
    assert isinstance(fig, Figure) and fig.axes
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel()
    assert fig.axes[0].get_ylabel()


def test_gradient_comparison_lstm_keeps_more_than_rnn():
    r = cs.gradient_comparison(T=60, forget_biases=(1.0, 4.0), batch=4)
    assert r["rnn"].shape == r["lstm"][1.0].shape == r["belt"][4.0].shape == (60,)
    assert r["lstm"][4.0][59] > r["lstm"][1.0][59] > r["rnn"][59]
    assert r["f_mean"][4.0] > r["f_mean"][1.0]
    np.testing.assert_allclose(r["belt"][1.0][0], r["lstm"][1.0][0])  # both start at ||dL/dC_T||


def test_plot_belt_vs_rnn_two_log_panels():
    fig = cs.plot_belt_vs_rnn(cs.gradient_comparison(T=30, batch=2))
    _labelled(fig)
    assert len(fig.axes) == 2 and all(ax.get_yscale() == "log" for ax in fig.axes)


@pytest.mark.parametrize("f, text", [(0.5, "half-life 1.0 steps"), (1.0, "never halves")])
def test_plot_constant_forget_reads_out_the_half_life(f, text):
    fig = cs.plot_constant_forget(f)
    _labelled(fig)
    assert text in fig._suptitle.get_text()


@pytest.mark.parametrize(
    "call",
    [
        lambda: cs.plot_constant_forget(1.5),
        lambda: cs.plot_belt_vs_rnn({}),
        lambda: cs.gradient_comparison(forget_biases=()),
    ],
)
def test_bad_input(call):
    with pytest.raises(ValueError):
        call()
