"""Answers that are pictures of a feature map: the PixelCNN receptive fields.

The seed (002, question 4) asks for the receptive field of output pixel 33 as
a 5 x 5 grid (its Figure 2); the checked claim of each such result is a 0/1
matrix, which the answer box draws as that grid instead of a flat line.
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Result

#: Ids of the results whose claimed right side is a receptive field.
GRID_PREFIX = "pixelcnn.receptive_field."


def receptive_grid(result: Result) -> sp.MatrixBase | None:
    """The checked 0/1 matrix of a receptive-field result (entry r, c for pixel
    ``r+1 c+1``), or None for any other result."""
    rhs = result.statement.rhs
    if not result.id.startswith(GRID_PREFIX) or not isinstance(rhs, sp.MatrixBase):
        return None
    if not all(v in (0, 1) for v in rhs):
        return None
    return rhs
