"""The conformance table: (family, functional, closed form, domains, reference).

Every row is a TRUE claim ``lhs == rhs`` at symbolic parameters; its wrong
versions come from the named mutations (``mutations.py``). The reference of
a row computes the left side at concrete parameters from scipy.stats,
torch.distributions (``kl_divergence``) or mpmath on the definition, never
from probproof and never from the row's own closed form. ``generate.py``
labels every claim against it.

KL pairs are the ones ``torch/distributions/kl.py`` registers between the
families of the current language (listed from ``torch.distributions.kl._KL_REGISTRY``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import mpmath as mp
import references as R
from mutations import Mutation, const, sub, swap, swap_many, word

Params = dict[str, float]


@dataclass(frozen=True)
class Row:
    id: str
    lhs: str
    rhs: str
    symbols: dict[str, str]
    ref: Callable[[Params], float]
    wrong: tuple[Mutation, ...] = ()
    values: dict[str, tuple] = field(default_factory=dict)
    generic: bool = True  # apply mutations.GENERIC too


# --- the families: claim text, domains, reference law ------------------------------

FAMILIES: dict[str, tuple[str, dict[str, str], Callable[[Params], R.Law]]] = {
    "normal": (
        "Normal(mu, s)",
        {"mu": "real", "s": "positive"},
        lambda P: R.normal(P["mu"], P["s"]),
    ),
    "normal2": (
        "Normal(nu, r)",
        {"nu": "real", "r": "positive"},
        lambda P: R.normal(P["nu"], P["r"]),
    ),
    "laplace": (
        "Laplace(mu, b)",
        {"mu": "real", "b": "positive"},
        lambda P: R.laplace(P["mu"], P["b"]),
    ),
    "laplace2": (
        "Laplace(nu, c)",
        {"nu": "real", "c": "positive"},
        lambda P: R.laplace(P["nu"], P["c"]),
    ),
    "uniform": (
        "Uniform(e, e + w)",
        {"e": "real", "w": "positive"},
        lambda P: R.uniform(P["e"], P["e"] + P["w"]),
    ),
    "uniform+": (
        "Uniform(e, e + w)",
        {"e": "positive", "w": "positive"},
        lambda P: R.uniform(P["e"], P["e"] + P["w"]),
    ),
    "exponential": ("Exponential(lam)", {"lam": "positive"}, lambda P: R.exponential(P["lam"])),
    "exponential2": ("Exponential(kap)", {"kap": "positive"}, lambda P: R.exponential(P["kap"])),
    "gamma": ("Gamma(a, b)", {"a": "positive", "b": "positive"}, lambda P: R.gamma(P["a"], P["b"])),
    "gamma2": (
        "Gamma(c, d)",
        {"c": "positive", "d": "positive"},
        lambda P: R.gamma(P["c"], P["d"]),
    ),
    "beta": ("Beta(a, b)", {"a": "positive", "b": "positive"}, lambda P: R.beta(P["a"], P["b"])),
    "beta2": ("Beta(c, d)", {"c": "positive", "d": "positive"}, lambda P: R.beta(P["c"], P["d"])),
    "bernoulli": ("Bernoulli(p)", {"p": "probability"}, lambda P: R.bernoulli(P["p"])),
    "bernoulli2": ("Bernoulli(q)", {"q": "probability"}, lambda P: R.bernoulli(P["q"])),
    "binomial": (
        "Binomial(n, p)",
        {"n": "positive integer", "p": "probability"},
        lambda P: R.binomial(int(P["n"]), P["p"]),
    ),
    "binomial2": (
        "Binomial(n, q)",
        {"n": "positive integer", "q": "probability"},
        lambda P: R.binomial(int(P["n"]), P["q"]),
    ),
    "poisson": ("Poisson(lam)", {"lam": "positive"}, lambda P: R.poisson(P["lam"])),
    "poisson2": ("Poisson(kap)", {"kap": "positive"}, lambda P: R.poisson(P["kap"])),
    "categorical": (
        "Categorical([p*q, (1 - p)*q, 1 - q])",
        {"p": "probability", "q": "probability"},
        lambda P: R.categorical([P["p"] * P["q"], (1 - P["p"]) * P["q"], 1 - P["q"]]),
    ),
    "mvnormal": (
        "MvNormal([mu, nu], [[s**2, rho*s*r], [rho*s*r, r**2]])",
        {"mu": "real", "nu": "real", "s": "positive", "r": "positive", "rho": "interval(-1, 1)"},
        lambda P: R.mvnormal(
            [P["mu"], P["nu"]],
            [[P["s"] ** 2, P["rho"] * P["s"] * P["r"]], [P["rho"] * P["s"] * P["r"], P["r"] ** 2]],
        ),
    ),
}

# Entropy texts, reused by the cross-family KL and cross-entropy rows.
H_TEXT = {
    "normal": "log(2*pi*exp(1)*s**2)/2",
    "laplace": "1 + log(2*b)",
    "uniform": "log(w)",
    "exponential": "1 - log(lam)",
    "gamma": "a - log(b) + loggamma(a) + (1 - a)*digamma(a)",
    "beta": (
        "loggamma(a) + loggamma(b) - loggamma(a + b) - (a - 1)*digamma(a) "
        "- (b - 1)*digamma(b) + (a + b - 2)*digamma(a + b)"
    ),
    "bernoulli": "-p*log(p) - (1 - p)*log(1 - p)",
    "categorical": "-(p*q*log(p*q) + (1 - p)*q*log((1 - p)*q) + (1 - q)*log(1 - q))",
    "mvnormal": "log(2*pi*exp(1)) + log(s**2*r**2*(1 - rho**2))/2",
}


def fam(key: str) -> tuple[str, dict[str, str], Callable[[Params], R.Law]]:
    return FAMILIES[key]


def _syms(*keys: str, **extra: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for k in keys:
        out.update(FAMILIES[k][1])
    out.update(extra)
    return out


# --- row builders by functional ---------------------------------------------------


def mean_row(key: str, rhs: str, *wrong: Mutation, **values) -> Row:
    text, syms, law = fam(key)
    return Row(
        f"{key}.mean",
        f"Expect(z, z, {text})",
        rhs,
        dict(syms),
        lambda P: float(law(P).scipy.mean()),
        wrong,
        values,
    )


def var_row(key: str, rhs: str, *wrong: Mutation, **values) -> Row:
    text, syms, law = fam(key)
    return Row(
        f"{key}.var",
        f"Expect(z**2, z, {text}) - Expect(z, z, {text})**2",
        rhs,
        dict(syms),
        lambda P: float(law(P).scipy.var()),
        wrong,
        values,
    )


def entropy_row(key: str, *wrong: Mutation, rhs: str | None = None, **values) -> Row:
    text, syms, law = fam(key)
    return Row(
        f"{key}.entropy",
        f"H({text})",
        rhs or H_TEXT[key],
        dict(syms),
        lambda P: float(law(P).scipy.entropy()),
        wrong,
        values,
    )


def expect_row(
    key: str,
    name: str,
    f_text: str,
    g: Callable,
    rhs: str,
    *wrong: Mutation,
    extra: dict[str, str] | None = None,
    breaks: Callable | None = None,
    **values,
) -> Row:
    """``Expect(f, z, P) == rhs``; the reference integrates/sums g(P)(z) p(z) from
    the definition (mpmath, 30 digits)."""
    text, _, law = fam(key)
    var = "j" if law_is_discrete(key) else "z"
    return Row(
        f"{key}.{name}",
        f"Expect({f_text.replace('Z', var)}, {var}, {text})",
        rhs,
        _syms(key, **(extra or {})),
        lambda P: float(R.expect(g(P), law(P), breaks=breaks(P) if breaks else ())),
        wrong,
        values,
    )


def law_is_discrete(key: str) -> bool:
    return key.rstrip("2") in ("bernoulli", "binomial", "poisson", "categorical")


def density_row(
    key: str,
    log: bool,
    at: str,
    at_syms: dict[str, str],
    at_value: Callable,
    rhs: str,
    *wrong: Mutation,
    **values,
) -> Row:
    text, _, law = fam(key)
    fn = "logpdf" if log else "pdf"

    def ref(P: Params) -> float:
        d = law(P).scipy
        x = at_value(P)
        if law_is_discrete(key):
            return float(d.logpmf(x) if log else d.pmf(x))
        return float(d.logpdf(x) if log else d.pdf(x))

    return Row(f"{key}.{fn}", f"{fn}({text}, {at})", rhs, _syms(key, **at_syms), ref, wrong, values)


def kl_row(kp: str, kq: str, rhs: str, *wrong: Mutation, generic: bool = True, **values) -> Row:
    tp, _, lp = fam(kp)
    tq, _, lq = fam(kq)
    return Row(
        f"kl.{kp}.{kq}",
        f"KL({tp}, {tq})",
        rhs,
        _syms(kp, kq),
        lambda P: R.kl_torch(lp(P), lq(P)),
        wrong,
        values,
        generic,
    )


def kl_inf_row(kp: str, kq: str, *finite: str) -> Row:
    """A pair torch registers as infinite (P's support is not inside Q's)."""
    texts = (*finite, *(f"-({t})" for t in finite), "0")
    return kl_row(kp, kq, "oo", *(const(t) for t in texts), generic=False)


def ce_row(kp: str, kq: str, rhs: str, *wrong: Mutation, **values) -> Row:
    tp, _, lp = fam(kp)
    tq, _, lq = fam(kq)
    return Row(
        f"ce.{kp}.{kq}",
        f"CrossEntropy({tp}, {tq})",
        rhs,
        _syms(kp, kq),
        lambda P: R.cross_entropy(lp(P), lq(P)),
        wrong,
        values,
    )


def _mgf(P, key_t: str = "t"):
    t = P[key_t]
    return lambda x: mp.exp(t * x)


def _normal_peak(P):
    c = P["mu"] + P["s"] ** 2 * P["t"]
    return [c - 8 * P["s"], c, c + 8 * P["s"]]


def _laplace_breaks(P):
    k = P["b"] / (1 - abs(P["w"]))
    return [P["mu"] + sgn * m * k for sgn in (-1, 1) for m in (1, 10, 60)]


SMALL_T = {"t": (-2.0, -0.5, 0.3, 1.0, 2.0, 0.05)}
MODEST = {"s": (0.05, 0.8, 2.0, 7.5, 0.3, 25.0)}


def _neg_h(key: str) -> str:
    return f"-({H_TEXT[key]})"


ROWS: list[Row] = [
    # --- Normal ------------------------------------------------------------------
    mean_row("normal", "mu"),
    var_row("normal", "s**2", sub("s**2", "s"), sub("s**2", "s**2/2")),
    entropy_row("normal", sub("s**2", "s"), sub(")/2", ")")),
    expect_row(
        "normal",
        "mgf",
        "exp(t*Z)",
        _mgf,
        "exp(mu*t + s**2*t**2/2)",
        sub("s**2*t**2/2", "s**2*t**2"),
        sub("s**2*t**2/2", "s*t**2/2"),
        extra={"t": "real"},
        breaks=_normal_peak,
        **SMALL_T,
        **MODEST,
    ),
    expect_row(
        "normal",
        "second-moment",
        "Z**2",
        lambda P: lambda x: x * x,
        "mu**2 + s**2",
        sub("mu**2 + ", ""),
    ),
    density_row(
        "normal",
        False,
        "y",
        {"y": "real"},
        lambda P: P["y"],
        "exp(-(y - mu)**2/(2*s**2))/sqrt(2*pi*s**2)",
        sub("2*s**2)", "2*s)"),
        sub("sqrt(2*pi*s**2)", "sqrt(2*pi)*s**2"),
    ),
    density_row(
        "normal",
        True,
        "y",
        {"y": "real"},
        lambda P: P["y"],
        "-(y - mu)**2/(2*s**2) - log(2*pi*s**2)/2",
        sub("log(2*pi*s**2)/2", "log(2*pi*s)/2"),
        sub("log(2*pi*s**2)/2", "log(2*pi)/2 - log(s)"),
    ),
    # --- Laplace -----------------------------------------------------------------
    mean_row("laplace", "mu"),
    var_row("laplace", "2*b**2", sub("2*b**2", "b**2"), sub("2*b**2", "2*b")),
    entropy_row("laplace", sub("log(2*b)", "log(b)"), sub("1 + ", "")),
    expect_row(
        "laplace",
        "mgf",
        "exp(w*Z/b)",
        lambda P: lambda x: mp.exp(P["w"] * x / P["b"]),
        "exp(mu*w/b)/(1 - w**2)",
        sub("w**2", "w"),
        sub("exp(mu*w/b)", "exp(mu*w)"),
        extra={"w": "interval(-1, 1)"},
        breaks=_laplace_breaks,
    ),
    expect_row(
        "laplace",
        "abs-moment",
        "Abs(Z - mu)",
        lambda P: lambda x: abs(x - P["mu"]),
        "b",
        word("b", "(2*b)"),
    ),
    density_row(
        "laplace",
        False,
        "y",
        {"y": "real"},
        lambda P: P["y"],
        "exp(-Abs(y - mu)/b)/(2*b)",
        sub("/(2*b)", "/b"),
        sub("Abs(y - mu)/b", "(y - mu)/b"),
    ),
    density_row(
        "laplace",
        True,
        "y",
        {"y": "real"},
        lambda P: P["y"],
        "-Abs(y - mu)/b - log(2*b)",
        sub("log(2*b)", "log(b)"),
        sub("-Abs(y - mu)/b", "-Abs(y - mu)/(2*b)"),
    ),
    # --- Uniform -----------------------------------------------------------------
    mean_row("uniform", "e + w/2", sub("w/2", "w")),
    var_row("uniform", "w**2/12", sub("/12", "/4"), sub("w**2", "w")),
    entropy_row("uniform", sub("log(w)", "log(w)/2"), sub("log(w)", "-log(w)")),
    expect_row(
        "uniform+",
        "log-moment",
        "log(Z)",
        lambda P: mp.log,
        "((e + w)*log(e + w) - e*log(e))/w - 1",
        sub(" - 1", ""),
        sub("/w", "/(e + w)"),
    ),
    expect_row(
        "uniform",
        "mgf",
        "exp(t*Z)",
        _mgf,
        "(exp(t*(e + w)) - exp(t*e))/(t*w)",
        sub("/(t*w)", "/w"),
        sub("/(t*w)", "/t"),
        extra={"t": "positive"},
        t=(0.05, 0.8, 2.0, 3.5, 0.3, 1.0),
        e=(-1.3, 0.4, 2.5, -7.0, 0.05, 11.0),
        w=(0.05, 0.8, 2.0, 7.5, 0.3, 1.0),
    ),
    density_row(
        "uniform",
        False,
        "e + w*v",
        {"v": "interval(0, 1)"},
        lambda P: P["e"] + P["w"] * P["v"],
        "1/w",
        sub("1/w", "1/(e + w)"),
        sub("1/w", "w"),
    ),
    density_row(
        "uniform",
        True,
        "e + w*v",
        {"v": "interval(0, 1)"},
        lambda P: P["e"] + P["w"] * P["v"],
        "-log(w)",
        sub("-log(w)", "log(w)"),
        sub("-log(w)", "-log(e + w)"),
    ),
    # --- Exponential ---------------------------------------------------------------
    mean_row("exponential", "1/lam", word("lam", "(1/lam)")),
    var_row("exponential", "1/lam**2", word("lam", "(1/lam)"), sub("lam**2", "lam")),
    entropy_row("exponential", sub("- log(lam)", "+ log(lam)")),
    expect_row(
        "exponential",
        "log-moment",
        "log(Z)",
        lambda P: mp.log,
        "digamma(1) - log(lam)",
        sub("- log(lam)", "+ log(lam)"),
        sub("digamma(1)", "digamma(2)"),
    ),
    expect_row(
        "exponential",
        "laplace-transform",
        "exp(-t*Z)",
        lambda P: lambda x: mp.exp(-P["t"] * x),
        "lam/(lam + t)",
        sub("lam + t", "lam - t"),
        word("lam", "(1/lam)"),
        extra={"t": "positive"},
    ),
    density_row(
        "exponential",
        False,
        "y",
        {"y": "positive"},
        lambda P: P["y"],
        "lam*exp(-lam*y)",
        word("lam", "(1/lam)"),
        sub("lam*exp", "exp"),
    ),
    density_row(
        "exponential",
        True,
        "y",
        {"y": "positive"},
        lambda P: P["y"],
        "log(lam) - lam*y",
        word("lam", "(1/lam)"),
    ),
    # --- Gamma(shape, rate) ----------------------------------------------------------
    mean_row("gamma", "a/b", sub("a/b", "a*b"), sub("a/b", "(a - 1)/b")),
    var_row("gamma", "a/b**2", sub("a/b**2", "a*b**2"), sub("b**2", "b")),
    entropy_row("gamma", sub("- log(b)", "+ log(b)"), sub("(1 - a)", "(a - 1)")),
    expect_row(
        "gamma",
        "log-moment",
        "log(Z)",
        lambda P: mp.log,
        "digamma(a) - log(b)",
        sub("- log(b)", "+ log(b)"),
        sub("digamma(a)", "digamma(a + 1)"),
        sub("digamma(a)", "log(a)"),
    ),
    expect_row(
        "gamma",
        "laplace-transform",
        "exp(-t*Z)",
        lambda P: lambda x: mp.exp(-P["t"] * x),
        "(b/(b + t))**a",
        sub("(b/(b + t))", "(1/(1 + b*t))"),
        sub("**a", "**(a - 1)"),
        extra={"t": "positive"},
    ),
    density_row(
        "gamma",
        False,
        "y",
        {"y": "positive"},
        lambda P: P["y"],
        "b**a*y**(a - 1)*exp(-b*y)/gamma(a)",
        sub("b**a*y**(a - 1)*exp(-b*y)", "y**(a - 1)*exp(-y/b)/b**a"),
        sub("y**(a - 1)", "y**a"),
    ),
    density_row(
        "gamma",
        True,
        "y",
        {"y": "positive"},
        lambda P: P["y"],
        "a*log(b) + (a - 1)*log(y) - b*y - loggamma(a)",
        sub("a*log(b)", "-a*log(b)"),
        sub("loggamma(a)", "loggamma(a + 1)"),
    ),
    # --- Beta ------------------------------------------------------------------------
    mean_row("beta", "a/(a + b)", sub("a/(", "b/(")),
    var_row(
        "beta",
        "a*b/((a + b)**2*(a + b + 1))",
        sub("(a + b + 1)", "(a + b - 1)"),
        sub("*(a + b + 1)", ""),
    ),
    entropy_row("beta", sub("(a + b - 2)", "(a + b - 1)"), sub("- (b - 1)", "+ (b - 1)")),
    expect_row(
        "beta",
        "log-moment",
        "log(Z)",
        lambda P: mp.log,
        "digamma(a) - digamma(a + b)",
        swap("a", "b"),
        sub("digamma(a + b)", "digamma(b)"),
    ),
    # E log(1 - X) for X ~ Beta(a, b) is E log(Y) for Y = 1 - X ~ Beta(b, a): the
    # reference integrates at the lower end, where the singularity is handled.
    Row(
        "beta.log1m-moment",
        "Expect(log(1 - z), z, Beta(a, b))",
        "digamma(b) - digamma(a + b)",
        _syms("beta"),
        lambda P: float(R.expect(mp.log, R.beta(P["b"], P["a"]))),
        (swap("a", "b"), sub("digamma(b)", "digamma(b + 1)")),
    ),
    density_row(
        "beta",
        False,
        "v",
        {"v": "interval(0, 1)"},
        lambda P: P["v"],
        "v**(a - 1)*(1 - v)**(b - 1)*gamma(a + b)/(gamma(a)*gamma(b))",
        sub("v**(a - 1)", "v**a"),
        swap("a", "b"),
        a=(0.05, 0.8, 2.0, 7.5, 30.0, 0.3),
    ),
    density_row(
        "beta",
        True,
        "v",
        {"v": "interval(0, 1)"},
        lambda P: P["v"],
        "(a - 1)*log(v) + (b - 1)*log(1 - v) + loggamma(a + b) - loggamma(a) - loggamma(b)",
        swap("a", "b"),
        sub("+ loggamma(a + b)", "- loggamma(a + b)"),
    ),
    # --- Bernoulli -------------------------------------------------------------------
    mean_row("bernoulli", "p", sub("p", "1 - p")),
    var_row("bernoulli", "p*(1 - p)", sub("p*(1 - p)", "p**2"), sub("(1 - p)", "(1 + p)")),
    entropy_row("bernoulli", sub("log(p)", "log(p, 2)")),
    expect_row(
        "bernoulli",
        "mgf",
        "exp(t*Z)",
        _mgf,
        "1 - p + p*exp(t)",
        sub("1 - p + p*exp(t)", "p + (1 - p)*exp(t)"),
        extra={"t": "real"},
        **SMALL_T,
    ),
    density_row("bernoulli", True, "0", {}, lambda P: 0, "log(1 - p)", sub("log(1 - p)", "log(p)")),
    # --- Binomial --------------------------------------------------------------------
    mean_row("binomial", "n*p", word("n", "(n - 1)")),
    var_row("binomial", "n*p*(1 - p)", word("n", "(n - 1)"), sub("(1 - p)", "p")),
    expect_row(
        "binomial",
        "factorial-moment",
        "Z*(Z - 1)",
        lambda P: lambda k: k * (k - 1),
        "n*(n - 1)*p**2",
        sub("n*(n - 1)", "n**2"),
    ),
    expect_row(
        "binomial",
        "mgf",
        "exp(t*Z)",
        _mgf,
        "(1 - p + p*exp(t))**n",
        sub("**n", "**(n - 1)"),
        sub("1 - p + p*exp(t)", "p + (1 - p)*exp(t)"),
        extra={"t": "real"},
        **SMALL_T,
    ),
    density_row(
        "binomial",
        False,
        "1",
        {},
        lambda P: 1,
        "n*p*(1 - p)**(n - 1)",
        sub("**(n - 1)", "**n"),
        sub("n*p*", "p*"),
    ),
    density_row(
        "binomial",
        True,
        "0",
        {},
        lambda P: 0,
        "n*log(1 - p)",
        word("n", "(n - 1)"),
        sub("log(1 - p)", "log(p)"),
    ),
    # --- Poisson ---------------------------------------------------------------------
    mean_row("poisson", "lam", word("lam", "(1/lam)")),
    var_row("poisson", "lam", sub("lam", "lam**2")),
    expect_row(
        "poisson",
        "factorial-moment",
        "Z*(Z - 1)*(Z - 2)",
        lambda P: lambda k: k * (k - 1) * (k - 2),
        "lam**3",
        sub("lam**3", "lam**3 + lam"),
    ),
    expect_row(
        "poisson",
        "mgf",
        "exp(t*Z)",
        _mgf,
        "exp(lam*(exp(t) - 1))",
        sub("exp(lam*(exp(t) - 1))", "exp(lam*exp(t))"),
        sub("exp(t) - 1", "t - 1"),
        extra={"t": "real"},
        **SMALL_T,
    ),
    density_row(
        "poisson",
        False,
        "2",
        {},
        lambda P: 2,
        "lam**2*exp(-lam)/2",
        sub("/2", ""),
        sub("lam**2", "lam"),
    ),
    density_row(
        "poisson",
        True,
        "3",
        {},
        lambda P: 3,
        "3*log(lam) - lam - log(6)",
        sub("log(6)", "log(3)"),
        sub("- lam", "+ lam"),
    ),
    # --- Categorical (values 0, 1, 2) -----------------------------------------------
    mean_row(
        "categorical",
        "(1 - p)*q + 2*(1 - q)",
        sub("2*(1 - q)", "3*(1 - q)"),
        sub("(1 - p)*q", "p*q"),
    ),
    var_row(
        "categorical",
        "(1 - p)*q + 4*(1 - q) - ((1 - p)*q + 2*(1 - q))**2",
        sub("4*(1 - q)", "2*(1 - q)"),
    ),
    entropy_row("categorical", sub("(1 - q)*log(1 - q)", "log(1 - q)")),
    expect_row(
        "categorical",
        "mgf",
        "exp(t*Z)",
        _mgf,
        "p*q + (1 - p)*q*exp(t) + (1 - q)*exp(2*t)",
        sub("(1 - q)*exp(2*t)", "(1 - q)*exp(t)"),
        extra={"t": "real"},
        **SMALL_T,
    ),
    density_row(
        "categorical",
        False,
        "1",
        {},
        lambda P: 1,
        "(1 - p)*q",
        sub("(1 - p)*q", "p*q"),
        sub("(1 - p)*q", "1 - q"),
    ),
    density_row(
        "categorical", True, "2", {}, lambda P: 2, "log(1 - q)", sub("log(1 - q)", "log(q)")
    ),
    # --- MvNormal (2-d, correlated) ---------------------------------------------------
    Row(
        "mvnormal.mean",
        f"Expect(x[1], x, {FAMILIES['mvnormal'][0]})",
        "nu",
        dict(FAMILIES["mvnormal"][1]),
        lambda P: P["nu"],
        (swap("mu", "nu"),),
    ),
    Row(
        "mvnormal.cov",
        f"Expect(x[0]*x[1], x, {FAMILIES['mvnormal'][0]}) - mu*nu",
        "rho*s*r",
        dict(FAMILIES["mvnormal"][1]),
        lambda P: float(FAMILIES["mvnormal"][2](P).scipy.cov[0, 1]),
        (sub("rho*s*r", "rho"), sub("rho*s*r", "rho*s**2*r**2")),
    ),
    entropy_row("mvnormal", sub(")/2", ")"), sub("*(1 - rho**2)", "")),
    Row(
        "mvnormal.logpdf",
        f"logpdf({FAMILIES['mvnormal'][0]}, [y, v])",
        "-log(2*pi) - log(s**2*r**2*(1 - rho**2))/2"
        " - ((y - mu)**2/s**2 - 2*rho*(y - mu)*(v - nu)/(s*r) + (v - nu)**2/r**2)/(2*(1 - rho**2))",
        _syms("mvnormal", y="real", v="real"),
        lambda P: float(FAMILIES["mvnormal"][2](P).scipy.logpdf([P["y"], P["v"]])),
        (sub("- 2*rho", "+ 2*rho"), sub("-log(2*pi)", "-log(2*pi)/2")),
    ),
    Row(
        "mvnormal.pdf",
        "pdf(MvNormal([mu, nu], [[s**2, 0], [0, r**2]]), [y, v])",
        "exp(-(y - mu)**2/(2*s**2) - (v - nu)**2/(2*r**2))/(2*pi*s*r)",
        _syms("normal", "normal2", y="real", v="real"),
        lambda P: float(
            R.mvnormal([P["mu"], P["nu"]], [[P["s"] ** 2, 0], [0, P["r"] ** 2]]).scipy.pdf(
                [P["y"], P["v"]]
            )
        ),
        (sub("/(2*pi*s*r)", "/(2*pi*s**2*r**2)"), sub("/(2*pi*s*r)", "/(sqrt(2*pi)*s*r)")),
    ),
    # --- Mixture of two normals -------------------------------------------------------
    Row(
        "mixture.mean",
        "Expect(z, z, Mixture([p, 1 - p], [Normal(mu, s), Normal(nu, r)]))",
        "p*mu + (1 - p)*nu",
        _syms("normal", "normal2", p="probability"),
        lambda P: P["p"] * P["mu"] + (1 - P["p"]) * P["nu"],
        (swap("mu", "nu"),),
    ),
    Row(
        "mixture.var",
        "Expect(z**2, z, Mixture([p, 1 - p], [Normal(mu, s), Normal(nu, r)]))"
        " - Expect(z, z, Mixture([p, 1 - p], [Normal(mu, s), Normal(nu, r)]))**2",
        "p*(s**2 + mu**2) + (1 - p)*(r**2 + nu**2) - (p*mu + (1 - p)*nu)**2",
        _syms("normal", "normal2", p="probability"),
        lambda P: (
            R.mixture_moment(
                [P["p"], 1 - P["p"]], [R.normal(P["mu"], P["s"]), R.normal(P["nu"], P["r"])], 2
            )
            - (P["p"] * P["mu"] + (1 - P["p"]) * P["nu"]) ** 2
        ),
        (const("p*s**2 + (1 - p)*r**2"), const("p**2*s**2 + (1 - p)**2*r**2")),
    ),
    Row(
        "mixture.pdf",
        "pdf(Mixture([p, 1 - p], [Normal(mu, s), Normal(nu, r)]), y)",
        "p*exp(-(y - mu)**2/(2*s**2))/sqrt(2*pi*s**2)"
        " + (1 - p)*exp(-(y - nu)**2/(2*r**2))/sqrt(2*pi*r**2)",
        _syms("normal", "normal2", p="probability", y="real"),
        lambda P: float(
            P["p"] * R.normal(P["mu"], P["s"]).scipy.pdf(P["y"])
            + (1 - P["p"]) * R.normal(P["nu"], P["r"]).scipy.pdf(P["y"])
        ),
        (sub("(1 - p)*exp", "p*exp"),),
    ),
    Row(
        "mixture-exp.mean",
        "Expect(z, z, Mixture([p, 1 - p], [Exponential(lam), Exponential(kap)]))",
        "p/lam + (1 - p)/kap",
        _syms("exponential", "exponential2", p="probability"),
        lambda P: P["p"] / P["lam"] + (1 - P["p"]) / P["kap"],
        (
            sub("p/lam + (1 - p)/kap", "p*lam + (1 - p)*kap"),
            sub("p/lam + (1 - p)/kap", "1/(p*lam + (1 - p)*kap)"),
        ),
    ),
    # --- KL: same-family pairs ---------------------------------------------------------
    kl_row(
        "normal",
        "normal2",
        "log(r/s) + (s**2 + (mu - nu)**2)/(2*r**2) - 1/2",
        swap_many(("mu", "nu"), ("s", "r")),
        sub("log(r/s)", "log(r**2/s**2)"),
        sub("(2*r**2)", "r**2"),
    ),
    kl_row(
        "laplace",
        "laplace2",
        "log(c/b) + Abs(mu - nu)/c + b*exp(-Abs(mu - nu)/b)/c - 1",
        swap_many(("b", "c")),
        sub("exp(-Abs(mu - nu)/b)", "exp(-Abs(mu - nu)/c)"),
    ),
    Row(
        "kl.uniform.uniform",
        "KL(Uniform(e, e + w), Uniform(e - u, e + w + v))",
        "log((w + u + v)/w)",
        _syms("uniform", u="positive", v="positive"),
        lambda P: R.kl_torch(
            R.uniform(P["e"], P["e"] + P["w"]), R.uniform(P["e"] - P["u"], P["e"] + P["w"] + P["v"])
        ),
        (sub("log((w + u + v)/w)", "log(w/(w + u + v))"), sub("w + u + v", "u + v")),
    ),
    Row(
        "kl.uniform.uniform-inf",
        "KL(Uniform(e, e + w), Uniform(e + w*v, e + w))",
        "oo",
        _syms("uniform", v="interval(0, 1)"),
        lambda P: R.kl_torch(
            R.uniform(P["e"], P["e"] + P["w"]), R.uniform(P["e"] + P["w"] * P["v"], P["e"] + P["w"])
        ),
        (const("-log(1 - v)"), const("log(1 - v)"), const("0")),
        generic=False,
    ),
    kl_row(
        "exponential",
        "exponential2",
        "log(lam/kap) + kap/lam - 1",
        swap("lam", "kap"),
        sub("kap/lam", "lam/kap"),
    ),
    kl_row(
        "gamma",
        "gamma2",
        "(a - c)*digamma(a) - loggamma(a) + loggamma(c) + c*(log(b) - log(d)) + a*(d - b)/b",
        swap_many(("a", "c"), ("b", "d")),
        sub("a*(d - b)/b", "a*(d - b)/d"),
        sub("c*(log(b) - log(d))", "a*(log(b) - log(d))"),
    ),
    kl_row(
        "beta",
        "beta2",
        "loggamma(a + b) - loggamma(a) - loggamma(b) - loggamma(c + d) + loggamma(c) + loggamma(d)"
        " + (a - c)*digamma(a) + (b - d)*digamma(b) + (c - a + d - b)*digamma(a + b)",
        swap_many(("a", "c"), ("b", "d")),
        sub("(c - a + d - b)", "(a - c + b - d)"),
    ),
    kl_row(
        "bernoulli",
        "bernoulli2",
        "p*log(p/q) + (1 - p)*log((1 - p)/(1 - q))",
        swap("p", "q"),
        sub("log(p/q)", "log(p/q, 2)"),
    ),
    kl_row(
        "binomial",
        "binomial2",
        "n*(p*log(p/q) + (1 - p)*log((1 - p)/(1 - q)))",
        word("n", "(n - 1)"),
        swap("p", "q"),
        sub("n*(", "("),
    ),
    kl_row(
        "poisson",
        "poisson2",
        "lam*log(lam/kap) - lam + kap",
        swap("lam", "kap"),
        sub("- lam + kap", "+ lam - kap"),
    ),
    Row(
        "kl.categorical.categorical",
        "KL(Categorical([p*q, (1 - p)*q, 1 - q]), Categorical([1/3, 1/3, 1/3]))",
        f"log(3) - ({H_TEXT['categorical']})",
        _syms("categorical"),
        lambda P: R.kl_torch(FAMILIES["categorical"][2](P), R.categorical([1 / 3] * 3)),
        (sub("log(3)", "log(2)"), sub("log(3) - (", "log(3) + (")),
    ),
    Row(
        "kl.mvnormal.mvnormal",
        f"KL({FAMILIES['mvnormal'][0]}, MvNormal([0, 0], [[f**2, 0], [0, g**2]]))",
        "(s**2/f**2 + r**2/g**2 + mu**2/f**2 + nu**2/g**2 - 2)/2 + log(f*g/(s*r*sqrt(1 - rho**2)))",
        _syms("mvnormal", f="positive", g="positive"),
        lambda P: R.kl_torch(
            FAMILIES["mvnormal"][2](P), R.mvnormal([0, 0], [[P["f"] ** 2, 0], [0, P["g"] ** 2]])
        ),
        (
            sub("sqrt(1 - rho**2)", "(1 - rho**2)"),
            sub(" - 2)/2", " - 1)/2"),
            swap_many(("s", "f"), ("r", "g")),
        ),
    ),
    # --- KL: cross-family pairs torch registers ------------------------------------------
    kl_row(
        "bernoulli",
        "poisson",
        "p*log(p) + (1 - p)*log(1 - p) - p*log(lam) + lam",
        sub("- p*log(lam)", "+ p*log(lam)"),
        sub("+ lam", "- lam"),
    ),
    kl_row(
        "beta",
        "exponential",
        f"{_neg_h('beta')} - log(lam) + lam*a/(a + b)",
        sub("- log(lam)", "+ log(lam)"),
        sub("lam*a/(a + b)", "a/(lam*(a + b))"),
    ),
    kl_row(
        "beta",
        "gamma2",
        f"{_neg_h('beta')} + loggamma(c) - c*log(d) - (c - 1)*(digamma(a) - digamma(a + b))"
        " + d*a/(a + b)",
        sub("- c*log(d)", "+ c*log(d)"),
        sub("d*a/(a + b)", "a/(d*(a + b))"),
    ),
    kl_row(
        "beta",
        "normal2",
        f"{_neg_h('beta')} + log(r) + log(2*pi)/2 + (a*b/((a + b)**2*(a + b + 1))"
        " + (a/(a + b) - nu)**2)/(2*r**2)",
        sub("log(r)", "log(r**2)"),
        sub("(2*r**2)", "r**2"),
    ),
    Row(
        "kl.beta.uniform",
        "KL(Beta(a, b), Uniform(-u, 1 + v))",
        f"{_neg_h('beta')} + log(1 + u + v)",
        _syms("beta", u="positive", v="positive"),
        lambda P: R.kl_torch(R.beta(P["a"], P["b"]), R.uniform(-P["u"], 1 + P["v"])),
        (sub("log(1 + u + v)", "log(u + v)"), sub("log(1 + u + v)", "-log(1 + u + v)")),
    ),
    kl_row(
        "exponential",
        "gamma2",
        "log(lam) - 1 - c*log(d) + loggamma(c) - (c - 1)*(digamma(1) - log(lam)) + d/lam",
        sub("d/lam", "d*lam"),
        sub("(c - 1)", "c"),
    ),
    kl_row(
        "exponential",
        "normal2",
        "log(lam) - 1 + log(r) + log(2*pi)/2 + (2/lam**2 - 2*nu/lam + nu**2)/(2*r**2)",
        sub("2/lam**2", "1/lam**2"),
        word("lam", "(1/lam)"),
    ),
    kl_row(
        "gamma",
        "exponential2",
        f"{_neg_h('gamma')} - log(kap) + kap*a/b",
        sub("kap*a/b", "kap*a*b"),
        sub("- log(kap)", "+ log(kap)"),
    ),
    kl_row(
        "gamma",
        "normal2",
        f"{_neg_h('gamma')} + log(r) + log(2*pi)/2 + (a/b**2 + (a/b - nu)**2)/(2*r**2)",
        sub("a/b**2 + ", ""),
        sub("(a/b - nu)", "(a*b - nu)"),
    ),
    kl_row(
        "laplace",
        "normal2",
        f"{_neg_h('laplace')} + log(r) + log(2*pi)/2 + (2*b**2 + (mu - nu)**2)/(2*r**2)",
        sub("2*b**2", "b**2"),
        sub("log(r)", "log(r**2)"),
    ),
    kl_row(
        "normal",
        "laplace2",
        f"{_neg_h('normal')} + log(2*c) + (s*sqrt(2/pi)*exp(-(mu - nu)**2/(2*s**2))"
        " + (mu - nu)*erf((mu - nu)/(s*sqrt(2))))/c",
        sub("log(2*c)", "log(c)"),
        sub("s*sqrt(2/pi)", "s*sqrt(2*pi)"),
    ),
    Row(
        "kl.uniform.beta",
        "KL(Uniform(u/2, 1/2 + v/2), Beta(a, b))",
        "-log((1 + v - u)/2) + loggamma(a) + loggamma(b) - loggamma(a + b)"
        " - (a - 1)*(((1 + v)/2*log((1 + v)/2) - u/2*log(u/2))/((1 + v - u)/2) - 1)"
        " - (b - 1)*(((1 - u/2)*log(1 - u/2) - (1 - v)/2*log((1 - v)/2))/((1 + v - u)/2) - 1)",
        _syms("beta", u="interval(0, 1)", v="interval(0, 1)"),
        lambda P: R.kl_torch(R.uniform(P["u"] / 2, 0.5 + P["v"] / 2), R.beta(P["a"], P["b"])),
        (swap("a", "b"), sub("-log((1 + v - u)/2)", "log((1 + v - u)/2)")),
        {"a": (0.05, 0.8, 2.0, 7.5, 30.0, 0.3), "b": (0.3, 2.0, 7.5, 0.05, 0.8, 30.0)},
    ),
    Row(
        "kl.uniform.exponential",
        "KL(Uniform(e, e + w), Exponential(lam))",
        "-log(w) - log(lam) + lam*(e + w/2)",
        _syms("uniform+", "exponential"),
        lambda P: R.kl_torch(R.uniform(P["e"], P["e"] + P["w"]), R.exponential(P["lam"])),
        (sub("lam*(e + w/2)", "(e + w/2)/lam"), sub("w/2", "w")),
    ),
    Row(
        "kl.uniform.gamma",
        "KL(Uniform(e, e + w), Gamma(c, d))",
        "-log(w) - c*log(d) + loggamma(c) - (c - 1)*(((e + w)*log(e + w) - e*log(e))/w - 1)"
        " + d*(e + w/2)",
        _syms("uniform+", "gamma2"),
        lambda P: R.kl_torch(R.uniform(P["e"], P["e"] + P["w"]), R.gamma(P["c"], P["d"])),
        (sub("d*(e + w/2)", "(e + w/2)/d"), sub("- c*log(d)", "+ c*log(d)")),
    ),
    Row(
        "kl.uniform.normal",
        "KL(Uniform(e, e + w), Normal(nu, r))",
        "-log(w) + log(r) + log(2*pi)/2 + (w**2/12 + (e + w/2 - nu)**2)/(2*r**2)",
        _syms("uniform", "normal2"),
        lambda P: R.kl_torch(R.uniform(P["e"], P["e"] + P["w"]), R.normal(P["nu"], P["r"])),
        (sub("w**2/12", "w**2/4"), sub("(2*r**2)", "r**2")),
    ),
    # --- KL: pairs torch registers as infinite ----------------------------------------------
    kl_inf_row("exponential", "beta", "log(lam) - 1 + loggamma(a) + loggamma(b) - loggamma(a + b)"),
    kl_inf_row("exponential", "uniform", "log(lam*w) - 1"),
    kl_inf_row(
        "gamma", "beta2", f"{_neg_h('gamma')} + loggamma(c) + loggamma(d) - loggamma(c + d)"
    ),
    kl_inf_row("gamma", "uniform", f"{_neg_h('gamma')} + log(w)"),
    kl_inf_row("laplace", "beta", "loggamma(a) + loggamma(b)"),
    kl_inf_row("laplace", "exponential", f"{_neg_h('laplace')} - log(lam) + lam*Abs(mu)"),
    kl_inf_row("laplace", "gamma2", f"{_neg_h('laplace')} + loggamma(c)"),
    kl_inf_row("laplace", "uniform", f"{_neg_h('laplace')} + log(w)"),
    kl_inf_row(
        "normal", "beta", f"{_neg_h('normal')} + loggamma(a) + loggamma(b) - loggamma(a + b)"
    ),
    kl_inf_row("normal", "exponential", f"{_neg_h('normal')} - log(lam) + lam*Abs(mu)"),
    kl_inf_row("normal", "gamma2", f"{_neg_h('normal')} + loggamma(c) - c*log(d) + d*Abs(mu)"),
    kl_inf_row("normal", "uniform", f"{_neg_h('normal')} + log(w)"),
    kl_inf_row("poisson", "bernoulli", "lam*log(lam/p) - lam + p"),
    kl_inf_row("poisson", "binomial", "lam*log(lam/(n*p)) - lam + n*p"),
    # --- cross entropy -------------------------------------------------------------------------
    ce_row(
        "normal",
        "normal2",
        "log(2*pi*r**2)/2 + (s**2 + (mu - nu)**2)/(2*r**2)",
        swap_many(("mu", "nu"), ("s", "r")),
        sub("log(2*pi*r**2)/2", "log(2*pi*s**2)/2"),
    ),
    ce_row(
        "exponential",
        "exponential2",
        "-log(kap) + kap/lam",
        swap("lam", "kap"),
        sub("kap/lam", "lam/kap"),
    ),
    ce_row("bernoulli", "bernoulli2", "-p*log(q) - (1 - p)*log(1 - q)", swap("p", "q")),
    ce_row(
        "gamma",
        "gamma2",
        "-c*log(d) + loggamma(c) - (c - 1)*(digamma(a) - log(b)) + d*a/b",
        swap_many(("a", "c"), ("b", "d")),
        sub("d*a/b", "d*b/a"),
    ),
    ce_row(
        "beta",
        "beta2",
        "loggamma(c) + loggamma(d) - loggamma(c + d) - (c - 1)*(digamma(a) - digamma(a + b))"
        " - (d - 1)*(digamma(b) - digamma(a + b))",
        swap_many(("a", "c"), ("b", "d")),
    ),
    ce_row(
        "laplace",
        "laplace2",
        "log(2*c) + (Abs(mu - nu) + b*exp(-Abs(mu - nu)/b))/c",
        swap_many(("b", "c")),
        sub("log(2*c)", "log(c)"),
    ),
    ce_row("poisson", "bernoulli", "oo", const("-lam*log(p) + p"), const("0"), const("lam")),
    # --- Jensen-Shannon --------------------------------------------------------------------------
    Row(
        "jsd.bernoulli.bernoulli",
        "JSD(Bernoulli(p), Bernoulli(q))",
        "-(p + q)/2*log((p + q)/2) - (1 - (p + q)/2)*log(1 - (p + q)/2)"
        " + (p*log(p) + (1 - p)*log(1 - p) + q*log(q) + (1 - q)*log(1 - q))/2",
        {"p": "probability", "q": "probability"},
        lambda P: R.jsd(R.bernoulli(P["p"]), R.bernoulli(P["q"])),
        (sub(")/2", ")"), sub("-(p + q)/2*", "-(p + q)*")),
    ),
    Row(
        "jsd.uniform.nested",
        "JSD(Uniform(e, e + w), Uniform(e, e + w + v))",
        "(log(2*(w + v)/(2*w + v)) + w/(w + v)*log(2*w/(2*w + v)) + v/(w + v)*log(2))/2",
        _syms("uniform", v="positive"),
        lambda P: R.jsd(
            R.uniform(P["e"], P["e"] + P["w"]), R.uniform(P["e"], P["e"] + P["w"] + P["v"])
        ),
        (sub("v/(w + v)*log(2)", "log(2)"), sub("w/(w + v)*", "")),
    ),
    Row(
        "jsd.uniform.disjoint",
        "JSD(Uniform(e, e + w), Uniform(e + w, e + w + v))",
        "log(2)",
        _syms("uniform", v="positive"),
        lambda P: R.jsd(
            R.uniform(P["e"], P["e"] + P["w"]), R.uniform(P["e"] + P["w"], P["e"] + P["w"] + P["v"])
        ),
        (const("1"), const("log(2)/2"), const("oo")),
        generic=False,
    ),
]


def cdf_row(
    key: str, at: str, at_syms: dict[str, str], at_value: Callable, rhs: str, *wrong: Mutation
) -> Row:
    """``cdf(P, at) == rhs``; the reference is scipy.stats' ``cdf``."""
    text, _, law = fam(key)
    return Row(
        f"{key}.cdf",
        f"cdf({text}, {at})",
        rhs,
        _syms(key, **at_syms),
        lambda P: float(law(P).scipy.cdf(at_value(P))),
        wrong,
    )


# Distribution functions: scipy's cdf is the reference; probproof's two witnesses are
# scipy's cdf and the SymPy density integrated (summed) by mpmath.
ROWS += [
    cdf_row(
        "normal", "mu + s*t", {"t": "real"}, lambda P: P["mu"] + P["s"] * P["t"],
        "(1 + erf(t/sqrt(2)))/2", sub("sqrt(2)", "2"), sub("(1 + ", "("),
    ),
    cdf_row(
        "laplace", "mu + b*t", {"t": "positive"}, lambda P: P["mu"] + P["b"] * P["t"],
        "1 - exp(-t)/2", sub("exp(-t)/2", "exp(-t)"), sub("1 - exp(-t)/2", "exp(-t)/2"),
    ),
    cdf_row(
        "exponential", "t", {"t": "positive"}, lambda P: P["t"],
        "1 - exp(-lam*t)", sub("-lam*t", "-t/lam"), sub("1 - exp(-lam*t)", "exp(-lam*t)"),
    ),
    cdf_row(
        "uniform", "e + w*u", {"u": "interval(0, 1)"}, lambda P: P["e"] + P["w"] * P["u"],
        "u", sub("u", "1 - u"), sub("u", "u*w"),
    ),
    cdf_row(
        "gamma", "t", {"t": "positive"}, lambda P: P["t"],
        "lowergamma(a, b*t)/gamma(a)", sub("b*t", "t/b"), sub("lowergamma", "uppergamma"),
    ),
    cdf_row(
        "poisson", "2", {}, lambda P: 2,
        "exp(-lam)*(1 + lam + lam**2/2)", sub("lam**2/2", "lam**2"), sub(" + lam**2/2", ""),
    ),
    cdf_row(
        "binomial", "1", {}, lambda P: 1,
        "(1 - p)**n + n*p*(1 - p)**(n - 1)", sub("(n - 1)", "n"), sub("n*p*", "p*"),
    ),
    cdf_row("bernoulli", "0", {}, lambda P: 0, "1 - p", sub("1 - p", "p")),
]


# --- divergences beyond KL and JSD, and Var: DESIGN.md's definitions --------------------
# TV = 1/2 int |p - q|, Hellinger = sqrt(1/2 int (sqrt p - sqrt q)^2),
# Renyi = log(int p^alpha q^(1 - alpha))/(alpha - 1), ChiSquare = int (p - q)^2/q,
# FDiv(f, u, P, Q) = int q f(p/q); every reference integrates (sums) the definition with
# mpmath, the closed forms are the textbooks' (Gil, Alajaji and Linder 2013 for Renyi).

def _normal_pair(P: Params, same_scale: bool = False) -> tuple[R.Law, R.Law]:
    return R.normal(P["mu"], P["s"]), R.normal(P["nu"], P["s"] if same_scale else P["r"])


def _mid(P: Params) -> list[float]:
    return [(P["mu"] + P["nu"]) / 2]


def _series(term: Callable[[int], mp.mpf]) -> mp.mpf:
    return mp.nsum(term, [0, mp.inf])


_ALPHA = (0.1, 0.3, 0.5, 0.7, 0.9, 0.25)
_POISSON_RATES = {"lam": (0.5, 1.3, 2.0, 4.0, 0.8, 3.0), "kap": (1.0, 2.5, 0.7, 5.0, 1.6, 0.9)}

ROWS += [
    Row(
        "tv.normal.normal",
        "TV(Normal(mu, s), Normal(nu, s))",
        "erf(Abs(mu - nu)/(2*sqrt(2)*s))",
        {"mu": "real", "nu": "real", "s": "positive"},
        lambda P: float(R.quad_divergence(lambda a, b: abs(a - b) / 2,
                                          *_normal_pair(P, True), _mid(P))),
        (sub("2*sqrt(2)", "sqrt(2)"), sub("Abs(mu - nu)", "(mu - nu)")),
    ),
    Row(
        "tv.bernoulli.bernoulli",
        "TV(Bernoulli(p), Bernoulli(q))",
        "Abs(p - q)",
        {"p": "probability", "q": "probability"},
        lambda P: float(R.quad_divergence(lambda a, b: abs(a - b) / 2,
                                          R.bernoulli(P["p"]), R.bernoulli(P["q"]), [])),
        (sub("Abs(p - q)", "(p - q)"), sub("Abs(p - q)", "Abs(p - q)/2")),
    ),
    Row(
        "hellinger.normal.normal",
        "Hellinger(Normal(mu, s), Normal(nu, r))",
        "sqrt(1 - sqrt(2*s*r/(s**2 + r**2))*exp(-(mu - nu)**2/(4*(s**2 + r**2))))",
        {"mu": "real", "nu": "real", "s": "positive", "r": "positive"},
        lambda P: float(mp.sqrt(R.quad_divergence(
            lambda a, b: (mp.sqrt(a) - mp.sqrt(b)) ** 2 / 2, *_normal_pair(P), _mid(P)))),
        (sub("sqrt(1 - ", "(1 - "), sub("4*(s**2", "2*(s**2")),
    ),
    Row(
        "renyi.normal.normal",
        "Renyi(Normal(mu, s), Normal(nu, r), alpha)",
        "log(r/s) + log(r**2/(alpha*r**2 + (1 - alpha)*s**2))/(2*(alpha - 1))"
        " + alpha*(mu - nu)**2/(2*(alpha*r**2 + (1 - alpha)*s**2))",
        {"mu": "real", "nu": "real", "s": "positive", "r": "positive",
         "alpha": "interval(0, 1)"},
        lambda P: float(mp.log(R.quad_divergence(
            lambda a, b: a ** P["alpha"] * b ** (1 - P["alpha"]), *_normal_pair(P), _mid(P)))
            / (P["alpha"] - 1)),
        (sub("log(r/s)", "log(s/r)"), sub("alpha*(mu - nu)**2", "(mu - nu)**2")),
        {"alpha": _ALPHA},
    ),
    Row(
        "chisquare.normal.normal",
        "ChiSquare(Normal(mu, s), Normal(nu, s))",
        "exp((mu - nu)**2/s**2) - 1",
        {"mu": "real", "nu": "real", "s": "positive"},
        lambda P: float(R.quad_divergence(lambda a, b: (a - b) ** 2 / b if b > 0 else mp.mpf(0),
                                          *_normal_pair(P, True), _mid(P))),
        (sub("/s**2", "/(2*s**2)"), sub(" - 1", "")),
        {"mu": (-1.3, 0.4, 2.5, -0.7, 0.05, 1.1), "nu": (0.3, -0.6, 1.5, 0.0, 2.2, -1.0),
         "s": (0.8, 1.0, 2.0, 7.5, 1000.0, 1.3)},
    ),
    Row(
        "chisquare.poisson.poisson",
        "ChiSquare(Poisson(lam), Poisson(kap))",
        "exp((lam - kap)**2/kap) - 1",
        {"lam": "positive", "kap": "positive"},
        lambda P: float(_series(lambda k: mp.exp(
            2 * R.poisson(P["lam"]).logpdf(k) - R.poisson(P["kap"]).logpdf(k))) - 1),
        (sub("/kap", "/lam"), sub("(lam - kap)**2", "(lam - kap)")),
        _POISSON_RATES,
    ),
    Row(
        "fdiv.kl.normal.normal",
        "FDiv(u*log(u), u, Normal(mu, s), Normal(nu, r))",
        "log(r/s) + (s**2 + (mu - nu)**2)/(2*r**2) - 1/2",
        {"mu": "real", "nu": "real", "s": "positive", "r": "positive"},
        lambda P: R.kl_torch(*_normal_pair(P)),
        (sub("log(r/s)", "log(s/r)"), sub("/(2*r**2)", "/(2*s**2)")),
    ),
    Row(
        "fdiv.chisquare.bernoulli",
        "FDiv((u - 1)**2, u, Bernoulli(p), Bernoulli(q))",
        "(p - q)**2/(q*(1 - q))",
        {"p": "probability", "q": "probability"},
        lambda P: float(R.quad_divergence(lambda a, b: (a - b) ** 2 / b,
                                          R.bernoulli(P["p"]), R.bernoulli(P["q"]), [])),
        (sub("/(q*(1 - q))", "/(p*(1 - p))"), sub("(p - q)**2", "(p - q)")),
    ),
    Row(
        "var.poisson",
        "Var(z, z, Poisson(lam))",
        "lam",
        {"lam": "positive"},
        lambda P: float(R.poisson(P["lam"]).scipy.var()),
        (sub("lam", "lam**2"), sub("lam", "sqrt(lam)")),
    ),
    Row(
        "var.gamma",
        "Var(z, z, Gamma(a, b))",
        "a/b**2",
        {"a": "positive", "b": "positive"},
        lambda P: float(R.gamma(P["a"], P["b"]).scipy.var()),
        (sub("a/b**2", "a*b**2"), sub("a/b**2", "a/b")),
    ),
]
