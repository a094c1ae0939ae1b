"""probproof: derive, check and confirm the mathematics of generative models.

>>> import probproof
>>> probproof.check("H(Normal(0, s)) == log(2*pi*exp(1)*s**2)/2", {"s": "positive"}).passed
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from probproof.checks.api import assert_claim, assert_derivation, check, check_derivation
    from probproof.checks.verdict import Counterexample, Status, Verdict

__version__ = "0.1.0"
__all__ = ["Counterexample", "Status", "Verdict", "__version__", "assert_claim",
           "assert_derivation", "check", "check_derivation"]

# The public names are imported on first use (PEP 562): the engine pulls in
# SymPy, scipy and Hypothesis, and `probproof --help` must not pay for them.
_LAZY = {
    "assert_claim": "probproof.checks.api",
    "assert_derivation": "probproof.checks.api",
    "check": "probproof.checks.api",
    "check_derivation": "probproof.checks.api",
    "Counterexample": "probproof.checks.verdict",
    "Status": "probproof.checks.verdict",
    "Verdict": "probproof.checks.verdict",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'probproof' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
