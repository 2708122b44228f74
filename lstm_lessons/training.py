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

from ._validate import check_seed, check_size
from .losses import mse, softmax_cross_entropy
from .optim import SGD, Adam, clip_grad_norm, global_norm

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
        return h @ self.params["W"].T + self.params["b"]

    def backward(self, dy):
        """``dy`` (batch, output) -> ``grads, dh``."""
        grads = {"W": dy.T @ self._h, "b": dy.sum(axis=0)}
        return grads, dy @ self.params["W"]


class SequenceModel:
    """A recurrent cell followed by a ``Readout`` on its last hidden state."""

    def __init__(self, cell, output_size, seed=0):
        self.cell = cell
        self.readout = Readout(cell.hidden_size, output_size, seed=seed)

    @property
    def params(self):
        """Every parameter, keyed ``"cell.W_f"``, ``"readout.W"``, ...; the values are the live arrays."""
        return {**{f"cell.{k}": v for k, v in self.cell.params.items()},
                **{f"readout.{k}": v for k, v in self.readout.params.items()}}  # fmt: skip

    @property
    def n_params(self):
        return int(sum(p.size for p in self.params.values()))

    def predict(self, xs):
        """Outputs ``(batch, output)`` for inputs ``(T, batch, input)``."""
        hs, _ = self.cell.forward(xs)
        return self.readout.forward(hs[-1])

    def loss_and_grads(self, xs, y, loss="mse"):
        """Loss on one batch and the gradient of every parameter (keys as ``params``)."""
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {sorted(LOSSES)}; got {loss!r}")
        y_hat = self.predict(xs)
        value, dy = LOSSES[loss](y_hat, y)
        g_out, dh_T = self.readout.backward(dy)
        dhs = np.zeros(self.cell.states["h"].shape)
        dhs[-1] = dh_T  # the loss looks only at the last step
        g_cell, _ = self.cell.backward(dhs)
        grads = {**{f"cell.{k}": v for k, v in g_cell.items()}, **{f"readout.{k}": v for k, v in g_out.items()}}
        return value, grads


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
          log_every=None, log=print):  # fmt: skip
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
    """
    steps, batch_size = check_size("steps", steps), check_size("batch_size", batch_size)
    eval_every, val_size = check_size("eval_every", eval_every), check_size("val_size", val_size)
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd'; got {optimizer!r}")
    if stop_at_target and target is None:
        raise ValueError("stop_at_target=True needs a target loss to stop at; got target=None")
    if clip is not None and not clip > 0:
        raise ValueError(f"clip must be a positive number or None; got {clip!r}")
    opt = Adam(lr) if optimizer == "adam" else SGD(lr)
    rng = np.random.default_rng([check_seed(seed), 0])
    val_xs, val_y = task.sample(val_size, np.random.default_rng([seed, 1]))
    history, losses, norms, start = History(), [], [], time.perf_counter()
    params = model.params
    with threadpool_limits(limits=1, user_api="blas"):  # small matrices: threads cost more than they save
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
            if log_every and (step % log_every == 0 or step == steps):
                log(f"step {step:5d}/{steps}  train loss {value:.4f}  last val loss {history.val_loss[-1]:.4f}"
                    if history.val_loss else f"step {step:5d}/{steps}  train loss {value:.4f}")
    history.seconds = time.perf_counter() - start
    return history

