"""Confirmations of ``jsd.disjoint``: quadrature for continuous disjoint densities, and
scipy.spatial.distance.jensenshannon for discrete ones (in nats and in bits)."""

from __future__ import annotations

import numpy as np
from scipy import integrate, stats
from scipy.spatial.distance import jensenshannon
from scipy.special import rel_entr

from probproof.numeric.confirmations import Confirmation, confirms

RID = "jsd.disjoint"


def _claimed(result) -> float:
    return float(result.statement.rhs)


@confirms(RID, "quadrature")
def continuous(result, seed: int = 0) -> Confirmation:
    """JSD by quadrature of its definition for pairs with disjoint supports: uniforms on
    random disjoint intervals, Beta on (0, 1) against a shifted Gamma on (2, oo), and
    truncated normals on either side of 0."""
    rng = np.random.default_rng(seed)
    pairs = []
    for _ in range(4):
        a, w1, g, w2 = rng.normal(), rng.uniform(0.1, 3), rng.uniform(0, 2), rng.uniform(0.1, 3)
        pairs.append((stats.uniform(a, w1), stats.uniform(a + w1 + g, w2),
                      a - 1, a + w1 + g + w2 + 1))
    pairs.append((stats.beta(2, 3), stats.gamma(2.0, loc=2.0), -1, 60))
    pairs.append((stats.truncnorm(-np.inf, 0, 0, 1), stats.truncnorm(0, np.inf, 0, 1), -40, 40))
    claimed, worst, vals = _claimed(result), 0.0, []
    for P, Q, lo, hi in pairs:
        def term(t, A, P=P, Q=Q):
            pa, r = A.pdf(t), (P.pdf(t) + Q.pdf(t)) / 2
            return float(rel_entr(pa, r))
        pts = sorted({float(v) for v in (P.support() + Q.support()) if np.isfinite(v)})
        j = sum(0.5 * integrate.quad(term, lo, hi, args=(A,), points=pts, limit=400)[0]
                for A in (P, Q))
        vals.append(j)
        worst = max(worst, abs(j - claimed))
    ok = worst <= 1e-6
    return Confirmation("quadrature", ok, f"JSD by quadrature for {len(pairs)} disjoint pairs: "
                        f"{np.round(vals, 8).tolist()} vs claimed {claimed:.8f}; largest error "
                        f"{worst:.2g} (tolerance 1e-6)", worst)


@confirms(RID, "scipy.spatial.distance.jensenshannon")
def discrete(result, seed: int = 0) -> Confirmation:
    """scipy's jensenshannon (a distance: the square root of the divergence) squared, for
    random pmfs on disjoint subsets of {0..9}, natural log; and base 2 against the claim
    divided by log 2 (the claim is in nats: this is the bits check)."""
    rng = np.random.default_rng(seed)
    claimed, worst = _claimed(result), 0.0
    for _ in range(20):
        perm = rng.permutation(10)
        k = rng.integers(1, 9)
        p, q = np.zeros(10), np.zeros(10)
        p[perm[:k]] = rng.dirichlet(np.ones(k))
        q[perm[k:]] = rng.dirichlet(np.ones(10 - k))
        nats = jensenshannon(p, q) ** 2
        bits = jensenshannon(p, q, base=2) ** 2
        worst = max(worst, abs(nats - claimed), abs(bits - claimed / np.log(2)))
    ok = worst <= 1e-9
    return Confirmation("scipy.spatial.distance.jensenshannon", ok,
                        f"20 random disjoint pmfs on 10 points, nats and bits; largest error "
                        f"{worst:.2g} (tolerance 1e-9)", worst)
