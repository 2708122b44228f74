"""Chapter 11's figures and its measure of generated structure."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lstm_lessons.figures.language_model import (
    plot_learning,
    plot_sample,
    plot_streams,
    structure_rates,
)
from lstm_lessons.presentation._text_image import CELL_H, CELL_W, compose, text_lines
from lstm_lessons.training.stream import StreamHistory


def test_text_image_puts_each_character_in_its_cell():
    lines, cells = text_lines("ab\ncdefg", width=3)
    assert lines == ["ab", "cde", "fg"]
    assert cells.tolist() == [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [2, 0], [2, 1]]
    rgb = np.zeros((8, 3))
    rgb[3] = (1.0, 0.0, 0.0)  # 'c' on red
    image = compose("ab\ncdefg", rgb, width=3)
    assert image.shape == (3 * CELL_H, 3 * CELL_W, 3)
    corner = image[CELL_H, 0]  # the top-left pixel of c's cell: background, no ink
    np.testing.assert_allclose(corner, (1.0, 0.0, 0.0))
    assert image[: CELL_H, : CELL_W].min() < 0.5  # 'a' has ink


def test_plots_return_figures_with_titles():
    fig = plot_sample("the cook said “go now!”\n\nana left.", "Temperature 1")
    assert fig._suptitle.get_text() == "Temperature 1"
    fig = plot_streams("abcdefghij" * 30, batch_size=3, seq_len=8)
    assert fig._suptitle.get_text() == "3 streams, windows of 8 characters"
    h = StreamHistory(step=[100, 200], train_bpc=[3.0, 1.0], chars_seen=[1e5, 2e5])
    ax = plot_learning(h, {"5-gram": 0.85}).axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() == "bits per character" and ax.get_title()
    plt.close("all")
    with pytest.raises(ValueError, match="too short"):
        plot_streams("abc", batch_size=2, seq_len=8)


def test_structure_rates_count_marks_in_complete_paragraphs():
    text = "x\n\n“a” (b (c)).\n\n“d (e.\n\n) f”\n\ntail “"
    r = structure_rates([text, text])
    assert r["quotes"] == 4 and r["quotes_closed"] == 0.5 and r["quotes_stray"] == 0.5
    assert r["brackets"] == 6
    assert r["brackets_closed"] == pytest.approx(4 / 6) and r["brackets_stray"] == pytest.approx(2 / 6)
