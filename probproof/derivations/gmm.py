"""The 2-D Gaussian mixture of seed 000 (1.1) and its EM updates (1.2)."""

from __future__ import annotations

import sympy as sp
from sympy.core.containers import Tuple

from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import Mixture, MvNormal, Sup, pdf

SEED = "000_ff966f29da14a2c6.txt"
K = 10

x1, x2 = sp.symbols("x1 x2", real=True)
R = sp.Symbol("R", positive=True)


def centre(k: int, radius: sp.Expr = R, n: int = K) -> tuple[sp.Expr, sp.Expr]:
    """mu_k = R (cos(2 pi k/K), sin(2 pi k/K)), k = 1..K."""
    return radius * sp.cos(2 * sp.pi * k / n), radius * sp.sin(2 * sp.pi * k / n)


def component(k: int) -> MvNormal:
    return MvNormal(list(centre(k)), [[1, 0], [0, 1]])


def mixture() -> Mixture:
    return Mixture([sp.Rational(1, K)] * K, [component(k) for k in range(1, K + 1)])


def gaussian_term(k: int) -> sp.Expr:
    m1, m2 = centre(k)
    return sp.exp(-((x1 - m1) ** 2 + (x2 - m2) ** 2) / 2)


@register
def density() -> Result:
    closed = sp.Add(*[gaussian_term(k) for k in range(1, K + 1)]) / (2 * sp.pi * K)
    mix = mixture()
    return Result(
        id="gmm.density",
        title="Density of the K = 10 ring mixture",
        sources=(Source(SEED, "1.1"),),
        statement=Statement(pdf(mix, Tuple(x1, x2)), closed, "==",
                            "p(x) = 1/(2 pi K) sum_k exp(-|x - mu_k|^2/2), "
                            "mu_k = R(cos 2 pi k/K, sin 2 pi k/K), K = 10"),
        derivations=(Derivation(pdf(mix, Tuple(x1, x2)), (
            Step(sp.Add(*[pdf(component(k), Tuple(x1, x2)) for k in range(1, K + 1)]) / K,
                 "mixture density: sum_k pi_k N(x; mu_k, Sigma_k) with pi_k = 1/K"),
            Step(closed, "N(x; mu, I_2) = exp(-|x - mu|^2/2)/(2 pi)"),
        ), "mixture of isotropic Gaussians"),),
        answer=(r"$p(x) = \sum_{k=1}^{K}\pi_k\,\mathcal N(x;\mu_k,\Sigma_k) = "
                r"\frac{1}{2\pi K}\sum_{k=1}^{K}\exp\!\big(-\tfrac12\|x-\mu_k\|^2\big)$ with "
                r"$K=10$, $\mu_k = R(\cos\frac{2\pi k}{K},\sin\frac{2\pi k}{K})$, $R=10$: ten unit "
                r"Gaussian bumps evenly spaced on a circle of radius 10 (well separated: "
                r"neighbouring centres are $2R\sin(\pi/K)\approx 6.2$ apart)."),
        domains={"x1": "real", "x2": "real", "R": "positive"},
        facts=(Statement(sp.Integral(closed, (x1, -sp.oo, sp.oo), (x2, -sp.oo, sp.oo)),
                         sp.S.One, "==", "integrates to 1"),),
        notes=("The seed writes 'k = 1 ... K' after Sigma_k = I_2; we read pi_k = 1/10, "
               "Sigma_k = I_2 for k = 1..K.",),
    )


g = sp.symbols("g1:4", positive=True)  # responsibilities gamma_{ik} of three points
xs = sp.symbols("y1:4", real=True)  # one coordinate of three data points
m = sp.Symbol("m", real=True)
G1, G2 = sp.symbols("G1 G2", positive=True)
pi_ = sp.Symbol("pi_1", positive=True)


@register
def em_mean() -> Result:
    body = sp.Add(*[gi * (-(xi - m) ** 2 / 2) for gi, xi in zip(g, xs, strict=True)])
    mhat = sp.Add(*[gi * xi for gi, xi in zip(g, xs, strict=True)]) / sp.Add(*g)
    return Result(
        id="gmm.em.mean",
        title="EM M-step for the means: responsibility-weighted averages",
        sources=(Source(SEED, "1.2"),),
        statement=Statement(Sup(body, m), body.subs(m, mhat), "==",
                            "the mu_k-dependent part of the expected complete log-likelihood, "
                            "sum_i gamma_ik (-|x_i - mu_k|^2/2) (per coordinate, Sigma_k = I), "
                            "is maximised at the responsibility-weighted mean"),
        derivations=(
            Derivation(Sup(body, m), (
                Step(body.subs(m, mhat), "concave quadratic in m (second derivative "
                                         "-sum gamma < 0): the stationary point is the maximum"),
            ), "maximise"),
            Derivation(sp.diff(body, m), (
                Step(sp.Add(*[gi * (xi - m) for gi, xi in zip(g, xs, strict=True)]),
                     "differentiate"),
                Step(sp.Add(*g) * (mhat - m), "collect: zero exactly at the weighted mean"),
            ), "first-order condition"),
        ),
        answer=(r"E-step: $\gamma_{ik} = \frac{\pi_k\mathcal N(x_i;\mu_k,I)}{\sum_j\pi_j"
                r"\mathcal N(x_i;\mu_j,I)}$. M-step: maximise $Q(\pi,\mu)=\sum_i\sum_k\gamma_{ik}"
                r"\big(\log\pi_k - \tfrac12\|x_i-\mu_k\|^2\big) + \text{const}$. Setting "
                r"$\nabla_{\mu_k}Q = \sum_i\gamma_{ik}(x_i-\mu_k) = 0$ gives "
                r"$\mu_k = \frac{\sum_i\gamma_{ik}x_i}{\sum_i\gamma_{ik}}$ (a maximum: $Q$ is a "
                r"concave quadratic in $\mu_k$; coordinates separate because $\Sigma_k = I$). "
                r"Shown here with three points, one coordinate."),
        domains={**{s.name: "positive" for s in g}, **{s.name: "real" for s in xs}, "m": "real"},
        facts=(Statement(sp.diff(body, m).subs(m, mhat), sp.S.Zero, "==", "stationary"),),
    )


@register
def em_weights() -> Result:
    body = G1 * sp.log(pi_) + G2 * sp.log(1 - pi_)
    value = body.subs(pi_, G1 / (G1 + G2))
    return Result(
        id="gmm.em.weights",
        title="EM M-step for the weights: average responsibilities",
        sources=(Source(SEED, "1.2"),),
        statement=Statement(Sup(body, pi_), value, "==",
                            "sum_k G_k log pi_k on the simplex (G_k = sum_i gamma_ik) is "
                            "maximised at pi_k = G_k / sum_j G_j = G_k / n (two components shown)"),
        derivations=(Derivation(Sup(body, pi_), (
            Step(value, "strictly concave on (0, 1); derivative G1/pi - G2/(1 - pi) vanishes "
                        "at pi = G1/(G1 + G2)"),
            Step(G1 * sp.log(G1) + G2 * sp.log(G2) - (G1 + G2) * sp.log(G1 + G2),
                 "expand the logarithms"),
        ), "maximise on the simplex"),),
        answer=(r"With a Lagrange multiplier for $\sum_k\pi_k = 1$: "
                r"$\frac{\partial}{\partial\pi_k}\Big[\sum_k G_k\log\pi_k - \lambda(\sum_k\pi_k-1)"
                r"\Big] = \frac{G_k}{\pi_k}-\lambda = 0$, so $\pi_k = G_k/\lambda$ and "
                r"$\lambda = \sum_k G_k = n$: $\pi_k = \frac1n\sum_i\gamma_{ik}$. (For $K=2$ this "
                r"is the one-variable maximisation checked here.)"),
        domains={"G1": "positive", "G2": "positive", "pi_1": "probability"},
    )
