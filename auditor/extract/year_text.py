"""Where a year stands in the flow view's text: the run between two marks around it (its
clause, sentence, paragraph), the line it stands on, and whether it is one of a list or a
series of years (for :mod:`auditor.extract.year_uses`)."""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from auditor.extract.quantity import YearMention
from auditor.extract.vocab import vocabulary
from auditor.text.headings import parse_heading_mark
from auditor.text.lines import LineType

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument

SENTENCE_MARK = regex.compile(r"[。!?！？;；\n]")
FULL_STOP = regex.compile(r"[。!?！？]")
#: how far (characters) around a year its clause, line or sentence is read
REACH = 120
#: how many unjoined line cuts a sentence may cross backwards
_LINE_CUTS = 2
#: the end of an amount or a rate (34.4%, 61,665万元, 1.8个百分点; not a bare item number):
#: what a year cannot follow in one phrase of prose
FIGURE_END = regex.compile(r"(?:[0-9][%％‰]|[0-9](?:万|亿)?元|[0-9]个百分点)$")
PHRASE_MARK = regex.compile(r"[,，:：。!?！？;；\n]")
_LIST_JOIN = regex.compile(r"^[ \t]*(?:年度?)?[ \t]*(?:[、和及与至到]|以及|-|—|~)[ \t]*$")
SPACE = regex.compile(r"[ \t\u3000]+")
_SERIES_REACH = 80


#: What a year does on a line that is not narrative (the line-type model says which): a
#: table's cells and header rows, a caption or a note under a table, the contents, page
#: furniture. None of them states the period the narrative speaks of.
_LINE_FUNCTIONS = {
    LineType.TABLE_ROW: "table",
    LineType.TABLE_HEADER: "table",
    LineType.CAPTION: "caption",
    LineType.CONTENTS: "furniture",
    LineType.FURNITURE: "furniture",
}


_SENTENCE_END = regex.compile(r"[。!?！？][”’\"']?[ \t\u3000]*$")
_CLAUSE_MARK = regex.compile(r"[,，;；]")
_THOUSANDS = regex.compile(r"(?<=[0-9]),(?=[0-9]{3})")


def line_function_of(doc: AnalysedDocument, mention: YearMention) -> str | None:
    """What the year does because of the line it stands on, if the line is not narrative.
    A line ending a sentence is narrative even where the layout model took it for a table's
    row, header or caption (a sentence just above a table looks like its header; one that
    names a table, ``2024年…分地区表以零列示。``, like its caption)."""
    kind = doc.line_type(mention.start)
    function = _LINE_FUNCTIONS.get(kind) if kind is not None else None
    if function in ("table", "caption"):
        line_end = doc.flow.text.find("\n", mention.end)
        if line_end < 0:
            line_end = len(doc.flow.text)
        line = doc.flow.text[mention.end:line_end]
        if _SENTENCE_END.search(line):
            return None
        if (FULL_STOP.search(line) and doc.line_type(line_end - 1) is LineType.PROSE) \
                or (_CLAUSE_MARK.search(_THOUSANDS.sub("", line))
                    and doc.line_type(line_end + 1) is LineType.PROSE):
            # the flow ran the line on into a paragraph of prose past a full stop, or the
            # line's clause goes on in the paragraph below: the sentence it opens (a note's
            # first line under its title, taken for the header of a table above) is prose;
            # a table's cells run on into no paragraph
            return None
    return function


@lru_cache(maxsize=8)
def _marks(pattern: regex.Pattern[str], text: str) -> list[int]:
    return [match.start() for match in pattern.finditer(text)]


def bounds(pattern: regex.Pattern[str], text: str, start: int, end: int) -> tuple[int, int]:
    """The run of ``text`` around ``[start, end)`` between two marks of ``pattern``."""
    marks = _marks(pattern, text)
    before = bisect.bisect_left(marks, start)
    after = bisect.bisect_left(marks, end)
    return (marks[before - 1] + 1 if before else 0,
            marks[after] if after < len(marks) else len(text))


def inside_marks(text: str, position: int) -> bool:
    line_start = max(text.rfind("\n", 0, position) + 1, position - REACH)
    before = text[line_start:position]
    return before.rfind("《") > before.rfind("》") or before.rfind("<") > before.rfind(">")


def in_list(text: str, mention: YearMention, neighbours: list[YearMention]) -> str | None:
    for other in neighbours:
        if abs(other.start - mention.start) > _SERIES_REACH:
            continue
        between = text[other.end:mention.start] if other.end <= mention.start \
            else text[mention.end:other.start]
        if len(between) <= 4 and _LIST_JOIN.match(between):
            return between.strip() or "、"
    return None


def opens_clause(text: str, mention: YearMention) -> bool:
    start = bounds(PHRASE_MARK, text, mention.start, mention.end)[0]
    return not SPACE.sub("", text[max(start, mention.start - REACH):mention.start])


def in_series(text: str, mention: YearMention, neighbours: list[YearMention]) -> bool:
    """One of several years that each open a clause of one paragraph, a figure for each
    (``2021年88.7亿元；2022年62.2亿元；2023年94.7亿元``)."""
    if not opens_clause(text, mention):
        return False
    paragraph_start = text.rfind("\n", mention.start - _SERIES_REACH, mention.start) + 1
    paragraph_end = text.find("\n", mention.end, mention.end + _SERIES_REACH) % (len(text) + 1)
    others = {other.year for other in neighbours
              if paragraph_start <= other.start < paragraph_end and other.year != mention.year
              and abs(other.start - mention.start) <= _SERIES_REACH and opens_clause(text, other)}
    return len(others) >= 2


def start_of_sentence(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts, across a line cut the flow view left
    (a line that ends without a full stop, followed by one that opens no numbered item)."""
    start = bounds(SENTENCE_MARK, text, position, position)[0]
    for _ in range(_LINE_CUTS):
        if start < 2 or text[start - 1] != "\n" or SENTENCE_MARK.match(text, start - 2) \
                or parse_heading_mark(text[start:start + 8]) is not None:
            break
        start = bounds(SENTENCE_MARK, text, start - 2, start - 2)[0]
    return start


#: how far back (characters) the sentences of a paragraph before a year are read
_PARAGRAPH_REACH = 400
_LINE_CUT = regex.compile(r"\n")


def start_of_paragraph(text: str, position: int) -> int:
    """Where the paragraph holding ``position`` starts, at most ``_PARAGRAPH_REACH`` back:
    at the last line before it that opens a numbered item or heading, or after a blank line
    (other line cuts the flow view left are inside a paragraph)."""
    cut = max(0, position - _PARAGRAPH_REACH)
    for line in _LINE_CUT.finditer(text, cut, position):
        following = text[line.end():line.end() + 8]
        if following[:1] == "\n" or parse_heading_mark(following) is not None:
            cut = line.end()
    return cut


def mentions_between(mentions: list[YearMention], starts: list[int], start: int, end: int) -> list[YearMention]:
    return mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


_DECEMBER = regex.compile(r"年\s*12\s*月")


def year_end(text: str, mention: YearMention) -> bool:
    """Whether the mention is the end of its year (2025年末, 2025年底, 2025年12月31日)."""
    if mention.kind == "date":
        return bool(_DECEMBER.search(mention.text)) and (
            "31" in mention.text[mention.text.index("月"):] or text[mention.end:mention.end + 2]
            .lstrip()[:1] in ("末", "底"))
    return text[mention.end:mention.end + 3].lstrip()[:1] in ("末", "底")


#: a mark between two clauses of one sentence (not a thousands separator: 18,200)
CLAUSE_MARK = regex.compile(r"，|(?<![0-9]),|,(?![0-9]{3})")
#: how many clauses may stand between two years set side by side (2024年X，增长5%，2025年Y)
_CONTRAST_CLAUSES = 2


@lru_cache(maxsize=1)
def _this_year() -> regex.Pattern[str]:
    """The words for the year a report is delivered in (``relative_years.tsv``: 今年)."""
    found = sorted((word for word, first, last in vocabulary("relative_years", 3) if first == last == "0"),
                   key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, found)))


def names_own_noun(after: str, subjects: frozenset[str], nouns: tuple[str, ...]) -> bool:
    """Whether the words after a year, past its subject (全市, 市本级), name what a report
    reports on (2024年全市预算经…批准后): the year is that budget's, whatever happens to it."""
    for subject in sorted(subjects, key=len, reverse=True):
        if after.startswith(subject):
            after = after[len(subject):]
            break
    return after.startswith(nouns)


def this_year_beside(text: str, mention: YearMention, start: int, end: int) -> regex.Match[str] | None:
    """今年 in ``[start, end)`` set beside ``mention`` as a year would be: the sentence names
    its own time, so the year is another (2005年底前注册的车辆今年全部淘汰)."""
    for match in _this_year().finditer(text, start, end):
        first, last = sorted((mention.end, match.end()))
        if len(CLAUSE_MARK.findall(text, first, last)) <= _CONTRAST_CLAUSES:
            return match
    return None


def side_by_side(text: str, mention: YearMention, other: YearMention) -> bool:
    """Whether two years of one sentence are set against each other: a year the sentence
    leaves for several clauses (2024年…预算为X，在执行中，由于…，使…，2025年…最终为Y) is
    no contrast but the same story, told with one year slipped."""
    start, end = sorted((mention.end, other.end))
    return len(CLAUSE_MARK.findall(text, start, end)) <= _CONTRAST_CLAUSES


#: the mark after a year that opens its sentence as its time (2024年，…)
_TOPIC_MARK = ",，"
#: a figure (not a year: 比2020年; not an ordinal: 第31届) that measures what a clause states
_FIGURE = regex.compile(r"(?<![0-9.第])[0-9]+(?:\.[0-9]+)?(?![0-9]*[ \t]*年)")


def clause_figure(text: str, mention: YearMention) -> regex.Match[str] | None:
    """The first figure of the clause ``mention`` is the time of: its own, or the next one
    when the year stands before its sentence alone (``2024年，全省生产总值…``)."""
    clause_end = min(bounds(PHRASE_MARK, text, mention.end, mention.end)[1], mention.end + REACH)
    if not text[mention.end:clause_end].strip() and text[clause_end:clause_end + 1] in _TOPIC_MARK:
        clause_end = min(bounds(PHRASE_MARK, text, clause_end + 1, clause_end + 1)[1], mention.end + REACH)
    return _FIGURE.search(text, mention.end, clause_end)
