"""The check for the plain RNN step (chapter 1): ``h_t = tanh(W_h @ [h_{t-1}, x_t] + b_h)``."""

import numpy as np

from ..cells.rnn import RNNCell, rnn_step
from ._checking import Check, Hypothesis, one_array, run, transpose_weights
from ._inputs import step_cases
from .lstm import ACT, CONCAT_MESSAGE, step_hint

RULE = "h_t = tanh(W_h @ [h_{t-1}, x_t] + b_h)"


def _rnn_variant(params, x_t, h_prev, *, concat="hx", act="tanh", bias="in", ignore_h=False):
    H = h_prev.shape[-1]
    if ignore_h:
        a = x_t @ params["W_h"][:, H:].T
    else:
        z = np.concatenate([h_prev, x_t] if concat == "hx" else [x_t, h_prev], axis=-1)
        a = z @ params["W_h"].T
    if bias == "outside":
        return (ACT[act](a) + params["b_h"],)
    return (ACT[act](a + (params["b_h"] if bias == "in" else 0)),)


def check_rnn_step(fn):
    """Check ``fn(params, x_t, h_prev) -> h_t``, one step of the plain RNN, against ``rnn_step``.

    ``params`` holds ``W_h`` of shape (hidden, hidden + input) and ``b_h`` of shape (hidden,);
    ``x_t`` is (batch, input), ``h_prev`` and ``h_t`` are (batch, hidden).
    Prints a verdict and returns True or False.
    """
    check = Check(
        name="check_rnn_step",
        signature="fn(params, x_t, h_prev) -> h_t",
        arg_names=("params", "x_t", "h_prev"),
        outputs={"h_t": ("batch", "hidden")},
        cases=step_cases(RNNCell, 1),
        reference=lambda *a: (rnn_step(*a),),
        read=one_array("h_t"),
        variant=_rnn_variant,
        hypotheses=(
            Hypothesis({"concat": "xh"}, CONCAT_MESSAGE),
            Hypothesis(
                {"act": "sigmoid"}, f"this looks like a sigmoid where the RNN uses tanh: {RULE}."
            ),
            Hypothesis({"act": "none"}, f"h_t is missing its tanh: {RULE}."),
            Hypothesis({"bias": "missing"}, f"the bias b_h is missing: {RULE}."),
            Hypothesis(
                {"bias": "outside"}, f"b_h is added after the tanh; it goes inside: {RULE}."
            ),
            Hypothesis(
                {"ignore_h": True},
                f"h_{{t-1}} has no effect on your h_t; it enters through z_t: {RULE}.",
            ),
        ),
        retries=(
            (
                transpose_weights,
                "W_h is used transposed: it has shape (hidden, hidden + input), so the "
                "batched product is z_t @ W_h.T + b_h.",
            ),
        ),
        hint=step_hint,
    )
    return run(check, fn)
