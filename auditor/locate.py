"""Turning offsets into :class:`Span` values with line, column, page and table cell."""

from __future__ import annotations

import bisect

from auditor.types import Source, Span


class Locator:
    """Builds spans for one source; line/column are 1-based, pages 1-based."""

    def __init__(self, source: Source) -> None:
        self.source = source
        text = source.text
        self._line_starts = [0]
        position = text.find("\n")
        while position >= 0:
            self._line_starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._page_starts = list(source.page_starts)
        self._cells = sorted(source.cells, key=lambda cell: cell.start)
        self._cell_starts = [cell.start for cell in self._cells]

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
        return Span(start, end, self.source.text[start:end], line, column, page, cell)
