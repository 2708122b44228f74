import numpy as np

from lstm_lessons.cells.activations import (
    sigmoid,
    sigmoid_grad_from_output,
    tanh,
    tanh_grad_from_output,
)


def test_sigmoid_matches_the_logistic_formula():
    a = np.linspace(-30, 30, 201)
    np.testing.assert_allclose(sigmoid(a), 1 / (1 + np.exp(-a)), rtol=1e-13, atol=1e-15)


def test_sigmoid_never_overflows_and_saturates_exactly():
    with np.errstate(all="raise"):
        s = sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    assert s.tolist() == [0.0, 0.5, 1.0]


def test_sigmoid_in_place():
    a = np.array([0.0, 2.0])
    out = sigmoid(a, out=a)
    assert out is a and a[0] == 0.5


def test_derivatives_from_outputs_match_central_differences():
    a, eps = np.linspace(-4, 4, 41), 1e-6
    num_s = (sigmoid(a + eps) - sigmoid(a - eps)) / (2 * eps)
    num_t = (tanh(a + eps) - tanh(a - eps)) / (2 * eps)
    np.testing.assert_allclose(sigmoid_grad_from_output(sigmoid(a)), num_s, atol=1e-9)
    np.testing.assert_allclose(tanh_grad_from_output(tanh(a)), num_t, atol=1e-9)


def test_scalars_work():
    assert sigmoid(0.0) == 0.5 and abs(float(sigmoid(1.2)) - 1 / (1 + np.exp(-1.2))) < 1e-15
    assert tanh(0.0) == 0.0


def test_sigmoid_of_negated_is_sigmoid_to_the_bit():
    """The fused kernels fold the minus into their weights; the gates must not change at all."""
    import warnings

    from lstm_lessons.cells.activations import sigmoid_of_negated

    a = np.concatenate([np.linspace(-800, 800, 4001), [-709.8, 709.8, 0.0, -0.0]])
    neg = -a
    with warnings.catch_warnings(), np.errstate(over="ignore", under="ignore"):
        warnings.simplefilter("error")
        out = sigmoid_of_negated(neg)
    assert out is neg and np.array_equal(out, sigmoid(a))
    assert out[0] == 0.0 and out[4000] == 1.0
