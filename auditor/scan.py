"""The batch scan behind ``auditor scan``: stream documents through the pipeline to reports."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from auditor.batch import SkippedFile, audit_batch, iter_report_files
from auditor.pipeline import RuleFilter, audit_path
from auditor.report.json_writer import JsonReportWriter
from auditor.result import DocumentResult
from auditor.types import Severity


@dataclass
class ScanOutcome:
    """What a scan produced: counts for the exit code and where the outputs are."""

    documents: int = 0
    unreadable: int = 0
    worst: Severity | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    outputs: list[Path] = field(default_factory=list)
    interrupted: bool = False
    skipped: list[SkippedFile] = field(default_factory=list)

    def record(self, result: DocumentResult) -> None:
        """Account for one finished document."""
        self.documents += 1
        if result.error:
            self.unreadable += 1
        for finding in result.findings:
            self.counts[finding.severity.value] += 1
            if self.worst is None or finding.severity.rank > self.worst.rank:
                self.worst = finding.severity


def run_scan(
    paths: Sequence[Path],
    out_dir: Path,
    formats: set[str],
    *,
    selected: RuleFilter | None = None,
    keep: Callable[[DocumentResult], DocumentResult] | None = None,
    jobs: int = 1,
    time_limit: float | None = None,
    progress: Callable[[int, str], None] | None = None,
    settings: dict[str, str] | None = None,
) -> ScanOutcome:
    """Scan ``paths`` and write the requested formats into ``out_dir``.

    Documents stream through: each document's HTML page is written as soon as it is
    audited, so an interrupted scan keeps every finished document.
    """
    started = datetime.now()
    clock = time.perf_counter()
    outcome = ScanOutcome()
    files: list[Path] = []
    for item in iter_report_files(paths):
        if isinstance(item, SkippedFile):
            outcome.skipped.append(item)
            print(f"auditor: {item.path}: {item.reason}", file=sys.stderr)
        else:
            files.append(item)
    json_writer = JsonReportWriter(out_dir / "findings.json")
    writers = _extra_writers(formats, out_dir)
    audit = partial(audit_path, selected=selected)
    try:
        for index, result in enumerate(audit_batch(files, audit, jobs=jobs, time_limit=time_limit)):
            if keep is not None:
                result = keep(result)
            outcome.record(result)
            json_writer.add(result)
            for writer in writers:
                writer.add(result)
            if progress is not None:
                progress(index + 1, result.path)
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        outcome.outputs.append(json_writer.finish())
        elapsed = time.perf_counter() - clock
        for writer in writers:
            outcome.outputs.append(writer.finish(settings=settings or {}, started=started,
                                                 elapsed=elapsed))
    return outcome


def _extra_writers(formats: set[str], out_dir: Path) -> list:
    writers = []
    if "html" in formats:
        from auditor.report.html import HtmlReportWriter

        writers.append(HtmlReportWriter(out_dir))
    if "csv" in formats:
        from auditor.report.csv_report import CsvReportWriter

        writers.append(CsvReportWriter(out_dir / "findings.csv"))
    if "sarif" in formats:
        from auditor.report.sarif import SarifReportWriter

        writers.append(SarifReportWriter(out_dir / "findings.sarif"))
    return writers
