"""The two squashing functions of every recurrent cell, and their derivatives.

The derivatives are written in terms of the function's *output*, because the
backward pass keeps the outputs of the forward pass and reuses them:

    sigmoid'(a) = s * (1 - s)        where s = sigmoid(a)
    tanh'(a)    = 1 - t**2           where t = tanh(a)
"""

import numpy as np


def sigmoid(a, out=None):
    """The logistic function, 1 / (1 + exp(-a)), squashing into (0, 1).

    Computed as ``0.5 * (1 + tanh(a / 2))``, which is the same function but never
    overflows, even for ``a = -1000``.

    Parameters
    ----------
    a : array_like
        Pre-activations, any shape.
    out : ndarray, optional
        Where to write the result (may be ``a`` itself, to work in place).

    Returns
    -------
    s : ndarray, same shape as ``a``, values in (0, 1)
    """
    if out is None:  # a new array (or a NumPy scalar, for a scalar a)
        return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(a, dtype=np.float64)))
    np.multiply(a, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def tanh(a, out=None):
    """The hyperbolic tangent, squashing into (-1, 1)."""
    return np.tanh(a, out=out)


def sigmoid_grad_from_output(s):
    """d sigmoid / d a, given the output ``s = sigmoid(a)``: ``s * (1 - s)``."""
    return s * (1.0 - s)


def tanh_grad_from_output(t):
    """d tanh / d a, given the output ``t = tanh(a)``: ``1 - t**2``."""
    return 1.0 - t * t
