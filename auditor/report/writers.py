"""The interface every streaming report writer offers, and an adapter for whole-batch formats."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from auditor.result import DocumentResult


class ReportWriter(Protocol):
    """Receives documents as they finish; writes its file(s) on :meth:`finish`."""

    def add(self, result: DocumentResult) -> object:
        """Take one finished document."""

    def finish(self, *, settings: Mapping[str, str], started: datetime, elapsed: float) -> Path:
        """Write the output and return its path."""


class CollectingWriter:
    """Adapts a ``write(results, path)`` function (CSV, SARIF) to :class:`ReportWriter`.

    Documents are kept without their source text (findings carry their own span text), so
    memory grows with the number of findings, not with the size of the documents.
    """

    def __init__(self, path: Path, write: Callable[[Iterable[DocumentResult], Path], None]) -> None:
        self.path = path
        self._write = write
        self._results: list[DocumentResult] = []

    def add(self, result: DocumentResult) -> None:
        """Keep the findings of one document."""
        self._results.append(replace(result, source=None, facts=(), checks=()))

    def finish(self, *, settings: Mapping[str, str], started: datetime, elapsed: float) -> Path:
        """Write the whole file atomically."""
        self._write(self._results, self.path)
        return self.path
