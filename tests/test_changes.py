"""Change (AU103) and comparison (AU108) relations: extraction tables and planted errors."""

from __future__ import annotations

import pytest

from auditor.extract.extraction import Extraction
from auditor.pipeline import audit_text
from auditor.types import CheckStatus
from tests.builders import extraction_of


def change_relations(extraction: Extraction) -> list:
    return list(extraction.changes)


def comparison_relations(extraction: Extraction) -> list:
    return list(extraction.comparisons)


@pytest.mark.parametrize(
    ("text", "kind", "stated", "holds"),
    [
        ("机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。", "rate", "1.40%", True),
        ("机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.50%。", "rate", "1.50%", False),
        ("公务接待费3.00万元，比上年减少0.50万元，下降14.29%。", "rate", "14.29%", True),
        ("公务接待费3.00万元，同比减少0.50万元，下降16.67%。", "rate", "16.67%", False),
        ("支出由100万元增加到120万元，增长20%。", "rate", "20%", True),
        ("支出由100万元增加到120万元，增长25%。", "rate", "25%", False),
        ("全省地区生产总值达到13697.5亿元，较“十三五”末的9323.1亿元增加4374.4亿元，增长33.6%。",
         "amount", "4374.4亿元", True),
        ("培训费12.50万元，上年为10.00万元，比上年增加2.50万元。", "amount", "2.50万元", True),
        ("执行率95.0%，比上年提高2.1个百分点，上年为92.9%。", "points", "2.1个百分点", True),
        ("会议费5.00万元，上年为6.00万元，比上年增加1.00万元。", "direction", "增加", False),
        ("公务接待费2.00万元，比上年增加0.50万元，与上年持平。", "flat_change", "与上年持平", False),
        ("公务接待费2.00万元，比上年增加0.00万元，与上年持平。", "flat_change", "与上年持平", True),
        ("公务接待费2.00万元，与上年持平，上年为2.50万元。", "flat_values", "与上年持平", False),
        ("收入支出总计307.82万元。与2023年度相比，收入支出总计增加307.82万元，增长100.00%。",
         "zero_base", "100.00%", False),
        ("收入、支出总计均为1623.97万元。与2023年度相比，收入、支出总计各增加54.33万元，增长3.46%。",
         "rate", "3.46%", True),
        ("一般公共预算收入31.88亿元，完成预算的100.54%，同比减少1.83亿元，下降5.43%。",
         "rate", "5.43%", True),
        ("一般公共预算收入31.88亿元，完成预算的100.54%，同比减少1.83亿元，下降8.85%。",
         "rate", "8.85%", False),
        ("实际支出453.61万元。与上年相比，本项目支出与上年持平（上年为460.82万元）。",
         "flat_values", "与上年持平", False),
        ("机关运行经费支出62.29元，比上年减少8.64万元，下降12.18%。", "rate", "12.18%", True),
        ("实际支出282.83元。与上年相比，本项目支出比上年增加8.82万元，增长5.53%。",
         "rate", "5.53%", False),
    ],
)
def test_change_relation_table(text, kind, stated, holds):
    relations = change_relations(extraction_of(text))
    assert [(r.check.value, r.stated_text, r.holds) for r in relations] == [(kind, stated, holds)]


@pytest.mark.parametrize(
    "text",
    [
        "全市一般公共预算收入170.3亿元，完成预算调整的101.9%，增长21.7%，可比下降2.7%。",
        "城乡居民收入达到3.2万元，比上年增加0.2万元，年均增长8.5%。",
        "在“世界500强”排名由369位上升到235位。",
        "项目支出约120万元，比上年增加20万余元，增长约20%。",
        "全年预算执行率95%，比上年提高2%。",  # relative or points: not decidable
        "民生支出53.3亿元，占总支出的比重为72.5%，比上年提高1.5个百分点。",
    ],
)
def test_change_statements_that_cannot_be_checked(text):
    assert change_relations(extraction_of(text)) == []


def test_restated_subject_binds_the_previous_sentence():
    text = ("一般公共预算财政拨款支出307.82万元，占本年支出合计的100.00%。"
            "与上年相比，一般公共预算财政拨款支出增加7.82万元，增长2.61%。")
    [relation] = change_relations(extraction_of(text))
    assert relation.check.value == "rate" and relation.holds
    assert "7.82/(307.82−7.82)" in relation.detail


@pytest.mark.parametrize(
    ("text", "operator", "left", "right", "holds"),
    [
        ("全年预算为52.00万元，支出决算为51.32万元。决算数小于全年预算数的主要原因：人员变动。",
         "less", "51.32万元", "52.00万元", True),
        ("全年预算为52.00万元，支出决算为53.32万元。决算数小于全年预算数的主要原因：人员变动。",
         "less", "53.32万元", "52.00万元", False),
        ("全年预算为202.24万元，支出决算为202.24万元。决算数与全年预算数持平。",
         "equal", "202.24万元", "202.24万元", True),
        ("年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元。决算数小于预算数的主要原因：调整。",
         "less", "307.82万元", "321.02万元", True),
        ("目标值为500人次，实际完成值为480人次，实际完成值超过目标值。",
         "greater", "480人次", "500人次", False),
    ],
)
def test_comparison_relation_table(text, operator, left, right, holds):
    [relation] = comparison_relations(extraction_of(text))
    assert relation.operator == operator
    assert (relation.left.quantity.text, relation.right.quantity.text) == (left, right)
    assert relation.holds is holds


def test_a_bare_budget_with_conflicting_candidates_is_uncertain():
    text = "年初预算为300.00万元，全年预算为321.02万元，支出决算为307.82万元。决算数小于预算数。"
    [relation] = comparison_relations(extraction_of(text))
    assert relation.holds and not relation.certain


def test_comparison_does_not_borrow_figures_across_a_heading():
    text = "1、行政运行（项）。全年预算为52.00万元，支出决算为51.32万元。\n2、事业运行（项）。\n决算数大于全年预算数。"
    assert comparison_relations(extraction_of(text)) == []


def test_a_subject_found_by_its_meaning_is_uncertain():
    text = ("全年实际支出1488.94万元，其中：项目支出476.58万元。"
            "与上年相比，部门整体支出增加126.44万元，增长8.28%。")
    [relation] = change_relations(extraction_of(text))
    assert not relation.holds and not relation.certain
    assert "126.44/(1488.94−126.44)" in relation.detail


def test_a_unit_slip_in_the_current_value_is_read_in_the_unit_of_the_change():
    [relation] = change_relations(extraction_of("支出282.83元，比上年增加8.82万元，增长5.53%。"))
    assert "282.83元按万元计" in relation.detail and not relation.certain


def test_a_stated_previous_value_is_not_taken_for_the_current_one():
    text = "实际支出453.61万元。与上年相比，本项目支出与上年持平（上年为453.61万元）。"
    [relation] = change_relations(extraction_of(text))
    assert relation.holds


def test_greater_with_figures_equal_as_written_is_an_uncertain_contradiction():
    text = "全年预算为11.72万元，支出决算为11.72万元。决算数大于全年预算数的主要原因：四舍五入。"
    [relation] = comparison_relations(extraction_of(text))
    assert not relation.holds and not relation.certain
    [finding] = _own_findings(text, "AU108")
    assert finding.severity.value == "warning" and "持平" in finding.message


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("政府性基金预算收入8.81亿元，完成预算的93.23%。执行数大于预算数。", False),
        ("政府性基金预算收入8.81亿元，完成预算的93.23%。执行数小于预算数。", True),
        ("政府性基金预算收入9.81亿元，完成预算的103.80%。预算数小于执行数。", True),
    ],
)
def test_a_completion_rate_decides_a_comparison_without_a_budget_figure(text, holds):
    [relation] = comparison_relations(extraction_of(text))
    assert relation.by_rate and relation.holds is holds and relation.certain


def test_a_completion_rate_of_another_budget_is_not_used():
    text = "全县支出9.50亿元，完成年初预算的95.00%。决算数大于全年预算数。"
    assert comparison_relations(extraction_of(text)) == []


# A 决算 说明 written in the style of the real reports (our own text, our own figures).
REPORT = """一、收入支出决算总体情况说明
本部门2024年度收入支出总计512.40万元。与2023年度相比，收入支出总计增加32.40万元，增长6.75%。主要原因：人员增加。
二、一般公共预算财政拨款支出决算具体情况
1、一般公共服务支出（类）行政运行（项）。
全年预算为260.00万元，支出决算为251.30万元，完成全年预算数的96.65%。决算数小于全年预算数的主要原因：人员变动。
2、住房保障支出（类）住房公积金（项）。
全年预算为18.12万元，支出决算为18.12万元。决算数与全年预算数持平。
三、其他重要事项的情况说明
机关运行经费支出84.65万元，比2023年度减少2.55万元，下降2.92%。主要原因是压减公用经费。
"""


def _own_findings(text: str, code: str):
    return [f for f in audit_text(text).findings if f.code == code]


def test_the_clean_report_passes_every_relation():
    result = audit_text(REPORT)
    checks = [c for c in result.checks if c.kind in ("change", "comparison")]
    assert len(checks) == 4
    assert all(c.status is CheckStatus.PASS for c in checks), [c.detail for c in checks]
    assert not [f for f in result.findings if f.code in ("AU103", "AU108")]


@pytest.mark.parametrize(
    ("original", "planted", "code", "anchor"),
    [
        ("增长6.75%", "增长7.75%", "AU103", "7.75%"),
        ("增加32.40万元", "增加42.40万元", "AU103", "42.40万元"),
        ("下降2.92%", "下降2.29%", "AU103", "2.29%"),
        ("支出决算为251.30万元", "支出决算为261.30万元", "AU108", "决算数小于全年预算数"),
        ("支出决算为18.12万元", "支出决算为18.02万元", "AU108", "决算数与全年预算数持平"),
    ],
)
def test_a_planted_wrong_figure_is_found(original, planted, code, anchor):
    assert original in REPORT
    text = REPORT.replace(original, planted, 1)
    findings = _own_findings(text, code)
    # With C, D and P alone the wrong one cannot be told apart: the finding is on the
    # stated relation and the planted figure is one of its spans.
    assert any(anchor in span.text for f in findings for span in (f.span, *f.related)), \
        [(f.span.text, f.message) for f in findings]


def test_a_failing_check_carries_the_arithmetic_and_related_figures():
    text = "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长2.40%。"
    [finding] = _own_findings(text, "AU103")
    assert finding.severity.value == "error"
    assert "2.55/(184.65−2.55) = 1.40%" in finding.message
    assert {span.text for span in finding.related} == {"184.65万元", "2.55万元"}
    assert text[finding.span.start:finding.span.end] == "2.40%"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("全市税收收入完成 530.4 亿元，比上年下降 12.6%，增收 59.3 亿元。", "下降 12.6%"),
        ("罚没收入 18.2 亿元，较上年的 16.5 亿元减收 1.7 亿元，增长 10.3%。", "减收 1.7 亿元"),
    ],
)
def test_an_opposite_pair_points_at_both_change_words(text, word):
    """Either word may be the wrong one: the finding shows the other word with its figure."""
    [finding] = [f for f in audit_text(text).findings if f.code == "AU103"]
    start = text.index(word)
    assert any(r.start == start and r.end == start + len(word) for r in finding.related), \
        [(r.start, r.end, r.text) for r in finding.related]


def test_an_opposite_pair_written_one_way_is_silent():
    text = "全市税收收入完成 530.4 亿元，比上年增长 12.6%，增收 59.3 亿元。"
    assert [f for f in audit_text(text).findings if f.code == "AU103"] == []


def test_a_bracket_closed_before_the_change_says_what_the_current_value_holds():
    text = ("全区一般公共预算收入完成84.60亿元（区本级61.30亿元，园区23.30亿元），完成调整预算的101.20%，"
            "同比增收3.10亿元，增长5.1%。")
    [relation] = change_relations(extraction_of(text))
    assert not relation.holds
    assert "3.10/(84.60−3.10)" in relation.detail
