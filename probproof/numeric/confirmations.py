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
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from probproof.derivations.result import package_path


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


#: (result id, method) -> (file, line) of the registration, in the id's topic module
#: where that module registered it (also through a helper of a ``_`` module).
REGISTERED_AT: dict[tuple[str, str], tuple[str, int]] = {}

_CONFIRM_DIR = Path(__file__).resolve().parent / "confirm"


def _registration_site() -> tuple[str, int]:
    """The innermost caller in a topic module of ``numeric/confirm`` (a module whose
    name has no leading underscore); failing that, the caller of :func:`confirms`.
    A helper such as ``_identities.register_identity_checks("kl.gaussian.standard")``
    is thus located at its call in ``confirm/kl.py``, where a reader looks."""
    frame = sys._getframe(2)  # the caller of confirms()
    first = (frame.f_code.co_filename, frame.f_lineno)
    while frame is not None:
        path = Path(frame.f_code.co_filename).resolve()
        if path.parent == _CONFIRM_DIR and not path.name.startswith("_"):
            return package_path(str(path)), frame.f_lineno
        frame = frame.f_back
    return package_path(first[0]), first[1]


def confirms(result_id: str, method: str) -> Callable[[ConfirmFn], ConfirmFn]:
    """Decorator registering ``fn(result, seed) -> Confirmation`` for ``result_id``."""
    site = _registration_site()

    def decorate(fn: ConfirmFn) -> ConfirmFn:
        if (result_id, method) in REGISTERED_AT:
            raise ValueError(f"{result_id}: method {method!r} registered twice")
        CONFIRMATIONS.setdefault(result_id, []).append((method, fn))
        REGISTERED_AT[result_id, method] = site
        return fn

    return decorate


def load_all() -> dict[str, list[tuple[str, ConfirmFn]]]:
    """Import every module of :mod:`probproof.numeric.confirm` and return the registry."""
    from probproof.numeric import confirm

    for info in pkgutil.iter_modules(confirm.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{confirm.__name__}.{info.name}")
    return CONFIRMATIONS
