"""The HTML report: an ``index.html`` to triage a batch and one annotated page per document.

Pages are self-contained (CSS and JS inlined from ``static/``) so they work from ``file://``
with no network. Report text is untrusted input: every piece of it goes through Jinja2's
autoescaping, and data handed to scripts is embedded as JSON with ``<``, ``>`` and ``&``
escaped so it can never close its ``<script>`` element.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path, PurePath
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from auditor import __version__
from auditor.errors import INPUT_CODES
from auditor.fsutil import write_atomic
from auditor.locate import Locator
from auditor.result import DocumentResult
from auditor.types import CheckStatus, Finding, Quantity, QuantityKind, Severity, Span

_HERE = Path(__file__).parent
SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ICONS = {"error": "✖", "warning": "▲", "info": "ℹ"}


# ----------------------------------------------------------------------------- templates


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    env.globals.update(
        severity_labels=SEVERITY_LABELS,
        severity_icons=SEVERITY_ICONS,
        version=__version__,
    )
    return env


def _static(name: str) -> Markup:
    """A static asset's text, read at render time, for inlining in ``<style>``/``<script>``."""
    text = (_HERE / "static" / name).read_text(encoding="utf-8")
    # Our own assets, but guard anyway: an inlined asset must not end its element early.
    if re.search(r"</(script|style)", text, flags=re.IGNORECASE):
        raise ValueError(f"static asset {name} contains a closing tag")
    return Markup(text)


def script_json(data: Any) -> Markup:
    """JSON safe to place inside ``<script type="application/json">``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return Markup(text)


# ----------------------------------------------------------------------------- page names


def document_page_name(result: DocumentResult, index: int) -> str:
    """A safe, unique file name for a document's page.

    ASCII only (portable across file systems and ``file://`` URLs); the index keeps names
    unique within a batch and a hash of the path keeps them distinct across batches.
    """
    stem = PurePath(result.path.replace("\\", "/")).name
    slug = re.sub(r"[^A-Za-z0-9]+", "_", stem).strip("_")[:40] or "doc"
    digest = hashlib.sha256(result.path.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"d{index:04d}_{slug}_{digest}.html"


# ----------------------------------------------------------------------------- segments


@dataclass
class Segment:
    """A run of text covered by the same set of findings (primary and related)."""

    text: str
    primary: tuple[int, ...] = ()
    related: tuple[int, ...] = ()
    severity: str = ""
    title: str = ""


@dataclass
class Line:
    """One source line split into segments, with markers that start on it."""

    number: int
    segments: list[Segment]
    points: list[int] = field(default_factory=list)
    page: int | None = None
    severity: str = ""


def _clamp(span: Span, length: int) -> tuple[int, int]:
    start = max(0, min(span.start, length))
    end = max(start, min(span.end, length))
    return start, end


def build_lines(
    text: str, findings: Sequence[Finding], page_starts: Sequence[int] = ()
) -> list[Line]:
    """Split ``text`` into lines of segments so overlapping spans render as flat runs.

    Every boundary of every span (primary and related) and every line break cuts the text;
    each resulting run knows which findings cover it, so overlaps need no nested markup.
    Zero-length spans become point markers at their line.
    """
    length = len(text)
    opens: dict[int, list[tuple[str, int]]] = {}
    closes: dict[int, list[tuple[str, int]]] = {}
    points: dict[int, list[int]] = {}
    cuts = {0, length}

    def add(kind: str, index: int, span: Span) -> None:
        start, end = _clamp(span, length)
        if start == end:
            if kind == "p":
                points.setdefault(start, []).append(index)
            return
        opens.setdefault(start, []).append((kind, index))
        closes.setdefault(end, []).append((kind, index))
        cuts.update((start, end))

    for index, finding in enumerate(findings):
        add("p", index, finding.span)
        for span in finding.related:
            add("r", index, span)
    for match in re.finditer("\n", text):
        cuts.update((match.start(), match.end()))
    page_lines = _page_lines(text, page_starts)

    severity_rank = {"error": 3, "warning": 2, "info": 1, "": 0}
    active: Counter[tuple[str, int]] = Counter()
    lines: list[Line] = [Line(1, [], page=page_lines.get(1))]
    ordered = sorted(cuts)
    for position, next_position in itertools.pairwise(ordered):
        for key in closes.get(position, ()):
            active[key] -= 1
            if active[key] <= 0:
                del active[key]
        for key in opens.get(position, ()):
            active[key] += 1
        if position in points:
            lines[-1].points.extend(points.pop(position))
        chunk = text[position:next_position]
        if chunk == "\n":
            number = lines[-1].number + 1
            lines.append(Line(number, [], page=page_lines.get(number)))
            continue
        primary = tuple(sorted(index for kind, index in active if kind == "p"))
        related = tuple(sorted(index for kind, index in active if kind == "r"))
        severity = ""
        for index in primary or related:
            candidate = findings[index].severity.value
            if severity_rank[candidate] > severity_rank[severity]:
                severity = candidate
        # CR of CRLF files is not shown; the span offsets stay those of the source text.
        chunk = chunk.replace("\r", "")
        if not chunk:
            continue
        title = "\n".join(
            [f"{findings[i].code} {findings[i].message}" for i in primary]
            + [f"（相关）{findings[i].code} {findings[i].message}"
               for i in related if i not in primary]
        )
        segment = Segment(chunk, primary, related, severity, title)
        lines[-1].segments.append(segment)
        if primary and severity_rank[severity] > severity_rank[lines[-1].severity]:
            lines[-1].severity = severity
    for position, indexes in points.items():
        line = lines[min(text.count("\n", 0, position), len(lines) - 1)]
        line.points.extend(indexes)
    for line in lines:
        for index in line.points:
            candidate = findings[index].severity.value
            if severity_rank[candidate] > severity_rank[line.severity]:
                line.severity = candidate
    return lines


def _page_lines(text: str, page_starts: Sequence[int]) -> dict[int, int]:
    """Line number → page number for lines where a page begins."""
    result: dict[int, int] = {}
    for page, start in enumerate(page_starts, start=1):
        line = text.count("\n", 0, max(0, min(start, len(text)))) + 1
        result.setdefault(line, page)
    return result


def render_lines(lines: Sequence[Line], findings: Sequence[Finding]) -> Markup:
    """The highlighted source text of a document page, as one piece of markup.

    Built here rather than in the template because a page has one element per text run;
    every piece of report text goes through :func:`markupsafe.escape`, as autoescaping
    would do.
    """
    parts: list[str] = []
    add = parts.append
    for line in lines:
        number = line.number
        if line.page:
            add(f'<div class="pagebreak" id="P{line.page}">第 {line.page} 页</div>')
        severity = f" has-{escape(line.severity)}" if line.severity else ""
        add(f'    <div class="l{severity}" id="L{number}"><a class="n" href="#L{number}" '
            f'aria-label="第 {number} 行">{number}</a><span class="t">')
        for segment in line.segments:
            if segment.primary or segment.related:
                related = "" if segment.primary else " rel"
                add(f'<mark class="m sev-{escape(segment.severity)}{related}" '
                    f'data-f="{" ".join(map(str, segment.primary))}" '
                    f'data-r="{" ".join(map(str, segment.related))}" '
                    f'title="{escape(segment.title)}">{escape(segment.text)}</mark>')
            else:
                add(escape(segment.text))
        for index in line.points:
            finding = findings[index]
            severity = escape(finding.severity.value)
            add(f'<mark class="m pt sev-{severity}" data-f="{index}" data-r="" '
                f'title="{escape(finding.code)} {escape(finding.message)}">'
                f"{escape(SEVERITY_ICONS[finding.severity.value])}</mark>")
        add("</span></div>\n")
    return Markup("".join(parts))


def render_fact_rows(facts: Sequence[Mapping[str, Any]]) -> Markup:
    """The rows of a page's extracted-data table (one per fact, many per page)."""
    rows = [
        "        <tr>\n"
        f"          <td>{escape(fact['scope'])}</td>\n"
        f"          <td>{escape(fact['attribute'])}</td>\n"
        f"          <td>{escape(fact['qualifier'])}{escape(fact['text'])}</td>\n"
        f'          <td class="n">{escape(fact["value"])}</td>\n'
        f"          <td>{escape(fact['unit'])}</td>\n"
        f'          <td><a href="#L{escape(fact["line"])}">{escape(fact["where"])}</a></td>\n'
        "        </tr>\n"
        for fact in facts
    ]
    return Markup("".join(rows))


# ----------------------------------------------------------------------------- view models


def where(span: Span) -> str:
    """A span's location in words: line, column, page, table cell."""
    parts = [f"第 {span.line} 行", f"第 {span.column} 列"]
    if span.page is not None:
        parts.append(f"第 {span.page} 页")
    if span.cell is not None:
        table, row, column = span.cell
        parts.append(f"表 {table + 1} 第 {row + 1} 行第 {column + 1} 列")
    return " · ".join(parts)


def _rule_help(code: str) -> str:
    if code in INPUT_CODES:
        return INPUT_CODES[code][1]
    try:
        from auditor.rules.registry import rule_by_code
    except ImportError:  # pragma: no cover - registry is part of the package
        return ""
    rule = rule_by_code(code)
    return rule.summary() if rule else ""


def _severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def _document_view(result: DocumentResult) -> dict[str, Any]:
    source = result.source
    ordered = sorted(result.findings, key=lambda f: (f.span.start, -f.severity.rank, f.code))
    findings = []
    for index, finding in enumerate(ordered):
        findings.append(
            {
                "index": index,
                "finding": finding,
                "severity": finding.severity.value,
                "where": where(finding.span),
                "related": [(span, where(span)) for span in finding.related],
                "help": _rule_help(finding.code),
                "evidence": sorted((str(k), str(v)) for k, v in finding.evidence.items()
                                   if not str(k).startswith("_")),
            }
        )
    source_html = Markup("")
    facts: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    if source is not None:
        source_html = render_lines(build_lines(source.text, ordered, source.page_starts), ordered)
        locator = Locator(source)
        for fact in result.facts:
            quantity = fact.quantity
            span = locator.span(*_clamp_offsets(quantity.start, quantity.end, len(source.text)))
            facts.append(
                {
                    "scope": fact.scope,
                    "attribute": fact.attribute,
                    "text": quantity.text,
                    "value": _base_value(quantity),
                    "unit": quantity.unit,
                    "kind": quantity.kind.value,
                    "qualifier": quantity.qualifier,
                    "line": span.line,
                    "where": where(span),
                }
            )
    for check in sorted(result.checks, key=lambda c: (c.status != CheckStatus.FAIL, c.span.start)):
        checks.append(
            {
                "kind": check.kind,
                "passed": check.status == CheckStatus.PASS,
                "detail": check.detail,
                "text": check.span.text,
                "line": check.span.line,
                "where": where(check.span),
            }
        )
    return {
        "result": result,
        "findings": findings,
        "source_html": source_html,
        "facts": facts,
        "fact_rows": render_fact_rows(facts),
        "checks": checks,
        "passed": sum(1 for check in checks if check["passed"]),
        "failed": sum(1 for check in checks if not check["passed"]),
        "counts": _severity_counts(result.findings),
        "notes": source.notes if source else (),
        "encoding": source.encoding if source else "",
        "pages": len(source.page_starts) if source else 0,
    }


def _base_value(quantity: Quantity) -> str:
    """The value in its base unit, e.g. ``200000 元`` for ``20.00 万元``."""
    value = f"{quantity.value.normalize():f}"
    if quantity.kind == QuantityKind.MONEY:
        return f"{value} 元"
    if quantity.kind == QuantityKind.PERCENT:
        return f"{value}%"
    return value


def _clamp_offsets(start: int, end: int, length: int) -> tuple[int, int]:
    start = max(0, min(start, length))
    return start, max(start, min(end, length))


# ----------------------------------------------------------------------------- writer


class HtmlReportWriter:
    """Writes document pages as results arrive and the index at the end.

    Only a small summary row per document is kept, so memory stays flat in the number of
    documents.
    """

    def __init__(self, out_dir: Path, skipped: Sequence[Any] = ()) -> None:
        self.out_dir = Path(out_dir)
        self.skipped = skipped
        self._rows: list[dict[str, Any]] = []
        self._rules: dict[str, dict[str, Any]] = {}
        self._names: set[str] = set()

    def add(self, result: DocumentResult) -> str:
        """Write the page of ``result`` now; return its file name (relative to ``out_dir``)."""
        index = len(self._rows) + 1
        name = document_page_name(result, index)
        while name in self._names:  # only on a pathological index/hash collision
            index += 100000
            name = document_page_name(result, index)
        self._names.add(name)
        view = _document_view(result)
        html = _environment().get_template("document.html.j2").render(
            doc=view,
            css=_static("report.css"),
            js=_static("document.js"),
            title=result.path,
        )
        write_atomic(self.out_dir / name, html, durable=False)
        self._rows.append(self._row(result, name, view))
        return name

    def _row(self, result: DocumentResult, name: str, view: dict[str, Any]) -> dict[str, Any]:
        by_rule: Counter[str] = Counter(finding.code for finding in result.findings)
        for finding in result.findings:
            entry = self._rules.setdefault(
                finding.code,
                {"code": finding.code, "name": finding.name, "severity": finding.severity.value,
                 "documents": 0, "findings": 0, "help": _rule_help(finding.code)},
            )
            entry["findings"] += 1
            if Severity(entry["severity"]).rank < finding.severity.rank:
                entry["severity"] = finding.severity.value
        for code in by_rule:
            self._rules[code]["documents"] += 1
        counts = view["counts"]
        return {
            "path": result.path,
            "page": name,
            "format": result.format,
            "status": result.status,
            "error": f"{result.error[0]} {result.error[1]}" if result.error else "",
            "e": counts["error"],
            "w": counts["warning"],
            "i": counts["info"],
            "rules": [[code, count] for code, count in by_rule.most_common()],
            "chars": result.chars,
            "passed": view["passed"],
            "failed": view["failed"],
        }

    def finish(self, *, settings: Mapping[str, str], started: datetime, elapsed: float) -> Path:
        """Write ``index.html`` and return its path."""
        rows = self._rows
        totals = {
            "documents": len(rows),
            "unreadable": sum(1 for row in rows if row["status"] == "error"),
            "clean": sum(1 for row in rows if row["status"] == "ok" and not row["rules"]),
            "error": sum(row["e"] for row in rows),
            "warning": sum(row["w"] for row in rows),
            "info": sum(row["i"] for row in rows),
            "passed": sum(row["passed"] for row in rows),
            "failed": sum(row["failed"] for row in rows),
        }
        rules = sorted(self._rules.values(), key=lambda rule: (-rule["documents"], rule["code"]))
        html = _environment().get_template("index.html.j2").render(
            rows=rows,
            rules=rules,
            skipped=self.skipped,
            totals=totals,
            settings=sorted(settings.items()),
            started=started.strftime("%Y-%m-%d %H:%M:%S"),
            elapsed=f"{elapsed:.1f}",
            css=_static("report.css"),
            js=_static("index.js"),
        )
        path = self.out_dir / "index.html"
        write_atomic(path, html)
        return path


def write_html_report(
    results: Iterable[DocumentResult],
    out_dir: Path,
    *,
    settings: Mapping[str, str],
    started: datetime,
    elapsed: float,
) -> None:
    """Write ``index.html`` and one page per document into ``out_dir``."""
    writer = HtmlReportWriter(out_dir)
    for result in results:
        writer.add(result)
    writer.finish(settings=settings, started=started, elapsed=elapsed)
