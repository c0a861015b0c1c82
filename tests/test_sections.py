"""Section synonyms, report types and section extents (auditor.text.sections)."""

from __future__ import annotations

import pytest

from auditor.document import AnalysedDocument
from auditor.text.sections import (
    BUDGET_EXECUTION,
    DEPARTMENT_REPORT,
    FINAL_ACCOUNTS,
    PROJECT_REPORT,
    SCORE_FORM,
    UNKNOWN_REPORT,
    detect_report_type,
    report_title,
    section_kind,
    section_kinds,
    sections,
    table_of_contents,
)
from auditor.types import Source


def analyse(text: str) -> AnalysedDocument:
    return AnalysedDocument(Source("<test>", "txt", text))


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("一、部门整体概况", "overview"),
        ("一、部门基本情况", "overview"),
        ("二、部门整体绩效目标和绩效指标设定情况", "targets"),
        ("三、绩效评价组织情况", "organisation"),
        ("三、绩效自评工作开展情况", "organisation"),
        ("四、绩效实现情况分析", "achievement"),
        ("（一）部门整体绩效目标完成情况", "achievement"),
        ("五、存在问题", "problems"),
        ("五、存在的问题及原因分析", "problems"),
        ("（三）主要问题", "problems"),
        ("存在问题：", "problems"),
        ("六、整改措施", "measures"),
        ("六、改进措施", "measures"),
        ("七、下一步工作", "measures"),
        ("七、有关建议", "measures"),
        ("结果应用:", "application"),
        ("评价结论", "conclusion"),
        ("八、其他需要说明的问题", "other"),
        ("二、2025年工作回顾", None),
        # A numbered sentence is not a section title, whatever words it holds.
        ("（一）针对本部门绩效自评中存在的问题，及时调整和优化后续及以后年度预算支出的方向和结构",
         None),
    ],
)
def test_section_kind(title, kind):
    assert section_kind(title) == kind


def test_a_title_can_name_several_kinds_in_order():
    assert section_kinds("六、相关建议、改进措施及结果应用") == ("measures", "application")


@pytest.mark.parametrize(
    ("text", "report_type"),
    [
        ("2023 年度妇联整体绩效自评工作报告\n一、部门整体概况\n正文。", DEPARTMENT_REPORT),
        ("2023年度县文化局部门整体支出绩效自评报告\n一、部门基本情况", DEPARTMENT_REPORT),
        ("2024年度乡村振兴衔接资金项目支出绩效自评报告\n一、项目概况", PROJECT_REPORT),
        ("中共某区委\n社会工作部 2024 年度\n部门决算\n目 录\n第一部分 概况", FINAL_ACCOUNTS),
        ("关于某市2025年预算执行情况和2026年预算草案的报告\n各位代表：", BUDGET_EXECUTION),
        ("2026年某省政府工作报告\n各位代表：\n现在，我代表省人民政府报告工作。", UNKNOWN_REPORT),
        ("某中学校舍维修经费项目绩效自评表\n项目名称\n校舍维修经费\n主管部门\n某区教育局", SCORE_FORM),
        ("某中学校舍维修经费项目绩效自评报告（附绩效自评表）\n一、项目概况", PROJECT_REPORT),
    ],
)
def test_detect_report_type(text, report_type):
    assert detect_report_type(analyse(text)) == report_type


def test_title_broken_over_lines_is_read_as_one():
    doc = analyse("中共某区委\n社会工作部 2024 年度\n部门决算\n目 录\n第一部分 概况")
    title = report_title(doc)
    assert title is not None
    assert "2024" in title[2]
    assert title[2].startswith("中共某区委")


SEEDLIKE = """2023 年度妇联整体绩效自评工作报告

一、部门整体概况

本部门 2023 年度申请预算资金 97.43 万元。

四、绩效实现情况分析

（一）部门整体绩效目标完成情况

完成2023年整体绩效目标。

存在问题：无。

评价结论：完成各项指标设定值，自评为优。

五、存在问题

无。

六、相关建议、改进措施及结果应用

整改措施

(一)针对本部门绩效自评中存在的问题,及时调整预算支出的方向和结构。

结果应用:

一是强化认识,重视绩效自评工作。
"""


def test_sections_of_a_seedlike_report():
    doc = analyse(SEEDLIKE)
    found = [(s.kinds, s.title) for s in sections(doc)]
    assert found == [
        (("overview",), "一、部门整体概况"),
        (("achievement",), "四、绩效实现情况分析"),
        (("achievement",), "(一)部门整体绩效目标完成情况"),
        (("problems",), "存在问题:"),
        (("conclusion",), "评价结论:"),
        (("problems",), "五、存在问题"),
        (("measures", "application"), "六、相关建议、改进措施及结果应用"),
        (("measures",), "整改措施"),
        (("application",), "结果应用:"),
    ]


def test_section_extents():
    doc = analyse(SEEDLIKE)
    by_title = {s.title: s for s in sections(doc)}
    flow = doc.flow.text
    inline = by_title["存在问题:"]
    assert flow[inline.body_start:inline.end].strip() == "无。"
    chapter = by_title["四、绩效实现情况分析"]
    # A chapter runs to the next heading of its level and holds the labels inside it.
    assert "评价结论" in flow[chapter.body_start:chapter.end]
    assert "五、存在问题" not in flow[chapter.body_start:chapter.end]
    label = by_title["整改措施"]
    body = flow[label.body_start:label.end]
    assert "针对本部门" in body
    assert "结果应用" not in body


def test_table_of_contents_ends_where_the_body_repeats_its_first_entry():
    doc = analyse("目录\n一、部门概况\n二、存在问题……3\n一、部门概况\n本部门负责社会工作。")
    toc = table_of_contents(doc)
    assert toc is not None
    assert [entry.title for entry in toc.entries] == ["一、部门概况", "二、存在问题"]
    assert doc.flow.text[toc.end:].lstrip().startswith("一、部门概况\n本部门")


def test_no_table_of_contents_without_its_heading():
    assert table_of_contents(analyse("一、部门概况\n二、存在问题\n")) is None


def test_sections_skip_the_table_of_contents():
    doc = analyse("目录\n一、部门概况\n二、存在问题\n一、部门概况\n正文。\n二、存在问题\n无。")
    starts = [s.start for s in sections(doc)]
    toc = table_of_contents(doc)
    assert toc is not None
    assert all(start >= toc.end for start in starts)
    assert len(starts) == 2
