"""Run checks in forked worker processes with a hard wall-clock and memory limit.

SymPy and quadrature can take unbounded time on adversarial input, and no
in-process timer can stop C code; a worker process can always be killed. Where
``fork`` is unavailable the work runs in-process under the engine's own alarm.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

#: Address-space limit of a worker (bytes): an input cannot exhaust the machine.
MEMORY_LIMIT = 6 * 1024**3


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


def _child(conn: Connection, fn: Callable[..., Any], args: tuple) -> None:
    _limit_memory()
    _one_torch_thread()
    try:
        conn.send(("ok", fn(*args)))
    except MemoryError:
        conn.send(("fail", "memory limit reached"))
    except BaseException as exc:  # report, never hang the parent
        conn.send(("fail", f"internal error: {type(exc).__name__}: {exc}\n"
                           f"{traceback.format_exc(limit=3)}"))
    finally:
        conn.close()


def fork_available() -> bool:
    return "fork" in mp.get_all_start_methods() and os.name == "posix"


def run_many(tasks: Sequence[tuple[Callable[..., Any], tuple]], timeout: float,
             jobs: int = 1, on_done: Callable[[int, Any], None] | None = None) -> list[Any]:
    """Run ``fn(*args)`` for each task in forked workers, ``jobs`` at a time.

    Each result is the function's return value or a :class:`WorkerFailed`;
    ``on_done(i, result)`` is called as each task ``i`` finishes.
    """
    if on_done is None:
        def on_done(i: int, result: Any) -> None:
            return None

    if not fork_available():
        out: list[Any] = []
        for fn, args in tasks:
            try:
                out.append(fn(*args))
            except Exception as exc:
                out.append(WorkerFailed(f"internal error: {type(exc).__name__}: {exc}"))
            on_done(len(out) - 1, out[-1])
        return out
    ctx = mp.get_context("fork")
    results: list[Any] = [None] * len(tasks)
    pending = list(enumerate(tasks))
    running: dict[Connection, tuple[int, Any, float]] = {}  # conn -> (task, process, start)
    while pending or running:
        while pending and len(running) < max(1, jobs):
            i, (fn, args) = pending.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
            proc.start()
            child.close()
            running[parent] = (i, proc, time.monotonic())
        now = time.monotonic()
        next_deadline = min(start for _, _, start in running.values()) + timeout
        ready = wait(list(running), timeout=max(0.0, next_deadline - now))
        for conn in ready:
            i, proc, start = running.pop(conn)  # type: ignore[index]
            elapsed = time.monotonic() - start
            try:
                kind, payload = conn.recv()
                results[i] = payload if kind == "ok" else WorkerFailed(payload, elapsed)
            except (EOFError, OSError):
                results[i] = WorkerFailed("the worker died (memory limit or crash)", elapsed)
            conn.close()
            proc.join(timeout=5)
            on_done(i, results[i])
        now = time.monotonic()
        for conn, (i, proc, start) in list(running.items()):
            if now >= start + timeout:
                proc.kill()
                proc.join(timeout=5)
                conn.close()
                running.pop(conn)
                results[i] = WorkerFailed(f"time limit of {timeout:g} s reached", now - start)
                on_done(i, results[i])
    return results


def run_one(fn: Callable[..., Any], args: tuple, timeout: float) -> Any:
    """Run one task in a worker; returns its result or a :class:`WorkerFailed`."""
    return run_many([(fn, args)], timeout, jobs=1)[0]
