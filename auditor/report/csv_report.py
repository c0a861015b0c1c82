"""findings.csv: one row per finding, UTF-8 with a BOM so Excel opens Chinese correctly."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from auditor.fsutil import write_atomic
from auditor.result import DocumentResult

COLUMNS = (
    "file", "code", "name", "severity", "message", "line", "column", "page", "cell", "text",
    "fingerprint",
)
#: Cells starting with these are formulas to a spreadsheet; report text is untrusted.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(results: Iterable[DocumentResult]) -> Iterable[list[str]]:
    """The data rows (no header); an unreadable document yields one row with its AU0xx code."""
    for result in results:
        if result.error:
            code, message = result.error
            yield [result.path, code, "", "error", message, "", "", "", "", "", ""]
            continue
        for finding in sorted(result.findings, key=lambda f: (f.span.start, f.code)):
            span = finding.span
            cell = ""
            if span.cell is not None:
                table, row, column = span.cell
                cell = f"表{table + 1}第{row + 1}行第{column + 1}列"
            yield [
                result.path, finding.code, finding.name, finding.severity.value, finding.message,
                str(span.line), str(span.column), "" if span.page is None else str(span.page),
                cell, span.text, finding.fingerprint,
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
