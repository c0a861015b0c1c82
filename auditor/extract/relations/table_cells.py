"""The cells of a 绩效自评表 a relation reads: rows with their role figures, the table's
context (spans, column headers, default units), and :class:`TableRelation` itself."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from auditor.extract.arithmetic import HUNDRED, Interval, interval_of, truncation_interval
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    single_reading,
)
from auditor.extract.tables import (
    MONEY_UNITS,
    Block,
    Cell,
    Figure,
    Role,
    Table,
    key_values,
    parse_figure,
    unit_of,
)
from auditor.text.normalize import normalize_width
from auditor.types import Quantity, QuantityKind, Span

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument


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
class Row:
    """A data row of a block: its label and the figures of its role columns."""

    table: Table
    block: Block
    row: int
    label: str
    figures: dict[Role, Figure]
    cells: dict[Role, Cell]


class TableContext:
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


def table_rows(context: TableContext, block: Block) -> list[Row]:
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
        rows.append(Row(table, block, row, label, figures, cells))
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


def shown(figure: Figure) -> str:
    return " ".join(figure.quantity.text.split())


def meets(computed: Interval, stated: Quantity) -> tuple[bool, bool]:
    """(holds, holds only when the stated figure is read as truncated)."""
    if computed.meets(interval_of(stated)):
        return True, False
    if computed.meets(truncation_interval(stated)):
        return True, True
    return False, False
