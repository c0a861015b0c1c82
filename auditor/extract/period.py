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
from functools import cache, cached_property
from typing import TYPE_CHECKING

import regex

from auditor.extract.period_parts import Stretch, footnotes, glossaries, notes, opening_span, table_notes
from auditor.extract.period_text import (
    Named,
    PlanPeriod,
    Title,
    heading_period,
    plan_periods,
    roles_in,
)
from auditor.extract.period_titles import DATELINE, DELIVERY, bound_in_reports, is_title_line, opening_title
from auditor.extract.plan_claims import AnniversaryClaim, PlanClaim, anniversary_claims, plan_claims
from auditor.extract.quantity import find_years
from auditor.extract.vocab import vocabulary
from auditor.extract.year_sections import settled
from auditor.extract.year_uses import YearUse, year_uses
from auditor.text.headings import HeadingStyle, parse_heading_mark
from auditor.text.sections import table_of_contents

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument

#: genres a title can name
BUDGET = "budget"  # 预算执行情况和预算草案
EXECUTION = "execution"  # 预算执行情况 of one year
FINAL_ACCOUNTS = "final_accounts"  # 决算
WORK_REPORT = "work_report"  # 政府工作报告
EVALUATION = "evaluation"  # 绩效自评/评价报告
BUDGET_PLAN = "budget_plan"  # a budget (部门预算) without an execution part
UNKNOWN = "unknown"

_LONG_LINE = 120
#: genres with a part on a year still to come
_PLANNING = frozenset({BUDGET, BUDGET_PLAN, WORK_REPORT})


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
        budget report only a turn of the text to the plan (``review``) says so; a part
        headed by the plan alone may report on the last year too."""
        return stretch is not None and stretch.first is not None and stretch.first != stretch.last \
            and stretch.last == self.execution_year \
            and (self.genre == WORK_REPORT or stretch.role == "review") \
            and any((plan.first, plan.last) == (stretch.first, stretch.last) for plan in self.plans)

    def looks_ahead(self, stretch: Stretch) -> bool:
        """Whether ``stretch`` speaks of the year a budget or work plan is for (the draft part
        of a budget report, a department's budget, a work report's tasks): the part looks
        ahead from the year before it, whose year-end figures are where the plan starts."""
        return self.genre in _PLANNING and self.budget_year is not None \
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


def _genre(title: Title) -> str:
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
class _Years:
    genre: str
    execution: int | None
    budget: int | None
    report: int | None
    #: the year the report was delivered (a heading's 今年, 过去一年 count from it)
    delivery: int | None = None


def _years_of(title: Title, delivery: int | None) -> _Years:
    genre = _genre(title)
    execution = title.first("execution")
    budget = title.first("budget")
    report = title.first("report", "document", "work")
    if genre == WORK_REPORT:
        report = report or delivery
        return _Years(genre, report - 1 if report else None, report, report)
    if genre == BUDGET_PLAN:
        return _Years(genre, execution, budget or report, report)
    if genre in (EXECUTION, FINAL_ACCOUNTS, BUDGET):
        return _Years(genre, execution or report, budget, report)
    return _Years(genre, execution, budget, report)


def _title_stretch(title: Title, years: _Years, end: int) -> Stretch | None:
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
    found = [span for spans in running.values() for span in spans]
    toc = table_of_contents(doc)
    if toc is not None:
        found.append((toc.start, toc.end))
    for paragraph in doc.paragraphs:
        if DATELINE.match(paragraph.text) or (DELIVERY.search(paragraph.text)
                                              and len(paragraph.text) < _LONG_LINE):
            found.append((paragraph.start, paragraph.end))
    return found


def _heading_stretches(doc: AnalysedDocument, start: int, end: int, years: _Years,
                       furniture: list[tuple[int, int]]) -> list[Stretch]:
    """A stretch for each heading (or label line) in ``[start, end)`` that names a period.

    A heading naming a year and a plan period (``2025年工作回顾和“十四五”发展主要成绩``)
    speaks of the year, except where a sentence turns to the plan period (``五年来`` …,
    :func:`_review_stretches`). In a budget report, a top-level part after the draft
    budget that names no period (``三、改进和加强预算管理的主要措施``) speaks of the
    budget year; in a work report, one after the year's tasks (``四、全面提升政府治理
    现代化水平`` after ``三、2026年工作安排``) of the year planned.
    """
    headings = [h for h in doc.headings if start <= h.start < end
                and not any(a <= h.start < b for a, b in furniture)]
    found = []
    # the style and number of the last top-level part on the budget year, while the
    # parts after it continue its numbering
    after_budget: tuple[HeadingStyle, int] | None = None
    for index, heading in enumerate(headings):
        mark = parse_heading_mark(heading.title)
        words = heading.title[mark.marker_end:] if mark else heading.title
        named = heading_period(words.strip(), years.execution, years.budget, years.delivery)
        stop = next((h.start for h in headings[index + 1:] if h.style <= heading.style), end)
        if after_budget is not None and heading.style == after_budget[0]:
            if heading.number != after_budget[1] + 1:
                after_budget = None
            elif named is None and years.budget is not None:
                named = Named(years.budget, years.budget, "budget")
        if named is None:
            continue
        if years.genre in (BUDGET, WORK_REPORT) and named.first == named.last == years.budget \
                and heading.style <= HeadingStyle.CHINESE:
            after_budget = (heading.style, heading.number)
        first, last, says = named.first, named.last, named.says
        span = opening_span(doc, heading.end, stop) if named.role in ("execution", "budget") else None
        if span is not None and span[1] == last:
            first = span[0]  # 一、本届政府工作回顾 / 2013~2017年，…: the years the review covers
        parent = _inherited(found, heading.start, named, words)
        if parent is not None:
            # （一）2025年财政预算编制的指导思想 under 二、2026年预算草案: the part's year
            first, last, says = parent.first, parent.last, parent.says
        expected = {"execution": years.execution, "budget": years.budget}.get(says)
        if expected is not None:
            first = last = expected  # 一、2024年预算执行情况 in a report on 2025: a slip
        stretch = Stretch(heading.start, stop, first, last, named.role, heading.title.strip(),
                          heading.start, heading.end, says, named.first)
        found.append(stretch)
        if named.plan is not None:
            found += _review_stretches(doc, stretch, named.plan)
        elif years.genre == WORK_REPORT and years.execution is not None and first is not None \
                and last is not None and first < last and first <= years.execution <= last:
            # 一、“十四五”时期工作回顾 / 过去五年工作回顾 / 二、“十四五”时期发展成就和
            # “十五五”时期主要目标任务: its 五年来… paragraphs review the plan that ended with
            # the year before the report, its 过去一年… paragraphs that year, as under a
            # heading naming the year beside the plan
            closed = next((plan for plan in plan_periods()
                           if plan.last == years.execution and first <= plan.first), None)
            if closed is not None:
                found += _review_stretches(doc, stretch, (closed.first, closed.last),
                                           (years.execution, years.execution))
    found += glossaries(doc, start, end)
    found += notes(doc, start, end)
    found += footnotes(doc, start, end)
    found += table_notes(doc, start, end)
    return found


@cache
def _review_lead() -> regex.Pattern[str]:
    """The words that may stand before a review cue (``lead`` in ``review_cues.tsv``)."""
    leads = sorted((cue for cue, scope in vocabulary("review_cues", 2) if scope == "lead"),
                   key=len, reverse=True)
    return regex.compile(rf"^[ \t\u3000]*(?:(?:{'|'.join(map(regex.escape, leads))})[!！,，]?)?[ \t\u3000]*")


_QUOTES = "“”\"'‘’"


def _inherited(found: list[Stretch], position: int, named: Named, words: str) -> Stretch | None:
    """The execution or budget part a sub-heading naming another single year belongs to,
    when its words name no other kind of period (a slip: the part's year is meant)."""
    if named.first is None or named.first != named.last or named.says or named.plan:
        return None
    parent = next((s for s in reversed(found) if s.start < position < s.end
                   and s.role != "review"), None)
    if parent is None or parent.says not in ("execution", "budget") \
            or parent.first == named.first or parent.first != parent.last:
        return None
    if any(role != parent.says for role in roles_in(words)):
        return None
    return parent


def _review_stretches(doc: AnalysedDocument, part: Stretch, plan: tuple[int, int],
                      year: tuple[int, int] | None = None) -> list[Stretch]:
    """Inside a part reviewing a year and a plan period, a sentence opening with 五年来 /
    过去五年 / the plan's name turns to the plan period and one opening with 过去一年 /
    刚刚过去的 back to the year (``review_cues.tsv``; the part's years unless ``year`` is
    given), each up to the next such sentence or the end of the part."""
    if year is None and part.first is not None and part.last is not None:
        year = (part.first, part.last)
    cues = [(cue, scope) for cue, scope in vocabulary("review_cues", 2) if scope != "lead"]
    lead_pattern = _review_lead()
    opened: list[tuple[int, tuple[int, int], str]] = []
    for sentence in doc.sentences:
        if not part.start < sentence.start < part.end:
            continue
        lead = lead_pattern.match(sentence.text)
        rest = sentence.text[lead.end() if lead else 0:].lstrip(_QUOTES)
        scope = next((scope for cue, scope in cues if rest.startswith(cue)), None)
        named = next((p for p in plan_periods() if rest.startswith(p.name)), None)
        if scope == "year" and year is not None:
            opened.append((sentence.start, year, sentence.text))
        elif scope == "plan":
            opened.append((sentence.start, plan, sentence.text))
        elif scope is None and named is not None:
            # “十四五”时期… / “十五五”时期…: the plan the sentence names
            opened.append((sentence.start, (named.first, named.last), sentence.text))
    if not opened:
        return []
    ends = [start for start, _, _ in opened[1:]] + [part.end]
    return [Stretch(start, end, first, last, "review", text[:20], start, start + min(len(text), 20))
            for (start, (first, last), text), end in zip(opened, ends, strict=True)]


def _merged(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


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
    years = _Years(UNKNOWN, None, None, None)
    if title is not None:
        furniture.append((title.start, title.end))
        years = _years_of(title, delivery)
        stretch = _title_stretch(title, years, main_end)
        if stretch is not None:
            stretches.append(stretch)
    if delivery is None:
        year = years.execution or years.report
        delivery = years.report if years.genre == WORK_REPORT else (year + 1 if year else None)
    stretches += _heading_stretches(doc, 0, main_end, replace(years, delivery=delivery), furniture)
    no_years = _Years(UNKNOWN, None, None, None)
    for part_start, part_end, part_title in parts:
        furniture.append((part_title.start, part_title.end))
        bounds = part_title.bounds or (None, None)
        role = "report" if part_title.text.rstrip().endswith("报告") else "appendix"
        stretches.append(Stretch(part_start, part_end, bounds[0], bounds[1], role,
                                 part_title.text.strip(), part_title.start, part_title.end))
        stretches += _heading_stretches(doc, part_start, part_end, no_years, furniture)
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
