"""Confirmations of ``iwae.*``: both sides of each bound by quadrature and by Monte Carlo
at random parameter points (see ``_identities.py``)."""

from __future__ import annotations

from probproof.numeric.confirm._identities import register_identity_checks

register_identity_checks("iwae.bound.upper")
register_identity_checks("iwae.bound.monotone")
