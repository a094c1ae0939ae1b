"""Free energy, ``free_energy.*``: log-partition function and the variational bound
(seed 001, 1a and 1b).

A three-state example W = {0, 1, 2} with energies phi0, phi1, phi2 and inverse temperature
beta; q is any distribution on W, parametrised as q_i = c_i / (c0 + c1 + c2).
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import KL, Categorical

SEED = "001_6664ac7dfb33b96a.txt"

beta = sp.Symbol("beta", positive=True)
phi = sp.symbols("phi0:3", real=True)
c = sp.symbols("c0:3", positive=True)
qs = [ci / sum(c) for ci in c]
Z = sum(sp.exp(-beta * f) for f in phi)
ps = [sp.exp(-beta * f) / Z for f in phi]
Q, P = Categorical(qs), Categorical(ps)
DOMAINS = {"beta": "positive", **{f.name: "real" for f in phi}, **{ci.name: "positive" for ci in c}}


def _sum(terms):
    return sp.Add(*terms)


def free_energy(qv):
    return -beta * _sum(qi * f for qi, f in zip(qv, phi, strict=True)) - _sum(
        qi * sp.log(qi) for qi in qv)


@register
def identity() -> Result:
    rhs = beta * _sum(qi * f for qi, f in zip(qs, phi, strict=True)) + _sum(
        qi * sp.log(qi) for qi in qs) + sp.log(Z)
    return Result(
        id="free_energy.identity",
        title="KL(q||p) = beta E_q[Phi] - H(q) + log Z  (equation 2)",
        sources=(Source(SEED, "1a"),),
        statement=Statement(KL(Q, P), rhs, "==",
                            "KL(q||p) = beta sum q Phi + sum q log q + log Z(beta)"),
        derivations=(Derivation(KL(Q, P), (
            Step(_sum(qi * (sp.log(qi) - sp.log(pi)) for qi, pi in zip(qs, ps, strict=True)),
                 "definition of KL for distributions on a finite set"),
            Step(_sum(qi * (sp.log(qi) + beta * f + sp.log(Z))
                      for qi, f in zip(qs, phi, strict=True)),
                 "log p(w) = -beta Phi(w) - log Z"),
            Step(beta * _sum(qi * f for qi, f in zip(qs, phi, strict=True))
                 + _sum(qi * sp.log(qi) for qi in qs) + sp.log(Z) * _sum(qs),
                 "expand the sum"),
            Step(rhs, "sum_w q(w) = 1"),
        ), "expand log p"),),
        answer=(r"$\mathrm{KL}(q\|p) = \sum_w q\log q - \sum_w q\log p$ and "
                r"$\log p(w) = -\beta\Phi(w) - \log Z(\beta)$, so "
                r"$\mathrm{KL}(q\|p) = \beta\sum_w q\Phi + \sum_w q\log q + \log Z(\beta)\sum_w q$ "
                r"$= \beta\sum_w q\Phi + \sum_w q\log q + \log Z(\beta)$ "
                r"$= \log Z(\beta) - \mathcal F(q)$."),
        domains=DOMAINS,
        notes=("Checked on a three-state space; the derivation uses nothing about the number "
               "of states.",),
    )


@register
def mean_energy() -> Result:
    lhs = _sum(pi * f for pi, f in zip(ps, phi, strict=True))
    rhs = -sp.diff(sp.log(Z), beta)
    dZ = sp.diff(Z, beta)
    return Result(
        id="free_energy.mean_energy",
        title="E_p[Phi] = -d log Z / d beta  (equation 4)",
        sources=(Source(SEED, "1b"),),
        statement=Statement(lhs, rhs, "==", "E_p[Phi] = -d log Z(beta)/d beta"),
        derivations=(Derivation(rhs, (
            Step(-dZ / Z, "chain rule: d log Z = dZ / Z"),
            Step(_sum(f * sp.exp(-beta * f) for f in phi) / Z,
                 "differentiate each term: d/dbeta exp(-beta Phi) = -Phi exp(-beta Phi)"),
            Step(lhs, "exp(-beta Phi(w))/Z = p(w)"),
        ), "differentiate the log-partition function"),),
        answer=(r"$-\frac{\partial\log Z}{\partial\beta} = -\frac{1}{Z}\sum_w \frac{\partial}"
                r"{\partial\beta}e^{-\beta\Phi(w)} = \sum_w \Phi(w)\frac{e^{-\beta\Phi(w)}}{Z} = "
                r"\mathbb{E}_{p}[\Phi]$. (The approximation $\approx\mathbb{E}_q[\Phi]$ in (4) is "
                r"only as good as $q\approx p$.)"),
        domains=DOMAINS,
    )


@register
def bound() -> Result:
    F = free_energy(qs)
    return Result(
        id="free_energy.bound",
        title="F(q) <= log Z(beta), with equality at q = p  (bound 3)",
        sources=(Source(SEED, "1a"), Source(SEED, "1b")),
        statement=Statement(F, sp.log(Z), "<=", "F(q) <= log Z(beta) for every q"),
        derivations=(Derivation(F, (
            Step(sp.log(Z) - KL(Q, P), "equation (2): KL(q||p) = log Z - F(q)"),
            Step(sp.log(Z), "KL(q||p) >= 0 (Gibbs)", "<="),
        ), "the free energy is log Z minus a KL"),),
        answer=(r"By (2), $\log Z(\beta) - \mathcal F(q) = \mathrm{KL}(q\|p)\ge 0$, so "
                r"$\max_{q\in\mathcal Q}\mathcal F(q)\le\log Z(\beta)$ for any family, with "
                r"equality iff $q = p$ (then $\mathcal F(p) = \log Z$): over all distributions "
                r"the bound is tight."),
        domains=DOMAINS,
        facts=(Statement(free_energy(ps), sp.log(Z), "==", "equality at q = p"),),
    )
