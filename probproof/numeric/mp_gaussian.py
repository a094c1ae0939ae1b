"""The second witness of joint expectations over normal laws (2 or 3 dimensions).

The first witness of ``E[f(x)]``, ``x ~ N(m, C)`` in two or three dimensions, is
n-dimensional adaptive cubature on the compiled integrand
(:meth:`probproof.numeric.evaluate._Evaluator.expect_quadrature_nd`). Monte Carlo,
its former only re-check, resolves a relative 1e-3, not the 1e-6 a refutation must
reach (DESIGN.md, Evidence rules), so a slip of 1e-4 in a covariance formula was left
undecided. This witness shares no code with the first beyond the parsed expression:
the SymPy body with its densities written out, evaluated by mpmath, summed over a
product Gauss-Hermite rule in the standardised coordinates ``x = m + L z``
(``C = L L^T`` by mpmath's Cholesky factor).

Its error bound is ten times the difference between two rules of different orders,
used only where they agree to a relative 1e-9 of the sum of ``|w f|``: short of that,
the difference is no bound (``tanh(3 x)`` was off by three times it), and such a value
could not refute a claim anyway. The witness also refuses
(:class:`~probproof.numeric.mp_witness.NoWitness`) a body with a kink, a jump or a
pole, a value that is not finite at a node, and a rule whose outermost nodes carry
more than a negligible share of the sum (mass beyond the rule, or a body that grows
nearly as fast as the density decays).

Gauss-Hermite is not in SciPy's or mpmath's integrators for several dimensions;
NumPy gives the nodes and weights (``hermegauss``, good to about 1e-14 relative,
which the error bound includes).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import mpmath
import numpy as np
import sympy as sp

from probproof.numeric.mp_witness import NoWitness, density_form, error_bound, mp_compile

#: The method's name in a verdict's evidence.
METHOD = "mpmath-gauss-hermite"
#: Points per dimension of the two rules, by dimension: the first rule is exact for
#: polynomials of degree 2n - 1 in each coordinate, and 16**3 + 24**3 evaluations in
#: three dimensions take about a second in mpmath.
ORDERS = {2: (32, 48), 3: (16, 24)}
#: The error bound, in differences of the two rules: they must have converged (below),
#: where the higher rule's error is far below the difference.
DIFFERENCE_FACTOR = 10.0
#: The largest error bound, relative to the sum of |w f|, of a witness that is used.
CONVERGED = 1e-9
#: Share of the sum of |w f| the outermost nodes may carry.
EDGE_SHARE = 1e-12
#: Relative accuracy of NumPy's nodes and weights, as a bound on the sum's error.
RULE_ACCURACY = 1e-13

#: Functions analytic on the whole real line (of an argument that is).
_ANALYTIC = (sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.erf, sp.erfc,
             sp.asinh)


def smooth_on_reals(expr: sp.Basic, coords: Sequence[sp.Symbol]) -> bool:
    """Whether ``expr`` is, by its form, analytic in the real ``coords`` everywhere:
    sums, products and powers of such terms, where a negative or fractional power and a
    logarithm apply only to what SymPy knows to be positive (``1 + exp(u)``), and the
    functions of ``_ANALYTIC``. A kink (``Abs``), a jump or a pole (``1/u``, whose
    symmetric nodes would sum a divergent integral to 0) is not."""
    if expr in coords or not expr.has(*coords):
        return True
    if isinstance(expr, (sp.Add, sp.Mul)):
        return all(smooth_on_reals(a, coords) for a in expr.args)
    if isinstance(expr, sp.Pow):
        base, exp = expr.args
        if not (smooth_on_reals(base, coords) and smooth_on_reals(exp, coords)):
            return False
        if exp.is_Integer and exp >= 0 and not exp.has(*coords):
            return True
        return bool(base.is_positive)
    if isinstance(expr, sp.log):
        return smooth_on_reals(expr.args[0], coords) and bool(expr.args[0].is_positive)
    if isinstance(expr, _ANALYTIC):
        return all(smooth_on_reals(a, coords) for a in expr.args)
    return False


def gaussian_expectation(expr: sp.Basic, coords: Sequence[sp.Symbol], mean: Sequence,
                         cov: Sequence[Sequence], dps: int = 20) -> tuple[mpmath.mpc, float]:
    """``E[expr]`` for ``coords ~ N(mean, cov)`` by two product Gauss-Hermite rules.

    Parameters
    ----------
    expr : sympy.Basic
        Closed except for ``coords``; densities are written out first.
    coords : sequence of sympy.Symbol
        The coordinates, two or three.
    mean, cov : sequences of numbers
        The mean vector and the covariance matrix (positive definite).
    dps : int
        Working precision.

    Returns
    -------
    value : mpmath.mpc
        The sum of the higher-order rule.
    abserr : float
        Ten times the difference of the two rules, plus the rules' own rounding.

    Raises
    ------
    NoWitness
        A body that is not smooth, a covariance that is not positive definite, a value
        that is not finite at a node, mass at the edge of the rule, or rules that have
        not converged.

    Examples
    --------
    >>> x, y = sp.symbols("x y", real=True)
    >>> v, e = gaussian_expectation(x * y, [x, y], [0, 0], [[1, 0.5], [0.5, 1]])
    >>> abs(v - 0.5) < 1e-15, e < 1e-12
    (True, True)
    """
    d = len(coords)
    if d not in ORDERS:
        raise NoWitness(f"Gauss-Hermite witness for 2 or 3 dimensions, not {d}")
    expr = density_form(expr)
    if not smooth_on_reals(expr, coords):
        raise NoWitness("the body may have a kink, a jump or a singularity, where "
                        "Gauss-Hermite rules converge too slowly to bound their error (or "
                        "sum a divergent integral to a finite number)")
    with mpmath.workdps(dps):
        m = [mpmath.mpf(v) if not isinstance(v, mpmath.mpc) else mpmath.mpf(v.real)
             for v in mean]
        try:
            chol = mpmath.cholesky(mpmath.matrix([[mpmath.mpf(_real(c)) for c in row]
                                                  for row in cov]))
        except (ValueError, ZeroDivisionError):
            raise NoWitness("the covariance is not positive definite") from None
        fn = mp_compile(list(coords), expr, dps)
        sums = [_rule(fn, m, chol, n) for n in ORDERS[d]]
        (low, _, _), (high, absolute, edge) = sums
        if edge > EDGE_SHARE * absolute:
            raise NoWitness("the outermost nodes of the Gauss-Hermite rule carry a share "
                            f"{float(edge / absolute):.2g} of the sum: mass beyond the rule")
        err = DIFFERENCE_FACTOR * abs(high - low) + RULE_ACCURACY * absolute
        if err > CONVERGED * absolute:
            # Short of convergence the difference of two rules is no bound (tanh(3 x):
            # off by three times it); and such a witness could not refute anyway.
            raise NoWitness("the Gauss-Hermite rules have not converged (they differ by a "
                            f"relative {float(abs(high - low) / absolute):.1g})")
    return high, error_bound(err)


def _real(c) -> mpmath.mpf:
    c = mpmath.mpmathify(c)
    if isinstance(c, mpmath.mpc):
        if c.imag != 0:
            raise NoWitness("a complex covariance")
        return c.real
    return c


def _rule(fn, mean: list, chol, n: int) -> tuple[mpmath.mpc, mpmath.mpf, mpmath.mpf]:
    """The product rule of ``n`` points per dimension: the sum, the sum of ``|w f|``, and
    that of the nodes on the rule's outer faces."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(n)
    z = [mpmath.mpf(float(v)) for v in nodes]
    norm = mpmath.sqrt(2 * mpmath.pi)
    w = [mpmath.mpf(float(v)) / norm for v in weights]
    outer = {0, n - 1}
    d = len(mean)
    total, absolute, edge = mpmath.mpc(0), mpmath.mpf(0), mpmath.mpf(0)
    for idx in itertools.product(range(n), repeat=d):
        x = [mean[i] + mpmath.fsum(chol[i, j] * z[idx[j]] for j in range(i + 1))
             for i in range(d)]
        try:
            v = mpmath.mpc(fn(*x))
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            raise NoWitness("the body cannot be evaluated at a node of the rule") from None
        if not mpmath.isfinite(v):
            raise NoWitness("the body is not finite at a node of the rule")
        weight = mpmath.fprod(w[k] for k in idx)
        term = weight * v
        total += term
        size = abs(term)
        absolute += size
        if outer.intersection(idx):
            edge += size
    return total, absolute, edge
