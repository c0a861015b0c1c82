"""Baselines: accept today's findings, report only new ones later.

A baseline file records, per document path, the fingerprints of its findings (a multiset:
the same passage twice is two entries). Fingerprints come from the code, the span's text
and the evidence, never the position, so a baseline survives edits elsewhere in the file.
Document paths are stored relative to the baseline file's folder so the file works from
any working directory.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from auditor.config import ConfigError
from auditor.fsutil import write_atomic
from auditor.result import DocumentResult
from auditor.rules.base import fingerprint as compute_fingerprint
from auditor.types import Finding

BASELINE_VERSION = "1"


def finding_fingerprint(finding: Finding) -> str:
    """The finding's fingerprint, computed the rules' way when a producer left it empty."""
    return finding.fingerprint or compute_fingerprint(
        finding.code, finding.span.text, finding.evidence
    )


def document_key(path: str, base: Path) -> str:
    """How a document is named in a baseline kept in folder ``base``."""
    try:
        relative = os.path.relpath(Path(path).resolve(), base.resolve())
    except ValueError:  # another drive on Windows
        relative = str(Path(path).resolve())
    return Path(relative).as_posix()


@dataclass
class Baseline:
    """Accepted fingerprints per document key."""

    base: Path
    documents: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, result: DocumentResult) -> None:
        """Record all findings of ``result`` as accepted."""
        if result.findings:
            counts = self.documents.setdefault(document_key(result.path, self.base), Counter())
            counts.update(finding_fingerprint(finding) for finding in result.findings)

    def filter(self, result: DocumentResult) -> tuple[DocumentResult, int]:
        """``result`` without its accepted findings, and how many were hidden."""
        accepted = Counter(self.documents.get(document_key(result.path, self.base), Counter()))
        if not accepted or not result.findings:
            return result, 0
        kept = []
        for finding in result.findings:
            key = finding_fingerprint(finding)
            if accepted[key] > 0:
                accepted[key] -= 1
            else:
                kept.append(finding)
        hidden = len(result.findings) - len(kept)
        return (replace(result, findings=tuple(kept)) if hidden else result), hidden

    def to_json(self) -> dict[str, object]:
        """The file's content."""
        return {
            "schema_version": BASELINE_VERSION,
            "tool": "auditor",
            "documents": {
                key: sorted(counts.elements()) for key, counts in sorted(self.documents.items())
            },
        }


def baseline_of(results: Iterable[DocumentResult], path: Path) -> Baseline:
    """A baseline (to be saved at ``path``) accepting every finding of ``results``."""
    baseline = Baseline(Path(path).parent)
    for result in results:
        baseline.add(result)
    return baseline


def write_baseline(baseline: Baseline, path: Path) -> None:
    """Save ``baseline`` atomically as JSON."""
    write_atomic(Path(path), json.dumps(baseline.to_json(), ensure_ascii=False, indent=2) + "\n")


def read_baseline(path: Path) -> Baseline:
    """Load a baseline file; raise :class:`ConfigError` (AU010) when it is unusable."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError("基线文件不存在", path) from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        problem = error.__class__.__name__
        raise ConfigError(f"基线文件无法读取或不是 JSON（{problem}）", path) from error
    if not isinstance(data, dict) or data.get("schema_version") != BASELINE_VERSION:
        raise ConfigError(
            f"不是本工具的基线文件（需要 schema_version \"{BASELINE_VERSION}\"）", path
        )
    documents = data.get("documents")
    if not isinstance(documents, dict) or not all(
        isinstance(items, list) and all(isinstance(item, str) for item in items)
        for items in documents.values()
    ):
        raise ConfigError("基线文件的 documents 应为“路径 → 指纹列表”", path)
    return Baseline(path.parent, {str(key): Counter(items) for key, items in documents.items()})
