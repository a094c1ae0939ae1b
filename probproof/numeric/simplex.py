"""Expectations over a Dirichlet law of 2 or 3 coordinates by iterated quadrature.

The stick-breaking representation makes the simplex a product of intervals:
``v_i ~ Beta(a_i, a_(i+1) + ... + a_K)`` independently, ``z_1 = v_1``,
``z_2 = (1 - v_1) v_2``, ``z_3 = (1 - v_1)(1 - v_2)``. Each ``v_i`` is integrated by
SciPy's tanh-sinh rule (``scipy.integrate.tanhsinh``), which takes the Beta density's
endpoint singularities (a concentration below 1) in its stride; the inner integral is
vectorised over the outer nodes. Each interval is split at 1/2 and integrated in the
distance to its nearer end, so ``v`` and ``1 - v`` both keep their relative precision
near 0 (and so do the logarithms of the coordinates).

The same rule integrates the density alone; a total mass that is not 1 (mass beyond
what float64 can place, ``Dirichlet([0.001, ...])``) makes the result
:class:`NotConverged`, never a value.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import special
from scipy.integrate import tanhsinh

from probproof.numeric.quadrature import NotConverged

#: Relative tolerance asked of each one-dimensional rule.
RTOL = 1e-13
#: Absolute tolerance: an integrand that underflows to 0 has nothing relative to meet.
ATOL = 1e-200
#: A density below this contributes nothing.
TINY = 1e-280
#: How far the density's total mass may be from 1.
MASS_SLACK = 1e-11

Body = Callable[[np.ndarray], np.ndarray]


def dirichlet_expectation(f: Body, alpha: np.ndarray) -> tuple[float, float]:
    """``E[f(z)]``, ``z ~ Dirichlet(alpha)``, ``len(alpha)`` 2 or 3; ``f`` takes points as
    rows of shape ``(n, K)`` and returns real values.

    Returns
    -------
    value, abserr

    Raises
    ------
    NotConverged
        When a rule does not converge, the values are not real and finite, or the
        density's mass is not 1 within :data:`MASS_SLACK`.
    """
    alpha = np.asarray(alpha, dtype=float)
    if len(alpha) not in (2, 3):
        raise ValueError("Dirichlet quadrature for 2 or 3 coordinates")
    rests = [float(alpha[i + 1:].sum()) for i in range(len(alpha) - 1)]
    # Index 0 is E[f], index 1 the mass (f = 1), computed by the same nodes.
    which = np.array([0.0, 1.0])
    errors: list[float] = []

    def evaluate(parts: list[tuple[np.ndarray, np.ndarray]], flag: np.ndarray) -> np.ndarray:
        """``f`` at the stick-breaking point of ``[(v_i, 1 - v_i)]`` (or 1 where flagged)."""
        shape = np.broadcast_shapes(flag.shape, *[v.shape for v, _ in parts])
        stick = np.ones(shape)
        cols = []
        for v, w in parts:
            cols.append(stick * v)
            stick = stick * w
        cols.append(stick)
        points = np.stack([np.broadcast_to(c, shape).ravel() for c in cols], axis=-1)
        with np.errstate(all="ignore"):
            vals = np.asarray(f(points))
        if np.iscomplexobj(vals):
            if np.any(np.imag(vals) != 0):
                raise NotConverged("complex values of the body on the simplex")
            vals = np.real(vals)
        vals = np.broadcast_to(vals, (points.shape[0],)).reshape(shape)
        return np.where(np.broadcast_to(flag, shape) == 1.0, 1.0, vals)

    def halves(i: int, inner: Callable[..., np.ndarray], *args: np.ndarray) -> np.ndarray:
        """The integral over ``v_i`` of ``Beta(a_i, rest_i)`` density times ``inner``."""
        a, b = alpha[i], rests[i]
        log_norm = special.betaln(a, b)
        total = 0.0
        for near_zero in (True, False):
            def integrand(s, *more, near_zero=near_zero):
                v, w = (s, 1 - s) if near_zero else (1 - s, s)
                log_v, log_w = ((np.log(s), np.log1p(-s)) if near_zero
                                else (np.log1p(-s), np.log(s)))
                dens = np.exp((a - 1) * log_v + (b - 1) * log_w - log_norm)
                shape = np.broadcast_shapes(dens.shape, *[m.shape for m in more])
                dens = np.broadcast_to(dens, shape)
                # As in one dimension: below 1e-280 the density contributes nothing (and
                # the coordinates there may underflow to 0).
                live = dens > TINY
                out = np.zeros(shape)
                if np.any(live):
                    pick = [np.broadcast_to(x, shape)[live] for x in (v, w, *more)]
                    out[live] = dens[live] * inner(*pick)
                return out

            res = tanhsinh(integrand, 0.0, 0.5, args=args, rtol=RTOL, atol=ATOL)
            if not np.all(res.success) or not np.all(np.isfinite(res.integral)):
                raise NotConverged("tanh-sinh quadrature on the simplex did not converge")
            errors.append(float(np.max(res.error)))
            total = total + res.integral
        return total

    if len(alpha) == 2:
        result = halves(0, lambda v, w, flag: evaluate([(v, w)], flag), which)
    else:
        def outer(v1, w1, flag):
            return halves(1, lambda v2, w2, a, b, c: evaluate([(a, b), (v2, w2)], c),
                          v1, w1, flag)

        result = halves(0, outer, which)
    value, mass = float(result[0]), float(result[1])
    if abs(mass - 1) > MASS_SLACK:
        raise NotConverged(f"the Dirichlet density's mass on the quadrature nodes is {mass}")
    # The outer rule's error plus the largest inner error (the outer weights sum to 1).
    return value, float(sum(errors))
