"""Where a listed enumeration ends, and what else its figures can tell (issue 10).

Each cause found on development text has a defect that must be found and a clean look-alike
that must stay silent; the wording and numbers are ours.
"""

from __future__ import annotations

from auditor.document import AnalysedDocument
from auditor.extract.extraction import build_extraction
from auditor.pipeline import audit_text
from auditor.types import Source

SUM_CODES = ("AU101", "AU104", "AU106", "AU107")


def _sums(text: str) -> list:
    return list(build_extraction(AnalysedDocument(Source("<test>", "txt", text))).sums)


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.span.text) for f in audit_text(text).findings if f.code in SUM_CODES]


# ------------------------------------------------ a limit after the parts is no part

DEBT = ("年末全市政府债务余额 1286.40 亿元，其中：一般债务 402.15 亿元、专项债务 884.25 亿元，"
        "控制在省核定的债务限额 1350.00 亿元以内。")


def test_a_limit_the_total_keeps_within_ends_the_list():
    (relation,) = _sums(DEBT)
    assert [p.amount.fact.quantity.text for p in relation.parts] == ["402.15 亿元", "884.25 亿元"]
    assert relation.complete and relation.holds and _found(DEBT) == []


def test_a_slipped_part_before_the_limit_is_found():
    assert ("AU101", "884.25 万元") in _found(DEBT.replace("884.25 亿元", "884.25 万元"))


def test_a_wrong_part_before_the_limit_is_found():
    assert _found(DEBT.replace("884.25", "864.25"))[0][0] == "AU104"


# ------------------------------------------------ a list mixing two scales, one small part slipped

MIXED = ("全区社会保险基金预算收入 2.51 亿元，其中，保险费收入 1.1 亿元，财政补贴收入 1.4 亿元，"
         "利息收入 60 万元，转移收入 38 万元，集体补助收入 5 万元。")


def test_a_small_part_that_closes_a_mixed_scale_list_read_larger_is_a_slip():
    assert _found(MIXED) == []
    assert _found(MIXED.replace("1.4 亿元", "1.4 万元")) == [("AU101", "1.4 万元")]


def test_small_parts_of_a_mixed_scale_list_that_close_nothing_stay_silent():
    # 1.1 亿元 + 60 万元 + … is far below 2.51 亿元, and no part read larger makes it exact
    assert _found(MIXED.replace("财政补贴收入 1.4 亿元，", "")) == []
    assert _found(MIXED.replace("1.4 亿元", "0.7 万元")) == []


# ------------------------------------------------ a share of the plan named after the list's total

BASIC = ("2025 年一般公共预算基本支出 846215.40 元，其中：\n"
         "人员经费 712408.15 元，占基本支出预算 84.19%。主要包括：基本工资、津贴补贴、奖金等。\n"
         "公用经费 133807.25 元，占基本支出预算 15.81%。主要包括：办公费、印刷费、水电费等。\n")


def _rates(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.span.text) for f in audit_text(text).findings if f.code == "AU102"]


def test_a_share_of_the_plan_named_after_the_lists_total_is_of_that_total():
    assert _rates(BASIC) == []
    assert _rates(BASIC.replace("84.19%", "88.19%")) == [("AU102", "88.19%")]


def test_a_total_that_is_an_outturn_is_not_the_plan_a_share_names():
    outturn = BASIC.replace("一般公共预算基本支出", "一般公共预算基本支出决算")
    assert _rates(outturn.replace("84.19%", "88.19%")) == []
