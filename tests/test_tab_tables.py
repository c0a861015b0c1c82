"""Tab-separated tables in text files become addressable cells checked like Word tables."""

from __future__ import annotations

from auditor.ingest import read_source
from auditor.ingest.tab_tables import tab_table_cells
from auditor.pipeline import audit_path

TABLE_REPORT = """2024年度饮水安全项目支出绩效自评报告

一、绩效自评表
项目名称\t农村饮水安全
项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
年度资金总额\t288.05\t288.05\t250.00\t10\t86.79%\t8.68
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
产出指标\t数量指标\t受益人口\t≥4.2万人\t4.3万人\t50\t48\t
效益指标\t社会效益指标\t自来水普及率\t93.6%\t达到\t30\t30\t
满意度指标\t服务对象满意度指标\t服务对象满意度\t≥90%\t达到\t10\t10\t
总分\t\t\t\t\t100\t96.68

二、说明
表中各项数字已核对。
"""


def test_blocks_of_tab_lines_become_cells():
    text = "前言\na\tb\tc\nd\t\tf\n正文\n单行\t不是表格\n"
    cells = tab_table_cells(text)
    assert [(c.table, c.row, c.column, text[c.start:c.end]) for c in cells] == [
        (0, 0, 0, "a"), (0, 0, 1, "b"), (0, 0, 2, "c"),
        (0, 1, 0, "d"), (0, 1, 1, ""), (0, 1, 2, "f"),
    ]


def test_text_table_is_checked_with_cell_coordinates(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text(TABLE_REPORT.replace("\t96.68", "\t98.68"), encoding="utf-8")
    source = read_source(path)
    assert len(source.cells) > 20
    result = audit_path(path)
    wrong = [f for f in result.findings if f.code == "AU104"]
    assert [(f.span.text, f.span.cell) for f in wrong] == [("98.68", (0, 7, 6))]


def test_consistent_text_table_is_silent_and_verified(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text(TABLE_REPORT, encoding="utf-8")
    result = audit_path(path)
    figure_findings = [f for f in result.findings if f.code.startswith("AU1")]
    assert figure_findings == []
    table_checks = [c for c in result.checks if c.span.cell is not None]
    assert table_checks and all(c.status.value == "pass" for c in table_checks)


def test_table_total_against_the_prose(tmp_path):
    prose = "\n三、项目执行\n\n项目全年预算288.05万元，全年执行250.00万元，预算执行率为86.79%。\n"
    path = tmp_path / "agree.txt"
    path.write_text(TABLE_REPORT + prose, encoding="utf-8")
    agree = audit_path(path)
    assert [f for f in agree.findings if f.code == "AU105"] == []
    assert any(c.kind == "restatement" and c.span.cell is not None and c.status.value == "pass"
               for c in agree.checks)

    path = tmp_path / "differ.txt"
    path.write_text(TABLE_REPORT + prose.replace("250.00万元，预算执行率为86.79%", "260.00万元，预算执行率为90.26%"),
                    encoding="utf-8")
    differ = audit_path(path)
    conflicts = [(f.span.text, f.span.cell, sorted(s.text for s in f.related))
                 for f in differ.findings if f.code == "AU105"]
    assert conflicts == [("250.00", (0, 2, 3), ["260.00万元"]), ("86.79%", (0, 2, 5), ["90.26%"])]
