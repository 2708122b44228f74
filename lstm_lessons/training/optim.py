"""Optimisers and gradient clipping. They update parameter arrays in place.

Parameters and gradients are dicts with the same keys. In place matters: a cell's
``params`` dict keeps pointing at the very arrays the optimiser changes.

    SGD (momentum m):  v <- m v + g;            p <- p - lr v
    Adam:              m <- b1 m + (1-b1) g;     v <- b2 v + (1-b2) g**2
                       p <- p - lr (m / (1-b1**t)) / (sqrt(v / (1-b2**t)) + eps)
"""

import numpy as np


def _check_keys(params, grads):
    if set(params) != set(grads):
        raise ValueError(f"grads must have the same keys as params; "
                         f"params has {sorted(params)}, grads has {sorted(grads)}")  # fmt: skip
    for k in params:
        if np.shape(grads[k]) != np.shape(params[k]):
            raise ValueError(f"grads[{k!r}] must have shape {np.shape(params[k])}; got {np.shape(grads[k])}")


def _check_lr(lr):
    if not (isinstance(lr, (int, float)) and lr > 0):
        raise ValueError(f"lr must be a positive number; got {lr!r}")
    return float(lr)


class SGD:
    """Stochastic gradient descent, optionally with momentum."""

    def __init__(self, lr=0.1, momentum=0.0):
        self.lr, self.momentum = _check_lr(lr), float(momentum)
        self.velocity = {}

    def step(self, params, grads):
        _check_keys(params, grads)
        for k, p in params.items():
            v = self.velocity.setdefault(k, np.zeros_like(p))
            v *= self.momentum
            v += grads[k]
            p -= self.lr * v


class Adam:
    """Adam (Kingma & Ba 2015) with bias correction."""

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = _check_lr(lr), beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def step(self, params, grads):
        _check_keys(params, grads)
        self.t += 1
        c1, c2 = 1.0 - self.beta1**self.t, 1.0 - self.beta2**self.t
        for k, p in params.items():
            g = grads[k]
            m = self.m.setdefault(k, np.zeros_like(p))
            v = self.v.setdefault(k, np.zeros_like(p))
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g * g
            p -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


def global_norm(grads):
    """The L2 norm of all gradients together, as if they were one long vector."""
    return float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))


def clip_grad_norm(grads, max_norm):
    """Scale every gradient by one factor so that their global L2 norm is at most ``max_norm``.

    Returns the norm before clipping. The gradients are scaled in place.
    """
    if not max_norm > 0:
        raise ValueError(f"max_norm must be positive; got {max_norm!r}")
    total = global_norm(grads)
    if total > max_norm:
        for g in grads.values():
            g *= max_norm / total
    return total
