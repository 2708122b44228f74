"""The two squashing functions of every recurrent cell, and their derivatives.

The derivatives are written in terms of the function's *output*, because the
backward pass keeps the outputs of the forward pass and reuses them:

    sigmoid'(a) = s * (1 - s)        where s = sigmoid(a)
    tanh'(a)    = 1 - t**2           where t = tanh(a)
"""

import numpy as np


def sigmoid(a, out=None):
    """The logistic function, 1 / (1 + exp(-a)), squashing into (0, 1).

    For very negative ``a`` (below about -709), ``exp(-a)`` overflows to inf and the
    result is exactly 0, which is the right answer; the overflow warning is silenced.

    Parameters
    ----------
    a : array_like
        Pre-activations, any shape.
    out : ndarray, optional
        Where to write the result (may be ``a`` itself, to work in place).

    Returns
    -------
    s : ndarray, same shape as ``a``, values in [0, 1]
    """
    if out is None:
        out = np.array(a, dtype=np.float64)  # a copy; 0-d for a scalar
        scalar = out.ndim == 0
    else:
        scalar = False
    with np.errstate(over="ignore", under="ignore"):
        np.negative(a, out=out)
        np.exp(out, out=out)
    out += 1.0
    np.divide(1.0, out, out=out)
    return out[()] if scalar else out


def sigmoid_of_negated(neg_a):
    """Overwrite ``neg_a``, which holds ``-a``, with ``sigmoid(a)``, the same numbers as ``sigmoid``.

    For the fused kernels, which fold the minus sign into their weights (negation is exact) and
    save one pass over the gates. Call it inside ``np.errstate(over="ignore", under="ignore")``, as
    ``sigmoid`` does: ``exp`` overflows to inf for ``a`` below about -709, and the result is 0.
    """
    np.exp(neg_a, out=neg_a)
    neg_a += 1.0
    np.divide(1.0, neg_a, out=neg_a)
    return neg_a


def tanh(a, out=None):
    """The hyperbolic tangent, squashing into (-1, 1)."""
    return np.tanh(a, out=out)


def sigmoid_grad_from_output(s):
    """d sigmoid / d a, given the output ``s = sigmoid(a)``: ``s * (1 - s)``."""
    return s * (1.0 - s)


def tanh_grad_from_output(t):
    """d tanh / d a, given the output ``t = tanh(a)``: ``1 - t**2``."""
    return 1.0 - t * t
