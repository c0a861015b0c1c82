"""Rate relations a report states: 执行率, 完成预算的X%, 到位率, 占X% = part / whole.

For each stated rate the figures it is computed from are looked up in the same segment
(a sentence, or its part after 其中): the part (支出 / 到位 / the item) and the whole
(预算 / 合计). The relation is evaluated with interval tolerance; when it fails, the
unit-slip hypothesis is tried: one amount whose unit scale differs from the others
(``20.00 元`` among 万元 figures) read at the common scale. A relation that holds only
under that hypothesis is a unit slip, not a wrong rate.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import product
from typing import TYPE_CHECKING

from auditor.extract.arithmetic import (
    Interval,
    interval_of,
    plain,
    ratio_percent,
    truncation_interval,
)
from auditor.extract.facts import FactTable, PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    Rescale,
    single_reading,
)
from auditor.types import QuantityKind

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.figures import Figures

#: rate attribute → (attributes that can be the part, attributes that can be the whole)
RATE_OPERANDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "exec_rate": (("spent",), ("budget", "received")),
    "completion_rate": (("spent", "amount", "received"), ("budget",)),
    "received_rate": (("received",), ("budget",)),
}


@dataclass(frozen=True)
class RateRelation:
    """One stated rate with the figures it was checked against and the outcome."""

    rate: PlacedFact
    part: PlacedFact
    whole: PlacedFact
    holds: bool
    truncated: bool
    slipped: PlacedFact | None
    slip_multiplier: Decimal | None
    computed: Interval | None

    @property
    def computed_percent(self) -> Decimal | None:
        """Midpoint of part/whole as written (without any slip correction), in percent."""
        part = self.part.fact.quantity
        whole = self.whole.fact.quantity
        if whole.value == 0:
            return None
        return part.value / whole.value * 100

    @property
    def kind(self) -> RelationKind:
        """A share (占X%) or a rate (执行率, 完成预算的X%, 到位率)."""
        return RelationKind.SHARE if self.rate.fact.attribute == "share" else RelationKind.RATE

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The stated rate, the part and the whole."""
        return (operand("rate", self.rate), operand("part", self.part), operand("whole", self.whole))

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The reading the relation was decided under."""
        assumptions = [Assumption.SAME_CLAUSE if self.kind is RelationKind.SHARE
                       else Assumption.ATTRIBUTE_WORDS]
        rescale = None
        if self.slipped is not None and self.slip_multiplier is not None:
            assumptions.append(Assumption.UNIT_RESCALED)
            rescale = Rescale(operand("slipped", self.slipped), self.slip_multiplier)
        if self.truncated:
            assumptions.append(Assumption.TRUNCATED)
        return single_reading(self.operands, self.holds, self.detail, *assumptions, rescale=rescale)

    @property
    def detail(self) -> str:
        """The arithmetic, e.g. ``91.67/97.43 = 94.09%（所述 94.09%）✓``."""
        part = self.part.fact.quantity
        whole = self.whole.fact.quantity
        stated = self.rate.fact.quantity
        if self.slipped is not None and self.slip_multiplier is not None:
            part_value = _rescaled(self.part, self.slipped, self.slip_multiplier)
            whole_value = _rescaled(self.whole, self.slipped, self.slip_multiplier)
            ratio = part_value / whole_value * 100 if whole_value else Decimal(0)
            return (
                f"{_shown(part)}/{_shown(whole)}：按原单位为 {plain(self.computed_percent or Decimal(0), 4)}%，"
                f"将“{self.slipped.fact.quantity.text}”按 {_unit_name(self.slip_multiplier)} 计为 "
                f"{plain(ratio)}%（所述 {stated.text}）✓"
            )
        computed = self.computed_percent
        mark = "✓" if self.holds else "✗"
        note = "（按截断理解）" if self.truncated else ""
        shown = plain(computed) if computed is not None else "—"
        return f"{_shown(part)}/{_shown(whole)} = {shown}%（所述 {stated.text}）{note}{mark}"


def operand(role: str, placed: PlacedFact) -> Operand:
    """A fact as the operand of a relation."""
    return Operand(role, placed.fact.quantity, placed.flow_start, placed.label)


def _shown(quantity) -> str:
    return " ".join(quantity.text.split())


def _unit_name(multiplier: Decimal) -> str:
    return {Decimal(1): "元", Decimal(1000): "千元", Decimal(10000): "万元",
            Decimal(100000000): "亿元"}.get(multiplier, f"×{multiplier}")


def _rescaled(placed: PlacedFact, slipped: PlacedFact, multiplier: Decimal) -> Decimal:
    quantity = placed.fact.quantity
    if placed is slipped:
        return quantity.mantissa * multiplier
    return quantity.value


def _candidates(facts: list[PlacedFact], rate: PlacedFact, attributes: tuple[str, ...]) -> list[PlacedFact]:
    """Money facts with one of ``attributes`` (in that preference), nearest before the rate first."""
    ordered: list[PlacedFact] = []
    for attribute in attributes:
        before = [f for f in facts if f.fact.attribute == attribute and f.flow_end <= rate.flow_start]
        after = [f for f in facts if f.fact.attribute == attribute and f.flow_start >= rate.flow_end]
        ordered += list(reversed(before)) + after
    return [f for f in ordered if f.fact.quantity.kind is QuantityKind.MONEY]


def _scale_votes(facts: list[PlacedFact]) -> Counter[Decimal]:
    return Counter(f.fact.quantity.multiplier for f in facts
                   if f.fact.quantity.kind is QuantityKind.MONEY)


def _evaluate(rate: PlacedFact, part: PlacedFact, whole: PlacedFact,
              slipped: PlacedFact | None = None, multiplier: Decimal | None = None
              ) -> tuple[bool, bool, Interval | None]:
    """(holds, holds only when read as truncated, computed interval)."""
    part_interval = interval_of(part.fact.quantity, multiplier if part is slipped else None)
    whole_interval = interval_of(whole.fact.quantity, multiplier if whole is slipped else None)
    computed = ratio_percent(part_interval, whole_interval)
    if computed is None:
        return True, False, None
    stated = rate.fact.quantity
    if computed.meets(interval_of(stated)):
        return True, False, computed
    if stated.is_exact and computed.meets(truncation_interval(stated)):
        return True, True, computed
    return False, False, computed


def rate_relations(doc: AnalysedDocument, figures: Figures) -> list[RateRelation]:
    """Every checkable stated rate of the document, evaluated."""
    table: FactTable = figures.facts
    relations: list[RateRelation] = []
    document_votes = _scale_votes(list(table.facts))
    for segment in table.segments:
        facts = table.in_segment(segment.index)
        money = [f for f in facts if f.fact.quantity.kind is QuantityKind.MONEY]
        if not money:
            continue
        votes = _scale_votes(money)
        for rate in facts:
            operands = RATE_OPERANDS.get(rate.fact.attribute)
            if operands is None or rate.fact.quantity.kind is not QuantityKind.PERCENT:
                continue
            relation = _relate(rate, facts, operands, votes, document_votes)
            if relation is not None:
                relations.append(relation)
    return relations


def _relate(rate: PlacedFact, facts: list[PlacedFact],
            operands: tuple[tuple[str, ...], tuple[str, ...]],
            votes: Counter[Decimal], document_votes: Counter[Decimal]) -> RateRelation | None:
    parts = _candidates(facts, rate, operands[0])
    wholes = _candidates(facts, rate, operands[1])
    pairs = [(p, w) for p, w in product(parts, wholes) if p is not w]
    if not pairs:
        return None
    for part, whole in pairs:
        holds, truncated, computed = _evaluate(rate, part, whole)
        if holds:
            return RateRelation(rate, part, whole, True, truncated, None, None, computed)
    slip = _unit_slip(rate, pairs, votes, document_votes)
    if slip is not None:
        return slip
    part, whole = pairs[0]
    _, _, computed = _evaluate(rate, part, whole)
    return RateRelation(rate, part, whole, False, False, None, None, computed)


def _unit_slip(rate: PlacedFact, pairs: list[tuple[PlacedFact, PlacedFact]],
               votes: Counter[Decimal], document_votes: Counter[Decimal]) -> RateRelation | None:
    """The relation read with one amount at another scale used in the same segment.

    When several readings hold, the likelier slip is the amount whose scale is rarer in
    the segment, then in the whole document, then the one whose written value is smaller
    (25 元 for a budget is the implausible reading, not 20 万元).
    """
    if len(votes) < 2:
        return None
    readings: list[tuple[tuple[int, int, Decimal, int], RateRelation]] = []
    for rank, (part, whole) in enumerate(pairs):
        for suspect in (part, whole):
            own = suspect.fact.quantity.multiplier
            for scale in votes:
                if scale == own:
                    continue
                holds, _, computed = _evaluate(rate, part, whole, suspect, scale)
                if holds:
                    key = (votes[own], document_votes[own], suspect.fact.quantity.value, rank)
                    readings.append((key, RateRelation(rate, part, whole, True, False,
                                                       suspect, scale, computed)))
    if not readings:
        return None
    readings.sort(key=lambda item: item[0])
    return readings[0][1]
