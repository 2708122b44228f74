"""The check for the GRU step (chapter 9), in the book's convention (Chung et al. 2014):

    z_t  = sigmoid(W_z @ [h_{t-1}, x_t] + b_z)
    r_t  = sigmoid(W_r @ [h_{t-1}, x_t] + b_r)
    h~_t = tanh(W_h @ [r_t * h_{t-1}, x_t] + b_h)
    h_t  = (1 - z_t) * h_{t-1} + z_t * h~_t
"""

import numpy as np

from ..gru import GRUCell, gru_step
from ._checking import Check, Hypothesis, one_array, run, transpose_weights
from ._inputs import step_cases
from .lstm import ACT, CONCAT_MESSAGE, step_hint

RULE_H = "h_t = (1 - z_t) * h_{t-1} + z_t * h~_t"
RULE_TILDE = "h~_t = tanh(W_h @ [r_t * h_{t-1}, x_t] + b_h)"


def gru_variant(params, x_t, h_prev, *, concat="hx", gates="sigmoid", cand="tanh", no_bias=(), swap_zr=False,
                update="book", reset="before"):
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
        h_tilde = ACT[cand](x_t @ W_hx.T + (0 if "h" in no_bias else params["b_h"]) + r * (h_prev @ W_hh.T))
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
        Hypothesis({"update": "cho"}, f"the update gate is the other way round: this book writes {RULE_H} "
                                      "(Chung et al. 2014); yours is z_t * h_{t-1} + (1 - z_t) * h~_t, "
                                      "the convention of Cho et al. 2014 and PyTorch."),
        Hypothesis({"update": "no_mix"}, f"h_t is just h~_t; the update gate mixes old and new: {RULE_H}."),
        Hypothesis({"update": "sum"}, f"h_{{t-1}} is kept whole; it is weighted by 1 - z_t: {RULE_H}."),
        Hypothesis({"reset": "after"}, "r_t multiplies W_hh @ h_{t-1}, after the product (PyTorch's "
                                       f"reset_after form); the book resets first: {RULE_TILDE}."),
        Hypothesis({"reset": "none"}, f"the reset gate is missing from h~_t: {RULE_TILDE}."),
        Hypothesis({"reset": "output"}, f"r_t multiplies h~_t; it multiplies h_{{t-1}} inside: {RULE_TILDE}."),
        Hypothesis({"concat": "xh"}, CONCAT_MESSAGE),
        Hypothesis({"swap_zr": True}, "z_t and r_t use each other's weights: z_t uses W_z and b_z, r_t uses W_r and b_r."),
        Hypothesis({"gates": "tanh"}, f"this looks like tanh where the gates {gates} need a sigmoid, values in (0, 1)."),
        Hypothesis({"gates": "none"}, f"the gates {gates} have no sigmoid: z_t = sigmoid(W_z @ z + b_z)."),
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
        name="check_gru_step", signature="fn(params, x_t, h_prev) -> h_t", arg_names=("params", "x_t", "h_prev"),
        outputs={"h_t": ("batch", "hidden")}, cases=step_cases(GRUCell, 1),
        reference=lambda *a: (gru_step(*a).h,), read=one_array("h_t"), variant=gru_variant,
        hypotheses=gru_hypotheses(),
        retries=((transpose_weights, "the weights are used transposed: W_z has shape (hidden, hidden + input), "
                                     "so the batched product is z @ W_z.T + b_z."),),
        hint=step_hint,
    )
    return run(check, fn)
