"""Finding the report files of a batch and auditing them one by one, surviving any file."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from auditor.result import DocumentResult

SUPPORTED_SUFFIXES = {".txt", ".md", ".text", ".docx", ".pdf", ".doc", ".wps", ".html", ".htm"}

AuditOne = Callable[[Path], DocumentResult]


@dataclass(frozen=True)
class SkippedFile:
    """A file seen while walking the batch but not audited, with the reason in Chinese."""

    path: Path
    reason: str


def iter_report_files(paths: Iterable[Path]) -> Iterator[Path | SkippedFile]:
    """Yield report files under ``paths`` (recursively, sorted), and files skipped with why.

    Hidden files and Office lock files (``~$…``) are ignored silently; symlinked folders
    are not followed (no loops); a folder that cannot be listed is reported as skipped.
    """
    for root in paths:
        if root.is_dir():
            unreadable: list[OSError] = []
            for folder, dirnames, filenames in os.walk(
                root, followlinks=False, onerror=unreadable.append
            ):
                dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
                for name in sorted(filenames):
                    yield from _classify(Path(folder) / name)
                while unreadable:
                    error = unreadable.pop()
                    yield SkippedFile(Path(error.filename or folder), "无法读取该文件夹，已跳过")
            for error in unreadable:
                yield SkippedFile(Path(error.filename or root), "无法读取该文件夹，已跳过")
        else:
            yield from _classify(root, explicit=True)


def _classify(path: Path, explicit: bool = False) -> Iterator[Path | SkippedFile]:
    name = path.name
    if not explicit and (name.startswith(".") or name.startswith("~$")):
        return
    if explicit or path.suffix.lower() in SUPPORTED_SUFFIXES:
        yield path
    else:
        yield SkippedFile(path, f"跳过不支持的文件类型：{path.suffix or '（无扩展名）'}")


def error_result(path: Path, code: str, message: str, seconds: float = 0.0) -> DocumentResult:
    """The document entry of a file that could not be audited."""
    fmt = path.suffix.lower().lstrip(".") or "unknown"
    return DocumentResult(str(path), fmt, "", None, error=(code, message), seconds=seconds)


def audit_batch(
    files: Iterable[Path],
    audit_one: AuditOne,
    *,
    jobs: int = 1,
    time_limit: float | None = None,
) -> Iterator[DocumentResult]:
    """Audit files and yield one result per file as soon as it is ready.

    With ``jobs == 1`` and no ``time_limit`` the files are audited in this process, in
    order. Otherwise each file runs in a worker process (``audit_one`` must be a picklable
    top-level function); a file running longer than ``time_limit`` seconds has its worker
    killed and yields an AU006 entry; a worker that dies yields AU009. Results then come
    in completion order. Any exception from ``audit_one`` becomes an AU009 entry, so the
    batch always finishes.
    """
    if jobs <= 1 and time_limit is None:
        for path in files:
            yield _audit_safely(audit_one, path)
        return
    yield from _WorkerPool(audit_one, max(1, jobs), time_limit).run(files)


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
            connection.send(result)
        except Exception as exc:
            connection.send(error_result(path, "AU009", f"无法传回处理结果：{type(exc).__name__}"))


@dataclass
class _Worker:
    process: Any
    connection: Connection
    path: Path | None = None
    started: float = 0.0


class _WorkerPool:
    """Long-lived worker processes; a stuck or crashed one is replaced, its file reported."""

    def __init__(self, audit_one: AuditOne, jobs: int, time_limit: float | None) -> None:
        self.audit_one = audit_one
        self.jobs = jobs
        self.time_limit = time_limit
        self.context = multiprocessing.get_context()
        self.workers: list[_Worker] = []

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
