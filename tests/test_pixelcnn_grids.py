"""The PixelCNN answers are drawn as the seed's Figure 2: a 5 x 5 grid of pixel
labels with the receptive field shaded, in the LaTeX answer box and in HTML."""

from __future__ import annotations

import re

import numpy as np
import pytest
from scipy.signal import correlate2d

from probproof.derivations import load_all
from probproof.reports.grids import receptive_grid
from probproof.reports.html import grid_html, result_html
from probproof.reports.latex import grid_tex, result_snippet

#: The seed's masks, rows i and columns j from 1: A keeps i < 2 and (i = 2, j < 2).
MASKS = {"A": np.array([[1, 1, 1], [1, 0, 0], [0, 0, 0]]),
         "B": np.array([[1, 1, 1], [1, 1, 0], [0, 0, 0]])}


def field_by_convolution(first: str, second: str) -> set[str]:
    """Labels ``rc`` of the input pixels that reach output pixel 33 through two
    masked 3x3 cross-correlations with padding 1 (positive weights: no cancelling)."""
    found = set()
    for r in range(5):
        for c in range(5):
            x = np.zeros((5, 5))
            x[r, c] = 1.0
            h = correlate2d(x, MASKS[first], mode="same")
            y = correlate2d(h, MASKS[second], mode="same")
            if y[2, 2] > 0:
                found.add(f"{r + 1}{c + 1}")
    return found


@pytest.mark.parametrize("key", ["AA", "AB", "BA", "BB"])
def test_latex_grid_shades_the_receptive_field(key):
    result = load_all()[f"pixelcnn.receptive_field.{key}"]
    grid = receptive_grid(result)
    assert grid is not None and grid.shape == (5, 5)
    tex = grid_tex(grid)
    shaded = set(re.findall(r"\\cellcolor\{gray!40\}\\textbf\{(\d\d)\}", tex))
    plain = set(re.findall(r"\\textcolor\{gray\}\{(\d\d)\}", tex))
    assert shaded == field_by_convolution(*key)
    assert shaded | plain == {f"{r}{c}" for r in range(1, 6) for c in range(1, 6)}
    assert grid_tex(grid) in result_snippet(result)


@pytest.mark.parametrize("key", ["AB", "BB"])
def test_html_grid_shades_the_receptive_field(key):
    result = load_all()[f"pixelcnn.receptive_field.{key}"]
    html = grid_html(receptive_grid(result))
    assert html.count("<tr>") == 5 and html.count("<td") == 25
    assert set(re.findall(r'<td class="in">(\d\d)</td>', html)) == field_by_convolution(*key)
    assert html in result_html(result, None, (), None)


def test_other_results_have_no_grid():
    assert receptive_grid(load_all()["kl.gaussian.standard"]) is None
