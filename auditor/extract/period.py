"""The period model of a document: which years each part of it speaks of.

A report's title says what it covers (``关于××市2025年预算执行情况与2026年预算草案的报告``:
2025 execution, 2026 budget; ``2024年度部门决算``: 2024; ``2026年政府工作报告``: 2025
reviewed, 2026 planned). Its headings narrow that down part by part
(``一、2025年预算执行情况``, ``二、2026年预算草案``, ``一、2025年工作回顾和“十四五”发展主要成绩``),
and a report bound into another one (a 绩效评价报告 appended to a 决算 book) starts a part
with a period of its own. Five-year plan periods (十四五 = 2021–2025 …) are data
(``models/lexicon/plan_periods.tsv``), as are the words that say what a year is
(``period_words.tsv``); reading them is :mod:`auditor.extract.period_text`.

The model is a list of :class:`Stretch` es (flow-view ranges, the innermost wins);
:meth:`Period.at` answers "which years does the text at this position speak of?".
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from auditor.extract.period_genre import (
    BUDGET,
    BUDGET_PLAN,
    EVALUATION,
    EXECUTION,
    FINAL_ACCOUNTS,
    PLANNING,
    UNKNOWN,
    WORK_REPORT,
    ReportYears,
    years_of,
)
from auditor.extract.period_parts import Stretch, note_titles
from auditor.extract.period_sections import heading_stretches
from auditor.extract.period_text import PlanPeriod, Title, is_term, plan_periods
from auditor.extract.period_titles import DATELINE, DELIVERY, bound_in_reports, is_title_line, opening_title
from auditor.extract.plan_claims import AnniversaryClaim, PlanClaim, anniversary_claims, plan_claims
from auditor.extract.quantity import find_years
from auditor.extract.year_sections import settled
from auditor.extract.year_uses import YearUse, year_uses
from auditor.text.sections import table_of_contents

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument

_LONG_LINE = 120
#: the parts of a budget report that review a finished plan: a turn of the text to it
#: (五年来…) or a part headed by the plan alone (（三）“十四五”时期财政发展情况)
_PLAN_PARTS = frozenset({"review", "heading"})


@dataclass(frozen=True)
class Period:
    """The document's period model (see the module documentation)."""

    genre: str
    execution_year: int | None
    budget_year: int | None
    report_year: int | None
    delivery_year: int | None
    stretches: tuple[Stretch, ...]
    plans: tuple[PlanPeriod, ...]
    #: flow ranges that state periods rather than speak in them (titles, contents, datelines)
    furniture: tuple[tuple[int, int], ...] = ()
    #: every year of the text and what it does (:mod:`auditor.extract.year_uses`)
    uses: tuple[YearUse, ...] = ()
    #: ``X年是“十五五”开局之年`` statements
    plan_claims: tuple[PlanClaim, ...] = ()
    #: ``X年是新中国成立70周年`` statements
    anniversaries: tuple[AnniversaryClaim, ...] = ()

    @cached_property
    def _starts(self) -> list[int]:
        return [stretch.start for stretch in self.stretches]

    def at(self, position: int) -> Stretch | None:
        """The innermost stretch holding ``position`` (None outside every stretch): the one
        starting last at or before it that has not ended."""
        for index in range(bisect.bisect_right(self._starts, position) - 1, -1, -1):
            if position < self.stretches[index].end:
                return self.stretches[index]
        return None

    def part(self, position: int) -> int:
        """Which report ``position`` belongs to: the start of the bound-in report holding it
        (a 绩效评价报告 appended to a 决算 book is a report of its own; an appended book of
        tables and notes, ``朝阳市2025年预算执行情况``, belongs to the report), else 0."""
        for stretch in self.stretches:
            if stretch.start > position:
                break
            if stretch.role == "report" and position < stretch.end:
                return stretch.start
        return 0

    def in_furniture(self, position: int) -> bool:
        """Whether ``position`` is in a title, the contents or a dateline."""
        # the ranges are merged and sorted (build_period): the one starting last at or
        # before ``position`` is the only one that can hold it
        index = bisect.bisect_right(self.furniture, (position, 1 << 62)) - 1
        return index >= 0 and self.furniture[index][0] <= position < self.furniture[index][1]

    def closes_plan(self, stretch: Stretch | None) -> bool:
        """Whether ``stretch`` reviews a whole plan period that ended with the year the report
        reviews (``五年来，…`` in a 2026 work report, or in a report on 2025 execution, on
        十四五): what it states as of one year, it states as of the plan's last year. In a
        budget report a turn of the text to the plan (``review``) says so, and so does a
        part headed by the plan alone (its heading spans the plan). A work report reviews the
        five years of the government's term it closes (过去五年 in 2018: 2013—2017) the same way."""
        return stretch is not None and stretch.first is not None and stretch.first != stretch.last \
            and stretch.last == self.execution_year \
            and (self.genre == WORK_REPORT or stretch.role in _PLAN_PARTS) \
            and (any((plan.first, plan.last) == (stretch.first, stretch.last) for plan in self.plans)
                 or (self.genre == WORK_REPORT and is_term(stretch.first, stretch.last)))

    def looks_ahead(self, stretch: Stretch) -> bool:
        """Whether ``stretch`` speaks of the year a budget or work plan is for (the draft part
        of a budget report, a department's budget, a work report's tasks): the part looks
        ahead from the year before it, whose year-end figures are where the plan starts."""
        return self.genre in PLANNING and self.budget_year is not None \
            and stretch.first == stretch.last == self.budget_year

    def furniture_end(self, position: int) -> int:
        """Where the last title, contents or dateline ending at or before ``position``
        ends (0 if none): a sentence the flow view ran into a title starts there."""
        index = bisect.bisect_right(self.furniture, (position, 1 << 62)) - 1
        while index >= 0 and self.furniture[index][1] > position:
            index -= 1
        return self.furniture[index][1] if index >= 0 else 0

    def plan(self, name: str) -> PlanPeriod | None:
        """The plan period written ``name`` (十四五), if it is one."""
        return next((plan for plan in self.plans if plan.name == name), None)

    @property
    def title(self) -> Stretch | None:
        """The stretch the report's own title sets, if it names a period."""
        first = self.stretches[0] if self.stretches else None
        return first if first is not None and first.role == "document" else None


def _title_stretch(title: Title, years: ReportYears, end: int) -> Stretch | None:
    if years.genre in (BUDGET, WORK_REPORT) and years.execution and years.budget:
        first, last = min(years.execution, years.budget), max(years.execution, years.budget)
    elif title.spans and not title.years:
        first, last = title.spans[0]
    else:
        year = years.execution or years.budget or years.report
        if year is None:
            return None
        first = last = year
    return Stretch(title.start, end, first, last, "document", title.text.strip(),
                   title.start, title.end)


#: how often a short line must recur to be a running header or footer
_RUNNING = 3


def running_lines(doc: AnalysedDocument) -> dict[str, list[tuple[int, int]]]:
    """Short unnumbered lines without sentence punctuation that recur word for word
    (``青川市2025年预算执行情况和2026年预算草案的报告`` atop every page): a running header
    or footer names the document, not the period of the text around it. Their flow ranges
    by their words (the source's lines: the flow view may run a header into the sentence
    it interrupts)."""
    found: dict[str, list[tuple[int, int]]] = {}
    start = 0
    for line in doc.text.split("\n"):
        words = "".join(line.split())
        if words and is_title_line(words) and find_years(words):
            found.setdefault(words, []).append((start, start + len(line)))
        start += len(line) + 1
    flow = doc.flow
    return {words: [(flow.from_source(a), flow.from_source(b)) for a, b in ranges]
            for words, ranges in found.items() if len(ranges) >= _RUNNING}


def _furniture(doc: AnalysedDocument, running: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    found = [span for spans in running.values() for span in spans] + note_titles(doc)
    toc = table_of_contents(doc)
    if toc is not None:
        found.append((toc.start, toc.end))
    for paragraph in doc.paragraphs:
        if DATELINE.match(paragraph.text) or (DELIVERY.search(paragraph.text)
                                              and len(paragraph.text) < _LONG_LINE):
            found.append((paragraph.start, paragraph.end))
    return found


def _merged(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _part_years(title: Title, role: str) -> ReportYears:
    """The years a bound-in report's headings are read against: a budget report or final
    account bound after a resolution (决议) or a cover has its title's, as the main report
    does; other parts (an evaluation, a book of tables) none."""
    years = years_of(title, None)
    if role != "report" or years.genre not in _ON_BUDGET_YEARS:
        return ReportYears(UNKNOWN, None, None, None)
    year = years.execution or years.report
    return replace(years, delivery=year + 1 if year else None)


#: the genres of reports on a budget's years
_ON_BUDGET_YEARS = frozenset({BUDGET, EXECUTION, FINAL_ACCOUNTS})


def build_period(doc: AnalysedDocument) -> Period:
    """The period model of ``doc`` (see the module documentation)."""
    text = doc.flow.text
    running = running_lines(doc)
    furniture = _furniture(doc, running)
    found = opening_title(doc)
    title, delivery = found if found is not None else (None, None)
    parts = bound_in_reports(doc, title.end if title is not None else 0,
                             frozenset(running), "".join(title.text.split()) if title else "")
    main_end = parts[0][0] if parts else len(text)
    stretches: list[Stretch] = []
    years = ReportYears(UNKNOWN, None, None, None)
    if title is not None:
        furniture.append((title.start, title.end))
        years = years_of(title, delivery)
        stretch = _title_stretch(title, years, main_end)
        if stretch is not None:
            stretches.append(stretch)
    if delivery is None:
        year = years.execution or years.report
        delivery = years.report if years.genre == WORK_REPORT else (year + 1 if year else None)
    stretches += heading_stretches(doc, 0, main_end, replace(years, delivery=delivery), furniture)
    for part_start, part_end, part_title in parts:
        furniture.append((part_title.start, part_title.end))
        bounds = part_title.bounds or (None, None)
        role = "report" if part_title.text.rstrip().endswith("报告") else "appendix"
        stretches.append(Stretch(part_start, part_end, bounds[0], bounds[1], role,
                                 part_title.text.strip(), part_title.start, part_title.end))
        stretches += heading_stretches(doc, part_start, part_end, _part_years(part_title, role), furniture)
    # a note's title states the period its note speaks in
    furniture += [(s.cue_start, s.cue_end) for s in stretches if s.role == "appendix"]
    stretches.sort(key=lambda s: (s.start, -s.end))
    model = Period(years.genre, years.execution, years.budget, years.report, delivery,
                   tuple(stretches), plan_periods(), _merged(furniture))
    return replace(model, uses=settled(doc, model, year_uses(doc, model)), plan_claims=plan_claims(doc, model),
                   anniversaries=anniversary_claims(doc, model))


__all__ = [
    "BUDGET", "BUDGET_PLAN", "EVALUATION", "EXECUTION", "FINAL_ACCOUNTS", "UNKNOWN",
    "WORK_REPORT", "Period", "PlanPeriod", "Stretch", "build_period", "plan_periods",
]
