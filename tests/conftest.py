"""Shared fixtures: off-screen drawing, no figure left open, one fixture per cell type."""

import matplotlib

matplotlib.use("Agg")  # every test draws off screen

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from cellkit import CELLS  # noqa: E402


@pytest.fixture(params=sorted(CELLS))
def kind(request):
    return request.param


@pytest.fixture(autouse=True)
def _close_figures():
    """No test leaves a figure open for the next one."""
    yield
    plt.close("all")
