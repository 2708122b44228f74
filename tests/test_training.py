import numpy as np
import pytest

from lstm_lessons import LSTMCell, RNNCell
from lstm_lessons.tasks import AddingProblem, FirstSymbol
from lstm_lessons.training import Readout, SequenceModel, train
from lstm_lessons.training.gradcheck import numerical_gradient, relative_error


def test_model_gradients_match_central_differences():
    model = SequenceModel(LSTMCell(2, 3, seed=1), 1, seed=1)
    xs, y = AddingProblem(T=6).sample(4, np.random.default_rng(0))
    _, grads = model.loss_and_grads(xs, y, "mse")
    for name, p in model.params.items():
        num = numerical_gradient(lambda: model.loss_and_grads(xs, y, "mse")[0], p)
        assert relative_error(grads[name], num) < 1e-6, name


def test_train_is_deterministic_given_its_seed():
    def run(seed):
        model = SequenceModel(LSTMCell(9, 8, seed=0), 4, seed=0)
        return train(model, FirstSymbol(T=6), steps=30, eval_every=10, seed=seed).val_loss

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_train_learns_a_short_lag_task():
    model = SequenceModel(LSTMCell(9, 16, seed=0), 4, seed=0)
    history = train(model, FirstSymbol(T=8), steps=300, eval_every=100, lr=0.02, seed=0)
    assert history.val_accuracy[-1] > 0.95 and history.val_loss[-1] < history.val_loss[0]
    assert history.step == [100, 200, 300]


def test_stop_at_target_ends_the_same_run_early():
    def run(**kw):
        model = SequenceModel(LSTMCell(9, 8, seed=0), 4, seed=0)
        task = FirstSymbol(T=6)
        return train(model, task, steps=300, eval_every=20, lr=0.02, seed=0, target=0.3, **kw)

    full, stopped = run(), run(stop_at_target=True)
    assert full.solved_at is not None and full.solved_at < 300  # the target is reached mid-run
    assert stopped.solved_at == full.solved_at == stopped.step[-1]
    n = len(stopped.step)
    assert stopped.val_loss == full.val_loss[:n] and stopped.train_loss == full.train_loss[:n]
    assert len(full.step) > n and stopped.val_loss[-1] <= 0.3 < stopped.val_loss[-2]


def test_train_logs_one_line_per_log_every():
    lines = []
    train(SequenceModel(RNNCell(2, 3), 1), AddingProblem(5), steps=50, eval_every=25, log_every=10, log=lines.append)
    assert len(lines) == 5 and lines[-1].startswith("step    50/50")


def test_bad_training_arguments():
    model = SequenceModel(RNNCell(2, 3), 1)
    with pytest.raises(ValueError, match="optimizer must be 'adam' or 'sgd'; got 'rmsprop'"):
        train(model, AddingProblem(5), optimizer="rmsprop")
    with pytest.raises(ValueError, match="stop_at_target=True needs a target"):
        train(model, AddingProblem(5), stop_at_target=True)
    with pytest.raises(ValueError, match="clip must be a positive number or None"):
        train(model, AddingProblem(5), clip=0)
    with pytest.raises(ValueError, match="loss must be one of"):
        model.loss_and_grads(np.ones((3, 1, 2)), np.ones((1, 1)), loss="hinge")
    with pytest.raises(TypeError, match="output_size must be a positive integer"):
        Readout(3, 0.5)


@pytest.mark.slow
def test_lstm_solves_the_adding_problem_at_T100_and_the_rnn_does_not():
    """Hochreiter & Schmidhuber's adding problem, T=100; the same budget for both cells."""
    task, budget = AddingProblem(T=100), dict(steps=1500, batch_size=32, lr=1e-2, seed=0, eval_every=100)
    lstm = train(SequenceModel(LSTMCell(2, 16, seed=0), 1, seed=0), task, **budget)
    rnn = train(SequenceModel(RNNCell(2, 16, seed=0), 1, seed=0), task, **budget)
    assert lstm.final_val_loss < 0.01
    assert rnn.final_val_loss > 0.1  # stuck near the constant predictor's 0.167


# -- per_step=True: a prediction at every step ------------------------------------------
def _per_step(cell=None, K=4, seed=1):
    return SequenceModel(cell or LSTMCell(3, 5, seed=seed), K, seed=seed, per_step=True)


def test_per_step_predict_is_the_readout_of_every_hidden_state():
    model = _per_step()
    xs = np.random.default_rng(0).normal(size=(6, 2, 3))
    y_hat = model.predict(xs)
    assert y_hat.shape == (6, 2, 4)
    hs, _ = model.cell.forward(xs)
    W, b = model.readout.params["W"], model.readout.params["b"]
    for t in range(6):  # the one matmul over all steps equals the loop over steps
        np.testing.assert_allclose(y_hat[t], hs[t] @ W.T + b, rtol=0, atol=1e-14)


@pytest.mark.parametrize("loss", ["xent", "mse"])
@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_per_step_gradients_match_central_differences(loss, kind):
    from lstm_lessons import GRUCell

    cell = LSTMCell(3, 4, seed=2) if kind == "lstm" else GRUCell(3, 4, seed=2)
    model, rng = _per_step(cell, K=3), np.random.default_rng(3)
    xs = rng.normal(size=(5, 2, 3))
    y = rng.integers(0, 3, size=(5, 2)) if loss == "xent" else rng.normal(size=(5, 2, 3))
    state = (rng.normal(size=(2, 4)), rng.normal(size=(2, 4))) if kind == "lstm" else rng.normal(size=(2, 4))
    _, grads = model.loss_and_grads(xs, y, loss, state=state)  # the state is a constant
    for name, p in model.params.items():
        num = numerical_gradient(lambda: model.loss_and_grads(xs, y, loss, state=state)[0], p)
        assert relative_error(grads[name], num) < 1e-6, name


def test_per_step_loss_is_the_mean_over_every_step():
    from lstm_lessons.training.losses import softmax_cross_entropy

    model, rng = _per_step(), np.random.default_rng(4)
    xs, y = rng.normal(size=(7, 3, 3)), rng.integers(0, 4, size=(7, 3))
    value, _ = model.loss_and_grads(xs, y, "xent")
    y_hat = model.predict(xs)
    per_step = [softmax_cross_entropy(y_hat[t], y[t])[0] for t in range(7)]
    assert value == pytest.approx(np.mean(per_step), rel=1e-12)


def test_per_step_keeps_the_final_state_for_the_next_batch():
    model, rng = _per_step(), np.random.default_rng(5)
    xs = rng.normal(size=(8, 2, 3))
    whole = model.predict(xs)
    first = model.predict(xs[:5])
    second = model.predict(xs[5:], state=model.final_state)
    np.testing.assert_allclose(np.concatenate([first, second]), whole, rtol=0, atol=1e-13)


def test_per_step_bad_targets_are_refused_before_anything_runs():
    model, rng = _per_step(), np.random.default_rng(6)
    xs = rng.normal(size=(4, 2, 3))
    model.predict(xs)
    before = model.cell.states["h"].copy()
    with pytest.raises(ValueError, match=r"y must be integer classes of shape \(T=4, batch=2\), one per step; "
                                         r"got float64 of shape \(4, 2\)"):  # fmt: skip
        model.loss_and_grads(np.zeros((4, 2, 3)), np.zeros((4, 2)), "xent")
    with pytest.raises(ValueError, match=r"y must be integer classes of shape \(T=4, batch=2\)"):
        model.loss_and_grads(np.zeros((4, 2, 3)), np.zeros(2, dtype=int), "xent")
    with pytest.raises(ValueError, match=r"y must lie in 0..3 \(output_size=4\); got values from 0 to 4"):
        model.loss_and_grads(np.zeros((4, 2, 3)), np.array([[0, 4]] * 4), "xent")
    with pytest.raises(ValueError, match=r"y must have shape \(T=4, batch=2, output=4\), one target per step"):
        model.loss_and_grads(np.zeros((4, 2, 3)), np.zeros((4, 2)), "mse")
    np.testing.assert_array_equal(model.cell.states["h"], before)
    with pytest.raises(TypeError, match="per_step must be True or False"):
        SequenceModel(LSTMCell(3, 5), 4, per_step="yes")
