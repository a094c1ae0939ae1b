"""Rows for the families of issue 13, prepared but NOT run through probproof yet.

The claim language does not have these names today; when it does, add
``NEXT_ROWS`` to the suite (``generate.claims(ROWS + NEXT_ROWS)``). Their labels
are already checked against scipy.stats by ``test_references.py``, so a wrong
closed form here fails today. Parameters as in DESIGN.md (torch's order and
meaning): Gumbel(mu, beta), Logistic(mu, s), HalfNormal(sigma), Chi2(df),
Geometric(p) counts failures, Weibull(scale, shape), Pareto(scale, alpha),
InverseGamma(shape, rate).
"""

from __future__ import annotations

import math

import mpmath as mp
import references as R
import scipy.stats as st
from mutations import sub, word
from table import FAMILIES, H_TEXT, Row, entropy_row, mean_row, var_row


def _scipy_only(dist) -> R.Law:
    return R.Law(dist, None, lambda x: mp.nan, (-math.inf, math.inf), False, 0.0, 1.0)


FAMILIES.update(
    {
        "lognormal": (
            "LogNormal(mu, s)",
            {"mu": "real", "s": "positive"},
            lambda P: _scipy_only(st.lognorm(P["s"], scale=math.exp(P["mu"]))),
        ),
        "gumbel": (
            "Gumbel(mu, b)",
            {"mu": "real", "b": "positive"},
            lambda P: _scipy_only(st.gumbel_r(P["mu"], P["b"])),
        ),
        "logistic": (
            "Logistic(mu, s)",
            {"mu": "real", "s": "positive"},
            lambda P: _scipy_only(st.logistic(P["mu"], P["s"])),
        ),
        "halfnormal": (
            "HalfNormal(s)",
            {"s": "positive"},
            lambda P: _scipy_only(st.halfnorm(scale=P["s"])),
        ),
        "chi2": ("Chi2(n)", {"n": "positive integer"}, lambda P: _scipy_only(st.chi2(P["n"]))),
        "geometric": (
            "Geometric(p)",
            {"p": "probability"},
            lambda P: _scipy_only(st.geom(P["p"], loc=-1)),
        ),
        "weibull": (
            "Weibull(lam, k)",
            {"lam": "positive", "k": "positive"},
            lambda P: _scipy_only(st.weibull_min(P["k"], scale=P["lam"])),
        ),
        "invgamma": (
            "InverseGamma(a, b)",
            {"a": "interval(2, 50)", "b": "positive"},
            lambda P: _scipy_only(st.invgamma(P["a"], scale=P["b"])),
        ),
    }
)
H_TEXT.update(
    {
        "lognormal": "mu + log(2*pi*exp(1)*s**2)/2",
        "gumbel": "log(b) + EulerGamma + 1",
        "logistic": "log(s) + 2",
        "halfnormal": "log(pi*exp(1)*s**2/2)/2",
        "geometric": "-((1 - p)*log(1 - p) + p*log(p))/p",
    }
)

_SMALL = {"s": (0.05, 0.3, 0.8, 1.5, 2.0, 0.5)}  # a lognormal variance exp(s**2) overflows at 1000

NEXT_ROWS: list[Row] = [
    mean_row("lognormal", "exp(mu + s**2/2)", sub("s**2/2", "s**2"), **_SMALL),
    var_row(
        "lognormal",
        "(exp(s**2) - 1)*exp(2*mu + s**2)",
        sub("(exp(s**2) - 1)", "exp(s**2)"),
        **_SMALL,
    ),
    entropy_row("lognormal", sub("mu + ", "")),
    mean_row("gumbel", "mu + b*EulerGamma", sub("+ b*EulerGamma", "- b*EulerGamma")),
    var_row("gumbel", "pi**2*b**2/6", sub("/6", "/3")),
    entropy_row("gumbel", sub("+ 1", "")),
    var_row("logistic", "pi**2*s**2/3", sub("/3", "/6")),
    entropy_row("logistic", sub("+ 2", "+ 1")),
    mean_row("halfnormal", "s*sqrt(2/pi)", sub("sqrt(2/pi)", "sqrt(1/pi)")),
    var_row("halfnormal", "s**2*(1 - 2/pi)", sub("(1 - 2/pi)", "(1 - 1/pi)")),
    entropy_row("halfnormal", sub("/2)/2", ")/2")),
    mean_row("chi2", "n", word("n", "(n - 1)")),
    var_row("chi2", "2*n", sub("2*n", "n")),
    mean_row("geometric", "(1 - p)/p", sub("(1 - p)/p", "1/p")),
    var_row("geometric", "(1 - p)/p**2", sub("p**2", "p")),
    entropy_row("geometric", sub(")/p", ")")),
    mean_row(
        "weibull", "lam*gamma(1 + 1/k)", sub("1 + 1/k", "1/k"), k=(0.5, 0.8, 2.0, 7.5, 30.0, 1.3)
    ),
    mean_row("invgamma", "b/(a - 1)", sub("(a - 1)", "a"), a=(2.1, 3.0, 7.5, 40.0, 2.5, 5.0)),
    var_row(
        "invgamma",
        "b**2/((a - 1)**2*(a - 2))",
        sub("(a - 2)", "(a - 1)"),
        a=(2.1, 3.0, 7.5, 40.0, 2.5, 5.0),
    ),
]
