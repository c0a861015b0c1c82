"""Statement tables against the prose and against each other.

* ``TABLE_TEXT`` — the prose names a table's line item and states its amount
  (``本年收入合计 307.82 万元``, ``一般公共服务支出（类）264.87 万元``): the amount must be one of
  the table cells the item has. Only the current figure of an item is compared: a clause
  that measures a change or names a budget or a previous period states something else.
* ``TABLE_TABLE`` — the same line item in two tables of the same side (收入/支出) and fund
  scope (the 收支总表's expenditure half and the 支出决算表 both list expenditure by 类 for
  the whole department): its amounts must agree; so must the two tables' side totals.
* ``TABLE_BLANK`` — a table whose cells are all blank (or that has no rows at all), or a
  line item whose cells are blank, while the prose states a non-zero amount for one of its
  items or columns (the 三公 table left empty, 因公出国（境）费 given in the text).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from auditor.extract.arithmetic import interval_of
from auditor.extract.relations.base import Operand, RelationKind
from auditor.extract.relations.statement import StatementRelation, _Builder, _name, _shown
from auditor.extract.statements import (
    Amount,
    Item,
    Statement,
    bare_label,
    entity_of,
    parallel_entities,
    speaks_for_itself,
)
from auditor.lexicon import alternation
from auditor.text.lines import LineType
from auditor.text.normalize import normalize_width
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures, PlacedQuantity
    from auditor.extract.period import Period

_GENERIC = regex.compile(rf"^(?:{alternation('cues', 'total_row', 'subtotal_row')}|收入|支出|其他|项目|金额)$")
_TRAILING_TOTAL = regex.compile(r"合计$")
_CONNECTOR = regex.compile(r"(?:\s|为|是|共计|共|达到|达|约|[:：])+$")
_MIN_LABEL = 4
_FRAGMENT = 3


@dataclass(frozen=True)
class Mention:
    """A line item's name in the prose, right before the amount the prose gives it."""

    label: str
    placed: PlacedQuantity


@dataclass(frozen=True)
class _Cell:
    statement: Statement
    item: Item
    amount: Amount | None


def _other_figure_words() -> regex.Pattern[str]:
    """Words that make a clause's amount something other than the item's current figure."""
    pattern = alternation("changes", "up", "down", "anchor", "anchor_alone", "previous")
    budget = alternation("attributes", "budget")
    return regex.compile(f"{pattern}|{budget}")


def labelled_cells(statements: Sequence[Statement]) -> dict[str, list[_Cell]]:
    """The first amount of every named line item (and of a 合计 row, under its name without
    合计: 人员经费合计 → 人员经费), by bare name."""
    found: dict[str, list[_Cell]] = {}
    for statement in statements:
        for item in statement.items:
            if len(item.label) < _MIN_LABEL and not item.is_total:
                continue
            names = {item.label, _TRAILING_TOTAL.sub("", item.label)}
            for name in names:
                if len(name) >= _MIN_LABEL and not _GENERIC.match(name):
                    found.setdefault(name, []).append(_Cell(statement, item, item.first()))
    return found


def mentions(doc: AnalysedDocument, figures: Figures, names: Sequence[str]) -> list[Mention]:
    """Amounts in prose whose clause, up to the amount, ends with one of ``names``."""
    if not names:
        return []
    ending = regex.compile("(?:" + "|".join(regex.escape(name) for name in
                                            sorted(names, key=len, reverse=True)) + ")$")
    other = _other_figure_words()
    found: list[Mention] = []
    text = doc.flow.text
    for placed in figures.quantities:
        if placed.quantity.kind is not QuantityKind.MONEY or doc.line_type(placed.flow_start) \
                is not LineType.PROSE:
            continue
        start = doc.clauses.start(placed.flow_start)
        lead = _CONNECTOR.sub("", text[start:placed.flow_start])
        match = ending.search(bare_label(lead) if lead else "")
        if match is None or other.search(text[start:placed.flow_start]):
            continue
        found.append(Mention(match.group(), placed))
    return found


def _meets(mention: Mention, amount: Amount | None) -> bool:
    if amount is None or amount.quantity is None:
        return False
    return interval_of(mention.placed.quantity).meets(interval_of(amount.quantity))


_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")


class _Time:
    """Whether a prose figure speaks of the year a table is for: a year written in its
    sentence decides; else the year of the part of the report it stands in."""

    def __init__(self, doc: AnalysedDocument, period: Period | None) -> None:
        self.doc = doc
        self.period = period

    def agrees(self, statement: Statement, mention: Mention) -> bool:
        found = _YEAR.search(normalize_width(statement.title))
        if found is None:
            return True
        year = int(found.group(1))
        flow = self.doc.flow.text
        position = mention.placed.flow_start
        start = max(flow.rfind("。", 0, position), flow.rfind("\n", 0, position)) + 1
        written = {int(y) for y in _YEAR.findall(normalize_width(flow[start:position]))}
        if written:
            return year in written
        stretch = self.period.at(position) if self.period is not None else None
        return stretch is None or not stretch.known or stretch.holds(year)


def text_relations(doc: AnalysedDocument, statements: Sequence[Statement],
                   found_mentions: Sequence[Mention], time: _Time) -> Iterator[StatementRelation]:
    cells = labelled_cells(statements)
    for mention in found_mentions:
        candidates = [cell for cell in cells.get(mention.label, []) if cell.amount is not None
                      and cell.amount.quantity is not None
                      and time.agrees(cell.statement, mention)]
        if not candidates:
            continue
        holds = any(_meets(mention, cell.amount) for cell in candidates)
        values = {cell.amount.quantity.value for cell in candidates}  # type: ignore[union-attr]
        if not holds and len(values) > 1:
            continue  # the tables disagree among themselves: AU112's business, not this one's
        cell = candidates[0]
        builder = _Builder(doc, cell.statement)
        quantity = mention.placed.quantity
        said = " ".join(quantity.text.split())
        detail = (f"正文 {mention.label} {said}，表“{cell.statement.title}” {_shown(cell.amount)}"
                  f"{cell.statement.unit} {'✓' if holds else '✗'}")
        span = doc.quantity_span(quantity)
        assert cell.amount is not None and cell.amount.quantity is not None
        operands = (Operand("text", quantity, mention.placed.flow_start, mention.label),
                    Operand("cell", cell.amount.quantity, -1, _name(cell.item)))
        yield StatementRelation(RelationKind.TABLE_TEXT, holds, span,
                                (builder.span(cell.amount, cell.item),), operands, detail,
                                cell.statement.title, mention.label, said,
                                f"{_shown(cell.amount)}{cell.statement.unit}")


def _compared(statement: Statement) -> Iterator[tuple[str, Item]]:
    """(key, item) of the items two tables may share: top-level items by name and the side
    totals (the coded table's 合计, the half's 本年…合计)."""
    top = min((len(item.code) for item in statement.items if item.code), default=0)
    for half in range(statement.halves):
        if not (statement.total_first or statement.single_column(half)):
            continue
        items = statement.half_items(half)
        totals = [item for item in items if item.is_total and not item.code]
        side_total = next((item for item in totals if "本年" in item.label), totals[0] if totals else None)
        if side_total is not None:
            yield "（合计）", side_total
        for item in items:
            top_level = (item.code and len(item.code) == top) or (not item.code and item.mark is not None)
            if top_level and len(item.label) >= _MIN_LABEL:
                yield item.label, item


def table_relations(doc: AnalysedDocument, statements: Sequence[Statement]) -> Iterator[StatementRelation]:
    seen: dict[tuple[str, str, str, str], tuple[Statement, Item]] = {}
    for statement in statements:
        for key, item in _compared(statement):
            side = statement.sides[item.half] if item.half < len(statement.sides) else ""
            if not side:
                continue
            slot = (side, statement.scope, entity_of(statement.title), key)
            if slot not in seen:
                seen[slot] = (statement, item)
                continue
            first_statement, first = seen[slot]
            if first_statement.index == statement.index:
                continue
            mine, theirs = item.first(), first.first()
            if mine is None or mine.quantity is None or theirs is None or theirs.quantity is None:
                continue
            holds = interval_of(mine.quantity).meets(interval_of(theirs.quantity))
            builder = _Builder(doc, statement)
            detail = (f"表“{first_statement.title}” {_name(first)} {_shown(theirs)}，"
                      f"表“{statement.title}” {_name(item)} {_shown(mine)} {'✓' if holds else '✗'}")
            operands = (Operand("cell", mine.quantity, -1, _name(item)),
                        Operand("other", theirs.quantity, -1, _name(first)))
            yield StatementRelation(RelationKind.TABLE_TABLE, holds, builder.span(mine, item),
                                    (_Builder(doc, first_statement).span(theirs, first),), operands,
                                    detail, statement.title, _name(item), _shown(mine),
                                    f"{_shown(theirs)}（表“{first_statement.title}”）")


def _blank(item: Item) -> bool:
    return all(amount.quantity is None for amount in item.amounts)


def _column_names(statement: Statement) -> set[str]:
    """Column names, with a header word wrapped over two lines joined (因公出国 + （境）费):
    only a fragment that cannot stand alone (it opens with a bracket, or is a word or two)
    is joined to the word before it."""
    words = [bare_label(word) for word in statement.header]
    names = {word for word in words if len(word) >= _MIN_LABEL}
    names |= {left + right for left, right in pairwise(words)
              if right[:1] in "(（" or len(right) <= _FRAGMENT}
    return {name for name in names if len(name) >= _MIN_LABEL and not _GENERIC.match(name)}


def _names_with_figures(statements: Sequence[Statement]) -> set[str]:
    """Row and column names of the tables that have figures: a name another table fills
    in is not evidence against a blank table."""
    found: set[str] = set()
    for statement in statements:
        if all(_blank(item) for item in statement.items):
            continue
        found |= {item.label for item in statement.items} | _column_names(statement)
    return found


def blank_relations(doc: AnalysedDocument, statements: Sequence[Statement],
                    figures: Figures, time: _Time) -> Iterator[StatementRelation]:
    elsewhere = _names_with_figures(statements)
    for statement in statements:
        empty = all(_blank(item) for item in statement.items)
        names = {item.label: item for item in statement.items
                 if _blank(item) and len(item.label) >= _MIN_LABEL and not _GENERIC.match(item.label)
                 and item.label not in elsewhere}
        columns = _column_names(statement) - elsewhere if empty else set()
        if not names and not columns:
            continue
        for mention in mentions(doc, figures, sorted(set(names) | columns)):
            if not time.agrees(statement, mention):
                continue
            quantity = mention.placed.quantity
            holds = quantity.mantissa == Decimal(0)
            item = names.get(mention.label)
            piece = (item.piece if item is not None else None) or statement.title_piece
            target = doc.span(piece.start, piece.end) if piece is not None else doc.span(0, 0)
            said = " ".join(quantity.text.split())
            detail = f"正文 {mention.label} {said}，表“{statement.title}”中为空 {'✓' if holds else '✗'}"
            yield StatementRelation(RelationKind.TABLE_BLANK, holds, target,
                                    (doc.quantity_span(quantity),),
                                    (Operand("text", quantity, mention.placed.flow_start, mention.label),),
                                    detail, statement.title, mention.label, "（空）", said)


def cross_relations(doc: AnalysedDocument, figures: Figures, statements: Sequence[Statement],
                    period: Period | None = None) -> list[StatementRelation]:
    """Every table↔text, table↔table and blank-table relation of the document.

    A book of parallel tables (全省 and 省本级, a city and its districts) is not compared
    with its prose: a sentence there may speak of any of the entities, and nothing in it
    says which; nor is a table whose title names an entity or nothing at all
    (:func:`~auditor.extract.statements.speaks_for_itself`)."""
    found = list(table_relations(doc, statements))
    if parallel_entities(list(statements)):
        return found
    time = _Time(doc, period)
    own = [statement for statement in statements if speaks_for_itself(statement)]
    cells = labelled_cells(own)
    found.extend(text_relations(doc, own, mentions(doc, figures, sorted(cells)), time))
    found.extend(blank_relations(doc, own, figures, time))
    return found
