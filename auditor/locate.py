"""Turning offsets into :class:`Span` values with line, column, page and table cell."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from auditor.types import Source, Span, TableCell, TextBox


class Locator:
    """Builds spans for one source; line/column are 1-based, pages 1-based.

    ``extra_cells`` are table cells found after reading (tables rebuilt from text lines); a
    PDF's word boxes give every span its box on the page (:meth:`bbox`).
    """

    def __init__(self, source: Source, extra_cells: Sequence[TableCell] = ()) -> None:
        self.source = source
        text = source.text
        self._line_starts = [0]
        position = text.find("\n")
        while position >= 0:
            self._line_starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._page_starts = list(source.page_starts)
        self._cells = sorted((*source.cells, *extra_cells), key=lambda cell: cell.start)
        self._cell_starts = [cell.start for cell in self._cells]
        self._boxes = source.boxes
        self._box_ends = [box.end for box in source.boxes]

    def line_of(self, offset: int) -> int:
        """1-based line number of ``offset``."""
        return bisect.bisect_right(self._line_starts, offset)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its newline."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.source.text)
        return self.source.text[start:end]

    def span(self, start: int, end: int) -> Span:
        """The span ``[start, end)`` of the source text, located."""
        line = self.line_of(start)
        column = start - self._line_starts[line - 1] + 1
        page = bisect.bisect_right(self._page_starts, start) if self._page_starts else None
        cell = None
        if self._cells:
            index = bisect.bisect_right(self._cell_starts, start) - 1
            if index >= 0 and self._cells[index].start <= start < max(self._cells[index].end, start + 1):
                found = self._cells[index]
                if start < found.end or found.start == found.end == start:
                    cell = (found.table, found.row, found.column)
        return Span(start, end, self.source.text[start:end], line, column, page, cell,
                    self.bbox(start, end))

    def bbox(self, start: int, end: int) -> tuple[int, float, float, float, float] | None:
        """The box of ``[start, end)`` on the page: the union of the PDF words it covers,
        when it covers whole words on one page (a table cell, a figure set apart by spaces).
        A span that starts or ends inside a word gets None: a box cut from the word's would
        be a guess, and the report finds such text among the page's characters itself."""
        if not self._boxes:
            return None
        index = bisect.bisect_right(self._box_ends, start)
        found: list[TextBox] = []
        while index < len(self._boxes) and self._boxes[index].start < max(end, start + 1):
            found.append(self._boxes[index])
            index += 1
        if not found or found[0].start < start or found[-1].end > end \
                or len({box.page for box in found}) != 1:
            return None
        return (found[0].page, min(b.x0 for b in found), min(b.y0 for b in found),
                max(b.x1 for b in found), max(b.y1 for b in found))
