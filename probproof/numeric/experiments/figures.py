"""Shared matplotlib helpers; the Agg backend is chosen here, not at import."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def pyplot() -> Any:
    """Return ``matplotlib.pyplot`` on the non-interactive Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(fig: Any, path: Path) -> None:
    """Write ``fig`` as a PNG and release it."""
    plt = pyplot()
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=110)
    plt.close(fig)


def image_grid(images: Any, side: int, ncols: int) -> Any:
    """Tile flat images ``(n, side*side)`` into one array of ``ncols`` columns.

    Parameters
    ----------
    images : array_like, shape (n, side*side)
        Images in [0, 1], flattened row-major.
    side : int
        Side of each square image.
    ncols : int
        Number of columns of the grid.

    Returns
    -------
    ndarray
        A 2-D array with one-pixel gaps, ready for ``imshow``.
    """
    import numpy as np

    images = np.asarray(images, dtype=float).reshape(-1, side, side)
    n = images.shape[0]
    nrows = -(-n // ncols)
    grid = np.ones((nrows * (side + 1) + 1, ncols * (side + 1) + 1))
    for i in range(n):
        r, c = divmod(i, ncols)
        grid[1 + r * (side + 1) : 1 + r * (side + 1) + side,
             1 + c * (side + 1) : 1 + c * (side + 1) + side] = images[i]
    return grid
