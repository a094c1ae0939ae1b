"""Confirmations of ``vae.*``, the VAE objective (seed 001, 2.ii): its Gaussian KL term by
the generic checks and torch.distributions, and its Bernoulli log-likelihood as follows.

The result's per-pixel log mass (its right side at ``x = 0`` and ``x = 1``,
and its left side, ``logpdf(Bernoulli(y), x)``) is applied to random binarised
14 x 14 images and decoder outputs, summed over the 196 pixels, and compared
with minus the summed binary cross-entropy of ``torch.nn.functional``: once
from probabilities (``binary_cross_entropy``) and once from logits
(``binary_cross_entropy_with_logits``), in float64.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F

from probproof.derivations.vocabulary import explicit_densities
from probproof.numeric.confirm._gaussian_kl_torch import register_torch_kl_checks
from probproof.numeric.confirm._identities import register_identity_checks
from probproof.numeric.confirmations import Confirmation, confirms

PIXELS = 196
IMAGES = 20
TOL = 1e-10  # relative to max(1, |value|)
Y = sp.Symbol("y", positive=True)


def _per_pixel(side: sp.Basic) -> list[Callable[[np.ndarray], np.ndarray]]:
    """A side (a 2-vector: the value at x = 0 and at x = 1) as two functions of y."""
    entries = list(sp.Matrix(explicit_densities(side).doit()))
    if len(entries) != 2:
        raise ValueError("expected the log mass at x = 0 and at x = 1")
    return [sp.lambdify(Y, e, "numpy") for e in entries]


def _image_loglik(side: sp.Basic, x: np.ndarray, y: np.ndarray) -> float:
    at0, at1 = _per_pixel(side)
    return float(np.where(x == 1, at1(y), at0(y)).sum())


def _confirm(result, seed: int, logits: bool) -> Confirmation:
    method = "torch.binary_cross_entropy" + ("_with_logits" if logits else "")
    rng = np.random.default_rng(seed + int(logits))
    worst = 0.0
    for _ in range(IMAGES):
        x = (rng.uniform(0, 256, PIXELS) > 128).astype(float)  # binarised as in the seed
        a = rng.normal(0, 3, PIXELS)  # decoder pre-activations
        y = 1 / (1 + np.exp(-a))
        if logits:
            ref = -float(
                F.binary_cross_entropy_with_logits(
                    torch.tensor(a), torch.tensor(x), reduction="sum"
                )
            )
        else:
            ref = -float(F.binary_cross_entropy(torch.tensor(y), torch.tensor(x), reduction="sum"))
        st = result.statement
        for name, side in (("left", st.lhs), ("right", st.rhs)):
            got = _image_loglik(side, x, y)
            err = abs(got - ref) / max(1.0, abs(ref))
            worst = max(worst, err)
            if not err <= TOL:
                return Confirmation(
                    method,
                    False,
                    f"{name} side summed over {PIXELS} pixels = {got:.10g}, "
                    f"-{method}(reduction='sum') = {ref:.10g}",
                    err,
                )
    return Confirmation(
        method,
        True,
        f"{IMAGES} random binarised images of {PIXELS} pixels with decoder outputs "
        f"sigmoid(N(0, 9)) in float64: both sides summed over pixels vs -{method} "
        f"(reduction='sum'), largest relative error {worst:.2e} (tolerance {TOL:g})",
        worst,
    )


@confirms("vae.objective.bernoulli_loglik", "torch.binary_cross_entropy")
def by_binary_cross_entropy(result, seed: int) -> Confirmation:
    """Against ``torch.nn.functional.binary_cross_entropy`` on probabilities."""
    return _confirm(result, seed, logits=False)


@confirms("vae.objective.bernoulli_loglik", "torch.binary_cross_entropy_with_logits")
def by_binary_cross_entropy_with_logits(result, seed: int) -> Confirmation:
    """Against ``binary_cross_entropy_with_logits`` (a different, log-sum-exp route)."""
    return _confirm(result, seed, logits=True)


register_identity_checks("vae.objective.kl_term", quadrature=False)
register_torch_kl_checks("vae.objective.kl_term")
