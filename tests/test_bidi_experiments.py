"""bidi_experiments and figures.bidirectional: the chapter 14 runs, at toy sizes."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from lstm_lessons.experiments.bidirectional import (
    MODELS,
    lookahead_accuracy,
    make_model,
    run_language_models,
    run_taggers,
    spread,
    tagging_scores,
    word_share,
)
from lstm_lessons.figures.bidirectional import (
    lookahead_slider,
    plot_leak,
    plot_lookahead,
    plot_tagged_text,
    plot_tagging_curves,
)
from lstm_lessons.text.corpus import generate_corpus, vocabulary
from lstm_lessons.text.quote_task import erase_quotes

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def tasks():
    return erase_quotes(generate_corpus(4000, seed=0)), erase_quotes(generate_corpus(2500, seed=1))


@pytest.fixture(scope="module")
def rows(tasks):
    train, test = tasks
    return run_taggers(train, test, list(MODELS), [0, 1], steps=4, batch_size=4, seq_len=8, eval_every=2,
                       curve_chars=1000)  # fmt: skip


def test_the_three_models_have_nearly_the_same_number_of_parameters():
    counts = {name: make_model(name, 45, 2, 0).n_params for name in MODELS}
    assert max(counts.values()) / min(counts.values()) < 1.02, counts
    with pytest.raises(ValueError, match="name must be one of"):
        make_model("three layers", 45, 2, 0)


def test_run_taggers_gives_one_row_per_run(rows, tasks):
    assert [(r["model"], r["seed"]) for r in rows] == [(m, s) for m in MODELS for s in (0, 1)]
    r = rows[0]
    assert r["steps"] == [2, 4] and len(r["curve"]) == 2 and 0 <= r["accuracy"] <= 1
    assert r["n_chars"] == 2000 and r["n_openings"] == tasks[1].opening[:2000].sum()
    keys = ("accuracy", "opening_accuracy", "n_chars", "n_openings")
    assert tagging_scores(r["net"], tasks[1]) == {k: r[k] for k in keys}
    mean, lo, hi = spread(rows, "accuracy", model="forward")
    assert lo <= mean <= hi
    with pytest.raises(ValueError, match="no row matches"):
        spread(rows, "accuracy", model="sideways")


def test_a_forward_model_does_not_care_how_far_ahead_it_may_read(rows, tasks):
    test = tasks[1]
    positions = np.arange(40, 200)
    forward = next(r["net"] for r in rows if r["model"] == "forward")
    acc = lookahead_accuracy(forward, test, positions, [0, 5, 30])
    assert acc[0] == acc[1] == acc[2]


def test_language_models_and_word_share():
    corpus, vocab = generate_corpus(3000, seed=0), vocabulary()
    ids = vocab.encode(corpus.text)
    rows = run_language_models(ids[:2000], ids[2000:], vocab, ["forward", "bidirectional"], [0], steps=4, batch_size=4,
                               seq_len=8, n_test=50, n_sample=20, eval_every=2, words={"the", "ana"})  # fmt: skip
    assert [r["model"] for r in rows] == ["forward", "bidirectional"]
    assert len(rows[0]["sample"]) == 20 and rows[0]["train_bits"][0] > 0 and rows[0]["test_bits"] > 0
    assert word_share("the ana xq the", {"the", "ana"}) == 0.75 and word_share("...", {"a"}) == 0.0


def _labelled(fig):
    assert isinstance(fig, Figure)
    plt.close(fig)
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>":
            continue
        assert ax.get_title() or fig._suptitle is not None


def test_figures(rows, tasks):
    test = tasks[1]
    text, truth = test.text[:100], test.inside[:100]
    fig = plot_tagged_text(text, truth, {"a": np.linspace(0, 1, 100), "b": np.zeros(100)})
    _labelled(fig)
    assert fig._suptitle.get_text() == "Where were the quotes?"
    fig = plot_tagging_curves(rows, {"forward": "F", "bidirectional": "B"})
    _labelled(fig)
    assert fig.axes[0].get_xlabel() == "update" and len(fig.axes[0].lines) == 2
    fig = plot_lookahead([0, 4, 8], {"bidirectional": np.array([0.6, 0.7, 0.9]), "forward": np.full(3, 0.8)})
    assert fig.axes[0].get_ylabel() and len(fig.axes[0].lines) == 2
    plot, describe = lookahead_slider(rows[2]["net"], test, 100, 60, [0, 4])
    _labelled(plot(future=4))
    sentence = describe(future=0)
    assert sentence.startswith("Reading 0 characters ahead") and "of the 60 characters" in sentence
    lm = [{"model": "forward", "steps": [1, 2], "train_bits": [3.0, 2.0], "test_bits": 2.1},
          {"model": "bidirectional", "steps": [1, 2], "train_bits": [3.0, 0.5], "test_bits": 3.0}]  # fmt: skip
    fig = plot_leak(lm, {"forward": "forward", "bidirectional": "bidirectional"})
    assert len(fig.axes[0].lines) == 4 and fig.axes[0].get_ylabel() == "bits per character"
    plt.close("all")


def test_results_table(rows):
    from lstm_lessons.experiments.bidirectional import results_table

    html = results_table(rows, caption="Quotes")
    assert html.count("<tr>") == 1 + 3 and "<caption>Quotes</caption>" in html
    mean, lo, hi = spread(rows, "accuracy", model="bidirectional")
    assert f"{100 * mean:.1f} ({100 * lo:.1f}-{100 * hi:.1f})" in html and "bidirectional, 2 x 16" in html
