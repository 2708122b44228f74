"""Time series, the data of chapter 13: the sunspot numbers, windows of a series, forecasters.

* ``data``: the sunspot series, a synthetic one, scaling and the train/validation/test windows;
  its public names are re-exported here (``from lstm_lessons.series import sunspot_splits``).
* ``forecasting``: fitting a recurrent forecaster, and the baselines (persistence, seasonal
  naive, linear autoregression).
* ``attention``: one layer of causal self-attention, the small Transformer the chapter
  compares with the LSTM (a forecaster with its own loss, so it lives here, not with the cells).

May import: ``lstm_lessons.cells``, ``lstm_lessons.training`` and the top-level helpers.
Never ``text`` (a sibling data layer), ``presentation``, ``experiments`` or ``figures``.
"""

from .data import (
    SOLAR_CYCLE,
    SUNSPOTS_CSV,
    ForecastData,
    Scaler,
    Split,
    load_sunspots,
    make_splits,
    sunspot_splits,
    synthetic_series,
    synthetic_splits,
    window_indices,
)

__all__ = [
    "SUNSPOTS_CSV",
    "SOLAR_CYCLE",
    "load_sunspots",
    "synthetic_series",
    "Scaler",
    "Split",
    "ForecastData",
    "window_indices",
    "make_splits",
    "sunspot_splits",
    "synthetic_splits",
]
