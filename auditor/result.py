"""The outcome of auditing one document, as every report format consumes it."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.types import Check, Fact, Finding, Source


@dataclass(frozen=True)
class DocumentResult:
    """Findings, checks and facts of one document, or the error that stopped it.

    ``source`` is None when the file could not be read (``error`` then holds
    ``(code, message)``).
    """

    path: str
    format: str
    sha256: str
    source: Source | None
    findings: tuple[Finding, ...] = ()
    checks: tuple[Check, ...] = ()
    facts: tuple[Fact, ...] = ()
    error: tuple[str, str] | None = None
    seconds: float = 0.0

    @property
    def status(self) -> str:
        """``"ok"`` or ``"error"``."""
        return "error" if self.error else "ok"

    @property
    def chars(self) -> int:
        """Number of characters of the document text."""
        return len(self.source.text) if self.source else 0
