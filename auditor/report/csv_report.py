"""findings.csv: one row per finding, UTF-8 with a BOM so Excel opens Chinese correctly.

Headers, severities and rule names are Chinese (people open it in a spreadsheet); the codes
(AU101) and fingerprints stay as in findings.json so rows can be matched across formats.
Characters a reader cannot see are written out (``⟨RLO U+202E⟩``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from auditor.fsutil import write_atomic
from auditor.hidden_chars import escape_hidden as shown
from auditor.report.bounds import clip_text
from auditor.report.labels import rule_label
from auditor.result import DocumentResult
from auditor.types import Finding

COLUMNS = (
    "文件", "代码", "规则", "级别", "说明", "行", "列", "页", "表格单元格", "原文", "指纹",
)
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
#: Cells starting with these are formulas to a spreadsheet; report text is untrusted.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(results: Iterable[DocumentResult]) -> Iterable[list[str]]:
    """The data rows (no header); an unreadable document yields one row with its AU0xx code."""
    for result in results:
        if result.error:
            code, message = result.error
            yield [shown(result.path), code, rule_label(code), SEVERITY_NAMES["error"], shown(message),
                   "", "", "", "", "", ""]
            continue
        for finding in sorted(result.findings, key=lambda f: (f.span.start, f.code)):
            yield finding_row(result, finding)


def finding_row(result: DocumentResult, finding: Finding) -> list[str]:
    """One finding's row (its text cut to the item bound of :mod:`auditor.report.bounds`)."""
    span = finding.span
    cell = ""
    if span.cell is not None:
        table, row, column = span.cell
        cell = f"表{table + 1}第{row + 1}行第{column + 1}列"
    return [
        shown(result.path), finding.code, rule_label(finding.code),
        SEVERITY_NAMES[finding.severity.value], shown(finding.message),
        str(span.line), str(span.column), "" if span.page is None else str(span.page),
        cell, shown(clip_text(span.text)[0]), finding.fingerprint,
    ]


def neutralize(value: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ``'`` (OWASP advice)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def render_csv(results: Iterable[DocumentResult]) -> str:
    """The whole CSV text (without the BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in csv_rows(results):
        writer.writerow([neutralize(value) for value in row])
    return buffer.getvalue()


def write_csv(results: Iterable[DocumentResult], path: Path) -> None:
    """Write ``findings.csv`` atomically, UTF-8 with BOM, CRLF line ends."""
    write_atomic(Path(path), render_csv(results), encoding="utf-8-sig")
