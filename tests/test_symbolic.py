"""The symbolic checker's shortcuts agree with SymPy's general machinery."""

from __future__ import annotations

import contextlib

import sympy as sp

from probproof.checks.closed_forms import entropy_closed_form, kl_closed_form
from probproof.checks.symbolic import gaussian_integral, prove, reduce
from probproof.derivations.vocabulary import Expect, Normal, Uniform, logpdf

x = sp.Symbol("x", real=True)
mu = sp.Symbol("mu", real=True)
s = sp.Symbol("s", positive=True)


def test_gaussian_integral_matches_sympy() -> None:
    # SymPy's integrate is slow with symbolic parameters: compare on numeric ones here,
    # and check the symbolic case against the known moments below.
    for f in (x**3 * sp.exp(-(x - 1) ** 2 / 8), (x + 2) * sp.exp(-x**2 + 3 * x),
              sp.exp(-2 * x**2) * x**4):
        fast = gaussian_integral(sp.Integral(f, (x, -sp.oo, sp.oo)))
        slow = sp.integrate(f, (x, -sp.oo, sp.oo))
        assert fast is not None
        assert sp.simplify(fast - slow) == 0


def test_gaussian_integral_declines_what_it_cannot_do() -> None:
    assert gaussian_integral(sp.Integral(sp.exp(x**2), (x, -sp.oo, sp.oo))) is None
    assert gaussian_integral(sp.Integral(sp.sin(x) * sp.exp(-x**2), (x, -sp.oo, sp.oo))) is None
    assert gaussian_integral(sp.Integral(sp.exp(-x**2), (x, 0, sp.oo))) is None


def test_gaussian_integral_with_symbolic_parameters() -> None:
    f = x**3 * sp.exp(-(x - mu) ** 2 / (2 * s**2)) / sp.sqrt(2 * sp.pi * s**2)
    fast = gaussian_integral(sp.Integral(f, (x, -sp.oo, sp.oo)))
    assert sp.expand(sp.simplify(fast) - (mu**3 + 3 * mu * s**2)) == 0


def test_moments_of_the_normal() -> None:
    assert sp.expand(reduce(Expect(x**4, x, Normal(mu, s))) - (mu**4 + 6 * mu**2 * s**2
                                                             + 3 * s**4)) == 0


def test_closed_forms_agree_with_integrating_the_definition() -> None:
    m2 = sp.Symbol("m2", real=True)
    s2 = sp.Symbol("s2", positive=True)
    p, q = Normal(mu, s), Normal(m2, s2)
    by_definition = reduce(Expect(logpdf(p, x) - logpdf(q, x), x, p))
    assert sp.simplify(kl_closed_form(p, q) - by_definition) == 0
    assert sp.simplify(entropy_closed_form(p) - reduce(Expect(-logpdf(p, x), x, p))) == 0


def test_prove_never_claims_a_false_identity() -> None:
    assert not prove(sp.log(x**2), 2 * sp.log(x), "==")
    assert prove(sp.log(s**2), 2 * sp.log(s), "==")
    assert not prove(kl_closed_form(Uniform(0, 2), Uniform(0, 1)), sp.S.Zero, "==")


def test_binomial_moment_sums_and_their_slips() -> None:
    """sum C(n,k) p^k (1-p)^(n-k) P(k) = E[P(K)]: right for every n (checked against
    the summed-out value), and a wrong moment is not proved."""
    from probproof.checks.symbolic import binomial_moment_sum

    n = sp.Symbol("n", integer=True, nonnegative=True)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    p = sp.Symbol("p", positive=True)
    weight = sp.binomial(n, k) * p**k * (1 - p) ** (n - k)
    for poly in (sp.S.One, k, k**2, 3 * k**3 - k + 2):
        closed = binomial_moment_sum(sp.Sum(weight * poly, (k, 0, n)))
        for m in range(5):
            exact = sp.Sum(weight * poly, (k, 0, n)).subs({n: m, p: sp.Rational(1, 3)}).doit()
            assert sp.simplify(closed.subs({n: m, p: sp.Rational(1, 3)}) - exact) == 0
    second = sp.Sum(weight * k**2, (k, 0, n))
    assert prove(second, n * p * (1 - p) + n**2 * p**2, "==")
    assert not prove(second, n * p * (1 - p) + n * p**2, "==")
    assert not prove(second, n * p + n**2 * p**2, "==")
    # the weight must be the binomial one: (1 - p)^k instead of (1 - p)^(n - k) is not
    assert binomial_moment_sum(sp.Sum(sp.binomial(n, k) * p**k * (1 - p) ** k, (k, 0, n))) is None
    # and n a nonnegative integer
    assert binomial_moment_sum(sp.Sum(weight.subs(n, p), (k, 0, p))) is None


def test_jsd_by_its_definition_and_its_slips() -> None:
    """JSD(P, Q) = KL(P, M)/2 + KL(Q, M)/2 with M the even mixture, by the definition
    (no closed form of either side is needed); the slips next to it are not proved."""
    from probproof.checks.symbolic import Irreducible
    from probproof.derivations.vocabulary import JSD, KL, Mixture

    p, q = Normal(0, 1), Normal(mu, s)
    half = sp.Rational(1, 2)
    m = Mixture([half, half], [p, q])
    proof = prove(JSD(p, q), KL(p, m) / 2 + KL(q, m) / 2, "==")
    assert proof is not None and "Jensen-Shannon" in proof.law
    slips = [KL(p, m) + KL(q, m),                      # the halves missing
             KL(p, q) / 2 + KL(q, p) / 2,              # no mixture
             KL(p, Mixture([sp.Rational(1, 3), sp.Rational(2, 3)], [p, q])) / 2
             + KL(q, Mixture([sp.Rational(1, 3), sp.Rational(2, 3)], [p, q])) / 2,
             KL(m, p) / 2 + KL(m, q) / 2]              # arguments swapped
    for wrong in slips:
        with contextlib.suppress(Irreducible):
            assert prove(JSD(p, q), wrong, "==") is None


def test_jsd_of_intervals_apart_by_the_assumptions() -> None:
    """Uniforms on (a, a + w) and (a + w + g, ...) with g >= 0 meet in at most a point:
    their divergence is log 2. With g only real they may overlap: no closed form."""
    from probproof.checks.symbolic import Irreducible
    from probproof.derivations.vocabulary import JSD

    a = sp.Symbol("a", real=True)
    w = sp.Symbol("w", positive=True)
    g = sp.Symbol("g", nonnegative=True)
    assert reduce(JSD(Uniform(a, a + w), Uniform(a + w + g, a + w + g + 1))) == sp.log(2)
    assert reduce(JSD(Uniform(a + w + g, a + w + g + 1), Uniform(a, a + w))) == sp.log(2)
    r = sp.Symbol("r", real=True)
    try:
        value = reduce(JSD(Uniform(a, a + w), Uniform(a + w + r, a + w + r + 1)))
    except (Irreducible, NotImplementedError):
        value = None
    assert value != sp.log(2)


def test_jsd_of_categoricals_without_a_shared_category() -> None:
    """log 2 when no category has a probability under both laws; a shared one (a slip of
    the zeros' places) has no such closed form."""
    from probproof.checks.symbolic import Irreducible
    from probproof.derivations.vocabulary import JSD, Categorical

    p1 = sp.Symbol("p1", positive=True)
    p = Categorical([p1 / (p1 + 1), 1 / (p1 + 1), 0, 0])
    assert reduce(JSD(p, Categorical([0, 0, sp.Rational(1, 3), sp.Rational(2, 3)]))) == sp.log(2)
    assert reduce(JSD(p, Categorical([0, 0, 1]))) == sp.log(2)
    for shared in (Categorical([0, sp.Rational(1, 3), sp.Rational(2, 3), 0]),
                   Categorical([1])):
        try:
            value = reduce(JSD(p, shared))
        except Irreducible:
            value = None
        assert value != sp.log(2)

# ---------------------------------------------------------------- sums up to a symbol
def test_sums_that_differ_only_in_their_index_name_are_equal():
    """``sum_w c_w / sum_j c_j`` is 1 for every M: proved, not only confirmed (SymPy alone
    keeps the quotient of two sums whose indices have different names)."""
    from probproof.checks.engine import check_relation

    M = sp.Symbol("M", integer=True, positive=True)
    w, j = sp.symbols("w j", integer=True, positive=True)
    c = sp.IndexedBase("c", positive=True)
    doms = {"M": "positive integer", "c": "positive"}
    ratio = sp.Sum(c[w], (w, 1, M)) / sp.Sum(c[j], (j, 1, M))
    assert check_relation(ratio, 1, "==", doms, timeout=30).status == "proved"
    shorter = sp.Sum(c[w], (w, 1, M)) / sp.Sum(c[j], (j, 1, M + 1))
    assert check_relation(shorter, 1, "==", doms, timeout=30).status == "refuted"


def test_renaming_indices_never_captures_a_variable():
    from probproof.checks.zero import canonical_sums, is_zero

    M = sp.Symbol("M", integer=True, positive=True)
    w, j = sp.symbols("w j", integer=True, positive=True)
    c = sp.IndexedBase("c", positive=True)
    outer_w = sp.Sum(sp.Sum(c[j] * w, (j, 1, M)), (w, 1, M))
    outer_j = sp.Sum(sp.Sum(c[w] * j, (w, 1, M)), (j, 1, M))
    assert canonical_sums(outer_w) == canonical_sums(outer_j)
    assert is_zero(outer_w - outer_j)
    # the inner index times itself is another sum: not equal
    squared = sp.Sum(sp.Sum(c[j] * j, (j, 1, M)), (w, 1, M))
    assert canonical_sums(outer_w) != canonical_sums(squared)
    assert not is_zero(outer_w - squared)


def test_a_completed_square_over_n_points_is_proved():
    """Completing the square inside a sum needs the sums split and their constants taken
    out (the weighted mean is a constant of the outer sum); a wrong factor is refuted."""
    from probproof.checks.engine import check_relation

    n = sp.Symbol("n", integer=True, positive=True)
    i, j = sp.symbols("i j", integer=True, positive=True)
    g, x = sp.IndexedBase("g", positive=True), sp.IndexedBase("x", real=True)
    m = sp.Symbol("m", real=True)
    doms = {"n": "positive integer", "g": "positive", "x": "real", "m": "real"}
    mean = sp.Sum(g[j] * x[j], (j, 1, n)) / sp.Sum(g[j], (j, 1, n))
    lhs = sp.Sum(g[i] * (x[i] - m) ** 2, (i, 1, n))
    spread = sp.Sum(g[i] * (x[i] - mean) ** 2, (i, 1, n))
    right = spread + sp.Sum(g[i], (i, 1, n)) * (m - mean) ** 2
    assert check_relation(lhs, right, "==", doms, timeout=30).status == "proved"
    wrong = spread + (m - mean) ** 2
    assert check_relation(lhs, wrong, "==", doms, timeout=30).status == "refuted"


def test_an_infinite_sum_is_not_split():
    """Splitting sum (1/k - 1/(k + 1)) into two divergent sums would prove nonsense."""
    from probproof.checks.zero import split_sums

    k = sp.Symbol("k", integer=True, positive=True)
    telescoping = sp.Sum(1 / k - 1 / (k + 1), (k, 1, sp.oo))
    assert split_sums(telescoping) == telescoping


def test_two_densities_written_differently_are_equal_by_their_ratio() -> None:
    """A Gaussian density with the quadratic form expanded and sqrt(det(S S^T)) against
    one with |det S| (the reparameterisation's change of variables): the ratio test
    proves it at once (simplify failed after seconds); a slip in the exponent or in the
    root is not proved."""
    import time

    from probproof.checks.zero import is_zero

    z1, z2, s11, s12, s21, s22 = sp.symbols("z1 z2 s11 s12 s21 s22", real=True)
    S = sp.Matrix([[s11, s12], [s21, s22]])
    z = sp.Matrix([z1, z2])
    w = S.inv() * z
    by_map = sp.exp(-(w.T * w)[0] / 2) / (2 * sp.pi * sp.Abs(S.det()))
    cov = S * S.T
    form = sp.expand((z.T * cov.inv() * z)[0])
    by_cov = sp.exp(-form / 2) / (2 * sp.pi * sp.sqrt(sp.expand(cov.det())))
    c0 = time.process_time()
    assert is_zero(by_map - by_cov)
    assert time.process_time() - c0 < 1.5
    assert not is_zero(by_map - by_cov * sp.exp(z1 * z2 / 100))
    # det(S S^T) for its square root:
    assert not is_zero(by_map - sp.exp(-form / 2) / (2 * sp.pi * sp.expand(cov.det())))
    # The ratio is 1 only where both are defined: still a proof of equality, and no
    # number that is not 1 is taken for 1.
    x = sp.Symbol("x", real=True)
    assert not is_zero(sp.exp(x) / sp.sqrt(x**2) - sp.exp(x) / x)


def test_sums_over_a_period_of_roots_of_unity_and_their_slips() -> None:
    """sum_{k=1}^{N} of a squared distance to the point at angle 2 pi k / N is N times
    its constant term once sin^2 + cos^2 = 1 (N >= 2); each slip is left alone, and each
    is wrong somewhere, so that leaving it alone matters."""
    from probproof.checks.trig_sums import period_sum

    k, n = sp.symbols("k n", integer=True, positive=True)
    x, R = sp.Symbol("x", real=True), sp.Symbol("R", positive=True)

    def ring(terms: sp.Expr, angle: sp.Expr) -> sp.Expr:
        return (x - R * sp.cos(angle)) ** 2 + (R * sp.sin(angle)) ** 2

    good = sp.Sum(ring(n, 2 * sp.pi * k / (n + 1)), (k, 1, n + 1))
    closed = period_sum(good)
    assert closed is not None and sp.expand(closed - (n + 1) * (x**2 + R**2)) == 0
    assert reduce(good) == closed
    at = {n: 4, x: sp.Rational(1, 3), R: 2}
    assert sp.simplify(good.subs(at).doit() - closed.subs(at)) == 0
    slips = {
        # N = n terms with n = 1 allowed: cos(2 pi) = 1, the roots of unity do not cancel.
        "one term may be all": sp.Sum(ring(n, 2 * sp.pi * k / n), (k, 1, n)),
        "cos^2 alone: N/2 only from N = 3": sp.Sum(sp.cos(2 * sp.pi * k / (n + 1)) ** 2,
                                                   (k, 1, n + 1)),
        "twice the frequency": sp.Sum(ring(n, 4 * sp.pi * k / (n + 1)), (k, 1, n + 1)),
        "not one period": sp.Sum(ring(n, 2 * sp.pi * k / (n + 1)), (k, 1, n)),
    }
    for name, s in slips.items():
        assert period_sum(s) is None, name
    wrong = {"one term may be all": {n: 1}, "cos^2 alone: N/2 only from N = 3": {n: 1},
             "twice the frequency": {n: 1}, "not one period": {n: 2}}
    for name, values in wrong.items():
        s = slips[name].subs(values).subs({x: sp.Rational(1, 3), R: 2})
        naive = (slips[name].limits[0][2] - slips[name].limits[0][1] + 1).subs(values) * (
            sp.Rational(1, 2) if "alone" in name else sp.Rational(1, 9) + 4)
        assert sp.simplify(s.doit() - naive) != 0, name


def test_sums_of_unknown_sequences_are_left_as_sympy_leaves_them() -> None:
    # The shortcut must give what SymPy's doit gives, only sooner: checked against doit.
    from probproof.checks.zero import sympy_cannot_sum as _unknown_terms

    k = sp.Symbol("k", integer=True, positive=True)
    K = sp.Symbol("K", integer=True, positive=True)
    xs, g = sp.IndexedBase("x"), sp.Function("g")
    a = sp.Symbol("a", real=True)
    left_alone = [xs[k] + 1, 2 * xs[k], a * xs[k] + a, (xs[k] + 1) / K, sp.log(xs[k]) * xs[k],
                  g(k) + k**2, (xs[k] - a) ** 2 / 2 - sp.log(2 * sp.pi)]
    for f in left_alone:
        s_ = sp.Sum(f, (k, 1, K))
        assert _unknown_terms(s_), f
        assert s_.doit() == s_, f
    # What SymPy does sum is not skipped: a telescoping sum, a definite range, terms
    # that cancel once expanded, sums without unknowns.
    summed = [sp.Sum(xs[k + 1] - xs[k], (k, 1, K)), sp.Sum(g(k + 1) - g(k), (k, 1, K)),
              sp.Sum(xs[k], (k, 1, 3)),
              sp.Sum((xs[k] + 1) ** 2 - xs[k] ** 2 - 2 * xs[k], (k, 1, K)),
              sp.Sum(k * a, (k, 1, K))]
    for s_ in summed:
        assert not _unknown_terms(s_), s_
        assert s_.doit() != s_, s_


def test_summed_is_doit_without_the_sums_sympy_cannot_add_up() -> None:
    from probproof.checks.zero import simplified, summed

    k, j = (sp.Symbol(n, integer=True, positive=True) for n in "kj")
    K = sp.Symbol("K", integer=True, positive=True)
    xs = sp.IndexedBase("x")
    for e in [sp.Sum(1, (k, 1, K)) - K, sp.Sum(k, (k, 1, K)) * xs[j],
              sp.Sum(xs[k] + 1, (k, 1, K)) + sp.Derivative(x**2, x),
              sp.Sum(xs[k] * sp.Sum(xs[j], (j, 1, K)), (k, 1, K)),
              sp.Sum(xs[k + 1] - xs[k], (k, 1, K))]:
        assert summed(e) == e.doit(), e
    # simplify with the same ending: a sum of 1s is still counted, a wrong one is not 0.
    assert simplified(sp.Sum(xs[k], (k, 1, K)) / K + sp.Sum(1, (k, 1, K)) / K
                      - sp.Sum(xs[k] + 1, (k, 1, K)) / K) == 0
    assert simplified(sp.Sum(xs[k], (k, 1, K)) + K - sp.Sum(xs[k] - 1, (k, 1, K))) != 0
