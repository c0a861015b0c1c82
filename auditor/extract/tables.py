r"""Tables as data: grids built from ``Source.cells`` and the 绩效自评表 blocks they hold.

A reader records every table cell with its (table, row, column) grid position and where
its text sits in ``Source.text`` (a merged cell once, at its top-left position). From
those cells this module builds :class:`Table` grids, reads figures from cells, and
recognises the blocks of a self-evaluation table by their header text: a budget block
(年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分) or an indicator block
(一级/二级/三级指标 / 年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因).

A header row is any row with at least two recognised column names and no figures; each
header governs the rows below it until the next header. The relations these tables state
are built in :mod:`auditor.extract.relations.table`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

import regex

from auditor.extract.units import BASE_UNITS, PREFIXES
from auditor.text.normalize import normalize_width
from auditor.types import Quantity, QuantityKind, Source

__all__ = [
    "BRACKETED",
    "EMPTY_MARKS",
    "MONEY_UNITS",
    "RE_WHITESPACE",
    "Block",
    "Cell",
    "Figure",
    "Role",
    "Table",
    "build_tables",
    "key_values",
    "parse_figure",
    "recognise_blocks",
    "role_of",
    "unit_of",
]

_RE_LABEL_NOISE = regex.compile(r"[\s:：*]")
_RE_LEADING_YEAR = regex.compile(r"^(?:19|20)[0-9]{2}年度?")
RE_WHITESPACE = regex.compile(r"\s")


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

BRACKETED = regex.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000),
    "百万元": Decimal(1000000), "亿元": Decimal(100000000),
}
_UNIT_IN_TEXT = regex.compile(r"(?:单位[:：]\s*|[(（])(亿元|百万元|千元|万元|元|%)")


def role_of(header: str) -> Role | None:
    """The column role a header text names (units and (A)/(B) marks ignored), or None."""
    cleaned = BRACKETED.sub("", normalize_width(header))
    cleaned = _RE_LABEL_NOISE.sub("", cleaned)
    cleaned = _RE_LEADING_YEAR.sub("", cleaned)
    if not cleaned or len(cleaned) > 20:
        return None
    for role, pattern in _COMPILED_ROLES:
        if pattern.fullmatch(cleaned):
            return role
    return None


def unit_of(text: str) -> str:
    found = _UNIT_IN_TEXT.search(normalize_width(text))
    return found.group(1) if found else ""


# ----------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """A number read from a cell: the quantity (source offsets) and its comparison sign."""

    quantity: Quantity
    operator: str = ""


EMPTY_MARKS = frozenset({"", "—", "——", "-", "--", "/", "无", "无偏差", "不适用", "/ ", "\\"})

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
    if body in EMPTY_MARKS:
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
    if unit in MONEY_UNITS:
        return QuantityKind.MONEY, MONEY_UNITS[unit]
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
            key = RE_WHITESPACE.sub("", label.text)
            if _KEY.fullmatch(key) and not _KEY.fullmatch(RE_WHITESPACE.sub("", value.text)):
                pairs.setdefault(key, value.text.strip())
    return pairs
