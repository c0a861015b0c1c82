"""The synthetic defect generator: every kind plants a locatable defect the pipeline sees."""

from __future__ import annotations

import pytest

from auditor.eval.gold import locate
from auditor.eval.mutate import CODES, KINDS, Mutant, mutants
from auditor.eval.score import matching_code, observe
from auditor.pipeline import audit_text

# A small clean report in which every relation holds: each kind has at least one site.
REPORT = """青禾县农业农村局2024年度高标准农田建设项目支出绩效自评报告

一、项目基本情况
本项目年初预算500.00万元，全年预算500.00万元，其中：上级补助资金300.00万元，县级配套资金200.00万元，资金全部到位。
全年预算500.00万元，实际支出480.00万元，预算执行率96.00%。
与上年相比，本项目支出比上年增加80.00万元，增长20.00%，主要是建设范围扩大。
2024年度一般公共预算财政拨款支出年初预算为500.00万元，支出决算为480.00万元，完成年初预算的96.00%。决算数小于预算数的主要原因是部分工程款按合同在验收后支付。
二、绩效目标完成情况
项目于2024年10月底前全部完工并通过验收。
三、综合评价结论
经自评，本项目综合得分95.00分，自评等级为“优”。
四、存在的问题
部分乡镇项目前期准备不足，开工时间偏晚。
五、整改措施
加强项目前期谋划，提前做好立项论证和采购准备。
"""

NOT_YET = {
    "wrong_part": "AU104 把没有占比的“其中”列举视为可能未列全，只核对分项之和不超过合计",
}


@pytest.fixture(scope="module")
def original():
    return audit_text(REPORT)


@pytest.fixture(scope="module")
def planted(original) -> dict[str, list[Mutant]]:
    return {kind: mutants(REPORT, original.checks, kind) for kind in KINDS}


def test_the_report_is_clean(original) -> None:
    assert [f.code for f in original.findings if f.code[2] != "0"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_plants_a_locatable_defect(kind: str, planted) -> None:
    assert planted[kind], f"{kind}: no site found"
    for mutant in planted[kind]:
        assert mutant.text != REPORT
        span = locate(mutant.text, mutant.anchor, mutant.occurrence)
        assert span is not None
        assert mutant.codes == CODES[kind]
        line = mutant.gold_line("reports/x.txt")
        assert line["kind"] == "defect" and line["anchor"] == mutant.anchor


@pytest.mark.parametrize(
    "kind",
    [pytest.param(k, marks=pytest.mark.xfail(reason=NOT_YET[k], strict=False)) if k in NOT_YET
     else k for k in KINDS],
)
def test_the_pipeline_detects_each_planted_defect(kind: str, planted) -> None:
    missed = []
    for mutant in planted[kind]:
        span = locate(mutant.text, mutant.anchor, mutant.occurrence)
        assert span is not None
        seen = observe("x.txt", audit_text(mutant.text))
        if matching_code(seen.findings, mutant.codes, span) is None:
            missed.append(mutant.anchor)
    assert missed == []


def test_unit_slip_changes_only_the_unit(planted) -> None:
    mutant = planted["unit_slip"][0]
    assert len(mutant.text) == len(REPORT) - 1
    assert mutant.anchor.endswith("元") and "万元" not in mutant.anchor


def test_heading_skip_renumbers_one_heading(planted) -> None:
    anchors = {m.anchor for m in planted["heading_skip"]}
    assert "三、绩效目标完成情况" in anchors


def test_no_site_without_rectification() -> None:
    text = "四、存在的问题\n无重大问题。\n"
    assert mutants(text, [], "no_problem") == []


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError):
        mutants(REPORT, [], "nonsense")
