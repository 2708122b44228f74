import numpy as np
import pytest

from lstm_lessons.training.gradcheck import numerical_gradient, relative_error
from lstm_lessons.training.losses import mse, softmax, softmax_cross_entropy


def test_mse_value_and_gradient():
    y_hat, y = np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]])
    loss, grad = mse(y_hat, y)
    assert loss == 2.5
    np.testing.assert_allclose(grad, numerical_gradient(lambda: mse(y_hat, y)[0], y_hat), atol=1e-9)


def test_cross_entropy_value_and_gradient():
    rng = np.random.default_rng(0)
    logits, labels = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    loss, grad = softmax_cross_entropy(logits, labels)
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(5), labels])), rel=1e-12)
    num = numerical_gradient(lambda: softmax_cross_entropy(logits, labels)[0], logits)
    assert relative_error(grad, num) < 1e-7


def test_softmax_is_stable_for_huge_logits():
    with np.errstate(all="raise"):
        np.testing.assert_allclose(softmax(np.array([[1000.0, 1000.0]])), [[0.5, 0.5]])


def test_cross_entropy_is_exact_where_the_probability_underflows():
    # p(class 0) = exp(-800) is 0 in float64; the loss is still exactly 800, not log(tiny)
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # exp may underflow to 0
        loss, grad = softmax_cross_entropy(np.array([[0.0, 800.0]]), np.array([0]))
    assert loss == 800.0
    np.testing.assert_allclose(grad, [[-1.0, 1.0]])


def test_bad_loss_inputs():
    with pytest.raises(ValueError, match=r"same shape; got \(2, 1\) and \(2,\)"):
        mse(np.ones((2, 1)), np.ones(2))
    with pytest.raises(ValueError, match=r"labels must lie in 0..2; got values from 0 to 3"):
        softmax_cross_entropy(np.ones((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match=r"labels must be integers of shape \(2,\); got float64"):
        softmax_cross_entropy(np.ones((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="logits must have shape"):
        softmax_cross_entropy(np.ones(3), np.array([0]))
