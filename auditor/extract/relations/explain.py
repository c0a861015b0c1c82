"""Failed sums explained by a figure the report states differently elsewhere.

``加上上解上级支出 221795 万元、…，总支出为 T`` fails by 18313; the same 上解上级支出 is
203482 万元 in another sentence, and with that value the sum holds. The sum still fails
(AU104), and the reading names the figure to blame: it differs from its other statement
(AU105 reports that pair). A figure's other statements are found by its label (the words before it, with
connectives, scope and filler removed); only a substitution that makes the sum hold
exactly counts, and only one figure is substituted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import regex

from auditor.extract.arithmetic import Interval
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import Assumption, Reading
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.enumeration_items import clean_label
from auditor.extract.relations.labels import without_scope
from auditor.extract.relations.readings import exact_interval, shown
from auditor.extract.relations.sum import SumRelation, add_intervals
from auditor.lexicon import alternation
from auditor.types import QuantityKind

#: a label shorter than this does not name one figure
MIN_LABEL = 4
#: other statements looked at per figure
MAX_TWINS = 4

_CONNECTIVE = regex.compile(
    rf"^(?:{alternation('cues', 'chain_add')}|{alternation('cues', 'chain_subtract')}|其中|以及|和|及"
    # an item's ordinal (二是 …, （二）…, 2. …) is the list's, not the figure's name
    r"|[一二三四五六七八九十]+是|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]{1,2}[.、．])+")


def _key(ctx: FigureContext, placed: PlacedFact) -> str:
    return _CONNECTIVE.sub("", without_scope(clean_label(ctx.label(placed))))


class _Index:
    def __init__(self, ctx: FigureContext) -> None:
        self.by_key: dict[str, list[PlacedFact]] = defaultdict(list)
        for placed in ctx.facts:
            quantity = placed.fact.quantity
            if quantity.kind is QuantityKind.MONEY and quantity.is_exact and not ctx.is_change(placed):
                key = _key(ctx, placed)
                if len(key) >= MIN_LABEL:
                    self.by_key[key].append(placed)

    def twins(self, ctx: FigureContext, placed: PlacedFact) -> list[PlacedFact]:
        key = _key(ctx, placed)
        if len(key) < MIN_LABEL:
            return []
        own = exact_interval(placed.fact.quantity)
        return [t for t in self.by_key.get(key, ()) if t is not placed
                and not exact_interval(t.fact.quantity).meets(own)][:MAX_TWINS]


def _holds_with(relation: SumRelation, index: int, value: Interval) -> bool:
    intervals = [exact_interval(relation.total.fact.quantity),
                 *(exact_interval(p.amount.fact.quantity) for p in relation.parts)]
    intervals[index] = value
    signs = [1, *(p.sign for p in relation.parts)]
    parts = [iv if sign > 0 else Interval(None if iv.high is None else -iv.high,
                                          None if iv.low is None else -iv.low)
             for iv, sign in zip(intervals[1:], signs[1:], strict=True)]
    return add_intervals(parts).meets(intervals[0])


def explain_sums(ctx: FigureContext, sums: tuple[SumRelation, ...]
                 ) -> tuple[tuple[SumRelation, ...], list[tuple[PlacedFact, PlacedFact]]]:
    """The sums with those a restated figure explains marked, and (other statement, figure
    that differs) pairs for them."""
    failing = [r for r in sums if r.complete and not r.holds]
    if not failing:
        return sums, []
    index = _Index(ctx)
    explained: dict[int, SumRelation] = {}
    pairs: list[tuple[PlacedFact, PlacedFact]] = []
    for relation in failing:
        figures = [relation.total, *(p.amount for p in relation.parts)]
        found = None
        for position, placed in enumerate(figures):
            for twin in index.twins(ctx, placed):
                if twin.fact.quantity.multiplier != placed.fact.quantity.multiplier \
                        and twin.fact.quantity.mantissa == placed.fact.quantity.mantissa:
                    continue  # the same digits at another scale: a slip, not a restatement
                if _holds_with(relation, position, exact_interval(twin.fact.quantity)):
                    found = (twin, placed)
                    break
            if found:
                break
        if found is None:
            continue
        twin, placed = found
        detail = (f"{relation.detail.rstrip('✗')}；将“{shown(placed.fact.quantity)}”按别处所写的"
                  f"“{shown(twin.fact.quantity)}”计则相等")
        reading = Reading(relation.decided.operands,
                          (*relation.decided.assumptions, Assumption.RESTATED_VALUE),
                          relation.decided.score, True, detail)
        # the sum still fails as written (AU104 says so); the reading says which figure
        explained[id(relation)] = replace(relation, explained_by=(twin, placed),
                                          all_readings=(reading, *relation.all_readings))
        pairs.append(found)
    return tuple(explained.get(id(r), r) for r in sums), pairs

