"""A numeric value with its error: deterministic bound and Monte Carlo standard error.

Values are mpmath complex numbers, so that a quantity beyond float64's range
(``E[exp(40 z)] = exp(800)``) stays a number until the comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mpmath


def to_mpc(x: Any) -> mpmath.mpc:
    """Convert a Python/numpy/mpmath/SymPy number to ``mpmath.mpc`` without overflow."""
    if isinstance(x, mpmath.mpc):
        return x
    if isinstance(x, mpmath.mpf):
        return mpmath.mpc(x)
    if hasattr(x, "as_real_imag") and hasattr(x, "evalf"):  # a SymPy number
        re, im = (p.evalf(40) for p in x.as_real_imag())
        return mpmath.mpc(_sympy_to_mpf(re), _sympy_to_mpf(im))
    if isinstance(x, complex):
        return mpmath.mpc(x.real, x.imag)
    return mpmath.mpc(complex(x))


def _sympy_to_mpf(x: Any) -> mpmath.mpf:
    import sympy as sp

    if x is sp.oo:
        return mpmath.inf
    if x is -sp.oo:
        return mpmath.ninf
    if x is sp.nan or x is sp.zoo:
        return mpmath.nan
    if isinstance(x, sp.Float):
        return mpmath.mpf(x._mpf_)
    return mpmath.mpf(mpmath.mpmathify(str(x)))


@dataclass(frozen=True)
class Estimate:
    """``value`` with ``abserr`` (a deterministic error bound, e.g. from quadrature)
    and ``stderr`` (a Monte Carlo standard error), and the methods that produced it."""

    value: Any
    abserr: float = 0.0
    stderr: float = 0.0
    methods: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", to_mpc(self.value))

    @property
    def is_nan(self) -> bool:
        return bool(mpmath.isnan(self.value.real) or mpmath.isnan(self.value.imag))

    @property
    def is_finite(self) -> bool:
        return bool(mpmath.isfinite(self.value.real) and mpmath.isfinite(self.value.imag))

    @property
    def real(self) -> float:
        return float(self.value.real)

    def is_real(self, tol: float = 1e-12) -> bool:
        v = self.value
        if self.is_nan:
            return False
        if mpmath.isinf(v.real) and v.imag == 0:
            return True
        return bool(abs(v.imag) <= tol * max(1, abs(v.real)) + self.abserr + 6 * self.stderr)

    def python_value(self) -> float | complex:
        """The value as a Python number (which may overflow to inf) for reports."""
        v = self.value
        re = float(v.real)
        if v.imag == 0 or self.is_real():
            return re
        return complex(re, float(v.imag))


def exact(value: Any, method: str | None = None) -> Estimate:
    return Estimate(value, methods=frozenset([method]) if method else frozenset())
