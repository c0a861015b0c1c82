"""Finding the report files of a batch and auditing them one by one, surviving any file."""

from __future__ import annotations

import contextlib
import fnmatch
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path, PurePosixPath
from typing import Any

from auditor.result import DocumentResult

#: What a folder scan audits by default: the formats reports are delivered in. Notes and
#: READMEs (.md) beside the reports are not reports; ``--include '*.md'`` audits them anyway.
REPORT_SUFFIXES = (".txt", ".docx", ".doc", ".wps", ".pdf", ".html", ".htm")
SUPPORTED_SUFFIXES = frozenset(REPORT_SUFFIXES)

AuditOne = Callable[[Path], DocumentResult]


@dataclass(frozen=True)
class SkippedFile:
    """A file seen while walking the batch but not audited, with the reason in Chinese."""

    path: Path
    reason: str


@dataclass(frozen=True)
class FileSelection:
    """Which files of a folder are audited: ``--include`` and ``--exclude`` globs.

    A glob without ``/`` matches a file or folder name; one with ``/`` matches the path
    relative to the folder given on the command line (``*`` crosses ``/``). With no
    ``include`` the report formats are audited; an ``include`` replaces that default.
    ``exclude`` wins over everything; an excluded folder is not entered. Files named on
    the command line are always audited.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def excluded_by(self, relative: PurePosixPath) -> str | None:
        """The ``--exclude`` glob matching this path, if any."""
        return next((glob for glob in self.exclude if _matches(glob, relative)), None)

    def why_skipped(self, relative: PurePosixPath) -> str | None:
        """Why a file found in a folder is not audited, or None to audit it."""
        name = relative.name
        if name.startswith("~$"):
            return "Office 临时文件（~$ 开头），已跳过"
        if name.startswith("."):
            return "隐藏文件，已跳过"
        glob = self.excluded_by(relative)
        if glob is not None:
            return f"被 --exclude {glob} 排除"
        if self.include:
            if not any(_matches(pattern, relative) for pattern in self.include):
                return "不匹配任何 --include"
            return None
        if relative.suffix.lower() not in SUPPORTED_SUFFIXES:
            return f"不是报告格式（{relative.suffix or '无扩展名'}），已跳过"
        return None


#: The default selection: report formats, nothing excluded.
REPORTS_ONLY = FileSelection()


def _matches(glob: str, relative: PurePosixPath) -> bool:
    if "/" in glob:
        return fnmatch.fnmatchcase(relative.as_posix(), glob.strip("/"))
    return fnmatch.fnmatchcase(relative.name, glob)


def iter_report_files(
    paths: Iterable[Path], selection: FileSelection = REPORTS_ONLY
) -> Iterator[Path | SkippedFile]:
    """Yield report files under ``paths`` (recursively, sorted), and files skipped with why.

    Hidden files and folders, Office lock files (``~$…``) and files of other formats are
    skipped with a reason; symlinked folders are not followed (no loops); a folder that
    cannot be listed is reported as skipped.
    """
    for root in paths:
        if not root.is_dir():
            yield root
            continue
        unreadable: list[OSError] = []
        for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable.append):
            here = PurePosixPath(Path(folder).relative_to(root).as_posix())
            kept = []
            for name in sorted(dirnames):
                relative = here / name
                glob = selection.excluded_by(relative)
                if name.startswith("."):
                    yield SkippedFile(Path(folder) / name, "隐藏文件夹，未进入")
                elif (Path(folder) / name).is_symlink():
                    yield SkippedFile(Path(folder) / name, "指向文件夹的符号链接，未进入")
                elif glob is not None:
                    yield SkippedFile(Path(folder) / name, f"文件夹被 --exclude {glob} 排除，未进入")
                else:
                    kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                reason = selection.why_skipped(here / name)
                yield Path(folder) / name if reason is None else SkippedFile(Path(folder) / name, reason)
            while unreadable:
                error = unreadable.pop()
                yield SkippedFile(Path(error.filename or folder), "无法读取该文件夹，已跳过")
        for error in unreadable:
            yield SkippedFile(Path(error.filename or root), "无法读取该文件夹，已跳过")


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
