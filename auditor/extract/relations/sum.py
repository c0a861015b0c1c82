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

from auditor.extract.arithmetic import HUNDRED, Interval, plain, truncation_interval
from auditor.extract.facts import PlacedFact
from auditor.extract.relations.base import (
    Assumption,
    DecidedRelation,
    Operand,
    Reading,
    RelationKind,
    Rescale,
)
from auditor.extract.relations.chain import read_chains
from auditor.extract.relations.context import FigureContext
from auditor.extract.relations.enumeration import Enumeration, read_enumerations
from auditor.extract.relations.enumeration_changes import change_lists
from auditor.extract.relations.enumeration_items import SumPart
from auditor.extract.relations.readings import (
    CONFIDENT,
    decide,
    exact_interval,
    read,
    scale_name,
)
from auditor.extract.relations.readings import shown as _shown_spaced
from auditor.types import Quantity, QuantityKind

ZERO = Decimal(0)


def shown(quantity: Quantity) -> str:
    """A figure as written, whitespace removed (``307.82万元``)."""
    return _shown_spaced(quantity, compact=True)

__all__ = ["SumPart", "SumRelation", "add_intervals", "exact_interval", "hundred", "sum_relations",
           "unit_slips"]


def hundred() -> Interval:
    """100 % exactly."""
    return Interval(HUNDRED, HUNDRED)


def add_intervals(intervals: list[Interval]) -> Interval:
    """The sum of intervals (an open bound stays open above)."""
    low = sum(((i.low if i.low is not None else ZERO) for i in intervals), ZERO)
    highs = [i.high for i in intervals]
    high = None if any(h is None for h in highs) else sum(highs, ZERO)  # type: ignore[arg-type]
    return Interval(low, high)


def above(value: Interval, bound: Interval) -> bool:
    """``value`` is certainly larger than ``bound``."""
    return value.low is not None and bound.high is not None and value.low > bound.high


def _signed(interval: Interval, sign: int) -> Interval:
    if sign > 0:
        return interval
    return Interval(None if interval.high is None else -interval.high,
                    None if interval.low is None else -interval.low)


def _truncated(quantity: Quantity) -> Interval:
    if quantity.mantissa == 0:
        return Interval(ZERO, ZERO)
    return truncation_interval(quantity)


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


def _checker(total: PlacedFact, parts: list[SumPart], complete: bool, signal: str):
    quantities = [total.fact.quantity, *(p.amount.fact.quantity for p in parts)]
    signs = [1, *(p.sign for p in parts)]

    def check(overrides: dict[int, Decimal]) -> tuple[bool, bool, str]:
        intervals = [_signed(exact_interval(q, overrides.get(i)), signs[i])
                     for i, q in enumerate(quantities)]
        total_interval, summed = intervals[0], add_intervals(intervals[1:])
        truncated = False
        if complete:
            holds = summed.meets(total_interval)
            if holds and not overrides and min(signs) > 0 and _odd_slip_centred(quantities):
                holds = False  # only the parts' rounding lets it meet; the odd figure read at
                # the others' scale makes it exact (63 亿元 = 35.6 + 25.2 + 0.6 万元 + 1.4 + 0.2)
            if not holds and not overrides and all(q.is_exact for q in quantities) and min(signs) > 0 \
                    and not _odd_slip_holds(quantities, intervals[0], signs):
                lenient = add_intervals([_truncated(q) for q in quantities[1:]])
                holds = truncated = _overlap(lenient, _truncated(quantities[0]))
        else:
            holds = not above(summed, total_interval)
            # a part below zero (冲减 -50 万元) lets another exceed the total
            negative = any(i.high is not None and i.high < 0 for i in intervals[1:])
            holds = holds and (negative or not any(above(i, total_interval) for i in intervals[1:]))
        return holds, truncated, _detail(quantities, overrides, complete, signal, holds, truncated,
                                         signs)
    return check


def _overlap(a: Interval, b: Interval) -> bool:
    """Truncated figures stand for half-open intervals [v, v + 10⁻ᵈ): two of them share a
    point only when each starts below the other's end (2.3 + [0, 0.2) never reaches 2.5)."""
    return (a.low is None or b.high is None or a.low < b.high) and \
        (b.low is None or a.high is None or b.low < a.high)


def _odd_slip_holds(quantities: list[Quantity], total: Interval, signs: list[int]) -> bool:
    """The one money figure written at a scale none of the others uses, read at theirs,
    makes the sum exact: that slip, not a lenient truncation, explains the list
    (``128.8 亿元 = 127.7 亿元 + 0.9 亿元 + 0.2 万元``)."""
    operands = [Operand("", q) for q in quantities]
    odd = _odd_one(operands)
    if not odd:
        return False
    index = odd[0]
    common = next(q.multiplier for i, q in enumerate(quantities) if i != index)
    intervals = [_signed(exact_interval(q, common if i == index else None), signs[i])
                 for i, q in enumerate(quantities)]
    return add_intervals(intervals[1:]).meets(intervals[0])


def _odd_slip_centred(quantities: list[Quantity]) -> bool:
    """The written values add up outside the total's own precision, and do add up within it
    once the one money figure at a scale none of the others uses is read at theirs."""
    operands = [Operand("", q) for q in quantities]
    odd = _odd_one(operands)
    if not odd or odd[0] == 0:
        return False
    common = next(q.multiplier for i, q in enumerate(quantities) if i != odd[0])
    return not _central_fit(operands, odd[0], quantities[odd[0]].multiplier) \
        and _central_fit(operands, odd[0], common)


def _detail(quantities: list[Quantity], overrides: dict[int, Decimal], complete: bool,
            signal: str, holds: bool, truncated: bool, signs: list[int]) -> str:
    total, parts = quantities[0], quantities[1:]
    values = [q.mantissa * overrides.get(i + 1, q.multiplier) * signs[i + 1]
              for i, q in enumerate(parts)]
    multiplier = overrides.get(0, total.multiplier) if len({q.multiplier for q in parts}) != 1 \
        else parts[0].multiplier
    unit = scale_name(multiplier).removesuffix("元")
    unit_text = f"{unit}元" if parts[0].kind is QuantityKind.MONEY else parts[0].unit
    decimals = max(q.decimals for q in parts)
    summed = plain(sum(values, ZERO) / multiplier, decimals)
    terms = "".join(f"{' − ' if sign < 0 else ' + ' if i else ''}{shown(q)}"
                    for i, (q, sign) in enumerate(zip(parts, signs[1:], strict=True)))
    if len(parts) > 1:
        terms = f"{terms} = {summed}{unit_text}"
    mark = "✓" if holds else "✗"
    note = "（按截断理解）" if truncated else ""
    for index, multiplier_override in overrides.items():
        written = quantities[index]
        note = f"（将“{shown(written)}”按{scale_name(multiplier_override)}计）"
    if complete:
        return f"{shown(total)} = {terms}（列举完整：{signal}）{note}{mark}"
    relation = "≤" if holds else ">"
    return f"{terms} {relation} {shown(total)}（未列全，只核对不超过合计）{note}{mark}"


def _odd_one(operands: list[Operand]) -> tuple[int, ...]:
    """The index of the only money figure at its scale when all the others (two at least)
    share another one."""
    scales = [o.quantity.multiplier for o in operands if o.quantity.kind is QuantityKind.MONEY]
    if len(scales) != len(operands) or len(scales) < 3:
        return ()
    odd = [i for i, m in enumerate(scales) if scales.count(m) == 1]
    return tuple(odd) if len(odd) == 1 and len(set(scales)) == 2 else ()


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
            else _odd_one(operands)
        part_scales = {o.quantity.multiplier for o in operands[1:]}
        for reading in read(operands, (list_kind, assumption), score,
                            _checker(total, listed, complete, signal), slippable):
            if reading.rescale is not None and not complete and reading.rescale.operand.role == "total" \
                    and reading.rescale.multiplier not in part_scales:
                continue
            if reading.rescale is not None and _twin_part(total, listed):
                reading = Reading(reading.operands, reading.assumptions, 2.0, True, reading.detail,
                                  reading.rescale)
            chosen[id(reading)] = listed
            readings.append(reading)
        exact = None if complete else _exact_with_slip(total, listed, operands, list_kind, assumption)
        if exact is not None:
            chosen[id(exact)] = listed
            readings.append(exact)
    outcome = decide(readings)
    decided = outcome.decided or max(readings, key=lambda r: r.score)
    return SumRelation(total, tuple(chosen[id(decided)]), complete, signal,
                       outcome.holds or outcome.decided is None, outcome.readings, decided, nested_in)


#: an open list's parts that add up exactly once one figure is read at the others' scale
EXACT_WITH_SLIP = "分项按统一单位相加恰好等于合计"


def _exact_with_slip(total: PlacedFact, listed: list[SumPart], operands: list[Operand],
                     list_kind: Assumption, assumption: Assumption) -> Reading | None:
    """``新增债券109.1亿元，其中安排45.6亿元…、25万元…、34.9亿元…``: an open list (其中) whose
    one figure at a scale none of the others uses, read at theirs, makes the parts add up
    exactly to the total. Σ ≤ total holds as written, but exact agreement at the common
    scale shows the list is complete and that figure slipped (a reading that outranks it).
    A list mixing two scales on purpose (保险费收入 0.5 亿元、财政补贴收入 0.9 万元、利息收入
    50 万元 …) is read so too when exactly one of its small figures, read ten thousand times
    larger, closes it: a coincidence that exact is the slip, not chance."""
    check = _checker(total, listed, True, EXACT_WITH_SLIP)
    odd = bool(_odd_one(operands))
    fits = [(index, scale) for index, scale in _slip_candidates(operands)
            if check({index: scale})[0] and (odd or _central_fit(operands, index, scale))]
    if len(fits) != 1 or check({})[0]:
        return None
    index, scale = fits[0]
    _, _, detail = check({index: scale})
    return Reading(tuple(operands), (Assumption.CLOSED_LIST, assumption, Assumption.UNIT_RESCALED),
                   CONFIDENT + 0.5, True, detail, Rescale(operands[index], scale))


_SLIP = Decimal(10_000)


def _central_fit(operands: list[Operand], index: int, scale: Decimal) -> bool:
    """The parts' written values, one read at ``scale``, add up to within the total's own
    precision: with many rounded parts their intervals alone would close too many lists."""
    summed = sum((o.quantity.mantissa * (scale if i == index else o.quantity.multiplier)
                  for i, o in enumerate(operands) if i), ZERO)
    total = exact_interval(operands[0].quantity, scale if index == 0 else None)
    return total.meets(Interval(summed, summed))


def _slip_candidates(operands: list[Operand]) -> list[tuple[int, Decimal]]:
    """Figures that may have slipped, each with the scale it would have: the odd one out read
    at the others' scale; else each money part written at a scale 10⁴ below one the total or
    another part uses; and the total, read ten thousand times larger (收入 54.3 万元，其中土地
    出让收入 538000 万元 …)."""
    odd = _odd_one(operands)
    if odd:
        if odd[0] == 0:
            return []
        common = next(o.quantity.multiplier for i, o in enumerate(operands) if i != odd[0])
        return [(odd[0], common)]
    if any(o.quantity.kind is not QuantityKind.MONEY for o in operands):
        return []
    scales = {o.quantity.multiplier for o in operands}
    return [(i, o.quantity.multiplier * _SLIP) for i, o in enumerate(operands)
            if not i or o.quantity.multiplier * _SLIP in scales]


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
