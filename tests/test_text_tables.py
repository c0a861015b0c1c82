"""Tables rebuilt from text lines: halves, wrapped rows, tab grids, statements."""

from __future__ import annotations

from auditor.document import AnalysedDocument
from auditor.extract.statements import bare_label, entity_of, statement_of, table_kind
from auditor.text.lines import Line
from auditor.text.text_tables import parse_halves
from auditor.types import Source


def _line(text: str) -> Line:
    return Line(0, 0, len(text), text)


def _shape(text: str) -> list[tuple[str, str, list[str]]]:
    return [(h.code.text if h.code else "", h.label.text if h.label else "",
             [a.text for a in h.amounts]) for h in parse_halves(_line(text), text)]


def test_a_row_is_code_name_and_amounts():
    assert _shape("2013901 行政运行 51.32 51.32") == [("2013901", "行政运行", ["51.32", "51.32"])]


def test_two_halves_on_one_line():
    assert _shape("一、一般公共预算财政拨款收入 307.82 一、一般公共服务支出 264.87") == [
        ("", "一、一般公共预算财政拨款收入", ["307.82"]), ("", "一、一般公共服务支出", ["264.87"])]
    assert _shape("二、政府性基金预算财政拨款收入 二、外交支出") == [
        ("", "二、政府性基金预算财政拨款收入", []), ("", "二、外交支出", [])]
    assert _shape("30101 基本工资 14.12 30201 办公费 3.78") == [
        ("30101", "基本工资", ["14.12"]), ("30201", "办公费", ["3.78"])]


def test_a_lone_code_opens_a_row_whose_name_wraps():
    assert _shape("2080505") == [("2080505", "", [])]


def _statements(text: str):
    doc = AnalysedDocument(Source("x.txt", "txt", text))
    return [statement_of(table, doc.text) for table in doc.text_tables]


WRAPPED = "\n".join([
    "本部门一般公共预算财政拨款支出情况见下表。",
    "一般公共预算财政拨款支出决算表",
    "单位：万元",
    "项目",
    "合计 基本支出 项目支出",
    "科目编码 科目名称",
    "208 社会保障和就业支出 10.82 10.82",
    "20805 行政事业单位养老支出 10.82 10.82",
    "2080505",
    "机关事业单位",
    "基本养老保险",
    "缴费支出",
    "6.18 6.18",
    "2080506 机关事业单位职业年金缴费支出 4.64 4.64",
    "合计 10.82 10.82",
    "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
])


def test_wrapped_rows_are_joined_and_the_table_is_read_as_a_statement():
    statements = _statements(WRAPPED)
    assert len(statements) == 1
    statement = statements[0]
    assert statement.title == "一般公共预算财政拨款支出决算表" and statement.unit == "万元"
    assert statement.total_first and statement.sides == ("支出",)
    codes = {item.code: item for item in statement.items if item.code}
    assert bare_label(codes["2080505"].label_piece.text) == "机关事业单位基本养老保险缴费支出"
    assert [a.piece.text for a in codes["2080505"].amounts] == ["6.18", "6.18"]


def test_tab_separated_rows_keep_their_blank_cells():
    text = "\n".join([
        "国有资本经营预算收支决算总表",
        "单位：万元",
        "预算科目\t决算数\t预算科目\t决算数",
        "利润收入\t2,900\t解决历史遗留问题及改革成本支出\t25",
        "股利、股息收入\t\t国有企业资本金注入\t8,616",
        "\t\t调出资金\t263",
        "收入合计\t2,900\t支出合计\t8,904",
    ])
    statement = _statements(text)[0]
    halves = [(item.half, item.label, [a.piece.text for a in item.amounts]) for item in statement.items]
    assert (0, "股利、股息收入", [""]) in halves
    assert (1, "调出资金", ["263"]) in halves


def test_titles_name_their_kind_and_entity():
    assert table_kind("2024年全省一般公共预算收入决算表") == table_kind("2024年省本级一般公共预算收入决算表")
    assert entity_of("2025年度和田地区一般公共预算（本级）支出决算表") == "和田地区|本级"
    assert entity_of("支出决算表") == ""
