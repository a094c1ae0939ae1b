"""Variational inference, ``vi.*``: the variational lower bounds of seed 000 (2.1-2.4)
and amortised inference, ``vi.amortised.*``, of IFT6135 question 2 (seed 002)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations import gmm
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
from probproof.derivations.vocabulary import (
    KL,
    CrossEntropy,
    Expect,
    H,
    Mixture,
    Normal,
    logpdf,
    pdf,
)

SEED = "000_ff966f29da14a2c6.txt"

x = sp.Symbol("x", real=True)


#: Notation for the text: the bound, the divergences and the densities as names.
LOG_PX = sp.log(sp.Function("p")(x))
P_X, Q_Z = sp.Function("p")(x), sp.Function("q")(sp.Symbol("z"))
P_XZ, POST = sp.Function("p")(x, sp.Symbol("z")), sp.Function("p")(sp.Symbol("z|x"))
ELBO_Q, KL_Q = sp.Function("L")(sp.Symbol("q")), divergence()(sp.Symbol("q"), POST)
KL_PQ = divergence()(sp.Symbol("p"), sp.Symbol("q"))
KL_QP = divergence()(sp.Symbol("q"), sp.Symbol("p"))
M_MODES = sp.Symbol("m", integer=True, positive=True)
s_ = sp.Symbol("s", positive=True)

#: Question 2.1 for a latent z with any number K of states, k = 1..K: the joint
#: probabilities J_k = p(x, z = k) of the data point with each state (any model: the
#: mixture's J_k = pi_k N(x; m_k, 1) is one) and any q, q_k = softmax(theta)_k. The two are
#: parameterised differently on purpose: the numeric search gives each indexed name a
#: sequence of one shape per domain (J_k and a_k both proportional to k + 2, say), and q
#: equal to the posterior would hide a swapped divergence.
STATES = gmm.Ks
k_, j_ = gmm.k, sp.Symbol("j", integer=True, positive=True)
JOINT = sp.IndexedBase("J", positive=True)
THETA = sp.IndexedBase("theta", real=True)
EVIDENCE = sp.Sum(JOINT[j_], (j_, 1, STATES))
Q_K = sp.exp(THETA[k_]) / sp.Sum(sp.exp(THETA[j_]), (j_, 1, STATES))
POST_K = JOINT[k_] / EVIDENCE
#: Their names in print: p(x, k), q(k), p(k | x).
P_XK, Q_OF_K = sp.Function("p")(x, k_), sp.Function("q")(k_)
POST_OF_K = sp.Function("p")(sp.Symbol("k|x"))
ELBO_K = sp.Sum(Q_K * sp.log(JOINT[k_] / Q_K), (k_, 1, STATES))
#: The divergence as seed 003 defines it, E_q[log q - log p]: written log(q / p(k|x)), the
#: quotient would cancel to p(x) q / p(x, k) before it is printed.
KL_K = sp.Sum(Q_K * (sp.log(Q_K) - sp.log(POST_K)), (k_, 1, STATES))
BAYES = sp.log(JOINT[k_]) - sp.log(POST_K)
ELBO_GAP_DOMAINS = {"x": "real", "K": "positive integer", "k": "positive integer",
                    "j": "positive integer", "J": "positive", "theta": "real"}


@register
def elbo_gap() -> Result:
    return Result(
        id="vi.elbo_gap",
        title=("The log evidence is the bound plus a divergence: ", Let(LOG_PX, ELBO_Q + KL_Q)),
        sources=(Source(SEED, "2.1"),),
        statement=Statement(sp.log(EVIDENCE), ELBO_K + KL_K, "==", (
            "for a latent ", sp.Symbol("z"), " with any number ", STATES, " of states, any "
            "joint probabilities ", P_XK, " and any ", Q_OF_K, ", with ",
            Let(ELBO_Q, expectation("q")(sp.log(P_XZ / Q_Z))), ":")),
        derivations=(Derivation(ELBO_K + KL_K, (
            Step(sp.Sum(Q_K * (sp.log(JOINT[k_] / Q_K) + sp.log(Q_K) - sp.log(POST_K)),
                        (k_, 1, STATES)),
                 ("both are sums over the same ", STATES, " states, weighted by q")),
            Step(sp.Sum(Q_K * BAYES, (k_, 1, STATES)),
                 "the logarithm of a quotient is a difference: the two logarithms of q cancel"),
            Step(sp.Sum(Q_K * sp.log(EVIDENCE), (k_, 1, STATES)),
                 ("Bayes' rule: ", sp.Eq(BAYES, sp.log(EVIDENCE), evaluate=False),
                  ", the same for every state")),
            Step(sp.log(EVIDENCE), ("the log evidence does not depend on ", k_,
                                    ", and the probabilities of q sum to 1")),
        ), "add the two terms inside one expectation"),),
        answer=("The sum ", ELBO_Q + KL_Q, " is the expectation under q of ",
                sp.log(P_XZ / Q_Z) + sp.log(Q_Z / POST), ", which is ", sp.log(P_X),
                " for every latent state. The log evidence does not depend on q, so maximising "
                "the bound over q is minimising the divergence, and the bound is tight exactly "
                "when q is the posterior. The same steps, with integrals in place of the sums, "
                "hold for a continuous latent."),
        domains=ELBO_GAP_DOMAINS,
        # the joint, the evidence, q, the posterior and the two terms by name
        # (p(x, k) = J_k is not listed: J_k is only the symbol the checks draw, and the
        # claim's words say what p(x, k) is)
        legend=(*described((Let(P_XK, JOINT[k_]),)), Let(P_X, EVIDENCE), Let(Q_OF_K, Q_K),
                Let(POST_OF_K, POST_K), Let(ELBO_Q, ELBO_K), Let(KL_Q, KL_K)),
    )


@register
def kl_asymmetry() -> Result:
    P_, Q_ = sp.Symbol("p"), sp.Symbol("q")
    half = sp.Rational(1, 2)
    P = Mixture([half, half], [Normal(-4, 1), Normal(4, 1)])
    Q = Normal(4, 1)
    return Result(
        id="vi.kl_asymmetry",
        title=("A bimodal p and a one-mode q: ", KL_PQ, " is much larger than ", KL_QP),
        sources=(Source(SEED, "2.2"),),
        statement=Statement(KL(P, Q), 10 * KL(Q, P), ">", (
            "the equal mixture p of the normal densities of means ", sp.Integer(-4), " and ",
            sp.Integer(4), ", unit variances, "
            "and q the second of them:")),
        # p and q and their densities by name, as the claim's words define them: written
        # out, the mixture fills every divergence, expectation and logarithm
        legend=described((Let(P_, P), Let(Q_, Q), Let(sp.Function("p")(x), pdf(P, x)),
                          Let(sp.Function("q")(x), pdf(Q, x)))),
        derivations=(
            Derivation(KL(P, Q), (
                Step(CrossEntropy(P, Q) - H(P), "the divergence is the cross-entropy minus the "
                                                "entropy"),
                Step(CrossEntropy(P, Q) - H(Normal(0, sp.sqrt(17))),
                     "the Gaussian has the largest entropy for a given variance, and the "
                     "mixture has mean zero and variance 17 (fact 1)",
                     ">="),
                Step(sp.Rational(33, 2) + sp.log(2 * sp.pi) / 2
                     - sp.log(2 * sp.pi * sp.E * 17) / 2,
                     "the quadratic term of the cross-entropy and the Gaussian entropy "
                     "(facts 2 and 3)"),
                Step(16 - sp.log(17) / 2, "simplify"),
                Step(10 * sp.log(2), ("about 14.58, more than 6.93, about ", 10 * sp.log(2)),
                     ">"),
                Step(10 * KL(Q, P), "derivation 2", ">="),
            ), ("a lower bound of the first divergence by ", 10 * sp.log(2))),
            Derivation(KL(Q, P), (
                Step(Expect(logpdf(Q, x) - logpdf(P, x), x, Q), "definition"),
                Step(Expect(logpdf(Q, x) - sp.log(pdf(Q, x) / 2), x, Q),
                     "q is one of the two equally weighted components (fact 4)", "<="),
                Step(sp.log(2), "the expectation of a constant"),
            ), ("an upper bound of the second divergence by ", sp.log(2))),
        ),
        answer=(KL_QP, " is about 0.69, at most ", sp.log(2), ", while ", KL_PQ,
                " is about 15.3, at least ", 16 - sp.log(17) / 2, ", about 14.6: more than 20 "
                "times larger. The first divergence is large wherever p has mass and q has not "
                "(mass-covering); the second only penalises q for mass where p has none "
                "(zero-forcing, mode-seeking). The variational bound's gap is the divergence of "
                "the posterior from q, so the bound is tight when q puts its mass only where the "
                "posterior is high and matches its shape there; a q locked on one of ", M_MODES,
                " equal, well-separated modes still loses about ", sp.log(M_MODES),
                ", and covering all modes with a too-broad unimodal q costs more, its mass "
                "falling in the gaps."),
        domains={"x": "real", "s": "positive"},
        facts=(
            Statement(Expect(x**2, x, P), sp.Integer(17), "==",
                      "the mixture's variance (its mean is zero)"),
            Statement(Expect((x - 4) ** 2, x, P) / 2, sp.Rational(33, 2), "==",
                      "the quadratic term of the cross-entropy"),
            Statement(H(Normal(0, s_)), sp.log(2 * sp.pi * sp.E * s_**2) / 2, "==",
                      "the entropy of a Gaussian"),
            Statement(pdf(P, x), pdf(Q, x) / 2, ">=",
                      "the mixture density is at least half of q's"),
        ),
    )


K = gmm.K
Ks = gmm.Ks
x1, x2 = gmm.x1, gmm.x2
R = gmm.R
#: Notation for the text: the centre at angle t and the norm of the point.
MU_T = sp.Function("mu")(sp.Symbol("t", real=True))
NORM_X = sp.Symbol("|x|", positive=True)


def _gap_at_centre(radius: int = 10) -> float:
    """KL(Unif || p(z|x)) at x = mu_K with a one-hot posterior: the mean over k of
    |mu_K - mu_k|^2 / 2, minus log K, for the seed's K and ``radius``."""
    c1, c2 = gmm.centre(K)
    mean = sp.Add(*[((c1 - m1) ** 2 + (c2 - m2) ** 2) / 2
                    for m1, m2 in map(gmm.centre, range(1, K + 1))]) / K
    return float((mean - sp.log(K)).subs(R, radius).evalf(30))


#: The gap of the uniform bound at a centre (R = K = 10): R^2 - log K, not R^2.
GAP_AT_CENTRE = _gap_at_centre()
#: Its K -> infinity limit at a point of the ring, log I0(R |x|) with |x| = R = 10.
GAP_LIMIT_ON_RING = float(sp.log(sp.besseli(0, sp.Integer(10) ** 2)).evalf(30))


@register
def gmm_posterior_bound() -> Result:
    # p(x, z = k) as positive numbers J_k, k = 1..K (the notation of vi.elbo_gap): Bayes'
    # rule is all the derivation uses, so it holds for the ring mixture (J_k =
    # N(x; mu_k, I)/K) and for any other joint. log p(x, z) - log q(z) kept apart:
    # log(J_k / q_k) would cancel on construction.
    bound = sp.Sum(POST_K * (sp.log(JOINT[k_]) - sp.log(POST_K)), (k_, 1, STATES))
    return Result(
        id="vi.gmm_bounds.posterior",
        # (a tuple: the title's lone q is set as mathematics, as in the text)
        title=("With q the exact posterior the bound is the log evidence",),
        sources=(Source(SEED, "2.3"),),
        statement=Statement(bound, sp.log(EVIDENCE), "==", (
            "with q the exact posterior and ", P_XK, " the joint probabilities of the data "
            "point with each of any number ", STATES, " of latent states, the bound is the "
            "log evidence:")),
        derivations=(Derivation(bound, (
            Step(sp.Sum(POST_K * sp.log(EVIDENCE), (k_, 1, STATES)),
                 "the joint over the posterior is the evidence for every state (Bayes' rule)"),
            Step(sp.log(EVIDENCE), "the posterior sums to one"),
        ), "q is the posterior"),),
        answer=("With q the exact posterior every log-ratio inside the bound is the log "
                "evidence, a constant, so the bound equals the log evidence and its gap, the "
                "divergence of q from the posterior, is zero. The two steps use only Bayes' "
                "rule, for any number of latent states, the ring mixture's ten included."),
        domains={n: d for n, d in ELBO_GAP_DOMAINS.items() if n != "theta"},
        # the joint, the evidence and the posterior by name, as the question writes them
        legend=(*described((Let(P_XK, JOINT[k_]),)), Let(P_X, EVIDENCE), Let(Q_OF_K, POST_K)),
    )


@register
def gmm_bounds() -> Result:
    k, Ks = gmm.k, gmm.Ks
    log_n = -gmm.sq_dist() / 2 - sp.log(2 * sp.pi)  # log N(x; mu_k, I_2)
    q = 1 / Ks
    # log prior weight + log likelihood - log q, left unevaluated so that the reader
    # sees the weights cancel in the next step; log(1/K) as -log K, as a reader writes it
    l_unif = sp.Sum(q * sp.Add(-sp.log(Ks), log_n, sp.log(Ks), evaluate=False), (k, 1, Ks))
    mean_log = sp.Sum(log_n, (k, 1, Ks)) / Ks
    log_evidence = sp.log(sp.Sum(sp.exp(log_n), (k, 1, Ks)) / Ks)
    return Result(
        id="vi.gmm_bounds",
        title=("The bound for the ring mixture with q uniform and q the exact posterior",),
        sources=(Source(SEED, "2.3"),),
        statement=Statement(l_unif, log_evidence, "<=", (
            "for any ", Ks, " and any centres, the bound of the uniform q (weights ",
            Let(gmm.PI[k], q), ", the same as the prior's) is at most the log evidence:")),
        derivations=(
            Derivation(l_unif, (
                Step(mean_log, "the weights of the prior and of q cancel inside the logarithm"),
                Step(log_evidence, "Jensen's inequality: the mean of the logarithms is at most "
                                   "the logarithm of the mean", "<="),
            )),
        ),
        answer=("With the uniform q the bound is the mean of the components' log densities, ",
                mean_log, "; with q the exact posterior it equals the log evidence, ",
                log_evidence, " (question 2.1 with a zero divergence). The gap of the uniform "
                "bound is the divergence of the uniform distribution from the posterior. On data "
                "from the ring with ", Let(R, 10), " the posterior is almost one-hot, so the "
                "uniform bound is far too low: its gap is about ", R**2 - sp.log(Ks),
                f", {GAP_AT_CENTRE:.1f} nats at a centre for ", Let(Ks, 10),
                ". With ", Let(R, 1), " the components "
                "overlap, the posterior is close to uniform and the two bounds nearly agree. The "
                "numeric check reports both averages on sampled data."),
        domains={"x1": "real", "x2": "real", "R": "positive", "K": "positive integer",
                 "k": "positive integer", "mu1": "real", "mu2": "real"},
        # component k's density and log density by name: written out, each sum over k is
        # a fraction with an exponential of fractions in it
        legend=(Let(gmm.unit_normal(gmm.X, gmm.MU[k]), sp.exp(log_n)),
                Let(logpdf(gmm.unit_normal(gmm.X, gmm.MU[k]).args[0], gmm.X), log_n)),
    )


@register
def gmm_limit() -> Result:
    t = sp.Symbol("t", real=True)
    n = sp.Symbol("n", positive=True, integer=True)
    k = sp.Symbol("k", positive=True, integer=True)
    m1, m2 = R * sp.cos(t), R * sp.sin(t)
    log_nt = -((x1 - m1) ** 2 + (x2 - m2) ** 2) / 2 - sp.log(2 * sp.pi)
    circle = sp.Integral(log_nt, (t, 0, 2 * sp.pi)) / (2 * sp.pi)
    closed = -sp.log(2 * sp.pi) - (x1**2 + x2**2 + R**2) / 2
    kk = n + 1  # K >= 2 components
    riemann = sp.Sum(log_nt.subs(t, 2 * sp.pi * k / kk), (k, 1, kk)) / kk
    # exp kept whole (not e^(...)/(2 pi)), so that it prints with the legend's name
    post_limit = sp.log(sp.Integral(sp.exp(log_nt, evaluate=False), (t, 0, 2 * sp.pi))
                        / (2 * sp.pi))
    return Result(
        id="vi.gmm_limit",
        title=("Infinitely many components: the bound of the uniform q tends to an integral "
               "over the circle",),
        sources=(Source(SEED, "2.4"),),
        statement=Statement(circle, closed, "==", (
            "as the number of components grows, the mean of the components' log densities "
            "tends to their mean over the circle of centres ", Let(MU_T, R * sp.Matrix(
                [sp.cos(t), sp.sin(t)])), ", with ", sp.Function("ell")(t), " the log "
            "density of the component centred at ", MU_T, ":")),
        derivations=(Derivation(circle, (
            Step(closed + R * sp.Integral(x1 * sp.cos(t) + x2 * sp.sin(t), (t, 0, 2 * sp.pi))
                 / (2 * sp.pi),
                 ("expand the square: ", sp.Eq((x1 - m1) ** 2 + (x2 - m2) ** 2, sp.Add(
                     x1**2 + x2**2, -2 * R * (x1 * sp.cos(t) + x2 * sp.sin(t)), R**2,
                     evaluate=False), evaluate=False))),
            Step(closed, "the cosine and the sine integrate to zero over a period"),
        ), "average over the circle"),),
        answer=("With equal weights and the centres on the ring, the bound of the uniform q is "
                "a Riemann sum of the circle's mean, and it equals the limit ", closed,
                " for every number of components from two on (the roots of unity sum to zero): "
                "more components do not help it. With q the posterior the bound is the log "
                "evidence, which tends to ", post_limit,
                ", that is to the limit above plus ", sp.log(sp.besseli(0, R * NORM_X)),
                ": still exact. The gap of the uniform bound tends to this logarithm of a "
                "modified Bessel function, about ", R * NORM_X - sp.log(2 * sp.pi * R * NORM_X) / 2,
                " for large arguments: on the ring for ", Let(R, 10),
                f", {GAP_LIMIT_ON_RING:.1f} nats at a point of the circle (its average over the "
                "ring's data is in the answer in words to 2.4). The mixture "
                "becomes a continuous latent-angle model; a q that ignores the data point pays "
                "for not locating the angle, the posterior does not."),
        domains={"x1": "real", "x2": "real", "R": "positive", "n": "positive integer",
                 "t": "real"},
        # the log density of the component at angle t by name: written out inside every
        # integral and sum, it crowds the integrand with squares of fractions
        legend=(Let(sp.Function("ell")(t), log_nt),),
        facts=(
            Statement(riemann, closed, "==", ("the Riemann sum with ", Let(Ks, n + 1),
                                              " components equals the limit for every ", n)),
            Statement(post_limit, closed, ">=", "the posterior's bound in the limit is at least "
                                                "it, by Jensen's inequality"),
        ),
    )


# ------------------------------------------------------------------ amortised inference
# IFT6135 question 2 (seed 002), on a linear-Gaussian model z ~ N(0, 1),
# x | z ~ N(theta z, 1) whose posterior is known.

SEED_002 = "002_744d3837ef1c38b7.txt"
z, theta, phi = sp.symbols("z theta phi", real=True)  # x as in the bounds above
mu = sp.Symbol("mu", real=True)
sigma, s = sp.symbols("sigma s", positive=True)
PRIOR = Normal(0, 1)
Q = Normal(mu, sigma)


def posterior(t: sp.Expr = theta) -> Normal:
    """``p_theta(z | x)`` of the model."""
    return Normal(t * x / (1 + t**2), 1 / sp.sqrt(1 + t**2))


def marginal(t: sp.Expr = theta) -> Normal:
    """``p_theta(x)`` of the model."""
    return Normal(0, sp.sqrt(1 + t**2))


_P = sp.Function("p_theta")
MODEL = ("Checked on ", Let(sp.Function("p")(z), PRIOR), " and ",
         Let(_P(sp.Symbol("x|z")), Normal(theta * z, 1)), ", so ", Let(_P(x), marginal()),
         " and ", Let(_P(sp.Symbol("z|x")), posterior()), ", with q fixed.")
#: Notation for the text: B(theta), the divergences of q from the posterior and the prior.
B_THETA = sp.Function("B")(theta)
KL_POST = divergence()(sp.Symbol("q"), _P(sp.Symbol("z|x")))
KL_PRIOR = divergence()(sp.Symbol("q"), sp.Function("p")(z))
E_Q = expectation("q")


@register
def biased_likelihood() -> Result:
    # The likelihood is written out and expanded in z, and the other expectations are
    # taken as cross-entropies: SymPy integrates the unexpanded cross terms
    # (x - theta z)^2 and the posterior's theta-dependent coefficients against q only
    # in tens of seconds, while cross-entropies and entropies have closed forms.
    # log=False: the log hint would split the constant into -log(2)/2 - log(pi)/2
    lik = sp.expand(Normal(theta * z, 1).logpdf(x), log=False)
    post = posterior()
    B = -KL(Q, post)
    rhs = logpdf(marginal(), x) + B + KL(Q, PRIOR)
    return Result(
        id="vi.amortised.bias",
        title=("The bias of the expected complete-data log-likelihood is ", B_THETA),
        sources=(Source(SEED_002, "Q2.1"),),
        statement=Statement(
            Expect(lik, z, Q),
            rhs,
            "==",
            (Let(E_Q(sp.log(_P(sp.Symbol("x|z")))), sp.log(_P(x)) + B_THETA + KL_PRIOR),
             " with ", Let(B_THETA, -KL_POST), "; the last term does not depend on ", theta,
             ". Checked on the model of the note, with ", Let(sp.Symbol("q"), Q), ":"),
        ),
        # q by name, as the claim's words define it: written out, N(mu, sigma^2) in every
        # expectation, divergence and cross-entropy
        legend=described((Let(sp.Symbol("q"), Q),)),
        derivations=(
            Derivation(
                Expect(lik, z, Q),
                (
                    Step(
                        logpdf(marginal(), x) - CrossEntropy(Q, post) + CrossEntropy(Q, PRIOR),
                        ("Bayes' rule, ", Let(sp.log(_P(sp.Symbol("x|z"))), sp.log(
                            _P(sp.Symbol("z|x"))) + sp.log(_P(x)) - sp.log(sp.Function("p")(z))),
                         "; linearity, and the expectation under q of minus a log density "
                         "is a cross-entropy"),
                    ),
                    Step(
                        logpdf(marginal(), x) - (H(Q) + KL(Q, post)) + (H(Q) + KL(Q, PRIOR)),
                        "the cross-entropy is the entropy plus the divergence",
                    ),
                    Step(rhs, ("the entropies of q cancel; the definition of ", B_THETA)),
                ),
            ),
        ),
        facts=(
            Statement(B, sp.S.Zero, "<=", (B_THETA, " is at most zero: a divergence is "
                                           "nonnegative")),
        ),
        answer=(
            Let(E_Q(sp.log(_P(sp.Symbol("x|z")))), sp.log(_P(x)) - KL_POST + KL_PRIOR),
            ". The prior, the standard normal, and q are fixed, so the last term is a "
            "constant in ", theta, " and the maximiser is that of ", sp.log(_P(x)) + B_THETA,
            ", with ", Let(B_THETA, -KL_POST), " at most zero."
        ),
        domains={"x": "real", "theta": "real", "mu": "real", "sigma": "positive"},
        notes=(
            MODEL,
            ("The log-likelihood is written out and expanded in ", z, ", ",
             Let(sp.log(_P(sp.Symbol("x|z"))), -(x - theta * z) ** 2 / 2
                 - sp.log(2 * sp.pi) / 2), ", so that every step is proved symbolically."),
        ),
    )


@register
def amortisation_gap() -> Result:
    post = posterior(1)
    lhs = KL(Normal(phi, s), post)
    closed = sp.log(1 / (sp.sqrt(2) * s)) + s**2 + (phi - x / 2) ** 2 - sp.Rational(1, 2)
    return Result(
        id="vi.amortised.gap",
        title="The amortised encoder's divergence is at least the instance-wise optimum's",
        sources=(Source(SEED_002, "Q2.2"),),
        # The bound is zero, the optimum's divergence, not KL(posterior || posterior): a law's
        # divergence from itself printed as the end of the chain reads as a slip.
        statement=Statement(
            lhs,
            sp.S.Zero,
            ">=",
            ("at ", Let(theta, 1), ", any Gaussian q with mean ", phi, " and standard deviation ",
             s, ", the amortised encoder's output in particular, has a divergence from the "
             "posterior of at least zero, that of the instance-wise optimum in the Gaussian "
             "family, the posterior itself"),
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(closed, ("the divergence between Gaussians, the posterior's variance "
                                  "being ", sp.Rational(1, 2))),
                    Step(
                        sp.S.Zero,
                        ("the logarithm lies below its tangent, ",
                         sp.Le(sp.log(2 * s**2), 2 * s**2 - 1, evaluate=False),
                         ", and a square is nonnegative; equality holds only at ",
                         Let(phi, x / 2), " and ", Let(s**2, sp.Rational(1, 2)),
                         ", the posterior"),
                        ">=",
                    ),
                ),
            ),
        ),
        answer=(
            "The amortised encoder's divergence from the posterior at each data point is at "
            "least the instance-wise optimum's: for a fixed ", theta, ", maximising the "
            "evidence lower bound of a data point over the family is minimising this "
            "divergence over the family, the two adding up to the log evidence; the "
            "instance-wise optimum is the minimiser, and the encoder's output is a member of "
            "the family. The difference is the amortisation gap; it is zero only if the "
            "encoder can output the optimum's parameters for every data point."
        ),
        domains={"x": "real", "phi": "real", "s": "positive"},
        notes=(
            "The numeric check fits a restricted encoder, a mean that ignores the data point, "
            "on a data set and compares its divergence at each data point with that of the "
            "per-instance optimum.",
        ),
    )
