"""Standard sections of a report: their synonyms, the report type and where each part is.

The lexicon ``models/lexicon/sections.tsv`` maps heading words (存在问题 / 存在的问题及原因分析 /
主要问题 …) to a section *kind* (``problems`` …). A section starts at a numbered heading
whose short title names a kind, or at an unnumbered label line such as ``整改措施`` or
``存在问题：无。``. All offsets are in the flow view of the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from auditor.lexicon import alternation, compile_terms
from auditor.paths import models_dir
from auditor.text.headings import Heading, HeadingStyle, parse_heading_mark
from auditor.text.sentences import TextRange

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument

_RE_COMMA = regex.compile(r"[,，]")
_RE_DEPARTMENT_REPORT_TITLE = regex.compile(r"部门整体(?:支出)?绩效")
_RE_PROJECT_REPORT_TITLE = regex.compile(r"项目支出绩效自评|项目绩效自评报告")
_RE_SENTENCE_STOP = regex.compile(r"[。;；]")
_RE_WHITESPACE_RUN = regex.compile(r"\s+")

DEPARTMENT_REPORT = "部门整体支出绩效自评报告"
PROJECT_REPORT = "项目支出绩效自评报告"
FINAL_ACCOUNTS = "部门决算说明"
BUDGET_EXECUTION = "预算执行情况报告"
SCORE_FORM = "绩效自评表"
UNKNOWN_REPORT = "unknown"

KIND_NAMES: dict[str, str] = {
    "overview": "基本情况",
    "targets": "绩效目标",
    "organisation": "绩效自评组织情况",
    "achievement": "绩效目标实现情况",
    "problems": "存在问题",
    "measures": "整改措施/改进建议",
    "application": "结果应用",
    "conclusion": "自评结论",
    "other": "其他需要说明的问题",
}

# Parts every self-evaluation report has under one name or another (财政部 templates for
# 部门整体支出 and 项目支出 自评报告); the other kinds vary too much between regions.
REQUIRED_KINDS: dict[str, tuple[str, ...]] = {
    DEPARTMENT_REPORT: ("overview", "achievement", "problems", "measures"),
    PROJECT_REPORT: ("overview", "achievement", "problems", "measures"),
}

# A heading title longer than this is a sentence that starts with a number, not a name.
_MAX_TITLE = 25
_MAX_LABEL = 16


@dataclass(frozen=True)
class Section:
    """One part of the document: its kind(s), its title line and its extent (flow view).

    ``start`` is where the title line begins, ``body_start`` where its content begins
    (after the title or the label's colon) and ``end`` where the next part of the same or
    an outer level starts. ``heading`` is None for an unnumbered label line.
    """

    kind: str
    kinds: tuple[str, ...]
    title: str
    start: int
    body_start: int
    end: int
    heading: Heading | None


@dataclass(frozen=True)
class TocEntry:
    """A line of a table of contents (flow view) and the title it announces."""

    start: int
    end: int
    title: str


@dataclass(frozen=True)
class TableOfContents:
    """The table of contents block (flow view) and its entries."""

    start: int
    end: int
    entries: tuple[TocEntry, ...]


@cache
def _lexicon(path: Path) -> tuple[tuple[str, str], ...]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, kind = line.split("\t")[:2]
        entries.append((term.strip(), kind.strip()))
    # Longest first, so 绩效目标完成情况 (achievement) wins over 绩效目标 (targets).
    return tuple(sorted(entries, key=lambda entry: -len(entry[0])))


def section_lexicon() -> tuple[tuple[str, str], ...]:
    """``(term, kind)`` pairs of the shipped section lexicon, longest term first."""
    return _lexicon(models_dir() / "lexicon" / "sections.tsv")


def section_kinds(title: str) -> tuple[str, ...]:
    """Every section kind a short heading title names, in order of appearance.

    ``相关建议、改进措施及结果应用`` names ``measures`` and ``application``. Titles longer
    than a heading can be, or holding a comma (a numbered sentence), name nothing.
    """
    text = _strip_marker(title)
    # A comma makes it a sentence that starts with a number, not a name.
    if not text or len(text) > _MAX_TITLE or _RE_COMMA.search(text):
        return ()
    taken = [False] * len(text)
    found: list[tuple[int, str]] = []
    for term, kind in section_lexicon():
        position = text.find(term)
        while position >= 0:
            if not any(taken[position:position + len(term)]):
                for index in range(position, position + len(term)):
                    taken[index] = True
                found.append((position, kind))
            position = text.find(term, position + 1)
    ordered: list[str] = []
    for _, kind in sorted(found):
        if kind not in ordered:
            ordered.append(kind)
    return tuple(ordered)


def section_kind(title: str) -> str | None:
    """The (first) section kind a heading title names, or None."""
    kinds = section_kinds(title)
    return kinds[0] if kinds else None


def _strip_marker(title: str) -> str:
    text = title.strip()
    mark = parse_heading_mark(text)
    if mark is not None:
        text = text[mark.marker_end:]
    return text.strip().rstrip(":：").strip()


_TITLE_LINES = 8
_EVALUATION = alternation("report_titles", "evaluation")
_TITLE_TYPES: tuple[tuple[str, regex.Pattern[str]], ...] = (
    (PROJECT_REPORT, regex.compile(
        rf"(?:{alternation('report_titles', 'project_subject')}).{{0,20}}(?:{_EVALUATION})")),
    (DEPARTMENT_REPORT, regex.compile(
        rf"(?:{alternation('report_titles', 'department_subject')}).{{0,20}}(?:{_EVALUATION})")),
    (FINAL_ACCOUNTS, compile_terms("report_titles", "final_accounts")),
    (BUDGET_EXECUTION, compile_terms("report_titles", "budget_execution")),
)


_OPENING_LINES = 12
_CONTENTS_HEAD = regex.compile(r"^\s*目\s*录\s*$")
_TITLE_WORD = compile_terms("report_titles", "title_word")
# A form (自评表, 评分表) is a table to fill in, not a narrative: no sections are required of it.
_FORM_WORD = compile_terms("report_titles", "form")


def report_title(doc: AnalysedDocument) -> tuple[int, int, str] | None:
    """The report's title ``(start, end, text)`` in the flow view, or None.

    The opening block of short lines before the first heading, ``目录`` or sentence (a
    title is often broken over several lines) when it names a report (报告/说明/自评 …);
    else the first short line near the top that does.
    """
    block: list[TextRange] = []
    for paragraph in doc.paragraphs[:_OPENING_LINES]:
        text = paragraph.text.strip()
        if not text:
            continue
        if len(text) > 60 or _RE_SENTENCE_STOP.search(text) or parse_heading_mark(text) \
                or _CONTENTS_HEAD.match(text):
            break
        block.append(paragraph)
    named = [p for p in block if _TITLE_WORD.search(p.text)]
    if named:
        first = next(p for p in block if p.start >= _block_start(block, named[0]))
        return first.start, named[0].end, doc.flow.text[first.start:named[0].end]
    for paragraph in doc.paragraphs[:_TITLE_LINES * 6]:
        text = paragraph.text.strip()
        if 6 <= len(text) <= 80 and _TITLE_WORD.search(text) \
                and not _RE_SENTENCE_STOP.search(text) and parse_heading_mark(text) is None:
            return paragraph.start, paragraph.end, paragraph.text
    return None


def _block_start(block: list[TextRange], named: TextRange) -> int:
    """Where the title that ends at ``named`` begins: the lines just above it that carry
    no other report word (``中共上海市普陀区委`` / ``社会工作部 2024 年度`` / ``部门决算``)."""
    index = block.index(named)
    start = index
    while start > 0 and index - start < 3 and not _TITLE_WORD.search(block[start - 1].text) \
            and 4 <= len(block[start - 1].text.strip()) <= 30:
        start -= 1
    return block[start].start


def detect_report_type(doc: AnalysedDocument) -> str:
    """The report type from its title, else from strong cues in its opening."""
    title = report_title(doc)
    if title is not None:
        if _FORM_WORD.search(title[2]) and "报告" not in title[2]:
            return SCORE_FORM
        for report_type, pattern in _TITLE_TYPES:
            if pattern.search(title[2]):
                return report_type
    opening = doc.flow.text[:2000]
    if "绩效自评" in opening or "自评报告" in opening:
        if _RE_PROJECT_REPORT_TITLE.search(opening):
            return PROJECT_REPORT
        if _RE_DEPARTMENT_REPORT_TITLE.search(opening):
            return DEPARTMENT_REPORT
    return UNKNOWN_REPORT


_LABEL = regex.compile(rf"^([^\s:：,，。;；]{{2,{_MAX_LABEL}}})\s*(?:[:：]|$)")


def _label_kinds(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``(label, kinds)`` when an unnumbered line is a section label (``存在问题：…``)."""
    match = _LABEL.match(text.strip())
    if match is None:
        return None
    label = match.group(1)
    kinds = section_kinds(label)
    # The label must be the section name itself (plus a little), not a phrase holding it.
    if not kinds or len(label) > max(len(term) for term, _ in section_lexicon()
                                     if term in label) + 4:
        return None
    return label, kinds


def sections(doc: AnalysedDocument) -> list[Section]:
    """Every standard section of the document (flow view), in order.

    Numbered headings whose short title names a section kind, and unnumbered label lines
    (``整改措施``, ``存在问题：无。``). A section ends where the next heading of the same
    or an outer level, or the next section label, begins.
    """
    toc = table_of_contents(doc)
    by_start = {heading.start: heading for heading in doc.headings}
    marks: list[tuple[int, int, str, tuple[str, ...], Heading | None]] = []
    for paragraph in doc.paragraphs:
        if toc is not None and toc.start <= paragraph.start < toc.end:
            continue
        heading = by_start.get(paragraph.start)
        if heading is not None:
            kinds = section_kinds(heading.title)
            body_start = heading.end
        else:
            label = _label_kinds(paragraph.text)
            if label is None:
                continue
            kinds = label[1]
            body_start = paragraph.start + paragraph.text.find(label[0]) + len(label[0])
            while body_start < paragraph.end and paragraph.text[body_start - paragraph.start] in ":： ":
                body_start += 1
        if kinds:
            title = heading.title if heading is not None else paragraph.text[:body_start - paragraph.start]
            marks.append((paragraph.start, body_start, title, kinds, heading))
    found: list[Section] = []
    for start, body_start, title, kinds, heading in marks:
        end = _section_end(doc, start, heading, marks)
        found.append(Section(kinds[0], kinds, title.strip(), start, body_start, end, heading))
    return found


def _section_end(
    doc: AnalysedDocument,
    start: int,
    heading: Heading | None,
    marks: list[tuple[int, int, str, tuple[str, ...], Heading | None]],
) -> int:
    """Where a part ends: the next heading of the same or an outer level; a label also
    ends at the next label (labels nested under a heading do not end the heading's part)."""
    enclosing = heading.style if heading is not None else _enclosing_style(doc, start)
    end = len(doc.flow.text)
    for other in doc.headings:
        if other.start > start and (enclosing is None or other.style <= enclosing):
            end = other.start
            break
    if heading is None:
        later = [mark[0] for mark in marks if start < mark[0] < end and mark[4] is None]
        if later:
            end = later[0]
    return end


def _enclosing_style(doc: AnalysedDocument, position: int) -> HeadingStyle | None:
    before = [heading for heading in doc.headings if heading.start < position]
    return before[-1].style if before else None


_TOC_LEADER = regex.compile(r"(?:[.·…．\-_—\s]{2,}|\s)\s*(\d{1,3})\s*$")


def table_of_contents(doc: AnalysedDocument) -> TableOfContents | None:
    """The table of contents (:attr:`AnalysedDocument.contents`) in flow coordinates."""
    contents = doc.contents
    if contents is None:
        return None
    flow = doc.flow
    entries = tuple(TocEntry(flow.from_source(entry.start), flow.from_source(entry.end),
                             toc_title(entry.text)) for entry in contents.entries)
    return TableOfContents(flow.from_source(contents.start), flow.from_source(contents.end),
                           entries)


def toc_title(line: str) -> str:
    """A heading or TOC line reduced to its words: no page number, leaders or spaces."""
    text = _TOC_LEADER.sub("", line.strip())
    return _RE_WHITESPACE_RUN.sub("", text)
