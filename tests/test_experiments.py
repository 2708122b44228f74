import numpy as np
import pytest

from lstm_lessons import LSTMCell
from lstm_lessons.cells.activations import sigmoid
from lstm_lessons.experiments import (
    CONTROLS,
    VARIANTS,
    make_cell,
    markdown_table,
    pin_forget_gate_open,
    run_comparison,
    run_one,
    select,
    set_update_bias,
    split_probability,
    summarize,
)
from lstm_lessons.presentation.style import MODEL_COLORS
from lstm_lessons.tasks import AddingProblem, FirstSymbol
from lstm_lessons.training import SequenceModel

TASKS = {
    "add": (AddingProblem(T=5), dict(steps=6, target=0.5)),
    "first": (FirstSymbol(T=4), dict(steps=4)),
}


@pytest.fixture(scope="module")
def rows():
    return run_comparison(
        TASKS, variants=("rnn", "lstm_no_forget", "gru"), seeds=(0, 1), hidden_size=3, eval_every=2
    )


def test_every_variant_has_a_colour_and_builds():
    assert set(VARIANTS) <= set(MODEL_COLORS)
    for v in VARIANTS:
        assert make_cell(v, 2, 3, seed=0).hidden_size == 3


def test_pinned_forget_gate_is_exactly_one_with_exactly_zero_gradient():
    cell = make_cell("lstm_no_forget", 2, 4, seed=0)
    xs = np.random.default_rng(0).normal(size=(7, 3, 2))
    hs, _ = cell.forward(xs)
    assert np.all(cell.gates["f"] == 1.0)
    grads, _ = cell.backward(np.ones_like(hs))
    assert np.all(grads["W_f"] == 0.0) and np.all(grads["b_f"] == 0.0)
    assert np.abs(grads["W_i"]).sum() > 0


def test_gru_with_update_bias_minus_one_keeps_what_an_lstm_with_forget_bias_one_keeps():
    # book's GRU: h_t = (1 - z) h_{t-1} + z h~; at zero weights it keeps 1 - sigmoid(b_z) per step
    gru = make_cell("gru_bz_neg1", 2, 4, seed=0)
    assert np.all(gru.params["b_z"] == -1.0) and set(CONTROLS) <= set(MODEL_COLORS)
    for name in ("W_z", "W_r", "W_h"):
        gru.params[name][:] = 0.0
    hs, _ = gru.forward(np.zeros((3, 1, 2)), state=np.ones((1, 4)))
    lstm = LSTMCell(2, 4, seed=0, forget_bias=1.0)
    np.testing.assert_allclose(hs[-1], sigmoid(1.0) ** 3)
    np.testing.assert_allclose(sigmoid(lstm.params["b_f"]), sigmoid(1.0))
    assert make_cell("gru", 2, 4, seed=0).params["b_z"].sum() == 0.0  # the race's GRU: b_z = 0
    with pytest.raises(TypeError, match="only a GRUCell"):
        set_update_bias(LSTMCell(2, 3), -1.0)


def test_stopped_runs_end_at_their_target_and_record_their_budget():
    task = FirstSymbol(T=4)
    full = run_one("gru", task, 0, hidden_size=8, steps=200, eval_every=10, lr=0.05, target=0.2)
    stop = run_one("gru", task, 0, hidden_size=8, steps=200, eval_every=10, lr=0.05, target=0.2,
                   stop_at_target=True)  # fmt: skip
    assert full["solved_at"] == stop["solved_at"] == stop["step"][-1] < 200
    assert stop["val_loss_curve"] == full["val_loss_curve"][: len(stop["step"])]
    assert stop["budget"] == full["budget"] == 200 and stop["eval_every"] == 10
    s = summarize([stop])[("first symbol (T=4)", "gru")]
    assert s["ms_per_update"] == pytest.approx(1e3 * stop["seconds"] / stop["solved_at"])


def test_split_probability_by_hand_and_by_simulation():
    assert split_probability(5, 0, 5) == pytest.approx(2 / 252)
    assert split_probability(5, 1, 5) == pytest.approx(2 * 5 / 210)
    assert split_probability(3, 2, 5) == split_probability(1, 0, 5) == 1
    assert split_probability(0, 0, 5) == 1
    assert split_probability(1, 5, 5) == split_probability(5, 1, 5)
    # simulation: 10 runs with 6 successes placed at random; A gets the first 5 runs
    rng = np.random.default_rng(0)
    a = np.array([rng.permutation(10)[:6] for _ in range(20_000)]) < 5  # (trials, 6)
    lopsided = np.abs(2 * a.sum(axis=1) - 6) >= 4
    assert lopsided.mean() == pytest.approx(split_probability(5, 1, 5), abs=0.005)
    with pytest.raises(ValueError, match="solved_a must be a whole number of runs between 0 and 5"):
        split_probability(6, 0, 5)
    with pytest.raises(ValueError, match="solved_b must be"):
        split_probability(1, 0.5, 5)


def test_parameter_counts_by_hand():
    # LSTM: 4 * H * (H + D + 1) + readout H + 1; pinned gate: minus H * (H + D + 1).
    row = run_one("lstm", AddingProblem(T=3), 0, hidden_size=3, steps=1)
    assert row["n_params"] == 4 * 3 * (3 + 2 + 1) + 3 + 1
    row = run_one("lstm_no_forget", AddingProblem(T=3), 0, hidden_size=3, steps=1)
    assert row["n_params"] == 3 * 3 * (3 + 2 + 1) + 3 + 1


def test_table_is_tidy_and_deterministic(rows):
    assert len(rows) == 2 * 3 * 2
    assert [(r["task"], r["variant"], r["seed"]) for r in rows[:2]] == [
        ("add", "rnn", 0),
        ("add", "rnn", 1),
    ]
    again = run_comparison(
        TASKS, variants=("rnn", "lstm_no_forget", "gru"), seeds=(0, 1), hidden_size=3, eval_every=2
    )
    strip = lambda rs: repr([{k: v for k, v in r.items() if k != "seconds"} for r in rs])  # noqa: E731
    assert strip(rows) == strip(again)  # repr: NaN accuracies compare equal
    assert select(rows, task="add", variant="gru", seed=1)[0]["step"] == [2, 4, 6]


def test_parallel_gives_the_same_table(rows):
    par = run_comparison(
        TASKS,
        variants=("rnn", "lstm_no_forget", "gru"),
        seeds=(0, 1),
        hidden_size=3,
        eval_every=2,
        n_jobs=2,
    )
    assert [r["val_loss_curve"] for r in par] == [r["val_loss_curve"] for r in rows]


def test_summary_folds_seeds(rows):
    s = summarize(rows)
    one = s[("first", "gru")]
    losses = [r["val_loss"] for r in select(rows, task="first", variant="gru")]
    assert one["n_seeds"] == 2 and one["loss_mean"] == pytest.approx(np.mean(losses))
    assert one["loss_min"] == min(losses) and one["losses"] == losses
    assert np.isnan(s[("add", "rnn")]["acc_mean"]) and 0 <= one["acc_mean"] <= 1
    text = markdown_table(s, "first")
    assert text.count("\n") == 3 + 1 and "accuracy" in text and "GRU" in text


def test_bad_input():
    with pytest.raises(ValueError, match="variant must be one of"):
        make_cell("lstm2", 2, 3)
    with pytest.raises(ValueError, match="variants must be"):
        run_comparison(TASKS, variants=("nope",))
    with pytest.raises(ValueError, match="tasks must be"):
        run_comparison({})
    with pytest.raises(ValueError, match="seeds"):
        run_comparison(TASKS, seeds=())
    for other in ("gru", "coupled", "peephole"):
        with pytest.raises(TypeError, match="only a plain LSTMCell"):
            pin_forget_gate_open(make_cell(other, 2, 3))
    with pytest.raises(ValueError, match="no results for task"):
        markdown_table({}, "add")
    assert isinstance(pin_forget_gate_open(LSTMCell(2, 3)), LSTMCell)
    assert SequenceModel  # imported for the docs' sake


def test_html_table_has_one_row_per_variant(rows):
    from lstm_lessons.experiments import html_table

    text = html_table(summarize(rows), "add", caption="a & b")
    assert text.count("<tr>") == 1 + 3 and "a &amp; b" in text
    assert "not solved" in text or "/2 (" in text  # each row: solved n/2, with or without updates
    with pytest.raises(ValueError, match="no results"):
        html_table({}, "add")
