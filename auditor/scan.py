"""The batch scan behind ``auditor scan``: stream documents through the pipeline to reports."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from auditor.baseline import Baseline
from auditor.batch import REPORTS_ONLY, FileSelection, SkippedFile, audit_batch, iter_report_files
from auditor.config import Config
from auditor.job import AuditJob
from auditor.report.json_writer import JsonReportWriter
from auditor.report.writers import CollectingWriter, ReportWriter
from auditor.result import DocumentResult
from auditor.types import Severity


@dataclass
class ScanOutcome:
    """What a scan produced: counts for the exit code and where the outputs are."""

    documents: int = 0
    unreadable: int = 0
    worst: Severity | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    hidden_by_baseline: int = 0
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


@dataclass
class ScanRequest:
    """Everything a scan needs besides the files."""

    out_dir: Path
    formats: set[str]
    config: Config = field(default_factory=Config)
    jobs: int = 1
    time_limit: float | None = None
    baseline: Baseline | None = None
    record_baseline: Baseline | None = None
    settings: dict[str, str] = field(default_factory=dict)


def list_files(paths: Sequence[Path], outcome: ScanOutcome,
               selection: FileSelection = REPORTS_ONLY) -> list[Path]:
    """The report files under ``paths``; skipped files are noted on the outcome."""
    files: list[Path] = []
    for item in iter_report_files(paths, selection):
        if isinstance(item, SkippedFile):
            outcome.skipped.append(item)
        else:
            files.append(item)
    return files


def run_scan(
    files: Sequence[Path],
    request: ScanRequest,
    outcome: ScanOutcome,
    progress: Callable[[DocumentResult], None] | None = None,
) -> ScanOutcome:
    """Audit ``files`` and write the requested formats into ``request.out_dir``.

    Documents stream through: each document's HTML page is written as soon as it is
    audited, and on Ctrl-C the reports are completed with the documents finished so far.
    """
    started = datetime.now()
    clock = time.perf_counter()
    json_writer = JsonReportWriter(request.out_dir / "findings.json")
    writers = _extra_writers(request.formats, request.out_dir, outcome.skipped)
    job = AuditJob(request.config)
    try:
        for result in audit_batch(files, job, jobs=request.jobs, time_limit=request.time_limit):
            if request.record_baseline is not None:
                request.record_baseline.add(result)
            if request.baseline is not None:
                result, hidden = request.baseline.filter(result)
                outcome.hidden_by_baseline += hidden
            outcome.record(result)
            json_writer.add(result)
            for writer in writers:
                writer.add(result)
            if progress is not None:
                progress(result)
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        outcome.outputs.append(json_writer.finish())
        elapsed = time.perf_counter() - clock
        settings = {**request.config.settings(), **request.settings}
        for writer in writers:
            outcome.outputs.append(writer.finish(settings=settings, started=started, elapsed=elapsed))
    return outcome


def _extra_writers(formats: set[str], out_dir: Path,
                   skipped: Sequence[SkippedFile] = ()) -> list[ReportWriter]:
    writers: list[ReportWriter] = []
    if "html" in formats:
        from auditor.report.html import HtmlReportWriter

        writers.append(HtmlReportWriter(out_dir, skipped=skipped))
    if "csv" in formats:
        from auditor.report.csv_report import write_csv

        writers.append(CollectingWriter(out_dir / "findings.csv", write_csv))
    if "sarif" in formats:
        from auditor.report.sarif import write_sarif

        writers.append(CollectingWriter(out_dir / "findings.sarif", write_sarif))
    return writers
