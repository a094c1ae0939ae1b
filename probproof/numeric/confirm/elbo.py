"""Confirmations of ``elbo.*`` (seed 004, 1.1-1.4): both sides of each statement by
quadrature and by Monte Carlo at random parameter points (see ``_identities.py``)."""

from __future__ import annotations

from probproof.numeric.confirm._identities import register_identity_checks

register_identity_checks("elbo.decomposition")
register_identity_checks("elbo.reparam_estimator")
