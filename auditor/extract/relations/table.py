r"""The relations a 绩效自评表 states, evaluated (table kinds of the relation protocol).

* budget block: 执行率 = 全年执行数 ÷ 全年预算数 (年初预算数 as a fallback) — kind
  ``TABLE_RATE``; 得分 = 执行率 × 分值 (capped at 分值) — ``TABLE_SCORE``; a 合计/总额 row =
  Σ its part rows — ``TABLE_COLUMN_SUM``;
* indicator block: Σ得分 (and Σ分值) = the 总分 row — ``TABLE_COLUMN_SUM``; an indicator
  whose 实际完成值 falls short of its 年度指标值 while its 偏差原因 cell is empty —
  ``TABLE_DEVIATION``.

Layouts that are not recognised produce nothing; qualitative values (好/达标/完成 …) and
figures in different units are skipped, never guessed. Every relation is returned,
holding or not, so rules can record passing checks too. A relation names the cell it is
about (:class:`CellPlace`: table, row, the column's header as written); the rule that
reports it writes the message. Column sums are in :mod:`.table_sums`, the rows and cells
read in :mod:`.table_cells`, the total row as facts in :mod:`.table_facts`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import HUNDRED, Interval, interval_of, plain, ratio_percent
from auditor.extract.relations.base import RelationKind
from auditor.extract.relations.table_cells import (
    Row,
    TableContext,
    TableRelation,
    meets,
    shown,
    table_rows,
)
from auditor.extract.relations.table_sums import budget_points, budget_sums, score_sums
from auditor.extract.tables import EMPTY_MARKS, Block, Figure, Role, Table, recognise_blocks
from auditor.text.normalize import normalize_width
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument


def _rate_relation(context: TableContext, row: Row) -> tuple[TableRelation, Interval] | None:
    rate = row.figures.get(Role.RATE)
    spent = row.figures.get(Role.SPENT)
    if rate is None or spent is None or rate.quantity.kind is not QuantityKind.PERCENT:
        return None
    if spent.quantity.kind not in (QuantityKind.MONEY, QuantityKind.MEASURE):
        return None
    tried: list[tuple[Role, Figure, Interval, bool, bool]] = []
    for role in (Role.BUDGET_FULL, Role.BUDGET_INITIAL):
        whole = row.figures.get(role)
        if whole is None or whole.quantity.kind is not spent.quantity.kind:
            continue
        computed = ratio_percent(interval_of(spent.quantity), interval_of(whole.quantity))
        if computed is None:
            continue
        holds, truncated = meets(computed, rate.quantity)
        tried.append((role, whole, computed, holds, truncated))
        if holds:
            break
    if not tried:
        return None
    role, whole, computed, holds, truncated = tried[-1]
    if not holds:
        role, whole, computed, holds, truncated = tried[0]
    block = row.block
    mark = "✓" if holds else "✗"
    basis = "（按年初预算数计算）" if role is Role.BUDGET_INITIAL else ""
    note = "（按截断理解）" if truncated else ""
    ratio = spent.quantity.value / whole.quantity.value * HUNDRED
    detail = (f"{shown(spent)}/{shown(whole)} = {plain(ratio)}%（表中 {shown(rate)}）"
              f"{basis}{note}{mark}")
    operands = (context.operand("rate", rate, context.header(block, Role.RATE)),
                context.operand("part", spent, context.header(block, Role.SPENT)),
                context.operand("whole", whole, context.header(block, role)))
    relation = TableRelation(
        RelationKind.TABLE_RATE, holds, context.span(row.cells[Role.RATE]),
        (context.span(row.cells[Role.SPENT]), context.span(row.cells[role])),
        operands, context.place(block, row.row, Role.RATE), detail, f"{plain(ratio)}%",
        Role.RATE, truncated, context.scope,
    )
    return relation, computed


def _score_relation(context: TableContext, row: Row, computed: Interval | None) -> TableRelation | None:
    rate, weight, score = (row.figures.get(r) for r in (Role.RATE, Role.WEIGHT, Role.SCORE))
    if rate is None or weight is None or score is None:
        return None
    if rate.quantity.kind is not QuantityKind.PERCENT or weight.quantity.value <= 0:
        return None
    points = weight.quantity.value  # a weight is a nominal, exact figure
    readings = [interval_of(rate.quantity)] + ([computed] if computed is not None else [])
    outcome = (False, False)
    for reading in readings:
        expected = _capped(reading, points)
        outcome = meets(expected, score.quantity)
        if outcome[0]:
            break
    holds, truncated = outcome
    expected_value = min(rate.quantity.value * points / HUNDRED, points)
    mark = "✓" if holds else "✗"
    note = "（按截断理解）" if truncated else ""
    block = row.block
    detail = (f"{shown(rate)} × {shown(weight)} = {plain(expected_value)}"
              f"（表中 {shown(score)}）{note}{mark}")
    operands = (context.operand("score", score, context.header(block, Role.SCORE)),
                context.operand("rate", rate, context.header(block, Role.RATE)),
                context.operand("weight", weight, context.header(block, Role.WEIGHT)))
    return TableRelation(
        RelationKind.TABLE_SCORE, holds, context.span(row.cells[Role.SCORE]),
        (context.span(row.cells[Role.RATE]), context.span(row.cells[Role.WEIGHT])),
        operands, context.place(block, row.row, Role.SCORE), detail, plain(expected_value),
        Role.SCORE, truncated, context.scope,
    )


def _capped(rate: Interval, points: Decimal) -> Interval:
    low = None if rate.low is None else min(rate.low * points / HUNDRED, points)
    high = points if rate.high is None else min(rate.high * points / HUNDRED, points)
    return Interval(low, high)




#: Indicators where less is better; without an explicit ≤/≥ their direction is not guessed.
_LOWER_IS_BETTER = regex.compile(r"成本|投诉|事故|差错|违规|违纪|超标|不合格|失误|误差|发生率|死亡|损失|延误")


def _deviations(context: TableContext, block: Block, rows: list[Row]) -> Iterator[TableRelation]:
    if block.column(Role.REASON) is None:
        return
    levels = (Role.LEVEL1, Role.LEVEL2, Role.LEVEL3)
    carried: dict[Role, str] = {}
    for row in rows:
        for level in levels:
            cell = row.cells.get(level)
            if cell is not None and cell.text.strip():
                carried[level] = " ".join(cell.text.split())
        target = row.figures.get(Role.TARGET)
        actual = row.figures.get(Role.ACTUAL)
        if target is None or actual is None or actual.operator:
            continue
        name = carried.get(Role.LEVEL3) or row.label
        operator = target.operator
        if not operator:
            context_words = " ".join(carried.values()) + name
            if _LOWER_IS_BETTER.search(context_words):
                continue
            operator = "≥"
        values = _comparable(target.quantity, actual.quantity)
        if values is None:
            continue
        wanted, got = values
        short = {
            "≥": got < wanted, "=": got < wanted, ">": got <= wanted,
            "≤": got > wanted, "<": got >= wanted,
        }[operator]
        reason_cell = row.cells.get(Role.REASON)
        reason = reason_cell.text.strip() if reason_cell is not None else ""
        explained = normalize_width(reason).strip() not in EMPTY_MARKS
        holds = not short or explained
        state = "未达到" if short else "达到"
        mark = "✓" if holds else "✗"
        wanted_text = " ".join(row.cells[Role.TARGET].text.split())
        explanation = "，已说明偏差原因" if short and explained else ""
        detail = f"实际 {shown(actual)} {state} 目标 {wanted_text}{explanation}{mark}"
        related = [context.span(row.cells[Role.TARGET])]
        if reason_cell is not None:
            related.append(context.span(reason_cell))
        operands = (context.operand("actual", actual, name),
                    context.operand("target", target, wanted_text))
        yield TableRelation(RelationKind.TABLE_DEVIATION, holds,
                            context.span(row.cells[Role.ACTUAL]), tuple(related), operands,
                            context.place(block, row.row, Role.ACTUAL), detail,
                            wanted_text, Role.ACTUAL, False, context.scope)


def _comparable(target: Quantity, actual: Quantity) -> tuple[Decimal, Decimal] | None:
    """Both values in one unit, or None when the units differ (never guessed)."""
    if target.kind is actual.kind and target.kind in (QuantityKind.MONEY, QuantityKind.PERCENT):
        return target.value, actual.value
    if target.unit == actual.unit or not target.unit or not actual.unit:
        # a bare number beside a unit is read in that unit
        return target.mantissa, actual.mantissa
    return None


def relations_of_table(doc: AnalysedDocument, table: Table,
                       previous: Table | None = None) -> list[TableRelation]:
    """Every relation one table states (empty when its layout is not recognised).

    ``previous`` is the table just before it: when this table has indicators and a 总分
    but no budget block, the 总分 may include the previous table's 执行率 得分.
    """
    context = TableContext(doc, table)
    blocks = [(block, table_rows(context, block)) for block in recognise_blocks(table)]
    carried = None
    if previous is not None:
        before = TableContext(doc, previous)
        carried = budget_points([(block, table_rows(before, block)) for block in recognise_blocks(previous)])
    relations: list[TableRelation] = []
    for block, rows in blocks:
        if block.kind == "budget":
            for row in rows:
                rate = _rate_relation(context, row)
                if rate is not None:
                    relations.append(rate[0])
                score = _score_relation(context, row, rate[1] if rate is not None else None)
                if score is not None:
                    relations.append(score)
            relations.extend(budget_sums(context, block, rows))
        else:
            relations.extend(_deviations(context, block, rows))
    relations.extend(score_sums(context, blocks, carried))
    return relations


def table_relations(doc: AnalysedDocument, tables: Sequence[Table]) -> list[TableRelation]:
    """Every relation the document's tables state, in table/row order."""
    relations: list[TableRelation] = []
    previous: Table | None = None
    for table in tables:
        relations.extend(relations_of_table(doc, table, previous))
        previous = table
    relations.sort(key=lambda r: (r.span.cell or (0, 0, 0), r.kind.value))
    return relations
