import numpy as np
import pytest

from lstm_lessons import LSTMCell, RNNCell
from lstm_lessons.gradcheck import numerical_gradient, relative_error
from lstm_lessons.tasks import AddingProblem, FirstSymbol
from lstm_lessons.training import Readout, SequenceModel, train


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
