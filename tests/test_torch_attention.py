"""The causal self-attention forecaster against ``torch.nn.MultiheadAttention``, in float64.

PyTorch is a test extra, never a requirement of the book; as in ``test_torch_agreement.py``,
this module fails loudly where it is missing instead of skipping.
"""

import numpy as np
import pytest

from lstm_lessons.series.attention import CausalSelfAttention

try:
    import torch
except ImportError as err:  # pragma: no cover - the message is the point
    pytest.fail(
        f"PyTorch is needed for the agreement tests and is not installed ({err}). "
        "Install it with `pip install torch==2.13.0` (make test does this).",
        pytrace=False,
    )


@pytest.mark.parametrize("heads", [1, 2, 4])
def test_attention_forecaster_agrees_with_torch(heads):
    T, B, D, d, K = 6, 3, 2, 8, 3
    m = CausalSelfAttention(D, d, K, max_len=T + 2, n_heads=heads, seed=5)
    rng = np.random.default_rng(6)
    for p in m.params.values():
        p[...] = rng.normal(scale=0.5, size=p.shape)
    xs, R = rng.standard_normal((T, B, D)), rng.standard_normal((T, B, K))
    ys = m.forward(xs)
    grads, dxs = m.backward(R)

    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in m.params.items()}
    x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    mha = torch.nn.MultiheadAttention(d, heads, bias=True, dtype=torch.float64)  # (T, B, d) layout
    with torch.no_grad():
        mha.in_proj_bias.zero_()  # our q, k, v have no bias
    mha.in_proj_weight = torch.nn.Parameter(torch.cat([t["W_q"], t["W_k"], t["W_v"]]))
    mha.out_proj.weight, mha.out_proj.bias = (
        torch.nn.Parameter(t["W_o"]),
        torch.nn.Parameter(t["b_o"]),
    )
    E = x @ t["W_e"].T + t["b_e"] + t["P"][:T, None]
    future = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)  # True: may not look
    out, _ = mha(E, E, E, attn_mask=future, need_weights=False)
    Y = (E + out) @ t["W_y"].T + t["b_y"]
    (Y * torch.tensor(R)).sum().backward()

    np.testing.assert_allclose(ys, Y.detach().numpy(), rtol=0, atol=1e-12)
    torch_grads = {
        "W_q": mha.in_proj_weight.grad[:d],
        "W_k": mha.in_proj_weight.grad[d : 2 * d],
        "W_v": mha.in_proj_weight.grad[2 * d :],
        "W_o": mha.out_proj.weight.grad,
        "b_o": mha.out_proj.bias.grad,
    }
    for k in m.params:
        want = torch_grads[k] if k in torch_grads else t[k].grad
        np.testing.assert_allclose(grads[k], want.numpy(), rtol=0, atol=1e-10, err_msg=k)
    np.testing.assert_allclose(dxs, x.grad.numpy(), rtol=0, atol=1e-10)
