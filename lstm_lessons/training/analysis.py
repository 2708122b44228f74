"""Measurements the book makes more than once: how far gradients reach, how long memories last.

* :func:`gradient_norms_through_time` runs a cell forward and backward on one loss at
  the last step and reads ``||dL/dh_k||`` (or ``||dL/dC_k||``) at every distance back.
* :func:`spectral_radius` and :func:`spectral_norm` are the two sizes of a square matrix the
  book compares: the largest ``|eigenvalue|`` and the largest stretch ``||W v|| / ||v||``.
* :func:`set_spectral_radius` rescales an RNN's recurrent block ``W_hh``, the matrix whose
  repeated product decides whether gradients vanish or explode (Bengio et al. 1994).
* :func:`belt_gradients` is the gradient along the LSTM's cell state with every other path
  cut: a product of forget gates.
* :func:`memory_half_life` is how long a constant forget gate keeps half a memory.
* :func:`long_lag_sweep` trains one model per lag and seed and returns the accuracies.

Nothing here draws; the chapters' figure modules do.
"""

import numbers

import numpy as np

from .._validate import as_float_array, check_seed, check_size, check_unit_interval
from ..cells.cell import RecurrentCell
from ..cells.rnn import RNNCell

__all__ = [
    "belt_gradients",
    "gradient_norms_through_time",
    "long_lag_sweep",
    "memory_half_life",
    "set_spectral_radius",
    "spectral_norm",
    "spectral_radius",
]


def memory_half_life(f):
    """Steps until a memory kept by a constant forget gate halves: ``ln(1/2) / ln(f)``.

    With ``C_t = f**t * C_0``; ``inf`` for ``f = 1`` (nothing is forgotten), 0 for ``f = 0``.
    """
    f = check_unit_interval("f", f)
    with np.errstate(divide="ignore"):
        return np.where(f >= 1, np.inf, np.log(0.5) / np.log(np.where(f >= 1, 0.5, f)))[()]


def spectral_radius(W):
    """The largest ``|eigenvalue|`` of a square matrix ``W``."""
    W = as_float_array("W", W)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be a square matrix; got shape {W.shape}")
    return float(np.max(np.abs(np.linalg.eigvals(W))))


def spectral_norm(W):
    """The most ``W`` stretches any vector: ``max ||W v|| / ||v||``, its largest singular value.

    Always at least :func:`spectral_radius`: an eigenvector ``v`` is stretched by ``|lambda|``.
    """
    W = as_float_array("W", W)
    if W.ndim != 2:
        raise ValueError(f"W must be a matrix (2-D); got shape {W.shape}")
    return float(np.linalg.norm(W, 2))


def set_spectral_radius(cell, radius):
    """Rescale the recurrent block ``W_hh = W_h[:, :H]`` of an ``RNNCell`` in place.

    The input columns and the bias are left alone. Returns the cell, so
    ``set_spectral_radius(RNNCell(1, 32), 0.9)`` reads as one expression.
    """
    if not isinstance(cell, RNNCell):
        raise ValueError(f"set_spectral_radius needs an RNNCell; got {type(cell).__name__}")
    if (
        isinstance(radius, bool)
        or not isinstance(radius, numbers.Real)
        or not radius >= 0
        or not np.isfinite(radius)
    ):
        raise ValueError(f"radius must be a finite number >= 0; got {radius!r}")
    H = cell.hidden_size
    W_hh = cell.params["W_h"][:, :H]  # (H, H), a view: edited in place
    now = spectral_radius(W_hh)
    if now == 0:
        raise ValueError("W_hh is all zeros: it has no direction to rescale")
    W_hh *= radius / now
    return cell


def gradient_norms_through_time(cell, xs, state=None, which="h", seed=0):
    """``||dL/dh_k||`` for every step ``k``, by the distance back from a loss at the last step.

    The loss is ``L = u . h_T`` for a fixed random unit vector ``u`` (one per sequence), so
    the gradient at the last step has norm exactly 1 and every later number says how much
    of it survives the trip back. Backpropagation is ``cell.backward``; the numbers are read
    from ``cell.state_grads``.

    Parameters
    ----------
    cell : RecurrentCell
    xs : array, shape (T, batch, input_size)
    state : optional initial state (zeros by default)
    which : {"h", "C"}
        ``"C"`` reads ``||dL/dC_k||`` along the cell state (LSTM family only).
    seed : int
        Seeds the direction ``u``.

    Returns
    -------
    norms : ndarray, shape (T,)
        ``norms[d]`` is the norm at step ``T - 1 - d``, averaged over the batch; ``norms[0]`` is
        1 for ``which="h"``.
    """
    if not isinstance(cell, RecurrentCell):
        raise ValueError(
            "cell must be one of the package's cells (RNNCell, LSTMCell, ...); "
            f"got {type(cell).__name__}"
        )
    if which not in ("h", "C"):
        raise ValueError(f"which must be 'h' or 'C'; got {which!r}")
    if which == "C" and not cell.has_cell_state:
        raise ValueError(
            "which='C' needs a cell with a cell state (the LSTM family); "
            f"{type(cell).__name__} has only h"
        )
    hs, _ = cell.forward(xs, state)  # (T, B, H)
    u = np.random.default_rng(check_seed(seed)).standard_normal(hs.shape[1:])  # (B, H)
    dhs = np.zeros_like(hs)
    dhs[-1] = u / np.linalg.norm(u, axis=1, keepdims=True)  # dL/dh_T: unit length
    cell.backward(dhs)
    g = cell.state_grads[which]  # (T, B, H)
    return np.linalg.norm(g, axis=2).mean(axis=1)[::-1].copy()  # (T,), distance 0 first


def belt_gradients(f):
    """The gradient along the cell state alone: ``dC_T/dC_{T-d} = f_T * f_{T-1} * ... * f_{T-d+1}``.

    Parameters
    ----------
    f : array, shape (T, ...) of forget-gate values in [0, 1]

    Returns
    -------
    products : ndarray, shape (T + 1, ...)
        ``products[d]`` multiplies the last ``d`` forget gates; ``products[0] = 1`` and
        ``products[T]`` is ``dC_T/dC_0`` with ``C_0`` the initial state.
    """
    f = as_float_array("f", f)
    if f.ndim == 0 or f.shape[0] == 0 or not np.all((f >= 0) & (f <= 1)):
        raise ValueError(
            "f must be forget-gate values in [0, 1] with time first, shape (T, ...); "
            f"got shape {f.shape}"
        )
    ones = np.ones((1,) + f.shape[1:])
    return np.concatenate([ones, np.cumprod(f[::-1], axis=0)])


def long_lag_sweep(make_model, make_task, lags, seeds=(0,), progress=None, **train_kwargs):
    """Train one model per lag and seed; return the final validation accuracies.

    Parameters
    ----------
    make_model : callable (task, seed) -> SequenceModel
    make_task : callable (lag) -> task, e.g. ``lambda lag: FirstSymbol(T=lag)``
    lags : sequence of int
    seeds : sequence of int
    progress : bool or None
        A progress bar over the runs: ``None`` shows one only in a live Jupyter kernel, not
        while the book is built or nbval runs (see ``lstm_lessons.training.progress``).
    **train_kwargs
        Passed to ``lstm_lessons.training.train`` (``steps``, ``lr``, ``optimizer``, ...).

    Returns
    -------
    accuracy : ndarray, shape (len(lags), len(seeds))
    """
    from .model import train  # training imports optimisers etc.; only needed here
    from .progress import progress_bar

    lags = [check_size("lag", lag) for lag in lags]
    seeds = [check_seed(s) for s in seeds]
    if not lags or not seeds:
        raise ValueError("lags and seeds must each name at least one value")
    accuracy = np.empty((len(lags), len(seeds)))
    with progress_bar(len(lags) * len(seeds), "training runs", progress, unit="run") as bar:
        for a, lag in enumerate(lags):
            task = make_task(lag)
            if getattr(task, "loss", None) != "xent":
                raise ValueError(
                    "long_lag_sweep measures accuracy, so the task must be a classification "
                    f"(loss 'xent'); got {task!r}"
                )
            for b, seed in enumerate(seeds):
                model = make_model(task, seed)
                history = train(model, task, seed=seed, progress=False, **train_kwargs)
                accuracy[a, b] = history.val_accuracy[-1]
                bar.update()
    return accuracy
