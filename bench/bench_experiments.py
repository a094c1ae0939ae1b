"""The experiments' numerics against what a user would run instead, like for like.

Run: ``PYTHONPATH=. python bench/bench_experiments.py [--quick] [--only em,kde,vae]``
(about 5 minutes on 2 quiet cores; ``--quick`` about 2). Prints one Markdown
table: per row probproof's time and the peer's, the ratio probproof / peer
(below 1: probproof is faster) and whether both computed the same result.

* EM (seed 000, ring mixture, Sigma = I fixed, R = 10 and R = 1): against
  scikit-learn's ``GaussianMixture`` with an M step that keeps the covariances
  at I (:func:`peers.fixed_identity_gmm`): same data, same starting means and
  weights, same tolerance on the change of the average log-likelihood, same
  max_iter. Equal: final log-likelihood and the parameters it was evaluated at.
* KDE: the bandwidth search (bounded Brent on log sigma, same bracket and
  xatol, same train / validation split) against ``KernelDensity`` driven by the
  same search; the validation curve over a geometric grid against
  ``GridSearchCV`` over the same grid (its split is ours, by
  ``PredefinedSplit``), the grid fine enough that its best sigma is within half
  a step of Brent's; the test log-likelihood at the chosen sigma against
  ``KernelDensity`` fit + ``score_samples``.
* VAE: the training loop of ``probproof run vae`` (which also records both ELBO
  terms every update and validates every 100) against a plain PyTorch loop of
  the same model (:func:`peers.plain_vae_loop`): same architecture, seed,
  batch, draws of z, Adam and lr, same thread count. Equal: the mean loss of the
  last 100 updates and the trained weights.

"warm" is the median of interleaved calls in one process (peer, probproof,
probproof, peer, ...), so that load from other processes falls on both sides
alike; each time is wall and CPU (this process, all threads), and the
ratios are given for both. "cold" is the median over 3 fresh processes
(1 with ``--quick``) of a side's first call after its imports.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Fn = Callable[[], Any]
#: A case builds its two sides: (peer, ours, check), check(peer_result, ours_result) -> text.
Sides = tuple[Fn, Fn, Callable[[Any, Any], str]]


@dataclass
class Case:
    """One row of the table: what is timed, the peer's name, how to build both sides."""

    what: str
    peer_name: str
    build: Callable[[], Sides]
    per: float = 0.0  # > 0: print ``per / time`` (updates per second) instead of a time
    repeat_scale: float = 1.0  # fewer warm calls for the slow rows
    key: str = ""

    def fmt(self, t: float) -> str:
        return f"{self.per / t:.0f} updates/s" if self.per else f"{t * 1e3:.1f} ms"


def timed(fn: Fn, number: int = 1) -> tuple[np.ndarray, Any]:
    """Mean (wall, CPU) seconds of ``number`` calls of ``fn``, and its last result.

    CPU time is this process's, all threads: unlike wall time it barely moves
    when other processes load the cores, and it counts a side's spinning threads.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(number):
        result = fn()
    return np.array([time.perf_counter() - wall, time.process_time() - cpu]) / number, result


def interleaved(peer: Fn, ours: Fn, repeat: int) -> tuple[np.ndarray, np.ndarray, Any, Any]:
    """Median warm (wall, CPU) times of ``peer`` and ``ours``, called alternately, and results.

    One untimed call each first (the warm-up). The order within a pair
    alternates, so neither side always runs right after the other's
    allocations. A sample of a call under 50 ms times as many calls as fill
    50 ms (as ``timeit`` does), so that a time slice given to another process
    weighs little.
    """
    sides: dict[str, Any] = {}
    for name, fn in (("peer", peer), ("ours", ours)):
        t, res = timed(fn)
        sides[name] = [fn, max(1, int(0.05 / t[0])), [], res]
    for i in range(repeat):
        for name in ("peer", "ours") if i % 2 == 0 else ("ours", "peer"):
            fn, number, times, _ = sides[name]
            t, sides[name][3] = timed(fn, number)
            times.append(t)
    return (np.median(sides["peer"][2], axis=0), np.median(sides["ours"][2], axis=0),
            sides["peer"][3], sides["ours"][3])


def cold(index: int, argv: list[str], runs: int) -> tuple[np.ndarray, np.ndarray]:
    """Median (wall, CPU) seconds of each side's first call in ``runs`` fresh processes.

    Imports are not timed.

    ``argv`` are this run's options, so that the child builds the same rows;
    the sides alternate which starts first, as the warm calls do.
    """
    out: dict[str, list[list[float]]] = {"peer": [], "ours": []}
    for i in range(runs):
        for side in ("peer", "ours") if i % 2 == 0 else ("ours", "peer"):
            cmd = [sys.executable, __file__, *argv, "--cold", f"{index}:{side}"]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            out[side].append(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])
    return np.median(out["peer"], axis=0), np.median(out["ours"], axis=0)


def row(what: str, peer_name: str, fmt: Callable[[float], str],
        t: tuple[np.ndarray, ...], same: str) -> tuple[str, ...]:
    """A table row from (warm peer, warm ours, cold peer, cold ours); printed as it comes.

    Each time is (wall, CPU); the cells show wall times, the ratio cell both.
    """
    mp, mo, cp, co = t
    ratio = (f"{mo[0] / mp[0]:.2f} wall, {mo[1] / mp[1]:.2f} CPU "
             f"(cold {co[0] / cp[0]:.2f}, {co[1] / cp[1]:.2f})")
    print(f"  {what}: ratio {ratio}; same result: {same}", flush=True)
    return (what, f"{fmt(mo[0])} (cold {fmt(co[0])})",
            f"{peer_name}: {fmt(mp[0])} (cold {fmt(cp[0])})", ratio, same)


def verdict(ok: bool, detail: str) -> str:
    return f"{'yes' if ok else 'NO'} ({detail})"


# --------------------------------------------------------------------- EM


def em_case(radius: float) -> Case:
    tol, max_iter = 1e-8, 2000  # those of `probproof run gmm-em`

    def build() -> Sides:
        import sklearn.mixture  # noqa: F401  (imports are not part of a call)

        from probproof.numeric.experiments.em import em_fixed_covariance, kmeans_pp
        from probproof.numeric.experiments.gmm import make_splits
        from probproof.numeric.experiments.peers import fixed_identity_gmm

        x = make_splits(0, radius=radius).train
        init = kmeans_pp(x, 10, np.random.default_rng(0))

        def check(gm: Any, em: Any) -> str:
            weights, means = gm.before_last_step_
            d_ll = abs(em.loglik[-1] - gm.lower_bound_)
            d_mu = float(np.abs(em.model.means - means).max())
            d_w = float(np.abs(em.model.weights - weights).max())
            # scikit-learn counts the iteration whose E step finds the change below tol.
            ok = d_ll <= 1e-10 and d_mu <= 1e-8 and d_w <= 1e-10 and \
                gm.n_iter_ == em.iterations + 1
            return verdict(ok, f"{em.iterations} M steps each; |d loglik| {d_ll:.0e}, "
                           f"|d means| {d_mu:.0e}, |d weights| {d_w:.0e}")

        return (lambda: fixed_identity_gmm(init, tol, max_iter).fit(x),
                lambda: em_fixed_covariance(x, init, max_iter=max_iter, tol=tol), check)

    return Case(f"EM, R = {radius:g}, Sigma = I fixed, tol {tol:g}",
                "GaussianMixture, M step keeping Sigma = I", build)


# -------------------------------------------------------------------- KDE


def kde_data() -> Any:
    from probproof.numeric.experiments.gmm import make_splits

    return make_splits(0, radius=10.0)


def kde_search_case() -> Case:
    def build() -> Sides:
        from scipy.optimize import minimize_scalar
        from sklearn.neighbors import KernelDensity

        from probproof.numeric.experiments.kde import SIGMA_BOUNDS, tune_sigma

        s = kde_data()
        bounds = (np.log(SIGMA_BOUNDS[0]), np.log(SIGMA_BOUNDS[1]))

        def peer() -> tuple[float, float, int]:
            def neg(t: float) -> float:
                kd = KernelDensity(bandwidth=float(np.exp(t))).fit(s.train)
                return -float(np.mean(kd.score_samples(s.val)))

            res = minimize_scalar(neg, bounds=bounds, method="bounded", options={"xatol": 1e-5})
            return float(np.exp(res.x)), float(-res.fun), int(res.nfev)

        def check(p: Any, o: Any) -> str:
            (sig_p, ll_p, nfev_p), (sigma, ll_o, nfev_o) = p, o
            d_sig, d_ll = abs(sigma / sig_p - 1), abs(ll_o - ll_p)
            return verdict(d_sig <= 1e-6 and d_ll <= 1e-8 and nfev_o == nfev_p,
                           f"{nfev_o} evaluations each; sigma {sigma:.5f}, rel. d sigma "
                           f"{d_sig:.0e}, |d loglik| {d_ll:.0e}")

        return peer, lambda: tune_sigma(s.train, s.val), check

    return Case("KDE sigma search, bounded Brent on log sigma", "KernelDensity, same search",
                build, key="brent")


def kde_grid(quick: bool) -> tuple[np.ndarray, float]:
    """A geometric grid over the search's bracket, and its step in log sigma."""
    from probproof.numeric.experiments.kde import SIGMA_BOUNDS

    # A log-step h puts a grid point within h/2 (a factor e^(h/2)) of any sigma.
    step = 0.1 if quick else 0.04
    lo, hi = np.log(SIGMA_BOUNDS[0]), np.log(SIGMA_BOUNDS[1])
    return np.exp(np.arange(lo, hi + step / 2, step)), step


def kde_grid_case(quick: bool) -> Case:
    grid, step = kde_grid(quick)

    def build() -> Sides:
        from sklearn.model_selection import GridSearchCV, PredefinedSplit
        from sklearn.neighbors import KernelDensity

        from probproof.numeric.experiments.kde import tune_sigma, validation_curve

        s = kde_data()
        x_all = np.concatenate([s.train, s.val])
        split = PredefinedSplit(np.r_[np.full(len(s.train), -1), np.zeros(len(s.val))])

        def peer() -> np.ndarray:
            search = GridSearchCV(KernelDensity(), {"bandwidth": grid}, cv=split, refit=False)
            # KernelDensity.score is the total log-likelihood of the held-out points.
            return search.fit(x_all).cv_results_["mean_test_score"] / len(s.val)

        def check(p: np.ndarray, o: np.ndarray) -> str:
            diff = np.abs(p - o)
            best = grid[int(np.argmax(o))]
            around = (grid >= best / 2) & (grid <= best * 2)
            sigma = tune_sigma(s.train, s.val)[0]
            near = abs(np.log(best / sigma)) <= step / 2 + 1e-12
            ok = diff[around].max() <= 1e-8 and np.argmax(p) == np.argmax(o) and near
            return verdict(bool(ok), f"same best sigma {best:.4f}, within x{np.exp(step / 2):.3f}"
                           f" of Brent's {sigma:.4f}; |d loglik| {diff[around].max():.0e} for "
                           f"sigma within x2 of it; {arbiter(s, grid[int(np.argmax(diff))])}")

        return peer, lambda: validation_curve(s.train, s.val, grid), check

    return Case(f"KDE validation curve, {grid.size}-point grid",
                "GridSearchCV, same grid and split", build, repeat_scale=1 / 3, key="grid")


def arbiter(s: Any, sigma: float) -> str:
    """Where KernelDensity and probproof differ most at ``sigma``, which one mpmath agrees with."""
    import mpmath
    from sklearn.neighbors import KernelDensity

    from probproof.numeric.experiments.kde import kde_log_pdf

    theirs = KernelDensity(bandwidth=sigma).fit(s.train).score_samples(s.val)
    mine = kde_log_pdf(s.val, s.train, sigma)
    i = int(np.argmax(np.abs(theirs - mine)))
    if abs(theirs[i] - mine[i]) <= 1e-8:
        return "the curves agree everywhere"
    with mpmath.workdps(30):
        var = mpmath.mpf(sigma) ** 2
        sq = ((s.val[i] - s.train) ** 2).sum(axis=1)
        exact = float(mpmath.log(mpmath.fsum(mpmath.exp(-mpmath.mpf(q) / (2 * var)) for q in sq)
                                 / (len(sq) * 2 * mpmath.pi * var)))
    return (f"largest gap at sigma {sigma:.3g}, validation point {i}: KernelDensity "
            f"{theirs[i]:.6g}, probproof {mine[i]:.6g}, mpmath at 30 digits {exact:.6g}")


def kde_test_case() -> Case:
    def build() -> Sides:
        from sklearn.neighbors import KernelDensity

        from probproof.numeric.experiments.kde import kde_mean_loglik, tune_sigma

        s = kde_data()
        sigma = tune_sigma(s.train, s.val)[0]

        def peer() -> float:
            kd = KernelDensity(bandwidth=sigma).fit(s.train)
            return float(np.mean(kd.score_samples(s.test)))

        def check(p: float, o: float) -> str:
            return verdict(abs(p - o) <= 1e-8, f"sigma {sigma:.5f}: {o:.6f}, |d| {abs(p - o):.0e}")

        return peer, lambda: kde_mean_loglik(s.test, s.train, sigma), check

    return Case("KDE test log-likelihood at one sigma", "KernelDensity fit + score_samples",
                build)


# -------------------------------------------------------------------- VAE


def vae_case(dev: str, label: str, quick: bool) -> Case:
    updates = 300 if quick else 1000

    def build() -> Sides:
        import torch

        # Creating any torch optimizer first imports torch._dynamo (seconds): an
        # import that both sides would pay alike, not part of a cold call.
        import torch._dynamo

        from probproof.numeric.experiments.digits import sklearn_digits
        from probproof.numeric.experiments.nets import VAE
        from probproof.numeric.experiments.peers import plain_vae_loop
        from probproof.numeric.experiments.vae import fit_vae

        rng = np.random.default_rng(0)
        if label.startswith("8x8"):
            data = sklearn_digits(rng).x_train
        else:
            # The seed's 14x14 MNIST size, with random binary images: the speed
            # does not depend on the pixels.
            data = (rng.random((10000, 196)) < 0.2).astype(np.float32)
        x = torch.as_tensor(data, device=dev)
        x_val = x[:100]

        def synced(fn: Fn) -> Fn:
            def call() -> Any:
                out = fn()
                if dev == "cuda":
                    torch.cuda.synchronize()
                return out
            return call

        def ours() -> tuple[Any, list[float]]:
            torch.manual_seed(0)
            model = VAE(x.shape[1], 128, 8).to(dev)
            curves = fit_vae(model, x, x_val, updates,
                             eval_generator=torch.Generator(device=dev).manual_seed(0))
            return list(model.parameters()), [k - r for r, k in
                                              zip(curves["recon"], curves["kl"], strict=True)]

        def check(p: Any, o: Any) -> str:
            (p_par, p_loss), (o_par, o_loss) = p, o
            tail_p, tail_o = float(np.mean(p_loss[-100:])), float(np.mean(o_loss[-100:]))
            d_rel = abs(tail_o - tail_p) / abs(tail_p)
            d_w = max(float((a - b).detach().abs().max()) for a, b in zip(p_par, o_par,
                                                                          strict=True))
            return verdict(d_rel <= 1e-5 and d_w <= 1e-4,
                           f"loss of the last 100 updates {tail_o:.4f}, rel. d {d_rel:.0e}; "
                           f"|d weights| {d_w:.0e} (float32)")

        return synced(lambda: plain_vae_loop(x, updates, seed=0)), synced(ours), check

    return Case(f"VAE training, {dev}, {label}, {updates} updates", "plain PyTorch loop", build,
                per=updates, repeat_scale=0.5)


def cases(only: set[str], quick: bool) -> list[Case]:
    """Every row, in the table's order (the same list in the parent and in each cold run)."""
    out = []
    if "em" in only:
        out += [em_case(10.0), em_case(1.0)]
    if "kde" in only:
        out += [kde_search_case(), kde_grid_case(quick), kde_test_case()]
    if "vae" in only:
        import torch

        for dev in ["cpu"] + (["cuda"] if torch.cuda.is_available() else []):
            out += [vae_case(dev, label, quick) for label in ("8x8 digits", "14x14 (MNIST size)")]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, coarser grid")
    parser.add_argument("--only", default="em,kde,vae", help="comma-separated: em, kde, vae")
    parser.add_argument("--repeat", type=int, default=None,
                        help="warm calls per side (default 9, quick 3)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads, both sides (default 1, as `probproof run --quick`)")
    parser.add_argument("--cold", default=None, help=argparse.SUPPRESS)  # INDEX:SIDE, internal
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 9)
    only = set(args.only.split(","))

    import torch

    torch.set_num_threads(args.threads)
    table = cases(only, args.quick)
    if args.cold is not None:
        index, side = args.cold.split(":")
        peer, ours, _ = table[int(index)].build()
        seconds, _ = timed(peer if side == "peer" else ours)
        print(json.dumps({"seconds": seconds.tolist()}))
        return

    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at start; torch threads "
          f"{torch.get_num_threads()}; warm = median of {repeat} interleaved calls", flush=True)
    rows, times, checks = [], {}, {}
    passed = list(argv if argv is not None else sys.argv[1:])
    for index, case in enumerate(table):
        peer, ours, check = case.build()
        n = max(1, round(repeat * case.repeat_scale))
        mp, mo, res_p, res_o = interleaved(peer, ours, n)
        cold_p, cold_o = cold(index, passed, 1 if args.quick else 3)
        times[case.key], checks[case.key] = (mp, mo, cold_p, cold_o), check(res_p, res_o)
        rows.append(row(case.what, case.peer_name, case.fmt, times[case.key], checks[case.key]))
    if "brent" in times and "grid" in times:
        # Brent's search against the grid search that reaches the same sigma.
        mp, _, cp, _ = times["grid"]
        _, mo, _, co = times["brent"]
        grid_case = next(c for c in table if c.key == "grid")
        rows.append(row("KDE search to the same sigma: Brent",
                        f"GridSearchCV, {grid_case.what.split(', ')[1]}", grid_case.fmt,
                        (mp, mo, cp, co), checks["grid"].split(";")[0] + ")"))
    if not torch.cuda.is_available() and "vae" in only:
        print("  (torch sees no GPU: no CUDA rows)")
    print(f"\nload {os.getloadavg()[0]:.2f} at the end (1-minute averages)\n")
    print("| what | probproof, warm (cold) | peer, warm (cold) | ratio probproof / peer, warm "
          "(cold) | same result? |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
