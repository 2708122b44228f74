"""What every recurrent cell shares: construction, input checks and bookkeeping.

A subclass says which parameters it has (``_param_shapes``), how to initialise
them, and supplies two functions, ``_forward`` and ``_backward``, that run the
whole sequence. This base class checks every input *before* anything is changed,
so a failed call leaves the cell exactly as it was.
"""

import numpy as np

from .._validate import check_array, check_inputs, check_seed, check_size


class RecurrentCell:
    """Base class of ``RNNCell``, ``LSTMCell``, ``PeepholeLSTMCell``, ``CoupledLSTMCell``, ``GRUCell``.

    Parameters
    ----------
    input_size : int
        Features per time step, ``D``.
    hidden_size : int
        Units in the hidden state, ``H``.
    seed : int
        Seed for ``numpy.random.default_rng``; the same seed gives the same weights.

    Attributes
    ----------
    params : dict of str -> ndarray (float64)
        The weights, named as in the book. Edit them in place and the cell uses the new values.
    gates : dict of str -> ndarray, shape (T, batch, hidden)
        Every step's gate activations from the last ``forward``.
    states : dict of str -> ndarray, shape (T, batch, hidden)
        Every step's hidden state ``"h"`` (and cell state ``"C"`` for the LSTM family).
    state_grads : dict of str -> ndarray, shape (T, batch, hidden)
        From the last ``backward``: dL/dh_t (and dL/dC_t), through all later steps.
    dstate0 : ndarray or tuple of ndarray
        From the last ``backward``: the gradient with respect to the initial state.
    """

    has_cell_state = False  # True for the LSTM family, whose state is (h, C)
    reads_ids = False  # True when _forward takes integer ids itself (a lookup); else they become one-hot

    def __init__(self, input_size, hidden_size, seed=0):
        self.input_size = check_size("input_size", input_size)
        self.hidden_size = check_size("hidden_size", hidden_size)
        self.seed = check_seed(seed)
        rng = np.random.default_rng(self.seed)
        self.params = self._init_params(rng)
        self._cache, self._ids = None, False
        self.gates, self.states, self.state_grads, self.dstate0 = {}, {}, {}, None

    # -- what subclasses provide -------------------------------------------------
    def _param_shapes(self):
        raise NotImplementedError

    def _init_params(self, rng):
        """Uniform in (-1/sqrt(H), 1/sqrt(H)) for weights, zero for biases (as PyTorch's scale)."""
        k = 1.0 / np.sqrt(self.hidden_size)
        return {
            name: (np.zeros(shape) if len(shape) == 1 else rng.uniform(-k, k, size=shape))
            for name, shape in self._param_shapes().items()
        }

    # -- the public interface ----------------------------------------------------
    def __repr__(self):
        return f"{type(self).__name__}(input_size={self.input_size}, hidden_size={self.hidden_size}, seed={self.seed})"

    @property
    def n_params(self):
        """The number of trainable numbers in ``params``."""
        return int(sum(p.size for p in self.params.values()))

    def zero_state(self, batch):
        """The all-zeros initial state for ``batch`` sequences."""
        h = np.zeros((batch, self.hidden_size))
        return (h, np.zeros_like(h)) if self.has_cell_state else h

    def forward(self, xs, state=None):
        """Run the cell over a whole sequence.

        Parameters
        ----------
        xs : array_like, shape (T, batch, input_size), or integers of shape (T, batch)
            The inputs, time first. Integer ids ``v`` in ``0 .. input_size - 1`` stand for one-hot
            inputs (``np.eye(input_size)[v]``), the characters of a language model, for example:
            the same result, and the LSTM family reads them as a lookup, without the product.
        state : ndarray (batch, hidden) or tuple (h, C) of them, optional
            The initial state; zeros when ``None``. A tuple ``(h, C)`` for the LSTM family.

        Returns
        -------
        hs : ndarray, shape (T, batch, hidden)
            The hidden state after every step.
        state : ndarray or tuple
            The final state, in the same form as the initial one.
        """
        xs = check_inputs("xs", xs, self.input_size)  # (T, B, D) floats or (T, B) ids
        state = self._check_state(state, xs.shape[1])
        params = self._checked_params()
        ids = xs.ndim == 2
        if ids and not self.reads_ids:
            xs = np.eye(self.input_size)[xs]  # (T, B, D) one-hot
        hs, final_state, cache, gates, states = self._forward(params, xs, state)
        self._cache, self._ids = cache, ids
        self.gates, self.states, self.state_grads, self.dstate0 = gates, states, {}, None
        return hs, final_state

    def backward(self, dhs, dstate=None):
        """Backpropagation through time for the last ``forward``.

        Parameters
        ----------
        dhs : array_like, shape (T, batch, hidden)
            dLoss/dh_t for every step (zeros where the loss does not look).
        dstate : optional
            dLoss/d(final state), in the form of the state; zeros when ``None``.

        Returns
        -------
        grads : dict of str -> ndarray
            dLoss/dparam, same keys and shapes as ``params``.
        dxs : ndarray, shape (T, batch, input_size), or None
            dLoss/dxs; ``None`` when the forward pass read integer ids, which have no gradient.
        """
        if self._cache is None:
            raise ValueError(f"{type(self).__name__}.backward() needs a forward() first: "
                             "there is nothing to backpropagate")  # fmt: skip
        T, B, H = self._cache.hs.shape
        want = f"(T={T}, batch={B}, hidden={H}), the shape of the last forward's hs"
        dhs = check_array("dhs", dhs, (T, B, H), want, copy=False)  # only read: backward never writes into it
        dstate = self._check_state(dstate, B, name="dstate")
        grads, dxs, dstate0, state_grads = self._backward(self._cache, dhs, dstate)
        self.state_grads, self.dstate0 = state_grads, dstate0
        return grads, None if self._ids else dxs

    # -- checks --------------------------------------------------------------------
    def _check_state(self, state, batch, name="state"):
        shape, want = (batch, self.hidden_size), f"(batch={batch}, hidden={self.hidden_size})"
        if state is None:
            return self.zero_state(batch)
        if not self.has_cell_state:
            if isinstance(state, tuple):
                raise TypeError(f"{name} of a {type(self).__name__} is one array h of shape {want}; got a tuple")
            return check_array(name, state, shape, want)
        if not (isinstance(state, (tuple, list)) and len(state) == 2):
            raise TypeError(f"{name} of a {type(self).__name__} must be a tuple (h, C), each of shape {want}; "
                            f"got {type(state).__name__}")  # fmt: skip
        return tuple(check_array(f"{name}[{k}]", s, shape, want) for k, s in zip("hC", state, strict=True))

    def _checked_params(self):
        """The parameters, after checking a reader's edits kept every name, shape and value sane."""
        expected = self._param_shapes()
        if set(self.params) != set(expected):
            raise ValueError(f"params must have exactly the keys {sorted(expected)}; got {sorted(self.params)}")
        return {k: check_array(f"params[{k!r}]", self.params[k], shape) for k, shape in expected.items()}
