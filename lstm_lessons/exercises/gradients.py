"""The check for the gradient along the cell state (chapter 2): a product of forget gates.

dC_T/dC_0 = f_1 * f_2 * ... * f_T      (elementwise; the path through C alone)
"""

import numpy as np

from ..training.analysis import belt_gradients
from ._checking import Case, Check, Hypothesis, one_array, run
from ._inputs import gate_values

_PROD = "dC_T/dC_0 = f_1 * f_2 * ... * f_T"
_GRAD_FORMS = {
    "sum": (
        lambda fs: fs.sum(0),
        f"you added the forget gates; along the cell state they multiply: {_PROD}.",
    ),
    "drop_first": (
        lambda fs: fs[1:].prod(0),
        f"f_1 (fs[0]) is left out: the product has all T gates, {_PROD}.",
    ),
    "drop_last": (
        lambda fs: fs[:-1].prod(0),
        f"f_T (fs[-1]) is left out: the product has all T gates, {_PROD}.",
    ),
    "one_minus": (
        lambda fs: (1 - fs).prod(0),
        f"you multiplied 1 - f_t; dC_t/dC_{{t-1}} = f_t, the fraction kept: {_PROD}.",
    ),
    "mean": (
        lambda fs: fs.mean(0),
        f"you averaged the forget gates; along the cell state they multiply: {_PROD}.",
    ),
    "last_only": (
        lambda fs: fs[-1],
        f"only f_T is there; the gradient multiplies all T gates: {_PROD}.",
    ),
    "first_only": (
        lambda fs: fs[0],
        f"only f_1 is there; the gradient multiplies all T gates: {_PROD}.",
    ),
}


def check_cell_state_gradient(fn):
    """Check ``fn(fs) -> dC_T/dC_0`` along the cell state, with ``fs`` the forget gates f_1..f_T.

    ``fs`` has shape (T, batch, hidden); the answer, the product ``f_1 * ... * f_T``,
    has shape (batch, hidden). Prints a verdict; returns True or False.
    """
    cases = []
    for k, (T, B, H) in enumerate([(4, 2, 3), (3, 3, 2), (6, 2, 5), (5, 4, 3)]):
        rng = None if k == 0 else np.random.default_rng(3000 + k)
        cases.append(
            Case(
                ("fixed: " if k == 0 else "") + f"T={T}, batch={B}, hidden={H}",
                (gate_values((T, B, H), rng, k),),
                {"T": T, "batch": B, "hidden": H},
            )
        )

    def shape_hint(name, got, want):
        if len(got) == 3:
            return (
                "You returned one array per step; return only the full product over t = 1..T, "
                "shape (batch, hidden)."
            )
        return "The product runs over time, axis 0 of fs: np.prod(fs, axis=0)."

    check = Check(
        name="check_cell_state_gradient",
        signature="fn(fs) -> dC_T/dC_0",
        arg_names=("fs",),
        outputs={"dC_T/dC_0": ("batch", "hidden")},
        cases=cases,
        reference=lambda fs: (belt_gradients(fs)[-1],),
        read=one_array("dC_T/dC_0"),
        variant=lambda fs, form=None: (
            np.prod(fs, axis=0) if form is None else _GRAD_FORMS[form][0](fs),
        ),
        hypotheses=tuple(Hypothesis({"form": k}, msg) for k, (_, msg) in _GRAD_FORMS.items()),
        shape_hint=shape_hint,
    )
    return run(check, fn)
