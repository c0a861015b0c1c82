"""The batch scan behind ``auditor scan``: stream documents through the pipeline to reports."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from auditor.baseline import Baseline
from auditor.batch import REPORTS_ONLY, FileSelection, SkippedFile, iter_report_files
from auditor.config import Config
from auditor.executors import Executor
from auditor.executors.cache import CacheStats, ResultCache, context_key, file_digest
from auditor.interrupt import InterruptWatch
from auditor.job import AuditJob, cyclic_gc_paused
from auditor.report.json_writer import JsonReportWriter
from auditor.report.spool import Order
from auditor.report.writers import ReportWriter
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
    cache: CacheStats | None = None

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
    cache_dir: Path | None = None
    executor: str = "local"
    scheduler: str | None = None

    def make_executor(self) -> Executor:
        """The executor the request names (Dask is imported only when asked for)."""
        if self.executor == "dask" or self.scheduler:
            from auditor.executors.dask import DaskExecutor

            return DaskExecutor(self.scheduler, workers=self.jobs, time_limit=self.time_limit)
        from auditor.executors.local import LocalExecutor
        from auditor.job import warm_up

        return LocalExecutor(self.jobs, self.time_limit, warm=warm_up)


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
    positions = {str(path): number for number, path in enumerate(files)}

    def order(result: DocumentResult) -> int:
        return positions.get(result.path, len(positions))

    job = AuditJob(request.config)
    cache = None
    if request.cache_dir is not None:
        cache = ResultCache(request.cache_dir, context_key(request.config))
        outcome.cache = cache.stats
    with request.make_executor() as executor:  # a cluster that cannot start writes nothing
        json_writer = JsonReportWriter(request.out_dir / "findings.json", order)
        writers = _extra_writers(request.formats, request.out_dir, order, outcome.skipped)
        with InterruptWatch() as watch:
            try:
                for audited in audit_files(files, job, executor, cache, facts="html" in request.formats):
                    with cyclic_gc_paused():  # a large result's objects, traversed for nothing
                        result = job.finish(audited)
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
                        del audited, result
                    if watch.requested:
                        raise KeyboardInterrupt
            except KeyboardInterrupt:
                outcome.interrupted = True
            finally:
                watch.armed = False
                outcome.outputs.append(json_writer.finish())
                elapsed = time.perf_counter() - clock
                settings = {**request.config.settings(), **request.settings}
                for writer in writers:
                    outcome.outputs.append(writer.finish(settings=settings, started=started, elapsed=elapsed))
        outcome.interrupted = outcome.interrupted or watch.requested
    return outcome


def audit_files(files: Sequence[Path], job: AuditJob, executor: Executor,
                cache: ResultCache | None, *, facts: bool = True) -> Iterator[DocumentResult]:
    """One result per file (before per-file ignores): from the cache, else from ``executor``.

    ``facts=False``: cached results come without their facts (no output shows them).

    Cached results stream out first while the rest are listed; then the executor audits
    the rest, and each complete result is stored, unless the file changed while it was
    being audited (its content hash is no longer the one the key was made from).
    """
    if cache is None:
        yield from executor.run(job.audit, files)
        return
    pending: dict[str, tuple[str, str]] = {}
    misses: list[Path] = []
    for path in files:
        digest = file_digest(path)
        key = cache.key_of(digest, path) if digest is not None else None
        cached = cache.load(key, path, facts=facts) if key is not None else None
        if cached is not None:
            yield cached
            continue
        misses.append(path)
        if key is not None and digest is not None:
            pending[str(path)] = (key, digest)
    for result in executor.run(job.audit, misses):
        key, digest = pending.pop(result.path, ("", ""))
        if key and result.sha256 == digest:
            cache.store(key, result)
        yield result


def _extra_writers(formats: set[str], out_dir: Path, order: Order,
                   skipped: Sequence[SkippedFile] = ()) -> list[ReportWriter]:
    writers: list[ReportWriter] = []
    if "html" in formats:
        from auditor.report.html import HtmlReportWriter

        writers.append(HtmlReportWriter(out_dir, skipped=skipped))
    if "csv" in formats:
        from auditor.report.stream_writers import CsvReportWriter

        writers.append(CsvReportWriter(out_dir / "findings.csv", order))
    if "sarif" in formats:
        from auditor.report.stream_writers import SarifReportWriter

        writers.append(SarifReportWriter(out_dir / "findings.sarif", order))
    return writers
