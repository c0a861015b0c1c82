"""findings.csv and findings.sarif written as documents arrive, in the batch's order.

Each document's rows (CSV) or results (SARIF, one compact JSON object per line) are
spooled to disk when the document finishes; :meth:`finish` writes the file atomically.
Memory holds an index entry per document and the set of rule codes seen, nothing else.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from auditor.fsutil import open_atomic
from auditor.hidden_chars import escape_hidden as shown
from auditor.report.bounds import kept_items
from auditor.report.csv_report import COLUMNS, SEVERITY_NAMES, csv_rows, finding_row, neutralize
from auditor.report.sarif import document_items, finding_codes, rule_descriptors, sarif_log
from auditor.report.spool import Order, OrderedSpool, arrival_order
from auditor.result import DocumentResult

_RESULTS_MARK = "@@results@@"


class CsvReportWriter:
    """findings.csv: UTF-8 with BOM, CRLF line ends, formulas neutralised."""

    def __init__(self, path: Path, order: Order | None = None) -> None:
        self.path = path
        self._order = order or arrival_order()
        self._spool = OrderedSpool(path.parent, ".findings-csv.")

    def add(self, result: DocumentResult) -> None:
        """Spool the document's rows (within the size bound of :mod:`auditor.report.bounds`)."""
        if result.error:
            self._spool.add(self._order(result), _csv_text(csv_rows([result])))
            return
        rendered = [_csv_text([finding_row(result, f)]) for f in result.findings]
        kept, chosen = kept_items(result, rendered + [""] * len(result.checks), "csv")
        rows = sorted((result.findings[i].span.start, result.findings[i].code, rendered[i])
                      for i in kept if i < len(rendered))
        text = "".join(row for _, _, row in rows)
        if chosen.omitted_findings:
            left_out = sum(chosen.omitted_findings.values())
            note = f"另有 {left_out} 个问题超出输出大小上限，未在此列出"
            text += _csv_text([[shown(result.path), "", "", SEVERITY_NAMES["info"], note, "", "", "", "", "", ""]])
        self._spool.add(self._order(result), text)

    def finish(self, *, settings: Mapping[str, str], started: datetime, elapsed: float) -> Path:
        """Write findings.csv and return its path."""
        header = io.StringIO()
        csv.writer(header).writerow(COLUMNS)
        try:
            with open_atomic(self.path, encoding="utf-8-sig") as out:
                out.write(header.getvalue())
                for chunk in self._spool.chunks():
                    out.write(chunk)
        finally:
            self._spool.close()
        return self.path


class SarifReportWriter:
    """findings.sarif (SARIF 2.1.0): rules from the catalogue, one result per line."""

    def __init__(self, path: Path, order: Order | None = None) -> None:
        self.path = path
        self._order = order or arrival_order()
        self._results = OrderedSpool(path.parent, ".findings-sarif.")
        self._notes = OrderedSpool(path.parent, ".findings-sarif-notes.")
        self._seen: dict[str, tuple[str, str, str]] = {}

    def add(self, result: DocumentResult) -> None:
        """Spool the document's results and notifications."""
        items, notes = document_items(result)
        order = self._order(result)
        if items:
            self._results.add(order, "".join(_line(item) for item in items))
        if notes:
            self._notes.add(order, "".join(_line(note) for note in notes))
        for code in finding_codes(result):
            self._seen.setdefault(code[0], code)

    def finish(self, *, settings: Mapping[str, str], started: datetime, elapsed: float) -> Path:
        """Write findings.sarif and return its path."""
        rules = rule_descriptors(self._seen.values())
        index = {rule["id"]: number for number, rule in enumerate(rules)}
        try:
            notifications = [json.loads(line) for chunk in self._notes.chunks()
                             for line in _lines(chunk)]
            skeleton = json.dumps(sarif_log(rules, _RESULTS_MARK, notifications),
                                  ensure_ascii=False, indent=2)
            before, after = skeleton.split(json.dumps(_RESULTS_MARK), 1)
            with open_atomic(self.path) as out:
                out.write(before + "[")
                first = True
                for chunk in self._results.chunks():
                    for line in _lines(chunk):
                        item = json.loads(line)
                        item["ruleIndex"] = index[item["ruleId"]]
                        out.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
                        first = False
                out.write("\n]" + after + "\n")
        finally:
            self._results.close()
            self._notes.close()
        return self.path


def _csv_text(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralize(value) for value in row])
    return buffer.getvalue()


def _line(item: dict[str, Any]) -> str:
    return json.dumps(item, ensure_ascii=False) + "\n"


def _lines(chunk: str) -> list[str]:
    # Not splitlines(): report text may hold U+2028 or U+0085, which JSON leaves unescaped.
    return chunk.split("\n")[:-1]
