"""How a table's lines run: title and unit, header, rows, notes.

Whatever the layout, a flattened table starts the same way: a title that names the table
(ends in 表, perhaps with a qualifier such as ``（按功能分类）``), a unit line
(``单位：万元``), the column names wrapped over as many lines as the layout needed, and
then the first row that carries figures. The line-type model knows the header fragments
only from the layouts it was shown (a title repeated at the top of a page after the rows
of the page before reads to it as one more row); this order holds for any of them. Below
the first row no header follows (a name wrapped between rows is part of a row), and a note
under the table (``备注：``) runs on to its sentence's end (a numbered list of notes is left
as it is: its items are numbered like headings and are read as such).
"""

from __future__ import annotations

import regex

from auditor.text.headings import parse_heading_mark
from auditor.text.lines import LineType, TypedLines
from auditor.text.normalize import normalize_width
from auditor.text.text_tables import is_amount

_TITLE = regex.compile(r"\p{Han}.*表\s*(?:[(（][^()（）]{1,12}[)）])?$")
_UNIT_LINE = regex.compile(r"^(?:金额)?单位\s*[:：]\s*(?:亿元|万元|千元|元)$")
#: Caption lines that may follow a title: its number, a qualifier, the unit.
_CAPTION_LINE = regex.compile(
    r"^(?:附?表\s*\d+|[(（][^()（）]{1,12}[)）]|(?:金额)?单位\s*[:：]\s*(?:亿元|万元|千元|元))$")
_SENTENCE = regex.compile(r"[。；;！？!?]")
_SENTENCE_END = regex.compile(r"[。；;！？!?]$")
#: A clause break: a wrapped line of prose has them, a row's name hardly ever.
_CLAUSE = regex.compile(r"[，,]\s*\S")
_NOTE = regex.compile(r"^(?:注|说明|备注)\s*\d*\s*[:：]")
#: What the model may call a line of a row's name wrapped between rows, and how many.
_INNER = frozenset({LineType.TABLE_HEADER, LineType.CAPTION, LineType.PROSE})
_WRAPPED = 3
#: How many lines a note under a table may wrap over.
_NOTE_LINES = 4
_LONGEST_TITLE = 60
#: Lines from a title down to the first row of figures (title, 表N, unit, header).
_REACH = 16
_OPENING = frozenset({LineType.TABLE_ROW, LineType.TABLE_HEADER, LineType.CAPTION})
_KEEP = frozenset({LineType.CONTENTS, LineType.FURNITURE})


def _has_amount(text: str) -> bool:
    return any(is_amount(token) for token in text.split())


def _first_row(texts: list[str], types: list[LineType], start: int) -> int | None:
    """The position of the first line with figures below ``start`` (within reach) when
    every line before it could open a table (no sentence, no numbered heading)."""
    for below in range(start + 1, min(len(texts), start + 1 + _REACH)):
        text = texts[below]
        if _has_amount(text):
            return below
        if types[below] in _KEEP:
            continue
        if _SENTENCE.search(text) or (types[below] is LineType.HEADING and parse_heading_mark(text)) \
                or types[below] is LineType.PROSE:
            return None
    return None


def with_table_openings(typed: TypedLines) -> TypedLines:
    """The same lines with each table's title and unit lines typed *caption* and the
    lines between them and the first row of figures typed *table header*."""
    texts = [normalize_width(line.text).strip() for line in typed.lines]
    types = list(typed.types)
    position = 0
    while position < len(texts):
        text = texts[position]
        kind = types[position]
        opens = kind in _OPENING and len(text) <= _LONGEST_TITLE and not _has_amount(text) \
            and not _SENTENCE.search(text) and (_TITLE.search(text) or _UNIT_LINE.match(text))
        first = _first_row(texts, types, position) if opens else None
        if first is None:
            position += 1
            continue
        types[position] = LineType.CAPTION
        header = False
        for below in range(position + 1, first):
            if types[below] in _KEEP:
                continue
            if not header and (_TITLE.search(texts[below]) or _CAPTION_LINE.match(texts[below])):
                types[below] = LineType.CAPTION
                continue
            header = True
            types[below] = LineType.TABLE_HEADER
        position = first
    return TypedLines(typed.lines, tuple(types))


def _previous(types: list[LineType], position: int) -> int | None:
    """The nearest line above that is not page furniture."""
    for above in range(position - 1, -1, -1):
        if types[above] is not LineType.FURNITURE:
            return above
    return None


def _next(types: list[LineType], position: int) -> int | None:
    """The nearest line below that is not page furniture."""
    for below in range(position + 1, len(types)):
        if types[below] is not LineType.FURNITURE:
            return below
    return None


def with_table_bodies(typed: TypedLines) -> TypedLines:
    """The same lines with header, caption or prose lines inside a table's rows typed
    *table row* (a wrapped row name, a row of empty cells) and the wrapped lines of a note
    under a table typed *caption*."""
    texts = [normalize_width(line.text).strip() for line in typed.lines]
    types = list(typed.types)
    def inner(position: int) -> bool:
        text = texts[position]
        return types[position] in _INNER and not (
            _SENTENCE.search(text) or _CLAUSE.search(text) or _NOTE.match(text)
            or _TITLE.search(text)
            or _CAPTION_LINE.match(text))

    for position in range(len(types)):
        above = _previous(types, position)
        if above is None or types[above] is not LineType.TABLE_ROW or not inner(position):
            continue
        if types[position] is LineType.TABLE_HEADER or _has_amount(texts[position]):
            types[position] = LineType.TABLE_ROW  # no header follows rows; figures go on
            continue
        run = [position]
        while len(run) < _WRAPPED and run[-1] + 1 < len(types) and inner(run[-1] + 1):
            run.append(run[-1] + 1)
        following = _next(types, run[-1])
        if following is not None and types[following] is LineType.TABLE_ROW:
            for inside in run:  # a row name wrapped between rows, whatever the model said
                types[inside] = LineType.TABLE_ROW
    for position, kind in enumerate(types):
        above = _previous(types, position)
        if kind is LineType.PROSE and _NOTE.match(texts[position]) and above is not None \
                and types[above] is LineType.TABLE_ROW:
            types[position] = kind = LineType.CAPTION  # the note right under a table
        if kind is not LineType.CAPTION or not _NOTE.match(texts[position]) \
                or _SENTENCE_END.search(texts[position]):
            continue
        for below in range(position + 1, min(len(texts), position + 1 + _NOTE_LINES)):
            if types[below] is LineType.FURNITURE:
                break
            if parse_heading_mark(texts[below]):
                break  # numbered notes stay what they are: a list the numbering rules read
            types[below] = LineType.CAPTION
            if _SENTENCE_END.search(texts[below]):
                break
    return TypedLines(typed.lines, tuple(types))
