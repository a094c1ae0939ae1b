"""The functionals defined by other functionals: ``Var``, ``Cov``, ``TV``, ``Hellinger``,
``Renyi``, ``ChiSquare``, ``FDiv``, ``MutualInformation``.

Each is built as its definition, an expression in ``Expect``, ``pdf`` and
``logpdf`` (DESIGN.md, "More of the field's vocabulary"), so that one
definition serves the symbolic prover and the numeric evaluator alike and no
new formula can be wrong on one side only. The integrals over the Lebesgue (or
counting) measure are written as expectations over P, which puts the
quadrature on P's support with its end points, and ratios of densities as
differences of log densities, which do not overflow:

- ``TV(P, Q) = 1/2 int |p - q| = int (p - q)^+ = E_P[max(0, 1 - q/p)]``
- ``Hellinger(P, Q)^2 = 1/2 int (sqrt p - sqrt q)^2 = 1 - E_P[sqrt(q/p)]``
- ``Renyi(P, Q, a) = log(int p^a q^(1-a)) / (a - 1) = log E_P[(q/p)^(1-a)] / (a - 1)``
- ``ChiSquare(P, Q) = int (p - q)^2 / q = E_P[p/q] - 1`` (``oo`` when P is not << Q)
- ``FDiv(f, u, P, Q) = int q f(p/q) = E_Q[f(p/q)]`` for P << Q
- ``MutualInformation(P, I, J) = KL(P_IJ, P_I x P_J)`` for the marginals of P.

Where P and Q are one discrete and one continuous (mutually singular), the
values are those of the definitions: TV and Hellinger 1, Renyi and ChiSquare oo.

Only SymPy is imported here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from probproof.derivations.families import Dirichlet, Multinomial
from probproof.derivations.vocabulary import (
    Beta,
    Binomial,
    Distribution,
    Expect,
    MvNormal,
    Normal,
    is_mixed,
    logpdf,
)


def _bound(d: Distribution) -> tuple[sp.Dummy, sp.Basic]:
    """A fresh bound variable for ``d`` and the point at which its density is taken."""
    x = sp.Dummy("x", integer=d.discrete and d.dim == 1, real=True)
    if d.dim > 1:
        base = sp.IndexedBase(x)
        return x, sp.Tuple(*[base[i] for i in range(d.dim)])
    return x, x


def _pair(name: str, p: Distribution, q: Distribution) -> bool:
    """Check the pair can be compared; ``True`` when they are mutually singular
    (one discrete, one continuous)."""
    for d in (p, q):
        if not isinstance(d, Distribution):
            raise TypeError(f"{name}: expected distributions")
        if is_mixed(d):
            raise TypeError(f"{name} of a mixture of discrete and continuous components is "
                            "not defined here")
    if p.dim != q.dim:
        raise TypeError(f"{name}: the distributions have different dimensions "
                        f"({p.dim} and {q.dim})")
    return p.discrete != q.discrete


def _log_ratio(p: Distribution, q: Distribution, pt: sp.Basic) -> sp.Expr:
    """``log q - log p`` at ``pt``."""
    return logpdf(q, pt) - logpdf(p, pt)


def variance(f: sp.Expr, x, dist) -> sp.Expr:
    """``Var(f, x, P) = E[f^2] - E[f]^2``."""
    return Expect(f**2, x, dist) - Expect(f, x, dist) ** 2


def covariance(f: sp.Expr, g: sp.Expr, x, dist) -> sp.Expr:
    """``Cov(f, g, x, P) = E[f g] - E[f] E[g]``."""
    return Expect(f * g, x, dist) - Expect(f, x, dist) * Expect(g, x, dist)


def total_variation(p: Distribution, q: Distribution) -> sp.Expr:
    if _pair("TV", p, q):
        return sp.S.One
    x, pt = _bound(p)
    return Expect(sp.Max(0, 1 - sp.exp(_log_ratio(p, q, pt))), x, p)


def hellinger(p: Distribution, q: Distribution) -> sp.Expr:
    if _pair("Hellinger", p, q):
        return sp.S.One
    x, pt = _bound(p)
    return sp.sqrt(1 - Expect(sp.exp(_log_ratio(p, q, pt) / 2), x, p))


def renyi(p: Distribution, q: Distribution, alpha: sp.Expr) -> sp.Expr:
    if alpha.is_positive is False or (alpha - 1).is_zero:
        raise ValueError(f"Renyi: the order alpha must be > 0 and not 1, got {alpha}")
    if _pair("Renyi", p, q):
        return sp.oo
    x, pt = _bound(p)
    return sp.log(Expect(sp.exp((1 - alpha) * _log_ratio(p, q, pt)), x, p)) / (alpha - 1)


def chi_square(p: Distribution, q: Distribution) -> sp.Expr:
    if _pair("ChiSquare", p, q):
        return sp.oo
    x, pt = _bound(p)
    return Expect(sp.exp(-_log_ratio(p, q, pt)), x, p) - 1


def f_divergence(f: sp.Expr, u: sp.Symbol, p: Distribution, q: Distribution) -> sp.Expr:
    """``E_Q[f(p/q)]``, which is the f-divergence only where P << Q: P's support must be
    known to lie in Q's (else the mass of P outside Q would need f's slope at infinity)."""
    if _pair("FDiv", p, q):
        raise ValueError("FDiv: P and Q are one discrete and one continuous; the "
                         "f-divergence needs P absolutely continuous with respect to Q")
    inside = p.support().is_subset(q.support())
    if inside is not True:
        raise ValueError("FDiv: cannot establish that P's support lies within Q's "
                         "(P absolutely continuous with respect to Q)")
    x, pt = _bound(q)
    ratio = sp.exp(-_log_ratio(p, q, pt))
    return Expect(f.xreplace({u: ratio}), x, q)


def _point(part: list) -> sp.Basic:
    return part[0] if len(part) == 1 else sp.Tuple(*part)


def _mvnormal_mi(p: MvNormal, first: list[int], second: list[int]) -> sp.Expr:
    mean, cov = p.mean_vector, p.cov_matrix

    def marginal(ix: list[int]) -> Distribution:
        if len(ix) == 1:
            return Normal(mean[ix[0]], sp.sqrt(cov[ix[0], ix[0]]))
        return MvNormal([mean[i] for i in ix], [[cov[i, j] for j in ix] for i in ix])

    idx = first + second
    joint = MvNormal([mean[i] for i in idx], [[cov[i, j] for j in idx] for i in idx])
    x, pt = _bound(joint)
    coords = list(pt)
    n = len(first)
    body = (logpdf(joint, pt) - logpdf(marginal(first), _point(coords[:n]))
            - logpdf(marginal(second), _point(coords[n:])))
    return Expect(body, x, joint)


def _simplex_mi(p: Dirichlet | Multinomial, first: list[int], second: list[int]) -> sp.Expr:
    """The Dirichlet and Multinomial marginals aggregate the coordinates left out into one:
    the coordinates in S are ``Dirichlet([a_S..., a_rest])`` at ``[z_S..., 1 - sum z_S]``
    (``Multinomial(n, [p_S..., p_rest])`` at ``[x_S..., n - sum x_S]``), a single one a Beta
    (Binomial)."""
    dirichlet = isinstance(p, Dirichlet)
    weights = p.concentration if dirichlet else p.probs
    total = sp.Integer(1) if dirichlet else p.args[0]
    idx = first + second
    rest = [i for i in range(p.dim) if i not in idx]
    if not rest and dirichlet:
        # z_J is then a function of z_I (the coordinates sum to 1): a continuous variable
        # shares infinite information with itself.
        return sp.oo

    def law(ws: list[sp.Expr]) -> Distribution:
        if len(ws) == 2:
            return Beta(*ws) if dirichlet else Binomial(total, ws[0])
        return Dirichlet(ws) if dirichlet else Multinomial(total, ws)

    def marginal(ix: list[int], coords: list[sp.Expr]) -> sp.Expr:
        ws = [weights[i] for i in ix] + [sp.Add(*[w for i, w in enumerate(weights)
                                                  if i not in ix])]
        if len(ws) == 2:
            return logpdf(law(ws), coords[0])
        return logpdf(law(ws), sp.Tuple(*coords, total - sp.Add(*coords)))

    # The joint law of (z_I, z_J, rest aggregated) is P with its coordinates reordered and
    # merged: the same density, so the expectation is over it and its own point.
    joint_weights = [weights[i] for i in idx]
    if rest:
        joint_weights.append(sp.Add(*[weights[i] for i in rest]))
    joint = Dirichlet(joint_weights) if dirichlet else Multinomial(total, joint_weights)
    x, pt = _bound(joint)
    coords = list(pt)
    n, m = len(first), len(second)
    body = (logpdf(joint, pt) - marginal(first, coords[:n])
            - marginal(second, coords[n:n + m]))
    return Expect(body, x, joint)


def mutual_information(p: Distribution, first: Sequence[int], second: Sequence[int]) -> sp.Expr:
    """``KL(P_IJ || P_I x P_J)`` written as an expectation over the marginal ``P_IJ``.

    Defined for ``MvNormal``, ``Dirichlet`` and ``Multinomial``; for a Dirichlet whose
    ``I`` and ``J`` cover every coordinate the value is ``oo`` (``z_J`` is a function of
    ``z_I``).
    """
    if not isinstance(p, (MvNormal, Dirichlet, Multinomial)):
        raise TypeError("MutualInformation: P must be a multivariate normal (MvNormal), "
                        "a Dirichlet or a Multinomial")
    first, second = list(first), list(second)
    idx = first + second
    if not first or not second or len(set(idx)) != len(idx) or any(
            not 0 <= i < p.dim for i in idx):
        raise ValueError(f"MutualInformation: coordinate lists must be non-empty, disjoint, "
                         f"within 0..{p.dim - 1}")
    if isinstance(p, MvNormal):
        return _mvnormal_mi(p, first, second)
    return _simplex_mi(p, first, second)


__all__ = [
    "chi_square",
    "covariance",
    "f_divergence",
    "hellinger",
    "mutual_information",
    "renyi",
    "total_variation",
    "variance",
]
