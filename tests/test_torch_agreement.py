"""Our numbers against PyTorch's, with the same weights, in float64.

PyTorch is a test extra (``pip install torch==2.13.0``), never a requirement of the book.
Where it is missing this module fails loudly instead of skipping: CI must run it.
"""

import numpy as np
import pytest

from lstm_lessons import GRUCell, LSTMCell

try:
    import torch
except ImportError as err:  # pragma: no cover - the message is the point
    pytest.fail(f"PyTorch is needed for the agreement tests and is not installed ({err}). "
                "Install it with `pip install torch==2.13.0` (make test does this).", pytrace=False)  # fmt: skip

T, B, D, H = 7, 3, 4, 5


def _loss_weights(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((T, B, H)), rng.standard_normal((B, H)), rng.standard_normal((B, H))


def _t(a):
    return torch.tensor(a, dtype=torch.float64)


def test_lstm_agrees_with_torch():
    cell = LSTMCell(D, H, seed=3, forget_bias=0.3)
    rng = np.random.default_rng(4)
    for p in cell.params.values():
        p[...] = rng.normal(scale=0.5, size=p.shape)
    xs, h0, C0 = rng.standard_normal((T, B, D)), rng.standard_normal((B, H)), rng.standard_normal((B, H))
    R, S_h, S_C = _loss_weights()

    P = cell.params
    order = ("i", "f", "C", "o")  # PyTorch stacks its gates as i, f, g, o
    lstm = torch.nn.LSTM(D, H).double()
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(_t(np.concatenate([P[f"W_{g}"][:, H:] for g in order])))
        lstm.weight_hh_l0.copy_(_t(np.concatenate([P[f"W_{g}"][:, :H] for g in order])))
        lstm.bias_ih_l0.copy_(_t(np.concatenate([P[f"b_{g}"] for g in order])))
        lstm.bias_hh_l0.zero_()
    x_t, h_t, c_t = (_t(a).requires_grad_() for a in (xs, h0, C0))
    out, (hT, cT) = lstm(x_t, (h_t[None], c_t[None]))
    ((out * _t(R)).sum() + (hT[0] * _t(S_h)).sum() + (cT[0] * _t(S_C)).sum()).backward()

    hs, (h_fin, C_fin) = cell.forward(xs, (h0, C0))
    grads, dxs = cell.backward(R, (S_h, S_C))
    tol = dict(rtol=0, atol=1e-9)
    np.testing.assert_allclose(hs, out.detach().numpy(), **tol)
    np.testing.assert_allclose(h_fin, hT[0].detach().numpy(), **tol)
    np.testing.assert_allclose(C_fin, cT[0].detach().numpy(), **tol)
    np.testing.assert_allclose(dxs, x_t.grad.numpy(), **tol)
    np.testing.assert_allclose(cell.dstate0[0], h_t.grad.numpy(), **tol)
    np.testing.assert_allclose(cell.dstate0[1], c_t.grad.numpy(), **tol)
    g_ih, g_hh, g_b = lstm.weight_ih_l0.grad.numpy(), lstm.weight_hh_l0.grad.numpy(), lstm.bias_ih_l0.grad.numpy()
    for k, g in enumerate(order):
        rows = slice(k * H, (k + 1) * H)
        np.testing.assert_allclose(grads[f"W_{g}"], np.concatenate([g_hh[rows], g_ih[rows]], axis=1), **tol)
        np.testing.assert_allclose(grads[f"b_{g}"], g_b[rows], **tol)


def test_gru_reset_after_agrees_with_torch_with_the_update_gate_flipped():
    """PyTorch's update gate is our 1 - z: negate W_z and b_z when copying them over."""
    cell = GRUCell(D, H, seed=5, reset_after=True)
    rng = np.random.default_rng(6)
    for p in cell.params.values():
        p[...] = rng.normal(scale=0.5, size=p.shape)
    xs, h0 = rng.standard_normal((T, B, D)), rng.standard_normal((B, H))
    R, S_h, _ = _loss_weights(1)

    P = cell.params
    gru = torch.nn.GRU(D, H).double()
    W_ih = np.concatenate([P["W_r"][:, H:], -P["W_z"][:, H:], P["W_h"][:, H:]])  # PyTorch order: r, z, n
    W_hh = np.concatenate([P["W_r"][:, :H], -P["W_z"][:, :H], P["W_h"][:, :H]])
    with torch.no_grad():
        gru.weight_ih_l0.copy_(_t(W_ih))
        gru.weight_hh_l0.copy_(_t(W_hh))
        gru.bias_ih_l0.copy_(_t(np.concatenate([P["b_r"], -P["b_z"], P["b_h"]])))
        gru.bias_hh_l0.copy_(_t(np.concatenate([np.zeros(H), np.zeros(H), P["b_hh"]])))
    x_t, h_t = _t(xs).requires_grad_(), _t(h0).requires_grad_()
    out, hT = gru(x_t, h_t[None])
    ((out * _t(R)).sum() + (hT[0] * _t(S_h)).sum()).backward()

    hs, h_fin = cell.forward(xs, h0)
    grads, dxs = cell.backward(R, S_h)
    tol = dict(rtol=0, atol=1e-9)
    np.testing.assert_allclose(hs, out.detach().numpy(), **tol)
    np.testing.assert_allclose(h_fin, hT[0].detach().numpy(), **tol)
    np.testing.assert_allclose(dxs, x_t.grad.numpy(), **tol)
    np.testing.assert_allclose(cell.dstate0, h_t.grad.numpy(), **tol)
    g_ih, g_hh = gru.weight_ih_l0.grad.numpy(), gru.weight_hh_l0.grad.numpy()
    g_bih, g_bhh = gru.bias_ih_l0.grad.numpy(), gru.bias_hh_l0.grad.numpy()
    r, z, n = slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)
    np.testing.assert_allclose(grads["W_r"], np.concatenate([g_hh[r], g_ih[r]], axis=1), **tol)
    np.testing.assert_allclose(grads["W_z"], -np.concatenate([g_hh[z], g_ih[z]], axis=1), **tol)
    np.testing.assert_allclose(grads["W_h"], np.concatenate([g_hh[n], g_ih[n]], axis=1), **tol)
    np.testing.assert_allclose(grads["b_r"], g_bih[r], **tol)
    np.testing.assert_allclose(grads["b_z"], -g_bih[z], **tol)
    np.testing.assert_allclose(grads["b_h"], g_bih[n], **tol)
    np.testing.assert_allclose(grads["b_hh"], g_bhh[n], **tol)


def _lstm_weights_to_torch(P, H, layer, lstm):
    """Copy one LSTMCell's params into layer ``layer`` of ``torch.nn.LSTM`` (gate order i, f, g, o)."""
    order = ("i", "f", "C", "o")
    getattr(lstm, f"weight_ih_l{layer}").copy_(_t(np.concatenate([P[f"W_{g}"][:, H:] for g in order])))
    getattr(lstm, f"weight_hh_l{layer}").copy_(_t(np.concatenate([P[f"W_{g}"][:, :H] for g in order])))
    getattr(lstm, f"bias_ih_l{layer}").copy_(_t(np.concatenate([P[f"b_{g}"] for g in order])))
    getattr(lstm, f"bias_hh_l{layer}").zero_()


def test_stacked_lstm_agrees_with_torch_num_layers_2():
    """Stacked([LSTMCell(D, H), LSTMCell(H, H)]) is torch.nn.LSTM(D, H, num_layers=2)."""
    from lstm_lessons import Stacked

    net = Stacked([LSTMCell(D, H, seed=3), LSTMCell(H, H, seed=4)])
    rng = np.random.default_rng(8)
    for p in net.params.values():
        p[...] = rng.normal(scale=0.5, size=p.shape)
    xs = rng.standard_normal((T, B, D))
    h0, C0 = rng.standard_normal((2, B, H)), rng.standard_normal((2, B, H))  # torch's layout: (layers, B, H)
    R, S_h, S_C = rng.standard_normal((T, B, H)), rng.standard_normal((2, B, H)), rng.standard_normal((2, B, H))

    lstm = torch.nn.LSTM(D, H, num_layers=2).double()
    with torch.no_grad():
        for layer, cell in enumerate(net.layers):
            _lstm_weights_to_torch(cell.params, H, layer, lstm)
    x_t, h_t, c_t = (_t(a).requires_grad_() for a in (xs, h0, C0))
    out, (hT, cT) = lstm(x_t, (h_t, c_t))
    ((out * _t(R)).sum() + (hT * _t(S_h)).sum() + (cT * _t(S_C)).sum()).backward()

    hs, finals = net.forward(xs, ((h0[0], C0[0]), (h0[1], C0[1])))
    grads, dxs = net.backward(R, ((S_h[0], S_C[0]), (S_h[1], S_C[1])))
    gaps = {
        "hs": np.abs(hs - out.detach().numpy()).max(),
        "final h": max(np.abs(finals[k][0] - hT[k].detach().numpy()).max() for k in range(2)),
        "final C": max(np.abs(finals[k][1] - cT[k].detach().numpy()).max() for k in range(2)),
        "dxs": np.abs(dxs - x_t.grad.numpy()).max(),
        "dh0": max(np.abs(net.dstate0[k][0] - h_t.grad[k].numpy()).max() for k in range(2)),
        "dC0": max(np.abs(net.dstate0[k][1] - c_t.grad[k].numpy()).max() for k in range(2)),
    }
    order = ("i", "f", "C", "o")
    for layer in range(2):
        g_ih = getattr(lstm, f"weight_ih_l{layer}").grad.numpy()
        g_hh = getattr(lstm, f"weight_hh_l{layer}").grad.numpy()
        g_b = getattr(lstm, f"bias_ih_l{layer}").grad.numpy()
        for k, g in enumerate(order):
            rows = slice(k * H, (k + 1) * H)
            gaps[f"{layer}.W_{g}"] = np.abs(grads[f"{layer}.W_{g}"] - np.concatenate([g_hh[rows], g_ih[rows]], axis=1)).max()
            gaps[f"{layer}.b_{g}"] = np.abs(grads[f"{layer}.b_{g}"] - g_b[rows]).max()
    assert len(gaps) == 6 + 16
    worst = max(gaps, key=gaps.get)
    assert gaps[worst] < 1e-9, f"{worst} differs from torch by {gaps[worst]:.1e}"
    print("Stacked vs torch.nn.LSTM(num_layers=2), largest differences:",
          ", ".join(f"{k} {gaps[k]:.0e}" for k in ("hs", "final h", "final C", "dxs", "dh0", "dC0")),
          f"weights {max(v for k, v in gaps.items() if '.' in k):.0e}")
