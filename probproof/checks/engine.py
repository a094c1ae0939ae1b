"""The claim engine: decide ``lhs relation rhs`` over the declared domains.

``check_relation`` is what ``probproof check``, :func:`probproof.check` and
the catalog's step checker all call. The rules (DESIGN.md, Verdicts):

1. **symbolic** — SymPy, under the assumptions the domains imply, with a hard
   time limit. Success is ``proved``, but only after a numeric spot check at a
   few points agrees (a disagreement there means the engine itself is wrong:
   the verdict is ``undecided`` and says so, never a false ``proved``).
2. **numeric** — otherwise a Hypothesis-driven search evaluates both sides from
   their definitions (quadrature, sums, Monte Carlo with standard errors, global
   search, numeric differentiation). A disagreement is ``refuted`` only after a
   precise re-evaluation at the same point agrees that the sides differ;
   enough agreeing points and no disagreement is ``confirmed``; too few
   evaluable points, or the time limit, is ``undecided``.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from probproof.checks import symbolic
from probproof.checks.compare import RESOLUTION, Z
from probproof.checks.domains import Domain, DomainError, parse_domain
from probproof.checks.limits import CheckTimeout, cpu_limit, time_limit
from probproof.checks.search import SearchReport, search
from probproof.checks.verdict import Counterexample, Status, Verdict
from probproof.derivations import vocabulary as V
from probproof.derivations.result import RELATIONS
from probproof.numeric import mp_witness

#: Agreeing points needed to call a claim with free parameters ``confirmed``.
MIN_AGREEING = 8
#: Points tried by the search (before shrinking).
SEARCH_EXAMPLES = 40
#: The most CPU time SymPy gets (a quarter of the limit when that is less). Proofs of the
#: catalog take under 2 CPU s; what runs longer is almost always a search that fails.
#: CPU time, not wall time: on a loaded machine the same proof must still be found.
SYMBOLIC_SECONDS = 4.0
#: ... and the most wall-clock time, as a share of the claim's limit: on a very loaded
#: machine the numeric check must still have its time.
SYMBOLIC_WALL_SHARE = 0.5
#: Points tried by the spot check that follows a symbolic proof.
SPOT_EXAMPLES = 2
#: Seconds of that spot check (fewer when the time limit leaves less).
SPOT_SECONDS = 1.0


def _domains(domains: Mapping[str, Any] | None) -> dict[str, Domain]:
    out = {}
    for name, d in (domains or {}).items():
        out[name] = d if isinstance(d, Domain) else parse_domain(d)
    return out


def materialise(expr: sp.Basic) -> sp.Basic:
    """Evaluate matrix-valued nodes (``Jacobian``, ``Determinant``, matrix products)
    so that matrices compare entry by entry and determinants are scalars."""
    if isinstance(expr, V.Jacobian):
        return sp.ImmutableMatrix(expr.doit())
    # An explicit matrix is a MatrixExpr too, and its doit() would evaluate every
    # integral in it (seconds of SymPy's Meijer G search per entry): entries only.
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.applyfunc(materialise))
    if isinstance(expr, sp.MatrixExpr) and not isinstance(expr, sp.MatrixSymbol):
        done = expr.doit()
        return sp.ImmutableMatrix(done) if isinstance(done, sp.MatrixBase) else done
    if not isinstance(expr, sp.Basic) or expr.is_Atom:
        return expr
    matrix_nodes = [n for n in sp.preorder_traversal(expr)
                    if isinstance(n, (V.Jacobian, sp.Determinant, sp.Trace))]
    if not matrix_nodes:
        return expr
    reps = {}
    for n in matrix_nodes:
        if isinstance(n, V.Jacobian):
            reps[n] = sp.ImmutableMatrix(n.doit())
        else:
            reps[n] = n.doit()
    return expr.xreplace(reps)


def instantiate_undefined(expr: sp.Basic, seed: int) -> sp.Basic:
    """Replace each undefined function ``F(a, b, ...)`` by a smooth function with
    seeded random coefficients, then evaluate the derivatives.

    An identity that holds for every F holds for this one; a disagreement is a
    counterexample with a concrete F.
    """
    applied = sorted(expr.atoms(AppliedUndef), key=sp.srepr)
    if not applied:
        return expr
    rng = random.Random(f"{seed}|{sorted(str(type(f)) for f in applied)}")
    instances: dict[type, sp.Lambda] = {}
    for f in applied:
        func = f.func
        if func in instances:
            continue
        xs = sp.symbols(f"_a0:{len(f.args)}", real=True)
        coef = [sp.Rational(rng.randint(-9, 9) or 1, rng.randint(2, 7)) for _ in range(4)]
        lin = sum(sp.Rational(rng.randint(-9, 9), rng.randint(3, 9)) * x for x in xs)
        body = coef[0] * sp.sin(coef[1] * lin + coef[2]) + coef[3] * sp.tanh(lin) + lin / 3
        instances[func] = sp.Lambda(xs, body)
    out = _derivatives_wrt_symbols(expr).replace(
        lambda e: isinstance(e, AppliedUndef) and e.func in instances,
        lambda e: instances[e.func](*e.args))
    return out.doit() if out.has(sp.Derivative, sp.Subs) else out


def instantiate_indexed(expr: sp.Basic, domains: Mapping[str, Domain]) -> sp.Basic:
    """Replace each indexed parameter ``b[j]`` by a sequence that stays in ``b``'s domain
    and varies with ``j``, built from the searched value of ``b``: ``b`` itself at
    ``j = 1``.

    A claim about every sequence ``mu_1, mu_2, ...`` (``Sum(mu[j]**2, (j, 1, J))``)
    holds for this one; a disagreement is a counterexample with a concrete sequence.
    Without this, ``mu[j]`` would be a number indexed by a number: unevaluable.

    Each base gets a shape of its own (:func:`_sequence_shape`), not linear in ``j``:
    two parameters of one domain given the same shape were proportional at every point,
    so that ``a_k / sum(a)`` equalled ``J_k / sum(J)`` and a claim false for every other
    pair of sequences was confirmed.
    """
    if not expr.has(sp.Indexed):
        return expr
    # Derivatives with respect to an indexed parameter first, by SymPy (KroneckerDelta of
    # the indices): once ``a[j]`` is a sequence's term it is no longer a variable.
    expr = expr.replace(
        lambda e: isinstance(e, sp.Derivative) and any(
            isinstance(v, sp.Indexed) for v, _ in e.variable_count), lambda e: e.doit())
    indexed = sorted(expr.atoms(sp.Indexed), key=sp.srepr)
    reps = {}
    for node in indexed:
        base = node.base.label
        dom = domains.get(str(base))
        if dom is None or len(node.indices) != 1:
            continue
        j = node.indices[0]
        b = sp.Symbol(str(base), **dom.assumptions())
        grow, wave, step = _sequence_shape(str(base), j)
        if dom.integer:
            value = b + step * abs(j - 1)  # at or above b: a lower bound (n >= 1) holds
        elif dom.low is not None and dom.high is not None:
            value = dom.low + (b - dom.low) / grow  # in (low, b]
        elif dom.low is not None or dom.high is not None:
            edge = dom.low if dom.low is not None else dom.high
            value = edge + (b - edge) * grow  # away from the edge, same side
        else:
            value = b + wave
        reps[node] = value
    return expr.xreplace(reps)


#: Most terms of an indexed parameter's sequence a counterexample lists.
LISTED_TERMS = 6


def _sequence_values(lhs: sp.Basic, rhs: sp.Basic, domains: Mapping[str, Domain],
                     point: Mapping[str, Any]) -> dict[str, Any]:
    """The terms of each indexed parameter's sequence that a counterexample used, by name
    (``mu[0]``, ``mu[1]``): the point alone gives only the searched value ``mu``, which is
    the sequence's term at index 1, so "at D = 1, mu = 0" hid that ``mu[0]`` was not 0.

    Listed are the terms over the ranges of the sums and products that index them, at the
    point's values of their limits, up to :data:`LISTED_TERMS` of them per parameter."""
    def at_point(e: sp.Basic) -> sp.Basic:
        return sp.sympify(e.xreplace({s: sp.sympify(point[s.name]) for s in e.free_symbols
                                      if isinstance(s, sp.Symbol) and s.name in point}))

    out: dict[str, Any] = {}
    for side in (lhs, rhs):
        for node in side.atoms(sp.Sum, sp.Product):
            for j, lo, hi in node.limits:
                try:
                    first, last = (int(at_point(b)) for b in (lo, hi))
                except (TypeError, ValueError):
                    continue  # a limit left symbolic at this point
                for ind in sorted(node.function.atoms(sp.Indexed), key=sp.srepr):
                    if ind.indices != (j,) or str(ind.base.label) not in domains:
                        continue
                    for i in range(first, min(last, first + LISTED_TERMS - 1) + 1):
                        term = instantiate_indexed(ind.xreplace({j: i}), domains)
                        value = at_point(term)
                        if value.is_number:
                            out[f"{ind.base.label}[{i}]"] = _plain(sp.N(value, 10))
    return out


def _sequence_shape(name: str, j: sp.Expr) -> tuple[sp.Expr, sp.Expr, int]:
    """For the parameter ``name`` at index ``j``: a factor ``>= 1`` (1 at ``j = 1``, for
    every integer ``j``, 0 and negative ones too), a real offset (0 at ``j = 1``) and an
    integer step, with coefficients drawn from the name, so that no two parameters'
    sequences are proportional or shifted copies of each other."""
    rng = random.Random(f"indexed|{name}")
    c1, c2 = sp.Rational(rng.randint(10, 99), 60), sp.Rational(rng.randint(10, 99), 40)
    c3 = sp.Rational(rng.randint(100, 999), 97)
    t = j - 1
    grow = 1 + c1 * abs(t) / 3 + c2 * sp.sin(c3 * t) ** 2
    wave = c1 * t / 3 + c2 * sp.sin(c3 * t)
    return grow, wave, rng.randint(1, 3)


def _derivatives_wrt_symbols(expr: sp.Basic) -> sp.Basic:
    """Rewrite ``Derivative(f, G(x))`` as ``Subs(Derivative(f[G(x) -> t], t), t, G(x))``,
    so that instantiating ``G`` leaves a derivative with respect to a symbol."""

    def fix(d: sp.Derivative) -> sp.Basic:
        body, variables = d.expr, []
        subs = []
        for v, n in d.variable_count:
            if isinstance(v, (sp.Symbol, sp.Indexed)):
                # SymPy differentiates with respect to ``a[j]`` itself (a KroneckerDelta
                # with the other indices); a dummy in its place made the derivative of
                # ``G(x) a[i]`` with respect to ``a[j]`` 0, and a false claim confirmed.
                variables.append((v, n))
            else:
                t = sp.Dummy("t", real=True)
                body = body.xreplace({v: t})
                variables.append((t, n))
                subs.append((t, v))
        out = sp.Derivative(body, *variables)
        for t, v in subs:
            out = sp.Subs(out, t, v)
        return out

    return expr.replace(
        lambda e: isinstance(e, sp.Derivative) and not all(
            isinstance(v, (sp.Symbol, sp.Indexed)) for v, _ in e.variable_count), fix)


def _free_names(expr: sp.Basic) -> dict[str, sp.Symbol]:
    free = set(expr.free_symbols)
    for d in expr.atoms(sp.Derivative):  # SymPy leaves out the index j of d/da[j]
        free |= {s for v, _ in d.variable_count if isinstance(v, sp.Indexed)
                 for s in v.free_symbols}
    return {s.name: s for s in free if isinstance(s, sp.Symbol)}


def check_relation(
    lhs: sp.Basic,
    rhs: sp.Basic,
    relation: str = "==",
    domains: Mapping[str, str | Domain] | None = None,
    *,
    seed: int = 0,
    timeout: float = 20.0,
) -> Verdict:
    """Decide ``lhs relation rhs`` for all values of the symbols in their domains.

    Parameters
    ----------
    lhs, rhs : sympy.Basic
        Expressions (or matrices of equal shape, for ``==``) built from SymPy and
        :mod:`probproof.derivations.vocabulary`. Free symbols are matched to
        ``domains`` by name; their own assumptions are replaced by the domain's.
    relation : {"==", "<=", ">=", "<", ">"}
    domains : mapping of str to str
        Symbol name -> domain, as in claim files (``"real"``, ``"positive"``,
        ``"interval(0, 1)"``, ...). Every free symbol needs one.
    seed : int
        Makes the numeric search deterministic.
    timeout : float
        Seconds for the whole check; a check that runs out is ``undecided``.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> check_relation(sp.exp(sp.log(x)), x, "==", {"x": "positive"}).status
    <Status.PROVED: 'proved'>
    """
    t0 = time.perf_counter()
    deadline = time.monotonic() + timeout

    def done(v: Verdict) -> Verdict:
        v.seconds = time.perf_counter() - t0
        return v

    if relation not in RELATIONS:
        return done(Verdict(Status.ERROR, message=f"unknown relation {relation!r}"))
    try:
        doms = _domains(domains)
    except DomainError as exc:
        return done(Verdict(Status.ERROR, message=str(exc)))
    lhs, rhs = materialise(sp.sympify(lhs)), materialise(sp.sympify(rhs))
    if isinstance(lhs, sp.MatrixBase) != isinstance(rhs, sp.MatrixBase) or (
        isinstance(lhs, sp.MatrixBase) and (lhs.shape != rhs.shape or relation != "==")
    ):
        return done(Verdict(Status.ERROR, message="matrices are compared with == and must have "
                                                  "the same shape"))
    free = _free_names(lhs) | _free_names(rhs)
    missing = sorted(set(free) - set(doms))
    if missing:
        return done(Verdict(Status.ERROR, message=f"undeclared symbol(s): {', '.join(missing)}"))
    # Give each symbol the assumptions of its declared domain.
    symbols = {n: doms[n].symbol(n) for n in free}
    reps = {free[n]: symbols[n] for n in free if free[n] != symbols[n]}
    if reps:
        lhs, rhs = lhs.xreplace(reps), rhs.xreplace(reps)
    sym_domains = {n: doms[n] for n in free}
    if relation in ("==", "<=", ">=") and lhs == rhs:
        # The same expression on both sides (a derivation that starts where the statement
        # does): nothing to compute, and nothing a numeric spot check could add.
        return done(Verdict(Status.PROVED, ["symbolic"], "the two sides are the same "
                                                         "expression"))
    return done(_decide(lhs, rhs, relation, symbols, doms, sym_domains, seed, timeout, deadline))


def _timed_out(exc: Exception, deadline: float) -> SearchReport:
    """The search stopped by the time limit. The alarm can interrupt Hypothesis inside
    its own bookkeeping, which then fails with an error of its own (an AssertionError
    seen once in the conformance suite): at the limit, that is the time limit too."""
    if isinstance(exc, CheckTimeout) or time.monotonic() >= deadline - 0.5:
        return SearchReport(timed_out=True)
    raise exc


def _decide(lhs, rhs, relation, symbols, doms, sym_domains, seed, timeout, deadline) -> Verdict:
    proof: symbolic.Proof | None = None
    symbolic_note = ""
    budget = min(max(0.25 * timeout, 0.5), SYMBOLIC_SECONDS)
    wall = max(budget, SYMBOLIC_WALL_SHARE * timeout)
    try:
        with time_limit(wall), cpu_limit(budget):
            proof = symbolic.prove(lhs, rhs, relation)
    except CheckTimeout:
        symbolic_note = f"symbolic attempt stopped after {budget:.1f} CPU s"
    except symbolic.Irreducible as exc:
        symbolic_note = f"no closed form ({exc})"
    except Exception:  # SymPy raises many kinds of errors on hard input
        # (its class names, AttributeError and the like, mean nothing to a user)
        symbolic_note = "SymPy could not simplify it"
    proved = proof is not None
    # A proof that merged integrals by linearity holds only if they are finite: the
    # numeric evaluation must see finite values, so it is evidence, not a spot check.
    # (Closed forms of both sides would not need that, but the numeric evaluation runs
    # after any proof, so trying them as well only spent up to the symbolic budget.)
    conditional = proof is not None and proof.needs_finite_values
    unconditional = proved and not conditional
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        # Never proved on SymPy's word alone (DESIGN.md, Evidence rules).
        return Verdict(Status.UNDECIDED, message=f"time limit of {timeout:g} s reached"
                       + ("; SymPy reduced lhs - rhs to 0 but no time was left for the numeric "
                          "spot check" if unconditional else ""))
    # After a proof the numeric evaluation is a spot check for bugs of the engine, not
    # the evidence: it gets a short budget (a disagreement still gets the full re-check).
    share = min(0.75 * remaining, SPOT_SECONDS) if unconditional else 0.75 * remaining
    search_deadline = time.monotonic() + share
    report: SearchReport
    # Undefined functions (F(x2) in a derivation) get concrete random instances.
    try:
        num_lhs, num_rhs = (instantiate_indexed(instantiate_undefined(side, seed), doms)
                            for side in (lhs, rhs))
    except (ValueError, TypeError) as exc:
        num_lhs, num_rhs = lhs, rhs
        symbolic_note = (symbolic_note + "; " if symbolic_note else "") + (
            f"undefined functions could not be instantiated ({exc})".splitlines()[0])
    try:
        with time_limit(remaining):
            report = search(num_lhs, num_rhs, relation, symbols, doms, seed=seed,
                            deadline=search_deadline, recheck_deadline=deadline,
                            max_examples=SPOT_EXAMPLES if proved else SEARCH_EXAMPLES,
                            far=not proved)
    except Exception as exc:
        report = _timed_out(exc, deadline)
    if unconditional and not report.agreed and report.counterexample is None:
        # The short spot check evaluated no point: a proof needs one (DESIGN.md), so the
        # spot check goes on with the whole time that is left, trying other points, until
        # as many agree as the short one wanted (not for the whole time: points that are
        # slow to evaluate would otherwise keep it going to the time limit).
        left = deadline - time.monotonic()
        if left > 0:
            try:
                with time_limit(left):
                    report = search(num_lhs, num_rhs, relation, symbols, doms, seed=seed + 1,
                                    deadline=deadline, recheck_deadline=deadline,
                                    max_examples=SEARCH_EXAMPLES,
                                    enough_agreeing=SPOT_EXAMPLES)
            except Exception as exc:
                report = _timed_out(exc, deadline)

    if proved:
        if report.counterexample is not None:
            return Verdict(
                Status.UNDECIDED, ["symbolic", *sorted(report.methods)],
                "internal disagreement: SymPy reduced the difference to 0 but the numeric "
                "evaluation disagrees; please report this claim",
                counterexample=None, trials=report.agreed)
        assert proof is not None
        law = proof.law or "linearity of integrals"
        if conditional and not report.agreed:
            return Verdict(
                Status.UNDECIDED, ["symbolic", *sorted(report.methods)],
                f"the claim holds by {law}, which needs each integral finite, and no "
                "point could be evaluated to show that they are"
                + (f" ({'; '.join(report.reasons)})" if report.reasons else ""),
                trials=0)
        methods = ["symbolic", *sorted(report.methods - {"exact"})]
        msg = "SymPy reduces lhs - rhs to 0" if relation == "==" else (
            "SymPy shows the difference has the required sign")
        if not report.agreed:
            return Verdict(
                Status.UNDECIDED, ["symbolic", *sorted(report.methods)],
                f"{msg}, but the numeric spot check could evaluate no point, and a proof "
                "needs one" + (f" ({'; '.join(report.reasons)})" if report.reasons else ""),
                trials=0)
        if proof.law:
            msg = f"holds by its form: {proof.law}"
        if conditional:
            msg = f"holds by {law}; the integrals are finite where evaluated"
        msg += f"; numeric spot check agreed at {report.agreed} point(s)"
        return Verdict(Status.PROVED, methods, msg, trials=report.agreed,
                       max_error=max(report.max_gap, 0.0) if report.agreed else None)

    if report.counterexample is not None:
        c = report.comparison
        assert c is not None
        values = {k: _plain(v) for k, v in report.counterexample.items()}
        values |= _sequence_values(lhs, rhs, doms, report.counterexample)
        why = f" ({c.reason})" if c.reason else ""
        return Verdict(
            Status.REFUTED, sorted(report.methods),
            f"the sides differ by {c.gap:.3g} (tolerance {c.tolerance:.3g}), confirmed by a "
            f"precise re-evaluation and an independent second witness{why}",
            counterexample=Counterexample(
                values, c.lhs.python_value(), c.rhs.python_value(),
                lhs_error=c.lhs.stderr or None, rhs_error=c.rhs.stderr or None),
            trials=report.agreed)

    if relation in ("<", ">") and report.tie_points:
        equal = _exactly_equal_at(lhs, rhs, symbols, report.tie_points, deadline)
        if equal is not None:
            values, c = equal
            return Verdict(
                Status.REFUTED, sorted(report.methods | {"symbolic"}),
                "the sides are equal here and the relation is strict: SymPy reduces lhs - rhs "
                "to 0 at this point, and the numeric evaluation ties within its tolerance",
                counterexample=Counterexample({k: _plain(v) for k, v in values.items()},
                                              c.lhs.python_value(), c.rhs.python_value()),
                trials=report.agreed)

    needed = MIN_AGREEING if sym_domains else 1
    # A disagreement that could not be confirmed (its witnesses disagree, or float64 failed
    # there) is no counterexample, but it is no agreement either: a claim that is false
    # only where the evaluation is hard (a divergent integral, say) must not be confirmed
    # by the points where it is easy.
    # (the identity theorem needs the claim analytic where it was not evaluated: a moment
    # generating function is not, past its radius of convergence, and points that could
    # not be evaluated in the moderate box may be where it ends)
    far_open = report.far_timeouts and not (_analytic_identity(lhs, rhs, relation)
                                            and not report.unevaluable
                                            and not any(d.integer for d in doms.values()))
    if (report.agreed >= needed and not report.unconfirmed and not report.exact_ties
            and not report.tiny_violations and not far_open and not report.no_value
            and not report.touches):
        if relation == "==":
            closest = f"largest relative difference {max(report.max_gap, 0.0):.3g}"
        else:
            # gap = (smaller side) - (larger side): negative is a margin, positive is slack used.
            closest = ("closest approach (lhs - rhs, relative) "
                       f"{_signed_gap(relation, report.max_gap):.3g}")
        msg = (f"{report.agreed} point(s) agreed ({', '.join(sorted(report.methods))}); "
               f"{closest} within tolerance (relative resolution {RESOLUTION:g}, Monte Carlo "
               f"at {Z:.2f} standard errors)")
        if report.ties:
            msg += f"; {report.ties} point(s) tied"
        if report.far_timeouts:
            msg += (f"; {report.far_timeouts} far point(s) not evaluated in time (an identity "
                    "of analytic expressions that holds near the moderate points holds "
                    "everywhere)")
        if report.beyond:
            msg += ("; for K up to 64 draws only (IID(P, K) is not evaluated past 64: "
                    f"{report.beyond} point(s) left out)")
        if symbolic_note:
            msg += f"; {symbolic_note}"
        return Verdict(Status.CONFIRMED, sorted(report.methods), msg, trials=report.agreed,
                       max_error=max(report.max_gap, 0.0))

    parts = [f"only {report.agreed} point(s) could be compared (need {needed})"
             if report.agreed < needed else
             f"{report.agreed} point(s) agreed, but the points below keep it from being confirmed"]
    if report.timed_out:
        parts.append(f"time limit of {timeout:g} s reached")
    if report.ties:
        parts.append(f"{report.ties} point(s) where a strict inequality could not be told from "
                     "equality")
    if report.invalid:
        parts.append(f"{report.invalid} point(s) where a distribution parameter was invalid")
    if report.exact_ties:
        parts.append(f"{report.exact_ties} point(s) where the sides are exactly equal and the "
                     "relation is strict")
    if report.unconfirmed:
        parts.append(f"{report.unconfirmed} disagreement(s) not confirmed by re-evaluation")
    if report.no_value:
        # Sum((-w)**k) == 1/(1 + w) over w in (0, 3), E[z] == 0 over every Student law:
        # false where a side has no value, which the agreeing points elsewhere do not show
        parts.append(f"{report.no_value} point(s) where a side has no value (a sum or "
                     "integral that diverges without one sign)")
    if report.tiny_violations:
        parts.append(f"{report.tiny_violations} point(s) where the claim fails relatively "
                     f"between values below the absolute resolution {RESOLUTION:g}")
    if report.far_timeouts:
        parts.append(f"{report.far_timeouts} point(s) left open: not evaluated in the time "
                     "they had, or beyond what the numeric witnesses evaluate")
    if report.reasons:
        parts.append("; ".join(report.reasons))
    if symbolic_note:
        parts.append(symbolic_note)
    return Verdict(Status.UNDECIDED, sorted(report.methods), "; ".join(parts),
                   trials=report.agreed)


#: Nodes that can make an expression non-analytic in its parameters: the kinked and
#: step functions the arbitrary-precision quadrature breaks its range at, branches and
#: suprema.
_NOT_ANALYTIC = (*mp_witness._KINKED, *mp_witness._STEPS, sp.Piecewise, sp.Rel, V.Sup)


#: CPU seconds for the symbolic reduction at one tie point (:func:`_exactly_equal_at`).
TIE_SYMBOLIC_SECONDS = 2.0


def _exactly_equal_at(lhs: sp.Basic, rhs: sp.Basic, symbols: Mapping[str, sp.Symbol],
                      ties: list, deadline: float) -> tuple[dict[str, Any], Any] | None:
    """The first tie point of a strict relation where SymPy reduces ``lhs - rhs`` to 0
    with the point's exact values put in (a float is the binary fraction it is), with
    its comparison; ``None`` where there is none in the time left.

    ``H(Bernoulli(p)) < log(2)`` at p = 1/2, ``KL(Normal(m, s), Normal(0, 1)) > 0`` at
    m = 0, s = 1: the numeric evaluation ties there (equal within its tolerance, which
    cannot tell 1 + e^-100 from 1), so such claims were undecided. The two witnesses of
    this counterexample are the exact reduction and the numeric tie, which share no
    code: the reduction uses the closed forms of the symbolic layer, the evaluation its
    definitions."""
    for values, c in ties:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        exact = {symbols[n]: _exact_number(v) for n, v in values.items() if n in symbols}
        if any(e is None for e in exact.values()):
            continue
        try:
            budget = min(TIE_SYMBOLIC_SECONDS, left)
            with time_limit(budget), cpu_limit(budget):
                proof = symbolic.prove(lhs.xreplace(exact), rhs.xreplace(exact), "==")
        except Exception:  # SymPy's many errors, or the time limit: no reduction here
            continue
        if proof is not None and not proof.needs_finite_values:
            return values, c
    return None


def _exact_number(v: Any) -> sp.Expr | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return sp.Integer(v)
    if isinstance(v, float):
        return sp.Rational(v) if math.isfinite(v) else None
    try:
        e = sp.sympify(v)
    except (sp.SympifyError, TypeError):
        return None
    return e if e.is_number else None


def _analytic_identity(lhs: sp.Basic, rhs: sp.Basic, relation: str) -> bool:
    """Is the claim an equality of expressions with no kinks, steps or branches? Two
    analytic functions that agree on an open set agree on its whole connected domain
    (the identity theorem), so far points it could not evaluate in time need not keep
    such a claim from being confirmed; an inequality, ``Min(x, 100) == x``, or a claim
    over integers (no open set) has no such guarantee. (A law whose support moves with a
    parameter is not seen here: a claim false only beyond such a boundary far out, and
    slow to evaluate there, is a known limit.)"""
    return relation == "==" and not any(
        isinstance(side, sp.Basic) and side.has(*_NOT_ANALYTIC) for side in (lhs, rhs))


def _signed_gap(relation: str, gap: float) -> float:
    """lhs - rhs from the compare gap (which is oriented so that the relation says gap <= 0)."""
    return gap if relation in ("<=", "<") else -gap


def _plain(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    return float(v)
