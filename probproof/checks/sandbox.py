"""Run checks in forked worker processes with a hard wall-clock and memory limit.

SymPy and quadrature can take unbounded time on adversarial input, and no
in-process timer can stop C code; a worker process can always be killed. Where
``fork`` is unavailable the work runs in-process under the engine's own alarm.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
import warnings
from collections import deque
from collections.abc import Callable, Collection, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from probproof.checks.limits import fewer_collections
from probproof.checks.messages import plain_reason

#: Address-space limit of a worker (bytes): an input cannot exhaust the machine.
MEMORY_LIMIT = 6 * 1024**3


class Interrupted(KeyboardInterrupt):
    """The run was interrupted (SIGINT); ``results`` holds what had finished (``None``
    for the tasks that had not)."""

    def __init__(self, results: list[Any]) -> None:
        super().__init__("interrupted")
        self.results = results


class WorkerFailed(Exception):
    """The worker ran out of time, memory, or crashed; ``reason`` says which and
    ``seconds`` how long it ran."""

    def __init__(self, reason: str, seconds: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.seconds = seconds


def _limit_memory() -> None:
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def _one_torch_thread() -> None:
    """A forked child must not enter an OpenMP parallel region: when the parent has run
    torch's thread pool, the pool's threads do not exist in the child and the first
    parallel operation waits for them for ever (libgomp is not fork-safe). One thread per
    worker is also what the workers want: ``jobs`` of them already share the cores."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def _one_blas_thread() -> None:
    """One BLAS thread per worker (threadpoolctl; about 1 ms after the first call). The
    checks' per-point limits are CPU seconds of the worker (``search``): OpenBLAS's
    threads spin while they wait for work, and on a loaded machine they burned a far
    phase's CPU budget in a few seconds of wall-clock time (a mutual information was
    undecided in a CI-like run). The workers already share the cores between them."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # without it, BLAS keeps its own threads
        return
    threadpool_limits(1)


def _private_hypothesis_home(directory: str | None) -> None:
    """Hypothesis caches what it learns under ``./.hypothesis``: a checker must not write
    into the user's folder, so a worker keeps that cache in the run's own temporary
    folder (removed when the run ends)."""
    if directory is None:
        return
    try:
        from hypothesis.configuration import set_hypothesis_home_dir
    except ImportError:  # hypothesis absent: nothing will be written
        return
    set_hypothesis_home_dir(directory)


def _outcome(fn: Callable[..., Any], args: tuple) -> tuple[str, Any]:
    try:
        return "ok", fn(*args)
    except MemoryError:
        return "fail", "memory limit reached"
    except BaseException as exc:  # report, never hang the parent
        # The first line is what users see; the traceback is kept for developers.
        return "fail", (f"internal error: {plain_reason(exc)} ({type(exc).__name__})\n"
                        f"{traceback.format_exc(limit=3)}")


def _serve(conn: Connection, tasks: Sequence[tuple[Callable[..., Any], tuple]],
           max_tasks: int, home: str | None = None) -> None:
    """A worker: run the tasks whose indexes the parent sends, until told to stop
    (``None``), the parent goes away, or ``max_tasks`` (0: no limit) are done.

    The tasks are not sent: the worker was forked with the list in its memory.
    """
    # Ctrl-C reaches the whole process group: the parent decides what an interrupt
    # means (report what finished), a worker must not turn it into a verdict.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker's stderr is the user's terminal: numpy's overflow and SciPy's integration
    # warnings are the evaluation's business (it judges its own values), not the user's.
    warnings.simplefilter("ignore")
    # What the worker inherited from its (warmed) parent is never garbage here: kept out
    # of the collector's scans, its pages are neither walked nor copied on write.
    gc.freeze()
    fewer_collections()
    _limit_memory()
    _one_torch_thread()
    _one_blas_thread()
    _private_hypothesis_home(home)
    done = 0
    try:
        while not max_tasks or done < max_tasks:
            try:
                i = conn.recv()
            except (EOFError, OSError):
                return
            if i is None:
                return
            kind, payload = _outcome(*tasks[i])
            try:
                conn.send((kind, payload))
            except Exception as exc:  # a value that cannot be pickled
                conn.send(("fail", f"internal error: the result could not be sent back: {exc}"))
            done += 1
    finally:
        conn.close()


def fork_available() -> bool:
    return "fork" in mp.get_all_start_methods() and os.name == "posix"


def check_seconds(value: float, what: str = "timeout") -> float:
    """``value`` as a finite positive number of seconds.

    Raises
    ------
    ValueError
        For ``inf``, ``nan``, zero, negative values and non-numbers: an infinite limit
        cannot be armed and a NaN one never fires.
    """
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number of seconds, got {value!r}") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{what} must be a finite positive number of seconds, got {value!r}")
    return seconds


def run_many(tasks: Sequence[tuple[Callable[..., Any], tuple]], timeout: float,
             jobs: int = 1, on_done: Callable[[int, Any], None] | None = None,
             reuse: bool = False, budget: float | None = None,
             spent: float = 0.0, warm_up: Callable[[], Any] | None = None,
             light: Collection[int] = ()) -> list[Any]:
    """Run ``fn(*args)`` for each task in forked workers, ``jobs`` at a time.

    Each result is the function's return value or a :class:`WorkerFailed`;
    ``on_done(i, result)`` is called as each task ``i`` finishes. ``timeout`` limits
    each task. Without ``reuse`` every task gets a fresh worker (nothing one task does
    can affect another: the claims of a file). With ``reuse`` a worker runs one task
    after another and keeps what it cached (SymPy's caches, imported modules); a
    worker that fails or runs out of time is replaced.

    ``budget`` (seconds) limits the whole run: when it is spent, running tasks are
    stopped and the tasks not yet started are not run; both get a :class:`WorkerFailed`
    that says so. An interrupt (SIGINT) stops the workers and raises
    :class:`Interrupted` with the results finished so far. ``spent`` (seconds) is the
    part of the budget the caller used before this call (its warm-up).

    ``warm_up`` is what the parent does once so that its workers inherit it (imports
    that take seconds: torch). One worker is forked before it, cold, and starts at once
    on a task of ``light`` (indexes of tasks that do not need the warm-up; they still run
    correctly in a cold worker, only slower): on two cores the warm-up and the first
    task then run side by side instead of one after the other. A cold worker only ever
    takes light tasks; when none is left it makes way for a warm one.
    """
    timeout = check_seconds(timeout)
    budget = math.inf if budget is None else check_seconds(budget, "budget")
    end = time.monotonic() + budget - spent
    if on_done is None:
        def on_done(i: int, result: Any) -> None:
            return None

    if not fork_available():
        if warm_up is not None:
            warm_up()
        out: list[Any] = []
        for fn, args in tasks:
            if time.monotonic() >= end:
                out.append(_over_budget(budget))
                on_done(len(out) - 1, out[-1])
                continue
            try:
                out.append(fn(*args))
            except Exception as exc:
                out.append(WorkerFailed(f"internal error: {type(exc).__name__}: {exc}"))
            on_done(len(out) - 1, out[-1])
        return out
    home = tempfile.mkdtemp(prefix="probproof-")
    try:
        return _run_forked(tasks, timeout, jobs, on_done, reuse, budget, end, home, warm_up,
                           frozenset(light))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _over_budget(budget: float, started: float | None = None) -> WorkerFailed:
    ran = 0.0 if started is None else time.monotonic() - started
    what = "stopped" if started is not None else "not run"
    return WorkerFailed(f"{what}: the time budget of {budget:g} s for the whole run was spent",
                        ran)


def _run_forked(tasks: Sequence[tuple[Callable[..., Any], tuple]], timeout: float, jobs: int,
                on_done: Callable[[int, Any], None], reuse: bool, budget: float, end: float,
                home: str, warm_up: Callable[[], Any] | None = None,
                light: frozenset[int] = frozenset()) -> list[Any]:
    ctx = mp.get_context("fork")
    results: list[Any] = [None] * len(tasks)
    pending = deque(range(len(tasks)))
    idle: list[tuple[Connection, Any]] = []
    busy: dict[Connection, tuple[int, Any, float]] = {}  # conn -> (task, process, start)

    def finish(i: int, value: Any) -> None:
        results[i] = value
        on_done(i, value)

    def start_worker() -> tuple[Connection, Any]:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, tasks, 0 if reuse else 1, home),
                           daemon=True)
        proc.start()
        child.close()
        return parent, proc

    cold: set[Connection] = set()  # workers forked before the warm-up

    def first_light() -> int | None:
        """The index in ``pending`` of the first task a cold worker may take."""
        return next((k for k, i in enumerate(pending) if i in light), None)

    def next_task(conn: Connection) -> int | None:
        """The index in ``pending`` of the task this worker should take next."""
        return 0 if conn not in cold else first_light()

    try:
        if warm_up is not None:
            first = first_light()
            if first is not None and time.monotonic() < end:
                conn, proc = start_worker()
                cold.add(conn)
                conn.send(pending[first])
                busy[conn] = (pending[first], proc, time.monotonic())
                del pending[first]
            warm_up()
        while pending or busy:
            if time.monotonic() >= end:
                for conn, (i, proc, start) in list(busy.items()):
                    busy.pop(conn)
                    _stop(conn, proc, kill=True)
                    finish(i, _over_budget(budget, start))
                while pending:
                    finish(pending.popleft(), _over_budget(budget))
                break
            while pending and len(busy) < max(1, jobs):
                conn, proc = idle.pop() if idle else start_worker()
                k = next_task(conn)
                if k is None:  # a cold worker, and only tasks that need the warm-up left
                    cold.discard(conn)
                    _stop(conn, proc)
                    continue
                try:
                    conn.send(pending[k])
                except OSError:  # an idle worker that has gone away
                    cold.discard(conn)
                    _stop(conn, proc)
                    continue
                busy[conn] = (pending[k], proc, time.monotonic())
                del pending[k]
            now = time.monotonic()
            next_deadline = min(min(start for _, _, start in busy.values()) + timeout, end)
            for conn in wait(list(busy), timeout=max(0.0, next_deadline - now)):
                i, proc, start = busy.pop(conn)  # type: ignore[index]
                elapsed = time.monotonic() - start
                try:
                    kind, payload = conn.recv()
                except (EOFError, OSError):
                    _stop(conn, proc)
                    finish(i, WorkerFailed("the worker died (memory limit or crash)", elapsed))
                    continue
                if reuse:
                    idle.append((conn, proc))
                else:
                    _stop(conn, proc)
                finish(i, payload if kind == "ok" else WorkerFailed(payload, elapsed))
            now = time.monotonic()
            for conn, (i, proc, start) in list(busy.items()):
                if now >= start + timeout:
                    busy.pop(conn)
                    _stop(conn, proc, kill=True)
                    finish(i, WorkerFailed(f"time limit of {timeout:g} s reached", now - start))
    except KeyboardInterrupt:
        raise Interrupted(results) from None
    finally:
        for conn, proc in idle:
            _stop(conn, proc)
        for conn, (_, proc, _) in busy.items():  # after an interrupt or an error in on_done
            _stop(conn, proc, kill=True)
    return results


def _stop(conn: Connection, proc: Any, kill: bool = False) -> None:
    if kill:
        proc.kill()
    else:
        with contextlib.suppress(OSError):  # it may have exited already
            conn.send(None)
    conn.close()
    proc.join(timeout=5)
    if proc.is_alive():
        proc.kill()
        proc.join(timeout=5)


def run_one(fn: Callable[..., Any], args: tuple, timeout: float) -> Any:
    """Run one task in a worker; returns its result or a :class:`WorkerFailed`."""
    return run_many([(fn, args)], timeout, jobs=1)[0]
