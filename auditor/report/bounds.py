"""Size bounds of the machine-readable reports: no input makes them explode.

Two limits, the same in every format:

* **Per item.** A span's text (and a related span's) is written up to
  :data:`SPAN_TEXT_CHARS` characters, with ``text_truncated`` set when cut (``start``/``end``
  still locate the whole span); at most :data:`RELATED_SPANS` related spans per item (the
  number left out in ``related_omitted``); evidence strings up to :data:`SPAN_TEXT_CHARS`
  characters and evidence lists up to :data:`RELATED_SPANS` items.
* **Per document.** Items are listed in order of importance — errors, warnings, failing
  checks, notes (info), passing checks — until the document's entries reach its budget:
  ``findings.json`` and ``findings.sarif`` ≤ 64 KiB + 1 × the document's text in UTF-8
  bytes, ``findings.csv`` ≤ 16 KiB + 1 × it. What does not fit is counted (by severity or
  status) in the document's ``omitted`` entry of ``findings.json`` (a notification in
  SARIF, a last row in CSV); the summary counts every finding.

Ordinary reports stay far below (``findings.json`` is about ¼ of the text on public
reports); the budget only bites on junk such as megabytes of generated figure sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from auditor.result import DocumentResult
from auditor.types import Check, CheckStatus, Finding, Severity

SPAN_TEXT_CHARS = 256
RELATED_SPANS = 20
BASE_BYTES = {"json": 64 * 1024, "sarif": 64 * 1024, "csv": 16 * 1024}
PER_INPUT_BYTE = {"json": 1.0, "sarif": 1.0, "csv": 1.0}

T = TypeVar("T")


def clip_text(text: str) -> tuple[str, bool]:
    """``text`` cut to :data:`SPAN_TEXT_CHARS` characters, and whether it was cut."""
    if len(text) <= SPAN_TEXT_CHARS:
        return text, False
    return text[:SPAN_TEXT_CHARS], True


def clip_related(items: Sequence[T]) -> tuple[Sequence[T], int]:
    """The first :data:`RELATED_SPANS` items, and how many were left out."""
    return items[:RELATED_SPANS], max(0, len(items) - RELATED_SPANS)


def clip_evidence(value: Any) -> Any:
    """Evidence as written out: long strings cut, long lists shortened (recursively)."""
    if isinstance(value, str):
        return clip_text(value)[0]
    if isinstance(value, dict):
        return {key: clip_evidence(item) for key, item in list(value.items())[:RELATED_SPANS]}
    if isinstance(value, list | tuple):
        return [clip_evidence(item) for item in value[:RELATED_SPANS]]
    return value


def budget(result: DocumentResult, fmt: str) -> int:
    """The bytes a document's entries may take in ``fmt`` (see the module documentation)."""
    text = result.source.text if result.source is not None else ""
    return BASE_BYTES[fmt] + int(PER_INPUT_BYTE[fmt] * len(text.encode("utf-8", "surrogatepass")))


@dataclass(frozen=True)
class Listing:
    """The findings and checks a report lists for one document, and what it leaves out."""

    findings: tuple[Finding, ...]
    checks: tuple[Check, ...]
    omitted_findings: dict[str, int] = field(default_factory=dict)
    omitted_checks: dict[str, int] = field(default_factory=dict)

    @property
    def omitted(self) -> dict[str, dict[str, int]] | None:
        """``{"findings": {severity: n}, "checks": {status: n}}``, or None when complete."""
        if not self.omitted_findings and not self.omitted_checks:
            return None
        return {"findings": dict(self.omitted_findings), "checks": dict(self.omitted_checks)}


_FINDING_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 3}


def _rank(item: Finding | Check) -> int:
    if isinstance(item, Finding):
        return _FINDING_RANK[item.severity]
    return 2 if item.status is CheckStatus.FAIL else 4


def listing(result: DocumentResult, sizes: Sequence[int], limit: int) -> Listing:
    """What fits in ``limit`` bytes, most important first.

    ``sizes`` are the written sizes of the document's findings, then of its checks, in
    the format at hand (each writer serialises its items once and passes their lengths).
    """
    findings, checks = tuple(result.findings), tuple(result.checks)
    if sum(sizes) <= limit:
        return Listing(findings, checks)
    items: list[Finding | Check] = [*findings, *checks]
    order = sorted(range(len(items)), key=lambda i: (_rank(items[i]), items[i].span.start))
    kept: set[int] = set()
    used = 0
    for index in order:
        if used + sizes[index] > limit:
            continue  # a smaller, less important item may still fit
        used += sizes[index]
        kept.add(index)
    dropped = [items[i] for i in range(len(items)) if i not in kept]
    return Listing(
        tuple(f for i, f in enumerate(findings) if i in kept),
        tuple(c for i, c in enumerate(checks, start=len(findings)) if i in kept),
        dict(Counter(f.severity.value for f in dropped if isinstance(f, Finding))),
        dict(Counter(c.status.value for c in dropped if isinstance(c, Check))),
    )


def kept_items(result: DocumentResult, rendered: Sequence[str], fmt: str) -> tuple[list[int], Listing]:
    """Indices (findings first, then checks) of the ``rendered`` items that fit ``fmt``'s budget."""
    sizes = [len(text.encode("utf-8", "surrogatepass")) for text in rendered]
    chosen = listing(result, sizes, budget(result, fmt))
    if chosen.omitted is None:
        return list(range(len(rendered))), chosen
    wanted = {id(item) for item in (*chosen.findings, *chosen.checks)}
    items = [*result.findings, *result.checks]
    return [i for i, item in enumerate(items) if id(item) in wanted], chosen
