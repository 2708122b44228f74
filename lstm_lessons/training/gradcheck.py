"""Checking hand-derived gradients against central differences.

For a scalar function L and one entry x_j of its argument,

    dL/dx_j  ~  (L(x + eps e_j) - L(x - eps e_j)) / (2 eps),

with an error of order eps**2. Comparing the whole numerical gradient with the
analytic one by the relative error

    ||g_analytic - g_numeric|| / (||g_analytic|| + ||g_numeric||)

gives a number near 1e-9 in float64 when the derivation is right, and near 1 when it is not.
"""

import numpy as np

from .._validate import as_float_array
from ..cells._state import detach, map_state, state_leaves


def numerical_gradient(loss_fn, x, eps=1e-6):
    """The central-difference gradient of ``loss_fn()`` with respect to the array ``x``.

    ``x`` is nudged in place, one entry at a time, and always restored, even if
    ``loss_fn`` raises.

    Parameters
    ----------
    loss_fn : callable () -> float
        Recomputes the loss from the current contents of ``x``.
    x : ndarray (float64)
        The array to differentiate with respect to (a parameter, the inputs, a state).
    eps : float
        The step.

    Returns
    -------
    grad : ndarray, same shape as ``x``
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(f"x must be a float64 ndarray (it is nudged in place); got {type(x).__name__}"
                        + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    if not eps > 0:
        raise ValueError(f"eps must be positive; got {eps!r}")
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + eps
            up = float(loss_fn())
            x[idx] = old - eps
            down = float(loss_fn())
        finally:
            x[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """``||a - n|| / (||a|| + ||n||)``, and 0 when both are exactly zero."""
    a, n = as_float_array("analytic", analytic), as_float_array("numeric", numeric)
    if a.shape != n.shape:
        raise ValueError(f"analytic and numeric gradients must have the same shape; got {a.shape} and {n.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - n) / denom)


def state_names(cell):
    """Names of the initial state's arrays, in ``state_leaves`` order: ``["h0"]``, ``["h0", "C0"]``,
    for a ``Stacked`` cell one set per layer, ``["0.h0", "0.C0", "1.h0", "1.C0"]``, and for a
    ``Bidirectional`` one set per direction, ``["fwd.h0", "fwd.C0", "bwd.h0", "bwd.C0"]``."""
    if hasattr(cell, "layers"):
        return [f"{k}.{name}" for k, layer in enumerate(cell.layers) for name in state_names(layer)]
    if hasattr(cell, "directions"):
        return [f"{d}.{name}" for d, c in zip(("fwd", "bwd"), cell.directions, strict=True) for name in state_names(c)]
    return ["h0", "C0"] if cell.has_cell_state else ["h0"]


def check_cell_gradients(cell, xs, state=None, seed=0, eps=1e-6):
    """Compare ``cell.backward`` with central differences for every parameter, the inputs and the initial state.

    The loss is a fixed random projection of every hidden state and of the final state,
    ``L = sum(hs * R) + sum(final_state * S)``, so every path of the network is exercised.
    Any cell with the package's interface works, ``Stacked`` and ``Bidirectional`` ones included.

    Returns
    -------
    errors : dict of str -> float
        Relative error per parameter name, plus ``"xs"`` and one entry per initial-state array
        (``"h0"``, ``"C0"``; ``"0.h0"``, ``"0.C0"``, ... for a stack).
    """
    rng = np.random.default_rng(seed)
    xs = as_float_array("xs", xs).copy()
    batch = xs.shape[1] if xs.ndim == 3 else 1
    state = detach(cell.zero_state(batch) if state is None else state)  # our own arrays, nudged in place
    hs, final = cell.forward(xs, state)
    R = rng.standard_normal(hs.shape)
    S = map_state(lambda f: rng.standard_normal(f.shape), final)

    def loss():
        hs, final = cell.forward(xs, state)
        return np.sum(hs * R) + sum(np.sum(f * s) for f, s in zip(state_leaves(final), state_leaves(S), strict=True))

    grads, dxs = cell.backward(R, S)
    dstate0 = state_leaves(cell.dstate0)
    errors = {name: relative_error(grads[name], numerical_gradient(loss, p, eps)) for name, p in cell.params.items()}
    errors["xs"] = relative_error(dxs, numerical_gradient(loss, xs, eps))
    for name, s, ds in zip(state_names(cell), state_leaves(state), dstate0, strict=True):
        errors[name] = relative_error(ds, numerical_gradient(loss, s, eps))
    return errors
