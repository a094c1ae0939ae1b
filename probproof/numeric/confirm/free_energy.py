"""Confirmations of the free-energy results (seed 001, 1a-1b): exhaustive enumeration
with scipy, torch.distributions, torch autograd, and numeric maximisation of F."""

from __future__ import annotations

import numpy as np
import torch
from scipy import optimize
from scipy.special import logsumexp, softmax
from scipy.stats import entropy

from probproof.numeric.confirm._common import lam
from probproof.numeric.confirmations import Confirmation, confirms

NAMES = ["beta", "phi0", "phi1", "phi2", "c0", "c1", "c2"]


def _points(seed: int, n: int = 30):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        beta = float(np.exp(rng.uniform(-2, 2)))
        phi = rng.normal(0, 2, 3)
        c = np.exp(rng.uniform(-3, 3, 3))
        yield beta, phi, c


def _report(method, errs, tol, what):
    worst = float(max(errs))
    return Confirmation(method, worst <= tol, f"{what}; {len(errs)} random points; largest "
                        f"error {worst:.2g} (tolerance {tol:g})", worst)


@confirms("free_energy.identity", "scipy.stats.entropy")
def identity_scipy(result, seed: int = 0) -> Confirmation:
    rhs = lam(result.statement.rhs, NAMES)
    errs = []
    for beta, phi, c in _points(seed):
        p = softmax(-beta * phi)
        errs.append(abs(entropy(c / c.sum(), p) - rhs(beta, *phi, *c)))
    return _report("scipy.stats.entropy", errs, 1e-10, "KL(q||p) by scipy.stats.entropy "
                   "against the claimed right-hand side")


@confirms("free_energy.identity", "torch.distributions")
def identity_torch(result, seed: int = 0) -> Confirmation:
    rhs = lam(result.statement.rhs, NAMES)
    errs = []
    C = torch.distributions.Categorical
    for beta, phi, c in _points(seed + 1):
        kl = torch.distributions.kl_divergence(
            C(probs=torch.tensor(c / c.sum())), C(logits=torch.tensor(-beta * phi)))
        errs.append(abs(float(kl) - rhs(beta, *phi, *c)))
    return _report("torch.distributions", errs, 1e-10, "KL of torch Categoricals against the "
                   "claimed right-hand side")


@confirms("free_energy.mean_energy", "torch-autograd")
def mean_energy_autograd(result, seed: int = 0) -> Confirmation:
    """The claimed left side against E_p[Phi] by enumeration, the claimed right side against
    -d logsumexp(-beta Phi)/d beta by torch autograd (float64)."""
    lhs, rhs = lam(result.statement.lhs, NAMES), lam(result.statement.rhs, NAMES)
    errs = []
    for beta, phi, c in _points(seed):
        b = torch.tensor(beta, dtype=torch.float64, requires_grad=True)
        logz = torch.logsumexp(-b * torch.tensor(phi), 0)
        (g,) = torch.autograd.grad(logz, b)
        expect = float(np.dot(softmax(-beta * phi), phi))
        errs += [abs(rhs(beta, *phi, *c) - (-float(g))), abs(lhs(beta, *phi, *c) - expect)]
    return _report("torch-autograd", errs, 1e-10, "-dlogZ/dbeta by autograd and E_p[Phi] by "
                   "enumeration against the two claimed sides")


@confirms("free_energy.mean_energy", "finite-differences")
def mean_energy_fd(result, seed: int = 0) -> Confirmation:
    lhs, rhs = lam(result.statement.lhs, NAMES), lam(result.statement.rhs, NAMES)
    errs = []
    for beta, phi, c in _points(seed + 7):
        h = 1e-5 * beta
        d = (logsumexp(-(beta + h) * phi) - logsumexp(-(beta - h) * phi)) / (2 * h)
        expect = float(np.dot(softmax(-beta * phi), phi))
        errs += [abs(rhs(beta, *phi, *c) + d) / max(1, abs(d)),
                 abs(lhs(beta, *phi, *c) - expect)]
    return _report("finite-differences", errs, 1e-6, "central differences of logsumexp and "
                   "enumeration against the two claimed sides")


def _bound_check(result, seed, maximise, method):
    """F(q) <= log Z at random q, and max_q F (by ``maximise(beta, phi)``) = log Z."""
    F, logz = lam(result.statement.lhs, NAMES), lam(result.statement.rhs, NAMES)
    errs, below = [], 0
    rng = np.random.default_rng(seed)
    pts = list(_points(seed, 6))
    for beta, phi, c in pts:
        for _ in range(20):
            cc = rng.dirichlet(np.full(3, rng.choice([0.05, 1.0, 5.0]))) + 1e-300
            below += F(beta, *phi, *cc) <= logz(beta, *phi, *cc) + 1e-12
        errs.append(abs(maximise(beta, phi) - logz(beta, *phi, *c)))
    worst = float(max(errs))
    ok = below == 20 * len(pts) and worst <= 1e-4
    return Confirmation(method, ok, f"F(q) <= claimed log Z at {below}/{20 * len(pts)} random q; "
                        f"max_q F by {method} vs claimed log Z: largest gap {worst:.2g} "
                        "(tolerance 1e-4: peaked p put the optimum far out in logit space)", worst)


@confirms("free_energy.bound", "scipy.optimize")
def bound_scipy(result, seed: int = 0) -> Confirmation:
    F = lam(result.statement.lhs, NAMES)

    def maximise(beta, phi):
        r = optimize.minimize(lambda z: -F(beta, *phi, *np.exp(z)), np.zeros(3), method="BFGS",
                              options={"gtol": 1e-10})
        return -r.fun
    return _bound_check(result, seed, maximise, "scipy.optimize")


@confirms("free_energy.bound", "torch-autograd")
def bound_torch(result, seed: int = 0) -> Confirmation:
    F = lam(result.statement.lhs, NAMES, module="torch")

    def maximise(beta, phi):
        z = torch.zeros(3, dtype=torch.float64, requires_grad=True)
        ph = torch.tensor(phi)
        opt = torch.optim.LBFGS([z], max_iter=500, tolerance_grad=1e-12,
                                tolerance_change=1e-15, line_search_fn="strong_wolfe")

        def closure():
            opt.zero_grad()
            loss = -F(torch.tensor(beta, dtype=torch.float64), *ph, *torch.exp(z))
            loss.backward()
            return loss
        opt.step(closure)
        with torch.no_grad():
            return float(F(torch.tensor(beta, dtype=torch.float64), *ph, *torch.exp(z)))
    return _bound_check(result, seed, maximise, "torch-autograd")
