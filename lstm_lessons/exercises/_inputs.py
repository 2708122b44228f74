"""The checks' inputs: one fixed small case, then seeded random ones.

Every shape has batch, input and hidden all different, and every parameter (biases
and peepholes too) is nonzero, so no mistake can hide behind a zero or a square matrix.
"""

import numpy as np

from ._checking import Case

SHAPES = [
    (2, 3, 4),
    (3, 5, 2),
    (4, 2, 3),
    (5, 4, 6),
]  # (batch, input, hidden); the first is the fixed case


def label(B, D, H, fixed=False):
    return ("fixed: " if fixed else "") + f"batch={B}, input={D}, hidden={H}"


def fill(shape, rng, k=0, scale=1.0):
    """Fixed values (``rng`` None: a smooth deterministic pattern) or seeded normal ones."""
    if rng is None:
        n = int(np.prod(shape))
        v = np.round(np.sin(1.7 * np.arange(n) + 0.9 * k + 0.3), 2)
        return scale * np.where(v == 0, 0.1, v).reshape(shape)
    return rng.normal(scale=scale, size=shape)


def make_params(cell_cls, D, H, rng, **kwargs):
    """The parameter dict of ``cell_cls(D, H)`` (its names and shapes), every entry nonzero."""
    names = cell_cls(D, H, **kwargs).params
    return {name: fill(p.shape, rng, k, scale=0.7) for k, (name, p) in enumerate(names.items())}


def step_cases(cell_cls, n_states, extra=0, **kwargs):
    """Cases ``(params, x_t, h_prev[, C_prev][, extra arrays of shape (batch, hidden)])``."""
    cases = []
    for k, (B, D, H) in enumerate(SHAPES):
        rng = None if k == 0 else np.random.default_rng(1000 + k)
        params = make_params(cell_cls, D, H, rng, **kwargs)
        x = fill((B, D), rng, 11)
        states = [fill((B, H), rng, 12 + j) for j in range(n_states + extra)]
        cases.append(
            Case(
                label(B, D, H, fixed=k == 0),
                (params, x, *states),
                {"batch": B, "input": D, "hidden": H},
            )
        )
    return cases


def gate_values(shape, rng, k=0):
    """Values in (0, 1), as gates have: fixed or seeded, away from 0 and 1."""
    if rng is None:
        n = int(np.prod(shape))
        return np.round(0.5 + 0.4 * np.sin(2.3 * np.arange(n) + k), 2).reshape(shape)
    return rng.uniform(0.05, 0.95, size=shape)
