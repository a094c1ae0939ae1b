"""The EM figures (issue 16): readable iteration ticks, labelled axes."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from probproof.numeric.experiments import em


def _fake_fits(iterations: int) -> dict:
    rng = np.random.default_rng(0)
    runs = [em.EMResult(model=None, loglik=list(-5 + np.cumsum(rng.random(n)) / n))
            for n in (iterations + 1, iterations // 3 + 1, 12)]
    return {"R = 10": (None, runs[0], runs), "R = 1": (None, runs[1], runs[1:])}


@pytest.mark.parametrize("iterations", [6, 40, 300, 2000])
def test_loglik_iteration_ticks_are_whole_numbers_that_do_not_overlap(iterations: int) -> None:
    fig = em.loglik_figure(_fake_fits(iterations))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [t for t in ax.get_xticklabels(minor=False) + ax.get_xticklabels(minor=True)
                  if t.get_text() and t.get_visible()]
        lo, hi = ax.get_xlim()
        shown = [t for t in labels if lo <= t.get_position()[0] <= hi]
        assert len(shown) >= 3
        for t in shown:
            assert t.get_text().isdigit(), t.get_text()  # no 7.35x10^0, no -3.5x10^-1
        boxes = sorted((t.get_window_extent(renderer) for t in shown), key=lambda b: b.x0)
        for a, b in itertools.pairwise(boxes):
            assert a.x1 <= b.x0, "tick labels overlap"
    fig.clf()


def test_the_fits_figure_labels_its_axes() -> None:
    from probproof.numeric.experiments.gmm import make_splits

    fits = {}
    for key, radius in (("R = 10", 10.0), ("R = 1", 1.0)):
        splits = make_splits(0, radius=radius, n=60)
        result = em.em_fixed_covariance(splits.train, splits.model.means + 0.5, max_iter=5)
        fits[key] = (splits, result, [result])
    fig = em.fits_figure(fits)
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()
