"""Time series for forecasting: the yearly sunspot numbers, a synthetic series, and their windows.

A forecaster sees a *window* of the ``L`` latest values and predicts the next ``K``:

    inputs   y_{t-L+1}, ..., y_t          (the window, ending at the forecast origin t)
    targets  y_{t+1}, ..., y_{t+K}        (the horizon; K = 1 is one step ahead)

``make_splits`` cuts the series in time order into a training, a validation and a test
part, and gives each part the windows whose *targets* all lie inside it. A window's inputs
may reach back into an earlier part: at the forecast origin those values are already
observed, so using them leaks nothing. The normalisation (mean and standard deviation) is
fitted on the training part alone, so nothing a model sees during training depends on a
validation or test value.

The data
--------
``load_sunspots()`` reads ``data/sunspots_yearly.csv``, shipped with the package: the yearly
mean sunspot numbers 1700-2008 (309 values, public domain) from the NOAA National Geophysical
Data Center (NGDC), as distributed with statsmodels (``statsmodels.datasets.sunspots``). They
are version 1.0 of the International (Zurich) sunspot number compiled by SIDC/SILSO at the Royal
Observatory of Belgium, which SILSO replaced in 2015 by a recalibrated version 2.0
(Clette & Lefevre 2016), whose values are larger.
"""

from dataclasses import dataclass
from importlib.resources import files

import numpy as np

from .._validate import as_float_array, check_finite, check_seed, check_size

SUNSPOTS_CSV = "sunspots_yearly.csv"
SOLAR_CYCLE = 11  # years, the mean length of the sunspot cycle (single cycles last 9 to 14)


def load_sunspots():
    """The yearly sunspot numbers 1700-2008.

    Returns
    -------
    years : ndarray of int, shape (309,)
    values : ndarray of float64, shape (309,)
        Yearly mean sunspot number (version 1.0 of the International sunspot number).
    """
    text = files("lstm_lessons").joinpath("data", SUNSPOTS_CSV).read_text(encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines() if line and not line.startswith("#")]
    if rows[0] != ["year", "sunspots"]:
        raise ValueError(
            f"{SUNSPOTS_CSV} must start with the header 'year,sunspots'; got {rows[0]}"
        )
    years = np.array([int(r[0]) for r in rows[1:]])
    return years, np.array([float(r[1]) for r in rows[1:]])


def synthetic_series(
    n=309, periods=(11.0, 4.0), amplitudes=(1.0, 0.5), noise=0.3, seed=0, change_at=None, gain=1.0
):
    """A sum of sinusoids plus Gaussian noise: a series whose structure we know.

        y_t = g_t * ( sum_j a_j sin(2 pi t / p_j + phi_j) + noise * eps_t ),   eps_t ~ N(0, 1)

    with ``g_t = 1`` before ``change_at`` and ``g_t = gain`` from it on: a regime change in which
    the whole series, signal and noise, becomes ``gain`` times louder. The phases ``phi_j`` and
    the noise are drawn from ``seed``. No forecaster can beat the noise: at time t the root mean
    squared error of any forecast is at least ``g_t * noise`` on average.

    Returns
    -------
    values : ndarray, shape (n,)
    """
    n, rng = check_size("n", n), np.random.default_rng(check_seed(seed))
    if len(periods) != len(amplitudes) or not periods:
        raise ValueError(
            "periods and amplitudes must be non-empty and of one length; "
            f"got {periods!r}, {amplitudes!r}"
        )
    if not noise >= 0 or not gain > 0:
        raise ValueError(f"noise must be >= 0 and gain > 0; got noise={noise!r}, gain={gain!r}")
    t = np.arange(n)
    phases = rng.uniform(0.0, 2 * np.pi, size=len(periods))
    clean = sum(
        a * np.sin(2 * np.pi * t / p + phi)
        for a, p, phi in zip(amplitudes, periods, phases, strict=False)
    )
    g = np.where(t >= (n if change_at is None else int(change_at)), float(gain), 1.0)
    return g * (clean + noise * rng.standard_normal(n))


@dataclass
class Scaler:
    """``z = (y - mean) / std``, with ``mean`` and ``std`` fitted on the training part only."""

    mean: float
    std: float

    @classmethod
    def fit(cls, values):
        values = as_float_array("values", values)
        return cls(float(values.mean()), float(values.std()))

    def transform(self, y):
        return (np.asarray(y, dtype=float) - self.mean) / self.std

    def inverse(self, z):
        """Back to the series' own units."""
        return np.asarray(z, dtype=float) * self.std + self.mean


@dataclass
class Split:
    """One part of the series (``"train"``, ``"val"`` or ``"test"``) and its windows.

    Attributes
    ----------
    xs : ndarray, shape (L, n, 1)
        The normalised windows, time first (the package's sequence layout).
    y : ndarray, shape (n, K)
        The normalised targets, ``y[i, k]`` is the value ``k + 1`` steps after window i ends.
    origin : ndarray of int, shape (n,)
        Index (into the series) of each window's last input, the forecast origin t.
    start, stop : int
        The part covers the series indices ``start <= i < stop``; every target lies there.
    """

    name: str
    xs: np.ndarray
    y: np.ndarray
    origin: np.ndarray
    start: int
    stop: int

    @property
    def n(self):
        return len(self.origin)


@dataclass
class ForecastData:
    """A series cut in time order into three parts, each with its windows (see ``make_splits``)."""

    values: np.ndarray  # (N,) the series in its own units
    time: np.ndarray  # (N,) the time of each value (years for the sunspots)
    window: int  # L
    horizon: int  # K
    scaler: Scaler
    train: Split
    val: Split
    test: Split
    time_label: str = "time step"  # for plots: what ``time`` counts
    value_label: str = "value"  # for plots: what ``values`` measure

    @property
    def splits(self):
        return {"train": self.train, "val": self.val, "test": self.test}

    def targets(self, split):
        """The targets of ``split`` in the series' units, shape (n, K)."""
        return self.values[self.splits[split].origin[:, None] + np.arange(1, self.horizon + 1)]


def window_indices(origins, window, horizon):
    """Series indices of each window's inputs (n, L) and targets (n, K), for forecast origins t."""
    origins = np.asarray(origins)[:, None]
    return origins + np.arange(1 - window, 1), origins + np.arange(1, horizon + 1)


def make_splits(
    values,
    window,
    horizon,
    val_start,
    test_start,
    time=None,
    time_label="time step",
    value_label="value",
):
    """Windows of past values and their targets, split train / validation / test in time order.

    Parameters
    ----------
    values : array_like, shape (N,)
        The series, in its own units.
    window : int
        ``L``, the number of past values a forecaster sees.
    horizon : int
        ``K``, how many steps ahead it predicts (targets ``y_{t+1} ... y_{t+K}``).
    val_start, test_start : int
        The validation part starts at index ``val_start``, the test part at ``test_start``
        (``window <= val_start < test_start < N``).
    time : array_like, shape (N,), optional
        The time of each value (e.g. years), for plots; ``0 .. N-1`` by default.
    time_label, value_label : str
        What ``time`` counts and what ``values`` measure, for the axes of plots.

    Returns
    -------
    ForecastData
        A window belongs to the part that holds *all* its targets, so none straddles a boundary;
        windows whose targets would straddle one are dropped. The scaler is fitted on
        ``values[:val_start]``.
    """
    values = check_finite("values", as_float_array("values", values))
    if values.ndim != 1:
        raise ValueError(f"values must be one series, shape (N,); got shape {values.shape}")
    N, L, K = len(values), check_size("window", window), check_size("horizon", horizon)
    val_start, test_start = int(val_start), int(test_start)
    if not L <= val_start < test_start < N:
        raise ValueError(
            "need window <= val_start < test_start < N, "
            f"i.e. {L} <= {val_start} < {test_start} < {N}"
        )
    time = np.arange(N) if time is None else np.asarray(time)
    if time.shape != (N,):
        raise ValueError(f"time must have shape ({N},), one entry per value; got {time.shape}")
    scaler = Scaler.fit(values[:val_start])  # the training part only
    z = scaler.transform(values)
    parts = {}
    for name, start, stop in (
        ("train", 0, val_start),
        ("val", val_start, test_start),
        ("test", test_start, N),
    ):
        origins = np.arange(max(start - 1, L - 1), stop - K)  # first target >= start, last < stop
        if len(origins) == 0:
            raise ValueError(
                f"the {name} part ({stop - start} values) is too short "
                f"for a window of {L} and a horizon of {K}"
            )
        inputs, targets = window_indices(origins, L, K)
        parts[name] = Split(
            name, z[inputs].T[:, :, None], z[targets], origins, start, stop
        )  # (L, n, 1), (n, K)
    return ForecastData(
        values, time, L, K, scaler, **parts, time_label=time_label, value_label=value_label
    )


def sunspot_splits(window=22, horizon=SOLAR_CYCLE, val_year=1921, test_year=1965):
    """``make_splits`` on the sunspots: train 1700-1920, validate 1921-1964, test 1965-2008."""
    years, values = load_sunspots()
    return make_splits(
        values,
        window,
        horizon,
        int(np.searchsorted(years, val_year)),
        int(np.searchsorted(years, test_year)),
        time=years,
        time_label="year",
        value_label="sunspot number",
    )


def synthetic_splits(window=22, horizon=SOLAR_CYCLE, gain=1.0, seed=0):
    """``make_splits`` on ``synthetic_series``, cut where the sunspots are (indices 221, 265).

    With ``gain != 1`` the series changes regime where the validation part starts: the models
    learn from the quiet part, and are validated and tested on one ``gain`` times louder.
    """
    val_start, test_start = 221, 265
    values = synthetic_series(seed=seed, change_at=val_start, gain=gain)
    return make_splits(values, window, horizon, val_start, test_start)
