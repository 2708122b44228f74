"""The checks for the GRU step and its backward pass (chapter 9), in the book's convention
(Chung et al. 2014):

    z_t  = sigmoid(W_z @ [h_{t-1}, x_t] + b_z)
    r_t  = sigmoid(W_r @ [h_{t-1}, x_t] + b_r)
    h~_t = tanh(W_h @ [r_t * h_{t-1}, x_t] + b_h)
    h_t  = (1 - z_t) * h_{t-1} + z_t * h~_t
"""

import numpy as np

from ..cells.gru import GRUCell, gru_step, gru_step_backward
from ..training.gradcheck import numerical_gradient
from ._checking import Check, Hypothesis, one_array, run, transpose_weights
from ._inputs import step_cases
from .backward import copied, gradcheck_line, grads_reader, shape_hint
from .lstm import ACT, CONCAT_MESSAGE, step_hint

RULE_H = "h_t = (1 - z_t) * h_{t-1} + z_t * h~_t"
RULE_TILDE = "h~_t = tanh(W_h @ [r_t * h_{t-1}, x_t] + b_h)"


def gru_variant(
    params,
    x_t,
    h_prev,
    *,
    concat="hx",
    gates="sigmoid",
    cand="tanh",
    no_bias=(),
    swap_zr=False,
    update="book",
    reset="before",
):
    """One GRU step with known mistakes switched on by keyword."""
    H = h_prev.shape[-1]

    def cat(h, x):
        return np.concatenate([h, x] if concat == "hx" else [x, h], axis=-1)

    def lin(g, z):
        return z @ params[f"W_{g}"].T + (0 if g in no_bias else params[f"b_{g}"])

    zg, rg = ("r", "z") if swap_zr else ("z", "r")
    z = ACT[gates](lin(zg, cat(h_prev, x_t)))
    r = ACT[gates](lin(rg, cat(h_prev, x_t)))
    if reset == "before":
        h_tilde = ACT[cand](lin("h", cat(r * h_prev, x_t)))
    elif reset == "none":
        h_tilde = ACT[cand](lin("h", cat(h_prev, x_t)))
    elif reset == "after":  # the cuDNN / PyTorch form: r_t multiplies W_hh @ h_{t-1}
        W_hh, W_hx = params["W_h"][:, :H], params["W_h"][:, H:]
        h_tilde = ACT[cand](
            x_t @ W_hx.T + (0 if "h" in no_bias else params["b_h"]) + r * (h_prev @ W_hh.T)
        )
    else:  # "output": r_t multiplies h~_t
        h_tilde = r * ACT[cand](lin("h", cat(h_prev, x_t)))
    h_t = {
        "book": lambda: (1 - z) * h_prev + z * h_tilde,
        "cho": lambda: z * h_prev + (1 - z) * h_tilde,
        "no_mix": lambda: h_tilde,
        "sum": lambda: h_prev + z * h_tilde,
    }[update]()
    return (h_t,)


def gru_hypotheses():
    gates = "z_t and r_t"
    return (
        Hypothesis(
            {"update": "cho"},
            f"the update gate is the other way round: this book writes {RULE_H} "
            "(Chung et al. 2014); yours is z_t * h_{t-1} + (1 - z_t) * h~_t, "
            "the convention of Cho et al. 2014 and PyTorch.",
        ),
        Hypothesis(
            {"update": "no_mix"}, f"h_t is just h~_t; the update gate mixes old and new: {RULE_H}."
        ),
        Hypothesis(
            {"update": "sum"}, f"h_{{t-1}} is kept whole; it is weighted by 1 - z_t: {RULE_H}."
        ),
        Hypothesis(
            {"reset": "after"},
            "r_t multiplies W_hh @ h_{t-1}, after the product (PyTorch's "
            f"reset_after form); the book resets first: {RULE_TILDE}.",
        ),
        Hypothesis({"reset": "none"}, f"the reset gate is missing from h~_t: {RULE_TILDE}."),
        Hypothesis(
            {"reset": "output"},
            f"r_t multiplies h~_t; it multiplies h_{{t-1}} inside: {RULE_TILDE}.",
        ),
        Hypothesis({"concat": "xh"}, CONCAT_MESSAGE),
        Hypothesis(
            {"swap_zr": True},
            "z_t and r_t use each other's weights: z_t uses W_z and b_z, r_t uses W_r and b_r.",
        ),
        Hypothesis(
            {"gates": "tanh"},
            f"this looks like tanh where the gates {gates} need a sigmoid, values in (0, 1).",
        ),
        Hypothesis(
            {"gates": "none"}, f"the gates {gates} have no sigmoid: z_t = sigmoid(W_z @ z + b_z)."
        ),
        Hypothesis({"cand": "sigmoid"}, f"h~_t looks like a sigmoid; it needs tanh: {RULE_TILDE}."),
        Hypothesis({"cand": "none"}, f"h~_t is missing its tanh: {RULE_TILDE}."),
        Hypothesis({"no_bias": ("z", "r", "h")}, "the biases b_z, b_r, b_h are missing."),
        *(Hypothesis({"no_bias": (g,)}, f"the bias b_{g} is missing.") for g in "zrh"),
    )


def check_gru_step(fn):
    """Check ``fn(params, x_t, h_prev) -> h_t``, one GRU step in the book's convention.

    ``h_t = (1 - z_t) * h_{t-1} + z_t * h~_t`` (Chung et al. 2014), with the reset gate applied
    before the product: ``h~_t = tanh(W_h @ [r_t * h_{t-1}, x_t] + b_h)``. ``params`` holds
    ``W_z, W_r, W_h`` of shape (hidden, hidden + input) and ``b_z, b_r, b_h`` of shape (hidden,).
    Prints a verdict and returns True or False.
    """
    check = Check(
        name="check_gru_step",
        signature="fn(params, x_t, h_prev) -> h_t",
        arg_names=("params", "x_t", "h_prev"),
        outputs={"h_t": ("batch", "hidden")},
        cases=step_cases(GRUCell, 1),
        reference=lambda *a: (gru_step(*a).h,),
        read=one_array("h_t"),
        variant=gru_variant,
        hypotheses=gru_hypotheses(),
        retries=(
            (
                transpose_weights,
                "the weights are used transposed: W_z has shape (hidden, hidden + input), "
                "so the batched product is z @ W_z.T + b_z.",
            ),
        ),
        hint=step_hint,
    )
    return run(check, fn)


# -- one GRU step backward ---------------------------------------------------------------------------
B_KEYS = ("W_z", "W_r", "W_h", "b_z", "b_r", "b_h")
B_OUTPUTS = {
    f"grads[{k!r}]": ("hidden", "hidden + input") if k[0] == "W" else ("hidden",) for k in B_KEYS
}
B_OUTPUTS.update({"dx_t": ("batch", "input"), "dh_prev": ("batch", "hidden")})


def gru_backward_variant(
    params,
    x_t,
    h_prev,
    dh_t,
    *,
    convention="book",
    dz_sign=1,
    direct=True,
    reset_path=True,
    gate_path=True,
    act_grad="output",
    W_h_sees="rh",
    dr_times_h=True,
):
    """One GRU step's backward pass with known mistakes switched on by keyword."""
    H = h_prev.shape[-1]
    u = np.concatenate([h_prev, x_t], axis=-1)
    a_z, a_r = u @ params["W_z"].T + params["b_z"], u @ params["W_r"].T + params["b_r"]
    z, r = ACT["sigmoid"](a_z), ACT["sigmoid"](a_r)
    v = np.concatenate([r * h_prev, x_t], axis=-1)
    a_h = v @ params["W_h"].T + params["b_h"]
    h_tilde = np.tanh(a_h)
    if convention == "book":  # h_t = (1 - z) h_prev + z h~
        dz, dh_tilde, keep = dz_sign * dh_t * (h_tilde - h_prev), dh_t * z, 1 - z
    else:  # Cho / PyTorch: h_t = z h_prev + (1 - z) h~
        dz, dh_tilde, keep = dh_t * (h_prev - h_tilde), dh_t * (1 - z), z
    pre = act_grad == "pre"
    da_h = dh_tilde * (1 - (a_h if pre else h_tilde) ** 2)
    dv = da_h @ params["W_h"]
    d_rh = dv[:, :H]
    dr = d_rh * h_prev if dr_times_h else d_rh
    da_z = dz * ((a_z * (1 - a_z)) if pre else z * (1 - z))
    da_r = dr * ((a_r * (1 - a_r)) if pre else r * (1 - r))
    grads = [
        da_z.T @ u,
        da_r.T @ u,
        da_h.T @ (v if W_h_sees == "rh" else u),
        da_z.sum(axis=0),
        da_r.sum(axis=0),
        da_h.sum(axis=0),
    ]
    du = da_z @ params["W_z"] + da_r @ params["W_r"]
    dh_prev = (
        (dh_t * keep if direct else 0)
        + (d_rh * r if reset_path else 0)
        + (du[:, :H] if gate_path else 0)
    )
    return (*grads, du[:, H:] + dv[:, H:], dh_prev)


def _backward_hypotheses():
    return (
        Hypothesis(
            {"convention": "cho"},
            "the update gate is the other way round (Cho et al. 2014, PyTorch); the book's "
            f"{RULE_H} gives dL/dz_t = dh_t * (h~_t - h_{{t-1}}), dL/dh~_t = dh_t * z_t, "
            "and dh_t * (1 - z_t) straight to h_{t-1}.",
        ),
        Hypothesis(
            {"dz_sign": -1}, "dL/dz_t has the wrong sign: dL/dz_t = dh_t * (h~_t - h_{t-1})."
        ),
        Hypothesis(
            {"direct": False},
            f"dh_{{t-1}} is missing the direct path dh_t * (1 - z_t), from {RULE_H}.",
        ),
        Hypothesis(
            {"reset_path": False},
            "dh_{t-1} is missing the path through r_t * h_{t-1} inside h~_t: "
            "dL/d(r_t * h_{t-1}) * r_t.",
        ),
        Hypothesis(
            {"gate_path": False},
            "dh_{t-1} is missing the paths through the gates z_t and r_t: "
            "(da_z @ W_z + da_r @ W_r)[:, :hidden].",
        ),
        Hypothesis(
            {"act_grad": "pre"},
            "the derivative was taken from the pre-activation instead of the output: "
            "sigmoid'(a_z) = z_t * (1 - z_t) and tanh'(a_h) = 1 - h~_t**2.",
        ),
        Hypothesis(
            {"W_h_sees": "h"},
            "dW_h = da_h.T @ [r_t * h_{t-1}, x_t], the input h~_t saw; yours uses [h_{t-1}, x_t].",
        ),
        Hypothesis(
            {"dr_times_h": False},
            "dL/dr_t = dL/d(r_t * h_{t-1}) * h_{t-1}; the factor h_{t-1} is missing.",
        ),
    )


def _central_differences(case):
    """Central differences of ``L = sum(dh_t * h_t)`` for every output."""
    params, x, h, dh = copied(case.args)

    def loss():
        return np.sum(dh * gru_step(params, x, h).h)

    return [numerical_gradient(loss, params[k]) for k in B_KEYS] + [
        numerical_gradient(loss, a) for a in (x, h)
    ]


def check_gru_step_backward(fn):
    """Check ``fn(params, x_t, h_prev, dh_t) -> (grads, dx_t, dh_prev)``, one GRU step backward.

    The book's convention, as ``check_gru_step``; compared with ``gru_step_backward`` and with
    central differences. ``grads`` is a dict with the 6 keys of ``params``. Prints a verdict and
    returns True or False.
    """
    check = Check(
        name="check_gru_step_backward",
        signature="fn(params, x_t, h_prev, dh_t) -> (grads, dx_t, dh_prev)",
        arg_names=("params", "x_t", "h_prev", "dh_t"),
        outputs=B_OUTPUTS,
        cases=step_cases(GRUCell, 1, extra=1),
        reference=lambda *a: (lambda r: (*(r[0][k] for k in B_KEYS), *r[1:]))(
            gru_step_backward(*a)
        ),
        read=grads_reader(B_KEYS, ("dx_t", "dh_prev")),
        variant=gru_backward_variant,
        hypotheses=_backward_hypotheses(),
        hint=step_hint,
        shape_hint=shape_hint,
        extra=gradcheck_line(_central_differences, B_OUTPUTS),
    )
    return run(check, fn)
