"""End to end on a seed-like report: the must-finds are found where an auditor would put them,
and the must-not list stays silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.pipeline import audit_path

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def result():
    return audit_path(DATA / "seedlike.txt")


def _located(result, code):
    text = result.source.text
    return [(f.span.line, text[f.span.start:f.span.end]) for f in result.findings if f.code == code]


def test_both_unit_slips_found_on_the_slipped_amount(result):
    assert _located(result, "AU101") == [(7, "20.00 元"), (23, "20.00 元")]


def test_unit_slip_is_not_reported_as_a_wrong_rate(result):
    assert _located(result, "AU102") == []


def test_no_problem_claim_against_rectification(result):
    found = [f for f in result.findings if f.code == "AU201"]
    assert len(found) == 1
    assert found[0].span.text == "存在问题：无。"
    related = {span.text for span in found[0].related}
    assert "无。" in related
    assert any("针对本部门绩效自评中存在的问题" in text for text in related)


def test_restarted_heading(result):
    assert [line for line, _ in _located(result, "AU301")] == [25]


def test_rates_recorded_as_passing_checks(result):
    passing = [c for c in result.checks if c.kind == "rate" and c.status.value == "pass"]
    assert [c.span.text for c in passing] == ["94.09%", "80%", "80%"]
    assert "91.67 万元/97.43 万元 = 94.09%" in passing[0].detail


@pytest.mark.parametrize("silent", ["94.09%", "80%", "100%", "2021-2030 年", "[2024]2 号",
                                    "二十大", "2月底", "10 万余元", "20 场次"])
def test_must_not_list_stays_silent(result, silent):
    text = result.source.text
    start = text.find(silent)
    assert start >= 0
    end = start + len(silent)
    figure_codes = {"AU101", "AU102", "AU103", "AU104", "AU106", "AU107", "AU108", "AU401"}
    hits = [f for f in result.findings
            if f.code in figure_codes and f.span.start < end and start < f.span.end]
    assert hits == []


def test_every_span_indexes_the_text(result):
    text = result.source.text
    spans = [f.span for f in result.findings] + [s for f in result.findings for s in f.related]
    spans += [c.span for c in result.checks]
    for span in spans:
        assert text[span.start:span.end] == span.text
        line_start = text.rfind("\n", 0, span.start) + 1
        assert span.line == text.count("\n", 0, span.start) + 1
        assert span.column == span.start - line_start + 1


def test_gb18030_copy_gives_identical_findings(result, tmp_path):
    copy = tmp_path / "seed-gbk.txt"
    copy.write_bytes(result.source.text.encode("gb18030"))
    again = audit_path(copy)
    assert again.source.encoding == "gb18030"
    key = lambda r: [(f.code, f.span.start, f.span.end, f.message) for f in r.findings]  # noqa: E731
    assert key(again) == key(result)
