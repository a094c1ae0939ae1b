"""probproof: derive, check and confirm the mathematics of generative models.

>>> import probproof
>>> probproof.check("H(Normal(0, s)) == log(2*pi*exp(1)*s**2)/2", {"s": "positive"}).passed
True
"""

from __future__ import annotations

from probproof.checks.api import assert_claim, assert_derivation, check, check_derivation
from probproof.checks.verdict import Counterexample, Status, Verdict

__version__ = "0.1.0"
__all__ = ["Counterexample", "Status", "Verdict", "__version__", "assert_claim",
           "assert_derivation", "check", "check_derivation"]
