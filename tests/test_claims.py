"""Claim rules (AU201–AU204): role evidence, configuration, the model being optional."""

from __future__ import annotations

import pytest

from auditor.nlp import roles_access
from auditor.pipeline import audit_text
from tests.rule_fixtures import all_cases, anchor_range

CLAIM_CASES = [case for case in all_cases() if case.rule in {"AU201", "AU202", "AU203", "AU204"}]

SEED_LIKE = """五、存在问题
无。
评价结论：完成各项指标设定值，没有较大偏离绩效目标，自评为优。
“妇联活动经费”项目年初预算为 25 万元，实际支出 20.00 万元，执行率为 80%。
六、整改措施
（一）针对本部门绩效自评中存在的问题，及时调整和优化后续预算支出的方向和结构。
"""


def _own(result, code):
    return [f for f in result.findings if f.code == code]


@pytest.fixture
def without_model(monkeypatch):
    monkeypatch.setattr(roles_access, "role_classifier", lambda: None)


@pytest.mark.parametrize("case", CLAIM_CASES, ids=[case.id for case in CLAIM_CASES])
def test_fixture_cases_hold_on_cues_alone(case, without_model):
    result = audit_text(case.text)
    own = _own(result, case.rule)
    if case.kind == "clean":
        assert own == [], [(f.span.text, f.message) for f in own]
        return
    for expected in case.expectations:
        start, end = anchor_range(case.text, expected.anchor, expected.occurrence)
        assert any(f.span.start < end and start < f.span.end for f in own), expected.anchor


def test_missing_model_file_gives_no_classifier(monkeypatch, tmp_path):
    monkeypatch.setattr(roles_access, "DEFAULT_MODELS_DIR", tmp_path)
    roles_access.role_classifier.cache_clear()
    try:
        assert roles_access.role_classifier() is None
    finally:
        roles_access.role_classifier.cache_clear()


def test_evidence_names_cues_and_roles():
    result = audit_text(SEED_LIKE)
    (finding,) = _own(result, "AU201")
    assert finding.span.text == "无。"
    assert "针对本部门绩效自评中存在的问题" in finding.evidence["cues"]
    if roles_access.role_classifier() is None:
        pytest.skip("no role model in models/")
    roles = finding.evidence["roles"]
    assert roles["无。"] == "no_problem"
    # keys are the sentences as written in the source, not the normalized view
    assert any(text.startswith("（一）针对") for text in roles)


def test_all_met_claim_relates_the_low_rate():
    (finding,) = _own(audit_text(SEED_LIKE), "AU203")
    assert finding.span.text == "完成各项指标设定值"
    assert finding.severity.value == "warning"
    assert [span.text for span in finding.related] == ["80%"]
    assert "80%" in finding.message


def test_exec_rate_floor_is_configurable():
    assert _own(audit_text(SEED_LIKE, settings={"all_met_exec_rate_floor": 75}), "AU203") == []


def test_grade_bands_are_configurable():
    text = "本项目综合得分86.50分，自评等级为“优”。"
    assert len(_own(audit_text(text), "AU202")) == 1
    bands = {"优": 85, "良": 75, "中": 60, "差": 0}
    result = audit_text(text, settings={"grade_bands": bands})
    assert _own(result, "AU202") == []
    assert [c.status.value for c in result.checks if c.kind == "grade"] == ["pass"]


def test_grade_bands_accept_config_pairs():
    from decimal import Decimal

    pairs = (("优", Decimal(95)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)))
    found = _own(audit_text("综合得分92分，自评等级为优。", settings={"grade_bands": pairs}), "AU202")
    assert len(found) == 1
    assert "良" in found[0].message


def test_grade_finding_on_the_grade_word_with_the_score_related():
    (finding,) = _own(audit_text("本项目自评得分为78分。\n评价结论：自评为优秀。"), "AU202")
    assert finding.span.text == "优秀"
    assert [span.text for span in finding.related] == ["自评得分为78分"]
    assert finding.evidence["expected"] == "中"


def test_count_checks_record_agreeing_lists():
    text = "主要存在以下两个方面的问题：一是资金下达较晚；二是档案归集不够及时。"
    result = audit_text(text)
    assert _own(result, "AU204") == []
    assert [c.status.value for c in result.checks if c.kind == "count"] == ["pass"]


@pytest.mark.parametrize(("text", "announced", "listed"), [
    ("提出以下三条建议：\n1.加强管理。\n2.细化指标。\n3.强化应用。\n（二）其他\n4.不算。", None, None),
    ("提出以下两条建议：\n1.加强管理。\n2.细化指标。\n3.强化应用。", 2, 3),
    ("提出以下四条建议：①加强管理；②细化指标；③强化应用。", 4, 3),
])
def test_listed_items_are_counted_by_style(text, announced, listed):
    found = _own(audit_text(text), "AU204")
    if announced is None:
        assert found == []
    else:
        (finding,) = found
        assert f"称有 {announced} 项" in finding.message
        assert f"列出 {listed} 项" in finding.message


def test_rectified_count_with_chinese_numerals():
    (finding,) = _own(audit_text("自评中发现问题两个，已整改三个。"), "AU204")
    assert finding.span.text == "已整改三个"
    assert [span.text for span in finding.related] == ["发现问题两个"]


def test_grade_scale_is_configurable():
    text = "项目综合得分45分，评价等级为“优”。"
    assert _own(audit_text(text), "AU202")
    assert not _own(audit_text(text, settings={"grade_scale": 50}), "AU202")
