"""Audit one document: read → analyse → run the selected rules → DocumentResult."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from auditor.document import AnalysedDocument
from auditor.errors import INPUT_CODES, InputProblem
from auditor.extract.extraction import Extraction, build_extraction
from auditor.ingest import read_source
from auditor.ingest.tab_tables import tab_table_cells
from auditor.result import FACTS_KEPT, DocumentResult
from auditor.rules.base import Rule
from auditor.rules.registry import all_rules
from auditor.types import Check, Finding, Severity, Source

RuleFilter = Callable[[str], bool]


def run_rules(
    doc: AnalysedDocument,
    extraction: Extraction | None = None,
    rules: Iterable[type[Rule]] | None = None,
    selected: RuleFilter | None = None,
) -> tuple[list[Finding], list[Check]]:
    """Run rules over an analysed document and its extraction (built here when not given);
    return findings (sorted by position) and checks."""
    findings: list[Finding] = []
    checks: list[Check] = []
    if extraction is None:
        extraction = build_extraction(doc)
    for rule_class in rules if rules is not None else all_rules():
        if selected is not None and not selected(rule_class.code):
            continue
        for item in rule_class().run(doc, extraction):
            if isinstance(item, Finding):
                findings.append(item)
            else:
                checks.append(item)
    findings.sort(key=lambda f: (f.span.start, f.code))
    checks.sort(key=lambda c: c.span.start)
    return findings, checks


def input_findings(doc: AnalysedDocument) -> list[Finding]:
    """Notes a reader attached to the source (e.g. AU004 encoding guessed) as findings."""
    findings = []
    for code in doc.source.notes:
        name, description = INPUT_CODES[code]
        span = doc.span(0, min(len(doc.text), 1))
        evidence: dict[str, object] = {}
        if code == "AU003" and doc.source.empty_pages:
            pages = page_ranges(doc.source.empty_pages)
            description = (f"PDF 第 {pages} 页没有文本层（疑似扫描页），这些页未审核；"
                           "其余各页照常审核")
            evidence = {"pages": pages}
        findings.append(
            Finding(code, name, Severity.INFO, description, span, evidence=evidence,
                    fingerprint=code)
        )
    return findings


def page_ranges(pages: Iterable[int]) -> str:
    """``3–5、9`` for pages 3, 4, 5 and 9."""
    runs: list[list[int]] = []
    for page in sorted(pages):
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return "、".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def audit_source(
    source: Source,
    settings: dict[str, object] | None = None,
    selected: RuleFilter | None = None,
) -> DocumentResult:
    """Audit an already-read source."""
    started = time.perf_counter()
    doc = AnalysedDocument(source, settings)
    if not source.text.strip():
        code = "AU007"
        return DocumentResult(source.path, source.format, source.sha256, source,
                              error=(code, INPUT_CODES[code][1]))
    extraction = build_extraction(doc)
    findings, checks = run_rules(doc, extraction, selected=selected)
    findings = input_findings(doc) + findings
    placed = extraction.facts.facts
    facts = tuple(p.fact for p in placed[:FACTS_KEPT])
    return DocumentResult(
        source.path, source.format, source.sha256, source,
        tuple(findings), tuple(checks), facts,
        seconds=time.perf_counter() - started, fact_count=len(placed),
    )


def audit_text(text: str, path: str = "<text>", **kwargs: object) -> DocumentResult:
    """Audit a string as if it were a UTF-8 text file (tests, fixtures)."""
    source = Source(path, "txt", text, cells=tab_table_cells(text))
    return audit_source(source, **kwargs)  # type: ignore[arg-type]


def audit_path(
    path: Path,
    settings: dict[str, object] | None = None,
    selected: RuleFilter | None = None,
) -> DocumentResult:
    """Read and audit one file; an unreadable file becomes an error result, never a raise."""
    try:
        source = read_source(path)
    except InputProblem as problem:
        return DocumentResult(str(path), _format_of(path), "", None,
                              error=(problem.code, problem.message))
    return audit_source(source, settings, selected)


def _format_of(path: Path) -> str:
    return path.suffix.lower().lstrip(".") or "unknown"
