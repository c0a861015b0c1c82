"""Rows of a table whose cells are separated by tabs (Word tables, tables pasted from Excel).

Unlike a flattened PDF row, a tab-separated row keeps its empty cells, so every amount
stands under its own column: each column's role (code, name, amount) is read from what
most of its cells hold, a name column opens a half of the row (收入 | 支出), and a column
whose header names a ratio (…的%, 增长, 执行率) is left out — ratios are never summed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import regex

from auditor.text.lines import Line
from auditor.text.normalize import normalize_width
from auditor.text.text_tables import Half, Piece, is_amount, is_blank_mark

_CODE = regex.compile(r"^\d{3,9}$")
_HAN = regex.compile(r"\p{Han}")
_CODE_HEADER = regex.compile(r"编码|代码")
_RATIO = regex.compile(r"%|％|率|增长|增减|增幅|为.{0,8}的")


def fields(line: Line) -> list[Piece]:
    """The tab-separated cells of a line, empty ones included, with their offsets."""
    pieces: list[Piece] = []
    start = line.start
    for part in line.text.split("\t"):
        lead = len(part) - len(part.lstrip())
        stripped = part.strip()
        pieces.append(Piece(start + lead, start + lead + len(stripped), stripped))
        start += len(part) + 1
    return pieces


def _role(values: Sequence[str], coded: bool) -> str:
    """What a column holds; whole numbers are codes only under a 编码 header (else they are
    amounts: 21951 under 合计)."""
    counts: Counter[str] = Counter()
    for value in values:
        normal = normalize_width(value)
        if not normal:
            continue
        if coded and _CODE.match(normal):
            counts["code"] += 1
        elif is_amount(normal) or is_blank_mark(normal):
            counts["amount"] += 1
        elif _HAN.search(normal):
            counts["name"] += 1
    return counts.most_common(1)[0][0] if counts else "amount"


def is_data_row(cells: Sequence[Piece]) -> bool:
    """A row with at least one figure in it (header rows have none)."""
    return any(is_amount(normalize_width(cell.text)) for cell in cells)


def grid_rows(lines: Sequence[Line], header: Sequence[Sequence[Piece]]) -> list[list[Half]]:
    """The halves of each data line (column roles read from all of them)."""
    rows = [fields(line) for line in lines]
    width = max((len(row) for row in rows), default=0)
    coded = {column for column in range(width)
             if any(column < len(cells) and _CODE_HEADER.search(cells[column].text) for cells in header)}
    roles = [_role([row[column].text for row in rows if column < len(row)], column in coded)
             for column in range(width)]
    ratio = {column for column in range(width)
             if any(column < len(cells) and _RATIO.search(normalize_width(cells[column].text))
                    for cells in header)}
    found: list[list[Half]] = []
    for cells in rows:
        halves: list[Half] = []
        code: Piece | None = None
        label: Piece | None = None
        amounts: list[Piece] = []
        for column, cell in enumerate(cells):
            role = roles[column]
            if role in ("code", "name") and amounts:
                halves.append(Half(code, label, tuple(amounts)))
                code, label, amounts = None, None, []
            if role == "code":
                code = cell if cell.text else None
            elif role == "name":
                label = cell if cell.text else label
            elif column not in ratio:
                amounts.append(cell)
        if code is not None or label is not None or amounts:
            halves.append(Half(code, label, tuple(amounts)))
        found.append(halves)
    return found
