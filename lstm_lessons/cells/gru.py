"""The gated recurrent unit (GRU) of Cho et al. (2014), in both reset conventions.

With ``z_t = sigmoid(W_z @ [h_{t-1}, x_t] + b_z)`` (update gate) and
``r_t = sigmoid(W_r @ [h_{t-1}, x_t] + b_r)`` (reset gate):

Default, ``reset_after=False`` (Cho et al. 2014, Chung et al. 2014, as Olah 2015 draws it):
reset, then multiply

    h~_t = tanh(W_h @ [r_t * h_{t-1}, x_t] + b_h)

``reset_after=True`` (cuDNN, PyTorch, Keras 2): multiply, then reset, with ``W_h = [W_hh | W_hx]``

    h~_t = tanh(W_hx @ x_t + b_h + r_t * (W_hh @ h_{t-1} + b_hh))

Both then mix old and new, in the direction of Chung et al. (2014) and Olah (2015):

    h_t = (1 - z_t) * h_{t-1} + z_t * h~_t          (z_t = 1 takes the candidate)

Cho et al. (2014) point the update gate the other way, ``h_t = z * h_{t-1} + (1 - z) * h~_t``,
and PyTorch keeps their direction (``h' = (1 - z) * n + z * h``): their update gate is our
``1 - z_t``, so their update-gate weights and bias are ours with the sign flipped.

``gru_step`` (and ``gru_step_backward``) below are the definition; ``GRUCell`` runs a fused
version of the same arithmetic over a whole sequence (see ``_gru_bptt``), and the tests hold
the two equal.

References
----------
Cho et al. (2014), Learning Phrase Representations using RNN Encoder-Decoder, EMNLP.
Chung, Gulcehre, Cho and Bengio (2014), Empirical Evaluation of Gated Recurrent Neural Networks
on Sequence Modeling, arXiv:1412.3555.
Olah (2015), Understanding LSTM Networks, colah.github.io.
"""

from collections import namedtuple

import numpy as np

from .._validate import check_array, check_step_inputs
from ._gru_bptt import gru_backward, gru_forward
from .activations import sigmoid, sigmoid_grad_from_output, tanh, tanh_grad_from_output
from .cell import RecurrentCell

GRUStep = namedtuple("GRUStep", ["z", "r", "h_tilde", "h"])


def gru_step(params, x_t, h_prev, reset_after=False):
    """One GRU step, every intermediate returned.

        z_t  = sigmoid(W_z @ [h_{t-1}, x_t] + b_z)
        r_t  = sigmoid(W_r @ [h_{t-1}, x_t] + b_r)
        h~_t = tanh(W_h @ [r_t * h_{t-1}, x_t] + b_h)                      reset_after=False
        h~_t = tanh(W_hx @ x_t + b_h + r_t * (W_hh @ h_{t-1} + b_hh))      reset_after=True
        h_t  = (1 - z_t) * h_{t-1} + z_t * h~_t       Chung et al. (2014)'s direction, not PyTorch's

    Parameters
    ----------
    params : dict
        ``W_z, W_r, W_h`` of shape (hidden, hidden + input) and ``b_z, b_r, b_h`` of shape
        (hidden,); with ``reset_after=True`` also ``b_hh`` (hidden,). ``W_h = [W_hh | W_hx]``.
    x_t : array, shape (batch, input) or (input,)
    h_prev : array, shape (batch, hidden) or (hidden,)
    reset_after : bool
        False: the reset gate scales ``h_{t-1}`` before the product (Cho et al. 2014).
        True: it scales the product (cuDNN, PyTorch).

    Returns
    -------
    GRUStep
        Named tuple ``(z, r, h_tilde, h)``, each of shape (batch, hidden).
    """
    x_t, h_prev = check_step_inputs(params, "W_z", x_t, h_prev)
    H = h_prev.shape[-1]
    z_in = np.concatenate([h_prev, x_t], axis=-1)  # (B, H+D)
    z_t = sigmoid(z_in @ params["W_z"].T + params["b_z"])  # (B, H)
    r_t = sigmoid(z_in @ params["W_r"].T + params["b_r"])  # (B, H)
    if reset_after:
        W_hh, W_hx = params["W_h"][:, :H], params["W_h"][:, H:]
        h_tilde = tanh(x_t @ W_hx.T + params["b_h"] + r_t * (h_prev @ W_hh.T + params["b_hh"]))
    else:
        h_tilde = tanh(np.concatenate([r_t * h_prev, x_t], axis=-1) @ params["W_h"].T + params["b_h"])
    h_t = (1.0 - z_t) * h_prev + z_t * h_tilde  # (B, H)
    return GRUStep(z_t, r_t, h_tilde, h_t)


def gru_step_backward(params, x_t, h_prev, dh_t):
    """Backpropagation through one GRU step (the book's convention, ``reset_after=False``).

    The step's forward pass is recomputed with ``gru_step``; every derivative is read off its
    outputs (``z_t * (1 - z_t)``, ``1 - h~_t**2``).

    Parameters
    ----------
    params : dict
        ``W_z, W_r, W_h`` of shape (hidden, hidden + input), ``b_z, b_r, b_h`` of shape (hidden,).
    x_t : array, shape (batch, input) or (input,)
    h_prev : array, shape (batch, hidden) or (hidden,)
    dh_t : array, shape (batch, hidden)
        dL/dh_t: from this step's output and from step t+1.

    Returns
    -------
    grads : dict
        dL/dparam for the 6 keys of ``params``, summed over the batch.
    dx_t : array, shape (batch, input)
    dh_prev : array, shape (batch, hidden)

    Notes
    -----
    With ``a_g`` the pre-activation of gate ``g``, ``u_t = [h_{t-1}, x_t]`` (what the gates see)
    and ``v_t = [r_t * h_{t-1}, x_t]`` (what h~_t sees)::

        dz       = dh_t * (h~_t - h_{t-1})      from h_t = (1 - z_t) * h_{t-1} + z_t * h~_t
        da_h     = dh_t * z_t * (1 - h~_t**2)
        dv       = da_h @ W_h  =  [d(r_t * h_{t-1}), dx_t from h~_t]
        dr       = d(r_t * h_{t-1}) * h_{t-1}
        da_z     = dz * z_t * (1 - z_t),   da_r = dr * r_t * (1 - r_t)
        dW_z     = da_z.T @ u_t,  dW_r = da_r.T @ u_t,  dW_h = da_h.T @ v_t
        db_g     = da_g summed over the batch
        du       = da_z @ W_z + da_r @ W_r
        dh_{t-1} = dh_t * (1 - z_t) + d(r_t * h_{t-1}) * r_t + du[:, :hidden]
        dx_t     = du[:, hidden:] + dv[:, hidden:]
    """
    if "b_hh" in params:
        raise ValueError(
            "gru_step_backward is written for the book's GRU (reset_after=False); "
            "params has b_hh, the extra bias of reset_after=True"
        )
    if np.ndim(x_t) == 1:  # one example: run it as a batch of one
        batch = (np.asarray(a, dtype=float)[None] for a in (x_t, h_prev, dh_t))
        grads, dx, dh = gru_step_backward(params, *batch)
        return grads, dx[0], dh[0]
    x_t, h_prev = check_step_inputs(params, "W_z", x_t, h_prev)
    want = f"(batch, hidden) = {h_prev.shape}, the shape of h_prev"
    dh_t = check_array("dh_t", dh_t, h_prev.shape, want)
    H = h_prev.shape[1]
    s = gru_step(params, x_t, h_prev)  # the forward pass: z, r, h_tilde, h
    u = np.concatenate([h_prev, x_t], axis=1)  # (B, H+D): what z_t and r_t saw
    v = np.concatenate([s.r * h_prev, x_t], axis=1)  # (B, H+D): what h~_t saw

    dz = dh_t * (s.h_tilde - h_prev)  # (B, H)
    da_h = dh_t * s.z * tanh_grad_from_output(s.h_tilde)  # (B, H)
    dv = da_h @ params["W_h"]  # (B, H+D)
    d_rh = dv[:, :H]  # dL/d(r_t * h_{t-1})
    da_z = dz * sigmoid_grad_from_output(s.z)
    da_r = d_rh * h_prev * sigmoid_grad_from_output(s.r)
    grads = {"W_z": da_z.T @ u, "W_r": da_r.T @ u, "W_h": da_h.T @ v,
             "b_z": da_z.sum(axis=0), "b_r": da_r.sum(axis=0), "b_h": da_h.sum(axis=0)}
    du = da_z @ params["W_z"] + da_r @ params["W_r"]  # (B, H+D)
    dh_prev = dh_t * (1.0 - s.z) + d_rh * s.r + du[:, :H]
    dx_t = du[:, H:] + dv[:, H:]
    return grads, dx_t, dh_prev


class GRUCell(RecurrentCell):
    """The GRU over whole sequences. State: ``h``. ``cell.gates`` holds ``"z", "r", "h_tilde"``.

    Parameters
    ----------
    input_size, hidden_size, seed
        As for every cell.
    reset_after : bool
        False: reset before the product (Cho et al. 2014). True: the cuDNN/PyTorch form, with the
        extra bias ``b_hh``. Either way ``h_t = (1 - z_t) * h_{t-1} + z_t * h~_t`` (Chung et al.
        2014): PyTorch's update gate is our ``1 - z_t``.
    """

    gate_names = ("z", "r", "h_tilde")

    def __init__(self, input_size, hidden_size, seed=0, reset_after=False):
        if not isinstance(reset_after, bool):
            raise TypeError(f"reset_after must be True or False; got {reset_after!r}")
        self.reset_after = reset_after
        super().__init__(input_size, hidden_size, seed)
        self._work = {}  # scratch buffers of the fused pass, reused between calls (never exposed)

    def __repr__(self):
        return super().__repr__()[:-1] + f", reset_after={self.reset_after})"

    def _param_shapes(self):
        H, D = self.hidden_size, self.input_size
        shapes = {"W_z": (H, H + D), "W_r": (H, H + D), "W_h": (H, H + D), "b_z": (H,), "b_r": (H,), "b_h": (H,)}
        if self.reset_after:
            shapes["b_hh"] = (H,)
        return shapes

    def _forward(self, params, xs, h0):
        return gru_forward(params, xs, h0, self.reset_after, self._work)

    def _backward(self, cache, dhs, dh_T):
        return gru_backward(cache, dhs, dh_T, self._work)
