"""Rates a report states: 执行率, 为/完成/占 …的 X%, 到位率, 占比 — part ÷ whole.

A *stated rate* is a percentage after a relation cue: a rate noun the attribute lexicon
knows (执行率, 到位率 …) or ``verb + base + 的`` (为年初预算的 4.9%, 完成调整预算的, 占一般公共
预算支出的比重为 80%, 占比). The cue says what the whole is:

* a plan (预算 / 计划 / 目标, perhaps 年初 or 调整) — a figure whose label names a plan;
* a named figure (一般公共预算支出) — a figure whose label carries that name;
* nothing (占比, 比重) — the total the part belongs to: its list's total, the sum of its
  list, or the whole a sibling share implies.

Operands are hypotheses (:mod:`.readings`): the part is the figure right before the cue
(or the one its subject names), the whole any figure of the right description in the
sentence, the sentences before it, or the section's scope, each scored. Attribute words
are a prior, never a gate. The relation holds when a plausible reading holds; a unit slip
is a reading with one amount read ×10⁴ or ÷10⁴.

The cue is read in :mod:`.rate_cue`, the operand candidates found in :mod:`.rate_operands`
(an item's own rate in a run of items, against its own plan, in :mod:`.rate_items`), the
arithmetic of one pair done in :mod:`.rate_check`; this module decides their readings.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.extract.arithmetic import HUNDRED
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    DecidedRelation,
    Operand,
    Reading,
    RelationKind,
)
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.rate_check import PairCheck, Part, Stated, loose, pins
from auditor.extract.relations.rate_cue import RateCue, rate_cue
from auditor.extract.relations.rate_items import GUESS, claimed, item_start, names_item
from auditor.extract.relations.rate_operands import Nearby, parts, wholes
from auditor.extract.relations.rate_parallel import parallel_relations
from auditor.extract.relations.rate_siblings import Siblings
from auditor.extract.relations.rate_whole import Whole, cached_whole, usable, whole_of
from auditor.extract.relations.readings import PLAUSIBLE, Unwritten, decide, decide_kept, read
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from auditor.extract.relations.sum import SumRelation


@dataclass(frozen=True)
class RateRelation(DecidedRelation):
    """One stated rate with every reading tried and the one that decided."""

    rate: PlacedFact
    cue: RateCue
    part: PlacedFact
    whole: PlacedFact
    holds: bool
    all_readings: tuple[Reading, ...]
    decided: Reading

    @property
    def kind(self) -> RelationKind:
        """A share (占X%) or a rate (执行率, 完成预算的X%, 到位率)."""
        return RelationKind.SHARE if self.cue.share else RelationKind.RATE

    @property
    def slipped(self) -> PlacedFact | None:
        """The amount whose unit slipped, when only that reading holds."""
        rescale = self.decided.rescale
        if rescale is None:
            return None
        return self.part if rescale.operand.role == "part" else self.whole

    @property
    def computed_percent(self) -> Decimal | None:
        """part ÷ whole × 100 as written (no slip correction)."""
        whole = self.whole.fact.quantity.value
        return None if whole == 0 else self.part.fact.quantity.value / whole * HUNDRED


def operand(role: str, placed: PlacedFact) -> Operand:
    """A fact as the operand of a relation."""
    return Operand(role, placed.fact.quantity, placed.flow_start, placed.label)


def relate(ctx: FigureContext, rate: PlacedFact, lists: dict[int, SumRelation],
           siblings: Siblings | None = None) -> RateRelation | None:
    """The stated rate at ``rate`` with its readings decided, or None when unverifiable;
    ``siblings``: what the document's other rates say of their wholes (:mod:`.rate_siblings`)."""
    cue = rate_cue(ctx, rate)
    if cue is None or not rate.fact.quantity.is_exact:
        return None
    readings: list[Reading | Unwritten] = []
    pairs: dict[int, tuple[PlacedFact, PlacedFact]] = {}
    stated = Stated.of(rate.fact.quantity)
    rate_operand = operand("rate", rate)
    candidates = parts(ctx, rate, cue)
    nearby = Nearby(ctx, rate, cue) if candidates else None
    for part, part_score in candidates:
        if claimed(ctx, rate, cue, part, candidates[0][0]):
            continue
        part_operand = operand("part", part)
        own_from = item_start(ctx, rate, cue, part)
        part_side = Part.of(part)
        found = wholes(ctx, rate, cue, part, lists, nearby)
        for whole in found if siblings is None else siblings.adjust(ctx, rate, cue, part, found):
            if own_from is not None and whole.placed is not None \
                    and whole.placed.flow_start < own_from and whole.assumption is not Assumption.SIBLING_RATE \
                    and not names_item(ctx.label(part), ctx.label(whole.placed)):
                # another figure's plan, as an item's: it may explain, never accuse (unless
                # another item's rate holds with it only)
                whole = whole.scored(min(whole.score, GUESS))
            placed = whole.placed if whole.placed is not None else part
            score = part_score + whole.score
            if PairCheck.hopeless_pair(stated, part_side, whole):
                # what read() would return, its operands and arithmetic written only if it is kept
                readings.append(Unwritten(score, (whole.assumption,),
                                          _failed(rate_operand, part_operand, stated, part_side, whole, score,
                                                  placed, pairs)))
                continue
            operands = (rate_operand, part_operand,
                        Operand("whole", placed.fact.quantity, placed.flow_start, whole.text))
            check = PairCheck(stated, part_side, whole)
            slippable = (1, 2) if whole.placed is not None else (1,)
            imprecise: bool | None = None
            for reading in read(operands, (whole.assumption,), score, check, slippable, ctx.scale_votes):
                if reading.holds and reading.rescale is None:
                    if imprecise is None:
                        imprecise = loose(stated, part, whole)
                    if imprecise:
                        reading = replace(reading, assumptions=(*reading.assumptions, Assumption.IMPRECISE))
                pairs[id(reading)] = (part, placed)
                readings.append(reading)
    outcome = decide_kept(readings)
    if outcome.decided is None:
        return None
    if not outcome.holds and outcome.decided.score < _NAMED_PLAN:
        part = pairs[id(outcome.decided)][0]
        explained = _explained(ctx, rate, stated, part, rate_operand, operand("part", part))
        if explained is not None:
            pairs[id(explained[0])] = (part, explained[1])
            outcome = decide([*outcome.readings, explained[0]])
    part, whole = pairs[id(outcome.decided)]
    return RateRelation(rate, cue, part, whole, outcome.holds, outcome.readings, outcome.decided)


#: the score of a reading whose whole is the plan its cue names, qualifier and all (为年初预算的 P%
#: against the 年初预算 of the rate's own sentence): no figure nothing names explains it away
_NAMED_PLAN = 3.5
#: how many figures of the parent section may explain a rate that fails
_EXPLAINERS = 48


def _explained(ctx: FigureContext, rate: PlacedFact, stated: Stated, part: PlacedFact, rate_operand: Operand,
               part_operand: Operand) -> tuple[Reading, PlacedFact] | None:
    """A figure of the rate's parent section the part makes the rate hold with, as written:
    a rate that fails against the whole its words point to may be of another figure the
    section states (专项资金预算 B，其中对市县转移支付 B′ … 支出 A，执行率 A/B′); it is not
    reported then, though nothing named that figure. A figure too coarse to tell the rate
    from one a few points off (20 亿元) explains nothing."""
    index = bisect.bisect_right(ctx.heading_starts, rate.flow_start) - 1
    if index < 0:
        start = 0
    else:
        parent = ctx.doc.headings[index].parent
        start = ctx.doc.headings[parent if parent is not None else index].start
    part_side = Part.of(part)
    for placed in reversed(ctx.last_facts(start, rate.flow_start,
                                          lambda f: f is not part and usable(ctx, f, part), _EXPLAINERS)):
        if PairCheck.hopeless_pair(stated, part_side, cached_whole(ctx, placed)):
            continue
        whole = whole_of(ctx, placed, PLAUSIBLE, Assumption.SECTION_SCOPE)
        check = PairCheck(stated, part_side, whole)
        holds, truncated, detail = check({})
        if holds and not truncated and not loose(stated, part, whole) and pins(stated, part, whole):
            operands = (rate_operand, part_operand,
                        Operand("whole", placed.fact.quantity, placed.flow_start, whole.text))
            text = detail if isinstance(detail, str) else detail()
            return Reading(operands, (Assumption.SECTION_SCOPE,), PLAUSIBLE, True, text), placed
    return None


def _failed(rate_operand: Operand, part_operand: Operand, stated: Stated, part: Part, whole: Whole, score: float,
            placed: PlacedFact, pairs: dict[int, tuple[PlacedFact, PlacedFact]]) -> Callable[[], Reading]:
    """Writes the failing reading of a pair :meth:`PairCheck.hopeless` rules out."""
    def write() -> Reading:
        operands = (rate_operand, part_operand,
                    Operand("whole", placed.fact.quantity, placed.flow_start, whole.text))
        reading = Reading(operands, (whole.assumption,), score, False,
                          PairCheck(stated, part, whole).failed_detail())
        pairs[id(reading)] = (part.placed, placed)
        return reading
    return write


def rate_relations(ctx: FigureContext, sums: Iterable[SumRelation]) -> list[RateRelation]:
    """Every verifiable stated rate and share of the document, decided; a rate left
    unverified, or failing against the plan of other figures, is tried again with what its
    sibling rates say of their wholes (:mod:`.rate_siblings`)."""
    lists = {part.amount.flow_start: relation for relation in sums for part in relation.parts}
    relations = []
    unverified = []
    for placed in ctx.facts:
        if placed.fact.quantity.kind is not QuantityKind.PERCENT:
            continue
        relation = relate(ctx, placed, lists)
        if relation is not None:
            relations.append(relation)
        else:
            unverified.append(placed)
    siblings = Siblings.of(ctx, relations)
    foreign = [r for r in relations if siblings.foreign(ctx, r)]
    again = [*unverified, *(r.rate for r in foreign)]
    if again:
        redone = {r.rate.flow_start for r in foreign}
        relations = [r for r in relations if r.rate.flow_start not in redone]
        for placed in again:
            relation = relate(ctx, placed, lists, siblings)
            if relation is not None:
                relations.append(relation)
    parallel = parallel_relations(ctx, RateRelation)
    if parallel:
        # read by position, a list of rates beside a list of amounts says which is whose
        listed = {r.rate.flow_start for r in parallel}
        relations = [r for r in relations if r.rate.flow_start not in listed] + parallel
    relations.sort(key=lambda r: r.rate.flow_start)
    return relations


def split_kinds(relations: Sequence[RateRelation]) -> tuple[tuple[RateRelation, ...], tuple[RateRelation, ...]]:
    """(rates, shares)."""
    rates = tuple(r for r in relations if r.kind is RelationKind.RATE)
    shares = tuple(r for r in relations if r.kind is RelationKind.SHARE)
    return rates, shares
