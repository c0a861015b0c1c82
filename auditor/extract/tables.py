r"""Tables as data: the 绩效自评表 layouts read from ``Source.cells`` and checked.

A reader records every table cell with its (table, row, column) grid position and where
its text sits in ``Source.text`` (a merged cell once, at its top-left position). From
those cells this module builds :class:`Table` grids, recognises the blocks of a
self-evaluation table by their header text, and evaluates the relations such a table
states:

* budget block (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分):
  执行率 = 全年执行数 ÷ 全年预算数 (年初预算数 as a fallback), 得分 = 执行率 × 分值
  (capped at 分值), and a 合计/总额 row = Σ its part rows;
* indicator block (一级/二级/三级指标 / 年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因):
  Σ得分 (and Σ分值) = the 总分 row, and an indicator whose 实际完成值 falls short of its
  年度指标值 while its 偏差原因 cell is empty.

A header row is any row (first, second, or the start of a later block) with at least two
recognised column names and no figures; each header governs the rows below it until the
next header. Layouts that are not recognised produce nothing; qualitative values
(好/达标/完成 …) and figures in different units are skipped, never guessed.

Every relation is returned, holding or not, so rules can record passing checks too; rules
read them through ``doc.memo("table_relations", table_relations)`` filtered by ``code``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import pairwise
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
from auditor.extract.units import BASE_UNITS, PREFIXES
from auditor.text.normalize import normalize_width
from auditor.types import Quantity, QuantityKind, Source, Span

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument

__all__ = [
    "Block",
    "Cell",
    "Role",
    "Table",
    "TableFact",
    "TableRelation",
    "build_tables",
    "key_values",
    "parse_figure",
    "recognise_blocks",
    "relations_of_table",
    "role_of",
    "table_facts",
    "table_relations",
]

_RE_LABEL_NOISE = regex.compile(r"[\s:：*]")
_RE_LEADING_YEAR = regex.compile(r"^(?:19|20)[0-9]{2}年度?")
_RE_WHITESPACE = regex.compile(r"\s")


# ---------------------------------------------------------------------------- grids


@dataclass(frozen=True)
class Cell:
    """One table cell: grid position (0-based) and its text span in ``Source.text``."""

    table: int
    row: int
    column: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Table:
    """A table as a sparse grid; positions covered by a merged cell are absent."""

    index: int
    rows: int
    columns: int
    cells: tuple[Cell, ...]
    _grid: dict[tuple[int, int], Cell] = field(init=False, repr=False, compare=False)
    _rows: dict[int, tuple[Cell, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grid = {(cell.row, cell.column): cell for cell in self.cells}
        rows: dict[int, list[Cell]] = {}
        for cell in sorted(self.cells, key=lambda c: (c.row, c.column)):
            rows.setdefault(cell.row, []).append(cell)
        # lookups are per cell of every row: keep them O(1) on large (PDF) tables
        object.__setattr__(self, "_grid", grid)
        object.__setattr__(self, "_rows", {row: tuple(cells) for row, cells in rows.items()})

    def at(self, row: int, column: int) -> Cell | None:
        """The cell written at ``(row, column)``, or None (covered by a merge / missing)."""
        return self._grid.get((row, column))

    def row_cells(self, row: int) -> tuple[Cell, ...]:
        """The cells of one row, left to right."""
        return self._rows.get(row, ())

    def text(self, row: int, column: int) -> str:
        """The stripped text at ``(row, column)`` ('' when absent)."""
        cell = self.at(row, column)
        return cell.text.strip() if cell is not None else ""


def build_tables(source: Source) -> list[Table]:
    """Group ``source.cells`` into grids, one :class:`Table` per table index."""
    grouped: dict[int, list[Cell]] = {}
    for located in source.cells:
        grouped.setdefault(located.table, []).append(
            Cell(located.table, located.row, located.column, located.start, located.end,
                 source.text[located.start:located.end])
        )
    tables = []
    for index in sorted(grouped):
        cells = tuple(sorted(grouped[index], key=lambda c: (c.row, c.column)))
        tables.append(Table(index, max(c.row for c in cells) + 1,
                            max(c.column for c in cells) + 1, cells))
    return tables


# ----------------------------------------------------------------------- headers


class Role(enum.Enum):
    """What a column of a self-evaluation table holds."""

    BUDGET_INITIAL = "年初预算数"
    BUDGET_FULL = "全年预算数"
    SPENT = "全年执行数"
    RATE = "执行率"
    WEIGHT = "分值"
    SCORE = "得分"
    LEVEL1 = "一级指标"
    LEVEL2 = "二级指标"
    LEVEL3 = "三级指标"
    TARGET = "年度指标值"
    ACTUAL = "实际完成值"
    REASON = "偏差原因"


_ROLE_PATTERNS: tuple[tuple[Role, str], ...] = (
    (Role.BUDGET_INITIAL, r"年初(?:预算|批复|预算批复)(?:数|金额|资金)?"),
    (Role.BUDGET_FULL, r"(?:全年|调整后|年度)?(?:预算|批复|预算批复)(?:调整)?(?:数|金额|资金)?"
                       r"|预算调整数"),
    (Role.SPENT, r"(?:全年|实际|年度|全年实际)?(?:执行|支出)(?:数|金额|资金)?|实际支出数?|决算数"),
    (Role.RATE, r"(?:预算|资金|预算资金)?执行率|预算完成率"),
    (Role.WEIGHT, r"(?:指标)?分值|权重(?:分值?)?|标准分值?"),
    (Role.SCORE, r"(?:自评|实际|评价)?得分|评分"),
    (Role.LEVEL1, r"一级指标"),
    (Role.LEVEL2, r"二级指标"),
    (Role.LEVEL3, r"三级指标|(?:绩效)?指标名称"),
    (Role.TARGET, r"(?:年度|预期|计划)?(?:绩效)?(?:指标|目标)值|年度目标"),
    (Role.ACTUAL, r"(?:全年)?实际(?:完成)?(?:值|数|情况|指标值)?|完成值|实际完成"),
    (Role.REASON, r".*偏差原因.*|未完成原因.*|.*原因分析.*"),
)
_COMPILED_ROLES = tuple((role, regex.compile(pattern)) for role, pattern in _ROLE_PATTERNS)

_BRACKETED = regex.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000),
    "百万元": Decimal(1000000), "亿元": Decimal(100000000),
}
_UNIT_IN_TEXT = regex.compile(r"(?:单位[:：]\s*|[(（])(亿元|百万元|千元|万元|元|%)")


def role_of(header: str) -> Role | None:
    """The column role a header text names (units and (A)/(B) marks ignored), or None."""
    cleaned = _BRACKETED.sub("", normalize_width(header))
    cleaned = _RE_LABEL_NOISE.sub("", cleaned)
    cleaned = _RE_LEADING_YEAR.sub("", cleaned)
    if not cleaned or len(cleaned) > 20:
        return None
    for role, pattern in _COMPILED_ROLES:
        if pattern.fullmatch(cleaned):
            return role
    return None


def _unit_of(text: str) -> str:
    found = _UNIT_IN_TEXT.search(normalize_width(text))
    return found.group(1) if found else ""


# ----------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """A number read from a cell: the quantity (source offsets) and its comparison sign."""

    quantity: Quantity
    operator: str = ""


_EMPTY_MARKS = frozenset({"", "—", "——", "-", "--", "/", "无", "无偏差", "不适用", "/ ", "\\"})

_OPERATORS: tuple[tuple[str, str], ...] = (
    ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("≥", "≥"), (">=", "≥"), ("≧", "≥"),
    ("小于等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"), ("≤", "≤"),
    ("<=", "≤"), ("≦", "≤"),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), (">", ">"), ("＞", ">"),
    ("小于", "<"), ("低于", "<"), ("<", "<"), ("＜", "<"),
    ("等于", "="), ("=", "="), ("＝", "="),
)
_POST_OPERATORS = (("以上", "≥"), ("以下", "≤"), ("以内", "≤"))
_NUMBER = regex.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
# Only known units make a cell a figure: 2023年, 12月底, 2023年预算数 are not figures.
_UNIT_FORMS = {form: unit for unit in BASE_UNITS for form in unit.written
               if unit.kind is not QuantityKind.MONEY and form not in ("%", "‰", "分")}
_EXTRA_COUNT_UNITS = frozenset({"天", "小时", "工作日", "个工作日", "课时", "学时", "棵", "株",
                                "头", "只", "间", "张", "块", "盏", "栋", "人天", "个次", "分钟"})


def parse_figure(text: str, start: int, default_unit: str = "") -> Figure | None:
    """Read a cell's whole text as one figure (``25.00``, ``80%``, ``25万元``, ``≥95%``).

    ``start`` is the cell's offset in the source (the quantity's offsets are absolute);
    ``default_unit`` applies to a bare number (from the column header). Returns None for
    anything else: empty marks, qualitative values (好/达标), dates, several numbers.
    """
    normal = normalize_width(text)
    left = len(normal) - len(normal.lstrip())
    body = normal.strip()
    if body in _EMPTY_MARKS:
        return None
    operator = ""
    for written, sign in _OPERATORS:
        if body.startswith(written):
            operator = sign
            left += len(body) - len(body[len(written):].lstrip())
            body = body[len(written):].strip()
            break
    for written, sign in _POST_OPERATORS:
        if body.endswith(written) and not operator:
            operator = sign
            body = body[: -len(written)].rstrip()
    number = _NUMBER.match(body)
    if number is None:
        return None
    unit = body[number.end():].strip()
    unit_written = unit
    if not unit:
        unit = default_unit
    kind, multiplier = _kind_of(unit)
    if kind is None:
        return None
    digits = number.group().replace(",", "")
    mantissa = Decimal(digits)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    written_length = len(body) if unit_written else number.end()
    quantity = Quantity(
        start=start + left,
        end=start + left + written_length,
        text=text[left:left + written_length],
        mantissa=mantissa,
        decimals=decimals,
        unit=unit,
        multiplier=multiplier,
        kind=kind,
    )
    return Figure(quantity, operator)


def _kind_of(unit: str) -> tuple[QuantityKind | None, Decimal]:
    if unit in _MONEY_UNITS:
        return QuantityKind.MONEY, _MONEY_UNITS[unit]
    if unit == "%":
        return QuantityKind.PERCENT, Decimal(1)
    if unit == "‰":
        return QuantityKind.PERCENT, Decimal("0.1")
    if unit == "分":
        return QuantityKind.SCORE, Decimal(1)
    if unit == "":
        return QuantityKind.MEASURE, Decimal(1)
    if unit in _EXTRA_COUNT_UNITS:
        return QuantityKind.COUNT, Decimal(1)
    for prefix, scale in (("", Decimal(1)), *PREFIXES.items()):
        if prefix and not unit.startswith(prefix):
            continue
        base = _UNIT_FORMS.get(unit[len(prefix):])
        if base is not None and (not prefix or base.prefixable):
            return base.kind, scale * base.scale
    return None, Decimal(1)


# ------------------------------------------------------------------------ blocks


@dataclass(frozen=True)
class Block:
    """Rows governed by one header row: ``kind`` is "budget" or "indicator"."""

    kind: str
    header_row: int
    columns: tuple[tuple[Role, int], ...]
    rows: tuple[int, ...]

    def column(self, role: Role) -> int | None:
        """The grid column holding ``role`` in this block, or None."""
        return next((column for found, column in self.columns if found is role), None)

    @property
    def roles(self) -> frozenset[Role]:
        """The roles this block's header names."""
        return frozenset(role for role, _ in self.columns)


_BUDGET_ROLES = frozenset({Role.BUDGET_INITIAL, Role.BUDGET_FULL, Role.SPENT, Role.RATE})
_INDICATOR_ROLES = frozenset({Role.TARGET, Role.ACTUAL})


def _header_columns(table: Table, row: int) -> tuple[tuple[Role, int], ...] | None:
    cells = table.row_cells(row)
    if any(parse_figure(cell.text, cell.start) is not None for cell in cells):
        return None
    columns: list[tuple[Role, int]] = []
    for cell in cells:
        role = role_of(cell.text)
        if role is not None and all(found is not role for found, _ in columns):
            columns.append((role, cell.column))
    return tuple(columns) if len(columns) >= 2 else None


def _block_kind(roles: frozenset[Role]) -> str | None:
    if roles >= _INDICATOR_ROLES:
        return "indicator"
    budget = roles & _BUDGET_ROLES
    if Role.SPENT in budget and (Role.BUDGET_FULL in budget or Role.BUDGET_INITIAL in budget):
        return "budget"
    if Role.RATE in budget and len(budget) >= 2:
        return "budget"
    return None


def recognise_blocks(table: Table) -> list[Block]:
    """The budget and indicator blocks of a table (empty when the layout is unknown)."""
    headers: list[tuple[int, tuple[tuple[Role, int], ...], str | None]] = []
    for row in range(table.rows):
        columns = _header_columns(table, row)
        if columns is not None:
            headers.append((row, columns, _block_kind(frozenset(r for r, _ in columns))))
    blocks = []
    for index, (row, columns, kind) in enumerate(headers):
        if kind is None:
            continue
        end = headers[index + 1][0] if index + 1 < len(headers) else table.rows
        blocks.append(Block(kind, row, columns, tuple(range(row + 1, end))))
    return blocks


_KEY = regex.compile(
    r"(?:项目名称|主管部门|实施单位|预算单位|部门名称|单位名称|项目负责人|联系人|联系电话"
    r"|项目单位|资金用途|项目类型|项目属性|评价年度)"
)


def key_values(table: Table) -> dict[str, str]:
    """Label → value pairs of key-value rows (项目名称 | X | 主管部门 | Y)."""
    pairs: dict[str, str] = {}
    for row in range(table.rows):
        cells = [c for c in table.row_cells(row) if c.text.strip()]
        for label, value in pairwise(cells):
            key = _RE_WHITESPACE.sub("", label.text)
            if _KEY.fullmatch(key) and not _KEY.fullmatch(_RE_WHITESPACE.sub("", value.text)):
                pairs.setdefault(key, value.text.strip())
    return pairs


# --------------------------------------------------------------------- relations


@dataclass(frozen=True)
class TableRelation:
    """One relation a table states, evaluated.

    ``code`` is the rule that reports it (AU102 rate/score, AU104 sum, AU203 deviation);
    ``span`` is the cell that is wrong when the relation fails (the checked cell when it
    holds), ``related`` the other cells; ``detail`` the arithmetic; ``message`` the
    Chinese explanation naming table, row and column (表1第3行“执行率”列).
    """

    code: str
    kind: str
    holds: bool
    span: Span
    related: tuple[Span, ...]
    detail: str
    message: str
    truncated: bool = False
    scope: str = ""


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
        self.money_unit = next((u for u in (_unit_of(c.text) for c in table.cells)
                                if u in _MONEY_UNITS), "")
        fields = key_values(table)
        self.scope = fields.get("项目名称") or fields.get("部门名称") or fields.get("单位名称", "")

    def span(self, cell: Cell) -> Span:
        return self.doc.span(cell.start, cell.end)

    def header(self, block: Block, role: Role) -> str:
        column = block.column(role)
        text = self.table.text(block.header_row, column) if column is not None else ""
        return " ".join(text.split()) or role.value

    def where(self, block: Block, row: int, role: Role) -> str:
        return f"表{self.table.index + 1}第{row + 1}行“{self.header(block, role)}”列"

    def default_unit(self, block: Block, role: Role) -> str:
        column = block.column(role)
        header_unit = _unit_of(self.table.text(block.header_row, column)) if column is not None else ""
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
    verdict = "与本行数字相符" if holds else "与本行数字不符"
    message = (
        f"{context.where(block, row.row, Role.RATE)}所填执行率 {_shown(rate)} {verdict}："
        f"{context.header(block, Role.SPENT)} {_shown(spent)} ÷ "
        f"{context.header(block, role)} {_shown(whole)} = {plain(ratio)}%。"
    )
    relation = TableRelation(
        "AU102", "rate", holds, context.span(row.cells[Role.RATE]),
        (context.span(row.cells[Role.SPENT]), context.span(row.cells[role])),
        detail, message, truncated, context.scope,
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
    verdict = "相符" if holds else "不符"
    message = (
        f"{context.where(block, row.row, Role.SCORE)}所填得分 {_shown(score)} 与"
        f"“得分 = 执行率 × 分值（不超过分值）”{verdict}：{_shown(rate)} × {_shown(weight)} = "
        f"{plain(expected_value)}。"
    )
    return TableRelation(
        "AU102", "score", holds, context.span(row.cells[Role.SCORE]),
        (context.span(row.cells[Role.RATE]), context.span(row.cells[Role.WEIGHT])),
        detail, message, truncated, context.scope,
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
                  alternatives: Sequence[Sequence[tuple[_Row, Figure]]], what: str
                  ) -> TableRelation | None:
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
    verdict = "等于" if holds else "不等于"
    label = total.label or _score_total_label(total) or "合计"
    message = (
        f"{context.where(block, total.row, role)}的{label} {_shown(stated)} "
        f"{verdict}{what}之和 {plain(total_value, places)}。"
    )
    return TableRelation(
        "AU104", "sum", holds, context.span(total.cells[role]),
        tuple(context.span(part.cells[role]) for part, _ in chosen),
        detail, message, truncated, context.scope,
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
        relation = _sum_relation(context, block, role, total, [addends], "各分项")
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
        for role, what in ((Role.SCORE, "各项得分"), (Role.WEIGHT, "各项分值")):
            if block.column(role) is None:
                continue
            parts = [(row, row.figures[role]) for row in rows
                     if row is not total and role in row.figures]
            alternatives = [parts]
            if budget_points[role]:
                alternatives.append(budget_points[role] + parts)
            relation = _sum_relation(context, block, role, total, alternatives, what)
            if relation is not None:
                yield relation


def _score_total_label(row: _Row) -> str:
    """The 总分/合计 label when one of the row's cells is exactly such a label, else ''."""
    for cell in row.table.row_cells(row.row):
        words = _BRACKETED.sub("", _RE_WHITESPACE.sub("", normalize_width(cell.text)))
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
        explained = normalize_width(reason).strip() not in _EMPTY_MARKS
        holds = not short or explained
        state = "未达到" if short else "达到"
        mark = "✓" if holds else "✗"
        wanted_text = " ".join(row.cells[Role.TARGET].text.split())
        explanation = "，已说明偏差原因" if short and explained else ""
        detail = f"实际 {_shown(actual)} {state} 目标 {wanted_text}{explanation}{mark}"
        message = f"{context.where(block, row.row, Role.ACTUAL)}：指标“{name}”实际完成值 " + (
            f"{_shown(actual)} 未达到年度指标值 {wanted_text}，但“偏差原因”列为空。"
            if not holds else f"{_shown(actual)} {state}年度指标值 {wanted_text}{explanation}。"
        )
        related = [context.span(row.cells[Role.TARGET])]
        if reason_cell is not None:
            related.append(context.span(reason_cell))
        yield TableRelation("AU203", "deviation", holds, context.span(row.cells[Role.ACTUAL]),
                            tuple(related), detail, message, False, context.scope)


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


def table_relations(doc: AnalysedDocument) -> list[TableRelation]:
    """Every relation the document's tables state, in table/row order.

    Rules use it through ``doc.memo("table_relations", table_relations)`` and keep the
    relations whose ``code`` is their own.
    """
    relations: list[TableRelation] = []
    previous: Table | None = None
    for table in build_tables(doc.source):
        relations.extend(relations_of_table(doc, table, previous))
        previous = table
    relations.sort(key=lambda r: (r.span.cell or (0, 0, 0), r.kind))
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
    where: str


def table_facts(doc: AnalysedDocument) -> list[TableFact]:
    """The budget figures of each table's total row (年度资金总额 …), with the 项目名称 as
    scope, for comparing the table with what the prose says about the same project."""
    facts: list[TableFact] = []
    for table in build_tables(doc.source):
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
                                           context.span(cell), context.where(block, row.row, role)))
    return facts
