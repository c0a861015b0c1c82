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
(an item's own rate in a run of items, against its own plan, in :mod:`.rate_items`);
this module checks and decides their readings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.extract.arithmetic import HUNDRED, Interval, plain, ratio_percent, truncation_interval
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    DecidedRelation,
    Operand,
    Reading,
    RelationKind,
)
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.rate_cue import RateCue, rate_cue
from auditor.extract.relations.rate_items import GUESS, claimed, item_start, names_item
from auditor.extract.relations.rate_operands import Whole, parts, wholes
from auditor.extract.relations.readings import (
    Detail,
    decide,
    exact_interval,
    meets_stated,
    read,
    scale_name,
    shown,
)
from auditor.types import Quantity, QuantityKind

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


@dataclass(frozen=True)
class _Stated:
    """The stated rate as every hypothesis about it needs it (computed once per rate)."""

    quantity: Quantity
    text: str
    exact: Interval
    accepted: tuple[float, float] | None  # see _accepted

    @classmethod
    def of(cls, quantity: Quantity) -> _Stated:
        exact = exact_interval(quantity)
        return cls(quantity, shown(quantity), exact, _accepted(quantity, exact))


def _check(stated: _Stated, part: PlacedFact, whole: Whole):
    """part ÷ whole against the stated rate; overrides rescale operand 1 (part) or 2 (whole)."""
    part_q = part.fact.quantity
    # the same for every hypothesis of this pair: computed once (a rate tries dozens)
    part_text, part_exact = shown(part_q), exact_interval(part_q)
    own = {1: part_q.multiplier, 2: None if whole.placed is None else whole.placed.fact.quantity.multiplier}
    bounds: list[tuple[float, float, float, float] | None] = []

    def check(overrides: dict[int, Decimal]) -> tuple[bool, bool, Detail]:
        if overrides and stated.accepted is not None:
            (index, multiplier), = overrides.items()
            if not bounds:
                whole_exact = whole.interval if whole.placed is None else exact_interval(whole.placed.fact.quantity)
                bounds.append(_float_bounds(part_exact, whole_exact))
            if own.get(index) and not _may_meet(bounds[0], index, float(multiplier) / float(own[index]),
                                                stated.accepted):
                return False, False, ""  # a slip that fails: read() drops it, text and all
        part_interval = exact_interval(part_q, overrides[1]) if 1 in overrides else part_exact
        whole_interval, whole_value = whole.interval, whole.value
        if 2 in overrides and whole.placed is not None:
            whole_q = whole.placed.fact.quantity
            whole_interval = exact_interval(whole_q, overrides[2])
            whole_value = whole_q.mantissa * overrides[2]
        computed = ratio_percent(part_interval, whole_interval)
        part_value = part_q.mantissa * overrides.get(1, part_q.multiplier)
        if computed is None or not whole_value:
            return False, False, f"{part_text}/{whole.text}（无法计算）"
        holds, truncated = meets_stated(computed, stated.quantity, stated.exact)

        def detail() -> str:
            note = ""
            if 1 in overrides:
                note = f"（将“{part_text}”按{scale_name(overrides[1])}计）"
            elif 2 in overrides:
                note = f"（将“{whole.text}”按{scale_name(overrides[2])}计）"
            midpoint = part_value / whole_value * HUNDRED
            mark = "✓" if holds else "✗"
            return f"{part_text}/{whole.text} = {plain(midpoint)}%（所述 {stated.text}）{note}{mark}"
        return holds, truncated, detail
    return check


def _accepted(stated: Quantity, exact: Interval) -> tuple[float, float] | None:
    """Float bounds of every value :func:`meets_stated` accepts for ``stated``, widened by
    far more than a float's error; None when a bound is open."""
    bounds = [exact]
    if stated.is_exact and stated.mantissa != 0:
        bounds.append(truncation_interval(stated))
    if any(b.low is None or b.high is None for b in bounds):
        return None
    low = float(min(b.low for b in bounds))  # type: ignore[type-var]
    high = float(max(b.high for b in bounds))  # type: ignore[type-var]
    return low - abs(low) * 1e-9 - 1e-12, high + abs(high) * 1e-9 + 1e-12


def _float_bounds(part: Interval, whole: Interval) -> tuple[float, float, float, float] | None:
    if part.low is None or part.high is None or whole.low is None or whole.high is None:
        return None
    return float(part.low), float(part.high), float(whole.low), float(whole.high)


def _may_meet(bounds: tuple[float, float, float, float] | None, index: int, factor: float,
              accepted: tuple[float, float]) -> bool:
    """Whether part ÷ whole, operand ``index`` scaled by ``factor``, can meet the stated rate:
    a float test that never says no to a hypothesis the exact arithmetic would accept (a
    slip moves the ratio ten thousand times, so almost every one is far off), and says yes
    whenever a bound is open or the whole may be zero."""
    if bounds is None:
        return True
    p_low, p_high, w_low, w_high = bounds
    if index == 1:
        p_low, p_high = p_low * factor, p_high * factor
    else:
        w_low, w_high = w_low * factor, w_high * factor
    if w_low <= 0 or w_high <= 0:
        return True
    low, high = max(p_low / w_high * 100, 0.0), p_high / w_low * 100
    return not (low > accepted[1] * (1 + 1e-9) or high < accepted[0] * (1 - 1e-9) - 1e-12)


#: a ratio wider than this share of the stated rate fits rates a reader would tell apart
_LOOSE_SHARE = Decimal("0.03")


def _loose(stated: _Stated, part: PlacedFact, whole: Whole) -> bool:
    """Whether the whole is too coarse to tell the stated rate from one a few points off
    (15.61 ÷ 20 亿元 is anything from 76 % to 80 %) while the part is not: a coarse part
    (0.4 亿元) leaves every reading as coarse, and none is singled out."""
    half = Decimal(5) * Decimal(10) ** (-stated.quantity.decimals - 1)
    limit = max(4 * half, abs(stated.quantity.value) * _LOOSE_SHARE)
    part_interval = exact_interval(part.fact.quantity)
    point = part.fact.quantity.value
    by_whole = ratio_percent(Interval(point, point), whole.interval)
    by_part = ratio_percent(part_interval, Interval(whole.value, whole.value))
    if by_whole is None or by_part is None or None in (by_whole.low, by_whole.high, by_part.low, by_part.high):
        return False
    return (by_whole.high - by_whole.low > limit  # type: ignore[operator]
            and by_part.high - by_part.low <= limit)  # type: ignore[operator]


def relate(ctx: FigureContext, rate: PlacedFact, lists: dict[int, SumRelation]) -> RateRelation | None:
    """The stated rate at ``rate`` with its readings decided, or None when unverifiable."""
    cue = rate_cue(ctx, rate)
    if cue is None or not rate.fact.quantity.is_exact:
        return None
    readings: list[Reading] = []
    pairs: dict[int, tuple[PlacedFact, PlacedFact]] = {}
    stated = _Stated.of(rate.fact.quantity)
    rate_operand = operand("rate", rate)
    candidates = parts(ctx, rate, cue)
    for part, part_score in candidates:
        if claimed(ctx, rate, cue, part, candidates[0][0]):
            continue
        part_operand = operand("part", part)
        own_from = item_start(ctx, rate, cue, part)
        for whole in wholes(ctx, rate, cue, part, lists):
            if own_from is not None and whole.placed is not None \
                    and whole.placed.flow_start < own_from \
                    and not names_item(ctx.label(part), ctx.label(whole.placed)):
                # another figure's plan, as an item's: it may explain, never accuse
                whole = replace(whole, score=min(whole.score, GUESS))
            placed = whole.placed if whole.placed is not None else part
            operands = [rate_operand, part_operand,
                        Operand("whole", placed.fact.quantity, placed.flow_start, whole.text)]
            slippable = (1, 2) if whole.placed is not None else (1,)
            loose = _loose(stated, part, whole)
            for reading in read(operands, (whole.assumption,), part_score + whole.score,
                                _check(stated, part, whole), slippable, ctx.scale_votes):
                if loose and reading.holds and reading.rescale is None:
                    reading = replace(reading, assumptions=(*reading.assumptions, Assumption.IMPRECISE))
                pairs[id(reading)] = (part, placed)
                readings.append(reading)
    outcome = decide(readings)
    if outcome.decided is None:
        return None
    part, whole = pairs[id(outcome.decided)]
    return RateRelation(rate, cue, part, whole, outcome.holds, outcome.readings, outcome.decided)


def rate_relations(ctx: FigureContext, sums: Iterable[SumRelation]) -> list[RateRelation]:
    """Every verifiable stated rate and share of the document, decided."""
    lists = {part.amount.flow_start: relation for relation in sums for part in relation.parts}
    relations = []
    for placed in ctx.facts:
        if placed.fact.quantity.kind is not QuantityKind.PERCENT:
            continue
        relation = relate(ctx, placed, lists)
        if relation is not None:
            relations.append(relation)
    return relations


def split_kinds(relations: Sequence[RateRelation]) -> tuple[tuple[RateRelation, ...], tuple[RateRelation, ...]]:
    """(rates, shares)."""
    rates = tuple(r for r in relations if r.kind is RelationKind.RATE)
    shares = tuple(r for r in relations if r.kind is RelationKind.SHARE)
    return rates, shares
