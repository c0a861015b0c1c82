"""Plant one wrong figure into a report written in the style of real 决算 narratives, and
check that the figures engine finds it — while the untouched report stays silent."""

from __future__ import annotations

import pytest

from auditor.pipeline import audit_text
from auditor.types import CheckStatus, Severity

FIGURE_CODES = {"AU101", "AU102", "AU103", "AU104", "AU105", "AU106", "AU107", "AU108"}

REPORT = """\
东林区民政局2024年度部门决算情况说明

一、收入支出决算总体情况说明
2024年度收入总计2946.25万元，比2023年度增加146.25万元，增长5.22%。
本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.20万元，占0.21%。

二、一般公共预算财政拨款支出决算情况说明
（一）行政运行
全年预算为450.52万元，支出决算为425.30万元，完成全年预算的94.40%。决算数小于全年预算数的主要原因是人员变动。
（二）机关服务
全年预算为52.00万元，支出决算为52.00万元，完成全年预算的100.00%。决算数与全年预算数持平。

三、机关运行经费支出情况说明
2024年度机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。

四、项目支出情况
“社区养老服务”项目年初预算为120.00万元，资金到位120.00万元，实际支出108.00万元，执行率为90.00%。
"""

PLANTS = [
    # (code, original, replacement)
    ("AU101", "实际支出108.00万元", "实际支出108.00元"),
    ("AU102", "执行率为90.00%", "执行率为95.00%"),
    ("AU102", "完成全年预算的94.40%", "完成全年预算的96.40%"),
    ("AU104", "其他收入6.20万元", "其他收入16.20万元"),
    ("AU103", "增长1.40%", "增长2.40%"),
    ("AU103", "增加146.25万元", "增加164.25万元"),
    ("AU108", "决算数小于全年预算数的主要原因", "决算数大于全年预算数的主要原因"),
]


def _figure_findings(result):
    return [f for f in result.findings if f.code in FIGURE_CODES]


def test_untouched_report_is_silent_and_verified():
    result = audit_text(REPORT)
    assert _figure_findings(result) == [], [(f.code, f.span.text, f.message) for f in result.findings]
    passed = [c for c in result.checks if c.status is CheckStatus.PASS]
    kinds = {c.kind for c in passed}
    assert {"rate", "change", "comparison"} <= kinds
    assert len(passed) >= 8
    assert all(c.status is CheckStatus.PASS for c in result.checks)


@pytest.mark.parametrize(("code", "original", "replacement"), PLANTS,
                         ids=[f"{code}:{new}" for code, _, new in PLANTS])
def test_planted_figure_is_found(code, original, replacement):
    assert REPORT.count(original) == 1
    planted = REPORT.replace(original, replacement)
    start = planted.index(replacement)
    end = start + len(replacement)
    result = audit_text(planted)
    touching = [f for f in _figure_findings(result)
                if (f.span.start < end and start < f.span.end)
                or any(s.start < end and start < s.end for s in f.related)]
    assert [f for f in touching if f.code == code], (
        f"{code} not reported for {replacement!r}: "
        f"{[(f.code, f.span.text, f.message) for f in result.findings]}")
    assert all(f.severity is not Severity.INFO for f in touching if f.code == code)


@pytest.mark.parametrize("text", [
    # a sum, a rate and a twin each show a slip: one finding per slipped amount
    "本年支出合计307.82万元，其中：基本支出105.58元，项目支出202.24万元。"
    "基本支出年初预算105.58万元，实际支出105.58元，执行率为100%。",
    "全年预算25.00万元，到位20.00万元，实际支出25.00元，执行率为100%。",
])
def test_each_slipped_amount_is_reported_once(text):
    result = audit_text(text)
    slips = [(f.span.start, f.span.end) for f in result.findings if f.code == "AU101"]
    assert slips and len(slips) == len(set(slips))
    assert {text[s:e] for s, e in slips} <= {"105.58元", "25.00元"}
    assert [f for f in result.findings if f.code == "AU106"] == []
