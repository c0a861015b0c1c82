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

from auditor.extract.quantity import find_years
from auditor.extract.vocab import vocabulary, words
from auditor.text.headings import parse_heading_mark

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.text.sentences import TextRange

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


def read_title(start: int, end: int, text: str,
               kinds: tuple[str, ...] = ("year", "range")) -> Title:
    """The years of a title and what each one is (the period words after it, up to the next)."""
    years: dict[str, list[int]] = {}
    spans: list[tuple[int, int]] = []
    mentions = [m for m in find_years(text) if m.kind in kinds]
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


# ——2025年1月10日在××县第十八届人民代表大会第4次会议上: when the report was delivered
# (the line may be cut after 第十二届; the dash and the date are enough). The date may stand
# in brackets instead of after a dash, and be written in Chinese numerals (二〇二六年一月…).
DELIVERY = regex.compile(
    r"(?:[—－]{1,2}|^|[（(])[ \t]*(?:(?P<y>(?:19|20)[0-9]{2})|(?P<cy>[一二][〇零一二三四五六七八九]{3}))"
    r"[ \t]*年[ \t]*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[ \t]*月[^\n]{0,10}?在"
)
_CN_DIGIT = {char: value for value, char in enumerate("〇一二三四五六七八九")} | {"零": 0}


def delivery_year(match: regex.Match[str]) -> int:
    """The year of a :data:`DELIVERY` match, however it is written."""
    if match.group("y"):
        return int(match.group("y"))
    return int("".join(str(_CN_DIGIT[char]) for char in match.group("cy")))
# A line that is only a date (a signature, a web page's 发布时间) or a news list entry (…07-27).
DATELINE = regex.compile(
    r"^[ \t]*(?:日期[:：]|发布时间[:：])?[ \t]*(?:19|20)[0-9]{2}[ \t]*(?:年|-|/)[^。;,，]{0,24}$"
    r"|^[^。]{0,60}?[ \t]*(?:(?:19|20)[0-9]{2}-)?[01][0-9]-[0-3][0-9]$"
    # an attachment listed by its file name
    r"|^[^。]{0,80}\.(?:docx?|wps|pdf|xlsx?|et)$"
)
_SALUTATION = regex.compile(r"(?:各位代表|各位委员|同志们)[:：]")
_OPENING_PARAGRAPHS = 60
_TITLE_LINE = 60
# a period word in brackets (2026年预算(草案)的报告) is no end: the title goes on after it
_TITLE_END_WORD = regex.compile(r"报告(?:\((?:书面|草案)\))?|(?:决算|草案|说明)(?!\))(?:\((?:书面|草案)\))?")
_SENTENCE = regex.compile(r"[。;；,，!?！？]")
#: what follows a period word that is the subject of a sentence, not the end of a title
_PREDICATE = regex.compile(r"[ \t]*(?:为|是|数|[0-9])")


def is_title_line(text: str) -> bool:
    """A short line without sentence punctuation or heading number: part of a title."""
    return 2 <= len(text) <= 40 and not _SENTENCE.search(text) and not text.isdigit() \
        and parse_heading_mark(text) is None


def opening_title(doc: AnalysedDocument) -> tuple[Title, int | None] | None:
    """The report's title in its opening lines and the year it was delivered.

    The title is the line that first names a period word (预算执行, 决算, 政府工作报告 …)
    with the short lines it was cut into (a title is often broken over several), up to its
    delivery line (``——2026年2月6日在…会议上``), which gives the year it was delivered.
    A web page's breadcrumb that names the kind of report but no year (``首页 > 政府信息公开
    > 政府工作报告``) is taken only when no other line is a title.
    """
    return _opening_title(doc, skip_breadcrumbs=True) or _opening_title(doc, skip_breadcrumbs=False)


_BREADCRUMB = regex.compile(r"[>＞»›](?:[^>＞»›]*[>＞»›])")


def _opening_title(doc: AnalysedDocument, skip_breadcrumbs: bool) -> tuple[Title, int | None] | None:
    paragraphs = doc.paragraphs[:_OPENING_PARAGRAPHS]
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        salutation = _SALUTATION.search(text)
        if salutation is not None:
            text = text[:salutation.start()].strip()  # a title run into 各位代表：
            if not roles_in(text):
                return None
        if parse_heading_mark(text) or (skip_breadcrumbs and _BREADCRUMB.search(text)
                                        and not find_years(text)):
            continue
        if not roles_in(text):
            last = _broken_title_end(paragraphs, index)
            if last < 0:
                continue
            start = paragraph.start + paragraph.text.find(text)
            words = "".join(doc.flow.text[start:paragraphs[last].end].split())
            return (read_title(start, paragraphs[last].end, words),
                    _delivery_year(paragraphs[index:index + 12]))
        delivery = _delivery_year(paragraphs[index:index + 12])
        start = paragraph.start + paragraph.text.find(text)
        if len(text) > _TITLE_LINE:
            # a title run together with a web page's furniture: up to its last word
            end_word = _TITLE_END_WORD.search(text)
            if end_word is None or "。" in text[:end_word.end()] \
                    or _PREDICATE.match(text, end_word.end()):
                continue  # 2022年“三公”经费支出决算为3.46万元，…: a sentence, not a title
            return read_title(start, start + end_word.end(), text[:end_word.end()]), delivery
        first = last = index
        if not find_years(text):
            while first > 0 and index - first < 3 and is_title_line(paragraphs[first - 1].text.strip()):
                first -= 1
        while last + 1 < len(paragraphs) and last - index < 2 \
                and not _TITLE_END_WORD.search(paragraphs[last].text.rstrip()[-6:]) \
                and is_title_line(paragraphs[last + 1].text.strip()) \
                and not DELIVERY.search(paragraphs[last + 1].text):
            last += 1
        start, end = min(start, paragraphs[first].start), paragraphs[last].end
        title = doc.flow.text[start:end]
        cut = DELIVERY.search(title)
        if cut is not None:
            title, end = title[:cut.start()], start + cut.start()
        return read_title(start, end, title), delivery
    return None


#: how many short lines a title's period word may be broken over
_BROKEN_WORD_LINES = 3


def _broken_title_end(paragraphs: list[TextRange], index: int) -> int:
    """The last line of a title whose period word is broken over short lines (``政府`` /
    ``工作报告``) or spaced out (``政 府 工 作 报 告``), read from line ``index``; -1 if
    there is none. The word must need the cut: a line that names it alone is a title of its
    own (the menu words 大 / 中 / 小 above a title are none of it)."""
    joined = ""
    for last in range(index, min(len(paragraphs), index + _BROKEN_WORD_LINES)):
        line = paragraphs[last].text.strip()
        if not is_title_line(line) or DELIVERY.search(line):
            return -1
        words = "".join(line.split())
        joined += words
        if roles_in(joined):
            return last if last == index or not roles_in(words) else -1
    return -1


def _delivery_year(paragraphs: list[TextRange]) -> int | None:
    for paragraph in paragraphs:
        delivery = DELIVERY.search(paragraph.text)
        if delivery is not None:
            return delivery_year(delivery)
    return None


_REPORT_END = regex.compile(r"报告$")


#: what an appended statement's title may add after its period word (决算支出情况)
_ACCOUNT_STATUS = regex.compile(r"(?:支出|收入|收支)?(?:的)?情况$")


def _ends_report_title(text: str) -> bool:
    """``…绩效评价报告``, or a title naming a year and ending in a period word
    (``朝阳市2025年预算执行情况``, an appended book; ``2024年度××省级“三公”经费决算支出
    情况``, an appended statement)."""
    if _REPORT_END.search(text):
        return True
    if not find_years(text):
        return False
    tails = {text, _ACCOUNT_STATUS.sub("", text)}
    return any(tail.endswith(word) for tail in tails for word, role in period_words()
               if role != NO_PERIOD)


def bound_in_reports(doc: AnalysedDocument, after: int, running: frozenset[str] = frozenset(),
                     own: str = "") -> list[tuple[int, int, Title]]:
    """Reports bound into the document after its own title: ``(start, end, title)``.

    Their title is one to three short lines without sentence punctuation or a heading
    number, the last ending in 报告 (``2021-2023年…专项资金`` / ``绩效评价报告``); a
    running header or footer (its words in ``running``) is none, nor a line naming no year
    that repeats words of the document's own title (``own``, whitespace removed): a web
    page's headline ``2026年××省政府工作报告`` and, under its source line, the report's
    ``政府工作报告`` are one report.
    """
    paragraphs = doc.paragraphs
    titles: list[Title] = []
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        words = "".join(text.split())
        if paragraph.start <= after or not is_title_line(text) or not _ends_report_title(text) \
                or words in running or (own and words in own and not find_years(text)):
            continue
        first = index
        while first > 0 and index - first < 2 and is_title_line(paragraphs[first - 1].text.strip()) \
                and not _ends_report_title(paragraphs[first - 1].text.strip()):
            first -= 1
        start = paragraphs[first].start
        titles.append(read_title(start, paragraph.end, doc.flow.text[start:paragraph.end]))
    if not titles:
        return []
    ends = [title.start for title in titles[1:]] + [len(doc.flow.text)]
    return [(title.start, end, title) for title, end in zip(titles, ends, strict=True)]


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
    for mention in reversed(find_years(words)):
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
