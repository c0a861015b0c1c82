"""The table of contents: its entries, and the body heading each one announces.

Entries are the lines the line-type model calls *contents* (any format: dot leaders, page
numbers after a tab, ``表5：`` numbers, part lines). An entry wrapped over two lines
(``…关于深圳市人民政府`` / ``工作报告的决议……（1）``) is joined. An entry is matched with the
body by its bare title (:func:`~auditor.text.titles.bare_title`): exactly, nearly (one
title inside the other, or a close edit distance), or by a shared ending once the unit's
name is taken off (``一、单位主要职能`` / ``（某某局）主要职能``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import regex

from auditor.text.headings import parse_heading_mark
from auditor.text.lines import TABLE_TYPES, Line, LineType, TypedLines
from auditor.text.normalize import normalize_lines, normalize_width
from auditor.text.titles import bare_title, contents_zone

_PAGE_AT_END = regex.compile(
    r"(?:[.·…_—\-]\s*){2,}.*$|[(（]\s*\d{1,3}\s*[)）]\s*$|(?:\s|\t)\d{1,3}\s*$"
)
_NUMBERED = regex.compile(
    r"^\s*(?:第\S{1,3}(?:部分|章)|[一二三四五六七八九十]+[、.]|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]"
    r"|\d{1,3}(?:\.\d{1,3})*\s*[.、．]?\s*(?=\p{Han}|\d{4})|附?表\s*\d+)"
)
_TABLE_TITLE = regex.compile(r"表(?:[(（][^)）]{1,12}[)）])?$")
_GENERIC_UNIT = regex.compile(r"^(?:本单位|本部门|我单位|我部门|单位|部门)")
_SIMILAR = 0.8
_SHARED_ENDING = 0.6
_LONG_ENDING = 8
_FIRST_ENTRIES = 3
_INSERTED = 3
_MIN_TITLE = 4


@dataclass(frozen=True)
class ContentsEntry:
    """One entry: where it is (source offsets, over one or two lines), its text and its
    bare title; ``names_table`` when the title is a table's (ends in 表)."""

    start: int
    end: int
    text: str
    title: str
    names_table: bool
    #: for an entry joined from two lines, the first line's title alone (the second may be
    #: page furniture the contents page shares a line band with)
    first_title: str = ""


@dataclass(frozen=True)
class Contents:
    """The contents block (source offsets, from its ``目录`` line) and its entries."""

    start: int
    end: int
    entries: tuple[ContentsEntry, ...]

    def holds(self, offset: int) -> bool:
        """True when a source offset lies inside the contents block."""
        return self.start <= offset < self.end


_ENTRY_LIKE = frozenset({LineType.HEADING, LineType.CAPTION, LineType.TABLE_ROW,
                         LineType.TABLE_HEADER})
_HEAD = regex.compile(r"^\s*目\s*[录次]\s*$")
_LEADER_ENTRY = regex.compile(r"(?:[.·…_]\s*){4,}\s*第?\s*[.·…_]*\s*\d{1,3}\s*[.·…_]*\s*页?\s*[.·…_]*\s*$")
_STOP = regex.compile(r"[。；;！？!?]\s*$|\d\s+-?\d[\d,.]*%?\s*$")


def with_contents_zone(typed: TypedLines) -> TypedLines:
    """The same lines with every entry-like line of the contents block typed *contents*.

    The block is found by its structure (:func:`~auditor.text.titles.contents_zone`), which
    holds for every layout of entry; the model's type is kept for prose and furniture."""
    texts = normalize_lines([line.text for line in typed.lines])
    heads = [_HEAD.match(text) is not None for text in texts]
    if not any(heads):
        return typed
    stops = [_STOP.search(text) is not None for text in texts]
    titles = [bare_title(text) if len(text) <= 90 else "" for text in texts]
    zone = contents_zone(titles, heads, stops)
    types = list(typed.types)
    open_block = False
    for position, (inside, kind) in enumerate(zip(zone, typed.types, strict=True)):
        if not inside:
            open_block = False
            continue
        text = texts[position]
        if _LEADER_ENTRY.search(text):
            # dot leaders to a page number: an entry, whatever the model saw in the line
            types[position], open_block = LineType.CONTENTS, True
            continue
        if not open_block and not (position and heads[position - 1]) and kind is not LineType.CONTENTS:
            continue  # the block was closed by a line that is no entry
        open_block = True
        if kind is LineType.CONTENTS or kind is LineType.FURNITURE or len(text.strip()) <= 4:
            continue  # an entry, page furniture, or the wrapped tail of an entry (说明, 表)
        if kind in _ENTRY_LIKE and (_starts_numbered(text) or _PAGE_AT_END.search(text)):
            types[position] = LineType.CONTENTS
        elif kind is not LineType.FURNITURE:
            open_block = False  # a title page or the body begins: the contents are over
    return TypedLines(typed.lines, tuple(types))


_LIST_ENTRIES = 5
_LIST_TAIL = 3
_LIST_RECUR = 0.5
_FIGURES = regex.compile(r"\d[\d,.]*%?\s+-?\d[\d,.]*%?\s*$")
_UNIT_LINE = regex.compile(r"单位\s*[:：]")


def with_title_lists(typed: TypedLines) -> TypedLines:
    """The same lines with each list of titles typed *contents*, with or without a ``目录``
    line: at least five entries numbered in sequence (``1.`` ``2.`` …), nothing between two
    entries but the wrapped tail of a title or a group line of another numbering
    (``二、政府性基金预算``), and most titles found again further down, where the body starts
    them. A body's headings are never a list like that: text or a table lies between them.
    Nor is a list that opens right under a table's header or rows: the numbered items of a
    收支总表 (``九、卫生健康支出`` ``十、节能环保支出`` …) are its rows."""
    texts = [text.strip() for text in normalize_lines([line.text for line in typed.lines])]
    types = list(typed.types)
    position = 0
    while position < len(texts):
        run = _title_run(texts, typed.types, position)
        if run is None:
            position += 1
            continue
        first, last, entries = run
        above = next((types[back] for back in range(first - 1, -1, -1)
                      if types[back] is not LineType.FURNITURE), None)
        if above in TABLE_TYPES:
            position = last + 1
            continue
        later = _later_titles(texts, last + 1)
        recurring = sum(1 for entry in entries if _recurs(entry, later))
        if recurring >= _LIST_RECUR * len(entries):
            for inside in range(first, last + 1):
                if types[inside] is not LineType.FURNITURE or parse_heading_mark(texts[inside]):
                    types[inside] = LineType.CONTENTS
        position = last + 1
    return typed if tuple(types) == typed.types else TypedLines(typed.lines, tuple(types))


def _title_run(texts: list[str], kinds: tuple[LineType, ...],
               start: int) -> tuple[int, int, list[str]] | None:
    """The list of numbered titles whose first entry is line ``start`` (first and last line,
    the entries' bare titles, a wrapped tail joined), or None."""
    mark = parse_heading_mark(texts[start])
    if mark is None or mark.number != 1 or not _title_like(texts[start]):
        return None
    style, number, last = mark.style, 1, start
    entries = [texts[start]]
    between = 0
    for position in range(start + 1, len(texts)):
        text = texts[position]
        found = parse_heading_mark(text)
        if kinds[position] is LineType.FURNITURE and found is None:
            continue
        if not _title_like(text) or _UNIT_LINE.search(text):
            break
        if found is not None and found.style is style:
            if found.number != number + 1:
                break
            number, last, between = found.number, position, 0
            entries.append(text)
        elif found is not None and found.style < style:
            between = 0  # a group line of the list
        elif found is None and between < _LIST_TAIL:
            between += 1
            if position == last + 1 and len(text) <= 12:
                entries[-1] += text  # the wrapped tail of the entry above
                last = position
        else:
            break
    if len(entries) < _LIST_ENTRIES:
        return None
    first = start - 1 if start and _is_group_line(texts[start - 1], style) else start
    return first, last, [bare_title(entry) for entry in entries]


def _title_like(text: str) -> bool:
    return 0 < len(text) <= 60 and not _STOP.search(text) and not _FIGURES.search(text)


def _is_group_line(text: str, style: object) -> bool:
    mark = parse_heading_mark(text)
    return mark is not None and mark.style < style and mark.number == 1 and _title_like(text)


def _later_titles(texts: list[str], start: int) -> list[str]:
    return [bare_title(text) for text in texts[start:] if len(text) <= 90]


def _recurs(entry: str, later: list[str]) -> bool:
    if len(entry) < _MIN_TITLE:
        return False
    return any(title and (title == entry or (len(title) >= _MIN_TITLE and title in entry)
                          or entry in title) for title in later)


def read_contents(typed: TypedLines) -> Contents | None:
    """The first run of contents lines (furniture between them allowed), or None."""
    chosen: list[Line] = []
    head: Line | None = None
    first: list[str] = []
    plain = 0
    for position, (line, kind) in enumerate(typed):
        title = bare_title(line.text) if kind is LineType.CONTENTS else ""
        if title and title in first:
            break  # the body starts by repeating one of the first entries
        if title and len(first) < _FIRST_ENTRIES:
            first.append(title)
        if kind is LineType.CONTENTS and chosen:
            text = normalize_width(line.text).strip()
            marked = _starts_numbered(text) or _PAGE_AT_END.search(text) or len(text) <= 2
            plain = 0 if marked else plain + 1
            if plain == 2:
                chosen.pop()  # two lines in a row with neither number nor page: a title
                break         # page or the office's address, not entries

        if kind is LineType.CONTENTS:
            if not chosen and position > 0 and typed.types[position - 1] is LineType.HEADING:
                head = typed.lines[position - 1]
            chosen.append(line)
        elif chosen and (kind is not LineType.FURNITURE and not (
                kind is LineType.HEADING and _is_contents_head(line.text))):
            break
    if not chosen:
        return None
    entries = _entries(chosen)
    start = (head or chosen[0]).start
    return Contents(start, chosen[-1].end, tuple(entries))


def _is_contents_head(text: str) -> bool:
    return bare_title(text) in {"目录", "目次"}


def _entries(lines: list[Line]) -> list[ContentsEntry]:
    """Entries from contents lines: a line without a page reference whose next line has
    one and carries no numbering of its own continues on that line."""
    entries: list[ContentsEntry] = []
    pending: Line | None = None
    for line in lines:
        text = normalize_width(line.text).strip()
        if pending is not None:
            if (_PAGE_AT_END.search(text) and not _starts_numbered(text)) or len(text) <= 2:
                joined = pending.text.strip() + text
                entry = _entry(pending.start, line.end, joined)
                entries.append(ContentsEntry(entry.start, entry.end, entry.text, entry.title,
                                             entry.names_table, bare_title(pending.text)))
                pending = None
                continue
            entries.append(_entry(pending.start, pending.end, pending.text))
            pending = None
        if _PAGE_AT_END.search(text) or _is_contents_head(text):
            entries.append(_entry(line.start, line.end, line.text))
        else:
            pending = line
    if pending is not None:
        entries.append(_entry(pending.start, pending.end, pending.text))
    return [entry for entry in entries if entry.title and entry.title not in {"目录", "目次"}]


def _starts_numbered(text: str) -> bool:
    return _NUMBERED.match(text) is not None


def _entry(start: int, end: int, text: str) -> ContentsEntry:
    title = bare_title(text)
    return ContentsEntry(start, end, text.strip(), title, bool(_TABLE_TITLE.search(title)))


def titles_match(entry: str, body: str) -> bool:
    """True when a body title is the one an entry announces (both already bare titles)."""
    if not entry or not body:
        return False
    if entry == body:
        return True
    shorter, longer = sorted((entry, body), key=len)
    if len(shorter) >= _MIN_TITLE and shorter in longer and len(shorter) >= 0.6 * len(longer):
        return True
    stripped_entry = _GENERIC_UNIT.sub("", entry)
    if len(stripped_entry) >= _MIN_TITLE and body.endswith(stripped_entry):
        return True
    ending = _shared_ending(entry, body)
    if _TABLE_TITLE.search(entry):
        if ending >= max(_MIN_TITLE, len(entry) - 2):
            return True
    elif ending >= _LONG_ENDING or (ending >= _MIN_TITLE and ending >= _SHARED_ENDING * len(entry)):
        return True
    if _compact_subsequence(entry, body):
        return True
    matcher = difflib.SequenceMatcher(None, entry, body[:len(entry) + 6])
    return matcher.real_quick_ratio() >= _SIMILAR and matcher.ratio() >= _SIMILAR


def _compact_subsequence(entry: str, body: str) -> bool:
    """The entry's characters in order inside a short stretch of the body (a word or two
    inserted: ``财政决算报告`` in ``…关于2024年财政决算的报告``)."""
    if len(entry) < _MIN_TITLE:
        return False
    start = body.find(entry[0])
    while start >= 0:
        position = start
        for char in entry[1:]:
            position = body.find(char, position + 1)
            if position < 0 or position - start >= len(entry) + _INSERTED:
                break
        else:
            return True
        start = body.find(entry[0], start + 1)
    return False


def _shared_ending(left: str, right: str) -> int:
    count = 0
    for a, b in zip(reversed(left), reversed(right), strict=False):
        if a != b:
            break
        count += 1
    return count
