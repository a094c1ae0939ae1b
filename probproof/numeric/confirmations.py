"""Numeric confirmations of catalog results, registered by result id.

A confirmation is a function ``fn(result, seed) -> Confirmation`` that reads the
claimed formula from the :class:`~probproof.derivations.result.Result` it is
given (never from a copy of its own), evaluates it numerically by an
independent method (quadrature, Monte Carlo with standard errors, torch
autograd, exhaustive enumeration, a peer library) and says whether they agree.
Because it reads the formula from the result, a test can hand it a result with
a wrong formula and see it fail.

Modules in :mod:`probproof.numeric.confirm` register with :func:`confirms`;
:func:`load_all` imports them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Confirmation:
    """The outcome of one numeric confirmation.

    Attributes
    ----------
    method : str
        ``"quadrature"``, ``"monte-carlo"``, ``"torch-autograd"``, ``"enumeration"``,
        ``"torch.distributions"``, ``"scipy"``, ``"scikit-learn"``, ...
    passed : bool
        Whether the formula agreed within the stated tolerance / error bars.
    detail : str
        What was compared, sample sizes or tolerances, the largest error.
    max_error : float or None
        Largest discrepancy seen (absolute, or in standard errors for Monte Carlo:
        say which in ``detail``).
    data : dict
        Optional numbers for reports and figures (JSON-serialisable).
    """

    method: str
    passed: bool
    detail: str
    max_error: float | None = None
    data: dict[str, Any] | None = None


ConfirmFn = Callable[[Any, int], Confirmation]

#: result id -> list of (method, function)
CONFIRMATIONS: dict[str, list[tuple[str, ConfirmFn]]] = {}


def confirms(result_id: str, method: str) -> Callable[[ConfirmFn], ConfirmFn]:
    """Decorator registering ``fn(result, seed) -> Confirmation`` for ``result_id``."""

    def decorate(fn: ConfirmFn) -> ConfirmFn:
        CONFIRMATIONS.setdefault(result_id, []).append((method, fn))
        return fn

    return decorate


def load_all() -> dict[str, list[tuple[str, ConfirmFn]]]:
    """Import every module of :mod:`probproof.numeric.confirm` and return the registry."""
    from probproof.numeric import confirm

    for info in pkgutil.iter_modules(confirm.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{confirm.__name__}.{info.name}")
    return CONFIRMATIONS
