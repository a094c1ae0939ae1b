"""Figures of the reports: matplotlib on plain data (arrays, grids), saved as PNG.

Each function takes numbers, not catalog objects, so that it can be tested and
reused on any data; :mod:`probproof.reports.catalog_figures` computes the data
for the results of the catalog. The Agg backend is chosen inside
:func:`pyplot`, so importing this module never opens a window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

#: Pixels per inch of the saved PNGs (sharp in the PDF, small in the HTML).
DPI = 120


def pyplot() -> Any:
    """``matplotlib.pyplot`` on the non-interactive Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=DPI)
    pyplot().close(fig)
    return path


def mc_convergence(
    ns: Sequence[int],
    estimates: Sequence[float],
    stderrs: Sequence[float],
    closed_form: float,
    path: Path,
    *,
    title: str = "",
    z: float = 2.0,
) -> Path:
    """Monte Carlo estimates with ``z`` standard-error bars against the closed form.

    Parameters
    ----------
    ns : sequence of int
        Sample sizes (log-scaled axis).
    estimates, stderrs : sequence of float
        The estimate and its standard error at each sample size.
    closed_form : float
        The value the estimates should converge to.
    path : Path
        Where to write the PNG.
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 3.2))
    ax.errorbar(ns, estimates, yerr=z * np.asarray(stderrs), fmt="o", capsize=3,
                label=f"Monte Carlo estimate \u00b1 {z:g} s.e.")
    ax.axhline(closed_form, color="C3", lw=1.2, label=f"closed form = {closed_form:.5g}")
    ax.set_xscale("log")
    ax.set_xlabel("number of draws $n$")
    ax.set_ylabel("value")
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return _save(fig, path)


def densities_and_kl(
    x: np.ndarray, p: np.ndarray, q: np.ndarray, path: Path, *, p_label: str = "p",
    q_label: str = "q",
) -> tuple[Path, float, float]:
    """Two densities on a grid and the integrands of both KL directions.

    Parameters
    ----------
    x : ndarray
        An evenly spaced grid covering both densities' mass.
    p, q : ndarray
        The densities on ``x`` (positive).
    path : Path
        Where to write the PNG.

    Returns
    -------
    (Path, float, float)
        The PNG, KL(p || q) and KL(q || p) (trapezoidal rule on ``x``).
    """
    plt = pyplot()
    log_ratio = np.log(p) - np.log(q)
    f_pq, f_qp = p * log_ratio, -q * log_ratio
    kl_pq, kl_qp = float(np.trapezoid(f_pq, x)), float(np.trapezoid(f_qp, x))
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(8.4, 3.0))
    a1.plot(x, p, label=p_label)
    a1.plot(x, q, label=q_label)
    a1.set_title("densities", fontsize=10)
    a1.set_xlabel("$x$")
    a1.legend(fontsize=8)
    # mathtext: the legend typesets its formulas as the key does
    a2.plot(x, f_pq, label=rf"$p \log(p/q)$: $\mathrm{{KL}}(p \| q) = {kl_pq:.3f}$")
    a2.plot(x, f_qp, label=rf"$q \log(q/p)$: $\mathrm{{KL}}(q \| p) = {kl_qp:.3f}$")
    a2.axhline(0, color="0.6", lw=0.8)
    a2.set_title("integrands of the two KL directions", fontsize=10)
    a2.set_xlabel("$x$")
    a2.legend(fontsize=8)
    return _save(fig, path), kl_pq, kl_qp


def receptive_fields(grids: Mapping[str, np.ndarray], pixel: tuple[int, int], path: Path) -> Path:
    """Receptive-field grids side by side, one panel per masking scheme.

    Parameters
    ----------
    grids : mapping of str to ndarray of int
        Panel title -> grid with 0 (outside the field), 1 (inside) and 2 (the
        output pixel itself, inside its own field).
    pixel : (int, int)
        Zero-based (row, column) of the output pixel; outlined in every panel.
    path : Path
        Where to write the PNG.
    """
    plt = pyplot()
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Rectangle

    cmap = ListedColormap(["#ffffff", "#7fb3d5", "#1f4e79"])
    fig, axes = plt.subplots(1, len(grids), figsize=(2.1 * len(grids), 2.5))
    for ax, (title, grid) in zip(np.atleast_1d(axes), grids.items(), strict=True):
        grid = np.asarray(grid)
        ax.imshow(grid, cmap=cmap, vmin=0, vmax=2)
        rows, cols = grid.shape
        for r in range(rows):
            for c in range(cols):
                ax.text(c, r, f"{r + 1}{c + 1}", ha="center", va="center", fontsize=7,
                        color="white" if grid[r, c] == 2 else "black")
        ax.add_patch(Rectangle((pixel[1] - 0.5, pixel[0] - 0.5), 1, 1, fill=False,
                               edgecolor="C3", lw=2))
        ax.set_xticks(np.arange(-0.5, cols), minor=True)
        ax.set_yticks(np.arange(-0.5, rows), minor=True)
        ax.grid(which="minor", color="0.5", lw=0.5)
        ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
        ax.set_title(title, fontsize=9)
    return _save(fig, path)


def sparsity(pattern: np.ndarray, path: Path, *, row_labels: Sequence[str] = (),
             col_labels: Sequence[str] = ()) -> Path:
    """The sparsity pattern of a matrix: 0 identically zero, 1 a nonzero
    constant, 2 depends on the inputs.

    Parameters
    ----------
    pattern : ndarray of int
        The classification of each entry.
    path : Path
        Where to write the PNG.
    row_labels, col_labels : sequence of str
        Axis labels of the rows (outputs) and columns (inputs).
    """
    plt = pyplot()
    from matplotlib.colors import ListedColormap

    pattern = np.asarray(pattern)
    cmap = ListedColormap(["#ffffff", "#95a5a6", "#1f4e79"])
    side = 0.55 * max(pattern.shape) + 1.2
    fig, ax = plt.subplots(figsize=(side + 1.4, side))
    ax.imshow(pattern, cmap=cmap, vmin=0, vmax=2)
    names = {0: "0", 1: "const", 2: "f(x)"}
    for (r, c), v in np.ndenumerate(pattern):
        ax.text(c, r, names[int(v)], ha="center", va="center", fontsize=7,
                color="white" if v == 2 else "black")
    ax.set_xticks(range(pattern.shape[1]), list(col_labels) or None)
    ax.set_yticks(range(pattern.shape[0]), list(row_labels) or None)
    ax.set_xticks(np.arange(-0.5, pattern.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, pattern.shape[0]), minor=True)
    ax.grid(which="minor", color="0.5", lw=0.5)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("input")
    ax.set_ylabel("output")
    return _save(fig, path)


def bounds_vs_k(
    ks: Sequence[int],
    estimates: Sequence[float],
    stderrs: Sequence[float],
    log_px: float,
    path: Path,
    *,
    z: float = 2.0,
) -> Path:
    """Importance-weighted lower bounds L_K with error bars against log p(x).

    Parameters
    ----------
    ks : sequence of int
        Numbers of importance samples (log-scaled axis).
    estimates, stderrs : sequence of float
        Monte Carlo estimate of L_K and its standard error for each K.
    log_px : float
        The exact log evidence the bounds approach from below.
    path : Path
        Where to write the PNG.
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 3.2))
    ax.errorbar(ks, estimates, yerr=z * np.asarray(stderrs), fmt="o-", capsize=3,
                label=f"$L_K$ \u00b1 {z:g} s.e.")
    ax.axhline(log_px, color="C3", lw=1.2, label=rf"$\log p(x) = {log_px:.4f}$")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("$K$ (importance samples)")
    ax.set_ylabel("bound")
    ax.legend(fontsize=8)
    return _save(fig, path)


def sides_along(
    t: np.ndarray, lhs: np.ndarray, rhs: np.ndarray, path: Path, *, name: str,
    at: float | None = None,
) -> Path:
    """Both sides of a claim along its one free parameter (NaN where undefined).

    Parameters
    ----------
    t : ndarray
        Values of the parameter.
    lhs, rhs : ndarray
        The two sides at ``t``.
    path : Path
        Where to write the PNG.
    name : str
        The parameter's name (x-axis label).
    at : float, optional
        The counterexample's value of the parameter, marked by a vertical line.
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 3.2))
    ax.plot(t, lhs, "-", label="left side")
    ax.plot(t, rhs, "--", label="right side")
    if at is not None:
        ax.axvline(at, color="C3", lw=1, label=f"counterexample {name} = {at:.4g}")
    ax.set_xlabel(name)
    ax.legend(fontsize=8)
    return _save(fig, path)


def computation_graph(nodes: Mapping[str, tuple[float, float, str]],
                      edges: Sequence[tuple[str, str]], path: Path, *,
                      inputs: Sequence[str] = (), title: str = "") -> Path:
    """A computation graph: labelled boxes at given positions, arrows between them.

    Parameters
    ----------
    nodes : mapping
        name -> (x, y, label); positions in the unit square, labels in matplotlib's
        mathtext (``$...$``).
    edges : sequence of (str, str)
        Arrows from one node to another, in the direction of the forward pass.
    path : Path
        Where to write the PNG.
    inputs : sequence of str
        Nodes drawn as parameters or noise (shaded differently).
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.6, 3.4))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    style = {"boxstyle": "round,pad=0.35", "ec": "0.3"}
    boxes = {}
    for name, (x, y, label) in nodes.items():
        boxes[name] = ax.text(x, y, label, ha="center", va="center", fontsize=11, zorder=3,
                              bbox={**style, "fc": "#dde8f5" if name in inputs else "#f4f4f4"})
    fig.canvas.draw()  # the boxes get their sizes, so that arrows stop at their edges
    for a, b in edges:
        (xa, ya, _), (xb, yb, _) = nodes[a], nodes[b]
        ax.annotate("", xy=(xb, yb), xytext=(xa, ya), zorder=2,
                    arrowprops={"arrowstyle": "-|>", "color": "0.35", "lw": 1.2,
                                "patchA": boxes[a].get_bbox_patch(),
                                "patchB": boxes[b].get_bbox_patch(), "shrinkA": 2,
                                "shrinkB": 2, "connectionstyle": "arc3,rad=0.08"})
    if title:
        ax.set_title(title, fontsize=10)
    return _save(fig, path)
