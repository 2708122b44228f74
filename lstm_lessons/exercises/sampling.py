"""The check for sampling with a temperature (chapter 11).

    p_j = exp(a_j / tau) / sum_k exp(a_k / tau)        row by row, for tau > 0
    tau = 0: all the probability on the largest score   (greedy decoding, the limit tau -> 0)
"""

import numpy as np

from ..text.sampling import softmax_temperature
from ._checking import Case, Check, Hypothesis, one_array, run

RULE = "p_j = exp(a_j / tau) / sum_k exp(a_k / tau), row by row"
T0 = ("At temperature 0 the distribution is the limit tau -> 0: all the probability on the largest "
      "score, a one-hot row (np.eye(V)[logits.argmax(axis=1)]). Dividing by 0 gives inf and nan, "
      "so handle temperature == 0 on its own.")  # fmt: skip
OVERFLOW = ("Some probabilities are nan or inf: exp(a / tau) overflowed (exp(710) is already inf). "
            "Subtract each row's largest score first: the softmax does not change when every score "
            "in a row moves by the same amount.")  # fmt: skip


def _variant(logits, temperature, mode="right"):
    """The right probabilities, or a known mistake at temperature > 0 (at 0, the one-hot argmax)."""
    if temperature == 0:
        return (np.eye(logits.shape[1])[logits.argmax(axis=1)],)
    a = {"multiply": logits * temperature, "ignore": logits}.get(mode, logits / temperature)
    axis = 0 if mode == "axis0" else 1
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return (e if mode == "no_norm" else e / e.sum(axis=axis, keepdims=True),)


def _cases():
    settings = [(2, 5, 1.0, 1.0), (3, 7, 0.5, 2.0), (4, 6, 2.0, 1.5), (3, 5, 0.0, 2.0), (2, 6, 0.1, 100.0)]
    cases = []
    for k, (B, V, tau, scale) in enumerate(settings):
        if k == 0:  # a fixed, readable case
            logits = np.array([[2.0, 1.0, 0.1, -1.0, 0.5], [-0.3, 0.8, 1.9, 0.2, -2.0]])
        else:
            rng = np.random.default_rng(6000 + k)
            logits = rng.uniform(-1, 1, size=(B, V)) * scale  # no ties, so the argmax is unique
        label = f"{'fixed: ' if k == 0 else ''}batch={B}, V={V}, temperature={tau:g}"
        if scale >= 100:
            label += ", scores up to +-100"
        cases.append(Case(label, (logits, tau), {"batch": B, "V": V}))
    return cases


def _extra(got, ref, case, wrong):
    if wrong is None:
        return None
    if case.args[1] == 0:
        return T0
    if not np.all(np.isfinite(got[0])):
        return OVERFLOW
    return None


def _hint(err, case):
    return [T0] if case.args[1] == 0 else []


def _shape_hint(name, got, want):
    if tuple(got) == tuple(want[:1]):
        return "That is one number per row, the argmax's index? Return probabilities: one row of V per example."
    return None


def check_softmax_temperature(fn):
    """Check ``fn(logits, temperature) -> probs``, the softmax with a temperature.

    ``logits`` has shape (batch, V); ``probs`` has the same shape, each row summing to 1:
    ``softmax(logits / temperature)``, and at ``temperature == 0`` the one-hot row of the argmax
    (the package's ``lstm_lessons.text.sampling.softmax_temperature``). Prints a verdict;
    returns True or False.
    """
    check = Check(
        name="check_softmax_temperature",
        signature="fn(logits, temperature) -> probs",
        arg_names=("logits", "temperature"),
        outputs={"probs": ("batch", "V")},
        cases=_cases(),
        reference=lambda logits, tau: (softmax_temperature(logits, tau),),
        read=one_array("probs"),
        variant=_variant,
        hypotheses=(
            Hypothesis({"mode": "multiply"}, f"the scores were multiplied by the temperature; divide them: {RULE}."),
            Hypothesis({"mode": "ignore"}, f"the temperature has no effect in your function: {RULE}."),
            Hypothesis({"mode": "no_norm"}, f"the rows do not sum to 1: divide by the row's sum, {RULE}."),
            Hypothesis(
                {"mode": "axis0"},
                f"the sums run down the columns (axis 0); each row is one distribution: {RULE}.",
            ),
        ),
        hint=_hint,
        shape_hint=_shape_hint,
        extra=_extra,
    )
    return run(check, fn)
