"""Tables rebuilt from the lines the line-type model calls table rows and table headers.

A PDF or a text copy of a 决算/预算 book flattens every table into lines: a row is a
subject code (科目编码), a row name and its amounts (``2013901 行政运行 51.32 51.32``); a
收支总表 puts two halves on one line (``一、一般公共预算财政拨款收入 307.82 一、一般公共服务支出
264.87``); a long name wraps over several lines (``2080505`` / ``机关事业单位`` / ``基本养老保险``
/ ``缴费支出`` / ``6.18 6.18``). This module reads such lines back into rows of pieces —
code, name, amounts — with their offsets in ``Source.text``, and a table around them: its
title and unit (the caption lines above) and its header words.

Blank cells are not written in flattened text, so an amount's column is known only by its
order (``aligned`` is False); readers that know where each character sits (PDF character
boxes) can place amounts under their headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from auditor.text.headings import parse_heading_mark
from auditor.text.lines import TABLE_NOTE, Line, LineType, TypedLines
from auditor.text.normalize import normalize_width
from auditor.types import TableCell

_TOKEN = regex.compile(r"\S+")
_AMOUNT = regex.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_BLANK = regex.compile(r"^(?:-{1,2}|—{1,2}|－|/)$")
_CODE = regex.compile(r"^\d{3,9}$")
_HAN = regex.compile(r"\p{Han}")
_UNIT = regex.compile(r"单位\s*[:：]\s*(亿元|万元|千元|元)|[(（]\s*(亿元|万元|千元|元)\s*[)）]")
_INNER_MARK = regex.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
#: the label a note under a table opens with (注：, 备注：)
NOTE_LABEL = TABLE_NOTE


@dataclass(frozen=True)
class Piece:
    """A run of text in ``Source.text`` (a cell's content): offsets and the text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Half:
    """One half of a row (a 收支总表 has two on each line): code, name and amounts in
    order; an amount of ``None`` text is a cell written blank (``-``)."""

    code: Piece | None
    label: Piece | None
    amounts: tuple[Piece, ...]


@dataclass(frozen=True)
class TextRow:
    """A table row rebuilt from one or more lines (``lines``: indexes into the typed lines)."""

    halves: tuple[Half, ...]
    lines: tuple[int, ...]


@dataclass(frozen=True)
class TextTable:
    """A table rebuilt from typed lines: title and unit from the captions above, the
    header words, the rows, and where it lies in ``Source.text``."""

    index: int
    title: Piece | None
    unit: str
    header: tuple[Piece, ...]
    rows: tuple[TextRow, ...]
    start: int
    end: int
    aligned: bool = False
    notes: tuple[Piece, ...] = field(default=())


_HEADER_REACH = 16


def with_table_headers(typed: TypedLines) -> TypedLines:
    """The same lines with the header block of each table typed *table header*.

    Under a table's unit line (``单位：万元``) come its column names, wrapped over as many
    lines as the layout needed, down to the first row of figures or a note; none of them
    ends a sentence. The model knows such fragments only from the layouts it was shown,
    the structure holds for any."""
    types = list(typed.types)
    count = len(typed)
    for position, line in enumerate(typed.lines):
        if not _UNIT.search(normalize_width(line.text)):
            continue
        for below in range(position + 1, min(count, position + 1 + _HEADER_REACH)):
            text = typed.lines[below].text
            if types[below] in (LineType.TABLE_ROW, LineType.CAPTION) or _SENTENCE_END.search(text) \
                    or any(_AMOUNT.match(token) for token in normalize_width(text).split()) \
                    or (types[below] is LineType.HEADING and parse_heading_mark(normalize_width(text))):
                break
            types[below] = LineType.TABLE_HEADER
    return TypedLines(typed.lines, tuple(types))


def table_cells(tables: list[TextTable]) -> list[TableCell]:
    """The cells of rebuilt tables in the same model as Word tables: per row, each half's
    code, name and amounts take the next columns (a half's width is the widest half 0)."""
    cells: list[TableCell] = []
    for table in tables:
        width = 2 + max((len(row.halves[0].amounts) for row in table.rows), default=0)
        for number, row in enumerate(table.rows):
            for half_number, half in enumerate(row.halves):
                base = half_number * width
                pieces = [(0, half.code), (1, half.label),
                          *((2 + k, amount) for k, amount in enumerate(half.amounts))]
                cells.extend(TableCell(table.index, number, base + column, piece.start, piece.end)
                             for column, piece in pieces if piece is not None)
    return cells


def is_amount(text: str) -> bool:
    """True for a figure cell: ``1,234.56``, ``-8``, ``94.5%``."""
    return _AMOUNT.match(normalize_width(text)) is not None


def is_blank_mark(text: str) -> bool:
    """True for a cell written as blank (``-``, ``—``, ``/``)."""
    return _BLANK.match(normalize_width(text)) is not None


def _tokens(line: Line) -> list[Piece]:
    normal = normalize_width(line.text)
    return [Piece(line.start + m.start(), line.start + m.end(), line.text[m.start():m.end()])
            for m in _TOKEN.finditer(normal)]


def _join(pieces: list[Piece], text: str, offset: int) -> Piece:
    start, end = pieces[0].start, pieces[-1].end
    return Piece(start, end, text[start - offset:end - offset])


def parse_halves(line: Line, text: str) -> list[Half]:
    """The halves of one row line: a half starts with an optional code, then words, then
    amounts; words (or a code before words) after an amount start the next half."""
    tokens = _tokens(line)
    if len(tokens) == 1 and _CODE.match(normalize_width(tokens[0].text)) \
            and "." not in tokens[0].text:
        return [Half(tokens[0], None, ())]  # a code alone: its name wraps below
    halves: list[Half] = []
    code: Piece | None = None
    words: list[Piece] = []
    amounts: list[Piece] = []

    def close() -> None:
        if code is not None or words or amounts:
            label = _join(words, text, 0) if words else None
            halves.append(Half(code, label, tuple(amounts)))

    for position, token in enumerate(tokens):
        value = normalize_width(token.text)
        following = tokens[position + 1].text if position + 1 < len(tokens) else ""
        numeric = _AMOUNT.match(value) is not None or _BLANK.match(value) is not None
        starts_code = _CODE.match(value) is not None and _HAN.search(following) is not None
        if starts_code and (amounts or (not words and code is None)):
            if amounts or words or code is not None:
                close()
                words, amounts = [], []
            code = token
            continue
        if numeric and not (code is None and not words and not amounts and _is_index(value, following)):
            amounts.append(token)
            continue
        if amounts or (words and _INNER_MARK.match(value)):
            close()  # words after amounts, or a second numbered item: the next half
            code, words, amounts = None, [], []
        words.append(token)
    close()
    return halves


def _reads_as_row(halves: list[Half], rows: list[TextRow], line: Line) -> bool:
    """A line the model calls a header that is a row: it starts with a subject code, or it
    continues a row whose name wrapped (``机关事业单位`` / ``基本养老保险`` under ``2080505``)."""
    if not halves:
        return False
    if halves[0].code is not None and halves[0].label is not None:
        return True
    return bool(rows) and _is_continuation(rows[-1], halves, line)


def _is_index(value: str, following: str) -> bool:
    """A small leading number before words is the row's 序号, not an amount."""
    return value.isdigit() and len(value) <= 2 and _HAN.search(following) is not None


def _is_continuation(previous: TextRow, halves: list[Half], line: Line) -> bool:
    """A line continues the row above when that row has a code but no amounts yet and
    this line's first half brings only words and/or amounts (a wrapped name, the amounts
    below it; in a two-half table the right half may follow on the same line)."""
    if len(previous.halves) != 1:
        return False
    above, here = previous.halves[0], halves[0]
    if above.amounts or above.code is None or here.code is not None:
        return False
    if len(halves) > 1 and here.label is not None:
        return False
    return parse_heading_mark(normalize_width(line.text)) is None


def _merge(previous: TextRow, halves: list[Half], line_position: int, text: str) -> TextRow:
    above, half = previous.halves[0], halves[0]
    label = above.label
    if half.label is not None:
        start = label.start if label is not None else half.label.start
        label = Piece(start, half.label.end, text[start:half.label.end])
    return TextRow((Half(above.code, label, above.amounts + half.amounts), *halves[1:]),
                   (*previous.lines, line_position))


_TABLE_TYPES = frozenset({LineType.TABLE_ROW, LineType.TABLE_HEADER})


def text_tables(typed: TypedLines, text: str, first_index: int = 0) -> list[TextTable]:
    """Every table of a document rebuilt from its typed lines, numbered from ``first_index``."""
    tables: list[TextTable] = []
    position = 0
    count = len(typed)
    while position < count:
        if typed.types[position] not in _TABLE_TYPES:
            position += 1
            continue
        start = position
        while position < count and (typed.types[position] in _TABLE_TYPES
                                    or typed.types[position] is LineType.FURNITURE
                                    or _gap_in_table(typed, position)):
            position += 1
        for table in _tables_of_run(typed, text, start, position, first_index + len(tables)):
            if tables and _continues(tables[-1], table):
                tables[-1] = _joined(tables[-1], table)
            else:
                tables.append(table)
    return tables


def _key(piece: Piece | None) -> str:
    return regex.sub(r"\s", "", normalize_width(piece.text)) if piece is not None else ""


def _continues(previous: TextTable, table: TextTable) -> bool:
    """A table on the next page under the same title and header continues the one above."""
    same_title = bool(table.title) and _key(table.title) == _key(previous.title)
    same_header = [_key(p) for p in table.header] == [_key(p) for p in previous.header]
    return same_title and same_header and previous.unit == table.unit


def _joined(previous: TextTable, table: TextTable) -> TextTable:
    return TextTable(previous.index, previous.title, previous.unit, previous.header,
                     previous.rows + table.rows, previous.start, table.end, previous.aligned,
                     previous.notes + table.notes)


_GAP = 2
_SENTENCE_END = regex.compile(r"[。；;！？!?]\s*$")


def _gap_in_table(typed: TypedLines, position: int) -> bool:
    """A line or two the model calls a heading or prose, between table rows and without a
    sentence end, is a row too (``二、政府性基金预算财政拨款收入 二、外交支出`` has no amounts)."""
    if typed.types[position] not in (LineType.HEADING, LineType.PROSE, LineType.CONTENTS):
        return False
    if _SENTENCE_END.search(typed.lines[position].text):
        return False
    following = typed.types[position + 1:position + 1 + _GAP]
    return any(kind is LineType.TABLE_ROW for kind in following) and \
        typed.types[position - 1] in (*_TABLE_TYPES, LineType.HEADING, LineType.PROSE,
                                      LineType.CONTENTS)


def _grid_table(typed: TypedLines, text: str, start: int, stop: int, index: int) -> TextTable:
    """A run of tab-separated lines: cells keep their columns (:mod:`auditor.text.grid_rows`)."""
    from auditor.text.grid_rows import fields, grid_rows, is_data_row

    positions = [p for p in range(start, stop) if typed.types[p] is not LineType.FURNITURE
                 and "\t" in typed.lines[p].text]
    header_cells: list[list[Piece]] = []
    data: list[int] = []
    for position in positions:
        cells = fields(typed.lines[position])
        if not data and not is_data_row(cells):
            header_cells.append(cells)
        elif any(cell.text for cell in cells):
            data.append(position)
    halves = grid_rows([typed.lines[p] for p in data], header_cells)
    rows = tuple(TextRow(tuple(row), (position,)) for row, position in zip(halves, data, strict=True)
                 if row)
    header = [cell for cells in header_cells for cell in cells if cell.text]
    table = _table(typed, text, start, stop, index, header, list(rows))
    return TextTable(table.index, table.title, table.unit, table.header, table.rows,
                     table.start, table.end, True, table.notes)


def _tables_of_run(typed: TypedLines, text: str, start: int, stop: int, index: int) -> list[TextTable]:
    """One run of table lines: a header after data rows begins a new table."""
    tabbed = sum(1 for p in range(start, stop) if "\t" in typed.lines[p].text)
    if tabbed * 5 >= (stop - start) * 3:
        return [_grid_table(typed, text, start, stop, index)]
    found: list[TextTable] = []
    header: list[Piece] = []
    rows: list[TextRow] = []
    first = start
    for position in range(start, stop):
        kind, line = typed.types[position], typed.lines[position]
        if kind is LineType.FURNITURE:
            continue
        halves = parse_halves(line, text)
        if kind is LineType.TABLE_HEADER and not _reads_as_row(halves, rows, line):
            words = {normalize_width(piece.text) for piece in _tokens(line)}
            if rows and words <= {normalize_width(piece.text) for piece in header}:
                continue  # the header repeated at the top of the next page
            if not rows:
                header.extend(_tokens(line))
                continue
            # words without amounts after the rows, with no caption between: row names
        if not halves:
            continue
        if rows and _is_continuation(rows[-1], halves, line):
            rows[-1] = _merge(rows[-1], halves, position, text)
        else:
            rows.append(TextRow(tuple(halves), (position,)))
    if rows or header:
        found.append(_table(typed, text, first, stop, index + len(found), header, rows))
    return found


def _table(typed: TypedLines, text: str, first: int, stop: int, index: int,
           header: list[Piece], rows: list[TextRow]) -> TextTable:
    title, unit = _caption(typed, text, first)
    notes = []
    after = stop
    while after < len(typed) and typed.types[after] is LineType.CAPTION \
            and TABLE_NOTE.match(typed.lines[after].text):
        line = typed.lines[after]
        notes.append(Piece(line.start, line.end, line.text))
        after += 1
    last = typed.lines[stop - 1]
    return TextTable(index, title, unit, tuple(header), tuple(rows),
                     typed.lines[first].start, last.end, notes=tuple(notes))


_CAPTION_REACH = 4


def _caption(typed: TypedLines, text: str, first: int) -> tuple[Piece | None, str]:
    """The title and the unit of the table starting at line ``first``: the unit line just
    above (``单位：万元``) and the title above that (whatever the model called it), else the
    nearest caption or heading line above."""
    title: Piece | None = None
    unit = ""
    position = first - 1
    after_unit = False
    while position >= 0 and first - position <= _CAPTION_REACH:
        kind, line = typed.types[position], typed.lines[position]
        normal = normalize_width(line.text)
        found = _UNIT.search(normal)
        if found and not unit:
            unit = next(group for group in found.groups() if group)
            after_unit = True
            if not _UNIT.sub("", normal).strip():
                position -= 1
                continue
        # The line right above the unit line is the title, whatever the model called it.
        titled = kind in (LineType.CAPTION, LineType.HEADING) or (
            after_unit and not _SENTENCE_END.search(line.text))
        if (kind is LineType.FURNITURE and not after_unit) or TABLE_NOTE.match(line.text) \
                or not _HAN.search(line.text):
            position -= 1
            continue
        if not titled:
            break
        lead = len(line.text) - len(line.text.lstrip())
        stripped = line.text.strip()
        title = Piece(line.start + lead, line.start + lead + len(stripped), stripped)
        break
    return title, unit
