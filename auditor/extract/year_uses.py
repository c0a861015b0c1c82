"""What each year written in a document does: name the period its sentence speaks of, or
something else.

A year *names the period* of its sentence when it is the sentence's time: its topic
(``2023年，全市……``, ``全市2023年一般公共预算收入……``), a 年度 (``2023年度``), a cut-off
(``截至2023年末``) or a dated step (``2023年5月完成……``). It does something else when the
words around it say so (``models/lexicon/time_functions.tsv``): the base of a comparison
(``比2023年``, ``与2023年相比``), the start of a history (``自2020年以来``), a target
(``到2027年``), a cause (``受2023年……影响``), a carried-over balance, a past event
(``2018年，××被授予……``), a past period evaluated; or when it is a span, a document
number, a name in 《》, one of a list of years, a table cell, or a modifier deep inside its
clause (``兑现2018年奖励``). A sentence that also names a year of its own period contrasts
the two on purpose, and a later year up to the year the report was delivered is the time of
writing (``2026年预算编制中``): neither is checked.

Facts about plan periods (``2026年是“十五五”开局之年``) are read by
:mod:`auditor.extract.plan_claims`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

import regex

from auditor.extract.period_parts import TABLE_NOTE
from auditor.extract.period_text import is_table_row
from auditor.extract.quantity import YearMention, find_years
from auditor.extract.vocab import vocabulary, words
from auditor.extract.year_slips import cause_repeated, slip
from auditor.extract.year_text import (
    FIGURE_END,
    FULL_STOP,
    PHRASE_MARK,
    REACH,
    SENTENCE_MARK,
    SPACE,
    bounds,
    clause_figure,
    in_list,
    in_series,
    inside_marks,
    line_function_of,
    mentions_between,
    names_own_noun,
    opens_clause,
    side_by_side,
    start_of_paragraph,
    start_of_sentence,
    this_year_beside,
    year_end,
)
from auditor.text.headings import parse_heading_mark

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.period import Period, Stretch

PERIOD = "period"
#: a year its own sentence shows to be wrong (:mod:`auditor.extract.year_slips`)
SLIP = "slip"
#: a state reached in the review of a finished plan, dated before the plan's last year
PLAN_END = "plan_end"


@dataclass(frozen=True)
class YearUse:
    """A year in the flow view, what it does (``function``) and the word that says so."""

    mention: YearMention
    function: str
    cue: str
    stretch: Stretch | None
    #: the year of the same sentence that shows a slip
    shown_by: YearMention | None = None

    @property
    def contradicts(self) -> bool:
        """A year that names its sentence's period, outside the period of its part, or one
        its own sentence shows to be a slip."""
        stretch = self.stretch
        return self.function in (SLIP, PLAN_END) or (self.function == PERIOD and stretch is not None
                                         and stretch.known and not stretch.holds(self.mention.year))


@dataclass(frozen=True)
class _Cue:
    word: str
    function: str
    past_only: bool


#: cues that say a carry word names what the year itself leaves to the next (time_functions.tsv)
_OWN = "own"
#: cues that apply only to the year just before a part that looks ahead (the year executed,
#: seen from the draft budget: 2025年预计执行数)
_AHEAD = "ahead"


#: cues that apply only in the review of a finished plan (:func:`_plan_end`)
_REVIEW = "review"


@cache
def _milestones() -> tuple[str, ...]:
    return tuple(word for word, _, _, applies in vocabulary("time_functions", 4) if applies == _REVIEW)


@cache
def _ahead_cues() -> tuple[tuple[str, str], ...]:
    return tuple((word, function) for word, _, function, applies
                 in vocabulary("time_functions", 4) if applies == _AHEAD)


@cache
def _cues() -> dict[str, tuple[_Cue, ...]]:
    by_side: dict[str, list[_Cue]] = {"before": [], "after": [], "clause": [], "sentence": []}
    for word, side, function, applies in vocabulary("time_functions", 4):
        if applies not in (_AHEAD, _REVIEW):
            by_side[side].append(_Cue(word, function, applies == "past"))
    return {side: tuple(sorted(cues, key=lambda c: -len(c.word))) for side, cues in by_side.items()}


# Words a clause may open with before its time: 在2023年, 截至2023年末, 全市2023年….
_TIME_PREPOSITION = regex.compile(r"(?:在|于|截至|截止|截止到|截至到|至|到)$")
_CUTOFF = regex.compile(r"(?:截至|截止)(?:到)?$")
_BY_END = regex.compile(r"(?:到|至)$")
_FUTURE = regex.compile(r"要|将|力争|争取|确保|计划|预计|预期")
# how far after a year a carry-over cue may stand (2024年结转资金, not 2024年全市…收支结余)
_CARRY_REACH = 4
# The sentence before compares with last year: last year's figure that follows is its base.
_LAST_YEAR_COMPARISON = regex.compile(r"比上年|较上年|同比|上年同期|与上年")
_SAME_ITEM = regex.compile(r"同一|同期|同口径")
_MONTH = regex.compile(r"年\s*([0-9]{1,2})\s*月")
_LATE_MONTH = 10
_ALLOCATED = regex.compile(r"安排|下达|拨付|分配|下拨")
# a table's caption, perhaps run together with its header row (…余额情况表项目 金额)
_CAPTION = regex.compile(r"^[^。,，;；]{0,60}?(?:情况|明细|汇总|收支|余额|安排|分配|用途|计划|决算|预算)表")


@cache
def _subjects() -> frozenset[str]:
    return frozenset(words("year_subjects"))


@cache
def _nouns() -> tuple[str, ...]:
    return words("period_nouns")


def _says(clause: str, word: str) -> bool:
    """``word`` in ``clause`` as its predicate, not as a modifier (``审查批准的预算``)."""
    position = clause.find(word)
    while position >= 0:
        if not clause.startswith("的", position + len(word)):
            return True
        position = clause.find(word, position + 1)
    return False


@cache
def _cause_bases() -> tuple[tuple[str, ...], ...]:
    return vocabulary("cause_bases", 2)


def _explains_budget_gap(explained: str) -> bool:
    """Whether what a cause explains is a gap against the period's own budget
    (``较预算减少的主要原因是``), not a change against an earlier year: only such a change
    can have its cause in an earlier year (``cause_bases.tsv``)."""
    bases = {base for word, base in _cause_bases() if word in explained}
    return "budget" in bases and "prior" not in bases


def _cue(cues: tuple[_Cue, ...], test, past: bool) -> _Cue | None:  # type: ignore[no-untyped-def]
    return next((cue for cue in cues if (past or not cue.past_only) and test(cue.word)), None)


def year_function(text: str, mention: YearMention, neighbours: list[YearMention],
                  past: bool, floor: int = 0) -> tuple[str, str]:
    """``(function, cue)`` of one year mention in ``text`` (flow view); ``past`` says whether
    the year lies before the period of its part (past-only cues apply then); no clause
    reaches back before ``floor`` (the end of a title the flow view ran the text into)."""
    if mention.kind == "docno":
        return "docno", mention.text
    if mention.kind == "range":
        return "span", mention.text
    # Every window around the year is bounded, so a 1 MB paragraph with no punctuation
    # costs a constant per year, not its length.
    low = max(0, floor, mention.start - REACH)
    line_start = text.rfind("\n", low, mention.start) + 1 or low
    line_end = text.find("\n", mention.end, mention.end + REACH)
    # the row the year stands in, after a note's label (…合计 0 0 备注：2023年…)
    label = max(text.rfind(mark, line_start, mention.start) for mark in "。:：")
    row = text[max(line_start, label + 1):line_end if line_end >= 0 else mention.end + REACH]
    if is_table_row(row):
        return "table", ""
    if _CAPTION.match(SPACE.sub("", row)):
        return "caption", ""
    if inside_marks(text, mention.start):
        return "name", "《》"
    joined = in_list(text, mention, neighbours)
    if joined is not None:
        return "list", joined
    if in_series(text, mention, neighbours):
        return "series", ""
    start, end = bounds(PHRASE_MARK, text, mention.start, mention.end)
    start, end = max(start, floor, mention.start - REACH), min(end, mention.end + REACH)
    before = SPACE.sub("", text[start:mention.start])
    mark = parse_heading_mark(before) if before else None
    if (mark is not None and mark.marker_end == len(before)) or FIGURE_END.search(before):
        # 2.2025年国防支出预算…: the year opens a numbered item; 增长34.4%2021年支出…: a
        # line the flow ran on from the last figure, with no mark between
        before = ""
    after = SPACE.sub("", text[mention.end:end])
    if _CUTOFF.search(before) or (_BY_END.search(before) and after[:1] != "" and after[:1] in "末底"
                                  and not _FUTURE.search(after)):
        return PERIOD, "截至"
    cues = _cues()
    # after a year-end or a year-start (2023年末相比) the cue follows 末/底/初
    tail = after[1:] if after[:1] != "" and after[:1] in "末底初" else after
    found = _cue(cues["before"], before.endswith, past) or _cue(
        cues["after"], lambda w: after.startswith(w) or tail.startswith(w), past)
    if found is None:
        clause = before + after
        near = before + after[:_CARRY_REACH]
        sentence_start = max(start_of_sentence(text, mention.start), floor, mention.start - REACH)
        # a year opening its clause is the time of the evaluation the clause reports
        # (2024年选取15个项目开展绩效评价), not the period evaluated (开展2023年度…评价)
        # an event that dates a thing (2020年建成的园区, 2024年中央出台的政策) is history too
        # what the year itself leaves (2020年结转下年支出) is its own figure, not a balance
        # carried in; nor is the budget it names (2024年全市预算经…批准) an event's object
        own = any(_says(clause, cue.word) for cue in cues["clause"] if cue.function == _OWN)
        found = next((cue for cue in cues["clause"] if (past or not cue.past_only)
                      and cue.function != _OWN and not (own and cue.function == "carry")
                      and not (cue.function == "event" and names_own_noun(after, _subjects(), _nouns()))
                      and not (cue.function == "evaluated" and not before)
                      and ((cue.function == "event" and cue.word + "的" in clause)
                           or _says(near if cue.function == "carry" else clause, cue.word))),
                     None)
        if found is None:
            lead = text[sentence_start:mention.start]
            found = _cue(cues["sentence"], lead.__contains__, past)
            if found is not None and found.function == "cause" \
                    and _explains_budget_gap(lead[:lead.find(found.word)]):
                found = None
    if found is None and not before and not after and end < len(text) and text[end] in ",，":
        # 2018年，××被授予……: the year opens its sentence; the next clause says what
        # happened then
        following = SPACE.sub("", text[end + 1:bounds(PHRASE_MARK, text, end + 1, end + 1)[1]])
        found = _cue(tuple(c for c in cues["clause"] if c.function == "event"),
                     lambda word: _says(following, word), past)
    if found is not None:
        return found.function, found.word
    if not before or _TIME_PREPOSITION.search(before):
        return PERIOD, ""
    # A later year is checked only as the clause's opening time; an earlier one also after
    # its subject (全市2023年…), as a 年度 (the reporting year's own word), or before what a
    # report reports on (完成2022年部门整体绩效目标).
    if past and (before in _subjects() or "年度" in mention.text or after.startswith(_nouns())):
        return PERIOD, ""
    return "modifier", ""


def year_uses(doc: AnalysedDocument, period: Period) -> tuple[YearUse, ...]:
    """Every year of the document with what it does, in text order (flow view)."""
    text = doc.flow.text
    mentions = find_years(text)
    starts = [mention.start for mention in mentions]
    uses = []
    for index, mention in enumerate(mentions):
        if period.in_furniture(mention.start):
            continue
        stretch = period.at(mention.start)
        past = stretch is not None and stretch.first is not None and mention.year < stretch.first
        neighbours = mentions[max(0, index - 3):index] + mentions[index + 1:index + 4]
        line_function = line_function_of(doc, mention)
        if line_function == "caption" and stretch is not None and stretch.role == TABLE_NOTE:
            line_function = None  # a note under a table speaks of its table's year
        if line_function is not None:
            uses.append(YearUse(mention, line_function, "", stretch))
            continue
        floor = period.furniture_end(mention.start)
        function, cue = year_function(text, mention, neighbours, past, floor)
        outside = stretch is not None and stretch.known and not stretch.holds(mention.year)
        if outside and function == PERIOD:
            function, cue = _explained(text, mention, mentions, starts, stretch, period, floor)
        elif function == PERIOD and mention.kind == "year" and period.closes_plan(stretch) \
                and stretch is not None and stretch.last is not None and mention.year < stretch.last:
            function, cue = _plan_end(text, mention, mentions, starts, neighbours, stretch, period, floor)
        # a sentence here runs between full stops (its clauses may be cut by ；)
        sentence_start = max(bounds(FULL_STOP, text, mention.start, mention.end)[0],
                             mention.start - REACH)
        sentence_end = min(bounds(FULL_STOP, text, mention.end, mention.end)[1],
                           mention.end + REACH)
        found = slip(text, mention, mentions_between(mentions, starts, sentence_start, mention.start),
                     mentions_between(mentions, starts, mention.end, sentence_end),
                     opens_clause(text, mention),
                     mentions_between(mentions, starts, start_of_paragraph(text, sentence_start),
                                      sentence_start))
        if found is None and function == "cause":
            found = cause_repeated(text, mention, cue, mentions_between(mentions, starts, sentence_start,
                                                                        mention.start))
        if found is not None:
            uses.append(YearUse(mention, SLIP, found.kind, stretch, found.other))
            continue
        uses.append(YearUse(mention, function, cue, stretch))
    return tuple(uses)


def _explained(text: str, mention: YearMention, mentions: list[YearMention], starts: list[int],
               stretch: Stretch, period: Period, floor: int) -> tuple[str, str]:
    """A year outside its part's period that its sentence (from ``floor`` on) or the
    calendar explains."""
    if stretch.last is not None and stretch.last < mention.year:
        # a report cannot state what happened after it was written: a later year is a
        # plan, a target or a deadline (于2020年前完成), never last year's leftover; when
        # the delivery is unknown, any year after the part's period is taken so
        delivered = period.delivery_year or stretch.last
        if mention.year > delivered:
            return "future", str(delivered)
        return "writing", str(delivered)
    start, end = bounds(SENTENCE_MARK, text, mention.start, mention.end)
    start, end = max(start, floor, mention.start - REACH), min(end, mention.end + REACH)
    for other in mentions_between(mentions, starts, start, end):
        if other is not mention and other.kind != "docno" and stretch.holds(other.year) \
                and _is_time(text, other, mentions, starts) and side_by_side(text, mention, other) \
                and not _caused_later(text[mention.end:other.start]):
            return "contrast", other.text
    beside = this_year_beside(text, mention, start, end) if stretch.holds(period.delivery_year or 0) else None
    if beside is not None:
        return "contrast", beside.group()
    if stretch.first is not None and mention.year == stretch.first - 1 and period.looks_ahead(stretch):
        if year_end(text, mention):
            # 截至2025年末 in the 2026 draft budget: the balance the plan starts from
            return "opening", mention.text
        clause_start, clause_end = bounds(PHRASE_MARK, text, mention.start, mention.end)
        clause = SPACE.sub("", text[max(clause_start, floor, mention.start - REACH):
                                     min(clause_end, mention.end + REACH)])
        # 2025年预计执行数 in the 2026 draft: the base the plan is built on
        found = next((cue for cue in _ahead_cues() if cue[0] in clause), None)
        if found is not None:
            return found[1], found[0]
    if stretch.first is not None and mention.year == stretch.first - 1 and mention.kind == "date":
        month = _MONTH.search(mention.text)
        clause_end = bounds(PHRASE_MARK, text, mention.start, mention.end)[1]
        if not text[mention.end:clause_end].strip() and clause_end < len(text):
            clause_end = bounds(PHRASE_MARK, text, clause_end + 1, clause_end + 1)[1]
        allocated = _ALLOCATED.search(text, mention.end, clause_end)
        if month is not None and int(month.group(1)) >= _LATE_MONTH and allocated is not None:
            # 2022年12月，省级预算安排…专项资金: money for the period, arranged before it starts
            return "advance", allocated.group()
    if stretch.first is not None and mention.year == stretch.first - 1 and start > 0:
        previous = text[bounds(SENTENCE_MARK, text, start - 1, start - 1)[0]:start]
        comparison = _LAST_YEAR_COMPARISON.search(previous)
        if comparison is not None and _SAME_ITEM.search(text, start, end):
            return "comparison", comparison.group()
    return PERIOD, ""


def _plan_end(text: str, mention: YearMention, mentions: list[YearMention], starts: list[int],
              neighbours: list[YearMention], stretch: Stretch, period: Period, floor: int) -> tuple[str, str]:
    """What a year before a reviewed plan's last year does as the time of its clause
    (:meth:`Period.closes_plan`): history, an event, a cause, a contrast (``2022年，全省战胜
    特大洪灾``), or a state reached, measured by a figure — which the review of a finished plan
    states as of its last year (``2025年总量比2020年增加7400亿元``): a slip (:data:`PLAN_END`)."""
    function, cue = year_function(text, mention, neighbours, True, floor)
    if function == PERIOD:
        function, cue = _explained(text, mention, mentions, starts,
                                   replace(stretch, first=stretch.last), period, floor)
    if function != PERIOD:
        return function, cue
    figure = clause_figure(text, mention)
    if figure is None:
        return PERIOD, ""
    # the first figure as a threshold crossed then (2023年总量突破5万亿元) dates a milestone
    # on the way, not the state the plan ended in (2024年总面积202万亩、产值突破百亿 is one)
    lead = SPACE.sub("", text[mention.end:figure.start()])
    milestone = next((word for word in _milestones() if word in lead), None)
    return ("milestone", milestone) if milestone is not None else (PLAN_END, "")


def _caused_later(between: str) -> bool:
    """Whether a cause is given between a year and a later year of the period
    (``2023年收入增长13.4%，主要原因是：2024年…``): a cause cannot come after what it
    explains, so the later year is no time set against the earlier one."""
    return any(cue.function == "cause" and cue.word in between
               for cue in _cues()["sentence"])


#: what a year of the period does when it only names a thing (提出的2026年预算报告,
#: 《…2026年…》): it sets no time against which another year is a contrast
_NAMING = frozenset({"modifier", "name", "docno"})


def _is_time(text: str, mention: YearMention, mentions: list[YearMention], starts: list[int]) -> bool:
    index = bisect.bisect_left(starts, mention.start)
    neighbours = mentions[max(0, index - 3):index] + mentions[index + 1:index + 4]
    return year_function(text, mention, neighbours, False)[0] not in _NAMING
