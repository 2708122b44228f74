"""The causal self-attention forecaster: finite-difference gradients, causality, a loop reference,
and bad input."""

import numpy as np
import pytest

from lstm_lessons.series.attention import (
    CausalSelfAttention,
    causal_attention,
    causal_mask,
    softmax_rows,
)
from lstm_lessons.training.gradcheck import numerical_gradient, relative_error


def model(D=2, d=4, K=3, max_len=6, heads=1, seed=1, causal=True):
    m = CausalSelfAttention(D, d, K, max_len=max_len, n_heads=heads, seed=seed, causal=causal)
    rng = np.random.default_rng(seed + 10)
    for p in m.params.values():  # nonzero biases, larger weights: every path matters
        p += 0.3 * rng.standard_normal(p.shape)
    return m


def loop_forward(m, xs):
    """The module docstring's equations, one position, one head and one example at a time."""
    p, T, B = m.params, xs.shape[0], xs.shape[1]
    d_h = m.d_model // m.n_heads
    ys = np.zeros((T, B, m.output_size))
    for b in range(B):
        e = np.array([p["W_e"] @ xs[t, b] + p["b_e"] + p["P"][t] for t in range(T)])  # (T, d)
        q, k, v = e @ p["W_q"].T, e @ p["W_k"].T, e @ p["W_v"].T
        for t in range(T):
            o = []
            for h in range(m.n_heads):
                cols = slice(h * d_h, (h + 1) * d_h)
                seen = range(t + 1) if m.causal else range(T)
                s = np.array([q[t, cols] @ k[j, cols] / np.sqrt(d_h) for j in seen])
                a = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
                o.append(sum(a_j * v[j, cols] for a_j, j in zip(a, seen, strict=False)))
            z = e[t] + p["W_o"] @ np.concatenate(o) + p["b_o"]
            ys[t, b] = p["W_y"] @ z + p["b_y"]
    return ys


@pytest.mark.parametrize("heads,causal", [(1, True), (2, True), (4, True), (2, False)])
def test_forward_matches_the_equations_written_as_loops(heads, causal):
    m = model(d=8, heads=heads, causal=causal)
    xs = np.random.default_rng(0).standard_normal((5, 3, 2))
    np.testing.assert_allclose(m.forward(xs), loop_forward(m, xs), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("heads,causal", [(1, True), (2, True), (2, False)])
def test_backward_agrees_with_central_differences(heads, causal):
    m = model(d=4, heads=heads, causal=causal)
    xs = np.random.default_rng(0).standard_normal((5, 3, 2))
    R = np.random.default_rng(2).standard_normal((5, 3, 3))  # a loss that looks at every output

    def loss():
        return np.sum(m.forward(xs) * R)

    m.forward(xs)
    grads, dxs = m.backward(R)
    for name, p in m.params.items():
        assert relative_error(grads[name], numerical_gradient(loss, p)) < 1e-6, name
    assert relative_error(dxs, numerical_gradient(loss, xs)) < 1e-6
    assert np.all(grads["P"][5:] == 0)  # rows past T=5 were never used


def test_loss_and_grads_looks_at_the_last_position_only():
    m = model()
    xs = np.random.default_rng(0).standard_normal((4, 3, 2))
    y = np.random.default_rng(1).standard_normal((3, 3))
    value, grads = m.loss_and_grads(xs, y)
    assert value == pytest.approx(np.mean((m.predict(xs) - y) ** 2))
    num = numerical_gradient(lambda: np.mean((m.predict(xs) - y) ** 2), m.params["W_q"])
    assert relative_error(grads["W_q"], num) < 1e-6


def test_position_t_never_sees_a_later_input():
    m = model(D=1, d=8, K=2, max_len=10, heads=2)
    xs = np.random.default_rng(0).standard_normal((10, 4, 1))
    before = m.forward(xs)
    later = xs.copy()
    later[6:] += 5.0
    after = m.forward(later)
    assert np.array_equal(before[:6], after[:6]) and np.abs(before[6:] - after[6:]).min() > 0
    assert np.all(np.triu(m.attention[0, 0], k=1) == 0)  # weights above the diagonal are exactly 0
    np.testing.assert_allclose(m.attention.sum(axis=-1), 1.0, rtol=0, atol=1e-14)


def test_without_the_mask_the_last_position_and_its_gradient_are_unchanged():
    a, b = model(causal=True), model(causal=False)
    xs = np.random.default_rng(0).standard_normal((5, 3, 2))
    y = np.random.default_rng(1).standard_normal((3, 3))
    ya, yb = a.forward(xs), b.forward(xs)
    assert np.array_equal(ya[-1], yb[-1]) and not np.allclose(ya[:-1], yb[:-1])
    (_, ga), (_, gb) = a.loss_and_grads(xs, y), b.loss_and_grads(xs, y)
    assert all(np.allclose(ga[k], gb[k], rtol=0, atol=1e-15) for k in ga)


def test_causal_attention_function_is_one_head_of_the_model():
    m = model(D=1, d=4, K=2, heads=1)
    xs = np.random.default_rng(0).standard_normal((6, 2, 1))
    m.forward(xs)
    p = m.params
    E = xs @ p["W_e"].T + p["b_e"] + p["P"][:6, None]
    O = causal_attention(E @ p["W_q"].T, E @ p["W_k"].T, E @ p["W_v"].T)  # noqa: E741
    Z = E + O @ p["W_o"].T + p["b_o"]
    np.testing.assert_allclose(m.forward(xs), Z @ p["W_y"].T + p["b_y"], rtol=1e-12, atol=1e-13)
    assert causal_mask(3).tolist() == [
        [True, False, False],
        [True, True, False],
        [True, True, True],
    ]
    np.testing.assert_allclose(
        softmax_rows(np.array([[0.0, -np.inf, np.log(3)]])), [[0.25, 0.0, 0.75]]
    )


def test_parameter_count_and_seeding():
    m = CausalSelfAttention(1, 16, 11, max_len=22, n_heads=2, seed=0)
    assert m.n_params == 16 + 16 + 22 * 16 + 4 * 16 * 16 + 16 + 11 * 16 + 11 == 1611
    same, other = (
        CausalSelfAttention(1, 16, 11, 22, 2, seed=0),
        CausalSelfAttention(1, 16, 11, 22, 2, seed=1),
    )
    assert all(np.array_equal(m.params[k], same.params[k]) for k in m.params)
    assert not np.array_equal(m.params["W_q"], other.params["W_q"])
    assert "n_heads=2" in repr(m)


def test_bad_input_gets_our_errors():
    m = model(D=2, d=4, K=3, max_len=6)
    with pytest.raises(ValueError, match="needs a forward"):
        m.backward(np.zeros((1, 1, 3)))
    with pytest.raises(ValueError, match=r"xs must have shape \(T, batch, 2\)"):
        m.forward(np.zeros((4, 3, 5)))
    with pytest.raises(ValueError, match="xs must have 3 axes"):
        m.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="more than max_len=6"):
        m.forward(np.zeros((7, 1, 2)))
    m.forward(np.zeros((4, 3, 2)))
    with pytest.raises(ValueError, match=r"dys must have shape \(T=4, batch=3, K=3\)"):
        m.backward(np.zeros((4, 3, 2)))
    with pytest.raises(ValueError, match="n_heads must divide d_model"):
        CausalSelfAttention(1, 6, 1, max_len=4, n_heads=4)
    with pytest.raises(TypeError, match="d_model must be a positive integer"):
        CausalSelfAttention(1, 2.5, 1, max_len=4)
    with pytest.raises(ValueError, match="loss must be 'mse'"):
        m.loss_and_grads(np.zeros((4, 3, 2)), np.zeros((3, 3)), loss="xent")
    with pytest.raises(ValueError, match="Q and K must have one shape"):
        causal_attention(np.zeros((3, 2, 4)), np.zeros((3, 2, 5)), np.zeros((3, 2, 1)))
    m.params["W_q"][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"params\['W_q'\] must be finite"):
        m.forward(np.zeros((4, 3, 2)))
