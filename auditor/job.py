"""One document's audit under a configuration, as a picklable callable for worker processes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from auditor.config import Config
from auditor.pipeline import audit_path
from auditor.result import DocumentResult


def rule_settings(config: Config) -> dict[str, object]:
    """The thresholds rules read from ``AnalysedDocument.settings``."""
    return {
        "grade_bands": config.grade_bands,
        "amount_bounds": config.amount_bounds,
        "lexicon": dict(config.lexicon),
    }


@dataclass(frozen=True)
class AuditJob:
    """Audit a path with the rules ``config`` enables, then apply its per-file ignores."""

    config: Config

    def __call__(self, path: Path) -> DocumentResult:
        result = audit_path(path, rule_settings(self.config), self.config.rule_enabled)
        kept = tuple(f for f in result.findings if self.config.rule_enabled(f.code, result.path))
        return result if len(kept) == len(result.findings) else replace(result, findings=kept)
