"""The evaluator's cost per point: work that depends on the expression alone is not
repeated for every node of a vectorised sum or quadrature (issue 18, the catalog's
speed), and the values stay those of the definitions."""

from __future__ import annotations

import sympy as sp

from probproof.numeric import evaluate as ev


def _count_sums(monkeypatch) -> list[int]:
    calls = [0]
    original = ev._Evaluator.sum

    def counting(self, e):
        calls[0] += 1
        return original(self, e)

    monkeypatch.setattr(ev._Evaluator, "sum", counting)
    return calls


def test_a_normaliser_inside_a_sum_is_evaluated_once_not_per_term(monkeypatch) -> None:
    k, j = sp.symbols("k j", integer=True, positive=True)
    big_k = sp.Symbol("K", integer=True, positive=True)
    g = sp.Symbol("G", positive=True)
    norm = sp.Sum(g * j, (j, 1, big_k))
    # The shares G k / sum_j G j sum to 1, and sum_k share * log(share) is an entropy.
    expr = sp.Sum(g * k / norm * sp.log(g * k / norm), (k, 1, big_k))
    calls = _count_sums(monkeypatch)
    est = ev.evaluate(expr, {big_k: 40, g: 0.7}, ev.Context())
    shares = [kk / (40 * 41 / 2) for kk in range(1, 41)]
    want = sum(p * float(sp.log(p)) for p in shares)
    assert abs(est.real - want) < 1e-12
    # The outer sum and one evaluation per occurrence of the normaliser (two), not one
    # per term (80).
    assert calls[0] <= 3


def test_a_wrong_share_is_still_told_apart() -> None:
    k, j = sp.symbols("k j", integer=True, positive=True)
    big_k = sp.Symbol("K", integer=True, positive=True)
    norm = sp.Sum(j, (j, 1, big_k))
    right = ev.evaluate(sp.Sum(k / norm, (k, 1, big_k)), {big_k: 30}, ev.Context())
    wrong = ev.evaluate(sp.Sum(k / (norm + 1), (k, 1, big_k)), {big_k: 30}, ev.Context())
    assert abs(right.real - 1) < 1e-14
    assert abs(wrong.real - 465 / 466) < 1e-14


def test_bound_variables_are_renamed_once_per_expression(monkeypatch) -> None:
    x = sp.Symbol("x", real=True)
    t = sp.Symbol("t", positive=True)
    expr = sp.Integral(sp.exp(-t * x**2), (x, -sp.oo, sp.oo))
    ev._prepared.cache_clear()
    renamed = [0]
    original = ev._fresh_bound_variables

    def counting(e, free):
        renamed[0] += 1
        return original(e, free)

    monkeypatch.setattr(ev, "_fresh_bound_variables", counting)
    for tv in (0.5, 1.0, 2.0):
        est = ev.evaluate(expr, {t: tv}, ev.Context())
        assert abs(est.real - (3.141592653589793 / tv) ** 0.5) < 1e-9
    assert renamed[0] == 1


def test_bound_variables_are_kept_when_nothing_can_be_captured() -> None:
    # Renaming rebuilds the tree: skipped when no bound variable is put a number in for.
    x = sp.Symbol("x", real=True)
    t = sp.Symbol("t", positive=True)
    expr = sp.Integral(sp.exp(-t * x**2), (x, -sp.oo, sp.oo))
    assert ev._fresh_bound_variables(expr, frozenset({t})) is expr
    assert ev._fresh_bound_variables(expr, frozenset({x})) != expr


def test_a_free_name_bound_inside_is_still_renamed() -> None:
    # x * integral_0^1 x^2 dx at x = 3 is 3 * 1/3 = 1, not 3 * 9 = 27: putting 3 in for
    # the free x must not touch the bound one.
    x = sp.Symbol("x", real=True)
    expr = x * sp.Integral(x**2, (x, 0, 1))
    ev._prepared.cache_clear()
    assert abs(ev.evaluate(expr, {x: 3.0}, ev.Context()).real - 1.0) < 1e-12
    # Two binders of one name nested: the inner one is its own variable.
    k = sp.Symbol("k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    nested = sp.Sum(k * sp.Sum(k, (k, 1, 2)), (k, 1, n))  # (1 + 2) * n (n + 1) / 2
    assert abs(ev.evaluate(nested, {n: 3}, ev.Context()).real - 18.0) < 1e-12


def test_numeric_derivative_stops_early_only_in_a_first_evaluation(monkeypatch) -> None:
    t = sp.Symbol("t", real=True)
    z = sp.Symbol("z", real=True)
    from probproof.derivations import vocabulary as V

    # d/dt log E[exp(t z)], z ~ N(0, 1), is t: the body holds a functional, so the
    # derivative is numeric.
    expr = sp.Derivative(sp.log(V.Expect(sp.exp(t * z), [z], [V.Normal(0, 1)])), t)
    calls = [0]
    original = ev.evaluate

    def counting(e, point, ctx):
        calls[0] += 1
        return original(e, point, ctx)

    monkeypatch.setattr(ev, "evaluate", counting)
    first = counting(expr, {t: 0.7}, ev.Context())
    first_calls = calls[0] - 1
    calls[0] = 0
    precise = counting(expr, {t: 0.7}, ev.Context(precise=True))
    precise_calls = calls[0] - 1
    for est in (first, precise):
        assert abs(est.real - 0.7) < 1e-8
        assert est.abserr < 1e-8
    # Two points per level of a first derivative: fewer than four levels when the
    # extrapolation has settled; all four when re-checking.
    assert first_calls < 8
    assert precise_calls == 8
    # A wrong derivative (t + 1e-6) is still far outside the error bound.
    assert abs(first.real - (0.7 + 1e-6)) > 100 * first.abserr


def test_a_law_used_twice_at_a_point_is_built_once(monkeypatch) -> None:
    from scipy import integrate, stats

    from probproof.derivations import vocabulary as V
    from probproof.numeric import distributions as D

    made = []
    original = D.make

    def counting(kind, params):
        made.append(kind)
        return original(kind, params)

    monkeypatch.setattr(D, "make", counting)
    ev._made.cache_clear()
    x = sp.Symbol("x", real=True)
    m, b = sp.Symbol("m", real=True), sp.Symbol("b", positive=True)
    # KL(Laplace || Normal) and the expectation of the same log ratio under Laplace.
    p, q = V.Laplace(m, b), V.Normal(0, 1)
    kl = V.KL(p, q)
    direct = V.Expect(V.logpdf(p, x) - V.logpdf(q, x), [x], [p])
    est = ev.evaluate(kl - direct, {m: 0.3, b: 0.8}, ev.Context())
    assert abs(est.real) < 1e-9
    assert sorted(made) == ["Laplace", "Normal"]
    # The value itself, against scipy.stats (the Laplace density's kink at m is a break
    # point of the quadrature).
    lp, nq = stats.laplace(0.3, 0.8), stats.norm(0, 1)
    want = sum(integrate.quad(lambda t: lp.pdf(t) * (lp.logpdf(t) - nq.logpdf(t)), lo, hi,
                              epsabs=1e-13, epsrel=1e-13)[0]
               for lo, hi in ((-60, 0.3), (0.3, 60)))
    assert abs(ev.evaluate(kl, {m: 0.3, b: 0.8}, ev.Context()).real - want) < 1e-9


def test_log_of_a_density_ratio_stays_in_float64_where_the_densities_underflow() -> None:
    from scipy import integrate, stats

    from probproof.derivations import vocabulary as V

    h = sp.Symbol("h", real=True)
    y, m, s = sp.Symbol("y", real=True), sp.Symbol("m", real=True), sp.Symbol("s", positive=True)
    # An IWAE-style log weight log(p(h) p(y | h) / q(h)) under q: far out on the scan
    # every density is 0 in float64, their log ratio is finite.
    q = V.Normal(m, s)
    body = sp.log(V.pdf(V.Normal(0, 1), h) * V.pdf(V.Normal(h, 1), y) / V.pdf(q, h))
    est = ev.evaluate(V.Expect(body, [h], [q]), {y: -1.76, m: 0.53, s: 1.41}, ev.Context())
    assert est.methods == frozenset(["quadrature"])  # not the arbitrary-precision fallback
    qd = stats.norm(0.53, 1.41)

    def log_weight(t: float, yy: float) -> float:
        return (stats.norm(0, 1).logpdf(t) + stats.norm(t, 1).logpdf(yy) - qd.logpdf(t))

    want = integrate.quad(lambda t: qd.pdf(t) * log_weight(t, -1.76), -40, 40,
                          epsabs=1e-13, epsrel=1e-13)[0]
    assert abs(est.real - want) < 1e-9
    # A wrong observation (y = 1.76) is far away.
    wrong = integrate.quad(lambda t: qd.pdf(t) * log_weight(t, 1.76), -40, 40)[0]
    assert abs(est.real - wrong) > 1e-3


def test_assumption_queries_take_a_fixed_path() -> None:
    # SymPy shuffles the facts an assumption query tries, with an unseeded generator;
    # probproof keeps SymPy's order (reproducible paths, less time).
    import sys

    import probproof.derivations.vocabulary  # noqa: F401

    module = sys.modules["sympy.core.assumptions"]
    facts = ["a", "b", "c", "d", "e", "f", "g", "h"]
    for _ in range(20):
        module.shuffle(facts)
    assert facts == ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_an_expression_asked_again_at_the_same_point_is_not_substituted_again(
        monkeypatch) -> None:
    mu = sp.Symbol("mu", real=True)
    s = sp.Symbol("s", positive=True)
    x = sp.Symbol("x", real=True)
    expr = sp.Integral(sp.exp(-(x - mu) ** 2 / (2 * s**2)), (x, -sp.oo, sp.oo))
    substituted = [0]
    original = ev._evaluate

    def counting(*args):
        substituted[0] += 1
        return original(*args)

    monkeypatch.setattr(ev, "_evaluate", counting)
    first = ev.evaluate(expr, {mu: 0.25, s: 1.5}, ev.Context())
    again = ev.evaluate(expr, {mu: 0.25, s: 1.5}, ev.Context())
    assert again is first and substituted[0] == 1
    # Another point, another setting of the context, or the same number of another
    # type (an integer count against a float) is evaluated afresh.
    other = ev.evaluate(expr, {mu: 0.25, s: 2.5}, ev.Context())
    precise = ev.evaluate(expr, {mu: 0.25, s: 1.5}, ev.Context(precise=True))
    assert substituted[0] == 3
    assert abs(first.real - 1.5 * (2 * 3.141592653589793) ** 0.5) < 1e-9
    assert abs(other.real - 2.5 * (2 * 3.141592653589793) ** 0.5) < 1e-9
    assert abs(precise.real - first.real) < 1e-9
    k = sp.Symbol("k", integer=True, positive=True)
    ev.evaluate(sp.Sum(1 / k**2, (k, 1, s)), {s: 3}, ev.Context())
    ev.evaluate(sp.Sum(1 / k**2, (k, 1, s)), {s: 3.0}, ev.Context())
    assert substituted[0] == 5
