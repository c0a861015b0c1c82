"""Where a line stands in the layout around it, for the line-type model.

:mod:`auditor.text.line_features` describes a line by itself and its nearest neighbours;
the facts here need a longer look along the run of lines: whether a table's unit line lies
above (and whether a row of figures came after it — then a short wrapped name is a row,
not a header fragment), how far the nearest rows of figures are, how dense they are around
the line, whether the document has begun its running text yet, and whether the line is a
page mark (``— 12 —``). They are computed the same way for a labelled block and for a whole
document, from the block's own lines only.
"""

from __future__ import annotations

import re

import numpy as np

from auditor.text.headings import parse_heading_mark
from auditor.text.lines import CELL_GAP, PAGE_MARK, QUALIFIER

#: A table's unit line: 单位 followed by a unit of money (``主办单位：某局`` and
#: ``（责任单位：某厅）`` name a body, not a unit).
_UNIT = re.compile(r"单位\s*[:：]\s*[亿万千]?元|[(（]\s*(?:亿元|万元|千元|元)\s*[)）]\s*$")
#: A table's title: ends in 表 (``…执行情况表``, ``…表（续）``) or starts with its number.
_TABLE_TITLE = re.compile(r"表\s*(?:[(（][^()（）]{1,16}[)）])?$|^附?表\s*\d+(?:[-.]\d+)*(?:\s|[:：]|$)")
#: A row's first cell is its number (序号) when a bare integer stands before a gap.
_ROW_NUMBER = re.compile(r"^\d{1,3}(?: {2,}|\t)")
_NUMBER_TOKEN = re.compile(r"(?:^|(?<=\s))-?\d[\d,]*(?:\.\d+)?%?(?=\s|$)")
_SENTENCE_END = re.compile(r"[。！？!?；;]$")
_SENTENCE_MARKS = re.compile(r"[。！？!?；;]")
_SENTENCE_MARK = re.compile(r"[。！？!?；;，,]")
#: A figure with its unit or counter written after it (``49287 万元``, ``2023 年``): running
#: text states amounts so, a table row leaves the unit to its header.
_UNIT_NUMBER = re.compile(r"\d(?:\.\d+)?\s?[万亿元年月日个项家人次倍]")

_UNIT_REACH = 40
_FIGURES_REACH = 10
_CAPTION_REACH = 4
_DENSITY_REACH = 6
_OPENING_REACH = 60
_LENGTH_REACH = 8
_BARE_LENGTH = 16

LAYOUT_FEATURES: tuple[str, ...] = (
    "page_mark", "unit_line", "table_title", "since_opening", "until_unit", "figures_row", "figures_since_unit",
    "since_figures", "until_figures", "figures_density", "opening",
    "p1_figures_row", "n1_figures_row", "n1_unit_line", "n2_unit_line",
    "relative_length", "bare_run", "list_run", "unit_numbers",
    "qualifier", "cells", "number_cells", "row_number", "width_prev", "width_next",
    "closed_title",
)
_SAME_WIDTH = 4
_WIDE = re.compile("[\u2e80-\U0010ffff]")


def _distance_back(flags: np.ndarray, reach: int) -> np.ndarray:
    """Lines back to the nearest earlier flagged line (0 = none within ``reach``), scaled
    so that nearer is larger: 1 for the line just above, falling to 1/reach."""
    found = np.zeros(len(flags))
    last: int | None = None
    for position, flag in enumerate(flags):
        if last is not None and position - last <= reach:
            found[position] = 1.0 - (position - last - 1) / reach
        if flag:
            last = position
    return found


def _relative_length(lengths: np.ndarray) -> np.ndarray:
    """A line's length over the median length of the lines around it: in a narrow column
    every line is short, and a title is short only against its neighbours."""
    count = len(lengths)
    found = np.ones(count)
    values = lengths.tolist()
    for position in range(count):
        # sorted() over at most 17 values: np.median's fixed cost was most of a short document's typing
        around = sorted(values[max(0, position - _LENGTH_REACH):position + _LENGTH_REACH + 1])
        middle = len(around) // 2
        median = around[middle] if len(around) % 2 else (around[middle - 1] + around[middle]) / 2
        found[position] = values[position] / max(median, 1.0)
    return np.minimum(found, 4.0)


def _run_lengths(flags: list[bool]) -> np.ndarray:
    """For each flagged line, log1p of the length of the run of flagged lines it is in."""
    found = np.zeros(len(flags))
    start = 0
    while start < len(flags):
        if not flags[start]:
            start += 1
            continue
        end = start
        while end < len(flags) and flags[end]:
            end += 1
        found[start:end] = np.log1p(end - start)
        start = end
    return found


def _list_runs(texts: list[str]) -> np.ndarray:
    """log1p of the length of the run of adjacent lines numbered in one style, each one
    more than the line above (``九、`` ``十、`` ``十一、``): section titles have their text
    between them; items of a list, rows of a table and contents entries do not."""
    marks = [parse_heading_mark(text) for text in texts]
    chained = np.zeros(len(texts))
    start = 0
    for position in range(1, len(texts) + 1):
        above = marks[position - 1]
        here = marks[position] if position < len(texts) else None
        if above is not None and here is not None and here.style == above.style \
                and here.number == above.number + 1:
            continue
        if position - start > 1:
            chained[start:position] = np.log1p(position - start)
        start = position
    return chained


def _display_width(raw: str, length: int) -> float:
    """Columns a line takes in a monospaced text layout (a Han character takes two),
    leading spaces included; scaled up to the whole line's length for a clipped copy."""
    shown = raw.rstrip()
    # a wide character counts twice: its count is what removing them all shortens the line by
    width = 2 * len(shown) - len(_WIDE.sub("", shown))
    stripped = len(raw.strip())
    return width * length / stripped if stripped and length > stripped else float(width)


def _width_matches(widths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether a line ends in the same column as the line above / below: the lines of a
    wrapped paragraph fill the column to its right margin, except the last."""
    same = np.abs(np.diff(widths)) <= _SAME_WIDTH
    return np.concatenate([[0.0], same]), np.concatenate([same, [0.0]])


def closed_title(text: str) -> bool:
    """A numbered line that is one sentence, closed at the line's end (``（四）某某情况。``):
    a section title written with a full stop; a numbered item of running text goes on
    after its first sentence or wraps."""
    mark = parse_heading_mark(text)
    if mark is None:
        return False
    rest = text[mark.marker_end:].strip()
    return bool(_SENTENCE_END.search(rest)) and len(_SENTENCE_MARKS.findall(rest)) == 1


def _cells(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """log1p of the cells of each line (text between column gaps) and of those that are
    numbers: a row of a text-layout table has several, a figure among words has none."""
    cells = np.zeros(len(texts))
    numbers = np.zeros(len(texts))
    for position, text in enumerate(texts):
        parts = [part for part in CELL_GAP.split(text) if part]
        cells[position] = np.log1p(len(parts))
        numbers[position] = np.log1p(sum(1 for part in parts if _NUMBER_TOKEN.fullmatch(part.strip())))
    return cells, numbers


def layout_matrix(texts: list[str], indexes: list[int], lengths: list[int] | None = None,
                  raws: list[str] | None = None) -> np.ndarray:
    """The layout features of a run of consecutive lines (stripped, width-normalised
    texts; their line numbers in the document; their whole lengths where the texts are
    clipped copies; the lines as they stand, leading spaces kept), columns as in
    ``LAYOUT_FEATURES``."""
    count = len(texts)
    if not count:
        return np.zeros((0, len(LAYOUT_FEATURES)))
    page_mark = np.array([PAGE_MARK.match(text) is not None for text in texts], dtype=float)
    unit = np.array([_UNIT.search(text) is not None for text in texts], dtype=float)
    sentence = [_SENTENCE_END.search(text) is not None for text in texts]
    title = np.array([len(text) <= 60 and not sentence[i] and _TABLE_TITLE.search(text) is not None
                      for i, text in enumerate(texts)], dtype=float)
    opening = np.maximum(unit, title)
    figures = np.array([len(_NUMBER_TOKEN.findall(text)) >= 2 and not sentence[i]
                        and not page_mark[i] for i, text in enumerate(texts)], dtype=float)
    since_unit = _distance_back(opening, _UNIT_REACH)
    until_unit = _distance_back(unit[::-1], _CAPTION_REACH)[::-1]
    since_figures = _distance_back(figures, _FIGURES_REACH)
    until_figures = _distance_back(figures[::-1], _FIGURES_REACH)[::-1]
    body = np.zeros(count)
    opened = False
    seen_figures = False
    for position in range(count):
        if opened and seen_figures:
            body[position] = 1.0
        if opening[position]:
            opened, seen_figures = True, False
        elif figures[position] and opened:
            seen_figures = True
        if since_unit[position] == 0 and not opening[position]:
            opened = False
    padded = np.concatenate([[0.0], np.cumsum(figures)])
    low = np.clip(np.arange(count) - _DENSITY_REACH, 0, count)
    high = np.clip(np.arange(count) + _DENSITY_REACH + 1, 0, count)
    density = (padded[high] - padded[low]) / (high - low)
    before_text = np.zeros(count)
    for position in range(count):
        if indexes[position] > _OPENING_REACH or sentence[position]:
            break
        before_text[position] = 1.0

    def shift(values: np.ndarray, step: int) -> np.ndarray:
        moved = np.zeros(count)
        if step > 0:
            moved[:-step] = values[step:]
        else:
            moved[-step:] = values[:step]
        return moved

    sizes = np.array(lengths if lengths is not None else [len(text) for text in texts], dtype=float)
    bare = [0 < len(text) <= _BARE_LENGTH and not _SENTENCE_MARK.search(text) and not figures[i]
            and not any(char.isdigit() for char in text) and parse_heading_mark(text) is None
            for i, text in enumerate(texts)]
    unit_numbers = np.log1p([len(_UNIT_NUMBER.findall(text)) for text in texts])
    qualifier = np.array([QUALIFIER.match(text) is not None for text in texts], dtype=float)
    cells, number_cells = _cells(texts)
    row_number = np.array([_ROW_NUMBER.match(text) is not None for text in texts], dtype=float)
    widths = np.array([_display_width(raw, int(size))
                       for raw, size in zip(raws if raws is not None else texts, sizes, strict=True)])
    width_prev, width_next = _width_matches(widths)
    closed = np.array([closed_title(text) for text in texts], dtype=float)
    return np.column_stack([
        page_mark, unit, title, since_unit, until_unit, figures, body, since_figures, until_figures,
        density, before_text, shift(figures, -1), shift(figures, 1), shift(unit, 1), shift(unit, 2),
        _relative_length(sizes), _run_lengths(bare), _list_runs(texts), unit_numbers,
        qualifier, cells, number_cells, row_number, width_prev, width_next, closed,
    ])
