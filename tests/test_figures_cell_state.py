"""Chapter 2 figures: the like-for-like gradient comparison, the belt, the constant forget gate."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons.cells.lstm import LSTMCell
from lstm_lessons.cells.rnn import RNNCell
from lstm_lessons.figures import cell_state as cs
from lstm_lessons.training.analysis import spectral_radius


def _labelled(fig):
    assert isinstance(fig, Figure) and fig.axes
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel()
    assert fig.axes[0].get_ylabel()


@pytest.fixture(scope="module")
def small():
    return cs.gradient_comparison(T=40, seeds=(0, 1), forget_biases=(1.0, 4.0), batch=3)


def test_gradient_comparison_shapes_and_rho(small):
    assert small["seeds"] == (0, 1)
    for q in ("h", "x"):
        for runs in (*small["rnn"].values(), *small["lstm"].values()):
            assert runs[q].shape == (2, 40) and np.all(runs[q] >= 0)
    for q in ("C", "belt"):
        assert small["lstm"][4.0][q].shape == (2, 40)
    assert "C" not in small["rnn"][1.0]
    H = 32  # the default hidden size: the recorded rho is that of the default W_hh
    for k, s in enumerate((0, 1)):
        W_hh = RNNCell(9, H, seed=s).params["W_h"][:, :H]
        assert small["rnn"][None]["rho"][k] == pytest.approx(spectral_radius(W_hh))
    np.testing.assert_array_equal(small["rnn"][1.0]["rho"], 1.0)


def test_each_norm_starts_from_a_unit_gradient_on_h(small):
    for runs in (*small["rnn"].values(), *small["lstm"].values()):
        np.testing.assert_allclose(runs["h"][:, 0], 1.0)
    for runs in small["lstm"].values():  # the belt and the full cell start from the same dL/dC_T
        np.testing.assert_allclose(runs["belt"][:, 0], runs["C"][:, 0])


def test_belt_is_the_product_of_forget_gates_read_from_the_cell(small):
    from lstm_lessons.tasks import FirstSymbol

    xs, _ = FirstSymbol(T=40).sample(3, np.random.default_rng(1))  # seed 0's inputs
    cell = LSTMCell(9, 32, seed=0, forget_bias=4.0)
    hs, _ = cell.forward(xs)
    u = np.random.default_rng(0).standard_normal(hs.shape[1:])
    dhs = np.zeros_like(hs)
    dhs[-1] = u / np.linalg.norm(u, axis=1, keepdims=True)
    cell.backward(dhs)
    f, dC_T = cell.gates["f"], cell.state_grads["C"][-1]
    d = 25  # the belt 25 steps back: dL/dC_T times the last 25 forget gates
    expected = np.linalg.norm(dC_T * np.prod(f[-d:], axis=0), axis=1).mean()
    assert small["lstm"][4.0]["belt"][0, d] == pytest.approx(expected, rel=1e-12)


def test_a_larger_forget_bias_and_rho_keep_more(small):
    x = cs.reach_at(small, 39, "x")
    assert np.all(x["lstm", 4.0] > x["lstm", 1.0])
    assert np.all(x["rnn", 1.0] > x["rnn", None])
    assert set(x) == {("rnn", None), ("rnn", 1.0), ("lstm", 1.0), ("lstm", 4.0)}
    assert set(cs.reach_at(small, 5, "C")) == {("lstm", 1.0), ("lstm", 4.0)}


def test_reach_table_rows_and_labels(small):
    head, body = cs.reach_table(small, 30)
    assert len(head) == 3 and len(body) == 4
    assert body[0][0].startswith("tanh RNN, default init (\u03c1 0.")
    assert [row[0] for row in body[1:]] == [
        "tanh RNN, \u03c1 = 1",
        "LSTM, b_f = 1",
        "LSTM, b_f = 4",
    ]
    med = np.median(small["lstm"][4.0]["x"][:, 30])
    assert body[3][1].startswith(f"{med:.1e} (")


@pytest.mark.parametrize(
    "x, text",
    [
        (1.1e-8, r"$1.1 \times 10^{-8}$"),
        (0.35, "$0.35$"),
        (3e5, r"$3.0 \times 10^{5}$"),
        (0, "$0$"),
    ],
)
def test_power_text(x, text):
    assert cs.power_text(x) == text


def test_plots_are_labelled_log_figures_with_readable_legends(small):
    fig = cs.plot_gradient_reach(small)
    _labelled(fig)
    assert len(fig.axes) == 2 and all(ax.get_yscale() == "log" for ax in fig.axes)
    (legend,) = fig.legends
    assert len(legend.get_texts()) == 4
    assert min(t.get_fontsize() for t in legend.get_texts()) >= cs.LEGEND_PT >= 10
    fig = cs.plot_belt_vs_full(small)
    _labelled(fig)
    texts = fig.axes[0].get_legend().get_texts()
    assert len(texts) == 4 and min(t.get_fontsize() for t in texts) >= 10


@pytest.mark.parametrize(
    "f, text", [(0.5, "half-life 1.0 steps"), (0.999, "half-life 693 steps"), (1.0, "never halves")]
)
def test_plot_constant_forget_reads_out_the_half_life(f, text):
    fig = cs.plot_constant_forget(f)
    _labelled(fig)
    assert text in fig._suptitle.get_text()
    assert all(ax.get_xscale() == "log" for ax in fig.axes)


@pytest.mark.parametrize(
    "s, f_text", [(-1, "0.9"), (-2, "0.99"), (-3, "0.999"), (-4, "0.9999"), (-1.25, "0.9438")]
)
def test_the_log_slider_reaches_the_quoted_forget_values(s, f_text):
    assert cs.forget_text(cs.forget_from_log(s)) == f_text
    assert f"f = {f_text} " in cs.describe_constant_forget(s)
    assert f"f = {f_text}:" in cs.plot_constant_forget_slider(s)._suptitle.get_text()


def test_describe_says_the_half_life_and_the_gradient():
    text = cs.describe_constant_forget(-2)
    assert "halves after 69 steps" in text and "f^100 = 0.37" in text


@pytest.mark.parametrize(
    "call",
    [
        lambda: cs.plot_constant_forget(1.5),
        lambda: cs.plot_constant_forget(0.9, max_steps=0),
        lambda: cs.forget_from_log(0.5),
        lambda: cs.forget_from_log("x"),
        lambda: cs.plot_gradient_reach({}),
        lambda: cs.plot_belt_vs_full({"seeds": (0,), "rnn": {}, "lstm": {}}),
        lambda: cs.reach_at([], 3),
        lambda: cs.gradient_comparison(seeds=()),
        lambda: cs.gradient_comparison(radii=(), forget_biases=()),
        lambda: cs.gradient_comparison(radii=(-1.0,)),
        lambda: cs.gradient_comparison(forget_biases=("big",)),
    ],
)
def test_bad_input(call):
    with pytest.raises(ValueError):
        call()


def test_bad_seed_and_sizes_are_type_errors():
    with pytest.raises(TypeError, match="seed"):
        cs.gradient_comparison(seeds=(1.5,))
    with pytest.raises(TypeError, match="T must be a positive integer"):
        cs.gradient_comparison(T=2.5)
