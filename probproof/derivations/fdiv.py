"""Fenchel conjugates and variational bounds on KL (seed 002, Q6)."""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import (
    Derivation,
    Let,
    Result,
    Source,
    Statement,
    Step,
    divergence,
    expectation,
    recalled,
    register,
)
from probproof.derivations.vocabulary import KL, Expect, Inf, Laplace, Normal, Sup, logpdf

SEED = "002_744d3837ef1c38b7.txt"

u, p, q, y = sp.symbols("u p q y", positive=True)
t, x, c, a = sp.symbols("t x c a", real=True)
m1, m2 = sp.symbols("m1 m2", real=True)
s1, s2, b = sp.symbols("s1 s2 b", positive=True)
k = sp.Symbol("k", negative=True)

#: Notation for the text: the conjugates, the critic T, the two bounds and expectations.
F_STAR, F_2STAR = sp.Function("f^*")(t), sp.Function("f^**")(u)
T_ = sp.Function("T")(x)
R1_, R2_ = sp.Function("R_1")(sp.Symbol("T")), sp.Function("R_2")(sp.Symbol("T"))
E_P, E_Q = expectation("p"), expectation("q")
KL_PQ = divergence()(sp.Symbol("p"), sp.Symbol("q"))
R_ = sp.Symbol("r")
Y_ = sp.Symbol("y", positive=True)


@register
def conjugate() -> Result:
    body = u * t - u * sp.log(u)
    ustar = sp.exp(t - 1)
    return Result(
        id="fdiv.conjugate.kl",
        title=("The convex conjugate of ", u * sp.log(u), " is ", sp.exp(t - 1)),
        sources=(Source(SEED, "Q6.1a"),),
        statement=Statement(Sup(body, u), sp.exp(t - 1), "==",
                            ("the conjugate ", Let(F_STAR, sp.Function("sup_u")(body)),
                             " is ", sp.exp(t - 1))),
        derivations=(Derivation(Sup(body, u), (
            Step(body.subs(u, ustar), ("strictly concave in ", u, " (fact 2); its derivative "
                                       "vanishes at ", Let(u, ustar), " (fact 1)")),
            Step(sp.exp(t - 1) * (t - (t - 1)), ("the logarithm of the maximiser is ", t - 1)),
            Step(sp.exp(t - 1), "simplify"),
        ), "stationary point of a concave function"),),
        answer=("The derivative of ", body, " in ", u, " is ", sp.diff(body, u),
                ", zero at ", Let(u, ustar), ", and the function is strictly concave, so ",
                Let(F_STAR, sp.exp(t - 1)), ", finite for every real ", t, "."),
        domains={"u": "positive", "t": "real"},
        # Subs, unevaluated: evaluated, the derivative at the point prints as "0 = 0"
        facts=(Statement(sp.Subs(sp.diff(body, u), u, ustar), sp.S.Zero, "==", "stationary"),
               Statement(sp.diff(body, u, 2), sp.S.Zero, "<", "strictly concave")),
    )


@register
def biconjugate() -> Result:
    body = u * t - sp.exp(t - 1)
    tstar = 1 + sp.log(u)
    return Result(
        id="fdiv.biconjugate.kl",
        title=("The biconjugate of ", u * sp.log(u), " is itself"),
        sources=(Source(SEED, "Q6.1a"),),
        statement=Statement(Sup(body, t), u * sp.log(u), "==",
                            ("the biconjugate ", Let(F_2STAR, sp.Function("sup_t")(body)),
                             " is ", u * sp.log(u), " for positive ", u)),
        derivations=(Derivation(Sup(body, t), (
            Step(body.subs(t, tstar), ("strictly concave in ", t, " (fact 2); the derivative "
                                       "vanishes at ", Let(t, tstar), " (fact 1)")),
            Step(u * (1 + sp.log(u)) - u, "the exponential of a logarithm"),
            Step(u * sp.log(u), "simplify"),
        ), "stationary point of a concave function"),),
        answer=("The supremum of ", body, " is attained at ", Let(t, tstar), ", giving ",
                Let(F_2STAR, u * sp.log(u)), ", the function itself, as Fenchel-Moreau predicts "
                "for a convex, lower semicontinuous function. At zero the supremum is 0, the "
                "limit of the function there; for negative arguments it is infinite, matching "
                "the function outside its domain."),
        domains={"u": "positive", "t": "real"},
        facts=(Statement(sp.Subs(sp.diff(body, t), t, tstar), sp.S.Zero, "==", "stationary"),
               Statement(sp.diff(body, t, 2), sp.S.Zero, "<", "strictly concave")),
    )


@register
def kl_sup_r1() -> Result:
    body = p * t - q * sp.exp(t - 1)
    tstar = 1 + sp.log(p / q)
    return Result(
        id="fdiv.kl.sup_r1",
        title=("The divergence is the supremum of ", R1_, ", attained at ",
               Let(T_, 1 + sp.log(p / q))),
        sources=(Source(SEED, "Q6.1b"),),
        statement=Statement(Sup(body, t), p * sp.log(p / q), "==",
                            ("pointwise in x, with both densities positive there, the supremum "
                             "over ", t, " of ", body, " is attained at ", Let(t, tstar),
                             "; integrating over x gives that the supremum of ", R1_, " is ",
                             KL_PQ)),
        derivations=(Derivation(Sup(body, t), (
            Step(q * Sup((p / q) * t - sp.exp(t - 1), t), ("the positive ", q, " factors out of "
                                                           "the supremum")),
            Step(q * (p / q) * sp.log(p / q), ("the biconjugate of question Q6.1a at ",
                                               Let(u, p / q))),
            Step(p * sp.log(p / q), "simplify"),
        ), "pointwise supremum, then integrate over x"),),
        answer=("By the given interchange of supremum and integral, the supremum of ", R1_,
                " is the integral of the pointwise supremum of ", body, ", which is ",
                p * sp.log(p / q), ": the divergence ", KL_PQ, ". The pointwise maximiser gives "
                "the optimal critic ", Let(T_, 1 + sp.log(p / q)), " where p is positive; where "
                "p vanishes and q does not, the critic tends to minus infinity."),
        domains={"p": "positive", "q": "positive", "t": "real"},
        facts=(Statement(body.subs(t, tstar), p * sp.log(p / q), "==",
                         ("attained at ", Let(t, tstar))),),
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
    # the bound variable is real: y is declared positive for the critics' arguments
    yr = sp.Symbol("y", real=True)
    Z = sp.Integral(Q_G.pdf(yr) * sp.exp(T.subs(x, yr)), (yr, -sp.oo, sp.oo))
    lhs = sp.Integral(Q_G.pdf(x) * sp.exp(T) / Z, (x, -sp.oo, sp.oo))
    Zx = sp.Integral(Q_G.pdf(x) * sp.exp(T), (x, -sp.oo, sp.oo))
    return Result(
        id="fdiv.r2.normalised",
        title=("The product ", R_ * sp.Symbol("q"), " is a probability density"),
        sources=(Source(SEED, "Q6.2a"),),
        statement=Statement(lhs, sp.S.One, "==",
                            ("with ", Let(R_, sp.exp(T_) / E_Q(sp.exp(T_))), ", the integral "
                             "of the product is 1; here q is Gaussian and ", Let(T_, T),
                             ", and the argument holds for any critic of finite exponential "
                             "moment under q")),
        derivations=(Derivation(lhs, (
            Step(Zx / Z, ("the normaliser ", E_Q(sp.exp(T_)), " is a constant: take it out of "
                          "the integral")),
            Step(sp.S.One, ("the integral left is ", sp.Symbol("Z"), " itself, with the bound "
                            "variable renamed")),
        ), "linearity of the integral"),),
        answer=("The product ", Let(R_ * sp.Function("q")(x), sp.Function("q")(x) * sp.exp(T_)
                                        / E_Q(sp.exp(T_))),
                " is nonnegative and integrates to the normaliser over itself, 1, whenever the "
                "normaliser is positive and finite: it is a density."),
        domains=DOMAINS,
        # (a Laplace q, not Q_L: that is the Gaussian q of the other claims, and the fact
        # would repeat the statement under a misleading name)
        facts=(Statement(sp.Integral(Laplace(m2, b).pdf(x) * sp.exp(T) / sp.Integral(
            Laplace(m2, b).pdf(yr) * sp.exp(T.subs(x, yr)), (yr, -sp.oo, sp.oo)),
            (x, -sp.oo, sp.oo)), sp.S.One, "==", "q Laplace"),),
        # q's density by name at any point: written out, it is a fraction inside a fraction;
        # the critic and the normalisers by name: written out, an integral in a denominator
        # inside an integral
        legend=(Let(sp.Function("q")(x), Q_G.pdf(x)), Let(T_, T), Let(sp.Symbol("Z"), Z),
                Let(sp.Function("q_L")(x), Laplace(m2, b).pdf(x)),
                Let(sp.Symbol("Z_L"), sp.Integral(Laplace(m2, b).pdf(yr) * sp.exp(T.subs(x, yr)),
                                                  (yr, -sp.oo, sp.oo)))),
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
        title=("Donsker-Varadhan: the divergence is at least ", R2_, ", with equality exactly at ",
               Let(T_, sp.log(p / q) + c)),
        sources=(Source(SEED, "Q6.2b"),),
        statement=Statement(lhs, rhs, ">=",
                            ("the divergence is at least ", Let(R2_, E_P(T_) - sp.log(E_Q(
                                sp.exp(T_)))), ", shown for Gaussian and Laplace p, Gaussian "
                             "q, bounded and quadratic critics (the bounded critic ", T_,
                             " as in question Q6.2a)")),
        derivations=(Derivation(lhs, (
            Step(Expect(logpdf(P_G, x) - logpdf(Q_G, x) - T, x, P_G) + sp.log(Zq) + rhs,
                 ("add and subtract ", R2_, "; linearity")),
            Step(rhs, ("the first two terms are the divergence of the density ", R_ *
                       sp.Symbol("q"), " of question Q6.2a from p, nonnegative by Gibbs' "
                       "inequality"), ">="),
        ), ("the difference of the divergence and ", R2_, " is a divergence")),),
        answer=("The difference ", KL_PQ - R2_, " is the divergence of ", R_ * sp.Symbol("q"),
                " from p, nonnegative, and zero exactly when the product equals p almost "
                "everywhere, that is when ", Let(T_, sp.log(p / q) + c), " for a constant ", c,
                "; then ", R2_, " is the divergence itself."),
        domains=DOMAINS,
        # the critic by name: written out, it fills every expectation of the steps; stated
        # by fdiv.r2.normalised (question Q6.2a), the first result that uses it
        legend=recalled("fdiv.r2.normalised", (Let(T_, T),)),
        facts=(
            Statement(KL(P_L, Q_L), _r2(T, P_L, Q_L), ">=",
                      "Laplace p, Gaussian q, bounded critic"),
            Statement(_r2(tstar, P_G, Q_W), KL(P_G, Q_W), "==",
                      ("equality at ", Let(T_, sp.log(p / q) + c))),
        ),
    )


@register
def r1_le_r2() -> Result:
    T = T_BOUNDED
    lhs, rhs = _r2(T, P_G, Q_G), _r1(T, P_G, Q_G)
    Zq = Expect(sp.exp(T), x, Q_G)
    return Result(
        id="fdiv.kl.r2_ge_r1",
        title=(R2_, " is at least ", R1_, ": the Donsker-Varadhan bound is the tighter one"),
        sources=(Source(SEED, "Q6.3"),),
        statement=Statement(lhs, rhs, ">=", (
            "for the same critic, ", Let(R2_, E_P(T_) - sp.log(E_Q(sp.exp(T_)))),
            " is at least ", Let(R1_, E_P(T_) - E_Q(sp.exp(T_ - 1))), " (the bounded critic ",
            T_, " as in question Q6.2a)")),
        derivations=(Derivation(lhs, (
            Step(rhs + Expect(sp.exp(T - 1), x, Q_G) - sp.log(Zq),
                 ("add and subtract ", R1_, "; the expectations of the critic under p cancel")),
            Step(rhs + Zq / sp.E - sp.log(Zq), "linearity of the expectation"),
            Step(rhs, ("the logarithm lies below its tangent at e (fact 1)"), ">="),
        ), ("the difference ", R2_ - R1_, " as ", Y_ / sp.E - sp.log(Y_), " with ",
            Let(Y_, E_Q(sp.exp(T_))))),),
        answer=("For the same critic and laws, ", Let(R2_ - R1_, Y_ / sp.E - sp.log(Y_)),
                " with ", Let(Y_, E_Q(sp.exp(T_))), ", nonnegative because the logarithm lies "
                "below its tangent at e, so ", R2_, " is at least ", R1_, ", with equality "
                "exactly when ", Let(Y_, sp.E), ". Both are lower bounds of the divergence with "
                "the same supremum, reached at ", Let(T_, 1 + sp.log(p / q)), "; ", R2_,
                " is the tighter, ", R1_, " the one whose gradient estimates are unbiased."),
        domains=DOMAINS,
        # the critic by name, as fdiv.r2.normalised (question Q6.2a) states it
        legend=recalled("fdiv.r2.normalised", (Let(T_, T),)),
        facts=(
            Statement(Inf(y / sp.E - sp.log(y), y), sp.S.Zero, "==",
                      "the least value of the difference is 0"),
            Statement(_r2(T_QUADRATIC, P_L, Q_L), _r1(T_QUADRATIC, P_L, Q_L), ">=",
                      "Laplace p, quadratic critic"),
        ),
        notes=(("q is Gaussian in the facts with a quadratic critic of negative leading "
                "coefficient ", k, ", so that its exponential moment under q is finite; for the "
                "Laplace p the expectations of the critic are finite for any ", k, "."),),
    )
