"""Executors: where the per-document audit runs (this machine or a Dask cluster).

Every executor takes the same per-document function and a stream of paths and yields one
:class:`~auditor.result.DocumentResult` per path as soon as it is ready, in completion
order; whatever goes wrong with a file (an exception, a crash, a time-out, a lost worker)
becomes that file's AU0xx error entry, and the batch always finishes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from auditor.result import DocumentResult

AuditOne = Callable[[Path], DocumentResult]


class Executor(Protocol):
    """Runs ``audit_one`` over files, yielding one result per file.

    Used as a context manager: entering starts what the executor needs (a cluster, a
    connection) and may raise :class:`ExecutorUnavailable`; leaving stops it.
    """

    def __enter__(self) -> Executor:
        """Start."""

    def __exit__(self, *exc: object) -> None:
        """Stop."""

    def run(self, audit_one: AuditOne, files: Iterable[Path]) -> Iterator[DocumentResult]:
        """Audit every file; results in completion order."""


class ExecutorUnavailable(Exception):
    """The executor cannot start (no Dask, an unreachable scheduler); the message is Chinese."""


def error_result(path: Path, code: str, message: str, seconds: float = 0.0) -> DocumentResult:
    """The document entry of a file that could not be audited."""
    fmt = path.suffix.lower().lstrip(".") or "unknown"
    return DocumentResult(str(path), fmt, "", None, error=(code, message), seconds=seconds)


def relocate(result: DocumentResult, path: Path | str) -> DocumentResult:
    """A result computed for the same content under another name, as if read from ``path``."""
    name = str(path)
    if result.path == name:
        return result
    source = None if result.source is None else replace(result.source, path=name)
    return replace(result, path=name, source=source)
