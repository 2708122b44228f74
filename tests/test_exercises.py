"""The exercise checks: right answers pass, stubs say "not implemented yet", wrong answers are
rejected without raising, and the common ones are named.

The right and wrong answers here are written by hand, as a reader would write them, independently
of the checks' own variant functions.
"""

import functools

import numpy as np
import pytest

from lstm_lessons import exercises as E
from lstm_lessons.cells.coupled import coupled_step
from lstm_lessons.cells.gru import gru_step, gru_step_backward
from lstm_lessons.cells.lstm import cell_state, forget_gate, lstm_step, lstm_step_backward
from lstm_lessons.cells.peephole import peephole_step
from lstm_lessons.cells.rnn import rnn_step
from lstm_lessons.exercises import _checking
from lstm_lessons.series.attention import causal_attention
from lstm_lessons.text.sampling import softmax_temperature
from lstm_lessons.training.analysis import belt_gradients
from lstm_lessons.training.optim import clip_grad_norm


def sig(a):
    return 1 / (1 + np.exp(-a))


def verdict(check, fn, capsys):
    """Run a check; it must not raise, must print one verdict, and must not blame itself."""
    ok = check(fn)
    out = capsys.readouterr().out
    assert ok is True or ok is False
    assert out.startswith(check.__name__ + ": ")
    assert "Traceback" not in out and "checker itself failed" not in out, out
    return ok, out


# -- hand-written answers, with a knob per mistake ----------------------------------------------------
def my_rnn_step(params, x_t, h_prev, order="hx", act=np.tanh, bias=True, matmul="right"):
    z_t = np.concatenate([h_prev, x_t] if order == "hx" else [x_t, h_prev], axis=1)
    b = params["b_h"] if bias else 0
    if matmul == "no_T":
        return act(z_t @ params["W_h"] + b)
    if matmul == "columns":
        return act(params["W_h"] @ z_t.T + params["b_h"][:, None])
    return act(z_t @ params["W_h"].T + b)


def my_forget_gate(params, z_t, act=sig, W="W_f", b="b_f", matmul="right"):
    if matmul == "no_T":
        return act(z_t @ params[W] + params[b])
    return act(z_t @ params[W].T + (params[b] if b else 0))


def my_cell_state(f_t, C_prev, i_t, C_tilde, form="right"):
    return {
        "right": lambda: f_t * C_prev + i_t * C_tilde,
        "f_on_C_tilde": lambda: f_t * C_tilde + i_t * C_prev,
        "tanh": lambda: np.tanh(f_t * C_prev + i_t * C_tilde),
        "no_i": lambda: f_t * C_prev + C_tilde,
        "forget": lambda: (1 - f_t) * C_prev + i_t * C_tilde,
        "matmul": lambda: f_t @ C_prev.T + i_t @ C_tilde.T,
    }[form]()


def my_lstm_step(
    params,
    x_t,
    h_prev,
    C_prev,
    order="hx",
    gate=sig,
    no_bias="",
    C_form="right",
    h_form="right",
    matmul="right",
    returns="hC",
    peep=False,
    o_peeks="C_t",
    coupled=False,
):
    z_t = np.concatenate([h_prev, x_t] if order == "hx" else [x_t, h_prev], axis=1)

    def lin(g):
        W = params[f"W_{g}"]
        out = z_t @ (W if matmul == "no_T" else W.T)
        return out if g in no_bias else out + params[f"b_{g}"]

    f_t = gate(lin("f") + (params["p_f"] * C_prev if peep and "f" in peep else 0))
    if coupled == "f":
        i_t = f_t
    elif coupled:
        i_t = 1 - f_t
    else:
        i_t = gate(lin("i") + (params["p_i"] * C_prev if peep and "i" in peep else 0))
    C_tilde = np.tanh(lin("C"))
    C_t = my_cell_state(f_t, C_prev, i_t, C_tilde, C_form)
    o_t = gate(
        lin("o")
        + (params["p_o"] * (C_t if o_peeks == "C_t" else C_prev) if peep and "o" in peep else 0)
    )
    h_t = {
        "right": o_t * np.tanh(C_t),
        "no_tanh": o_t * C_t,
        "C_prev": o_t * np.tanh(C_prev),
        "scaled": 1.01 * o_t * np.tanh(C_t),
    }[h_form]
    return {"hC": (h_t, C_t), "Ch": (C_t, h_t), "h": h_t}[returns]


def my_gru_step(
    params, x_t, h_prev, convention="chung", reset="before", order="hx", swap=False, matmul="right"
):
    def cat(h, x):
        return np.concatenate([h, x] if order == "hx" else [x, h], axis=1)

    def lin(g, v):
        W = params[f"W_{g}"]
        return v @ (W if matmul == "no_T" else W.T) + params[f"b_{g}"]

    z_t = sig(lin("r" if swap else "z", cat(h_prev, x_t)))
    r_t = sig(lin("z" if swap else "r", cat(h_prev, x_t)))
    if reset == "before":
        h_tilde = np.tanh(lin("h", cat(r_t * h_prev, x_t)))
    elif reset == "none":
        h_tilde = np.tanh(lin("h", cat(h_prev, x_t)))
    else:  # after the product, as PyTorch does
        H = h_prev.shape[1]
        W_hh, W_hx = params["W_h"][:, :H], params["W_h"][:, H:]
        h_tilde = np.tanh(x_t @ W_hx.T + params["b_h"] + r_t * (h_prev @ W_hh.T))
    if convention == "chung":
        return (1 - z_t) * h_prev + z_t * h_tilde
    return z_t * h_prev + (1 - z_t) * h_tilde


def my_lstm_step_backward(
    params,
    x_t,
    h_prev,
    C_prev,
    dh_t,
    dC_t,
    h_path=True,
    deriv="output",
    dC_prev_path=True,
    skip="",
    dW="right",
    db="sum",
    do_uses="tanh_C",
    returns=4,
    drop_key=None,
):
    H = h_prev.shape[1]
    z = np.concatenate([h_prev, x_t], axis=1)
    a = {g: z @ params[f"W_{g}"].T + params[f"b_{g}"] for g in "fiCo"}
    f, i, o, g = sig(a["f"]), sig(a["i"]), sig(a["o"]), np.tanh(a["C"])
    C_t = f * C_prev + i * g
    dC_h = dh_t * o * (1 - np.tanh(C_t) ** 2)
    dC = dC_t + (dC_h if h_path else 0)
    d = {
        "o": dh_t * (np.tanh(C_t) if do_uses == "tanh_C" else C_t),
        "f": dC * C_prev,
        "i": dC * g,
        "C": dC * i,
    }
    out = {"f": f, "i": i, "o": o, "C": g} if deriv == "output" else a
    da = {k: d[k] * (out[k] * (1 - out[k]) if k != "C" else 1 - out[k] ** 2) for k in "fiCo"}
    grads = {}
    for k in "fiCo":
        grads[f"W_{k}"] = da[k].T @ z if dW == "right" else z.T @ da[k]
        grads[f"b_{k}"] = da[k].sum(axis=0) if db == "sum" else da[k]
    if drop_key:
        del grads[drop_key]
    dz = sum(da[k] @ params[f"W_{k}"] for k in "fiCo" if k not in skip)
    dC_prev = (dC if dC_prev_path else dC_t) * f
    result = (grads, dz[:, H:], dz[:, :H], dC_prev)
    return result[:returns]


def my_gru_step_backward(
    params,
    x_t,
    h_prev,
    dh_t,
    direct=True,
    reset_path=True,
    deriv="output",
    W_h_sees="rh",
    convention="chung",
):
    H = h_prev.shape[1]
    u = np.concatenate([h_prev, x_t], axis=1)
    a_z, a_r = u @ params["W_z"].T + params["b_z"], u @ params["W_r"].T + params["b_r"]
    z, r = sig(a_z), sig(a_r)
    v = np.concatenate([r * h_prev, x_t], axis=1)
    a_h = v @ params["W_h"].T + params["b_h"]
    h_tilde = np.tanh(a_h)
    if convention == "chung":
        dz, dh_tilde, keep = dh_t * (h_tilde - h_prev), dh_t * z, 1 - z
    else:
        dz, dh_tilde, keep = dh_t * (h_prev - h_tilde), dh_t * (1 - z), z
    outs = (z, r, h_tilde) if deriv == "output" else (a_z, a_r, a_h)
    da_h = dh_tilde * (1 - outs[2] ** 2)
    dv = da_h @ params["W_h"]
    da_z = dz * outs[0] * (1 - outs[0])
    da_r = dv[:, :H] * h_prev * outs[1] * (1 - outs[1])
    grads = {
        "W_z": da_z.T @ u,
        "W_r": da_r.T @ u,
        "W_h": da_h.T @ (v if W_h_sees == "rh" else u),
        "b_z": da_z.sum(0),
        "b_r": da_r.sum(0),
        "b_h": da_h.sum(0),
    }
    du = da_z @ params["W_z"] + da_r @ params["W_r"]
    dh_prev = (dh_t * keep if direct else 0) + (dv[:, :H] * r if reset_path else 0) + du[:, :H]
    return grads, du[:, H:] + dv[:, H:], dh_prev


def my_clip(grads, max_norm, mode="right"):
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    if mode == "per_array":
        return {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}
    if mode == "by_value":
        return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}
    if mode == "always":
        return {k: g * max_norm / norm for k, g in grads.items()}
    if mode == "no_sqrt":
        norm = norm**2
    if mode == "none":
        return grads
    scale = max_norm / norm if norm > max_norm else 1.0
    if mode == "in_place_no_return":
        for g in grads.values():
            g *= scale
        return None
    if mode == "returns_scale":
        return scale
    if mode == "drop_key":
        return {k: g * scale for k, g in grads.items() if k != "b_C"}
    return {k: g * scale for k, g in grads.items()}


def my_belt(fs, form="right"):
    return {
        "right": lambda: np.prod(fs, axis=0),
        "sum": lambda: np.sum(fs, axis=0),
        "drop_first": lambda: np.prod(fs[1:], axis=0),
        "drop_last": lambda: np.prod(fs[:-1], axis=0),
        "cumprod": lambda: np.cumprod(fs, axis=0),
        "wrong_axis": lambda: np.prod(fs, axis=-1),
        "one_minus": lambda: np.prod(1 - fs, axis=0),
    }[form]()


def my_attention(Q, K, V, mask="tril", scale="sqrt", fill=-np.inf, where="before", axis=-1, out="values"):
    """One head, written as a reader would: a loop over the batch, (T, T) scores per example."""
    T, B, d_k = Q.shape
    allowed = {"tril": np.tril(np.ones((T, T), bool)), "triu": np.triu(np.ones((T, T), bool)),
               "strict": np.tril(np.ones((T, T), bool), k=-1), "none": np.ones((T, T), bool)}[mask]  # fmt: skip
    result = np.zeros((T, B, V.shape[2]))
    weights = np.zeros((B, T, T))
    for b in range(B):
        S = Q[:, b] @ K[:, b].T / {"sqrt": np.sqrt(d_k), "none": 1.0, "d": d_k}[scale]  # (T, T)
        if where == "before":
            S = np.where(allowed, S, fill)
        A = np.exp(S - S.max(axis=axis, keepdims=True))
        A = A / A.sum(axis=axis, keepdims=True)
        if where == "after":
            A = A * allowed
        weights[b] = A
        result[:, b] = A @ V[:, b]
    return {"values": result, "weights": weights, "batch_first": result.transpose(1, 0, 2)}[out]


def stub(*args):
    raise NotImplementedError  # your code here


def raises_value_error(*args):
    raise ValueError("my own message")


def returns_none(*args):
    return None


def my_temperature(logits, temperature, mode="right"):
    """Written as a reader would: the softmax of logits / temperature, one row per example."""
    if temperature == 0 and mode != "divide_by_zero":
        if mode == "index":
            return logits.argmax(axis=1)
        return np.eye(logits.shape[1])[np.argmax(logits, axis=1)]
    a = {"multiply": logits * temperature, "ignore": logits}.get(mode, logits / temperature)
    axis = 0 if mode == "axis0" else 1  # the wrong axis, for max and sum alike
    if mode != "no_shift":
        a = a - a.max(axis=axis, keepdims=True)
    e = np.exp(a)
    if mode == "no_norm":
        return e
    return e / e.sum(axis=axis, keepdims=True)


def my_temperature_python_zero(logits, temperature):
    scale = 1 / temperature  # ZeroDivisionError at temperature 0
    return my_temperature(logits * scale, 1.0)


P = functools.partial
RIGHT = {
    E.check_rnn_step: [rnn_step, my_rnn_step],
    E.check_forget_gate: [forget_gate, my_forget_gate],
    E.check_cell_state: [cell_state, my_cell_state],
    E.check_lstm_step: [lstm_step, my_lstm_step],
    E.check_lstm_step_backward: [lstm_step_backward, my_lstm_step_backward],
    E.check_gru_step: [gru_step, my_gru_step],
    E.check_clip_grad_norm: [clip_grad_norm, my_clip],
    E.check_cell_state_gradient: [lambda fs: belt_gradients(fs)[-1], my_belt],
    E.check_peephole_step: [peephole_step, P(my_lstm_step, peep="fio")],
    E.check_coupled_step: [coupled_step, P(my_lstm_step, coupled=True)],
    E.check_gru_step_backward: [gru_step_backward, my_gru_step_backward],
    E.check_softmax_temperature: [softmax_temperature, my_temperature],
    E.check_causal_attention: [causal_attention, my_attention, P(my_attention, fill=-1e30)],
}
CHECKS = list(RIGHT)
ids = [c.__name__ for c in CHECKS]


@pytest.mark.parametrize("check", CHECKS, ids=ids)
def test_right_answers_pass(check, capsys):
    for fn in RIGHT[check]:
        ok, out = verdict(check, fn, capsys)
        assert ok, out
        assert "correct on" in out


@pytest.mark.parametrize("check", CHECKS, ids=ids)
def test_a_stub_is_not_implemented_yet(check, capsys):
    ok, out = verdict(check, stub, capsys)
    assert not ok and "not implemented yet" in out


@pytest.mark.parametrize("check", CHECKS, ids=ids)
def test_generic_failures_are_reported_not_raised(check, capsys):
    ok, out = verdict(check, raises_value_error, capsys)
    assert not ok and "raised ValueError: my own message" in out
    ok, out = verdict(check, returns_none, capsys)
    assert not ok and "None" in out and "return" in out
    ok, out = verdict(check, 42, capsys)
    assert not ok and "your function itself" in out
    ok, out = verdict(check, lambda: 0, capsys)  # wrong number of arguments
    assert not ok and "The function must be fn(" in out


class Unconvertible:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no")


@pytest.mark.parametrize("check", CHECKS, ids=ids)
@pytest.mark.parametrize(
    "value",
    ["abc", {"a": 1}, 3.5, [[1, 2], [3]], np.full((2, 4), np.nan), Unconvertible(), (None, None)],
)
def test_strange_results_are_reported_not_raised(check, value, capsys):
    ok, out = verdict(check, lambda *args: value, capsys)
    assert not ok and "not right yet" in out


# -- wrong answers: each rejected; the expected fragment of the diagnosis, or None when any diagnosis will do
WRONG = {
    E.check_rnn_step: [
        (P(my_rnn_step, order="xh"), "the book puts h_{t-1} first"),
        (P(my_rnn_step, bias=False), "the bias b_h is missing"),
        (P(my_rnn_step, act=sig), "a sigmoid where the RNN uses tanh"),
        (P(my_rnn_step, act=lambda a: a), "missing its tanh"),
        (P(my_rnn_step, matmul="no_T"), "W_h is used transposed"),
        (P(my_rnn_step, matmul="columns"), "It looks transposed"),
        (lambda p, x, h: my_rnn_step(p, x, h)[:, :-1], "h_t should have shape"),
        (lambda p, x, h: (my_rnn_step(p, x, h), h), "expected one array h_t"),
        (lambda p, x, h: my_rnn_step(p, x, h) * 1.001, None),
    ],
    E.check_forget_gate: [
        (P(my_forget_gate, act=np.tanh), "tanh where the gate needs a sigmoid"),
        (P(my_forget_gate, b=None), "the bias b_f is missing"),
        (P(my_forget_gate, W="W_i", b="b_i"), "you used W_i and b_i"),
        (P(my_forget_gate, matmul="no_T"), "the weights are used transposed"),
        (lambda p, z: sig(z @ p["W_f"].T) + p["b_f"], "b_f is added after the sigmoid"),
        (lambda p, z: my_forget_gate(p, z).T, "It looks transposed"),
        (P(my_forget_gate, act=np.tanh, b=None), "tanh where the gate needs a sigmoid"),
    ],
    E.check_cell_state: [
        (P(my_cell_state, form="f_on_C_tilde"), "your f_t multiplies C~_t instead of C_{t-1}"),
        (P(my_cell_state, form="tanh"), "never squashed"),
        (P(my_cell_state, form="no_i"), "the input gate is missing"),
        (P(my_cell_state, form="forget"), "f_t is the fraction kept"),
        (P(my_cell_state, form="matmul"), "elementwise"),
        (lambda f, C, i, g: f * C + (1 - f) * g, "coupled cell"),
    ],
    E.check_lstm_step: [
        (P(my_lstm_step, order="xh"), "the book puts h_{t-1} first"),
        (P(my_lstm_step, gate=np.tanh), "tanh where the gates need a sigmoid"),
        (P(my_lstm_step, h_form="no_tanh"), "h_t is missing the tanh on C_t"),
        (P(my_lstm_step, C_form="f_on_C_tilde"), "your f_t multiplies C~_t instead of C_{t-1}"),
        (P(my_lstm_step, no_bias="f"), "the bias b_f is missing"),
        (P(my_lstm_step, no_bias="fiCo"), "the biases b_f, b_i, b_C, b_o are missing"),
        (P(my_lstm_step, matmul="no_T"), "the weights are used transposed"),
        (P(my_lstm_step, returns="Ch"), "return them in the order (h_t, C_t)"),
        (P(my_lstm_step, returns="h"), "expected a pair (h_t, C_t)"),
        (P(my_lstm_step, h_form="C_prev"), "h_t shows the old C_{t-1}"),
        (P(my_lstm_step, C_form="tanh"), "never squashed"),
        (P(my_lstm_step, coupled=True), "coupled cell"),
        (
            P(my_lstm_step, no_bias="o", h_form="no_tanh"),
            "the bias b_o is missing from o_t. And: h_t is missing the tanh",
        ),
        (P(my_lstm_step, h_form="scaled"), "C_t is right, so look at o_t"),
        (
            lambda p, x, h, C: my_lstm_step(p, x, h, C) + (None,),
            "expected a pair (h_t, C_t), 2 items; got a tuple of 3",
        ),
    ],
    E.check_lstm_step_backward: [
        (P(my_lstm_step_backward, h_path=False), "missing the path through h_t"),
        (P(my_lstm_step_backward, dC_prev_path=False), "dC_{t-1} is missing the path through h_t"),
        (P(my_lstm_step_backward, deriv="pre"), "pre-activation instead of the output"),
        (P(my_lstm_step_backward, skip="o"), "missing the path through o_t"),
        (P(my_lstm_step_backward, dW="transposed"), "It looks transposed"),
        (P(my_lstm_step_backward, db="per_example"), "Sum over the batch"),
        (P(my_lstm_step_backward, do_uses="C"), "dh_t * tanh(C_t), not dh_t * C_t"),
        (P(my_lstm_step_backward, returns=3), "expected a tuple (grads, dx_t, dh_prev, dC_prev)"),
        (P(my_lstm_step_backward, drop_key="b_o"), "grads is missing 'b_o'"),
        (
            lambda *a: (lambda r: ({**r[0], "W_o": 1.01 * r[0]["W_o"]}, *r[1:]))(
                my_lstm_step_backward(*a)
            ),
            "Central differences agree with the expected grads['W_o']",
        ),
    ],
    E.check_gru_step: [
        (P(my_gru_step, convention="cho"), "the update gate is the other way round"),
        (P(my_gru_step, reset="after"), "reset_after"),
        (P(my_gru_step, reset="none"), "the reset gate is missing"),
        (P(my_gru_step, order="xh"), "the book puts h_{t-1} first"),
        (P(my_gru_step, swap=True), "z_t and r_t use each other's weights"),
        (P(my_gru_step, matmul="no_T"), "the weights are used transposed"),
        (P(my_gru_step, convention="cho", reset="after"), "other way round"),
    ],
    E.check_clip_grad_norm: [
        (P(my_clip, mode="per_array"), "scaled by its own norm"),
        (P(my_clip, mode="by_value"), "clipping by value"),
        (P(my_clip, mode="always"), "below max_norm must pass unchanged"),
        (P(my_clip, mode="no_sqrt"), "no square root"),
        (P(my_clip, mode="none"), "nothing was clipped"),
        (P(my_clip, mode="in_place_no_return"), "`return grads`"),
        (P(my_clip, mode="returns_scale"), "not right yet"),
        (P(my_clip, mode="drop_key"), "missing 'b_C'"),
    ],
    E.check_cell_state_gradient: [
        (P(my_belt, form="sum"), "you added the forget gates"),
        (P(my_belt, form="drop_first"), "f_1 (fs[0]) is left out"),
        (P(my_belt, form="drop_last"), "f_T (fs[-1]) is left out"),
        (P(my_belt, form="cumprod"), "one array per step"),
        (P(my_belt, form="wrong_axis"), "axis 0"),
        (P(my_belt, form="one_minus"), "you multiplied 1 - f_t"),
    ],
    E.check_peephole_step: [
        (P(my_lstm_step, peep="fio", o_peeks="C_prev"), "the output gate's peephole reads C_{t-1}"),
        (my_lstm_step, "the peepholes are missing"),
        (P(my_lstm_step, peep="fi"), "p_o * C_t is missing from o_t"),
        (P(my_lstm_step, peep="fio", h_form="no_tanh"), "h_t is missing the tanh on C_t"),
        (P(my_lstm_step, peep="fio", order="xh"), "the book puts h_{t-1} first"),
    ],
    E.check_coupled_step: [
        (P(my_lstm_step, coupled="f"), "the input gate is 1 - f_t, not f_t"),
        (
            lambda p, x, h, C: my_lstm_step(p, x, h, C, coupled=True, C_form="f_on_C_tilde"),
            "the other way round",
        ),
        (my_lstm_step, "no input-gate weights"),
        (P(my_lstm_step, coupled=True, order="xh"), "the book puts h_{t-1} first"),
        (P(my_lstm_step, coupled=True, h_form="no_tanh"), "h_t is missing the tanh on C_t"),
    ],
    E.check_gru_step_backward: [
        (P(my_gru_step_backward, direct=False), "missing the direct path dh_t * (1 - z_t)"),
        (P(my_gru_step_backward, reset_path=False), "missing the path through r_t * h_{t-1}"),
        (P(my_gru_step_backward, deriv="pre"), "pre-activation instead of the output"),
        (P(my_gru_step_backward, W_h_sees="h"), "dW_h = da_h.T @ [r_t * h_{t-1}, x_t]"),
        (P(my_gru_step_backward, convention="cho"), "the update gate is the other way round"),
        (lambda *a: my_gru_step_backward(*a)[:2], "expected a tuple (grads, dx_t, dh_prev)"),
    ],
    E.check_softmax_temperature: [
        (P(my_temperature, mode="multiply"), "multiplied by the temperature; divide them"),
        (P(my_temperature, mode="ignore"), "the temperature has no effect"),
        (P(my_temperature, mode="no_norm"), "the rows do not sum to 1"),
        (P(my_temperature, mode="axis0"), "each row is one distribution"),
        (P(my_temperature, mode="no_shift"), "Subtract each row's largest score first"),
        (P(my_temperature, mode="divide_by_zero"), "handle temperature == 0 on its own"),
        (P(my_temperature, mode="index"), "the argmax's index? Return probabilities"),
        (my_temperature_python_zero, "raised ZeroDivisionError"),
    ],
    E.check_causal_attention: [
        (P(my_attention, mask="none"), "the causal mask is missing"),
        (P(my_attention, mask="triu"), "the mask is the wrong way round"),
        (P(my_attention, mask="strict"), "every position must be allowed to look at itself"),
        (P(my_attention, fill=0.0), "set them to -inf"),
        (P(my_attention, where="after"), "mask the scores with -inf before the softmax"),
        (P(my_attention, scale="none"), "not divided by sqrt(d_k)"),
        (P(my_attention, scale="d"), "divide by its square root"),
        (P(my_attention, axis=0), "the softmax runs over the queries"),
        (P(my_attention, out="weights"), "This looks like the attention weights"),
        (P(my_attention, out="batch_first"), "This looks batch first"),
        (
            P(my_attention, mask="none", scale="none"),
            "the causal mask is missing. a_t = softmax over s <= t of q_t . k_s / sqrt(d_k), "
            "and out_t = sum_s a_ts v_s. And: the scores are not divided",
        ),
    ],
}


@pytest.mark.parametrize(
    "check,fn,fragment",
    [(c, fn, frag) for c, cases in WRONG.items() for fn, frag in cases],
    ids=[f"{c.__name__}-{k}" for c, cases in WRONG.items() for k in range(len(cases))],
)
def test_wrong_answers_are_rejected_and_named(check, fn, fragment, capsys):
    ok, out = verdict(check, fn, capsys)
    assert not ok, out
    if fragment:
        assert fragment in out, out


def test_every_main_check_has_at_least_four_wrong_answers():
    for check in CHECKS:
        assert len(WRONG[check]) >= 4, check.__name__


def test_a_wrong_value_names_the_output_the_entry_and_both_numbers(capsys):
    ok, out = verdict(E.check_forget_gate, P(my_forget_gate, act=np.tanh), capsys)
    assert "On test 1 of 4 (fixed: batch=2, input=3, hidden=4), f_t[0, 0]: expected" in out
    assert ", got " in out and "entries differ" in out


def test_the_checks_do_not_change_the_inputs_they_share_between_readers(capsys):
    def in_place(params, x_t, h_prev, C_prev):  # a reader who overwrites the arguments
        h_t, C_t = my_lstm_step(params, x_t, h_prev, C_prev)
        params["W_f"][...] = 0
        C_prev *= 2
        return h_t, C_t

    assert verdict(E.check_lstm_step, in_place, capsys)[0]
    assert verdict(E.check_lstm_step, lstm_step, capsys)[0]


# -- the checks' own hypotheses: each must describe a real difference ---------------------------------
def _checks_built(monkeypatch):
    """Every ``Check`` the public functions build, captured instead of run."""
    import lstm_lessons.exercises.attention as attention
    import lstm_lessons.exercises.backward as backward
    import lstm_lessons.exercises.clipping as clipping
    import lstm_lessons.exercises.gradients as gradients
    import lstm_lessons.exercises.gru as gru
    import lstm_lessons.exercises.lstm as lstm
    import lstm_lessons.exercises.rnn as rnn
    import lstm_lessons.exercises.sampling as sampling
    import lstm_lessons.exercises.variants as variants

    built = []
    for module in (attention, backward, clipping, gradients, gru, lstm, rnn, sampling, variants):
        monkeypatch.setattr(module, "run", lambda check, fn: built.append(check))
    for check in CHECKS:
        check(None)
    return built


def test_every_hypothesis_differs_from_the_reference(monkeypatch):
    for check in _checks_built(monkeypatch):
        assert (
            len(check.cases) >= 4
            and any(c.label.startswith("fixed") for c in check.cases)
            or check.name == "check_clip_grad_norm"
        )
        for case in check.cases:
            assert all(
                _checking.close(np.asarray(v, dtype=float), r)
                for v, r in zip(check.variant(*case.args), check.reference(*case.args), strict=True)
            ), check.name
        for h in check.hypotheses:
            differs = any(
                not all(
                    _checking.close(np.asarray(v, dtype=float), r)
                    for v, r in zip(
                        check.variant(*case.args, **h.knobs), check.reference(*case.args), strict=True
                    )
                )
                for case in check.cases
            )
            assert differs, f"{check.name}: {h.knobs} is the right answer"


def test_inputs_are_deterministic_and_never_square_or_zero(monkeypatch):
    first = _checks_built(monkeypatch)
    second = _checks_built(monkeypatch)  # a fresh list: the same checks, built a second time
    assert first and len(second) == len(first)
    for a, b in zip(first, second, strict=True):
        for ca, cb in zip(a.cases, b.cases, strict=True):
            for x, y in zip(ca.args, cb.args, strict=True):
                if isinstance(x, dict):
                    assert all(np.array_equal(x[k], y[k]) and np.all(x[k] != 0) for k in x)
                elif isinstance(x, np.ndarray):
                    assert np.array_equal(x, y)
            dims = ca.dims
            if {"batch", "input", "hidden"} <= set(dims):
                assert len({dims["batch"], dims["input"], dims["hidden"]}) == 3


def test_a_bug_in_a_check_is_reported_without_a_traceback(capsys):
    def broken_reference(*args):
        raise RuntimeError("oops")

    check = _checking.Check(
        name="check_nothing", signature="fn(x) -> y", arg_names=("x",), outputs={"y": ("n",)},
        cases=[_checking.Case("n=2", (np.ones(2),), {"n": 2})], reference=broken_reference,
        read=_checking.one_array("y"),
    )  # fmt: skip
    assert _checking.run(check, lambda x: x) is False
    out = capsys.readouterr().out
    assert "the checker itself failed (RuntimeError: oops)" in out and "not in your code" in out
