"""Lines of a document and what each one is: prose, heading, table row, contents entry …

A line is a line of ``Source.text`` (split on ``\\n``) with some text on it. Its *type*
comes from a small trained classifier (:mod:`auditor.text.line_model`) over cheap layout
features (:mod:`auditor.text.line_features`); rules and later stages read the types from
:class:`TypedLines`, never from patterns of their own.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from auditor.text.headings import HeadingStyle, parse_heading_mark
from auditor.types import Source


class LineType(enum.StrEnum):
    """What a line of a report is (the labels of ``corpora/lines``)."""

    PROSE = "prose"
    HEADING = "heading"
    TABLE_ROW = "table_row"
    TABLE_HEADER = "table_header"
    CONTENTS = "contents"
    FURNITURE = "furniture"
    CAPTION = "caption"


#: A page number set off by dashes on both sides (``— 12 —``, ``- 3 -``) or written out with
#: 页 (``第 5 页``, ``第 5 页 共 40 页``): page furniture wherever it stands.
PAGE_MARK = re.compile(
    r"^[-—–－~_]+\s*\d{1,4}\s*[-—–－~_]+$|^第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$")

#: The start of a note under a table.
TABLE_NOTE = re.compile(r"^\s*(?:注|说明|备注|资料来源)\s*\d*\s*[:：]")
_DIGIT = re.compile(r"\d")
#: Column gaps of a text layout, and a figure standing alone between them (its next cell
#: is no unit or counter: ``2026  年`` in a spaced-out title is a year, not a cell).
CELL_GAP = re.compile(r" {2,}|\t+")
_FIGURE = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")
_UNIT_AFTER = re.compile(r"\s*[年月日万亿千元个人次家项倍%]")
_CLAUSE_MARK = re.compile(r"[，；。]")
#: A line that is only a short remark in parentheses (``（按功能分类）`` under a table title).
QUALIFIER = re.compile(r"^\s*[(（][^()（）]{1,16}[)）]\s*$")
_SENTENCE_END = re.compile(r"[。；;！？!?]\s*$")
#: Where a line of running text may stop and something else begin after it.
_TEXT_BREAK = re.compile(r"[。；;！？!?:：”」）)]\s*$")

#: Lines that belong to a table block (its rows and its header rows).
TABLE_TYPES = frozenset({LineType.TABLE_ROW, LineType.TABLE_HEADER})


@dataclass(frozen=True)
class Line:
    """One non-blank line: ``index`` is its 0-based number among all lines of the text,
    ``start``/``end`` its offsets in ``Source.text`` (without the newline), ``page`` the
    1-based page (None without pages), ``page_line``/``page_lines`` its place among the
    non-blank lines of that page."""

    index: int
    start: int
    end: int
    text: str
    page: int | None = None
    page_line: int | None = None
    page_lines: int | None = None


def split_lines(source: Source) -> list[Line]:
    """The non-blank lines of ``source.text`` with their page positions."""
    text = source.text
    raw: list[tuple[int, int, int]] = []  # (index, start, end)
    start = 0
    index = 0
    while True:
        stop = text.find("\n", start)
        end = len(text) if stop < 0 else stop
        if text[start:end].strip():
            raw.append((index, start, end))
        if stop < 0:
            break
        start = stop + 1
        index += 1
    if not source.page_starts:
        return [Line(i, s, e, text[s:e]) for i, s, e in raw]
    starts = list(source.page_starts)
    pages = [bisect.bisect_right(starts, s) for _, s, _ in raw]
    counts: dict[int, int] = {}
    for page in pages:
        counts[page] = counts.get(page, 0) + 1
    seen: dict[int, int] = {}
    lines = []
    for (i, s, e), page in zip(raw, pages, strict=True):
        position = seen.get(page, 0)
        seen[page] = position + 1
        lines.append(Line(i, s, e, text[s:e], page, position, counts[page]))
    return lines


@dataclass(frozen=True)
class TypedLines:
    """The lines of a document with their types, searchable by offset."""

    lines: tuple[Line, ...]
    types: tuple[LineType, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [line.start for line in self.lines])

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[tuple[Line, LineType]]:
        return iter(zip(self.lines, self.types, strict=True))

    def position(self, offset: int) -> int | None:
        """The index (into :attr:`lines`) of the line holding source ``offset``, or None."""
        index = bisect.bisect_right(self._starts, offset) - 1  # type: ignore[attr-defined]
        if index >= 0 and offset <= self.lines[index].end:
            return index
        return None

    def type_at(self, offset: int) -> LineType | None:
        """The type of the line holding source ``offset`` (None on a blank line)."""
        index = self.position(offset)
        return self.types[index] if index is not None else None

    def of_type(self, *wanted: LineType) -> list[Line]:
        """The lines of the given types, in order."""
        chosen = set(wanted)
        return [line for line, kind in self if kind in chosen]

    def runs(self, wanted: frozenset[LineType]) -> list[tuple[int, int]]:
        """Maximal runs ``[first, last]`` (indexes into :attr:`lines`) of lines whose type is
        in ``wanted``."""
        found: list[tuple[int, int]] = []
        first: int | None = None
        for position, kind in enumerate(self.types):
            if kind in wanted:
                if first is None:
                    first = position
            elif first is not None:
                found.append((first, position - 1))
                first = None
        if first is not None:
            found.append((first, len(self.types) - 1))
        return found


def with_page_marks(typed: TypedLines) -> TypedLines:
    """The same lines with every page mark typed *furniture*: the mark is unambiguous, but a
    layout the model never saw (a table running over the page foot) can pull it elsewhere."""
    types = tuple(LineType.FURNITURE if PAGE_MARK.match(line.text.strip()) else kind
                  for line, kind in zip(typed.lines, typed.types, strict=True))
    return typed if types == typed.types else TypedLines(typed.lines, types)


def with_rows_in_tables(typed: TypedLines) -> TypedLines:
    """The same lines with a heading that stands between a table's rows, or between its
    last row and its note (``备注：``), typed *table row*: a group row whose cells are
    empty (``二、转移性收入``). A section's title is followed by its text, never by a note."""
    types = list(typed.types)
    solid = [position for position, kind in enumerate(types) if kind is not LineType.FURNITURE]
    for before, here, after in zip(solid, solid[1:], solid[2:], strict=False):
        if types[here] is not LineType.HEADING or _SENTENCE_END.search(typed.lines[here].text):
            continue
        if types[before] is LineType.TABLE_ROW and (
                types[after] is LineType.TABLE_ROW
                or (types[after] is LineType.CAPTION and TABLE_NOTE.match(typed.lines[after].text))):
            types[here] = LineType.TABLE_ROW
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


def with_cell_rows(typed: TypedLines, cell_starts: Sequence[int]) -> TypedLines:
    """The same lines with every row of a table the reader took from the file's own table
    structure (a Word table: two or more filled cells on the line) typed *table row* where
    the model called it a heading or prose; header, caption and contents types stay."""
    if not cell_starts:
        return typed
    starts = sorted(cell_starts)
    types = list(typed.types)
    for position, line in enumerate(typed.lines):
        if types[position] not in (LineType.HEADING, LineType.PROSE):
            continue
        inside = bisect.bisect_right(starts, line.end) - bisect.bisect_left(starts, line.start)
        if inside >= 2:
            types[position] = LineType.TABLE_ROW
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


def with_titles_after_tables(typed: TypedLines) -> TypedLines:
    """The same lines with numbered titles that close a table typed *heading* when running
    text follows them: a group row of a table (``二、转移性收入`` with empty cells) is followed
    by rows of figures or a note, a section's title (``五、存在的问题``) by its text."""
    types = list(typed.types)
    solid = [position for position, kind in enumerate(types) if kind is not LineType.FURNITURE]
    run: list[int] = []
    for position in solid:
        text = typed.lines[position].text.strip()
        mark = parse_heading_mark(text)
        titled = types[position] in (LineType.TABLE_ROW, LineType.HEADING) and mark is not None \
            and not _DIGIT.search(text[mark.marker_end:]) and not _SENTENCE_END.search(text)
        if titled:
            run.append(position)
            continue
        if run and types[position] is LineType.PROSE:
            for inside in run:
                types[inside] = LineType.HEADING
        run = []
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


def with_sentences_unbroken(typed: TypedLines) -> TypedLines:
    """The same lines with an unnumbered heading between two prose lines typed *prose* when
    the prose above stops mid-sentence: a title never cuts into an unfinished sentence; in a
    narrow column a short wrapped line of the paragraph only looks like one. The line must
    run at least half as wide as the one above, as a line inside a paragraph fills the
    column; the short second line of a wrapped title does not."""
    types = list(typed.types)
    solid = [position for position, kind in enumerate(types) if kind is not LineType.FURNITURE]
    for before, here, after in zip(solid, solid[1:], solid[2:], strict=False):
        if types[here] is not LineType.HEADING or types[before] is not LineType.PROSE \
                or types[after] is not LineType.PROSE:
            continue
        above, line = _width(typed.lines[before].text), _width(typed.lines[here].text)
        if parse_heading_mark(typed.lines[here].text) is None and 2 * line >= above \
                and not _TEXT_BREAK.search(typed.lines[before].text):
            types[here] = LineType.PROSE
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


def _width(text: str) -> int:
    """Characters of a line without its spaces (PDF text often spaces out a line's letters)."""
    return len("".join(text.split()))


def with_captions_continued(typed: TypedLines) -> TypedLines:
    """The same lines with what continues a caption typed *caption*: the qualifier in
    parentheses under a table's title (``（按功能分类）``), and the lines a note under a
    table (``备注：``) runs over, down to its sentence's end. A numbered item after a bare
    ``备注：`` starts a list of notes, which is running text."""
    types = list(typed.types)
    solid = [position for position, kind in enumerate(types) if kind is not LineType.FURNITURE]
    note_open = False
    for before, here in itertools.pairwise(solid):
        above, text = typed.lines[before].text, typed.lines[here].text
        if types[before] is not LineType.CAPTION:
            note_open = False
        elif TABLE_NOTE.match(above):
            note_open = not _SENTENCE_END.search(above)
        else:
            note_open = note_open and not _SENTENCE_END.search(above)
        if types[here] is LineType.CAPTION or types[before] is not LineType.CAPTION:
            continue
        continues_note = note_open and types[here] in (LineType.PROSE, LineType.TABLE_HEADER) \
            and parse_heading_mark(text) is None
        if (QUALIFIER.match(text) and not note_open) or continues_note:
            types[here] = LineType.CAPTION
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


#: The last line of a report's title (``…绩效评价报告``, ``…报告（含专项业务费）``).
_REPORT_TITLE = re.compile(r"报告\s*(?:[(（][^()（）]{1,12}[)）])?$")
_TITLE_MARKS = re.compile(r"[。；;！？!?，,]")
_LONGEST_TITLE_LINE = 40
_TITLE_LINES = 3


def with_report_titles(typed: TypedLines) -> TypedLines:
    """The same lines with the title of a report bound into the same file typed *heading*:
    one to three lines without a sentence mark that open a page (a form feed, or a page's
    first line), the last ending in 报告, the text after them running text or a heading.
    A running header repeats on every page; a title stands once."""
    types = list(typed.types)
    texts = [_title_text(line.text) for line in typed.lines]
    seen = Counter(texts)
    solid = [position for position, kind in enumerate(types) if kind is not LineType.FURNITURE
             or not PAGE_MARK.match(typed.lines[position].text.strip())]
    for order, position in enumerate(solid):
        text = texts[position]
        if not _REPORT_TITLE.search(text) or seen[text] > 1 or order + 1 >= len(solid) \
                or types[solid[order + 1]] not in (LineType.PROSE, LineType.HEADING):
            continue
        block = solid[max(0, order - _TITLE_LINES + 1):order + 1]
        opening = next((k for k in range(len(block) - 1, -1, -1) if _opens_page(typed.lines[block[k]])),
                       None)
        if opening is None:
            continue
        block = block[opening:]
        if all(_title_like(texts[inside]) and types[inside] in (LineType.PROSE, LineType.FURNITURE,
                                                                 LineType.HEADING) for inside in block):
            for inside in block:
                types[inside] = LineType.HEADING
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


def _title_text(text: str) -> str:
    """A line without its form feed, spaces and a stray mark the extraction put in front."""
    return text.strip().lstrip("\f。，,．. \u3000")


def _title_like(text: str) -> bool:
    return 0 < len(text) <= _LONGEST_TITLE_LINE and not _TITLE_MARKS.search(text) \
        and not _DIGIT.fullmatch(text)


def _opens_page(line: Line) -> bool:
    return "\f" in line.text or line.page_line == 0


def with_rows_by_cells(typed: TypedLines) -> TypedLines:
    """The same lines with what the cells of a text layout decide: a line of three or more
    cells between column gaps, one of them a figure, and no sentence mark is a table row
    whatever the model called it (``7    某某项目    1,250.00    良``: the last cell a grade);
    a line the model called a row that breaks a clause (``，`` ``；`` ``。``) without a column
    gap or two figures standing as cells is running text wrapped near a table."""
    types = list(typed.types)
    for position, line in enumerate(typed.lines):
        text = line.text.strip()
        if types[position] in (LineType.PROSE, LineType.HEADING) and _cell_row(text):
            types[position] = LineType.TABLE_ROW
        elif types[position] is LineType.TABLE_ROW and _CLAUSE_MARK.search(text) \
                and not CELL_GAP.search(text) and _bare_figures(text) < 2:
            types[position] = LineType.PROSE
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


def _cell_row(text: str) -> bool:
    cells = [cell.strip() for cell in CELL_GAP.split(text) if cell.strip()]
    if len(cells) < 3 or _SENTENCE_END.search(text) or _CLAUSE_MARK.search(text):
        return False
    return any(_FIGURE.fullmatch(cell) and (order + 1 == len(cells) or not _UNIT_AFTER.match(cells[order + 1]))
               for order, cell in enumerate(cells))


def _bare_figures(text: str) -> int:
    """Figures standing as cells: set apart by spaces, no unit after them (``49287 万元``,
    ``73.15%，`` are said in a sentence)."""
    return sum(1 for match in _FIGURE.finditer(text)
               if (match.start() == 0 or text[match.start() - 1].isspace())
               and (match.end() == len(text) or text[match.end()].isspace())
               and not _UNIT_AFTER.match(text, match.end()))


_SECTION_STYLES = frozenset({HeadingStyle.PART, HeadingStyle.CHINESE, HeadingStyle.CHINESE_PAREN})
_SHORT_TITLE = 40


def with_sections_not_furniture(typed: TypedLines) -> TypedLines:
    """The same lines with a line numbered as a section (``第一部分``, ``二、``, ``（二）``)
    that the model called page furniture typed *heading*, or *prose* when a sentence follows
    its number: pages and web pages number their links and attachments 1. 2. 3., never so."""
    types = list(typed.types)
    for position, line in enumerate(typed.lines):
        if types[position] is not LineType.FURNITURE:
            continue
        text = line.text.strip()
        mark = parse_heading_mark(text)
        if mark is None or mark.style not in _SECTION_STYLES or PAGE_MARK.match(text):
            continue
        rest = text[mark.marker_end:]
        short = len(rest) <= _SHORT_TITLE and not _CLAUSE_MARK.search(rest.rstrip("。"))
        types[position] = LineType.HEADING if short else LineType.PROSE
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


#: A menu: five or more short lines in a row without figures, numbering or punctuation.
_MENU_RUN = 5
_MENU_ITEM = 10
_MENU_MARKS = re.compile(r"[。！？!?；;，,：:]")


def with_menus(typed: TypedLines) -> TypedLines:
    """The same lines with a heading inside a menu typed *furniture*: titles have text,
    a table or at least a number between them, never four more bare short lines (the
    links of a web page's navigation, a list of sites at its foot)."""
    types = list(typed.types)
    bare = [0 < len(text) <= _MENU_ITEM and not _MENU_MARKS.search(text) and not _DIGIT.search(text)
            and parse_heading_mark(text) is None
            for text in (line.text.strip() for line in typed.lines)]
    start = 0
    while start < len(bare):
        end = start
        while end < len(bare) and bare[end]:
            end += 1
        if end - start >= _MENU_RUN:
            for position in range(start, end):
                if types[position] is LineType.HEADING:
                    types[position] = LineType.FURNITURE
        start = max(end, start + 1)
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))
