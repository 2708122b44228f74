"""The benchmark measures what it says (the figures themselves live in the book's appendix)."""

import numpy as np
import pytest
import torch

from lstm_lessons.experiments.benchmark import (
    MODELS,
    blas_libraries,
    compare,
    cpu_model,
    describe,
    floor,
    html_table,
    interleaved,
    lm_model,
    measure,
    table,
)


def test_measure_reports_every_model_the_lm_step_and_the_floor():
    result = measure(repeats=3, warmup=1, workloads=[(4, 2, 3, 5)], lm_step=(3, 2, 6, 4))
    assert result["profile"]["workload"] == [4, 2, 3, 5] and result["profile"]["total"] > 0
    assert [r["model"] for r in result["rows"]] == [*MODELS, "LM step"]
    assert (result["rows"][0]["T"], result["rows"][-1]["D"]) == (4, 6)
    (lstm_floor,), lm_floor = result["floor"], result["lm_floor"]
    assert (lstm_floor["T"], lstm_floor["B"], lstm_floor["D"], lstm_floor["H"]) == (4, 2, 3, 5)
    assert (lm_floor["model"], lm_floor["D"]) == ("LM step", 6)
    floors = [f[k] for f in (lstm_floor, lm_floor) for k in ("blas", "theirs")] + [lstm_floor, lm_floor]
    for c in [r[p] for r in result["rows"] for p in ("f64", "f32")] + floors:
        assert c["ours_ms"] > 0 and c["theirs_ms"] > 0
        assert c["q1"] <= c["ratio"] <= c["q3"]
    text = table(result)
    assert "| LM step | 3 | 2 | 6 | 4 |" in text and "| LSTM | 4 | 2 | 3 | 5 |" in text  # the models
    assert "| LSTM (4, 2, 3, 5) |" in text and "| LM step (3, 2, 6, 4) |" in text  # the floors
    html = html_table(result)
    assert html.count("<tr>") == 1 + len(MODELS) + 1 and "<td>GRU, reset after</td>" in html
    assert html_table(result, "floor").count("<tr>") == 3  # the head, the LSTM workload, the LM step
    assert result["cpu"] == cpu_model() and set(result["blas"]) == {"numpy", "torch"}


@pytest.mark.parametrize("lm", [False, True])
def test_both_floors_compute_the_same_products(lm):
    """The two floors differ only in the library that multiplies: same operands, same results."""
    ours, theirs = floor(5, 3, 4, 2, lm=lm), floor(5, 3, 4, 2, lm=lm, library="torch")
    ours(), theirs()
    written = ["A", "dh", "dW"] + (["Y", "dW_o", "dH_o"] if lm else ["XW", "dX"])
    for name in written:
        np.testing.assert_allclose(ours.arrays[name], theirs.arrays[name].numpy(), rtol=1e-12, atol=1e-12)
        assert np.abs(ours.arrays[name]).sum() > 0  # written, not left empty
    with pytest.raises(ValueError, match="library must be 'numpy' or 'torch'; got 'jax'"):
        floor(5, 3, 4, 2, library="jax")


def test_the_machine_is_named():
    assert cpu_model().strip()
    libs = blas_libraries(torch)
    assert set(libs) == {"numpy", "torch"} and all(libs.values())


def test_ratios_are_taken_repeat_by_repeat():
    times = {"a": [1.0, 2.0, 3.0, 4.0, 100.0], "b": [2.0, 4.0, 6.0, 8.0, 200.0]}
    c = compare(times, "a", "b")
    assert c["ratio"] == c["q1"] == c["q3"] == 0.5  # the same ratio in every repeat
    assert c["ours_ms"] == pytest.approx(3000.0) and c["theirs_ms"] == pytest.approx(6000.0)


def test_interleaved_runs_take_turns():
    calls = []
    times = interleaved({"x": lambda: calls.append("x"), "y": lambda: calls.append("y")}, 2, 1)
    assert calls == ["x", "y"] * 3 and [len(v) for v in times.values()] == [2, 2]


def test_the_lm_step_is_the_model_pytorch_runs():
    """Same weights in ``nn.LSTM``, ``nn.Linear`` and ``cross_entropy``: same loss and gradients."""
    model, xs, targets = lm_model(3, 2, 5, 4)
    loss, grads = model.loss_and_grads(xs, targets, "xent")
    P, H, order = model.cell.params, 4, ("i", "f", "C", "o")  # PyTorch's gate order: i, f, g, o
    lstm, readout = torch.nn.LSTM(5, H).double(), torch.nn.Linear(H, 5).double()
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.tensor(np.concatenate([P[f"W_{g}"][:, H:] for g in order])))
        lstm.weight_hh_l0.copy_(torch.tensor(np.concatenate([P[f"W_{g}"][:, :H] for g in order])))
        lstm.bias_ih_l0.copy_(torch.tensor(np.concatenate([P[f"b_{g}"] for g in order])))
        lstm.bias_hh_l0.zero_()
        readout.weight.copy_(torch.tensor(model.readout.params["W"]))
        readout.bias.copy_(torch.tensor(model.readout.params["b"]))
    hs, _ = lstm(torch.tensor(np.eye(5)[xs]))
    logits = readout(hs).reshape(6, 5)
    their_loss = torch.nn.functional.cross_entropy(logits, torch.tensor(targets).reshape(6))
    their_loss.backward()
    tol = dict(rtol=0, atol=1e-12)
    np.testing.assert_allclose(loss, their_loss.item(), **tol)
    np.testing.assert_allclose(grads["readout.W"], readout.weight.grad.numpy(), **tol)
    np.testing.assert_allclose(grads["readout.b"], readout.bias.grad.numpy(), **tol)
    g_hh, g_ih = lstm.weight_hh_l0.grad.numpy(), lstm.weight_ih_l0.grad.numpy()
    for k, g in enumerate(order):
        rows = slice(k * H, (k + 1) * H)
        dW = np.concatenate([g_hh[rows], g_ih[rows]], axis=1)
        np.testing.assert_allclose(grads[f"cell.W_{g}"], dW, **tol)


def _fake(model, ratio, f32=0.5):
    c = {"ours_ms": 1.0, "theirs_ms": 2.0, "q1": ratio, "q3": ratio}
    return {"model": model, "T": 1, "B": 1, "D": 1, "H": 1,
            "f64": {**c, "ratio": ratio}, "f32": {**c, "ratio": f32}}  # fmt: skip


def test_describe_reads_every_number_off_the_result():
    rows = [_fake("LSTM", 0.31), _fake("LSTM", 0.47), _fake("GRU", 0.4), _fake("GRU", 0.4)]
    rows += [_fake("GRU, reset after", 0.55, f32=1.7), _fake("LM step", 0.72)]
    floor = [{"ratio": 4.0, "q1": 4.0, "q3": 4.0, "blas": {"ratio": 0.8}, "theirs": {"ratio": 9.5}},
             {"ratio": 1.25, "q1": 1.2, "q3": 1.3, "blas": {"ratio": 1.3}, "theirs": {"ratio": 1.1}}]  # fmt: skip
    lm = {"ratio": 1.8, "blas": {"ratio": 1.34}, "theirs": {"ratio": 2.7}}
    machine = {"cpu": "Some CPU", "blas": {"numpy": "OpenBLAS 0.3", "torch": "MKL"}}
    text = describe({"rows": rows, "floor": floor, "lm_floor": lm, **machine})
    assert "`LSTMCell` needed 0.31 to 0.47 times" in text
    assert "`GRUCell` 0.40 (the book's convention) and 0.55 (reset after)" in text
    assert "language-model step needed 0.72 times" in text
    assert "ran from 0.50 to 1.70: PyTorch was faster on 1 of the 6 rows" in text
    assert "needed 4.0 and 1.2 times the time of its matrix products alone" in text
    assert "the products were 25% and 80% of its time" in text
    assert "The first workload, the smallest, was the furthest from its floor." in text
    assert "took 0.80 and 1.30 times as long with NumPy's BLAS library (OpenBLAS 0.3) as with PyTorch's (MKL)" in text
    assert "processor (Some CPU), and `torch.nn.LSTM` needed 9.5 and 1.1 times the time of its products" in text
    assert "closer to its floor than `torch.nn.LSTM` to its own on 1 of the 2 workloads" in text
    assert "step needed 1.8 times the time of its products" in text and "PyTorch's 2.7 times" in text
    assert "our products took 1.34 times as long as PyTorch's" in text
    floor.reverse()
    floor[0]["theirs"]["ratio"] = 2.0
    text = describe({"rows": rows, "floor": floor})
    assert "the smallest workload was not the furthest" in text
    assert "own on every workload" in text and "language-model step needed" not in text.split("\n\n")[1]


def test_the_profile_splits_one_run_into_kinds_that_add_up():
    from lstm_lessons.cells import _lstm_bptt
    from lstm_lessons.experiments.benchmark import describe_profile, profile

    saved = _lstm_bptt.np
    p = profile(4, 2, 3, 5, repeats=2)
    assert _lstm_bptt.np is saved  # the timers are taken out again
    parts = ("matrix products", "activations", "elementwise", "the rest")
    assert all(p[k] > 0 for k in parts[:3]) and p["total"] > 0
    assert abs(sum(p[k] for k in parts) - p["total"]) < 1e-9
    text = describe_profile({"profile": {"workload": [4, 2, 3, 5], **p}})
    assert "(T, B, D, H) = (4, 2, 3, 5)" in text and f"matrix products {p['matrix products'] / p['total']:.0%}" in text
