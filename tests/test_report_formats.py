"""CSV, SARIF and terminal text output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from auditor.report.csv_report import COLUMNS, write_csv
from auditor.report.sarif import build_sarif, write_sarif
from auditor.report.text_report import render_text, should_color, width
from auditor.rules.registry import all_rules
from tests.report_samples import (
    clean_result,
    error_result,
    hostile_result,
    make_finding,
    seed_like_result,
    source_of,
    span_of,
)

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def test_csv_has_bom_and_round_trips_chinese(tmp_path):
    path = tmp_path / "findings.csv"
    results = [seed_like_result(), error_result(), clean_result()]
    write_csv(results, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(COLUMNS)
    expected = sorted(results[0].findings, key=lambda f: (f.span.start, f.code))
    assert list(COLUMNS) == ["文件", "代码", "规则", "级别", "说明", "行", "列", "页", "表格单元格",
                             "原文", "指纹"]
    assert [row["说明"] for row in rows[:-1]] == [f.message for f in expected]
    assert [row["原文"] for row in rows[:-1]] == [f.span.text for f in expected]
    assert [row["代码"] for row in rows[:-1]] == [f.code for f in expected]  # codes unchanged
    assert [row["指纹"] for row in rows[:-1]] == [f.fingerprint for f in expected]
    first = rows[0]
    assert (first["行"], first["页"], first["级别"]) == (str(expected[0].span.line), "1", "错误")
    assert first["规则"] == "金额单位错位"
    assert rows[-1]["代码"] == "AU003" and rows[-1]["文件"] == "reports/扫描件.pdf"


def test_csv_neutralizes_formulas(tmp_path):
    text = "=HYPERLINK(\"http://x\") 说明\n"
    loc_source = source_of(text)
    from auditor.locate import Locator

    loc = Locator(loc_source)
    from auditor.result import DocumentResult
    from auditor.types import Severity

    finding = make_finding("AU503", "placeholder-residue", Severity.WARNING, "+公式",
                           span_of(loc, '=HYPERLINK("http://x")'))
    result = DocumentResult("a.txt", "txt", "", loc_source, (finding,))
    path = tmp_path / "f.csv"
    write_csv([result], path)
    row = next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert row["原文"] == "'=HYPERLINK(\"http://x\")"
    assert row["说明"] == "'+公式"


def _validate(log: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    validator.validate(log)


def test_sarif_validates_against_schema(tmp_path):
    path = tmp_path / "findings.sarif"
    results = [seed_like_result(), hostile_result(), error_result(), clean_result()]
    write_sarif(results, path)
    log = json.loads(path.read_text(encoding="utf-8"))
    _validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    for item in run["results"]:
        assert ids[item["ruleIndex"]] == item["ruleId"]
    findings = [f for r in results for f in r.findings]
    assert len(run["results"]) == len(findings) + 1  # + the unreadable document


def test_sarif_rejects_what_schema_forbids():
    log = build_sarif([seed_like_result()])
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validate(log)


def test_sarif_regions_point_at_the_span():
    result = seed_like_result()
    log = build_sarif([result])
    first = min(result.findings, key=lambda f: f.span.start)
    match = next(item for item in log["runs"][0]["results"]
                 if item["locations"][0]["physicalLocation"]["region"]["charOffset"]
                 == first.span.start)
    region = match["locations"][0]["physicalLocation"]["region"]
    text = result.source.text
    assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == first.span.text
    assert (region["startLine"], region["startColumn"]) == (first.span.line, first.span.column)
    assert region["endColumn"] - region["startColumn"] == len(first.span.text)
    assert match["relatedLocations"][0]["physicalLocation"]["region"]["snippet"]["text"] == (
        first.related[0].text)
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_sarif_rules_have_docstring_help():
    log = build_sarif([])
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert "AU003" in rules
    for rule_class in all_rules():
        rule = rules[rule_class.code]
        assert rule["help"]["text"] == (rule_class.documentation() or rule_class.summary()
                                        or rule_class.name)
        assert rule["name"] == rule_class.name


def test_text_output_ruff_style():
    result = seed_like_result()
    text = render_text(result, color=False)
    first = min(result.findings, key=lambda f: (f.span.start, f.code))
    head = f"{result.path}:{first.span.line}:{first.span.column}: {first.code} "
    lines = text.splitlines()
    assert lines[0].startswith(head)
    assert "\x1b[" not in text
    source_line = lines[2].split(" | ", 1)[1]
    caret_line = lines[3].split(" | ", 1)[1]
    # the caret sits under the span, counting wide characters as two columns
    marked_start = width(source_line[:source_line.index(first.span.text)])
    assert caret_line.index("^") == marked_start
    assert caret_line.count("^") == width(first.span.text)
    assert lines[-1].startswith("发现 7 个问题")


def test_text_output_colour_and_errors():
    coloured = render_text(error_result(), color=True)
    assert "\x1b[" in coloured and "AU003" in coloured
    assert render_text(clean_result(), color=False).strip() == "未发现问题"


def test_colour_only_on_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert should_color(Tty()) and not should_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not should_color(Tty())


def test_sarif_relative_paths_have_a_base_and_pdf_regions_their_page():
    from dataclasses import replace

    result = seed_like_result()  # relative path, pages set
    absolute = replace(clean_result(), path="/srv/报告/干净.txt")
    log = build_sarif([result, absolute])
    _validate(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file:///")
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"].endswith("/")
    artifacts = [item["locations"][0]["physicalLocation"]["artifactLocation"]
                 for item in run["results"]]
    assert all(artifact["uriBaseId"] == "SRCROOT" for artifact in artifacts)
    assert artifacts[0]["uri"] == "reports/%E5%A6%87%E8%81%942023%E8%87%AA%E8%AF%84%E6%8A%A5%E5%91%8A.txt"
    on_page_two = [item for item in run["results"]
                   if item["locations"][0]["physicalLocation"]["region"]["startLine"] >= 13]
    assert on_page_two and all(
        item["locations"][0]["physicalLocation"]["region"]["properties"]["page"] == 2
        for item in on_page_two)
    plain = build_sarif([replace(error_result(), path="/srv/扫描件.pdf")])["runs"][0]["results"][0]
    assert plain["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///srv/%E6%89%AB%E6%8F%8F%E4%BB%B6.pdf"}
