"""The HTML report: ``index.html`` to triage a batch and one annotated page per document.

Pages are plain HTML that works from ``file://`` with no network: the index table, the text
and every list are rendered here, and the scripts in ``assets/`` (files, never inline: the
pages' CSP has no ``'unsafe-inline'`` for scripts) only add sorting, filtering, keyboard
navigation and the findings drawer. Report text is untrusted: it goes through Jinja2's
autoescaping and :func:`~auditor.report.html_text.show` (hidden characters as markers).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from auditor import __version__
from auditor.fsutil import write_atomic
from auditor.report.geometry import finding_page
from auditor.report.html_document import (
    LIST_FINDINGS,
    boxes_to_find,
    document_view,
    ordered_findings,
    plan_parts,
    rule_help,
    severity_counts,
)
from auditor.report.html_text import SEVERITY_ICONS, plain, show
from auditor.report.labels import rule_label
from auditor.report.names import page_file_name
from auditor.result import DocumentResult
from auditor.types import Severity

_HERE = Path(__file__).parent
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
ASSETS = ("report.css", "document.js", "index.js")
#: Documents listed per index page; a larger batch gets index-2.html, index-3.html, ….
INDEX_ROWS = 5000


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["show"] = show
    env.filters["plain"] = plain
    env.filters["grouped"] = lambda number: f"{number:,}"
    env.filters["url"] = lambda name: quote(str(name))
    env.globals.update(severity_labels=SEVERITY_LABELS, severity_icons=SEVERITY_ICONS,
                       version=__version__)
    return env


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def document_page_name(result: DocumentResult, taken: set[str] | None = None) -> str:
    """The file name of a document's page: its own name, made safe (see :mod:`.names`)."""
    return page_file_name(result.path, set() if taken is None else taken)


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
        self._assets_written = False

    def _write_assets(self) -> None:
        if self._assets_written:
            return
        for name in ASSETS:
            data = (_HERE / "static" / name).read_bytes()
            write_atomic(self.out_dir / "assets" / name, data, durable=False)
        self._assets_written = True

    def add(self, result: DocumentResult) -> str:
        """Write the page(s) of ``result`` now; return the first page's file name."""
        self._write_assets()
        name = page_file_name(result.path, self._names)
        stem = name[: -len(".html")]
        findings = ordered_findings(result)
        chunks, parts = plan_parts(result, findings, name, stem)
        for part in parts[1:]:
            self._names.add(part.file.lower())
        images = self._page_images(result, findings, stem)
        for index, chunk in enumerate(chunks):
            view = document_view(result, findings, chunk, parts, index, images)
            html = _render("document.html.j2", doc=view, title=plain(result.path),
                           page=parts[index].file, doc_page=name)
            write_atomic(self.out_dir / parts[index].file, html, durable=False)
        self._rows.append(self._row(result, name))
        return name

    def _page_images(self, result: DocumentResult, findings: Sequence[Any], stem: str) -> dict:
        if result.format != "pdf" or result.source is None:
            return {}
        pages = [page for page in map(finding_page, findings[:LIST_FINDINGS]) if page]
        if not pages:
            return {}
        from auditor.report.pdf_pages import render_pages

        return render_pages(Path(result.path), pages, self.out_dir, stem, result.sha256,
                            boxes_to_find(result, findings[:LIST_FINDINGS]))

    def _row(self, result: DocumentResult, name: str) -> dict[str, Any]:
        by_rule: Counter[str] = Counter(finding.code for finding in result.findings)
        for finding in result.findings:
            entry = self._rules.setdefault(
                finding.code,
                {"code": finding.code, "label": rule_label(finding.code),
                 "severity": finding.severity.value, "documents": 0, "findings": 0,
                 "help": rule_help(finding.code)},
            )
            entry["findings"] += 1
            if Severity(entry["severity"]).rank < finding.severity.rank:
                entry["severity"] = finding.severity.value
        for code in by_rule:
            self._rules[code]["documents"] += 1
        counts = severity_counts(result.findings)
        passed = sum(1 for check in result.checks if check.status.value != "fail")
        return {
            "path": result.path,
            "page": name,
            "format": result.format,
            "status": result.status,
            "error": f"{result.error[0]} {result.error[1]}" if result.error else "",
            "e": counts["error"],
            "w": counts["warning"],
            "i": counts["info"],
            "rules": by_rule.most_common(),
            "chars": result.chars,
            "passed": passed,
            "checks": len(result.checks),
        }

    def finish(self, *, settings: Mapping[str, str], started: datetime, elapsed: float) -> Path:
        """Write ``index.html`` (and further index pages for a huge batch); return its path."""
        self._write_assets()
        rows = sorted(self._rows, key=_worst_first)
        totals = {
            "documents": len(rows),
            "unreadable": sum(1 for row in rows if row["status"] == "error"),
            "clean": sum(1 for row in rows if row["status"] == "ok" and not row["rules"]),
            "error": sum(row["e"] for row in rows),
            "warning": sum(row["w"] for row in rows),
            "info": sum(row["i"] for row in rows),
            "passed": sum(row["passed"] for row in rows),
            "checks": sum(row["checks"] for row in rows),
        }
        rules = sorted(self._rules.values(), key=lambda rule: (-rule["documents"], rule["code"]))
        root = common_folder([row["path"] for row in rows])
        for row in rows:
            row["shown"] = row["path"][len(root):]
        chunks = [rows[start:start + INDEX_ROWS] for start in range(0, len(rows), INDEX_ROWS)] or [[]]
        names = ["index.html", *(f"index-{n}.html" for n in range(2, len(chunks) + 1))]
        # The documents in index order, for [ and ] on the document pages.
        order = json.dumps([row["page"] for row in rows], ensure_ascii=False)
        write_atomic(self.out_dir / "assets" / "pages.js",
                     f"window.AUDITOR_PAGES = {order};\n", durable=False)
        for number, (name, chunk) in enumerate(zip(names, chunks, strict=True)):
            html = _render(
                "index.html.j2", rows=chunk, rules=rules, totals=totals,
                rule_labels={rule["code"]: rule["label"] for rule in rules},
                settings=sorted(settings.items()), skipped=self.skipped if number == 0 else (),
                started=started.strftime("%Y-%m-%d %H:%M:%S"), elapsed=f"{elapsed:.1f}",
                index_pages=names, index_number=number, root=root, page="index.html" if number == 0 else name,
            )
            write_atomic(self.out_dir / name, html)
        return self.out_dir / "index.html"


def common_folder(paths: Sequence[str]) -> str:
    """The folder all ``paths`` share (with its trailing separator), or ``""``."""
    if not paths:
        return ""
    first, last = min(paths), max(paths)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    prefix = first[:size]
    cut = max(prefix.rfind("/"), prefix.rfind("\\")) + 1
    return prefix[:cut]


def _worst_first(row: Mapping[str, Any]) -> tuple:
    unreadable = row["status"] == "error"
    return (not unreadable, -row["e"], -row["w"], -row["i"], row["path"])


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

