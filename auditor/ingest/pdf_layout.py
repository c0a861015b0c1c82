"""Where a PDF page's text sits: lines in visual reading order, and a box for every word.

pypdfium2 returns a page's characters in content-stream order and breaks lines where the
position jumps. Most office exports draw in reading order; some do not, and then an item
comes out above the one it follows, or a heading is cut in two around the paragraphs
drawn between its halves. The page is checked cheaply — the boxes of each line's first
and last words, which the reader needs anyway — and only when a line starts above the one
before it in the same column is the page rebuilt from its characters, line by line from
the top, left to right. Pages set in several columns are left in stream order.

Every whitespace-separated word (a table cell of a flattened row, a run of prose) gets its
box in PDF points (origin bottom left), so a finding anywhere can be drawn on the page.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from statistics import median
from typing import Any

import regex

_WORD = regex.compile(r"\S+")
_BREAK = regex.compile(r"\r\n|\r|\n")
_COLUMNS_SHARE = 0.25
_RIGHT_HALF = 0.45
#: a gap wider than this share of the line height is a space (a CJK glyph is about as wide
#: as it is high; a decimal point or a digit is much narrower)
_SPACE_GAP = 0.8
_MARGIN = 0.12


@dataclass(frozen=True)
class WordBox:
    """A word of a line: where it is in the line's text and its box on the page."""

    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageLine:
    """One line of a page: its text, the text-page index of each character (None for a
    space the rebuild inserted) and the boxes of its words."""

    text: str
    indices: tuple[int | None, ...]
    words: tuple[WordBox, ...] = ()


def split_lines(raw: str) -> list[PageLine]:
    """The raw page text cut into lines, each character keeping its text-page index."""
    lines: list[PageLine] = []
    start = 0
    for found in _BREAK.finditer(raw):
        lines.append(PageLine(raw[start:found.start()], tuple(range(start, found.start()))))
        start = found.end()
    lines.append(PageLine(raw[start:], tuple(range(start, len(raw)))))
    return lines


class Boxes:
    """Character boxes of one text page, read through pdfium's C call directly (the
    wrapper's per-call overhead dominates when every word of a book is boxed)."""

    def __init__(self, textpage: Any) -> None:
        import ctypes

        import pypdfium2.raw as pdfium_c

        self.handle = textpage.raw
        self.call = pdfium_c.FPDFText_GetCharBox
        self.values = [ctypes.c_double() for _ in range(4)]
        self.refs = [ctypes.byref(value) for value in self.values]

    def __call__(self, index: int) -> tuple[float, float, float, float]:
        """``(left, bottom, right, top)`` of a character."""
        left, right, bottom, top = self.refs
        self.call(self.handle, index, left, right, bottom, top)
        return (self.values[0].value, self.values[2].value, self.values[1].value,
                self.values[3].value)


_DIGIT = regex.compile(r"\d")


def with_words(boxes: Boxes, line: PageLine) -> PageLine:
    """The line with its boxes: one per word on a line of figures (a table row, so each
    cell is boxed), one for the whole line otherwise (prose: a span's box is cut from it)."""
    words = []
    found = list(_WORD.finditer(line.text))
    if len(found) > 1 and any(_DIGIT.search(match.group()) for match in found):
        runs = [(match.start(), match.end()) for match in found]
    elif found:
        runs = [(found[0].start(), found[-1].end())]
    else:
        runs = []
    for start, end in runs:
        first, last = line.indices[start], line.indices[end - 1]
        if first is None or last is None:
            continue
        a, b = boxes(first), boxes(last)
        words.append(WordBox(start, end, min(a[0], b[0]), min(a[1], b[1]),
                             max(a[2], b[2]), max(a[3], b[3])))
    return PageLine(line.text, line.indices, tuple(words))


def out_of_order(lines: list[PageLine], page_width: float, page_height: float) -> bool:
    """True when a line starts above the line before it, in the same column, on a page set
    in one column."""
    spans = [(line.words[0].x0, line.words[-1].x1, max(w.y1 for w in line.words))
             for line in lines if line.words]
    if len(spans) < 2:
        return False
    right = sum(1 for x0, _, _ in spans if x0 > page_width * _RIGHT_HALF)
    narrow = sum(1 for x0, x1, _ in spans if x1 - x0 < page_width * _RIGHT_HALF)
    if right > len(spans) * _COLUMNS_SHARE and narrow > len(spans) * _COLUMNS_SHARE:
        return False  # two columns side by side: their stream order is their reading order
    heights = [w.y1 - w.y0 for line in lines for w in line.words if w.y1 > w.y0]
    step = median(heights) if heights else 10.0
    # A jump from the bottom margin or into the top margin is page furniture (a page number
    # or running head drawn anywhere in the stream), not text out of order.
    low, high = page_height * _MARGIN, page_height * (1 - _MARGIN)
    for (x0, x1, top), (nx0, nx1, ntop) in itertools.pairwise(spans):
        if top < low or ntop > high:
            continue
        if ntop > top + step * 0.8 and nx0 < x1 and x0 < nx1:
            return True
    return False


def rebuilt(textpage: Any, boxes: Boxes, raw: str) -> list[PageLine]:
    """The page's characters regrouped into lines from the top, each left to right; a space
    stands where two characters are further apart than most of a glyph."""
    import pypdfium2.raw as pdfium_c

    chars = []
    for index, char in enumerate(raw):
        if char.isspace() or pdfium_c.FPDFText_IsGenerated(textpage, index):
            continue
        _, bottom, _, top = boxes(index)
        # the loose box spans the glyph's advance: a full-width ， is as wide as a Han
        left, _, right, _ = textpage.get_charbox(index, loose=True)
        chars.append((char, index, left, bottom, right, top))
    if not chars:
        return []
    heights = [top - bottom for *_, bottom, _, top in chars if top > bottom]
    height = median(heights) if heights else 10.0
    chars.sort(key=lambda c: -(c[3] + c[5]) / 2)
    rows: list[list[tuple[str, int, float, float, float, float]]] = []
    centre = None
    for char in chars:
        middle = (char[3] + char[5]) / 2
        if centre is None or abs(middle - centre) > height * 0.5:
            rows.append([])
            centre = middle
        rows[-1].append(char)
    lines = []
    for row in rows:
        row.sort(key=lambda c: c[2])
        text: list[str] = []
        indices: list[int | None] = []
        previous_right = None
        for char, index, left, _, right, _ in row:
            if previous_right is not None and left - previous_right > height * _SPACE_GAP:
                text.append(" ")
                indices.append(None)
            text.append(char)
            indices.append(index)
            previous_right = right
        lines.append(PageLine("".join(text), tuple(indices)))
    return lines
