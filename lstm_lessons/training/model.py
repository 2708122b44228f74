"""Training a recurrent cell with a linear readout on a sequence task.

The model reads the whole sequence and predicts from the last hidden state:

    y_hat = W @ h_T + b           (Readout, W of shape (output, hidden))

``train`` samples fresh batches from a seeded generator, computes the loss and its
gradient, backpropagates through the readout and through time, clips the global
gradient norm, and takes an optimiser step. Given its seed it is deterministic.
"""

import time
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from .._validate import check_array, check_seed, check_size
from .losses import mse, softmax_cross_entropy
from .optim import SGD, Adam, clip_grad_norm, global_norm
from .progress import progress_bar, show_progress

LOSSES = {"mse": mse, "xent": softmax_cross_entropy}


class Readout:
    """A linear layer from the last hidden state to the output: ``y_hat = h @ W.T + b``."""

    def __init__(self, hidden_size, output_size, seed=0):
        H, K = check_size("hidden_size", hidden_size), check_size("output_size", output_size)
        rng = np.random.default_rng(check_seed(seed))
        k = 1.0 / np.sqrt(H)
        self.params = {"W": rng.uniform(-k, k, size=(K, H)), "b": np.zeros(K)}
        self._h = None

    def forward(self, h):
        """``h`` (batch, hidden) -> ``y_hat`` (batch, output)."""
        self._h = h
        y_hat = h @ self.params["W"].T
        y_hat += self.params["b"]  # in place: no second (batch, output) array
        return y_hat

    def backward(self, dy):
        """``dy`` (batch, output) -> ``grads, dh``."""
        grads = {"W": dy.T @ self._h, "b": dy.sum(axis=0)}
        return grads, dy @ self.params["W"]


class SequenceModel:
    """A recurrent cell followed by a ``Readout``: on its last hidden state, or on every step's.

    Parameters
    ----------
    cell : a cell (``LSTMCell``, ``GRUCell``, ``Stacked``, ...)
    output_size : int
        ``K``, the readout's outputs (classes for ``"xent"``).
    seed : int
        Seeds the readout's weights.
    per_step : bool
        ``False``: one prediction per sequence, from ``h_T``. ``True``: one prediction per step,
        ``y_hat_t = W h_t + b``, the form of a language model. All steps go through the readout as
        one matrix product, ``(T*batch, hidden) @ W.T``, and the loss is averaged over every step:

            L = (1 / (T B)) * sum over t, b of loss(y_hat_{t,b}, y_{t,b})

    Attributes
    ----------
    final_state : the cell's state after the last ``predict`` or ``loss_and_grads``
        Pass it (or ``lstm_lessons.training.stream.detach`` of it) as ``state`` of the next call to carry the
        memory across batches.
    """

    def __init__(self, cell, output_size, seed=0, per_step=False):
        if not isinstance(per_step, bool):
            raise TypeError(f"per_step must be True or False; got {per_step!r}")
        self.cell = cell
        self.readout = Readout(cell.hidden_size, output_size, seed=seed)
        self.per_step = per_step
        self.output_size = self.readout.params["W"].shape[0]
        self.final_state, self._hs_shape = None, None

    @property
    def params(self):
        """Every parameter, keyed ``"cell.W_f"``, ``"readout.W"``, ...; the values are the live arrays."""
        return {**{f"cell.{k}": v for k, v in self.cell.params.items()},
                **{f"readout.{k}": v for k, v in self.readout.params.items()}}  # fmt: skip

    @property
    def n_params(self):
        return int(sum(p.size for p in self.params.values()))

    def predict(self, xs, state=None):
        """Outputs for inputs ``xs`` of shape ``(T, batch, input)``, or integer ids ``(T, batch)`` of one-hot inputs.

        Returns ``(batch, output)`` from the last step, or ``(T, batch, output)`` with ``per_step=True``.
        ``state`` is the cell's initial state (zeros when ``None``); the final one is kept in ``final_state``.
        """
        hs, self.final_state = self.cell.forward(xs, state)
        self._hs_shape = hs.shape
        if not self.per_step:
            return self.readout.forward(hs[-1])
        T, B, H = hs.shape
        return self.readout.forward(hs.reshape(T * B, H)).reshape(T, B, -1)  # (T*B, H) @ W.T: all steps at once

    def loss_and_grads(self, xs, y, loss="mse", state=None):
        """Loss on one batch and the gradient of every parameter (keys as ``params``).

        With ``per_step=True``, ``y`` has shape ``(T, batch)`` of integer classes for ``"xent"``, or
        ``(T, batch, output)`` for ``"mse"``, and the loss is the mean over every step and sequence.
        ``state`` is the initial state, treated as a constant (no gradient flows into it).
        """
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {sorted(LOSSES)}; got {loss!r}")
        if not self.per_step:
            y_hat = self.predict(xs, state)
            value, dy = LOSSES[loss](y_hat, y)
            g_out, dh_T = self.readout.backward(dy)
            dhs = np.zeros(self._hs_shape)  # (T, B, H)
            dhs[-1] = dh_T  # the loss looks only at the last step
        else:
            y = self._check_targets(xs, y, loss)  # before anything runs: a failed call changes nothing
            y_hat = self.predict(xs, state)  # (T, B, K)
            T, B, K = y_hat.shape
            flat_y = y.reshape(T * B) if loss == "xent" else y.reshape(T * B, K)
            value, dy = LOSSES[loss](y_hat.reshape(T * B, K), flat_y)  # mean over all T*B predictions
            g_out, dhs = self.readout.backward(dy)  # dhs: (T*B, H)
            dhs = dhs.reshape(T, B, -1)
        g_cell, _ = self.cell.backward(dhs)
        grads = {**{f"cell.{k}": v for k, v in g_cell.items()}, **{f"readout.{k}": v for k, v in g_out.items()}}
        return value, grads

    def _check_targets(self, xs, y, loss):
        shape = np.shape(xs)
        ids = len(shape) == 2 and np.asarray(xs).dtype.kind in "iu"
        if len(shape) != 3 and not ids:
            raise ValueError(f"xs must have shape (T, batch, {self.cell.input_size}), or be integer ids of shape "
                             f"(T, batch) for one-hot inputs; got {np.shape(xs)}")  # fmt: skip
        T, B = shape[:2]
        K = self.output_size
        if loss == "xent":
            y = np.asarray(y)
            if y.shape != (T, B) or y.dtype.kind not in "iu":
                raise ValueError(f"y must be integer classes of shape (T={T}, batch={B}), one per step; "
                                 f"got {y.dtype} of shape {y.shape}")  # fmt: skip
            if y.size and (y.min() < 0 or y.max() >= K):
                raise ValueError(f"y must lie in 0..{K - 1} (output_size={K}); got values from {y.min()} to {y.max()}")
            return y
        return check_array("y", y, (T, B, K), f"(T={T}, batch={B}, output={K}), one target per step")


@dataclass
class History:
    """What happened during ``train``: one entry per evaluation."""

    step: list = field(default_factory=list)  # update count at each evaluation
    train_loss: list = field(default_factory=list)  # mean training loss since the last evaluation
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)  # classification tasks only, else NaN
    grad_norm: list = field(default_factory=list)  # mean pre-clipping norm since the last evaluation
    solved_at: int = None  # first evaluated step whose validation loss reached ``target``
    seconds: float = 0.0  # wall time

    @property
    def final_val_loss(self):
        return self.val_loss[-1]

    def record(self, step, train_loss, val_loss, val_accuracy, grad_norm):
        self.step.append(int(step))
        self.train_loss.append(float(train_loss))
        self.val_loss.append(float(val_loss))
        self.val_accuracy.append(float(val_accuracy))
        self.grad_norm.append(float(grad_norm))


def evaluate(model, task, xs, y):
    """Validation loss and accuracy (NaN for regression) on a fixed set."""
    y_hat = model.predict(xs)
    value, _ = LOSSES[task.loss](y_hat, y)
    accuracy = float(np.mean(y_hat.argmax(axis=1) == y)) if task.loss == "xent" else float("nan")
    return value, accuracy


def train(model, task, *, steps=1000, batch_size=32, lr=1e-2, optimizer="adam", clip=1.0,
          seed=0, eval_every=100, val_size=512, target=None, stop_at_target=False,
          log_every=None, log=print, progress=None):  # fmt: skip
    """Train ``model`` on ``task`` and return a ``History``.

    Parameters
    ----------
    model : SequenceModel
    task : a task from ``lstm_lessons.tasks`` (anything with ``sample(batch, rng)`` and ``loss``)
    steps : int
        Parameter updates.
    batch_size : int
    lr : float
    optimizer : {"adam", "sgd"}
    clip : float or None
        Global gradient-norm limit; ``None`` turns clipping off.
    seed : int
        Seeds the training batches and the validation set: the same seed, the same run.
    eval_every : int
        Evaluate on the validation set every this many updates (and after the last).
    target : float, optional
        A validation loss that counts as solved; ``History.solved_at`` records when it was first reached.
    stop_at_target : bool
        Stop at the first evaluation that reaches ``target`` (early stopping). Up to that
        update the run is the same as without stopping, so ``solved_at`` does not change;
        the history simply ends there.
    log_every : int, optional
        Print one progress line every this many updates (through ``log``); silent when ``None``.
    progress : bool or None
        A progress bar over the updates: ``None`` shows one only in a live Jupyter kernel, not
        while the book is built or nbval runs (see ``lstm_lessons.training.progress``).
    """
    steps, batch_size = check_size("steps", steps), check_size("batch_size", batch_size)
    eval_every, val_size = check_size("eval_every", eval_every), check_size("val_size", val_size)
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd'; got {optimizer!r}")
    if stop_at_target and target is None:
        raise ValueError("stop_at_target=True needs a target validation loss to stop at; got target=None")
    if clip is not None and not clip > 0:
        raise ValueError(f"clip must be a positive number or None; got {clip!r}")
    show = show_progress(progress)
    opt = Adam(lr) if optimizer == "adam" else SGD(lr)
    rng = np.random.default_rng([check_seed(seed), 0])
    val_xs, val_y = task.sample(val_size, np.random.default_rng([seed, 1]))
    history, losses, norms, start = History(), [], [], time.perf_counter()
    params = model.params
    bar = progress_bar(steps, "training", show, unit="step")
    with threadpool_limits(limits=1, user_api="blas"), bar:  # one BLAS thread: small matrices
        for step in range(1, steps + 1):
            xs, y = task.sample(batch_size, rng)
            value, grads = model.loss_and_grads(xs, y, task.loss)
            norms.append(clip_grad_norm(grads, clip) if clip else global_norm(grads))
            opt.step(params, grads)
            losses.append(value)
            if step % eval_every == 0 or step == steps:
                val_loss, val_acc = evaluate(model, task, val_xs, val_y)
                history.record(step, np.mean(losses), val_loss, val_acc, np.mean(norms))
                losses, norms = [], []
                if target is not None and history.solved_at is None and val_loss <= target:
                    history.solved_at = step
                    if stop_at_target:
                        break
                bar.set_postfix_str(f"val. loss {val_loss:.3g}")
            bar.update()
            if log_every and (step % log_every == 0 or step == steps):
                log(f"step {step:5d}/{steps}  train loss {value:.4f}  last val loss {history.val_loss[-1]:.4f}"
                    if history.val_loss else f"step {step:5d}/{steps}  train loss {value:.4f}")
    history.seconds = time.perf_counter() - start
    return history

