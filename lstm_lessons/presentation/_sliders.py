"""Slider specs for :func:`lstm_lessons.presentation.widgets.explore` (private): checks, grids.

A spec ``(min, max, step[, default])`` or ``dict(min=, max=, step=, default=, label=)``
becomes a :class:`Slider` holding the exact grid ``min + k*step``.  ``static_strides``
thins the grids for the static player so that at most ``max_frames`` frames are embedded.
"""

import math
import numbers
from typing import NamedTuple

MAX_VALUES = 1001  # values per slider; more is almost surely a typo in step


class Slider(NamedTuple):
    """One validated slider: its grid, default position and display format."""

    name: str
    label: str
    values: tuple  # the grid, exact values as passed to plot_fn
    default: int  # index into values
    decimals: int  # digits shown after the point (0 for int sliders)
    is_int: bool

    def text(self, j):
        return self.fmt(self.values[j])

    def fmt(self, x):
        return f"{x:.{self.decimals}f}"

    def snap(self, value):
        """Index of the grid value nearest ``value`` (front ends add float noise)."""
        step = self.values[1] - self.values[0]
        return min(max(round((value - self.values[0]) / step), 0), len(self.values) - 1)


def _decimals(*numbers_):
    for d in range(11):
        if all(abs(round(x, d) - x) <= 1e-9 * max(1.0, abs(x)) for x in numbers_):
            return d
    return 10


def parse_slider(name, spec):
    """Validate one slider spec and return a :class:`Slider`."""
    expected = (
        f"slider {name!r} must be (min, max, step), (min, max, step, default) "
        "or dict(min=, max=, step=[, default=, label=])"
    )
    if isinstance(spec, dict):
        unknown = set(spec) - {"min", "max", "step", "default", "label"}
        if unknown or not {"min", "max", "step"} <= set(spec):
            raise ValueError(f"{expected}; got a dict with keys {sorted(spec)}")
        lo, hi, step, default = spec["min"], spec["max"], spec["step"], spec.get("default")
        label = str(spec.get("label", name))
    elif isinstance(spec, (tuple, list)) and len(spec) in (3, 4):
        lo, hi, step, default = (*spec, None)[:4]
        label = name
    else:
        raise ValueError(f"{expected}; got {spec!r}")
    for what, x in (("min", lo), ("max", hi), ("step", step), ("default", default)):
        if what == "default" and x is None:
            continue
        if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(x):
            raise ValueError(f"slider {name!r}: {what} must be a finite number; got {x!r}")
    if lo >= hi:
        raise ValueError(f"slider {name!r}: min must be < max; got min={lo!r}, max={hi!r}")
    if step <= 0:
        raise ValueError(f"slider {name!r}: step must be > 0; got step={step!r}")
    steps = (hi - lo) / step
    if abs(steps - round(steps)) > 1e-9 * max(1.0, steps):
        raise ValueError(
            f"slider {name!r}: (max - min) / step must be a whole number; "
            f"got ({hi!r} - {lo!r}) / {step!r} = {steps:.4g}"
        )
    n = round(steps) + 1
    if n > MAX_VALUES:
        raise ValueError(
            f"slider {name!r}: at most {MAX_VALUES} values per slider; "
            f"got {n} from (min, max, step) = ({lo!r}, {hi!r}, {step!r})"
        )
    is_int = all(isinstance(x, numbers.Integral) for x in (lo, hi, step))
    decimals = 0 if is_int else _decimals(lo, hi, step)
    values = tuple(
        int(lo + k * step) if is_int else float(round(lo + k * step, decimals)) + 0.0  # no -0.0
        for k in range(n)
    )
    j = (n - 1) // 2
    if default is not None:
        j = round((default - lo) / step)
        if not (0 <= j < n and abs(values[j] - default) <= 1e-9 * max(1.0, abs(default))):
            raise ValueError(
                f"slider {name!r}: default must be a grid value min + k*step "
                f"in [{lo!r}, {hi!r}] (step {step!r}); got {default!r}"
            )
    return Slider(name, label, values, j, decimals, is_int)


def static_strides(sizes, max_frames):
    """Smallest per-slider strides (dividing n - 1, so both ends stay) giving <= max_frames."""
    strides = [1] * len(sizes)
    counts = list(sizes)
    while math.prod(counts) > max_frames:
        d = max(range(len(sizes)), key=lambda i: counts[i])  # thin the longest first
        if counts[d] <= 2:
            raise ValueError(
                f"too many sliders for a static preview: even 2 values each "
                f"gives {math.prod(counts)} frames; expected at most {max_frames}"
            )
        n1 = sizes[d] - 1
        strides[d] = next(s for s in range(strides[d] + 1, n1 + 1) if n1 % s == 0)
        counts[d] = n1 // strides[d] + 1
    return strides
