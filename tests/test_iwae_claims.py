"""The IWAE family as claims (tests/claims/iwae.toml): every expected truth is computed
here, by numpy Monte Carlo with a large sample (and the closed-form ELBO and evidence of
the Gaussian model), never by probproof; then every claim must get its verdict."""

from __future__ import annotations

import numpy as np
import pytest
from claimfiles import HERE, claim_ids, run_file
from scipy import stats
from scipy.special import logsumexp

from probproof.checks.api import check
from probproof.checks.verdict import Status

IWAE = HERE / "claims" / "iwae.toml"
X = 2.0
LOG_EVIDENCE = float(stats.norm(0, np.sqrt(2)).logpdf(X))  # p(x) = N(x; 0, 2)


def _bound(k: int, rows: int, rng: np.random.Generator, swapped: bool = False,
           minus_log_k: bool = True) -> tuple[float, float]:
    """L_K by numpy Monte Carlo with q = N(0, 1): mean and standard error."""
    z = rng.standard_normal((rows, k))
    log_w = stats.norm.logpdf(z) + stats.norm.logpdf(X, z, 1) - stats.norm.logpdf(z)
    if swapped:
        log_w = -log_w
    vals = logsumexp(log_w, axis=1) - (np.log(k) if minus_log_k else 0.0)
    return float(vals.mean()), float(vals.std(ddof=1) / np.sqrt(rows))


@pytest.fixture(scope="module")
def truth() -> dict[str, tuple[float, float]]:
    rng = np.random.default_rng(12345)
    out = {f"L{k}": _bound(k, 400_000, rng) for k in (1, 2, 5, 50)}
    out["L5-no-log-K"] = _bound(5, 400_000, rng, minus_log_k=False)
    out["L50-no-log-K"] = _bound(50, 200_000, rng, minus_log_k=False)
    out["L5-swapped"] = _bound(5, 400_000, rng, swapped=True)
    z = rng.standard_normal((400_000, 5))
    mean_log = (stats.norm.logpdf(X, z, 1)).mean(axis=1)
    out["mean-of-log-5"] = float(mean_log.mean()), float(mean_log.std() / np.sqrt(len(z)))
    return out


def _expected(claim_id: str, t: dict[str, tuple[float, float]]) -> bool:
    """The truth of each claim from the numpy estimates; each gap must be at least ten
    standard errors wide, or the claim has no business in this file."""
    def le(a: tuple[float, float], b: tuple[float, float] | float) -> bool:
        bv, bs = (b, 0.0) if isinstance(b, float) else b
        gap, se = a[0] - bv, np.hypot(a[1], bs)
        assert abs(gap) > 10 * se, f"{claim_id}: gap {gap} within 10 standard errors {se}"
        return gap < 0

    ev = LOG_EVIDENCE
    elbo = -np.log(2 * np.pi) / 2 - (X**2 + 1) / 2  # E_q log N(x; z, 1), q = N(0, 1)
    table = {
        "iwae.L1.below-log-evidence": lambda: le(t["L1"], ev),
        "iwae.L2.below-log-evidence": lambda: le(t["L2"], ev),
        "iwae.L5.below-log-evidence": lambda: le(t["L5"], ev),
        "iwae.L50.below-log-evidence": lambda: le(t["L50"], ev),
        "iwae.L1.below-L2": lambda: le(t["L1"], t["L2"]),
        "iwae.L2.below-L5": lambda: le(t["L2"], t["L5"]),
        "iwae.L5.below-L50": lambda: le(t["L5"], t["L50"]),
        "iwae.L5.above-log-evidence": lambda: not le(t["L5"], ev),
        "iwae.L50.above-log-evidence": lambda: not le(t["L50"], ev),
        "iwae.L2.above-L5": lambda: not le(t["L2"], t["L5"]),
        "iwae.L5.above-L50": lambda: not le(t["L5"], t["L50"]),
        "iwae.L5.missing-log-K": lambda: le(t["L5-no-log-K"], ev),
        "iwae.L50.missing-log-K": lambda: le(t["L50-no-log-K"], ev),
        "iwae.L5.mean-of-log-above": lambda: not le(t["mean-of-log-5"], t["L5"]),
        "iwae.L5.mean-of-log-below": lambda: le(t["mean-of-log-5"], t["L5"]),
        "iwae.L5.q-and-p-swapped": lambda: le(t["L5-swapped"], ev),
        "iwae.L1.exact-elbo": lambda: abs(t["L1"][0] - elbo) < 6 * t["L1"][1],
        "iwae.L1.elbo-missing-variance": lambda: abs(
            t["L1"][0] - (-np.log(2 * np.pi) / 2 - 2)) < 6 * t["L1"][1],
    }
    return table[claim_id]()


@pytest.mark.parametrize("claim_id", claim_ids(IWAE))
def test_iwae_claim_verdict(claim_id: str, truth) -> None:
    report = run_file(IWAE, timeout=60.0)[claim_id]
    expected = _expected(claim_id, truth)
    assert report.spec.expect == ("true" if expected else "false"), claim_id
    status = report.verdict.status
    if expected:
        assert status in (Status.PROVED, Status.CONFIRMED), f"{claim_id}: {report.verdict}"
    else:
        assert status is Status.REFUTED, f"{claim_id}: {report.verdict}"


def test_unresolvable_gap_is_never_refuted(truth) -> None:
    """L_50 <= L_51 is true, but the gap is far below the Monte Carlo error: undecided or
    confirmed within the resolution, never refuted."""
    w = "logpdf(Normal(z[k], 1), 2)"
    lk = ("Expect(logsumexp({w}, (k, 0, {m})) - log({K}), z, IID(Normal(0, 1), {K}))")
    statement = f"{lk.format(w=w, m=49, K=50)} <= {lk.format(w=w, m=50, K=51)}"
    rng = np.random.default_rng(7)
    a, b = _bound(50, 100_000, rng), _bound(51, 100_000, rng)
    assert abs(a[0] - b[0]) < 6 * np.hypot(a[1], b[1])  # MC cannot tell them apart
    assert check(statement, {}, seed=0, timeout=60).status is not Status.REFUTED
