"""Confirmations of the free-energy results (seed 001, 1a-1b): exhaustive enumeration
with scipy, torch.distributions, torch autograd, and numeric maximisation of F.

The results are general in the number of states M; each check evaluates the claimed sides
at random instances (M from 2 to 6, random energies, weights and inverse temperatures),
their finite sums written out, against peers that know nothing of the formulas."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp
import torch
from scipy import optimize
from scipy.special import logsumexp, softmax
from scipy.stats import entropy

from probproof.numeric.confirm._common import instance, torch_maximum
from probproof.numeric.confirmations import Confirmation, confirms

SIZES = (2, 3, 4, 6)


@cache
def _instance(expr: sp.Basic, n: int, torch_module: bool = False):
    """``expr`` at ``M = n`` as ``f(beta, phi, c)``, the energies ``Phi[w]`` and weights
    ``c[w]`` (w = 1..n) read from arrays of length n."""
    return instance(expr, "M", n, ["beta"], ["Phi", "c"], "torch" if torch_module else "numpy")


def _points(seed: int, n: int = 30):
    rng = np.random.default_rng(seed)
    for k in range(n):
        size = SIZES[k % len(SIZES)]
        beta = float(np.exp(rng.uniform(-2, 2)))
        phi = rng.normal(0, 2, size)
        c = np.exp(rng.uniform(-3, 3, size))
        yield beta, phi, c


def _report(method, errs, tol, what):
    worst = float(max(errs))
    return Confirmation(method, worst <= tol, f"{what}; {len(errs)} random points; largest "
                        f"error {worst:.2g} (tolerance {tol:g})", worst)


@confirms("free_energy.identity", "scipy.stats.entropy")
def identity_scipy(result, seed: int = 0) -> Confirmation:
    st = result.statement
    errs = []
    for beta, phi, c in _points(seed):
        kl = entropy(c / c.sum(), softmax(-beta * phi))
        errs += [abs(kl - _instance(side, len(phi))(beta, phi, c)) for side in (st.lhs, st.rhs)]
    return _report("scipy.stats.entropy", errs, 1e-10, "KL(q||p) by scipy.stats.entropy "
                   "against both claimed sides, 2 to 6 states")


@confirms("free_energy.identity", "torch.distributions")
def identity_torch(result, seed: int = 0) -> Confirmation:
    st = result.statement
    errs = []
    C = torch.distributions.Categorical
    for beta, phi, c in _points(seed + 1):
        kl = float(torch.distributions.kl_divergence(
            C(probs=torch.tensor(c / c.sum())), C(logits=torch.tensor(-beta * phi))))
        errs += [abs(kl - _instance(side, len(phi))(beta, phi, c)) for side in (st.lhs, st.rhs)]
    return _report("torch.distributions", errs, 1e-10, "KL of torch Categoricals against both "
                   "claimed sides, 2 to 6 states")


@confirms("free_energy.mean_energy", "torch-autograd")
def mean_energy_autograd(result, seed: int = 0) -> Confirmation:
    """The claimed left side against E_p[Phi] by enumeration, the claimed right side against
    -d logsumexp(-beta Phi)/d beta by torch autograd (float64)."""
    st = result.statement
    errs = []
    for beta, phi, c in _points(seed):
        lhs, rhs = _instance(st.lhs, len(phi)), _instance(st.rhs, len(phi))
        b = torch.tensor(beta, dtype=torch.float64, requires_grad=True)
        logz = torch.logsumexp(-b * torch.tensor(phi), 0)
        (g,) = torch.autograd.grad(logz, b)
        expect = float(np.dot(softmax(-beta * phi), phi))
        errs += [abs(rhs(beta, phi, c) - (-float(g))), abs(lhs(beta, phi, c) - expect)]
    return _report("torch-autograd", errs, 1e-10, "-dlogZ/dbeta by autograd and E_p[Phi] by "
                   "enumeration against the two claimed sides")


@confirms("free_energy.mean_energy", "finite-differences")
def mean_energy_fd(result, seed: int = 0) -> Confirmation:
    st = result.statement
    errs = []
    for beta, phi, c in _points(seed + 7):
        lhs, rhs = _instance(st.lhs, len(phi)), _instance(st.rhs, len(phi))
        h = 1e-5 * beta
        d = (logsumexp(-(beta + h) * phi) - logsumexp(-(beta - h) * phi)) / (2 * h)
        expect = float(np.dot(softmax(-beta * phi), phi))
        errs += [abs(rhs(beta, phi, c) + d) / max(1, abs(d)), abs(lhs(beta, phi, c) - expect)]
    return _report("finite-differences", errs, 1e-6, "central differences of logsumexp and "
                   "enumeration against the two claimed sides")


def _bound_check(result, seed, maximise, method):
    """F(q) <= log Z at random q, and max_q F (by ``maximise(F, beta, phi)``) = log Z."""
    st = result.statement
    errs, below, tried = [], 0, 0
    rng = np.random.default_rng(seed)
    for beta, phi, c in _points(seed, 8):
        F, logz = _instance(st.lhs, len(phi)), _instance(st.rhs, len(phi))
        for _ in range(20):
            cc = rng.dirichlet(np.full(len(phi), rng.choice([0.05, 1.0, 5.0]))) + 1e-300
            below += F(beta, phi, cc) <= logz(beta, phi, cc) + 1e-12
            tried += 1
        errs.append(abs(maximise(_instance(st.lhs, len(phi), method == "torch-autograd"),
                                 beta, phi) - logz(beta, phi, c)))
    worst = float(max(errs))
    ok = below == tried and worst <= 1e-4
    return Confirmation(method, ok, f"F(q) <= claimed log Z at {below}/{tried} random q, 2 to 6 "
                        f"states; max_q F by {method} vs claimed log Z: largest gap {worst:.2g} "
                        "(tolerance 1e-4: peaked p put the optimum far out in logit space)", worst)


@confirms("free_energy.bound", "scipy.optimize")
def bound_scipy(result, seed: int = 0) -> Confirmation:
    def maximise(F, beta, phi):
        r = optimize.minimize(lambda z: -F(beta, phi, np.exp(z)), np.zeros(len(phi)),
                              method="BFGS", options={"gtol": 1e-10})
        return -r.fun
    return _bound_check(result, seed, maximise, "scipy.optimize")


@confirms("free_energy.bound", "torch-autograd")
def bound_torch(result, seed: int = 0) -> Confirmation:
    def maximise(F, beta, phi):
        ph, b = torch.tensor(phi), torch.tensor(beta, dtype=torch.float64)
        return torch_maximum(lambda z: F(b, ph, torch.exp(z)), len(phi))
    return _bound_check(result, seed, maximise, "torch-autograd")
