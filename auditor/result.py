"""The outcome of auditing one document, as every report format consumes it."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.types import Check, Fact, Finding, Source

FACTS_KEPT = 2000


@dataclass(frozen=True)
class DocumentResult:
    """Findings, checks and facts of one document, or the error that stopped it.

    ``source`` is None when the file could not be read (``error`` then holds
    ``(code, message)``). ``facts`` holds the first :data:`FACTS_KEPT` facts (reports show
    fewer; ``auditor extract`` lists all) and ``fact_count`` how many there are: 60,000
    facts of a dense document would cost seconds to send from a worker and be shown nowhere.
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
    fact_count: int = -1

    @property
    def facts_total(self) -> int:
        """How many facts the document has (``facts`` may hold only the first of them)."""
        return self.fact_count if self.fact_count >= 0 else len(self.facts)

    @property
    def status(self) -> str:
        """``"ok"`` or ``"error"``."""
        return "error" if self.error else "ok"

    @property
    def chars(self) -> int:
        """Number of characters of the document text."""
        return len(self.source.text) if self.source else 0
