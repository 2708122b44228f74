"""Chapter 12's measurements: correlations, read-outs, gradients with respect to the inputs."""

import numpy as np
import pytest

from lstm_lessons import LSTMCell, RNNCell
from lstm_lessons.figures.cells_learned import (
    cell_html,
    colors,
    gradient_by_distance,
    input_gradients,
    plot_cell_text,
    plot_gradient_decay,
    plot_gradient_text,
    probe_correlation,
    unit_correlations,
)
from lstm_lessons.training import SequenceModel
from lstm_lessons.training.gradcheck import numerical_gradient


def test_unit_correlations_are_pearsons():
    rng = np.random.default_rng(0)
    states, label = rng.normal(size=(200, 5)), rng.integers(0, 2, size=200)
    states[:, 2] = 0.0  # a unit that never moves gets r = 0
    r = unit_correlations(states, label)
    for j in (0, 1, 3, 4):
        assert r[j] == pytest.approx(np.corrcoef(states[:, j], label)[0, 1], abs=1e-12)
    assert r[2] == 0
    with pytest.raises(ValueError, match=r"states must be \(N, H\) and label \(N,\)"):
        unit_correlations(states, label[:10])


def test_probe_finds_a_label_spread_over_units():
    rng = np.random.default_rng(1)
    y = rng.normal(size=400)
    states = np.column_stack([y + rng.normal(size=400), -y + rng.normal(size=400), rng.normal(size=400)])
    assert probe_correlation(states, y) > np.abs(unit_correlations(states, y)).max() + 0.05


def test_input_gradients_are_central_differences():
    V = 4
    model = SequenceModel(LSTMCell(V, 5, seed=2), V, seed=2, per_step=True)
    ids = np.array([0, 2, 1, 3, 3, 0, 1])
    t = 4
    norms = input_gradients(model, ids, t)
    x = np.eye(V)[ids[: t + 1]][:, None].copy()

    def log_p():
        a = model.predict(x)[-1, 0]
        return a[ids[t + 1]] - np.log(np.exp(a).sum())

    np.testing.assert_allclose(norms, np.linalg.norm(numerical_gradient(log_p, x)[:, 0], axis=1), rtol=1e-6)
    assert norms.shape == (t + 1,)
    with pytest.raises(ValueError, match="position must lie in 0..5"):
        input_gradients(model, ids, 6)
    decay = gradient_by_distance(model, ids, [4, 5], 2, context=4)
    assert decay.shape == (3,)
    np.testing.assert_allclose(decay[0], np.mean([input_gradients(model, ids[k - 3 : k + 2], 3)[-1] for k in (4, 5)]))
    with pytest.raises(ValueError, match="every position must lie in 4..5"):
        gradient_by_distance(model, ids, [2], 2, context=4)
    with pytest.raises(ValueError, match="context must exceed max_distance"):
        gradient_by_distance(model, ids, [4], 4, context=4)


def test_html_and_figures():
    page = cell_html("a “b”\nc", np.array([-1.0, 0.0, 0.5, 1.0, 0.2, 0.0, 0.3]), "Unit 3")
    assert page.count("<span") >= 7 and "<br>" in page and "Unit 3" in page and "&nbsp;" in page
    with pytest.raises(ValueError, match="one entry per character"):
        cell_html("abc", np.zeros(2), "x")
    fig = plot_cell_text("abc def", np.linspace(-1, 1, 7), "Unit 0")
    assert fig._suptitle.get_text() == "Unit 0"
    fig = plot_gradient_text("abcdefgh", {"LSTM": np.ones(4), "RNN": np.arange(1.0, 5.0)}, 3, "Gradients")
    assert len(fig.axes) == 2
    decays = {"LSTM, seed 0": np.array([1.0, 0.5, 0.2]), "RNN, seed 0": np.array([1.0, 0.1, 0.01])}
    ax = plot_gradient_decay(decays).axes[0]
    assert ax.get_yscale() == "log" and ax.get_xlabel() and ax.get_title()
    RNNCell(2, 2)  # the import list stays in use for cell types


def _contrast_with_black(rgb):
    c = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return (c @ np.array([0.2126, 0.7152, 0.0722]) + 0.05) / 0.05


def test_black_text_is_readable_on_every_colour_and_the_box_is_its_own():
    rgb = colors(np.linspace(-3, 3, 601))  # beyond the limit too: clipped to full colour
    assert _contrast_with_black(rgb).min() >= 4.5  # WCAG AA for normal text
    page = cell_html("ab", np.array([-1.0, 1.0]), "unit 0")
    assert "color:#000;background:#fff" in page  # black on white in light and dark mode alike
