"""Items' own rates: in a run of items each with its amount and a rate of a plan (支出 A，
完成预算的 P%；其中：甲 A1，完成预算的 P1%；乙 A2，完成预算的 P2%), each item's rate is
against the item's own plan, not the plan stated for the run's first figure.

An item's plausible plan is one written in the item's own words (after the rate of the
item before it) or one whose label names the item (甲预算 B1). A plan stated before the
item's words for another figure stays a reading that may explain the rate, never one
that accuses it: with no plan of the item in the text, the item's rate is unverifiable.
"""

from __future__ import annotations

from functools import lru_cache
from weakref import WeakKeyDictionary

import regex

from auditor.extract.facts import PlacedFact
from auditor.extract.relations.context import MAX_CANDIDATES, FigureContext
from auditor.extract.relations.labels import names_plan
from auditor.extract.relations.rate_cue import FILLER, PERIOD, Base, RateCue, rate_cue
from auditor.lexicon import compile_terms
from auditor.types import QuantityKind

#: the score of a plan stated for another figure, as an item's whole: a guess
GUESS = 0.3
#: words that say what kind of figure a label names, not which item (预算, 决算, 完成, 年初 …)
_KIND_WORDS = compile_terms("cues", "plan", "actual", "initial", "adjusted", "scope",
                            "spending_word")
_NOISE = regex.compile(r"[数额为是及和与、:：,，“”\"'()（）\s]")
_SHARE_VERB = regex.compile(r"占[^,，;；。]*$")


def item_start(ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact) -> int | None:
    """Where the words of the item ``rate`` belongs to start, or None when it is no item's
    rate: an earlier rate of a plan in its paragraph has another amount as its part."""
    if cue.base is not Base.PLAN or cue.whole_at >= 0 or _share_verb(ctx, rate):
        return None
    sentence = ctx.sentence(rate.flow_start)
    paragraph = ctx.doc.paragraphs[sentence.paragraph]
    earlier = ctx.last_facts(paragraph.start, part.flow_start,
                             lambda f: f.fact.quantity.kind is QuantityKind.PERCENT, MAX_CANDIDATES)
    known = _OWN_AMOUNTS.setdefault(ctx, {})
    for other in reversed(earlier):
        if other.fact.attribute != rate.fact.attribute:
            continue  # 到位率 then 执行率: one fund's chain (received, then spent), not a run of items
        own = known[other.flow_start] if other.flow_start in known else _own_amount(ctx, other, known)
        if own is not None and own is not part:
            return other.flow_end
    return None


#: per document, by an earlier rate's position: its own amount (see :func:`_own_amount`); every
#: part of every rate after it asks again, so it is worked out once and dropped with the document
_OWN_AMOUNTS: WeakKeyDictionary[FigureContext, dict[int, PlacedFact | None]] = WeakKeyDictionary()


def _own_amount(ctx: FigureContext, other: PlacedFact, known: dict[int, PlacedFact | None]) -> PlacedFact | None:
    """The amount right before ``other`` in its sentence when ``other`` is a rate of a plan
    (not a share of it), else None."""
    found = None
    other_cue = rate_cue(ctx, other)
    if other_cue is not None and other_cue.base is Base.PLAN and not _share_verb(ctx, other):
        own = ctx.last_facts(ctx.sentence(other.flow_start).start, other.flow_start,
                             lambda f: f.fact.quantity.kind is QuantityKind.MONEY, 1)
        found = own[0] if own else None
    known[other.flow_start] = found
    return found


def names_item(part_label: str, whole_label: str) -> bool:
    """Whether a plan's label names the item a part's label names (甲支出决算 / 甲预算数)."""
    item, plan = _core(part_label), _core(whole_label)
    return len(item) >= 2 and len(plan) >= 2 and (item in plan or plan in item)


@lru_cache(maxsize=4096)  # asked of the same labels for every rate of a run of items
def _core(label: str) -> str:
    return _NOISE.sub("", PERIOD.sub("", _KIND_WORDS.sub("", FILLER.sub("", label))))


def _share_verb(ctx: FigureContext, rate: PlacedFact) -> bool:
    """占预算的 P%: a share of the plan, which an item may well be."""
    start = ctx.clause_start(rate.flow_start, ctx.sentence(rate.flow_start).start)
    return _SHARE_VERB.search(ctx.text[start:rate.flow_start]) is not None


def claimed(ctx: FigureContext, rate: PlacedFact, cue: RateCue, part: PlacedFact,
            nearest: PlacedFact) -> bool:
    """Whether ``part``, not the nearest amount, has its own rate of a plan between it and
    ``rate`` (支出 A，完成预算的 P%，其中：甲 A1，完成预算的 P1%: A is not P1's part). A
    nearest amount that is itself a plan leaves the run's figure the part (A，为目标 B1 的
    P1%，为全年目标 B2 的 P2%)."""
    if part is nearest or cue.base is not Base.PLAN or _share_verb(ctx, rate) \
            or names_plan(ctx.label(nearest)):
        return False
    between = ctx.last_facts(part.flow_end, rate.flow_start,
                             lambda f: f.fact.quantity.kind is QuantityKind.PERCENT, MAX_CANDIDATES)
    for other in between:
        other_cue = rate_cue(ctx, other)
        if other_cue is not None and other_cue.base is Base.PLAN and not _share_verb(ctx, other):
            return True
    return False
