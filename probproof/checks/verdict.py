"""Verdicts: the one outcome of every check, with its evidence.

The five statuses are those of DESIGN.md. ``proved`` and ``confirmed`` pass;
``refuted``, ``undecided`` and ``error`` do not. A :class:`Verdict` carries
what a reader needs to trust it: the methods that ran, how many trials agreed
and the largest error seen, or the counterexample that broke the claim.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    PROVED = "proved"
    CONFIRMED = "confirmed"
    REFUTED = "refuted"
    UNDECIDED = "undecided"
    ERROR = "error"

    @property
    def passed(self) -> bool:
        return self in (Status.PROVED, Status.CONFIRMED)


def _json_number(x: Any) -> Any:
    """A JSON-safe rendering of a number: complex as [re, im], inf/nan as strings."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, complex):
        if x.imag == 0:
            return _json_number(x.real)
        return [_json_number(x.real), _json_number(x.imag)]
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "oo" if f > 0 else "-oo"
    if isinstance(x, int) or (hasattr(x, "is_integer") and getattr(x, "is_Integer", False)):
        return int(x)
    return f


@dataclass(frozen=True)
class Counterexample:
    """Parameter values at which the two sides of a claim disagree.

    ``lhs_error`` / ``rhs_error`` are Monte Carlo standard errors (``None`` for
    values computed deterministically).
    """

    values: dict[str, Any]
    lhs: Any
    rhs: Any
    lhs_error: float | None = None
    rhs_error: float | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "values": {k: _json_number(v) for k, v in self.values.items()},
            "lhs": _json_number(self.lhs),
            "rhs": _json_number(self.rhs),
        }
        if self.lhs_error is not None or self.rhs_error is not None:
            out["lhs_error"] = _json_number(self.lhs_error)
            out["rhs_error"] = _json_number(self.rhs_error)
        return out

    def describe(self) -> str:
        vals = ", ".join(f"{k} = {_fmt(v)}" for k, v in self.values.items()) or "(no parameters)"
        lhs = _fmt(self.lhs) + (f" ± {_fmt(self.lhs_error)}" if self.lhs_error else "")
        rhs = _fmt(self.rhs) + (f" ± {_fmt(self.rhs_error)}" if self.rhs_error else "")
        return f"at {vals}: lhs = {lhs}, rhs = {rhs}"


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.10g}"
    if isinstance(x, complex):
        return f"{x.real:.10g}{x.imag:+.10g}j"
    return str(x)


@dataclass
class Verdict:
    """The outcome of checking one claim.

    Attributes
    ----------
    status : Status
        ``proved``, ``confirmed``, ``refuted``, ``undecided`` or ``error``.
    methods : list of str
        The methods that contributed (``"symbolic"``, ``"quadrature"``,
        ``"monte-carlo"``, ...).
    message : str
        One line a person can read: why, how many trials, the largest error.
    counterexample : Counterexample or None
        Set exactly when ``status`` is ``refuted``.
    trials : int
        Number of parameter points at which both sides were compared.
    max_error : float or None
        The largest discrepancy seen among agreeing trials (relative to the
        tolerance scale of the method).
    seconds : float
        Wall time of the check.
    """

    status: Status
    methods: list[str] = field(default_factory=list)
    message: str = ""
    counterexample: Counterexample | None = None
    trials: int = 0
    max_error: float | None = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status.passed

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": str(self.status),
            "methods": list(self.methods),
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "message": self.message,
            "trials": self.trials,
            "max_error": _json_number(self.max_error),
            "seconds": round(self.seconds, 4),
        }

    def __str__(self) -> str:
        text = f"{self.status}"
        if self.methods:
            text += f" [{', '.join(self.methods)}]"
        if self.message:
            text += f": {self.message}"
        if self.counterexample is not None:
            text += f"; {self.counterexample.describe()}"
        return text
