"""Tables written as tab-separated lines in plain text (and HTML tables read as such).

Departments paste their 绩效自评表 from Excel into text files as tab-separated rows. A run
of two or more consecutive lines that contain a tab is read as one table, and every field
becomes a :class:`TableCell`, so the table rules check it like a Word table.
"""

from __future__ import annotations

from auditor.types import TableCell


def tab_table_cells(text: str) -> tuple[TableCell, ...]:
    """Cells of every tab-separated block of ``text`` (tables numbered from 0)."""
    cells: list[TableCell] = []
    block: list[tuple[int, str]] = []
    table = 0
    position = 0
    for line in text.split("\n"):
        if "\t" in line:
            block.append((position, line))
        else:
            table += _flush(block, table, cells)
            block = []
        position += len(line) + 1
    _flush(block, table, cells)
    return tuple(cells)


def _flush(block: list[tuple[int, str]], table: int, cells: list[TableCell]) -> int:
    """Record the block's cells when it has two rows or more; return 1 if it did."""
    if len(block) < 2:
        return 0
    for row, (line_start, line) in enumerate(block):
        column_start = 0
        for column, field in enumerate(line.rstrip("\r").split("\t")):
            start = line_start + column_start
            cells.append(TableCell(table, row, column, start, start + len(field)))
            column_start += len(field) + 1
    return 1
