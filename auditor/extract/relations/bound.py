"""Bounds a figure's meaning sets: 占比 ≤ 100 %, 到位率 ≤ 100 %, 到位 ≤ 预算.

A share above 100 % is impossible; a received rate above 100 % or received funds above
the budget are possible only with an explanation (追加, 调整预算, 结转 …) nearby, so those
are recorded only when the neighbouring sentences give none. Only violations are recorded.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.extract.arithmetic import HUNDRED, Interval
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    single_reading,
)
from auditor.extract.relations.enumeration import (
    _CHANGE_WORD,
    _EXPLANATION,
    _above,
    _clause_start,
    _interval,
    _label,
    _shown,
)
from auditor.extract.relations.rate import operand
from auditor.types import Quantity, QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures


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
        figure = _shown(self.figure.fact.quantity)
        if self.bound is None:
            return f"{figure} > 100% ✗"
        return f"{figure} > {_shown(self.bound.fact.quantity)} ✗"


def bound_violations(doc: AnalysedDocument, figures: Figures) -> list[BoundViolation]:
    """Figures beyond their natural bound: 到位 > 预算, 占比 > 100 %, 到位率 > 100 %."""
    grouped: dict[int, list[PlacedFact]] = {}
    for placed in figures.facts.facts:
        sentence = figures.facts.segments[placed.segment].sentence
        grouped.setdefault(sentence, []).append(placed)
    found: list[BoundViolation] = []
    for index, facts in grouped.items():
        explained = _EXPLANATION.search(_neighbourhood(doc, index)) is not None
        for placed in facts:
            quantity = placed.fact.quantity
            attribute = placed.fact.attribute
            if quantity.kind is QuantityKind.PERCENT and _over_hundred(quantity):
                if attribute == "share" and not _is_change_at(doc, placed):
                    found.append(BoundViolation(Bound.SHARE_OVER_WHOLE, placed, None))
                elif attribute == "received_rate" and not explained:
                    found.append(BoundViolation(Bound.RECEIVED_RATE_OVER_WHOLE, placed, None))
            if attribute == "received" and quantity.kind is QuantityKind.MONEY and not explained:
                violation = _received_over_budget(doc, facts, placed)
                if violation is not None:
                    found.append(violation)
    return found


def _neighbourhood(doc: AnalysedDocument, sentence: int) -> str:
    sentences = doc.sentences
    paragraph = sentences[sentence].paragraph
    return "".join(s.text for s in sentences[max(0, sentence - 1):sentence + 2]
                   if s.paragraph == paragraph)


def _over_hundred(quantity: Quantity) -> bool:
    return _above(_interval(quantity), Interval(HUNDRED, HUNDRED))


def _received_over_budget(doc: AnalysedDocument, facts: list[PlacedFact],
                          received: PlacedFact) -> BoundViolation | None:
    flow = doc.flow.text
    if received.fact.cue_start < 0:
        return None
    cue_flow = flow.find(received.fact.cue, _clause_start(flow, received.flow_start),
                         received.flow_start)
    prefix = flow[_clause_start(flow, received.flow_start):max(cue_flow, 0)]
    if len(_label(prefix)) > 2:
        return None  # names another scope (乙项目到位 …)
    budgets = [f for f in facts if f.fact.attribute == "budget"
               and f.fact.scope == received.fact.scope
               and f.fact.quantity.kind is QuantityKind.MONEY and not _is_change_at(doc, f)]
    if not budgets:
        return None
    largest = max(budgets, key=lambda f: f.fact.quantity.value)
    if not _above(_interval(received.fact.quantity), _interval(largest.fact.quantity)):
        return None
    return BoundViolation(Bound.RECEIVED_OVER_BUDGET, received, largest)


def _is_change_at(doc: AnalysedDocument, placed: PlacedFact) -> bool:
    flow = doc.flow.text
    return _CHANGE_WORD.search(flow, _clause_start(flow, placed.flow_start),
                               placed.flow_start) is not None
