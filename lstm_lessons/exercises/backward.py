"""The check for one LSTM step's backward pass (``lstm_step_backward``, chapter 6).

The reader's gradients are compared with the package's, and central differences
(``lstm_lessons.training.gradcheck``) of the loss ``L = sum(dh_t * h_t) + sum(dC_t * C_t)``
say which of the two agrees with the numbers.
"""

import numpy as np

from ..cells.activations import sigmoid, tanh
from ..cells.lstm import LSTMCell, lstm_step, lstm_step_backward
from ..training.gradcheck import numerical_gradient, relative_error
from ._checking import Check, Hypothesis, Wrong, fields, run
from ._inputs import step_cases
from .lstm import CONCAT_MESSAGE, step_hint

GATES = ("f", "i", "C", "o")
KEYS = tuple(f"W_{g}" for g in GATES) + tuple(f"b_{g}" for g in GATES)
OUTPUTS = {
    f"grads[{k!r}]": ("hidden", "hidden + input") if k[0] == "W" else ("hidden",) for k in KEYS
}
OUTPUTS.update(
    {"dx_t": ("batch", "input"), "dh_prev": ("batch", "hidden"), "dC_prev": ("batch", "hidden")}
)
DC = "dL/dC_t = dC_t + dh_t * o_t * (1 - tanh(C_t)**2)"


def lstm_backward_variant(
    params,
    x_t,
    h_prev,
    C_prev,
    dh_t,
    dC_t,
    *,
    concat="hx",
    h_path=True,
    dC_in=True,
    tanh_C_grad="output",
    act_grad="output",
    do_reads="tanh_C",
    df_reads="C_prev",
    swap_di=False,
    dC_prev="total",
    skip=None,
):
    """One LSTM step's backward pass with known mistakes switched on by keyword."""
    H = h_prev.shape[-1]
    z = np.concatenate([h_prev, x_t] if concat == "hx" else [x_t, h_prev], axis=-1)
    a = {g: z @ params[f"W_{g}"].T + params[f"b_{g}"] for g in GATES}  # pre-activations
    f, i, o, g = sigmoid(a["f"]), sigmoid(a["i"]), sigmoid(a["o"]), tanh(a["C"])
    C_t = f * C_prev + i * g
    tC = tanh(C_t)
    d_tanh_C = {"output": 1 - tC**2, "pre": 1 - C_t**2, "missing": 1.0}[tanh_C_grad]
    dC = (dC_t if dC_in else 0) + (dh_t * o * d_tanh_C if h_path else 0)
    do = dh_t * (tC if do_reads == "tanh_C" else C_t)
    df = dC * (C_prev if df_reads == "C_prev" else C_t)
    di, dg = (dC * i, dC * g) if swap_di else (dC * g, dC * i)

    def dsig(g_):  # sigmoid' as the mistake has it
        pre = {"f": a["f"], "i": a["i"], "o": a["o"]}
        out = {"f": f, "i": i, "o": o}[g_]
        if act_grad in ("pre", "pre_sigmoid"):
            return pre[g_] * (1 - pre[g_])
        if act_grad == "twice":
            return sigmoid(out) * (1 - sigmoid(out))
        return out * (1 - out)

    dtanh = {"pre": 1 - a["C"] ** 2, "pre_tanh": 1 - a["C"] ** 2, "twice": 1 - tanh(g) ** 2}.get(
        act_grad, 1 - g**2
    )
    da = {"f": df * dsig("f"), "i": di * dsig("i"), "C": dg * dtanh, "o": do * dsig("o")}
    grads = [da[k[2:]].T @ z for k in KEYS[:4]] + [da[k[2:]].sum(axis=0) for k in KEYS[4:]]
    dz = sum(da[k] @ params[f"W_{k}"] for k in GATES if k != skip)
    dh_prev, dx = (dz[:, :H], dz[:, H:]) if concat == "hx" else (dz[:, -H:], dz[:, :-H])
    dC_prev_ = {"total": dC, "incoming": dC_t, "no_f": dC}[dC_prev] * (
        1 if dC_prev == "no_f" else f
    )
    return (*grads, dx, dh_prev, dC_prev_)


def _hypotheses():
    deriv = (
        "the derivative was taken from the pre-activation instead of the output: "
        "sigmoid'(a_f) = f_t * (1 - f_t) and tanh'(a_C) = 1 - C~_t**2 use the gates' outputs"
    )
    hyps = [
        Hypothesis(
            {"h_path": False},
            "dL/dC_t is missing the path through h_t (and so are dC_{t-1} and the gates' "
            f"gradients): {DC}.",
        ),
        Hypothesis(
            {"dC_prev": "incoming"},
            f"dC_{{t-1}} is missing the path through h_t: dC_{{t-1}} = f_t * dL/dC_t, with {DC}.",
        ),
        Hypothesis({"dC_in": False}, f"dC_t, the gradient from later steps, is missing: {DC}."),
        Hypothesis(
            {"dC_prev": "no_f"},
            f"dC_{{t-1}} is missing the factor f_t: dC_{{t-1}} = f_t * dL/dC_t, with {DC}.",
        ),
        Hypothesis(
            {"tanh_C_grad": "missing"},
            f"the path through h_t is missing the tanh's derivative: {DC}.",
        ),
        Hypothesis(
            {"tanh_C_grad": "pre"},
            f"the tanh's derivative on C_t is 1 - tanh(C_t)**2, not 1 - C_t**2: {DC}.",
        ),
        Hypothesis({"act_grad": "pre"}, deriv + "."),
        Hypothesis(
            {"act_grad": "pre_sigmoid"}, deriv + " (here: the sigmoid gates f_t, i_t, o_t)."
        ),
        Hypothesis({"act_grad": "pre_tanh"}, deriv + " (here: the candidate C~_t)."),
        Hypothesis(
            {"act_grad": "twice"},
            "the derivative applies the sigmoid (or tanh) again to the gate's output; "
            "f_t is already sigmoid(a_f), so sigmoid'(a_f) = f_t * (1 - f_t).",
        ),
        Hypothesis({"do_reads": "C"}, "dL/do_t = dh_t * tanh(C_t), not dh_t * C_t."),
        Hypothesis({"df_reads": "C_t"}, "dL/df_t = dL/dC_t * C_{t-1}, not C_t."),
        Hypothesis(
            {"swap_di": True},
            "dL/di_t and dL/dC~_t are swapped: dL/di_t = dL/dC_t * C~_t and "
            "dL/dC~_t = dL/dC_t * i_t.",
        ),
        Hypothesis({"concat": "xh"}, CONCAT_MESSAGE),
    ]
    names = {"f": "f_t", "i": "i_t", "C": "C~_t", "o": "o_t"}
    hyps += [
        Hypothesis(
            {"skip": g},
            f"dh_{{t-1}} and dx_t are missing the path through {names[g]}: "
            "dz_t = sum over the four gates of da_g @ W_g.",
        )
        for g in GATES
    ]
    return tuple(hyps)


def grads_reader(keys, names):
    """Read ``(grads, *arrays)``: ``grads`` a dict with ``keys``, then one array per name."""
    what = f"a tuple (grads, {', '.join(names)})"

    def read(value, after, args):
        grads, *rest = fields(value, ("grads",) + tuple(names), what)
        if not isinstance(grads, dict):
            raise Wrong(
                f"grads should be a dict with the keys {', '.join(keys)}; got {type(grads).__name__}."
            )
        missing = [k for k in keys if k not in grads]
        if missing:
            raise Wrong(
                f"grads is missing {', '.join(map(repr, missing))}; it needs the {len(keys)} keys of params: "
                f"{', '.join(keys)}."
            )
        return (*(grads[k] for k in keys), *rest)

    return read


def shape_hint(name, got, want):
    if name.startswith("grads['W") and got == want[::-1]:
        return f"It looks transposed: {name} has the shape of W, (hidden, hidden + input); dW = da.T @ z_t."
    if name.startswith("grads['b") and got[-1:] == want:
        return "Sum over the batch: db = da.sum(axis=0), shape (hidden,)."
    return None


def gradcheck_line(numeric, names):
    """``Check.extra`` for a backward pass: ``numeric(case)`` gives central differences for every output."""
    names = list(names)

    def extra(got, ref, case, name):
        num = numeric(case)
        if name is None:
            worst = max(relative_error(g, n) for g, n in zip(got, num, strict=True))
            return f"Your gradients also agree with central differences (relative error at most {worst:.0e})."
        j = names.index(name)
        return (
            f"Central differences agree with the expected {name} (relative error "
            f"{relative_error(ref[j], num[j]):.0e}); yours is off by {relative_error(got[j], num[j]):.2g}."
        )

    return extra


def copied(args):
    """Fresh copies of arrays and of dicts of arrays, to nudge in place."""
    return [
        a.copy() if isinstance(a, np.ndarray) else {k: v.copy() for k, v in a.items()} for a in args
    ]


def _central_differences(case):
    """Central differences of ``L = sum(dh_t * h_t) + sum(dC_t * C_t)`` for every output."""
    params, x, h, C, dh, dC = copied(case.args)

    def loss():
        s = lstm_step(params, x, h, C)
        return np.sum(dh * s.h) + np.sum(dC * s.C)

    return [numerical_gradient(loss, params[k]) for k in KEYS] + [
        numerical_gradient(loss, a) for a in (x, h, C)
    ]


def check_lstm_step_backward(fn):
    """Check ``fn(params, x_t, h_prev, C_prev, dh_t, dC_t) -> (grads, dx_t, dh_prev, dC_prev)``.

    One LSTM step's backward pass, against ``lstm_step_backward`` and central differences.
    ``dh_t`` is dL/dh_t; ``dC_t`` is the gradient reaching C_t from later steps only (not
    through h_t). ``grads`` is a dict with the 8 keys of ``params``. Prints a verdict and
    returns True or False.
    """
    check = Check(
        name="check_lstm_step_backward",
        signature="fn(params, x_t, h_prev, C_prev, dh_t, dC_t) -> (grads, dx_t, dh_prev, dC_prev)",
        arg_names=("params", "x_t", "h_prev", "C_prev", "dh_t", "dC_t"),
        outputs=OUTPUTS,
        cases=step_cases(LSTMCell, 2, extra=2),
        reference=lambda *a: (lambda r: (*(r[0][k] for k in KEYS), *r[1:]))(lstm_step_backward(*a)),
        read=grads_reader(KEYS, ("dx_t", "dh_prev", "dC_prev")),
        variant=lstm_backward_variant,
        hypotheses=_hypotheses(),
        hint=step_hint,
        shape_hint=shape_hint,
        extra=gradcheck_line(_central_differences, OUTPUTS),
    )
    return run(check, fn)
