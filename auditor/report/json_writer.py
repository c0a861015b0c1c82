"""Streaming findings.json writer: memory stays flat however many documents a batch has."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.fsutil import make_temp
from auditor.report.json_report import SCHEMA_VERSION, document_to_json
from auditor.result import DocumentResult


class JsonReportWriter:
    """Collects document entries in a temporary file; :meth:`finish` writes findings.json.

    The final file is written through a temporary file and a rename, so a reader never
    sees a half-written report.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, self._spool_name = tempfile.mkstemp(prefix=".findings.", suffix=".jsonl",
                                                    dir=path.parent)
        self._spool = os.fdopen(handle, "w", encoding="utf-8")
        self.summary: dict[str, Any] = {
            "documents": 0, "errors": 0, "findings": {"error": 0, "warning": 0, "info": 0},
        }

    def add(self, result: DocumentResult) -> dict[str, Any]:
        """Record one document; returns its JSON entry."""
        entry = document_to_json(result)
        self._spool.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.summary["documents"] += 1
        if entry["status"] == "error":
            self.summary["errors"] += 1
        for finding in entry["findings"]:
            self.summary["findings"][finding["severity"]] += 1
        return entry

    def finish(self) -> Path:
        """Write findings.json atomically from the spooled entries and return its path."""
        self._spool.close()
        handle, temp_name = make_temp(self.path.parent, ".findings.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out, \
                    open(self._spool_name, encoding="utf-8") as spool:
                head = {"schema_version": SCHEMA_VERSION,
                        "tool": {"name": "auditor", "version": __version__}}
                out.write(json.dumps(head, ensure_ascii=False, indent=2)[:-2])
                out.write(',\n  "documents": [')
                for index, line in enumerate(spool):
                    out.write(("," if index else "") + "\n    " + line.rstrip("\n"))
                out.write('\n  ],\n  "summary": ')
                out.write(json.dumps(self.summary, ensure_ascii=False))
                out.write("\n}\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp_name, self.path)
        finally:
            for name in (temp_name, self._spool_name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(name)
        return self.path
