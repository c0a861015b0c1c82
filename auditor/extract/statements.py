"""Financial statement tables (决算表, 预算表, 收支总表) as line items with amounts.

A statement is a table whose rows are line items — a subject code (科目编码) and/or a
numbered name (``一、一般公共服务支出``) — with amounts in the table's unit. Each row may
carry two halves (收入 | 支出). This module turns the tables rebuilt from text lines
(:mod:`auditor.text.text_tables`) into :class:`Item` values with decimal amounts, and
says what each table is: its title, unit, the side of each half (收入/支出, from the
header or the title), its fund scope (from ``models/lexicon/fund_scopes.tsv``: 财政拨款,
一般公共预算财政拨款 …; none for the whole department) and whether its first amount column
is a total (合计 = the parts after it).

Amounts whose column is not known (blank cells are not written in flattened text) are kept
in their order; relation builders use an amount by its column only when the layout says
where it stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from auditor.lexicon import compile_terms, terms
from auditor.text.headings import HeadingMark, parse_heading_mark
from auditor.text.normalize import normalize_width
from auditor.text.text_tables import Half, Piece, TextTable, is_blank_mark
from auditor.types import Quantity, QuantityKind

_UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(10**8)}
_NOT_AMOUNT_HEADERS = regex.compile(
    r"^(?:项目|科目|科目编码|科目名称|编码|名称|功能分类|经济分类|类|款|项|序号|单位名称|备注|收入|支出|"
    r"预算科目|项目名称|单位|行次|栏次)$")
_TOTAL = compile_terms("cues", "total_row", "subtotal_row")
_LEVEL_NOTE = regex.compile(r"[(（](?:类|款|项)[)）]")
_LABEL_NOISE = regex.compile(r"[\s\u3000:：]")
_SIDE_WORDS = ("收入", "支出")
_RATIO = regex.compile(r"%|％|率|增长|增减|增幅|为.{0,8}的")


@dataclass(frozen=True)
class Amount:
    """An amount cell: where it is and its value (None for a cell written blank)."""

    piece: Piece
    quantity: Quantity | None


@dataclass(frozen=True)
class Item:
    """One half of a row: a line item of a statement."""

    table: int
    row: int
    half: int
    code: str
    code_piece: Piece | None
    label: str
    label_piece: Piece | None
    mark: HeadingMark | None
    amounts: tuple[Amount, ...]

    @property
    def is_total(self) -> bool:
        """A 合计 / 总计 / 小计 row."""
        return bool(_TOTAL.search(self.label))

    @property
    def piece(self) -> Piece | None:
        """What to point at for this item: its name, else its code."""
        return self.label_piece or self.code_piece

    def first(self) -> Amount | None:
        """The first amount cell written (blank marks included), or None."""
        return self.amounts[0] if self.amounts else None


@dataclass(frozen=True)
class Statement:
    """A table read as a statement (see the module documentation)."""

    index: int
    title: str
    title_piece: Piece | None
    unit: str
    sides: tuple[str, ...]
    scope: str
    total_first: bool
    header: tuple[str, ...]
    items: tuple[Item, ...]
    halves: int
    start: int = 0
    end: int = 0
    #: how many of the last amount columns are ratios (…的% / 增长 / 执行率): never summed
    ratio_columns: int = 0

    def half_items(self, half: int) -> list[Item]:
        """The items of one half, in row order."""
        return [item for item in self.items if item.half == half]

    @property
    def coded(self) -> bool:
        """True when line items carry subject codes."""
        return any(item.code for item in self.items)

    def single_column(self, half: int) -> bool:
        """True when no item of a half has more than one amount (one amount column)."""
        return all(len(item.amounts) <= 1 for item in self.half_items(half))


def table_kind(title: str) -> str:
    """A title without the entity it covers: from its first fund word or 收入/支出 on
    (``2024年全省一般公共预算收入决算表`` and ``…省本级…`` are the same kind of table)."""
    normal = _LABEL_NOISE.sub("", normalize_width(title))
    words = (*fund_scopes(), *_SIDE_WORDS)
    found = [normal.find(word) for word in words if word in normal]
    return normal[min(found):] if found else normal


_YEAR_WORD = regex.compile(r"(?:19|20)\d{2}\s*年度?")
_BRACKETED = regex.compile(r"[(（]([^)）]{1,12})[)）]")


def entity_of(title: str) -> str:
    """Whose figures a table holds, as its title says: the words before its kind (years
    dropped) and any bracketed qualifier (``和田地区|本级`` for ``2025年度和田地区一般公共预算
    （本级）支出决算表``; empty for a department's own ``支出决算表``)."""
    normal = _LABEL_NOISE.sub("", normalize_width(title))
    kind = table_kind(title)
    prefix = _YEAR_WORD.sub("", normal[:len(normal) - len(kind)] if kind and normal.endswith(kind) else "")
    qualifiers = _BRACKETED.findall(kind)
    return "|".join([prefix, *qualifiers])


def parallel_entities(statements: tuple[Statement, ...] | list[Statement]) -> bool:
    """True when the same kind of table appears for several entities (全省 and 省本级, a
    city and its districts): the prose then speaks of one entity or another, and a figure is
    compared only with the table it follows."""
    kinds = [table_kind(statement.title) for statement in statements if statement.title]
    return len(kinds) != len(set(kinds))


def fund_scopes() -> tuple[str, ...]:
    """Fund-source words that scope a table (``models/lexicon/fund_scopes.tsv``), longest first."""
    return terms("fund_scopes", "fund")


def bare_label(text: str) -> str:
    """A row name without its number, (类)/(款)/(项) notes, spaces and colons."""
    normal = normalize_width(text).strip()
    mark = parse_heading_mark(normal)
    if mark is not None:
        normal = normal[mark.marker_end:]
    normal = _LEVEL_NOTE.sub("", normal)
    return _LABEL_NOISE.sub("", normal)


def _quantity(piece: Piece, unit: str) -> Quantity | None:
    written = normalize_width(piece.text).replace(",", "").replace("−", "-")
    if is_blank_mark(written) or written.endswith("%"):
        return None
    try:
        mantissa = Decimal(written)
    except InvalidOperation:
        return None
    decimals = len(written.split(".")[1]) if "." in written else 0
    return Quantity(piece.start, piece.end, piece.text, mantissa, decimals, unit,
                    _UNITS.get(unit, Decimal(1)), QuantityKind.MONEY)


def _is_percent(piece: Piece) -> bool:
    return normalize_width(piece.text).endswith("%")


def _sides(table: TextTable, halves: int) -> tuple[str, ...]:
    """收入/支出 for each half: from the header words in order, else from the title."""
    header = [normalize_width(piece.text).strip() for piece in table.header]
    named = [word for word in header if word in _SIDE_WORDS]
    if halves == 2 and len(named) >= 2:
        return tuple(named[:2])
    title = normalize_width(table.title.text) if table.title else ""
    if halves == 1:
        found = [word for word in _SIDE_WORDS if word in title]
        return (found[0],) if len(found) == 1 else ("",)
    return ("", "")


def _scope(title: str) -> str:
    """The fund source a title names, and the part of spending it covers (基本支出 …)."""
    normal = normalize_width(title)
    fund = next((word for word in fund_scopes() if word in normal), "")
    part = next((word for word in terms("fund_scopes", "part") if word in normal), "")
    return "|".join(filter(None, (fund, part)))


def speaks_for_itself(statement: Statement) -> bool:
    """A table the prose can be held to: its title names what it holds (a fund or 收入/支出)
    and no entity (a department's own tables; not 2026年某市级（县级）… of a budget book,
    nor a bare 表12)."""
    normal = normalize_width(statement.title)
    names_kind = any(word in normal for word in (*fund_scopes(), *_SIDE_WORDS))
    return names_kind and not entity_of(statement.title).strip("|")


def _amount_headers(table: TextTable) -> list[str]:
    words = [normalize_width(piece.text).strip() for piece in table.header]
    return [word for word in words if not _NOT_AMOUNT_HEADERS.match(word)]


def statement_of(table: TextTable, text: str) -> Statement:
    """The statement view of a table rebuilt from text lines."""
    halves = min(max((len(row.halves) for row in table.rows), default=1), 2)
    sides = _sides(table, halves)
    items: list[Item] = []
    last_single = 0
    for row_number, row in enumerate(table.rows):
        if len(row.halves) == 1 and halves == 2:
            last_single = _half_of(row.halves[0], sides, items, last_single)
            items.append(_item(table, row_number, last_single, row.halves[0]))
            continue
        for half_number, half in enumerate(row.halves[:2]):
            items.append(_item(table, row_number, half_number, half))
    headers = _amount_headers(table)
    total_first = halves == 1 and len(headers) >= 3 and bool(_TOTAL.search(headers[0]))
    title = table.title.text if table.title else ""
    ratios = sum(1 for word in headers if _RATIO.search(word))
    return Statement(table.index, title, table.title, table.unit or "万元", sides,
                     _scope(title), total_first, tuple(headers), tuple(items), halves,
                     table.start, table.end, ratios)


def _half_of(half: Half, sides: tuple[str, ...], items: list[Item], previous: int) -> int:
    """Which half a lone half-row belongs to in a two-half table: the half its name's side
    word names (``九、卫生健康支出`` under 支出), the half whose codes share its class, or
    the half of the lone row before it."""
    label = normalize_width(half.label.text) if half.label else ""
    named = [position for position, side in enumerate(sides) if side and side in label]
    if len(named) == 1:
        return named[0]
    code = half.code.text if half.code else ""
    if code:
        for item in reversed(items):
            if item.code[:3] == code[:3]:
                return item.half
    return previous


def _item(table: TextTable, row: int, half_number: int, half: Half) -> Item:
    label = half.label.text if half.label else ""
    amounts = tuple(Amount(piece, _quantity(piece, table.unit or "万元"))
                    for piece in half.amounts if not _is_percent(piece))
    return Item(table.index, row, half_number, half.code.text if half.code else "", half.code,
                bare_label(label), half.label, parse_heading_mark(normalize_width(label.strip())),
                amounts)
