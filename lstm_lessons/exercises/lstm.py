"""Checks for the LSTM's pieces: the forget gate, the cell-state update and one whole step
(chapters 3 to 6).

``lstm_variant`` is the LSTM family's step with known mistakes switched on by keyword;
the peephole and coupled checks use it too.
"""

import itertools

import numpy as np

from ..cells.activations import sigmoid, tanh
from ..cells.lstm import LSTMCell, cell_state, concat, forget_gate, lstm_step
from ._checking import (
    Case,
    Check,
    Hypothesis,
    fields,
    is_shape_error,
    one_array,
    run,
    transpose_weights,
)
from ._inputs import fill, gate_values, step_cases

ACT = {"sigmoid": sigmoid, "tanh": tanh, "none": lambda a: a}
SHOWN = {"f": "f_t", "i": "i_t", "C": "C~_t", "o": "o_t"}
RULE_C = "C_t = f_t * C_{t-1} + i_t * C~_t"
RULE_H = "h_t = o_t * tanh(C_t)"

# -- the cell-state update, right and wrong ----------------------------------------------------
MIX = {
    "right": lambda f, C, i, g: f * C + i * g,
    "f_on_C_tilde": lambda f, C, i, g: f * g + i * C,
    "no_i": lambda f, C, i, g: f * C + g,
    "no_f": lambda f, C, i, g: C + i * g,
    "one_minus_f": lambda f, C, i, g: f * C + (1 - f) * g,
    "keep_is_forget": lambda f, C, i, g: (1 - f) * C + i * g,
    "squashed": lambda f, C, i, g: tanh(f * C + i * g),
    "product": lambda f, C, i, g: (f * C) * (i * g),
    "tanh_again": lambda f, C, i, g: f * C + i * tanh(g),
}
MIX_MESSAGES = {
    "f_on_C_tilde": f"your f_t multiplies C~_t instead of C_{{t-1}}: {RULE_C}.",
    "no_i": f"the input gate is missing: C~_t is written through i_t, {RULE_C}.",
    "no_f": f"the forget gate is missing: C_{{t-1}} survives only as much as f_t lets it, {RULE_C}.",
    "one_minus_f": "you wrote 1 - f_t where the input gate i_t belongs (that is the coupled cell "
    f"of chapter 8); the LSTM has its own i_t: {RULE_C}.",
    "keep_is_forget": f"C_{{t-1}} is multiplied by 1 - f_t, but f_t is the fraction kept: {RULE_C}.",
    "squashed": f"C_t has a tanh around it; the cell state is never squashed on its own path: {RULE_C}.",
    "product": f"the two terms are multiplied; they are added: {RULE_C}.",
    "tanh_again": f"C~_t went through a tanh again; it is already squashed: {RULE_C}.",
}
H_FORM = {
    "right": lambda o, C, C_prev: o * tanh(C),
    "no_tanh": lambda o, C, C_prev: o * C,
    "tanh_outside": lambda o, C, C_prev: tanh(o * C),
    "C_prev": lambda o, C, C_prev: o * tanh(C_prev),
    "no_o": lambda o, C, C_prev: tanh(C),
}
H_MESSAGES = {
    "no_tanh": f"h_t is missing the tanh on C_t: {RULE_H}.",
    "tanh_outside": f"the tanh wraps o_t * C_t; it goes on C_t alone: {RULE_H}.",
    "C_prev": f"h_t shows the old C_{{t-1}}; it shows the new cell state: {RULE_H}.",
    "no_o": f"h_t has no output gate: {RULE_H}.",
}
CONCAT_MESSAGE = (
    "z_t is [x_t, h_{t-1}] here; the book puts h_{t-1} first: z_t = [h_{t-1}, x_t], "
    "np.concatenate([h_prev, x_t], axis=-1)."
)


def lstm_variant(
    params,
    x_t,
    h_prev,
    C_prev,
    *,
    kind="lstm",
    concat="hx",
    gates="sigmoid",
    cand="tanh",
    no_bias=(),
    swap=None,
    mix="right",
    h_form="right",
    o_peeks="C_t",
    no_peep=(),
    coupled_i="1-f",
    order="hC",
):
    """One step of the LSTM family (``kind``: lstm, peephole, coupled) with known mistakes switched on."""
    z = np.concatenate([h_prev, x_t] if concat == "hx" else [x_t, h_prev], axis=-1)
    names = {g: g for g in "fiCo"}
    if swap:
        a, b = swap
        names[a], names[b] = b, a

    def pre(g, C=None):  # gate g's pre-activation, with g's weights (or those swapped in)
        n = names[g]
        a = z @ params[f"W_{n}"].T + (0 if g in no_bias else params[f"b_{n}"])
        return (
            a + params[f"p_{g}"] * C
            if kind == "peephole" and C is not None and g not in no_peep
            else a
        )

    sig = ACT[gates]
    f = sig(pre("f", C_prev))
    if kind == "coupled":
        i = 1 - f if coupled_i == "1-f" else f
    else:
        i = sig(pre("i", C_prev))
    C_tilde = ACT[cand](pre("C"))
    C_t = MIX[mix](f, C_prev, i, C_tilde)
    o = sig(pre("o", C_t if o_peeks == "C_t" else C_prev))
    h_t = H_FORM[h_form](o, C_t, C_prev)
    return (h_t, C_t) if order == "hC" else (C_t, h_t)


def lstm_hypotheses(kind="lstm"):
    """The usual mistakes in one step of the LSTM family, each with its sentence."""
    gates = "fCo" if kind == "coupled" else "fiCo"
    sig_gates = ", ".join(SHOWN[g] for g in gates if g != "C")
    hyps = [
        Hypothesis({"concat": "xh"}, CONCAT_MESSAGE),
        Hypothesis(
            {"gates": "tanh"},
            f"this looks like tanh where the gates need a sigmoid: {sig_gates} "
            "= sigmoid(W @ z_t + b), with values in (0, 1).",
        ),
        Hypothesis(
            {"gates": "none"},
            f"the gates {sig_gates} have no sigmoid: f_t = sigmoid(W_f @ z_t + b_f), and so on.",
        ),
        Hypothesis(
            {"cand": "sigmoid"},
            "C~_t looks like a sigmoid; the candidate needs tanh, values in (-1, 1): "
            "C~_t = tanh(W_C @ z_t + b_C).",
        ),
        Hypothesis({"cand": "none"}, "C~_t is missing its tanh: C~_t = tanh(W_C @ z_t + b_C)."),
        Hypothesis(
            {"no_bias": tuple(gates)},
            f"the biases {', '.join('b_' + g for g in gates)} are missing.",
        ),
    ]
    hyps += [
        Hypothesis({"no_bias": (g,)}, f"the bias b_{g} is missing from {SHOWN[g]}.") for g in gates
    ]
    if kind == "coupled":
        hyps += [
            Hypothesis(
                {"mix": "f_on_C_tilde"},
                "f_t and 1 - f_t are the other way round: C_t = f_t * C_{t-1} + (1 - f_t) * C~_t.",
            ),
            Hypothesis(
                {"coupled_i": "f"},
                "the input gate is 1 - f_t, not f_t: C_t = f_t * C_{t-1} + (1 - f_t) * C~_t.",
            ),
            Hypothesis(
                {"mix": "no_i"},
                "C~_t is added without its gate 1 - f_t: C_t = f_t * C_{t-1} + (1 - f_t) * C~_t.",
            ),
        ]
        hyps += [
            Hypothesis({"mix": m}, MIX_MESSAGES[m].replace("i_t", "(1 - f_t)"))
            for m in ("squashed", "tanh_again", "no_f")
        ]
    else:
        messages = {
            **MIX_MESSAGES,
            "f_on_C_tilde": "your f_t multiplies C~_t instead of C_{t-1} (or f_t and i_t "
            f"trade weights, which gives the same numbers): {RULE_C}.",
        }
        hyps += [Hypothesis({"mix": m}, msg) for m, msg in messages.items()]
    hyps += [Hypothesis({"h_form": k}, msg) for k, msg in H_MESSAGES.items()]
    hyps.append(
        Hypothesis({"order": "Ch"}, "you returned (C_t, h_t); return them in the order (h_t, C_t).")
    )
    # f_t and i_t trading weights gives the same numbers as f_t on C~_t: that case is named above
    hyps += [
        Hypothesis(
            {"swap": (a, b)},
            f"{SHOWN[a]} and {SHOWN[b]} use each other's weights: {SHOWN[a]} uses "
            f"W_{a} and b_{a}, {SHOWN[b]} uses W_{b} and b_{b}.",
        )
        for a, b in itertools.combinations(gates, 2)
        if (a, b) != ("f", "i")
    ]
    return hyps


def step_hint(err, case):
    """Shape errors in a step: say how z_t and W fit together."""
    B, D, H = case.dims["batch"], case.dims["input"], case.dims["hidden"]
    text = str(err)
    if "concatenat" in text:
        return [
            "z_t joins h_prev and x_t along the features: np.concatenate([h_prev, x_t], axis=-1), "
            f"shape (batch, hidden + input) = ({B}, {H + D})."
        ]
    if any(w in text for w in ("matmul", "shapes", "broadcast", "dimension")):
        return [
            f"z_t = [h_{{t-1}}, x_t] has shape (batch, hidden + input) = ({B}, {H + D}); every W has shape "
            f"(hidden, hidden + input) = ({H}, {H + D}); the batched product is z_t @ W.T + b, shape ({B}, {H})."
        ]
    return []


TRANSPOSED = (
    "the weights are used transposed: W_f has shape (hidden, hidden + input), so the batched "
    "product is z_t @ W_f.T + b_f (yours works as if W_f were (hidden + input, hidden))."
)


def _localize(bad):
    if bad == ["h_t"]:
        return f"C_t is right, so look at o_t and {RULE_H}."
    return f"C_t is already wrong: look at f_t, i_t, C~_t and {RULE_C} first."


def step_check(name, reference, kind, cell_cls):
    return Check(
        name=name,
        signature="fn(params, x_t, h_prev, C_prev) -> (h_t, C_t)",
        arg_names=("params", "x_t", "h_prev", "C_prev"),
        outputs={"h_t": ("batch", "hidden"), "C_t": ("batch", "hidden")},
        cases=step_cases(cell_cls, 2),
        reference=lambda *a: (lambda s: (s.h, s.C))(reference(*a)),
        read=lambda value, after, args: fields(value, ("h", "C"), "a pair (h_t, C_t)"),
        variant=lambda *a, **k: lstm_variant(*a, kind=kind, **k),
        hypotheses=tuple(lstm_hypotheses(kind)),
        retries=((transpose_weights, TRANSPOSED),),
        hint=step_hint,
        localize=_localize,
    )


def check_lstm_step(fn):
    """Check ``fn(params, x_t, h_prev, C_prev) -> (h_t, C_t)``, one LSTM step, against ``lstm_step``.

    ``params`` holds ``W_f, W_i, W_C, W_o`` of shape (hidden, hidden + input) and
    ``b_f, b_i, b_C, b_o`` of shape (hidden,); the arrays have shape (batch, ...).
    Prints a verdict and returns True or False.
    """
    return run(step_check("check_lstm_step", lstm_step, "lstm", LSTMCell), fn)


# -- the forget gate -----------------------------------------------------------------------------
def _forget_variant(params, z_t, *, act="sigmoid", bias="in", gate="f"):
    a = z_t @ params[f"W_{gate}"].T
    b = params[f"b_{gate}"]
    return (ACT[act](a) + b,) if bias == "outside" else (ACT[act](a + (b if bias == "in" else 0)),)


def check_forget_gate(fn):
    """Check ``fn(params, z_t) -> f_t``, with ``z_t = [h_{t-1}, x_t]`` of shape (batch, hidden + input).

    ``f_t = sigmoid(W_f @ z_t + b_f)``, shape (batch, hidden). Prints a verdict; returns True or False.
    """
    rule = "f_t = sigmoid(W_f @ z_t + b_f)"
    cases = [
        Case(c.label, (c.args[0], concat(c.args[2], c.args[1])), c.dims)
        for c in step_cases(LSTMCell, 1)
    ]
    check = Check(
        name="check_forget_gate",
        signature="fn(params, z_t) -> f_t",
        arg_names=("params", "z_t"),
        outputs={"f_t": ("batch", "hidden")},
        cases=cases,
        reference=lambda params, z_t: (forget_gate(params, z_t),),
        read=one_array("f_t"),
        variant=_forget_variant,
        hypotheses=(
            Hypothesis(
                {"act": "tanh"},
                f"this looks like tanh where the gate needs a sigmoid: {rule}, values in (0, 1).",
            ),
            Hypothesis({"act": "none"}, f"f_t has no sigmoid: {rule}."),
            Hypothesis({"bias": "missing"}, f"the bias b_f is missing: {rule}."),
            Hypothesis(
                {"bias": "outside"}, f"b_f is added after the sigmoid; it goes inside: {rule}."
            ),
            *(
                Hypothesis(
                    {"gate": g},
                    f"you used W_{g} and b_{g}; the forget gate has its own W_f and b_f: {rule}.",
                )
                for g in "iCo"
            ),
        ),
        retries=((transpose_weights, TRANSPOSED),),
        hint=lambda err, case: (
            [
                "z_t has shape (batch, hidden + input) and W_f has shape (hidden, hidden + input): "
                "the batched product is z_t @ W_f.T + b_f, shape (batch, hidden)."
            ]
            if is_shape_error(err)
            else []
        ),
    )
    return run(check, fn)


# -- the cell state --------------------------------------------------------------------------------
def check_cell_state(fn):
    """Check ``fn(f_t, C_prev, i_t, C_tilde) -> C_t``, all of shape (batch, hidden).

    ``C_t = f_t * C_{t-1} + i_t * C~_t``. Prints a verdict; returns True or False.
    """
    cases = []
    for k, (B, _, H) in enumerate([(2, 0, 4), (3, 0, 2), (4, 0, 3), (5, 0, 6)]):
        rng = None if k == 0 else np.random.default_rng(2000 + k)
        args = (
            gate_values((B, H), rng, 1),
            1.5 * fill((B, H), rng, 2),
            gate_values((B, H), rng, 3),
            np.tanh(fill((B, H), rng, 4)),
        )
        cases.append(
            Case(
                ("fixed: " if k == 0 else "") + f"batch={B}, hidden={H}",
                args,
                {"batch": B, "hidden": H},
            )
        )
    check = Check(
        name="check_cell_state",
        signature="fn(f_t, C_prev, i_t, C_tilde) -> C_t",
        arg_names=("f_t", "C_prev", "i_t", "C_tilde"),
        outputs={"C_t": ("batch", "hidden")},
        cases=cases,
        reference=lambda *a: (cell_state(*a),),
        read=one_array("C_t"),
        variant=lambda *a, mix="right": (MIX[mix](*a),),
        hypotheses=tuple(Hypothesis({"mix": m}, msg) for m, msg in MIX_MESSAGES.items()),
        hint=lambda err, case: (
            [f"The products in {RULE_C} are elementwise: use *, not @ or np.dot."]
            if is_shape_error(err)
            else []
        ),
        shape_hint=lambda name, got, want: (
            "This looks like a matrix product: the products in C_t are elementwise (*), not @."
            if len(got) == 2 and got[0] == want[0]
            else None
        ),
    )
    return run(check, fn)


__all__ = ["check_forget_gate", "check_cell_state", "check_lstm_step"]
