"""Column sums a 绩效自评表 states: a 合计/总额 row of the budget block = Σ its part rows,
and the 总分 row = Σ得分 (Σ分值) of the indicators, with the budget rows' points as an
alternative reading (kind ``TABLE_COLUMN_SUM``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

import regex

from auditor.extract.arithmetic import Interval, interval_of, plain
from auditor.extract.relations.base import RelationKind
from auditor.extract.relations.table_cells import Row, TableContext, TableRelation, meets, shown
from auditor.extract.tables import BRACKETED, RE_WHITESPACE, Block, Figure, Role
from auditor.lexicon import alternation
from auditor.text.normalize import normalize_width


def _sum_interval(figures: Sequence[Figure], exact: bool) -> Interval:
    """Σ of the figures' intervals; ``exact`` takes each figure as written (points)."""
    low = Decimal(0)
    high = Decimal(0)
    for figure in figures:
        value = figure.quantity.value
        interval = Interval(value, value) if exact else interval_of(figure.quantity)
        if interval.low is None or interval.high is None:
            return Interval(None, None)
        low += interval.low
        high += interval.high
    return Interval(low, high)


def _sum_relation(context: TableContext, block: Block, role: Role, total: Row,
                  alternatives: Sequence[Sequence[tuple[Row, Figure]]]) -> TableRelation | None:
    """Σ parts = total for ``role``; holds when any of the ``alternatives`` part sets adds up."""
    stated = total.figures.get(role)
    if stated is None or not alternatives or not alternatives[0]:
        return None
    kinds = {figure.quantity.kind for parts in alternatives for _, figure in parts}
    if len(kinds | {stated.quantity.kind}) > 1:
        return None
    holds = truncated = False
    chosen = min(alternatives, key=lambda parts: abs(
        sum((f.quantity.value for _, f in parts), Decimal(0)) - stated.quantity.value))
    for parts in alternatives:
        # points are awarded as written; amounts are rounded, so their errors add up
        exact = role in (Role.SCORE, Role.WEIGHT)
        holds, truncated = meets(_sum_interval([f for _, f in parts], exact), stated.quantity)
        if holds:
            chosen = parts
            break
    total_value = sum((f.quantity.value for _, f in chosen), Decimal(0))
    if stated.quantity.multiplier != 0:
        total_value = total_value / stated.quantity.multiplier
    mark = "✓" if holds else "✗"
    note = "（按截断理解）" if truncated else ""
    addends = " + ".join(shown(f) for _, f in chosen)
    places = max(f.quantity.decimals for _, f in chosen)
    detail = f"{addends} = {plain(total_value, places)}（表中 {shown(stated)}）{note}{mark}"
    label = total.label or _score_total_label(total) or "合计"
    operands = (context.operand("total", stated, label),
                *(context.operand("part", f, part.label) for part, f in chosen))
    return TableRelation(
        RelationKind.TABLE_COLUMN_SUM, holds, context.span(total.cells[role]),
        tuple(context.span(part.cells[role]) for part, _ in chosen),
        operands, context.place(block, total.row, role), detail,
        plain(total_value, places), role, truncated, context.scope,
    )


_TOTAL_LABEL = regex.compile(rf"{alternation('cues', 'total_row', 'subtotal_row', 'score_total')}|总额")
_SCORE_TOTAL = regex.compile(alternation("cues", "total_row", "score_total"))
_GROUP_LABEL = regex.compile(r"^按.{1,8}分|分类$")
_SUBSET_LABEL = regex.compile(r"^\s*其中")


def budget_sums(context: TableContext, block: Block, rows: list[Row]) -> Iterator[TableRelation]:
    money = [r for r in (Role.BUDGET_INITIAL, Role.BUDGET_FULL, Role.SPENT) if block.column(r) is not None]
    filled = [row for row in rows if any(r in row.figures for r in money)]
    if len(filled) < 3:
        return
    totals = [index for index, row in enumerate(filled) if _TOTAL_LABEL.search(row.label)]
    if len(totals) != 1 or any(_GROUP_LABEL.search(row.label) for row in rows):
        return
    position = totals[0]
    if position == 0:
        parts = filled[1:]
    elif position == len(filled) - 1:
        parts = [row for row in filled[:-1] if not _SUBSET_LABEL.search(row.label)]
    else:
        return
    if len(parts) < 2:
        return
    total = filled[position]
    for role in money:
        if role not in total.figures:
            continue
        addends = [(row, row.figures[role]) for row in parts if role in row.figures]
        if len(addends) < 1:
            continue
        relation = _sum_relation(context, block, role, total, [addends])
        if relation is not None:
            yield relation


Points = dict[Role, list[tuple[Row, Figure]]]


def budget_points(blocks: list[tuple[Block, list[Row]]]) -> Points:
    """得分/分值 of the budget rows (without 其中 rows) that a 总分 may include."""
    points: Points = {Role.SCORE: [], Role.WEIGHT: []}
    for block, rows in blocks:
        if block.kind != "budget":
            continue
        for row in rows:
            if _SUBSET_LABEL.search(row.label):
                continue
            for role in points:
                if role in row.figures:
                    points[role].append((row, row.figures[role]))
    return points


def score_sums(context: TableContext, blocks: list[tuple[Block, list[Row]]],
                carried: Points | None) -> Iterator[TableRelation]:
    """Σ得分/Σ分值 of indicator rows (plus, alternatively, the budget rows') = 总分 row."""
    points = budget_points(blocks)
    if carried is not None and not any(block.kind == "budget" for block, _ in blocks):
        points = carried
    for block, rows in blocks:
        if block.kind == "budget":
            continue
        totals = [row for row in rows if _score_total_label(row)]
        if len(totals) != 1:
            continue
        total = totals[0]
        for role in (Role.SCORE, Role.WEIGHT):
            if block.column(role) is None:
                continue
            parts = [(row, row.figures[role]) for row in rows
                     if row is not total and role in row.figures]
            alternatives = [parts]
            if points[role]:
                alternatives.append(points[role] + parts)
            relation = _sum_relation(context, block, role, total, alternatives)
            if relation is not None:
                yield relation


def _score_total_label(row: Row) -> str:
    """The 总分/合计 label when one of the row's cells is exactly such a label, else ''."""
    for cell in row.table.row_cells(row.row):
        words = BRACKETED.sub("", RE_WHITESPACE.sub("", normalize_width(cell.text)))
        if _SCORE_TOTAL.fullmatch(words):
            return words
    return ""
