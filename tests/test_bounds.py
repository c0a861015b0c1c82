"""Output size bounds: a document's entries in JSON, SARIF and CSV stay within their budget."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from auditor.pipeline import audit_text
from auditor.report import bounds
from auditor.report.csv_report import COLUMNS
from auditor.report.json_report import document_json_text, document_to_json, finding_to_json
from auditor.report.json_writer import JsonReportWriter
from auditor.report.stream_writers import CsvReportWriter, SarifReportWriter
from auditor.types import Severity

SENTENCE = "{i}号项目预算{a}.00万元，实际支出{b}.00万元，执行率{c}.00%。"


@pytest.fixture(scope="module")
def noisy():
    """A document with hundreds of failing rates (each finding and check a few hundred bytes)."""
    lines = ["一、基本情况"]
    for i in range(300):
        lines.append(SENTENCE.format(i=i, a=100 + i, b=90 + i, c=50 + i % 40))
    result = audit_text("\n".join(lines))
    assert len(result.findings) > 100 and len(result.checks) > 100
    return result


@pytest.fixture()
def small_budget(monkeypatch):
    """A budget of 8 KiB + ½ × the text, so an ordinary-sized test document exceeds it."""
    for fmt in bounds.BASE_BYTES:
        monkeypatch.setitem(bounds.BASE_BYTES, fmt, 8 * 1024)
        monkeypatch.setitem(bounds.PER_INPUT_BYTE, fmt, 0.5)


def test_json_entry_within_budget_errors_first(noisy, small_budget):
    text, listing = document_json_text(noisy)
    entry = json.loads(text)
    assert len(text.encode("utf-8")) <= bounds.budget(noisy, "json") + 2048  # + the entry's head
    omitted = entry["omitted"]
    listed = len(entry["findings"]) + sum(omitted["findings"].values())
    assert listed == len(noisy.findings)
    assert len(entry["checks"]) + sum(omitted["checks"].values()) == len(noisy.checks)
    # errors are listed before any passing check is
    if omitted["findings"].get("error"):
        assert not any(c["status"] == "pass" for c in entry["checks"])
    assert listing.omitted == omitted


def test_summary_counts_every_finding(noisy, small_budget, tmp_path):
    writer = JsonReportWriter(tmp_path / "findings.json")
    writer.add(noisy)
    data = json.loads(writer.finish().read_text(encoding="utf-8"))
    errors = sum(1 for f in noisy.findings if f.severity is Severity.ERROR)
    assert data["summary"]["findings"]["error"] == errors
    assert len(data["documents"][0]["findings"]) < len(noisy.findings)


def test_sarif_and_csv_within_budget(noisy, small_budget, tmp_path):
    stamp = {"settings": {}, "started": datetime.now(), "elapsed": 0.0}
    sarif = SarifReportWriter(tmp_path / "findings.sarif")
    sarif.add(noisy)
    empty = SarifReportWriter(tmp_path / "empty.sarif")
    overhead = empty.finish(**stamp).stat().st_size
    path = sarif.finish(**stamp)
    assert path.stat().st_size - overhead <= bounds.budget(noisy, "sarif") + 1024
    log = json.loads(path.read_text(encoding="utf-8"))
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("超出输出大小上限" in note["message"]["text"] for note in notes)

    table = CsvReportWriter(tmp_path / "findings.csv")
    table.add(noisy)
    written = table.finish(**stamp).read_text(encoding="utf-8-sig")
    assert len(written.encode("utf-8")) <= bounds.budget(noisy, "csv") + 1024
    rows = list(csv.DictReader(io.StringIO(written)))
    assert "超出输出大小上限" in rows[-1][COLUMNS[4]]


def test_nothing_is_cut_for_an_ordinary_report():
    text = (Path(__file__).resolve().parent.parent / "corpora" / "reports").glob("*.txt")
    result = audit_text(next(iter(sorted(text))).read_text(encoding="utf-8"))
    entry = document_to_json(result)
    assert "omitted" not in entry
    assert len(entry["findings"]) == len(result.findings) and len(entry["checks"]) == len(result.checks)


def test_long_span_text_and_many_related_spans_are_clipped(noisy):
    finding = noisy.findings[0]
    long_span = replace(finding.span, text="很长的段落" * 200)
    many = replace(finding, span=long_span, related=(finding.span,) * 50,
                   evidence={"passage": "重复" * 500, "items": list(range(100))})
    data = finding_to_json(many)
    assert len(data["span"]["text"]) == bounds.SPAN_TEXT_CHARS and data["span"]["text_truncated"]
    assert data["span"]["end"] - data["span"]["start"] == finding.span.end - finding.span.start
    assert len(data["related"]) == bounds.RELATED_SPANS and data["related_omitted"] == 30
    assert len(data["evidence"]["passage"]) == bounds.SPAN_TEXT_CHARS
    assert len(data["evidence"]["items"]) == bounds.RELATED_SPANS


def test_results_keep_the_first_facts_and_their_number(monkeypatch):
    from auditor import pipeline

    monkeypatch.setattr(pipeline, "FACTS_KEPT", 3)
    result = audit_text("\n".join(SENTENCE.format(i=i, a=100 + i, b=90 + i, c=90) for i in range(5)))
    assert len(result.facts) == 3
    assert result.facts_total == result.fact_count >= 10
