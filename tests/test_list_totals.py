"""Which figure a listed enumeration belongs to, and how its sum is read (issue 10).

Each mechanism has a defect that must be found and a clean look-alike that must stay silent;
the wording and numbers are ours.
"""

from __future__ import annotations

from auditor.pipeline import audit_text
from tests.builders import extraction_of

SUM_CODES = ("AU101", "AU104", "AU107")


def _sums(text: str) -> list:
    return list(extraction_of(text).sums)


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.span.text) for f in audit_text(text).findings if f.code in SUM_CODES]


# ------------------------------------------------ a list on the line after its total

OWN_LINE = ("全区一般公共预算收入 84.36 亿元，为预算的 101.2%，同比增长 3.4%。\n"
            "其中，税收收入 61.20 亿元，同比增长 2.1%，占比 72.55%；非税收入 23.16 亿元，占比 27.45%。\n")


def test_a_list_opening_the_next_line_belongs_to_the_total_before_it():
    (relation,) = _sums(OWN_LINE)
    assert relation.total.fact.quantity.text == "84.36 亿元"
    assert relation.holds and _found(OWN_LINE) == []


def test_a_part_beyond_that_total_is_found():
    planted = OWN_LINE.replace("61.20 亿元", "96.20 亿元")
    assert ("AU107", "96.20 亿元") in _found(planted)


def test_a_list_after_a_heading_does_not_reach_back_over_it():
    text = ("年度收入 84.36 亿元。\n二、支出情况\n其中，基本支出 91.00 万元，项目支出 12.00 万元。\n")
    assert _sums(text) == []


# ------------------------------------------------ the level, not the change before the list

def test_parts_with_changes_of_their_own_break_down_the_level():
    text = ("全县一般公共预算收入 12.40 亿元，同比减少 1.30 亿元，下降 9.5%，其中：税收收入 8.10 亿元，"
            "比上年减少 0.90 亿元；非税收入 4.30 亿元，比上年减少 0.40 亿元。")
    relation = _sums(text)[0]
    assert relation.total.fact.quantity.text == "12.40 亿元"
    assert relation.holds and _found(text) == []
    assert ("AU107", "18.10 亿元") in _found(text.replace("8.10 亿元", "18.10 亿元"))


def test_a_list_opening_its_own_sentence_after_a_change_breaks_down_the_level():
    text = ("“三公”经费预算 640 万元，比上年减少 35 万元，主要是压减一般性支出。其中：公务接待费 120 万元，"
            "比上年减少 5 万元；公务用车购置及运行维护费 520 万元，比上年减少 30 万元。")
    (relation,) = _sums(text)
    assert relation.total.fact.quantity.text == "640 万元"
    assert _found(text) == []
    assert ("AU107", "1200 万元") in _found(text.replace("120 万元", "1200 万元"))


def test_bare_parts_that_add_up_to_the_change_are_left_alone():
    text = "培训费支出 46.00 万元，比上年增加 6.50 万元，其中：师资费 4.00 万元，场地费 2.50 万元。"
    assert _sums(text) == []
    assert _found(text) == []


def test_bare_parts_that_add_up_to_the_level_break_it_down():
    text = "补助资金 180.00 万元，比上年增加 20.00 万元，包括：省级补助 130.00 万元，县级配套 50.00 万元。"
    (relation,) = _sums(text)
    assert relation.total.fact.quantity.text == "180.00 万元"
    assert relation.holds


# ------------------------------------------------ an item naming a count beside its amount

def test_an_item_with_a_count_keeps_its_amount_and_shows_a_slip():
    text = ("争取专项债券 86.4 亿元，其中安排 52.1 亿元用于 143 个项目建设，安排 21.7 万元用于偿还欠款，"
            "安排 12.6 亿元用于土地收储。")
    (relation,) = _sums(text)
    assert [p.amount.fact.quantity.text for p in relation.parts] == ["52.1 亿元", "21.7 万元", "12.6 亿元"]
    assert ("AU101", "21.7 万元") in _found(text)
    assert _found(text.replace("21.7 万元", "21.7 亿元")) == []


# ------------------------------------------------ truncation is a lenient reading, not a loose one

def test_truncated_parts_never_reach_past_their_last_digit():
    text = "新建道路项目计划 4.6 亿元，其中：续建项目 2.9 亿元，新建项目 1.5 亿元。"
    (relation,) = _sums(text)
    assert not relation.holds
    assert ("AU104", "4.6 亿元") in _found(text)
    assert _found(text.replace("1.5 亿元", "1.7 亿元")) == []


def test_a_slip_that_makes_the_sum_exact_outranks_truncation():
    text = "社会保险基金支出 96.4 亿元，增长 4.1%。其中，待遇支出 95.3 亿元，其他支出 0.8 亿元，转移支出 0.3 万元。"
    (relation,) = _sums(text)
    assert relation.slipped is not None
    assert relation.slipped.fact.quantity.text == "0.3 万元"
    assert ("AU101", "0.3 万元") in _found(text)
    assert _found(text.replace("0.3 万元", "0.3 亿元")) == []


# ------------------------------------------------ a list that ends at the total it adds up to

def test_items_that_add_up_to_the_total_ending_them_are_its_terms():
    text = ("县本级收入预算为 52,400 万元，比上年增加 1,200 万元，增长 2.3%。其中：县本级税收收入预算为 "
            "30,100 万元，比上年增加 800 万元，地方收入加转移性收入 21,500 万元、调入资金 6,300 万元、"
            "动用预算稳定调节基金 4,000 万元，县本级收入总计 61,900 万元。")
    assert _found(text) == []
    assert all(r.total.fact.quantity.text != "52,400 万元" for r in _sums(text))


# ------------------------------------------------ the same figure said again at another scale

RESTATED = ("一、收入支出决算总体情况说明\n"
            "本部门2024年度收入支出总计412.56 万元。与 2023 年度相比，收入支出总计增加 412.56 万元，"
            "增长 100.00%。主要原因：单位新设立。\n"
            "二、财政拨款收入支出决算总体情况说明\n"
            "本部门2024年度财政拨款收入支出总计412.56 万元。与 2023 年度相比，财政拨款收入支出总计增加 "
            "412.56 万元，增长 100.00%。主要原因：单位新设立。\n")


def test_a_restatement_with_the_same_digits_at_another_scale_is_a_unit_slip():
    at = RESTATED.rindex("412.56 万元，增长")
    planted = RESTATED[:at] + RESTATED[at:].replace("412.56 万元", "412.56 元", 1)
    found = [(f.code, f.span.text) for f in audit_text(planted).findings if f.code in ("AU101", "AU105")]
    assert found == [("AU101", "412.56 元")]


def test_the_same_figure_said_again_at_its_own_scale_is_silent():
    assert [f for f in audit_text(RESTATED).findings if f.code in ("AU101", "AU105")] == []


# ------------------------------------------------ 包括 right after a comma opens a list

def test_a_list_opened_by_a_bare_includes_is_closed_and_shows_a_slip():
    text = "县对乡镇转移支付 36.8 万元，比上年减少 2.1 亿元，包括一般性转移支付 30.5 亿元、专项转移支付 6.3 亿元。"
    assert ("AU101", "36.8 万元") in _found(text)
    assert _found(text.replace("36.8 万元", "36.8 亿元")) == []


def test_a_list_that_trails_off_with_etc_is_open():
    text = "办公经费支出 64.00 万元，包括印刷费 12.00 万元、邮电费 18.00 万元等。"
    (relation,) = _sums(text)
    assert not relation.complete and relation.holds
    assert _found(text) == []


# ------------------------------------------------ a part's name cut by a line break

def test_an_item_whose_name_wraps_onto_the_next_line_is_read():
    text = ("重点领域支出 90.60 亿元，较上年增加 4.20 亿元。其中，生态保护\n"
            "支出 40.10 亿元、占比 44.26%，乡村振兴支出\n50.50 亿元、占比 55.74%。\n")
    (relation,) = _sums(text)
    assert relation.total.fact.quantity.text == "90.60 亿元"
    assert [p.label for p in relation.parts] == ["生态保护支出", "乡村振兴支出"]
    assert _found(text) == []
    assert ("AU107", "95.10 亿元") in _found(text.replace("40.10 亿元", "95.10 亿元"))


# ------------------------------------------------ a span of years listed year by year

YEARS = ("2021—2023 年，市级预算共安排乡村振兴专项 18.75 亿元，其中：2021 年 5.90 亿元，"
         "2022 年 6.20 亿元，2023 年 6.65 亿元。")


def test_a_total_over_years_listed_year_by_year_is_closed():
    (relation,) = _sums(YEARS)
    assert relation.complete and relation.holds
    assert _found(YEARS) == []
    assert ("AU104", "18.75 亿元") in _found(YEARS.replace("6.20 亿元", "5.20 亿元"))


def test_years_that_do_not_cover_the_span_leave_the_list_open():
    text = YEARS.replace("2021—2023 年", "2020—2023 年").replace("6.20 亿元", "5.20 亿元")
    (relation,) = _sums(text)
    assert not relation.complete and relation.holds


# ------------------------------------------------ a bracket saying what a figure includes

def test_what_a_bracket_says_a_figure_includes_cannot_exceed_it():
    text = "技能竞赛补助 426 万元（含省级决赛补助 56 万元），占比 1.35%。"
    assert _found(text) == []
    assert ("AU107", "5600 万元") in _found(text.replace("56 万元", "5600 万元"))


# ------------------------------------------------ the changes of a closed list add up too

CHANGES = ("全县一般公共预算收入 8.64 亿元，同比减少 0.92 亿元，其中：税收收入 5.20 亿元，比上年减少 0.35 亿元；"
           "非税收入 3.44 亿元，比上年减少 0.57 亿元。")


def test_the_changes_of_a_closed_list_add_up_to_the_change_of_its_total():
    relations = _sums(CHANGES)
    assert [r.total.fact.quantity.text for r in relations] == ["8.64 亿元", "0.92 亿元"]
    assert all(r.holds for r in relations)
    assert _found(CHANGES) == []
    assert ("AU104", "0.92 亿元") in _found(CHANGES.replace("0.35 亿元", "0.53 亿元"))


def test_changes_in_both_directions_are_signed():
    text = ("本年支出合计 420.00 万元，比上年增加 6.00 万元，其中：基本支出 300.00 万元，比上年增加 10.00 万元；"
            "项目支出 120.00 万元，比上年减少 4.00 万元。")
    assert all(r.holds for r in _sums(text))
    assert _found(text) == []


def test_an_open_lists_changes_are_left_alone():
    text = ("全县一般公共预算收入 8.64 亿元，同比减少 0.92 亿元，其中：增值税 2.10 亿元，比上年减少 0.35 亿元；"
            "契税 0.44 亿元，比上年减少 0.17 亿元。")
    assert [r.total.fact.quantity.text for r in _sums(text)] == ["8.64 亿元"]


def test_a_bare_includes_that_names_things_first_opens_no_list():
    text = ("绩效目标设置了 4 个二级指标和 9 个三级指标，包括培训人数，参训学校数量，满意度等，"
            "而次年三级指标仅设置了 6 个。")
    assert _sums(text) == []


# ------------------------------------------------ a plan "adjusted to" is the adjusted plan

ADJUSTED = ("全县政府性基金预算收入年初预算 26.4 亿元，后经县人大常委会批准调整为 31.2 亿元，实际完成 29.8 亿元，"
            "为调整预算的 95.5%。")


def test_a_figure_a_plan_was_adjusted_to_is_the_whole_of_a_rate_of_the_adjusted_plan():
    result = audit_text(ADJUSTED)
    assert [f for f in result.findings if f.code in ("AU101", "AU102")] == []
    slipped = ADJUSTED.replace("31.2 亿元", "31.2 万元")
    assert ("AU101", "31.2 万元") in [(f.code, f.span.text) for f in audit_text(slipped).findings]
    wrong = ADJUSTED.replace("95.5%", "85.5%")
    assert ("AU102", "85.5%") in [(f.code, f.span.text) for f in audit_text(wrong).findings]


# ------------------------------------------------ a share of a whole named a paragraph before

NAMED = ("关于2024年某县一般公共预算收入情况的说明\n"
         "2024年某县一般公共预算收入48.20亿元，增长3.1%，为年初预算的98.2%。主要项目完成情况如下：\n"
         "一、税收收入36.15亿元，下降1.2%，为年初预算的93.4%，占一般公共预算收入的75.0%。\n"
         "（一）增值税12.40亿元，下降2.5%，为年初预算的90.1%。\n")


def test_a_share_of_a_whole_named_at_the_top_of_the_passage_is_checked():
    assert [f for f in audit_text(NAMED).findings if f.code == "AU102"] == []
    wrong = NAMED.replace("75.0%", "81.0%")
    assert ("AU102", "81.0%") in [(f.code, f.span.text) for f in audit_text(wrong).findings]


def test_a_whole_of_the_previous_year_named_before_does_not_accuse():
    text = NAMED.replace("2024年某县一般公共预算收入48.20亿元", "2024年某县上年一般公共预算收入48.20亿元")
    wrong = text.replace("75.0%", "81.0%")
    assert [f for f in audit_text(wrong).findings if f.code == "AU102"] == []


LEAD = ("关于2024年某县一般公共预算收入情况的说明\n"
        "2024年某县一般公共预算收入48.20亿元，增长3.1%，为年初预算的98.2%，未完成年初预算主要是受市场影响，\n"
        "收入增长不及预期。\n"
        "主要项目完成情况如下：\n"
        "一、税收收入36.15亿元，下降1.2%，为年初预算的93.4%，占一\n"
        "般公共预算收入的75.0%。\n"
        "（一）增值税12.40亿元，下降2.5%，为年初预算的90.1%。\n"
        "（二）企业所得税8.10亿元，下降2.0%，为年初预算的91.1%。\n"
        "二、非税收入12.05亿元，增长20.1%，为年初预算的115.2%，占一般公共预算收入的25.0%。\n")


def test_items_share_the_whole_stated_in_the_lead_before_them_even_across_a_wrapped_cue():
    assert [f for f in audit_text(LEAD).findings if f.code == "AU102"] == []
    wrong = LEAD.replace("75.0%", "81.0%").replace("25.0%", "21.0%")
    found = [(f.code, f.span.text) for f in audit_text(wrong).findings if f.code == "AU102"]
    assert found == [("AU102", "81.0%"), ("AU102", "21.0%")]


# ------------------------------------------------ standard decompositions close a 其中 list

def test_transfers_by_their_three_kinds_and_the_three_guarantees_are_closed_lists():
    transfers = ("全县对下转移支付 96840 万元，其中：返还性支出 2310 万元，一般性转移支付 81250 万元，"
                 "专项转移支付 13280 万元。")
    guarantees = "全县“三保”支出 42.18 亿元，其中：基本民生 20.35 亿元，工资 19.73 亿元，运转 2.10 亿元。"
    for text in (transfers, guarantees):
        (relation,) = _sums(text)
        assert relation.complete and relation.holds and _found(text) == []
    assert _found(transfers.replace("13280", "11280"))[0][0] == "AU104"
    assert _found(guarantees.replace("19.73", "17.73"))[0][0] == "AU104"
