"""Streaming findings.json writer: memory stays flat however many documents a batch has."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.fsutil import open_atomic
from auditor.report.json_report import SCHEMA_VERSION, document_json_text
from auditor.report.spool import Order, OrderedSpool, arrival_order
from auditor.result import DocumentResult


class JsonReportWriter:
    """Spools document entries to a temporary file; :meth:`finish` writes findings.json.

    Entries are listed in ``order`` (the batch's file order when the scan gives it, else
    as they arrive). The final file is written through a temporary file and a rename, so
    a reader never sees a half-written report.
    """

    def __init__(self, path: Path, order: Order | None = None) -> None:
        self.path = path
        self._order = order or arrival_order()
        self._spool = OrderedSpool(path.parent, ".findings.")
        self.summary: dict[str, Any] = {
            "documents": 0, "errors": 0, "findings": {"error": 0, "warning": 0, "info": 0},
        }

    def add(self, result: DocumentResult) -> None:
        """Record one document (every finding counts in the summary, listed or not)."""
        entry, _ = document_json_text(result)
        self._spool.add(self._order(result), entry)
        self.summary["documents"] += 1
        if result.error:
            self.summary["errors"] += 1
        for finding in result.findings:
            self.summary["findings"][finding.severity.value] += 1

    def finish(self) -> Path:
        """Write findings.json atomically from the spooled entries and return its path."""
        try:
            with open_atomic(self.path) as out:
                head = {"schema_version": SCHEMA_VERSION,
                        "tool": {"name": "auditor", "version": __version__}}
                out.write(json.dumps(head, ensure_ascii=False, indent=2)[:-2])
                out.write(',\n  "documents": [')
                for index, line in enumerate(self._spool.chunks()):
                    out.write(("," if index else "") + "\n    " + line)
                out.write('\n  ],\n  "summary": ')
                out.write(json.dumps(self.summary, ensure_ascii=False))
                out.write("\n}\n")
        finally:
            self._spool.close()
        return self.path
