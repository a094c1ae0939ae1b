"""Confirmations of ``vfe.*`` (seed 003, question 2): the generic checks of the free-energy
gap (2.1); the factorised KL (2.2), stated for any dimension D, at random dimensions from 1
to 6 (against torch's MultivariateNormal divergence, and by Monte Carlo); and the torch
confirmations of the reparameterised KL gradient (2.4).

The claimed gradient ``(d/dmu, d/dsigma) KL(N(mu, sigma^2) || N(0, 1))`` is read
from the result's right side and compared with

1. the Monte Carlo mean of the per-sample gradients that torch autograd
   backpropagates through the seed's graph ``z = mu + sigma e``,
   ``r = log q(z)``, ``s = log p(z)``, ``t = r - s`` (float64), with CLT standard
   errors and a z-test;
2. the autograd gradient of ``torch.distributions.kl_divergence`` (a peer
   library's closed form, differentiated by torch, not by SymPy).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import sympy as sp
import torch
from scipy.stats import norm

from probproof.derivations import vfe
from probproof.numeric.confirm._gaussian_kl_torch import torch_value
from probproof.numeric.confirm._identities import register_identity_checks
from probproof.numeric.confirmations import Confirmation, confirms
from probproof.numeric.evaluate import Context, evaluate
from probproof.numeric.tolerance import AGREE, Z, compare

#: Random (mu, sigma) points per confirmation.
POINTS = 4
#: Draws of e per point for the Monte Carlo mean.
DRAWS = 200_000
#: False-alarm bound of one whole confirmation (two-sided, Bonferroni over all
#: 2 * POINTS comparisons): a true formula is refuted with probability < 1e-6.
FALSE_ALARM = 1e-6
#: Tolerance of the deterministic (peer-library) comparison.
DETERMINISTIC_TOL = 1e-10

MU, SIGMA = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)


def claimed_gradient(result) -> Callable[[float, float], np.ndarray]:
    """The result's right side as ``f(mu, sigma) -> np.ndarray`` of shape (2,)."""
    rhs = sp.Matrix(result.statement.rhs)
    if rhs.shape != (2, 1):
        raise ValueError(f"expected a 2-vector gradient, got shape {rhs.shape}")
    f = sp.lambdify((MU, SIGMA), list(rhs), "math")
    return lambda m, s: np.array([float(v) for v in f(m, s)])


def _points(seed: int) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    return [(float(rng.uniform(-1.5, 1.5)), float(rng.uniform(0.4, 2.0))) for _ in range(POINTS)]


def per_sample_gradients(m: float, s: float, draws: int, seed: int) -> torch.Tensor:
    """Gradients of ``t = log q(z) - log p(z)`` at ``z = mu + sigma e``, one row per
    draw of ``e``, by backpropagation (``t`` is summed over independent draws, so
    each draw's gradient is its own row)."""
    gen = torch.Generator().manual_seed(seed)
    e = torch.randn(draws, generator=gen, dtype=torch.float64)
    mu = torch.full((draws,), m, dtype=torch.float64, requires_grad=True)
    sigma = torch.full((draws,), s, dtype=torch.float64, requires_grad=True)
    z = mu + sigma * e
    half_log_2pi = 0.5 * math.log(2 * math.pi)
    r = -((z - mu) ** 2) / (2 * sigma**2) - torch.log(sigma) - half_log_2pi
    s_ = -(z**2) / 2 - half_log_2pi
    t = r - s_
    t.sum().backward()
    return torch.stack([mu.grad, sigma.grad], dim=1)


@confirms("vfe.kl.reparam_gradient", "monte-carlo-autograd")
def by_monte_carlo(result, seed: int) -> Confirmation:
    """Monte Carlo mean of backpropagated per-sample gradients vs the claim (z-test)."""
    claimed = claimed_gradient(result)
    z_crit = float(norm.isf(FALSE_ALARM / (2 * 2 * POINTS)))
    worst = 0.0
    for k, (m, s) in enumerate(_points(seed)):
        grads = per_sample_gradients(m, s, DRAWS, seed * 1000 + k).numpy()
        mean = grads.mean(axis=0)
        se = grads.std(axis=0, ddof=1) / math.sqrt(DRAWS)
        dev = np.abs(mean - claimed(m, s)) / se
        worst = max(worst, float(dev.max()))
        if dev.max() > z_crit:
            return Confirmation(
                "monte-carlo-autograd",
                False,
                f"at mu = {m:.4g}, sigma = {s:.4g}: MC mean {mean.round(5).tolist()} ± "
                f"{se.round(5).tolist()} vs claimed {claimed(m, s).round(5).tolist()} "
                f"({dev.max():.1f} standard errors > z = {z_crit:.2f})",
                float(dev.max()),
            )
    return Confirmation(
        "monte-carlo-autograd",
        True,
        f"{POINTS} random (mu, sigma), {DRAWS} draws of e each, per-sample gradients by "
        f"torch autograd through z = mu + sigma e, t = log q(z) - log p(z) (float64); "
        f"mean vs claim within z = {z_crit:.2f} standard errors (false alarm < "
        f"{FALSE_ALARM:g} per check, Bonferroni over {2 * POINTS} comparisons); largest "
        f"deviation {worst:.2f} standard errors",
        worst,
    )


def peer_gradient(m: float, s: float) -> np.ndarray:
    """Autograd gradient of ``torch.distributions.kl_divergence(N(mu, sigma), N(0, 1))``."""
    dist = torch.distributions
    mu = torch.tensor(m, dtype=torch.float64, requires_grad=True)
    sigma = torch.tensor(s, dtype=torch.float64, requires_grad=True)
    zero, one = torch.zeros((), dtype=torch.float64), torch.ones((), dtype=torch.float64)
    kl = dist.kl_divergence(dist.Normal(mu, sigma), dist.Normal(zero, one))
    gm, gs = torch.autograd.grad(kl, (mu, sigma))
    return np.array([float(gm), float(gs)])


@confirms("vfe.kl.reparam_gradient", "torch.distributions")
def by_peer_library(result, seed: int) -> Confirmation:
    """The claim vs autograd of torch.distributions.kl_divergence, deterministic."""
    claimed = claimed_gradient(result)
    rng = np.random.default_rng(seed + 7)
    worst = 0.0
    trials = 20
    for _ in range(trials):
        m, s = float(rng.uniform(-3, 3)), float(rng.uniform(0.2, 3.0))
        err = float(np.abs(claimed(m, s) - peer_gradient(m, s)).max())
        worst = max(worst, err)
        if err > DETERMINISTIC_TOL * max(1.0, 1 / s):
            return Confirmation(
                "torch.distributions",
                False,
                f"at mu = {m:.4g}, sigma = {s:.4g}: claimed {claimed(m, s).tolist()}, "
                f"autograd of kl_divergence {peer_gradient(m, s).tolist()}",
                err,
            )
    return Confirmation(
        "torch.distributions",
        True,
        f"{trials} random (mu, sigma): claim vs torch autograd gradient of "
        f"torch.distributions.kl_divergence(Normal(mu, sigma), Normal(0, 1)) in float64, "
        f"largest error {worst:.2e} (tolerance {DETERMINISTIC_TOL:g} x max(1, 1/sigma))",
        worst,
    )


register_identity_checks("vfe.free_energy.posterior_gap")


# ------------------------------------------------------- 2.2 vfe.kl.factorised_sum
#: Instances of the general statement: a dimension from 1 to 6, random mu_i and sigma_i.
FACTORISED_POINTS = 4


def _factorised_instances(seed: int):
    rng = np.random.default_rng(seed)
    for _ in range(FACTORISED_POINTS):
        size = int(rng.integers(1, 7))
        yield rng.uniform(-2, 2, size), rng.uniform(0.3, 2.5, size)


def _written_out(total: sp.Sum) -> sp.Expr:
    """A sum over a numeric range as its terms (doit() would also evaluate each term's
    divergences and expectations by SymPy: the closed forms this check must not use)."""
    ((index, low, high),) = total.limits
    return sp.Add(*[total.function.xreplace({index: sp.Integer(j)})
                    for j in range(int(low), int(high) + 1)])


def factorised_instance(expr: sp.Basic, mus: np.ndarray, sigmas: np.ndarray) -> sp.Basic:
    """The general ``expr`` at ``D = len(mus)`` with ``mu_i``, ``sigma_i`` the given numbers
    (i from 0), its sums over the coordinates written out."""
    out = sp.sympify(expr).xreplace({vfe.D_: sp.Integer(len(mus))})
    out = out.replace(lambda e: isinstance(e, sp.Sum) and len(e.limits) == 1, _written_out)
    return out.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base in (vfe.MU_I, vfe.SIGMA_I),
        lambda e: sp.Float(float((mus if e.base == vfe.MU_I else sigmas)[int(e.indices[0])]),
                           30))


@confirms("vfe.kl.factorised_sum", "torch.distributions.MultivariateNormal")
def factorised_by_peer(result, seed: int) -> Confirmation:
    """The claimed sum of divergences (each 1-D divergence by torch's kl_divergence) against
    torch's divergence of the D-dimensional Gaussians (MultivariateNormal, through Cholesky
    factors: not a sum over coordinates), at random dimensions and parameters."""
    worst = 0.0
    for mus, sigmas in _factorised_instances(seed + 3):
        claimed = torch_value(factorised_instance(result.statement.rhs, mus, sigmas), {},
                              "Normal")
        mvn = torch.distributions.MultivariateNormal
        mean, scale = (torch.tensor(v, dtype=torch.float64) for v in (mus, sigmas))
        truth = float(torch.distributions.kl_divergence(
            mvn(mean, covariance_matrix=torch.diag(scale**2)),
            mvn(torch.zeros_like(mean), covariance_matrix=torch.eye(len(mus),
                                                                    dtype=torch.float64))))
        err = abs(claimed - truth) / max(1.0, abs(truth))
        worst = max(worst, err)
        if err > DETERMINISTIC_TOL * 10:
            return Confirmation("torch.distributions.MultivariateNormal", False,
                                f"at D = {len(mus)}, mu = {np.round(mus, 4).tolist()}, sigma = "
                                f"{np.round(sigmas, 4).tolist()}: claimed {claimed:.10g}, "
                                f"torch {truth:.10g}", err)
    return Confirmation("torch.distributions.MultivariateNormal", True,
                        f"{FACTORISED_POINTS} random dimensions (1 to 6) and parameters: the "
                        f"claimed sum against torch's kl_divergence of the D-dimensional "
                        f"MultivariateNormal laws (float64); largest relative error "
                        f"{worst:.2e} (tolerance {DETERMINISTIC_TOL * 10:g})", worst)


@confirms("vfe.kl.factorised_sum", "monte-carlo")
def factorised_by_monte_carlo(result, seed: int) -> Confirmation:
    """Both sides by the shared evaluator at random dimensions and parameters: the left,
    the expectation over the D draws, by Monte Carlo; the right, each divergence, by
    quadrature; compared by the one tolerance rule."""
    st = result.statement
    ctx = Context(seed=seed, monte_carlo=True)
    worst = 0.0
    for mus, sigmas in _factorised_instances(seed + 4):
        lhs, rhs = (evaluate(factorised_instance(side, mus, sigmas), {}, ctx)
                    for side in (st.lhs, st.rhs))
        c = compare(lhs, rhs, st.relation)
        worst = max(worst, c.gap / c.tolerance if c.tolerance > 0 else 0.0)
        if c.outcome != AGREE:
            return Confirmation("monte-carlo", False,
                                f"at D = {len(mus)}: lhs {lhs.real:.6g} +- {lhs.stderr:.2g}, "
                                f"rhs {rhs.real:.6g} ({c.outcome})", worst)
    return Confirmation("monte-carlo", True,
                        f"{FACTORISED_POINTS} random dimensions (1 to 6) and parameters: the "
                        f"expectation over the draws by Monte Carlo ({ctx.mc_samples} draws), "
                        f"the divergences by quadrature; largest gap {worst:.3g} of its "
                        f"tolerance ({Z:.2f} standard errors)", worst)
