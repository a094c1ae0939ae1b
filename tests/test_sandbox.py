"""The forked workers: limits, failures, and the fork-safety of torch's thread pool."""

from __future__ import annotations

import os
import time

import pytest

from probproof.checks import sandbox

pytestmark = pytest.mark.skipif(not sandbox.fork_available(), reason="needs fork (POSIX)")


def _cholesky_sum(n: int) -> float:
    import torch

    a = torch.randn(n, n, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    return float(torch.linalg.cholesky(a @ a.T + n * torch.eye(n, dtype=torch.float64)).sum())


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def _fail() -> None:
    raise ValueError("bad input")


def test_a_worker_runs_torch_after_the_parent_used_its_thread_pool() -> None:
    import torch

    if torch.get_num_threads() < 2:
        torch.set_num_threads(2)
    expected = _cholesky_sum(600)  # the parent's OpenMP team now exists
    # Before the fix the child waited for the parent's pool threads until killed.
    assert sandbox.run_one(_cholesky_sum, (600,), timeout=60) == pytest.approx(expected)


def test_the_time_limit_kills_a_worker_and_says_so() -> None:
    start = time.monotonic()
    out = sandbox.run_one(_sleep, (30,), timeout=1)
    assert isinstance(out, sandbox.WorkerFailed) and "time limit" in out.reason
    assert time.monotonic() - start < 10


def test_an_error_in_a_worker_is_reported_and_the_others_finish() -> None:
    done: list[int] = []
    out = sandbox.run_many([(_fail, ()), (_sleep, (0,)), (os.getpid, ())], timeout=30, jobs=2,
                           on_done=lambda i, _: done.append(i))
    assert isinstance(out[0], sandbox.WorkerFailed) and "ValueError: bad input" in out[0].reason
    assert out[1] == "woke"
    assert out[2] != os.getpid()  # it ran in another process
    assert sorted(done) == [0, 1, 2]


def _die() -> None:
    os._exit(3)  # a crash: no exception, no reply


def test_reused_workers_run_tasks_one_after_another_and_are_replaced_when_they_fail() -> None:
    tasks = [(os.getpid, ()), (os.getpid, ()), (_die, ()), (os.getpid, ()), (_sleep, (30,)),
             (os.getpid, ()), (_fail, ()), (os.getpid, ())]
    out = sandbox.run_many(tasks, timeout=2, jobs=1, reuse=True)
    assert isinstance(out[2], sandbox.WorkerFailed) and "died" in out[2].reason
    assert isinstance(out[4], sandbox.WorkerFailed) and "time limit" in out[4].reason
    assert isinstance(out[6], sandbox.WorkerFailed) and "ValueError" in out[6].reason
    pids = [out[i] for i in (0, 1, 3, 5, 7)]
    assert os.getpid() not in pids
    # one worker for 0-1, a new one after the crash, another after the time limit; an
    # exception does not cost the worker
    assert pids[0] == pids[1] != pids[2] != pids[3] == pids[4]


def test_without_reuse_every_task_gets_a_fresh_worker() -> None:
    out = sandbox.run_many([(os.getpid, ())] * 4, timeout=30, jobs=1)
    assert len(set(out)) == 4


_WARMED: list[bool] = []


def _warm_up() -> None:
    time.sleep(0.5)  # long enough for the cold worker to have started its task
    _WARMED.append(True)


def _warmed(seconds: float) -> tuple[bool, int]:
    time.sleep(seconds)
    return bool(_WARMED), os.getpid()


def test_a_cold_worker_starts_light_tasks_while_the_parent_warms_up() -> None:
    _WARMED.clear()
    # Tasks 1 and 3 are light; 0, 2, 4 need the warm-up.
    tasks = [(_warmed, (0.05,)) for _ in range(5)]
    started = time.monotonic()
    out = sandbox.run_many(tasks, timeout=30, jobs=2, reuse=True, warm_up=_warm_up,
                           light=[1, 3])
    assert _WARMED == [True]  # once, in the parent
    # The first light task ran in a worker forked before the warm-up...
    assert out[1][0] is False
    # ...and every task that needs the warm-up in a worker forked after it.
    assert all(out[i][0] for i in (0, 2, 4))
    # The cold worker took the other light task too, and no heavy one.
    cold = out[1][1]
    assert out[3][1] == cold and all(out[i][1] != cold for i in (0, 2, 4))
    assert time.monotonic() - started < 10


def test_a_cold_worker_makes_way_when_only_heavy_tasks_are_left() -> None:
    _WARMED.clear()
    tasks = [(_warmed, (0.01,)), *[(_warmed, (0.2,)) for _ in range(4)]]
    out = sandbox.run_many(tasks, timeout=30, jobs=2, reuse=True, warm_up=_warm_up, light=[0])
    assert out[0][0] is False and all(o[0] for o in out[1:])
    # Both cores did the heavy work: two warm workers (the cold one stopped for the second).
    assert len({o[1] for o in out[1:]}) == 2


def _blas_threads() -> list[int]:
    import numpy  # noqa: F401  (loads OpenBLAS)
    from threadpoolctl import threadpool_info

    return [info["num_threads"] for info in threadpool_info()]


def test_a_worker_uses_one_blas_thread() -> None:
    # The per-point limits are CPU seconds of the worker: spinning BLAS threads on a
    # loaded machine burned them (a mutual information was undecided at a load of 4).
    from threadpoolctl import threadpool_limits

    with threadpool_limits(2):  # the parent's own setting stays the parent's
        assert set(sandbox.run_one(_blas_threads, (), timeout=60)) <= {1}
