"""A normal density written out inside an integral over the line, found for print.

``Integral(sqrt(2) e^{-(z - mu)^2 / (2 sigma^2)} f(z) / (2 sqrt(pi) sigma), (z, -oo, oo))``
is how the derivations write an expectation under a Gaussian so that SymPy integrates
it; the key prints its density as ``N(z; mu, sigma^2)``, the seeds' notation, instead
of a fraction with an exponential in it. Only printing changes, and only where the
factors found are exactly the density (:func:`split_normal`).
"""

from __future__ import annotations

import sympy as sp


def split_normal(integrand: sp.Expr, t: sp.Symbol) -> tuple[sp.Expr, sp.Expr, sp.Expr] | None:
    """``(mean, variance, rest)`` with ``integrand == N(t; mean, variance) * rest`` exactly,
    where ``integrand`` is a product holding one ``exp`` of a quadratic in ``t`` with a
    negative leading coefficient; None otherwise."""
    if not isinstance(integrand, sp.Mul):
        return None
    exps = [f for f in integrand.args if isinstance(f, sp.exp) and f.has(t)]
    if len(exps) != 1:
        return None
    (kernel,) = exps
    poly = sp.Poly(kernel.args[0], t) if kernel.args[0].is_polynomial(t) else None
    if poly is None or poly.degree() != 2:
        return None
    a, b, c = (poly.coeff_monomial(t**k) for k in (2, 1, 0))
    if not a.is_negative:
        return None
    variance = sp.simplify(-1 / (2 * a))
    mean = sp.simplify(b * variance)
    if sp.simplify(c + mean**2 / (2 * variance)) != 0:
        return None  # a constant left in the exponent: not the density alone
    density = kernel / sp.sqrt(2 * sp.pi * variance)
    rest = sp.Mul(*[f for f in integrand.args if f is not kernel]) * sp.sqrt(
        2 * sp.pi * variance)
    if rest.has(sp.exp(kernel.args[0])) or sp.expand(rest * density - integrand) != 0:
        return None
    return mean, variance, rest


def covariance_shape(cov: sp.MatrixBase) -> tuple[str, object]:
    """How a covariance reads: ``("identity", None)`` for ``I_n``, ``("scaled", c)`` for
    ``c I_n``, ``("diagonal", [c_1, ..., c_n])``, or ``("full", cov)``."""
    n = cov.shape[0]
    if cov == sp.eye(n):
        return "identity", None
    if cov.is_diagonal():
        entries = [cov[i, i] for i in range(n)]
        if n > 1 and all(e == entries[0] for e in entries):
            return "scaled", entries[0]
        return "diagonal", entries
    return "full", cov
