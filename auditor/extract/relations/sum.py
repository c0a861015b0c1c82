"""Sums: a total against its listed parts (an :class:`~.enumeration.Enumeration`), checked.

A closed list must add up to its total, an open one must not exceed it. Each list is read
in the ways its structure allows — nested parts under their parent (the structured
reading) or every item as a part of the total (the flat reading, tried only as an
alternative when the text nests) — and with one amount read ×10⁴ or ÷10⁴ when no reading
holds as written (a unit slip, AU101's). A part with the same digits as its only-part total
at another scale (``支出预算 5816.40 万元，其中：基本支出 5816.40 元``) is that slip too.
Every nested list yields its own relation (the parent as total, always open).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from auditor.extract.arithmetic import Interval, plain
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    DecidedRelation,
    Operand,
    Reading,
    RelationKind,
)
from auditor.extract.relations.chain import read_chains
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.enumeration import Enumeration, read_enumerations
from auditor.extract.relations.enumeration_changes import change_lists
from auditor.extract.relations.enumeration_items import SumPart
from auditor.extract.relations.readings import decide, exact_interval, read
from auditor.extract.relations.sum_check import (
    ZERO,
    above,
    add_intervals,
    checker,
    exact_with_slip,
    hundred,
    odd_one,
    shown,
)
from auditor.types import QuantityKind

__all__ = ["SumPart", "SumRelation", "above", "add_intervals", "exact_interval", "hundred", "sum_relations",
           "unit_slips"]


@dataclass(frozen=True)
class SumRelation(DecidedRelation):
    """A total with its listed parts, decided over its readings."""

    total: PlacedFact
    parts: tuple[SumPart, ...]
    complete: bool
    signal: str
    holds: bool
    all_readings: tuple[Reading, ...]
    decided: Reading
    nested_in: PlacedFact | None = None  # the list this one is nested in (its parent's total)
    #: (other statement, figure) when the sum fails only because one figure differs from
    #: what the report states elsewhere (AU105 reports that figure, not the sum)
    explained_by: tuple[PlacedFact, PlacedFact] | None = None

    # --------------------------------------------------------------- protocol

    @property
    def kind(self) -> RelationKind:
        """Always :attr:`RelationKind.SUM`."""
        return RelationKind.SUM




    # --------------------------------------------------------------- for rules


    @property
    def slipped(self) -> PlacedFact | None:
        """The amount whose unit slipped, when only that reading holds."""
        rescale = self.decided.rescale
        if rescale is None:
            return None
        for placed in (self.total, *(p.amount for p in self.parts)):
            if placed.fact.quantity is rescale.operand.quantity:
                return placed
        return None


    @property
    def parts_sum(self) -> Interval:
        """Σ parts (as written) as an interval."""
        return add_intervals([exact_interval(p.amount.fact.quantity) for p in self.parts])

    @property
    def exceeding(self) -> tuple[SumPart, ...]:
        """Parts certainly larger than the total (unless a slip explains them, or some part is
        taken away: then another part may well be larger than what is left)."""
        if self.slipped is not None or any(p.sign < 0 or p.amount.fact.quantity.value < 0 for p in self.parts):
            return ()
        total = exact_interval(self.total.fact.quantity)
        return tuple(p for p in self.parts if above(exact_interval(p.amount.fact.quantity), total))

    @property
    def exceeds(self) -> bool:
        """Σ parts is certainly larger than the total (unless a slip explains it)."""
        return self.slipped is None and above(self.parts_sum, exact_interval(self.total.fact.quantity))

    @property
    def share_sum(self) -> Interval | None:
        """Σ 占X% of the parts, when every part states one."""
        shares = [p.share for p in self.parts]
        if not shares or any(s is None for s in shares):
            return None
        return add_intervals([exact_interval(s.fact.quantity) for s in shares if s is not None])

    @property
    def shares_hold(self) -> bool | None:
        """Σ 占X% meets 100 % (complete) or stays ≤ 100 % (open); None when not stated."""
        summed = self.share_sum
        if summed is None:
            return None
        return summed.meets(hundred()) if self.complete else not above(summed, hundred())

    def written_sum(self) -> Decimal:
        """Σ parts as written, in base units (元 for money)."""
        return sum((p.amount.fact.quantity.value for p in self.parts), ZERO)

    def shown_sum(self) -> str:
        """Σ parts as written, in the parts' common unit (else the total's), e.g. ``307.82万元``."""
        quantities = [p.amount.fact.quantity for p in self.parts]
        units = {(q.unit, q.multiplier) for q in quantities}
        unit, multiplier = units.pop() if len(units) == 1 else (
            self.total.fact.quantity.unit, self.total.fact.quantity.multiplier)
        value = self.written_sum() / multiplier
        decimals = max(q.decimals for q in quantities)
        text = plain(value, decimals) if value == round(value, decimals) else f"{value.normalize():f}"
        return f"{text}{unit}"

    def share_detail(self) -> str:
        """The shares' arithmetic, e.g. ``34.30% + 65.70% = 100.00% ✓``."""
        shares = [p.share.fact.quantity for p in self.parts if p.share is not None]
        decimals = max(q.decimals for q in shares)
        summed = sum((q.value for q in shares), ZERO)
        terms = " + ".join(shown(q) for q in shares)
        mark = "✓" if self.shares_hold else "✗"
        target = "= 100%" if self.complete else "≤ 100%"
        return f"{terms} = {plain(summed, decimals)}%（应 {target}）{mark}"


def _operand(role: str, placed: PlacedFact, label: str = "") -> Operand:
    return Operand(role, placed.fact.quantity, placed.flow_start, label or placed.label)


def _twin_part(total: PlacedFact, parts: list[SumPart]) -> bool:
    """The only part has the total's digits at another scale (5816.40 万元 / 5816.40 元)."""
    if len(parts) != 1:
        return False
    a, b = total.fact.quantity, parts[0].amount.fact.quantity
    return (a.kind is QuantityKind.MONEY and b.kind is QuantityKind.MONEY and a.is_exact
            and b.is_exact and a.mantissa == b.mantissa and a.multiplier != b.multiplier)


def _relation(total: PlacedFact, parts: list[SumPart], complete: bool, signal: str,
              alternatives: list[tuple[list[SumPart], float, Assumption]],
              nested_in: PlacedFact | None = None) -> SumRelation:
    readings: list[Reading] = []
    chosen: dict[int, list[SumPart]] = {}
    list_kind = Assumption.CLOSED_LIST if complete else Assumption.OPEN_LIST
    for listed, score, assumption in alternatives:
        operands = [_operand("total", total), *(_operand("part", p.amount, p.label) for p in listed)]
        if _twin_part(total, listed):
            score = 0.5  # as written, a part equal in digits to its total at 1/10⁴ is a slip
        # An equality can show a slip; an open list's "Σ ≤ total" holds for any total read
        # ten thousand times larger, so there only the one part written at a scale none
        # of the others uses may have slipped (1270024 元，其中：返还性支出 35343 万元 …),
        # read at their scale: a total read away from its parts' scale fits any parts.
        slippable = range(len(operands)) if complete or _twin_part(total, listed) \
            else odd_one(operands)
        part_scales = {o.quantity.multiplier for o in operands[1:]}
        for reading in read(operands, (list_kind, assumption), score,
                            checker(total, listed, complete, signal), slippable):
            if reading.rescale is not None and not complete and reading.rescale.operand.role == "total" \
                    and reading.rescale.multiplier not in part_scales:
                continue
            if reading.rescale is not None and _twin_part(total, listed):
                reading = Reading(reading.operands, reading.assumptions, 2.0, True, reading.detail,
                                  reading.rescale)
            chosen[id(reading)] = listed
            readings.append(reading)
        exact = None if complete else exact_with_slip(total, listed, operands, list_kind, assumption)
        if exact is not None:
            chosen[id(exact)] = listed
            readings.append(exact)
    outcome = decide(readings)
    decided = outcome.decided or max(readings, key=lambda r: r.score)
    return SumRelation(total, tuple(chosen[id(decided)]), complete, signal,
                       outcome.holds or outcome.decided is None, outcome.readings, decided, nested_in)


def relations_of(enumeration: Enumeration) -> list[SumRelation]:
    """The relations one enumeration states: its total, and each nested list's parent."""
    parts = list(enumeration.parts)
    top = [p for p in parts if p.depth == 0]
    complete = bool(enumeration.signal)
    alternatives = [(top, 2.0, Assumption.NESTED_LIST if enumeration.nested else Assumption.SAME_SENTENCE)]
    if enumeration.nested:
        alternatives.append((parts, 1.0, Assumption.SAME_SENTENCE))
    found = [_relation(enumeration.total, top, complete, enumeration.signal, alternatives)]
    index = 0
    while index < len(parts):
        if parts[index].depth == 0 and index + 1 < len(parts) and parts[index + 1].depth == 1:
            children = []
            for part in parts[index + 1:]:
                if part.depth != 1:
                    break
                children.append(SumPart(part.amount, part.label, part.share))
            parent = parts[index].amount
            found.append(_relation(parent, children, False, "",
                                   [(children, 2.0, Assumption.NESTED_LIST)], enumeration.total))
            index += len(children)
        index += 1
    return found


def sum_relations(ctx: FigureContext) -> list[SumRelation]:
    """Every total with a readable list of parts, decided (see the module documentation)."""
    relations = []
    lists = read_enumerations(ctx)
    for enumeration in [*lists, *read_chains(ctx, lists), *change_lists(ctx, lists)]:
        for relation in relations_of(enumeration):
            total = relation.total.fact.quantity
            if (total.kind is QuantityKind.COUNT and not relation.complete and not relation.holds
                    and not relation.exceeding):
                continue  # counted groups may overlap (脱贫户 and 低保户): Σ > total proves nothing
            relations.append(relation)
    return relations


def unit_slips(sums: list[SumRelation] | tuple[SumRelation, ...]) -> list[SumRelation]:
    """Sum relations that hold only with one amount read at another scale (for AU101)."""
    return [r for r in sums if r.slipped is not None]
