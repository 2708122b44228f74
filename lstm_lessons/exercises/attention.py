"""The check for one head of causal self-attention (chapter 13).

s_ts = q_t . k_s / sqrt(d_k)  for s <= t,   -inf for s > t      (the causal mask)
a_ts = exp(s_ts) / sum_r exp(s_tr)                              (softmax over the keys s)
out_t = sum_s a_ts v_s
"""

import numpy as np

from ..series.attention import causal_attention
from ._checking import Case, Check, Hypothesis, Wrong, one_array, run
from ._inputs import fill

RULE = "a_t = softmax over s <= t of q_t . k_s / sqrt(d_k), and out_t = sum_s a_ts v_s"
SHAPES = [(4, 2, 3, 5), (5, 3, 2, 4), (3, 4, 5, 2), (6, 2, 4, 3)]  # (T, batch, d_k, d_v)


def _attention_variant(Q, K, V, *, scale="sqrt", mask="causal", axis="keys"):
    """One head of attention with known mistakes switched on by keyword."""
    T, _, d_k = Q.shape
    S = np.einsum("tbd,sbd->bts", Q, K)  # (B, T, T): row t (query), column s (key)
    S = S / {"sqrt": np.sqrt(d_k), "none": 1.0, "d": d_k}[scale]
    allowed = {
        "causal": np.tril(np.ones((T, T), bool)),
        "none": np.ones((T, T), bool),
        "future": np.triu(np.ones((T, T), bool)),
        "zero": np.tril(np.ones((T, T), bool)),
        "after_softmax": np.tril(np.ones((T, T), bool)),
    }[mask]
    if mask == "zero":
        S = np.where(allowed, S, 0.0)
    elif mask != "after_softmax":
        S = np.where(allowed, S, -np.inf)
    ax = -1 if axis == "keys" else -2
    A = np.exp(S - S.max(axis=ax, keepdims=True))
    A = A / A.sum(axis=ax, keepdims=True)
    if mask == "after_softmax":
        A = np.where(allowed, A, 0.0)
    return (np.einsum("bts,sbd->tbd", A, V),)


def _cases():
    cases = []
    for k, (T, B, d_k, d_v) in enumerate(SHAPES):
        rng = None if k == 0 else np.random.default_rng(5000 + k)
        Q, K = fill((T, B, d_k), rng, 1), fill((T, B, d_k), rng, 2)
        V = fill((T, B, d_v), rng, 3)
        label = ("fixed: " if k == 0 else "") + f"T={T}, batch={B}, d_k={d_k}, d_v={d_v}"
        cases.append(Case(label, (Q, K, V), {"T": T, "batch": B, "d_k": d_k, "d_v": d_v}))
    return cases


def _read(value, after, args):
    (out,) = one_array("out")(value, after, args)
    try:
        a = np.asarray(out, dtype=np.float64)
    except Exception:
        return (out,)  # ``outputs`` says what came instead of numbers
    if a.shape == args[2].shape and np.isnan(a).any():
        t = int(np.argwhere(np.isnan(a))[0][0])
        raise Wrong(
            f"out[{t}] is NaN. A row of scores that is -inf everywhere gives 0/0 in the softmax: "
            "every position must be allowed to look at itself, s <= t with the diagonal included."
        )
    return (out,)


def _shape_hint(name, got, want):
    T, B, d_v = want
    if got in ((B, T, T), (T, B, T)):
        return (
            "This looks like the attention weights a_ts; the output multiplies them by V: "
            "out_t = sum_s a_ts v_s."
        )
    if got == (B, T, d_v):
        return "This looks batch first; the book's sequences are time first, (T, batch, d_v)."
    return None


def check_causal_attention(fn):
    """Check ``fn(Q, K, V) -> out``, one head of causal self-attention, against the package's.

    ``Q`` and ``K`` have shape (T, batch, d_k), ``V`` (T, batch, d_v), time first; ``out`` has
    shape (T, batch, d_v). Position t may look only at positions s <= t.
    Prints a verdict and returns True or False.
    """
    check = Check(
        name="check_causal_attention",
        signature="fn(Q, K, V) -> out",
        arg_names=("Q", "K", "V"),
        outputs={"out": ("T", "batch", "d_v")},
        cases=_cases(),
        reference=lambda Q, K, V: (causal_attention(Q, K, V),),
        read=_read,
        variant=_attention_variant,
        hypotheses=(
            Hypothesis(
                {"mask": "none"},
                "position t also looks at later positions s > t: the causal mask is missing. "
                f"{RULE}.",
            ),
            Hypothesis(
                {"mask": "future"},
                "the mask is the wrong way round: it lets t look at s >= t, the future. "
                "Keep s <= t, the lower triangle (np.tril).",
            ),
            Hypothesis(
                {"mask": "zero"},
                "masked scores were set to 0, which still gets the weight exp(0) = 1; "
                "set them to -inf.",
            ),
            Hypothesis(
                {"mask": "after_softmax"},
                "the weights of later positions were zeroed after the softmax, so a row no "
                "longer sums to 1; mask the scores with -inf before the softmax.",
            ),
            Hypothesis({"scale": "none"}, f"the scores are not divided by sqrt(d_k): {RULE}."),
            Hypothesis(
                {"scale": "d"}, f"the scores are divided by d_k; divide by its square root: {RULE}."
            ),
            Hypothesis(
                {"axis": "queries"},
                "the softmax runs over the queries t; each query's weights over the keys s "
                "must sum to 1 (the last axis of the scores).",
            ),
        ),
        shape_hint=_shape_hint,
    )
    return run(check, fn)
