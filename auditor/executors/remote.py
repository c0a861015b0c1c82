"""The per-document task as a Dask worker runs it (imported on the worker, not the client).

The worker reads the file from the path when it sees the same file there (same sha256 as
the client's), else it answers :data:`NEED_BYTES` and the client sends the content. The
audit itself runs in a child process kept per worker thread (:class:`ChildAuditor`), so
the per-file time limit and crash isolation are those of a local scan. The result goes
back as JSON text (:mod:`auditor.executors.codec`), never as a pickled object.
"""

from __future__ import annotations

import json
import multiprocessing
import tempfile
import threading
from pathlib import Path

from auditor.executors import AuditOne, relocate
from auditor.executors.cache import file_digest
from auditor.executors.codec import encode_result
from auditor.executors.local import ChildAuditor, _audit_safely
from auditor.result import DocumentResult

NEED_BYTES = "need-bytes"
_local = threading.local()


def audit_task(audit_one: AuditOne, path: str, digest: str | None, payload: bytes | None,
               time_limit: float | None) -> str:
    """Audit one document on a worker; the result as JSON text, or :data:`NEED_BYTES`."""
    if payload is not None:
        with tempfile.TemporaryDirectory(prefix="auditor-") as folder:
            local = Path(folder) / (Path(path).name or "document")
            local.write_bytes(payload)
            result = relocate(_audit(audit_one, local, time_limit), path)
    else:
        if digest is not None and file_digest(Path(path)) != digest:
            return NEED_BYTES
        result = _audit(audit_one, Path(path), time_limit)
    return json.dumps(encode_result(result), ensure_ascii=False)


def _audit(audit_one: AuditOne, path: Path, time_limit: float | None) -> DocumentResult:
    if time_limit is None or multiprocessing.current_process().daemon:
        # A daemonic worker may not start children (see the README): audit in this thread.
        return _audit_safely(audit_one, path)
    child: ChildAuditor | None = getattr(_local, "child", None)
    if child is None or not _same(child.audit_one, audit_one) or child.time_limit != time_limit:
        if child is not None:
            child.close()
        child = ChildAuditor(audit_one, time_limit)
        _local.child = child
    return child.audit(path)


def _same(first: AuditOne, second: AuditOne) -> bool:
    """Whether two callables do the same audit: each task unpickles its own copy of the job."""
    if first == second:
        return True
    function = getattr(first, "__func__", None)
    return (function is not None and function is getattr(second, "__func__", None)
            and getattr(first, "__self__", None) == getattr(second, "__self__", None))
