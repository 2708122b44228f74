"""The check for a bidirectional layer (chapter 14), built from two cells:

    h->_t = forward cell over x_1 .. x_T
    h<-_t = backward cell over x_T .. x_1, its outputs put back in time order
    h_t   = [h->_t, h<-_t]                     (T, batch, H_fwd + H_bwd)
"""

import numpy as np

from ..cells.bidirectional import Bidirectional
from ..cells.gru import GRUCell
from ..cells.lstm import LSTMCell
from ._checking import Case, Check, Hypothesis, one_array, run

RULE = "hs[t] = [h->_t, h<-_t], with h<-_t from the backward cell run over xs[::-1] and its outputs reversed back"


def _cells(kind, D, H, seed):
    make = {"lstm": LSTMCell, "gru": lambda D, H, seed: GRUCell(D, H, seed=seed, reset_after=True)}[kind]
    cells = (make(D, H, seed=seed), make(D, H, seed=seed + 1))
    rng = np.random.default_rng(7000 + seed)
    for c in cells:  # every weight and bias nonzero, the two directions different
        for p in c.params.values():
            p[...] = rng.normal(scale=0.7, size=p.shape)
    return cells


def _cases():
    # kind, T, B, D, H
    settings = [("lstm", 4, 2, 3, 5), ("lstm", 6, 3, 2, 4), ("gru", 5, 1, 4, 3), ("lstm", 1, 2, 3, 2)]
    cases = []
    for k, (kind, T, B, D, H) in enumerate(settings):
        fwd, bwd = _cells(kind, D, H, seed=10 * k)
        xs = np.random.default_rng(8000 + k).normal(size=(T, B, D))
        label = f"two {kind.upper()}Cells, T={T}, batch={B}, input={D}, hidden={H} per direction"
        cases.append(Case(label, (fwd, bwd, xs), {"T": T, "batch": B, "hidden": 2 * H}))
    return cases


def _variant(forward_cell, backward_cell, xs, *, reverse_input=True, reverse_output=True, order="fb"):
    hs_fwd, _ = forward_cell.forward(xs)  # (T, B, H)
    hs_bwd, _ = backward_cell.forward(xs[::-1] if reverse_input else xs)  # (T, B, H)
    if reverse_output:
        hs_bwd = hs_bwd[::-1]
    halves = [hs_fwd, hs_bwd] if order == "fb" else [hs_bwd, hs_fwd]
    return (np.concatenate(halves, axis=-1),)


def _shape_hint(name, got, want):
    T, B, H2 = want
    if tuple(got) == (T, B, H2 // 2):
        return ("That is the width of one direction: did you add the two directions, or keep one? "
                "Concatenate them along the last axis, np.concatenate([hs_fwd, hs_bwd], axis=-1).")  # fmt: skip
    if tuple(got) in ((2 * T, B, H2 // 2), (T, 2 * B, H2 // 2)):
        return "The two directions were joined along time or batch; join them along the last axis (the features)."
    if tuple(got) == (2, T, B, H2 // 2):
        return "That is np.stack; join the two directions with np.concatenate along the last axis."
    return None


def _localize(bad):
    return "Compare the two halves of hs[t] with what each cell gives on its own: hs[..., :H] and hs[..., H:]."


def check_bidirectional(fn):
    """Check ``fn(forward_cell, backward_cell, xs) -> hs``, one bidirectional layer built from two cells.

    ``xs`` has shape (T, batch, input); each cell's ``forward(xs)`` returns ``(hs, final_state)`` with
    ``hs`` of shape (T, batch, H). The answer is ``hs`` of shape (T, batch, 2H), as
    ``Bidirectional(forward_cell, backward_cell).forward(xs)[0]``. Prints a verdict; returns True or False.
    """
    check = Check(
        name="check_bidirectional",
        signature="fn(forward_cell, backward_cell, xs) -> hs",
        arg_names=("forward_cell", "backward_cell", "xs"),
        outputs={"hs": ("T", "batch", "2 * hidden")},
        cases=_cases(),
        reference=lambda f, b, xs: (Bidirectional(f, b).forward(xs)[0],),
        read=one_array("hs"),
        variant=_variant,
        hypotheses=(
            Hypothesis({"reverse_input": False, "reverse_output": False},
                       f"the backward cell read the sequence forwards, so it is a second forward cell: "
                       f"run it on xs[::-1] and reverse its outputs back. {RULE}."),
            Hypothesis({"reverse_input": False},
                       f"the backward cell read xs from the start; it must read it from the end, xs[::-1]. {RULE}."),
            Hypothesis({"reverse_output": False},
                       "the backward cell's outputs are still in its own order: its first output belongs to the "
                       "last step, x_T. Reverse them back, hs_bwd[::-1], so that h<-_t sits next to h->_t."),
            Hypothesis({"order": "bf"},
                       "the two halves are swapped: the forward cell's comes first, hs[t] = [h->_t, h<-_t]."),
        ),  # fmt: skip
        shape_hint=_shape_hint,
        localize=_localize,
    )
    return run(check, fn)
