"""Structure rules over runs of typed lines that the line-type model reads one line at a time.

A list of links carries a date on every line; a section title closed by a full stop stands
far shorter than the paragraphs around it. Both are facts of the run, not of the line, so
they correct the model's types after it (:func:`~auditor.text.line_model.with_structure`).
"""

from __future__ import annotations

import re

from auditor.text.headings import HeadingStyle, parse_heading_mark
from auditor.text.line_layout import closed_title
from auditor.text.lines import LineType, TypedLines

#: A date stamp closing a line (``…的通知 07-27``, ``…公告2026-03-05``): how news and
#: notice lists of a web page show each link's date. Two-digit month and day, as sites pad them.
_DATE_STAMP = re.compile(r"(?<![\d.])(?:\d{4}-)?\d{2}-\d{2}\s*$")
_TEXT_BREAK = re.compile(r"[。；;！？!?:：”」）)]\s*$")
_TITLE_STYLES = frozenset({HeadingStyle.CHINESE, HeadingStyle.CHINESE_PAREN})
#: How many lines on either side give the paragraphs' usual length.
_REACH = 8
_LONGEST_TITLE = 45


def with_link_lists(typed: TypedLines) -> TypedLines:
    """The same lines with every line of a run of two or more that each end in a date stamp
    typed *furniture*: a list of links with their dates (the site's news, related notices),
    never a report's own titles or text. A table row keeps its type (a column of dates)."""
    types = list(typed.types)
    dated = [_DATE_STAMP.search(line.text) is not None for line in typed.lines]
    for position, flag in enumerate(dated):
        in_run = flag and ((position > 0 and dated[position - 1])
                           or (position + 1 < len(dated) and dated[position + 1]))
        if in_run and types[position] is not LineType.TABLE_ROW:
            types[position] = LineType.FURNITURE
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


def with_closed_titles(typed: TypedLines) -> TypedLines:
    """The same lines with a section title written as one sentence typed *heading* where the
    model read it as prose (``（七）加快…转型，着力增强…动能。``): a line numbered as a
    section, closed by its only sentence mark, after a finished sentence, and at most half
    as long as the lines around it usually are. A numbered paragraph goes on past its first
    sentence, and a line wrapped in a narrow column is as long as its neighbours."""
    types = list(typed.types)
    lengths = [len(line.text.strip()) for line in typed.lines]
    for position, line in enumerate(typed.lines):
        text = line.text.strip()
        if types[position] is not LineType.PROSE or len(text) > _LONGEST_TITLE:
            continue
        mark = parse_heading_mark(text)
        if mark is None or mark.style not in _TITLE_STYLES or not closed_title(text):
            continue
        if position > 0 and not _TEXT_BREAK.search(typed.lines[position - 1].text):
            continue
        around = sorted(lengths[max(0, position - _REACH):position + _REACH + 1])
        if 2 * len(text) <= around[len(around) // 2]:
            types[position] = LineType.HEADING
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


_SAME_WIDTH = 4


def with_paragraphs_unbroken(typed: TypedLines) -> TypedLines:
    """The same lines with furniture inside a wrapped paragraph typed *prose*: a line after
    running text that stops mid-sentence, ending in the same column as the line above or
    ending the sentence itself; or a line that stops mid-sentence and ends in the same
    column as the running text below it. A wrapped paragraph fills its column line after
    line; a page number or a running header does not."""
    types = list(typed.types)
    texts = [line.text for line in typed.lines]
    widths = [_width(text) for text in texts]
    for position in range(1, len(types)):
        if types[position] is not LineType.FURNITURE or types[position - 1] is not LineType.PROSE \
                or _TEXT_BREAK.search(texts[position - 1]):
            continue
        if abs(widths[position] - widths[position - 1]) <= _SAME_WIDTH or _TEXT_BREAK.search(texts[position]):
            types[position] = LineType.PROSE
    for position in range(len(types) - 2, -1, -1):
        if types[position] is LineType.FURNITURE and types[position + 1] is LineType.PROSE \
                and not _TEXT_BREAK.search(texts[position]) \
                and abs(widths[position] - widths[position + 1]) <= _SAME_WIDTH:
            types[position] = LineType.PROSE
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


def _width(raw: str) -> int:
    shown = raw.rstrip()
    return 2 * len(shown) - len(_WIDE.sub("", shown))


_WIDE = re.compile("[\u2e80-\U0010ffff]")


def with_headers_heading_rows(typed: TypedLines) -> TypedLines:
    """The same lines with a column header that no row follows typed *prose*: header lines
    (running text may stand between them) that a section title follows before any row
    head nothing; they are text the model read as column names. A numbered group row
    that rows follow (``一、某类项目`` under ``序号 项目名称 金额``) is no section title."""
    types = list(typed.types)
    position = 0
    while position < len(types):
        if types[position] is not LineType.TABLE_HEADER:
            position += 1
            continue
        end = position
        while end < len(types) and types[end] in (LineType.TABLE_HEADER, LineType.PROSE):
            end += 1
        titled = end < len(types) and types[end] is LineType.HEADING \
            and (end + 1 == len(types) or types[end + 1] is not LineType.TABLE_ROW)
        if titled:
            for inside in range(position, end):
                types[inside] = LineType.PROSE
        position = end
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


#: A link to a file (``3.某某表格.pdf``) and a line of a page's script (``$(function() {``,
#: ``var name = …``, ``// …``, a line of closing ``});``): a web page's furniture, never
#: report text. A sentence's closing ``);`` is no script: ASCII marks occur in reports too.
#: the end of a file name a page links to (also how a listed attachment is told from a title)
FILE_SUFFIX = r"\.(?i:pdf|docx?|wps|xlsx?|et|zip|rar|ofd)"
_FILE_LINK = re.compile(FILE_SUFFIX + r"\s*$")
_SCRIPT = re.compile(r"\$\(|\bfunction\s*\(|\bvar\s+\w+\s*=|^\s*//|^[\s{}();]+$")


def with_web_artefacts(typed: TypedLines) -> TypedLines:
    """The same lines with links to files and lines of script typed *furniture* (a table
    row keeps its type: a list of attachments may be a table)."""
    types = tuple(LineType.FURNITURE if kind is not LineType.TABLE_ROW
                  and (_FILE_LINK.search(line.text) or _SCRIPT.search(line.text)) else kind
                  for line, kind in zip(typed.lines, typed.types, strict=True))
    return typed if types == typed.types else TypedLines(typed.lines, types)
