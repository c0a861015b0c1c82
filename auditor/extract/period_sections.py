"""The parts of a report its headings set off and the years each speaks of (for
:mod:`auditor.extract.period`).

A heading narrows the title's period down part by part (``一、2025年预算执行情况``,
``二、2026年预算草案``); a heading naming a year and a plan period
(``一、2025年工作回顾和“十四五”发展主要成绩``) splits into paragraphs reviewing the year
(``过去一年…``) and the plan (``五年来…``, ``review_cues.tsv``); glossaries, notes and
footnotes are parts of their own (:mod:`auditor.extract.period_parts`).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import regex

from auditor.extract.period_genre import BUDGET, WORK_REPORT, ReportYears
from auditor.extract.period_parts import Stretch, footnotes, glossaries, notes, opening_span, table_notes
from auditor.extract.period_text import Named, heading_period, is_term, plan_periods, roles_in
from auditor.extract.vocab import vocabulary
from auditor.text.headings import HeadingStyle, parse_heading_mark

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument


def heading_stretches(doc: AnalysedDocument, start: int, end: int, years: ReportYears,
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
            closed = next(((plan.first, plan.last) for plan in plan_periods()
                           if plan.last == years.execution and first <= plan.first), None)
            if closed is None and is_term(first, last):
                # 一、过去五年工作回顾 in the report opening a new government's term (2018):
                # the five years of the term it closes, reviewed like a plan
                closed = (first, last)
            if closed is not None:
                found += _review_stretches(doc, stretch, closed, (years.execution, years.execution))
    found += glossaries(doc, start, end)
    found += notes(doc, start, end)
    found += footnotes(doc, start, end)
    found += table_notes(doc, start, end)
    return found


#: the scopes of ``review_cues.tsv`` that stand before a cue rather than being one
_LEADS = ("lead", "salutation")


@cache
def _review_lead() -> regex.Pattern[str]:
    """The words that may stand before a review cue (``lead`` and ``salutation`` in
    ``review_cues.tsv``)."""
    leads = sorted((cue for cue, scope in vocabulary("review_cues", 2) if scope in _LEADS),
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
    cues = [(cue, scope) for cue, scope in vocabulary("review_cues", 2) if scope not in _LEADS]
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
