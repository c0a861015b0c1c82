"""What a statement table states about itself: row totals, column totals, the code hierarchy.

* ``TABLE_ROW_SUM`` — in a table whose first amount column is a total (本年支出合计 | 基本支出
  | 项目支出 …), each row's first amount = the sum of the amounts after it. The parts' own
  columns need not be known, so flattened text (blank cells unwritten) is checked as well.
* ``TABLE_COLUMN_SUM`` — a 合计/总计/小计 row = the sum of the line items it closes: the
  top-level codes (类) of a coded table; the top-level numbered items (一、二、…) above it in
  its half; or, after an earlier total in the same half, that total plus the lines between
  (总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余).
* ``TABLE_HIERARCHY`` — a code's amount = the sum of its children's (类 = Σ 款, 款 = Σ 项, by
  code prefix).

An amount is used by its column only where the layout pins it down: the first column of a
total-first table or of a one-column half, or every column when all the rows compared have
the same number of amounts. Blank cells count as zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import Interval, interval_of, plain
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    single_reading,
)
from auditor.extract.statements import Amount, Item, Statement
from auditor.lexicon import alternation
from auditor.text.headings import HeadingStyle
from auditor.types import Span

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument


@dataclass(frozen=True)
class StatementRelation:
    """One relation a statement table states (or shares with the prose or another table).

    ``span`` is the figure that is wrong when the relation fails; ``table`` the table's
    title, ``row`` the line item, ``stated`` the figure as written, ``computed`` what the
    other figures give; ``detail`` the arithmetic.
    """

    kind: RelationKind
    holds: bool
    span: Span
    related: tuple[Span, ...]
    operands: tuple[Operand, ...]
    detail: str
    table: str
    row: str
    stated: str
    computed: str

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The reading the relation was decided under: cells by their place in the table."""
        return single_reading(self.operands, self.holds, self.detail, Assumption.CELL)


_ZERO = Interval(Decimal(0), Decimal(0))


def _interval(amount: Amount | None) -> Interval:
    if amount is None or amount.quantity is None:
        return _ZERO
    return interval_of(amount.quantity)


def _sum(amounts: Sequence[Amount | None]) -> Interval:
    low = high = Decimal(0)
    for amount in amounts:
        interval = _interval(amount)
        assert interval.low is not None and interval.high is not None
        low += interval.low
        high += interval.high
    return Interval(low, high)


def _value(amount: Amount | None) -> Decimal:
    return amount.quantity.mantissa if amount is not None and amount.quantity is not None else Decimal(0)


def _places(amounts: Sequence[Amount | None]) -> int:
    return max((a.quantity.decimals for a in amounts if a is not None and a.quantity), default=2)


def _shown(amount: Amount | None) -> str:
    return amount.piece.text.strip() if amount is not None else "（空）"


def _name(item: Item) -> str:
    return " ".join(filter(None, (item.code, item.label))) or "（无名称）"


class _Builder:
    """Builds relations of one statement, locating its cells in the document."""

    def __init__(self, doc: AnalysedDocument, statement: Statement) -> None:
        self.doc = doc
        self.statement = statement

    def span(self, amount: Amount | None, item: Item) -> Span:
        piece = amount.piece if amount is not None else item.piece
        if piece is None:
            return self.doc.span(0, 0)
        return self.doc.span(piece.start, piece.end)

    def relation(self, kind: RelationKind, total: Item, total_amount: Amount | None,
                 parts: Sequence[tuple[Item, Amount | None]], row: str) -> StatementRelation | None:
        if total_amount is None or total_amount.quantity is None:
            return None
        amounts = [amount for _, amount in parts]
        if not any(a is not None and a.quantity is not None for a in amounts):
            return None  # nothing written to add up
        holds = _sum(amounts).meets(_interval(total_amount))
        places = _places([total_amount, *amounts])
        computed = plain(sum((_value(a) for a in amounts), Decimal(0)), places)
        addends = " + ".join(_shown(a) for a in amounts)
        mark = "✓" if holds else "✗"
        detail = f"{addends} = {computed}（表中 {_shown(total_amount)}）{mark}"
        operands = (Operand("total", total_amount.quantity, -1, _name(total)),
                    *(Operand("part", a.quantity, -1, _name(i)) for i, a in parts
                      if a is not None and a.quantity is not None))
        related = tuple(self.span(a, i) for i, a in parts if a is not None)
        return StatementRelation(kind, holds, self.span(total_amount, total), related, operands,
                                 detail, self.statement.title, row, _shown(total_amount), computed)


def _columns(items: Sequence[Item], pinned_first: bool, ratios: int = 0) -> range:
    """The amount positions that mean the same column in every item compared (ratio
    columns at the end of a row are never summed)."""
    counts = {len(item.amounts) for item in items}
    if len(counts) == 1:
        return range(max(next(iter(counts)) - ratios, 0))
    return range(1) if pinned_first else range(0)


def _at(item: Item, column: int) -> Amount | None:
    return item.amounts[column] if column < len(item.amounts) else None


def row_sums(builder: _Builder) -> Iterator[StatementRelation]:
    statement = builder.statement
    if not statement.total_first:
        return
    found: list[StatementRelation] = []
    for item in statement.items:
        written = [a for a in item.amounts if a.quantity is not None]
        if len(item.amounts) < 2 or len(written) < 2:
            continue
        parts = [(item, amount) for amount in item.amounts[1:]]
        relation = builder.relation(RelationKind.TABLE_ROW_SUM, item, item.amounts[0], parts,
                                    _name(item))
        if relation is not None:
            found.append(relation)
    if _layout_refuted(found):
        return
    yield from found


def _layout_refuted(relations: Sequence[StatementRelation]) -> bool:
    """Whether "the first amount is the sum of the rest" fails on most rows of a table.

    The reading is a hypothesis about the table's columns (a 合计 column followed by its
    parts), not a fact: when it fails on most rows, the columns are something else — a
    subtotal among the parts, two groups side by side, a column the flattened text lost —
    and one wrong row among many would not look like that. None of the rows is reported.
    """
    failed = sum(not relation.holds for relation in relations)
    return failed >= 2 and failed * 2 > len(relations)


def _pinned(statement: Statement, half: int) -> bool:
    return statement.total_first or statement.single_column(half)


def hierarchy(builder: _Builder) -> Iterator[StatementRelation]:
    statement = builder.statement
    coded: dict[str, Item] = {}
    for item in statement.items:
        if item.code and item.code not in coded:
            coded[item.code] = item
    lengths = sorted({len(code) for code in coded})
    for parent_length, child_length in pairwise(lengths):
        for code, parent in coded.items():
            if len(code) != parent_length:
                continue
            children = [item for other, item in coded.items()
                        if len(other) == child_length and other.startswith(code)]
            if not children:
                continue
            for column in _columns([parent, *children], _pinned(statement, parent.half),
                                   statement.ratio_columns):
                relation = builder.relation(
                    RelationKind.TABLE_HIERARCHY, parent, _at(parent, column),
                    [(child, _at(child, column)) for child in children], _name(parent))
                if relation is not None:
                    yield relation


def column_sums(builder: _Builder) -> Iterator[StatementRelation]:
    statement = builder.statement
    for half in range(statement.halves):
        items = statement.half_items(half)
        top = _top_codes(statement)
        previous_total: Item | None = None
        segment: list[Item] = []
        for item in items:
            if not item.is_total or item.code:
                segment.append(item)
                continue
            if not _GENERIC_TOTAL.match(item.label):
                previous_total, segment = None, []
                continue  # 哈尔滨市合计, 县(市)区合计: a total over rows this reading cannot tell
            parts = [i for i in items if i.code and len(i.code) == top] if top else \
                _closed_items(item, segment, previous_total)
            if parts:
                for column in _columns([item, *parts], _pinned(statement, half),
                                       statement.ratio_columns):
                    relation = builder.relation(
                        RelationKind.TABLE_COLUMN_SUM, item, _at(item, column),
                        [(part, _at(part, column)) for part in parts], _name(item))
                    if relation is not None:
                        yield relation
            previous_total, segment = item, []


#: a total of the table's own lines: 合计, 本年收入合计, 支出小计, 收入总计 — not a total over
#: rows of some other grouping (哈尔滨市合计, 返还性支出分地区合计)
_GENERIC_TOTAL = regex.compile(rf"^(?:本年)?(?:收入|支出|收支)?(?:{alternation('cues', 'total_row', 'subtotal_row')})$")


def _top_codes(statement: Statement) -> int:
    lengths = [len(item.code) for item in statement.items if item.code]
    return min(lengths) if lengths else 0


def _closed_items(total: Item, segment: list[Item], previous_total: Item | None) -> list[Item]:
    """The items a total closes: the top-level numbered items of its segment (一、二、三…
    without a gap), or (after an earlier 合计, for a 总计) that total and the unnumbered
    lines between, whose own numbered sub-lines are not counted again."""
    if previous_total is None:
        marked = [item for item in segment if item.mark is not None]
        if not marked:
            return []
        outer = min(item.mark.style for item in marked if item.mark is not None)
        plain_lines = any(item.mark is None and item.label and not item.is_total for item in segment)
        if plain_lines and outer > HeadingStyle.CHINESE:
            return []  # （1）（2） among unnumbered lines are sub-lines of one of them
        top = [item for item in marked if item.mark is not None and item.mark.style == outer]
        numbers = [item.mark.number for item in top if item.mark is not None]
        return top if numbers == list(range(1, len(numbers) + 1)) else []
    if "总计" not in total.label or "合计" not in previous_total.label:
        return []
    parts = [previous_total]
    for item in segment:
        if item.mark is None:
            parts.append(item)
        elif len(parts) == 1:
            parts.append(item)  # numbered lines straight after the total are its peers
    return parts


def statement_relations(doc: AnalysedDocument,
                        statements: Sequence[Statement]) -> list[StatementRelation]:
    """Every row, column and hierarchy relation of the statements, in table order."""
    found: list[StatementRelation] = []
    for statement in statements:
        builder = _Builder(doc, statement)
        found.extend(row_sums(builder))
        found.extend(column_sums(builder))
        found.extend(hierarchy(builder))
    return found
