"""Bounds a figure's meaning sets: 占比 ≤ 100 %, 到位率 ≤ 100 %, 到位 ≤ 预算.

A share above 100 % is impossible; a received rate above 100 % or received funds above
the budget are possible only with an explanation (追加, 调整预算, 结转 …) nearby, so those
are recorded only when the neighbouring sentences give none. Only violations are recorded.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from auditor.extract.arithmetic import HUNDRED, Interval
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    single_reading,
)
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.enumeration_items import clean_label
from auditor.extract.relations.rate import operand
from auditor.extract.relations.rate_cue import Base, rate_cue
from auditor.extract.relations.readings import exact_interval, shown
from auditor.extract.relations.sum import above
from auditor.lexicon import compile_terms
from auditor.types import Quantity, QuantityKind

_EXPLANATION = compile_terms("cues", "explained")


class Bound(enum.Enum):
    """Which bound a figure breaks."""

    SHARE_OVER_WHOLE = "share"  # 占比 > 100 %
    RECEIVED_RATE_OVER_WHOLE = "received_rate"  # 到位率 > 100 % without explanation
    RECEIVED_OVER_BUDGET = "received"  # 到位 > 预算 without explanation


@dataclass(frozen=True)
class BoundViolation:
    """A figure beyond the bound its meaning allows."""

    bound_kind: Bound
    figure: PlacedFact
    bound: PlacedFact | None

    @property
    def kind(self) -> RelationKind:
        """Always :attr:`RelationKind.BOUND`."""
        return RelationKind.BOUND

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The figure, then the figure that bounds it (if any)."""
        found = [operand("figure", self.figure)]
        if self.bound is not None:
            found.append(operand("bound", self.bound))
        return tuple(found)

    @property
    def holds(self) -> bool:
        """Only violations are recorded."""
        return False

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The one reading: the figure as its attribute word names it."""
        return single_reading(self.operands, False, self.detail, Assumption.ATTRIBUTE_WORDS)

    @property
    def detail(self) -> str:
        """``120% > 100%`` or ``到位 30万元 > 预算 25万元``."""
        figure = shown(self.figure.fact.quantity)
        if self.bound is None:
            return f"{figure} > 100% ✗"
        return f"{figure} > {shown(self.bound.fact.quantity)} ✗"


def bound_violations(ctx: FigureContext) -> list[BoundViolation]:
    """Figures beyond their natural bound: 到位 > 预算, 占比 > 100 %, 到位率 > 100 %."""
    grouped: dict[int, list[PlacedFact]] = {}
    for placed in ctx.facts:
        grouped.setdefault(ctx.sentence_index(placed.flow_start), []).append(placed)
    found: list[BoundViolation] = []
    for index, facts in grouped.items():
        explained = _EXPLANATION.search(_neighbourhood(ctx, index)) is not None
        for placed in facts:
            quantity = placed.fact.quantity
            attribute = placed.fact.attribute
            if quantity.kind is QuantityKind.PERCENT and _over_hundred(quantity):
                if attribute == "share" and not ctx.is_change(placed) and not _of_plan(ctx, placed):
                    found.append(BoundViolation(Bound.SHARE_OVER_WHOLE, placed, None))
                elif attribute == "received_rate" and not explained:
                    found.append(BoundViolation(Bound.RECEIVED_RATE_OVER_WHOLE, placed, None))
            if attribute == "received" and quantity.kind is QuantityKind.MONEY and not explained:
                violation = _received_over_budget(ctx, facts, placed)
                if violation is not None:
                    found.append(violation)
    return found


def _of_plan(ctx: FigureContext, placed: PlacedFact) -> bool:
    """占任务的 101.4%: 占 before a plan states a rate of the plan, which may exceed it."""
    cue = rate_cue(ctx, placed)
    return cue is not None and cue.base is Base.PLAN and not cue.share


def _neighbourhood(ctx: FigureContext, sentence: int) -> str:
    paragraph = ctx.sentences[sentence].paragraph
    return "".join(s.text for s in ctx.sentences[max(0, sentence - 1):sentence + 2]
                   if s.paragraph == paragraph)


def _over_hundred(quantity: Quantity) -> bool:
    return above(exact_interval(quantity), Interval(HUNDRED, HUNDRED))


def _received_over_budget(ctx: FigureContext, facts: list[PlacedFact],
                          received: PlacedFact) -> BoundViolation | None:
    if received.fact.cue_start < 0:
        return None
    start = ctx.clause_start(received.flow_start)
    cue_flow = ctx.text.find(received.fact.cue, start, received.flow_start)
    if len(clean_label(ctx.text[start:max(cue_flow, start)])) > 2:
        return None  # names another scope (乙项目到位 …)
    budgets = [f for f in facts if f.fact.attribute == "budget"
               and f.fact.scope == received.fact.scope
               and f.fact.quantity.kind is QuantityKind.MONEY and not ctx.is_change(f)]
    if not budgets:
        return None
    largest = max(budgets, key=lambda f: f.fact.quantity.value)
    if not above(exact_interval(received.fact.quantity), exact_interval(largest.fact.quantity)):
        return None
    return BoundViolation(Bound.RECEIVED_OVER_BUDGET, received, largest)
