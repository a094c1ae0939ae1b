"""Each new name of the language used wrongly gives one clear line, never a traceback."""

from __future__ import annotations

import pytest
from claimfiles import assert_one_clear_line

from probproof.checks.domains import parse_domain

DOMAINS = {"s": parse_domain("positive"), "x": parse_domain("real")}

WRONG = [
    ("H(LogNormal(0)) == 1", "LogNormal takes 2"),
    ("H(StudentT(0, 1)) == 1", "StudentT takes 3"),
    ("H(Cauchy(0, -1)) == 1", "gamma must be > 0"),
    ("H(Gumbel(0, 0)) == 1", "beta must be > 0"),
    ("H(Logistic(0, -2)) == 1", "s must be > 0"),
    ("H(Weibull(-1, 2)) == 1", "scale must be > 0"),
    ("H(Pareto(1, -3)) == 1", "alpha must be > 0"),
    ("H(HalfNormal(-s)) == 1", "sigma must be > 0"),
    ("H(HalfCauchy(0)) == 1", "gamma must be > 0"),
    ("H(Chi2(-1)) == 1", "df must be > 0"),
    ("H(InverseGamma(1, 0)) == 1", "rate must be > 0"),
    ("H(Kumaraswamy(1, 2, 3)) == 1", "Kumaraswamy takes 2"),
    ("H(VonMises(0, -1)) == 1", "kappa must be > 0"),
    ("H(Dirichlet(1, 2)) == 1", "Dirichlet takes 1"),
    ("H(Dirichlet([1, -2])) == 1", "concentration must be > 0"),
    ("H(Geometric(2)) == 1", "Geometric: p"),
    ("H(Geometric(0)) == 1", "Geometric: p"),
    ("H(NegativeBinomial(2, 1)) == 1", "NegativeBinomial: p"),
    ("H(Multinomial(3, [1/2, 1/3])) == 1", "sum to 1"),
    ("H(Multinomial(3, 1/2)) == 1", "Multinomial takes a list"),
    ("H(DiscreteUniform(3, 1)) == 1", "a <= b"),
    ("H(DiscreteUniform(1/2, 3)) == 1", "must be an integer"),
    ("KL(Mixture([1/2, 1/2], [Poisson(1), Normal(0, 1)]), Normal(0, 1)) == 1",
     "discrete and continuous"),
    ("cdf(Normal(0, 1)) == 1", "cdf takes 2"),
    ("cdf(MvNormal([0, 0], [[1, 0], [0, 1]]), 1) == 1", "one dimension"),
    ("log1p(1, 2) == 1", "log1p takes 1"),
    ("expm1() == 1", "expm1 takes 1"),
    ("logsumexp(1, 2) == 1", "logsumexp takes limits as a tuple"),
    ("logsumexp(x) == 1", "logsumexp takes a list"),
    ("erfc(Normal(0, 1)) == 1", "not a value"),
    ("beta(1) == 1", "beta takes 2"),
    ("polygamma(1/2, 1) == 1", "polygamma: the order"),
    ("besseli(1) == 1", "besseli takes 2"),
    ("lowergamma(1, 2, 3) == 1", "lowergamma takes 2"),
    ("uppergamma(1) == 1", "uppergamma takes 2"),
    ("logit(0.5, 1) == 1", "logit takes 1"),
    ("EulerGamma(1) == 1", "unknown function"),
    ("Var(x, Normal(0, 1)) == 1", "Var takes 3"),
    ("Cov(z, z, Normal(0, 1)) == 1", "Cov takes 4"),
    ("TV(Normal(0, 1)) == 1", "TV takes 2"),
    ("TV(Normal(0, 1), MvNormal([0, 0], [[1, 0], [0, 1]])) == 1", "different dimensions"),
    ("Hellinger(Normal(0, 1), 1) == 1", "expected a distribution"),
    ("Renyi(Normal(0, 1), Normal(1, 1), 1) == 1", "alpha must be > 0 and not 1"),
    ("Renyi(Normal(0, 1), Normal(1, 1)) == 1", "Renyi takes 3"),
    ("ChiSquare(Normal(0, 1)) == 1", "ChiSquare takes 2"),
    ("FDiv(u*log(u), u, Normal(0, 1), Uniform(0, 1)) == 1", "support"),
    ("FDiv(u*log(u), u, Poisson(1), Normal(0, 1)) == 1", "one discrete and one continuous"),
    ("MutualInformation(MvNormal([0, 0], [[1, 0], [0, 1]]), [0], [0]) == 1", "disjoint"),
    ("MutualInformation(Normal(0, 1), [0], [1]) == 1", "multivariate normal"),
    ("MutualInformation(MvNormal([0, 0], [[1, 0], [0, 1]]), 0, [1]) == 1", "coordinates"),
    ("transpose(1) == 1", "transpose takes a matrix"),
    ("inverse(Matrix([[1, 2], [2, 4]])) == eye(2)", "singular"),
    ("inverse(Matrix([[1, 2]])) == eye(2)", "square matrix"),
    ("trace(Matrix([[1, 2]])) == 1", "square matrix"),
    ("diag(1, 2) == eye(2)", "diag takes 1"),
    ("eye(9) == eye(2)", "eye takes an integer literal"),
    ("eye(s) == eye(2)", "eye takes an integer literal"),
    ("asin(x, 1) == 1", "asin takes 1"),
    ("acos() == 1", "acos takes 1"),
    ("atanh(Normal(0, 1)) == 1", "not a value"),
    ("Heaviside(x, 0) == 1", "Heaviside takes 1"),
    ("zeta(x, 1) == 1", "zeta takes 1"),
    ("zeta(2000) == 1", "beyond the exact-evaluation limit"),
    ("Arcsin(x) == 1", "unknown function"),
]


@pytest.mark.parametrize(("statement", "fragment"), WRONG, ids=[w[0] for w in WRONG])
def test_wrong_use_gives_one_clear_line(statement: str, fragment: str) -> None:
    assert_one_clear_line(statement, fragment, DOMAINS)


def test_every_new_name_is_in_the_language() -> None:
    from probproof.checks.parser import VOCABULARY

    names = {"LogNormal", "StudentT", "Cauchy", "Gumbel", "Logistic", "Weibull", "Pareto",
             "HalfNormal", "HalfCauchy", "Chi2", "InverseGamma", "Kumaraswamy", "VonMises",
             "Dirichlet", "Geometric", "NegativeBinomial", "Multinomial", "DiscreteUniform",
             "cdf", "log1p", "expm1", "logsumexp", "erfc", "beta", "polygamma", "besseli",
             "lowergamma", "uppergamma", "logit", "EulerGamma", "asin", "acos", "asinh", "acosh",
             "atanh", "Heaviside", "zeta", "Var", "Cov", "TV",
             "Hellinger", "Renyi", "ChiSquare", "FDiv", "MutualInformation", "transpose",
             "inverse", "trace", "diag", "eye", "IID", "Pushforward"}
    assert names <= set(VOCABULARY)
