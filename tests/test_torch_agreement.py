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


def _torch_gru(P, xs, h, reset_after):
    """``gru_step`` in PyTorch operations, over a whole sequence; autograd gives every gradient."""
    H = h.shape[1]
    hs = []
    for x in xs:
        u = torch.cat([h, x], dim=1)
        z = torch.sigmoid(u @ P["W_z"].T + P["b_z"])
        r = torch.sigmoid(u @ P["W_r"].T + P["b_r"])
        if reset_after:
            n = h @ P["W_h"][:, :H].T + P["b_hh"]
            h_tilde = torch.tanh(x @ P["W_h"][:, H:].T + P["b_h"] + r * n)
        else:
            h_tilde = torch.tanh(torch.cat([r * h, x], dim=1) @ P["W_h"].T + P["b_h"])
        h = (1 - z) * h + z * h_tilde
        hs.append(h)
    return torch.stack(hs), h


@pytest.mark.parametrize("reset_after", [False, True])
@pytest.mark.parametrize("T_,B_,D_,H_", [(1, 1, 1, 1), (6, 2, 3, 4), (3, 5, 7, 2)])
def test_gru_fused_path_agrees_with_torch_autograd(reset_after, T_, B_, D_, H_):
    """Both conventions, several shapes: hs, every weight gradient, dxs and dh_0 to 1e-9."""
    cell = GRUCell(D_, H_, seed=2, reset_after=reset_after)
    rng = np.random.default_rng(T_ + B_)
    for p in cell.params.values():
        p[...] = rng.normal(scale=0.6, size=p.shape)
    xs, h0 = rng.standard_normal((T_, B_, D_)), rng.standard_normal((B_, H_))
    R, S = rng.standard_normal((T_, B_, H_)), rng.standard_normal((B_, H_))

    P = {k: _t(v).requires_grad_() for k, v in cell.params.items()}
    x_t, h_t = _t(xs).requires_grad_(), _t(h0).requires_grad_()
    out, hT = _torch_gru(P, x_t, h_t, reset_after)
    ((out * _t(R)).sum() + (hT * _t(S)).sum()).backward()

    hs, _ = cell.forward(xs, h0)
    grads, dxs = cell.backward(R, S)
    tol = dict(rtol=0, atol=1e-9)
    np.testing.assert_allclose(hs, out.detach().numpy(), **tol)
    np.testing.assert_allclose(dxs, x_t.grad.numpy(), **tol)
    np.testing.assert_allclose(cell.dstate0, h_t.grad.numpy(), **tol)
    for k in cell.params:
        np.testing.assert_allclose(grads[k], P[k].grad.numpy(), **tol, err_msg=k)


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
            g_W = np.concatenate([g_hh[rows], g_ih[rows]], axis=1)  # torch's, as our W acting on [h, x]
            gaps[f"{layer}.W_{g}"] = np.abs(grads[f"{layer}.W_{g}"] - g_W).max()
            gaps[f"{layer}.b_{g}"] = np.abs(grads[f"{layer}.b_{g}"] - g_b[rows]).max()
    assert len(gaps) == 6 + 16
    worst = max(gaps, key=gaps.get)
    assert gaps[worst] < 1e-9, f"{worst} differs from torch by {gaps[worst]:.1e}"
    print(f"Stacked vs torch.nn.LSTM(num_layers=2): largest difference {gaps[worst]:.1e} ({worst})")


# -- bidirectional stacks: two layers, two directions -------------------------------------------------
def _gru_weights_to_torch(P, H, name, gru):
    """Copy one GRUCell(reset_after=True)'s params into ``gru``'s ``*_l{name}`` (order r, z, n; our z flipped)."""
    getattr(gru, f"weight_ih_l{name}").copy_(_t(np.concatenate([P["W_r"][:, H:], -P["W_z"][:, H:], P["W_h"][:, H:]])))
    getattr(gru, f"weight_hh_l{name}").copy_(_t(np.concatenate([P["W_r"][:, :H], -P["W_z"][:, :H], P["W_h"][:, :H]])))
    getattr(gru, f"bias_ih_l{name}").copy_(_t(np.concatenate([P["b_r"], -P["b_z"], P["b_h"]])))
    getattr(gru, f"bias_hh_l{name}").copy_(_t(np.concatenate([np.zeros(H), np.zeros(H), P["b_hh"]])))


def _lstm_grads_from_torch(module, name, H):
    """Our gradient names for torch's ``*_l{name}`` gradients: W_g = [W_hh rows | W_ih rows]."""
    g_ih, g_hh = getattr(module, f"weight_ih_l{name}").grad.numpy(), getattr(module, f"weight_hh_l{name}").grad.numpy()
    g_b = getattr(module, f"bias_ih_l{name}").grad.numpy()
    out = {}
    for k, g in enumerate(("i", "f", "C", "o")):
        rows = slice(k * H, (k + 1) * H)
        out[f"W_{g}"] = np.concatenate([g_hh[rows], g_ih[rows]], axis=1)
        out[f"b_{g}"] = g_b[rows]
    return out


def _gru_grads_from_torch(module, name, H):
    g_ih, g_hh = getattr(module, f"weight_ih_l{name}").grad.numpy(), getattr(module, f"weight_hh_l{name}").grad.numpy()
    g_bih, g_bhh = getattr(module, f"bias_ih_l{name}").grad.numpy(), getattr(module, f"bias_hh_l{name}").grad.numpy()
    r, z, n = slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)
    return {"W_r": np.concatenate([g_hh[r], g_ih[r]], axis=1), "W_z": -np.concatenate([g_hh[z], g_ih[z]], axis=1),
            "W_h": np.concatenate([g_hh[n], g_ih[n]], axis=1), "b_r": g_bih[r], "b_z": -g_bih[z],
            "b_h": g_bih[n], "b_hh": g_bhh[n]}  # fmt: skip


def _gap(a, b):
    return float(np.abs(np.asarray(a) - np.asarray(b)).max())


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_stacked_bidirectional_agrees_with_torch_num_layers_2_bidirectional(kind):
    """Stacked([Bidirectional(cell(D, H), cell(D, H)), Bidirectional(cell(2H, H), cell(2H, H))]) is
    torch.nn.LSTM / GRU(D, H, num_layers=2, bidirectional=True): outputs, final states, every gradient.

    torch's h_n is (num_layers * 2, B, H) in the order layer 0 forward, layer 0 backward, layer 1 forward, ...:
    our state ((fwd_0, bwd_0), (fwd_1, bwd_1)) flattened.
    """
    from lstm_lessons import Bidirectional, Stacked

    if kind == "lstm":
        make = lambda d, seed: LSTMCell(d, H, seed=seed)  # noqa: E731
        module = torch.nn.LSTM(D, H, num_layers=2, bidirectional=True).double()
        to_torch, from_torch = _lstm_weights_to_torch, _lstm_grads_from_torch
    else:
        make = lambda d, seed: GRUCell(d, H, seed=seed, reset_after=True)  # noqa: E731
        module = torch.nn.GRU(D, H, num_layers=2, bidirectional=True).double()
        to_torch, from_torch = _gru_weights_to_torch, _gru_grads_from_torch
    net = Stacked([Bidirectional(make(D, 1), make(D, 2)), Bidirectional(make(2 * H, 3), make(2 * H, 4))])
    rng = np.random.default_rng(9)
    for p in net.params.values():
        p[...] = rng.normal(scale=0.5, size=p.shape)
    xs = rng.standard_normal((T, B, D))
    h0, C0 = rng.standard_normal((4, B, H)), rng.standard_normal((4, B, H))  # (layers * directions, B, H)
    R, S_h, S_C = rng.standard_normal((T, B, 2 * H)), rng.standard_normal((4, B, H)), rng.standard_normal((4, B, H))
    names = [(layer, direction, f"{layer}{'_reverse' if direction else ''}")
             for layer in range(2) for direction in range(2)]  # fmt: skip
    with torch.no_grad():
        for layer, direction, name in names:
            to_torch(net.layers[layer].directions[direction].params, H, name, module)

    x_t, h_t, c_t = (_t(a).requires_grad_() for a in (xs, h0, C0))
    if kind == "lstm":
        out, (hT, cT) = module(x_t, (h_t, c_t))
        ((out * _t(R)).sum() + (hT * _t(S_h)).sum() + (cT * _t(S_C)).sum()).backward()
        pack = lambda h, c: tuple(((h[2 * k], c[2 * k]), (h[2 * k + 1], c[2 * k + 1])) for k in range(2))  # noqa: E731
        state0, dstate = pack(h0, C0), pack(S_h, S_C)
    else:
        out, hT = module(x_t, h_t)
        ((out * _t(R)).sum() + (hT * _t(S_h)).sum()).backward()
        pack = lambda h: tuple((h[2 * k], h[2 * k + 1]) for k in range(2))  # noqa: E731
        state0, dstate = pack(h0), pack(S_h)

    hs, finals = net.forward(xs, state0)
    grads, dxs = net.backward(R, dstate)
    gaps = {"hs": _gap(hs, out.detach().numpy()), "dxs": _gap(dxs, x_t.grad.numpy())}
    for layer, direction, name in names:
        k, where = 2 * layer + direction, f"layer {layer} {'bwd' if direction else 'fwd'}"
        final, dstate0 = finals[layer][direction], net.dstate0[layer][direction]
        if kind == "lstm":
            gaps[f"{where} final h"] = _gap(final[0], hT[k].detach())
            gaps[f"{where} final C"] = _gap(final[1], cT[k].detach())
            gaps[f"{where} dh0"], gaps[f"{where} dC0"] = _gap(dstate0[0], h_t.grad[k]), _gap(dstate0[1], c_t.grad[k])
        else:
            gaps[f"{where} final h"], gaps[f"{where} dh0"] = _gap(final, hT[k].detach()), _gap(dstate0, h_t.grad[k])
        side = "bwd" if direction else "fwd"
        for key, g in from_torch(module, name, H).items():
            gaps[f"{layer}.{side}.{key}"] = _gap(grads[f"{layer}.{side}.{key}"], g)
    n_grads = len(net.params)
    assert len(gaps) == 2 + 4 * (4 if kind == "lstm" else 2) + n_grads
    worst = max(gaps, key=gaps.get)
    assert gaps[worst] < 1e-9, f"{worst} differs from torch by {gaps[worst]:.1e}"
    print(f"Stacked(Bidirectional) vs torch.nn.{kind.upper()}(num_layers=2, bidirectional=True): "
          f"largest of {len(gaps)} differences {gaps[worst]:.1e} ({worst})")  # fmt: skip
