"""Fenchel conjugates and variational bounds on KL (seed 002, Q6)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Derivation, Result, Source, Statement, Step, register
from probproof.derivations.vocabulary import KL, Expect, Inf, Laplace, Normal, Sup, logpdf

SEED = "002_744d3837ef1c38b7.txt"

u, p, q, y = sp.symbols("u p q y", positive=True)
t, x, c, a = sp.symbols("t x c a", real=True)
m1, m2 = sp.symbols("m1 m2", real=True)
s1, s2, b = sp.symbols("s1 s2 b", positive=True)
k = sp.Symbol("k", negative=True)


@register
def conjugate() -> Result:
    body = u * t - u * sp.log(u)
    ustar = sp.exp(t - 1)
    return Result(
        id="fdiv.conjugate.kl",
        title="The convex conjugate of u log u is exp(t - 1)",
        sources=(Source(SEED, "Q6.1a"),),
        statement=Statement(Sup(body, u), sp.exp(t - 1), "==",
                            "f*(t) = sup_{u > 0} (u t - u log u) = exp(t - 1)"),
        derivations=(Derivation(Sup(body, u), (
            Step(body.subs(u, ustar), "u t - u log u is strictly concave (second derivative "
                                      "-1/u); its derivative t - log u - 1 vanishes at "
                                      "u = exp(t - 1)"),
            Step(sp.exp(t - 1) * (t - (t - 1)), "log u* = t - 1"),
            Step(sp.exp(t - 1), "simplify"),
        ), "stationary point of a concave function"),),
        answer=(r"$f^*(t) = \sup_{u>0}\, ut - u\log u$; the derivative $t - \log u - 1$ "
                r"vanishes at "
                r"$u^* = e^{t-1}$ and the function is strictly concave, so "
                r"$f^*(t) = e^{t-1}t - e^{t-1}(t-1) = e^{t-1}$ (finite for every real $t$)."),
        domains={"u": "positive", "t": "real"},
        facts=(Statement(sp.diff(body, u).subs(u, ustar), sp.S.Zero, "==", "stationary"),
               Statement(sp.diff(body, u, 2), sp.S.Zero, "<", "strictly concave")),
    )


@register
def biconjugate() -> Result:
    body = u * t - sp.exp(t - 1)
    tstar = 1 + sp.log(u)
    return Result(
        id="fdiv.biconjugate.kl",
        title="The biconjugate of u log u is u log u",
        sources=(Source(SEED, "Q6.1a"),),
        statement=Statement(Sup(body, t), u * sp.log(u), "==",
                            "f**(u) = sup_t (u t - exp(t - 1)) = u log u for u > 0"),
        derivations=(Derivation(Sup(body, t), (
            Step(body.subs(t, tstar), "u t - exp(t - 1) is strictly concave in t; the "
                                      "derivative u - exp(t - 1) vanishes at t = 1 + log u"),
            Step(u * (1 + sp.log(u)) - u, "exp(log u) = u"),
            Step(u * sp.log(u), "simplify"),
        ), "stationary point of a concave function"),),
        answer=(r"$f^{**}(u) = \sup_t\, ut - e^{t-1}$ is attained at $t^* = 1 + \log u$, giving "
                r"$u(1+\log u) - u = u\log u = f(u)$, as Fenchel-Moreau predicts for a convex, "
                r"lower semicontinuous $f$. (For $u = 0$ the sup is $0 = \lim 0\log 0$; for "
                r"$u < 0$ it is $+\infty$, matching $f = +\infty$ outside its domain.)"),
        domains={"u": "positive", "t": "real"},
        facts=(Statement(sp.diff(body, t).subs(t, tstar), sp.S.Zero, "==", "stationary"),
               Statement(sp.diff(body, t, 2), sp.S.Zero, "<", "strictly concave")),
    )


@register
def kl_sup_r1() -> Result:
    body = p * t - q * sp.exp(t - 1)
    tstar = 1 + sp.log(p / q)
    return Result(
        id="fdiv.kl.sup_r1",
        title="KL(p||q) = sup_T R1[T], attained at T = 1 + log(p/q)",
        sources=(Source(SEED, "Q6.1b"),),
        statement=Statement(Sup(body, t), p * sp.log(p / q), "==",
                            "pointwise in x (p = p(x) > 0, q = q(x) > 0): "
                            "sup_t p t - q exp(t - 1) = p log(p/q), attained at t = 1 + log(p/q);"
                            " integrating over x gives sup_T R1[T] = KL(p||q)"),
        derivations=(Derivation(Sup(body, t), (
            Step(q * Sup((p / q) * t - sp.exp(t - 1), t), "q > 0 factors out of the sup"),
            Step(q * (p / q) * sp.log(p / q), "the biconjugate f**(u) = u log u at u = p/q "
                                              "(Q6.1a)"),
            Step(p * sp.log(p / q), "simplify"),
        ), "pointwise supremum, then integrate over x"),),
        answer=(r"By the given interchange, $\sup_T R_1[T] = \int \sup_t \big(p\,t - "
                r"q\,e^{t-1}\big)dx"
                r" = \int q\, f^{**}(p/q)\,dx = \int p\log\frac{p}{q}\,dx = D_{KL}(p\|q)$, and the "
                r"pointwise maximiser $t^*(x) = 1 + \log\frac{p(x)}{q(x)}$ gives the optimal "
                r"critic $T^* = 1 + \log(p/q)$ (where $p > 0$; where $p = 0 < q$, $t\to-\infty$)."),
        domains={"p": "positive", "q": "positive", "t": "real"},
        facts=(Statement(body.subs(t, tstar), p * sp.log(p / q), "==", "attained at t*"),),
    )


def _r2(T, P, Q):
    return Expect(T, x, P) - sp.log(Expect(sp.exp(T), x, Q))


def _r1(T, P, Q):
    return Expect(T, x, P) - Expect(sp.exp(T - 1), x, Q)


#: Families of critics T(x) used in the claims: bounded (any p, q) and quadratic.
T_BOUNDED = a * sp.tanh(x) + c * sp.sin(x)
T_QUADRATIC = a * x + k * x**2
P_G, Q_G = Normal(m1, s1), Normal(m2, s2)
P_L, Q_L = Laplace(m1, b), Normal(m2, s2)
DOMAINS = {"a": "real", "c": "real", "k": "negative", "m1": "real", "m2": "real",
           "s1": "positive", "s2": "positive", "b": "positive", "y": "positive"}


@register
def r2_normalised() -> Result:
    T = T_BOUNDED
    Z = sp.Integral(Q_G.pdf(y) * sp.exp(T.subs(x, y)), (y, -sp.oo, sp.oo))
    lhs = sp.Integral(Q_G.pdf(x) * sp.exp(T) / Z, (x, -sp.oo, sp.oo))
    Zx = sp.Integral(Q_G.pdf(x) * sp.exp(T), (x, -sp.oo, sp.oo))
    return Result(
        id="fdiv.r2.normalised",
        title="r q is a probability density",
        sources=(Source(SEED, "Q6.2a"),),
        statement=Statement(lhs, sp.S.One, "==",
                            "with r = e^T / E_q[e^T]: the integral of r q is 1 (here q Gaussian, "
                            "T = a tanh x + c sin x; the argument holds for any T with "
                            "E_q e^T finite)"),
        derivations=(Derivation(lhs, (
            Step(Zx / Z, "1/E_q[e^T] is a constant: take it out of the integral"),
            Step(sp.S.One, "the numerator is E_q[e^T], the same integral as the denominator "
                           "(rename the bound variable)"),
        ), "linearity of the integral"),),
        answer=(r"$r(x)q(x) = q(x)e^{T(x)}/\mathbb{E}_q[e^{T}] \ge 0$ and "
                r"$\int r q\,dx = \mathbb{E}_q[e^T]/\mathbb{E}_q[e^T] = 1$ whenever "
                r"$0 < \mathbb{E}_q[e^T] < \infty$, so $rq$ is a density."),
        domains=DOMAINS,
        facts=(Statement(sp.Integral(Q_L.pdf(x) * sp.exp(T) / sp.Integral(
            Q_L.pdf(y) * sp.exp(T.subs(x, y)), (y, -sp.oo, sp.oo)), (x, -sp.oo, sp.oo)),
            sp.S.One, "==", "q Laplace"),),
    )


@register
def r2_bound() -> Result:
    T = T_BOUNDED
    lhs, rhs = KL(P_G, Q_G), _r2(T, P_G, Q_G)
    Zq = Expect(sp.exp(T), x, Q_G)
    # equality case with q centred on p and wider, so that p/q is bounded under q
    Q_W = Normal(m1, s1 + s2)
    tstar = logpdf(P_G, x) - logpdf(Q_W, x) + c
    return Result(
        id="fdiv.kl.r2_bound",
        title="KL(p||q) >= R2[T] (Donsker-Varadhan), equality iff T = log(p/q) + c",
        sources=(Source(SEED, "Q6.2b"),),
        statement=Statement(lhs, rhs, ">=",
                            "KL(p||q) >= E_p[T] - log E_q[e^T] (shown for Gaussian and "
                            "Laplace p, Gaussian q, bounded and quadratic T)"),
        derivations=(Derivation(lhs, (
            Step(Expect(logpdf(P_G, x) - logpdf(Q_G, x) - T, x, P_G) + sp.log(Zq) + rhs,
                 "add and subtract R2[T] = E_p[T] - log E_q[e^T]; linearity"),
            Step(rhs, "the first two terms are E_p[log p - log(q e^T / E_q e^T)] = KL(p || r q)"
                      " >= 0 (Gibbs; r q is a density by Q6.2a)", ">="),
        ), "KL(p||q) - R2[T] = KL(p || r q)"),),
        answer=(r"$D_{KL}(p\|q) - R_2[T] = \int p\log\frac{p}{q} - \int pT + \log\mathbb{E}_q e^T "
                r"= \int p\log\frac{p}{rq} = D_{KL}(p\|rq) \ge 0$, with equality iff $rq = p$ "
                r"a.e., "
                r"i.e. $e^{T}/\mathbb{E}_q e^T = p/q$, i.e. $T = \log(p/q) + c$ with $c$ constant "
                r"(then $R_2 = \mathbb{E}_p\log\frac{p}{q} + c - c = D_{KL}$)."),
        domains=DOMAINS,
        facts=(
            Statement(KL(P_L, Q_L), _r2(T, P_L, Q_L), ">=", "Laplace p, Gaussian q, bounded T"),
            Statement(_r2(tstar, P_G, Q_W), KL(P_G, Q_W), "==", "equality at T = log(p/q) + c"),
        ),
    )


@register
def r1_le_r2() -> Result:
    T = T_BOUNDED
    lhs, rhs = _r2(T, P_G, Q_G), _r1(T, P_G, Q_G)
    Zq = Expect(sp.exp(T), x, Q_G)
    return Result(
        id="fdiv.kl.r2_ge_r1",
        title="R2[T] >= R1[T]: the Donsker-Varadhan bound is the tighter one",
        sources=(Source(SEED, "Q6.3"),),
        statement=Statement(lhs, rhs, ">=", "E_p T - log E_q e^T >= E_p T - E_q e^(T-1)"),
        derivations=(Derivation(lhs, (
            Step(rhs + Expect(sp.exp(T - 1), x, Q_G) - sp.log(Zq),
                 "add and subtract R1[T] = E_p[T] - E_q[e^(T-1)]; the E_p[T] terms cancel"),
            Step(rhs + Zq / sp.E - sp.log(Zq), "E_q e^(T-1) = E_q[e^T]/e (linearity)"),
            Step(rhs, "log y <= y/e for y > 0 (tangent line of the concave log at y = e)",
                 ">="),
        ), "R2 - R1 = y/e - log y with y = E_q e^T"),),
        answer=(r"For the same $T$, $p$, $q$: $R_2[T] - R_1[T] = \frac{y}{e} - \log y$ with "
                r"$y = \mathbb{E}_q[e^{T}]$, and $\log y \le y/e$ (the tangent of $\log$ at "
                r"$y=e$), "
                r"so $R_2[T] \ge R_1[T]$, with equality iff $\mathbb{E}_q e^T = e$. Both are lower "
                r"bounds of KL with the same supremum (for $T^* = 1 + \log(p/q)$, $y = e$); "
                r"$R_2$ is "
                r"the tighter, $R_1$ the one whose gradient estimates are unbiased."),
        domains=DOMAINS,
        facts=(
            Statement(Inf(y / sp.E - sp.log(y), y), sp.S.Zero, "==", "min of y/e - log y is 0"),
            Statement(_r2(T_QUADRATIC, P_L, Q_L), _r1(T_QUADRATIC, P_L, Q_L), ">=",
                      "Laplace p, quadratic T"),
        ),
        notes=("q is Gaussian in the facts with a quadratic critic (k < 0) so that E_q e^T is "
               "finite; for the Laplace p the expectations of T are finite for any k.",),
    )
