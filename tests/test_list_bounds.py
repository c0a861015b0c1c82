"""Where a listed enumeration ends, and what else its figures can tell (issue 10).

Each cause found on development text has a defect that must be found and a clean look-alike
that must stay silent; the wording and numbers are ours.
"""

from __future__ import annotations

from auditor.pipeline import audit_text
from tests.builders import extraction_of

SUM_CODES = ("AU101", "AU104", "AU106", "AU107")


def _sums(text: str) -> list:
    return list(extraction_of(text).sums)


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


# ------------------------------------------------ a list that breaks several totals down at once

PARALLEL = ("年末，全市国有企业资产总额 5210.4 亿元，负债总额 3135.0 亿元，所有者权益总额 2075.4 亿元。"
            "其中，市属企业资产总额 3080.8 亿元、负债总额 1954.7 亿元、所有者权益总额 1126.1 亿元，"
            "平均资产负债率 63.4%；区属企业资产总额 2129.6 亿元、负债总额 1180.3 亿元、所有者权益总额"
            " 949.3 亿元，平均资产负债率 55.4%。")


def test_each_items_figures_are_parts_of_the_total_with_the_same_name():
    relations = _sums(PARALLEL)
    assert [(r.total.fact.quantity.text, [p.amount.fact.quantity.text for p in r.parts]) for r in relations] == [
        ("5210.4 亿元", ["3080.8 亿元", "2129.6 亿元"]),
        ("3135.0 亿元", ["1954.7 亿元", "1180.3 亿元"]),
        ("2075.4 亿元", ["1126.1 亿元", "949.3 亿元"]),
    ]
    assert all(r.holds for r in relations) and _found(PARALLEL) == []


def test_a_part_beyond_its_own_parallel_total_is_found():
    assert ("AU107", "3254.7 亿元") in _found(PARALLEL.replace("1954.7 亿元", "3254.7 亿元"))


def test_items_naming_their_figures_in_another_order_are_not_read_by_position():
    swapped = PARALLEL.replace("市属企业资产总额 3080.8 亿元、负债总额 1954.7 亿元",
                               "市属企业负债总额 1954.7 亿元、资产总额 3080.8 亿元")
    assert not any(r.total.fact.quantity.text == "3135.0 亿元" for r in _sums(swapped))


# ------------------------------------------------ an open list's total written at a scale 10⁴ too small

FUND = ("2026年政府性基金收入预算安排 54.3 亿元，其中，国有土地使用权出让收入 538000 万元，污水处理费收入"
        " 2400 万元，彩票公益金收入 2600 万元，彩票业务费用收入 371 万元。")


def test_a_total_its_parts_exceed_that_they_match_exactly_read_larger_is_a_slip():
    assert _found(FUND) == []
    assert _found(FUND.replace("54.3 亿元", "54.3 万元")) == [("AU101", "54.3 万元")]


def test_a_total_its_parts_exceed_by_another_amount_is_a_part_beyond_it():
    found = _found(FUND.replace("54.3 亿元", "48.6 万元"))
    assert found and all(code == "AU107" for code, _ in found)


NESTED_PARALLEL = ("“三公”经费支出决算 48.30 万元，完成预算 60.00 万元的 80.5%。"
                   "其中：因公出国（境）费支出决算 6.10 万元，完成预算 8.00 万元的 76.3%；"
                   "公务用车购置及运行维护费支出决算 25.40 万元，完成预算 30.00 万元的 84.7%；"
                   "其中：公务用车购置支出决算 0 万元，完成预算 0 万元；公务用车运行维护费支出决算 25.40 万元，"
                   "完成预算 30.00 万元的 84.7%；公务接待费支出决算 16.80 万元，完成预算 22.00 万元的 76.4%。")


def test_a_nested_parallel_list_ends_where_its_parts_make_up_its_parent():
    assert _found(NESTED_PARALLEL) == []
    nested = [r for r in _sums(NESTED_PARALLEL) if r.total.fact.quantity.text == "25.40 万元"]
    assert nested and all(len(r.parts) == 2 for r in nested)


def test_a_wrong_item_after_a_nested_parallel_list_is_found():
    assert _found(NESTED_PARALLEL.replace("16.80 万元", "18.80 万元"))[0][0] == "AU104"


# ------------------------------------------------ a plan's rate whose outturn is in the sentence before

PLAN_ONLY = ("2024年全镇一般公共预算收入完成 8630 万元，同比增长 12.4%。其中：上级分成收入 5210 万元，"
             "镇本级收入 3420 万元。镇人大批准的2024年镇本级一般公共预算收入为 2850 万元，"
             "2024年实际完成年初预算的 120.00%。")


def test_a_rate_of_a_plan_stated_alone_takes_its_outturn_from_the_sentence_before():
    assert _rates(PLAN_ONLY) == []
    assert _rates(PLAN_ONLY.replace("120.00%", "131.00%")) == [("AU102", "131.00%")]


# ------------------------------------------------ a reason (主要是 …) inside an adding chain is no list

CHAIN = ("合作区本级政府性基金预算支出 16.42 亿元，增长 0.3%，完成年初预算的 95.1%，主要是部分项目进度不及预期。"
         "加上调出资金 4.37 亿元后，合作区总支出 20.79 亿元。收支相抵，结转 0.002 亿元。")


def test_a_chain_whose_base_gives_a_reason_is_still_read():
    assert _found(CHAIN) == []
    assert _found(CHAIN.replace("4.37 亿元", "4.37 万元")) == [("AU101", "4.37 万元")]
    assert _found(CHAIN.replace("4.37 亿元", "3.37 亿元"))[0][0] == "AU104"


def test_a_chain_with_parts_of_parts_inside_is_not_read():
    text = ("全县一般公共预算收入 12.50 亿元，其中：税收收入 8.10 亿元，非税收入 4.40 亿元，"
            "加上转移性收入 20.00 亿元，收入总计 32.60 亿元。")
    assert not any(r.signal == "加总至合计" for r in _sums(text))


def test_rates_of_other_periods_under_a_total_stay_silent():
    text = ("专项资金 30.54 亿元，截至 2024 年 6 月底实际支出 18.48 亿元，预算执行率为 60.5%，"
            "其中：2023 年预算执行率为 77.2%，2024 年预算执行率仅达 7.2%。")
    assert _rates(text) == []


# ------------------------------------------------ last year's balance is an item of a 总计

GRAND = ("2025年全镇政府性基金收入总计 4280 万元，其中本级收入 215 万元，上级补助收入 1730 万元，"
         "上年结余 2335 万元；政府性基金支出总计 4280 万元。")


def test_last_years_balance_listed_under_a_grand_total_is_one_of_its_parts():
    (relation, *_) = _sums(GRAND)
    assert [p.label for p in relation.parts] == ["本级收入", "上级补助收入", "上年结余"]
    assert _found(GRAND) == []
    # own revenue, transfers and last year's balance are a budget's whole income (a closed list)
    assert relation.complete
    assert ("AU104", "4280 万元") in _found(GRAND.replace("1730 万元", "2030 万元"))
    # the balance completes the list: a slipped item is pinned by the sum, not only suspected
    assert _found(GRAND.replace("215 万元", "215 元")) == [("AU101", "215 元")]


def test_last_year_after_a_plain_total_still_ends_its_list():
    text = "2025年全镇政府性基金收入 1945 万元，其中本级收入 215 万元，上年 1688 万元。"
    (relation,) = _sums(text)
    assert [p.label for p in relation.parts] == ["本级收入"]


def test_a_chain_adds_the_outturn_not_its_plan_nor_last_years_base():
    text = ("2024年，某区一般公共预算收入预算数为 18.20 亿元，实际完成 18.20 亿元，比上年决算数 17.35 亿元增长 4.9%，"
            "加上上级补助收入 11.40 亿元、调入资金 0.35 亿元、上年结余 0.52 亿元，收入合计 30.47 亿元；"
            "一般公共预算支出预算数为 27.10 亿元（含新区），实际支出 25.62 亿元，比上年决算数 25.90 亿元下降 1.1%，"
            "加上上解支出 4.12 亿元、债务还本支出 0.06 亿元，支出合计 29.80 亿元。")
    chains = [r for r in _sums(text) if r.signal == "加总至合计"]
    assert [[p.amount.fact.quantity.text for p in r.parts] for r in chains] == [
        ["18.20 亿元", "11.40 亿元", "0.35 亿元", "0.52 亿元"],
        ["25.62 亿元", "4.12 亿元", "0.06 亿元"],
    ]
    assert _found(text) == []
    assert _found(text.replace("4.12 亿元", "4.32 亿元"))[0][0] == "AU104"


# ------------------------------------------------ a second comparison continues the figure of the first

TWICE = ("本单位2024年度“三公”经费财政拨款支出决算为 48.30 万元，完成全年预算 60.00 万元的 80.5%，"
         "比上年决算数增加 10.20 万元，增长 26.8%；比2019年（疫情前）决算数减少 15.70 万元，降低 24.5%。")


def _changes(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.span.text) for f in audit_text(text).findings if f.code == "AU103"]


def test_a_second_comparison_continues_the_outturn_not_the_plan_of_its_rate():
    assert _changes(TWICE) == []
    assert _changes(TWICE.replace("24.5%", "27.5%")) == [("AU103", "27.5%")]


def test_last_years_balance_is_an_item_of_an_income_total_one_item_a_sentence():
    text = ("（一）收入预算情况\n2025年收入预算 862450.30 元，其中：本年财政拨款收入 702450.30 元，占 81.45%；"
            "上年结转 160000 元，占 18.55%。\n")
    (relation,) = _sums(text)
    assert len(relation.parts) == 2 and relation.complete
    assert _rates(text) == []
    assert _rates(text.replace("18.55%", "21.55%")) == [("AU102", "21.55%")]


def test_an_open_lists_total_its_parts_exceed_is_no_slip_unless_they_match_it_exactly():
    text = ("统筹安排 1.07 亿元，支持转方式、调结构。其中，安排企业发展专项资金 4820 万元，第三产业发展资金 400 万元，"
            "文化发展专项资金 13803 万元，旅游产业发展资金 800 万元，商贸专项 480 万元。")
    found = _found(text)
    assert found and {code for code, _ in found} == {"AU107"}


# ------------------------------------------------ an item that moved from a base to its value

MOVED = ("政府性基金预算由年初的 64000 万元调整为 42000 万元，其中：土地出让收入由年初预算的 52000 万元调整为"
         " 30000 万元，城市基础设施配套费 8000 万元、专项债务对应项目专项收入 4000 万元不作调整。")


def test_an_item_adjusted_from_its_budget_is_the_value_it_became():
    (relation,) = _sums(MOVED)
    assert [p.amount.fact.quantity.text for p in relation.parts] == ["30000 万元", "8000 万元", "4000 万元"]
    assert _found(MOVED) == []
    assert _found(MOVED.replace("8000 万元", "8000 元")) == [("AU101", "8000 元")]
    assert _found(MOVED.replace("4000 万元", "9000 万元"))[0][0] == "AU107"


def test_an_open_lists_total_written_below_its_parts_scale_is_read_at_theirs():
    text = ("前三季度，全国一般公共预算收入 163240 万元，增长 3.8%。其中，中央一般公共预算收入 74310 亿元，"
            "地方本级收入 88930 亿元。")
    assert ("AU101", "163240 万元") in _found(text)


# ------------------------------------------------ a closed list that meets its total only by rounding

# written with 0.6 万元 the parts add up to 57.4 亿元 (57.2–57.6 with their rounding): they meet 58 亿元
# (57.5–58.5) only by rounding; read at 亿元 they make it exactly
ROUNDED = ("市本级社会保险基金预算收入 58 亿元，为预算的 98%。其中，保险费收入 31.4 亿元，财政补贴收入 23.6 亿元，"
           "利息收入 0.6 亿元，其他收入 1.9 亿元，转移收入 0.5 亿元。")


def test_a_slip_that_makes_a_closed_list_exact_outranks_meeting_it_by_rounding():
    assert _found(ROUNDED) == []
    assert _found(ROUNDED.replace("0.6 亿元", "0.6 万元")) == [("AU101", "0.6 万元")]
