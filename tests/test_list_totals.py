"""Which figure a listed enumeration belongs to, and how its sum is read (issue 10).

Each mechanism has a defect that must be found and a clean look-alike that must stay silent;
the wording and numbers are ours.
"""

from __future__ import annotations

from auditor.document import AnalysedDocument
from auditor.extract.extraction import build_extraction
from auditor.pipeline import audit_text
from auditor.types import Source

SUM_CODES = ("AU101", "AU104", "AU107")


def _sums(text: str) -> list:
    return list(build_extraction(AnalysedDocument(Source("<test>", "txt", text))).sums)


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
    (relation,) = _sums(text)
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
