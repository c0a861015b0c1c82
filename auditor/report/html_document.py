"""What a document page shows, computed from a :class:`DocumentResult` (no markup here
except the pre-rendered text, see :mod:`auditor.report.html_text`).

Size bound of a page: at most :data:`PART_CHARS` characters of document text, at most
:data:`TABLE_ROWS` rows in each of the checks and facts tables and :data:`LIST_FINDINGS`
cards in the findings list; a longer text is split into parts (one page each), longer tables
and lists say how many rows there are and where to find all of them (findings.json,
``auditor extract``). So a page is at most about 40 × its text in bytes and never above
roughly 12 MB, whatever the input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from auditor.locate import Locator
from auditor.report.geometry import bbox_of, finding_page
from auditor.report.html_text import build_lines, render_lines, split_parts
from auditor.report.json_report import check_status, slip_spans
from auditor.report.labels import (
    attribute_label,
    check_label,
    evidence_label,
    rule_label,
    status_label,
    value_label,
)
from auditor.report.pdf_pages import PageImage, Wanted
from auditor.result import DocumentResult
from auditor.types import Finding, Quantity, QuantityKind, Span

SEVERITIES = ("error", "warning", "info")
PART_CHARS = 200_000
TABLE_ROWS = 500
LIST_FINDINGS = 1000
_LONG_DIGITS = re.compile(r"(?<![\d.,])(\d{5,})(?=(?:\.\d+)?(?!\d))")


def group_digits(text: str) -> str:
    """``3013397 万元 ÷ 4677`` → ``3,013,397 万元 ÷ 4677``: runs of five or more integer
    digits get thousands separators (four-digit years and codes stay as written)."""
    return _LONG_DIGITS.sub(lambda match: f"{int(match.group(1)):,}", text)


def split_path(path: str) -> tuple[str, str]:
    """``("报告.pdf", "reports/2024/")`` for ``reports/2024/报告.pdf``."""
    cut = max(path.rfind("/"), path.rfind("\\")) + 1
    return path[cut:], path[:cut]


def where(span: Span) -> str:
    """A span's location in words: line, column, page, table cell."""
    parts = [f"第 {span.line:,} 行", f"第 {span.column:,} 列"]
    if span.page is not None:
        parts.append(f"第 {span.page} 页")
    if span.cell is not None:
        table, row, column = span.cell
        parts.append(f"表 {table + 1} 第 {row + 1} 行第 {column + 1} 列")
    return " · ".join(parts)


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings per severity."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def rule_help(code: str) -> str:
    """The first line of a rule's documentation (for tooltips)."""
    from auditor.errors import INPUT_CODES

    if code in INPUT_CODES:
        return INPUT_CODES[code][1]
    from auditor.rules.registry import rule_by_code

    rule = rule_by_code(code)
    return rule.summary() if rule else ""


@dataclass(frozen=True)
class Part:
    """One page of a document cut into parts: its file and its first and last line."""

    file: str
    first_line: int
    last_line: int


def ordered_findings(result: DocumentResult) -> list[Finding]:
    """Findings in text order (the order of the list and of j/k)."""
    return sorted(result.findings, key=lambda f: (f.span.start, -f.severity.rank, f.code))


def plan_parts(result: DocumentResult, findings: Sequence[Finding],
               base: str, stem: str) -> tuple[list[Any], list[Part]]:
    """The text's lines cut into parts, and each part's file name."""
    source = result.source
    if source is None:
        return [[]], [Part(base, 1, 1)]
    lines = build_lines(source.text, findings, source.page_starts)
    chunks = split_parts(lines, PART_CHARS)
    parts = []
    for number, chunk in enumerate(chunks, start=1):
        file = base if number == 1 else f"{stem}.{number}.html"
        first = chunk[0].number if chunk else 1
        last = chunk[-1].number if chunk else 1
        parts.append(Part(file, first, last))
    return chunks, parts


def _part_of_line(parts: Sequence[Part], line: int) -> str:
    for part in parts:
        if line <= part.last_line:
            return part.file
    return parts[-1].file


def document_view(result: DocumentResult, findings: Sequence[Finding], chunk: Sequence[Any],
                  parts: Sequence[Part], part_index: int,
                  images: dict[int, PageImage]) -> dict[str, Any]:
    """The template context of one page (one part) of a document."""
    part = parts[part_index]
    here = part.file
    in_part = [index for index, finding in enumerate(findings)
               if part.first_line <= finding.span.line <= part.last_line]
    shown = in_part[:LIST_FINDINGS]
    page_ids = {page: f"pv-{page}" for page in images}

    def link(line: int) -> str:
        target = _part_of_line(parts, line)
        return f"#L{line}" if target == here else f"{quote(target)}#L{line}"

    cards = [_card(index, findings[index], link, page_ids) for index in shown]
    source_html = render_lines(chunk, findings, page_ids) if result.source else Markup("")
    slips = slip_spans(findings)
    checks = sorted(result.checks, key=lambda c: (check_status(c, slips) != "fail", c.span.start))
    check_rows = [
        {
            "status": check_status(check, slips),
            "status_label": status_label(check_status(check, slips)),
            "kind": check_label(check.kind),
            "detail": group_digits(check.detail),
            "text": check.span.text,
            "where": where(check.span),
            "href": link(check.span.line),
        }
        for check in checks[:TABLE_ROWS]
    ]
    statuses = [check_status(check, slips) for check in result.checks]
    name, folder = split_path(result.path)
    return {
        "result": result,
        "name": name,
        "folder": folder,
        "counts": severity_counts(result.findings),
        "cards": cards,
        "findings_total": len(in_part),
        "findings_shown": len(shown),
        "source_html": source_html,
        "checks": check_rows,
        "checks_total": len(result.checks),
        "passed": statuses.count("pass") + statuses.count("corrected"),
        "failed": statuses.count("fail"),
        "facts": _facts(result, link) if part_index == 0 else [],
        "facts_total": result.facts_total,
        "show_tables": part_index == 0,
        "notes": result.source.notes if result.source else (),
        "encoding": result.source.encoding if result.source else "",
        "pages": len(result.source.page_starts) if result.source else 0,
        "parts": parts,
        "part_index": part_index,
        "pageviews": [_page_view(image, findings) for image in sorted(images.values(),
                                                                       key=lambda i: i.page)],
        "table_rows": TABLE_ROWS,
    }


def _card(index: int, finding: Finding, link: Any, page_ids: dict[int, str]) -> dict[str, Any]:
    page = finding_page(finding)
    return {
        "index": index,
        "finding": finding,
        "severity": finding.severity.value,
        "label": rule_label(finding.code),
        "help": rule_help(finding.code),
        "where": where(finding.span),
        "href": link(finding.span.line),
        "related": [(span, where(span)) for span in finding.related],
        "evidence": [(evidence_label(str(key)), group_digits(value_label(value)))
                     for key, value in sorted(finding.evidence.items(), key=lambda kv: str(kv[0]))
                     if not str(key).startswith("_")],
        "pageview": page_ids.get(page) if page is not None else None,
        "page": page,
    }


def _facts(result: DocumentResult, link: Any) -> list[dict[str, Any]]:
    source = result.source
    if source is None:
        return []
    locator = Locator(source)
    rows = []
    length = len(source.text)
    for fact in result.facts[:TABLE_ROWS]:
        quantity = fact.quantity
        start = max(0, min(quantity.start, length))
        span = locator.span(start, max(start, min(quantity.end, length)))
        rows.append({
            "scope": fact.scope,
            "attribute": attribute_label(fact.attribute),
            "text": quantity.qualifier + quantity.text,
            "value": base_value(quantity),
            "unit": quantity.unit,
            "where": where(span),
            "href": link(span.line),
        })
    return rows


def base_value(quantity: Quantity) -> str:
    """The value in its base unit with digit grouping, e.g. ``200,000 元`` for ``20.00 万元``."""
    value = quantity.value.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    text = f"{value:,f}"
    if quantity.kind == QuantityKind.MONEY:
        return f"{text} 元"
    if quantity.kind == QuantityKind.PERCENT:
        return f"{text}%"
    return text


def boxes_to_find(result: DocumentResult, findings: Sequence[Finding]) -> dict[int, list[Wanted]]:
    """PDF page → findings on it without a box of their own, with which occurrence of their
    text on the page each is (so the report can find it among the page's characters)."""
    source = result.source
    if source is None or not source.page_starts:
        return {}
    wanted: dict[int, list[Wanted]] = {}
    for index, finding in enumerate(findings):
        page = finding.span.page
        needle = "".join(finding.span.text.split())
        if bbox_of(finding.span) is not None or not page or not needle:
            continue
        start = source.page_starts[page - 1] if page <= len(source.page_starts) else 0
        before = "".join(source.text[start:finding.span.start].split())
        occurrence, at = 0, before.find(needle)
        while at >= 0:
            occurrence += 1
            at = before.find(needle, at + 1)
        wanted.setdefault(page, []).append(Wanted(index, finding.span.text, occurrence))
    return wanted


def _rects_on(image: PageImage, index: int, finding: Finding) -> list[tuple[float, ...]]:
    """The finding's own box when it has one, else the boxes found on the page."""
    box = bbox_of(finding.span)
    if box is None:
        return list(image.boxes.get(index, ()))
    return [box[1:]] if box[0] == image.page else []


def _page_view(image: PageImage, findings: Sequence[Finding]) -> dict[str, Any]:
    boxes = []
    pad = 2.0
    for index, finding in enumerate(findings):
        for x0, y0, x1, y1 in _rects_on(image, index, finding):
            boxes.append({
                "index": index,
                "severity": finding.severity.value,
                "x": round(min(x0, x1) - pad, 2),
                "y": round(image.height - max(y0, y1) - pad, 2),
                "w": round(abs(x1 - x0) + 2 * pad, 2),
                "h": round(abs(y1 - y0) + 2 * pad, 2),
                "title": f"{finding.code} {finding.message}",
            })
    return {"id": f"pv-{image.page}", "page": image.page, "file": image.file,
            "width": round(image.width, 2), "height": round(image.height, 2), "boxes": boxes,
            "boxed": len({box["index"] for box in boxes})}
