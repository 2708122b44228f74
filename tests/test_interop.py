"""interop: our cells as torch.nn.LSTM / GRU / RNN and back, with the same numbers.

The torch agreement tests (test_torch_agreement.py) copy weights by hand; here ``to_torch`` and
``from_torch`` do it, and we check round trips, numbers and every refusal.
"""

import subprocess
import sys

import numpy as np
import pytest
from cellkit import random_cell

from lstm_lessons import (
    Bidirectional,
    CoupledLSTMCell,
    GRUCell,
    LSTMCell,
    PeepholeLSTMCell,
    Stacked,
)
from lstm_lessons.cells._state import state_leaves
from lstm_lessons.interop import from_torch, state_from_torch, state_to_torch, to_torch

try:
    import torch
except ImportError as err:  # pragma: no cover - the message is the point
    pytest.fail(f"PyTorch is needed for the interop tests and is not installed ({err}). "
                "Install it with `pip install torch==2.13.0` (make test does this).", pytrace=False)  # fmt: skip

D, H, T, B = 3, 4, 6, 2


def _bi(kind, d=D, seed=0):
    return Bidirectional(random_cell(kind, D=d, H=H, seed=seed), random_cell(kind, D=d, H=H, seed=seed + 1))


NETS = {
    "lstm": lambda: random_cell("lstm", D=D, H=H),
    "gru": lambda: random_cell("gru_reset_after", D=D, H=H),
    "rnn": lambda: random_cell("rnn", D=D, H=H),
    "bi-lstm": lambda: _bi("lstm"),
    "3 layers gru": lambda: Stacked(
        [random_cell("gru_reset_after", D=d, H=H, seed=k) for k, d in enumerate((D, H, H))]
    ),
    "2 layers bi-lstm": lambda: Stacked([_bi("lstm"), _bi("lstm", d=2 * H, seed=2)]),
    "2 layers bi-gru": lambda: Stacked([_bi("gru_reset_after"), _bi("gru_reset_after", d=2 * H, seed=2)]),
    "2 layers bi-rnn": lambda: Stacked([_bi("rnn"), _bi("rnn", d=2 * H, seed=2)]),
}



def _fill(state, rng):
    if isinstance(state, tuple):
        return tuple(_fill(s, rng) for s in state)
    return rng.normal(size=state.shape)


def _torch_run(module, xs, hidden):
    with torch.no_grad():
        return module(torch.tensor(xs), hidden)


@pytest.mark.parametrize("name", NETS)
def test_to_torch_computes_the_same_outputs_and_final_states(name):
    net = NETS[name]()
    xs = np.random.default_rng(1).normal(size=(T, B, D))
    state = _fill(net.zero_state(B), np.random.default_rng(2))
    module = to_torch(net)
    hs, final = net.forward(xs, state)
    out, hidden = _torch_run(module, xs, state_to_torch(net, state))
    assert out.dtype == torch.float64 and not module.batch_first
    np.testing.assert_allclose(out.numpy(), hs, rtol=0, atol=1e-12)
    for ours, theirs in zip(state_leaves(final), state_leaves(state_from_torch(net, hidden)), strict=True):
        np.testing.assert_allclose(theirs, ours, rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", NETS)
def test_from_torch_of_to_torch_gives_back_every_weight_exactly(name):
    net = NETS[name]()
    back = from_torch(to_torch(net))
    assert type(back) is type(net)
    assert list(back.params) == list(net.params)
    for k, p in net.params.items():
        np.testing.assert_array_equal(back.params[k], p, err_msg=k)
        assert back.params[k].dtype == np.float64 and back.params[k] is not p


@pytest.mark.parametrize("cls,bidirectional,layers", [(torch.nn.LSTM, True, 2), (torch.nn.GRU, False, 3),
                                                      (torch.nn.GRU, True, 1), (torch.nn.RNN, True, 2)])  # fmt: skip
def test_from_torch_computes_what_the_module_computes(cls, bidirectional, layers):
    """Every bias of the module nonzero, bias_hh included: we fold it where we keep one bias."""
    torch.manual_seed(0)
    module = cls(D, H, num_layers=layers, bidirectional=bidirectional, dtype=torch.float64)
    with torch.no_grad():
        for p in module.parameters():
            p.normal_(0, 0.5)
    net = from_torch(module)
    assert net.input_size == D and net.hidden_size == H * (2 if bidirectional else 1)
    assert len(net) == layers if layers > 1 else not isinstance(net, Stacked)
    xs = np.random.default_rng(3).normal(size=(T, B, D))
    state = _fill(net.zero_state(B), np.random.default_rng(4))
    out, hidden = _torch_run(module, xs, state_to_torch(net, state))
    hs, final = net.forward(xs, state)
    np.testing.assert_allclose(hs, out.numpy(), rtol=0, atol=1e-12)
    for ours, theirs in zip(state_leaves(final), state_leaves(state_from_torch(net, hidden)), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


def test_a_float32_module_without_biases_converts():
    module = torch.nn.LSTM(D, H, bias=False)  # float32
    net = from_torch(module)
    assert type(net) is LSTMCell and net.params["W_f"].dtype == np.float64 and not np.any(net.params["b_o"])
    np.testing.assert_array_equal(net.params["W_i"][:, H:], module.weight_ih_l0.detach().numpy()[:H].astype(np.float64))
    xs = np.random.default_rng(0).normal(size=(T, B, D)).astype(np.float32)
    with torch.no_grad():
        out, _ = module(torch.tensor(xs))
    np.testing.assert_allclose(net.forward(xs)[0], out.numpy(), rtol=0, atol=1e-5)  # float32 arithmetic in torch


def test_the_update_gate_is_flipped_for_the_gru():
    cell = random_cell("gru_reset_after", D=D, H=H)
    module = to_torch(cell)
    np.testing.assert_array_equal(module.weight_ih_l0.detach().numpy()[H : 2 * H], -cell.params["W_z"][:, H:])
    np.testing.assert_array_equal(module.bias_hh_l0.detach().numpy()[2 * H :], cell.params["b_hh"])
    assert not module.bias_hh_l0.detach().numpy()[: 2 * H].any()


def test_what_cannot_be_converted_is_refused_in_words():
    with pytest.raises(ValueError, match=r"GRUCell with reset_after=False .* torch.nn.GRU does not compute"):
        to_torch(GRUCell(D, H))
    with pytest.raises(TypeError, match="PeepholeLSTMCell, which has no torch.nn equivalent: "
                                        "torch.nn.LSTM has no peephole"):  # fmt: skip
        to_torch(PeepholeLSTMCell(D, H))
    with pytest.raises(TypeError, match="layer 1 of the stack is a CoupledLSTMCell"):
        to_torch(Stacked([LSTMCell(D, H), CoupledLSTMCell(H, H)]))
    with pytest.raises(ValueError, match="bidirectional in every layer or in none"):
        to_torch(Stacked([_bi("lstm"), LSTMCell(2 * H, H)]))
    with pytest.raises(ValueError, match="one cell type and one hidden_size"):
        to_torch(Stacked([LSTMCell(D, H), GRUCell(H, H, reset_after=True)]))
    with pytest.raises(ValueError, match="one cell type and one hidden_size"):
        to_torch(Bidirectional(LSTMCell(D, H), LSTMCell(D, H + 1)))
    with pytest.raises(ValueError, match="backward direction is a GRUCell with reset_after=False"):
        to_torch(Bidirectional(GRUCell(D, H, reset_after=True), GRUCell(D, H)))
    with pytest.raises(TypeError, match="is itself a Stacked cell"):
        to_torch(Stacked([Stacked([LSTMCell(D, H)]), LSTMCell(H, H)]))
    with pytest.raises(TypeError, match="to_torch takes an LSTMCell, GRUCell, RNNCell, Bidirectional or Stacked; "
                                        "got str"):  # fmt: skip
        to_torch("lstm")
    with pytest.raises(TypeError, match="from_torch takes a torch.nn.LSTM, GRU or RNN; got Linear"):
        from_torch(torch.nn.Linear(3, 4))
    with pytest.raises(ValueError, match="proj_size=2"):
        from_torch(torch.nn.LSTM(D, H, proj_size=2))
    with pytest.raises(ValueError, match="nonlinearity='relu'"):
        from_torch(torch.nn.RNN(D, H, nonlinearity="relu"))
    with pytest.raises(ValueError, match="set module.dropout = 0 first"):
        from_torch(torch.nn.GRU(D, H, num_layers=2, dropout=0.5))


def test_bad_states_are_refused():
    net = Stacked([_bi("lstm"), _bi("lstm", d=2 * H)])
    with pytest.raises(ValueError, match="state must hold 8 arrays for this net"):
        state_to_torch(net, (np.zeros((B, H)), np.zeros((B, H))))
    with pytest.raises(ValueError, match=r"hidden must be \(h_n, c_n\) with 4 entries"):
        state_from_torch(net, torch.zeros(4, B, H))


def test_torch_is_imported_only_when_called():
    code = "import sys, lstm_lessons, lstm_lessons.interop; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_without_torch_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    with pytest.raises(ImportError, match="needs PyTorch, which is not installed.*pip install torch"):
        to_torch(LSTMCell(D, H))


@pytest.mark.parametrize("name", ["lstm", "gru", "rnn", "2 layers bi-lstm", "2 layers bi-gru", "3 layers gru"])
def test_grads_from_torch_are_our_gradients(name):
    from lstm_lessons.interop import grads_from_torch

    net = NETS[name]()
    module = to_torch(net)
    rng = np.random.default_rng(6)
    xs, R = rng.normal(size=(T, B, D)), rng.normal(size=(T, B, net.hidden_size))
    x_t = torch.tensor(xs, requires_grad=True)
    out, _ = module(x_t)
    (out * torch.tensor(R)).sum().backward()
    net.forward(xs)
    grads, dxs = net.backward(R)
    theirs = grads_from_torch(module)
    assert list(theirs) == list(grads)
    worst = max(np.abs(theirs[k] - grads[k]).max() for k in grads)
    assert worst < 1e-9 and np.abs(x_t.grad.numpy() - dxs).max() < 1e-9


def test_grads_from_torch_needs_a_backward_first():
    from lstm_lessons.interop import grads_from_torch

    with pytest.raises(ValueError, match="has no gradient: call loss.backward"):
        grads_from_torch(torch.nn.LSTM(D, H))


def test_pytorch_counts_one_more_bias_per_gate():
    """Chapter 14's exercise ex-bidi-count: the same function, 4H more numbers per layer and direction."""
    net = Stacked([Bidirectional(LSTMCell(45, 16), LSTMCell(45, 16)),
                   Bidirectional(LSTMCell(32, 16), LSTMCell(32, 16))])  # fmt: skip
    module = to_torch(net)
    assert net.n_params == 14_208 and sum(p.numel() for p in module.parameters()) == 14_464 == 14_208 + 4 * 4 * 16
