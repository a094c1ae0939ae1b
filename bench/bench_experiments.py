"""Side-by-side timings of the experiments' numerics against scikit-learn.

Run: ``PYTHONPATH=. python bench/bench_experiments.py`` (under 2 minutes on CPU).

* EM: probproof's EM (weights and means, covariance fixed at I) against
  ``sklearn.mixture.GaussianMixture``. scikit-learn cannot hold a covariance
  fixed, so the peer is ``covariance_type="spherical"`` (one free variance per
  component, more work per step); both start from the same means, weights and
  unit variances, and use the same tolerance (change of the average
  log-likelihood per point) and max_iter.
* KDE: the bandwidth search (bounded Brent on log sigma) with probproof's
  logsumexp KDE against the same search scoring with
  ``sklearn.neighbors.KernelDensity``.
* VAE: weight updates per second of the seed-001 VAE (minibatch 100, 2 draws
  of z) on CPU, and on the GPU when torch sees one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar


def best_time(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Smallest wall time over ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_em() -> None:
    from sklearn.mixture import GaussianMixture

    from probproof.numeric.experiments.em import em_fixed_covariance, kmeans_pp
    from probproof.numeric.experiments.gmm import make_splits

    tol, max_iter = 1e-6, 1000
    print(f"EM, K = 10, n = 1000, tol {tol:g} on the average log-likelihood, "
          f"max_iter {max_iter}; sklearn peer: GaussianMixture(covariance_type='spherical')")
    for radius in (10.0, 1.0):
        x = make_splits(0, radius=radius).train
        init = kmeans_pp(x, 10, np.random.default_rng(0))
        t_pp, ours = best_time(lambda x=x, init=init: em_fixed_covariance(
            x, init, max_iter=max_iter, tol=tol))

        def peer(x: np.ndarray = x, init: np.ndarray = init) -> Any:
            return GaussianMixture(
                n_components=10, covariance_type="spherical", tol=tol, max_iter=max_iter,
                means_init=init, weights_init=np.full(10, 0.1), precisions_init=np.ones(10),
                n_init=1, random_state=0,
            ).fit(x)

        t_sk, gm = best_time(peer)
        print(f"  R = {radius:>4g}: probproof {t_pp * 1e3:8.2f} ms ({ours.iterations} it, "
              f"loglik {ours.loglik[-1]:.4f}) | sklearn {t_sk * 1e3:8.2f} ms "
              f"({gm.n_iter_} it, loglik {gm.score(x):.4f}) | sklearn/probproof "
              f"{t_sk / t_pp:5.2f}")


def bench_kde() -> None:
    from sklearn.neighbors import KernelDensity

    from probproof.numeric.experiments.gmm import make_splits
    from probproof.numeric.experiments.kde import SIGMA_BOUNDS, kde_mean_loglik, tune_sigma

    s = make_splits(0, radius=10.0)
    bounds = (np.log(SIGMA_BOUNDS[0]), np.log(SIGMA_BOUNDS[1]))

    def peer() -> float:
        def neg(t: float) -> float:
            kd = KernelDensity(bandwidth=float(np.exp(t))).fit(s.train)
            return -float(np.mean(kd.score_samples(s.val)))

        res = minimize_scalar(neg, bounds=bounds, method="bounded", options={"xatol": 1e-5})
        return float(np.exp(res.x))

    t_pp, (sigma, _, nfev) = best_time(lambda: tune_sigma(s.train, s.val), repeat=3)
    t_sk, sigma_sk = best_time(peer, repeat=3)
    t1_pp, _ = best_time(lambda: kde_mean_loglik(s.test, s.train, sigma))
    print(f"KDE bandwidth search, n = 1000 train / 1000 validation, {nfev} evaluations")
    print(f"  probproof {t_pp * 1e3:8.1f} ms (sigma {sigma:.5f}) | sklearn KernelDensity "
          f"{t_sk * 1e3:8.1f} ms (sigma {sigma_sk:.5f}) | sklearn/probproof {t_sk / t_pp:5.2f}")
    print(f"  one test log-likelihood evaluation: {t1_pp * 1e3:.1f} ms")


def bench_vae() -> None:
    import torch

    from probproof.numeric.device import default_device
    from probproof.numeric.experiments.context import RunContext
    from probproof.numeric.experiments.digits import sklearn_digits
    from probproof.numeric.experiments.vae import train_vae

    data = sklearn_digits(np.random.default_rng(0))
    # The seed's 14x14 MNIST size, with random binary images: the speed does
    # not depend on the pixels.
    rng = np.random.default_rng(0)
    mnist_like = type(data)(
        x_train=(rng.random((10000, 196)) < 0.2).astype(np.float32), y_train=data.y_train,
        x_val=(rng.random((100, 196)) < 0.2).astype(np.float32), y_val=data.y_val,
        x_test=data.x_test, y_test=data.y_test, side=14, dataset="random 14x14",
    )
    devices = ["cpu"] + (["cuda"] if default_device() == "cuda" else [])
    updates = 1000
    print(f"VAE training ({updates} updates, minibatch 100, 2 samples of z, validation every "
          "100 updates)")
    for dev in devices:
        for label, d in (("8x8 digits, 64 inputs", data), ("14x14, 196 inputs", mnist_like)):
            with TemporaryDirectory() as tmp:
                torch.manual_seed(0)
                ctx = RunContext(output_dir=Path(tmp), device=dev)
                train_vae(d, 50, ctx)  # warm-up (allocations, CUDA context)
                start = time.perf_counter()
                train_vae(d, updates, ctx)
                if dev == "cuda":
                    torch.cuda.synchronize()
                elapsed = time.perf_counter() - start
            print(f"  {dev:>4}, {label:<22}: {updates / elapsed:8.0f} updates/s")
    if devices == ["cpu"]:
        print("  (no GPU seen by torch: CUDA timing skipped)")


def main() -> None:
    bench_em()
    bench_kde()
    bench_vae()


if __name__ == "__main__":
    main()
