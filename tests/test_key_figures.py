"""The figures the key draws for questions that ask for a picture: 000 2.2's two
densities (from the claim's own laws) and 003 2.4's computation graph."""

from __future__ import annotations

import numpy as np
from scipy import stats
from scipy.integrate import quad

from probproof.derivations import load_all
from probproof.derivations.result import plain
from probproof.reports.catalog_figures import catalog_figures, kl_pair_example

RESULTS = load_all()


def test_the_densities_of_2_2_are_the_claims_laws():
    """p = (N(-4, 1) + N(4, 1))/2 and q = N(4, 1), as the claim writes them (the figure
    drew N(+-3, 0.8^2) before), checked against scipy's densities."""
    d = kl_pair_example(RESULTS["vi.kl_asymmetry"])
    x = d["x"]
    p = 0.5 * stats.norm.pdf(x, -4, 1) + 0.5 * stats.norm.pdf(x, 4, 1)
    assert np.allclose(d["p"], p, atol=1e-12)
    assert np.allclose(d["q"], stats.norm.pdf(x, 4, 1), atol=1e-12)
    # typeset by matplotlib's mathtext, with the variance, as the key writes laws
    assert r"\mathcal{N}(-4, 1)" in d["p_label"] and d["q_label"] == r"$q = \mathcal{N}(4, 1)$"


def test_figures_of_2_2_and_2_4_are_written(tmp_path):
    chosen = {rid: RESULTS[rid] for rid in ("vi.kl_asymmetry", "vfe.kl.reparam_gradient")}
    figs = catalog_figures(chosen, tmp_path)
    (kl,) = figs["vi.kl_asymmetry"]
    (graph,) = figs["vfe.kl.reparam_gradient"]
    p = lambda t: 0.5 * stats.norm.pdf(t, -4, 1) + 0.5 * stats.norm.pdf(t, 4, 1)  # noqa: E731
    kl_pq = quad(lambda t: p(t) * np.log(p(t) / stats.norm.pdf(t, 4, 1)), -30, 30,
                 points=[-4, 4], limit=200)[0]
    assert f"KL(p, q) = {kl_pq:.3g}" in plain(kl.caption)
    assert "computation graph" in plain(graph.caption)
    for f in (kl, graph):
        png = tmp_path / f.filename
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
