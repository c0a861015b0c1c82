"""Sum relations (total = Σ parts), shares of a total, and figures beyond their bound."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract.extraction import Extraction
from auditor.extract.relations.sum import SumRelation, unit_slips
from auditor.pipeline import audit_text
from tests.builders import extraction_of


def sum_relations(extraction: Extraction) -> list[SumRelation]:
    return list(extraction.sums)


def share_relations(extraction: Extraction) -> list:
    return list(extraction.shares)


def bound_violations(extraction: Extraction) -> list:
    return list(extraction.bounds)


def _shown(placed) -> str:
    return placed.fact.quantity.text


# (text, total, parts, complete, holds)
SUMS = [
    ("本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.20万元，占0.21%。",
     "2946.25万元", ["2940.05万元", "6.20万元"], True, True),
    ("本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；项目支出 202.24 万元，占 65.70%。",
     "307.82 万元", ["105.58 万元", "202.24 万元"], True, True),
    ("一般公共预算财政拨款基本支出 105.58 万元。其中：人员经费95.36 万元；公用经费 10.23万元。",
     "105.58 万元", ["95.36 万元", "10.23万元"], True, True),
    ("全市地方政府债务限额 933.2 亿元，其中一般债务限额 238.8 亿元，专项债务限额 694.4 亿元。",
     "933.2 亿元", ["238.8 亿元", "694.4 亿元"], True, True),
    ("全市社会保险基金预算收入2070.5亿元，比上年增长0.6%。其中，保险费收入1549.3亿元、财政补贴463亿元、利息收入18.7亿元。",
     "2070.5亿元", ["1549.3亿元", "463亿元", "18.7亿元"], False, True),
    ("全市发行新增债券 73.8 亿元，其中一般债券 5.6 亿元，专项债券 68.2 亿元；发行再融资债券 90.1 亿元。",
     "73.8 亿元", ["5.6 亿元", "68.2 亿元"], True, True),
    ("基本支出 105.58 万元，其中人员经费、公用经费分别为 95.36 万元、12.23 万元。",
     "105.58 万元", ["95.36 万元", "12.23 万元"], True, False),
    ("共有车辆 3 辆，其中：执法执勤用车 2 辆、其他用车 1 辆。",
     "3 辆", ["2 辆", "1 辆"], True, True),
    ("政府采购金额 21.07 万元，其中：货物采购金额 21.07 万元、工程采购金额 0 万元、服务采购金额 0 万元。",
     "21.07 万元", ["21.07 万元", "0 万元", "0 万元"], True, True),
    ("“三公”经费支出 5.00 万元，其中：公务接待费 8.00 万元。",
     "5.00 万元", ["8.00 万元"], False, False),
]


@pytest.mark.parametrize(("text", "total", "parts", "complete", "holds"), SUMS,
                         ids=[row[1] + "/" + str(len(row[2])) for row in SUMS])
def test_sum_relation_is_read(text, total, parts, complete, holds):
    relations = sum_relations(extraction_of(text))
    assert len(relations) == 1
    relation = relations[0]
    assert _shown(relation.total) == total
    assert [_shown(part.amount) for part in relation.parts] == parts
    assert relation.complete is complete
    assert relation.holds is holds


@pytest.mark.parametrize("text", [
    # each part states several figures: not one list
    "社会保险基金收入 90.4 亿元。其中：机关事业单位养老保险基金收入 9.5 亿元，支出 9.1 亿元，滚存结余 2 亿元。",
    # the list breaks a change down, not the level
    "机关运行经费支出 184.65 万元，比上年增加 2.55 万元，其中：办公费 1.00 万元，差旅费 1.55 万元。",
    # no amount before 其中
    "其中：基本支出 105.58 万元，项目支出 202.24 万元。",
    # the parts are changes
    "支出 100 万元，其中：基本支出增加 10 万元，项目支出减少 5 万元。",
    # counted groups may overlap
    "帮扶困难群众 100 户，其中：脱贫户 60 户，低保户 50 户。",
])
def test_unreadable_lists_record_no_relation(text):
    assert sum_relations(extraction_of(text)) == []


def test_list_continues_over_semicolons_one_item_at_a_time():
    text = "本年收入合计 500.00 万元，其中：财政拨款收入 450.00 万元；事业收入 30.00 万元；其他收入 20.00 万元。"
    (relation,) = sum_relations(extraction_of(text))
    assert [part.label for part in relation.parts] == ["财政拨款收入", "事业收入", "其他收入"]
    assert relation.holds


def test_list_stops_at_a_new_topic_after_semicolon():
    text = "本年收入 100 万元，其中：财政拨款收入 90 万元；年初结转和结余 20 万元。"
    (relation,) = sum_relations(extraction_of(text))
    assert [_shown(part.amount) for part in relation.parts] == ["90 万元"]


def test_rounding_tolerance_is_the_sum_of_the_parts_intervals():
    within = ("“三公”经费支出 10.01 万元，其中：因公出国（境）费 3.33 万元，"
              "公务用车购置及运行维护费 3.33 万元，公务接待费 3.33 万元。")
    beyond = within.replace("10.01", "10.03")
    assert sum_relations(extraction_of(within))[0].holds
    assert not sum_relations(extraction_of(beyond))[0].holds


def test_detail_shows_the_arithmetic():
    text = "本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；项目支出 202.24 万元，占 65.70%。"
    (relation,) = sum_relations(extraction_of(text))
    assert relation.detail.startswith("307.82万元 = 105.58万元 + 202.24万元 = 307.82万元")
    assert relation.detail.endswith("✓")
    assert relation.share_detail().startswith("34.30% + 65.70% = 100.00%")


def test_shares_of_listed_parts_are_rate_relations():
    text = "本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；项目支出 202.24 万元，占 68.70%。"
    relations = share_relations(extraction_of(text))
    assert [(r.rate.fact.quantity.text, r.holds) for r in relations] == [
        ("34.30%", True), ("68.70%", False)]
    assert all(r.whole.fact.quantity.text == "307.82 万元" for r in relations)


def test_share_of_another_whole_is_not_a_share_of_the_total():
    text = "全市一般公共预算支出 664.2 亿元，其中教育支出 88.8 亿元，占全省的 10.5%。"
    assert share_relations(extraction_of(text)) == []
    assert sum_relations(extraction_of(text))[0].share_sum is None


@pytest.mark.parametrize(("text", "kind"), [
    ("项目年初预算 100.00 万元，实际到位 120.00 万元。", "received"),
    ("教育经费占比 105.20%。", "share"),
    ("项目资金到位率 120%。", "received_rate"),
])
def test_bound_violations(text, kind):
    assert [v.bound_kind.value for v in bound_violations(extraction_of(text))] == [kind]


@pytest.mark.parametrize("text", [
    "年初预算为 450.52 万元，支出决算为 465.70 万元，完成年初预算的103.37%。",
    "机关运行经费支出 10.23 万元，比上年增加 5.50 万元，增长 116.28%。",
    "项目年初预算 100.00 万元，年中追加预算 30.00 万元，实际到位 130.00 万元。",
    "甲项目预算 50.00 万元，乙项目到位 80.00 万元。",
    "资金到位率 100%。",
])
def test_no_bound_violation(text):
    assert bound_violations(extraction_of(text)) == []


DECISION = (
    "二、支出决算情况说明\n"
    "本年支出合计 450.00 万元，其中：基本支出 300.00 万元，占66.67%；"
    "项目支出 150.00 万元，占33.33%。\n"
    "三、“三公”经费支出情况\n"
    "“三公”经费支出 12.50 万元，其中：因公出国（境）费 0.00 万元，"
    "公务用车购置及运行维护费 8.20 万元，公务接待费 4.30 万元。\n"
)


def test_planted_wrong_part_is_found():
    clean = audit_text(DECISION)
    assert [f for f in clean.findings if f.code in ("AU104", "AU107")] == []
    sums = [c for c in clean.checks if c.kind == "sum"]
    assert len(sums) == 3 and all(c.status.value == "pass" for c in sums)

    planted = audit_text(DECISION.replace("公务接待费 4.30", "公务接待费 4.80"))
    found = [(f.code, f.span.text) for f in planted.findings if f.code == "AU104"]
    assert found == [("AU104", "12.50 万元")]


def test_planted_part_larger_than_total_is_found():
    planted = audit_text(DECISION.replace("项目支出 150.00", "项目支出 1500.00"))
    found = [(f.code, f.span.text) for f in planted.findings if f.code in ("AU104", "AU107")]
    assert found == [("AU107", "1500.00 万元")]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="其中合计支出收入万元亿元占%：；，。、0123456789. 基本项目分别为包括\n",
               max_size=120))
def test_no_input_crashes_the_sum_reader(text):
    extraction_of(text)


def test_unit_slip_in_a_sum_is_read_at_the_common_scale():
    text = ("本年支出合计 307.82 万元，其中：基本支出 105.58 元，项目支出 202.24 万元。")
    extraction = extraction_of(text)
    (relation,) = sum_relations(extraction)
    assert relation.holds and relation.slipped is not None
    assert relation.slipped.fact.quantity.text == "105.58 元"
    assert "将“105.58元”按万元计" in relation.detail
    assert unit_slips(extraction.sums) == [relation]
    result = audit_text(text)
    assert [f for f in result.findings if f.code in ("AU104", "AU107")] == []


def test_a_wrong_part_is_not_mistaken_for_a_unit_slip():
    extraction = extraction_of(
        "全市地方政府债务限额 1.20 亿元，其中一般债务限额 5000.00 万元，专项债务限额 6000.00 万元。")
    (relation,) = sum_relations(extraction)
    assert not relation.holds and relation.slipped is None


def test_an_oversized_part_is_reported_once_not_again_for_its_share():
    text = ("本年收入合计4593.65万元，其中：财政拨款收入4751.41万元，占103.43%；"
            "事业收入230.50万元，占5.02%；其他收入157.76万元，占3.43%。")
    found = [(f.code, f.span.text) for f in audit_text(text).findings if f.code in ("AU104", "AU107")]
    assert found == [("AU107", "4751.41万元")]
