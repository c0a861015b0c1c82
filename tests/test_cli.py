"""The command line, driven through typer's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.rules.registry import all_rules

DATA = Path(__file__).parent / "data"
runner = CliRunner()


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(DATA / "seedlike.txt", folder / "seedlike.txt")
    (folder / "clean.txt").write_text(
        "2024 年度项目支出绩效自评报告\n\n一、项目概况\n\n年初预算 100.00 万元，实际支出 90.00 万元，执行率 90.00%。\n",
        encoding="utf-8",
    )
    (folder / "notes.xyz").write_text("不是报告", encoding="utf-8")
    return folder


def test_scan_writes_json_and_html_and_exits_1_on_errors(batch, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(batch), "--out", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == "1"
    assert data["tool"]["name"] == "auditor"
    paths = sorted(Path(d["path"]).name for d in data["documents"])
    assert paths == ["clean.txt", "seedlike.txt"]
    seed = next(d for d in data["documents"] if d["path"].endswith("seedlike.txt"))
    codes = [f["code"] for f in seed["findings"]]
    assert codes.count("AU101") == 2 and "AU201" in codes and "AU301" in codes
    for finding in seed["findings"]:
        assert set(finding) == {"code", "name", "severity", "message", "span", "related",
                                "evidence", "fingerprint"}
        assert set(finding["span"]) >= {"start", "end", "text", "line", "column", "page"}
    assert data["summary"]["documents"] == 2
    assert data["summary"]["findings"]["error"] >= 4
    assert (out / "index.html").exists()
    pages = [p for p in out.iterdir() if p.suffix == ".html" and p.name != "index.html"]
    assert len(pages) == 2
    assert "notes.xyz" in result.output  # skipped with a notice


def test_scan_fail_on_never_exits_0(batch, tmp_path):
    result = runner.invoke(app, ["scan", str(batch), "--out", str(tmp_path / "o"),
                                 "--fail-on", "never", "--quiet"])
    assert result.exit_code == 0, result.output


def test_scan_select_and_ignore_by_prefix(batch, tmp_path):
    out = tmp_path / "o"
    runner.invoke(app, ["scan", str(batch), "--out", str(out), "--select", "AU1",
                        "--ignore", "AU102,AU105", "--quiet"])
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    codes = {f["code"] for d in data["documents"] for f in d["findings"]}
    assert codes == {"AU101"}


def test_clean_report_exits_0(batch, tmp_path):
    result = runner.invoke(app, ["check", str(batch / "clean.txt"), "--format", "json",
                                 "--select", "AU1,AU2,AU301"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    document = data["documents"][0]
    assert document["findings"] == []
    assert [c["status"] for c in document["checks"]] == ["pass"]


def test_check_json_matches_scan(batch, tmp_path):
    out = tmp_path / "o"
    runner.invoke(app, ["scan", str(batch / "seedlike.txt"), "--out", str(out), "--format", "json"])
    scanned = json.loads((out / "findings.json").read_text(encoding="utf-8"))["documents"][0]
    checked = runner.invoke(app, ["check", str(batch / "seedlike.txt"), "--format", "json"])
    assert checked.exit_code == 1
    assert json.loads(checked.output)["documents"][0]["findings"] == scanned["findings"]


def test_check_text_format_is_path_line_col(batch):
    result = runner.invoke(app, ["check", str(batch / "seedlike.txt")])
    assert f"{batch / 'seedlike.txt'}:7:" in result.output
    assert "AU101" in result.output


def test_unknown_format_is_a_usage_error(batch, tmp_path):
    result = runner.invoke(app, ["scan", str(batch), "--out", str(tmp_path / "o"), "--format", "pdf"])
    assert result.exit_code == 2
    assert "未知的输出格式" in result.output


def test_missing_path_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["scan", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_rules_lists_every_code():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for rule in all_rules():
        assert rule.code in result.output
    assert "AU001" in result.output


def test_explain_prints_the_docstring():
    result = runner.invoke(app, ["explain", "au101"])
    assert result.exit_code == 0
    assert "检查内容" in result.output and "万元" in result.output


def test_explain_unknown_code_exits_2():
    assert runner.invoke(app, ["explain", "AU999"]).exit_code == 2


def test_extract_lists_scoped_facts(batch):
    result = runner.invoke(app, ["extract", str(batch / "seedlike.txt"), "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    line7 = [(r["scope"], r["attribute"], r["value"], r["unit"]) for r in rows if r["line"] == 7]
    assert ("部门整体", "budget", "97.43", "万元") in line7
    assert ("部门整体", "spent", "91.67", "万元") in line7
    assert ("部门整体", "exec_rate", "94.09", "%") in line7
    project = [row for row in line7 if row[0] != "部门整体"]
    assert [(a, v, u) for _, a, v, u in project if a != "count"] == [
        ("budget", "25.00", "万元"), ("received", "20.00", "万元"), ("spent", "20.00", "元"),
        ("exec_rate", "80", "%")]


def test_unreadable_file_gets_an_error_entry(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "ok.txt").write_text("存在问题：无。", encoding="utf-8")
    out = tmp_path / "o"
    result = runner.invoke(app, ["scan", str(folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 1
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    junk = next(d for d in data["documents"] if d["path"].endswith("junk.txt"))
    assert junk["status"] == "error" and junk["error"]["code"] == "AU001"
    assert data["summary"]["errors"] == 1
