"""The ELBO, ``elbo.*``: ETH CIL series 9, problem 1 (seed 004). Its question 1.5 is
``reparam.gaussian.moments`` (in ``reparam.py``), 1.7 ``kl.gaussian.diagonal`` (in ``kl.py``)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations._gauss import (
    MARGINAL,
    MC_WEIGHT,
    POSTERIOR,
    PRIOR,
    L,
    Q,
    e,
    expect,
    gauss_log,
    l_,
    model_note,
    mu,
    sigma,
    x,
    z,
)
from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    described,
    divergence,
    expectation,
    register,
)
from probproof.derivations.vocabulary import KL, Expect, Normal, logpdf

SEED = "004_ed75a671ee0e2e4a.txt"
DOMAINS = {"mu": "real", "sigma": "positive", "x": "real"}
#: Notation for the text: the model's densities, the bound, the divergence, samples.
_p, _q = sp.Function("p_theta"), sp.Function("q_phi")
Z_ = sp.Symbol("z")
P_X, P_Z, P_XZ = _p(x), _p(Z_), _p(sp.Symbol("x|z"))
P_ZX, Q_ZX = _p(sp.Symbol("z|x")), _q(sp.Symbol("z|x"))
KL_, E_Z, L_B = divergence(), expectation("z"), sp.Symbol("L")
Z_L, E_L = sp.IndexedBase("z")[l_], sp.IndexedBase("epsilon")[l_]
G_ = sp.Function("g_phi")
#: The approximate posterior of the linear-Gaussian instance, q = N(mu, sigma^2), by name.
_q_name = sp.Symbol("q")

@register
def elbo_decomposition() -> Result:
    lik = logpdf(Normal(z, 1), x)
    prior, post, q = logpdf(PRIOR, z), logpdf(POSTERIOR, z), logpdf(Q, z)
    rhs = Expect(lik, z, Q) - KL(Q, PRIOR) + KL(Q, POSTERIOR)
    return Result(
        id="elbo.decomposition",
        title="The log evidence is the evidence lower bound plus the divergence from the posterior",
        sources=(Source(SEED, "1.1"), Source(SEED, "1.2")),
        statement=Statement(
            logpdf(MARGINAL, x),
            rhs,
            "==",
            ("for any model and any ", Q_ZX, ", ",
             Let(sp.log(P_X), E_Z(sp.log(P_XZ)) - KL_(Q_ZX, P_Z) + KL_(Q_ZX, P_ZX)),
             "; checked on the linear-Gaussian model of the note, with ", Let(_q_name, Q), ":"),
        ),
        derivations=(
            Derivation(
                logpdf(MARGINAL, x),
                (
                    Step(Expect(logpdf(MARGINAL, x), z, Q), ("the log evidence does not depend "
                                                              "on ", Z_)),
                    Step(Expect(lik + prior - post, z, Q), "Bayes' rule in reverse"),
                    Step(
                        Expect(sp.Add(lik, prior, -post, q, -q, evaluate=False), z, Q),
                        "multiply inside the logarithm by q over q",
                    ),
                    Step(
                        Expect(lik, z, Q) - Expect(q - prior, z, Q) + Expect(q - post, z, Q),
                        "split the logarithm; linearity of the expectation",
                    ),
                    Step(rhs, "the definition of the divergence"),
                ),
            ),
        ),
        facts=(
            Statement(
                KL(Q, POSTERIOR),
                sp.S.Zero,
                ">=",
                "the last term is a divergence, so it is nonnegative and the log evidence is "
                "at least the bound",
            ),
        ),
        answer=(
            Let(sp.log(P_X), L_B + KL_(Q_ZX, P_ZX)), " with the bound ",
            Let(L_B, E_Z(sp.log(P_XZ)) - KL_(Q_ZX, P_Z)), "; the divergence is nonnegative, so "
            "the bound is at most the log evidence."
        ),
        domains=DOMAINS,
        notes=(model_note(q_stated=True),),
        # q by name: written out, N(mu, sigma^2) in every divergence and expectation
        # stretched the claim over three lines; the claim's words define it
        legend=described((Let(_q_name, Q),)),
    )


def log_joint(t: sp.Expr) -> sp.Expr:
    """``log p(x, z)`` of the linear-Gaussian model at ``z = t``, written out."""
    return gauss_log(x, t, 1) + gauss_log(t, 0, 1)


@register
def elbo_reparam_estimator() -> Result:
    body = log_joint(z) - gauss_log(z, mu, sigma)
    zz = mu + sigma * e
    # Expanded into a polynomial in epsilon: SymPy integrates it against the Gaussian
    # in about 2 s, the unexpanded squares (x - mu - sigma epsilon)^2 in about 11 s.
    reparam_body = sp.expand(body.subs(z, zz), log=False)  # keeps log(2 pi) whole
    lhs = Expect(logpdf(Normal(z, 1), x) + logpdf(PRIOR, z) - logpdf(Q, z), z, Q)
    rhs = Expect(reparam_body, e, Normal(0, 1))
    return Result(
        id="elbo.reparam_estimator",
        title="Reparameterised Monte Carlo estimator of the ELBO",
        sources=(Source(SEED, "1.4"),),
        statement=Statement(
            lhs,
            rhs,
            "==",
            ("the bound as an expectation under q equals an expectation under the standard "
             "normal after the substitution ", Let(Z_, mu + sigma * e)),
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(expect(body, z, mu, sigma), "the log densities written out"),
                    Step(
                        expect(reparam_body, e, 0, 1),
                        ("substitute ", Let(Z_, mu + sigma * e), "; expand the squares"),
                    ),
                    Step(rhs, "the definition of the expectation"),
                ),
            ),
        ),
        facts=(
            Statement(
                sp.Sum(MC_WEIGHT, (l_, 1, L)),
                sp.S.One,
                "==",
                ("the weights of the average of ", L, " samples sum to one, so the average is "
                 "unbiased"),
            ),
        ),
        answer=(
            "The bound is estimated by ", sp.Sum(sp.log(_p(x, Z_L)) - sp.log(_q(Z_L)), (l_, 1, L))
            / L, " with ", Let(Z_L, G_(E_L, x)), " and independent standard normal draws ",
            E_L, ": unbiased, and differentiable in the encoder's parameters."
        ),
        domains=DOMAINS | {"L": "positive integer"},
        # the model is question 1.1's (elbo.decomposition states it): said there once
        notes=(("Evaluated on the linear-Gaussian model of question 1.1, with ",
                Let(sp.Function("q")(Z_), Q), "; the steps are the general ones."),),
    )
