"""A list is closed when its parts' names cover a standard decomposition of their total
(issue 10): the decomposition is data (``models/lexicon/decompositions.tsv``), with parts a
list may leave out and, for a budget's balance, the name its total must have.

Each case: the list as written adds up and stays silent; one part written wrong is found
(an open list would let a smaller part pass); a look-alike that is not the whole stays open.
The wording and numbers are ours.
"""

from __future__ import annotations

import pytest

from auditor.pipeline import audit_text
from tests.builders import extraction_of

SUM_CODES = ("AU101", "AU104", "AU106", "AU107")

#: (text that adds up, a part as written, the same part written smaller)
CLOSED = [
    ("年末全县行政事业性国有资产总额 84.6 亿元，其中：行政单位资产 31.2 亿元，事业单位资产 53.4 亿元。",
     "53.4", "49.4"),
    ("二、支出 652.30 万元。其中：人员经费支出 402.16 万元，公用经费支出 58.04 万元，项目支出 192.10 万元。",
     "58.04", "51.04"),
    ("全区政府性基金支出总计 5120 万元，其中本级支出 3870 万元，调出资金 450 万元，结转下年使用 800 万元。",
     "800", "700"),
    ("一般公共预算财政拨款收入合计 268.40 万元，其中：本年收入 251.10 万元，上年结转收入 17.30 万元。",
     "251.10", "231.10"),
    ("全省一般公共预算收入 4870 亿元，其中，中央一般公共预算收入 2130 亿元，地方一般公共预算本级收入 2740 亿元。",
     "2130", "1930"),
    ("全年地方政府债务转贷收入 31,600 万元，其中：新增一般债券收入 18,200 万元，再融资一般债券收入 13,400 万元。",
     "13,400", "12,400"),
    ("专项资金 600 万元，其中年内拨付 420 万元，其余 180 万元结转下年使用。", "180", "150"),
    ("全市一般公共预算支出 356.8 亿元，其中：市本级 128.4 亿元，区县 228.4 亿元。", "128.4", "118.4"),
    ("“三公”经费支出 18.60 万元，其中：因公出国（境）费 0 万元，公务用车购置费 0 万元，"
     "公务用车运行维护费 12.40 万元，公务接待费 6.20 万元。", "6.20", "5.20"),
    ("上级转移支付收入 2360 万元，其中：一般性转移支付收入 1720 万元，专项转移支付收入 640 万元。",
     "640", "580"),
    ("本部门财政拨款支出 1450.6 万元，其中：一般公共预算支出 1320.4 万元，政府性基金预算支出 130.2 万元。",
     "130.2", "110.2"),
    ("国有资本经营预算收入 36.8 亿元，其中：利润收入 28.5 亿元，股利、股息收入 8.3 亿元。", "8.3", "7.3"),
    ("全年区本级一般公共预算收入 64.20 亿元，其中：本级收入 38.75 亿元，转移性收入 25.45 亿元。",
     "25.45", "22.45"),
    ("转移性收入 21.36 亿元，其中：税收返还收入 3200 万元、转移支付收入 14.80 亿元、调入资金 1.9 亿元、"
     "动用预算稳定调节基金 4.34 亿元，收入合计 29.71 亿元。", "4.34", "3.94"),
    ("上级补助收入 86420 万元（其中：税收返还收入 5180 万元、上级转移支付收入 81240 万元）。",
     "81240", "76240"),
    ("全镇财政总收入 7348.6 万元，其中，一般公共预算收入 3912.4 万元，上划中央及省收入 3436.2 万元。",
     "3436.2", "3136.2"),
    ("全县一般公共预算收入 251300 万元，其中：税务部门征收 182640 万元，财政部门征收 68660 万元。",
     "68660", "61660"),
    ("一般公共预算财政拨款基本支出 416.30 万元，其中：工资福利支出 352.18 万元，商品和服务支出 51.72 万元，"
     "对个人和家庭的补助 12.40 万元。", "51.72", "47.72"),
]


def _found(text: str) -> list[str]:
    return [f.code for f in audit_text(text).findings if f.code in SUM_CODES]


@pytest.mark.parametrize(("text", "part", "wrong"), CLOSED, ids=[
    "units", "staff-office-projects", "spending-balance", "income-this-last-year", "central-local",
    "new-refinanced-bonds", "the-rest", "own-lower-levels", "three-costs-cars-split", "transfers-two-kinds",
    "budgets", "state-capital", "own-and-transferred", "transferred-whole", "rebates-and-transfers",
    "kept-and-sent-up", "by-collecting-agency", "basic-by-economic-class"])
def test_a_list_covering_a_standard_decomposition_is_closed(text: str, part: str, wrong: str) -> None:
    (relation,) = extraction_of(text).sums
    assert relation.complete and relation.holds
    assert _found(text) == []
    assert text.count(part) == 1
    assert _found(text.replace(part, wrong)) == ["AU104"]


#: lists that name some members only, or whose total is not the decomposition's whole
OPEN = [
    # one level named: the rest of the total is the other levels
    "全市一般公共预算支出 356.8 亿元，其中：市本级 118.4 亿元。",
    # a balance's members under a total not named as the whole (可用财力 is no 总计)
    "全县可用财力 8600 万元，其中本级收入 2100 万元，上级补助收入 5400 万元。",
    # a member right after the last part, with no amount read: the reading missed a part
    "全镇收入总计 9850 万元，其中：本级收入 2140 万元，上级补助收入 6300 万元，调入资金若干。",
    # 中央 and 地方 funds of a project are not the whole of it (自筹 is not named)
    "项目总投资 5200 万元，其中中央资金 2100 万元，地方配套资金 1600 万元。",
    # two funds named without the general budget: not the four budgets
    "本部门财政拨款支出 1450.6 万元，其中：政府性基金预算支出 130.2 万元，国有资本经营预算支出 20.0 万元。",
    # two of the three economic classes of basic spending, or the classes under another total
    "一般公共预算财政拨款基本支出 416.30 万元，其中：工资福利支出 352.18 万元，商品和服务支出 51.72 万元。",
    "项目支出 416.30 万元，其中：工资福利支出 52.18 万元，商品和服务支出 251.72 万元，对个人和家庭的补助 12.40 万元。",
]


@pytest.mark.parametrize("text", OPEN, ids=[
    "one-level", "not-the-whole", "member-without-amount", "project-funds", "no-general-budget",
    "two-classes", "classes-of-projects"])
def test_a_list_that_does_not_cover_a_decomposition_stays_open(text: str) -> None:
    relations = extraction_of(text).sums
    assert relations and not any(r.complete for r in relations)
    assert _found(text) == []


# ------------------------------------------------ a comparison's base is neither total nor part

BASE = ("本级收入 52630 万元，比报告数 52600 万元增加 30 万元。其中税收收入完成 36410 万元、非税收入完成 16220 万元。"
        "转移性收入 402150 万元，其中：返还性收入 7120 万元、一般性转移支付收入 355480 万元、"
        "专项转移支付收入 39550 万元，比报告数 398600 万元增加 3550 万元。")


def test_the_base_a_comparison_names_is_neither_the_lists_total_nor_a_part() -> None:
    relations = extraction_of(BASE).sums
    assert [r.total.fact.quantity.text for r in relations] == ["52630 万元", "402150 万元"]
    assert [len(r.parts) for r in relations] == [2, 3]
    assert all(r.complete and r.holds for r in relations)
    assert _found(BASE) == []
    assert _found(BASE.replace("16220", "14220")) == ["AU104"]


# ------------------------------------------------ a list inside a bracket ends at its close

CARS = ("公车购置及运行费 864 万元（其中公务用车购置费 52 万元，公务用车运行费 812 万元），比上年下降 18.5%，"
        "主要是车辆改革后购置数和保有量分别为 4 辆和 61 辆。")


def test_a_list_inside_a_bracket_is_not_read_past_its_close() -> None:
    (relation,) = extraction_of(CARS).sums
    assert [p.amount.fact.quantity.text for p in relation.parts] == ["52 万元", "812 万元"]
    assert relation.complete and relation.holds and _found(CARS) == []
    assert _found(CARS.replace("52 万元", "47 万元")) == ["AU104"]
