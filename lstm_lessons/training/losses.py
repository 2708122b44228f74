"""Losses, each returning the loss and its gradient with respect to the prediction.

    mse:            L = mean((y_hat - y)**2)                 dL/dy_hat = 2 (y_hat - y) / N
    cross-entropy:  L = -mean(log softmax(logits)[label])    dL/dlogits = (softmax - onehot) / B
"""

import numpy as np

from .._validate import as_float_array, check_finite


def mse(y_hat, y):
    """Mean squared error over every entry. Returns ``(loss, dL/dy_hat)``."""
    y_hat, y = as_float_array("y_hat", y_hat), as_float_array("y", y)
    if y_hat.shape != y.shape:
        raise ValueError(f"y_hat and y must have the same shape; got {y_hat.shape} and {y.shape}")
    check_finite("y_hat", y_hat)
    diff = y_hat - y
    return float(np.mean(diff**2)), 2.0 * diff / diff.size


def softmax(logits):
    """Row-wise softmax, shifted by the row maximum so that exp never overflows."""
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy of integer ``labels`` (batch,) under ``logits`` (batch, classes).

    Returns ``(loss, dL/dlogits)``.
    """
    logits = check_finite("logits", as_float_array("logits", logits))
    labels = np.asarray(labels)
    if logits.ndim != 2:
        raise ValueError(f"logits must have shape (batch, classes); got {logits.shape}")
    B, K = logits.shape
    if labels.shape != (B,) or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be integers of shape ({B},); got {labels.dtype} of shape {labels.shape}")
    if labels.min() < 0 or labels.max() >= K:
        raise ValueError(f"labels must lie in 0..{K - 1}; got values from {labels.min()} to {labels.max()}")
    rows = np.arange(B)
    shifted = logits - logits.max(axis=-1, keepdims=True)  # (B, K)
    dlogits = np.exp(shifted)  # becomes softmax, then dL/dlogits, in place
    total = dlogits.sum(axis=-1, keepdims=True)
    loss = -np.mean(shifted[rows, labels] - np.log(total[:, 0]))  # log-softmax of the labels: finite where p underflows
    dlogits /= total  # softmax(logits), as ``softmax`` computes it
    dlogits[rows, labels] -= 1.0
    dlogits /= B
    return float(loss), dlogits
