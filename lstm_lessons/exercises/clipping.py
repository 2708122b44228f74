"""The check for clipping gradients by their global norm (chapter 1's exploding gradients).

||g|| = sqrt(sum over every array and entry of g**2)
if ||g|| > max_norm:  g <- g * max_norm / ||g||      (every array, one factor)
"""

import numpy as np

from ..training.optim import clip_grad_norm, global_norm
from ._checking import Case, Check, Hypothesis, Wrong, run

RULE = "every gradient is scaled by one factor, max_norm / ||g||, when the global norm ||g|| > max_norm"
KEYS = ("W_f", "W_C", "b_f", "b_C")


def _clipped(grads, max_norm, mode="right"):
    """The clipped copies, the right way or with a known mistake."""
    norms = {k: float(np.sqrt(np.sum(g * g))) for k, g in grads.items()}
    total = float(np.sqrt(sum(n * n for n in norms.values())))
    if mode == "by_value":
        return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}
    if mode == "per_array":
        return {
            k: g * (max_norm / norms[k] if norms[k] > max_norm else 1.0) for k, g in grads.items()
        }
    if mode == "none":
        return {k: g.copy() for k, g in grads.items()}
    if mode == "no_sqrt":
        total = total**2
    factor = {
        "right": max_norm / total,
        "no_sqrt": max_norm / total,
        "inverted": total / max_norm,
        "always": max_norm / total,
    }[mode]
    if mode != "always" and total <= max_norm:
        factor = 1.0
    return {k: g * factor for k, g in grads.items()}


def _reference(grads, max_norm):
    """The package's ``clip_grad_norm`` (which clips in place) on a copy."""
    copies = {k: g.copy() for k, g in grads.items()}
    clip_grad_norm(copies, max_norm)
    return tuple(copies[k] for k in KEYS)


def _read(value, after, args):
    """The clipped dict; or, as the package's ``clip_grad_norm`` does, clipped in place and the norm returned."""
    if isinstance(value, (int, float, np.floating)) and not isinstance(value, bool):
        norm = global_norm(args[0])
        if not np.isclose(value, norm, rtol=1e-9):
            raise Wrong(
                f"your function returned the number {value:.6g}. Return the dict of clipped gradients "
                f"(or, as the package's clip_grad_norm does, clip in place and return the norm before "
                f"clipping, here {norm:.6g})."
            )
        return tuple(after[0][k] for k in KEYS)  # the package's form: clipped in place
    if value is None:
        raise Wrong(
            "your function returned None; return the dict of clipped gradients "
            "(`return grads` if you scaled them in place)."
        )
    if not isinstance(value, dict):
        raise Wrong(
            f"expected a dict of clipped gradients, with the keys of grads; got {type(value).__name__}."
        )
    missing = [k for k in KEYS if k not in value]
    if missing:
        raise Wrong(
            f"the returned dict is missing {', '.join(map(repr, missing))}; it needs every key of grads."
        )
    return tuple(value[k] for k in KEYS)


def _cases():
    cases = []
    for k, (H, D, scale, max_norm) in enumerate(
        [(2, 1, 1.0, 1.0), (3, 2, 2.0, 5.0), (4, 3, 0.1, 5.0), (3, 2, 0.5, 1.0), (2, 2, 3.0, 0.5)]
    ):
        rng = np.random.default_rng(4000 + k)
        shapes = {"W_f": (H, H + D), "W_C": (H, H + D), "b_f": (H,), "b_C": (H,)}
        grads = {key: scale * rng.normal(size=s) for key, s in shapes.items()}
        grads["W_C"] *= 4  # arrays of different norms, so one factor and one per array differ
        n = global_norm(grads)
        what = "clipped" if n > max_norm else "unchanged"
        cases.append(
            Case(f"global norm {n:.3g}, max_norm={max_norm:g}: {what}", (grads, max_norm), {})
        )
    return cases


def check_clip_grad_norm(fn):
    """Check ``fn(grads, max_norm) -> the clipped dict`` (clipping by the global norm).

    Gradients whose global norm is at most ``max_norm`` pass unchanged; otherwise every array is
    scaled by ``max_norm / ||g||``. The package's form, clipping in place and returning the
    norm before clipping (``lstm_lessons.training.optim.clip_grad_norm``), is accepted too.
    Prints a verdict and returns True or False.
    """
    cases = _cases()
    check = Check(
        name="check_clip_grad_norm",
        signature="fn(grads, max_norm) -> dict of clipped gradients",
        arg_names=("grads", "max_norm"),
        outputs={f"clipped[{k!r}]": () for k in KEYS},
        cases=cases,
        reference=_reference,
        read=_read,
        variant=lambda grads, max_norm, mode="right": tuple(
            _clipped(grads, max_norm, mode)[k] for k in KEYS
        ),
        hypotheses=(
            Hypothesis(
                {"mode": "per_array"},
                f"each array was scaled by its own norm; {RULE}, the norm of all arrays together.",
            ),
            Hypothesis(
                {"mode": "by_value"},
                f"this clips each entry to [-max_norm, max_norm] (clipping by value); {RULE}.",
            ),
            Hypothesis(
                {"mode": "always"},
                f"gradients whose global norm is below max_norm must pass unchanged; {RULE}.",
            ),
            Hypothesis(
                {"mode": "inverted"},
                "the factor is upside down: multiply by max_norm / ||g||, not ||g|| / max_norm.",
            ),
            Hypothesis({"mode": "none"}, f"nothing was clipped; {RULE}."),
            Hypothesis(
                {"mode": "no_sqrt"},
                "the global norm is the square root of the sum of squares; yours has no square root.",
            ),
        ),
    )
    return run(check, fn)
