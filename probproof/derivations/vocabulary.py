"""The vocabulary of claims, as SymPy objects.

Distributions (``Normal``, ``Bernoulli``, ``Mixture``, ...) are SymPy
``Basic`` objects that are not expressions: they can be arguments of the
functionals (``KL``, ``JSD``, ``H``, ``CrossEntropy``, ``pdf``, ``logpdf``,
``Expect``) but cannot be added or multiplied. The functionals stay
unevaluated; the symbolic checker (``probproof.checks.symbolic``) reduces them
to closed forms and the numeric checkers (``probproof.numeric``) evaluate them
from their definitions. Derivations and the claim parser both build their
expressions from these classes, so a step of a derivation is a claim.

Only SymPy is imported here.

Examples
--------
>>> from sympy import symbols
>>> mu, sigma = symbols("mu sigma", positive=True)
>>> KL(Normal(mu, sigma), Normal(0, 1))
KL(Normal(mu, sigma), Normal(0, 1))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sympy as sp
from sympy.core.basic import Basic
from sympy.core.containers import Tuple

# The same assumption query takes the same path on every run (and a tenth less time).
from probproof.derivations import _sympy_evalf, _sympy_order, _sympy_zero  # noqa: F401

# --------------------------------------------------------------------------
# Elementary functions outside SymPy's own names
# --------------------------------------------------------------------------


def sigmoid(x: sp.Expr) -> sp.Expr:
    """Logistic function ``1 / (1 + exp(-x))``."""
    return 1 / (1 + sp.exp(-x))


def softplus(x: sp.Expr) -> sp.Expr:
    """``log(1 + exp(x))``."""
    return sp.log(1 + sp.exp(x))


# --------------------------------------------------------------------------
# Distributions
# --------------------------------------------------------------------------


class InvalidParameter(ValueError):
    """A distribution parameter that is certainly outside its domain."""


class Distribution(Basic):
    """Base class: a probability distribution with SymPy parameters.

    Subclasses set ``nparams`` (the number of arguments), ``discrete`` and
    ``dim`` (1 for scalar, or a method for multivariate), and implement
    :meth:`logpdf` (log density or log mass as a SymPy expression) and
    :meth:`support` (a SymPy Set, or a finite list of atoms).
    """

    nparams: int = 0
    discrete: bool = False
    param_names: tuple[str, ...] = ()
    #: The family's name in print where the field abbreviates it (``Bern``): its law reads
    #: ``Bern(p)`` and its density, as the key writes ``N(x; mu, sigma^2)``, ``Bern(x; p)``.
    short_name: str | None = None

    def __new__(cls, *args: Basic) -> Distribution:
        if len(args) != cls.nparams:
            raise TypeError(
                f"{cls.__name__} takes {cls.nparams} parameter(s) "
                f"({', '.join(cls.param_names)}), got {len(args)}"
            )
        args = tuple(sp.sympify(a) for a in args)
        obj = super().__new__(cls, *args)
        obj._validate()
        return obj

    # Distributions are values, not expressions: arithmetic on them is an error.
    is_Distribution = True

    def _validate(self) -> None:
        """Raise :class:`InvalidParameter` when a parameter is certainly invalid."""

    @property
    def dim(self) -> int:
        return 1

    def logpdf(self, x: sp.Expr | Sequence[sp.Expr]) -> sp.Expr:
        raise NotImplementedError

    def pdf(self, x: sp.Expr | Sequence[sp.Expr]) -> sp.Expr:
        return sp.exp(self.logpdf(x))

    def support(self) -> sp.Set:
        raise NotImplementedError

    def cdf_formula(self, x: sp.Expr) -> sp.Expr | None:
        """``P(X <= x)`` in closed form (textbook formulas, checked against SciPy's
        ``cdf`` in the tests), written without cancellation in the tails; ``None`` for a
        family without an elementary one. The arbitrary-precision witness evaluates a
        ``cdf`` inside an integrand with it (SciPy's is the first witness's)."""
        return None

    def _sympystr(self, printer: sp.printing.str.StrPrinter) -> str:
        return f"{type(self).__name__}({', '.join(printer._print(a) for a in self.args)})"

    def printed_params(self) -> tuple[sp.Basic, ...]:
        """The parameters as a reader sees them: a law whose one parameter is a list
        (``Categorical([p0, p1])``) is printed ``Cat(p_0, p_1)``, not ``Cat((p_0, p_1))``."""
        if len(self.args) == 1 and isinstance(self.args[0], Tuple):
            return tuple(self.args[0])
        return tuple(self.args)

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        name = _LATEX_NAMES.get(type(self).__name__,
                                rf"\operatorname{{{self.short_name or type(self).__name__}}}")
        return name + r"\left(" + ", ".join(printer._print(a) for a in self.printed_params()
                                            ) + r"\right)"


_LATEX_NAMES = {"Normal": r"\mathcal{N}", "MvNormal": r"\mathcal{N}", "Uniform": r"\mathcal{U}"}


def _require(condition: sp.Basic | bool, message: str) -> None:
    """Reject a parameter only when it is *certainly* invalid (symbolic ones pass)."""
    if sp.sympify(condition) is sp.false:
        raise InvalidParameter(message)


def _in_support_piecewise(x: sp.Expr, support: sp.Set, value: sp.Expr, outside: sp.Expr):
    cond = support.as_relational(x) if isinstance(support, sp.Interval) else sp.Contains(x, support)
    if cond is sp.true:
        return value
    return sp.Piecewise((value, cond), (outside, True))


class Normal(Distribution):
    """``Normal(mu, sigma)``: mean ``mu``, standard deviation ``sigma`` > 0."""

    nparams = 2
    param_names = ("mu", "sigma")

    def _validate(self) -> None:
        mu, sigma = self.args
        _require(sigma.is_positive is not False, f"Normal: sigma must be > 0, got {sigma}")
        _require(mu.is_extended_real is not False, f"Normal: mu must be real, got {mu}")

    def logpdf(self, x):
        mu, sigma = self.args
        return -((x - mu) ** 2) / (2 * sigma**2) - sp.log(sigma) - sp.log(2 * sp.pi) / 2

    def support(self):
        return sp.Reals

    def cdf_formula(self, x):
        mu, sigma = self.args
        return sp.erfc((mu - x) / (sigma * sp.sqrt(2))) / 2

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        # Printed as the seeds write it, N(mu, sigma^2) with the variance; the claim
        # language's Normal(mu, sigma) takes the standard deviation.
        mu, sigma = self.args
        return (r"\mathcal{N}\left(" + printer._print(mu) + ", " + printer._print(sigma**2)
                + r"\right)")


class Laplace(Distribution):
    """``Laplace(mu, b)``: location ``mu``, scale ``b`` > 0."""

    nparams = 2
    param_names = ("mu", "b")

    def _validate(self) -> None:
        b = self.args[1]
        _require(b.is_positive is not False, f"Laplace: b must be > 0, got {b}")

    def logpdf(self, x):
        mu, b = self.args
        return -sp.Abs(x - mu) / b - sp.log(2 * b)

    def support(self):
        return sp.Reals

    def cdf_formula(self, x):
        mu, b = self.args
        return sp.Piecewise((sp.exp((x - mu) / b) / 2, x < mu),
                            (1 - sp.exp(-(x - mu) / b) / 2, True))


class Uniform(Distribution):
    """``Uniform(a, b)`` on the interval (a, b), a < b."""

    nparams = 2
    param_names = ("a", "b")

    def _validate(self) -> None:
        a, b = self.args
        _require((b - a).is_positive is not False, f"Uniform: need a < b, got a = {a}, b = {b}")

    def logpdf(self, x):
        a, b = self.args
        return _in_support_piecewise(x, self.support(), -sp.log(b - a), -sp.oo)

    def pdf(self, x):
        a, b = self.args
        return _in_support_piecewise(x, self.support(), 1 / (b - a), sp.S.Zero)

    def support(self):
        a, b = self.args
        return sp.Interval(a, b)

    def cdf_formula(self, x):
        a, b = self.args
        return sp.Piecewise((sp.S.Zero, x <= a), ((x - a) / (b - a), x < b), (sp.S.One, True))


class Exponential(Distribution):
    """``Exponential(rate)`` on (0, oo)."""

    nparams = 1
    param_names = ("rate",)

    def _validate(self) -> None:
        _require(self.args[0].is_positive is not False,
                 f"Exponential: rate must be > 0, got {self.args[0]}")

    def logpdf(self, x):
        (rate,) = self.args
        return _in_support_piecewise(x, self.support(), sp.log(rate) - rate * x, -sp.oo)

    def pdf(self, x):
        (rate,) = self.args
        return _in_support_piecewise(x, self.support(), rate * sp.exp(-rate * x), sp.S.Zero)

    def support(self):
        return sp.Interval(0, sp.oo)

    def cdf_formula(self, x):
        (rate,) = self.args
        return sp.Piecewise((sp.S.Zero, x <= 0), (1 - sp.exp(-rate * x), True))


class Gamma(Distribution):
    """``Gamma(shape, rate)`` on (0, oo)."""

    nparams = 2
    param_names = ("shape", "rate")

    def _validate(self) -> None:
        for name, v in zip(self.param_names, self.args, strict=True):
            _require(v.is_positive is not False, f"Gamma: {name} must be > 0, got {v}")

    def logpdf(self, x):
        k, rate = self.args
        value = k * sp.log(rate) + (k - 1) * sp.log(x) - rate * x - sp.loggamma(k)
        return _in_support_piecewise(x, self.support(), value, -sp.oo)

    def support(self):
        return sp.Interval.open(0, sp.oo)


class Beta(Distribution):
    """``Beta(a, b)`` on (0, 1)."""

    nparams = 2
    param_names = ("a", "b")

    def _validate(self) -> None:
        for name, v in zip(self.param_names, self.args, strict=True):
            _require(v.is_positive is not False, f"Beta: {name} must be > 0, got {v}")

    def logpdf(self, x):
        a, b = self.args
        value = ((a - 1) * sp.log(x) + (b - 1) * sp.log(1 - x)
                 + sp.loggamma(a + b) - sp.loggamma(a) - sp.loggamma(b))
        return _in_support_piecewise(x, self.support(), value, -sp.oo)

    def support(self):
        return sp.Interval.open(0, 1)


class Bernoulli(Distribution):
    """``Bernoulli(p)`` on {0, 1}."""

    nparams = 1
    discrete = True
    param_names = ("p",)
    short_name = "Bern"

    def _validate(self) -> None:
        (p,) = self.args
        _require(p.is_nonnegative is not False, f"Bernoulli: p must be in [0, 1], got {p}")
        if p.is_number:
            _require(bool(p <= 1), f"Bernoulli: p must be in [0, 1], got {p}")

    def logpdf(self, x):
        (p,) = self.args
        return sp.Piecewise((sp.log(p), sp.Eq(x, 1)), (sp.log(1 - p), sp.Eq(x, 0)), (-sp.oo, True))

    def pdf(self, x):
        (p,) = self.args
        return sp.Piecewise((p, sp.Eq(x, 1)), (1 - p, sp.Eq(x, 0)), (0, True))

    def support(self):
        return sp.FiniteSet(0, 1)


class Binomial(Distribution):
    """``Binomial(n, p)`` on {0, ..., n}."""

    nparams = 2
    discrete = True
    param_names = ("n", "p")

    def _validate(self) -> None:
        n, p = self.args
        _require(n.is_integer is not False and n.is_nonnegative is not False,
                 f"Binomial: n must be a nonnegative integer, got {n}")
        _require(p.is_nonnegative is not False, f"Binomial: p must be in [0, 1], got {p}")
        if p.is_number:
            _require(bool(p <= 1), f"Binomial: p must be in [0, 1], got {p}")

    def logpdf(self, x):
        n, p = self.args
        value = sp.log(sp.binomial(n, x)) + x * sp.log(p) + (n - x) * sp.log(1 - p)
        return sp.Piecewise((value, sp.And(x >= 0, x <= n)), (-sp.oo, True))

    def pdf(self, x):
        n, p = self.args
        value = sp.binomial(n, x) * p**x * (1 - p) ** (n - x)
        return sp.Piecewise((value, sp.And(x >= 0, x <= n)), (0, True))

    def support(self):
        n = self.args[0]
        return sp.Range(0, n + 1)


class Poisson(Distribution):
    """``Poisson(rate)`` on {0, 1, 2, ...}."""

    nparams = 1
    discrete = True
    param_names = ("rate",)

    def _validate(self) -> None:
        _require(self.args[0].is_positive is not False,
                 f"Poisson: rate must be > 0, got {self.args[0]}")

    def logpdf(self, x):
        (rate,) = self.args
        return sp.Piecewise((x * sp.log(rate) - rate - sp.loggamma(x + 1), x >= 0), (-sp.oo, True))

    def pdf(self, x):
        (rate,) = self.args
        return sp.Piecewise((rate**x * sp.exp(-rate) / sp.factorial(x), x >= 0), (0, True))

    def support(self):
        return sp.Naturals0


class Categorical(Distribution):
    """``Categorical([p0, ..., pk-1])`` on {0, ..., k-1}, printed ``Cat(p_0, ..., p_{k-1})``
    as textbooks write it (Bishop, Murphy)."""

    short_name = "Cat"
    nparams = 1
    discrete = True
    param_names = ("probs",)

    def __new__(cls, probs):
        if not isinstance(probs, (Tuple, list, tuple)):
            raise TypeError("Categorical takes a list of probabilities [p0, ..., pk-1]")
        return super().__new__(cls, Tuple(*probs))

    def _validate(self) -> None:
        probs = self.probs
        _require(len(probs) >= 1, "Categorical: needs at least one probability")
        for p in probs:
            _require(p.is_nonnegative is not False,
                     f"Categorical: probabilities must be >= 0, got {p}")
        total = sp.Add(*probs)
        if total.is_number:
            _require(abs(float(total) - 1) < 1e-12,
                     f"Categorical: probabilities must sum to 1, they sum to {total}")

    @property
    def probs(self) -> tuple[sp.Expr, ...]:
        return tuple(self.args[0])

    def logpdf(self, x):
        pieces = [(sp.log(p), sp.Eq(x, i)) for i, p in enumerate(self.probs)]
        return sp.Piecewise(*pieces, (-sp.oo, True))

    def pdf(self, x):
        pieces = [(p, sp.Eq(x, i)) for i, p in enumerate(self.probs)]
        return sp.Piecewise(*pieces, (0, True))

    def support(self):
        return sp.FiniteSet(*range(len(self.probs)))


class MvNormal(Distribution):
    """``MvNormal([m1, ...], [[c11, ...], ...])``: mean vector and covariance matrix."""

    nparams = 2
    param_names = ("mean", "cov")

    def __new__(cls, mean, cov):
        mean_t = Tuple(*mean) if isinstance(mean, (list, tuple, Tuple)) else mean
        if isinstance(cov, (list, tuple, Tuple)):
            rows = [Tuple(*r) if isinstance(r, (list, tuple, Tuple)) else r for r in cov]
            cov_t = Tuple(*rows)
        else:
            cov_t = cov
        return super().__new__(cls, mean_t, cov_t)

    def _validate(self) -> None:
        mean, cov = self.args
        if not isinstance(mean, Tuple) or not isinstance(cov, Tuple):
            raise InvalidParameter("MvNormal: mean must be a list and cov a list of rows")
        k = len(mean)
        _require(k >= 1, "MvNormal: mean must not be empty")
        if len(cov) != k or any(not isinstance(r, Tuple) or len(r) != k for r in cov):
            raise InvalidParameter(f"MvNormal: cov must be a {k} x {k} matrix")
        m = self.cov_matrix
        if any(not (m[i, j] - m[j, i]).is_zero for i in range(k) for j in range(k)
               if (m[i, j] - m[j, i]).is_number):
            raise InvalidParameter("MvNormal: cov must be symmetric")
        if all(e.is_number for e in m):
            import mpmath

            try:
                mpmath.cholesky(mpmath.matrix([[float(m[i, j]) for j in range(k)]
                                               for i in range(k)]))
            except ValueError as exc:
                raise InvalidParameter("MvNormal: cov must be positive definite") from exc

    @property
    def dim(self) -> int:
        return len(self.args[0])

    @property
    def mean_vector(self) -> sp.Matrix:
        return sp.Matrix(list(self.args[0]))

    @property
    def cov_matrix(self) -> sp.Matrix:
        return sp.Matrix([list(r) for r in self.args[1]])

    def logpdf(self, x):
        xs = sp.Matrix(list(x))
        d = xs - self.mean_vector
        cov = self.cov_matrix
        quad = (d.T * cov.inv() * d)[0, 0]
        return -quad / 2 - sp.log(cov.det()) / 2 - self.dim * sp.log(2 * sp.pi) / 2

    def support(self):
        return sp.Reals**self.dim


class Mixture(Distribution):
    """``Mixture([w1, ...], [P1, ...])``: weights summing to 1, components of one kind."""

    nparams = 2
    param_names = ("weights", "components")

    def __new__(cls, weights, components):
        w = Tuple(*weights) if isinstance(weights, (list, tuple, Tuple)) else weights
        c = Tuple(*components) if isinstance(components, (list, tuple, Tuple)) else components
        return super().__new__(cls, w, c)

    def _validate(self) -> None:
        w, comps = self.args
        if not isinstance(w, Tuple) or not isinstance(comps, Tuple):
            raise InvalidParameter("Mixture takes a list of weights and a list of distributions")
        if len(w) != len(comps) or len(w) == 0:
            raise InvalidParameter("Mixture: as many weights as components, at least one")
        if not all(isinstance(c, Distribution) for c in comps):
            raise InvalidParameter("Mixture: components must be distributions")
        if len({c.dim for c in comps}) != 1:
            raise InvalidParameter("Mixture: components must all be of one dimension")
        if any(c.dim > 1 for c in comps) and len({c.discrete for c in comps}) != 1:
            raise InvalidParameter("Mixture: multivariate components must all be continuous "
                                   "or all discrete")
        for x in w:
            _require(x.is_nonnegative is not False, f"Mixture: weights must be >= 0, got {x}")
        total = sp.Add(*w)
        if total.is_number:
            _require(abs(float(total) - 1) < 1e-12,
                     f"Mixture: weights must sum to 1, they sum to {total}")

    @property
    def weights(self) -> tuple[sp.Expr, ...]:
        return tuple(self.args[0])

    @property
    def components(self) -> tuple[Distribution, ...]:
        return tuple(self.args[1])

    @property
    def discrete(self) -> bool:  # type: ignore[override]
        return all(c.discrete for c in self.components)

    @property
    def mixed(self) -> bool:
        """Discrete and continuous components together: a density plus point masses."""
        return len({c.discrete for c in self.components}) > 1

    @property
    def dim(self) -> int:
        return self.components[0].dim

    def pdf(self, x):
        return sp.Add(*[w * c.pdf(x) for w, c in zip(self.weights, self.components, strict=True)])

    def logpdf(self, x):
        return sp.log(self.pdf(x))

    def support(self):
        return sp.Union(*[c.support() for c in self.components])

    #: Components written out in print; a longer mixture shows its first and last.
    PRINTED_COMPONENTS = 3

    def abbreviated(self) -> list[tuple[int, sp.Expr, str] | None] | None:
        """``[(1, w_1, family_1), None, (k, w_k, family_k)]`` for a mixture of more than
        :attr:`PRINTED_COMPONENTS` components (``None`` stands for the ones left out), or
        ``None`` when it is short enough to be written in full.

        A ten-component ring would fill a line three times over in every density and
        expectation that mentions it; the LaTeX and MathML printers write it by its
        weights and component families, and the components are listed where the
        mixture is defined.
        """
        k = len(self.components)
        if k <= self.PRINTED_COMPONENTS:
            return None
        ends = [(i, self.weights[i - 1], type(self.components[i - 1]).__name__) for i in (1, k)]
        return [ends[0], None, ends[1]]

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        short = self.abbreviated()
        if short is None:
            return super()._latex(printer)
        terms = []
        for t in short:
            if t is None:
                terms.append(r"\ldots")
                continue
            i, w, family = t
            name = _LATEX_NAMES.get(family, rf"\operatorname{{{family}}}")
            terms.append(rf"{printer._print(w)}\,{name}_{{{i}}}")
        return r"\operatorname{Mixture}\left(" + " + ".join(terms) + r"\right)"


def is_mixed(d: object) -> bool:
    """A mixture of discrete and continuous components (no density, no mass function)."""
    return isinstance(d, Mixture) and d.mixed


def made_of(d: Distribution, kinds: type | tuple[type, ...]) -> bool:
    """Whether ``d`` is of one of ``kinds``, or a mixture whose components all are."""
    comps = d.components if isinstance(d, Mixture) else (d,)
    return all(isinstance(c, kinds) for c in comps)


DISTRIBUTIONS: dict[str, type[Distribution]] = {
    cls.__name__: cls
    for cls in (Normal, Laplace, Uniform, Exponential, Gamma, Beta, Bernoulli, Binomial,
                Poisson, Categorical, MvNormal, Mixture)
}


# --------------------------------------------------------------------------
# Functionals
# --------------------------------------------------------------------------


class Functional(sp.Function):
    """An unevaluated functional of distributions; subclasses fix the arity."""

    dist_args: tuple[int, ...] = ()
    #: Whether a mixture of discrete and continuous components is a valid argument.
    mixed_ok = False
    # A functional's value is a number. Without this SymPy derives commutativity from
    # the arguments, distributions have none, and every product holding a functional
    # would be a non-commutative Mul: E[a]/E[b] could not be cancelled or printed as a
    # fraction, and E[a]*E[b] would differ from E[b]*E[a].
    is_commutative = True

    @classmethod
    def eval(cls, *args):
        for i in cls.dist_args:
            if not isinstance(args[i], Distribution):
                raise TypeError(f"{cls.__name__}: argument {i + 1} must be a distribution")
            if is_mixed(args[i]) and not cls.mixed_ok:
                # No single density (nor mass function) describes such a law.
                raise TypeError(f"{cls.__name__} of a mixture of discrete and continuous "
                                "components is not defined here: use Expect or cdf")
        return None

    def _eval_is_extended_real(self):
        return None

    def _sympystr(self, printer) -> str:
        return f"{type(self).__name__}({', '.join(printer._print(a) for a in self.args)})"

    def _latex(self, printer, exp=None) -> str:
        # SymPy's printer passes exp= when the functional is raised to a power.
        body = self._latex_body(printer)
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"

    def _latex_body(self, printer) -> str:
        return r"\operatorname{{{}}}\left({}\right)".format(
            type(self).__name__, ", ".join(printer._print(a) for a in self.args))


class KL(Functional):
    """Kullback-Leibler divergence ``KL(P, Q) = E_P[log p - log q]`` (nats; oo if P is not << Q)."""

    nargs = 2
    dist_args = (0, 1)

    def _latex_body(self, printer) -> str:
        p, q = (printer._print(a) for a in self.args)
        return rf"D_{{\mathrm{{KL}}}}\left({p} \,\middle\|\, {q}\right)"


class JSD(Functional):
    """Jensen-Shannon divergence ``KL(P, M)/2 + KL(Q, M)/2`` with ``M = (P + Q)/2`` (nats)."""

    nargs = 2
    dist_args = (0, 1)

    def _latex_body(self, printer) -> str:
        p, q = (printer._print(a) for a in self.args)
        return rf"\mathrm{{JSD}}\left({p} \,\middle\|\, {q}\right)"


class H(Functional):
    """Entropy (differential for continuous P) in nats."""

    nargs = 1
    dist_args = (0,)

    def _latex_body(self, printer) -> str:
        return rf"\mathrm{{H}}\left({printer._print(self.args[0])}\right)"


class CrossEntropy(Functional):
    """Cross-entropy ``-E_P[log q]`` in nats."""

    nargs = 2
    dist_args = (0, 1)

    def _latex_body(self, printer) -> str:
        p, q = (printer._print(a) for a in self.args)
        return rf"\mathrm{{H}}\left({p}, {q}\right)"


class pdf(Functional):
    """Density (mass for discrete P) at a point; a point of a multivariate P is a list."""

    nargs = 2
    dist_args = (0,)

    def _latex_body(self, printer) -> str:
        return rf"p_{{{printer._print(self.args[0])}}}\left({printer._print(self.args[1])}\right)"


class cdf(Functional):
    """Distribution function ``P(X <= x)`` of a scalar P (any mixture included)."""

    nargs = 2
    dist_args = (0,)
    mixed_ok = True

    def _latex_body(self, printer) -> str:
        return rf"F_{{{printer._print(self.args[0])}}}\left({printer._print(self.args[1])}\right)"


class logpdf(Functional):
    """Log density (log mass for discrete P)."""

    nargs = 2
    dist_args = (0,)

    def _latex_body(self, printer) -> str:
        d, x = (printer._print(a) for a in self.args)
        return rf"\log p_{{{d}}}\left({x}\right)"


class Expect(sp.Expr):
    """``Expect(f, x, P)``: the expectation of ``f`` over ``x ~ P``.

    ``Expect(f, [x1, x2], [P1, P2])`` takes independent draws. The bound
    variables are not free symbols of the expectation.
    """

    is_commutative = True  # a number (see Functional)

    def __new__(cls, body, variables, dists):
        body = sp.sympify(body)
        if isinstance(variables, (list, tuple, Tuple)):
            variables = Tuple(*variables)
            dists = Tuple(*dists) if isinstance(dists, (list, tuple, Tuple)) else dists
            if not isinstance(dists, Tuple) or len(dists) != len(variables):
                raise TypeError("Expect: give as many distributions as bound variables")
        else:
            variables = Tuple(variables)
            dists = Tuple(dists)
        for v in variables:
            if not isinstance(v, sp.Symbol):
                raise TypeError(f"Expect: the bound variable must be a name, got {v}")
        if len(set(variables)) != len(variables):
            raise TypeError("Expect: bound variables must be distinct")
        for d in dists:
            if not isinstance(d, Distribution):
                raise TypeError(f"Expect: {d} is not a distribution")
        return super().__new__(cls, body, variables, dists)

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    @property
    def variables(self) -> tuple[sp.Symbol, ...]:
        return tuple(self.args[1])

    @property
    def distributions(self) -> tuple[Distribution, ...]:
        return tuple(self.args[2])

    @property
    def free_symbols(self) -> set[sp.Basic]:
        bound = set(self.variables)
        free = {s for s in self.body.free_symbols
                if s not in bound and not _indexes_bound(s, bound)}
        for d in self.distributions:
            free |= d.free_symbols
        return free

    def _sympystr(self, printer) -> str:
        vs, ds = self.variables, self.distributions
        if len(vs) == 1:
            return f"Expect({printer._print(self.body)}, {vs[0]}, {printer._print(ds[0])})"
        return (f"Expect({printer._print(self.body)}, [{', '.join(map(str, vs))}], "
                f"[{', '.join(printer._print(d) for d in ds)}])")

    def _latex(self, printer) -> str:
        subs = ", ".join(f"{printer._print(v)} \\sim {printer._print(d)}"
                         for v, d in zip(self.variables, self.distributions, strict=True))
        return rf"\mathbb{{E}}_{{{subs}}}\left[{printer._print(self.body)}\right]"


def _indexes_bound(s: sp.Basic, bound: set) -> bool:
    return isinstance(s, sp.Indexed) and s.base.label in bound


class Sup(sp.Expr):
    """``Sup(f, u)``: the supremum of ``f`` over the declared domain of ``u`` (``u`` is bound)."""

    is_extended_real = True
    is_commutative = True
    extreme = "sup"

    def __new__(cls, body, variable):
        if not isinstance(variable, sp.Symbol):
            raise TypeError(f"{cls.__name__}: the variable must be a name, got {variable}")
        return super().__new__(cls, sp.sympify(body), variable)

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    @property
    def variable(self) -> sp.Symbol:
        return self.args[1]

    @property
    def free_symbols(self):
        return self.body.free_symbols - {self.variable}

    def _latex(self, printer) -> str:
        op = r"\sup" if self.extreme == "sup" else r"\inf"
        return rf"{op}_{{{printer._print(self.variable)}}} \left({printer._print(self.body)}\right)"


class Inf(Sup):
    """``Inf(f, u)``: the infimum of ``f`` over the declared domain of ``u``."""

    extreme = "inf"


class Jacobian(sp.Expr):
    """``jacobian([f1, ...], [x1, ...])`` kept unevaluated so that it can be checked numerically.

    :meth:`doit` gives SymPy's ``Matrix.jacobian``.
    """

    def __new__(cls, functions, variables):
        fs = Tuple(*functions)
        xs = Tuple(*variables)
        for x in xs:
            if not isinstance(x, sp.Symbol):
                raise TypeError(f"jacobian: variables must be names, got {x}")
        return super().__new__(cls, fs, xs)

    @property
    def functions(self) -> tuple[sp.Expr, ...]:
        return tuple(self.args[0])

    @property
    def variables(self) -> tuple[sp.Symbol, ...]:
        return tuple(self.args[1])

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.functions), len(self.variables))

    def doit(self, **hints):
        return sp.ImmutableMatrix(self.functions).jacobian(sp.Matrix(self.variables))


def is_distribution(x: object) -> bool:
    return isinstance(x, Distribution)


def iter_distributions(expr: Basic) -> Iterable[Distribution]:
    return (node for node in sp.preorder_traversal(expr) if isinstance(node, Distribution))


#: Nodes that a numeric evaluator must handle by integration, summation or search.
FUNCTIONALS = (KL, JSD, H, CrossEntropy, Expect, Sup)


def explicit_cdfs(expr: Basic) -> Basic:
    """``expr`` with each ``cdf(P, x)`` whose family has a :meth:`Distribution.cdf_formula`
    replaced by it (the others stay)."""

    def formula(e: cdf) -> Basic:
        out = e.args[0].cdf_formula(e.args[1])
        return e if out is None else out

    return expr.replace(lambda e: isinstance(e, cdf) and isinstance(e.args[0], Distribution),
                        formula)


def explicit_densities(expr: Basic) -> Basic:
    """``expr`` with each ``pdf(P, x)`` and ``logpdf(P, x)`` replaced by ``P``'s formula
    (a point of a multivariate ``P`` is a tuple)."""

    def point(x: Basic) -> Basic | list:
        return list(x) if isinstance(x, Tuple) else x

    expr = expr.replace(lambda e: isinstance(e, logpdf),
                        lambda e: e.args[0].logpdf(point(e.args[1])))
    return expr.replace(lambda e: isinstance(e, pdf), lambda e: e.args[0].pdf(point(e.args[1])))


# The families of torch.distributions beyond the first dozen live in their own module,
# which builds on the base class above.
from probproof.derivations.families import FAMILIES  # noqa: E402

DISTRIBUTIONS.update(FAMILIES)

# Laws built from other laws (K independent draws, the law of f(x)).
from probproof.derivations.transforms import IID, Pushforward  # noqa: E402

DISTRIBUTIONS.update({"IID": IID, "Pushforward": Pushforward})
