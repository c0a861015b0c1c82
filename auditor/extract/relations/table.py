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
reports it writes the message.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import (
    HUNDRED,
    Interval,
    interval_of,
    plain,
    ratio_percent,
    truncation_interval,
)
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    single_reading,
)
from auditor.extract.tables import (
    BRACKETED,
    EMPTY_MARKS,
    MONEY_UNITS,
    RE_WHITESPACE,
    Block,
    Cell,
    Figure,
    Role,
    Table,
    key_values,
    parse_figure,
    recognise_blocks,
    unit_of,
)
from auditor.text.normalize import normalize_width
from auditor.types import Quantity, QuantityKind, Span

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument

# --------------------------------------------------------------------- relations


@dataclass(frozen=True)
class CellPlace:
    """Where a table relation is: table and row (0-based) and the column's header as written."""

    table: int
    row: int
    header: str

    def shown(self) -> str:
        """``表1第4行“执行率”列`` (1-based, as a reader counts)."""
        return f"表{self.table + 1}第{self.row + 1}行“{self.header}”列"


@dataclass(frozen=True)
class TableRelation:
    """One relation a table states, evaluated.

    ``span`` is the cell that is wrong when the relation fails (the checked cell when it
    holds), ``related`` the other cells; ``operands`` the figures with their column
    headers (or row labels) as labels; ``computed`` what the other cells give, as text;
    ``column`` the :class:`Role` of the checked column; ``detail`` the arithmetic.
    """

    kind: RelationKind
    holds: bool
    span: Span
    related: tuple[Span, ...]
    operands: tuple[Operand, ...]
    place: CellPlace
    detail: str
    computed: str = ""
    column: Role | None = None
    truncated: bool = False
    scope: str = ""

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The reading the relation was decided under: cells by their column headers."""
        assumptions = [Assumption.CELL] + ([Assumption.TRUNCATED] if self.truncated else [])
        return single_reading(self.operands, self.holds, self.detail, *assumptions)


@dataclass(frozen=True)
class _Row:
    """A data row of a block: its label and the figures of its role columns."""

    table: Table
    block: Block
    row: int
    label: str
    figures: dict[Role, Figure]
    cells: dict[Role, Cell]


class _Context:
    """Per-table helpers: spans, names, default units."""

    def __init__(self, doc: AnalysedDocument, table: Table) -> None:
        self.doc = doc
        self.table = table
        self.money_unit = next((u for u in (unit_of(c.text) for c in table.cells)
                                if u in MONEY_UNITS), "")
        fields = key_values(table)
        self.scope = fields.get("项目名称") or fields.get("部门名称") or fields.get("单位名称", "")

    def span(self, cell: Cell) -> Span:
        return self.doc.span(cell.start, cell.end)

    def header(self, block: Block, role: Role) -> str:
        column = block.column(role)
        text = self.table.text(block.header_row, column) if column is not None else ""
        return " ".join(text.split()) or role.value

    def place(self, block: Block, row: int, role: Role) -> CellPlace:
        return CellPlace(self.table.index, row, self.header(block, role))

    def operand(self, role: str, figure: Figure, label: str) -> Operand:
        return Operand(role, figure.quantity, -1, label)

    def default_unit(self, block: Block, role: Role) -> str:
        column = block.column(role)
        header_unit = unit_of(self.table.text(block.header_row, column)) if column is not None else ""
        if header_unit:
            return header_unit
        if role in (Role.BUDGET_INITIAL, Role.BUDGET_FULL, Role.SPENT):
            return self.money_unit
        if role is Role.RATE:
            return "%"
        return ""


def _rows(context: _Context, block: Block) -> list[_Row]:
    table = context.table
    first_role_column = min(column for _, column in block.columns)
    rows = []
    for row in block.rows:
        figures: dict[Role, Figure] = {}
        cells: dict[Role, Cell] = {}
        for role, column in block.columns:
            cell = table.at(row, column)
            if cell is None:
                continue
            cells[role] = cell
            figure = parse_figure(cell.text, cell.start, context.default_unit(block, role))
            if figure is not None and role is Role.RATE:
                figure = _as_percent(figure, cell.text)
            if figure is not None:
                figures[role] = figure
        mapped = {column for _, column in block.columns}
        label_cells = [c for c in table.row_cells(row)
                       if c.column not in mapped and c.column < first_role_column and c.text.strip()]
        label = " ".join(label_cells[-1].text.split()) if label_cells else ""
        rows.append(_Row(table, block, row, label, figures, cells))
    return rows


def _as_percent(figure: Figure, written: str) -> Figure | None:
    """A rate written as a fraction (0.9167 under 执行率) in percent; None when unclear."""
    quantity = figure.quantity
    if quantity.kind is not QuantityKind.PERCENT:
        return None
    if "%" in normalize_width(written) or quantity.mantissa > 1:
        return figure
    if quantity.decimals < 2:
        return None  # "1" or "0.9": a fraction or a percent? not guessed
    return Figure(replace(quantity, multiplier=HUNDRED), figure.operator)


def _shown(figure: Figure) -> str:
    return " ".join(figure.quantity.text.split())


def _meets(computed: Interval, stated: Quantity) -> tuple[bool, bool]:
    """(holds, holds only when the stated figure is read as truncated)."""
    if computed.meets(interval_of(stated)):
        return True, False
    if computed.meets(truncation_interval(stated)):
        return True, True
    return False, False


def _rate_relation(context: _Context, row: _Row) -> tuple[TableRelation, Interval] | None:
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
        holds, truncated = _meets(computed, rate.quantity)
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
    detail = (f"{_shown(spent)}/{_shown(whole)} = {plain(ratio)}%（表中 {_shown(rate)}）"
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


def _score_relation(context: _Context, row: _Row, computed: Interval | None) -> TableRelation | None:
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
        outcome = _meets(expected, score.quantity)
        if outcome[0]:
            break
    holds, truncated = outcome
    expected_value = min(rate.quantity.value * points / HUNDRED, points)
    mark = "✓" if holds else "✗"
    note = "（按截断理解）" if truncated else ""
    block = row.block
    detail = (f"{_shown(rate)} × {_shown(weight)} = {plain(expected_value)}"
              f"（表中 {_shown(score)}）{note}{mark}")
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


def _sum_relation(context: _Context, block: Block, role: Role, total: _Row,
                  alternatives: Sequence[Sequence[tuple[_Row, Figure]]]) -> TableRelation | None:
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
        holds, truncated = _meets(_sum_interval([f for _, f in parts], exact), stated.quantity)
        if holds:
            chosen = parts
            break
    total_value = sum((f.quantity.value for _, f in chosen), Decimal(0))
    if stated.quantity.multiplier != 0:
        total_value = total_value / stated.quantity.multiplier
    mark = "✓" if holds else "✗"
    note = "（按截断理解）" if truncated else ""
    addends = " + ".join(_shown(f) for _, f in chosen)
    places = max(f.quantity.decimals for _, f in chosen)
    detail = f"{addends} = {plain(total_value, places)}（表中 {_shown(stated)}）{note}{mark}"
    label = total.label or _score_total_label(total) or "合计"
    operands = (context.operand("total", stated, label),
                *(context.operand("part", f, part.label) for part, f in chosen))
    return TableRelation(
        RelationKind.TABLE_COLUMN_SUM, holds, context.span(total.cells[role]),
        tuple(context.span(part.cells[role]) for part, _ in chosen),
        operands, context.place(block, total.row, role), detail,
        plain(total_value, places), role, truncated, context.scope,
    )


_TOTAL_LABEL = regex.compile(r"合计|总计|小计|总额|总分")
_SCORE_TOTAL = regex.compile(r"总分|合计|总计|总得分|得分合计|总分值|合计得分")
_GROUP_LABEL = regex.compile(r"^按.{1,8}分|分类$")
_SUBSET_LABEL = regex.compile(r"^\s*其中")


def _budget_sums(context: _Context, block: Block, rows: list[_Row]) -> Iterator[TableRelation]:
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


_Points = dict[Role, list[tuple[_Row, Figure]]]


def _budget_points(blocks: list[tuple[Block, list[_Row]]]) -> _Points:
    """得分/分值 of the budget rows (without 其中 rows) that a 总分 may include."""
    points: _Points = {Role.SCORE: [], Role.WEIGHT: []}
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


def _score_sums(context: _Context, blocks: list[tuple[Block, list[_Row]]],
                carried: _Points | None) -> Iterator[TableRelation]:
    """Σ得分/Σ分值 of indicator rows (plus, alternatively, the budget rows') = 总分 row."""
    budget_points = _budget_points(blocks)
    if carried is not None and not any(block.kind == "budget" for block, _ in blocks):
        budget_points = carried
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
            if budget_points[role]:
                alternatives.append(budget_points[role] + parts)
            relation = _sum_relation(context, block, role, total, alternatives)
            if relation is not None:
                yield relation


def _score_total_label(row: _Row) -> str:
    """The 总分/合计 label when one of the row's cells is exactly such a label, else ''."""
    for cell in row.table.row_cells(row.row):
        words = BRACKETED.sub("", RE_WHITESPACE.sub("", normalize_width(cell.text)))
        if _SCORE_TOTAL.fullmatch(words):
            return words
    return ""


#: Indicators where less is better; without an explicit ≤/≥ their direction is not guessed.
_LOWER_IS_BETTER = regex.compile(r"成本|投诉|事故|差错|违规|违纪|超标|不合格|失误|误差|发生率|死亡|损失|延误")


def _deviations(context: _Context, block: Block, rows: list[_Row]) -> Iterator[TableRelation]:
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
        detail = f"实际 {_shown(actual)} {state} 目标 {wanted_text}{explanation}{mark}"
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
    context = _Context(doc, table)
    blocks = [(block, _rows(context, block)) for block in recognise_blocks(table)]
    carried = None
    if previous is not None:
        before = _Context(doc, previous)
        carried = _budget_points([(block, _rows(before, block)) for block in recognise_blocks(previous)])
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
            relations.extend(_budget_sums(context, block, rows))
        else:
            relations.extend(_deviations(context, block, rows))
    relations.extend(_score_sums(context, blocks, carried))
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


# ---------------------------------------------------------------------- table facts

#: Budget columns as fact attributes (the prose side binds 预算 / 支出 / 执行率 the same way).
TABLE_ATTRIBUTES = {
    Role.BUDGET_INITIAL: "budget",
    Role.BUDGET_FULL: "budget",
    Role.SPENT: "spent",
    Role.RATE: "exec_rate",
}
_TOTAL_ROW = regex.compile(r"资金总额|合计|总计|小计|总额|^项目资金$")


@dataclass(frozen=True)
class TableFact:
    """A figure of a 绩效自评表's budget block: the project's (scope's) total row."""

    scope: str
    attribute: str
    role: Role
    quantity: Quantity
    span: Span
    place: CellPlace


def table_facts(doc: AnalysedDocument, tables: Sequence[Table]) -> list[TableFact]:
    """The budget figures of each table's total row (年度资金总额 …), with the 项目名称 as
    scope, for comparing the table with what the prose says about the same project."""
    facts: list[TableFact] = []
    for table in tables:
        context = _Context(doc, table)
        if not context.scope:
            continue
        for block in recognise_blocks(table):
            if block.kind != "budget":
                continue
            for row in _rows(context, block):
                if not _TOTAL_ROW.search(row.label):
                    continue
                for role, figure in row.figures.items():
                    attribute = TABLE_ATTRIBUTES.get(role)
                    if attribute is None or figure.operator:
                        continue
                    cell = row.cells[role]
                    facts.append(TableFact(context.scope, attribute, role, figure.quantity,
                                           context.span(cell), context.place(block, row.row, role)))
    return facts
