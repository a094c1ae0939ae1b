"""The experiments' fast numerics against their peers and exact references.

EM against scikit-learn's ``GaussianMixture`` with the covariances held at I,
the KDE against mpmath at 30 digits and against ``KernelDensity``, the VAE
training loop against a plain PyTorch loop of the same model: each computes
the same result (the benchmarks in ``bench/bench_experiments.py`` time them).
"""

from __future__ import annotations

from collections.abc import Iterator

import mpmath
import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from probproof.numeric.experiments import kde
from probproof.numeric.experiments.em import em_fixed_covariance, kmeans_pp
from probproof.numeric.experiments.gmm import IsotropicGMM, make_splits
from probproof.numeric.experiments.peers import fixed_identity_gmm, plain_vae_loop

# ---------------------------------------------------------------------- EM


@pytest.mark.parametrize("radius", [10.0, 1.0])
def test_em_equals_scikit_learn_with_identity_covariance(radius: float) -> None:
    x = make_splits(2, radius=radius, n=300).train
    init = kmeans_pp(x, 10, np.random.default_rng(2))
    ours = em_fixed_covariance(x, init, max_iter=3000, tol=1e-8)
    peer = fixed_identity_gmm(init, tol=1e-8, max_iter=3000).fit(x)
    weights, means = peer.before_last_step_
    assert ours.converged and ours.iterations > 2
    # scikit-learn counts the iteration whose E step finds the change below tol.
    assert peer.n_iter_ == ours.iterations + 1
    assert ours.loglik[-1] == pytest.approx(peer.lower_bound_, abs=1e-10)
    assert np.allclose(ours.model.means, means, rtol=0, atol=1e-8)
    assert np.allclose(ours.model.weights, weights, rtol=0, atol=1e-10)


def test_em_loglik_is_that_of_its_model_by_direct_evaluation() -> None:
    # The E step leaves ||x||^2 out of the (K, n) matrix and adds it back as one
    # constant; IsotropicGMM evaluates sum (x - mu)^2 directly.
    splits = make_splits(5, radius=3.0, n=200)
    for variance in (1.0, 0.3):
        for steps in (0, 1, 7):
            res = em_fixed_covariance(splits.train, splits.model.means + 0.7, variance=variance,
                                      max_iter=steps, tol=-np.inf)
            assert res.iterations == steps
            assert res.model.variance == variance
            assert res.loglik[-1] == pytest.approx(res.model.mean_loglik(splits.train),
                                                   rel=1e-13, abs=1e-12)


def test_em_step_matches_the_textbook_update() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(50, 2)) * 2.0
    start = rng.normal(size=(4, 2))
    model = IsotropicGMM(np.full(4, 0.25), start, 1.0)
    resp = np.exp(model.log_posterior(x))
    expected_means = resp.T @ x / resp.sum(axis=0)[:, None]
    res = em_fixed_covariance(x, start, max_iter=1, tol=-np.inf)
    assert np.allclose(res.model.means, expected_means, rtol=1e-12)
    assert np.allclose(res.model.weights, resp.mean(axis=0), rtol=1e-12)


def test_em_keeps_an_emptied_component() -> None:
    x = make_splits(0, radius=10.0, n=200).train
    init = np.vstack([make_splits(0, radius=10.0).model.means[:9], [[1e4, 1e4]]])
    res = em_fixed_covariance(x, init, max_iter=50)
    assert res.model.weights[-1] == 0.0
    assert np.array_equal(res.model.means[-1], [1e4, 1e4])
    assert np.all(np.isfinite(res.loglik))


# --------------------------------------------------------------------- KDE


def mp_kde_log_pdf(point: np.ndarray, data: np.ndarray, sigma: float) -> float:
    """The Gaussian KDE's log density at one point, summed by mpmath at 30 digits."""
    with mpmath.workdps(30):
        var = mpmath.mpf(sigma) ** 2
        terms = [mpmath.exp(-mpmath.fsum((mpmath.mpf(a) - mpmath.mpf(b)) ** 2
                                         for a, b in zip(point, row, strict=True)) / (2 * var))
                 for row in data]
        d = len(point)
        return float(mpmath.log(mpmath.fsum(terms) / len(data))
                     - d * mpmath.log(2 * mpmath.pi * var) / 2)


@pytest.mark.parametrize("sigma", [0.01, 0.3, 2.0])
def test_kde_matches_mpmath_far_from_the_data(sigma: float) -> None:
    # At sigma = 0.01 every kernel term of the far point underflows exp in
    # float64 (and scikit-learn's tree bounds miss the value by thousands).
    s = make_splits(0, radius=10.0, n=300)
    points = np.array([[0.0, 0.0], [3.0, -2.0], s.train[0] + 0.01])
    ours = kde.kde_log_pdf(points, s.train, sigma)
    for p, value in zip(points, ours, strict=True):
        assert value == pytest.approx(mp_kde_log_pdf(p, s.train, sigma), rel=1e-12, abs=1e-12)


def test_kde_blocks_and_chunks_do_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    s = make_splits(1, radius=10.0, n=300)
    whole = kde.kde_log_pdf(s.test, s.train, 0.4)
    assert np.array_equal(kde.kde_log_pdf(s.test, s.train, 0.4, chunk=7), whole)
    monkeypatch.setattr(kde, "BLOCK_ELEMENTS", 1000)  # 3 rows per block
    assert np.array_equal(kde.kde_log_pdf(s.test, s.train, 0.4), whole)
    assert np.array_equal(kde.KDEDistances(s.test, s.train).log_pdf(0.4), whole)


def test_kde_search_equals_kernel_density_driven_by_the_same_search() -> None:
    from sklearn.neighbors import KernelDensity

    s = make_splits(4, radius=10.0, n=300)
    sigma, val_ll, nfev = kde.tune_sigma(s.train, s.val)

    def neg(t: float) -> float:
        kd = KernelDensity(bandwidth=float(np.exp(t))).fit(s.train)
        return -float(np.mean(kd.score_samples(s.val)))

    bounds = np.log(kde.SIGMA_BOUNDS)
    peer = minimize_scalar(neg, bounds=tuple(bounds), method="bounded", options={"xatol": 1e-5})
    assert sigma == pytest.approx(float(np.exp(peer.x)), rel=1e-6)
    assert val_ll == pytest.approx(-peer.fun, abs=1e-8)
    assert nfev == peer.nfev
    grid = np.geomspace(sigma / 2, sigma * 2, 5)
    curve = kde.validation_curve(s.train, s.val, grid)
    assert np.argmax(curve) == 2 and curve[2] == pytest.approx(val_ll, abs=1e-12)


# --------------------------------------------------------------------- VAE


@pytest.fixture
def one_torch_thread() -> Iterator[None]:
    """One intra-op thread, as ``probproof run --quick``: two spin-wait on busy cores."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.usefixtures("one_torch_thread")
def test_vae_training_equals_a_plain_pytorch_loop() -> None:
    import torch

    from probproof.numeric.experiments.nets import VAE
    from probproof.numeric.experiments.vae import EVAL_EVERY, fit_vae

    x = torch.as_tensor((np.random.default_rng(0).random((450, 30)) < 0.3).astype(np.float32))
    updates = 2 * EVAL_EVERY + 30  # validation twice, reshuffles every 4 updates
    params, losses = plain_vae_loop(x, updates, seed=3)
    torch.manual_seed(3)
    model = VAE(30, 128, 8)
    curves = fit_vae(model, x, x[:50], updates, eval_generator=torch.Generator().manual_seed(9))
    ours = np.array(curves["kl"]) - np.array(curves["recon"])
    assert curves["val_update"] == [0, EVAL_EVERY, 2 * EVAL_EVERY]
    # Fused and for-loop Adam round differently in float32: equal to rounding.
    assert np.allclose(ours, losses, rtol=1e-5, atol=0)
    for theirs, mine in zip(params, model.parameters(), strict=True):
        assert torch.allclose(theirs.detach(), mine.detach(), rtol=0, atol=1e-5)


def test_vae_mean_terms_are_the_means_of_the_per_image_terms() -> None:
    import torch

    from probproof.numeric.experiments.nets import VAE

    torch.manual_seed(0)
    model = VAE(20, 16, 3)
    x = (torch.rand(37, 20) < 0.4).float()
    for n_samples in (1, 2, 5):
        torch.manual_seed(n_samples)
        with torch.no_grad():
            recon, kl = model.elbo_terms(x, n_samples)
            torch.manual_seed(n_samples)  # the same draws of eps
            recon_mean, kl_mean = model.mean_elbo_terms(x, n_samples)
        assert float(recon_mean) == pytest.approx(float(recon.mean()), rel=1e-6)
        assert float(kl_mean) == pytest.approx(float(kl.mean()), rel=1e-6)
