"""Reading periods from the words of titles and headings (for :mod:`auditor.extract.period`).

A title or heading names years and says what each one is by the words after it
(``2025年预算执行情况`` — execution, ``2026年预算草案`` — budget, ``2024年度部门决算`` —
execution, ``2026年政府工作报告`` — work), from ``models/lexicon/period_words.tsv``; a
plan period (``“十四五”时期``) names its five years (``plan_periods.tsv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from auditor.extract.quantity import YearMention, find_years
from auditor.extract.vocab import vocabulary, words
from auditor.text.headings import parse_heading_mark

if TYPE_CHECKING:
    pass

#: a heading or label that starts a part with no period of its own (名词解释, 附表 …)
NO_PERIOD = "none"


@dataclass(frozen=True)
class PlanPeriod:
    """A five-year plan period: its name as written (十四五) and its years."""

    name: str
    first: int
    last: int


@cache
def plan_periods() -> tuple[PlanPeriod, ...]:
    """The plan periods of ``models/lexicon/plan_periods.tsv``."""
    return tuple(PlanPeriod(name, int(first), int(last))
                 for name, first, last in vocabulary("plan_periods", 3))


#: the years of a government's term (届), which a work report opening the next one reviews
#: like a finished plan (过去五年 in 2018: 2013—2017)
TERM_YEARS = 5


def is_term(first: int, last: int) -> bool:
    """Whether ``first``—``last`` are as many years as a term."""
    return last - first + 1 == TERM_YEARS


@cache
def period_words() -> tuple[tuple[str, str], ...]:
    """``(word, role)`` of ``period_words.tsv``, longest word first."""
    return tuple(sorted(vocabulary("period_words", 2), key=lambda row: -len(row[0])))


@cache
def _book() -> regex.Pattern[str]:
    """How the title of a book of tables ends (``table_books.tsv``): 第二部分 预算草案报表
    names the period of its tables."""
    return regex.compile("(?:" + "|".join(regex.escape(word) for word in words("table_books")) + ")$")


@cache
def _relative_years() -> tuple[tuple[regex.Pattern[str], int, int], ...]:
    """The words of ``relative_years.tsv``, longest first, as they may stand in a heading:
    at its start or after 对/和/及/与/、 (二、对今年政府工作的建议), not inside another word."""
    rows = sorted(vocabulary("relative_years", 3), key=lambda row: -len(row[0]))
    return tuple((regex.compile(rf"(?:^|(?<=[对和及与、]))(?:{regex.escape(word)})"), int(first), int(last))
                 for word, first, last in rows)


def absolute(words: str, delivery: int | None) -> str:
    """``words`` with the years a heading counts from the year of delivery written as years
    (``二、今年工作总体要求`` delivered in 2026: ``2026年工作总体要求``)."""
    if delivery is None:
        return words
    for pattern, first, last in _relative_years():
        years = f"{delivery + first}年" if first == last else f"{delivery + first}-{delivery + last}年"
        words = pattern.sub(years, words)
    return words


@cache
def _plan_pattern() -> regex.Pattern[str]:
    return regex.compile("|".join(regex.escape(plan.name) for plan in plan_periods()))


def roles_in(text: str) -> list[str]:
    """The period roles the words of ``text`` name, in order (longest word first, no overlaps)."""
    taken = [False] * len(text)
    found: list[tuple[int, str]] = []
    for word, role in period_words():
        position = text.find(word)
        while position >= 0:
            if not any(taken[position:position + len(word)]):
                taken[position:position + len(word)] = [True] * len(word)
                found.append((position, role))
            position = text.find(word, position + 1)
    return [role for _, role in sorted(found)]


@dataclass(frozen=True)
class Title:
    """A title or heading (flow range), its years by role and the spans it names."""

    start: int
    end: int
    text: str
    years: dict[str, list[int]]
    spans: list[tuple[int, int]]

    @property
    def bounds(self) -> tuple[int, int] | None:
        """The first and last year the title names, spans and plan periods included."""
        every = [year for values in self.years.values() for year in values]
        every += [year for span in self.spans for year in span]
        return (min(every), max(every)) if every else None

    def first(self, *roles: str) -> int | None:
        """The first year named with one of ``roles`` (in the order given)."""
        for role in roles:
            if self.years.get(role):
                return self.years[role][0]
        return None


#: how many characters may stand between a year written without 年 and its period word
_BARE_GAP = 4


@cache
def _bare_year() -> regex.Pattern[str]:
    """A year written without 年 right before the words of a period (城口县2024财政预算执行
    情况2025财政预算草案的报告): a few words of Han script (no unit, no 年) and a period word."""
    period = "|".join(regex.escape(word) for word, role in period_words() if role != NO_PERIOD)
    return regex.compile(rf"(?<![0-9.,，])(?:19|20)[0-9]{{2}}(?![0-9])(?=[ \t]*"
                         rf"(?:(?![万亿元个年月日号])\p{{Han}}){{0,{_BARE_GAP}}}?(?:{period}))")


def title_years(text: str) -> list[YearMention]:
    """The years of a title or heading: those :func:`find_years` reads, and a year written
    without 年 before the words of a period (:func:`_bare_year`)."""
    found = find_years(text)
    bare = [YearMention(match.start(), match.end(), match.group(), int(match.group()), "year")
            for match in _bare_year().finditer(text)
            if not any(m.start <= match.start() < m.end for m in found)]
    return sorted(found + bare, key=lambda mention: mention.start)


def read_title(start: int, end: int, text: str,
               kinds: tuple[str, ...] = ("year", "range")) -> Title:
    """The years of a title and what each one is (the period words after it, up to the next)."""
    years: dict[str, list[int]] = {}
    spans: list[tuple[int, int]] = []
    mentions = [m for m in title_years(text) if m.kind in kinds]
    for index, mention in enumerate(mentions):
        if mention.kind == "range" and mention.year_to is not None:
            spans.append((mention.year, mention.year_to))
            continue
        stop = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        roles = roles_in(text[mention.end:stop]) or ["document"]
        years.setdefault(roles[0], []).append(mention.year)
    for match in _plan_pattern().finditer(text):
        plan = next(p for p in plan_periods() if p.name == match.group())
        spans.append((plan.first, plan.last))
    return Title(start, end, text, years, spans)


_NUMBER_COMMA = regex.compile(r"(?<=[0-9]),(?=[0-9]{3})")
_PROSE_MARK = regex.compile(r"[,，。;；:：、]")
_CELL_GAP = regex.compile(r"\S(?:[ \t\u3000]{2,}|\t)\S|\S[ \t]+-?[0-9][0-9.]*$")
_CELL_NUMBER = regex.compile(r"(?<![0-9年])-?[0-9]+(?:\.[0-9]+)?(?![0-9年月])")


def is_table_row(segment: str) -> bool:
    """Cells, not prose: no sentence punctuation, a wide gap between cells, and a figure."""
    segment = _NUMBER_COMMA.sub("", segment.strip())
    mark = parse_heading_mark(segment)
    if mark is not None:
        segment = segment[mark.marker_end:]
    return not _PROSE_MARK.search(segment) and bool(_CELL_GAP.search(segment)) \
        and bool(_CELL_NUMBER.search(segment))


_HEADING_SENTENCE = 25
_STATUS = regex.compile(r"(?:编制)?(?:的)?(?:情况|报告)$")
_TRAILING_NOTE = regex.compile(r"\([^()]{0,8}\)$")
_COMMA = regex.compile(r"[,，]")
_DIGIT = regex.compile(r"[0-9]")


@dataclass(frozen=True)
class Named:
    """The period a heading names: its years (``None`` for a part with no period), what
    it is, and the plan period it also names beside a year (``2025年工作回顾和“十四五”…``)."""

    first: int | None
    last: int | None
    role: str
    plan: tuple[int, int] | None = None
    #: what the heading says its one year is (execution, budget), when it says so
    says: str = ""


def heading_period(words: str, execution: int | None, budget: int | None,
                   delivery: int | None = None) -> Named | None:
    """The period a heading's words name, or None when they name none.

    A year, a span or a plan period, also as counted from the year of ``delivery``
    (过去一年, 今年: :func:`absolute`); without one, a heading that *is* 预算执行情况 or
    预算草案 names the document's execution or budget year (not ``加强预算执行管理``, a
    task of the coming year), and 名词解释 / 附表 a part with no period (``None`` years).
    Sentences (a long line with a comma) and table rows (figures besides years) name none.
    """
    if len(words) > 40 or (len(words) > _HEADING_SENTENCE and _COMMA.search(words)):
        return None
    words = absolute(words, delivery)
    rest = words
    for mention in reversed(title_years(words)):
        rest = rest[:mention.start] + rest[mention.end:]
    if _DIGIT.search(rest):
        return None
    title = read_title(0, len(words), words)
    named = [year for values in title.years.values() for year in values]
    if named and title.spans:
        spans = [year for span in title.spans for year in span]
        return Named(min(named), max(named), "heading", (min(spans), max(spans)))
    bounds = title.bounds
    if bounds is not None:
        # 一、2025年预算执行情况 / 二、2026年预算草案 say what their year is; 三、2026年预算
        # 执行重点工作 (the tasks of executing next year's budget) does not
        tail = _TRAILING_NOTE.sub("", words.strip()).rstrip(":：")
        tail = _STATUS.sub("", tail)
        says = next((role for word, role in period_words() if tail.endswith(word)), "")
        return Named(bounds[0], bounds[1], "heading",
                     says=says if says in ("execution", "budget") and len(named) == 1
                     and not title.spans else "")
    tail = _book().sub("", _TRAILING_NOTE.sub("", words.strip()).rstrip(":："))
    roles = [role for word, role in period_words() if tail.endswith(word)]
    if not roles:
        return None
    if roles[0] == "execution" and execution:
        return Named(execution, execution, "execution")
    if roles[0] == "budget" and budget:
        return Named(budget, budget, "budget")
    if roles[0] == NO_PERIOD:
        return Named(None, None, NO_PERIOD)
    return None
