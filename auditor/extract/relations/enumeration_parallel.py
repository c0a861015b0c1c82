"""Parallel lists: a 其中 list whose every item states the same few figures its total's
sentence states, one per attribute.

``财政拨款收入 218.96 亿元、支出 218.96 亿元。其中，一般公共预算财政拨款收入 203.33 亿元、支出
203.33 亿元；政府性基金预算财政拨款收入 15.63 亿元、支出 15.63 亿元`` breaks two totals down at
once: each item (one per ``；``) names a part and gives its revenue and its spending. Read item by
item, every clause holds two amounts and the list is unreadable; read by position it is two lists,
the j-th amount of each item a part of the j-th total. The position must agree with the words:
each amount's name shares the longest ending with its own total's name (收入预算数 ↔ 收入预算数,
决算数 ↔ 决算数, 负债总额 ↔ 负债总额), or the list is not read.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from auditor.extract.arithmetic import Interval
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.enumeration_items import (
    MAX_LIST_CHARS,
    NESTED,
    SumPart,
    clean_label,
    compatible,
    summable,
)
from auditor.extract.relations.readings import exact_interval

_ITEM_END = regex.compile(r"[;；]")
ZERO = Decimal(0)


def _amounts(ctx: FigureContext, start: int, end: int) -> list[PlacedFact]:
    return [f for f in ctx.facts_in(start, end) if summable(f.fact.quantity) and not ctx.is_change(f)]


def _name(ctx: FigureContext, placed: PlacedFact, floor: int) -> str:
    """What the text calls ``placed`` in its own clause, from the figure before it at most."""
    before = ctx.last_facts(floor, placed.flow_start, lambda f: True, 1)
    start = max(ctx.clause_start(placed.flow_start, floor), before[0].flow_end if before else floor)
    return clean_label(ctx.text[start:placed.flow_start])


def _common_ending(a: str, b: str) -> int:
    length = 0
    while length < min(len(a), len(b)) and a[-1 - length] == b[-1 - length]:
        length += 1
    return length


def _matches(name: str, names: list[str], position: int) -> bool:
    """``name`` shares its longest ending (two characters at least) with ``names[position]``
    and with no other of ``names``."""
    endings = [_common_ending(name, other) for other in names]
    best = endings[position]
    return best >= 2 and all(e < best for i, e in enumerate(endings) if i != position)


def _adds_up(total: PlacedFact, parts: list[SumPart]) -> bool:
    """The parts so far add up to the total exactly (a nested list ends there; the items
    after it are its parent's siblings)."""
    low = sum((exact_interval(p.amount.fact.quantity).low or ZERO for p in parts), ZERO)
    high = sum((exact_interval(p.amount.fact.quantity).high or ZERO for p in parts), ZERO)
    return exact_interval(total.fact.quantity).meets(Interval(low, high))


def _rows(ctx: FigureContext, start: int, end: int) -> list[tuple[int, list[PlacedFact]]]:
    """The items from ``start`` to ``end``, one per ``；``, each with its amounts; a trailing
    clause with none ends them."""
    rows: list[tuple[int, list[PlacedFact]]] = []
    left = start
    for stop in [m.start() for m in _ITEM_END.finditer(ctx.text, start, end)] + [end]:
        amounts = _amounts(ctx, left, stop)
        if not amounts:
            break
        rows.append((left, amounts))
        left = stop + 1
    return rows


def _list_end(ctx: FigureContext, start: int) -> int:
    """Where a list of items one per ``；`` ends: the first sentence of its paragraph that
    does not end with ``；``."""
    index = ctx.sentence_index(start)
    sentence = ctx.sentences[index]
    for following in ctx.sentences[index + 1:]:
        if following.paragraph != sentence.paragraph or not sentence.text.rstrip().endswith((";", "；")) \
                or following.end - start > MAX_LIST_CHARS:
            break
        sentence = following
    return sentence.end


def parallel_lists(ctx: FigureContext, intro: int, list_start: int
                   ) -> list[tuple[PlacedFact, list[SumPart]]]:
    """The totals a 其中 list at ``intro`` breaks down in parallel, each with its parts; []
    when the list is not of that form (see the module documentation)."""
    end = _list_end(ctx, list_start)
    if end - list_start > MAX_LIST_CHARS:
        return []
    rows = _rows(ctx, list_start, end)
    if not rows:
        return []
    width = len(rows[0][1])
    if width < 2 or any(len(amounts) != width for _, amounts in rows):
        return []
    index = ctx.sentence_index(intro)
    floor = ctx.sentences[index].start
    if not _amounts(ctx, floor, intro) and index > 0:
        floor = ctx.sentences[index - 1].start  # 其中 opens its sentence: the totals precede it
    totals = ctx.last_facts(floor, intro, lambda f: summable(f.fact.quantity) and not ctx.is_change(f),
                            width)
    if len(totals) != width:
        return []
    total_names = [_name(ctx, total, floor) for total in totals]
    lists: list[list[SumPart]] = [[] for _ in totals]
    nested: list[tuple[PlacedFact, list[SumPart]]] | None = None
    for left, amounts in rows:
        if lists[0] and NESTED.match(ctx.text[left:amounts[0].flow_start].strip()):
            # 其中 inside an item: its parts belong to that item until they make it up
            nested = [(parts[-1].amount, []) for parts in lists]
        if nested is not None:
            for (_, parts), amount in zip(nested, amounts, strict=True):
                parts.append(SumPart(amount, "", None))
            if all(_adds_up(parent, parts) for parent, parts in nested):
                nested = None
            continue
        if lists[0] and all(_adds_up(total, parts) for total, parts in zip(totals, lists, strict=True)):
            break  # the parts already make up every total: what follows is not theirs
        item = clean_label(ctx.text[ctx.clause_start(amounts[0].flow_start, left):amounts[0].flow_start])
        for position, amount in enumerate(amounts):
            if not _matches(_name(ctx, amount, left), total_names, position) \
                    or not compatible(amount.fact.quantity, totals[position].fact.quantity):
                return []
            lists[position].append(SumPart(amount, item or _name(ctx, amount, left), None))
    return list(zip(totals, lists, strict=True))
