"""Baselines: round trip, hiding accepted findings, surviving edits elsewhere."""

from __future__ import annotations

import json
import os

import pytest

from auditor.baseline import baseline_of, read_baseline, write_baseline
from auditor.config import ConfigError
from auditor.locate import Locator
from auditor.result import DocumentResult
from auditor.types import Severity
from tests.report_samples import make_finding, seed_like_result, source_of, span_of


def _typo_result(text: str, path: str) -> DocumentResult:
    source = source_of(text, path)
    loc = Locator(source)
    findings = tuple(
        make_finding("AU501", "typo", Severity.WARNING, "疑为错别字", span_of(loc, "按要式", n))
        for n in range(1, text.count("按要式") + 1)
    )
    return DocumentResult(path, "txt", source.sha256, source, findings)


def test_round_trip_hides_everything(tmp_path):
    result = seed_like_result(path=str(tmp_path / "r.txt"))
    path = tmp_path / "baseline.json"
    write_baseline(baseline_of([result], path), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["documents"]["r.txt"] == sorted(f.fingerprint for f in result.findings)
    kept, hidden = read_baseline(path).filter(result)
    assert kept.findings == () and hidden == len(result.findings)


def test_survives_edits_elsewhere_and_reports_new(tmp_path):
    doc = str(tmp_path / "a.txt")
    before = _typo_result("一、概况\n按要式完成。\n", doc)
    path = tmp_path / "baseline.json"
    write_baseline(baseline_of([before], path), path)
    after = _typo_result("新增一段文字。\n\n一、概况\n按要式完成。\n后来又按要式办理。\n", doc)
    assert after.findings[0].span.start != before.findings[0].span.start
    kept, hidden = read_baseline(path).filter(after)
    assert hidden == 1
    assert [f.span.line for f in kept.findings] == [5]


def test_paths_relative_to_baseline_folder(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    result = _typo_result("按要式\n", "sub/a.txt")
    path = tmp_path / "baseline.json"
    write_baseline(baseline_of([result], path), path)
    monkeypatch.chdir(tmp_path / "sub")
    moved = _typo_result("按要式\n", "a.txt")
    assert read_baseline(path).filter(moved)[1] == 1
    other = _typo_result("按要式\n", os.path.join("..", "other.txt"))
    assert read_baseline(path).filter(other)[1] == 0


@pytest.mark.parametrize("content", ["not json", '{"schema_version": "9"}',
                                     '{"schema_version": "1", "documents": {"a": [1]}}'])
def test_bad_baseline_is_config_error(tmp_path, content):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_baseline(path)
    assert caught.value.code == "AU010"


def test_missing_baseline(tmp_path):
    with pytest.raises(ConfigError, match="基线"):
        read_baseline(tmp_path / "none.json")
