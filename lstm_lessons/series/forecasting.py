"""Forecasters on one ``series.ForecastData``, from the naive to the trained, and their errors.

Every forecaster maps windows ``xs`` of shape ``(L, n, 1)`` (normalised) to forecasts of shape
``(n, K)``: the next ``K`` values, all at once (direct multi-step forecasting).

* ``persistence``: ``yhat_{t+k} = y_t``, the last value, for every k;
* ``seasonal_naive``: ``yhat_{t+k} = y_{t+k-P}``, the value one period ``P`` earlier;
* ``LinearAR``: ``yhat = W x + b`` over the window, one row of ``W`` per step ahead, fitted in
  closed form (ridge regression), its penalty chosen on the validation part;
* networks (a ``training.SequenceModel`` or an ``attention.CausalSelfAttention``) trained by
  ``fit``: Adam and global-norm clipping from ``optim``, the MSE of ``losses``, minibatches of
  training windows, and the parameters of the epoch with the lowest validation error kept.

``rmse`` scores forecasts in the series' own units, per step ahead.
"""

import time
from dataclasses import dataclass

import numpy as np

from .._validate import check_seed, check_size
from ..training.model import History
from ..training.optim import Adam, clip_grad_norm
from .data import ForecastData


@dataclass
class FitHistory(History):
    """``training.History`` plus the update count of the epoch whose parameters ``fit`` kept."""

    best_step: int = None


def _check_data(data):
    if not isinstance(data, ForecastData):
        raise TypeError(
            f"data must be a ForecastData from series.make_splits; got {type(data).__name__}"
        )
    return data


def persistence(xs, horizon):
    """The last value of each window, repeated: ``(n, K)``."""
    return np.repeat(xs[-1, :, :1], check_size("horizon", horizon), axis=1)


def seasonal_naive(xs, horizon, period):
    """``yhat_{t+k} = y_{t+k-P}``: the value one period earlier. Needs ``K <= P <= L``."""
    L, K, P = xs.shape[0], check_size("horizon", horizon), check_size("period", period)
    if not K <= P <= L:
        raise ValueError(f"seasonal naive needs horizon <= period <= window; got {K}, {P}, {L}")
    return xs[L - 1 - P + np.arange(1, K + 1), :, 0].T  # window index L-1 is y_t


class LinearAR:
    """A linear autoregression from the whole window to every step ahead: ``yhat = W x + b``.

    ``W`` has shape ``(K, L)``: row k weighs the window's values to forecast ``y_{t+k+1}``.
    Fitted by ridge regression in closed form, the bias not penalised:

        [W | b] = Y^T X1 (X1^T X1 + lam * I0)^{-1},   X1 = [X, 1],  I0 = diag(1, ..., 1, 0)

    A one-layer linear forecaster of the kind Zeng et al. (2023) compare with Transformers.
    Their DLinear first splits the window into a moving average and the rest, and gives each a
    linear layer; the sum is again a linear map of the window, so this least-squares fit
    ranges over every map DLinear can express.
    """

    def __init__(self, lam=0.0):
        if not lam >= 0:
            raise ValueError(f"lam must be a ridge penalty >= 0; got {lam!r}")
        self.lam, self.W, self.b = float(lam), None, None

    def fit(self, xs, y):
        X = xs[:, :, 0].T  # (n, L)
        X1 = np.column_stack([X, np.ones(len(X))])  # (n, L+1)
        I0 = np.eye(X1.shape[1])
        I0[-1, -1] = 0.0  # no penalty on the bias
        Wb = np.linalg.solve(X1.T @ X1 + self.lam * I0, X1.T @ y).T  # (K, L+1)
        self.W, self.b = Wb[:, :-1], Wb[:, -1]
        return self

    def predict(self, xs):
        if self.W is None:
            raise ValueError("LinearAR.predict() needs fit() first")
        return xs[:, :, 0].T @ self.W.T + self.b  # (n, K)

    @property
    def n_params(self):
        return int(self.W.size + self.b.size)


def fit_linear_ar(data, lams=(0.0, 0.1, 1.0, 10.0, 100.0)):
    """``LinearAR`` fitted on the training windows, with the penalty of lowest validation MSE."""
    data = _check_data(data)
    models = [LinearAR(lam).fit(data.train.xs, data.train.y) for lam in lams]
    val = [np.mean((m.predict(data.val.xs) - data.val.y) ** 2) for m in models]
    return models[int(np.argmin(val))]


def rmse(data, split, forecast):
    """Root mean squared error per step ahead, in the series' units: shape (K,).

    ``forecast`` is normalised, ``(n, K)``, for the windows of ``split``.
    """
    err = _check_data(data).scaler.inverse(forecast) - data.targets(split)  # (n, K)
    return np.sqrt(np.mean(err**2, axis=0))


def fit(model, data, *, epochs=100, batch_size=32, lr=1e-2, clip=1.0, seed=0):
    """Train a network on ``data.train``; keep the parameters of its best validation epoch.

    Parameters
    ----------
    model : anything with ``params``, ``predict(xs)`` and ``loss_and_grads(xs, y)``
        ``training.SequenceModel(LSTMCell(1, H), K)`` or ``attention.CausalSelfAttention``.
    data : ForecastData
    epochs : int
        Passes over the training windows, each in shuffled minibatches.
    seed : int
        Seeds the shuffling (the model's own seed sets its initial weights).

    Returns
    -------
    FitHistory
        ``step`` (updates), ``train_loss`` and ``val_loss`` (normalised MSE) after every epoch,
        ``best_step`` the update count of the epoch kept, ``seconds`` the CPU time of training.
    """
    data, epochs, batch_size = (
        _check_data(data),
        check_size("epochs", epochs),
        check_size("batch_size", batch_size),
    )
    rng, opt = np.random.default_rng([check_seed(seed), 2]), Adam(lr)
    params, tr, history = model.params, data.train, FitHistory()
    best, best_val, step, start = None, np.inf, 0, time.process_time()
    for _ in range(epochs):
        order, losses, norms = rng.permutation(tr.n), [], []
        for i in range(0, tr.n, batch_size):
            idx = order[i : i + batch_size]
            value, grads = model.loss_and_grads(tr.xs[:, idx], tr.y[idx])
            norms.append(clip_grad_norm(grads, clip))
            opt.step(params, grads)
            losses.append(value)
            step += 1
        val = float(np.mean((model.predict(data.val.xs) - data.val.y) ** 2))
        history.record(step, np.mean(losses), val, np.nan, np.mean(norms))
        if val < best_val:
            best_val, history.best_step = val, step
            best = {k: v.copy() for k, v in params.items()}
    for k, v in best.items():
        params[k][...] = v  # in place: the model keeps pointing at the same arrays
    history.seconds = time.process_time() - start
    return history
