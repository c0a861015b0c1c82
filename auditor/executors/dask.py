"""The Dask executor: documents audited on a ``dask.distributed`` cluster, results streamed back.

``--executor dask`` starts a cluster on this machine (``--jobs`` worker processes);
``--scheduler tcp://host:8786`` uses a running one. The task is the same per-document
function a local scan runs (:func:`auditor.executors.remote.audit_task`); results come back
as JSON text and go to the same report writers. At most a few documents per worker thread
are in flight, so memory stays flat however large the batch.

A worker that dies loses only its in-flight documents: each is submitted once more, and a
document whose second attempt is lost too becomes an AU009 entry. The batch always
finishes. Installed with the optional extra ``report-auditor[cluster]``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.executors import AuditOne, ExecutorUnavailable, error_result
from auditor.executors.cache import file_digest
from auditor.executors.codec import CodecError, decode_result
from auditor.executors.local import _audit_safely
from auditor.executors.remote import NEED_BYTES, audit_task
from auditor.result import DocumentResult

INSTALL_HINT = "使用 --executor dask 或 --scheduler 需要安装 Dask：pip install 'report-auditor[cluster]'"
ATTEMPTS = 2  # the first run and one retry after a lost worker
IN_FLIGHT_PER_THREAD = 2
_QUIET_LOGGERS = ("distributed", "tornado")


def dask_missing() -> str | None:
    """The install hint when ``dask.distributed`` is not importable, else ``None``."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    return None


@dataclass
class _Task:
    path: Path
    digest: str
    payload: bytes | None = None
    attempts: int = 0


class DaskExecutor:
    """Audit on a Dask cluster: a new local one, or the one at ``scheduler``.

    ``send_bytes`` sends every file's content instead of letting workers read the path
    (they ask for the content anyway when they cannot see the same file).
    """

    CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler and see a worker

    def __init__(self, scheduler: str | None = None, *, workers: int = 1,
                 time_limit: float | None = None, send_bytes: bool = False) -> None:
        self.scheduler = scheduler
        self.workers = max(1, workers)
        self.time_limit = time_limit
        self.send_bytes = send_bytes
        self.client: Any = None
        self.retried = 0  # documents submitted again after their worker was lost
        self._cluster: Any = None
        self._config: Any = None
        self._log_levels: dict[str, int] = {}

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> DaskExecutor:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Connect to the scheduler, or start a cluster on this machine."""
        if self.client is not None:
            return
        if (missing := dask_missing()) is not None:
            raise ExecutorUnavailable(missing)
        import dask
        from distributed import Client, LocalCluster

        for name in _QUIET_LOGGERS:  # a lost worker is reported per document, not as a log
            logger = logging.getLogger(name)
            self._log_levels[name] = logger.level
            logger.setLevel(logging.CRITICAL)
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=self.CONNECT_TIMEOUT,
                                     set_as_default=False)
                self.client.wait_for_workers(1, timeout=self.CONNECT_TIMEOUT)
            else:
                # Non-daemonic workers may start the child process that enforces the time
                # limit; a lost document is retried by us, not by the scheduler; a worker
                # holds only the documents it is auditing (none queued behind them), so
                # one that dies loses nothing else.
                self._config = dask.config.set({"distributed.worker.daemon": False,
                                                "distributed.scheduler.allowed-failures": 0,
                                                "distributed.scheduler.worker-saturation": 1.0})
                self._config.__enter__()
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL,
                )
                self.client = Client(self._cluster, set_as_default=False)
        except Exception as exc:
            self.close()
            where = self.scheduler or "本机"
            raise ExecutorUnavailable(f"无法连接或启动 Dask 集群（{where}）：{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        """Disconnect, and stop the cluster this executor started."""
        for closing in (self.client, self._cluster):
            if closing is not None:
                with contextlib.suppress(Exception):
                    closing.close()
        self.client = self._cluster = None
        if self._config is not None:
            self._config.__exit__(None, None, None)
            self._config = None
        for name, level in self._log_levels.items():
            logging.getLogger(name).setLevel(level)
        self._log_levels.clear()

    # ------------------------------------------------------------------ running

    def run(self, audit_one: AuditOne, files: Iterable[Path]) -> Iterator[DocumentResult]:
        """Audit every file on the cluster; results in completion order."""
        self.start()
        from distributed import as_completed

        client = self.client
        queue: Any = None
        fresh: list[Any] = []  # submitted before the completion queue exists
        tasks: dict[str, _Task] = {}
        pending = iter(files)
        window = self._window()
        checked = time.monotonic()

        def submit(task: _Task) -> None:
            task.attempts += 1
            key = f"auditor-{uuid.uuid4().hex}"
            future = client.submit(audit_task, audit_one, str(task.path), task.digest, task.payload,
                                   self.time_limit, key=key, pure=False, retries=0)
            tasks[key] = task
            if queue is None:
                fresh.append(future)
            else:
                queue.add(future)

        def fill() -> Iterator[DocumentResult]:
            while len(tasks) < window:
                path = next(pending, None)
                if path is None:
                    return
                digest = file_digest(path)
                if digest is None:
                    # Unreadable here: the local reader says why (AU001), no worker needed.
                    yield _audit_safely(audit_one, path)
                    continue
                task = _Task(path, digest)
                if self.send_bytes:
                    task.payload = _read(path)
                submit(task)

        try:
            yield from fill()
            if not fresh:
                return
            queue = as_completed(fresh, loop=client.loop, with_results=False)
            fresh.clear()
            for future in queue:
                task = tasks.pop(future.key)
                outcome = self._outcome(future, task)
                future.release()
                if outcome is None:  # lost worker (retry) or the worker cannot see the file
                    submit(task)
                else:
                    yield outcome
                if time.monotonic() - checked > 5:
                    window, checked = self._window(), time.monotonic()
                yield from fill()
        finally:
            for key in list(tasks):
                with contextlib.suppress(Exception):
                    client.cancel(key)

    def _outcome(self, future: Any, task: _Task) -> DocumentResult | None:
        """The document's result, or ``None`` when it must be submitted again."""
        try:
            text = future.result()
        except Exception as exc:
            if task.attempts < ATTEMPTS:
                self.retried += 1
                return None
            return error_result(task.path, "AU009",
                                f"处理该文件的 Dask 工作进程两次意外退出或失联（{type(exc).__name__}），已跳过该文件")
        if text == NEED_BYTES:
            if task.payload is not None:
                return error_result(task.path, "AU009", "Dask 工作进程无法读取发送给它的文件内容")
            task.payload = _read(task.path)
            if task.payload is None:
                return error_result(task.path, "AU001", "文件在发送给 Dask 工作进程前无法读取")
            task.attempts -= 1  # asking for the content is not a failed attempt
            return None
        try:
            return decode_result(json.loads(text))
        except (CodecError, ValueError, TypeError) as exc:
            return error_result(task.path, "AU009", f"无法解读 Dask 工作进程传回的结果：{exc}")

    def _window(self) -> int:
        try:
            threads = sum(self.client.nthreads().values())
        except Exception:
            threads = self.workers
        return max(1, threads) * IN_FLIGHT_PER_THREAD


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
