"""Variational inference, ``vi.*``: the variational lower bounds of seed 000 (2.1-2.4)
and amortised inference, ``vi.amortised.*``, of IFT6135 question 2 (seed 002)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations import gmm
from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import (
    KL,
    Categorical,
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
cw = sp.symbols("w0:3", positive=True)  # prior weights (normalised below)
cm = sp.symbols("m0:3", real=True)  # component means, unit variance
cd = sp.symbols("d0:3", positive=True)  # variational weights (normalised below)


def _norm(vals):
    return [v / sp.Add(*vals) for v in vals]


def _logN(xv, mean):
    return -((xv - mean) ** 2) / 2 - sp.log(2 * sp.pi) / 2


@register
def elbo_gap() -> Result:
    pis, qs = _norm(cw), _norm(cd)
    joint = [pi * sp.exp(_logN(x, m)) for pi, m in zip(pis, cm, strict=True)]
    evidence = sp.Add(*joint)
    post = [j / evidence for j in joint]
    Q, Post = Categorical(qs), Categorical(post)
    elbo = sp.Add(*[q * sp.log(j / q) for q, j in zip(qs, joint, strict=True)])
    return Result(
        id="vi.elbo_gap",
        title="log p(x|theta) = L(q, theta) + KL(q || p(z|x, theta))",
        sources=(Source(SEED, "2.1"),),
        statement=Statement(sp.log(evidence), elbo + KL(Q, Post), "==",
                            "log p(x) = E_q[log p(x, z)/q(z)] + KL(q || p(z|x)) for every q "
                            "(three latent states, Gaussian likelihoods)"),
        derivations=(Derivation(elbo + KL(Q, Post), (
            Step(elbo + sp.Add(*[q * sp.log(q / p) for q, p in zip(qs, post, strict=True)]),
                 "KL of distributions on a finite set"),
            Step(sp.Add(*[q * sp.log(j / p) for q, j, p in zip(qs, joint, post, strict=True)]),
                 "log(p(x,z)/q) + log(q/p(z|x)) = log(p(x,z)/p(z|x))"),
            Step(sp.Add(*qs) * sp.log(evidence), "p(x,z)/p(z|x) = p(x) (Bayes), constant in z"),
            Step(sp.log(evidence), "sum_z q(z) = 1"),
        ), "add the two terms inside one expectation"),),
        answer=(r"$\mathcal L(q,\theta) + \mathrm{KL}(q\|p(z|x,\theta)) = \mathbb{E}_q\big["
                r"\log\frac{p(x,z|\theta)}{q(z)} + \log\frac{q(z)}{p(z|x,\theta)}\big] = "
                r"\mathbb{E}_q[\log p(x|\theta)] = \log p(x|\theta)$. The left side does not "
                r"depend on $q$, so $\arg\max_q\mathcal L(q,\theta) = \arg\min_q\mathrm{KL}(q\|"
                r"p(z|x,\theta))$: maximising the bound over $q$ is minimising the KL, and the "
                r"bound "
                r"is tight iff $q = p(z|x,\theta)$."),
        domains={"x": "real", **{s.name: "positive" for s in (*cw, *cd)},
                 **{s.name: "real" for s in cm}},
    )


@register
def kl_asymmetry() -> Result:
    half = sp.Rational(1, 2)
    P = Mixture([half, half], [Normal(-4, 1), Normal(4, 1)])
    Q = Normal(4, 1)
    return Result(
        id="vi.kl_asymmetry",
        title="A bimodal p and a one-mode q: KL(p||q) >> KL(q||p)",
        sources=(Source(SEED, "2.2"),),
        statement=Statement(KL(P, Q), 10 * KL(Q, P), ">",
                            "p = (N(-4, 1) + N(4, 1))/2, q = N(4, 1): KL(p||q) > 10 KL(q||p)"),
        derivations=(
            Derivation(KL(P, Q), (
                Step(CrossEntropy(P, Q) - H(P), "KL = cross-entropy - entropy"),
                Step(CrossEntropy(P, Q) - H(Normal(0, sp.sqrt(17))),
                     "the Gaussian has the largest entropy for a given variance; Var_p = 17",
                     ">="),
                Step(sp.Rational(33, 2) + sp.log(2 * sp.pi) / 2
                     - sp.log(2 * sp.pi * sp.E * 17) / 2,
                     "E_p[(x - 4)^2]/2 = (17 + 16)/2; H(N(0, s)) = log(2 pi e s^2)/2"),
                Step(16 - sp.log(17) / 2, "simplify"),
                Step(10 * sp.log(2), "16 - log(17)/2 ~ 14.58 > 6.93 ~ 10 log 2", ">"),
                Step(10 * KL(Q, P), "KL(q||p) <= log 2 (derivation 2)", ">="),
            ), "KL(p||q) > 10 log 2 >= 10 KL(q||p)"),
            Derivation(KL(Q, P), (
                Step(Expect(logpdf(Q, x) - logpdf(P, x), x, Q), "definition"),
                Step(Expect(logpdf(Q, x) - sp.log(pdf(Q, x) / 2), x, Q),
                     "p(x) >= q(x)/2: q is one of the two equally weighted components", "<="),
                Step(sp.log(2), "the expectation of a constant"),
            ), "KL(q||p) <= log 2"),
        ),
        answer=(r"With $p=\frac12\mathcal N(-4,1)+\frac12\mathcal N(4,1)$ and $q=\mathcal N(4,1)$: "
                r"$\mathrm{KL}(q\|p)\approx 0.69\le\log 2$ (since $p\ge q/2$), while "
                r"$\mathrm{KL}(p\|q)\approx 15.3 \ge 16-\frac12\log 17\approx 14.6$: more than 20 "
                r"times larger. $\mathrm{KL}(p\|q)$ is large wherever $p$ has mass and $q$ does "
                r"not (mass-covering), $\mathrm{KL}(q\|p)$ only penalises $q$ for mass where $p$ "
                r"has none (zero-forcing, mode-seeking). The variational bound's gap is "
                r"$\mathrm{KL}(q\|p(z|x))$, so it is tight when $q$ puts its mass only where the "
                r"posterior is high and matches its shape there; a $q$ locked on one of $m$ "
                r"equal, well-separated modes still loses about $\log m$, and covering all modes "
                r"with a too-broad unimodal $q$ costs more (mass in the gaps)."),
        domains={},
    )


K = gmm.K
x1, x2 = gmm.x1, gmm.x2
R = gmm.R


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
    # p(x, z = k) as positive numbers J_k: Bayes' rule is all the derivation uses, so it
    # holds for the ring mixture (J_k = N(x; mu_k, I)/K) and for any other joint.
    joint = sp.symbols("J_1:4", positive=True)
    evidence = sp.Add(*joint)
    post = [j / evidence for j in joint]
    # log p(x, z) - log q(z), kept apart: log(J_k / q_k) would cancel on construction
    bound = sp.Add(*[p * (sp.log(j) - sp.log(p)) for p, j in zip(post, joint, strict=True)])
    return Result(
        id="vi.gmm_bounds.posterior",
        title="With q the exact posterior the bound is log p(x)",
        sources=(Source(SEED, "2.3"),),
        statement=Statement(bound, sp.log(evidence), "==",
                            "L(p(z|x), theta) = log p(x|theta), written with J_k = p(x, z = k) "
                            "(three latent states shown; the Gaussian mixture's J_k are "
                            "N(x; mu_k, I)/K)"),
        derivations=(Derivation(bound, (
            Step(sp.Add(*[p * sp.log(evidence) for p in post]),
                 "p(x, z = k)/p(z = k|x) = p(x) for every k (Bayes)"),
            Step(sp.log(evidence), "the posterior sums to 1"),
        ), "q = p(z|x)"),),
        answer=(r"With $q(z) = p(z|x,\theta)$ every log-ratio inside the bound is "
                r"$\log p(x|\theta)$, a constant, so the bound equals $\log p(x|\theta)$: its "
                r"gap $\mathrm{KL}(q\|p(z|x,\theta))$ is 0. The two steps use only Bayes' rule, "
                r"so they hold for any number of latent states, the ring mixture's ten included."),
        domains={j.name: "positive" for j in joint},
    )


def _log_n2(k: int) -> sp.Expr:
    m1, m2 = gmm.centre(k)
    return -((x1 - m1) ** 2 + (x2 - m2) ** 2) / 2 - sp.log(2 * sp.pi)


@register
def gmm_bounds() -> Result:
    logs = [_log_n2(k) for k in range(1, K + 1)]
    pik = sp.Rational(1, K)
    joint = [pik * sp.exp(lg) for lg in logs]
    evidence = sp.Add(*joint)
    l_unif = sp.Add(*[pik * sp.log(j / pik) for j in joint])
    return Result(
        id="vi.gmm_bounds",
        title="The bound for the ring mixture with q uniform and q the exact posterior",
        sources=(Source(SEED, "2.3"),),
        statement=Statement(l_unif, sp.log(evidence), "<=",
                            "L(q_uniform) <= log p(x) for the K = 10 mixture (per data point)"),
        derivations=(
            Derivation(l_unif, (
                Step(sp.Add(*logs) / K, "pi_k = q_k = 1/K cancel inside the log"),
                Step(sp.log(evidence), "Jensen: the mean of log N_k <= log of the mean of N_k",
                     "<="),
            ), "uniform q"),
        ),
        answer=(r"With $q=\mathrm{Unif}\{1..K\}$: $\mathcal L = \frac1K\sum_k\log\mathcal N(x;"
                r"\mu_k,I)$ (the $\log\pi_k$ and $-\log q_k$ cancel), i.e. $\log p(x) - "
                r"\mathrm{KL}(\mathrm{Unif}\|p(z|x))$; with $q = p(z|x,\theta)$ the bound equals "
                r"$\log p(x)$ exactly (2.1 with $\mathrm{KL}(q\|p(z|x)) = 0$). On data from the "
                r"$R=10$ mixture the posterior is almost "
                r"one-hot, so the uniform bound is far too low: its gap is "
                r"$\mathrm{KL}(\mathrm{Unif}\|p(z|x))$, the average over $k$ of "
                r"$\frac12\|x-\mu_k\|^2$ minus that of the nearest centre, minus $\log K$; at a "
                r"centre it is $R^2 - \log K$, "
                f"{GAP_AT_CENTRE:.1f} nats for $R = K = 10$ (its average on data is in the answer "
                r"in words to 2.3); "
                r"for $R=1$ the components overlap, the posterior is close to uniform and both "
                r"bounds nearly agree. The numeric check reports the averages on sampled data."),
        domains={"x1": "real", "x2": "real", "R": "positive"},
        facts=(Statement(l_unif, sp.Add(*logs) / K, "==", "uniform-q bound in closed form"),),
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
    post_limit = sp.log(sp.Integral(sp.exp(log_nt), (t, 0, 2 * sp.pi)) / (2 * sp.pi))
    return Result(
        id="vi.gmm_limit",
        title="K -> infinity: the uniform-q bound tends to an integral over the circle",
        sources=(Source(SEED, "2.4"),),
        statement=Statement(circle, closed, "==",
                            "lim_K (1/K) sum_k log N(x; mu_k, I) = (1/2 pi) int_0^2pi "
                            "log N(x; R(cos t, sin t), I) dt = -log 2 pi - (|x|^2 + R^2)/2"),
        derivations=(Derivation(circle, (
            Step(closed + R * sp.Integral(x1 * sp.cos(t) + x2 * sp.sin(t), (t, 0, 2 * sp.pi))
                 / (2 * sp.pi),
                 "|x - mu(t)|^2 = |x|^2 - 2 R (x1 cos t + x2 sin t) + R^2"),
            Step(closed, "cos and sin integrate to 0 over a period"),
        ), "average over the circle"),),
        answer=(r"With $\pi_k = q_k = 1/K$ and $\mu_k = R(\cos\frac{2\pi k}K,\sin\frac{2\pi k}K)$ "
                r"the uniform-$q$ bound is a Riemann sum: $\frac1K\sum_k\log\mathcal N(x;\mu_k,I)"
                r"\to\frac1{2\pi}\int_0^{2\pi}\log\mathcal N(x;R(\cos t,\sin t),I)\,dt = -\log 2\pi"
                r"-\frac{\|x\|^2+R^2}2$; in fact it equals this for every $K\ge2$ (the roots of "
                r"unity sum to 0), so more components do not help it. With $q$ the posterior the "
                r"bound is $\log p_K(x)\to\log\frac1{2\pi}\int_0^{2\pi}\mathcal N(x;R(\cos t,"
                r"\sin t),I)dt = -\log2\pi-\frac{\|x\|^2+R^2}2+\log I_0(R\|x\|)$ ($I_0$ the "
                r"modified Bessel function): still exact, and the gap of the uniform bound tends "
                r"to $\log I_0(R\|x\|)\approx R\|x\|-\frac12\log(2\pi R\|x\|)$: "
                f"{GAP_LIMIT_ON_RING:.1f} nats at a point of the ring for $R=10$ (a little more on "
                r"average over data from the mixture: the answer in words to 2.4). "
                r"The mixture becomes a continuous latent-angle model; a "
                r"$q$ that ignores $x$ pays for not locating the angle, the posterior does not."),
        domains={"x1": "real", "x2": "real", "R": "positive", "n": "positive integer"},
        facts=(
            Statement(riemann, closed, "==", "the Riemann sum equals the limit for every K >= 2"),
            Statement(post_limit, closed, ">=", "posterior bound in the limit (Jensen)"),
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


MODEL = (
    "Checked on $z \\sim \\mathcal N(0, 1)$, $x \\mid z \\sim \\mathcal N(\\theta z, 1)$, so "
    "$p_\\theta(x) = \\mathcal N(0, 1 + \\theta^2)$ and $p_\\theta(z \\mid x) = \\mathcal N("
    "\\theta x/(1 + \\theta^2), 1/(1 + \\theta^2))$ (variances), with a fixed "
    "$q = \\mathcal N(\\mu, \\sigma^2)$."
)


@register
def biased_likelihood() -> Result:
    # The likelihood is written out and expanded in z, and the other expectations are
    # taken as cross-entropies: SymPy integrates the unexpanded cross terms
    # (x - theta z)^2 and the posterior's theta-dependent coefficients against q only
    # in tens of seconds, while cross-entropies and entropies have closed forms.
    lik = sp.expand(Normal(theta * z, 1).logpdf(x))
    post = posterior()
    B = -KL(Q, post)
    rhs = logpdf(marginal(), x) + B + KL(Q, PRIOR)
    return Result(
        id="vi.amortised.bias",
        title="Maximising the expected complete-data log-likelihood maximises log p + B",
        sources=(Source(SEED_002, "Q2.1"),),
        statement=Statement(
            Expect(lik, z, Q),
            rhs,
            "==",
            "$\\mathbb{E}_q[\\log p_\\theta(x|z)] = \\log p_\\theta(x) + B(\\theta) + "
            "D_{KL}(q \\| p(z))$ with $B(\\theta) = -D_{KL}(q(z|x) \\| "
            "p_\\theta(z|x))$; the last term does not depend on $\\theta$",
        ),
        derivations=(
            Derivation(
                Expect(lik, z, Q),
                (
                    Step(
                        logpdf(marginal(), x) - CrossEntropy(Q, post) + CrossEntropy(Q, PRIOR),
                        "Bayes: $\\log p_\\theta(x|z) = \\log p_\\theta(z|x) + "
                        "\\log p_\\theta(x) - \\log p(z)$; linearity, and "
                        "$\\mathbb{E}_q[-\\log r] = \\mathrm{H}(q, r)$",
                    ),
                    Step(
                        logpdf(marginal(), x) - (H(Q) + KL(Q, post)) + (H(Q) + KL(Q, PRIOR)),
                        "cross-entropy = entropy + KL divergence",
                    ),
                    Step(rhs, "the entropies of $q$ cancel; definition of $B$"),
                ),
            ),
        ),
        facts=(
            Statement(B, sp.S.Zero, "<=", "$B(\\theta) \\le 0$: a KL divergence is nonnegative"),
        ),
        answer=(
            "$\\mathbb{E}_q[\\log p_\\theta(x|z)] = \\log p_\\theta(x) - D_{KL}(q(z|x) \\| "
            "p_\\theta(z|x)) + D_{KL}(q(z|x) \\| p(z))$. The prior $p(z) = \\mathcal N(0, I)$ "
            "and $q$ are fixed, so the last term is a constant in $\\theta$ and the maximiser "
            "is $\\arg\\max_\\theta\\{\\log p_\\theta(x) + B(\\theta)\\}$ with "
            "$B(\\theta) = -D_{KL}(q(z|x) \\| p_\\theta(z|x)) \\le 0$."
        ),
        domains={"x": "real", "theta": "real", "mu": "real", "sigma": "positive"},
        notes=(
            MODEL,
            "The log-likelihood is written out and expanded in $z$, $\\log p_\\theta(x|z) = "
            "-\\tfrac12 (x - \\theta z)^2 - \\tfrac12 \\log 2\\pi$, so that every step "
            "is proved symbolically.",
        ),
    )


@register
def amortisation_gap() -> Result:
    post = posterior(1)
    lhs = KL(Normal(phi, s), post)
    closed = sp.log(1 / (sp.sqrt(2) * s)) + s**2 + (phi - x / 2) ** 2 - sp.Rational(1, 2)
    return Result(
        id="vi.amortised.gap",
        title="The amortised encoder's KL is at least the instance-wise optimum's",
        sources=(Source(SEED_002, "Q2.2"),),
        statement=Statement(
            lhs,
            KL(post, post),
            ">=",
            "for $\\theta = 1$: any $q = \\mathcal N(\\phi, s^2)$ (in particular "
            "$q_{\\phi^*}(z|x_i)$) has $D_{KL}(q \\| p(z|x_i)) \\ge "
            "D_{KL}(q_i^* \\| p(z|x_i))$, where $q_i^* = p(z|x_i)$ is the "
            "instance-wise optimum in the Gaussian family",
        ),
        derivations=(
            Derivation(
                lhs,
                (
                    Step(closed, "KL between Gaussians, posterior variance 1/2"),
                    Step(
                        sp.S.Zero,
                        "$\\log u \\le u - 1$ with $u = 2 s^2$, and a square is $\\ge 0$",
                        ">=",
                    ),
                    Step(KL(post, post), "the KL of a distribution from itself"),
                ),
            ),
        ),
        answer=(
            "$D_{KL}(q_{\\phi^*}(z|x_i) \\| p_\\theta(z|x_i)) \\ge "
            "D_{KL}(q_i^*(z) \\| p_\\theta(z|x_i))$: for fixed $\\theta$, maximising the ELBO "
            "of $x_i$ over $\\mathcal Q$ is minimising this KL over $\\mathcal Q$ (they add up "
            "to $\\log p_\\theta(x_i)$), $q_i^*$ is the minimiser and "
            "$q_{\\phi^*}(\\cdot|x_i) \\in \\mathcal Q$. The difference is the amortisation gap; "
            "it is zero only if the encoder can output $\\pi(q_i^*)$ for every $i$."
        ),
        domains={"x": "real", "phi": "real", "s": "positive"},
        notes=(
            "The numeric check fits a restricted encoder (a mean that ignores $x$) on a data "
            "set and compares its KL at each $x_i$ with that of the per-instance optimum.",
        ),
    )
