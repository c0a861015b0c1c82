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

from auditor.text.lines import PAGE_MARK

_UNIT = re.compile(r"单位\s*[:：]|[(（]\s*(?:亿元|万元|千元|元)\s*[)）]\s*$")
#: A table's title: ends in 表 (``…执行情况表``, ``…表（续）``) or starts with its number.
_TABLE_TITLE = re.compile(r"表\s*(?:[(（]\s*续\s*[)）])?$|^附?表\s*\d+(?:[-.]\d+)*(?:\s|[:：]|$)")
_NUMBER_TOKEN = re.compile(r"(?:^|(?<=\s))-?\d[\d,]*(?:\.\d+)?%?(?=\s|$)")
_SENTENCE_END = re.compile(r"[。！？!?；;]$")

_UNIT_REACH = 40
_FIGURES_REACH = 10
_CAPTION_REACH = 4
_DENSITY_REACH = 6
_OPENING_REACH = 60

LAYOUT_FEATURES: tuple[str, ...] = (
    "page_mark", "unit_line", "table_title", "since_opening", "until_unit", "figures_row", "figures_since_unit",
    "since_figures", "until_figures", "figures_density", "opening",
    "p1_figures_row", "n1_figures_row", "n1_unit_line", "n2_unit_line",
)


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


def layout_matrix(texts: list[str], indexes: list[int]) -> np.ndarray:
    """The layout features of a run of consecutive lines (stripped, width-normalised
    texts; their line numbers in the document), columns as in ``LAYOUT_FEATURES``."""
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

    return np.column_stack([
        page_mark, unit, title, since_unit, until_unit, figures, body, since_figures, until_figures,
        density, before_text, shift(figures, -1), shift(figures, 1), shift(unit, 1), shift(unit, 2),
    ])
