"""What a report is and which years it is on, from its title (for :mod:`auditor.extract.period`).

``关于××市2025年预算执行情况与2026年预算草案的报告`` is a budget report on 2025 execution and
the 2026 budget; ``2024年度部门决算`` final accounts of 2024; ``2026年政府工作报告`` a work
report reviewing 2025 and planning 2026.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.extract.period_text import Title, roles_in

#: genres a title can name
BUDGET = "budget"  # 预算执行情况和预算草案
EXECUTION = "execution"  # 预算执行情况 of one year
FINAL_ACCOUNTS = "final_accounts"  # 决算
WORK_REPORT = "work_report"  # 政府工作报告
EVALUATION = "evaluation"  # 绩效自评/评价报告
BUDGET_PLAN = "budget_plan"  # a budget (部门预算) without an execution part
UNKNOWN = "unknown"

#: genres with a part on a year still to come
PLANNING = frozenset({BUDGET, BUDGET_PLAN, WORK_REPORT})


def genre_of(title: Title) -> str:
    """The genre the words of a report's title name."""
    roles = roles_in(title.text)
    if "work" in roles:
        return WORK_REPORT
    if "execution" in title.years and "budget" in title.years:
        return BUDGET
    if "execution" in roles:
        return FINAL_ACCOUNTS if "决算" in title.text else EXECUTION
    if "report" in roles:
        return EVALUATION
    if "budget" in roles:
        return BUDGET_PLAN
    return UNKNOWN


@dataclass(frozen=True)
class ReportYears:
    """What a report's title says it is and which years: the year whose budget is executed or
    accounted for, the year whose budget is drafted, the year it reports on."""

    genre: str
    execution: int | None
    budget: int | None
    report: int | None
    #: the year the report was delivered (a heading's 今年, 过去一年 count from it)
    delivery: int | None = None


def years_of(title: Title, delivery: int | None) -> ReportYears:
    """The years of a report from its title (a work report's from the year it is delivered)."""
    genre = genre_of(title)
    execution = title.first("execution")
    budget = title.first("budget")
    report = title.first("report", "document", "work")
    if genre == WORK_REPORT:
        report = report or delivery
        return ReportYears(genre, report - 1 if report else None, report, report)
    if genre == BUDGET_PLAN:
        return ReportYears(genre, execution, budget or report, report)
    if genre in (EXECUTION, FINAL_ACCOUNTS, BUDGET):
        return ReportYears(genre, execution or report, budget, report)
    return ReportYears(genre, execution, budget, report)
