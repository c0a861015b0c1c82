"""Unit slips: an amount written at the wrong scale (``20.00 元`` for 20.00 万元).

Three kinds of evidence show one: a stated rate that holds only with the amount read at
the others' scale (:mod:`auditor.extract.rates`), a sum that does
(:mod:`auditor.extract.sums`), and the same digits written beside their 万元 twin in one
sentence (:func:`same_figure_slips`). AU101 reports them; other rules use
:func:`slipped_quantities` so that one slip yields one finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import regex

from auditor.extract.facts import MONEY_ATTRIBUTES, FactTable, PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    Operand,
    Reading,
    RelationKind,
    Rescale,
    single_reading,
)
from auditor.extract.relations.change import ChangeRelation
from auditor.extract.relations.rate import RateRelation, operand
from auditor.extract.relations.restatement import Restatement
from auditor.extract.relations.sum import SumRelation
from auditor.types import QuantityKind

_PER_UNIT = regex.compile(r"每|/|标准|单价|人均|户均|亩均")


@dataclass(frozen=True)
class UnitTwin:
    """The same digits written at two scales in one segment: ``slipped`` read at ``twin``'s
    scale is the same figure (``全年预算234.21万元，实际支出234.21元``)."""

    slipped: PlacedFact
    twin: PlacedFact
    #: what makes them one figure: one clause, or a total and its only listed part
    structure: Assumption = Assumption.SAME_CLAUSE

    @property
    def kind(self) -> RelationKind:
        """Always :attr:`RelationKind.UNIT_TWIN`."""
        return RelationKind.UNIT_TWIN

    @property
    def operands(self) -> tuple[Operand, ...]:
        """The slipped amount, then its twin."""
        return operand("slipped", self.slipped), operand("twin", self.twin)

    @property
    def multiplier(self) -> Decimal:
        """The scale the slipped amount is read at."""
        return self.twin.fact.quantity.multiplier

    @property
    def holds(self) -> bool:
        """The two agree once the slipped amount is read at its twin's scale."""
        return True

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The one reading: the slipped amount at the twin's scale."""
        return single_reading(self.operands, True, self.detail, self.structure,
                              Assumption.UNIT_RESCALED,
                              rescale=Rescale(self.operands[0], self.multiplier))

    @property
    def detail(self) -> str:
        """``234.21元 vs 234.21万元``."""
        written = " ".join(self.slipped.fact.quantity.text.split())
        other = " ".join(self.twin.fact.quantity.text.split())
        return f"{written} vs {other}"


def same_figure_slips(facts: FactTable) -> list[UnitTwin]:
    """``全年预算234.21万元，实际支出234.21元``: the same digits in one segment, one of them
    at a smaller scale than every other amount of the segment (per-unit amounts excluded)."""
    found = []
    for segment in facts.segments:
        # an amount with no attribute word (实际完成 12.46 亿元) may be the same figure as a budget's
        money = [f for f in facts.in_segment(segment.index)
                 if f.fact.quantity.kind is QuantityKind.MONEY
                 and (f.fact.attribute in MONEY_ATTRIBUTES or f.fact.attribute == "amount")
                 and f.fact.quantity.is_exact and not _PER_UNIT.search(f.label)]
        scales = {f.fact.quantity.multiplier for f in money}
        if len(scales) != 2:
            continue
        small = min(scales)
        smaller = [f for f in money if f.fact.quantity.multiplier == small]
        if len(smaller) != 1 or len(money) < 2:
            continue
        slipped = smaller[0]
        twin = next((f for f in money if f is not slipped
                     and f.fact.quantity.mantissa == slipped.fact.quantity.mantissa
                     and f.fact.attribute != slipped.fact.attribute), None)
        if twin is not None:
            found.append(UnitTwin(slipped, twin))
    return found


def only_part_slips(sums: Iterable[SumRelation]) -> list[UnitTwin]:
    """``支出预算 5816.40 万元，其中：基本支出 5816.40 元``: a total whose only listed part has
    its digits at another scale is one figure; the one at the smaller scale slipped."""
    found = []
    for relation in sums:
        parts = [p for p in relation.parts if p.depth == 0]
        if len(parts) != 1:
            continue
        total, part = relation.total, parts[0].amount
        a, b = total.fact.quantity, part.fact.quantity
        if a.kind is not QuantityKind.MONEY or b.kind is not QuantityKind.MONEY \
                or not (a.is_exact and b.is_exact) or a.mantissa != b.mantissa \
                or a.multiplier == b.multiplier or not a.mantissa:
            continue
        slipped, twin = (part, total) if b.multiplier < a.multiplier else (total, part)
        found.append(UnitTwin(slipped, twin, Assumption.CLOSED_LIST))
    return found


def restated_slips(pairs: Iterable[Restatement]) -> list[UnitTwin]:
    """``收入支出总计 307.82 万元`` … said again as ``307.82 元``: two statements of one figure
    with the same digits at scales ten thousand times apart are one figure whose unit slipped
    in the statement at the smaller scale (AU101's, not a value conflict)."""
    found = []
    for pair in pairs:
        if pair.holds:
            continue
        a, b = pair.first.fact.quantity, pair.second.fact.quantity
        if a.kind is not QuantityKind.MONEY or b.kind is not QuantityKind.MONEY \
                or not (a.is_exact and b.is_exact) or not a.mantissa or a.mantissa != b.mantissa \
                or max(a.multiplier, b.multiplier) != min(a.multiplier, b.multiplier) * 10000:
            continue
        slipped, twin = (pair.second, pair.first) if b.multiplier < a.multiplier else (pair.first, pair.second)
        found.append(UnitTwin(slipped, twin, Assumption.RESTATED_VALUE))
    return found


def slipped_quantities(rates: Iterable[RateRelation], sums: Iterable[SumRelation],
                       twins: Iterable[UnitTwin], changes: Iterable[ChangeRelation] = ()
                       ) -> frozenset[int]:
    """Source starts of every quantity some evidence shows to be a unit slip."""
    found = {r.slipped.fact.quantity.start for r in rates if r.slipped is not None}
    found |= {r.slipped.fact.quantity.start for r in sums if r.slipped is not None}
    found |= {t.slipped.fact.quantity.start for t in twins}
    found |= {c.slipped.start for c in changes if c.slipped is not None and c.holds}
    return frozenset(found)


#: how many times larger than a listed amount's unit its siblings' units must all be
_SIBLING_GAP = Decimal(10_000)


def lone_small_parts(sums: Iterable[SumRelation], slipped: frozenset[int]
                     ) -> Iterable[tuple[SumRelation, PlacedFact, Decimal]]:
    """Listed amounts written in a unit 10⁴ smaller than their total and every sibling
    (``收入总计 3319 万元，其中本级收入 103 元，上级补助收入 1331 万元``) and so small in it that
    they add nothing the total's precision shows; no relation pins them, only the list.
    Only amounts in 元: a report in 亿元 writes a small balance in 万元 (年终结余 156 万元 among
    亿元 items) rather than 0.0156 亿元, while one in 万元 writes 0.03 万元. A zero is the same
    in any unit; an amount some relation already shows slipped is skipped. Yields the list,
    the amount and the smallest unit of its total and siblings."""
    for relation in sums:
        if relation.explained_by is not None:
            continue
        top = [p for p in relation.parts if p.depth == 0]
        if len(top) < 2:
            continue
        for part in top:
            quantity = part.amount.fact.quantity
            if quantity.kind is not QuantityKind.MONEY or quantity.multiplier != 1 or quantity.value <= 0 \
                    or quantity.start in slipped:
                continue
            others = [p.amount.fact.quantity for p in top if p is not part] + [relation.total.fact.quantity]
            smallest = min(q.multiplier for q in others)
            if smallest >= quantity.multiplier * _SIBLING_GAP and quantity.value < smallest:
                yield relation, part.amount, smallest
