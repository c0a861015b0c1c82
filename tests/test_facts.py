"""Facts: attribute and scope binding."""

from __future__ import annotations

from auditor.document import AnalysedDocument
from auditor.extract.figures import build_figures
from auditor.types import Source

FINAL_ACCOUNTS = """五、一般公共预算财政拨款支出决算情况说明
本部门全年支出合计307.82万元。
1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。
主要用于行政单位人员支出。全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。
（二）公务接待费
全年预算为2.00万元，支出决算为1.50万元。
“社区养老服务”项目年初预算为120.00万元，实际支出108.00万元，执行率为90.00%。
"""


def _facts(text):
    figures = build_figures(AnalysedDocument(Source("x", "txt", text)))
    return [(f.fact.scope, f.fact.attribute, f.fact.quantity.text) for f in figures.facts.facts]


def test_scopes_follow_line_item_headings_and_named_projects():
    facts = _facts(FINAL_ACCOUNTS)
    assert ("部门整体", "spent", "307.82万元") in facts
    item = "一般公共服务支出（类）社会工作事务（款）行政运行（项）"
    assert (item, "budget", "52.00万元") in facts
    assert (item, "spent", "51.32万元") in facts
    assert (item, "completion_rate", "98.69%") in facts
    assert ("公务接待费", "budget", "2.00万元") in facts
    assert ("社区养老服务", "exec_rate", "90.00%") in facts


def test_section_titles_are_not_scopes():
    facts = _facts("三、支出决算情况说明\n本年支出合计307.82万元，其中：基本支出105.58万元。\n")
    assert facts[0][0] == "部门整体"
    assert facts[1][0] == "基本支出"


def test_attribute_is_the_nearest_word_in_the_clause():
    facts = _facts("年初预算为25万元，到位数20.00万元，实际支出20.00万元，执行率为80%，完成年初预算的80%。")
    assert [a for _, a, _ in facts] == ["budget", "received", "spent", "exec_rate", "completion_rate"]
