"""AU504 and how every output shows characters a reader cannot see."""

from __future__ import annotations

import csv
import io
import json

from auditor.hidden_chars import HiddenKind, escape_hidden, hidden_table
from auditor.pipeline import audit_text
from auditor.report.csv_report import render_csv
from auditor.report.html_text import show
from auditor.report.json_report import batch_to_json, document_to_json, dumps
from auditor.report.text_report import render_text

SPOOF = "2024年度项目支出绩效自评报告\n\n预算执行率为\u202e%09，较上年提高。\n"


def test_bidi_controls_are_errors_one_per_character():
    result = audit_text(SPOOF)
    found = [f for f in result.findings if f.code == "AU504"]
    assert [(f.severity.value, f.span.text) for f in found] == [("error", "\u202e")]
    assert "RLO" in found[0].message and "U+202E" in found[0].message
    assert "\u202e" not in found[0].message


def test_zero_width_and_controls_are_summed_up_per_kind():
    text = "绩效\u200b目标\u200b完成。\n第二行\u200d。\n第三行\x00\x1b。\n"
    found = {f.severity.value: f for f in audit_text(text).findings if f.code == "AU504"}
    assert set(found) == {"info", "warning"}
    assert found["info"].evidence["count"] == 3 and "ZWSP ×2" in found["info"].evidence["characters"]
    assert len(found["info"].related) == 2
    assert found["warning"].evidence["count"] == 2


def test_file_name_with_an_override_is_reported():
    result = audit_text("一、概况\n本部门预算 10 万元。\n", path="reports/\u202egnp.txt")
    [finding] = [f for f in result.findings if f.code == "AU504"]
    assert "文件名" in finding.message and "⟨RLO U+202E⟩gnp.txt" in finding.message
    assert finding.span.start == finding.span.end == 0


def test_layout_characters_are_not_hidden():
    for char in "\t\n\r\f":
        assert char not in hidden_table()
    assert hidden_table()["\u2028"].kind is HiddenKind.INVISIBLE
    assert hidden_table()["\x00"].label == "NUL"
    assert hidden_table()["\U000e0041"].kind is HiddenKind.CONTROL


def test_outputs_show_markers_not_the_characters():
    result = audit_text(SPOOF, path="\u202egnp.txt")
    html = str(show("执行率为\u202e%09\u2028\x00"))
    assert "\u202e" not in html and "\u2028" not in html and "\x00" not in html
    assert 'class="hc hc-bidi"' in html and ">RLO<" in html and ">LS<" in html and ">NUL<" in html
    terminal = render_text(result, color=False)
    assert "\u202e" not in terminal and "⟨RLO U+202E⟩" in terminal
    rows = list(csv.reader(io.StringIO(render_csv([result]))))
    assert not any("\u202e" in cell for row in rows for cell in row)
    serialised = dumps(batch_to_json([document_to_json(result)]))
    assert "\u202e" not in serialised and "\\u202e" in serialised
    assert json.loads(serialised)["documents"][0]["path"] == "\u202egnp.txt"
    assert escape_hidden("无隐藏字符") == "无隐藏字符"
