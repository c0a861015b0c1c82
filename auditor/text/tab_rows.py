"""Rows of tab-separated tables (one line per row, as the DOCX reader writes them)."""

from __future__ import annotations

import bisect

from auditor.text.flow import FlowView
from auditor.text.sentences import TextRange

#: ``(column index, cell)`` for each non-empty cell of a row, cells in flow coordinates
TabRow = list[tuple[int, TextRange]]


def tab_rows(text: str, flow: FlowView) -> list[TabRow]:
    """Rows of tab-separated tables: ``(column index, cell)`` for each non-empty cell.

    Rows are read from the source lines and mapped into flow coordinates, so a row the
    flow view joined to its neighbour is still read as one row.
    """
    offsets = flow.offsets
    flow_text = flow.text
    rows: list[TabRow] = []
    line_start = 0
    for line in text.split("\n"):
        if "\t" in line:
            row = []
            position = line_start
            for column, cell in enumerate(line.split("\t")):
                stripped = cell.strip()
                if stripped:
                    left = position + cell.find(stripped)
                    start = bisect.bisect_left(offsets, left)
                    end = bisect.bisect_left(offsets, left + len(stripped))
                    if start < end:
                        row.append((column, TextRange(start, end, flow_text[start:end], -1)))
                position += len(cell) + 1
            if row:
                rows.append(row)
        line_start += len(line) + 1
    return rows
