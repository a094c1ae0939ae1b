"""Kullback-Leibler divergences of Gaussians: ``kl.*`` (seed 003 2.3, seed 004 1.7).

The topic of a result id is its first component: the ``kl.*`` results live here and
their confirmations in ``probproof/numeric/confirm/kl.py``.
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations._gauss import expect, gauss_log, mu, sigma, z
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    divergence,
    expectation,
    register,
)
from probproof.derivations.vocabulary import KL, MvNormal, Normal

SEED_003 = "003_d7f509f3735f8b89.txt"
SEED_004 = "004_ed75a671ee0e2e4a.txt"
DOMAINS = {"mu": "real", "sigma": "positive", "x": "real"}
#: Notation for the text: the divergence, a Gaussian's parameters, the J-dimensional case.
KL_ = divergence()
E_ = expectation()
j = sp.Symbol("j", integer=True, positive=True)
J = sp.Symbol("J", integer=True, positive=True)
MU = sp.IndexedBase("mu", real=True)
SIGMA = sp.IndexedBase("sigma", positive=True)
I_ = sp.Symbol("i", integer=True, positive=True)


def kl_standard_closed_form(m: sp.Expr = mu, s: sp.Expr = sigma) -> sp.Expr:
    """``KL(N(m, s^2) || N(0, 1))`` in closed form."""
    return (m**2 + s**2 - 1 - sp.log(s**2)) / 2


@register
def kl_standard() -> Result:
    lhs = KL(Normal(mu, sigma), Normal(0, 1))
    lq, lp = gauss_log(z, mu, sigma), gauss_log(z, 0, 1)
    return Result(
        id="kl.gaussian.standard",
        title="The divergence of a Gaussian from the standard normal",
        sources=(Source(SEED_003, "2.3"),),
        statement=Statement(
            lhs,
            kl_standard_closed_form(),
            "==",
            ("the divergence of the Gaussian of mean ", mu, " and standard deviation ", sigma,
             " from the standard normal:"),
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(expect(lq - lp, z, mu, sigma), "definition of the KL divergence"),
                    Step(
                        expect(
                            -((z - mu) ** 2) / (2 * sigma**2) - sp.log(sigma) + z**2 / 2,
                            z,
                            mu,
                            sigma,
                        ),
                        ("the two Gaussian log densities; the terms in ", sp.log(2 * sp.pi),
                         " cancel"),
                    ),
                    Step(
                        -sp.Rational(1, 2) - sp.log(sigma) + (mu**2 + sigma**2) / 2,
                        ("the Gaussian moments ", Let(E_((z - mu) ** 2), sigma**2), " and ",
                         Let(E_(z**2), mu**2 + sigma**2)),
                    ),
                    Step(kl_standard_closed_form(), "collect terms"),
                ),
            ),
        ),
        answer=(
            "Per coordinate i, ", Let(KL_(sp.Symbol("q_i"), sp.Symbol("p_i")),
                                      (MU[I_] ** 2 + SIGMA[I_] ** 2 - 1) / 2
                                      - sp.log(SIGMA[I_])), "."
        ),
        domains=DOMAINS,
    )




@register
def kl_diagonal() -> Result:
    half = sp.Rational(1, 2)
    log2pi = sp.log(2 * sp.pi)
    entropy_term = -J * log2pi / 2 - half * sp.Sum(sp.log(SIGMA[j] ** 2) + 1, (j, 1, J))
    cross_term = -J * log2pi / 2 - half * sp.Sum(MU[j] ** 2 + SIGMA[j] ** 2, (j, 1, J))
    neg_kl = half * sp.Sum(1 + sp.log(SIGMA[j] ** 2) - MU[j] ** 2 - SIGMA[j] ** 2, (j, 1, J))
    # one coordinate, with plain symbols, where the engine integrates
    lq = gauss_log(z, mu, sigma)
    per_entropy = Derivation(
        expect(lq, z, mu, sigma),
        (
            Step(
                -log2pi / 2
                - sp.log(sigma**2) / 2
                - expect((z - mu) ** 2, z, mu, sigma) / (2 * sigma**2),
                "the Gaussian log density, linearity",
            ),
            Step(
                -log2pi / 2 - half * (sp.log(sigma**2) + 1),
                ("the Gaussian moment ", Let(E_((z - mu) ** 2), sigma**2)),
            ),
        ),
        title=("Entropy term, one coordinate ", j, ", writing ", mu, " and ", sigma, " for ",
               MU[j], " and ", SIGMA[j]),
    )
    per_cross = Derivation(
        expect(gauss_log(z, 0, 1), z, mu, sigma),
        (
            Step(-log2pi / 2 - expect(z**2, z, mu, sigma) / 2, "the standard normal log density"),
            Step(
                -log2pi / 2 - half * (mu**2 + sigma**2),
                ("the Gaussian moment ", Let(E_(z**2), mu**2 + sigma**2)),
            ),
        ),
        title=("Cross-entropy term, one coordinate ", j),
    )
    general = Derivation(
        # unevaluated: SymPy would cancel the J log(2 pi)/2 terms that the step names
        sp.Add(cross_term, -entropy_term, evaluate=False),
        (Step(neg_kl, ("the terms in ", J * log2pi / 2, " cancel; collect the sums")),),
        title=("All ", J, " coordinates: minus the divergence is the cross-entropy term minus "
               "the entropy term, the log densities being sums over coordinates"),
    )
    D = 3
    ms = sp.symbols(f"mu_1:{D + 1}", real=True)
    ss = sp.symbols(f"sigma_1:{D + 1}", positive=True)
    q3 = MvNormal(list(ms), [[ss[i] ** 2 if i == k else 0 for k in range(D)] for i in range(D)])
    p3 = MvNormal([0] * D, [[1 if i == k else 0 for k in range(D)] for i in range(D)])
    neg_kl3 = half * sp.Add(*[1 + sp.log(ss[i] ** 2) - ms[i] ** 2 - ss[i] ** 2 for i in range(D)])
    return Result(
        id="kl.gaussian.diagonal",
        title=("Entropy, cross-entropy and divergence of a diagonal Gaussian in ", J,
               " dimensions"),
        sources=(Source(SEED_004, "1.7"),),
        statement=Statement(
            cross_term - entropy_term,
            neg_kl,
            "==",
            ("minus the divergence of the diagonal Gaussian from the standard normal, for "
             "symbolic ", J, ":"),
        ),
        derivations=(general, per_entropy, per_cross),
        facts=(Statement(-KL(q3, p3), neg_kl3, "==", ("the same at ", Let(J, 3),
                                                      " from the definition")),),
        answer=(
            "The entropy term is ", entropy_term, ", the cross-entropy term ", cross_term,
            ", so minus the divergence is ", neg_kl, "."
        ),
        domains={
            "mu": "real",
            "sigma": "positive",
            "J": "positive integer",
            "j": "positive integer",
            "mu[j]": "real",
            "sigma[j]": "positive",
            **{str(s): "real" for s in ms},
            **{str(s): "positive" for s in ss},
        },
        notes=(("The seed's last line of the entropy term sums over ", I_, " but means ", j,
                "."),),
    )
