"""Normalized and flow views, sentences and the heading tree."""

from __future__ import annotations

import pytest

from auditor.document import AnalysedDocument
from auditor.text.flow import build_flow
from auditor.text.headings import HeadingStyle, build_heading_tree, parse_heading_mark
from auditor.text.normalize import normalize_width
from auditor.text.sentences import ClauseIndex, clause_bounds, split_paragraphs, split_sentences
from auditor.types import Source

# The seed's three page-break cuts, each a paragraph ended mid-sentence, a blank line, the rest.
SEED_CUTS = [
    ("我部门对开展绩效自评工作高度重视,明确部门职责,制定本部门的评价", "指标体系，管理本部门预算绩效日常及考核工作。"),
    ("推动庭院由环境美向生态美、文化美、", "产业兴、农家富拓展。今年以来，共创建美丽庭院 3785 户。"),
    ("发放倡议书 2000 余份；《和美家庭必读手册》编撰工", "作全面启动，2月底成书。"),
]


def test_width_normalization_is_one_to_one():
    text = "２０２５年，增长５．２％（约）：ＡＢｃ；　"
    normalized = normalize_width(text)
    assert normalized == "2025年,增长5.2%(约):ABc; "
    assert len(normalized) == len(text)


@pytest.mark.parametrize(("head", "tail"), SEED_CUTS)
def test_page_break_cuts_are_rejoined(head, tail):
    text = f"一、概况\n\n{head}\n\n{tail}\n\n二、下一节\n"
    flow = build_flow(text)
    joined = normalize_width(head + tail)
    assert joined in flow.text
    start = flow.text.index(joined)
    source_start, source_end = flow.to_source(start, start + len(joined))
    assert text[source_start:source_end].replace("\n", "") == head + tail


@pytest.mark.parametrize("text", [
    "（一）强化思想引领，凝聚同心同行的强大合力\n\n组织召开妇女干部座谈会。\n",
    "存在问题：无。\n\n评价结论：完成各项指标设定值。\n",
    "整改措施\n\n(一)针对本部门绩效自评中存在的问题,及时调整。\n",
    "项目名称\t妇联活动经费\n年度资金总额\t25.00\n",
])
def test_headings_sentences_and_table_rows_are_not_joined(text):
    flow = build_flow(text)
    assert flow.text.count("\n") == len([line for line in text.split("\n") if line.strip()]) - 1


def test_numbered_paragraph_cut_inside_a_unit_is_rejoined():
    text = "1.行政运行（项）。年初预算为192.92万元，支出决算为192.92万\n元，完成年初预算的100.00%。\n"
    assert "192.92万元,完成" in build_flow(text).text


def test_sentences_and_clauses():
    paragraph = split_paragraphs("预算执行率94.09%。其中:项目1个；执行率80%！\n第二段")[0]
    assert [s.text for s in split_sentences(paragraph)] == ["预算执行率94.09%。", "其中:项目1个；", "执行率80%！"]
    text = "年初预算25万元,实际支出20万元,执行率80%。"
    index = ClauseIndex(text)
    for position in range(len(text)):
        assert index.bounds(position) == clause_bounds(text, position)


@pytest.mark.parametrize(("line", "style", "number"), [
    ("一、部门整体概况", HeadingStyle.CHINESE, 1),
    ("十二、其他", HeadingStyle.CHINESE, 12),
    ("（三）项目绩效", HeadingStyle.CHINESE_PAREN, 3),
    ("(二)建立激励与约束机制", HeadingStyle.CHINESE_PAREN, 2),
    ("2. 完善制度", HeadingStyle.ARABIC, 2),
    ("3、强化监控", HeadingStyle.ARABIC, 3),
    ("（4）满意度", HeadingStyle.ARABIC_PAREN, 4),
    ("②产出指标", HeadingStyle.CIRCLED, 2),
    ("第二部分 决算表", HeadingStyle.PART, 2),
    ("六、一般公共预算财政拨款基本支出", HeadingStyle.CHINESE, 6),
    ("—、基本情况", HeadingStyle.CHINESE, 1),  # 一 that a PDF font mapped to a dash
    ("1 1 . 2 0 2 6年农林水支出", HeadingStyle.ARABIC, 11),  # a letter-spaced PDF line
    ("1.2026年城乡社区支出", HeadingStyle.ARABIC, 1),
])
def test_heading_marks(line, style, number):
    mark = parse_heading_mark(line)
    assert mark is not None and (mark.style, mark.number) == (style, number)


@pytest.mark.parametrize("line", ["一是强化认识", "1.5万元为上年结转", "2023 年度报告", "二十大精神",
                                  "第三条规定", "1 1 200", "12.3%", "——2026年1月",
                                  "十四五、十五五时期衔接", "（十一二）其他"])
def test_not_heading_marks(line):
    assert parse_heading_mark(line) is None


def test_heading_tree_parents():
    text = "一、概况\n（一）职能\n1. 内设机构\n（二）人员\n二、目标\n（一）总体目标\n"
    paragraphs = [(p.start, p.end, p.text) for p in split_paragraphs(text.rstrip("\n"))]
    tree = build_heading_tree(paragraphs)
    titles = [h.title for h in tree]
    parents = [titles[h.parent] if h.parent is not None else None for h in tree]
    assert parents == [None, "一、概况", "（一）职能", "一、概况", None, "二、目标"]


def test_seed_like_heading_span_is_the_heading_line():
    text = ("四、绩效\n\n（一）甲\n\n内容。\n\n（二）乙\n\n内容。\n\n"
            "（一）强化思想引领，凝聚同心同行的强大合力\n\n组织召开座谈会。\n")
    doc = AnalysedDocument(Source("x", "txt", text))
    last = doc.headings[-1]
    assert doc.flow_span(last.start, last.end).text == "（一）强化思想引领，凝聚同心同行的强大合力"


@pytest.mark.parametrize(("line", "closed"), [
    ("关  于  青  岭  县  2026年  预  算  执  行  情  况", "关于青岭县2026年预算执行情况"),
    ("五 年 来 ， 全 县 财 政 收 入 年 均 增 长 3.2% 。", "五年来,全县财政收入年均增长3.2%。"),
    ("2 0 2 5 年 政 府 债 务 限 额 12 34 亿 元", "2025年政府债务限额12 34亿元"),
])
def test_a_line_set_apart_character_by_character_is_closed_up(line, closed):
    text = f"前言\n{line}\n"
    flow = build_flow(text)
    assert closed in flow.text
    start = flow.text.index(closed)
    source_start, source_end = flow.to_source(start, start + len(closed))
    assert "".join(normalize_width(text[source_start:source_end]).split()) == "".join(closed.split())


@pytest.mark.parametrize("line", [
    "项目    2024年     2025年    增长",  # cells of a table keep their gaps
    "2025 年全县一般公共预算收入 61,200 万元，增长 2.4%。",  # spaces around figures only
    "一般公共预算收入\t61200\t58400",
])
def test_ordinary_lines_keep_their_spaces(line):
    assert build_flow(line).text == normalize_width(line)
