"""The local executor: documents audited in this process or in worker processes.

Long-lived worker processes each audit one file at a time; a file running past the time
limit has its worker killed (AU006), a worker that dies yields AU009 for its file only,
and the batch goes on with a fresh worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from auditor.executors import AuditOne, error_result
from auditor.result import DocumentResult


@dataclass(frozen=True)
class LocalExecutor:
    """``jobs`` worker processes (or this process when ``jobs == 1`` and no time limit)."""

    jobs: int = 1
    time_limit: float | None = None
    #: run in this process before the first worker is forked (see auditor.job.warm_up)
    warm: Callable[[], None] | None = None

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, audit_one: AuditOne, files: Iterable[Path]) -> Iterator[DocumentResult]:
        """See :func:`audit_batch`."""
        return audit_batch(files, audit_one, jobs=self.jobs, time_limit=self.time_limit, warm=self.warm)


def audit_batch(
    files: Iterable[Path],
    audit_one: AuditOne,
    *,
    jobs: int = 1,
    time_limit: float | None = None,
    warm: Callable[[], None] | None = None,
) -> Iterator[DocumentResult]:
    """Audit files and yield one result per file as soon as it is ready.

    With ``jobs == 1`` and no ``time_limit`` the files are audited in this process, in
    order. Otherwise each file runs in a worker process (``audit_one`` must be a picklable
    top-level function); a file running longer than ``time_limit`` seconds has its worker
    killed and yields an AU006 entry; a worker that dies yields AU009. Results then come
    in completion order. Any exception from ``audit_one`` becomes an AU009 entry, so the
    batch always finishes. ``warm`` runs here before the first worker is forked when
    several workers will share it (never with another start method, whose workers would
    not inherit it): one worker loads only what its documents need.
    """
    if jobs <= 1 and time_limit is None:
        for path in files:
            yield _audit_safely(audit_one, path)
        return
    files = list(files)
    shared = jobs > 1 and len(files) > 1
    yield from _WorkerPool(audit_one, max(1, jobs), time_limit, warm=warm if shared else None).run(files)


def _audit_safely(audit_one: AuditOne, path: Path) -> DocumentResult:
    started = time.perf_counter()
    try:
        return audit_one(path)
    except Exception as exc:
        return error_result(
            path, "AU009", f"处理该文件时发生内部错误：{type(exc).__name__}: {exc}",
            time.perf_counter() - started,
        )


def _worker_loop(audit_one: AuditOne, connection: Connection) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers and keeps finished outputs.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            path = connection.recv()
        except EOFError:
            return
        if path is None:
            return
        result = _audit_safely(audit_one, path)
        try:
            try:
                connection.send(result)
            except (BrokenPipeError, ConnectionError):
                return  # the parent is gone
            except Exception as exc:
                connection.send(error_result(path, "AU009", f"无法传回处理结果：{type(exc).__name__}"))
        except OSError:
            return


@dataclass
class _Worker:
    process: Any
    connection: Connection
    path: Path | None = None
    started: float = 0.0


class _WorkerPool:
    """Long-lived worker processes; a stuck or crashed one is replaced, its file reported."""

    def __init__(self, audit_one: AuditOne, jobs: int, time_limit: float | None,
                 context: Any = None, warm: Callable[[], None] | None = None) -> None:
        self.audit_one = audit_one
        self.jobs = jobs
        self.time_limit = time_limit
        self.context = context or multiprocessing.get_context()
        self.workers: list[_Worker] = []
        self.warm = warm if self.context.get_start_method() == "fork" else None

    def run(self, files: Iterable[Path]) -> Iterator[DocumentResult]:
        pending = iter(files)
        exhausted = False
        try:
            while True:
                while not exhausted and len(self._busy()) < self.jobs:
                    path = next(pending, None)
                    if path is None:
                        exhausted = True
                        break
                    self._assign(path)
                busy = self._busy()
                if not busy:
                    return
                yield from self._collect(busy)
        finally:
            self._shutdown()

    def _busy(self) -> list[_Worker]:
        return [worker for worker in self.workers if worker.path is not None]

    def _assign(self, path: Path) -> None:
        idle = next((worker for worker in self.workers if worker.path is None), None)
        if idle is None:
            idle = self._spawn()
        idle.path = path
        idle.started = time.monotonic()
        idle.connection.send(path)

    def _spawn(self) -> _Worker:
        if self.warm is not None:
            warm, self.warm = self.warm, None
            with contextlib.suppress(Exception):  # a cold worker is slower, not wrong
                warm()
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(
            target=_worker_loop, args=(self.audit_one, child_end), daemon=True
        )
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        self.workers.append(worker)
        return worker

    def _collect(self, busy: list[_Worker]) -> Iterator[DocumentResult]:
        timeout = None
        if self.time_limit is not None:
            now = time.monotonic()
            timeout = max(0.0, min(w.started + self.time_limit for w in busy) - now)
        ready = wait([worker.connection for worker in busy], timeout)
        for worker in busy:
            assert worker.path is not None
            path = worker.path
            elapsed = time.monotonic() - worker.started
            if worker.connection in ready:
                try:
                    result = worker.connection.recv()
                except (EOFError, OSError):
                    self._replace(worker)
                    yield error_result(
                        path, "AU009", "处理该文件的进程意外退出（可能内存不足或解析器崩溃）",
                        elapsed,
                    )
                    continue
                worker.path = None
                yield result
            elif self.time_limit is not None and elapsed >= self.time_limit:
                self._replace(worker)
                yield error_result(
                    path, "AU006", f"处理超过 {self.time_limit:g} 秒的时间上限，已跳过该文件",
                    elapsed,
                )

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        self.workers.remove(worker)

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.connection.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)

    def _shutdown(self) -> None:
        for worker in self.workers:
            if worker.path is None:
                with contextlib.suppress(OSError, BrokenPipeError):
                    worker.connection.send(None)
        for worker in self.workers:
            if worker.path is None:
                worker.process.join(timeout=2)
            self._stop(worker)
        self.workers.clear()


class ChildAuditor:
    """One worker process kept across calls, for a caller that audits one file at a time.

    A Dask worker thread uses it so that the time limit and crash isolation of the local
    executor hold on a cluster too. ``spawn`` by default: forking a multi-threaded process
    (a Dask worker) can copy a held lock into the child.
    """

    def __init__(self, audit_one: AuditOne, time_limit: float | None, start_method: str = "spawn") -> None:
        self.audit_one = audit_one
        self.time_limit = time_limit
        self._pool = _WorkerPool(audit_one, 1, time_limit, multiprocessing.get_context(start_method))

    def audit(self, path: Path) -> DocumentResult:
        """The result of ``path`` (AU006 past the time limit, AU009 if the process dies)."""
        self._pool._assign(path)
        while True:
            for result in self._pool._collect(self._pool._busy()):
                return result

    def close(self) -> None:
        """Stop the worker process."""
        self._pool._shutdown()
