import numpy as np
import pytest

from lstm_lessons.training.optim import SGD, Adam, clip_grad_norm


def test_sgd_updates_in_place():
    p = {"w": np.array([1.0, 2.0])}
    ref = p["w"]
    SGD(lr=0.5).step(p, {"w": np.array([2.0, -2.0])})
    assert p["w"] is ref
    np.testing.assert_allclose(ref, [0.0, 3.0])


def test_sgd_momentum_accumulates():
    p, opt = {"w": np.zeros(1)}, SGD(lr=1.0, momentum=0.5)
    for _ in range(2):
        opt.step(p, {"w": np.ones(1)})
    np.testing.assert_allclose(p["w"], [-(1 + 1.5)])


def test_adam_first_step_moves_each_entry_by_lr():
    p = {"w": np.array([1.0, -1.0, 3.0])}
    Adam(lr=0.1).step(p, {"w": np.array([5.0, -0.01, 2.0])})
    np.testing.assert_allclose(p["w"], [0.9, -0.9, 2.9], atol=1e-6)  # bias-corrected: step = lr * sign(g)


def test_adam_minimises_a_quadratic():
    p, opt = {"w": np.array([3.0, -2.0])}, Adam(lr=0.1)
    for _ in range(500):
        opt.step(p, {"w": 2 * p["w"]})
    assert np.abs(p["w"]).max() < 1e-2


def test_clip_scales_to_the_limit_and_reports_the_old_norm():
    g = {"a": np.array([3.0]), "b": np.array([4.0])}
    assert clip_grad_norm(g, 1.0) == 5.0
    np.testing.assert_allclose([g["a"][0], g["b"][0]], [0.6, 0.8])
    g = {"a": np.array([0.3])}
    assert clip_grad_norm(g, 1.0) == pytest.approx(0.3) and g["a"][0] == 0.3  # under the limit: untouched


def test_bad_optimiser_input_changes_nothing():
    p = {"w": np.ones(2)}
    with pytest.raises(ValueError, match=r"grads\['w'\] must have shape \(2,\); got \(3,\)"):
        Adam().step(p, {"w": np.ones(3)})
    with pytest.raises(ValueError, match="same keys"):
        SGD().step(p, {"v": np.ones(2)})
    np.testing.assert_array_equal(p["w"], 1.0)
    with pytest.raises(ValueError, match="lr must be a positive number; got -1"):
        SGD(lr=-1)
    with pytest.raises(ValueError, match="max_norm must be positive"):
        clip_grad_norm({"w": np.ones(1)}, 0)


def test_global_norm_is_the_norm_of_all_gradients_as_one_vector():
    from lstm_lessons.training.optim import global_norm

    grads = {"a": np.array([3.0]), "b": np.array([[4.0, 0.0]])}
    assert global_norm(grads) == 5.0
    assert clip_grad_norm(grads, 10.0) == global_norm(grads) == 5.0  # below the limit: unchanged
