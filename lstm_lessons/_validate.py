"""Input checks shared by the whole package.

Every check raises our own ``TypeError`` or ``ValueError`` that names what was
expected and what came, so a reader never has to decode a NumPy broadcasting error.
Checks only read their arguments; they never change anything.
"""

import numbers

import numpy as np


def check_size(name, value):
    """A layer size: a positive whole number (bool is not accepted)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {value!r} of type {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer; got {value}")
    return int(value)


def check_seed(seed):
    """A seed for ``numpy.random.default_rng``: a non-negative integer."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer; got {seed!r}")
    return int(seed)


def check_number(name, value, lo=-np.inf, hi=np.inf):
    """One finite real number in ``[lo, hi]`` (either end may be left open); returned as a float."""
    if np.isinf(lo) and np.isinf(hi):
        where = "a finite number"
    elif np.isinf(hi):
        where = f"a number >= {lo:g}"
    elif np.isinf(lo):
        where = f"a number <= {hi:g}"
    else:
        where = f"a number in [{lo:g}, {hi:g}]"
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {where}; got {value!r}") from None
    if not (np.isfinite(v) and lo <= v <= hi):
        raise ValueError(f"{name} must be {where}; got {value!r}")
    return v


def check_unit_interval(name, value):
    """A number or array of numbers, each in [0, 1] (gate values); returned as a float array."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [0, 1]; got {value!r}") from None
    if arr.size == 0 or not np.all((arr >= 0) & (arr <= 1)):
        raise ValueError(f"{name} must lie in [0, 1]; got {value!r}")
    return arr


def as_float_array(name, x, copy=True):
    """``x`` as a float64 array, refusing text, objects, booleans and complex numbers.

    A copy unless ``copy=False``: then a float64 ``x`` comes back as it is, for inputs the caller
    only reads.
    """
    try:
        arr = np.asarray(x)
    except Exception as err:  # ragged nested lists, for example
        raise TypeError(f"{name} must be a numeric array; could not convert it ({err})") from None
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a numeric array of ints or floats; got dtype {arr.dtype}")
    if not copy:
        return np.asarray(arr, dtype=np.float64)
    return np.array(arr, dtype=np.float64)  # a copy: callers may not alias our inputs


def check_finite(name, arr):
    """Refuse NaN and inf, naming the first bad position."""
    if not np.all(np.isfinite(arr)):
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name} must be finite; got {arr[where]} at index {where}")
    return arr


def check_array(name, x, shape, description=None, copy=True):
    """A finite float64 array of exactly ``shape`` (a copy unless ``copy=False``, see ``as_float_array``).

    ``description`` spells the expected shape for the message, e.g. ``"(batch=2, hidden=4)"``.
    """
    arr = as_float_array(name, x, copy)
    if arr.shape != tuple(shape):
        want = description or str(tuple(shape))
        raise ValueError(f"{name} must have shape {want}; got {arr.shape}")
    return check_finite(name, arr)


def check_sequence(name, xs, input_size):
    """A time-first sequence ``(T, batch, input_size)`` with T, batch >= 1."""
    arr = as_float_array(name, xs)
    want = f"(T, batch, {input_size}) for input_size={input_size}"
    if arr.ndim != 3:
        raise ValueError(f"{name} must have 3 axes, shape {want}; got {arr.ndim} axes, shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: need at least one time step and one sequence; got shape {arr.shape}")
    if arr.shape[2] != input_size:
        raise ValueError(f"{name} must have shape {want}; got {arr.shape}")
    return check_finite(name, arr)


def check_inputs(name, xs, input_size):
    """A cell's inputs: floats ``(T, batch, input_size)``, or integer ids ``(T, batch)`` in
    ``0 .. input_size - 1`` that stand for one-hot vectors. Returns float64 or int64."""
    try:
        arr = np.asarray(xs)
    except Exception:  # ragged nested lists: check_sequence says what is wrong
        return check_sequence(name, xs, input_size)
    if arr.ndim == 2 and arr.dtype.kind not in "iu":
        raise ValueError(f"{name} must have 3 axes, shape (T, batch, {input_size}) for input_size={input_size}; "
                         f"got 2 axes, shape {arr.shape} of {arr.dtype} (integer ids of shape (T, batch) "
                         f"also work, for one-hot inputs)")  # fmt: skip
    if arr.ndim != 2:
        return check_sequence(name, xs, input_size)
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: need at least one time step and one sequence; got shape {arr.shape}")
    if arr.min() < 0 or arr.max() >= input_size:
        raise ValueError(f"{name} as integer ids (one-hot inputs) must lie in 0..{input_size - 1} for "
                         f"input_size={input_size}; got values from {arr.min()} to {arr.max()}")  # fmt: skip
    return arr.astype(np.int64)  # a copy: callers may not alias our inputs


def check_step_inputs(params, weight_name, x_t, *states):
    """Inputs of a single-step function: ``x_t`` and each state must fit ``params[weight_name]``.

    Accepts one example (1-D arrays) or a batch (2-D arrays); returns float64 arrays.
    """
    H, HD = np.shape(params[weight_name])
    D = HD - H
    x_t = as_float_array("x_t", x_t)
    if x_t.ndim not in (1, 2) or x_t.shape[-1] != D:
        raise ValueError(f"x_t must have shape (batch, {D}) or ({D},) to fit {weight_name} {(H, HD)}; got {x_t.shape}")
    checked = [check_finite("x_t", x_t)]
    for name, s in zip(("h_prev", "C_prev")[: len(states)], states, strict=True):  # GRU and RNN steps: no C_prev
        s = as_float_array(name, s)
        if s.shape != x_t.shape[:-1] + (H,):
            raise ValueError(f"{name} must have shape {x_t.shape[:-1] + (H,)} to go with x_t {x_t.shape}; "
                             f"got {s.shape}")  # fmt: skip
        checked.append(check_finite(name, s))
    return checked
