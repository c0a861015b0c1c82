"""Finding a report's title and the reports bound into it (for :mod:`auditor.extract.period`).

The title is the opening line that names a period word (预算执行, 决算, 政府工作报告 …) with
the short lines it was cut into, up to its delivery line (``——2026年2月6日在…会议上``);
a web page's furniture above it (breadcrumbs, the labelled fields of its 索引号 / 体裁分类
block) is none of it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import regex

from auditor.extract.period_text import NO_PERIOD, Title, period_words, read_title, roles_in
from auditor.extract.quantity import find_years
from auditor.extract.vocab import vocabulary
from auditor.text.headings import parse_heading_mark
from auditor.text.line_runs import FILE_SUFFIX
from auditor.text.sections import table_of_contents

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.text.sentences import TextRange


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
    rf"|^[^。]{{0,80}}{FILE_SUFFIX}$"
)
#: the roles that name what a report is on (not a part with no period)
_REPORT_ROLES = ("execution", "budget", "work", "report")
_OPENING_PARAGRAPHS = 60
_TITLE_LINE = 60
# a period word in brackets (2026年预算(草案)的报告) is no end: the title goes on after it
_TITLE_END_WORD = regex.compile(r"报告(?:\((?:书面|草案)\))?|(?:决算|草案|说明)(?!\))(?:\((?:书面|草案)\))?")
_SENTENCE = regex.compile(r"[。;；,，!?！？]")
#: what follows a period word that is the subject of a sentence, not the end of a title
_PREDICATE = regex.compile(r"[ \t]*(?:为|是|数|[0-9])")


@cache
def _salutation() -> regex.Pattern[str]:
    """How a speaker addresses the house (``salutation`` in ``review_cues.tsv``) with its
    colon: the report's text starts there."""
    words = sorted((cue for cue, scope in vocabulary("review_cues", 2) if scope == "salutation"),
                   key=len, reverse=True)
    return regex.compile(rf"(?:{'|'.join(map(regex.escape, words))})[:：]")


def is_title_line(text: str) -> bool:
    """A short line without sentence punctuation or heading number: part of a title."""
    return 2 <= len(text) <= 40 and not _SENTENCE.search(text) and not text.isdigit() \
        and parse_heading_mark(text) is None


def opening_title(doc: AnalysedDocument) -> tuple[Title, int | None] | None:
    """The report's title in its opening lines and the year it was delivered.

    The title is the line that first names a period word (预算执行, 决算, 政府工作报告 …)
    with the short lines it was cut into (a title is often broken over several), up to its
    delivery line (``——2026年2月6日在…会议上``), which gives the year it was delivered.
    A book's furniture is taken only when no other line is a title: an entry of its contents
    (``二、关于2025年全市预算执行情况和2026年全市…``), a web page's breadcrumb that
    names the kind of report but no year (``首页 > 政府信息公开 > 政府工作报告``), or a
    line of labelled fields whose value names it (``[ 主题分类 ] 财政 [ 体裁分类 ] 财政预算、
    决算``, ``| 标题: | ××区2024年决算报告 |``).
    With no title at all (an excerpt, a cover lost in conversion), the opening statement
    that restates it stands in (:func:`_opening_statement`).
    """
    found = _opening_title(doc, skip_furniture=True) or _opening_title(doc, skip_furniture=False)
    if found is None:
        statement = _opening_statement(doc)
        return (statement, None) if statement is not None else None
    return found


#: how many paragraphs of prose at the top the opening statement may stand in
_STATEMENT_PARAGRAPHS = 3
_FULL_STOP = regex.compile(r"[。!?！？]")


def _opening_statement(doc: AnalysedDocument) -> Title | None:
    """The sentence opening an untitled report that says what it reports on and so restates
    its title (受市人民政府委托，现将××市2025年预算执行情况和2026年预算草案提请大会审议):
    the first sentence naming a year with a period word, in the first paragraphs of prose
    above the first heading."""
    first_heading = doc.headings[0].start if doc.headings else len(doc.flow.text)
    prose = [p for p in doc.paragraphs[:_OPENING_PARAGRAPHS]
             if p.start < first_heading and _SENTENCE.search(p.text)]
    for paragraph in prose[:_STATEMENT_PARAGRAPHS]:
        start = paragraph.start
        for stop in [m.end() for m in _FULL_STOP.finditer(paragraph.text)] + [len(paragraph.text)]:
            end = paragraph.start + stop
            if end <= start:
                continue
            title = read_title(start, end, doc.flow.text[start:end])
            if any(role in title.years for role in _REPORT_ROLES):
                return title
            start = end
    return None


_BREADCRUMB = regex.compile(r"[>＞»›](?:[^>＞»›]*[>＞»›])")
#: the label of a field on a web page's information block: [ 索引号 ], 【发布机构】, or at the
#: start of a line or a cell, 成文日期: or 标题 | (not 第一部分: inside a line of prose or contents)
_FIELD_LABEL = regex.compile(r"[\[【][ \t\u3000]*\p{Han}{2,6}[ \t\u3000]*[\]】]"
                             r"|(?:^|[|｜\]】])[ \t\u3000]*\p{Han}{2,6}[ \t\u3000]*[:：|｜]")
#: a field's value that is a date or a number (2026-01-23, 11500221009303999J/2026-00009)
_FIELD_VALUE = regex.compile(r"[ \t\u3000]*[0-9A-Za-z/:：.\-]*[ \t\u3000]*")


def _names_report(text: str) -> bool:
    """Whether ``text`` names a year with a period word (a title's words)."""
    return any(role in read_title(0, 0, text).years for role in _REPORT_ROLES)


def _after_fields(text: str) -> int:
    """Where ``text`` goes on after a web page's information block (``[ 体裁分类 ] 财政预算、
    决算 [ 发布日期 ] 2026-01-23 关于××区2025年预算执行情况……``): after the last field
    label that a period word follows, and its value if that is a date or a number, up to
    the first words naming a year with a period word; 0 when no field stands before them."""
    cut = 0
    for label in _FIELD_LABEL.finditer(text):
        if _names_report(text[cut:label.start()]):
            break
        if roles_in(text[label.end():]) and not roles_in(label.group()):
            cut = _FIELD_VALUE.match(text, label.end()).end()
    return cut


def _opening_title(doc: AnalysedDocument, skip_furniture: bool) -> tuple[Title, int | None] | None:
    paragraphs = doc.paragraphs[:_OPENING_PARAGRAPHS]
    toc = table_of_contents(doc) if skip_furniture else None
    for index, paragraph in enumerate(paragraphs):
        if toc is not None and toc.start <= paragraph.start and paragraph.end <= toc.end:
            continue  # an entry of the contents names a part of the book, not its title
        text = paragraph.text.strip()
        salutation = _salutation().search(text)
        if salutation is not None:
            text = text[:salutation.start()].strip()  # a title run into 各位代表：
            if not roles_in(text):
                return None
        # the words after a page's information block; in the first pass, a field naming the
        # kind of report but no year (体裁分类: 财政预算、决算) is furniture like a breadcrumb
        fields = _after_fields(text)
        text = text[fields:]
        if parse_heading_mark(text) or (skip_furniture and (_BREADCRUMB.search(text) or fields)
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
            # a title run together with a web page's furniture: up to its last word, the
            # first that ends words naming a year with a period word (not 报告 in a
            # breadcrumb's 首页 > 报告决议 before them), else the first
            ends = list(_TITLE_END_WORD.finditer(text))
            end_word = next((end for end in ends if _names_report(text[:end.end()])),
                            ends[0] if ends else None)
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
        start, end = (paragraphs[first].start if first < index else start), paragraphs[last].end
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
